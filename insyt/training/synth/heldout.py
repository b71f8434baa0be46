"""The families no model is trained on: the generalisation yardstick.

A model that learned "format I know => its label" looks perfect on lines of
the formats it trained on.  What predicts how it does for users is how it
does on formats it has never seen, so whole families (products, and the
renderer formats of :mod:`insyt.training.synth.render`) are set aside here, once and
for good: ``insyt train`` never trains on them, and ``insyt synth
--families heldout`` draws an evaluation set from them alone.  Models and
thresholds are chosen on these figures, never on the shared validation
corpora.

The choice spans every kind of source: identity providers, security
products, network devices, web and DNS servers, Windows renderings and
whole renderer formats, with attacks and benign twins in each.
"""

from __future__ import annotations

HELD_OUT: frozenset[str] = frozenset({
    # network devices
    "mikrotik", "srx-flow",
    # web servers and self-hosted applications
    "caddy-json", "traefik", "jellyfin",
    # DNS resolvers
    "coredns", "windns",
    # application and identity-provider logins
    "gitforge", "hypervisor",
    # security products' own verdicts, honeypots and tarpits
    "anti-dos", "edr", "mail-av", "tarpit",
    # Windows Security events in one of their three syslog renderings
    "winsec-snare",
    # older hand-written families
    "dropbear", "voip", "redis", "healthapp", "proxifier",
    # whole renderer formats of the event layer (insyt.training.synth.render)
    "render-leef", "render-logfmt",
})


def held_out(family: str) -> bool:
    return family in HELD_OUT


def trained(family: str) -> bool:
    return family not in HELD_OUT
