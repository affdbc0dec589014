"""Attributed casualty claims: who claims how many of whom were killed, wounded or captured.

`extract_claims` turns a document into `ExtractedClaim`s, one per sentence, claimant, victim
group and outcome. It is deterministic and offline: sentences (sentences.py) and actors
(actors.py) are found once per document; figures (numbers.py), casualty statements
(casualties.py) and reporting clauses (attribution.py) are read per sentence, and only in
sentences that hold an outcome, casualty or reporting word.

Conventions (what a reader of the claims can rely on):

* claimant: the actor or phrase of the governing reporting clause: the nearest "X said",
  "according to X" before the figure, else a trailing "..., X said" after it. "They", "it",
  "the group", "the rebels", "the army" refer back to the last fitting actor named (as a
  claimant or as a sentence's subject); with none, "the army"/"the military" is the national
  army of `country_code` (the document's country), when given. A reporting verb coordinated
  with an earlier verb has that verb's subject ("The army dismissed the claim as propaganda
  and said ...", "X did not comment but said ...": the army, X). With no reporting clause:
  `default_claimant` (the publisher), else the literal "unattributed report"; never when the
  sentence names its speaker. An actor is never invented; an actor named inside the
  speaker's phrase is the speaker ("The CSP rebel alliance said", "a JNIM spokesman said":
  the CSP, JNIM).
* victim: canonical actor name(s), joined with " and " for a combined group ("seven Malian
  soldiers and Wagner operatives" -> one claim, victim "FAMa and Wagner Group", each group in
  `victim_actors`, `victim_actor` None); the words used when no actor fits ("children");
  "unspecified" when the text names no one. A claimant's own people are the claimant's forces:
  "eleven of its soldiers", "lost four soldiers", "Twelve soldiers were killed, the Malian army
  said" (FAMa); "Russia lost 1,200 soldiers" is the Russian Armed Forces. After an admission
  with no victim named ("Wagner admitted to heavy losses") the victim is the claimant itself.
  "Dozens of casualties among X", "X suffered 30 casualties", "inflicted ... on X": X. An
  elided group after "and" is the coordinated group's ("Nine Malian soldiers were killed and
  five wounded": five FAMa wounded); unnamed "attackers" are the one actor whose attack the
  sentence names ("repelled an RSF attack and killed 40 of the attackers": RSF). A
  party's casualties naming no one ("the CSP reported dozens of casualties") are those of the
  enemies named in its own latest earlier claim in the document, when there is one.
* outcome: killed, wounded, captured, abducted, missing, or "casualties" for losses and
  casualties that say neither killed nor wounded ("heavy losses", "dozens of casualties",
  "15 were killed and wounded"). A party that "claims heavy losses in clashes with" an enemy
  claims them inflicted on that enemy (the enemy is the victim).
* figures: `low`/`high`/`qualifier` from numbers.py (ACLED conventions for vague words); no
  figure for qualitative claims (qualifier = the phrase, "heavy losses") and figure-less plural
  groups (qualifier "unspecified number", "killed civilians").
* claim_kind: third_party_report when the claimant does not fight (media, NGOs, the UN,
  residents, unattributed); own_side_admission when claimant and every victim are one actor or
  share a camp (actors.yaml `camp`/`allied_camps`); adversary_claim otherwise.
* stance: "superseded" for a figure the text says was replaced ("updating an earlier toll of
  three", "initially counted 49 bodies"); "denied" under a denial ("the army denied that 30
  soldiers were killed") or a negation ("did not kill"), "retracted" under a retraction, else "asserted". A claim quoted
  inside a retraction or denial takes its stance ("withdrew a statement in which they claimed
  to have killed 300"). A denial in the very next sentence that restates nothing ("The army
  dismissed the report.", "... denied the claim.", "... denied it.") adds a copy of each
  asserted claim of the sentence before, with the denier as claimant and stance "denied".
* subset: part of a figure already given ("including three children", "the seven" restated);
  totals should skip these.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from bot.extract.actors import GENERIC_KINDS, PARTY_KINDS, ActorCatalog
from bot.extract.attribution import AttributionContext, Claimant, Report, find_reports
from bot.extract.casualties import find_casualties
from bot.extract.casualty import Casualty
from bot.extract.claim_words import has_candidate_word
from bot.extract.numbers import find_quantities, parse_quantity
from bot.extract.other_time import follows_days_after, is_other_time, reports_no_casualties
from bot.extract.sentence_view import SentenceView, build_view
from bot.extract.sentences import split_sentences
from bot.extract.types import ActorInfo, ActorMention, ExtractedClaim

UNATTRIBUTED = "unattributed report"
UNSPECIFIED_VICTIM = "unspecified"
GENERIC_SOLDIERS = "Soldiers (unspecified)"
OWN_WORDS = ("its", "their", "our")


def extract_claims(
    text: str,
    *,
    catalog: ActorCatalog,
    default_claimant: str | None = None,
    country_code: str | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
    mentions: list[ActorMention] | None = None,
) -> list[ExtractedClaim]:
    """Every casualty claim in `text`, in document order, with sentence offsets into `text`.

    `country_code` is the country the document is about, when known: its national army is
    who "the army" is when no army was named before. A caller that has already read the text
    (bot/extract/article.py) passes its `sentences` (split_sentences(text)) and actor
    `mentions` (catalog.find_mentions(text)) so the text is not split and scanned twice.
    """
    if sentences is None:
        sentences = split_sentences(text)
    if mentions is None:
        mentions = catalog.find_mentions(text)
    mention_starts = [m.start for m in mentions]
    reading = _uncapitalised(text, sentences)
    default = _default_claimant(default_claimant, catalog)
    army = catalog.national_force(country_code) if country_code else None
    context = AttributionContext(national_army=army)
    claims: list[ExtractedClaim] = []
    last_claims: list[ExtractedClaim] = []  # the previous sentence's claims
    reported_casualties = False  # an earlier sentence reported casualties
    zero_toll = False  # an earlier sentence gave the event's toll as none
    for start, end in sentences:
        subject = _sentence_subject(text, start, end, mentions, mention_starts)
        if subject is not None:
            context.remember(subject)  # "JNIM ambushed a convoy, the group said": JNIM
        sentence = text[start:end]
        if not has_candidate_word(sentence):
            last_claims = []
            continue  # no outcome, figure-noun or reporting word: nothing to read here
        # Figures are read per sentence: sentences without candidate words never need them.
        quantities = [(s + start, e + start, q) for s, e, q in find_quantities(reading[start:end])]
        view = build_view(
            reading,
            start,
            end,
            mentions=mentions,
            quantities=quantities,
            mention_starts=mention_starts,
        )
        reports = find_reports(view, context)
        denial = _denial_of_earlier(view, reports)
        if denial is not None:
            # "The army dismissed the report.": the claims just made, denied by the army.
            claims.extend(_denied_copies(last_claims, denial, sentence, start, end))
            last_claims = []
        sentence_claims: dict[tuple[str, str, str, str, int], ExtractedClaim] = {}
        casualties = _this_event(
            view,
            find_casualties(view, first_report=not reported_casualties),
            reported_casualties,
            zero_toll=zero_toll,
        )
        separate_from = _separate_incident_start(sentence) if reported_casualties else None
        if not reported_casualties and not casualties and reports_no_casualties(sentence):
            zero_toll = True  # "causing damage but no casualties": later deaths are background
        reported_casualties = reported_casualties or bool(casualties) or zero_toll
        for casualty in casualties:
            report = _governing_report(view, reports, casualty.anchor)
            claim = _claim(casualty, report, default, catalog, sentence, start, end)
            if claim.victim == UNSPECIFIED_VICTIM and _OWN_SIDE_RE.search(sentence):
                _own_side(claim, catalog)  # "we deplore 4 dead on our side"
            if claim.stance == "asserted" and _superseded(claim):
                claim.stance = "superseded"  # "updating an earlier toll of three"
            if separate_from is not None and _token_start(view, casualty.anchor) >= separate_from:
                claim.separate_incident = True  # "In a separate incident, a bomb killed 2"
            # "his body" may point back within the sentence; "the three vigilantes" listed
            # beside "himself" may not.
            counted = [*claims, *sentence_claims.values()] if _possessive(claim) else claims
            if casualty.definite and _restates(claim, counted):
                claim.subset = True  # "the soldiers killed the seven": counted before
            if claim.outcome == "killed" and _AMONG_DEAD_RE.search(sentence):
                # "Five people were killed. Among the dead were two soldiers.": a part.
                earlier_killed = [*claims, *sentence_claims.values()]
                claim.subset = claim.subset or any(c.outcome == "killed" for c in earlier_killed)
            # Figures under two reporting clauses are two reports, never one sum: "Local
            # leaders reported 14 dead, while an official put the toll at 9".
            clause = report.verb if report is not None else -1
            key = (claim.victim, claim.outcome, claim.claimant, claim.stance, clause)
            earlier = sentence_claims.get(key)
            if earlier is None:
                sentence_claims[key] = claim
            else:
                _merge(earlier, claim)
        found = list(sentence_claims.values())
        found.extend(_elided_figures(view, reports, [*claims, *found], sentence, start, end))
        _counted_by_reflexive(found)
        reflexive = _attackers_killed_too(sentence, found)
        if reflexive is not None:
            found.append(reflexive)
        claims.extend(found)
        if found:
            last_claims = found
        elif denial is None:
            last_claims = []  # a denial must follow the claim it answers
        for report in reports:
            if report.claimant is not None and not report.anaphoric:
                context.remember(report.claimant)
    _victims_from_context(claims)
    _supersede_raised_tolls(claims)
    return claims


_SEPARATE_RE = re.compile(
    r"\b(?:in\s+(?:a|another)\s+(?:separate|different|unrelated)\s+"
    r"(?:incident|attack|clash|clashes|raid|ambush|development|event|case|operation)"
    # (not "separately": "JNIM separately claimed 50" is another claim about the same fight)
    r"|in\s+another\s+(?:incident|attack|clash|raid|ambush))\b",
    re.I,
)


def _token_start(view: SentenceView, index: int) -> int:
    return view.tokens[index].start if 0 <= index < len(view.tokens) else 0


def _separate_incident_start(sentence: str) -> int | None:
    """Where a sentence turns to another incident ("In a separate incident the same day,
    ...", "..., and in another attack ..."), as an offset into the sentence; None if it does
    not. Only after casualties were reported: the first incident is the document's own."""
    low = sentence.lower()
    if "separate" not in low and "another" not in low and "different" not in low:
        return None  # the common case, without a regex
    found = _SEPARATE_RE.search(sentence)
    return found.start() if found else None


_ELIDED_VERBS = frozenset({"said", "says", "say", "counted", "counts", "reported", "reports"})


def _elided_figures(
    view: SentenceView,
    reports: list[Report],
    before: list[ExtractedClaim],
    sentence: str,
    start: int,
    end: int,
) -> list[ExtractedClaim]:
    """A second source's bare figure for the deaths just reported: "Amnesty said at least 17
    were killed; police said 5.", "Civil society counts 64 dead; government says 42." (the 42
    is the government's count of the same dead). Only a figure that ends its clause."""
    words = view.words
    elided: list[ExtractedClaim] = []
    for report in reports:
        if report.claimant is None or words[report.verb] not in _ELIDED_VERBS:
            continue
        k = report.verb + 1
        span = next((q for q in view.quantities if q.first == k), None)
        if span is None or (span.quantity.low is None and span.quantity.high is None):
            continue
        after = words[span.last + 1] if span.last + 1 < len(words) else "."
        if after not in (".", ";", ",", ")"):
            continue
        donor = next(
            (c for c in reversed(before) if c.outcome == "killed" and c.stance == "asserted"),
            None,
        )
        if donor is None or donor.claimant == report.claimant.name:
            continue
        claim = replace(
            donor,
            claimant=report.claimant.name,
            claimant_actor=report.claimant.actor,
            low=span.quantity.low,
            high=span.quantity.high,
            qualifier=span.quantity.qualifier,
            figure_text=span.quantity.text,
            sentence=sentence,
            sentence_start=start,
            sentence_end=end,
            subset=False,
        )
        claim.claim_kind = claim_kind(report.claimant.actor, list(donor.victim_actors))
        elided.append(claim)
    return elided


def _uncapitalised(text: str, sentences: Sequence[tuple[int, int]]) -> str:
    """`text` with its all-capitals sentences in lower case ("GUNMEN KILL AT LEAST 15 IN A
    BORDER TOWN"), offsets unchanged: the rules read case (names, title-case headlines), and a
    shouted headline has none. Claims still quote the original text."""
    parts: list[str] = []
    done = 0
    for start, end in sentences:
        sentence = text[start:end]
        lowered = sentence.lower()
        if sentence.isupper() and len(sentence.split()) >= 3 and len(lowered) == len(sentence):
            parts.extend((text[done:start], lowered))
            done = end
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


_AMONG_DEAD_RE = re.compile(
    r"\bamong(?:st)? (?:the (?:dead|victims|fatalities|killed|deceased)|those killed)\b", re.I
)
_RELATIVE_ASIDE_RE = re.compile(r",\s*(?:who|whom)\b[^,;]*,")


def _this_event(
    view: SentenceView, casualties: list[Casualty], reported: bool, *, zero_toll: bool = False
) -> list[Casualty]:
    """The casualties not set at another time, judged clause by clause (";"): "Last month, 30
    people were killed in a similar attack", "killing 7; 2 herders were killed in a reprisal
    the following day" (the 2). `reported`: an earlier sentence reported casualties;
    `zero_toll`: an earlier sentence gave the event's toll as none."""
    kept: list[Casualty] = []
    text = view.text
    for casualty in casualties:
        at = _token_start(view, casualty.anchor)
        begin, end = text.rfind(";", 0, at) + 1, text.find(";", at)
        clause = text[begin : end if end >= 0 else len(text)]
        # A relative aside tells the victim's past, not the event's time: "The chief, who had
        # been abducted last week, was found beheaded".
        clause = _RELATIVE_ASIDE_RE.sub(",", clause)
        earlier = reported or bool(kept)
        if earlier and follows_days_after(text[begin:at]):
            continue  # "..., two days after three others were killed": that earlier raid's
        if not is_other_time(clause, after_casualties=earlier, after_zero_toll=zero_toll):
            kept.append(casualty)
    return kept


def _victims_from_context(claims: list[ExtractedClaim]) -> None:
    """A party's "dozens of casualties" with no victim named are inflicted on the enemies it
    named in its latest earlier claim: the CSP reports killing Wagner and FAMa fighters, then
    "dozens of casualties" (victims Wagner and FAMa). Never its own side, never a guess from
    another claimant's words."""
    for index, claim in enumerate(claims):
        actor = claim.claimant_actor
        if (
            claim.outcome != "casualties"
            or claim.victim != UNSPECIFIED_VICTIM
            or actor is None
            or actor.kind in GENERIC_KINDS
            or not is_party(actor)
        ):
            continue
        earlier = [
            c
            for c in claims[:index]
            if c.claimant == claim.claimant and c.stance == "asserted" and c.victim_actors
        ]
        if not earlier:
            continue
        latest = [c for c in earlier if c.sentence_start == earlier[-1].sentence_start]
        victims = list(dict.fromkeys(v for c in latest for v in c.victim_actors))
        if any(same_side(actor, v) or v.kind in GENERIC_KINDS for v in victims):
            continue
        claim.victim = " and ".join(v.name for v in victims)
        claim.victim_actors = tuple(victims)
        claim.victim_actor = victims[0] if len(victims) == 1 else None
        claim.claim_kind = claim_kind(actor, victims)


# What a denial can refer back to: "denied the claim", "dismissed the reports as propaganda".
_DENIED_OBJECTS = frozenset(
    [
        "report",
        "reports",
        "claim",
        "claims",
        "figure",
        "figures",
        "toll",
        "allegation",
        "allegations",
        "account",
        "accounts",
        "statement",
        "statements",
        "information",
    ]
)
_DENIED_PRONOUNS = frozenset({"it", "this", "that", "them"})


def _denial_of_earlier(view: SentenceView, reports: list[Report]) -> Claimant | None:
    """The denier when the sentence denies what was just said without restating it: "The
    army denied the claim", "Wagner dismissed the reports". Only a named claimant counts."""
    for report in reports:
        if report.stance != "denied" or report.claimant is None:
            continue
        after = view.words[report.verb + 1 : report.verb + 4]
        if any(w in _DENIED_OBJECTS for w in after):
            return report.claimant
        # "The army denied it." (not "denied it was involved").
        if after[:1] and after[0] in _DENIED_PRONOUNS and after[1:2] in ([], ["."], [","]):
            return report.claimant
    return None


def _denied_copies(
    earlier: list[ExtractedClaim], denier: Claimant, sentence: str, start: int, end: int
) -> list[ExtractedClaim]:
    """The earlier claims, each denied by `denier`, with the denial as their sentence."""
    copies: list[ExtractedClaim] = []
    for claim in earlier:
        if claim.stance != "asserted" or claim.claimant == denier.name:
            continue
        copies.append(
            replace(
                claim,
                claimant=denier.name,
                claimant_actor=denier.actor,
                stance="denied",
                claim_kind=claim_kind(denier.actor, list(claim.victim_actors)),
                sentence=sentence,
                sentence_start=start,
                sentence_end=end,
            )
        )
    return copies


_PREPOSITION_BEFORE_RE = re.compile(
    r"\b(?:in|of|from|near|at|to|with|against|on|for|by|into|across)\s+(?:the\s+)?$", re.I
)


def _sentence_subject(
    text: str, start: int, end: int, mentions: list[ActorMention], mention_starts: list[int]
) -> Claimant | None:
    """The first named actor of a sentence that is not inside a phrase like "in Mali".

    "The CSP attacked a FAMa convoy. It said 12 soldiers were killed": "it" is the CSP.
    """
    for mention in mentions[bisect_left(mention_starts, start) :]:
        if mention.start >= end:
            return None
        if mention.actor.kind in GENERIC_KINDS:
            continue
        if _PREPOSITION_BEFORE_RE.search(text, max(start, mention.start - 14), mention.start):
            continue
        return Claimant(name=mention.actor.name, actor=mention.actor)
    return None


def _default_claimant(name: str | None, catalog: ActorCatalog) -> Claimant:
    """Who un-attributed claims belong to: the publisher when given, else "unattributed"."""
    if name is None:
        return Claimant(name=UNATTRIBUTED, actor=None)
    actor = catalog.resolve(name)
    return Claimant(name=actor.name if actor else name, actor=actor)


def _governing_report(view: SentenceView, reports: list[Report], anchor: int) -> Report | None:
    """The nearest reporting clause before the statement, else a trailing one after it
    ("12 soldiers were killed, the army said").

    A claim quoted inside a retraction or denial takes its stance: "the RSF withdrew a
    statement in which they claimed to have killed 300 soldiers" is retracted.
    """
    before = [r for r in reports if r.verb < anchor]
    if before:
        nearest = before[-1]
        for outer in before[:-1]:
            embedded = {"which", "whom", "that"} & set(view.words[outer.verb : nearest.verb])
            if (
                outer.stance in ("denied", "retracted")
                and nearest.stance == "asserted"
                and embedded
            ):
                return replace(nearest, stance=outer.stance)
        return nearest
    return next((r for r in reports if r.verb > anchor and r.trailing), None)


def _claim(
    casualty: Casualty,
    report: Report | None,
    default: Claimant,
    catalog: ActorCatalog,
    sentence: str,
    start: int,
    end: int,
) -> ExtractedClaim:
    claimant = report.claimant if report is not None and report.claimant is not None else default
    stance_word = report.stance if report is not None else "asserted"
    victims, victim_phrase = _victims(
        casualty, claimant, stance_word, attributed=claimant is not default, catalog=catalog
    )
    perpetrator = casualty.perpetrator
    perpetrator_name = perpetrator.name if perpetrator else casualty.perpetrator_phrase
    if casualty.perpetrator_is_claimant and claimant is not default:
        perpetrator, perpetrator_name = claimant.actor, claimant.name
    stance = {"denied": "denied", "retracted": "retracted"}.get(stance_word, "asserted")
    if casualty.negated and stance == "asserted":
        stance = "denied"
    quantity = casualty.quantity
    low, high = (quantity.low, quantity.high) if quantity is not None else (None, None)
    return ExtractedClaim(
        claimant=claimant.name,
        victim=" and ".join(a.name for a in victims)
        if victims
        else victim_phrase or UNSPECIFIED_VICTIM,
        outcome=casualty.outcome,
        low=low,
        high=high,
        qualifier=quantity.qualifier if quantity is not None else casualty.qualifier,
        claim_kind=claim_kind(claimant.actor, victims),
        sentence=sentence,
        sentence_start=start,
        sentence_end=end,
        claimant_actor=claimant.actor,
        victim_actor=victims[0] if len(victims) == 1 else None,
        perpetrator=perpetrator_name,
        perpetrator_actor=perpetrator,
        stance=stance,
        victim_actors=tuple(victims),
        figure_text=quantity.text if quantity is not None and quantity.text else None,
        subset=casualty.subset,
    )


# Bare words for a party's own people in its admission ("acknowledged 6 fighters killed").
_OWN_MEN = frozenset(
    {"fighters", "men", "soldiers", "troops", "members", "combatants", "elements", "personnel"}
)


def _victims(
    casualty: Casualty,
    claimant: Claimant,
    stance_word: str,
    *,
    attributed: bool,
    catalog: ActorCatalog,
) -> tuple[list[ActorInfo], str | None]:
    """Who suffered, as actors or as the words used (see "victim" in the module docstring)."""
    victims = list(casualty.victims)
    phrase = casualty.victim_phrase
    own_words = phrase is not None and phrase.split(" ", 1)[0].lower() in OWN_WORDS
    if attributed and (casualty.own_group or own_words):
        # "the army said 12 of its soldiers were killed": the claimant's own people.
        if claimant.actor is not None:
            return [_forces_of(claimant.actor, catalog)], None
        if own_words:
            return [], claimant.name
    if not victims and phrase is None and stance_word == "admitted" and claimant.actor:
        return [claimant.actor], None  # "Wagner admitted to heavy losses": its own losses
    if (
        not victims
        and phrase is not None
        and stance_word == "admitted"
        and attributed
        and claimant.actor is not None
        and is_party(claimant.actor)
        and casualty.perpetrator is None
        and not casualty.perpetrator_is_claimant
        and phrase.lower() in _OWN_MEN
    ):
        # "SLA-MM denied the figure, acknowledging 6 fighters killed": its own fighters.
        return [_forces_of(claimant.actor, catalog)], None
    if casualty.lost_by_subject and not victims and phrase is not None:
        country = catalog.country(phrase)  # "Russia lost 1,200 soldiers"
        if country is not None:
            victims, phrase = [country], None
    if casualty.own_group or casualty.lost_by_subject:
        victims = [_forces_of(v, catalog) for v in victims]  # "Russia lost": its forces
    actor = claimant.actor
    if (
        attributed
        and actor is not None
        and actor.kind in ("state_force", "government")
        and [v.name for v in victims] == [GENERIC_SOLDIERS]
        and casualty.perpetrator is None
        and not casualty.perpetrator_is_claimant
    ):
        victims = [_forces_of(actor, catalog)]  # "12 soldiers were killed, the Malian army said"
    return victims, phrase


def _forces_of(actor: ActorInfo, catalog: ActorCatalog) -> ActorInfo:
    """A government's own armed forces ("Malian authorities" -> FAMa); others unchanged."""
    if actor.kind == "government" and actor.country_code:
        return catalog.national_force(actor.country_code, camp=actor.camp) or actor
    return actor


def is_party(actor: ActorInfo) -> bool:
    """Whether the actor fights: states, armed groups, and unnamed soldiers or militants."""
    return actor.kind in PARTY_KINDS or actor.kind == "generic"


def same_side(a: ActorInfo, b: ActorInfo) -> bool:
    """One actor, or actors whose camps overlap (Wagner and FAMa both fight for Bamako)."""
    if a.name == b.name:
        return True
    camps_a = {c for c in (a.camp, *a.allied_camps) if c}
    camps_b = {c for c in (b.camp, *b.allied_camps) if c}
    return bool(camps_a & camps_b)


def claim_kind(claimant: ActorInfo | None, victims: list[ActorInfo]) -> str:
    """own_side_admission, adversary_claim or third_party_report (see the module docstring)."""
    if claimant is None or not is_party(claimant):
        return "third_party_report"  # media, NGOs, the UN, residents, the publisher
    if victims and all(same_side(claimant, v) for v in victims):
        return "own_side_admission"
    return "adversary_claim"


# Heads that refer to whoever was counted: "the victims", "the dead", "the seven people".
_RESTATING_HEADS = frozenset({"victims", "victim", "dead", "people", "persons", "bodies", "others"})


def _possessive(claim: ExtractedClaim) -> bool:
    return (claim.figure_text or "").lower() in ("his", "her", "their")


def _restates(claim: ExtractedClaim, earlier: list[ExtractedClaim]) -> bool:
    """Whether a definite group ("the seven", "the soldiers") is people counted before with
    the same outcome, not new ones: "The three bombers also died" after "killing 14 people"
    adds the bombers."""
    same_outcome = [c for c in earlier if c.outcome == claim.outcome]
    if not same_outcome:
        return False
    if claim.figure_text and _is_also_text(claim.sentence, claim.figure_text):
        return False  # "The two bombers also died."
    if claim.victim == UNSPECIFIED_VICTIM or _head(claim.victim) in _RESTATING_HEADS:
        return True
    head = _head(claim.victim)
    return any(
        c.victim in (claim.victim, UNSPECIFIED_VICTIM) or _head(c.victim) in (head, "people")
        for c in same_outcome
    )


def _head(victim: str) -> str:
    words = victim.lower().split()
    word = words[-1] if words else ""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


_BOMBER_HEADS = frozenset({"bomber", "bombers", "attacker", "assailant", "gunman"})


def _counted_by_reflexive(found: list[ExtractedClaim]) -> None:
    """ "The bomber blew himself up, killing himself and three guards": "himself" counts the
    bomber, so the bomber's own claim is part of that figure (a subset), not one more death."""
    if not any((c.figure_text or "").lower() in ("himself", "herself") for c in found):
        return
    for claim in found:
        words = claim.victim.lower().split()
        if claim.low == 1 and words and words[-1] in _BOMBER_HEADS:
            claim.subset = True


_THEMSELVES_RE = re.compile(
    r"\b(?:and|as well as|in addition to|besides|along with|plus)\s+themselves\b", re.I
)
_ATTACKERS_RE = re.compile(
    r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|twin|a pair of)\s+"
    r"(?P<who>(?:[a-z-]+\s+){0,2}(?:bombers|attackers|assailants|gunmen))\b",
    re.I,
)


def _attackers_killed_too(sentence: str, found: list[ExtractedClaim]) -> ExtractedClaim | None:
    """ "Two suicide bombers struck, killing 22 civilians as well as themselves": the two
    bombers died too. A claim for them, beside the sentence's killed claim it extends."""
    killed = [c for c in found if c.outcome == "killed" and c.stance == "asserted"]
    reflexive = _THEMSELVES_RE.search(sentence)
    if not killed or reflexive is None:
        return None
    attackers = [m for m in _ATTACKERS_RE.finditer(sentence) if m.end() <= reflexive.start()]
    if not attackers:
        return None
    match = attackers[0]
    if any(c.victim.lower() == match.group("who").lower() for c in killed):
        return None  # "blew themselves up" already counted them
    figure = parse_quantity(match.group("n"))  # "twin" is the one form it does not read
    count = figure.low if figure is not None and figure.low is not None else 2
    return replace(
        killed[0],
        victim=match.group("who").lower(),
        victim_actor=None,
        victim_actors=(),
        low=count,
        high=count,
        qualifier=None,
        figure_text=match.group("n"),
        subset=False,
        claim_kind="third_party_report",
        perpetrator=None,
        perpetrator_actor=None,
    )


# A communiqué's own losses, named by where they fell: "we deplore 4 dead on our side",
# "2 deaths were recorded on the side of our forces", "It deplores 5 dead in its ranks".
_OWN_SIDE_RE = re.compile(
    r"\b(?:on|in|among)\s+(?:our|its|their)\s+(?:side|ranks|forces|troops|men)\b"
    r"|\bon\s+the\s+side\s+of\s+(?:our|the\s+(?:loyalist|government|friendly))\s+forces\b",
    re.I,
)


def _own_side(claim: ExtractedClaim, catalog: ActorCatalog) -> None:
    """Deaths the speaker counts in its own ranks: its soldiers, a group of their own beside
    the enemies it claims (never a total that includes them)."""
    soldiers = catalog.get(GENERIC_SOLDIERS)
    claim.victim = GENERIC_SOLDIERS
    claim.victim_actor = soldiers
    claim.victim_actors = (soldiers,) if soldiers is not None else ()


def _superseded(claim: ExtractedClaim) -> bool:
    """A figure the text says was replaced: "updating an earlier toll of three", "initially
    counted 49 bodies before revising the toll to 41". It stays a claim, never a count."""
    if not claim.figure_text:
        return False
    return _is_replaced_text(claim.sentence, claim.figure_text)


# "The toll rose to 11", "has risen to nine confirmed dead", "later raised the toll to 20",
# "police revised the toll to 15": the latest count, whoever gives it.
_RAISED_BEFORE = re.compile(
    r"\b(?:rose|risen|rises|rising|climbed|climbs|climbing|increased|jumped|soared|raised"
    r"|raising|revised|revising|updated|updating|(?P<bringing>bringing|brought|brings))\b"
    r"[^.;,]{0,40}?\bto\s+(?:at\s+least\s+)?$"
    # "the number of martyrs reached 104"
    r"|\b(?:number|toll|tally)\b[^.;,]{0,30}\breach(?:ed|es)\s+(?:at\s+least\s+)?$",
    re.I,
)
_RAISED_SENTENCE = re.compile(r"\b(?:toll|tally|figure|number|count|dead|deaths)\b", re.I)
# "bringing to 12 the number killed this week": a running count over several events.
_RUNNING_COUNT = re.compile(
    r"\b(?:since|so far|to date|this (?:week|month|year)|in a (?:week|month)|over the (?:past|last)"
    r"|(?:week|month|year)s?\b)",
    re.I,
)
# The attackers are counted apart: "the toll had risen to 59, not counting the bomber".
_APART_HEADS = frozenset({"bomber", "attacker", "assailant", "gunman"})
_ATTACKERS_IN = re.compile(
    r"\b(?:includ\w*|among them)\b[^.;]{0,30}\b(?:bombers?|attackers?|assailants?|gunm[ae]n)\b"
    r"|\b(?:bombers?|attackers?|assailants?|gunm[ae]n)\s+included\b",
    re.I,
)
# Victims naming no group, as _head reads them ("persons" -> "person").
_TOTAL_HEADS = frozenset({UNSPECIFIED_VICTIM, "people", "person", "dead", "victim", "other"})


def _is_raised_toll(claim: ExtractedClaim) -> bool:
    if not claim.figure_text or not _RAISED_SENTENCE.search(claim.sentence):
        return False
    for start, _ in _figure_ends(claim.sentence, claim.figure_text):
        found = _RAISED_BEFORE.search(claim.sentence[max(0, start - 60) : start])
        if found and not (found.group("bringing") and _RUNNING_COUNT.search(claim.sentence)):
            return True
    return False


def _supersede_raised_tolls(claims: list[ExtractedClaim]) -> None:
    """A toll said to have risen replaces the lower totals given before it, by any source:
    "Gunmen killed nine people, police said. The toll rose to 11, a hospital official said"
    is one count of 11, not two sources competing. The earlier figure stays, as superseded."""
    for index, toll in enumerate(claims):
        if toll.outcome != "killed" or toll.stance != "asserted" or toll.low is None:
            continue
        if not _is_raised_toll(toll):
            continue
        same_sentence = [c for c in claims[index + 1 :] if c.sentence_start == toll.sentence_start]
        for earlier in [*claims[:index], *same_sentence]:
            if (
                earlier.outcome == "killed"
                and earlier.stance == "asserted"
                and not earlier.subset
                and earlier.low is not None
                and earlier.low < toll.low
                and (
                    _head(earlier.victim) not in _APART_HEADS or _ATTACKERS_IN.search(toll.sentence)
                )
                and (
                    earlier.victim == toll.victim
                    or _head(earlier.victim) in _TOTAL_HEADS
                    or _head(toll.victim) in _TOTAL_HEADS  # "six villagers ... rose to eight"
                )
            ):
                if earlier.sentence_start == toll.sentence_start and _more_text(
                    earlier.sentence, earlier.figure_text or ""
                ):
                    earlier.subset = True  # "rose to 21 after two more people died": inside it
                else:
                    earlier.stance = "superseded"


def is_toll_figure(claim: ExtractedClaim) -> bool:
    """Whether the claim's figure is a toll ("the death toll rose to 8", "the toll at 9"):
    a total of everything counted before it in the sentence, never one more group."""
    if not claim.figure_text:
        return False
    return _is_toll_text(claim.sentence, claim.figure_text)


# What comes before or after a claim's figure (as written) to make it a toll, a replaced
# figure or an addition. Static patterns: a pattern per figure would be compiled per new figure.
_TOLL_BEFORE = re.compile(r"\b(?:toll|tally|figure)\b([^.;,]{0,60})", re.I)
_REPLACED_BEFORE = re.compile(
    r"\b(?:earlier|initial|previous|preliminary|original|first)\s+(?:death\s+)?"
    r"(?:toll|tally|figure|count|estimate|balance(?:\s+sheet)?)\s+"
    r"(?:of\s+|was\s+|(?:[\w-]+\s+){1,4}(?:was|of)\s+)?$"
    r"|\binitially\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
_ALSO_AFTER = re.compile(r"^(?:\s+[\w-]+){0,3}\s+(?:also|too|as well)\b", re.I)


def _figure_ends(text: str, figure: str) -> list[tuple[int, int]]:
    """(start, end) of each whole-word occurrence of `figure` in `text`, ignoring case."""
    low, needle = text.lower(), figure.lower()
    found: list[tuple[int, int]] = []
    at = low.find(needle)
    while at >= 0:
        end = at + len(needle)
        if (at == 0 or not low[at - 1].isalnum()) and (end == len(low) or not low[end].isalnum()):
            found.append((at, end))
        at = low.find(needle, at + 1)
    return found


def _is_toll_text(sentence: str, figure: str) -> bool:
    for match in _TOLL_BEFORE.finditer(sentence):
        if any(start <= 40 for start, _ in _figure_ends(match.group(1), figure)):
            return True
    return False


def _is_replaced_text(sentence: str, figure: str) -> bool:
    return any(
        _REPLACED_BEFORE.search(sentence[max(0, start - 80) : start])
        for start, _ in _figure_ends(sentence, figure)
    )


_MORE_AFTER = re.compile(r"^\s+(?:more|other|others|additional|further)\b", re.I)


def _followed_by(sentence: str, figure: str, pattern: re.Pattern[str]) -> bool:
    """Whether some occurrence of `figure` in the sentence is followed by `pattern`."""
    return any(pattern.match(sentence[end:]) for _, end in _figure_ends(sentence, figure))


def _more_text(sentence: str, figure: str) -> bool:
    """ "two more people died": deaths added to a count, not a count of their own."""
    return _followed_by(sentence, figure, _MORE_AFTER)


def _is_also_text(sentence: str, figure: str) -> bool:
    return _followed_by(sentence, figure, _ALSO_AFTER)


def _merge(earlier: ExtractedClaim, later: ExtractedClaim) -> None:
    """One claimant's two figures for one group and outcome in one sentence ("3 soldiers in X
    and 2 in Y"): one claim per sentence, claimant, victim and outcome, the figures added.
    A subset ("including ...") or a figure-less mention adds nothing.
    """
    if later.subset or (later.low is None and later.high is None):
        return
    if is_toll_figure(earlier):
        return  # "bringing the toll to 8 after 2 more died": the toll already counts them
    if (earlier.low is None and earlier.high is None) or is_toll_figure(later):
        # "One of the wounded died, bringing the death toll to two": the toll is the total.
        earlier.low, earlier.high, earlier.qualifier = later.low, later.high, later.qualifier
        earlier.figure_text = later.figure_text
        return
    if earlier.low is not None and later.low is not None:
        earlier.low += later.low
    if earlier.high is not None and later.high is not None:
        earlier.high += later.high
    else:
        earlier.high = None
