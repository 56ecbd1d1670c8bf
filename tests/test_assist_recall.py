"""Reported-speech shapes the assistant learned from the misses on PolNeAR's
train and dev splits (``benchmarks/eval_attributions.py``): each test is a
sentence written for it, in the style of the news copy where the shape was
missed, and checks the speaker and the exact statement offered."""

from __future__ import annotations

import pytest

from workbench.assist.suggest import find_attributions


def _one(text: str) -> tuple[str, str, str, str | None]:
    found = find_attributions(text)
    assert len(found) == 1, [(a.speaker, a.quote) for a in found]
    a = found[0]
    return a.speaker, a.verb, a.quote, a.stance_hint


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # an adjunct right after "that" opens the statement
    ("Law enforcement experts said that once Fields filed her complaint, the police had no choice.",
     "Law enforcement experts", "once Fields filed her complaint, the police had no choice"),
    # a colon or a comma before the quotation ends the adjunct after the verb
    ('Verizon said in a statement: "We look forward to having our employees back."',
     "Verizon", "We look forward to having our employees back"),
    ("Carly Fiorina wrote on Facebook, “Anyone can turn an inheritance into more money.”",
     "Carly Fiorina", "Anyone can turn an inheritance into more money"),
    # an aside between commas before "that"
    ("Mr. Trump said, among other things, that Mr. Bezos has a huge antitrust problem.",
     "Trump", "Mr. Bezos has a huge antitrust problem"),
])
def test_content_after_an_adjunct_or_aside(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


def test_collective_subject_takes_the_base_form() -> None:
    speaker, verb, quote, _ = _one(
        "Cologne police say they have not yet determined whether the assailants were asylum seekers.")
    assert (speaker, verb) == ("Cologne police", "say")
    # the negation and the hedge stay in the statement
    assert quote == "they have not yet determined whether the assailants were asylum seekers"


def test_noun_verb_after_a_singular_subject_is_still_refused() -> None:
    # "think tank", "the report": the base form of a noun-like verb after a
    # singular phrase is a noun, not a verb with that subject
    assert find_attributions("The Advisory think tank released its annual survey of members.") == []


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # a subject with a post-modifier and a stray comma
    ("Darran Whiting of Liberty Baptist Church in Marion, said he had made 150 phone calls.",
     "Darran Whiting", "he had made 150 phone calls"),
    # an apposition with its own "and", then a colon
    ('Michael Demastus, pastor of the Fort Des Moines Church of Christ and a Cruz supporter, said: '
     '"I have never heard anyone pray like that."', "Michael Demastus", "I have never heard anyone pray like that"),
    # a plain noun phrase with a long post-modifier
    ("Proponents of more controls on hate speech here say there is a direct correlation.",
     "Proponents", "there is a direct correlation"),
    # an aside between dashes with commas of its own
    ("Democratic leaders — and, in particular, Senate Minority Leader Harry Reid — insisted that any "
     "package include a delay.", "Democratic leaders", "any package include a delay"),
    # a long apposition with a relative clause
    ("Ghazala Khan, the Gold Star mother whose appearance at the convention created a firestorm, "
     "says she felt compelled to speak out.", "Ghazala Khan", "she felt compelled to speak out"),
])
def test_subject_with_long_modifiers_and_asides(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert got_speaker == speaker
    assert got_quote == quote


def test_denial_after_a_long_apposition_keeps_its_stance() -> None:
    speaker, _, quote, stance = _one(
        "Maria Lopez, the housing director — who runs the shelter, the clinic and the pantry — flatly "
        "denied that any resident had been turned away.")
    assert speaker == "Maria Lopez"
    assert quote.endswith("denied that any resident had been turned away")
    assert stance == "contradicts"


def test_fallback_does_not_make_a_speaker_of_a_common_noun() -> None:
    text = "Evidence suggests the plan failed. The evidence was thin."
    assert all(a.speaker.lower() != "evidence" for a in find_attributions(text))


@pytest.mark.parametrize(("text", "speaker", "verb", "quote"), [
    # verbs whose statement is a noun object
    ("Trump attacked Clinton for her use of a private server.", "Trump", "attacked",
     "Clinton for her use of a private server"),
    ("Senator Mark Kirk touted his record on veterans.", "Mark Kirk", "touted", "his record on veterans"),
    ("The governor spoke about the economy at length.", "governor", "spoke", "the economy at length"),
    ("Sanders denounced the ruling as a gift to Wall Street.", "Sanders", "denounced",
     "the ruling as a gift to Wall Street"),
])
def test_verbs_with_a_noun_object_as_statement(text: str, speaker: str, verb: str, quote: str) -> None:
    got_speaker, got_verb, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert (got_verb, got_quote) == (verb, quote)


def test_speak_without_a_topic_is_no_statement() -> None:
    assert find_attributions("The senator spoke at a rally in Ohio on Monday.") == []


@pytest.mark.parametrize(("text", "verb", "quote"), [
    # the progressive with an adverb between "is" and the participle
    ("Chaffetz is also asking Comey to turn over the file.", "asking", "to turn over the file"),
    # a participle after "after", with an adjunct before its "that"
    ("John Smith is facing skepticism after saying in a recent debate that he is impartial.",
     "saying", "he is impartial"),
    # a participle after a colon-introduced quotation
    ("Hakeem Jeffries reacted to the news, saying: “The killer should be in prison.”",
     "saying", "The killer should be in prison"),
])
def test_participles_take_the_main_subject(text: str, verb: str, quote: str) -> None:
    found = find_attributions(text)
    assert [(a.verb, a.quote) for a in found] == [(verb, quote)]


def test_adding_is_a_statement_of_its_own() -> None:
    found = find_attributions(
        "Mary Smith said the water was not safe, adding, “Nobody in a rich suburb would stand for it.”")
    assert sorted((a.verb, a.quote) for a in found) == [
        ("adding", "Nobody in a rich suburb would stand for it"),
        ("said", "the water was not safe"),  # the negation stays in the statement
    ]
    assert {a.speaker for a in found} == {"Mary Smith"}


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # a plain noun phrase the word lists do not know speaks with any reporting verb
    ("Many opponents argued that the new salary level would unfairly affect poorer regions.",
     "opponents", "the new salary level would unfairly affect poorer regions"),
    ("Recent surveys suggest that even some Republicans find him unlikable.",
     "Recent surveys", "even some Republicans find him unlikable"),
    ("Fact-checkers soon noted that Clinton may have been referring to a hypothetical.",
     "Fact-checkers", "Clinton may have been referring to a hypothetical"),
    ("Some of Clinton's allies have described it as a serious lapse in judgment.",
     "Clinton's allies", "it as a serious lapse in judgment"),
    # an infinitive takes the subject of the verb it depends on
    ("Democratic insiders in New Hampshire were more likely to say Clinton still has a shot.",
     "Democratic insiders in New Hampshire", "Clinton still has a shot"),
    ("Mayor Jane Roe went on to say the budget would not balance.", "Jane Roe", "the budget would not balance"),
])
def test_plain_subjects_and_infinitives(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


@pytest.mark.parametrize("text", [
    "They asked him to say that the plan failed.",  # the infinitive's subject is "him", not "they"
    "Sanders won a majority of pledged delegates in Oregon.",
    "The Paris attacks test Clinton's strategy on terrorism.",
    "Bernie Sanders, speaking to reporters for seven minutes, left the White House.",
    "Trump spoke for 77 minutes at the convention.",
    "His Islamophobic remarks loomed large at the debate.",
])
def test_nouns_and_intransitive_uses_are_not_statements(text: str) -> None:
    assert find_attributions(text) == []


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("Jeb Bush pointed out that Peyton Manning was supporting him.", "Jeb Bush", "Peyton Manning was supporting him"),
    ("Other defenders pointed to previous examples of plagiarism in political speech.",
     "defenders", "previous examples of plagiarism in political speech"),
    ("Many Republicans agreed with much of the substance of his speech.",
     "Republicans", "much of the substance of his speech"),
    ("Chaffetz asks for a probe of email deletions.", "Chaffetz", "a probe of email deletions"),
    # a clause without "that" after "declared"
    ("CNN declared Clinton had enough delegates to become the nominee.",
     "CNN", "Clinton had enough delegates to become the nominee"),
])
def test_complements_of_verbs_that_need_one(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


def test_a_non_response_is_no_statement() -> None:
    # "did not respond to a request for comment" reports no statement, like
    # "declined to comment"
    assert find_attributions("The Clinton campaign did not respond to a request for comment.") == []
    _, _, quote, _ = _one("The Clinton campaign responded to the criticism with a new advertisement.")
    assert quote == "the criticism with a new advertisement"


@pytest.mark.parametrize("text", [
    "The senator declared a state of emergency.",
    "He pointed out the window.",
])
def test_verbs_without_their_complement_are_not_statements(text: str) -> None:
    assert find_attributions(text) == []


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # a relative clause's speaker is the phrase before "who"/"which"
    ("The show was hosted by Gretchen Carlson, who reported that Fox News paid a settlement.",
     "Gretchen Carlson", "Fox News paid a settlement"),
    ("The Times, which argued that the documents were public, sued the state.",
     "Times", "the documents were public"),
    ("There are three women who claim he assaulted them.", "women", "he assaulted them"),
    # an apposition led by an adverb, and a time between the subject and its verb
    ("The newspaper, long a vocal advocate of immigration reform, writes that Haley has sounded the alarm.",
     "newspaper", "Haley has sounded the alarm"),
    ("Beck, who supported Ted Cruz and opposed Trump during the primaries, last week said he would vote "
     "for Trump.", "Beck", "he would vote for Trump"),
])
def test_relative_clauses_and_appositions(text: str, speaker: str, quote: str) -> None:
    found = find_attributions(text)
    assert [(a.quote) for a in found if speaker in a.speaker] == [quote]


@pytest.mark.parametrize("text", [
    "Andy McCarthy wrote my friend.",
    "Trump told Inside Edition.",
])
def test_a_clause_verb_with_one_or_two_words_says_nothing(text: str) -> None:
    assert find_attributions(text) == []


@pytest.mark.parametrize(("text", "quote"), [
    ("Perez says too many women are torn by guilt.", "too many women are torn by guilt"),
    ("Mr. Trump spoke favorably of Mr. Putin's leadership.", "Mr. Putin's leadership"),
    ("The Vermont senator vowed last month to take his campaign to the convention.",
     "to take his campaign to the convention"),
    ("Maher stated of the email scandal that the report was not good.", "the report was not good"),
    ("Senior American officials disagree on what exactly these troops will be doing.",
     "what exactly these troops will be doing"),
    ("The GOP candidate has insisted on building a wall on the border.", "building a wall on the border"),
])
def test_statement_after_a_time_an_adverb_or_a_preposition(text: str, quote: str) -> None:
    assert [a.quote for a in find_attributions(text)] == [quote]


def test_participle_after_an_adverb_and_a_preposition() -> None:
    found = find_attributions("Obama began his presidency by essentially telling progressives to shut up.")
    assert [(a.speaker, a.verb, a.quote) for a in found] == [("Obama", "telling", "progressives to shut up")]


def test_an_adjunct_before_that_after_a_verb_that_needs_a_complement() -> None:
    _, verb, quote, _ = _one("Sheldon Adelson declared in an interview with Reuters that he found Trump very good.")
    assert (verb, quote) == ("declared", "he found Trump very good")
    assert find_attributions("Sheldon Adelson declared in an interview his support for the plan.") == []


@pytest.mark.parametrize("text", [
    "Russia attacked Kyiv with dozens of drones overnight.",
    "Tehran would respond to Israel's overnight strikes at the right time.",
])
def test_deeds_are_not_statements(text: str) -> None:
    # verbs of speech that also name deeds: arms in the clause make them deeds
    assert find_attributions(text) == []


def _by_quote(text: str) -> dict[str, tuple[str, str]]:
    return {a.quote: (a.speaker, a.verb.lower()) for a in find_attributions(text)}


@pytest.mark.parametrize(("text", "quote"), [
    # the question before the answer, its asker not named
    ("Asked whether the bridge would reopen this year, the mayor said the repairs were on schedule.",
     "whether the bridge would reopen this year"),
    ("When asked on local radio why the clinic closed, Dr. Amaya Bello declined to comment.",
     "why the clinic closed"),
    # a passive "was asked" with what was asked after it
    ("The governor was asked about the closed clinics during the hearing.",
     "about the closed clinics during the hearing"),
])
def test_a_question_whose_asker_is_not_named(text: str, quote: str) -> None:
    found = _by_quote(text)
    assert found.get(quote) == ("an unnamed questioner", "asked"), found


def test_a_question_asked_by_a_named_agent() -> None:
    found = _by_quote("The senator was asked by a local reporter whether she would run again.")
    speaker, verb = found["whether she would run again"]
    assert "reporter" in speaker and verb == "asked"


def test_a_request_to_act_is_not_a_question() -> None:
    # "asked to" names a request, not what was asked
    assert _by_quote("The contractor was asked to leave the site by noon.") == {}


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("Mayor Ana Ruiz toured the plant on Monday. Workers cheered her claim that the plant would reopen by spring.",
     "Ana Ruiz", "the plant would reopen by spring"),
    ("Mr. Okafor's calls for an independent audit went unanswered.", "Okafor", "an independent audit"),
    ("The board ignored Senator Hale's warning that the levee could fail.", "Hale", "the levee could fail"),
])
def test_a_noun_of_speech_after_its_speakers_possessive(text: str, speaker: str, quote: str) -> None:
    found = _by_quote(text)
    assert quote in found, found
    assert speaker in found[quote][0]


def test_a_possessive_noun_without_what_was_said_is_not_offered() -> None:
    # "his claim" with nothing said after it, "her call" as a telephone call
    assert _by_quote("Nobody checked his claim. Her call lasted an hour.") == {}


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("The survey found 62 percent of voters saying the economy was getting worse.",
     "62 percent of voters", "the economy was getting worse"),
    ("The meeting ended with Senator Dana Whitfield calling the budget a disgrace.",
     "Dana Whitfield", "the budget a disgrace"),
])
def test_a_participle_right_after_its_speaker(text: str, speaker: str, quote: str) -> None:
    found = _by_quote(text)
    assert quote in found, found
    assert speaker in found[quote][0]


def test_claiming_a_victory_is_not_speech() -> None:
    assert _by_quote("The results showed Senator Ruiz claiming a narrow victory in the county.") == {}


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    # a "City, State" adjunct before "that"
    ("Ms. Ortega said at a rally in Dayton, Ohio, that the plant would stay open.",
     "Ortega", "the plant would stay open"),
    # an adjunct, then the statement with no "that"
    ("The mayor said after the vote she would not seek a recount.", "mayor", "she would not seek a recount"),
])
def test_statement_after_an_adjunct(text: str, speaker: str, quote: str) -> None:
    got_speaker, _, got_quote, _ = _one(text)
    assert speaker in got_speaker
    assert got_quote == quote


def test_an_adjunct_alone_is_no_statement() -> None:
    assert find_attributions("The mayor spoke in Dayton, Ohio, on Tuesday.") == []


def test_told_with_only_a_listener_after_it_takes_the_quotation_before() -> None:
    speaker, _, quote, _ = _one('"We were shocked, he was a friend to us," Lou Mendes told television station KXTV.')
    assert (speaker, quote) == ("Lou Mendes", "We were shocked, he was a friend to us")


def test_a_name_and_its_apposition_before_says_are_the_speaker() -> None:
    speaker, _, quote, _ = _one("Rep. Dana Cole, R-Ohio, says party leaders outlined a plan to keep the seat.")
    assert "Dana Cole" in speaker
    assert quote == "party leaders outlined a plan to keep the seat"


@pytest.mark.parametrize(("text", "speaker", "quote"), [
    ("The campaign called the charges baseless and fabricated.", "campaign", "the charges baseless and fabricated"),
    ("Mr. Dorsey has called the tariff plan a tax on farmers.", "Dorsey", "the tariff plan a tax on farmers"),
    ("Ms. Park called the senator's quarrel with the agency unusual.", "Park",
     "the senator's quarrel with the agency unusual"),
])
def test_call_with_an_object_and_a_judgment_on_it(text: str, speaker: str | None, quote: str) -> None:
    found = [a for a in find_attributions(text) if a.quote == quote]
    assert found, [(a.speaker, a.quote) for a in find_attributions(text)]
    assert speaker is None or speaker in found[0].speaker


@pytest.mark.parametrize("text", [
    "He called the police at noon.",
    "She called her mother and left.",
    "They called the meeting to order.",
    "He called the police a dozen times.",
    "The mayor called a press conference.",
])
def test_call_as_a_deed_is_not_speech(text: str) -> None:
    assert find_attributions(text) == []


def test_told_a_listener_to_do_something() -> None:
    speaker, _, quote, _ = _one("Mayor Ana Ruiz told her staff to reopen the shelters before the storm.")
    assert "Ana Ruiz" in speaker
    assert quote == "to reopen the shelters before the storm"
    # a "to" that only names where something was told is no statement
    assert find_attributions("Ms. Ruiz told the story to the children.") == []

