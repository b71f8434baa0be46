"""Application servers' own request logs (Gitea, Grafana, Django, Rails), the logs of
Jellyfin and Home Assistant, and rate limiters' messages.

The request families render :class:`insyt.training.synth.webtraffic.Request` with the
labelling of :mod:`insyt.training.synth.webtraffic`; what differs is where a server
puts the evidence: Django and Rails name a missing route (``Not Found:
/.env``, ``No route matches [GET] "/.env"``) and Rails prints the decoded
parameters, where a payload is plain to read.  Grafana logs the path
without its query, so it carries probes but not payloads.

Jellyfin and Home Assistant: successful logins, websocket and playback
chatter are benign; ``Authentication request ... has been denied`` and
``Login attempt or request with invalid authentication`` / ``Banned IP``
are brute_force.  Rate limiters (nginx ``limit_req``/``limit_conn``,
mod_evasive, mod_qos) refusing a client are dos; the same error log's
ordinary messages (a missing favicon, a buffered upload, an upstream
timeout) are benign.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line, templated
from insyt.training.synth.selfhosted import GITEA, GRAFANA, WEBAPP, Site
from insyt.training.synth.vocab import apache_error_time, ip_private, ip_public, stamp_java
from insyt.training.synth.webtraffic import Render, Request, web_emitters

# Gitea handlers by the first path segment (what its router log names after "@").
_GITEA_HANDLERS = {
    "api": "api/v1/api.go:{int:100-1500}(v1.{pick:Repos|Search|GetUser|ListCommits})",
    "user": "auth/auth.go:{int:100-900}(auth.SignIn)",
    "assets": "public/public.go:{int:30-90}(public.FileHandlerFunc)",
    "avatars": "web/base.go:{int:30-200}(web.avatarStorageHandler)",
}
_RAILS_CONTROLLERS = ("Projects", "Api::V1::Items", "Sessions", "Dashboard", "Orders", "Home")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def gitea(c: Ctx, req: Request, client: str, host: str) -> list[str]:
    handler = ""
    if req.status < 400:
        first = req.path.lstrip("/").split("/", 1)[0]
        handler = " @ " + c.fill(
            _GITEA_HANDLERS.get(first, "repo/view.go:{int:100-900}(repo.{pick:Home|SingleBranch})")
        )
    return [
        f"{c.when:%Y/%m/%d %H:%M:%S} ...eb/routing/logger.go:102:func1() [I] router: completed "
        f"{req.method} {req.path} for {client}:{c.rng.randint(0, 65535)}, {req.status} "
        f"{_phrase(req.status)} in {req.seconds * 1000:.1f}ms{handler}"
    ]


def grafana(c: Ctx, req: Request, client: str, host: str) -> list[str]:
    """Grafana's request log: logfmt, the path without its query string."""
    user = ("0", "0", "") if req.status >= 400 else ("1", "1", c.fill("{pick:admin|{user}}"))
    utc = c.when.astimezone(UTC)
    return [
        f"logger=context userId={user[0]} orgId={user[1]} uname={user[2]} "
        f"t={utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond:06d}Z level="
        f'{"error" if req.status >= 500 else "info"} msg="Request Completed" '
        f"method={req.method} path={urlsplit(req.path).path} status={req.status} "
        f"remote_addr={client} time_ms={int(req.seconds * 1000)} "
        f"duration={req.seconds * 1000:.6f}ms size={req.size} referer= "
        f"handler={'notfound' if req.status == 404 else urlsplit(req.path).path}"
        " status_source=server"
    ]


# Django's django.request warnings, by status.
_DJANGO_WARN = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed ({method})",
    500: "Internal Server Error",
}


def django(c: Ctx, req: Request, client: str, host: str) -> list[str]:
    """runserver's request line, or the ``django.request`` warning an error status logs."""
    warn = _DJANGO_WARN.get(req.status)
    if warn is not None and c.chance(0.7):
        level = "ERROR" if req.status >= 500 else "WARNING"
        text = f"{warn.format(method=req.method)}: {urlsplit(req.path).path}"
        return [
            c.pick(
                (
                    f"{level}:django.request:{text}",
                    f"[{stamp_java(c.when)}] {level} [django.request:{c.rng.randint(200, 260)}] "
                    f"{text}",
                    f"{c.when:%Y-%m-%d %H:%M:%S},{c.when.microsecond // 1000:03d} {level} "
                    f"log {text}",
                )
            )
        ]
    return [
        f'[{c.when:%d/%b/%Y %H:%M:%S}] "{req.method} {req.path} HTTP/1.1" {req.status} {req.size}'
    ]


def rails(c: Ctx, req: Request, client: str, host: str) -> list[str]:
    """Rails' request lifecycle: Started, the route or its absence, the parameters, Completed."""
    rid = c.fill("{uuid}")
    head = (
        f"I, [{c.when:%Y-%m-%dT%H:%M:%S}.{c.when.microsecond:06d} #{c.rng.randint(1, 60)}]  "
        f"INFO -- : [{rid}] "
        if c.chance(0.5)
        else ""
    )
    out = [
        f'{head}Started {req.method} "{req.path}" for {client} at '
        f"{c.when:%Y-%m-%d %H:%M:%S} {c.when:%z}"
    ]
    if req.status == 404 and c.chance(0.8):
        out.append(
            f"{head.replace('INFO', 'FATAL')}ActionController::RoutingError (No route matches "
            f'[{req.method}] "{urlsplit(req.path).path}"):'
        )
        return out
    controller = c.pick(_RAILS_CONTROLLERS)
    out.append(
        f"{head}Processing by {controller}Controller#"
        f"{c.pick(('index', 'show', 'create', 'update'))} as {c.pick(('HTML', 'JSON', '*/*'))}"
    )
    query = parse_qsl(urlsplit(req.path).query)
    if query:
        params = ", ".join(f'"{k}"=>"{v}"' for k, v in query[:3])
        out.append(f"{head}  Parameters: {{{params}}}")
    out.append(
        f"{head}Completed {req.status} {_phrase(req.status)} in {int(req.seconds * 1000)}ms "
        f"(Views: {c.rng.uniform(0, 40):.1f}ms | ActiveRecord: {c.rng.uniform(0, 30):.1f}ms | "
        f"Allocations: {c.rng.randint(500, 90000)})"
    )
    return out


# --- Jellyfin and Home Assistant ----------------------------------------------------------


def jellyfin_stamp(when: datetime) -> str:
    """Jellyfin's file log: ``[2024-01-15 10:00:00.123 +00:00]``."""
    off = f"{when:%z}"
    return f"[{stamp_java(when).replace(',', '.')} {off[:3]}:{off[3:]}]"


JELLYFIN_BENIGN = (
    '[INF] [{int:1-90}] Emby.Server.Implementations.HttpServer.WebSocketManager: WS "{ip}" request',
    '[INF] [{int:1-90}] Emby.Server.Implementations.Session.SessionWebSocketListener: WS "{ip}" '
    "closed",
    "[INF] [{int:1-90}] Jellyfin.Server.Implementations.Users.UserManager: Authentication request "
    'for "{user}" has succeeded.',
    "[INF] [{int:1-90}] Jellyfin.Api.Helpers.MediaInfoHelper: User policy for {user}. "
    "EnablePlaybackRemuxing: True EnableVideoPlaybackTranscoding: True "
    "EnableAudioPlaybackTranscoding: True",
    "[INF] [{int:1-90}] Emby.Server.Implementations.Session.SessionManager: Playback stopped "
    'reported by app "{pick:Jellyfin Web|Jellyfin Android|Infuse|Swiftfin}" "10.{int:8-9}.'
    '{int:0-13}" playing "{word} {word2}". Stopped at "{int:1000-9000000}" ms',
    "[INF] [{int:1-90}] Jellyfin.Server.Middleware.ResponseTimeMiddleware: Slow HTTP Response "
    'from "http://{privip}:8096/Items/{hex:32}/PlaybackInfo" to "{ip}" in 0:00:0{int:1-9}.'
    "{int:100-999} with Status Code 200",
    '[INF] [{int:1-90}] Emby.Server.Implementations.ScheduledTasks.TaskManager: "{pick:Scan Media '
    'Library|Extract Chapter Images|Clean Cache Directory|Refresh People}" Completed after '
    "{int:0-40} minute(s) and {int:0-59} seconds",
    "[INF] [{int:1-90}] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: "
    "/usr/lib/jellyfin-ffmpeg/ffmpeg -analyzeduration 200M -f matroska -i "
    '"/media/{pick:movies|tv}/{word}/{word2}.mkv" -map_metadata -1 -codec:v:0 copy '
    "-f hls -hls_time 3",
    "[WRN] [{int:1-90}] Jellyfin.Api.Auth.CustomAuthenticationHandler: CustomAuthentication "
    "was not authenticated. Failure message: Invalid token.",
    "[INF] [{int:1-90}] Emby.Server.Implementations.Library.LibraryManager: Validating media "
    "library",
)
JELLYFIN_BRUTE = (
    "[INF] [{int:1-90}] Jellyfin.Server.Implementations.Users.UserManager: Authentication "
    'request for "{baduser}" has been denied (IP: "{ip}").',
    "[ERR] [{int:1-90}] Jellyfin.Api.Controllers.UserController: Error authenticating with "
    'provider "Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider" for user '
    '"{baduser}" from "{ip}": Invalid username or password entered.',
)
HASS_BENIGN = (
    "INFO (MainThread) [homeassistant.setup] Setting up {pick:mqtt|zha|hue|met|esphome|"
    "mobile_app|cast|zeroconf}",
    "INFO (MainThread) [homeassistant.setup] Setup of domain {pick:mqtt|zha|hue|met|esphome|"
    "recorder|http} took {float:9} seconds",
    "INFO (MainThread) [homeassistant.bootstrap] Home Assistant initialized in {float:90}s",
    "INFO (MainThread) [homeassistant.components.automation.{word}] {word}: Running automation "
    "actions",
    "ERROR (MainThread) [homeassistant.components.http.forwarded] A request from a reverse proxy "
    "was received from 172.{int:17-30}.0.{int:2-20}, but your HTTP integration is not set-up for "
    "reverse proxies",
    "WARNING (MainThread) [homeassistant.helpers.entity] Update of sensor.{word}_{word2} is "
    "taking over 10 seconds",
    "INFO (MainThread) [homeassistant.components.mobile_app] Registered webhook for "
    "{person}'s phone",
    "WARNING (Recorder) [homeassistant.components.recorder.core] The system could not validate "
    "that the sqlite3 database at //config/home-assistant_v2.db was shutdown cleanly",
    "INFO (SyncWorker_{int:0-9}) [homeassistant.util.package] Attempting install of "
    "{pick:aiohue|pyatv|zeroconf}=={int:1-4}.{int:0-20}.{int:0-9}",
)
HASS_BRUTE = (
    "WARNING (MainThread) [homeassistant.components.http.ban] Login attempt or request with "
    "invalid authentication from {rhost} ({ip}). Requested URL: '/auth/login_flow/{hex:32}'. "
    "({browser})",
    "WARNING (MainThread) [homeassistant.components.http.ban] Login attempt or request with "
    "invalid authentication from {ip} ({ip}). Requested URL: '/api/'. (python-requests/2."
    "{int:20-32}.0)",
    "WARNING (MainThread) [homeassistant.components.http.ban] Banned IP {ip} for too many login "
    "attempts",
)


def hass_stamp(when: datetime) -> str:
    """Home Assistant's log: ``2024-01-15 10:00:00.123``."""
    return stamp_java(when).replace(",", ".")


# --- rate limiters --------------------------------------------------------------------------


def _nginx_error(c: Ctx, level: str, text: str, client: str, request: str, host: str) -> str:
    pid = c.rng.randint(100, 65000)
    return (
        f"{c.when:%Y/%m/%d %H:%M:%S} [{level}] {pid}#{pid}: *{c.rng.randint(1, 10**7)} {text}, "
        f'client: {client}, server: {host}, request: "{request}", host: "{host}"'
    )


_LIMITED = (
    "GET / HTTP/1.1",
    "GET /login HTTP/1.1",
    "POST /api/v1/{pick:auth|login|search|items} HTTP/1.1",
    "GET /?{int:1-999999} HTTP/1.1",
    "GET /{pathword} HTTP/1.1",
    "POST /wp-login.php HTTP/1.1",
    "GET /search?q={word} HTTP/1.1",
)
_ORDINARY = (
    (
        "error",
        'open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory)',
        "GET /favicon.ico HTTP/1.1",
    ),
    (
        "error",
        'open() "/var/www/html/apple-touch-icon.png" failed (2: No such file or directory)',
        "GET /apple-touch-icon.png HTTP/1.1",
    ),
    (
        "warn",
        "a client request body is buffered to a temporary file "
        "/var/lib/nginx/body/00000{int:10000-99999}",
        "PUT /remote.php/dav/files/{user}/{word}.mp4 HTTP/1.1",
    ),
    (
        "warn",
        "an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/"
        "{int:1-9}/{int:10-99}/00000{int:10000-99999} while reading upstream",
        "GET /Videos/{hex:32}/stream.mkv HTTP/1.1",
    ),
    (
        "error",
        "upstream timed out (110: Connection timed out) while reading response header from "
        "upstream",
        "GET /api/v1/{pick:reports|export} HTTP/1.1",
    ),
    (
        "error",
        "connect() failed (111: Connection refused) while connecting to upstream",
        "GET / HTTP/1.1",
    ),
    (
        "error",
        "client intended to send too large body: {int:1100000-99000000} bytes",
        "POST /api/v1/upload HTTP/1.1",
    ),
    ("info", "client closed connection while waiting for request", "GET /api/live/ws HTTP/1.1"),
)


def _limiter(c: Ctx) -> list[Line]:
    client = c.bind.get("ip") or ip_public(c.rng)
    host = c.fill("{fqdn}")
    zone = c.pick(("one", "perip", "req_limit_per_ip", "api", "login", "addr", "mylimit"))
    out = []
    for _ in range(c.rng.randint(1, 6)):
        request = c.fill(c.pick(_LIMITED))
        r = c.rng.random()
        if r < 0.6:
            text = f'limiting requests, excess: {c.rng.uniform(0.5, 400):.3f} by zone "{zone}"'
            msg = _nginx_error(c, "error", text, client, request, host)
        elif r < 0.8:
            text = f'limiting connections by zone "{zone}"'
            msg = _nginx_error(c, "error", text, client, request, host)
        elif r < 0.9:
            msg = (
                f"[{apache_error_time(c.when, True)}] [qos:error] "
                f"[pid {c.rng.randint(100, 65000)}] [client {client}:{c.fill('{port}')}] "
                "mod_qos(031): access denied, "
                f"QS_SrvMaxConnPerIP rule: max={c.pick((20, 30, 50))}, concurrent connections="
                f"{c.rng.randint(51, 400)}, c={client}"
            )
        else:
            msg = f"Blacklisting address {client}: possible DoS attack."
        app = "nginx" if msg[:1].isdigit() else "apache2" if msg.startswith("[") else "mod_evasive"
        out.append(c.line("web-ratelimit", "dos", "attack:rate-limited", app, msg, raw=True))
    return out


def _ordinary_errors(c: Ctx) -> list[Line]:
    client = ip_private(c.rng) if c.chance(0.5) else ip_public(c.rng)
    host = c.fill("{fqdn}")
    out = []
    for _ in range(c.rng.randint(1, 3)):
        level, text, request = c.pick(_ORDINARY)
        msg = _nginx_error(c, level, c.fill(text), client, c.fill(request), host)
        out.append(c.line("web-ratelimit", BENIGN, "benign:web-error", "nginx", msg, raw=True))
    return out


def _app_log(
    family: str,
    category: str,
    app: str,
    templates: tuple[str, ...],
    weight: float,
    stamp: Callable[[datetime], str],
) -> Emitter:
    scenario = f"benign:{family}" if category == BENIGN else f"attack:{family}-{category}"
    return templated(
        family,
        category,
        scenario,
        app,
        templates,
        weight=weight,
        pid=0.3,
        count=(1, 4),
        stamp=stamp,
        raw_share=0.6,
    )


def _app(
    family: str, apps: tuple[str, ...], render: Render, weight: float, site: Site = WEBAPP
) -> tuple[Emitter, ...]:
    """App logs print no agents; half of them reach insyt as files, half through journald."""
    return web_emitters(family, apps, render, weight, raw=0.5, agents_shown=False, sites=(site,))


EMITTERS: tuple[Emitter, ...] = (
    *_app("gitea", ("gitea",), gitea, 0.6, GITEA),
    *_app("grafana", ("grafana", "grafana-server"), grafana, 0.5, GRAFANA),
    *_app("django", ("gunicorn", "django", "python3", "uwsgi"), django, 0.7),
    *_app("rails", ("puma", "rails", "unicorn"), rails, 0.6),
    Emitter("web-ratelimit:dos", "dos", 1.5, _limiter),
    Emitter("web-ratelimit:benign", BENIGN, 0.5, _ordinary_errors),
    _app_log("hass", BENIGN, "homeassistant", HASS_BENIGN, 0.4, hass_stamp),
    _app_log("hass", "brute_force", "homeassistant", HASS_BRUTE, 0.5, hass_stamp),
    _app_log("jellyfin", BENIGN, "jellyfin", JELLYFIN_BENIGN, 0.4, jellyfin_stamp),
    _app_log("jellyfin", "brute_force", "jellyfin", JELLYFIN_BRUTE, 0.4, jellyfin_stamp),
)
