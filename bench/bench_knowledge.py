"""Does the trained model know its facts? A held-out knowledge benchmark for quantaTinyLLM.

    python bench/bench_knowledge.py                       # uses checkpoints/best.pth (trains first if missing)
    python bench/bench_knowledge.py --train               # always runs `python train_llm.py` (defaults) first
    python bench/bench_knowledge.py --checkpoint /tmp/run/best.pth
    python bench/bench_knowledge.py --train --checkpoint /tmp/run/best.pth --train-args "--max-iters 500"

bench/heldout_questions.jsonl holds questions about facts that are in the bundled corpus
(capitals, sums, times tables, days and months, opposites, animal sounds and young), asked in
phrasings that never occur in it; tools/make_corpus.py writes the file and keeps those phrasings
out of the corpus. For each question the model writes a greedy reply (temperature 0), and the
reply is correct when it contains the expected answer as a whole word (case-insensitive).

Open prompts: bench/open_prompts.txt holds twenty everyday questions that occur nowhere in the corpus
(tests/test_corpus.py checks). Each gets one reply sampled with the chat's defaults (inference.py's
TEMPERATURE, TOP_K, TOP_P, REPETITION_PENALTY; seeded), scored for fluency:
  * real words: the share of the replies' words that occur in the training text (a word the model
    made up from pieces, "bothyth", is not one);
  * runs: replies with a character three times in a row or a number of five digits or more
    ("aaa", "00000"), the usual signs of a model stuck on a token;
  * declines: replies that deflect instead of answering ("I'm not sure", "I don't know").

Also reported: the share of replies that ended with <EOT> within MAX_NEW_TOKENS, both for the
held-out questions and for a handful of open-ended prompts (how-to, stories, small talk), the
checkpoint's validation loss and bits per byte, and bits per byte on whole validation
conversations, also restricted to those whose replies never occur in training.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO_ROOT)

DEFAULT_CHECKPOINT = os.path.join("checkpoints", "best.pth")
DEFAULT_QUESTIONS = os.path.join(REPO_ROOT, "bench", "heldout_questions.jsonl")
OPEN_PROMPTS_FILE = os.path.join(REPO_ROOT, "bench", "open_prompts.txt")
WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")  # a word, lowercased: letters, with inner apostrophes (don't, it's)
RUN = re.compile(r"([A-Za-z])\1\1|\d{5}")  # a letter three times in a row, or five digits in a row
DECLINE = re.compile(r"\b(i don't know|i do not know|i'm not sure|i am not sure|not sure i|i can't|i cannot|"
                     r"no idea|i don't have|i do not have|i'm only a|i'm just a|i am only a|i am just a|"
                     r"ask someone|can't help|cannot help|i'm not able|i am not able)\b")

# Open-ended prompts for the end-of-turn check (not scored for correctness).
OPEN_PROMPTS = [
    "Hello! How are you today?",
    "Can you tell me a joke?",
    "How do I make a cup of tea?",
    "Why is the sky blue?",
    "Tell me a short story about a wombat.",
    "What is a token?",
    "How do I change the model size?",
    "What does the loss mean?",
    "What is the weather like in Darwin?",
    "Tell me about koalas.",
    "What season is it in Australia in July?",
    "I'm feeling a bit sad today.",
    "What is a noun?",
    "How do volcanoes work?",
    "Give me a fun fact.",
    "What should I cook for dinner?",
    "What is the Great Barrier Reef?",
    "How many legs does an insect have?",
    "Write a short poem about the sea.",
    "Thanks for your help!",
]


def contains_answer(reply_text, answer):
    """True when `answer` appears in the reply as a whole word or number, ignoring case."""
    pattern = r"(?<![A-Za-z0-9])" + re.escape(answer.lower()) + r"(?![A-Za-z0-9])"
    return re.search(pattern, reply_text.lower()) is not None


def load_open_prompts(path=OPEN_PROMPTS_FILE):
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


def known_words(path):
    """Every word of a text file, lowercased: what counts as a real word."""
    with open(path, encoding="utf-8") as handle:
        return set(WORD.findall(handle.read().lower()))


def score_open_replies(replies, words):
    """Fluency of sampled replies: real-word share, replies with runs, replies that decline."""
    reply_words = [word for text in replies for word in WORD.findall(text.lower())]
    real = sum(word in words for word in reply_words)
    return {"real_words": real / max(1, len(reply_words)), "words": len(reply_words),
            "unknown": sorted({word for word in reply_words if word not in words}),
            "runs": sum(bool(RUN.search(text)) for text in replies),
            "declines": sum(bool(DECLINE.search(text.lower().replace("\u2019", "'"))) for text in replies)}


def sample_open_replies(model, tokenizer, prompts, seed, **sampling):
    """One reply to each prompt, sampled with the chat's defaults unless `sampling` overrides them."""
    import torch
    from inference import reply
    replies = []
    for i, prompt in enumerate(prompts):
        generator = torch.Generator().manual_seed(seed + i)  # each prompt its own stream: replies do not shift
        text, _ = reply(model, tokenizer, [{"role": "user", "content": prompt}], generator=generator, **sampling)
        replies.append(text)
    return replies


def training_text_path(checkpoint):
    """The local text file a checkpoint was trained on, or None."""
    path = (checkpoint.get("train_config") or {}).get("local_data_path", "")
    if path and not os.path.isabs(path):
        path = os.path.join(REPO_ROOT, path)
    return path if os.path.isfile(path) else None


def load_questions(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run_training(checkpoint, extra_args):
    """Train with the default settings (only the checkpoint folder follows --checkpoint)."""
    command = [sys.executable, os.path.join(REPO_ROOT, "train_llm.py")]
    checkpoint_dir = os.path.dirname(checkpoint)
    if os.path.abspath(checkpoint_dir) != os.path.abspath("checkpoints"):
        command += ["--checkpoint-dir", checkpoint_dir]
    command += extra_args
    print("training:", " ".join(shlex.quote(part) for part in command), flush=True)
    start = time.perf_counter()
    result = subprocess.run(command)
    minutes = (time.perf_counter() - start) / 60
    if result.returncode != 0:
        raise SystemExit("training failed (exit code %d)" % result.returncode)
    print("training took %.1f minutes" % minutes, flush=True)
    return minutes


def validation_detail(model, tokenizer, checkpoint):
    """Bits per byte on the validation conversations, scored one whole conversation at a time.

    Uses the training run's own split rule (data.is_validation on the de-duplicated
    conversations of the run's data file). "novel" keeps only validation conversations none of
    whose replies occurs word for word in a training conversation, so copies of stock answers
    (the fact strand answers in a fixed style) cannot flatter the figure.
    Returns None when the run's data is not a local chat-format .txt file.
    """
    import math

    import torch
    from tokenizer import parse_chat_line
    from data import document_text, is_validation

    cfg = checkpoint.get("train_config") or {}
    path = cfg.get("local_data_path", "")
    if cfg.get("data_source", "local") != "local" or not path.endswith(".txt"):
        return None
    if not os.path.isabs(path):
        path = os.path.join(REPO_ROOT, path)
    if not os.path.exists(path):
        return None
    seen, train, val = set(), [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            messages = parse_chat_line(line) if "<USR>" in line else None
            if not messages:
                continue
            text = document_text(messages)
            if text in seen:
                continue
            seen.add(text)
            (val if is_validation(messages, cfg.get("val_fraction", 0.05)) else train).append(messages)
    train_replies = {m["content"] for messages in train for m in messages if m["role"] == "assistant"}
    block = model.config["block_size"]
    totals = {"all": [0.0, 0, 0], "novel": [0.0, 0, 0]}
    for messages in val:
        ids = tokenizer.encode_chat(messages)[:block + 1]
        x = torch.tensor([ids[:-1]])
        y = torch.tensor([ids[1:]])
        _, loss = model(x, y)
        nats = loss.item() * (len(ids) - 1)
        nbytes = len(tokenizer.decode(ids[1:]).encode("utf-8"))
        novel = not any(m["content"] in train_replies for m in messages if m["role"] == "assistant")
        for key in ("all", "novel") if novel else ("all",):
            totals[key][0] += nats
            totals[key][1] += nbytes
            totals[key][2] += 1
    return {key: {"bpb": nats / math.log(2) / nbytes if nbytes else float("nan"), "conversations": count}
            for key, (nats, nbytes, count) in totals.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--checkpoint", default=DEFAULT_CHECKPOINT, help="checkpoint to test (best.pth)")
    parser.add_argument("--train", action="store_true", help="run python train_llm.py first")
    parser.add_argument("--train-args", default="", help="extra flags for train_llm.py, in one string")
    parser.add_argument("--questions", default=DEFAULT_QUESTIONS, help="held-out questions (JSON lines)")
    parser.add_argument("--max-new-tokens", type=int, default=None,
                        help="longest reply in tokens (default: inference.MAX_NEW_TOKENS)")
    parser.add_argument("--samples", type=int, default=3, help="sample exchanges to print")
    parser.add_argument("--json", default="", help="also write all replies and the scores here")
    parser.add_argument("--open-seed", type=int, default=1337, help="seed for the open prompts' sampled replies")
    parser.add_argument("--open-sampling", default="",
                        help='other sampling for the open prompts as well, e.g. "temperature=0.5 top_k=20"')
    args = parser.parse_args(argv)

    train_minutes = None
    if args.train or not os.path.exists(args.checkpoint):
        train_minutes = run_training(args.checkpoint, shlex.split(args.train_args))

    import torch
    import inference
    from inference import load_model, reply

    torch.set_grad_enabled(False)
    max_new_tokens = args.max_new_tokens or inference.MAX_NEW_TOKENS
    model, tokenizer, checkpoint = load_model(args.checkpoint, device="cpu")
    questions = load_questions(args.questions)

    results = []
    start = time.perf_counter()
    for item in questions:
        messages = [{"role": "user", "content": item["question"]}]
        text, ended = reply(model, tokenizer, messages, max_new_tokens=max_new_tokens, temperature=0.0,
                            repetition_penalty=1.0)  # plain greedy: the answer the model finds most likely
        results.append(dict(item, reply=text, ended=ended, correct=contains_answer(text, item["answer"])))
    open_results = []
    for prompt in OPEN_PROMPTS:
        text, ended = reply(model, tokenizer, [{"role": "user", "content": prompt}],
                            max_new_tokens=max_new_tokens, temperature=0.0, repetition_penalty=1.0)
        open_results.append({"question": prompt, "reply": text, "ended": ended})
    open_scores, prompts = [], load_open_prompts()
    words_path = training_text_path(checkpoint)
    for label, option_text in (("chat defaults", ""), ("--open-sampling", args.open_sampling)):
        if label != "chat defaults" and not option_text:
            continue
        sampling = {key: float(value) if "." in value else int(value)
                    for key, value in (item.split("=") for item in option_text.split())}
        replies = sample_open_replies(model, tokenizer, prompts, args.open_seed, max_new_tokens=max_new_tokens,
                                      **sampling)
        scores = score_open_replies(replies, known_words(words_path)) if words_path else None
        open_scores.append({"sampling": label + (f" ({option_text})" if option_text else ""), "scores": scores,
                            "replies": dict(zip(prompts, replies))})
    seconds = time.perf_counter() - start

    n = len(results)
    correct = sum(r["correct"] for r in results)
    ended = sum(r["ended"] for r in results)
    open_ended = sum(r["ended"] for r in open_results)
    print()
    print("checkpoint: %s (step %s)" % (args.checkpoint, checkpoint.get("step")))
    val_loss, val_bpb = checkpoint.get("val_loss"), checkpoint.get("val_bpb")
    if isinstance(val_loss, float) and isinstance(val_bpb, float):
        print("validation: loss %.4f nats/token, %.4f bits/byte" % (val_loss, val_bpb))
    try:
        detail = validation_detail(model, tokenizer, checkpoint)
    except (ImportError, KeyError, OSError, ValueError) as error:  # a changed trainer or data file
        print("(whole-conversation validation skipped: %s)" % error)
        detail = None
    if detail:
        print("validation, whole conversations: %.4f bits/byte over all %d; %.4f bits/byte over the %d whose "
              "replies never occur in training" % (detail["all"]["bpb"], detail["all"]["conversations"],
                                                  detail["novel"]["bpb"], detail["novel"]["conversations"]))
    if train_minutes is not None:
        print("training time: %.1f minutes" % train_minutes)
    print("held-out accuracy: %d/%d = %.1f%% (greedy, answer word must appear in the reply)"
          % (correct, n, 100.0 * correct / n))
    print("ended with <EOT> within %d tokens: held-out %d/%d = %.1f%%, open prompts %d/%d = %.1f%%"
          % (max_new_tokens, ended, n, 100.0 * ended / n, open_ended, len(open_results),
             100.0 * open_ended / len(open_results)))
    by_strand = {}
    for r in results:
        total, right = by_strand.get(r.get("strand", "all"), (0, 0))
        by_strand[r.get("strand", "all")] = (total + 1, right + r["correct"])
    print("by strand: " + ", ".join("%s %d/%d" % (name, right, total)
                                   for name, (total, right) in sorted(by_strand.items())))
    for entry in open_scores:
        scores = entry["scores"]
        if scores is None:
            print("open prompts (%s): no local training text to tell real words by" % entry["sampling"])
            continue
        print("open prompts, %d, one sampled reply each (%s): real words %.1f%% of %d, runs in %d, declines %d"
              % (len(prompts), entry["sampling"], 100 * scores["real_words"], scores["words"], scores["runs"],
                 scores["declines"]))
        if scores["unknown"]:
            print("  words not in the training text: " + " ".join(scores["unknown"][:30]))
    print("(%.1f s for %d replies)" % (seconds, n + len(open_results) + len(prompts) * len(open_scores)))

    if args.samples:
        print("\nopen prompts, sampled with the chat's defaults:")
        for prompt, text in list(open_scores[0]["replies"].items())[:args.samples]:
            print("  you> %s\n  bot> %s" % (prompt, text))
        print("\nsample exchanges:")
        picks = results[:: max(1, n // args.samples)][:args.samples] + open_results[:: 4][:args.samples]
        for r in picks:
            mark = "" if "correct" not in r else ("  [correct]" if r["correct"] else "  [wrong: %s]" % r["answer"])
            print("  you> %s\n  bot> %s%s%s" % (r["question"], r["reply"], "" if r["ended"] else " [no EOT]", mark))
    wrong = [r for r in results if not r["correct"]]
    if wrong:
        print("\nsome misses:")
        for r in wrong[:8]:
            print("  %s -> %s   (expected %s)" % (r["question"], r["reply"][:100], r["answer"]))

    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"checkpoint": args.checkpoint, "step": checkpoint.get("step"), "val_loss": val_loss,
                       "val_bpb": val_bpb, "val_detail": detail, "accuracy": correct / n, "eot_rate": ended / n,
                       "open_eot_rate": open_ended / len(open_results), "train_minutes": train_minutes,
                       "open_prompts": open_scores,
                       "results": results, "open_results": open_results}, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
