"""
TinyTransformerLM: a small GPT (decoder-only transformer), in the order the data flows through it.

    token + position embedding -> N x Block(LayerNorm -> causal self-attention, LayerNorm -> MLP)
    -> final LayerNorm -> LM head (tied to the token embedding)

Usage:
    python model.py            # builds the default model, prints its size and a forward pass check

    from model import TinyTransformerLM
    model = TinyTransformerLM(vocab_size=4096, block_size=256, n_layer=4, n_head=4, n_embd=256)
    logits, loss = model(idx, targets)                 # idx, targets: (B, T) token ids
    out = model.generate(idx, max_new_tokens=50, temperature=0.8, top_k=50, top_p=0.95, eos_id=2)

Checkpoints are plain dicts of tensors and Python values (see to_checkpoint / save_checkpoint), so
they load with torch.load(weights_only=True) and never run code from the file.
"""

import math
import os
import pickle

import torch
import torch.nn as nn
from torch.nn import functional as F

IGNORE_INDEX = -100  # targets with this value add nothing to the loss (e.g. padding)
MODEL_CONFIG_KEYS = ("vocab_size", "block_size", "n_layer", "n_head", "n_embd", "dropout")


class CausalSelfAttention(nn.Module):

    def __init__(self, n_embd, n_head, dropout):
        super().__init__()
        assert n_embd % n_head == 0, f"n_embd ({n_embd}) must be divisible by n_head ({n_head})"
        self.n_head, self.n_embd, self.dropout = n_head, n_embd, dropout
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)  # query, key, value for all heads in one matmul
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.resid_dropout = nn.Dropout(dropout)

    def forward(self, x, kv_cache=None, pos=0):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        head_dim = C // self.n_head
        q = q.view(B, T, self.n_head, head_dim).transpose(1, 2)  # (B, nh, T, hd)
        k = k.view(B, T, self.n_head, head_dim).transpose(1, 2)  # (B, nh, T, hd)
        v = v.view(B, T, self.n_head, head_dim).transpose(1, 2)  # (B, nh, T, hd)
        if kv_cache is not None:
            # The cache holds keys and values of every earlier position, so a new token only
            # computes its own. SDPA's causal mask is aligned top-left, so a multi-token chunk is
            # only allowed at the start of the window, where it is exactly the uncached case.
            assert T == 1 or pos == 0, "a prompt longer than one token must start the cache at position 0"
            k_cache, v_cache = kv_cache
            k_cache[:B, :, pos:pos + T] = k
            v_cache[:B, :, pos:pos + T] = v
            k, v = k_cache[:B, :, :pos + T], v_cache[:B, :, :pos + T]
        y = F.scaled_dot_product_attention(q, k, v, dropout_p=self.dropout if self.training else 0.0,
                                           is_causal=T > 1)  # (B, nh, T, hd)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # re-assemble all head outputs side by side
        return self.resid_dropout(self.c_proj(y))


class MLP(nn.Module):

    def __init__(self, n_embd, dropout):
        super().__init__()
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * n_embd, n_embd)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))


class Block(nn.Module):

    def __init__(self, n_embd, n_head, dropout):
        super().__init__()
        self.ln_1 = nn.LayerNorm(n_embd)
        self.attn = CausalSelfAttention(n_embd, n_head, dropout)
        self.ln_2 = nn.LayerNorm(n_embd)
        self.mlp = MLP(n_embd, dropout)

    def forward(self, x, kv_cache=None, pos=0):
        x = x + self.attn(self.ln_1(x), kv_cache, pos)
        return x + self.mlp(self.ln_2(x))


class TinyTransformerLM(nn.Module):

    def __init__(self, vocab_size, block_size, n_layer, n_head, n_embd, dropout=0.0):
        super().__init__()
        for name, value in (("vocab_size", vocab_size), ("block_size", block_size), ("n_layer", n_layer),
                            ("n_head", n_head), ("n_embd", n_embd)):
            assert isinstance(value, int) and value > 0, f"{name} must be a positive integer, got {value!r}"
        assert n_embd % n_head == 0, f"n_embd ({n_embd}) must be divisible by n_head ({n_head})"
        assert 0.0 <= dropout < 1.0, f"dropout must be in [0, 1), got {dropout}"
        self.config = dict(vocab_size=vocab_size, block_size=block_size, n_layer=n_layer, n_head=n_head,
                           n_embd=n_embd, dropout=dropout)
        self.block_size = block_size
        self.wte = nn.Embedding(vocab_size, n_embd)  # token embedding
        self.wpe = nn.Embedding(block_size, n_embd)  # learned position embedding
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList([Block(n_embd, n_head, dropout) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)
        self.lm_head.weight = self.wte.weight  # weight tying: one matrix reads and writes tokens

        self.apply(self._init_weights)
        # GPT-2: residual projections are scaled so the residual stream's variance does not grow with depth
        for name, param in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(param, mean=0.0, std=0.02 / math.sqrt(2 * n_layer))

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_params(self, non_embedding=False):
        """Parameter count (the tied head is counted once); non_embedding drops the position table."""
        n = sum(p.numel() for p in self.parameters())
        return n - self.wpe.weight.numel() if non_embedding else n

    def forward(self, idx, targets=None, kv_cache=None, pos=0):
        B, T = idx.size()
        assert pos + T <= self.block_size, f"sequence of length {pos + T} exceeds block_size {self.block_size}"
        positions = torch.arange(pos, pos + T, dtype=torch.long, device=idx.device)  # (T,)
        x = self.drop(self.wte(idx) + self.wpe(positions))  # (B, T, C)
        for i, block in enumerate(self.blocks):
            x = block(x, None if kv_cache is None else kv_cache[i], pos)
        x = self.ln_f(x)
        if targets is None:
            # generation only needs the last position: skip the (T, vocab) head for the rest
            return self.lm_head(x[:, [-1], :]), None  # (B, 1, vocab)
        logits = self.lm_head(x)  # (B, T, vocab)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)).float(), targets.reshape(-1),
                               ignore_index=IGNORE_INDEX)
        return logits, loss

    def configure_optimizer(self, weight_decay, learning_rate, betas=(0.9, 0.95), device_type="cpu"):
        """AdamW with weight decay on matrices and embeddings only, never on biases or LayerNorm parameters."""
        params = {name: p for name, p in self.named_parameters() if p.requires_grad}
        decay = [p for p in params.values() if p.dim() >= 2]  # matmul weights and embeddings
        no_decay = [p for p in params.values() if p.dim() < 2]  # biases and LayerNorm parameters
        groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
        # fused AdamW is one kernel per step on CUDA; foreach batches the update elsewhere
        extra = {"fused": True} if device_type == "cuda" else {"foreach": True}
        return torch.optim.AdamW(groups, lr=learning_rate, betas=betas, **extra)

    # ---- generation --------------------------------------------------------------------------------
    def new_kv_cache(self, batch_size, device=None, dtype=None):
        """Preallocated key/value tensors, one (keys, values) pair per layer: (B, nh, block_size, hd)."""
        first = self.blocks[0].attn
        weight = self.wte.weight
        shape = (batch_size, first.n_head, self.block_size, first.n_embd // first.n_head)
        return [(torch.empty(shape, device=device or weight.device, dtype=dtype or weight.dtype),
                 torch.empty(shape, device=device or weight.device, dtype=dtype or weight.dtype))
                for _ in self.blocks]

    @torch.no_grad()
    def generate_tokens(self, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                        repetition_penalty=1.0, eos_id=None, use_cache=True, generator=None):
        """Yield the next token ids, (B,) per step, as they are sampled (for streaming).

        When the context fills block_size, the window slides: the newest half is kept and
        re-encoded once. With and without the cache the same windows are used, so greedy
        decoding gives the same tokens either way.
        """
        validate_sampling(temperature, top_k, top_p, repetition_penalty)
        assert idx.dim() == 2 and idx.size(1) > 0, "idx must be a non-empty (B, T) tensor of token ids"
        was_training = self.training
        self.eval()
        keep = self.block_size // 2  # tokens kept when the window slides
        tokens = idx
        if tokens.size(1) > self.block_size:
            tokens = tokens[:, -self.block_size:]
        window_start = 0
        cache = self.new_kv_cache(tokens.size(0)) if use_cache else None
        cached_len = 0  # positions of the current window already in the cache
        finished = torch.zeros(tokens.size(0), dtype=torch.bool, device=tokens.device)
        try:
            for _ in range(max_new_tokens):
                if tokens.size(1) - window_start >= self.block_size + 1:
                    window_start = tokens.size(1) - keep
                    cached_len = 0
                window = tokens[:, window_start:]
                if cache is None:
                    logits, _ = self(window)
                else:
                    logits, _ = self(window[:, cached_len:], kv_cache=cache, pos=cached_len)
                    cached_len = window.size(1)
                logits = logits[:, -1, :].float()  # (B, vocab)
                if repetition_penalty != 1.0:
                    logits = apply_repetition_penalty(logits, tokens, repetition_penalty)
                next_id = sample_next_token(logits, temperature, top_k, top_p, generator)  # (B,)
                if eos_id is not None:
                    next_id = torch.where(finished, torch.full_like(next_id, eos_id), next_id)
                    finished |= next_id == eos_id
                tokens = torch.cat([tokens, next_id[:, None]], dim=1)
                yield next_id
                if eos_id is not None and bool(finished.all()):
                    break
        finally:
            self.train(was_training)

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None, eos_id=None,
                 repetition_penalty=1.0, use_cache=True, generator=None):
        """idx (B, T) -> (B, T + n): the prompt followed by up to max_new_tokens sampled tokens.

        temperature 0 is greedy; generation stops early once every row has produced eos_id.
        """
        new = list(self.generate_tokens(idx, max_new_tokens, temperature, top_k, top_p, repetition_penalty,
                                        eos_id, use_cache, generator))
        return torch.cat([idx] + [t[:, None] for t in new], dim=1) if new else idx


def validate_sampling(temperature, top_k, top_p, repetition_penalty=1.0):
    """Raise ValueError with a one-line explanation for sampling settings that make no sense."""
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0 (0 = greedy), got {temperature}")
    if top_k is not None and top_k < 0:
        raise ValueError(f"top_k must be >= 0 (0 or None = off), got {top_k}")
    if top_p is not None and not 0.0 < top_p <= 1.0:
        raise ValueError(f"top_p must be in (0, 1] (1 = off), got {top_p}")
    if repetition_penalty <= 0:
        raise ValueError(f"repetition_penalty must be > 0 (1 = off), got {repetition_penalty}")


def apply_repetition_penalty(logits, previous_ids, penalty):
    """Make tokens already in the context less likely: positive logits divided, negative multiplied."""
    seen = torch.gather(logits, 1, previous_ids)
    seen = torch.where(seen > 0, seen / penalty, seen * penalty)
    return logits.scatter(1, previous_ids, seen)


def filter_top_k(logits, top_k):
    """Keep the top_k largest logits of each row, set the rest to -inf."""
    if not top_k or top_k >= logits.size(-1):
        return logits
    kth_largest = torch.topk(logits, top_k, dim=-1).values[:, [-1]]
    return logits.masked_fill(logits < kth_largest, float("-inf"))


def filter_top_p(logits, top_p):
    """Nucleus filter: keep the smallest set of tokens whose probability reaches top_p."""
    if top_p is None or top_p >= 1.0:
        return logits
    sorted_logits, sorted_idx = torch.sort(logits, descending=True, dim=-1)
    cumulative = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
    # a token is dropped when the tokens ranked above it already reach top_p
    drop_sorted = (cumulative - sorted_logits.softmax(dim=-1)) >= top_p
    drop = drop_sorted.scatter(1, sorted_idx, drop_sorted)
    return logits.masked_fill(drop, float("-inf"))


def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
    """logits (B, vocab) -> token ids (B,). temperature 0 picks the most likely token."""
    if temperature == 0:
        return logits.argmax(dim=-1)
    logits = filter_top_p(filter_top_k(logits / temperature, top_k), top_p)
    probs = logits.softmax(dim=-1)
    return torch.multinomial(probs, num_samples=1, generator=generator)[:, 0]


# ---- checkpoints: one format shared by training and inference ----------------------------------------
def to_checkpoint(model, **extra):
    """A self-describing dict: the model's config and weights plus anything else given (plain types)."""
    model = getattr(model, "_orig_mod", model)  # a torch.compile wrapper stores weights under _orig_mod.
    model = getattr(model, "module", model)  # so does DistributedDataParallel, under module.
    return {"model_config": dict(model.config), "model": model.state_dict(), **extra}


def from_checkpoint(checkpoint, device="cpu"):
    """Rebuild a TinyTransformerLM from a checkpoint dict; every weight must match exactly."""
    model = TinyTransformerLM(**checkpoint["model_config"])
    model.load_state_dict(checkpoint["model"], strict=True)
    return model.to(device)


class CheckpointError(Exception):
    """A checkpoint file that cannot be used; the message names the file and the fix."""


def save_checkpoint(checkpoint, path):
    """Write atomically: a temporary file in the same folder, fsync, then rename over the old one.

    A crash or full disk at any moment leaves the previous checkpoint intact.
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp_path = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp_path, "wb") as f:
            torch.save(checkpoint, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_path, path)
    except BaseException:
        if os.path.exists(tmp_path):
            os.remove(tmp_path)
        raise


def load_checkpoint(path, device="cpu"):
    """Load a checkpoint safely (tensors and plain types only: no code in the file is ever run)."""
    if not os.path.exists(path):
        raise CheckpointError(f"checkpoint {path} does not exist: train first (python train_llm.py) "
                              f"or pass --checkpoint-path")
    if os.path.isdir(path):
        raise CheckpointError(f"checkpoint path {path} is a directory: point to a .pth file inside it, "
                              f"such as {os.path.join(path, 'best.pth')}")
    try:
        checkpoint = torch.load(path, map_location=device, weights_only=True)
    except pickle.UnpicklingError as error:
        reason = str(error).splitlines()[0] if "weights_only" not in str(error).splitlines()[0] else \
            "it contains Python objects other than tensors and plain values"
        raise CheckpointError(f"refusing to load {path}: {reason[:160]}. Only load checkpoints you trust "
                              f"and that quantaTinyLLM wrote") from None
    except Exception as error:  # a damaged file can fail anywhere inside the unpickler
        raise CheckpointError(f"checkpoint {path} is truncated or corrupt ({str(error).splitlines()[0][:100]}): "
                              f"use another checkpoint or retrain") from None
    if not isinstance(checkpoint, dict) or "model_config" not in checkpoint or "model" not in checkpoint:
        raise CheckpointError(f"{path} is not a quantaTinyLLM checkpoint (no model_config/model entries)")
    return checkpoint


if __name__ == "__main__":
    model = TinyTransformerLM(vocab_size=4096, block_size=256, n_layer=4, n_head=4, n_embd=256)
    idx, targets = torch.randint(0, 4096, (2, 32)), torch.randint(0, 4096, (2, 32))
    logits, loss = model(idx, targets)
    print(f"{model.num_params() / 1e6:.2f}M parameters; logits {tuple(logits.shape)}; "
          f"initial loss {loss.item():.3f} (ln(vocab) = {math.log(4096):.3f})")
