"""The analyst: one explanation per incident, from a model when one answers
within bounds and is grounded in the evidence, else from a playbook.

Enters: each newly opened incident (:mod:`.worker` queues it, by priority,
bounded).  :mod:`.case` reduces it to what the analyst reads; :mod:`.playbooks`
answers deterministically; :mod:`.prompt` and :mod:`.validate` wrap a model
that :mod:`.engine` runs on CTranslate2.

Leaves: an :class:`.answer.Analysis` saved on the incident and announced as an
``analysis`` alert through :mod:`insyt.alerts.sink`.  Building the model is
build-time work (:mod:`insyt.training.analyst`).
"""
