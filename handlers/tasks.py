"""A listener's slow half as a task: a module-level function and a plain-dict payload.

Listeners only ack and `enqueue`; the task runs in an answer worker process (handlers/worker.py)
with that process's own engine and Web API client, or, without worker processes, on a thread of
this one. A task must therefore pickle: a module-level function, and a payload of plain data
(Slack's own JSON, strings) saying everything the task needs — never a client or an engine.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

from handlers.deps import SitrepDeps

Payload = dict[str, Any]
Task = Callable[[SitrepDeps, Payload], None]


def enqueue(deps: SitrepDeps, task: Task, payload: Payload) -> None:
    """Run `task(deps, payload)` in the background: in a worker process when the app has them."""
    if deps.work.has_processes:
        from handlers.worker import run_in_worker

        deps.work.submit_to_process(run_in_worker, task, payload)
        return
    # On threads, still hand over exactly what a worker process would receive: a closure or a
    # client in the payload then fails in the tests, not only in production.
    task, payload = pickle.loads(pickle.dumps((task, payload)))
    deps.work.submit(lambda: task(deps, payload))
