"""Write a plain-prose text for bench/bench_quality.py: stories, descriptions, letters and diaries of a made-up town.

bench/bench_quality.py trains on "any plain text file" and scores bits per byte on its last 10% of lines. The
bundled corpus (quantaTinyLLM.txt, from corpus/) is chat lines; this writes plain English prose that is neither
the corpus nor derived from it, so recipes can be compared on a second kind of text.

Everything here is our own writing: small hand-written tables of people, places, things and seasons, and a
small grammar of sentence templates per kind of paragraph (a story, a description of a place, a tradesperson
at work, a letter, a diary entry, a journey). Within a paragraph the people, place, season and tense stay the
same and pronouns agree; across paragraphs the choices combine into a long tail, so the held-out tail reads
like the rest without being a copy of it. A paragraph drawn a second time is skipped, and the count printed.

    python bench/make_prose.py --out /tmp/prose.txt               # about 2 MB
    python bench/make_prose.py --out /tmp/prose.txt --mb 1 --seed 7
    python bench/make_prose.py --out /tmp/town.txt --cast 600    # 600 townsfolk, each with a trade to remember
    python bench/bench_quality.py --text /tmp/prose.txt --minutes 3

One paragraph a line, UTF-8, Australian spelling like the rest of the project. The same --seed gives the same
file byte for byte: one random.Random(seed) draws everything, from lists in a fixed order.
"""

import argparse
import random
import time

# ---- The people of Marrowby: (name, "f" or "m", trade) ----
PEOPLE = [("Ada", "f", "baker"), ("Tom", "m", "miller"), ("Nell", "f", "blacksmith"), ("Owen", "m", "fisher"),
          ("Ruth", "f", "weaver"), ("Silas", "m", "potter"), ("Mina", "f", "teacher"), ("Hugo", "m", "librarian"),
          ("Greta", "f", "carpenter"), ("Ivo", "m", "beekeeper"), ("Dora", "f", "doctor"), ("Abel", "m", "shepherd"),
          ("Lena", "f", "lighthouse keeper"), ("Felix", "m", "grocer"), ("Tess", "f", "postmistress"),
          ("Jonah", "m", "gardener"), ("Pearl", "f", "clockmaker"), ("Walter", "m", "boatbuilder"),
          ("Maud", "f", "shepherd"), ("Basil", "m", "baker"), ("Iris", "f", "fisher"), ("Ned", "m", "carpenter")]
# --cast N: more townsfolk than the hand-written ones, named from these syllables, each with a fixed trade
# and sex drawn once. Who does what is then a long list of facts the text states again and again in new
# words, as real prose does; with the 22 above a model has them all by heart within a minute.
NAME_STARTS = ["Al", "Bel", "Cor", "Dun", "El", "Fen", "Gar", "Hal", "Is", "Jor", "Kel", "Lor", "Mar", "Nor", "Os",
               "Per", "Quin", "Ros", "Sel", "Tam", "Ul", "Ver", "Wil", "Yar", "Zel", "Bram", "Cal", "Dor"]
NAME_ENDS = {"f": ["a", "ia", "ette", "ine", "wen", "ie", "elle", "ora"], "m": ["en", "ric", "ton", "o", "us", "ard", "win", "an"]}
MAX_CAST = len(NAME_STARTS) * sum(len(ends) for ends in NAME_ENDS.values())  # every name the syllables can make
PRONOUNS = {"f": ("she", "her", "her", "herself"), "m": ("he", "him", "his", "himself")}

# trade: (where the work is done, a tool, what they are known for, what the work looks like)
TRADES = {
    "baker": ("the bakery on Wick Lane", "a long wooden paddle", "bread and seed cakes", "kneading dough before dawn"),
    "miller": ("the mill by the weir", "a sack hook", "the flour for half the valley", "listening to the grindstones turn"),
    "blacksmith": ("the forge behind the square", "a heavy hammer", "hinges, nails and horseshoes", "working the bellows until the coals glow"),
    "fisher": ("the harbour wall", "a mended net", "the best smoked eel on the coast", "sorting the morning's catch"),
    "weaver": ("the loom room above the post office", "a wooden shuttle", "blankets in every colour of the hills", "counting threads by the window"),
    "potter": ("the kiln yard on Clay Street", "a wire for cutting clay", "blue jugs and heavy bowls", "turning pots on the wheel"),
    "teacher": ("the schoolhouse", "a box of chalk", "patience and long division", "reading aloud to the youngest class"),
    "librarian": ("the library on Bell Street", "a ledger of loans", "knowing where every map is kept", "mending the spines of old books"),
    "carpenter": ("the workshop near the boatyard", "a plane and a set of chisels", "chairs that never wobble", "measuring twice and cutting once"),
    "beekeeper": ("the hives above the orchard", "a smoker and a veil", "dark heather honey", "checking the hives for the queen"),
    "doctor": ("the clinic by the station", "a worn leather bag", "steady hands and plain advice", "visiting the farms across the river"),
    "shepherd": ("the high pasture", "a crook and a tin whistle", "the hardiest sheep in the district", "walking the fences at first light"),
    "lighthouse keeper": ("the lighthouse at Gull Point", "a brass oil can", "a light that has never once gone out", "polishing the great lens"),
    "grocer": ("the corner shop on Market Row", "a set of brass scales", "fresh apples and strong tea", "stacking crates by the door"),
    "postmistress": ("the post office", "a canvas satchel", "bringing letters up the hill in any weather", "sorting letters into pigeonholes"),
    "gardener": ("the walled garden behind the town hall", "a pair of old shears", "roses that bloom into winter", "weeding between the bean rows"),
    "clockmaker": ("the narrow shop under the bell tower", "a jeweller's glass", "clocks that keep perfect time", "oiling tiny brass wheels"),
    "boatbuilder": ("the boatyard", "a caulking iron", "dinghies that sail like swans", "steaming planks until they bend"),
}

# place: details in the present tense (for descriptions)
PLACES = {
    "the market square": ["the stalls stand in two crooked rows", "pigeons wait by the dry fountain", "the cobbles are worn smooth by a hundred years of carts"],
    "the old bridge": ["three stone arches carry the road over the Tallow", "moss grows thick in the cracks of the parapet", "children drop sticks on one side and race to see them come out the other"],
    "the harbour": ["the fishing boats knock gently against the wall", "nets hang drying over the railings", "the gulls argue over every scrap"],
    "the bell tower": ["the clock face has lost one of its numbers", "a steep stair of ninety steps winds to the top", "the bell can be heard as far as the Grey Downs"],
    "the orchard above the town": ["the trees grow in long uneven rows", "a gate hangs from a single hinge", "a bench looks out over the whole valley"],
    "the station": ["the last train leaves at seven", "a cat sleeps on the ticket counter", "the platform clock runs two minutes fast"],
    "the library": ["the shelves reach all the way to the ceiling", "the floorboards creak in the reading room", "a map of the old coast hangs by the door"],
    "the weir": ["the water pours white over the stones", "the mill wheel turns slowly beside it", "herons stand in the shallows below"],
    "the boatyard": ["half-built hulls sit on wooden blocks", "the air smells of tar and shavings", "a row of oars leans against the shed"],
    "Gull Point": ["the lighthouse stands at the end of a long grassy path", "the cliffs are white with nesting birds", "the wind hardly ever stops"],
    "the high pasture": ["stone walls divide the slopes into small fields", "the sheep keep the grass as short as a carpet", "you can see three villages and the sea"],
}

SEASONS = {  # weather, sights and food are noun phrases, so they fit any tense
    "spring": dict(weather=["a soft rain", "a warm wind from the south", "pale sunshine between showers", "a light mist over the water meadows"],
                   sight=["lambs on the Grey Downs", "blossom on the orchard trees", "the first swallows over the river", "puddles full of sky"],
                   food=["new potatoes with butter", "a rhubarb tart", "nettle soup", "fresh eggs on toast"], festival="spring regatta"),
    "summer": dict(weather=["a long blue afternoon", "a hot still haze", "a thunderstorm rolling in from the hills", "a cool breeze off the sea"],
                   sight=["boats drawn up on the shingle", "children swimming below the weir", "hay drying in the fields", "roses over every garden wall"],
                   food=["strawberries and cream", "cold ham and pickles", "a jug of lemonade", "grilled mackerel"], festival="midsummer fair"),
    "autumn": dict(weather=["a gold and windy morning", "a steady drizzle", "the first frost on the grass", "a low orange sun"],
                   sight=["apples piled in barrels", "geese flying south in long lines", "leaves blocking the gutters", "smoke rising from every chimney"],
                   food=["apple crumble", "roast chestnuts", "pumpkin soup", "a blackberry pie"], festival="harvest fair"),
    "winter": dict(weather=["a hard frost", "snow drifting against the doors", "a grey wind off the sea", "a clear cold night full of stars"],
                   sight=["ice along the edges of the Tallow", "lamps lit by four o'clock", "footprints across the empty square", "holly on the doors"],
                   food=["hot barley broth", "toast by the fire", "spiced pears", "a thick mutton stew"], festival="lantern walk"),
}

TOWNS = {"Brackwater": "a salt town on the edge of the marshes", "Hollin Cross": "a market town where four roads meet",
         "Saltmarsh End": "a village of white cottages by the sea wall", "Kettleby": "a busy town of chimneys and railway sheds",
         "Upper Fenn": "a quiet village high on the Downs", "Larkhaven": "a harbour town famous for its boats"}
OBJECTS = ["a brass key", "an old map of the coast", "a blue tin box", "a silver whistle", "a wooden toy boat", "a book of recipes",
           "a lantern with a cracked glass", "a pair of red boots", "a jar of plum jam", "a compass with a bent needle",
           "a knitted green scarf", "a ship in a bottle", "a pocket watch", "a kite with a torn tail", "a painted teapot",
           "an umbrella with a duck's head handle", "a wind-up music box", "a basket of seedlings"]
CONTESTS = ["apple pie", "marrow", "hand-knitted jumper", "model boat", "jar of honey", "loaf of bread"]
SKILLS = ["row a boat", "bake bread", "play the fiddle", "read the weather", "whistle for the sheepdogs", "carve wooden spoons"]
SOUNDS = ["the bell striking the hour", "gulls crying over the harbour", "the mill wheel turning", "someone practising the fiddle",
          "carts rattling over the cobbles", "the wind in the chimney pots"]
TOPICS = ["the price of flour", "the coming {festival}", "whether it would rain", "the new bridge the council keeps promising",
          "the lighthouse keeper's dog", "old times", "the best way to keep slugs off lettuces"]
PLANS = ["mend the garden gate", "walk up to Gull Point", "answer every letter I owe", "clear out the attic",
         "learn the names of the stars", "repaint the kitchen", "visit my cousins in {town}"]
RECIPIENTS = ["Aunt Mabel", "Cousin Rosa", "Uncle Bram", "Grandma Elsie", "Kit", "Juno"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# ---- Sentence templates. {he}/{him}/{his} are the main character's; friend and other go by name ----
GOALS = [  # (the aim, how it ended well)
    ("to find {obj}, which {he} had lost somewhere near {place2}", "found {the_obj} at last, tucked behind a loose stone near {place2}"),
    ("to give {other} {obj} before the {festival}", "handed {other} {the_obj} on the morning of the {festival}"),
    ("to win the prize for the best {contest} at the {festival}", "carried off the blue ribbon for the best {contest}"),
    ("to mend {the_obj} that had belonged to {his} grandmother", "mended {the_obj} so well that nobody could see the join"),
    ("to climb the bell tower and see the whole valley at sunrise", "stood at the top of the bell tower as the sun came up over the valley"),
    ("to learn to {skill} as well as {other}", "could {skill} nearly as well as {other}"),
    ("to take an urgent message to {other} at {oat}", "delivered the message to {other} with minutes to spare"),
    ("to plant a garden in the empty yard behind {place2}", "had a garden growing behind {place2} that everyone stopped to admire"),
]
OBSTACLES = ["the river had risen over the lower road", "a storm had blown down the fence by {place2}",
             "{other} was away in {town} until the end of the week", "{he} had spent the last of {his} money on {food}",
             "the key to {place2} had gone missing", "a thick fog came in from the sea and stayed",
             "{his} cart lost a wheel on the hill road", "everyone {he} asked was too busy getting ready for the {festival}",
             "{he} had hurt {his} wrist and could barely hold {tool}"]
TROUBLE = ["But {obstacle}.", "The trouble was that {obstacle}.", "It was not going to be easy, because {obstacle}.",
           "Then, just when everything seemed ready, {obstacle}."]
WORRY = ["{he} sat on the steps of {place} and wondered what to do.", "For a whole day {he} could think of nothing else.",
         "{he} almost gave up.", "{he} told {himself} that there had to be another way."]
HELPER = ["That was when {friend} the {ftrade} came by.", "Luckily {friend}, who worked at {fat}, heard about it.",
          "The next morning {friend} the {ftrade} knocked on {his} door.", "Help came from {friend}, of all people."]
HELPER_SAYS = ["Have you tried {place3}? Half the town passes through there", "Try again in the morning, when your head is clear",
               "I had the same trouble once, and {ftool} saved me", "Don't give up now, you're nearly there",
               "Bring me {food} and I'll see what I can do", "Nobody knows {place3} better than I do", "Leave it with me until tomorrow"]
SAY_TAGS = ["said {friend}", "{friend} said with a smile", "{friend} told {him}", "said {friend} kindly"]
MAIN_SAYS = ["I'll try anything once", "Thank you, I won't forget this", "That's exactly what I was afraid of",
             "Then let's go before it gets dark", "Are you sure? I don't want to be any trouble"]
TOGETHER = ["searched every corner of {place3}", "walked the long way round by {place3}", "borrowed {ftool} from {fat}",
            "waited until the tide went out", "asked everyone in the market square", "worked late into the night by lamplight",
            "drew a map on the back of an envelope", "followed the river path as far as the weir"]
RESOLVED = ["In the end {he} {success}.", "By the time the lamps were lit, {he} {success}.",
            "It took three more days, but {he} {success}.", "And so, with a little luck, {he} {success}."]
CLOSINGS = ["{he} never forgot what {friend} had done, and the next {season} {he} returned the favour.",
            "That night {he} slept better than {he} had slept in weeks.", "Ever since, {name} has told the story to anyone who will listen.",
            "People in Marrowby still talk about it whenever the {festival} comes round.",
            "{friend} only laughed and said it was nothing at all.", "They celebrated with {food} at {friend}'s kitchen table."]


def a_to_the(phrase):  # 'a brass key' -> 'the brass key'
    return "the " + phrase.split(" ", 1)[1] if phrase.startswith(("a ", "an ")) else phrase


def cap(sentence):
    """Capitalise the first letter, also after an opening quotation mark."""
    i = 1 if sentence.startswith('"') else 0
    return sentence[:i] + sentence[i].upper() + sentence[i + 1:]


def quote(line, tag):  # '"Line," tag.' or '"Line?" tag.'
    return f'"{line}" {tag}.' if line[-1] in "?!" else f'"{line}," {tag}.'


def make_slots(rng):
    """Draw one paragraph's cast and setting: three people of different trades, a season, three different places."""
    cast = rng.sample(PEOPLE, 3)
    while len({trade for _, _, trade in cast}) < 3:  # two fishers would share one workplace
        cast = rng.sample(PEOPLE, 3)
    (name, g, trade), (friend, fg, ftrade), (other, og, otrade) = cast
    season = rng.choice(list(SEASONS))
    s = SEASONS[season]
    place, place2, place3 = rng.sample(list(PLACES), 3)
    town = rng.choice(list(TOWNS))
    obj = rng.choice(OBJECTS)
    he, him, his, himself = PRONOUNS[g]
    at, tool, makes, work = TRADES[trade]
    return dict(name=name, he=he, him=him, his=his, himself=himself, trade=trade, at=at, tool=tool, makes=makes, work=work,
                friend=friend, ftrade=ftrade, fat=TRADES[ftrade][0], ftool=TRADES[ftrade][1],
                other=other, otrade=otrade, oat=TRADES[otrade][0], ohis=PRONOUNS[og][2],
                season=season, weather=rng.choice(s["weather"]), sight=rng.choice(s["sight"]), food=rng.choice(s["food"]),
                festival=s["festival"], place=place, place2=place2, place3=place3, details=PLACES[place],
                town=town, town_desc=TOWNS[town], obj=obj, the_obj=a_to_the(obj), contest=rng.choice(CONTESTS),
                skill=rng.choice(SKILLS), sound=rng.choice(SOUNDS), topic=rng.choice(TOPICS), plan=rng.choice(PLANS),
                rec=rng.choice(RECIPIENTS), day=rng.choice(DAYS))


def story(rng, s):
    aim, s["success"] = rng.choice(GOALS)
    s["obstacle"] = rng.choice(OBSTACLES)
    out = [rng.choice(["In {season}, {name} the {trade} made up {his} mind " + aim + ".",
                       "{name} had been the {trade} at {at} for years when {he} decided " + aim + ".",
                       "One {season} morning, with {weather} over the town, {name} set out " + aim + ".",
                       "Nobody in Marrowby was surprised when {name} the {trade} announced a plan " + aim + "."]),
           rng.choice(TROUBLE), rng.choice(WORRY), rng.choice(HELPER),
           quote(rng.choice(HELPER_SAYS), rng.choice(SAY_TAGS))]
    if rng.random() < 0.6:
        out.append(quote(rng.choice(MAIN_SAYS), rng.choice(["{name} answered", "said {name}", "{name} replied"])))
    out.append("Together they " + rng.choice(TOGETHER) + (", and then they " + rng.choice(TOGETHER) if rng.random() < 0.4 else "") + ".")
    out += [rng.choice(RESOLVED), rng.choice(CLOSINGS)]
    return out


def description(rng, s):
    d1, d2 = rng.sample(s["details"], 2)
    return [rng.choice(["In {season}, {place} is at its best.", "Anyone who comes to Marrowby in {season} should walk down to {place}.",
                        "Of all the corners of Marrowby, {place} is the one people miss most when they are away.",
                        "{place} looks different in every season, but in {season} it is at its quietest."]),
            f"Here {d1}, and {d2}.",
            rng.choice(["On most days there is {weather}, and from there you can see {sight}.", "The season brings {weather} and {sight}.",
                        "Expect {weather}, and look out for {sight}."]),
            rng.choice(["{name} the {trade} passes by most mornings on the way to {at}, and always stops to talk.",
                        "You will often find {name} the {trade} there at dusk, glad to be away from {at} for an hour.",
                        "{name} says it is the best place in town to think, and {he} should know."]),
            "If you stand still for a moment you can hear {sound}.",
            rng.choice(["Visitors from {town} say it is the prettiest spot in the valley, and nobody here argues.",
                        "It is not grand, but it is ours.", "Around the time of the {festival} it fills with people and music."])]


def trade(rng, s):
    out = [rng.choice(["{name} is the {trade} of Marrowby, and {his} days begin at {at}.",
                       "If you want to meet {name} the {trade}, go to {at}.", "Every town needs a {trade}, and Marrowby has {name}."]),
           rng.choice(["{he} works with {tool}, and {he} is known for {makes}.", "{his} most trusted tool is {tool}, and people come for {makes}."]),
           "In {season}, with {weather} over the town, {he} spends most mornings {work}.",
           rng.choice(["{he} learned the trade from {other}, who still drops in to give advice nobody asked for.",
                       "{his} grandmother did the same work before {him}, at the very same bench.",
                       "Customers come from as far as {town} and go home happy."]),
           quote(rng.choice(["The secret is patience", "Never hurry on a wet day", "Good work takes as long as it takes",
                             "Listen more than you talk", "Do it right or do it twice"]), "{he} likes to say")]
    if rng.random() < 0.5:
        out.append("Before the {festival} the work doubles, and {he} is glad of {friend}'s help.")
    return out


def letter(rng, s):
    out = ["Dear {rec}, thank you for your letter, which came on {day}.",
           rng.choice(["Here in Marrowby {season} has arrived, with {weather} and {sight}.", "We have had {weather} all week, and I have seen {sight}."]),
           rng.choice(["Work keeps me busy; most days I am {work}.", "I am still at {at}, and still known for {makes}, I hope."]),
           "{other} the {otrade} " + rng.choice(["has taken on an apprentice from {town}", "won the prize for the best {contest} at the {festival}",
                                                 "was seen carrying {obj} up to {place2} in the rain", "is building a new shed near {oat}",
                                                 "has finally painted {ohis} front door yellow"]) + ".",
           "I have been meaning to {plan}, but there never seems to be time."]
    if rng.random() < 0.6:
        out.append("How is life in {town}? Is it still {town_desc}, as you always told me?")
    out.append(rng.choice(["Please write soon, and give my love to everyone.", "Write when you can."]) + " "
               + rng.choice(["With love from {name}.", "Yours ever, {name}.", "Your friend, {name}."]))
    return out


def diary(rng, s):
    return ["{day}.", rng.choice(["I woke early to {weather} over the Grey Downs.", "There was {weather} again, and I was up before the birds."]),
            "After breakfast I went down to {place} to " + rng.choice(["fetch {obj}", "post a letter to {town}", "return a library book"]) + ".",
            "{other} the {otrade} was there on the way to {oat}, and we talked about {topic}.",
            "In the afternoon I " + rng.choice(["worked at {at} until my back ached", "read by the window", "walked along the river as far as the weir",
                                                "wrote three letters and posted none of them", "helped {friend} carry crates up from the harbour"]) + ".",
            rng.choice(["On the way home I saw {sight}.", "Supper was {food}, which was exactly what I wanted."]),
            "Tomorrow I mean to {plan}."]


def journey(rng, s):
    stranger, act = rng.choice([("a pedlar with a cart of pans", "sold {him} a needle and thread for a penny"),
                                ("a girl leading two goats", "asked the way to Marrowby"),
                                ("an old man mending a wall", "warned {him} that the ford ahead was deep"),
                                ("a family walking to the {festival}", "shared {food} with {him}"),
                                ("a tired postman", "asked {him} to carry a letter the rest of the way")])
    return ["{name} left Marrowby for {town} on a {season} morning, travelling "
            + rng.choice(["in the carrier's cart", "on the early train", "on {his} old bicycle", "on foot with a pack on {his} back"]) + ".",
            rng.choice(["{he} carried {obj} as a present for a cousin who lived there.", "{he} had business at the market there and a list of errands as long as {his} arm.",
                        "A shop in {town} had promised to mend {the_obj}, and {he} meant to hold them to it."]),
            "The way led past " + rng.choice(["the ruined chapel on the ridge", "the ford at Nettle Bottom", "a long avenue of poplars", "the old toll house"])
            + " and on through " + rng.choice(["wet meadows", "beech woods", "bare chalk hills", "fields of barley", "reed beds loud with birds"]) + ".",
            rng.choice(["There was {weather} for most of the way.", "{weather} kept {him} company for most of the way."]),
            f"Halfway there {{he}} met {stranger}, who {act}.",
            "{he} reached {town}, {town_desc}, just as " + rng.choice(["the lamps were being lit", "the clock struck six", "the rain began in earnest",
                                                                   "the sun went down behind the hills"]) + ".",
            rng.choice(["It had been a long day, but {he} would not have missed it.", "{he} found a room at the inn and slept like a stone."])]


KINDS = [(story, 4), (description, 2), (trade, 2), (letter, 2), (diary, 2), (journey, 2)]  # (writer, weight)


def paragraph(rng):
    s = make_slots(rng)
    writer = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    sentences = []
    for t in writer(rng, s):
        t = t.format_map(s)
        if "{" in t:  # a table entry with its own slots, such as "the coming {festival}"
            t = t.format_map(s)
        sentences.append(cap(t))
    return " ".join(sentences)


def grow_cast(rng, size):
    """PEOPLE grown to `size` townsfolk: the hand-written ones, then generated names with a trade each."""
    names, trades = {name for name, _, _ in PEOPLE}, sorted(TRADES)
    while len(PEOPLE) < size:
        sex = rng.choice("fm")
        name = rng.choice(NAME_STARTS) + rng.choice(NAME_ENDS[sex])
        if name not in names:
            names.add(name)
            PEOPLE.append((name, sex, rng.choice(trades)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="the text file to write")
    ap.add_argument("--mb", type=float, default=2.0, help="size to write, in millions of bytes (default 2)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cast", type=int, default=len(PEOPLE),
                    help=f"townsfolk, each with a fixed trade (default {len(PEOPLE)}, the hand-written ones; at most "
                    f"{MAX_CAST})")
    args = ap.parse_args()
    if not len(PEOPLE) <= args.cast <= MAX_CAST:
        ap.error(f"--cast must be between {len(PEOPLE)} and {MAX_CAST}")
    rng = random.Random(args.seed)
    grow_cast(random.Random(f"cast {args.seed}"), args.cast)
    start, seen, repeats, size = time.time(), set(), 0, 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        while size < args.mb * 1_000_000:
            p = paragraph(rng)
            if p in seen:  # only tested for membership, never iterated, so hash order cannot matter
                repeats += 1
                continue
            seen.add(p)
            f.write(p + "\n")
            size += len(p.encode("utf-8")) + 1
    drawn = len(seen) + repeats
    print(f"{args.out}: {size:,} bytes, {len(seen):,} paragraphs (one a line); {repeats} drawn twice and skipped "
          f"({100 * repeats / drawn:.2f}% of {drawn:,} drawn); {time.time() - start:.1f} s")


if __name__ == "__main__":
    main()
