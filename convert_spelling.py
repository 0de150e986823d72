"""
Convert American spellings to Australian English (Macquarie Dictionary conventions).

Usage:
    python convert_spelling.py < in.txt > out.txt        # converts stdin to stdout

    from convert_spelling import convert_text_to_au_english
    convert_text_to_au_english("My favorite color is gray.")  # -> "My favourite colour is grey."

Only the American words listed in spelling/ are ever changed; every other character is copied unchanged,
so text without American spellings comes back exactly as it went in. Where Australian usage is split or
depends on meaning (license/licence, practice/practise, meter/metre, program, analog, dialog, tire/tyre,
curb/kerb, check/cheque, ...) the word is not listed and stays as written: a wrong change is worse than a
missed one. Australian is not British: "program" (in every sense), "medieval", "fetus" and "eggplant"
stay as they are; only the spelling of a word changes, never the word.

The data is plain text in spelling/, read once at import (spelling/README.md describes each file):
  * families.txt     rule families (-ize -> -ise, -or -> -our, -er -> -re, ...): base words, whose
                     endings are made by the rules in FAMILIES below;
  * pairs.txt        pairs written out by hand: ae/oe in medicine, irregular words, food, vehicle and
                     household words, informal and family words, and phrase pairs ("flat tire");
  * scowl_pairs.txt  pairs derived from SCOWL, the Spell Checker Oriented Word Lists by Kevin Atkinson
                     (version 2020.12.07, Debian package "scowl"; SCOWL's permissive MIT-like licence:
                     use, copy, modify, distribute and sell for any purpose, keeping its copyright
                     notice, which the file does), each pair checked against Australian usage;
  * keep.txt         what stays: names, words never changed, lowercase-only words, title words, CSS.
  * cases.tsv        the behaviour below as examples, read by the tests and the benchmark.

What is converted:
  * A listed word in prose, in its case: color -> colour, Color -> Colour, COLOR -> COLOUR (capitals for
    emphasis included; unusual mixes like cOLoR are left alone).
  * Wherever punctuation or markup puts it: "(color)", color-blind, colors', **color**, an inline HTML
    tag <i>honor</i> or <span class="x">color</span>, editorial square brackets [humor], the text of a
    markdown link [color](url), and words joined by a slash, humor/irony. A word in prose is a word
    whatever tags or punctuation surround it.
  * A capitalised word at the start of a sentence, a line, a list item ("1. Color") or a quoted sentence
    (said, "Color ..."), with the listed words right after it ("Favorite Colors", "Well-Organized",
    "Colors/Flavors"); and in a headline set in title case ("Ten Tips For A Colorful Garden", or any
    markdown heading line): a run of three or more capitalised words with a short word like For, A or
    The capitalised after the first, or of four or more that opens with A, How, Why and the like ("A
    Guide to Neighborhood Gardens"). Family words convert even as names: "I told Mom" -> "I told Mum".
  * Phrase pairs, for a word whose spelling depends on its neighbours: flat tire -> flat tyre, while
    "he tires easily" stays.

What is kept, and why:
  * A capitalised word in the middle of an ordinary sentence: it is probably a name (Lincoln Center,
    Pearl Harbor, Harbor City), and a name keeps its own spelling. So is one that starts a sentence
    in a run of capitalised words with one that is neither listed nor a title word ("Harbor Freight
    said", "Gray's Inn", "Center Parcs opened"): in ordinary prose the second word is lowercase.
  * Listed names and titles (keep.txt [names]), matched as whole phrases in any case: World Health
    Organization, Department of Defense, Pearl Harbor. Names that are ordinary words in lowercase
    (keep.txt [capitalised names]: The Color Purple, Medal of Honor, Theater District) are kept only
    where they are written with capitals. Names write their short words in lowercase, so "Medal of
    Honor" is not taken for a headline either.
  * Labor and Prolog when capitalised (the Australian Labor Party; the language), even in a headline.
  * Code: fenced ``` / ~~~ blocks, inline `code`, <code>/<pre>/<kbd>/<samp>/<script>/<style> elements,
    and any token that looks like a URL, e-mail address, file path or identifier: it holds one of
    / \\ @ _ = $ # { } < > | ~ ^ (braces, pipes and underscores mark code; square brackets only
    when they index, as in arr[color]), a call like f(x), a dot or colon between letters (obj.color,
    a::b), a leading --flag, a quoted "key": as in JSON, or a leading dot (.center, a CSS class).
    camelCase and snake_case need no rule of their own: a listed word only matches as a whole word,
    so backgroundColor and color_map never do. A word assigned or compared, even with spaces around
    it, is code too: color = gray, favorite == x, and a JSON value "color": "gray".
  * HTML tag names and attributes: <center>, </center>, <font color="gray">.
  * CSS, even outside code: a hyphenated property name wherever it is (background-color), a plain one
    written as a declaration ("color: gray;"), and the value after a property ("text-align: center"),
    in an HTML style attribute (style="color: gray") or after a variable ($accent: gray; --accent: gray;),
    so "border-color: gray; text-align: center" stays as it is.

Building the table checks that no listed word is in keep.txt's [never change], that no two lists give
one word different spellings, and that no Australian form is itself a key (so converting twice is the same
as converting once). Convert whole documents where you can: a fenced code block is only recognised when
both fences are in the text given to one call.

Speed: the text is lowercased and scanned once by a precompiled regex, a trie of all the listed words, that
stops only at word starts; Python code runs only for the (rare) listed words it finds, and the checks for
markup, CSS and headlines look only at the text around such a word. See bench/bench_spelling.py for its
speed next to the tokenizer's, and its accuracy on spelling/cases.tsv.
"""

import bisect
import os
import re
import sys
import unicodedata

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spelling")


# ---------------------------------------------------------------------------------------------------
# Reading the data. Every file in spelling/ has the same shape: "#" starts a comment, a line "[title]"
# starts a section, and everything else is data, read as words or as lines.
# ---------------------------------------------------------------------------------------------------

def read_sections(filename):
    """{section title: [data line, ...]} of spelling/<filename>, comments and blank lines dropped."""
    sections, current = {}, None
    with open(os.path.join(DATA_DIR, filename), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("[") and line.endswith("]"):
                current = sections.setdefault(line[1:-1], [])
            elif current is None:
                raise ValueError(f"spelling/{filename}: data before the first [section]: {line!r}")
            else:
                current.append(line)
    return sections


def _words(lines):
    return " ".join(lines).split()


def _pairs(lines, where):
    """{american: australian} from lines of 'us au us au ...' or 'us phrase = au phrase'."""
    table = {}
    for line in lines:
        if " = " in line:
            us, au = (" ".join(side.split()) for side in line.split(" = "))
            if len(us.split()) != len(au.split()):
                raise ValueError(f"{where}: a phrase pair must keep its number of words: {line!r}")
            table[us] = au
            continue
        words = line.split()
        if len(words) % 2:
            raise ValueError(f"{where}: a pair line has an odd number of words: {line!r}")
        table.update(zip(words[0::2], words[1::2]))
    return table


def spelling_cases():
    """[(class, input, expected), ...] from spelling/cases.tsv, the examples the tests and the benchmark
    use. An expected "=" means the input comes back unchanged; \\n and \\t stand for a newline and a tab."""
    cases = []
    with open(os.path.join(DATA_DIR, "cases.tsv"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = [field.replace("\\n", "\n").replace("\\t", "\t") for field in line.split("\t")]
            if len(fields) != 3:
                raise ValueError(f"spelling/cases.tsv line {number}: want 3 tab-separated fields: {line!r}")
            kind, text, expected = fields
            cases.append((kind, text, text if expected == "=" else expected))
    return cases


# The rule families of spelling/families.txt: (section, how the base is respelt, the endings made from
# it, whether the bare base converts). Derived words ([NAME derived]) have the base inside them respelt.
FAMILIES = [
    ("ize", lambda w: w[:-3] + "ise", ["s", "ed", "ing", "er", "ers", "ation", "ations", "ational", "able"], True),
    ("yze", lambda w: w[:-3] + "yse", ["s", "ed", "ing", "er", "ers"], True),
    ("our", lambda w: w[:-2] + "our", ["s", "ed", "ing"], True),
    ("re", lambda w: w[:-2] + "re", ["s", "ed", "ing"], True),
    ("ence", lambda w: w[:-2] + "ce", ["s"], True),
    ("ogue", lambda w: w + "ue", ["s", "ed", "ing", "er", "ers"], True),
    ("double l", lambda w: w + "l", ["ed", "ing", "er", "ers"], False),  # travel is the same in both
    ("single l", lambda w: w.replace("ll", "l", 1), ["s"], True),
]

_FAMILY_WORDS = read_sections("families.txt")
_PAIR_FILES = ("pairs.txt", "scowl_pairs.txt")
_KEEP = read_sections("keep.txt")

KEEP_PHRASES = _KEEP["names"]
KEEP_CAPITALISED_NAMES = _KEEP["capitalised names"]
NEVER_CHANGE = _words(_KEEP["never change"])
LOWERCASE_ONLY = _words(_KEEP["lowercase only"])
CAPITALISED_TOO = _words(_KEEP["capitalised too"])
TITLE_WORDS = _words(_KEEP["title words"])
HEADLINE_OPENERS = _words(_KEEP["headline openers"])
CSS_PROPERTIES = _words(_KEEP["css properties"])


# ---------------------------------------------------------------------------------------------------
# Building the table and the pattern.
# ---------------------------------------------------------------------------------------------------

def _attach(word, ending):
    """word + ending, dropping a final e before a vowel: organize+ing -> organizing."""
    if ending[:1] in ("a", "e", "i", "o") and word.endswith("e"):
        word = word[:-1]
    return word + ending


def _family(bases, to_au, endings, derived=(), bare=True):
    """{american: australian} for one family: each base and base+ending (the base itself only if
    `bare`), respelt by to_au(base); each derived word has the base inside it respelt the same way."""
    table = {}
    roots = {}
    for base in bases:
        au = to_au(base)
        if bare:
            table[base] = au
        for ending in endings:
            table[_attach(base, ending)] = _attach(au, ending)
        # the part of the base that appears unchanged inside derived words (organiz/organis)
        if base.endswith("e") and au.endswith("e"):
            roots[base[:-1]] = au[:-1]
        else:
            roots[base] = au
    for word in derived:
        root = max((r for r in roots if r in word), key=len, default=None)
        if root is None:
            raise ValueError(f"derived word {word!r} contains none of its family's bases")
        table[word] = word.replace(root, roots[root], 1)
    return table


def _build_table():
    """{american: australian}, lowercase (a key may be a phrase, "flat tire"), from families.txt, pairs.txt
    and scowl_pairs.txt. Fails loudly on a listed word that keep.txt says never changes, on two lists
    that spell one word differently, and on an Australian form that is itself a key."""
    table, source = {}, {}

    def add(part, where):
        for us, au in part.items():
            if table.get(us, au) != au:
                raise ValueError(f"{us!r} is {table[us]!r} in {source[us]} but {au!r} in {where}")
            if not (us.replace(" ", "").isalpha() and us.islower() and au.replace(" ", "").isalpha()
                    and au.islower()):
                raise ValueError(f"{where}: {us!r} -> {au!r}: words are lowercase letters")
            table[us], source[us] = au, where

    for name, to_au, endings, bare in FAMILIES:
        derived = _words(_FAMILY_WORDS.get(name + " derived", []))
        add(_family(_words(_FAMILY_WORDS[name]), to_au, endings, derived, bare), f"families.txt [{name}]")
    for filename in _PAIR_FILES:
        for title, lines in read_sections(filename).items():
            add(_pairs(lines, f"spelling/{filename} [{title}]"), f"{filename} [{title}]")
    bad = sorted(set(table) & set(NEVER_CHANGE))
    if bad:
        raise ValueError(f"words in keep.txt [never change] are listed for conversion: {bad}")
    loops = sorted(us for us, au in table.items() if au in table)
    if loops:
        raise ValueError(f"these words would change again if converted twice: {loops}")
    return table


# Letters in the order they most often start a word, and in the order they most often occur: the
# regex engine tries a trie's branches in turn, so putting common letters first saves time.
_WORD_INITIAL_ORDER = "tasciopbmwfhdrelngyuvkjqxz"
_LETTER_ORDER = "etaoinshrdlcumwfgypbvkjxqz"


def _trie_regex(words):
    """A regex matching exactly `words`, nested by shared prefix (colo(?:r(?:s|ed|)|ni...)) so the
    engine follows one branch per letter; a longer word is tried before its prefix. A space in a
    word matches any run of whitespace."""
    trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def render(node, depth):
        order = _WORD_INITIAL_ORDER if depth == 0 else _LETTER_ORDER
        children = sorted((char for char in node if char),
                          key=lambda c: (order.index(c) if c in order else len(order), c))
        if not children:
            return ""
        branches = [(r"\s+" if char == " " else re.escape(char)) + render(node[char], depth + 1)
                    for char in children]
        if "" in node:  # a word may also end here: an empty last branch, tried after the longer words
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return render(trie, 0)


def _non_word_class():
    """A character class of the characters below U+10000 that are not word characters (\\w) nor
    combining marks (an accent on the letter before). Like \\W, but looked up in a table instead of
    in Unicode properties, which is faster."""
    ranges = []
    for code in range(0x10000):
        char = chr(code)
        if char.isalnum() or char == "_" or unicodedata.category(char).startswith("M"):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


# ---------------------------------------------------------------------------------------------------
# The table and the patterns, built once at import (under a second: compiling the trie of ~8,000 words).
# ---------------------------------------------------------------------------------------------------

_AMERICAN_TO_AUSTRALIAN = _build_table()  # lowercase American -> lowercase Australian
_LOWERCASE_ONLY = frozenset(LOWERCASE_ONLY)
_CAPITALISED_TOO = frozenset(CAPITALISED_TOO)
_TITLE_WORDS = frozenset(TITLE_WORDS)
_HEADLINE_OPENERS = frozenset(HEADLINE_OPENERS)
_CSS_PROPERTIES = frozenset(CSS_PROPERTIES)
_PHRASES = [" ".join(name.lower().split()) for name in KEEP_PHRASES]
# Capitalised names are looked for only around a capitalised word that would otherwise convert.
_CAPITALISED_NAMES = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, name.split()))
                                                    for name in KEEP_CAPITALISED_NAMES) + r")\b", re.IGNORECASE)

# The whole conversion is one scan of the lowercased text with this pattern: a character that cannot
# be part of a word (consumed, so the engine only stops at word starts; the text gets a leading space
# so its first word is found too), then one of the listed words or names, ending at a word boundary.
# Matching lowercased text keeps the pattern to one form per word; case is dealt with per match.
_WORD = re.compile("(?:" + _non_word_class() + ")("
                   + _trie_regex(list(_AMERICAN_TO_AUSTRALIAN) + _PHRASES) + r")\b")

# Spans that are code, not prose; only looked for when the text has a backtick, ~~~ or a closing tag.
_CODE = re.compile(
    r"(`{3,}|~{3,})[\s\S]*?(?:\1|\Z)"                         # fenced block (to the end if left open)
    r"|``[^\n]*?``|`[^`\n]+`"                                 # inline code
    r"|<(?i:(code|pre|kbd|samp|script|style))\b[^<>]*>"        # HTML code element, up to its end tag
    r"(?:(?!</?(?i:\2)\b)[\s\S])*</(?i:\2)>"                    # (never past another such tag)
)

# A token (whitespace-separated run) containing any of these is a URL, e-mail, path or identifier:
# one of the characters, a call "f(x)" (but "color(s)" is prose), a dotted or :: name, a --flag, a
# quoted key "name": as in JSON, or a leading dot (a CSS class .center). Tags, editorial brackets and
# slashes between words are taken off the token before this is asked (see _is_prose).
_NOT_PROSE = re.compile(r"[/\\@_=$#{}\[\]<>|~^`]|\w\((?!s\))|\w[.:]+\w|\A--\w|\w[\"']:|\A\.[^\W\d_]")
_CONTEXT = 80  # how far either side of a word is looked at

# A word in a statement of code, even with spaces around it: assigned or compared (color = gray,
# favorite == x, x += color), or a value in JSON ("color": "gray"); an arrow => is not an assignment.
_CODE_AFTER = re.compile(r"[\"']?[ \t]*[-+*/%|&!<>=:]?=(?!>)")
_CODE_BEFORE = re.compile(r"(?:[=!<>:]=|(?<![=!<>:])=|[\"']\s*:)[ \t]*[\"']?\Z")

_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")              # <i>, </i>, <span class="x">
_TAG_START = re.compile(r"</?[A-Za-z]")
_EDITORIAL_OPEN = re.compile(r"\A([(\"'\u2018\u201c*]*)\[")            # "[" opening a token: [sic
_EDITORIAL_CLOSE = re.compile(r"\]([\].,;:!?)\"'\u2019\u201d*]*)\Z")   # "]" closing one: humor].
_LINK_TARGET = re.compile(r"(?<=\])\(\S*\Z")                          # the (url) of [text](url)
_SLASHED = re.compile(r"[^\W\d_][\w'\u2019-]*(?:/[^\W\d_][\w'\u2019-]*){1,2}")  # humor/irony
_PUNCTUATION = "\"'()[]*.,;:!?\u2018\u2019\u201c\u201d"

# CSS: a declaration "property: value" on one line, the value running up to the word being looked at,
# and what may follow a property name to make it a declaration ended by ";" or "}".
_CSS_BEFORE_VALUE = re.compile(r"(?:\A|(?<=[\s;{\"']))((?:\$|--)?[A-Za-z][\w-]*)\s*:\s*[^;{}:\n<>]*\Z")
_STYLE_ATTRIBUTE = re.compile(r"style\s*=\s*[\"']\Z", re.IGNORECASE)
_CSS_DECLARATION_END = re.compile(r"\s*:\s*[^;{}:\n<>]*[;}]")
_CSS_VALUE_END = re.compile(r"[^;{}:\n<>]*[;}]")

# Sentence starts: after . ! ? : ; > or an ellipsis, a line break or the start of the text, with only
# these "openers" (spaces, quotes, brackets, bullets) in between; not after a title or an initial.
_OPENERS = " \t\r\n\f\v\u00a0\"'([{*#-\u2018\u201c\u2013\u2014\u2022"
_QUOTES = "\"'\u2018\u201c"
_SENTENCE_ENDS = ".!?:;>\u2026"
_WORD_BEFORE_DOT = re.compile(r"(\w+)\.\Z")
_LIST_NUMBER = re.compile(r"(?:\A|\n)[ \t]*\d+[.)]\Z")                   # "1." or "2)" opening a line
_ABBREVIATIONS = frozenset("mr mrs ms dr st mt prof sr jr rev gen capt lt col sgt hon gov sen rep pres ft vs".split())

# Headlines: the run of words around a word, up to the nearest sentence or markup break.
_SEGMENT_BREAK = re.compile(r"[.!?:;()\[\]{}<>\"\u201c\u201d|\n\r]")
_SEGMENT_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_SPACES = re.compile(r"(\s+)")
_MARKDOWN_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]")
_RUN_WORD = re.compile(r"[^\W\d_]+(?=['\u2019]s\b)|[^\W\d_]+")        # a word, less a possessive 's
_RUN_BEFORE = re.compile(r"(?:[A-Z][a-z][\w'\u2019]*(?:[ \t]+|-|/))+\Z")
_RUN_AFTER = re.compile(r"(?:['\u2019]s)?(?:(?:[ \t]+|-|/)[A-Z][a-z][\w'\u2019]*)+")


def _inside_tag(text, start):
    """Is text[start] inside an HTML tag, as its name or in an attribute (<center>, <font color=...>)?"""
    opening = text.rfind("<", max(0, start - 2 * _CONTEXT), start)
    return (opening >= 0 and text.rfind(">", opening, start) < 0
            and _TAG_START.match(text, opening) is not None)


def _after_tags(text, start, before):
    """The part of `before` (the token up to text[start]) after the HTML tags that end right there:
    "<i>" of <i>honor, '<span class="x">' of <span class="x">color."""
    close = before.rfind(">")
    if close < 0:
        return before
    at = start - len(before) + close  # where that ">" is in text
    opening = text.rfind("<", max(0, at - 2 * _CONTEXT), at)
    if opening >= 0 and _TAG.fullmatch(text, opening, at + 1):
        return before[close + 1:]
    return before


def _before_tags(text, end, after):
    """The part of `after` (the token from text[end]) before an HTML tag that starts there: honor</i>."""
    opening = after.find("<")
    if opening >= 0 and _TAG.match(text, end + opening):
        return after[:opening]
    return after


def _is_prose(text, start, end):
    """Is the word text[start:end] prose, not part of a URL, path, e-mail address, identifier or tag?"""
    space_before = start == 0 or text[start - 1].isspace()
    space_after = end == len(text) or text[end].isspace()
    if space_before and space_after:
        return True  # the word is a token on its own (the usual case)
    before = "" if space_before else text[max(0, start - _CONTEXT):start].split()[-1]
    after = "" if space_after else text[end:end + _CONTEXT].split(None, 1)[0]
    if "<" in before + after or ">" in before + after:
        if _inside_tag(text, start):
            return False  # a tag name or an attribute
        before, after = _after_tags(text, start, before), _before_tags(text, end, after)
    if "[" in before:
        before = _EDITORIAL_OPEN.sub(r"\1", before)  # [humor] is the word humor; arr[color] is code
    if "]" in after:
        after = _EDITORIAL_CLOSE.sub(r"\1", _LINK_TARGET.sub("", after))
    if "/" in before or "/" in after:  # humor/irony is two words; a/b/c/d or /usr/color is a path
        if _SLASHED.fullmatch((before + text[start:end] + after).strip(_PUNCTUATION)):
            before, after = before[before.rfind("/") + 1:], after.split("/", 1)[0]
    return not _NOT_PROSE.search(before + text[start:end] + after)


def _in_statement(text, start, end):
    """Is text[start:end] assigned or compared in code, or a value in JSON ("color": "gray")?"""
    before = text[max(0, start - 12):start]
    if "=" not in text[end:end + 4] and "=" not in before and ":" not in before:
        return False  # (the usual case, found without a regex)
    return (_CODE_AFTER.match(text, end) is not None
            or _CODE_BEFORE.search(text, max(0, start - 12), start) is not None)


def _in_css(text, start, end, key):
    """Is the word text[start:end] (lowercased: key) part of CSS: a property name or the value of a
    declaration?"""
    hyphen = text[start - 1:start] == "-" or text[end:end + 1] == "-"
    if not hyphen and key not in _CSS_PROPERTIES and ":" not in text[max(0, start - _CONTEXT):start]:
        return False  # (the usual case, found without a regex)
    lo, hi = start, end
    if hyphen:  # the word may be part of a name: background-color
        while lo > 0 and (text[lo - 1].isalpha() or text[lo - 1] == "-"):
            lo -= 1
        while hi < len(text) and (text[hi].isalpha() or text[hi] == "-"):
            hi += 1
    name = text[lo:hi].lower()
    if name in _CSS_PROPERTIES:
        if "-" in name:
            return True  # background-color, text-align: never prose
        if _CSS_DECLARATION_END.match(text, hi):
            return True  # color: gray;
    window = max(0, lo - _CONTEXT)
    colon = text.rfind(":", window, lo)
    if colon < 0 or "\n" in text[colon:lo]:
        return False  # no "property:" before the word on its line (the usual case)
    value = _CSS_BEFORE_VALUE.search(text, max(window, text.rfind("\n", window, colon) + 1), lo)
    if value is None or not (value.group(1).lower() in _CSS_PROPERTIES or value.group(1)[0] in "$-"):
        return False  # a listed property, or a variable: $accent (Sass), --accent (CSS)
    # text-align: center is CSS; "Eye color: gray." is prose unless the declaration ends in ; or }
    # or follows another one.
    if _CSS_VALUE_END.match(text, end):
        return True  # the declaration ends in ; or }
    # Not ended (the last one in a quoted rule): a hyphenated property, one after another declaration or
    # the first in an HTML style attribute is still CSS for a few tokens of value ("text-align: center",
    # "; border: 1px solid gray", style="color: gray").
    before = text[max(0, value.start(1) - _CONTEXT):value.start(1)].rstrip()
    follows = before[-1:] in (";", "{") or _STYLE_ATTRIBUTE.search(before)  # or opens style="..."
    return ("-" in value.group(1) or follows) and len(text[value.end(1):lo].split(":", 1)[1].split()) < 4


def _starts_sentence(text, start):
    """Is text[start:] the first word of a sentence, a line, a list item or a quoted sentence?"""
    before = text[max(0, start - _CONTEXT):start]
    stripped = before.rstrip(_OPENERS)
    gap = before[len(stripped):]
    if not stripped.strip() or "\n" in gap or "\r" in gap or _LIST_NUMBER.search(stripped):
        return True
    if stripped[-1] in ",:" and any(quote in gap for quote in _QUOTES):
        return True  # she said, "Color ..."
    if stripped[-1] == ".":  # but not after "Mr.", "Dr.", an initial ("J.") or "e.g."
        last = _WORD_BEFORE_DOT.search(stripped)
        return not (last and (len(last.group(1)) == 1 or last.group(1).lower() in _ABBREVIATIONS))
    return stripped[-1] in _SENTENCE_ENDS


def _ordinary(parts):
    """Is a capitalised word (its hyphenated parts, lowercased) a listed or a title word, not a name?"""
    return any(part in _AMERICAN_TO_AUSTRALIAN for part in parts) or all(part in _TITLE_WORDS for part in parts)


def _capitalised_run(text, start, end):
    """(where it starts, its other words) for the run of capitalised words around the listed word
    text[start:end], joined by spaces or slashes: "Harbor Freight", "Colors/Flavors". A hyphenated
    compound counts as one word, by its parts (Well-Organized); words in capitals (TV, NASA) end the run."""
    before = _RUN_BEFORE.search(text, max(0, start - _CONTEXT), start)
    after = _RUN_AFTER.match(text, end)
    run_start = before.start() if before else start
    run = text[run_start:start] + "\0" + text[end:after.end() if after else end]  # \0: the listed word
    return run_start, [[part.lower() for part in _RUN_WORD.findall(word)]
                       for word in re.split(r"[\s/]+", run) if word and "\0" not in word]


def _in_headline(text, start, end):
    """Is text[start:end] in a headline: a markdown heading, or a run of three or more words, each
    capitalised or a short title word, with a title word capitalised after the first ("Ten Tips For A
    Colorful Garden") or, in four words or more, a headline opener first ("Why Favorite Colors Matter",
    "A Guide to Neighborhood Gardens")? Names write their title words in lowercase ("Medal of Honor") and
    seldom start with an opener, so they are not."""
    line_start = text.rfind("\n", 0, start) + 1
    if _MARKDOWN_HEADING.match(text, line_start):
        return True
    lo, hi = max(0, start - 2 * _CONTEXT), min(len(text), end + 2 * _CONTEXT)
    for brk in _SEGMENT_BREAK.finditer(text, lo, start):
        lo = brk.end()
    brk = _SEGMENT_BREAK.search(text, end, hi)
    words = _SEGMENT_WORD.findall(text, lo, brk.start() if brk else hi)
    if len(words) < 3:
        return False
    if not all(word[0].isupper() or word.lower() in _TITLE_WORDS for word in words):
        return False
    return (any(word[0].isupper() and word.lower() in _TITLE_WORDS for word in words[1:])
            or (len(words) >= 4 and words[0][0].isupper() and words[0].lower() in _HEADLINE_OPENERS))


def _in_capitalised_name(text, start, end):
    """Is text[start:end] part of a name in keep.txt [capitalised names], written with capitals?"""
    lo, hi = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    return any(m.start() <= start and end <= m.end() and not m.group().islower()
               for m in _CAPITALISED_NAMES.finditer(text, lo, hi))


def _in_case_of(word, au):
    """au written in the case of word, word by word for a phrase (lowercase, UPPER or Capitalised),
    or None for any other mix (cOLoR)."""
    if " " not in au:  # one word (the usual case)
        if word.islower():
            return au
        if word.isupper():
            return au.upper()
        if word[0].isupper() and (len(word) == 1 or word[1:].islower()):
            return au[0].upper() + au[1:]
        return None
    words, aus = _SPACES.split(word), au.split()
    out = []
    for i, part in enumerate(words):
        if i % 2:
            out.append(part)  # the whitespace between a phrase's words, as it was
            continue
        new = aus[i // 2]
        if part.islower():
            out.append(new)
        elif part.isupper():
            out.append(new.upper())
        elif part[0].isupper() and (len(part) == 1 or part[1:].islower()):
            out.append(new[0].upper() + new[1:])
        else:
            return None
    return "".join(out)


def _respell(text, start, end, key, au):
    """The Australian spelling `au` of the listed word text[start:end] (lowercased: key), in the word's
    case, or None where the word is to be left as it is."""
    if not _is_prose(text, start, end) or _in_css(text, start, end, key) or _in_statement(text, start, end):
        return None
    word = text[start:end]
    if word.islower():
        return _in_case_of(word, au)
    if key in _LOWERCASE_ONLY:
        return None
    # Capitals for emphasis, a family word, a headline, and a run of capitalised words opening a
    # sentence that are all listed or title words ("Favorite Colors") convert. A run with another
    # capitalised word in it is a name ("Harbor Freight", "Gray's Inn"), and so is any capitalised
    # word in the middle of a sentence.
    if word.isupper() or key in _CAPITALISED_TOO:
        convert = True
    else:
        run_start, others = _capitalised_run(text, start, end)
        convert = ((_starts_sentence(text, run_start) and all(_ordinary(parts) for parts in others))
                   or _in_headline(text, start, end))
    if convert and not _in_capitalised_name(text, start, end):
        return _in_case_of(word, au)
    return None


def _code_spans(text):
    """(starts, ends) of the code spans in text, or None when it has none."""
    if "`" not in text and "~~~" not in text and "</" not in text:
        return None
    spans = [m.span() for m in _CODE.finditer(text)]
    return ([s for s, _ in spans], [e for _, e in spans]) if spans else None


def convert_text_to_au_english(text):
    """Return `text` with American spellings replaced by Australian ones (see the module docstring)."""
    if not isinstance(text, str):
        raise TypeError(f"convert_text_to_au_english expects str, got {type(text).__name__}")
    lowered = text.lower()
    if len(lowered) != len(text):  # only U+0130 (I with dot) lowercases to two characters
        lowered = text.replace("\u0130", "i").lower()
    code = _code_spans(text)
    pieces, done = [], 0
    for match in _WORD.finditer(" " + lowered):
        key = match.group(1)
        au = _AMERICAN_TO_AUSTRALIAN.get(key)
        if au is None:
            key = " ".join(key.split())  # a phrase written across a line break or double space
            au = _AMERICAN_TO_AUSTRALIAN.get(key)
            if au is None:
                continue  # a kept phrase
        start, end = match.span(1)
        start, end = start - 1, end - 1  # positions in text, which has no leading space
        if code:
            i = bisect.bisect_right(code[0], start) - 1
            if i >= 0 and code[1][i] > start:
                continue  # inside code
        new = _respell(text, start, end, key, au)
        if new is not None:
            pieces += (text[done:start], new)
            done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def american_to_australian():
    """A copy of the lowercase {American: Australian} word table (for inspection and tests)."""
    return dict(_AMERICAN_TO_AUSTRALIAN)


def convert_stream(source, sink, chunk_chars=1 << 22):
    """Convert a binary UTF-8 stream into another, a few MB of whole lines at a time, so input of any size
    works. A piece is not cut inside a fenced code block (unless the block runs past 64 pieces' worth).
    Bytes that are not UTF-8 and \\r\\n line ends come out exactly as they went in."""
    buffer, size, limit = [], 0, chunk_chars
    for raw in source:
        buffer.append(raw.decode("utf-8", "surrogateescape"))
        size += len(buffer[-1])
        if size >= limit:
            text = "".join(buffer)
            if (text.count("```") % 2 == 0 and text.count("~~~") % 2 == 0) or size >= 64 * chunk_chars:
                sink.write(convert_text_to_au_english(text).encode("utf-8", "surrogateescape"))
                buffer, size, limit = [], 0, chunk_chars
            else:  # a code block is open: read on
                buffer, limit = [text], size + chunk_chars
    if buffer:
        sink.write(convert_text_to_au_english("".join(buffer)).encode("utf-8", "surrogateescape"))


def _main(argv):
    if argv:
        print(__doc__.strip())
        sys.exit(0 if argv[0] in ("-h", "--help") else 2)
    convert_stream(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    _main(sys.argv[1:])
