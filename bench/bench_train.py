"""
Training speed: TinyTransformerLM against Hugging Face's GPT2LMHeadModel at the same shape, in one run.

    python bench/bench_train.py                    # both shapes, 10 timed steps each, then the loss parity check
    python bench/bench_train.py --quick            # the first shape only, 4 timed steps, 50-step parity
    python bench/bench_train.py --compile both     # also time our model under torch.compile (compile time too)
    python bench/bench_train.py --parity compile,bfloat16   # check these against fp32 eager over 200 steps
    python bench/bench_train.py --threads 1 --clock cpu   # on a shared machine: 1 thread, CPU time (see below)
    python bench/bench_train.py --shapes default --muon --parity-steps 0   # what a Muon step costs against AdamW
    python bench/bench_train.py --shapes gpt2-small --dtype bfloat16 --compile true   # on a GPU: GPT-2 small
    python bench/bench_train.py --shapes medium,large,gpt2-small --dtype bfloat16 --compile true --parity-steps 0
                                                   # the README's bigger-model rows: tokens/s, MFU, memory, epoch time

For each shape it builds our model and GPT2LMHeadModel with the same vocabulary, context, layers, heads
and width (dropout 0, GPT-2's 4x MLP, tied embeddings), the same batch, the same targets (GPT-2 gets
`shift_labels`, so both predict the same T tokens per row) and the same optimiser (AdamW with weight decay
on matrices, fused where torch has it, as the Hugging Face Trainer uses by default), clips gradients at 1.0
and zeroes them with set_to_none, exactly as train_llm.py does. Each timed round runs one step of every
contender in turn, alternating the order, so a shared machine's load falls on all of them alike; the
figure is the median step over the rounds, after warm-up steps.

It prints tokens/s for each, our speed over GPT-2's, and model FLOPs utilisation (MFU): the model's
FLOPs per step (6 x parameters + attention, per token, as in the PaLM paper) over the step time, as a
share of the float32 and bfloat16 matrix-multiply peaks measured at the start of the run with the same
threads, and on a GPU also of its published dense bf16 peak (--peak-tflops; known GPUs by name), the
figure MFU is usually quoted against. GPT-2 runs compiled whenever ours does, so both get the same
compile mode. On a GPU it also prints each contender's peak memory and the time one epoch of
--epoch-tokens would take at that speed. "matmuls only" runs just the matrix multiplications of one
training step (forward and backward, no attention): no float32 implementation built on these kernels
can be faster, so GPT-2's step time over it bounds the ratio any such implementation can reach here.

The parity check trains our model for --parity-steps steps in float32 eager mode (the reference) and in
each candidate setting (the one DTYPE/COMPILE 'auto' picks here, plus any named with --parity), with the
same seed, initial weights and batches of a synthetic learnable text (a random Markov chain), and
compares the training loss at the end: within 2% passes.

On a machine shared with other work, wall-clock time measures the other work as much as this: a process
with two OpenMP threads on a busy two-core machine waits at every parallel region for its descheduled
thread. `--threads 1 --clock cpu` times the CPU time the process itself used instead (time.process_time),
which other processes barely disturb; the figures are then per core (tokens per CPU-second), and the
ratio between the models is what the machine would show to one of them alone on one core.
"""

import argparse
import contextlib
import datetime
import functools
import math
import os
import platform
import statistics
import sys
import time
from types import SimpleNamespace

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import train_llm  # noqa: E402  (for the defaults and the DTYPE / COMPILE decisions the trainer makes)
from flags import compile_model, parse_auto_bool, resolve_device, resolve_dtype  # noqa: E402
from model import TinyTransformerLM  # noqa: E402

FIRST_SHAPE = dict(vocab=8192, block=256, layers=4, heads=4, width=256, batch=16)
TINY_SHAPE = dict(vocab=512, block=64, layers=2, heads=2, width=64, batch=4)  # a smoke test in seconds
# The README's "bigger model" rows, for a GPU
MEDIUM_SHAPE = dict(vocab=8192, block=512, layers=6, heads=6, width=384, batch=32)
LARGE_SHAPE = dict(vocab=16384, block=1024, layers=8, heads=8, width=512, batch=32)
GPT2_SMALL_SHAPE = dict(vocab=32768, block=1024, layers=12, heads=12, width=768, batch=16)
# Published dense bf16 tensor-core peaks (no sparsity), TFLOP/s, by a part of the GPU's name. The T4 has no
# bf16: its float16 peak stands in, as float16 is what DTYPE 'auto' trains in there.
PUBLISHED_PEAK_TFLOPS = {"H200": 989, "H100 SXM": 989, "H100 80GB HBM3": 989, "H100 PCIe": 756, "H100 NVL": 835,
                         "A100": 312, "L4": 121, "A10G": 70, "T4": 65}
DEFAULT_SHAPE = dict(vocab=train_llm.VOCAB_SIZE, block=train_llm.BLOCK_SIZE, layers=train_llm.N_LAYER,
                     heads=train_llm.N_HEAD, width=train_llm.N_EMBD, batch=train_llm.BATCH_SIZE)
PARITY_TOLERANCE = 0.02  # relative difference of the final training loss allowed against fp32 eager


# ---- the machine ------------------------------------------------------------------------------------
def describe_machine(device):
    if device.startswith("cuda"):
        return f"{torch.cuda.get_device_name(device)}, torch {torch.__version__}"
    model_name = platform.processor() or "unknown CPU"
    flags = ""
    try:
        with open("/proc/cpuinfo") as f:
            info = f.read()
        model_name = next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name"))
        line = next(line for line in info.splitlines() if line.startswith("flags"))
        have = set(line.split(":", 1)[1].split())
        flags = " ".join(flag for flag in ("avx2", "fma", "avx512f", "avx512_bf16", "amx_bf16") if flag in have)
    except (OSError, StopIteration):
        pass
    load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (f"{model_name}, {os.cpu_count()} logical CPUs, flags: {flags or 'n/a'}, torch {torch.__version__} "
            f"({torch.backends.cpu.get_cpu_capability()} kernels), {torch.get_num_threads()} threads, "
            f"load average {load}")


CLOCK = time.perf_counter  # set to time.process_time by --clock cpu


def published_peak(device, given_tflops):
    """The GPU's published dense bf16 peak in FLOP/s: --peak-tflops, else looked up by name (0 = unknown)."""
    if given_tflops:
        return given_tflops * 1e12
    if not device.startswith("cuda"):
        return 0.0
    name = torch.cuda.get_device_name(device)
    return next((tflops * 1e12 for key, tflops in PUBLISHED_PEAK_TFLOPS.items() if key in name), 0.0)


def synchronize(device):
    if device.startswith("cuda"):
        torch.cuda.synchronize(device)


def matmul_peak(dtype, device, size, seconds=2.0):
    """Best FLOP/s of a square matmul in `dtype` over about `seconds` (the kernel's peak here, now)."""
    a = torch.randn(size, size, device=device).to(dtype)
    b = torch.randn(size, size, device=device).to(dtype)
    a @ b  # warm the kernel (and its thread pool)
    synchronize(device)
    best, spent = float("inf"), 0.0
    while spent < seconds:
        start = CLOCK()
        a @ b
        synchronize(device)
        elapsed = CLOCK() - start
        best, spent = min(best, elapsed), spent + elapsed
        if spent > seconds / 2 and elapsed > seconds / 4:  # a very slow kernel: a couple of runs will do
            break
    return 2 * size ** 3 / best


# ---- contenders: each is a function that runs one training step --------------------------------------
def flops_per_token(shape):
    """6 x (parameters in matmuls) for forward and backward, plus attention scores: 12 x layers x T x width."""
    model = TinyTransformerLM(shape["vocab"], shape["block"], shape["layers"], shape["heads"], shape["width"])
    return 6 * model.num_params(non_embedding=True) + 12 * shape["layers"] * shape["block"] * shape["width"]


def training_step(model, loss_of, optimizers, autocast):
    """One step as train_llm.Trainer.train_step does it, stepping every optimiser; returns the loss."""
    def step():
        with autocast():
            loss = loss_of(model)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        for optimizer in optimizers:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
        return loss.detach()
    return step


def adamw(model, device):
    """The optimiser both models get: AdamW, decay on matrices only, fused where torch has it."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": 0.1},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=1e-3, betas=(0.9, 0.95), fused=True)


def autocast_for(dtype, device):
    if dtype == "float32":
        return contextlib.nullcontext
    return lambda: torch.autocast(device.split(":")[0], dtype=getattr(torch, dtype))


def ours(shape, x, y, device, dtype, compile_it, optimizer="adamw"):
    torch.manual_seed(0)
    model = TinyTransformerLM(shape["vocab"], shape["block"], shape["layers"], shape["heads"], shape["width"]).to(device)
    optimizers = model.configure_optimizers(optimizer, 0.1, 1e-3, device_type=device.split(":")[0], dtype=dtype)
    run = torch.compile(model) if compile_it else model
    return training_step(model, lambda m: run(x, y)[1], optimizers, autocast_for(dtype, device))


def gpt2(shape, x, y, device, dtype, attention, compile_it=False):
    from transformers import GPT2Config, GPT2LMHeadModel
    from transformers.utils import logging
    logging.set_verbosity_error()
    config = GPT2Config(vocab_size=shape["vocab"], n_positions=shape["block"], n_embd=shape["width"],
                        n_layer=shape["layers"], n_head=shape["heads"], resid_pdrop=0.0, embd_pdrop=0.0,
                        attn_pdrop=0.0, bos_token_id=0, eos_token_id=0, loss_type="ForCausalLM",
                        attn_implementation=attention)
    torch.manual_seed(0)
    model = GPT2LMHeadModel(config).to(device)
    model.train()
    run = torch.compile(model) if compile_it else model
    # shift_labels: the targets are given already shifted, so GPT-2 scores the same T tokens per row as ours
    return training_step(model, lambda m: run(input_ids=x, labels=y, shift_labels=y).loss, [adamw(model, device)],
                         autocast_for(dtype, device))


def matmuls_only(shape, device):
    """The matrix multiplications of one training step (forward, input and weight gradients), nothing else."""
    tokens, width, vocab = shape["batch"] * shape["block"], shape["width"], shape["vocab"]
    linears = [(width, 3 * width), (width, width), (width, 4 * width), (4 * width, width)] * shape["layers"]
    linears.append((width, vocab))  # the LM head
    tensors = [(torch.randn(tokens, n_in, device=device), torch.randn(n_out, n_in, device=device),
                torch.randn(tokens, n_out, device=device)) for n_in, n_out in linears]

    def step():  # 3 matmuls of 2 x tokens x in x out FLOPs each, per linear layer
        for x, w, grad_out in tensors:
            torch.nn.functional.linear(x, w)  # forward: (tokens, in) x (in, out)
            grad_out @ w  # gradient of the input: (tokens, out) x (out, in)
            grad_out.t() @ x  # gradient of the weight: (out, tokens) x (tokens, in)
        return torch.zeros(())
    step.flops = sum(6 * tokens * n_in * n_out for n_in, n_out in linears)
    return step


# ---- timing ------------------------------------------------------------------------------------------
def time_contenders(contenders, device, warmup, steps, log=functools.partial(print, flush=True)):
    """Warm each up (the first step's wall time is reported through `log`: it includes compiling), then
    time `steps` rounds, each running every contender once, in an order that alternates between rounds.
    Returns {name: (median step seconds, first step wall seconds, peak GPU memory in bytes or None)}."""
    first, times, memory = {}, {name: [] for name in contenders}, {}
    for name, step in contenders.items():
        if device.startswith("cuda"):
            torch.cuda.reset_peak_memory_stats(device)
        start = time.perf_counter()  # wall time even with --clock cpu: compiling runs in other processes too
        step()
        synchronize(device)
        first[name] = time.perf_counter() - start
        for _ in range(warmup - 1):
            step()
        if device.startswith("cuda"):
            synchronize(device)
            memory[name] = torch.cuda.max_memory_allocated(device)
        log(f"  warmed up {name} (first step {first[name]:.1f} s)")
    names = list(contenders)
    for round_number in range(steps):
        for name in names if round_number % 2 == 0 else reversed(names):
            synchronize(device)
            start = CLOCK()
            contenders[name]()
            synchronize(device)
            times[name].append(CLOCK() - start)
    return {name: (statistics.median(values), first[name], memory.get(name)) for name, values in times.items()}


def bench_shape(label, shape, args, device, peaks, choice):
    tokens = shape["batch"] * shape["block"]
    step_flops = flops_per_token(shape) * tokens
    print(f"\n== {label}: vocab {shape['vocab']}, context {shape['block']}, {shape['layers']} layers, "
          f"{shape['heads']} heads, width {shape['width']}, batch {shape['batch']} "
          f"({tokens:,} tokens/step, {step_flops / 1e9:.1f} GFLOP/step)")
    generator = torch.Generator().manual_seed(0)
    x = torch.randint(shape["vocab"], (shape["batch"], shape["block"]), generator=generator).to(device)
    y = torch.randint(shape["vocab"], (shape["batch"], shape["block"]), generator=generator).to(device)
    dtype, compile_it = choice
    setting = f"{dtype}, {'compiled' if compile_it else 'eager'}"
    ours_name = f"TinyTransformerLM ({setting})"
    contenders = {ours_name: ours(shape, x, y, device, dtype, compile_it)}
    if args.compile == "both":
        other = f"TinyTransformerLM ({dtype}, {'eager' if compile_it else 'compiled'})"
        contenders[other] = ours(shape, x, y, device, dtype, not compile_it)
    muon_name = f"TinyTransformerLM ({setting}, Muon)"
    if args.muon:  # what OPTIMIZER 'muon' costs per step: the same model and batch, Muon for the blocks' matrices
        contenders[muon_name] = ours(shape, x, y, device, dtype, compile_it, optimizer="muon")
    if (dtype != "float32" or compile_it) and not args.no_fp32_eager:
        contenders["TinyTransformerLM (float32, eager)"] = ours(shape, x, y, device, "float32", False)
    gpt2_name = f"GPT2LMHeadModel ({setting}, {args.hf_attention} attention)"
    contenders[gpt2_name] = gpt2(shape, x, y, device, dtype, args.hf_attention, compile_it)
    if args.hf_attention != "eager" and args.with_eager_gpt2:
        contenders[f"GPT2LMHeadModel ({dtype}, eager attention)"] = gpt2(shape, x, y, device, dtype, "eager")
    if device == "cpu":
        contenders["matmuls only (float32)"] = matmuls_only(shape, device)
    results = time_contenders(contenders, device, args.warmup, args.steps)
    if args.profile:
        profile_step(ours_name, contenders[ours_name], device)

    published, on_gpu = peaks.get("published", 0.0), device.startswith("cuda")
    print(f"  {'':50s} {'step ms':>9s} {'tokens/s':>10s} {'MFU fp32':>9s} {'MFU bf16':>9s}"
          f"{' MFU published' if published else ''}{' memory GiB' if on_gpu else ''} {'first step (wall)':>18s}")
    for name, (seconds, first, memory) in results.items():
        achieved = getattr(contenders[name], "flops", step_flops) / seconds
        bf16_share = f"{achieved / peaks['bfloat16']:9.0%}" if peaks["bfloat16"] else f"{'-':>9s}"
        print(f"  {name:50s} {seconds * 1000:9,.1f} {tokens / seconds:10,.0f} {achieved / peaks['float32']:9.0%} "
              f"{bf16_share}{f' {achieved / published:13.1%}' if published else ''}"
              f"{f' {memory / 2 ** 30:10.1f}' if on_gpu else ''} {first:17.1f}s")
    base = results[gpt2_name][0]
    print(f"  ours / GPT2LMHeadModel: {base / results[ours_name][0]:.2f}x tokens/s")
    if muon_name in results:
        print(f"  Muon / AdamW (ours): {results[ours_name][0] / results[muon_name][0]:.2f}x tokens/s")
    if on_gpu:
        hours = args.epoch_tokens / (tokens / results[ours_name][0]) / 3600
        print(f"  one epoch of {args.epoch_tokens / 1e6:,.0f}M tokens at our speed: {hours:.2f} h")
    for name, (seconds, _, _) in results.items():
        if name.startswith("GPT2LMHeadModel") and name != gpt2_name:
            print(f"  ours / {name}: {seconds / results[ours_name][0]:.2f}x")
    if "matmuls only (float32)" in results and dtype == "float32":
        floor = results["matmuls only (float32)"][0]
        print(f"  bound: a float32 step cannot beat its matmuls ({floor * 1000:,.0f} ms, their MFU is the matmul speed "
              f"at these shapes), so no float32 model on these kernels can exceed {base / floor:.2f}x "
              f"GPT2LMHeadModel here")
    return results


def profile_step(name, step, device, steps=5):
    """torch.profiler over a few steps: where a step's time goes, the busiest operations first."""
    activities = [torch.profiler.ProfilerActivity.CPU]
    if device.startswith("cuda"):
        activities.append(torch.profiler.ProfilerActivity.CUDA)
    with torch.profiler.profile(activities=activities) as profiler:
        for _ in range(steps):
            step()
        synchronize(device)
    sort = "self_cuda_time_total" if device.startswith("cuda") else "self_cpu_time_total"
    print(f"\n  profile of {name}, {steps} steps:")
    print(profiler.key_averages().table(sort_by=sort, row_limit=15))


# ---- loss parity -------------------------------------------------------------------------------------
def markov_text(vocab, length, seed, successors=4):
    """A learnable synthetic token stream: each token is followed by one of `successors` fixed tokens."""
    generator = torch.Generator().manual_seed(seed)
    table = torch.randint(vocab, (vocab, successors), generator=generator)
    picks = torch.randint(successors, (length,), generator=generator).tolist()
    table = table.tolist()
    tokens, current = [], 0
    for pick in picks:
        current = table[current][pick]
        tokens.append(current)
    return torch.tensor(tokens)


def train_for_parity(shape, steps, batch, device, dtype, compile_it, data):
    """Train our model `steps` steps with the trainer's schedule; returns the per-step training losses."""
    torch.manual_seed(1337)
    model = TinyTransformerLM(shape["vocab"], shape["block"], shape["layers"], shape["heads"], shape["width"]).to(device)
    [optimizer] = model.configure_optimizers("adamw", 0.1, train_llm.LEARNING_RATE, device_type=device.split(":")[0])
    schedule = SimpleNamespace(learning_rate=train_llm.LEARNING_RATE, min_lr=train_llm.MIN_LR,
                               warmup_iters=min(train_llm.WARMUP_ITERS, steps // 5),
                               cooldown_fraction=train_llm.COOLDOWN_FRACTION)
    run = torch.compile(model) if compile_it else model
    autocast = autocast_for(dtype, device)
    generator = torch.Generator().manual_seed(7)
    losses = []
    for step in range(steps):
        for group in optimizer.param_groups:
            group["lr"] = train_llm.learning_rate_at(step, step / steps, schedule)
        starts = torch.randint(len(data) - shape["block"] - 1, (batch,), generator=generator)
        rows = torch.stack([data[s:s + shape["block"] + 1] for s in starts.tolist()]).to(device)
        with autocast():
            _, loss = run(rows[:, :-1], rows[:, 1:])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(loss.item())
    return losses


def parity(labelled_shape, args, device, candidates):
    label, shape = labelled_shape
    batch = args.parity_batch or shape["batch"]
    print(f"\n== loss parity: our model at the {label}, batch {batch}, {args.parity_steps} steps of a synthetic "
          f"Markov text (4 successors per token: the loss can fall from ln {shape['vocab']} = "
          f"{math.log(shape['vocab']):.2f} to ln 4 = {math.log(4):.2f})")
    data = markov_text(shape["vocab"], 200_000, seed=3)
    started = time.perf_counter()
    reference = train_for_parity(shape, args.parity_steps, batch, device, "float32", False, data)
    print(f"  float32, eager (reference): final loss {reference[-1]:.4f} (mean of last 10: "
          f"{statistics.mean(reference[-10:]):.4f}), {time.perf_counter() - started:.0f} s", flush=True)
    passed = True
    for dtype, compile_it in candidates:
        if (dtype, compile_it) == ("float32", False):
            print("  float32, eager is the reference itself: identical by construction")
            continue
        started = time.perf_counter()
        losses = train_for_parity(shape, args.parity_steps, batch, device, dtype, compile_it, data)
        difference = abs(losses[-1] - reference[-1]) / reference[-1]
        last10 = abs(statistics.mean(losses[-10:]) - statistics.mean(reference[-10:])) / statistics.mean(reference[-10:])
        ok = difference <= PARITY_TOLERANCE
        passed &= ok
        print(f"  {dtype}, {'compiled' if compile_it else 'eager'}: final loss {losses[-1]:.4f} "
              f"({difference:.3%} from the reference; last-10 mean {last10:.3%}) "
              f"{'PASS' if ok else 'FAIL'} (<= {PARITY_TOLERANCE:.0%}), {time.perf_counter() - started:.0f} s",
              flush=True)
    return passed


# ---- main --------------------------------------------------------------------------------------------
def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=10, help="timed rounds per shape (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed steps per contender first (default 2)")
    parser.add_argument("--quick", action="store_true", help="first shape only, 4 timed rounds, 50 parity steps")
    parser.add_argument("--shapes", default="first,default",
                        help="comma-separated, the first is used for parity: 'first', 'default', and for a GPU "
                        "'medium', 'large', 'gpt2-small' (the README's bigger-model rows); 'tiny' is a smoke test")
    parser.add_argument("--peak-tflops", type=float, default=0,
                        help="the GPU's published dense bf16 peak for MFU (default: looked up by the GPU's name)")
    parser.add_argument("--epoch-tokens", type=float, default=1e9,
                        help="dataset size for the time-per-epoch figure on a GPU (default 1e9 tokens)")
    parser.add_argument("--profile", action="store_true",
                        help="after timing, profile a few of our steps with torch.profiler (busiest operations)")
    parser.add_argument("--muon", action="store_true",
                        help="also time our model with OPTIMIZER 'muon' (AdamW is what every contender gets)")
    parser.add_argument("--no-fp32-eager", action="store_true",
                        help="skip timing our float32 eager model beside the chosen setting")
    parser.add_argument("--device", default="auto", help="'auto', 'cpu' or 'cuda' (default auto)")
    parser.add_argument("--dtype", default="auto", help="our model's DTYPE as in train_llm.py (default auto)")
    parser.add_argument("--compile", default="auto", choices=("auto", "true", "false", "both"),
                        help="our model's COMPILE as in train_llm.py; 'both' times compiled and eager (default auto)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0 = torch's default)")
    parser.add_argument("--clock", default="wall", choices=("wall", "cpu"),
                        help="'wall' (default) or 'cpu': this process's CPU time, for a shared machine (use with "
                        "--threads 1)")
    parser.add_argument("--cold-compile", action="store_true",
                        help="compile into a fresh, empty inductor cache, as a first run does (default: torch's cache)")
    parser.add_argument("--hf-attention", default="sdpa", help="GPT-2's attn_implementation (default sdpa, "
                        "transformers' own default)")
    parser.add_argument("--with-eager-gpt2", action="store_true",
                        help="also time GPT-2 with eager attention (the pre-SDPA implementation)")
    parser.add_argument("--parity-steps", type=int, default=200, help="steps of the loss parity check (0 = skip)")
    parser.add_argument("--parity-batch", type=int, default=4,
                        help="batch of the parity runs (0 = the shape's batch); it checks numerics, not speed")
    parser.add_argument("--parity", default="", help="extra settings to check, comma-separated: compile, bfloat16, "
                        "float16 (besides the one 'auto' picks)")
    args = parser.parse_args(argv)
    if args.quick:
        args.steps, args.shapes = min(args.steps, 4), "first"
        args.parity_steps = min(args.parity_steps, 50)
    return args


def main(argv=None):
    args = parse_args(argv)
    global CLOCK
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.clock == "cpu":
        CLOCK = time.process_time
    if args.cold_compile:
        import atexit
        import shutil
        import tempfile
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench_inductor_")
        atexit.register(shutil.rmtree, os.environ["TORCHINDUCTOR_CACHE_DIR"], ignore_errors=True)
    device = resolve_device(args.device)
    if device.startswith("cuda"):
        torch.backends.cuda.matmul.allow_tf32 = True  # as the trainer does (TF32 on Ampere and newer)
    dtype = resolve_dtype(args.dtype, device)
    # COMPILE's decision for the default width, taken by the trainer's own function on a throwaway model
    # ('both' times both ways)
    probe = TinyTransformerLM(64, 8, 1, 1, train_llm.N_EMBD).to(device)
    setting = "auto" if args.compile == "both" else args.compile
    compile_it = compile_model(probe, parse_auto_bool(setting), dtype, print) is not probe
    print(f"bench_train.py, {datetime.datetime.now().isoformat(timespec='minutes')}: python bench/bench_train.py "
          f"{' '.join(sys.argv[1:] if argv is None else argv)}")
    print(f"machine: {describe_machine(device)}")
    print(f"clock: {'CPU time of this process (figures are per CPU-second)' if args.clock == 'cpu' else 'wall'}"
          f"{', fresh inductor cache' if args.cold_compile else ''}")
    print(f"our settings: DTYPE {args.dtype} -> {dtype}, COMPILE {args.compile} -> "
          f"{'on' if compile_it else 'off'}")
    peaks = {"float32": matmul_peak(torch.float32, device, 4096 if device != "cpu" else 1024),
             "bfloat16": matmul_peak(torch.bfloat16, device, 4096 if device != "cpu" else 512)}
    print(f"matmul peaks measured now: float32 {peaks['float32'] / 1e9:,.1f} GFLOP/s, "
          f"bfloat16 {peaks['bfloat16'] / 1e9:,.1f} GFLOP/s")
    if peaks["bfloat16"] <= peaks["float32"]:  # emulated (an AVX2-only CPU): a share of it says nothing
        print("bfloat16 is emulated here (slower than float32), so MFU bf16 is not shown")
        peaks["bfloat16"] = 0.0  # 0 = no peak to share, as for an unknown published one
    peaks["published"] = published_peak(device, args.peak_tflops)
    if peaks["published"]:
        print(f"published dense bf16 peak: {peaks['published'] / 1e12:,.0f} TFLOP/s")
    shapes = {"first": ("first shape", FIRST_SHAPE), "default": ("default config (train_llm.py)", DEFAULT_SHAPE),
              "tiny": ("tiny smoke-test shape", TINY_SHAPE), "medium": ("medium (README)", MEDIUM_SHAPE),
              "large": ("large (README)", LARGE_SHAPE), "gpt2-small": ("GPT-2 small (README)", GPT2_SMALL_SHAPE)}
    chosen = [shapes[key.strip()] for key in args.shapes.split(",")]
    for label, shape in chosen:
        bench_shape(label, shape, args, device, peaks, (dtype, compile_it))
    passed = True
    if args.parity_steps > 0:
        candidates = [(dtype, compile_it)]
        for extra in filter(None, (s.strip() for s in args.parity.split(","))):
            candidates.append(("float32", True) if extra == "compile" else (extra, False))
        passed = parity(chosen[0], args, device, candidates)
    if hasattr(os, "getloadavg"):
        print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
