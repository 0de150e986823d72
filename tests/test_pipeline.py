"""End to end through the real command lines: train a tiny model, then chat with it."""

import torch

from conftest import run_script, tiny_train_flags, write_chat_corpus
from model import load_checkpoint


def test_training_writes_self_contained_checkpoints(trained_run):
    checkpoint_dir, result = trained_run
    assert "val loss" in result.stdout and "bits/byte" in result.stdout
    latest = load_checkpoint(str(checkpoint_dir / "latest.pth"))
    best = load_checkpoint(str(checkpoint_dir / "best.pth"))
    assert latest["step"] == 30
    assert best["val_loss"] == best["best_val_loss"] and best["val_bpb"] > 0
    assert isinstance(best["tokenizer"], str) and best["model_config"]["n_embd"] == 32
    assert (checkpoint_dir / "tokenizer" / "tokenizer.json").exists()


def test_piped_chat_replies_once_per_line(trained_run):
    checkpoint_dir, _ = trained_run
    result = run_script("inference.py", ["--checkpoint-path", str(checkpoint_dir / "best.pth"), "--max-new-tokens",
                                         "12"], stdin="hello\nWhat is the capital of France?\n")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_one_shot_prompt(trained_run):
    checkpoint_dir, _ = trained_run
    result = run_script("inference.py", ["--checkpoint-path", str(checkpoint_dir / "best.pth"), "--prompt",
                                         "What is 2 plus 3?", "--temperature", "0", "--max-new-tokens", "12"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_training_learns_the_corpus(trained_run):
    checkpoint_dir, _ = trained_run
    best = load_checkpoint(str(checkpoint_dir / "best.pth"))
    vocab = best["model_config"]["vocab_size"]
    assert best["val_loss"] < 0.6 * torch.log(torch.tensor(float(vocab))).item()


def test_resume_continues_from_latest(tmp_path):
    data = write_chat_corpus(str(tmp_path / "c.txt"))
    flags = tiny_train_flags(data, str(tmp_path / "ckpt"), **{"max-iters": 10, "eval-interval": 5})
    assert run_script("train_llm.py", flags).returncode == 0
    more = tiny_train_flags(data, str(tmp_path / "ckpt"), **{"max-iters": 20, "eval-interval": 5, "resume": "true"})
    result = run_script("train_llm.py", more)
    assert result.returncode == 0, result.stderr
    assert "resumed from" in result.stdout and "at step 10" in result.stdout
    assert load_checkpoint(str(tmp_path / "ckpt" / "latest.pth"))["step"] == 20


def test_progress_bar_does_not_redraw_every_step_into_a_log(trained_run):
    _, result = trained_run  # stdout was a pipe, as when training output goes to a log file
    redraws = result.stdout.count("\r")
    assert redraws < 15, f"{redraws} progress-bar redraws for 30 steps: the log would hold one per step"
