"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from models.actor import Actor, ActorRead
from models.claim import CLAIM_KINDS, OUTCOMES, STANCES, Claim
from models.digest import DigestRun, DigestShownEvent, Subscription
from models.document import Document, DocumentRead, Publisher
from models.event import Event, EventActor, EventDocument
from models.feed import FEED_ITEM_STATUSES, Feed, FeedItem
from models.signature import DocumentSignature, DocumentSignatureBand
from models.slack import HandledEvent, ThreadContext

__all__ = [
    "CLAIM_KINDS",
    "FEED_ITEM_STATUSES",
    "OUTCOMES",
    "STANCES",
    "Actor",
    "ActorRead",
    "Claim",
    "DigestRun",
    "DigestShownEvent",
    "Document",
    "DocumentRead",
    "DocumentSignature",
    "DocumentSignatureBand",
    "Event",
    "EventActor",
    "EventDocument",
    "Feed",
    "FeedItem",
    "HandledEvent",
    "Publisher",
    "Subscription",
    "ThreadContext",
]
