"""Where a reply goes: the thread, the channel, or privately to the asker.

Answers to slash commands and buttons are private (response_url, ephemeral) unless the user
asked to share; answers to mentions go in the mention's thread; DMs are answered in the DM.
If the bot may not post in a channel, the user is told privately how to invite it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from slack_sdk.errors import SlackApiError

from handlers.blocks.errors import invite_hint_message
from handlers.blocks.split import Message
from handlers.deps import SitrepDeps

logger = logging.getLogger(__name__)

# A response_url accepts 5 messages within 30 minutes (Slack's limit).
RESPONSE_URL_MAX_MESSAGES = 5
NOT_A_MEMBER_ERRORS = frozenset({"not_in_channel", "channel_not_found"})


class Replies(Protocol):
    user_id: str

    def answer(self, messages: list[Message]) -> None:
        """Post an answer where this surface's answers go."""

    def private(self, messages: list[Message]) -> None:
        """Show messages to the user only (errors, hints, private answers)."""


def slack_error_code(error: SlackApiError) -> str:
    try:
        return str(error.response.get("error", ""))
    except Exception:  # a response that is not JSON
        return ""


def post_messages(
    deps: SitrepDeps, *, channel: str, messages: list[Message], thread_ts: str | None = None
) -> list[str]:
    """chat.postMessage each message in order (no unfurling: we show our own source links);
    returns the posted messages' ts."""
    posted = []
    for message in messages:
        response = deps.client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
            **message.as_kwargs(),
        )
        if response.get("ts"):
            posted.append(str(response["ts"]))
    return posted


def _fit_response_url(messages: list[Message]) -> list[Message]:
    if len(messages) <= RESPONSE_URL_MAX_MESSAGES:
        return messages
    kept = messages[: RESPONSE_URL_MAX_MESSAGES - 1]
    more = "The answer is longer than Slack lets me show privately; ask a narrower question."
    return [
        *kept,
        Message(
            text=more, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f"_{more}_"}}]
        ),
    ]


@dataclass
class ResponseUrlReplies:
    """Slash commands, buttons and shortcuts: private via response_url, public via chat.postMessage."""

    deps: SitrepDeps
    user_id: str
    channel_id: str
    response_url: str | None
    _sent: int = field(default=0, init=False)

    def answer(self, messages: list[Message]) -> None:
        self.private(messages)

    def private(self, messages: list[Message]) -> None:
        if not self.response_url:
            self._post_ephemeral(messages)
            return
        webhook = self.deps.webhook(self.response_url)
        for message in _fit_response_url(messages)[: RESPONSE_URL_MAX_MESSAGES - self._sent]:
            response = webhook.send(
                response_type="ephemeral", replace_original=False, **message.as_kwargs()
            )
            self._sent += 1
            if response.status_code != 200:
                raise RuntimeError(f"response_url answered {response.status_code}: {response.body}")

    def public(self, messages: list[Message], *, thread_ts: str | None = None) -> list[str]:
        """Post in the channel (returns the messages' ts); if the bot is not a member, tell
        the user how to invite it (and return no ts)."""
        try:
            return post_messages(
                self.deps, channel=self.channel_id, messages=messages, thread_ts=thread_ts
            )
        except SlackApiError as error:
            if slack_error_code(error) not in NOT_A_MEMBER_ERRORS:
                raise
            logger.info(
                "cannot post in %s (%s): asking the user to invite the bot",
                self.channel_id,
                slack_error_code(error),
            )
            self.private([invite_hint_message(self.channel_id)])
            return []

    def _post_ephemeral(self, messages: list[Message]) -> None:
        for message in messages:
            self.deps.client.chat_postEphemeral(
                channel=self.channel_id, user=self.user_id, **message.as_kwargs()
            )


@dataclass
class ThreadReplies:
    """Mentions and DMs: answers in the conversation (in the thread), errors privately."""

    deps: SitrepDeps
    user_id: str
    channel_id: str
    thread_ts: str | None
    is_dm: bool = False

    def answer(self, messages: list[Message]) -> None:
        post_messages(
            self.deps, channel=self.channel_id, messages=messages, thread_ts=self.thread_ts
        )

    def private(self, messages: list[Message]) -> None:
        if self.is_dm:  # a DM is already private
            self.answer(messages)
            return
        for message in messages:
            self.deps.client.chat_postEphemeral(
                channel=self.channel_id,
                user=self.user_id,
                thread_ts=self.thread_ts,
                **message.as_kwargs(),
            )


MAX_MODAL_BLOCKS = 100


@dataclass
class ModalReplies:
    """Buttons in the App Home tab or a modal: no response_url there, so answers open a modal."""

    deps: SitrepDeps
    user_id: str
    trigger_id: str
    in_modal: bool = False  # a button inside a modal pushes a new view onto it

    def answer(self, messages: list[Message]) -> None:
        self.private(messages)

    def private(self, messages: list[Message]) -> None:
        blocks = [b for m in messages for b in m.blocks][:MAX_MODAL_BLOCKS]
        view = {
            "type": "modal",
            "title": {"type": "plain_text", "text": "sitrep"},
            "close": {"type": "plain_text", "text": "Close"},
            "blocks": blocks,
        }
        if self.in_modal:
            self.deps.client.views_push(trigger_id=self.trigger_id, view=view)
        else:
            self.deps.client.views_open(trigger_id=self.trigger_id, view=view)
