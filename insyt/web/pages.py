"""The status page and its JSON API: what the appliance saw, what it detected, and why.

Server-rendered HTML (Jinja2, autoescaped, no script) over the read-only
queries of :mod:`insyt.store.reader`; every database read runs in the reader's
threads, every write in the writer's (:mod:`insyt.web.admin`).  Each page has a
JSON twin under ``/api/`` taking the same query parameters, for scripts.
"""

from __future__ import annotations

import asyncio
import json
import math
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from importlib import resources
from typing import Any, Protocol

from aiohttp import web
from aiohttp.typedefs import Middleware

from insyt import taxonomy
from insyt.incidents import persistence
from insyt.incidents.tracker import Suppression
from insyt.status import DaemonStatus, analyst_json
from insyt.store import reader
from insyt.store.reader import EventQuery, IncidentQuery, QueryTimeout, Reader
from insyt.web import admin, charts
from insyt.web.auth import (
    CSRF_FIELD,
    LOGIN_FAILURE_DELAY_S,
    SESSION_COOKIE,
    SESSION_S,
    Guard,
    safe_next,
)
from insyt.web.history import History
from insyt.web.render import environment

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# The incident list's URL: older than the word "incidents" here, and a
# contract (DESIGN.md), so it stays while the code says incidents.
INCIDENTS_PATH = "/alerts"
RANGES = {"15m": 900, "1h": 3600, "6h": 6 * 3600, "24h": 86400, "7d": 7 * 86400,
          "30d": 30 * 86400}
EXPIRIES = {"1d": 86400, "7d": 7 * 86400, "30d": 30 * 86400, "never": None}
OVERVIEW_REFRESH_S = 10
PAGE_PREFIX = "page-"  # ids of suppressions added here (the config's are config-N or named)
MAX_FIELD = 1024  # characters of a filter or form field
ACTIONS = ("acknowledge", "unacknowledge", "disposition", "suppress")
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


class Appliance(admin.Appliance, Protocol):
    history: History

    def status(self) -> DaemonStatus: ...


class BadQuery(ValueError):
    """A query parameter the page cannot use; the message names it."""


# ------------------------------------------------------------ parameters


def _text(query: Mapping[str, str], name: str) -> str:
    value = query.get(name, "").strip()
    if len(value) > MAX_FIELD:
        raise BadQuery(f"{name}: longer than {MAX_FIELD} characters")
    return value


def _float(query: Mapping[str, str], name: str, low: float, high: float) -> float | None:
    text = _text(query, name)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise BadQuery(f"{name}: not a number: {text!r}") from None
    if not low <= value <= high:
        raise BadQuery(f"{name}: must be between {low:g} and {high:g}")
    return value


def _time(query: Mapping[str, str], name: str) -> float | None:
    """An ISO 8601 time (local time when it names no zone) or unix seconds."""
    text = _text(query, name)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        try:  # year 1 or 9999 in another zone falls off the calendar: OverflowError
            value = datetime.fromisoformat(text).timestamp()
        except (ValueError, OverflowError, OSError):
            value = math.nan
    if not math.isfinite(value):  # "1e999", "nan"
        raise BadQuery(f"{name}: expected a time such as 2026-11-24 10:00, got {text!r}")
    return value


def _span(query: Mapping[str, str], now: float) -> tuple[float | None, float | None]:
    span = _text(query, "range")
    if span and span not in RANGES:
        raise BadQuery(f"range: one of {', '.join(RANGES)}")
    since = _time(query, "since")
    if span:
        since = now - RANGES[span]
    return since, _time(query, "until")


def _limit(query: Mapping[str, str]) -> int:
    value = _float(query, "limit", 1, reader.MAX_PAGE)
    return reader.PAGE_SIZE if value is None else int(value)


def event_query(query: Mapping[str, str], now: float) -> EventQuery:
    verdict = _text(query, "verdict")
    if not reader.valid_verdict(verdict):
        raise BadQuery(f"verdict: {verdict!r} is not attack, benign, unclassified or a category")
    before = None
    if _text(query, "before"):
        before = reader.parse_cursor(_text(query, "before"), int)
        if before is None:
            raise BadQuery("before: not a page cursor")
    since, until = _span(query, now)
    return EventQuery(text=_text(query, "q"), host=_text(query, "host"), app=_text(query, "app"),
                      since=since, until=until, verdict=verdict, before=before,
                      limit=_limit(query))


def incident_query(query: Mapping[str, str], now: float) -> IncidentQuery:
    category = _text(query, "category")
    if category and (category not in taxonomy.BY_NAME or category == taxonomy.BENIGN):
        raise BadQuery(f"category: no attack category {category!r}")
    severity = _text(query, "severity")
    names = [s.name.lower() for s in taxonomy.Severity]
    if severity and severity not in names:
        raise BadQuery(f"severity: one of {', '.join(names)}")
    state = _text(query, "state")
    if state not in ("", "open", "closed"):
        raise BadQuery("state: open or closed")
    before = None
    if _text(query, "before"):
        before = reader.parse_cursor(_text(query, "before"), str)
        if before is None:
            raise BadQuery("before: not a page cursor")
    since, until = _span(query, now)
    return IncidentQuery(
        category=category,
        min_severity=int(taxonomy.Severity[severity.upper()]) if severity else None,
        min_confidence=_float(query, "confidence", 0, 1), since=since, until=until,
        source=_text(query, "source"), state=state, before=before, limit=_limit(query))


def _next_link(request: web.Request, cursor: tuple[float, Any] | None) -> str | None:
    if cursor is None:
        return None
    params = {k: v for k, v in request.query.items() if k != "before"}
    params["before"] = reader.cursor_text(*cursor)
    return str(request.rel_url.with_query(params))


# ----------------------------------------------------------------- pages


class Pages:
    def __init__(self, appliance: Appliance, db: Reader, guard: Guard) -> None:
        self.appliance = appliance
        self.db = db
        self.guard = guard
        self.env = environment()

    def routes(self, app: web.Application) -> None:
        r = app.router
        r.add_get("/", self.overview)
        r.add_get(INCIDENTS_PATH, self.incidents)
        r.add_get(INCIDENTS_PATH + "/{id}", self.incident)
        r.add_post(INCIDENTS_PATH + "/{id}/{action}", self.incident_action)
        r.add_get("/events", self.events)
        r.add_get("/suppressions", self.suppressions)
        r.add_post("/suppressions/{id}/delete", self.delete_suppression)
        r.add_get("/login", self.login_form)
        r.add_post("/login", self.login)
        r.add_post("/logout", self.logout)
        r.add_get("/static/{name}", self.static)
        r.add_get("/api/overview", self.api_overview)
        r.add_get("/api/incidents", self.api_incidents)
        r.add_get("/api/incidents/{id}", self.api_incident)
        r.add_get("/api/events", self.api_events)

    # -- rendering -----------------------------------------------------------

    def render(self, request: web.Request, template: str, code: int = 200,
               **context: Any) -> web.Response:
        page = self.env.get_template(template)
        context.update(request=request, csrf=self.guard.csrf_token(request),
                       csrf_field=CSRF_FIELD, login=self.guard.enabled, path=request.path,
                       verdict=self.verdict)
        return _Deferred(lambda: page.render(context).encode("utf-8", "replace"), code,
                         "text/html")

    def verdict(self, label: str, confidence: float | None) -> str:
        """How the page marks a stored verdict: ``benign``, ``attack`` (it
        reached its category's alert floor: a detection), or ``suspicious``
        (an attack label below that floor: shown, but it opened nothing).
        Without a running classifier there is no floor to compare with."""
        if not taxonomy.is_attack(label):
            return "benign"
        detection = self.appliance.detection
        if detection is None or label not in taxonomy.BY_NAME:
            return "attack"
        return "attack" if (confidence or 0.0) >= detection.alert_floor(label) else "suspicious"

    def problem(self, request: web.Request, status: int, message: str) -> web.Response:
        if request.path.startswith("/api/"):
            return web.json_response({"error": message}, status=status)
        return self.render(request, "problem.html", code=status, message=message)

    async def query(self, request: web.Request, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return await self.db.run(fn, *args)
        except QueryTimeout as exc:
            raise _Problem(503, f"{exc}: narrow the filters or the time range") from None

    # -- overview ------------------------------------------------------------

    async def overview(self, request: web.Request) -> web.Response:
        now = time.time()
        status = self.appliance.status()
        figures = await self.query(request, reader.overview, now)
        series = self.appliance.history.series()
        start = min((p.time for points in series.values() for p in points), default=now)
        rate = "lines/s"
        ingest = charts.line_chart("Ingest", rate, [
            ("received", series["received"]), ("stored", series["stored"]),
            ("dropped", series["dropped"])], start, now)
        classify = charts.line_chart("Classification", rate, [
            ("classified", series["classified"]), ("detections", series["detections"])],
            start, now)
        backlog = charts.line_chart("Backlog", "lines", [
            ("classifier lag", series["lag_lines"]), ("intake queue", series["queue"])],
            start, now)
        severity_bars = charts.bars([
            (f"{row['category']} ({row['severity']})", row["count"], row["severity"])
            for row in figures["by_kind"]])
        return self.render(request, "overview.html", status=status, figures=figures,
                           charts=[ingest, classify, backlog], severity_bars=severity_bars,
                           refresh=OVERVIEW_REFRESH_S, span=now - start, now=now,
                           analyst=analyst_json(status.analyst))

    # -- incidents -----------------------------------------------------------

    async def incidents(self, request: web.Request) -> web.Response:
        q = incident_query(request.query, time.time())
        page = await self.query(request, reader.list_incidents, q)
        return self.render(request, "incidents.html", page=page, q=request.query,
                           next=_next_link(request, page.next), ranges=RANGES,
                           dispositions=admin.DISPOSITIONS)

    async def incident(self, request: web.Request) -> web.Response:
        doc = await self._incident_doc(request, request.match_info["id"])
        category = taxonomy.BY_NAME.get(doc.get("category", ""))
        return self.render(request, "incident.html", inc=doc, category=category,
                           dispositions=admin.DISPOSITIONS, expiries=EXPIRIES,
                           done=request.query.get("done", ""))

    async def incident_action(self, request: web.Request) -> web.StreamResponse:
        form = await self.guard.form(request)
        incident_id = request.match_info["id"]
        action = request.match_info["action"]
        if action not in ACTIONS:
            raise _Problem(404, "no such action")
        if action == "suppress":
            doc = await self._incident_doc(request, incident_id)
            suppression = _suppression_from_form(form, doc, time.time())
            await admin.add_suppression(self.appliance, suppression)
        elif action == "disposition":
            value = str(form.get("disposition", ""))
            if value and value not in admin.DISPOSITIONS:
                raise _Problem(400, "unknown disposition")
            if not await admin.set_disposition(self.appliance, incident_id, value or None):
                raise _Problem(404, "no such incident")
        elif not await admin.acknowledge(self.appliance, incident_id,
                                         on=action == "acknowledge"):
            raise _Problem(404, "no such incident")
        raise web.HTTPSeeOther(f"{INCIDENTS_PATH}/{incident_id}?done={action}")

    async def _incident_doc(self, request: web.Request, incident_id: str) -> dict[str, Any]:
        doc: dict[str, Any] | None = await self.query(request, reader.incident, incident_id)
        if doc is None:
            raise _Problem(404, "no such incident")
        return doc

    # -- events --------------------------------------------------------------

    async def events(self, request: web.Request) -> web.Response:
        q = event_query(request.query, time.time())
        page = await self.query(request, reader.search_events, q)
        return self.render(request, "events.html", page=page, q=request.query,
                           next=_next_link(request, page.next), ranges=RANGES,
                           verdicts=reader.VERDICTS)

    # -- suppressions --------------------------------------------------------

    async def suppressions(self, request: web.Request) -> web.Response:
        stored = await self.query(request, reader.suppressions)
        # Rows an older version accepted that this one refuses: the detection
        # stage skips them, the page says why.
        refused = {s["id"]: parsed for s in stored
                   if isinstance(parsed := persistence.parse_suppression(s), str)}
        configured = self._configured()
        return self.render(request, "suppressions.html", stored=stored, refused=refused,
                           configured=configured,
                           hits=admin.suppression_hits(self.appliance), now=time.time(),
                           detecting=self.appliance.detection is not None)

    def _configured(self) -> list[dict[str, Any]]:
        """The configuration file's suppressions, as the running tracker holds them."""
        detection = self.appliance.detection
        if detection is None:
            return []
        return [s.as_dict() for s in detection.tracker.suppressions
                if not s.id.startswith(PAGE_PREFIX)]

    async def delete_suppression(self, request: web.Request) -> web.StreamResponse:
        await self.guard.form(request)
        suppression_id = request.match_info["id"]
        if not suppression_id.startswith(PAGE_PREFIX):
            raise _Problem(400, "only suppressions added on this page can be removed here; "
                                "the others live in the configuration file")
        await admin.remove_suppression(self.appliance, suppression_id)
        raise web.HTTPSeeOther("/suppressions")

    # -- login ---------------------------------------------------------------

    async def login_form(self, request: web.Request) -> web.Response:
        return self.render(request, "login.html", next=safe_next(request.query.get("next", "/")),
                           failed=False)

    async def login(self, request: web.Request) -> web.StreamResponse:
        form = await self.guard.form(request)
        target = safe_next(str(form.get("next", "/")))
        if not self.guard.enabled:
            raise web.HTTPSeeOther(target)
        if not self.guard.attempt(request, str(form.get("token", "")), "login form"):
            await asyncio.sleep(LOGIN_FAILURE_DELAY_S)
            return self.render(request, "login.html", code=401, next=target, failed=True)
        response = _see_other(target)
        response.set_cookie(SESSION_COOKIE, self.guard.session_cookie(), max_age=SESSION_S,
                            httponly=True, samesite="Strict", path="/", secure=request.secure)
        return response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        await self.guard.form(request)
        self.guard.revoke(request.cookies.get(SESSION_COOKIE, ""))
        response = _see_other("/login")
        response.del_cookie(SESSION_COOKIE, path="/")
        return response

    # -- static --------------------------------------------------------------

    async def static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        suffix = name[name.rfind("."):] if "." in name else ""
        if suffix not in STATIC_TYPES or "/" in name or name.startswith("."):
            raise _Problem(404, "not found")
        resource = resources.files("insyt.web").joinpath("static", name)
        if not resource.is_file():
            raise _Problem(404, "not found")
        return web.Response(body=resource.read_bytes(), headers={
            "Content-Type": STATIC_TYPES[suffix], "Cache-Control": "max-age=3600"})

    # -- JSON API ------------------------------------------------------------

    async def api_overview(self, request: web.Request) -> web.Response:
        """The overview's own figures (the rest is /api/status): incidents of the
        last 24 h and the sampled rates, as [time, value] pairs."""
        figures = await self.query(request, reader.overview, time.time())
        series = {name: [list(p) for p in points]
                  for name, points in self.appliance.history.series().items()}
        return _json({"incidents": figures, "history": series})

    async def api_incidents(self, request: web.Request) -> web.Response:
        page = await self.query(request, reader.list_incidents,
                                incident_query(request.query, time.time()))
        return _json({"incidents": page.incidents, "next": _cursor(page.next)})

    async def api_incident(self, request: web.Request) -> web.Response:
        doc = await self.query(request, reader.incident, request.match_info["id"])
        if doc is None:
            raise _Problem(404, "no such incident")
        return _json(doc)

    async def api_events(self, request: web.Request) -> web.Response:
        page = await self.query(request, reader.search_events,
                                event_query(request.query, time.time()))
        return _json({"events": page.events, "next": _cursor(page.next),
                      "complete": page.complete, "scanned": page.scanned})

    # -- errors --------------------------------------------------------------

    def middleware(self) -> Middleware:
        @web.middleware
        async def problems(request: web.Request, handler: Handler) -> web.StreamResponse:
            try:
                response = await handler(request)
            except BadQuery as exc:
                response = self.problem(request, 400, str(exc))
            except _Problem as exc:
                response = self.problem(request, exc.status, exc.message)
            if isinstance(response, _Deferred):
                await response.finish()
            return response

        return problems


class _Problem(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _see_other(location: str) -> web.Response:
    """A redirect returned, not raised: a raised one loses the cookies set on it."""
    return web.Response(status=303, headers={"Location": location})


class _Deferred(web.Response):
    """A response whose body the middleware makes in a worker thread: a page of
    500 long hostile lines or a 60 MB JSON answer still costs CPU, but the
    loop, and ingest with it, keeps running meanwhile."""

    def __init__(self, make: Callable[[], bytes], status: int, content_type: str) -> None:
        super().__init__(status=status, content_type=content_type, charset="utf-8")
        self._make = make

    async def finish(self) -> None:
        self.body = await asyncio.to_thread(self._make)


def _json(value: Any) -> web.Response:
    return _Deferred(lambda: json.dumps(value, indent=1).encode(), 200, "application/json")


def _cursor(cursor: tuple[float, Any] | None) -> str | None:
    return reader.cursor_text(*cursor) if cursor is not None else None


def _suppression_from_form(form: Mapping[str, Any], doc: Mapping[str, Any],
                           now: float) -> Suppression:
    """A suppression built from the incident's own source, narrowed by the form."""
    source = doc.get("source") or {}
    scope = str(form.get("scope", "source"))
    networks: list[str] = []
    hosts: list[str] = []
    apps: list[str] = []
    if scope == "source":
        if source.get("ip"):
            networks = [str(source["ip"])]
        else:
            hosts = [str(h) for h in source.get("hosts", [])[:1]]
            apps = [str(a) for a in source.get("apps", [])[:1]]
    elif scope != "pattern":
        raise _Problem(400, "scope: source or pattern")
    pattern = str(form.get("pattern", ""))
    if scope == "pattern" and not pattern:
        raise _Problem(400, "pattern: give the regular expression to suppress")
    categories = [str(doc["category"])] if form.get("category_only") else []
    expiry = str(form.get("expires", "30d"))
    if expiry not in EXPIRIES:
        raise _Problem(400, "expires: one of " + ", ".join(EXPIRIES))
    lifetime = EXPIRIES[expiry]
    reason = str(form.get("reason", ""))[:MAX_FIELD] or f"from incident {doc.get('id')}"
    try:
        return Suppression.parse(
            f"{PAGE_PREFIX}{secrets.token_hex(6)}", reason=reason, networks=networks, hosts=hosts,
            apps=apps, categories=categories, pattern=pattern if scope == "pattern" else "",
            expires=now + lifetime if lifetime is not None else None)
    except ValueError as exc:
        raise _Problem(400, str(exc)) from None

