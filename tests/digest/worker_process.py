"""One sitrep scheduler replica, started as a real process by test_failover.py.

Configured by environment: DATABASE_URL, SLACK_API_URL, SLACK_BOT_TOKEN, SITREP_LEADER_RETRY_SECONDS,
SITREP_TEST_CLOCK_FILE (an ISO timestamp the clock reads on every call, so the test sets the time)
and SITREP_TEST_TICK_SECONDS. Prints `ready`, `leader` and `job <id> <result>` lines on stdout.
"""

from __future__ import annotations

import os
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from slack_sdk import WebClient

from bot.config import Settings
from bot.db import create_db_engine
from bot.scheduler import start_scheduler


def main() -> None:
    settings = Settings()
    clock_file = Path(os.environ["SITREP_TEST_CLOCK_FILE"])

    def clock() -> datetime:
        return datetime.fromisoformat(clock_file.read_text().strip())

    def on_job_done(job_id: str, result: Any) -> None:
        print(f"job {job_id} {result}", flush=True)

    engine = create_db_engine(settings.database_url)
    client = WebClient(token="xoxb-test", base_url=settings.slack_api_base)
    runner = start_scheduler(
        engine=engine,
        settings=settings,
        web_client=client,
        clock=clock,
        tick_seconds=float(os.environ.get("SITREP_TEST_TICK_SECONDS", "0.5")),
        on_job_done=on_job_done,
    )
    print("ready", flush=True)
    runner.is_leader.wait()
    print("leader", flush=True)
    threading.Event().wait()  # until killed


if __name__ == "__main__":
    sys.exit(main())
