r"""How good a model does each recipe train in the same wall-clock time? Side by side, on any text file.

    python bench/bench_quality.py                                  # the bundled corpus, 5 minutes a recipe
    python bench/bench_quality.py --text bench/prose.txt           # plain prose written for this bench (1.6 MB)
    python bench/bench_quality.py --text story.txt --minutes 3     # any other plain text file
    python bench/bench_quality.py --variant "wide: --n-embd 192" --seeds 1,2,3
    python bench/bench_quality.py --knowledge                      # also bench_knowledge on each (corpus only)
    ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 ONEDNN_MAX_CPU_ISA=AVX2 \
        python bench/bench_quality.py --flags "--dtype float32"
                                      # as on an AVX2-only CPU: its kernels, no native bf16 anywhere (oneDNN
                                      # included), and the float32 'auto' picks there (bench/RESULTS.md, 16)

The last 10% of the file's lines is held out; every recipe trains on the first 90% through the real
command line (python train_llm.py ...) and is scored on the whole held-out text by the checkpoint a
user would chat with (best.pth): bits per byte, the held-out text's total cross-entropy in bits over its
UTF-8 size. Unlike loss per token it does not depend on the tokenizer, so recipes with different
vocabularies compare fairly.

bench/prose.txt is plain English prose written here for this bench, about 18,000 words of each of sixteen
kinds (stories for young and for older readers, nature writing, how things work, letters and diaries,
invented tales, practical advice, essays, sport, travel, adventures, histories of everyday things,
dialogue, animals for children, local news, lives), a paragraph a line with blank lines between. The first
90% of each kind comes first and the last tenth of each kind last, so the held-out text samples every kind.

The recipes, each run once per seed:
  new     train_llm.py's defaults as they are (its time budget of --minutes, its optimiser and shape)
  old     the recipe before the time budget (AdamW, 4 x 128, vocabulary 2,048, cosine decay over the
          run, learning rate 6e-3, weight decay 0.1, no compiling). Its cosine follows the budget's
          clock: the schedule a MAX_ITERS that ends exactly at the budget would give it, so neither
          recipe is cut off before its learning rate has decayed, and both train for the same time.
          (A MAX_ITERS predicted from a short calibration run missed the budget by up to 15% either
          way on a machine whose speed drifts from minute to minute: bench/RESULTS.md, section 14.)
  NAME    each --variant "NAME: flags": the new defaults with these flags on top

Each line reports the held-out bits per byte (median over seeds, with the spread), the steps the run
took and the step of its best checkpoint (the one scored: on a small text the model starts to memorise
it, and validation is best before the end), its seconds of training (the budget's clock), and the
whole command's time (reading, tokenizing, training, evaluating, saving). The recipes run one after the
other, so keep the machine otherwise idle.
"""

import argparse
import math
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO_ROOT)

OLD_RECIPE = ("--optimizer adamw --n-layer 4 --n-head 4 --n-embd 128 --block-size 128 --vocab-size 2048 "
              "--batch-size 16 --learning-rate 6e-3 --min-lr 1e-4 --warmup-iters 40 --cooldown-fraction 1.0 "
              "--weight-decay 0.1 --eval-interval 200 --compile false")
HELD_OUT_SHARE = 0.10


def split_text(path, folder):
    """Write the first 90% of the file's lines to train.txt and the rest to heldout.txt in `folder`."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    cut = int(len(lines) * (1 - HELD_OUT_SHARE))
    if cut == 0 or cut == len(lines):
        raise SystemExit(f"{path} has too few lines ({len(lines)}) to hold 10% out")
    paths = os.path.join(folder, "train.txt"), os.path.join(folder, "heldout.txt")
    for out, part in zip(paths, (lines[:cut], lines[cut:])):
        with open(out, "w", encoding="utf-8") as f:
            f.writelines(part)
    return paths


def train(flags, checkpoint_dir, train_path, seed):
    """Run train_llm.py; returns the whole command's seconds. Its output goes to checkpoint_dir/log.txt."""
    command = [sys.executable, os.path.join(REPO_ROOT, "train_llm.py"), "--local-data-path", train_path,
               "--checkpoint-dir", checkpoint_dir, "--seed", str(seed), "--overwrite", "true",
               "--convert-to-au-english", "false", *flags]
    os.makedirs(checkpoint_dir, exist_ok=True)
    start = time.perf_counter()
    with open(os.path.join(checkpoint_dir, "log.txt"), "w") as log:
        result = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise SystemExit(f"training failed ({shlex.join(command)}); see {checkpoint_dir}/log.txt")
    return time.perf_counter() - start


def held_out_bits_per_byte(checkpoint_path, heldout_path):
    """Bits per byte of the whole held-out file under the checkpoint, read in windows of its context."""
    import torch
    from data import encode_documents, read_local_documents
    from model import from_checkpoint, load_checkpoint
    from tokenizer import CustomTokenizer

    checkpoint = load_checkpoint(checkpoint_path, "cpu")
    model, tokenizer = from_checkpoint(checkpoint).eval(), CustomTokenizer.from_str(checkpoint["tokenizer"])
    ids = [i for doc in encode_documents(list(read_local_documents(heldout_path, "text")), tokenizer) for i in doc]
    ids = torch.tensor(ids)
    block, nats, scored = model.config["block_size"], 0.0, 0
    with torch.no_grad():
        # consecutive windows: each token after the first is predicted once, from the window it falls in
        for start in range(0, len(ids) - 1, block):
            x, y = ids[start:start + block], ids[start + 1:start + block + 1]
            x = x[:len(y)]
            _, loss = model(x[None], y[None])
            nats += loss.item() * len(y)
            scored += len(y)
    with open(heldout_path, "rb") as f:
        size = len(f.read())
    return nats / math.log(2) / size, checkpoint


def run_length(run_dir):
    """The steps the whole run took and its seconds of training (latest.pth is written at its end)."""
    import torch
    checkpoint = torch.load(os.path.join(run_dir, "latest.pth"), map_location="cpu", weights_only=True)
    return checkpoint["step"], checkpoint["train_seconds"]


def knowledge(checkpoint_path):
    """bench_knowledge's held-out accuracy and open-prompt scores for one checkpoint."""
    import json
    report = checkpoint_path + ".knowledge.json"
    subprocess.run([sys.executable, os.path.join(REPO_ROOT, "bench", "bench_knowledge.py"), "--checkpoint",
                    checkpoint_path, "--samples", "0", "--json", report], stdout=subprocess.DEVNULL, check=True)
    with open(report) as f:
        result = json.load(f)
    scores = result["open_prompts"][0]["scores"]
    return {"accuracy": result["accuracy"], "real_words": scores["real_words"] if scores else float("nan"),
            "declines": scores["declines"] if scores else -1}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--text", default=os.path.join(REPO_ROOT, "quantaTinyLLM.txt"), help="text file to train on")
    parser.add_argument("--minutes", type=float, default=5.0, help="training budget per recipe")
    parser.add_argument("--seeds", default="1", help="comma-separated seeds; each recipe runs once per seed")
    parser.add_argument("--variant", action="append", default=[], help='"NAME: flags" (repeatable)')
    parser.add_argument("--recipes", default="new,old", help="which of new,old to run (variants always run)")
    parser.add_argument("--knowledge", action="store_true", help="also run bench_knowledge on each checkpoint")
    parser.add_argument("--flags", default="", help='flags for every recipe, e.g. "--dtype float32" (what DTYPE '
                        "'auto' picks on an AVX2 CPU)")
    parser.add_argument("--keep", default="", help="keep the runs in this folder (default: a temporary one)")
    args = parser.parse_args(argv)

    seeds = [int(seed) for seed in args.seeds.split(",")]
    every_recipe = shlex.split(args.flags)
    folder = args.keep or tempfile.mkdtemp(prefix="bench_quality_")
    os.makedirs(folder, exist_ok=True)
    train_path, heldout_path = split_text(args.text, folder)
    budget = every_recipe + ["--time-budget-minutes", str(args.minutes), "--max-iters", "0"]
    recipes = {}
    if "new" in args.recipes.split(","):
        recipes["new"] = budget
    if "old" in args.recipes.split(","):
        recipes["old"] = budget + shlex.split(OLD_RECIPE)
    for variant in args.variant:
        name, _, flags = variant.partition(":")
        recipes[name.strip()] = budget + shlex.split(flags)

    print(f"{args.text}: training on {train_path}, scoring on the last {HELD_OUT_SHARE:.0%} ({heldout_path}); "
          f"{args.minutes:g} minutes of training per recipe; seeds {seeds}", flush=True)
    results = {}
    for seed in seeds:  # seed by seed, so a machine that slows down later falls on every recipe alike
        for name, flags in recipes.items():
            run_dir = os.path.join(folder, f"{name}_seed{seed}")
            wall = train(flags, run_dir, train_path, seed)
            bpb, checkpoint = held_out_bits_per_byte(os.path.join(run_dir, "best.pth"), heldout_path)
            # best.pth is the checkpoint scored; on a small text it comes from before the end of the run
            steps, seconds = run_length(run_dir)
            row = {"bpb": bpb, "wall": wall, "steps": steps, "train": seconds, "best_step": checkpoint["step"]}
            if args.knowledge:
                row.update(knowledge(os.path.join(run_dir, "best.pth")))
            results.setdefault(name, []).append(row)
            print(f"  {name} seed {seed}: {bpb:.4f} bits/byte, {row['steps']} steps (best at step "
                  f"{row['best_step']}), training {seconds:.0f} s, whole command {wall:.0f} s"
                  + (f", knowledge {row['accuracy']:.1%}, real words {row['real_words']:.1%}, "
                     f"declines {row['declines']}" if args.knowledge else ""), flush=True)

    print("\n| recipe | held-out bits/byte (median, spread) | vs old | steps (best at) | training | whole command |"
          + (" knowledge | real words | declines |" if args.knowledge else ""))
    print("| --- | --- | --- | --- | --- | --- |" + (" --- | --- | --- |" if args.knowledge else ""))
    old = statistics.median(row["bpb"] for row in results["old"]) if "old" in results else None
    for name, rows in results.items():
        bpbs = [row["bpb"] for row in rows]
        median = statistics.median(bpbs)
        line = (f"| {name} | {median:.4f} ({min(bpbs):.4f}-{max(bpbs):.4f}) | "
                f"{f'{(median / old - 1):+.1%}' if old else '-'} | {statistics.median(r['steps'] for r in rows):.0f} "
                f"({statistics.median(r['best_step'] for r in rows):.0f}) | "
                f"{statistics.median(r['train'] for r in rows):.0f} s | "
                f"{statistics.median(r['wall'] for r in rows):.0f} s |")
        if args.knowledge:
            line += (f" {statistics.median(r['accuracy'] for r in rows):.1%} | "
                     f"{statistics.median(r['real_words'] for r in rows):.1%} | "
                     f"{statistics.median(r['declines'] for r in rows):.0f} |")
        print(line)
    print(f"\nruns kept in {folder}" if args.keep else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
