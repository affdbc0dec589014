"""Casualty statements in one sentence: how many of whom, what happened to them, and by whom.

Reads figures in both voices and several groups at once:

* the figure before the outcome: "50 Wagner fighters were killed", "2 herders killed, 1 soldier
  killed and 2 injured", "six dead", "12 deaths", "a soldier was killed", "Woman killed";
* the figure after the outcome: "killing 84 Russian Wagner mercenaries and 47 Malian
  soldiers", "claimed the lives of at least 84", "the death toll rose to 12", "bodies of two",
  "killing a fisherman", "killing himself and two others";
* no figure: "killed civilians" here, "heavy losses" in qualitative.py;
* headline lists of single people without articles: "Husband, wife and baby killed" (3),
  "Gunmen kill doctor, nurse" (2), "drone kills Palestinian" (groups.py);
* "both" (2), "one dead on each side" (x2), "the number of dead rose to 15", "the toll rose
  from 12 to 20" (20), "the killing of a journalist" (1, unless it set off the event: "riots
  following the killing of a herder").

Deaths outside the event reported are no claims of it: deaths recalled from another time
("in memory of three students killed in 1990", "killed last year") and deaths that set it off
("Following the discovery of the bodies of two herders, ...", "in reprisal after a gang
killed a corporal"). The subject of a trailing reporting verb ("..., the army said") is never
a victim.

Breakdowns are not added twice: "20 people, 12 soldiers and 8 civilians" (the parts add up to
the total), "Of the 20 dead, 12 were soldiers"; nor are people referred to again ("the man",
"he") after a death was counted, or one person described twice ("An activist and the chairman
of the committee was killed": a singular verb).

A figure with only an outcome word after "and" borrows the people of the group before it
("Nine Malian soldiers were killed and five wounded": five Malian soldiers), and unnamed
"attackers" are the one actor whose attack the sentence names ("an RSF attack ... killed 40
of the attackers").

Each group in a coordination ("84 ... and 47 ...") is its own `Casualty`; a figure followed by
"and <another group>" without a figure ("seven Malian soldiers and Wagner operatives") is one
combined group. Victim and perpetrator are kept apart: "X losses" and "losses among X" are
suffered by X; "X killed 12 soldiers" and "killed by X" name X as the perpetrator.
Who *claims* the figure is decided elsewhere (bot/extract/attribution.py).
"""

from __future__ import annotations

from bot.extract.actors import GENERIC_KINDS
from bot.extract.casualty import Casualty
from bot.extract.claim_words import (
    ACCUSATION,
    ACTIVE_GAP,
    ATTACK_MODIFIERS,
    ATTACK_NOUNS,
    BE_AUX,
    BOUNDARIES,
    CLAIM_WORDS,
    CONNECTORS,
    DETERMINERS,
    INHERIT_PHRASES,
    LOCATIVE_PREPS,
    MAX_TRIGGER_WORDS,
    NEGATIONS,
    NON_PERSON,
    NP_STOP,
    OF_NOUNS,
    OUTCOME_NOUNS,
    PERSON_ONLY_TRIGGERS,
    PP_INNER,
    PP_STARTS,
    PRESENT_FORMS,
    RELATIONAL,
    REPORT_VERBS,
    RESULT_VERBS,
    SOURCE_HEADS,
    SUBJECT_GAP,
    TOLL_LINKS,
    TOLL_NOUNS,
    WHEN_WORDS,
    is_person_head,
)
from bot.extract.groups import (
    OBJECT_ROLE,
    Group,
    clean_phrase,
    find_groups,
    group_victims,
    parse_group,
)
from bot.extract.lone_death import find_lone_death
from bot.extract.no_survivors import find_no_survivors
from bot.extract.outcomes import Triggers, find_triggers, has_object, skip_to_trigger, trigger_at
from bot.extract.qualitative import find_qualitative
from bot.extract.sentence_view import MentionSpan, SentenceView
from bot.extract.syntax import clause_start, is_adverb, subject_before
from bot.extract.types import ActorInfo, Quantity

_DIRECT_ROLES = OBJECT_ROLE | {"passive_direct"}
_LOSING = frozenset({"lost", "losing", "loses"})
# "the man", "the victim": words that refer back to someone, unlike "the chairman".
_ANAPHORIC_HEADS = frozenset(
    [
        "man",
        "woman",
        "boy",
        "girl",
        "child",
        "person",
        "victim",
        "deceased",
        "individual",
        "body",
        "corpse",
    ]
)
# Before "the killing of X": X's death is the cause of the event, not part of it.
_CAUSE_WORDS = frozenset(
    ["following", "after", "by", "over", "revenge", "retaliation", "response", "avenge"]
)
_POSSESSIVES = frozenset({"his", "her", "their"})
_COUNTED = frozenset(
    {"dead", "deaths", "fatalities", "killed", "victims", "people killed", "martyrs"}
)


def find_casualties(view: SentenceView, *, first_report: bool = True) -> list[Casualty]:
    """All casualty statements in the sentence: figures first, then qualitative ones.

    `first_report`: no earlier sentence of the document reported casualties, so a lone named
    death (lone_death.py) introduces someone rather than naming one already counted.
    """
    words = view.words
    triggers = find_triggers(view)
    if not triggers and not any(
        w in OUTCOME_NOUNS or w in TOLL_NOUNS or w in OF_NOUNS for w in words
    ):
        return find_no_survivors(view)
    groups = find_groups(view, triggers)
    for group in groups:
        _attach(view, group, triggers)
    _chain(view, [g for g in groups if "bare" not in g.roles])
    _inherit(view, groups)
    kept = [g for g in _keep(view, groups) if not _recalled(view, g) and not _cause(view, g)]
    kept = [g for g in kept if not _inside_toll(g, kept)]
    victim_tokens = {k for g in kept for k in range(g.q_first, g.end + 1)}
    results = [_casualty(view, group, groups, kept, victim_tokens) for group in kept]
    results.extend(find_qualitative(view, kept))
    results.extend(find_no_survivors(view))
    if not any(r.outcome == "killed" for r in results) and not any(
        g.outcome == "killed" for g in groups
    ):
        lone = find_lone_death(view, triggers, first_report=first_report)
        if lone is not None:
            results.append(lone)
    return results


def _inside_toll(group: Group, kept: list[Group]) -> bool:
    """ "the number of people killed has risen to 27": "people" is the 27, not a vague plural."""
    return "bare" in group.roles and any(
        other.how == "active" and other.trigger <= group.q_first <= other.trigger_last
        for other in kept
        if other is not group
    )


# "marched to mourn the 6 people shot dead", "a funeral for the 8 soldiers killed": the dead of
# an earlier event.
_MEMORY_WORDS = frozenset(
    [
        "memory",
        "anniversary",
        "memorial",
        "commemorate",
        "commemorated",
        "commemorating",
        "mourn",
        "mourned",
        "mourning",
        "funeral",
        "funerals",
        "burial",
        "vigil",
    ]
)


def _recalled(view: SentenceView, group: Group) -> bool:
    """Deaths the text recalls from an earlier incident, not claims about this one: "marched
    in memory of three students killed by police in 1990", "the 30 soldiers killed last year"."""
    words = view.words
    window = words[max(0, group.q_first - 6) : group.q_first]
    if set(window) & _MEMORY_WORDS or "justice for" in " ".join(window):
        return True  # ... "demanding justice for those killed" (not "mob justice")
    start = max(group.end, group.trigger_last) + 1
    for k in range(start, min(len(words), start + 8)):
        w = words[k]
        if w in BOUNDARIES or w in (",", ";", "."):
            return False
        if w == "in" and k + 1 < len(words) and _year(words[k + 1]):
            return k + 2 >= len(words) or not words[k + 2][:1].isdigit()
        if words[k : k + 2] == ["last", "year"] or words[k : k + 2] == ["years", "ago"]:
            return True
    return False


# Words saying that what follows set off the event reported: "in retaliation for",
# "revenge after", "blamed for", "to avenge".
# A protest over a killing is an event of its own: "marched to protest the killing of a driver",
# "in protest at the death of" ("Rights groups condemned the murder of" still reports it).
_MOTIVE_WORDS = frozenset(
    [
        "retaliation",
        "revenge",
        "reprisal",
        "reprisals",
        "avenge",
        "avenging",
        "blamed",
        "protest",
        "protests",
        "protesting",
        "protested",
    ]
)
_CAUSING_DEATHS = frozenset(
    ["death", "deaths", "killing", "killings", "murder", "murders", "discovery", "lynching"]
)


def _cause(view: SentenceView, group: Group) -> bool:
    """Deaths that set off the event reported, not deaths in it: "Following the discovery of
    the bodies of two herders, ...", "in retaliation after a group killed a soldier", "he
    was blamed for a crocodile killing 7 people". The phrase must run up to the deaths
    without a comma: "In retaliation, troops killed 12" reports the 12.
    """
    words = view.words
    first = min(group.q_first, group.trigger) if group.trigger >= 0 else group.q_first
    for k in range(first - 1, max(-1, first - 17), -1):
        w = words[k]
        if w in (",", ";", ":"):
            return False
        if w in _MOTIVE_WORDS:
            # "Revenge killings left 14 dead", "reprisal attacks killed 9": the motive names
            # this event's kind, not an earlier death.
            nxt = words[k + 1] if k + 1 < len(words) else ""
            return nxt not in _CAUSING_DEATHS and nxt not in ATTACK_NOUNS
        if (
            w in ("following", "after")
            and words[k + 1 : k + 2] in (["the"], ["a"])
            and words[k + 2 : k + 3]
            and words[k + 2] in _CAUSING_DEATHS
        ):
            return True
    return False


def _year(word: str) -> bool:
    """ "1990", "2014", "the 1990s" (a calendar year, not a head count)."""
    digits = word.removesuffix("s")
    return len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2099


# ---------------------------------------------------------------------------- attaching outcomes


def _attach(view: SentenceView, group: Group, triggers: Triggers) -> None:
    """The group's outcome: after it, else before it ("the death of 2 Muslims who were
    kidnapped": an outcome before the figure wins over one reached through "who")."""
    _outcome_after(view, group, triggers)
    if group.outcome is None or group.via_relative:
        after = (group.outcome, group.how, group.trigger, group.trigger_last)
        group.outcome = None
        _outcome_before(view, group, triggers)
        if group.outcome is None and after[0] is not None:
            group.attach(after[0], after[1], after[2], after[3])


def _outcome_after(view: SentenceView, group: Group, triggers: Triggers) -> None:
    """An outcome after the group: "50 fighters were killed", "12 dead", "12 deaths"."""
    words = view.words
    if _reports(view, group):
        return  # "Mali's army said 15 soldiers were killed": the army speaks
    # "two of the injured", "three of the dead" (not "an unknown number of fatalities").
    partitive = words[group.np_first : group.np_first + 2] in (["of", "the"], ["of", "those"])
    if partitive and group.head in OUTCOME_NOUNS:
        # "Two of the injured later died": the later outcome; "three of the dead were
        # soldiers": a breakdown of deaths counted elsewhere.
        i = skip_to_trigger(view, group.end + 1, triggers)
        if i in triggers and triggers[i][1] != "active":
            group.attach(triggers[i][0], "passive", i, triggers[i][2])
            return
        group.subset = OUTCOME_NOUNS[group.head] == "killed"
    if (
        group.np_last >= group.np_first
        and group.head in OUTCOME_NOUNS
        and group.roles & {"noun", "passive"}
    ):
        group.attach(OUTCOME_NOUNS[group.head], "noun", group.np_last, group.np_last)
        return
    if not group.roles & {"passive", "passive_singular", "bare", "passive_direct"}:
        return
    i = skip_to_trigger(view, group.end + 1, triggers)
    if i not in triggers and "bare" not in group.roles:
        i = _combined_passive(view, group, triggers, i)
    hit = triggers.get(i)
    if hit is None or hit[1] == "active":
        return
    outcome, how, last = hit
    between = words[group.end + 1 : i]
    if how == "verb" and has_object(view, last + 1) and not set(between) & BE_AUX:
        return  # "3 militants killed 2 soldiers": the group is the subject
    if how == "verb" and words[i] in PRESENT_FORMS:
        return  # "Gunmen kill vaccinator": a present tense is never a passive participle
    if group.roles == _DIRECT_ROLES and not all(
        w in BE_AUX or w in ("has", "have", "had", "found", "among", "those") or is_adverb(w)
        for w in between
    ):
        return
    if (
        "passive_singular" in group.roles
        and how == "verb"
        and not set(between) & {"was", "is", "has"}
    ):
        return
    if group.roles == {"passive_singular"} and how == "after" and not _named(view, group):
        return  # "The truce died within hours": "the" and no person, actor or name
    if (
        "bare" in group.roles
        and not set(between) & {"were", "are", "have", "been"}
        and outcome != "killed"
    ):
        return
    group.attach(outcome, "passive", i, last)
    group.via_relative = bool(set(between) & {"who", "which", "that"})
    group.skipped_to = i
    if outcome != "killed" and last + 1 < len(words) and words[last + 1] == "and":
        # "was injured and later died", "were abducted and killed": the final outcome.
        k = skip_to_trigger(view, last + 2, triggers)
        if k in triggers and triggers[k][0] == "killed" and triggers[k][1] != "active":
            group.attach("killed", "passive", k, triggers[k][2])
            group.skipped_to = k


_PEOPLE_REFERENCES = frozenset(
    ["other", "first", "second", "third", "fourth", "fifth", "latter", "former", "last", "rest"]
)


def _named(view: SentenceView, group: Group) -> bool:
    """Whether the group's words hold an actor or a capitalised name ("the Ardo of Gwamba")."""
    if group.head in _PEOPLE_REFERENCES:
        return True  # "the other died", "the third died in hospital"
    return bool(group.victims) or any(
        view.tokens[k].text[:1].isupper() for k in range(group.np_first, group.np_last + 1)
    )


def _combined_passive(view: SentenceView, group: Group, triggers: Triggers, i: int) -> int:
    """ "20 soldiers and RSF killed": a figure-less group after "and" shares the figure when
    the outcome follows it (see `_extend_group` for "killing 7 soldiers and Wagner men")."""
    words = view.words
    j = group.end + 2
    if group.np_last < group.np_first or i != group.end + 1 or i >= len(words):
        return i
    if group.quantity.low == 1:
        return i  # "a farmer and herders": two groups, not one figure
    if words[i] not in ("and", "&"):
        return i
    if j >= len(words) or j in view.quantity_starts or words[j] in DETERMINERS:
        return i
    last, mentions, head = parse_group(view, j, set())
    if last < j or not (mentions or is_person_head(head)) or head in OUTCOME_NOUNS:
        return i
    k = skip_to_trigger(view, last + 1, triggers)
    if k not in triggers or triggers[k][1] == "active":
        return i
    group.extra_victims = mentions
    group.np_last = last
    return k


def _outcome_before(view: SentenceView, group: Group, triggers: Triggers) -> None:
    """An outcome before the figure: "killing 84", "the death toll rose to 12", "bodies of 3"."""
    words = view.words
    if _inverted_among(view, group, triggers):
        return  # "Among the dead were three soldiers"
    bare = "bare" in group.roles
    if bare and group.q_first > 0 and words[group.q_first - 1] == "the":
        return
    if not bare and not group.roles & {"active", "noun"}:
        return
    j = group.q_first - 1
    # "claimed the lives of 84": the outcome phrase itself may end with a gap word ("of").
    direct = any(hit[2] == j and hit[1] in ("verb", "active") for hit in triggers.values())
    if not direct:
        j = _skip_gap_before(words, j)
    if j < 0:
        return
    if group.roles & {"active", "bare"}:
        for start in range(max(0, j - MAX_TRIGGER_WORDS + 1), j + 1):
            hit = triggers.get(start)
            if hit is None or hit[2] != j or hit[1] not in ("verb", "active"):
                continue
            ends_with_actor = bool(group.victims) and group.victims[-1].last == group.np_last
            if words[start] in PERSON_ONLY_TRIGGERS and not (
                ends_with_actor or is_person_head(group.head)
            ):
                return  # "destroyed 3 vehicles" is no casualty; "destroyed 65 soldiers" is
            if bare and (hit[0] != "killed" or set(words[j + 1 : group.q_first]) - DETERMINERS):
                return
            before = words[max(0, start - 2) : start]
            relative = before[-1:] in (["that"], ["which"]) and not words[start].endswith("ing")
            if before[-1:] and before[-1] in DETERMINERS and not relative:
                break  # "the killing of three": a noun; the "of" reading below applies
            if len(before) == 2 and before[1] in ("of", "for", "with") and before[0] in ACCUSATION:
                return  # "accused of murdering two moneychangers": not a report of deaths
            group.attach(hit[0], "active", start, j)
            return
    if not bare:
        _of_noun_before(view, group) or _toll_before(view, group)


def _inverted_among(view: SentenceView, group: Group, triggers: Triggers) -> bool:
    """Attach "killed" to the group in "Among the dead were three soldiers" (the outcome
    phrase, then "were", then the people); whether it did."""
    words = view.words
    k = group.q_first - 1
    if k < 1 or words[k] not in ("were", "was", "are", "is"):
        return False
    for start, (outcome, how, last) in triggers.items():
        if last == k - 1 and words[start] in ("among", "amongst") and how == "after":
            group.attach(outcome, "passive", start, last)
            return True
        # "Killed in the attack were 4 militiamen", "Also killed was a corporal", "Dead are
        # three students", "Shot dead at the scene were two policemen": an outcome opening the
        # sentence, a short phrase, then "were" and the people.
        opens = start == 0 or (start == 1 and words[0] == "also")
        if opens and how in ("verb", "after") and last < k and _plain_gap(view, last + 1, k):
            group.attach(outcome, "passive", start, last)
            return True
    return False


def _plain_gap(view: SentenceView, first: int, end: int) -> bool:
    """Whether tokens first..end-1 are a short phrase with no figure and no clause of its own
    ("in the ambush near Pendjari National Park", ", the district administrator said,")."""
    if end - first > 16:
        return False
    return not any(k in view.quantity_starts for k in range(first, end)) and not any(
        view.words[k] in ("were", "was", "are", "is", "had", "have", "has")
        for k in range(first, end)
    )


def _skip_gap_before(words: list[str], j: int) -> int:
    """Back over words between an outcome and its figure: "killed another 5", "killing a
    total of 10", "killed on Sunday an Islamist militant"."""
    gap = 0
    while j >= 0 and gap < 5:
        if words[j] == "of" and j >= 1 and words[j - 1] in ("family", "families"):
            j, gap = j - 2, gap + 2  # "burning a family of four to death"
        elif words[j] in ACTIVE_GAP or words[j] in ('"', "“"):
            j, gap = j - 1, gap + 1
        elif words[j] in WHEN_WORDS and j >= 1 and words[j - 1] in ("on", "last", "this"):
            j, gap = j - 2, gap + 2
        elif words[j] in WHEN_WORDS:
            j, gap = j - 1, gap + 1
        else:
            break
    return j


def _of_noun_before(view: SentenceView, group: Group) -> bool:
    """ "the deaths of 12", "bodies of two soldiers", "resulted in the death of a man"."""
    words = view.words
    k = group.q_first - 1
    if k < 1 or words[k] != "of":
        return False
    noun_at = k - 2 if words[k - 1] == "the" and k >= 2 else k - 1
    noun = words[noun_at]
    if noun not in OF_NOUNS:
        return False
    quantity = group.quantity
    figure = (
        quantity.text[:1].isdigit() or quantity.low != 1 or quantity.text.lower() in ("one", "two")
    )
    result = noun_at >= 2 and (
        (words[noun_at - 1] in ("the", "a") and words[noun_at - 2] in RESULT_VERBS)
        or words[noun_at - 1] in RESULT_VERBS
    )
    # "the killing of a journalist", "their murder of the chief": a death, one person; not
    # when it is what set off the event reported ("clashes sparked by the killing of ...").
    cause = set(words[max(0, noun_at - 4) : noun_at]) & _CAUSE_WORDS
    named_death = (
        words[noun_at - 1] in DETERMINERS and noun in ("killing", "murder", "death") and not cause
    )
    if (
        figure
        or result
        or named_death
        or noun in ("bodies", "body", "corpses", "corpse", "remains")
    ):
        group.attach(OF_NOUNS[noun], "active", noun_at, noun_at)
        return True
    return False


_TOLL_PLACE_WORDS = frozenset({"outside", "inside", "near", "along", "across", "behind", "beside"})


def _toll_before(view: SentenceView, group: Group) -> bool:
    """ "the death toll rose to 12", "the death toll from the attack rose to 42"."""
    words = view.words
    if group.q_first < 1 or words[group.q_first - 1] not in TOLL_LINKS:
        return False
    k = group.q_first - 1
    steps = 0
    while k >= 0 and steps < 18 and words[k] not in TOLL_NOUNS:
        w = words[k]
        if w == ")":
            opening = next((j for j in range(k - 1, max(-1, k - 10), -1) if words[j] == "("), None)
            if opening is not None:
                k = opening - 1  # "the toll of the raid on Mamove (Beni territory) stood at 9"
                steps += 1
                continue
        if w == ",":
            # "The death toll, which includes the two attackers, stood at 14": over the aside.
            opening = next((j for j in range(k - 1, max(-1, k - 14), -1) if words[j] == ","), None)
            if opening is not None and words[opening + 1 : opening + 2] == ["which"]:
                k = opening - 1
                steps += 1
                continue
        if w in ("dead", "deceased") and words[max(0, k - 2) : k] == ["of", "the"]:
            k -= 3  # "the tally of the dead stood at nineteen"
            steps += 1
            continue
        if not (
            w in TOLL_LINKS
            or w in PP_STARTS
            or w in PP_INNER
            or w in _TOLL_PLACE_WORDS  # "the toll from the bombing outside a bank rose to"
            or (w.removesuffix("'s").removesuffix("’s").isalpha() and w not in NP_STOP)
        ):
            return False
        if k >= 2 and words[k - 2 : k] == ["number", "of"] and words[k] in _COUNTED:
            # "the number of dead has risen to 15": a toll in other words.
            group.attach("killed", "active", k - 2, k)
            return True
        hit = trigger_at(words, k)
        if hit is not None and hit[0] == "killed" and words[k - 3 : k - 1] == ["number", "of"]:
            # "the number of people killed has risen to 27": the people are the toll's.
            group.attach("killed", "active", k - 3, k)
            return True
        if hit is not None or k in view.quantity_starts:
            return False
        k -= 1
        steps += 1
    if k >= 0 and words[k] in TOLL_NOUNS and steps > 0:
        group.attach("killed", "active", k, k)
        # "the civilian death toll", "the Wagner toll": the toll's own people.
        before = k - 2 if k >= 2 and words[k - 1] == "death" else k - 1
        owner = view.mention_covering(before) if before >= 0 and not group.victims else None
        if owner is not None and not owner.possessive:
            group.victims = [owner]
        quantity = group.quantity
        rising = words[group.q_first] == "from" or words[group.q_first - 1] == "from"
        if rising and quantity.high is not None:
            # "the toll rose from 12 to 20": the toll is now 20.
            group.quantity = Quantity(quantity.high, quantity.high, None, quantity.text)
        return True
    return False


def _chain(view: SentenceView, groups: list[Group]) -> None:
    """Share an outcome along "84 X and 47 Y were killed" / "killing 84 X and 47 Y"."""
    words = view.words
    chains: list[list[Group]] = []
    for group in groups:
        if chains and _led_unit(view, chains[-1][-1], group):
            continue  # "the chairman of the local council and ...": the council is no victim
        if chains:
            prev = chains[-1][-1]
            gap = words[prev.end + 1 : group.q_first]
            # "along" and "as" join only as "along with", "as well as" ("killed four
            # protesters along the main road" names a place, not a group).
            glue = " ".join(gap)
            loose = {"along"} - ({"along"} if "along with" in glue else set())
            loose |= {"as", "well"} - ({"as", "well"} if "as well as" in glue else set())
            connectors = [w for w in gap if w in CONNECTORS and w not in loose]
            others = [w for w in gap if w not in CONNECTORS or w in loose]
            # A comma alone joins figures ("2 soldiers, 3 civilians"), not a name and its
            # description ("Ahmed Ali, a local chief").
            comma_only = set(connectors) <= {","}
            if _leader_of(view, prev, gap):
                # "The commander of the brigade and four of his men": the "of" phrase names
                # the commander's unit, not another group.
                gap = gap[-1:]
                others = []
            figures = prev.quantity.text[:1].isdigit() or group.quantity.text[:1].isdigit()
            if (
                connectors
                and len(gap) <= 4
                and all(w in ("the", "their", "his", "her", "its") for w in others)
                and (
                    not comma_only
                    or figures
                    or prev.quantity.low != 1
                    or _kin_list(view, group.q_first, group.end)
                    or _indefinite_list(view, prev, group)
                )
                and not _reports(view, group)
            ):
                opened = words[max(0, prev.q_first - 1) : prev.q_first] == ["including"]
                if "including" in gap or (prev.subset and not (opened and gap == [",", "and"])):
                    group.subset = True  # "X, including a child, and a commander": closed
                chains[-1].append(group)
                continue
        chains.append([group])
    for chain in chains:
        _breakdown(view, chain)
        first, last = chain[0], chain[-1]
        if (
            len(chain) > 1
            and last.outcome
            and last.how == "passive"
            and not _one_person(view, chain)
            # "shot five traders, two of them fatally": the two, not the five
            and words[last.q_last + 1 : last.q_last + 3] not in (["of", "them"], ["of", "whom"])
        ):
            for g in chain[:-1]:
                if g.outcome is None and _people(g):
                    g.attach(last.outcome, "passive", last.trigger, last.trigger_last)
        if len(chain) > 1 and first.outcome and first.how == "active":
            for g in chain[1:]:
                if g.outcome is None and _people(g):
                    g.attach(first.outcome, "active", first.trigger, first.trigger_last)
        inverted = first.how == "passive" and first.trigger < first.q_first
        if len(chain) > 1 and first.outcome and inverted:
            # "Killed in the attack were 4 militiamen and a local imam".
            for g in chain[1:]:
                if g.outcome is None and _people(g):
                    g.attach(first.outcome, "passive", first.trigger, first.trigger_last)


def _led_unit(view: SentenceView, leader: Group, group: Group) -> bool:
    """ "the chairman of [the local council]": what a single person leads, right after "of"."""
    words = view.words
    return (
        leader.quantity.low == 1
        and leader.head in RELATIONAL
        and group.q_first == leader.end + 2
        and words[leader.end + 1] == "of"
        and group.outcome is None
        and not group.victims
        and not is_person_head(group.head)
    )


def _leader_of(view: SentenceView, prev: Group, gap: list[str]) -> bool:
    """ "the head of the village and ...": one person named by what they lead, then "and"."""
    if prev.quantity.low != 1 or prev.head not in RELATIONAL or len(gap) > 6:
        return False
    if gap[:1] != ["of"] or gap[-1:] != ["and"]:
        return False
    inner = range(prev.end + 2, prev.end + len(gap))
    return all(
        view.words[k].isalnum()
        and k not in view.quantity_starts
        and view.words[k] not in NP_STOP
        and trigger_at(view.words, k) is None
        for k in inner
    )


def _indefinite_list(view: SentenceView, prev: Group, group: Group) -> bool:
    """ "A policeman, a soldier and a teacher were killed": people introduced one by one (a
    name and its description, "Ahmed Ali, a local chief", never start with "a" both)."""
    words = view.words
    after = words[group.end + 1 : group.end + 4]
    if after[:2] == [",", "and"] and after[2:] and after[2] in _POSSESSIVES:
        return False  # "A man, a local trader, and his son": the trader is the man
    return words[prev.q_first] in ("a", "an") and words[group.q_first] in ("a", "an")


def _kin_list(view: SentenceView, first: int, last: int) -> bool:
    """ "a man, his wife and their daughter": after a comma, a possessive person followed by
    "and" continues a list of people; "Ahmed Ali, their commander," is an apposition."""
    words = view.words
    # "his two wives": the possessive may come before the figure.
    possessive = words[first] in _POSSESSIVES or (first > 0 and words[first - 1] in _POSSESSIVES)
    return possessive and words[last + 1 : last + 2] == ["and"]


def _reports(view: SentenceView, group: Group) -> bool:
    """ "..., the governor said", "..., the army told AFP": the subject of a reporting verb
    makes the claim; it is not one more victim in the list before it."""
    words = view.words
    if group.head in OUTCOME_NOUNS:
        return False  # "Fifteen dead reported": the dead are reported, they do not speak
    k = group.end + 1
    while k < len(words) and (words[k] in ("has", "have", "had", "also") or is_adverb(words[k])):
        k += 1
    if k >= len(words) or words[k] not in REPORT_VERBS:
        return False
    # "12 people reported killed", "3 confirmed dead", "said to have died": the outcome's aux.
    nxt = k + 1
    return not (
        nxt < len(words) and (words[nxt] in ("to", "as") or trigger_at(words, nxt) is not None)
    )


def _breakdown(view: SentenceView, chain: list[Group]) -> None:
    """ "20 people, 12 soldiers and 8 civilians": figures after a comma that add up exactly
    to the first figure are its breakdown, not more deaths."""
    first = chain[0]
    if len(chain) < 3 or view.words[first.end + 1 : first.end + 2] != [","]:
        return
    if not (first.elided or first.head in ("people", "persons", "individuals", "victims")):
        return  # "4 soldiers, 3 civilians and 1 policeman" add up
    parts = [g.quantity.low for g in chain[1:]]
    total = first.quantity.low
    if total is not None and None not in parts and sum(p for p in parts if p) == total:
        for g in chain[1:]:
            g.subset = True


def _one_person(view: SentenceView, chain: list[Group]) -> bool:
    """ "An activist and the chairman of the committee was killed": a singular verb after
    single people joined by "and" describes one person twice."""
    if any(g.quantity.low != 1 for g in chain):
        return False
    last = chain[-1]
    between = set(view.words[last.end + 1 : last.trigger])
    return bool(between & {"was", "is", "has"}) and not between & {"were", "are", "have"}


def _people(group: Group) -> bool:
    """Whether a group may share an outcome along a list: not things or places ("2 soldiers,
    3 cooks and 4 others"; not "in the two countries, 22 ... dead")."""
    return group.head not in NON_PERSON


def _inherit(view: SentenceView, groups: list[Group]) -> None:
    """The earlier outcome for "..., as well as one attacker", "along with three civilians",
    and for a bare figure after "and" ("4 killed on Monday and 3 on Tuesday")."""
    words = view.words
    for index, group in enumerate(groups):
        if group.outcome is not None or "bare" in group.roles:
            continue
        before = " ".join(words[max(0, group.q_first - 3) : group.q_first])
        gapped = (
            group.np_last < group.np_first
            and group.q_first > 0
            and words[group.q_first - 1] in ("and", ",")
            and group.quantity.low is not None
            and group.quantity.text[:1].isalnum()
        )
        if not gapped and not any(before.endswith(p) for p in INHERIT_PHRASES):
            continue
        after = words[group.q_last + 1 : group.q_last + 3]
        if (
            gapped
            and after[:1]
            and after[0] in BE_AUX
            and trigger_at(words, group.q_last + 2) is None
        ):
            continue  # "Of the 20 dead, 12 were soldiers": a description, not more deaths
        if gapped and _own_verb(words, group.q_last + 1):
            continue  # "... and another one with injuries was captured": its own outcome
        earlier = next(
            (g for g in reversed(groups[:index]) if g.outcome and "bare" not in g.roles), None
        )
        if earlier is None or earlier.outcome is None:
            continue
        gap = words[earlier.end + 1 : group.q_first]
        if gapped and (len(gap) > 10 or any(w in BOUNDARIES or w in (";", ".") for w in gap)):
            continue
        group.attach(earlier.outcome, "passive", earlier.trigger, earlier.trigger_last)


def _own_verb(words: list[str], start: int) -> bool:
    """Whether a verb of its own ("was", "were") follows a group before the clause ends."""
    for w in words[start : start + 7]:
        if w in (",", ";", ".", "and", "while", "but"):
            return False
        if w in BE_AUX:
            return True
    return False


# ---------------------------------------------------------------------------- keeping groups


def _keep(view: SentenceView, groups: list[Group]) -> list[Group]:
    """Groups with an outcome that count people, each token counted once."""
    taken: set[int] = set()
    kept: list[Group] = []
    for group in groups:
        if group.outcome is None or group.q_first in taken or group.head in NON_PERSON:
            continue
        if _speaker(view, group):
            continue  # "killing six civilians, a security source told AFP"
        if "bare" in group.roles and any(
            k in taken for k in range(group.q_first, group.np_last + 1)
        ):
            continue
        held = group.outcome in ("captured", "abducted")
        if (
            held
            and group.np_last >= group.np_first
            and not (group.victims or is_person_head(group.head))
        ):
            continue  # "capturing military material"
        if group.how == "active" or group.outcome in ("captured", "abducted"):
            _extend_group(view, group, taken)
        taken.update(range(group.q_first, group.end + 1))
        if group.how == "passive" and group.skipped_to == group.trigger:
            # "A member of ... the government was killed": no second group inside the phrase.
            taken.update(range(group.end + 1, group.trigger))
        kept.append(group)
    return kept


def _speaker(view: SentenceView, group: Group) -> bool:
    """Whether a single listed "victim" is the speaker of the reporting verb after it: "...,
    a Taliban spokesman for the police said", "..., the army chief of staff said"."""
    words = view.words
    if group.quantity.low != 1:
        return False
    span = words[group.q_first : group.end + 1]
    heard = span + words[group.q_first - 1 : group.q_first] if group.q_first > 0 else span
    if "told" in heard or "tells" in heard:
        return True  # "..., a security source told AFP": AFP heard it
    if not any(w in SOURCE_HEADS for w in span):
        return False
    for k in range(group.end + 1, min(len(words), group.end + 7)):
        if words[k] in REPORT_VERBS:
            return True
        if words[k] in (",", ";", ".") or words[k] in BOUNDARIES:
            return False
    return False


def _extend_group(view: SentenceView, group: Group, taken: set[int]) -> None:
    """ "seven Malian soldiers and Wagner operatives": a second group sharing the figure."""
    words = view.words
    i = group.end + 1
    if group.np_last < group.np_first or i + 1 >= len(words) or words[i] not in ("and", "&"):
        return
    j = i + 1
    if j in view.quantity_starts or words[j] in (
        "a",
        "an",
        "one",
        "another",
        "the",
        "himself",
        "herself",
    ):
        return
    last, mentions, head = parse_group(view, j, set())
    if last < j or not mentions or head in OUTCOME_NOUNS:
        return
    # Not a group with its own outcome: "... and soldiers were wounded".
    after = skip_to_trigger(view, last + 1, {})
    if after < len(words) and trigger_at(words, after) is not None and after != group.trigger:
        return
    group.extra_victims = mentions
    taken.update(range(j, last + 1))
    group.np_last = last


# ---------------------------------------------------------------------------- from group to casualty


def _casualty(
    view: SentenceView,
    group: Group,
    groups: list[Group],
    kept: list[Group],
    victim_tokens: set[int],
) -> Casualty:
    words = view.words
    actors = group_victims(group)
    phrase: str | None = None
    if not actors and not group.elided and group.head not in OUTCOME_NOUNS:
        phrase = clean_phrase(view.span_text(group.np_first, group.np_last))
    elif not actors and group.elided:
        # "1 soldier killed and 2 injured", "One attacker arrested and two killed",
        # "killing 4 rebels and wounding many others": the group named just before.
        donor = _elided_donor(view, groups, group)
        if donor is not None and (
            group.head in ("others", "more", "them") or donor.outcome != group.outcome
        ):
            actors = group_victims(donor)
            if not actors and donor.head not in OUTCOME_NOUNS:
                phrase = clean_phrase(view.span_text(donor.np_first, donor.np_last))
    if not actors and phrase is None and group.head in OUTCOME_NOUNS:
        actors = _noun_sufferers(view, group)
        if not actors:
            actors, phrase = _coordinated_sufferers(view, groups, group)
    if actors:
        actors = _attackers_named(view, actors)
    perpetrator, by_claimant = _perpetrator(view, group, victim_tokens)
    own_group = words[group.np_first : group.np_first + 2] in (
        ["of", "its"],
        ["of", "their"],
        ["of", "our"],
    )
    lost_by_subject = False
    if group.how == "active" and words[group.trigger] in _LOSING:
        # "Ukrainian forces lost 65 servicemen": the subject suffered, nobody is named as
        # having inflicted it; "it said it lost 12 soldiers": the claimant's own side.
        if perpetrator is not None and all(a.kind in GENERIC_KINDS for a in actors):
            actors, phrase, lost_by_subject = [perpetrator.mention.actor], None, True
        elif (
            perpetrator is None
            and group.trigger > 0
            and view.tokens[group.trigger - 1].text[:1].isupper()
        ):
            # "Russia lost 1,200 soldiers": a country as subject (claims.py resolves it).
            actors, phrase, lost_by_subject = [], view.tokens[group.trigger - 1].text, True
        own_group = own_group or by_claimant
        perpetrator, by_claimant = None, False
    perpetrator_actor = perpetrator.mention.actor if perpetrator else None
    return Casualty(
        outcome=group.outcome or "killed",
        quantity=_per_side(view, group),
        qualifier=None,
        anchor=group.q_first,
        victims=actors,
        victim_phrase=phrase,
        perpetrator=None if perpetrator_actor in actors else perpetrator_actor,
        perpetrator_is_claimant=by_claimant,
        subset=group.subset or _subset(view, group, kept[: kept.index(group)]),
        negated=_negated(view, group),
        own_group=own_group,
        lost_by_subject=lost_by_subject,
        definite=_refers_back(view, group),
    )


_SUFFERING = frozenset({"suffered", "sustained", "incurred", "suffering", "sustaining"})
_AMONG = frozenset({"among", "amongst", "on", "within"})


def _noun_sufferers(view: SentenceView, group: Group) -> list[ActorInfo]:
    """Whose "dozens of casualties" or "30 deaths": "... among Wagner fighters", "inflicted
    ... on the army", "in the ranks of FAMa", "the rebels suffered 30 casualties"."""
    words = view.words
    n = len(words)
    k = group.end + 1
    if (k < n and words[k] in _AMONG) or words[k : k + 4] == ["in", "the", "ranks", "of"]:
        k += 4 if words[k] == "in" else 1
        if k < n and words[k] in ("the", "its", "their"):
            k += 1
        span = view.mention_covering(k) if k < n else None
        if span is not None:
            return [span.mention.actor]
    verb = group.q_first - 1
    while verb >= 0 and (words[verb] in ("had", "has", "have") or is_adverb(words[verb])):
        verb -= 1
    if verb >= 0 and words[verb] in _SUFFERING:
        subject = subject_before(view, verb)
        if subject is not None:
            return [subject.mention.actor]
    return []


# Participles that stand for "[the same people] were <outcome>" after "and": "five wounded".
_ELLIPTICAL_OUTCOMES = frozenset({"wounded", "injured", "hurt", "dead", "killed", "missing"})


def _coordinated_sufferers(
    view: SentenceView, groups: list[Group], group: Group
) -> tuple[list[ActorInfo], str | None]:
    """ "Nine Malian soldiers were killed and five wounded", "22 civilians killed and more
    than 40 wounded": a figure with only an outcome word, coordinated right after a group
    with another outcome, counts that group's people (an elided noun)."""
    words = view.words
    if group.np_first != group.np_last or group.head not in _ELLIPTICAL_OUTCOMES:
        return [], None
    if group.q_first == 0 or words[group.q_first - 1] not in ("and", ","):
        return [], None
    donor = _elided_donor(view, groups, group)
    if donor is None or donor.outcome in (None, group.outcome) or donor.elided:
        return [], None
    if donor.trigger_last != group.q_first - 2 or donor.head in OUTCOME_NOUNS:
        return [], None  # the donor's own outcome must end right before "and"
    actors = group_victims(donor)
    if actors:
        return actors, None
    return [], clean_phrase(view.span_text(donor.np_first, donor.np_last))


_ATTACKER_HEADS = frozenset({"attackers", "assailants", "raiders", "attacker", "assailant"})


def _attackers_named(view: SentenceView, actors: list[ActorInfo]) -> list[ActorInfo]:
    """ "repelled an RSF attack and killed 40 of the attackers": unnamed attackers are the
    one named actor whose attack the sentence reports."""
    words = view.words
    if not all(a.kind in GENERIC_KINDS for a in actors):
        return actors
    if not any(w in _ATTACKER_HEADS for w in words):
        return actors
    named = {
        span.mention.actor.name: span.mention.actor
        for span in view.mentions
        if span.mention.actor.kind not in GENERIC_KINDS and _attack_after(view, span)
    }
    return list(named.values()) if len(named) == 1 else actors


def _refers_back(view: SentenceView, group: Group) -> bool:
    """ "the seven", "the man", "he": people already introduced, not new deaths (a body was
    found; "the man was killed because ..."). A name or "a man" introduces someone."""
    words = view.words
    if group.quantity.low == 1:
        first = words[group.q_first]
        after = words[group.q_first + 1] if group.q_first + 1 < len(words) else ""
        if first in ("his", "her", "their") and after in ("body", "corpse", "remains"):
            return True  # "executed a man and hung his body from a pole": the same man
        return first in ("he", "she") or (
            first == "the" and group.how == "passive" and group.head in _ANAPHORIC_HEADS
        )
    return (
        group.q_first > 0
        and words[group.q_first - 1] in ("the", "these", "those")
        and group.quantity.text[:1].isalnum()
    )


def _per_side(view: SentenceView, group: Group) -> Quantity:
    """ "one dead on each side", "killing two from each side": the figure counts twice.
    ("on both sides" is left alone: "ten killed on both sides" is usually the total.)"""
    quantity = group.quantity
    if quantity.low is None or quantity.qualifier is not None:
        return quantity
    words = view.words
    k = max(group.end, group.trigger_last) + 1
    window = words[k : k + 3]
    if window[:1] in (["on"], ["from"], ["for"]) and window[1:3] == ["each", "side"]:
        high = quantity.high * 2 if quantity.high is not None else None
        return Quantity(quantity.low * 2, high, quantity.qualifier, quantity.text)
    return quantity


def _subset(view: SentenceView, group: Group, earlier: list[Group]) -> bool:
    """ "including three children", "two of whom": part of a figure already given here.

    Only when an earlier figure in the sentence has the same outcome: in "attacked a group of
    herders, killing five of them" the five are not part of any earlier count.
    """
    if not any(
        (g.outcome == group.outcome and g.quantity.low != 1) or g.quantity.low is None
        for g in earlier
    ):
        return False
    words = view.words
    before = words[max(0, group.q_first - 3) : group.q_first]
    if "including" in before or "among" in before[-2:] or "amongst" in before[-2:]:
        return True
    return words[group.q_last + 1 : group.q_last + 3] in (["of", "whom"], ["of", "them"])


def _negated(view: SentenceView, group: Group) -> bool:
    """ "did not kill 30 soldiers", "30 soldiers were not killed"."""
    words = view.words
    if group.how == "active":
        window = words[max(0, group.trigger - 3) : group.trigger]
    else:
        window = words[group.q_last + 1 : group.trigger]
    return any(w in NEGATIONS for w in window)


def _elided_donor(view: SentenceView, groups: list[Group], group: Group) -> Group | None:
    """The nearest earlier group in the same clause that an elided figure refers to."""
    earlier = [
        g
        for g in groups
        if g.q_first < group.q_first
        and not g.elided
        and (g.victims or g.outcome is not None or is_person_head(g.head))
    ]
    if not earlier:
        return None
    donor = earlier[-1]
    if group.how == "active" and donor.outcome is None and donor.end < group.trigger:
        return None  # "Raiders kill 6": the subject is not whom the 6 are
    gap = view.words[donor.end + 1 : group.q_first]
    if len(gap) > 6 or any(w in BOUNDARIES or w in (";", ".") for w in gap):
        return None
    if donor.outcome is None and any(w in REPORT_VERBS for w in gap):
        return None  # "Police said 2 were killed": the speaker is not whom the 2 are
    return donor


def _perpetrator(
    view: SentenceView, group: Group, victim_tokens: set[int]
) -> tuple[MentionSpan | None, bool]:
    """Who inflicted the outcome: (mention, whether it is whoever makes the claim)."""
    words = view.words
    n = len(words)
    if group.how == "active":
        k = group.trigger - 1
        while k >= 0 and words[k] in SUBJECT_GAP:
            k -= 1
        if k >= 0 and words[k] in CLAIM_WORDS:
            return None, True  # "rebels reported killing 84"
        for k in range(group.trigger - 1, clause_start(view, group.trigger) - 1, -1):
            if words[k] in ("they", "it", "we"):
                return None, True  # "the CSP said they had killed ..."
            span = view.mention_covering(k)
            if span is None and words[k] in CLAIM_WORDS:
                return None, False  # the subject of "said", not of "killed"
            if span is not None and span.first not in victim_tokens:
                prev = words[span.first - 1] if span.first > 0 else ""
                if prev in LOCATIVE_PREPS and not _attack_after(view, span):
                    continue
                return span, False
        return None, False
    # "killed by X", "killed in an X ambush", "an X attack killed 12".
    start = max(group.trigger_last, group.np_last) + 1
    for k in range(start, min(n, start + 11)):
        w = words[k]
        if w == ";" or (w in BOUNDARIES and w not in ("after", "when", "during")):
            break
        if w == "by":
            agent = next(
                (
                    view.mention_covering(m)
                    for m in range(k + 1, min(n, k + 5))
                    if view.mention_covering(m)
                ),
                None,
            )
            if agent is not None:
                return agent, False
        span = view.mention_covering(k)
        if span is not None and _attack_after(view, span):
            return span, False
    for span in view.mentions:
        if (
            span.last < group.q_first
            and span.first not in victim_tokens
            and _attack_after(view, span)
        ):
            return span, False
    return None, False


def _attack_after(view: SentenceView, span: MentionSpan) -> bool:
    """ "a JNIM ambush", "Boko Haram attacks", "IS-claimed bombing": the mention did it."""
    words = view.words
    k = span.last + 1
    while k < len(words) and words[k] in ATTACK_MODIFIERS:
        k += 1
    return k < len(words) and words[k] in ATTACK_NOUNS
