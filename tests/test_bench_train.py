"""bench/bench_train.py, the training-speed comparison with GPT2LMHeadModel: its CPU path at a tiny shape
(the GPU figures in bench/RESULTS.md come from the same code), and the published peaks its GPU MFU uses."""

import os
import sys

import pytest
import torch

from conftest import ROOT, run_script

sys.path.insert(0, os.path.join(ROOT, "bench"))
import bench_train  # noqa: E402

pytest.importorskip("transformers")


def test_tiny_shape_times_both_models_and_muon_and_checks_loss_parity():
    result = run_script(os.path.join("bench", "bench_train.py"), ["--shapes", "tiny", "--steps", "2",
                                                                  "--parity-steps", "10", "--parity", "bfloat16",
                                                                  "--compile", "false", "--dtype", "float32", "--muon"],
                        timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "TinyTransformerLM (float32, eager)" in out and "GPT2LMHeadModel (float32, eager, sdpa attention)" in out
    ratio = float(out.split("ours / GPT2LMHeadModel: ")[1].split("x")[0])
    assert ratio > 0
    assert "TinyTransformerLM (float32, eager, Muon)" in out
    assert float(out.split("Muon / AdamW (ours): ")[1].split("x")[0]) > 0
    assert "bfloat16, eager: final loss" in out and "PASS" in out


def test_the_published_peak_is_looked_up_by_gpu_name_or_given(monkeypatch):
    monkeypatch.setattr(bench_train.torch.cuda, "get_device_name", lambda device: "NVIDIA H200")
    assert bench_train.published_peak("cuda", 0) == 989e12
    monkeypatch.setattr(bench_train.torch.cuda, "get_device_name", lambda device: "Tesla T4")
    assert bench_train.published_peak("cuda:0", 0) == 65e12
    monkeypatch.setattr(bench_train.torch.cuda, "get_device_name", lambda device: "Some Future GPU")
    assert bench_train.published_peak("cuda", 0) == 0.0  # unknown: no MFU against a made-up peak
    assert bench_train.published_peak("cuda", 400) == 400e12 and bench_train.published_peak("cpu", 0) == 0.0


def test_mfu_against_bf16_is_left_out_where_bf16_is_emulated(monkeypatch, capsys):
    # An AVX2-only CPU multiplies bf16 slower than float32: a share of that peak would read above 100%
    monkeypatch.setattr(bench_train, "matmul_peak", lambda dtype, *args: 1e9 if dtype == torch.bfloat16 else 1e10)
    bench_train.main(["--shapes", "tiny", "--steps", "1", "--warmup", "1", "--parity-steps", "0",
                      "--dtype", "float32", "--compile", "false"])
    out = capsys.readouterr().out
    assert "bfloat16 is emulated here (slower than float32), so MFU bf16 is not shown" in out
    row = next(line for line in out.splitlines() if line.strip().startswith("TinyTransformerLM (float32, eager)"))
    assert row.split()[6] == "-" and row.split()[5].endswith("%")  # the float32 share stays
