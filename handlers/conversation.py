"""Questions in a conversation: a thread (or DM) remembers what its last question meant."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from bot.answer import answer_question
from bot.db import session_scope
from bot.views import Answer
from handlers.store import load_thread_filters, save_thread_filters


def answer_in_conversation(
    engine: Engine, *, channel_id: str, thread_ts: str, question: str, now: datetime
) -> Answer:
    """Answer with the thread's previous filters as context, then remember the new ones.

    Reading and writing are two transactions: a read transaction that later writes fails on
    SQLite (WAL) as soon as another conversation has committed in between.
    """
    with session_scope(engine) as session:
        context = load_thread_filters(session, channel_id=channel_id, thread_ts=thread_ts)
        answer = answer_question(session=session, question=question, now=now, context=context)
    with session_scope(engine) as session:
        save_thread_filters(
            session,
            channel_id=channel_id,
            thread_ts=thread_ts,
            question=question,
            filters=answer.filters,
            now=now,
        )
    return answer
