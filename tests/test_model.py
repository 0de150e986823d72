import math

import pytest
import torch

from model import (IGNORE_INDEX, TinyTransformerLM, filter_top_k, filter_top_p, from_checkpoint, load_checkpoint,
                   sample_next_token, save_checkpoint, to_checkpoint, validate_sampling)

CONFIG = dict(vocab_size=64, block_size=16, n_layer=2, n_head=2, n_embd=32)


@pytest.fixture
def model():
    torch.manual_seed(0)
    return TinyTransformerLM(**CONFIG)


@pytest.fixture
def one_thread():
    # Token-by-token decoding runs its small operations fastest on one thread; on a busy machine every
    # operation that starts a thread team can wait milliseconds for a free core.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_shapes_and_initial_loss_near_uniform(model):
    idx, targets = torch.randint(0, 64, (4, 16)), torch.randint(0, 64, (4, 16))
    logits, loss = model(idx, targets)
    assert logits.shape == (4, 16, 64)
    assert abs(loss.item() - math.log(64)) < 0.1  # an untrained model is close to uniform
    logits, loss = model(idx)
    assert logits.shape == (4, 1, 64) and loss is None


def test_ignored_targets_do_not_count(model):
    idx, targets = torch.randint(0, 64, (2, 16)), torch.randint(0, 64, (2, 16))
    masked = targets.clone()
    masked[:, 8:] = IGNORE_INDEX
    logits, _ = model(idx, targets)
    _, loss = model(idx, masked)
    expected = torch.nn.functional.cross_entropy(logits[:, :8].reshape(-1, 64), targets[:, :8].reshape(-1))
    assert torch.allclose(loss, expected, atol=1e-6)


def test_head_is_tied_and_parameter_count(model):
    assert model.lm_head.weight is model.wte.weight
    n_embd, vocab, block, layers = 32, 64, 16, 2
    per_layer = 2 * 2 * n_embd + (3 * n_embd * n_embd + 3 * n_embd) + (n_embd * n_embd + n_embd) + \
        (4 * n_embd * n_embd + 4 * n_embd) + (4 * n_embd * n_embd + n_embd)
    assert model.num_params() == vocab * n_embd + block * n_embd + layers * per_layer + 2 * n_embd


def test_residual_projections_use_scaled_init():
    torch.manual_seed(0)
    big = TinyTransformerLM(vocab_size=64, block_size=16, n_layer=8, n_head=4, n_embd=256)
    std = big.blocks[0].mlp.c_proj.weight.std().item()
    assert abs(std - 0.02 / math.sqrt(16)) < 0.001
    assert abs(big.blocks[0].mlp.c_fc.weight.std().item() - 0.02) < 0.001


def test_overfits_one_batch(model):
    idx = torch.randint(0, 64, (4, 16))
    optimizer = model.configure_optimizer(weight_decay=0.0, learning_rate=3e-3)
    for _ in range(150):
        _, loss = model(idx[:, :-1], idx[:, 1:])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert loss.item() < 0.1


def test_attention_is_causal(model):
    idx = torch.randint(0, 64, (1, 16))
    changed = idx.clone()
    changed[0, 10] = (changed[0, 10] + 1) % 64
    logits_a, _ = model(idx, idx)
    logits_b, _ = model(changed, changed)
    assert torch.allclose(logits_a[:, :10], logits_b[:, :10], atol=1e-5)
    assert not torch.allclose(logits_a[:, 10:], logits_b[:, 10:], atol=1e-5)


def test_checkpoint_round_trip_gives_identical_logits(model, tmp_path):
    path = tmp_path / "m.pth"
    save_checkpoint(to_checkpoint(model, step=7), str(path))
    loaded = from_checkpoint(load_checkpoint(str(path)))
    idx = torch.randint(0, 64, (2, 16))
    assert torch.equal(model(idx, idx)[0], loaded(idx, idx)[0])
    assert load_checkpoint(str(path))["step"] == 7
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]


def test_checkpoint_strips_compile_wrapper_prefix(model):
    class Wrapper(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self._orig_mod = inner
    state = to_checkpoint(Wrapper(model))["model"]
    assert all(not key.startswith("_orig_mod.") for key in state)


@pytest.mark.parametrize("prompt_len", [1, 5, 15, 16, 20])
def test_greedy_generation_same_with_and_without_cache(model, prompt_len, one_thread):
    idx = torch.randint(0, 64, (2, prompt_len))
    with_cache = model.generate(idx, 40, temperature=0, use_cache=True)
    without = model.generate(idx, 40, temperature=0, use_cache=False)
    assert with_cache.shape == (2, prompt_len + 40)
    assert torch.equal(with_cache, without)


def test_generation_stops_at_eos(model, one_thread):
    idx = torch.randint(0, 64, (1, 4))
    first = model.generate(idx, 1, temperature=0)[0, -1].item()
    out = model.generate(idx, 20, temperature=0, eos_id=first)
    assert out.shape == (1, 5)


def test_top_k_keeps_k_largest():
    logits = torch.tensor([[1.0, 5.0, 3.0, 4.0, 2.0]])
    kept = torch.isfinite(filter_top_k(logits, 2))
    assert kept.tolist() == [[False, True, False, True, False]]


def test_top_p_keeps_smallest_set_reaching_p():
    probs = torch.tensor([[0.5, 0.3, 0.15, 0.05]])
    logits = probs.log()
    assert torch.isfinite(filter_top_p(logits, 0.5)).tolist() == [[True, False, False, False]]
    assert torch.isfinite(filter_top_p(logits, 0.7)).tolist() == [[True, True, False, False]]
    assert torch.isfinite(filter_top_p(logits, 0.8)).tolist() == [[True, True, False, False]]
    assert torch.isfinite(filter_top_p(logits, 0.81)).tolist() == [[True, True, True, False]]
    assert torch.isfinite(filter_top_p(logits, 1.0)).all()


def test_sampling_is_seeded_and_greedy_at_zero():
    logits = torch.randn(1, 50)
    draws = [sample_next_token(logits, 1.0, generator=torch.Generator().manual_seed(3)).item() for _ in range(2)]
    assert draws[0] == draws[1]
    assert sample_next_token(logits, 0.0).item() == logits.argmax().item()


@pytest.mark.parametrize("kwargs,message", [({"temperature": -1}, "temperature"), ({"top_k": -2}, "top_k"),
                                            ({"top_p": 0.0}, "top_p"), ({"top_p": 1.5}, "top_p")])
def test_invalid_sampling_settings(kwargs, message):
    settings = {"temperature": 1.0, "top_k": None, "top_p": None, **kwargs}
    with pytest.raises(ValueError, match=message):
        validate_sampling(**settings)
