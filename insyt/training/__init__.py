"""Build-time code: never imported by the daemon, left out of the Debian package.

Enters: the shared corpora and the generator's seeds.  Leaves: model
directories (the bundled classifier under ``insyt/model``, the analyst's
CTranslate2 model under ``.cache/analyst``) and the figures that describe them.

- :mod:`insyt.training.synth`: labelled synthetic log lines (``insyt synth``);
- :mod:`insyt.training.classifier`: train, calibrate and export the line
  classifier (``insyt train``, the ``train`` extra);
- :mod:`insyt.training.analyst`: the analyst's LoRA adapter and its CTranslate2
  build (``insyt model``, the ``analyst-build`` extra);
- :mod:`insyt.training.evaluate` and :mod:`insyt.training.corpus`: the labelled
  corpora and ``insyt eval``.
"""
