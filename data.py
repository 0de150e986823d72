"""
The data pipeline: text on disk (or on the Hugging Face Hub) -> batches of token ids for training.

    documents  ->  split  ->  tokenizer  ->  ids  ->  batches

1. Documents. A document is a conversation (a list of {"role", "content"} messages) or a str of plain
   text. The readers yield documents as they are in the data: a .txt file (each chat line is one
   conversation; other lines are plain text, cut into documents of about TEXT_DOCUMENT_CHARS), a folder
   of .txt files, a .jsonl/.json/.parquet/.csv file, a save_to_disk folder or a Hub dataset.
   iter_documents then applies the Australian spelling conversion.
2. Split. Every document has one identity, document_id (a CRC-32 of its text), and one rule sends it
   to validation or training, in both paths below: is_validation, by that identity. The content decides,
   not the position, so identical documents always land in the same split and validation never holds a
   copy of a training document; no list of exclusions is needed. (With HF_VAL_SPLIT the dataset's own
   validation split is held out instead, and training drops documents identical to a held-out one.)
3. Tokenizer. A byte-level BPE learned from the first TOKENIZER_TRAIN_SAMPLES training documents and
   saved beside a record of what it learned from (TOKENIZER_RECORD_FILE), so a later run on other data
   or with another VOCAB_SIZE retrains it rather than silently reusing the wrong one.
4. Ids. Each document becomes a list of ids ending in <EOT>. Conversations are rendered by
   tokenizer.encode_chats, the very function inference builds its prompts with.
5. Batches, by one of two paths with one interface (next_batch, state_dict, load_state_dict):
   - In memory (MemoryBatches), for small data: everything is read at once, conversations repeated word
     for word are dropped, and the training ids form one array. Each batch is BATCH_SIZE windows of
     BLOCK_SIZE + 1 tokens starting at random offsets, so no two epochs cut the text alike.
   - Streamed (StreamingBatches over StreamingTextDataset), for data too big for memory: documents are
     read, tokenized and packed into consecutive windows as training asks for them, shuffled within a
     read-ahead buffer of SHUFFLE_WINDOWS windows. Memory stays flat at any data size, but the window
     boundaries are fixed: every epoch shows the model the same windows, in a new order.

Why two paths and not one. The in-memory path is what the default run's figures come from, and only
it can draw those random windows: a window may start at any token offset of the bundled corpus, while
packed windows start at fixed offsets that come back every epoch. Measured side by side on that corpus
(`python bench/bench_data.py --only paths`: the same model, tokenizer, validation documents and windows;
figures in bench/RESULTS.md, section 6), the stream's validation loss trails the in-memory one's by
about the spread between seeds, and a shuffle buffer holding the whole corpus does not close the gap.
So small data loses nothing in memory, and the stream earns its place on data bigger than memory, where
its memory stays flat and a run rarely sees a window twice.
"""

import hashlib
import itertools
import json
import os
import re
import sys
import zlib
from array import array
from dataclasses import dataclass

import torch

from flags import UserError, atomic_write, parse_auto_bool
from model import IGNORE_INDEX
from tokenizer import CustomTokenizer, parse_chat_line

# ---- reading -----------------------------------------------------------------------------------------------
# Plain text is cut into documents of about this many characters, at a paragraph end (a blank line):
# small enough that even a short file gives many documents for the split to spread.
TEXT_DOCUMENT_CHARS = 4096
# Text with no blank line is cut at a line end once a document reaches this many times that size.
TEXT_DOCUMENT_MAX_GROWTH = 4
# A line longer than this many characters (a file with no newlines at all, say) is read in pieces, so a
# file's size never matters to memory.
MAX_LINE_CHARS = 1 << 20
# A NUL byte in the first this many bytes of a file marks it as binary: text files never contain one.
BINARY_SNIFF_BYTES = 8192
# How much of a library's error message is quoted in our one-line errors.
ERROR_DETAIL_CHARS = 160
# Decoded with errors="surrogateescape", each byte that is not UTF-8 becomes one of these stand-ins.
UNDECODABLE_BYTE = re.compile("[\udc80-\udcff]")

# ---- split -------------------------------------------------------------------------------------------------
# A document's identity, modulo this, picks its bucket; VAL_FRACTION of the buckets are validation.
# 10000 buckets honour VAL_FRACTION to 0.01%.
SPLIT_BUCKETS = 10000

# ---- tokenizing and batching -------------------------------------------------------------------------------
# Documents handed to the fast tokenizer per call: enough for its batching to pay, and few enough that
# a streamed shard reads little beyond what its current block needs.
ENCODE_BATCH_DOCUMENTS = 64
# What a tokenizer was trained on, saved beside its tokenizer.json.
TOKENIZER_RECORD_FILE = "trained_on.json"
# A rough figure for English under byte-level BPE, to say how much text a split needs.
CHARS_PER_TOKEN = 4
# Streaming with NUM_WORKERS > 0: batches each worker keeps ready, so a worker slowed by a long
# document does not make training wait.
PREFETCH_BATCHES = 4
# The layout of StreamingBatches.state_dict(); a checkpoint with another one restarts the stream.
# Version 2: the validation documents are chosen by is_validation, not by position.
STREAM_STATE_VERSION = 2

_warned_utf8_paths = set()  # the same file is read several times (sample, validation, training): warn once
# Chat datasets without the configured text column: columns looked at first for conversations, and
# ShareGPT's speakers in our roles.
CONVERSATION_COLUMNS = ("messages", "conversations")
SHAREGPT_ROLES = {"system": "system", "human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant"}
_announced_columns = set()  # (dataset, column) pairs already reported as found by their content


def first_line(error, limit=ERROR_DETAIL_CHARS):
    """The first line of an error's message, cut to `limit` characters, to quote inside a one-line error."""
    return str(error).partition("\n")[0][:limit]


# ---- 1. documents ------------------------------------------------------------------------------------------
def read_local_documents(path, column):
    """Yield the documents of a local path: a .txt file, a folder of .txt files, a .jsonl/.json/.parquet/.csv
    file (through the `datasets` packaged builders, streamed) or a folder written by `save_to_disk`."""
    if not os.path.exists(path):
        raise UserError(f"data path {path} does not exist: set LOCAL_DATA_PATH (or --local-data-path) "
                        f"to a .txt/.jsonl/.json/.parquet/.csv file or a folder")
    if os.path.isdir(path):
        if os.path.exists(os.path.join(path, "dataset_info.json")) or os.path.exists(
                os.path.join(path, "dataset_dict.json")):
            yield from read_hf_documents(path, "", "train", column, False, from_disk=True)
            return
        files = sorted(os.path.join(path, name) for name in os.listdir(path) if name.endswith(".txt"))
        if not files:
            raise UserError(f"folder {path} has no .txt files")
        for file in files:
            yield from read_text_file(file)
        return
    extension = os.path.splitext(path)[1].lower()
    builders = {".jsonl": "json", ".json": "json", ".parquet": "parquet", ".csv": "csv"}
    if extension in builders:
        yield from read_hf_documents(builders[extension], "", "train", column, True, data_files=path)
    else:
        yield from read_text_file(path)


def read_text_file(path, document_chars=TEXT_DOCUMENT_CHARS):
    """A chat line is one conversation; runs of other lines are plain text, cut into documents.

    The file is read a line at a time, so its size does not matter (nor does a file with no newlines).
    Bytes that are not UTF-8 are replaced (U+FFFD) and counted in one warning; a file with NUL bytes is
    refused as binary.
    """
    with open(path, "rb") as f:
        if b"\x00" in f.read(BINARY_SNIFF_BYTES):
            raise UserError(f"{path} looks like a binary file (it contains NUL bytes): give a UTF-8 text file")
    # Kept now: a reader dropped half-way is closed at interpreter exit, when sys.stderr may already be gone.
    stderr = sys.stderr
    bad_lines = bad_bytes = 0
    plain, size = [], 0
    try:
        for line, bad in read_lines(path):
            bad_lines += bad > 0
            bad_bytes += bad
            if "<USR>" in line or "<ASSIST>" in line:
                messages = parse_chat_line(line)
                if messages:
                    text = "".join(plain)  # plain text before this line comes first, keeping file order
                    plain, size = [], 0
                    if text.strip():
                        yield text
                    yield messages
                    continue
            plain.append(line)
            size += len(line)
            at_paragraph_end = not line.strip()
            if size >= document_chars and (at_paragraph_end or size >= TEXT_DOCUMENT_MAX_GROWTH * document_chars):
                text = "".join(plain)
                plain, size = [], 0
                if text.strip():
                    yield text
        text = "".join(plain)
        if text.strip():
            yield text
    finally:  # also when the reader stops early (the tokenizer's sample, the validation documents)
        if bad_lines and path not in _warned_utf8_paths:
            _warned_utf8_paths.add(path)
            print(f"warning: {path}: {bad_lines} lines had bytes that are not UTF-8 ({bad_bytes} bytes); "
                  f"they were replaced with U+FFFD", file=stderr)


def read_lines(path, max_chars=MAX_LINE_CHARS):
    """Yield (line, bad_bytes) for each line of a text file, newline kept; a longer line comes in pieces.

    errors="surrogateescape" decodes each byte that is not UTF-8 to a stand-in character instead of
    failing; the stand-ins are counted and replaced with U+FFFD. The file object decodes as it reads, so
    a piece of an over-long line never ends inside a character. newline="\n" ends lines at "\n" only
    and keeps a "\r" before it, as the file has it.
    """
    with open(path, encoding="utf-8", errors="surrogateescape", newline="\n") as f:
        while True:
            line = f.readline(max_chars)
            if not line:
                return
            if line.isascii():  # most lines: nothing to look for (a quick check, done in C)
                yield line, 0
            else:
                yield UNDECODABLE_BYTE.subn("\ufffd", line)


def read_hf_documents(name, config, split, column, streaming, data_files=None, from_disk=False):
    """Yield documents from a Hugging Face dataset (Hub, packaged builder on local files, or save_to_disk).

    `split` may join several with '+' ("train+validation"); they are read one after the other.
    """
    import datasets  # imported here: it is slow to import and the bundled corpus does not need it

    import huggingface_hub

    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()  # keep a failure to one line: no retry or progress chatter
    huggingface_hub.utils.logging.set_verbosity_error()
    source = data_files or name
    for one_split in split.split("+"):
        try:
            if from_disk:
                dataset = datasets.load_from_disk(name)
                if isinstance(dataset, datasets.DatasetDict):
                    dataset = dataset[one_split]
            else:
                dataset = datasets.load_dataset(name, config or None, split=one_split, streaming=streaming,
                                                data_files=data_files)
            columns = dataset.column_names or []
            used = column
            if columns and column not in columns:
                used = conversation_column(dataset, columns)
                if used is None:
                    raise UserError(f"dataset {source!r} has no column {column!r}; its columns are {columns}: "
                                    f"set HF_TEXT_COLUMN (--hf-text-column)")
                if (source, used) not in _announced_columns:  # read several times: sample, validation, training
                    _announced_columns.add((source, used))
                    print(f"dataset {source!r} has no column {column!r}: reading the conversations in its "
                          f"column {used!r}")
            for example in dataset:  # a streamed dataset opens its files here, so errors can come from here too
                document = example_document(example[used], used)
                if document:
                    yield document
        except KeyError:
            raise UserError(f"dataset {source!r} has no split {one_split!r}: set HF_SPLIT (--hf-split) or "
                            f"HF_VAL_SPLIT") from None
        except FileNotFoundError as error:
            raise UserError(f"dataset {source!r} was not found: {first_line(error)}") from None
        except (ConnectionError, OSError) as error:
            raise UserError(f"dataset {source!r} is neither reachable nor cached ({type(error).__name__}): "
                            f"check the name and your network, or download it once where the Hub is "
                            f"reachable (then HF_HUB_OFFLINE=1 skips the network)") from None
        except ValueError as error:
            raise UserError(f"dataset {source!r} could not be loaded: {first_line(error)}") from None


def conversation_column(dataset, columns):
    """The column holding conversations, recognised by what its first row holds; None if there is none.

    Chat datasets come in two shapes: a list of {role, content} messages (usually in a column named
    messages or conversations, which are looked at first) and ShareGPT's list of {from, value} turns.
    """
    first = next(iter(dataset), None)
    if first is None:
        return None
    for name in sorted(columns, key=lambda name: name not in CONVERSATION_COLUMNS):
        value = first.get(name)
        if isinstance(value, list) and value and all(message_fields(m) for m in value):
            return name
    return None


def message_fields(message):
    """The (role, content) field names of a chat message in either shape, or None if it is neither."""
    if isinstance(message, dict):
        for fields in (("role", "content"), ("from", "value")):
            if all(field in message for field in fields):
                return fields
    return None


def example_document(value, column):
    """One dataset cell -> a document: a conversation, chat-format text, or plain text (None if empty)."""
    if isinstance(value, list):  # a conversation: [{"role": ..., "content": ...}, ...] or ShareGPT's turns
        fields = [message_fields(m) for m in value]
        if not all(fields):
            raise UserError(f"column {column!r} holds a list that is not {{role, content}} or {{from, value}} "
                            f"messages; point HF_TEXT_COLUMN at a text column or a chat column")
        messages = []
        for message, (role_field, content_field) in zip(value, fields):
            role = message[role_field]
            if role_field == "from":
                if role not in SHAREGPT_ROLES:
                    raise UserError(f"column {column!r} has a ShareGPT turn from {role!r}: expected one of "
                                    f"{', '.join(SHAREGPT_ROLES)}")
                role = SHAREGPT_ROLES[role]
            messages.append({"role": role, "content": message[content_field] or ""})
        return messages or None
    if isinstance(value, str) and value.strip():
        return (parse_chat_line(value) or value) if "<USR>" in value else value
    return None


def spelling_converter(cfg):
    if not cfg.convert_to_au_english:
        return None
    from convert_spelling import convert_text_to_au_english
    return convert_text_to_au_english


def convert_document(document, convert):
    """The Australian spelling conversion, applied to each text as it is read (both paths, both sources)."""
    if convert is None:
        return document
    if isinstance(document, str):
        return convert(document)
    return [{"role": m["role"], "content": convert(m["content"])} for m in document]


def raw_documents(cfg, split=None):
    """The documents of the configured source, in their fixed order, before spelling conversion."""
    if cfg.data_source == "local":
        documents = read_local_documents(cfg.local_data_path, cfg.hf_text_column)
    else:
        documents = read_hf_documents(cfg.hf_dataset, cfg.hf_config, split or cfg.hf_split, cfg.hf_text_column,
                                      cfg.hf_streaming)
    return itertools.islice(documents, cfg.max_documents or None)


def iter_documents(cfg, split=None):
    """The documents of the configured source (or of another split of it), spelling converted."""
    convert = spelling_converter(cfg)
    return (convert_document(document, convert) for document in raw_documents(cfg, split))


def describe_source(cfg):
    return cfg.local_data_path if cfg.data_source == "local" else f"dataset {cfg.hf_dataset}"


# ---- 2. split ----------------------------------------------------------------------------------------------
def document_text(document):
    """The text of a document, for its identity and for tokenizer training."""
    if isinstance(document, str):
        return document
    return "\n".join(m["content"] for m in document)


def document_id(document):
    """A document's identity: the CRC-32 of its text (after the spelling conversion).

    It decides the split, finds repeated conversations, and matches training documents against a
    separate validation split. 32 bits are plenty for the split; as an identity, N documents hold about
    N^2 / 2^33 pairs of different texts that share one: 0.01 on the bundled corpus (10,801 documents),
    about 100 among a million, each costing one document dropped as a false copy.
    """
    return zlib.crc32(document_text(document).encode("utf-8"))


def is_validation(document, val_fraction):
    """The one split rule, for both paths: a document is validation when its identity falls in the first
    VAL_FRACTION of SPLIT_BUCKETS buckets."""
    return document_id(document) % SPLIT_BUCKETS < val_fraction * SPLIT_BUCKETS


def separate_validation(cfg):
    """True when the dataset's own HF_VAL_SPLIT is held out, rather than a share of the data by hash."""
    return cfg.data_source == "huggingface" and bool(cfg.hf_val_split)


def drop_repeated_conversations(documents):
    """The documents in order, less conversations that repeat an earlier one word for word.

    A repeated conversation adds nothing to learn from but a bias towards it. Plain text is kept as is:
    its documents are cut at arbitrary points, so a repeat is rare and means little.
    """
    seen = set()
    for document in documents:
        if not isinstance(document, str):
            identity = document_id(document)
            if identity in seen:
                continue
            seen.add(identity)
        yield document


def split_in_memory(cfg):
    """(training documents, validation documents) of the whole data, each conversation once."""
    if separate_validation(cfg):
        val_docs = list(drop_repeated_conversations(iter_documents(cfg, cfg.hf_val_split)))
        held_out = {document_id(d) for d in val_docs}
        train_docs = [d for d in drop_repeated_conversations(iter_documents(cfg)) if document_id(d) not in held_out]
        return train_docs, val_docs
    train_docs, val_docs = [], []
    for document in drop_repeated_conversations(iter_documents(cfg)):
        (val_docs if is_validation(document, cfg.val_fraction) else train_docs).append(document)
    return train_docs, val_docs


def hold_out_the_end(documents, cfg, log):
    """(training, validation) for data so small that is_validation put every document on one side: the
    end of the data, text for about two windows, validates. A text file of a few dozen kilobytes is only a
    handful of documents, and a 5% share by hash often picks none of them (or, for one document, all).
    Plain text gives up only its last lines; a conversation goes whole. The same data always gives the
    same split, so a resumed run still validates on the same text.
    """
    need = 2 * (cfg.block_size + 1) * CHARS_PER_TOKEN  # twice the rough figure: text may tokenize tighter
    documents, held_out, size = list(documents), [], 0
    while documents and size < need:
        last, short = documents.pop(), need - size
        if isinstance(last, str) and len(last) > 2 * short:  # plain text: keep its head for training
            cut = last.rfind("\n", 0, len(last) - short) + 1
            cut = cut if cut > len(last) // 2 else len(last) - short
            documents.append(last[:cut])
            last = last[cut:]
        elif not documents:  # the one document left is too small to share: it trains
            documents.append(last)
            break
        held_out.insert(0, last)
        size += len(document_text(last))
    if held_out:
        log(f"data: {describe_source(cfg)} is too few documents to hold {cfg.val_fraction:.0%} out by hash; "
            f"validating on its last {size:,} characters instead")
    return documents, held_out


def check_split_size(split, tokens, cfg):
    need = cfg.block_size + 1
    if tokens < need:
        more = "" if split == "training" or separate_validation(cfg) else ", raise --val-fraction"
        raise UserError(f"the {split} split of {describe_source(cfg)} has {tokens} tokens but one window needs "
                        f"BLOCK_SIZE + 1 = {need}: add more text (roughly {need * CHARS_PER_TOKEN} characters "
                        f"per split){more} or lower --block-size")


# ---- 3. tokenizer ------------------------------------------------------------------------------------------
def tokenizer_record(cfg, sample_texts):
    """What a tokenizer trained now would be trained on: settings, and a fingerprint of the sample texts."""
    fingerprint = hashlib.sha256()
    for text in sample_texts:
        data = text.encode("utf-8")
        fingerprint.update(len(data).to_bytes(8, "little"))  # the length first: ["ab", "c"] != ["a", "bc"]
        fingerprint.update(data)
    return {"vocab_size": cfg.vocab_size, "min_frequency": cfg.tokenizer_min_frequency,
            "sample_documents": len(sample_texts), "sample_sha256": fingerprint.hexdigest(),
            "source": describe_source(cfg)}


def read_tokenizer_record(folder):
    """The record saved beside a tokenizer, or None when there is none (older code) or it is unreadable."""
    try:
        with open(os.path.join(folder, TOKENIZER_RECORD_FILE), encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def tokenizer_mismatch(tokenizer, saved, wanted):
    """Why a saved tokenizer does not fit this run (a phrase), or None when it does."""
    if saved is None:  # written by older code: only its size can be checked
        if tokenizer.vocab_size == wanted["vocab_size"]:
            return None
        return (f"has {tokenizer.vocab_size} tokens and no record of what it was trained on, and --vocab-size "
                f"is {wanted['vocab_size']}")
    reasons = []
    if saved.get("vocab_size") != wanted["vocab_size"]:
        reasons.append(f"was trained for --vocab-size {saved.get('vocab_size')} (this run: {wanted['vocab_size']})")
    if saved.get("min_frequency") != wanted["min_frequency"]:
        reasons.append(f"was trained with --tokenizer-min-frequency {saved.get('min_frequency')} "
                       f"(this run: {wanted['min_frequency']})")
    if saved.get("sample_sha256") != wanted["sample_sha256"]:
        reasons.append(f"was trained on other text (the first {saved.get('sample_documents')} training documents "
                       f"of {saved.get('source')} as they were then; this run: {wanted['sample_documents']} of "
                       f"{wanted['source']})")
    return " and ".join(reasons) or None


def load_tokenizer(cfg, documents, log=print):
    """The tokenizer for this run: the one in TOKENIZER_DIR if it was trained on this data with these
    settings, else a new one trained on the first TOKENIZER_TRAIN_SAMPLES of `documents`.

    Returns (tokenizer, trained, record); when `trained`, the caller saves it with save_tokenizer(...,
    record). A saved tokenizer that does not fit is retrained with a notice. (A resumed or fine-tuned run
    never gets here: it keeps its checkpoint's tokenizer, given to prepare_data.) A folder written by
    older code has no record: its tokenizer is reused, with a notice, if its size is VOCAB_SIZE.
    """
    # islice stops reading there: with a streamed source the rest of the data is never touched
    sample = [document_text(d) for d in itertools.islice(documents, cfg.tokenizer_train_samples)]
    record = tokenizer_record(cfg, sample)
    folder = cfg.tokenizer_dir
    if CustomTokenizer.exists(folder):
        try:
            tokenizer = CustomTokenizer.load(folder)
        except ValueError as error:
            raise UserError(str(error)) from None
        saved = read_tokenizer_record(folder)
        mismatch = tokenizer_mismatch(tokenizer, saved, record)
        if mismatch is None:
            if saved is None:
                log(f"notice: the tokenizer in {folder} has no record of what it was trained on (older code "
                    f"wrote it); reusing it as its size matches --vocab-size. Delete the folder to retrain it")
            return tokenizer, False, record
        log(f"notice: the tokenizer in {folder} {mismatch}; training a new one")
    tokenizer = CustomTokenizer().train(iter(sample), cfg.vocab_size, cfg.tokenizer_min_frequency)
    return tokenizer, True, record


def save_tokenizer(tokenizer, folder, record):
    """Save a tokenizer and the record of what it was trained on, each file written atomically.

    The old record goes first: a crash between the two writes then leaves a tokenizer with no record
    (reused only if its size fits), never a new tokenizer beside the old one's record.
    """
    record_path = os.path.join(folder, TOKENIZER_RECORD_FILE)
    if os.path.exists(record_path):
        os.remove(record_path)
    tokenizer.save(folder)
    if record is not None:
        atomic_write(record_path, lambda f: f.write(json.dumps(record, indent=2) + "\n"), "w")


# ---- 4. ids ------------------------------------------------------------------------------------------------
def encode_documents(documents, tokenizer):
    """Documents -> one id list each, in order, each ending in <EOT> (a chat's last reply ends in it already).

    Conversations go through tokenizer.encode_chats, the function inference builds its prompts with, so
    training and chatting render a conversation identically. Each kind is encoded in one batched call,
    then the results are put back in the documents' order.
    """
    chat_positions = [i for i, d in enumerate(documents) if not isinstance(d, str)]
    text_positions = [i for i, d in enumerate(documents) if isinstance(d, str)]
    ids = [None] * len(documents)
    for i, chat_ids in zip(chat_positions, tokenizer.encode_chats([documents[i] for i in chat_positions])):
        ids[i] = chat_ids
    for i, text_ids in zip(text_positions, tokenizer.encode_batch([documents[i] for i in text_positions])):
        ids[i] = text_ids + [tokenizer.eot_id]
    return ids


def encode_numbered(numbered_documents, tokenizer):
    """(number, document) pairs -> (number, ids) pairs, ENCODE_BATCH_DOCUMENTS documents per tokenizer call."""
    numbered_documents = iter(numbered_documents)
    while True:
        batch = list(itertools.islice(numbered_documents, ENCODE_BATCH_DOCUMENTS))
        if not batch:
            return
        numbers = [number for number, _ in batch]
        yield from zip(numbers, encode_documents([document for _, document in batch], tokenizer))


def tokenize_documents(documents, tokenizer):
    """Documents -> one flat int32 tensor of ids (the in-memory path)."""
    ids = array("i")
    for _, document_ids in encode_numbered(enumerate(documents), tokenizer):
        ids.extend(document_ids)
    return torch.frombuffer(ids, dtype=torch.int32) if len(ids) else torch.zeros(0, dtype=torch.int32)


# ---- the two paths: choosing and preparing -----------------------------------------------------------------
def validate_data_config(cfg):
    """Reject data settings that cannot work, each with what is wrong and how to fix it."""
    if cfg.data_source not in ("local", "huggingface"):
        raise UserError(f"--data-source must be 'local' or 'huggingface', got {cfg.data_source!r}")
    if not 0 < cfg.val_fraction < 1:
        raise UserError(f"--val-fraction must be between 0 and 1, got {cfg.val_fraction}")
    parse_auto_bool(cfg.streaming, "--streaming")
    for name in ("val_tokens", "shuffle_windows", "tokenizer_train_samples"):
        if getattr(cfg, name) <= 0:
            raise UserError(f"--{name.replace('_', '-')} must be a positive number, got {getattr(cfg, name)}")
    for name in ("num_workers", "max_documents", "stream_above_mb"):
        if getattr(cfg, name) < 0:
            raise UserError(f"--{name.replace('_', '-')} must be 0 or more, got {getattr(cfg, name)}")


def local_data_bytes(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(path) for name in names)
    return os.path.getsize(path) if os.path.exists(path) else 0


def use_streaming(cfg):
    """STREAMING 'auto' streams Hugging Face streaming datasets and local data over STREAM_ABOVE_MB."""
    choice = parse_auto_bool(cfg.streaming, "--streaming")
    if choice != "auto":
        return choice
    if cfg.data_source == "huggingface":
        return cfg.hf_streaming
    return local_data_bytes(cfg.local_data_path) > cfg.stream_above_mb * 1e6


@dataclass
class PreparedData:
    """What prepare_data gives the trainer: train_ids (in memory) or train_stream (streamed), never both.

    tokenizer_trained: the tokenizer is new, and the caller saves it with
    save_tokenizer(tokenizer, TOKENIZER_DIR, tokenizer_record). val_bytes: the UTF-8 size of the
    validation text, for bits per byte.
    """
    tokenizer: CustomTokenizer
    tokenizer_trained: bool
    tokenizer_record: dict | None  # None when the tokenizer was given to prepare_data
    val_ids: torch.Tensor
    val_bytes: int
    train_ids: torch.Tensor | None = None
    train_stream: "StreamingTextDataset | None" = None


def prepare_data(cfg, tokenizer=None, log=print):
    """The tokenizer, the validation ids and the training data: an id array for small data, else a stream.

    A given `tokenizer` (the checkpoint's, when resuming or fine-tuning) is used as it is, and
    TOKENIZER_DIR is not read.
    """
    validate_data_config(cfg)
    if use_streaming(cfg):
        return prepare_streaming_data(cfg, tokenizer, log)
    train_docs, val_docs = split_in_memory(cfg)
    if not train_docs and not val_docs:
        raise empty_data_error(cfg)
    if not (train_docs and val_docs) and not separate_validation(cfg):  # small data: all on one side
        train_docs, val_docs = hold_out_the_end(train_docs + val_docs, cfg, log)
    trained, record = False, None
    if tokenizer is None:
        tokenizer, trained, record = load_tokenizer(cfg, train_docs or val_docs, log)
    train_ids = tokenize_documents(train_docs, tokenizer)
    val_ids = tokenize_documents(val_docs, tokenizer)
    check_split_size("training", len(train_ids), cfg)
    check_split_size("validation", len(val_ids), cfg)
    return PreparedData(tokenizer, trained, record, val_ids, utf8_size(val_ids, tokenizer), train_ids=train_ids)


def prepare_streaming_data(cfg, tokenizer, log):
    """Tokenizer from the first training documents, validation held in memory, training left as a stream.

    Validation: the documents is_validation picks, from the start of the data, until VAL_TOKENS tokens
    (or the first documents of HF_VAL_SPLIT). Training: every document is_validation does not pick (or,
    with HF_VAL_SPLIT, every one not identical to a held-out one). The documents is_validation picks
    beyond VAL_TOKENS are in neither: they belong to validation, and training never sees them.
    """
    separate = separate_validation(cfg)
    trained, record = False, None
    if tokenizer is None:
        training = iter_documents(cfg)
        if not separate:
            training = (d for d in training if not is_validation(d, cfg.val_fraction))
        sample = list(itertools.islice(drop_repeated_conversations(training), cfg.tokenizer_train_samples))
        if not sample:
            raise_no_training_documents(cfg)
        tokenizer, trained, record = load_tokenizer(cfg, sample, log)
    if separate:
        candidates = iter_documents(cfg, cfg.hf_val_split)
    else:
        candidates = (d for d in iter_documents(cfg) if is_validation(d, cfg.val_fraction))
    val_ids, held_out = array("i"), set()
    for document in drop_repeated_conversations(candidates):
        held_out.add(document_id(document))
        val_ids.extend(encode_documents([document], tokenizer)[0])
        if len(val_ids) >= cfg.val_tokens:
            break
    if not held_out and next(raw_documents(cfg), None) is None:
        raise empty_data_error(cfg)
    check_split_size("validation", len(val_ids), cfg)
    val_ids = torch.frombuffer(val_ids, dtype=torch.int32)
    source = DocumentSource(cfg, exclude_ids=frozenset(held_out) if separate else None)
    stream = StreamingTextDataset(source, tokenizer, cfg.block_size, cfg.batch_size, cfg.seed, cfg.shuffle_windows)
    return PreparedData(tokenizer, trained, record, val_ids, utf8_size(val_ids, tokenizer), train_stream=stream)


def empty_data_error(cfg):
    return UserError(f"no text found in {describe_source(cfg)}: the data is empty")


def raise_no_training_documents(cfg):
    if next(raw_documents(cfg), None) is None:
        raise empty_data_error(cfg)
    raise UserError(f"no training documents in {describe_source(cfg)}: every document is held out for "
                    f"validation; add more documents or lower --val-fraction")


def utf8_size(ids, tokenizer):
    return len(tokenizer.decode(ids.tolist()).encode("utf-8"))


def make_batches(data, cfg, rank=0, world_size=1, device="cpu"):
    """This rank's training batches from prepare_data's result: MemoryBatches or StreamingBatches, with
    the next batch fetched ahead (Prefetched)."""
    if data.train_stream is not None:
        return Prefetched(StreamingBatches(data.train_stream, cfg, rank, world_size, device))
    return Prefetched(MemoryBatches(data.train_ids, cfg, rank, world_size, device))


class Prefetched:
    """Batches with the next one fetched ahead, when the trainer calls prefetch() right after queuing a
    forward pass: on a GPU, the next batch is then cut, pinned and copied while the GPU still computes
    this one, instead of the GPU waiting for it. The batches and their order are the same as without it.

    A checkpoint stores the position from before the batch held ahead, so a resumed run draws that batch
    again and resume stays exact.
    """

    def __init__(self, batches):
        self.batches, self.ahead, self.position_before_ahead = batches, None, None

    def next_batch(self):
        if self.ahead is None:
            return self.batches.next_batch()
        batch, self.ahead = self.ahead, None
        return batch

    def prefetch(self):
        if self.ahead is None:
            self.position_before_ahead = self.batches.state_dict()
            self.ahead = self.batches.next_batch()

    def state_dict(self):
        return self.position_before_ahead if self.ahead is not None else self.batches.state_dict()

    def load_state_dict(self, state):
        self.ahead = None
        self.batches.load_state_dict(state)


# ---- 5a. batches in memory ---------------------------------------------------------------------------------
def random_windows(ids, count, block_size, generator):
    """Start offsets of `count` random windows of block_size + 1 tokens."""
    return torch.randint(len(ids) - block_size, (count,), generator=generator)


def windows_to_batch(ids, starts, block_size, device):
    """(x, y) on `device`: the windows at `starts`, y being x shifted by one token."""
    rows = torch.stack([ids[s:s + block_size + 1] for s in starts.tolist()]).long()  # (B, T + 1)
    x, y = rows[:, :-1], rows[:, 1:]
    if device.startswith("cuda"):  # pinned memory lets the copy overlap with the GPU's work
        return x.pin_memory().to(device, non_blocking=True), y.pin_memory().to(device, non_blocking=True)
    return x.to(device), y.to(device)


class MemoryBatches:
    """One rank's batches of random windows from an id array; the generator state resumes them exactly.

    Every rank draws the same global batch of BATCH_SIZE x world_size windows and keeps its own rows, so
    N processes with BATCH_SIZE each see exactly what one process with N x BATCH_SIZE would.
    """

    def __init__(self, ids, cfg, rank=0, world_size=1, device="cpu"):
        self.ids, self.rank, self.world_size, self.device = ids, rank, world_size, device
        self.block_size, self.batch_size = cfg.block_size, cfg.batch_size
        self.generator = torch.Generator().manual_seed(cfg.seed)

    def next_batch(self):
        starts = random_windows(self.ids, self.batch_size * self.world_size, self.block_size, self.generator)
        mine = starts[self.rank * self.batch_size:(self.rank + 1) * self.batch_size]
        return windows_to_batch(self.ids, mine, self.block_size, self.device)

    def state_dict(self):
        return {"kind": "memory", "generator": self.generator.get_state()}

    def load_state_dict(self, state):
        if not state or state.get("kind") != "memory":  # none, or the position in a stream
            print("warning: the checkpoint has no position in in-memory data; the random windows start "
                  "afresh from SEED", file=sys.stderr)
            return
        self.generator.set_state(state["generator"])


# ---- 5b. batches streamed ----------------------------------------------------------------------------------
class DocumentSource:
    """The training documents of a streamed source, numbered from 0 in the data's fixed order.

    Called with (shard, num_shards, start) it yields (number, converted document) for the training
    documents whose number is shard modulo num_shards, from number `start` on: every document belongs to
    exactly one shard. Documents of other shards are only scanned past, never converted or tokenized.
    A document is held out when is_validation picks it (or, given exclude_ids, when its identity is one
    of those: the documents of a separate validation split). Picklable, for DataLoader workers.
    """

    def __init__(self, cfg, exclude_ids=None):
        self.cfg, self.exclude_ids = cfg, exclude_ids

    def held_out(self, document):
        if self.exclude_ids is None:
            return is_validation(document, self.cfg.val_fraction)
        return document_id(document) in self.exclude_ids

    def __call__(self, shard=0, num_shards=1, start=0):
        convert = spelling_converter(self.cfg)
        for number, document in enumerate(raw_documents(self.cfg)):
            if number % num_shards != shard or number < start:
                continue
            document = convert_document(document, convert)  # the split is decided on the converted text
            if not self.held_out(document):
                yield number, document


class StreamingTextDataset(torch.utils.data.IterableDataset):
    """An endless stream of batches of (BLOCK_SIZE + 1)-token windows, tokenized as they are needed.

    Sharding: shard = rank x workers + worker, and each shard reads the documents DocumentSource deals it,
    so across all ranks and DataLoader workers each document is read once per epoch and none is skipped.
    Packing and shuffling: a shard reads a block (the fewest whole documents that hold `shuffle_windows`
    windows of tokens, each document ending in <EOT>), cuts it into consecutive windows that overlap by one
    token (every token is a target exactly once; the block's last window is padded, its padding ignored
    by the loss), and yields them in an order shuffled by an RNG seeded from (SEED, epoch, shard, block).
    So the stream is deterministic, and a shard's position is three numbers: (epoch, first document of
    the current block, windows of that block already given). Resuming rebuilds that one block and carries on.

    Each item is (x, y, position) with x and y of shape (batch_size, block_size) and position a tensor
    [shard, epoch, first document, windows given] describing the shard just after this batch.
    """

    def __init__(self, documents, tokenizer, block_size, batch_size, seed, shuffle_windows):
        self.documents, self.tokenizer = documents, tokenizer
        self.block_size, self.batch_size = block_size, batch_size
        self.seed, self.shuffle_windows = seed, shuffle_windows
        self.rank, self.world_size, self.workers = 0, 1, 1  # set by shard_for() before iterating
        self.positions = {}  # shard -> (epoch, first document, windows given): where each shard starts
        self.first_worker = 0  # the worker whose batch comes first (see __iter__)

    def shard_for(self, rank, world_size, num_workers):
        self.rank, self.world_size, self.workers = rank, world_size, max(1, num_workers)
        return self

    @property
    def num_shards(self):
        return self.world_size * self.workers

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        loader_worker = 0 if info is None else info.id
        # A DataLoader takes batches from its workers in turn, always starting with its worker 0. A resumed
        # run must start with the worker whose turn was next when the checkpoint was saved, so DataLoader
        # worker i reads the shard of worker (first_worker + i).
        worker = (loader_worker + self.first_worker) % self.workers
        shard = self.rank * self.workers + worker
        epoch, first, given = self.positions.get(shard, (0, 0, 0))
        rows = []
        for epoch, first, windows in self.blocks(shard, epoch, first):
            order = torch.randperm(len(windows), generator=torch.Generator().manual_seed(
                self.block_seed(epoch, shard, first)))
            for i in range(given, len(windows)):
                rows.append(windows[order[i]])
                if len(rows) == self.batch_size:
                    yield self.to_batch(rows) + (torch.tensor([shard, epoch, first, i + 1]),)
                    rows = []
            given = 0  # only the block a resumed run starts in was partly given already

    def block_seed(self, epoch, shard, first):
        # one seed per block from the four numbers that name it (a CRC-32 mixes them into one int)
        return zlib.crc32(f"{self.seed}/{epoch}/{shard}/{first}".encode())

    def blocks(self, shard, epoch, first):
        """Endless (epoch, number of the block's first document, windows) for this shard, a block at a time."""
        target_tokens = self.shuffle_windows * self.block_size
        while True:
            ids, block_first, read_any = array("i"), None, False
            for number, document_ids in encode_numbered(self.documents(shard, self.num_shards, first),
                                                        self.tokenizer):
                read_any = True
                if block_first is None:
                    block_first = number
                ids.extend(document_ids)
                if len(ids) >= target_tokens:
                    yield epoch, block_first, self.cut_windows(ids)
                    ids, block_first = array("i"), None
            if len(ids) > 1:  # the epoch's last, shorter block (a single token makes no window)
                yield epoch, block_first, self.cut_windows(ids)
            if not read_any and first == 0:
                raise UserError(f"shard {shard} of {self.num_shards} got no documents: the data has fewer "
                                f"training documents than ranks x NUM_WORKERS; lower --num-workers")
            epoch, first = epoch + 1, 0

    def cut_windows(self, ids):
        """Consecutive windows of block_size + 1 tokens, each starting where the last one's inputs end."""
        step = self.block_size
        count = (len(ids) - 1 + step - 1) // step  # ceil((len - 1) / step): every token after the first is a target
        padded = torch.full((count * step + 1,), IGNORE_INDEX, dtype=torch.int64)
        padded[:len(ids)] = torch.frombuffer(ids, dtype=torch.int32)
        return padded.unfold(0, step + 1, step)  # (count, block_size + 1), a view

    def to_batch(self, rows):
        rows = torch.stack(rows)
        x, y = rows[:, :-1].clone(), rows[:, 1:].clone()
        x[x == IGNORE_INDEX] = self.tokenizer.pad_id  # padding in: <PAD>; padding out: ignored by the loss
        return x, y


class StreamingBatches:
    """One rank's batches from a StreamingTextDataset, and the data position a checkpoint stores.

    With NUM_WORKERS > 0 a DataLoader runs the shards in worker processes that tokenize ahead of training
    (pinned memory on CUDA); it takes batches from the workers in turn, so the position of each shard is
    the one carried by the last batch taken from it. Under DDP the ranks share their positions after each
    batch (a tiny gather over gloo), so rank 0's checkpoint holds every shard's position.
    """

    def __init__(self, dataset, cfg, rank=0, world_size=1, device="cpu"):
        self.dataset = dataset.shard_for(rank, world_size, cfg.num_workers)
        self.num_workers, self.device, self.rank, self.world_size = cfg.num_workers, device, rank, world_size
        self.group = torch.distributed.new_group(backend="gloo") if torch.distributed.is_initialized() else None
        self.iterator, self.next_worker = None, 0
        self.positions = {}
        # An empty shard would wait forever for documents: check, here where the error is one clean line.
        shards = self.dataset.num_shards
        if next(self.dataset.documents(shards - 1, shards), None) is None:
            raise UserError("no training documents: every document is held out for validation; add more "
                            "documents or lower --val-fraction" if shards == 1 else
                            f"the training data has fewer documents than its {shards} shards (ranks x "
                            f"NUM_WORKERS): lower --num-workers")

    def next_batch(self):
        if self.iterator is None:
            self.iterator = iter(self.loader())
        x, y, position = next(self.iterator)
        positions = [position]
        if self.group is not None:
            positions = [torch.zeros_like(position) for _ in range(self.world_size)]
            torch.distributed.all_gather(positions, position, group=self.group)
        for shard, epoch, first, given in (p.tolist() for p in positions):
            self.positions[shard] = (epoch, first, given)
        worker = position[0].item() - self.rank * self.dataset.workers  # the worker this batch came from
        self.next_worker = (worker + 1) % self.dataset.workers
        if self.device.startswith("cuda"):
            if self.num_workers == 0:  # a DataLoader pins its batches itself
                x, y = x.pin_memory(), y.pin_memory()
            return x.to(self.device, non_blocking=True), y.to(self.device, non_blocking=True)
        return x.to(self.device), y.to(self.device)

    def loader(self):
        if self.num_workers == 0:
            return self.dataset
        # Workers tokenize in parallel themselves; the tokenizer's own threads would fight them for cores.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        return torch.utils.data.DataLoader(self.dataset, batch_size=None, num_workers=self.num_workers,
                                           pin_memory=self.device.startswith("cuda"),
                                           prefetch_factor=PREFETCH_BATCHES)

    def state_dict(self):
        return {"kind": "stream", "version": STREAM_STATE_VERSION, "num_shards": self.dataset.num_shards,
                "workers": self.dataset.workers, "next_worker": self.next_worker,
                "positions": [[shard, *position] for shard, position in sorted(self.positions.items())]}

    def load_state_dict(self, state):
        restart = "; the data stream starts from its beginning"
        if not state or state.get("kind") == "memory":
            print(f"warning: the checkpoint has no position in streamed data{restart}", file=sys.stderr)
            return
        if state.get("version") != STREAM_STATE_VERSION:
            print(f"warning: the checkpoint's data position was saved by an older version of the data "
                  f"pipeline, which held out other validation documents{restart}", file=sys.stderr)
            return
        if (state["num_shards"], state["workers"]) != (self.dataset.num_shards, self.dataset.workers):
            print(f"warning: the data position was saved with {state['num_shards']} shards "
                  f"({state['workers']} workers per rank) and this run has {self.dataset.num_shards}{restart}",
                  file=sys.stderr)
            return
        self.positions = {shard: (epoch, first, given) for shard, epoch, first, given in state["positions"]}
        self.dataset.positions = dict(self.positions)
        self.next_worker = self.dataset.first_worker = state["next_worker"]
