"""Where incident changes go: the incident table, the outbox, the publisher.

Detection (changes the tracker made) and the analyst (an answer for an
incident) both come here.  Each call is one transaction in the writer
thread: the incidents as they now stand and, with MQTT on, the outbox rows
announcing them, so after a crash the table and the alerts agree.  The
publisher is woken once the transaction has committed.

The sink holds the daemon's current publisher: a reload that changes only
``[mqtt]`` swaps it here and leaves detection, its classifier and the
analyst alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from insyt.alerts import outbox
from insyt.alerts.document import Alert
from insyt.alerts.mqtt import Publisher, alert_message
from insyt.analyst.answer import Analysis
from insyt.incidents import persistence
from insyt.incidents.tracker import Change
from insyt.store.writer import Writer


class AlertSink:
    def __init__(self, writer: Writer, publisher: Publisher) -> None:
        self.writer = writer
        self.publisher = publisher

    async def swap(self, publisher: Publisher) -> None:
        """Deliver through ``publisher`` from now on.  The old one stops
        first (rows it has not delivered stay in the outbox for the new
        one); whatever commits meanwhile is already addressed the new way."""
        old, self.publisher = self.publisher, publisher
        await old.stop()
        await publisher.start()

    async def save(self, changes: Sequence[Change],
                   before: Callable[[], None] | None = None) -> None:
        """``before`` (the writes that caused the changes), the changed
        incidents and their alerts, in one transaction."""
        await self.writer.in_db(self._save, changes, before)
        if changes:
            self._notify()

    async def save_analysis(self, incident_id: str, analysis: Analysis) -> None:
        """The analyst's answer in the incident's row and its ``analysis``
        alert, in one transaction; nothing if retention removed the incident."""
        if await self.writer.in_db(self._save_analysis, incident_id, analysis):
            self._notify()

    def _save(self, changes: Sequence[Change], before: Callable[[], None] | None) -> None:
        with self.writer.store.transaction():
            if before is not None:
                before()
            if changes:
                persistence.save(c.incident for c in changes)
                self._enqueue([Alert.of(c.incident, c.kind) for c in changes])

    def _save_analysis(self, incident_id: str, analysis: Analysis) -> bool:
        with self.writer.store.transaction():
            incident = persistence.save_analysis(incident_id, analysis.as_dict())
            if incident is None:
                return False
            self._enqueue([Alert.of(incident, "analysis", analysis)])
            return True

    def _enqueue(self, alerts: Sequence[Alert]) -> None:
        """In the writer thread.  With MQTT off nothing is stored (an outbox
        nobody drains would only grow)."""
        publisher = self.publisher  # one config for the whole transaction
        if publisher.enabled:
            outbox.enqueue([alert_message(publisher.config, alert) for alert in alerts])

    def _notify(self) -> None:
        self.publisher.notify()
