"""SQLite's planner gets no statistics from the bot: nothing runs ANALYZE or PRAGMA optimize.

bot/answer/search.py is built for the planner without statistics; with them (SQLite 3.51,
`PRAGMA optimize=0x10002` at open, 100k events) hard follow-ups took ~430 ms instead of ~85.
So a connection's whole life (open, answer, close) must leave no sqlite_stat1 behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import text

from bot.answer import answer_question
from bot.clock import FrozenClock
from bot.db import create_db_engine, session_scope
from tests.slack.factories import TINZAOUATEN, add_event


def test_opening_answering_and_closing_leave_the_planner_without_statistics(
    sqlite_template: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    path = tmp_path / "sitrep.db"
    shutil.copy(sqlite_template, path)
    engine = create_db_engine(f"sqlite:///{path}")
    with session_scope(engine) as session:
        add_event(session, TINZAOUATEN)
    with session_scope(engine) as session:
        answer = answer_question(
            session=session, question="what happened in Tinzaouaten?", now=clock()
        )
    assert answer.events
    engine.dispose()  # closes the connections: where SQLite suggests optimizing

    engine = create_db_engine(f"sqlite:///{path}")  # opens again: where 3.46+ suggests it
    with engine.connect() as connection:
        stats = connection.execute(
            text("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'")
        ).all()
    engine.dispose()
    assert stats == []
