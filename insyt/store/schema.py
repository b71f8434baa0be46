"""Every table of the one SQLite database, and every migration between its versions.

The tables belong to different stages (lines to the store, incidents to
:mod:`insyt.incidents.persistence`, the alert outbox to
:mod:`insyt.alerts.outbox`), but their definitions and the schema version
live here together, so what a database file holds, and how an older file
becomes today's, can be read in one place.  The stages import the models;
this module imports no stage.

Versions: 1 had the event, checkpoint and outbox tables; 2 added the
classifier's verdict columns to ``event``; 3 added the analysis and the
admin's marks to ``incident``.
"""

from __future__ import annotations

from pathlib import Path

import peewee
from playhouse.migrate import SqliteMigrator, migrate

database = peewee.SqliteDatabase(None)


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


SCHEMA_VERSION = 3


class Event(BaseModel):
    """One accepted log line; columns in :class:`insyt.record.Record` order."""

    id = peewee.AutoField()
    received = peewee.FloatField()
    transport = peewee.TextField()
    peer = peewee.TextField()
    facility = peewee.SmallIntegerField(null=True)
    severity = peewee.SmallIntegerField(null=True)
    timestamp = peewee.FloatField(null=True)
    host = peewee.TextField(null=True)
    app = peewee.TextField(null=True)
    procid = peewee.TextField(null=True)
    msgid = peewee.TextField(null=True)
    structured_data = peewee.TextField(null=True)
    message = peewee.TextField()
    raw_bytes = peewee.BlobField(column_name="raw")  # Model.raw() is peewee's raw SQL
    flags = peewee.SmallIntegerField()
    # The classifier's verdict, NULL until the line has been classified.
    label = peewee.TextField(null=True)
    confidence = peewee.FloatField(null=True)
    scores = peewee.TextField(null=True)  # JSON: the top labels and their probabilities
    model = peewee.TextField(null=True)  # version of the model that decided
    classified = peewee.FloatField(null=True)  # unix time of the verdict

    class Meta:
        indexes = (
            (("received",), False),
            (("host", "received"), False),
            (("app", "received"), False),
        )


VERDICT_COLUMNS = ("label", "confidence", "scores", "model", "classified")
# Partial indexes stay small: the classifier's queue (lines not classified
# yet; after a restart it is where classification resumes) and the lines
# that were detected as attacks, for the page.
PARTIAL_INDEXES = (
    'CREATE INDEX IF NOT EXISTS "event_unclassified" ON "event" ("id") WHERE "label" IS NULL',
    'CREATE INDEX IF NOT EXISTS "event_detected" ON "event" ("label", "received") '
    "WHERE \"label\" IS NOT NULL AND \"label\" != 'benign'",
)


class Checkpoint(BaseModel):
    """Where a pull source resumes (journal cursor, file inode and offset)."""

    source = peewee.TextField(primary_key=True)
    position = peewee.TextField()



class IncidentRow(BaseModel):
    id = peewee.TextField(primary_key=True)
    category = peewee.TextField()
    severity = peewee.SmallIntegerField()
    state = peewee.TextField()
    source_ip = peewee.TextField(null=True)
    first_seen = peewee.FloatField()
    last_seen = peewee.FloatField()
    event_count = peewee.IntegerField()
    confidence = peewee.FloatField()
    document = peewee.TextField()  # Incident.to_dict() as JSON
    # Set from outside the tracker (the analyst, the admin on the page); the
    # tracker's upserts leave them alone.
    analysis = peewee.TextField(null=True)  # JSON: the analyst's answer
    acknowledged = peewee.FloatField(null=True)  # unix time an admin acknowledged it
    disposition = peewee.TextField(null=True)  # e.g. "false_positive", set by an admin

    class Meta:
        table_name = "incident"
        # last_seen alone: the page lists incidents newest first, whatever the filter.
        indexes = ((("state", "last_seen"), False), (("category", "last_seen"), False),
                   (("last_seen",), False), (("source_ip", "last_seen"), False))


class SuppressionRow(BaseModel):
    """Suppressions added at run time (the config's own live in the config)."""

    id = peewee.TextField(primary_key=True)
    document = peewee.TextField()  # Suppression.as_dict() as JSON

    class Meta:
        table_name = "suppression"


# Columns added by schema 3.
EXTERNAL_COLUMNS = ("analysis", "acknowledged", "disposition")


class _AutoIncrementField(peewee.AutoField):
    """``INTEGER PRIMARY KEY AUTOINCREMENT``: ids never come back after
    :func:`prune` deleted the newest rows, so an id names one message forever
    (playhouse.sqlite_ext has the same field, without type information)."""

    def ddl(self, ctx: peewee.Context) -> peewee.NodeList:
        return peewee.NodeList((super().ddl(ctx), peewee.SQL("AUTOINCREMENT")))


class Outbox(BaseModel):
    """One MQTT message waiting for, or having had, the broker's acknowledgement."""

    id = _AutoIncrementField()  # publication order
    topic = peewee.TextField()
    payload = peewee.TextField()  # JSON (UTF-8 text)
    qos = peewee.SmallIntegerField()
    retain = peewee.BooleanField()
    created = peewee.FloatField()  # unix time of the enqueue
    published = peewee.FloatField(null=True)  # unix time of the PUBACK; NULL: still owed


# The drain query is "unpublished rows by id": a partial index holds exactly
# those, so it stays small however many published rows are kept.
Outbox.add_index(
    Outbox.index(Outbox.id, name="outbox_pending").where(Outbox.published.is_null())
)

TABLES: list[type[BaseModel]] = [Event, Checkpoint, IncidentRow, SuppressionRow, Outbox]


def create_or_migrate(path: Path) -> None:
    """Bring the open database to :data:`SCHEMA_VERSION`: migrate an older
    file in place, create what is missing, refuse a newer one."""
    version = database.pragma("user_version")
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"{path} has schema version {version}; this insyt knows up to "
            f"{SCHEMA_VERSION}: upgrade insyt or use another storage.path"
        )
    with database.atomic():
        if version == 1:
            _add_verdict_columns()
        if version == 2:
            _add_incident_columns()
        database.create_tables(TABLES)
        for statement in PARTIAL_INDEXES:
            database.execute_sql(statement)  # type: ignore[no-untyped-call]
        database.pragma("user_version", SCHEMA_VERSION)


def _add_verdict_columns() -> None:
    """Schema 1 -> 2: the event table gains the verdict columns."""
    migrator = SqliteMigrator(database)
    migrate(*(migrator.add_column(Event._meta.table_name, name, Event._meta.fields[name])
              for name in VERDICT_COLUMNS))


def _add_incident_columns() -> None:
    """Schema 2 -> 3: incidents gain the analysis and the admin's marks
    (schema 1 had no incident table: create_tables makes it whole)."""
    migrator = SqliteMigrator(database)
    table = IncidentRow
    migrate(*(migrator.add_column(table._meta.table_name, name, table._meta.fields[name])
              for name in EXTERNAL_COLUMNS))
