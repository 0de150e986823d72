"""Build the bundled training corpus, quantaTinyLLM.txt, from the files in corpus/.

    python tools/make_corpus.py                  # writes quantaTinyLLM.txt in the repo root
    python tools/make_corpus.py --out /tmp/c.txt # writes the corpus somewhere else
    python tools/make_corpus.py --heldout bench/heldout_questions.jsonl
                                                 # also writes the held-out question set
    python tools/make_corpus.py --stats          # conversations and bytes per strand

The words live in corpus/ (see corpus/README.md): everyday topics, each a few simple sentences; a few
hand-written conversations (small talk, this project); fact tables as CSV; and the phrasings
(templates) the facts and topics are asked and answered in. This script only decides how they are
mixed. Why the corpus has the shape it has:

* A tiny model learns a fact from repetition, but it memorises a sentence it sees too often. So every
  fact is asked in many different phrasings (PER_FACT of them), and some conversations chain two or
  three facts (CHAINS), so that the model learns the fact and not one string of words.
* Replies restate the question before the answer ("7 times 8 is 56", "The capital of France is
  Paris"): the answer then comes last, after the words that point to it, which is the order a small
  model predicting left to right learns best.
* Near-identical questions with different answers are balanced: "the capital of Australia" (the sample
  question printed at every evaluation) is asked clearly more often than "the capital of Western
  Australia" or "of Austria", and both-ways opposites are asked from each side often enough.
* Everyday talk (corpus/topics/) is made the TinyStories way: a small vocabulary of simple words and a
  few recurring reply shapes, recombined from short sentences about many everyday topics. A ~1M-parameter
  model trained for minutes can learn to speak that fluently; it cannot learn open-ended prose.
* Balance: facts are easy to mass-produce, conversation is not. The knobs below keep the fact strand
  from drowning the small talk, stories and how-to answers that make the model pleasant to chat with,
  and a few greetings and thank-yous are wrapped around fact questions so the two kinds of text mix.
* The held-out questions (bench/heldout_questions.jsonl) are asked in phrasings (the *_heldout
  templates) that never occur in the corpus, so the benchmark asks about facts the model has seen,
  in words it has never seen.
* What the corpus says about this project (vocabulary size, context length, file names, commands) is
  filled in from the UPPER_CASE defaults of train_llm.py and inference.py ({VOCAB_SIZE} and friends in
  the conversation files), so it cannot go stale when a default changes.

A fixed seed makes the output reproducible byte for byte: the same files always give the same corpus.
Every conversation is rendered by tokenizer.chat_text, the one definition of the chat format.
"""

import argparse
import ast
import csv
import functools
import json
import random
import re
import sys
from collections import Counter, namedtuple
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from tokenizer import SPECIAL_TOKENS, chat_text, parse_chat_line  # noqa: E402

SEED = 20240611
CORPUS_DIR = REPO_ROOT / "corpus"
DEFAULT_OUT = REPO_ROOT / "quantaTinyLLM.txt"
TRAIN_SCRIPT, CHAT_SCRIPT = "train_llm.py", "inference.py"  # their defaults fill the {PLACEHOLDERS}
MAX_CONVERSATION_CHARS = 800  # a longer conversation keeps only its first turn
# How many phrasings of each fact the corpus asks (one conversation each). More phrasings teach the
# fact more firmly but crowd out the conversation. "word" is for each row of the small word tables.
PER_FACT = {"add": 10, "sub": 10, "times": 12, "capital": 7, "capital_reverse": 1, "au_capital": 7, "au_reverse": 3,
            "australia_capital": 60, "opposite": 6, "opposite_reverse": 5, "next_day": 11, "prev_day": 11,
            "next_month": 15, "prev_month": 15,
            "nth_month": 10, "month_number": 3, "sound": 8, "young": 8, "word": 2, "general": 10, "general_reverse": 2}
# How many conversations ask two or three facts in a row ("And Italy?"): they teach the model to
# follow up, and that a fact is the same fact in the middle of a chat.
CHAINS = {"arithmetic": 300, "capitals": 160, "days_months": 160, "au_states": 30, "opposites": 50,
          "animal_sounds": 30, "animal_young": 30, "mixed": 120}
# Your own facts (corpus/facts/general.csv) are drilled this many times over: a dozen lines among twenty
# thousand conversations are too rare for a short fine-tune (--init-from) to fix the fact in place.
OWN_FACT_ROUNDS = 4
GREETINGS = 160  # "Hi, how are you?" in its many forms: the first thing most people type
STORIES_PER_HERO = 5
# Everyday talk (corpus/topics/): each topic is talked about TOPIC_ROUNDS times in every way below, with
# its lines drawn in new combinations each time; this knob sets the strand's size. ASKS: how many
# conversations of each kind one round makes for a topic ([talk_asks] in corpus/templates/talk.txt says
# which kinds fit which kind of topic), and how many times a round asks each of its 'why' and 'how' lines.
# One round: more rounds made the talk a little more fluent but drowned the facts, which a five-minute
# run then learned far less well (bench/RESULTS.md, section 9).
TOPIC_ROUNDS = 1
ASKS = {"about": 3, "like": 2, "advice": 2, "favourite": 1, "compare": 1, "story": 1, "why": 2, "how": 3}
FOLLOW_UPS = 0.35  # the share of topic conversations that go on about the same topic ("Tell me more.")
# The hand-written topics in corpus/conversations/, in the order they draw random numbers (changing
# the order changes the corpus). A new file there is added too; au_states.txt belongs to the Australian
# capitals strand. Everyday subjects are in corpus/topics/ instead, in simpler words.
TALK_TOPICS = ["llm_project", "small_talk", "maths_talk", "llm_project_more"]


# ---- reading corpus/ -----------------------------------------------------------------------------

def read_table(name):
    """corpus/facts/<name>.csv -> list of rows, each a namedtuple named by the header."""
    path = CORPUS_DIR / "facts" / (name + ".csv")
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        row_type = namedtuple(name, next(reader))
        rows = []
        for row in filter(any, reader):  # blank lines are skipped
            if len(row) != len(row_type._fields):
                raise ValueError("%s:%d: %d values, but the header names %d (a comma inside a value needs \"quotes\")"
                                 % (path.relative_to(REPO_ROOT), reader.line_num, len(row), len(row_type._fields)))
            rows.append(row_type(*[cell.strip() for cell in row]))
        return rows


def read_templates():
    """Every [section] of corpus/templates/*.txt -> {section: list of entries}.

    An entry is a line of text, or (line, [replies]) when indented '-> ' lines follow it.
    """
    sections = {}
    for path in sorted((CORPUS_DIR / "templates").glob("*.txt")):
        entries = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = "%s:%d" % (path.relative_to(REPO_ROOT), number)
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            if text.startswith("[") and text.endswith("]"):
                if text[1:-1] in sections:
                    raise ValueError("%s: section %s appears twice" % (where, text))
                entries = sections[text[1:-1]] = []
            elif entries is None:
                raise ValueError("%s: text before the first [section]" % where)
            elif text.startswith("->"):
                if not entries:
                    raise ValueError("%s: a '->' reply with no line above it" % where)
                if isinstance(entries[-1], str):
                    entries[-1] = (entries[-1], [])
                entries[-1][1].append(text[2:].strip())
            else:
                entries.append("" if text == "(empty)" else text)
    return sections


def read_conversations(topic, facts):
    """corpus/conversations/<topic>.txt -> list of blocks, each a list of (questions, answers).

    Blocks are separated by blank lines. 'Q:' is a user turn (alternative phrasings separated by
    ' | '), and the 'A:' lines under it are alternative replies. {PLACEHOLDERS} are filled from facts.
    """
    path = CORPUS_DIR / "conversations" / (topic + ".txt")
    blocks, turns = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines() + [""], 1):
        where = "%s:%d" % (path.relative_to(REPO_ROOT), number)
        line = line.strip()
        if line.startswith("#"):
            continue
        line = fill(line, facts, where)
        if line.startswith("Q: "):
            turns.append(([q.strip() for q in line[3:].split(" | ")], []))
        elif line.startswith("A: ") and turns:
            turns[-1][1].append(line[3:].strip())
        elif line:
            raise ValueError("%s: a line must start with 'Q: ', 'A: ' (after a Q) or '#': %r" % (where, line))
        elif turns:  # a blank line ends the block
            if not all(answers for _questions, answers in turns):
                raise ValueError("%s: the block above has a question with no 'A: ' reply" % where)
            blocks.append(turns)
            turns = []
    return blocks


TOPIC_KEYS = ("topic", "kind", "fact", "reason", "tip", "why", "how")


def read_topics():
    """corpus/topics/*.txt -> a list of topics, each a dict: 'topic' and 'kind' (text), 'fact', 'reason'
    and 'tip' (lists of lines), 'why' (a list of ([questions], answer)) and 'how' (a list of (task, [steps]))."""
    topics = []
    for path in sorted((CORPUS_DIR / "topics").glob("*.txt")):
        topic = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines() + [""], 1):
            where = "%s:%d" % (path, number)
            line = line.strip()
            key, _, value = line.partition(": ")
            if line.startswith("#"):
                continue
            if not line:  # a blank line ends the topic
                if topic:
                    if not topic["kind"] or len(topic["fact"]) < 2:
                        raise ValueError("%s: the topic above needs a 'kind:' and two 'fact:' lines" % where)
                    topics.append(topic)
                topic = None
            elif key == "topic" and topic is None:
                topic = {"topic": value, "kind": "", **{k: [] for k in TOPIC_KEYS[2:]}}
            elif topic is None or key not in TOPIC_KEYS[1:] or "{" in value or "}" in value:
                raise ValueError("%s: expected 'topic: ' after a blank line, then %s, without braces: %r"
                                 % (where, ", ".join(k + ": " for k in TOPIC_KEYS[1:]), line))
            elif key == "kind":
                topic["kind"] = value
            elif key in ("why", "how"):
                left, arrow, right = value.partition(" -> ")
                if not arrow:
                    raise ValueError("%s: a '%s:' line needs ' -> ': %r" % (where, key, line))
                topic[key].append((left.split(" | "), right) if key == "why" else (left, right.split(" | ")))
            else:
                topic[key].append(value)
    return topics


# ---- what the corpus says about the project, from the real defaults --------------------------------

PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)(?::([^{}]*))?\}")


def read_defaults(path):
    """The top-level `NAME = literal` assignments of a script, read without running (or importing) it."""
    defaults = {}
    for node in ast.parse(Path(path).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.isupper():
                try:
                    defaults[name] = ast.literal_eval(node.value)
                except ValueError:
                    pass  # computed, so not a default a learner sets
    return defaults


def project_defaults():
    """inference.py's defaults, then train_llm.py's: a name in both (SEED, DEVICE) means the training one."""
    defaults = read_defaults(REPO_ROOT / CHAT_SCRIPT)
    defaults.update(read_defaults(REPO_ROOT / TRAIN_SCRIPT))
    return defaults


def parameter_count(d):
    """Weights of model.TinyTransformerLM with these defaults (the LM head shares the token embedding's
    matrix); tests/test_corpus.py checks it against the model itself."""
    width, layers = d["N_EMBD"], d["N_LAYER"]
    per_layer = 12 * width * width + 13 * width  # attention (4 matrices) + MLP (2, 4x wide) + biases, 2 LayerNorms
    return layers * per_layer + (d["VOCAB_SIZE"] + d["BLOCK_SIZE"] + 2) * width


def roughly(n):
    """Two significant figures, in words a reply can use: 1071872 -> '1.1 million', 10801 -> '11,000'."""
    if n >= 1_000_000:
        return "%s million" % format(n / 1_000_000, ".2g")
    return format(round(n, 2 - len(str(n))), ",")


def project_facts(defaults):
    """The values a {PLACEHOLDER} may name: every default, plus a few worked out from them."""
    facts = dict(defaults, TRAIN_SCRIPT=TRAIN_SCRIPT, CHAT_SCRIPT=CHAT_SCRIPT)
    facts["PARAMETERS"] = parameter_count(defaults)
    facts["PARAMETERS_ROUGHLY"] = roughly(facts["PARAMETERS"])
    # examples in replies that must stay bigger than the default, whatever it is
    facts["TWICE_TIME_BUDGET_MINUTES"] = format(2 * defaults["TIME_BUDGET_MINUTES"], "g")  # 5.0 -> '10'
    facts["DEEPER_N_LAYER"] = defaults["N_LAYER"] + 2
    return facts


def fill(text, facts, where):
    """Replace each {NAME} or {NAME:format} (Python's format spec: {VOCAB_SIZE:,} -> 2,048)."""
    def value(match):
        name, spec = match.group(1), match.group(2) or ""
        if name not in facts:
            raise ValueError("%s: unknown placeholder {%s}; known: %s" % (where, name, ", ".join(sorted(facts))))
        return format(facts[name], spec)
    text = PLACEHOLDER.sub(value, text)
    if "{" in text or "}" in text:
        raise ValueError("%s: a brace that is not a {PLACEHOLDER}: %r" % (where, text))
    return text


# ---- the material --------------------------------------------------------------------------------

T = read_templates()
COUNTRIES = read_table("countries")
AU_STATES = read_table("au_states")
DAYS = [row.day for row in read_table("days")]
MONTH_ROWS = read_table("months")
MONTHS = [row.month for row in MONTH_ROWS]
OPPOSITES = read_table("opposites")
ANIMAL_SOUNDS = read_table("animal_sounds")
ANIMAL_YOUNG = read_table("animal_young")
GENERAL = read_table("general")  # your own facts: see corpus/README.md
TOPICS = read_topics()
STORY_CHILDREN = read_table("story_children")
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth"]
IRREGULAR_PLURALS = {"mouse": "mice", "sheep": "sheep", "deer": "deer", "fish": "fish", "goose": "geese",
                     "wolf": "wolves", "calf": "calves", "ox": "oxen", "person": "people", "child": "children",
                     "dingo": "dingoes"}


def cap(text):
    """Capitalise the first letter only (keeps 'the Netherlands' -> 'The Netherlands')."""
    return text[:1].upper() + text[1:]


def a_or_an(word):
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def plural(word):
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def possessive(name):
    return name + ("'" if name.endswith("s") else "'s")


def and_list(words):
    """['a', 'b', 'c'] -> 'a, b and c'."""
    return ", ".join(words[:-1]) + " and " + words[-1]


def word_forms(**values):
    """The slots a template can fill from these values (usually a table row's columns): {x} as it is,
    {a_x} with 'a' or 'an', {xs} in the plural and {x's} possessive, and each of them with a capital
    first letter: {X}, {A_x}, {Xs}, {X's}. A template simply ignores the slots it does not use."""
    filled = {}
    for name, value in values.items():
        for slot, text in ((name, value), ("a_" + name, a_or_an(value)), (name + "s", plural(value)),
                           (name + "'s", possessive(value))):
            filled[slot], filled[cap(slot)] = text, cap(text)
    return filled


def row_slots(row):
    return word_forms(**row._asdict())


def pairs(section):
    """A section of 'question -> reply' entries as (question, reply) pairs."""
    return [(question, replies[0]) for question, replies in T[section]]


def alternatives(entry):
    """A 'a | b | c -> replies' entry as ([a, b, c], replies)."""
    return entry[0].split(" | "), entry[1]


# ---- turning material into conversations -----------------------------------------------------------
# A conversation is a list of (user, assistant) turns. Every function draws from the random generator
# it is given, in a fixed order: that is what makes the corpus reproducible, and why reordering these
# calls (or the lines of a file) changes the corpus. A fact reaches the templates as a dict of slots:
# "{country}" in a phrasing is filled from slots["country"].

def hand_written(rng, blocks):
    """Each phrasing of a block's first question becomes one conversation; most keep the later turns."""
    conversations = []
    for turns in blocks:
        first_questions, first_answers = turns[0]
        offset = rng.randrange(len(first_answers))
        for i, question in enumerate(first_questions):
            conv = [(question, first_answers[(i + offset) % len(first_answers)])]
            if len(turns) > 1 and (i == 0 or rng.random() < 0.65):
                for questions, answers in turns[1:]:
                    conv.append((rng.choice(questions), rng.choice(answers)))
            conversations.append(conv)
    return conversations


def decorate(rng, template):
    """Vary a question a little: a friendly opener, a thank you, or casual lower case."""
    r = rng.random()
    if r < 0.05:
        return template.lower().rstrip("?.! =")
    if r < 0.25:
        prefix = rng.choice(T["question_prefixes"])
        if prefix.endswith((",", ":")) and not template.startswith(("{", "I ", "I'")):
            template = template[:1].lower() + template[1:]
        return prefix + " " + template
    if r < 0.32 and template.endswith(("?", ".")):
        return template + " " + rng.choice(T["question_suffixes"])
    return template


def ask(rng, templates, answers, slots, n):
    """n turns asking one fact, each in a different phrasing; a phrasing may bring its own replies."""
    picks = []
    while len(picks) < n:  # more turns than phrasings: each phrasing once, then again
        picks += rng.sample(templates, min(n - len(picks), len(templates)))
    turns = []
    for template in picks:
        replies = answers
        if isinstance(template, tuple):
            template, replies = template
        turns.append((decorate(rng, template).format(**slots), rng.choice(replies).format(**slots)))
    return turns


def drill(rng, kind, slots, n=None, questions=None, answers=None):
    """The way every fact is taught: asked in n different phrasings, a conversation each. Unless told
    otherwise, n is PER_FACT[kind], the phrasings are [kind_q] and the replies [kind_a]."""
    n = PER_FACT[kind] if n is None else n
    questions = T[kind + "_q"] if questions is None else questions
    answers = T[kind + "_a"] if answers is None else answers
    return [[turn] for turn in ask(rng, questions, answers, slots, n)]


def plain(rng, kind, slots, n=1):
    """Questions asked as written: n phrasings from [kind_q] at random (n=None: all of them, in order),
    a conversation each, with a random reply from [kind_a] (a section with a single reply uses it as is)."""
    questions = T[kind + "_q"] if n is None else rng.sample(T[kind + "_q"], n)
    answers = T[kind + "_a"]
    convs = []
    for question in questions:
        answer = answers[0] if len(answers) == 1 else rng.choice(answers)
        convs.append([(question.format(**slots), answer.format(**slots))])
    return convs


def chain(rng, facts, size, questions, answers, follow_questions, follow_answers):
    """One conversation about `size` of the facts (slot dicts): the first asked in full, the others as
    follow-ups ("And Italy?")."""
    picks = rng.sample(facts, size)
    conv = ask(rng, questions, answers, picks[0], 1)
    for slots in picks[1:]:
        conv.append((rng.choice(follow_questions).format(**slots), rng.choice(follow_answers).format(**slots)))
    return conv


# ---- the strands: one function each, in the order they draw random numbers ---------------------------

def gen_capitals(rng):
    convs = []
    countries = [row_slots(row) for row in COUNTRIES]
    for country in countries:
        convs += drill(rng, "capital", country) + drill(rng, "capital_reverse", country)
    return convs + [chain(rng, countries, rng.choice([2, 2, 3]), T["capital_q"], T["capital_a"],
                          T["follow_country_q"], T["capital_a"][:3]) for _ in range(CHAINS["capitals"])]


def gen_au_states(rng, facts):
    convs = []
    states = [row_slots(row) for row in AU_STATES]
    for state in states:
        convs += drill(rng, "au_capital", state) + drill(rng, "au_reverse", state)
    convs += drill(rng, "australia_capital", {})
    convs += [chain(rng, states, rng.choice([2, 3]), T["au_capital_q"], T["au_capital_a"], T["follow_state_q"],
                    T["au_capital_a"][:2]) for _ in range(CHAINS["au_states"])]
    return convs + hand_written(rng, read_conversations("au_states", facts))


def sum_slots(a, b):
    """{a} and {b} with their sum {s}, difference {d} and product {p}: a phrasing uses the one it asks for."""
    return {"a": a, "b": b, "s": a + b, "d": a - b, "p": a * b}


def gen_arithmetic(rng):
    convs = []
    for kind, numbers in (("add", [(a, b) for a in range(21) for b in range(21 - a)]),  # sums up to 20
                          ("sub", [(a, b) for a in range(21) for b in range(a + 1)]),  # from numbers up to 20
                          ("times", [(a, b) for a in range(1, 11) for b in range(1, 11)])):  # tables to 10
        for a, b in numbers:
            slots = dict(sum_slots(a, b), things=rng.choice(T["things"]))
            # word problems (the phrasings with replies of their own) about adding or taking away nothing
            # read oddly, so b = 0 gets only the plain phrasings
            questions = T[kind + "_q"] if b > 0 else [t for t in T[kind + "_q"] if isinstance(t, str)]
            convs += drill(rng, kind, slots, questions=questions)
    for b in range(1, 11):
        table = ", ".join("%d x %d = %d" % (a, b, a * b) for a in range(1, 11))
        convs += plain(rng, "times_table", {"b": b, "table": table}, n=None)
    for _ in range(CHAINS["arithmetic"]):  # a chain keeps to one operation
        kind = rng.choice(["add", "sub", "times"])
        conv = []
        for _ in range(rng.choice([2, 3])):
            if kind == "add":
                a = rng.randrange(0, 21)
                b = rng.randrange(0, 21 - a)
            elif kind == "sub":
                a = rng.randrange(0, 21)
                b = rng.randrange(0, a + 1)
            else:
                a, b = rng.randrange(1, 11), rng.randrange(1, 11)
            questions = T[kind + "_chain_q"]  # the first opens a chain, the others follow on
            question = questions[0] if not conv else rng.choice(questions[1:])
            answer = rng.choice(T[kind + "_a"][:3])
            conv.append((question.format(**sum_slots(a, b)), answer.format(**sum_slots(a, b))))
        convs.append(conv)
    return convs


def gen_numbers(rng):
    convs = []
    for n in range(1, 41):
        convs += plain(rng, "odd_even", {"n": n, "p": "even" if n % 2 == 0 else "odd"})
    for n in rng.sample(range(1, 100), 70):
        kind, m = ("after", n + 1) if rng.random() < 0.5 else ("before", n - 1)
        convs += plain(rng, kind, {"n": n, "m": m})
    for n in range(2, 21, 2):
        convs += plain(rng, "half", {"n": n, "h": n // 2}, n=2)
    for n in range(1, 11):
        convs += plain(rng, "double", {"n": n, "d": 2 * n})
    for _ in range(30):
        a, b = rng.sample(range(1, 101), 2)
        convs += plain(rng, "bigger", {"a": a, "b": b, "big": max(a, b), "small": min(a, b)})
    return convs


def gen_days_months(rng):
    convs = []
    days = [{"d": day, "n": DAYS[(i + 1) % len(DAYS)], "p": DAYS[i - 1]} for i, day in enumerate(DAYS)]
    months = [{"m": row.month, "n": MONTHS[(i + 1) % len(MONTHS)], "p": MONTHS[i - 1], "o": ORDINALS[i], "i": i + 1,
               "d": row.days, "s": row.au_season} for i, row in enumerate(MONTH_ROWS)]
    for day in days:
        convs += drill(rng, "next_day", day) + drill(rng, "prev_day", day)
    for month in months:
        convs += drill(rng, "next_month", month) + drill(rng, "prev_month", month)
        convs += drill(rng, "nth_month", month) + drill(rng, "month_number", month)
        convs += plain(rng, "month_length", month) + plain(rng, "season", month, n=2)
    calendar = {"w": and_list(DAYS), "y": and_list(MONTHS)}
    convs += plain(rng, "week", calendar, n=None) + plain(rng, "year", calendar, n=None)
    convs += [[(question, answer.format(**calendar))] for question, answer in pairs("calendar_facts")]
    for _ in range(CHAINS["days_months"]):  # the first reply of next_day_a / next_month_a is the plain one
        day, other_day = rng.choice(days), rng.choice(days)
        conv = [(rng.choice(T["day_chain_q"]).format(**day), T["next_day_a"][0].format(**day))]
        if rng.random() < 0.5:
            conv.append((T["day_chain_follow_q"][0].format(**other_day), T["next_day_a"][0].format(**other_day)))
        else:
            month = rng.choice(months)
            conv.append((T["month_chain_follow_q"][0].format(**month), T["next_month_a"][0].format(**month)))
        convs.append(conv)
    return convs


def gen_opposites(rng):
    convs = []
    for row in OPPOSITES:
        convs += drill(rng, "opposite", row_slots(row))
        if row.both_ways == "yes":  # only pairs that are clear in both directions ("light" is not)
            swapped = word_forms(word=row.opposite, opposite=row.word)
            convs += drill(rng, "opposite", swapped, PER_FACT["opposite_reverse"])
    pairs_of_words = [row_slots(row) for row in OPPOSITES]
    return convs + [chain(rng, pairs_of_words, rng.choice([2, 3]), T["opposite_q"], T["opposite_a"][:2],
                          T["follow_opposite_q"], T["opposite_a"][:2]) for _ in range(CHAINS["opposites"])]


def sound_answers(animal):
    # a kookaburra does not "say laugh": those animals only get the last reply, the sentence in the table
    return T["sound_a"] if animal["says"] == "yes" else T["sound_a"][-1:]


def gen_animal_sounds(rng):
    convs = []
    animals_per_sound = Counter(row.sound for row in ANIMAL_SOUNDS)
    animals = [row_slots(row) for row in ANIMAL_SOUNDS]
    for animal in animals:
        convs += drill(rng, "sound", animal, answers=sound_answers(animal))
        if animals_per_sound[animal["sound"]] == 1 and animal["says"] == "yes":
            convs += plain(rng, "which_animal", animal)  # "Which animal says woof?" has this one answer
    for _ in range(CHAINS["animal_sounds"]):
        first, second = rng.sample(animals, 2)
        conv = ask(rng, T["sound_q"], sound_answers(first), first, 1)
        conv.append((rng.choice(T["follow_sound_q"]).format(**second),
                     rng.choice(sound_answers(second)).format(**second)))
        convs.append(conv)
    return convs


def gen_animal_young(rng):
    convs = []
    animals_per_young = Counter(row.young for row in ANIMAL_YOUNG)
    animals = [row_slots(row) for row in ANIMAL_YOUNG]
    for animal in animals:
        convs += drill(rng, "young", animal)
        if animals_per_young[animal["young"]] == 1:  # not for joeys: "What is a joey?" has several answers
            convs += plain(rng, "what_is_young", animal)
    for young in sorted(y for y, count in animals_per_young.items() if count > 1):  # joeys, cubs, calves ...
        parents = [plural(row.animal) for row in ANIMAL_YOUNG if row.young == young]
        convs += plain(rng, "shared_young", word_forms(young=young, parents=and_list(parents)), n=None)
    return convs + [chain(rng, animals, 2, T["young_q"], T["young_a"][:2], T["follow_young_q"], T["young_a"][:2])
                    for _ in range(CHAINS["animal_young"])]


def gen_word_tables(rng):
    convs = []
    for table, kind in (("plurals", "plural"), ("past_tense", "past"), ("synonyms", "synonym"), ("shapes", "shape"),
                        ("colour_mixes", "colour")):
        for row in read_table(table):
            convs += drill(rng, kind, row_slots(row), PER_FACT["word"])
    return convs


def gen_general(rng):
    """Your own facts from corpus/facts/general.csv, asked like every other fact."""
    convs = []
    for _ in range(OWN_FACT_ROUNDS):
        for row in GENERAL:
            convs += drill(rng, "general", row_slots(row)) + drill(rng, "general_reverse", row_slots(row))
    return convs


def gen_greetings(rng):
    convs = []
    for _ in range(GREETINGS):
        opener, question = rng.choice(T["greeting_openers"]), rng.choice(T["how_are_you"])
        if not opener or opener.endswith(("!", ".")):
            question = cap(question)
        conv = [((opener + " " + question).strip(), rng.choice(T["how_are_you_replies"]))]
        if rng.random() < 0.4:
            questions, answers = alternatives(rng.choice(T["how_are_you_followups"]))
            conv.append((rng.choice(questions), rng.choice(answers)))
        convs.append(conv)
    return convs


def gen_stories(rng):
    convs = []
    stories = T["stories"]  # (title, [story])
    places = read_table("story_places")
    for index, hero in enumerate(read_table("story_heroes")):
        he, his, him = ("he", "his", "him") if hero.pronoun == "he" else ("she", "her", "her")
        for k in range(STORIES_PER_HERO):
            title, (story,) = stories[(index * STORIES_PER_HERO + k * 2) % len(stories)]
            friend = rng.choice(T["story_friends"])
            place = rng.choice(places)
            slots = word_forms(**hero._asdict(), **place._asdict(), friend=friend, he=he, his=his, him=him,
                               the_friend="the " + friend.split(" ", 1)[1])  # a wise old owl, then the wise old owl
            slots["title"] = title.format(**slots)
            conv = [(rng.choice(T["story_requests"]).format(**slots), story.format(**slots))]
            if rng.random() < 0.35:
                questions, answers = alternatives(rng.choice(T["story_followups"]))
                conv.append((rng.choice(questions).format(**slots), rng.choice(answers).format(**slots)))
            convs.append(conv)
    return convs


def lower_first(text):
    """'Boil the water.' -> 'boil the water.', for a sentence that goes after 'First,' ('I' stays)."""
    return text if text.startswith(("I ", "I'")) else text[:1].lower() + text[1:]


def sections(name, kind):
    """The [name_kind] section if there is one (the phrasings for this kind of topic), else [name]."""
    return T.get("%s_%s" % (name, kind)) or T.get(name)


def topic_slots(rng, topic, said=""):
    """The slots of one reply about a topic: {topic}, and its lines drawn at random, none twice and none
    already said: {fact} {fact2} {fact3}, {tip} {tip2} {tip3}, {reason} {reason2} {reason3}, each also with
    a capital first letter ({Reason}). The pools are the topic's own lines plus one of the [talk_fact_KIND]
    ... lines that fit every topic of its kind (they teach the model to talk about any topic) or more, to
    make at least three."""
    slots = dict(topic["slots"])
    for key in ("fact", "reason", "tip"):
        general = topic["kind_" + key]  # one of them, or as many as make three lines in all
        pool = topic[key] + rng.sample(general, min(len(general), max(1, 3 - len(topic[key]))))
        fresh = [line for line in pool if line not in said]
        pool = fresh if len(fresh) >= 3 else pool
        for i, line in enumerate(rng.sample(pool, min(3, len(pool)))):
            name = key + ("" if i == 0 else str(i + 1))
            slots[name], slots[cap(name)] = line, cap(line)
    return slots


def steps_text(rng, steps):
    """['Boil water.', 'Pour it.', 'Wait.'] -> 'First, boil water. Then pour it. Last, wait.'"""
    if len(steps) == 1:
        return steps[0]
    words = [rng.choice(T["talk_step_first"])] + [rng.choice(T["talk_step_next"]) for _ in steps[1:-1]]
    words.append(rng.choice(T["talk_step_last"]))
    return " ".join(word + " " + lower_first(step) for word, step in zip(words, steps))


def topic_story(rng, slots, kind):
    """A short story about the topic, one sentence from each [story_BEAT] section (or [story_BEAT_KIND])."""
    child = rng.choice(STORY_CHILDREN)
    he, his, him = ("he", "his", "him") if child.pronoun == "he" else ("she", "her", "her")
    slots = dict(slots, **word_forms(name=child.name, kid=child.kid, he=he, his=his, him=him,
                                     friend=rng.choice(STORY_CHILDREN).name))
    return " ".join(rng.choice(sections("story_" + beat, kind)).format(**slots) for beat in T["story_beats"])


@functools.lru_cache(maxsize=2)
def gen_topics(seed):
    """Everyday talk from the topic files: about, opinions, advice, stories, why and how, in simple words.
    It depends on nothing but the seed, so build_lines makes it once (a tuple, so that it stays as made)."""
    rng = random.Random("%d:topics" % seed)  # a generator of its own: the topics grow freely
    for topic in TOPICS:  # the slots that stay the same, and the kind's lines, filled in once
        topic["slots"] = word_forms(topic=topic["topic"])
        for key in ("fact", "reason", "tip"):
            kind_lines = T.get("talk_%s_%s" % (key, topic["kind"]), [])
            topic["kind_" + key] = [line.format(**topic["slots"]) for line in kind_lines]
    convs = []
    for _ in range(TOPIC_ROUNDS):
        for topic in TOPICS:
            kind, made = topic["kind"], []
            for name in sections("talk_asks", kind):  # which kinds of question fit this kind of topic
                for _ in range(ASKS[name]):
                    slots = topic_slots(rng, topic)
                    if name == "story":
                        slots["story"] = topic_story(rng, slots, kind)
                    if name == "compare":  # another topic of the same kind, as {other} with its {other_reason}
                        others = [t for t in TOPICS if t["kind"] == kind and t is not topic]
                        other = topic_slots(rng, rng.choice(others))
                        slots.update(other=other["topic"], other_reason=other["reason"])
                    made.append(ask(rng, sections("talk_%s_q" % name, kind), sections("talk_%s_a" % name, kind),
                                    slots, 1))
            made += [ask(rng, questions, [answer], {}, 1) for questions, answer in topic["why"] * ASKS["why"]]
            made += [ask(rng, T["talk_how_q"], T["talk_how_a"], dict(task=task, steps=steps_text(rng, steps)), 1)
                     for task, steps in topic["how"] * ASKS["how"]]
            for conv in made:
                if rng.random() < FOLLOW_UPS:
                    name = rng.choice(sections("talk_follow_ups", kind))
                    conv += ask(rng, sections("talk_%s_follow_q" % name, kind), sections("talk_%s_a" % name, kind),
                                topic_slots(rng, topic, said=conv[-1][1]), 1)
            convs += made
    return tuple(tuple(conv) for conv in convs)


# ---- mixing the strands --------------------------------------------------------------------------------

def with_small_talk_wrappers(rng, convs, p_greeting=0.07, p_thanks=0.07):
    """Put a greeting before, or a thank-you after, some single-question conversations."""
    out = []
    for conv in convs:
        conv = list(conv)
        if len(conv) == 1:
            r = rng.random()
            if r < p_greeting:
                conv.insert(0, rng.choice(pairs("greeting_turns")))
            elif r < p_greeting + p_thanks:
                conv.append(rng.choice(pairs("thanks_turns")))
        out.append(conv)
    return out


def talk(rng, topic, facts):
    """A file of hand-written conversations, with a little small talk around some of them."""
    return with_small_talk_wrappers(rng, hand_written(rng, read_conversations(topic, facts)), 0.06, 0.06)


def mixed_fact_chains(rng, strands, n):
    """Conversations that ask two questions from different fact strands."""
    out = []
    names = sorted(strands)
    for _ in range(n):
        first, second = rng.sample(names, 2)
        out.append(rng.choice([c for c in strands[first] if len(c) == 1]) +
                   rng.choice([c for c in strands[second] if len(c) == 1]))
    return out


def build_conversations(seed, facts):
    """Two lists of (strand name, conversation) in the order they were made: the bundled material, and
    what you added (rows in facts/general.csv, new files in conversations/)."""
    rng = random.Random(seed)
    strands = {"capitals": gen_capitals(rng), "au_states": gen_au_states(rng, facts),
               "arithmetic": gen_arithmetic(rng), "numbers": gen_numbers(rng),
               "days_months": gen_days_months(rng), "opposites": gen_opposites(rng),
               "animal_sounds": gen_animal_sounds(rng), "animal_young": gen_animal_young(rng),
               "word_tables": gen_word_tables(rng)}
    groups = {name: with_small_talk_wrappers(rng, convs) for name, convs in strands.items()}
    groups["mixed"] = mixed_fact_chains(rng, strands, CHAINS["mixed"])
    for topic in TALK_TOPICS:
        groups[topic] = talk(rng, topic, facts)
    groups["stories"] = gen_stories(rng)
    groups["topics"] = gen_topics(seed)
    groups["greetings"] = gen_greetings(rng)
    # Your additions draw from random generators of their own, so they leave the bundled conversations
    # exactly as they were.
    added = {}
    if GENERAL:
        own = random.Random("%d:general" % seed)
        added["general"] = with_small_talk_wrappers(own, gen_general(own))
    for path in sorted((CORPUS_DIR / "conversations").glob("*.txt")):
        if path.stem not in TALK_TOPICS + ["au_states"]:
            if path.stem in groups or path.stem == "general":
                raise ValueError("%s: that name is taken by a fact strand" % path.relative_to(REPO_ROOT))
            added[path.stem] = talk(random.Random("%d:%s" % (seed, path.stem)), path.stem, facts)
    return [[(name, conv) for name, convs in made.items() for conv in convs] for made in (groups, added)]


def render(conv):
    """One conversation as one line of the chat format; a text that would break the line is an error."""
    messages = []
    for user, assistant in conv:
        for role, text in (("user", user), ("assistant", assistant)):
            if not text or text != text.strip() or any(bad in text for bad in [*SPECIAL_TOKENS, "\n", "\t", "\r"]):
                raise ValueError("empty, padded, or holding a special token or line break: %r" % text)
            messages.append({"role": role, "content": text})
    return chat_text(messages)


def shuffled_lines(seed, facts):
    tagged, added = build_conversations(seed, facts)
    random.Random(seed + 1).shuffle(tagged)  # so that no strand sits in one block of the file
    own = random.Random("%d:order" % seed)
    for item in added:  # at random places, leaving the bundled conversations in their order
        tagged.insert(own.randrange(len(tagged) + 1), item)
    seen = set()
    lines, tags = [], []
    for tag, conv in tagged:
        line = render(conv)
        if len(line) > MAX_CONVERSATION_CHARS:
            line = render(conv[:1])
        if line not in seen:
            seen.add(line)
            lines.append(line)
            tags.append(tag)
    return lines, tags


def build_lines(seed=SEED, defaults=None):
    """(lines, tags): the corpus, shuffled and de-duplicated, with the project's facts filled in.

    The corpus says how many conversations it holds ({CONVERSATIONS_ROUGHLY}), so it is built until
    that number agrees with itself: twice, unless the count lands on a new round number.
    """
    facts = project_facts(project_defaults() if defaults is None else defaults)
    facts["CONVERSATIONS_ROUGHLY"] = "?"
    for _ in range(4):
        lines, tags = shuffled_lines(seed, facts)
        if facts["CONVERSATIONS_ROUGHLY"] == roughly(len(lines)):
            return lines, tags
        facts["CONVERSATIONS_ROUGHLY"] = roughly(len(lines))
    raise RuntimeError("the conversation count does not settle")


# ---- held-out questions for bench/bench_knowledge.py ----------------------------------------------

def build_heldout(seed=SEED):
    """Questions in phrasings kept out of the corpus, about facts that are in it.

    The answer is the word or number that must appear in the reply. Arithmetic items never have an
    answer equal to one of the numbers in the question, so simply echoing the question cannot score.
    """
    rng = random.Random(seed + 2)
    items = []

    def add(strand, question, answer):
        items.append({"strand": strand, "question": question, "answer": str(answer)})

    def add_rows(strand, rows, kind, answer):
        """Each row asked in the [kind_q_heldout] phrasings in turn; the answer is the row's `answer` column."""
        templates = T[kind + "_q_heldout"]
        for i, row in enumerate(rows):
            add(strand, templates[i % len(templates)].format(**row_slots(row)), getattr(row, answer))

    add_rows("capitals", rng.sample(COUNTRIES, 36), "capital", "capital")
    capital_q = T["capital_q_heldout"]
    for i, row in enumerate(AU_STATES):
        add("au_states", capital_q[(i + 2) % len(capital_q)].format(country=row.state), row.capital)
    add("au_states", capital_q[0].format(country="Australia"), "Canberra")

    for strand, kind, answer in (("addition", "add", "s"), ("subtraction", "sub", "d"), ("times", "times", "p")):
        chosen = set()
        while len(chosen) < 25:  # no 0, and no 1 to multiply by: they would make echoes
            if kind == "add":
                a = rng.randrange(1, 20)
                b = rng.randrange(1, 21 - a)
            elif kind == "sub":
                a = rng.randrange(2, 21)
                b = rng.randrange(1, a)
            else:
                a, b = rng.randrange(2, 11), rng.randrange(2, 11)
            if sum_slots(a, b)[answer] not in (a, b):  # 8 - 4 = 4 would be one
                chosen.add((a, b))
        templates = T[kind + "_q_heldout"]
        for i, (a, b) in enumerate(sorted(chosen)):
            add(strand, templates[i % len(templates)].format(a=a, b=b), sum_slots(a, b)[answer])

    for i, day in enumerate(DAYS):
        add("days", T["next_day_q_heldout"][i % 2].format(d=day), DAYS[(i + 1) % len(DAYS)])
        add("days", T["prev_day_q_heldout"][i % 2].format(d=day), DAYS[i - 1])
    for i, month in enumerate(MONTHS):
        if i % 3 == 0:
            add("months", T["next_month_q_heldout"][(i // 3) % 2].format(m=month), MONTHS[(i + 1) % len(MONTHS)])
        elif i % 3 == 1:
            add("months", T["prev_month_q_heldout"][(i // 3) % 2].format(m=month), MONTHS[i - 1])
        else:
            add("months", T["nth_month_q_heldout"][0].format(o=ORDINALS[i]), month)

    add_rows("opposites", rng.sample(OPPOSITES, 30), "opposite", "opposite")
    add_rows("animal_sounds", rng.sample(ANIMAL_SOUNDS, 14), "sound", "sound")
    add_rows("animal_young", rng.sample(ANIMAL_YOUNG, 16), "young", "young")
    add_rows("general", GENERAL, "general", "answer")  # last, so your facts leave the other questions as they were
    return items


def normalise_question(text):
    """Lower case, letters, digits and single spaces only: used to compare phrasings."""
    kept = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return " ".join(kept.split())


def user_turns(line):
    return [message["content"] for message in parse_chat_line(line) if message["role"] == "user"]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build the quantaTinyLLM training corpus from corpus/.")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="where to write the corpus")
    parser.add_argument("--heldout", default=None, help="also write the held-out question set (JSON lines) here")
    parser.add_argument("--stats", action="store_true", help="print counts per strand")
    args = parser.parse_args(argv)

    lines, tags = build_lines()
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8", newline="\n")
    multi = sum(1 for line in lines if len(user_turns(line)) > 1)
    print("wrote %s: %d conversations, %d bytes, %.1f%% multi-turn"
          % (args.out, len(lines), len(text.encode("utf-8")), 100.0 * multi / len(lines)))

    if args.stats:
        counts, sizes = Counter(tags), Counter()
        for tag, line in zip(tags, lines):
            sizes[tag] += len(line) + 1
        for tag, size in sizes.most_common():
            print("  %-16s %5d conversations %8d bytes" % (tag, counts[tag], size))

    if args.heldout:
        items = build_heldout()
        seen = {normalise_question(turn) for line in lines for turn in user_turns(line)}
        clashes = [item["question"] for item in items if normalise_question(item["question"]) in seen]
        if clashes:
            raise SystemExit("held-out questions found in the corpus: %r" % clashes[:5])
        with open(args.heldout, "w", encoding="utf-8", newline="\n") as handle:
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        print("wrote %s: %d held-out questions" % (args.heldout, len(items)))


if __name__ == "__main__":
    main()
