"""Application logs that are not daemons of the OS: structured JSON from Go,
Node and Python services, Python tracebacks, gunicorn/uWSGI/Express access
lines, CI runners, monitoring alerts and backup jobs.

All benign, and deliberately full of what looks alarming out of context:
``CRITICAL`` monitoring states, ``unauthorized`` API responses (401 to a
client whose token expired), ``permission denied`` in a build, ``kill``,
``exec``, ``select``/``drop`` in ORM debug output, base64 payloads and
long hex ids in request logs.
"""

from __future__ import annotations

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.vocab import stamp_iso, stamp_iso_z, stamp_java

JSON_APP = (
    '{"level":"{lvl}","ts":"{isoz}","caller":"{pick:server|api|worker|store}/{word}.go:'
    '{int:20-900}","msg":"{pick:request completed|cache miss|retrying request|job finished|'
    'connection closed|token expired|upstream returned error}","method":"{pick:GET|POST|PUT}",'
    '"path":"/{pathword}/{int:1-9999}","status":{pick:200|200|201|204|401|404|500|503},'
    '"duration_ms":{int:1-9000},"request_id":"{uuid}"}',
    '{"time":"{isoz}","level":"{LVL}","msg":"{pick:GET|POST} /api/{pathword} {pick:200|401|403|'
    '500}","remote_ip":"{privip}","user_agent":"{ua}","latency":"{float:3}s"}',
    '{"@timestamp":"{isoz}","log.level":"{lvl}","message":"{pick:Processed order|Payment '
    "declined|User session expired|Password reset requested|Invalid token signature|Login "
    'succeeded} {pick:for|by} {person}","service.name":"{word}","trace.id":"{hex:32}",'
    '"event.duration":{int:1000-900000000}}',
    '{"timestamp":"{isoz}","severity":"{LVL}","logger":"{word}.{word2}","message":"Executing '
    "SQL: SELECT id, {word} FROM {word2} WHERE {word} = $1 ORDER BY created_at DESC LIMIT "
    '{int:1-100}","args":["{hex:8}"]}',
    '{"level":30,"time":{epochms},"pid":{pid},"hostname":"{srv}","reqId":"req-{int:1-9999}",'
    '"res":{"statusCode":{pick:200|304|401|404}},"responseTime":{float:300},"msg":"request '
    'completed"}',
    '{"ts":"{isoz}","lvl":"warn","msg":"rate limit reached for tenant","tenant":"{word}",'
    '"limit":{int:100-9000},"window":"1m"}',
    '{"level":"error","ts":{epoch}.{int:100-999},"msg":"failed to fetch","url":"https://{fqdn}/'
    '{pathword}","error":"context deadline exceeded (Client.Timeout exceeded while awaiting '
    'headers)"}',
    '{"level":"info","msg":"webhook received","event":"push","repo":"{word}/{word2}",'
    '"payload":"{blob:48}"}',
)
PYTHON_APP = (
    "{pylvl} [{word}.{word2}] {pick:Retrying|Timeout|Connection reset by peer|Task "
    "succeeded|Task failed|Worker exited} {pick:in {int:1-60}s|after {int:1-9} attempts|}",
    "Traceback (most recent call last):",
    '  File "/usr/lib/python3/dist-packages/{word}/{word2}.py", line {int:10-900}, in '
    "{pick:handle|run|_execute|__call__|get}",
    '  File "/opt/{word}/venv/lib/python3.11/site-packages/django/db/backends/utils.py", line '
    "{int:80-110}, in _execute",
    "    return self.cursor.execute(sql, params)",
    "django.db.utils.OperationalError: could not connect to server: Connection refused",
    'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "{word}_pkey"',
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='{fqdn}', port=443): Max "
    "retries exceeded with url: /{pathword} (Caused by NewConnectionError('<urllib3.connection."
    "HTTPSConnection object at 0x7f{hex:10}>: Failed to establish a new connection: [Errno 111] "
    "Connection refused'))",
    "KeyError: '{word}'",
    "PermissionError: [Errno 13] Permission denied: '/var/lib/{word}/{word2}.lock'",
    "[{stamp}] [{pid}] [INFO] Booting worker with pid: {pid2}",
    "[{stamp}] [{pid}] [CRITICAL] WORKER TIMEOUT (pid:{pid2})",
    "[{stamp}] [{pid}] [ERROR] Worker (pid:{pid2}) was sent SIGKILL! Perhaps out of memory?",
    "[pid: {pid}|app: 0|req: {int:1-9999}/{int:1-99999}] {privip} () {{int:30-60} vars in "
    "{int:400-900} bytes} [{ctime}] {pick:GET|POST} /{pathword}?{word}={int:1-99} => generated "
    "{int:100-90000} bytes in {int:1-900} msecs (HTTP/1.1 {pick:200|302|401|404}) "
    "{int:4-9} headers in {int:100-400} bytes (1 switches on core 0)",
    '{privip} - - [{clf}] "{pick:GET|POST} /api/{pathword} HTTP/1.1" {pick:200|401|500} '
    '{int:10-9000} "-" "{ua}" - {float:1} ms',
    "celery.worker.strategy: Task {word}.tasks.{word2}[{uuid}] received",
    "celery.app.trace: Task {word}.tasks.{word2}[{uuid}] succeeded in {float:30}s: None",
)
CI = (
    "Running with gitlab-runner 16.{int:0-11}.{int:0-3} (on {word}-runner {hex:8})",
    "Job succeeded",
    "ERROR: Job failed: exit code {int:1-137}",
    "$ {pick:npm ci|pip install -r requirements.txt|go test ./...|make build|docker build -t "
    "{word}:{hex:7} .|./gradlew test}",
    "Started by user {person}",
    "Started by timer",
    "Building in workspace /var/lib/jenkins/workspace/{word}",
    "[Pipeline] sh",
    "+ rm -rf build/ && mkdir -p build/",
    "+ curl -fsSL https://get.{pick:docker.com|helm.sh} -o install.sh",
    "Finished: {pick:SUCCESS|SUCCESS|FAILURE|UNSTABLE|ABORTED}",
    "npm ERR! code EACCES",
    "npm WARN deprecated {word}@{int:1-9}.{int:0-9}.{int:0-9}: this package is no longer supported",
    "fatal: could not read Username for 'https://{fqdn}': terminal prompts disabled",
    "chmod +x ./scripts/deploy.sh && ./scripts/deploy.sh {pick:staging|production}",
    "Pulling docker image {word}:{pick:latest|1.{int:0-9}|alpine} ...",
    "Uploading artifacts for successful job",
    "Secret detection: no secrets found in {int:10-900} files",
)
MONITORING = (
    "SERVICE ALERT: {srv};{pick:Disk Usage|CPU Load|HTTP|SSH|Swap|PING|MySQL};{pick:CRITICAL|"
    "WARNING|OK|UNKNOWN};{pick:SOFT|HARD};{int:1-4};{pick:DISK CRITICAL - free space: / "
    "{int:10-900} MB ({int:1-9}% inode={int:10-99}%)|CRITICAL - load average: {float:40}, "
    "{float:30}, {float:20}|HTTP OK: HTTP/1.1 200 OK - {int:100-90000} bytes in {float:2} second "
    "response time|Connection refused|PING CRITICAL - Packet loss = 100%}",
    "HOST ALERT: {srv};{pick:DOWN|UP|UNREACHABLE};HARD;{int:1-10};PING {pick:CRITICAL|OK} - "
    "Packet loss = {pick:0|100}%",
    "SERVICE NOTIFICATION: {pick:admins|oncall};{srv};{pick:HTTP|SSH};CRITICAL;notify-service-"
    "by-email;Connection refused",
    "Wrapped external command: [{epoch}] PROCESS_SERVICE_CHECK_RESULT;{srv};{word};0;OK",
    "level=warn ts={isoz} caller=notify.go:{int:700-800} component=dispatcher receiver="
    '{pick:pagerduty|slack|email} integration={pick:slack|email}[0] msg="Notify attempt '
    'failed, will retry later" attempts={int:1-9} err="unexpected status code 429"',
    'level=info ts={isoz} caller=dispatch.go:{int:100-200} component=dispatcher msg="Alert '
    '{pick:firing|resolved}" alert={pick:InstanceDown|HighMemoryUsage|DiskWillFillIn4Hours|'
    "TargetDown|KubePodCrashLooping|HostHighCpuLoad}[{hex:7}][active]",
    "Problem: {pick:High CPU utilization|Zabbix agent is not available|Free disk space is less "
    "than 5% on volume /|Too many processes running|Interface {iface}: Link down} on {srv}",
    "Resolved in {int:1-59}m: {pick:High memory utilization|Unavailable by ICMP ping} on {srv}",
)
BACKUP = (
    "Backup job '{word}' completed: {int:10-900000} files, {float:900} GB transferred, "
    "{int:0-9} warnings",
    "Backup job '{word}' failed: {pick:Connection timed out|No space left on device|Permission "
    "denied while opening /var/lib/{word}/data|Repository is locked}",
    "Bacula: {srv}-fd JobId {int:1000-99999}: Fatal error: Network error with FD during "
    "Backup: ERR=Connection reset by peer",
    'rsync: [sender] send_files failed to open "/srv/{word}/.cache/{hex:8}": Permission '
    "denied (13)",
    "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at "
    "main.c({int:1000-2000}) [sender=3.2.{int:3-7}]",
    "Veeam: Job {word}_daily finished with Success. Processed {int:1-900} GB",
    "duplicity: Last full backup date: {ctime}",
    'pg_dump: dumping contents of table "public.{word}"',
    "mysqldump: Got error: 1045: \"Access denied for user 'backup'@'localhost' (using "
    'password: YES)" when trying to connect',
)


def _extra(c: Ctx) -> dict[str, str]:
    when = c.when
    level = c.pick(("info", "info", "info", "debug", "warn", "error"))
    return {
        "isoz": stamp_iso_z(when) if c.chance(0.5) else stamp_iso(when),
        "epoch": str(int(when.timestamp())),
        "epochms": str(int(when.timestamp() * 1000)),
        "lvl": level,
        "LVL": level.upper(),
        "pylvl": c.pick(("INFO", "WARNING", "ERROR", "DEBUG", "CRITICAL")),
        "stamp": f"{when:%Y-%m-%d %H:%M:%S} {when:%z}",
        "ctime": f"{when:%a %b %d %H:%M:%S %Y}",
        "clf": f"{when:%d/%b/%Y:%H:%M:%S} {when:%z}",
    }


def _app(
    family: str,
    templates: tuple[str, ...],
    apps: tuple[str, ...],
    weight: float,
    stamp_share: float,
) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        app = c.pick(apps)
        pid = c.fill("{pid}") if c.chance(0.7) else None
        out = []
        for _ in range(c.rng.randint(1, 5)):
            c.tick(0, 2)
            msg = c.fill(c.pick(templates), **_extra(c))
            raw = c.chance(stamp_share)
            if raw and not msg.startswith(("{", "[")):
                msg = f"{stamp_java(c.when)} {msg}"
            out.append(c.line(family, BENIGN, f"benign:{family}", app, msg, pid=pid, raw=raw))
        return out

    return Emitter(f"{family}:benign", BENIGN, weight, emit)


EMITTERS: tuple[Emitter, ...] = (
    _app(
        "app-json",
        JSON_APP,
        ("api", "app", "backend", "worker", "node", "gateway", "auth-svc"),
        3.0,
        0.5,
    ),
    _app(
        "python-app",
        PYTHON_APP,
        ("gunicorn", "uwsgi", "celery", "django", "python3", "app"),
        2.0,
        0.4,
    ),
    _app("ci", CI, ("gitlab-runner", "jenkins", "drone", "buildkite-agent"), 1.2, 0.3),
    _app(
        "monitoring", MONITORING, ("nagios", "icinga2", "alertmanager", "zabbix_server"), 1.5, 0.2
    ),
    _app("backup", BACKUP, ("backup", "bacula-dir", "rsync", "veeam", "cron-backup"), 1.0, 0.3),
)
