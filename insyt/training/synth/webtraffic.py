"""Self-hosted web applications' access logs: combined, nginx JSON, Caddy, Traefik.

Every family here renders the same kinds of request (:class:`Request`) so
that benign and attack lines differ only where the evidence is.

Labelling decisions:

* Benign: an app's own traffic (:mod:`insyt.training.synth.selfhosted`): JSON API
  calls with every method, GraphQL, WebDAV, websocket upgrades answered 101,
  cache-busting query strings, assets, migrations and upgrade pages fetched
  by the app itself with 200/304, ``GET /`` redirected to the login page,
  health checks, a single 404 for a favicon, touch icon or robots.txt, and
  search engine bots reading ordinary pages.
* web_scan: a web scanner's own agent (Nikto, sqlmap, Nuclei, WPScan,
  gobuster, ffuf, DirBuster, ...) on any path, and any client asking for a
  path only scanners ask for (``/.env``, ``/.git/config``, phpMyAdmin,
  ``/actuator/env``, ``/cgi-bin/``, backups, and WordPress paths on a site
  that is not WordPress), whatever the answer (single-page apps answer 200).
  Port scanners' agents (nmap NSE, masscan, zgrab) on an ordinary path stay
  network_scan, as :mod:`insyt.training.synth.web` decides.
* web_exploit: a payload (:mod:`insyt.training.synth.payloads`) in a parameter of
  the app's own routes or in the agent, and known exploit routes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.payloads import (
    CMDI,
    EXPLOIT_PATHS,
    LFI,
    LOG4J,
    PROBE_PATHS,
    SQLI,
    SSTI,
    TRAVERSAL,
    XSS,
    encode,
)
from insyt.training.synth.selfhosted import COMMON, SITES, Site
from insyt.training.synth.vocab import BOT_AGENTS, browser_agent, clf_time, ip_private, ip_public
from insyt.training.synth.web import access

# Probe paths that some site here serves for real, or that honest clients ask for
# (Outlook's autodiscover, security.txt, OpenID discovery): not evidence on their own.
_SERVED = frozenset(
    {
        "/graphql",
        "/user/login",
        "/actuator/health",
        "/.well-known/security.txt",
        "/.well-known/openid-configuration",
        "/autodiscover/autodiscover.xml",
        "/readme.html",
        "/license.txt",
        "/server-status",
        "/admin/",
        "/admin/login",
        "/console/",
        "/user/password",
        "/api/swagger.json",
        "/swagger-ui.html",
        "/v2/api-docs",
        "/crossdomain.xml",
        "/clientaccesspolicy.xml",
        "/sdk",
        "/HNAP1",
        "/nmaplowercheck{rnd}",
    }
)
_WP = ("/wp-", "/xmlrpc.php", "/?author=", "/blog/wp-")
PROBES = tuple(p for p in PROBE_PATHS if p not in _SERVED and not p.startswith(_WP))
WP_PROBES = tuple(p for p in PROBE_PATHS if p.startswith(_WP))
# Web scanners' own agents ({a}/{b} are version digits).
WEB_SCANNERS = (
    "Mozilla/5.00 (Nikto/2.{a}.{b}) (Evasions:None) (Test:{n})",
    "sqlmap/1.{a}.{b}#stable (https://sqlmap.org)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Safari/537.36 Nuclei - Open-source project "
    "(github.com/projectdiscovery/nuclei)",
    "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
    "WPScan v3.8.{b} (https://wpscan.com/wordpress-security-scanner)",
    "gobuster/3.{a}",
    "Fuzz Faster U Fool v2.{a}.{b}",
    "Fuzz Faster U Fool v2.{a}.{b}-dev",
    "DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)",
    "feroxbuster/2.{a}.{b}",
    "dirsearch/0.4.{a}",
    "WhatWeb/0.5.{b}",
    "Mozilla/5.0 (compatible; httpx - Open-source project (github.com/projectdiscovery/httpx))",
    "Wfuzz/3.1.0",
    "Mozilla/5.0 (X11; Linux x86_64) OpenVAS-VT 22.{a}.{b}",
    "Mozilla/5.0 (compatible; Nessus; +https://www.tenable.com)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Safari/537.36 Acunetix-Product/WVS",
)
_PROBE_CLIENTS = (
    "{browser}",
    "curl/{pick:7.68.0|7.88.1|8.5.0|8.9.1}",
    "python-requests/2.{int:20-32}.{int:0-3}",
    "Go-http-client/1.1",
    "-",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{int:70-120}.0.{int:3000-6000}.{int:10-200} Safari/537.36",
    "Mozilla/5.0",
)
_PAYLOADS = (SQLI, SQLI, XSS, TRAVERSAL, LFI, CMDI, SSTI)


@dataclass(frozen=True, slots=True)
class Request:
    """One request, and ``evidence``: the part of it that makes it an attack (the probed
    path, the payload-carrying path, the scanner's agent), empty for benign ones."""

    site: str
    method: str
    path: str
    status: int
    agent: str
    referer: str
    size: int
    seconds: float
    evidence: str = ""

    def shows_evidence(self, text: str) -> bool:
        """Whether a rendered line carries the evidence (JSON escapes it its own way)."""
        return self.evidence in text or json.dumps(self.evidence)[1:-1] in text


def _size(c: Ctx, status: int) -> int:
    if status in (101, 204, 304) or 300 <= status < 400:
        return 0 if status != 302 or c.chance(0.5) else c.rng.randint(100, 400)
    if status >= 400:
        return c.rng.randint(0, 1200)
    return int(10 ** c.rng.uniform(2, 6.4))  # bytes: from a JSON reply to a media chunk


def _request(
    c: Ctx,
    site: Site,
    method: str,
    path: str,
    status: int,
    agent: str,
    referer: str,
    evidence: str = "",
) -> Request:
    seconds = c.rng.uniform(0.0005, 0.08) if c.chance(0.8) else c.rng.uniform(0.08, 4.0)
    if status == 101:
        seconds = c.rng.uniform(5, 3600)
    size = _size(c, status)
    return Request(site.name, method, path, status, agent, referer, size, seconds, evidence)


def site_agent(c: Ctx, site: Site) -> str:
    """Who visits: mostly browsers, then the app's own clients, then search engine bots."""
    r = c.rng.random()
    if r < 0.65 or not site.agents:
        return browser_agent(c.rng)
    if r < 0.9:
        return c.fill(c.pick(site.agents))
    return c.pick(BOT_AGENTS)


def benign_request(c: Ctx, site: Site, agent: str) -> Request:
    method, path, statuses = c.pick(COMMON if c.chance(0.12) else site.routes)
    referer = (
        "-" if c.chance(0.5) else c.fill("https://{site}/") + c.fill(c.pick(("", "{pathword}")))
    )
    return _request(c, site, method, c.fill(path), c.pick(statuses), agent, referer)


def scanner_agent(c: Ctx) -> str:
    return c.pick(WEB_SCANNERS).format(
        a=c.rng.randint(0, 9),
        b=c.rng.randint(0, 12),
        v=c.rng.randint(90, 126),
        n=c.pick(("map_codes", "004821", "001035", "getinfo", "sitefiles", "embedded")),
    )


def scan_request(c: Ctx, site: Site, agent: str | None) -> Request:
    """One scanner request; ``agent`` is the scanner's, or None for a tool hiding its own."""
    probes = PROBES if site.wordpress else PROBES + WP_PROBES
    if agent is not None and c.chance(0.4):
        path = c.fill(c.pick(site.routes)[1])
        status = c.pick((200, 200, 302, 404, 403))
        return _request(c, site, "GET", path, status, agent, "-", agent)
    method = c.pick(("GET", "GET", "GET", "HEAD", "POST"))
    path = c.fill(c.pick(probes), rnd=str(c.rng.randint(10**5, 10**9)))
    status = c.pick((404, 404, 404, 404, 403, 401, 200, 301))
    shown = agent or c.fill(c.pick(_PROBE_CLIENTS))
    return _request(c, site, method, path, status, shown, "-", path)


def exploit_request(c: Ctx, site: Site, *, in_agent: bool = True) -> Request:
    """A payload in one of the site's own parameters, in the agent (where the log shows
    agents: ``in_agent``), or a known exploit route."""
    r = c.rng.random()
    agent = scanner_agent(c) if c.chance(0.25) else c.fill(c.pick(_PROBE_CLIENTS))
    if r < 0.12 and in_agent:
        path = c.fill(c.pick(site.routes)[1])
        carrier = c.fill(c.pick(LOG4J))
        return _request(c, site, "GET", path, c.pick((200, 404, 400)), carrier, "-", carrier)
    if r < 0.3:
        path = c.fill(c.pick(EXPLOIT_PATHS))
        status = c.pick((404, 404, 400, 403, 200))
        return _request(c, site, c.pick(("GET", "GET", "POST")), path, status, agent, "-", path)
    payload = encode(c.fill(c.pick(c.pick(_PAYLOADS))), c.rng)
    path = c.fill(c.pick(site.inject)) + payload
    status = c.pick((200, 200, 400, 403, 404, 500))
    return _request(c, site, c.pick(("GET", "GET", "POST")), path, status, agent, "-", path)


# --- renderers ------------------------------------------------------------------------

# A renderer turns one request into the line(s) its server writes about it.
Render = Callable[[Ctx, Request, str, str], list[str]]


def combined(c: Ctx, req: Request, client: str, host: str) -> list[str]:
    line = access(
        c,
        method=req.method,
        path=req.path,
        status=req.status,
        ua=req.agent,
        client=client,
        referer=req.referer,
        size=req.size,
        proto=c.pick(("HTTP/1.1", "HTTP/1.1", "HTTP/2.0")),
    )
    return [line]


def nginx_json(c: Ctx, req: Request, client: str, host: str) -> list[str]:
    """A ``log_format ... escape=json`` line: key names as the common guides spell them."""
    local = c.chance(0.5)
    record: dict[str, object] = {
        "time_local" if local else "time_iso8601": (
            clf_time(c.when) if local else c.when.isoformat(timespec="seconds")
        ),
        "remote_addr": client,
        "remote_user": "",
        "request": f"{req.method} {req.path} HTTP/{c.pick(('1.1', '2.0'))}",
        "status": req.status if c.chance(0.5) else str(req.status),
        "body_bytes_sent": req.size,
        "request_time": round(req.seconds, 3),
        "http_referrer": "" if req.referer == "-" else req.referer,
        "http_user_agent": req.agent,
        "http_x_forwarded_for": "" if c.chance(0.7) else ip_public(c.rng),
        "host": host,
    }
    if c.chance(0.5):
        record["upstream_response_time"] = f"{max(req.seconds - 0.001, 0):.3f}"
        record["upstream_addr"] = f"{ip_private(c.rng)}:{c.pick((8080, 3000, 8000, 80))}"
    return [json.dumps(record, separators=(",", ":") if c.chance(0.6) else (", ", ": "))]


def caddy_json(c: Ctx, req: Request, client: str, host: str) -> list[str]:
    proto = c.pick(("HTTP/1.1", "HTTP/2.0", "HTTP/3.0"))
    record = {
        "level": "info" if req.status < 500 else "error",
        "ts": round(c.when.timestamp(), 6),
        "logger": "http.log.access.log0",
        "msg": "handled request",
        "request": {
            "remote_ip": client,
            "remote_port": str(c.rng.randint(1024, 65535)),
            "client_ip": client,
            "proto": proto,
            "method": req.method,
            "host": host,
            "uri": req.path,
            "headers": {"User-Agent": [req.agent], "Accept-Encoding": ["gzip, deflate, br"]},
            "tls": {"resumed": False, "version": 772, "cipher_suite": 4865, "server_name": host},
        },
        "bytes_read": 0 if req.method in ("GET", "HEAD") else c.rng.randint(10, 90000),
        "user_id": "",
        "duration": round(req.seconds, 9),
        "size": req.size,
        "status": req.status,
        "resp_headers": {"Server": ["Caddy"]},
    }
    return [json.dumps(record, separators=(",", ":"))]


def traefik(c: Ctx, req: Request, client: str, host: str) -> list[str]:
    """Traefik's access log: its CLF variant, or JSON with its field names."""
    router = req.site
    service = f"http://{ip_private(c.rng)}:{c.pick((80, 3000, 8096, 8123, 8080))}"
    if c.chance(0.5):
        return [
            f'{client} - - [{clf_time(c.when)}] "{req.method} {req.path} HTTP/2.0" {req.status} '
            f'{req.size} "{req.referer}" "{req.agent}" {c.rng.randint(1, 90000)} '
            f'"{router}@docker" "{service}" {int(req.seconds * 1000)}ms'
        ]
    utc = c.when.astimezone(UTC)
    record = {
        "ClientAddr": f"{client}:{c.rng.randint(1024, 65535)}",
        "ClientHost": client,
        "ClientUsername": "-",
        "DownstreamContentSize": req.size,
        "DownstreamStatus": req.status,
        "Duration": int(req.seconds * 1e9),
        "OriginStatus": req.status,
        "RequestHost": host,
        "RequestMethod": req.method,
        "RequestPath": req.path,
        "RequestProtocol": "HTTP/2.0",
        "RequestScheme": "https",
        "RouterName": f"{router}@docker",
        "ServiceURL": service,
        "StartUTC": f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond:06d}Z",
        "entryPointName": "websecure",
        "level": "info",
        "msg": "",
        "request_User-Agent": req.agent,
        "time": f"{utc:%Y-%m-%dT%H:%M:%S}Z",
    }
    return [json.dumps(record, separators=(",", ":"))]


# --- emitters ---------------------------------------------------------------------------


def _client(c: Ctx) -> str:
    r = c.rng.random()
    if r < 0.45:
        return ip_private(c.rng)
    if r < 0.6:
        return f"172.{c.rng.randint(17, 30)}.0.{c.rng.randint(1, 20)}"  # a reverse proxy's bridge
    return ip_public(c.rng)


def web_emitters(
    family: str,
    app: tuple[str, ...],
    render: Render,
    weight: float,
    *,
    raw: float = 1.0,
    exploits: bool = True,
    sites: tuple[Site, ...] = SITES,
    agents_shown: bool = True,
) -> tuple[Emitter, ...]:
    """Benign, web_scan and web_exploit emitters of one rendering of :class:`Request`.

    Attack lines are kept only where the rendering shows the evidence: an app
    log that prints no agent cannot show a scanner's agent, and one that
    drops the query string cannot show a payload in it.
    """

    def lines(
        c: Ctx, category: str, site: Site, client: str, make: Callable[[], Request]
    ) -> list[Line]:
        host = ".".join(filter(None, (c.pick(site.hosts), c.fill("{domain}"))))
        tag = c.pick(app)
        as_file = c.chance(raw)
        scenario = "benign:web-app" if category == BENIGN else f"attack:{category}"
        out = []
        for _ in range(c.rng.randint(1, 6)):
            req = make()
            for text in render(c, req, client, host):
                if category == BENIGN or req.shows_evidence(text):
                    out.append(c.line(family, category, scenario, tag, text, raw=as_file))
        return out

    def benign(c: Ctx) -> list[Line]:
        site = c.pick(sites)
        agent = site_agent(c, site)
        return lines(c, BENIGN, site, _client(c), lambda: benign_request(c, site, agent))

    def scan(c: Ctx) -> list[Line]:
        site = c.pick(sites)
        agent = scanner_agent(c) if agents_shown and c.chance(0.5) else None
        attacker = c.bind.get("ip") or ip_public(c.rng)
        return lines(c, "web_scan", site, attacker, lambda: scan_request(c, site, agent))

    def exploit(c: Ctx) -> list[Line]:
        site = c.pick(sites)
        attacker = c.bind.get("ip") or ip_public(c.rng)
        return lines(
            c,
            "web_exploit",
            site,
            attacker,
            lambda: exploit_request(c, site, in_agent=agents_shown),
        )

    emitters = [
        Emitter(f"{family}:benign", BENIGN, 0.8 * weight, benign),
        Emitter(f"{family}:scan", "web_scan", 0.8 * weight, scan),
    ]
    if exploits:
        emitters.append(Emitter(f"{family}:exploit", "web_exploit", 0.8 * weight, exploit))
    return tuple(emitters)


EMITTERS: tuple[Emitter, ...] = (
    *web_emitters("web-selfhosted", ("nginx", "apache2", "httpd", "nginx-access"), combined, 2.0),
    *web_emitters("web-json", ("nginx", "nginx-json", "openresty"), nginx_json, 1.0),
    *web_emitters("caddy-json", ("caddy",), caddy_json, 0.7),
    *web_emitters("traefik", ("traefik",), traefik, 0.7),
)
