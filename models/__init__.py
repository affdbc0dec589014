"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from models.actor import Actor, ActorRead
from models.claim import CLAIM_KINDS, OUTCOMES, STANCES, Claim
from models.document import Document, DocumentRead, Publisher
from models.event import Event, EventActor, EventDocument

__all__ = [
    "CLAIM_KINDS",
    "OUTCOMES",
    "STANCES",
    "Actor",
    "ActorRead",
    "Claim",
    "Document",
    "DocumentRead",
    "Event",
    "EventActor",
    "EventDocument",
    "Publisher",
]
