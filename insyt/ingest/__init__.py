"""Ingest: bytes from the network, the journal and log files become records in a bounded intake.

Enters: syslog datagrams (:mod:`.udp`) and streams (:mod:`.tcp`, framed by
:mod:`.framing`, admitted by :mod:`.admission`), journal entries
(:mod:`.journald`) and the lines of followed files (:mod:`.files`).  Every
input decodes bytes one way (:mod:`.decode`) and parses a syslog header one
way (:mod:`.parser`).

Leaves: :class:`insyt.record.Record` objects in the :class:`.intake.Intake`,
the bounded queue the storage writer drains, and the per-input counters of
:mod:`.stats` (what was received, dropped, truncated, refused).
"""
