"""Anchors that survive new versions of a document.

A claim or a piece of evidence points at a span of a document's text. When a
new version of the document is imported (the outlet corrected the article,
the ministry re-issued the PDF), every anchor must find its text again or say
plainly that it cannot. We store each anchor the way W3C Web Annotations do:
a position (code-point offsets) *and* a quote with some context
(``exact``, ``prefix``, ``suffix``), so that either can rescue the other.

Re-anchoring goes from cheap and certain to expensive and doubtful:

1. the quote is still at its old position: ``ok``;
2. the quote occurs elsewhere, and its context or its length makes the
   occurrence credible (nearest to the expected place among equals): ``moved``;
3. a fuzzy match scored on quote, prefix, suffix and position (the quote was
   edited in place): ``moved`` with a score below 1. A short quote (under 16
   characters) is only matched fuzzily between intact surroundings, since a
   changed short quote is usually a different word ("Tuesday", "Thursday");
4. otherwise ``orphaned``, keeping the last known offsets.

A score of 1.0 always means the anchored text is exactly the quote.

The rule that matters most for fact-checking: never attach a claim to text
that merely looks like its quote. A fuzzy match must be supported by the
surrounding text (a whole stored prefix or suffix found unchanged next to
it, since look-alike sentences have look-alike surroundings), and when the
surroundings are intact but the span between them no longer resembles the
quote, the quote was deleted and the anchor is orphaned, even if a look-alike
sentence exists elsewhere ("40 people died" must not drift to "14 people died").

When the old text is known (importing a new version of a stored document),
:func:`reanchor_many` diffs old and new once and maps every anchor through
that diff, which is both faster and more faithful than searching.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from types import ModuleType

CONTEXT_CHARS = 32
#: A fuzzy match must be at least this similar to the quote (normalised Levenshtein).
FUZZY_QUOTE_MIN = 0.75
#: ... and have its prefix or suffix at least this similar to the stored context
#: (nearly intact: look-alike sentences often share three quarters of their
#: surroundings, "... after the vote. The ...").
FUZZY_CONTEXT_MIN = 0.9
#: An exact quote found elsewhere needs at least this context agreement ...
EXACT_CONTEXT_MIN = 0.5
#: ... unless it is at least this long (long quotes rarely recur by chance).
DISTINCT_QUOTE_CHARS = 16
#: A context side shorter than this is too weak to vouch for a fuzzy match.
STRONG_CONTEXT_CHARS = 16
#: Context sides this similar count as "intact" (then they decide alone).
INTACT_CONTEXT = 0.9
#: Fuzzy matches are sought within this many characters (plus 5% of the
#: text) of where the quote is expected; exact quotes are found anywhere.
FUZZY_REACH = 2000
#: At most this many occurrences (nearest to the expected place) are scored.
MAX_CANDIDATES = 64
#: Diff cost budget (product of sequence lengths) per rapidfuzz call.
DIFF_BUDGET = 400_000_000


@dataclass(frozen=True)
class Selector:
    """Where an anchor points: code-point offsets plus quote and context."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str

    def to_w3c(self) -> list[dict[str, Any]]:
        """The W3C Web Annotation selectors (position and quote) for export."""
        return [
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
            {"type": "TextQuoteSelector", "exact": self.exact, "prefix": self.prefix, "suffix": self.suffix},
        ]


@dataclass(frozen=True)
class AnchorResult:
    """Outcome of re-anchoring one selector in a new text.

    ``status`` is ``"ok"`` (same place, same text), ``"moved"`` (found at new
    offsets; ``score`` < 1 means the quote itself changed a little) or
    ``"orphaned"`` (not found; ``start``/``end`` keep the last known place and
    ``score`` is the best rejected candidate's, for diagnostics). A score of
    1.0 means the anchored text is exactly the quote; below 1.0 it is a fuzzy
    match that a person should look at.
    """

    status: str
    start: int
    end: int
    score: float


def make_selector(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Selector:
    """Selector for ``text[start:end]`` with up to ``context`` characters each side."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}:{end} is empty or outside a text of {len(text)} characters")
    return Selector(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def _occurrences(text: str, quote: str, expected: int, limit: int = MAX_CANDIDATES) -> list[int]:
    """Start offsets of ``quote`` in ``text``, nearest to ``expected`` first."""
    if not quote:
        return []
    size = len(quote)
    expected = min(max(expected, 0), len(text))
    found: list[int] = []
    right = text.find(quote, expected)
    left = text.rfind(quote, 0, min(len(text), expected + size - 1))
    if left >= expected:  # rfind may return the same hit as find
        left = text.rfind(quote, 0, left + size - 1)
    while len(found) < limit and (right != -1 or left != -1):
        if right != -1 and (left == -1 or right - expected <= expected - left):
            found.append(right)
            right = text.find(quote, right + 1)
        else:
            found.append(left)
            left = text.rfind(quote, 0, left + size - 1) if left > 0 else -1
    return found


def find_quote(text: str, quote: str, hint: int | None = None) -> tuple[int, int] | None:
    """Span of the exact occurrence of ``quote`` nearest to ``hint`` (first if no hint)."""
    if not quote:
        return None
    if hint is None:
        index = text.find(quote)
        return (index, index + len(quote)) if index != -1 else None
    hits = _occurrences(text, quote, hint, limit=1)
    return (hits[0], hits[0] + len(quote)) if hits else None


def _levenshtein() -> ModuleType:
    """rapidfuzz's Levenshtein, imported on first fuzzy match or diff: opening a
    project (and the app's first paint) never needs it."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein


def _similarity(a: str, b: str) -> float:
    return float(_levenshtein().normalized_similarity(a, b))


def _context(sel: Selector, text: str, start: int, end: int) -> tuple[float, float]:
    """How well the text around ``start:end`` matches the stored prefix and suffix.

    An empty stored context means the quote touched a document edge; it then
    agrees with a candidate at that edge and disagrees with any other.
    """
    if sel.prefix:
        before = _similarity(sel.prefix, text[max(0, start - len(sel.prefix)) : start])
    else:
        before = 1.0 if start == 0 else 0.0
    if sel.suffix:
        after = _similarity(sel.suffix, text[end : end + len(sel.suffix)])
    else:
        after = 1.0 if end == len(text) else 0.0
    return before, after


def _orphan(sel: Selector, score: float = 0.0) -> AnchorResult:
    return AnchorResult("orphaned", sel.start, sel.end, round(score, 4))


def _placed(sel: Selector, start: int, end: int, score: float) -> AnchorResult:
    """``ok`` only for the exact quote at its old offsets; anything else moved."""
    status = "ok" if (start, end) == (sel.start, sel.end) and score >= 1.0 else "moved"
    return AnchorResult(status, start, end, round(min(score, 1.0), 4))


def _exact_elsewhere(sel: Selector, text: str, expected: int) -> tuple[AnchorResult | None, float]:
    """Step 2: the exact quote somewhere else, if context or length vouches for it."""
    hits = _occurrences(text, sel.exact, expected)
    if not hits:
        return None, 0.0
    size = len(sel.exact)
    if len(hits) == MAX_CANDIDATES:
        # A common string: its true place may lie beyond the nearest hits, so
        # also look for it joined to a piece of its stored context.
        head, tail = sel.prefix[-STRONG_CONTEXT_CHARS:], sel.suffix[:STRONG_CONTEXT_CHARS]
        extra = [hit + len(head) for hit in _occurrences(text, head + sel.exact, expected - len(head), 8)]
        extra += _occurrences(text, sel.exact + tail, expected, 8)
        hits = list(dict.fromkeys(hits + extra))
    best, best_context = hits[0], -1.0
    for hit in hits:  # nearest first, so ties keep the nearest
        before, after = _context(sel, text, hit, hit + size)
        agreement = (before + after) / 2
        if agreement > best_context + 1e-9:
            best, best_context = hit, agreement
    if best_context >= EXACT_CONTEXT_MIN or size >= DISTINCT_QUOTE_CHARS:
        return _placed(sel, best, best + size, 1.0), best_context
    return None, best_context


def _context_spans(
    sel: Selector, text: str, expected: int
) -> tuple[list[tuple[int, int, bool]], set[int], set[int]]:
    """Candidate spans bounded by where the stored prefix and suffix occur now.

    Returns ``(start, end, both_sides)`` spans, where ``both_sides`` marks a
    span found between a prefix hit and a suffix hit (its verdict is
    authoritative), plus the starts and ends given by the single occurrence
    of a *whole* context side (rather than of a 12-character piece of it).
    """
    size = len(sel.exact)
    spans: list[tuple[int, int, bool]] = []
    prefix_ends: list[int] = []
    suffix_starts: list[int] = []
    whole_starts: set[int] = set()
    whole_ends: set[int] = set()
    # Whole context sides count only where they occur once: repeated
    # boilerplate ("Read more:", a standard disclaimer) identifies no place.
    for piece in (sel.prefix, sel.prefix[-12:]):
        if len(piece) >= 8 and not prefix_ends:
            prefix_ends = [hit + len(piece) for hit in _occurrences(text, piece, expected, 8)]
            if piece is sel.prefix and len(prefix_ends) == 1:
                whole_starts.update(prefix_ends)
    for piece in (sel.suffix, sel.suffix[:12]):
        if len(piece) >= 8 and not suffix_starts:
            suffix_starts = _occurrences(text, piece, expected + size, 8)
            if piece is sel.suffix and len(suffix_starts) == 1:
                whole_ends.update(suffix_starts)
    # A context cut short means the quote was near a document edge; the edge
    # is a unique place, so a short context still found there is evidence.
    if len(sel.prefix) < CONTEXT_CHARS and text.startswith(sel.prefix):
        if len(sel.prefix) not in prefix_ends:
            prefix_ends.append(len(sel.prefix))
        whole_starts.add(len(sel.prefix))
    if len(sel.suffix) < CONTEXT_CHARS and text.endswith(sel.suffix):
        if len(text) - len(sel.suffix) not in suffix_starts:
            suffix_starts.append(len(text) - len(sel.suffix))
        whole_ends.add(len(text) - len(sel.suffix))
    reach = 2 * size + 64
    for start in prefix_ends:
        # A deletion often takes a space the prefix and suffix shared, so the
        # two may now overlap by a few characters: that is an empty span.
        for end in suffix_starts:
            if start - 8 <= end <= start + reach:
                spans.append((start, max(start, end), True))
        spans.append((start, min(len(text), start + size), False))
    for end in suffix_starts:
        spans.append((max(0, end - size), end, False))
    return spans, whole_starts, whole_ends


def _fuzzy_acceptable(sel: Selector, quote: float, before: float, after: float) -> bool:
    """Whether a fuzzy candidate is the quote edited in place, not a look-alike.

    It needs a similar quote and context evidence: one side that matches and
    is long enough to count (three characters at the end of a document match
    almost anywhere), or both sides matching closely (short contexts near the
    edges of a short document); the other side must not contradict it.
    """
    # An empty context scores 1.0 only at the document edge it touched, and
    # still being at that edge is evidence too.
    strong_before = before >= FUZZY_CONTEXT_MIN and (len(sel.prefix) >= STRONG_CONTEXT_CHARS or not sel.prefix)
    strong_after = after >= FUZZY_CONTEXT_MIN and (len(sel.suffix) >= STRONG_CONTEXT_CHARS or not sel.suffix)
    both_close = before >= INTACT_CONTEXT and after >= INTACT_CONTEXT
    evidence = strong_before or strong_after or both_close
    return quote >= FUZZY_QUOTE_MIN and evidence and min(before, after) >= 0.5


def _fuzzy_score(sel: Selector, quote: float, before: float, after: float, distance: int) -> float:
    """Score of a fuzzy candidate from quote, prefix and suffix similarity and position.

    Position counts a little (5%) and only within about a quote's length, so
    that between two equally similar candidates the one where the quote was
    wins, while a moved passage is not penalised for having moved.
    """
    nearness = 1.0 - min(1.0, abs(distance) / (len(sel.exact) + 2 * CONTEXT_CHARS))
    return min(0.55 * quote + 0.2 * before + 0.2 * after + 0.05 * nearness, 0.99)


def _fuzzy(sel: Selector, text: str, expected: int) -> tuple[AnchorResult | None, float, bool]:
    """Step 3: the quote edited in place, located by its surviving context.

    Returns the match (or None), the best score seen, and whether the verdict
    came from intact surroundings on both sides.
    """
    best: tuple[float, float, int, int] | None = None  # (score, -distance, start, end)
    rejected = 0.0
    authority: tuple[float, int, int, float] | None = None  # best both-sides span
    long_enough = max(len(sel.prefix), len(sel.suffix)) >= STRONG_CONTEXT_CHARS
    spans, whole_starts, whole_ends = _context_spans(sel, text, expected)
    reach = FUZZY_REACH + len(text) // 20
    for start, end, both in spans:
        if start not in whole_starts and end not in whole_ends:
            # Only a whole, unchanged, unique context side says where the quote
            # was. Look-alike passages come with look-alike surroundings that
            # match a piece of the context, or most of it, but not all of it.
            continue
        quote = _similarity(sel.exact, text[start:end]) if end > start else 0.0
        if quote < 1.0 and abs(start - expected) > reach:
            # Edited in place means near its place; far away, a similar passage
            # with the same surroundings is a repeated block, not our quote.
            continue
        before, after = _context(sel, text, start, end)
        # The exact quote located through its context (too common a string for
        # step 2's nearest occurrences to have reached it) is an exact match.
        score = 1.0 if quote == 1.0 else _fuzzy_score(sel, quote, before, after, start - expected)
        if both and long_enough and before >= INTACT_CONTEXT and after >= INTACT_CONTEXT:
            if authority is None or score > authority[0]:
                authority = (score, start, end, quote)
        # Outside intact surroundings, a short quote that changed is a
        # different word ("Tuesday" is not "Thursday"): exact or nothing.
        short = len(sel.exact) < DISTINCT_QUOTE_CHARS and quote < 1.0
        if short or not _fuzzy_acceptable(sel, quote, before, after) or score < 0.7:
            rejected = max(rejected, score)
            continue
        key = (score, -abs(start - expected), start, end)
        if best is None or key > best:
            best = key
    if authority is not None:
        # The surroundings are intact: what lies between them decides, alone.
        score, start, end, quote = authority
        if quote >= FUZZY_QUOTE_MIN:
            return _placed(sel, start, end, score), score, True
        return None, score, True
    if best is None:
        return None, rejected, False
    return _placed(sel, best[2], best[3], best[0]), best[0], False


def reanchor(sel: Selector, new_text: str, *, hint: int | None = None) -> AnchorResult:
    """Find ``sel`` in ``new_text``: ok, moved, or orphaned (see the module docstring).

    ``hint`` is where the quote is expected now (defaults to its old start);
    among equally good candidates the nearest to it wins.
    """
    if not sel.exact:
        return _orphan(sel)
    if sel.end <= len(new_text) and new_text[sel.start : sel.end] == sel.exact:
        return AnchorResult("ok", sel.start, sel.end, 1.0)
    expected = sel.start if hint is None else hint
    found, agreement = _exact_elsewhere(sel, new_text, expected)
    if found is not None and agreement >= EXACT_CONTEXT_MIN:
        return found
    fuzzy, fuzzy_score, intact = _fuzzy(sel, new_text, expected)
    if found is not None:
        # A copy vouched for by its length only loses to the quote edited
        # in place between intact surroundings.
        return fuzzy if fuzzy is not None and intact else found
    if fuzzy is not None:
        return fuzzy
    return _orphan(sel, max(agreement, fuzzy_score))


# --- many anchors, with or without the old text ---------------------------------------


def _common_affix(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and (non-overlapping) common suffix."""
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:  # binary search on slice equality: C-speed comparisons
        mid = (low + high + 1) // 2
        if old[:mid] == new[:mid]:
            low = mid
        else:
            high = mid - 1
    head = low
    low, high = 0, limit - head
    while low < high:
        mid = (low + high + 1) // 2
        if old[len(old) - mid :] == new[len(new) - mid :]:
            low = mid
        else:
            high = mid - 1
    return head, low


def _tokens(text: str, level: int) -> list[str]:
    if level == 0:
        return text.splitlines(keepends=True)
    if level == 1:
        import re

        return re.findall(r"\S+\s*|\s+", text)
    return list(text)


def _diff_into(old: str, new: str, a0: int, b0: int, level: int, out: list[tuple[int, int, int]]) -> None:
    """Append equal blocks ``(old_start, new_start, length)`` of ``old`` vs ``new``.

    Diffs lines first, then words inside changed lines, then characters inside
    changed words, so the quadratic character diff only ever runs on small
    regions; a region too big for the budget is treated as wholly replaced.
    """
    if not old or not new:
        return
    if level == 2 or len(old) * len(new) <= DIFF_BUDGET // 8:
        if len(old) * len(new) > DIFF_BUDGET:
            return
        for op in _levenshtein().opcodes(old, new):
            if op.tag == "equal":
                out.append((a0 + op.src_start, b0 + op.dest_start, op.src_end - op.src_start))
        return
    old_tokens, new_tokens = _tokens(old, level), _tokens(new, level)
    if len(old_tokens) * len(new_tokens) > DIFF_BUDGET:
        return
    old_pos = [0]
    for token in old_tokens:
        old_pos.append(old_pos[-1] + len(token))
    new_pos = [0]
    for token in new_tokens:
        new_pos.append(new_pos[-1] + len(token))
    for op in _levenshtein().opcodes(old_tokens, new_tokens):
        a, a_end = old_pos[op.src_start], old_pos[op.src_end]
        b, b_end = new_pos[op.dest_start], new_pos[op.dest_end]
        if op.tag == "equal":
            out.append((a0 + a, b0 + b, a_end - a))
        elif op.tag == "replace":
            _diff_into(old[a:a_end], new[b:b_end], a0 + a, b0 + b, level + 1, out)


def diff_blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    """Equal blocks ``(old_start, new_start, length)`` between two texts, in order."""
    head, tail = _common_affix(old, new)
    blocks: list[tuple[int, int, int]] = []
    if head:
        blocks.append((0, 0, head))
    middle: list[tuple[int, int, int]] = []
    _diff_into(old[head : len(old) - tail], new[head : len(new) - tail], head, head, 0, middle)
    blocks.extend(middle)
    if tail:
        blocks.append((len(old) - tail, len(new) - tail, tail))
    merged: list[tuple[int, int, int]] = []
    for a, b, size in blocks:
        if size <= 0:
            continue
        if merged and merged[-1][0] + merged[-1][2] == a and merged[-1][1] + merged[-1][2] == b:
            pa, pb, psize = merged[-1]
            merged[-1] = (pa, pb, psize + size)
        else:
            merged.append((a, b, size))
    return merged


class _Mapper:
    """Maps old offsets to new ones through the equal blocks of one diff."""

    def __init__(self, blocks: list[tuple[int, int, int]], new_length: int) -> None:
        self.blocks = blocks
        self.starts = [a for a, _, _ in blocks]
        self.new_length = new_length

    def span(self, start: int, end: int) -> tuple[int, int, int, bool]:
        """``(new_start, new_end, kept, intact)`` for the old span ``start:end``.

        ``kept`` counts the span's characters that survive unchanged; ``intact``
        says the whole span survives as one piece. Edges that fall in changed
        regions map to the outer edge of the change, so an edited quote's new
        span covers the replacement text.
        """
        blocks = self.blocks
        i = bisect_right(self.starts, start) - 1
        if i >= 0:
            a, b, size = blocks[i]
            if start >= a and end <= a + size:
                return b + start - a, b + end - a, end - start, True
        # new start
        if i >= 0 and start < blocks[i][0] + blocks[i][2]:
            new_start = blocks[i][1] + start - blocks[i][0]
        else:
            new_start = blocks[i][1] + blocks[i][2] if i >= 0 else 0
        # new end, and characters kept in between
        j = bisect_right(self.starts, end - 1) - 1
        if j >= 0 and end - 1 < blocks[j][0] + blocks[j][2]:
            new_end = blocks[j][1] + end - blocks[j][0]
        else:
            new_end = blocks[j + 1][1] if j + 1 < len(blocks) else self.new_length
        kept = 0
        for k in range(max(i, 0), j + 1):
            a, _, size = blocks[k]
            kept += max(0, min(end, a + size) - max(start, a))
        return new_start, max(new_start, new_end), kept, False


def _reanchor_mapped(sel: Selector, new_text: str, mapper: _Mapper) -> AnchorResult:
    """Re-anchor one selector whose old text is known, through the diff."""
    new_start, new_end, kept, intact = mapper.span(sel.start, sel.end)
    if intact:
        return _placed(sel, new_start, new_end, 1.0)
    size = len(sel.exact)
    if new_text[new_start:new_end] == sel.exact:
        return _placed(sel, new_start, new_end, 1.0)
    found, agreement = _exact_elsewhere(sel, new_text, new_start)
    if found is not None and agreement >= EXACT_CONTEXT_MIN:
        return found
    score = agreement
    if kept * 2 >= size and new_end > new_start:
        # Edited in place: judge the replacement span against the quote.
        quote = _similarity(sel.exact, new_text[new_start:new_end])
        before, after = _context(sel, new_text, new_start, new_end)
        score = _fuzzy_score(sel, quote, before, after, 0)
        if _fuzzy_acceptable(sel, quote, before, after):
            # Preferred to a copy elsewhere that only its length vouches for.
            return _placed(sel, new_start, new_end, score)
    if found is not None:
        return found
    # The diff saw a deletion here; the passage may have moved (the diff
    # then sees delete + insert), so look for it by its context as well, but
    # accept only the exact quote: moved *and* changed is too doubtful once
    # the diff has seen the quote's own place rewritten.
    fuzzy, fuzzy_score, _intact = _fuzzy(sel, new_text, new_start)
    if fuzzy is not None and fuzzy.score >= 1.0:
        return fuzzy
    return _orphan(sel, max(score, fuzzy_score))


def reanchor_many(
    sels: Sequence[Selector], new_text: str, old_text: str | None = None
) -> list[AnchorResult]:
    """Re-anchor many selectors in ``new_text`` at once.

    Give ``old_text`` (the version the selectors were made on) whenever it is
    known: one diff then maps every anchor, which is fast and follows what
    actually changed. Selectors that do not match ``old_text`` are searched
    for as by :func:`reanchor`. Without ``old_text``, the shift found for one
    anchor is tried first for the next, since edits move whole stretches.
    """
    if old_text is not None:
        mapper = _Mapper(diff_blocks(old_text, new_text), len(new_text))
        results: list[AnchorResult] = []
        for sel in sels:
            if sel.exact and old_text[sel.start : sel.end] == sel.exact:
                results.append(_reanchor_mapped(sel, new_text, mapper))
            else:
                results.append(reanchor(sel, new_text))
        return results
    results = []
    shifts: list[int] = []
    for sel in sels:
        results.append(_reanchor_shifted(sel, new_text, shifts))
    return results


def _reanchor_shifted(sel: Selector, new_text: str, shifts: list[int]) -> AnchorResult:
    """Try recently seen shifts (with intact context) before a full search."""
    size = len(sel.exact)
    if size and sel.end <= len(new_text) and new_text[sel.start : sel.end] == sel.exact:
        return AnchorResult("ok", sel.start, sel.end, 1.0)
    for shift in shifts:
        start = sel.start + shift
        if start < 0 or new_text[start : start + size] != sel.exact:
            continue
        before, after = _context(sel, new_text, start, start + size)
        if before >= INTACT_CONTEXT and after >= INTACT_CONTEXT:
            shifts.remove(shift)
            shifts.insert(0, shift)
            return _placed(sel, start, start + size, 1.0)
    # Recent shifts tell where this quote is expected now (edits move whole stretches).
    result = reanchor(sel, new_text, hint=sel.start + shifts[0] if shifts else None)
    if result.status != "orphaned":
        shift = result.start - sel.start
        if shift in shifts:
            shifts.remove(shift)
        shifts.insert(0, shift)
        del shifts[4:]
    return result
