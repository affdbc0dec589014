"""Why a digest could not be posted: the runner pauses, retries or gives up on these."""

from __future__ import annotations


class DigestPostError(Exception):
    """Posting failed; `retryable` says whether a later attempt may succeed."""

    retryable = True

    def __init__(
        self, message: str, *, slack_error: str | None = None, maybe_posted: bool = False
    ) -> None:
        super().__init__(message)
        self.slack_error = slack_error
        # True when the message may have reached Slack (timeout, 5xx): check before re-posting.
        self.maybe_posted = maybe_posted


class ChannelUnavailableError(DigestPostError):
    """The channel is archived, gone, or the bot was removed: pause the subscription, never retry."""

    retryable = False


class TransientPostError(DigestPostError):
    """A rate limit that outlasted our patience, a Slack outage, a network error: retry later."""


class HistoryUnavailableError(Exception):
    """conversations.history could not be read, so a crashed post cannot be verified."""
