"""The data pipeline (data.py): every local format, Hugging Face datasets on local files, the one split
rule, the tokenizer record, and the two batch paths.

No network: the Hugging Face path is exercised on json/parquet/csv files and save_to_disk folders that
the tests write, with the Hub switched off (set here, before anything imports `datasets`). Settings are a
plain Namespace (config below), so these tests do not depend on train_llm.py.
"""

import argparse
import io
import json
import os
import pickle
import zlib
from collections import Counter

import pytest
import torch

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

import data  # noqa: E402
from conftest import write_chat_corpus  # noqa: E402
from flags import UserError  # noqa: E402
from model import IGNORE_INDEX  # noqa: E402
from tokenizer import CustomTokenizer, chat_text  # noqa: E402

CHATS = [[{"role": "user", "content": f"What is {a} plus {b}?"}, {"role": "assistant", "content": f"It is {a + b}."}]
         for a in range(12) for b in range(5)]
STORIES = [f"Story {i}: the wombat number {i} dug a burrow and found {i % 7} shiny stones near the creek." for i in range(60)]

# The data settings of train_llm.py, small: a tiny tokenizer and tiny windows.
SETTINGS = dict(data_source="local", local_data_path="", hf_dataset="", hf_config="", hf_split="train",
                hf_val_split="", hf_text_column="text", hf_streaming=True, max_documents=0, val_fraction=0.05,
                streaming="false", stream_above_mb=64, val_tokens=100000, shuffle_windows=8, num_workers=0,
                convert_to_au_english=False, tokenizer_dir="", vocab_size=300, tokenizer_min_frequency=1,
                tokenizer_train_samples=20000, block_size=16, batch_size=4, seed=1337)


def config(**settings):
    return argparse.Namespace(**{**SETTINGS, **{k: str(v) if isinstance(v, os.PathLike) else v
                                                for k, v in settings.items()}})


@pytest.fixture(scope="module")
def tok():
    texts = [m["content"] for chat in CHATS for m in chat] + STORIES
    return CustomTokenizer().train(iter(texts * 3), vocab_size=300, min_frequency=1)


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return str(path)


def documents(cfg):
    return list(data.iter_documents(cfg))


def corpus_with_plain_text(path, conversations=300):
    """Chat lines (with repeats: the corpus draws from a few templates) and paragraphs of plain text."""
    write_chat_corpus(str(path), conversations=conversations)
    with open(path, "a", encoding="utf-8") as f:
        for i in range(40):
            f.write(" ".join(STORIES[(i + j) % len(STORIES)] for j in range(30)) + "\n\n")
    return str(path)


# ---- sources ---------------------------------------------------------------------------------------------------
def test_text_file_with_chat_lines_and_plain_text(tmp_path):
    path = tmp_path / "mixed.txt"
    # ~19 KB of paragraphs: cut into several documents, each at a paragraph end
    plain = "".join(f"Plain line {i} about kangaroos.\n" + ("\n" if i % 20 == 19 else "") for i in range(600))
    path.write_text(chat_text(CHATS[0]) + "\n" + plain + chat_text(CHATS[1]) + "\n", encoding="utf-8")
    docs = list(data.read_text_file(str(path)))
    assert docs[0] == CHATS[0] and docs[-1] == CHATS[1]
    texts = docs[1:-1]
    assert len(texts) >= 3 and all(isinstance(t, str) for t in texts)
    assert all(t.endswith("\n\n") for t in texts[:-1]) and all(len(t) >= data.TEXT_DOCUMENT_CHARS for t in texts[:-1])
    assert "".join(texts) == plain  # nothing lost or repeated


def test_text_without_paragraph_breaks_is_cut_at_a_line_end(tmp_path):
    path = tmp_path / "lines.txt"
    plain = "".join(f"Line {i} with no blank line after it.\n" for i in range(2000))  # ~76 KB
    path.write_text(plain, encoding="utf-8")
    docs = list(data.read_text_file(str(path)))
    limit = data.TEXT_DOCUMENT_MAX_GROWTH * data.TEXT_DOCUMENT_CHARS
    assert len(docs) > 3 and all(t.endswith("\n") and limit <= len(t) < limit + 50 for t in docs[:-1])
    assert "".join(docs) == plain


def test_a_long_line_is_read_in_pieces_never_inside_a_character(tmp_path):
    path = tmp_path / "one_line.txt"
    path.write_text("word " * 20000, encoding="utf-8")  # 100 KB, no newline at all
    pieces = list(data.read_lines(str(path), max_chars=4096))
    assert len(pieces) > 10 and max(len(p) for p, _ in pieces) <= 4096
    assert "".join(p for p, _ in pieces) == "word " * 20000
    text = "k\u00e4nguru \U0001f998 " * 20000  # 2- and 4-byte characters, cut at an odd size
    path.write_text(text, encoding="utf-8")
    pieces = list(data.read_lines(str(path), max_chars=4099))
    assert "".join(p for p, _ in pieces) == text and sum(bad for _, bad in pieces) == 0


def test_bytes_that_are_not_utf8_are_counted_in_one_warning(tmp_path, capsys):
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\u00e9 au lait\n".encode("latin-1") * 3 + "na\u00efve \ufffd kept\n".encode("utf-8"))
    docs = list(data.read_text_file(str(path)))
    assert docs == ["caf\ufffd au lait\n" * 3 + "na\u00efve \ufffd kept\n"]
    list(data.read_text_file(str(path)))  # read again (as training does): no second warning
    err = capsys.readouterr().err
    assert "3 lines had bytes that are not UTF-8 (3 bytes)" in err and len(err.strip().splitlines()) == 1


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "model.bin"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(UserError, match="looks like a binary file"):
        list(data.read_text_file(str(path)))


def test_folder_of_text_files(tmp_path):
    (tmp_path / "b.txt").write_text(chat_text(CHATS[1]) + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(chat_text(CHATS[0]) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    assert documents(config(local_data_path=tmp_path)) == [CHATS[0], CHATS[1]]


@pytest.mark.parametrize("extension", ["jsonl", "parquet", "csv"])
def test_table_files_through_the_datasets_builders(tmp_path, extension):
    import datasets
    table = datasets.Dataset.from_dict({"text": STORIES[:5] + [chat_text(CHATS[0]), ""], "id": list(range(7))})
    path = str(tmp_path / f"data.{extension}")
    {"jsonl": table.to_json, "parquet": table.to_parquet, "csv": table.to_csv}[extension](path)
    docs = documents(config(local_data_path=path))
    assert docs == STORIES[:5] + [CHATS[0]]  # chat-format text is a conversation; empty rows are skipped


def test_chat_column_in_jsonl_and_parquet(tmp_path):
    import datasets
    rows = [{"messages": [{"role": "system", "content": "Be brief."}] + CHATS[0]}, {"messages": CHATS[1]}]
    write_jsonl(tmp_path / "chats.jsonl", rows)
    datasets.Dataset.from_list(rows).to_parquet(str(tmp_path / "chats.parquet"))
    for name in ("chats.jsonl", "chats.parquet"):
        docs = documents(config(local_data_path=tmp_path / name, hf_text_column="messages"))
        assert docs == [rows[0]["messages"], rows[1]["messages"]]


def test_save_to_disk_folder(tmp_path):
    import datasets
    datasets.Dataset.from_dict({"text": STORIES[:4]}).save_to_disk(str(tmp_path / "saved"))
    assert documents(config(local_data_path=tmp_path / "saved")) == STORIES[:4]
    splits = datasets.DatasetDict({"train": datasets.Dataset.from_dict({"text": STORIES[:2]}),
                                   "test": datasets.Dataset.from_dict({"text": STORIES[2:3]})})
    splits.save_to_disk(str(tmp_path / "dict"))
    assert documents(config(local_data_path=tmp_path / "dict")) == STORIES[:2]


@pytest.fixture
def hf_folder(tmp_path):
    """A dataset folder laid out like a Hub repository: train and validation splits as jsonl files."""
    folder = tmp_path / "hub_like"
    folder.mkdir()
    write_jsonl(folder / "train.jsonl", [{"messages": chat} for chat in CHATS])
    write_jsonl(folder / "validation.jsonl", [{"messages": chat} for chat in CHATS[:3]])
    return folder


def hf_config(hf_folder, **settings):
    return config(**{"data_source": "huggingface", "hf_dataset": hf_folder, "hf_text_column": "messages", **settings})


@pytest.mark.parametrize("streaming", [True, False])
def test_huggingface_path_streaming_on_and_off(hf_folder, streaming):
    cfg = hf_config(hf_folder, hf_streaming=streaming)
    assert documents(cfg) == CHATS
    assert list(data.iter_documents(cfg, "validation")) == CHATS[:3]
    assert documents(hf_config(hf_folder, hf_streaming=streaming, hf_split="train+validation")) == CHATS + CHATS[:3]


def test_missing_column_and_split_are_one_line_errors(hf_folder, tmp_path):
    table = write_jsonl(tmp_path / "table.jsonl", [{"body": story, "tags": ["a", "b"]} for story in STORIES[:3]])
    with pytest.raises(UserError, match=r"has no column 'text'; its columns are \['body', 'tags'\]") as error:
        documents(config(local_data_path=table))  # a list of strings is not a conversation either
    assert "\n" not in str(error.value)
    with pytest.raises(UserError, match="nope.*Available splits") as error:
        documents(hf_config(hf_folder, hf_split="nope"))
    assert "\n" not in str(error.value)


def test_a_chat_column_is_found_without_flags_and_named_once(tmp_path, capsys):
    rows = [{"id": i, "messages": chat} for i, chat in enumerate(CHATS[:4])]
    path = write_jsonl(tmp_path / "chats.jsonl", rows)
    cfg = config(local_data_path=path)  # HF_TEXT_COLUMN is the default 'text', which this table lacks
    assert documents(cfg) == CHATS[:4]
    assert documents(cfg) == CHATS[:4]  # training reads the data several times: the note comes once
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "no column 'text'" in out[0] and "column 'messages'" in out[0]


def test_a_conversation_column_is_recognised_by_its_content(tmp_path):
    chat_like = [[{"role": "system", "content": "Be kind."}] + chat for chat in CHATS[:3]]
    path = write_jsonl(tmp_path / "dialogs.jsonl", [{"title": f"t{i}", "dialog": chat} for i, chat in
                                                    enumerate(chat_like)])
    assert documents(config(local_data_path=path)) == chat_like  # an unusual name, recognised by content


def test_sharegpt_turns_become_our_roles(tmp_path):
    import datasets
    speakers = {"user": "human", "assistant": "gpt", "system": "system"}
    rows = [{"conversations": [{"from": speakers[m["role"]], "value": m["content"]} for m in
                               [{"role": "system", "content": "Answer in numbers."}] + chat]} for chat in CHATS[:3]]
    datasets.Dataset.from_list(rows).to_parquet(str(tmp_path / "sharegpt.parquet"))
    expected = [[{"role": "system", "content": "Answer in numbers."}] + chat for chat in CHATS[:3]]
    assert documents(config(local_data_path=tmp_path / "sharegpt.parquet")) == expected
    bad = write_jsonl(tmp_path / "tool.jsonl", [{"conversations": [{"from": "function_call", "value": "x"}]}])
    with pytest.raises(UserError, match="ShareGPT turn from 'function_call'"):
        documents(config(local_data_path=bad))


def test_an_explicit_text_column_still_wins_over_a_chat_column(hf_folder, tmp_path):
    rows = [{"story": story, "messages": chat} for story, chat in zip(STORIES[:3], CHATS)]
    path = write_jsonl(tmp_path / "both.jsonl", rows)
    assert documents(config(local_data_path=path, hf_text_column="story")) == STORIES[:3]
    assert documents(config(local_data_path=path)) == CHATS[:3]  # 'text' is absent: the chat column
    assert documents(hf_config(hf_folder, hf_text_column="text")) == CHATS  # the Hub path finds it too


def test_unreachable_dataset_is_a_one_line_error():
    with pytest.raises(UserError, match="neither reachable nor cached") as error:
        documents(config(data_source="huggingface", hf_dataset="nobody-here/no-such-dataset"))
    assert "\n" not in str(error.value)


def test_spelling_is_converted_on_either_source(tmp_path):
    path = write_jsonl(tmp_path / "us.jsonl", [{"text": "My favorite color is gray."}])
    assert documents(config(local_data_path=path, convert_to_au_english=True)) == ["My favourite colour is grey."]
    text_file = tmp_path / "us.txt"
    text_file.write_text("<USR> What color is it? <ASSIST> It is gray. <EOT>\n", encoding="utf-8")
    assert documents(config(local_data_path=text_file, convert_to_au_english=True)) == [
        [{"role": "user", "content": "What colour is it?"}, {"role": "assistant", "content": "It is grey."}]]


# ---- settings ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("setting, value, message", [
    ("data_source", "s3", "--data-source must be 'local' or 'huggingface'"),
    ("val_fraction", 1.0, "--val-fraction must be between 0 and 1"),
    ("streaming", "maybe", "--streaming must be auto, true or false"),
    ("val_tokens", 0, "--val-tokens must be a positive number"),
    ("shuffle_windows", -1, "--shuffle-windows must be a positive number"),
    ("num_workers", -1, "--num-workers must be 0 or more"),
])
def test_bad_data_settings_are_one_line_errors(setting, value, message):
    with pytest.raises(UserError, match=message):
        data.validate_data_config(config(**{setting: value}))


def test_auto_streams_large_local_data_and_streaming_hf(tmp_path, hf_folder):
    path = tmp_path / "c.txt"
    path.write_text("x" * 3_000_000, encoding="utf-8")
    assert not data.use_streaming(config(local_data_path=path, streaming="auto"))
    assert data.use_streaming(config(local_data_path=path, streaming="auto", stream_above_mb=2))
    assert data.use_streaming(hf_config(hf_folder, streaming="auto"))
    assert not data.use_streaming(hf_config(hf_folder, streaming="auto", hf_streaming=False))
    assert data.use_streaming(hf_config(hf_folder, streaming="yes", hf_streaming=False))  # flags.parse_auto_bool words


# ---- the one split rule ------------------------------------------------------------------------------------------
def test_in_memory_split_is_the_crc32_rule_and_repeated_conversations_go(tmp_path):
    """Pinned to the rule train_llm.py used before data.py, so the default run's figures do not move."""
    cfg = config(local_data_path=corpus_with_plain_text(tmp_path / "c.txt"), val_fraction=0.2)
    all_docs = documents(cfg)
    train_docs, val_docs = data.split_in_memory(cfg)
    texts = [data.document_text(d) for d in all_docs]
    assert len(set(texts)) < len(texts)  # the corpus repeats conversations
    first_copies, seen = [], set()
    for document, text in zip(all_docs, texts):
        if isinstance(document, str) or text not in seen:
            first_copies.append(document)
            seen.add(text)
    in_val = [zlib.crc32(data.document_text(d).encode("utf-8")) % 10000 < 0.2 * 10000 for d in first_copies]
    assert val_docs == [d for d, v in zip(first_copies, in_val) if v]
    assert train_docs == [d for d, v in zip(first_copies, in_val) if not v]
    assert any(isinstance(d, str) for d in val_docs) and any(isinstance(d, str) for d in train_docs)


def streamed_training_documents(prepared):
    return [document for _, document in prepared.train_stream.documents()]


def test_a_documents_split_does_not_depend_on_the_path(tmp_path, tok):
    path = corpus_with_plain_text(tmp_path / "c.txt")
    memory = data.prepare_data(config(local_data_path=path, val_fraction=0.2), tokenizer=tok)
    streamed = data.prepare_data(config(local_data_path=path, val_fraction=0.2, streaming="true"), tokenizer=tok)
    assert memory.train_stream is None and streamed.train_ids is None
    assert torch.equal(memory.val_ids, streamed.val_ids)  # the same validation documents, in the same order
    train_docs, val_docs = data.split_in_memory(config(local_data_path=path, val_fraction=0.2))
    trained_on = streamed_training_documents(streamed)
    # the stream keeps repeats (it cannot remember every document), else it trains on what memory does
    assert list(data.drop_repeated_conversations(trained_on)) == train_docs
    assert all(not data.is_validation(d, 0.2) for d in trained_on)


def test_streaming_never_trains_on_a_validation_document_or_a_copy(tmp_path, tok):
    path = write_chat_corpus(str(tmp_path / "c.txt"), conversations=400)  # many repeated conversations
    cfg = config(local_data_path=path, streaming="true", val_fraction=0.3, val_tokens=300)
    prepared = data.prepare_data(cfg, tokenizer=tok)
    all_docs = documents(cfg)
    picked = list(data.drop_repeated_conversations(d for d in all_docs if data.is_validation(d, 0.3)))
    ids = data.encode_documents(picked, tok)
    count = next(i + 1 for i in range(len(ids)) if sum(map(len, ids[:i + 1])) >= 300)
    assert count < len(picked)  # VAL_TOKENS stopped it before the data ended
    assert prepared.val_ids.tolist() == [t for document_ids in ids[:count] for t in document_ids]
    held_out = {data.document_id(d) for d in picked[:count]}
    trained_on = streamed_training_documents(prepared)
    assert trained_on and not any(data.document_id(d) in held_out for d in trained_on)
    assert len(trained_on) == sum(not data.is_validation(d, 0.3) for d in all_docs)
    assert sum(data.document_id(d) in held_out for d in all_docs) > count  # copies existed, and were kept out


@pytest.mark.parametrize("streaming", ["true", "false"])
def test_separate_validation_split_drops_training_copies(hf_folder, tok, streaming):
    cfg = hf_config(hf_folder, hf_val_split="validation", streaming=streaming, block_size=8)
    prepared = data.prepare_data(cfg, tokenizer=tok)
    assert prepared.val_ids.tolist() == [t for ids in data.encode_documents(CHATS[:3], tok) for t in ids]
    rest = [t for ids in data.encode_documents(CHATS[3:], tok) for t in ids]
    if streaming == "true":
        assert streamed_training_documents(prepared) == CHATS[3:]  # no hash split: every other document trains
    else:
        assert prepared.train_ids.tolist() == rest


def test_a_text_of_one_document_validates_on_its_last_lines(tmp_path, tok):
    lines = [f"{story}\n" for story in STORIES[:40]]  # one document: no blank line, under the cut size
    path = tmp_path / "notes.txt"
    path.write_text("".join(lines), encoding="utf-8")
    cfg = config(local_data_path=path, val_fraction=0.05)
    assert len(documents(cfg)) == 1, "the case under test: a 5% share by hash holds all of it or none"
    messages = []
    prepared = data.prepare_data(cfg, tokenizer=tok, log=messages.append)
    train_text, val_text = (tok.decode(ids.tolist()).replace("<EOT>", "")  # each document ends with <EOT>
                            for ids in (prepared.train_ids, prepared.val_ids))
    assert train_text + val_text == "".join(lines)  # nothing lost, nothing trained on twice
    assert val_text in ["".join(lines[i:]) for i in range(len(lines))]  # whole lines, from the end
    assert len(prepared.val_ids) >= cfg.block_size + 1 and len(val_text) < len("".join(lines)) / 2
    assert messages == [f"data: {path} is too few documents to hold 5% out by hash; validating on its last "
                        f"{len(val_text):,} characters instead"]
    again = data.prepare_data(cfg, tokenizer=tok, log=messages.append)
    assert torch.equal(again.val_ids, prepared.val_ids)  # a resumed run validates on the same text


def test_small_chat_data_the_hash_holds_none_of_validates_on_its_last_conversations(tmp_path, tok):
    cfg = config(local_data_path=tmp_path / "c.txt", val_fraction=0.05)
    chats = [c for c in CHATS if not data.is_validation(c, 0.05)][:30]
    (tmp_path / "c.txt").write_text("".join(chat_text(c) + "\n" for c in chats), encoding="utf-8")
    prepared = data.prepare_data(cfg, tokenizer=tok, log=lambda message: None)
    held = len(chats) - next(n for n in range(len(chats), 0, -1)
                             if prepared.train_ids.tolist() == data.tokenize_documents(chats[:n], tok).tolist())
    assert 0 < held < len(chats) / 2
    assert torch.equal(prepared.val_ids, data.tokenize_documents(chats[-held:], tok))  # whole conversations


def test_all_documents_in_validation_is_a_one_line_error(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(chat_text(CHATS[0]) + "\n", encoding="utf-8")
    fraction = (data.document_id(CHATS[0]) % data.SPLIT_BUCKETS + 1) / data.SPLIT_BUCKETS  # just enough for it
    cfg = config(local_data_path=path, streaming="true", val_fraction=fraction, tokenizer_dir=tmp_path / "tok")
    with pytest.raises(UserError, match="every document is held out for validation"):
        data.prepare_data(cfg)
    path.write_text("", encoding="utf-8")
    with pytest.raises(UserError, match="the data is empty"):
        data.prepare_data(cfg)


# ---- the tokenizer and its record -------------------------------------------------------------------------------
def run_notices(cfg, **options):
    notices = []
    prepared = data.prepare_data(cfg, log=notices.append, **options)
    if prepared.tokenizer_trained:
        data.save_tokenizer(prepared.tokenizer, cfg.tokenizer_dir, prepared.tokenizer_record)
    return prepared, notices


@pytest.mark.parametrize("streaming", ["true", "false"])
def test_tokenizer_is_reused_only_for_the_data_it_was_trained_on(tmp_path, streaming):
    first = corpus_with_plain_text(tmp_path / "first.txt")
    other = write_chat_corpus(str(tmp_path / "other.txt"), seed=5)
    folder = tmp_path / "tok"
    settings = dict(tokenizer_dir=folder, streaming=streaming, val_fraction=0.2)
    prepared, notices = run_notices(config(local_data_path=first, **settings))
    assert prepared.tokenizer_trained and not notices
    record = json.loads((folder / data.TOKENIZER_RECORD_FILE).read_text())
    assert record["vocab_size"] == 300 and record["source"] == first and record["sample_documents"] > 0
    again, notices = run_notices(config(local_data_path=first, **settings))
    assert not again.tokenizer_trained and not notices
    assert again.tokenizer.to_str() == prepared.tokenizer.to_str()
    # other data: retrained with a notice that says why (resuming never gets here: it keeps the checkpoint's)
    retrained, notices = run_notices(config(local_data_path=other, **settings))
    assert retrained.tokenizer_trained and len(notices) == 1 and "was trained on other text" in notices[0]
    assert retrained.tokenizer.to_str() != prepared.tokenizer.to_str()
    # another VOCAB_SIZE: the same
    _, notices = run_notices(config(local_data_path=other, vocab_size=280, **settings))
    assert len(notices) == 1 and "was trained for --vocab-size 300 (this run: 280)" in notices[0]


def test_tokenizer_folder_without_a_record_is_reused_only_at_the_same_size(tmp_path, tok):
    path = corpus_with_plain_text(tmp_path / "c.txt")
    folder = tmp_path / "old"
    tok.save(folder)  # as code before the record wrote it
    assert tok.vocab_size == 300
    prepared, notices = run_notices(config(local_data_path=path, tokenizer_dir=folder))
    assert not prepared.tokenizer_trained and prepared.tokenizer.to_str() == tok.to_str()
    assert len(notices) == 1 and "no record" in notices[0]
    prepared, notices = run_notices(config(local_data_path=path, tokenizer_dir=folder, vocab_size=290))
    assert prepared.tokenizer_trained and len(notices) == 1 and "training a new one" in notices[0]
    assert "has 300 tokens and no record" in notices[0] and "--vocab-size is 290" in notices[0]
    assert (folder / data.TOKENIZER_RECORD_FILE).exists()


def test_a_given_tokenizer_is_used_and_the_folder_left_alone(tmp_path, tok):
    path = corpus_with_plain_text(tmp_path / "c.txt")
    folder = tmp_path / "tok"
    other = CustomTokenizer().train(iter(["a completely different text"] * 50), 270, 1)
    other.save(folder)
    before = sorted(os.listdir(folder))
    for streaming in ("true", "false"):
        prepared = data.prepare_data(config(local_data_path=path, tokenizer_dir=folder, streaming=streaming),
                                     tokenizer=tok)
        assert prepared.tokenizer is tok and not prepared.tokenizer_trained
    assert sorted(os.listdir(folder)) == before and CustomTokenizer.load(folder).to_str() == other.to_str()


def test_save_tokenizer_replaces_the_record(tmp_path, tok):
    folder = tmp_path / "tok"
    (tmp_path / "tok").mkdir()
    (folder / data.TOKENIZER_RECORD_FILE).write_text('{"sample_sha256": "stale"}')
    data.save_tokenizer(tok, str(folder), {"sample_sha256": "new"})
    assert json.loads((folder / data.TOKENIZER_RECORD_FILE).read_text()) == {"sample_sha256": "new"}
    assert CustomTokenizer.load(folder).to_str() == tok.to_str()
    assert sorted(os.listdir(folder)) == sorted([data.TOKENIZER_RECORD_FILE, "tokenizer.json"])  # no temporary files


def test_tokenizer_trains_on_a_bounded_sample(tmp_path):
    def endless():
        for i in range(10 ** 9):
            if i >= 50:
                raise AssertionError("read past the tokenizer sample")
            yield STORIES[i % len(STORIES)]
    cfg = config(tokenizer_dir=tmp_path / "none", tokenizer_train_samples=50)
    tokenizer, trained, record = data.load_tokenizer(cfg, endless())
    assert trained and tokenizer.vocab_size <= 300 and record["sample_documents"] == 50


# ---- batches in memory -----------------------------------------------------------------------------------------
def test_memory_batches_are_todays_draw_and_ranks_split_one_global_batch():
    ids = torch.arange(5000, dtype=torch.int32)
    cfg = config(batch_size=8, block_size=16, seed=3)
    generator = torch.Generator().manual_seed(3)  # what train_llm.py drew before data.py
    expected = data.windows_to_batch(ids, data.random_windows(ids, 8, 16, generator), 16, "cpu")
    x, y = data.MemoryBatches(ids, cfg).next_batch()
    assert torch.equal(x, expected[0]) and torch.equal(y, expected[1]) and torch.equal(x[:, 1:], y[:, :-1])
    one = data.MemoryBatches(ids, cfg)
    ranks = [data.MemoryBatches(ids, config(batch_size=4, block_size=16, seed=3), rank, 2) for rank in range(2)]
    for _ in range(3):
        x, _ = one.next_batch()
        assert torch.equal(x, torch.cat([rank.next_batch()[0] for rank in ranks]))


def test_memory_batches_resume_gives_the_identical_next_batch():
    ids = torch.arange(5000, dtype=torch.int32)
    straight = data.MemoryBatches(ids, config())
    expected = [straight.next_batch() for _ in range(7)]
    first = data.MemoryBatches(ids, config())
    for _ in range(4):
        first.next_batch()
    buffer = io.BytesIO()
    torch.save(first.state_dict(), buffer)  # it goes into a checkpoint, read back with weights_only
    buffer.seek(0)
    resumed = data.MemoryBatches(ids, config())
    resumed.load_state_dict(torch.load(buffer, weights_only=True))
    for x, y in expected[4:]:
        x2, y2 = resumed.next_batch()
        assert torch.equal(x, x2) and torch.equal(y, y2)


def test_make_batches_gives_the_path_of_the_data(tmp_path, tok):
    path = corpus_with_plain_text(tmp_path / "c.txt")
    for streaming, kind in (("false", data.MemoryBatches), ("true", data.StreamingBatches)):
        cfg = config(local_data_path=path, streaming=streaming, val_fraction=0.2)
        batches = data.make_batches(data.prepare_data(cfg, tokenizer=tok), cfg)
        x, y = batches.next_batch()
        assert isinstance(batches.batches, kind) and x.shape == y.shape == (cfg.batch_size, cfg.block_size)


def prefetched_in_turn(batches, count, save_after=None):
    """Take `count` batches as the trainer does (prefetching after each); also the state after save_after."""
    taken, state = [], None
    for i in range(count):
        taken.append(batches.next_batch())
        batches.prefetch()
        if i + 1 == save_after:
            state = json.loads(json.dumps(batches.state_dict())) if isinstance(batches.batches, data.StreamingBatches) \
                else batches.state_dict()
    return taken, state


@pytest.mark.parametrize("streaming", ["false", "true"])
def test_prefetching_keeps_the_batches_and_exact_resume(tmp_path, tok, streaming):
    cfg = config(local_data_path=corpus_with_plain_text(tmp_path / "c.txt"), streaming=streaming, val_fraction=0.2)
    run_data = data.prepare_data(cfg, tokenizer=tok)
    plain = take_batches(data.make_batches(run_data, cfg).batches, 9)  # without prefetching
    prefetched, state = prefetched_in_turn(data.make_batches(run_data, cfg), 9, save_after=4)
    assert all(torch.equal(a[0], b[0]) and torch.equal(a[1], b[1]) for a, b in zip(plain, prefetched))
    # saved while the fifth batch was held ahead: the resumed run starts with that fifth batch
    resumed = data.make_batches(data.prepare_data(cfg, tokenizer=tok), cfg)
    resumed.load_state_dict(state)
    rest, _ = prefetched_in_turn(resumed, 5)
    assert all(torch.equal(a[0], b[0]) for a, b in zip(plain[4:], rest))


# ---- batches streamed ------------------------------------------------------------------------------------------
def test_chat_column_renders_exactly_as_encode_chats(tok):
    docs = [[{"role": "system", "content": "Be kind."}] + CHATS[0], CHATS[1], STORIES[0]]
    expected = tok.encode_chats(docs[:2]) + [tok.encode_batch([STORIES[0]])[0] + [tok.eot_id]]
    assert data.encode_documents(docs, tok) == expected
    # and the same ids come out of the stream: its windows, laid end to end before shuffling, are these ids
    stream = data.StreamingTextDataset(lambda shard, shards, start: iter(list(enumerate(docs))[start:]),
                                       tok, block_size=4, batch_size=1, seed=0, shuffle_windows=2)
    flat = []
    for epoch, _, windows in stream.blocks(0, 0, 0):
        if epoch:
            break
        flat += windows[0].tolist() + [t for w in windows[1:] for t in w[1:].tolist()]
    assert [t for t in flat if t != IGNORE_INDEX] == [i for ids in expected for i in ids]


def make_stream(tok, count=120, **overrides):
    docs = [CHATS[i % len(CHATS)] if i % 2 else STORIES[i % len(STORIES)] for i in range(count)]

    def source(shard=0, num_shards=1, start=0):
        for number, document in enumerate(docs):
            if number % num_shards == shard and number >= start:
                yield number, document
    options = dict(block_size=16, batch_size=4, seed=7, shuffle_windows=8)
    options.update(overrides)
    return data.StreamingTextDataset(source, tok, **options), source, docs


def test_blocks_are_whole_documents_cut_into_overlapping_windows(tok):
    stream, _, docs = make_stream(tok)
    ids = data.encode_documents(docs, tok)
    starts = [sum(map(len, ids[:i])) for i in range(len(docs) + 1)]
    for _, first, windows in itertools_take(stream.blocks(0, 0, 0), 3):
        targets = windows[:, 1:]
        assert (targets[:-1] != IGNORE_INDEX).all()  # only a block's last window is padded
        assert torch.equal(windows[1:, 0], windows[:-1, -1])  # consecutive, overlapping by one token
        tokens = len(windows) * 16 + 1 - (targets[-1] == IGNORE_INDEX).sum().item()
        last = starts.index(starts[first] + tokens) - 1  # the block ends at a document's end...
        assert tokens >= 8 * 16 and starts[last] - starts[first] < 8 * 16  # ...the first to reach the buffer


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
    return data.StreamingBatches(stream, config(num_workers=workers), rank=0, world_size=1, device="cpu")


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


def test_a_stream_position_from_older_code_restarts_the_stream(tok, capsys):
    straight = take_batches(streaming_batches(make_stream(tok)[0], 0), 2)
    batches = streaming_batches(make_stream(tok)[0], 0)
    old = {"num_shards": 1, "workers": 1, "next_worker": 0, "positions": [[0, 0, 0, 5]]}  # before the version
    batches.load_state_dict(old)
    assert "older version of the data pipeline" in capsys.readouterr().err
    assert all(torch.equal(a[0], b[0]) for a, b in zip(straight, take_batches(batches, 2)))


def test_document_source_is_picklable_for_workers(tmp_path):
    cfg = config(local_data_path=corpus_with_plain_text(tmp_path / "c.txt"), val_fraction=0.2)
    source = data.DocumentSource(cfg)
    copy = pickle.loads(pickle.dumps(source))
    assert list(copy(1, 3)) == list(source(1, 3)) and list(source(1, 3))


def test_too_many_shards_for_the_data_is_a_one_line_error(tmp_path, tok):
    path = tmp_path / "tiny.txt"
    path.write_text(chat_text(CHATS[0]) * 40 + "\n" + chat_text(CHATS[1]) + "\n", encoding="utf-8")
    cfg = config(local_data_path=path, num_workers=3, val_fraction=0.0001)
    assert not any(data.is_validation(d, cfg.val_fraction) for d in documents(cfg))  # both documents train
    stream = data.StreamingTextDataset(data.DocumentSource(cfg), tok, 8, 4, 0, 8)
    with pytest.raises(UserError, match="fewer documents than its 3 shards"):
        data.StreamingBatches(stream, cfg)
