"""Grammatical gender of a person named in a text: who "he" and "she" can be.

A reader resolves "she said" to the last woman named, never to the man named
just before her; the resolver does the same with what a text gives away:
a title ("Mr.", "Mrs.", "Ms."), a gendered role noun ("spokeswoman",
"congressman", "actress") or a first name. The first names are common
English given names and names seen in US political news with their
pronouns (counted on the training part of a public corpus of news
articles); a name used for both men and women is in neither list, so its
bearer stays of unknown gender and any pronoun may refer to them.
"""

from __future__ import annotations

import re

MALE = "m"
FEMALE = "f"

_MALE_NAMES = frozenset("""
    aaron abdulhadi abdullah abid abraham abu adam adel adil agusein ahmed akhil al alan
    alastair albert alejandro alex alexander allan alwaleed amadou andargachew andrew andy
    angel anthony antonin antonio anwar ari aris art arthur arturo asa ash austin barack
    barney barry bashar beau ben benard benjamin bernie bilal bill billy blair bob bobby
    brad bradley brandon brendan brent bret brett brian bruce bryan carl carlos carlton
    charles charlie chris christian christoph christopher chuck clint colin corey cory craig
    curt dan daniel dante daron david denis dennis derek dewayne dexter dick dinesh don
    donald douglas duncan dwight dylan ed eddie edward elijah elvis emanuel eric erlan
    ernest eswar ethan eugene federico felipe feyisa fidel florent francesco francois frank
    fred gabriel garry gary geert geoff george gerald geraldo gilbert glen glenn gonzalo
    gordon grant greg gregory gustav hakeem hamid hany harold harry henry herman herschel
    howard hugh humayun ian ingvar jack jacob jacques jaime jake jamal james jared jason jay
    jeb jeff jeffery jeffrey jeremy jerome jerry jesse jim jimmy joe joel joh john johnny
    jon jonathan jordan jorge jose joseph josh joshua juan julian justin keith ken kenneth
    kevin kieran kyle lachlan lance larry laurence lawrence lee leonard leonid lindsey logan
    lou louis luay luis luther mahamat malcolm mamdouh manny manuel marc marco mariano mark
    markus martin marvin matt matthew mel meles merrick michael miguel mike mikhail mitch
    mitchell mitt mohamed mohammed moner monte morton muhammad murray nathan neil newt
    nicholas nick nigel noah norbert norm oleg oliver omar orrin pat patrick paul pete peter
    petro peyton philip pierre prescott rafael raffaello rahm rakeem ralph rand randy rashad
    raul ray raymond raynard recep reid reince rex richard rick rinat rob robby robert robin
    rod rodrigo roger ron ronald ross roy rudolph rudy rupert russ russell ryan sadiq salah
    sam samuel sandy satya scot scott sean sebastian shane sheldon sherman simon solomon
    stan stefan stephen steve steven stuart syed tad tamerlan ted teddy terry thomas tim
    timothy todd tom tony trent trey tyler vicente victor viktor vin vincent vladimir walter
    wayne wesley whit will william willie witold woodrow xavier yukiya zach zachary zeke
""".split())

_FEMALE_NAMES = frozenset("""
    abigail ada adelle alexis alice alixandria amanda amandla amber amy andrea angela angie
    ann anna annamaria anne annette arianna ashley audrey ava barbara bette betty beverly
    billie brenda brianne brigid brittany caitlyn carly carol carolyn carrie catherine
    cecile charlotte chelsea cheryl christina christine christyn claire colleen condoleezza
    cynthia danielle dawn debbie deborah debra dena denise diana diane dianne dolores donna
    doris dorothy dottie elise elizabeth ellen emily emma erica erin eva evelyn felicia
    frances gabby gabriela gabrielle gilda gina gisela gloria grace gwen haley hannah
    heather helen hillary hope huma ilyse ina isabella ivana ivanka jacqueline jan jane
    janet janice jean jeanne jen jennifer jessica jessie jill jillian joan joyce juanita
    judith judy julianne julie kamala karen karlee kashiya kate katherine kathleen kathryn
    katie katrina kayla kelli kelly kellyanne kelsey kimberley kimberly kristen laura lauren
    laurie lesley linda lindsay lisa liz lois lolita loretta lori louisa louise madeleine
    madison maggie margaret maria marie marilyn marla martha marwa mary maryam mattie
    maureen mayra megan megyn melania melissa mia michele michelle mika mindy monique myra
    naghmeh nancy natalie naureen neera nesa nicole nikki nina norma olivia omarosa pamela
    patricia patty paula penny phyllis polly rachel randi rebecca rhonda rihanna roberta
    robyn rosario ruth sahar samantha sandra sara sarah sharon shelley shirley shonda sonia
    sophia stacey stephanie sue susan susana susannah susanne sylvia tammy tarla tashfeen
    teresa theresa tina vanessa victoria virginia vivica wendy yasmeen zeynep zoe
""".split())

_MALE_WORDS = frozenset({
    "mr", "mr.", "sir", "man", "men", "spokesman", "congressman", "chairman", "businessman",
    "father", "husband", "son", "brother", "boy", "king", "grandfather", "uncle", "nephew",
    "councilman", "assemblyman", "alderman", "gentleman", "widower", "boyfriend", "actor",
    "prince", "duke", "lord", "pope", "cardinal", "bishop", "priest", "rabbi", "imam", "monk",
    "sheikh", "anchorman", "policeman", "fireman", "statesman", "frontman", "dad", "grandson",
})
_FEMALE_WORDS = frozenset({
    "mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "lady", "woman", "women",
    "spokeswoman", "congresswoman", "chairwoman", "businesswoman", "mother", "wife",
    "daughter", "sister", "girl", "queen", "grandmother", "aunt", "niece", "councilwoman",
    "assemblywoman", "actress", "widow", "girlfriend", "princess", "duchess", "nun",
    "anchorwoman", "policewoman", "stateswoman", "mom", "granddaughter", "dame", "heiress",
})

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z.’'-]*")
# "Mr. Kamin", "Hillary Rodham Clinton", "Donald J. Trump": a title or first name, then the surname
# (a possessive ends the name: "Mr. King's Russia Today programming" names no Mr. Today)
_NAMED_RE = re.compile(r"\b(?:(Mr|Mrs|Ms|Miss)\.?\s+(?:[A-Z][\w’'-]*(?<![’']s)\s+)*"
                       r"|([A-Z][a-z]+)\s+(?:[A-Z][a-z]*\.?\s+)?)([A-Z][\w’'-]+)\b")


def first_name_gender(word: str) -> str | None:
    """The gender a first name gives away, or None for a name of either or unknown."""
    low = word.lower()
    if low in _MALE_NAMES:
        return MALE
    if low in _FEMALE_NAMES:
        return FEMALE
    return None


def words_gender(phrase: str | None) -> str | None:
    """The gender of a title or role noun in ``phrase`` ("Kremlin
    spokeswoman", "Mr. Peskov"); None when it has none or both."""
    if not phrase:
        return None
    found = set()
    for w in _WORD_RE.findall(phrase):
        low = re.sub(r"[’']s$", "", w.lower())
        if low in _MALE_WORDS:
            found.add(MALE)
        elif low in _FEMALE_WORDS:
            found.add(FEMALE)
    return found.pop() if len(found) == 1 else None


def name_gender(name: str | None) -> str | None:
    """The gender a personal name gives away by its first word."""
    if not name:
        return None
    ws = _WORD_RE.findall(name)
    while ws and ws[0].lower().rstrip(".") in ("mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen"):
        g = words_gender(ws[0])
        if g:
            return g
        ws = ws[1:]
    return first_name_gender(ws[0]) if len(ws) >= 2 else None


def surname_genders(text: str) -> dict[str, str]:
    """Surnames the text writes after "Mr.", "Mrs." or "Ms." (the house style
    of some papers) or after a first name that tells the gender ("Hillary
    Clinton"), with that gender; a surname used for both (a married couple)
    is left out."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for m in _NAMED_RE.finditer(text):
        title, first = m.group(1), m.group(2)
        g = (MALE if title == "Mr" else FEMALE) if title else first_name_gender(first or "")
        if g is None:
            continue
        sur = re.sub(r"[’']s$", "", m.group(3)).lower()
        if out.get(sur, g) != g:
            clash.add(sur)
        out[sur] = g
    for sur in clash:
        del out[sur]
    return out
