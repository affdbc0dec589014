"""Syndicated copies: one wire story republished with a new headline is one story family."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlmodel import Session, select

from bot.clock import FrozenClock
from bot.ingest.dedupe import (
    BAND_ROWS,
    BANDS,
    MINHASH_SCHEME,
    NUM_PERM,
    SIMILARITY_THRESHOLD,
    band_keys,
    shingles,
    similarity,
    story_family_members,
    text_signature,
)
from bot.ingest.pipeline import ingest_text
from bot.store.views import get_event_view
from models import Document, DocumentSignature
from tests.ingest.conftest import no_events
from tests.store.seed import (
    CSP,
    LATE_JULY_2024,
    TINZAOUATEN,
    WAGNER,
    FakeCatalog,
    claim,
    extractor_from,
    one_event,
    seed_extraction,
    seed_text,
)

AGENCY_TAIL = "(With inputs from agencies.)"


def _seed_body() -> str:
    _headline, _, body = seed_text().partition("\n")
    return body


def _ingest(session: Session, clock: FrozenClock, text: str, **kwargs: object) -> Document:
    kwargs.setdefault("extractor", no_events)
    result = ingest_text(session=session, text=text, now=clock(), **kwargs)  # type: ignore[arg-type]
    session.commit()
    document = session.get(Document, result.document_id)
    assert document is not None
    return document


def _rewrite(body: str) -> str:
    """An independent report of the same fighting: the same facts in another outlet's words."""
    return (
        "Rebels from Mali's north say they inflicted severe losses on Russian paramilitaries "
        "and government troops near the Algerian border at the end of July. The alliance of "
        "Tuareg movements said its fighters had killed 84 members of the Wagner Group and 47 "
        "soldiers, figures that neither Bamako nor Moscow has confirmed. Footage shared by the "
        "group showed burnt-out vehicles in the desert. Analysts said the battle was among the "
        "worst setbacks for the Russian contractors in Africa, though Moscow's foreign ministry "
        "signalled continued support for the junta on Thursday."
    )


def test_a_retitled_copy_with_a_trimmed_ending_joins_the_story(
    session: Session, clock: FrozenClock
) -> None:
    body = _seed_body()
    original = _ingest(
        session, clock, body, title="Tuareg rebels claim heavy losses", url="https://wire.example/a"
    )
    copy_text = body.replace(AGENCY_TAIL, "").strip()
    copy = _ingest(
        session,
        clock,
        copy_text,
        title="Mali: rebels say 84 Wagner fighters killed",
        url="https://portal.example/news/123",
    )
    assert copy.id != original.id  # not an exact duplicate: a different document
    assert original.story_id == original.id
    assert copy.story_id == original.id


def test_a_copy_with_a_line_added_joins_the_story(session: Session, clock: FrozenClock) -> None:
    body = _seed_body()
    original = _ingest(session, clock, body)
    copy = _ingest(session, clock, "NEW DELHI (Agencies):\n" + body + "\nAlso read: more news.")
    assert copy.story_id == original.id


def test_an_independent_report_of_the_same_event_is_its_own_story(
    session: Session, clock: FrozenClock
) -> None:
    original = _ingest(session, clock, _seed_body())
    other = _ingest(session, clock, _rewrite(_seed_body()))
    assert other.story_id == other.id != original.id


def test_a_third_copy_joins_the_first_documents_family(
    session: Session, clock: FrozenClock
) -> None:
    body = _seed_body()
    first = _ingest(session, clock, body)
    second = _ingest(session, clock, body.replace(AGENCY_TAIL, ""))
    third = _ingest(session, clock, body.replace("In a harrowing confrontation, ", ""))
    assert first.story_id == second.story_id == third.story_id == first.id
    assert [d.id for d in story_family_members(session=session, story_id=first.id or 0)] == [
        first.id,
        second.id,
        third.id,
    ]


def test_short_texts_are_never_grouped(session: Session, clock: FrozenClock) -> None:
    a = _ingest(session, clock, "Two soldiers were killed in an attack near Gao on Monday.")
    b = _ingest(session, clock, "Two soldiers were killed in an attack near Gao on Monday!!")
    assert a.story_id == a.id and b.story_id == b.id
    assert session.exec(select(DocumentSignature)).all() == []


def test_similarity_estimates() -> None:
    body = _seed_body()
    same = text_signature(body)
    trimmed = text_signature(body.replace(AGENCY_TAIL, ""))
    rewritten = text_signature(_rewrite(body))
    assert same is not None and trimmed is not None and rewritten is not None
    assert similarity(same, trimmed) > 0.85
    assert similarity(same, rewritten) < SIMILARITY_THRESHOLD / 2
    assert text_signature("too short to judge") is None


def test_an_event_counts_outlets_and_independent_stories(
    session: Session, clock: FrozenClock
) -> None:
    """ "reported by 3 outlets (2 independent)": two copies of one wire story, one own report."""
    body = seed_text()
    own_report = _rewrite(body)
    own_extraction = one_event(
        place=TINZAOUATEN,
        when=LATE_JULY_2024,
        actors=[(CSP, "side_b"), (WAGNER, "side_a")],
        claims=lambda t: [claim(t, "had killed 84", claimant=CSP, victim=WAGNER, low=84, high=84)],
    )
    extractor = extractor_from(seed_extraction, seed_extraction, own_extraction)
    published = datetime(2024, 8, 1, 9, tzinfo=UTC)
    copy = body.replace("Tuareg Rebels Claim Heavy Losses", "Mali rebels say Wagner routed")
    results = [
        ingest_text(
            session=session,
            text=text,
            now=clock(),
            url=url,
            published_at=published,
            extractor=extractor,
            catalog=FakeCatalog(),
        )
        for text, url in [
            (body, "https://wire.example/1"),
            (copy.replace(AGENCY_TAIL, ""), "https://copy.example/2"),
            (own_report, "https://own.example/3"),
        ]
    ]
    session.commit()
    [event_id] = results[0].event_ids
    assert all(r.event_ids == [event_id] for r in results)
    view = get_event_view(session, event_id)
    assert (view.outlets, view.independent_outlets) == (3, 2)


def test_signatures_are_datasketchs_minhash_bit_for_bit() -> None:
    """Stored signatures and band keys must not move: ours is datasketch's pinned scheme."""
    for text in (
        _seed_body(),
        _rewrite(_seed_body()),
        "Près de Ségou et Ménaka — " + _seed_body().upper(),
    ):
        reference = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME)
        reference.update_batch(list(shingles(text)))
        ours = text_signature(text)
        assert ours is not None and ours.dtype == np.uint32
        assert np.array_equal(ours, reference.hashvalues)


def test_signatures_stay_the_ones_already_stored() -> None:
    """Values stored by earlier releases: a library upgrade that moves them must fail here."""
    signature = text_signature(seed_text())
    assert signature is not None
    assert [int(v) for v in signature[:4]] == [5048818, 12195529, 5901952, 16888811]


def test_the_band_layout_is_the_one_minhash_lsh_picks() -> None:
    lsh = MinHashLSH(threshold=SIMILARITY_THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, BAND_ROWS)
    signature = text_signature(_seed_body())
    assert signature is not None
    keys = band_keys(signature)
    assert len(keys) == BANDS == len(set(keys))
    assert all(-(2**63) <= key < 2**63 for key in keys)


def test_shingles_are_five_word_windows() -> None:
    assert shingles("One, two; THREE four five six.") == {
        b"one two three four five",
        b"two three four five six",
    }
    assert shingles("too short") == {b"too short"}
    assert shingles("") == set()


def test_a_rerun_keeps_the_family_and_writes_nothing_twice(
    session: Session, clock: FrozenClock
) -> None:
    """assign_story_family on a document that already has its signature returns its family."""
    from bot.ingest.dedupe import assign_story_family
    from models import DocumentSignatureBand

    body = _seed_body()
    first = _ingest(session, clock, body)
    copy = _ingest(session, clock, body.replace(AGENCY_TAIL, ""))
    assert assign_story_family(session=session, document=copy) == first.id
    session.commit()
    bands = session.exec(select(DocumentSignatureBand)).all()
    assert len(bands) == 2 * BANDS
