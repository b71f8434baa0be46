"""What the model reads of a record: one definition for the daemon, the CLI and the trainer.

The syslog header (priority, timestamp, host name) is left out on purpose: it
says where and when a line was written, not what happened, and its format
depends on the sender's configuration.  A model that saw it would learn the
timestamp formats of its training data instead of the events.  The app name
stays, as ``sshd: Failed password`` means something that ``Failed password``
alone does not.  An unparsed record's message is the whole line, so there the
model reads everything, header-like text included: nothing was recognised to
leave out.
"""

from __future__ import annotations

from typing import Protocol

from insyt.record import UNPARSED


class Line(Protocol):
    """What model_text reads: a Record, or a stored event row (storage.Unclassified)."""

    @property
    def app(self) -> str | None: ...

    @property
    def message(self) -> str: ...

    @property
    def flags(self) -> int: ...


def model_text(record: Line) -> str:
    if record.flags & UNPARSED or record.app is None:
        return record.message
    return f"{record.app}: {record.message}"
