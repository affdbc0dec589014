"""Publisher rows: get-or-create by name, with ids served from memory once committed."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlmodel import Session

from bot.store.committed import CommittedCache
from bot.store.upsert import insert_ignoring_conflicts, table_of
from models import Publisher

_PUBLISHERS = table_of(Publisher)
_ID_BY_NAME = sa.select(_PUBLISHERS.c.id).where(_PUBLISHERS.c.name == sa.bindparam("name"))
_ids: CommittedCache[int] = CommittedCache("publisher_ids")


def publisher_id(session: Session, name: str, url: str | None) -> int:
    """The id of the publisher called `name` (race-safe: insert-or-ignore, then read).

    A new publisher's domain is taken from `url`.
    """
    found = _ids.get(session, name)
    if found is not None:
        return found
    found = session.execute(_ID_BY_NAME, {"name": name}).scalar_one_or_none()
    if found is None:
        domain = (urlsplit(url).hostname or None) if url else None
        insert_ignoring_conflicts(session, Publisher, [{"name": name, "domain": domain}])
        found = session.execute(_ID_BY_NAME, {"name": name}).scalar_one()
    _ids.pending(session)[name] = int(found)
    return int(found)
