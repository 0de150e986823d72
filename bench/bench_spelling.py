"""
How right is convert_text_to_au_english, class by class, and how fast is it next to the project's
tokenizer on the same text?

Usage (from the repository root):

    python bench/bench_spelling.py                        # accuracy, then speed on quantaTinyLLM.txt and
                                                          # on it repeated to >= 50 MB
    python bench/bench_spelling.py --accuracy-only        # accuracy only (a second)
    python bench/bench_spelling.py --corpus my.txt --big-mb 100 --repeats 7
    python bench/bench_spelling.py --check                # exit status 1 if a ratio is under the target

Accuracy: every example of spelling/cases.tsv (the table the tests check too) is converted, and the share
converted exactly right is printed per class (convert, keep, names, case, sentence), with the cases that
are not. It is a report, not a test: add a case to the table before fixing it, and it shows here as wrong.

A byte-level BPE tokenizer (tokenizer.CustomTokenizer, vocab 4096) is first trained on the corpus. Then,
for the corpus and for the corpus repeated to at least --big-mb MB, it times (median of --repeats runs):

  * tokenize:        tok.encode_batch over the text's lines, in batches of --batch-lines lines
  * convert (text):  convert_text_to_au_english on the whole text in one call
  * convert (lines): convert_text_to_au_english on each line, as train_llm.py reads a text file

and prints MB/s (MB of UTF-8 input per second) for each, and ratio = convert MB/s / tokenize MB/s.
The target is a ratio of at least 3.0, so spelling conversion never weighs on data preparation.
If the corpus file is missing, a generated chat-style sample (with American spellings) is used instead.
"""

import argparse
import os
import random
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from convert_spelling import convert_text_to_au_english, spelling_cases  # noqa: E402

TARGET_RATIO = 3.0


def sample_text(megabytes, seed=0):
    """Chat-format lines in the corpus style, with an American spelling in roughly one line in three."""
    rng = random.Random(seed)
    questions = ["What is your favorite color?", "How do I organize my week?", "Where is the theater?",
                 "Can you analyze this sentence for me?", "Why is the sky blue?", "What should I cook tonight?",
                 "How far is it to the city center?", "Tell me a story about a kangaroo.",
                 "What does a neighbor do when it rains?", "How many liters are in a bucket?"]
    answers = ["My favorite color is gray, like a winter sky over the harbor.",
               "Start by writing a list, then organize the tasks by what matters most.",
               "The theater is next to the center of town, near the big park.",
               "The sentence is short and clear, and its behavior is easy to analyze.",
               "Sunlight scatters off the air, and blue light scatters the most.",
               "Try a simple pasta with tomatoes, garlic and a little cheese.",
               "It is about ten kilometers, so the bus takes twenty minutes.",
               "A young kangaroo traveled across the red desert to find water and friends.",
               "A good neighbor checks that everyone is safe and warm.",
               "A normal bucket holds about ten liters of water."]
    lines, size = [], 0
    while size < megabytes * 1e6:
        turns = [f"<USR> {rng.choice(questions)} <ASSIST> {rng.choice(answers)} <EOT>"
                 for _ in range(rng.randint(1, 3))]
        line = " ".join(turns) + "\n"
        lines.append(line)
        size += len(line)
    return "".join(lines)


def accuracy(cases):
    """Print and return {class: (right, total)} for [(class, input, expected), ...]."""
    scores, wrong = {}, []
    for kind, text, expected in cases:
        got = convert_text_to_au_english(text)
        right, total = scores.get(kind, (0, 0))
        scores[kind] = (right + (got == expected), total + 1)
        if got != expected:
            wrong.append((kind, text, got, expected))
    print(f"{'class':<10} {'right':>6} {'cases':>6} {'accuracy':>9}")
    for kind, (right, total) in scores.items():
        print(f"{kind:<10} {right:6d} {total:6d} {100 * right / total:8.1f}%")
    right, total = (sum(column) for column in zip(*scores.values()))
    print(f"{'all':<10} {right:6d} {total:6d} {100 * right / total:8.1f}%")
    for kind, text, got, expected in wrong:
        print(f"  wrong ({kind}): {text!r}\n    gives    {got!r}\n    expected {expected!r}")
    return scores


def median_seconds(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(name, text, tok, repeats, batch_lines):
    lines = text.splitlines(keepends=True)
    megabytes = len(text.encode("utf-8")) / 1e6
    batches = [lines[i:i + batch_lines] for i in range(0, len(lines), batch_lines)]

    def tokenize():
        for batch in batches:
            tok.encode_batch(batch)

    tokenize_s = median_seconds(tokenize, repeats)
    text_s = median_seconds(lambda: convert_text_to_au_english(text), repeats)
    lines_s = median_seconds(lambda: [convert_text_to_au_english(line) for line in lines], repeats)
    changed = sum(convert_text_to_au_english(line) != line for line in lines)
    row = {"name": name, "MB": megabytes, "lines": len(lines), "changed": changed,
           "tokenize": megabytes / tokenize_s, "text": megabytes / text_s, "by_line": megabytes / lines_s}
    row["ratio_text"] = row["text"] / row["tokenize"]
    row["ratio_lines"] = row["by_line"] / row["tokenize"]
    print(f"{name:<28} {megabytes:8.2f} {len(lines):9d} {changed:8d} {row['tokenize']:10.2f} "
          f"{row['text']:10.2f} {row['ratio_text']:6.2f} {row['by_line']:10.2f} {row['ratio_lines']:6.2f}",
          flush=True)
    return row


def main(argv=None):
    parser = argparse.ArgumentParser(description="Spelling conversion speed vs tokenizer speed.")
    parser.add_argument("--corpus", default=os.path.join(ROOT, "quantaTinyLLM.txt"),
                        help="text file to measure (default: the bundled quantaTinyLLM.txt)")
    parser.add_argument("--big-mb", type=float, default=50.0, help="size of the repeated text, in MB (default 50)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per measurement; the median is used")
    parser.add_argument("--big-repeats", type=int, default=3, help="timed runs per measurement on the big text")
    parser.add_argument("--batch-lines", type=int, default=4096, help="lines per tok.encode_batch call")
    parser.add_argument("--vocab-size", type=int, default=4096, help="tokenizer vocabulary size")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if a ratio is below {TARGET_RATIO}")
    parser.add_argument("--accuracy-only", action="store_true", help="report accuracy and skip the timing")
    args = parser.parse_args(argv)

    print("accuracy on spelling/cases.tsv (exact match per case):")
    accuracy(spelling_cases())
    if args.accuracy_only:
        return
    print()
    from tokenizer import CustomTokenizer  # only the timing needs it (and its dependencies)

    if os.path.isfile(args.corpus):
        with open(args.corpus, encoding="utf-8") as f:
            text = f.read()
        name = os.path.basename(args.corpus)
    else:
        print(f"note: {args.corpus} not found; using a generated 1 MB sample text instead")
        text = sample_text(1.0)
        name = "generated sample"

    print(f"training the tokenizer (vocab {args.vocab_size}) on {name} ...", flush=True)
    start = time.perf_counter()
    tok = CustomTokenizer().train(iter(text.splitlines()), vocab_size=args.vocab_size, min_frequency=2)
    print(f"trained {tok.vocab_size} tokens in {time.perf_counter() - start:.1f}s; "
          f"{os.cpu_count()} CPU cores (the tokenizer uses them all, conversion uses one)")

    copies = max(1, int(-(-args.big_mb * 1e6 // len(text.encode("utf-8")))))  # ceiling division
    print(f"\n{'text':<28} {'MB':>8} {'lines':>9} {'changed':>8} {'tokenize':>10} "
          f"{'convert':>10} {'ratio':>6} {'by line':>10} {'ratio':>6}")
    print(f"{'':<28} {'':>8} {'':>9} {'lines':>8} {'MB/s':>10} {'MB/s':>10} {'':>6} {'MB/s':>10} {'':>6}")
    rows = [measure(name, text, tok, args.repeats, args.batch_lines)]
    big = text * copies
    rows.append(measure(f"{name} x{copies}", big, tok, args.big_repeats, args.batch_lines))

    worst = min(min(row["ratio_text"], row["ratio_lines"]) for row in rows)
    verdict = "met" if worst >= TARGET_RATIO else "NOT met"
    print(f"\nlowest ratio {worst:.2f}: target (conversion >= {TARGET_RATIO:.1f}x tokenization) {verdict}")
    if args.check and worst < TARGET_RATIO:
        sys.exit(1)


if __name__ == "__main__":
    main()
