"""quantaTinyLLM.ipynb: committed without outputs, and it runs top to bottom (tiny settings, through QTLLM_* variables)."""

import importlib.util
import json
import os

import pytest

from conftest import ROOT, write_chat_corpus

NOTEBOOK = os.path.join(ROOT, "quantaTinyLLM.ipynb")


def test_committed_notebook_has_no_outputs():
    with open(NOTEBOOK, encoding="utf-8") as f:
        notebook = json.load(f)
    code_cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code_cells
    for cell in code_cells:
        assert cell["outputs"] == [] and cell["execution_count"] is None, "clear the outputs before committing"


def test_notebook_runs_end_to_end(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    checkpoint_dir = tmp_path / "ckpt"
    tiny = {"DATA_PATH": write_chat_corpus(str(tmp_path / "corpus.txt")), "CHECKPOINT_DIR": str(checkpoint_dir),
            "MAX_ITERS": 30, "EVAL_INTERVAL": 15, "EVAL_ITERS": 2, "VOCAB_SIZE": 512, "BLOCK_SIZE": 64, "N_LAYER": 2,
            "N_HEAD": 2, "N_EMBD": 32, "BATCH_SIZE": 8, "LEARNING_RATE": 0.01, "WARMUP_ITERS": 2,
            "CONVERT_TO_AU_ENGLISH": "false", "RUN_HF_DATASET": "false"}
    for name, value in tiny.items():
        monkeypatch.setenv(f"QTLLM_{name}", str(value))  # the kernel inherits this environment
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": ROOT}})
    client.execute()  # raises CellExecutionError, naming the cell, on any error

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    text = "".join(output.get("text", "") for output in outputs)
    assert "done: best validation loss" in text
    assert "you> What is the capital of Australia?\nbot>" in text
    assert "skipped: set RUN_HF_DATASET = True" in text  # the GPU section only printed its command
    assert [row.split(",")[0] for row in (checkpoint_dir / "metrics.csv").read_text().splitlines()] == ["step", "15", "30"]
    if importlib.util.find_spec("matplotlib"):
        assert any("image/png" in output.get("data", {}) for output in outputs)  # the loss curves were shown
    if importlib.util.find_spec("transformers"):
        assert "checked: transformers reloads it" in text and "transformers pipeline:" in text
