"""Find who is reported as saying what: the raw attributions of a text.

The rules follow the few shapes that news copy uses for reported speech:

- subject, reporting verb, content: "Peskov refuted claims ..., stating, “…”";
  an apposition may sit between subject and verb ("Matthew Miller, a
  spokesperson for the US State Department, expressed concern");
- content, then the speaker: "“…,” he explained", "“…,” said Lankov, director
  of …", "…, the ministry said in a statement";
- "according to X" before or after the content;
- a participle after the main clause: "Zakharova went further, accusing …";
- a quotation standing alone right after an attribution continues it.

A reporting verb only counts when a speaker-like subject stands before it
(a person, an organisation, an outlet, a pronoun or a noun such as "source"
or "analysts"), so "refuted *claims*", "reports circulating" and "a missile
… indicate" are not taken as speech. Pronouns, short names and "the
official" are resolved afterwards, in ``assist_resolve``.

The package holds one module per part of that work: ``raw`` (the record and
its checks), ``clauses`` (where content starts and stops), ``verbs`` (which
words report speech here), ``content`` (the content beside a verb),
``shapes`` ("according to", the passive "by"), ``opening`` (a speaker found
inside a sentence-opening adverbial, "Reached by phone, Joyce told", read
again) and ``find`` (a sentence's and a document's attributions).

May import: workbench.assist's rule modules (lexicon, names, subjects, cues,
text); never the store, the service or ui.
"""

from __future__ import annotations

from workbench.assist.attribution.find import raw_attributions, sentence_attributions
from workbench.assist.attribution.raw import RawAttribution
from workbench.assist.subjects import main_subject

__all__ = ["RawAttribution", "main_subject", "raw_attributions", "sentence_attributions"]
