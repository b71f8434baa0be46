"""Web server error logs, WAFs and web applications' own security logs.

Apache 2.2 and 2.4 error-log shapes, nginx's error log, ModSecurity and
NAXSI, php-fpm, and the login logs of WordPress, Drupal, Joomla, Nextcloud,
Roundcube, phpMyAdmin, Grafana, GitLab, Jenkins, Gitea, Traefik auth and
Guacamole.

Labelling decisions:

* ``File does not exist`` / ``script not found`` / ``open() ... failed`` /
  ``client denied by server configuration`` / ``access forbidden by rule``
  for a path only scanners ask for (``.env``, ``.git``, phpMyAdmin, shells by
  name, backups) is web_scan; for an asset a browser asks for (favicon,
  apple-touch-icon, an old page) it is benign.
* A WAF match takes the category of the rule: scanner detection web_scan,
  injection/XSS/LFI/RCE rules web_exploit, ``Request rate`` rules dos.
* An Apache ``AH01215`` (``error importing function definition`` from bash:
  Shellshock), ``invalid URI path`` with dot-dot escapes, ``Invalid URI in
  request`` with binary garbage: web_exploit.
* A PHP process running ``sh -c`` with recon commands, or ``system()`` /
  ``passthru()`` warnings from an uploads directory: webshell.
* Basic-auth ``user X not found`` / ``Password Mismatch`` and applications'
  failed-login messages: brute_force.
* ``AH00484 MaxRequestWorkers``, mod_reqtimeout ``Request header read
  timeout`` bursts, nginx ``limiting requests``/``limiting connections``:
  dos.  Upstream timeouts, connection resets, PHP notices and fatal errors,
  SSL handshake noise and configuration messages: benign.
"""

from __future__ import annotations

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.payloads import PROBE_PATHS, SQLI, TRAVERSAL, WEBSHELL_NAMES, XSS, encode
from insyt.training.synth.vocab import apache_error_time, stamp_iso, stamp_space

_DOCROOTS = (
    "/var/www/html",
    "/var/www",
    "/srv/http",
    "/usr/share/nginx/html",
    "/var/www/{site}",
    "/home/{person}/public_html",
    "/opt/app/public",
    "/var/www/{site}/htdocs",
)


def _apache(c: Ctx, module: str, level: str, msg: str, client: bool = True) -> str:
    """``[time] [module:level] [pid N:tid M] [client ip:port] msg`` (2.4) or the 2.2 shape."""
    ip = c.bind.get("ip") or c.fill("{client}")
    if c.chance(0.3):  # Apache 2.2
        cl = f"[client {ip}] " if client else ""
        return f"[{apache_error_time(c.when, False)}] [{level}] {cl}{msg}"
    tid = f":tid {c.rng.randint(139600000000000, 140999999999999)}" if c.chance(0.7) else ""
    cl = f"[client {ip}:{c.fill('{port}')}] " if client else ""
    return (
        f"[{apache_error_time(c.when, True)}] [{module}:{level}] [pid {c.fill('{pid}')}{tid}] "
        f"{cl}{msg}"
    )


def _nginx(c: Ctx, level: str, msg: str, request: str | None = None) -> str:
    ip = c.bind.get("ip") or c.fill("{client}")
    site = c.bind.get("site") or c.fill("{site}")
    pid = c.fill("{pid}")
    tail = ""
    if request is not None:
        tail = f', client: {ip}, server: {site}, request: "{request}", host: "{site}"' + (
            f', referrer: "https://{site}/"' if c.chance(0.3) else ""
        )
    return (
        f"{c.when:%Y/%m/%d %H:%M:%S} [{level}] {pid}#{pid}: *{c.rng.randint(1, 9999999)} "
        f"{msg}{tail}"
    )


APACHE_BENIGN = (
    (
        "mpm_event",
        "notice",
        "AH00489: Apache/2.4.{int:29-62} (Ubuntu) OpenSSL/3.0.{int:2-13} "
        "configured -- resuming normal operations",
        False,
    ),
    ("core", "notice", "AH00094: Command line: '/usr/sbin/apache2'", False),
    ("mpm_prefork", "notice", "AH00169: caught SIGTERM, shutting down", False),
    (
        "ssl",
        "warn",
        "AH01909: {site}:443:0 server certificate does NOT include an ID which "
        "matches the server name",
        False,
    ),
    (
        "php",
        "error",
        "PHP Notice:  Undefined index: {word} in {docroot}/{word2}.php on line {int:10-900}",
        True,
    ),
    (
        "php7",
        "error",
        "PHP Warning:  count(): Parameter must be an array or an object that "
        "implements Countable in {docroot}/wp-content/plugins/{word}/{word2}.php on "
        "line {int:10-900}",
        True,
    ),
    (
        "php",
        "error",
        "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to "
        "allocate {int:4096-9000000} bytes) in {docroot}/{word}.php on line "
        "{int:10-900}",
        True,
    ),
    (
        "php",
        "error",
        "PHP Deprecated:  Function create_function() is deprecated in {docroot}/"
        "wp-content/themes/{word}/functions.php on line {int:10-900}",
        True,
    ),
    (
        "proxy",
        "error",
        "(111)Connection refused: AH00957: HTTP: attempt to connect to "
        "127.0.0.1:{pick:8080|3000|8000|9000} (localhost) failed",
        False,
    ),
    (
        "proxy_http",
        "error",
        "(70007)The timeout specified has expired: AH01102: error reading "
        "status line from remote server 127.0.0.1:{pick:8080|3000}",
        True,
    ),
    (
        "proxy_fcgi",
        "error",
        "AH01071: Got error 'PHP message: PHP Warning:  Undefined variable "
        "$" + "{word} in {docroot}/index.php on line {int:10-400}'",
        True,
    ),
    (
        "core",
        "error",
        "(104)Connection reset by peer: [client {client}:{port}] AH02709: read request line failed",
        False,
    ),
    (
        "autoindex",
        "error",
        "AH01276: Cannot serve directory {docroot}/{word}/: No matching "
        "DirectoryIndex (index.html,index.php) found, and server-generated "
        "directory index forbidden by Options directive",
        True,
    ),
    (
        "core",
        "info",
        "AH00128: File does not exist: {docroot}/{pick:favicon.ico|"
        "apple-touch-icon.png|apple-touch-icon-precomposed.png|robots.txt|ads.txt}",
        True,
    ),
    (
        "core",
        "error",
        "File does not exist: {docroot}/{pick:favicon.ico|apple-touch-icon.png|"
        "images/{word}.png|css/{word}.css.map}",
        True,
    ),
    (
        "ssl",
        "info",
        "AH01964: Connection to child {int:0-99} established (server {site}:443)",
        True,
    ),
    (
        "ssl",
        "info",
        "SSL Library Error: error:0A000126:SSL routines::unexpected eof while reading",
        True,
    ),
    ("headers", "debug", "AH01502: headers: ap_headers_output_filter()", True),
    (
        "cgid",
        "error",
        "AH01215: {word}.cgi: warning: setlocale: LC_ALL: cannot change locale (en_US.UTF-8)",
        True,
    ),
    (
        "rewrite",
        "trace3",
        "[{site}/sid#{hex:12}][rid#{hex:12}/initial] applying pattern "
        "'^(.*)$' to uri '/{pathword}'",
        True,
    ),
    (
        "mpm_prefork",
        "error",
        "AH00161: server reached MaxRequestWorkers setting, consider "
        "raising the MaxRequestWorkers setting",
        False,
    ),
)
NGINX_BENIGN = (
    (
        "error",
        'open() "{docroot}/{pick:favicon.ico|apple-touch-icon.png|robots.txt|'
        'apple-touch-icon-precomposed.png}" failed (2: No such file or directory)',
        "GET /{pick:favicon.ico|apple-touch-icon.png|robots.txt} HTTP/1.1",
    ),
    (
        "error",
        "upstream timed out (110: Connection timed out) while reading response header from "
        "upstream",
        "GET /api/{pathword}?id={int:1-9999} HTTP/1.1",
    ),
    (
        "error",
        "connect() failed (111: Connection refused) while connecting to upstream",
        "GET / HTTP/1.1",
    ),
    (
        "error",
        "recv() failed (104: Connection reset by peer) while reading response header from upstream",
        "POST /api/v1/{pathword} HTTP/1.1",
    ),
    (
        "error",
        "client intended to send too large body: {int:1048577-90000000} bytes",
        "POST /upload HTTP/1.1",
    ),
    (
        "warn",
        "an upstream response is buffered to a temporary file "
        "/var/cache/nginx/proxy_temp/{int:1-9}/{int:10-99}/{int:1000000-9999999} while "
        "reading upstream",
        "GET /download/{word}.zip HTTP/1.1",
    ),
    ("info", "client {client} closed keepalive connection", None),
    (
        "info",
        "SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while "
        "SSL handshaking, client: {client}, server: 0.0.0.0:443",
        None,
    ),
    ("notice", "signal process started", None),
    ("notice", 'using inherited sockets from "6;7;"', None),
    ("warn", 'conflicting server name "{site}" on 0.0.0.0:80, ignored', None),
    (
        "error",
        'FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined array key '
        '"{word}" in {docroot}/{word2}.php on line {int:10-900}" while reading response '
        "header from upstream",
        "GET /{word2}.php HTTP/1.1",
    ),
    (
        "error",
        "*{int:1-9999} upstream prematurely closed connection while reading response "
        "header from upstream",
        "GET /ws HTTP/1.1",
    ),
    ("info", "client timed out (110: Connection timed out) while waiting for request", None),
    ("error", 'directory index of "{docroot}/{word}/" is forbidden', "GET /{word}/ HTTP/1.1"),
)
PHPFPM_BENIGN = (
    "[pool www] child {pid} started",
    "[pool www] child {pid} exited with code 0 after {float:9000} seconds from start",
    "[pool www] server reached pm.max_children setting ({int:5-50}), consider raising it",
    "[pool www] seems busy (you may need to increase pm.start_servers, or "
    "pm.min/max_spare_servers),"
    " spawning {int:8-32} children, there are {int:0-5} idle, and {int:10-90} total children",
    "[www] executing too slow ({float:30} sec), logging",
    "fpm is running, pid {pid}",
    "ready to handle connections",
    "Terminating ...",
    '[pool www] child {pid} said into stderr: "NOTICE: PHP message: PHP Warning:  Undefined '
    "variable $" + '{word} in {docroot}/index.php on line {int:10-900}"',
)
APP_AUTH_BENIGN = (
    ("wordpress", "Accepted password for {person} from {client}"),
    (
        "nextcloud",
        '{"reqId":"{blob:20}","level":1,"time":"{isots}","remoteAddr":'
        '"{client}","user":"{person}","app":"admin_audit","method":"POST",'
        '"url":"/login","message":"Login successful: \\"{person}\\""}',
    ),
    (
        "roundcube",
        "Successful login for {person} (ID: {int:1-900}) from {client} in session {hex:26}",
    ),
    (
        "grafana",
        'logger=http.server t={isots} level=info msg="Request Completed" method=GET '
        "path=/api/dashboards/uid/{hex:9} status=200 remote_addr={client} "
        "time_ms={int:1-900} duration={int:1-900}ms size={int:100-90000}",
    ),
    (
        "gitlab",
        '{"severity":"INFO","time":"{isots}","correlation_id":"{hex:26}",'
        '"message":"Successful Login: username={person} ip={client} '
        'method=standard admin=false"}',
    ),
    (
        "jenkins",
        "INFO	jenkins.model.Jenkins#lambda$onInitMilestoneAttained$1: Completed initialization",
    ),
    ("phpmyadmin", "user authenticated: {person} from {client}"),
    ("guacd", 'User "{person}" successfully authenticated from {client}.'),
    (
        "drupal",
        "https://{site}|{epoch}|user|{client}|https://{site}/user/login|"
        "https://{site}/user/login|{int:1-900}||Session opened for {person}.",
    ),
    (
        "gitea",
        "{isots} ...ers/web/auth/auth.go:{int:100-900}:SignInPost() [I] Successful login "
        "for {person} from {client}",
    ),
)
APP_AUTH_BRUTE = (
    ("wordpress", "Authentication failure for {baduser} from {client}"),
    ("wordpress", "Authentication attempt for unknown user {baduser} from {client}"),
    ("wordpress", "XML-RPC authentication attempt for unknown user {baduser} from {client}"),
    ("wordpress", "Blocked user enumeration attempt from {client}"),
    ("wp-fail2ban", "Pingback error 403 generated from {client}"),
    (
        "nextcloud",
        '{"reqId":"{blob:20}","level":2,"time":"{isots}","remoteAddr":'
        '"{client}","user":"--","app":"core","method":"POST","url":'
        '"/login","message":"Login failed: {baduser} (Remote IP: {client})"}',
    ),
    (
        "nextcloud",
        '{"reqId":"{blob:20}","level":2,"time":"{isots}","remoteAddr":'
        '"{client}","app":"no app in context","message":"Bruteforce attempt '
        'from \\"{client}\\" detected for action \\"login\\"."}',
    ),
    (
        "roundcube",
        "IMAP Error: Login failed for {baduser} against localhost from {client}. "
        "AUTHENTICATE PLAIN: Authentication failed. in /usr/share/roundcube/program/"
        "lib/Roundcube/rcube_imap.php on line {int:180-210} (POST /?_task=login&"
        "_action=login)",
    ),
    ("roundcube", "Failed login for {baduser} from {client} in session {hex:26} (error: 0)"),
    ("phpmyadmin", "user denied: {baduser} (mysql-denied) from {client}"),
    ("phpmyadmin", "user denied: {baduser} (allow-denied) from {client}"),
    (
        "grafana",
        'logger=context userId=0 orgId=0 uname= t={isots} level=info msg="Invalid '
        'username or password" error="invalid username or password" remote_addr='
        "{client} traceID=",
    ),
    (
        "grafana",
        'logger=authn.service t={isots} level=info msg="Failed to authenticate request" '
        'client=auth.client.form error="[password-auth.failed] failed to authenticate '
        'identity: [identity.not-found] no user found" remote_addr={client}',
    ),
    (
        "gitlab",
        '{"severity":"ERROR","time":"{isots}","message":"Failed Login: '
        'username={baduser} ip={client}"}',
    ),
    (
        "jenkins",
        "WARNING	j.s.s.HudsonPrivateSecurityRealm#authenticate: Login attempt failed "
        "for {baduser} from {client}",
    ),
    (
        "jenkins",
        "INFO	o.s.s.w.a.AbstractAuthenticationProcessingFilter#unsuccessfulAuthentication:"
        " Login attempt failed: Invalid username or password ({baduser}) from {client}",
    ),
    (
        "drupal",
        "https://{site}|{epoch}|user|{client}|https://{site}/user/login|"
        "https://{site}/user/login|0||Login attempt failed for {baduser}.",
    ),
    (
        "drupal",
        "https://{site}|{epoch}|user|{client}|https://{site}/user/login|"
        "https://{site}/user/login|0||Login attempt failed from {client}.",
    ),
    (
        "joomla",
        "{isots}	{client}	-	Joomla FAILURE: Username and password do not match or you "
        "do not have an account yet.",
    ),
    ("guacd", 'Authentication attempt from {client} for user "{baduser}" failed.'),
    (
        "gitea",
        "{isots} ...ers/web/auth/auth.go:{int:100-900}:SignInPost() [I] Failed "
        "authentication attempt for {baduser} from {client}:{port}: user does not exist "
        "[uid: 0, name: {baduser}]",
    ),
    (
        "traefik",
        '{client} - {baduser} [{clf}] "GET /dashboard/ HTTP/2.0" 401 17 "-" '
        '"{ua}" {int:1-999} "Auth for frontend-Host-{word}-0" "/dashboard/" '
        "{int:0-9}ms",
    ),
    ("directadmin", "{isots}: '{client}' {int:2-9} failed login attempts. Account '{baduser}'"),
    ("mediawiki", "Login for {baduser} failed: Incorrect password entered. Please try again."),
    (
        "odoo",
        "{isots} {pid} INFO {word} odoo.addons.base.models.res_users: Login failed for "
        "db:{word} login:{baduser} from {client}",
    ),
    ("squirrelmail", "Failed webmail login: by {baduser} (auth failed) at {client} on {epoch}"),
    (
        "sogod",
        "SOGoRootPage Login from '{client}' for user '{baduser}' might not have worked - "
        "password policy: 65535  grace: -1  expire: -1  bound: 0",
    ),
    (
        "monit",
        "error    : Warning: Client '{client}' supplied {pick:unknown user '{baduser}'|"
        "wrong password for user '{baduser}'} accessing monit httpd",
    ),
    (
        "murmurd",
        "<W>{stamp} 1 => <{int:1-99}:{baduser}(-1)> Rejected connection from {client}:{port}: "
        "{pick:Wrong certificate or password for existing user|Invalid server password}",
    ),
    (
        "openwebmail",
        "{ctime} - [{pid}] ({client}) {baduser} - login error - {pick:no such user|"
        "password incorrect} - loginname={baduser}",
    ),
    (
        "froxlor",
        "[Login Action {client}] {pick:Unknown user '{baduser}' tried to login.|User "
        "'{baduser}' tried to login with wrong password.}",
    ),
    (
        "tine20",
        "{hex:5} {hex:5} -- none -- - {isots} WARN (4): Tinebase_Controller::login::106 Login "
        "with username {baduser} from {client} failed (-{int:1-3})!",
    ),
    (
        "zoneminder",
        'ERR [{pick:Login denied for user "{baduser}"|Could not retrieve user '
        "{baduser} details}], referer: https://{site}/zm/",
    ),
    (
        "sogod",
        "SOGoRootPage Login from '{client}' for user '{baduser}' might not have worked - "
        "password policy: 65535  grace: -1  expire: -1  bound: 0",
    ),
    ("gitlab", "Failed Login: username={baduser} ip={client}"),
    (
        "portainer",
        "{isots} http error: Invalid credentials (err=Unauthorized) (code=422) "
        "remote={client} user={baduser}",
    ),
    (
        "keycloak",
        "{isots} WARN  [org.keycloak.events] (executor-thread-{int:1-40}) type=LOGIN_ERROR, "
        "realmId={word}, clientId=account-console, userId=null, ipAddress={client}, "
        "error=user_not_found, username={baduser}",
    ),
    (
        "keycloak",
        "{isots} WARN  [org.keycloak.events] (executor-thread-{int:1-40}) type=LOGIN_ERROR, "
        "realmId={word}, clientId={word2}, userId={uuid}, ipAddress={client}, "
        "error=invalid_user_credentials, username={baduser}",
    ),
    (
        "vaultwarden",
        "[{isots}][vaultwarden::api::identity][ERROR] Username or password is "
        "incorrect. Try again. IP: {client}. Username: {mailguess}.",
    ),
    (
        "homeassistant",
        "{stamp} WARNING (MainThread) [homeassistant.components.http.ban] Login "
        "attempt or request with invalid authentication from {client} ({client}).",
    ),
    (
        "proxmox-ve",
        "authentication failure; rhost=::ffff:{client} user={baduser}@pam msg=Authentication "
        "failure",
    ),
    (
        "cockpit-session",
        "pam_unix(cockpit:auth): authentication failure; logname= uid=0 euid=0 "
        "tty= ruser= rhost={client} user={baduser}",
    ),
    ("webmin", "Invalid login as {baduser} from {client}"),
    ("usermin", "Non-existent login as {baduser} from {client}"),
    (
        "openhab",
        '{client} - - [{clf}] "GET /{pick:openhab.app|rest/items|basicui/app} HTTP/1.1" 401 '
        "{int:1000-2000}",
    ),
    ("mantisbt", "Login failed for user '{baduser}' from {client}"),
    ("pihole-FTL", "{stamp} WARNING: Failed login attempt from {client} (wrong password)"),
    ("nagios", "[{epoch}] Error: Authentication failed for user '{baduser}' from {client}"),
    (
        "roundcube",
        "[{rcdate}]: <{hex:8}> Failed login for {mailguess} from {client} in session "
        "{hex:26} (error: {pick:0|-1|1})",
    ),
)
BASIC_AUTH_BRUTE = (
    (
        "apache",
        "auth_basic",
        "error",
        "AH01618: user {baduser} not found: /{pick:admin|private|"
        "manager/html|nagios|status|webdav}",
    ),
    (
        "apache",
        "auth_basic",
        "error",
        "AH01617: user {baduser}: authentication failure for "
        '"/{pick:admin|private|secure}": Password Mismatch',
    ),
    (
        "apache",
        "auth_digest",
        "error",
        "AH01790: user `{baduser}' in realm `{word}' not found: /{pick:private|admin}",
    ),
    (
        "apache",
        "authz_core",
        "error",
        "AH01630: client denied by server configuration: "
        "{docroot}/{pick:wp-login.php|xmlrpc.php|administrator}",
    ),
    ("nginx", "", "error", 'user "{baduser}" was not found in "/etc/nginx/.htpasswd"'),
    ("nginx", "", "error", 'user "{baduser}": password mismatch'),
    ("nginx", "", "error", "no user/password was provided for basic authentication"),
)
MODSEC = (
    (
        "web_exploit",
        "942100",
        "SQL Injection Attack Detected via libinjection",
        "ARGS:{param}",
        "REQUEST-942-APPLICATION-ATTACK-SQLI",
    ),
    (
        "web_exploit",
        "942190",
        "Detects MSSQL code execution and information gathering attempts",
        "ARGS:{param}",
        "REQUEST-942-APPLICATION-ATTACK-SQLI",
    ),
    (
        "web_exploit",
        "941100",
        "XSS Attack Detected via libinjection",
        "ARGS:{param}",
        "REQUEST-941-APPLICATION-ATTACK-XSS",
    ),
    (
        "web_exploit",
        "930100",
        "Path Traversal Attack (/../)",
        "REQUEST_URI",
        "REQUEST-930-APPLICATION-ATTACK-LFI",
    ),
    (
        "web_exploit",
        "930120",
        "OS File Access Attempt",
        "ARGS:{param}",
        "REQUEST-930-APPLICATION-ATTACK-LFI",
    ),
    (
        "web_exploit",
        "932100",
        "Remote Command Execution: Unix Command Injection",
        "ARGS:{param}",
        "REQUEST-932-APPLICATION-ATTACK-RCE",
    ),
    (
        "web_exploit",
        "944150",
        "Potential Remote Command Execution: Log4j / Log4shell",
        "REQUEST_HEADERS:User-Agent",
        "REQUEST-944-APPLICATION-ATTACK-JAVA",
    ),
    (
        "web_exploit",
        "933160",
        "PHP Injection Attack: High-Risk PHP Function Call Found",
        "ARGS:{param}",
        "REQUEST-933-APPLICATION-ATTACK-PHP",
    ),
    (
        "web_exploit",
        "949110",
        "Inbound Anomaly Score Exceeded (Total Score: {int:10-90})",
        "",
        "REQUEST-949-BLOCKING-EVALUATION",
    ),
    (
        "web_scan",
        "913100",
        "Found User-Agent associated with security scanner",
        "REQUEST_HEADERS:User-Agent",
        "REQUEST-913-SCANNER-DETECTION",
    ),
    (
        "web_scan",
        "913120",
        "Found request filename/argument associated with security scanner",
        "REQUEST_FILENAME",
        "REQUEST-913-SCANNER-DETECTION",
    ),
    (
        "web_scan",
        "930130",
        "Restricted File Access Attempt",
        "REQUEST_FILENAME",
        "REQUEST-930-APPLICATION-ATTACK-LFI",
    ),
    (
        "web_scan",
        "920350",
        "Host header is a numeric IP address",
        "REQUEST_HEADERS:Host",
        "REQUEST-920-PROTOCOL-ENFORCEMENT",
    ),
    (
        "dos",
        "912120",
        "Denial of Service (DoS) attack identified from {client} (12 hits since last alert)",
        "",
        "REQUEST-912-DOS-PROTECTION",
    ),
)


def _docroot(c: Ctx) -> str:
    return c.fill(c.pick(_DOCROOTS))


def _extra(c: Ctx) -> dict[str, str]:
    return {
        "docroot": _docroot(c),
        "isots": stamp_iso(c.when),
        "epoch": str(int(c.when.timestamp())),
        "clf": f"{c.when:%d/%b/%Y:%H:%M:%S} +0000",
        "param": c.pick(("id", "q", "page", "file", "search", "cmd", "user")),
    }


def _errorlog(c: Ctx, category: str, scenario: str, make: list[str]) -> list[Line]:
    """Error-log lines as file lines; the family follows each line's shape."""
    out = []
    for msg in make:
        family = "apache-error" if msg.startswith("[") else "nginx-error"
        app = c.pick((family, "httpd" if family == "apache-error" else "nginx", "error_log"))
        out.append(c.line(family, category, scenario, app, msg, raw=True))
    return out


def _apache_benign(c: Ctx) -> list[Line]:
    out = []
    for _ in range(c.rng.randint(1, 3)):
        module, level, template, has_client = c.pick(APACHE_BENIGN)
        out.append(_apache(c, module, level, c.fill(template, **_extra(c)), has_client))
    return _errorlog(c, BENIGN, "benign:web-error", out)


def _nginx_benign(c: Ctx) -> list[Line]:
    out = []
    for _ in range(c.rng.randint(1, 3)):
        level, template, request = c.pick(NGINX_BENIGN)
        extra = _extra(c)
        out.append(
            _nginx(
                c,
                level,
                c.fill(template, **extra),
                None if request is None else c.fill(request, **extra),
            )
        )
    return _errorlog(c, BENIGN, "benign:web-error", out)


def _probe_path(c: Ctx) -> str:
    return c.fill(c.pick(PROBE_PATHS)).split("?")[0]


def _scan_errors(c: Ctx) -> list[Line]:
    nginx = c.chance(0.4)
    out = []
    for _ in range(c.rng.randint(1, 5)):
        path = _probe_path(c)
        root = _docroot(c)
        if nginx:
            msg = c.pick(
                (
                    f'open() "{root}{path}" failed (2: No such file or directory)',
                    "access forbidden by rule",
                    f'"{root}{path.rstrip("/")}/index.php" is not found '
                    "(2: No such file or directory)",
                    'FastCGI sent in stderr: "Primary script unknown" while reading '
                    "response header from upstream",
                )
            )
            out.append(_nginx(c, "error", msg, f"GET {path} HTTP/1.1"))
        else:
            module, msg = c.pick(
                (
                    ("core", f"AH00128: File does not exist: {root}{path}"),
                    ("core", f"File does not exist: {root}{path}"),
                    ("authz_core", f"AH01630: client denied by server configuration: {root}{path}"),
                    (
                        "php",
                        f"script '{root}/{c.pick(WEBSHELL_NAMES)}' not found or unable to stat",
                    ),
                    (
                        "cgi",
                        f"AH02811: script not found or unable to stat: /usr/lib/cgi-bin/"
                        f"{c.pick(('php', 'php5', 'test-cgi', 'printenv', 'luci', 'login.cgi'))}",
                    ),
                    ("proxy_fcgi", "AH01071: Got error 'Primary script unknown'"),
                    (
                        "core",
                        f"AH00037: Symbolic link not allowed or link target not accessible: "
                        f"{root}{path}",
                    ),
                )
            )
            out.append(_apache(c, module, "error", msg))
    return _errorlog(c, "web_scan", "attack:web-scan", out)


def _exploit_errors(c: Ctx) -> list[Line]:
    out = []
    for _ in range(c.rng.randint(1, 3)):
        r = c.rng.random()
        if r < 0.25:
            out.append(
                _apache(
                    c,
                    "cgi",
                    "error",
                    c.pick(
                        (
                            "AH01215: /bin/bash: error importing function definition for "
                            "`HTTP_USER_AGENT'",
                            "AH01215: /bin/bash: warning: HTTP_USER_AGENT: ignoring function "
                            "definition "
                            "attempt",
                            "AH01215: /bin/bash: error importing function definition for "
                            "`BASH_FUNC_x'",
                        )
                    ),
                )
            )
        elif r < 0.45:
            trav = c.pick(
                (
                    "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh",
                    "/icons/.%2e/%2e%2e/%2e%2e/etc/passwd",
                    "/cgi-bin/%%32%65%%32%65/%%32%65%%32%65/etc/passwd",
                    "/..%2f..%2f..%2f..%2fetc/passwd",
                )
            )
            out.append(
                _apache(
                    c,
                    "core",
                    "error",
                    c.pick(
                        (
                            f"AH10244: invalid URI path ({trav})",
                            f"AH00126: Invalid URI in request GET {trav} HTTP/1.1",
                        )
                    ),
                )
            )
        elif r < 0.6:
            junk = "".join(
                c.pick(("\\x", "")) + c.fill("{hex:2}") for _ in range(c.rng.randint(8, 30))
            )
            out.append(_apache(c, "core", "error", f"AH00126: Invalid URI in request {junk}"))
        elif r < 0.8:
            payload = encode(c.fill(c.pick(SQLI + XSS + TRAVERSAL)), c.rng)
            extra = _extra(c)
            naxsi = c.fill(
                "NAXSI_FMT: ip={ip}&server={site}&uri=/{pathword}&vers=1.3&total_processed="
                "{int:100-99999}&total_blocked={int:1-999}&config=block&cscore0=${pick:SQL|XSS|"
                "TRAVERSAL|RFI|EVADE}&score0={int:8-96}&zone0=ARGS&id0={int:1000-1999}"
                "&var_name0={param}",
                **extra,
            )
            out.append(
                _nginx(
                    c,
                    "error",
                    naxsi,
                    f"GET /{c.fill('{pathword}')}?{extra['param']}={payload} HTTP/1.1",
                )
            )
        else:
            out.append(
                _apache(
                    c,
                    "php",
                    "error",
                    c.fill(
                        c.pick(
                            (
                                "PHP Warning:  "
                                "include({pick:../../../../etc/passwd|php://input|"
                                "http://{evil}/x.txt}): "
                                "Failed to open stream: "
                                "{pick:No such file or directory|operation failed} in "
                                "{docroot}/{pick:index|page|view}.php on line {int:10-300}",
                                "PHP Warning:  mysqli_query(): (42000/1064): You have an error in "
                                "your SQL syntax; "
                                "check the manual that corresponds to your MariaDB server version "
                                "for the right "
                                "syntax to use near '\\' OR 1=1-- -' LIMIT 1' at line 1 in "
                                "{docroot}/item.php on "
                                "line {int:10-300}",
                                "PHP Warning:  "
                                "file_get_contents(php://filter/convert.base64-encode/resource="
                                "{pick:index|config|wp-config}.php): Failed to open stream in "
                                "{docroot}/page.php "
                                "on line {int:10-300}",
                                "PHP Warning:  unserialize(): Error at offset 0 of {int:40-400} "
                                "bytes in "
                                "{docroot}/lib/session.php on line {int:10-300}",
                            )
                        ),
                        **_extra(c),
                    ),
                )
            )
    return _errorlog(c, "web_exploit", "attack:web-exploit", out)


def _modsec(c: Ctx, category: str) -> list[Line]:
    rules = [r for r in MODSEC if r[0] == category]
    out = []
    for _ in range(c.rng.randint(1, 3)):
        _, rule_id, msg, var, conf = c.pick(rules)
        extra = _extra(c)
        data = (
            c.fill(c.pick(SQLI + XSS + TRAVERSAL))
            if category == "web_exploit"
            else c.fill(c.pick(("{scanua}", "{scanua}", "/.env", "/.git/config", "{pubip}")))
        )
        uri = (
            "/"
            + c.fill("{pathword}")
            + (f"?{extra['param']}={encode(data, c.rng)}" if category == "web_exploit" else "")
        )
        text = (
            f"ModSecurity: {c.pick(('Warning.', 'Access denied with code 403 (phase 2).'))} "
            f'Matched "Operator '
            f"`{c.pick(('Rx', 'PmFromFile', 'DetectSQLi', 'DetectXSS', 'Ge'))}' "
            f"with parameter `...' against variable `{var}' (Value: `{data[:60]}' ) "
            f'[file "/usr/share/modsecurity-crs/rules/{conf}.conf"] [line '
            f'"{c.rng.randint(20, 1800)}"] '
            f'[id "{rule_id}"] [msg "{c.fill(msg, **extra)}"] [data "Matched Data: '
            f"{data[:40]} "
            f'found within {var}"] [severity "CRITICAL"] [ver '
            f'"OWASP_CRS/3.3.{c.rng.randint(0, 5)}"] '
            f'[hostname "{c.fill("{site}")}"] [uri "{uri}"] [unique_id '
            f'"{c.fill("{blob:20}")}"]'
        )
        text = text.replace("{param}", extra["param"])
        if c.chance(0.6):
            out.append(_apache(c, "security2", "error", text))
        else:
            out.append(
                _nginx(
                    c,
                    "error",
                    "[client " + (c.bind.get("ip") or c.fill("{client}")) + "] " + text,
                    f"GET {uri} HTTP/1.1",
                )
            )
    return _errorlog(
        c,
        category,
        f"attack:waf-{category}",
        out,
    )


def _webshell_errors(c: Ctx) -> list[Line]:
    out = []
    for _ in range(c.rng.randint(1, 3)):
        shell = c.pick(WEBSHELL_NAMES)
        up = c.fill(
            c.pick(
                (
                    "{docroot}/wp-content/uploads/{int:2019-2025}/{int:10-12}",
                    "{docroot}/uploads",
                    "{docroot}/images",
                    "{docroot}/hackable/uploads",
                )
            ),
            docroot=_docroot(c),
        )
        msg = c.fill(
            c.pick(
                (
                    "sh: 1: {pick:ifconfig|netstat|python|gcc|nc}: not found",
                    "sh: line 1: {pick:wget|curl}: command not found",
                    "PHP Warning:  system(): Unable to fork [{pick:id|whoami|uname -a|ls -la}] in "
                    + up
                    + "/"
                    + shell
                    + " on line {int:1-90}",
                    "PHP Warning:  shell_exec() has been disabled for security reasons in "
                    + up
                    + "/"
                    + shell
                    + " on line {int:1-90}",
                    "PHP Warning:  passthru(): Cannot execute a blank command in "
                    + up
                    + "/"
                    + shell
                    + " on line {int:1-9}",
                    "PHP Parse error:  syntax error, unexpected end of file in "
                    + up
                    + "/"
                    + shell
                    + "(1) : eval()'d code on line 1",
                    "uid=33(www-data) gid=33(www-data) groups=33(www-data)",
                    "Linux {srv} {int:4-6}.{int:1-19}.0-{int:10-99}-generic #{int:10-99}-Ubuntu "
                    "SMP "
                    "x86_64 GNU/Linux",
                )
            )
        )
        out.append(_apache(c, c.pick(("php", "php7", "cgi", "core")), "error", msg))
    return _errorlog(c, "webshell", "attack:webshell", out)


def _dos_errors(c: Ctx) -> list[Line]:
    out = []
    for _ in range(c.rng.randint(1, 4)):
        r = c.rng.random()
        if r < 0.55:
            zone = c.pick(("one", "req_limit", "perip", "api", "login", "conn_limit", "addr"))
            what = c.pick(
                (
                    f'limiting requests, excess: {c.rng.uniform(0.5, 90):.3f} by zone "{zone}"',
                    f'limiting connections by zone "{zone}"',
                    f'delaying request, excess: {c.rng.uniform(0.1, 9):.3f}, by zone "{zone}"',
                )
            )
            out.append(
                _nginx(
                    c,
                    c.pick(("error", "warn")),
                    what,
                    c.fill(
                        c.pick(
                            (
                                "GET / HTTP/1.1",
                                "GET /{pathword} HTTP/1.1",
                                "POST /wp-login.php HTTP/1.1",
                                "GET /?{int:1-99999} HTTP/1.1",
                            )
                        )
                    ),
                )
            )
        elif r < 0.75:
            out.append(
                _apache(
                    c,
                    "mpm_event",
                    "error",
                    "AH00484: server reached MaxRequestWorkers "
                    "setting, consider raising the "
                    "MaxRequestWorkers setting",
                    False,
                )
            )
        elif r < 0.9:
            out.append(_apache(c, "reqtimeout", "info", "AH01382: Request header read timeout"))
        else:
            out.append(
                _apache(
                    c,
                    "mpm_event",
                    "error",
                    "AH03490: scoreboard is full, not at MaxRequestWorkers.Increase ServerLimit.",
                    False,
                )
            )
    return _errorlog(c, "dos", "attack:http-flood", out)


# TLS handshakes that fail on protocol garbage: what port scanners and banner grabbers leave
# on a TLS port (an HTTP request, SSLv2/SSLv3 hellos, random bytes).
TLS_PROBES = (
    "SSL_do_handshake() failed (SSL: error:{pick:0A00010B|1408F10B}:SSL routines:{pick::|"
    "ssl3_get_record:}wrong version number) while SSL handshaking, client: {ip}, server: "
    "0.0.0.0:{pick:443|8443}",
    "SSL_do_handshake() failed (SSL: error:1408F0C6:SSL routines:ssl3_get_record:packet length "
    "too long) while SSL handshaking, client: {ip}, server: 0.0.0.0:443",
    "SSL_do_handshake() failed (SSL: error:0A00009C:SSL routines::http request) while SSL "
    "handshaking, client: {ip}, server: 0.0.0.0:443",
    "SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while "
    "SSL handshaking, client: {ip}, server: 0.0.0.0:443",
    "SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL "
    "handshaking, client: {ip}, server: 0.0.0.0:443",
    "SSL_do_handshake() failed (SSL: error:0A0001BB:SSL routines::bad record type error:0A000139:"
    "SSL routines::record layer failure) while SSL handshaking, client: {ip}, server: 0.0.0.0:443",
    "SSL_do_handshake() failed (SSL: error:1408F0A0:SSL routines:ssl3_get_record:length too "
    "short) while SSL handshaking, client: {ip}, server: 0.0.0.0:443",
    "client sent invalid method while reading client request line, client: {ip}, server: "
    '{site}, request: "{pick:\\x16\\x03\\x01\\x00|\\x03\\x00\\x00|SSH-2.0-Go|'
    'MGLNDD_{ip}_443}"',
    "client sent plain HTTP request to HTTPS port while reading client request headers, "
    'client: {ip}, server: {site}, request: "GET / HTTP/1.1"',
)


def _tls_probe(c: Ctx) -> list[Line]:
    out = []
    for _ in range(c.rng.randint(1, 3)):
        out.append(_nginx(c, c.pick(("crit", "info", "error")), c.fill(c.pick(TLS_PROBES))))
    return _errorlog(c, "network_scan", "attack:tls-probe", out)


def _app_auth(category: str, rows: tuple[tuple[str, str], ...], weight: float) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        app, _ = c.pick(rows)
        mine = [t for a, t in rows if a == app]
        scenario = "benign:webapp-login" if category == BENIGN else "attack:webapp-bruteforce"
        pid = c.fill("{pid}") if c.chance(0.5) else None
        raw = c.chance(0.35)
        out = []
        for _ in range(c.rng.randint(1, 4) if category != BENIGN else 1):
            msg = c.fill(c.pick(mine), **_extra(c))
            if raw and not msg.startswith(("{", "2", "[")):
                msg = f"{stamp_space(c.when)} {msg}"
            out.append(c.line("webapp-auth", category, scenario, app, msg, pid=pid, raw=raw))
        return out

    return Emitter(f"webapp-auth:{category}", category, weight, emit)


def _basic_auth(c: Ctx) -> list[Line]:
    out = []
    for _ in range(c.rng.randint(1, 4)):
        server, module, level, template = c.pick(BASIC_AUTH_BRUTE)
        msg = c.fill(template, **_extra(c))
        out.append(
            _apache(c, module, level, msg)
            if server == "apache"
            else _nginx(c, level, msg, c.fill("GET /{pick:admin|private|nagios}/ HTTP/1.1"))
        )
    return _errorlog(c, "brute_force", "attack:http-auth-bruteforce", out)


def _phpfpm(c: Ctx) -> list[Line]:
    out = []
    for _ in range(c.rng.randint(1, 2)):
        msg = c.fill(c.pick(PHPFPM_BENIGN), **_extra(c))
        level = c.pick(("NOTICE", "WARNING", "NOTICE"))
        if c.chance(0.5):
            out.append(
                c.line(
                    "php-fpm",
                    BENIGN,
                    "benign:php-fpm",
                    "php-fpm",
                    f"[{c.when:%d-%b-%Y %H:%M:%S}] {level}: {msg}",
                    raw=True,
                )
            )
        else:
            out.append(
                c.line(
                    "php-fpm",
                    BENIGN,
                    "benign:php-fpm",
                    c.pick(("php-fpm", "php-fpm8.2", "php7.4-fpm")),
                    f"{level}: {msg}",
                    pid=c.fill("{pid}"),
                )
            )
    return out


EMITTERS: tuple[Emitter, ...] = (
    Emitter("apache-error:benign", BENIGN, 3.0, _apache_benign),
    Emitter("nginx-error:benign", BENIGN, 3.0, _nginx_benign),
    Emitter("php-fpm:benign", BENIGN, 1.0, _phpfpm),
    Emitter("web-error:scan", "web_scan", 2.0, _scan_errors),
    Emitter("web-error:exploit", "web_exploit", 2.0, _exploit_errors),
    Emitter("waf:exploit", "web_exploit", 1.5, lambda c: _modsec(c, "web_exploit")),
    Emitter("waf:scan", "web_scan", 0.8, lambda c: _modsec(c, "web_scan")),
    Emitter("waf:dos", "dos", 0.4, lambda c: _modsec(c, "dos")),
    Emitter("web-error:webshell", "webshell", 1.5, _webshell_errors),
    Emitter("web-error:tls-probe", "network_scan", 1.0, _tls_probe),
    Emitter("web-error:dos", "dos", 3.0, _dos_errors),
    Emitter("web-error:basic-auth", "brute_force", 1.2, _basic_auth),
    _app_auth(BENIGN, APP_AUTH_BENIGN, 1.5),
    _app_auth("brute_force", APP_AUTH_BRUTE, 3.0),
)
