"""
Train quantaTinyLLM: a tokenizer, then a small GPT, with checkpoints you can chat with.

    python train_llm.py                                   # bundled corpus, the defaults below
    python train_llm.py --max-iters 40 --eval-interval 20 --checkpoint-dir /tmp/run   # a quick smoke run
    python train_llm.py --resume true                     # continue from CHECKPOINT_DIR/latest.pth
    python train_llm.py --init-from checkpoints/best.pth --checkpoint-dir runs/tuned  # fine-tune a trained model
    python train_llm.py --help                            # every constant below as a flag
    torchrun --standalone --nproc_per_node=2 train_llm.py # several processes / GPUs (DDP)

Settings are the UPPER_CASE constants below: edit them in place, or override any of them with the
flag of the same name (MAX_ITERS -> --max-iters). The run is told in the order it happens, in main()
and prepare() just below the constants: settings, device, data and tokenizer (data.py), model
(model.py), optimiser, then the loop (learning rate, forward, backward, clip, step), with an
evaluation, a sample reply and a checkpoint every EVAL_INTERVAL steps. Checkpoints carry the model
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
from dataclasses import dataclass

import torch
from torch.nn.parallel import DistributedDataParallel as DDP
from tqdm import tqdm

import data
from flags import (UserError, compile_model, cpu_has_native_bf16, parse_auto_bool, parse_flags,
                   remove_stale_temporary_files, resolve_device, resolve_dtype)
from metrics import MetricsLog
from model import TinyTransformerLM, from_checkpoint, load_checkpoint, save_checkpoint, to_checkpoint
from tokenizer import BYTE_ALPHABET_SIZE, SPECIAL_TOKENS, CustomTokenizer

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
VAL_FRACTION = 0.05  # share of documents held out for validation (chosen by a hash of each document)
STREAMING = "auto"  # 'true' (read, tokenize and shuffle as training goes), 'false' (all in memory first) or 'auto' (stream Hugging Face streaming datasets and local data over STREAM_ABOVE_MB)
STREAM_ABOVE_MB = 64  # with STREAMING 'auto', local data bigger than this many MB is streamed
VAL_TOKENS = 100000  # streaming: validation stops growing at this many tokens
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
INIT_FROM = ""  # fine-tune: start from this checkpoint's weights and tokenizer, with a fresh optimiser ('' = new model)
# ---- optimisation ----
TIME_BUDGET_MINUTES = 5.0  # train for this many minutes (evaluation and saving not counted), whatever the machine's speed
MAX_ITERS = 0  # train for exactly this many optimiser steps instead (0 = use TIME_BUDGET_MINUTES)
OPTIMIZER = "muon"  # 'adamw', or 'muon' (Muon for the blocks' weight matrices, AdamW for the rest)
BATCH_SIZE = 16  # sequences per micro-batch on each process
GRAD_ACCUM_STEPS = 1  # micro-batches per optimiser step
LEARNING_RATE = 4e-3  # peak learning rate
MUON_LR_MULTIPLIER = 1.0  # with OPTIMIZER 'muon': the blocks' weight matrices learn at LEARNING_RATE times this
MIN_LR = 1e-4  # learning rate at the end of the run
WARMUP_ITERS = 40  # steps of linear warm-up from 0 to LEARNING_RATE (unless set, at most a tenth of a step-based run)
COOLDOWN_FRACTION = 0.4  # the last this share of the run decays LEARNING_RATE to MIN_LR (1.0 = cosine decay all the way)
WEIGHT_DECAY = 0.3  # decoupled weight decay (matrices and embeddings only): the pull towards small weights that holds back memorising (README)
GRAD_CLIP = 1.0  # clip the gradient norm to this (0 = off)
# ---- evaluation and checkpoints ----
EVAL_INTERVAL = 200  # evaluate, sample and save every this many steps (a budgeted run, unless set: every tenth of it)
EVAL_ITERS = 20  # validation batches per evaluation
LOG_INTERVAL = 10  # read the training loss every this many steps: each read makes the CPU wait for the GPU
SAMPLE_PROMPT = "What is the capital of Australia?"  # shown with the model's reply at each evaluation
SAMPLE_TOKENS = 48  # longest sample reply, in tokens
CHECKPOINT_DIR = "checkpoints"  # where latest.pth and best.pth are written
RESUME = False  # continue from CHECKPOINT_DIR/latest.pth
OVERWRITE = False  # allow a new run to replace the checkpoints of an earlier run in CHECKPOINT_DIR
# ---- system ----
DEVICE = "auto"  # 'auto', 'cpu', 'cuda', 'cuda:N' or 'mps'
DTYPE = "auto"  # 'auto', 'float32', 'bfloat16' or 'float16' (mixed precision through autocast)
COMPILE = "auto"  # torch.compile the model: 'auto' (where it measured faster, compiling included: CUDA GPUs, and wide models in bf16 on CPUs with native bf16), 'true' or 'false'
SEED = 1337  # seed for data order, initial weights and dropout


# ---- the run, in the order it happens --------------------------------------------------------------------
def main(argv=None):
    cfg = make_config(argv)
    try:
        trainer = prepare(cfg)
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


def prepare(cfg, log=print):
    """Everything before the first step, one part at a time; returns the Trainer that runs the loop."""
    check_settings(cfg)                               # 1. settings that cannot work stop here, in one line
    env = start_processes(cfg, log)                   # 2. device, precision, and the DDP processes if any
    start = starting_checkpoint(cfg)                  # 3. latest.pth to resume, a model to fine-tune, or None
    run_data = load_data(cfg, env, start)             # 4. documents -> tokenizer -> validation ids + training batches
    model = build_model(cfg, run_data.tokenizer, start, env)  # 5. the transformer (model.py)
    trainer = Trainer(cfg, env, model, run_data)      # 6. optimiser, precision, the loop
    if cfg.resume:
        trainer.restore(start)                        # 7. weights, optimiser, RNGs and data position
    return trainer


def make_config(argv=None):
    """Settings from the constants above, overridden by command-line flags (argv)."""
    cfg = parse_flags(globals(), __file__, argv, description=__doc__)
    if not cfg.tokenizer_dir:
        cfg.tokenizer_dir = os.path.join(cfg.checkpoint_dir, "tokenizer")
    if "warmup_iters" not in cfg.given_flags and cfg.max_iters > 0:  # a default warm-up fits a short run
        cfg.warmup_iters = min(cfg.warmup_iters, cfg.max_iters // 10)
    return cfg


# ---- 1. settings ----------------------------------------------------------------------------------------
def check_settings(cfg):
    """Reject settings that cannot work, each with what is wrong and how to fix it."""
    for name in ("vocab_size", "block_size", "n_layer", "n_head", "n_embd", "batch_size", "grad_accum_steps",
                 "eval_interval", "eval_iters", "sample_tokens"):
        if getattr(cfg, name) <= 0:
            raise UserError(f"--{name.replace('_', '-')} must be a positive number, got {getattr(cfg, name)}")
    for name in ("learning_rate", "muon_lr_multiplier"):
        if getattr(cfg, name) <= 0:
            raise UserError(f"--{name.replace('_', '-')} must be positive, got {getattr(cfg, name)}")
    if cfg.min_lr < 0 or cfg.min_lr > cfg.learning_rate:
        raise UserError(f"--min-lr ({cfg.min_lr}) must be between 0 and --learning-rate ({cfg.learning_rate})")
    if cfg.max_iters < 0 or (cfg.max_iters == 0 and cfg.time_budget_minutes <= 0):
        raise UserError(f"give the run a length: --max-iters N (steps) or --time-budget-minutes M above 0 "
                        f"(now --max-iters {cfg.max_iters}, --time-budget-minutes {cfg.time_budget_minutes:g})")
    if cfg.warmup_iters < 0 or (cfg.max_iters and cfg.warmup_iters > cfg.max_iters):
        raise UserError(f"--warmup-iters ({cfg.warmup_iters}) must be between 0 and --max-iters ({cfg.max_iters})")
    if not 0 < cfg.cooldown_fraction <= 1:
        raise UserError(f"--cooldown-fraction must be above 0 and at most 1, got {cfg.cooldown_fraction:g}")
    if cfg.optimizer not in ("adamw", "muon"):
        raise UserError(f"--optimizer must be adamw or muon, got {cfg.optimizer!r}")
    if cfg.n_embd % cfg.n_head:
        raise UserError(f"--n-embd ({cfg.n_embd}) must be divisible by --n-head ({cfg.n_head})")
    if not 0 <= cfg.dropout < 1:
        raise UserError(f"--dropout must be in [0, 1), got {cfg.dropout}")
    min_vocab = len(SPECIAL_TOKENS) + BYTE_ALPHABET_SIZE
    if cfg.vocab_size < min_vocab:
        raise UserError(f"--vocab-size {cfg.vocab_size} is too small: byte-level BPE needs at least {min_vocab} "
                        f"(256 bytes + {len(SPECIAL_TOKENS)} special tokens)")
    if cfg.dtype not in ("auto", "float32", "bfloat16", "float16"):
        raise UserError(f"--dtype must be auto, float32, bfloat16 or float16, got {cfg.dtype!r}")
    if cfg.grad_clip < 0 or cfg.weight_decay < 0:
        raise UserError("--grad-clip and --weight-decay must be >= 0")
    cfg.compile = parse_auto_bool(cfg.compile, "--compile")
    data.validate_data_config(cfg)
    if cfg.resume and cfg.init_from:
        raise UserError("--resume true continues CHECKPOINT_DIR/latest.pth and --init-from starts a new run from "
                        "another checkpoint: give one of them")
    finished = [name for name in ("latest.pth", "best.pth") if os.path.exists(os.path.join(cfg.checkpoint_dir, name))]
    if finished and not cfg.resume and not cfg.overwrite:
        raise UserError(f"{cfg.checkpoint_dir} already holds a trained run ({', '.join(finished)}): continue it with "
                        f"--resume true, train into a new --checkpoint-dir, or replace it with --overwrite true")


# ---- 2. device, precision, processes ----------------------------------------------------------------------
@dataclass
class Env:
    """Where this process trains: its device and precision, and its place among the DDP processes."""
    device: str
    dtype: str
    rank: int = 0
    world_size: int = 1
    log: object = print

    @property
    def device_type(self):
        return self.device.split(":")[0]

    @property
    def ddp(self):
        return torch.distributed.is_initialized()  # started by torchrun (start_processes)

    @property
    def is_main(self):
        return self.rank == 0  # rank 0 alone logs and writes files

    def barrier(self):
        if torch.distributed.is_initialized():
            torch.distributed.barrier(device_ids=[torch.cuda.current_device()] if self.device_type == "cuda" else None)


def start_processes(cfg, log):
    """The device and precision, and under torchrun the process group (one process per GPU, or CPU processes)."""
    device, rank, world_size = resolve_device(cfg.device), 0, 1
    if "RANK" in os.environ:  # started by torchrun: every process runs this same file
        if device == "mps":
            if cfg.device == "mps":
                raise UserError("torchrun (DDP) runs on CUDA GPUs or the CPU, not on mps: use --device cpu")
            device = "cpu"
        if device.startswith("cuda"):
            device = f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}"
            torch.cuda.set_device(device)
        elif "OMP_NUM_THREADS" not in os.environ:  # torchrun sets it to 1 when it starts several processes
            # processes sharing the CPU each take their share of its cores: more threads only fight
            torch.set_num_threads(max(1, (os.cpu_count() or 1) // int(os.environ.get("LOCAL_WORLD_SIZE", 1))))
        torch.distributed.init_process_group(backend="nccl" if device.startswith("cuda") else "gloo")
        rank, world_size = torch.distributed.get_rank(), torch.distributed.get_world_size()
    env = Env(device, resolve_dtype(cfg.dtype, device), rank, world_size, log if rank == 0 else lambda *a, **k: None)
    if env.dtype == "bfloat16" and env.device_type == "cpu" and not cpu_has_native_bf16():
        env.log("notice: this CPU has no native bf16 matrix instructions (AVX512-BF16 or AMX), so bfloat16 "
                "runs emulated and slower than float32; --dtype auto picks float32 here")
    if env.device_type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True  # TF32 matmuls on Ampere and newer
        torch.backends.cudnn.allow_tf32 = True
    torch.manual_seed(cfg.seed)
    random.seed(cfg.seed)
    if env.is_main:
        remove_stale_temporary_files(cfg.checkpoint_dir)
    return env


# ---- 3. where the run starts --------------------------------------------------------------------------------
MODEL_SHAPE = ("block_size", "n_layer", "n_head", "n_embd")  # with the tokenizer's vocabulary, a model's shape


def starting_checkpoint(cfg):
    """The checkpoint a run starts from: latest.pth when resuming, INIT_FROM when fine-tuning, else None."""
    if cfg.resume:
        path = os.path.join(cfg.checkpoint_dir, "latest.pth")
        if not os.path.exists(path):
            raise UserError(f"--resume true but there is no {path}: start without --resume, "
                            f"or point --checkpoint-dir at the run to continue")
    elif cfg.init_from:
        path = cfg.init_from
    else:
        return None
    # On the CPU: load_state_dict moves weights and optimiser state to the model's device, and the RNG
    # states must stay CPU tensors.
    checkpoint = load_checkpoint(path, "cpu")
    checkpoint["path"] = path
    # The run keeps the checkpoint's shape (the data's windows must fit it too); a shape flag given on the
    # command line that contradicts it is an error, not a silently different model.
    saved = checkpoint["model_config"]
    differences = [f"{key} is {saved[key]} in the checkpoint but {getattr(cfg, key)} now" for key in MODEL_SHAPE
                   if key in cfg.given_flags and getattr(cfg, key) != saved[key]]
    if differences:
        raise UserError(f"cannot start from {path}: " + "; ".join(differences) +
                        ". Use the checkpoint's settings, or start a new run")
    for key in MODEL_SHAPE:
        setattr(cfg, key, saved[key])
    return checkpoint


# ---- 4. data and tokenizer (data.py) ------------------------------------------------------------------------
def load_data(cfg, env, start):
    """The tokenizer, the validation ids and this process's training batches.

    A run that starts from a checkpoint keeps that checkpoint's tokenizer: its token ids are what the
    weights were trained on. A new run trains one, or reuses the one in TOKENIZER_DIR if it was trained
    on the same data. Under DDP rank 0 goes first and saves the tokenizer; the other ranks then load that
    same file, so every rank tokenizes with identical ids.
    """
    tokenizer = None
    if start is not None:
        tokenizer = CustomTokenizer.from_str(start["tokenizer"])
        if cfg.resume and CustomTokenizer.exists(cfg.tokenizer_dir):
            in_folder = CustomTokenizer.load(cfg.tokenizer_dir)
            if in_folder.to_str() != tokenizer.to_str():
                raise UserError(f"cannot resume {start['path']}: the tokenizer in {cfg.tokenizer_dir} "
                                f"({in_folder.vocab_size} tokens) is not the one this checkpoint was trained "
                                f"with ({tokenizer.vocab_size} tokens); restore it or use a new --checkpoint-dir")
    if not env.is_main:
        env.barrier()
    run_data = data.prepare_data(cfg, tokenizer=tokenizer, log=env.log)
    if run_data.tokenizer_trained and env.is_main:
        data.save_tokenizer(run_data.tokenizer, cfg.tokenizer_dir, run_data.tokenizer_record)
        env.log(f"trained a {run_data.tokenizer.vocab_size}-token tokenizer, saved to {cfg.tokenizer_dir}")
    if env.is_main:
        env.barrier()
    run_data.batches = data.make_batches(run_data, cfg, env.rank, env.world_size, env.device)
    return run_data


# ---- 5. the model (model.py) ------------------------------------------------------------------------------
def build_model(cfg, tokenizer, start, env):
    """A new TinyTransformerLM of the configured shape, or, to fine-tune, the weights of INIT_FROM."""
    shape = dict(vocab_size=tokenizer.vocab_size, **{key: getattr(cfg, key) for key in MODEL_SHAPE})
    if cfg.init_from:
        model = from_checkpoint(dict(start, model_config=dict(shape, dropout=cfg.dropout)))
        env.log(f"fine-tuning {cfg.init_from} (step {start.get('step', '?')}) with a fresh optimiser and schedule")
    else:
        model = TinyTransformerLM(**shape, dropout=cfg.dropout)
    return model.to(env.device)


# ---- 6. optimisation: the learning rate, one step, the loop --------------------------------------------------
def learning_rate_at(step, progress, cfg):
    """Linear warm-up to LEARNING_RATE over WARMUP_ITERS steps, hold it, then a cosine cool-down to MIN_LR
    over the last COOLDOWN_FRACTION of the run.

    progress runs from 0 to 1: the share of MAX_ITERS done, or of the time budget spent. Following the
    budget's clock, not the step count, a budgeted run ends fully cooled down however fast the machine is.
    Holding the peak then cooling down late lets most of the run learn at the full rate; the cool-down is
    where the loss drops most.
    """
    if step < cfg.warmup_iters:
        return cfg.learning_rate * (step + 1) / (cfg.warmup_iters + 1)
    cooled = (progress - (1 - cfg.cooldown_fraction)) / cfg.cooldown_fraction  # <= 0 until the cool-down
    cooled = min(max(cooled, 0.0), 1.0)
    return cfg.min_lr + 0.5 * (1.0 + math.cos(math.pi * cooled)) * (cfg.learning_rate - cfg.min_lr)


class Trainer:
    """The optimiser and the loop for one run: train() runs it to MAX_ITERS steps, or until
    TIME_BUDGET_MINUTES of training have passed.

    self.model is the plain module: checkpoints, evaluation and sampling use it, so saved weights never
    carry DDP's "module." or torch.compile's "_orig_mod." prefixes. Training goes through
    self.train_model: DDP (gradients averaged over ranks), then torch.compile around that, the order
    PyTorch recommends, so the compiled graph is split where DDP's gradient buckets are synced.
    """

    def __init__(self, cfg, env, model, run_data):
        self.cfg, self.env, self.log, self.model = cfg, env, env.log, model
        self.tokenizer, self.batches = run_data.tokenizer, run_data.batches
        self.training_text = ("streamed training data" if run_data.train_ids is None
                              else f"{len(run_data.train_ids):,} training tokens")
        self.val_ids, self.bytes_per_token = run_data.val_ids, run_data.val_bytes / len(run_data.val_ids)
        self.optimizers = model.configure_optimizers(cfg.optimizer, cfg.weight_decay, cfg.learning_rate,
                                                     cfg.muon_lr_multiplier, device_type=env.device_type,
                                                     dtype=env.dtype)
        # float16 needs its gradients scaled up so small ones do not round to zero; bf16 and float32 do not
        self.scaler = torch.amp.GradScaler(env.device_type, enabled=env.dtype == "float16")
        self.autocast = (torch.autocast(env.device_type, dtype=getattr(torch, env.dtype))
                         if env.dtype != "float32" else contextlib.nullcontext())
        self.train_model = DDP(model, device_ids=[env.device] if env.device_type == "cuda" else None) \
            if env.ddp else model
        self.train_model = compile_model(self.train_model, cfg.compile, env.dtype, self.log)  # flags.py: when it pays
        self.tokens_per_step = cfg.batch_size * cfg.block_size * cfg.grad_accum_steps * env.world_size
        self.step, self.tokens_seen, self.best_val_loss, self.last_eval = 0, 0, float("inf"), {}
        self.best_step = None  # the step best.pth holds
        # The time budget's clock: seconds spent in training steps (compiling included, as it costs the
        # same wall-clock time), never in evaluating, sampling or saving. Under DDP, rank 0's clock rules.
        self.train_seconds, self.clock = 0.0, time.perf_counter
        self.unshared_seconds = 0.0  # under DDP: this rank's training time since the ranks last agreed
        self.budget_seconds = cfg.time_budget_minutes * 60 if cfg.max_iters == 0 else None
        self.evaluated_tenths = 0  # a budgeted run evaluates each time another tenth of it has passed
        # fixed validation windows, so successive evaluations compare like with like
        self.val_starts = data.random_windows(self.val_ids, cfg.eval_iters * cfg.batch_size, cfg.block_size,
                                              torch.Generator().manual_seed(cfg.seed + 1))
        self.latest_path = os.path.join(cfg.checkpoint_dir, "latest.pth")
        self.best_path = os.path.join(cfg.checkpoint_dir, "best.pth")
        self.metrics_log = None  # made at the first evaluation of a new run, or by restore()
        self.stop_requested = False

    def progress(self):
        """How much of the run is done, from 0 to 1: by steps, or by training time under a time budget."""
        if self.budget_seconds is None:
            return self.step / self.cfg.max_iters
        return self.train_seconds / self.budget_seconds

    def train_step(self):
        """One optimiser step over GRAD_ACCUM_STEPS micro-batches; returns the mean loss (a tensor) and the
        learning rate."""
        cfg = self.cfg
        lr = learning_rate_at(self.step, self.progress(), cfg)
        for optimizer in self.optimizers:  # Muon's matrices follow the same schedule at a multiple of it
            scale = cfg.muon_lr_multiplier if isinstance(optimizer, torch.optim.Muon) else 1.0
            for group in optimizer.param_groups:
                group["lr"] = lr * scale
        total_loss = torch.zeros((), device=self.env.device)
        for micro_step in range(cfg.grad_accum_steps):
            x, y = self.batches.next_batch()  # (B, T) inputs, and targets shifted by one token
            # DDP averages gradients over the ranks in backward(); before the last micro-batch that would
            # be wasted work, so until then gradients only accumulate locally
            last = micro_step == cfg.grad_accum_steps - 1
            with self.train_model.no_sync() if self.env.ddp and not last else contextlib.nullcontext():
                with self.autocast:
                    _, loss = self.train_model(x, y)  # forward: mean cross-entropy of the next token
                    loss = loss / cfg.grad_accum_steps  # so the accumulated gradient is the mean
                self.batches.prefetch()  # on a GPU, the next batch is made and copied while this one computes
                self.scaler.scale(loss).backward()  # backward: gradients of the loss for every weight
            total_loss += loss.detach()
        if cfg.grad_clip > 0:  # one unlucky batch cannot throw the weights far
            for optimizer in self.optimizers:
                self.scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.grad_clip)
        for optimizer in self.optimizers:  # the update: weights move against their gradients
            self.scaler.step(optimizer)
        self.scaler.update()
        for optimizer in self.optimizers:
            optimizer.zero_grad(set_to_none=True)
        self.step += 1
        self.tokens_seen += self.tokens_per_step
        return total_loss, lr

    def read_loss(self, unread):
        """The mean of the step losses still on the device, as a number, after checking it is finite.

        Reading a value makes the CPU wait until the device has finished every step queued so far, so
        train() reads every LOG_INTERVAL steps, not every step. Under DDP this read is also the one small
        all-reduce where the ranks agree: on the mean loss, on rank 0's training clock (so all follow one
        schedule and stop at one step), and on whether any rank saw Ctrl-C (so all stop after this step).
        """
        loss, first_step = torch.stack(unread).mean(), self.step - len(unread) + 1
        unread.clear()
        if self.env.ddp:
            clock = self.train_seconds + self.unshared_seconds if self.env.is_main else 0.0  # summed: rank 0's
            shared = torch.stack([loss, loss.new_tensor(float(self.stop_requested)), loss.new_tensor(clock)])
            torch.distributed.all_reduce(shared)
            loss, self.stop_requested = shared[0] / self.env.world_size, bool(shared[1] > 0)
            self.train_seconds, self.unshared_seconds = shared[2].item(), 0.0
        loss = loss.item()
        if not math.isfinite(loss):
            steps = f"step {self.step}" if first_step == self.step else f"steps {first_step}-{self.step}"
            raise UserError(f"the training loss became {loss} in {steps}; nothing was saved from them. Lower "
                            f"--learning-rate (now {self.cfg.learning_rate}) or use --dtype float32")
        return loss

    def train(self):
        cfg = self.cfg
        self.log(self.describe())
        self.install_interrupt_handler()
        bar = self.progress_bar()
        window_start, window_tokens = time.perf_counter(), 0
        unread, loss = [], float("nan")  # step losses still on the device, and the last loss read
        try:
            while self.progress() < 1:
                step_start = self.clock()
                step_loss, lr = self.train_step()
                unread.append(step_loss)
                read = self.step % cfg.log_interval == 0
                if read:
                    loss = self.read_loss(unread)
                # A GPU runs behind the CPU, which only queues its work; a read waits until the GPU catches
                # up, so the time is taken after it, and every second the GPU worked is training time.
                if self.env.ddp:  # the ranks' clocks agree at the next read: until then, the schedule holds still
                    self.unshared_seconds += self.clock() - step_start
                else:
                    self.train_seconds += self.clock() - step_start
                window_tokens += self.tokens_per_step
                if unread and (self.evaluation_due(peek=True) or (self.stop_requested and not self.env.ddp)):
                    loss, read = self.read_loss(unread), True  # an evaluation or a stop needs the loss now
                if read:  # refresh=False: the bar redraws on its own clock (every 30 s into a log file)
                    bar.update(self.step - bar.n if self.budget_seconds is None
                               else min(self.train_seconds, self.budget_seconds) - bar.n)
                    bar.set_postfix(step=self.step, loss=f"{loss:.3f}", lr=f"{lr:.2e}",
                                    tok_s=f"{window_tokens / (time.perf_counter() - window_start):,.0f}", refresh=False)
                    if self.budget_seconds is not None:
                        bar.unit = tqdm.format_interval(max(0.0, self.budget_seconds - self.train_seconds))
                if self.evaluation_due():
                    self.evaluate_and_save(bar, loss)
                    window_start, window_tokens = time.perf_counter(), 0  # evaluation time is not training speed
                if self.stop_requested and not unread:  # under DDP, only once the ranks have agreed on it
                    self.save(self.latest_path)
                    bar.close()
                    self.log(f"\nstopped at step {self.step}; saved {self.latest_path}. Resume with:\n"
                             f"  python train_llm.py --resume true --checkpoint-dir {cfg.checkpoint_dir}")
                    return
        finally:
            bar.close()
            signal.signal(signal.SIGINT, signal.default_int_handler)
        if self.budget_seconds is not None:
            self.log(f"trained {self.step} steps in {self.train_seconds / 60:.1f} minutes; the same run step by "
                     f"step: --max-iters {self.step}")
        last = self.last_eval.get("val_loss")  # set by every evaluation, so there whenever best_step is
        if self.best_step is not None and last > self.best_val_loss * 1.01:
            # validation rising while training falls: the model learns its text by heart, not the language
            self.log(f"validation loss was lowest at step {self.best_step} ({self.best_val_loss:.4f}) and rose to "
                     f"{last:.4f} by step {self.step}: the model began memorising its training text, so best.pth "
                     f"keeps step {self.best_step}. More text, a stronger --weight-decay (1.0 on plain prose) or, "
                     f"in a long run, --dropout 0.1 (README) lets it learn for longer")
        self.log(f"done: best validation loss {self.best_val_loss:.4f} nats/token; chat with it:\n"
                 f"  python inference.py --checkpoint-path {self.best_path}")

    def progress_bar(self):
        """Steps out of MAX_ITERS, or under a time budget, seconds of training out of the budget and the
        training time left (tqdm's own estimate would count evaluation and saving too)."""
        # redirected to a file or pipe, a redraw every 30 s keeps the log readable instead of one per step
        options = dict(disable=not self.env.is_main, dynamic_ncols=True, file=sys.stdout,
                       mininterval=0.5 if sys.stdout.isatty() else 30)
        if self.budget_seconds is None:
            return tqdm(total=self.cfg.max_iters, initial=self.step, unit="step", **options)
        return tqdm(total=self.budget_seconds, initial=min(self.train_seconds, self.budget_seconds),
                    unit=tqdm.format_interval(self.budget_seconds - self.train_seconds),
                    bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f} s of training, {unit} left{postfix}", **options)

    def evaluation_due(self, peek=False):
        """Every EVAL_INTERVAL steps and at the end; a budgeted run, unless given --eval-interval, every tenth
        of its budget, so it evaluates as often on a slow laptop as on a fast GPU. peek: only ask, and
        leave the tenth to be counted when the evaluation happens."""
        if self.progress() >= 1:
            return True
        if self.budget_seconds is None or "eval_interval" in self.cfg.given_flags:
            return self.step % self.cfg.eval_interval == 0
        tenths = int(self.progress() * 10)
        due = tenths > self.evaluated_tenths
        if not peek:
            self.evaluated_tenths = max(tenths, self.evaluated_tenths)
        return due

    def describe(self):
        cfg, env, shape = self.cfg, self.env, self.model.config
        return (f"model: {self.model.num_params() / 1e6:.2f}M parameters ({shape['n_layer']} layers, "
                f"{shape['n_head']} heads, width {shape['n_embd']}, context {shape['block_size']}, "
                f"vocab {shape['vocab_size']})\n"
                f"data: {self.training_text}, {len(self.val_ids):,} validation tokens "
                f"({self.bytes_per_token:.2f} bytes/token)\n"
                f"run: {f'{cfg.max_iters} steps' if self.budget_seconds is None else f'{cfg.time_budget_minutes:g} minutes'}"
                f" x {self.tokens_per_step:,} tokens a step, {cfg.optimizer}, on {env.device} ({env.dtype})"
                f"{f' x {env.world_size} processes' if env.ddp else ''}")

    # ---- 7. evaluate, sample a reply, save ----
    @torch.no_grad()
    def evaluate(self):
        """Mean validation loss (nats/token) over fixed windows, and the same in bits per byte.

        Bits per byte divide out the tokenizer: runs with different vocabularies compare on it.
        """
        self.model.eval()
        losses = []
        for i in range(self.cfg.eval_iters):
            starts = self.val_starts[i * self.cfg.batch_size:(i + 1) * self.cfg.batch_size]
            x, y = data.windows_to_batch(self.val_ids, starts, self.cfg.block_size, self.env.device)
            with self.autocast:
                _, loss = self.model(x, y)
            losses.append(loss.item())
        self.model.train()
        val_loss = sum(losses) / len(losses)
        return {"val_loss": val_loss, "val_bpb": val_loss / math.log(2) / self.bytes_per_token}

    @torch.no_grad()
    def sample_reply(self):
        """The model's greedy reply to SAMPLE_PROMPT: the quickest way to see what it has learned."""
        prompt = self.tokenizer.encode_chat([{"role": "user", "content": self.cfg.sample_prompt}],
                                            add_generation_prompt=True)
        idx = torch.tensor([prompt[-self.model.block_size:]], device=self.env.device)
        with self.autocast:
            out = self.model.generate(idx, self.cfg.sample_tokens, temperature=0.0, eos_id=self.tokenizer.eot_id)
        reply = out[0, idx.size(1):].tolist()
        if reply and reply[-1] == self.tokenizer.eot_id:
            reply = reply[:-1]
        return self.tokenizer.decode(reply).strip()

    def evaluate_and_save(self, bar, train_loss):
        metrics = self.evaluate()
        self.last_eval = metrics
        improved = metrics["val_loss"] < self.best_val_loss
        if improved:
            self.best_val_loss, self.best_step = metrics["val_loss"], self.step
        if self.env.is_main:
            bar.write(f"step {self.step}: train loss {train_loss:.4f}, val loss {metrics['val_loss']:.4f} nats/token, "
                      f"{metrics['val_bpb']:.4f} bits/byte{' (best)' if improved else ''}")
            bar.write(f"  {self.cfg.sample_prompt!r} -> {self.sample_reply()!r}")
            if self.metrics_log is None:
                self.metrics_log = MetricsLog(self.cfg.checkpoint_dir, log=bar.write)
            # The row goes in before the checkpoint: if the save never happens, resuming drops the row.
            # The progress bar's clock started with this session's training.
            self.metrics_log.append(self.step, self.tokens_seen, train_loss, metrics["val_loss"], metrics["val_bpb"],
                                    self.optimizers[0].param_groups[0]["lr"], bar.format_dict["elapsed"])
        self.save(self.latest_path)
        if improved:
            self.save(self.best_path)

    def save(self, path):
        """Rank 0 writes the checkpoint atomically: a failed save leaves the previous file as it was."""
        if not self.env.is_main:
            return
        checkpoint = to_checkpoint(
            self.model, tokenizer=self.tokenizer.to_str(), optimizer=[opt.state_dict() for opt in self.optimizers],
            scaler=self.scaler.state_dict(), step=self.step, tokens_seen=self.tokens_seen,
            train_seconds=self.train_seconds,
            best_val_loss=self.best_val_loss, best_step=self.best_step, val_loss=self.last_eval.get("val_loss"),
            val_bpb=self.last_eval.get("val_bpb"), rng=rng_states(), data_state=self.batches.state_dict(),
            train_config={k: v for k, v in vars(self.cfg).items() if k != "given_flags"})
        try:
            save_checkpoint(checkpoint, path)
        except OSError as error:
            raise UserError(f"could not save {path} ({error.strerror or error}); the previous checkpoint there "
                            f"is intact: free some space or choose another --checkpoint-dir") from None

    def restore(self, checkpoint):
        """Continue a run exactly where latest.pth left it: weights, optimiser, step, RNGs, data position."""
        self.model.load_state_dict(checkpoint["model"], strict=True)
        saved = checkpoint["optimizer"]
        saved = [saved] if isinstance(saved, dict) else saved  # written before OPTIMIZER: one AdamW
        trained_with = checkpoint.get("train_config", {}).get("optimizer", "adamw")
        if trained_with != self.cfg.optimizer:
            raise UserError(f"{self.latest_path} was trained with --optimizer {trained_with}; resume it with "
                            f"that, or start a new run")
        for optimizer, state in zip(self.optimizers, saved, strict=True):
            optimizer.load_state_dict(state)
        self.scaler.load_state_dict(checkpoint["scaler"])
        self.step, self.tokens_seen = checkpoint["step"], checkpoint["tokens_seen"]
        self.train_seconds = checkpoint.get("train_seconds", 0.0)
        self.evaluated_tenths = int(self.progress() * 10) if self.budget_seconds else 0
        self.best_val_loss, self.best_step = checkpoint["best_val_loss"], checkpoint.get("best_step")
        self.last_eval = {"val_loss": checkpoint["val_loss"], "val_bpb": checkpoint["val_bpb"]}
        restore_rng_states(checkpoint["rng"])
        if "batch_generator" in checkpoint:  # written before data.py: the in-memory batches' generator
            checkpoint["data_state"] = checkpoint["data_state"] or {"kind": "memory",
                                                                    "generator": checkpoint["batch_generator"]}
        self.batches.load_state_dict(checkpoint["data_state"])
        self.log(f"resumed from {self.latest_path} at step {self.step}")
        if self.env.is_main:  # metrics.csv continues from this checkpoint's step
            self.metrics_log = MetricsLog(self.cfg.checkpoint_dir, self.step, self.tokens_seen, self.log)

    def install_interrupt_handler(self):
        # The first Ctrl-C finishes the current step and saves; a second one stops at once.
        def request_stop(signum, frame):
            if self.stop_requested:
                raise KeyboardInterrupt
            self.stop_requested = True
            if self.env.is_main:
                print("\nCtrl-C: finishing this step and saving latest.pth (press again to quit now)", flush=True)
        try:
            signal.signal(signal.SIGINT, request_stop)
        except ValueError:
            pass  # not the main thread (e.g. inside a notebook worker): Ctrl-C keeps its default meaning


def rng_states():
    """Every random number generator a run draws from, as tensors and plain values (weights_only-safe)."""
    states = {"python": random.getstate(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        states["cuda"] = torch.cuda.get_rng_state_all()
    return states


def restore_rng_states(states):
    def as_tuple(value):  # a checkpoint stores Python's state tuple as lists
        return tuple(as_tuple(v) for v in value) if isinstance(value, (list, tuple)) else value
    random.setstate(as_tuple(states["python"]))
    torch.set_rng_state(states["torch"])
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])


if __name__ == "__main__":
    sys.exit(main())
