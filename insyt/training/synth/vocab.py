"""Shared pools: the names, addresses, agents and payloads every family draws from.

Everything a model could key on (an address, a user name, a pid, a host, a
browser version) is drawn from a wide pool or generated, never a constant,
so that the only stable signal left in a line is what the line *says*.
Addresses mix IPv4 public, private and documentation ranges with IPv6 and
v4-mapped forms, since real logs (and fail2ban's test logs) use all of them.
"""

from __future__ import annotations

import base64
import random
import string
from datetime import UTC, datetime

from insyt.training.synth.core import Resolver, words

# --- people and machines -------------------------------------------------------------

FIRST = words(
    "james mary john patricia robert jennifer michael linda william elizabeth david barbara "
    "richard susan joseph jessica thomas sarah charles karen chris nancy daniel lisa matthew "
    "betty anthony margaret mark sandra paul ashley steven kim andrew emily josh donna kevin "
    "michelle brian carol george amanda ed melissa ron deborah tim stephanie jason rebecca jeff "
    "sharon ryan laura jacob cynthia gary kathleen nick amy eric angela jon shirley stephen anna "
    "larry brenda justin pamela scott emma brandon nicole ben helen sam samantha greg katherine "
    "frank christine alex debra ray rachel patrick carolyn jack janet dennis maria jerry heather "
    "tyler diane aaron ruth jose julie adam olivia henry joyce nathan virginia doug victoria zach "
    "kelly peter lauren kyle christina ahmed fatima wei li yuki hiroshi olga ivan sven ingrid "
    "pierre amelie luca giulia jan piotr anya raj priya chen mohammed omar leila carlos sofia "
    "diego lucia hans greta mateo noah liam ava mia ethan"
)
LAST = words(
    "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez "
    "gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris "
    "sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill "
    "flores green adams nelson baker hall rivera campbell mitchell carter roberts khan mueller "
    "schmidt schneider fischer weber meyer wagner becker rossi russo ferrari kowalski nowak "
    "ivanov petrov novak dubois moreau tanaka suzuki wang zhang liu chen singh patel kumar sato "
    "kim park choi ali hassan silva santos oliveira pereira"
)
SERVICE_USERS = words(
    "www-data nginx apache httpd postgres mysql git jenkins tomcat nobody daemon redis "
    "elasticsearch backup ubuntu ec2-user deploy ansible nagios zabbix prometheus grafana gitlab- "
    "runner docker mail postfix dovecot bind named unbound ftp vsftpd proftpd sshd systemd- "
    "network syslog messagebus polkitd chrony ntp www nodejs node app svc_backup odoo nextcloud "
    "rabbitmq kafka zookeeper hadoop hdfs yarn spark mongodb influxdb"
)
GUESSED_USERS = words(
    "root admin test user guest oracle ubuntu pi support administrator ftpuser ftp postgres mysql "
    "git user1 test1 test123 demo info webmaster web www sysadmin operator manager service server "
    "backup nagios deploy dev developer hadoop jenkins tomcat teamspeak ts3 minecraft steam "
    "vagrant centos debian ansible docker elastic kafka redis zabbix odoo testuser admin1 "
    "administrator1 master default user2 sales office uucp lp mail news games sync bin adm 123 "
    "1234 12345 a abc alex anna student public temp tmp scanner hacker shell postmaster nobody "
    "www-data apache nginx ubnt usuario prueba soporte admins default_user cisco enable monitor "
    "tech mother fuck xxx hp aaa qwerty ftpadmin PlcmSpIp telecomadmin dbadmin sa"
)
HOST_PREFIX = words(
    "web app api db mail mx smtp imap ns dns fw gw vpn proxy lb haproxy node worker k8s-worker "
    "k8s-master build ci git jenkins backup nas files monitor log elk kafka redis cache mq ldap "
    "ad dc01 srv server host edge cdn www intranet wiki jira vps box pve esx hv storage spark "
    "hdfs-dn yarn-nm zk cn tbird bgl compute nova ctl db-replica pg mysql mongo es kibana grafana "
    "prom nagios zabbix bastion jump"
)
TLDS = (
    "com",
    "net",
    "org",
    "io",
    "de",
    "co.uk",
    "fr",
    "nl",
    "ru",
    "cn",
    "jp",
    "com.br",
    "in",
    "it",
    "es",
    "pl",
    "se",
    "ch",
    "at",
    "eu",
    "info",
    "biz",
    "cz",
    "us",
    "ca",
    "au",
)
SYLLABLES = words(
    "ab ac ad al am an ar as at ba be bi bo bu ca ce ci co cu da de di do du el en er es fa fe fi "
    "fo ga ge go ha he hi ho ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu or pa pe pi "
    "po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za zo tech net soft web cloud data "
    "link star blue green north one max pro"
)
INTERNAL_SUFFIX = (
    "corp.local",
    "lan",
    "internal",
    "local",
    "example.com",
    "example.org",
    "intra",
    "home.arpa",
    "prod.example.net",
    "ad.example.com",
)


def word(rng: random.Random, low: int = 2, high: int = 4) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high)))


def domain(rng: random.Random) -> str:
    return f"{word(rng)}.{rng.choice(TLDS)}"


def person(rng: random.Random) -> str:
    """A login name in one of the shapes real directories use."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    shape = rng.randrange(8)
    if shape == 0:
        return first
    if shape == 1:
        return f"{first}.{last}"
    if shape == 2:
        return f"{first[0]}{last}"
    if shape == 3:
        return f"{last}{first[0]}"
    if shape == 4:
        return f"{first}{rng.randint(1, 99)}"
    if shape == 5:
        return f"{first[0]}.{last}"
    if shape == 6:
        return f"{first}_{last}"
    return f"{first[:3]}{last[:3]}"


def guessed_user(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.55:
        return rng.choice(GUESSED_USERS)
    if r < 0.75:
        return rng.choice(FIRST)
    if r < 0.88:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9)))
    return rng.choice(GUESSED_USERS) + str(rng.randint(0, 2024))


def hostname(rng: random.Random, qualified: float = 0.35) -> str:
    r = rng.random()
    if r < 0.08:
        return "ip-" + "-".join(
            str(x) for x in (10, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
        )
    if r < 0.14:
        return word(rng, 2, 3) + rng.choice(("", "-pc", "-laptop", "-desktop", "-MacBook-Pro"))
    base = rng.choice(HOST_PREFIX)
    if rng.random() < 0.75:
        base += rng.choice(("", "-", "0")) + str(rng.randint(1, 40))
    if rng.random() < 0.15:
        base = rng.choice(("prod-", "stg-", "dev-", "eu-", "us-east-")) + base
    if rng.random() < qualified:
        base += "." + (rng.choice(INTERNAL_SUFFIX) if rng.random() < 0.6 else domain(rng))
    return base


def fqdn(rng: random.Random) -> str:
    return rng.choice(
        (
            "www.",
            "",
            "",
            "shop.",
            "blog.",
            "mail.",
            "portal.",
            "intranet.",
            "app.",
            "api.",
            "cloud.",
            "git.",
        )
    ) + domain(rng)


def email(rng: random.Random) -> str:
    return f"{person(rng)}@{domain(rng)}"


# --- addresses -----------------------------------------------------------------------


def ip_public(rng: random.Random) -> str:
    while True:
        a = rng.randint(1, 223)
        if a not in (10, 127, 169, 172, 192, 100, 0):
            break
    return f"{a}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def ip_private(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if r < 0.75:
        return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def ip_doc(rng: random.Random) -> str:
    return rng.choice(("192.0.2.", "198.51.100.", "203.0.113.")) + str(rng.randint(1, 254))


def ip6(rng: random.Random) -> str:
    r = rng.random()
    groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(4)]
    if r < 0.3:
        return "2001:db8:" + ":".join(groups[:2]) + "::" + groups[2]
    if r < 0.5:
        return f"fe80::{groups[0]}:{groups[1]}:{groups[2]}:{groups[3]}"
    prefix = rng.choice(
        (
            "2a01:4f8",
            "2604:a880",
            "2a03:2880",
            "2001:41d0",
            "2400:cb00",
            "2a02:c207",
            "2600:1f18",
            "2a0a:4cc0",
        )
    )
    return f"{prefix}:{groups[0]}:{groups[1]}::{groups[2]}"


def ip_any(rng: random.Random) -> str:
    """An address as any client might show up: mostly public v4."""
    r = rng.random()
    if r < 0.55:
        return ip_public(rng)
    if r < 0.72:
        return ip_private(rng)
    if r < 0.87:
        return ip_doc(rng)
    if r < 0.95:
        return ip6(rng)
    return "::ffff:" + ip_public(rng)


def ip_client(rng: random.Random) -> str:
    """A web client: public or behind a proxy, v6 sometimes."""
    r = rng.random()
    if r < 0.6:
        return ip_public(rng)
    if r < 0.85:
        return ip_private(rng)
    if r < 0.95:
        return ip6(rng)
    return ip_doc(rng)


def evil_host(rng: random.Random) -> str:
    """Where a payload calls home: a bare address, a dynamic-DNS name, an OAST domain."""
    r = rng.random()
    if r < 0.35:
        return ip_public(rng)
    if r < 0.5:
        return f"{ip_public(rng)}:{rng.choice((80, 443, 1337, 4444, 8080, 8000, 9001, 5555))}"
    if r < 0.65:
        return domain(rng)
    if r < 0.85:
        return word(rng) + rng.choice(
            (
                ".duckdns.org",
                ".ngrok.io",
                ".top",
                ".xyz",
                ".ru",
                ".tk",
                ".no-ip.biz",
                ".ddns.net",
                ".pw",
                ".cc",
            )
        )
    return hexid(rng, rng.choice((8, 12, 20))) + rng.choice(
        (".oast.fun", ".interact.sh", ".burpcollaborator.net", ".dnslog.cn", ".oastify.com")
    )


def mac(rng: random.Random) -> str:
    return ":".join(f"{rng.randint(0, 255):02x}" for _ in range(6))


def port(rng: random.Random) -> int:
    return rng.randint(1024, 65535)


SERVICE_PORTS = (
    21,
    22,
    23,
    25,
    53,
    80,
    110,
    111,
    135,
    139,
    143,
    161,
    389,
    443,
    445,
    465,
    587,
    993,
    995,
    1080,
    1433,
    1521,
    1723,
    2049,
    2222,
    2375,
    3306,
    3389,
    5060,
    5432,
    5900,
    5985,
    6379,
    6443,
    8000,
    8080,
    8081,
    8443,
    8888,
    9000,
    9090,
    9200,
    10250,
    11211,
    27017,
    50070,
)


# --- web ----------------------------------------------------------------------------


def _chrome(rng: random.Random) -> str:
    v = rng.randint(70, 131)
    plat = rng.choice(
        (
            "Windows NT 10.0; Win64; x64",
            "Macintosh; Intel Mac OS X 10_15_7",
            "X11; Linux x86_64",
            "Windows NT 6.1; Win64; x64",
            "X11; CrOS x86_64 14541.0.0",
        )
    )
    tail = rng.choice(
        (
            "",
            f" Edg/{v}.0.{rng.randint(1000, 2500)}.{rng.randint(10, 99)}",
            f" OPR/{v - 14}.0.0.0",
            "",
        )
    )
    return (
        f"Mozilla/5.0 ({plat}) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{v}.0.{rng.randint(3000, 6500)}.{rng.randint(0, 200)} Safari/537.36{tail}"
    )


def _firefox(rng: random.Random) -> str:
    v = rng.randint(60, 128)
    plat = rng.choice(
        (
            "Windows NT 10.0; Win64; x64",
            "X11; Ubuntu; Linux x86_64",
            "Macintosh; Intel Mac OS X 10.15",
            "X11; Linux x86_64",
            "X11; Fedora; Linux x86_64",
        )
    )
    return f"Mozilla/5.0 ({plat}; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"


def _safari(rng: random.Random) -> str:
    if rng.random() < 0.5:
        ios = f"{rng.randint(12, 17)}_{rng.randint(0, 6)}"
        dev = rng.choice(("iPhone; CPU iPhone OS", "iPad; CPU OS"))
        return (
            f"Mozilla/5.0 ({dev} {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
            f"Gecko) Version/{ios.split('_')[0]}.0 Mobile/15E148 Safari/604.1"
        )
    return (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, "
        f"like Gecko) Version/{rng.randint(13, 17)}.{rng.randint(0, 6)} Safari/605.1.15"
    )


def _android(rng: random.Random) -> str:
    model = rng.choice(
        (
            "SM-G991B",
            "Pixel 7",
            "SM-A525F",
            "Redmi Note 9 Pro",
            "K",
            "M2101K6G",
            "Pixel 6a",
            "SM-S918B",
            "moto g(30)",
        )
    )
    return (
        f"Mozilla/5.0 (Linux; Android {rng.randint(8, 14)}; {model}) AppleWebKit/537.36 "
        f"(KHTML, like Gecko) Chrome/{rng.randint(90, 131)}.0.0.0 Mobile Safari/537.36"
    )


BOT_AGENTS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; DotBot/1.2; +https://opensiteexplorer.org/dotbot)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Twitterbot/1.0",
    "Mozilla/5.0 (compatible; DuckDuckBot-Https/1.1; https://duckduckgo.com/duckduckbot)",
    "Mozilla/5.0 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)",
    "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)",
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 3 subscribers)",
    "WhatsApp/2.23.20.0 A",
    "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
)
TOOL_AGENTS = (
    "curl/7.{a}.{b}",
    "curl/8.{a}.{b}",
    "Wget/1.{a}.{b}",
    "Wget/1.{a} (linux-gnu)",
    "python-requests/2.{a}.{b}",
    "Python-urllib/3.{a}",
    "Go-http-client/1.1",
    "Go-http-client/2.0",
    "okhttp/4.{a}.{b}",
    "Java/1.8.0_{a}{b}",
    "Apache-HttpClient/4.5.{a}",
    "kube-probe/1.{a}",
    "ELB-HealthChecker/2.0",
    "Prometheus/2.{a}.{b}",
    "Zabbix",
    "check_http/v2.{a}.{b} (nagios-plugins 2.{a}.{b})",
    "Amazon CloudFront",
    "GoogleHC/1.0",
    "Consul Health Check",
    "axios/1.{a}.{b}",
    "node-fetch/1.0",
    "Blackbox Exporter/0.{a}.{b}",
    "Debian APT-HTTP/1.3 (2.{a}.{b})",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.{a}{b}; Pro)",
    "Dalvik/2.1.0 (Linux; U; Android 1{b}; Pixel Build/TQ3A)",
    "WordPress/6.{a}; https://{site}",
    "Jetty/9.4.{a}",
    "Grafana/10.{a}.{b}",
    "GitLab-Runner 16.{a}.{b}",
)


def browser_agent(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.42:
        return _chrome(rng)
    if r < 0.62:
        return _firefox(rng)
    if r < 0.8:
        return _safari(rng)
    return _android(rng)


def client_agent(rng: random.Random) -> str:
    """What benign traffic sends: browsers, bots, tools, monitoring."""
    r = rng.random()
    if r < 0.72:
        return browser_agent(rng)
    if r < 0.85:
        return rng.choice(BOT_AGENTS)
    return rng.choice(TOOL_AGENTS).format(a=rng.randint(1, 40), b=rng.randint(0, 9), site=fqdn(rng))


SCANNER_AGENTS = (
    "Mozilla/5.00 (Nikto/2.1.{a}) (Evasions:None) (Test:{n})",
    "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:Port Check)",
    "sqlmap/1.{a}.{b}#stable (https://sqlmap.org)",
    "sqlmap/1.{a}#dev (http://sqlmap.org)",
    "WPScan v3.8.{a} (https://wpscan.com/wordpress-security-scanner)",
    "gobuster/3.{a}",
    "DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)",
    "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)",
    "Fuzz Faster U Fool v2.{a}.{b}",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/74.0.3729.169 Safari/537.36 Nuclei - Open-source project "
    "(github.com/projectdiscovery/nuclei)",
    "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/41.0.2228.0 Safari/537.21 Acunetix-Product/WVS",
    "Mozilla/5.0 (Windows NT 6.3; WOW64; rv:{a}.0) Acunetix Web Vulnerability Scanner",
    "Mozilla/5.0 (compatible; Netsparker)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Netsparker Standard",
    "w3af.org",
    "Mozilla/4.0 (compatible; w3af.sf.net)",
    "Mozilla/5.0 (X11; Linux x86_64) OpenVAS-VT 21.{a}",
    "Mozilla/5.0 [en] (X11, U; OpenVAS-VT 9.0.{a})",
    "Nessus SOAP",
    "Mozilla/5.0 (compatible; Nessus; +https://www.tenable.com)",
    "ZmEu",
    "Morfeus Fucking Scanner",
    "masscan/1.{a} (https://github.com/robertdavidgraham/masscan)",
    "Mozilla/5.0 zgrab/0.x",
    "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "l9explore/1.{a}.0",
    "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
    "Mozilla/5.0 (compatible; Odin; https://docs.getodin.com/)",
    "xfa1",
    "Hello, World",
    "Mozilla/5.0 (l9tcpid/v1.1.0)",
    "feroxbuster/2.{a}.{b}",
    "Wfuzz/{a}.{b}",
    "dirsearch/0.4.{a}",
    "Arachni/v1.{a}",
    "Jorgee",
    "WhatWeb/0.{a}.{b}",
    "Mozilla/5.0 (compatible; Qualys Web Application Scanning)",
    "Mozilla/5.0 (compatible; Burp Collaborator)",
    "commix/v3.{a}-stable",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 xss-scanner",
    "HTTrack",
    "Mozilla/5.0 (compatible; httpx - Open-source project)",
    "katana/1.{a}",
    "EmailCollector",
    "EmailSiphon",
    "WebEMailExtrac",
    "TrackBack/1.0{a}",
    "atSpider/1.{a}",
    "Microsoft URL Control - 6.00.8862",
    "Mozilla/4.0 (compatible; Synapse)",
    "Mozilla/3.0 (compatible; Indy Library)",
)


def scanner_agent(rng: random.Random) -> str:
    return rng.choice(SCANNER_AGENTS).format(
        a=rng.randint(0, 9),
        b=rng.randint(0, 12),
        n=rng.choice(("map_codes", "004821", "001035", "getinfo", "sitefiles", "embedded")),
    )


# --- time ---------------------------------------------------------------------------

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def offset(when: datetime) -> str:
    """``+0100`` of an aware datetime."""
    delta = when.utcoffset()
    minutes = 0 if delta is None else int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def clf_time(when: datetime) -> str:
    """Common Log Format: ``10/Oct/2023:13:55:36 +0200``."""
    return f"{when.day:02d}/{MONTHS[when.month - 1]}/{when:%Y:%H:%M:%S} {offset(when)}"


def apache_error_time(when: datetime, micro: bool) -> str:
    frac = f".{when.microsecond:06d}" if micro else ""
    return (
        f"{DAYS[when.weekday()]} {MONTHS[when.month - 1]} {when.day:02d} "
        f"{when:%H:%M:%S}{frac} {when.year}"
    )


def bsd_time(when: datetime) -> str:
    return f"{MONTHS[when.month - 1]} {when.day:2d} {when:%H:%M:%S}"


def millis(when: datetime) -> str:
    return f"{when.microsecond // 1000:03d}"


def stamp_space(when: datetime) -> str:
    """``2024-03-05 12:34:56`` (exim, MySQL 5, many daemons)."""
    return f"{when:%Y-%m-%d %H:%M:%S}"


def stamp_java(when: datetime) -> str:
    """``2024-03-05 12:34:56,789`` (log4j's default ISO8601 layout)."""
    return f"{when:%Y-%m-%d %H:%M:%S},{millis(when)}"


def stamp_iso(when: datetime) -> str:
    """``2024-03-05T12:34:56.789+01:00``."""
    off = offset(when)
    return f"{when:%Y-%m-%dT%H:%M:%S}.{millis(when)}{off[:3]}:{off[3:]}"


def stamp_iso_z(when: datetime) -> str:
    """``2024-03-05T12:34:56.123456Z`` (MySQL 8, Go services), in UTC."""
    return f"{when.astimezone(UTC):%Y-%m-%dT%H:%M:%S}.{when.microsecond:06d}Z"


def stamp_bracket(when: datetime) -> str:
    """``[2024-03-05 12:34:56]`` (Asterisk, PHP)."""
    return f"[{when:%Y-%m-%d %H:%M:%S}]"


# --- identifiers --------------------------------------------------------------------


def hexid(rng: random.Random, n: int) -> str:
    return f"{rng.getrandbits(4 * n):0{n}x}"


def uuid(rng: random.Random) -> str:
    h = hexid(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


def b64(rng: random.Random, n: int) -> str:
    return base64.b64encode(rng.randbytes(n)).decode()


def b64_text(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def queue_id(rng: random.Random) -> str:
    """A Postfix queue id: 10-12 upper hex, or the long form with base-52 digits."""
    if rng.random() < 0.7:
        return "".join(rng.choice("0123456789ABCDEF") for _ in range(rng.randint(9, 11)))
    alphabet = string.digits + "BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz"
    return "4" + "".join(rng.choice(alphabet) for _ in range(rng.randint(10, 13)))


def _int_range(rng: random.Random, arg: str) -> str:
    if not arg:
        return str(rng.randint(0, 9999))
    low, _, high = arg.partition("-")
    return str(rng.randint(int(low), int(high)))


def _pick(rng: random.Random, arg: str) -> str:
    return rng.choice(arg.split("|"))


def _user(rng: random.Random, _: str) -> str:
    r = rng.random()
    if r < 0.8:
        return person(rng)
    return rng.choice(SERVICE_USERS)


def _path_word(rng: random.Random, _: str) -> str:
    return rng.choice(PATH_WORDS)


PATH_WORDS = words(
    "about contact blog news products services pricing team careers docs help support faq login "
    "account cart checkout search category tags archive events gallery media downloads uploads "
    "images assets static css js fonts api v1 v2 users orders invoices reports dashboard settings "
    "profile admin-guide wiki forum shop store catalog item page post articles press partners "
    "legal privacy terms sitemap feed rss calendar"
)

RBLS = (
    "zen.spamhaus.org",
    "bl.spamcop.net",
    "b.barracudacentral.org",
    "dnsbl.sorbs.net",
    "cbl.abuseat.org",
    "psbl.surriel.com",
    "bl.mailspike.net",
    "dnsbl-1.uceprotect.net",
    "sbl-xbl.spamhaus.org",
    "ix.dnsbl.manitu.net",
)
HELO_NAMES = (
    "ylmf-pc",
    "User",
    "localhost",
    "WIN-{hex}",
    "{word}",
    "[{ip}]",
    "{mailhost}",
    "{domain}",
    "PC-{int}",
    "admin",
    "unknown",
    "mail.{domain}",
    "{word}.local",
)


def _mail_user(rng: random.Random, _: str) -> str:
    return person(rng) if rng.random() < 0.5 else email(rng)


def _mail_guess(rng: random.Random, _: str) -> str:
    r = rng.random()
    if r < 0.5:
        return guessed_user(rng)
    if r < 0.8:
        return f"{guessed_user(rng)}@{domain(rng)}"
    return email(rng)


def _helo(rng: random.Random, _: str) -> str:
    shape = rng.choice(HELO_NAMES)
    return (
        shape.replace("{hex}", hexid(rng, 8).upper())
        .replace("{word}", word(rng))
        .replace("{ip}", ip_public(rng))
        .replace("{mailhost}", "mail." + domain(rng))
        .replace("{domain}", domain(rng))
        .replace("{int}", str(rng.randint(1, 999)))
    )


def _bsd_random(rng: random.Random, _: str) -> str:
    return (
        f"{rng.choice(MONTHS)} {rng.randint(1, 28):2d} {rng.randint(0, 23):02d}:"
        f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    )


RESOLVERS: dict[str, Resolver] = {
    "mailuser": _mail_user,
    "mailguess": _mail_guess,
    "heloname": _helo,
    "rbl": lambda r, a: r.choice(RBLS),
    "bsd": _bsd_random,
    "stamp": lambda r, a: (
        f"{r.randint(2008, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} "
        f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}."
        f"{r.randint(0, 999):03d}"
    ),
    "ip": lambda r, a: ip_any(r),
    "anyip": lambda r, a: ip_any(r),
    "pubip": lambda r, a: ip_public(r),
    "privip": lambda r, a: ip_private(r),
    "docip": lambda r, a: ip_doc(r),
    "ipvsix": lambda r, a: ip6(r),
    "attacker": lambda r, a: ip_any(r),
    "client": lambda r, a: ip_client(r),
    "port": lambda r, a: str(port(r)),
    "sport": lambda r, a: str(r.choice(SERVICE_PORTS)),
    "pid": lambda r, a: str(r.randint(100, 99999)),
    "int": _int_range,
    "pick": _pick,
    "user": _user,
    "person": lambda r, a: person(r),
    "svcuser": lambda r, a: r.choice(SERVICE_USERS),
    "baduser": lambda r, a: guessed_user(r),
    "host": lambda r, a: hostname(r),
    "rhost": lambda r, a: hostname(r, 0.9),
    "srv": lambda r, a: hostname(r, 0.0),
    "fqdn": lambda r, a: fqdn(r),
    "domain": lambda r, a: domain(r),
    "site": lambda r, a: fqdn(r),
    "mailhost": lambda r, a: "mail." + domain(r),
    "email": lambda r, a: email(r),
    "word": lambda r, a: word(r),
    "pathword": _path_word,
    "hex": lambda r, a: hexid(r, int(a or 8)),
    "uuid": lambda r, a: uuid(r),
    "blob": lambda r, a: b64(r, int(a or 12)),
    "qid": lambda r, a: queue_id(r),
    "mac": lambda r, a: mac(r),
    "evil": lambda r, a: evil_host(r),
    "rnd": lambda r, a: str(r.randint(10**5, 10**10)),
    "ua": lambda r, a: client_agent(r),
    "browser": lambda r, a: browser_agent(r),
    "scanua": lambda r, a: scanner_agent(r),
    "float": lambda r, a: f"{r.uniform(0, float(a or 10)):.3f}",
    "ms": lambda r, a: str(r.randint(0, int(a or 2000))),
    "size": lambda r, a: str(r.randint(0, int(a or 50000))),
    "iface": lambda r, a: r.choice(
        (
            "eth0",
            "eth1",
            "ens3",
            "ens18",
            "enp0s3",
            "enp3s0",
            "eno1",
            "wlan0",
            "br0",
            "bond0",
            "ens192",
            "wlp2s0",
            "em1",
            "vmbr0",
            "ppp0",
            "wg0",
            "tun0",
        )
    ),
    "proto": lambda r, a: r.choice(("TCP", "UDP")),
    "ttl": lambda r, a: str(
        r.choice(
            (
                49,
                50,
                52,
                54,
                57,
                58,
                64,
                112,
                113,
                116,
                117,
                128,
                235,
                241,
                244,
                245,
                246,
                249,
                250,
                52,
            )
        )
    ),
    "dev": lambda r, a: r.choice(
        ("sda", "sdb", "sdc", "nvme0n1", "vda", "xvda", "dm-0", "md0", "mmcblk0")
    ),
}
