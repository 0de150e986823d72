"""
Train quantaTinyLLM: tokenizer, data, then a TinyTransformerLM with checkpoints you can chat with.

    python train_llm.py                                   # bundled corpus, defaults below (~8 min on a laptop CPU)
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

import contextlib
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

from flags import parse_flags
from model import (CheckpointError, TinyTransformerLM, load_checkpoint, save_checkpoint, to_checkpoint)
from tokenizer import BYTE_ALPHABET_SIZE, SPECIAL_TOKENS, CustomTokenizer, parse_chat_line

# ---- data ----
DATA_SOURCE = "local"  # 'local' (LOCAL_DATA_PATH) or 'huggingface' (HF_DATASET)
LOCAL_DATA_PATH = "quantaTinyLLM.txt"  # .txt file (chat lines or plain text), folder of .txt, .jsonl/.json/.parquet/.csv, or a save_to_disk folder
HF_DATASET = "roneneldan/TinyStories"  # Hugging Face dataset name, used when DATA_SOURCE is 'huggingface'
HF_CONFIG = ""  # dataset configuration name ('' for the default one)
HF_SPLIT = "train"  # split to train on
HF_TEXT_COLUMN = "text"  # column with plain text, chat-format text, or a list of {role, content} messages
HF_STREAMING = True  # stream the dataset instead of downloading it whole first
MAX_DOCUMENTS = 0  # stop reading after this many documents (0 = read everything)
VAL_FRACTION = 0.05  # share of documents held out for validation (chosen by a hash of each document)
CONVERT_TO_AU_ENGLISH = True  # convert American spellings to Australian as text is read
# ---- tokenizer ----
TOKENIZER_DIR = ""  # where the tokenizer is saved / loaded ('' = CHECKPOINT_DIR/tokenizer)
VOCAB_SIZE = 4096  # tokenizer vocabulary size, including 256 byte tokens and 4 special tokens
TOKENIZER_MIN_FREQUENCY = 2  # a merge must occur at least this often to be learned
TOKENIZER_TRAIN_SAMPLES = 200000  # documents sampled to train the tokenizer
# ---- model ----
BLOCK_SIZE = 256  # context length in tokens
N_LAYER = 4  # transformer blocks
N_HEAD = 4  # attention heads per block
N_EMBD = 256  # width of the residual stream (must be divisible by N_HEAD)
DROPOUT = 0.0  # dropout probability (0 for small data trained briefly)
# ---- optimisation ----
BATCH_SIZE = 16  # sequences per micro-batch on each process
GRAD_ACCUM_STEPS = 1  # micro-batches per optimiser step
LEARNING_RATE = 2e-3  # peak learning rate
MIN_LR = 1e-4  # learning rate at the end of the cosine decay
WARMUP_ITERS = 40  # steps of linear warm-up from 0 to LEARNING_RATE
MAX_ITERS = 2000  # total optimiser steps
WEIGHT_DECAY = 0.1  # AdamW weight decay (matrices and embeddings only)
GRAD_CLIP = 1.0  # clip the gradient norm to this (0 = off)
# ---- evaluation and checkpoints ----
EVAL_INTERVAL = 250  # evaluate, sample and save every this many steps
EVAL_ITERS = 20  # validation batches per evaluation
SAMPLE_PROMPT = "What is the capital of Australia?"  # shown with the model's reply at each evaluation
CHECKPOINT_DIR = "checkpoints"  # where latest.pth and best.pth are written
RESUME = False  # continue from CHECKPOINT_DIR/latest.pth
# ---- system ----
DEVICE = "auto"  # 'auto', 'cpu', 'cuda', 'cuda:N' or 'mps'
DTYPE = "auto"  # 'auto', 'float32', 'bfloat16' or 'float16' (mixed precision through autocast)
COMPILE = False  # torch.compile the model (faster on GPU after a minute of compiling)
SEED = 1337  # seed for data order, initial weights and dropout


class UserError(Exception):
    """A mistake in settings or data: reported as one line, no traceback."""


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
    """True when the CPU has bf16 matrix instructions (AVX512-BF16 or AMX); elsewhere bf16 is emulated."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


def measure_bf16_speedup(size=512, repeats=5):
    """Time one matmul in float32 and under bf16 autocast on the CPU; returns fp32 time / bf16 time."""
    a, b = torch.randn(size, size), torch.randn(size, size)

    def best_time(context):
        times = []
        for _ in range(repeats):
            with context():
                start = time.perf_counter()
                a @ b
                times.append(time.perf_counter() - start)
        return min(times)

    best_time(contextlib.nullcontext)  # warm the kernels
    return best_time(contextlib.nullcontext) / best_time(lambda: torch.autocast("cpu", torch.bfloat16))


def resolve_dtype(name, device):
    """'auto' -> the fastest precision that keeps the loss curve: bf16 where hardware has it."""
    device_type = device.split(":")[0]
    if name == "auto":
        if device_type == "cuda":
            return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
        if device_type == "cpu" and cpu_has_native_bf16() and measure_bf16_speedup() > 1.2:
            return "bfloat16"
        return "float32"
    if name == "float16" and device_type == "cpu":
        raise UserError("--dtype float16 is for CUDA GPUs; on the CPU use bfloat16 or float32")
    return name


# ---- data: documents -> token ids ---------------------------------------------------------------------
def read_local_documents(path, column, convert):
    """Yield documents from a local path: a list of chat messages, or a str of plain text."""
    if not os.path.exists(path):
        raise UserError(f"data path {path} does not exist: set LOCAL_DATA_PATH (or --local-data-path) "
                        f"to a .txt/.jsonl/.json/.parquet/.csv file or a folder")
    if os.path.isdir(path):
        if os.path.exists(os.path.join(path, "dataset_info.json")) or os.path.exists(
                os.path.join(path, "dataset_dict.json")):
            yield from read_hf_documents(path, "", "train", column, False, convert, from_disk=True)
            return
        files = sorted(os.path.join(path, name) for name in os.listdir(path) if name.endswith(".txt"))
        if not files:
            raise UserError(f"folder {path} has no .txt files")
        for file in files:
            yield from read_text_file(file, convert)
        return
    extension = os.path.splitext(path)[1].lower()
    builders = {".jsonl": "json", ".json": "json", ".parquet": "parquet", ".csv": "csv"}
    if extension in builders:
        yield from read_hf_documents(builders[extension], "", "train", column, True, convert,
                                     data_files=path)
    else:
        yield from read_text_file(path, convert)


def read_text_file(path, convert, chunk_bytes=1 << 20):
    """A chat line is one conversation; other lines are plain text, passed on in chunks of whole lines.

    The file is read line by line, so its size does not matter. Bytes that are not UTF-8 are
    replaced (U+FFFD) and counted in a warning; a file with NUL bytes is refused as binary.
    """
    with open(path, "rb") as f:
        if b"\x00" in f.read(8192):
            raise UserError(f"{path} looks like a binary file (it contains NUL bytes): give a UTF-8 text file")
        f.seek(0)
        bad_lines, chunk, chunk_size = 0, [], 0
        for raw in f:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                bad_lines += 1
                line = raw.decode("utf-8", errors="replace")
            if convert:
                line = convert(line)
            messages = parse_chat_line(line) if "<USR>" in line or "<ASSIST>" in line else None
            if messages:
                yield messages
                continue
            chunk.append(line)
            chunk_size += len(line)
            if chunk_size >= chunk_bytes:
                yield "".join(chunk)
                chunk, chunk_size = [], 0
        if chunk and "".join(chunk).strip():
            yield "".join(chunk)
    if bad_lines:
        print(f"warning: {path}: {bad_lines} lines had bytes that are not UTF-8; they were replaced with U+FFFD",
              file=sys.stderr)


def read_hf_documents(name, config, split, column, streaming, convert, data_files=None, from_disk=False):
    """Yield documents from a Hugging Face dataset (Hub, packaged builder on local files, or save_to_disk)."""
    import datasets  # imported here: it is slow to import and the bundled corpus does not need it

    try:
        if from_disk:
            dataset = datasets.load_from_disk(name)
            if isinstance(dataset, datasets.DatasetDict):
                dataset = dataset[split]
        else:
            dataset = datasets.load_dataset(name, config or None, split=split, streaming=streaming,
                                            data_files=data_files)
    except FileNotFoundError as error:
        raise UserError(f"dataset {data_files or name!r} was not found: {str(error).splitlines()[0][:160]}") from None
    except (ConnectionError, OSError) as error:
        raise UserError(f"dataset {name!r} is neither reachable nor cached ({type(error).__name__}): check the "
                        f"name and your network, or download it once where the Hub is reachable") from None
    except ValueError as error:
        raise UserError(f"dataset {data_files or name!r} could not be loaded: {str(error).splitlines()[0][:160]}") from None
    columns = dataset.column_names or []
    if columns and column not in columns:
        raise UserError(f"dataset {data_files or name!r} has no column {column!r}; its columns are {columns}: "
                        f"set HF_TEXT_COLUMN (--hf-text-column)")
    for example in dataset:
        value = example[column]
        if isinstance(value, list):  # a conversation: [{"role": ..., "content": ...}, ...]
            messages = [{"role": m["role"], "content": convert(m["content"]) if convert else m["content"]}
                        for m in value]
            if messages:
                yield messages
        elif isinstance(value, str) and value.strip():
            text = convert(value) if convert else value
            yield parse_chat_line(text) if "<USR>" in text else text


def iter_documents(cfg):
    convert = None
    if cfg.convert_to_au_english:
        from convert_spelling import convert_text_to_au_english as convert
    if cfg.data_source == "local":
        documents = read_local_documents(cfg.local_data_path, cfg.hf_text_column, convert)
    else:
        documents = read_hf_documents(cfg.hf_dataset, cfg.hf_config, cfg.hf_split, cfg.hf_text_column,
                                      cfg.hf_streaming, convert)
    for count, document in enumerate(documents):
        if cfg.max_documents and count >= cfg.max_documents:
            return
        yield document


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
    """Load the tokenizer from TOKENIZER_DIR, or train one on (a sample of) the documents and save it."""
    if CustomTokenizer.exists(cfg.tokenizer_dir):
        try:
            tokenizer = CustomTokenizer.load(cfg.tokenizer_dir)
        except ValueError as error:
            raise UserError(str(error)) from None
        if tokenizer.vocab_size > cfg.vocab_size:
            raise UserError(f"the tokenizer in {cfg.tokenizer_dir} has {tokenizer.vocab_size} tokens but "
                            f"--vocab-size is {cfg.vocab_size}: delete that folder to retrain it, or raise --vocab-size")
        return tokenizer, False
    texts = (document_text(d) for i, d in enumerate(documents) if i < cfg.tokenizer_train_samples)
    tokenizer = CustomTokenizer().train(texts, cfg.vocab_size, cfg.tokenizer_min_frequency)
    return tokenizer, True


def tokenize_documents(documents, tokenizer, batch_size=512):
    """Documents -> one flat array of ids, each document ended by <EOT> (chat turns end in it already)."""
    ids = array("i")
    batch = []

    def flush():
        chats = [d for d in batch if not isinstance(d, str)]
        texts = [d for d in batch if isinstance(d, str)]
        for chat_ids in tokenizer.encode_chats(chats):
            ids.extend(chat_ids)
        for text_ids in tokenizer.encode_batch(texts):
            ids.extend(text_ids)
            ids.append(tokenizer.eot_id)
        batch.clear()

    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            flush()
    flush()
    return torch.frombuffer(ids, dtype=torch.int32) if len(ids) else torch.zeros(0, dtype=torch.int32)


def prepare_data(cfg, tokenizer_documents=None):
    """Read, de-duplicate and split the documents, get a tokenizer, and tokenize both splits."""
    train_docs, val_docs, seen = [], [], set()
    for document in iter_documents(cfg):
        if not isinstance(document, str):
            text = document_text(document)
            if text in seen:
                continue  # an exact duplicate conversation adds nothing but a bias
            seen.add(text)
        (val_docs if is_validation(document, cfg.val_fraction) else train_docs).append(document)
    if not train_docs and not val_docs:
        raise UserError(f"no text found in {describe_source(cfg)}: the data is empty")
    tokenizer, trained = load_tokenizer(cfg, train_docs or val_docs)
    train_ids = tokenize_documents(train_docs, tokenizer)
    val_ids = tokenize_documents(val_docs, tokenizer)
    need = cfg.block_size + 1
    for split, ids in (("training", train_ids), ("validation", val_ids)):
        if len(ids) < need:
            raise UserError(f"the {split} split of {describe_source(cfg)} has {len(ids)} tokens but one window needs "
                            f"BLOCK_SIZE + 1 = {need}: add more text (roughly {need * 4} characters per split) "
                            f"or lower --block-size")
    val_bytes = len(tokenizer.decode(val_ids.tolist()).encode("utf-8"))
    return tokenizer, trained, train_ids, val_ids, val_bytes


def describe_source(cfg):
    return cfg.local_data_path if cfg.data_source == "local" else f"dataset {cfg.hf_dataset}"


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
    states = {"python": random.getstate(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        states["cuda"] = torch.cuda.get_rng_state_all()
    return states


def restore_rng_states(states):
    random.setstate(_as_tuple(states["python"]))
    torch.set_rng_state(states["torch"])
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])


def _as_tuple(value):
    return tuple(_as_tuple(v) for v in value) if isinstance(value, (list, tuple)) else value


class Trainer:
    """Owns the model, optimiser and data for one run; `train()` runs it to MAX_ITERS."""

    def __init__(self, cfg, log=print):
        self.cfg, self.log = cfg, log
        self.ddp = int(os.environ.get("RANK", -1)) != -1  # started by torchrun
        if self.ddp:
            backend = "nccl" if torch.cuda.is_available() and cfg.device != "cpu" else "gloo"
            torch.distributed.init_process_group(backend=backend)
            self.rank, self.world_size = torch.distributed.get_rank(), torch.distributed.get_world_size()
            self.device = f"cuda:{int(os.environ['LOCAL_RANK'])}" if backend == "nccl" else "cpu"
            if backend == "nccl":
                torch.cuda.set_device(self.device)
        else:
            self.rank, self.world_size = 0, 1
            self.device = resolve_device(cfg.device)
        self.is_main = self.rank == 0
        self.device_type = self.device.split(":")[0]
        self.dtype = resolve_dtype(cfg.dtype, self.device)
        torch.manual_seed(cfg.seed)
        random.seed(cfg.seed)
        if self.device_type == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True  # TF32 matmuls on Ampere and newer
            torch.backends.cudnn.allow_tf32 = True

        self.tokenizer, trained, self.train_ids, self.val_ids, val_bytes = prepare_data(cfg)
        if trained and self.is_main:
            self.tokenizer.save(cfg.tokenizer_dir)
            self.log(f"trained a {self.tokenizer.vocab_size}-token tokenizer, saved to {cfg.tokenizer_dir}")
        self.bytes_per_token = val_bytes / len(self.val_ids)

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
        self.latest_path = os.path.join(cfg.checkpoint_dir, "latest.pth")
        self.best_path = os.path.join(cfg.checkpoint_dir, "best.pth")
        if cfg.resume:
            self.resume()
        self.train_model = self.model
        if cfg.compile:
            self.train_model = compile_model(self.model, self.log)
        if self.ddp:
            self.train_model = DDP(self.train_model, device_ids=[self.device] if self.device_type == "cuda" else None)
        # fixed validation windows, so successive evaluations compare like with like
        val_generator = torch.Generator().manual_seed(cfg.seed + 1)
        self.val_starts = random_windows(self.val_ids, cfg.eval_iters * cfg.batch_size, cfg.block_size, val_generator)
        self.stop_requested = False

    def describe(self):
        cfg = self.cfg
        tokens_per_step = cfg.batch_size * cfg.block_size * cfg.grad_accum_steps * self.world_size
        return (f"model: {self.model.num_params() / 1e6:.2f}M parameters ({cfg.n_layer} layers, {cfg.n_head} heads, "
                f"width {cfg.n_embd}, context {cfg.block_size}, vocab {self.tokenizer.vocab_size})\n"
                f"data: {len(self.train_ids):,} training tokens, {len(self.val_ids):,} validation tokens "
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
            batch_generator=self.batch_generator.get_state(), train_config=vars(self.cfg))

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
        try:
            checkpoint = load_checkpoint(self.latest_path, self.device)
        except CheckpointError as error:
            raise UserError(str(error)) from None
        differences = [f"{key} is {checkpoint['model_config'].get(key)} in the checkpoint but {value} now"
                       for key, value in self.model.config.items()
                       if key != "dropout" and checkpoint["model_config"].get(key) != value]
        if differences:
            raise UserError(f"cannot resume {self.latest_path}: " + "; ".join(differences) +
                            ". Use the checkpoint's settings or a new --checkpoint-dir")
        if checkpoint["tokenizer"] != self.tokenizer.to_str():
            raise UserError(f"cannot resume {self.latest_path}: the tokenizer in {self.cfg.tokenizer_dir} is not the "
                            f"one this checkpoint was trained with; restore it or use a new --checkpoint-dir")
        self.model.load_state_dict(checkpoint["model"], strict=True)
        self.optimizer.load_state_dict(checkpoint["optimizer"])
        self.scaler.load_state_dict(checkpoint["scaler"])
        self.step, self.tokens_seen = checkpoint["step"], checkpoint["tokens_seen"]
        self.best_val_loss = checkpoint["best_val_loss"]
        self.last_eval = {"val_loss": checkpoint["val_loss"], "val_bpb": checkpoint["val_bpb"]}
        restore_rng_states(checkpoint["rng"])
        self.batch_generator.set_state(checkpoint["batch_generator"])
        self.log(f"resumed from {self.latest_path} at step {self.step}")

    # ---- the loop ----
    def next_batch(self):
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
            sync = self.train_model.no_sync() if self.ddp and not last else contextlib.nullcontext()
            with sync:
                with self.autocast:
                    _, loss = self.train_model(x, y)
                    loss = loss / cfg.grad_accum_steps  # the accumulated gradient is then the mean
                self.scaler.scale(loss).backward()
            total_loss += loss.detach()
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
        bar = tqdm(total=cfg.max_iters, initial=self.step, disable=not self.is_main, dynamic_ncols=True,
                   unit="step", file=sys.stdout)
        window_start, window_tokens = time.perf_counter(), 0
        try:
            while self.step < cfg.max_iters:
                loss, lr = self.train_step()
                window_tokens += cfg.batch_size * cfg.block_size * cfg.grad_accum_steps * self.world_size
                elapsed = time.perf_counter() - window_start
                bar.update(1)
                bar.set_postfix(loss=f"{loss:.3f}", lr=f"{lr:.2e}", tok_s=f"{window_tokens / elapsed:,.0f}")
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


def compile_model(model, log):
    """torch.compile where it can work; otherwise a one-line notice and the eager model."""
    if sys.platform == "win32":
        log("notice: torch.compile is not supported on Windows; running without it")
        return model
    if next(model.parameters()).is_cuda:
        try:
            import triton  # noqa: F401  (compile on CUDA needs Triton)
        except ImportError:
            log("notice: torch.compile needs Triton on CUDA, which is not installed; running without it")
            return model
    return torch.compile(model)


def main(argv=None):
    cfg = parse_flags(globals(), __file__, argv, description=__doc__)
    if not cfg.tokenizer_dir:
        cfg.tokenizer_dir = os.path.join(cfg.checkpoint_dir, "tokenizer")
    try:
        validate_config(cfg)
        trainer = Trainer(cfg)
        trainer.train()
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if torch.distributed.is_initialized():
            torch.distributed.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
