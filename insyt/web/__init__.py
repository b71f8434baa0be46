"""Web: what the appliance shows, over HTTP on its own port.

Enters: requests from browsers, scrapers and scripts; reads the database
through :mod:`insyt.store.reader` and the daemon's live counters.

Leaves: ``/healthz``, ``/api/status`` and ``/metrics`` (:mod:`.app`), the
status pages (:mod:`.pages`, :mod:`.render`, :mod:`.charts`, templates and
static files), sign-in and the headers that keep attackers' text inert
(:mod:`.auth`, :mod:`.throttle`), and the admin's changes (:mod:`.admin`:
incident marks, suppressions).
"""
