"""The evidence form: every field of an evidence item, in the words analysts use.

Source: pick an existing one (a searchable combo: type any part of the
name) or create one in place; the window then saves both in one undo step
(``add_source_and_evidence``).  Stance, credibility (1–6), diagnosticity,
interested party, what the item relays (another item of the same claim, or
an origin source with no item of its own), the date as people write it
(echoed back unambiguously), the quote and its anchor, and a note.

The form holds only plain dicts handed to it; it never writes.  ``values()``
returns what the window needs to call the service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.source_dialog import SourceFields, is_link
from ui.widgets.colors import set_tone
from ui.widgets.dates import DateParseError, format_iso, parse_human_date
from ui.widgets.keys import submit_on_enter

#: Evidence needs a source: one of the project's or a new one.
NO_SOURCE = "Choose a source from the list, or tick “New source”."

CREDIBILITY_WORDS = {
    1: "confirmed by independent sources", 2: "probably true", 3: "possibly true",
    4: "doubtful", 5: "improbable", 6: "truth cannot be judged",
}
DIAGNOSTICITY_WORDS = {
    "high": "high — would hardly be said if the claim were false",
    "medium": "medium — somewhat more expected if the claim is true",
    "low": "low — about as expected either way",
}
STANCE_CHOICES = (("corroborates", "&Corroborates"), ("contradicts", "C&ontradicts"),
                  ("context", "Conte&xt (never counts)"))


@dataclass(frozen=True)
class EvidenceValues:
    """What the form collected: an existing source id or a new source, and the item's fields."""

    source_id: str | None
    new_source: dict[str, Any] | None
    fields: dict[str, Any]


class EvidenceForm(QDialog):
    """Add or edit one evidence item (see module docstring)."""

    def __init__(self, parent: QWidget | None, *, claim_text: str, sources: list[dict[str, Any]],
                 claim_evidence: list[dict[str, Any]], evidence: dict[str, Any] | None = None,
                 prefill: dict[str, Any] | None = None, document_titles: dict[str, str] | None = None,
                 today: dt.date | None = None, same_picture: list[str] | None = None) -> None:
        super().__init__(parent)
        self.editing = evidence is not None
        self._today = today
        init: dict[str, Any] = dict(evidence or {})
        init.update(prefill or {})
        self._anchor = {k: init.get(k) for k in ("document", "start", "end")}
        self.setWindowTitle("Edit Evidence" if self.editing else "Add Evidence")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(600)
        names = {s["id"]: s["name"] for s in sources}
        lay = QVBoxLayout(self)
        claim = QLabel(f"For the claim: <b>{_esc(claim_text)}</b>")
        claim.setWordWrap(True)
        claim.setAccessibleName("Claim")
        lay.addWidget(claim)
        form = QFormLayout()
        lay.addLayout(form)

        # Source: existing (searchable) or new.
        self.new_source_box = QCheckBox("&New source")
        self.new_source_box.setAccessibleName("Create a new source")
        self.source_combo = QComboBox()
        self.source_combo.setEditable(True)
        self.source_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source_combo.setAccessibleName("Source")
        search = self.source_combo.lineEdit()  # an editable combo box always has one
        if search is not None:
            search.setPlaceholderText("Type to search sources…")
        for s in sources:
            self.source_combo.addItem(f"{s['name']} ({s['reliability']})", s["id"])
        completer = QCompleter(self.source_combo.model(), self.source_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.source_combo.setCompleter(completer)
        self.source_combo.setCurrentIndex(self.source_combo.findData(init.get("source")))
        self.source_fields = SourceFields()
        self.source_fields.hide()
        src_row = QVBoxLayout()
        src_row.addWidget(self.source_combo)
        src_row.addWidget(self.source_fields)
        src_row.addWidget(self.new_source_box)
        form.addRow(_buddy("&Source:", self.source_combo), src_row)
        self.new_source_box.toggled.connect(self._toggle_new_source)
        if self.editing:
            self.new_source_box.hide()

        # Stance.
        stance_row = QHBoxLayout()
        self.stance_group = QButtonGroup(self)
        self.stance_buttons: dict[str, QRadioButton] = {}
        for value, label in STANCE_CHOICES:
            b = QRadioButton(label)
            b.setAccessibleName(f"Stance: {value}")
            b.setProperty("stance", value)  # coloured by the app's style sheet, per scheme
            self.stance_group.addButton(b)
            self.stance_buttons[value] = b
            stance_row.addWidget(b)
        stance_row.addStretch(1)
        initial = self.stance_buttons.get(init.get("stance", "corroborates"), self.stance_buttons["corroborates"])
        initial.setChecked(True)
        form.addRow("Stance:", stance_row)

        self.credibility = QComboBox()
        for g, words in CREDIBILITY_WORDS.items():
            self.credibility.addItem(f"{g} — {words}", g)
        self.credibility.setCurrentIndex(max(0, self.credibility.findData(init.get("credibility", 6))))
        self.credibility.setAccessibleName("Credibility of the information")
        self.credibility.setToolTip("How believable this piece of information is (Admiralty 1–6).")
        form.addRow("C&redibility:", self.credibility)
        self.diagnosticity = QComboBox()
        for level, words in DIAGNOSTICITY_WORDS.items():
            self.diagnosticity.addItem(words, level)
        self.diagnosticity.setCurrentIndex(max(0, self.diagnosticity.findData(init.get("diagnosticity", "high"))))
        self.diagnosticity.setAccessibleName("Diagnosticity")
        self.diagnosticity.setToolTip("How much this item tells true from false (analysis of competing hypotheses).")
        form.addRow("&Diagnosticity:", self.diagnosticity)
        self.interested = QCheckBox("Interested party: has a motive to say this whether or not it is true")
        self.interested.setChecked(bool(init.get("interested")))
        self.interested.setAccessibleName("Interested party")
        form.addRow("", self.interested)

        self.relays = QComboBox()
        self.relays.setAccessibleName("Relays")
        self.relays.setToolTip("Who this report passes on. Reports from one origin count once.")
        self.relays.addItem("Nothing: first-hand", None)
        own_id = init.get("id")
        for e in claim_evidence:
            if e["id"] == own_id:
                continue
            quote = " ".join((e.get("quote") or "").split())[:50]
            self.relays.addItem(f"Item from {names.get(e['source'], e['source'])}: “{quote}…”",
                                {"evidence": e["id"]})
        for s in sources:
            self.relays.addItem(f"Source with no item of its own: {s['name']}", {"source": s["id"]})
        current = init.get("derives_from")
        self.origin_hint = QLabel()
        set_tone(self.origin_hint, "muted")
        self.origin_hint.setWordWrap(True)
        self.origin_hint.setAccessibleName("Likely origin")
        if not self.editing and current is None and same_picture:
            # The quoted picture is the same picture as an earlier document's: that
            # document's evidence is offered as this report's origin (one origin, counted once).
            earlier = next((e for e in claim_evidence if e.get("document") in same_picture), None)
            if earlier is not None:
                current = {"evidence": earlier["id"]}
                title = (document_titles or {}).get(str(earlier.get("document")), "an earlier document")
                self.origin_hint.setText(f"Same picture as “{title}”: this item relays that one "
                                         "(change it if this copy is independent).")
        for i in range(self.relays.count()):
            if self.relays.itemData(i) == current:
                self.relays.setCurrentIndex(i)
        relays_row = QVBoxLayout()
        relays_row.addWidget(self.relays)
        if self.origin_hint.text():
            relays_row.addWidget(self.origin_hint)
        form.addRow(_buddy("Re&lays:", self.relays), relays_row)

        date_row = QVBoxLayout()
        self.date_edit = QLineEdit(format_iso(init.get("date")))
        self.date_edit.setAccessibleName("Date of the statement")
        self.date_edit.setPlaceholderText("e.g. 10 Oct 2024, 2024-10-10, late 2023")
        self.date_echo = QLabel()
        self.date_echo.setAccessibleName("Date as understood")
        date_row.addWidget(self.date_edit)
        date_row.addWidget(self.date_echo)
        form.addRow(_buddy("D&ate:", self.date_edit), date_row)

        self.quote = QPlainTextEdit(init.get("quote") or "")
        self.quote.setAccessibleName("Quote")
        self.quote.setTabChangesFocus(True)
        self.quote.setFixedHeight(84)
        submit_on_enter(self.quote, self._submit)  # Ctrl+Enter adds the evidence
        form.addRow("&Quote:", self.quote)
        self.anchor_label = QLabel()
        set_tone(self.anchor_label, "muted")
        self.detach = QCheckBox("Detach from the document")
        self.detach.setAccessibleName("Detach quote from document")
        anchored_in = self._anchor.get("document")
        if anchored_in and self._anchor.get("start") is not None:
            title = (document_titles or {}).get(str(anchored_in), "the document")
            self.anchor_label.setText(f"Quoted from “{title}”, characters {self._anchor['start']:,}–"
                                      f"{self._anchor['end']:,}")
            self.anchor_label.setWordWrap(True)
            anchor_row = QVBoxLayout()
            anchor_row.addWidget(self.anchor_label)
            anchor_row.addWidget(self.detach)
            form.addRow("Anchor:", anchor_row)
        self.url = QLineEdit(init.get("url") or "")
        self.url.setAccessibleName("Link to the statement")
        self.url.setPlaceholderText("https://… where the statement was made")
        form.addRow(_buddy("&Web link:", self.url), self.url)
        self.archived_url = QLineEdit(init.get("archived_url") or "")
        self.archived_url.setAccessibleName("Link to an archived copy")
        self.archived_url.setPlaceholderText("https://web.archive.org/… or another archive")
        form.addRow(_buddy("Arc&hived copy:", self.archived_url), self.archived_url)
        self.note = QLineEdit(init.get("note") or "")
        self.note.setAccessibleName("Note")
        form.addRow("No&te:", self.note)

        self.error_label = QLabel()
        set_tone(self.error_label, "error")
        self.error_label.setAccessibleName("Problem")
        lay.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save Evidence" if self.editing else "Add Evidence")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

        self.date_edit.textChanged.connect(self._validate)
        self.url.textChanged.connect(self._validate)
        self.archived_url.textChanged.connect(self._validate)
        self.source_combo.currentIndexChanged.connect(self._validate)
        self.source_combo.editTextChanged.connect(self._validate)
        self.source_fields.changed.connect(self._validate)
        self._validate()
        (self.source_combo if not self.editing else self.credibility).setFocus()

    # ------------------------------------------------------------------ behaviour

    def _submit(self) -> None:
        if self.ok_button.isEnabled():
            self.accept()

    def _toggle_new_source(self, new: bool) -> None:
        self.source_combo.setVisible(not new)
        self.source_fields.setVisible(new)
        if new and not self.source_fields.name.text() and self.source_combo.currentIndex() < 0:
            self.source_fields.name.setText(self.source_combo.currentText())
        (self.source_fields.name if new else self.source_combo).setFocus()
        self._validate()

    def selected_source_id(self) -> str | None:
        """The chosen existing source; typed text must match one exactly."""
        i = self.source_combo.currentIndex()
        text = self.source_combo.currentText()
        if i < 0 or self.source_combo.itemText(i) != text:
            i = self.source_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        return str(self.source_combo.itemData(i)) if i >= 0 else None

    def _parsed_date(self) -> tuple[str | None, str]:
        """(ISO date or None, problem) for the date field."""
        try:
            parsed = parse_human_date(self.date_edit.text(), self._today)
        except DateParseError as exc:
            return None, str(exc)
        if parsed is None:
            return None, ""
        return parsed.iso, ""

    def _validate(self) -> None:
        problems = []
        if self.new_source_box.isChecked():
            if not self.source_fields.is_valid():
                problems.append("Give the new source a name.")
        elif self.selected_source_id() is None:
            problems.append(NO_SOURCE)
        iso, date_problem = self._parsed_date()
        if date_problem:
            problems.append(date_problem)
            self.date_echo.setText("")
        else:
            text = self.date_edit.text().strip()
            shown = parse_human_date(text, self._today).shown if text else "no date"  # type: ignore[union-attr]
            self.date_echo.setText(f"Read as: {shown}")
            set_tone(self.date_echo, "muted")
        for field, what in ((self.url, "The link"), (self.archived_url, "The archived copy's link")):
            if not is_link(field.text()):
                problems.append(f"{what} must be a web address (http:// or https://).")
        self.error_label.setText(" ".join(problems))
        self.ok_button.setEnabled(not problems)

    def stance(self) -> str:
        for value, b in self.stance_buttons.items():
            if b.isChecked():
                return value
        return "corroborates"

    def values(self) -> EvidenceValues:
        iso, _ = self._parsed_date()
        fields: dict[str, Any] = {
            "stance": self.stance(),
            "credibility": int(self.credibility.currentData()),
            "diagnosticity": self.diagnosticity.currentData(),
            "interested": self.interested.isChecked(),
            "derives_from": self.relays.currentData(),
            "date": iso,
            "quote": self.quote.toPlainText().strip(),
            "note": self.note.text().strip(),
            "url": self.url.text().strip() or None,
            "archived_url": self.archived_url.text().strip() or None,
        }
        if self.detach.isChecked():
            fields.update(document=None, start=None, end=None)
        elif not self.editing and self._anchor.get("document"):
            fields.update(self._anchor)
        if self.new_source_box.isChecked():
            return EvidenceValues(None, self.source_fields.values(), fields)
        return EvidenceValues(self.selected_source_id(), None, fields)


def _buddy(text: str, field: QWidget) -> QLabel:
    """A row label whose mnemonic (Alt+letter) focuses ``field``."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
