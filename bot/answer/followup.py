"""Follow-up questions in a thread: "what about Malian soldiers?" after "latest Wagner losses in Mali".

The previous answer's filters are the context. A follow-up replaces only what it names (who,
where, when, which outcome) and keeps the rest; "sources?" re-asks for the sources. A full
question with its own actor and place starts afresh.
"""

from __future__ import annotations

import re

from bot.answer.question import ParsedQuestion
from bot.views import AnswerKind, QueryFilters

_FOLLOW_UP_OPENERS = re.compile(
    r"^\W*(?:and|what about|how about|what of|same for|same|but|also|now|then|ok|okay|only)\b",
    re.IGNORECASE,
)
# A question this short that names no kind of answer leans on the previous one ("wounded?").
MAX_ELLIPTIC_WORDS = 4


def is_follow_up(parsed: ParsedQuestion, context: QueryFilters | None) -> bool:
    """Whether the question leans on the previous answer rather than standing alone."""
    if context is None:
        return False
    f = parsed.filters
    if (f.actors or f.victims) and (f.places or f.countries):
        return False
    if _FOLLOW_UP_OPENERS.search(parsed.question):
        return True
    words = re.findall(r"[^\W_]+", parsed.question)
    return len(words) <= MAX_ELLIPTIC_WORDS and (
        parsed.kind == "sources" or not parsed.explicit_kind or parsed.kind == "totals"
    )


def apply_context(parsed: ParsedQuestion, context: QueryFilters | None) -> ParsedQuestion:
    """The question with the previous answer's filters filled in where it says nothing new."""
    if context is None or not is_follow_up(parsed, context):
        return parsed
    new = parsed.filters
    merged = context.model_copy(deep=True)
    if new.actors or new.victims:
        if context.victims and not context.actors and not new.victims:
            # "what about Malian soldiers?" after a question about losses: they are the victims.
            merged.victims, merged.actors = list(new.actors), []
        else:
            merged.victims, merged.actors = list(new.victims), list(new.actors)
    if new.places or new.countries:
        merged.places, merged.countries = list(new.places), list(new.countries)
    if new.outcomes:
        merged.outcomes = list(new.outcomes)
    if new.date_from or new.date_to:
        merged.date_from, merged.date_to = new.date_from, new.date_to
    if new.event_types:
        merged.event_types = list(new.event_types)
    if new.text:
        merged.text = new.text
    kind: AnswerKind = parsed.kind if parsed.explicit_kind else _previous_kind(context)
    merged.kind = kind
    return ParsedQuestion(
        question=parsed.question,
        kind=kind,
        filters=merged,
        explicit_kind=parsed.explicit_kind,
        place_countries=parsed.place_countries,
    )


def _previous_kind(context: QueryFilters) -> AnswerKind:
    kinds: dict[str, AnswerKind] = {
        "latest": "latest",
        "place": "place",
        "totals": "totals",
        "claims": "claims",
        "sources": "sources",
    }
    return kinds.get(context.kind or "", "latest")
