"""Tests for the bundled corpus quantaTinyLLM.txt and its generator tools/make_corpus.py.

    python -m pytest -q tests/test_corpus.py

Seconds, no network: the corpus rebuilds byte for byte, every line is in the chat format, the
size and mix are as promised, every fact strand is present, the held-out benchmark questions
never occur in the corpus, and the text is already in Australian spelling.
"""

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT / "quantaTinyLLM.txt"
HELDOUT = REPO_ROOT / "bench" / "heldout_questions.jsonl"
SCRIPT = REPO_ROOT / "tools" / "make_corpus.py"
SPECIALS = ("<USR>", "<ASSIST>", "<EOT>", "<PAD>")
TURN = re.compile(r"<USR> (.+?) <ASSIST> (.+?) <EOT>")


def load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen():
    return load_generator()


@pytest.fixture(scope="module")
def raw():
    return CORPUS.read_bytes()


@pytest.fixture(scope="module")
def lines(raw):
    return raw.decode("utf-8").split("\n")[:-1]


@pytest.fixture(scope="module")
def turns(lines):
    """Every line as a list of (user, assistant) pairs."""
    return [TURN.findall(line) for line in lines]


@pytest.fixture(scope="module")
def replies(turns):
    """All assistant texts joined, one per line, for fact searches."""
    return "\n".join(a for conv in turns for _u, a in conv)


def test_rebuild_is_byte_for_byte(tmp_path, raw):
    out = tmp_path / "corpus.txt"
    heldout = tmp_path / "heldout.jsonl"
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), "--heldout", str(heldout)],
                   check=True, capture_output=True, cwd=tmp_path, timeout=120)
    assert out.read_bytes() == raw, "quantaTinyLLM.txt is out of date: run python tools/make_corpus.py"
    assert heldout.read_bytes() == HELDOUT.read_bytes(), (
        "bench/heldout_questions.jsonl is out of date: run "
        "python tools/make_corpus.py --heldout bench/heldout_questions.jsonl")


def test_every_line_is_well_formed(raw, lines, turns):
    text = raw.decode("utf-8")  # raises if not UTF-8
    assert text.endswith("\n") and "\r" not in text and "\t" not in text
    for number, (line, conv) in enumerate(zip(lines, turns), 1):
        assert line, "blank line %d" % number
        assert conv, "line %d has no turns: %r" % (number, line[:80])
        assert " ".join("<USR> %s <ASSIST> %s <EOT>" % pair for pair in conv) == line, (
            "line %d is not a sequence of '<USR> .. <ASSIST> .. <EOT>' turns: %r" % (number, line[:120]))
        for user, assistant in conv:
            for part in (user, assistant):
                assert part == part.strip() and part, "line %d has an empty or padded text" % number
                assert not any(s in part for s in SPECIALS), "line %d: special token inside a text" % number
        assert len(line) <= 800, "line %d is %d characters long" % (number, len(line))


def test_size_and_mix(raw, lines, turns):
    assert len(lines) >= 3000
    assert len(raw) >= 800 * 1024
    multi = sum(1 for conv in turns if len(conv) > 1)
    assert multi / len(lines) >= 0.20
    assert len(set(lines)) == len(lines), "exact duplicate conversations in the corpus"
    # The training script de-duplicates on the joined turn texts; those should be unique too.
    joined = ["\n".join(t for pair in conv for t in pair) for conv in turns]
    assert len(set(joined)) == len(joined)


def test_assistant_replies_are_mostly_short(turns):
    replies = [a for conv in turns for _u, a in conv]
    long_ones = [a for a in replies if a.count(". ") + 1 > 8]
    assert len(long_ones) / len(replies) < 0.05


def test_australian_capitals(gen, replies):
    for name, _short, capital, _kind, _fact in gen.AU_STATES:
        assert re.search(r"capital of %s is %s\b|%s is the capital of %s\b"
                         % (re.escape(name), capital, capital, re.escape(name)), replies), name
    assert len(gen.AU_STATES) == 8
    assert "The capital of Australia is Canberra." in replies


def test_country_capitals(gen, replies):
    found = set()
    for country, capital, _region in gen.COUNTRIES:
        if re.search(r"capital of %s is %s\b|%s is the capital of %s\b"
                     % (re.escape(country), re.escape(capital), re.escape(capital), re.escape(country)), replies):
            found.add(country)
    assert len(found) >= 60, "only %d country capitals found" % len(found)
    assert len(found) == len(gen.COUNTRIES)


def test_addition_and_subtraction_to_20(replies):
    missing = []
    for a in range(21):
        for b in range(21):
            if a + b <= 20 and not re.search(
                    r"(?<!\d)%d (?:plus|\+) %d (?:is|=|equals|makes) %d(?!\d)|sum of %d and %d is %d(?!\d)"
                    % (a, b, a + b, a, b, a + b), replies):
                missing.append("%d+%d" % (a, b))
            if b <= a and not re.search(r"(?<!\d)%d (?:minus|-|take away) %d (?:is|=|equals|leaves) %d(?!\d)"
                                        % (a, b, a - b), replies):
                missing.append("%d-%d" % (a, b))
    assert not missing, missing[:20]


def test_times_tables_to_10(replies):
    missing = [(a, b) for a in range(1, 11) for b in range(1, 11)
               if not re.search(r"(?<!\d)%d (?:times|x|multiplied by|lots of) %d (?:is|=|equals|make) %d(?!\d)"
                                % (a, b, a * b), replies)]
    assert not missing, missing[:20]


def test_days_and_months_in_order(gen, replies):
    for seq, kind in ((gen.DAYS, "day"), (gen.MONTHS, "month")):
        for i, item in enumerate(seq):
            nxt = seq[(i + 1) % len(seq)]
            prev = seq[(i - 1) % len(seq)]
            assert re.search(r"The %s after %s is %s\.|After %s comes %s\.|%s comes after %s\."
                             % (kind, item, nxt, item, nxt, nxt, item), replies), (item, nxt)
            assert re.search(r"The %s before %s is %s\.|Before %s comes %s\.|%s comes before %s\."
                             % (kind, item, prev, item, prev, prev, item), replies), (prev, item)
    for i, month in enumerate(gen.MONTHS):
        assert "%s is the %s month of the year" % (month, gen.ORDINALS[i]) in replies or \
            "The %s month of the year is %s" % (gen.ORDINALS[i], month) in replies or \
            "Month number %d is %s" % (i + 1, month) in replies, month


def test_opposites_of_50_words(gen, replies):
    found = set()
    for word, opposite, _both in gen.OPPOSITES:
        if re.search(r"opposite of %s is %s\b|%s is the opposite of %s\b|antonym of %s is %s\b"
                     % (word, opposite, opposite.capitalize(), word, word, opposite), replies):
            found.add(word)
    assert len(found) >= 50
    assert len(found) == len(gen.OPPOSITES)


def test_animal_sounds_and_young(gen, replies):
    for animal, sound, _extra in gen.ANIMAL_SOUNDS:
        assert re.search(r"\b(?:%s|%s)\b[^\n]*\b%s\b" % (animal, gen.plural(animal), re.escape(sound)),
                         replies, re.IGNORECASE), animal
    for animal, young, _extra in gen.ANIMAL_YOUNG:
        assert re.search(r"\bbaby %s is called an? %s\b|young %s is called an? %s\b"
                         % (animal, young, animal, young), replies), animal


def test_heldout_questions(gen, turns, replies):
    items = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    assert len(items) >= 150
    strands = {item["strand"] for item in items}
    assert {"capitals", "au_states", "addition", "subtraction", "times", "days", "months", "opposites",
            "animal_sounds", "animal_young"} <= strands
    user_turns = {gen.normalise_question(u) for conv in turns for u, _a in conv}
    for item in items:
        assert set(item) >= {"question", "answer"}
        assert gen.normalise_question(item["question"]) not in user_turns, item["question"]
        # the fact itself is in the corpus: the answer word occurs in some reply
        assert re.search(r"(?<![A-Za-z0-9])%s(?![A-Za-z0-9])" % re.escape(item["answer"]), replies,
                         re.IGNORECASE), item
        if item["strand"] in ("addition", "subtraction", "times"):
            numbers = re.findall(r"\d+", item["question"])
            assert item["answer"] not in numbers, "echoing the question must not score: %r" % item
    # the held-out phrasings themselves are templates never used for the corpus
    for name in ("CAPITAL_Q", "ADD_Q", "SUB_Q", "TIMES_Q", "OPPOSITE_Q", "SOUND_Q", "YOUNG_Q",
                 "NEXT_DAY_Q", "PREV_DAY_Q", "NEXT_MONTH_Q", "PREV_MONTH_Q", "NTH_MONTH_Q"):
        train = {t if isinstance(t, str) else t[0] for t in getattr(gen, name)}
        assert not train & set(getattr(gen, name + "_HELDOUT")), name


def test_australian_spelling(raw):
    convert_spelling = pytest.importorskip("convert_spelling")
    text = raw.decode("utf-8")
    changed = [line for line in text.split("\n") if convert_spelling.convert_text_to_au_english(line) != line]
    assert not changed, changed[:5]
    assert convert_spelling.convert_text_to_au_english(text) == text
