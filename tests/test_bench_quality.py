"""bench/bench_quality.py's measurement: which lines are held out, and the bits per byte it reports for them."""

import math
import os
import sys

import pytest
import torch
import torch.nn.functional as F

from conftest import ROOT
from data import encode_documents, read_local_documents
from model import PAD_VOCAB_TO, TinyTransformerLM, save_checkpoint, to_checkpoint
from tokenizer import CustomTokenizer

sys.path.insert(0, os.path.join(ROOT, "bench"))
import bench_quality  # noqa: E402

LINES = [f"Paragraph {i}: the ferry left the jetty at {i % 12 + 1} o'clock with {i * 3} passengers aboard.\n"
         for i in range(60)]


@pytest.fixture
def split(tmp_path):
    text = tmp_path / "prose.txt"
    text.write_text("".join(LINES), encoding="utf-8")
    return bench_quality.split_text(str(text), str(tmp_path))


def test_the_last_tenth_of_lines_is_held_out_and_nothing_else(split):
    train_path, heldout_path = split
    with open(train_path, encoding="utf-8") as f:
        assert f.readlines() == LINES[:54]
    with open(heldout_path, encoding="utf-8") as f:
        assert f.readlines() == LINES[54:]


def test_a_file_too_short_to_hold_a_tenth_out_is_refused(tmp_path):
    text = tmp_path / "short.txt"
    text.write_text("one line only\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="too few lines"):
        bench_quality.split_text(str(text), str(tmp_path))


def checkpoint_with(tmp_path, block_size, uniform):
    """A random tiny model with a tokenizer trained on the text; `uniform` zeroes the final LayerNorm, so
    every logit is 0 and each next token has probability 1 / vocab_size."""
    tokenizer = CustomTokenizer().train(iter(LINES), vocab_size=320, min_frequency=1)
    assert tokenizer.vocab_size % PAD_VOCAB_TO == 0, "with no padding rows, the model's logits are all there is"
    torch.manual_seed(0)
    model = TinyTransformerLM(vocab_size=tokenizer.vocab_size, block_size=block_size, n_layer=1, n_head=2,
                              n_embd=32).eval()
    if uniform:
        with torch.no_grad():
            model.ln_f.weight.zero_()
            model.ln_f.bias.zero_()
    path = str(tmp_path / "best.pth")
    save_checkpoint(to_checkpoint(model, tokenizer=tokenizer.to_str(), step=3), path)
    return path, model, tokenizer


def held_out_ids(heldout_path, tokenizer):
    documents = encode_documents(list(read_local_documents(heldout_path, "text")), tokenizer)
    return [i for document in documents for i in document]


def test_a_uniform_model_scores_log2_vocabulary_bits_for_every_token_after_the_first(split, tmp_path):
    _, heldout_path = split
    path, _, tokenizer = checkpoint_with(tmp_path, block_size=8, uniform=True)  # many windows
    bits_per_byte, checkpoint = bench_quality.held_out_bits_per_byte(path, heldout_path)
    tokens = len(held_out_ids(heldout_path, tokenizer))
    assert tokens > 8 * 5, "the held-out text should span several windows"
    expected = (tokens - 1) * math.log2(tokenizer.vocab_size) / os.path.getsize(heldout_path)
    assert bits_per_byte == pytest.approx(expected, rel=1e-5)
    assert checkpoint["step"] == 3


def test_one_window_scores_the_model_cross_entropy_over_the_file_size(split, tmp_path):
    _, heldout_path = split
    path, model, tokenizer = checkpoint_with(tmp_path, block_size=256, uniform=False)
    ids = torch.tensor(held_out_ids(heldout_path, tokenizer))
    assert len(ids) <= 256, "the held-out text should fit one window"
    with torch.no_grad():
        logits, _ = model(ids[None, :-1], ids[None, 1:])  # (1, T, vocab): with targets, every position
        nats = F.cross_entropy(logits[0].float(), ids[1:], reduction="sum").item()
    bits_per_byte, _ = bench_quality.held_out_bits_per_byte(path, heldout_path)
    assert bits_per_byte == pytest.approx(nats / math.log(2) / os.path.getsize(heldout_path), rel=1e-4)
