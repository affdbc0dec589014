"""Answering analysts' questions from stored events and claims (no Slack here)."""

from bot.answer.answering import answer_question, recent_events

__all__ = ["answer_question", "recent_events"]
