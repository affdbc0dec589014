"""Typed user-facing errors: one handler turns them into ephemeral Slack replies or CLI messages."""

from __future__ import annotations


class SitrepError(Exception):
    """An error whose message is meant for the user (no traceback needed)."""


class UsageError(SitrepError):
    """The user asked in a way we cannot parse; the message says how to ask."""


class IngestError(SitrepError):
    """A document could not be ingested (empty, binary, too large, unreachable...)."""


class NotFoundError(SitrepError):
    """The thing asked for (event id, subscription id...) does not exist."""


class ConfigError(SitrepError):
    """Missing or placeholder configuration; the message names the variable."""
