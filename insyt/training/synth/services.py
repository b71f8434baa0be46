"""Network services with logins: FTP, databases, VoIP, LDAP, Samba, remote
desktop, XMPP, proxies and load balancers, inetd, SNMP, and fail2ban itself.

Labelling decisions:

* A failed login (wrong password, unknown user, ``Access denied for user``,
  ``FATAL: password authentication failed``, SIP ``Wrong password`` /
  ``No matching peer found``, LDAP ``err=49``, VNC/RDP auth failures) is
  brute_force; the same service's successful logins, queries and
  housekeeping are benign.  Local socket logins failing (``'root'@'localhost'``)
  are generated too, and kept brute_force: the line cannot tell a typo from
  a guess, and fail2ban's filters count both.
* SIP ``friendly-scanner``/``sipvicious`` OPTIONS probes and calls to
  international numbers rejected from the default context: recon and
  brute_force respectively (toll-fraud dialling is guessing a dial plan).
* Anonymous LDAP searches of the whole tree from outside, SNMP requests with
  a wrong community, finger requests and NRPE ``not allowed to talk to us``:
  recon.  MySQL/Postgres ``Got an error reading communication packets`` and
  ``could not receive data from client`` are benign.
* Redis ``CONFIG SET dir``/``SLAVEOF`` from a stranger and ``MODULE LOAD
  /tmp/exp.so``: malware_c2 (the well-known Redis dropper chain);
  ``Possible SECURITY ATTACK detected`` (HTTP sent to Redis): network_scan.
* Squid ``TCP_DENIED`` to CONNECT or absolute URLs of other sites from
  strangers (open-proxy probing): network_scan.  fail2ban ``Ban`` lines take
  the category of their jail; ``Unban`` and housekeeping are benign.
"""

from __future__ import annotations

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.vocab import stamp_bracket, stamp_iso_z, stamp_java, stamp_space

FTP = {
    BENIGN: (
        ("vsftpd", '[{user}] OK LOGIN: Client "{ip}"'),
        (
            "vsftpd",
            '[{user}] OK UPLOAD: Client "{ip}", "/{pick:uploads|incoming|backup}/'
            '{word}.{pick:zip|csv|pdf|tar.gz}", {int:100-90000000} bytes, '
            "{float:9000}Kbyte/sec",
        ),
        (
            "vsftpd",
            '[{user}] OK DOWNLOAD: Client "{ip}", "/{word}/{word2}.pdf", '
            "{int:100-9000000} bytes, {float:900}Kbyte/sec",
        ),
        ("vsftpd", 'CONNECT: Client "{ip}"'),
        ("proftpd", "{srv} ({rhost}[{ip}]) - FTP session opened."),
        ("proftpd", "{srv} ({rhost}[{ip}]) - USER {user}: Login successful."),
        ("proftpd", "{srv} ({rhost}[{ip}]) - FTP session closed."),
        (
            "proftpd",
            "{srv} - ProFTPD 1.3.{int:5-8} (maint) (built Thu Jan 1 2024) standalone mode STARTUP",
        ),
        ("pure-ftpd", "({user}@{ip}) [INFO] {user} is now logged in"),
        ("pure-ftpd", "(?@{ip}) [INFO] New connection from {ip}"),
        (
            "pure-ftpd",
            "({user}@{ip}) [NOTICE] /srv/ftp/{user}//{word}.jpg uploaded "
            "({int:1000-9000000} bytes, {float:900}KB/sec)",
        ),
        ("pure-ftpd", "({user}@{ip}) [INFO] Logout."),
        ("ftpd", "connection from {ip} ({rhost}) at {ctime}"),
        ("ftpd", "FTP LOGIN FROM {ip} [{ip}], {user}"),
        ("ftpd", "FTP session closed"),
    ),
    "brute_force": (
        ("vsftpd", '[{baduser}] FAIL LOGIN: Client "{ip}"'),
        (
            "vsftpd",
            "pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp "
            "ruser={baduser} rhost={ip}",
        ),
        ("vsftpd", "pam_unix(vsftpd:auth): check pass; user unknown"),
        ("proftpd", "{srv} ({rhost}[{ip}]) - USER {baduser} (Login failed): Incorrect password."),
        (
            "proftpd",
            "{srv} ({rhost}[{ip}]) - USER {baduser}: no such user found from {rhost} "
            "[{ip}] to {privip}:21",
        ),
        ("proftpd", "{srv} ({ip}[{ip}]) - SECURITY VIOLATION: Root login attempted."),
        (
            "proftpd",
            "{srv} ({ip}[{ip}]) - Maximum login attempts ({int:3-6}) exceeded, connection refused",
        ),
        ("pure-ftpd", "(?@{ip}) [WARNING] Authentication failed for user [{baduser}]"),
        (
            "pure-ftpd",
            "(?@{rhost}) [WARNING] Sorry, cleartext sessions and weak ciphers are not "
            "accepted on this server. Please reconnect using TLS security mechanisms.",
        ),
        ("ftpd", "FTP LOGIN FAILED FROM {ip}, {baduser}"),
        ("ftpd", "repeated login failures from {ip} ({rhost})"),
        ("wu-ftpd", "failed login from {rhost} [{ip}]"),
        (
            "filezilla",
            "({int:100000-999999}) {usdate} - (not logged in) ({ip})> 530 Login or "
            "password incorrect!",
        ),
    ),
}
DATABASE = {
    BENIGN: (
        (
            "mysqld",
            "{mysqlts} {int:1-9999} [Note] Aborted connection {int:1-99999} to db: "
            "'{word}' user: '{svcuser}' host: '{privip}' (Got an error reading "
            "communication packets)",
        ),
        (
            "mysqld",
            "{mysqlts} 0 [Note] /usr/sbin/mysqld: ready for connections. Version: "
            "'{pick:8.0.36|10.11.6-MariaDB-0+deb12u1|5.7.44}'  socket: "
            "'/var/run/mysqld/mysqld.sock'  port: 3306",
        ),
        ("mysqld", "{mysqlts} 0 [Note] InnoDB: Buffer pool(s) load completed at {usdate}"),
        (
            "mysqld",
            "{mysqlts} {int:1-99} [Warning] IP address '{ip}' could not be resolved: "
            "Name or service not known",
        ),
        (
            "mysqld",
            "# Query_time: {float:60}  Lock_time: 0.000{int:100-999} Rows_sent: "
            "{int:0-9999}  Rows_examined: {int:1000-9000000}",
        ),
        (
            "mysqld",
            "SELECT * FROM orders WHERE customer_id = {int:1-99999} AND status IN "
            "('new','paid') ORDER BY created_at DESC;",
        ),
        (
            "mysqld",
            "{mysqlts} {int:1-99} [Warning] Aborted connection {int:1-9999} to db: "
            "'unconnected' user: 'unauthenticated' host: '{privip}' (This connection "
            "closed normally without authentication)",
        ),
        (
            "postgres",
            "{pgts} [{pid}] LOG:  checkpoint complete: wrote {int:1-9000} buffers "
            "({float:9}%); 0 WAL file(s) added, 0 removed, {int:0-9} recycled",
        ),
        (
            "postgres",
            "{pgts} [{pid}] LOG:  duration: {float:9000} ms  statement: SELECT "
            "{word}.* FROM {word} WHERE id = {int:1-99999}",
        ),
        (
            "postgres",
            "{pgts} [{pid}] {svcuser}@{word} LOG:  connection authorized: "
            "user={svcuser} database={word} SSL enabled (protocol=TLSv1.3)",
        ),
        (
            "postgres",
            "{pgts} [{pid}] LOG:  could not receive data from client: Connection reset by peer",
        ),
        (
            "postgres",
            "{pgts} [{pid}] {svcuser}@{word} ERROR:  duplicate key value violates "
            'unique constraint "{word}_pkey"',
        ),
        (
            "postgres",
            '{pgts} [{pid}] {svcuser}@{word} ERROR:  relation "{word}" does not exist '
            "at character {int:10-90}",
        ),
        (
            "postgres",
            '{pgts} [{pid}] LOG:  automatic vacuum of table "{word}.public.{word2}": '
            "index scans: 1",
        ),
        (
            "mongod",
            '{"t":{"$date":"{isoz}"},"s":"I",  "c":"NETWORK",  '
            '"id":{int:20000-60000},   "ctx":"listener","msg":"Connection '
            'accepted","attr":{"remote":"{privip}:{port}","connectionCount":'
            "{int:1-500}}}",
        ),
        (
            "mongod",
            "{isoz} I NETWORK  [conn{int:1-99999}] end connection {privip}:{port} "
            "({int:0-90} connections now open)",
        ),
        (
            "mongod",
            "{isoz} I COMMAND  [conn{int:1-9999}] command {word}.{word2} command: find "
            '{ find: "{word2}", filter: { status: "active" } } planSummary: '
            "IXSCAN { status: 1 } keysExamined:{int:1-9000} docsExamined:"
            "{int:1-9000} {int:100-9000}ms",
        ),
        (
            "redis-server",
            "{pid}:M {redists} * {int:1-100} changes in {int:60-3600} seconds. Saving...",
        ),
        ("redis-server", "{pid}:C {redists} * DB saved on disk"),
        ("redis-server", "{pid}:M {redists} * Background saving terminated with success"),
        (
            "redis-server",
            "{pid}:M {redists} # WARNING: The TCP backlog setting of 511 cannot be "
            "enforced because /proc/sys/net/core/somaxconn is set to the lower "
            "value of 128.",
        ),
        (
            "mssql",
            "Login succeeded for user '{svcuser}'. Connection made using SQL Server "
            "authentication. [CLIENT: {privip}]",
        ),
    ),
    "brute_force": (
        (
            "mysqld",
            "{mysqlts} {int:1-9999} [Warning] Access denied for user '{baduser}'@'{ip}' "
            "(using password: YES)",
        ),
        (
            "mysqld",
            "{mysqlts} {int:1-9999} [Note] Access denied for user 'root'@'{ip}' (using "
            "password: {pick:YES|NO})",
        ),
        (
            "mysqld",
            "{mysqlts} {int:1-9999} [Warning] [MY-010055] [Server] IP address '{ip}' has "
            "been resolved to the host name '{rhost}', which resembles IPv4-address "
            "itself.",
        ),
        ("mysqld", "Access denied for user '{baduser}'@'{ip}' (using password: YES)"),
        (
            "mysqld",
            "{mysqlts} {int:1-9999} [Warning] Access denied for user 'root'@'localhost' "
            "(using password: YES)",
        ),
        (
            "postgres",
            "{pgts} [{pid}] {baduser}@{pick:postgres|template1|{word}} FATAL:  password "
            'authentication failed for user "{baduser}"',
        ),
        (
            "postgres",
            '{pgts} [{pid}] FATAL:  no pg_hba.conf entry for host "{ip}", user '
            '"{baduser}", database "postgres", SSL off',
        ),
        ("postgres", '{pgts} [{pid}] FATAL:  role "{baduser}" does not exist'),
        (
            "mongod",
            "{isoz} I ACCESS   [conn{int:1-99999}] SASL SCRAM-SHA-1 authentication failed "
            "for {baduser} on admin from client {ip}:{port} ; UserNotFound: Could not "
            'find user "{baduser}" for db "admin"',
        ),
        (
            "mongod",
            "{isoz} [conn{int:1-99999}] Failed to authenticate {baduser}@admin from "
            "client {ip}:{port} with mechanism MONGODB-CR: AuthenticationFailed: auth "
            "failed",
        ),
        (
            "redis-server",
            "{pid}:M {redists} # Possible brute force attack: AUTH failed from {ip}:{port}",
        ),
        (
            "mssql",
            "Login failed for user '{pick:sa|admin|{baduser}}'. Reason: Password did not "
            "match that for the login provided. [CLIENT: {ip}]",
        ),
        (
            "mssql",
            "{mssqlts} Logon       Login failed for user '{baduser}'. Reason: {pick:Password did "
            "not match that for the login provided|Could not find a login matching the name "
            "provided|An error occurred while evaluating the password}. [CLIENT: {ip}]",
        ),
        (
            "mssql",
            "Login failed for user '{baduser}'. Reason: Could not find a login matching "
            "the name provided. [CLIENT: {ip}]",
        ),
        (
            "oracle",
            "TNS-12535: TNS:operation timed out ns secondary err code: 12560 Client "
            "address: (ADDRESS=(PROTOCOL=tcp)(HOST={ip})(PORT={port})) ORA-01017: "
            "invalid username/password; logon denied",
        ),
    ),
}
REDIS = {
    # Twins of the dropper chain: replication, saves and modules of the admin's own setup.
    BENIGN: tuple(
        ("redis-server", t)
        for t in (
            "{pid}:S {redists} * Connecting to MASTER {privip}:6379",
            "{pid}:S {redists} * MASTER <-> REPLICA sync: Finished with success",
            "{pid}:M {redists} * Replica {privip}:6379 asks for synchronization",
            "{pid}:M {redists} * Synchronization with replica {privip}:6379 succeeded",
            "{pid}:M {redists} * Module '{pick:ReJSON' loaded from /usr/lib/redis/modules/"
            "rejson.so|search' loaded from /usr/lib/redis/modules/redisearch.so|bf' loaded from "
            "/opt/redis-stack/lib/redisbloom.so}",
            "{pid}:M {redists} * DB saved on disk",
            "{pid}:M {redists} * Background saving started by pid {int:100-99999}",
            "{pid}:C {redists} * DB saved on disk",
            "{pid}:M {redists} * Background saving terminated with success",
            "{pid}:M {redists} * {int:1-10000} changes in {pick:60|300|3600} seconds. Saving...",
            "{pid}:M {redists} * REPLICAOF {privip}:6379 enabled (user request from 'id="
            "{int:3-90} addr=127.0.0.1:{port} laddr=127.0.0.1:6379 fd=8 name= age=0 idle=0 "
            "flags=N')",
            "{pid}:M {redists} * Ready to accept connections tcp",
            "{pid}:M {redists} # Server initialized",
        )
    ),
    "malware_c2": tuple(
        ("redis-server", t)
        for t in (
            "{pid}:M {redists} * Connecting to MASTER {evil}:{pick:6379|8886|60001}",
            "{pid}:S {redists} * MASTER <-> REPLICA sync started",
            "{pid}:M {redists} * Module 'system' loaded from /tmp/{pick:exp.so|red2.so|module.so}",
            "{pid}:M {redists} # Failed opening the RDB file {pick:root|crontab|x} (in server root "
            "dir /{pick:var/spool/cron|etc/cron.d|root/.ssh}) for saving: Permission denied",
            "{pid}:M {redists} * REPLICAOF {evil}:{pick:6379|8886} enabled (user request from "
            "'id=3 addr={ip}:{port} laddr={privip}:6379 fd=8 name= age=0 idle=0 flags=N')",
            "{pid}:M {redists} * DB saved on disk (dbfilename=authorized_keys dir=/root/.ssh)",
        )
    ),
    "network_scan": tuple(
        ("redis-server", t)
        for t in (
            "{pid}:M {redists} # Possible SECURITY ATTACK detected. It looks like somebody is "
            "sending POST or Host: commands to Redis. This is likely due to an attacker attempting "
            "to use Cross Protocol Scripting to compromise your Redis instance. Connection from "
            "{ip}:{port} aborted.",
            "{pid}:M {redists} # Protocol error (invalid multibulk length) from client: "
            "id={int:1-9999} addr={ip}:{port} laddr={privip}:6379 fd=8 name= age=0 idle=0",
        )
    ),
}
VOIP = {
    BENIGN: (
        (
            "asterisk",
            "{astts} VERBOSE[{pid}][C-{hex:8}] pbx.c: Executing [{int:100-999}@"
            'internal:1] Dial("PJSIP/{int:100-999}-{hex:8}", '
            '"PJSIP/{int:100-999},30") '
            "in new stack",
        ),
        (
            "asterisk",
            "{astts} NOTICE[{pid}] res_pjsip/pjsip_configuration.c: Endpoint {int:100-999}"
            " is now Reachable",
        ),
        (
            "asterisk",
            "{astts} VERBOSE[{pid}] chan_sip.c: Registered SIP '{int:100-999}' at {privip}:5060",
        ),
        (
            "asterisk",
            "{astts} WARNING[{pid}] chan_sip.c: Retransmission timeout reached on "
            "transmission {hex:32}@{privip} for seqno 102 (Critical Response)",
        ),
        (
            "asterisk",
            "{astts} NOTICE[{pid}] chan_sip.c: Peer '{int:100-999}' is now Lagged. "
            "(2113ms / 2000ms)",
        ),
        (
            "freeswitch",
            "{fsts} [NOTICE] switch_channel.c:1104 New Channel sofia/internal/"
            "{int:1000-1999}@{privip} [{uuid}]",
        ),
        (
            "freeswitch",
            "{fsts} [INFO] sofia_reg.c:{int:1000-3000} Registered {int:1000-1999}@"
            "{privip} from {privip2}",
        ),
    ),
    "brute_force": (
        (
            "asterisk",
            "{astts} NOTICE[{pid}] chan_iax2.c: No registration for peer '{baduser}' (from {ip})",
        ),
        (
            "asterisk",
            "{astts} NOTICE[{pid}] manager.c: {ip} tried to authenticate with "
            "nonexistent user '{baduser}'",
        ),
        ("asterisk", "{astts} NOTICE[{pid}] manager.c: {ip} failed to authenticate as '{baduser}'"),
        (
            "asterisk",
            "{astts} NOTICE[{pid}] chan_sip.c: Failed to authenticate device "
            '"{int:100-9999}"<sip:{int:100-9999}@{ip}>;tag={hex:8}',
        ),
        (
            "freeswitch",
            "{fsts} [WARNING] sofia_reg.c:{int:1000-3000} Can't find user "
            "[{int:100-9999}@{pubip}] from {ip}",
        ),
        (
            "asterisk",
            '{astts} NOTICE[{pid}] chan_sip.c: Registration from \'"{int:100-9999}" '
            "<sip:{int:100-9999}@{pubip}>' failed for '{ip}:{port}' - {pick:Wrong "
            "password|No matching peer found|Username/auth name mismatch|Device does not "
            "match ACL|Peer is not supposed to register}",
        ),
        (
            "asterisk",
            "{astts} NOTICE[{pid}] res_pjsip/pjsip_distributor.c: Request '{pick:"
            "REGISTER|INVITE}' from '\"{int:100-9999}\" <sip:{int:100-9999}@{pubip}>' "
            "failed for '{ip}:{port}' (callid: {hex:24}) - {pick:No matching endpoint "
            "found|Failed to authenticate|Error to authenticate}",
        ),
        (
            "asterisk",
            '{astts} SECURITY[{pid}] res_security_log.c: SecurityEvent="InvalidPassword"'
            ',EventTV="{isoz}",Severity="Error",Service="PJSIP",EventVersion="2",'
            'AccountID="{int:100-9999}",SessionID="{hex:24}",LocalAddress="IPV4/UDP/'
            '{privip}/5060",RemoteAddress="IPV4/UDP/{ip}/{port}",Challenge="{hex:8}"',
        ),
        (
            "asterisk",
            "{astts} NOTICE[{pid}] chan_sip.c: Call from '' ({ip}:{port}) to extension "
            "'{pick:9011|00|011|900}{int:10000000-999999999}' rejected because extension "
            "not found in context 'default'.",
        ),
        (
            "freeswitch",
            "{fsts} [WARNING] sofia_reg.c:{int:1000-3000} SIP auth failure (REGISTER) "
            "on sofia profile 'internal' for [{int:100-9999}@{pubip}] from ip {ip}",
        ),
        (
            "freeswitch",
            "{fsts} [WARNING] sofia_reg.c:{int:1000-3000} SIP auth challenge (INVITE) "
            "on sofia profile 'external' for [{int:10000000-999999999}@{pubip}] from "
            "ip {ip}",
        ),
    ),
    "recon": (
        (
            "asterisk",
            "{astts} NOTICE[{pid}] chan_sip.c: Sending fake auth rejection for device "
            "{int:100-999}<sip:{int:100-999}@{pubip}>;tag={hex:8}",
        ),
        (
            "asterisk",
            '{astts} SECURITY[{pid}] res_security_log.c: SecurityEvent="InvalidAccountID"'
            ',EventTV="{isoz}",Severity="Error",Service="SIP",AccountID="{int:100-9999}",'
            'RemoteAddress="IPV4/UDP/{ip}/{port}"',
        ),
        (
            "kamailio",
            "NOTICE: <script>: Dropping request from scanner {pick:friendly-scanner|"
            "sipvicious|sipcli/v1.8|VaxSIPUserAgent|pplsip} {ip}:{port}",
        ),
        (
            "opensips",
            "WARNING:core:parse_msg: OPTIONS from {ip}:{port} User-Agent: "
            "{pick:friendly-scanner|sipvicious|SIPScan|sundayddr}",
        ),
    ),
}
DIRECTORY = {
    BENIGN: (
        (
            "slapd",
            "conn={int:1000-99999} fd={int:10-99} ACCEPT from IP={privip}:{port} "
            "(IP=0.0.0.0:{pick:389|636})",
        ),
        (
            "slapd",
            'conn={int:1000-99999} op={int:0-9} BIND dn="uid={person},ou=people,'
            'dc={word},dc=com" method=128',
        ),
        (
            "slapd",
            'conn={int:1000-99999} op={int:0-9} BIND dn="uid={person},ou=people,'
            'dc={word},dc=com" mech=SIMPLE ssf=0',
        ),
        ("slapd", "conn={int:1000-99999} op={int:0-9} RESULT tag=97 err=0 text="),
        (
            "slapd",
            'conn={int:1000-99999} op={int:0-9} SRCH base="ou=people,dc={word},dc=com" '
            'scope=2 deref=0 filter="(uid={person})"',
        ),
        ("slapd", "conn={int:1000-99999} op={int:0-9} UNBIND"),
        ("slapd", "conn={int:1000-99999} fd={int:10-99} closed"),
        ("smbd", "  {user} opened file {word}/{word2}.docx read=Yes write=No (numopen=1)"),
        (
            "smbd",
            "[{usdate}, 0] ../source3/smbd/service.c:{int:1000-1200}(make_connection_snum)"
            "  {privip} ({privip}) connect to service {pick:share|homes|public|scans} "
            "initially as user {user} (uid={int:1000-1999}, gid={int:1000-1999}) "
            "(pid {pid})",
        ),
        (
            "nmbd",
            "  Samba name server {SRV} is now a local master browser for workgroup "
            "WORKGROUP on subnet {privip}",
        ),
        (
            "sssd",
            "[sssd[be[{domain}]]] [sdap_async_sys_connect_done] (0x0020): connect failed "
            "[111][Connection refused].",
        ),
        (
            "krb5kdc",
            "AS_REQ (4 etypes {18 17 20 19}) {privip}: ISSUE: authtime {int:1600000000-"
            "1800000000}, etypes {rep=18 tkt=18 ses=18}, {person}@{DOMAIN} for krbtgt/"
            "{DOMAIN}@{DOMAIN}",
        ),
        ("snmpd", "Connection from UDP: [{privip}]:{port}->[{privip2}]:161"),
        (
            "snmpd",
            "Received SNMP packet(s) from {pick:UDP: [{privip}]:{port}->[{privip2}]:161|"
            "{privip}|{ip}}",
        ),
        ("snmpd", "NET-SNMP version 5.{int:7-9}.{int:0-3}"),
        ("xinetd", "START: {pick:rsync|tftp|telnet|auth} pid={pid} from={privip}"),
        ("xinetd", "EXIT: {pick:rsync|tftp|auth} status=0 pid={pid} duration={int:0-900}(sec)"),
        (
            "xrdp",
            "[INFO ] xrdp_wm_log_msg: login successful for user {person} on display {int:10-30}",
        ),
        (
            "xrdp-sesman",
            "[INFO ] ++ created session (access granted): username {person}, ip "
            "{privip}:{port} - socket: 12",
        ),
        (
            "screensharingd",
            "Authentication: SUCCEEDED :: User Name: {person} :: Viewer Address: "
            "{privip} :: Type: DH",
        ),
        ("x11vnc", "{usdate} Got connection from client {privip}"),
        ("prosody", "c2s{hex:12}	info	Authenticated as {person}@{domain}"),
        (
            "ejabberd",
            "{stamp} [info] <0.{int:100-9999}.0>@ejabberd_c2s:handle_auth_success:"
            "{int:400-500} (tls|<0.{int:100-999}.0>) Accepted c2s PLAIN authentication "
            "for {person}@{domain} by sql backend from {privip}",
        ),
    ),
    "brute_force": (
        ("slapd", "conn={int:1000-99999} op={int:0-9} RESULT tag=97 err=49 text="),
        (
            "slapd",
            "conn={int:1000-99999} op={int:0-9} RESULT tag=97 err=49 text=Invalid credentials",
        ),
        (
            "smbd",
            "  Auth: [SMB2,(null)] user [{DOMAIN}]\\[{baduser}] at [{usdate}] with "
            "[NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [{WS}] remote host "
            "[ipv4:{ip}:{port}] mapped to [{DOMAIN}]\\[{baduser}]. local host "
            "[ipv4:{privip}:445]",
        ),
        (
            "smbd",
            "  check_ntlm_password:  Authentication for user [{baduser}] -> [{baduser}] "
            "FAILED with error NT_STATUS_NO_SUCH_USER",
        ),
        ("xrdp", "[INFO ] AUTHFAIL: user={baduser} ip=::ffff:{ip} time={epoch}"),
        ("xrdp", "[INFO ] xrdp_wm_log_msg: login failed for user {baduser} ip={ip}"),
        ("xrdp-sesman", "[INFO ] ++ failed login for user {baduser}, ip {ip}"),
        (
            "screensharingd",
            "Authentication: FAILED :: User Name: {baduser} :: Viewer Address: {ip} :: Type: DH",
        ),
        ("x11vnc", "{usdate} authProcessClientMessage: authentication failed from {ip}"),
        ("vncserver", "Connections: closed: {ip}::{port} (Authentication failure)"),
        (
            "Xvnc",
            "{usdate} VNCSConnST:  Connections: closed: {ip}::{port} (Authentication failure)",
        ),
        (
            "ejabberd",
            "{stamp} [info] <0.{int:100-9999}.0>@ejabberd_c2s:handle_auth_failure:"
            "{int:400-500} (tcp|<0.{int:100-999}.0>) Failed c2s PLAIN authentication "
            "for {baduser}@{domain} from ::FFFF:{ip}: Invalid username or password",
        ),
        (
            "prosody",
            "c2s{hex:12}	info	Client disconnected: authentication failure: "
            "{baduser}@{domain} from {ip}",
        ),
        (
            "krb5kdc",
            "AS_REQ (4 etypes {18 17 20 19}) {ip}: PREAUTH_FAILED: {baduser}@{DOMAIN} "
            "for krbtgt/{DOMAIN}@{DOMAIN}, Preauthentication failed",
        ),
        ("xinetd", "FAIL: {pick:telnet|amanda|rsync|ftp} {pick:address|libwrap} from={ip}"),
        ("telnetd", "ttloop:  peer died: Invalid or incomplete multibyte or wide character"),
        ("login", "FAILED LOGIN {int:1-3} FROM {ip} FOR {baduser}, Authentication failure"),
        ("nrpe", "Error: Request packet had invalid CRC32 - possible attack from {ip}"),
    ),
    "recon": (
        (
            "slapd",
            'conn={int:1000-99999} op=1 SRCH base="dc={word},dc=com" scope=2 deref=0 '
            'filter="(objectClass=*)"',
        ),
        ("slapd", "conn={int:1000-99999} op=0 BIND anonymous mech=implicit ssf=0"),
        (
            "slapd",
            'conn={int:1000-99999} op=1 SRCH base="" scope=0 deref=0 '
            'filter="(objectClass=*)" attrs="namingContexts supportedLDAPVersion"',
        ),
        (
            "slapd",
            'conn={int:1000-99999} op=2 SRCH base="dc={word},dc=com" scope=2 deref=0 '
            'filter="(&(objectClass=user)(servicePrincipalName=*))"',
        ),
        ("snmpd", "Authentication failed for {pick:public|private|admin|cisco|manager|community}"),
        ("snmpd", "snmpd: bad community string {pick:public|private|cisco} from {ip}"),
        ("nrpe", "Host {ip} is not allowed to talk to us!"),
        ("fingerd", "connect from {ip} ({rhost})"),
        ("fingerd", "finger request for {pick:root|@|admin|{baduser}} from {ip}"),
        ("rpcbind", "connect from {ip} to dump()"),
        (
            "rpc.mountd",
            "refused mount request from {ip} for /{pick:export|srv|home} (/): unmatched host",
        ),
        ("smbd", "  Anonymous logon from {ip}: enumerating shares (NetShareEnumAll)"),
        (
            "smbd",
            "  check_ntlm_password:  Authentication for user [] -> [] FAILED with error "
            "NT_STATUS_NO_SUCH_USER",
        ),
    ),
}
PROXY = {
    BENIGN: (
        (
            "squid",
            "{epoch}.{int:100-999} {int:1-90000} {privip} TCP_{pick:MISS|HIT|TUNNEL|"
            "REFRESH_MODIFIED}/{pick:200|200|304|206} {int:300-9000000} {pick:GET|CONNECT} "
            "{pick:https://{fqdn}/{pathword}|{fqdn}:443} {pick:-|{person}} "
            "{pick:HIER_DIRECT|HIER_NONE}/{pubip} {pick:text/html|-|application/json|"
            "image/jpeg}",
        ),
        (
            "haproxy",
            "{ip}:{port} [{hadate}] {pick:http-in|fe_https~|www} {pick:be_app|"
            "be_static|api}/{srv} {int:0-50}/{int:0-5}/{int:0-9}/{int:1-900}/"
            "{int:1-900} {pick:200|200|304|301|404} {int:100-90000} - - ---- "
            '{int:1-900}/{int:1-900}/{int:0-50}/{int:0-20}/0 0/0 "GET /{pathword} '
            'HTTP/1.1"',
        ),
        (
            "haproxy",
            "Server {pick:be_app|api}/{srv} is {pick:DOWN|UP}, reason: Layer4 "
            '{pick:timeout|connection problem}, info: "Connection refused", check '
            "duration: {int:0-3000}ms. {int:0-3} active and 0 backup servers left.",
        ),
        ("haproxy", "Proxy {word} started."),
        ("haproxy", "{ip}:{port} [{hadate}] fe_tls/1: SSL handshake failure"),
        (
            "traefik",
            'time="{isoz}" level=error msg="service \\"{word}@docker\\" error: '
            'unable to find the IP address for the container" providerName=docker',
        ),
        (
            "envoy",
            "[{isoz}][{int:1-90}][info][upstream] [source/common/upstream/"
            "cluster_manager_impl.cc:{int:100-900}] cm init: all clusters initialized",
        ),
    ),
    "network_scan": (
        (
            "squid",
            "{epoch}.{int:100-999} {int:0-9} {ip} TCP_DENIED/403 {int:3000-4500} CONNECT "
            "{pick:{fqdn}:25|{pubip}:443|mx.{domain}:25|{fqdn}:6667} - HIER_NONE/- "
            "text/html",
        ),
        (
            "squid",
            "{epoch}.{int:100-999} {int:0-9} {ip} TCP_DENIED/403 {int:3000-4500} GET "
            "http://{fqdn}/{pick:azenv.php|proxyheader.php|judge.php|env.cgi} - "
            "HIER_NONE/- text/html",
        ),
        (
            "squid",
            "{epoch}.{int:100-999} {int:0-9} {ip} NONE/400 {int:3000-4500} "
            "NONE error:invalid-request - HIER_NONE/- text/html",
        ),
        (
            "haproxy",
            "{ip}:{port} [{hadate}] http-in http-in/<NOSRV> -1/-1/-1/-1/0 400 "
            '{int:100-300} - - PR-- {int:1-9}/{int:1-9}/0/0/0 0/0 "<BADREQ>"',
        ),
        (
            "haproxy",
            "{ip}:{port} [{hadate}] http-in/1: Received something which does not look "
            "like a PROXY protocol header",
        ),
        (
            "danted",
            "info: block(1): tcp/accept ]: {ip}.{port} {privip}.1080: error after "
            "reading {int:1-30} bytes in 0 seconds: client offered no acceptable "
            "authentication method",
        ),
    ),
}
FAIL2BAN_JAILS = (
    ("sshd", "brute_force"),
    ("sshd-ddos", "network_scan"),
    ("postfix-sasl", "mail_abuse"),
    ("postfix", "mail_abuse"),
    ("dovecot", "brute_force"),
    ("nginx-botsearch", "web_scan"),
    ("apache-noscript", "web_scan"),
    ("nginx-limit-req", "dos"),
    ("recidive", "brute_force"),
    ("wordpress", "brute_force"),
    ("asterisk", "brute_force"),
    ("named-refused", "recon"),
    ("portscan", "network_scan"),
    ("apache-shellshock", "web_exploit"),
    ("sendmail-reject", "mail_abuse"),
    ("exim", "mail_abuse"),
    ("proftpd", "brute_force"),
    ("mysqld-auth", "brute_force"),
    ("nginx-http-auth", "brute_force"),
    ("apache-auth", "brute_force"),
)


def _extra(c: Ctx) -> dict[str, str]:
    when = c.when
    return {
        "mysqlts": c.pick(
            (f"{when:%Y-%m-%d %H:%M:%S}", f"{when:%y%m%d %H:%M:%S}", stamp_iso_z(when))
        ),
        "pgts": f"{when:%Y-%m-%d %H:%M:%S}.{when.microsecond // 1000:03d} "
        + c.pick(("UTC", "CET", "EST", "GMT")),
        "isoz": stamp_iso_z(when),
        "mssqlts": f"{when:%Y-%m-%d %H:%M:%S}.{when.microsecond // 10000:02d}",
        "stamp": stamp_java(when).replace(",", "."),
        "redists": f"{when:%d %b %Y %H:%M:%S}.{when.microsecond // 1000:03d}",
        "astts": stamp_bracket(when) if c.chance(0.7) else f"[{when:%b %d %H:%M:%S}]",
        "fsts": f"{when:%Y-%m-%d %H:%M:%S}.{when.microsecond:06d}",
        "usdate": f"{when:%Y/%m/%d %H:%M:%S}",
        "ctime": f"{when:%a %b %d %H:%M:%S %Y}",
        "epoch": str(int(when.timestamp())),
        "hadate": f"{when:%d/%b/%Y:%H:%M:%S}.{when.microsecond // 1000:03d}",
        "DOMAIN": c.fill("{word}").upper() + c.pick((".LOCAL", ".COM", ".LAN", "")),
        "WS": c.fill("{word}").upper(),
        "SRV": c.fill("{srv}").upper(),
    }


def _table(
    family: str,
    table: dict[str, tuple[tuple[str, str], ...]],
    weights: dict[str, float],
    raw_apps: frozenset[str] = frozenset(),
) -> list[Emitter]:
    """Emitters for a {category: ((app, template), ...)} table of one family of services."""
    out = []
    for category, rows in table.items():

        def emit(
            c: Ctx, rows: tuple[tuple[str, str], ...] = rows, category: str = category
        ) -> list[Line]:
            app, _ = c.pick(rows)
            mine = [t for a, t in rows if a == app]
            scenario = f"benign:{family}" if category == BENIGN else f"attack:{family}-{category}"
            raw = app in raw_apps and c.chance(0.6)
            pid = None if c.chance(0.15) else c.fill("{pid}")
            lines = []
            for _ in range(c.rng.randint(1, 4)):
                msg = c.fill(c.pick(mine), **_extra(c))
                lines.append(c.line(family, category, scenario, app, msg, pid=pid, raw=raw))
            return lines

        out.append(Emitter(f"{family}:{category}", category, weights.get(category, 1.0), emit))
    return out


def _fail2ban(c: Ctx) -> list[Line]:
    jail, category = c.pick(FAIL2BAN_JAILS)
    ip = c.bind.get("ip") or c.fill("{ip}")
    level = c.pick(("NOTICE ", "NOTICE  ", "WARNING "))
    lines = []
    for action, cat in (("Found", category), ("Ban", category), ("Unban", BENIGN)):
        if action == "Found" and c.chance(0.5):
            continue
        if action == "Unban" and c.chance(0.5):
            continue
        body = f"{level} [{jail}] {action} {ip}"
        if action == "Found":
            body = f"INFO    [{jail}] Found {ip} - {stamp_space(c.when)}"
        app = "fail2ban.actions" if action != "Found" else "fail2ban.filter"
        if c.chance(0.5):
            msg = f"{stamp_java(c.when)} {app:<24}[{c.fill('{pid}')}]: {body}"
            lines.append(
                c.line(
                    "fail2ban",
                    cat,
                    f"attack:fail2ban-{cat}" if cat != BENIGN else "benign:fail2ban",
                    app,
                    msg,
                    raw=True,
                )
            )
        else:
            lines.append(
                c.line(
                    "fail2ban",
                    cat,
                    f"attack:fail2ban-{cat}" if cat != BENIGN else "benign:fail2ban",
                    app,
                    body,
                    pid=c.fill("{pid}"),
                )
            )
    return lines


EMITTERS: tuple[Emitter, ...] = (
    *_table("ftp", FTP, {BENIGN: 2.0, "brute_force": 2.5}),
    *_table(
        "database",
        DATABASE,
        {BENIGN: 3.0, "brute_force": 2.5},
        frozenset({"mysqld", "postgres", "mongod", "redis-server"}),
    ),
    *_table(
        "redis",
        REDIS,
        {BENIGN: 1.0, "malware_c2": 1.0, "network_scan": 0.6},
        frozenset({"redis-server"}),
    ),
    *_table(
        "voip",
        VOIP,
        {BENIGN: 1.0, "brute_force": 2.0, "recon": 1.2},
        frozenset({"asterisk", "freeswitch"}),
    ),
    *_table(
        "directory",
        DIRECTORY,
        {BENIGN: 2.0, "brute_force": 2.5, "recon": 2.5},
        frozenset({"ejabberd"}),
    ),
    *_table("proxy", PROXY, {BENIGN: 2.0, "network_scan": 1.2}, frozenset({"squid"})),
    Emitter("fail2ban:ban", "brute_force", 1.0, _fail2ban),
)
