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
from collections import namedtuple

import torch
import torch.nn as nn
from torch.nn import functional as F

from flags import UserError, atomic_write

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

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        head_dim = C // self.n_head
        q = q.view(B, T, self.n_head, head_dim).transpose(1, 2)  # (B, nh, T, hd)
        k = k.view(B, T, self.n_head, head_dim).transpose(1, 2)  # (B, nh, T, hd)
        v = v.view(B, T, self.n_head, head_dim).transpose(1, 2)  # (B, nh, T, hd)
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

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
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

    def forward(self, idx, targets=None):
        B, T = idx.size()
        assert T <= self.block_size, f"sequence of length {T} exceeds block_size {self.block_size}"
        positions = torch.arange(0, T, dtype=torch.long, device=idx.device)  # (T,)
        x = self.drop(self.wte(idx) + self.wpe(positions))  # (B, T, C)
        for block in self.blocks:
            x = block(x)
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
        # fused AdamW updates each tensor in one pass: one kernel per step on CUDA, and on the CPU about 6x
        # faster than foreach (bench/RESULTS.md); foreach batches the update on other devices
        extra = {"fused": True} if device_type in ("cuda", "cpu", "mps") else {"foreach": True}
        return torch.optim.AdamW(groups, lr=learning_rate, betas=betas, **extra)

    # ---- generation --------------------------------------------------------------------------------
    # A decoding step turns one new token into one row of activations, so its arithmetic is small
    # (about 2 FLOPs per parameter) but it still reads every weight (4 bytes per parameter) and runs a
    # few dozen small tensor operations: memory traffic and per-operation overhead set the speed, not
    # FLOPs. The cached path below is therefore written for that workload: it calls the tensor functions
    # directly rather than through the modules, reads each matrix laid out (in, out), which a one-row
    # matmul streams faster on CPU than nn.Linear's (out, in), and keeps keys, values and tokens in
    # buffers allocated once. It computes the same function as forward(); tests check that greedy
    # decoding with it matches forward() token for token, so the two cannot drift apart unnoticed.

    def new_kv_cache(self, batch_size, device=None, dtype=None):
        """Preallocated keys and values: one (2, B, nh, block_size, hd) tensor per layer, [0] keys, [1] values."""
        weight = self.wte.weight
        n_head = self.config["n_head"]
        shape = (2, batch_size, n_head, self.block_size, self.config["n_embd"] // n_head)
        return [torch.empty(shape, device=device or weight.device, dtype=dtype or weight.dtype) for _ in self.blocks]

    def decode_weights(self):
        """The parameters decode_step reads: per layer a DecodeLayer, then the LM head, matrices as (in, out)."""
        def matrix(linear):
            weight = linear.weight.t()  # (in, out)
            # On CPU, x @ W for one row streams a contiguous (in, out) copy up to 1.5x faster than
            # F.linear reads the (out, in) weight (a whole decoding step: about 25% faster, measured on
            # an AVX2 CPU); the copy is made once per generate() call. GPUs multiply either layout
            # equally well, so there it stays a view and takes no memory.
            return weight.contiguous() if weight.device.type == "cpu" else weight

        layers = [DecodeLayer(b.ln_1.weight, b.ln_1.bias, matrix(b.attn.c_attn), b.attn.c_attn.bias,
                              matrix(b.attn.c_proj), b.attn.c_proj.bias, b.ln_2.weight, b.ln_2.bias,
                              matrix(b.mlp.c_fc), b.mlp.c_fc.bias, matrix(b.mlp.c_proj), b.mlp.c_proj.bias)
                  for b in self.blocks]
        return layers, matrix(self.lm_head)

    def decode_step(self, idx, pos, kv_cache, weights):
        """Logits (B, vocab) after the last of the tokens idx (B, T), which sit at positions pos..pos+T-1.

        Their keys and values are written into kv_cache (from new_kv_cache) and attention reads every
        earlier position from it, so only the new tokens are computed: the whole prompt in one call,
        then one token per call. weights come from decode_weights(). Several tokens at once must start
        the window (pos 0), where attention is the ordinary causal one. Dropout is off, as in eval().
        """
        B, T = idx.shape
        C, n_head = self.config["n_embd"], self.config["n_head"]
        assert T == 1 or pos == 0, "several tokens at once must start the window (pos 0)"
        assert pos + T <= self.block_size, f"position {pos + T - 1} is outside block_size {self.block_size}"
        layers, head = weights
        eps, gelu = self.ln_f.eps, self.blocks[0].mlp.gelu.approximate
        x = (F.embedding(idx, self.wte.weight) + self.wpe.weight[pos:pos + T]).view(B * T, C)  # (B*T, C)
        for layer, kv in zip(layers, kv_cache):
            h = F.layer_norm(x, (C,), layer.ln_1_weight, layer.ln_1_bias, eps)
            qkv = torch.addmm(layer.attn_bias, h, layer.attn_weight).view(B, T, 3, n_head, C // n_head)
            kv.narrow(3, pos, T).copy_(qkv[:, :, 1:].permute(2, 0, 3, 1, 4))  # new keys, values (2, B, nh, T, hd)
            past = kv.narrow(3, 0, pos + T)  # keys and values of every position so far
            q = qkv[:, :, 0].transpose(1, 2)  # (B, nh, T, hd)
            # a single new token may look at every position so far, so it needs no mask at all
            y = F.scaled_dot_product_attention(q, past[0], past[1], is_causal=T > 1)  # (B, nh, T, hd)
            x = x + torch.addmm(layer.proj_bias, y.transpose(1, 2).reshape(B * T, C), layer.proj_weight)
            h = F.layer_norm(x, (C,), layer.ln_2_weight, layer.ln_2_bias, eps)
            h = F.gelu(torch.addmm(layer.fc_bias, h, layer.fc_weight), approximate=gelu)  # (B*T, 4C)
            x = x + torch.addmm(layer.fc_proj_bias, h, layer.fc_proj_weight)  # (B*T, C)
        x = F.layer_norm(x.view(B, T, C)[:, -1], (C,), self.ln_f.weight, self.ln_f.bias, eps)  # (B, C)
        return x @ head  # (B, vocab)

    @torch.inference_mode()
    def generate_tokens(self, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                        repetition_penalty=1.0, eos_id=None, use_cache=True, generator=None):
        """Yield the next token ids, (B,) per step, as they are sampled (for streaming).

        With the cache the prompt is encoded once and each new token costs one position. When the
        window fills block_size it slides: the newest half is kept and re-encoded once. Without the
        cache every step re-encodes the whole window, with the same slides, so greedy decoding gives
        the same tokens either way. A row that produced eos_id keeps producing it; the generator
        stops once every row has.

        On CPU, one token at a time runs fastest with torch.set_num_threads(1) (inference.py does
        this): its operations are too small to share, and on a busy machine each operation that
        starts a thread team can wait milliseconds for a free core.
        """
        validate_sampling(temperature, top_k, top_p, repetition_penalty)
        if idx.dim() != 2 or idx.size(1) == 0:
            raise ValueError(f"idx must be a non-empty (B, T) tensor of token ids, got shape {tuple(idx.shape)}")
        if max_new_tokens < 0:
            raise ValueError(f"max_new_tokens must be >= 0, got {max_new_tokens}")
        B, T = idx.shape
        tokens = torch.empty(B, T + max_new_tokens, dtype=torch.long, device=idx.device)  # prompt + new tokens
        tokens[:, :T] = idx
        n = T  # tokens so far
        start = max(0, T - self.block_size)  # the model sees the window tokens[:, start:n]
        keep = max(1, self.block_size // 2)  # tokens kept when the window slides
        cached = 0  # tokens of the window whose keys and values are in the cache
        if use_cache:
            kv_cache, weights = self.new_kv_cache(B), self.decode_weights()
        finished = torch.zeros(B, dtype=torch.bool, device=idx.device) if eos_id is not None else None
        was_training = self.training
        self.eval()
        try:
            for _ in range(max_new_tokens):
                if n - start > self.block_size:
                    start, cached = n - keep, 0
                if use_cache:
                    logits = self.decode_step(tokens[:, start + cached:n], cached, kv_cache, weights)
                    cached = n - start
                else:
                    logits = self(tokens[:, start:n])[0][:, -1]  # (B, vocab)
                logits = logits.float()  # sampling in full precision, also under autocast
                if repetition_penalty != 1.0:
                    logits = apply_repetition_penalty(logits, tokens[:, :n], repetition_penalty)
                next_id = sample_next_token(logits, temperature, top_k, top_p, generator)  # (B,)
                if finished is not None:
                    next_id.masked_fill_(finished, eos_id)
                    finished |= next_id == eos_id
                tokens[:, n] = next_id
                n += 1
                yield next_id
                if finished is not None and bool(finished.all()):
                    return
        finally:
            self.train(was_training)

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None, eos_id=None,
                 repetition_penalty=1.0, use_cache=True, generator=None):
        """idx (B, T) -> (B, T + n): the prompt followed by up to max_new_tokens sampled tokens.

        temperature 0 is greedy; generation stops early once every row has produced eos_id.
        """
        out = torch.empty(idx.size(0), idx.size(1) + max(0, max_new_tokens), dtype=torch.long, device=idx.device)
        out[:, :idx.size(1)] = idx
        n = idx.size(1)
        for next_id in self.generate_tokens(idx, max_new_tokens, temperature, top_k, top_p, repetition_penalty,
                                            eos_id, use_cache, generator):
            out[:, n] = next_id
            n += 1
        return out[:, :n]


# The weights of one block as decode_step reads them (matrices (in, out); see decode_weights).
DecodeLayer = namedtuple("DecodeLayer", "ln_1_weight ln_1_bias attn_weight attn_bias proj_weight proj_bias "
                                        "ln_2_weight ln_2_bias fc_weight fc_bias fc_proj_weight fc_proj_bias")


def validate_sampling(temperature, top_k, top_p, repetition_penalty=1.0):
    """Raise ValueError with a one-line explanation for sampling settings that make no sense."""
    if not _is_number(temperature) or temperature < 0:
        raise ValueError(f"temperature must be a number >= 0 (0 = greedy), got {temperature}")
    if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 0):
        raise ValueError(f"top_k must be a whole number >= 0 (0 or None = off), got {top_k}")
    if top_p is not None and (not _is_number(top_p) or not 0.0 < top_p <= 1.0):
        raise ValueError(f"top_p must be in (0, 1] (1 or None = off), got {top_p}")
    if not _is_number(repetition_penalty) or repetition_penalty <= 0:
        raise ValueError(f"repetition_penalty must be a number > 0 (1 = off), got {repetition_penalty}")


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def apply_repetition_penalty(logits, previous_ids, penalty):
    """Make tokens already in the context less likely: positive logits divided by penalty, negative multiplied.

    logits (B, vocab), previous_ids (B, T). Each token is penalised once, however often it occurred.
    """
    seen = torch.gather(logits, 1, previous_ids)
    seen = torch.where(seen > 0, seen / penalty, seen * penalty)
    return logits.scatter(1, previous_ids, seen)


def filter_top_k(logits, top_k):
    """Keep the top_k largest logits of each row (and any tied with the k-th), set the rest to -inf."""
    if not top_k or top_k >= logits.size(-1):
        return logits
    kth_largest = torch.topk(logits, top_k, dim=-1).values[:, [-1]]  # (B, 1)
    return logits.masked_fill(logits < kth_largest, float("-inf"))


def filter_top_p(logits, top_p):
    """Nucleus filter: keep the smallest set of most likely tokens whose probability reaches top_p."""
    if top_p is None or top_p >= 1.0:
        return logits
    sorted_logits, order = torch.sort(logits, descending=True, dim=-1)
    cumulative = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
    # a token is dropped when the more likely tokens ranked above it already reach top_p (never the first)
    before = F.pad(cumulative[:, :-1], (1, 0))  # probability of the tokens ranked above each one
    drop = torch.zeros_like(before, dtype=torch.bool).scatter(1, order, before >= top_p)
    return logits.masked_fill(drop, float("-inf"))


def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
    """logits (B, vocab) -> token ids (B,). temperature 0 picks the most likely token (top-k/top-p unused)."""
    if temperature == 0:
        return logits.argmax(dim=-1)
    if temperature != 1.0:
        logits = logits / temperature
    probs = filter_top_p(filter_top_k(logits, top_k), top_p).softmax(dim=-1)
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


def save_checkpoint(checkpoint, path):
    """Write atomically (flags.atomic_write): a crash or full disk at any moment leaves the previous file intact."""
    atomic_write(path, lambda f: torch.save(checkpoint, f))


def load_checkpoint(path, device="cpu"):
    """Load a checkpoint safely (tensors and plain types only: no code in the file is ever run)."""
    if not os.path.exists(path):
        raise UserError(f"checkpoint {path} does not exist: train first (python train_llm.py) "
                              f"or pass --checkpoint-path")
    if os.path.isdir(path):
        raise UserError(f"checkpoint path {path} is a directory: point to a .pth file inside it, "
                              f"such as {os.path.join(path, 'best.pth')}")
    try:
        checkpoint = torch.load(path, map_location=device, weights_only=True)
    except pickle.UnpicklingError as error:
        reason = str(error).splitlines()[0] if "weights_only" not in str(error).splitlines()[0] else \
            "it contains Python objects other than tensors and plain values"
        raise UserError(f"refusing to load {path}: {reason[:160]}. Only load checkpoints you trust "
                              f"and that quantaTinyLLM wrote") from None
    except Exception as error:  # a damaged file can fail anywhere inside the unpickler
        raise UserError(f"checkpoint {path} is truncated or corrupt ({str(error).splitlines()[0][:100]}): "
                              f"use another checkpoint or retrain") from None
    if not isinstance(checkpoint, dict) or "model_config" not in checkpoint or "model" not in checkpoint:
        raise UserError(f"{path} is not a quantaTinyLLM checkpoint (no model_config/model entries)")
    return checkpoint


if __name__ == "__main__":
    model = TinyTransformerLM(vocab_size=4096, block_size=256, n_layer=4, n_head=4, n_embd=256)
    idx, targets = torch.randint(0, 4096, (2, 32)), torch.randint(0, 4096, (2, 32))
    logits, loss = model(idx, targets)
    print(f"{model.num_params() / 1e6:.2f}M parameters; logits {tuple(logits.shape)}; "
          f"initial loss {loss.item():.3f} (ln(vocab) = {math.log(4096):.3f})")
