"""More reported-speech shapes from the misses on PolNeAR's train and dev
splits, as in ``test_assist_recall.py``: participles after unlisted verbs and
second verbs, negated "say", mixed quotation marks, "told"/"asked" with their
listeners, messages as speakers, nouns of speech after light verbs, purpose
infinitives, poll shares. Each test is a sentence written for it and checks
the speaker and the exact statement offered."""

from __future__ import annotations

import pytest

from tests.test_assist_recall import _one
from workbench.assist.suggest import find_attributions


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # a main verb the word lists do not know before ", saying"
    ("Jane Roe, president of the Acme Institute, tied those scores to higher wages, saying the law helped "
     "millions of workers.", "Jane Roe", "the law helped millions of workers"),
    # two coordinated verbs before the participle
    ("The Ohio senator sought to calm the crowd, and took a heckler in stride, saying the man would not be hurt.",
     "senator", "the man would not be hurt"),
    # a quotation ending in a comma before the participle
    ("Mr. Lund delivered a defense of “small-town values,” saying the town embodied the spirit of the state.",
     "Lund", "the town embodied the spirit of the state"),
    # a dash before the participle
    ("Mr. Lund changed his pick on the spot – saying he was rooting for the visitors.",
     "Lund", "he was rooting for the visitors"),
])
def test_participle_after_an_unlisted_main_verb(text: str, speaker: str, quote: str) -> None:
    got_speaker, verb, got_quote, _ = _one(text)
    assert verb == "saying"
    assert speaker in got_speaker
    assert got_quote == quote


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("The bakery keeps its own accounts a secret but says its sales have tripled.", "bakery",
     "its sales have tripled"),
    ("Jane Roe, a former county party chairman, became a delegate and said she is leaning toward the governor.",
     "Jane Roe", "she is leaning toward the governor"),
])
def test_second_of_two_verbs_shares_the_subject(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


def test_a_negated_say_keeps_its_negation_in_the_quote() -> None:
    speaker, _, quote, stance = _one("Ms. Vance did not say that the levy would be repealed.")
    assert "Vance" in speaker
    assert quote == "did not say that the levy would be repealed"
    assert stance is None
    speaker, _, quote, _ = _one("Mr. Ortiz refused to say the words “budget cut.”")
    assert quote.startswith("refused to say")
    # what was not said is no statement: "did not say how many"
    assert find_attributions("The council did not say how many homes were flooded.") == []


def test_a_name_after_said_with_a_verb_of_its_own_is_what_was_said() -> None:
    speaker, _, quote, _ = _one("And Ohio’s Ada Roe, one of only a handful of delegates, said Mr. Lund will exceed "
                                "expectations with young voters.")
    assert "Ada Roe" in speaker
    assert quote == "Mr. Lund will exceed expectations with young voters"
    # a real inversion keeps its speaker after the verb
    speaker, _, quote, _ = _one("“It is over,” said the retired general, who had worked for him.")
    assert "general" in speaker and quote == "It is over"


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ('"There are two people in this race who can do that,” said Rick Roe, a strategist.', "Rick Roe",
     "There are two people in this race who can do that"),
    ("“The reality is, if she loses Ohio, that could create problems for her,“ said Jim Roe, a congressman.",
     "Jim Roe", "The reality is, if she loses Ohio, that could create problems for her"),
])
def test_a_quotation_with_mixed_marks(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


def test_speaker_and_verb_alone_after_the_quotation_they_close() -> None:
    speaker, _, quote, _ = _one("“If you are listening, I hope you find the files that are missing.” Lund said.")
    assert "Lund" in speaker
    assert quote == "If you are listening, I hope you find the files that are missing"


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # an opening phrase and a clause before the speaker: the clause is no adverbial
    ("As a newcomer, Ms. Vance likely drew less attention, Mr. Roe said.", "Roe",
     "As a newcomer, Ms. Vance likely drew less attention"),
    ("Mr. Roe spoke at noon. But he runs the shop on a different principle, he said.", "Roe",
     "But he runs the shop on a different principle"),
])
def test_a_clause_before_the_speaker_is_the_statement(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # "told X that" with a clause the listener check does not know as a clause
    ("Party chair Ana Ruiz told a lunch group of donors that the platform remains firm.",
     "Ana Ruiz", "the platform remains firm"),
    # a participle after a contracted negation in the main clause, its listener left out
    ("Mr. Okafor didn’t seem convinced, telling reporters that the count looked wrong.",
     "Okafor", "the count looked wrong"),
    ("Mr. Okafor left the hall early, telling the crowd, “We will be back next year.”",
     "Okafor", "We will be back next year"),
])
def test_told_and_telling_with_a_listener(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("Radio host Dana Whitfield asked the mayor about remarks she had made the night before.",
     "Dana Whitfield", "remarks she had made the night before"),
    ("Ms. Ortiz asked the governor during a town hall if she would sign the pledge.",
     "Ortiz", "if she would sign the pledge"),
    ("Moderator Lena Park asked the candidates one question: Who will fix the bridge?",
     "Lena Park", "Who will fix the bridge?"),
    ("Mr. Haddad asks at a school in Dover, “Any questions for me?”",
     "Haddad", "Any questions for me?"),
    # the last of several verbs with one subject
    ("Ms. Lindqvist shook hands and posed for photos and asked workers if they would vote.",
     "Lindqvist", "if they would vote"),
])
def test_asked_with_a_listener_an_adjunct_or_a_named_question(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # a participle after a main verb the word lists do not know
    ("The nurse later sued, claiming the quarantine violated her rights.",
     "nurse", "the quarantine violated her rights"),
    ("Ms. Ruiz quit the race in March, announcing that she would back Mr. Lee.",
     "Ruiz", "she would back Mr. Lee"),
    # a message speaks when its statement follows the verb at once
    ("The lawsuit claims that the commission ignored its own rules.",
     "lawsuit", "the commission ignored its own rules"),
    ("The ad claims “the senator never showed up for a vote.”",
     "ad", "the senator never showed up for a vote"),
    # "what X called ...": the name given is what was said
    ("The town was shaken by what officials called a hate crime.", "officials", "a hate crime"),
])
def test_participles_messages_and_what_was_called(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


@pytest.mark.parametrize("text", [
    "The storm hit, killing 12 people.",
    "The storm claims that house every winter.",
    "What he called was a cab.",
])
def test_no_speech_in_deeds_like_these(text: str) -> None:
    assert find_attributions(text) == []


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # a comma inside the closing quotation mark before the participle
    ("Ms. Ruiz talked up her “rural plan,” promising to campaign in every county.",
     "Ruiz", "to campaign in every county"),
    # a second participle after "and", its listener left out
    ("Mr. Lamb began by crediting the mayor for the budget and urging him to keep the libraries open.",
     "Lamb", "him to keep the libraries open"),
])
def test_participles_after_quotes_and_second_participles(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


def test_that_inside_the_question_put_to_the_speaker_is_not_what_was_told() -> None:
    found = find_attributions("“It is a fair concern,” Ms. Ruiz told WXYZ Monday when asked about fears "
                              "that turnout would fall.")
    assert [(a.speaker, a.verb, a.quote) for a in found] == [
        ("Ruiz", "told", "It is a fair concern"),
        ("an unnamed questioner", "asked", "about fears that turnout would fall")]


def test_promised_at_a_rally_to_do_something() -> None:
    speaker, _, quote, _ = _one("Ms. Ruiz promised Sunday at a rally in Reno to end the program.")
    assert "Ruiz" in speaker
    assert quote == "to end the program"


def test_a_verb_and_colon_closing_its_paragraph_introduce_the_next_one() -> None:
    found = find_attributions("Supporters waited outside the hall. Jared Okoye, 17, echoed:\n\n"
                              "“She speaks her mind. I think that is what the county needs.”\n\n"
                              "The rally ended at nine.")
    assert [(a.speaker, a.quote) for a in found] == [
        ("Jared Okoye", "She speaks her mind. I think that is what the county needs")]
    [a] = find_attributions("In a 1963 speech, Mr. Wallace declared:\n\n"
                            "Nothing will change in this state while I am governor.\n\nThat was long ago.")
    assert a.quote == "Nothing will change in this state while I am governor"


def test_the_subject_of_coordinated_verbs_with_a_role_noun() -> None:
    speaker, _, quote, _ = _one(
        "The Republican nominee also outlined his housing plan and vowed to punish speculators.")
    assert "nominee" in speaker
    assert quote == "to punish speculators"


@pytest.mark.parametrize(("text", "question"), [
    ("Ms. Okafor, asked which candidate she would back, said she preferred the governor.",
     "which candidate she would back"),
    ("Mr. Cuban, when asked about the mayor's temper, laughed.", "about the mayor's temper"),
    ("Mr. Cuban, who was asked about the race, said nothing.", "about the race"),
])
def test_a_question_set_off_by_commas_after_the_one_asked(text: str, question: str) -> None:
    found = [a for a in find_attributions(text) if a.verb == "asked"]
    assert [(a.speaker, a.quote) for a in found] == [("an unnamed questioner", question)]


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("Officials told him he had never been a citizen of the country.",
     "Officials", "he had never been a citizen of the country"),
    ("Ms. Ruiz came in and told me they had been taken away by the police.",
     "Ruiz", "they had been taken away by the police"),
])
def test_told_a_pronoun_then_a_clause_without_that(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("During the debate, Mr. Cruz made an unprompted call for an end to dairy subsidies.",
     "Cruz", "an end to dairy subsidies"),
    ("Ms. Ruiz has raised questions about the governor's tax returns.", "Ruiz", "the governor's tax returns"),
    ("Mr. Haddad stepped up his attacks on the senator's voting record.", "Haddad", "the senator's voting record"),
    ("Ms. Okafor opened with a call for the party to unite behind her.",
     "Okafor", "the party to unite behind her"),
])
def test_a_noun_of_speech_after_a_light_verb(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


@pytest.mark.parametrize("text", [
    "Mr. Lee made a phone call for his mother.",
    "Rebels launched attacks on the city.",
    "The storm raised questions about the levees.",
])
def test_light_verbs_with_no_statement(text: str) -> None:
    assert find_attributions(text) == []


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # a purpose infinitive after "used ...", "went off script"
    ("Mr. Ramos used his acceptance speech to call for the resignation of the mayor.",
     "Ramos", "the resignation of the mayor"),
    ("Ms. Ruiz went off script to comment on the governor and his donors.", "Ruiz", "the governor and his donors"),
    # "with X -ing": the one named after "with" speaks
    ("The sharpest split is on trade, with Mr. Haddad calling for a tariff on steel.",
     "Haddad", "a tariff on steel"),
])
def test_infinitives_of_purpose_and_with_clauses(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


@pytest.mark.parametrize("text", [
    "Ms. Ruiz used the money to pay rent.",
    "Ms. Ruiz went to Ohio to call her mother.",
])
def test_purpose_infinitives_that_are_deeds(text: str) -> None:
    assert find_attributions(text) == []


@pytest.mark.parametrize(("text", "question"), [
    ("“You bet I would,” Mr. Okafor said when asked whether he would close the bridge.",
     "whether he would close the bridge"),
])
def test_questions_put_to_a_speaker_in_a_clause_of_its_own(text: str, question: str) -> None:
    found = [a for a in find_attributions(text) if a.verb == "asked"]
    assert [(a.speaker, a.quote) for a in found] == [("an unnamed questioner", question)]


def test_an_aside_after_that_opens_the_statement() -> None:
    speaker, _, quote, _ = _one("Ms. Ruiz reported that, in the end, the council met the donors.")
    assert "Ruiz" in speaker
    assert quote == "in the end, the council met the donors"


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("Ms. Lindqvist previously reported, The foundation refused to release the names of its donors.",
     "Lindqvist", "The foundation refused to release the names of its donors"),
    ("Mr. Haddad wrote, Ohio can still decide the race for the governor.",
     "Haddad", "Ohio can still decide the race for the governor"),
])
def test_a_clause_after_the_verb_and_a_comma(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


def test_as_a_message_noted_with_a_comma() -> None:
    speaker, _, quote, _ = _one("As the report noted, the average wait at the clinic was nine days.")
    assert "report" in speaker
    assert quote == "the average wait at the clinic was nine days"




@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("The poll found Ms. Roe far ahead, with 50 percent saying she is prepared.", "50 percent", "she is prepared"),
    ("Mr. Lund has improved his standing, with 30 percent of voters saying they like him.",
     "30 percent of voters", "they like him"),
    ("Voters shrugged off the choice, with three in 10 saying a running mate would not matter.", "three in 10",
     "a running mate would not matter"),
])
def test_a_share_of_a_poll_saying(text: str, speaker: str, quote: str) -> None:
    got_speaker, verb, got_quote, _ = _one(text)
    assert verb == "saying"
    assert got_speaker == speaker
    assert got_quote == quote


def test_nothing_but_a_share_says_with() -> None:
    assert find_attributions("He arrived with his wife saying nothing.") == []


@pytest.mark.parametrize(("text", "quote"), [
    ("“I cannot believe how calm it has been up here,” Roe said 30 minutes into the debate.",
     "I cannot believe how calm it has been up here"),
    ("“It is going to be well over a million dollars,” Roe said about the money spent against her.",
     "It is going to be well over a million dollars"),
])
def test_the_quotation_before_the_speaker_beats_an_adjunct_after_said(text: str, quote: str) -> None:
    speaker, _, got_quote, _ = _one(text)
    assert "Roe" in speaker
    assert got_quote == quote
    # a programme's title before the speaker is no statement
    _, _, got_quote, _ = _one("In an interview on “Face the Nation,” Ms. Roe said the spate of shootings "
                              "demands more listening.")
    assert got_quote == "the spate of shootings demands more listening"


def test_a_curly_quotation_closed_by_a_straight_mark() -> None:
    speaker, _, quote, _ = _one('Mrs. Roe spoke at noon. “Our roads are crumbling," she said.')
    assert "Roe" in speaker and quote == "Our roads are crumbling"
    # a straight quotation inside a curly one does not close it
    _, _, quote, _ = _one('“He said "no," and left,” Roe said.')
    assert quote == 'He said "no," and left'


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("Michael Lund, who lives in an area outside of the state capital, Sacramento, said he still hopes for a win.",
     "Michael Lund", "he still hopes for a win"),
    ("Paul Roe, a truck driver from Ava, Mo., who is a member of the union, said he already received overtime pay.",
     "Paul Roe", "he already received overtime pay"),
    ("The county judge -- who has been in a quarrel with the mayor -- said she regretted her remarks.",
     "judge", "she regretted her remarks"),
])
def test_speaker_before_a_relative_clause_set_off_by_commas(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


def test_that_after_an_adjunct_before_a_bare_plural() -> None:
    _, _, quote, _ = _one("Roy Roe said in an oral history that farmers in the valley distrusted her.")
    assert quote == "farmers in the valley distrusted her"


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("Ms. Ortiz asked the members of the city council of Dover whether the plan was legal.",
     "Ortiz", "whether the plan was legal"),
    ("Mr. Lee asked the campaign of his rival in the race for governor to correct the ad.",
     "Lee", "to correct the ad"),
    # "asked about plans to ...": the plans are what was asked about
    ("Mr. Lee asked about plans to cut taxes.", "Lee", "plans to cut taxes"),
])
def test_asked_with_a_long_listener(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote
