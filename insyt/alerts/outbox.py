"""The outbox: alerts are committed to SQLite before anyone tries to send them.

An alert is a row here first and an MQTT message second.  The publisher
sends unpublished rows in id order and sets ``published`` only once the
broker has acknowledged the message (QoS 1 PUBACK), so a broker outage, a
crash or a restart between the two steps costs at most a duplicate, never a
loss: whatever is still ``NULL`` is sent again by the next publisher.

Every function here runs in the writer thread (``Writer.in_db``), like the
rest of the database work, and may also be called inside a caller's
``database.atomic()`` block, so the stage that opens an incident can commit
the incident and its alert together.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from insyt.store.schema import Outbox, database

# A published row is only kept for looking back at what was sent (and to
# tell duplicates apart while debugging a consumer); a week covers that.
PUBLISHED_KEEP_S = 7 * 86400
IDS_PER_UPDATE = 500  # bound parameters per UPDATE/DELETE, well under SQLite's limit




class Message(NamedTuple):
    """What a caller hands to :func:`enqueue`."""

    topic: str
    payload: str
    qos: int = 1
    retain: bool = False


class Pending(NamedTuple):
    """An unpublished row as the publisher sends it."""

    id: int
    topic: str
    payload: str
    qos: int
    retain: bool


def enqueue(messages: Iterable[Message], now: float | None = None) -> list[int]:
    """Store messages in one transaction; return their ids, in order.

    Row by row rather than one multi-row INSERT: alerts are few, and the ids
    are wanted back (SQLite only reports the last rowid of a batch)."""
    created = time.time() if now is None else now
    with database.atomic():
        return [
            int(Outbox.insert(topic=m.topic, payload=m.payload, qos=m.qos, retain=m.retain,
                              created=created).execute())
            for m in messages
        ]


def pending(limit: int) -> list[Pending]:
    """The oldest ``limit`` unpublished rows, in the order they must go out."""
    query = (
        Outbox.select(Outbox.id, Outbox.topic, Outbox.payload, Outbox.qos, Outbox.retain)
        .where(Outbox.published.is_null())
        .order_by(Outbox.id)
        .limit(limit)
    )
    return [Pending(int(r.id), r.topic, r.payload, int(r.qos), bool(r.retain)) for r in query]


def depth() -> int:
    """How many rows are still owed to the broker."""
    return int(Outbox.select().where(Outbox.published.is_null()).count())


def mark_published(ids: Sequence[int], now: float | None = None) -> int:
    """Record the broker's acknowledgement; rows already marked keep their
    first time (a duplicate delivery does not rewrite history)."""
    when = time.time() if now is None else now
    marked = 0
    with database.atomic():
        for start in range(0, len(ids), IDS_PER_UPDATE):
            chunk = ids[start : start + IDS_PER_UPDATE]
            marked += int(
                Outbox.update(published=when)
                .where(Outbox.id.in_(chunk) & Outbox.published.is_null())
                .execute()
            )
    return marked


def prune(older_than: float) -> int:
    """Delete rows published before ``older_than`` (unix time).

    Unpublished rows are never pruned, however old: the outbox promises that
    nothing is lost, so an outage only costs disk, and alerts are few."""
    with database.atomic():
        return int(
            Outbox.delete()
            .where(Outbox.published.is_null(False) & (Outbox.published < older_than))
            .execute()
        )
