"""The CUDA paths: bf16 autocast, fp16 with a GradScaler, torch.compile, flash attention, cached generation.

CI has no GPU, so these are skipped there; run them on a CUDA machine with `python -m pytest -q tests/test_cuda.py`.
"""

import pytest
import torch

from conftest import run_script, tiny_train_flags, write_chat_corpus
from model import TinyTransformerLM, load_checkpoint
from metrics import read_metrics

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def train_on_cuda(tmp_path, name, **overrides):
    data = write_chat_corpus(str(tmp_path / "corpus.txt"))
    flags = tiny_train_flags(data, str(tmp_path / name), device="cuda", **overrides)
    result = run_script("train_llm.py", flags, timeout=300)
    assert result.returncode == 0, result.stderr
    return tmp_path / name, result


def training_losses(checkpoint_dir):
    return [row["train_loss"] for row in read_metrics(str(checkpoint_dir / "metrics.csv"))]


def assert_learned(checkpoint_dir):
    best = load_checkpoint(str(checkpoint_dir / "best.pth"))
    vocab = best["model_config"]["vocab_size"]
    assert best["val_loss"] < 0.6 * torch.log(torch.tensor(float(vocab))).item(), best["val_loss"]
    return best


@pytest.mark.parametrize("dtype", ["bfloat16", "float16"])
def test_mixed_precision_training_learns_and_loads_on_cpu(tmp_path, dtype):
    checkpoint_dir, result = train_on_cuda(tmp_path, dtype, dtype=dtype)
    assert dtype in result.stdout
    best = assert_learned(checkpoint_dir)
    if dtype == "float16":
        assert best["scaler"]["scale"] > 0  # the GradScaler ran and its state is saved for resume
    # The checkpoint holds fp32 weights: the same logits on the CPU as on the GPU.
    checkpoint = load_checkpoint(str(checkpoint_dir / "best.pth"), device="cpu")
    config = checkpoint["model_config"]
    model = TinyTransformerLM(**config)
    model.load_state_dict(checkpoint["model"])
    model.eval()
    idx = torch.randint(0, config["vocab_size"], (2, config["block_size"]))
    with torch.no_grad():
        cpu_logits, _ = model(idx)
        gpu_logits, _ = model.cuda()(idx.cuda())
    assert torch.allclose(cpu_logits, gpu_logits.cpu(), atol=1e-3, rtol=1e-3)


def test_fp16_resume_restores_the_grad_scaler(tmp_path):
    checkpoint_dir, _ = train_on_cuda(tmp_path, "fp16", dtype="float16", **{"max-iters": 10, "eval-interval": 5})
    data = str(tmp_path / "corpus.txt")
    flags = tiny_train_flags(data, str(checkpoint_dir), device="cuda", dtype="float16",
                             **{"max-iters": 20, "eval-interval": 5, "resume": "true"})
    result = run_script("train_llm.py", flags, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "at step 10" in result.stdout
    assert load_checkpoint(str(checkpoint_dir / "latest.pth"))["step"] == 20


def test_compiled_training_matches_eager(tmp_path):
    eager_dir, _ = train_on_cuda(tmp_path, "eager", dtype="float32", compile="false")
    compiled_dir, result = train_on_cuda(tmp_path, "compiled", dtype="float32", compile="true")
    assert "notice: torch.compile" not in result.stdout + result.stderr  # it compiled, no fallback
    eager, compiled = training_losses(eager_dir), training_losses(compiled_dir)
    assert eager and len(eager) == len(compiled)
    for a, b in zip(eager, compiled):
        assert abs(a - b) <= 0.02 * abs(a), (eager, compiled)


def test_attention_runs_on_the_flash_kernel():
    from torch.nn.attention import SDPBackend, sdpa_kernel
    model = TinyTransformerLM(vocab_size=512, block_size=128, n_layer=2, n_head=4, n_embd=128).cuda()
    idx = torch.randint(0, 512, (4, 128), device="cuda")
    with torch.autocast("cuda", dtype=torch.bfloat16), sdpa_kernel(SDPBackend.FLASH_ATTENTION):
        logits, loss = model(idx, targets=idx)  # raises if our attention call is not flash-eligible
        loss.backward()
    assert torch.isfinite(loss)
    with torch.no_grad():
        reference, _ = model(idx, targets=idx)  # fp32, whatever kernel torch picks
    assert logits.shape == reference.shape
    assert (logits.float() - reference).abs().max() < 0.1


@pytest.mark.parametrize("prompt_len", [5, 60, 130])
def test_cached_greedy_generation_equals_uncached_on_cuda(prompt_len):
    torch.manual_seed(0)
    model = TinyTransformerLM(vocab_size=300, block_size=64, n_layer=2, n_head=2, n_embd=64).cuda().eval()
    idx = torch.randint(0, 300, (2, prompt_len), device="cuda")
    cached = model.generate(idx, 40, temperature=0, use_cache=True)
    uncached = model.generate(idx, 40, temperature=0, use_cache=False)
    assert torch.equal(cached, uncached)


def test_inference_cli_on_cuda(tmp_path):
    from inference import load_model, reply
    checkpoint_dir, _ = train_on_cuda(tmp_path, "run")
    question = "What is 2 plus 3?"
    result = run_script("inference.py", ["--checkpoint-path", str(checkpoint_dir / "best.pth"), "--device", "cuda",
                                         "--prompt", question, "--temperature", "0", "--max-new-tokens", "12"])
    assert result.returncode == 0, result.stderr
    model, tokenizer, _ = load_model(str(checkpoint_dir / "best.pth"), "cuda")
    expected, _ = reply(model, tokenizer, [{"role": "user", "content": question}], max_new_tokens=12, temperature=0.0)
    assert expected and result.stdout.strip() == expected


@pytest.mark.parametrize("optimizer", ["adamw", "muon"])
def test_training_steps_between_loss_reads_never_wait_for_the_gpu(tmp_path, optimizer):
    # CUDA's sync debug mode raises on any operation that makes the CPU wait for the GPU: the steps between
    # two reads of the loss (LOG_INTERVAL) must queue their work and go on, batches prefetched included.
    import train_llm
    data = write_chat_corpus(str(tmp_path / "corpus.txt"))
    cfg = train_llm.make_config(tiny_train_flags(data, str(tmp_path / "run"), device="cuda", dtype="bfloat16",
                                                 compile="false", optimizer=optimizer))
    trainer = train_llm.prepare(cfg, log=lambda *args: None)
    unread = [trainer.train_step()[0]]  # the first step allocates the optimiser state
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        unread += [trainer.train_step()[0] for _ in range(5)]
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert len(unread) == 6 and all(loss.is_cuda for loss in unread)
    assert 0 < trainer.read_loss(unread) < 10


def test_a_padded_vocabulary_trains_generates_and_exports_on_cuda():
    torch.manual_seed(0)
    model = TinyTransformerLM(vocab_size=300, block_size=32, n_layer=2, n_head=2, n_embd=64).cuda()  # 320 rows
    assert model.wte.weight.shape[0] == 320
    idx = torch.randint(0, 300, (4, 32), device="cuda")
    with torch.autocast("cuda", dtype=torch.bfloat16):
        logits, loss = model(idx, targets=idx)
    loss.backward()
    assert logits.shape == (4, 32, 300) and model.wte.weight.grad.shape == (320, 64)
    out = model.eval().generate(idx[:, :8], 20, temperature=1.0)
    assert out[:, 8:].max() < 300
