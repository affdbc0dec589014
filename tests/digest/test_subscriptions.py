"""Subscribing: argument parsing, filter resolution, list/unsubscribe, resume by re-subscribing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.digest.filters import DigestFilters, resolve_filter_words
from bot.digest.subscriptions import (
    list_subscriptions,
    parse_subscribe_args,
    pause,
    subscribe,
    unsubscribe,
)
from bot.errors import NotFoundError, UsageError

NOW = datetime(2024, 8, 1, 12, 0, tzinfo=UTC)


def test_parse_daily_with_zone_and_filters() -> None:
    request = parse_subscribe_args("daily 7:30 Africa/Bamako Mali Burkina Wagner")
    assert (request.cadence, request.time_of_day, request.weekday) == ("daily", "07:30", None)
    assert request.tz == "Africa/Bamako"
    assert request.words == ["Mali", "Burkina", "Wagner"]


def test_parse_weekly_defaults_and_skip_empty() -> None:
    request = parse_subscribe_args("weekly Mon 09:00 europe/paris drone skip-empty")
    assert (request.cadence, request.weekday, request.time_of_day) == ("weekly", 0, "09:00")
    assert request.tz == "Europe/Paris" and request.words == ["drone"] and request.skip_empty
    bare = parse_subscribe_args("Sudan")
    assert (bare.cadence, bare.time_of_day, bare.tz, bare.words) == (
        "daily",
        "08:00",
        None,
        ["Sudan"],
    )


@pytest.mark.parametrize("text", ["weekly 08:00 Mali", "daily 08:00 Mars/Olympus Mali"])
def test_parse_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(UsageError):
        parse_subscribe_args(text)


def test_words_resolve_to_countries_places_actors_types_and_free_text(session: Session) -> None:
    filters = resolve_filter_words(
        session, ["Mali", "Burkina", "Wagner", "Kidal", "drone", "in", "and", "convoy"]
    )
    assert filters.countries == ("ML", "BF")
    assert filters.places == ("Kidal",)
    assert filters.actors == ("Wagner Group",)
    assert filters.event_types == ("air_drone_strike",)
    assert filters.words == ("in", "and", "convoy")  # short words are not ISO codes
    assert filters.describe() == (
        'Mali, Burkina Faso, Kidal · Wagner Group · air drone strike · "in", "and", "convoy"'
    )
    assert DigestFilters.from_json(filters.to_json()) == filters


def test_subscribe_list_and_unsubscribe(session: Session) -> None:
    result = subscribe(
        session,
        channel_id="C1",
        team_id="T1",
        created_by="U1",
        request=parse_subscribe_args("daily 08:00 Mali"),
        tz="Europe/Paris",
        now=NOW,
    )
    session.commit()
    assert result.created
    again = subscribe(
        session,
        channel_id="C1",
        team_id="T1",
        created_by="U2",
        request=parse_subscribe_args("daily 08:00 Mali"),
        tz="Europe/Paris",
        now=NOW,
    )
    assert not again.created and again.subscription.id == result.subscription.id
    (view,) = list_subscriptions(session, channel_ids=["C1"], now=NOW)
    assert view.schedule == "daily 08:00 Europe/Paris" and view.filters == "Mali"
    assert view.next_digest_at == datetime(2024, 8, 2, 6, 0, tzinfo=UTC)
    assert list_subscriptions(session, channel_ids=["C2"]) == []
    assert result.subscription.id is not None
    with pytest.raises(NotFoundError):
        unsubscribe(session, subscription_id=result.subscription.id, channel_id="C2")
    unsubscribe(session, subscription_id=result.subscription.id, channel_id="C1")
    assert list_subscriptions(session) == []


def test_resubscribing_in_a_channel_resumes_its_paused_digests(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        first = subscribe(
            session,
            channel_id="C1",
            team_id=None,
            created_by="U1",
            request=parse_subscribe_args("daily 08:00 Mali"),
            tz="UTC",
            now=NOW,
        ).subscription
        assert first.id is not None
        pause(session, subscription_id=first.id, reason="the channel is archived", now=NOW)
        session.commit()
        (view,) = list_subscriptions(session, now=NOW)
        assert view.status == "paused" and view.paused_reason == "the channel is archived"
        assert view.next_digest_at is None
        result = subscribe(
            session,
            channel_id="C1",
            team_id=None,
            created_by="U1",
            request=parse_subscribe_args("weekly friday 17:00 Sudan"),
            tz="UTC",
            now=NOW,
        )
        session.commit()
    assert result.created and [s.id for s in result.resumed] == [first.id]
    with Session(engine) as session:
        statuses = {v.id: v.status for v in list_subscriptions(session, now=NOW)}
    assert statuses == {first.id: "active", result.subscription.id: "active"}
