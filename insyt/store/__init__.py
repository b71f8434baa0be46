"""Store: the SQLite database, the one place lines and everything derived from them are kept.

Enters: batches of records from the intake (:mod:`.writer`, the one thread
that writes), and verdicts, incidents and alerts committed with them.

Leaves: durable rows (every table and migration in :mod:`.schema`), the
classifier's backlog (:mod:`.database`), and the read-only queries the page
and the API make off the event loop (:mod:`.reader`).
"""
