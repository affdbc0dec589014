"""A question that arrived as an event (mention or DM): dedupe, answer in context, post."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from handlers.blocks.answer import answer_messages
from handlers.blocks.split import Message, section_blocks
from handlers.conversation import answer_in_conversation
from handlers.deps import SitrepDeps
from handlers.replies import Replies
from handlers.store import claim_event
from handlers.text import question_text

logger = logging.getLogger(__name__)

SLOW_SECONDS = 2.0  # log where the time went when an answer takes longer than this
EMPTY_QUESTION = (
    "Ask me about conflict events, e.g. _latest Wagner losses in Mali_ or "
    "_how many killed in Tinzaouaten in July?_ — follow-ups in this thread keep the context."
)


@dataclass(frozen=True)
class QuestionEvent:
    event_id: str | None  # the Events API envelope's id: the same on every retry
    kind: str
    channel_id: str
    thread_key: str  # the conversation whose context applies: thread ts, or "" for a DM
    text: str  # as Slack sent it (mentions, entities)
    bot_user_id: str | None


def answer_event(deps: SitrepDeps, replies: Replies, question: QuestionEvent) -> None:
    """The background half of a mention or DM (runs once per event_id, whatever Slack resends)."""
    now = deps.clock()
    started = time.perf_counter()
    if question.event_id and not claim_event(
        deps.engine, event_id=question.event_id, kind=question.kind, now=now
    ):
        logger.info("event %s already handled: ignoring Slack's retry", question.event_id)
        return
    claimed = time.perf_counter()
    text = question_text(question.text, bot_user_id=question.bot_user_id)
    if not text:
        replies.answer([Message(text=EMPTY_QUESTION, blocks=section_blocks(EMPTY_QUESTION))])
        return
    answer = answer_in_conversation(
        deps.engine,
        channel_id=question.channel_id,
        thread_ts=question.thread_key,
        question=text,
        now=now,
    )
    answered = time.perf_counter()
    replies.answer(answer_messages(answer))
    done = time.perf_counter()
    if done - started > SLOW_SECONDS:
        logger.warning(
            "slow answer to %s: %.0f ms (dedupe %.0f, answer %.0f, post %.0f)",
            question.kind,
            (done - started) * 1000,
            (claimed - started) * 1000,
            (answered - claimed) * 1000,
            (done - answered) * 1000,
        )
