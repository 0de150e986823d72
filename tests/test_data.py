"""Data at scale: every local format, Hugging Face datasets on local files, and the streaming pipeline.

No network: the Hugging Face path is exercised on json/parquet/csv files and save_to_disk folders that
the tests write, with the Hub switched off (set here, before anything imports `datasets`).
"""

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
import torch

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

import train_llm  # noqa: E402
from conftest import ROOT, run_script, tiny_train_flags, write_chat_corpus  # noqa: E402
from flags import parse_flags  # noqa: E402
from model import IGNORE_INDEX, load_checkpoint  # noqa: E402
from tokenizer import CustomTokenizer, chat_text  # noqa: E402

CHATS = [[{"role": "user", "content": f"What is {a} plus {b}?"}, {"role": "assistant", "content": f"It is {a + b}."}]
         for a in range(12) for b in range(5)]
STORIES = [f"Story {i}: the wombat number {i} dug a burrow and found {i % 7} shiny stones near the creek." for i in range(60)]


@pytest.fixture(scope="module")
def tok():
    texts = [m["content"] for chat in CHATS for m in chat] + STORIES
    return CustomTokenizer().train(iter(texts * 3), vocab_size=300, min_frequency=1)


def config(*args):
    return parse_flags(vars(train_llm), os.path.join(ROOT, "train_llm.py"),
                       ["--convert-to-au-english", "false", *[str(a) for a in args]])


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return str(path)


def documents(cfg):
    return list(train_llm.iter_documents(cfg))


# ---- sources ----------------------------------------------------------------------------------------------
def test_text_file_with_chat_lines_and_plain_text(tmp_path):
    path = tmp_path / "mixed.txt"
    # ~19 KB of paragraphs: cut into several documents, each at a paragraph end
    plain = "".join(f"Plain line {i} about kangaroos.\n" + ("\n" if i % 20 == 19 else "") for i in range(600))
    path.write_text(chat_text(CHATS[0]) + "\n" + plain + chat_text(CHATS[1]) + "\n", encoding="utf-8")
    docs = list(train_llm.read_text_file(str(path)))
    assert docs[0] == CHATS[0] and docs[-1] == CHATS[1]
    texts = docs[1:-1]
    assert len(texts) >= 3 and all(isinstance(t, str) for t in texts)
    assert all(t.endswith("\n\n") for t in texts[:-1]) and all(len(t) >= 4096 for t in texts[:-1])
    assert "".join(texts) == plain  # nothing lost or repeated


def test_a_file_without_newlines_is_read_in_pieces(tmp_path):
    path = tmp_path / "one_line.txt"
    path.write_text("word " * 20000, encoding="utf-8")  # 100 KB, no newline at all
    with open(path, "rb") as f:
        pieces = list(train_llm._text_lines(f, [0], block_bytes=4096))
    assert len(pieces) > 10 and max(len(p) for p in pieces) <= 2 * 4096
    assert "".join(pieces) == "word " * 20000
    path.write_text("k\u00e4nguru \U0001f998 " * 20000, encoding="utf-8")  # cuts never split a character
    with open(path, "rb") as f:
        bad = [0]
        assert "".join(train_llm._text_lines(f, bad, block_bytes=4099)) == "k\u00e4nguru \U0001f998 " * 20000
    assert bad == [0]


def test_bytes_that_are_not_utf8_are_counted_in_one_warning(tmp_path, capsys):
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\u00e9 au lait\n".encode("latin-1") * 3 + "na\u00efve\n".encode("utf-8"))
    docs = list(train_llm.read_text_file(str(path)))
    assert "caf\ufffd au lait" in docs[0] and "na\u00efve" in docs[0]
    err = capsys.readouterr().err
    assert "3 lines had bytes that are not UTF-8 (3 bytes)" in err and len(err.strip().splitlines()) == 1


def test_folder_of_text_files(tmp_path):
    (tmp_path / "b.txt").write_text(chat_text(CHATS[1]) + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(chat_text(CHATS[0]) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    assert documents(config("--local-data-path", tmp_path)) == [CHATS[0], CHATS[1]]


@pytest.mark.parametrize("extension", ["jsonl", "parquet", "csv"])
def test_table_files_through_the_datasets_builders(tmp_path, extension):
    import datasets
    table = datasets.Dataset.from_dict({"text": STORIES[:5] + [chat_text(CHATS[0]), ""], "id": list(range(7))})
    path = str(tmp_path / f"data.{extension}")
    {"jsonl": table.to_json, "parquet": table.to_parquet, "csv": table.to_csv}[extension](path)
    docs = documents(config("--local-data-path", path))
    assert docs == STORIES[:5] + [CHATS[0]]  # chat-format text is a conversation; empty rows are skipped


def test_chat_column_in_jsonl_and_parquet(tmp_path):
    import datasets
    rows = [{"messages": [{"role": "system", "content": "Be brief."}] + CHATS[0]}, {"messages": CHATS[1]}]
    write_jsonl(tmp_path / "chats.jsonl", rows)
    datasets.Dataset.from_list(rows).to_parquet(str(tmp_path / "chats.parquet"))
    for name in ("chats.jsonl", "chats.parquet"):
        docs = documents(config("--local-data-path", tmp_path / name, "--hf-text-column", "messages"))
        assert docs == [rows[0]["messages"], rows[1]["messages"]]


def test_save_to_disk_folder(tmp_path):
    import datasets
    datasets.Dataset.from_dict({"text": STORIES[:4]}).save_to_disk(str(tmp_path / "saved"))
    assert documents(config("--local-data-path", tmp_path / "saved")) == STORIES[:4]
    splits = datasets.DatasetDict({"train": datasets.Dataset.from_dict({"text": STORIES[:2]}),
                                   "test": datasets.Dataset.from_dict({"text": STORIES[2:3]})})
    splits.save_to_disk(str(tmp_path / "dict"))
    assert documents(config("--local-data-path", tmp_path / "dict")) == STORIES[:2]


@pytest.fixture
def hf_folder(tmp_path):
    """A dataset folder laid out like a Hub repository: train and validation splits as jsonl files."""
    folder = tmp_path / "hub_like"
    folder.mkdir()
    write_jsonl(folder / "train.jsonl", [{"messages": chat} for chat in CHATS])
    write_jsonl(folder / "validation.jsonl", [{"messages": chat} for chat in CHATS[:3]])
    return folder


@pytest.mark.parametrize("streaming", ["true", "false"])
def test_huggingface_path_streaming_on_and_off(hf_folder, streaming):
    cfg = config("--data-source", "huggingface", "--hf-dataset", hf_folder, "--hf-text-column", "messages",
                 "--hf-streaming", streaming)
    assert documents(cfg) == CHATS
    assert list(train_llm.iter_documents(cfg, "validation")) == CHATS[:3]
    joined = config("--data-source", "huggingface", "--hf-dataset", hf_folder, "--hf-text-column", "messages",
                    "--hf-streaming", streaming, "--hf-split", "train+validation")
    assert documents(joined) == CHATS + CHATS[:3]


def test_missing_column_and_split_are_one_line_errors(hf_folder):
    cfg = config("--data-source", "huggingface", "--hf-dataset", hf_folder, "--hf-text-column", "txt")
    with pytest.raises(train_llm.UserError, match="has no column 'txt'; its columns are"):
        documents(cfg)


def test_unreachable_dataset_is_a_one_line_error(tmp_path):
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", HF_HOME=str(tmp_path / "hf"))
    result = subprocess.run([sys.executable, os.path.join(ROOT, "train_llm.py"), "--data-source", "huggingface",
                             "--hf-dataset", "nobody-here/no-such-dataset", "--checkpoint-dir", str(tmp_path / "c")],
                            capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert result.returncode == 1
    assert "neither reachable nor cached" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_spelling_is_converted_on_either_source(tmp_path):
    path = write_jsonl(tmp_path / "us.jsonl", [{"text": "My favorite color is gray."}])
    cfg = config("--local-data-path", path, "--convert-to-au-english", "true")
    assert documents(cfg) == ["My favourite colour is grey."]
    text_file = tmp_path / "us.txt"
    text_file.write_text("<USR> What color is it? <ASSIST> It is gray. <EOT>\n", encoding="utf-8")
    cfg = config("--local-data-path", text_file, "--convert-to-au-english", "true")
    assert documents(cfg) == [[{"role": "user", "content": "What colour is it?"},
                               {"role": "assistant", "content": "It is grey."}]]


# ---- streaming ----------------------------------------------------------------------------------------------
def test_auto_streams_large_local_data_and_streaming_hf(tmp_path, hf_folder):
    path = tmp_path / "c.txt"
    path.write_text("x" * 3_000_000, encoding="utf-8")
    assert not train_llm.use_streaming(config("--local-data-path", path))
    assert train_llm.use_streaming(config("--local-data-path", path, "--stream-above-mb", 2))
    assert train_llm.use_streaming(config("--data-source", "huggingface", "--hf-dataset", hf_folder))
    assert not train_llm.use_streaming(config("--data-source", "huggingface", "--hf-streaming", "false"))
    assert train_llm.use_streaming(config("--data-source", "huggingface", "--hf-streaming", "false",
                                          "--streaming", "true"))


def test_chat_column_renders_exactly_as_encode_chats(tok):
    docs = [[{"role": "system", "content": "Be kind."}] + CHATS[0], CHATS[1], STORIES[0]]
    expected = tok.encode_chats(docs[:2]) + [tok.encode_batch([STORIES[0]])[0] + [tok.eot_id]]
    assert train_llm.encode_documents(docs, tok) == expected
    # and the same ids come out of the stream: its windows, laid end to end before shuffling, are these ids
    stream = train_llm.StreamingTextDataset(lambda shard, shards, start: iter(list(enumerate(docs))[start:]),
                                            tok, block_size=4, batch_size=1, seed=0, shuffle_windows=1)
    _, _, windows = next(stream.blocks(0, 0, 0))
    flat = windows[0].tolist() + [t for w in windows[1:] for t in w[1:].tolist() if t != IGNORE_INDEX]
    assert flat == [i for ids in expected for i in ids]


def make_stream(tok, count=120, **overrides):
    docs = [CHATS[i % len(CHATS)] if i % 2 else STORIES[i % len(STORIES)] for i in range(count)]

    def source(shard=0, num_shards=1, start=0):
        for number, document in enumerate(docs):
            if number % num_shards == shard and number >= start:
                yield number, document
    options = dict(block_size=16, batch_size=4, seed=7, shuffle_windows=8)
    options.update(overrides)
    return train_llm.StreamingTextDataset(source, tok, **options), source, docs


def test_windows_cover_each_block_exactly(tok):
    stream, _, docs = make_stream(tok)
    for _, _, windows in itertools_take(stream.blocks(0, 0, 0), 3):
        targets = windows[:, 1:]
        assert (targets[:-1] != IGNORE_INDEX).all()  # only a block's last window is padded
        assert torch.equal(windows[1:, 0], windows[:-1, -1])  # consecutive, overlapping by one token


def itertools_take(iterable, count):
    import itertools
    return list(itertools.islice(iterable, count))


def epoch_windows(stream, rank, world_size, workers):
    """Rank `rank`'s windows of epoch 0, as {shard: Counter of windows}, read through a real DataLoader."""
    stream.shard_for(rank, world_size, workers)
    loader = torch.utils.data.DataLoader(stream, batch_size=None, num_workers=workers) if workers else stream
    seen, done = {}, set()
    for x, y, position in loader:
        shard, epoch = position[0].item(), position[1].item()
        if epoch >= 1:
            done.add(shard)
            if len(done) == max(1, workers):
                break
            continue
        row = tuple(x[0].tolist()) + (y[0, -1].item(),)
        seen.setdefault(shard, Counter())[row] += 1
    return seen


def test_two_workers_times_two_ranks_cover_every_window_exactly_once(tok):
    stream, source, docs = make_stream(tok, batch_size=1)
    numbers = sorted(n for shard in range(4) for n, _ in source(shard, 4))
    assert numbers == list(range(len(docs)))  # documents: a partition across the 4 shards
    seen = {}
    for rank in range(2):
        seen.update(epoch_windows(stream, rank, 2, workers=2))
    assert sorted(seen) == [0, 1, 2, 3]
    for shard in range(4):  # windows: what each shard's blocks hold, each exactly once
        expected = Counter()
        stream.shard_for(shard // 2, 2, 2)
        for epoch, _, windows in stream.blocks(shard, 0, 0):
            if epoch:
                break
            x, y = stream.to_batch(list(windows))
            expected.update(tuple(a) + (b,) for a, b in zip(x.tolist(), y[:, -1].tolist()))
        assert seen[shard] == expected


def take_batches(batches, count):
    return [batches.next_batch() for _ in range(count)]


def streaming_batches(stream, workers):
    cfg = config("--num-workers", workers)
    return train_llm.StreamingBatches(stream, cfg, rank=0, world_size=1, device="cpu")


def test_stream_is_deterministic_for_a_seed(tok):
    first = take_batches(streaming_batches(make_stream(tok)[0], 0), 12)
    again = take_batches(streaming_batches(make_stream(tok)[0], 0), 12)
    other = take_batches(streaming_batches(make_stream(tok, seed=8)[0], 0), 12)
    assert all(torch.equal(a[0], b[0]) for a, b in zip(first, again))
    assert not all(torch.equal(a[0], b[0]) for a, b in zip(first, other))


@pytest.mark.parametrize("workers", [0, 2])
def test_resumed_stream_continues_with_the_next_unseen_windows(tok, workers):
    k, more = 7, 9  # 7 batches of 4 windows cut a block of 8 windows in the middle
    straight = take_batches(streaming_batches(make_stream(tok)[0], workers), k + more)
    batches = streaming_batches(make_stream(tok)[0], workers)
    take_batches(batches, k)
    state = json.loads(json.dumps(batches.state_dict()))  # plain types: it goes into the checkpoint
    resumed = streaming_batches(make_stream(tok)[0], workers)
    resumed.load_state_dict(state)
    rest = take_batches(resumed, more)
    for (x, y), (x2, y2) in zip(straight[k:], rest):
        assert torch.equal(x, x2) and torch.equal(y, y2)


def test_validation_is_held_out_of_the_stream(tmp_path, tok):
    path = write_chat_corpus(str(tmp_path / "c.txt"), conversations=300)
    tok.save(tmp_path / "tok")
    cfg = config("--local-data-path", path, "--streaming", "true", "--tokenizer-dir", tmp_path / "tok",
                 "--val-tokens", 500, "--block-size", 16)
    data = train_llm.prepare_data(cfg)
    assert data.train_ids is None and 500 <= len(data.val_ids) < 700
    all_docs = documents(cfg)
    held_out = train_llm.encode_documents(all_docs, tok)
    n_val = next(i for i in range(len(held_out)) if sum(map(len, held_out[:i + 1])) >= 500) + 1
    val_texts = {train_llm.document_text(d) for d in all_docs[:n_val]}
    trained_on = [d for _, d in data.train_stream.documents()]
    assert len(trained_on) == len(all_docs) - n_val - sum(train_llm.document_text(d) in val_texts
                                                          for d in all_docs[n_val:])
    assert not any(train_llm.document_text(d) in val_texts for d in trained_on)


def test_tokenizer_trains_on_a_bounded_sample(tmp_path):
    def endless():
        for i in range(10 ** 9):
            if i >= 50:
                raise AssertionError("read past the tokenizer sample")
            yield STORIES[i % len(STORIES)]
    cfg = config("--tokenizer-dir", tmp_path / "none", "--vocab-size", 300, "--tokenizer-train-samples", 50)
    tokenizer, trained = train_llm.load_tokenizer(cfg, endless())
    assert trained and tokenizer.vocab_size <= 300


def test_streaming_training_run_resumes_where_it_stopped(tmp_path):
    data = write_chat_corpus(str(tmp_path / "c.txt"), conversations=600)
    common = {"streaming": "true", "val-tokens": 400, "shuffle-windows": 16, "eval-interval": 4, "max-iters": 8}
    # the straight 8-step run and the first 4 steps of the interrupted one run side by side
    runs = [subprocess.Popen([sys.executable, os.path.join(ROOT, "train_llm.py"), *tiny_train_flags(data, folder, **flags)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
            for folder, flags in ((str(tmp_path / "a"), common), (str(tmp_path / "b"), {**common, "max-iters": 4}))]
    (straight_out, straight_err), (_, first_err) = (run.communicate(timeout=300) for run in runs)
    assert runs[0].returncode == 0, straight_err
    assert runs[1].returncode == 0, first_err
    assert "streamed training data" in straight_out
    state = load_checkpoint(str(tmp_path / "b" / "latest.pth"))["data_state"]
    assert state["positions"] and state["positions"][0][3] > 0  # windows given from the current block
    resumed = run_script("train_llm.py", tiny_train_flags(data, str(tmp_path / "b"), **{**common, "resume": "true"}))
    assert resumed.returncode == 0, resumed.stderr
    # the resumed run read on from where the first stopped, and ends where the straight run ends
    a = load_checkpoint(str(tmp_path / "a" / "latest.pth"))["data_state"]
    b = load_checkpoint(str(tmp_path / "b" / "latest.pth"))["data_state"]
    assert a == b and a != state


def test_too_many_shards_for_the_data_is_a_one_line_error(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text(chat_text(CHATS[0]) * 40 + "\n" + chat_text(CHATS[1]) + "\n", encoding="utf-8")
    result = run_script("train_llm.py", tiny_train_flags(str(path), str(tmp_path / "c"), streaming="true",
                                                         **{"val-tokens": 40, "num-workers": 3}))
    assert result.returncode == 1
    assert "fewer documents than its 3 shards" in result.stderr and "Traceback" not in result.stderr
