"""Shared fixtures: tiny corpora written by the tests themselves, and a tiny trained run."""

import os
import random
import subprocess
import sys

import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
# The tests' models are tiny: a second thread costs more in hand-offs than it saves, and on a busy
# machine it waits for a free core. Subprocesses (the real command lines) keep their own defaults.
torch.set_num_threads(1)

CAPITALS = [("France", "Paris"), ("Italy", "Rome"), ("Japan", "Tokyo"), ("Kenya", "Nairobi"), ("Peru", "Lima"),
            ("Canada", "Ottawa"), ("Egypt", "Cairo"), ("Norway", "Oslo")]


def write_chat_corpus(path, conversations=400, seed=0):
    """A small chat-format corpus: capitals, sums and a two-turn greeting."""
    rng = random.Random(seed)
    lines = []
    for i in range(conversations):
        country, capital = rng.choice(CAPITALS)
        a, b = rng.randint(0, 20), rng.randint(0, 20)
        lines.append(rng.choice([
            f"<USR> What is the capital of {country}? <ASSIST> The capital of {country} is {capital}. <EOT>",
            f"<USR> What is {a} plus {b}? <ASSIST> {a} plus {b} is {a + b}. <EOT>",
            f"<USR> Hello, I am visitor {i}. <ASSIST> G'day, visitor {i}! How can I help? <EOT> "
            f"<USR> Just saying hi. <ASSIST> Lovely to meet you. <EOT>",
        ]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def tiny_train_flags(data_path, checkpoint_dir, **overrides):
    flags = {"local-data-path": data_path, "checkpoint-dir": checkpoint_dir, "vocab-size": 512, "block-size": 32,
             "n-layer": 2, "n-head": 2, "n-embd": 32, "batch-size": 8, "max-iters": 30, "warmup-iters": 2,
             "learning-rate": 0.01, "min-lr": 0.001,
             "eval-interval": 15, "eval-iters": 2, "val-fraction": 0.1, "convert-to-au-english": "false",
             # pinned: DTYPE 'auto' picks bf16 on CPUs with native bf16, and the tests compare float32 runs
             "dtype": "float32"}
    flags.update(overrides)
    return [item for key, value in flags.items() for item in (f"--{key}", str(value))]


def run_script(script, args, stdin=None, timeout=120):
    return subprocess.run([sys.executable, os.path.join(ROOT, script), *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


@pytest.fixture(scope="session")
def trained_run(tmp_path_factory):
    """A tiny model trained once through the real command line; shared by the tests that read it."""
    folder = tmp_path_factory.mktemp("run")
    data = write_chat_corpus(str(folder / "corpus.txt"))
    result = run_script("train_llm.py", tiny_train_flags(data, str(folder / "ckpt")))
    assert result.returncode == 0, result.stderr
    return folder / "ckpt", result
