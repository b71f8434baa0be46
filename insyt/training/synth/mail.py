"""Mail: Postfix, Exim, Sendmail, Dovecot, Courier, Cyrus, and their filters.

Labelling decisions:

* IMAP/POP3 login failures (Dovecot ``auth failed``, ``Password mismatch``,
  ``unknown user``; Courier ``LOGIN FAILED``; Cyrus ``badlogin``): brute_force,
  like any other password guessing.
* SMTP AUTH failures (Postfix ``SASL LOGIN authentication failed``, Exim
  ``authenticator failed``, Sendmail ``AUTH failure``): mail_abuse.  The point
  of guessing submission passwords is to relay spam, and fail2ban's own test
  corpus files them with the spam rejects.
* Relay denied, RBL hits, HELO/sender/recipient rejects (a dictionary attack
  on recipients is how spammers harvest), SPF fails, postscreen PREGREET /
  pipelining / DNSBL, ``too many errors``, ``did not issue MAIL/EXPN/VRFY``:
  mail_abuse.
* ``VRFY``/``EXPN`` attempts: recon (user enumeration).
* Bounces, deferrals, ``lost connection after CONNECT``, TLS handshake
  failures and ``Disconnected (no auth attempts)``: benign, daily noise of
  any MX.
"""

from __future__ import annotations

from insyt.training.synth.core import BENIGN, Emitter, templated
from insyt.training.synth.vocab import stamp_space

_PF = "postfix/"
_SMTPD = (
    "postfix/smtpd",
    "postfix/smtpd",
    "postfix/submission/smtpd",
    "postfix/smtps/smtpd",
    "postfix-in/smtpd",
)

POSTFIX_BENIGN = (
    (
        _SMTPD,
        (
            "connect from {rhost}[{ip}]",
            "connect from unknown[{ip}]",
            "disconnect from {rhost}[{ip}] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5",
            "disconnect from {rhost}[{ip}] ehlo=2 starttls=1 mail=1 rcpt={int:1-4} data=1 quit=1 "
            "commands={int:6-9}",
            "{qid}: client={rhost}[{ip}]",
            "{qid}: client={rhost}[{ip}], sasl_method={pick:PLAIN|LOGIN}, sasl_username={email}",
            "lost connection after CONNECT from unknown[{ip}]",
            "lost connection after STARTTLS from {rhost}[{ip}]",
            "Anonymous TLS connection established from {rhost}[{ip}]: TLSv1.{pick:2|3} with cipher "
            "{pick:TLS_AES_256_GCM_SHA384|ECDHE-RSA-AES256-GCM-SHA384} (256/256 bits)",
            "warning: hostname {rhost} does not resolve to address {ip}: Name or service not known",
            "warning: {ip}: hostname {rhost} verification failed: Name or service not known",
            "timeout after END-OF-MESSAGE from {rhost}[{ip}]",
            "SSL_accept error from {rhost}[{ip}]: lost connection",
            "warning: TLS library problem: error:0A000076:SSL routines::no suitable signature "
            "algorithm",
        ),
    ),
    (
        ("postfix/cleanup",),
        (
            "{qid}: message-id=<{hex:12}.{int:1000-9999}@{domain}>",
            "{qid}: message-id=<{uuid}@{mailhost}>",
            "{qid}: message-id=<CA+{blob:30}@mail.gmail.com>",
        ),
    ),
    (
        ("postfix/qmgr",),
        (
            "{qid}: from=<{email}>, size={int:900-900000}, nrcpt={int:1-5} (queue active)",
            "{qid}: from=<>, size={int:900-9000}, nrcpt=1 (queue active)",
            "{qid}: removed",
            "{qid}: from=<{email}>, status=expired, returned to sender",
        ),
    ),
    (
        ("postfix/smtp", "postfix/relay", "postfix/lmtp", "postfix/local", "postfix/virtual"),
        (
            "{qid}: to=<{email}>, relay={mailhost}[{pubip}]:25, delay={float:9}, delays=0.1/0/0.2/"
            "{float:1}, dsn=2.0.0, status=sent (250 2.0.0 OK  {int:1500000000-1800000000} "
            "{blob:6}.{int:100-999} - gsmtp)",
            "{qid}: to=<{email}>, relay=local, delay=0.{int:1-99}, delays=0.01/0/0/0.01, "
            "dsn=2.0.0, status=sent (delivered to mailbox)",
            "{qid}: to=<{email}>, relay=127.0.0.1[127.0.0.1]:10024, delay=1.2, dsn=2.0.0, "
            "status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as "
            "{qid2})",
            "{qid}: to=<{email}>, relay=private/dovecot-lmtp, delay=0.1, dsn=2.0.0, status=sent "
            "(250 2.0.0 <{email}> {blob:16} Saved)",
            "{qid}: to=<{email}>, relay=none, delay={int:100-90000}, delays={int:100-90000}/0.01/"
            "30/0, dsn=4.4.1, status=deferred (connect to {mailhost}[{pubip}]:25: Connection "
            "timed out)",
            "{qid}: to=<{email}>, relay={mailhost}[{pubip}]:25, delay=2, dsn=5.1.1, status=bounced "
            "(host {mailhost}[{pubip}] said: 550 5.1.1 <{email}>: Recipient address rejected: "
            "User unknown (in reply to RCPT TO command))",
            "connect to {mailhost}[{pubip}]:25: Connection refused",
            "{qid}: lost connection with {mailhost}[{pubip}] while receiving the initial server "
            "greeting",
            "Trusted TLS connection established to {mailhost}[{pubip}]:25: TLSv1.3 with cipher "
            "TLS_AES_256_GCM_SHA384 (256/256 bits)",
        ),
    ),
    (
        (
            "postfix/master",
            "postfix/postfix-script",
            "postfix/anvil",
            "postfix/pickup",
            "postfix/postscreen",
            "postfix/bounce",
            "postfix/scache",
        ),
        (
            "daemon started -- version 3.{int:1-8}.{int:0-9}, configuration /etc/postfix",
            "reload -- version 3.{int:1-8}.{int:0-9}, configuration /etc/postfix",
            "starting the Postfix mail system",
            "statistics: max connection rate {int:1-9}/60s for (smtp:{ip}) at {bsd}",
            "statistics: max cache size {int:1-9} at {bsd}",
            "{qid}: uid=0 from=<root>",
            "{qid}: uid={int:33-1999} from=<{user}>",
            "CONNECT from [{ip}]:{port} to [{privip}]:25",
            "PASS OLD [{ip}]:{port}",
            "PASS NEW [{ip}]:{port}",
            "{qid}: sender non-delivery notification: {qid2}",
            "statistics: start interval {bsd}",
            "warning: /etc/postfix/main.cf, line {int:10-80}: overriding earlier entry: "
            "smtpd_tls_security_level=may",
        ),
    ),
)
FILTERS_BENIGN = (
    ("opendkim", "{qid}: DKIM-Signature field added (s={pick:default|mail|s1|google}, d={domain})"),
    ("opendkim", "{qid}: {mailhost} [{ip}] not internal"),
    ("opendmarc", "{qid}: {domain} pass"),
    (
        "amavis",
        "(0{int:1000-99999}-{int:10-99}) Passed CLEAN {RelayedInbound}, [{ip}]:{port} "
        "<{email}> -> <{email2}>, Queue-ID: {qid}, Message-ID: <{hex:16}@{domain}>, "
        "mail_id: {blob:9}, Hits: -{float:3}, size: {int:1000-99999}, queued_as: {qid2}, "
        "{int:100-9000} ms",
    ),
    (
        "spamd",
        "spamd: clean message (-{float:2}/5.0) for {user}:{int:1000-1999} in {float:3} "
        "seconds, {int:1000-90000} bytes.",
    ),
    (
        "policyd-spf",
        "prepend Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip={pubip}; "
        "helo={mailhost}; envelope-from={email}; receiver=<UNKNOWN>",
    ),
    (
        "postgrey",
        "action=pass, reason=triplet found, client_name={mailhost}, client_address="
        "{pubip}, sender={email}, recipient={email2}",
    ),
    (
        "postgrey",
        "action=greylist, reason=new, client_name={mailhost}, client_address={pubip}, "
        "sender={email}, recipient={email2}",
    ),
)
DOVECOT_BENIGN = (
    "imap-login: Login: user=<{mailuser}>, method={pick:PLAIN|LOGIN|CRAM-MD5}, rip={ip}, "
    "lip={privip}, mpid={pid}, TLS, session=<{blob:12}>",
    "pop3-login: Login: user=<{mailuser}>, method=PLAIN, rip={ip}, lip={privip}, mpid={pid}, "
    "secured, session=<{blob:12}>",
    "imap({mailuser})<{pid}><{blob:12}>: Logged out in={int:10-9000} out={int:100-900000} "
    "deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0",
    "imap({mailuser}): Disconnected: Logged out in={int:10-9000} out={int:100-90000}",
    "lmtp({mailuser})<{pid}><{blob:16}>: msgid=<{hex:16}@{domain}>: saved mail to INBOX",
    "lmtp({pid}): Connect from local",
    "imap-login: Disconnected (no auth attempts in {int:0-30} secs): user=<>, rip={ip}, "
    "lip={privip}, TLS handshaking: SSL_accept() failed: error:{pick:14209102|0A000102}:"
    "SSL routines::unsupported protocol",
    "pop3-login: Disconnected (no auth attempts in {int:0-10} secs): user=<>, rip={ip}, "
    "lip={privip}, session=<{blob:12}>",
    "imap-login: Disconnected: Connection closed (no auth attempts in {int:0-60} secs): "
    "user=<>, rip={ip}, lip={privip}, TLS, session=<{blob:12}>",
    "imap({mailuser}): Error: Mailbox {pick:Trash|Junk|Archive}: UID={int:1-9999} lost "
    "unexpectedly",
    "master: Dovecot v2.3.{int:7-21} (7bad6a24dc) starting up for imap, pop3, lmtp, sieve",
    "auth: Warning: auth client {int:0-9} disconnected with {int:1-3} pending requests: EOF",
    "imap({mailuser}): Connection closed (IDLE running for 0.001 + waiting input for "
    "{int:60-1800}.{int:0-999} secs, 2 B in + 10 B out, state=wait-input) in={int:0-999} "
    "out={int:0-9999}",
    "managesieve-login: Login: user=<{mailuser}>, method=PLAIN, rip={privip}, lip={privip}, "
    "mpid={pid}, secured",
)
IMAP_BRUTE = (
    (
        "dovecot",
        "imap-login: Disconnected (auth failed, {int:1-5} attempts in {int:2-30} secs): "
        "user=<{mailguess}>, method={pick:PLAIN|LOGIN}, rip={ip}, lip={privip}, TLS",
    ),
    (
        "dovecot",
        "pop3-login: Aborted login (auth failed, {int:1-5} attempts in {int:2-30} secs): "
        "user=<{mailguess}>, method=PLAIN, rip={ip}, lip={privip}, session=<{blob:12}>",
    ),
    (
        "dovecot",
        "imap-login: Login aborted: Connection closed (auth failed, {int:1-5} attempts "
        "in {int:2-30} secs) (auth_failed): user=<{mailguess}>, method=PLAIN, rip={ip}, "
        "lip={privip}, TLS, session=<{blob:12}>",
    ),
    ("dovecot", "auth: passwd-file({mailguess},{ip}): Password mismatch"),
    ("dovecot", "auth-worker({pid}): sql({mailguess},{ip},<{blob:12}>): Password mismatch"),
    (
        "dovecot",
        "auth-worker({pid}): pam({mailguess},{ip}): pam_authenticate() failed: "
        "Authentication failure (password mismatch?)",
    ),
    ("dovecot", "auth: ldap({mailguess},{ip}): invalid credentials"),
    ("dovecot", "auth-worker({pid}): sql({mailguess},{ip}): unknown user"),
    (
        "dovecot",
        "auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 "
        "tty=dovecot ruser={mailguess} rhost={ip}",
    ),
    ("imapd", "LOGIN FAILED, user={mailguess}, ip=[::ffff:{ip}]"),
    ("courierpop3login", "LOGIN FAILED, user={mailguess}, ip=[::ffff:{ip}], port=[{port}]"),
    ("imapd-ssl", "LOGIN FAILED, method=PLAIN, user={mailguess}, ip=[::ffff:{ip}]"),
    (
        "cyrus/imap",
        "badlogin: {rhost} [{ip}] plaintext {mailguess} SASL(-13): authentication "
        "failure: checkpass failed",
    ),
    (
        "cyrus/pop3",
        "badlogin: [{ip}] APOP {mailguess} SASL(-13): user not found: could not find password",
    ),
    ("ipop3d", "Login failed user={mailguess} auth={mailguess} host={rhost} [{ip}]"),
    ("qmail-pop3d", "vchkpw-pop3: password fail (pass: '{word}') {mailguess}@{domain}:{ip}"),
    (
        "dovecot",
        "{pick:pop3|imap|submission|managesieve}-login: Aborted login (tried to use "
        "{pick:disabled|disallowed} plaintext auth): user=<{mailguess}>, rip={ip}, "
        "lip={privip}{pick:|, session=<{blob:12}>}",
    ),
    (
        "dovecot",
        "{pick:imap|pop3}-login: Disconnected: Too many invalid commands (tried to use "
        "disallowed plaintext auth): user=<{mailguess}>, rip={ip}, lip={privip}",
    ),
    (
        "dovecot",
        "{pick:imap|pop3|submission}-login: Disconnected{pick:: Inactivity|| (client "
        "didn't finish SASL auth)} (auth failed, {int:1-6} attempts in {int:1-200} "
        "secs): user=<{mailguess}>, method={pick:PLAIN|LOGIN}, rip={ip}, lip={privip}"
        "{pick:, TLS|, TLS: Disconnected|, TLSv1.3 with cipher TLS_AES_256_GCM_SHA384|}",
    ),
    (
        "dovecot",
        "submission-login: Client has quit the connection (auth failed, {int:1-4} "
        "attempts in {int:1-30} secs): user=<{mailguess}>, method=LOGIN, rip={ip}, "
        "lip={privip}",
    ),
    (
        "dovecot",
        "auth: {pick:passwd-file|pam|shadow|ldap|sql}({mailguess},{ip}{pick:|,<{blob:12}>}"
        "): unknown user{pick:| (SHA1 of given password: {hex:6})}",
    ),
    (
        "dovecot",
        "auth-worker({pid}): {pick:pam|sql|ldap}({mailguess},{ip}): pam_authenticate() "
        "failed: User not known to the underlying authentication module",
    ),
    (
        "dovecot",
        "auth: {pick:ldap|passwd-file|sql}({mailguess},{ip},<{blob:12}>): Password "
        "mismatch (given password: {pick:123456|password|qwerty|{word}})",
    ),
    (
        "dovecot",
        "imap-login: Disconnected (proxy dest auth failed): user=<{mailguess}>, "
        "method=PLAIN, rip={ip}, lip={privip}, session=<{blob:12}>",
    ),
    ("imapd", "Login disabled user={mailguess} auth={mailguess} host={rhost} [{ip}]"),
    ("imapd", "Login failed user={mailguess} auth={mailguess} host=[{ip}]"),
    (
        "perdition",
        "Auth: {ip}:{port}->{privip}:993 client-secure=ssl authorisation_id=NONE "
        'authentication_id="{mailguess}" server="{privip}:993" protocol=IMAP4S '
        'server-secure=ssl status="failed: Re-Authentication Failure"',
    ),
    ("kerio", "IMAP: User {mailguess} doesn't exist. Attempt from IP address {ip}."),
    (
        "imap-login",
        "Info: {pick:Disconnected|Aborted login|Login aborted: Connection closed} "
        "(auth failed, {int:1-6} attempts{pick:| in {int:1-60} secs}): "
        "user=<{mailguess}>, method={pick:PLAIN|LOGIN|CRAM-MD5}, rip={ip}, "
        "lip={privip}{pick:, TLS|, TLS: Disconnected|}",
    ),
    (
        "pop3-login",
        "Info: {pick:Disconnected: Inactivity|Aborted login|Disconnected} (auth "
        "failed, {int:1-6} attempts{pick:| in {int:1-200} secs}): user=<{mailguess}>, "
        "method=PLAIN, rip={ip}, lip={privip}{pick:, session=<{blob:12}>|}",
    ),
    (
        "auth-worker",
        "Info: {pick:conn unix:auth-worker (uid={int:90-150}): |}auth-worker<{int:1-"
        "99999}>: {pick:sql|pam|passwd-file}({mailguess},{ip}): {pick:unknown user|"
        "Password mismatch}",
    ),
    (
        "dovecot",
        "auth(default): pam({mailguess},{ip}): pam_authenticate() failed: "
        "{pick:Authentication failure|User not known to the underlying authentication "
        "module}",
    ),
    (
        "dovecot",
        "{pick:imap|pop3|submission|managesieve}-login: {pick:Remote closed connection|"
        "Disconnected: Too many invalid commands.|Login aborted: Logged out} (auth "
        "failed, {int:1-5} attempts in {int:1-30} secs){pick:| (auth_failed)}: "
        "user=<{mailguess}>, method=PLAIN, rip={ip}, lip={privip}",
    ),
    ("kerio", "Failed SMTP login from {ip} with SASL method {pick:LOGIN|PLAIN|CRAM-MD5}."),
    ("mdaemon", "{pick:IMAP|POP} logon failure: {mailguess}@{domain} from {ip} - bad password"),
    (
        "hmailserver",
        '"IMAPD"\t{int:1000-9999}\t{int:1-999}\t"{stamp}"\t"{ip}"\t'
        '"SENT: a001 NO Invalid user name or password."',
    ),
)
MAIL_ABUSE = (
    (
        _SMTPD,
        (
            "warning: unknown[{ip}]: SASL LOGIN authentication failed: authentication failure",
            "warning: unknown[{ip}]: SASL {pick:LOGIN|PLAIN} authentication failed: UGFzc3dvcmQ6",
            "warning: {rhost}[{ip}]: SASL PLAIN authentication failed: ",
            "warning: unknown[{ip}]: SASL CRAM-MD5 authentication failed: "
            "PDEyMzQ1Njc4OTAuMTIzQGxvY2FsaG9zdD4=",
            "NOQUEUE: reject: RCPT from {rhost}[{ip}]: 554 5.7.1 <{email}>: Relay access denied; "
            "from=<{email2}> to=<{email}> proto={pick:ESMTP|SMTP} helo=<{heloname}>",
            "NOQUEUE: reject: RCPT from unknown[{ip}]: 554 5.7.1 Service unavailable; Client host "
            "[{ip}] blocked using {rbl}; from=<{email}> to=<{email2}> proto=ESMTP "
            "helo=<{heloname}>",
            "NOQUEUE: reject: RCPT from unknown[{ip}]: 450 4.7.1 <{heloname}>: Helo command "
            "rejected: Host not found; from=<{email}> to=<{email2}> proto=ESMTP helo=<{heloname}>",
            "NOQUEUE: reject: RCPT from unknown[{ip}]: 504 5.5.2 <{heloname}>: Helo command "
            "rejected: need fully-qualified hostname; from=<{email}> to=<{email2}> proto=SMTP "
            "helo=<{heloname}>",
            "NOQUEUE: reject: RCPT from unknown[{ip}]: 450 4.7.1 Client host rejected: cannot find "
            "your hostname, [{ip}]; from=<{email}> to=<{email2}> proto=ESMTP helo=<{heloname}>",
            "NOQUEUE: reject: RCPT from {rhost}[{ip}]: 550 5.1.1 <{mailguess}@{domain}>: Recipient "
            "address rejected: User unknown in {pick:local recipient|virtual mailbox|relay "
            "recipient} table; from=<{email}> to=<{mailguess}@{domain}> proto=ESMTP "
            "helo=<{heloname}>",
            "NOQUEUE: reject: RCPT from {rhost}[{ip}]: 450 4.1.8 <{email}>: Sender address "
            "rejected: "
            "Domain not found; from=<{email}> to=<{email2}> proto=ESMTP helo=<{heloname}>",
            "NOQUEUE: reject: RCPT from {rhost}[{ip}]: 550 5.7.23 <{email2}>: Recipient address "
            "rejected: Message rejected due to: SPF fail - not authorized. Please see "
            "http://www.open-spf.org/Why;s=mfrom;id={email};ip={ip};r=<UNKNOWN>; from=<{email}> "
            "to=<{email2}> proto=ESMTP helo=<{heloname}>",
            "too many errors after {pick:RCPT|AUTH|DATA|EHLO|MAIL} from unknown[{ip}]",
            "disconnect from unknown[{ip}] {pick:ehlo|helo}=1 auth=0/{int:1-3}{pick:| rset=1}"
            "{pick: quit=1|} commands={int:1-3}/{int:2-6}",
            "warning: Connection rate limit exceeded: {int:20-400} from {rhost}[{ip}] for "
            "service {pick:smtp|submission|smtps}",
            "warning: Connection concurrency limit exceeded: {int:10-90} from {rhost}[{ip}] for "
            "service smtp",
            "warning: Message delivery request rate limit exceeded: {int:50-900} from "
            "{rhost}[{ip}] for service {pick:smtp|submission}",
            "warning: Recipient address rate limit exceeded: {int:50-900} from {rhost}[{ip}] for "
            "service submission",
            "NOQUEUE: reject: RCPT from {rhost}[{ip}]: 550 5.7.1 <{email}>: Recipient address "
            "rejected: Access denied; from=<{email2}> to=<{email}> proto=ESMTP helo=<{heloname}>",
            "NOQUEUE: reject: MAIL from {rhost}[{ip}]: 553 5.7.1 <{email}>: Sender address "
            "rejected: not logged in; from=<{email}> proto=ESMTP helo=<{heloname}>",
            "warning: {rhost}[{ip}]: SASL {pick:LOGIN|PLAIN} authentication failed: Connection "
            "lost to authentication server",
            "warning: Illegal address syntax from unknown[{ip}] in MAIL command: <{word}@>",
            "improper command pipelining after {pick:CONNECT|EHLO|HELO} from unknown[{ip}]: "
            "{pick:QUIT|EHLO {heloname}|MAIL FROM:<{email}>}\\r\\n",
            "warning: non-SMTP command from unknown[{ip}]: GET / HTTP/1.1",
            "NOQUEUE: reject: CONNECT from unknown[{ip}]: 554 5.7.1 Client host rejected: Access "
            "denied; proto=SMTP",
            "NOQUEUE: milter-reject: END-OF-MESSAGE from unknown[{ip}]: 5.7.1 Spam message "
            "rejected; "
            "from=<{email}> to=<{email2}> proto=ESMTP helo=<{heloname}>",
            "{qid}: reject: header Subject: {pick:Viagra|Cheap meds|You won|Bitcoin profit|Urgent "
            "invoice} from unknown[{ip}]; from=<{email}> to=<{email2}> proto=ESMTP "
            "helo=<{heloname}>: 550 5.7.1 Message content rejected",
        ),
    ),
    (
        ("postfix/postscreen",),
        (
            "PREGREET {int:11-40} after 0.{int:01-99} from [{ip}]:{port}: EHLO {heloname}\\r\\n",
            "DNSBL rank {int:2-9} for [{ip}]:{port}",
            "HANGUP after 0.{int:1-99} from [{ip}]:{port} in tests after SMTP handshake",
            "COMMAND PIPELINING from [{ip}]:{port} after EHLO: QUIT\\r\\n",
            "NON-SMTP COMMAND from [{ip}]:{port} after CONNECT: GET / HTTP/1.1",
            "NOQUEUE: reject: RCPT from [{ip}]:{port}: 550 5.7.1 Service unavailable; client "
            "[{ip}] "
            "blocked using {rbl}; from=<{email}>, to=<{email2}>, proto=ESMTP, helo=<{heloname}>",
            "BARE NEWLINE from [{ip}]:{port} after DATA",
        ),
    ),
    (
        ("exim",),
        (
            "H=({heloname}) [{ip}] F=<{email}> rejected RCPT <{email2}>: relay not permitted",
            "H=({heloname}) [{ip}]:{port} I=[{privip}]:25 F=<{email}> rejected RCPT <{email2}>: "
            "Sender verify failed",
            'H=({heloname}) [{ip}] rejected connection in "connect" ACL: blocked by {rbl}',
            "SMTP protocol synchronization error (input sent without waiting for greeting): "
            'rejected connection from H=[{ip}] input="EHLO {heloname}\\r\\n"',
            "SMTP call from ({heloname}) [{ip}] dropped: too many syntax or protocol errors (last "
            'command was "{pick:RCPT TO:<>|AUTH LOGIN|MAIL FROM}")',
            "{pick:dovecot_login|dovecot_plain|plain_login|login} authenticator failed for "
            "({heloname}) [{ip}]:{port}: 535 Incorrect authentication data (set_id={mailguess})",
            "{hex:6}-{hex:6}-{hex:2} H=({heloname}) [{ip}] F=<{email}> rejected after DATA: This "
            "message scored {int:15-60}.{int:0-9} spam points.",
            "SMTP connection from ({heloname}) [{ip}] lost while reading message data",
            "H=({heloname}) [{ip}] F=<{email}> rejected RCPT <{email2}>: SPF check failed",
            "H={rhost} ({heloname}) [{ip}] sender verify fail for <{email}>: {pick:Unrouteable "
            "address|Unknown user|all relevant MX records point to non-existent hosts}",
            "no MAIL in SMTP connection from {pick:{rhost} |}({heloname}) [{ip}]:{port} "
            "I=[{privip}]:25 D={int:1-59}s{pick:| C=EHLO,STARTTLS| C=QUIT| C=EHLO,AUTH}",
            "{hex:6}-{hex:6}-{hex:2} SA: Action: {pick:flagged as Spam but accepted|silently "
            "tossed message|permanently rejected message}: score={int:6-40}.{int:0-9} "
            "required=5.0 (scanned in {int:1-9}/{int:1-9} secs | Message-Id: {hex:12}@{domain}). "
            "From <{email}> (host={rhost} [{ip}]) for {email2}",
            "H=({heloname}) [{ip}] F=<{email}> rejected RCPT <{email2}>: Unrouteable address",
            "H=({heloname}) [{ip}] Warning: Sender rate {int:50-900}.{int:0-9} / 1h",
        ),
    ),
    (
        ("sendmail", "sm-mta"),
        (
            "{hex:14}: ruleset=check_rcpt, arg1=<{email}>, relay={rhost} [{ip}], reject=550 "
            "5.7.1 <{email}>... Relaying denied",
            "{hex:14}: ruleset=check_relay, arg1={rhost}, arg2=127.0.0.{int:2-11}, relay={rhost} "
            "[{ip}], reject=553 5.3.0 Rejected - see http://www.spamhaus.org/query/bl?ip={ip}",
            "{hex:14}: {rhost} [{ip}] did not issue MAIL/EXPN/VRFY/ETRN during connection to MTA",
            "{hex:14}: lost input channel from {rhost} [{ip}] to MTA after {pick:rcpt|mail|data}",
            "{hex:14}: AUTH failure ({pick:LOGIN|PLAIN}): authentication failure (-13) SASL(-13): "
            "authentication failure: checkpass failed, relay={rhost} [{ip}]",
            "{hex:14}: [{ip}]: possible SMTP attack: command=AUTH, count={int:3-20}",
            "{hex:14}: ruleset=check_mail, arg1=<{email}>, relay=[{ip}], reject=553 5.1.8 "
            "<{email}>... Domain of sender address {email} does not exist",
        ),
    ),
)
FILTERS_ABUSE = (
    (
        "spamd",
        "spamd: identified spam ({int:6-40}.{int:0-9}/5.0) for {user}:{int:1000-1999} in "
        "{float:5} seconds, {int:1000-90000} bytes.",
    ),
    (
        "amavis",
        "({int:1000-99999}-{int:10-99}) Blocked SPAM {DiscardedInbound,Quarantined}, "
        "[{ip}]:{port} <{email}> -> <{email2}>, Queue-ID: {qid}, Hits: "
        "{int:7-40}.{int:100-999}",
    ),
    (
        "amavis",
        "({int:1000-99999}-{int:10-99}) Blocked INFECTED ({pick:Eicar-Signature|"
        "Sanesecurity.Malware.{int:1000-9999}|Win.Trojan.Agent-{int:100000-999999}}) "
        "{DiscardedInbound,Quarantined}, [{ip}]:{port} <{email}> -> <{email2}>",
    ),
    (
        "policyd-spf",
        "550 5.7.23 Message rejected due to: SPF fail - not authorized. "
        "identity=mailfrom; client-ip={ip}; helo={heloname}; envelope-from={email}; "
        "receiver={email2}",
    ),
    ("opendmarc", "{qid}: {domain} fail"),
)
OTHER_MTA_ABUSE = (
    (
        "courieresmtpd",
        "error,relay=::ffff:{ip},{pick:ident={word},|}from=<{pick:|{email}}>,"
        "to=<{mailguess}@{domain}>: 550 User {pick:unknown.|<{mailguess}> unknown}",
    ),
    ("courieresmtpd", 'error,relay=::ffff:{ip},msg="535 Authentication failed.",cmd: AUTH LOGIN'),
    (
        "kerio",
        "Attempt to deliver to unknown recipient <{mailguess}@{domain}>, from <{email}>, "
        "IP address {ip}",
    ),
    (
        "kerio",
        "IP address {ip} found in DNS blacklist {pick:SpamCop|UCEProtect1|"
        "BarracudaCentral|SpamHaus SBL-XBL}, mail from <{email}> to <{email2}>",
    ),
    (
        "kerio",
        "Message from IP address {ip}, sender <{email}> rejected: sender domain does not exist",
    ),
    (
        "mdaemon",
        "Session {int:1000-99999}; child {int:1-9}; {ip} is listed on {rbl}, connection refused",
    ),
    ("mdaemon", "Relay attempt from {ip} for <{email}> refused: 550 Relaying denied"),
    ("assp", "[Worker_{int:1-9}] {ip} <{email}> to: {email2} relay attempt blocked for: {email2}"),
    (
        "assp",
        "[Worker_{int:1-9}] [DNSBL] {ip} <{email}> to: {email2} [spam found] -- DNSBL: "
        "failed, {ip} listed in {rbl}",
    ),
    (
        "domino",
        "SMTP Server [{hex:6}:{hex:6}-{hex:16}] Connection from [{ip}] rejected for "
        "policy reasons. {pick:IP address of connecting host not found in reverse DNS "
        "lookup.|Host is listed in {rbl}.}",
    ),
    (
        "hmailserver",
        '"SMTPD"\t{int:1000-9999}\t{int:1-999}\t"{stamp}"\t"{ip}"\t'
        '"SENT: 550 Delivery is not allowed to this address."',
    ),
    (
        "sm-acceptingconnections",
        "{hex:14}: {rhost} [{ip}] (may be forged): possible SMTP "
        "attack: command=AUTH, count={int:3-20}",
    ),
)
MAIL_RECON = (
    (
        _SMTPD,
        (
            "NOQUEUE: reject: VRFY from {rhost}[{ip}]: 550 5.1.1 <{mailguess}>: Recipient address "
            "rejected: User unknown in local recipient table; to=<{mailguess}> proto=SMTP",
            "NOQUEUE: reject: VRFY from unknown[{ip}]: 502 5.5.1 VRFY command is disabled; "
            "to=<{mailguess}> proto=SMTP",
            "warning: {rhost}[{ip}]: EXPN {mailguess} rejected",
        ),
    ),
    (
        ("sendmail", "sm-mta"),
        (
            "{hex:14}: [{ip}]: VRFY {mailguess} [rejected]",
            "{hex:14}: [{ip}]: EXPN {mailguess} [rejected]",
            "{hex:14}: {rhost} [{ip}]: vrfy {mailguess}",
            "{hex:14}: {rhost} [{ip}]: expn root",
        ),
    ),
    (
        ("exim",),
        (
            "rejected VRFY from {rhost} [{ip}] ({mailguess})",
            "rejected EXPN from {rhost} [{ip}]: {mailguess}",
            "H=({heloname}) [{ip}] rejected VRFY {mailguess}@{domain}: administrative prohibition",
        ),
    ),
)
EXIM_BENIGN = (
    "{hex:6}-{hex:6}-{hex:2} <= {email} H={mailhost} [{pubip}]:{port} P=esmtps "
    "X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no S={int:1000-900000} id={hex:16}@{domain}",
    "{hex:6}-{hex:6}-{hex:2} => {mailuser} <{email}> R=localuser T=local_delivery",
    "{hex:6}-{hex:6}-{hex:2} => {email} R=dnslookup T=remote_smtp H={mailhost} [{pubip}] "
    'X=TLS1.2:ECDHE-RSA-AES128-GCM-SHA256:128 CV=yes C="250 2.0.0 OK"',
    "{hex:6}-{hex:6}-{hex:2} Completed",
    "{hex:6}-{hex:6}-{hex:2} ** {email} R=dnslookup T=remote_smtp: SMTP error from remote "
    "mail server after RCPT TO:<{email}>: 550 5.1.1 User unknown",
    "{hex:6}-{hex:6}-{hex:2} == {email} R=dnslookup T=remote_smtp defer (-53): retry time not "
    "reached for any host",
    "SMTP connection from [{ip}]:{port} (TCP/IP connection count = {int:1-20})",
    "SMTP connection from {mailhost} [{pubip}] closed by QUIT",
    "no host name found for IP address {ip}",
    "Start queue run: pid={pid}",
    "End queue run: pid={pid}",
    "exim 4.9{int:0-7} daemon started: pid={pid}, -q30m, listening for SMTP on port 25 "
    "(IPv6 and IPv4) port 587 (IPv6 and IPv4)",
    "TLS error on connection from ({heloname}) [{ip}] (SSL_accept): error:0A000412:SSL "
    "routines::sslv3 alert bad certificate",
    "{hex:6}-{hex:6}-{hex:2} <= {svcuser}@{srv} U={svcuser} P=local S={int:500-9000}",
)
SENDMAIL_BENIGN = (
    "{hex:14}: from=<{email}>, size={int:500-90000}, class=0, nrcpts=1, msgid=<{hex:12}@"
    "{domain}>, proto=ESMTP, daemon=MTA, relay={mailhost} [{pubip}]",
    "{hex:14}: to=<{email}>, delay=00:00:0{int:0-9}, xdelay=00:00:0{int:0-9}, mailer=esmtp, "
    "pri={int:30000-200000}, relay={mailhost}. [{pubip}], dsn=2.0.0, stat=Sent (OK id="
    "{blob:8})",
    "{hex:14}: to={user}, ctladdr=<{user}@{srv}> (1000/1000), delay=00:00:00, mailer=local, "
    "pri=30245, dsn=2.0.0, stat=Sent",
    "starting daemon (8.1{int:5-7}.{int:0-2}): SMTP+queueing@00:10:00",
    "{hex:14}: <{email}>... User unknown",
    "STARTTLS=server, relay={mailhost} [{pubip}], version=TLSv1.3, verify=NO, "
    "cipher=TLS_AES_256_GCM_SHA384, bits=256/256",
)


def _groups(
    family: str,
    category: str,
    scenario: str,
    groups: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...],
    weight: float,
    count: tuple[int, int] = (1, 3),
) -> list[Emitter]:
    share = weight / len(groups)
    return [
        templated(
            family,
            category,
            scenario,
            apps,
            templates,
            weight=share,
            count=count,
            pid=0.9,
            name=f"{family}:{scenario}:{apps[0]}",
        )
        for apps, templates in groups
    ]


def _pairs_as_groups(
    pairs: tuple[tuple[str, str], ...],
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    apps = sorted({app for app, _ in pairs})
    return tuple(((app,), tuple(t for a, t in pairs if a == app)) for app in apps)


EMITTERS: tuple[Emitter, ...] = (
    *_groups("postfix", BENIGN, "benign:mail-flow", POSTFIX_BENIGN, 5.0),
    *_groups("mailfilter", BENIGN, "benign:mail-filter", _pairs_as_groups(FILTERS_BENIGN), 1.0),
    *_groups("mailfilter", "mail_abuse", "attack:spam", _pairs_as_groups(FILTERS_ABUSE), 1.0),
    templated(
        "dovecot",
        BENIGN,
        "benign:mail-access",
        ("dovecot", "dovecot"),
        DOVECOT_BENIGN,
        weight=2.5,
        pid=0.5,
        count=(1, 3),
    ),
    templated(
        "exim",
        BENIGN,
        "benign:mail-flow",
        "exim",
        EXIM_BENIGN,
        weight=1.2,
        stamp=stamp_space,
        raw_share=0.6,
        count=(1, 3),
    ),
    templated(
        "sendmail",
        BENIGN,
        "benign:mail-flow",
        ("sendmail", "sm-mta"),
        SENDMAIL_BENIGN,
        weight=0.6,
        count=(1, 2),
    ),
    *_groups(
        "imap",
        "brute_force",
        "attack:mail-bruteforce",
        _pairs_as_groups(IMAP_BRUTE),
        5.0,
        count=(1, 4),
    ),
    *_groups("smtp", "mail_abuse", "attack:mail-abuse", MAIL_ABUSE, 6.0, count=(1, 4)),
    *_groups(
        "smtp",
        "mail_abuse",
        "attack:mail-abuse",
        _pairs_as_groups(OTHER_MTA_ABUSE),
        1.5,
        count=(1, 3),
    ),
    *_groups("smtp", "recon", "attack:smtp-enum", MAIL_RECON, 1.5, count=(1, 4)),
)
