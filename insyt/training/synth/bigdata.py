"""Cluster and application-server logs: HDFS, Hadoop/YARN/MapReduce, Spark,
ZooKeeper, Kafka, Elasticsearch, OpenStack, Tomcat/Spring, supercomputer RAS
logs (BlueGene-style, HPC node events, Thunderbird-style syslog relays).

All benign.  These systems log in their own shapes (log4j layouts, RAS
records, numeric node ids), are full of words like ``error``, ``failed``,
``exception``, ``denied`` and ``timeout`` in ordinary operation, and carry
long block ids, hashes and request ids; a model that flags them would drown
an operator.  Java stack traces are emitted as the separate lines they
become in a log stream (``\\tat ...``, ``Caused by: ...``).
"""

from __future__ import annotations

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.vocab import stamp_java

_LEVELS = ("INFO", "INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR")

HDFS = (
    "dfs.DataNode$PacketResponder: PacketResponder {int:0-2} for block blk_{blk} terminating",
    "dfs.DataNode$PacketResponder: Received block blk_{blk} of size {blksize} from /{privip}",
    "dfs.DataNode$DataXceiver: Receiving block blk_{blk} src: /{privip}:{port} dest: "
    "/{privip2}:50010",
    "dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: {privip}:50010 is "
    "added to blk_{blk} size {blksize}",
    "dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: /user/root/{word}/_temporary/"
    "_task_{int:200800000000-200899999999}_{int:1-9999}_m_{int:0-9999}_0/part-{int:0-9999}. "
    "blk_{blk}",
    "dfs.DataNode$DataXceiver: {privip}:50010 Served block blk_{blk} to /{privip2}",
    "dfs.DataNode$DataXceiver: writeBlock blk_{blk} received exception java.io.IOException: "
    "Could not read from stream",
    "dfs.DataNode: {privip}:50010:Got exception while serving blk_{blk} to /{privip2}:",
    "dfs.FSDataset: Deleting block blk_{blk} file /mnt/hadoop/dfs/data/current/subdir{int:0-63}/"
    "blk_{blk}",
    "dfs.FSNamesystem: BLOCK* NameSystem.delete: blk_{blk} is added to invalidSet of "
    "{privip}:50010",
    "dfs.DataBlockScanner: Verification succeeded for blk_{blk}",
    "dfs.DataNode$BlockReceiver: Exception in receiveBlock for block blk_{blk} "
    "java.io.EOFException",
    "dfs.DataNode: {privip}:50010 Starting thread to transfer block blk_{blk} to {privip2}:50010",
    "dfs.FSNamesystem: BLOCK* ask {privip}:50010 to replicate blk_{blk} to datanode(s) "
    "{privip2}:50010",
    "dfs.DataNode$PacketResponder: PacketResponder blk_{blk} {int:0-2} Exception "
    "java.net.SocketTimeoutException: 60000 millis timeout while waiting for channel to be ready "
    "for read",
)
HADOOP = (
    "[main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application "
    "appattempt_{appid}_000001",
    "[AsyncDispatcher event handler] org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl: "
    "attempt_{appid}_m_0000{int:10-99}_0 TaskAttempt Transitioned from {pick:NEW|UNASSIGNED|"
    "ASSIGNED|RUNNING} to {pick:UNASSIGNED|ASSIGNED|RUNNING|SUCCEEDED}",
    "[RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: "
    "Recalculating schedule, headroom=<memory:{int:1000-90000}, vCores:{int:0-40}>",
    "[LeaseRenewer:{svcuser}@{srv}:9000] org.apache.hadoop.hdfs.LeaseRenewer: Failed to renew "
    "lease for [DFSClient_NONMAPREDUCE_{int:100000000-999999999}_1] for {int:10-900} seconds.  "
    "Will retry shortly ...",
    "[RMCommunicator Allocator] org.apache.hadoop.ipc.Client: Retrying connect to server: "
    "{srv}/{privip}:8030. Already tried {int:0-9} time(s); retry policy is "
    "RetryUpToMaximumCountWithFixedSleep(maxRetries=10, sleepTime=1000 MILLISECONDS)",
    "[IPC Server handler {int:0-29} on {int:40000-60000}] "
    "org.apache.hadoop.mapred.TaskAttemptListenerImpl: "
    "Progress of TaskAttempt attempt_{appid}_m_0000{int:10-99}_0 is : {float:1}",
    "[main] org.apache.hadoop.yarn.server.nodemanager.containermanager.ContainerManagerImpl: "
    "Start request for container_{appid}_01_000{int:100-999} by user {svcuser}",
    "[ContainersLauncher #{int:0-99}] org.apache.hadoop.yarn.server.nodemanager."
    "DefaultContainerExecutor: Exit code from container container_{appid}_01_000{int:100-999} is : "
    "{pick:0|143|1}",
    "[ResourceManager Event Processor] org.apache.hadoop.yarn.server.resourcemanager.scheduler."
    "capacity.CapacityScheduler: Application Attempt appattempt_{appid}_000001 is done. "
    "finalState=FINISHED",
    "[DataStreamer for file /tmp/hadoop-yarn/staging/{svcuser}/.staging/job_{appid}/job_"
    "{appid}_1.jhist] org.apache.hadoop.hdfs.DFSClient: DataStreamer Exception",
)
SPARK = (
    "INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]",
    "INFO spark.SecurityManager: Changing view acls to: {svcuser}",
    "INFO spark.SecurityManager: SecurityManager: authentication disabled; ui acls disabled; "
    "users with view permissions: Set({svcuser}); users with modify permissions: Set({svcuser})",
    "INFO executor.Executor: Running task {int:0-999}.0 in stage {int:0-99}.0 (TID {int:0-99999})",
    "INFO executor.Executor: Finished task {int:0-999}.0 in stage {int:0-99}.0 (TID "
    "{int:0-99999}). {int:900-9000} bytes result sent to driver",
    "INFO storage.BlockManager: Found block rdd_{int:0-99}_{int:0-99} locally",
    "INFO storage.MemoryStore: Block broadcast_{int:0-99} stored as values in memory (estimated "
    "size {float:90} KB, free {float:900} MB)",
    "INFO broadcast.TorrentBroadcast: Reading broadcast variable {int:0-99} took {int:1-900} ms",
    "INFO spark.CacheManager: Partition rdd_{int:0-99}_{int:0-99} not found, computing it",
    "INFO rdd.HadoopRDD: Input split: hdfs://{srv}:9000/pjhe/{word}/{int:1-99}.txt:"
    "{int:0-999999}+{int:1000-999999}",
    "WARN scheduler.TaskSetManager: Lost task {int:0-999}.0 in stage {int:0-99}.0 (TID "
    "{int:0-9999}, {srv}): java.lang.OutOfMemoryError: GC overhead limit exceeded",
    "ERROR executor.CoarseGrainedExecutorBackend: RECEIVED SIGNAL 15: SIGTERM",
    "INFO util.Utils: Successfully started service 'sparkExecutorActorSystem' on port "
    "{int:30000-60000}.",
    "INFO python.PythonRunner: Times: total = {int:10-9000}, boot = {int:0-90}, init = "
    "{int:0-90}, finish = {int:1-900}",
)
ZOOKEEPER = (
    "INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxnFactory@197] - Accepted socket "
    "connection from /{privip}:{port}",
    "INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:ZooKeeperServer@839] - Client attempting "
    "to establish new session at /{privip}:{port}",
    "INFO  [CommitProcessor:{int:1-5}:ZooKeeperServer@595] - Established session 0x{hex:15} with "
    "negotiated timeout {pick:10000|30000|40000} for client /{privip}:{port}",
    "WARN  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@357] - caught end of stream "
    "exception",
    "INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@1007] - Closed socket "
    "connection for client /{privip}:{port} which had sessionid 0x{hex:15}",
    "INFO  [ProcessThread(sid:{int:1-5} cport:-1)::PrepRequestProcessor@476] - Processed session "
    "termination for sessionid: 0x{hex:15}",
    "WARN  [SendWorker:{int:100000000-999999999}:QuorumCnxManager$SendWorker@679] - Interrupted "
    "while waiting for message on queue",
    "WARN  [RecvWorker:{int:100000000-999999999}:QuorumCnxManager$RecvWorker@762] - Connection "
    "broken for id {int:100000000-999999999}, my id = {int:1-5}, error = ",
    "INFO  [QuorumPeer[myid={int:1-5}]/0:0:0:0:0:0:0:0:2181:Leader@{int:300-400}] - LEADING - "
    "LEADER ELECTION TOOK - {int:10-9000}",
    "INFO  [SessionTracker:ZooKeeperServer@325] - Expiring session 0x{hex:15}, timeout of "
    "{pick:10000|30000}ms exceeded",
    "ERROR [LearnerHandler-/{privip}:{port}:LearnerHandler@562] - Unexpected exception causing "
    "shutdown while sock still open",
)
OPENSTACK = (
    'nova.osapi_compute.wsgi.server [req-{uuid} {hex:32} {hex:32} - - -] {privip} "GET '
    '/v2/{hex:32}/servers/detail HTTP/1.1" status: 200 len: {int:1000-9000} time: {float:1}',
    "nova.compute.manager [req-{uuid} - - - - -] [instance: {uuid}] VM {pick:Started|Paused|"
    "Resumed|Stopped} (Lifecycle Event)",
    "nova.compute.manager [req-{uuid} {hex:32} {hex:32} - - -] [instance: {uuid}] Took "
    "{float:30} seconds to build instance.",
    "nova.virt.libvirt.imagecache [req-{uuid} - - - - -] image {uuid} at (/var/lib/nova/"
    "instances/_base/{hex:40}): checking",
    "nova.compute.resource_tracker [req-{uuid} - - - - -] Final resource view: name={srv} "
    "phys_ram={int:16000-512000}MB used_ram={int:512-90000}MB phys_disk={int:100-9000}GB "
    "used_disk={int:0-900}GB total_vcpus={int:8-128} used_vcpus={int:0-64} pci_stats=[]",
    'nova.metadata.wsgi.server [-] {privip},{privip2} "GET /latest/meta-data/ HTTP/1.1" '
    "status: 200 len: {int:100-400} time: {float:1}",
    "nova.compute.claims [req-{uuid} {hex:32} {hex:32} - - -] [instance: {uuid}] disk limit not "
    "specified, defaulting to unlimited",
    "neutron.agent.securitygroups_rpc [req-{uuid} - - - - -] Security group member updated "
    "['{uuid}']",
    "keystone.common.wsgi [req-{uuid} - - - - -] POST http://{privip}:5000/v3/auth/tokens",
    "oslo_messaging._drivers.impl_rabbit [-] AMQP server on {privip}:5672 is unreachable: "
    "[Errno 111] ECONNREFUSED. Trying again in {int:1-32} seconds.",
)
ELASTIC = (
    "[{isots}][INFO ][o.e.c.m.MetadataCreateIndexService] [{srv}] [{word}-{date}] creating "
    "index, cause [auto(bulk api)], templates [], shards [1]/[1]",
    "[{isots}][WARN ][o.e.m.j.JvmGcMonitorService] [{srv}] [gc][{int:1000-999999}] overhead, "
    "spent [{int:500-9000}ms] collecting in the last [{int:1-9}s]",
    "[{isots}][INFO ][o.e.c.r.a.AllocationService] [{srv}] Cluster health status changed from "
    "[{pick:YELLOW|RED}] to [GREEN] (reason: [shards started [[{word}][0]]]).",
    "[{isots}][WARN ][o.e.x.s.a.AuthenticationService] [{srv}] Authentication to realm "
    "default_native failed - Password authentication failed for {svcuser}",
    "[{isots}][INFO ][o.e.n.Node               ] [{srv}] started",
    "[{timestamp}] INFO [Controller id={int:0-5}] Processing automatic preferred replica leader "
    "election (kafka.controller.KafkaController)",
    "[{timestamp}] INFO [Log partition={word}-{int:0-63}, dir=/var/lib/kafka/data] Rolled new log "
    "segment at offset {int:1000-999999999} in {int:0-90} ms. (kafka.log.Log)",
    "[{timestamp}] WARN [SocketServer listenerType=ZK_BROKER, nodeId={int:0-5}] Unexpected error "
    "from /{privip}; closing connection (org.apache.kafka.common.network.Selector)",
)
JAVA_APP = (
    "{level} [{thread}] {pkg}.{cls} - {pick:Started|Stopping|Refreshing|Initializing} {cls} in "
    "{float:30} seconds (JVM running for {float:60})",
    "{level} [{thread}] {pkg}.{cls} - Request {pick:GET|POST} /{pathword}/{int:1-9999} completed "
    "in {int:1-900}ms",
    "ERROR [{thread}] {pkg}.{cls} - Failed to process message {uuid}",
    "WARN  [{thread}] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Connection is not "
    "available, request timed out after {int:30000-60000}ms.",
    "ERROR [{thread}] o.a.c.c.C.[.[.[/].[dispatcherServlet] - Servlet.service() for servlet "
    "[dispatcherServlet] in context with path [] threw exception",
    'java.lang.NullPointerException: Cannot invoke "{pkg}.{cls}.get{cls2}()" because "{word}" '
    "is null",
    "java.net.SocketTimeoutException: Read timed out",
    "java.io.IOException: Connection reset by peer",
    "org.springframework.dao.DataIntegrityViolationException: could not execute statement; "
    "SQL [n/a]; constraint [{word}_unique]",
    "\tat {pkg}.{cls}.{method}({cls}.java:{int:10-900})",
    "\tat {pkg}.{cls}.{method}({cls}.java:{int:10-900})",
    "\tat java.base/java.lang.Thread.run(Thread.java:{int:800-1600})",
    "\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:"
    "{int:100-200})",
    "\t... {int:10-90} more",
    "Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not "
    "available",
    "Caused by: java.net.ConnectException: Connection refused (Connection refused)",
    "{level} [{thread}] org.apache.catalina.startup.Catalina - Server startup in [{int:900-90000}] "
    "milliseconds",
    "SEVERE: Servlet.service() for servlet [jsp] in context with path [/{word}] threw exception",
    "{level} [{thread}] o.h.e.j.s.SqlExceptionHelper - SQL Error: 0, SQLState: 08001",
    "{level} [{thread}] {pkg}.security.{cls} - Authentication failure for token {hex:32}: "
    "token expired",
    '{level} [{thread}] {pkg}.{cls} - payload={"id":"{uuid}","data":"{blob:60}"}',
    "{level} [{thread}] {pkg}.{cls} - Executing query: SELECT id, name FROM {word} WHERE name "
    "LIKE '%{word2}%' UNION ALL SELECT id, name FROM {word}_archive",
)
RAS = (
    "NULL DISCOVERY {pick:SEVERE|WARNING|INFO} Can not get assembly information for node card",
    "NULL DISCOVERY {pick:WARNING|INFO} Node card VPD check: {pick:missing|found} U{int:1-9}"
    "{int:0-9} node in processor card slot J{int:10-18}",
    "NULL BGLMASTER FAILURE ciodb exited abnormally due to signal: Aborted",
    "NULL BGLMASTER INFO BGLMaster started",
    "NULL MMCS ERROR mmcs_server exited normally with exit code 13",
    "NULL HARDWARE WARNING PrepareForService shutting down NodeCard(s) as part of Service "
    "Action {int:100-999}",
    "RAS KERNEL INFO {int:1-9999} double-hummer alignment exceptions",
    "RAS KERNEL INFO instruction cache parity error corrected",
    "RAS KERNEL INFO generating core.{int:100-9999}",
    "RAS KERNEL INFO CE sym {int:0-31}, at 0x{hex:8}, mask 0x{hex:2}",
    "RAS KERNEL INFO total of {int:1-99} ddr error(s) detected and corrected",
    "RAS KERNEL FATAL data TLB error interrupt",
    "RAS KERNEL FATAL machine check interrupt (bit=0x{hex:2}): L2 dcache unit data parity error",
    "RAS APP FATAL ciod: Error loading /bgl/apps/{word}/{word2}: invalid or missing program "
    "image, Exec format error",
    "RAS KERNEL INFO {int:0-9999} microseconds spent in the rbs signal handler during {int:0-99} "
    "calls. {int:0-9999} microseconds was the maximum time for a single instance of a correctable "
    "condition.",
    "RAS LINKCARD INFO MidplaneSwitchController performing bit sparing on R{int:10-70}-M{int:0-1}-"
    "L{int:0-3}-U{int:10-19}-A bit {int:0-40}",
    "RAS MMCS ERROR idoproxydb hit ASSERT condition: ASSERT expression=0 Source "
    "file=idotransportmgr.cpp Source line={int:1000-2000} Function=int "
    "IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPavTrace*)",
    "RAS KERNEL FATAL rts: kernel terminated for reason {int:1000-1010}",
)
HPC = (
    "node-{int:0-255} node psu {epoch} 1 psu failure\\ ambient={int:20-40}",
    "node-{int:0-255} node fan {epoch} 1 fan {int:1-6} failure\\ rpm=0",
    "{int:1000-9999} boot_cmd {pick:error|abort|success} {epoch} 1 {pick:Failed subcommands|"
    "Command has completed successfully|Targeting domains} {int:1000-9999}",
    "node-{int:0-255} node temperature {epoch} 1 ambient={int:20-45}",
    "node-{int:0-255} domain status {epoch} 1 {pick:running|stopping|halted}",
    "node-{int:0-255} node status {epoch} 1 {pick:running|not responding|configured out}",
    "node-{int:0-255} unix.hw state_change.unavailable {epoch} 1 Component State Change: "
    "Component \\042alt0\\042 is in the unavailable state (HWID={int:1000-9999})",
    "node-{int:0-255} unix.hw net.niff.up {epoch} 1 NIFF: node node-{int:0-255} has detected an "
    "available network connection on network {privip} via interface alt0",
    "gige{int:1-9} gige temperature {epoch} 1 {pick:normal|warning}",
    "node-D{int:0-9} boot_cmd new {epoch} 1 Targeting domains:node-D{int:0-9} and nodes:"
    "node-[{int:100-199}-{int:200-255}] child of command {int:1000-9999}",
    "node-{int:0-255} action start {epoch} 1 clusterAddMember  (command {int:1000-9999})",
    "switch_module {int:1-99} switch_module fan {epoch} 1 Fan speeds ( {int:3000-4000} "
    "{int:3000-4000} {int:3000-4000} {int:3000-4000} {int:3000-4000} {int:3000-4000} )",
)
THUNDERBIRD_MSG = (
    "ntpd[{pid}]: synchronized to {privip}, stratum {int:2-3}",
    "kernel: [KERNEL_IB][ib_mad_dispatch][/mnt_projects/sysapps/src/ib/topspin/topspin-src-"
    "{int:1-9}.{int:0-9}.{int:0-9}-{int:100-200}/ib/ts_api_ng/mad/obj_host_amd64_custom1_rhel4/"
    "ts_ib_mad/mad_filter.c:{int:50-200}]Dispatching MAD to client",
    "/apps/x86_64/system/ganglia-3.0.1/sbin/gmetad[{pid}]: data_thread() got not answer from "
    "any [{word}] datasource",
    "sshd[{pid}]: Accepted publickey for root from {privip} port {port} ssh2",
    "crond(pam_unix)[{pid}]: session opened for user root by (uid=0)",
    "pbs_mom: Connection refused (111) in open_demux, open_demux: connect {privip}:{port}",
    "kernel: EXT3-fs error (device sda5): ext3_find_entry: reading directory #{int:1000-99999} "
    "offset 0",
    "xinetd[{pid}]: START: rsync pid={pid2} from={privip}",
    "postfix/postdrop[{pid}]: warning: unable to look up public/pickup: No such file or directory",
)


def _extra(c: Ctx) -> dict[str, str]:
    when = c.when
    cls = c.pick(
        (
            "OrderService",
            "UserController",
            "PaymentGateway",
            "CacheManager",
            "Scheduler",
            "KafkaConsumer",
            "JdbcTemplate",
            "ReportJob",
            "AuthFilter",
            "SessionStore",
        )
    )
    return {
        "blk": str(c.rng.randint(-(2**63), 2**63 - 1)),
        "blksize": str(c.pick((67108864, c.rng.randint(1000, 67108864)))),
        "appid": f"{c.rng.randint(1440000000000, 1700000000000)}_{c.rng.randint(1, 9999):04d}",
        "isots": f"{when:%Y-%m-%dT%H:%M:%S},{when.microsecond // 1000:03d}",
        "timestamp": stamp_java(when),
        "date": f"{when:%Y.%m.%d}",
        "epoch": str(int(when.timestamp())),
        "level": c.pick(_LEVELS),
        "thread": c.pick(
            (
                "main",
                f"http-nio-8080-exec-{c.rng.randint(1, 200)}",
                f"pool-{c.rng.randint(1, 9)}-thread-{c.rng.randint(1, 64)}",
                "scheduling-1",
                f"kafka-consumer-{c.rng.randint(1, 9)}",
                f"ForkJoinPool.commonPool-worker-{c.rng.randint(1, 32)}",
            )
        ),
        "pkg": c.pick(
            (
                "com.example.shop",
                "org.acme.billing",
                "io.corp.platform",
                "de.firma.portal",
                "net.app.core",
            )
        ),
        "cls": cls,
        "cls2": c.pick(("Id", "Name", "Customer", "Token", "Config")),
        "method": c.pick(("process", "handle", "doFilter", "invoke", "run", "apply", "call")),
    }


def _stamped(
    family: str, app: str, templates: tuple[str, ...], weight: float, stamp: str
) -> Emitter:
    """Lines of a Java-ish system: mostly raw file lines with that system's timestamp."""

    def emit(c: Ctx) -> list[Line]:
        pid = str(c.rng.randint(10, 40000))
        out = []
        for _ in range(c.rng.randint(1, 5)):
            when = c.tick(0, 2)
            extra = _extra(c)
            msg = c.fill(c.pick(templates), **extra)
            if stamp == "hdfs":
                head = f"{when:%y%m%d %H%M%S} {pid} {c.pick(_LEVELS[:4])} "
            elif stamp == "java":
                level = msg.split(" ", 1)[0] if msg.startswith(("INFO", "WARN", "ERROR")) else ""
                head = f"{stamp_java(when)} " if level else f"{stamp_java(when)} {c.pick(_LEVELS)} "
            elif stamp == "spark":
                head = f"{when:%y/%m/%d %H:%M:%S} "
            elif stamp == "zk":
                head = f"{stamp_java(when)} - "
            elif stamp == "openstack":
                head = (
                    f"{c.pick(('nova-api.log', 'nova-compute.log', 'nova-scheduler.log'))}."
                    f"{c.rng.randint(1, 3)}.{when:%Y-%m-%d_%H:%M:%S} "
                    f"{when:%Y-%m-%d %H:%M:%S}.{when.microsecond // 1000:03d} {pid} "
                    f"{c.pick(_LEVELS[:5])} "
                )
                if c.chance(0.5):
                    head = head.split(" ", 1)[1]
            elif stamp == "bgl":
                node = (
                    f"R{c.rng.randint(0, 77):02d}-M{c.rng.randint(0, 1)}-N{c.rng.randint(0, 15)}-"
                    f"C:J{c.rng.randint(2, 17):02d}-U{c.rng.randint(0, 1)}{c.rng.randint(0, 1)}"
                )
                if msg.startswith("NULL"):
                    node = "UNKNOWN_LOCATION"
                head = (
                    f"{c.pick(('-', '-', '-', 'KERNDTLB', 'APPREAD'))} {int(when.timestamp())} "
                    f"{when:%Y.%m.%d} {node} {when:%Y-%m-%d-%H.%M.%S}.{when.microsecond:06d} "
                    f"{node} "
                )
            elif stamp == "hpc":
                head = f"{c.rng.randint(1000, 500000)} "
            elif stamp == "tbird":
                host = c.pick(
                    (
                        f"cn{c.rng.randint(1, 999)}",
                        f"bn{c.rng.randint(1, 999)}",
                        f"dn{c.rng.randint(1, 300)}",
                        "tbird-admin1",
                        "tbird-sm1",
                    )
                )
                head = (
                    f"- {int(when.timestamp())} {when:%Y.%m.%d} {host} {when:%b} {when.day} "
                    f"{when:%H:%M:%S} {host}/{host} "
                )
            else:  # the message carries its own timestamp
                head = ""
            raw = c.chance(0.75)
            line = head + msg if raw else msg
            out.append(
                c.line(
                    family, BENIGN, f"benign:{family}", app, line, raw=raw, pid=None if raw else pid
                )
            )
        return out

    return Emitter(f"{family}:benign", BENIGN, weight, emit)


EMITTERS: tuple[Emitter, ...] = (
    _stamped("hdfs", "hadoop-hdfs-datanode", HDFS, 2.0, "hdfs"),
    _stamped("hadoop", "hadoop-yarn", HADOOP, 1.5, "java"),
    _stamped("spark", "spark-executor", SPARK, 1.5, "spark"),
    _stamped("zookeeper", "zookeeper", ZOOKEEPER, 1.5, "zk"),
    _stamped("openstack", "nova-compute", OPENSTACK, 1.5, "openstack"),
    _stamped("elastic-kafka", "elasticsearch", ELASTIC, 1.0, "plain"),
    _stamped("java-app", "java", JAVA_APP, 3.0, "java"),
    _stamped("bgl", "bgl-ras", RAS, 1.5, "bgl"),
    _stamped("hpc", "hpc-node", HPC, 1.0, "hpc"),
    _stamped("thunderbird", "tbird", THUNDERBIRD_MSG, 1.0, "tbird"),
)
