"""DistributedDataParallel through the real command line: torchrun, 2 CPU processes, gloo.

Every rank draws the same global batch and computes its own rows, and DDP averages the gradients, so
2 processes x BATCH_SIZE 4 x GRAD_ACCUM_STEPS 2 must train exactly what 1 process x BATCH_SIZE 16 does
(up to float rounding). The DDP run also stops half-way and resumes, so the comparison covers the
sharding, the gradient sync skipped on accumulation micro-steps, the loss scaling of accumulation, rank 0
alone writing checkpoints and logs, and all ranks resuming from the same checkpoint.
"""

import os
import re
import signal
import subprocess
import sys

import pytest
import torch

from conftest import ROOT, tiny_train_flags, write_chat_corpus
from model import load_checkpoint

pytestmark = pytest.mark.skipif(not torch.distributed.is_available() or not torch.distributed.is_gloo_available(),
                                reason="this torch build has no gloo backend")


def run(args, processes=1, timeout=240):
    """train_llm.py in one process, or under torchrun in several, each with one thread (several processes
    with a thread per core each would fight over the cores; one thread also keeps a busy machine quick)."""
    env = dict(os.environ, OMP_NUM_THREADS="1")
    launcher = ["-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={processes}"] if processes > 1 else []
    command = [sys.executable, *launcher, os.path.join(ROOT, "train_llm.py"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)


def output(result):
    """What a failed run printed: the end of its output and all of its errors (a rank that dies at exit
    prints the first clue well before torchrun's report of it)."""
    return f"{result.stdout[-2000:]}\n---- stderr ----\n{result.stderr}"


def train_losses(stdout):
    """{step: training loss} from the evaluation lines the run printed."""
    return {int(step): float(loss) for step, loss in re.findall(r"step (\d+): train loss ([\d.]+)", stdout)}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ddp")
    data = write_chat_corpus(str(folder / "corpus.txt"))
    # constant learning rate (no warm-up, MIN_LR = LEARNING_RATE), so stopping at step 2 and resuming to
    # step 4 follows the same schedule as running to step 4 at once
    # AdamW: Muon's orthogonalisation would magnify the float rounding of the summed gradients (below)
    # beyond the tolerance; which optimiser steps does not change what DDP must get right
    common = {"device": "cpu", "tokenizer-dir": str(folder / "tokenizer"), "warmup-iters": 0,
              "learning-rate": 0.01, "min-lr": 0.01, "eval-interval": 2, "optimizer": "adamw"}
    ddp_flags = dict(common, **{"batch-size": 4, "grad-accum-steps": 2})

    # the DDP run goes first: its rank 0 trains the tokenizer while rank 1 waits, then loads it
    first = run(tiny_train_flags(data, str(folder / "ddp"), **ddp_flags, **{"max-iters": 2}), processes=2)
    assert first.returncode == 0, output(first)
    halfway = load_checkpoint(str(folder / "ddp" / "latest.pth"))
    single = run(tiny_train_flags(data, str(folder / "single"), **common, **{
        "batch-size": 16, "grad-accum-steps": 1, "max-iters": 4}))
    assert single.returncode == 0, output(single)
    resumed = run(tiny_train_flags(data, str(folder / "ddp"), **ddp_flags, **{"max-iters": 4, "resume": "true"}),
                  processes=2)
    assert resumed.returncode == 0, output(resumed)
    return {"single": load_checkpoint(str(folder / "single" / "latest.pth")), "halfway": halfway,
            "ddp": load_checkpoint(str(folder / "ddp" / "latest.pth")), "first": first, "resumed": resumed,
            "single_run": single}


def test_two_processes_train_what_one_process_with_the_whole_batch_trains(runs):
    single, ddp, halfway = runs["single"], runs["ddp"], runs["halfway"]
    assert single["step"] == ddp["step"] == 4 and halfway["step"] == 2
    assert single["tokens_seen"] == ddp["tokens_seen"] == 4 * 16 * 32
    assert single["model"].keys() == ddp["model"].keys()
    assert not any(key.startswith(("module.", "_orig_mod.")) for key in ddp["model"])  # the plain module's weights
    # Float rounding differs (the gradient is summed in another order). Adam divides each gradient by its
    # own running size, so where the exact gradient is zero (the bias of the keys: softmax ignores a shift
    # shared by all keys) the update follows rounding noise, up to a small fraction of the learning rate
    # (0.01); everywhere else the weights agree to about 1e-7.
    for name, weight in single["model"].items():
        assert torch.allclose(weight, ddp["model"][name], rtol=1e-4, atol=1e-4), (
            f"{name}: largest difference {(weight - ddp['model'][name]).abs().max().item():.2e}")
    # and the comparison is not vacuous: training moved the weights between step 2 and step 4
    moved = max((ddp["model"][name] - halfway["model"][name]).abs().max().item() for name in ddp["model"])
    assert moved > 1e-2


def test_logged_loss_is_the_mean_over_all_ranks(runs):
    # the loss is scaled for accumulation and averaged over the ranks, so the logs agree with one process
    single = train_losses(runs["single_run"].stdout)
    ddp = {**train_losses(runs["first"].stdout), **train_losses(runs["resumed"].stdout)}
    assert single.keys() == ddp.keys() == {2, 4}
    for step in single:
        assert abs(single[step] - ddp[step]) < 2e-4, (step, single[step], ddp[step])


def test_only_rank_zero_logs(runs):
    first, resumed = runs["first"].stdout, runs["resumed"].stdout
    assert first.count("trained a ") == 1 and "x 2 processes" in first and first.count("run: ") == 1
    assert first.count("done: best validation loss") == 1
    assert resumed.count("resumed from") == 1 and "at step 2" in resumed


def test_under_a_time_budget_rank_zeros_clock_stops_every_rank_at_the_same_step(tmp_path):
    # Each rank times its own steps, but only rank 0's clock counts: it reaches the others in the per-step
    # all-reduce. Were each rank to follow its own, one would stop first and the other would wait in that
    # all-reduce for ever (the run would time out here).
    data = write_chat_corpus(str(tmp_path / "corpus.txt"))
    flags = tiny_train_flags(data, str(tmp_path / "ddp"), **{"device": "cpu", "max-iters": 0,
                                                               "time-budget-minutes": 0.05, "batch-size": 4})
    result = run(flags, processes=2, timeout=120)
    assert result.returncode == 0, output(result)
    checkpoint = load_checkpoint(str(tmp_path / "ddp" / "latest.pth"))
    assert checkpoint["train_seconds"] >= 3.0 and checkpoint["step"] > 0
    assert f"trained {checkpoint['step']} steps in" in result.stdout


def test_ctrl_c_under_ddp_stops_every_rank_at_the_next_read_and_saves(tmp_path):
    # Ctrl-C reaches every process of the terminal's group; the ranks agree on it at the next read of the
    # loss (every LOG_INTERVAL steps), so all stop after the same step and rank 0 saves it.
    data = write_chat_corpus(str(tmp_path / "corpus.txt"))
    flags = tiny_train_flags(data, str(tmp_path / "ddp"), **{"device": "cpu", "max-iters": 100000, "eval-interval": 20,
                                                               "log-interval": 5, "batch-size": 4})
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
               os.path.join(ROOT, "train_llm.py"), *flags]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               env=dict(os.environ, OMP_NUM_THREADS="1"), start_new_session=True)
    for line in process.stdout:  # the first evaluation has been printed: training is under way on both ranks
        if line.startswith("step 20:"):
            break
    os.killpg(process.pid, signal.SIGINT)
    out, _ = process.communicate(timeout=120)
    stopped = re.search(r"stopped at step (\d+); saved", out)
    assert stopped, out[-2000:]
    step = int(stopped.group(1))
    assert step % 5 == 0 and load_checkpoint(str(tmp_path / "ddp" / "latest.pth"))["step"] == step
