"""Incidents: labelled lines grouped into what a person reads and acts on.

Enters: detections (a stored line, its label and confidence) from the
detection stage.

Leaves: :class:`.tracker.Change` objects (an incident opened, updated or
closed) once the rules (set from the config by :mod:`.configure`), the
suppressions (:mod:`insyt.pattern`: RE2, linear time) and the facts a line
states (:mod:`.facts`: source address, users, paths) have been applied;
:mod:`.persistence` saves incidents and run-time suppressions.
"""
