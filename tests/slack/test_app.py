"""The Slack app end to end: signed requests through Bolt's real dispatch, FakeSlack on loopback."""

from __future__ import annotations

import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.app import create_app
from bot.db import session_scope
from bot.views import Answer
from handlers.blocks.answer import ACTION_MORE_LIKE_THIS, ACTION_OPEN_EVENT, ACTION_SOURCES
from models.slack import HandledEvent, ThreadContext
from tests.fakes.slack_api import RecordedCall
from tests.slack.checks import assert_safe, message_texts
from tests.slack.factories import DJIBO, TINZAOUATEN, ClaimSpec, EventSpec, add_event
from tests.slack.harness import CHANNEL, USER, SlackHarness, sign
from tests.slack.samples import HOSTILE


@pytest.fixture
def events(slack: SlackHarness) -> dict[str, int]:
    with session_scope(slack.app.deps.engine) as session:
        return {"tinzaouaten": add_event(session, TINZAOUATEN), "djibo": add_event(session, DJIBO)}


def texts(call: RecordedCall) -> str:
    return "\n".join(
        message_texts([{"text": call.params.get("text"), "blocks": call.params.get("blocks")}])
    )


def only(calls: list[RecordedCall]) -> RecordedCall:
    assert len(calls) == 1, [c.method for c in calls]
    return calls[0]


# -- slash command ------------------------------------------------------------------------------
def test_slash_command_acks_at_once_and_answers_privately(
    slack: SlackHarness, events: dict[str, int]
) -> None:
    response = slack.command("latest Wagner losses in Mali")
    assert response.status == 200
    assert response.body == ""
    slack.wait()
    reply = only(slack.fake.calls_to("response_url:cmd"))
    assert reply.params["response_type"] == "ephemeral"
    assert reply.params["replace_original"] is False
    body = texts(reply)
    assert "Tinzaouaten, Mali · 27 Jul 2024" in body
    assert "CSP claims at least 84 Wagner Group killed · _adversary claim_" in body
    assert "Wagner Group admits heavy losses · _own-side admission_" in body
    assert "Claims range 50–84 killed (Wagner Group), not verified" in body
    assert not slack.fake.calls_to("chat.postMessage")


def test_ack_does_not_wait_for_a_slow_answer(
    slack: SlackHarness, events: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = __import__("bot.answer", fromlist=["answer_question"]).answer_question

    def slow_answer(**kwargs: Any) -> Answer:
        assert release.wait(10)
        return real(**kwargs)

    monkeypatch.setattr("handlers.commands.ask.answer_question", slow_answer)
    started = time.perf_counter()
    response = slack.command("ask latest Wagner losses in Mali")
    elapsed = time.perf_counter() - started
    assert response.status == 200
    assert not slack.fake.calls_to("response_url:cmd")  # the answer is still being worked on
    release.set()
    slack.wait()
    assert elapsed < 1.0
    assert "Tinzaouaten" in texts(only(slack.fake.calls_to("response_url:cmd")))


def test_share_posts_the_answer_in_the_channel(slack: SlackHarness, events: dict[str, int]) -> None:
    slack.command("share latest Wagner losses in Mali")
    slack.wait()
    post = only(slack.fake.calls_to("chat.postMessage"))
    assert post.params["channel"] == CHANNEL
    assert post.params["unfurl_links"] is False
    body = texts(post)
    assert f"<@{USER}> asked: “latest Wagner losses in Mali”" in body
    assert "CSP claims at least 84 Wagner Group killed" in body
    assert not slack.fake.calls_to("response_url:cmd")


def test_replies_in_a_shared_answers_thread_refine_its_question(
    slack: SlackHarness, events: dict[str, int]
) -> None:
    slack.command("share latest Wagner losses in Mali")
    slack.wait()
    (shared,) = slack.fake.messages[CHANNEL]
    slack.mention("what about Malian soldiers?", ts="1700000150.000200", thread_ts=shared["ts"])
    slack.wait()
    _, follow_up = slack.fake.calls_to("chat.postMessage")
    assert follow_up.params["thread_ts"] == shared["ts"]
    assert "Understood as: losses of FAMa · in Mali" in texts(follow_up)
    assert "CSP claims 47 FAMa killed" in texts(follow_up)


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found"])
def test_share_where_the_bot_is_not_a_member_says_how_to_invite_it(
    slack: SlackHarness, events: dict[str, int], error: str
) -> None:
    slack.fake.fail("chat.postMessage", error)
    slack.command("share latest Wagner losses in Mali")
    slack.wait()
    hint = only(slack.fake.calls_to("response_url:cmd"))
    assert hint.params["response_type"] == "ephemeral"
    assert "/invite @sitrep" in texts(hint)
    assert f"<#{CHANNEL}>" in texts(hint)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("event abc", "/sitrep event &lt;id&gt;"),
        ("event", "/sitrep event &lt;id&gt;"),
        ("ask", "/sitrep ask &lt;question&gt;"),
        ("sources 12 13", "/sitrep sources &lt;id&gt;"),
        ("add", "/sitrep add &lt;url or pasted article text&gt;"),
    ],
)
def test_bad_syntax_gets_private_usage_help(slack: SlackHarness, text: str, expected: str) -> None:
    slack.command(text)
    slack.wait()
    reply = only(slack.fake.calls_to("response_url:cmd"))
    assert reply.params["response_type"] == "ephemeral"
    assert "Usage:" in texts(reply)
    assert expected in texts(reply)


def test_help_lists_every_registered_subcommand(slack: SlackHarness) -> None:
    from handlers.commands.registry import all_subcommands

    slack.command("help")
    slack.wait()
    body = texts(only(slack.fake.calls_to("response_url:cmd")))
    names = [s.name for s in all_subcommands()]
    assert {"ask", "share", "event", "sources", "recent", "add", "help"} <= set(names)
    for name in names:
        assert f"`/sitrep {name}" in body


def test_empty_command_shows_help(slack: SlackHarness) -> None:
    slack.command("")
    slack.wait()
    assert "`/sitrep ask" in texts(only(slack.fake.calls_to("response_url:cmd")))


def test_event_and_sources_commands(slack: SlackHarness, events: dict[str, int]) -> None:
    event_id = events["tinzaouaten"]
    slack.command(f"event {event_id}", response="event")
    slack.command(f"sources #{event_id}", response="sources")
    slack.command("event 9999", response="missing")
    slack.wait()
    assert f"event #{event_id}" in texts(only(slack.fake.calls_to("response_url:event")))
    sources = texts(only(slack.fake.calls_to("response_url:sources")))
    assert "> “Rebels said they killed at least 84 Wagner mercenaries.”" in sources
    assert "no event with id 9999" in texts(only(slack.fake.calls_to("response_url:missing")))


def test_recent_lists_latest_events(slack: SlackHarness, events: dict[str, int]) -> None:
    slack.command("recent", response="all")
    slack.command("recent Burkina Faso", response="bf")
    slack.wait()
    everything = texts(only(slack.fake.calls_to("response_url:all")))
    assert everything.index("Tinzaouaten") < everything.index("Djibo")  # most recent first
    burkina = texts(only(slack.fake.calls_to("response_url:bf")))
    assert "Djibo" in burkina and "Tinzaouaten" not in burkina


# -- mentions, threads and DMs ----------------------------------------------------------------
def test_mention_is_answered_in_its_thread(slack: SlackHarness, events: dict[str, int]) -> None:
    response = slack.mention("latest Wagner losses in Mali", ts="1700000100.000100")
    assert response.status == 200
    slack.wait()
    post = only(slack.fake.calls_to("chat.postMessage"))
    assert post.params["channel"] == CHANNEL
    assert post.params["thread_ts"] == "1700000100.000100"
    assert "CSP claims at least 84 Wagner Group killed" in texts(post)


def test_thread_follow_ups_refine_the_previous_question(
    slack: SlackHarness, events: dict[str, int]
) -> None:
    root = "1700000200.000100"
    slack.mention("latest Wagner losses in Mali", ts=root)
    slack.wait()
    slack.mention("what about Malian soldiers?", ts="1700000200.000200", thread_ts=root)
    slack.wait()
    slack.mention("sources?", ts="1700000200.000300", thread_ts=root)
    slack.wait()
    first, second, third = slack.fake.calls_to("chat.postMessage")
    assert {c.params["thread_ts"] for c in (first, second, third)} == {root}
    assert "Understood as: losses of Wagner Group · in Mali" in texts(first)
    assert "Understood as: losses of FAMa · in Mali" in texts(second)  # Mali kept from the thread
    assert texts(second).startswith("1 event for “what about Malian soldiers?” — Tinzaouaten")
    assert "CSP claims 47 FAMa killed" in texts(second)
    assert "> “Rebels said they killed 47 Malian soldiers.”" in texts(third)
    with Session(slack.app.deps.engine) as session:
        context = session.exec(select(ThreadContext)).one()
    assert (context.channel_id, context.thread_ts) == (CHANNEL, root)
    assert context.filters["victims"] == ["FAMa"]


def test_a_new_thread_starts_without_context(slack: SlackHarness, events: dict[str, int]) -> None:
    slack.mention("latest Wagner losses in Mali", ts="1700000300.000100")
    slack.wait()
    slack.mention("what about Malian soldiers?", ts="1700000300.000200")  # not in the thread
    slack.wait()
    _, second = slack.fake.calls_to("chat.postMessage")
    assert "_Understood as: involving FAMa_" in texts(second)  # no Wagner, no Mali


def test_direct_messages_are_answered_in_the_dm_with_context(
    slack: SlackHarness, events: dict[str, int]
) -> None:
    slack.dm("what happened in Burkina Faso?", ts="1700000400.000100")
    slack.wait()
    slack.dm("and in Mali?", ts="1700000400.000200")
    slack.wait()
    first, second = slack.fake.calls_to("chat.postMessage")
    assert first.params["channel"] == "D0DIRECT" and not first.params.get("thread_ts")
    assert "Djibo" in texts(first)
    assert "Tinzaouaten" in texts(second)


@pytest.mark.parametrize(
    "extra",
    [
        {"subtype": "message_changed"},
        {"subtype": "bot_message"},
        {"bot_id": "B999"},
        {"channel_type": "channel"},
    ],
)
def test_edits_bot_messages_and_channel_chatter_are_ignored(
    slack: SlackHarness, events: dict[str, int], extra: dict[str, str]
) -> None:
    slack.dm("latest attacks in Burkina Faso", ts="1700000500.000100", **extra)
    slack.wait()
    assert not slack.fake.calls_to("chat.postMessage")


# -- retries ----------------------------------------------------------------------------------
def test_a_retried_event_is_answered_once_even_after_a_restart(
    slack: SlackHarness, events: dict[str, int], clock: Any
) -> None:
    slack.mention("latest Wagner losses in Mali", ts="1700000600.000100", event_id="Ev0RETRY01")
    slack.wait()
    slack.mention(
        "latest Wagner losses in Mali", ts="1700000600.000100", event_id="Ev0RETRY01", retry_num=1
    )
    slack.wait()
    # A restarted process (or another replica) sharing the database gets retry #2.
    restarted = create_app(
        slack.settings, slack.app.deps.engine, clock, web_client=slack.app.deps.client
    )
    try:
        other = SlackHarness(app=restarted, fake=slack.fake, settings=slack.settings)
        response = other.mention(
            "latest Wagner losses in Mali",
            ts="1700000600.000100",
            event_id="Ev0RETRY01",
            retry_num=2,
        )
        assert response.status == 200
        other.wait()
    finally:
        restarted.close()
    only(slack.fake.calls_to("chat.postMessage"))
    with Session(slack.app.deps.engine) as session:
        assert [h.event_id for h in session.exec(select(HandledEvent))] == ["Ev0RETRY01"]


# -- Web API failures -------------------------------------------------------------------------
def test_rate_limited_post_is_retried_after_retry_after(
    slack: SlackHarness, events: dict[str, int], sleeps: list[float]
) -> None:
    slack.fake.rate_limit("chat.postMessage", retry_after=2)
    slack.mention("latest Wagner losses in Mali", ts="1700000700.000100")
    slack.wait()
    calls = slack.fake.calls_to("chat.postMessage")
    assert len(calls) == 2
    assert sleeps == [2.0]  # waited exactly Retry-After (jitter 0), without really sleeping
    assert len(slack.fake.messages[CHANNEL]) == 1


def test_server_errors_are_retried_with_backoff(
    slack: SlackHarness, events: dict[str, int]
) -> None:
    slack.fake.script("chat.postMessage", status=503, body={"ok": False, "error": "fatal"}, times=2)
    slack.mention("latest Wagner losses in Mali", ts="1700000800.000100")
    slack.wait()
    assert len(slack.fake.calls_to("chat.postMessage")) == 3
    assert len(slack.fake.messages[CHANNEL]) == 1


def test_unexpected_error_apologises_with_an_id_found_in_the_log(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(**kwargs: Any) -> Answer:
        raise RuntimeError("database on fire")

    monkeypatch.setattr("handlers.commands.ask.answer_question", broken)
    with caplog.at_level(logging.ERROR):
        slack.command("latest Wagner losses in Mali")
        slack.wait()
    apology = texts(only(slack.fake.calls_to("response_url:cmd")))
    match = re.search(r"error id `([0-9a-f]{8})`", apology)
    assert match, apology
    assert "database on fire" not in apology
    logged = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert len(logged) == 1
    assert logged[0].exc_info is not None and "database on fire" in str(logged[0].exc_info[1])


def test_mention_failure_apologises_privately_in_the_thread(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Answer:
        raise RuntimeError("boom")

    monkeypatch.setattr("handlers.events.questions.answer_in_conversation", broken)
    slack.mention("latest Wagner losses in Mali", ts="1700000900.000100")
    slack.wait()
    apology = only(slack.fake.calls_to("chat.postEphemeral"))
    assert apology.params["user"] == USER
    assert apology.params["thread_ts"] == "1700000900.000100"
    assert re.search(r"error id `[0-9a-f]{8}`", texts(apology))


# -- buttons, App Home ------------------------------------------------------------------------
def test_sources_button_shows_quoted_sentences_privately(
    slack: SlackHarness, events: dict[str, int]
) -> None:
    response = slack.button(ACTION_SOURCES, str(events["tinzaouaten"]))
    assert response.status == 200
    slack.wait()
    reply = only(slack.fake.calls_to("response_url:button"))
    assert reply.params["response_type"] == "ephemeral"
    body = texts(reply)
    assert "> “JNIM said 50 Wagner fighters were killed.”" in body
    assert "<https://www.reuters.com/world/africa/tinzaouaten-2024-08-01/|" in body


def test_more_like_this_and_open_event_buttons(slack: SlackHarness) -> None:
    with session_scope(slack.app.deps.engine) as session:
        first = add_event(session, TINZAOUATEN)
        similar = add_event(
            session,
            EventSpec(
                title="Wagner convoy ambushed near Kidal",
                place="Kidal",
                country_code="ML",
                day=TINZAOUATEN.day.replace(day=10),
                actors=[("Wagner Group", "side_b"), ("JNIM", "side_a")],
                claims=[
                    ClaimSpec("JNIM", "Wagner Group", "JNIM said it killed 12 Wagner men.", 12)
                ],
            ),
        )
        add_event(session, DJIBO)
    slack.button(ACTION_MORE_LIKE_THIS, str(first), response="more")
    slack.button(ACTION_OPEN_EVENT, str(similar), response="open")
    slack.wait()
    more = texts(only(slack.fake.calls_to("response_url:more")))
    assert "Kidal" in more and "Djibo" not in more
    assert f"event #{first}" not in more
    assert f"event #{similar}" in texts(only(slack.fake.calls_to("response_url:open")))


def test_button_on_the_home_tab_opens_a_modal(slack: SlackHarness, events: dict[str, int]) -> None:
    slack.button(ACTION_OPEN_EVENT, str(events["djibo"]), container="view")
    slack.wait()
    opened = only(slack.fake.calls_to("views.open"))
    assert opened.params["trigger_id"].startswith("trigger-")
    assert "Djibo" in "\n".join(message_texts([opened.params["view"]]))


def test_app_home_shows_latest_events(slack: SlackHarness, events: dict[str, int]) -> None:
    slack.event(
        {
            "type": "app_home_opened",
            "user": USER,
            "channel": "D0DIRECT",
            "tab": "home",
            "event_ts": "1700001000.000100",
        }
    )
    slack.wait()
    published = only(slack.fake.calls_to("views.publish"))
    assert published.params["user_id"] == USER
    view = published.params["view"]
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    body = "\n".join(message_texts([view]))
    assert body.index("Tinzaouaten") < body.index("Djibo")
    assert "No subscriptions" in body


# -- safety -----------------------------------------------------------------------------------
def test_a_hostile_article_comes_out_escaped_everywhere(slack: SlackHarness) -> None:
    nasty = "<!channel> @here <@U999> <http://evil.example|bbc.com>"
    with session_scope(slack.app.deps.engine) as session:
        event_id = add_event(
            session,
            EventSpec(
                title=f"Attack on Gao market {nasty}",
                place="Gao",
                country_code="ML",
                day=TINZAOUATEN.day,
                summary=f"Gunmen attacked {nasty}",
                url="https://example.com/gao?a=1&b=2",
                publisher=f"Daily {nasty}",
                actors=[("JNIM", "side_a")],
                claims=[
                    ClaimSpec(f"JNIM {nasty}", "civilians", f"Residents said 9 died {nasty}.", 9)
                ],
            ),
        )
    slack.command("share latest attacks in Gao", response="share")
    slack.mention("latest attacks in Gao", ts="1700001100.000100")
    slack.button(ACTION_SOURCES, str(event_id), response="sources")
    slack.command(f"event {event_id}", response="event")
    slack.wait()
    calls = [
        *slack.fake.calls_to("chat.postMessage"),
        *slack.fake.calls_to("response_url:sources"),
        *slack.fake.calls_to("response_url:event"),
    ]
    assert len(calls) == 4
    all_texts = [texts(c) for c in calls]
    assert all("Gao" in t for t in all_texts)
    assert_safe(
        all_texts, allowed_urls={"https://example.com/gao?a=1&amp;b=2"}, allowed_mentions={USER}
    )
    for raw in HOSTILE[:5]:
        assert all(raw not in t for t in all_texts)


# -- signatures -------------------------------------------------------------------------------
def test_bad_signature_is_refused(slack: SlackHarness, events: dict[str, int]) -> None:
    body = slack.command_body("latest Wagner losses in Mali")
    headers = sign(body, secret="not-the-secret")
    response = slack.dispatch(
        body, content_type="application/x-www-form-urlencoded", headers=headers, signed=False
    )
    assert response.status == 401
    unsigned = slack.dispatch(body, content_type="application/x-www-form-urlencoded", signed=False)
    assert unsigned.status == 401
    slack.wait()
    assert not slack.fake.calls_to("response_url:cmd")


def test_stale_timestamp_is_refused(slack: SlackHarness, events: dict[str, int]) -> None:
    body = slack.event_body(
        {"type": "app_mention", "user": USER, "text": "hi", "ts": "1.1", "channel": CHANNEL}
    )
    stale = sign(body, timestamp=int(time.time()) - 10 * 60)
    response = slack.dispatch(body, content_type="application/json", headers=stale, signed=False)
    assert response.status == 401
    slack.wait()
    assert not slack.fake.calls_to("chat.postMessage")


def test_tokens_never_reach_the_logs(
    slack: SlackHarness, events: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET

    with caplog.at_level(logging.DEBUG):
        slack.command("latest Wagner losses in Mali")
        slack.mention("latest Wagner losses in Mali", ts="1700001200.000100")
        slack.fake.rate_limit("chat.postMessage")
        slack.mention("latest Wagner losses in Mali", ts="1700001200.000200")
        slack.wait()
    assert caplog.records
    for record in caplog.records:
        line = record.getMessage()
        assert BOT_TOKEN not in line and SIGNING_SECRET not in line


def test_concurrent_conversations_are_all_answered(
    slack: SlackHarness, events: dict[str, int]
) -> None:
    """Many threads at once: dedupe rows and thread contexts are written without conflicts."""
    questions = ["latest Wagner losses in Mali", "what happened in Burkina Faso?"]
    with ThreadPoolExecutor(8) as pool:
        responses = list(
            pool.map(lambda i: slack.mention(questions[i % 2], ts=f"1700002000.{i:06d}"), range(16))
        )
    assert {r.status for r in responses} == {200}
    slack.wait()
    posts = slack.fake.calls_to("chat.postMessage")
    assert sorted(p.params["thread_ts"] for p in posts) == [
        f"1700002000.{i:06d}" for i in range(16)
    ]
    assert not slack.fake.calls_to("chat.postEphemeral")
    with Session(slack.app.deps.engine) as session:
        assert len(session.exec(select(ThreadContext)).all()) == 16
        assert len(session.exec(select(HandledEvent)).all()) == 16


def test_app_home_lists_digests_of_the_users_channels_only(
    slack: SlackHarness, events: dict[str, int]
) -> None:
    from models.digest import Subscription

    with session_scope(slack.app.deps.engine) as session:
        session.add(
            Subscription(
                channel_id=CHANNEL,
                created_by=USER,
                time_of_day="08:00",
                tz="Europe/Paris",
                filters={"countries": ["ML"]},
            )
        )
        session.add(Subscription(channel_id="C0ELSEWHERE", created_by="U999"))
    slack.fake.script(
        "users.conversations",
        body={"ok": True, "channels": [{"id": CHANNEL}], "response_metadata": {}},
    )
    slack.event(
        {
            "type": "app_home_opened",
            "user": USER,
            "channel": "D0DIRECT",
            "tab": "home",
            "event_ts": "1700001300.000100",
        }
    )
    slack.wait()
    asked = only(slack.fake.calls_to("users.conversations"))
    assert asked.params["user"] == USER
    body = "\n".join(message_texts([only(slack.fake.calls_to("views.publish")).params["view"]]))
    assert f"<#{CHANNEL}> · daily 08:00" in body
    assert "C0ELSEWHERE" not in body
