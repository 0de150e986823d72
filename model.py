"""
TinyTransformerLM: a small GPT (decoder-only transformer), written in the order the data flows through it.

    token ids (B, T) -> token embedding + position embedding                  (B, T, C)
      -> n_layer x Block: x + attention(LayerNorm(x)), then x + feed-forward(LayerNorm(x))
      -> final LayerNorm -> LM head (tied to the token embedding)                (B, T, vocab) logits

B sequences of T tokens, C = n_embd channels, split into nh = n_head heads of hd = C / nh channels.
Part 1 is the model, part 2 generation (sampling, the key/value cache), part 3 checkpoints.

    python model.py            # builds the default model, prints its size and a forward pass check

    from model import TinyTransformerLM
    model = TinyTransformerLM(vocab_size=4096, block_size=256, n_layer=4, n_head=4, n_embd=256)
    logits, loss = model(idx, targets)                 # idx, targets: (B, T) token ids
    out = model.generate(idx, max_new_tokens=50, temperature=0.8, top_k=50, top_p=0.95, eos_id=2)
"""

import math
import os
import pickle

import torch
import torch.nn as nn
from torch.nn import functional as F

from flags import UserError, atomic_write

IGNORE_INDEX = -100  # targets with this value add nothing to the loss (e.g. padding)
# True: attention runs as one fused kernel, F.scaled_dot_product_attention. False: the same arithmetic
# written out in attention(), to read, step through or change (the same numbers, mostly slower).
USE_SDPA = True
# The exception: training on the CPU in bfloat16, the fused kernel's backward pass is slower than autograd
# through the written-out arithmetic for short contexts, so attention() writes it out there for contexts
# up to this many positions (bench/bench_attention.py measures it: bench/RESULTS.md, section 12).
CPU_BF16_WRITTEN_OUT_UP_TO = 128
# The token embedding (and so the tied head) gets rows up to a multiple of this. A GPU's matrix units work
# in tiles, so a vocabulary of 2,050 would run the head at the speed of 2,112 rows anyway, and slower; the
# extra rows are never a token: their logits are cut off before anyone sees them.
PAD_VOCAB_TO = 64


# ==== Part 1: the model ====================================================================================

class CausalSelfAttention(nn.Module):
    """Each position gathers information from itself and the positions before it, never from later ones.

    Every position emits a query (what it looks for), a key (what it offers) and a value (what it passes
    on), which attention() below combines. n_head heads do this side by side on hd-channel slices of the
    C channels, each free to look for something different.
    """

    def __init__(self, n_embd, n_head, dropout):
        super().__init__()
        assert n_embd % n_head == 0, f"n_embd ({n_embd}) must be divisible by n_head ({n_head})"
        self.n_head, self.n_embd, self.dropout = n_head, n_embd, dropout
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)  # query, key, value for all heads in one matmul
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.resid_dropout = nn.Dropout(dropout)

    def forward(self, x, kv_cache=None, pos=0):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)  # each (B, T, C)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hd)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hd)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hd)
        if kv_cache is not None:  # generation (part 2): these T tokens sit at positions pos..pos+T-1
            kv_cache[0, :, :, pos:pos + T] = k  # kept, so later tokens need not recompute them
            kv_cache[1, :, :, pos:pos + T] = v
            k, v = kv_cache[0, :, :, :pos + T], kv_cache[1, :, :, :pos + T]  # (B, nh, S, hd): all S so far
        y = attention(q, k, v, self.dropout if self.training else 0.0)  # (B, nh, T, hd)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # re-assemble all head outputs side by side
        return self.resid_dropout(self.c_proj(y))


def attention(q, k, v, dropout_p=0.0):
    """Queries (B, nh, T, hd) read keys and values (B, nh, S, hd) of the S >= T positions up to theirs.

    Each query is scored against each key by a dot product, scaled by 1/sqrt(hd) so that the scores'
    spread does not grow with the head size (which would make the softmax nearly one-hot); later positions
    are masked out; a softmax turns the scores into weights that sum to 1, which weigh the values.
    """
    T, S = q.size(2), k.size(2)
    slow_fused_backward = (q.device.type == "cpu" and q.dtype == torch.bfloat16 and q.requires_grad
                           and S <= CPU_BF16_WRITTEN_OUT_UP_TO)
    if USE_SDPA and not slow_fused_backward:  # its causal mask fits T == S, and one query needs none
        assert T == 1 or T == S, "the fused kernel's causal mask needs as many keys as queries, or one query"
        return F.scaled_dot_product_attention(q, k, v, dropout_p=dropout_p, is_causal=T > 1)
    scores = (q @ k.transpose(-2, -1)) / math.sqrt(k.size(-1))  # (B, nh, T, S)
    causal = torch.ones(T, S, dtype=torch.bool, device=q.device).tril(diagonal=S - T)  # (T, S): key <= query
    weights = scores.masked_fill(~causal, float("-inf")).softmax(dim=-1)  # (B, nh, T, S), rows sum to 1
    return F.dropout(weights, dropout_p) @ v  # (B, nh, T, hd)


class FeedForward(nn.Module):
    """The same two-layer network applied to each position on its own: widen to 4C, GELU, project back.

    Attention moves information between positions; here each position computes with what it gathered.
    """

    def __init__(self, n_embd, dropout):
        super().__init__()
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.gelu = nn.GELU()  # exact (erf) GELU, as GPT-2's export to transformers expects (export_hf.py)
        self.c_proj = nn.Linear(4 * n_embd, n_embd)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))  # (B, T, C) -> (B, T, 4C) -> (B, T, C)


class Block(nn.Module):
    """Communicate (attention), then compute (feed-forward), each adding its result to the residual stream x.

    Pre-LayerNorm, as GPT-2: each sublayer reads a normalised copy of x, so x stays an unbroken sum from
    the embedding to the head, along which gradients reach every layer directly.
    """

    def __init__(self, n_embd, n_head, dropout):
        super().__init__()
        self.ln_1 = nn.LayerNorm(n_embd)
        self.attn = CausalSelfAttention(n_embd, n_head, dropout)
        self.ln_2 = nn.LayerNorm(n_embd)
        self.mlp = FeedForward(n_embd, dropout)  # named mlp as in GPT-2: checkpoints say blocks.N.mlp.*

    def forward(self, x, kv_cache=None, pos=0):
        x = x + self.attn(self.ln_1(x), kv_cache, pos)
        return x + self.mlp(self.ln_2(x))


class TinyTransformerLM(nn.Module):
    """The whole model. Generation (generate, generate_tokens) is in part 2 below."""

    def __init__(self, vocab_size, block_size, n_layer, n_head, n_embd, dropout=0.0):
        super().__init__()
        for name, value in (("vocab_size", vocab_size), ("block_size", block_size), ("n_layer", n_layer),
                            ("n_head", n_head), ("n_embd", n_embd)):
            assert isinstance(value, int) and value > 0, f"{name} must be a positive integer, got {value!r}"
        assert n_embd % n_head == 0, f"n_embd ({n_embd}) must be divisible by n_head ({n_head})"
        assert 0.0 <= dropout < 1.0, f"dropout must be in [0, 1), got {dropout}"
        self.config = dict(vocab_size=vocab_size, block_size=block_size, n_layer=n_layer, n_head=n_head,
                           n_embd=n_embd, dropout=dropout)
        self.block_size, self.vocab_size = block_size, vocab_size
        padded_vocab = -(-vocab_size // PAD_VOCAB_TO) * PAD_VOCAB_TO
        self.wte = nn.Embedding(padded_vocab, n_embd)  # token embedding
        self.wpe = nn.Embedding(block_size, n_embd)  # learned position embedding
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList([Block(n_embd, n_head, dropout) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, padded_vocab, bias=False)
        self.lm_head.weight = self.wte.weight  # weight tying: one matrix reads and writes tokens
        self.register_load_state_dict_pre_hook(pad_vocab_rows)

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
        """Parameter count (the tied head once, the vocabulary's padding rows not at all); non_embedding
        drops the position table."""
        n = sum(p.numel() for p in self.parameters())
        n -= (self.wte.num_embeddings - self.vocab_size) * self.wte.embedding_dim
        return n - self.wpe.weight.numel() if non_embedding else n

    def forward(self, idx, targets=None, kv_cache=None, pos=0):
        """idx (B, T) -> logits (B, T, vocab) and the mean cross-entropy with targets (B, T); without
        targets, the last position's logits (B, 1, vocab), all generation needs, and None. With kv_cache
        (part 2), idx holds the tokens at positions pos..pos+T-1 and earlier ones come from the cache.
        """
        B, T = idx.size()
        assert pos + T <= self.block_size, f"positions up to {pos + T - 1} exceed block_size {self.block_size}"
        positions = torch.arange(pos, pos + T, dtype=torch.long, device=idx.device)  # (T,)
        x = self.drop(self.wte(idx) + self.wpe(positions))  # (B, T, C)
        for block, layer_cache in zip(self.blocks, kv_cache or [None] * len(self.blocks)):
            x = block(x, layer_cache, pos)
        x = self.ln_f(x)
        if targets is None:  # (B, 1, vocab): skips the head for every other position
            return self.lm_head(x[:, [-1], :])[..., :self.vocab_size], None
        logits = self.lm_head(x)  # (B, T, padded vocab): the padding rows' logits only learn to stay low
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)).float(), targets.reshape(-1),
                               ignore_index=IGNORE_INDEX)
        return logits[..., :self.vocab_size], loss

    def token_embedding(self):
        """The embedding rows of the real tokens, (vocab, C), without the padding rows: what exports write."""
        return self.wte.weight[:self.vocab_size]

    def configure_optimizers(self, kind, weight_decay, learning_rate, muon_lr_multiplier=1.0, betas=(0.9, 0.95),
                             device_type="cpu", dtype="float32"):
        """The optimisers that train this model, a list to be stepped together every step.

        'adamw': AdamW for every parameter, with weight decay on matrices and embeddings only, never on
        biases or LayerNorm parameters (decaying a gain or a shift towards 0 only hurts).
        'muon': Muon for the weight matrices inside the blocks, AdamW for the rest. Muon replaces each
        matrix's update by the nearest orthogonal matrix (a few Newton-Schulz iterations), so every direction
        of the matrix learns at the same pace instead of a few dominant ones. It is made for matrices that
        map one hidden space to another; the embeddings (which pick rows, one per token), the tied head,
        biases and gains stay with AdamW. adjust_lr_fn="match_rms_adamw" scales Muon's step to the size
        of an AdamW step at the same learning rate, and muon_lr_multiplier sets the matrices' rate apart
        from AdamW's: which multiple learns best depends on the text (bench/RESULTS.md, section 14). Both
        share WEIGHT_DECAY. `dtype` is the precision the run trains in; Muon orthogonalises in it (class Muon).
        """
        assert kind in ("adamw", "muon"), f"optimizer must be 'adamw' or 'muon', got {kind!r}"
        params = [p for p in self.parameters() if p.requires_grad]
        matrices = [p for block in self.blocks for p in block.parameters() if p.dim() == 2]
        if kind == "muon":
            taken = {id(p) for p in matrices}
            params = [p for p in params if id(p) not in taken]
        decay = [p for p in params if p.dim() >= 2]  # matmul weights and embeddings
        no_decay = [p for p in params if p.dim() < 2]  # biases and LayerNorm parameters
        groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
        # fused: each tensor's update in one pass, the fastest on the CPU too (bench/RESULTS.md); else foreach
        extra = {"fused": True} if device_type in ("cuda", "cpu", "mps") else {"foreach": True}
        optimizers = [torch.optim.AdamW(groups, lr=learning_rate, betas=betas, **extra)]
        if kind == "muon":
            ns_dtype = torch.bfloat16 if dtype == "bfloat16" else torch.float32
            optimizers.append(Muon(matrices, ns_dtype, lr=learning_rate * muon_lr_multiplier,
                                   weight_decay=weight_decay, adjust_lr_fn="match_rms_adamw"))
        return optimizers


class Muon(torch.optim.Muon):
    """torch.optim.Muon, orthogonalising in bfloat16 only where the run trains in bfloat16.

    Muon keeps a momentum of each matrix's gradient, as SGD does, but steps along the orthogonal matrix
    nearest to it (U V^T, from its SVD U S V^T), so that every direction of the matrix moves by the same
    amount. Five Newton-Schulz iterations approximate it with matrix products alone: scaled so that no
    singular value exceeds 1, x becomes a x + (b A + c A A) x with A = x x^T, which pushes every singular
    value towards 1. torch's Muon always iterates in bfloat16: fast where bf16 products are native (recent
    GPUs, CPUs with AVX512-BF16 or AMX), but on an AVX2-only CPU they are emulated and a Muon step took 5x
    an AdamW step (bench/RESULTS.md, section 16). So `ns_dtype` chooses; the state and, in bfloat16, every
    number are torch's own (tests/test_budget.py compares them).
    """

    def __init__(self, params, ns_dtype=torch.bfloat16, **options):
        super().__init__(params, **options)
        assert all(group["adjust_lr_fn"] == "match_rms_adamw" for group in self.param_groups), \
            "this Muon scales its steps as adjust_lr_fn='match_rms_adamw' does"
        self.ns_dtype = ns_dtype

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr, momentum, (a, b, c) = group["lr"], group["momentum"], group["ns_coefficients"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = torch.zeros_like(p.grad)
                buf = state["momentum_buffer"]
                buf.lerp_(p.grad, 1 - momentum)
                update = p.grad.lerp(buf, momentum) if group["nesterov"] else buf
                x = update.to(self.ns_dtype)
                wide = x.size(0) <= x.size(1)
                x = x if wide else x.T  # (rows <= columns): x x^T is the smaller of the two Gram matrices
                x = x / x.norm().clamp(min=group["eps"])  # the largest singular value is at most the norm
                for _ in range(group["ns_steps"]):
                    gram = x @ x.T
                    x = torch.addmm(x, torch.addmm(gram, gram, gram, beta=b, alpha=c), x, beta=a)
                x = x if wide else x.T
                p.mul_(1 - lr * group["weight_decay"])  # decoupled weight decay, as in AdamW
                # the orthogonal update's entries have an RMS of 1/sqrt(max(shape)): scaled to 0.2, an AdamW step's
                p.add_(x, alpha=-lr * (0.2 * math.sqrt(max(p.shape))))


def pad_vocab_rows(model, state_dict, prefix, *args):
    """Load weights saved before PAD_VOCAB_TO (one row per token) by adding the padding rows as zeros."""
    for name in ("wte.weight", "lm_head.weight"):
        weight = state_dict.get(prefix + name)
        if weight is not None and weight.shape[0] == model.vocab_size < model.wte.num_embeddings:
            state_dict[prefix + name] = F.pad(weight, (0, 0, 0, model.wte.num_embeddings - model.vocab_size))


# ==== Part 2: generation ===================================================================================
# The next token's logits come from the last position, which attends to the keys and values of every
# earlier one. Those never change once computed, so a key/value cache keeps them: the prompt is encoded
# once, then each new token runs through the blocks alone (T = 1) and reads the rest from the cache.

def new_kv_cache(model, batch_size):
    """Keys and values for every position: one (2, B, nh, block_size, hd) tensor per layer, [0] keys, [1] values."""
    c, weight = model.config, model.wte.weight
    shape = (2, batch_size, c["n_head"], c["block_size"], c["n_embd"] // c["n_head"])
    return [torch.empty(shape, device=weight.device, dtype=weight.dtype) for _ in model.blocks]


# ---- the fused decoding step ------------------------------------------------------------------------------
# decode_step computes what forward(idx, kv_cache=..., pos=...) computes, for speed: generate() uses it while
# FAST_DECODE is True (set False to step through the modules instead). With one token every operation is
# tiny: the matrix products still read every weight, but the Python around them (dozens of module calls
# per token) becomes a large part of the step. So decode_step calls the tensor functions directly, and it
# reads each matrix laid out (in, out), which a one-row product streams faster on the CPU than (out, in).
# bench/bench_generate.py times both ways (bench/RESULTS.md, section 5); tests check that they agree.
FAST_DECODE = True


def decode_weights(model):
    """Per block, the tensors decode_step reads, matrices as (in, out) copies made once per generate()."""
    def matrix(linear):  # a GPU reads either layout equally fast: there the transpose stays a view
        return linear.weight.t().contiguous() if linear.weight.device.type == "cpu" else linear.weight.t()

    return [(b.ln_1.weight, b.ln_1.bias, matrix(b.attn.c_attn), b.attn.c_attn.bias, matrix(b.attn.c_proj),
             b.attn.c_proj.bias, b.ln_2.weight, b.ln_2.bias, matrix(b.mlp.c_fc), b.mlp.c_fc.bias,
             matrix(b.mlp.c_proj), b.mlp.c_proj.bias) for b in model.blocks]


def decode_step(model, weights, idx, kv_cache, pos):
    """model(idx, kv_cache=kv_cache, pos=pos)[0][:, -1], the (B, vocab) logits, in eval mode (no dropout)."""
    B, T = idx.shape
    C, n_head, eps = model.config["n_embd"], model.config["n_head"], model.ln_f.eps
    x = (F.embedding(idx, model.wte.weight) + model.wpe.weight[pos:pos + T]).view(B * T, C)  # (B*T, C)
    for layer, kv in zip(weights, kv_cache):
        ln_1_w, ln_1_b, attn_w, attn_b, proj_w, proj_b, ln_2_w, ln_2_b, fc_w, fc_b, fc_proj_w, fc_proj_b = layer
        h = F.layer_norm(x, (C,), ln_1_w, ln_1_b, eps)
        qkv = torch.addmm(attn_b, h, attn_w).view(B, T, 3, n_head, C // n_head)
        kv.narrow(3, pos, T).copy_(qkv[:, :, 1:].permute(2, 0, 3, 1, 4))  # keys and values (2, B, nh, T, hd)
        past = kv.narrow(3, 0, pos + T)  # (2, B, nh, S, hd): every position so far
        y = attention(qkv[:, :, 0].transpose(1, 2), past[0], past[1])  # (B, nh, T, hd)
        x = x + torch.addmm(proj_b, y.transpose(1, 2).reshape(B * T, C), proj_w)
        h = F.gelu(torch.addmm(fc_b, F.layer_norm(x, (C,), ln_2_w, ln_2_b, eps), fc_w))  # (B*T, 4C)
        x = x + torch.addmm(fc_proj_b, h, fc_proj_w)  # (B*T, C)
    x = F.layer_norm(x.view(B, T, C)[:, -1], (C,), model.ln_f.weight, model.ln_f.bias, eps)  # (B, C)
    return F.linear(x, model.lm_head.weight[:model.vocab_size])  # (B, vocab)


# ---- sampling ---------------------------------------------------------------------------------------------
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


# ---- the generation loop: model.generate_tokens(...) and model.generate(...) ---------------------------
@torch.inference_mode()
def generate_tokens(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None, repetition_penalty=1.0,
                    eos_id=None, use_cache=True, generator=None):
    """Yield the next token ids, (B,) per step, as they are sampled (for streaming).

    The model sees at most block_size tokens: when the window is full it slides, keeping its newest half,
    which the cache encodes afresh (positions restart at 0). Without the cache every step re-encodes the
    window, with the same slides, so greedy decoding gives the same tokens either way. A row that produced
    eos_id keeps producing it; the generator stops once every row has. On the CPU, use one thread
    (torch.set_num_threads(1), as inference.py does): one token's operations are too small to share.
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
    start = max(0, T - model.block_size)  # the model sees the window tokens[:, start:n]
    keep = max(1, model.block_size // 2)  # tokens kept when the window slides
    cached = 0  # tokens of the window whose keys and values are in the cache
    kv_cache = new_kv_cache(model, B) if use_cache else None
    weights = decode_weights(model) if use_cache and FAST_DECODE else None
    finished = torch.zeros(B, dtype=torch.bool, device=idx.device) if eos_id is not None else None
    was_training = model.training
    model.eval()  # no dropout while generating
    try:
        for _ in range(max_new_tokens):
            if n - start > model.block_size:
                start, cached = n - keep, 0
            # with the cache only what it lacks: the prompt (or the slid window) once, then one token a step
            if use_cache and FAST_DECODE:
                logits = decode_step(model, weights, tokens[:, start + cached:n], kv_cache, cached)
            else:
                logits = model(tokens[:, start + cached:n], kv_cache=kv_cache, pos=cached)[0][:, -1]
            cached = n - start if use_cache else 0
            logits = logits.float()  # (B, vocab); sampling in full precision, also under autocast
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
        model.train(was_training)


@torch.no_grad()
def generate(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None, eos_id=None,
             repetition_penalty=1.0, use_cache=True, generator=None):
    """idx (B, T) -> (B, T + n): the prompt and up to max_new_tokens sampled tokens (temperature 0: greedy)."""
    new = list(generate_tokens(model, idx, max_new_tokens, temperature, top_k, top_p, repetition_penalty, eos_id,
                               use_cache, generator))
    return torch.cat([idx, torch.stack(new, dim=1)], dim=1) if new else idx.clone()


TinyTransformerLM.generate_tokens = generate_tokens  # methods, as in nanoGPT and transformers
TinyTransformerLM.generate = generate


# ==== Part 3: checkpoints, one format shared by training and inference ======================================
# A checkpoint is a plain dict of tensors and Python values, so it loads with torch.load(weights_only=True)
# and never runs code from the file.

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
