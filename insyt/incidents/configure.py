"""The incident tracker a configuration asks for: rules, limits, suppressions.

The tracker itself (:mod:`.tracker`) knows nothing of the config file; this is
where the two meet.  A rule's ``min_confidence`` comes from the config when it
sets one, else from the model's calibrated threshold for the category.
"""

from __future__ import annotations

from collections.abc import Mapping

from insyt.config import Config
from insyt.incidents.tracker import DEFAULT_RULES, IncidentTracker, Suppression, merge_rules


def make_tracker(config: Config, thresholds: Mapping[str, float] | None = None) -> IncidentTracker:
    """The incident tracker for ``config``; ``thresholds`` (the model's
    calibrated confidence per category) set each rule's ``min_confidence``
    unless the config sets it."""
    rules_config = config.incidents.rules
    overrides = {name: {"min_confidence": (thresholds or {}).get(name, 0.0),
                        **getattr(rules_config, name).overrides()} for name in DEFAULT_RULES}
    overrides = {name: {k: v for k, v in o.items() if v} for name, o in overrides.items()}
    suppressions = [
        Suppression.parse(s.id or f"config-{i}", reason=s.reason, networks=s.networks,
                          hosts=s.hosts, apps=s.apps, categories=s.categories,
                          pattern=s.pattern, expires=s.expires)
        for i, s in enumerate(config.suppress)
    ]
    inc = config.incidents
    return IncidentTracker(
        merge_rules({k: v for k, v in overrides.items() if v}),
        max_evidence=inc.max_evidence, suppressions=suppressions,
        update_interval_s=inc.update_interval_s, max_keys=inc.max_keys, max_open=inc.max_open,
        max_line_chars=config.syslog.max_frame,
    )
