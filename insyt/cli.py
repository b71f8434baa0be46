"""The ``insyt`` command line: a thin map onto the config and the daemon.

Exit codes: 0 success, 2 bad usage or bad configuration (one line on stderr
that names the problem), 1 anything else that stops the daemon.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from insyt import __version__
from insyt import config as configuration

EXIT_USAGE = 2


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
