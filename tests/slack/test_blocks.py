"""Answer cards as pure functions: wording of claims, limits, splitting and mrkdwn safety."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.answer.describe import describe_filters
from bot.views import Answer, ClaimView, QueryFilters, SourceView, TotalsRow, TotalsView
from handlers.blocks.answer import (
    ACTION_MORE_LIKE_THIS,
    ACTION_OPEN_EVENT,
    ACTION_SOURCES,
    answer_messages,
    claim_line,
    event_card,
)
from handlers.blocks.escape import escape_text, link
from handlers.blocks.help import help_message
from handlers.blocks.home import home_view
from handlers.blocks.sources import sources_messages
from handlers.blocks.split import split_text
from handlers.blocks.wording import claim_phrase, date_label, range_phrase
from handlers.commands.registry import Subcommand
from tests.slack.checks import assert_safe, assert_within_limits, message_texts, texts_in
from tests.slack.samples import AGENCY_URL, REUTERS_URL, claim, hostile_event, tinzaouaten


def _answer(events: list, **kwargs: object) -> Answer:
    return Answer(
        question="latest Wagner losses in Mali",
        kind="latest",
        filters=QueryFilters(actors=["Wagner Group"], countries=["ML"]),
        events=events,
        **kwargs,
    )


def test_claims_are_worded_as_claims_with_their_kind() -> None:
    event = tinzaouaten()
    phrases = [claim_phrase(c) for c in event.claims]
    assert phrases[0] == "CSP claims at least 84 Wagner Group killed"
    assert phrases[2] == "JNIM reports 50 Wagner Group killed"
    assert phrases[3] == "Wagner Group admits heavy losses"
    assert phrases[4] == "CSP claims 7 FAMa captured"
    assert claim_line(event.claims[0]).endswith("_adversary claim_")
    assert claim_line(event.claims[3]).endswith("_own-side admission_")
    assert claim_line(event.claims[2]).endswith("_third-party report_")
    assert range_phrase(event.ranges[0]) == "Claims range 50–84 killed (Wagner Group), not verified"


def test_claim_phrase_ranges_and_denials() -> None:
    spread = claim(1, "UN", "civilians", low=10, high=15, kind="third_party_report")
    assert claim_phrase(spread) == "UN reports 10–15 civilians killed"
    denied = claim(2, "FAMa", "FAMa", low=20).model_copy(update={"stance": "denied"})
    assert claim_phrase(denied) == "FAMa denies 20 FAMa killed"
    earlier = claim(3, "UN", "civilians", low=4).model_copy(update={"stance": "superseded"})
    assert claim_phrase(earlier) == "UN earlier reported 4 civilians killed"


def test_dates_keep_their_precision() -> None:
    assert date_label(date(2024, 7, 25), date(2024, 7, 31), "part_of_month") == "late Jul 2024"
    assert date_label(date(2024, 7, 29), None, "day") == "29 Jul 2024"
    assert date_label(date(2024, 7, 1), date(2024, 7, 31), "month") == "Jul 2024"
    assert date_label(date(2024, 7, 27), date(2024, 7, 29), "unknown") == "27–29 Jul 2024"
    assert date_label(None, None, "unknown") == ""


def test_event_card_reads_where_when_claims_sources_and_buttons() -> None:
    blocks = event_card(tinzaouaten(7))
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Tinzaouaten, Mali · late Jul 2024", "emoji": True},
    }
    text = "\n".join(texts_in(blocks))
    assert "CSP claims at least 84 Wagner Group killed · _adversary claim_" in text
    assert "Claims range 50–84 killed (Wagner Group), not verified" in text
    assert f"<{REUTERS_URL}|Tuareg Rebels Claim Heavy Losses" in text
    assert (
        f"<{AGENCY_URL}|Wagner ambushed near Algeria border> · Example Agency · 30 Jul 2024" in text
    )
    assert "reported by 3 outlets (2 independent) · event #7" in text
    buttons = blocks[-1]
    assert buttons["type"] == "actions"
    assert [(b["action_id"], b["value"]) for b in buttons["elements"]] == [
        (ACTION_SOURCES, "7"),
        (ACTION_MORE_LIKE_THIS, "7"),
        (ACTION_OPEN_EVENT, "7"),
    ]


def test_answer_has_intro_understood_filters_and_fallback_text() -> None:
    (message,) = answer_messages(_answer([tinzaouaten()]))
    intro = message.blocks[0]["text"]["text"]
    assert "*1 event* for “latest Wagner losses in Mali”" in intro
    assert "Understood as: involving Wagner Group · in Mali" in intro
    assert message.text.startswith("1 event for “latest Wagner losses in Mali” — Tinzaouaten")
    assert "CSP claims at least 84 Wagner Group killed" in message.text


def test_no_match_gives_the_message_and_a_suggestion() -> None:
    answer = Answer(
        question="Wagner losses in Chad",
        kind="none",
        filters=QueryFilters(actors=["Wagner Group"], countries=["TD"]),
        message="No event matches Wagner Group in Chad.",
        suggestion="Wagner Group losses",
    )
    (message,) = answer_messages(answer)
    text = message.blocks[0]["text"]["text"]
    assert "No event matches Wagner Group in Chad." in text
    assert "Try: `Wagner Group losses`" in text


def test_understood_as_is_the_domain_description_escaped() -> None:
    filters = QueryFilters(
        victims=["FAMa"],
        countries=["ML"],
        places=["Kidal"],
        event_types=["air_drone_strike", "attack"],
        date_from=date(2024, 7, 1),
        date_to=date(2024, 7, 31),
        text="<!channel> convoy",
    )
    answer = _answer([tinzaouaten()]).model_copy(update={"filters": filters})
    intro = answer_messages(answer)[0].blocks[0]["text"]["text"]
    assert (
        "_Understood as: losses of FAMa · air drone strike or attack · in Kidal, Mali · "
        "in July 2024 · matching “&lt;!channel&gt; convoy”_"
    ) in intro
    assert_safe([intro], allowed_urls=set())


def test_no_match_does_not_repeat_what_was_understood() -> None:
    filters = QueryFilters(victims=["Wagner Group"], countries=["TD"])
    answer = Answer(
        question="Wagner losses in Chad",
        kind="none",
        filters=filters,
        message=f"No stored event matches {describe_filters(filters)}.",
    )
    (message,) = answer_messages(answer)
    text = message.blocks[0]["text"]["text"]
    assert text == "No stored event matches losses of Wagner Group · in Chad."


def test_totals_show_rows_and_the_summed_range() -> None:
    totals = TotalsView(
        victim="Wagner Group",
        outcome="killed",
        low=60,
        high=100,
        rows=[
            TotalsRow(
                event_id=1,
                event_title="Tinzaouaten clashes",
                date_start=date(2024, 7, 25),
                low=50,
                high=84,
                claims=tinzaouaten().claims[:1],
            ),
            TotalsRow(
                event_id=2,
                event_title="Ambush",
                date_start=date(2024, 7, 10),
                date_end=date(2024, 7, 13),
                date_precision="reported",
                low=10,
                high=16,
                claims=[],
            ),
        ],
    )
    answer = Answer(
        question="how many Wagner killed in July",
        kind="totals",
        filters=QueryFilters(),
        totals=totals,
    )
    messages = answer_messages(answer)
    text = "\n".join(message_texts(messages))
    assert "Total: 60–100 killed (Wagner Group) over 2 events" in text
    assert "2024-07-25 · Tinzaouaten clashes (#1): 50–84" in text
    assert "reported by 2024-07-13 · Ambush (#2): 10–16" in text
    assert "never added up" in text
    assert_within_limits(messages)


def test_sources_view_quotes_each_claim_sentence_under_its_source() -> None:
    messages = sources_messages(tinzaouaten(3))
    text = "\n".join(message_texts(messages))
    assert "> “An al Qaeda-linked group stated that 50 Wagner fighters were killed.”" in text
    assert "> — JNIM reports 50 Wagner Group killed" in text
    reuters = text.index(REUTERS_URL)
    agency = text.index(AGENCY_URL)
    assert reuters < text.index("at least 84 Wagner mercenaries") < agency


def test_hostile_text_is_escaped_in_every_block() -> None:
    event = hostile_event()
    allowed = {"https://news.example.com/a?x=1&amp;y=%3C2%3E%7Cz"}
    outputs = [
        *answer_messages(_answer([event])),
        *sources_messages(event),
    ]
    texts = message_texts(outputs)
    texts += list(texts_in(home_view([event], [])))
    assert_safe(texts, allowed_urls=allowed)
    joined = "\n".join(texts)
    assert "<https://news.example.com/a?x=1&amp;y=%3C2%3E%7Cz|" in joined  # the real source link
    assert "&lt;!channel&gt;" in joined
    assert (
        "&lt;http://evil.example|bbc.com&gt;" in joined
        or "&lt;http://evil.example/bbc.com&gt;" in joined
    )
    assert "＠here" in joined
    assert "javascript:" not in joined.replace("javascript link", "")


def test_link_only_for_http_and_label_cannot_break_out() -> None:
    assert link("javascript:alert(1)", "click") == "click"
    assert link("https://a.example/x", "a | <b>") == "<https://a.example/x|a / &lt;b&gt;>"
    assert (
        link("https://a.example/x y|z", None)
        == "<https://a.example/x%20y%7Cz|https://a.example/x y/z>"
    )
    assert escape_text("R&D <!here> @Here") == "R&amp;D &lt;!here&gt; ＠Here"


def test_forty_events_stay_within_slack_limits() -> None:
    events = []
    for i in range(1, 41):
        event = tinzaouaten(i)
        long_title = "Very long title " * 30
        event.summary = "Summary sentence with details. " * 60
        event.claims = [
            claim(j, f"Claimant {j}", "Wagner Group", low=j, sentence="s " * 400) for j in range(25)
        ]
        event.sources = [
            SourceView(
                document_id=j,
                title=f"{long_title} {j} & co",
                publisher="Reuters",
                url=f"https://example.com/{i}/{j}?a=1&b=2",
            )
            for j in range(15)
        ]
        events.append(event)
    messages = answer_messages(_answer(events))
    assert len(messages) > 1
    assert_within_limits(messages)
    ids = [b["block_id"] for m in messages for b in m.blocks if b["type"] == "actions"]
    assert ids == [f"event-{i}" for i in range(1, 41)]  # every event, in order, never split
    for message in messages:
        cards = [b for b in message.blocks if b["type"] == "header"]
        actions = [b for b in message.blocks if b["type"] == "actions"]
        assert len(cards) == len(actions)


def test_a_card_with_huge_claim_lists_splits_sections_without_cutting_links() -> None:
    event = tinzaouaten()
    event.claims = [claim(j, f"Claimant <{j}>", "Wagner & co", low=j) for j in range(300)]
    blocks = event_card(event)
    sections = [b for b in blocks if b["type"] == "section"]
    assert len(sections) > 2
    assert_within_limits(answer_messages(_answer([event])))


link_piece = st.builds(
    lambda path, label: f"<https://example.com/{path}|{label}>",
    st.text(alphabet="abcdef0123", min_size=1, max_size=300),
    st.text(alphabet="abc XYZ", min_size=1, max_size=80),
)
word_piece = st.text(alphabet="abc &;\n", min_size=1, max_size=120).map(escape_text)


@given(st.lists(st.one_of(link_piece, word_piece), min_size=1, max_size=60))
def test_split_text_never_cuts_a_link_or_entity(pieces: list[str]) -> None:
    text = " ".join(pieces)
    parts = split_text(text, limit=400)
    for part in parts:
        assert len(part) <= 400
        assert part.count("<") == part.count(">")
        assert "&am" not in part.replace("&amp;", "")
    assert "".join("".join(parts).split()) == "".join(text.split())


def test_help_lists_every_subcommand_usage() -> None:
    subcommands = [
        Subcommand("ask", "/sitrep ask <question> — answer", lambda c: None),  # type: ignore[arg-type, return-value]
        Subcommand("feed", "/sitrep feed add <url>\n/sitrep feed list", lambda c: None),  # type: ignore[arg-type, return-value]
    ]
    text = help_message(subcommands).blocks[0]["text"]["text"]
    assert "`/sitrep ask &lt;question&gt; — answer`" in text
    assert "`/sitrep feed list`" in text


def test_claims_without_sentence_source_still_render() -> None:
    bare = ClaimView(
        id=1,
        claimant="X",
        victim="Y",
        outcome="killed",
        claim_kind="dataset",
        sentence="s",
        document_id=9,
    )
    assert claim_line(bare) == "• X records killed (no figure) among Y · _dataset record_"
