"""model.py: the transformer and its two attention paths, generation with and without the key/value cache,
sampling, and checkpoints (including one written by an older commit, in tests/fixtures)."""

import json
import math
import os
import subprocess
import sys

import pytest
import torch

import model as model_lib
from conftest import ROOT
from model import (IGNORE_INDEX, FeedForward, TinyTransformerLM, apply_repetition_penalty, filter_top_k, filter_top_p,
                   from_checkpoint, load_checkpoint, sample_next_token, save_checkpoint, to_checkpoint,
                   validate_sampling)

CONFIG = dict(vocab_size=64, block_size=16, n_layer=2, n_head=2, n_embd=32)
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "checkpoint_858bc0c")


def tiny_model(seed=0):
    torch.manual_seed(seed)
    return TinyTransformerLM(**CONFIG).eval()


def random_ids(*shape, seed=0):
    return torch.randint(0, CONFIG["vocab_size"], shape, generator=torch.Generator().manual_seed(seed))


@torch.no_grad()
def cached_logits(model, idx, prompt_len=5):
    """Logits after each token from prompt_len on: the prompt in one call, then one token per call."""
    cache = model_lib.new_kv_cache(model, idx.size(0))
    if model_lib.FAST_DECODE:
        weights = model_lib.decode_weights(model)
        step = lambda ids, pos: model_lib.decode_step(model, weights, ids, cache, pos)  # noqa: E731
    else:
        step = lambda ids, pos: model(ids, kv_cache=cache, pos=pos)[0][:, -1]  # noqa: E731
    logits = [step(idx[:, :prompt_len], 0)]
    logits += [step(idx[:, t:t + 1], t) for t in range(prompt_len, idx.size(1))]
    return torch.stack(logits, dim=1)  # (B, T - prompt_len + 1, vocab)


# ---- the model ------------------------------------------------------------------------------------------

def test_shapes_and_initial_loss_near_uniform():
    model = tiny_model()
    idx, targets = random_ids(4, 16), random_ids(4, 16, seed=1)
    logits, loss = model(idx, targets)
    assert logits.shape == (4, 16, 64)
    assert abs(loss.item() - math.log(64)) < 0.1  # an untrained model is close to uniform
    logits, loss = model(idx)
    assert logits.shape == (4, 1, 64) and loss is None


def test_ignored_targets_do_not_count():
    model = tiny_model()
    idx, targets = random_ids(2, 16), random_ids(2, 16, seed=1)
    masked = targets.clone()
    masked[:, 8:] = IGNORE_INDEX
    logits, _ = model(idx, targets)
    _, loss = model(idx, masked)
    expected = torch.nn.functional.cross_entropy(logits[:, :8].reshape(-1, 64), targets[:, :8].reshape(-1))
    assert torch.allclose(loss, expected, atol=1e-6)


def test_head_is_tied_parameter_count_and_checkpoint_names():
    model = tiny_model()
    assert model.lm_head.weight is model.wte.weight
    n_embd, vocab, block, layers = 32, 64, 16, 2
    per_layer = 2 * 2 * n_embd + (3 * n_embd * n_embd + 3 * n_embd) + (n_embd * n_embd + n_embd) + \
        (4 * n_embd * n_embd + 4 * n_embd) + (4 * n_embd * n_embd + n_embd)
    assert model.num_params() == vocab * n_embd + block * n_embd + layers * per_layer + 2 * n_embd
    # FeedForward sits under the name GPT-2 gives it, so checkpoints and exports keep their keys
    assert isinstance(model.blocks[0].mlp, FeedForward)
    assert {"blocks.1.mlp.c_fc.weight", "blocks.1.mlp.c_proj.bias", "blocks.0.attn.c_attn.weight",
            "lm_head.weight", "wpe.weight"} <= set(model.state_dict())


def test_vocabulary_padding_rows_are_never_seen_or_generated():
    torch.manual_seed(0)
    model = TinyTransformerLM(**dict(CONFIG, vocab_size=100)).eval()  # padded to 128 rows (PAD_VOCAB_TO)
    assert model.wte.weight.shape[0] == 128 and model.token_embedding().shape[0] == 100
    with torch.no_grad():
        model.wte.weight[100:] = 10 * model.ln_f(torch.ones(32))  # padding logits far above every real one
    idx = torch.randint(0, 100, (2, 8))
    logits, loss = model(idx, torch.randint(0, 100, (2, 8)))
    assert logits.shape == (2, 8, 100) and model(idx)[0].shape == (2, 1, 100)
    for fast_decode in (True, False):
        model_lib.FAST_DECODE = fast_decode
        try:
            out = model.generate(idx, 6, temperature=0.0)
            sampled = model.generate(idx, 6, temperature=1.0, generator=torch.Generator().manual_seed(0))
        finally:
            model_lib.FAST_DECODE = True
        assert out[:, 8:].max() < 100 and sampled[:, 8:].max() < 100


def test_weights_saved_without_padding_rows_load_with_the_same_logits():
    torch.manual_seed(0)
    model = TinyTransformerLM(**dict(CONFIG, vocab_size=100)).eval()
    state = model.state_dict()
    old = {name: (tensor[:100] if name in ("wte.weight", "lm_head.weight") else tensor) for name, tensor in state.items()}
    loaded = from_checkpoint({"model_config": model.config, "model": old}).eval()
    idx = torch.randint(0, 100, (2, 8))
    with torch.no_grad():
        assert torch.equal(loaded(idx)[0], model(idx)[0])


def test_residual_projections_use_scaled_init():
    torch.manual_seed(0)
    big = TinyTransformerLM(vocab_size=64, block_size=16, n_layer=8, n_head=4, n_embd=256)
    assert abs(big.blocks[0].mlp.c_proj.weight.std().item() - 0.02 / math.sqrt(16)) < 0.001
    assert abs(big.blocks[0].mlp.c_fc.weight.std().item() - 0.02) < 0.001


def test_overfits_one_batch():
    model = tiny_model().train()
    idx = random_ids(4, 16)
    [optimizer] = model.configure_optimizers("adamw", weight_decay=0.0, learning_rate=3e-3)
    for _ in range(150):
        _, loss = model(idx[:, :-1], idx[:, 1:])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert loss.item() < 0.1


def test_attention_is_causal():
    model = tiny_model()
    idx = random_ids(1, 16)
    changed = idx.clone()
    changed[0, 10] = (changed[0, 10] + 1) % 64
    logits_a, _ = model(idx, idx)
    logits_b, _ = model(changed, changed)
    assert torch.allclose(logits_a[:, :10], logits_b[:, :10], atol=1e-5)
    assert not torch.allclose(logits_a[:, 10:], logits_b[:, 10:], atol=1e-5)


@pytest.mark.parametrize("fast_decode", [True, False])
def test_reference_attention_equals_sdpa_in_training_and_with_the_cache(monkeypatch, fast_decode):
    monkeypatch.setattr(model_lib, "FAST_DECODE", fast_decode)
    model = tiny_model()
    idx = random_ids(2, 16)
    fused_logits, fused_loss = model(idx, idx)
    fused_cached = cached_logits(model, idx)

    def no_sdpa(*args, **kwargs):
        raise AssertionError("USE_SDPA is False, yet F.scaled_dot_product_attention was called")

    monkeypatch.setattr(model_lib, "USE_SDPA", False)
    monkeypatch.setattr(model_lib.F, "scaled_dot_product_attention", no_sdpa)
    logits, loss = model(idx, idx)
    assert torch.allclose(logits, fused_logits, atol=1e-5) and torch.allclose(loss, fused_loss, atol=1e-6)
    assert torch.allclose(cached_logits(model, idx), fused_cached, atol=1e-5)


def test_reference_mask_lines_the_queries_up_with_the_latest_keys(monkeypatch):
    monkeypatch.setattr(model_lib, "USE_SDPA", False)
    q, k, v = torch.randn(3, 2, 2, 7, 8).unbind(0)  # (B, nh, S, hd) each
    everything = model_lib.attention(q, k, v)  # 7 queries over 7 keys
    assert torch.allclose(model_lib.attention(q[:, :, -3:], k, v), everything[:, :, -3:], atol=1e-6)
    # the first query sees only the first key, so its output is that key's value
    assert torch.allclose(everything[:, :, 0], v[:, :, 0], atol=1e-6)

def test_cpu_bfloat16_training_writes_attention_out_for_short_contexts_only(monkeypatch):
    calls = []
    fused = model_lib.F.scaled_dot_product_attention
    monkeypatch.setattr(model_lib.F, "scaled_dot_product_attention",
                        lambda *a, **kw: calls.append(1) or fused(*a, **kw))
    limit = model_lib.CPU_BF16_WRITTEN_OUT_UP_TO

    def attend(length, dtype, grad):
        q, k, v = torch.randn(3, 1, 2, length, 8, dtype=dtype).unbind(0)
        calls.clear()
        model_lib.attention(q.requires_grad_(grad), k, v)
        return bool(calls)  # True when the fused kernel ran

    assert not attend(limit, torch.bfloat16, grad=True)  # training, where the fused backward is slow
    assert attend(limit + 1, torch.bfloat16, grad=True)  # longer contexts: the fused kernel saves memory and time
    assert attend(limit, torch.bfloat16, grad=False)  # no backward to pay for
    assert attend(limit, torch.float32, grad=True)


def test_written_out_attention_trains_like_the_fused_kernel_in_bfloat16(monkeypatch):
    def loss_and_grads(written_out):
        monkeypatch.setattr(model_lib, "CPU_BF16_WRITTEN_OUT_UP_TO", 10**6 if written_out else 0)
        model = tiny_model()
        idx = random_ids(2, 16)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            _, loss = model(idx, idx)
        loss.backward()
        return loss.detach(), model.blocks[0].attn.c_attn.weight.grad

    loss_fused, grad_fused = loss_and_grads(False)
    loss_written, grad_written = loss_and_grads(True)
    assert torch.allclose(loss_written, loss_fused, atol=2e-2)
    assert torch.allclose(grad_written, grad_fused, atol=2e-2 * grad_fused.abs().max().item())


# ---- generation ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fast_decode", [True, False])
def test_cached_logits_equal_forward(monkeypatch, fast_decode):
    monkeypatch.setattr(model_lib, "FAST_DECODE", fast_decode)
    model = tiny_model()
    idx = random_ids(2, 16, seed=1)
    with torch.no_grad():
        expected, _ = model(idx, targets=idx)  # (B, T, vocab): logits at every position
    assert torch.allclose(cached_logits(model, idx), expected[:, 4:], atol=1e-5)


@pytest.mark.parametrize("fast_decode", [True, False])
@pytest.mark.parametrize("prompt_len", [1, 6, 15, 16, 17, 37])
def test_greedy_with_cache_equals_without_across_block_size(monkeypatch, prompt_len, fast_decode):
    monkeypatch.setattr(model_lib, "FAST_DECODE", fast_decode)
    model = tiny_model()
    idx = random_ids(3, prompt_len, seed=prompt_len)
    with_cache = model.generate(idx, 45, temperature=0.0)  # 45 new tokens: the 16-token window slides often
    without = model.generate(idx, 45, temperature=0.0, use_cache=False)
    assert with_cache.shape == (3, prompt_len + 45)
    assert torch.equal(with_cache, without)


def test_prompt_is_encoded_once_and_the_window_slides_rarely(monkeypatch):
    model, chunks = tiny_model(), []
    step = model_lib.decode_step
    monkeypatch.setattr(model_lib, "decode_step", lambda m, w, idx, *rest: chunks.append(idx.size(1)) or
                        step(m, w, idx, *rest))
    model.generate(torch.zeros(1, 5, dtype=torch.long), 40, temperature=0.0)
    # the 5-token prompt once; then the window fills at 17 tokens, 26, 35, 44, keeping its newest 8 each time
    assert [c for c in chunks if c > 1] == [5, 8, 8, 8, 8]
    assert len(chunks) == 40 and chunks.count(1) == 35


def test_batch_rows_are_independent_and_finished_rows_stay_finished():
    model = tiny_model()
    idx = random_ids(3, 4, seed=2)
    together = model.generate(idx, 12, temperature=0.0)
    for row in range(3):
        assert torch.equal(together[row:row + 1], model.generate(idx[row:row + 1], 12, temperature=0.0))
    eos = int(together[0, 4])  # row 0 ends at once; the others run on until they produce it or hit the limit
    out = model.generate(idx, 12, temperature=0.0, eos_id=eos)
    assert (out[0, 4:] == eos).all()
    for row in (1, 2):
        alone = model.generate(idx[row:row + 1], 12, temperature=0.0, eos_id=eos)[0]
        assert out[row, :alone.size(0)].tolist() == alone.tolist()
    assert model.generate(idx[:1], 12, temperature=0.0, eos_id=eos).shape == (1, 5)  # stops once all rows end


def test_zero_new_tokens_bad_prompts_and_the_training_mode_is_restored():
    model = tiny_model()
    idx = torch.tensor([[1, 2, 3]])
    assert torch.equal(model.generate(idx, 0), idx)
    with pytest.raises(ValueError, match="non-empty"):
        model.generate(torch.zeros(1, 0, dtype=torch.long), 5)
    model.train()
    model.generate(idx, 2, temperature=0.0)
    assert model.training
    tokens = model.generate_tokens(idx, 5, temperature=0.0)
    next(tokens)
    assert not model.training  # no dropout while generating ...
    tokens.close()
    assert model.training  # ... and back when the caller stops early


def test_generation_under_bf16_autocast_as_training_samples():
    model = tiny_model()
    idx = random_ids(1, 6)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        out = model.generate(idx, 20, temperature=0.0)
    assert out.shape == (1, 26) and out.dtype == torch.long and torch.equal(out[:, :6], idx)


# ---- sampling ----------------------------------------------------------------------------------------------

def test_top_k_on_hand_made_logits():
    logits = torch.tensor([[1.0, 5.0, 3.0, 4.0, 2.0], [0.0, -1.0, 9.0, 3.0, 8.0]])
    assert torch.isfinite(filter_top_k(logits, 2)).tolist() == [[False, True, False, True, False],
                                                                  [False, False, True, False, True]]
    assert torch.equal(filter_top_k(logits, 0), logits) and torch.equal(filter_top_k(logits, None), logits)
    assert torch.equal(filter_top_k(logits, 5), logits) and torch.equal(filter_top_k(logits, 99), logits)


def test_top_p_keeps_the_smallest_set_reaching_p():
    logits = torch.tensor([[0.05, 0.5, 0.15, 0.3]]).log()  # sorted: 0.5, 0.3, 0.15, 0.05
    kept = {p: torch.isfinite(filter_top_p(logits, p))[0].tolist() for p in (0.01, 0.45, 0.6, 0.85, 0.9, 0.97, 1.0)}
    assert kept[0.01] == kept[0.45] == [False, True, False, False]  # the most likely token alone reaches p
    assert kept[0.6] == [False, True, False, True]
    assert kept[0.85] == kept[0.9] == [False, True, True, True]
    assert kept[0.97] == kept[1.0] == [True, True, True, True]
    two_rows = torch.tensor([[0.9, 0.05, 0.05], [0.4, 0.35, 0.25]]).log()
    assert torch.isfinite(filter_top_p(two_rows, 0.7)).tolist() == [[True, False, False], [True, True, False]]


def test_repetition_penalty_on_hand_made_logits():
    logits = torch.tensor([[2.0, -1.0, 0.5, 3.0]])
    seen = torch.tensor([[0, 1, 1]])  # token 1 twice: still penalised once
    assert apply_repetition_penalty(logits, seen, 2.0).tolist() == [[1.0, -2.0, 0.5, 3.0]]
    assert apply_repetition_penalty(logits, seen, 1.0).tolist() == logits.tolist()


def test_temperature_zero_and_top_k_one_are_greedy():
    logits = torch.randn(4, 50, generator=torch.Generator().manual_seed(0))
    assert torch.equal(sample_next_token(logits, 0.0, top_k=3, top_p=0.5), logits.argmax(-1))
    assert torch.equal(sample_next_token(logits, 1.5, top_k=1), logits.argmax(-1))


def test_seeded_sampling_is_reproducible():
    model = tiny_model()
    idx = random_ids(2, 5, seed=3)
    settings = dict(temperature=1.2, top_k=20, top_p=0.9, repetition_penalty=1.3)
    runs = [model.generate(idx, 30, generator=torch.Generator().manual_seed(seed), **settings) for seed in (7, 7, 8)]
    assert torch.equal(runs[0], runs[1])
    assert not torch.equal(runs[0], runs[2])


@pytest.mark.parametrize("settings,message", [
    ({"temperature": -0.5}, "temperature must be a number >= 0"), ({"temperature": math.nan}, "temperature"),
    ({"top_k": -1}, "top_k must be a whole number >= 0"), ({"top_k": 2.5}, "top_k"),
    ({"top_p": 0.0}, r"top_p must be in \(0, 1\]"), ({"top_p": 1.5}, "top_p"), ({"top_p": -0.1}, "top_p"),
    ({"repetition_penalty": 0.0}, "repetition_penalty must be a number > 0"),
])
def test_invalid_sampling_values_are_one_line_errors(settings, message):
    arguments = {"temperature": 1.0, "top_k": None, "top_p": None, **settings}
    with pytest.raises(ValueError, match=message) as error:
        validate_sampling(**arguments)
    assert "\n" not in str(error.value)
    with pytest.raises(ValueError, match=message):
        tiny_model().generate(torch.zeros(1, 1, dtype=torch.long), 1, **arguments)


# ---- checkpoints ---------------------------------------------------------------------------------------------

def test_checkpoint_round_trip_gives_identical_logits(tmp_path):
    model = tiny_model()
    path = tmp_path / "m.pth"
    save_checkpoint(to_checkpoint(model, step=7), str(path))
    loaded = from_checkpoint(load_checkpoint(str(path)))
    idx = random_ids(2, 16)
    assert torch.equal(model(idx, idx)[0], loaded(idx, idx)[0])
    assert load_checkpoint(str(path))["step"] == 7
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]


def test_checkpoint_strips_compile_wrapper_prefix():
    class Wrapper(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self._orig_mod = inner
    state = to_checkpoint(Wrapper(tiny_model()))["model"]
    assert state and all(not key.startswith("_orig_mod.") for key in state)


def test_checkpoint_written_by_an_older_commit_gives_its_logits():
    with open(FIXTURE + ".json") as f:
        expected = json.load(f)
    model = from_checkpoint(load_checkpoint(FIXTURE + ".pth")).eval()
    with torch.no_grad():
        logits, _ = model(torch.tensor([expected["prompt_ids"]]))
    difference = (logits[0, -1] - torch.tensor(expected["last_logits"])).abs().max().item()
    assert difference < 1e-4, f"logits differ from those {expected['written_by']} computed by {difference:.2e}"


def test_python_model_py_runs():
    result = subprocess.run([sys.executable, os.path.join(ROOT, "model.py")], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "M parameters" in result.stdout and "initial loss" in result.stdout
