"""End to end through the real command lines: train a tiny model, chat with it, fine-tune it."""

import torch

from conftest import run_script, tiny_train_flags, write_chat_corpus
from inference import load_model, reply
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


def test_the_command_line_replies_as_the_python_api_does(trained_run):
    checkpoint_dir, _ = trained_run
    question = "What is the capital of France?"
    result = run_script("inference.py", ["--checkpoint-path", str(checkpoint_dir / "best.pth"), "--prompt",
                                         question, "--temperature", "0", "--max-new-tokens", "12"])
    assert result.returncode == 0, result.stderr
    model, tokenizer, _ = load_model(str(checkpoint_dir / "best.pth"))
    expected, _ = reply(model, tokenizer, [{"role": "user", "content": question}], max_new_tokens=12, temperature=0.0)
    assert expected and result.stdout.strip() == expected


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


def test_a_short_run_fits_its_warm_up_and_only_an_explicit_contradiction_is_an_error(tmp_path):
    data = write_chat_corpus(str(tmp_path / "c.txt"), conversations=100)
    flags = [flag for flag in tiny_train_flags(data, str(tmp_path / "a"), **{"max-iters": 20, "eval-interval": 20})]
    without_warm_up = flags[:flags.index("--warmup-iters")] + flags[flags.index("--warmup-iters") + 2:]
    result = run_script("train_llm.py", without_warm_up)  # the default WARMUP_ITERS (40) is longer than the run
    assert result.returncode == 0, result.stderr
    assert load_checkpoint(str(tmp_path / "a" / "latest.pth"))["train_config"]["warmup_iters"] == 2
    result = run_script("train_llm.py", tiny_train_flags(data, str(tmp_path / "b"), **{"max-iters": 20,
                                                                                         "warmup-iters": 40}))
    assert result.returncode == 1 and "--warmup-iters (40) must be between 0 and --max-iters (20)" in result.stderr


def test_a_new_run_never_replaces_a_trained_one_unless_asked(tmp_path):
    data = write_chat_corpus(str(tmp_path / "c.txt"), conversations=100)
    flags = tiny_train_flags(data, str(tmp_path / "ckpt"), **{"max-iters": 4, "eval-interval": 2})
    assert run_script("train_llm.py", flags).returncode == 0
    best = (tmp_path / "ckpt" / "best.pth").read_bytes()
    result = run_script("train_llm.py", flags)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert all(way in result.stderr for way in ("--resume true", "--checkpoint-dir", "--overwrite true"))
    assert (tmp_path / "ckpt" / "best.pth").read_bytes() == best
    result = run_script("train_llm.py", flags + ["--overwrite", "true", "--seed", "7"])
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ckpt" / "best.pth").read_bytes() != best


def test_fine_tuning_teaches_a_trained_model_a_new_fact(trained_run, tmp_path):
    checkpoint_dir, _ = trained_run
    base = load_checkpoint(str(checkpoint_dir / "best.pth"))
    fact = [{"role": "user", "content": "What is the capital of Atlantis?"},
            {"role": "assistant", "content": "The capital of Atlantis is Poseidonia."}]
    new_data = write_chat_corpus(str(tmp_path / "new.txt"), conversations=200, seed=1)
    with open(new_data, "a", encoding="utf-8") as f:
        f.write("<USR> What is the capital of Atlantis? <ASSIST> The capital of Atlantis is Poseidonia. <EOT>\n" * 40)

    def fact_loss(path):
        model, tokenizer, _ = load_model(str(path))
        ids = torch.tensor([tokenizer.encode_chat(fact)[:model.block_size + 1]])
        return model(ids[:, :-1], ids[:, 1:])[1].item()

    flags = tiny_train_flags(new_data, str(tmp_path / "tuned"), **{"init-from": str(checkpoint_dir / "best.pth"),
                                                                     "max-iters": 40, "eval-interval": 20})
    shape_flags = ("--vocab-size", "--block-size", "--n-layer", "--n-head", "--n-embd")  # the checkpoint decides
    flags = [f for i, f in enumerate(flags) if f not in shape_flags and (i == 0 or flags[i - 1] not in shape_flags)]
    result = run_script("train_llm.py", flags)
    assert result.returncode == 0, result.stderr
    tuned = load_checkpoint(str(tmp_path / "tuned" / "best.pth"))
    assert tuned["tokenizer"] == base["tokenizer"] and tuned["model_config"] == base["model_config"]
    assert tuned["step"] == 40  # a fresh schedule, not the base run's steps continued
    assert fact_loss(tmp_path / "tuned" / "best.pth") < 0.65 * fact_loss(checkpoint_dir / "best.pth")
    assert not (tmp_path / "tuned" / "tokenizer").exists()  # the checkpoint's tokenizer, not a new one

    contradiction = tiny_train_flags(new_data, str(tmp_path / "other"), **{
        "init-from": str(checkpoint_dir / "best.pth"), "n-layer": 3})
    result = run_script("train_llm.py", contradiction)
    assert result.returncode == 1 and "n_layer is 2 in the checkpoint but 3 now" in result.stderr
