"""Analyst benchmark: the quality and speed of the model's answers, and
ingest with the analyst busy.

Usage::

    .venv/bin/python bench/analyst.py [--model DIR] [--per-category N] [--ait N]
                                      [--no-ingest] [--seconds S]
                                      [--answers FILE] [--compare FILE]

The issue's figures:

1. On held-out attack incidents of every category, the share of *model*
   answers (before any playbook fallback) that pass the grounding checks
   (:mod:`insyt.analyst.validate`), that mention the key fact (the source
   address, else a user, when the evidence has one) and whose steps fit the
   category (at least one step names an action of that category, from
   :data:`STEP_TERMS`); and the share that does all three at once, the
   issue's figure.  Held out: synthetic incidents from a seed the
   adapter never saw, plus single lines from AIT-LDS's test split
   (:func:`insyt.training.corpus.ait_split`) where the corpus is present.  The
   playbook's figures on the same cases are printed beside them as the
   reference the model was tuned towards.
2. Seconds per analysis, p50 and p95, with ``analyst.threads`` threads;
   apart from them, the model's load time and milliseconds per generated
   token (:func:`decode_speed`).  ``--answers`` keeps the model's raw
   answers; ``--compare`` counts how many of this run's are identical to a
   kept run's (greedy decoding: another build of the same model should
   answer the same).
3. Ingest throughput (TCP, as fast as the daemon takes it, bench/ingest.py's
   run) with the analyst off and on, both while web shell requests from new
   addresses open an incident every half second, so that with the analyst on
   it is busy all the time.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import ingest
from corpora import CORPUS
from servers import REPO, Insyt

from insyt.analyst import playbooks, prompt, validate
from insyt.analyst.case import Case, from_text
from insyt.analyst.engine import Analyst, Engine
from insyt.taxonomy import is_attack
from insyt.training import corpus
from insyt.training.analyst import dataset

BACKLOG = 20  # incidents opened before the ingest load starts
BENCH_SEED = 2027  # training uses 11, `insyt model` verification 4242
AIT = CORPUS / "ait.jsonl.gz"

# What a response to each category is about; a step fits when it names one.
STEP_TERMS = {
    "brute_force": r"block|fail2ban|password|login|MFA|keys",
    "network_scan": r"firewall|block|port|rate-limit|scan",
    "web_scan": r"WAF|block|path|patch|404|scanner",
    "web_exploit": r"WAF|patch|block|request|payload",
    "webshell": r"quarantine|web root|shell|rebuild|block",
    "privilege_escalation": r"sudo|root|lock|rights|setuid|persistence|privilege",
    "credential_access": r"rotate|reset|password|credential|permission",
    "dns_exfiltration": r"DNS|domain|resolver|isolate|quer",
    "malware_c2": r"isolate|block|quarantine|rebuild|image",
    "dos": r"rate-limit|limit|load|edge|SYN|upstream|block",
    "mail_abuse": r"mail|relay|SPF|DKIM|blocklist|queue|spam|block",
    "recon": r"watch|block|zone transfer|enumerat|disclosure|follow-up",
}
WEBSHELL = ('<134>Nov 24 10:01:00 web1 apache2: {ip} - - [24/Nov/2026:10:01:00 +0000] '
            '"GET /uploads/cmd{n}.php?cmd=id HTTP/1.1" 200 512 "-" "python-requests/2.31.0"\n')


def key_fact(case: Case) -> str | None:
    return case.ip or (case.facts.users[0] if case.facts.users else None)


def fits(category: str, steps: tuple[str, ...]) -> bool:
    pattern = re.compile(STEP_TERMS[category], re.IGNORECASE)
    return any(pattern.search(step) for step in steps)


def held_out(per_category: int, ait_per_category: int) -> list[tuple[str, Case]]:
    cases = [("synth", c) for c in dataset.cases(per_category * 12, BENCH_SEED)]
    if AIT.exists() and ait_per_category:
        taken: Counter[str] = Counter()
        seen: set[str] = set()
        for line in corpus.read(AIT):
            if (line.label != "attack" or line.excluded or not is_attack(line.category)
                    or line.category not in STEP_TERMS or line.line in seen
                    or taken[line.category] >= ait_per_category
                    or corpus.ait_split(line.file, line.index) != "test"):
                continue
            seen.add(line.line)
            taken[line.category] += 1
            cases.append(("ait", from_text(line.category, line.line)))
    return cases


def quality(analyst: Analyst, cases: list[tuple[str, Case]]) -> list[dict[str, Any]]:
    """Prints the figures; returns the model's answers, one per case."""
    answers_out: list[dict[str, Any]] = []
    rows: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    seconds: list[float] = []
    reasons: Counter[str] = Counter()
    regenerated: Counter[bool] = Counter()  # after an invented fact: valid the second time?
    for origin, case in cases:
        result, outcome = analyst.analyse(case)
        seconds.append(result.seconds)
        book = playbooks.analyse(case)
        answers = [("playbook", (book.text, book.steps),
                    validate.problem(case, book.text, book.steps) is None)]
        if analyst.engine is not None:
            answers.append(("model", outcome.answer or ("", ()), result.rejected is None))
        for who, (text, steps), passed in answers:
            row = rows[(origin, who)]
            row["cases"] += 1
            row["valid"] += passed
            fact = key_fact(case)
            names_fact = fact is None or fact in text + " ".join(steps)
            if fact is not None:
                row["with_fact"] += 1
                row["fact"] += names_fact
            fit = fits(case.category, steps)
            row["fit"] += fit
            row["all"] += passed and names_fact and fit
        text, steps = outcome.answer or ("", ())
        answers_out.append({"origin": origin, "category": case.category, "text": text,
                            "steps": list(steps)})
        if result.rejected is not None:
            reasons[re.sub(r" \S+$", " X", result.rejected)] += 1
        if outcome.regenerated:
            regenerated[result.rejected is None] += 1
        if analyst.engine is not None:
            rows[(origin, "model")][f"cat:{case.category}"] += result.rejected is None
            rows[(origin, "model")][f"n:{case.category}"] += 1
    print(f"model: {analyst.model}  threads: {analyst.engine.threads if analyst.engine else 0}")
    print(f"{'cases':<10}{'answer':<10}{'n':>5}{'valid %':>9}{'key fact %':>12}"
          f"{'steps fit %':>13}{'all three %':>13}")
    for (origin, who), row in sorted(rows.items()):
        n = row["cases"]
        fact = 100 * row["fact"] / row["with_fact"] if row["with_fact"] else float("nan")
        print(f"{origin:<10}{who:<10}{n:>5}{100 * row['valid'] / n:>9.1f}{fact:>12.1f}"
              f"{100 * row['fit'] / n:>13.1f}{100 * row['all'] / n:>13.1f}")
    for who in sorted({who for _origin, who in rows}):
        n = sum(row["cases"] for (_o, w), row in rows.items() if w == who)
        every = sum(row["all"] for (_o, w), row in rows.items() if w == who)
        print(f"{who} answers doing all three, every case: {every}/{n} = {100 * every / n:.1f}%")
    for origin in sorted({o for o, who in rows if who == "model"}):
        row = rows[(origin, "model")]
        per = [f"{k[4:]} {row[k]}/{row['n:' + k[4:]]}" for k in sorted(row) if
               k.startswith("cat:")]
        print(f"{origin} model answers valid per category: " + ", ".join(per))
    if reasons:
        print("model answers replaced by the playbook: "
              + ", ".join(f"{r} x{n}" for r, n in reasons.most_common()))
    if analyst.engine is not None:
        print(f"answers generated again after inventing a fact: {sum(regenerated.values())}, "
              f"valid the second time: {regenerated[True]} (counted valid above; valid at the "
              f"first try: the valid count minus these)")
    q = statistics.quantiles(seconds, n=20)
    print(f"seconds per analysis (model, fallbacks included): p50 {statistics.median(seconds):.2f}"
          f"  p95 {q[18]:.2f}  max {max(seconds):.2f}  (n={len(seconds)})")
    return answers_out


def compare(answers: list[dict[str, Any]], kept: list[dict[str, Any]]) -> None:
    same: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for mine, theirs in zip(answers, kept, strict=True):
        total[mine["origin"]] += 1
        same[mine["origin"]] += (mine["text"], mine["steps"]) == (theirs["text"], theirs["steps"])
    print("model answers identical to the kept run's: " + ", ".join(
        f"{origin} {same[origin]}/{n}" for origin, n in sorted(total.items())))


def decode_speed(engine: Engine, cases: list[tuple[str, Case]], tokens: int = 64) -> None:
    """Milliseconds per generated token, the prompt's share taken out: each
    prompt runs once for one token and once for ``1 + tokens`` (forced by
    ``min_length``), and the difference is divided by ``tokens``."""
    prompts = [engine.tokenizer.encode(prompt.build(case, engine.count, prompt.MAX_PROMPT_TOKENS))
               .tokens for _origin, case in cases[::6]]

    def timed(tokens_in: list[str], n: int) -> float:
        start = time.perf_counter()
        engine.generator.generate_batch([tokens_in], max_length=n, min_length=n,
                                        sampling_topk=1, include_prompt_in_result=False)
        return time.perf_counter() - start

    first = [timed(p, 1) for p in prompts]
    per_token = [(timed(p, 1 + tokens) - f) / tokens for p, f in zip(prompts, first, strict=True)]
    print(f"decode: {1000 * statistics.median(per_token):.1f} ms per generated token, prompt "
          f"({statistics.mean(len(p) for p in prompts):.0f} tokens) and first token "
          f"{1000 * statistics.median(first):.0f} ms (medians of {len(prompts)} prompts, "
          f"{tokens} tokens forced)")


class BusyInsyt(Insyt):
    """insyt with :data:`BACKLOG` web shell incidents opened before the load
    starts and one more every half second during it, so that with the
    analyst on it has work throughout the window (with a model, each takes
    seconds), and with it off the daemon holds the same incidents."""

    def __init__(self, workdir: Path, options: dict[str, str]) -> None:
        super().__init__(workdir, options)
        self._stop = threading.Event()
        self._feeder: threading.Thread | None = None
        self.analyst_status: dict[str, Any] = {}

    def start(self) -> None:
        super().start()
        self._feeder = threading.Thread(target=self._feed, daemon=True)
        self._feeder.start()
        deadline = time.monotonic() + 60
        while self.status()["classifier"]["incidents"]["opened"] < BACKLOG:
            if time.monotonic() > deadline:
                raise RuntimeError("the web shell incidents did not open")
            time.sleep(0.2)

    def _feed(self) -> None:
        with socket.create_connection(self.address("tcp")) as s:
            for n in range(BACKLOG):
                s.sendall(WEBSHELL.format(ip=f"198.51.100.{n + 1}", n=n).encode())
            n = BACKLOG
            while not self._stop.wait(0.5):
                s.sendall(WEBSHELL.format(ip=f"203.0.113.{n % 254 + 1}", n=n).encode())
                n += 1

    def stop(self) -> int | None:
        self._stop.set()
        if self._feeder is not None:
            self._feeder.join(5)
        if self.proc is not None and self.proc.poll() is None:
            self.analyst_status = self.status()["analyst"]
        return super().stop()


def throughput(model: str | None, seconds: float, threads: int) -> None:
    args = ingest._parse_args(["--servers", "insyt", "--udp-rates", "", "--seconds",
                               str(seconds)])
    for label, options in (
            ("analyst off", {"analyst.enabled": "false"}),
            ("analyst on", {"analyst.enabled": "true", "analyst.threads": str(threads),
                            "analyst.model": f'"{model or ""}"'})):
        servers: list[BusyInsyt] = []

        def factory(workdir: Path, options: dict[str, str] = options,
                    servers: list[BusyInsyt] = servers) -> BusyInsyt:
            servers.append(BusyInsyt(workdir, options))
            return servers[-1]

        result = ingest.run_one("insyt", factory, "tcp", 0, args)
        status = servers[0].analyst_status
        busy = (f"; analyst: {status['analysed']} analysed, {status['queued']} still queued, "
                f"{status['by_model']} by the model" if status.get("enabled") else "")
        print(f"ingest TCP max, {label}: "
              + (f"FAILED {result.error}" if result.error else
                 f"{result.stored_per_s:,.0f} lines/s stored, loss {result.loss}, "
                 f"daemon CPU {result.cpu_main_pct + result.cpu_other_pct:.0f}%") + busy,
              flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default=str(REPO / ".cache/analyst/model"),
                   help="CTranslate2 analyst model (default: make analyst-model's)")
    p.add_argument("--threads", type=int, default=2, help="CTranslate2 threads")
    # 140 cases: one answer in a sample of 66 moved the figure by 1.5 points.
    p.add_argument("--per-category", type=int, default=10, help="synthetic incidents each")
    p.add_argument("--ait", type=int, default=10, help="AIT-LDS test lines per category")
    p.add_argument("--seconds", type=float, default=10.0, help="ingest window per run")
    p.add_argument("--no-ingest", dest="ingest", action="store_false")
    p.add_argument("--no-quality", dest="quality", action="store_false")
    p.add_argument("--answers", type=Path, help="write the model's answers here (JSON)")
    p.add_argument("--compare", type=Path, help="count answers identical to this --answers file")
    args = p.parse_args(argv)
    model = args.model if (Path(args.model) / "model.bin").is_file() else None
    if model is None:
        print(f"no model at {args.model}: the figures are the playbooks' alone "
              "(build one with `make analyst-model`)")
    if args.quality:
        start = time.perf_counter()
        engine = Engine(model, threads=args.threads) if model else None
        if engine is not None:
            print(f"model loaded in {time.perf_counter() - start:.2f} s")
        cases = held_out(args.per_category, args.ait)
        answers = quality(Analyst(engine), cases)
        if engine is not None:
            decode_speed(engine, cases)
        if args.answers:
            args.answers.write_text(json.dumps(answers, indent=1) + "\n")
        if args.compare:
            compare(answers, json.loads(args.compare.read_text()))
    if args.ingest:
        throughput(model, args.seconds, 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
