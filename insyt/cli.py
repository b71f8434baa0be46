"""The ``insyt`` command line: a thin map onto the config, the daemon and the classifier.

Exit codes: 0 success, 2 bad usage or bad configuration (one line on stderr
that names the problem), 1 anything else that stops the daemon.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from insyt import __version__
from insyt import config as configuration
from insyt.taxonomy import NAMES, is_attack

if TYPE_CHECKING:
    from insyt.detect import Classifier

EXIT_USAGE = 2
ATTACK_CATEGORIES = tuple(name for name in NAMES if is_attack(name))


class _Parser(argparse.ArgumentParser):
    """argparse prints the whole usage before the error; admins asked for one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="insyt", description="Syslog collector that detects intrusions.")
    parser.add_argument("--version", action="version", version=f"insyt {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("run", help="run the daemon in the foreground")
    run.add_argument("-c", "--config", required=True, help="TOML configuration file")
    check = commands.add_parser("check-config", help="validate a configuration file")
    check.add_argument("-c", "--config", required=True, help="TOML configuration file")
    classify = commands.add_parser(
        "classify", help="label log lines, one result per input line, in order"
    )
    classify.add_argument("--format", choices=("jsonl", "text"), default="jsonl",
                          help="jsonl (default): one JSON object a line; text: label TAB "
                               "confidence TAB line")
    _model_arguments(classify)
    classify.add_argument("files", nargs="*", metavar="FILE",
                          help="log files; none or '-': standard input")
    evaluate = commands.add_parser("eval", help="measure the classifier on a labelled corpus")
    evaluate.add_argument("corpus", metavar="CORPUS.jsonl[.gz]")
    evaluate.add_argument("--split", choices=("all", "train", "test"), default="all",
                          help="AIT-LDS held-out blocks (test), the rest (train), or all")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    _model_arguments(evaluate)
    analyze = commands.add_parser(
        "analyze", help="explain one log line as the analyst would explain an incident")
    analyze.add_argument("--category", required=True, choices=ATTACK_CATEGORIES,
                         help="the category the line was detected as")
    analyze.add_argument("--model", metavar="DIR",
                         help="CTranslate2 analyst model (default: playbooks only)")
    analyze.add_argument("--threads", metavar="N", type=_positive_int, default=1,
                         help="CTranslate2 threads (default 1)")
    analyze.add_argument("--max-new-tokens", metavar="N", type=_positive_int, default=160)
    analyze.add_argument("--timeout", metavar="S", type=float, default=20.0,
                         help="seconds before the playbook answers instead (default 20)")
    analyze.add_argument("line", metavar="LINE", help="the log line, syslog header or not")
    # Tools with options of their own (`insyt train --help`): main() hands
    # them their arguments whole; listed here for `insyt --help`.
    commands.add_parser("train", help="train the line classifier (needs the train extra)")
    commands.add_parser("synth", help="generate labelled synthetic log lines")
    commands.add_parser("model", help="train, build or convert the analyst's model "
                                      "(needs the analyst-build extra)")
    return parser


# The build-time tools and the extra each needs.  They live in insyt.training,
# which a checkout has and the Debian package leaves out (the daemon never
# imports it).
_TOOLS = {
    "synth": ("insyt.training.synth.cli", "train"),
    "train": ("insyt.training.classifier.cli", "train"),
    "model": ("insyt.training.analyst.modelcli", "analyst-build"),
    "eval": ("insyt.training.evaluate", "train"),
}


def _training(command: str) -> Any:
    """The module behind a build-time ``command``, or None after saying what it needs."""
    module, extra = _TOOLS[command]
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if (exc.name or "").startswith("insyt.training"):
            print(f"insyt: {command} is a build-time tool: it runs from a checkout of the "
                  f"insyt repository with the {extra} extra (pip install -e '.[{extra}]'); "
                  "this installation carries the run-time only", file=sys.stderr)
        else:
            print(f"insyt: {command} needs the {extra} extra "
                  f"(pip install -e '.[{extra}]'): {exc}", file=sys.stderr)
        return None


def _tool(name: str, argv: list[str]) -> int:
    module = _training(name)
    if module is None:
        return EXIT_USAGE
    status: int = module.main(argv)
    return status


def _model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="DIR", help="model directory (default: bundled)")
    parser.add_argument("--threads", metavar="N", type=_positive_int,
                        default=len(os.sched_getaffinity(0)),
                        help="ONNX Runtime threads (default: the CPUs this process may use)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["train"], ["synth"], ["model"]):
        return _tool(argv[0], argv[1:])
    args = build_parser().parse_args(argv)
    if args.command == "classify":
        return _classify(args.files, args.format, args.model, args.threads)
    if args.command == "eval":
        return _eval(args.corpus, args.split, args.model, args.threads, args.json)
    if args.command == "analyze":
        return _analyze(args.category, args.line, args.model, args.threads,
                        args.max_new_tokens, args.timeout)
    try:
        config = configuration.load(args.config)
    except configuration.ConfigError as exc:
        print(f"insyt: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "check-config":
        print(f"{args.config}: ok")
        return 0
    return _run(config, args.config)


def _run(config: configuration.Config, path: str) -> int:
    logging.basicConfig(
        level=config.log_level.upper(),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("peewee").setLevel(logging.INFO)  # its DEBUG logs every query
    from insyt.daemon import Daemon  # heavy imports only for the daemon

    async def serve() -> None:
        await Daemon(config, path).run()

    try:
        import uvloop
    except ImportError:
        asyncio.run(serve())
    else:
        uvloop.run(serve())
    return 0


def _classify(files: Sequence[str], fmt: str, model: str | None, threads: int) -> int:
    from insyt.detect.stream import FORMATS, classify_stream

    names = list(files) or ["-"]
    if not all(name == "-" or _readable(name) for name in names):
        return EXIT_USAGE
    classifier = _classifier(model, threads)
    if classifier is None:
        return EXIT_USAGE
    out = sys.stdout.buffer
    try:
        for name in names:
            if name == "-":
                classify_stream(sys.stdin.buffer, "-", classifier, FORMATS[fmt], out)
            else:
                with open(name, "rb") as source:
                    classify_stream(source, name, classifier, FORMATS[fmt], out)
    except BrokenPipeError:  # a reader such as `head` left: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        print(f"insyt: {exc}", file=sys.stderr)
        return 1
    return 0


def _eval(corpus: str, split: str, model: str | None, threads: int, as_json: bool) -> int:
    evaluate = _training("eval")
    if evaluate is None or not _readable(corpus):
        return EXIT_USAGE
    classifier = _classifier(model, threads)
    if classifier is None:
        return EXIT_USAGE
    try:
        result = evaluate.run(corpus, split, classifier)
    except (OSError, EOFError, ValueError, KeyError) as exc:  # a malformed corpus
        print(f"insyt: {corpus}: not a labelled corpus ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(json.dumps(result) + "\n" if as_json else evaluate.render(result))
    return 0


def _analyze(category: str, line: str, model: str | None, threads: int, max_new_tokens: int,
             timeout: float) -> int:
    from insyt.analyst.case import from_text
    from insyt.analyst.engine import Analyst, Engine, ModelError

    try:
        engine = Engine(model, threads) if model else None
    except ModelError as exc:
        print(f"insyt: {exc}", file=sys.stderr)
        return EXIT_USAGE
    analysis, _outcome = Analyst(engine, max_new_tokens, timeout).analyse(
        from_text(category, line))
    print(json.dumps({"category": category, **analysis.as_dict()}))
    return 0


def _readable(path: str) -> bool:
    if os.path.isdir(path) or not os.access(path, os.R_OK):
        print(f"insyt: {path}: cannot read", file=sys.stderr)
        return False
    return True


def _classifier(model: str | None, threads: int) -> Classifier | None:
    """The classifier, or None after saying in one line why it cannot load."""
    from insyt.detect import Classifier, ModelError  # onnxruntime only when needed

    try:
        return Classifier(model, threads=threads)
    except ModelError as exc:
        print(f"insyt: {exc}", file=sys.stderr)
        return None


if __name__ == "__main__":
    sys.exit(main())
