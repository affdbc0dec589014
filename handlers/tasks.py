"""A listener's slow half as a task: a module-level function and a plain-dict payload.

Listeners only ack and `enqueue`; the task runs in an answer worker process (handlers/worker.py)
with that process's own engine and Web API client, or, without worker processes, on a thread of
this one. A task must therefore pickle: a module-level function, and a payload of plain data
(Slack's own JSON, strings) saying everything the task needs — never a client or an engine.

If the worker process running a task dies (killed, out of memory), the task cannot say so
itself: this process apologises where its answer would have gone, read from the same payload.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from functools import partial
from typing import Any

from handlers.blocks.errors import apology_message
from handlers.deps import SitrepDeps
from handlers.jobs import new_error_id
from handlers.replies import Replies, ResponseUrlReplies, ThreadReplies

logger = logging.getLogger(__name__)

Payload = dict[str, Any]
Task = Callable[[SitrepDeps, Payload], None]


def enqueue(deps: SitrepDeps, task: Task, payload: Payload) -> None:
    """Run `task(deps, payload)` in the background: in a worker process when the app has them."""
    if deps.work.has_processes:
        from handlers.worker import run_in_worker

        lost = partial(apologise_for_lost_task, deps, task, payload)
        deps.work.submit_to_process(run_in_worker, task, payload, on_lost=lost)
        return
    # On threads, still hand over exactly what a worker process would receive: a closure or a
    # client in the payload then fails in the tests, not only in production.
    task, payload = pickle.loads(pickle.dumps((task, payload)))
    deps.work.submit(lambda: task(deps, payload))


def apologise_for_lost_task(deps: SitrepDeps, task: Task, payload: Payload) -> None:
    """The worker process running `task` died: log it with an error id and give the user the
    same id where the answer would have gone (privately where the answer would have been)."""
    error_id = new_error_id()
    name = getattr(task, "__qualname__", task)
    logger.error("error_id=%s: the answer worker process running %s died", error_id, name)
    replies = replies_for_payload(deps, payload)
    if replies is None:
        return

    def apologise() -> None:
        try:
            replies.answer([apology_message(error_id)])
        except Exception:
            logger.exception("error_id=%s: could not send the apology", error_id)

    deps.work.submit(apologise)


def replies_for_payload(deps: SitrepDeps, payload: Payload) -> Replies | None:
    """Where a task answers, as the task itself reads it from the Slack JSON in its payload:
    slash commands and shortcuts at their response_url, buttons as event_buttons.replies_for
    says, mentions in their thread, DMs in the DM, the Home tab in the tab."""
    if "command" in payload:
        command = payload["command"]
        return ResponseUrlReplies(
            deps,
            str(command.get("user_id", "")),
            str(command.get("channel_id", "")),
            command.get("response_url"),
        )
    if "shortcut" in payload:
        shortcut = payload["shortcut"]
        return ResponseUrlReplies(
            deps,
            str((shortcut.get("user") or {}).get("id", "")),
            str((shortcut.get("channel") or {}).get("id", "")),
            shortcut.get("response_url"),
        )
    if "body" in payload:
        from handlers.actions.event_buttons import replies_for

        return replies_for(deps, payload["body"])
    if "event" in payload:
        return _event_replies(deps, payload["event"])
    if "user_id" in payload:
        from handlers.views.app_home import HomeReplies

        return HomeReplies(deps, str(payload["user_id"]))
    return None


def _event_replies(deps: SitrepDeps, event: dict[str, Any]) -> ThreadReplies:
    user_id, channel_id = str(event.get("user", "")), str(event.get("channel", ""))
    if event.get("channel_type") == "im":  # a DM is answered in the DM (in its thread, if any)
        return ThreadReplies(
            deps, user_id, channel_id, thread_ts=event.get("thread_ts"), is_dm=True
        )
    # A mention is answered in its thread; a mention outside a thread starts one.
    thread_ts = str(event.get("thread_ts") or event.get("ts") or "")
    return ThreadReplies(deps, user_id, channel_id, thread_ts=thread_ts)
