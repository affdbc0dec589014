"""One article in, its conflict event(s) out: place, date, sides, type, title, summary and claims.

The article is read once: sentences, then places, dates and actors over the whole text, then the
claims (bot/extract/claims.py). Each sentence that reports fighting or carries a claim is an
"event sentence"; the event's place, date and sides come only from those, so background ("two
coups in 2020 and 2021", a foreign minister's phone call) never becomes the event.

An article yields one event unless it clearly reports separate incidents: a later event sentence
names a place unrelated to the current one (another country, or another first-level division)
and opens like a new item ("Separately, ...", "Elsewhere, ...", "In Kidal, ..."), or its claims
are told as another incident ("In a separate incident the same day, ..."). Claims then go to the
incident whose place their sentence, or the nearest event sentence before it, names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from bot.extract.actors import PARTY_KINDS, ActorCatalog, load_actor_catalog
from bot.extract.claims import extract_claims
from bot.extract.cues import FIGHTING_RE, SPEECH_RE, text_tags
from bot.extract.dates import find_date_expressions, reported_window
from bot.extract.event_type import classify_event_type
from bot.extract.places import Gazetteer, load_gazetteer, place_specificity
from bot.extract.sentences import split_sentences
from bot.extract.summary import summarise
from bot.extract.types import (
    ActorInfo,
    ActorMention,
    ArticleExtraction,
    DateRange,
    ExtractedClaim,
    ExtractedEvent,
    PlaceInfo,
    PlaceMention,
)

SUPPORTED_LANGUAGES = frozenset({"en"})

# A date this much older than the publication date is background, not the reported event.
_STALE_DAYS = 120
# How far (characters) a cue word may sit from a date and still say what the date is about.
_CUE_BEFORE_CHARS = 45
_CUE_AFTER_CHARS = 30
_BACKGROUND_BEFORE = re.compile(r"\b(?:since|until|till|before|for)\s+(?:the\s+)?$", re.I)
# Text before a date that opens its sentence ("On", "Late on", "Early").
_OPENING = re.compile(r"^\W*(?:(?:early|late)\s+)?(?:on|in|by|at)?\s*$", re.I)
# Where one speaker's clause ends and another's may begin.
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")
# Openings of a new item in a roundup.
_NEW_ITEM = re.compile(
    r"^\W*(?:separately|elsewhere|meanwhile|in\s+(?:a\s+)?(?:another|separate)\b[^,]*"
    r"|in\s+neighbou?ring\s+\w+)\b",
    re.I,
)
_PLACE_OPENING = re.compile(
    r"^\W*(?:(?:separately|elsewhere|meanwhile|also|further)\s*,?\s*)?"
    r"(?:in|at|near|around|outside)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}$",
    re.I,
)
# Actor kinds that can be on a side of an event (as victims: anyone but a name for a source).
_NOT_A_SIDE = frozenset({"outlet", "dataset", "generic", "ngo", "international_org"})
_TITLE_WORDS = {
    "armed_clash": "Clashes",
    "attack": "Attack",
    "air_drone_strike": "Air/drone strike",
    "explosion_ied": "Explosion",
    "abduction_capture": "Abduction",
    "violence_against_civilians": "Violence against civilians",
    "statement": "Statement",
    "other": "Incident",
}


@dataclass
class _Date:
    found: DateRange
    start: int  # absolute offset (title dates: offset in the title)
    role: str  # fighting, statement, neutral, background, future


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[_Date] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    claims: list[ExtractedClaim] = field(default_factory=list)
    tags: frozenset[str] = frozenset()  # cue classes: violence, combatant, casualty, speech

    @property
    def fighting(self) -> bool:
        """Violence or casualty words: the sentence reports (part of) an event."""
        return bool(self.tags & {"violence", "casualty"})

    @property
    def carries_event(self) -> bool:
        return self.fighting or bool(self.claims)

    def own_place(self) -> PlaceMention | None:
        """The most specific place the sentence itself names (demonyms never count)."""
        named = [m for m in self.places if not m.demonym]
        if not named:
            return None
        return max(named, key=lambda m: (place_specificity(m.place), -m.start))


def extract_article(
    text: str,
    *,
    title: str | None,
    published: date,
    language: str | None = None,
    default_claimant: str | None = None,
) -> ArticleExtraction:
    """The conflict events an article reports (none for other news), with attributed claims."""
    code = language.split("-")[0].strip().lower() if language else None
    if code and code not in SUPPORTED_LANGUAGES:
        note = f"extraction for language '{code}' is not supported yet; stored and searchable"
        return ArticleExtraction(language=language, notes=[note])

    gazetteer = load_gazetteer()
    catalog = load_actor_catalog()
    # Split and scanned for actors once: the claims read the same spans and mentions.
    spans = split_sentences(text)
    actors = catalog.find_mentions(text)
    sentences = _read_sentences(text, spans, actors, published=published, gazetteer=gazetteer)
    headline = _headline(text, title, published, gazetteer=gazetteer, catalog=catalog)

    claims = extract_claims(
        text,
        catalog=catalog,
        default_claimant=default_claimant,
        country_code=_document_country(sentences),
        sentences=spans,
        mentions=actors,
    )
    starts = [s.start for s in sentences]
    for claim in claims:
        index = bisect_right(starts, claim.sentence_start) - 1
        if index < 0:
            continue
        sentence = sentences[index]
        sentence.claims.append(claim)
        claim.claimed_on = _statement_date(sentence, claim)

    if not _reports_conflict(sentences, headline, claims):
        return ArticleExtraction(language=language)

    groups = _incidents([s for s in sentences if s.carries_event])
    body_start = _body_start(text, title)
    body = [s for s in sentences if s.start >= body_start]
    events = []
    for number, group in enumerate(groups):
        lead = [headline] if headline is not None and number == 0 and headline.fighting else []
        if len(groups) == 1:
            body_spans = [(s.start, s.end) for s in body]
            summary = summarise(text, spans=body_spans, fighting=[s.fighting for s in body])
        else:
            summary = summarise("\n".join(s.text for s in group))
        events.append(
            _event(
                lead + group,
                title=title if len(groups) == 1 else None,
                summary=summary,
                gazetteer=gazetteer,
                published=published,
            )
        )
    return ArticleExtraction(events=events, language=language)


# --- reading ----------------------------------------------------------------------------------


def _read_sentences(
    text: str,
    spans: list[tuple[int, int]],
    actors: list[ActorMention],
    *,
    published: date,
    gazetteer: Gazetteer,
) -> list[_Sentence]:
    """The sentences at `spans`, each with its places, actors, dates and cue tags."""
    sentences = [_Sentence(s, e, text[s:e]) for s, e in spans]
    starts = [s.start for s in sentences]

    def owner(offset: int) -> _Sentence | None:
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < sentences[index].end:
            return sentences[index]
        return None

    for place in gazetteer.find_mentions(text, localities=True):
        if (sentence := owner(place.start)) is not None:
            sentence.places.append(place)
    for actor in actors:
        if (sentence := owner(actor.start)) is not None:
            sentence.actors.append(actor)
    for start, end, found in find_date_expressions(text, published):
        if (sentence := owner(start)) is not None:
            local = start - sentence.start, end - sentence.start
            role = _date_role(sentence.text, *local, found, published)
            sentence.dates.append(_Date(found, start, role))
    for sentence in sentences:
        sentence.tags = text_tags(sentence.text)
    return sentences


def _headline(
    text: str, title: str | None, published: date, *, gazetteer: Gazetteer, catalog: ActorCatalog
) -> _Sentence | None:
    """The title as one more sentence, when the text does not already start with it."""
    if not title or not title.strip() or text.lstrip().startswith(title.strip()):
        return None
    headline = _Sentence(-1, -1, title.strip())
    headline.places = gazetteer.find_mentions(headline.text, localities=True)
    headline.actors = catalog.find_mentions(headline.text)
    for start, end, found in find_date_expressions(headline.text, published):
        role = _date_role(headline.text, start, end, found, published)
        headline.dates.append(_Date(found, start, role))
    headline.tags = text_tags(headline.text)
    return headline


def _body_start(text: str, title: str | None) -> int:
    """Where the text starts after a leading copy of the title (0 when it has none)."""
    stripped = text.lstrip()
    if title and title.strip() and stripped.startswith(title.strip()):
        return len(text) - len(stripped) + len(title.strip())
    return 0


def _date_role(sentence: str, start: int, end: int, found: DateRange, published: date) -> str:
    """What a date in a sentence dates: the fighting, a statement, or only background.

    The nearest cue word decides: "fighting in late July" and "late July clashes" date the
    fighting; "announced on Thursday" and "In a rare statement on July 29" date a statement.
    Years, old dates and "since ..." are background.
    """
    if found.start > published:
        return "future"
    before = sentence[max(0, start - _CUE_BEFORE_CHARS) : start]
    if (
        found.precision == "year"
        or (published - found.end).days > _STALE_DAYS
        or _BACKGROUND_BEFORE.search(before)
    ):
        return "background"
    after = sentence[end : end + _CUE_AFTER_CHARS]
    best: tuple[int, str] | None = None
    for pattern, role in ((FIGHTING_RE, "fighting"), (SPEECH_RE, "statement")):
        cues_before = list(pattern.finditer(before))
        if cues_before:
            distance = len(before) - cues_before[-1].end()
            if best is None or distance < best[0]:
                best = (distance, role)
        first_after = pattern.search(after)
        if first_after is None or (best is not None and first_after.start() >= best[0]):
            continue
        # "killed 22 on Monday, activists said": a trailing attribution covers the whole
        # sentence, so it dates the statement only when the date opens the sentence
        # ("On Monday, the army said ...").
        attribution = "," in after[: first_after.start()] and not _OPENING.match(before)
        if role == "fighting" or not attribution:
            best = (first_after.start(), role)
    return best[1] if best else "neutral"


def _statement_date(sentence: _Sentence, claim: ExtractedClaim) -> date | None:
    """When the claim was made: a day-precise statement date in the claimant's clause.

    "In a rare statement on July 29, Wagner admitted to heavy losses, and Malian authorities
    have similarly acknowledged severe casualties": July 29 dates Wagner's admission only.
    """
    clauses = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence.text)]

    def clause(offset: int) -> int:
        return bisect_right(clauses, offset - sentence.start) - 1

    speaker = next(
        (m for m in sentence.actors if claim.claimant_actor and m.actor == claim.claimant_actor),
        None,
    )
    for found in sentence.dates:
        if found.role != "statement" or found.found.precision != "day":
            continue
        if speaker is None or clause(found.start) == clause(speaker.start):
            return found.found.start
    return None


def _reports_conflict(
    sentences: list[_Sentence], headline: _Sentence | None, claims: list[ExtractedClaim]
) -> bool:
    """Is this news of armed violence (not a flood toll, not a trade story)?"""
    everything = sentences + ([headline] if headline else [])
    armed = any(m.actor.kind in PARTY_KINDS for s in everything for m in s.actors)
    if claims:
        return armed or any(s.tags & {"violence", "combatant"} for s in everything)
    return any(
        "violence" in s.tags and (armed or any(not p.demonym for p in s.places)) for s in everything
    )


# --- incidents --------------------------------------------------------------------------------


def _related(a: PlaceInfo, b: PlaceInfo) -> bool:
    """Could a and b be the same incident's place (one inside the other, or the same area)?"""
    if a.country_code != b.country_code:
        return False
    if "country" in (a.kind, b.kind) or a.name == b.name:
        return True
    return a.admin1 is not None and a.admin1 == b.admin1


def _opens_new_item(sentence: _Sentence, mention: PlaceMention) -> bool:
    if _NEW_ITEM.search(sentence.text):
        return True
    return _PLACE_OPENING.match(sentence.text[: mention.start - sentence.start]) is not None


def _incidents(event_sentences: list[_Sentence]) -> list[list[_Sentence]]:
    """Event sentences grouped into separate incidents (one group unless clearly a roundup)."""
    groups: list[list[_Sentence]] = [[]]
    anchor: PlaceInfo | None = None
    for sentence in event_sentences:
        mention = sentence.own_place()
        if groups[-1] and sentence.claims and all(c.separate_incident for c in sentence.claims):
            # "In a separate incident the same day, a car bomb killed 2": its own event.
            groups.append([sentence])
            anchor = mention.place if mention is not None else None
            continue
        if mention is not None:
            place = mention.place
            if anchor is None or _related(place, anchor):
                if anchor is None or place_specificity(place) > place_specificity(anchor):
                    anchor = place
            elif groups[-1] and _opens_new_item(sentence, mention):
                groups.append([])
                anchor = place
        groups[-1].append(sentence)
    return [group for group in groups if group]


# --- one event --------------------------------------------------------------------------------


def _event(
    sentences: list[_Sentence],
    *,
    title: str | None,
    summary: str,
    gazetteer: Gazetteer,
    published: date,
) -> ExtractedEvent:
    claims = [claim for sentence in sentences for claim in sentence.claims]
    place = _event_place(sentences)
    country_code = place.country_code if place else _fallback_country(sentences)
    event_type = classify_event_type(
        " ".join(([title] if title else []) + [s.text for s in sentences])
    )
    if event_type in ("statement", "other") and any(
        c.victim_actor is not None and c.victim_actor.kind == "civilians" for c in claims
    ):
        event_type = "violence_against_civilians"
    return ExtractedEvent(
        event_type=event_type,
        title=title.strip()
        if title and title.strip()
        else _generated_title(event_type, place, gazetteer),
        summary=summary,
        place=place,
        country_code=country_code,
        when=_event_date(sentences, published),
        actors=_sides(claims, sentences),
        claims=claims,
    )


def _event_place(sentences: list[_Sentence]) -> PlaceInfo | None:
    """The most specific place named in the event sentences, in the country named most.

    Each mention votes for its country: a town or region twice, a country name once, a demonym
    half ("Egyptian troops ... in Arish, Rafah and Sheikh Zuweid" is Egypt's Sinai, whatever
    other Rafah the gazetteer knows), but a demonym is never the place. Within the winning
    country the most specific place wins, then the most mentioned, then the first.
    """
    everything = [m for s in sentences for m in s.places]
    mentions = [m for m in everything if not m.demonym]
    if not mentions:
        return None
    votes: dict[str, float] = {}
    for mention in everything:
        code = mention.place.country_code
        weight = 0.5 if mention.demonym else 1.0 if mention.place.kind == "country" else 2.0
        votes[code] = votes.get(code, 0.0) + weight
    repeats = Counter(m.place for m in mentions)
    order = {id(m): i for i, m in enumerate(mentions)}
    best = max(
        mentions,
        key=lambda m: (
            votes[m.place.country_code],
            place_specificity(m.place),
            repeats[m.place],
            -order[id(m)],
        ),
    )
    return best.place


def _document_country(sentences: list[_Sentence]) -> str | None:
    """The one country a document is about, for "the army said": the country of its places
    (a town twice, a country once, a demonym half) when no other gets half as many votes,
    else that of its demonyms or fighting parties when no place is named."""
    votes: dict[str, float] = {}
    for mention in (m for s in sentences for m in s.places):
        weight = 0.5 if mention.demonym else 1.0 if mention.place.kind == "country" else 2.0
        code = mention.place.country_code
        votes[code] = votes.get(code, 0.0) + weight
    if not votes:
        return _fallback_country(sentences)
    ranked = sorted(votes.items(), key=lambda item: -item[1])[:2]
    if len(ranked) > 1 and ranked[1][1] * 2 >= ranked[0][1]:
        return None  # a roundup of several countries: no one national army
    return ranked[0][0]


def _fallback_country(sentences: list[_Sentence]) -> str | None:
    """No place named: the country of the demonyms, else of the fighting parties."""
    codes = Counter(m.place.country_code for s in sentences for m in s.places if m.demonym)
    if not codes:
        codes = Counter(
            m.actor.country_code
            for s in sentences
            for m in s.actors
            if m.actor.country_code and m.actor.kind in PARTY_KINDS
        )
    return codes.most_common(1)[0][0] if codes else None


def _event_date(sentences: list[_Sentence], published: date) -> DateRange:
    """The date attached to the fighting; failing that, an undetermined recent date; failing
    that, the days up to the first statement about it ("said on Tuesday that air strikes had
    killed ...") or up to publication, marked "reported" (bot/extract/dates.py)."""
    for role in ("fighting", "neutral"):
        for sentence in sentences:
            for found in sentence.dates:
                if found.role == role:
                    return found.found
    said = [
        found.found.start
        for sentence in sentences
        for found in sentence.dates
        if found.role == "statement" and found.found.precision == "day"
    ]
    return reported_window(min(said, default=published))


def _camp(actor: ActorInfo) -> str:
    return actor.camp or actor.name


def _sides(claims: list[ExtractedClaim], sentences: list[_Sentence]) -> list[tuple[ActorInfo, str]]:
    """side_a = the camp that suffered the losses claimed, side_b = the camp claiming or causing
    most of them; other fighting parties in the claims are "involved"."""
    victims: Counter[str] = Counter()
    perpetrators: Counter[str] = Counter()
    members: dict[str, list[ActorInfo]] = {}

    def join(actor: ActorInfo) -> str:
        camp = _camp(actor)
        if actor not in members.setdefault(camp, []):
            members[camp].append(actor)
        return camp

    for claim in claims:
        victim = claim.victim_actor
        if victim is not None and victim.kind not in _NOT_A_SIDE:
            victims[join(victim)] += 1
        perpetrator = claim.perpetrator_actor
        if perpetrator is None and claim.claim_kind == "adversary_claim":
            perpetrator = claim.claimant_actor
        if perpetrator is not None and perpetrator.kind in PARTY_KINDS:
            perpetrators[join(perpetrator)] += 1
        claimant = claim.claimant_actor
        if claimant is not None and claimant.kind in PARTY_KINDS:
            join(claimant)
    claimed = bool(members)
    # Parties named in the sentences that describe the violence took part in it.
    for sentence in sentences:
        if sentence.fighting and (not claimed or "violence" in sentence.tags):
            for mention in sentence.actors:
                if mention.actor.kind in PARTY_KINDS:
                    join(mention.actor)
    if not claimed:  # no claims with known actors: the parties in order of mention
        camps = list(members)
        side_a, side_b = [*camps, None, None][:2]
    else:
        side_a = victims.most_common(1)[0][0] if victims else None
        ranked = [camp for camp, _ in perpetrators.most_common() if camp != side_a]
        side_b = ranked[0] if ranked else None
        if side_a is None:
            side_a, side_b = side_b, None
    roles: list[tuple[ActorInfo, str]] = []
    for camp, actors in members.items():
        role = "side_a" if camp == side_a else "side_b" if camp == side_b else "involved"
        # A government speaks for its forces: list the forces that fought, not the ministry.
        fighters = [a for a in actors if a.kind != "government"] or actors
        roles.extend((actor, role) for actor in fighters)
    order = {"side_a": 0, "side_b": 1, "involved": 2}
    return sorted(roles, key=lambda item: order[item[1]])


def _generated_title(event_type: str, place: PlaceInfo | None, gazetteer: Gazetteer) -> str:
    """ "Clashes near Tinzaouaten, Mali" when the article gives no title."""
    words = _TITLE_WORDS.get(event_type, "Incident")
    if place is None:
        return words
    if place.kind == "country":
        return f"{words} in {place.name}"
    country = gazetteer.country_name(place.country_code) or place.country_code
    preposition = "near" if place.kind == "town" else "in"
    return f"{words} {preposition} {place.name}, {country}"
