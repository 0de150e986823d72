"""Never lose a run, never run a stranger's code, never crash on bad input."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import torch

import train_llm
from conftest import ROOT, run_script, tiny_train_flags, write_chat_corpus
from flags import UserError
from metrics import read_metrics
from model import load_checkpoint


@pytest.fixture
def corpus(tmp_path):
    return write_chat_corpus(str(tmp_path / "corpus.txt"))


def make_trainer(corpus, checkpoint_dir, **overrides):
    cfg = train_llm.make_config(tiny_train_flags(corpus, str(checkpoint_dir), **overrides))
    return train_llm.prepare(cfg, log=lambda *args: None)


def test_resumed_run_reproduces_the_uninterrupted_losses(corpus, tmp_path):
    settings = {"max-iters": 12, "dropout": 0.1}  # dropout makes the RNG state matter
    straight = make_trainer(corpus, tmp_path / "a", **settings)
    expected = [straight.train_step()[0] for _ in range(12)]

    first_half = make_trainer(corpus, tmp_path / "b", **settings)
    losses = [first_half.train_step()[0] for _ in range(6)]
    first_half.save(first_half.latest_path)
    del first_half
    second_half = make_trainer(corpus, tmp_path / "b", resume="true", **settings)
    assert second_half.step == 6
    losses += [second_half.train_step()[0] for _ in range(6)]
    assert losses == expected  # bit-identical on the CPU


def test_failed_save_keeps_the_previous_checkpoint(corpus, tmp_path, monkeypatch):
    trainer = make_trainer(corpus, tmp_path / "ckpt")
    trainer.train_step()
    trainer.save(trainer.latest_path)
    before = open(trainer.latest_path, "rb").read()
    trainer.train_step()

    def disk_full(obj, f, *args, **kwargs):
        f.write(b"partial")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(torch, "save", disk_full)
    with pytest.raises(UserError, match="No space left on device.*previous checkpoint there is intact"):
        trainer.save(trainer.latest_path)
    assert open(trainer.latest_path, "rb").read() == before
    assert os.listdir(tmp_path / "ckpt") == ["latest.pth", "tokenizer"] or \
        sorted(os.listdir(tmp_path / "ckpt")) == ["latest.pth", "tokenizer"]


def test_non_finite_loss_stops_before_anything_is_saved(corpus, tmp_path, monkeypatch):
    trainer = make_trainer(corpus, tmp_path / "ckpt")
    original = trainer.train_model.forward

    def poisoned(x, y):
        logits, loss = original(x, y)
        return logits, loss * float("nan")
    monkeypatch.setattr(trainer.train_model, "forward", poisoned)
    with pytest.raises(UserError, match="loss became nan in steps 1-10; nothing was saved"):  # read every 10 steps
        trainer.train()
    assert not (tmp_path / "ckpt" / "latest.pth").exists()
    assert not (tmp_path / "ckpt" / "best.pth").exists()


def test_the_loss_is_read_every_log_interval_steps_and_before_each_evaluation(corpus, tmp_path, monkeypatch):
    # Each read makes the CPU wait for the device; between reads the step losses stay on the device.
    trainer = make_trainer(corpus, tmp_path / "ckpt", **{"max-iters": 30, "eval-interval": 15, "log-interval": 10})
    steps_read, step_losses, read = [], [], trainer.read_loss
    original_step = trainer.train_step

    def train_step():
        loss, lr = original_step()
        step_losses.append(loss.item())
        return loss, lr

    def read_loss(unread):
        steps_read.append((trainer.step, len(unread)))
        return read(unread)
    monkeypatch.setattr(trainer, "train_step", train_step)
    monkeypatch.setattr(trainer, "read_loss", read_loss)
    trainer.train()
    assert steps_read == [(10, 10), (15, 5), (20, 5), (30, 10)]
    logged = {row["step"]: row["train_loss"] for row in read_metrics(str(tmp_path / "ckpt" / "metrics.csv"))}
    assert logged[15] == pytest.approx(sum(step_losses[10:15]) / 5, rel=1e-5)  # the mean since the last read


@pytest.mark.parametrize("val_losses, warned", [((2.0, 2.5, 3.0), True), ((3.0, 2.5, 2.0), False),
                                                ((2.0, 2.01, 2.015), False)])
def test_a_run_that_ends_memorising_says_where_best_pth_stopped(corpus, tmp_path, monkeypatch, val_losses, warned):
    # The validation losses are scripted; the steps, the checkpoints and the message are the real run's.
    trainer = make_trainer(corpus, tmp_path / "ckpt", **{"max-iters": 30, "eval-interval": 10})
    messages, scripted = [], iter(val_losses)
    monkeypatch.setattr(trainer, "log", messages.append)
    monkeypatch.setattr(trainer, "evaluate", lambda: {"val_loss": next(scripted), "val_bpb": 1.0})
    trainer.train()
    best_step = 10 * (val_losses.index(min(val_losses)) + 1)
    assert load_checkpoint(trainer.best_path)["step"] == best_step
    assert load_checkpoint(trainer.latest_path)["best_step"] == best_step
    hint = [m for m in messages if m.startswith("validation loss was lowest")]
    if warned:  # a rise of more than 1% since the best evaluation
        assert hint == ["validation loss was lowest at step 10 (2.0000) and rose to 3.0000 by step 30: the model "
                        "began memorising its training text, so best.pth keeps step 10. More text, a stronger "
                        "--weight-decay (1.0 on plain prose) or, in a long run, --dropout 0.1 (README) lets it "
                        "learn for longer"]
    else:
        assert hint == []


def test_resume_with_different_model_settings_names_each_field(corpus, tmp_path):
    assert run_script("train_llm.py", tiny_train_flags(corpus, str(tmp_path / "c"), **{"max-iters": 4,
                                                                                       "eval-interval": 2})).returncode == 0
    flags = tiny_train_flags(corpus, str(tmp_path / "c"), **{"max-iters": 8, "eval-interval": 2, "resume": "true",
                                                             "n-embd": 48, "n-layer": 3})
    result = run_script("train_llm.py", flags)
    assert result.returncode == 1
    assert "n_layer is 2 in the checkpoint but 3 now" in result.stderr
    assert "n_embd is 32 in the checkpoint but 48 now" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_resume_with_a_different_tokenizer_is_refused(corpus, tmp_path):
    flags = tiny_train_flags(corpus, str(tmp_path / "c"), **{"max-iters": 4, "eval-interval": 2})
    assert run_script("train_llm.py", flags).returncode == 0
    other = tmp_path / "other_tokenizer"
    train_llm.CustomTokenizer().train(iter(["a completely different text"] * 50), 300, 1).save(str(other))
    result = run_script("train_llm.py", tiny_train_flags(corpus, str(tmp_path / "c"), **{
        "max-iters": 8, "eval-interval": 2, "resume": "true", "tokenizer-dir": str(other)}))
    assert result.returncode == 1 and "not the one this checkpoint was trained with" in result.stderr


def test_resume_takes_the_tokenizer_from_the_checkpoint(corpus, tmp_path):
    flags = tiny_train_flags(corpus, str(tmp_path / "c"), **{"max-iters": 4, "eval-interval": 2})
    assert run_script("train_llm.py", flags).returncode == 0
    shutil.rmtree(tmp_path / "c" / "tokenizer")  # lost: the checkpoint still carries the tokenizer
    result = run_script("train_llm.py", tiny_train_flags(corpus, str(tmp_path / "c"), **{
        "max-iters": 6, "eval-interval": 2, "resume": "true"}))
    assert result.returncode == 0, result.stderr
    latest = load_checkpoint(str(tmp_path / "c" / "latest.pth"))
    assert latest["step"] == 6 and not (tmp_path / "c" / "tokenizer").exists()


def test_resume_without_a_checkpoint_is_a_clear_error(corpus, tmp_path):
    result = run_script("train_llm.py", tiny_train_flags(corpus, str(tmp_path / "none"), resume="true"))
    assert result.returncode == 1 and "there is no" in result.stderr and "latest.pth" in result.stderr


class _Payload:
    """Unpickling this would create a marker file: the kind of code a malicious .pth could carry."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_checkpoint_with_a_pickle_payload_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / "payload_ran"
    path = tmp_path / "evil.pth"
    torch.save({"model_config": {}, "model": {}, "surprise": _Payload(str(marker))}, str(path))
    with pytest.raises(UserError, match="refusing to load"):
        load_checkpoint(str(path))
    assert not marker.exists()
    result = run_script("inference.py", ["--checkpoint-path", str(path), "--prompt", "hi"])
    assert result.returncode == 1 and "refusing to load" in result.stderr and "Traceback" not in result.stderr
    assert not marker.exists()


def test_truncated_and_garbage_checkpoints_are_one_line_errors(trained_run, tmp_path):
    checkpoint_dir, _ = trained_run
    data = open(checkpoint_dir / "best.pth", "rb").read()
    (tmp_path / "truncated.pth").write_bytes(data[: len(data) // 2])
    (tmp_path / "garbage.pth").write_bytes(b"this is not a checkpoint at all" * 10)
    for name in ("truncated.pth", "garbage.pth"):
        result = run_script("inference.py", ["--checkpoint-path", str(tmp_path / name), "--prompt", "hi"])
        assert result.returncode == 1, result.stderr
        assert name in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_corrupt_tokenizer_folder_is_a_clear_error(corpus, tmp_path):
    (tmp_path / "tok").mkdir()
    (tmp_path / "tok" / "tokenizer.json").write_text('{"version": "1.0", "truncated')
    result = run_script("train_llm.py", tiny_train_flags(corpus, str(tmp_path / "c"), **{"tokenizer-dir": str(tmp_path / "tok")}))
    assert result.returncode == 1 and "is corrupt" in result.stderr and "Traceback" not in result.stderr


def test_non_utf8_bytes_are_replaced_with_a_counted_warning(tmp_path):
    corpus = write_chat_corpus(str(tmp_path / "corpus.txt"))
    with open(corpus, "ab") as f:
        f.write(b"<USR> caf\xe9 menu <ASSIST> The caf\xe9 opens at nine. <EOT>\n")
        f.write(b"<USR> \xff\xfe odd <ASSIST> Odd bytes. <EOT>\n")
    result = run_script("train_llm.py", tiny_train_flags(corpus, str(tmp_path / "c"), **{"max-iters": 2, "eval-interval": 2}))
    assert result.returncode == 0, result.stderr
    assert "2 lines had bytes that are not UTF-8" in result.stderr


@contextlib.contextmanager
def _running(*args):
    """A Python process for a test that never outlives it, even when the test fails halfway."""
    process = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _long_training_flags(corpus, checkpoint_dir):
    return tiny_train_flags(corpus, str(checkpoint_dir), **{"max-iters": 100000, "eval-interval": 5})


def _wait_until(process, ready, what, timeout=120):
    """Poll ready() while the process runs; fail with its errors if it stops, or after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, f"no {what} within {timeout}s"
        time.sleep(0.05)


def _checkpoint_step(path):
    if not os.path.exists(path):
        return -1
    try:
        return load_checkpoint(str(path))["step"]
    except UserError:
        return -1  # being replaced right now


def test_ctrl_c_saves_latest_and_exits_cleanly(corpus, tmp_path):
    latest = tmp_path / "c" / "latest.pth"
    with _running(os.path.join(ROOT, "train_llm.py"), *_long_training_flags(corpus, tmp_path / "c")) as process:
        _wait_until(process, lambda: _checkpoint_step(latest) >= 5, "checkpoint at step 5", timeout=60)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "--resume true" in stdout
    saved_step = load_checkpoint(str(latest))["step"]
    assert saved_step >= 5 and f"stopped at step {saved_step}" in stdout


# train_llm.py, run so that its third checkpoint write stops halfway: the temporary file holds half the
# checkpoint when the process touches the cue file (argv[1]) and waits to be killed. A kill at a moment
# chosen by the clock would almost never land inside a save; this one always does.
KILLED_INSIDE_THE_THIRD_SAVE = r"""
import os, runpy, signal, sys
import model
cue, write_atomically, saves = sys.argv[1], model.atomic_write, []
def stall_the_third(path, write, mode="wb"):
    saves.append(path)
    if len(saves) < 3:
        return write_atomically(path, write, mode)
    def half_then_wait(f):
        write(f)
        f.truncate(f.tell() // 2)
        f.flush()
        open(cue, "w").close()
        signal.pause()
    return write_atomically(path, half_then_wait, mode)
model.atomic_write = stall_the_third
sys.argv = sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_sigkill_in_the_middle_of_a_save_leaves_the_previous_checkpoint_to_resume(corpus, tmp_path):
    folder, cue = tmp_path / "c", tmp_path / "inside_the_save"
    # saves: latest.pth and best.pth at step 5, then latest.pth at step 10, which is cut off
    with _running("-c", KILLED_INSIDE_THE_THIRD_SAVE, str(cue), os.path.join(ROOT, "train_llm.py"),
                  *_long_training_flags(corpus, folder)) as process:
        _wait_until(process, cue.exists, "third save")
    # leaving the with-block killed it there
    # killed with the new checkpoint half-written beside the previous one
    assert [name for name in os.listdir(folder) if ".tmp" in name] == [f"latest.pth.tmp{process.pid}"]
    assert 0 < os.path.getsize(folder / f"latest.pth.tmp{process.pid}") < os.path.getsize(folder / "latest.pth")
    assert load_checkpoint(str(folder / "latest.pth"))["step"] == 5  # the previous one, whole
    result = run_script("train_llm.py", tiny_train_flags(corpus, str(folder), **{
        "max-iters": 12, "eval-interval": 6, "resume": "true"}))
    assert result.returncode == 0, result.stderr
    assert f"resumed from {folder / 'latest.pth'} at step 5" in result.stdout
    assert load_checkpoint(str(folder / "latest.pth"))["step"] == 12
    assert not [name for name in os.listdir(folder) if ".tmp" in name]  # the half-written file is cleared away


def test_streaming_training_run_resumes_where_it_stopped(tmp_path):
    data = write_chat_corpus(str(tmp_path / "c.txt"), conversations=600)
    # a constant learning rate, so the 4-step run's schedule is the first half of the 8-step run's
    common = {"streaming": "true", "val-tokens": 400, "shuffle-windows": 16, "eval-interval": 4, "max-iters": 8,
              "warmup-iters": 0, "min-lr": 0.01}
    # the straight 8-step run and the first 4 steps of the interrupted one run side by side
    runs = [subprocess.Popen([sys.executable, os.path.join(ROOT, "train_llm.py"), *tiny_train_flags(data, folder, **flags)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
            for folder, flags in ((str(tmp_path / "a"), common), (str(tmp_path / "b"), {**common, "max-iters": 4}))]
    (straight_out, straight_err), (_, first_err) = (run.communicate(timeout=300) for run in runs)
    assert runs[0].returncode == 0, straight_err
    assert runs[1].returncode == 0, first_err
    assert "streamed training data" in straight_out
    state = load_checkpoint(str(tmp_path / "b" / "latest.pth"))["data_state"]
    assert state["kind"] == "stream" and state["positions"] and state["positions"][0][3] > 0  # windows given
    resumed = run_script("train_llm.py", tiny_train_flags(data, str(tmp_path / "b"), **{**common, "resume": "true"}))
    assert resumed.returncode == 0, resumed.stderr
    # the resumed run read on from where the first stopped, and ends where the straight run ends, with the same weights
    a, b = load_checkpoint(str(tmp_path / "a" / "latest.pth")), load_checkpoint(str(tmp_path / "b" / "latest.pth"))
    assert a["data_state"] == b["data_state"] and a["data_state"] != state
    assert all(torch.equal(a["model"][name], b["model"][name]) for name in a["model"])
