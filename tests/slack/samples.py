"""Hand-made read models for block tests (no database): the seed article's event, and friends."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.views import ActorRole, ClaimView, EventView, FigureRange, SourceView

REUTERS_URL = "https://www.reuters.com/world/africa/mali-tuareg-rebels-wagner-2024-08-01/"
AGENCY_URL = "https://example-agency.com/news/tinzaouaten"


def claim(
    claim_id: int,
    claimant: str,
    victim: str,
    *,
    low: int | None = None,
    high: int | None = None,
    qualifier: str | None = None,
    kind: str = "adversary_claim",
    outcome: str = "killed",
    document_id: int = 1,
    sentence: str = "A sentence.",
) -> ClaimView:
    return ClaimView(
        id=claim_id,
        claimant=claimant,
        victim=victim,
        outcome=outcome,
        low=low,
        high=high if high is not None else low,
        qualifier=qualifier,
        claim_kind=kind,
        sentence=sentence,
        document_id=document_id,
    )


def tinzaouaten(event_id: int = 1) -> EventView:
    return EventView(
        id=event_id,
        title="Tuareg rebels claim heavy Wagner losses near Tinzaouaten",
        summary="Fighting between CSP rebels and Wagner Group with FAMa near Tinzaouaten.",
        event_type="armed_clash",
        place="Tinzaouaten",
        admin1="Kidal",
        country="Mali",
        country_code="ML",
        date_start=date(2024, 7, 25),
        date_end=date(2024, 7, 27),
        date_precision="part_of_month",
        actors=[
            ActorRole(name="CSP", role="side_a"),
            ActorRole(name="Wagner Group", role="side_b"),
            ActorRole(name="FAMa", role="side_b"),
        ],
        claims=[
            claim(
                1,
                "CSP",
                "Wagner Group",
                low=84,
                qualifier="at least",
                sentence="Tuareg rebels announced they had killed at least 84 Wagner mercenaries.",
            ),
            claim(2, "CSP", "FAMa", low=47, sentence="... and 47 Malian soldiers."),
            claim(
                3,
                "JNIM",
                "Wagner Group",
                low=50,
                kind="third_party_report",
                document_id=2,
                sentence="An al Qaeda-linked group stated that 50 Wagner fighters were killed.",
            ),
            claim(
                4,
                "Wagner Group",
                "Wagner Group",
                qualifier="heavy losses",
                kind="own_side_admission",
                sentence="In a rare statement on July 29, Wagner admitted to heavy losses.",
            ),
            claim(5, "CSP", "FAMa", low=7, outcome="captured", sentence="The CSP captured seven."),
        ],
        sources=[
            SourceView(
                document_id=1,
                title="Tuareg Rebels Claim Heavy Losses in Fierce Clashes with Russian Mercenaries",
                publisher="Reuters",
                url=REUTERS_URL,
                published_at=datetime(2024, 8, 1, 9, 0, tzinfo=UTC),
                story_id=1,
            ),
            SourceView(
                document_id=2,
                title="Wagner ambushed near Algeria border",
                publisher="Example Agency",
                url=AGENCY_URL,
                published_at=datetime(2024, 7, 30, tzinfo=UTC),
                story_id=2,
            ),
        ],
        ranges=[
            FigureRange(
                victim="Wagner Group",
                outcome="killed",
                low=50,
                high=84,
                claimants=["CSP", "JNIM"],
                claim_count=2,
            )
        ],
        outlets=3,
        independent_outlets=2,
    )


HOSTILE = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U999>",
    "<http://evil.example|bbc.com>",
    "<!subteam^S123>",
]


def hostile_event(event_id: int = 666) -> EventView:
    """Every text field carries a ping, a mention and a disguised link."""
    nasty = (
        "Alert <!channel> @here @channel @everyone <@U999> see <http://evil.example|bbc.com> & more"
    )
    return EventView(
        id=event_id,
        title=f"Attack {nasty}",
        summary=f"Summary {nasty} <!here> <!subteam^S123>",
        event_type="attack",
        place="Town <!channel> @here",
        country="Mali <@U999>",
        country_code="ML",
        date_start=date(2024, 7, 29),
        date_precision="day",
        actors=[ActorRole(name="<@U999>", role="side_a")],
        claims=[
            claim(
                10,
                "<!channel> Group",
                "<@U999> people",
                low=5,
                qualifier="@here at least",
                sentence=f"Quote {nasty}",
            ),
            claim(
                11,
                "@everyone",
                "x",
                qualifier="<http://evil.example|bbc.com> losses",
                kind="own_side_admission",
                sentence=f"Other {nasty}",
            ),
        ],
        sources=[
            SourceView(
                document_id=1,
                title=f"<http://evil.example|bbc.com> {nasty}",
                publisher="<!here> News",
                url="https://news.example.com/a?x=1&y=<2>|z",
            ),
            SourceView(
                document_id=2,
                title="javascript link",
                publisher="@channel",
                url="javascript:alert(1)",
            ),
        ],
        ranges=[
            FigureRange(
                victim="<@U999>",
                outcome="killed",
                low=3,
                high=5,
                claimants=["<!channel>"],
                claim_count=2,
            )
        ],
        outlets=2,
        independent_outlets=2,
    )
