"""Claims in words, raw (unescaped): "CSP claims at least 84 Wagner Group killed".

A figure is always somebody's claim; these phrases keep the claimant in front of every number.
Escaping happens where the words are put into blocks.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.views import ClaimView, EventView, FigureRange, SourceView

KIND_LABELS = {
    "adversary_claim": "adversary claim",
    "own_side_admission": "own-side admission",
    "third_party_report": "third-party report",
    "dataset": "dataset record",
}
# Qualifiers that modify a figure ("at least 84"); any other qualifier replaces it ("dozens").
MODIFIERS = frozenset(
    {
        "at least",
        "about",
        "around",
        "approximately",
        "roughly",
        "some",
        "nearly",
        "almost",
        "more than",
        "over",
        "up to",
        "fewer than",
        "less than",
        "as many as",
        "at most",
        "an estimated",
        "estimated",
        "reportedly",
        "~",
    }
)
_VERBS = {
    "adversary_claim": "claims",
    "own_side_admission": "admits",
    "third_party_report": "reports",
    "dataset": "records",
}


def figure_phrase(claim: ClaimView) -> str | None:
    """ "84", "at least 84", "50–84"; None when the claim has no figure ("heavy losses")."""
    low, high = claim.low, claim.high
    if low is None and high is None:
        return None
    if low is not None and high is not None and high != low:
        number = f"{low}–{high}"
    elif low is not None:
        number = str(low)
    else:
        number = f"up to {high}"
    qualifier = (claim.qualifier or "").strip()
    if not qualifier or qualifier in number:
        return number
    if qualifier.lower() in MODIFIERS:
        return f"{qualifier} {number}"
    return qualifier  # "dozens", "scores of": the words say more than the number derived from them


def claim_phrase(claim: ClaimView) -> str:
    """The claim as a sentence fragment with its claimant first."""
    if claim.stance == "denied":
        verb = "denies"
    elif claim.stance == "retracted":
        verb = "retracted"
    elif claim.stance == "superseded":
        verb = "earlier reported"  # "updating an earlier toll of three"
    else:
        verb = _VERBS.get(claim.claim_kind, "reports")
    figure = figure_phrase(claim)
    victim = "" if claim.victim in UNKNOWN_VICTIMS else f" {claim.victim}"
    if figure is not None:
        return f"{claim.claimant} {verb} {figure}{victim} {claim.outcome}"
    phrase = (claim.qualifier or f"{claim.outcome} (no figure)").strip()
    if victim and claim.victim != claim.claimant:
        phrase += f" among {claim.victim}"
    return f"{claim.claimant} {verb} {phrase}"


UNKNOWN_VICTIMS = frozenset({"", "unspecified", "unknown"})


def kind_label(claim_kind: str) -> str:
    return KIND_LABELS.get(claim_kind, claim_kind.replace("_", " "))


def range_phrase(figures: FigureRange) -> str:
    """Competing figures as a range, never a mean: "Claims range 50–84 killed (Wagner Group)"."""
    if figures.low == figures.high:
        who = ", ".join(figures.claimants)
        return f"Claims agree on {figures.low} {figures.outcome} ({figures.victim}: {who}), not verified"
    return f"Claims range {figures.low}–{figures.high} {figures.outcome} ({figures.victim}), not verified"


def shows_range(figures: FigureRange) -> bool:
    """A range is worth a line when figures compete: differing numbers or several claimants."""
    return figures.low != figures.high or len(set(figures.claimants)) > 1


def date_label(start: date | None, end: date | None, precision: str) -> str:
    """A date as precise as the source was: "29 Jul 2024", "late Jul 2024", "2024"."""
    if start is None:
        return ""
    if precision == "year":
        return str(start.year)
    if precision == "month":
        return start.strftime("%b %Y")
    if precision == "part_of_month":
        part = "early" if start.day <= 10 else "mid" if start.day <= 20 else "late"
        return f"{part} {start.strftime('%b %Y')}"
    if precision == "week":
        return f"week of {_day(start)}"
    if precision == "reported" and end is not None:  # no date in the text: when it was reported
        return f"reported by {_day(end)}"
    if end is None or end == start or precision == "day":
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day(end)}"
    return f"{_day(start)} – {_day(end)}"


def _day(value: date) -> str:
    return f"{value.day} {value.strftime('%b %Y')}"


def published_label(value: datetime | None) -> str:
    return _day(value.date()) if value else ""


def event_heading(event: EventView) -> str:
    """Where and when: "Tinzaouaten, Mali · late Jul 2024" (falls back to the title)."""
    where = ", ".join(p for p in (event.place, event.country) if p)
    when = date_label(event.date_start, event.date_end, event.date_precision)
    heading = " · ".join(p for p in (where, when) if p)
    return heading or event.title


def outlets_phrase(event: EventView) -> str:
    """ "reported by 3 outlets (2 independent)" or "" when nothing is known."""
    count = event.outlets or len(event.sources)
    if count <= 0:
        return ""
    noun = "outlet" if count == 1 else "outlets"
    if event.independent_outlets and event.independent_outlets != count:
        return f"reported by {count} {noun} ({event.independent_outlets} independent)"
    return f"reported by {count} {noun}"


def source_phrase_parts(source: SourceView) -> tuple[str, list[str]]:
    """(title, [publisher, date]) for a source line."""
    title = source.title or source.publisher or source.url or f"document #{source.document_id}"
    extra = [p for p in (source.publisher, published_label(source.published_at)) if p]
    return title, extra
