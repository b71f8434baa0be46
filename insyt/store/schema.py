"""The one SQLite database and the base of every table's model.

Its own module so that each table can live beside the code that owns it
(events in storage, the alert outbox in outbox, ...) without import cycles.
"""

from __future__ import annotations

import peewee

database = peewee.SqliteDatabase(None)


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False
