"""Outcome words in a sentence ("killed", "shot dead", "claimed the lives of") and the path
from a victim group to its outcome over auxiliaries, short phrases and asides.
"""

from __future__ import annotations

from bot.extract.claim_words import (
    ASIDE_OPENERS,
    AUX,
    BE_AUX,
    NON_PERSON,
    NP_STOP,
    OBJECT_STARTS,
    PP_INNER,
    PP_STARTS,
    PRESENT_FORMS,
    REPORTING_AUX,
    TO_DEATH_VERBS,
    TRIGGERS_BY_FIRST,
    TRIGGERS_BY_LEN,
    is_demonym,
    is_person_head,
)
from bot.extract.sentence_view import SentenceView
from bot.extract.syntax import closing, is_adverb, name_starts, name_word

# An outcome phrase: (outcome, how it takes its victims, index of its last token); see
# claim_words for "verb", "active" and "after".
Trigger = tuple[str, str, int]
Triggers = dict[int, Trigger]  # by the index of the phrase's first token
# Words that can begin an outcome phrase (a cheap first test per word).
TRIGGER_STARTS = frozenset(TRIGGERS_BY_FIRST) | TO_DEATH_VERBS | {"set", "sets", "setting"}
# Words that open an outcome phrase proper (before a listed victim: "kills Palestinian").
TRIGGER_WORDS = frozenset(TRIGGERS_BY_FIRST)


def trigger_at(words: list[str], i: int) -> Trigger | None:
    """The outcome phrase starting at token i, if any."""
    w = words[i]
    for phrase, (outcome, how) in TRIGGERS_BY_FIRST.get(w, ()):
        length = len(phrase)
        if tuple(words[i : i + length]) == phrase:
            return outcome, how, i + length - 1
    # "stoned three men to death", "beat to death a man".
    if w in TO_DEATH_VERBS:
        for k in range(i + 1, min(len(words) - 1, i + 8)):
            if words[k] == "to" and words[k + 1] == "death":
                # "burn to death 7 people": the phrase ends at "death"; else at the verb.
                return "killed", "verb", k + 1 if k == i + 1 else i
            if words[k] == "alive" and w.startswith("burn"):
                return "killed", "verb", i  # "burned two suspected thieves alive"
            if words[k] == "dead" and w in ("shot", "shoot", "shoots") and k > i + 1:
                return "killed", "verb", i  # "shot a suspect dead"
            if words[k] in (",", ".", ";") or (words[k] == "and" and words[k - 1] == w):
                break  # "hacked his wife and son to death" reads on; "beat and robbed" not
    # Mob killings: "set ablaze a suspected kidnapper", "sets two suspected thieves alight".
    if w in ("set", "sets", "setting"):
        for k in range(i + 1, min(len(words), i + 7)):
            if words[k] in ("ablaze", "alight") or words[k : k + 2] == ["on", "fire"]:
                return "killed", "verb", k if k == i + 1 else i
            if words[k] in (",", ".", ";", "and"):
                break
    return None


def find_triggers(view: SentenceView) -> Triggers:
    """Every outcome phrase in the sentence, left to right, never inside an actor's name."""
    words = view.words
    found: Triggers = {}
    i = 0
    while i < len(words):
        w = words[i]
        if w not in TRIGGER_STARTS or view.mention_at[i] is not None:
            i += 1
            continue
        hit = trigger_at(words, i)
        if w == "dead" and i > 0 and words[i - 1] in _NOUN_DETERMINERS:
            i += 1  # "buried the dead", "Book of the Dead": a noun, not a predicate
        elif w == "missing" and i + 1 < len(words) and _adjective_before_person(view, i + 1):
            i += 1  # "the body of a missing herder": an adjective, not an outcome
        elif hit is not None and words[hit[2]] == ":" and i > 0:
            # "Dead: 4 soldiers" labels a note; in "7 dead: 6 peacekeepers and ..." the word
            # is the plain outcome and what follows the colon itemises it.
            plain = TRIGGERS_BY_LEN.get(1, {}).get((w,))
            if plain is not None:
                found[i] = _killed_and_wounded(view, (plain[0], plain[1], i))
            i += 1
        elif hit is not None and _counterfactual(words, i):
            i = hit[2] + 1  # "the device could have killed dozens": it did not
        elif (
            hit is not None
            and i > 0
            and words[i - 1] in _INTENT
            and w in PRESENT_FORMS
            and not _achieved(words, i - 1)
        ):
            i = hit[2] + 1  # "tried to kill the minister", "vowed to kill": not an event
        elif hit is not None:
            found[i] = _killed_and_wounded(view, hit)
            i = found[i][2] + 1
        else:
            i += 1
    return found


def _adjective_before_person(view: SentenceView, k: int) -> bool:
    """Whether token k is the person (or actor) a preceding adjective describes."""
    return view.mention_at[k] is not None or is_person_head(view.words[k])


_NOUN_DETERMINERS = frozenset({"the", "our", "their", "its", "his", "her"})
# "the response made it possible to neutralise 12 assailants" (French "a permis de
# neutraliser"), "managed to kill", "succeeded in": done, not intended.
_ACHIEVED_BEFORE = (
    ("made", "it", "possible"),
    ("make", "it", "possible"),
    ("makes", "it", "possible"),
    ("managed",),
    ("manage",),
    ("manages",),
)


def _counterfactual(words: list[str], i: int) -> bool:
    """ "could have killed", "would have been killed": what did not happen."""
    before = words[max(0, i - 3) : i]
    if before[-1:] == ["been"]:
        before = before[:-1]
    return before[-2:] in (["could", "have"], ["would", "have"])


def _achieved(words: list[str], to: int) -> bool:
    """Whether the "to" at index `to` follows a phrase saying the act was done."""
    return words[to] == "to" and any(
        tuple(words[max(0, to - len(p)) : to]) == p for p in _ACHIEVED_BEFORE
    )


_INTENT = frozenset({"to", "will", "would", "could", "can", "may", "might", "should", "must"})


def _killed_and_wounded(view: SentenceView, hit: Trigger) -> Trigger:
    """ "15 were killed and wounded", "dozens killed or injured": one figure for dead and
    wounded together is a casualty count, not a death toll (unless the wounded get their own
    figure: "killed 4 and wounded 9"; "killed and wounded 12" is a casualty count too)."""
    outcome, how, last = hit
    words = view.words
    k = last + 1
    if outcome != "killed" or k + 1 >= len(words) or words[k] not in ("and", "or", "&"):
        return hit
    second = trigger_at(words, k + 1) if words[k + 1] in TRIGGER_STARTS else None
    if second is None or second[0] != "wounded":
        return hit
    return "casualties", how, second[2]


def _counts_things(view: SentenceView, j: int) -> bool:
    """Whether the figure at token j counts things, not people ("18 nationalities")."""
    span = next((q for q in view.quantities if q.first == j), None)
    after = span.last + 1 if span is not None else j + 1
    return after < len(view.words) and (
        view.words[after] in NON_PERSON or view.words[after] in _HOUSEHOLDS
    )


# "eight members of one family": the figure counts households, not people.
_HOUSEHOLDS = frozenset({"family", "families", "household", "households", "clan", "clans"})


def _skip_phrase(view: SentenceView, i: int, triggers: Triggers) -> int:
    """The end of a preposition + noun phrase starting at i ("from the militia"), or i."""
    words = view.words
    n = len(words)
    j = i + 1
    limit = min(n, i + 10)
    while j < limit and j not in triggers:
        w = words[j]
        if w in AUX and w not in PP_INNER:
            break
        if w == "(":
            close = closing(words, j, ")", 8)
            if close is None:
                return i
            j = close + 1
            continue
        if j in view.quantity_starts and words[j - 1] not in ("the", "its", "their"):
            if _counts_things(view, j):
                j += 1  # "30 civilians of 18 nationalities were killed"
                continue
            return i  # a figure starts another group ("from the two sides" goes on)
        if w in NP_STOP and w not in PP_INNER:
            return i
        if w == "," and j > i + 1 and _verb_after_stray_comma(view, j, triggers) is not None:
            return j  # "A worker from Nahia, died"
        if not (view.tokens[j].text[:1].isalnum() or w in ("-", "'s", "’s")):
            return i
        j += 1
    return j if j < limit and j > i + 1 else i


def skip_to_trigger(view: SentenceView, i: int, triggers: Triggers) -> int:
    """From just after a group, skip aux words, adverbs, a short phrase and asides.

    "three combatants from the militia were confirmed dead" returns the index of "confirmed
    dead"; so do "12 people, mostly civilians, were killed", "a leader who joined IS was
    killed" and "two soldiers were ambushed and killed". A skipped phrase must be a preposition
    and a noun phrase, so the search never runs into another clause ("... in an ambulance
    after they had been injured").
    """
    words = view.words
    n = len(words)
    steps = 0
    while i < n and steps < 12:
        if i in triggers:
            if steps == 0 and triggers[i][0] == "wounded":
                # "One of the eight people injured succumbed to his wounds": "injured" is a
                # reduced relative clause; the sentence's verb is the death.
                return _death_after_wounded(view, i, triggers) or i
            return i
        w = words[i]
        if w in ("who", "which", "that"):
            # "a leader who joined IS was killed": jump over the relative clause to its "was".
            j = _after_relative_clause(view, i, triggers)
            if j == i + 1:
                # "Two officers who defected - a captain and a sergeant - were killed".
                j = next((k for k in range(i + 2, min(n, i + 5)) if words[k] in _DASHES), j)
            i = j
            steps += 1
            continue
        if steps == 0 and (
            # A reduced relative clause: "three soldiers guarding the bridge were killed",
            # "a woman accused of adultery was stoned", "two men suspected of spying were shot".
            (w.endswith("ing") and w.isalpha() and w not in NP_STOP)
            or (w in _RELATIVE_PARTICIPLES and words[i + 1 : i + 2] in _RELATIVE_NEXT)
        ):
            j = _after_relative_clause(view, i, triggers)
            if j == i + 1:
                return i
            i = j
            steps += 1
            continue
        if (
            steps == 0
            and w.endswith("ed")
            and w.isalpha()
            and words[i + 1 : i + 2]
            in (
                ["were"],
                ["was"],
            )
        ):
            i += 1  # a participle left dangling: "Two armed militants described were killed"
            steps += 1
            continue
        if w in ("among", "amongst") and words[i + 1 : i + 2] == ["those"] and i + 2 in triggers:
            return i + 2  # "a commissioner was among those killed"
        if w in _DASHES and (steps == 0 or words[i - 2] in ("who", "which", "that")):
            # A dashed aside: "Two officers - a captain and a sergeant - were killed".
            close = closing(words, i, w, 16)
            after = close + 1 if close is not None else n
            while after < n and words[after] in AUX and after not in triggers:
                after += 1
            if close is None or after not in triggers or not set(words[close + 1 : after]) & BE_AUX:
                return i
            i = after
            continue
        if w in REPORTING_AUX and i + 1 < n and words[i + 1] == "that":
            return i  # "Residents reported that ...": a report, not "were reported killed"
        if w in AUX or is_adverb(w):
            i += 1
            steps += 1
            continue
        if w == "(":
            close = closing(words, i, ")", 10)
            if close is None:
                return i
            i = close + 1
            steps += 1
            continue
        if w == "," and steps == 0 and words[i + 1 : i + 2] == ["who"]:
            # "shot the driver, who later died in hospital": the death of the one just named.
            death = _relative_death(view, i + 2, triggers)
            if death is not None:
                return death
        if w == ",":
            stray = _verb_after_stray_comma(view, i, triggers)
            if stray is not None:
                return stray  # "A construction worker from Nahia, died on 7 February"
        if w == "," and steps == 0:
            # "12 people, mostly civilians, were killed", "Six people, variously said to be
            # civilians or fighters, are reported to have been killed": an aside, then the verb.
            # A relative aside may hold an outcome of its own: "The chief, who had been
            # abducted last week, was found beheaded".
            close = closing(words, i, ",", 40)
            relative = words[i + 1 : i + 2] in (["who"], ["whom"])
            if close is None or (not relative and any(k in triggers for k in range(i + 1, close))):
                return i
            after = close + 1
            while (
                after < n
                and (words[after] in AUX or is_adverb(words[after]))
                and after not in triggers
            ):
                after += 1
            dying = after in triggers and triggers[after][1] == "after"  # "X, a trader, died"
            if after not in triggers or not (
                set(words[close + 1 : after]) & BE_AUX or words[i + 1] in ASIDE_OPENERS or dying
            ):
                return i
            i = after
            steps += 1
            continue
        if i + 2 < n and words[i + 1] == "and" and w.isalpha() and w not in NP_STOP:
            # "were ambushed and killed", "were beaten and killed", "abducted and later executed".
            k = i + 2
            while (k < n and is_adverb(words[k])) or (
                k < n and words[k] in ("later", "then", "subsequently")
            ):
                k += 1
            if k in triggers and (w.endswith(("ed", "en")) or w in ("shot", "hit", "caught")):
                i = k
                steps += 1
                continue
        if (w.endswith(("ed", "en")) or w in _IRREGULAR_PARTICIPLES) and w not in NP_STOP:
            # A first verb, then "and died": "a civilian was hit by a stray bullet and died",
            # "a soldier stepped on a mine and was killed".
            death = _conjoined_death(view, i, triggers)
            if death is not None:
                return death
        if w in PP_STARTS and steps < 5 and i not in view.quantity_starts:
            j = _skip_phrase(view, i, triggers)
            if j == i:
                return i
            i = j
            steps += 1
            continue
        return i
    return i


_DASHES = frozenset({"-", "–", "—"})
_DYING_VERBS = frozenset({"died", "dies", "succumbed", "succumbs", "perished"})


def _verb_after_stray_comma(view: SentenceView, i: int, triggers: Triggers) -> int | None:
    """The outcome right after a comma that only separates a subject from its verb, as notes
    often write it: "A construction worker from Nahia, died", "Abu Mohamed al-Dernawi, was
    found dead". Only a dying verb or "was/were" + outcome qualifies, so a list ("killed
    two soldiers, wounded three") or a new clause never does."""
    words = view.words
    k = i + 1
    be = False
    while k < len(words) and k not in triggers and (words[k] in AUX or is_adverb(words[k])):
        be = be or words[k] in BE_AUX
        k += 1
    if k not in triggers or triggers[k][1] == "active":
        return None
    if words[k] in _DYING_VERBS or (be and k > i + 1 and words[i + 1] in BE_AUX):
        return k
    return None


def _death_after_wounded(view: SentenceView, i: int, triggers: Triggers) -> int | None:
    """The death verb right after a wounded participle ("injured later died"), if any."""
    words = view.words
    k = i + 1
    while k < len(words) and k not in triggers and (words[k] in AUX or is_adverb(words[k])):
        k += 1
    if k < len(words) and words[k] in _DYING_VERBS and triggers.get(k, ("",))[0] == "killed":
        return k
    return None


_RELATIVE_PARTICIPLES = frozenset(
    {"accused", "suspected", "believed", "thought", "known", "alleged", "charged", "linked"}
    | {"held", "stationed", "based", "deployed", "detained", "posted", "working", "living"}
)
_RELATIVE_NEXT = (["of"], ["to"], ["with"], ["at"], ["in"], ["near"], ["on"], ["by"], ["for"])
_IRREGULAR_PARTICIPLES = frozenset({"hit", "shot", "struck", "caught", "hurt", "cut", "run"})


def _conjoined_death(view: SentenceView, i: int, triggers: Triggers) -> int | None:
    """The death verb in "<verb> ... and (later) died|was killed", within a short clause."""
    words = view.words
    n = len(words)
    for j in range(i + 1, min(n - 1, i + 9)):
        w = words[j]
        if w in (",", ";", ".", "who", "which", "that", "when", "after", "before", "while"):
            return None
        if j in triggers or j in view.quantity_starts:
            return None
        if w != "and":
            continue
        k = j + 1
        while k < n and (
            words[k] in ("later", "then", "subsequently", "eventually")
            or (words[k] in BE_AUX or is_adverb(words[k]))
        ):
            k += 1
        hit = triggers.get(k)
        if hit is None or hit[0] != "killed":
            return None
        passive = set(words[j + 1 : k]) & BE_AUX
        if hit[1] == "after" or (hit[1] == "verb" and passive):
            return k
        return None
    return None


def _relative_death(view: SentenceView, k: int, triggers: Triggers) -> int | None:
    """The death verb right after "who": "who later died", "who was killed", "who succumbed"."""
    words = view.words
    start = k
    while k < len(words) and k not in triggers and (words[k] in AUX or is_adverb(words[k])):
        k += 1
    hit = triggers.get(k)
    if hit is None or hit[0] != "killed":
        return None
    passive = bool(set(words[start:k]) & BE_AUX)
    return k if hit[1] == "after" or (hit[1] == "verb" and passive) else None


def _after_relative_clause(view: SentenceView, i: int, triggers: Triggers) -> int:
    """Where the main verb resumes after "who/which/that ...", or just after the pronoun."""
    words = view.words
    n = len(words)
    for j in range(i + 1, min(n, i + 10)):
        if words[j] in (",", ";", ".") or j in triggers:
            break
        if j > i + 1 and words[j] in _RESUMING_AUX:
            k = j + 1
            while k < n and (words[k] in AUX or is_adverb(words[k])) and k not in triggers:
                k += 1
            if k in triggers:
                return j
    return i + 1


_RESUMING_AUX = BE_AUX | {"has", "have", "had"}


def has_object(view: SentenceView, i: int) -> bool:
    """Whether an active verb is followed by its object (a figure, a group, a name, a pronoun)."""
    words = view.words
    if i >= len(words):
        return False
    tokens = view.tokens
    if words[i] in ('"', "”") and i > 0 and tokens[i - 1].end == tokens[i].start:
        return False  # a closing quote: '"Some 25 officers killed" in clashes'
    if i in view.quantity_starts or words[i] in OBJECT_STARTS:
        return True
    if view.mention_covering(i) is not None or name_starts(view, i) or name_word(view, i):
        return True  # "killed 12 soldiers", "killed Wagner fighters", "shot dead Ahmed Ali"
    return is_person_head(words[i]) or is_demonym(view.tokens[i].text)
