"""Sentences set at another time than the event reported: background, not claims about it.

News and event notes recall earlier violence after reporting their own: "Last month, 30
people were killed in a similar attack", "Two days earlier, clashes had left 2 guards dead",
"The village had been attacked in December, when 11 people died", "Violence has killed more
than 500 people since January". Such a sentence is background when it names the other time
and either is in the past perfect (had been, had left) or follows a sentence that already
reported casualties: a lede that opens with "Fighting last week killed 20" still reports its
own event.
"""

from __future__ import annotations

import re

from bot.extract.claim_words import MONTH_WORDS

_MONTHS = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
_COUNT = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|a few|\d+)"
_SPAN = r"(?:days?|weeks?|months?|years?)"

# Phrases naming another time than the event's.
_OTHER_TIME_RE = re.compile(
    rf"\blast (?:week|month|year|weekend|{_MONTHS})\b"
    rf"|\bearlier (?:this|that|in the) (?:week|month|year)\b"
    rf"|\bearlier in (?:{_MONTHS})\b"
    rf"|\b{_COUNT} {_SPAN} (?:earlier|ago|before|prior)\b"
    rf"|\b{_SPAN} after (?:the|a|an)\b"
    # ("over the previous day" or "night" is a daily report's own window, never listed here)
    r"|\bthe (?:previous|preceding) (?:weekend|week|month|year)\b"
    r"|\bover the (?:next|following) (?:\w+ )?(?:days|weeks)\b"
    r"|\b(?:a|the) (?:similar|earlier|previous|prior) (?:attack|incident|raid|clash|clashes"
    r"|bombing|assault|ambush|strike|massacre)\b"
    rf"|\bsince (?:{_MONTHS}|the (?:start|beginning)|\d{{4}})\b"
    r"|\bso far this year\b",
    re.I,
)
# The next day is another event only when it is a reprisal: "2 herders were killed in a
# reprisal the following day" (but "one of the wounded died the following day" is not).
_NEXT_DAY_RE = re.compile(r"\b(?:the )?(?:following|next) (?:day|morning|night)\b", re.I)
_REPRISAL_RE = re.compile(r"\b(?:reprisals?|retaliat\w*|revenge)\b", re.I)
# What keeps a next-day sentence on this event: its wounded dying, its bodies found, its toll
# revised ("the next day he revised the figure to 9").
_OWN_WOUNDS_RE = re.compile(
    r"\b(?:wounded|injured|wounds|injuries|succumb\w*|hospital|bodies|body|toll|tally|figure"
    r"|count|revised|updated|raised|rose|risen)\b",
    re.I,
)
# In the past perfect, a bare month or year also names another time: "had been attacked in
# December", "had been killed in 2014".
_PLUPERFECT_TIME_RE = re.compile(rf"\b(?:in|on) (?:{_MONTHS}|\d{{4}})\b", re.I)
_PLUPERFECT_RE = re.compile(
    r"\bhad (?:been |also |already )?(?:\w+ed|left|died|killed|seen|hit)\b", re.I
)


# A month or year named on its own after the event's count: "A similar attack on the same camp
# in January killed a peacekeeper", "In June 2015, an assault on the base killed dozens".
_NAMED_TIME_RE = re.compile(
    rf"\b(?:in|since|during) (?:(?:early|mid|late)[- ])?(?:{_MONTHS}|\d{{4}})\b", re.I
)
_SAME_PLACE_RE = re.compile(
    r"\bthe same (?:village|town|city|area|camp|base|road|stretch|place|district|market|spot"
    r"|neighbourhood|neighborhood|locality|community)\b",
    re.I,
)
# The event's own toll said to be zero: what follows about deaths is background.
_NO_CASUALTIES_RE = re.compile(
    r"\bno (?:casualties|deaths|fatalities|injuries|loss of life|one was (?:killed|hurt|injured))\b"
    r"|\bno(?:body| one) was (?:killed|hurt|injured|harmed)\b"
    r"|\bwithout (?:causing |any )*(?:casualties|injuries|deaths)\b"
    r"|\bnone of the \w+ (?:was|were) (?:hurt|injured|killed)\b",
    re.I,
)


def reports_no_casualties(sentence: str) -> bool:
    """Whether the sentence gives the event's toll as none ("causing damage but no casualties",
    "no one was killed"): a later sentence's deaths at another time are then background."""
    return _NO_CASUALTIES_RE.search(sentence) is not None


def is_other_time(sentence: str, *, after_casualties: bool, after_zero_toll: bool = False) -> bool:
    """Whether the sentence recalls casualties of another time (see the module docstring).

    `after_casualties`: casualties were already reported (in an earlier sentence, or earlier
    in this one). `after_zero_toll`: an earlier sentence gave the event's toll as none ("no
    casualties"), so deaths dated by a bare month or year ("in January") are another event's;
    otherwise such a month may date the event itself ("in late July clashes").
    """
    pluperfect = _PLUPERFECT_RE.search(sentence) is not None
    if _NEXT_DAY_RE.search(sentence) and (
        _REPRISAL_RE.search(sentence) or (after_casualties and not _OWN_WOUNDS_RE.search(sentence))
    ):
        # "Troops killed 3 militants the following day in a pursuit": another event; but
        # "one of the wounded died the following day" is this one's.
        return True
    if _OTHER_TIME_RE.search(sentence):
        return pluperfect or after_casualties
    if (
        after_zero_toll or (after_casualties and _SAME_PLACE_RE.search(sentence))
    ) and _NAMED_TIME_RE.search(sentence):
        return True  # "In March, 11 were killed in the same village"
    return pluperfect and after_casualties and _PLUPERFECT_TIME_RE.search(sentence) is not None


# "Another militant was killed on Monday, two days after three others were killed near
# Tadmait": the deaths after "N days after" belong to the earlier incident.
_DAYS_AFTER_RE = re.compile(rf"\b(?:{_COUNT} )?{_SPAN} after\b[^,;]*$", re.I)


def follows_days_after(prefix: str) -> bool:
    """Whether a figure whose clause text before it is `prefix` sits in a "two days after ..."
    clause, which recalls an earlier incident."""
    return "after" in prefix and _DAYS_AFTER_RE.search(prefix) is not None
