"""One person's death whose subject the group reader could not parse.

The group reader (groups.py) finds people by their figure or a short noun phrase next to the
outcome. Notes often put a long, unusual subject before a singular death verb: "A fighter with
Canadian as well as Libyan nationality died on 5 March", "the singer and anti-regime protester
"Lisuba" (Pascal Nshimirimana) was shot and killed", "An alleged IS "senior commander" Abu
Mohamed al-Dernawi, was found dead". When a sentence yields no casualty at all, a singular death
verb ("was killed", "died") whose clause opens with "a", "an", "the" or a name still reports one
death. Anything that doubts or denies it ("no one", "anyone", "almost", "whether") does not.
"""

from __future__ import annotations

from bot.extract.casualty import Casualty
from bot.extract.claim_words import (
    BE_AUX,
    LOCATIVE_PREPS,
    NEGATIONS,
    NON_PERSON,
    PP_STARTS,
    WHEN_WORDS,
    is_person_head,
)
from bot.extract.groups import clean_phrase
from bot.extract.outcomes import Triggers
from bot.extract.sentence_view import SentenceView
from bot.extract.syntax import clause_start, is_adverb, name_word
from bot.extract.types import ActorInfo, Quantity

_SINGULAR_AUX = frozenset({"was", "is", "has"})
_PLURAL_AUX = frozenset({"were", "are", "have"})
_DYING = frozenset({"died", "dies", "succumbed", "succumbs", "perished"})
# Words that doubt, deny or generalise the death: never one certain death.
_DOUBT = NEGATIONS | frozenset(
    [
        *("anyone", "anybody", "someone", "somebody", "nobody", "almost", "nearly", "narrowly"),
        *("whether", "if", "feared", "unclear", "escaped", "survived", "rumoured", "rumored"),
        *("could", "would", "might", "may"),
    ]
)
_OPENERS = frozenset({"a", "an", "the", "another"})
_SUBJECT_STOP = BE_AUX | frozenset(
    {"has", "have", "had", ",", "(", "who", "which", "that", "whose", "-", "–", "—"}
)
# Nouns of people by what they do: "bricklayer", "activist", "watchman", "poet" aside.
_AGENT_ENDINGS = ("er", "or", "ist", "man", "men", "ian", "ant", "ent", "ee", "poet")
_MAX_SUBJECT = 14
_QUOTE_MARKS = '"“”'
# An opening phrase before the subject: "Under disputed circumstances, ...", "On 5 March, ...".
_OPENING_PREPS = PP_STARTS | frozenset({"under", "amid", "during", "despite", "following"})


def find_lone_death(
    view: SentenceView, triggers: Triggers, *, first_report: bool
) -> Casualty | None:
    """One death read from a singular death verb and the start of its clause (see module).

    After an earlier report (`first_report` false) only "a"/"an" introduces someone new: "the
    man" or a name then most likely restates a death already counted.
    """
    words = view.words
    for i in sorted(triggers):
        outcome, how, _last = triggers[i]
        if outcome != "killed" or how == "active":
            continue
        before = set(words[max(0, i - 3) : i])
        start = clause_start(view, i)
        if start > 0 and words[start - 1] in ("who", "that"):
            # "an elderly imam who was unable to flee perished": the subject is before "who".
            start = clause_start(view, start - 1)
        if before & _PLURAL_AUX or not (before & _SINGULAR_AUX or words[i] in _DYING):
            group = _figure_subject(view, start, i) if first_report else None
            if group is not None:
                return group
            continue
        first = _subject_start(view, start, i)
        if first is None or set(words[first:i]) & _DOUBT:
            continue
        if not first_report and words[first] not in ("a", "an", "another"):
            continue
        phrase, last = _subject_phrase(view, first, i)
        if any(k in view.quantity_starts and not _age(view, k) for k in range(first, last + 1)):
            continue  # a figure the group reader judged (and set aside) on purpose
        if not _names_a_person(view, first, last):
            continue  # "the truce died", "the truck was hit": not a person
        return Casualty(
            outcome="killed",
            quantity=Quantity(1, 1, None, view.tokens[first].text),
            qualifier=None,
            anchor=first,
            victims=_side(view, first, i),
            victim_phrase=phrase,
            definite=words[first] == "the",
        )
    return None


def _figure_subject(view: SentenceView, start: int, verb: int) -> Casualty | None:
    """A plural subject counted by the figure that opens its clause, far from its verb: "On 19
    April, three detainees held at an army position in Eringeti (Beni territory) were
    summarily executed". Only the document's first report: later figures may restate it."""
    words = view.words
    start = _past_opening_phrase(view, start, verb)
    span = next((q for q in view.quantities if q.first == start), None)
    if span is None or span.quantity.low is None or _age(view, start):
        return None
    if set(words[start:verb]) & _DOUBT or any(
        k in view.quantity_starts for k in range(span.last + 1, verb)
    ):
        return None
    if span.last + 1 >= verb:
        return None
    phrase, last = _subject_phrase(view, span.last + 1, verb)
    if not phrase or not _names_a_person(view, span.last + 1, last):
        return None
    return Casualty(
        outcome="killed",
        quantity=span.quantity,
        qualifier=None,
        anchor=start,
        victims=_side(view, span.last + 1, verb),
        victim_phrase=phrase,
    )


def _past_opening_phrase(view: SentenceView, start: int, verb: int) -> int:
    """The first word after an opening phrase ("On 5 March, ..."), or `start`; `verb` when the
    phrase runs up to the verb."""
    words = view.words
    if start < verb and (words[start] in _OPENING_PREPS or words[start] in WHEN_WORDS):
        comma = next((k for k in range(start, verb) if words[k] == ","), None)
        return verb if comma is None else comma + 1
    return start


def _subject_start(view: SentenceView, start: int, verb: int) -> int | None:
    """The clause's subject start, past an opening phrase ("Under disputed circumstances,",
    "On 5 March,"): an article or a name, else None."""
    words = view.words
    start = _past_opening_phrase(view, start, verb)
    if start >= verb:
        return None
    if words[start] in _OPENERS or name_word(view, start):
        return start
    return None


def _names_a_person(view: SentenceView, first: int, last: int) -> bool:
    """A person noun ("fighter"), an agent noun ("bricklayer", "activist"), an age ("a
    19-year-old"), an actor or a name in the subject, and no thing ("truck", "village")."""
    words = view.words[first : last + 1]
    # Only the words before a modifier count: "a trader living near the border" is no border.
    cut = next(
        (k for k, w in enumerate(words) if k and (w in LOCATIVE_PREPS or _modifier(w))),
        len(words),
    )
    words = words[:cut]
    if set(words) & NON_PERSON:
        return False
    return any(
        is_person_head(w)
        or w.endswith(_AGENT_ENDINGS)
        or w.endswith("-year-old")
        or view.mention_covering(k) is not None
        or (k > first and name_word(view, k))
        for k, w in enumerate(words, start=first)
    )


_MODIFYING_PARTICIPLES = frozenset(
    ["known", "aged", "accused", "suspected", "wanted", "held", "detained", "based", "stationed"]
)


def _modifier(word: str) -> bool:
    """ "living", "known": a participle opening a modifier after the subject's head."""
    return word.endswith("ing") or word in _MODIFYING_PARTICIPLES


def _age(view: SentenceView, k: int) -> bool:
    """ "a 65-year-old leader": the figure is an age, not a head count."""
    return "year" in view.words[k + 1 : k + 3] or "-year-old" in view.tokens[k].text


def _subject_phrase(view: SentenceView, first: int, verb: int) -> tuple[str, int]:
    """The subject's words, up to an aside, a relative clause or the auxiliaries, and the
    index of its last word."""
    words = view.words
    last = first
    k = first + 1 if words[first] in _OPENERS else first
    while k < verb and k - first < _MAX_SUBJECT:
        w = words[k]
        span = view.mention_covering(k)
        if span is not None:  # "An alleged IS commander": a name, not the verb "is"
            last = k = span.last
            k += 1
            continue
        glued = w == "-" and view.tokens[k - 1].end == view.tokens[k].start
        if (w in _SUBJECT_STOP and not glued) or is_adverb(w):
            break  # ("anti-regime" goes on)
        if w in ('"', "“", "”"):
            k += 1
            continue
        last = k
        k += 1
    if last < first or (last == first and words[first] in _OPENERS):
        return "", last
    start = first + 1 if words[first] in _OPENERS else first
    head_last = next(
        (
            k - 1
            for k in range(start + 1, last + 1)
            if words[k] in LOCATIVE_PREPS or _modifier(words[k])
        ),
        last,
    )
    phrase = view.span_text(start, head_last)
    if sum(phrase.count(q) for q in _QUOTE_MARKS) % 2:
        phrase = "".join(c for c in phrase if c not in _QUOTE_MARKS)  # a quote cut in half
    return clean_phrase(phrase), last


def _side(view: SentenceView, first: int, verb: int) -> list[ActorInfo]:
    """The actor the person belongs to, when the subject's first words name one: "An alleged
    IS commander" (not "a worker from Nahia", where the name is a place after a preposition)."""
    for k in range(first, min(verb, first + 4)):
        if view.words[k] in LOCATIVE_PREPS:
            break
        span = view.mention_covering(k)
        if span is not None:
            return [span.mention.actor]
    return []
