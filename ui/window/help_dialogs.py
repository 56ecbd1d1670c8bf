"""Help ▸ How confidence is computed, and Help ▸ About.

The explanation follows design/confidence.md in plain words, with the
project's own tables (they are settings), so a fact-checker can check a
number on the board by hand and explain it to an editor.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ui.widgets.colors import band_hex
from workbench.analysis.confidence import DEFAULT_SETTINGS, LIKELIHOOD_BANDS, Settings


def explanation_html(settings: Settings = DEFAULT_SETTINGS) -> str:
    rel = " · ".join(f"{g}: {v:.2f}" for g, v in settings.reliability.items())
    cred = " · ".join(f"{g}: {v:.2f}" for g, v in settings.credibility.items())
    diag = " · ".join(f"{g}: {v:.1f}" for g, v in settings.diagnosticity.items())
    w2 = f"{settings.prior_weight:g}"
    bands = "".join(
        f"<tr><td bgcolor='{band_hex(w)}'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;</td><td>&nbsp;{w}</td>"
        f"<td>&nbsp;&nbsp;{label}</td></tr>"
        for w, _lo, _hi, label in LIKELIHOOD_BANDS)
    ageing = (f"Evidence loses half its weight every {settings.half_life_days:g} days."
              if settings.half_life_days else "Ageing is off in this project: old evidence weighs as much as new.")
    return f"""
<h2>How confidence is computed</h2>
<p>Every claim gets <b>two separate judgements</b>, as intelligence analysts are taught
to give them (US ICD 203): how <b>likely</b> the claim is to be true, and how much
<b>confidence</b> we have in that judgement (low, moderate or high).</p>

<h3>1. How much each item is trusted</h3>
<p>Each piece of evidence is a report from a source. Its <b>trust</b> multiplies:</p>
<ul>
<li>the <b>credibility</b> of the information (1–6): {cred};</li>
<li>the <b>reliability</b> of every source the report passed through (A–F): {rel};</li>
<li>its <b>diagnosticity</b> (does it tell true from false?): {diag};</li>
<li>× {settings.interested:.1f} if anyone on the chain is an <b>interested party</b>
(a government denying its own actions).</li>
</ul>
<p>Trust never exceeds {settings.t_max:.2f}: no single report makes a claim certain.
A credibility of 1 (“confirmed by independent sources”) is scored as 2, because
counting independent confirmation is the model's own job. {ageing}</p>

<h3>2. Reports from one origin count once</h3>
<p>If the BBC relays what a ministry said, the BBC is not a second witness. Items that
trace back to the same <b>origin</b> form one cluster; only its strongest item is
<b>counted</b>, the others are <b>absorbed</b> (“same origin as …”) and add nothing.
Context items are shown to the reader but never count.</p>

<h3>3. Weighing for and against</h3>
<p>An item's <b>weight</b> is {w2} · t / (1 − t): with the default prior weight of 2, a trust of
0.5 weighs 2 and a trust of 0.8 weighs 8. R is the weight for the claim and S the weight against
it. The probability is <b>P = (R + a·{w2}) / (R + S + {w2})</b>, where a is the claim's base rate
(0.5 unless set), and the uncertainty is {w2} / (R + S + {w2}): it shrinks as evidence accumulates.
ΔP in the table is how far P would move without an item's cluster.</p>

<h3>4. The likelihood word</h3>
<p>The probability is told in the words of US ICD 203; the document highlights and the bar
use the same colours, orange for unlikely through grey to blue for likely:</p>
<table cellspacing='2'>{bands}</table>
<p>With no corroborating or contradicting evidence the claim has <b>no assessment</b>.</p>

<h3>5. Confidence</h3>
<ul>
<li><b>High</b>: at least two independent origins of substantive weight agree, one of them
graded A or B with no stake in the outcome, the other side weighs under a tenth as much,
uncertainty at most 0.25, and no circular reporting.</li>
<li><b>Moderate</b>: uncertainty at most 0.45, the other side at most a third as heavy,
and two substantive origins (or one clean A/B origin).</li>
<li><b>Low</b>: anything else, including no evidence at all.</li>
</ul>
<p>The flags under the judgement say what holds confidence down: a single origin,
circular reporting, the same origin on both sides, undated evidence.</p>
"""


class ExplainDialog(QDialog):
    """The model in plain words (Help ▸ How confidence is computed)."""

    def __init__(self, parent: QWidget | None, settings: Settings = DEFAULT_SETTINGS) -> None:
        super().__init__(parent)
        self.setWindowTitle("How confidence is computed")
        self.setAccessibleName(self.windowTitle())
        self.resize(720, 680)
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Explanation")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(explanation_html(settings))
        lay.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)


def about_html(version: str) -> str:
    return (f"<h3>Verification Workbench {version}</h3>"
            "<p>An offline workbench for fact-checkers: anchored claims, graded evidence, "
            "explainable confidence and verification memos.</p>"
            "<p>Likelihood words follow US ICD 203; source and information grades follow the "
            "Admiralty (NATO) system. Colours: ColorBrewer, colour-blind safe.</p>"
            "<p>Fonts: Noto Sans and Noto Serif, NanumGothic (SIL Open Font License).</p>")
