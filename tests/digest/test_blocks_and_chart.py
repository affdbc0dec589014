"""Pure parts: Block Kit within Slack's limits and escaped; the chart's ranges and PNG."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.digest.chart import chart_data, render_chart
from bot.digest.content import DigestContent, DigestItem
from bot.digest.filters import DigestFilters
from bot.digest.schedule import Period
from bot.views import ClaimView, EventView, SourceView
from handlers.blocks.digest import digest_messages
from tests.digest.factories import ClaimSpec, add_event

END = datetime(2024, 8, 1, 6, 0, tzinfo=UTC)


def _content(items: list[DigestItem], *, late: bool = False) -> DigestContent:
    return DigestContent(
        subscription_id=1,
        filters=DigestFilters(countries=("ML",)),
        schedule="daily 08:00 Europe/Paris",
        tz="Europe/Paris",
        period=Period(start=END - timedelta(days=1), end=END),
        window_start=END - timedelta(days=1),
        window_end=END,
        late=late,
        sent_at=END + timedelta(hours=2),
        items=items,
    )


def _event(i: int, title: str = "Clash", sentence_len: int = 10) -> EventView:
    claim = ClaimView(
        id=i,
        claimant="CSP",
        victim="Wagner Group",
        outcome="killed",
        low=84,
        claim_kind="adversary_claim",
        sentence="x" * sentence_len,
        document_id=i,
    )
    source = SourceView(document_id=i, publisher="Reuters", url=f"https://example.org/{i}")
    return EventView(
        id=i,
        title=title,
        summary="",
        event_type="armed_clash",
        place="Tinzaouaten",
        country="Mali",
        country_code="ML",
        date_start=date(2024, 7, 27),
        date_end=date(2024, 7, 29),
        claims=[claim],
        sources=[source],
        outlets=1,
        independent_outlets=1,
    )


def test_digest_blocks_escape_untrusted_text_and_carry_the_marker() -> None:
    item = DigestItem(
        event=_event(1, title="<!channel> ambush & <http://evil|bbc.com>"), is_update=False
    )
    (message,) = digest_messages(_content([item], late=True), marker="sitrep-digest:7")
    assert message.blocks[0]["block_id"] == "sitrep-digest:7:0"
    assert message.blocks[0]["type"] == "header"
    rendered = str(message.blocks)
    assert "<!channel>" not in rendered and "&lt;!channel&gt; ambush &amp;" in rendered
    assert "<https://example.org/1|Reuters>" in rendered
    assert "27–29 Jul 2024" in rendered
    assert "Late:" in rendered and "1 Aug 08:00" in rendered and "1 Aug 10:00" in rendered


def test_digest_dates_are_as_precise_as_the_source() -> None:
    """'late July' is a window, not 21–31 July; a date known only from the report is never a day."""
    late_july = _event(1)
    late_july.date_start, late_july.date_end = date(2024, 7, 21), date(2024, 7, 31)
    late_july.date_precision = "part_of_month"
    reported = _event(2)
    reported.date_start, reported.date_end = date(2024, 7, 22), date(2024, 7, 29)
    reported.date_precision = "reported"
    items = [DigestItem(event=e, is_update=False) for e in (late_july, reported)]
    rendered = str([m.blocks for m in digest_messages(_content(items), marker="m")])
    assert "late Jul 2024" in rendered and "21–31 Jul" not in rendered
    assert "reported by 29 Jul 2024" in rendered and "22–29 Jul" not in rendered


def test_digest_messages_respect_block_and_section_limits() -> None:
    items = [DigestItem(event=_event(i, title="T" * 400), is_update=i % 2 == 0) for i in range(120)]
    messages = digest_messages(_content(items), marker="m")
    assert len(messages) > 2
    for index, message in enumerate(messages):
        assert len(message.blocks) <= 50
        assert message.blocks[0]["block_id"] == f"m:{index}"
        for block in message.blocks:
            text = block.get("text", {}).get("text", "")
            assert len(text) <= 3000
    assert "60* updated" in str(messages[0].blocks)
    assert messages[1].text.startswith("(continued")


def test_nothing_new_line() -> None:
    (message,) = digest_messages(_content([]))
    assert "Nothing new since 31 Jul 08:00." in str(message.blocks)


def test_chart_keeps_competing_claims_as_a_range(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        add_event(
            session,
            title="Tinzaouaten",
            updated_at=END - timedelta(days=3),
            date_start=date(2024, 7, 27),
            claims=[
                ClaimSpec("CSP", "Wagner Group", 84),
                ClaimSpec("JNIM", "Wagner Group", 50),
                ClaimSpec("CSP", "FAMa", 47),
            ],
            actors=["Wagner Group"],
        )
        add_event(
            session,
            title="Djibo",
            country_code="BF",
            place="Djibo",
            updated_at=END - timedelta(days=2),
            date_start=date(2024, 7, 28),
            claims=[ClaimSpec("Army", "JNIM", 10, 12)],
        )
        add_event(  # older than 30 days: not charted
            session, title="Old", updated_at=END, date_start=date(2024, 6, 1), claims=[CSP_OLD]
        )
        data = chart_data(session, filters=DigestFilters(countries=("ML", "BF")), end=END)
        by_actor = chart_data(session, filters=DigestFilters(actors=("Wagner Group",)), end=END)
    assert len(data.days) == 30 and data.days[-1] == date(2024, 8, 1)
    series = {s.label: s for s in data.series}
    mali = series["Mali"]
    day = data.days.index(date(2024, 7, 27))
    # Wagner: 50-84 (competing, a range); FAMa: 47. Never 84 + 50.
    assert (mali.low[day], mali.high[day]) == (97, 131)
    assert sum(mali.high) == 131
    burkina = series["Burkina Faso"]
    assert (burkina.low[day + 1], burkina.high[day + 1]) == (10, 12)
    assert [s.label for s in by_actor.series] == ["Wagner Group"]
    png = render_chart(data, title="Claimed killed per day")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000


CSP_OLD = ClaimSpec("CSP", "FAMa", 5)
