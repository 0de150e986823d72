"""
Convert American spellings to Australian English (Macquarie Dictionary conventions).

Usage:
    python convert_spelling.py < in.txt > out.txt        # converts stdin to stdout

    from convert_spelling import convert_text_to_au_english
    convert_text_to_au_english("My favorite color is gray.")  # -> "My favourite colour is grey."

Only the American words listed below are ever changed; every other character is copied unchanged, so
text without American spellings comes back exactly as it went in. Where Australian usage is split or
depends on meaning (license/licence, practice/practise, meter/metre, program, analog, dialog, ...) the
word is not listed and stays as written: a wrong change is worse than a missed one.

How a listed word is treated:
  * Case is kept: color -> colour, Color -> Colour, COLOR -> COLOUR (other mixes are left alone).
  * A capitalised word in the middle of a sentence is probably a name (Lincoln Center, Pearl Harbor,
    Department of Defense), so Title-case words change only at the start of a sentence or line.
  * Text that is not prose is left alone: fenced ``` / ~~~ code blocks, inline `code`, <code>/<pre>
    elements, and any whitespace-separated token that looks like a URL, e-mail address, file path or
    identifier: it contains one of / \\ @ _ = $ # { } [ ] < > | ~ ^, a call like f(x), a dot or colon
    between letters (obj.color, a::b), a leading --flag or a quoted "key": as in JSON.
    camelCase and snake_case need no rule of their own: a listed word only matches as a whole word, so
    backgroundColor, colorMap and color_map never match.
  * Hyphenated and punctuated words convert: color-blind, "(color)", colors, -> colour-blind, ...

The word lists are plain data, one family per list, each with a comment stating its rule. To add a word,
put its American base form in the right list; the inflections are generated. Building the table checks
that no generated word is in NEVER_CHANGE and that no Australian form is itself a key (so converting
twice is the same as converting once).

Convert whole documents where you can: a fenced code block is only recognised when both fences are in
the text given to one call.

Speed: the text is lowercased and scanned once by a precompiled regex, a trie of all the listed words, that
stops only at word starts; Python code runs only for the (rare) listed words it finds. See
bench/bench_spelling.py for its speed next to the tokenizer's.
"""

import bisect
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------------------------------
# Word data. Each family: BASES get the family's endings generated; DERIVED are further words built on
# a base (the base inside them is respelt the same way). A final "e" is dropped before an ending that
# starts with a vowel, on both sides: organize+ing -> organizing / organising, centre+ed -> centred.
# ---------------------------------------------------------------------------------------------------

# -ize -> -ise (Macquarie prefers -ise). Endings: -s -ed -ing -er -ers -ation -ations -ational -able.
# Not here on purpose: words where -ize is not the verb suffix (size, prize, seize, capsize, downsize,
# maize, citizen), and technical names better left alone (tokenize).
IZE_BASES = """
    accessorize acclimatize actualize agonize alphabetize anodize antagonize apologize atomize authorize
    baptize brutalize canonize capitalize caramelize carbonize categorize cauterize centralize
    characterize civilize colonize commercialize computerize conceptualize contextualize criminalize
    criticize crystallize customize decentralize decriminalize dehumanize demagnetize demilitarize
    democratize demonize demoralize deodorize deputize desensitize destabilize digitize disorganize
    dramatize economize editorialize emphasize empathize energize epitomize equalize eulogize evangelize
    externalize familiarize fantasize fertilize fetishize finalize formalize fossilize fraternize galvanize
    generalize glamorize globalize harmonize homogenize hospitalize humanize hybridize hypnotize
    hypothesize idealize idolize immobilize immortalize immunize incentivize industrialize initialize
    institutionalize internalize internationalize ionize italicize itemize jeopardize legalize legitimize
    liberalize lionize liquidize localize magnetize marginalize maximize mechanize memorialize memorize
    mesmerize metabolize militarize minimize mobilize modernize moisturize monetize monopolize moralize
    motorize nationalize naturalize neutralize normalize optimize organize ostracize oxidize parallelize
    pasteurize patronize penalize personalize philosophize plagiarize polarize politicize popularize
    pressurize prioritize privatize proselytize publicize pulverize radicalize randomize rationalize
    realize recognize regularize reorganize revitalize revolutionize romanticize sanitize satirize
    scandalize scrutinize sensationalize sensitize serialize sermonize socialize specialize stabilize
    standardize sterilize stigmatize strategize subsidize summarize symbolize sympathize synchronize
    synthesize systematize tantalize temporize tenderize terrorize theorize traumatize trivialize
    tyrannize unionize urbanize utilize vandalize vaporize verbalize victimize visualize vocalize
    vulcanize weaponize westernize winterize womanize
""".split()
IZE_DERIVED = """
    recognizably unrecognizable unrecognizably unrecognized unauthorized uncivilized unorganized
    unrealized unspecialized unsanitized
""".split()

# -yze -> -yse. Endings: -s -ed -ing -er -ers (analyze -> analyse, analysed, analysing, analyser).
YZE_BASES = """
    analyze breathalyze catalyze dialyze electrolyze hydrolyze overanalyze paralyze psychoanalyze
    reanalyze
""".split()
YZE_DERIVED = """unanalyzed""".split()

# -or -> -our. Endings: -s -ed -ing. Derived forms are listed one by one because many -or words keep
# the plain -or- before a suffix in Australian English too (honorary, humorous, laborious, vaporise,
# vigorous, glamorous, coloration): those are not listed. Left out: rigor (medical "rigors" keeps -or),
# arbor (a machine part; Arbor Day), Labor in capitals (the Australian Labor Party: see LOWERCASE_ONLY).
OUR_BASES = """
    ardor armor behavior candor clamor color demeanor discolor dishonor endeavor favor fervor flavor
    glamor harbor honor humor labor misbehavior misdemeanor neighbor odor parlor rancor rumor savior savor
    splendor succor tricolor tumor valor vapor vigor watercolor
""".split()
OUR_DERIVED = """
    colorful colorfully colorfulness colorless colorblind colorist colorists colorway colorways
    multicolored favorite favorites favoritism favorable favorably unfavorable unfavorably
    honorable honorably dishonorable dishonorably laborer laborers neighborhood neighborhoods
    neighborly neighborliness behavioral behaviorally behaviorism behaviorist behaviorists flavorful
    flavorless flavorsome humorless odorless armory armorer armorers savory harbormaster
""".split()

# -er -> -re. Endings: -s -ed -ing (center -> centre, centres, centred, centring). Left out: meter (a
# gauge is a meter in Australia too) and words that keep -er (diameter, parameter, thermometer).
RE_BASES = """
    amphitheater caliber center centiliter centimeter deciliter decimeter epicenter fiber goiter
    kiloliter kilometer lackluster liter luster meager milliliter millimeter miter nanometer ocher saber
    saltpeter scepter sepulcher somber specter theater titer
""".split()
RE_DERIVED = """
    centerpiece centerpieces centerline centerfold centerfolds fiberglass theatergoer theatergoers
    somberly somberness meagerly meagerness
""".split()

# -ense -> -ence. Endings: -s. Left out: license (licence is the noun, license the verb).
ENCE_BASES = """defense offense pretense""".split()
ENCE_DERIVED = """defenseless defenselessness""".split()

# -og -> -ogue. Endings: -s -ed -ing -er -ers (catalog -> catalogue, catalogued, cataloguing). Left out:
# analog and dialog, whose Australian use is split (analog/analogue clock, dialog box/dialogue); the
# language Prolog is kept by LOWERCASE_ONLY.
OGUE_BASES = """catalog demagog epilog homolog monolog prolog travelog""".split()
OGUE_DERIVED = []

# Doubled l: a final unstressed -l doubles before a suffix (travel -> travelled, travelling,
# traveller). The bare word is the same in both; only the suffixed forms are generated.
# Endings: -ed -ing -er -ers. Verbs with a stressed final syllable (compel, rebel) double in both.
DOUBLE_L_BASES = """
    barrel bevel cancel carol channel chisel counsel cudgel dial dishevel duel enamel equal fuel funnel
    gravel grovel initial jewel label level libel marshal marvel medal model panel pedal pencil pummel
    quarrel refuel revel rival shovel shrivel signal snivel snorkel spiral stencil swivel total towel
    travel tunnel unravel yodel
""".split()
DOUBLE_L_DERIVED = """
    cancelation cancelations counselor counselors duelist duelists libelous marvelous marvelously
    medalist medalists panelist panelists
""".split()

# Single l: American -ll- before a suffix or at the end of these words is a single l in Australia
# (fulfill -> fulfil, enrollment -> enrolment, skillful -> skilful). Endings: -s. Forms that double in
# both (fulfilled, enrolling) and install/installation are the same in both, so they are not listed.
SINGLE_L_BASES = """appall distill enroll enthrall fulfill installment instill skillful willful""".split()
SINGLE_L_DERIVED = """
    enrollment enrollments enthrallment fulfillment fulfillments skillfully unskillful willfully
    willfulness
""".split()

# ae / oe: Australian English keeps the classical digraph (pediatric -> paediatric, estrogen ->
# oestrogen). Written out as "American Australian" pairs. Left out: encyclopedia, medieval, fetus,
# homeopathy, eon (both spellings are in Australian use), and anemone (never an ae word).
AE_OE_PAIRS = """
    anemia anaemia                          anemic anaemic
    anesthesia anaesthesia                  anesthesiologist anaesthesiologist
    anesthesiologists anaesthesiologists    anesthesiology anaesthesiology
    anesthetic anaesthetic                  anesthetics anaesthetics
    anesthetist anaesthetist                anesthetists anaesthetists
    anesthetize anaesthetise                anesthetized anaesthetised
    archeological archaeological            archeologist archaeologist
    archeologists archaeologists            archeology archaeology
    celiac coeliac                          cesarean caesarean
    diarrhea diarrhoea                      edema oedema
    esophageal oesophageal                  esophagus oesophagus
    esthetic aesthetic                      esthetics aesthetics
    estrogen oestrogen                      estrogens oestrogens
    etiology aetiology                      fecal faecal
    feces faeces                            gynecological gynaecological
    gynecologist gynaecologist              gynecologists gynaecologists
    gynecology gynaecology                  hematologist haematologist
    hematology haematology                  hematoma haematoma
    hemoglobin haemoglobin                  hemophilia haemophilia
    hemorrhage haemorrhage                  hemorrhaged haemorrhaged
    hemorrhages haemorrhages                hemorrhagic haemorrhagic
    hemorrhaging haemorrhaging              hemorrhoids haemorrhoids
    leukemia leukaemia                      orthopedic orthopaedic
    orthopedics orthopaedics                paleontologist palaeontologist
    paleontologists palaeontologists        paleontology palaeontology
    pediatric paediatric                    pediatrician paediatrician
    pediatricians paediatricians            pediatrics paediatrics
    maneuver manoeuvre                      maneuvers manoeuvres
    maneuvered manoeuvred                   maneuvering manoeuvring
    maneuverable manoeuvrable               maneuverability manoeuvrability
"""

# Irregular words, written out with their inflections as "American Australian" pairs.
IRREGULAR_PAIRS = """
    gray grey              grays greys            grayed greyed          graying greying
    grayer greyer          grayest greyest        grayish greyish        grayness greyness
    grayscale greyscale
    mom mum                moms mums              mommy mummy            mommies mummies
    aluminum aluminium     jewelry jewellery      pajamas pyjamas        pajama pyjama
    plow plough            plows ploughs          plowed ploughed        plowing ploughing
    snowplow snowplough    snowplows snowploughs  plowshare ploughshare  plowshares ploughshares
    mold mould             molds moulds           molded moulded         molding moulding
    moldings mouldings     moldy mouldy           moldier mouldier       moldiest mouldiest
    smolder smoulder       smolders smoulders     smoldered smouldered   smoldering smouldering
    skeptic sceptic        skeptics sceptics      skeptical sceptical    skeptically sceptically
    skepticism scepticism
    cozy cosy              cozier cosier          coziest cosiest        cozily cosily
    coziness cosiness
    mustache moustache     mustaches moustaches   mustached moustached
    woolen woollen         woolens woollens       councilor councillor   councilors councillors
    mollusk mollusc        mollusks molluscs      behoove behove         behooves behoves
    worshiped worshipped   worshiping worshipping worshiper worshipper   worshipers worshippers
"""

# Words that convert only when written in lowercase: capitalised they are names (the Australian Labor
# Party; the programming language Prolog).
LOWERCASE_ONLY = """labor prolog""".split()

# Phrases kept exactly as written, in any case, one per line: proper names that keep their own spelling,
# and a Spanish phrase common in English text. Matched as whole phrases, so a name at the start of a
# sentence or in capitals is safe too.
KEEP_PHRASES = [line.strip() for line in """
    World Health Organization
    Pan American Health Organization
    World Trade Organization
    World Meteorological Organization
    World Intellectual Property Organization
    International Labour Organization
    International Labor Organization
    International Organization for Standardization
    North Atlantic Treaty Organization
    Food and Agriculture Organization
    Pearl Harbor
    Lincoln Center
    Rockefeller Center
    World Trade Center
    Kennedy Center
    Johnson Space Center
    Kennedy Space Center
    Centers for Disease Control
    Center for Disease Control
    Department of Defense
    Defense Department
    Secretary of Defense
    Labor Day
    Labor Party
    Gray code
    por favor
""".splitlines() if line.strip()]

# Never changed. Building the table fails if a generated American form is one of these, which catches
# mistakes when the lists above are extended. The tests check all of them.
NEVER_CHANGE = """
    size sizes sized prize prizes seize seized capsize capsized downsize resize citizen citizens
    horizon horizons maize wizard wizards baize bronze actor actors doctor doctors error errors mirror
    mirrors motor motors water after program programs programmed license licenses licensed practice
    practiced practise tire tires check checks meter meters story stories storey disk disks disc curb
    kerb draft drafts draught honorary honorarium honorific humorous humorist laborious laboratory
    vaporous odorous glamorous rigorous vigorous valorous clamorous rancorous coloration humoral
    defensive offensive literal literally literature parameter diameter thermometer speedometer
    perimeter install installs installed installing installation fulfilled fulfilling enrolled
    enrolling analog analogs dialog dialogs anemone rigor rigors arbor tokenize tokenizer encyclopedia
    medieval fetus compelled rebelled paralleled
""".split()


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


def _pairs(text):
    """'american australian american australian ...' -> {american: australian}"""
    words = text.split()
    if len(words) % 2:
        raise ValueError("pair list has an odd number of words")
    return dict(zip(words[0::2], words[1::2]))


def _build_table():
    """{american lowercase: australian lowercase} from all the families."""
    parts = [
        _family(IZE_BASES, lambda w: w[:-3] + "ise",
                ["s", "ed", "ing", "er", "ers", "ation", "ations", "ational", "able"], IZE_DERIVED),
        _family(YZE_BASES, lambda w: w[:-3] + "yse", ["s", "ed", "ing", "er", "ers"], YZE_DERIVED),
        _family(OUR_BASES, lambda w: w[:-2] + "our", ["s", "ed", "ing"], OUR_DERIVED),
        _family(RE_BASES, lambda w: w[:-2] + "re", ["s", "ed", "ing"], RE_DERIVED),
        _family(ENCE_BASES, lambda w: w[:-2] + "ce", ["s"], ENCE_DERIVED),
        _family(OGUE_BASES, lambda w: w + "ue", ["s", "ed", "ing", "er", "ers"], OGUE_DERIVED),
        _family(DOUBLE_L_BASES, lambda w: w + "l", ["ed", "ing", "er", "ers"], DOUBLE_L_DERIVED, bare=False),
        _family(SINGLE_L_BASES, lambda w: w.replace("ll", "l", 1), ["s"], SINGLE_L_DERIVED),
        _pairs(AE_OE_PAIRS),
        _pairs(IRREGULAR_PAIRS),
    ]
    table = {}
    for part in parts:
        table.update(part)
    bad = sorted(set(table) & set(NEVER_CHANGE))
    if bad:
        raise ValueError(f"words in NEVER_CHANGE were generated for conversion: {bad}")
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
# The table and the patterns, built once at import (about 0.1 s).
# ---------------------------------------------------------------------------------------------------

_AMERICAN_TO_AUSTRALIAN = _build_table()  # lowercase American -> lowercase Australian
_LOWERCASE_ONLY = frozenset(LOWERCASE_ONLY)
_PHRASES = [" ".join(name.lower().split()) for name in KEEP_PHRASES]

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
# one of the characters, a call "f(x)" (but "color(s)" is prose), a dotted or :: name, a --flag, or a
# quoted key "name": as in JSON.
_NOT_PROSE = re.compile(r"[/\\@_=$#{}\[\]<>|~^`]|\w\((?!s\))|\w[.:]+\w|\A--\w|\w[\"']:")
_CONTEXT = 80  # how far either side of a word is looked at

# Sentence starts: after . ! ? : ; > or an ellipsis, a line break or the start of the text, with only
# these "openers" (spaces, quotes, brackets, bullets) in between; not after a title or an initial.
_OPENERS = " \t\r\n\f\v\u00a0\"'([{*#-\u2018\u201c\u2013\u2014\u2022"
_SENTENCE_ENDS = ".!?:;>\u2026"
_WORD_BEFORE_DOT = re.compile(r"(\w+)\.\Z")
_ABBREVIATIONS = frozenset("mr mrs ms dr st mt prof sr jr rev gen capt lt col sgt hon gov sen rep pres ft vs".split())


def _is_prose(text, start, end):
    """Is the word text[start:end] prose, not part of a URL, path, e-mail address or identifier?"""
    space_before = start == 0 or text[start - 1].isspace()
    space_after = end == len(text) or text[end].isspace()
    if space_before and space_after:
        return True  # the word is a token on its own (the usual case)
    before = "" if space_before else text[max(0, start - _CONTEXT):start].split()[-1]
    after = "" if space_after else text[end:end + _CONTEXT].split(None, 1)[0]
    return not _NOT_PROSE.search(before + text[start:end] + after)


def _starts_sentence(text, start):
    """Is text[start:] the first word of a sentence, a line or the text (after quotes or a bullet)?"""
    before = text[max(0, start - _CONTEXT):start]
    stripped = before.rstrip(_OPENERS)
    gap = before[len(stripped):]
    if not stripped.strip() or "\n" in gap or "\r" in gap:
        return True
    if stripped[-1] == ".":  # but not after "Mr.", "Dr.", an initial ("J.") or "e.g."
        last = _WORD_BEFORE_DOT.search(stripped)
        return not (last and (len(last.group(1)) == 1 or last.group(1).lower() in _ABBREVIATIONS))
    return stripped[-1] in _SENTENCE_ENDS


def _respell(text, start, end, key, au):
    """The Australian spelling `au` of the listed word text[start:end] (lowercased: key), in the word's
    case, or None where the word is to be left as it is."""
    if not _is_prose(text, start, end):
        return None
    word = text[start:end]
    if word == key:
        return au
    if key in _LOWERCASE_ONLY:
        return None
    if word == key.upper():
        return au.upper()
    if word == key.capitalize() and _starts_sentence(text, start):
        return au.capitalize()  # a capitalised word mid-sentence is taken to be a name
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
