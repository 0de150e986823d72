"""Tests for convert_spelling.convert_text_to_au_english: every family, the keep list, case, text that is
not prose, whole sentences, the examples of spelling/cases.tsv class by class, the checks made on the data
files, and two properties (idempotent; text without American spellings unchanged)."""

import io
import os
import random
import subprocess
import sys
import time

import pytest

import convert_spelling
from convert_spelling import convert_text_to_au_english as convert

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pairs(text):
    """'us au us au ...' -> [(us, au), ...]"""
    words = text.split()
    return list(zip(words[0::2], words[1::2]))


# ---- one table per family: (American, Australian) ------------------------------------------------------

IZE = pairs("""
    organize organise  organized organised  organizing organising  organizes organises  organizer organiser
    organizers organisers  organization organisation  organizations organisations
    organizational organisational  disorganized disorganised  reorganization reorganisation
    realize realise  realized realised  realization realisation  recognize recognise
    recognizable recognisable  unrecognizable unrecognisable  unrecognized unrecognised
    apologize apologise  apologized apologised  authorize authorise  unauthorized unauthorised
    characterize characterise  civilization civilisation  criticize criticise  emphasize emphasise
    minimize minimise  maximize maximise  optimization optimisation  prioritize prioritise
    specialized specialised  summarize summarise  sympathizer sympathiser  utilize utilise
    visualization visualisation  baptize baptise  fertilizer fertiliser  vaporize vaporise
    hypothesize hypothesise  standardized standardised  womanizer womaniser  privatization privatisation
""")
YZE = pairs("""
    analyze analyse  analyzed analysed  analyzing analysing  analyzes analyses  analyzer analyser
    paralyze paralyse  paralyzed paralysed  paralyzing paralysing  catalyze catalyse  catalyzed catalysed
    hydrolyze hydrolyse  breathalyzer breathalyser  psychoanalyze psychoanalyse  unanalyzed unanalysed
""")
OUR = pairs("""
    color colour  colors colours  colored coloured  coloring colouring  colorful colourful
    colorfully colourfully  colorless colourless  colorblind colourblind  multicolored multicoloured
    watercolor watercolour  discolored discoloured  favor favour  favors favours  favored favoured
    favoring favouring  favorite favourite  favorites favourites  favoritism favouritism
    favorable favourable  unfavorable unfavourable  favorably favourably  honor honour  honored honoured
    honorable honourable  honorably honourably  dishonor dishonour  dishonorable dishonourable
    labor labour  labored laboured  laboring labouring  laborer labourer  laborers labourers
    neighbor neighbour  neighbors neighbours  neighboring neighbouring  neighborhood neighbourhood
    neighborhoods neighbourhoods  neighborly neighbourly  behavior behaviour  behaviors behaviours
    behavioral behavioural  behaviorally behaviourally  misbehavior misbehaviour  flavor flavour
    flavored flavoured  flavoring flavouring  flavorful flavourful  flavorless flavourless
    humor humour  humored humoured  humorless humourless  harbor harbour  harbored harboured
    harboring harbouring  odor odour  odorless odourless  rumor rumour  rumored rumoured  vapor vapour
    vapors vapours  savior saviour  endeavor endeavour  endeavored endeavoured  endeavoring endeavouring
    armor armour  armored armoured  armory armoury  ardor ardour  candor candour  clamor clamour
    demeanor demeanour  misdemeanor misdemeanour  fervor fervour  glamor glamour  parlor parlour
    rancor rancour  savor savour  savory savoury  splendor splendour  tumor tumour  tumors tumours
    valor valour  vigor vigour
""")
RE = pairs("""
    center centre  centers centres  centered centred  centering centring  centerpiece centrepiece
    epicenter epicentre  theater theatre  theaters theatres  amphitheater amphitheatre
    theatergoers theatregoers  fiber fibre  fibers fibres  fiberglass fibreglass  liter litre
    liters litres  milliliters millilitres  kilometer kilometre  kilometers kilometres
    centimeter centimetre  millimeters millimetres  caliber calibre  somber sombre  somberly sombrely
    specter spectre  luster lustre  lackluster lacklustre  meager meagre  meagerly meagrely  saber sabre
    scepter sceptre  sepulcher sepulchre  ocher ochre  miter mitre  mitered mitred  goiter goitre
    titer titre  saltpeter saltpetre
""")
ENCE = pairs("""
    defense defence  defenses defences  defenseless defenceless  offense offence  offenses offences
    pretense pretence  pretenses pretences
""")
OGUE = pairs("""
    catalog catalogue  catalogs catalogues  cataloged catalogued  cataloging cataloguing
    cataloger cataloguer  prolog prologue  epilog epilogue  monolog monologue  travelog travelogue
    demagog demagogue  homolog homologue
""")
DOUBLE_L = pairs("""
    traveled travelled  traveling travelling  traveler traveller  travelers travellers
    canceled cancelled  canceling cancelling  cancelation cancellation  labeled labelled
    labeling labelling  modeled modelled  modeling modelling  modeler modeller  fueled fuelled
    fueling fuelling  refueled refuelled  leveled levelled  leveling levelling  signaled signalled
    signaling signalling  jeweler jeweller  jewelers jewellers  marvelous marvellous
    marvelously marvellously  marveled marvelled  counselor counsellor  counselors counsellors
    counseled counselled  counseling counselling  totaled totalled  equaled equalled  dialed dialled
    dialing dialling  quarreled quarrelled  tunneling tunnelling  channeled channelled
    rivaled rivalled  medalist medallist  panelist panellist  libelous libellous  duelist duellist
    unraveled unravelled  shoveling shovelling  pedaled pedalled  stenciled stencilled
""")
SINGLE_L = pairs("""
    fulfill fulfil  fulfills fulfils  fulfillment fulfilment  enroll enrol  enrolls enrols
    enrollment enrolment  enrollments enrolments  skillful skilful  skillfully skilfully
    unskillful unskilful  willful wilful  willfully wilfully  installment instalment
    installments instalments  distill distil  instill instil  instills instils  enthrall enthral
    appall appal
""")
AE_OE = pairs("""
    pediatric paediatric  pediatrician paediatrician  pediatrics paediatrics  anemia anaemia
    anemic anaemic  anesthetic anaesthetic  anesthesia anaesthesia  anesthetist anaesthetist
    estrogen oestrogen  esophagus oesophagus  maneuver manoeuvre  maneuvers manoeuvres
    maneuvered manoeuvred  maneuvering manoeuvring  maneuverable manoeuvrable  hemoglobin haemoglobin
    hemorrhage haemorrhage  leukemia leukaemia  diarrhea diarrhoea  gynecology gynaecology
    orthopedic orthopaedic  edema oedema  celiac coeliac  feces faeces  archeology archaeology
    paleontology palaeontology
""")
IRREGULAR = pairs("""
    gray grey  grayish greyish  grayscale greyscale  mom mum  moms mums  mommy mummy
    aluminum aluminium  jewelry jewellery  pajamas pyjamas  plow plough  plowed ploughed
    snowplow snowplough  mold mould  molds moulds  moldy mouldy  molding moulding  smolder smoulder
    smoldering smouldering  skeptic sceptic  skeptical sceptical  skepticism scepticism  cozy cosy
    coziness cosiness  mustache moustache  woolen woollen  councilor councillor  mollusk mollusc
    worshiped worshipped
""")

FAMILIES = {"-ize": IZE, "-yze": YZE, "-our": OUR, "-re": RE, "-ence": ENCE, "-ogue": OGUE,
            "double l": DOUBLE_L, "single l": SINGLE_L, "ae/oe": AE_OE, "irregular": IRREGULAR}
ALL_PAIRS = [(family, us, au) for family, table in FAMILIES.items() for us, au in table]


@pytest.mark.parametrize("family, us, au", ALL_PAIRS)
def test_family_word(family, us, au):
    assert convert(us) == au
    assert convert(f"the {us} here") == f"the {au} here"
    assert convert(au) == au  # the Australian form is left alone


# ---- the keep list -------------------------------------------------------------------------------------

KEEP = """
    size sizes prize seize seized capsize capsized downsize resize citizen citizens horizon maize wizard
    actor doctor error mirror motor water after program programs programmed license licenses licence
    practice practise tire tyre check cheque meter metre meters story storey disk disc curb kerb draft
    draught honorary honorific humorous humorist laborious laboratory vaporous odorous glamorous
    rigorous vigorous coloration defensive offensive literal literature parameter diameter thermometer
    install installation installed fulfilled enrolled analog dialog anemone encyclopedia medieval fetus
    rigor arbor compelled rebelled paralleled travel model label level cancel signal jewel counsel total
    colour favourite organise centre theatre grey mum analyse travelled fulfil paediatric
    catalogue defence
""".split()


@pytest.mark.parametrize("word", KEEP + convert_spelling.NEVER_CHANGE)
def test_keep_list(word):
    for form in (word, word.capitalize(), word.upper()):
        assert convert(form) == form
        assert convert(f"and {form}.") == f"and {form}."


def test_never_change_words_are_not_in_the_table():
    assert not set(convert_spelling.american_to_australian()) & set(convert_spelling.NEVER_CHANGE)


def test_table_is_consistent():
    table = convert_spelling.american_to_australian()
    assert len(table) > 1000
    for us, au in table.items():
        assert us != au and us.islower() and au.islower()
        assert us.replace(" ", "").isalpha() and au.replace(" ", "").isalpha()  # words, or a phrase of words
        assert len(us.split()) == len(au.split()) and " ".join(us.split()) == us
        assert au not in table  # converting twice is the same as converting once


# ---- the examples table, class by class -----------------------------------------------------------------

CASES = convert_spelling.spelling_cases()


def case_id(case):
    kind, text, _ = case
    return f"{kind}: {text[:40]}"


@pytest.mark.parametrize("kind, text, expected", CASES, ids=[case_id(c) for c in CASES])
def test_cases_table(kind, text, expected):
    assert convert(text) == expected
    assert convert(expected) == expected  # converting twice is the same as converting once


def test_cases_table_covers_every_class():
    counts = {}
    for kind, text, expected in CASES:
        counts[kind] = counts.get(kind, 0) + 1
    assert set(counts) == {"convert", "keep", "names", "case", "sentence"}
    assert min(counts.values()) >= 20


# ---- the data files and the checks made when the table is built ---------------------------------------

def test_every_data_file_is_read():
    for name in ("families.txt", "pairs.txt", "scowl_pairs.txt", "keep.txt"):
        sections = convert_spelling.read_sections(name)
        assert sections and all(sections.values()), name
    table = convert_spelling.american_to_australian()
    for name, (us, au) in [("families", ("organize", "organise")), ("pairs", ("yogurt", "yoghurt")),
                           ("scowl", ("judgment", "judgement")), ("phrase", ("flat tire", "flat tyre"))]:
        assert table[us] == au, name


def test_pair_lines(tmp_path):
    assert convert_spelling._pairs(["a b  c d", "x y = z w"], "here") == {"a": "b", "c": "d", "x y": "z w"}
    with pytest.raises(ValueError, match="odd"):
        convert_spelling._pairs(["a b c"], "here")
    with pytest.raises(ValueError, match="number of words"):
        convert_spelling._pairs(["a b = c"], "here")


@pytest.mark.parametrize("change, message", [
    (lambda m: m.setattr(convert_spelling, "NEVER_CHANGE", convert_spelling.NEVER_CHANGE + ["color"]),
     "never change"),
    (lambda m: m.setattr(convert_spelling, "_PAIR_FILES", ("pairs.txt", "scowl_pairs.txt", "cases_conflict")),
     "but"),
])
def test_building_the_table_catches_mistakes(monkeypatch, change, message):
    original = convert_spelling.read_sections

    def read_sections(filename):
        if filename == "cases_conflict":  # a list that spells a listed word another way
            return {"conflict": ["color colur"]}
        return original(filename)

    monkeypatch.setattr(convert_spelling, "read_sections", read_sections)
    change(monkeypatch)
    with pytest.raises(ValueError, match=message):
        convert_spelling._build_table()


def test_section_files_need_a_section(tmp_path, monkeypatch):
    (tmp_path / "bad.txt").write_text("# a comment\nword\n[s]\nmore\n", encoding="utf-8")
    monkeypatch.setattr(convert_spelling, "DATA_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="before the first"):
        convert_spelling.read_sections("bad.txt")
    (tmp_path / "good.txt").write_text("# notes\n[one]\na b # c\n\n[two]\nd\n", encoding="utf-8")
    assert convert_spelling.read_sections("good.txt") == {"one": ["a b"], "two": ["d"]}


def test_scowl_pairs_keep_australian_preferences():
    """The pairs derived from SCOWL never touch words whose Australian use is split or that are
    Australian as they are."""
    table = convert_spelling.american_to_australian()
    for word in "program programs medieval medievalism fetus fetal eggplant prized hematite rigor sulfur".split():
        assert word not in table, word
    assert all(not au.startswith(("programme", "mediaev", "foet")) for au in table.values())


# ---- case ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("color", "colour"),
    ("Color", "Colour"),
    ("COLOR", "COLOUR"),
    ("Color is nice. COLOR IS NICE. color is nice.", "Colour is nice. COLOUR IS NICE. colour is nice."),
    ("cOLoR", "cOLoR"),                          # unusual mixes are left alone
    ("Organization", "Organisation"),
    ("ORGANIZATIONS", "ORGANISATIONS"),
    ("Favorite things", "Favourite things"),
    ("I said: Gray is fine.", "I said: Grey is fine."),
    ("- Color theory\n- Flavor text", "- Colour theory\n- Flavour text"),  # bullets start sentences
    ("\"Color,\" she said.", "\"Colour,\" she said."),
    ("We watched The Color Purple.", "We watched The Color Purple."),   # Title case mid-sentence: a name
    ("labor costs. Labor won the election.", "labour costs. Labor won the election."),  # the ALP
    ("LABOR", "LABOR"),
    ("I like Prolog. prolog and epilog.", "I like Prolog. prologue and epilogue."),
])
def test_case(text, expected):
    assert convert(text) == expected


def test_every_table_word_in_three_cases():
    wrong = []
    for us, au in sorted(convert_spelling.american_to_australian().items()):
        expected = [au, au.capitalize(), au.upper()]
        if us in convert_spelling.LOWERCASE_ONLY:
            expected[1:] = [us.capitalize(), us.upper()]
        got = [convert(us), convert(us.capitalize()), convert(us.upper())]
        if got != expected:
            wrong.append((us, got, expected))
    assert not wrong


@pytest.mark.parametrize("text, expected", [
    ("I met Mr. Gray and Dr. Gray. Gray hair.", "I met Mr. Gray and Dr. Gray. Grey hair."),
    ("J. Gray wrote it, e.g. Color Theory.", "J. Gray wrote it, e.g. Color Theory."),
    ("It ended. Color came back!", "It ended. Colour came back!"),
    ("Wait... Color?", "Wait... Colour?"),
    ("# Color Theory\n> Color is light.", "# Colour Theory\n> Colour is light."),
    ("(Color matters.)", "(Colour matters.)"),
])
def test_sentence_starts(text, expected):
    assert convert(text) == expected


# ---- punctuation and hyphens ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("color-blind", "colour-blind"),
    ("(color)", "(colour)"),
    ("colors,", "colours,"),
    ("\"color\"", "\"colour\""),
    ("\u201ccolor\u201d", "\u201ccolour\u201d"),
    ("color's hue", "colour's hue"),
    ("neighbor\u2019s dog", "neighbour\u2019s dog"),
    ("self-defense", "self-defence"),
    ("multi-colored", "multi-coloured"),
    ("well-organized, analyzed; centered!", "well-organised, analysed; centred!"),
    ("color(s)", "colour(s)"),
    ("**color**", "**colour**"),
    ("color\u2014flavor", "colour\u2014flavour"),
    ("color...", "colour..."),
    ("color?!", "colour?!"),
    ("color\ncolor\tcolor\r\n", "colour\ncolour\tcolour\r\n"),
    ("\u00a0color", "\u00a0colour"),
    ("10 kilometers", "10 kilometres"),
])
def test_punctuation(text, expected):
    assert convert(text) == expected


# ---- text that is not prose ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "https://example.com/color-wheel?favorite=gray",
    "see http://www.color.org/center and www.favorite-color.com",
    "ftp://files.example.com/theater/catalog.txt",
    "mail color.center@example.com or jane@favorite-color.com",
    "/usr/share/color/center.conf",
    "./models/color-center/organize.py",
    "C:\\Users\\mom\\Favorite Colors\\gray.png",
    "backgroundColor colorMap getColor setFavoriteColor",
    "color_map favorite_color _color COLOR_CENTER",
    "config.color theme.gray obj.center()",
    "color() analyze(x)",
    "$color #color @color {color} arr[color] dict['color'] <color> </color>",
    "color|size |color| a/b/c/color",
    "--color=auto color=gray",
    "color2 2color colorX",
    "color.py colors.txt",
    "namespace::color",
    "`color`",
    "``favorite `color` here``",
])
def test_non_prose_tokens_unchanged(text):
    assert convert(text) == text


@pytest.mark.parametrize("text, expected", [
    ("Use `color` for the color.", "Use `color` for the colour."),
    ("```\ncolor = gray\n```\nThe color is gray.", "```\ncolor = gray\n```\nThe colour is grey."),
    ("```python\nfavorite = 'color'\n```", "```python\nfavorite = 'color'\n```"),
    ("~~~\ncolor\n~~~ color", "~~~\ncolor\n~~~ colour"),
    ("open fence ```\ncolor to the end", "open fence ```\ncolor to the end"),
    ("<code>color center</code> color", "<code>color center</code> colour"),
    ("<pre>\nfavorite color\n</pre>", "<pre>\nfavorite color\n</pre>"),
    ("a stray ` backtick and color", "a stray ` backtick and colour"),
    ("visit https://x.com/color today, the color is gray", "visit https://x.com/color today, the colour is grey"),
    ("the color_map sets the color", "the color_map sets the colour"),
])
def test_code_spans(text, expected):
    assert convert(text) == expected


@pytest.mark.parametrize("text", [
    "World Health Organization",
    "WORLD HEALTH ORGANIZATION",
    "the world health organization",
    "Pearl Harbor was attacked.",
    "They went to Pearl Harbor.",
    "Lincoln Center", "Rockefeller Center", "World Trade Center", "Kennedy Space Center",
    "Labor Day is in September.",
    "the Department of Defense said",
    "Centers for Disease Control",
    "International Organization for Standardization",
    "a Gray code counter",
    "She met Mr Gray at the Medical Center in Harbor City.",
    "Por favor, dime. POR FAVOR",
])
def test_proper_names_unchanged(text):
    assert convert(text) == text


# ---- whole sentences -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("My favorite color is gray.", "My favourite colour is grey."),
    ("The organization analyzed the behavior of the neighbors.",
     "The organisation analysed the behaviour of the neighbours."),
    ("We traveled to the theater downtown and canceled the catalog order.",
     "We travelled to the theatre downtown and cancelled the catalogue order."),
    ("Mom said the pajamas were in the gray drawer with the jewelry.",
     "Mum said the pyjamas were in the grey drawer with the jewellery."),
    ("The pediatrician checked for anemia before the anesthetic.",
     "The paediatrician checked for anaemia before the anaesthetic."),
    ("Her defense was a pretense; the offense was real.", "Her defence was a pretence; the offence was real."),
    ("He was skeptical of the cozy, moldy aluminum shed.", "He was sceptical of the cosy, mouldy aluminium shed."),
    ("I'll fulfill my enrollment in the skillful course.", "I'll fulfil my enrolment in the skilful course."),
    ("The meter reading was 40 liters at the center.", "The meter reading was 40 litres at the centre."),
    ("Check the license and practice the program.", "Check the license and practice the program."),
    ("Our doctor, an actor and a wizard, won the prize for size.",
     "Our doctor, an actor and a wizard, won the prize for size."),
    ("The World Health Organization will organize a center.",
     "The World Health Organization will organise a centre."),
    ("<USR> What's your favorite color? <ASSIST> Color? I like gray. <EOT>",
     "<USR> What's your favourite colour? <ASSIST> Colour? I like grey. <EOT>"),
    ("Visit https://example.com/color to see my favorite color.",
     "Visit https://example.com/color to see my favourite colour."),
    ("", ""),
    ("   ", "   "),
])
def test_sentences(text, expected):
    assert convert(text) == expected


def test_non_ascii_text_is_kept():
    text = "İstanbul's color, naïve flavor, 日本語 color, emoji 🙂 favor, \udcff stray surrogate color"
    expected = "İstanbul's colour, naïve flavour, 日本語 colour, emoji 🙂 favour, \udcff stray surrogate colour"
    assert convert(text) == expected
    assert convert("écolor coloré") == "écolor coloré"  # not whole words


@pytest.mark.parametrize("text", [
    "<code> color " * 5000 + "</x>",                # unclosed code elements
    "<code color " * 5000,                          # unclosed tags
    "~~~~~~~~ color\n" * 5000,                      # separator lines that look like fences
    "`` color " * 5001 + "\n` color " * 5001,       # unbalanced backticks
    "color" * 20000 + " " + "a" * 100000,            # huge words
])
def test_odd_input_stays_fast(text):
    start = time.perf_counter()
    convert(text)
    assert time.perf_counter() - start < 5  # linear time: well under a second on any machine


def test_rejects_non_text():
    with pytest.raises(TypeError):
        convert(b"color")


# ---- properties ----------------------------------------------------------------------------------------

NEUTRAL_WORDS = """
    the a of and to in is it you that was for on are with as I his they be at one have this from by hot
    word but what some we can out other were all there when use your how said an each she which do their
    time if will way about many then them write would like so these her long make thing see him two has
    look more day could go come did number sound no most people my over know water than call first who
    may down side been now find any new work part take get place made live where after back little only
    colour favourite organise organisation centre theatre grey mum analyse travelled traveller fulfil
    defence catalogue paediatric manoeuvre jewellery aluminium behaviour neighbourhood licence license
    practice program meter size prize seize citizen horizon actor doctor error mirror motor honorary
    humorous laborious install model travel label Sydney Melbourne Australia G'day mate arvo kangaroo
    Prolog Labor LABOR PROLOG
""".split()
AMERICAN_WORDS = [us for _, us, _ in ALL_PAIRS] + ["Color", "COLOR", "Gray", "Labor", "Pearl Harbor",
                                                   "World Health Organization", "Center"]
PUNCTUATION = [" ", " ", " ", " ", ", ", ". ", "! ", "? ", "\n", "-", "'", "\"", "(", ")", ": ", "; ",
               " `", "` ", "```\n", "_", "/", "@", ".", "\u2014", "\t", "  "]


def random_text(rng, words, length):
    parts = []
    for _ in range(length):
        word = rng.choice(words)
        style = rng.random()
        if style < 0.15:
            word = word.capitalize()
        elif style < 0.2:
            word = word.upper()
        parts += (word, rng.choice(PUNCTUATION))
    return "".join(parts)


def test_text_without_american_spellings_is_unchanged():
    rng = random.Random(1234)
    for _ in range(300):
        text = random_text(rng, NEUTRAL_WORDS, rng.randint(0, 60))
        assert convert(text) == text


def test_idempotent():
    rng = random.Random(4321)
    words = NEUTRAL_WORDS + AMERICAN_WORDS
    for _ in range(300):
        text = random_text(rng, words, rng.randint(0, 60))
        once = convert(text)
        assert convert(once) == once


def test_only_listed_words_change():
    """Every difference between input and output is a listed American word becoming its Australian form."""
    rng = random.Random(99)
    table = convert_spelling.american_to_australian()
    for _ in range(200):
        tokens = [rng.choice(NEUTRAL_WORDS + AMERICAN_WORDS) for _ in range(rng.randint(1, 40))]
        text = " ".join(tokens)
        out = convert(text).split(" ")
        words = text.split(" ")
        assert len(out) == len(words)
        for before, after in zip(words, out):
            if before != after:
                assert table[before.lower()] == after.lower()


# ---- command line and streams --------------------------------------------------------------------------

def test_command_line_filters_stdin_to_stdout():
    data = "My favorite color is gray.\r\nA `color` line\n".encode() + b"\xff raw color byte\n"
    result = subprocess.run([sys.executable, os.path.join(ROOT, "convert_spelling.py")], input=data,
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "My favourite colour is grey.\r\nA `color` line\n".encode() + b"\xff raw colour byte\n"


def test_stream_in_small_pieces_keeps_fenced_blocks_whole():
    text = "color one\n```\n" + "color in code\n" * 50 + "```\ncolor after\n" + "plain gray line\n" * 50
    sink = io.BytesIO()
    convert_spelling.convert_stream(io.BytesIO(text.encode()), sink, chunk_chars=64)
    assert sink.getvalue().decode() == convert(text)
    assert convert(text).count("color in code") == 50 and "colour after" in convert(text)
