"""Benchmark the data pipeline: is streaming ever what training waits for, and does memory stay flat?

    python bench/bench_data.py                 # all four figures (about 20 minutes; writes a 1 GB file to a
                                               # temporary folder and deletes it at the end)
    python bench/bench_data.py --big-mb 200    # a smaller "big" file for the memory figure
    python bench/bench_data.py --only tokenize # one part: tokenize, train, memory or paths
    python bench/bench_data.py --only paths    # validation loss of the two data paths (~12 min on 2 idle cores)

1. tokenize: MB/s of text through the streaming pipeline (read, spelling, chat parsing, tokenizing,
   packing, shuffling), beside the raw `encode_batch` MB/s of the same tokenizer on the same text.
2. train: training tokens/s with batches pulled live from the stream, against the same batches taken
   from memory; same model, one run, segments alternated so machine noise hits both alike.
3. memory: peak resident memory of a short `train_llm.py` run on a 1 GB text file against the same run
   on a 10 MB file (the big file is streamed under STREAMING 'auto', the small one is read whole).
4. paths: why data.py keeps two paths. The default model trained for --steps steps on the bundled
   corpus with batches from memory (random windows) and from the stream (fixed packed windows), then
   validation loss on the same windows of the same validation documents (the split rule is one, so
   both paths hold out the same documents; the tokenizer is one too). A third contender streams with a
   shuffle buffer bigger than the corpus, to tell the fixed windows apart from the buffer's ordering.

The text is generated (chat lines and plain paragraphs from a made-up vocabulary), never committed.
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import torch  # noqa: E402

import data  # noqa: E402
import train_llm  # noqa: E402  (its constants are the default settings)
from flags import parse_flags  # noqa: E402
from model import TinyTransformerLM  # noqa: E402
from tokenizer import CustomTokenizer  # noqa: E402


# ---- generated text ---------------------------------------------------------------------------------------
def make_vocabulary(rng, size=20000):
    syllables = ["ka", "ro", "wom", "bat", "mel", "syd", "ney", "gum", "tree", "bil", "la", "bong", "dar", "win",
                 "per", "th", "ade", "lai", "de", "ho", "bart", "can", "ber", "ra", "ul", "uru", "ti", "mo", "go"]
    common = ("the a and of to in is it was on for with as at by from that this what how why who "
              "colour color favourite favorite grey gray centre center organise organize").split()
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(size)}
    return common * 50 + sorted(words)


def sentence(rng, words, end="."):
    text = " ".join(rng.choice(words) for _ in range(rng.randint(4, 16)))
    return text[0].upper() + text[1:] + end


def line_pool(seed=0, count=40000):
    """Distinct lines: one chat conversation, or a paragraph of plain text followed by a blank line."""
    rng = random.Random(seed)
    words = make_vocabulary(rng)
    pool = []
    for i in range(count):
        if i % 2:
            turns = rng.randint(1, 3)
            pool.append(" ".join(f"<USR> {sentence(rng, words, '?')} <ASSIST> {sentence(rng, words)} "
                                 f"{sentence(rng, words)} <EOT>" for _ in range(turns)) + "\n")
        else:
            pool.append(" ".join(sentence(rng, words) for _ in range(rng.randint(2, 6))) + "\n\n")
    return pool


def write_text(path, megabytes, seed=0):
    rng, pool = random.Random(seed), line_pool(seed)
    target, written = int(megabytes * 1e6), 0
    with open(path, "w", encoding="utf-8") as f:
        while written < target:
            chunk = "".join(rng.choices(pool, k=20000))[:target - written]
            f.write(chunk)
            written += len(chunk.encode("utf-8"))
    return path


def config(path, *args):
    """train_llm.py's settings for data at `path`, streamed, with these flags on top."""
    return parse_flags(vars(train_llm), os.path.join(ROOT, "train_llm.py"),
                       ["--local-data-path", path, "--streaming", "true", *[str(a) for a in args]])


# ---- 1. tokenizing throughput ---------------------------------------------------------------------------------
def bench_tokenize(folder, megabytes, tokenizer_dir):
    path = write_text(os.path.join(folder, "tokenize.txt"), megabytes, seed=1)
    size_mb = os.path.getsize(path) / 1e6
    results = {}
    for spelling in ("true", "false"):
        cfg = config(path, "--tokenizer-dir", tokenizer_dir, "--convert-to-au-english", spelling, "--val-tokens", 300,
                     "--shuffle-windows", 64)  # small blocks: the one block read past the epoch end is ~1% of the text
        prepared = data.prepare_data(cfg, tokenizer=CustomTokenizer.load(tokenizer_dir))
        documents = list(data.iter_documents(cfg))  # read, parsed and converted beforehand, not timed
        start = time.perf_counter()
        for i in range(0, len(documents), data.ENCODE_BATCH_DOCUMENTS):
            data.encode_documents(documents[i:i + data.ENCODE_BATCH_DOCUMENTS], prepared.tokenizer)
        rate = size_mb / (time.perf_counter() - start)  # measured once per pass; the better of the two is shown
        results["raw encode_batch"] = max(rate, results.get("raw encode_batch", 0))
        for workers in (0, 2):
            stream = prepared.train_stream.shard_for(0, 1, workers)
            loader = (torch.utils.data.DataLoader(stream, batch_size=None, num_workers=workers) if workers
                      else stream)
            start, done = time.perf_counter(), set()
            for _, _, position in loader:  # one epoch: until every shard has started its second
                if position[1].item() >= 1:
                    done.add(position[0].item())
                    if len(done) == max(1, workers):
                        break
            elapsed = time.perf_counter() - start
            label = f"pipeline, spelling {'on ' if spelling == 'true' else 'off'}, {workers} workers"
            results[label] = size_mb / elapsed
    print(f"\n1. tokenizing throughput on {size_mb:.0f} MB of generated chat + plain text (MB of text per second)")
    for label, value in results.items():
        print(f"   {label:38s} {value:7.2f} MB/s")
    return results


# ---- 2. training tokens/s: streamed against in memory -----------------------------------------------------------
def bench_train(folder, megabytes, tokenizer_dir, segments, segment_steps, workers):
    path = write_text(os.path.join(folder, "train.txt"), megabytes, seed=2)
    cfg = config(path, "--tokenizer-dir", tokenizer_dir, "--num-workers", workers)
    tokenizer = CustomTokenizer.load(tokenizer_dir)
    prepared = data.prepare_data(cfg, tokenizer=tokenizer)
    steps = segments * segment_steps
    # the same batches, already in memory: drawn from an identical stream before timing starts
    twin = data.StreamingBatches(data.prepare_data(cfg, tokenizer=tokenizer).train_stream, cfg, 0, 1, "cpu")
    in_memory = [twin.next_batch() for _ in range(steps)]
    stream = data.StreamingBatches(prepared.train_stream, cfg, 0, 1, "cpu")
    torch.manual_seed(0)
    model = TinyTransformerLM(prepared.tokenizer.vocab_size, cfg.block_size, cfg.n_layer, cfg.n_head, cfg.n_embd, 0.0)
    [optimizer] = model.configure_optimizers("adamw", cfg.weight_decay, cfg.learning_rate)

    def step(x, y):
        _, loss = model(x, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    for _ in range(3):  # warm-up, not timed
        step(*in_memory[0])
    times = {"memory": [], "stream": []}
    memory_batches = iter(in_memory)
    for _ in range(segments):
        for mode in ("memory", "stream"):
            start = time.perf_counter()
            for _ in range(segment_steps):
                step(*(next(memory_batches) if mode == "memory" else stream.next_batch()))
            times[mode].append(time.perf_counter() - start)
            print(f"   segment {len(times[mode])}/{segments} {mode:6s}: {segment_steps / times[mode][-1]:.2f} steps/s",
                  flush=True)
    tokens = segment_steps * cfg.batch_size * cfg.block_size
    rate = {mode: tokens * segments / sum(values) for mode, values in times.items()}
    medians = {mode: tokens / statistics.median(values) for mode, values in times.items()}
    print(f"\n2. training tokens/s, default model ({model.num_params() / 1e6:.1f}M parameters, batch {cfg.batch_size} x "
          f"{cfg.block_size}), {segments} alternating segments of {segment_steps} steps, NUM_WORKERS={workers}")
    print(f"   in memory: {rate['memory']:8,.0f} tokens/s (segment median {medians['memory']:,.0f})")
    print(f"   streamed:  {rate['stream']:8,.0f} tokens/s (segment median {medians['stream']:,.0f})")
    print(f"   streamed / in memory: {rate['stream'] / rate['memory']:.1%} (target: at least 95%)")
    return rate


# ---- 3. peak memory: 1 GB against 10 MB ------------------------------------------------------------------------
def peak_rss_mb(args):
    """Peak resident memory of one train_llm.py run, measured by a fresh process that waits for it."""
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "sys.stderr.write(r.stderr[-2000:] if r.returncode else ''); "
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, sys.executable, os.path.join(ROOT, "train_llm.py"), *args],
                         capture_output=True, text=True, cwd=ROOT)
    code, kilobytes = out.stdout.split()
    if code != "0":
        raise SystemExit(f"train_llm.py failed:\n{out.stderr}")
    return int(kilobytes) / 1024


def bench_memory(folder, big_mb):
    results = {}
    for label, megabytes in (("10 MB", 10), (f"{big_mb:g} MB", big_mb)):
        path = os.path.join(folder, f"memory_{megabytes}.txt")
        start = time.perf_counter()
        write_text(path, megabytes, seed=3)
        written = time.perf_counter() - start
        run = os.path.join(folder, f"run_{megabytes}")
        start = time.perf_counter()
        results[label] = peak_rss_mb(["--local-data-path", path, "--checkpoint-dir", run, "--max-iters", "4",
                                      "--warmup-iters", "1", "--eval-interval", "4", "--eval-iters", "2"])
        print(f"   {label:>8s} file (written in {written:.0f} s): peak RSS {results[label]:7.0f} MB, "
              f"run {time.perf_counter() - start:.0f} s")
        os.remove(path)
        shutil.rmtree(run, ignore_errors=True)
    labels = list(results)
    print(f"   difference: {results[labels[1]] - results[labels[0]]:+.0f} MB (target: at most +300 MB)")
    return results


# ---- 4. validation loss: random windows in memory against fixed windows streamed ----------------------------
@torch.no_grad()
def validation_loss(model, val_ids, val_starts, cfg):
    model.eval()
    losses = []
    for i in range(0, len(val_starts), cfg.batch_size):
        x, y = data.windows_to_batch(val_ids, val_starts[i:i + cfg.batch_size], cfg.block_size, "cpu")
        losses.append(model(x, y)[1].item())
    model.train()
    return sum(losses) / len(losses)


def train_one(prepared, cfg, val_starts, eval_interval):
    """Train the default model on prepared's batches; {step: validation loss} and the mean train loss of the
    last eval_interval steps."""
    batches = data.make_batches(prepared, cfg)
    torch.manual_seed(cfg.seed)
    model = TinyTransformerLM(prepared.tokenizer.vocab_size, cfg.block_size, cfg.n_layer, cfg.n_head, cfg.n_embd,
                              cfg.dropout)
    [optimizer] = model.configure_optimizers("adamw", cfg.weight_decay, cfg.learning_rate)
    curve, recent = {}, []
    for step in range(cfg.max_iters):
        for group in optimizer.param_groups:
            group["lr"] = train_llm.learning_rate_at(step, step / cfg.max_iters, cfg)
        _, loss = model(*batches.next_batch())
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        recent = (recent + [loss.item()])[-eval_interval:]
        if (step + 1) % eval_interval == 0:
            curve[step + 1] = validation_loss(model, prepared.val_ids, val_starts, cfg)
    return curve, sum(recent) / len(recent)


def bench_paths(folder, steps, seeds, eval_interval):
    corpus = os.path.join(ROOT, train_llm.LOCAL_DATA_PATH)
    base = [corpus, "--max-iters", steps, "--tokenizer-dir", os.path.join(folder, "paths_tokenizer")]
    memory_cfg = config(*base, "--streaming", "false")
    tokenizer = data.prepare_data(memory_cfg).tokenizer  # trained on the training documents, as in a real run
    contenders = {"in memory (random windows)": [],
                  f"streamed, SHUFFLE_WINDOWS {train_llm.SHUFFLE_WINDOWS}": [],
                  "streamed, one block (whole corpus shuffled)": ["--shuffle-windows", 1 << 20]}
    results = {name: [] for name in contenders}
    for seed in range(train_llm.SEED, train_llm.SEED + seeds):
        for name, flags in contenders.items():
            cfg = config(*base, "--seed", seed, "--streaming", "false" if name.startswith("in memory") else "true",
                         *flags)
            prepared = data.prepare_data(cfg, tokenizer=tokenizer)
            if name.startswith("in memory"):  # the same validation windows for all: train_llm's, from SEED + 1
                val_ids = prepared.val_ids
                val_starts = data.random_windows(val_ids, cfg.eval_iters * cfg.batch_size, cfg.block_size,
                                                 torch.Generator().manual_seed(seed + 1))
            assert torch.equal(prepared.val_ids, val_ids), "the paths validate on different documents"
            start = time.perf_counter()
            curve, train_loss = train_one(prepared, cfg, val_starts, eval_interval)
            results[name].append((curve, train_loss))
            print(f"   seed {seed}, {name}: val {curve[steps]:.4f}, train (last {eval_interval} steps) "
                  f"{train_loss:.4f}, {time.perf_counter() - start:.0f} s", flush=True)
    training_tokens = len(data.prepare_data(memory_cfg, tokenizer=tokenizer).train_ids)
    epochs = steps * memory_cfg.batch_size * memory_cfg.block_size / training_tokens
    print(f"\n4. validation loss by data path: bundled corpus ({training_tokens:,} training tokens), default "
          f"model, {steps} steps ({epochs:.1f} epochs), mean of {seeds} seeds")
    print("   " + f"{'step':>6s}" + "".join(f"{name[:30]:>32s}" for name in contenders))
    for step in sorted(results[next(iter(contenders))][0][0]):
        row = [statistics.mean(curve[step] for curve, _ in runs) for runs in results.values()]
        print("   " + f"{step:6d}" + "".join(f"{value:32.4f}" for value in row))
    row = [statistics.mean(train for _, train in runs) for runs in results.values()]
    print("   " + f"{'train':>6s}" + "".join(f"{value:32.4f}" for value in row) + f"   (last {eval_interval} steps)")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["tokenize", "train", "memory", "paths"], help="run one part")
    parser.add_argument("--big-mb", type=float, default=1000, help="size of the big file for the memory figure")
    parser.add_argument("--tokenize-mb", type=float, default=8, help="text for the throughput figure")
    parser.add_argument("--segments", type=int, default=4, help="alternating segments per mode (train figure)")
    parser.add_argument("--segment-steps", type=int, default=16, help="training steps per segment")
    parser.add_argument("--workers", type=int, default=0, help="NUM_WORKERS for the train figure")
    parser.add_argument("--steps", type=int, default=600, help="training steps per run (paths figure)")
    parser.add_argument("--seeds", type=int, default=2, help="seeds per contender (paths figure)")
    parser.add_argument("--eval-interval", type=int, default=100, help="steps between validations (paths figure)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench_data_")
    try:
        print(f"torch {torch.__version__}, {os.cpu_count()} CPUs, temporary folder {folder}")
        tokenizer_dir = os.path.join(folder, "tokenizer")
        if args.only in (None, "tokenize", "train"):  # one tokenizer, trained on its own sample, for parts 1 and 2
            sample = write_text(os.path.join(folder, "sample.txt"), 4, seed=9)
            tokenizer, _, record = data.load_tokenizer(config(sample, "--tokenizer-dir", tokenizer_dir),
                                                       data.iter_documents(config(sample)))
            data.save_tokenizer(tokenizer, tokenizer_dir, record)
        if args.only in (None, "tokenize"):
            bench_tokenize(folder, args.tokenize_mb, tokenizer_dir)
        if args.only in (None, "train"):
            bench_train(folder, 20, tokenizer_dir, args.segments, args.segment_steps, args.workers)
        if args.only in (None, "memory"):
            print("\n3. peak resident memory of `train_llm.py` (4 steps, default settings, tokenizer trained "
                  "from the data)")
            bench_memory(folder, args.big_mb)
        if args.only in (None, "paths"):
            bench_paths(folder, args.steps, args.seeds, args.eval_interval)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
