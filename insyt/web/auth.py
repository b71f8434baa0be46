"""Who may use the page, and the headers that keep attackers' text inert.

- Without ``[web] token`` the page serves loopback only (``check-config``
  refuses anything else) and answers only requests whose Host header is a
  loopback name or address, so a web site cannot reach it by DNS rebinding.
  With a token the Host must also be one this page answers to: loopback, an
  IP address (which no DNS answer can rebind), this machine's name, the
  listen name or one of ``[web] hosts``; otherwise a rebinding site could
  still reach ``/login`` and guess the token from its visitors' browsers.
- With a token every request but ``/healthz``, ``/login`` and ``/static``
  needs it: ``Authorization: Bearer <token>`` (scripts) or the session cookie
  the login form sets (people).  The cookie is HttpOnly and SameSite=Strict
  and carries a random session id and an expiry, signed with a per-process
  key; logging out revokes the id, and a restart or a new token ends every
  session (a revocation list that a restart forgot would bring them back).
- Failed authentications are throttled per client (:mod:`insyt.web.throttle`)
  and logged at most once a minute with counts.
- Every POST needs a CSRF token: an HMAC, under a per-process secret, of a
  random nonce kept in its own cookie.  A cross-site form can neither read
  the nonce nor compute the HMAC; an ``Origin`` header, when sent, must be
  this server, and ``Sec-Fetch-Site``, when sent, must say the same.
- Every response carries a Content-Security-Policy that allows no script at
  all, only this server's stylesheet, no framing and no form target but this
  server; the page needs nothing more, so an injected tag has nothing to run.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import logging
import re
import secrets
import socket
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import quote, urlsplit

from aiohttp import hdrs, web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.typedefs import Middleware
from multidict import MultiDictProxy

from insyt.config import is_loopback_host
from insyt.web.throttle import Throttle, client_of

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SESSION_COOKIE = "insyt_session"
CSRF_COOKIE = "insyt_csrf"
CSRF_FIELD = "csrf"
NEW_NONCE = web.RequestKey("csrf_nonce", str)  # a nonce minted for this response's cookie
SESSION_S = 12 * 3600
# "<expires>.<id>.<mac>": 10 digits, 32 and 64 hex digits.  Anything else is
# refused before any arithmetic (a 5,000-digit expiry would make int() raise).
_SESSION = re.compile(r"([0-9]{1,12})\.([0-9a-f]{32})\.([0-9a-f]{64})")
MAX_REVOKED = 4096  # logged-out sessions remembered until they expire; past it the key rotates
FAILURE_LOG_S = 60.0  # one summary line of failed authentications per minute at most
NAMED_CLIENTS = 5  # clients a summary names, most failures first
MAX_COUNTED = 1024  # clients counted apart in one summary; past it they are summed as others
PUBLIC_PATHS = frozenset({"/healthz", "/login"})
PUBLIC_PREFIXES = ("/static/",)
LOGIN_FAILURE_DELAY_S = 1.0  # a guess costs a second per connection

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # never to other sites; Origin on our own POSTs
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "interest-cohort=()",
}


class Guard:
    def __init__(self, token: str, hosts: Iterable[str] = ()) -> None:
        self.token = token
        self.hosts = frozenset(h.lower().rstrip(".") for h in (*hosts, socket.gethostname()))
        self._session_key = secrets.token_bytes(32)
        self._revoked: dict[str, int] = {}  # session id -> its expiry
        self._csrf_key = secrets.token_bytes(32)
        self.throttle = Throttle()
        self._failures = _FailureLog()

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    # -- sessions ------------------------------------------------------------

    def session_cookie(self, now: float | None = None) -> str:
        expires = int((time.time() if now is None else now) + SESSION_S)
        session_id = secrets.token_hex(16)
        return f"{expires}.{session_id}.{self._sign(expires, session_id)}"

    def _sign(self, expires: int, session_id: str) -> str:
        return hmac.new(self._session_key, f"session:{expires}:{session_id}".encode(),
                        hashlib.sha256).hexdigest()

    def _session(self, value: str, now: float | None = None) -> tuple[str, int] | None:
        """The id and expiry of a live session cookie of ours; None for anything else."""
        match = _SESSION.fullmatch(value)
        if match is None:
            return None
        expires, session_id, mac = int(match[1]), match[2], match[3]
        now = time.time() if now is None else now
        if not now <= expires <= now + SESSION_S or session_id in self._revoked:
            return None
        if not hmac.compare_digest(mac, self._sign(expires, session_id)):
            return None
        return session_id, expires

    def valid_session(self, value: str, now: float | None = None) -> bool:
        return self._session(value, now) is not None

    def revoke(self, value: str, now: float | None = None) -> None:
        """Log a session out: its cookie is refused from now on, wherever it was copied."""
        now = time.time() if now is None else now
        session = self._session(value, now)
        if session is None:
            return
        if len(self._revoked) >= MAX_REVOKED:
            self._revoked = {k: e for k, e in self._revoked.items() if e >= now}
        if len(self._revoked) >= MAX_REVOKED:
            # Thousands of live sessions logged out within SESSION_S: end them all
            # rather than forget one revocation.
            log.warning("more than %d sessions logged out: every session ends", MAX_REVOKED)
            self._session_key = secrets.token_bytes(32)
            self._revoked.clear()
            return
        session_id, expires = session
        self._revoked[session_id] = expires

    def valid_token(self, given: str) -> bool:
        return hmac.compare_digest(_octets(given), self.token.encode())

    def attempt(self, request: web.Request, given: str, what: str) -> bool:
        """Check a token a client sent, unless it has failed too often of late.

        Raises 429 while the client is throttled (RFC 6585 §4, with the
        Retry-After of RFC 9110 §10.2.3); the token is not even compared then.
        """
        client = client_of(request.remote)
        wait = self.throttle.retry_after(client)
        if wait:
            self._failures.note(client, what, refused=True)
            raise web.HTTPTooManyRequests(
                text=f"too many failed logins from your address: retry in {wait} s\n",
                headers={"Retry-After": str(wait)})
        if self.valid_token(given):
            return True
        self.throttle.failed(client)
        self._failures.note(client, what, refused=False)
        return False

    def authenticated(self, request: web.Request) -> bool:
        header = request.headers.get(hdrs.AUTHORIZATION)
        if header is not None:
            scheme, _, given = header.partition(" ")
            return self.attempt(request, given if scheme == "Bearer" else "", "bearer token")
        return self.valid_session(request.cookies.get(SESSION_COOKIE, ""))

    # -- Host ----------------------------------------------------------------

    def host_allowed(self, host: str) -> bool:
        """Whether the page answers to ``host`` (a Host header's, without port)."""
        if is_loopback_host(host):
            return True
        if not self.enabled:
            return False
        if host in self.hosts:
            return True
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return True

    # -- CSRF ----------------------------------------------------------------

    def csrf_token(self, request: web.Request) -> str:
        nonce = request.cookies.get(CSRF_COOKIE) or request.get(NEW_NONCE)
        if not nonce:
            nonce = request[NEW_NONCE] = secrets.token_urlsafe(24)
        return hmac.new(self._csrf_key, _octets(nonce), hashlib.sha256).hexdigest()

    async def form(self, request: web.Request) -> MultiDictProxy[Any]:
        """The POSTed form, once it is known to come from this server's own page."""
        try:
            form = await request.post()
        except (ValueError, LookupError, HttpProcessingError) as exc:
            # No multipart boundary, an unknown charset, a part cut short.
            raise web.HTTPBadRequest(text=f"unreadable form: {exc}\n") from None
        self.check_csrf(request, str(form.get(CSRF_FIELD, "")))
        return form

    def check_csrf(self, request: web.Request, given: str) -> None:
        """Raise 403 unless a POST comes from this server's own form."""
        # Browsers say where a request comes from; "null" (privacy modes) says nothing
        # and leaves it to the token.  Another port on this host is "same-site": refused.
        origin = request.headers.get("Origin", "null")
        fetch_site = request.headers.get("Sec-Fetch-Site", "same-origin")
        if (origin != "null" and _netloc(origin) != request.host) or \
                fetch_site not in ("same-origin", "none"):
            raise web.HTTPForbidden(text="cross-site request refused\n")
        nonce = request.cookies.get(CSRF_COOKIE, "")
        expected = hmac.new(self._csrf_key, _octets(nonce), hashlib.sha256).hexdigest()
        if not nonce or not hmac.compare_digest(_octets(given), expected.encode()):
            raise web.HTTPForbidden(text="form expired or forged: reload the page and retry\n")

    # -- middleware ----------------------------------------------------------

    def middleware(self) -> Middleware:
        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            try:
                response = await self._admit(request, handler)
            except web.HTTPException as exc:
                response = web.Response(status=exc.status, reason=exc.reason, text=exc.text,
                                        headers=exc.headers)
            except Exception:
                # The traceback goes to the log, not to whoever sent the request.
                log.exception("%s %s failed", request.method, request.path)
                response = web.Response(status=500,
                                        text="internal error: the daemon's log says more\n")
            response.headers.update(SECURITY_HEADERS)
            if not request.path.startswith(PUBLIC_PREFIXES):
                response.headers["Cache-Control"] = "no-store"
            nonce = request.get(NEW_NONCE)
            if nonce and not request.cookies.get(CSRF_COOKIE):
                response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="Strict",
                                    path="/", secure=request.secure)
            return response

        return guard

    async def _admit(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        header = request.headers.get(hdrs.HOST)
        if header is None:  # RFC 9112 §3.2: a request without Host gets a 400
            raise web.HTTPBadRequest(text="Host header required\n")
        if not self.host_allowed(_host_of(header)):
            # DNS rebinding: a web site whose name now resolves to this machine.
            raise web.HTTPMisdirectedRequest(
                text="this page does not answer to that host name (see [web] hosts)\n"
                if self.enabled else "this page answers on loopback only\n")
        public = request.path in PUBLIC_PATHS or request.path.startswith(PUBLIC_PREFIXES)
        if self.enabled and not public and not self.authenticated(request):
            if request.method == "GET" and not request.path.startswith(("/api/", "/metrics")) \
                    and "Authorization" not in request.headers:
                raise web.HTTPSeeOther(f"/login?next={quote(request.path_qs, safe='')}")
            raise web.HTTPUnauthorized(text="token required\n",
                                       headers={"WWW-Authenticate": "Bearer"})
        return await handler(request)


def _octets(text: str) -> bytes:
    """Text from a header, cookie or form as the bytes that were sent: aiohttp
    keeps undecodable bytes as surrogates, which plain encode() refuses."""
    return text.encode("utf-8", "surrogateescape")


def _host_of(header: str) -> str:
    """The host of a Host header: lowercase, without port, brackets or final dot."""
    try:
        host = urlsplit("//" + header).hostname or ""
    except ValueError:  # "[::1" and the like
        return ""
    return host.rstrip(".")


def _netloc(url: str) -> str:
    try:
        return urlsplit(url).netloc
    except ValueError:
        return ""


class _FailureLog:
    """Failed authentications for the log, which a guesser must not flood.

    The first failure after a quiet spell is logged at once; those that follow
    are summed, with the clients that failed most, once per FAILURE_LOG_S.
    """

    def __init__(self) -> None:
        self._timer: asyncio.TimerHandle | None = None
        self._failed: Counter[str] = Counter()
        self._refused = 0

    def note(self, client: str, what: str, refused: bool) -> None:
        if self._timer is None:
            if refused:
                log.warning("%s from %s refused unchecked: too many failures", what, client)
            else:
                log.warning("failed authentication (%s) from %s", what, client)
            self._timer = asyncio.get_running_loop().call_later(FAILURE_LOG_S, self._flush)
            return
        if refused:
            self._refused += 1
        elif client in self._failed or len(self._failed) < MAX_COUNTED:
            self._failed[client] += 1
        else:
            self._failed["others"] += 1

    def _flush(self) -> None:
        if not self._failed and not self._refused:
            self._timer = None  # quiet: the next failure is logged at once
            return
        named = ", ".join(f"{client} ({count:,})"
                          for client, count in self._failed.most_common(NAMED_CLIENTS))
        log.warning("in the last %g s: %d failed authentications from %d clients%s; "
                    "%d attempts refused unchecked (throttled)",
                    FAILURE_LOG_S, self._failed.total(), len(self._failed),
                    f", most from {named}" if named else "", self._refused)
        self._failed.clear()
        self._refused = 0
        self._timer = asyncio.get_running_loop().call_later(FAILURE_LOG_S, self._flush)


def safe_next(target: str) -> str:
    """Where to go after logging in: a path on this server, never another site."""
    # Browsers drop tabs and newlines inside URLs, so "/\t/evil" would become "//evil".
    if not target.startswith("/") or target.startswith("//") or "\\" in target or any(
            ord(c) < 0x21 or ord(c) == 0x7F for c in target):
        return "/"
    return target
