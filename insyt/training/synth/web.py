"""HTTP access logs (Apache and nginx in their common shapes): the web's traffic.

Labelling decisions:

* The request decides, not the client: a scanner's ``GET /`` answered 200
  with a browser agent is benign; the same with a scanner's own agent
  (Nikto, sqlmap, WPScan, Nuclei, Acunetix, dirb's MSIE 6 default...) is
  web_scan, and nmap's NSE, masscan or zgrab agents are network_scan (a
  port scanner touching HTTP, not a web scanner).
* A probe for a path that only attackers ask for (``/.env``, ``/.git/config``,
  ``/phpmyadmin/``, backup archives, shells by name) is web_scan whatever the
  status; a payload in the path, query, agent or referer (SQL injection,
  XSS, traversal, command injection, Log4Shell, Shellshock, SSTI, known CVE
  routes) is web_exploit, scanner agent or not: the payload is the more
  specific evidence.
* Requests to a web shell (a known shell name, or a script in an uploads
  directory with a command parameter, plain or base64) and shell uploads
  are webshell.
* Benign traffic is deliberately noisy: 404s for favicon.ico, robots.txt and
  apple-touch-icon, 401 challenges without a user, health checks, bots,
  query strings with quotes, percent-encodings, ``select``/``union``/
  ``script`` as ordinary words, base64 tokens and long hex ids.
* ``POST /wp-login.php`` or ``/xmlrpc.php`` from a non-browser client, and a
  401 that names a user, are brute_force; a browser's login that redirects
  (302) is benign.  A 429/503 answered to a flood client is dos.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.payloads import (
    CMDI,
    EXPLOIT_PATHS,
    LFI,
    LOG4J,
    MISC,
    PROBE_PATHS,
    SCANNER_CRAWL_AGENTS,
    SHELL_COMMANDS,
    SHELLSHOCK,
    SQLI,
    SSTI,
    TRAVERSAL,
    WEBSHELL_NAMES,
    WEBSHELL_PARAMS,
    WORDLIST,
    XSS,
    encode,
    scanner_probe,
)
from insyt.training.synth.vocab import b64_text, clf_time

APPS = (
    "apache-access",
    "nginx",
    "httpd",
    "apache2",
    "nginx-access",
    "access_log",
    "haproxy",
    "traefik",
    "caddy",
)


def access(
    c: Ctx,
    *,
    method: str,
    path: str,
    status: int,
    ua: str,
    client: str | None = None,
    referer: str | None = None,
    size: int | None = None,
    user: str = "-",
    proto: str = "HTTP/1.1",
) -> str:
    """One access-log line in a format drawn from those servers ship with."""
    client = client or c.bind.get("ip") or c.fill("{client}")
    if size is None:
        size = 0 if status in (204, 304) else c.rng.randint(150, 90000)
    if referer is None:
        referer = "-" if c.chance(0.55) else c.fill("https://{site}/") + c.fill("{pathword}")
    when = clf_time(c.when)
    req = "-" if method == "-" else f"{method} {path} {proto}"
    r = c.rng.random()
    shown_size = "-" if size == 0 and c.chance(0.5) else str(size)
    base = f'{client} - {user} [{when}] "{req}" {status} {shown_size}'
    if r < 0.08:
        return base
    tail = f' "{referer}" "{ua}"'
    if r < 0.6:
        return base + tail
    if r < 0.72:
        vhost = c.bind.get("site") or c.fill("{site}")
        return f"{vhost}:{c.pick(('80', '443'))} {base}{tail}"
    if r < 0.85:
        return base + tail + f' "{c.pick(("-", "-", c.fill("{pubip}")))}"'
    if r < 0.93:
        return base + tail + f" {c.rng.randint(0, 3000000)} {c.rng.uniform(0, 3):.3f}"
    return (
        base + tail + f' rt={c.rng.uniform(0, 2):.3f} uct="0.000" uht="0.00{c.rng.randint(1, 9)}"'
    )


# --- benign traffic ------------------------------------------------------------------

_STATIC = (
    "/static/css/{pick:app|main|style|bootstrap.min}.{hex:8}.css",
    "/assets/js/{pick:app|vendor|runtime|chunk}-{hex:8}.js",
    "/images/{word}.{pick:png|jpg|webp|svg}",
    "/wp-content/themes/{word}/style.css?ver={int:1-6}.{int:0-9}",
    "/wp-includes/js/jquery/jquery.min.js?ver=3.{int:1-7}.{int:0-4}",
    "/wp-content/uploads/{int:2015-2025}/{int:10-12}/{word}-{int:100-1920}x{int:100-1080}.jpg",
    "/fonts/{word}.woff2",
    "/favicon.ico",
    "/favicon.png",
    "/robots.txt",
    "/sitemap.xml",
    "/js/{word}.js?v={hex:7}",
    "/media/cache/{hex:32}.jpg",
    "/_next/static/chunks/{hex:16}.js",
    "/static/img/logo@2x.png",
    "/manifest.json",
    "/site.webmanifest",
    "/apple-touch-icon.png",
)
_PAGES = (
    "/",
    "/",
    "/index.html",
    "/{pathword}",
    "/{pathword}/",
    "/{pathword}/{word}",
    "/blog/{int:2012-2025}/{int:1-12}/{word}-{word2}",
    "/products/{int:1-99999}",
    "/{pathword}?page={int:1-40}",
    "/search?q={query}",
    "/?s={query}",
    "/?p={int:1-9000}",
    "/category/{word}/",
    "/tag/{word}",
    "/en/{pathword}",
    "/de/{pathword}",
    "/user/{person}",
    "/item.php?id={int:1-50000}",
    "/index.php?option=com_content&view=article&id={int:1-900}",
    "/article/{int:1000-99999}-{word}.html",
    "/shop/cart?add={int:1-999}&qty={int:1-5}",
    "/download/{word}-{int:1-9}.{int:0-9}.tar.gz",
    "/wiki/{word}_{word2}",
    "/forum/viewtopic.php?t={int:1-90000}&start={int:0-300}",
    "/?utm_source={pick:newsletter|twitter|google}&utm_medium={pick:email|social|cpc}"
    "&utm_campaign={word}",
    "/login",
    "/logout",
    "/account/orders?sort=date&dir=desc",
    "/go?url=https%3A%2F%2F{site}%2F{word}",
    "/redirect?to=%2F{pathword}",
    "/wp-admin/admin-ajax.php?action={pick:heartbeat|wp-compression-test|query-attachments}",
    "/wp-admin/",
    "/wp-admin/edit.php?post_type={pick:page|post}",
    "/wp-json/wp/v2/posts?per_page=10",
    "/wp-admin/load-scripts.php?c=0&load%5Bchunk_0%5D=jquery-core,jquery-migrate,utils&ver={int:4-6}.{int:0-9}",
    "/?rest_route=/wp/v2/{pick:posts|pages|media}",
    "/index.php/apps/files/?dir=/{word}&fileid={int:1-99999}",
    "/remote.php/dav/files/{person}/{word}.pdf",
    "/ocs/v2.php/apps/notifications/api/v2/notifications?format=json",
    "/phpmyadmin/index.php?route=/sql&db={word}&table={word2}",
    "/roundcube/?_task=mail&_mbox=INBOX",
    "/grafana/api/dashboards/uid/{hex:9}",
    "/jenkins/job/{word}/lastBuild/api/json",
    "/gitlab/{word}/{word2}/-/merge_requests/{int:1-400}",
)
_API = (
    "/api/v1/{pick:users|orders|items|metrics|events|sessions}/{int:1-99999}",
    "/api/v2/{pick:search|status|config|jobs}?id={uuid}",
    "/graphql",
    "/api/{pick:auth/refresh|token|me}",
    "/v1/{pick:objects|buckets}/{hex:24}",
    "/api/events?since={int:1600000000-1800000000}&token={blob:24}",
    "/api/v1/query?query=up%7Bjob%3D%22{word}%22%7D",
    "/socket.io/?EIO=4&transport=polling&t={blob:6}",
    "/api/v1/track?data={blob:48}",
    "/cdn-cgi/rum?",
    "/api/v1/session/{hex:40}",
    "/oauth/authorize?client_id={hex:20}&response_type=code&redirect_uri=https%3A%2F%2F{site}%2Fcb&state={hex:16}",
)
_HEALTH = (
    "/health",
    "/healthz",
    "/ping",
    "/status",
    "/metrics",
    "/server-status?auto",
    "/nginx_status",
    "/-/healthy",
    "/actuator/health",
    "/api/health",
    "/readyz",
    "/livez",
)
# Search queries that contain words and characters an attack detector might fear.
_QUERIES = (
    "select+a+plan",
    "union+station+hotels",
    "drop+shipping",
    "script+writing+tips",
    "%22exact+phrase%22",
    "O%27Reilly+books",
    "rock+%26+roll",
    "c%2B%2B+tutorial",
    "50%25+off",
    "where+to+buy",
    "insert+coin",
    "delete+account",
    "alert+settings",
    "order+by+price",
    "1%3D1+meaning",
    "passwd+reset+help",
    "etc+passwd+file+format",
    "%3Cbr%3E+tag",
    "admin+panel+login",
    "sql+select+statement+tutorial",
    "wget+windows",
    "cat+food",
    "how+to+exec+a+command",
    "{word}",
    "{word}+{word2}",
    "{word}%20{word2}",
    "caf%C3%A9",
    "%E6%9D%B1%E4%BA%AC",
    "n%C3%BCrnberg",
    "1%27%20size%20ring",
)


def _query(c: Ctx) -> str:
    return c.fill(c.pick(_QUERIES))


def _benign_request(c: Ctx) -> tuple[str, str, int]:
    r = c.rng.random()
    if r < 0.35:
        path = c.fill(c.pick(_STATIC))
        status = (
            c.pick((200, 200, 200, 304, 304, 206)) if "favicon" not in path else c.pick((200, 404))
        )
        if path in ("/robots.txt", "/apple-touch-icon.png", "/manifest.json") and c.chance(0.5):
            status = 404
        return "GET", path, status
    if r < 0.75:
        path = c.fill(c.pick(_PAGES), query=_query(c))
        method = (
            "POST" if "admin-ajax" in path and c.chance(0.6) else c.pick(("GET",) * 9 + ("HEAD",))
        )
        status = c.pick((200,) * 12 + (301, 302, 304, 404, 404, 500, 502, 403))
        return method, path, status
    if r < 0.92:
        return (
            c.pick(("GET", "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")),
            c.fill(c.pick(_API)),
            c.pick((200, 200, 200, 201, 204, 400, 401, 404, 409, 422, 500)),
        )
    if r < 0.96:
        return c.pick(("GET", "HEAD")), c.pick(_HEALTH), c.pick((200, 200, 200, 503))
    if r < 0.98:  # a browser's spare pre-connection, closed unused
        return "-", "-", c.pick((408, 408, 400))
    stamp = f"{c.rng.randint(1300000000, 1800000000)}.{c.rng.randint(0, 10**22)}"
    return "POST", f"/wp-cron.php?doing_wp_cron={stamp}", 200


def _benign(c: Ctx) -> list[Line]:
    app = c.pick(APPS)
    client, ua = c.fill("{client}"), c.fill("{ua}")
    out = []
    for _ in range(c.rng.randint(1, 6)):
        method, path, status = _benign_request(c)
        user = "-" if c.chance(0.93) else c.fill("{person}")
        if method == "-":
            line = access(
                c,
                method="-",
                path="-",
                status=status,
                ua="-",
                client=client,
                referer="-",
                size=c.pick((0, c.rng.randint(300, 3100))),
            )
        elif path.startswith("/wp-cron.php?"):
            line = access(
                c,
                method=method,
                path=path,
                status=status,
                referer="-",
                ua=c.fill("WordPress/{int:4-6}.{int:0-9}.{int:0-4}; https://{site}"),
                client=c.fill("{privip}"),
                size=c.rng.randint(0, 200),
            )
        elif path in _HEALTH:
            ua_now = c.pick(
                (
                    "kube-probe/1.{int:20-30}",
                    "ELB-HealthChecker/2.0",
                    "Prometheus/2.45.0",
                    "check_http/v2.3.3 (nagios-plugins 2.3.3)",
                    "Consul Health Check",
                    "Blackbox Exporter/0.24.0",
                    "GoogleHC/1.0",
                    "Zabbix",
                    "curl/7.88.1",
                )
            )
            line = access(
                c,
                method=method,
                path=path,
                status=status,
                ua=c.fill(ua_now),
                client=c.fill("{privip}"),
                referer="-",
            )
        else:
            line = access(
                c, method=method, path=path, status=status, ua=ua, client=client, user=user
            )
        out.append(c.line("web-access", BENIGN, "benign:web", app, line, raw=True))
    return out


def _benign_auth(c: Ctx) -> list[Line]:
    """Logins that succeed and challenges that are answered: benign look-alikes."""
    app = c.pick(APPS)
    choice = c.rng.randrange(4)
    ua = c.fill("{browser}")
    if choice == 0:
        line = access(
            c,
            method="POST",
            path=c.pick(
                (
                    "/wp-login.php",
                    "/login",
                    "/user/login",
                    "/index.php?route=/login",
                    "/users/sign_in",
                    "/auth/login",
                    "/?_task=login",
                )
            ),
            status=302,
            ua=ua,
            referer=c.fill("https://{site}/login"),
        )
    elif choice == 1:
        line = access(
            c,
            method="GET",
            path=c.pick(("/private/", "/admin/", "/nagios/", "/munin/", "/dav/")),
            status=401,
            ua=ua,
        )
    elif choice == 2:
        line = access(
            c,
            method="GET",
            path=c.fill(
                c.pick(("/private/", "/nagios/cgi-bin/status.cgi", "/munin/", "/dav/{word}"))
            ),
            status=200,
            ua=ua,
            user=c.fill("{person}"),
        )
    else:
        line = access(c, method="GET", path="/wp-login.php", status=200, ua=ua)
    return [c.line("web-access", BENIGN, "benign:web-login", app, line, raw=True)]


# --- attacks -------------------------------------------------------------------------

_PARAMS = (
    "id",
    "page",
    "q",
    "search",
    "cat",
    "file",
    "item",
    "user",
    "name",
    "lang",
    "url",
    "redirect",
    "path",
    "dir",
    "template",
    "view",
    "product_id",
    "order",
    "sort",
    "cmd",
    "host",
    "ip",
    "query",
    "s",
    "p",
    "action",
    "doc",
    "pid",
    "uid",
    "next",
    "include",
)
_SCRIPTS = (
    "/index.php",
    "/product.php",
    "/search",
    "/vulnerabilities/sqli/",
    "/vulnerabilities/xss_r/",
    "/vulnerabilities/fi/",
    "/vulnerabilities/exec/",
    "/item.php",
    "/news.php",
    "/view.php",
    "/api/v1/users",
    "/catalog",
    "/login.php",
    "/download.php",
    "/page.php",
    "/cgi-bin/{word}.cgi",
    "/wp-admin/admin-ajax.php",
    "/listproducts.php",
    "/artists.php",
    "/showimage.php",
    "/dvwa/vulnerabilities/sqli/",
    "/admin/{word}.php",
    "/api/search",
    "/index.jsp",
    "/servlet/{word}",
    "/app/{word}",
    "/rest/products/search",
    "/includes/{word}.inc.php",
)
_FAMILIES = (SQLI, SQLI, XSS, TRAVERSAL, LFI, CMDI, SSTI, MISC)


def exploit_request(c: Ctx) -> tuple[str, str, str]:
    """(method, path, agent) of one exploit attempt; some ride in the agent."""
    r = c.rng.random()
    agent = c.fill("{scanua}") if c.chance(0.35) else c.fill("{ua}")
    if r < 0.12:
        carrier = c.fill(c.pick(LOG4J if c.chance(0.6) else SHELLSHOCK))
        path = c.fill(
            c.pick(
                (
                    "/",
                    "/cgi-bin/{word}.cgi",
                    "/cgi-bin/status",
                    "/{pathword}",
                    "/?x=" + quote(carrier, safe="") if c.chance(0.3) else "/",
                )
            )
        )
        return c.pick(("GET", "GET", "HEAD", "POST")), path, carrier
    if r < 0.3:
        return c.pick(("GET", "GET", "POST")), c.fill(c.pick(EXPLOIT_PATHS)), agent
    family = c.pick(_FAMILIES)
    raw_payload = scanner_probe(c.rng) if c.chance(0.2) else c.fill(c.pick(family))
    payload = encode(raw_payload, c.rng)
    script = c.fill(c.pick(_SCRIPTS))
    param = c.pick(_PARAMS)
    prefix = c.pick(("", "", "1", c.fill("{int:1-999}"), "x"))
    extra = "" if c.chance(0.6) else f"&{c.pick(_PARAMS)}={c.fill('{int:1-99}')}"
    if c.chance(0.15):
        extra += c.pick(("&Submit=Submit", "#", "&submit=Search"))
    return c.pick(("GET",) * 5 + ("POST",)), f"{script}?{param}={prefix}{payload}{extra}", agent


def _exploit(c: Ctx) -> list[Line]:
    app = c.pick(APPS)
    client = c.bind.get("ip") or c.fill("{attacker}")
    out = []
    for _ in range(c.rng.randint(1, 5)):
        method, path, agent = exploit_request(c)
        referer = None
        if c.chance(0.08):
            referer, agent = agent, c.fill("{ua}")
        line = access(
            c,
            method=method,
            path=path,
            ua=agent,
            client=client,
            referer=referer,
            status=c.pick((200, 200, 400, 403, 404, 500, 301, 302, 406, 414)),
        )
        out.append(c.line("web-access", "web_exploit", "attack:web-exploit", app, line, raw=True))
    return out


# Ordinary values for the parameters exploits fill: the twins of _exploit's payloads.
_PLAIN_VALUES = (
    "{int:1-99999}",
    "{word}",
    "{word}-{word2}",
    "{pathword}",
    "en",
    "de_DE",
    "asc",
    "desc",
    "price",
    "created_at",
    "{word}.pdf",
    "report-{int:2015-2025}.csv",
    "%2F{pathword}%2F",
    "https%3A%2F%2F{site}%2F{pathword}",
    "{uuid}",
    "default",
    "grid",
    "{word}%20{word2}",
    "{person}",
    "true",
)


_PLAIN_SCRIPTS = tuple(s for s in _SCRIPTS if "vulnerabilities" not in s)
_PLAIN_PARAMS = tuple(p for p in _PARAMS if p != "cmd")


def _benign_params(c: Ctx) -> list[Line]:
    """The exploited scripts and parameters with values a browser sends."""
    app = c.pick(APPS)
    client, ua = c.fill("{client}"), c.fill("{ua}")
    out = []
    for _ in range(c.rng.randint(1, 4)):
        script, param = c.fill(c.pick(_PLAIN_SCRIPTS)), c.pick(_PLAIN_PARAMS)
        path = f"{script}?{param}={c.fill(c.pick(_PLAIN_VALUES))}"
        if c.chance(0.3):
            path += f"&{c.pick(_PLAIN_PARAMS)}={c.fill(c.pick(_PLAIN_VALUES))}"
        status = c.pick((200, 200, 200, 200, 302, 304, 404))
        line = access(
            c, method=c.pick(("GET", "GET", "POST")), path=path, status=status, ua=ua, client=client
        )
        out.append(c.line("web-access", BENIGN, "benign:web-params", app, line, raw=True))
    return out


def probe_request(c: Ctx) -> tuple[str, str, str, int]:
    """(method, path, agent, status) of one scanner request."""
    r = c.rng.random()
    status = c.pick((404,) * 8 + (403, 403, 301, 200, 400, 401, 500))
    if r < 0.45:
        agent = c.fill("{scanua}") if c.chance(0.5) else c.fill(c.pick(("{ua}", "-", "{browser}")))
        return c.pick(("GET",) * 6 + ("HEAD", "POST")), c.fill(c.pick(PROBE_PATHS)), agent, status
    if r < 0.7:
        tool = c.pick(
            (
                "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)",
                "gobuster/3.{int:0-6}",
                "Fuzz Faster U Fool v2.{int:0-1}.0",
                "DirBuster-1.0-RC1 (http://www.owasp.org/"
                "index.php/Category:OWASP_DirBuster_Project)",
                "feroxbuster/2.{int:0-10}.0",
                "dirsearch/0.4.{int:0-3}",
                "Wfuzz/3.1",
            )
        )
        word = c.pick(WORDLIST)
        ext = c.pick(("", "", "", "/", ".php", ".bak", ".html", ".txt", ".asp", ".old", ".zip"))
        return c.pick(("GET", "GET", "HEAD")), f"/{word}{ext}", c.fill(tool), status
    if r < 0.87:
        ua = c.fill("{scanua}")
        path = c.fill(
            c.pick(
                (
                    "/",
                    "/{pathword}",
                    "/index.php",
                    "/robots.txt",
                    "/{word}.html",
                    "/?{hex:6}={hex:6}",
                    "/wp-json/wp/v2/users",
                    "/readme.html",
                    "/wp-content/plugins/{word}/readme.txt",
                )
            )
        )
        return (
            c.pick(("GET", "GET", "HEAD", "OPTIONS", "PROPFIND", "TRACE", "DEBUG")),
            path,
            ua,
            status,
        )
    # WPScan style enumeration with a browser-like agent: the path is the evidence.
    plugin = c.fill(
        c.pick(
            (
                "{word}",
                "{word}-{word2}",
                "contact-form-7",
                "revslider",
                "wp-file-manager",
                "woocommerce",
                "elementor",
                "duplicator",
                "akismet",
                "jetpack",
            )
        )
    )
    path = c.pick(
        (
            f"/wp-content/plugins/{plugin}/readme.txt",
            f"/wp-content/plugins/{plugin}/",
            f"/wp-content/themes/{plugin}/style.css",
            "/wp-json/oembed/1.0/embed?url=x",
            f"/?author={c.rng.randint(1, 30)}",
            "/wp-content/debug.log",
            "/wp-cron.php",
            "/wp-content/uploads/",
            "/wp-includes/version.php",
        )
    )
    return "GET", path, c.fill("{scanua}" if c.chance(0.5) else "{browser}"), status


def _scan(c: Ctx) -> list[Line]:
    app = c.pick(APPS)
    client = c.bind.get("ip") or c.fill("{attacker}")
    out = []
    for _ in range(c.rng.randint(1, 8)):
        method, path, agent, status = probe_request(c)
        line = access(
            c, method=method, path=path, ua=agent, client=client, status=status, referer="-"
        )
        out.append(c.line("web-access", "web_scan", "attack:web-scan", app, line, raw=True))
    return out


def _portscan_http(c: Ctx) -> list[Line]:
    """A port scanner's HTTP service probes: nmap NSE, masscan, zgrab."""
    app = c.pick(APPS)
    client = c.bind.get("ip") or c.fill("{attacker}")
    ua = c.pick(
        (
            "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
            "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
            "Mozilla/5.0 zgrab/0.x",
            "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
        )
    )
    out = []
    for _ in range(c.rng.randint(1, 4)):
        path = c.fill(
            c.pick(
                (
                    "/",
                    "/nmaplowercheck{int:1500000000-1800000000}",
                    "/sdk",
                    "/HNAP1",
                    "/evox/about",
                    "/robots.txt",
                    "/.git/HEAD",
                    "/NmapUpperCheck{int:1-9999}",
                    "/Nmap/folder/check{int:1500000000-1800000000}",
                )
            )
        )
        method = c.pick(("GET", "GET", "POST", "OPTIONS", "PROPFIND", "HEAD"))
        line = access(
            c,
            method=method,
            path=path,
            ua=ua,
            client=client,
            status=c.pick((200, 404, 404, 405, 501, 400)),
            referer="-",
        )
        out.append(
            c.line("web-access", "network_scan", "attack:http-portscan", app, line, raw=True)
        )
    return out


def webshell_request(c: Ctx) -> tuple[str, str]:
    """(method, path) of a web shell being used."""
    shell = c.bind.get("shell") or c.pick(WEBSHELL_NAMES)
    base = c.pick(
        (
            "/",
            "/wp-content/uploads/{int:2019-2025}/{int:10-12}/",
            "/uploads/",
            "/images/",
            "/wp-content/plugins/{word}/",
            "/wp-includes/",
            "/tmp/",
            "/assets/",
            "/hackable/uploads/",
            "/media/",
            "/files/",
            "/wp-content/themes/{word}/",
        )
    )
    path = c.fill(base) + shell if "/" not in shell else shell
    command = c.fill(c.pick(SHELL_COMMANDS))
    r = c.rng.random()
    if r < 0.35:
        return "GET", f"{path}?{c.pick(WEBSHELL_PARAMS)}={quote(command, safe='')}"
    if r < 0.55:
        encoded = quote(
            b64_text(f'["{command.split()[0]}", "{" ".join(command.split()[1:])}"]'), safe=""
        )
        return "GET", f"{path}?{c.pick(('wp_meta', 'data', 'q', 'token', 'v', 'p'))}={encoded}"
    if r < 0.7:
        action = c.pick(("cmd", "ls", "upload", "sql", "phpinfo", "sec", "ff", "filesman"))
        folder = quote(c.pick(("/var/www/html", "/etc", "/tmp", "/home")), safe="")
        return "GET", f"{path}?{c.pick(('act', 'action', 'a'))}={action}&d={folder}"
    if r < 0.85:
        return "POST", path
    return "GET", f"{path}?{c.pick(WEBSHELL_PARAMS)}={quote(b64_text(command), safe='')}"


def _webshell(c: Ctx) -> list[Line]:
    app = c.pick(APPS)
    client = c.bind.get("ip") or c.fill("{attacker}")
    agent = c.fill(
        c.pick(
            (
                "python-requests/2.{int:18-32}.{int:0-3}",
                "{browser}",
                "curl/7.{int:50-88}.0",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
                "-",
                "Go-http-client/1.1",
            )
        )
    )
    out = []
    for _ in range(c.rng.randint(1, 5)):
        if c.chance(0.12):
            upload = c.pick(
                (
                    "/wp-admin/update.php?action=upload-plugin",
                    "/wp-admin/async-upload.php",
                    "/upload.php",
                    "/vulnerabilities/upload/",
                    "/admin/upload.php",
                    "/wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php",
                    "/index.php?option=com_media&task=file.upload",
                    "/filemanager/upload.php",
                    f"/uploads/{c.pick(WEBSHELL_NAMES)}",
                )
            )
            method, path = ("PUT", upload) if upload.startswith("/uploads/") else ("POST", upload)
        else:
            method, path = webshell_request(c)
        line = access(
            c,
            method=method,
            path=path,
            ua=agent,
            client=client,
            status=c.pick((200, 200, 200, 500, 302)),
            referer="-",
        )
        out.append(c.line("web-access", "webshell", "attack:webshell", app, line, raw=True))
    return out


def _web_brute(c: Ctx) -> list[Line]:
    app = c.pick(APPS)
    client = c.bind.get("ip") or c.fill("{attacker}")
    agent = c.fill(
        c.pick(
            (
                "python-requests/2.{int:10-32}.0",
                "{scanua}",
                "Mozilla/5.0",
                "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:40.0) Gecko/20100101 Firefox/40.1",
                "Go-http-client/1.1",
                "curl/7.{int:29-88}.0",
                "-",
                "Hydra",
                "Mozilla/5.0 (Hydra)",
            )
        )
    )
    out = []
    for _ in range(c.rng.randint(1, 6)):
        r = c.rng.random()
        if r < 0.4:
            line = access(
                c,
                method="POST",
                path=c.pick(
                    ("/wp-login.php", "/xmlrpc.php", "/blog/xmlrpc.php", "/wordpress/wp-login.php")
                ),
                status=c.pick((200, 200, 403, 429)),
                ua=agent,
                client=client,
                referer="-",
            )
        elif r < 0.7:
            line = access(
                c,
                method=c.pick(("GET", "POST")),
                path=c.fill(
                    c.pick(
                        (
                            "/admin/",
                            "/manager/html",
                            "/private/",
                            "/api/login",
                            "/phpmyadmin/index.php",
                            "/jenkins/j_acegi_security_check",
                            "/user/login",
                            "/index.php?route=/login",
                            "/administrator/index.php",
                            "/owa/auth.owa",
                            "/Microsoft-Server-ActiveSync",
                            "/remote.php/dav",
                            "/api/v1/auth/login",
                        )
                    )
                ),
                status=401,
                ua=agent,
                client=client,
                user=c.fill("{baduser}"),
                referer="-",
            )
        else:
            line = access(
                c,
                method="POST",
                path=c.pick(
                    (
                        "/login",
                        "/api/login",
                        "/user/login?destination=/",
                        "/phpmyadmin/index.php",
                        "/auth/signin",
                        "/administrator/index.php",
                        "/owa/auth.owa",
                        "/?_task=login",
                        "/j_security_check",
                    )
                ),
                status=c.pick((200, 401, 403)),
                ua=agent,
                client=client,
                referer="-",
            )
        out.append(
            c.line("web-access", "brute_force", "attack:web-bruteforce", app, line, raw=True)
        )
    return out


def _flood(c: Ctx) -> list[Line]:
    app = c.pick(APPS)
    client = c.bind.get("ip") or c.fill("{attacker}")
    agent = c.fill(c.pick(("-", "{ua}", "Mozilla/5.0", "Go-http-client/1.1", "{browser}")))
    path = c.fill(
        c.pick(
            (
                "/",
                "/",
                "/search?q={word}",
                "/{pathword}",
                "/wp-login.php",
                "/?{int:1-99999}",
                "/api/v1/{pathword}",
            )
        )
    )
    out = []
    for _ in range(c.rng.randint(1, 6)):
        line = access(
            c,
            method=c.pick(("GET", "GET", "POST", "HEAD")),
            path=path,
            status=c.pick((429, 429, 503, 444, 503)),
            ua=agent,
            client=client,
            referer="-",
            size=c.rng.randint(0, 600),
        )
        out.append(c.line("web-access", "dos", "attack:http-flood", app, line, raw=True))
    return out


def _scanner_crawl(c: Ctx) -> list[Line]:
    """A commercial scanner walking a site: its agent on every request, its probes in many.

    Page and asset fetches carry only the agent (web_scan); requests whose
    parameters, path or referer carry a probe are web_exploit.
    """
    app = c.pick(APPS)
    client = c.bind.get("ip") or c.fill("{attacker}")
    agent = c.pick(SCANNER_CRAWL_AGENTS).replace("{v}", str(c.rng.randint(60, 125)))
    agent = agent.replace("{b}", str(c.rng.randint(3000, 6500))).replace(
        "{n}", str(c.rng.randint(1000, 9999))
    )
    site = c.fill("http://{pick:{privip}|{site}|localhost}/")
    out = []
    for _ in range(c.rng.randint(2, 8)):
        r = c.rng.random()
        referer = (
            "-" if c.chance(0.5) else site + c.fill(c.pick(_PAGES), query=_query(c)).lstrip("/")
        )
        category = "web_scan"
        if r < 0.3:
            method, path, status = _benign_request(c)
        elif r < 0.45:
            method, path, status = "GET", c.fill(c.pick(PROBE_PATHS)), c.pick((404, 404, 403, 200))
        else:
            probe = scanner_probe(c.rng)
            shown = encode(probe, c.rng) if c.chance(0.6) else probe.replace(" ", "%20")
            where = c.rng.random()
            script = c.fill(c.pick(_SCRIPTS))
            if where < 0.6:
                path = f"{script}?{c.pick(_PARAMS)}={shown}"
                if c.chance(0.4):
                    path += f"&{c.pick(_PARAMS)}={c.fill('{word}')}"
            elif where < 0.8:
                path = f"/{c.fill('{pathword}')}/{shown}/{c.fill('{word}')}"
            else:
                path = c.fill(c.pick(_STATIC))
                referer = f"{site}{script.lstrip('/')}?{c.pick(_PARAMS)}={shown}"
            method = c.pick(("GET", "GET", "GET", "POST"))
            status = c.pick((200, 200, 404, 500, 302, 400))
            category = "web_exploit"
        line = access(
            c, method=method, path=path, ua=agent, client=client, referer=referer, status=status
        )
        out.append(c.line("web-access", category, "attack:scanner-run", app, line, raw=True))
    return out


def _single(name: str, category: str, weight: float, fn: Callable[[Ctx], list[Line]]) -> Emitter:
    return Emitter(f"web-access:{name}", category, weight, fn)


EMITTERS: tuple[Emitter, ...] = (
    _single("benign", BENIGN, 12.0, _benign),
    _single("benign-login", BENIGN, 1.5, _benign_auth),
    _single("benign-params", BENIGN, 2.0, _benign_params),
    _single("exploit", "web_exploit", 6.0, _exploit),
    _single("scanner-run", "web_exploit", 3.0, _scanner_crawl),
    _single("scan", "web_scan", 6.0, _scan),
    _single("portscan", "network_scan", 0.8, _portscan_http),
    _single("webshell", "webshell", 4.0, _webshell),
    _single("bruteforce", "brute_force", 1.5, _web_brute),
    _single("flood", "dos", 1.0, _flood),
)
