"""Word lists for the claim assistant.

Kept apart from the rules so that the rules stay readable and the lists can
grow (another language's reporting verbs, a newsroom's own outlets) without
touching logic. Lists hold general vocabulary of news reporting, not words
picked from the evaluation articles.
"""

from __future__ import annotations

CONTRADICTS = "contradicts"
CORROBORATES = "corroborates"

# lemma -> stance hint. Verbs whose subject is reported as saying something.
REPORTING_VERBS: dict[str, str | None] = {
    **{v: CONTRADICTS for v in (
        "deny", "refute", "reject", "dismiss", "rebut", "dispute", "contradict",
        "disavow", "repudiate", "debunk", "disprove")},
    **{v: CORROBORATES for v in (
        "confirm", "corroborate", "verify", "acknowledge", "admit", "concede")},
    **{v: None for v in (
        "say", "tell", "state", "claim", "assert", "allege", "explain", "suggest",
        "indicate", "express", "comment", "add", "note", "insist", "argue", "warn",
        "announce", "report", "observe", "inform", "describe", "highlight", "stress",
        "emphasise", "emphasize", "underline", "believe", "doubt", "think", "estimate",
        "accuse", "question", "predict", "forecast", "maintain", "reiterate", "contend",
        "write", "tweet", "testify", "recall", "caution", "urge", "call", "reveal",
        "disclose", "conclude", "speculate", "assess", "condemn", "praise", "criticise",
        "criticize", "blame", "welcome", "worry", "fear", "promise", "pledge", "vow",
        "threaten", "reply", "complain", "hint", "mention", "remark", "clarify",
        "demand", "expect", "hope", "refer", "cite", "point", "slam",
        "agree", "declare", "brand", "label", "characterise", "characterize", "quip",
        "counter", "retort", "answer", "ask", "joke", "shout", "yell", "echo", "respond",
        "boast", "lament", "exclaim", "muse", "scoff",
        # verbs whose statement is often a noun object ("attacked Clinton",
        # "touted his record", "spoke about the economy")
        "charge", "repeat", "brag", "disagree", "recount", "tout", "proclaim", "assure",
        "speak", "blast", "attack", "defend", "signal", "imply", "decry", "denounce", "dub")},
}

# Reporting verbs whose base form is as often a noun ("a think tank", "the
# report", "a call"): a singular subject before the base form is no subject
# of it. Other verbs keep a collective subject ("Cologne police say").
NOUN_VERBS = frozenset({
    "think", "report", "claim", "comment", "question", "call", "answer", "estimate", "promise",
    "pledge", "vow", "doubt", "fear", "hope", "worry", "praise", "blame", "tweet", "note", "remark",
    "echo", "counter", "demand", "forecast", "welcome", "reply", "quip", "joke", "shout", "yell",
    "brand", "label", "hint", "mention", "stress", "point", "dispute", "post", "attack", "charge",
    "challenge", "defend", "blast", "slam", "muse", "scoff", "lament", "boast", "threaten", "cite",
    "refer", "caution", "testify", "express", "state", "assess", "speculate", "respond", "record",
    "speak"})
# Verbs that only report speech when a that-clause, a colon or a quotation
# follows ("declared that ..." but not "declared a state of emergency").
NEEDS_COMPLEMENT = frozenset({"declare", "maintain", "agree", "point", "hope",
                              "call", "refer", "brand", "label", "answer", "counter",
                              "ask", "echo", "respond", "shout", "yell", "muse", "charge"})
# Verbs that take the listener as object before the content ("told the BBC that").
LISTENER_VERBS = frozenset({"tell", "inform", "assure", "brief", "remind", "warn", "urge", "ask"})
# Verbs whose content can be a to-infinitive ("pledged to cool the market").
INFINITIVE_VERBS = frozenset({"pledge", "promise", "vow", "threaten", "agree", "refuse",
                              "urge", "demand", "claim", "hope", "expect", "deny", "ask"})
# Verbs that can follow a quotation with the speaker after them ("..., said Lankov").
INVERSION_VERBS = frozenset({"say", "add", "write", "explain", "ask", "note", "insist",
                             "reply", "warn", "conclude", "tell", "comment", "continue",
                             "argue", "observe", "recall", "remark", "tweet", "quip",
                             "joke", "shout", "yell", "answer", "respond", "boast", "exclaim",
                             "muse", "scoff", "lament"})
# Participles that only introduce content when they follow a comma
# ("..., citing language barriers"); never a clause of their own.
PARTICIPLE_ONLY = frozenset({"cite"})

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"),
    "think": ("thinks", "thought", "thinking"),
    "admit": ("admits", "admitted", "admitting"),
    "refer": ("refers", "referred", "referring"),
    "speak": ("speaks", "spoke", "speaking", "spoken"),
    "dub": ("dubs", "dubbed", "dubbing"),
    "slam": ("slams", "slammed", "slamming"),
    "quip": ("quips", "quipped", "quipping"),
    "forecast": ("forecasts", "forecast", "forecasting", "forecasted"),
    "hold": ("holds", "held", "holding"),
}


def _regular_forms(lemma: str) -> tuple[str, ...]:
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past = lemma + "d"
        ing = lemma[:-1] + "ing" if not lemma.endswith("ee") else lemma + "ing"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        past = lemma[:-1] + "ied"
        ing = lemma + "ing"
    else:
        past = lemma + "ed"
        ing = lemma + "ing"
    return third, past, ing


def _build_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for lemma in REPORTING_VERBS:
        extra = _IRREGULAR.get(lemma) or _regular_forms(lemma)
        for f in (lemma, *extra):
            forms.setdefault(f, lemma)
    return forms


VERB_FORMS: dict[str, str] = _build_forms()

AUXILIARIES = frozenset({
    "has", "have", "had", "is", "was", "were", "are", "be", "been", "being", "will",
    "would", "could", "can", "may", "might", "must", "shall", "should", "did", "does",
    "do", "having"})
BE_FORMS = frozenset({"is", "was", "were", "are", "be", "been", "being"})
NEGATIONS = frozenset({"not", "n't", "never", "cannot", "neither", "nor"})
# Adverbs that sit between a subject and its verb without ending in -ly.
SKIP_ADVERBS = frozenset({
    "also", "yet", "still", "already", "again", "later", "earlier", "previously",
    "once", "then", "now", "further", "too", "even", "just", "long", "often",
    "since", "first", "separately", "however", "meanwhile", "reportedly", "allegedly",
    "always", "sometimes", "ever", "initially", "originally", "subsequently"})
# "declined to", "was unable to": the verb after them is not asserted.
NEGATING_CONTROL = frozenset({"declined", "refused", "unable", "failed", "declines",
                              "refuses", "decline", "refuse"})
NEUTRAL_CONTROL = frozenset({"went", "sought", "tried", "wanted", "appeared", "seemed",
                             "continued", "continues", "moved", "rushed", "able",
                             "willing", "likely", "expected", "set", "used", "continuing",
                             "trying", "seeking", "wanting", "going", "appearing", "seeming"})

CLAUSE_BOUNDARY_WORDS = frozenset({
    "that", "which", "who", "whom", "whose", "and", "but", "or", "while", "whereas",
    "because", "as", "although", "though", "if", "when", "after", "before", "since",
    "until", "so", "what", "where", "how", "why", "than", "nor", "unless", "once",
    "whether"})
PREPOSITIONS = frozenset({
    "of", "for", "at", "in", "from", "with", "on", "near", "to", "by", "about", "over",
    "under", "across", "inside", "outside", "within", "among", "between", "through",
    "during", "via", "into", "onto", "close", "like", "including", "behind", "around",
    "against", "without", "after", "before", "along", "despite", "amid", "toward",
    "towards", "per", "upon", "beyond", "as"})
DETERMINERS = frozenset({
    "a", "an", "the", "some", "several", "many", "other", "most", "few", "numerous",
    "various", "both", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "dozens", "hundreds", "a few", "certain", "unnamed", "another",
    "any", "all", "these", "those", "this"})
PRONOUNS = {"he": "person", "she": "person", "they": "plural", "it": "organisation"}
POSSESSIVE_PRONOUNS = {"his": "person", "her": "person", "their": "plural", "its": "organisation"}
NOT_SPEAKERS = frozenset({
    "nobody", "no one", "everyone", "everybody", "someone", "somebody", "others",
    "we", "i", "you", "us", "me", "this", "that", "there", "which", "what", "these",
    "those", "none", "each", "all", "both", "many", "most", "few", "anyone"})
TIME_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "morning", "afternoon", "evening", "night", "week", "weekend", "month", "year",
    "today", "yesterday", "tonight", "earlier", "later", "recently", "overnight"})
MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan.", "feb.", "mar.", "apr.",
    "aug.", "sept.", "sep.", "oct.", "nov.", "dec."})

# Nouns for people who speak in the news; unnamed, they make anonymous sources.
PERSON_NOUNS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "minister", "president",
    "leader", "chief", "director", "editor", "analyst", "expert", "official", "source",
    "adviser", "advisor", "ambassador", "envoy", "commander", "general", "secretary",
    "governor", "mayor", "head", "chairman", "chairwoman", "chair", "executive",
    "fellow", "researcher", "professor", "lawmaker", "senator", "diplomat",
    "negotiator", "economist", "commissioner", "commissioner-general", "sister",
    "brother", "wife", "husband", "son", "daughter", "aide", "officer", "lawyer",
    "judge", "activist", "witness", "resident", "founder", "owner", "correspondent",
    "reporter", "journalist", "blogger", "strategist", "trader", "insider", "person",
    "people", "observer", "commentator", "critic", "scientist", "doctor", "soldier",
    "worker", "employee", "manager", "deputy", "premier", "chancellor", "king",
    "queen", "prince", "emir", "sheikh", "ayatollah", "cleric", "priest", "monarch",
    "representative", "member", "veteran", "specialist", "historian", "academic",
    "scholar", "consultant", "engineer", "pilot", "captain", "colonel", "major",
    "lieutenant", "admiral", "sergeant", "marshal", "prosecutor-general", "attorney",
    "counsel", "candidate", "politician", "legislator", "mp", "mep", "investor",
    "banker", "negotiators", "mediator", "organiser", "organizer", "victim",
    "survivor", "relative", "farmer", "student", "teacher", "nurse", "medic",
    "staffer", "operative", "agent", "inspector", "monitor", "campaigner", "pundit",
    "forecaster", "statistician", "ceo", "cfo", "coo", "boss", "supremo", "czar",
    "tsar", "speaker", "aide-de-camp", "secretary-general", "director-general",
    "prime", "vice"})
# Plural forms are made by adding "s" (or the irregular ones listed here).
IRREGULAR_PLURALS = {"people": "person", "spokespeople": "spokesperson", "men": "man",
                     "women": "woman", "police": "police", "staff": "staff"}
# Unnamed, these always stay anonymous ("a source", "officials").
ANONYMOUS_NOUNS = frozenset({
    "source", "official", "insider", "person", "people", "analyst", "expert",
    "diplomat", "witness", "resident", "observer", "commentator", "critic",
    "trader", "negotiator", "economist", "worker", "employee", "soldier",
    "researcher", "scientist", "doctor", "activist", "lawmaker", "legislator",
    "politician", "investor", "banker", "medic", "staffer", "operative", "member",
    "aide", "mediator", "relative", "survivor", "victim", "specialist", "academic",
    "scholar", "pundit", "campaigner", "journalist", "reporter", "man", "woman",
    "child", "mother", "father", "girl", "boy", "family", "villager", "refugee",
    "migrant", "passenger", "driver", "shopkeeper", "vendor", "local", "neighbour",
    "neighbor", "parent", "patient", "voter", "protester", "demonstrator",
    "fighter", "militant", "guard", "eyewitness", "bystander", "civilian",
    # poll shares: "72 percent of Democrats said", "nearly half said"
    "percent", "half", "third", "quarter", "majority", "plurality", "respondent",
    "delegate", "supporter", "participant", "democrat", "republican", "independent"})
ORG_NOUNS = frozenset({
    "ministry", "department", "office", "government", "administration", "agency",
    "council", "committee", "commission", "service", "services", "police", "military",
    "army", "navy", "forces", "force", "command", "staff", "chiefs", "company", "firm",
    "group", "operator", "carrier", "bank", "fund", "union", "party", "parliament",
    "court", "embassy", "mission", "institute", "centre", "center", "university",
    "organisation", "organization", "authority", "authorities", "prosecutors",
    "prosecutor", "investigators", "regulator", "watchdog", "observatory",
    "exchange", "cabinet", "kremlin", "pentagon", "bloc", "alliance", "coalition",
    "corporation", "giant", "utility", "manufacturer", "producer", "exporter",
    "board", "secretariat", "headquarters", "directorate", "inspectorate", "bureau",
    "guard", "corps", "brigade", "battalion", "team", "association", "federation",
    "foundation", "movement", "front", "monitor", "presidency", "senate", "congress",
    "assembly", "duma", "knesset", "junta", "regime", "coastguard",
    "airline", "network", "tribunal",
    "consortium", "conglomerate", "startup", "lab", "laboratory", "hospital",
    "studies", "society", "academy", "programme", "program", "initiative",
    "militia", "rebels", "insurgents", "faction", "wing", "division", "unit",
    "secretary-general", "prosecutor's", "delegation", "ministries",
    "governments", "companies", "groups", "agencies", "troops", "intelligence",
    "campaign", "campaigns", "administration's", "committees", "commissions"})
OUTLET_NOUNS = frozenset({
    "newspaper", "daily", "broadcaster", "television", "tv", "radio", "outlet",
    "magazine", "channel", "website", "tabloid", "weekly", "media", "wire",
    "newswire", "paper", "journal", "gazette", "times", "post", "news", "herald",
    "telegraph", "tribune", "express", "guardian", "chronicle", "observer"})
# Outlets a wire report names often; matched on the whole normalised name.
OUTLETS = frozenset({
    "bbc", "reuters", "ap", "associated press", "afp", "agence france-presse", "tass",
    "ria novosti", "ria", "interfax", "yonhap", "yonhap news agency", "kcna",
    "korean central news agency", "al jazeera", "cnn", "fox news", "nbc", "cbs", "abc",
    "sky news", "the new york times", "new york times", "the washington post",
    "washington post", "wall street journal", "the wall street journal", "financial times",
    "the financial times", "the guardian", "guardian", "the times", "the telegraph",
    "bloomberg", "politico", "axios", "der spiegel", "spiegel", "le monde",
    "kyiv independent", "ukrainska pravda", "meduza", "novaya gazeta", "kommersant",
    "izvestia", "rt", "sputnik", "irna", "tasnim", "fars", "xinhua", "global times",
    "nhk", "kyodo", "dpa", "efe", "ansa", "anadolu", "anadolu agency", "wafa",
    "al arabiya", "haaretz", "times of israel", "ynet", "the economist", "economist",
    "nikkei", "cctv", "euronews", "france 24", "deutsche welle", "dw", "voa",
    "rfe/rl", "radio free europe", "npr", "pbs", "the hill", "newsweek", "time",
    "ukrinform", "unian", "rbc", "vedomosti", "dong-a ilbo",
    "chosun ilbo", "joongang ilbo", "korea herald", "korea times", "nk news",
    "rodong sinmun"})
# Named organisations common as speakers; a whole-name match makes the kind.
ORGANISATIONS = frozenset({
    "kremlin", "pentagon", "white house", "state department", "nato",
    "united nations", "european union", "european commission", "commission",
    "hamas", "hezbollah", "idf", "iaea", "imf", "world bank", "opec", "g7",
    "g20", "icc", "icj", "osce", "unhcr", "unicef", "wfp", "red cross",
    "icrc", "amnesty international", "human rights watch",
    "rosatom", "wagner", "isw", "cia", "fbi", "nsa", "mi6", "mi5", "sbu", "fsb",
    "gru", "hur", "nis", "asean", "african union", "arab league", "houthis",
    "taliban", "kyiv", "moscow", "washington", "beijing", "tehran", "pyongyang",
    "seoul", "tokyo", "london", "paris", "berlin", "brussels", "cairo", "doha",
    "amman", "riyadh", "ankara", "jerusalem", "damascus", "baghdad", "beirut",
    "minsk", "warsaw", "budapest", "bratislava", "rome", "madrid", "delhi",
    "new delhi", "islamabad", "kabul", "canberra", "ottawa", "downing street",
    "elysee", "élysée", "blue house", "taipei", "manila", "hanoi", "bangkok", "jakarta",
    "kuala lumpur", "singapore", "dhaka", "colombo", "kathmandu", "tashkent", "astana",
    "baku", "tbilisi", "yerevan", "chisinau", "vilnius", "riga", "tallinn", "helsinki",
    "stockholm", "oslo", "copenhagen", "the hague", "amsterdam", "vienna", "prague",
    "bucharest", "sofia", "belgrade", "zagreb", "athens", "lisbon", "dublin", "bern",
    "brasilia", "buenos aires", "mexico city", "havana", "caracas", "bogota", "lima",
    "santiago", "pretoria", "nairobi", "addis ababa", "khartoum", "port sudan", "tripoli",
    "tunis", "algiers", "rabat", "abu dhabi", "dubai", "muscat", "sanaa", "kuwait city",
    "manama", "ramallah", "tel aviv", "gaza city", "sevastopol", "donetsk", "luhansk"})
# Words that make a multi-word name an organisation ("Samsung Electronics").
ORG_NAME_WORDS = frozenset({
    "electronics", "motors", "motor", "airlines", "airways", "energy", "systems",
    "technologies", "technology", "holdings", "industries", "pharmaceuticals", "pharma",
    "petroleum", "oil", "gas", "steel", "chemicals", "semiconductor", "telecom",
    "communications", "entertainment", "capital", "partners", "investments",
    "securities", "insurance", "logistics", "shipping", "statistics", "network",
    "networks", "solutions", "labs", "robotics", "aerospace", "dynamics", "international",
    "global", "corp", "corp.", "inc", "inc.", "ltd", "llc", "plc", "ag", "gmbh", "co.",
    "bank", "group", "fund", "trust", "foundation", "association", "institute",
    "university", "college", "school", "hospital", "council", "agency", "authority",
    "company", "railways", "railway", "electric", "mining", "metals",
    "resources", "refinery", "mobile", "software", "media", "press", "records",
    "studios", "markets", "exchange", "research", "analytics", "consulting", "advisory"})
COUNTRIES = frozenset({
    "russia", "ukraine", "north korea", "south korea", "korea", "china", "japan",
    "united states", "us", "u.s.", "usa", "america", "united kingdom", "uk", "britain",
    "france", "germany", "italy", "spain", "poland", "hungary", "slovakia", "czechia",
    "romania", "moldova", "belarus", "georgia", "armenia", "azerbaijan", "turkey",
    "türkiye", "iran", "iraq", "syria", "lebanon", "israel", "jordan", "egypt",
    "saudi arabia", "qatar", "uae", "united arab emirates", "yemen", "oman", "kuwait",
    "bahrain", "india", "pakistan", "afghanistan", "taiwan", "vietnam", "finland",
    "sweden", "norway", "denmark", "estonia", "latvia", "lithuania", "netherlands",
    "belgium", "austria", "switzerland", "canada", "mexico", "brazil", "australia",
    "libya", "sudan", "ethiopia", "nigeria", "kenya", "south africa", "venezuela",
    "cuba", "greece", "serbia", "kosovo", "bulgaria", "croatia", "palestine", "gaza",
    "crimea", "donbas", "kazakhstan"})
DEMONYMS = frozenset({
    "russian", "ukrainian", "north", "south", "korean", "american",
    "british", "german", "french", "chinese", "japanese", "iranian", "israeli",
    "palestinian", "egyptian", "qatari", "saudi", "turkish", "syrian", "lebanese",
    "jordanian", "slovak", "swedish", "finnish", "polish", "hungarian", "european",
    "western", "eastern", "iraqi", "indian", "pakistani", "afghan", "italian",
    "spanish", "dutch", "belgian", "austrian", "swiss", "canadian", "australian",
    "emirati", "yemeni", "belarusian", "moldovan", "georgian", "armenian",
    "azerbaijani", "lithuanian", "latvian", "estonian", "norwegian", "danish",
    "czech", "romanian", "bulgarian", "greek", "serbian", "taiwanese", "vietnamese",
    "nato", "gulf", "arab", "soviet", "kremlin", "state", "federal",
    "national", "foreign", "defence", "defense", "interior", "energy", "health",
    "finance", "economy", "justice", "security", "intelligence", "military",
    "naval", "air", "army", "unification", "trade", "culture", "education",
    "emergency", "emergencies", "affairs", "cabinet", "presidential", "royal",
    "senior", "top", "chief", "deputy", "acting", "former", "outgoing", "incoming",
    "new", "white", "house", "department", "ministry", "office"})
# Acronyms used as modifiers ("US official"); matched with their capitals.
ACRONYM_MODIFIERS = frozenset({"US", "U.S.", "UN", "EU", "UK", "U.K.", "NATO", "G7"})
# Capitalised words that precede a name as a title and are never part of it.
TITLES = frozenset({
    "president", "prime", "minister", "foreign", "defence", "defense", "secretary",
    "general", "gen.", "chief", "cabinet", "deputy", "vice", "spokesman",
    "spokeswoman", "spokesperson", "ambassador", "senator", "sen.", "rep.",
    "representative", "governor", "gov.", "mayor", "chancellor", "king", "queen",
    "prince", "princess", "crown", "sheikh", "emir", "pope", "dr", "dr.", "mr", "mr.",
    "mrs", "mrs.", "ms", "ms.", "professor", "prof.", "judge", "justice", "chairman",
    "chairwoman", "chair", "leader", "supreme", "premier", "head", "director",
    "editor", "commander", "colonel", "col.", "lt.", "lieutenant", "major", "maj.",
    "captain", "capt.", "admiral", "adm.", "rear", "sergeant", "sgt.", "marshal",
    "field", "commissioner", "envoy", "special", "ayatollah", "speaker",
    "archbishop", "bishop", "father", "rabbi", "imam", "mufti", "sir", "lord",
    "lady", "dame", "ceo", "executive", "officer", "attorney", "interior", "energy",
    "economy", "finance", "health", "state", "affairs", "unification", "national",
    "security", "adviser", "advisor", "senior", "acting", "former", "first",
    "brig.", "brigadier", "cmdr.", "lt", "col", "gen", "adm", "sgt", "capt", "maj",
    "kremlin", "white", "house", "department", "ministry", "office", "army", "navy",
    "air", "force", "military", "intelligence", "director-general",
    "secretary-general", "commissioner-general", "emergency", "emergencies",
    "mp", "mep", "congressman", "congresswoman", "assemblyman", "councillor",
    "chairperson", "minister-president"} | DEMONYMS)
# Lower-case name particles ("Mohammed bin Salman", "Ursula von der Leyen").
NAME_PARTICLES = frozenset({"bin", "ibn", "bint", "al", "el", "van", "von", "der",
                            "de", "da", "di", "du", "la", "le", "dos", "das", "del",
                            "ter", "ben", "abu", "ould"})
# East Asian family-name-first surnames, for surname matching ("Kim Jong Un").
EAST_ASIAN_SURNAMES = frozenset({
    "kim", "lee", "yi", "rhee", "park", "pak", "choi", "choe", "jung", "jeong",
    "chung", "kang", "cho", "jo", "yoon", "yun", "jang", "chang", "lim", "im", "han",
    "oh", "seo", "shin", "sin", "kwon", "hwang", "ahn", "an", "song", "ryu", "yoo",
    "yu", "hong", "jeon", "chun", "go", "ko", "moon", "mun", "yang", "son", "bae",
    "baek", "heo", "nam", "noh", "roh", "ha", "kwak", "sung", "cha", "ri", "xi",
    "li", "wang", "zhang", "liu", "chen", "zhao", "huang", "zhou", "wu", "sun", "ma",
    "hu", "guo", "he", "lin", "luo", "zheng", "liang", "xie", "tang", "feng", "deng",
    "cao", "peng", "zeng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang",
    "du", "ye", "cheng", "wei", "su", "lu", "ding", "ren", "shen", "yao", "jin", "fu", "qin",
    "nguyen", "tran", "le", "pham", "hoang", "vu", "dang", "bui",
    "do", "ho", "ngo", "duong", "ly"})
# "according to data from X": the speaker is X, not the data.
DOCUMENT_NOUNS = frozenset({
    "data", "figures", "estimates", "estimate", "report", "reports", "statement",
    "documents", "document", "survey", "poll", "records", "statistics", "analysis",
    "assessment", "study", "research", "footage", "images", "readout", "transcript",
    "sources", "calculations", "numbers", "count", "tally"})
# Objects of "told"/"informed" that are audiences, not the content.
LISTENERS = frozenset({
    "reporters", "journalists", "lawmakers", "parliament", "legislators", "the media",
    "media", "a news conference", "a press conference", "a briefing", "a conference",
    "an audience", "supporters", "students", "the audience", "congress", "senators",
    "delegates", "the assembly", "the council", "state television", "television",
    "radio", "the newspaper", "a newspaper", "the agency", "the broadcaster"})

# Hedges that mark a claim as second-hand: phrase -> reason label.
HEDGES = {
    "reportedly": "reportedly", "allegedly": "allegedly", "purportedly": "purportedly",
    "supposedly": "supposedly", "apparently": "apparently", "unconfirmed": "unconfirmed",
    "said to": "said to", "believed to": "believed to", "thought to": "thought to",
    "alleged": "allegedly", "according to": "according to", "claimed": "claimed",
    "rumoured": "rumoured", "rumored": "rumoured", "appears to": "appears to",
    "reported to": "reported to", "understood to": "understood to",
}
# Words of prediction: the statement is about what may happen.
PREDICTION_WORDS = frozenset({
    "could", "would", "may", "might", "will", "shall", "potentially", "likely",
    "unlikely", "expected", "forecast", "predicted", "likelihood", "probably",
    "possibly", "perhaps", "maybe", "'ll", "going", "plans", "planned", "intends",
    "poised", "set", "prospect", "risk", "future", "coming", "upcoming", "next",
    "soon"})
# Words of evaluation or belief: the statement is someone's judgement.
OPINION_WORDS = frozenset({
    "significant", "notable", "notably", "strategic", "desperate", "desperation",
    "vigilant", "important", "serious", "dangerous", "alarming", "worrying",
    "remarkable", "unprecedented", "good", "bad", "great", "terrible", "best",
    "worst", "clear", "obvious", "absurd", "groundless", "ridiculous", "outrageous",
    "shameful", "catastrophic", "constructive", "optimistic", "pessimistic",
    "decisive", "crucial", "vital", "essential", "tragic", "historic", "excellent",
    "positive", "negative", "disastrous", "devastating", "horrific", "brutal",
    "heroic", "cruel", "unjust", "unfair", "fair", "wrong", "baseless", "nonsense",
    "provocation", "provocative", "unacceptable", "irresponsible", "reckless",
    "aggressive", "hostile", "friendly", "successful", "failed", "weak", "strong",
    "impressive", "disappointing", "encouraging", "troubling", "disturbing",
    "shocking", "appalling", "deplorable", "regrettable", "welcome", "useful",
    "pointless", "hypocritical", "cynical", "increasingly", "should", "must",
    "ought", "believe", "believes", "think", "thinks", "feel", "feels", "doubt",
    "doubts", "question", "concern", "concerns", "concerned", "worry", "worries",
    "fear", "fears", "hope", "hopes", "appears", "seems", "seem", "appear",
    "appeared", "urge", "urged", "praised", "condemned", "criticised", "criticized",
    "ramifications", "implications", "violation", "insist", "insisted"})
# Irregular past forms common in news; regular ones are found by their "-ed".
PAST_IRREGULAR = frozenset({
    "sent", "met", "fell", "rose", "hit", "shot", "struck", "flew", "found", "held",
    "led", "left", "began", "took", "gave", "made", "won", "lost", "fought", "cut",
    "put", "set", "spent", "paid", "sold", "bought", "built", "brought", "drove",
    "broke", "stole", "ran", "came", "went", "saw", "told", "said", "wrote", "oversaw",
    "sank", "blew", "threw", "withdrew", "overthrew", "swept", "fled", "caught",
    "kept", "dealt", "meant", "became", "grew", "froze", "spoke", "chose", "bore"})
# Nouns of checkable events.
EVENT_NOUNS = frozenset({
    "attack", "attacks", "strike", "strikes", "launch", "launches", "test", "tests",
    "deal", "agreement", "treaty", "deployment", "invasion", "election", "vote",
    "arrest", "arrests", "explosion", "blast", "shelling", "bombing", "raid",
    "offensive", "ceasefire", "talks", "sanctions", "shipment", "shipments",
    "delivery", "deliveries", "casualties", "deaths", "troops", "soldiers",
    "missile", "missiles", "drones", "ammunition", "weapons", "investigation",
    "trial", "verdict", "meeting", "summit", "visit", "exercise", "exercises"})
CAUSAL_WORDS = frozenset({
    "because", "caused", "causing", "led", "resulted", "due", "therefore", "thereby",
    "consequently", "amid", "triggered", "sparked", "prompted", "blamed"})
COMPARISON_WORDS = frozenset({
    "more", "less", "fewer", "most", "least", "largest", "smallest", "highest",
    "lowest", "first", "last", "biggest", "double", "half", "majority", "minority",
    "than", "since", "record", "up", "down"})
NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds",
    "thousand", "thousands", "million", "millions", "billion", "billions", "dozen",
    "dozens", "half", "third", "quarter", "fifth", "tenth", "several", "seventh",
    "percent", "per cent"})
