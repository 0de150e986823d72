"""
The run's record: CHECKPOINT_DIR/metrics.csv, one row per evaluation, and loss.png drawn from its rows.

train_llm.py adds a row at each evaluation (MetricsLog.append); the notebook and the tests read the file
back with read_metrics. Both files are replaced atomically, so a crash never leaves half a file.
"""

import csv
import os

from flags import atomic_write

METRICS_FILE = "metrics.csv"
LOSS_PLOT_FILE = "loss.png"
METRICS_COLUMNS = ("step", "tokens_seen", "train_loss", "val_loss", "val_bpb", "lr", "tokens_per_s", "elapsed_s")


def read_metrics(path):
    """The rows of a metrics.csv as dicts of numbers; [] when there is none yet.

    A row cut short by a crash mid-write is skipped rather than failing the run.
    """
    if not os.path.exists(path):
        return []
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for raw in csv.DictReader(f):
            try:
                row = {name: float(raw[name]) for name in METRICS_COLUMNS}
            except (TypeError, ValueError, KeyError):
                continue
            row["step"], row["tokens_seen"] = int(row["step"]), int(row["tokens_seen"])
            rows.append(row)
    return rows


class MetricsLog:
    """CHECKPOINT_DIR/metrics.csv, one row per evaluation, and loss.png redrawn from all its rows.

    A new run starts the file afresh (from_step 0). A resumed run keeps the rows up to its checkpoint's
    step and drops later ones: they came from training that no checkpoint kept, and will be redone.
    """

    def __init__(self, folder, from_step=0, from_tokens=0, log=print):
        self.path = os.path.join(folder, METRICS_FILE)
        self.plot_path = os.path.join(folder, LOSS_PLOT_FILE)
        self.rows = [row for row in read_metrics(self.path) if row["step"] <= from_step]
        self.write()
        self.elapsed_before = self.rows[-1]["elapsed_s"] if self.rows else 0.0  # training time of earlier sessions
        self.last_tokens, self.last_seconds = from_tokens, 0.0
        self.log = log
        self.can_plot = True

    def append(self, step, tokens_seen, train_loss, val_loss, val_bpb, lr, session_seconds):
        """Add a row; session_seconds is the training time of this session so far."""
        seconds = session_seconds - self.last_seconds
        self.rows.append({
            "step": step, "tokens_seen": tokens_seen, "train_loss": round(train_loss, 6),
            "val_loss": round(val_loss, 6), "val_bpb": round(val_bpb, 6), "lr": float(f"{lr:.4e}"),
            "tokens_per_s": round((tokens_seen - self.last_tokens) / max(seconds, 1e-6), 1),
            "elapsed_s": round(self.elapsed_before + session_seconds, 2)})
        self.last_tokens, self.last_seconds = tokens_seen, session_seconds
        self.write()
        self.plot()

    def write(self):
        def write_rows(f):
            writer = csv.DictWriter(f, fieldnames=METRICS_COLUMNS)
            writer.writeheader()
            writer.writerows(self.rows)
        atomic_write(self.path, write_rows, "w")  # a crash mid-write leaves the previous file

    def plot(self):
        if not self.can_plot:
            return
        try:
            figure = loss_figure(self.rows)
        except ImportError:
            self.can_plot = False
            self.log(f"notice: matplotlib is not installed, so no {LOSS_PLOT_FILE} is drawn "
                     f"(pip install matplotlib); {self.path} has the numbers")
            return
        atomic_write(self.plot_path, lambda f: figure.savefig(f, format="png"))  # never half a picture


def loss_figure(rows):
    """A matplotlib Figure of train and validation loss against tokens seen (no pyplot: no global state)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import EngFormatter

    tokens = [row["tokens_seen"] for row in rows]
    best = min(rows, key=lambda row: row["val_loss"])
    few_points = len(rows) <= 40  # dots only while they can be told apart
    style = dict(marker="o" if few_points else None, markersize=3)
    figure = Figure(figsize=(7, 4.2), dpi=110, layout="constrained")
    ax = figure.subplots()
    ax.plot(tokens, [row["train_loss"] for row in rows], color="tab:blue", label="train (recent steps)", **style)
    ax.plot(tokens, [row["val_loss"] for row in rows], color="tab:orange", label="validation", **style)
    ax.plot([best["tokens_seen"]], [best["val_loss"]], "*", color="tab:red", markersize=11,
            label=f"best validation {best['val_loss']:.3f} (step {best['step']})")
    if tokens[-1] >= 100 * tokens[0]:  # the fast early drop stays readable on a log scale
        ax.set_xscale("log")
    ax.xaxis.set_major_formatter(EngFormatter(sep=""))  # 1.2M rather than 1200000
    ax.set_xlabel("tokens seen")
    ax.set_ylabel("loss (nats per token)")
    ax.set_title(f"quantaTinyLLM: loss over {rows[-1]['step']} steps")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return figure
