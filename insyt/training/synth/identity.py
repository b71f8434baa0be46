"""Logins to applications and identity providers, in their own words.

Families (one per product style, so that a whole style can be held out of
training): ``idp-sso`` (Keycloak, Okta, Entra ID / Azure AD, authentik,
Authelia, Shibboleth), ``kerberos-kdc`` (MIT krb5kdc, FreeIPA), ``gitforge``
(Gitea/Forgejo, GitLab), ``hypervisor`` (Proxmox VE, ESXi, vCenter,
XCP-ng), ``backup-server`` (Proxmox Backup Server, Bacula/Bareos, restic's
REST server), ``media-server`` (Jellyfin, Emby, Navidrome, Audiobookshelf),
``webmail`` (Horde, Zimbra, SnappyMail/RainLoop, SOGo), ``vpn-portal``
(Ivanti/Pulse Connect Secure, GlobalProtect, NetScaler Gateway, SonicWall,
OpenVPN Access Server) and ``admin-panel`` (Synology DSM, QNAP QTS, pfSense,
OPNsense, OpenWrt LuCI, Unraid, cPanel/WHM, TYPO3).  Formats follow the
vendors' documentation of their log and event shapes; no line is copied.

Labelling decisions:

* A failed login, an unknown or disabled user, an account locked after
  failures, a failed or denied second factor: brute_force, even alone (the
  incident layer counts them), as for sshd.
* A successful login, a logout, a token issued or refreshed, a password the
  user changed, a second factor enrolled: benign.
* Errors of the login *flow* that say nothing about the credentials are
  benign: an expired code or a missing cookie after the back button, an
  expired refresh token, Entra ID's "strong authentication required" and
  "keep me signed in" interrupts, Kerberos ``NEEDED_PREAUTH`` (the first
  answer to every kinit).  They fill real IdP logs and read like failures.
"""

from __future__ import annotations

from insyt.training.synth.core import BENIGN, Ctx, Emitter
from insyt.training.synth.product import (
    Make,
    Maker,
    as_json,
    as_kv,
    clock,
    filled,
    jostle,
    per_category,
    rescaled,
    rows_maker,
)
from insyt.training.synth.vocab import stamp_java

BRUTE = "brute_force"

# --- idp-sso ---------------------------------------------------------------------------

_KC_CLIENTS = "{pick:account-console|security-admin-console|grafana|nextcloud|{word}-web|portal}"
_KC_COMMON = (
    ("realmId", "{pick:master|{word}|corp|internal|{uuid}}"),
    ("clientId", _KC_CLIENTS),
)
# (type, error or None, category, user placeholder, extra details)
KEYCLOAK = (
    ("LOGIN_ERROR", "invalid_user_credentials", BRUTE, "{baduser}", ()),
    ("LOGIN_ERROR", "user_not_found", BRUTE, "{baduser}", ()),
    ("LOGIN_ERROR", "user_temporarily_disabled", BRUTE, "{baduser}", ()),
    ("LOGIN_ERROR", "user_disabled", BRUTE, "{baduser}", ()),
    ("CLIENT_LOGIN_ERROR", "invalid_client_credentials", BRUTE, "service-account-{word}", ()),
    ("LOGIN", None, BENIGN, "{person}", (("consent", "no_consent_required"),)),
    ("LOGOUT", None, BENIGN, "{person}", (("redirect_uri", "https://{site}/"),)),
    (
        "CODE_TO_TOKEN",
        None,
        BENIGN,
        "{person}",
        (("grant_type", "authorization_code"), ("refresh_token_type", "Refresh")),
    ),
    ("REFRESH_TOKEN", None, BENIGN, "{person}", (("refresh_token_type", "Refresh"),)),
    (
        "CLIENT_LOGIN",
        None,
        BENIGN,
        "service-account-{word}",
        (("grant_type", "client_credentials"),),
    ),
    ("UPDATE_PASSWORD", None, BENIGN, "{person}", (("custom_required_action", "UPDATE_PASSWORD"),)),
    ("LOGIN_ERROR", "expired_code", BENIGN, "{person}", (("restart_after_timeout", "true"),)),
    ("LOGIN_ERROR", "cookie_not_found", BENIGN, "null", ()),
    (
        "REFRESH_TOKEN_ERROR",
        "invalid_token",
        BENIGN,
        "{person}",
        (("reason", "Session not active"),),
    ),
    ("INTROSPECT_TOKEN", None, BENIGN, "{person}", ()),
)


def _keycloak(category: str) -> Make:
    rows = [r for r in KEYCLOAK if r[2] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        kind, error, _, user, extra = c.pick(rows)
        fields: list[tuple[str, object]] = [("type", kind), *_KC_COMMON]
        fields += [("userId", "null" if error else "{uuid}"), ("ipAddress", "{ip}")]
        if error:
            fields.append(("error", error))
        fields += [("auth_method", "openid-connect"), *extra, ("username", user)]
        if kind == "LOGIN":
            fields += [("redirect_uri", "https://{site}/{pick:oauth2/callback|login|}")]
        body = as_kv(c, filled(c, memo, jostle(c, fields)), quote=c.chance(0.6), sep=", ")
        level = "WARN " if error else c.pick(("DEBUG", "INFO "))
        thread = f"executor-thread-{c.rng.randint(1, 60)}"
        if c.chance(0.15):  # JSON console, sequence and loggerClassName excluded by config
            return as_json(
                c,
                [
                    ("timestamp", clock(c.when)["iso"]),
                    ("loggerName", "org.keycloak.events"),
                    ("level", level.strip()),
                    ("message", body),
                    ("threadName", thread),
                    ("hostName", c.fill("keycloak-{int:0-3}")),
                ],
            )
        return f"{stamp_java(c.when)} {level} [org.keycloak.events] ({thread}) {body}"

    return make


# (eventType, displayMessage, severity, result, reason, category)
OKTA = (
    ("user.session.start", "User login to Okta", "WARN", "FAILURE", "INVALID_CREDENTIALS", BRUTE),
    ("user.session.start", "User login to Okta", "WARN", "FAILURE", "VERIFICATION_ERROR", BRUTE),
    ("user.session.start", "User login to Okta", "WARN", "FAILURE", "LOCKED_OUT", BRUTE),
    (
        "user.authentication.auth_via_mfa",
        "Authentication of user via MFA",
        "WARN",
        "FAILURE",
        "INVALID_CREDENTIALS",
        BRUTE,
    ),
    ("user.account.lock", "Max sign in attempts exceeded", "WARN", "SUCCESS", None, BRUTE),
    (
        "user.mfa.okta_verify.deny_push",
        "User rejected Okta push verify",
        "WARN",
        "SUCCESS",
        None,
        BRUTE,
    ),
    ("user.session.start", "User login to Okta", "INFO", "SUCCESS", None, BENIGN),
    ("user.session.end", "User logout from Okta", "INFO", "SUCCESS", None, BENIGN),
    ("user.authentication.sso", "User single sign on to app", "INFO", "SUCCESS", None, BENIGN),
    (
        "user.authentication.auth_via_mfa",
        "Authentication of user via MFA",
        "INFO",
        "SUCCESS",
        None,
        BENIGN,
    ),
    (
        "user.account.update_password",
        "User update password for Okta",
        "INFO",
        "SUCCESS",
        None,
        BENIGN,
    ),
    (
        "app.oauth2.as.token.grant.refresh_token",
        "OAuth2 refresh token is granted",
        "INFO",
        "SUCCESS",
        None,
        BENIGN,
    ),
    ("policy.evaluate_sign_on", "Evaluation of sign-on policy", "INFO", "ALLOW", None, BENIGN),
    (
        "user.mfa.factor.activate",
        "Activate factor or authenticator",
        "INFO",
        "SUCCESS",
        None,
        BENIGN,
    ),
)


def _okta(category: str) -> Make:
    rows = [r for r in OKTA if r[5] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        kind, display, severity, result, reason, _ = c.pick(rows)
        if category == BRUTE:
            user, name = c.fill("{baduser}@{domain}", memo), "unknown"
        else:
            name = c.fill("{person}")
            user = c.fill(f"{name}@{{domain}}", memo)
        fields: list[tuple[str, object]] = [
            (
                "actor",
                {"id": "00u{hex:17}", "type": "User", "alternateId": user, "displayName": name},
            ),
            (
                "client",
                {
                    "userAgent": {"rawUserAgent": "{browser}"},
                    "zone": "null",
                    "device": "{pick:Computer|Mobile|Unknown}",
                    "ipAddress": "{ip}",
                },
            ),
            ("displayMessage", display),
            ("eventType", kind),
            ("outcome", {"result": result, "reason": reason}),
            ("published", "{isoz}"),
            ("severity", severity),
            ("uuid", "{uuid}"),
            ("version", "0"),
        ]
        if c.chance(0.5):
            return as_json(c, filled(c, memo, jostle(c, fields)))
        # Flattened by a log shipper, the event's own fields first.
        flat: list[tuple[str, object]] = [
            ("eventType", kind),
            ("outcome.result", result),
            ("outcome.reason", reason or ""),
            ("displayMessage", display),
            ("severity", severity),
            ("actor.alternateId", user),
            ("client.ipAddress", "{ip}"),
            ("published", "{isoz}"),
            ("uuid", "{uuid}"),
        ]
        return as_kv(c, filled(c, memo, jostle(c, flat)), quote=None)

    return make


# (resultType, description, category)
ENTRA = (
    ("50126", "Error validating credentials due to invalid username or password.", BRUTE),
    (
        "50053",
        "Account is locked because user tried to sign in too many times with an incorrect "
        "user ID or password.",
        BRUTE,
    ),
    ("50034", "The user account does not exist in the directory.", BRUTE),
    ("500121", "Authentication failed during strong authentication request.", BRUTE),
    ("50057", "User account is disabled.", BRUTE),
    ("0", "", BENIGN),
    ("0", "", BENIGN),
    ("50074", "Strong Authentication is required.", BENIGN),
    (
        "50140",
        "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
        BENIGN,
    ),
    (
        "50125",
        "Sign-in was interrupted due to a password reset or password registration entry.",
        BENIGN,
    ),
    (
        "70044",
        "The session has expired or is invalid due to sign-in frequency checks by "
        "conditional access.",
        BENIGN,
    ),
)
_ENTRA_APPS = (
    "Office 365 Exchange Online",
    "Microsoft Teams",
    "Azure Portal",
    "Microsoft Authentication Broker",
    "Office 365 SharePoint Online",
    "Microsoft Office",
    "Windows Sign In",
    "My Apps",
)


def _entra(category: str) -> Make:
    rows = [r for r in ENTRA if r[2] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        code, text, _ = c.pick(rows)
        user = "{baduser}@{domain}" if category == BRUTE else "{person}@{domain}"
        props = {
            "id": "{uuid}",
            "createdDateTime": "{isous}",
            "userPrincipalName": user,
            "appDisplayName": c.pick(_ENTRA_APPS),
            "ipAddress": "{ip}",
            "clientAppUsed": "{pick:Browser|Mobile Apps and Desktop clients|Exchange ActiveSync|"
            "Authenticated SMTP|IMAP4}",
            "status": {"errorCode": int(code), "failureReason": text or None},
            "isInteractive": c.chance(0.7),
            "conditionalAccessStatus": "{pick:notApplied|success|failure}"
            if code != "0"
            else "success",
        }
        # The schema's own order puts resourceId and tenantId before the result; Event Hub
        # readers and SIEM connectors commonly lead with the result, as here (the text first:
        # the classifier masks numbers, so resultType alone says nothing to it).
        fields: list[tuple[str, object]] = [
            ("time", "{isous}"),
            ("category", c.pick(("SignInLogs", "SignInLogs", "NonInteractiveUserSignInLogs"))),
            ("operationName", "Sign-in activity"),
            ("resultDescription", text),
            ("resultType", code),
            ("callerIpAddress", "{ip}"),
            ("identity", "{person}"),
            ("properties", props),
            ("resourceId", "/tenants/{uuid}/providers/Microsoft.aadiam"),
            ("tenantId", "{uuid}"),
            ("correlationId", "{uuid}"),
        ]
        return as_json(c, filled(c, memo, jostle(c, fields)))

    return make


# (action, category, context)
AUTHENTIK = (
    ("login_failed", BRUTE, {"username": "{baduser}", "password": "********************"}),
    (
        "login_failed",
        BRUTE,
        {"username": "{baduser}", "stage": {"name": "default-authentication-mfa-validation"}},
    ),
    (
        "login",
        BENIGN,
        {
            "auth_method": "password",
            "http_request": {"path": "/api/v3/flows/executor/default-authentication-flow/"},
        },
    ),
    ("logout", BENIGN, {"http_request": {"path": "/flows/-/default/invalidation/"}}),
    ("password_set", BENIGN, {"http_request": {"path": "/if/user/"}}),
    ("authorize_application", BENIGN, {"authorized_application": {"name": "{word}"}}),
)


def _authentik(category: str) -> Make:
    rows = [r for r in AUTHENTIK if r[1] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        action, _, context = c.pick(rows)
        user = "AnonymousUser" if category == BRUTE else "{person}"
        fields: list[tuple[str, object]] = [
            ("action", action),
            ("client_ip", "{ip}"),
            ("context", context),
            ("event", "Created Event"),
            ("host", "auth.{domain}"),
            ("level", "info"),
            ("logger", "authentik.events.models"),
            ("pid", c.rng.randint(20, 9000)),
            ("timestamp", "{isous}"),
            ("user", {"pk": c.rng.randint(1, 900), "username": user}),
        ]
        return as_json(c, filled(c, memo, fields))

    return make


AUTHELIA = tuple(
    (BRUTE, t)
    for t in (
        'time="{isoz}" level=error msg="Unsuccessful 1FA authentication attempt by user '
        '\'{baduser}\'" error="authentication failed" method=POST path=/api/firstfactor '
        "remote_ip={ip}",
        'time="{isoz}" level=error msg="Unsuccessful TOTP authentication attempt by user '
        '\'{baduser}\'" error="validation failed" method=POST path=/api/secondfactor/totp '
        "remote_ip={ip}",
        'time="{isoz}" level=error msg="Unsuccessful 1FA authentication attempt by user '
        '\'{baduser}\' and they are banned until {space} +0000 UTC" error="user is banned" '
        "method=POST path=/api/firstfactor remote_ip={ip}",
        'time="{isoz}" level=error msg="Unsuccessful WebAuthn authentication attempt by user '
        '\'{baduser}\'" error="credential could not be verified" method=POST '
        "path=/api/secondfactor/webauthn remote_ip={ip}",
    )
) + tuple(
    (BENIGN, t)
    for t in (
        'time="{isoz}" level=debug msg="Successful 1FA authentication attempt made by user '
        "'{person}'\" method=POST path=/api/firstfactor remote_ip={ip}",
        'time="{isoz}" level=debug msg="Successful TOTP authentication attempt made by user '
        "'{person}'\" method=POST path=/api/secondfactor/totp remote_ip={ip}",
        'time="{isoz}" level=info msg="Authelia v4.{int:35-38}.{int:0-9} is starting"',
        'time="{isoz}" level=info msg="Startup complete"',
        'time="{isoz}" level=info msg="Listening for non-TLS connections on \'[::]:9091\' path '
        "'/'\" server=main service=server",
        'time="{isoz}" level=debug msg="Check authorization of subject username={person} groups='
        '{word} ip={ip} and object https://{site}/ (method GET)."',
    )
)
SHIBBOLETH = (
    (
        BRUTE,
        "{java} - {ip} - WARN [net.shibboleth.idp.authn.impl.ValidateUsernamePasswordAgainst"
        "{pick:LDAP|Kerberos}:{int:100-300}] - Profile Action ValidateUsernamePasswordAgainst"
        "LDAP: Login by '{baduser}' failed",
    ),
    (
        BRUTE,
        "{java} - {ip} - INFO [net.shibboleth.idp.authn.impl.ValidateUsernamePasswordAgainst"
        "LDAP:{int:100-300}] - Profile Action ValidateUsernamePasswordAgainstLDAP: Account "
        "'{baduser}' is locked",
    ),
    (
        BENIGN,
        "{java} - {ip} - INFO [net.shibboleth.idp.authn.impl.ValidateUsernamePasswordAgainst"
        "LDAP:{int:100-300}] - Profile Action ValidateUsernamePasswordAgainstLDAP: Login by "
        "'{person}' succeeded",
    ),
    (
        BENIGN,
        "{java} - {ip} - INFO [Shibboleth-Audit.SSO:{int:200-300}] - {ip}|{isoz}|{isoz}|"
        "https://{site}/shibboleth|_{hex:32}|{person}|urn:oasis:names:tc:SAML:2.0:ac:classes:"
        "PasswordProtectedTransport|uid,mail,eduPersonPrincipalName|",
    ),
)


def _pick_rows(rows: tuple[tuple[str, str], ...], category: str) -> tuple[str, ...]:
    return tuple(t for cat, t in rows if cat == category)


# --- kerberos-kdc ----------------------------------------------------------------------

_ETYPES = (
    "{int:2-6} etypes {aes256-cts-hmac-sha1-96(18), aes128-cts-hmac-sha1-96(17), "
    "aes256-cts-hmac-sha384-192(20), aes128-cts-hmac-sha256-128(19)}",
    "2 etypes {aes256-cts-hmac-sha1-96(18), aes128-cts-hmac-sha1-96(17)}",
    "{int:3-7} etypes {aes256-cts-hmac-sha1-96(18), aes128-cts-hmac-sha1-96(17), "
    "DEPRECATED:arcfour-hmac(23), camellia256-cts-cmac(26)}",
)
_ISSUED = (
    "etypes {rep=aes256-cts-hmac-sha1-96(18), tkt=aes256-cts-hmac-sha1-96(18), "
    "ses=aes256-cts-hmac-sha1-96(18)}"
)
KDC = (
    (
        BRUTE,
        "AS_REQ ({etypes}) {ip}: PREAUTH_FAILED: {baduser}@{REALM} for krbtgt/{REALM}@"
        "{REALM}, Preauthentication failed",
    ),
    (
        BRUTE,
        "AS_REQ ({etypes}) {ip}: CLIENT_NOT_FOUND: {baduser}@{REALM} for krbtgt/{REALM}@"
        "{REALM}, Client not found in Kerberos database",
    ),
    (
        BRUTE,
        "AS_REQ ({etypes}) {ip}: LOCKED_OUT: {baduser}@{REALM} for krbtgt/{REALM}@{REALM}, "
        "Client's credentials have been revoked",
    ),
    (BRUTE, "preauth (encrypted_timestamp) verify failure: Preauthentication failed"),
    (BRUTE, "preauth (spake) verify failure: Preauthentication failed"),
    (
        BENIGN,
        "AS_REQ ({etypes}) {ip}: NEEDED_PREAUTH: {person}@{REALM} for krbtgt/{REALM}@"
        "{REALM}, Additional pre-authentication required",
    ),
    (
        BENIGN,
        "AS_REQ ({etypes}) {ip}: ISSUE: authtime {epoch}, " + _ISSUED + ", {person}@{REALM} "
        "for krbtgt/{REALM}@{REALM}",
    ),
    (
        BENIGN,
        "TGS_REQ ({etypes}) {ip}: ISSUE: authtime {epoch}, " + _ISSUED + ", {person}@"
        "{REALM} for {pick:HTTP|ldap|host|cifs|nfs}/{srv}.{domain}@{REALM}",
    ),
    (BENIGN, "closing down fd {int:10-90}"),
    (
        BENIGN,
        "TGS_REQ ({etypes}) {ip}: ISSUE: authtime {epoch}, " + _ISSUED + ", host/{srv}."
        "{domain}@{REALM} for ldap/{srv2}.{domain}@{REALM}",
    ),
)


def _kdc(category: str) -> Make:
    rows = _pick_rows(KDC, category)

    def make(c: Ctx, memo: dict[str, str]) -> str:
        if "REALM" not in memo:
            memo["REALM"] = c.fill("{domain}").upper()
        return c.fill(c.pick(rows), memo, etypes=c.fill(c.pick(_ETYPES)), **clock(c.when))

    return make


# --- gitforge --------------------------------------------------------------------------

_GITEA_HEAD = "{slash} {pick:...rs/web/auth/auth.go|routers/web/auth/auth.go}:{int:150-400}:"
GITEA = (
    (
        BRUTE,
        _GITEA_HEAD + "SignInPost() [I] Failed authentication attempt for {baduser} from "
        "{ip}:{port}: user's password is invalid [uid: {int:1-400}, name: {baduser}]",
    ),
    (
        BRUTE,
        _GITEA_HEAD + "SignInPost() [I] Failed authentication attempt for {baduser} from "
        "{ip}:{port}: user does not exist [uid: 0, name: {baduser}]",
    ),
    (
        BRUTE,
        _GITEA_HEAD + "TwoFactorPost() [I] Failed authentication attempt for {baduser} "
        "from {ip}:{port}: invalid two-factor passcode",
    ),
    (
        BRUTE,
        "{slash} ...ules/ssh/ssh.go:{int:200-400}:publicKeyHandler() [W] Failed "
        "authentication attempt from {ip}:{port}",
    ),
    (
        BRUTE,
        "{slash} ...s/private/serv.go:{int:80-200}:ServCommand() [E] Failed authentication "
        "attempt from {ip}: user {baduser} is prohibited from login",
    ),
    (
        BENIGN,
        "{slash} ...eb/routing/logger.go:{int:90-110}:func1() [I] router: completed POST "
        "/user/login for {ip}:{port}, 303 See Other in {float:90}ms @ auth/auth.go:{int:150-400}"
        "(auth.SignInPost)",
    ),
    (
        BENIGN,
        "{slash} ...eb/routing/logger.go:{int:90-110}:func1() [I] router: completed GET "
        "/{person}/{word}/info/refs?service=git-upload-pack for {ip}:{port}, 200 OK in "
        "{float:40}ms @ repo/githttp.go:{int:400-600}(repo.GetInfoRefs)",
    ),
    (
        BENIGN,
        "{slash} ...s/graceful/server.go:{int:50-80}:NewServer() [I] Starting new Web "
        "server: tcp:0.0.0.0:3000 on PID: {int:1-900}",
    ),
    (
        BENIGN,
        "{slash} ...ers/web/auth/auth.go:{int:150-400}:SignOut() [I] User {person} signed out",
    ),
    (
        BENIGN,
        "{slash} ...ules/ssh/ssh.go:{int:200-400}:sessionHandler() [I] SSH: Accepted "
        "public key for user {person} from {ip}:{port}",
    ),
)
# GitLab's JSON logs: application_json (sign-ins), audit_json (who changed what).
GITLAB = (
    (
        BRUTE,
        (
            ("severity", "INFO"),
            ("time", "{isoz}"),
            ("correlation_id", "{hex:26}"),
            ("meta.caller_id", "SessionsController#create"),
            ("meta.remote_ip", "{ip}"),
            ("meta.feature_category", "system_access"),
            ("message", "Failed Login: username={baduser} ip={ip}"),
        ),
    ),
    (
        BRUTE,
        (
            ("severity", "INFO"),
            ("time", "{isoz}"),
            ("correlation_id", "{hex:26}"),
            ("with", "standard"),
            ("target_type", "User"),
            ("target_details", "{baduser}"),
            ("failed_login", "STANDARD"),
            ("author_id", -1),
            ("author_name", "{baduser}"),
            ("entity_type", "User"),
            ("ip_address", "{ip}"),
        ),
    ),
    (
        BRUTE,
        (
            ("severity", "ERROR"),
            ("time", "{isoz}"),
            ("correlation_id", "{hex:26}"),
            ("message", "Rack_Attack"),
            ("env", "blocklist"),
            ("remote_ip", "{ip}"),
            ("request_method", "GET"),
            ("path", "/{word}/{word2}.git/info/refs?service=git-upload-pack"),
            ("matched", "git_basic_auth_failed"),
        ),
    ),
    (
        BENIGN,
        (
            ("severity", "INFO"),
            ("time", "{isoz}"),
            ("correlation_id", "{hex:26}"),
            ("with", "{pick:standard|two-factor|saml|openid_connect}"),
            ("target_id", "{int:1-4000}"),
            ("target_type", "User"),
            ("target_details", "{person}"),
            ("author_name", "{person}"),
            ("entity_type", "User"),
            ("ip_address", "{ip}"),
        ),
    ),
    (
        BENIGN,
        (
            ("severity", "INFO"),
            ("time", "{isoz}"),
            ("correlation_id", "{hex:26}"),
            ("change", "password"),
            ("from", ""),
            ("to", ""),
            ("author_name", "{person}"),
            ("target_type", "User"),
            ("target_details", "{person}"),
            ("ip_address", "{ip}"),
        ),
    ),
    (
        BENIGN,
        (
            ("severity", "INFO"),
            ("time", "{isoz}"),
            ("correlation_id", "{hex:26}"),
            ("meta.caller_id", "POST /api/:version/projects/:id/pipeline"),
            ("meta.user", "{person}"),
            ("message", "Pipeline created for {word}/{word2} by {person}"),
        ),
    ),
)


def _gitlab(category: str) -> Make:
    rows = [f for cat, f in GITLAB if cat == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        return as_json(c, filled(c, memo, c.pick(rows)))

    return make


# --- hypervisor ------------------------------------------------------------------------

_UPID = "UPID:{srv}:{hex:8}:{hex:8}:{hex:8}"
PROXMOX = (
    (
        BRUTE,
        "authentication failure; rhost=::ffff:{ip} user={baduser}@{pick:pam|pve} "
        "msg={pick:Authentication failure|no such user ('{baduser}@pve')|invalid credentials}",
    ),
    (BRUTE, "authentication failure; rhost={ip} user=root@pam msg=Authentication failure"),
    (
        BRUTE,
        "authentication failure; rhost=::ffff:{ip} user={baduser}@pve msg=second factor "
        "verification failed",
    ),
    (BENIGN, "<{person}@{pick:pam|pve}> successful auth for user '{person}@{pick:pam|pve}'"),
    (
        BENIGN,
        "<root@pam> starting task " + _UPID + ":{pick:vncproxy|qmstart|vzdump|qmshutdown}:"
        "{int:100-999}:root@pam:",
    ),
    (BENIGN, "<root@pam> end task " + _UPID + ":vzdump::root@pam: OK"),
    (BENIGN, "worker {pid} finished"),
    (BENIGN, "starting 1 worker(s)"),
    (BENIGN, "proxy detected vanished client connection"),
)
_HOSTD = "{isoz} {pick:info|verbose} hostd[{int:2000000-2200000}] [Originator@6876 sub="
ESXI = (
    (BRUTE, _HOSTD + "Vimsvc.ha-eventmgr] Event {int:100-99999} : Cannot login {baduser}@{ip}"),
    (BRUTE, _HOSTD + "Default] Rejected password for user {baduser} from {ip}"),
    (
        BRUTE,
        "{isoz} In(14) vobd[{int:2000000-2200000}]  [UserLevelCorrelator] {int:10000-999999}"
        "us: [esx.audit.account.locked] Remote access for ESXi local user account '{baduser}' "
        "has been locked for 900 seconds after {int:5-10} failed login attempts.",
    ),
    (
        BENIGN,
        _HOSTD + "Vimsvc.ha-eventmgr] Event {int:100-99999} : User {person}@{ip} logged in "
        "as {pick:VMware-client/6.5.0|pyvmomi Python/3.{int:8-12}|Mozilla/5.0|"
        "govc/0.{int:20-40}.0}",
    ),
    (
        BENIGN,
        _HOSTD + "Vimsvc.ha-eventmgr] Event {int:100-99999} : User {person}@{ip} logged "
        "out (login time: {isoz}, number of API invocations: {int:0-900}, user agent: "
        "VMware-client/6.5.0)",
    ),
    (BENIGN, _HOSTD + "Default] Accepted password for user {person} from {ip}"),
    (
        BENIGN,
        _HOSTD + "Vimsvc.TaskManager] Task Created : haTask-{int:1-99}-vim.VirtualMachine."
        "{pick:powerOn|createSnapshot|reconfigure}-{int:1000-99999}",
    ),
)
VCENTER = (
    (
        BRUTE,
        "Event [{int:10000-9999999}] [1-1] [{isoz}] [vim.event.BadUsernameSessionEvent] "
        "[warning] [] [] [{int:10000-9999999}] [Cannot login {baduser}@{ip}]",
    ),
    (
        BRUTE,
        "Event [{int:10000-9999999}] [1-1] [{isoz}] [com.vmware.sso.LoginFailure] [error] "
        "[{baduser}@vsphere.local] [] [{int:10000-9999999}] [Failed login attempt for "
        "{baduser}@vsphere.local from {ip}]",
    ),
    (
        BRUTE,
        "Event [{int:10000-9999999}] [1-1] [{isoz}] [com.vmware.sso.LockoutEvent] "
        "[warning] [{baduser}@vsphere.local] [] [{int:10000-9999999}] [User account locked: "
        "{baduser}@vsphere.local]",
    ),
    (
        BENIGN,
        "Event [{int:10000-9999999}] [1-1] [{isoz}] [vim.event.UserLoginSessionEvent] "
        "[info] [VSPHERE.LOCAL\\{person}] [] [{int:10000-9999999}] [User VSPHERE.LOCAL\\{person}"
        "@{ip} logged in as {pick:VMware vim-java 1.0|pyvmomi Python/3.11|vsphere-ui}]",
    ),
    (
        BENIGN,
        "Event [{int:10000-9999999}] [1-1] [{isoz}] [vim.event.UserLogoutSessionEvent] "
        "[info] [VSPHERE.LOCAL\\{person}] [] [{int:10000-9999999}] [User VSPHERE.LOCAL\\{person}"
        "@{ip} logged out (login time: {isoz}, number of API invocations: {int:1-9000}, user "
        "agent: vsphere-ui)]",
    ),
    (
        BENIGN,
        "Event [{int:10000-9999999}] [1-1] [{isoz}] [com.vmware.sso.LoginSuccess] [info] "
        "[{person}@vsphere.local] [] [{int:10000-9999999}] [User {person}@vsphere.local@{ip} "
        "logged in with response code 200]",
    ),
)
XAPI = (
    (
        BRUTE,
        "xapi: [error||{int:100-9999} HTTPS {ip}->|session.login_with_password "
        "D:{hex:12}|backtrace] Raised Server_error(SESSION_AUTHENTICATION_FAILED, [ {baduser}; "
        "Authentication failure ])",
    ),
    (
        BENIGN,
        "xapi: [ info||{int:100-9999} HTTPS {ip}->|session.login_with_password "
        "D:{hex:12}|xapi_session] Session.create trackid={hex:32} pool=false uname={person} "
        "originator=XenCenter is_local_superuser=true auth_user_sid= parent=trackid="
        "{hex:32}",
    ),
    (
        BENIGN,
        "xapi: [ info||{int:100-9999} HTTPS {ip}->|session.logout D:{hex:12}|"
        "xapi_session] Session.destroy trackid={hex:32}",
    ),
)

# --- backup-server ---------------------------------------------------------------------

PBS = (
    (
        BRUTE,
        "authentication failure; rhost=[::ffff:{ip}]:{port} user={baduser}@{pick:pam|pbs} "
        "msg={pick:authentication error|invalid credentials|user account disabled or expired.}",
    ),
    (BENIGN, "successful auth for user '{person}@pbs'"),
    (
        BENIGN,
        "starting new backup on datastore '{word}' from ::ffff:{privip}: "
        '"{pick:vm|ct|host}/{int:100-999}/{isoz}"',
    ),
    (BENIGN, "backup ended and finish successful"),
    (BENIGN, "Upload statistics for 'drive-scsi0.img.fidx'"),
    (BENIGN, "TASK OK"),
)
BACULA = (
    (BRUTE, "{srv}-fd: Connection from unknown Director {word}-dir at {ip}:{port} rejected."),
    (BRUTE, '{srv}-dir: Unable to authenticate console "{baduser}" at client:{ip}:{port}.'),
    (BRUTE, '{srv}-sd: Director authorization error at "client:{ip}:{port}".'),
    (BRUTE, "{srv}-fd: Incorrect password given by Director at client:{ip}:{port}."),
    (
        BENIGN,
        "{srv}-dir JobId {int:1-99999}: Start Backup JobId {int:1-99999}, Job={word}.{ymd}_{hms}",
    ),
    (
        BENIGN,
        "{srv}-dir JobId {int:1-99999}: Bacula {srv}-dir {pick:9.6.7|13.0.3|11.0.6}: "
        "Termination: Backup OK",
    ),
    (
        BENIGN,
        "{srv}-fd JobId {int:1-99999}: shell command: run ClientRunBeforeJob "
        '"/etc/bacula/scripts/make_catalog_backup.pl MyCatalog"',
    ),
    (BENIGN, '{srv}-dir: Console "{person}" connected at {privip}:{port}'),
)
REST_SERVER = (
    (BRUTE, '{ip} - {baduser} [{clf}] "{pick:GET|HEAD|POST} /{word}/config HTTP/1.1" 401 0'),
    (BRUTE, '{ip} - - [{clf}] "GET /{word}/keys/ HTTP/1.1" 401 0'),
    (BENIGN, '{ip} - {person} [{clf}] "POST /{word}/data/{hex:64} HTTP/1.1" 200 {size:9000000}'),
    (BENIGN, '{ip} - {person} [{clf}] "GET /{word}/snapshots/ HTTP/1.1" 200 {size:9000}'),
    (BENIGN, '{ip} - {person} [{clf}] "DELETE /{word}/locks/{hex:64} HTTP/1.1" 200 0'),
)

# --- media-server ----------------------------------------------------------------------

_JF = "[{space}.{msec} {tz}] [{pick:INF|WRN}] [{int:1-90}] "
JELLYFIN = (
    (
        BRUTE,
        _JF + "Jellyfin.Api.Controllers.UserController: Authentication request for "
        '"{baduser}" has been denied (IP: "{ip}").',
    ),
    (
        BRUTE,
        _JF + "Jellyfin.Server.Implementations.Users.UserManager: Invalid username or "
        'password entered. Remote IP: {ip}, User: "{baduser}"',
    ),
    (
        BRUTE,
        _JF + "Jellyfin.Server.Implementations.Users.UserManager: Authentication for user "
        '"{baduser}" locked out after {int:3-10} failed attempts',
    ),
    (
        BENIGN,
        _JF + "Jellyfin.Api.Controllers.UserController: Authentication request for "
        '"{person}" has succeeded.',
    ),
    (
        BENIGN,
        _JF + "Emby.Server.Implementations.Session.SessionManager: Playback stopped "
        'reported by app "Jellyfin Web" "10.{int:8-10}.{int:0-13}" playing "{word}". Stopped '
        'at "{int:1000-9000000}" ms',
    ),
    (
        BENIGN,
        _JF + "Emby.Server.Implementations.Session.SessionManager: Logging out access "
        'token "{hex:32}"',
    ),
    (
        BENIGN,
        _JF + 'Emby.Server.Implementations.ScheduledTasks.TaskManager: "Scan Media '
        'Library" Completed after {int:0-59} minute(s) and {int:0-59} seconds',
    ),
)
NAVIDROME = (
    (
        BRUTE,
        'time="{isoz}" level=warning msg="Unsuccessful login" auth=jwt '
        "ip={ip} requestId={srv}/{hex:10}-{int:100000-999999} username={baduser}",
    ),
    (
        BRUTE,
        'time="{isoz}" level=warning msg="API: Invalid login" auth=subsonic '
        'error="wrong username or password" ip={ip} username={baduser}',
    ),
    (BENIGN, 'time="{isoz}" level=info msg="Successful login" ip={ip} username={person}'),
    (
        BENIGN,
        'time="{isoz}" level=info msg="Scanner: Finished scanning all libraries" '
        "duration={float:60}s",
    ),
    (
        BENIGN,
        'time="{isoz}" level=info msg="Creating new session" client="{pick:DSub|'
        'Substreamer|Symfonium|NavidromeUI}" username={person}',
    ),
)
AUDIOBOOKSHELF = (
    (
        BRUTE,
        '[{space}.{msec}] WARN: [Auth] Failed login attempt for username "{baduser}" from '
        "ip {ip} ({pick:User not found|Invalid password})",
    ),
    (BENIGN, '[{space}.{msec}] INFO: [Auth] User "{person}" logged in from ip {ip}'),
    (
        BENIGN,
        "[{space}.{msec}] INFO: [Server] Socket {blob:12} disconnected from client "
        '"{person}" after {int:1-90000}ms',
    ),
)
EMBY = (
    (
        BRUTE,
        "{space}.{msec} Error UserManager: Error authenticating with provider Default: "
        "Invalid username or password entered. User: {baduser}, IP: {ip}",
    ),
    (BENIGN, "{space}.{msec} Info UserManager: Authentication request for {person} has succeeded."),
    (
        BENIGN,
        "{space}.{msec} Info SessionManager: Playback stopped reported by app "
        '"Emby Web" playing {word}. Stopped at {int:1000-9000000} ms',
    ),
)

# --- webmail ---------------------------------------------------------------------------

HORDE = (
    (
        BRUTE,
        "HORDE: [{pick:horde|imp}] FAILED LOGIN for {mailguess} [{ip}] to "
        '{pick:Horde|Mail} [pid {pid} on line {int:100-300} of "/usr/share/horde/login.php"]',
    ),
    (
        BENIGN,
        "HORDE: [horde] Login success for {person} to horde ({ip}) [pid {pid} on line "
        '{int:100-300} of "/usr/share/horde/login.php"]',
    ),
    (
        BENIGN,
        "HORDE: [horde] User {person} logged out of Horde ({ip}) [pid {pid} on line "
        '{int:100-300} of "/usr/share/horde/login.php"]',
    ),
)
_ZM = (
    "{java} {pick:INFO |WARN } [qtp{int:100000-999999}-{int:10-999}:https://{site}/service/"
    "soap/AuthRequest] [name={who};oip={ip};ua={pick:zclient/9.0.0_GA_4546|ZimbraWebClient - "
    "{browser}};soapId={hex:8};] security - cmd=Auth; account={who}; protocol=soap; "
)
ZIMBRA = (
    (BRUTE, _ZM + "error=authentication failed for [{who}], invalid password;"),
    (BRUTE, _ZM + "error=authentication failed for [{who}], account not found;"),
    (BRUTE, _ZM + "error=authentication failed for [{who}], account lockout;"),
    (BRUTE, _ZM + "error=two-factor auth failed for [{who}], invalid TOTP code;"),
    (BENIGN, _ZM.replace("AuthRequest", "EndSessionRequest").replace("cmd=Auth", "cmd=EndSession")),
    (BENIGN, _ZM),
    (BENIGN, _ZM.replace("cmd=Auth", "cmd=ChangePassword")),
)
SNAPPYMAIL = (
    (BRUTE, "[{space}] Auth failed: ip={ip} user={mailguess} host=imap.{domain} port=993"),
    (
        BRUTE,
        "[{space}.{msec}][{hex:8}] AUTH[WARNING]: Auth failed: ip={ip} user={mailguess} "
        "host={pick:localhost|127.0.0.1|imap.{domain}} port={pick:143|993}",
    ),
    (BENIGN, "[{space}.{msec}][{hex:8}] IMAP[INFO]: Login: {email} (success)"),
    (BENIGN, "[{space}.{msec}][{hex:8}] HTTP[INFO]: Logout: {email}"),
)
SOGO = (
    (
        BENIGN,
        "SOGoRootPage successful login from '{ip}' for user '{person}' - expire = -1  grace = -1",
    ),
    (
        BENIGN,
        '[{isoz}] {srv}:{int:20000-20100} {ip} "POST /SOGo/so/{person}/Mail/0/folderINBOX'
        '/unseenCount HTTP/1.1" 200 {int:10-90}/0 {float:1} - - 0 - {int:2-30}',
    ),
    (
        BRUTE,
        "SOGoRootPage Login from '{ip}' for user '{baduser}' - account locked after "
        "{int:3-10} failed attempts",
    ),
)

# --- vpn-portal ------------------------------------------------------------------------

_PULSE = (
    'id=firewall time="{space}" pri=6 fw={privip} vpn=ive user={who} realm="{pick:Users|'
    'Employees|Contractors}" roles="" proto= src={ip} dst= dstname= type=vpn op= arg="" '
    'result= sent= rcvd= agent="" duration= msg="'
)
PULSE = (
    (
        BRUTE,
        _PULSE + "AUT23457: Login failed using auth server {pick:LDAP|AD|RADIUS} "
        '({pick:Active Directory|LDAP Server|RSA}).  Reason: Failed"',
    ),
    (
        BRUTE,
        _PULSE + "AUT24326: Primary authentication failed for {who}/{pick:Users|Employees}"
        ' from {ip}"',
    ),
    (BRUTE, _PULSE + 'AUT24604: Secondary authentication failed for {who} from {ip}"'),
    (BRUTE, _PULSE + 'AUT20915: Account {who} locked out due to excessive login failures"'),
    (
        BENIGN,
        _PULSE + "AUT24414: Agent login succeeded for {who}/Users from {ip} with "
        '{pick:Pulse-Secure|Ivanti-Secure-Access-Client}/9.1.{int:1-18}.{int:1000-20000}."',
    ),
    (BENIGN, _PULSE + 'AUT22673: Logout from {ip} (session:{hex:8})"'),
    (
        BENIGN,
        _PULSE + "ERR24670: Closed connection to {privip} after {int:1-9000} seconds, with "
        '{int:100-900000} bytes read and {int:100-900000} bytes written"',
    ),
)
GLOBALPROTECT = (
    (
        BRUTE,
        "GlobalProtect portal user authentication failed. Login from: {ip}, Source region: "
        "{pick:US|DE|CN|RU|NL|BR|10.0.0.0-10.255.255.255}, User name: {who}, Client region: {pick:"
        "US|DE|CN|RU}, Reason: Authentication failed: Invalid username or password, Auth type: "
        "profile.",
    ),
    (
        BRUTE,
        "GlobalProtect gateway user authentication failed. Login from: {ip}, Source region: "
        "{pick:US|NL|VN}, User name: {who}, Client region: {pick:US|NL}, Reason: Authentication "
        "failed: {pick:Account is locked|Invalid username or password|MFA challenge failed}, Auth "
        "type: profile.",
    ),
    (
        BENIGN,
        "GlobalProtect portal user authentication succeeded. Login from: {ip}, Source "
        "region: {pick:US|DE|GB}, User name: {who}, Auth type: profile.",
    ),
    (
        BENIGN,
        "GlobalProtect gateway user logout succeeded. User name: {who}, Client OS version: "
        "{pick:Microsoft Windows 10 Pro , 64-bit|Apple Mac OS X 14.{int:0-5}.0}, Reason: client "
        "logout.",
    ),
    (
        BENIGN,
        "GlobalProtect gateway client configuration generated. User name: {who}, Private "
        "IP: {privip}, Client version: 6.{int:0-2}.{int:0-9}-{int:10-99}, Device name: {word}, "
        "Client OS version: Microsoft Windows 11 Enterprise , 64-bit, VPN type: Device Level VPN.",
    ),
)
NETSCALER = (
    (
        BRUTE,
        "{ns} : default AAA LOGIN_FAILED {int:1000-99999999} 0 : User {who} - Client_ip "
        '{ip} - Failure_reason "{pick:Invalid credentials|User not found|Account locked}" - '
        "Browser {browser}",
    ),
    (
        BRUTE,
        "{ns} : default AAA LOGIN_FAILED {int:1000-99999999} 0 : User {who} - Client_ip "
        '{ip} - Failure_reason "{pick:RADIUS|OTP} authentication failed"',
    ),
    (
        BENIGN,
        "{ns} : default SSLVPN LOGIN {int:1000-99999999} 0 : Context {who}@{ip} - "
        'SessionId: {int:1000-99999} - User {who} - Client_ip {ip} - Nat_ip "Mapped Ip" - Vserver '
        '{privip}:443 - Browser_type "{browser}" - SSLVPN_client_type ICA - Group(s) "N/A"',
    ),
    (
        BENIGN,
        "{ns} : default SSLVPN LOGOUT {int:1000-99999999} 0 : Context {who}@{ip} - "
        'SessionId: {int:1000-99999} - User {who} - Client_ip {ip} - Nat_ip "Mapped Ip" - Vserver '
        '{privip}:443 - Start_time "{space}" - End_time "{space}" - Duration 00:{int:10-59}:'
        "{int:10-59}  - Http_resources_accessed {int:1-900} - NonHttp_services_accessed 0 - "
        "Total_TCP_connections {int:1-90} - Total_UDP_flows 0 - Total_policies_allowed "
        "{int:1-90} - Total_policies_denied 0 - Total_bytes_send {int:1000-9000000} - "
        "Total_bytes_recv {int:1000-9000000} - Total_compressedbytes_send 0 - "
        "Total_compressedbytes_recv 0 - Compression_ratio_send 0.00% - Compression_ratio_recv "
        '0.00% - LogoutMethod "Explicit" - Group(s) "N/A"',
    ),
)
SONICWALL = (
    (
        BRUTE,
        'id=firewall sn={hex:12} time="{space} UTC" fw={pubip} pri=1 c=32 m={pick:'
        '199|1115} msg="{pick:SSLVPN login failed|User login denied due to bad credentials|'
        'Wrong password attempt from SSLVPN user}" n={int:1-99999} usr="{who}" src={ip}:'
        "{port}:X1 dst={pubip}:4433:X1 proto=tcp/4433",
    ),
    (
        BRUTE,
        'id=firewall sn={hex:12} time="{space} UTC" fw={pubip} pri=1 c=32 m=1146 '
        'msg="User {who} locked out: too many failed login attempts" src={ip}:{port}:X1',
    ),
    (
        BENIGN,
        'id=firewall sn={hex:12} time="{space} UTC" fw={pubip} pri=6 c=64 m=1080 '
        'msg="SSL VPN zone remote user login allowed" n={int:1-99999} usr="{who}" src={ip}:'
        "{port}:X1 dst={pubip}:4433:X1 proto=tcp/4433",
    ),
    (
        BENIGN,
        'id=firewall sn={hex:12} time="{space} UTC" fw={pubip} pri=6 c=64 m=1153 '
        'msg="SSL VPN session logged out" usr="{who}" src={ip}:{port}:X1',
    ),
)
OPENVPN_AS = (
    (
        BRUTE,
        "{isoz} [stdout#info] [WEB] OUT: 'AUTH FAILED user={who} ip={ip} reason="
        "{pick:LOCAL auth failed: password verification failed|LDAP invalid credentials|"
        "user not found|Google Authenticator code was incorrect}'",
    ),
    (
        BRUTE,
        "{isoz} [stdout#info] [OVPN {int:0-7}] OUT: '{space} {who}/{ip}:{port} WARNING: "
        "Failed running command (--auth-user-pass-verify): AUTH_FAILED'",
    ),
    (BENIGN, "{isoz} [stdout#info] [WEB] OUT: 'AUTH SUCCESS user={who} ip={ip} method=LOCAL'"),
    (
        BENIGN,
        "{isoz} [stdout#info] [OVPN {int:0-7}] OUT: '{space} {who}/{ip}:{port} MULTI_sva: "
        "pool returned IPv4=172.27.{int:224-239}.{int:2-250}'",
    ),
)

# --- admin-panel -----------------------------------------------------------------------

SYNOLOGY = (
    (
        BRUTE,
        "User [{baduser}] from [{ip}] failed to log in via [{pick:DSM|SSH|FTP|WebDAV|"
        "SMB}] due to authorization failure.",
    ),
    (BRUTE, "Host [{ip}] was blocked via [{pick:DSM|SSH}]."),
    (
        BRUTE,
        "User [{baduser}] from [{ip}] failed to log in via [DSM] due to 2-step "
        "verification failure.",
    ),
    (BENIGN, "User [{person}] from [{ip}] signed in to [DSM] successfully via [password]."),
    (
        BENIGN,
        "User [{person}] from [{ip}] logged out the server via [DSM] with totally "
        "[{int:1-900}] mins.",
    ),
    (BENIGN, "System successfully finished [Local Backup] task [{word}]."),
)
QNAP = (
    (
        BRUTE,
        "event log: Users: {baduser}, Source IP: {ip}, Computer name: ---, Connection type: "
        "{pick:HTTP|HTTPS|SSH|FTP}, Accessed resources: Administration, Action: Login Fail",
    ),
    (
        BRUTE,
        "event log: Users: System, Source IP: 127.0.0.1, Computer name: localhost, "
        "Connection type: HTTP, Accessed resources: ---, Action: [Security] IP address {ip} has "
        "been added to the blocklist because it reached the maximum number of failed login "
        "attempts",
    ),
    (
        BENIGN,
        "event log: Users: {person}, Source IP: {privip}, Computer name: ---, Connection "
        "type: HTTP, Accessed resources: Administration, Action: Login OK",
    ),
    (
        BENIGN,
        "event log: Users: {person}, Source IP: {privip}, Computer name: ---, Connection "
        "type: HTTP, Accessed resources: Administration, Action: Logout",
    ),
)
PFSENSE = (
    (BRUTE, "/index.php: webConfigurator authentication error for user '{baduser}' from: {ip}"),
    (
        BRUTE,
        "/index.php: webConfigurator authentication error for user '{baduser}' from: {ip}"
        " (Local Database)",
    ),
    (BENIGN, "/index.php: Successful login for user '{person}' from: {privip} (Local Database)"),
    (BENIGN, "/index.php: Session timed out for user '{person}' from: {privip}"),
    (BENIGN, "/index.php: User logged out for user '{person}' from: {privip}"),
)
OPNSENSE = (
    (BRUTE, "/index.php: Web GUI authentication error for '{baduser}' from {ip}"),
    (BRUTE, "/api/core/system/status: Web GUI authentication error for '{baduser}' from {ip}"),
    (BENIGN, "/index.php: User logged in for user '{person}' from: {privip}"),
    (BENIGN, "/system_usermanager_passwordmg.php: User {person} changed their own password."),
)
LUCI = (
    (BRUTE, "luci: failed login on / for {pick:root|admin|{baduser}} from {ip}"),
    (BENIGN, "luci: accepted login on / for root from {privip}"),
)
UNRAID = (
    (BRUTE, "webGUI: Unsuccessful login user {pick:root|{baduser}} from {ip}"),
    (BENIGN, "webGUI: Successful login user root from {privip}"),
)
CPANEL = (
    (
        BRUTE,
        '{ip} - {baduser} [{clf}] "POST /login/?login_only=1 HTTP/1.1" FAILED LOGIN '
        "{pick:whostmgrd|cpaneld|webmaild}: user password incorrect",
    ),
    (
        BRUTE,
        '{ip} - {baduser} [{clf}] "POST /login/?login_only=1 HTTP/1.1" FAILED LOGIN '
        "{pick:cpaneld|webmaild}: user name not provided or invalid user",
    ),
    (
        BENIGN,
        "[{space} {tz}] info [{pick:whostmgrd|cpaneld}] {ip} NEW {person}:{blob:16} "
        "address={ip},app={pick:whostmgrd|cpaneld},creator={person},method=handle_form_login,"
        "path=form,possessed=0",
    ),
    (BENIGN, "[{space} {tz}] info [{pick:whostmgrd|cpaneld}] {ip} PURGE {person}:{blob:16} logout"),
)
TYPO3 = (
    (BRUTE, "Login-attempt from {ip} ({rhost}), username '{baduser}', password not accepted!"),
    (BENIGN, "User {person} logged in from {ip} ({rhost})"),
    (BENIGN, "User {person} logged out from TYPO3 Backend"),
)


def _with_who(rows: tuple[tuple[str, str], ...], attack_who: str, benign_who: str) -> Maker:
    """A maker for templates that name the account once or more as ``{who}``."""

    def maker(category: str) -> Make:
        mine = _pick_rows(rows, category)
        who = attack_who if category == BRUTE else benign_who

        def make(c: Ctx, memo: dict[str, str]) -> str:
            return c.fill(
                c.pick(mine),
                memo,
                who=c.fill(who),
                ns=f"{c.when:%m/%d/%Y:%H:%M:%S} GMT {c.fill('{srv}')} 0-PPE-{c.rng.randint(0, 3)}",
                **clock(c.when),
            )

        return make

    return maker


def _pair(
    family: str,
    name: str,
    apps: str | tuple[str, ...],
    maker: Maker,
    weight: float,
    *,
    raw: float = 0.0,
    pid: float = 0.5,
) -> list[Emitter]:
    """A product's attack and benign emitters, equally weighted."""
    return per_category(
        family,
        name,
        apps,
        maker,
        {BRUTE: weight, BENIGN: weight},
        raw=raw,
        pid=pid,
        attack_count=(1, 5),
    )


def _vpn_pair(
    name: str, apps: str | tuple[str, ...], rows: tuple[tuple[str, str], ...], weight: float
) -> list[Emitter]:
    return _pair("vpn-portal", name, apps, _with_who(rows, "{baduser}", "{person}"), weight)


EMITTERS: tuple[Emitter, ...] = rescaled(
    (
        # idp-sso
        *_pair("idp-sso", "keycloak", ("keycloak", "kc.sh", "java"), _keycloak, 1.0, raw=0.5),
        *_pair("idp-sso", "okta", ("okta", "okta-syslog", "okta-logs"), _okta, 0.8),
        *_pair("idp-sso", "entra-id", ("azure-signin", "AzureAD", "eventhub"), _entra, 0.8),
        *_pair(
            "idp-sso", "authentik", ("authentik", "authentik-server", "server"), _authentik, 0.5
        ),
        *_pair("idp-sso", "authelia", "authelia", rows_maker(AUTHELIA), 0.6, raw=0.4),
        *_pair(
            "idp-sso",
            "shibboleth",
            ("shibboleth-idp", "idp", "jetty"),
            rows_maker(SHIBBOLETH),
            0.4,
            raw=0.6,
        ),
        # kerberos-kdc
        *_pair("kerberos-kdc", "krb5kdc", ("krb5kdc", "krb5kdc", "ns-slapd"), _kdc, 0.9),
        # gitforge
        *_pair(
            "gitforge", "gitea", ("gitea", "forgejo", "gitea-web"), rows_maker(GITEA), 0.8, raw=0.5
        ),
        *_pair(
            "gitforge", "gitlab", ("gitlab", "gitlab-rails", "gitlab-ce"), _gitlab, 0.8, raw=0.5
        ),
        # hypervisor
        *_pair(
            "hypervisor",
            "proxmox",
            ("pvedaemon", "pveproxy", "pvedaemon"),
            rows_maker(PROXMOX),
            0.7,
        ),
        *_pair("hypervisor", "esxi", ("Hostd", "hostd", "vobd"), rows_maker(ESXI), 0.6, pid=0.0),
        *_pair(
            "hypervisor",
            "vcenter",
            ("vpxd", "vpxd-svcs", "vmware-sts-idmd"),
            rows_maker(VCENTER),
            0.5,
        ),
        *_pair("hypervisor", "xapi", ("xapi", "xcp-ng"), rows_maker(XAPI), 0.3),
        # backup-server
        *_pair(
            "backup-server",
            "pbs",
            ("proxmox-backup-proxy", "proxmox-backup-api"),
            rows_maker(PBS),
            0.6,
        ),
        *_pair(
            "backup-server",
            "bacula",
            ("bacula-dir", "bacula-fd", "bareos-dir", "bareos-sd"),
            rows_maker(BACULA),
            0.5,
        ),
        *_pair(
            "backup-server",
            "rest-server",
            ("rest-server", "restic-rest-server"),
            rows_maker(REST_SERVER),
            0.4,
            raw=0.6,
        ),
        # media-server
        *_pair(
            "media-server",
            "jellyfin",
            ("jellyfin", "jellyfin-server"),
            rows_maker(JELLYFIN),
            0.6,
            raw=0.6,
        ),
        *_pair("media-server", "navidrome", "navidrome", rows_maker(NAVIDROME), 0.4, raw=0.3),
        *_pair(
            "media-server",
            "audiobookshelf",
            ("audiobookshelf", "node"),
            rows_maker(AUDIOBOOKSHELF),
            0.3,
            raw=0.5,
        ),
        *_pair(
            "media-server", "emby", ("emby-server", "EmbyServer"), rows_maker(EMBY), 0.3, raw=0.5
        ),
        # webmail
        *_pair("webmail", "horde", ("HORDE", "php", "apache2"), rows_maker(HORDE), 0.5),
        *_pair(
            "webmail",
            "zimbra",
            ("zimbra", "zmmailboxd", "mailbox"),
            _with_who(ZIMBRA, "{mailguess}", "{email}"),
            0.5,
            raw=0.5,
        ),
        *_pair(
            "webmail",
            "snappymail",
            ("snappymail", "rainloop", "php-fpm"),
            rows_maker(SNAPPYMAIL),
            0.4,
            raw=0.6,
        ),
        *_pair("webmail", "sogo", ("sogod", "sogo"), rows_maker(SOGO), 0.3),
        # vpn-portal
        *_vpn_pair("pulse", ("PulseSecure", "ivanti-ics", "dsagentd"), PULSE, 0.6),
        *_vpn_pair("globalprotect", ("globalprotect", "PAN-OS", "panos"), GLOBALPROTECT, 0.6),
        *_vpn_pair("netscaler", ("ns", "netscaler", "citrix-adc"), NETSCALER, 0.5),
        *_vpn_pair("sonicwall", ("sonicwall", "SonicOS"), SONICWALL, 0.4),
        *_vpn_pair("openvpn-as", ("openvpnas", "openvpn-as"), OPENVPN_AS, 0.4),
        # admin-panel
        *_pair(
            "admin-panel",
            "synology",
            ("synology", "WebStation", "synoaccess"),
            rows_maker(SYNOLOGY),
            0.5,
            pid=0.0,
        ),
        *_pair("admin-panel", "qnap", "qlogd", rows_maker(QNAP), 0.4),
        *_pair("admin-panel", "pfsense", ("php-fpm", "php"), rows_maker(PFSENSE), 0.5),
        *_pair("admin-panel", "opnsense", ("audit", "configd.py"), rows_maker(OPNSENSE), 0.4),
        *_pair("admin-panel", "luci", ("uhttpd", "rpcd", "luci"), rows_maker(LUCI), 0.4),
        *_pair("admin-panel", "unraid", ("webGUI", "emhttpd"), rows_maker(UNRAID), 0.3, pid=0.0),
        *_pair(
            "admin-panel",
            "cpanel",
            ("cpanel", "cpsrvd", "whostmgr"),
            rows_maker(CPANEL),
            0.4,
            raw=0.6,
        ),
        *_pair("admin-panel", "typo3", ("typo3", "TYPO3"), rows_maker(TYPO3), 0.3),
    )
)
