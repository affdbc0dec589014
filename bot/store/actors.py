"""Actor rows mirror the actor catalog (bot/data/actors.yaml): get-or-create by canonical name.

Extraction hands back ActorInfo objects from the catalog; storage needs their ids. Ids are
cached per engine once the transaction that learnt them has committed (until then per session,
and a rollback forgets them: ids inserted in that transaction are gone). The catalog itself is
written to the table once per engine, so aliases edited in the YAML reach the database.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from bot.extract.types import ActorInfo
from bot.store.upsert import insert_ignoring_conflicts
from models import Actor

_PENDING_KEY = "sitrep.pending_actor_ids"


class AliasSource(Protocol):
    """The part of the actor catalog storage needs (bot.extract.actors.ActorCatalog has it)."""

    def all(self) -> Iterable[ActorInfo]: ...

    def aliases_of(self, name: str) -> Iterable[str]: ...


@dataclass(frozen=True)
class StoredActor:
    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]


# Engines whose actor table has been brought in line with the catalog in this process.
_synced_engines: weakref.WeakSet[Engine] = weakref.WeakSet()
# Actor rows known to be committed, per engine.
_committed: weakref.WeakKeyDictionary[Engine, dict[str, StoredActor]] = weakref.WeakKeyDictionary()


@event.listens_for(OrmSession, "after_commit")
def _promote_pending(session: OrmSession) -> None:
    pending = session.info.pop(_PENDING_KEY, None)
    if pending:
        _committed.setdefault(_engine(session), {}).update(pending)


@event.listens_for(OrmSession, "after_rollback")
def _forget_pending(session: OrmSession) -> None:
    session.info.pop(_PENDING_KEY, None)


# An alias word shared by this many actors says nothing about any of them ("troops", "drones").
GENERIC_WORD_ACTORS = 3


_generic_words: weakref.WeakKeyDictionary[Any, frozenset[str]] = weakref.WeakKeyDictionary()


def generic_alias_words(catalog: AliasSource) -> frozenset[str]:
    """Words (casefolded) found in the aliases of GENERIC_WORD_ACTORS or more actors.

    Generated aliases ("Malian drones", "Burkinabe airstrikes") name a state force by its
    weapons; in search text those words would make every army event match "drone strike".
    """
    cached = _generic_words.get(catalog)
    if cached is not None:
        return cached
    counts: Counter[str] = Counter()
    for actor in catalog.all():
        words = {w.casefold() for alias in _aliases(catalog, actor.name) for w in alias.split()}
        counts.update(words)
    generic = frozenset(word for word, n in counts.items() if n >= GENERIC_WORD_ACTORS)
    _generic_words[catalog] = generic
    return generic


def default_catalog() -> AliasSource:
    from bot.extract.actors import load_actor_catalog

    return load_actor_catalog()


def stored_actors(
    session: Session, actors: Iterable[ActorInfo], *, catalog: AliasSource | None = None
) -> dict[str, StoredActor]:
    """The Actor row (id, aliases) for each given actor, creating rows that do not exist yet."""
    wanted = {actor.name: actor for actor in actors}
    if not wanted:
        return {}
    engine = _engine(session)
    if engine not in _synced_engines:
        _synced_engines.add(engine)
        sync_actor_catalog(session, catalog if catalog is not None else default_catalog())
    committed = _committed.get(engine, {})
    pending: dict[str, StoredActor] = session.info.setdefault(_PENDING_KEY, {})
    missing = [a for name, a in wanted.items() if name not in committed and name not in pending]
    if missing:
        names = [a.name for a in missing]
        _load_rows(session, pending, names=names)
        new = [a for a in missing if a.name not in pending]
        if new:
            source = catalog if catalog is not None else default_catalog()
            insert_ignoring_conflicts(session, Actor, [_actor_row(a, source) for a in new])
            _load_rows(session, pending, names=[a.name for a in new])
    return {name: committed.get(name) or pending[name] for name in wanted}


def sync_actor_catalog(session: Session, catalog: AliasSource) -> int:
    """Insert every catalog actor and refresh kinds and aliases that changed; returns rows touched."""
    entries = {actor.name: actor for actor in catalog.all()}
    existing = {row.name: row for row in session.exec(select(Actor))}
    insert_ignoring_conflicts(
        session,
        Actor,
        [_actor_row(actor, catalog) for name, actor in entries.items() if name not in existing],
    )
    touched = len(entries) - len(existing.keys() & entries.keys())
    for name, row in existing.items():
        actor = entries.get(name)
        if actor is None:
            continue
        aliases = _aliases(catalog, name)
        if (
            row.aliases != aliases
            or row.kind != actor.kind
            or row.country_code != actor.country_code
        ):
            row.aliases = aliases
            row.kind = actor.kind
            row.country_code = actor.country_code
            session.add(row)
            touched += 1
    session.flush()
    return touched


def _engine(session: OrmSession) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def _load_rows(session: Session, cache: dict[str, StoredActor], *, names: list[str] | None) -> None:
    statement = select(Actor.id, Actor.name, Actor.kind, Actor.aliases)
    if names is not None:
        statement = statement.where(col(Actor.name).in_(names))
    for actor_id, name, kind, aliases in session.exec(statement):
        assert actor_id is not None
        cache[name] = StoredActor(id=actor_id, name=name, kind=kind, aliases=tuple(aliases or ()))


def _actor_row(actor: ActorInfo, catalog: AliasSource) -> dict[str, Any]:
    return {
        "name": actor.name,
        "kind": actor.kind,
        "country_code": actor.country_code,
        "aliases": _aliases(catalog, actor.name),
    }


def _aliases(catalog: AliasSource, name: str) -> list[str]:
    try:
        return sorted(set(catalog.aliases_of(name)) - {name})
    except KeyError:  # an actor the catalog does not know (hand-made in tests, or retired)
        return []
