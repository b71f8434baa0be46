"""The analyst: one explanation per incident, from a model when one answers
within bounds and is grounded in the evidence, else from a playbook.

``case`` says what an analysis is about, ``playbooks`` answers
deterministically, ``prompt`` and ``validate`` wrap a model, ``engine`` runs
CTranslate2, ``worker`` does it in the daemon.  ``build`` and ``train`` (the
``analyst-build`` extra) make the model.
"""
