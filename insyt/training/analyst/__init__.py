"""Building the analyst's model: instruction data, the LoRA adapter, and the
CTranslate2 int8 conversion (``insyt model ...``; the ``analyst-build`` extra).

Enters: generated incidents and the playbooks' answers.  Leaves: the committed
adapter (``adapter/``) and the model directory the run-time analyst loads.
"""
