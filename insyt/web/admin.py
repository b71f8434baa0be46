"""What an admin changes from the page: marks on incidents and run-time suppressions.

Every write goes through the writer thread (the one write connection).
Suppressions go through the detection stage when it runs, so they apply at
once as well as being stored; with the classifier off they are only stored,
and the stage loads them when it starts.
"""

from __future__ import annotations

import time
from typing import Protocol

from insyt.detect.stage import DetectionStage
from insyt.incidents import persistence
from insyt.incidents.tracker import Suppression
from insyt.store.writer import Writer

DISPOSITIONS = {
    "false_positive": "false positive",
    "true_positive": "confirmed",
}


class Appliance(Protocol):
    writer: Writer
    detection: DetectionStage | None


async def acknowledge(app: Appliance, incident_id: str, on: bool = True) -> bool:
    when = time.time() if on else None
    return await app.writer.in_db(lambda: persistence.mark(incident_id, acknowledged=when))


async def set_disposition(app: Appliance, incident_id: str, disposition: str | None) -> bool:
    if disposition is not None and disposition not in DISPOSITIONS:
        raise ValueError(f"unknown disposition {disposition!r}")
    return await app.writer.in_db(
        lambda: persistence.mark(incident_id, disposition=disposition))


async def add_suppression(app: Appliance, suppression: Suppression) -> None:
    if app.detection is not None:
        await app.detection.add_suppression(suppression)
    else:
        await app.writer.in_db(persistence.save_suppression, suppression)


async def remove_suppression(app: Appliance, suppression_id: str) -> None:
    if app.detection is not None:
        await app.detection.remove_suppression(suppression_id)
    else:
        await app.writer.in_db(persistence.delete_suppression, suppression_id)


def suppression_hits(app: Appliance) -> dict[str, int]:
    """Detections each suppression silenced since the detection stage started."""
    return dict(app.detection.tracker.suppression_hits) if app.detection is not None else {}
