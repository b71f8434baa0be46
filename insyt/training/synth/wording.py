"""How products word an event: synonyms for every outcome, sentence frames for every kind.

An outcome has *codes* (what an ``action=`` or ``result=`` field holds) and
*phrases* (what a message says).  The banks are wide on purpose: a model that
saw one wording per outcome would learn the wording, not the meaning.  Some
attack outcomes share a benign wording (``web_request``, ``process_start``,
``file_read``, ``dns_query``, ``group_add``, ``elev_ok``): a product that logs
every request or process start does not judge it, and there only the object
(the URL, the command line, the file) decides.

Frames are sentences over an event's fields with ``{phrase}`` where the
outcome goes; attack and benign events of a kind share their frames, so a
twin rendered with the same frame differs only in the words that decide.
Severity and log level words are drawn apart from the outcome, so they never
give a label away.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Wording:
    codes: tuple[str, ...]
    phrases: tuple[str, ...]


def _w(codes: str, phrases: str) -> Wording:
    return Wording(tuple(codes.split()), tuple(p.strip() for p in phrases.split("|")))


_REQUEST = _w(
    "allowed pass ok served forwarded accept logged 200 proxied",
    "request|HTTP request|request served|access|request completed|request processed|"
    "request forwarded|page served|request handled",
)
_PROCESS = _w(
    "started launched exec PROCESS_START created run executed spawn",
    "process started|process created|new process|program executed|process launched|"
    "process execution|command executed|process spawned",
)
_FILE = _w(
    "read opened access allowed success OPEN READ granted",
    "file opened|file read|object access|read access granted|file accessed|open for read|"
    "handle requested|file access audited",
)
_QUERY = _w(
    "query NOERROR resolved ok forwarded cached answered allowed",
    "query|DNS query|query received|client query|lookup|resolved|name resolution|"
    "query forwarded|query answered",
)
_GROUP = _w(
    "added member_added GROUP_ADD success modified updated role_assigned ok",
    "group membership added|user added to group|role assigned|membership updated|"
    "group member added|role granted|group changed|member added",
)
_ELEVATED = _w(
    "success allowed granted COMMAND_RUN permitted executed ok accepted",
    "command executed with elevated rights|privileged session opened|privileged command run|"
    "run-as approved|elevation granted|switch-user session opened|command run as superuser|"
    "elevated session started",
)

WORDING: dict[str, Wording] = {
    # login
    "login_ok": _w(
        "success succeeded OK LOGIN_OK allowed accept AUTH_SUCCESS authenticated pass "
        "login_success granted SIGNIN_SUCCESS",
        "login successful|authentication succeeded|logged in|session opened|sign-in succeeded|"
        "user authenticated|login accepted|access granted|authentication successful|"
        "successful logon|valid credentials|login OK|signed in",
    ),
    "logout": _w(
        "logout LOGOUT session_end closed signed_out disconnect logoff",
        "logged out|session closed|sign-out|user logged off|session ended|logout completed|"
        "signed out",
    ),
    # benign events of a login's shape whose words sound alarming
    "password_changed": _w(
        "password_changed PASSWORD_RESET success updated ok",
        "password changed successfully|password reset completed|credentials updated|"
        "password expired, new password set|password change accepted",
    ),
    "session_expired": _w(
        "expired timeout SESSION_TIMEOUT idle closed",
        "session expired|session timed out, user logged out|idle timeout|token expired, "
        "re-authentication required|session lifetime reached",
    ),
    "mfa_ok": _w(
        "mfa_success MFA_OK verified success pass",
        "MFA challenge passed|second factor verified|push approved|OTP accepted|"
        "two-factor authentication completed",
    ),
    "login_failed": _w(
        "failure failed FAIL LOGIN_FAILED auth_failure denied rejected AUTH_ERROR "
        "bad_credentials signin_failure invalid_credentials LOGON_FAILURE unauthorized 401",
        "authentication failure|login failed|invalid credentials|bad password|access denied|"
        "auth fail|wrong password|sign-in failed|incorrect password|password mismatch|"
        "logon failure|authentication failed|invalid password|credentials rejected|"
        "LOGIN_ERROR|signin_failure",
    ),
    "login_unknown_user": _w(
        "unknown_user INVALID_USER user_not_found NO_SUCH_USER failed denied rejected",
        "user not found|invalid user|unknown user|no such user|account does not exist|"
        "login failed: unknown account|authentication failure: user unknown|invalid username|"
        "unknown principal",
    ),
    "login_locked": _w(
        "locked ACCOUNT_LOCKED lockout blocked denied LOCKED_OUT",
        "account locked|account locked out after repeated failures|"
        "user locked due to failed logins|too many failed attempts, account disabled|"
        "lockout threshold reached|account temporarily locked",
    ),
    "login_repeated": _w(
        "failure MAX_ATTEMPTS too_many_failures blocked denied REPEATED_FAILURE",
        "maximum authentication attempts exceeded|too many authentication failures|"
        "repeated login failures|multiple failed logins|excessive failed sign-ins|"
        "possible password guessing|failed login threshold exceeded",
    ),
    # privileges
    "group_add": _GROUP,
    "priv_group_grant": _w(
        "escalation PRIV_ESCALATION unauthorized ADMIN_GRANT policy_violation elevated alert",
        "privilege escalation|unauthorized privilege grant|admin rights granted without approval|"
        "user added to privileged group outside change control|self-assigned administrator role|"
        "elevation of privilege|user granted itself admin rights",
    ),
    "elev_ok": _ELEVATED,
    "elev_root_shell": _w(
        "escalation ROOT_SHELL PRIV_ESC elevated suspicious alert",
        "privilege escalation|root shell spawned by service account|unexpected elevation to root|"
        "service account obtained root|setuid shell spawned|uid changed to 0|"
        "suspicious privilege elevation",
    ),
    "elev_denied": _w(
        "denied NOT_IN_SUDOERS unauthorized rejected blocked failure",
        "user not in sudoers|unauthorized elevation attempt|privilege elevation denied|"
        "sudo attempt by unauthorized user|run-as denied: not permitted|"
        "user is not allowed to run sudo|incorrect sudo attempt",
    ),
    "elev_exploit": _w(
        "blocked detected EXPLOIT PRIV_ESC prevented alert",
        "privilege escalation exploit detected|local privilege escalation attempt blocked|"
        "kernel exploit attempt detected|exploit of setuid binary prevented|"
        "privilege escalation attempt|exploit blocked",
    ),
    # credentials
    "file_read": _FILE,
    "process_start": _PROCESS,
    "cred_dump_detected": _w(
        "blocked detected alert prevented CREDENTIAL_THEFT quarantined",
        "credential dumping detected|credential theft attempt blocked|"
        "suspicious access to credential store|password hash extraction detected|"
        "credential access by untrusted process|hack tool detected|credential theft detected",
    ),
    # connections
    "conn_allowed": _w(
        "allow accept permit pass established ACCEPT built allowed",
        "connection allowed|connection accepted|session established|traffic permitted|"
        "flow allowed|connection built|session allowed|connection permitted",
    ),
    "conn_closed": _w(
        "close teardown end finished closed session_end",
        "connection closed|session ended|flow finished|teardown|session closed normally|"
        "connection finished",
    ),
    "conn_timeout": _w(
        "timeout aged_out idle_timeout closed expired",
        "connection timed out (idle)|session aged out|idle timeout, flow removed|"
        "TCP session timeout|connection reset after idle period",
    ),
    "portscan": _w(
        "deny drop block detected SCAN alert blocked",
        "port scan detected|TCP port scan|port sweep blocked|scan detected from source|"
        "probe of multiple ports|reconnaissance scan blocked|portscan|port scan attempt",
    ),
    "hostsweep": _w(
        "drop detected SWEEP alert blocked deny",
        "host sweep detected|ping sweep|ICMP sweep|address sweep blocked|"
        "network sweep from source|host scan detected",
    ),
    "stealth_scan": _w(
        "drop dropped detected SCAN alert blocked",
        "XMAS scan packet dropped|NULL scan detected|FIN scan detected|"
        "invalid TCP flags (scan)|stealth scan blocked|TCP flag scan detected",
    ),
    # web
    "web_request": _REQUEST,
    "waf_pass": _w(
        "allowed pass ok logged clean accept",
        "request allowed|no rule matched|request passed inspection|clean request|"
        "inspection passed|request permitted",
    ),
    "waf_scan": _w(
        "blocked detected deny alert logged drop",
        "scanner detected|vulnerability scanner blocked|automated scan detected|"
        "directory brute force detected|security scanner user agent|forced browsing attempt",
    ),
    "waf_exploit": _w(
        "blocked detected deny alert drop rejected",
        "attack detected|malicious request blocked|exploit attempt blocked|"
        "injection attempt detected|request blocked by WAF rule|security rule violated|"
        "attack signature matched",
    ),
    "webshell_detected": _w(
        "blocked detected deny alert drop",
        "web shell access detected|backdoor request blocked|webshell command execution attempt|"
        "web shell upload blocked|backdoor activity detected",
    ),
    # files and malware
    "scan_clean": _w(
        "clean ok pass NO_THREAT allowed scanned none",
        "clean|no threats found|scan completed|file is clean|no malware detected|"
        "scan result: clean|nothing found|no infection found|passed",
    ),
    "infected": _w(
        "infected detected MALWARE virus blocked alert FOUND",
        "infected|malware detected|virus found|threat detected|infection found|"
        "malicious file detected|trojan found|FOUND",
    ),
    "quarantined": _w(
        "quarantined QUARANTINE moved isolated removed deleted",
        "file quarantined|threat quarantined|moved to quarantine|malware removed|virus deleted|"
        "infected file isolated",
    ),
    "webshell_found": _w(
        "detected quarantined infected alert removed",
        "web shell detected|backdoor script found|malicious PHP file detected|"
        "webshell quarantined|web shell found",
    ),
    "outbound_allowed": _w(
        "allowed permit pass accept OK forwarded",
        "connection allowed|URL allowed|request permitted|session permitted|web access allowed|"
        "site allowed",
    ),
    "c2_blocked": _w(
        "blocked deny dropped BLOCK reset sinkholed",
        "C2 beacon blocked|botnet callback blocked|connection to known malware host blocked|"
        "malicious domain blocked|command and control traffic blocked",
    ),
    "c2_detected": _w(
        "detected alert ALERT logged monitor",
        "command and control traffic detected|C&C communication detected|beaconing detected|"
        "malware callback detected|C2 beacon detected",
    ),
    "miner_detected": _w(
        "detected blocked killed quarantined alert terminated",
        "cryptominer detected|coin miner blocked|mining malware terminated|"
        "malicious process killed|miner process detected",
    ),
    # traffic
    "traffic_stats": _w(
        "ok normal stats info pass",
        "traffic statistics|throughput normal|interface counters|session rate normal|"
        "load report|traffic sample|bandwidth usage",
    ),
    "traffic_within": _w(
        "ok normal within_limit pass allowed",
        "rate within threshold|rate limit not reached|connection rate below limit|"
        "traffic within baseline|no anomaly",
    ),
    "flood": _w(
        "flood attack dropped DOS blocked mitigated SYN_FLOOD",
        "flood detected|SYN flood|UDP flood detected|ICMP flood|HTTP request flood|"
        "DoS attack detected|flood attack mitigated|possible SYN flooding|DDoS attack",
    ),
    "rate_limited": _w(
        "rate_limited throttled dropped limit_exceeded blocked 429",
        "rate limit exceeded|request rate too high, throttling|too many requests|"
        "limit exceeded, dropping packets|client throttled: request rate over limit|"
        "threshold exceeded, traffic dropped",
    ),
    "conn_limit": _w(
        "dropped limit_reached blocked refused conn_limit",
        "connection limit reached|max connections per source exceeded|"
        "connection table full, dropping|too many concurrent connections|session limit exceeded",
    ),
    "slow_attack": _w(
        "dropped blocked detected mitigated",
        "slow HTTP attack detected|too many incomplete requests (slowloris)|"
        "slow read DoS detected|slow POST attack mitigated",
    ),
    # DNS
    "dns_query": _QUERY,
    "dns_tunnel_detected": _w(
        "blocked detected alert dropped sinkholed",
        "DNS tunneling detected|possible data exfiltration over DNS|suspicious long DNS query|"
        "high-entropy subdomain detected|DNS tunnel blocked|encoded data in DNS query",
    ),
    # mail
    "mail_delivered": _w(
        "delivered sent accepted OK relayed 250",
        "message delivered|mail accepted for delivery|delivered to mailbox|message relayed|"
        "sent|accepted|delivery successful",
    ),
    "mail_queued": _w(
        "queued accepted OK",
        "queued for delivery|message queued|accepted for local delivery|message accepted",
    ),
    "mail_deferred": _w(
        "deferred retry greylisted 451 tempfail queued",
        "deferred: connection timed out|temporary failure, will retry|"
        "greylisted, try again later|mailbox temporarily unavailable, retrying|"
        "delivery delayed",
    ),
    "relay_denied": _w(
        "rejected denied RELAY_DENIED refused blocked 554",
        "relay access denied|relaying denied|open relay attempt rejected|"
        "unauthorized relay attempt|we do not relay|relay not permitted",
    ),
    "spoofed": _w(
        "rejected quarantined spoofed SPF_FAIL DMARC_REJECT blocked",
        "SPF check failed|DMARC policy reject|sender address spoofed|forged sender|"
        "sender domain spoofing detected|SPF hard fail",
    ),
    "spam_run": _w(
        "blocked spam rate_limited rejected held quarantined",
        "outbound spam detected|sender exceeded message rate|spam run blocked|"
        "bulk spam from compromised account|message rejected as spam|"
        "too many recipients, spam suspected",
    ),
    "rbl_reject": _w(
        "rejected blocked denied RBL_REJECT refused",
        "client host blocked using RBL|sender IP listed in DNSBL|"
        "rejected: listed on spam blocklist|connection refused: blocklisted spam source",
    ),
    # lookups
    "lookup_ok": _w(
        "ok success found answered NOERROR allowed completed",
        "lookup succeeded|directory search|query answered|user lookup|search completed|"
        "record found|lookup completed",
    ),
    "lookup_miss": _w(
        "not_found NXDOMAIN no_such_object miss empty",
        "no such record|entry not found|lookup returned no results|no matching object|"
        "name not found",
    ),
    "axfr_ok": _w(
        "completed allowed ok transferred success",
        "zone transfer completed|AXFR to secondary finished|zone transfer started|"
        "transfer of zone allowed to secondary|zone transfer to secondary",
    ),
    "user_enum": _w(
        "enumeration probe alert denied detected suspicious",
        "user enumeration detected|username probing|account enumeration attempt|"
        "multiple nonexistent users queried|directory harvest attempt|user enumeration attempt",
    ),
    "axfr_refused": _w(
        "refused denied REFUSED blocked unauthorized",
        "zone transfer refused|unauthorized AXFR attempt|zone transfer denied|"
        "AXFR request from unauthorized client|transfer of zone denied",
    ),
    "version_probe": _w(
        "probe refused detected alert fingerprint",
        "version probe|service fingerprinting detected|banner grab|SNMP community probe|"
        "OS fingerprint attempt|version query from unknown host",
    ),
}

FRAMES: dict[str, tuple[str, ...]] = {
    "login": (
        "{Phrase} for user {user} from {src}",
        "{Phrase}: user={user} ip={src} service={proto}",
        "{proto} login for {user} from {src}: {phrase}",
        "{user}@{src}: {phrase}",
        "Authentication attempt by {user} from {src} port {sport}: {phrase}",
        "{Phrase} ({proto}) for account {user}, client {src}, server {dst}",
        "Login attempt for '{user}' via {proto} from {src} - {phrase} ({count} attempts)",
        "[{proto}] {phrase} user {user} src {src}",
    ),
    "membership": (
        "{Phrase}: {user} added to {obj} by {actor}",
        "{actor} modified group {obj}: member {user} added ({phrase})",
        "Group {obj}: {phrase} (member={user}, initiator={actor})",
        "{Phrase} - target group {obj}, account {user}, changed by {actor}",
        "Membership change by {actor} from {src}: {user} -> {obj}: {phrase}",
    ),
    "elevation": (
        "{Phrase}: {user} ran '{payload}' as {obj} via {tool}",
        "{user} : {tool} as {obj} : COMMAND={payload} : {phrase}",
        "{tool}: {phrase} for user {user} (target {obj}) command: {payload}",
        "{Phrase} (user={user}, runas={obj}, cmd={payload})",
        "User {user} requested {obj} privileges with {tool} to run {payload}: {phrase}",
        "{Phrase} [detection: {signature}] user {user} via {tool}: {payload}",
    ),
    "file": (
        "{Phrase}: {obj} by {tool} (user {user})",
        "{user} accessed {obj} using {tool}: {phrase}",
        "{Phrase} object={obj} process={tool} account={user}",
        "File access on {dst}: {obj} opened by {tool} as {user} ({phrase})",
        "{tool}[{user}] {phrase} {obj}",
        "{Phrase}: {tool} touched {obj} as {user} [detection: {signature}]",
    ),
    "process": (
        "{Phrase}: {tool} (user {user}) command line: {payload}",
        "{user} started {tool}: {payload} - {phrase}",
        '{Phrase} image={tool} user={user} cmd="{payload}"',
        "New process by {user} on {dst}: {payload} ({phrase})",
        "{Phrase} [{signature}] process {tool} user {user}: {payload}",
    ),
    "connection": (
        "{Phrase}: {src}:{sport} -> {dst}:{dport} {proto} (rule {signature})",
        "{Phrase} from {src} to {dst} port {dport}/{proto} [{signature}]",
        "{proto} {src}:{sport} > {dst}:{dport} {phrase} policy={signature}",
        "{Phrase} src={src} dst={dst} dport={dport} proto={proto} rule={signature} count={count}",
        "{signature}: {phrase} - source {src}, destination {dst}:{dport}, {count} packets",
        "Connection {src} -> {dst}:{dport} ({proto}): {phrase}, rule {signature}",
    ),
    "web": (
        '{src} {method} {obj} {status} "{tool}" - {phrase}',
        '{Phrase}: {method} https://{dst}{obj} from {src} status {status} agent "{tool}"',
        '{Phrase} client={src} request="{method} {obj}" status={status} ua="{tool}"',
        "HTTP {method} {obj} host={dst} from {src} -> {status} ({phrase}) UA: {tool}",
        "{Phrase} for {src}: {method} {obj} returned {status}, user agent {tool}",
        "{Phrase} [{signature}]: {src} {method} {obj} status {status} UA {tool}",
        "{Phrase}: {method} {obj} from {src} body={payload} status {status}",
    ),
    "filescan": (
        "{Phrase}: {obj} [{signature}] (engine {tool})",
        "{tool} scanned {obj}: {phrase} (threat: {signature})",
        "{Phrase} file={obj} threat={signature} scanner={tool}",
        "Scan of {obj} by {tool} for user {user}: {phrase}, detection {signature}",
        "{obj}: {phrase} ({signature})",
        "{Phrase} on {dst}: {obj} (threat: {signature})",
    ),
    "outbound": (
        "{Phrase}: {src} -> {obj} ({dst}:{dport}) category {signature}",
        "{Phrase} host={src} url={obj} dst={dst} port={dport} category={signature}",
        "{src} requested {obj}: {phrase} [{signature}]",
        "Outbound connection from {src} to {dst}:{dport} ({obj}) - {phrase}, "
        "classification: {signature}",
        "{tool} on {src} connected to {obj}: {phrase} ({signature})",
    ),
    "traffic": (
        "{Phrase} on {dst}:{dport}/{proto}: {rate} pps, {count} sessions ({signature})",
        "{signature}: {phrase} - target {dst} port {dport}, rate {rate}/s",
        "{Phrase} src={src} dst={dst} proto={proto} rate={rate} count={count}",
        "{Phrase} from {src} to {dst}:{dport} ({rate} packets/s) [{signature}]",
        "Traffic monitor: {phrase}, {count} connections, {rate} req/s to {dst}",
    ),
    "dns": (
        "{Phrase}: {src} {method} {obj} {status}",
        "client {src}#{sport}: query: {obj} IN {method} ({phrase})",
        "{Phrase} from {src}: {obj} type {method} -> {status}",
        "{method} {obj} from {src} rcode={status} {phrase}",
        "{Phrase} [{signature}]: {src} asked {obj} ({method})",
        "{Phrase} via {dst}: {obj}/{method} for client {src}",
    ),
    "mail": (
        "{Phrase}: from=<{user}> to=<{obj}> client={src} status={status}",
        "{Phrase} ({signature}): sender {user}, recipient {obj}, relay {src}",
        "{method} from {src}: <{user}> -> <{obj}>: {status} {phrase}",
        "Message from {user} to {obj} via {src}: {phrase} [{signature}]",
        "{Phrase} for <{obj}> from <{user}> at stage {method}, client {src}",
        "{Phrase}: {count} messages from {user} (client {src}, last rcpt {obj})",
    ),
    "lookup": (
        "{Phrase}: {method} {obj} from {src}",
        "{src} {method} {obj} -> {status} ({phrase})",
        "{Phrase} (client={src} op={method} target={obj} result={status})",
        "{method} request for {obj} by {src} on {dst}: {phrase}",
        "{Phrase}: {count} {method} requests from {src} (last target {obj})",
    ),
}

# Words for the component that logs an event of a kind (Java classes, Python loggers).
MODULES: dict[str, tuple[str, ...]] = {
    "login": ("Auth", "Login", "Session", "Authentication", "Sso", "Identity", "Signin"),
    "membership": ("Group", "Role", "Directory", "Iam", "Membership", "Account"),
    "elevation": ("Privilege", "Sudo", "Elevation", "RunAs", "Command", "Audit"),
    "file": ("File", "Storage", "Audit", "ObjectAccess", "Share", "Fs"),
    "process": ("Process", "Exec", "Endpoint", "Sensor", "Activity", "Telemetry"),
    "connection": ("Firewall", "Conn", "Flow", "Session", "Policy", "Packet"),
    "web": ("Http", "Request", "Access", "Waf", "Gateway", "Router"),
    "filescan": ("Scan", "AntiVirus", "Content", "Engine", "Threat", "Inspection"),
    "outbound": ("Proxy", "UrlFilter", "Web", "Egress", "Reputation", "Dns"),
    "traffic": ("Traffic", "Rate", "Qos", "Anomaly", "Ddos", "Stats"),
    "dns": ("Dns", "Resolver", "Query", "Named", "Forwarder", "Zone"),
    "mail": ("Smtp", "Mail", "Delivery", "Mta", "Relay", "Queue"),
    "lookup": ("Directory", "Ldap", "Query", "Snmp", "Lookup", "Zone"),
}

# Event class names per kind (CEF "cat", LEEF "cat"): the kind, never the verdict.
CLASSES: dict[str, tuple[str, ...]] = {
    "login": ("Authentication", "/Authentication", "auth", "Logon", "Access"),
    "membership": ("Account Management", "/IAM/Group", "iam", "Directory"),
    "elevation": ("Privilege Use", "/Host/Privilege", "privilege", "Command"),
    "file": ("Object Access", "/Host/File", "file", "Audit"),
    "process": ("Process", "/Host/Process", "process", "Endpoint"),
    "connection": ("Network", "/Firewall", "traffic", "Session"),
    "web": ("Web", "/Web/Request", "http", "Application"),
    "filescan": ("Antivirus", "/Content/Scan", "av", "Content"),
    "outbound": ("Web Filter", "/Proxy", "url", "Network"),
    "traffic": ("Network", "/Traffic/Rate", "traffic", "Anomaly"),
    "dns": ("DNS", "/Network/DNS", "dns", "Name Resolution"),
    "mail": ("Email", "/Mail/Delivery", "smtp", "Mail"),
    "lookup": ("Directory", "/Network/Query", "query", "Service"),
}

LEVELS = ("INFO", "INFO", "INFO", "WARN", "WARNING", "ERROR", "DEBUG", "NOTICE")
SEVERITY_WORDS = ("low", "medium", "high", "critical", "informational", "warning", "notice",
                  "error", "alert", "Low", "Medium", "High", "info", "minor", "major")
