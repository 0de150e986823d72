"""Tests for the bundled corpus quantaTinyLLM.txt, its generator tools/make_corpus.py and its files in corpus/.

    python -m pytest -q tests/test_corpus.py

Seconds, no network: the corpus rebuilds byte for byte, every line is in the chat format, the
size and mix are as promised, every fact strand is present, the held-out benchmark questions
never occur in the corpus, the text is already in Australian spelling, what the corpus says about
the project follows the real defaults of train_llm.py and inference.py, and a fact a learner adds
to corpus/facts/general.csv is asked in many phrasings.
"""

import ast
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT / "quantaTinyLLM.txt"
HELDOUT = REPO_ROOT / "bench" / "heldout_questions.jsonl"
SCRIPT = REPO_ROOT / "tools" / "make_corpus.py"
TRAIN_SCRIPT = REPO_ROOT / "train_llm.py"
CHAT_SCRIPT = REPO_ROOT / "inference.py"
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
    replies = "\n".join(line for line in replies.split("\n") if re.search(r"\d", line))
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
    for animal, sound, _extra, _says in gen.ANIMAL_SOUNDS:
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
    for name in ("capital_q", "add_q", "sub_q", "times_q", "opposite_q", "sound_q", "young_q",
                 "next_day_q", "prev_day_q", "next_month_q", "prev_month_q", "nth_month_q", "general_q"):
        train = {t if isinstance(t, str) else t[0] for t in gen.T[name]}
        assert not train & set(gen.T[name + "_heldout"]), name


def test_australian_spelling(raw):
    convert_spelling = pytest.importorskip("convert_spelling")
    text = raw.decode("utf-8")
    changed = [line for line in text.split("\n") if convert_spelling.convert_text_to_au_english(line) != line]
    assert not changed, changed[:5]
    assert convert_spelling.convert_text_to_au_english(text) == text


# ---- what the corpus says about the project follows the real defaults --------------------------------

def script_defaults(path):
    """`NAME = literal` at the top level of a script, read here independently of the generator."""
    defaults = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                defaults[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return defaults


@pytest.fixture(scope="module")
def defaults():
    merged = script_defaults(CHAT_SCRIPT)
    merged.update(script_defaults(TRAIN_SCRIPT))
    return merged


def rounded(n):
    """Two significant figures, as the corpus writes a count: 1.1 million, 11,000."""
    if n >= 1_000_000:
        return "%s million" % format(n / 1_000_000, ".2g")
    return format(round(n, 2 - len(str(n))), ",")


def test_the_generator_reads_the_same_defaults(gen, defaults):
    read = gen.project_defaults()
    for name in ("VOCAB_SIZE", "BLOCK_SIZE", "N_LAYER", "N_HEAD", "N_EMBD", "MAX_ITERS", "LEARNING_RATE",
                 "BATCH_SIZE", "CHECKPOINT_DIR", "LOCAL_DATA_PATH", "TEMPERATURE", "TOP_K"):
        assert read[name] == defaults[name], name


def test_corpus_states_the_current_defaults(lines, replies, defaults):
    text = "\n".join(lines)
    assert "a vocabulary of %s tokens" % format(defaults["VOCAB_SIZE"], ",") in replies
    assert "Why only %s tokens?" % format(defaults["VOCAB_SIZE"], ",") in text
    assert "a block of %d tokens is plenty" % defaults["BLOCK_SIZE"] in replies
    assert "a reply, %d in this project" % defaults["BLOCK_SIZE"] in replies
    assert "--n-layer %d trains a deeper model than the default" % (defaults["N_LAYER"] + 2) in replies
    assert defaults["N_LAYER"] + 2 > defaults["N_LAYER"]
    assert "--time-budget-minutes %s trains for twice as long" % format(2 * defaults["TIME_BUDGET_MINUTES"], "g") \
        in replies
    assert "By default it uses %s." % defaults["OPTIMIZER"] in replies
    assert "the bundled corpus, %s," % defaults["LOCAL_DATA_PATH"] in replies
    assert CORPUS.name == defaults["LOCAL_DATA_PATH"], "the generator writes the file training reads"
    assert "small corpus of about %s short conversations" % rounded(len(lines)) in replies
    stated = re.findall(r"about ([\d.,]+(?: million)?) parameters|has about ([\d.,]+(?: million)?) of them", replies)
    assert stated and {"".join(n) for n in stated} == {rounded(parameters(defaults))}, stated
    # every number of tokens the corpus states is one of the two defaults
    for number in re.findall(r"(\d[\d,]*) tokens", replies):
        assert int(number.replace(",", "")) in (defaults["VOCAB_SIZE"], defaults["BLOCK_SIZE"]), number


def test_no_stale_statements(replies):
    # what the corpus said before its project facts were filled in from the defaults
    for stale in ("4,096", "4096", "4,000 tokens", "about 256 tokens", "a few hundred in this project",
                  "a few million", "a few thousand short conversations"):
        assert stale not in replies, stale


def parameters(defaults):
    return 12 * defaults["N_LAYER"] * defaults["N_EMBD"] ** 2 + 13 * defaults["N_LAYER"] * defaults["N_EMBD"] + \
        (defaults["VOCAB_SIZE"] + defaults["BLOCK_SIZE"] + 2) * defaults["N_EMBD"]


def test_parameter_count_is_the_models(gen, defaults):
    model = pytest.importorskip("model")
    for sizes in (defaults, dict(defaults, VOCAB_SIZE=300, BLOCK_SIZE=16, N_LAYER=1, N_HEAD=2, N_EMBD=8)):
        net = model.TinyTransformerLM(sizes["VOCAB_SIZE"], sizes["BLOCK_SIZE"], sizes["N_LAYER"], sizes["N_HEAD"],
                                      sizes["N_EMBD"])
        assert gen.parameter_count(sizes) == net.num_params() == parameters(sizes)


def test_self_facts_change_with_the_defaults(gen, defaults, lines):
    changed = dict(defaults, VOCAB_SIZE=3000, BLOCK_SIZE=512, N_LAYER=7, N_EMBD=256, TIME_BUDGET_MINUTES=7.5)
    new_lines, tags = gen.build_lines(defaults=changed)
    assert len(new_lines) == len(lines)
    differ = [(tag, old, new) for tag, old, new in zip(tags, lines, new_lines) if old != new]
    assert differ and {tag for tag, _old, _new in differ} <= {"llm_project", "llm_project_more"}
    new_text = "\n".join(new for _tag, _old, new in differ)
    for statement in ("a vocabulary of 3,000 tokens", "Why only 3,000 tokens?", "a block of 512 tokens is plenty",
                      "512 in this project", "--n-layer 9 trains a deeper model", "--time-budget-minutes 15 trains",
                      "about %s parameters" % rounded(parameters(changed))):
        assert statement in new_text, statement
    old = "--time-budget-minutes %s trains" % format(2 * defaults["TIME_BUDGET_MINUTES"], "g")
    for old_statement in ("a vocabulary of %s tokens" % format(defaults["VOCAB_SIZE"], ","), old,
                          "%d in this project" % defaults["BLOCK_SIZE"], "--n-layer %d " % (defaults["N_LAYER"] + 2)):
        assert old_statement not in new_text, old_statement


def test_every_placeholder_is_known(gen, defaults):
    known = set(gen.project_facts(defaults)) | {"CONVERSATIONS_ROUGHLY"}
    used = set()
    for path in sorted((REPO_ROOT / "corpus" / "conversations").glob("*.txt")):
        body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        names = re.findall(r"\{([^{}:]*)(?::[^{}]*)?\}", body)
        assert set(names) <= known, (path.name, set(names) - known)
        used.update(names)
    assert {"VOCAB_SIZE", "BLOCK_SIZE", "TRAIN_SCRIPT", "CHAT_SCRIPT", "LOCAL_DATA_PATH", "PARAMETERS_ROUGHLY",
            "CONVERSATIONS_ROUGHLY", "DEEPER_N_LAYER", "TWICE_TIME_BUDGET_MINUTES"} <= used
    with pytest.raises(ValueError, match="unknown placeholder"):
        gen.fill("a vocabulary of {VOCAB_SIZ} tokens", gen.project_facts(defaults), "here")
    with pytest.raises(ValueError, match="brace"):
        gen.fill("a vocabulary of {vocab_size} tokens", gen.project_facts(defaults), "here")


def test_commands_files_and_flags_in_the_corpus_exist(replies, defaults):
    sources = {name: (REPO_ROOT / name).read_text(encoding="utf-8") for name in ("train_llm.py", "inference.py")}
    for script, flags in re.findall(r"python ([\w/]+\.py)((?: --[a-z-]+(?: \S+)?)*)", replies):
        assert (REPO_ROOT / script).is_file(), script
        for flag in re.findall(r"--([a-z-]+)", flags):
            if flag != "help":
                assert flag.replace("-", "_").upper() in script_defaults(REPO_ROOT / script), (script, flag)
    for flag in set(re.findall(r"(?<![\w-])--([a-z][a-z-]*)", replies)) - {"help"}:
        assert any(flag.replace("-", "_").upper() in script_defaults(REPO_ROOT / s) for s in sources), flag
    code = "\n".join(path.read_text(encoding="utf-8") for path in REPO_ROOT.glob("*.py"))
    for checkpoint in set(re.findall(r"\b(\w+\.pth)\b", replies)):
        assert '"%s"' % checkpoint in code, "no script writes %s" % checkpoint
    for command in set(re.findall(r"type (/[a-z]+)", replies)):
        assert '"%s"' % command in sources["inference.py"], command
    for temperature in re.findall(r"--temperature ([\d.]+) for steadier replies", replies):
        assert float(temperature) < defaults["TEMPERATURE"]
    for name in ("USR", "ASSIST", "EOT", "PAD"):  # the special tokens, named without their brackets
        assert "<%s>" % name in SPECIALS
    tokenizer = pytest.importorskip("tokenizer")
    assert tuple(tokenizer.SPECIAL_TOKENS) == SPECIALS


# ---- a learner's own fact ------------------------------------------------------------------------------

def test_a_row_in_general_csv_is_asked_in_many_phrasings(tmp_path, gen):
    """The recipe in corpus/README.md: add one row, rebuild, and the fact is asked like the others."""
    for name in ("tools", "corpus"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name)
    for name in ("tokenizer.py", "flags.py", "train_llm.py", "inference.py"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    with open(tmp_path / "corpus" / "facts" / "general.csv", "a", encoding="utf-8") as handle:
        handle.write("the name of Ava's cat,Mochi\n")
    subprocess.run([sys.executable, str(tmp_path / "tools" / "make_corpus.py"), "--heldout", str(tmp_path / "h.jsonl")],
                   check=True, capture_output=True, cwd=tmp_path, timeout=120)
    lines = (tmp_path / "quantaTinyLLM.txt").read_text(encoding="utf-8").splitlines()
    asked = {u for line in lines for u, a in TURN.findall(line) if "Ava's cat" in u and "Mochi" in a}
    assert len(asked) >= gen.PER_FACT["general"]
    assert any(re.search(r"<USR> [^<]*Mochi[^<]*<ASSIST> Mochi is the name of Ava's cat\.", line) for line in lines)
    # the row adds conversations about itself, and leaves every other one as it was, in its place
    added = [line for line in lines if "Mochi" in line]
    assert [line for line in lines if "Mochi" not in line] == CORPUS.read_text(encoding="utf-8").splitlines()
    # drilled OWN_FACT_ROUNDS times over, so a short fine-tune sees it often; exact repeats are dropped
    one_round = gen.PER_FACT["general"] + gen.PER_FACT["general_reverse"]
    assert 2 * one_round <= len(added) <= gen.OWN_FACT_ROUNDS * one_round
    items = [json.loads(line) for line in (tmp_path / "h.jsonl").read_text(encoding="utf-8").splitlines()]
    assert items[:-1] == [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    assert items[-1] == {"strand": "general", "question": "I'd like to know the name of Ava's cat.", "answer": "Mochi"}


def test_corpus_files_are_well_formed(gen):
    for path in sorted((REPO_ROOT / "corpus").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert text.endswith("\n") and "\r" not in text and "\t" not in text, path


# ---- balance: near-identical questions with different answers ------------------------------------------

def count(pattern, text):
    return len(re.findall(pattern, text))


def test_the_national_capital_outnumbers_its_near_twins(gen, turns, replies):
    """"the capital of Australia" and "the capital of Western Australia" differ by one word, so the short
    question (the sample question printed at every evaluation) must be seen clearly more often."""
    national = count(r"(?<!Western )(?<!South )\bcapital of Australia is Canberra\b|"
                     r"\bCanberra is the capital of Australia\b", replies)
    asked = count(r"(?<!Western )(?<!South )\bcapital (?:city )?of Australia\b|\bAustralia's capital\b",
                  "\n".join(u for conv in turns for u, _a in conv))
    assert national >= 30 and asked >= 30, (national, asked)
    assert "What is the capital of Australia? <ASSIST> The capital of Australia is Canberra." in "\n".join(
        " <ASSIST> ".join(pair) for conv in turns for pair in conv)
    twins = [(state, capital) for state, _short, capital, _kind, _fact in gen.AU_STATES] + [("Austria", "Vienna")]
    for place, capital in twins:
        seen = count(r"capital (?:city )?of %s is %s\b|%s is the capital (?:city )?of %s\b"
                     % (place, capital, capital, place), replies)
        assert 5 <= seen and 3 * seen <= 2 * national, (place, seen, national)


def test_opposites_are_asked_both_ways_often_enough(gen, replies):
    replies = "\n".join(line for line in replies.split("\n") if "opposite" in line or "antonym" in line)
    for word, opposite, both_ways in gen.OPPOSITES:
        forward = count(r"(?:opposite|antonym) of %s is %s\b|%s is the opposite of %s\b"
                        % (word, opposite, opposite.capitalize(), word), replies)
        assert forward >= 3, (word, forward)
        if both_ways == "yes":
            backward = count(r"(?:opposite|antonym) of %s is %s\b|%s is the opposite of %s\b"
                             % (opposite, word, word.capitalize(), opposite), replies)
            assert backward >= 3 and forward <= 3 * backward, (word, opposite, forward, backward)


# ---- the everyday talk strand ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tagged(gen):
    lines, tags = gen.build_lines()
    return list(zip(tags, lines))


def words(text):
    return re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower())


def test_every_topic_is_talked_about_in_several_ways(gen, tagged):
    talk = [line for tag, line in tagged if tag == "topics"]
    assert len(gen.TOPICS) >= 100
    assert len({topic["topic"] for topic in gen.TOPICS}) == len(gen.TOPICS), "a topic is written twice"
    for topic in gen.TOPICS:
        about = [line for line in talk if " %s" % topic["topic"] in line]
        assert len(about) >= 3 * gen.TOPIC_ROUNDS, (topic["topic"], len(about))
    kinds = {topic["kind"] for topic in gen.TOPICS}
    for name in ("talk_asks", "talk_fact", "talk_tip"):
        for kind in kinds:
            assert gen.sections(name, kind) or gen.T.get("%s_%s" % (name, kind)), (name, kind)


def test_the_talk_strand_speaks_a_small_vocabulary(tagged):
    """Like TinyStories: a tiny model speaks fluently only what it can learn, so the everyday talk uses a
    small set of words, each of them often."""
    counts = {}
    for tag, line in tagged:
        if tag == "topics":
            for _user, reply in TURN.findall(line):
                for word in words(reply):
                    counts[word] = counts.get(word, 0) + 1
    assert sum(counts.values()) >= 80_000  # enough talk to learn from (TOPIC_ROUNDS sets how much)
    assert len(counts) <= 3000, len(counts)
    once = sorted(word for word, n in counts.items() if n == 1)  # a word seen once is not learned
    assert len(once) <= 0.1 * len(counts), once[:50]


def test_the_talk_strand_answers_and_never_declines(tagged):
    talk = [line for tag, line in tagged if tag == "topics"]
    for line in talk:
        for _user, reply in TURN.findall(line):
            assert not re.search(r"\b(?:I don't know|I'm not sure|I can't|I cannot|no idea)\b", reply), reply


def test_open_prompts_are_not_in_the_corpus(raw):
    """The open prompts of the benchmark measure talk the corpus never shows word for word."""
    path = REPO_ROOT / "bench" / "open_prompts.txt"
    if not path.exists():
        pytest.skip("no bench/open_prompts.txt")
    text = raw.decode("utf-8").lower()
    prompts = [(n, line.strip()) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if line.strip() and not line.startswith("#")]
    assert len(prompts) >= 20
    found = [n for n, prompt in prompts if prompt.lower() in text]
    assert not found, "bench/open_prompts.txt lines %s occur in the corpus" % found


def test_a_topic_file_is_checked(gen, tmp_path, monkeypatch):
    (tmp_path / "topics").mkdir()
    monkeypatch.setattr(gen, "CORPUS_DIR", tmp_path)
    (tmp_path / "topics" / "ok.txt").write_text(
        "# a comment\ntopic: kites\nkind: thing\nfact: Kites fly in the wind.\nfact: A kite has a string.\n"
        "why: Why do kites fly? | How do kites fly? -> The wind pushes them up.\n"
        "how: fly a kite -> Find an open park. | Let the wind lift it.\n", encoding="utf-8")
    (topic,) = gen.read_topics()
    assert topic["why"] == [(["Why do kites fly?", "How do kites fly?"], "The wind pushes them up.")]
    assert topic["how"] == [("fly a kite", ["Find an open park.", "Let the wind lift it."])]
    for bad in ("topic: kites\nfact: Kites fly.\nfact: They are fun.\n",  # no kind
                "topic: kites\nkind: thing\nfact: Kites fly.\nfacts: They are fun.\n",  # unknown key
                "topic: kites\nkind: thing\nfact: Kites fly.\nfact: A {kite}.\n",  # a brace
                "topic: kites\nkind: thing\nfact: Kites fly.\nfact: Fun.\nhow: fly a kite\n"):  # no ->
        (tmp_path / "topics" / "ok.txt").write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError):
            gen.read_topics()


def test_steps_read_in_order(gen):
    import random
    text = gen.steps_text(random.Random(1), ["Boil the water.", "Pour it.", "I wait."])
    assert re.fullmatch(r"(First,|To start,|First of all,) boil the water\. (Then|Next,|After that,) pour it\. "
                        r"(Last,|Finally,|At the end,) I wait\.", text), text


def test_a_new_topic_adds_talk_and_leaves_the_other_strands_as_they_were(tmp_path, tagged):
    """The recipe in corpus/README.md: a new topic block is talked about in many ways, and the topics draw
    random numbers of their own, so every conversation of the other strands stays as it was."""
    for name in ("tools", "corpus"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name)
    for name in ("tokenizer.py", "flags.py", "train_llm.py", "inference.py"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    (tmp_path / "corpus" / "topics" / "boomerangs.txt").write_text(
        "topic: boomerangs\nkind: thing\nfact: A boomerang is a curved stick that comes back when you throw it.\n"
        "fact: Aboriginal people have made boomerangs for thousands of years.\nreason: they come back to you\n"
        "tip: Throw a boomerang in a big open field, far from people.\n"
        "how: throw a boomerang -> Find a big open field. | Hold it upright and throw it hard. | Watch it turn and come back.\n",
        encoding="utf-8")
    subprocess.run([sys.executable, str(tmp_path / "tools" / "make_corpus.py")], check=True, capture_output=True,
                   cwd=tmp_path, timeout=120)
    new = (tmp_path / "quantaTinyLLM.txt").read_text(encoding="utf-8").splitlines()
    about_boomerangs = [line for line in new if "boomerang" in line]
    assert len(about_boomerangs) >= 10  # each round talks about a topic in about a dozen ways
    assert any("A boomerang is a curved stick that comes back when you throw it." in line for line in about_boomerangs)
    assert any(re.search(r"First[^<]*find a big open field\.", line) for line in about_boomerangs)
    others = {line for tag, line in tagged if tag != "topics" and "short conversations" not in line}  # not the count
    assert others <= set(new)
