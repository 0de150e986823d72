"""metrics.csv and loss.png: one row per evaluation, continued across resumes with no step missing or repeated."""

import importlib.util
import sys

import pytest

import train_llm
from conftest import tiny_train_flags, write_chat_corpus
from model import load_checkpoint
from metrics import METRICS_COLUMNS, MetricsLog, loss_figure, read_metrics

HAVE_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
TOKENS_PER_STEP = 8 * 32  # tiny_train_flags: batch 8 x block 32


def steps(folder):
    return [row["step"] for row in read_metrics(str(folder / "metrics.csv"))]


def test_training_writes_one_row_per_evaluation(trained_run):
    checkpoint_dir, _ = trained_run
    with open(checkpoint_dir / "metrics.csv", encoding="utf-8") as f:
        assert f.readline().strip() == ",".join(METRICS_COLUMNS)
    rows = read_metrics(str(checkpoint_dir / "metrics.csv"))
    assert [row["step"] for row in rows] == [15, 30]  # eval-interval 15, max-iters 30
    assert [row["tokens_seen"] for row in rows] == [15 * TOKENS_PER_STEP, 30 * TOKENS_PER_STEP]
    latest = load_checkpoint(str(checkpoint_dir / "latest.pth"))
    assert rows[-1]["val_loss"] == pytest.approx(latest["val_loss"], abs=1e-6)
    assert rows[-1]["val_bpb"] == pytest.approx(latest["val_bpb"], abs=1e-6)
    assert rows[0]["val_loss"] > rows[1]["val_loss"] and all(row["train_loss"] > 0 for row in rows)
    assert 0.001 <= rows[1]["lr"] < rows[0]["lr"] <= 0.01  # cosine decay between --min-lr and --learning-rate
    assert all(row["tokens_per_s"] > 0 for row in rows) and 0 < rows[0]["elapsed_s"] < rows[1]["elapsed_s"]
    if HAVE_MATPLOTLIB:
        with open(checkpoint_dir / "loss.png", "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_resume_continues_the_rows_and_a_new_run_starts_afresh(tmp_path):
    data = write_chat_corpus(str(tmp_path / "corpus.txt"))
    folder = tmp_path / "ckpt"
    assert train_llm.main(tiny_train_flags(data, str(folder), **{"max-iters": 10, "eval-interval": 5})) == 0
    assert steps(folder) == [5, 10]
    # A row whose checkpoint was never written (the run died while saving step 12): resuming redoes it.
    with open(folder / "metrics.csv", "a", encoding="utf-8") as f:
        f.write("12,3072,1.0,1.0,1.0,0.001,100.0,99999.0\n")
    more = tiny_train_flags(data, str(folder), **{"max-iters": 20, "eval-interval": 5, "resume": "true"})
    assert train_llm.main(more) == 0
    rows = read_metrics(str(folder / "metrics.csv"))
    assert [row["step"] for row in rows] == [5, 10, 15, 20]
    assert [row["tokens_seen"] for row in rows] == [step * TOKENS_PER_STEP for step in (5, 10, 15, 20)]
    elapsed = [row["elapsed_s"] for row in rows]
    assert elapsed == sorted(elapsed) and elapsed[-1] < 99999  # the second session adds to the first one's time
    # A new run asked to replace the old one (--overwrite true) starts its curve on a clean sheet.
    assert train_llm.main(tiny_train_flags(data, str(folder), **{"max-iters": 5, "eval-interval": 5,
                                                                  "overwrite": "true"})) == 0
    assert steps(folder) == [5]


def test_without_matplotlib_a_single_notice_and_the_csv_still_grows(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib...` raise ImportError
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    messages = []
    log = MetricsLog(str(tmp_path), log=messages.append)
    for step in (10, 20, 30):
        log.append(step, step * 100, 3.0, 3.1, 1.2, 1e-3, session_seconds=step / 10)
    assert steps(tmp_path) == [10, 20, 30]
    assert len(messages) == 1 and "matplotlib" in messages[0] and "\n" not in messages[0]
    assert not (tmp_path / "loss.png").exists()
    assert read_metrics(str(tmp_path / "metrics.csv"))[1]["tokens_per_s"] == pytest.approx(1000.0)


def test_a_row_cut_short_by_a_crash_is_skipped(tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_text(",".join(METRICS_COLUMNS) + "\n5,1280,3.0,3.1,1.2,0.001,500.0,2.5\n10,2560,2.9", encoding="utf-8")
    assert [row["step"] for row in read_metrics(str(path))] == [5]
    assert read_metrics(str(tmp_path / "missing.csv")) == []


@pytest.mark.skipif(not HAVE_MATPLOTLIB, reason="matplotlib is an optional dependency")
def test_loss_figure_labels_both_curves():
    rows = [{"step": s, "tokens_seen": s * 4096, "train_loss": 4 / s ** 0.3, "val_loss": 4.2 / s ** 0.3, "val_bpb": 1.0,
             "lr": 1e-3, "tokens_per_s": 1e4, "elapsed_s": s} for s in range(10, 5001, 10)]
    ax = loss_figure(rows).axes[0]
    assert ax.get_xlabel() == "tokens seen" and "loss" in ax.get_ylabel()
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["train (recent steps)", "validation"] and labels[2].startswith("best validation")
    assert ax.get_xscale() == "log"  # 500 evaluations spanning 500x in tokens read better on a log axis
