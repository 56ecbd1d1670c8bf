"""Anchors: position + quote + context selectors, re-anchored in new versions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from workbench.documents.anchoring import (
    AnchorResult,
    Selector,
    diff_blocks,
    find_quote,
    make_selector,
    reanchor,
    reanchor_many,
)

ARTICLE = (
    "The river barrier stopped working nearly six hours before the storm reached the coast. "
    "Police said 40 people died in the flood. Officials promised an independent inquiry. "
    "The mayor resigned on Tuesday after a vote of no confidence. "
    "Records show the barrier was last inspected in March 2022. "
    "Police said 14 people died in the flood overall, a later statement added."
)
QUOTE = "Police said 40 people died in the flood."
LOOKALIKE = "Police said 14 people died in the flood"


def select(text: str, quote: str) -> Selector:
    start = text.index(quote)
    return make_selector(text, start, start + len(quote))


def both_paths(sel: Selector, old: str, new: str) -> list[AnchorResult]:
    """The same selector re-anchored by search and through the diff."""
    return [reanchor(sel, new), reanchor_many([sel], new)[0], reanchor_many([sel], new, old_text=old)[0]]


# --- selectors -------------------------------------------------------------------------


def test_make_selector_takes_quote_and_context() -> None:
    sel = select(ARTICLE, QUOTE)
    assert sel.exact == QUOTE
    assert ARTICLE[sel.start : sel.end] == QUOTE
    assert len(sel.prefix) == 32 and ARTICLE.endswith(sel.prefix + QUOTE + ARTICLE[sel.end :])
    assert sel.suffix == ARTICLE[sel.end : sel.end + 32]
    edge = make_selector(ARTICLE, 0, 9, context=5)
    assert edge.prefix == "" and edge.suffix == ARTICLE[9:14]


@pytest.mark.parametrize("span", [(5, 5), (-1, 3), (3, 2), (0, len(ARTICLE) + 1)])
def test_make_selector_rejects_bad_spans(span: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        make_selector(ARTICLE, *span)


def test_selector_as_w3c() -> None:
    sel = make_selector("abc def ghi", 4, 7)
    position, quote = sel.to_w3c()
    assert position == {"type": "TextPositionSelector", "start": 4, "end": 7}
    assert quote == {"type": "TextQuoteSelector", "exact": "def", "prefix": "abc ", "suffix": " ghi"}


def test_find_quote_nearest_to_hint() -> None:
    assert find_quote(ARTICLE, "Police said") == (ARTICLE.index("Police said"), ARTICLE.index("Police said") + 11)
    last = ARTICLE.rindex("Police said")
    assert find_quote(ARTICLE, "Police said", hint=last - 5) == (last, last + 11)
    assert find_quote(ARTICLE, "Police said", hint=0)[0] == ARTICLE.index("Police said")
    assert find_quote(ARTICLE, "not in the text") is None
    assert find_quote(ARTICLE, "") is None


def test_find_quote_overlapping_and_edges() -> None:
    assert find_quote("aaaa", "aa", hint=2) == (2, 4)
    assert find_quote("aaaa", "aa", hint=1) == (1, 3)
    assert find_quote("xyz", "xyz", hint=100) == (0, 3)


# --- re-anchoring: the cases a fact-checker meets ----------------------------------------


def test_unchanged_text_is_ok() -> None:
    sel = select(ARTICLE, QUOTE)
    for result in both_paths(sel, ARTICLE, ARTICLE):
        assert result == AnchorResult("ok", sel.start, sel.end, 1.0)


def test_text_inserted_before_moves_anchor() -> None:
    sel = select(ARTICLE, QUOTE)
    new = "UPDATE 10 October: figures revised. " + ARTICLE
    shift = len("UPDATE 10 October: figures revised. ")
    for result in both_paths(sel, ARTICLE, new):
        expected = ("moved", sel.start + shift, sel.end + shift, 1.0)
        assert (result.status, result.start, result.end, result.score) == expected


def test_cut_and_paste_paragraph_is_found() -> None:
    sel = select(ARTICLE, QUOTE)
    new = ARTICLE.replace(QUOTE + " ", "") + " " + QUOTE
    for result in both_paths(sel, ARTICLE, new):
        assert result.status == "moved"
        assert new[result.start : result.end] == QUOTE


def test_deleted_quote_orphaned_despite_lookalike() -> None:
    """The 40-deaths claim must not drift onto the 14-deaths sentence."""
    sel = select(ARTICLE, QUOTE)
    new = ARTICLE.replace(QUOTE + " ", "")
    assert LOOKALIKE in new
    for result in both_paths(sel, ARTICLE, new):
        assert result.status == "orphaned"
        assert (result.start, result.end) == (sel.start, sel.end)  # last known place kept


def test_deleted_quote_with_its_context_orphaned() -> None:
    sel = select(ARTICLE, QUOTE)
    cut_from = ARTICLE.index("six hours")
    cut_to = ARTICLE.index("The mayor")
    new = ARTICLE[:cut_from] + ARTICLE[cut_to:]
    for result in both_paths(sel, ARTICLE, new):
        assert result.status == "orphaned"


def test_partial_deletion_next_to_lookalike_sentence_is_orphaned() -> None:
    """Found by hypothesis: the remains of a look-alike neighbour are not the quote."""
    text = (
        "Engineers on duty said a hydraulic pump failed at 18:40. "
        "The mayor resigned on Tuesday after the vote. The mayor resigned on Thursday after the vote."
    )
    sel = make_selector(text, 114, 146)
    new = text[:92] + " " + text[146:]
    for result in both_paths(sel, text, new):
        assert result.status == "orphaned"


SOUP = "Police police police. Police police police. Police police police. "
TWO_MAYORS = (
    "Police said 40 people died in the flood. The mayor resigned on Tuesday after the vote. "
    "The mayor resigned on Thursday after the vote."
)


@pytest.mark.parametrize(
    ("text", "start", "end", "a", "b", "insert", "expect"),
    [
        # found by hypothesis; expect "exact": placed on the exact quote with score 1,
        # "fuzzy": moved with score < 1, "orphaned": orphaned
        (SOUP, 1, 51, 6, 6, "X", "fuzzy"),  # short contexts at both edges of a short text
        (SOUP + "Police police said. ", 0, 49, 5, 5, "X", "fuzzy"),
        (TWO_MAYORS, 111, 115, 80, 116, "", "orphaned"),  # "ursd" must not become "uesd"
        (  # "esigned on Thurs" must not become "esigned on Tues" with look-alike context
            "The council said it had no record of any malfunction. The mayor resigned on Tuesday "
            "after the vote. The river peaked at 4.2 metres above its normal level. The mayor "
            "resigned on Thursday after the vote. The barrier was last inspected in March 2022.",
            166, 182, 106, 183, "Engineers on duty said a hydraulic pump failed at 18:40. ", "orphaned",
        ),
        (  # a look-alike passage (two look-alike sentences in the same order)
            "The mayor resigned on Tuesday after the vote. About 3,000 homes lost power overnight. "
            "The council said it had no record of any malfunction. The mayor resigned on Thursday "
            "after the vote. About 300 homes lost power overnight.",
            156, 193, 96, 193, "The barrier was last inspected in March 2022. ", "orphaned",
        ),
        (  # the same, with the first character of the real surroundings cut too
            "The mayor resigned on Tuesday after the vote. About 3,000 homes lost power overnight. "
            "The council said it had no record of any malfunction. The mayor resigned on Thursday "
            "after the vote. About 300 homes lost power overnight.",
            156, 193, 96, 194, "The barrier was last inspected in March 2022. ", "orphaned",
        ),
        (  # ... and the first two characters
            "The mayor resigned on Tuesday after the vote. About 3,000 homes lost power overnight. "
            "The council said it had no record of any malfunction. The mayor resigned on Thursday "
            "after the vote. About 300 homes lost power overnight.",
            156, 193, 96, 195, "The barrier was last inspected in March 2022. ", "orphaned",
        ),
        (SOUP * 3, 150, 151, 0, 100, "", "exact"),  # a lone space after a big deletion
        (  # the edited quote, not its look-alike sentence 74 characters earlier
            "Police police police police police police police police police police police. "
            "Police a minister police police police police minister a minister police. "
            "Police a minister police police police police minister minister police. ",
            175, 215, 180, 182, "", "not-elsewhere",
        ),
    ],
)
def test_regressions(text: str, start: int, end: int, a: int, b: int, insert: str, expect: str) -> None:
    sel = make_selector(text, start, end)
    new = text[:a] + insert + text[b:]
    for result in both_paths(sel, text, new):
        if expect == "orphaned":
            assert result.status == "orphaned", result
        elif expect == "not-elsewhere":
            assert result.status == "orphaned" or result.start <= a <= result.end, result
        else:
            assert result.status == "moved", result
            assert (result.score == 1.0) == (expect == "exact"), result
            if expect == "exact":
                assert new[result.start : result.end] == sel.exact


def test_quote_corrected_in_place_is_moved_with_lower_score() -> None:
    sel = select(ARTICLE, "The mayor resigned on Tuesday after a vote of no confidence.")
    new = ARTICLE.replace("resigned on Tuesday", "resigned on Wednesday")
    for result in both_paths(sel, ARTICLE, new):
        assert result.status == "moved"
        assert 0.75 <= result.score < 1.0
        assert new[result.start : result.end] == "The mayor resigned on Wednesday after a vote of no confidence."


def test_quote_rewritten_beyond_recognition_is_orphaned() -> None:
    sel = select(ARTICLE, "The mayor resigned on Tuesday after a vote of no confidence.")
    new = ARTICLE.replace("The mayor resigned on Tuesday after a vote of no confidence.", "Nobody resigned.")
    for result in both_paths(sel, ARTICLE, new):
        assert result.status == "orphaned"


def test_short_quote_elsewhere_without_context_not_attached() -> None:
    text = "The pump failed at 18:40 on the east gate. Nothing else happened."
    sel = select(text, "18:40")
    new = "Nothing happened at the east gate. The logbook mentions 18:40 only once, for a drill."
    for result in both_paths(sel, text, new):
        assert result.status == "orphaned"


def test_repeated_quote_disambiguated_by_context() -> None:
    text = "First: the council denied it. Second paragraph here. Later: the council denied it. End."
    later = text.rindex("the council denied it")
    sel = make_selector(text, later, later + len("the council denied it"))
    new = "New intro. " + text.replace("Second paragraph here.", "A longer second paragraph was written.")
    for result in both_paths(sel, text, new):
        assert result.start == new.rindex("the council denied it")


def test_reanchor_many_matches_reanchor() -> None:
    sels = [select(ARTICLE, q) for q in (QUOTE, "Officials promised", "March 2022", "later statement")]
    new = "Correction appended. " + ARTICLE.replace("Officials promised", "Officials pledged")
    singles = [reanchor(sel, new) for sel in sels]
    placed = [(r.status, r.start, r.end) for r in singles]
    assert [(r.status, r.start, r.end) for r in reanchor_many(sels, new)] == placed
    mapped = reanchor_many(sels, new, old_text=ARTICLE)
    assert [r.status for r in mapped] == [r.status for r in singles]
    assert [(r.start, r.end) for r in mapped if r.score == 1.0] == [(r.start, r.end) for r in singles if r.score == 1.0]


def test_reanchor_many_with_foreign_selector_falls_back_to_search() -> None:
    other = "Completely different text where Police said 40 people died in the flood. Yes."
    sel = select(other, QUOTE)
    [result] = reanchor_many([sel], ARTICLE, old_text="unrelated old text")
    assert result.status == "moved" and ARTICLE[result.start : result.end] == QUOTE


def test_diff_blocks_map_equal_text() -> None:
    old = "line one\nline two\nline three\n" * 50
    new = old.replace("line two", "line 2", 3)
    for a, b, size in diff_blocks(old, new):
        assert old[a : a + size] == new[b : b + size]
    assert sum(size for _, _, size in diff_blocks(old, new)) >= len(old) - 3 * len("two")


# --- property-based: random edits around and inside anchored spans ------------------------

WORDS = (
    "police minister flood barrier storm council said denied confirmed reported "
    "engineers pump failed generator inquiry records March Tuesday people homes "
    "coast eastern district official statement according witness video photo "
    "source claim evidence warned never always about nearly hours before after "
    "the a of in on at and but 40 14 3,000 18:40 2022"
).split()

sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(lambda w: " ".join(w).capitalize() + ". ")
texts = st.lists(sentences, min_size=3, max_size=25).map("".join)
inserts = st.one_of(st.just(""), sentences, st.text(alphabet="abcdefghij .,", min_size=1, max_size=20))
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@st.composite
def anchored_edit(draw: st.DrawFn) -> tuple[str, Selector, int, int, str]:
    """A text, an anchor, and one edit ``text[a:b] = insert`` disjoint from the anchor."""
    text = draw(texts)
    n = len(text)
    start = draw(st.integers(0, n - 1))
    end = draw(st.integers(start + 1, min(n, start + 80)))
    sel = make_selector(text, start, end)
    before = draw(st.booleans())
    if before:
        a = draw(st.integers(0, start))
        b = draw(st.integers(a, start))
    else:
        a = draw(st.integers(end, n))
        b = draw(st.integers(a, n))
    insert = draw(inserts)
    assume(a != b or insert)
    return text, sel, a, b, insert


@SETTINGS
@given(anchored_edit())
def test_edit_outside_anchor_keeps_exact_quote(case: tuple[str, Selector, int, int, str]) -> None:
    text, sel, a, b, insert = case
    new = text[:a] + insert + text[b:]
    expected = sel.start + (len(insert) - (b - a) if b <= sel.start else 0)
    for result in both_paths(sel, text, new):
        assert result.status in ("ok", "moved")
        assert new[result.start : result.end] == sel.exact
        assert result.score == 1.0
        if find_quote(new, sel.exact) == find_quote(new, sel.exact, hint=len(new)):  # one occurrence
            assert result.start == expected
    mapped = reanchor_many([sel], new, old_text=text)[0]
    if mapped.start == sel.start:
        assert mapped.status == "ok"


#: Realistic sentences, all different, with look-alike pairs (a number or a day
#: changed) as real corrections and follow-up stories produce them.
CORPUS = (
    "Police said 40 people died in the flood.",
    "Police said 14 people died in the flood.",
    "The mayor resigned on Tuesday after the vote.",
    "The mayor resigned on Thursday after the vote.",
    "About 3,000 homes lost power overnight.",
    "About 300 homes lost power overnight.",
    "The barrier was last inspected in March 2022.",
    "Engineers on duty said a hydraulic pump failed at 18:40.",
    "A backup generator never started, according to the logbook.",
    "The council said it had no record of any malfunction.",
    "Opposition councillors demanded an independent inquiry.",
    "A video shared online shows water entering the station.",
    "The harbour authority declined to comment on Wednesday.",
    "Residents were told to leave their homes before midnight.",
    "The minister visited the eastern district two days later.",
    "Insurance claims are expected to exceed 80 million euros.",
    "The maintenance contract required yearly inspections.",
    "Photos from the scene could not be independently verified.",
    "A spokesperson called the reports deeply misleading.",
    "Rainfall reached 120 millimetres in six hours.",
    "Schools in the district will stay closed until Monday.",
    "The river peaked at 4.2 metres above its normal level.",
)
docs = st.lists(st.sampled_from(CORPUS), min_size=3, max_size=22, unique=True).map(" ".join)


sentence_lists = st.lists(st.sampled_from(CORPUS), min_size=3, max_size=22, unique=True)
new_sentences = st.one_of(st.just(""), st.just(" "), st.sampled_from(CORPUS[6:]).map(lambda c: c + " "))


def assert_deleted(sel: Selector, new: str, results: list[AnchorResult]) -> None:
    for result in results:
        if sel.exact not in new:
            assert result.status == "orphaned", (result, new[result.start : result.end])
        if result.status == "orphaned":
            assert (result.start, result.end) == (sel.start, sel.end)
        else:
            assert new[result.start : result.end] == sel.exact


@SETTINGS
@given(sentence_lists, st.data())
def test_deleted_sentences_orphan_their_quotes(sentences: list[str], data: st.DataObject) -> None:
    """Editors delete sentences: a quote inside them is orphaned, by search or by diff.

    Documents are realistic (distinct sentences, some of them look-alikes of
    others, "40" and "14" people died); in word soup like "police police
    police" no method can tell a deletion from an edit, and that is not what
    fact-checkers receive.
    """
    text = " ".join(sentences)
    bounds = [0]
    for sentence in sentences:
        bounds.append(bounds[-1] + len(sentence) + 1)
    i = data.draw(st.integers(0, len(sentences) - 1))
    j = data.draw(st.integers(i + 1, min(len(sentences), i + 3)))
    a, b = bounds[i], min(bounds[j], len(text))
    start = data.draw(st.integers(a, b - 1))
    end = data.draw(st.integers(start + 1, b))
    sel = make_selector(text, start, end)
    insert = data.draw(new_sentences)
    assume(insert.strip() not in text)  # putting deleted text back is not deleting it
    new = text[:a] + insert + text[b:]
    assert_deleted(sel, new, both_paths(sel, text, new))


@SETTINGS
@given(docs, st.data())
def test_deleted_quote_with_old_text_is_orphaned(text: str, data: st.DataObject) -> None:
    """Any deletion around a quote (cutting words anywhere) orphans it when the diff is known."""
    n = len(text)
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start + 1, min(n, start + 80)))
    sel = make_selector(text, start, end)
    a = data.draw(st.one_of(st.integers(max(0, start - 60), start), st.integers(0, start)))
    b = data.draw(st.one_of(st.integers(end, min(n, end + 60)), st.integers(end, n)))
    insert = data.draw(new_sentences)
    assume(insert.strip() not in text)
    new = text[:a] + insert + text[b:]
    assert_deleted(sel, new, reanchor_many([sel], new, old_text=text))


@SETTINGS
@given(docs, st.data())
def test_deleted_quote_without_old_text_moves_only_with_evidence(text: str, data: st.DataObject) -> None:
    """Without the old text, a changed quote is placed only beside its whole, unique context.

    The search cannot always tell a deletion from an edit: cut a quote and a
    few characters of what follows, and a look-alike passage elsewhere ("...
    resigned on Tuesday ... About 3,000 homes" for "... Thursday ... About
    300 homes") may now hold the quote's exact surroundings. Such a match is
    moved with a score below 1 for a person to check; the diff path
    (``old_text``) orphans it.
    """
    n = len(text)
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start + 1, min(n, start + 80)))
    sel = make_selector(text, start, end)
    a = data.draw(st.integers(0, start))
    b = data.draw(st.integers(end, n))
    insert = data.draw(new_sentences)
    assume(insert.strip() not in text)
    new = text[:a] + insert + text[b:]
    for result in (reanchor(sel, new), reanchor_many([sel], new)[0]):
        if result.status == "orphaned":
            assert (result.start, result.end) == (sel.start, sel.end)
        elif new[result.start : result.end] != sel.exact:
            assert result.score < 1.0
            prefix_here = new[: result.start].endswith(sel.prefix) and new.count(sel.prefix) == 1
            suffix_here = new[result.end :].startswith(sel.suffix) and new.count(sel.suffix) == 1
            at_edge = (len(sel.prefix) < 32 and new.startswith(sel.prefix) and result.start == len(sel.prefix)) or (
                len(sel.suffix) < 32 and new.endswith(sel.suffix) and result.end == len(new) - len(sel.suffix)
            )
            assert prefix_here or suffix_here or at_edge, result


@SETTINGS
@given(docs, st.data())
def test_deleted_sentence_with_lookalike_is_orphaned(text: str, data: st.DataObject) -> None:
    """Delete exactly one whole sentence that has a look-alike elsewhere."""
    pairs = [(CORPUS[i], CORPUS[i + 1]) for i in (0, 2, 4)]
    present = [(q, look) for q, look in pairs if q in text and look in text]
    assume(present)
    quote, lookalike = data.draw(st.sampled_from(present))
    sel = select(text, quote)
    new = text.replace(quote + " ", "", 1) if quote + " " in text else text.replace(" " + quote, "", 1)
    assert lookalike in new and quote not in new
    for result in both_paths(sel, text, new):
        assert result.status == "orphaned", (result, new[result.start : result.end])


def small_inside_edit(text: str, data: st.DataObject) -> tuple[Selector, str, int, str]:
    """An anchor of 40+ characters and an edit of 1-3 characters well inside it."""
    n = len(text)
    start = data.draw(st.integers(0, n - 40))
    end = data.draw(st.integers(start + 40, min(n, start + 120)))
    sel = make_selector(text, start, end)
    a = data.draw(st.integers(start + 5, end - 8))
    b = data.draw(st.integers(a, a + 3))
    insert = data.draw(st.text(alphabet="xyzXYZ", min_size=0 if b > a else 1, max_size=3))
    return sel, text[:a] + insert + text[b:], a, insert


@SETTINGS
@given(docs, st.data())
def test_small_edit_inside_long_quote_is_moved_in_place(text: str, data: st.DataObject) -> None:
    assume(len(text) >= 40)
    sel, new, a, insert = small_inside_edit(text, data)
    assume(new != text)
    for result in both_paths(sel, text, new):
        assert result.status == "moved", result
        if new[result.start : result.end] != sel.exact:  # not an exact copy found elsewhere
            assert result.score < 1.0
            assert result.start <= a + len(insert) and result.end >= a  # covers the edit


@SETTINGS
@given(texts, st.data())
def test_small_edit_in_repetitive_text_never_lands_elsewhere(text: str, data: st.DataObject) -> None:
    """In word soup the surroundings identify no place: orphaned is fine, elsewhere is not."""
    assume(len(text) >= 40)
    sel, new, a, insert = small_inside_edit(text, data)
    assume(new != text)
    for result in both_paths(sel, text, new):
        if result.status != "orphaned" and new[result.start : result.end] != sel.exact:
            assert result.start <= a + len(insert) and result.end >= a  # covers the edit


@st.composite
def multi_edit(draw: st.DrawFn) -> tuple[str, list[Selector], str, list[tuple[int, int]]]:
    """A document, several anchors and several edits; returns the edited old ranges too."""
    text = draw(docs)
    n = len(text)
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=2, max_size=8)))
    edits: list[tuple[int, int, str]] = []
    for i in range(0, len(cuts) - 1, 2):
        edits.append((cuts[i], cuts[i + 1], draw(inserts)))
    new, last = [], 0
    for a, b, insert in edits:
        new.append(text[last:a])
        new.append(insert)
        last = b
    new.append(text[last:])
    spans = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 60)), min_size=1, max_size=20))
    sels = [make_selector(text, s, min(n, s + k)) for s, k in spans]
    return text, sels, "".join(new), [(a, b) for a, b, _ in edits]


@SETTINGS
@given(multi_edit())
def test_many_edits_many_anchors_with_old_text(case: tuple[str, list[Selector], str, list[tuple[int, int]]]) -> None:
    text, sels, new, edited = case
    results = reanchor_many(sels, new, old_text=text)
    assert len(results) == len(sels)
    for sel, result in zip(sels, results, strict=True):
        # "Untouched": no edit reaches the quote, and a short quote also keeps
        # one side of its context. (When edits surround a 3-letter quote on
        # both sides, an equally minimal diff may say that very quote was
        # deleted and another copy kept; then context must decide, and none
        # is left.)
        clear = all(sel.end < a or sel.start > b for a, b in edited)
        before_kept = all(sel.start - len(sel.prefix) > b or sel.start <= a for a, b in edited)
        after_kept = all(sel.end + len(sel.suffix) < a or sel.end > b for a, b in edited)
        untouched = clear and (len(sel.exact) >= 16 or before_kept or after_kept)
        if untouched:
            assert result.status in ("ok", "moved")
            assert new[result.start : result.end] == sel.exact
        if result.status == "orphaned":
            assert (result.start, result.end) == (sel.start, sel.end)
        elif result.score == 1.0:
            assert new[result.start : result.end] == sel.exact
        if sel.exact not in new and result.status != "orphaned":
            assert result.score < 1.0
