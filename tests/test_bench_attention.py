"""bench/bench_attention.py, the measurement behind model.CPU_BF16_WRITTEN_OUT_UP_TO: each contender must
really run the attention path it is named for, and the script must leave model.py's settings as it found them."""

import os
import sys

import pytest
import torch

import model as model_lib
from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "bench"))
import bench_attention  # noqa: E402


def test_each_contender_runs_its_own_attention_path(monkeypatch):
    calls = []
    fused = torch.nn.functional.scaled_dot_product_attention
    monkeypatch.setattr(torch.nn.functional, "scaled_dot_product_attention",
                        lambda *a, **kw: calls.append(1) or fused(*a, **kw))
    monkeypatch.setattr(bench_attention, "VOCAB_SIZE", 64)
    for name in ("USE_SDPA", "CPU_BF16_WRITTEN_OUT_UP_TO"):  # a step sets them; put them back afterwards
        monkeypatch.setattr(model_lib, name, getattr(model_lib, name))
    for dtype in (torch.bfloat16, torch.float32):
        for written_out in (False, True):
            calls.clear()
            bench_attention.training_step(16, 8, dtype, written_out)()
            assert bool(calls) == (not written_out), (dtype, written_out)


def test_prints_a_row_per_dtype_and_context_and_restores_the_model_settings(monkeypatch, capsys):
    monkeypatch.setattr(bench_attention, "VOCAB_SIZE", 64)
    before = model_lib.USE_SDPA, model_lib.CPU_BF16_WRITTEN_OUT_UP_TO
    assert bench_attention.main(["--width", "16", "--contexts", "8,16", "--rounds", "2", "--warmup", "1"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[2:]]
    assert [(row[0], row[1]) for row in rows] == [("bfloat16", "8"), ("bfloat16", "16"), ("float32", "8"),
                                                   ("float32", "16")]
    for row in rows:
        fused_ms, written_ms, speed = float(row[2]), float(row[3]), float(row[4].rstrip("x"))
        assert abs(speed - fused_ms / written_ms) < 0.1 * speed  # the milliseconds are rounded
    assert (model_lib.USE_SDPA, model_lib.CPU_BF16_WRITTEN_OUT_UP_TO) == before


def test_an_unknown_dtype_is_a_one_line_error():
    with pytest.raises(SystemExit, match="^error: unknown dtype 'float16': use bfloat16 or float32$"):
        bench_attention.main(["--dtypes", "float16"])
