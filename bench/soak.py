"""
Soak test: many evaluation cycles with a resume between each, watching resident memory.

    python bench/soak.py                      # 10 cycles x 3 evaluations, a small model (about 3 minutes here)
    python bench/soak.py --cycles 30 --data quantaTinyLLM.txt

Each cycle builds a fresh Trainer that resumes from the previous cycle's latest.pth (in this same
process, so anything a run leaves behind would pile up), trains through three evaluations, then
measures the process's resident memory. Memory must be flat: after the first cycles have warmed the
allocator, growth from the third cycle to the last should stay under 5% (it prints PASS or FAIL).
"""

import argparse
import gc
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import train_llm  # noqa: E402  (after the path tweak, so the script runs from anywhere)

CYCLES = 10
EVALS_PER_CYCLE = 3
EVAL_INTERVAL = 10
GROWTH_LIMIT = 0.05  # allowed relative growth of resident memory from the third cycle to the last


def resident_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status (this soak test reads Linux's /proc)")


def write_corpus(path, conversations=2000):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(conversations):
            a, b = i % 21, (i * 7) % 21
            f.write(f"<USR> What is {a} plus {b}? <ASSIST> {a} plus {b} is {a + b}. <EOT> "
                    f"<USR> Thanks, number {i}. <ASSIST> No worries at all. <EOT>\n")
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=CYCLES)
    parser.add_argument("--data", default="", help="corpus to train on (default: a synthetic one)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="quanta_soak_")
    data = args.data or write_corpus(os.path.join(folder, "corpus.txt"))
    steps_per_cycle = EVALS_PER_CYCLE * EVAL_INTERVAL
    readings = []
    for cycle in range(args.cycles):
        flags = ["--local-data-path", data, "--checkpoint-dir", os.path.join(folder, "ckpt"),
                 "--max-iters", str((cycle + 1) * steps_per_cycle), "--eval-interval", str(EVAL_INTERVAL),
                 "--eval-iters", "4", "--warmup-iters", "5", "--vocab-size", "1024", "--block-size", "64",
                 "--n-layer", "2", "--n-head", "2", "--n-embd", "64", "--batch-size", "8",
                 "--resume", "true" if cycle else "false", "--convert-to-au-english", "false"]
        trainer = train_llm.prepare(train_llm.make_config(flags), log=lambda *a: None)
        trainer.train()
        step = trainer.step
        del trainer
        gc.collect()
        readings.append(resident_mb())
        print(f"cycle {cycle + 1:3d}: step {step:5d}, resident memory {readings[-1]:7.1f} MB", flush=True)
    baseline = readings[min(2, len(readings) - 1)]
    growth = (readings[-1] - baseline) / baseline
    verdict = "PASS" if growth <= GROWTH_LIMIT else "FAIL"
    print(f"growth from cycle {min(3, len(readings))} to cycle {len(readings)}: {growth * 100:+.1f}% "
          f"(limit {GROWTH_LIMIT * 100:.0f}%): {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
