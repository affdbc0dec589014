"""Posting digests through a Slack WebClient: paced, rate-limit aware, errors classified.

Slack allows about one chat.postMessage per second per channel; the Pacer keeps to it using an
injected monotonic clock and sleeper so tests never sleep. A 429 that reaches us (the client's own
RateLimitErrorRetryHandler usually absorbs it) is waited out for its Retry-After and tried again.
Errors are classified for the runner: channel gone (pause), transient (retry with backoff).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.digest.errors import (
    ChannelUnavailableError,
    DigestPostError,
    HistoryUnavailableError,
    TransientPostError,
)

logger = logging.getLogger(__name__)

# The bot cannot post in the channel any more: retrying cannot help, a person must act.
CHANNEL_UNAVAILABLE = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
MAX_HISTORY_PAGES = 5

Sleeper = Callable[[float], None]
Monotonic = Callable[[], float]


class Pacer:
    """At most one message per `interval` seconds per channel, shared by every digest sent."""

    def __init__(
        self,
        *,
        interval: float = 1.0,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleeper = time.sleep,
    ) -> None:
        self.interval = interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._next: dict[str, float] = {}  # channel -> earliest monotonic time of its next post
        self._lock = threading.Lock()

    def wait(self, channel: str) -> float:
        """Block until `channel` may receive a message; returns the seconds waited.

        Each call reserves the channel's next slot under the lock and sleeps outside it, so
        threads posting to different channels never wait for each other.
        """
        with self._lock:
            now = self._monotonic()
            slot = max(now, self._next.get(channel, now))
            self._next[channel] = slot + self.interval
        waited = slot - now
        if waited > 0:
            self._sleep(waited)
        return waited


@dataclass
class PostedMessage:
    ts: str


class DigestSender:
    def __init__(
        self,
        client: WebClient,
        *,
        pacer: Pacer | None = None,
        sleep: Sleeper = time.sleep,
        max_rate_limit_waits: int = 3,
    ) -> None:
        self.client = client
        self.pacer = pacer or Pacer(sleep=sleep)
        self._sleep = sleep
        self.max_rate_limit_waits = max_rate_limit_waits

    def post_message(self, *, channel: str, message: dict[str, Any]) -> PostedMessage:
        """Post one message; raises ChannelUnavailableError or TransientPostError."""
        waits = 0
        while True:
            self.pacer.wait(channel)
            try:
                response = self.client.chat_postMessage(
                    channel=channel,
                    text=message.get("text", ""),
                    blocks=message.get("blocks"),
                    unfurl_links=False,
                    unfurl_media=False,
                )
                return PostedMessage(ts=str(response["ts"]))
            except SlackApiError as error:
                retry_after = _retry_after(error)
                if retry_after is not None and waits < self.max_rate_limit_waits:
                    waits += 1
                    logger.info("rate limited in %s: retrying after %ss", channel, retry_after)
                    self._sleep(retry_after)
                    continue
                raise _classify(error) from error
            except (SlackRequestError, OSError) as error:
                # The request may or may not have reached Slack: the runner checks the channel
                # history before any retry instead of posting blindly.
                raise TransientPostError(f"network error: {error}", maybe_posted=True) from error

    def upload_chart(
        self, *, channel: str, thread_ts: str, png: bytes, filename: str, title: str
    ) -> str | None:
        """Upload the chart into the digest's thread; returns the file id."""
        response = self.client.files_upload_v2(
            channel=channel, thread_ts=thread_ts, file=png, filename=filename, title=title
        )
        files = response.get("files") or [response.get("file") or {}]
        file_id = files[0].get("id") if files else None
        return str(file_id) if file_id else None

    def find_marked_messages(
        self, *, channel: str, marker: str, oldest: datetime
    ) -> dict[int, str]:
        """Parts of a digest already in the channel: {part index: ts}, found by block_id marker."""
        found: dict[int, str] = {}
        cursor: str | None = None
        prefix = marker + ":"
        for _ in range(MAX_HISTORY_PAGES):
            try:
                response = self.client.conversations_history(
                    channel=channel,
                    oldest=f"{oldest.timestamp():.6f}",
                    limit=200,
                    cursor=cursor,
                )
            except (SlackApiError, SlackRequestError, OSError) as error:
                raise HistoryUnavailableError(str(error)) from error
            for message in response.get("messages") or []:
                for block in message.get("blocks") or []:
                    block_id = str(block.get("block_id") or "")
                    if block_id.startswith(prefix) and block_id[len(prefix) :].isdigit():
                        found[int(block_id[len(prefix) :])] = str(message.get("ts"))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not response.get("has_more") or not cursor:
                break
        return found


def _retry_after(error: SlackApiError) -> float | None:
    response = error.response
    if getattr(response, "status_code", None) != 429 and response.get("error") != "ratelimited":
        return None
    headers = getattr(response, "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after") or 1
    try:
        return max(float(value), 0.0)
    except (TypeError, ValueError):
        return 1.0


def _classify(error: SlackApiError) -> DigestPostError:
    code = str(error.response.get("error") or "unknown_error")
    if code in CHANNEL_UNAVAILABLE:
        return ChannelUnavailableError(f"Slack says {code}", slack_error=code)
    status = getattr(error.response, "status_code", 200)
    # A 5xx may have posted before failing; an ok:false answer did not.
    return TransientPostError(f"Slack says {code}", slack_error=code, maybe_posted=status >= 500)
