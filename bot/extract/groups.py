"""Victim groups: every figure that can count people, with the words naming them.

"84 Russian Wagner mercenaries", "a soldier", "the chairman", "Abdi Mohamed Hassan",
"his son", "civilians" (no figure): a `Group` is a figure (or an article, pronoun or name
standing for one person) and the noun phrase it counts, before anything is known about what
happened to them. Deciding the outcome is casualties.py's job.

A group's `roles` say how it may meet its outcome, because a bare article or name is much
weaker evidence than a figure:

* "passive"  - the outcome follows it: "12 soldiers were killed", "a soldier killed";
* "active"   - the outcome comes first: "killing 12 soldiers", "killed a fisherman";
* "noun"     - its own head word is the outcome: "12 deaths", "the body of ...";
* "passive_singular" - "the chairman was killed": only with "was/is/has" before the outcome;
* "passive_direct"   - "a butcher was stabbed to death": an unknown noun, so only when just
  auxiliaries stand between it and the outcome;
* "bare"     - no figure at all: "killed civilians", "soldiers were killed" (ACLED's plural).

Headlines drop articles, so a bare singular person noun in a list right next to an outcome is
one person each ("Husband, wife and baby killed", "Gunmen kill doctor, nurse", "drone kills
Palestinian"); those groups get their outcome here, from the list walk. "Both" counts two;
"an elderly couple" two. Plurals without an "s" ("people", "gunmen") are never one person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from bot.extract.actors import GENERIC_KINDS, NOT_VICTIM_KINDS
from bot.extract.claim_words import (
    ACCUSATION,
    AUX,
    BODY_DETERMINERS,
    DETERMINERS,
    ED_MODIFIERS,
    GROUP_NOUNS,
    NON_PERSON,
    NP_STOP,
    OBJECT_PREPS,
    OUTCOME_NOUNS,
    PLACE_NOUNS,
    PRESENT_FORMS,
    RELATIONAL,
    RESULT_VERBS,
    STOP_PARTICIPLES,
    is_demonym,
    is_person_head,
)
from bot.extract.outcomes import TRIGGER_WORDS, Triggers, has_object, trigger_at
from bot.extract.sentence_view import MentionSpan, SentenceView
from bot.extract.syntax import name_starts, name_word
from bot.extract.types import ActorInfo, Quantity

VAGUE_QUALIFIER = "unspecified number"
# Nouns whose "of" phrase names the dead: "the killing of a journalist".
_DEATH_NOUNS = frozenset(["death", "deaths", "killing", "killings", "murder", "murders"])
_REPORT_NOUNS = frozenset(
    ["claim", "claims", "report", "reports", "statement", "statements", "allegation", "allegations"]
)

ANY_ROLE = frozenset({"passive", "active", "noun"})
SUBJECT_ROLE = frozenset({"passive"})
OBJECT_ROLE = frozenset({"active"})
NOUN_ROLE = frozenset({"noun"})

_UNKNOWN_RE = re.compile(
    r"\b(?:an?\s+)?(?:unknown|unspecified|undetermined|undisclosed|unconfirmed)\s+numbers?\s+of\b",
    re.IGNORECASE,
)
_QUOTES = {"(": ")", '"': '"', "“": "”", "”": "”", "'": "'", "‘": "’", "’": "’"}
_SMALL_NUMBERS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
)
_SINGLE_PERSON_STARTS = frozenset({"a", "an", "another", "his", "her", "their", "its", "the"})


@dataclass
class Group:
    """A figure and the people it counts, and (once known) the outcome attached to them."""

    q_first: int  # the figure's tokens [q_first, q_last]
    q_last: int
    quantity: Quantity
    np_first: int  # the noun phrase's tokens [np_first, np_last]; np_last < np_first: elided
    np_last: int
    victims: list[MentionSpan] = field(default_factory=list)
    head: str = ""
    roles: frozenset[str] = ANY_ROLE
    outcome: str | None = None
    how: str = ""  # passive, active or noun: how the outcome was attached
    trigger: int = -1  # the outcome phrase's tokens [trigger, trigger_last]
    trigger_last: int = -1
    subset: bool = False
    extra_victims: list[MentionSpan] = field(default_factory=list)  # "... and Wagner operatives"
    via_relative: bool = False  # the outcome was reached through "who"/"which"/"that"
    skipped_to: int = -1  # its own outcome word, when a phrase was skipped to reach it

    @property
    def end(self) -> int:
        return max(self.np_last, self.q_last)

    @property
    def elided(self) -> bool:
        """ "2 injured", "killing 4 and wounding 9 others": no words of its own for the people."""
        return self.np_last < self.np_first or self.head in ("others", "more", "them", "")

    def attach(self, outcome: str, how: str, first: int, last: int) -> None:
        self.outcome, self.how, self.trigger, self.trigger_last = outcome, how, first, last


def _skip_age(view: SentenceView, i: int) -> int:
    """ "65-year-old", "aged 65": a figure that describes the person; returns the index after it."""
    words = view.words
    n = len(words)
    if (
        i + 1 < n
        and words[i] == "aged"
        and (words[i + 1][:1].isdigit() or words[i + 1] in _SMALL_NUMBERS)
    ):
        return i + 2
    is_figure = i < n and (words[i][:1].isdigit() or words[i] in _SMALL_NUMBERS)
    if (
        is_figure
        and i + 2 < n
        and words[i + 1] == "-"
        and words[i + 2] in ("year", "years", "month", "months")
    ):
        j = i + 3
        while j + 1 < n and words[j] == "-" and words[j + 1] == "old":
            j += 2
        return j
    return i


def parse_group(
    view: SentenceView, start: int, taken: set[int]
) -> tuple[int, list[MentionSpan], str]:
    """The people phrase starting at `start`: (last token index, actor mentions, head word).

    Stops at verbs, prepositions and punctuation, and right after a person noun or an actor
    ("a person accused of ..." -> "person"), so a participle after the group is not swallowed.
    A second figure in "two of three suspected robbers" is added to `taken`.
    """
    words = view.words
    tokens = view.tokens
    n = len(words)
    i = start
    if i < n and words[i] == "of":  # "dozens of casualties", "three of the attackers"
        i += 1
        if i < n and words[i] in ("them", "whom"):
            return i, [], "them"  # "one of whom later died"
        if i < n and words[i] in ("the", "their", "its", "our", "his", "her", "those", "these"):
            i += 1
        for q in view.quantities:
            if q.first == i:
                taken.update(range(q.first, q.last + 1))
                i = q.last + 1
                break
    last = start - 1
    mentions: list[MentionSpan] = []
    head = ""
    headed = False  # a person noun or an actor naming people has been read
    relational = ""  # "chief" in "chief of Kuda village"
    count = 0
    while i < n and count < 8:
        w = words[i]
        span = view.mention_covering(i)
        if span is not None:
            mentions.append(span)
            last, head = span.last, words[span.last]
            # "Malian soldiers" ends a group; "al Shabaab" may go on ("al Shabaab fighters").
            headed = is_person_head(head)
            i = span.last + 1
            count += 1
            continue
        if w == "#" and i + 1 < n and tokens[i].end == tokens[i + 1].start:
            i += 1  # a hashtag: "20 #Taliban fighters"
            continue
        if w in ('"', "”", "'") and count == 0 and i > 0 and tokens[i - 1].end == tokens[i].start:
            i += 1  # a closing quote right after the figure: '"Several" Boko Haram'
            continue
        if w in _QUOTES:
            close = next((k for k in range(i + 1, min(n, i + 8)) if words[k] == _QUOTES[w]), None)
            if close is not None and (w == "(" or not headed):
                i = close + 1
                continue
            break
        after_age = _skip_age(view, i)
        if after_age != i:
            if w == "aged":
                last = after_age - 1  # "a man aged 45": the age belongs to the group
            i = after_age
            continue
        acronym = len(tokens[i].text) >= 2 and tokens[i].text.isupper()  # "40 AS fighters"
        if (w in NP_STOP and not acronym) or not (tokens[i].text[0].isalpha() or w == "-"):
            break
        if i in view.quantity_starts:
            break
        participle = w.endswith("ed") and w not in ED_MODIFIERS and not name_word(view, i)
        if count > 0 and (w in STOP_PARTICIPLES or participle):  # not "Ahmed", "Mohamed"
            break
        missing_adjective = w == "missing" and i + 1 < n and is_person_head(words[i + 1])
        if w not in OUTCOME_NOUNS and trigger_at(words, i) is not None and not missing_adjective:
            break
        if count > 0 and w == "dead":
            break  # "shot a man dead", "left two people dead": a predicate
        if w in _REPORT_NOUNS:
            break  # "..., a claim Al-Shabaab denied": a report, not people
        if w == "-":
            glued = tokens[i - 1].end == tokens[i].start if i > 0 else False
            if glued and i + 1 < n and tokens[i + 1].text[0].isalpha() and last == i - 1:
                i += 1
                continue
            break
        if headed and name_word(view, i):
            last = i  # a name in apposition: "Ruling party official Pascal Kazungu"
            i += 1
            count += 1
            continue
        if headed and (w in NON_PERSON or w in PLACE_NOUNS):
            last, head = i, w  # "a police station", "the army base": a place, not people
            break
        # A person word used as a modifier goes on: "Fulani business partner", "police force".
        modifier = i + 1 < n and is_person_head(words[i + 1]) and not w.endswith(("ing", "ed"))
        if headed and not (is_person_head(w) or w in OUTCOME_NOUNS or w in GROUP_NOUNS or modifier):
            break
        last, head = i, w
        count += 1
        i += 1
        headed = headed or is_person_head(w)
        if w in OUTCOME_NOUNS and w not in ("injured", "wounded", "dead"):
            break
        # "members of the sect", "commander of the Benghazi Shura Council".
        if w in RELATIONAL and i + 1 < n and words[i] == "of":
            j = i + 1
            if j < n and words[j] in ("the", "their", "its", "our", "a", "an"):
                j += 1
            household = words[j : j + 2] in (["one", "family"], ["same", "family"])
            if j < n and (
                view.mention_covering(j) is not None
                or tokens[j].text[0].isupper()
                or tokens[j].text[0].isdigit()
                or household  # "eight members of one family"
            ):
                if household:
                    taken.add(j)  # "one" counts the family, not the dead
                    last, head = j + 1, "members"
                    break
                i = j
                headed = False
                relational = w
    if relational and not mentions and not is_person_head(head):
        # "the chief of Kuda village": a person, named by the place they lead.
        head = relational
    return last, mentions, head


def find_groups(view: SentenceView, triggers: Triggers) -> list[Group]:
    """Every figure that could count people in the sentence, ordered by position."""
    n = len(view.words)
    # Figure-less groups ("the soldier", "civilians") only matter near an outcome word.
    near: set[int] = set()
    for t_first, (_outcome, _how, t_last) in triggers.items():
        near.update(range(max(0, t_first - 14), min(n, t_last + 12)))
        near.update(_before_apposition(view, t_first))
    for k, w in enumerate(view.words):
        if w in ("body", "corpse", "bodies", "corpses"):
            near.update(range(max(0, k - 2), k + 1))
        elif w in _DEATH_NOUNS:
            near.update(range(k, min(n, k + 5)))  # "the death of Mohamed Falah"
    taken: set[int] = set()
    groups = _figure_groups(view, taken)
    groups.extend(_single_person_groups(view, near, taken))
    groups.extend(_both_groups(view, near, taken))
    groups.extend(_listed_singular_groups(view, triggers, groups, taken))
    groups.extend(_bare_groups(view, near, taken))
    groups.sort(key=lambda g: g.q_first)
    return groups


def _before_apposition(view: SentenceView, t_first: int) -> range:
    """The words before a long comma aside that ends right before the verb: in "Ahmed Ould
    Mohamed, a 38-year-old cattle broker and father of six, was shot dead" the person named
    is far from "shot dead"."""
    words = view.words
    k = t_first - 1
    while k >= 0 and words[k] in AUX:
        k -= 1
    if k < 0 or words[k] != ",":
        return range(0)
    opening = next((j for j in range(k - 1, max(-1, k - 40), -1) if words[j] == ","), None)
    if opening is None:
        return range(0)
    return range(max(0, opening - 8), opening)


def _figure_groups(view: SentenceView, taken: set[int]) -> list[Group]:
    """Groups counted by a figure: "84 Russian Wagner mercenaries", "an unknown number of"."""
    spans: list[tuple[int, int, Quantity]] = [
        (q.first, q.last, q.quantity) for q in view.quantities
    ]
    for match in _UNKNOWN_RE.finditer(view.text) if "number" in view.text else ():
        first = next((k for k, t in enumerate(view.tokens) if t.start >= match.start()), None)
        last = next((k for k, t in enumerate(view.tokens) if t.end >= match.end()), None)
        if first is not None and last is not None:
            text = match.group().removesuffix(" of")
            spans.append((first, last - 1, Quantity(None, None, "unknown number", text)))
    spans.sort(key=lambda s: (s[0], s[1]))
    groups: list[Group] = []
    for first, last, quantity in spans:
        if first in taken:
            continue
        if any(view.mention_covering(k) is not None for k in range(first, last + 1)):
            continue  # a figure inside an actor name ("3R", "M23")
        np_last, mentions, head = parse_group(view, last + 1, taken)
        groups.append(Group(first, last, quantity, last + 1, np_last, mentions, head))
        taken.update(range(first, max(last, np_last) + 1))
    return groups


def _single_person_groups(view: SentenceView, near: set[int], taken: set[int]) -> list[Group]:
    """One person named without a figure: an article, possessive, pronoun, body or name."""
    words = view.words
    n = len(words)
    groups: list[Group] = []

    def one(
        i: int,
        np_first: int,
        np_last: int,
        mentions: list[MentionSpan],
        head: str,
        roles: frozenset[str],
    ) -> None:
        quantity = Quantity(1, 1, None, view.tokens[i].text)
        groups.append(Group(i, i, quantity, np_first, np_last, mentions, head, roles))
        taken.update(range(i, max(i, np_last) + 1))

    articles = [k for k, w in enumerate(words) if w in ("a", "an", "another")]
    for i in sorted(near.union(articles)):
        w = words[i]
        if i in taken or (i > 0 and w not in ("a", "an") and view.mention_covering(i) is not None):
            continue
        prev = words[i - 1] if i > 0 else ""
        governor = words[i - 2] if prev in DETERMINERS and i > 1 else prev
        coordinated = prev == "with" and i > 1 and words[i - 2] in ("along", "together")
        if governor in OBJECT_PREPS and not coordinated and w not in ("body", "corpse", "death"):
            continue  # "according to the Guard", "attacked by a gunman": not a victim
        if w in _SINGLE_PERSON_STARTS:
            np_last, mentions, head = parse_group(view, i + 1, taken)
            if np_last < i + 1:
                if w == "another":
                    one(i, i + 1, i, [], "", ANY_ROLE)  # "... and injuring another"
                continue
            if np_last + 1 in view.quantity_starts:
                continue  # "an additional three", "the remaining 12": the figure counts
            if head in ("body", "corpse"):
                followed_by_of = np_last + 1 < n and words[np_last + 1] == "of"
                if (w in BODY_DETERMINERS or prev in BODY_DETERMINERS) and not followed_by_of:
                    one(i, i + 1, np_last, [], head, NOUN_ROLE)
                continue
            of_figure = words[np_last + 1 : np_last + 2] == ["of"] and (
                np_last + 2 in view.quantity_starts
            )
            if head == "family" and of_figure:
                continue  # "a family of four": the figure counts them
            if head == "couple" and w in ("a", "an", "the"):
                # "an elderly couple was killed": two people.
                quantity = Quantity(2, 2, None, view.tokens[i].text)
                groups.append(Group(i, i, quantity, i + 1, np_last, mentions, head, ANY_ROLE))
                taken.update(range(i, np_last + 1))
                continue
            if head in NON_PERSON or head in OUTCOME_NOUNS:
                continue
            if head.endswith("s") and head not in ("police", "boss", "corps") and not mentions:
                continue  # plural: "a number of soldiers" is counted elsewhere
            person = bool(mentions) or any(
                is_person_head(x) or x == "couple" for x in words[i + 1 : np_last + 1]
            )
            if w in ("a", "an", "another"):
                one(
                    i,
                    i + 1,
                    np_last,
                    mentions,
                    head,
                    ANY_ROLE if person else OBJECT_ROLE | {"passive_direct"},
                )
            elif w == "the":
                roles = {"passive_singular", "active"} if person else {"passive_singular"}
                one(i, i + 1, np_last, mentions, head, frozenset(roles))
            elif person:  # his/her + a person: "killing his wife", "his son was killed"
                one(i, i + 1, np_last, mentions, head, ANY_ROLE - NOUN_ROLE)
        elif w in ("him", "her", "himself", "herself"):
            one(i, i + 1, i, [], "", OBJECT_ROLE)
        elif w in ("he", "she"):
            one(i, i + 1, i, [], "", SUBJECT_ROLE)
        elif w in ("body", "corpse") and prev in BODY_DETERMINERS:
            # "a body was found"; "The body of Colonel Aunis Al-Sahli ... was found".
            of_name = i + 2 < n and words[i + 1] == "of" and view.tokens[i + 2].text[:1].isupper()
            # "the body of journalist John Okello": a role word, then the name.
            of_name = of_name or (
                i + 3 < n
                and words[i + 1] == "of"
                and is_person_head(words[i + 2])
                and name_word(view, i + 3)
            )
            if words[i + 1 : i + 2] != ["of"] or (of_name and view.mention_covering(i + 2) is None):
                one(i, i, i, [], w, NOUN_ROLE)
        elif w == "death" and i >= 2 and words[i - 2] in RESULT_VERBS and prev in ("his", "her"):
            # "resulting in her death" ("the death of Mohamed Falah": the name is the group).
            one(i, i, i, [], "death", NOUN_ROLE)
        elif i == 0 and view.tokens[0].text[:1].isupper():
            _sentence_start_group(view, taken, one)
        elif name_starts(view, i):
            # A named person: "shot dead Ahmed Ali"; "Boondheere District officer" goes on
            # to the noun after the name.
            end = i
            while end + 1 < n and name_word(view, end + 1):
                end += 1
            np_last, mentions, head = parse_group(view, i, taken)
            if np_last < end:
                np_last, head = end, words[end]
            one(i, i, np_last, mentions, head, frozenset({"passive_singular", "active"}))
    return groups


def _sentence_start_group(view: SentenceView, taken: set[int], one: _OneGroup) -> None:
    """A note-style sentence with a bare singular subject: "Soldier killed in an ambush",
    "Abdi Mohamed Hassan was assassinated in Mogadishu"."""
    words = view.words
    n = len(words)
    np_last, mentions, head = parse_group(view, 0, taken)
    ends_with_actor = bool(mentions) and mentions[-1].last == np_last
    person = any(is_person_head(x) for x in words[: np_last + 1])
    singular = not _plural(head)
    if np_last >= 0 and singular and (ends_with_actor or person):
        one(0, 0, np_last, mentions, head, SUBJECT_ROLE)
    elif n > 1 and name_word(view, 0) and name_word(view, 1):
        end = 1
        while end + 1 < n and name_word(view, end + 1):
            end += 1
        one(0, 0, end, [], words[end], frozenset({"passive_singular"}))


def _both_groups(view: SentenceView, near: set[int], taken: set[int]) -> list[Group]:
    """ "Both men were killed", "both of them died", "killing both": two people.

    Not "both sides" (no people) nor "both soldiers and civilians" (a coordination whose
    figures, if any, are elsewhere).
    """
    words = view.words
    n = len(words)
    groups: list[Group] = []
    for i in sorted(near):
        if words[i] != "both" or i in taken:
            continue
        quantity = Quantity(2, 2, None, view.tokens[i].text)
        np_last, mentions, head = parse_group(view, i + 1, set())
        if np_last < i + 1:
            # The pronoun: "killing both", "both died" (never "both in Mali and Niger").
            nxt = words[i + 1] if i + 1 < n else "."
            if nxt in (".", ",", ";", "were", "are", "died", "have", "had"):
                groups.append(Group(i, i, quantity, i + 1, i, [], "", ANY_ROLE - NOUN_ROLE))
                taken.add(i)
            continue
        if head in ("them", "whom"):  # "both of them"
            groups.append(Group(i, np_last, quantity, i + 1, i, [], "", ANY_ROLE - NOUN_ROLE))
            taken.update(range(i, np_last + 1))
            continue
        if not (is_person_head(head) or mentions) or head in NON_PERSON:
            continue
        if np_last + 1 < n and words[np_last + 1] in ("and", "&"):
            continue
        groups.append(Group(i, i, quantity, i + 1, np_last, mentions, head, ANY_ROLE))
        taken.update(range(i, np_last + 1))
    return groups


# Before a bare singular noun phrase that opens a list item: "Soldier, chief killed",
# "UN says Moroccan peacekeeper killed", "Gunmen kill doctor".
_ITEM_OPENERS = frozenset({",", "and", "&", ":", "|", '"', "'", "“", "‘", "says", "said", "say"})
# Person nouns that are plural without an "s": never one person.
_PLURAL_HEADS = frozenset(
    ["people", "men", "women", "children", "police", "personnel", "staff", "crew", "folk", "clergy"]
)
# Between a listed group and its passive outcome: "Soldier (was) killed".
_LIST_AUX = frozenset({"was", "were", "is", "are", "been", "has", "have", "had", "being"})


def _plural(head: str) -> bool:
    """ "soldiers", "gunmen", "people": never one person."""
    return head.endswith(("s", "men")) or head in _PLURAL_HEADS


def _is_demonym(view: SentenceView, k: int) -> bool:
    """ "Palestinians", "Syrian", "Somalis": people named by their nationality."""
    return is_demonym(view.tokens[k].text)


def _bare_singular(view: SentenceView, first: int, taken: set[int]) -> tuple[int, str] | None:
    """A bare singular person phrase starting at `first` ("local chief", "Moroccan
    peacekeeper", "Palestinian"): (its last token, its head), or None. Headlines drop
    articles: each such phrase is one person."""
    words = view.words
    if first < 0 or first in taken or words[first] in DETERMINERS or first in view.quantity_starts:
        return None
    before = words[first - 1] if first > 0 else ","
    if before not in _ITEM_OPENERS and before not in TRIGGER_WORDS:
        return None
    last, _mentions, head = parse_group(view, first, set())
    if last < first or any(k in taken for k in range(first, last + 1)):
        return None
    if head in OUTCOME_NOUNS or head in NON_PERSON or _plural(head):
        return None
    if is_person_head(head):
        return last, head
    if _is_demonym(view, last) and view.mention_covering(last) is None:
        return last, head
    if before in TRIGGER_WORDS and last == first and first > 0 and name_word(view, first):
        return last, head  # a one-word name: "police killed Musa"
    return None


class _ListWalk:
    """Lists of single people around one outcome phrase (see `_listed_singular_groups`)."""

    def __init__(self, view: SentenceView, groups: list[Group], taken: set[int]) -> None:
        self.view = view
        self.taken = taken
        self.by_end = {g.end: g for g in groups if g.quantity.low == 1}
        self.by_start = {g.q_first: g for g in groups if g.quantity.low == 1}
        self.found: list[Group] = []

    def _add(self, first: int, last: int, head: str) -> Group:
        victims = parse_group(self.view, first, set())[1]
        # No roles: the walk attaches the outcome itself.
        quantity = Quantity(1, 1, None, "")
        group = Group(first, first, quantity, first, last, victims, head, frozenset())
        self.found.append(group)
        self.taken.update(range(first, last + 1))
        return group

    def left(self, t_first: int) -> list[Group]:
        """ "Husband, wife and baby (were) killed": the items ending before the outcome."""
        words = self.view.words
        end = t_first - 1
        while end >= 0 and words[end] in _LIST_AUX:
            end -= 1
        items: list[Group] = []
        while end >= 0:
            item = None
            for first in range(max(0, end - 4), end + 1):
                found = _bare_singular(self.view, first, self.taken)
                if found is not None and found[0] == end:
                    item = self._add(first, end, found[1])
                    break
            if item is None:
                existing = self.by_end.get(end)
                if existing is None or existing.outcome is not None or not items:
                    break
                item = existing  # "a farmer and herder killed": the article group joins
            items.append(item)
            k = item.q_first - 1
            if k >= 1 and words[k] == "and" and words[k - 1] == ",":
                k -= 1
            if k < 1 or words[k] not in (",", "and", "&"):
                break
            end = k - 1
        return items

    def right(self, t_last: int) -> list[Group]:
        """ "kills doctor, nurse", "killed a farmer and his wife and child": the items after.

        A list opened by "a farmer" or "his wife" goes on only through "and": a comma there
        may open an apposition ("killing a man, father of five"); a name first ends it
        ("killing Ahmed Ali, chairman of ...").
        """
        view, words = self.view, self.view.words
        n = len(words)
        start = t_last + 1
        items: list[Group] = []
        opened_by_article = False
        while start < n:
            found = _bare_singular(view, start, self.taken)
            item = self._add(start, *found) if found is not None else None
            if item is None:
                existing = self.by_start.get(start)
                if existing is None or existing.outcome is not None:
                    break
                if not items:
                    if words[start] not in DETERMINERS:
                        break
                    opened_by_article = True
                item = existing
            items.append(item)
            k = item.end + 1
            if k + 1 < n and words[k] == "," and words[k + 1] == "and":
                k += 1
            if k >= n or words[k] not in (",", "and", "&"):
                break
            if opened_by_article and words[k] == ",":
                break
            start = k + 1
        # Only a list with a bare singular in it is new: the rest is read elsewhere.
        return items if any(g in self.found for g in items) else []


def _listed_singular_groups(
    view: SentenceView, triggers: Triggers, groups: list[Group], taken: set[int]
) -> list[Group]:
    """One person per bare singular phrase in a list next to an outcome, headline style:
    "Husband, wife and baby killed" (3), "Gunmen kill doctor, his associate" (2),
    "Israeli drone kills Palestinian" (1). Groups already found in the list ("a farmer",
    "his wife") take the same outcome.
    """
    words = view.words
    walk = _ListWalk(view, groups, taken)
    for t_first, (outcome, how, t_last) in triggers.items():
        # Passive only for participles: "Soldier kills civilian" is active.
        passive = how == "after" or (how == "verb" and not has_object(view, t_last + 1))
        if passive and words[t_first] not in PRESENT_FORMS:
            for item in walk.left(t_first):
                item.attach(outcome, "passive", t_first, t_last)
        before = words[max(0, t_first - 2) : t_first]
        accused = len(before) == 2 and before[0] in ACCUSATION and before[1] in ("of", "for")
        after_aux = bool(before) and before[-1] in _LIST_AUX  # "was killed": no object
        if how in ("verb", "active") and not accused and not after_aux:
            for item in walk.right(t_last):
                item.attach(outcome, "active", t_first, t_last)
    return walk.found


def _bare_groups(view: SentenceView, near: set[int], taken: set[int]) -> list[Group]:
    """Plural groups without a figure near an outcome: "killed civilians", "soldiers died"."""
    groups: list[Group] = []
    words = view.words
    if not near:
        return groups
    # Only where a plural person noun or an actor follows within a few words.
    heads = {
        k
        for k in range(min(near), min(len(words), max(near) + 4))
        if view.mention_at[k] is not None
        or (_plural(words[k]) and (is_person_head(words[k]) or _is_demonym(view, k)))
    }
    for i in sorted(near):
        if i in taken or not heads.intersection(range(i, i + 4)):
            continue
        span = view.mention_covering(i)
        if span is not None and span.first != i:
            continue
        np_last, mentions, head = parse_group(view, i, set())
        if np_last < i or not _plural(head) or head in NON_PERSON or head in ("others", "them"):
            continue
        if not (
            is_person_head(head)
            or _is_demonym(view, np_last)
            or any(m.mention.actor.kind not in NOT_VICTIM_KINDS for m in mentions)
        ):
            continue
        if any(k in taken for k in range(i, np_last + 1)):
            continue
        quantity = Quantity(None, None, VAGUE_QUALIFIER, "")
        groups.append(Group(i, i, quantity, i, np_last, mentions, head, frozenset({"bare"})))
    return groups


def group_victims(group: Group) -> list[ActorInfo]:
    """The actors a group names, the specific ones ("FAMa") before generic ("soldiers")."""
    spans = group.victims + group.extra_victims
    specific = [s.mention.actor for s in spans if s.mention.actor.kind not in GENERIC_KINDS]
    chosen = specific or [s.mention.actor for s in spans]
    return list(dict.fromkeys(chosen))


def clean_phrase(text: str) -> str:
    """A group's words as a victim name: "of the attackers" -> "attackers"."""
    text = text.strip(' ,.;:"“”')
    for prefix in ("of the ", "of ", "the "):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    return text


class _OneGroup(Protocol):
    def __call__(
        self,
        i: int,
        np_first: int,
        np_last: int,
        mentions: list[MentionSpan],
        head: str,
        roles: frozenset[str],
    ) -> None: ...
