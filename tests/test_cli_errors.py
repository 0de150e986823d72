"""Flags generated from constants, and one-line errors for bad settings and input."""

import pytest

from conftest import ROOT, run_script, tiny_train_flags, write_chat_corpus
from flags import build_parser, constant_comments


def test_every_commented_constant_is_a_flag_with_its_comment():
    import train_llm
    comments = constant_comments(f"{ROOT}/train_llm.py")
    assert {"MAX_ITERS", "CHECKPOINT_DIR", "DATA_SOURCE", "RESUME", "LEARNING_RATE"} <= set(comments)
    parser = build_parser(vars(train_llm), f"{ROOT}/train_llm.py")
    help_text = parser.format_help()
    assert "--max-iters" in help_text and "--checkpoint-dir" in help_text
    assert comments["MAX_ITERS"] in " ".join(help_text.split())
    args = parser.parse_args(["--max-iters", "7", "--resume", "yes", "--learning-rate", "0.01"])
    assert (args.max_iters, args.resume, args.learning_rate) == (7, True, 0.01)
    assert parser.parse_args([]).max_iters == train_llm.MAX_ITERS


@pytest.mark.parametrize("script,args,message", [
    ("train_llm.py", ["--no-such-flag", "1"], "unrecognized arguments: --no-such-flag"),
    ("train_llm.py", ["--max-iters", "ten"], "argument --max-iters: expected int, got 'ten'"),
    ("train_llm.py", ["--resume", "maybe"], "expected true or false"),
    ("inference.py", ["--top-k", "1.5"], "expected int"),
])
def test_bad_flags_are_one_line_errors(script, args, message):
    result = run_script(script, args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("overrides,message", [
    ({"n-embd": 30, "n-head": 4}, "must be divisible by --n-head"),
    ({"learning-rate": 0}, "--learning-rate must be positive"),
    ({"muon-lr-multiplier": -1}, "--muon-lr-multiplier must be positive"),
    ({"batch-size": 0}, "--batch-size must be a positive number"),
    ({"block-size": -4}, "--block-size must be a positive number"),
    ({"min-lr": 1.0}, "--min-lr (1.0) must be between 0 and --learning-rate (0.01)"),
    ({"warmup-iters": 100}, "--warmup-iters (100) must be between 0 and --max-iters"),
    ({"max-iters": 0, "time-budget-minutes": 0}, "give the run a length: --max-iters N (steps) or --time-budget"),
    ({"max-iters": -1}, "give the run a length"),
    ({"optimizer": "sgd"}, "--optimizer must be adamw or muon, got 'sgd'"),
    ({"cooldown-fraction": 0}, "--cooldown-fraction must be above 0 and at most 1"),
    ({"eval-interval": 0}, "--eval-interval must be a positive number"),
    ({"vocab-size": 100}, "--vocab-size 100 is too small"),
    ({"device": "tpu"}, "unknown --device 'tpu'"),
    ({"device": "cuda"}, "no CUDA GPU"),
    ({"dtype": "int8"}, "--dtype must be"),
    ({"local-data-path": "/no/such/file.txt"}, "does not exist"),
    ({"block-size": 4096}, "needs BLOCK_SIZE + 1 = 4097"),
])
def test_bad_settings_are_one_line_errors(tmp_path, overrides, message):
    data = write_chat_corpus(str(tmp_path / "c.txt"), conversations=100)
    overrides.setdefault("local-data-path", data)
    result = run_script("train_llm.py", tiny_train_flags(data, str(tmp_path / "ckpt"), **overrides))
    assert result.returncode == 1, result.stdout
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "ckpt" / "latest.pth").exists()


def test_empty_and_binary_data_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_script("train_llm.py", tiny_train_flags(str(empty), str(tmp_path / "a")))
    assert result.returncode == 1 and "the data is empty" in result.stderr
    binary = tmp_path / "data.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    result = run_script("train_llm.py", tiny_train_flags(str(binary), str(tmp_path / "b")))
    assert result.returncode == 1 and "binary file" in result.stderr


def test_chat_with_missing_checkpoint(tmp_path):
    result = run_script("inference.py", ["--checkpoint-path", str(tmp_path / "nope.pth"), "--prompt", "hi"])
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_chat_with_a_directory_as_checkpoint(tmp_path):
    result = run_script("inference.py", ["--checkpoint-path", str(tmp_path), "--prompt", "hi"])
    assert result.returncode == 1
    assert "is a directory" in result.stderr and "best.pth" in result.stderr and "Traceback" not in result.stderr
