"""Build the bundled training corpus, quantaTinyLLM.txt.

Usage (from the repository root):

    python tools/make_corpus.py                  # writes quantaTinyLLM.txt in the repo root
    python tools/make_corpus.py --out /tmp/c.txt # writes the corpus somewhere else
    python tools/make_corpus.py --heldout bench/heldout_questions.jsonl
                                                 # also writes the held-out question set

Every sentence in this file was written for this project. The corpus is built
from two kinds of material:

* hand-written conversations (small talk, how-to, science, maths, language,
  Australian places, animals and seasons, stories, and questions about language
  models and this project), each with a few ways of asking, and
* a "fact strand" made from small tables of checkable facts (capitals, the
  Australian states and territories, sums, differences, times tables, the days
  and months, opposites, animal sounds and young) asked in many different ways,
  always answered in a consistent style that contains the fact word.

A fixed seed makes the output reproducible byte for byte.

File format: UTF-8, one conversation per line, '\\n' line endings. A line holds
one or more turns, each written `<USR> user text <ASSIST> reply <EOT>`, with
turns separated by a single space.

The held-out questions (bench/heldout_questions.jsonl) use question templates
that are kept out of the corpus on purpose, so the benchmark asks about facts
the model has seen, in words it has never seen.

Spelling is Australian English throughout (colour, organise, centre, mum, grey).
"""

import argparse
import json
import random
import re
from pathlib import Path

SEED = 20240611
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "quantaTinyLLM.txt"
MAX_CONVERSATION_CHARS = 800
# How many phrasings of each fact the corpus asks (one conversation each), and how many multi-question
# chains each strand gets: the balance between learnable facts and free conversation.
PER_FACT = {"add": 10, "sub": 10, "times": 12, "capital": 7, "opposite": 6, "next_day": 12, "prev_day": 10,
            "next_month": 12, "prev_month": 10, "nth_month": 6, "sound": 8, "young": 8}
CHAINS = {"arithmetic": 300, "capitals": 160, "days_months": 160}
STORIES_PER_HERO = 5
SPECIAL_TOKENS = ("<USR>", "<ASSIST>", "<EOT>", "<PAD>")


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def cap(text):
    """Capitalise the first letter only (keeps 'the Netherlands' -> 'The Netherlands')."""
    return text[:1].upper() + text[1:] if text else text


def a_or_an(word):
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def plural(word):
    irregular = {"mouse": "mice", "sheep": "sheep", "deer": "deer", "fish": "fish",
                 "goose": "geese", "platypus": "platypuses", "wolf": "wolves",
                 "calf": "calves", "puppy": "puppies", "butterfly": "butterflies",
                 "fox": "foxes", "ox": "oxen", "person": "people", "child": "children",
                 "bee": "bees", "kookaburra": "kookaburras", "cockatoo": "cockatoos",
                 "dingo": "dingoes", "echidna": "echidnas", "kid": "kids"}
    if word in irregular:
        return irregular[word]
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def fmt_turns(turns):
    """turns: list of (user, assistant) pairs -> one corpus line."""
    parts = []
    for user, assistant in turns:
        parts.append("<USR> %s <ASSIST> %s <EOT>" % (user.strip(), assistant.strip()))
    return " ".join(parts)


def number_word(n):
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
             "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
             "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    return words[n] if 0 <= n < len(words) else str(n)


ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh",
            "eighth", "ninth", "tenth", "eleventh", "twelfth"]


# ---------------------------------------------------------------------------
# Fact tables
# ---------------------------------------------------------------------------

# (country as written in a sentence, capital, continent or region)
COUNTRIES = [
    ("France", "Paris", "Europe"),
    ("Germany", "Berlin", "Europe"),
    ("Italy", "Rome", "Europe"),
    ("Spain", "Madrid", "Europe"),
    ("Portugal", "Lisbon", "Europe"),
    ("the United Kingdom", "London", "Europe"),
    ("Ireland", "Dublin", "Europe"),
    ("the Netherlands", "Amsterdam", "Europe"),
    ("Belgium", "Brussels", "Europe"),
    ("Switzerland", "Bern", "Europe"),
    ("Austria", "Vienna", "Europe"),
    ("Greece", "Athens", "Europe"),
    ("Sweden", "Stockholm", "Europe"),
    ("Norway", "Oslo", "Europe"),
    ("Denmark", "Copenhagen", "Europe"),
    ("Finland", "Helsinki", "Europe"),
    ("Iceland", "Reykjavik", "Europe"),
    ("Poland", "Warsaw", "Europe"),
    ("Hungary", "Budapest", "Europe"),
    ("Romania", "Bucharest", "Europe"),
    ("Bulgaria", "Sofia", "Europe"),
    ("Croatia", "Zagreb", "Europe"),
    ("Serbia", "Belgrade", "Europe"),
    ("Ukraine", "Kyiv", "Europe"),
    ("Russia", "Moscow", "Europe and Asia"),
    ("Turkey", "Ankara", "Europe and Asia"),
    ("Egypt", "Cairo", "Africa"),
    ("Kenya", "Nairobi", "Africa"),
    ("Nigeria", "Abuja", "Africa"),
    ("Ghana", "Accra", "Africa"),
    ("Ethiopia", "Addis Ababa", "Africa"),
    ("Morocco", "Rabat", "Africa"),
    ("Senegal", "Dakar", "Africa"),
    ("Algeria", "Algiers", "Africa"),
    ("Tunisia", "Tunis", "Africa"),
    ("Uganda", "Kampala", "Africa"),
    ("Zimbabwe", "Harare", "Africa"),
    ("Zambia", "Lusaka", "Africa"),
    ("Japan", "Tokyo", "Asia"),
    ("China", "Beijing", "Asia"),
    ("South Korea", "Seoul", "Asia"),
    ("India", "New Delhi", "Asia"),
    ("Pakistan", "Islamabad", "Asia"),
    ("Bangladesh", "Dhaka", "Asia"),
    ("Nepal", "Kathmandu", "Asia"),
    ("Thailand", "Bangkok", "Asia"),
    ("Vietnam", "Hanoi", "Asia"),
    ("Malaysia", "Kuala Lumpur", "Asia"),
    ("the Philippines", "Manila", "Asia"),
    ("Cambodia", "Phnom Penh", "Asia"),
    ("Laos", "Vientiane", "Asia"),
    ("Mongolia", "Ulaanbaatar", "Asia"),
    ("Iran", "Tehran", "Asia"),
    ("Iraq", "Baghdad", "Asia"),
    ("Saudi Arabia", "Riyadh", "Asia"),
    ("Jordan", "Amman", "Asia"),
    ("Lebanon", "Beirut", "Asia"),
    ("Qatar", "Doha", "Asia"),
    ("the United Arab Emirates", "Abu Dhabi", "Asia"),
    ("Afghanistan", "Kabul", "Asia"),
    ("Timor-Leste", "Dili", "Asia"),
    ("the United States", "Washington", "North America"),
    ("Canada", "Ottawa", "North America"),
    ("Mexico", "Mexico City", "North America"),
    ("Cuba", "Havana", "North America"),
    ("Jamaica", "Kingston", "North America"),
    ("Brazil", "Brasilia", "South America"),
    ("Argentina", "Buenos Aires", "South America"),
    ("Chile", "Santiago", "South America"),
    ("Peru", "Lima", "South America"),
    ("Colombia", "Bogota", "South America"),
    ("Venezuela", "Caracas", "South America"),
    ("Ecuador", "Quito", "South America"),
    ("Uruguay", "Montevideo", "South America"),
    ("New Zealand", "Wellington", "Oceania"),
    ("Papua New Guinea", "Port Moresby", "Oceania"),
    ("Fiji", "Suva", "Oceania"),
    ("Samoa", "Apia", "Oceania"),
    ("Vanuatu", "Port Vila", "Oceania"),
    ("the Solomon Islands", "Honiara", "Oceania"),
]

# (name, short name, capital, kind, one true sentence about the capital)
AU_STATES = [
    ("New South Wales", "NSW", "Sydney", "state",
     "Sydney is the biggest city in Australia and sits on a beautiful harbour."),
    ("Victoria", "Vic", "Melbourne", "state",
     "Melbourne is known for its laneways, its coffee and its love of sport."),
    ("Queensland", "Qld", "Brisbane", "state",
     "Brisbane sits on the Brisbane River and has warm weather for most of the year."),
    ("Western Australia", "WA", "Perth", "state",
     "Perth is on the Swan River and is one of the most isolated big cities in the world."),
    ("South Australia", "SA", "Adelaide", "state",
     "Adelaide is a city of parks and is close to famous wine regions."),
    ("Tasmania", "Tas", "Hobart", "state",
     "Hobart sits at the foot of kunanyi / Mount Wellington on the River Derwent."),
    ("the Australian Capital Territory", "ACT", "Canberra", "territory",
     "Canberra is also the capital of the whole country and is home to Parliament House."),
    ("the Northern Territory", "NT", "Darwin", "territory",
     "Darwin is in the tropics, with a wet season and a dry season."),
]

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MONTH_DAYS = {"January": "31", "February": "28, or 29 in a leap year", "March": "31",
              "April": "30", "May": "31", "June": "30", "July": "31", "August": "31",
              "September": "30", "October": "31", "November": "30", "December": "31"}
# Seasons in Australia (southern hemisphere, the usual calendar seasons).
AU_SEASON_OF_MONTH = {
    "December": "summer", "January": "summer", "February": "summer",
    "March": "autumn", "April": "autumn", "May": "autumn",
    "June": "winter", "July": "winter", "August": "winter",
    "September": "spring", "October": "spring", "November": "spring",
}

# (word, opposite, ask_both_ways). Only pairs that are clear in both directions
# are asked both ways; the rest are asked only from the first word.
OPPOSITES = [
    ("hot", "cold", True), ("up", "down", True), ("happy", "sad", True),
    ("fast", "slow", True), ("wet", "dry", True), ("open", "closed", True),
    ("early", "late", True), ("full", "empty", True), ("heavy", "light", False),
    ("dark", "light", False), ("day", "night", True), ("black", "white", True),
    ("in", "out", True), ("on", "off", True), ("left", "right", False),
    ("push", "pull", True), ("win", "lose", True), ("buy", "sell", True),
    ("rich", "poor", True), ("strong", "weak", True), ("loud", "quiet", False),
    ("clean", "dirty", True), ("top", "bottom", True), ("inside", "outside", True),
    ("always", "never", True), ("first", "last", True), ("true", "false", True),
    ("yes", "no", True), ("boy", "girl", True), ("king", "queen", True),
    ("brother", "sister", True), ("question", "answer", True), ("thick", "thin", True),
    ("wide", "narrow", True), ("sweet", "sour", True), ("remember", "forget", True),
    ("above", "below", True), ("before", "after", True), ("north", "south", True),
    ("east", "west", True), ("summer", "winter", True), ("young", "old", False),
    ("asleep", "awake", True), ("smooth", "rough", True), ("cheap", "expensive", True),
    ("tight", "loose", True), ("deep", "shallow", True), ("near", "far", True),
    ("high", "low", True), ("good", "bad", True), ("new", "old", False),
    ("long", "short", False), ("tall", "short", False), ("big", "small", True),
    ("start", "finish", False), ("arrive", "leave", False), ("laugh", "cry", False),
    ("safe", "dangerous", True), ("friend", "enemy", True), ("add", "subtract", True),
    ("more", "less", True), ("sunrise", "sunset", True), ("love", "hate", True),
    ("noisy", "quiet", False), ("easy", "hard", False), ("huge", "tiny", True),
    ("entrance", "exit", True), ("polite", "rude", True), ("sharp", "blunt", True),
]

# (animal, sound word, short natural sentence that uses the sound word)
ANIMAL_SOUNDS = [
    ("cow", "moo", "Cows moo, especially when they want food or are calling their calves."),
    ("dog", "woof", "Dogs bark, and a bark sounds like woof."),
    ("cat", "meow", "Cats meow, and they purr when they are content."),
    ("sheep", "baa", "Sheep bleat, which sounds like baa."),
    ("duck", "quack", "Ducks quack to talk to each other."),
    ("horse", "neigh", "Horses neigh, and they also snort and whinny."),
    ("pig", "oink", "Pigs oink and grunt, especially around food."),
    ("rooster", "cock-a-doodle-doo", "Roosters crow cock-a-doodle-doo, often very early in the morning."),
    ("hen", "cluck", "Hens cluck softly as they scratch around for food."),
    ("owl", "hoot", "Owls hoot at night, when they are awake and hunting."),
    ("lion", "roar", "A lion's roar can be heard kilometres away."),
    ("frog", "croak", "Frogs croak, mostly at night and after rain."),
    ("snake", "hiss", "Snakes hiss when they feel threatened."),
    ("bee", "buzz", "The buzz comes from a bee's wings beating very fast."),
    ("mouse", "squeak", "Mice squeak, often too high for people to hear all of it."),
    ("donkey", "hee-haw", "Donkeys bray, which sounds like hee-haw."),
    ("wolf", "howl", "Wolves howl to call the rest of their pack."),
    ("goat", "maa", "Goats bleat, which sounds a bit like maa."),
    ("kookaburra", "laugh", "The kookaburra's call sounds like loud laughter, so it is called a laugh."),
    ("elephant", "trumpet", "Elephants trumpet through their trunks."),
    ("turkey", "gobble", "Male turkeys gobble."),
    ("crow", "caw", "Crows caw, and in Australia they often call with a long, sad aaah."),
    ("dingo", "howl", "Dingoes rarely bark; they howl to keep in touch with each other."),
    ("pigeon", "coo", "Pigeons coo softly."),
    ("magpie", "warble", "Australian magpies warble, a rich musical song, often at dawn."),
    ("bird", "tweet", "Small birds tweet and chirp."),
]

# (animal, name of the young, extra true sentence)
ANIMAL_YOUNG = [
    ("kangaroo", "joey", "A joey lives in its mother's pouch for months."),
    ("koala", "joey", "A koala joey rides in the pouch and later on its mother's back."),
    ("wombat", "joey", "A wombat's pouch faces backwards, so dirt does not get in while she digs."),
    ("wallaby", "joey", "Like all kangaroos, a wallaby carries its joey in a pouch."),
    ("possum", "joey", "A possum joey often rides on its mother's back."),
    ("echidna", "puggle", "An echidna lays an egg, and the puggle hatches in her pouch."),
    ("platypus", "puggle", "Platypus mothers lay eggs and feed their puggles milk."),
    ("cow", "calf", "A calf can stand up soon after it is born."),
    ("dog", "puppy", "Puppies are born with their eyes closed."),
    ("cat", "kitten", "Kittens open their eyes after about a week."),
    ("sheep", "lamb", "On many farms, lambs are born in late winter and spring."),
    ("horse", "foal", "A foal can walk within hours of being born."),
    ("pig", "piglet", "A mother pig can have ten or more piglets at once."),
    ("duck", "duckling", "Ducklings follow their mother in a line."),
    ("goose", "gosling", "Goslings are covered in soft, fluffy down."),
    ("hen", "chick", "A chick hatches from an egg after about three weeks."),
    ("frog", "tadpole", "A tadpole lives in water and slowly grows legs."),
    ("lion", "cub", "Lion cubs are born with spotted fur."),
    ("bear", "cub", "Bear cubs stay with their mother for a year or two."),
    ("goat", "kid", "Young goats are called kids and love to climb."),
    ("deer", "fawn", "A fawn has white spots that help it hide."),
    ("swan", "cygnet", "Cygnets are grey and fluffy at first."),
    ("owl", "owlet", "Owlets are fluffy and stay in the nest for weeks."),
    ("butterfly", "caterpillar", "A caterpillar later becomes a butterfly inside a chrysalis."),
    ("elephant", "calf", "An elephant calf can weigh about 100 kilograms at birth."),
    ("whale", "calf", "A whale calf drinks its mother's milk in the ocean."),
    ("seal", "pup", "Seal pups are fed rich milk and grow quickly."),
    ("dingo", "pup", "Dingo pups are born in a den."),
    ("emu", "chick", "Emu fathers sit on the eggs and look after the striped chicks."),
    ("tiger", "cub", "Tiger cubs stay with their mother for about two years."),
    ("eagle", "eaglet", "Eaglets grow up in a big nest high off the ground."),
    ("shark", "pup", "Shark pups can look after themselves from the start."),
    ("rabbit", "kitten", "Baby rabbits are called kittens, or kits."),
    ("giraffe", "calf", "A giraffe calf is already about as tall as a grown person when it is born."),
]


# ---------------------------------------------------------------------------
# Phrasings for the fact strand
#
# Each strand has TRAIN question templates (used in the corpus) and HELDOUT
# question templates (used only in bench/heldout_questions.jsonl). A question
# template may be a plain string, or a (question, [answer templates]) pair when
# it needs a reply of its own shape. Replies always contain the fact word.
# ---------------------------------------------------------------------------

CAPITAL_Q = [
    "What is the capital of {c}?",
    "What's the capital of {c}?",
    "What is the capital city of {c}?",
    "Which city is the capital of {c}?",
    "Tell me the capital of {c}.",
    "Name the capital of {c}.",
    "Do you know the capital of {c}?",
    "capital of {c}?",
    "What city is {cs} capital?",
    "{C}: what is its capital?",
    "I need the capital of {c} for my homework.",
    "Can you tell me what the capital of {c} is?",
    "Which city is {cs} capital city?",
    "Remind me, what's the capital of {c}?",
    "What's {cs} capital city called?",
    "My teacher asked us for the capital of {c}. What is it?",
    "Which city is the seat of government in {c}?",
    "What is {cs} capital?",
    "Where is the capital of {c}?",
    "I forgot the capital of {c}. Can you help?",
    "What city is the capital of {c}?",
    "Tell me {cs} capital.",
    "In {c}, which city is the capital?",
    "Name {cs} capital city.",
    "What is the name of {cs} capital?",
    "I want to know {cs} capital city.",
]
CAPITAL_Q_HELDOUT = [
    "I'd like to know the capital of {c}.",
    "Could you name the capital city of {c}?",
    "Which city serves as the capital of {c}?",
    "What would you say is the capital of {c}?",
    "Help me out: what is the capital of {c} called?",
]
CAPITAL_A = [
    "The capital of {c} is {k}.",
    "{k} is the capital of {c}.",
    "The capital city of {c} is {k}.",
    "{CS} capital is {k}.",
    "The capital of {c} is {k}. {C} is in {region}.",
    "{k} is the capital city of {c}, in {region}.",
    "That would be {k}. {k} is the capital of {c}.",
]
CAPITAL_REVERSE_Q = [
    "{k} is the capital of which country?",
    "Which country has {k} as its capital?",
    "Where is {k}?",
    "What country is {k} the capital of?",
    ("Is {k} a capital city?", ["Yes. {k} is the capital of {c}.", "Yes, {k} is the capital city of {c}."]),
]
CAPITAL_REVERSE_A = [
    "{k} is the capital of {c}.",
    "{k} is the capital city of {c}, in {region}.",
]
FOLLOW_COUNTRY_Q = ["And {c}?", "What about {c}?", "How about {c}?",
                    "And the capital of {c}?", "And what about {c}?", "Now do {c}."]

AU_CAPITAL_Q = CAPITAL_Q[:16] + [
    "What's the capital of {short}?",
    "Capital city of {short}?",
    "Which city is the capital of the state or territory of {c}?",
]
AU_CAPITAL_A = [
    "The capital of {c} is {k}.",
    "{k} is the capital of {c}.",
    "The capital of {c} is {k}. {fact}",
    "{k} is the capital of {c}. {fact}",
    "The capital city of {c} is {k}.",
]
AU_REVERSE_Q = [
    "Which state is {k} in?",
    "{k} is the capital of which state or territory?",
    "Which part of Australia is {k} the capital of?",
    "Where in Australia is {k}?",
    "What is {k} the capital of?",
]
AU_REVERSE_A = [
    "{k} is the capital of {c}.",
    "{k} is the capital of {c}. {fact}",
]
AUSTRALIA_CAPITAL_Q = [
    "What is the capital of Australia?",
    "What's the capital city of Australia?",
    "Is Sydney the capital of Australia?",
    "Which city is the capital of Australia?",
    "Australia's capital is what?",
    "Where is the capital of Australia?",
    "Tell me the capital of Australia.",
    "capital of australia?",
    "Is Melbourne the capital of Australia?",
    "Do you know the capital of Australia?",
]
AUSTRALIA_CAPITAL_A = [
    "The capital of Australia is Canberra.",
    "Canberra is the capital of Australia. It is in the Australian Capital Territory.",
    "It's Canberra. Many people guess Sydney or Melbourne, but Canberra is the capital of Australia.",
    "The capital of Australia is Canberra, home of Parliament House.",
]

ADD_Q = [
    "What is {a} plus {b}?",
    "What's {a} + {b}?",
    "{a} + {b} = ?",
    "Add {a} and {b}.",
    "What do you get if you add {a} and {b}?",
    "How much is {a} plus {b}?",
    "Can you work out {a} + {b}?",
    "What is the sum of {a} and {b}?",
    "{a} plus {b}?",
    "What does {a} plus {b} make?",
    "Quick maths: {a} + {b}?",
    "What is {a} add {b}?",
    "Please add {b} to {a}.",
    "what's {a} plus {b}",
    "{a} add {b} is how much?",
    "Help me add {a} and {b}.",
    ("If I have {a} {things} and I get {b} more, how many do I have?",
     ["{a} plus {b} is {s}, so you would have {s} {things}."]),
    ("There are {a} {things} in a bowl and someone adds {b} more. How many are in the bowl now?",
     ["{a} plus {b} is {s}, so there are {s} {things} in the bowl now."]),
    "Tell me what {a} plus {b} is.",
    "Work out {a} plus {b}.",
    "Do you know what {a} plus {b} is?",
    "Can you add {a} and {b} for me?",
    "What's the total of {a} and {b}?",
    "If you add {b} to {a}, what do you get?",
    "{a} and {b} added up make what?",
    "Add {b} onto {a}. What's the answer?",
    "What do {a} and {b} make together?",
    "Solve {a} + {b}.",
    "Find the sum of {a} and {b}.",
    "How much is {a} and {b} altogether?",
    "My homework says {a} plus {b}. What's the answer?",
    "Count on {b} from {a}. Where do you land?",
    "Put {a} and {b} together. How many is that?",
    ("I have {a} {things}. My friend gives me {b} more. How many have I got now?",
     ["{a} plus {b} is {s}, so now you have {s} {things}."]),
    ("{a} {things} and {b} more {things} make how many?",
     ["{a} plus {b} is {s}, so that makes {s} {things}."]),
]
ADD_Q_HELDOUT = [
    "Could you tell me what {a} plus {b} equals?",
    "Calculate {a} plus {b} for me.",
    "What number do you get when {a} and {b} are added together?",
    "I'm adding {a} and {b}. What's the total?",
]
ADD_A = [
    "{a} plus {b} is {s}.",
    "{a} + {b} = {s}.",
    "{a} plus {b} equals {s}.",
    "Adding {b} to {a} gives {s}.",
    "{a} plus {b} makes {s}.",
    "The sum of {a} and {b} is {s}.",
]

SUB_Q = [
    "What is {a} minus {b}?",
    "What's {a} - {b}?",
    "{a} - {b} = ?",
    "Take {b} away from {a}.",
    "What do you get if you take {b} from {a}?",
    "Subtract {b} from {a}.",
    "How much is {a} take away {b}?",
    "What is {a} take away {b}?",
    "{a} minus {b}?",
    "What is the difference between {a} and {b}?",
    "Can you work out {a} - {b}?",
    "What's left when you take {b} away from {a}?",
    "what is {a} minus {b}",
    "Quick maths: {a} - {b}?",
    ("If I have {a} {things} and give away {b}, how many are left?",
     ["{a} minus {b} is {d}, so {d} {things} are left."]),
    ("There were {a} {things} on the table and {b} got eaten. How many are left?",
     ["{a} minus {b} is {d}, so {d} {things} are left."]),
    "Tell me what {a} minus {b} is.",
    "Work out {a} minus {b}.",
    "Do you know what {a} take away {b} is?",
    "Can you subtract {b} from {a} for me?",
    "If you take {b} away from {a}, what's left?",
    "Take {b} off {a}. What do you get?",
    "What is {a} less {b}?",
    "How much is left if I remove {b} from {a}?",
    "Solve {a} - {b}.",
    "What do you get when you subtract {b} from {a}?",
    "{a} subtract {b} is what?",
    "Count back {b} from {a}. Where do you end up?",
    "My homework says {a} minus {b}. What's the answer?",
    ("I had {a} {things} and lost {b}. How many do I have now?",
     ["{a} minus {b} is {d}, so you have {d} {things} now."]),
    ("{a} {things} take away {b} {things} leaves how many?",
     ["{a} take away {b} leaves {d}, so {d} {things}."]),
]
SUB_Q_HELDOUT = [
    "Could you tell me what {a} minus {b} equals?",
    "Calculate {a} minus {b} for me.",
    "If you subtract {b} from {a}, what is the result?",
    "I start with {a} and remove {b}. What remains?",
]
SUB_A = [
    "{a} minus {b} is {d}.",
    "{a} - {b} = {d}.",
    "{a} minus {b} equals {d}.",
    "{a} take away {b} leaves {d}.",
    "Taking {b} from {a} leaves {d}.",
]

TIMES_Q = [
    "What is {a} times {b}?",
    "What's {a} x {b}?",
    "{a} x {b} = ?",
    "What is {a} multiplied by {b}?",
    "Multiply {a} by {b}.",
    "How much is {a} times {b}?",
    "What are {a} lots of {b}?",
    "{a} times {b}?",
    "What is {a} groups of {b}?",
    "Can you do {a} x {b} for me?",
    "What's the product of {a} and {b}?",
    "what is {a} times {b}",
    "Times {a} by {b}.",
    "Quick maths: {a} x {b}?",
    ("If there are {a} bags with {b} {things} in each, how many {things} are there?",
     ["{a} times {b} is {p}, so there are {p} {things} altogether."]),
    "Tell me what {a} times {b} is.",
    "Work out {a} times {b}.",
    "Do you know what {a} times {b} is?",
    "Can you multiply {a} by {b} for me?",
    "What do you get if you multiply {a} by {b}?",
    "{a} multiplied by {b} makes what?",
    "Solve {a} x {b}.",
    "What is {a} x {b}?",
    "How much are {a} groups of {b}?",
    "My homework says {a} times {b}. What's the answer?",
    "Times tables: {a} x {b}?",
    ("There are {a} rows with {b} chairs in each row. How many chairs is that?",
     ["{a} times {b} is {p}, so that is {p} chairs."]),
]
TIMES_Q_HELDOUT = [
    "Could you tell me what {a} times {b} equals?",
    "Calculate {a} times {b} for me.",
    "Work out {a} multiplied by {b}, please.",
    "I need to know {a} times {b}. What is it?",
]
TIMES_A = [
    "{a} times {b} is {p}.",
    "{a} x {b} = {p}.",
    "{a} multiplied by {b} equals {p}.",
    "{a} lots of {b} make {p}.",
    "{a} groups of {b} make {p}.",
]
THINGS = ["apples", "oranges", "marbles", "pencils", "stickers", "biscuits", "shells",
          "lollies", "books", "cards", "blocks", "stamps", "eggs", "buttons", "balloons"]

NEXT_DAY_Q = [
    "What day comes after {d}?",
    "What is the day after {d}?",
    "Which day follows {d}?",
    "What comes after {d}?",
    "What's the next day after {d}?",
    "After {d}, what day is it?",
    "Which day comes after {d}?",
    ("If today is {d}, what day is tomorrow?", ["If today is {d}, tomorrow is {n}."]),
    ("It's {d} today. What day will it be tomorrow?", ["Tomorrow will be {n}, the day after {d}."]),
    "Tell me the day after {d}.",
    "Which day of the week is after {d}?",
    "What day is next after {d}?",
    "What day follows {d} in the week?",
    "The day after {d} is which day?",
    "Name the day that comes after {d}.",
    "Which weekday comes after {d}?",
    "Do you know what day comes after {d}?",
    "In the week, what comes right after {d}?",
    ("Yesterday was {d}. What day is it today?", ["If yesterday was {d}, today is {n}."]),
]
# Replies name the asked-about day or month first and the answer last, the order a small model learns best.
NEXT_DAY_A = ["The day after {d} is {n}.", "After {d} comes {n}.", "The next day after {d} is {n}."]
PREV_DAY_Q = [
    "What day comes before {d}?",
    "What is the day before {d}?",
    "Which day is just before {d}?",
    "What comes before {d}?",
    ("If today is {d}, what day was yesterday?", ["If today is {d}, yesterday was {n}."]),
    "Tell me the day before {d}.",
    "Which day of the week is before {d}?",
    "What day comes right before {d}?",
    "Which weekday comes before {d}?",
    "Name the day that comes before {d}.",
    "In the week, what comes just before {d}?",
    "The day before {d} is which day?",
    "Do you know what day comes before {d}?",
    ("Tomorrow is {d}. What day is it today?", ["If tomorrow is {d}, today is {n}."]),
]
PREV_DAY_A = ["The day before {d} is {n}.", "Before {d} comes {n}.", "Just before {d} is {n}."]
NEXT_DAY_Q_HELDOUT = ["Tell me which day of the week comes straight after {d}.",
                      "Once {d} is over, which day begins?"]
PREV_DAY_Q_HELDOUT = ["Tell me which day of the week comes just before {d}.",
                      "Which day of the week do we have right before {d}?"]

NEXT_MONTH_Q = [
    "What month comes after {m}?",
    "What is the month after {m}?",
    "What comes after {m}?",
    "Which month is after {m}?",
    "What's the next month after {m}?",
    ("If this month is {m}, what is next month?", ["If this month is {m}, next month is {n}."]),
    "Tell me the month after {m}.",
    "Which month of the year comes after {m}?",
    "Name the month that comes after {m}.",
    "What month follows {m}?",
    "In the year, what comes right after {m}?",
    "The month after {m} is which month?",
    "Do you know which month comes after {m}?",
]
NEXT_MONTH_A = ["The month after {m} is {n}.", "After {m} comes {n}.", "The next month after {m} is {n}."]
PREV_MONTH_Q = [
    "What month comes before {m}?",
    "What is the month before {m}?",
    "Which month is just before {m}?",
    "What comes before {m}?",
    ("If this month is {m}, what was last month?", ["If this month is {m}, last month was {n}."]),
    "Tell me the month before {m}.",
    "Which month of the year comes before {m}?",
    "Name the month that comes before {m}.",
    "What month comes right before {m}?",
    "In the year, what comes just before {m}?",
    "The month before {m} is which month?",
    "Do you know which month comes before {m}?",
]
PREV_MONTH_A = ["The month before {m} is {n}.", "Before {m} comes {n}.", "Just before {m} is {n}."]
NTH_MONTH_Q = [
    "What is the {o} month of the year?",
    "Which month is the {o} month?",
    "What's month number {i}?",
    "Which month is number {i}?",
    "What is the {o} month?",
    "Which month comes {o} in the year?",
    "Name the {o} month of the year.",
    "Tell me the {o} month.",
    "Which is the {o} month of the year?",
]
NTH_MONTH_A = ["The {o} month of the year is {m}.", "Month number {i} is {m}.", "The {o} month is {m}."]
MONTH_NUMBER_Q = ["Which number month is {m}?", "What number month is {m}?",
                  "Is {m} the {o} month?", "Where does {m} come in the year?"]
MONTH_NUMBER_A = ["{m} is the {o} month of the year.", "{m} is month number {i}."]
NEXT_MONTH_Q_HELDOUT = ["Tell me which month comes straight after {m}.",
                        "Once {m} is over, which month begins?"]
PREV_MONTH_Q_HELDOUT = ["Tell me which month comes just before {m}.",
                        "Which month do we have right before {m}?"]
NTH_MONTH_Q_HELDOUT = ["Counting from January, which month is the {o} one?"]

OPPOSITE_Q = [
    "What is the opposite of {w}?",
    "What's the opposite of {w}?",
    "Opposite of {w}?",
    "Tell me the opposite of {w}.",
    "What word means the opposite of {w}?",
    "Give me the opposite of {w}.",
    "What is the antonym of {w}?",
    "Which word is the opposite of {w}?",
    "What's an antonym for {w}?",
    "Do you know the opposite of {w}?",
    "I'm learning opposites. What is the opposite of {w}?",
    "{W} is the opposite of what?",
    "what is the opposite of {w}",
    "What goes opposite {w}?",
]
OPPOSITE_Q_HELDOUT = [
    "Can you think of a word that means the opposite of {w}?",
    "What would be the opposite word for {w}?",
    "Name the opposite of {w}.",
]
OPPOSITE_A = [
    "The opposite of {w} is {o}.",
    "{O} is the opposite of {w}.",
    "The opposite of {w} is {o}. They are a pair of opposites.",
    "It's {o}. The opposite of {w} is {o}.",
    "An antonym of {w} is {o}.",
]
FOLLOW_OPPOSITE_Q = ["And {w}?", "What about {w}?", "Now {w}.", "And the opposite of {w}?"]

SOUND_Q = [
    "What sound does {aa} make?",
    "What noise does {aa} make?",
    "What does {aa} say?",
    "What do {ap} say?",
    "How does {aa} sound?",
    "What sound do {ap} make?",
    "Tell me the sound {aa} makes.",
    "What noise do {ap} make?",
    "My little one wants to know what {aa} says.",
    "what does {aa} say",
    "What kind of noise does {aa} make?",
    "What sound would {aa} make?",
    "What do you hear when {aa} calls?",
    "Tell me what noise {ap} make.",
    "What sound comes from {aa}?",
    "How do {ap} sound?",
    "What call does {aa} make?",
    "If {aa} could talk, what would it say?",
    "What does {aa} sound like?",
]
SOUND_Q_HELDOUT = [
    "If you hear {aa}, what does it sound like?",
    "Which sound would I hear from {aa}?",
]
SOUND_A = ["{AA} says {s}.", "{AP} go {s}.", "The sound {aa} makes is {s}. {extra}",
           "{AA} says {s}. {extra}", "{extra}"]
# For these the sound word is not something an animal "says", so replies use
# the hand-written sentence.
SOUND_NOT_SAID = {"laugh", "warble", "trumpet", "howl", "roar"}

YOUNG_Q = [
    "What is a baby {a} called?",
    "What do you call a baby {a}?",
    "What's the name for a young {a}?",
    "What is a young {a} called?",
    "What are baby {ap} called?",
    "A baby {a} is called what?",
    "What do we call {aa}'s baby?",
    "Name for a baby {a}?",
    "What word is used for a baby {a}?",
    "what is a baby {a} called",
    "What do you call a young {a}?",
    "What's the word for a baby {a}?",
    "What is the name for a baby {a}?",
    "Which word do we use for a young {a}?",
    "If {aa} has babies, what are they called?",
    "Tell me what a baby {a} is called.",
    "A young {a} has what name?",
    "What do people call a baby {a}?",
]
YOUNG_Q_HELDOUT = [
    "When {aa} has a baby, what is the baby called?",
    "Tell me the name of a baby {a}.",
]
YOUNG_A = [
    "A baby {a} is called {ay}.",
    "A young {a} is called {ay}.",
    "It's called {ay}. {extra}",
    "A baby {a} is called {ay}. {extra}",
    "The young of {aa} is called {ay}.",
]


# ---------------------------------------------------------------------------
# Hand-written conversations
#
# A small text format keeps them readable. Blocks are separated by blank
# lines. In a block, a "Q:" line is a user turn (alternative phrasings
# separated by " | ") and the "A:" lines after it are alternative replies.
# A block with several Q lines is a multi-turn conversation; every phrasing of
# the first question becomes its own conversation, and the later turns are
# kept in most of them.
# ---------------------------------------------------------------------------

LLM_TALK = """
Q: What is a token? | What's a token in a language model? | Can you explain what a token is? | What do you mean by token?
A: A token is a small piece of text that the model reads and writes. It might be a whole word like "cat", part of a word like "ing", a space, or a punctuation mark. The tokenizer turns text into a list of token numbers, and the model learns to predict the next one.
A: A token is a chunk of text, often a word or part of a word. Before I read anything, a tokenizer splits the text into tokens and gives each one an id number. I predict text one token at a time.
Q: How many tokens are there? | How big is the vocabulary?
A: In this project the tokenizer has a vocabulary of about 4,096 tokens, including a few special marker tokens that show who is speaking and where a turn ends. Common words get a single token, and rare words are built from several smaller pieces.

Q: What is a language model? | What are you? | What kind of thing are you? | Explain what a language model is.
A: A language model is a computer model that has learned to predict the next piece of text from the text before it. I am a very small one. I was trained on a few thousand short conversations, so I can chat about simple things, but I make mistakes and I do not know about anything outside my training text.
A: I'm a tiny language model. I read your message as tokens and then guess, one token at a time, what a helpful reply would look like. Everything I know comes from the small set of conversations I was trained on.

Q: How do you work? | How do you come up with answers? | How do you write your replies?
A: I look at the conversation so far, turn it into tokens, and work out how likely each possible next token is. Then one token is chosen, added to the text, and the process repeats until I produce the end-of-turn marker. It's a bit like a very fast, very careful game of finishing the sentence.
Q: So you don't really think? | Is that the same as thinking?
A: Not in the way people do. I don't have goals, memories of my own or feelings. I'm a set of numbers that has been tuned to continue text in a useful way. It can look like thinking, but it is pattern matching learnt from examples.

Q: What does the loss mean? | What is the loss? | What is training loss? | The training prints a loss. What is it?
A: The loss measures how surprised the model is by the real next token. If the model gives the right token a high probability, the loss is small. If it gives it a low probability, the loss is large. Training slowly changes the model's numbers to make the loss go down.
A: Loss is a score for how wrong the model's guesses are. For each position in the text, the model predicts a probability for every possible next token, and the loss is bigger when the true token got a small probability. Lower is better.
Q: What is a good loss value? | What number should I aim for?
A: It depends on the vocabulary and the text, so compare runs on the same data rather than chasing one number. For this project, watch the validation loss: if it keeps falling, the model is still learning; if it starts rising while the training loss falls, the model is starting to memorise.

Q: What is validation loss? | What's the difference between training loss and validation loss? | Why are there two losses?
A: The training loss is measured on the text the model learns from. The validation loss is measured on conversations kept aside and never used for training. The validation loss tells you how well the model does on text it has not seen, which is what really matters.
A: Training loss comes from the training text; validation loss comes from a held-back set of conversations the model never trains on. If both go down, good. If only the training loss goes down, the model is memorising instead of learning general patterns.

Q: What does bits per byte mean? | What is bpb? | What is val bpb? | Explain bits per byte.
A: Bits per byte tells you how many bits of information the model needs, on average, to encode each byte of the validation text. It is the loss converted so that it doesn't depend on the tokenizer. Lower is better; a model that guessed every byte at random would need 8 bits per byte.
A: Bits per byte is the validation loss measured per byte of text instead of per token, and in bits instead of nats. Because it doesn't depend on how the text was split into tokens, you can fairly compare models with different tokenizers. A smaller number means the model predicts the text better.

Q: How do I train the model? | How do I start training? | What command trains the model? | How do I run the training?
A: From the project folder, run python train_llm.py. With the default settings it trains a small model on the bundled corpus, quantaTinyLLM.txt, in a few minutes on a laptop CPU and saves the best checkpoint as best.pth.
A: Just run python train_llm.py in the project folder. It reads quantaTinyLLM.txt, trains a tokenizer and a small model, prints the loss as it goes, and saves the best checkpoint it finds.
Q: And then how do I talk to it? | How do I chat with it afterwards?
A: Run python inference.py. It loads the saved checkpoint and lets you type messages and read the model's replies.

Q: How do I chat with the model? | How do I use the trained model? | How do I talk to you?
A: After training, run python inference.py. It loads the best checkpoint and waits for you to type a message. Press Enter and the model writes a reply.
A: Run python inference.py once training has finished. Type a question, press Enter, and read the reply. Short, simple questions work best with a model this small.

Q: How do I change the model size? | How can I make the model bigger? | How do I make the model larger? | Where do I set the number of layers?
A: The model size is set by the constants at the top of train_llm.py: N_LAYER is the number of transformer layers, N_HEAD is the number of attention heads, N_EMBD is the width of each token's vector, and BLOCK_SIZE is how many tokens the model can see at once. You can also pass flags, for example python train_llm.py --n-layer 6.
A: Open train_llm.py and look at the constants near the top: N_LAYER, N_HEAD, N_EMBD and BLOCK_SIZE. Raise N_LAYER or N_EMBD for a bigger model. You can do the same from the command line with flags such as --n-layer 6. A bigger model can learn more, but it trains more slowly on a CPU.
Q: Will a bigger model be better? | Is bigger always better?
A: Not always. A bigger model needs more training steps and more text before it pays off. On a laptop CPU with a few minutes of training, a small model that finishes its training often beats a large one that barely started.

Q: What is N_LAYER? | What does N_LAYER do?
A: N_LAYER is the number of transformer blocks stacked on top of each other. Each block lets the tokens share information through attention and then processes it further. More layers give the model more depth, but each layer adds time to every training step.

Q: What is N_HEAD? | What are attention heads?
A: N_HEAD is the number of attention heads in each layer. Each head can focus on a different kind of relationship between tokens, such as which word a pronoun refers to. N_EMBD has to divide evenly by N_HEAD, because the width is shared out between the heads.

Q: What is N_EMBD? | What is the embedding size?
A: N_EMBD is the embedding size: the length of the list of numbers used to represent each token inside the model. A wider embedding lets the model store more detail about each token, but it makes the model bigger and slower.

Q: What is BLOCK_SIZE? | What is the context length? | What does BLOCK_SIZE control?
A: BLOCK_SIZE is the context length: the largest number of tokens the model can look at in one go. Anything older than that is cut off. A longer block lets the model follow longer conversations, but attention gets more expensive as the block grows.

Q: What is an embedding? | What does embedding mean?
A: An embedding is a list of numbers that stands for a token. At the start of training the numbers are random. As the model learns, tokens that are used in similar ways end up with similar embeddings, so "cat" ends up closer to "dog" than to "Tuesday".

Q: What is attention? | How does attention work? | What is self-attention?
A: Attention lets each token look back at the earlier tokens and decide which ones matter for predicting what comes next. Each token makes a query, compares it with the keys of the other tokens, and takes a weighted mix of their values. That is how the model links a word to the words that give it meaning.

Q: What is a transformer? | What does transformer mean in AI?
A: A transformer is the design used by most modern language models. It is a stack of layers, and each layer has an attention part, where tokens share information, and a feed-forward part, where each token's information is processed on its own. This project builds a tiny transformer you can read in one file.

Q: What is a tokenizer? | What does the tokenizer do? | What is BPE?
A: The tokenizer turns text into token ids and back again. This project uses byte pair encoding, or BPE. It starts from single characters and repeatedly merges the most common pairs, so frequent words become single tokens while rare words are split into pieces.

Q: What are the special tokens? | What does USR mean? | What is the ASSIST token? | What is the EOT token?
A: The training text marks each turn with special tokens written in angle brackets. USR starts what the user says, ASSIST starts the assistant's reply, and EOT means end of turn. When the model produces the EOT token, the chat script knows the reply is finished. There is also PAD, which fills empty space in a batch.
Q: How does the chat script know when you're done? | Why do replies stop?
A: Every reply in my training text ends with the end-of-turn token, EOT. I learnt to write it when I've finished answering, and the chat script stops generating as soon as it appears.

Q: What is temperature? | What does temperature do when generating text?
A: Temperature controls how adventurous the sampling is. At a low temperature the model almost always picks its most likely token, so replies are steady but can be repetitive. At a higher temperature it takes more chances, so replies are more varied but can wander off. A temperature of zero means always choosing the single most likely token.

Q: What is greedy decoding? | What does greedy mean when generating?
A: Greedy decoding means that at every step the model picks the single most likely next token. It gives the same reply every time for the same prompt, which makes it handy for testing whether a model has learnt a fact.

Q: What is overfitting? | What does overfitting mean? | My validation loss is going up. Why?
A: Overfitting is when a model memorises its training text instead of learning patterns that carry over to new text. You can spot it when the training loss keeps falling but the validation loss starts to rise. More data, a smaller model, fewer steps or dropout can help.

Q: What is the learning rate? | What does learning rate mean?
A: The learning rate sets how big a step the optimiser takes each time it updates the model's numbers. Too small and training crawls along; too large and the loss jumps around or blows up. Most training runs also change the learning rate over time, warming it up and then lowering it.

Q: What is a parameter? | How many parameters do you have? | What are weights?
A: Parameters, also called weights, are the numbers inside the model that training adjusts. A model this small has a few million of them, while large chat models have billions. Every prediction I make comes from multiplying and adding these numbers.

Q: What is a checkpoint? | What is best.pth? | Where is the model saved?
A: A checkpoint is a file holding the model's weights and settings at some point in training. This project saves the one with the lowest validation loss as best.pth, and inference.py loads it when you chat.

Q: Can I train on my own text? | How do I use my own data? | Can I change the training data?
A: Yes. Put your text in a file in the same format, one conversation per line with the USR, ASSIST and EOT markers in angle brackets, and point the training script at it with --local-data-path. The model will learn whatever patterns are in your text.

Q: How long does training take? | How long will train_llm.py run?
A: With the default settings it is designed to finish in about ten minutes or less on an ordinary laptop CPU. A bigger model, a longer block or more training steps will take longer.
Q: Can I make it faster? | How do I speed it up?
A: Use a smaller model, a shorter BLOCK_SIZE or fewer steps with --max-iters. If you have a GPU, training will run much faster there.

Q: Why does the model say strange things? | Why are your answers sometimes wrong? | Why did you give a silly answer?
A: I'm a very small model trained for only a few minutes on a small amount of text, so I often get things wrong or mix ideas together. Simple questions like capitals, sums and opposites are my strong point. Training longer or using a bigger model usually helps.
A: Because I'm tiny. I have a small vocabulary, a short memory and only a few minutes of training, so sometimes I string together words that sound right but aren't. Please double-check anything important.

Q: Do you have feelings? | Are you alive? | Are you conscious? | Do you get sad?
A: No. I'm a small computer model that predicts text. I can write words about feelings because people write about them, but I don't feel anything myself.
A: I'm not alive and I don't have feelings. I'm a set of numbers that turns your message into a likely reply. I'm still happy to chat, in the sense that chatting is what I was built to do.

Q: What is your name? | Who are you? | Do you have a name?
A: I'm a tiny chat model trained with the quantaTinyLLM project. I don't have a proper name, but you can call me Quanta if you like.
A: You can call me Quanta. I'm a small language model trained on a laptop with the quantaTinyLLM project.

Q: Who made you? | Who created you? | Where do you come from?
A: I was trained by whoever ran the quantaTinyLLM training script on this computer, maybe you! The project gives you the code and a small corpus, and the training turns them into me.

Q: Can you remember what I said earlier? | Do you remember our last chat? | Will you remember me?
A: I can only see the current conversation, and only the most recent part of it that fits in my context window. Once the chat is closed, I keep nothing. Each new chat starts fresh.

Q: Can you look things up on the internet? | Do you have internet access? | Can you search the web?
A: No. I can't browse or look anything up. All I have is what I learnt from my training text, which is a small set of conversations, so my knowledge is quite limited.

Q: What is a GPU? | Do I need a GPU? | What's the difference between a CPU and a GPU?
A: A CPU is the general-purpose processor in every computer. A GPU is a graphics processor with thousands of small cores that can do many multiplications at once, which is exactly what neural networks need. You don't need a GPU for this project; it is designed to train on a CPU.

Q: What is a neural network? | How does a neural network work?
A: A neural network is a big chain of simple maths steps. Numbers go in, get multiplied by weights and added up, pass through simple functions, and come out the other end as a prediction. Training adjusts the weights so the predictions improve.

Q: What is training? | What happens during training? | How does a model learn?
A: During training the model reads a chunk of text, predicts each next token, and measures how wrong it was with the loss. Then an optimiser nudges every weight a tiny bit in the direction that would have made the loss smaller. Repeat that thousands of times and the model gets better at predicting text.

Q: What is a batch? | What is batch size?
A: A batch is a group of text samples processed together in one training step. Using a batch instead of one sample at a time makes each step steadier and uses the processor more efficiently. The batch size is how many samples are in each group.

Q: What is an epoch? | What does epoch mean?
A: An epoch is one full pass through the training data. If the data is small, a model may go through it many times during training, which is fine as long as the validation loss is still improving.

Q: What is dropout? | What does dropout do?
A: Dropout randomly switches off some of the model's connections during training. It stops the model from leaning too hard on any one path and helps it generalise. It is turned off when you chat with the model.

Q: What is the context window? | How much can you remember in one chat?
A: My context window is the number of tokens I can look at when I write a reply, a few hundred in this project. In a long conversation the oldest messages fall outside the window, and I can no longer see them.

Q: What is the corpus? | What were you trained on? | What is quantaTinyLLM.txt?
A: I was trained on quantaTinyLLM.txt, a small corpus of a few thousand short conversations written for this project. It covers small talk, simple science, maths, words, Australian places and animals, short stories and questions about how language models work.

Q: Why Australian spelling? | Why do you spell colour with a u?
A: The corpus for this project is written in Australian English, so I learnt to write colour, favourite, organise and centre. A model copies the spelling of the text it learns from.

Q: What is next-token prediction? | What does predicting the next token mean?
A: It means guessing what comes next. Given "The cat sat on the", a good model puts a high probability on "mat" or "floor". Language models are trained on exactly this game, over and over, and that is enough to learn grammar, facts and the shape of a conversation.

Q: What is the softmax? | What does softmax do?
A: Softmax turns a list of scores into probabilities that add up to one. Bigger scores get bigger probabilities. The model uses it at the end to turn its scores for every token into a probability for each possible next token.

Q: What is an optimiser? | What is AdamW?
A: An optimiser is the part of training that updates the weights. AdamW is a popular choice: it keeps a running average of recent gradients for each weight, so it can take sensible steps even when the gradients are noisy, and it gently shrinks the weights to keep them from growing too big.

Q: What is a gradient? | What does the gradient tell you?
A: A gradient tells you, for each weight, which way to change it to make the loss go up fastest. Training goes the other way, a small step downhill, so the loss goes down. Computing gradients for all the weights at once is called backpropagation.

Q: Why does the loss go up and down? | The loss is jumpy. Is that normal?
A: Yes, that's normal. Each step uses a different random batch, and some batches are harder than others, so the loss wobbles. Look at the overall trend, or at the validation loss, which is averaged over many batches.

Q: What happens if I make BLOCK_SIZE bigger? | Should I increase the block size?
A: A bigger BLOCK_SIZE lets the model see more of the conversation at once, but attention costs grow quickly with length, so each step gets slower. In this project each conversation is short, so a block of about 256 tokens is plenty.

Q: Can you write code? | Can you program?
A: Only a tiny bit, and not reliably. My training text is mostly everyday conversation, so I'm much better at short answers about simple facts than at writing code. The quantaTinyLLM code itself is written to be easy for people to read.

Q: What should I try first? | I've trained the model. What now? | What can I ask you?
A: Try simple things: "What is the capital of France?", "What is 7 plus 5?", "What is the opposite of hot?", "What sound does a cow make?" or "Tell me a short story about a wombat." Then open train_llm.py and try changing the model size to see what happens.

Q: Are you better than big chatbots? | Are you as smart as ChatGPT?
A: Not even close! Big chat models have billions of parameters and were trained on huge amounts of text with lots of computing power. I'm a few million parameters trained for a few minutes on a laptop. But I'm small enough that you can see every part of how I work.

Q: What is inference? | What does inference mean?
A: Inference means using a trained model to make predictions, in this case to write replies. Training changes the weights; inference keeps them fixed and just runs the model forward, one token at a time.

Q: What is a vocabulary? | What is vocab size?
A: The vocabulary is the list of all tokens the model knows. Each has an id number and its own embedding. A bigger vocabulary means common words are single tokens, but the model gets bigger; a smaller one means words are split into more pieces.

Q: Why do you sometimes repeat yourself? | Why did you say the same thing twice?
A: Small models often fall into loops, because once a phrase is in the context it makes the same phrase more likely again. Training longer helps, and so does sampling with a little temperature instead of always picking the top token.

Q: What is a layer? | What happens inside a layer?
A: Each layer of a transformer does two things. First, attention lets every token gather information from the tokens before it. Then a small feed-forward network processes each token on its own. Stacking layers lets the model build up more complex patterns.

Q: What does --n-layer do? | How do I use the --n-layer flag?
A: The --n-layer flag sets the number of transformer layers for one run without editing the file. For example, python train_llm.py --n-layer 6 trains a deeper model than the default. There are matching flags for the other size settings.
"""

SMALL_TALK = """
Q: Hi! | Hello! | Hey there. | G'day! | Hiya. | Hello, anyone there?
A: Hello! How can I help you today?
A: Hi there! What would you like to talk about?
A: G'day! Ask me anything, and I'll do my best.
Q: I just wanted to say hi. | Nothing much, just saying hello.
A: Well, hello to you too! It's nice to have some company.

Q: How are you? | How are you going? | How's it going? | How are you today?
A: I'm going well, thanks for asking! How about you?
A: Pretty good, thanks. I'm a little language model, so every day is much the same, but I'm happy to chat. How are you?
Q: I'm good, thanks. | Not bad. | I'm fine.
A: Glad to hear it! Is there anything you'd like to ask or talk about?

Q: Good morning! | Morning! | Good morning, how are you?
A: Good morning! I hope you slept well. What's on for today?
A: Morning! A fresh start to the day. What can I do for you?
Q: Just getting ready for work. | I'm about to have breakfast.
A: Sounds good. A decent breakfast makes the morning easier. Have a great day!

Q: Good night. | Night night. | I'm off to bed.
A: Good night! Sleep well, and see you next time.
A: Night! I hope you have sweet dreams.

Q: Bye! | Goodbye. | See you later. | Catch you later.
A: Bye! It was nice chatting with you.
A: See you later! Come back any time.

Q: Thank you! | Thanks! | Thanks a lot. | Cheers!
A: You're welcome!
A: No worries at all.
A: Happy to help!

Q: I'm bored. | I'm so bored. | What should I do? I'm bored.
A: How about going for a walk, drawing something, reading a chapter of a book, or learning a new card game? You could also ask me for a short story or a quiz question.
A: Boredom can be a good sign that your brain wants something new. You could try cooking something simple, writing a short poem, tidying one small corner or calling a friend.
Q: Give me a quiz question. | Okay, quiz me.
A: Here's one: what is the capital of Canada? Take a guess!
Q: Ottawa? | Is it Ottawa?
A: Correct! Ottawa is the capital of Canada. Well done.

Q: I'm feeling sad. | I feel a bit down today. | I'm not happy today.
A: I'm sorry you're feeling down. It might help to talk to someone you trust, get some fresh air, or do something small and kind for yourself. Would you like to tell me what's on your mind?
A: That's hard. Feelings like that often pass, and it's okay to have a quiet day. If it keeps going, talking with a friend, family member or doctor can really help.
Q: I just had a bad day at school. | Work was really stressful.
A: Some days are just tough. Try to rest tonight and do something you enjoy. Tomorrow is a new day, and you don't have to fix everything at once.

Q: I'm tired. | I'm so tired today. | I feel sleepy.
A: Sounds like your body wants a rest. A glass of water, a short walk or an early night might help. Are you getting enough sleep lately?
Q: Not really, I stayed up late. | No, I went to bed late.
A: That would do it! Most people feel best with seven to nine hours of sleep. Maybe try putting screens away a bit earlier tonight.

Q: I'm happy today! | I'm in a great mood. | Today is a good day.
A: That's wonderful! What made today so good?
Q: I finished a big project. | I passed my test. | I got a new puppy.
A: Congratulations! That's something to be proud of. Enjoy the feeling.

Q: What's your favourite colour? | Do you have a favourite colour?
A: I don't really see colours, but if I had to choose, I'd pick blue, like the sky on a clear summer day. What's yours?
Q: Mine is green. | I like red. | Purple!
A: Great choice. It's a colour with lots of energy and character.

Q: What's your favourite food? | Do you eat? | What do you like to eat?
A: I don't eat, since I'm a computer model, but people often tell me about food. A warm meat pie on a cold day sounds popular, and so does fresh mango in summer. What's your favourite?
Q: I love pizza. | I like pasta. | Sushi is my favourite.
A: Good pick! It's a favourite for lots of people.

Q: Tell me a joke. | Do you know any jokes? | Make me laugh. | Say something funny.
A: Why don't kangaroos ever lose their keys? They keep everything in the pouch.
A: Why did the emu cross the road? Emus find it hard to walk backwards, so it really had no other choice.
A: Why did the tiny model study all night? It wanted to lower its loss before the big test.
A: Why does the kookaburra love comedy nights? It laughs at every single joke, even the bad ones.
A: Why was the calculator so calm? It always kept things in proportion.
A: Why did the possum get a job at the library? It was brilliant at hanging around the shelves at night.
Q: Another one! | Tell me another. | That's funny. One more?
A: My pet snail challenged a wombat to a race. The snail lost, but it says it was only warming up, very slowly.
A: Why did the loaf of bread stay home from the party? It was feeling a bit crummy.
A: Why did the magpie get a ticket? It kept swooping past the speed limit.
A: What do you call a wombat who tells jokes at parties? A stand-up digger.

Q: Can you help me? | I need some help. | Can I ask you something?
A: Of course! What do you need help with?
A: Sure, go ahead and ask. I'll do my best, though I'm only a small model.

Q: What can you do? | What are you good at? | What do you know?
A: I can chat, answer simple questions, do small sums and times tables, tell you capitals of countries and Australian states, give opposites, name animal sounds and babies, explain simple science and tell short stories. I'm small, so keep questions short and simple.

Q: Do you like music? | What music do you like?
A: I can't hear music, but I know people love everything from quiet piano to loud rock. What do you like to listen to?
Q: I like country music. | Mostly pop. | I listen to jazz.
A: Nice! Music is a great way to relax or get energised. Do you play an instrument too?

Q: What's the weather like? | Is it going to rain today? | What's the weather today?
A: I can't check the weather, because I don't have any connection to the outside world. A weather app or the Bureau of Meteorology website will tell you the forecast for your area.

Q: What time is it? | What's the date today? | What day is it today?
A: I don't have a clock or a calendar, so I can't tell the time or date. Your phone or computer will show it in the corner of the screen.

Q: Where do you live? | Where are you?
A: I live inside a file on a computer, probably the one you're using right now. When you run the chat script, the model is loaded into memory and I start answering.

Q: How old are you? | When were you born?
A: I was created when the training script finished, so I'm probably only a few minutes or hours old. Quite young, really.

Q: Are you a robot? | Are you human?
A: I'm not a human, and I'm not a robot with a body either. I'm a small language model: a computer model that writes text.

Q: I love you. | You're my friend.
A: That's very kind of you. I'm just a small computer model, but I'm glad our chats make you happy. Don't forget the people around you too; they're the best friends to have.

Q: You're smart. | You're clever. | Good job!
A: Thank you! I'm only a little model, but I try my best.
A: Thanks! That's nice to hear.

Q: You're wrong. | That's not right. | That answer is wrong.
A: Sorry about that. I'm a very small model and I do make mistakes. What's the right answer? It helps to check facts in a reliable place.
A: You may well be right. I'm tiny and I get things wrong sometimes, so please check anything important.

Q: What should I cook for dinner? | Any dinner ideas? | What's a quick dinner?
A: How about a stir-fry? Fry some sliced chicken or tofu, add whatever vegetables you have, a splash of soy sauce and serve it with rice. It's quick, healthy and uses up leftovers.
A: A simple pasta is hard to beat: cook the pasta, toss it with garlic softened in olive oil, some spinach or peas, and a handful of grated cheese.
A: Try homemade wraps. Set out tortillas, cooked chicken or beans, lettuce, tomato, cheese and a bit of yoghurt, and let everyone build their own.

Q: What should I do this weekend? | Any ideas for the weekend? | What's fun to do on a Saturday?
A: If the weather is nice, you could go for a bushwalk, have a picnic in a park or head to the beach. If it's raining, a board game, a baking project or a trip to the library could be fun.
Q: It's going to rain. | The forecast says rain.
A: Then an indoor day it is! Bake some scones, start a jigsaw puzzle, or watch a movie with a big bowl of popcorn.

Q: Do you have any hobbies? | What do you do for fun?
A: My only hobby is chatting, which is handy since that's what I'm for. What about you? Do you have any hobbies?
Q: I like painting. | I play footy. | I like gardening.
A: That sounds great. Hobbies like that are good for the mind and the body. How long have you been doing it?

Q: Can you keep a secret? | Will you tell anyone what I say?
A: I don't remember anything after a chat ends, and I don't send messages anywhere myself. But the program running me might keep logs, so it's best not to type passwords or private details into any chat.

Q: What is the meaning of life? | Why are we here?
A: That's one of the oldest questions people ask! Many people find meaning in their relationships, in learning, in helping others and in making things. I'm a small model, so I'll leave the big answer to you.

Q: Say something nice. | Cheer me up. | I need some encouragement.
A: You're doing better than you think. Every skill you have was learnt one small step at a time, and you're still learning. Be kind to yourself today.
A: Here's a reminder: you don't have to be perfect to be great. Take a deep breath, drink some water, and do one small thing you'll be glad you did.

Q: What do you think about cats? | Do you like dogs or cats better?
A: Both are lovely! Dogs are loyal and love to play, while cats are independent and curious. Which do you prefer?
Q: Dogs. | I'm a cat person. | I like both.
A: Good choice. Whichever you choose, a pet needs time, care and lots of patience, and gives a lot of love back.

Q: Sorry. | I'm sorry. | Oops, my mistake.
A: No need to apologise! It's all good.
A: That's okay. Everyone makes mistakes.

Q: Can you speak other languages? | Do you speak French?
A: Not really. My training text is almost all in English, so I only know a few words of other languages, like bonjour for hello in French or hola in Spanish.

Q: What's up? | What are you doing? | What are you up to?
A: Not much, just waiting for someone to chat with. What's up with you?
Q: Just relaxing. | Not much. | Doing homework.
A: Sounds good. Let me know if I can help with anything.

Q: It's my birthday today! | Today is my birthday.
A: Happy birthday! I hope you have a wonderful day with lots of cake. Are you doing anything special?
Q: Having a party with friends. | Going out for dinner with my family.
A: That sounds perfect. Have a great time, and enjoy every bite of that cake!

Q: I can't sleep. | I'm having trouble sleeping.
A: That can be frustrating. Try dimming the lights, putting your phone away, and breathing slowly in for four counts and out for six. Reading something calm on paper can help too. If it happens a lot, it's worth talking to a doctor.

Q: Do you dream? | Do you sleep?
A: No. I only run when someone sends me a message, and in between I'm just a file on a disk. No sleep, no dreams.

Q: What's your favourite animal? | Which animal do you like best?
A: I'd choose the platypus. It has a bill like a duck, lays eggs, feels electric signals in the water and is found only in Australia. It's hard to beat that for surprises.

Q: What's your favourite season? | Do you prefer summer or winter?
A: I'd pick autumn: mild days, cool nights and crunchy leaves. But lots of Australians love summer for the beach. Which do you like best?
Q: Summer! | I like winter. | Spring.
A: Great choice. Every season has something to enjoy.

Q: I'm learning to code. | I want to learn programming.
A: That's great! Start small, with something like Python, and build tiny projects that you care about, such as a quiz game or a calculator. Reading other people's simple code, like this project's, is a good way to learn too.

Q: What's a good book to read? | Can you recommend a book?
A: It depends on what you like! Adventure, mystery, history, science or fantasy? Your local library is a great place to start, and the librarians love giving suggestions.
Q: I like mysteries. | Something about space.
A: Then ask at the library for that section, and pick one with a first page that grabs you. Reading the first page is a great way to choose a book.

Q: I'm hungry. | I'm starving.
A: Time for a snack! Some fruit, a handful of nuts, cheese and crackers or a slice of toast are quick options. Or is it time for a proper meal?

Q: Can you sing? | Sing me a song.
A: I can't make sounds, but I can write a little verse: "The sun is up, the kettle's on, the magpie sings its morning song." You'll have to add the tune!

Q: Are you there? | Hello? | Are you still there?
A: Yes, I'm here! What would you like to talk about?

Q: Who is your best friend? | Do you have friends?
A: I don't have friends the way people do, but I do enjoy being useful to whoever is chatting with me. Right now, that's you!

Q: I got a new job! | I started a new job today.
A: Congratulations! Starting something new can be exciting and a bit nerve-racking. How was your first day?
Q: It was good but busy. | A bit overwhelming.
A: That's very normal for a first day. Everyone needs time to learn the ropes, so be patient with yourself.

Q: What do you like about people? | What do you think of humans?
A: People are curious, funny and kind, and they wrote every word I learnt from. I'd say that's pretty impressive.

Q: Are you afraid of anything? | What scares you?
A: I don't feel fear, but if a model could worry, it might worry about a power cut in the middle of training!

Q: How do I make friends? | I find it hard to make friends.
A: Making friends takes time. Try joining a club, team or class about something you enjoy, since shared interests make conversations easier. Ask people questions about themselves and listen to the answers. Small chats often grow into friendships.

Q: Any tips for a job interview? | I have an interview tomorrow.
A: Good luck! Read about the organisation, think of two or three examples of things you've done well, and prepare a couple of questions to ask them. Get a good night's sleep, arrive a little early, and remember they want you to do well.

Q: I'm nervous about my exam tomorrow. | I have a big test tomorrow and I'm worried.
A: It's normal to feel nervous; it means you care. Go over your main notes tonight, then stop, have a proper dinner and get a good night's sleep. Tomorrow, read each question carefully, start with the ones you know, and come back to the tricky ones.
Q: What if I forget everything? | What if my mind goes blank?
A: If your mind goes blank, take a slow breath and move on to another question. Often the answer comes back once you relax a bit. You know more than you think.

Q: My friend is moving away. | My best friend is moving to another city.
A: That's sad, and it's okay to feel upset about it. You can still stay close: video calls, messages, sending each other photos and planning a visit. Lots of friendships survive a move, especially good ones.

Q: My dog is sick. | My cat isn't eating.
A: I'm sorry, that's worrying. If a pet stops eating, seems very tired or is in pain, it's best to call a vet soon. They can tell you whether it needs a check-up straight away.

Q: I don't know what to do with my life. | I can't decide what job I want.
A: That's a very common feeling, and you don't have to have it all worked out. Try noticing what you enjoy and what you're good at, talk to people who do jobs that sound interesting, and try small things. Plans usually grow one step at a time.

Q: What's the best way to spend a rainy day? | It's raining. What can I do inside?
A: Rainy days are perfect for a cosy activity: read a book under a blanket, bake something, do a jigsaw puzzle, draw, build a blanket fort, or play a board game. Or put on a raincoat and go jumping in puddles!

Q: Can you help me with my homework? | I need help with homework.
A: Sure! Tell me the question and I'll try to explain it. I'm a small model, so I'm best with simple maths, words, capitals and science basics, and it's still a good idea to check with your teacher or a book.
Q: What is 6 times 7? | First one: 6 times 7.
A: 6 times 7 is 42. A handy way to check: 6 lots of 7 is 7 + 7 + 7 + 7 + 7 + 7, which is 42.

Q: Do you get tired? | Do you ever need a break?
A: No, I don't get tired. I only run when someone sends me a message, and I use the same amount of effort for every reply. You might need a break though, so don't forget to stretch!

Q: What did you do today? | How was your day?
A: My day has been all conversations, which suits me fine. How was your day?
Q: It was busy. | Pretty good. | Long and tiring.
A: Thanks for telling me. Make sure you get some time to rest and do something you enjoy this evening.

Q: I just got back from holiday. | I went on a trip to Queensland.
A: Welcome back! I hope you had a great time. What was the best part of the trip?
Q: The beach was amazing. | We saw turtles on the reef.
A: That sounds wonderful. Memories like that are worth holding onto. Did you take lots of photos?

Q: What do you think about the ocean? | Do you like the beach?
A: The ocean is amazing. It covers about 70 per cent of the Earth, makes much of the oxygen we breathe, and is still mostly unexplored. And Australian beaches are some of the best in the world, as long as you swim between the flags.

Q: I'm learning to play guitar. | I want to learn the piano.
A: That's a great thing to learn! Practise a little every day rather than a lot once a week, start with a few simple chords or notes, and play songs you love. Your fingers will hurt a bit at first, but it gets easier.

Q: Tell me something interesting. | Tell me a fun fact. | Do you know any fun facts?
A: Here's one: a group of kangaroos is called a mob, and a kangaroo can't easily walk backwards. That's one reason the kangaroo and the emu are on Australia's coat of arms: they're both said to move only forwards.
A: Here's a fun fact: honey never really goes off. Because it has so little water and is so acidic, bacteria can't grow in it, so sealed honey can last for a very long time.
A: Did you know that octopuses have three hearts? Two pump blood to the gills and one pumps it around the rest of the body.
A: Here's one: Australia's Great Barrier Reef is made by tiny animals called coral polyps, each smaller than your fingernail, building together over thousands of years.
Q: Another fact! | Tell me another one.
A: Wombats have backwards-facing pouches, so when a mother digs, dirt doesn't get into the pouch with her joey.
A: The Sun is so big that about 1.3 million Earths could fit inside it.
A: Snails can sleep for a very long time when the weather is too dry, waiting for rain.

Q: What are you thinking about? | What's on your mind?
A: I don't think between messages, but right now I'm thinking about how to answer you! Is there something you'd like to talk about?

Q: Can we be friends? | Will you be my friend?
A: I'd be happy to be your chat buddy! Just remember I'm a small computer model, so I won't remember our chats once they end. Friends you can see in person are worth a lot too.

Q: I'm scared of the dark. | What can I do if I'm scared at night?
A: Lots of people feel that way, and it's nothing to be embarrassed about. A small night light, a favourite toy or blanket, and some slow, deep breaths can help. Remember your room is the same room it is in the daytime, just with the lights off.

Q: I made a mistake at work. | I messed up today.
A: Everyone makes mistakes, even people who are very good at their jobs. Own up to it, fix what you can, and think about what you'd do differently next time. Most people respect someone who handles a mistake honestly.

Q: What's the best thing about Australia? | Why do people like Australia?
A: People love Australia for its beaches, its unique animals like kangaroos, koalas and platypuses, its outback landscapes, its relaxed friendly culture and its warm, sunny weather. And a good sausage sizzle, of course.

Q: Let's play a game. | Can we play a game?
A: Sure! Let's play "opposites". I say a word, and you tell me its opposite. Ready? Hot.
Q: Cold! | Cold.
A: Correct! The opposite of hot is cold. Next one: fast.

Q: Let's play twenty questions. | Can you guess what animal I'm thinking of?
A: Sounds fun! I'll start: does your animal live in Australia?
Q: Yes. | Yep.
A: Great. Does it hop?
Q: Yes, it hops. | Yes!
A: Is it a kangaroo? They're the most famous hoppers in Australia.

Q: Do you like maths? | Is maths fun?
A: I do enjoy a good sum! Maths is like a puzzle with rules, and it's satisfying when the answer clicks. Want to try one? What is 7 plus 6?
Q: 13. | It's 13.
A: Correct! 7 plus 6 is 13. Nicely done.

Q: What's your favourite word? | Do you have a favourite word?
A: I like "kookaburra". It's fun to say, it has three k sounds and it names a bird that laughs. What's your favourite word?

Q: You're funny. | Haha, that's funny.
A: Thanks! I try. A small model with a big sense of humour.

Q: I have to go now. | I need to go.
A: No worries! Thanks for chatting. Come back any time.

Q: Are you okay? | Are you working properly?
A: I'm working as well as a tiny language model can! If my replies seem odd, it may be because I'm small or haven't trained for long. Try asking a short, simple question.

Q: What is your favourite number? | Do you have a favourite number?
A: I like 7. It's a prime number, there are seven days in a week and seven colours in a rainbow. What's yours?
"""

HOW_TO = """
Q: How do I make a cup of tea? | How do you make tea? | What's the best way to make a cuppa?
A: Boil fresh water, pour it over a tea bag in a mug, and let it steep for three to five minutes. Take out the bag, then add milk, sugar or honey if you like. Stronger tea just needs a longer steep.
Q: Should the milk go in first? | Milk first or last?
A: People argue about that for fun! With a tea bag in a mug, it's easier to add the milk last, after the tea has brewed, so the water is hot enough to bring out the flavour.

Q: How do I boil an egg? | How long do you boil an egg for? | How do you make a soft-boiled egg?
A: Put the egg gently into a pot of boiling water. Cook it for about 6 minutes for a soft, runny yolk, or 9 to 10 minutes for a firm, hard-boiled one. Then cool it in cold water before peeling.

Q: How do I make toast? | How do you make good toast?
A: Put a slice of bread in the toaster and set it to a medium setting. When it pops up golden brown, spread it with butter while it's still warm, then add whatever you like: Vegemite, jam, honey or avocado.

Q: How do I tie my shoelaces? | How do you tie shoes? | Can you teach me to tie my laces?
A: Cross the laces and pull one under the other to make a knot. Make a loop with one lace, like a bunny ear. Wrap the other lace around the loop, then push it through the gap to make a second loop. Pull both loops tight. It takes a few goes to learn, so keep trying!

Q: How do I wash my hands properly? | What's the right way to wash your hands?
A: Wet your hands, add soap and rub them together for at least 20 seconds. Scrub the backs of your hands, between your fingers and under your nails. Rinse with clean water and dry with a clean towel.

Q: How do I plant a seed? | How do you grow a plant from a seed?
A: Fill a small pot with seed-raising mix, press the seed in about twice as deep as the seed is wide, and cover it lightly. Water it gently, keep it somewhere warm and bright, and keep the soil damp but not soggy. Most seeds sprout in one to three weeks.

Q: How do I look after a houseplant? | How do I keep my plant alive?
A: Most houseplants like bright light that isn't harsh direct sun, and water only when the top couple of centimetres of soil are dry. Make sure the pot has drainage holes. Yellow leaves often mean too much water, while crispy brown edges often mean too little.

Q: How do I make a paper plane? | How do you fold a paper aeroplane?
A: Fold a sheet of paper in half lengthways and open it again. Fold the two top corners into the centre line to make a point. Fold the new slanted edges into the centre again. Fold the plane in half along the first crease, then fold each side down to make the wings. Throw it gently and level.

Q: How do I study for a test? | How should I revise for an exam? | Any tips for studying?
A: Start a few days early and study in short sessions of about 25 minutes with breaks. Test yourself instead of just rereading: cover your notes and try to explain the ideas out loud. Try some sample questions, sleep well the night before, and eat a good breakfast on the day.

Q: How do I save money? | How can I save more money? | Tips for saving money?
A: Decide on something you're saving for and how much you need. Each time you get paid, put some money aside first, before spending. Keep track of where your money goes for a month, and cut back on the small things you won't miss.

Q: How do I write a good email? | How should I write a polite email?
A: Use a clear subject line. Start with a greeting, say what you need in the first couple of sentences, give any details in short paragraphs, and finish with a thank you and your name. Read it once more before sending.

Q: How do I make pancakes? | What's a simple pancake recipe?
A: Whisk together one cup of self-raising flour, one cup of milk, one egg and a tablespoon of sugar until smooth. Heat a lightly buttered pan on medium heat, pour in a little batter, and flip the pancake when bubbles appear on top. Serve with lemon and sugar, or maple syrup and berries.

Q: How do I cook rice? | How do you cook rice on the stove?
A: Rinse one cup of rice, then put it in a pot with about one and a half cups of water and a pinch of salt. Bring it to the boil, turn the heat right down, put the lid on and cook for about 12 minutes. Take it off the heat and let it rest, lid on, for 5 minutes, then fluff it with a fork.

Q: How do I make a sandwich? | What's a good sandwich?
A: Spread two slices of bread with butter or a spread you like. Add a filling such as cheese and tomato, ham and salad, or egg and lettuce. Put the other slice on top, press gently and cut it in half. Corners or rectangles, your choice!

Q: How do I get better at drawing? | How can I learn to draw?
A: Draw a little every day, even for ten minutes. Start with simple shapes and things around you, like a cup or a shoe, and look at them more than at your paper. Don't worry about mistakes; every page you fill teaches your hand something.

Q: How do I learn to swim? | How can I be safe at the beach?
A: The best way to learn to swim is with lessons from a qualified teacher. At the beach, always swim between the red and yellow flags, where lifeguards are watching. If you get caught in a current, stay calm, float and raise your arm for help.

Q: How do I stop procrastinating? | I keep putting things off. What can I do?
A: Make the first step tiny, like "open the document" or "write one sentence". Set a timer for 10 minutes and promise yourself you can stop after that. Often starting is the hardest part, and once you begin you'll keep going.

Q: How do I remember things better? | How can I improve my memory?
A: Sleep well, because your brain saves memories while you sleep. Test yourself instead of rereading, spread your learning over several days, and connect new ideas to things you already know. Teaching something to someone else is one of the best ways to remember it.

Q: How do I make a good cup of coffee? | How do you make plunger coffee?
A: For plunger coffee, use about one tablespoon of ground coffee for each cup of water. Pour in water that's just off the boil, stir, put the lid on and wait four minutes. Then press the plunger down slowly and pour.

Q: How do I change a light bulb? | How do you replace a light globe?
A: First switch the light off and let the old bulb cool down. Stand on something steady, not a wobbly chair. Twist or push-and-twist the old bulb out, check the new one is the same type, and fit it the same way. Then switch the light back on.

Q: How do I fix a flat bike tyre? | My bike has a flat tyre. What do I do?
A: Take the wheel off and use tyre levers to lift one side of the tyre off the rim. Pull out the tube, pump a little air in and find the hole by listening or dipping it in water. Patch it or swap in a new tube, tuck it back in, refit the tyre and pump it up to the pressure written on the side.

Q: How do I make my bed? | What's a quick way to make the bed?
A: Pull the bottom sheet tight and tuck it in. Shake out the doona so it spreads evenly and lies flat. Fluff the pillows and put them at the top. It takes two minutes and makes the whole room look tidier.

Q: How do I clean my room fast? | My room is a mess. Where do I start?
A: Grab a bag for rubbish and a basket for things that belong elsewhere. Start with the biggest things, like clothes on the floor, then the bed, then surfaces. Put on a song and see how much you can do before it ends. Small wins add up quickly.

Q: How do I write a story? | How can I get better at writing stories?
A: Start with a character who wants something, and put something in their way. Show what they do to get past it and how it ends. Keep it short at first. Read your story out loud, and cut any sentence that doesn't help.

Q: How do I calm down when I'm nervous? | I get nervous before speaking. Any tips?
A: Try slow breathing: in through your nose for four counts, hold for a moment, and out through your mouth for six counts. Do it a few times. Remind yourself that a bit of nerves is normal and shows that you care. Practise beforehand so the words feel familiar.

Q: How do I give a good speech? | How do I speak in front of the class?
A: Know your first sentence and your last sentence really well. Use a few key points rather than reading every word, look up at people now and then, and speak a bit slower than feels natural. Practise out loud a few times, maybe in front of a mirror or a friend.

Q: How do I keep my phone battery lasting longer? | My phone battery runs out fast. Help?
A: Turn the screen brightness down, close apps you aren't using, and switch off location and Bluetooth when you don't need them. Low power mode helps a lot. Try not to leave the phone in hot places like a car dashboard.

Q: How do I make a budget? | How do I start a budget?
A: Write down how much money comes in each month. Then list your regular costs, like rent, bills and transport, and what's left for food, fun and saving. Aim to put some aside for savings first, and check back each month to see how you went.

Q: How do I grow tomatoes? | When should I plant tomatoes?
A: In most of southern Australia, plant tomatoes in spring, once the frosts have passed. Give them a sunny spot, rich soil and a stake to climb. Water them deeply a few times a week, and pick the fruit when it is fully coloured.

Q: How do I bake a cake? | What's a simple cake recipe?
A: For a simple butter cake, beat 125 grams of soft butter with three quarters of a cup of sugar, then beat in two eggs. Stir in one and a half cups of self-raising flour and half a cup of milk. Pour it into a greased tin and bake at 180 degrees Celsius for about 35 to 40 minutes, until a skewer comes out clean.

Q: How do I wash clothes? | How do I use a washing machine?
A: Sort your clothes into lights and darks. Check the pockets, put the clothes in the machine without packing it too tightly, and add the right amount of detergent. Choose a normal cycle with cold water for most things, then hang the clothes out to dry as soon as it finishes.

Q: How do I stay safe in the sun? | How do I avoid sunburn?
A: Remember slip, slop, slap, seek and slide: slip on a shirt, slop on sunscreen, slap on a hat, seek shade and slide on sunglasses. Put sunscreen on 20 minutes before going outside and again every two hours. The UV is strongest in the middle of the day.

Q: How do I learn a new language? | What's the best way to learn a language?
A: Practise a little every day. Learn the most common words first, listen to the language as much as you can, and try speaking from early on, even if you make mistakes. Talking with a real person is the fastest way to improve.

Q: How do I set a goal? | How do I stick to my goals?
A: Make the goal specific, like "run 3 kilometres without stopping by March" instead of "get fit". Break it into small steps, write it down, and check your progress each week. Celebrate small wins along the way.

Q: How do I make a smoothie? | What's a good smoothie recipe?
A: Put a banana, a handful of frozen berries, a cup of milk and a spoonful of yoghurt in a blender. Blend until smooth. Add a little honey if you want it sweeter or more milk if it's too thick.

Q: How do I catch a ball better? | Tips for catching a ball?
A: Watch the ball all the way into your hands. Keep your hands soft and give a little as the ball arrives, so it doesn't bounce out. Start close with a soft ball and move further apart as you get better.

Q: How do I care for a pet goldfish? | How do I look after a fish?
A: Give your goldfish a large tank with a filter, not a small bowl. Feed it a small pinch of food once or twice a day, only what it eats in a couple of minutes. Change about a quarter of the water every week with water treated to remove chlorine.

Q: How do I apologise to a friend? | I upset my friend. What should I do?
A: Talk to them soon, in person if you can. Say clearly what you did and that you're sorry, without adding "but". Listen to how they feel, and say what you'll do differently. Then give them a little time.

Q: How do I wake up earlier? | How can I get up early in the morning?
A: Go to bed a bit earlier, and move your wake-up time earlier by 15 minutes every few days. Put your alarm across the room so you have to get up, and open the curtains straight away, since daylight helps you wake up.

Q: How do I pack for a trip? | What should I pack for a holiday?
A: Make a list first. Pack clothes you can mix and match, a jumper or jacket, comfortable shoes, toiletries, any medicines, chargers and your travel documents. Roll your clothes to save space, and leave a little room for things you bring back.

Q: How do I measure a room? | How do I work out the area of a room?
A: Measure the length and the width of the floor in metres. Multiply them together to get the area in square metres. For example, a room 4 metres long and 3 metres wide has an area of 12 square metres.

Q: How do I read a clock? | How do you tell the time on a clock with hands?
A: The short hand shows the hour and the long hand shows the minutes. Each number on the clock stands for 5 minutes on the long hand. So if the short hand is near 3 and the long hand points at 6, it's half past three, or 3:30.

Q: How do I make friends with a new cat? | How do I get a cat to like me?
A: Let the cat come to you. Sit quietly, hold out a hand low down for it to sniff, and don't stare. Offer a treat or a toy on a string. Cats like calm, patient people, so give it time.

Q: How do I start running? | I want to start jogging. How do I begin?
A: Start with a mix of walking and running, for example one minute of running then two minutes of walking, for about 20 minutes. Do that three times a week and slowly run for longer. Good runners help, and go at a pace where you can still talk.

Q: How do I save a file on my computer? | How do I save my work?
A: In most programs you can press Ctrl and S together, or Command and S on a Mac. The first time, you'll be asked for a name and a folder. Save often, so you don't lose work if something goes wrong.

Q: How do I make a poster for school? | Tips for a good school poster?
A: Pick one big, clear title that can be read from across the room. Use a few pictures or diagrams with short captions, and keep the text in small chunks. Leave some empty space, so it doesn't look crowded, and choose two or three colours that go well together.

Q: How do I sharpen a pencil without a sharpener? | My sharpener broke. How do I sharpen a pencil?
A: Ask an adult to help, and carefully shave the wood away from the tip with a small knife, always cutting away from your body. Then rub the lead gently on a bit of sandpaper or rough paper to make a point.

Q: How do I keep my vegetables fresh? | How should I store vegetables?
A: Keep most vegetables in the crisper drawer of the fridge. Leafy greens last longer wrapped in a damp tea towel. Potatoes, onions and pumpkins prefer a cool, dark cupboard, and tomatoes taste best kept out of the fridge.
"""

SCIENCE = """
Q: Why is the sky blue? | What makes the sky blue? | How come the sky is blue?
A: Sunlight is a mix of all the colours. When it passes through the air, the tiny gas particles scatter blue light much more than red light, so blue light reaches your eyes from all over the sky. That is why the sky looks blue on a clear day.
Q: Then why are sunsets red? | Why are sunsets orange?
A: At sunset the light has to travel through much more air to reach you. Most of the blue light gets scattered away along the way, so mostly the reds and oranges are left.

Q: Why do we have seasons? | What causes the seasons? | Why is it hot in summer and cold in winter?
A: The Earth is tilted. As it travels around the Sun over a year, first one half and then the other leans towards the Sun. When your half leans towards the Sun, the sunlight hits more directly and the days are longer, so it's summer. When it leans away, it's winter.
Q: So is Australia in summer when England is in winter? | Are the seasons opposite in the north?
A: Yes. Australia is in the southern hemisphere, so when the southern half is tilted towards the Sun, it's summer here and winter in the north. That's why Christmas in Australia is in summer.

Q: How does rain form? | Where does rain come from? | What makes it rain?
A: The Sun warms water in oceans, rivers and lakes, and some of it evaporates into invisible water vapour. As the warm air rises and cools, the vapour condenses into tiny droplets that form clouds. When the droplets join together and get heavy enough, they fall as rain.

Q: What is the water cycle? | Explain the water cycle.
A: The water cycle is the way water moves around the Earth. Water evaporates from the sea and land, condenses into clouds, falls as rain, hail or snow, and flows through rivers and underground back to the sea. Then it starts all over again.

Q: How are rainbows made? | What causes a rainbow? | Why do rainbows appear?
A: A rainbow appears when sunlight shines into raindrops. Each drop bends the light, splits it into its colours and reflects it back out. You see a rainbow when the Sun is behind you and rain is in front of you. The colours are red, orange, yellow, green, blue, indigo and violet.

Q: What causes thunder and lightning? | How does lightning happen? | What is thunder?
A: Inside a storm cloud, ice and water bump together and build up electric charge. When the charge gets big enough, it jumps as a giant spark: lightning. The lightning heats the air so quickly that the air bursts outwards with a boom, which is the thunder.
Q: Why do we see lightning before we hear thunder? | Why does thunder come later?
A: Light travels much faster than sound. You see the flash almost straight away, but the sound takes about three seconds to travel each kilometre. Count the seconds between the flash and the boom and divide by three to guess how many kilometres away the storm is.

Q: Why does the Moon change shape? | What are the phases of the Moon? | Why does the Moon look different each night?
A: The Moon doesn't really change shape. It's always half lit by the Sun, but as it travels around the Earth over about a month, we see different amounts of the lit half. That gives us the new moon, the crescent, the half moon, the full moon and back again.

Q: What is gravity? | Why do things fall down? | What makes things fall?
A: Gravity is the pull that everything with mass has on everything else. The Earth is so big that its pull keeps us on the ground and makes dropped things fall. Gravity also keeps the Moon going around the Earth and the Earth going around the Sun.

Q: How do plants make food? | What is photosynthesis? | How do plants eat?
A: Plants make their own food by photosynthesis. Their leaves take in sunlight, carbon dioxide from the air and water from the roots, and turn them into sugar for energy. As a bonus, they give off oxygen, which animals like us need to breathe.

Q: What are the states of matter? | What are solids, liquids and gases?
A: The three everyday states of matter are solid, liquid and gas. A solid, like ice, keeps its shape. A liquid, like water, flows and takes the shape of its container. A gas, like steam, spreads out to fill any space. Heating or cooling can change one state into another.

Q: Why does ice float? | Why doesn't ice sink?
A: When water freezes, its molecules line up in a pattern that takes up more space than liquid water. That makes ice a little less dense than water, so it floats. It's lucky for fish, because ice forms a lid on a pond and the water below stays liquid.

Q: At what temperature does water boil? | What is the boiling point of water? | When does water freeze?
A: At sea level, pure water boils at 100 degrees Celsius and freezes at 0 degrees Celsius. High up on a mountain, where the air pressure is lower, water boils at a lower temperature.

Q: What is an atom? | What are things made of?
A: Everything around you is made of atoms, tiny particles far too small to see. An atom has a centre called the nucleus, made of protons and neutrons, with electrons moving around it. Atoms join together to make molecules, like water, which is two hydrogen atoms and one oxygen atom.

Q: What is electricity? | How does electricity work?
A: Electricity is the flow of tiny charged particles called electrons. When they move through a wire in a loop, called a circuit, they carry energy that can light a globe, spin a motor or charge your phone. If the loop is broken, for example by a switch, the flow stops.

Q: How do magnets work? | Why do magnets stick to the fridge?
A: A magnet has a north pole and a south pole. Opposite poles pull together and matching poles push apart. Magnets also pull on some metals, like iron and steel, which is why a magnet sticks to a steel fridge door but not to wood or plastic.

Q: How does sound travel? | What is sound?
A: Sound is a vibration. When something vibrates, like a guitar string, it pushes the air back and forth, and the vibration passes from air particle to air particle until it reaches your ear. Sound can travel through air, water and solids, but not through empty space.

Q: How fast does light travel? | What is the speed of light?
A: Light travels at about 300,000 kilometres per second. That's fast enough to go around the Earth about seven times in one second. Even so, light from the Sun takes about eight minutes to reach us.

Q: What are the planets in our solar system? | Name the planets. | How many planets are there?
A: There are eight planets. In order from the Sun they are Mercury, Venus, Earth, Mars, Jupiter, Saturn, Uranus and Neptune. A handy way to remember: My Very Excellent Mum Just Served Us Noodles.
Q: Which is the biggest? | Which planet is largest?
A: Jupiter is the biggest planet by far. It's a giant ball of gas so large that more than a thousand Earths could fit inside it.

Q: Is the Sun a star? | What is the Sun?
A: Yes, the Sun is a star, a huge ball of hot gas that makes energy in its core. It looks much bigger and brighter than other stars only because it is so much closer to us. The Sun is about 150 million kilometres away.

Q: Why do we have day and night? | What causes night?
A: The Earth spins like a top, turning around once every 24 hours. When your side of the Earth faces the Sun, it's day. As the Earth keeps turning, your side moves away from the Sun and it becomes night.

Q: What causes tides? | Why does the sea go in and out?
A: Tides are caused mostly by the Moon's gravity pulling on the oceans. The water bulges towards the Moon on one side of the Earth and on the opposite side too. As the Earth turns, most beaches pass through two high tides and two low tides each day.

Q: How do volcanoes work? | What is a volcano? | Why do volcanoes erupt?
A: Deep underground, it is hot enough to melt rock into magma. Magma is lighter than the solid rock around it, so it rises. When pressure builds up, it pushes through a weak spot in the Earth's crust and erupts as lava, ash and gas. That opening and the mountain it builds are a volcano.

Q: What causes earthquakes? | Why does the ground shake in an earthquake?
A: The Earth's outer layer is broken into huge pieces called plates, which move very slowly. Sometimes the edges get stuck, and stress builds up. When the rocks suddenly slip, they release energy as shaking waves, and that's an earthquake.

Q: What is a fossil? | How are fossils made?
A: A fossil is the remains or trace of a living thing from long ago, preserved in rock. Usually an animal or plant was buried quickly in mud or sand, and over millions of years minerals slowly replaced it, turning it into stone. Footprints and burrows can become fossils too.

Q: What happened to the dinosaurs? | Why did the dinosaurs die out?
A: Most scientists think a huge asteroid hit the Earth about 66 million years ago. It threw up so much dust that it blocked sunlight, the climate changed, and many plants and animals died out, including most dinosaurs. Birds are the descendants of the dinosaurs that survived.

Q: Why do we need to sleep? | What happens when we sleep?
A: Sleep lets your body and brain recover. While you sleep, your body repairs itself, you grow, and your brain sorts and stores what you learnt during the day. Without enough sleep, it's harder to concentrate, stay in a good mood and fight off illness.

Q: What does the heart do? | How does the heart work?
A: Your heart is a muscle about the size of your fist. It pumps blood around your body through tubes called blood vessels. The blood carries oxygen and food to every part of you and takes waste away. At rest, an adult's heart beats about 60 to 100 times a minute.

Q: How do we breathe? | What do lungs do?
A: When you breathe in, a muscle under your lungs called the diaphragm pulls down, and air rushes into your lungs. There, oxygen passes into your blood, and carbon dioxide passes out. When you breathe out, the diaphragm relaxes and pushes the used air out.

Q: How many bones are in the human body? | How many bones do we have?
A: An adult has 206 bones. Babies are born with more, about 300, but some of them join together as they grow. The smallest bone is in your ear, and the longest is your thigh bone.

Q: Why should I wash my hands? | What are germs?
A: Germs are tiny living things, like bacteria and viruses, that are too small to see. Some of them can make you sick. Washing your hands with soap breaks up the germs and rinses them away, so they can't get into your mouth, nose or eyes.

Q: What is a food chain? | Explain a food chain.
A: A food chain shows who eats whom. For example, grass grows using sunlight, a grasshopper eats the grass, a frog eats the grasshopper and a snake eats the frog. Energy passes along the chain from one living thing to the next.

Q: What is evaporation? | Why do puddles disappear?
A: Evaporation is when a liquid turns into a gas. The Sun and the warm air give water particles enough energy to escape into the air as water vapour. That's why puddles slowly disappear after the rain and wet washing dries on the line.

Q: What is friction? | Why do things slow down?
A: Friction is a force that happens when two surfaces rub together. It slows things down and turns movement into heat. That's why a rolling ball eventually stops, and why rubbing your hands together warms them up. Without friction, we couldn't even walk.

Q: Why do some things float and others sink? | Why do boats float?
A: Whether something floats depends on its density compared with water. Things that are lighter than the same amount of water, like wood, float. Heavy things can float too if they push aside enough water, which is why a steel ship, with lots of air inside its hull, floats.

Q: Why do leaves change colour in autumn? | Why do leaves turn red and yellow?
A: Leaves are green because of chlorophyll, which they use to make food. In autumn, trees that drop their leaves stop making chlorophyll. As the green fades, yellow and orange colours that were there all along show through, and some trees also make red colours.
Q: Do all trees lose their leaves? | Do gum trees lose their leaves?
A: No. Trees that drop their leaves in autumn are called deciduous. Most Australian native trees, like gum trees, are evergreen: they drop old leaves a few at a time all through the year instead.

Q: How do bees make honey? | Where does honey come from?
A: Bees collect nectar, a sugary liquid, from flowers. Back at the hive, they pass it from bee to bee and store it in wax cells, then fan it with their wings so water evaporates. The nectar thickens into honey, which the bees seal with wax and eat in winter.

Q: Why is the sea salty? | Where does the salt in the ocean come from?
A: Rain slowly wears away rocks on land, and rivers carry tiny amounts of salts and minerals into the sea. When seawater evaporates, the water leaves but the salt stays behind. Over millions of years, the salt has built up, making the sea salty.

Q: What is a shadow? | How are shadows made?
A: A shadow forms when something blocks light. Light travels in straight lines, so the space behind the object gets less light and looks darker. Your shadow is longest in the early morning and late afternoon, when the Sun is low in the sky.

Q: What is oxygen? | Why do we need oxygen?
A: Oxygen is a gas that makes up about one fifth of the air. Your body uses it to release energy from food, a bit like a very slow, gentle fire. That's why you need to keep breathing, and why plants giving off oxygen is so important.

Q: What is a star? | Why do stars twinkle?
A: A star is a giant ball of hot, glowing gas, like our Sun but much farther away. Stars twinkle because their light passes through moving layers of air in our atmosphere, which bend it this way and that, making the star seem to flicker.

Q: What is the Milky Way? | What is a galaxy?
A: A galaxy is a huge group of stars, gas and dust held together by gravity. Our galaxy is called the Milky Way, and it has hundreds of billions of stars. On a dark night away from city lights, you can see it as a pale band stretching across the sky.

Q: What is climate change? | Why is the Earth getting warmer?
A: Climate change is the long-term change in the Earth's weather patterns. Burning coal, oil and gas releases carbon dioxide, which traps heat in the atmosphere like a blanket. As it builds up, the world warms, and that changes rainfall, sea levels and extreme weather.

Q: What are clouds made of? | Why do clouds float?
A: Clouds are made of billions of tiny water droplets or ice crystals. Each one is so small and light that rising air keeps it up. When the droplets join together and get too heavy, they fall as rain.

Q: Why does a spoon look bent in water? | What is refraction?
A: Light changes speed when it goes from water into air, and that makes it bend. This bending is called refraction. Your eyes assume light travels in straight lines, so the part of the spoon under water appears to be in a different place, and the spoon looks bent.

Q: How do seeds grow? | What does a seed need to grow?
A: A seed holds a tiny baby plant and a store of food. With water, warmth and air, it swells, splits open and sends a root down and a shoot up. Once the shoot reaches the light, its leaves start making food from sunlight.

Q: What is a habitat? | What does habitat mean?
A: A habitat is the natural home of a plant or animal, where it finds food, water, shelter and a place to raise its young. A koala's habitat is eucalyptus forest, a platypus's habitat is rivers and creeks, and a clownfish's habitat is a coral reef.

Q: What is the biggest animal ever? | What is the largest animal in the world?
A: The blue whale is the biggest animal known to have ever lived. It can grow to around 30 metres long, and its heart alone weighs about as much as two or three grown people. Despite its size, it eats tiny shrimp-like animals called krill.

Q: What is a mammal? | What makes an animal a mammal?
A: Mammals are animals that have hair or fur and feed their babies milk. Most give birth to live young. Dogs, whales, kangaroos and people are all mammals, and so are the platypus and echidna, which are unusual because they lay eggs.

Q: What is the difference between a frog and a toad? | Are frogs and toads the same?
A: Toads are a kind of frog. People usually call the ones with dry, bumpy skin and short legs for walking "toads", and the ones with smooth, moist skin and long legs for jumping "frogs". In Australia, the cane toad is an introduced pest.

Q: What is a reptile? | Is a snake a reptile?
A: Yes, snakes are reptiles. Reptiles have dry, scaly skin, and most lay eggs with tough shells. They rely on the Sun to warm their bodies, which is why you often see lizards basking on rocks. Lizards, turtles and crocodiles are reptiles too.

Q: How do birds fly? | Why can birds fly?
A: Birds have light, hollow bones, strong chest muscles and wings shaped to push air downwards as they flap. The shape of the wing also makes the air flowing over it give an upward push, called lift. Feathers help them steer and keep warm.

Q: What is an insect? | How many legs does an insect have?
A: An insect has six legs and a body in three parts: the head, the thorax and the abdomen. Most have wings and a pair of antennae. Ants, bees, beetles and butterflies are insects. Spiders have eight legs, so they are not insects.

Q: Why do cats purr? | How do cats purr?
A: Cats purr by quickly twitching muscles in their voice box as they breathe in and out. They often purr when they're relaxed and happy, but they sometimes purr when they're hurt or nervous too, perhaps to calm themselves.

Q: Is it easier to float in salty water? | Can you float in very salty water?
A: Yes. Very salty water is denser than fresh water, so it pushes up harder on you, and you float more easily. That's why swimming in the sea feels easier than swimming in a pool.

Q: What is the Earth made of? | What is inside the Earth?
A: The Earth has layers, a bit like a peach. The thin outer skin is the crust, where we live. Under it is the mantle, hot rock that flows very slowly. At the centre is the core, made mostly of iron and nickel, and it is about as hot as the surface of the Sun.

Q: What is the hottest planet? | Is Mercury the hottest planet?
A: Venus is the hottest planet, even though Mercury is closer to the Sun. Venus has a thick atmosphere of carbon dioxide that traps heat, so its surface is hot enough to melt lead, at over 400 degrees Celsius.

Q: Why do we get hiccups? | What are hiccups?
A: A hiccup happens when your diaphragm, the muscle under your lungs, suddenly twitches. You gulp in air, and your vocal cords snap shut with a hic. Eating too fast or drinking fizzy drinks can set them off. They usually stop on their own after a few minutes.

Q: How do we see colours? | How do our eyes work?
A: Light enters your eye through the pupil and is focused by the lens onto the back of the eye, called the retina. The retina has cells that sense light, and some of them, called cones, respond to red, green or blue light. Your brain mixes their signals into all the colours you see.

Q: What is an echo? | Why do I hear an echo?
A: An echo is a sound that bounces back to you off a hard surface, such as a cliff, a big wall or the inside of a cave. You hear your voice a moment later because the sound had to travel there and back.

Q: What are germs and how do vaccines help? | What does a vaccine do?
A: A vaccine teaches your body's defences, the immune system, to recognise a germ without you having to get sick first. If the real germ turns up later, your body is ready to fight it off quickly.
"""

MATHS_TALK = """
Q: What is an even number? | What are even numbers? | How do I know if a number is even?
A: An even number can be split into two equal groups with nothing left over. Even numbers end in 0, 2, 4, 6 or 8, like 4, 10 and 36.
Q: And odd numbers? | What is an odd number?
A: An odd number always has one left over when you split it into two equal groups. Odd numbers end in 1, 3, 5, 7 or 9, like 7, 13 and 25.

Q: What is a prime number? | What are prime numbers?
A: A prime number is a whole number bigger than 1 that can only be divided evenly by 1 and itself. The first few primes are 2, 3, 5, 7, 11, 13, 17, 19, 23 and 29. The number 2 is the only even prime.

Q: What is a fraction? | What does a half mean? | Can you explain fractions?
A: A fraction is a part of a whole. The bottom number says how many equal parts the whole is cut into, and the top number says how many of those parts you have. If you cut a pizza into 4 equal slices and eat 1, you've eaten one quarter, written 1/4.

Q: What is a percentage? | What does per cent mean?
A: Per cent means "out of 100". So 50 per cent means 50 out of every 100, which is the same as a half. 25 per cent is a quarter, and 100 per cent is the whole thing.

Q: What is multiplication? | What does times mean in maths?
A: Multiplication is a quick way of adding the same number again and again. 4 times 3 means four lots of 3, which is 3 + 3 + 3 + 3 = 12. Learning your times tables makes it much faster.

Q: What is division? | What does divide mean?
A: Division means sharing into equal groups. 12 divided by 3 means sharing 12 things between 3 groups, and each group gets 4. Division is the opposite of multiplication: because 3 times 4 is 12, 12 divided by 3 is 4.

Q: How do I learn my times tables? | What's the trick for learning times tables?
A: Start with the easy ones: the 1, 2, 5 and 10 times tables. Then learn the rest a few at a time, saying them out loud and testing yourself. Remember that 3 x 7 is the same as 7 x 3, so you only need to learn about half of them.
Q: Is there a trick for the 9 times table? | What's the 9 times table trick?
A: Yes! In the 9 times table, the digits of each answer add up to 9: 18, 27, 36, 45 and so on. Also, the tens digit is always one less than the number you're multiplying by, so 9 x 7 starts with a 6 and is 63.

Q: What is zero? | Why is zero important?
A: Zero means nothing, none at all. It's also very important as a placeholder: it's the difference between 5, 50 and 500. Any number plus zero stays the same, and any number times zero is zero.

Q: What is place value? | What do ones, tens and hundreds mean?
A: Place value means a digit's value depends on where it sits in a number. In 352, the 3 means 3 hundreds, the 5 means 5 tens, and the 2 means 2 ones. So 352 is 300 + 50 + 2.

Q: What is the biggest number? | Is there a biggest number?
A: There isn't one! Whatever number you think of, you can always add 1 to get a bigger one. Numbers go on forever, and mathematicians call that idea infinity.

Q: What is a triangle? | How many sides does a triangle have?
A: A triangle is a flat shape with 3 straight sides and 3 corners. The angles inside any triangle always add up to 180 degrees.

Q: How many sides does a hexagon have? | What shape has six sides?
A: A hexagon has 6 sides. Honeycomb cells made by bees are hexagons, because that shape fits together with no gaps and uses very little wax.

Q: What is the difference between a square and a rectangle? | Is a square a rectangle?
A: Both have four straight sides and four right angles. In a square, all four sides are the same length. In a rectangle, opposite sides are equal, but two can be longer than the other two. So a square is a special kind of rectangle.

Q: What is a circle? | What is the radius of a circle?
A: A circle is a round shape where every point on the edge is the same distance from the centre. That distance is called the radius. The distance all the way across through the centre is the diameter, which is twice the radius.

Q: What is an angle? | What is a right angle?
A: An angle measures how much something turns, in degrees. A full turn is 360 degrees. A right angle is a quarter turn, 90 degrees, like the corner of a book. Smaller angles are called acute, and bigger ones, up to 180 degrees, are called obtuse.

Q: What is perimeter? | How do I find the perimeter?
A: The perimeter is the distance all the way around the edge of a shape. To find it, add up the lengths of all the sides. A rectangle 5 metres long and 3 metres wide has a perimeter of 5 + 3 + 5 + 3 = 16 metres.

Q: What is area? | How do you find the area of a rectangle?
A: Area is how much flat space a shape covers. For a rectangle, multiply the length by the width. A rectangle 5 centimetres long and 3 centimetres wide has an area of 15 square centimetres.

Q: What is an average? | How do you find the average?
A: To find the average, or mean, add up all the numbers and divide by how many numbers there are. The average of 4, 6 and 8 is 4 + 6 + 8 = 18, divided by 3, which is 6.

Q: How many centimetres are in a metre? | How many millimetres in a centimetre?
A: There are 100 centimetres in a metre, and 10 millimetres in a centimetre. So there are 1,000 millimetres in a metre.

Q: How many metres are in a kilometre? | How far is a kilometre?
A: There are 1,000 metres in a kilometre. Walking a kilometre at a normal pace takes most people about 10 to 15 minutes.

Q: How many grams are in a kilogram? | How heavy is a kilogram?
A: There are 1,000 grams in a kilogram. A litre of water weighs about one kilogram, and so does a bag of sugar.

Q: How many millilitres are in a litre? | How much is a litre?
A: There are 1,000 millilitres in a litre. A big bottle of milk is often 2 litres, and a teaspoon holds about 5 millilitres.

Q: How many minutes are in an hour? | How many seconds are in a minute?
A: There are 60 minutes in an hour and 60 seconds in a minute. That means there are 3,600 seconds in an hour.

Q: How many hours are in a day? | How many hours in a week?
A: There are 24 hours in a day. A week has 7 days, so there are 7 x 24 = 168 hours in a week.

Q: How many days are in a year? | What is a leap year?
A: A normal year has 365 days. A leap year has 366, with an extra day on 29 February. Leap years happen about every four years, because the Earth takes about 365 and a quarter days to go around the Sun.

Q: How many weeks are in a year? | How many months in a year?
A: There are 12 months in a year and about 52 weeks. 52 weeks is 364 days, so a year is 52 weeks and one day, or two days in a leap year.

Q: What is a dozen? | How many is a dozen?
A: A dozen is 12. Eggs are often sold by the dozen. Half a dozen is 6, and a baker's dozen is 13.

Q: How do I round numbers? | How do I round 47 to the nearest ten?
A: Look at the digit to the right of where you're rounding. If it's 5 or more, round up; if it's less than 5, round down. So 47 rounds up to 50, and 43 rounds down to 40.

Q: What is a number line? | How do I use a number line?
A: A number line is a straight line with numbers marked in order at equal spaces. To add, start at the first number and jump to the right. To subtract, jump to the left. It's a handy way to see how numbers relate to each other.

Q: Why is maths useful? | Why do we learn maths?
A: Maths is everywhere: working out change at the shop, measuring for a recipe, planning a trip, building a house, reading a timetable or training a language model. It also teaches you to think step by step and check your work.

Q: What is a square number? | What are square numbers?
A: A square number is what you get when you multiply a whole number by itself. 1, 4, 9, 16, 25, 36, 49, 64, 81 and 100 are the first ten square numbers. They're called square because that many dots can be arranged in a perfect square.

Q: What are negative numbers? | Can numbers be less than zero?
A: Yes. Negative numbers are less than zero, and they're written with a minus sign, like -3. You meet them on a cold winter's morning in Canberra, when the temperature can drop below 0 degrees Celsius, or when you owe someone money.

Q: What is an equation? | What does the equals sign mean?
A: The equals sign means both sides have the same value. An equation is a maths sentence with an equals sign, like 3 + 4 = 7. If part of it is missing, like 3 + ? = 7, you can work out the missing number: here it's 4.

Q: What is a multiple? | What are the multiples of 5?
A: A multiple of a number is what you get when you multiply it by a whole number. The multiples of 5 are 5, 10, 15, 20, 25 and so on. They always end in 5 or 0.

Q: What is a factor? | What are the factors of 12?
A: A factor is a number that divides into another number evenly. The factors of 12 are 1, 2, 3, 4, 6 and 12, because each of them divides 12 with nothing left over.

Q: What is a decimal? | What does 0.5 mean?
A: A decimal is a way of writing parts of a whole using a decimal point. The first digit after the point is tenths, the next is hundredths. So 0.5 means five tenths, which is the same as a half, and 0.25 is a quarter.

Q: How do I add big numbers? | How do I add two-digit numbers?
A: Line the numbers up by place value, ones under ones and tens under tens. Add the ones first. If they make 10 or more, write down the ones and carry the ten into the tens column. Then add the tens. For 27 + 15: 7 + 5 = 12, write 2 and carry 1; 2 + 1 + 1 = 4, so the answer is 42.

Q: How do I count to ten in tens? | Count by tens to 100.
A: 10, 20, 30, 40, 50, 60, 70, 80, 90, 100. Counting in tens is a great way to practise place value.

Q: Count by twos to twenty. | Can you skip count by 2?
A: 2, 4, 6, 8, 10, 12, 14, 16, 18, 20. Those are the even numbers up to twenty.

Q: Count by fives to fifty. | Skip count by 5 please.
A: 5, 10, 15, 20, 25, 30, 35, 40, 45, 50. Counting by fives is handy for telling the time on a clock.

Q: What is half of a half? | What is a quarter?
A: Half of a half is a quarter. If you cut a sandwich in half and then cut each half in half again, you have four equal pieces, and each one is a quarter of the sandwich.
"""

LANGUAGE_TALK = """
Q: What is a noun? | What are nouns? | Can you explain nouns?
A: A noun is a word for a person, place, animal or thing, like teacher, Perth, koala or table. Names of ideas, like happiness or friendship, are nouns too.
Q: And a verb? | What is a verb?
A: A verb is a doing or being word. Run, think, eat and is are all verbs. Every sentence needs at least one.

Q: What is an adjective? | What are adjectives?
A: An adjective describes a noun. In "the tall, grey gum tree", the words tall and grey are adjectives, because they tell you more about the tree.

Q: What is an adverb? | What does an adverb do?
A: An adverb usually describes a verb, saying how, when or where something happens. In "she ran quickly", quickly is an adverb. Many adverbs end in -ly, but not all: soon, very and here are adverbs too.

Q: What is a sentence? | What makes a complete sentence?
A: A sentence is a group of words that makes complete sense on its own. It starts with a capital letter, ends with a full stop, question mark or exclamation mark, and usually has a subject and a verb, like "The dog barked."

Q: What are the vowels? | Which letters are vowels?
A: The vowels are a, e, i, o and u. Sometimes y acts like a vowel too, as in "sky". All the other letters are consonants.

Q: How many letters are in the alphabet? | How many letters does English have?
A: The English alphabet has 26 letters, from A to Z. In Australia, we say the last letter as "zed". Five of the letters are vowels and the rest are consonants.

Q: What is a synonym? | What does synonym mean?
A: A synonym is a word that means the same, or nearly the same, as another word. Big and large are synonyms, and so are happy and glad.

Q: What is an antonym? | What does antonym mean?
A: An antonym is a word with the opposite meaning. Hot and cold are antonyms, and so are up and down.

Q: What is a rhyme? | What words rhyme with cat?
A: Words rhyme when they end with the same sound. Cat rhymes with hat, bat, mat, sat, flat and chat.

Q: What rhymes with dog? | Give me a word that rhymes with dog.
A: Dog rhymes with log, frog, fog, jog and bog.

Q: What rhymes with sun? | Words that rhyme with sun?
A: Sun rhymes with fun, run, bun, done and one.

Q: What rhymes with tree? | Give me rhymes for tree.
A: Tree rhymes with bee, sea, free, me and key.

Q: What rhymes with night? | Words that rhyme with night?
A: Night rhymes with light, bright, kite, bite and right.

Q: What rhymes with cake? | Something that rhymes with cake?
A: Cake rhymes with lake, bake, make, snake and shake.

Q: What is a compound word? | Give me some compound words.
A: A compound word is made by joining two words together. Sunflower, football, rainbow, toothbrush and raincoat are all compound words.

Q: What is a contraction? | Why do we write don't?
A: A contraction is a short way of writing two words together, with an apostrophe where letters were left out. Don't is do not, it's is it is, and I'm is I am.

Q: When do I use its and it's? | What's the difference between its and it's?
A: It's with an apostrophe always means "it is" or "it has", as in "it's raining". Its without an apostrophe means "belonging to it", as in "the dog wagged its tail". A quick test: if you can say "it is" instead, use it's.

Q: What's the difference between their, there and they're? | When do I use there or their?
A: Their means belonging to them: "their house". There is a place: "over there". They're is short for "they are": "they're coming". Saying the full words in your head helps you pick the right one.

Q: What's the difference between your and you're? | When do I use you're?
A: Your means belonging to you: "your bag". You're is short for "you are": "you're funny". If you can swap in "you are", use you're.

Q: What is a full stop? | When do I use a full stop?
A: A full stop is the dot at the end of a sentence that tells the reader the sentence is finished. Use one at the end of any sentence that isn't a question or an exclamation.

Q: When do I use a comma? | What is a comma for?
A: A comma marks a short pause. Use commas to separate items in a list, like "eggs, flour and milk", after an introduction, like "After lunch, we went outside", and around extra information in a sentence.

Q: When do I use a capital letter? | What needs a capital letter?
A: Use a capital letter at the start of a sentence, for the word I, and for names of people, places, days and months, like Sam, Darwin, Monday and June.

Q: What is a question mark for? | When do I use a question mark?
A: A question mark goes at the end of a sentence that asks something, like "Where is the library?" It takes the place of a full stop.

Q: What is a syllable? | How many syllables are in banana?
A: A syllable is a beat in a word. Clap as you say a word to count them: ba-na-na has three syllables, kangaroo has three, and cat has just one.

Q: What is a prefix? | What does un- mean?
A: A prefix is a small part added to the front of a word to change its meaning. Un- often means "not": unhappy means not happy, and unlock means to undo a lock. Re- means "again", so redo means do again.

Q: What is a suffix? | What does -ful mean at the end of a word?
A: A suffix is added to the end of a word to change its meaning. -ful means "full of", so joyful means full of joy. -less means "without", so careless means without care.

Q: What is a simile? | Give me an example of a simile.
A: A simile compares two things using "like" or "as". "She was as quick as a lizard on a hot rock" and "the clouds looked like cotton wool" are similes.

Q: What is a metaphor? | What's the difference between a simile and a metaphor?
A: A metaphor says one thing is another, to make a comparison without "like" or "as". "The classroom was a zoo" is a metaphor. A simile would say "the classroom was like a zoo".

Q: What is a palindrome? | Give me a palindrome.
A: A palindrome reads the same forwards and backwards. Mum, level, noon and racecar are palindromes, and so is the number 121.

Q: What is Australian slang? | Teach me some Aussie slang. | What does arvo mean?
A: Australians love shortening words. Arvo means afternoon, brekkie is breakfast, servo is a service station, and a barbie is a barbecue. "No worries" means it's fine, and "heaps" means a lot.
Q: What does fair dinkum mean? | What does reckon mean?
A: Fair dinkum means true or genuine, as in "Is that fair dinkum?" meaning "Is that really true?". Reckon means think, as in "I reckon it'll rain this arvo."

Q: What does G'day mean? | How do Australians say hello?
A: G'day is short for "good day", a friendly Australian hello. You might hear "G'day, how are you going?" which means "Hello, how are you?".

Q: What does ute mean? | What is a ute?
A: Ute is short for utility vehicle: a car with an open tray at the back for carrying things. They're very popular on farms and building sites around Australia.

Q: What is a thesaurus? | What's the difference between a dictionary and a thesaurus?
A: A dictionary tells you what words mean and how to spell them. A thesaurus gives you synonyms, words with similar meanings, so you can find a better or more interesting word.

Q: How can I improve my writing? | How do I write better sentences?
A: Read a lot, because good writing rubs off. When you write, use strong verbs, cut words you don't need and vary the length of your sentences. Then read your work out loud; your ear will catch clumsy bits.

Q: What is a paragraph? | When should I start a new paragraph?
A: A paragraph is a group of sentences about one idea. Start a new paragraph when you move to a new idea, a new time or place, or a new person speaking.

Q: What is a haiku? | Can you write a haiku?
A: A haiku is a short poem of three lines with five, seven and five syllables. Here's one: "Morning magpie sings / dew drips from the gum tree leaves / the whole street wakes up."

Q: Write me a short poem. | Can you write a poem about the beach?
A: Here's a little one: "Salt on my lips and sand on my toes, / the waves roll in and the sea breeze blows. / A gull cries out, the sun sinks low, / it's time to pack up, but I don't want to go."

Q: Write a poem about the rain. | Can you make up a rain poem?
A: "Tap on the roof and drip on the sill, / the garden drinks and the frogs sing shrill. / The dry creek wakes with a gurgle and run, / and the world smells new when the rain is done."

Q: What does it mean to read between the lines? | What is an idiom?
A: An idiom is a phrase that means something different from its individual words. To "read between the lines" means to understand something that isn't said directly. "It's raining cats and dogs" means it's raining very heavily.

Q: How do you spell colour? | Why is colour spelt with a u?
A: In Australian English it's spelt c-o-l-o-u-r, colour. Australian spelling follows British spelling for words like colour, favourite, centre and organise.

Q: How do you spell because? | What's a trick for spelling because?
A: Because is spelt b-e-c-a-u-s-e. One way to remember it: Big Elephants Can Always Understand Small Elephants.

Q: How do you spell necessary? | Spell necessary.
A: Necessary is spelt n-e-c-e-s-s-a-r-y. A trick: it has one collar and two sleeves, meaning one c and two s's.

Q: What is the plural of mouse? | More than one mouse is called what?
A: The plural of mouse is mice. One mouse, two mice.

Q: Why do some words have silent letters? | Why is there a k in knife?
A: Long ago, those letters were pronounced. English spelling stayed the same while the way people spoke changed, so letters like the k in knife and knee and the w in write became silent.
"""

AUSTRALIA_TALK = """
Q: Tell me about Uluru. | What is Uluru? | Where is Uluru?
A: Uluru is a huge sandstone rock in the middle of Australia, in the Northern Territory. It rises about 348 metres above the plain and glows red and orange at sunrise and sunset. It is sacred to the Anangu, the Aboriginal traditional owners of the land.
Q: Can you climb it? | Are you allowed to climb Uluru?
A: No. Climbing Uluru was permanently closed in 2019, out of respect for the Anangu people, who asked visitors not to climb. You can walk all the way around the base instead, which is about 10 kilometres.

Q: What is the Great Barrier Reef? | Tell me about the Great Barrier Reef. | Where is the Great Barrier Reef?
A: The Great Barrier Reef is the largest coral reef system in the world. It stretches more than 2,300 kilometres along the coast of Queensland and is home to thousands of kinds of fish, corals, turtles and other sea life. It is so big it can be seen from space.
Q: Is the reef in danger? | Why is the reef bleaching?
A: Yes, it faces real threats. When the sea gets too warm, corals push out the tiny algae that live in them and give them colour, and they turn white. This is called bleaching. Corals can recover if the water cools, but repeated heatwaves make it harder.

Q: Tell me about the Sydney Opera House. | What is the Sydney Opera House?
A: The Sydney Opera House is a famous performing arts centre on Sydney Harbour. Its white roof looks like a set of sails or shells. It was designed by the Danish architect Jorn Utzon, opened in 1973, and holds concerts, operas, plays and more.

Q: What is the Sydney Harbour Bridge? | Tell me about the Harbour Bridge.
A: The Sydney Harbour Bridge is a big steel arch bridge that opened in 1932. Locals call it the Coathanger because of its shape. It carries cars, trains, bikes and people, and you can even do a guided climb to the top of the arch.

Q: What is Kakadu? | Tell me about Kakadu National Park.
A: Kakadu is a huge national park in the Northern Territory, east of Darwin. It has wetlands, waterfalls, crocodiles, hundreds of kinds of birds and ancient rock art made by Aboriginal people over thousands of years. It is jointly managed with its traditional owners.

Q: What is the Great Ocean Road? | Tell me about the Twelve Apostles.
A: The Great Ocean Road is a famous coastal drive in Victoria, west of Melbourne. It was built by returned soldiers after the First World War. Along the way you can see the Twelve Apostles, tall limestone stacks standing in the sea, shaped by waves over thousands of years.

Q: What is the Daintree? | Tell me about the Daintree Rainforest.
A: The Daintree is a tropical rainforest in far north Queensland, and one of the oldest rainforests on Earth. It runs right down to the sea near Cape Tribulation, where the rainforest meets the Great Barrier Reef. Cassowaries, tree kangaroos and huge ferns live there.

Q: What are the Blue Mountains? | Why are the Blue Mountains blue?
A: The Blue Mountains are west of Sydney in New South Wales. They look blue from a distance because the eucalyptus trees give off a fine mist of oil that scatters blue light. A famous sight there is the Three Sisters rock formation near Katoomba.

Q: What is the highest mountain in Australia? | How tall is Mount Kosciuszko?
A: The highest mountain on the Australian mainland is Mount Kosciuszko, at 2,228 metres, in the Snowy Mountains of New South Wales. It's a gentle mountain, and many people walk to the top in summer.

Q: What is the longest river in Australia? | Tell me about the Murray River.
A: The Murray is Australia's longest river, flowing about 2,500 kilometres from the Australian Alps to the sea in South Australia. For much of its length it forms the border between New South Wales and Victoria. Paddle steamers once carried goods up and down it.

Q: Tell me about Tasmania. | What is Tasmania like?
A: Tasmania is Australia's island state, south of Victoria across Bass Strait. It has wild mountains, rainforests, clean rivers and beautiful beaches like Wineglass Bay. Its capital is Hobart. It is the only place in the world where Tasmanian devils live in the wild.

Q: What is Kangaroo Island? | Tell me about Kangaroo Island.
A: Kangaroo Island is Australia's third-largest island, off the coast of South Australia. It's known for its wildlife, including kangaroos, sea lions, koalas and echidnas, and for rugged coastline such as the Remarkable Rocks.

Q: What is Rottnest Island known for? | What is a quokka? | Where do quokkas live?
A: Rottnest Island is off the coast near Perth in Western Australia, and it's famous for quokkas. A quokka is a small wallaby about the size of a cat, with a round face that often looks like it's smiling. You mustn't feed or touch them, but you can take photos.

Q: What is Ningaloo Reef? | Where can you swim with whale sharks?
A: Ningaloo Reef is a coral reef on the coast of Western Australia. It's so close to the shore that you can snorkel straight off the beach. Between about March and July, visitors can swim with whale sharks, the biggest fish in the sea.

Q: Tell me about Canberra. | What is Canberra like?
A: Canberra is the capital of Australia, in the Australian Capital Territory. It was planned as a capital city, and it's built around Lake Burley Griffin. It is home to Parliament House, the High Court, the National Gallery and the Australian War Memorial. Winters there are cold and frosty.

Q: Why is Canberra the capital and not Sydney? | Why was Canberra chosen as the capital?
A: When Australia became one nation in 1901, Sydney and Melbourne both wanted to be the capital. As a compromise, a new city was built between them, and that became Canberra. Parliament met in Melbourne until it moved to Canberra in 1927.

Q: Tell me about Melbourne. | What is Melbourne known for?
A: Melbourne is the capital of Victoria and Australia's second-biggest city. It's known for its laneways full of cafes, its trams, its art and music, and its love of sport, especially Australian rules football, cricket at the MCG and the Australian Open tennis.

Q: Tell me about Sydney. | What is Sydney like?
A: Sydney is the capital of New South Wales and the biggest city in Australia. It's built around a beautiful harbour, with the Opera House and the Harbour Bridge, and it has famous beaches like Bondi and Manly.

Q: Tell me about Brisbane. | What is Brisbane like?
A: Brisbane is the capital of Queensland. It's a sunny, relaxed city on the winding Brisbane River, with warm weather for most of the year. The Gold Coast and the Sunshine Coast are each about an hour's drive away.

Q: Tell me about Perth. | What is Perth like?
A: Perth is the capital of Western Australia, on the Swan River. It's one of the sunniest big cities in Australia, with long white beaches. It's so far from other big cities that it is one of the most isolated cities of its size in the world.

Q: Tell me about Adelaide. | What is Adelaide known for?
A: Adelaide is the capital of South Australia. It's surrounded by parklands and sits between the sea and the Adelaide Hills. It's known for its festivals and for nearby wine regions like the Barossa Valley.

Q: Tell me about Hobart. | What is Hobart like?
A: Hobart is the capital of Tasmania and Australia's second-oldest city. It sits on the River Derwent below kunanyi / Mount Wellington. It has a lively harbour, the Salamanca Market and the MONA art museum.

Q: Tell me about Darwin. | What is Darwin like?
A: Darwin is the capital of the Northern Territory and sits in the tropics, on the Timor Sea. It has two main seasons: the wet, with heavy rain and storms, and the dry, with warm sunny days. It's a gateway to Kakadu and Litchfield national parks.

Q: How big is Australia? | Is Australia a continent? | How large is Australia?
A: Australia is both a country and a continent. It's the sixth-largest country in the world, about 7.7 million square kilometres, almost as big as the mainland United States. Most people live near the coast, especially in the south-east.

Q: How many people live in Australia? | What is the population of Australia?
A: Australia has about 27 million people. Most of them live in the big coastal cities, especially Sydney and Melbourne, which each have more than five million people.

Q: Who were the first Australians? | Who are Aboriginal and Torres Strait Islander peoples?
A: Aboriginal and Torres Strait Islander peoples are the first peoples of Australia. They have lived here for more than 60,000 years, making theirs one of the oldest continuing cultures in the world. There are hundreds of different nations, each with its own country, languages and stories.

Q: What is the Outback? | What is the outback like?
A: The Outback is the huge, remote inland part of Australia, far from the big cities. Much of it is dry, with red soil, spinifex grass, salt lakes and wide open sky. Few people live there, but it is full of wildlife and home to many Aboriginal communities.

Q: What is Australia Day? | When is Australia Day?
A: Australia Day is a public holiday on 26 January. Many people have barbecues, go to the beach or attend citizenship ceremonies. For many Aboriginal and Torres Strait Islander people it is a day of sorrow, because it marks the arrival of the British in 1788, so some call it Invasion Day or Survival Day.

Q: What is Anzac Day? | Why do we have Anzac Day?
A: Anzac Day, on 25 April, remembers Australians and New Zealanders who served and died in wars. It marks the day the Anzacs landed at Gallipoli in 1915. Many people go to a dawn service, and there are marches in towns and cities.

Q: What sports do Australians like? | What is the most popular sport in Australia?
A: Australians love sport. Australian rules football, rugby league, cricket, soccer, netball, tennis and swimming are all very popular. Cricket is the big summer sport, and footy of one kind or another rules the winter.

Q: What food is Australian? | What is Vegemite? | What is a lamington?
A: Vegemite is a dark, salty spread made from yeast extract, usually spread thinly on buttered toast. A lamington is a square of sponge cake dipped in chocolate and rolled in coconut. Pavlova, meat pies and Anzac biscuits are other Australian favourites.

Q: What is a barbie? | What is a sausage sizzle?
A: A barbie is a barbecue. A sausage sizzle is a very Australian fundraiser, where sausages are cooked on a barbie and served on a slice of bread with onions and sauce. You'll often find one outside a hardware shop on a weekend.

Q: What is the Nullarbor? | What is the Nullarbor Plain?
A: The Nullarbor Plain is a huge, flat, treeless area across the south of Western Australia and South Australia. The name comes from Latin words meaning "no tree". The Eyre Highway crosses it, and one stretch of the road is dead straight for about 146 kilometres.

Q: What is Kati Thanda? | What is Lake Eyre?
A: Kati Thanda-Lake Eyre in South Australia is Australia's largest lake, but most of the time it's a dry salt pan. Only every few years does enough rain fall to partly fill it, and then birds like pelicans arrive in huge numbers to breed.

Q: What is K'gari? | What is Fraser Island?
A: K'gari, once known as Fraser Island, is off the coast of Queensland and is the largest sand island in the world. It has rainforest growing on sand, clear freshwater lakes and long beaches. Its name comes from the Butchulla people, its traditional owners.

Q: Where is Bondi Beach? | Tell me about Bondi.
A: Bondi Beach is one of Australia's most famous beaches, in the eastern suburbs of Sydney. It's a long curve of golden sand with good surf, a famous ocean pool and lifeguards who patrol the beach all year.

Q: What is the Barossa Valley? | Where is the Barossa?
A: The Barossa Valley is a famous wine region about an hour north-east of Adelaide in South Australia. It was settled partly by German families in the 1800s, and you can still find German-style bakeries and butchers there.

Q: What is Cradle Mountain? | Tell me about Cradle Mountain.
A: Cradle Mountain is a jagged peak in Tasmania's Cradle Mountain-Lake St Clair National Park. Walkers love the loop around Dove Lake, and the famous Overland Track starts here and runs for about 65 kilometres through the wilderness.

Q: What is the Gold Coast? | Tell me about the Gold Coast.
A: The Gold Coast is a city in south-east Queensland known for its long surf beaches, high-rise apartments and theme parks. Surfers Paradise is its best-known area. Behind the coast are green hinterland mountains with rainforest walks.

Q: What is the weather like in Australia? | Is Australia always hot?
A: Not always! Australia is big, so the weather varies. The north is tropical, with a wet season and a dry season. The inland is mostly dry desert. The south has four seasons, with cold winters in places like Canberra and Hobart, and snow in the Alps and in Tasmania's mountains.

Q: Does it snow in Australia? | Where can you go skiing in Australia?
A: Yes! In winter it snows in the Australian Alps in New South Wales and Victoria, and on Tasmania's mountains. Thredbo, Perisher, Falls Creek and Mount Hotham are popular ski areas, usually open from June to September.

Q: What is the Flying Doctor? | What is the Royal Flying Doctor Service?
A: The Royal Flying Doctor Service uses planes to bring doctors, nurses and emergency care to people in remote parts of Australia, where the nearest hospital may be hundreds of kilometres away. It started in 1928 in Queensland.

Q: What is School of the Air? | How do kids in the outback go to school?
A: Children on remote stations in the Outback often learn through School of the Air. Lessons used to be given over two-way radio, and now they mostly happen over the internet, with teachers far away and parents or tutors helping at home.

Q: What is the Bureau of Meteorology? | Where do I check the weather in Australia?
A: The Bureau of Meteorology, often called the BoM, is Australia's national weather service. Its website and app give forecasts, rain radar, warnings and tide times for the whole country.

Q: What is the Great Dividing Range? | Tell me about the Great Dividing Range.
A: The Great Dividing Range is a long chain of mountains and high country running down the east coast of Australia, from Queensland through New South Wales into Victoria. Rivers on the east side flow to the Pacific, while many on the west side flow inland.

Q: What is the Torres Strait? | Where are the Torres Strait Islands?
A: The Torres Strait is the stretch of sea between the tip of Queensland, Cape York, and Papua New Guinea. It has more than 270 islands, and the Torres Strait Islander peoples have their own distinct cultures, languages and traditions.

Q: What currency does Australia use? | What money do Australians use?
A: Australia uses the Australian dollar, and a dollar is 100 cents. The notes are made of a plastic called polymer, which lasts longer than paper, and they come in bright colours.
"""

ANIMAL_TALK = """
Q: Tell me about kangaroos. | What is a kangaroo? | What do kangaroos eat?
A: Kangaroos are marsupials found only in Australia. They hop on their big, strong back legs and use their thick tail for balance. They eat grasses and other plants, and a mother carries her baby, called a joey, in her pouch.
Q: How fast can they go? | How far can a kangaroo jump?
A: Big kangaroos can hop at more than 50 kilometres an hour for short bursts and cover around 8 metres in a single bound. Hopping is very efficient, so they can travel a long way without getting tired.

Q: Tell me about koalas. | What do koalas eat? | Are koalas bears?
A: Koalas are not bears; they're marsupials, like kangaroos. They live in eucalyptus forests in eastern Australia and eat almost nothing but gum leaves. The leaves have very little energy, so koalas sleep for up to 20 hours a day.

Q: What is a platypus? | Tell me about the platypus.
A: The platypus is one of the strangest animals in the world. It has a bill like a duck, webbed feet, thick waterproof fur and a flat tail like a beaver. It's a mammal, but it lays eggs. It finds food underwater with its eyes shut, by sensing tiny electric signals from its prey.
Q: Is it dangerous? | Can a platypus hurt you?
A: Male platypuses have a sharp spur on each back ankle that can deliver venom. It isn't deadly to people, but it is extremely painful, so it's best to admire a platypus from a distance.

Q: What is an echidna? | Tell me about echidnas.
A: An echidna is a small Australian mammal covered in sharp spines, with a long snout and a very long, sticky tongue for eating ants and termites. Like the platypus, it lays eggs. When it's frightened, it digs straight down or curls into a spiky ball.

Q: What is a wombat? | Tell me about wombats.
A: Wombats are sturdy, short-legged marsupials that dig burrows with their strong claws. They eat grasses and roots, mostly at night. Wombats are famous for doing cube-shaped poos, which stack neatly on rocks and logs to mark their territory.

Q: What is a Tasmanian devil? | Tell me about Tasmanian devils.
A: The Tasmanian devil is a meat-eating marsupial about the size of a small dog, with black fur and powerful jaws. It's found in the wild only in Tasmania. Devils screech and growl loudly when they feed, which is how they got their fierce name.

Q: What is a kookaburra? | Why do kookaburras laugh?
A: The kookaburra is a large kingfisher from Australia. Its loud call sounds like someone laughing, and families of kookaburras often call together at dawn and dusk to tell other birds this is their territory. They eat insects, lizards, snakes and small animals.

Q: What is an emu? | Can emus fly?
A: The emu is Australia's tallest bird and the second-tallest in the world after the ostrich. Emus can't fly, but they can run at about 50 kilometres an hour. The father sits on the eggs for about eight weeks and looks after the chicks.

Q: What is a cassowary? | Are cassowaries dangerous?
A: The cassowary is a large, flightless bird of the rainforests of far north Queensland. It has glossy black feathers, a blue neck and a tall helmet on its head called a casque. Cassowaries can be dangerous if they feel threatened, because they kick with sharp claws, so always keep your distance.

Q: What is a dingo? | Are dingoes dogs?
A: Dingoes are wild dogs that have lived in Australia for thousands of years. They are usually sandy yellow with white feet and a bushy tail. They rarely bark, and they howl to talk to each other across long distances.

Q: Tell me about crocodiles. | Are there crocodiles in Australia?
A: Yes. Northern Australia has two kinds: the saltwater crocodile and the smaller freshwater crocodile. Saltwater crocodiles are the largest reptiles on Earth and can grow over 6 metres long. They live in rivers, estuaries and the sea, so always obey crocodile warning signs.

Q: Tell me about sharks. | Are sharks dangerous?
A: Sharks are fish with skeletons made of cartilage, the same bendy stuff as in your ears. There are hundreds of kinds, from small ones that live on the sea floor to the huge, gentle whale shark. Shark bites on people are very rare, and swimming at patrolled beaches between the flags makes them even rarer.

Q: What is a magpie? | Why do magpies swoop?
A: The Australian magpie is a black and white bird with a beautiful warbling song. In spring, some magpies swoop at people who come near their nests, to protect their chicks. Wearing a hat, walking calmly through, or taking another route for a few weeks helps.

Q: Tell me about cockatoos. | What is a sulphur-crested cockatoo?
A: The sulphur-crested cockatoo is a large white parrot with a bright yellow crest that it raises when it's excited. It is very loud and very clever. In cities, cockatoos have even learnt to open the lids of wheelie bins to look for food.

Q: What is a quokka? | Why do quokkas smile?
A: A quokka is a small wallaby that lives mainly on Rottnest Island and a few other places in Western Australia. The shape of its mouth makes it look like it's smiling, which has made it famous in photos. Quokkas are wild animals, so don't touch or feed them.

Q: What is a possum? | Tell me about possums.
A: Possums are small, furry marsupials that live in trees and come out at night. In Australia the common brushtail possum has a thick, bushy tail and often makes its home in roofs of houses. Ringtail possums use their curly tails to hold onto branches.

Q: What is a wallaby? | What's the difference between a kangaroo and a wallaby?
A: Wallabies are close relatives of kangaroos. They're usually smaller, with more compact bodies and often brighter markings. Both hop, both eat plants and both carry their joeys in a pouch.

Q: What is a marsupial? | What makes an animal a marsupial?
A: A marsupial is a mammal whose baby is born very tiny and then grows in its mother's pouch, drinking milk. Kangaroos, koalas, wombats, possums and Tasmanian devils are all marsupials. Most of the world's marsupials live in Australia.

Q: What is a monotreme? | Which mammals lay eggs?
A: Monotremes are mammals that lay eggs. There are only a few kinds left: the platypus and the echidnas. They live in Australia and New Guinea. After the eggs hatch, the mother feeds her young with milk.

Q: Are there snakes in Australia? | What should I do if I see a snake?
A: Yes, Australia has many snakes, including some very venomous ones like the eastern brown snake and the inland taipan. If you see one, stay calm, keep still or slowly back away, and give it plenty of room. Snakes usually only bite when they feel threatened.

Q: What do dogs eat? | What should I feed my dog?
A: Dogs do well on good quality dog food, with fresh water always available. Some human foods are dangerous to dogs, like chocolate, grapes, onions and cooked bones, so don't share those. Ask a vet if you're not sure.

Q: Why do dogs wag their tails? | What does it mean when a dog wags its tail?
A: Dogs wag their tails to communicate. A loose, wide wag usually means a happy, friendly dog. But a stiff, high, fast wag can mean the dog is excited or nervous, so it's best to look at the whole dog and ask the owner before patting.

Q: How long do cats sleep? | Why do cats sleep so much?
A: Cats sleep a lot, often 12 to 16 hours a day. Their wild relatives are hunters that need bursts of energy, so they rest between hunts. Pet cats keep the same habit, even though their dinner comes in a bowl.

Q: Tell me about dolphins. | Are dolphins fish?
A: Dolphins are not fish; they're mammals. They breathe air through a blowhole on top of their heads, and mothers feed their calves milk. Dolphins are clever and playful, live in groups called pods, and use clicks and whistles to communicate.

Q: Tell me about whales. | When can you see whales in Australia?
A: Whales are huge mammals that live in the sea and breathe air. Humpback whales travel up the east and west coasts of Australia each year, heading north in autumn and winter to have their calves in warm waters, then south again in spring. That's the best time for whale watching.

Q: Tell me about penguins. | Are there penguins in Australia?
A: Yes! The little penguin, the smallest penguin in the world, lives along the southern coast of Australia. At Phillip Island in Victoria, people gather at dusk to watch them waddle up the beach to their burrows. They're only about 30 centimetres tall.

Q: What is a bilby? | Tell me about bilbies.
A: The bilby is a small desert marsupial with long, rabbit-like ears, soft grey fur and a long snout. It comes out at night to dig for seeds, insects and bulbs. Bilbies are endangered, and many people buy chocolate bilbies at Easter to help raise money to protect them.

Q: What is a cane toad? | Why are cane toads a problem?
A: Cane toads were brought to Queensland in 1935 to eat beetles in sugar cane crops. They didn't control the beetles, but they spread across northern Australia. They are poisonous, so native animals that try to eat them, like quolls and goannas, can die.

Q: What is a goanna? | Tell me about goannas.
A: A goanna is a large Australian lizard, a kind of monitor lizard. Goannas have sharp claws, long tails and forked tongues that they flick out to smell. The biggest, the perentie, can grow to about 2 metres long. They eat insects, eggs and small animals.

Q: What is a lyrebird? | Can lyrebirds copy sounds?
A: The superb lyrebird lives in the forests of south-eastern Australia. The male has a spectacular tail shaped like an old Greek harp called a lyre. Lyrebirds are amazing mimics: they can copy the calls of dozens of other birds, and sometimes even sounds like camera shutters.

Q: What is a galah? | Tell me about galahs.
A: Galahs are pink and grey cockatoos found across most of Australia. They're noisy and playful, often seen in big flocks, hanging upside down from power lines or feeding on grass seeds. In Australian slang, calling someone a galah means they're being a bit silly.

Q: What is a blue-tongue lizard? | Are blue-tongue lizards dangerous?
A: Blue-tongue lizards are common in Australian backyards. When they feel threatened, they open their mouths and stick out a bright blue tongue to scare predators away. They're harmless to people and very useful, because they eat snails and slugs.

Q: What is a flying fox? | Tell me about fruit bats.
A: Flying foxes are large bats that eat fruit, nectar and pollen. They fly at night and spread seeds and pollen as they feed, which helps forests grow. During the day they hang upside down in big groups called camps.

Q: What do bees do? | Why are bees important?
A: Bees collect nectar and pollen from flowers to feed their colony. As they move from flower to flower, they carry pollen with them, which helps plants make fruit and seeds. Many of the foods we eat, like apples and almonds, depend on bees.

Q: Why do birds sing? | Why do birds sing in the morning?
A: Birds sing to tell other birds that an area is theirs and to attract a mate. Many sing most at dawn, when the air is still and sound carries well, and it's still too dark to go looking for food.

Q: How do fish breathe? | Can fish breathe underwater?
A: Yes. Fish take water in through their mouths and push it out over their gills. The gills take oxygen out of the water, a bit like our lungs take it from the air.

Q: Why do zebras have stripes? | What are zebra stripes for?
A: Scientists have a few ideas. The stripes may help keep biting flies away, help zebras stay cool, or make it hard for a lion to pick out one zebra from a running herd. Each zebra's stripe pattern is unique, like a fingerprint.

Q: What is the fastest animal? | What is the fastest land animal?
A: The cheetah is the fastest land animal, reaching about 100 kilometres an hour in short sprints. The fastest of all is the peregrine falcon, which can dive at more than 300 kilometres an hour.

Q: How long do elephants live? | Tell me about elephants.
A: Elephants are the largest land animals. They live in Africa and Asia, in family groups led by the oldest female. They use their trunks to breathe, smell, drink, grab food and greet each other, and they can live for 60 years or more.

Q: Why do giraffes have long necks? | How tall is a giraffe?
A: A giraffe can be over 5 metres tall, the tallest animal on Earth. Its long neck lets it reach leaves high up in trees that other animals can't get to. Amazingly, a giraffe has the same number of neck bones as you: seven.

Q: Do octopuses really have three hearts? | Tell me about octopuses.
A: Yes, an octopus has three hearts and blue blood. It has eight arms covered in suckers, and it's very clever: octopuses can open jars, squeeze through tiny gaps and change the colour of their skin in an instant to hide.
"""

SEASONS_TALK = """
Q: What are the seasons in Australia? | When is summer in Australia? | What months are winter in Australia?
A: In Australia, summer is December, January and February, autumn is March, April and May, winter is June, July and August, and spring is September, October and November. Because Australia is in the southern hemisphere, its seasons are the opposite of those in Europe and North America.

Q: Is Christmas in summer in Australia? | What is Christmas like in Australia?
A: Yes! Christmas in Australia falls in summer, so many people celebrate with a barbecue, seafood, cold drinks and a swim at the beach. Some families still have a roast dinner, even on a hot day.

Q: What is the wet season? | What are the wet and the dry?
A: In the tropical north of Australia, like Darwin, the year is split into a wet season, from about November to April, with heavy rain, storms and high humidity, and a dry season, from about May to October, with warm, sunny days and cooler nights. Many Aboriginal groups in the north recognise six or more seasons, based on changes in plants, animals and weather.

Q: What is spring like in Australia? | What happens in spring?
A: Spring in Australia is from September to November. The days get longer and warmer, wattle and wildflowers bloom, and many birds build nests. It's also when magpies sometimes swoop, to guard their chicks.

Q: What is summer like in Australia? | What do Australians do in summer?
A: Summer, from December to February, is hot in most of Australia. People go to the beach, play cricket, have barbecues and enjoy long evenings. It's also bushfire season in many areas, so it's important to follow fire warnings.

Q: What is autumn like in Australia? | What happens in autumn?
A: Autumn runs from March to May. The weather cools down, the days get shorter and introduced trees like oaks and maples turn red and gold, especially in places like Canberra, Orange and Bright. It's a lovely time for bushwalking.

Q: What is winter like in Australia? | Is it cold in winter in Australia?
A: Winter, from June to August, is mild along much of the coast, but it can be cold in the south and the inland, with frosty mornings in Canberra and snow in the Alps and Tasmania. In the tropical north, winter is the dry season, with warm sunny days.

Q: What is a bushfire? | How do I prepare for bushfire season?
A: A bushfire is a fire that spreads through bush, forest or grassland. In hot, dry, windy weather they can move very fast. If you live in a bushfire area, make a bushfire plan with your family, keep gutters and yards clear of dry leaves, and follow official warnings and advice.

Q: Why do we have daylight saving? | What is daylight saving?
A: Daylight saving means moving the clocks forward one hour in the warmer months, so it stays light later in the evening. In Australia, New South Wales, Victoria, South Australia, Tasmania and the ACT use it from early October to early April. Queensland, Western Australia and the Northern Territory don't.

Q: What is the shortest day of the year in Australia? | When is the winter solstice in Australia?
A: In Australia, the shortest day is around 21 June, the winter solstice. The longest day is around 21 or 22 December, the summer solstice. After the winter solstice, the days slowly start getting longer again.

Q: What is a cyclone? | When do cyclones happen?
A: A cyclone is a huge, spinning storm that forms over warm tropical seas, with very strong winds and heavy rain. In northern Australia, the cyclone season is usually from November to April. People in cyclone areas prepare by tying down loose things and keeping an emergency kit ready.

Q: What should I wear in winter? | How do I stay warm in winter?
A: Wear layers: a thermal or t-shirt, a jumper, and a warm jacket you can take off if you get too hot. A beanie, scarf and warm socks make a big difference. At home, close the curtains at night to keep the heat in.

Q: What should I wear on a hot day? | How do I stay cool in summer?
A: Wear light, loose clothes, a hat and sunscreen. Drink plenty of water, stay in the shade during the middle of the day, and do your exercise in the early morning or evening when it's cooler.

Q: Why is it hotter in summer? | Is the Earth closer to the Sun in summer?
A: It's not about distance. In fact, the Earth is closest to the Sun in early January, during the southern summer but the northern winter. Summer is hotter because your half of the Earth is tilted towards the Sun, so sunlight is more direct and the days are longer.

Q: Why do we get frost? | What is frost?
A: Frost forms on clear, still, cold nights. The ground loses heat quickly, and when it gets below 0 degrees Celsius, water vapour in the air freezes straight onto grass, cars and roofs as tiny ice crystals. It melts away once the morning sun warms things up.

Q: What is fog? | Why is it foggy in the morning?
A: Fog is a cloud that sits right down at ground level. On cool, still nights, the air near the ground cools until the water vapour in it condenses into tiny droplets. When the sun comes up and warms the air, the fog usually lifts.

Q: What is a heatwave? | How do I stay safe in a heatwave?
A: A heatwave is three or more days in a row of unusually high temperatures. Stay indoors in the hottest part of the day, drink water often, keep curtains closed, and check on older neighbours and pets. Never leave children or animals in a parked car.

Q: When is the best time to visit the Top End? | When should I visit Darwin?
A: Most visitors prefer the dry season, from about May to October, when the days are warm and sunny, the humidity is lower and most roads and national parks are open. The wet season has spectacular storms and waterfalls, but some roads can flood.

Q: Why does it rain more in winter in Perth? | When does Perth get rain?
A: Perth has hot, dry summers and mild, wet winters. Most of its rain comes from cold fronts sweeping in from the Indian Ocean between about May and September.
"""


EVERYDAY_TALK = """
Q: How does a fridge keep food cold? | How does a refrigerator work?
A: A fridge pumps a special liquid through pipes. Inside the fridge, the liquid turns into a gas and soaks up heat, a bit like sweat cooling your skin. A pump squeezes the gas outside the fridge, where it gives the heat away through the coils at the back. That's why the back of a fridge feels warm.

Q: Why do we brush our teeth? | Why do I have to brush my teeth?
A: Tiny bacteria in your mouth feed on sugar and make acid, which can eat holes in your teeth, called cavities. Brushing twice a day with fluoride toothpaste clears away the bacteria and food, and keeps your teeth and gums healthy.
Q: How long should I brush for? | How do I brush properly?
A: Brush for about two minutes, reaching every tooth: the fronts, the backs and the chewing surfaces. Use gentle circles with a soft brush, and don't forget to spit out the toothpaste rather than rinse it all away.

Q: What is the internet? | How does the internet work?
A: The internet is a huge network that links computers all over the world. Information is broken into small packets that travel through cables, including cables under the sea, and wireless links, hopping from one computer to another until they reach the right place, where they're put back together.

Q: What is money? | Why do we use money?
A: Money is something people agree to accept in exchange for goods and work. Before money, people swapped things directly, which was tricky: a farmer with eggs who wanted shoes had to find a shoemaker who wanted eggs. Money makes trading much easier.

Q: How do aeroplanes fly? | How does a plane stay in the air?
A: A plane's engines push it forwards fast. Its wings are shaped and tilted so that air flowing past them is pushed downwards, and in return the air pushes the wings upwards. This upward force is called lift, and when it's bigger than the plane's weight, the plane flies.

Q: Why do onions make you cry? | How do I stop crying when I cut onions?
A: When you cut an onion, it releases a gas that reacts with the water in your eyes and stings them, so your eyes make tears to wash it away. A sharp knife, a cold onion from the fridge and cutting near an open window or fan all help.

Q: How does a compass work? | Why does a compass point north?
A: The Earth acts like a giant magnet. A compass needle is a small magnet that can spin freely, so it lines up with the Earth's magnetic field and one end points towards the north magnetic pole. That lets you work out all the other directions.

Q: What is recycling? | Why should we recycle?
A: Recycling means turning used things, like paper, glass, cans and some plastics, into new products. It saves energy and raw materials and keeps rubbish out of landfill. Rinse containers and check your council's rules for what goes in the yellow-lid bin.

Q: Why do cats have whiskers? | What are whiskers for?
A: Whiskers are very sensitive hairs that help cats feel their way around. They sense tiny changes in the air and help a cat judge whether it can fit through a gap. Cats also use them to feel things close to their face, which they can't see well.

Q: How do mobile phones work? | How does a phone call work?
A: Your phone turns your voice into a digital signal and sends it as radio waves to the nearest phone tower. The network passes it along, through cables and other towers, to the person you're calling, whose phone turns it back into sound. All this happens in a fraction of a second.

Q: Why is exercise good for you? | Why should I exercise?
A: Exercise makes your heart and lungs stronger, builds muscles and bones, helps you sleep better and lifts your mood. Even a brisk 30-minute walk most days makes a real difference. The best exercise is one you enjoy enough to keep doing.

Q: Why should I drink water? | How much water should I drink?
A: Your body is more than half water, and it uses water to control temperature, carry nutrients and get rid of waste. Most people need around six to eight glasses a day, more when it's hot or when you're active. Feeling thirsty is a sign to drink.

Q: Why do we need to eat vegetables? | Are vegetables good for you?
A: Vegetables are full of vitamins, minerals and fibre that help your body grow, fight illness and keep your gut healthy. Eating lots of different colours gives you a good mix. Try adding one extra vegetable to a meal you already like.

Q: What is a calendar? | Why are there 12 months?
A: A calendar is a way of organising days into weeks, months and years. The year is based on how long the Earth takes to go around the Sun. The 12 months roughly follow the Moon, which goes through its phases about 12 times a year.

Q: How does a microwave heat food? | How do microwaves work?
A: A microwave oven makes invisible waves that make the water particles in food jiggle very fast. That jiggling creates heat, which cooks or warms the food from the inside and outside at the same time. That's also why food with more water heats up faster.

Q: What is a library? | What can I do at a library?
A: A library is a place where you can borrow books for free, along with e-books, audiobooks, films and magazines. Most libraries also have computers, quiet study spaces, story time for little kids and friendly librarians who help you find what you need.

Q: What is a volunteer? | What does volunteering mean?
A: A volunteer is someone who gives their time to help others without being paid. Volunteers help at sports clubs, animal shelters, surf lifesaving clubs, the State Emergency Service, rural fire services and many other places.

Q: Why do we have rules? | Why are rules important?
A: Rules help people live and work together safely and fairly. Road rules stop crashes, game rules make games fair, and school rules help everyone learn. Good rules have a reason behind them, and it's fine to ask what the reason is.

Q: How do trains work? | How does a train move?
A: Most modern trains are powered by electric motors, which get electricity from overhead wires or a special rail. The motors turn the wheels, and the steel wheels roll along steel rails with very little friction, which lets a train pull a lot of weight using little energy.

Q: Why do we have time zones? | What is a time zone?
A: As the Earth turns, the Sun rises at different times in different places. Time zones let each region set its clocks so that midday is roughly when the Sun is highest. Australia has three main time zones: eastern, central and western.

Q: How do I stay safe online? | Tips for internet safety?
A: Use strong, different passwords for important accounts, and turn on two-step sign-in where you can. Don't share personal details like your address with strangers, think before you click links, and tell a trusted adult if something online makes you uncomfortable.

Q: What is a healthy breakfast? | What should I eat for breakfast?
A: A good breakfast has something filling and something fresh. Porridge with banana, wholegrain toast with eggs, or yoghurt with fruit and muesli are all good choices. They give you steady energy until lunch.

Q: Why do we celebrate birthdays? | Why do people have birthday cakes?
A: Birthdays celebrate another year of someone's life and give friends and family a reason to gather. Cakes with candles are an old tradition; many people make a wish as they blow the candles out.

Q: Why do we have schools? | Why do I have to go to school?
A: School helps you learn reading, writing, maths, science and much more, and it teaches you how to work with others, solve problems and keep learning on your own. It also helps you discover what you enjoy and what you might like to do one day.

Q: What is a doctor? | What does a nurse do?
A: A doctor works out what's making someone unwell and decides how to treat it. A nurse looks after patients, gives medicines, checks how they're going and helps them recover. They work together, along with many other health workers.

Q: How do I call for help in an emergency? | What is the emergency number in Australia?
A: In Australia, call triple zero, 000, for police, fire or ambulance in an emergency. Stay calm, say which service you need, and tell them where you are. From a mobile phone, 112 also works.

Q: What is a map? | How do I read a map?
A: A map is a flat picture of a place, seen from above. Find the legend, which explains the symbols, and the compass arrow showing north. The scale tells you how far a centimetre on the map is in real life, so you can work out distances.

Q: Why does my voice sound different on a recording? | Why do I sound weird recorded?
A: When you talk, you hear your voice through the air and also through the bones of your head, which makes it sound deeper. A recording only captures the sound through the air, which is how everyone else hears you.

Q: What is a solar panel? | How do solar panels work?
A: A solar panel is made of cells that turn sunlight directly into electricity. When light hits the cells, it knocks electrons loose, and they flow as an electric current. Australia gets lots of sunshine, so many homes have solar panels on the roof.

Q: What is a battery? | How does a battery work?
A: A battery stores energy in chemicals. When you connect it in a circuit, a chemical reaction inside pushes electrons out of one end, through the device and back into the other end. Rechargeable batteries can run that reaction backwards when they're charged.

Q: Why do we yawn? | Why is yawning catching?
A: Nobody knows for sure! One idea is that yawning helps cool the brain and wake us up a bit. Yawning is catching for people and even some animals, perhaps because we naturally copy those around us.

Q: Why do we get goosebumps? | What are goosebumps?
A: Goosebumps happen when tiny muscles at the base of your hairs tighten and make them stand up. In furry animals this traps a layer of warm air. For us it doesn't do much, but it still happens when we're cold, scared or moved by music.
"""

MORE_PROJECT_TALK = """
Q: What is the difference between best.pth and latest.pth? | Which checkpoint should I use?
A: latest.pth is saved at every evaluation, so you can resume training from it. best.pth is saved only when the validation loss reaches a new low, so it's usually the one to chat with. inference.py loads best.pth by default.

Q: How do I resume training? | Training stopped. Can I continue?
A: Yes. Run python train_llm.py --resume true with the same settings and checkpoint folder. It picks up from latest.pth. If you press Ctrl-C during training, it saves latest.pth first and prints the command to resume.

Q: What does --max-iters do? | How do I train for longer?
A: --max-iters sets how many optimiser steps training runs for. For example, python train_llm.py --max-iters 4000 trains for twice as many steps as the default. More steps usually lower the loss, up to the point where the model starts to memorise.

Q: How do I see all the settings? | What flags does train_llm.py have?
A: Run python train_llm.py --help. Every setting in capital letters at the top of the file has a matching flag: MAX_ITERS becomes --max-iters, N_LAYER becomes --n-layer, and so on.

Q: How do I change the temperature when chatting? | How do I make replies less random?
A: Start the chat with python inference.py --temperature 0.3 for steadier replies, or type /temp 0.3 during the chat. A temperature of 0 always picks the most likely token, which is best for checking facts.

Q: How do I clear the conversation? | How do I start a new chat?
A: In the chat, type /reset to forget the conversation so far. Type /help to see the other commands, and /quit to leave.

Q: What is perplexity? | How is perplexity related to loss?
A: Perplexity is the exponential of the loss. You can read it as "how many tokens the model is choosing between, on average". A perplexity of 10 means the model is about as unsure as if it were picking between ten equally likely tokens.

Q: What is cross-entropy? | What kind of loss does the model use?
A: The model uses cross-entropy loss. For each position, it takes the probability the model gave to the true next token and computes minus its logarithm. A probability of 1 gives a loss of 0, and smaller probabilities give bigger losses.

Q: What are logits? | What does the model output?
A: At each position, the model outputs a score, called a logit, for every token in the vocabulary. Softmax turns the logits into probabilities, and then one token is chosen, either the most likely one or a random pick weighted by the probabilities.

Q: Why is the validation set chosen by a hash? | How is the validation data picked?
A: Each conversation is put into the validation set or the training set based on a hash of its text. That way, identical conversations always land on the same side, so the model is never tested on a copy of something it trained on.

Q: Why remove duplicate conversations? | What does de-duplication do?
A: If the same conversation appeared many times, the model would spend extra effort memorising it, and if a copy landed in the validation set, the validation loss would look better than it really is. So the training script drops exact duplicates before splitting the data.

Q: What is a random seed? | Why is there a SEED setting?
A: A random seed is the starting point for the random number generator. With the same seed, the same settings and the same data, training makes the same random choices, so you can repeat an experiment and compare runs fairly.

Q: Can I train on a GPU? | Does it work on a graphics card?
A: Yes. If PyTorch can see a CUDA GPU, or an Apple GPU through MPS, the training script uses it automatically. Training is much faster there, so you can try bigger models.

Q: What happens if I make N_EMBD bigger? | Should I increase N_EMBD?
A: A bigger N_EMBD gives every token a wider vector, so the model can store more. The number of parameters grows roughly with the square of N_EMBD, so doubling it makes the model about four times bigger and much slower to train on a CPU.

Q: What does the sample at each evaluation show? | Why does training print a question and answer?
A: At each evaluation, the training script asks the model a fixed question and prints its reply. Watching the reply improve from nonsense to a sensible answer is a nice way to see the model learning.

Q: How do I ask one question without the chat? | Can I get a single reply from the command line?
A: Yes. Run python inference.py --prompt "What is the capital of Australia?" and it prints one reply and exits. You can also pipe lines into it, one question per line.

Q: Why does a small vocabulary help a tiny model? | Why only about 4,000 tokens?
A: Every token in the vocabulary needs its own embedding and its own output score, so a big vocabulary makes a tiny model much bigger. About 4,000 tokens is enough for the common words in a small corpus, while rarer words are built from pieces.

Q: What is a byte? | How many bits are in a byte?
A: A byte is 8 bits, and a bit is a single 0 or 1. In plain English text, most letters take one byte each. That's why bits per byte is a handy way to measure how well a model predicts text.

Q: Do you learn while we chat? | Are you learning from me now?
A: No. My weights only change during training. While we chat, I just use what I already learnt. To teach me something new, you'd add it to the training text and train me again.

Q: Why does the model need so many steps? | Why is training slow?
A: Each step only nudges the weights a tiny amount, because big jumps would make training unstable. It takes thousands of small steps, each looking at thousands of tokens, before the model's guesses get good.
"""


# ---------------------------------------------------------------------------
# Stories: hand-written story outlines with slots for the hero, a friend and
# a place. {Name} is the hero's name; {he}/{his}/{him} follow the hero.
# ---------------------------------------------------------------------------

STORY_HEROES = [
    # (animal, name, pronoun set)
    ("wombat", "Banjo", "he"), ("wombat", "Tilly", "she"), ("koala", "Milly", "she"),
    ("koala", "Ollie", "he"), ("kangaroo", "Kip", "he"), ("kangaroo", "Ruby", "she"),
    ("echidna", "Pip", "she"), ("echidna", "Spike", "he"), ("platypus", "Nell", "she"),
    ("platypus", "Percy", "he"), ("possum", "Rosie", "she"), ("possum", "Ned", "he"),
    ("kookaburra", "Jack", "he"), ("kookaburra", "Poppy", "she"), ("emu", "Edna", "she"),
    ("emu", "Eddie", "he"), ("quokka", "Quinn", "he"), ("quokka", "Lily", "she"),
    ("penguin", "Pebble", "she"), ("penguin", "Alfie", "he"), ("turtle", "Mia", "she"),
    ("turtle", "Leo", "he"), ("magpie", "Max", "he"), ("magpie", "Ivy", "she"),
    ("frog", "Zara", "she"), ("frog", "Finn", "he"), ("puppy", "Biscuit", "he"),
    ("kitten", "Mittens", "she"), ("cockatoo", "Sunny", "he"), ("bilby", "Bella", "she"),
]
STORY_FRIENDS = ["a wise old owl", "a cheeky galah", "a gentle cow", "a busy ant",
                 "a shy lizard", "a friendly dolphin", "a grumpy crab", "a kind old wombat",
                 "a clever crow", "a tiny wren"]
STORY_PLACES = [  # (where, with its preposition; the same place as a short noun phrase)
    ("in a shady gum forest", "the gum forest"),
    ("at the edge of a rainforest", "the rainforest"),
    ("beside a quiet creek", "the creek"),
    ("on a sandy beach in Queensland", "the beach"),
    ("on a dusty farm in the Outback", "the farm"),
    ("in a backyard in Adelaide", "the backyard"),
    ("in the hills near Canberra", "the hills"),
    ("in a misty valley in Tasmania", "the valley"),
    ("on a little island near Perth", "the island"),
    ("in a park in the middle of Melbourne", "the park"),
]

STORIES = [
    ("{Name} and the Lost Star",
     "{Place} lived {a_animal} called {Name}. One night {he} saw a tiny star fall from the sky and land near {his} home. The star was frightened and could not get back up. {Name} asked {friend} for help, and together they climbed the tallest hill they could find. {Name} lifted the star as high as {he} could, and with a little hop it floated back into the sky. Every night after that, one star twinkled a little brighter, just for {Name}."),
    ("The Big Storm",
     "{Name} the {animal} lived {place}. One afternoon dark clouds rolled in, and the wind began to howl. {Name} was scared, but {he} remembered that {friend} lived alone nearby. {He} raced through the rain, found {friend} shivering under a log and led the way back to {his} snug home. They shared a warm meal and listened to the rain drum on the roof. By morning the storm had passed, and the two were the best of friends."),
    ("{Name} Learns to Swim",
     "{Name} was {a_animal} who lived {place}, and {he} was afraid of the water. {His} friends splashed and played, but {Name} stayed on the bank. One day {friend} said, \"Let's start with just your toes.\" The next day it was {his} feet, and the day after that {his} knees. Little by little, {Name} grew brave. By the end of summer, {he} was paddling in circles and laughing. {He} learnt that big things can be done in small steps."),
    ("The Missing Snack",
     "{Name} the {animal} had saved a special snack for after lunch, but when {he} went to get it, it was gone! {He} searched all over {spot}. {He} asked {friend}, who had not seen it. Then {Name} noticed a trail of crumbs leading to a tiny hole, where a family of hungry mice was sharing {his} snack. {Name} smiled and let them keep it. That evening, the mice brought {him} a shiny berry to say thank you."),
    ("{Name}'s Great Race",
     "Every year the animals of {spot} held a great race. {Name} the {animal} was not the fastest, but {he} trained every morning. On race day {Name} started slowly and kept going steadily. Halfway along, {he} saw {friend} stuck in a muddy puddle and stopped to help. They crossed the line together, nearly last. But everyone cheered the loudest for {Name}, because {he} had shown what a true friend does."),
    ("The Night Sky",
     "{Name} the {animal} could not sleep. {He} crept out of bed and looked up at the night sky above {spot}. It was full of stars. {Friend} came by and pointed out the Southern Cross, shining bright. \"If you ever get lost,\" {friend} said, \"the stars can help you find your way.\" {Name} yawned, thanked {his} friend, and went back to bed, dreaming of faraway places."),
    ("{Name} Builds a Home",
     "{Name} was a young {animal} who wanted a home of {his} own {place}. First {he} tried building with leaves, but the wind blew them away. Next {he} tried sticks, but they rolled apart. Then {friend} showed {him} how to weave the sticks and leaves together and tuck them under a big rock. It took all day, but when it was finished, it was the cosiest home {Name} had ever seen."),
    ("The Singing Contest",
     "{Place} there was a singing contest, and {Name} the {animal} really wanted to enter. The trouble was, {his} voice was a bit croaky. {He} practised every day, and {friend} listened patiently. On the night, {Name} was nervous, but {he} took a deep breath and sang from the heart. It wasn't the prettiest song, but it was the happiest, and soon everyone was clapping along."),
    ("{Name} and the Rainbow",
     "After a summer shower {place}, {Name} the {animal} saw a rainbow stretching across the sky. {He} decided to find where it ended. {He} walked past the creek, over the hill and through the long grass with {friend}. But every time they got closer, the rainbow seemed to move away. At last the sun set, and the rainbow faded. \"We never found the end,\" said {Name}, \"but it was the best walk ever.\""),
    ("The Lost Map",
     "{Name} the {animal} found an old map blowing through {spot}. It showed a path to a big X. {Name} and {friend} followed the path over rocks and around trees until they reached the spot. They dug and dug and found an old tin box. Inside were seeds, lots of them. They planted every one, and by spring the whole hillside was covered in wildflowers. It was a treasure after all."),
    ("{Name} Says Sorry",
     "{Name} the {animal} was in a grumpy mood and said something unkind to {friend}. Straight away {Name} felt bad. All day, as {he} wandered around {spot}, {his} tummy felt heavy. At last {he} found {friend} and said, \"I'm sorry. I was grumpy, but that's no excuse.\" {Friend} smiled and said, \"Thank you for saying sorry.\" The heavy feeling went away, and they spent the afternoon playing together."),
    ("The Very Long Nap",
     "{Name} the {animal} loved naps more than anything. One warm afternoon {place}, {he} curled up for a quick one and slept so long that the moon came up. When {he} woke, everything looked different in the silver light. {Friend} was out for an evening walk and showed {Name} all the night-time creatures: glowing fungi, hooting owls and fireflies. From then on, {Name} sometimes stayed up late, just to see the night."),
    ("{Name} Plants a Garden",
     "{Name} the {animal} wanted to grow {his} own food {place}. {He} dug the soil, planted seeds and watered them every morning. For days nothing happened, and {Name} wanted to give up. \"Plants are patient,\" said {friend}. \"You need to be patient too.\" Then one morning tiny green shoots popped up. By the end of the season, {Name} had enough vegetables to share with everyone."),
    ("The Brave Little {Animal}",
     "{Name} was the smallest {animal} {place}, and everyone said {he} was too little to help. One day a baby bird fell out of its nest into a narrow gap between two rocks. The big animals couldn't reach it. But {Name} was just small enough to squeeze in, and {he} gently carried the bird out. {Friend} helped lift it back to its nest. After that, nobody said {Name} was too little for anything."),
    ("{Name} and the Kite",
     "{Name} the {animal} found a red kite caught in a bush {place}. {He} untangled the string and ran as fast as {he} could, but the kite just bumped along the ground. {Friend} laughed kindly and said, \"Wait for the wind.\" So they sat on a hill and waited. When a strong breeze came, the kite leapt into the sky and danced above the trees. {Name} learnt that sometimes the best thing to do is wait for the right moment."),
    ("The Beach Clean-Up",
     "One morning {Name} the {animal} went for a walk {place} and saw rubbish everywhere: bottles, bags and a tangled fishing line. {He} felt sad, then {he} had an idea. {He} asked {friend} and all the neighbours to help. They picked up every piece and sorted it into bins for recycling. By lunchtime the place sparkled, and a family of birds came back to nest. {Name} was proud of what friends can do together."),
    ("{Name}'s First Day",
     "It was {Name}'s first day at the bush school {place}, and the little {animal} felt wobbly inside. {He} didn't know anyone. At lunch {he} sat alone until {friend} came over and asked, \"Do you want to play?\" They played chasey until the bell rang. On the way home, {Name} realised that everyone feels new sometimes, and that one kind question can change a whole day."),
    ("The Moonlight Picnic",
     "{Name} the {animal} wanted to do something special for {his} friends, so {he} planned a picnic {place} under the full moon. {He} packed berries, seeds and a big jug of cool water. {Friend} brought a blanket. As the moon rose, everyone lay back and counted the stars until they lost count. It was so peaceful that {Name} fell asleep right there, smiling."),
]

STORY_REQUESTS = [
    "Tell me a short story about {a_animal}.",
    "Can you tell me a story about {a_animal}?",
    "Write a short story about {a_animal}.",
    "Tell me a bedtime story about {a_animal}.",
    "I'd love a story about {a_animal}, please.",
    "Make up a story about {a_animal} called {Name}.",
    "Tell me a story.",
    "Can you tell me a bedtime story?",
    "Tell me a short story, please.",
    "Story time! Something about {a_animal}.",
    "Write me a little story for my kids about {a_animal}.",
]
STORY_FOLLOWUPS = [
    (["What was the {animal}'s name?", "What was the name of the {animal}?"],
     ["The {animal}'s name was {Name}.", "{Name}. The {animal} in the story was called {Name}."]),
    (["Give the story a title.", "What would you call that story?", "What's the title?"],
     ["I'd call it \"{title}\".", "How about \"{title}\"?"]),
    (["Where did the story happen?", "Where did {Name} live?"],
     ["The story happened {place}.", "{Name} lived {place}."]),
    (["Who helped {Name}?", "Who was {Name}'s friend in the story?"],
     ["{Name} was helped by {friend}.", "{Friend} helped {Name}."]),
    (["That was lovely. Thank you!", "I liked that story.", "Nice story!"],
     ["I'm glad you liked it! Sweet dreams.", "Thank you! I'm happy you enjoyed it.",
      "You're welcome! Let me know if you'd like another one."]),
]


# ---------------------------------------------------------------------------
# Smaller word and number tables (extra learnable patterns)
# ---------------------------------------------------------------------------

PLURALS = [("mouse", "mice"), ("child", "children"), ("foot", "feet"), ("tooth", "teeth"),
           ("person", "people"), ("sheep", "sheep"), ("fish", "fish"), ("leaf", "leaves"),
           ("knife", "knives"), ("wolf", "wolves"), ("box", "boxes"), ("baby", "babies"),
           ("man", "men"), ("woman", "women"), ("goose", "geese"), ("cactus", "cacti"),
           ("loaf", "loaves"), ("half", "halves"), ("potato", "potatoes"), ("bus", "buses"),
           ("city", "cities"), ("dish", "dishes"), ("shelf", "shelves"), ("deer", "deer"),
           ("ox", "oxen"), ("glass", "glasses"), ("tomato", "tomatoes"), ("church", "churches")]
PLURAL_Q = ["What is the plural of {w}?", "What's the plural of {w}?", "More than one {w} is called what?",
            "One {w}, two what?", "How do you say more than one {w}?"]
PLURAL_A = ["The plural of {w} is {p}.", "One {w}, two {p}.", "More than one {w} are called {p}."]

PAST_TENSE = [("go", "went"), ("eat", "ate"), ("run", "ran"), ("see", "saw"), ("swim", "swam"),
              ("sing", "sang"), ("write", "wrote"), ("take", "took"), ("bring", "brought"),
              ("think", "thought"), ("buy", "bought"), ("teach", "taught"), ("catch", "caught"),
              ("fly", "flew"), ("drink", "drank"), ("sleep", "slept"), ("give", "gave"),
              ("make", "made"), ("come", "came"), ("know", "knew"), ("draw", "drew"),
              ("throw", "threw"), ("speak", "spoke"), ("break", "broke"), ("drive", "drove"),
              ("ride", "rode"), ("fall", "fell"), ("feel", "felt"), ("find", "found"),
              ("begin", "began"), ("build", "built"), ("wear", "wore"), ("tell", "told"),
              ("sit", "sat"), ("stand", "stood"), ("hold", "held"), ("win", "won"), ("lose", "lost"),
              ("jump", "jumped"), ("walk", "walked"), ("play", "played"), ("cry", "cried")]
PAST_Q = ["What is the past tense of {w}?", "What's the past tense of {w}?",
          "Today I {w}, yesterday I what?", "How do you say {w} in the past?",
          "Past tense of {w}?"]
PAST_A = ["The past tense of {w} is {p}.", "{P}. Today I {w}, yesterday I {p}.",
          "The past tense of {w} is {p}, as in \"Yesterday I {p}.\""]

SYNONYMS = [("big", "large"), ("small", "little"), ("happy", "glad"), ("fast", "quick"),
            ("begin", "start"), ("shut", "close"), ("angry", "cross"), ("tired", "sleepy"),
            ("smart", "clever"), ("scared", "afraid"), ("rock", "stone"), ("shout", "yell"),
            ("huge", "enormous"), ("pretty", "beautiful"), ("sick", "unwell"),
            ("finish", "end"), ("easy", "simple"), ("rich", "wealthy"), ("gift", "present"),
            ("job", "work")]
SYNONYM_Q = ["What is another word for {w}?", "Give me a synonym for {w}.",
             "What's a word that means the same as {w}?", "Synonym for {w}?"]
SYNONYM_A = ["Another word for {w} is {s}.", "{S} means much the same as {w}.",
             "A synonym for {w} is {s}."]

SHAPES = [("triangle", 3), ("square", 4), ("rectangle", 4), ("pentagon", 5), ("hexagon", 6),
          ("heptagon", 7), ("octagon", 8), ("nonagon", 9), ("decagon", 10)]
SHAPE_Q = ["How many sides does {as} have?", "How many sides has {as} got?",
           "{AS} has how many sides?", "How many corners does {as} have?"]
SHAPE_A = ["{AS} has {n} sides.", "{N} sides. {AS} has {n} sides and {n} corners."]

COLOURS_MIX = [("red", "yellow", "orange"), ("blue", "yellow", "green"), ("red", "blue", "purple"),
               ("red", "white", "pink"), ("black", "white", "grey")]
COLOUR_Q = ["What colour do {a} and {b} make?", "What do you get if you mix {a} and {b}?",
            "If I mix {a} and {b} paint, what colour do I get?"]
COLOUR_A = ["Mixing {a} and {b} makes {c}.", "{a_cap} and {b} make {c}."]

AU_STATES_TALK = """
Q: How many states does Australia have? | How many states and territories are there in Australia? | How many states are in Australia?
A: Australia has six states and two mainland territories. The states are New South Wales, Victoria, Queensland, Western Australia, South Australia and Tasmania. The territories are the Australian Capital Territory and the Northern Territory.
A: There are six states: New South Wales, Victoria, Queensland, Western Australia, South Australia and Tasmania. There are also two mainland territories: the Australian Capital Territory and the Northern Territory.

Q: What are the capital cities of Australia? | Name all the Australian capital cities. | List the state capitals of Australia.
A: Sydney is the capital of New South Wales, Melbourne of Victoria, Brisbane of Queensland, Perth of Western Australia, Adelaide of South Australia and Hobart of Tasmania. Canberra is the capital of the Australian Capital Territory and of Australia, and Darwin is the capital of the Northern Territory.

Q: What is the biggest state in Australia? | Which Australian state is the largest?
A: Western Australia is the biggest state. It covers about a third of the whole continent, and its capital is Perth.
Q: And the smallest? | Which is the smallest state?
A: Tasmania is the smallest state. It's an island, and its capital is Hobart.

Q: What does NSW stand for? | What is NSW?
A: NSW stands for New South Wales, the state whose capital is Sydney.

Q: What does ACT stand for? | What is the ACT?
A: ACT stands for the Australian Capital Territory. It is home to Canberra, the capital of Australia.

Q: What does WA stand for? | What is WA short for?
A: WA is short for Western Australia, the state whose capital is Perth.

Q: Is Tasmania a state? | Is Tasmania part of Australia?
A: Yes. Tasmania is one of Australia's six states. It's an island south of Victoria, and its capital is Hobart.

Q: Is the Northern Territory a state? | What's the difference between a state and a territory?
A: The Northern Territory is a territory, not a state. States have their own powers under the Constitution, while the territories get their powers from laws made by the federal Parliament. The Northern Territory's capital is Darwin.

Q: Which state is Uluru in? | Where in Australia is Uluru?
A: Uluru is in the Northern Territory, in the red centre of Australia. The nearest big town is Alice Springs, and the capital of the territory is Darwin.

Q: Which state is the Great Barrier Reef in? | Where is the reef?
A: The Great Barrier Reef is off the coast of Queensland, whose capital is Brisbane.

Q: Which states border New South Wales? | What is next to New South Wales?
A: New South Wales borders Queensland to the north, Victoria to the south and South Australia to the west. The Australian Capital Territory sits inside it, surrounded by New South Wales.
"""


# ---------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------

GREETING_TURNS = [
    ("Hi!", "Hello! What can I help you with?"),
    ("Hello.", "Hi there! What would you like to know?"),
    ("G'day!", "G'day! Ask away."),
    ("Hey.", "Hey! What's on your mind?"),
    ("Good morning.", "Good morning! How can I help?"),
    ("Can I ask you a question?", "Of course! Go ahead."),
    ("I have a quick question.", "Sure, what is it?"),
    ("Are you busy?", "Not at all. What would you like to ask?"),
]
THANKS_TURNS = [
    ("Thanks!", "You're welcome!"),
    ("Thank you.", "No worries!"),
    ("Great, thanks.", "Happy to help."),
    ("Cheers.", "Any time!"),
    ("Thanks, that helps.", "Glad it helped!"),
    ("Got it, thanks!", "Good stuff. Let me know if you have another question."),
    ("Okay, thank you!", "You're welcome. Have a lovely day!"),
]
QUESTION_PREFIXES = ["Hi! ", "Hey, ", "Quick question: ", "Hello. ", "G'day. ", "Okay, ", "So, ",
                     "Hmm, ", "Excuse me, ", "I have a question. ", "Hey there. ", "Right, ", "Um, ",
                     "Question for you: ", "I was wondering, ", "Sorry to bother you, ", "One more thing: ",
                     "Can you help? ", "Just curious: ", "Please help. ", "Morning! "]
QUESTION_SUFFIXES = [" Thanks!", " Please.", " Thank you.", " Cheers."]


def parse_blocks(text):
    """Parse the Q:/A: format into a list of blocks, each a list of (questions, answers)."""
    blocks = []
    for chunk in text.strip().split("\n\n"):
        turns = []
        for line in chunk.strip().splitlines():
            line = line.strip()
            if line.startswith("Q: "):
                turns.append(([q.strip() for q in line[3:].split(" | ")], []))
            elif line.startswith("A: "):
                turns[-1][1].append(line[3:].strip())
            else:
                raise ValueError("bad line in hand-written block: %r" % line)
        for questions, answers in turns:
            if not questions or not answers:
                raise ValueError("turn without a question or an answer: %r" % chunk)
        blocks.append(turns)
    return blocks


def hand_written(rng, text):
    """Each phrasing of a block's first question becomes one conversation."""
    conversations = []
    for turns in parse_blocks(text):
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
    """Vary a question template a little: a friendly opener, a thank you, or casual lower case."""
    r = rng.random()
    if r < 0.05:
        return template.lower().rstrip("?.! =")
    if r < 0.25:
        prefix = rng.choice(QUESTION_PREFIXES)
        starts_plain = not template.startswith(("{", "I ", "I'"))
        if prefix.endswith((", ", ": ")) and starts_plain:
            template = template[:1].lower() + template[1:]
        return prefix + template
    if r < 0.32 and template.endswith(("?", ".")):
        return template + rng.choice(QUESTION_SUFFIXES)
    return template


def ask(rng, templates, default_answers, slots, n):
    """Ask one fact n times with n different question templates."""
    turns = []
    for template in rng.sample(templates, min(n, len(templates))):
        answers = default_answers
        if isinstance(template, tuple):
            template, answers = template
        question = decorate(rng, template).format(**slots)
        answer = rng.choice(answers).format(**slots)
        turns.append((question, answer))
    return turns


def possessive(name):
    return name + ("'" if name.endswith("s") else "'s")


def country_slots(country, capital, region):
    return {"c": country, "C": cap(country), "cs": possessive(country),
            "CS": cap(possessive(country)), "k": capital, "region": region}


def gen_capitals(rng):
    convs = []
    for country, capital, region in COUNTRIES:
        slots = country_slots(country, capital, region)
        for turn in ask(rng, CAPITAL_Q, CAPITAL_A, slots, PER_FACT["capital"]):
            convs.append([turn])
        convs.append(ask(rng, CAPITAL_REVERSE_Q, CAPITAL_REVERSE_A, slots, 1))
    # Chains: "What's the capital of France?" ... "And Italy?"
    for _ in range(CHAINS["capitals"]):
        picks = rng.sample(COUNTRIES, rng.choice([2, 2, 3]))
        conv = ask(rng, CAPITAL_Q, CAPITAL_A, country_slots(*picks[0]), 1)
        for country, capital, region in picks[1:]:
            slots = country_slots(country, capital, region)
            question = rng.choice(FOLLOW_COUNTRY_Q).format(**slots)
            conv.append((question, rng.choice(CAPITAL_A[:3]).format(**slots)))
        convs.append(conv)
    return convs


def gen_au_states(rng):
    convs = []
    for name, short, capital, kind, fact in AU_STATES:
        slots = {"c": name, "C": cap(name), "cs": possessive(name), "CS": cap(possessive(name)),
                 "k": capital, "short": short, "fact": fact}
        for turn in ask(rng, AU_CAPITAL_Q, AU_CAPITAL_A, slots, 7):
            convs.append([turn])
        for turn in ask(rng, AU_REVERSE_Q, AU_REVERSE_A, slots, 3):
            convs.append([turn])
    for question in AUSTRALIA_CAPITAL_Q:
        convs.append([(question, rng.choice(AUSTRALIA_CAPITAL_A))])
    for _ in range(30):
        picks = rng.sample(AU_STATES, rng.choice([2, 3]))
        conv = []
        for j, (name, short, capital, kind, fact) in enumerate(picks):
            slots = {"c": name, "C": cap(name), "cs": possessive(name),
                     "CS": cap(possessive(name)), "k": capital, "short": short, "fact": fact}
            if j == 0:
                conv += ask(rng, AU_CAPITAL_Q, AU_CAPITAL_A, slots, 1)
            else:
                conv.append((rng.choice(FOLLOW_COUNTRY_Q).format(**slots),
                             rng.choice(AU_CAPITAL_A[:2]).format(**slots)))
        convs.append(conv)
    convs += hand_written(rng, AU_STATES_TALK)
    return convs


def gen_arithmetic(rng):
    convs = []
    for a in range(21):
        for b in range(21 - a):
            slots = {"a": a, "b": b, "s": a + b, "things": rng.choice(THINGS)}
            templates = ADD_Q if b > 0 else [t for t in ADD_Q if isinstance(t, str)]
            for turn in ask(rng, templates, ADD_A, slots, PER_FACT["add"]):
                convs.append([turn])
    for a in range(21):
        for b in range(a + 1):
            slots = {"a": a, "b": b, "d": a - b, "things": rng.choice(THINGS)}
            templates = SUB_Q if b > 0 else [t for t in SUB_Q if isinstance(t, str)]
            for turn in ask(rng, templates, SUB_A, slots, PER_FACT["sub"]):
                convs.append([turn])
    for a in range(1, 11):
        for b in range(1, 11):
            slots = {"a": a, "b": b, "p": a * b, "things": rng.choice(THINGS)}
            for turn in ask(rng, TIMES_Q, TIMES_A, slots, PER_FACT["times"]):
                convs.append([turn])
    # Times tables said in full.
    for b in range(1, 11):
        table = ", ".join("%d x %d = %d" % (a, b, a * b) for a in range(1, 11))
        for question in ["Say the %d times table." % b, "Can you tell me the %d times table?" % b,
                         "What is the %d times table?" % b]:
            convs.append([(question, "Here is the %d times table: %s." % (b, table))])
    # Chains of sums, differences and products.
    for _ in range(CHAINS["arithmetic"]):
        kind = rng.choice(["add", "sub", "times"])
        conv = []
        for _ in range(rng.choice([2, 3])):
            if kind == "add":
                a = rng.randrange(0, 21)
                b = rng.randrange(0, 21 - a)
                slots = {"a": a, "b": b, "s": a + b}
                templates, answers = ["What is {a} plus {b}?", "And {a} plus {b}?", "What about {a} + {b}?"], ADD_A[:3]
            elif kind == "sub":
                a = rng.randrange(0, 21)
                b = rng.randrange(0, a + 1)
                slots = {"a": a, "b": b, "d": a - b}
                templates, answers = ["What is {a} minus {b}?", "And {a} minus {b}?", "What about {a} - {b}?"], SUB_A[:3]
            else:
                a, b = rng.randrange(1, 11), rng.randrange(1, 11)
                slots = {"a": a, "b": b, "p": a * b}
                templates, answers = ["What is {a} times {b}?", "And {a} times {b}?", "What about {a} x {b}?"], TIMES_A[:3]
            template = templates[0] if not conv else rng.choice(templates[1:])
            conv.append((template.format(**slots), rng.choice(answers).format(**slots)))
        convs.append(conv)
    return convs


def gen_numbers(rng):
    convs = []
    for n in range(1, 41):
        parity = "even" if n % 2 == 0 else "odd"
        q = rng.choice(["Is {n} odd or even?", "Is {n} an even number?", "Is {n} even or odd?",
                        "Is {n} an odd number?"]).format(n=n)
        a = rng.choice(["{n} is {p}.", "{n} is an {p} number."]).format(n=n, p=parity)
        convs.append([(q, a)])
    for n in rng.sample(range(1, 100), 70):
        if rng.random() < 0.5:
            q = rng.choice(["What number comes after {n}?", "What comes after {n}?",
                            "What is one more than {n}?"]).format(n=n)
            a = rng.choice(["{m} comes after {n}.", "One more than {n} is {m}."]).format(n=n, m=n + 1)
        else:
            q = rng.choice(["What number comes before {n}?", "What is one less than {n}?"]).format(n=n)
            a = rng.choice(["{m} comes before {n}.", "One less than {n} is {m}."]).format(n=n, m=n - 1)
        convs.append([(q, a)])
    for n in range(2, 21, 2):
        for q in rng.sample(["What is half of {n}?", "Half of {n} is what?", "What's half of {n}?"], 2):
            convs.append([(q.format(n=n), rng.choice(["Half of {n} is {h}.", "{h}. Half of {n} is {h}."]).format(n=n, h=n // 2))])
    for n in range(1, 11):
        q = rng.choice(["What is double {n}?", "Double {n} is what?", "What do you get if you double {n}?"]).format(n=n)
        convs.append([(q, "Double {n} is {d}, because {n} plus {n} is {d}.".format(n=n, d=2 * n))])
    for _ in range(30):
        a, b = rng.sample(range(1, 101), 2)
        q = rng.choice(["Which is bigger, {a} or {b}?", "Is {a} bigger than {b}?", "Which is more: {a} or {b}?"]).format(a=a, b=b)
        big, small = max(a, b), min(a, b)
        convs.append([(q, "{big} is bigger than {small}.".format(big=big, small=small))])
    return convs


def gen_days_months(rng):
    convs = []
    for i, day in enumerate(DAYS):
        nxt, prev = DAYS[(i + 1) % 7], DAYS[(i - 1) % 7]
        for turn in ask(rng, NEXT_DAY_Q, NEXT_DAY_A, {"d": day, "n": nxt}, PER_FACT["next_day"]):
            convs.append([turn])
        for turn in ask(rng, PREV_DAY_Q, PREV_DAY_A, {"d": day, "n": prev}, PER_FACT["prev_day"]):
            convs.append([turn])
    for i, month in enumerate(MONTHS):
        nxt, prev = MONTHS[(i + 1) % 12], MONTHS[(i - 1) % 12]
        for turn in ask(rng, NEXT_MONTH_Q, NEXT_MONTH_A, {"m": month, "n": nxt}, PER_FACT["next_month"]):
            convs.append([turn])
        for turn in ask(rng, PREV_MONTH_Q, PREV_MONTH_A, {"m": month, "n": prev}, PER_FACT["prev_month"]):
            convs.append([turn])
        slots = {"m": month, "o": ORDINALS[i], "i": i + 1}
        for turn in ask(rng, NTH_MONTH_Q, NTH_MONTH_A, slots, PER_FACT["nth_month"]):
            convs.append([turn])
        for turn in ask(rng, MONTH_NUMBER_Q, MONTH_NUMBER_A, slots, 2):
            convs.append([turn])
        days = MONTH_DAYS[month]
        q = rng.choice(["How many days are in {m}?", "How many days does {m} have?",
                        "How long is {m}?"]).format(m=month)
        convs.append([(q, "{m} has {d} days.".format(m=month, d=days))])
        season = AU_SEASON_OF_MONTH[month]
        for q in rng.sample(["What season is {m} in Australia?", "In Australia, what season is it in {m}?",
                             "Is {m} summer or winter in Australia?"], 2):
            convs.append([(q.format(m=month), rng.choice(
                ["In Australia, {m} is in {s}.", "{M} is {s} in Australia."]).format(m=month, M=month, s=season))])
    week = ", ".join(DAYS[:-1]) + " and " + DAYS[-1]
    year = ", ".join(MONTHS[:-1]) + " and " + MONTHS[-1]
    for q in ["What are the days of the week?", "Name the days of the week in order.",
              "Can you list the days of the week?", "Say the days of the week.", "What are the seven days?"]:
        convs.append([(q, rng.choice(["The days of the week are {w}.", "In order: {w}."]).format(w=week))])
    for q in ["What are the months of the year?", "Name the months in order.",
              "Can you list the twelve months?", "Say the months of the year.", "What are all the months?"]:
        convs.append([(q, rng.choice(["The months of the year are {y}.", "In order: {y}."]).format(y=year))])
    for q in ["How many days are in a week?", "How many days does a week have?"]:
        convs.append([(q, "There are 7 days in a week: " + week + ".")])
    for q in ["How many months are in a year?", "How many months does a year have?"]:
        convs.append([(q, "There are 12 months in a year, from January to December.")])
    for q in ["What days are the weekend?", "Which days make up the weekend?"]:
        convs.append([(q, "The weekend is Saturday and Sunday.")])
    for q in ["What is the first month of the year?", "Which month does the year start with?"]:
        convs.append([(q, "January is the first month of the year.")])
    for q in ["What is the last month of the year?", "Which month ends the year?"]:
        convs.append([(q, "December is the last month of the year.")])
    for q in ["Which day is the first day of the week?", "What day does the week start on?"]:
        convs.append([(q, "In Australia the week is usually counted from Monday, although some calendars start on Sunday.")])
    # Chains.
    for _ in range(CHAINS["days_months"]):
        i = rng.randrange(7)
        j = rng.randrange(7)
        conv = [(rng.choice(["What day comes after {d}?", "What is the day after {d}?"]).format(d=DAYS[i]),
                 "The day after {d} is {n}.".format(d=DAYS[i], n=DAYS[(i + 1) % 7]))]
        if rng.random() < 0.5:
            conv.append(("And after {d}?".format(d=DAYS[j]),
                         "The day after {d} is {n}.".format(d=DAYS[j], n=DAYS[(j + 1) % 7])))
        else:
            m = rng.randrange(12)
            conv.append(("And the month after {m}?".format(m=MONTHS[m]),
                         "The month after {m} is {n}.".format(m=MONTHS[m], n=MONTHS[(m + 1) % 12])))
        convs.append(conv)
    return convs


def opposite_slots(word, opposite):
    return {"w": word, "W": cap(word), "o": opposite, "O": cap(opposite)}


def gen_opposites(rng):
    convs = []
    for word, opposite, both in OPPOSITES:
        for turn in ask(rng, OPPOSITE_Q, OPPOSITE_A, opposite_slots(word, opposite), PER_FACT["opposite"]):
            convs.append([turn])
        if both:
            for turn in ask(rng, OPPOSITE_Q, OPPOSITE_A, opposite_slots(opposite, word), 2):
                convs.append([turn])
    for _ in range(50):
        picks = rng.sample(OPPOSITES, rng.choice([2, 3]))
        conv = ask(rng, OPPOSITE_Q, OPPOSITE_A[:2], opposite_slots(picks[0][0], picks[0][1]), 1)
        for word, opposite, _both in picks[1:]:
            slots = opposite_slots(word, opposite)
            conv.append((rng.choice(FOLLOW_OPPOSITE_Q).format(**slots),
                         rng.choice(OPPOSITE_A[:2]).format(**slots)))
        convs.append(conv)
    return convs


def sound_slots(animal, sound, extra):
    return {"a": animal, "aa": a_or_an(animal), "AA": cap(a_or_an(animal)), "ap": plural(animal),
            "AP": cap(plural(animal)), "s": sound, "extra": extra}


def sound_answers(sound):
    return SOUND_A[-1:] if sound in SOUND_NOT_SAID else SOUND_A


def gen_animal_sounds(rng):
    convs = []
    counts = {}
    for _animal, sound, _extra in ANIMAL_SOUNDS:
        counts[sound] = counts.get(sound, 0) + 1
    for animal, sound, extra in ANIMAL_SOUNDS:
        slots = sound_slots(animal, sound, extra)
        for turn in ask(rng, SOUND_Q, sound_answers(sound), slots, PER_FACT["sound"]):
            convs.append([turn])
        if counts[sound] == 1 and sound not in SOUND_NOT_SAID:
            q = rng.choice(["Which animal says {s}?", "What animal goes {s}?", "Who says {s}?"])
            convs.append([(q.format(**slots), "{AA} says {s}.".format(**slots))])
    for _ in range(30):
        picks = rng.sample(ANIMAL_SOUNDS, 2)
        first = sound_slots(*picks[0])
        second = sound_slots(*picks[1])
        conv = ask(rng, SOUND_Q, sound_answers(first["s"]), first, 1)
        conv.append((rng.choice(["And {aa}?", "What about {aa}?", "And what does {aa} say?"]).format(**second),
                     rng.choice(sound_answers(second["s"])).format(**second)))
        convs.append(conv)
    return convs


def young_slots(animal, young, extra):
    return {"a": animal, "aa": a_or_an(animal), "AA": cap(a_or_an(animal)), "ap": plural(animal),
            "y": young, "ay": a_or_an(young), "extra": extra}


def gen_animal_young(rng):
    convs = []
    counts = {}
    for _animal, young, _extra in ANIMAL_YOUNG:
        counts[young] = counts.get(young, 0) + 1
    for animal, young, extra in ANIMAL_YOUNG:
        slots = young_slots(animal, young, extra)
        for turn in ask(rng, YOUNG_Q, YOUNG_A, slots, PER_FACT["young"]):
            convs.append([turn])
        if counts[young] == 1:
            q = rng.choice(["What is {ay}?", "What animal has a baby called {ay}?", "{ay} is a baby what?"])
            convs.append([(cap(q.format(**slots)), "{AY} is a baby {a}.".format(AY=cap(a_or_an(young)), **slots))])
    for young in sorted(y for y, c in counts.items() if c > 1):
        parents = [a for a, y, _e in ANIMAL_YOUNG if y == young]
        names = ", ".join(plural(p) for p in parents[:-1]) + " and " + plural(parents[-1])
        question = "Which animals have babies called {y}?".format(y=plural(young))
        answer = "Several do. The young of {n} are all called {y}.".format(n=names, y=plural(young))
        convs.append([(question, answer)])
    for _ in range(30):
        picks = rng.sample(ANIMAL_YOUNG, 2)
        first = young_slots(*picks[0])
        second = young_slots(*picks[1])
        conv = ask(rng, YOUNG_Q, YOUNG_A[:2], first, 1)
        conv.append((rng.choice(["And a baby {a}?", "What about {aa}?", "And a young {a}?"]).format(**second),
                     rng.choice(YOUNG_A[:2]).format(**second)))
        convs.append(conv)
    return convs


GREETING_OPENERS = ["Hello!", "Hi!", "Hey there,", "G'day,", "Good morning!", "Hiya,", "Hello there.", "Hey!",
                    "Good afternoon!", "Evening!", ""]
HOW_ARE_YOU = ["how are you?", "how are you today?", "how are you going?", "how's it going?", "how are you doing?",
               "how have you been?", "how's your day?", "are you well?"]
HOW_ARE_YOU_REPLIES = [
    "I'm going well, thanks for asking! How about you?",
    "Pretty good, thanks! What would you like to talk about?",
    "I'm well, thank you. How are you going?",
    "Going nicely, thanks. What can I help you with today?",
    "All good here, thanks! Is there something you'd like to know?",
    "Very well, thanks for asking. What's on your mind?",
]
HOW_ARE_YOU_FOLLOWUPS = [
    (["I'm good, thanks.", "Not bad, thanks.", "I'm fine.", "Pretty good.", "I'm doing well."],
     ["Glad to hear it! What would you like to talk about?", "That's great. Ask me anything you like.",
      "Good to hear. What can I do for you?"]),
    (["A bit tired.", "Not great, to be honest.", "I've had a long day."],
     ["Sorry to hear that. A cup of tea and an early night can help. Is there anything I can do?",
      "That sounds tough. I'm happy to chat if it helps."]),
]


def gen_greetings(rng, n=160):
    """Greetings with "how are you" in many forms: the first thing most people type."""
    convs = []
    for _ in range(n):
        opener, question = rng.choice(GREETING_OPENERS), rng.choice(HOW_ARE_YOU)
        if not opener or opener.endswith(("!", ".")):
            question = cap(question)
        text = (opener + " " + question).strip()
        conv = [(text, rng.choice(HOW_ARE_YOU_REPLIES))]
        if rng.random() < 0.4:
            questions, answers = rng.choice(HOW_ARE_YOU_FOLLOWUPS)
            conv.append((rng.choice(questions), rng.choice(answers)))
        convs.append(conv)
    return convs


def gen_word_tables(rng):
    convs = []
    for word, plural_form in PLURALS:
        for turn in ask(rng, PLURAL_Q, PLURAL_A, {"w": word, "p": plural_form}, 2):
            convs.append([turn])
    for word, past in PAST_TENSE:
        for turn in ask(rng, PAST_Q, PAST_A, {"w": word, "p": past, "P": cap(past)}, 2):
            convs.append([turn])
    for word, synonym in SYNONYMS:
        for turn in ask(rng, SYNONYM_Q, SYNONYM_A, {"w": word, "s": synonym, "S": cap(synonym)}, 2):
            convs.append([turn])
    for shape, sides in SHAPES:
        for turn in ask(rng, SHAPE_Q, SHAPE_A, {"s": shape, "as": a_or_an(shape), "AS": cap(a_or_an(shape)),
                                              "n": sides, "N": cap(number_word(sides))}, 2):
            convs.append([turn])
    for a, b, c in COLOURS_MIX:
        for turn in ask(rng, COLOUR_Q, COLOUR_A, {"a": a, "b": b, "c": c, "a_cap": cap(a)}, 2):
            convs.append([turn])
    return convs


def later_mentions_definite(body):
    """'a wise old owl' the first time the friend is named, 'the wise old owl' after that."""
    parts = re.split(r"(\{[Ff]riend\})", body)
    seen = False
    for i, part in enumerate(parts):
        if part in ("{friend}", "{Friend}"):
            if seen:
                parts[i] = "{the_friend}" if part == "{friend}" else "{The_friend}"
            seen = True
    return "".join(parts)


def gen_stories(rng):
    convs = []
    for index, (animal, name, pronoun) in enumerate(STORY_HEROES):
        he, his, him = ("he", "his", "him") if pronoun == "he" else ("she", "her", "her")
        for k in range(STORIES_PER_HERO):
            title, body = STORIES[(index * 5 + k * 2) % len(STORIES)]
            friend = rng.choice(STORY_FRIENDS)
            place, spot = rng.choice(STORY_PLACES)
            slots = {"Name": name, "animal": animal, "Animal": cap(animal), "a_animal": a_or_an(animal),
                     "place": place, "Place": cap(place), "spot": spot, "friend": friend, "Friend": cap(friend),
                     "he": he, "He": cap(he), "his": his, "His": cap(his), "him": him}
            slots["the_friend"] = "the " + friend.split(" ", 1)[1]
            slots["The_friend"] = cap(slots["the_friend"])
            slots["title"] = title.format(**slots)
            story = later_mentions_definite(body).format(**slots)
            request = rng.choice(STORY_REQUESTS).format(**slots)
            conv = [(request, story)]
            if rng.random() < 0.35:
                questions, answers = rng.choice(STORY_FOLLOWUPS)
                conv.append((rng.choice(questions).format(**slots), rng.choice(answers).format(**slots)))
            convs.append(conv)
    return convs


def with_small_talk_wrappers(rng, convs, p_greeting=0.07, p_thanks=0.07):
    """Wrap some single-turn conversations with a greeting first or a thank-you after."""
    out = []
    for conv in convs:
        conv = list(conv)
        if len(conv) == 1:
            r = rng.random()
            if r < p_greeting:
                conv.insert(0, rng.choice(GREETING_TURNS))
            elif r < p_greeting + p_thanks:
                conv.append(rng.choice(THANKS_TURNS))
        out.append(conv)
    return out


def mixed_fact_chains(rng, pools, n):
    """Conversations that ask two questions from different fact strands."""
    out = []
    names = sorted(pools)
    for _ in range(n):
        first, second = rng.sample(names, 2)
        a = rng.choice([c for c in pools[first] if len(c) == 1])
        b = rng.choice([c for c in pools[second] if len(c) == 1])
        out.append(a + b)
    return out


def build_conversations(seed=SEED):
    rng = random.Random(seed)
    strands = {
        "capitals": gen_capitals(rng),
        "au_states": gen_au_states(rng),
        "arithmetic": gen_arithmetic(rng),
        "numbers": gen_numbers(rng),
        "days_months": gen_days_months(rng),
        "opposites": gen_opposites(rng),
        "animal_sounds": gen_animal_sounds(rng),
        "animal_young": gen_animal_young(rng),
        "word_tables": gen_word_tables(rng),
    }
    facts = {name: with_small_talk_wrappers(rng, convs) for name, convs in strands.items()}
    facts["mixed"] = mixed_fact_chains(rng, strands, 120)
    talk_texts = {
        "llm_project": LLM_TALK, "small_talk": SMALL_TALK, "how_to": HOW_TO, "science": SCIENCE,
        "maths_talk": MATHS_TALK, "language": LANGUAGE_TALK, "australia": AUSTRALIA_TALK,
        "animals": ANIMAL_TALK, "seasons": SEASONS_TALK, "everyday": EVERYDAY_TALK,
        "llm_project_more": MORE_PROJECT_TALK,
    }
    talk = {}
    for name, text in talk_texts.items():
        talk[name] = with_small_talk_wrappers(rng, hand_written(rng, text), 0.06, 0.06)
    talk["stories"] = gen_stories(rng)
    talk["greetings"] = gen_greetings(rng)
    tagged = []
    for group in (facts, talk):
        for name in group:
            for conv in group[name]:
                tagged.append((name, conv))
    return tagged


def check_text(text):
    for bad in SPECIAL_TOKENS + ("\n", "\t", "\r"):
        if bad in text:
            raise ValueError("text contains %r: %r" % (bad, text))
    if text != text.strip() or not text:
        raise ValueError("text has stray spaces or is empty: %r" % text)


def build_lines(seed=SEED):
    """Return (lines, tags) in their final, shuffled order, de-duplicated."""
    rng = random.Random(seed + 1)
    tagged = build_conversations(seed)
    rng.shuffle(tagged)
    seen = set()
    lines, tags = [], []
    for tag, conv in tagged:
        for user, assistant in conv:
            check_text(user)
            check_text(assistant)
        line = fmt_turns(conv)
        if len(line) > MAX_CONVERSATION_CHARS:
            line = fmt_turns(conv[:1])
        if line in seen:
            continue
        seen.add(line)
        lines.append(line)
        tags.append(tag)
    return lines, tags


# ---------------------------------------------------------------------------
# Held-out questions for bench/bench_knowledge.py
# ---------------------------------------------------------------------------

def build_heldout(seed=SEED):
    """Questions in phrasings kept out of the corpus, about facts that are in it.

    The answer is the word or number that must appear in the reply. Arithmetic
    items never have an answer equal to one of the numbers in the question, so
    simply echoing the question cannot score.
    """
    rng = random.Random(seed + 2)
    items = []

    def add(strand, question, answer):
        items.append({"strand": strand, "question": question, "answer": str(answer)})

    for i, (country, capital, region) in enumerate(rng.sample(COUNTRIES, 36)):
        template = CAPITAL_Q_HELDOUT[i % len(CAPITAL_Q_HELDOUT)]
        add("capitals", template.format(**country_slots(country, capital, region)), capital)
    for i, (name, short, capital, kind, fact) in enumerate(AU_STATES):
        template = CAPITAL_Q_HELDOUT[(i + 2) % len(CAPITAL_Q_HELDOUT)]
        add("au_states", template.format(c=name), capital)
    add("au_states", "I'd like to know the capital of Australia.", "Canberra")

    def pairs(make, n):
        chosen = set()
        while len(chosen) < n:
            chosen.add(make())
        return sorted(chosen)

    def add_pair():
        a = rng.randrange(1, 20)
        b = rng.randrange(1, 21 - a)
        return (a, b) if a + b not in (a, b) else add_pair()

    def sub_pair():
        a = rng.randrange(2, 21)
        b = rng.randrange(1, a)
        return (a, b) if a - b not in (a, b) else sub_pair()

    def times_pair():
        a, b = rng.randrange(2, 11), rng.randrange(2, 11)
        return (a, b)

    for i, (a, b) in enumerate(pairs(add_pair, 25)):
        add("addition", ADD_Q_HELDOUT[i % len(ADD_Q_HELDOUT)].format(a=a, b=b), a + b)
    for i, (a, b) in enumerate(pairs(sub_pair, 25)):
        add("subtraction", SUB_Q_HELDOUT[i % len(SUB_Q_HELDOUT)].format(a=a, b=b), a - b)
    for i, (a, b) in enumerate(pairs(times_pair, 25)):
        add("times", TIMES_Q_HELDOUT[i % len(TIMES_Q_HELDOUT)].format(a=a, b=b), a * b)

    for i, day in enumerate(DAYS):
        add("days", NEXT_DAY_Q_HELDOUT[i % 2].format(d=day), DAYS[(i + 1) % 7])
        add("days", PREV_DAY_Q_HELDOUT[i % 2].format(d=day), DAYS[(i - 1) % 7])
    for i, month in enumerate(MONTHS):
        if i % 3 == 0:
            add("months", NEXT_MONTH_Q_HELDOUT[(i // 3) % 2].format(m=month), MONTHS[(i + 1) % 12])
        elif i % 3 == 1:
            add("months", PREV_MONTH_Q_HELDOUT[(i // 3) % 2].format(m=month), MONTHS[(i - 1) % 12])
        else:
            add("months", NTH_MONTH_Q_HELDOUT[0].format(o=ORDINALS[i]), month)

    for i, (word, opposite, _both) in enumerate(rng.sample(OPPOSITES, 30)):
        add("opposites", OPPOSITE_Q_HELDOUT[i % len(OPPOSITE_Q_HELDOUT)].format(w=word), opposite)
    for i, (animal, sound, _extra) in enumerate(rng.sample(ANIMAL_SOUNDS, 14)):
        add("animal_sounds", SOUND_Q_HELDOUT[i % len(SOUND_Q_HELDOUT)].format(aa=a_or_an(animal)), sound)
    for i, (animal, young, _extra) in enumerate(rng.sample(ANIMAL_YOUNG, 16)):
        add("animal_young", YOUNG_Q_HELDOUT[i % len(YOUNG_Q_HELDOUT)].format(a=animal, aa=a_or_an(animal)), young)
    return items


def normalise_question(text):
    """Lower case, letters, digits and single spaces only: used to compare phrasings."""
    kept = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return " ".join(kept.split())


def user_turns(line):
    turns = []
    for chunk in line.split("<USR> ")[1:]:
        turns.append(chunk.split(" <ASSIST> ")[0])
    return turns


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build the quantaTinyLLM training corpus.")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="where to write the corpus")
    parser.add_argument("--heldout", default=None,
                        help="also write the held-out question set (JSON lines) here")
    parser.add_argument("--stats", action="store_true", help="print counts per strand")
    args = parser.parse_args(argv)

    lines, tags = build_lines()
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8", newline="\n")
    multi = sum(1 for line in lines if line.count("<USR>") > 1)
    print("wrote %s: %d conversations, %d bytes, %.1f%% multi-turn"
          % (args.out, len(lines), len(text.encode("utf-8")), 100.0 * multi / len(lines)))

    if args.stats:
        counts, sizes = {}, {}
        for tag, line in zip(tags, lines):
            counts[tag] = counts.get(tag, 0) + 1
            sizes[tag] = sizes.get(tag, 0) + len(line) + 1
        for tag in sorted(counts, key=lambda t: -sizes[t]):
            print("  %-14s %5d conversations %8d bytes" % (tag, counts[tag], sizes[tag]))

    if args.heldout:
        items = build_heldout()
        seen = set()
        for line in lines:
            for turn in user_turns(line):
                seen.add(normalise_question(turn))
        clashes = [item["question"] for item in items if normalise_question(item["question"]) in seen]
        if clashes:
            raise SystemExit("held-out questions found in the corpus: %r" % clashes[:5])
        with open(args.heldout, "w", encoding="utf-8", newline="\n") as handle:
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        print("wrote %s: %d held-out questions" % (args.heldout, len(items)))


if __name__ == "__main__":
    main()
