"""Who may use the page, and the headers that keep attackers' text inert.

- Without ``[web] token`` the page serves loopback only (``check-config``
  refuses anything else) and answers only requests whose Host header is a
  loopback name or address, so a web site cannot reach it by DNS rebinding.
- With a token every request but ``/healthz``, ``/login`` and ``/static``
  needs it: ``Authorization: Bearer <token>`` (scripts) or the session cookie
  the login form sets (people).  The cookie is HttpOnly and SameSite=Strict
  and carries an expiry signed with a key derived from the token, so it
  survives restarts and dies when the token changes.
- Every POST needs a CSRF token: an HMAC, under a per-process secret, of a
  random nonce kept in its own cookie.  A cross-site form can neither read
  the nonce nor compute the HMAC; an ``Origin`` header, when sent, must be
  this server, and ``Sec-Fetch-Site``, when sent, must say the same.
- Every response carries a Content-Security-Policy that allows no script at
  all, only this server's stylesheet, no framing and no form target but this
  server; the page needs nothing more, so an injected tag has nothing to run.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from aiohttp import web
from aiohttp.typedefs import Middleware

from insyt.config import is_loopback_host

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SESSION_COOKIE = "insyt_session"
CSRF_COOKIE = "insyt_csrf"
CSRF_FIELD = "csrf"
NEW_NONCE = web.RequestKey("csrf_nonce", str)  # a nonce minted for this response's cookie
SESSION_S = 12 * 3600
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
    def __init__(self, token: str) -> None:
        self.token = token
        self._session_key = hashlib.sha256(b"insyt-session\0" + token.encode()).digest()
        self._csrf_key = secrets.token_bytes(32)

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    # -- sessions ------------------------------------------------------------

    def session_cookie(self, now: float | None = None) -> str:
        expires = int((time.time() if now is None else now) + SESSION_S)
        return f"{expires}.{self._sign(expires)}"

    def _sign(self, expires: int) -> str:
        return hmac.new(self._session_key, f"session:{expires}".encode(),
                        hashlib.sha256).hexdigest()

    def valid_session(self, value: str, now: float | None = None) -> bool:
        expires, _, mac = value.partition(".")
        if not expires.isdigit() or int(expires) < (time.time() if now is None else now):
            return False
        return hmac.compare_digest(mac.encode(), self._sign(int(expires)).encode())

    def valid_token(self, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.token.encode())

    def authenticated(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization")
        if header is not None:
            scheme, _, given = header.partition(" ")
            return scheme == "Bearer" and self.valid_token(given)
        return self.valid_session(request.cookies.get(SESSION_COOKIE, ""))

    # -- CSRF ----------------------------------------------------------------

    def csrf_token(self, request: web.Request) -> str:
        nonce = request.cookies.get(CSRF_COOKIE) or request.get(NEW_NONCE)
        if not nonce:
            nonce = request[NEW_NONCE] = secrets.token_urlsafe(24)
        return hmac.new(self._csrf_key, nonce.encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, request: web.Request, given: str) -> None:
        """Raise 403 unless a POST comes from this server's own form."""
        # Browsers say where a request comes from; "null" (privacy modes) says nothing
        # and leaves it to the token.  Another port on this host is "same-site": refused.
        origin = request.headers.get("Origin", "null")
        fetch_site = request.headers.get("Sec-Fetch-Site", "same-origin")
        if (origin != "null" and urlsplit(origin).netloc != request.host) or \
                fetch_site not in ("same-origin", "none"):
            raise web.HTTPForbidden(text="cross-site request refused\n")
        nonce = request.cookies.get(CSRF_COOKIE, "")
        expected = hmac.new(self._csrf_key, nonce.encode(), hashlib.sha256).hexdigest()
        if not nonce or not hmac.compare_digest(given.encode(), expected.encode()):
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
        if not self.enabled and not is_loopback_host(request.url.raw_host or ""):
            # Only a loopback Host can reach a token-less page: DNS rebinding.
            raise web.HTTPMisdirectedRequest(text="this page answers on loopback only\n")
        public = request.path in PUBLIC_PATHS or request.path.startswith(PUBLIC_PREFIXES)
        if self.enabled and not public and not self.authenticated(request):
            if request.method == "GET" and not request.path.startswith(("/api/", "/metrics")) \
                    and "Authorization" not in request.headers:
                raise web.HTTPSeeOther(f"/login?next={quote(request.path_qs, safe='')}")
            raise web.HTTPUnauthorized(text="token required\n",
                                       headers={"WWW-Authenticate": "Bearer"})
        return await handler(request)


def safe_next(target: str) -> str:
    """Where to go after logging in: a path on this server, never another site."""
    # Browsers drop tabs and newlines inside URLs, so "/\t/evil" would become "//evil".
    if not target.startswith("/") or target.startswith("//") or "\\" in target or any(
            ord(c) < 0x21 or ord(c) == 0x7F for c in target):
        return "/"
    return target
