"""Alerts: incident changes become MQTT messages, none lost while the broker is away.

Enters: incident changes from the detection stage and analyses from the
analyst.

Leaves: JSON alert documents (:mod:`.document`), first committed to the
SQLite outbox (:mod:`.outbox`) in the same transaction as the incident
(:mod:`.sink`), then published to the broker by :mod:`.mqtt`'s publisher,
which marks each one once it is acknowledged.
"""
