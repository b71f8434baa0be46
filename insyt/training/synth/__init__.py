"""Synthetic, labelled log lines for training insyt's classifier.

``generate(n, seed=...)`` returns :class:`Sample` lines as they would reach
the daemon (syslog headers of every common shape, or whole file lines),
each labelled with a :mod:`insyt.taxonomy` category, the family of daemon
that wrote it and the scenario it came from.  Templates are written from
the daemons' documented and observed message formats, never copied from the
validation corpora under ``shared/corpus``.
"""

from insyt.training.synth.cli import main
from insyt.training.synth.mix import Sample, generate

__all__ = ["Sample", "generate", "main"]
