"""Digest subscriptions: parse `subscribe` arguments, create, list, pause, resume, unsubscribe.

Used alike by `/sitrep digest …`, `sitrep digest …` and the App Home, so no Slack here: the
caller resolves the user's time zone (Slack `users.info`) and passes it in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel
from sqlmodel import Session, col, delete, select

from bot.digest.filters import DigestFilters, resolve_filter_words
from bot.digest.schedule import (
    Schedule,
    canonical_zone_name,
    describe_schedule,
    next_fire,
    parse_time,
    parse_weekday,
)
from bot.errors import NotFoundError, UsageError
from models import DigestRun, DigestShownEvent, Subscription

DEFAULT_TIME = "08:00"
SKIP_EMPTY_WORDS = {"skip-empty", "--skip-empty", "skip_empty"}


@dataclass(frozen=True)
class SubscribeRequest:
    """What `subscribe [daily HH:MM | weekly DAY HH:MM] [time zone] [filter words]` said."""

    cadence: str = "daily"
    time_of_day: str = DEFAULT_TIME
    weekday: int | None = None
    tz: str | None = None  # None: the caller falls back to the user's Slack time zone, then UTC
    words: list[str] = field(default_factory=list)
    skip_empty: bool = False


@dataclass
class SubscribeResult:
    subscription: Subscription
    created: bool  # False: an identical subscription already existed (and was resumed if paused)
    resumed: list[Subscription]  # paused subscriptions of this channel that re-subscribing revived


class SubscriptionView(BaseModel):
    """A subscription as `digest list` and the App Home show it."""

    id: int
    channel_id: str
    schedule: str  # "daily 08:00 Europe/Paris"
    filters: str  # "Mali, Burkina Faso · Wagner Group" or "everything"
    status: str
    paused_reason: str | None = None
    skip_empty: bool = False
    next_digest_at: datetime | None = None  # UTC; None when paused
    last_posted_at: datetime | None = None
    last_problem: str | None = None  # the latest run's failure, if the latest run failed


def parse_subscribe_args(text: str) -> SubscribeRequest:
    """Parse the words after `subscribe`; schedule first, then an optional zone and filter words."""
    tokens = text.split()
    cadence, weekday, time_of_day = "daily", None, DEFAULT_TIME
    index = 0
    if tokens and tokens[0].lower() in ("daily", "weekly"):
        cadence = tokens[0].lower()
        index = 1
        if cadence == "weekly":
            if index < len(tokens) and (day := parse_weekday(tokens[index])) is not None:
                weekday, index = day, index + 1
            else:
                raise UsageError("Weekly digests need a day: `weekly monday 08:00`.")
    if index < len(tokens) and _looks_like_time(tokens[index]):
        time_of_day = parse_time(tokens[index]).strftime("%H:%M")
        index += 1
    tz: str | None = None
    skip_empty = False
    words: list[str] = []
    for token in tokens[index:]:
        zone_name = canonical_zone_name(token) if ("/" in token or token.isalpha()) else None
        if (
            tz is None
            and zone_name is not None
            and ("/" in token or token.upper() in ("UTC", "GMT"))
        ):
            tz = zone_name
        elif token.lower() in SKIP_EMPTY_WORDS:
            skip_empty = True
        elif "/" in token and zone_name is None:
            raise UsageError(f"`{token}` is not an IANA time zone (e.g. Europe/Paris).")
        else:
            words.append(token)
    return SubscribeRequest(
        cadence=cadence,
        time_of_day=time_of_day,
        weekday=weekday,
        tz=tz,
        words=words,
        skip_empty=skip_empty,
    )


def _looks_like_time(token: str) -> bool:
    try:
        parse_time(token)
    except UsageError:
        return False
    return True


def subscribe(
    session: Session,
    *,
    channel_id: str,
    team_id: str | None,
    created_by: str,
    request: SubscribeRequest,
    tz: str,
    now: datetime,
    filters: DigestFilters | None = None,
) -> SubscribeResult:
    """Subscribe a channel; an identical subscription is reused, paused ones in it are resumed.

    Re-subscribing is how a channel whose digests were paused (bot removed, channel archived)
    gets them back: whoever subscribes shows that the bot can post there again.
    """
    Schedule.of(
        cadence=request.cadence, time_of_day=request.time_of_day, tz=tz, weekday=request.weekday
    )  # validates the zone and time before anything is stored
    if filters is None:
        filters = resolve_filter_words(session, request.words)
    filters_json = filters.to_json()
    existing = list(session.exec(select(Subscription).where(Subscription.channel_id == channel_id)))
    resumed: list[Subscription] = []
    for row in existing:
        if row.status == "paused":
            _resume(row, now=now)
            session.add(row)
            resumed.append(row)
    same = next(
        (
            row
            for row in existing
            if row.cadence == request.cadence
            and row.time_of_day == request.time_of_day
            and row.weekday == request.weekday
            and row.tz == tz
            and row.filters == filters_json
        ),
        None,
    )
    if same is not None:
        if request.skip_empty != same.skip_empty:
            same.skip_empty = request.skip_empty
            session.add(same)
        session.flush()
        return SubscribeResult(subscription=same, created=False, resumed=resumed)
    subscription = Subscription(
        channel_id=channel_id,
        team_id=team_id,
        created_by=created_by,
        cadence=request.cadence,
        weekday=request.weekday,
        time_of_day=request.time_of_day,
        tz=tz,
        filters=filters_json,
        skip_empty=request.skip_empty,
        created_at=now,
        updated_at=now,
    )
    session.add(subscription)
    session.flush()
    return SubscribeResult(subscription=subscription, created=True, resumed=resumed)


def get_subscription(
    session: Session, subscription_id: int, *, channel_id: str | None = None
) -> Subscription:
    """The subscription, or NotFoundError (also when it belongs to another channel)."""
    subscription = session.get(Subscription, subscription_id)
    if subscription is None or (channel_id is not None and subscription.channel_id != channel_id):
        where = " in this channel" if channel_id else ""
        raise NotFoundError(f"No digest subscription #{subscription_id}{where}.")
    return subscription


def channel_subscription(
    session: Session, *, channel_id: str, subscription_id: int | None
) -> Subscription:
    """The subscription meant by `preview`/`send` in a channel: the given id, or the only one."""
    if subscription_id is not None:
        return get_subscription(session, subscription_id, channel_id=channel_id)
    rows = list(
        session.exec(
            select(Subscription)
            .where(Subscription.channel_id == channel_id)
            .order_by(col(Subscription.id))
        )
    )
    if not rows:
        raise NotFoundError(
            "This channel has no digest subscription: `/sitrep digest subscribe daily 08:00 Mali`."
        )
    if len(rows) > 1:
        ids = ", ".join(f"#{row.id}" for row in rows)
        raise UsageError(
            f"This channel has several digests ({ids}); say which one, e.g. `#{rows[0].id}`."
        )
    return rows[0]


def list_subscriptions(
    session: Session, *, channel_ids: list[str] | None = None, now: datetime | None = None
) -> list[SubscriptionView]:
    """Subscriptions (of the given channels, or all), with pause reasons and the latest failure."""
    statement = select(Subscription).order_by(col(Subscription.channel_id), col(Subscription.id))
    if channel_ids is not None:
        statement = statement.where(col(Subscription.channel_id).in_(channel_ids))
    rows = list(session.exec(statement))
    problems = _latest_problems(session, [row.id for row in rows if row.id is not None])
    views = []
    for row in rows:
        assert row.id is not None
        upcoming = None
        if now is not None and row.status == "active":
            upcoming = next_fire(schedule_of(row), now)
        views.append(
            SubscriptionView(
                id=row.id,
                channel_id=row.channel_id,
                schedule=describe_schedule(
                    cadence=row.cadence, time_of_day=row.time_of_day, tz=row.tz, weekday=row.weekday
                ),
                filters=DigestFilters.from_json(row.filters).describe(),
                status=row.status,
                paused_reason=row.paused_reason,
                skip_empty=row.skip_empty,
                next_digest_at=upcoming,
                last_posted_at=row.last_posted_at,
                last_problem=problems.get(row.id),
            )
        )
    return views


def _latest_problems(session: Session, ids: list[int]) -> dict[int, str]:
    """For each subscription whose most recent run failed or is in doubt, what went wrong."""
    if not ids:
        return {}
    runs = session.exec(
        select(DigestRun.subscription_id, DigestRun.status, DigestRun.error, DigestRun.period_end)
        .where(col(DigestRun.subscription_id).in_(ids))
        .order_by(col(DigestRun.subscription_id), col(DigestRun.period_end))
    ).all()
    latest: dict[int, tuple[str, str | None]] = {}
    for subscription_id, status, error, _end in runs:
        latest[subscription_id] = (status, error)
    problems = {}
    for subscription_id, (status, error) in latest.items():
        if status == "failed":
            problems[subscription_id] = f"last digest failed: {error or 'unknown error'}"
        elif status == "possibly_sent":
            problems[subscription_id] = (
                f"last digest possibly sent, not verified: {error or ''}".strip()
            )
    return problems


def schedule_of(subscription: Subscription) -> Schedule:
    return Schedule.of(
        cadence=subscription.cadence,
        time_of_day=subscription.time_of_day,
        tz=subscription.tz,
        weekday=subscription.weekday,
    )


def unsubscribe(
    session: Session, *, subscription_id: int, channel_id: str | None = None
) -> Subscription:
    """Delete a subscription with its run history and shown-event records."""
    subscription = get_subscription(session, subscription_id, channel_id=channel_id)
    session.exec(
        delete(DigestShownEvent).where(col(DigestShownEvent.subscription_id) == subscription_id)
    )
    session.exec(delete(DigestRun).where(col(DigestRun.subscription_id) == subscription_id))
    session.delete(subscription)
    session.flush()
    return subscription


def pause(session: Session, *, subscription_id: int, reason: str, now: datetime) -> Subscription:
    subscription = get_subscription(session, subscription_id)
    subscription.status = "paused"
    subscription.paused_reason = reason[:300]
    subscription.updated_at = now
    session.add(subscription)
    session.flush()
    return subscription


def resume(session: Session, *, subscription_id: int, now: datetime) -> Subscription:
    subscription = get_subscription(session, subscription_id)
    _resume(subscription, now=now)
    session.add(subscription)
    session.flush()
    return subscription


def _resume(subscription: Subscription, *, now: datetime) -> None:
    subscription.status = "active"
    subscription.paused_reason = None
    subscription.updated_at = now


def subscription_view(
    session: Session, subscription: Subscription, *, now: datetime
) -> SubscriptionView:
    """One subscription as `digest list` shows it."""
    views = list_subscriptions(session, channel_ids=[subscription.channel_id], now=now)
    return next(view for view in views if view.id == subscription.id)


def parse_subscription_id(text: str) -> int | None:
    """`12` or `#12` -> 12; empty -> None; anything else is a usage error."""
    word = text.strip().lstrip("#")
    if not word:
        return None
    if not word.isdigit():
        raise UsageError(f"A digest id is a number, like `3` (got `{text.strip()}`).")
    return int(word)
