"""Terminal rendering: figures read as the source said them, ranges as claims, never a mean."""

from __future__ import annotations

from datetime import date

import pytest

from bot.cli.core_render import claim_line, format_figure, format_range, format_when, format_where
from bot.views import ClaimView, EventView, FigureRange


def claim(**values: object) -> ClaimView:
    base: dict[str, object] = {
        "id": 1,
        "claimant": "CSP",
        "victim": "Wagner Group",
        "outcome": "killed",
        "claim_kind": "adversary_claim",
        "sentence": "s",
        "document_id": 1,
    }
    return ClaimView.model_validate(base | values)


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ({"low": 84, "high": 84}, "84"),
        ({"low": 84, "high": None, "qualifier": "at least"}, "at least 84"),
        ({"low": None, "high": 1350, "qualifier": "up to"}, "up to 1350"),
        ({"low": 10, "high": 15, "qualifier": "between"}, "10–15"),
        ({"low": 12, "high": None, "qualifier": "dozens"}, "dozens (≥12)"),
        ({"low": None, "high": None, "qualifier": "heavy losses"}, "heavy losses"),
        ({"low": None, "high": None}, "no figure"),
    ],
)
def test_format_figure(values: dict[str, object], shown: str) -> None:
    assert format_figure(claim(**values)) == shown


def test_claim_line_labels_kind_stance_and_date() -> None:
    line = claim_line(
        claim(
            claimant="Wagner Group",
            qualifier="heavy losses",
            claim_kind="own_side_admission",
            claimed_on=date(2024, 7, 29),
        )
    )
    assert (
        line
        == "Wagner Group · heavy losses · Wagner Group · killed · own-side admission · said 2024-07-29"
    )
    retracted = claim_line(claim(low=300, high=300, stance="retracted", claimant="RSF"))
    assert retracted == "RSF · 300 · Wagner Group · killed · adversary claim (retracted)"


def test_range_is_labelled_as_claims() -> None:
    r = FigureRange(
        victim="Wagner Group",
        outcome="killed",
        low=50,
        high=84,
        claimants=["CSP", "JNIM"],
        claim_count=2,
    )
    assert format_range(r) == "Wagner Group killed: 50–84 claimed (2 claims: CSP, JNIM)"


def test_when_and_where() -> None:
    view = EventView(
        id=1,
        title="t",
        summary="",
        event_type="armed_clash",
        place="Tinzaouaten",
        admin1="Kidal",
        country="Mali",
        country_code="ML",
        date_start=date(2024, 7, 21),
        date_end=date(2024, 7, 31),
        date_precision="part_of_month",
    )
    assert format_where(view) == "Tinzaouaten, Kidal, Mali"
    assert format_when(view) == "late July 2024 (2024-07-21 – 2024-07-31)"
    region = view.model_copy(update={"place": None, "date_end": date(2024, 7, 21)})
    assert format_where(region) == "Kidal region, Mali" and format_when(region) == "2024-07-21"
