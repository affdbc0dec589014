"""Who makes a casualty claim: reporting clauses, "according to", and references back.

A figure means little without its source: "CSP claims 84 Wagner killed" and "Wagner admits
heavy losses" are different facts. This module finds the reporting clauses of one sentence
("X said/claimed/reported/admitted/denied ...", "according to X", "..., X said") and names
their claimant. Pronouns ("they", "it") and references like "the group", "the rebels" or
"the army" point back to the last claimant named earlier in the document, kept in
`AttributionContext` from sentence to sentence; "the army" with no army named before is the
national army of the document's country. A reporting verb after "and"/"but" shares the
subject of the clause it is coordinated with ("The RSF denied the report and said ...").
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.extract.actors import GENERIC_KINDS
from bot.extract.claim_words import (
    ADJECTIVE_SLOT,
    BE_AUX,
    NP_STOP,
    PLAIN_SAYING,
    REPORT_BOUNDARIES,
    REPORT_NOUNS_TOO,
    SOURCE_HEADS,
    SOURCE_MODIFIERS,
    SPEAKING_OF,
    SPOKES_NOUNS,
    SUBJECT_PREPS,
    TOLL_GIVING,
    TOLL_WORDS,
)
from bot.extract.claim_words import REPORT_VERBS as _REPORT_VERBS
from bot.extract.sentence_view import MentionSpan, SentenceView
from bot.extract.syntax import is_adverb
from bot.extract.types import ActorInfo

# Words that make a "claimed"/"reported" something other than a report.
_NOT_REPORT_AFTER = {
    "claimed": {"the lives", "lives", "the life", "responsibility"},
    "claims": {"the lives", "lives", "responsibility"},
    "claiming": {"the lives", "lives", "responsibility"},
    "claim": {"responsibility"},
}
# Claimants that are not actors: kept as the words used ("local sources", "witnesses").

# References back to an earlier claimant, with the kinds they can refer to.
_ANAPHORA: dict[str, frozenset[str] | None] = {
    "they": None,
    "it": None,
    "we": None,
    "he": None,
    "she": None,
    "i": None,
    "group": None,
    "statement": None,
    "spokesman": None,
    "spokesperson": None,
    "spokeswoman": None,
    "communique": None,
    "communiqué": None,
    "organisation": None,
    "organization": None,
    "army": frozenset({"state_force", "government"}),
    "military": frozenset({"state_force", "government"}),
    "troops": frozenset({"state_force"}),
    "forces": frozenset({"state_force", "government", "pmc", "peacekeeping"}),
    "government": frozenset({"government"}),
    "junta": frozenset({"government", "state_force"}),
    "authorities": frozenset({"government", "state_force"}),
    "ministry": frozenset({"government"}),
    "rebels": frozenset({"rebel_group", "jihadist_group", "militia"}),
    "militants": frozenset({"rebel_group", "jihadist_group", "militia"}),
    "insurgents": frozenset({"rebel_group", "jihadist_group", "militia"}),
    "jihadists": frozenset({"jihadist_group"}),
    "movement": frozenset({"rebel_group", "jihadist_group", "militia"}),
    "militia": frozenset({"militia", "paramilitary"}),
    "coalition": frozenset({"rebel_group", "jihadist_group", "militia", "peacekeeping"}),
    "alliance": frozenset({"rebel_group", "jihadist_group", "militia"}),
    "separatists": frozenset({"rebel_group"}),
    "fighters": frozenset({"rebel_group", "jihadist_group", "militia", "pmc"}),
    "mercenaries": frozenset({"pmc"}),
    "company": frozenset({"pmc"}),
}


# "the army", "the military": the national army, when nothing earlier fits.
_NATIONAL_ARMY_WORDS = frozenset({"army", "military"})


@dataclass
class Claimant:
    """A resolved claimant: an actor, or the phrase the text used when no actor fits."""

    name: str
    actor: ActorInfo | None


@dataclass
class Report:
    """A reporting clause: its verb position, stance and claimant (None: passive, no agent)."""

    verb: int
    stance: str  # asserted, admitted, denied, retracted
    claimant: Claimant | None
    anaphoric: bool = False
    # The clause may govern a statement before it: "..., the army said" / "according to X".
    trailing: bool = False


class AttributionContext:
    """What earlier sentences named, so "they said" and "the group added" can be resolved."""

    def __init__(self, national_army: ActorInfo | None = None) -> None:
        self.history: list[Claimant] = []
        # The army of the country the document is about: who "the army" is when no army
        # was named before ("The army did not comment but said ...", in a Sudan article).
        self.national_army = national_army

    def remember(self, claimant: Claimant) -> None:
        self.history.append(claimant)

    def resolve_head(self, head: str) -> Claimant | None:
        """The last of the recent claimants named by a phrase with this head noun ("the
        official" after "a local government official"), so one speaker keeps one name."""
        forms = {head, head.removesuffix("s"), head + "s"}
        for claimant in reversed(self.history[-6:]):
            if claimant.actor is None and claimant.name.lower().split()[-1:] in (
                [f] for f in forms
            ):
                return claimant
        return None

    def resolve(self, kinds: frozenset[str] | None) -> Claimant | None:
        """The most recent of the last few claimants whose actor is of one of `kinds` (any
        claimant when None)."""
        for claimant in reversed(self.history[-6:]):
            if kinds is None:
                return claimant
            if claimant.actor is not None and claimant.actor.kind in kinds:
                return claimant
        return None


def _is_report_verb(view: SentenceView, i: int) -> str | None:
    """The stance of a reporting verb at token i, or None when the word is not one here."""
    words = view.words
    w = words[i]
    stance = _REPORT_VERBS.get(w)
    if stance is None or view.mention_covering(i) is not None:
        return None
    # "Borno State", "The Report": a capitalised word mid-sentence is a name, unless the whole
    # sentence is a title-case headline ("Tuareg Rebels Claim Heavy Losses").
    if i > 0 and view.tokens[i].text[:1].isupper() and not _title_case(view):
        return None
    prev = words[i - 1] if i > 0 else ""
    # "by alleged FDLR rebels", "the reported toll", "an estimated 30": adjectives.
    if prev in ADJECTIVE_SLOT and w.endswith("ed") and not _coordinated_saying(view, i):
        return None
    nxt = " ".join(words[i + 1 : i + 3])
    if w in ("reported", "recorded") and any(q.last == i - 1 for q in view.quantities):
        return None  # "up from 13 reported earlier": the figure's participle, no speaker
    if any(nxt.startswith(blocked) for blocked in _NOT_REPORT_AFTER.get(w, ())):
        return None
    if w in TOLL_GIVING and not any(t in TOLL_WORDS for t in words[i + 1 : i + 5]):
        return None  # "put pressure on", "gave chase": only "put the toll at 9" reports
    if w in SPEAKING_OF and nxt[:3] != "of ":
        return None
    if stance == "retracted" and w.startswith("withdr") and not _retracts_words(words, i):
        return None  # "the militants withdrew": a retreat, not a retraction
    if w == "corrected" and any(t in TOLL_WORDS for t in words[i + 1 : i + 4]):
        return "asserted"  # "corrected the figure to 6": the 6 is what is claimed now
    # "was said to have", "is reported to": a passive without a named agent; but "the rebels
    # claimed to have killed 12" is the rebels' claim.
    active_claim = w == "claimed" and prev not in BE_AUX and nxt.startswith(("to have", "to be"))
    passive_verbs = ("said", "reported", "claimed", "believed", "thought")
    if nxt.startswith("to ") and w in passive_verbs and not active_claim:
        return None
    if w in ("claims", "claim", "claiming") and nxt.startswith(("to have", "to be")):
        return stance
    # "the report", "cattle rustling disputes", "his claims": nouns, unless a subject precedes.
    if w in REPORT_NOUNS_TOO and not _subject_like(view, i - 1):
        return None
    return stance


_RETRACTED_THINGS = frozenset(
    {"statement", "claim", "claims", "figure", "figures", "report", "toll"}
)


def _retracts_words(words: list[str], i: int) -> bool:
    """ "withdrew its statement", "withdrew the claim": what is withdrawn is something said."""
    return any(w in _RETRACTED_THINGS for w in words[i + 1 : i + 5])


def _coordinated_saying(view: SentenceView, i: int) -> bool:
    """ "attacked a base and claimed 30 soldiers were killed": after "and", a saying verb
    followed by its content is a verb ("confirmed and reported deaths" is not)."""
    words = view.words
    if words[i - 1] not in ("and", "but") or words[i] not in PLAIN_SAYING:
        return False
    nxt = i + 1
    return nxt < len(words) and (
        nxt in view.quantity_starts or words[nxt] in ("that", "it", "they", "its", "their")
    )


def _subject_like(view: SentenceView, k: int) -> bool:
    """Whether token k can end the subject of a verb: an actor, a name, a pronoun, a source."""
    if k < 0:
        return False
    word = view.words[k]
    if view.mention_covering(k) is not None or word in SOURCE_HEADS:
        return True
    if word in ("it", "they", "he", "she", "we", "who", "which", "also", "later", "earlier"):
        return True
    return view.tokens[k].text[:1].isupper() and k > 0


def _title_case(view: SentenceView) -> bool:
    """A headline in Title Case, where capitals say nothing about names."""
    words = [t.text for t in view.tokens if t.text[:1].isalpha() and len(t.text) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def find_reports(view: SentenceView, context: AttributionContext) -> list[Report]:
    """The reporting clauses of one sentence, left to right."""
    words = view.words
    reports: list[Report] = []
    candidates = [k for k, w in enumerate(words) if w in _REPORT_VERBS or w == "according"]
    for i in candidates:
        if words[i] == "according" and i + 1 < len(words) and words[i + 1] == "to":
            claimant, anaphoric = _np_after(view, i + 2, context)
            reports.append(Report(i, "asserted", claimant, anaphoric, trailing=True))
            continue
        stance = _is_report_verb(view, i)
        if stance is None:
            continue
        trailing = _trailing(words, i)
        if _passive_report(words, i):
            # "Heavy losses were reported (by X)".
            claimant, anaphoric = None, False
            if i + 1 < len(words) and words[i + 1] == "by":
                claimant, anaphoric = _np_after(view, i + 2, context)
            reports.append(Report(i, stance, claimant, anaphoric, trailing=trailing))
            continue
        claimant, anaphoric = None, False
        if _coordinated(words, i):
            # "X denied the report and said ...": X speaks, not "the report".
            claimant, anaphoric = _shared_subject(view, i, reports, context)
        if claimant is None:
            claimant, anaphoric = _subject(view, i, context)
        if claimant is None:
            claimant, anaphoric = _np_after(view, i + 1, context, inverted=True)
        if claimant is None and stance == "asserted" and words[i] not in PLAIN_SAYING:
            continue
        reports.append(Report(i, stance, claimant, anaphoric, trailing=trailing))
    tag = _source_tag(view, context)
    if tag is not None:
        reports.append(tag)
    lead = _leading_source(view, context)
    if lead is not None:
        reports.insert(0, lead)
    return reports


_LEAD_SOURCE_EXTRA = frozenset({"pentagon", "mod", "moh", "msf", "icrc", "ocha", "unhcr"})


def _leading_source(view: SentenceView, context: AttributionContext) -> Report | None:
    """A coder note's source before a colon at the start: "Ethiopian officials: 2 troops
    killed.", "Local elders: 40 dead.", "Niger MoD: 26 soldiers killed". Never a place or a
    date ("Beni territory:", "21/03:"): the words before the colon must name a speaker."""
    words = view.words
    colon = next((k for k in range(1, min(6, len(words))) if words[k] == ":"), None)
    if colon is None:
        return None
    mention = next((m for j in range(colon) if (m := view.mention_covering(j)) is not None), None)
    head = words[colon - 1]
    if not (mention is not None or head in SOURCE_HEADS or head in _LEAD_SOURCE_EXTRA):
        return None
    if any(w in _REPORT_VERBS or w in NP_STOP or w.isdigit() for w in words[:colon]):
        return None
    if mention is not None and head not in SOURCE_HEADS:
        actor = mention.mention.actor
        return Report(colon, "asserted", Claimant(actor.name, actor))
    return Report(colon, "asserted", Claimant(view.span_text(0, colon - 1), None))


_COORDINATION_GAP = frozenset(
    {"also", "later", "then", "has", "have", "had", "further", "instead", "only", "merely"}
)


def _coordinated(words: list[str], verb: int) -> bool:
    """ "... and said", "... but later said": a verb sharing the subject of the clause before."""
    k = verb - 1
    while k >= 0 and (words[k] in _COORDINATION_GAP or is_adverb(words[k])):
        k -= 1
    return k > 0 and words[k] in ("and", "but")


def _shared_subject(
    view: SentenceView, verb: int, reports: list[Report], context: AttributionContext
) -> tuple[Claimant | None, bool]:
    """The speaker of a coordinated reporting verb: "The army had dismissed the claim as
    propaganda and said ...", "The army did not comment but said ...". It is the claimant of
    the reporting clause just before it, else the subject that opens the sentence."""
    earlier = [r for r in reports if r.verb < verb and r.claimant is not None]
    if earlier:
        return earlier[-1].claimant, earlier[-1].anaphoric
    end = _opening_subject_end(view, verb)
    if end is None:
        return None, False
    return _subject_in(view, 0, end, context)


def _opening_subject_end(view: SentenceView, verb: int) -> int | None:
    """Just after the noun phrase that opens the sentence, when it is a possible speaker
    (an actor, a source word or a pronoun) followed by its verb; None otherwise."""
    words = view.words
    k = 0
    while k < min(verb, 8):
        span = view.mention_covering(k)
        if span is not None:
            if span.possessive:
                return None
            return span.last + 1
        w = words[k]
        if w in ("it", "they", "he", "she", "we"):
            return k + 1
        if w in SOURCE_HEADS:
            nxt = words[k + 1] if k + 1 < len(words) else ""
            if nxt in SOURCE_HEADS or nxt in SOURCE_MODIFIERS:
                k += 1
                continue
            return k + 1
        if w in ("the", "a", "an") or w in SOURCE_MODIFIERS or view.tokens[k].text[:1].isupper():
            k += 1
            continue
        return None
    return None


def _source_tag(view: SentenceView, context: AttributionContext) -> Report | None:
    """A headline's source after a colon or a spaced dash at its end: "Raiders kill 6:
    police", "12 dead in attack - officials", "Blast kills 4: UN"."""
    words = view.words
    n = len(words)
    last = n - 1 if n and words[-1] in (".", "!") else n
    for k in range(max(1, last - 5), last - 1):
        if words[k] not in (":", "-", "–", "—"):
            continue
        if words[k] != ":" and view.tokens[k - 1].end == view.tokens[k].start:
            continue  # a hyphen inside a word, not a dash
        tail = range(k + 1, last)
        if any(j in view.quantity_starts for j in tail):
            continue  # "JNIM: 12 soldiers killed": a figure follows, not a source
        named = any(view.mention_covering(j) is not None for j in tail)
        if not named and words[last - 1] not in SOURCE_HEADS:
            continue
        if any(w in _REPORT_VERBS or w in NP_STOP for w in words[k + 1 : last]):
            continue
        claimant, anaphoric = _np_after(view, k + 1, context)
        if claimant is not None:
            return Report(k, "asserted", claimant, anaphoric, trailing=True)
    return None


def _trailing(words: list[str], verb: int) -> bool:
    """Whether the clause reports what came before it: "..., the army said." / "..., said X".

    A reporting verb can only govern a statement earlier in the sentence when it sits in a
    short clause set off by a comma and does not introduce its own content ("said that ...").
    """
    if verb + 1 < len(words) and words[verb + 1] in ("that", "it", "they", "he", "she"):
        return False
    window = words[max(0, verb - 7) : verb]
    if "," not in window:
        return False
    after_comma = window[len(window) - window[::-1].index(",") :]
    # "..., while the KDF said 4 died": a clause of its own, not a tag on what came before.
    return not any(w in _OWN_CLAUSE for w in after_comma)


_OWN_CLAUSE = frozenset({"that", "who", "which", "when", "after", "while", "whereas", "but"})


_PASSIVE_GAP = frozenset(
    {
        "also",
        "reportedly",
        "officially",
        "later",
        "widely",
        "initially",
        "first",
        "not",
        "been",
        "being",
    }
)


def _passive_report(words: list[str], i: int) -> bool:
    """ "were reported", "has been confirmed": a report whose source is not its subject."""
    k = i - 1
    while k >= 0 and words[k] in _PASSIVE_GAP:
        if words[k] in ("been", "being"):
            return True
        k -= 1
    return k >= 0 and words[k] in BE_AUX


def _subject(
    view: SentenceView, verb: int, context: AttributionContext
) -> tuple[Claimant | None, bool]:
    """The claimant before a reporting verb: the head of the clause's subject."""
    words = view.words
    commas = 0
    k = verb - 1
    segment_end = verb
    while k >= 0:
        span = view.mention_covering(k)
        if span is not None:
            k = span.first - 1
            continue
        w = words[k]
        if w == ",":
            found = _subject_in(view, k + 1, segment_end, context)
            if found[0] is not None and not _aside(words, k + 1, segment_end):
                return found
            commas += 1
            if commas > 2:
                return None, False
            segment_end = k
        elif w in ("which", "who") and k > 0 and words[k - 1] == ",":
            segment_end, k, commas = k - 1, k - 2, commas + 1  # ", which is linked to ...,"
            continue
        elif w in REPORT_BOUNDARIES or (w == "and" and k > 0 and words[k - 1] == ","):
            break
        k -= 1
    return _subject_in(view, k + 1, segment_end, context)


# A comma-set aside between a speaker and its verb, never the speaker: "GATIA, part of the
# Plateforme, acknowledged", "RED-Tabara, in a statement issued from Brussels, admitted"
# (relative asides, ", which is linked to al Qaeda,", are skipped in _subject).
_ASIDE_OPENERS = (
    ("part", "of"),
    ("a", "member", "of"),
    ("a", "faction", "of"),
    ("a", "wing", "of"),
    ("an", "ally", "of"),
    ("an", "affiliate", "of"),
    ("in", "a", "statement"),
    ("in", "a", "communique"),
    ("in", "a", "communiqué"),
    ("in", "a", "video"),
    ("in", "a", "post"),
    ("on", "telegram"),
    ("on", "twitter"),
    ("on", "its"),
    ("on", "their"),
    ("via",),
    ("backed", "by"),
    ("allied", "to"),
    ("allied", "with"),
)


def _aside(words: list[str], start: int, end: int) -> bool:
    segment = tuple(words[start:end])
    return any(segment[: len(opener)] == opener for opener in _ASIDE_OPENERS)


def _subject_in(
    view: SentenceView, start: int, end: int, context: AttributionContext
) -> tuple[Claimant | None, bool]:
    """The subject head within tokens [start, end): an actor, a source phrase or a pronoun."""
    words = view.words
    if start >= end:
        return None, False
    candidates: list[MentionSpan] = []
    for span in view.mentions:
        if span.first < start or span.last >= end:
            continue
        prev = words[span.first - 1] if span.first > start else ""
        if prev in SUBJECT_PREPS and not _spokes_before(words, span.first, start):
            continue
        # "Mali's junta said": the possessor speaks only through a spokesman or statement.
        if span.possessive and not any(w in SPOKES_NOUNS for w in words[span.last + 1 : end][:4]):
            continue
        candidates.append(span)
    # The last plain subject word before the verb, for pronouns and source phrases.
    for k in range(end - 1, start - 1, -1):
        w = words[k]
        if view.mention_covering(k) is not None:
            chosen = next((c for c in candidates if c.first <= k <= c.last), None)
            if chosen is None:
                continue
            return _from_mention(view, chosen, context)
        if w in ("we", "they", "it", "he", "she", "i"):
            if k > start and words[k - 1] in SUBJECT_PREPS:
                continue
            return _anaphora(w, context, w)
        if k == end - 1:
            named = _unknown_name(view, start, k)
            if named is not None:
                return named, False
        if w in SOURCE_HEADS:
            if k > start and words[k - 1] in SUBJECT_PREPS:
                continue
            # "a spokesman for the CSP", "leader of JNIM": the organisation is the claimant.
            if w in SPOKES_NOUNS:
                for m in range(k + 1, min(end, k + 5)):
                    owner = view.mention_covering(m)
                    if owner is not None:
                        return _from_mention(view, owner, context, force=True)
                # "al Shabaab's own statement", "the army's spokesman": the possessor speaks.
                for m in range(k - 1, max(start - 1, k - 4), -1):
                    owner = view.mention_covering(m)
                    if owner is not None and owner.possessive:
                        return _from_mention(view, owner, context, force=True)
            first = k
            while first - 1 >= start and (
                words[first - 1] in SOURCE_MODIFIERS or words[first - 1] == "-"
            ):
                first -= 1
            # "The CSP rebel alliance", "a JNIM spokesman": the named actor inside the noun
            # phrase is who speaks, not the words around it.
            owner = view.mention_covering(first - 1) if first - 1 >= start else None
            if owner is not None and owner.mention.actor.kind not in GENERIC_KINDS:
                return _from_mention(view, owner, context, force=True)
            phrase = view.span_text(first, k)
            if words[first] == "the" and first == k - 1:
                # "the ministry later said": the "health ministry" named before.
                named = context.resolve_head(w)
                if named is not None:
                    return named, True
            if words[first] in ("the", "its", "their") and w in _ANAPHORA:
                # "the army spokesman": the modifier says whose spokesman ("the army"), so it
                # never refers back to the rebels just named.
                typed = [m for m in words[first + 1 : k] if _ANAPHORA.get(m)]
                resolved, anaphoric = _anaphora(typed[-1] if typed else w, context, phrase)
                if resolved is not None:
                    return resolved, anaphoric
            return Claimant(name=_strip_article(phrase), actor=None), False
    return None, False


def _unknown_name(view: SentenceView, start: int, last: int) -> Claimant | None:
    """A name the actor file lacks, right before the verb: "RENAMO claimed", "Wilayat Sinai
    said", "UNMISS said". An acronym, or capitalised words not just opening the sentence."""
    tokens = view.tokens
    first = last
    while first - 1 >= start:
        prev = tokens[first - 1]
        if prev.text[:1].isupper() and prev.text.isalpha():
            first -= 1
        elif prev.text == "-" and first - 2 >= start and prev.start == tokens[first - 2].end:
            first -= 2  # "Al-Hassi"
        else:
            break
    if not tokens[last].text[:1].isupper() or not tokens[last].text.isalpha():
        return None
    if view.words[first] in ("the", "a", "an"):
        first += 1
    acronym = any(len(t.text) >= 3 and t.text.isupper() for t in tokens[first : last + 1])
    if not acronym and first == last == 0:
        return None  # "Gunmen said": a capital that only opens the sentence
    if first > last or any(view.words[k] in SUBJECT_PREPS for k in range(first, last + 1)):
        return None
    before = first - 1
    if before >= start and (view.words[before] in SOURCE_HEADS or view.mention_covering(before)):
        return None  # "PFG spokesman Ali Omar said": the spokesman's organisation speaks
    return Claimant(name=view.span_text(first, last), actor=None)


def _spokes_before(words: list[str], first: int, start: int) -> bool:
    """ "a spokesman for the CSP": the actor after "for"/"of" is the speaker's organisation."""
    window = words[max(start, first - 4) : first]
    return any(w in SPOKES_NOUNS for w in window)


def _from_mention(
    view: SentenceView, span: MentionSpan, context: AttributionContext, *, force: bool = False
) -> tuple[Claimant, bool]:
    """The claimant an actor mention names; "the rebels" may refer back (unless `force`)."""
    actor = span.mention.actor
    words = view.words
    if actor.kind in GENERIC_KINDS and not force:
        # "the rebels said": a reference back, when someone fitting was named before.
        head = words[span.last]
        if span.first > 0 and words[span.first - 1] in ("the", "its", "their"):
            resolved, anaphoric = _anaphora(head, context, span.mention.text)
            if resolved is not None and resolved.actor is not None:
                return resolved, anaphoric
        # "residents said", "police said": the words used, with the generic actor behind them.
        return Claimant(name=_strip_article(span.mention.text), actor=actor), False
    return Claimant(name=actor.name, actor=actor), False


def _anaphora(word: str, context: AttributionContext, phrase: str) -> tuple[Claimant | None, bool]:
    """ "it", "the group", "the army": the last fitting claimant, else the phrase itself."""
    kinds = _ANAPHORA.get(word, frozenset())
    if kinds == frozenset():
        return None, False
    found = context.resolve(kinds)
    if found is not None:
        return found, True
    if word in _NATIONAL_ARMY_WORDS and context.national_army is not None:
        return Claimant(name=context.national_army.name, actor=context.national_army), False
    if word in ("they", "it", "we", "he", "she", "i"):
        return None, False
    return Claimant(name=_strip_article(phrase), actor=None), False


def _strip_article(phrase: str) -> str:
    low = phrase.lower()
    for prefix in ("the ", "a ", "an "):
        if low.startswith(prefix):
            return phrase[len(prefix) :]
    return phrase


def _np_after(
    view: SentenceView, start: int, context: AttributionContext, *, inverted: bool = False
) -> tuple[Claimant | None, bool]:
    """The claimant right after "according to" or an inverted "..., said X"."""
    words = view.words
    end = start
    while end < len(words) and end - start < 10:
        w = words[end]
        if (
            w in (",", ".", ";", ":", "(", ")", "that", "who", "which", "on", "in", "after")
            and view.mention_covering(end) is None
        ):
            break
        end += 1
    if (
        inverted
        and start < len(words)
        and words[start] not in ("the", "a", "an")
        and view.mention_covering(start) is None
        and words[start] not in SOURCE_HEADS
    ):
        # "said on Monday", "said it": not an inverted subject.
        if words[start] in ("it", "they", "he", "she", "we"):
            return None, False
        if not (start < len(words) and view.tokens[start].text[:1].isupper()):
            return None, False
    for span in view.mentions:
        if start <= span.first < end:
            if span.possessive or span.mention.actor.kind not in GENERIC_KINDS:
                return _from_mention(view, span, context, force=True)
            return _from_mention(view, span, context)
    if start >= end:
        return None, False
    if words[start] in ("it", "they", "him", "them", "he", "she"):
        return _anaphora(words[start], context, words[start])
    phrase = view.span_text(start, end - 1)
    head = words[end - 1]
    if head in _ANAPHORA and words[start] in ("the", "its", "their"):
        resolved, anaphoric = _anaphora(head, context, phrase)
        if resolved is not None:
            return resolved, anaphoric
    if not inverted or head in SOURCE_HEADS:
        return Claimant(name=_strip_article(phrase), actor=None), False
    return None, False
