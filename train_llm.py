"""
Train quantaTinyLLM: tokenizer, data, then a TinyTransformerLM with checkpoints you can chat with.

    python train_llm.py                                   # bundled corpus, defaults below (~9 min on a 2-core CPU)
    python train_llm.py --max-iters 40 --eval-interval 20 --checkpoint-dir /tmp/run   # a quick smoke run
    python train_llm.py --resume true                     # continue from CHECKPOINT_DIR/latest.pth
    python train_llm.py --help                            # every constant below as a flag
    torchrun --standalone --nproc_per_node=2 train_llm.py # several processes / GPUs (DDP)

Settings are the UPPER_CASE constants below: edit them in place, or override any of them with the
flag of the same name (MAX_ITERS -> --max-iters). The run writes CHECKPOINT_DIR/latest.pth at each
evaluation and CHECKPOINT_DIR/best.pth whenever validation loss improves; both carry the model
config and the tokenizer, so `python inference.py` needs nothing else. Ctrl-C saves latest.pth and
tells you how to resume.
"""

import codecs
import contextlib
import csv
import itertools
import math
import os
import random
import signal
import sys
import time
import zlib
from array import array

import torch
from torch.nn.parallel import DistributedDataParallel as DDP
from tqdm import tqdm

from flags import UserError, parse_flags
from model import (IGNORE_INDEX, TinyTransformerLM, load_checkpoint, save_checkpoint, to_checkpoint)
from tokenizer import BYTE_ALPHABET_SIZE, SPECIAL_TOKENS, CustomTokenizer, parse_chat_line

# ---- data ----
DATA_SOURCE = "local"  # 'local' (LOCAL_DATA_PATH) or 'huggingface' (HF_DATASET)
LOCAL_DATA_PATH = "quantaTinyLLM.txt"  # .txt file (chat lines or plain text), folder of .txt, .jsonl/.json/.parquet/.csv, or a save_to_disk folder
HF_DATASET = "roneneldan/TinyStories"  # Hugging Face dataset name, used when DATA_SOURCE is 'huggingface'
HF_CONFIG = ""  # dataset configuration name ('' for the default one)
HF_SPLIT = "train"  # split to train on ('train+validation' joins several)
HF_VAL_SPLIT = ""  # split to validate on ('' = hold out part of the training data, see VAL_FRACTION / VAL_TOKENS)
HF_TEXT_COLUMN = "text"  # column with plain text, chat-format text, or a list of {role, content} messages
HF_STREAMING = True  # stream the dataset instead of downloading it whole first
MAX_DOCUMENTS = 0  # stop reading after this many documents (0 = read everything)
VAL_FRACTION = 0.05  # in memory: share of documents held out for validation (chosen by a hash of each document)
STREAMING = "auto"  # 'true' (read, tokenize and shuffle as training goes), 'false' (all in memory first) or 'auto' (stream Hugging Face streaming datasets and local data over STREAM_ABOVE_MB)
STREAM_ABOVE_MB = 64  # with STREAMING 'auto', local data bigger than this many MB is streamed
VAL_TOKENS = 100000  # streaming: the first documents, up to this many tokens, are held out for validation
SHUFFLE_WINDOWS = 1024  # streaming: windows read ahead and shuffled together (the shuffle buffer)
NUM_WORKERS = 0  # streaming: DataLoader processes that tokenize ahead of training (0 = in the training process)
CONVERT_TO_AU_ENGLISH = True  # convert American spellings to Australian as text is read
# ---- tokenizer ----
TOKENIZER_DIR = ""  # where the tokenizer is saved / loaded ('' = CHECKPOINT_DIR/tokenizer)
VOCAB_SIZE = 2048  # tokenizer vocabulary size, including 256 byte tokens and 4 special tokens
TOKENIZER_MIN_FREQUENCY = 2  # a merge must occur at least this often to be learned
TOKENIZER_TRAIN_SAMPLES = 20000  # the tokenizer is trained on the first this many documents
# ---- model ----
BLOCK_SIZE = 128  # context length in tokens
N_LAYER = 4  # transformer blocks
N_HEAD = 4  # attention heads per block
N_EMBD = 128  # width of the residual stream (must be divisible by N_HEAD)
DROPOUT = 0.0  # dropout probability (0 for small data trained briefly)
# ---- optimisation ----
BATCH_SIZE = 16  # sequences per micro-batch on each process
GRAD_ACCUM_STEPS = 1  # micro-batches per optimiser step
LEARNING_RATE = 6e-3  # peak learning rate
MIN_LR = 1e-4  # learning rate at the end of the cosine decay
WARMUP_ITERS = 40  # steps of linear warm-up from 0 to LEARNING_RATE
MAX_ITERS = 2000  # total optimiser steps
WEIGHT_DECAY = 0.1  # AdamW weight decay (matrices and embeddings only)
GRAD_CLIP = 1.0  # clip the gradient norm to this (0 = off)
# ---- evaluation and checkpoints ----
EVAL_INTERVAL = 200  # evaluate, sample and save every this many steps
EVAL_ITERS = 20  # validation batches per evaluation
SAMPLE_PROMPT = "What is the capital of Australia?"  # shown with the model's reply at each evaluation
CHECKPOINT_DIR = "checkpoints"  # where latest.pth and best.pth are written
RESUME = False  # continue from CHECKPOINT_DIR/latest.pth
# ---- system ----
DEVICE = "auto"  # 'auto', 'cpu', 'cuda', 'cuda:N' or 'mps'
DTYPE = "auto"  # 'auto', 'float32', 'bfloat16' or 'float16' (mixed precision through autocast)
COMPILE = "auto"  # torch.compile the model: 'auto' (on CUDA GPUs with Triton, where it pays after a minute of compiling; off on CPU, where it measured no faster), 'true' or 'false'
SEED = 1337  # seed for data order, initial weights and dropout


# ---- settings ------------------------------------------------------------------------------------------
def validate_config(cfg):
    """Reject settings that cannot work, each with what is wrong and how to fix it."""
    positive = ("vocab_size", "block_size", "n_layer", "n_head", "n_embd", "batch_size", "grad_accum_steps",
                "max_iters", "eval_interval", "eval_iters")
    for name in positive:
        if getattr(cfg, name) <= 0:
            raise UserError(f"--{name.replace('_', '-')} must be a positive number, got {getattr(cfg, name)}")
    if cfg.learning_rate <= 0:
        raise UserError(f"--learning-rate must be positive, got {cfg.learning_rate}")
    if cfg.min_lr < 0 or cfg.min_lr > cfg.learning_rate:
        raise UserError(f"--min-lr ({cfg.min_lr}) must be between 0 and --learning-rate ({cfg.learning_rate})")
    if not 0 <= cfg.warmup_iters <= cfg.max_iters:
        raise UserError(f"--warmup-iters ({cfg.warmup_iters}) must be between 0 and --max-iters ({cfg.max_iters})")
    if cfg.n_embd % cfg.n_head:
        raise UserError(f"--n-embd ({cfg.n_embd}) must be divisible by --n-head ({cfg.n_head})")
    if not 0 <= cfg.dropout < 1:
        raise UserError(f"--dropout must be in [0, 1), got {cfg.dropout}")
    if not 0 < cfg.val_fraction < 1:
        raise UserError(f"--val-fraction must be between 0 and 1, got {cfg.val_fraction}")
    min_vocab = len(SPECIAL_TOKENS) + BYTE_ALPHABET_SIZE
    if cfg.vocab_size < min_vocab:
        raise UserError(f"--vocab-size {cfg.vocab_size} is too small: byte-level BPE needs at least {min_vocab} "
                        f"(256 bytes + {len(SPECIAL_TOKENS)} special tokens)")
    if cfg.data_source not in ("local", "huggingface"):
        raise UserError(f"--data-source must be 'local' or 'huggingface', got {cfg.data_source!r}")
    if cfg.dtype not in ("auto", "float32", "bfloat16", "float16"):
        raise UserError(f"--dtype must be auto, float32, bfloat16 or float16, got {cfg.dtype!r}")
    if cfg.grad_clip < 0 or cfg.weight_decay < 0:
        raise UserError("--grad-clip and --weight-decay must be >= 0")


def resolve_device(name):
    if name == "auto":
        if torch.cuda.is_available():
            return "cuda"
        return "mps" if torch.backends.mps.is_available() else "cpu"
    if name == "cpu":
        return name
    if name == "cuda" or name.startswith("cuda:"):
        if not torch.cuda.is_available():
            raise UserError(f"--device {name} was asked for but this machine has no CUDA GPU: use --device cpu "
                            f"or auto")
        return name
    if name == "mps":
        if not torch.backends.mps.is_available():
            raise UserError("--device mps was asked for but this machine has no Apple GPU: use --device cpu or auto")
        return name
    raise UserError(f"unknown --device {name!r}: use auto, cpu, cuda, cuda:N or mps")


def cpu_has_native_bf16():
    """True when the CPU has bf16 matrix instructions (AVX512-BF16 or AMX); elsewhere bf16 is emulated.

    Without them (e.g. an AVX2-only CPU) a bf16 matmul measured about 10x slower than float32, so bf16
    only makes sense where this is True, and even then measure_bf16_speedup() has the last word.
    """
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
        return "avx512_bf16" in flags or "amx_bf16" in flags
    except OSError:  # not Linux: ask oneDNN (measure_bf16_speedup still decides)
        try:
            return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
        except (AttributeError, RuntimeError):
            return False


def measure_bf16_speedup(tokens=2048, width=256, repeats=5):
    """Time a training-sized matmul in float32 and under bf16 autocast on the CPU: fp32 time / bf16 time.

    The two are timed alternately and the best of `repeats` kept, so a busy machine slows both alike.
    """
    x, weight = torch.randn(tokens, width), torch.randn(4 * width, width)
    best = {"float32": float("inf"), "bfloat16": float("inf")}
    contexts = {"float32": contextlib.nullcontext, "bfloat16": lambda: torch.autocast("cpu", torch.bfloat16)}
    for attempt in range(repeats + 1):
        for name, context in contexts.items():
            with context():
                start = time.perf_counter()
                torch.nn.functional.linear(x, weight)
                elapsed = time.perf_counter() - start
            if attempt:  # the first round only warms the kernels
                best[name] = min(best[name], elapsed)
    return best["float32"] / best["bfloat16"]


def resolve_dtype(name, device):
    """'auto' -> the fastest precision that keeps the loss curve.

    CUDA: bf16 autocast where the GPU supports it (Ampere and newer), else fp16 autocast with a GradScaler.
    CPU: bf16 autocast only with native bf16 instructions and a measured speed-up, else float32.
    MPS: float32.
    """
    device_type = device.split(":")[0]
    if name == "auto":
        if device_type == "cuda":
            return "bfloat16" if torch.cuda.is_bf16_supported(including_emulation=False) else "float16"
        if device_type == "cpu" and cpu_has_native_bf16() and measure_bf16_speedup() > 1.2:
            return "bfloat16"
        return "float32"
    if name == "float16" and device_type == "cpu":
        raise UserError("--dtype float16 is for CUDA GPUs; on the CPU use bfloat16 or float32")
    return name


# ---- data: documents -> token ids ---------------------------------------------------------------------
# Two ways to feed training. Small data (the bundled corpus) is read whole, de-duplicated, split by a hash
# of each document and tokenized into one array that training samples random windows from. Large data (a
# big local file, a streamed Hugging Face dataset) goes through StreamingTextDataset instead: documents
# are read, converted and tokenized as training asks for them, so memory stays flat at any data size.
#
# A document is a conversation (a list of {"role", "content"} messages) or a str of plain text. Readers
# yield documents as they are in the data; the spelling conversion is applied afterwards
# (convert_document), so a streamed shard only converts the documents it keeps.

# Plain text is cut into documents of about this many characters, at a paragraph end (blank line) if one
# comes soon enough, else at a line end; small enough that even a short file splits into many documents.
TEXT_DOCUMENT_CHARS = 4096
# Text files are read in blocks of this many bytes; a line longer than one block comes in pieces.
READ_BLOCK_BYTES = 1 << 20

_bad_utf8_bytes = [0]  # running count of undecodable bytes, kept by the error handler below
_warned_paths = set()


def _count_bad_utf8(error):
    _bad_utf8_bytes[0] += error.end - error.start
    return "\ufffd", error.end


codecs.register_error("quanta_count_replace", _count_bad_utf8)  # like errors="replace", and counts


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

    The file is read a block at a time, so its size does not matter (nor does a file with no newlines).
    Bytes that are not UTF-8 are replaced (U+FFFD) and counted in one warning; a file with NUL bytes is
    refused as binary.
    """
    with open(path, "rb") as f:
        if b"\x00" in f.read(8192):
            raise UserError(f"{path} looks like a binary file (it contains NUL bytes): give a UTF-8 text file")
        f.seek(0)
        counter, warned, stderr = _bad_utf8_bytes, _warned_paths, sys.stderr  # still there if closed at exit
        bytes_before, bad_lines = counter[0], [0]
        plain, size = [], 0
        try:
            for line in _text_lines(f, bad_lines):
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
                # prefer to end a document at a paragraph break, but never let one grow past 4x the size
                if size >= document_chars and (not line.strip() or size >= 4 * document_chars):
                    text = "".join(plain)
                    plain, size = [], 0
                    if text.strip():
                        yield text
            text = "".join(plain)
            if text.strip():
                yield text
        finally:  # also when the reader stops early (a sample, the validation prefix)
            if bad_lines[0] and path not in warned:
                warned.add(path)
                print(f"warning: {path}: {bad_lines[0]} lines had bytes that are not UTF-8 ({counter[0] - bytes_before} "
                      f"bytes); they were replaced with U+FFFD", file=stderr)


def _text_lines(f, bad_lines, block_bytes=READ_BLOCK_BYTES):
    """The lines of a binary file as text, each with its newline; a line longer than a block is cut.

    Lines are split as bytes (a newline byte is never part of a UTF-8 character), then decoded one by
    one, so a bad byte is counted against its line.
    """
    def decode(raw):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines[0] += 1
            return raw.decode("utf-8", errors="quanta_count_replace")

    rest = b""
    while True:
        block = f.read(block_bytes)
        lines = (rest + block).split(b"\n")
        rest = lines.pop()  # the unfinished last line waits for the next block
        for line in lines:
            yield decode(line + b"\n")
        if not block:
            if rest:
                yield decode(rest)
            return
        if len(rest) > block_bytes:  # an over-long line: pass on a piece, cut between two characters
            cut = len(rest)
            while cut > len(rest) - 4 and rest[cut - 1] & 0xC0 == 0x80:  # continuation bytes: 10xxxxxx
                cut -= 1
            if rest[cut - 1] >= 0xC0:  # a lead byte whose character is still incomplete
                cut -= 1
            yield decode(rest[:cut])
            rest = rest[cut:]


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
            if columns and column not in columns:
                raise UserError(f"dataset {source!r} has no column {column!r}; its columns are {columns}: "
                                f"set HF_TEXT_COLUMN (--hf-text-column)")
            for example in dataset:  # a streamed dataset opens its files here, so errors can come from here too
                document = example_document(example[column], column)
                if document:
                    yield document
        except KeyError:
            raise UserError(f"dataset {source!r} has no split {one_split!r}: set HF_SPLIT (--hf-split) or "
                            f"HF_VAL_SPLIT") from None
        except FileNotFoundError as error:
            raise UserError(f"dataset {source!r} was not found: {str(error).splitlines()[0][:160]}") from None
        except (ConnectionError, OSError) as error:
            raise UserError(f"dataset {source!r} is neither reachable nor cached ({type(error).__name__}): "
                            f"check the name and your network, or download it once where the Hub is "
                            f"reachable (then HF_HUB_OFFLINE=1 skips the network)") from None
        except ValueError as error:
            raise UserError(f"dataset {source!r} could not be loaded: {str(error).splitlines()[0][:160]}") from None


def example_document(value, column):
    """One dataset cell -> a document: a conversation, chat-format text, or plain text (None if empty)."""
    if isinstance(value, list):  # a conversation: [{"role": ..., "content": ...}, ...]
        if not all(isinstance(m, dict) and "role" in m and "content" in m for m in value):
            raise UserError(f"column {column!r} holds a list that is not {{role, content}} messages; "
                            f"point HF_TEXT_COLUMN at a text column or a chat column")
        return [{"role": m["role"], "content": m["content"] or ""} for m in value] or None
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
    convert = spelling_converter(cfg)
    return (convert_document(document, convert) for document in raw_documents(cfg, split))


def document_text(document):
    """The text of a document, for hashing and tokenizer training."""
    if isinstance(document, str):
        return document
    return "\n".join(m["content"] for m in document)


def is_validation(document, val_fraction):
    # A hash of the content (not the position) picks the split, so identical documents always land in
    # the same split and validation never contains a copy of a training conversation.
    return zlib.crc32(document_text(document).encode("utf-8")) % 10000 < val_fraction * 10000


def load_tokenizer(cfg, documents):
    """Load the tokenizer from TOKENIZER_DIR, or train one on the first TOKENIZER_TRAIN_SAMPLES documents."""
    if CustomTokenizer.exists(cfg.tokenizer_dir):
        try:
            tokenizer = CustomTokenizer.load(cfg.tokenizer_dir)
        except ValueError as error:
            raise UserError(str(error)) from None
        if tokenizer.vocab_size > cfg.vocab_size:
            raise UserError(f"the tokenizer in {cfg.tokenizer_dir} has {tokenizer.vocab_size} tokens but "
                            f"--vocab-size is {cfg.vocab_size}: delete that folder to retrain it, or raise --vocab-size")
        return tokenizer, False
    # islice stops reading there: with a streamed source the rest of the data is never touched
    texts = (document_text(d) for d in itertools.islice(documents, cfg.tokenizer_train_samples))
    tokenizer = CustomTokenizer().train(texts, cfg.vocab_size, cfg.tokenizer_min_frequency)
    return tokenizer, True


def encode_documents(documents, tokenizer):
    """Documents -> one id list each, in order, each ending in <EOT> (a chat's last reply ends in it already).

    Conversations go through tokenizer.encode_chats, the function inference builds its prompts with, so
    training and chatting render a conversation identically; all texts go in one batched call.
    """
    chats = iter(tokenizer.encode_chats([d for d in documents if not isinstance(d, str)]))
    texts = iter(tokenizer.encode_batch([d for d in documents if isinstance(d, str)]))
    return [next(texts) + [tokenizer.eot_id] if isinstance(d, str) else next(chats) for d in documents]


def tokenize_documents(documents, tokenizer, batch_size=512):
    """Documents -> one flat array of ids (the in-memory path)."""
    ids = array("i")
    for start in range(0, len(documents), batch_size):
        for document_ids in encode_documents(documents[start:start + batch_size], tokenizer):
            ids.extend(document_ids)
    return torch.frombuffer(ids, dtype=torch.int32) if len(ids) else torch.zeros(0, dtype=torch.int32)


class PreparedData:
    """What prepare_data hands the Trainer: train_ids (in memory) or train_stream (streamed), never both."""

    def __init__(self, tokenizer, trained, val_ids, val_bytes, train_ids=None, train_stream=None):
        self.tokenizer, self.trained, self.val_ids, self.val_bytes = tokenizer, trained, val_ids, val_bytes
        self.train_ids, self.train_stream = train_ids, train_stream


def prepare_data(cfg):
    """The tokenizer plus validation ids and training data: an id array for small data, else a stream."""
    if use_streaming(cfg):
        return prepare_streaming_data(cfg)
    separate_val = cfg.data_source == "huggingface" and cfg.hf_val_split
    # a separate validation split is read first, so a copy of one of its conversations is dropped from training
    sources = ([(iter_documents(cfg, cfg.hf_val_split), True)] if separate_val else []) + [(iter_documents(cfg), False)]
    train_docs, val_docs, seen = [], [], set()
    for documents, all_validation in sources:
        for document in documents:
            if not isinstance(document, str):
                text = document_text(document)
                if text in seen:
                    continue  # an exact duplicate conversation adds nothing but a bias
                seen.add(text)
            if all_validation or (not separate_val and is_validation(document, cfg.val_fraction)):
                val_docs.append(document)
            else:
                train_docs.append(document)
    if not train_docs and not val_docs:
        raise UserError(f"no text found in {describe_source(cfg)}: the data is empty")
    tokenizer, trained = load_tokenizer(cfg, train_docs or val_docs)
    train_ids = tokenize_documents(train_docs, tokenizer)
    val_ids = tokenize_documents(val_docs, tokenizer)
    check_split_size("training", len(train_ids), cfg)
    check_split_size("validation", len(val_ids), cfg)
    val_bytes = len(tokenizer.decode(val_ids.tolist()).encode("utf-8"))
    return PreparedData(tokenizer, trained, val_ids, val_bytes, train_ids=train_ids)


def check_split_size(split, tokens, cfg):
    need = cfg.block_size + 1
    if tokens < need:
        raise UserError(f"the {split} split of {describe_source(cfg)} has {tokens} tokens but one window needs "
                        f"BLOCK_SIZE + 1 = {need}: add more text (roughly {need * 4} characters per split) "
                        f"or lower --block-size")


def describe_source(cfg):
    return cfg.local_data_path if cfg.data_source == "local" else f"dataset {cfg.hf_dataset}"


def local_data_bytes(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(path) for name in names)
    return os.path.getsize(path) if os.path.exists(path) else 0


def use_streaming(cfg):
    """STREAMING 'auto' streams Hugging Face streaming datasets and local data over STREAM_ABOVE_MB."""
    choice = str(cfg.streaming).lower()
    if choice not in ("auto", "true", "false"):
        raise UserError(f"--streaming must be auto, true or false, got {cfg.streaming!r}")
    for name in ("val_tokens", "shuffle_windows"):
        if getattr(cfg, name) <= 0:
            raise UserError(f"--{name.replace('_', '-')} must be a positive number, got {getattr(cfg, name)}")
    if cfg.num_workers < 0:
        raise UserError(f"--num-workers must be 0 or more, got {cfg.num_workers}")
    if choice != "auto":
        return choice == "true"
    if cfg.data_source == "huggingface":
        return cfg.hf_streaming
    return local_data_bytes(cfg.local_data_path) > cfg.stream_above_mb * 1e6


def prepare_streaming_data(cfg):
    """Tokenizer from a sample of the stream, validation held in memory, training left as a stream."""
    convert = spelling_converter(cfg)
    tokenizer, trained = load_tokenizer(cfg, iter_documents(cfg))
    # Validation: the first documents of HF_VAL_SPLIT, or else of the data itself, until VAL_TOKENS tokens.
    separate_val = cfg.data_source == "huggingface" and cfg.hf_val_split
    val_docs, val_ids = [], array("i")
    for document in raw_documents(cfg, cfg.hf_val_split if separate_val else None):
        val_docs.append(document)
        val_ids.extend(encode_documents([convert_document(document, convert)], tokenizer)[0])
        if len(val_ids) >= cfg.val_tokens:
            break
    if not val_docs:
        raise UserError(f"no text found in {describe_source(cfg)}: the data is empty")
    check_split_size("validation", len(val_ids), cfg)
    val_ids = torch.frombuffer(val_ids, dtype=torch.int32)
    val_bytes = len(tokenizer.decode(val_ids.tolist()).encode("utf-8"))
    # Training: everything after the held-out documents, except copies of a validation conversation.
    val_copies = {document_key(d) for d in val_docs if not isinstance(d, str)}
    source = DocumentSource(cfg, skip=0 if separate_val else len(val_docs), exclude=val_copies)
    stream = StreamingTextDataset(source, tokenizer, cfg.block_size, cfg.batch_size, cfg.seed, cfg.shuffle_windows)
    return PreparedData(tokenizer, trained, val_ids, val_bytes, train_stream=stream)


def document_key(document):
    return zlib.crc32(document_text(document).encode("utf-8"))


class DocumentSource:
    """The training documents of a streamed source, numbered from 0 in their fixed order.

    Called with (shard, num_shards, start) it yields (number, converted document) for the documents whose
    number is shard modulo num_shards, from `start` on: every document belongs to exactly one shard. The
    others are only scanned past, never converted or tokenized. Picklable, for DataLoader workers.
    """

    def __init__(self, cfg, skip=0, exclude=()):
        self.cfg, self.skip, self.exclude = cfg, skip, frozenset(exclude)

    def __call__(self, shard=0, num_shards=1, start=0):
        convert = spelling_converter(self.cfg)
        for number, document in enumerate(itertools.islice(raw_documents(self.cfg), self.skip, None)):
            if number % num_shards != shard or number < start:
                continue
            if self.exclude and not isinstance(document, str) and document_key(document) in self.exclude:
                continue
            yield number, convert_document(document, convert)


class StreamingTextDataset(torch.utils.data.IterableDataset):
    """An endless stream of batches of (BLOCK_SIZE + 1)-token windows, tokenized as they are needed.

    Sharding: shard = rank x workers + worker, and each shard reads the documents DocumentSource deals it,
    so across all ranks and DataLoader workers each document is read once per epoch and none is skipped.
    Packing and shuffling: a shard reads a block of documents (about `shuffle_windows` windows of tokens,
    each document ending in <EOT>), cuts it into consecutive windows that overlap by one token (every token
    is a target exactly once; the block's last window is padded, its padding ignored by the loss), and
    yields them in an order shuffled by an RNG seeded from (SEED, epoch, shard, block). So the stream is
    deterministic, and a shard's position is three numbers: (epoch, first document of the current block,
    windows of that block already given). Resuming rebuilds that one block and carries on.

    Each item is (x, y, position) with x and y of shape (batch_size, block_size) and position a tensor
    [shard, epoch, first document, windows given] describing the shard just after this batch.
    """

    def __init__(self, documents, tokenizer, block_size, batch_size, seed, shuffle_windows):
        self.documents, self.tokenizer = documents, tokenizer
        self.block_size, self.batch_size, self.seed, self.shuffle_windows = block_size, batch_size, seed, shuffle_windows
        self.rank, self.world_size, self.workers = 0, 1, 1  # set by shard_for() before iterating
        self.positions = {}  # shard -> (epoch, first document, windows given): where each shard starts
        self.rotation = 0  # worker w serves logical worker (w + rotation) % workers, so a resumed run keeps order

    def shard_for(self, rank, world_size, num_workers):
        self.rank, self.world_size, self.workers = rank, world_size, max(1, num_workers)
        return self

    @property
    def num_shards(self):
        return self.world_size * self.workers

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        worker = 0 if info is None else (info.id + self.rotation) % info.num_workers
        shard = self.rank * self.workers + worker
        epoch, first, given = self.positions.get(shard, (0, 0, 0))
        rows, skip = [], given
        for epoch, first, windows in self.blocks(shard, epoch, first):
            order = torch.randperm(len(windows), generator=torch.Generator().manual_seed(
                self.block_seed(epoch, shard, first)))
            for i in range(skip, len(windows)):
                rows.append(windows[order[i]])
                if len(rows) == self.batch_size:
                    yield self.to_batch(rows) + (torch.tensor([shard, epoch, first, i + 1]),)
                    rows = []
            skip = 0  # only the block a resumed run starts in was partly given already

    def block_seed(self, epoch, shard, first):
        return zlib.crc32(f"{self.seed}/{epoch}/{shard}/{first}".encode())

    def blocks(self, shard, epoch, first):
        """Endless (epoch, first document number, windows) for this shard, a block at a time."""
        target_tokens = self.shuffle_windows * self.block_size
        while True:
            ids, block_first, found = array("i"), first, False
            documents = self.documents(shard, self.num_shards, first)
            while True:
                group = list(itertools.islice(documents, 64))  # encoded together: one batched tokenizer call
                found = found or bool(group)
                for document_ids in encode_documents([d for _, d in group], self.tokenizer):
                    ids.extend(document_ids)
                if len(ids) >= target_tokens or not group:
                    if len(ids) > 1:
                        yield epoch, block_first, self.cut_windows(ids)
                    if not group:
                        break
                    ids, block_first = array("i"), group[-1][0] + 1
            if not found and first == 0:
                raise UserError(f"shard {shard} of {self.num_shards} got no documents: the data has fewer "
                                f"documents than ranks x NUM_WORKERS; lower --num-workers")
            epoch, first = epoch + 1, 0

    def cut_windows(self, ids):
        """Consecutive windows of block_size + 1 tokens, each starting where the last one's inputs end."""
        step = self.block_size
        count = (len(ids) - 1 + step - 1) // step
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

    def __init__(self, dataset, cfg, rank, world_size, device):
        self.dataset = dataset.shard_for(rank, world_size, cfg.num_workers)
        self.num_workers, self.device = cfg.num_workers, device
        self.group = (torch.distributed.new_group(backend="gloo") if torch.distributed.is_initialized() else None)
        self.world_size, self.iterator, self.next_worker = world_size, None, 0
        self.positions = {}
        # An empty shard would wait forever for documents: check, here where the error is one clean line.
        shards = self.dataset.num_shards
        if next(self.dataset.documents(shards - 1, shards), None) is None:
            raise UserError(f"no training documents are left after the validation hold-out (VAL_TOKENS)"
                            if shards == 1 else f"the training data has fewer documents than its {shards} "
                            f"shards (ranks x NUM_WORKERS): lower --num-workers")

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
        self.next_worker = (positions[0][0].item() % self.dataset.workers + 1) % self.dataset.workers
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
                                           pin_memory=self.device.startswith("cuda"), prefetch_factor=4)

    def state_dict(self):
        return {"num_shards": self.dataset.num_shards, "workers": self.dataset.workers,
                "next_worker": self.next_worker,
                "positions": [[shard, *position] for shard, position in sorted(self.positions.items())]}

    def load_state_dict(self, state):
        if not state:
            print("warning: the checkpoint has no data position; the data stream starts from its beginning",
                  file=sys.stderr)
            return
        if (state["num_shards"], state["workers"]) != (self.dataset.num_shards, self.dataset.workers):
            print(f"warning: the data position was saved with {state['num_shards']} shards "
                  f"({state['workers']} workers per rank) and this run has {self.dataset.num_shards}; "
                  f"the data stream starts from its beginning", file=sys.stderr)
            return
        self.positions = {shard: (epoch, first, given) for shard, epoch, first, given in state["positions"]}
        self.dataset.positions = dict(self.positions)
        self.next_worker = self.dataset.rotation = state["next_worker"]


def random_windows(ids, count, block_size, generator):
    """Start offsets of `count` random windows of block_size + 1 tokens."""
    return torch.randint(len(ids) - block_size, (count,), generator=generator)


def windows_to_batch(ids, starts, block_size, device):
    rows = torch.stack([ids[s:s + block_size + 1] for s in starts.tolist()]).long()  # (B, T + 1)
    x, y = rows[:, :-1], rows[:, 1:]
    if device.startswith("cuda"):
        return x.pin_memory().to(device, non_blocking=True), y.pin_memory().to(device, non_blocking=True)
    return x.to(device), y.to(device)


# ---- training ----------------------------------------------------------------------------------------
def learning_rate_at(step, cfg):
    """Linear warm-up to LEARNING_RATE, then cosine decay to MIN_LR at MAX_ITERS."""
    if step < cfg.warmup_iters:
        return cfg.learning_rate * (step + 1) / (cfg.warmup_iters + 1)
    progress = (step - cfg.warmup_iters) / max(1, cfg.max_iters - cfg.warmup_iters)
    return cfg.min_lr + 0.5 * (1.0 + math.cos(math.pi * min(progress, 1.0))) * (cfg.learning_rate - cfg.min_lr)


def rng_states():
    """Every random number generator a run draws from, as tensors and plain values (weights_only-safe)."""
    states = {"python": random.getstate(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        states["cuda"] = torch.cuda.get_rng_state_all()
    if "numpy" in sys.modules:  # only if something in the run uses it
        kind, keys, position, has_gauss, cached = sys.modules["numpy"].random.get_state()
        states["numpy"] = [kind, torch.from_numpy(keys.astype("int64")), position, has_gauss, cached]
    return states


def restore_rng_states(states):
    random.setstate(_as_tuple(states["python"]))
    torch.set_rng_state(states["torch"])
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])
    if "numpy" in states and "numpy" in sys.modules:
        numpy = sys.modules["numpy"]
        kind, keys, position, has_gauss, cached = states["numpy"]
        numpy.random.set_state((kind, keys.numpy().astype(numpy.uint32), position, has_gauss, cached))


def _as_tuple(value):
    return tuple(_as_tuple(v) for v in value) if isinstance(value, (list, tuple)) else value


# ---- metrics: one CSV row per evaluation, and the loss curves as a picture ----------------------------------
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


def write_metrics(path, rows):
    """Replace metrics.csv with these rows (written to a temporary file first, so it is never half written)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path + ".tmp", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=METRICS_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(path + ".tmp", path)


def append_metrics(path, row):
    if not os.path.exists(path):
        write_metrics(path, [])  # the header
    with open(path, "a", newline="", encoding="utf-8") as f:
        csv.DictWriter(f, fieldnames=METRICS_COLUMNS).writerow(row)


def loss_figure(rows):
    """A matplotlib Figure of train and validation loss against tokens seen (no pyplot: no global state)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import EngFormatter

    tokens = [row["tokens_seen"] for row in rows]
    best = min(rows, key=lambda row: row["val_loss"])
    style = dict(marker="o" if len(rows) <= 40 else None, markersize=3)  # dots only while they can be told apart
    figure = Figure(figsize=(7, 4.2), dpi=110, layout="constrained")
    ax = figure.subplots()
    ax.plot(tokens, [row["train_loss"] for row in rows], color="tab:blue", label="train (last batch)", **style)
    ax.plot(tokens, [row["val_loss"] for row in rows], color="tab:orange", label="validation", **style)
    ax.plot([best["tokens_seen"]], [best["val_loss"]], "*", color="tab:red", markersize=11,
            label=f"best validation {best['val_loss']:.3f} (step {best['step']})")
    if tokens[-1] >= 100 * tokens[0]:  # many evaluations: a log scale keeps the fast early drop readable
        ax.set_xscale("log")
    ax.xaxis.set_major_formatter(EngFormatter(sep=""))  # 1.2M rather than 1200000
    ax.set_xlabel("tokens seen")
    ax.set_ylabel("loss (nats per token)")
    ax.set_title(f"quantaTinyLLM: loss over {rows[-1]['step']} steps")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return figure


class MetricsLog:
    """CHECKPOINT_DIR/metrics.csv, one row per evaluation, and loss.png redrawn from all its rows.

    A new run starts the file afresh (from_step 0). A resumed run keeps the rows up to its checkpoint's
    step and drops later ones: they came from training that no checkpoint kept, and will be redone.
    """

    def __init__(self, folder, from_step=0, from_tokens=0, log=print):
        self.path = os.path.join(folder, METRICS_FILE)
        self.plot_path = os.path.join(folder, LOSS_PLOT_FILE)
        kept = [row for row in read_metrics(self.path) if row["step"] <= from_step]
        write_metrics(self.path, kept)
        self.elapsed_before = kept[-1]["elapsed_s"] if kept else 0.0  # training time of earlier sessions
        self.last_tokens, self.last_seconds = from_tokens, 0.0
        self.log = log
        self.can_plot = True

    def append(self, step, tokens_seen, train_loss, val_loss, val_bpb, lr, session_seconds):
        """Add a row; session_seconds is the training time of this session so far."""
        seconds = session_seconds - self.last_seconds
        append_metrics(self.path, {
            "step": step, "tokens_seen": tokens_seen, "train_loss": round(train_loss, 6),
            "val_loss": round(val_loss, 6), "val_bpb": round(val_bpb, 6), "lr": float(f"{lr:.4e}"),
            "tokens_per_s": round((tokens_seen - self.last_tokens) / max(seconds, 1e-6), 1),
            "elapsed_s": round(self.elapsed_before + session_seconds, 2)})
        self.last_tokens, self.last_seconds = tokens_seen, session_seconds
        self.plot()

    def plot(self):
        if not self.can_plot:
            return
        try:
            figure = loss_figure(read_metrics(self.path))
        except ImportError:
            self.can_plot = False
            self.log(f"notice: matplotlib is not installed, so no {LOSS_PLOT_FILE} is drawn "
                     f"(pip install matplotlib); {self.path} has the numbers")
            return
        figure.savefig(self.plot_path + ".tmp", format="png")
        os.replace(self.plot_path + ".tmp", self.plot_path)  # an image viewer never sees half a picture


class Trainer:
    """Owns the model, optimiser and data for one run; `train()` runs it to MAX_ITERS."""

    def __init__(self, cfg, log=print):
        self.cfg, self.log = cfg, log
        if str(cfg.compile).lower() not in COMPILE_CHOICES:
            raise UserError(f"--compile must be auto, true or false, got {cfg.compile!r}")
        self.device = resolve_device(cfg.device)
        self.ddp = int(os.environ.get("RANK", -1)) != -1  # started by torchrun
        if self.ddp:
            # One process per GPU (nccl), or processes sharing the CPU (gloo). All of them run this same
            # code: they train the same tokenizer, build the same model from the same seed, read the same
            # checkpoint when resuming, and differ only in the rows of each batch they compute.
            if self.device.startswith("mps"):
                if cfg.device == "mps":
                    raise UserError("torchrun (DDP) runs on CUDA GPUs or the CPU, not on mps: use --device cpu")
                self.device = "cpu"
            backend = "nccl" if self.device.startswith("cuda") else "gloo"
            if backend == "nccl":
                self.device = f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}"
                torch.cuda.set_device(self.device)
            elif "OMP_NUM_THREADS" not in os.environ:  # torchrun sets it to 1 when it starts several processes
                # processes sharing the CPU each take their share of its cores: more threads only fight
                torch.set_num_threads(max(1, (os.cpu_count() or 1) // int(os.environ.get("LOCAL_WORLD_SIZE", 1))))
            torch.distributed.init_process_group(backend=backend)
            self.rank, self.world_size = torch.distributed.get_rank(), torch.distributed.get_world_size()
        else:
            self.rank, self.world_size = 0, 1
        self.is_main = self.rank == 0
        if not self.is_main:
            self.log = lambda *args, **kwargs: None  # only rank 0 logs (and writes checkpoints, see save)
        self.device_type = self.device.split(":")[0]
        self.dtype = resolve_dtype(cfg.dtype, self.device)
        if self.dtype == "bfloat16" and self.device_type == "cpu" and not cpu_has_native_bf16():
            self.log("notice: this CPU has no native bf16 matrix instructions (AVX512-BF16 or AMX), so bfloat16 "
                     "runs emulated and slower than float32; --dtype auto picks float32 here")
        torch.manual_seed(cfg.seed)
        random.seed(cfg.seed)
        if self.device_type == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True  # TF32 matmuls on Ampere and newer
            torch.backends.cudnn.allow_tf32 = True

        # DDP: rank 0 prepares the data first (training and saving the tokenizer if there is none yet), then
        # the other ranks load that same tokenizer, so every rank tokenizes with identical ids
        def barrier():
            if self.ddp:
                torch.distributed.barrier(device_ids=[torch.cuda.current_device()] if backend == "nccl" else None)

        if not self.is_main:
            barrier()
        data = prepare_data(cfg)
        self.tokenizer, self.train_ids, self.val_ids = data.tokenizer, data.train_ids, data.val_ids
        if data.trained and self.is_main:
            self.tokenizer.save(cfg.tokenizer_dir)
            self.log(f"trained a {self.tokenizer.vocab_size}-token tokenizer, saved to {cfg.tokenizer_dir}")
        if self.is_main:
            barrier()
        self.bytes_per_token = data.val_bytes / len(self.val_ids)
        # streamed data (None when the training ids are in memory): this rank's shards, batched
        self.train_stream = (StreamingBatches(data.train_stream, cfg, self.rank, self.world_size, self.device)
                             if data.train_stream is not None else None)

        self.model = TinyTransformerLM(self.tokenizer.vocab_size, cfg.block_size, cfg.n_layer, cfg.n_head,
                                       cfg.n_embd, cfg.dropout).to(self.device)
        self.optimizer = self.model.configure_optimizer(cfg.weight_decay, cfg.learning_rate,
                                                        device_type=self.device_type)
        self.scaler = torch.amp.GradScaler(self.device_type, enabled=self.dtype == "float16")
        self.autocast = (torch.autocast(self.device_type, dtype=getattr(torch, self.dtype))
                         if self.dtype != "float32" else contextlib.nullcontext())
        self.batch_generator = torch.Generator().manual_seed(cfg.seed)
        self.step, self.best_val_loss, self.tokens_seen = 0, float("inf"), 0
        self.last_eval = {}
        self.metrics_log = None  # made by resume(), or at the first evaluation of a new run
        self.latest_path = os.path.join(cfg.checkpoint_dir, "latest.pth")
        self.best_path = os.path.join(cfg.checkpoint_dir, "best.pth")
        if self.is_main:
            remove_stale_temporary_files(cfg.checkpoint_dir)
        if cfg.resume:
            self.resume()
        # self.model stays the plain module: checkpoints, evaluation and sampling use it, so saved weights
        # never carry DDP's "module." or torch.compile's "_orig_mod." prefixes. Training goes through
        # train_model: DDP (gradients averaged over ranks) and then torch.compile around that, the order
        # PyTorch recommends, so the compiled graph is split where DDP's gradient buckets can be synced.
        self.ddp_model = self.train_model = self.model
        if self.ddp:
            self.ddp_model = self.train_model = DDP(
                self.model, device_ids=[self.device] if self.device_type == "cuda" else None)
        self.train_model = compile_model(self.train_model, cfg.compile, self.log)
        # fixed validation windows, so successive evaluations compare like with like
        val_generator = torch.Generator().manual_seed(cfg.seed + 1)
        self.val_starts = random_windows(self.val_ids, cfg.eval_iters * cfg.batch_size, cfg.block_size, val_generator)
        self.stop_requested = False

    def describe(self):
        cfg = self.cfg
        tokens_per_step = cfg.batch_size * cfg.block_size * cfg.grad_accum_steps * self.world_size
        training = "streamed training data" if self.train_ids is None else f"{len(self.train_ids):,} training tokens"
        return (f"model: {self.model.num_params() / 1e6:.2f}M parameters ({cfg.n_layer} layers, {cfg.n_head} heads, "
                f"width {cfg.n_embd}, context {cfg.block_size}, vocab {self.tokenizer.vocab_size})\n"
                f"data: {training}, {len(self.val_ids):,} validation tokens "
                f"({self.bytes_per_token:.2f} bytes/token)\n"
                f"run: {cfg.max_iters} steps x {tokens_per_step:,} tokens on {self.device} ({self.dtype})"
                f"{f' x {self.world_size} processes' if self.ddp else ''}")

    # ---- checkpoints ----
    def checkpoint(self):
        return to_checkpoint(
            self.model, tokenizer=self.tokenizer.to_str(), optimizer=self.optimizer.state_dict(),
            scaler=self.scaler.state_dict(), step=self.step, tokens_seen=self.tokens_seen,
            best_val_loss=self.best_val_loss, val_loss=self.last_eval.get("val_loss"),
            val_bpb=self.last_eval.get("val_bpb"), rng=rng_states(),
            batch_generator=self.batch_generator.get_state(), train_config=vars(self.cfg),
            data_state=self.train_stream.state_dict() if self.train_stream else None)

    def save(self, path):
        if not self.is_main:
            return
        try:
            save_checkpoint(self.checkpoint(), path)
        except OSError as error:
            raise UserError(f"could not save {path} ({error.strerror or error}); the previous checkpoint there "
                            f"is intact: free some space or choose another --checkpoint-dir") from None

    def resume(self):
        if not os.path.exists(self.latest_path):
            raise UserError(f"--resume true but there is no {self.latest_path}: start without --resume, "
                            f"or point --checkpoint-dir at the run to continue")
        # On the CPU: load_state_dict moves weights and optimizer state to the model's device, and the RNG
        # states must stay CPU tensors.
        checkpoint = load_checkpoint(self.latest_path, "cpu")
        if checkpoint["tokenizer"] != self.tokenizer.to_str():
            trained_with = CustomTokenizer.from_str(checkpoint["tokenizer"]).vocab_size
            raise UserError(f"cannot resume {self.latest_path}: the tokenizer in {self.cfg.tokenizer_dir} "
                            f"({self.tokenizer.vocab_size} tokens) is not the one this checkpoint was trained with "
                            f"({trained_with} tokens); restore it or use a new --checkpoint-dir")
        differences = [f"{key} is {checkpoint['model_config'].get(key)} in the checkpoint but {value} now"
                       for key, value in self.model.config.items()
                       if key != "dropout" and checkpoint["model_config"].get(key) != value]
        if differences:
            raise UserError(f"cannot resume {self.latest_path}: " + "; ".join(differences) +
                            ". Use the checkpoint's settings or a new --checkpoint-dir")
        self.model.load_state_dict(checkpoint["model"], strict=True)
        self.optimizer.load_state_dict(checkpoint["optimizer"])
        self.scaler.load_state_dict(checkpoint["scaler"])
        self.step, self.tokens_seen = checkpoint["step"], checkpoint["tokens_seen"]
        self.best_val_loss = checkpoint["best_val_loss"]
        self.last_eval = {"val_loss": checkpoint["val_loss"], "val_bpb": checkpoint["val_bpb"]}
        restore_rng_states(checkpoint["rng"])
        self.batch_generator.set_state(checkpoint["batch_generator"])
        if self.train_stream:  # continue the stream with the next unseen windows
            self.train_stream.load_state_dict(checkpoint.get("data_state"))
        self.log(f"resumed from {self.latest_path} at step {self.step}")
        if self.is_main:  # metrics.csv continues from this checkpoint's step
            self.metrics_log = MetricsLog(self.cfg.checkpoint_dir, self.step, self.tokens_seen, self.log)

    # ---- the loop ----
    def next_batch(self):
        if self.train_stream is not None:  # streamed data: each rank reads its own shards
            return self.train_stream.next_batch()
        # Every process draws the same global batch and takes its own rows, so N processes with
        # BATCH_SIZE each see exactly what one process with N x BATCH_SIZE would.
        cfg = self.cfg
        starts = random_windows(self.train_ids, cfg.batch_size * self.world_size, cfg.block_size, self.batch_generator)
        mine = starts[self.rank * cfg.batch_size:(self.rank + 1) * cfg.batch_size]
        return windows_to_batch(self.train_ids, mine, cfg.block_size, self.device)

    def train_step(self):
        """One optimiser step over GRAD_ACCUM_STEPS micro-batches; returns the mean loss."""
        cfg = self.cfg
        lr = learning_rate_at(self.step, cfg)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        total_loss = torch.zeros((), device=self.device)
        for micro_step in range(cfg.grad_accum_steps):
            x, y = self.next_batch()
            last = micro_step == cfg.grad_accum_steps - 1
            # DDP averages gradients over the ranks in backward(); on all but the last micro-batch that
            # would be wasted work, so gradients only accumulate locally until the last one
            sync = self.ddp_model.no_sync() if self.ddp and not last else contextlib.nullcontext()
            with sync:
                with self.autocast:
                    _, loss = self.train_model(x, y)
                    loss = loss / cfg.grad_accum_steps  # the accumulated gradient is then the mean
                self.scaler.scale(loss).backward()
            total_loss += loss.detach()
        if self.ddp:
            # One small all-reduce: the loss shown is the mean over all ranks (so every rank agrees on a
            # non-finite loss), and a Ctrl-C seen by any rank stops them all after this same step.
            shared = torch.stack([total_loss, torch.tensor(float(self.stop_requested), device=self.device)])
            torch.distributed.all_reduce(shared)
            total_loss = shared[0] / self.world_size
            self.stop_requested = bool(shared[1] > 0)
        if cfg.grad_clip > 0:
            self.scaler.unscale_(self.optimizer)
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.grad_clip)
        loss_value = total_loss.item()
        if not math.isfinite(loss_value):
            raise UserError(f"the training loss became {loss_value} at step {self.step + 1}; nothing was saved from "
                            f"this step. Lower --learning-rate (now {cfg.learning_rate}) or use --dtype float32")
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.optimizer.zero_grad(set_to_none=True)
        self.step += 1
        self.tokens_seen += cfg.batch_size * cfg.block_size * cfg.grad_accum_steps * self.world_size
        return loss_value, lr

    @torch.no_grad()
    def evaluate(self):
        """Mean validation loss (nats/token) over fixed windows, and the same in bits per byte."""
        self.model.eval()
        losses = []
        for i in range(self.cfg.eval_iters):
            starts = self.val_starts[i * self.cfg.batch_size:(i + 1) * self.cfg.batch_size]
            x, y = windows_to_batch(self.val_ids, starts, self.cfg.block_size, self.device)
            with self.autocast:
                _, loss = self.model(x, y)
            losses.append(loss.item())
        self.model.train()
        val_loss = sum(losses) / len(losses)
        return {"val_loss": val_loss, "val_bpb": val_loss / math.log(2) / self.bytes_per_token}

    @torch.no_grad()
    def sample_reply(self, max_new_tokens=48):
        prompt = self.tokenizer.encode_chat([{"role": "user", "content": self.cfg.sample_prompt}],
                                            add_generation_prompt=True)
        idx = torch.tensor([prompt[-self.cfg.block_size:]], device=self.device)
        with self.autocast:
            out = self.model.generate(idx, max_new_tokens, temperature=0.0, eos_id=self.tokenizer.eot_id)
        reply = out[0, idx.size(1):].tolist()
        if reply and reply[-1] == self.tokenizer.eot_id:
            reply = reply[:-1]
        return self.tokenizer.decode(reply).strip()

    def train(self):
        cfg = self.cfg
        if self.is_main:
            self.log(self.describe())
        self.install_interrupt_handler()
        # redirected to a file or pipe, a redraw every 30 s keeps the log readable instead of one per step
        bar = tqdm(total=cfg.max_iters, initial=self.step, disable=not self.is_main, dynamic_ncols=True,
                   unit="step", file=sys.stdout, mininterval=0.5 if sys.stdout.isatty() else 30)
        window_start, window_tokens = time.perf_counter(), 0
        try:
            while self.step < cfg.max_iters:
                loss, lr = self.train_step()
                window_tokens += cfg.batch_size * cfg.block_size * cfg.grad_accum_steps * self.world_size
                elapsed = time.perf_counter() - window_start
                bar.update(1)
                # refresh=False: the bar redraws on its own clock (every 30 s into a log file), not every step
                bar.set_postfix(loss=f"{loss:.3f}", lr=f"{lr:.2e}", tok_s=f"{window_tokens / elapsed:,.0f}",
                                refresh=False)
                if self.step % cfg.eval_interval == 0 or self.step == cfg.max_iters:
                    self.evaluate_and_save(bar, loss)
                    window_start, window_tokens = time.perf_counter(), 0
                if self.stop_requested:
                    self.save(self.latest_path)
                    bar.close()
                    if self.is_main:
                        self.log(f"\nstopped at step {self.step}; saved {self.latest_path}. Resume with:\n"
                                 f"  python train_llm.py --resume true --checkpoint-dir {cfg.checkpoint_dir}")
                    return
        finally:
            bar.close()
            signal.signal(signal.SIGINT, signal.default_int_handler)
        if self.is_main:
            self.log(f"done: best validation loss {self.best_val_loss:.4f} nats/token; chat with it:\n"
                     f"  python inference.py --checkpoint-path {self.best_path}")

    def evaluate_and_save(self, bar, train_loss):
        metrics = self.evaluate()
        self.last_eval = metrics
        improved = metrics["val_loss"] < self.best_val_loss
        if improved:
            self.best_val_loss = metrics["val_loss"]
        if self.is_main:
            bar.write(f"step {self.step}: train loss {train_loss:.4f}, val loss {metrics['val_loss']:.4f} nats/token, "
                      f"{metrics['val_bpb']:.4f} bits/byte{' (best)' if improved else ''}")
            bar.write(f"  {self.cfg.sample_prompt!r} -> {self.sample_reply()!r}")
            if self.metrics_log is None:  # a new run (a resumed one made its log in resume())
                self.metrics_log = MetricsLog(self.cfg.checkpoint_dir, log=bar.write)
            # The row goes in before the checkpoint: if the save never happens, resuming drops the row.
            # The progress bar's clock started with this session's training.
            self.metrics_log.append(self.step, self.tokens_seen, train_loss, metrics["val_loss"], metrics["val_bpb"],
                                    self.optimizer.param_groups[0]["lr"], bar.format_dict["elapsed"])
        self.save(self.latest_path)
        if improved:
            self.save(self.best_path)

    def install_interrupt_handler(self):
        # The first Ctrl-C finishes the current step and saves; a second one stops at once.
        def request_stop(signum, frame):
            if self.stop_requested:
                raise KeyboardInterrupt
            self.stop_requested = True
            if self.is_main:
                print("\nCtrl-C: finishing this step and saving latest.pth (press again to quit now)", flush=True)
        try:
            signal.signal(signal.SIGINT, request_stop)
        except ValueError:
            pass  # not the main thread (e.g. inside a notebook worker): Ctrl-C keeps its default meaning


def remove_stale_temporary_files(folder):
    """A run killed mid-save leaves a .tmp file beside the intact checkpoint; it is garbage."""
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            if ".pth.tmp" in name:
                os.remove(os.path.join(folder, name))


COMPILE_CHOICES = {"auto": "auto", "true": True, "yes": True, "on": True, "1": True,
                   "false": False, "no": False, "off": False, "0": False}


def compile_model(model, setting, log):
    """The model under torch.compile, or the model itself, following COMPILE ('auto', 'true' or 'false').

    'auto' compiles on CUDA GPUs only. On the CPU, inductor's compiled training step measured no faster
    than eager PyTorch (the step is matmul-bound and both use the same matmul kernels) and costs a minute
    or two of compiling, so there it stays off (bench/RESULTS.md). Where compiling cannot work (Windows,
    CUDA without Triton or on a GPU older than Triton supports, a CPU without a C++ compiler) the model
    runs eagerly after a one-line notice.
    """
    choice = COMPILE_CHOICES[str(setting).lower()]
    device = next(model.parameters()).device
    if choice is False or (choice == "auto" and device.type != "cuda"):
        return model
    if sys.platform == "win32":
        log("notice: torch.compile is not supported on Windows; running without it")
        return model
    if device.type == "cuda":
        try:
            import triton  # noqa: F401  (compile on CUDA needs Triton)
        except ImportError:
            log("notice: torch.compile needs Triton on CUDA, which is not installed; running without it")
            return model
        if torch.cuda.get_device_capability(device) < (7, 0):
            log("notice: torch.compile needs a GPU of compute capability 7.0 or newer; running without it")
            return model
    elif device.type == "cpu":
        import shutil
        compiler = os.environ.get("CXX", "clang++" if sys.platform == "darwin" else "g++")
        if not shutil.which(compiler):
            log(f"notice: torch.compile on the CPU needs a C++ compiler ({compiler}), which was not found; "
                f"running without it")
            return model
    return torch.compile(model)


def make_config(argv=None):
    """Settings from the constants above, overridden by command-line flags (argv)."""
    cfg = parse_flags(globals(), __file__, argv, description=__doc__)
    if not cfg.tokenizer_dir:
        cfg.tokenizer_dir = os.path.join(cfg.checkpoint_dir, "tokenizer")
    return cfg


def main(argv=None):
    cfg = make_config(argv)
    try:
        validate_config(cfg)
        trainer = Trainer(cfg)
        trainer.train()
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # only reachable before the training loop starts (or on a second Ctrl-C): nothing new to save
        print("\ninterrupted; checkpoints already written are intact", file=sys.stderr)
        return 130
    finally:
        if torch.distributed.is_initialized():
            torch.distributed.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
