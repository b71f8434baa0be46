"""Config validation and the CLI's exit-code contract (0 ok, 2 usage/config)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from insyt import __version__, config
from insyt.config import ConfigError, parse_hostport

REPO = Path(__file__).resolve().parent.parent


def insyt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "insyt", *args],
                          capture_output=True, text=True, timeout=60)


def test_defaults_listen_on_loopback_only() -> None:
    c = config.from_dict({})
    assert c.syslog.udp == ("127.0.0.1:5514",)
    assert c.syslog.tcp == ("127.0.0.1:5514",)
    assert c.web.listen == "127.0.0.1:8514"
    assert c.storage.synchronous == "full"
    assert (c.syslog.max_connections_per_source, c.syslog.frame_timeout_s) == (32, 30.0)


def test_values_are_typed() -> None:
    c = config.from_dict({"syslog": {"udp": ["[::1]:514"], "idle_timeout_s": 5},
                          "storage": {"batch_size": 10}})
    assert c.syslog.udp == ("[::1]:514",)
    assert c.syslog.idle_timeout_s == 5.0 and isinstance(c.syslog.idle_timeout_s, float)
    assert c.storage.batch_size == 10


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"syslog": {"udpp": []}}, "unknown key 'syslog.udpp'"),
        ({"mystery": {}}, "unknown key 'mystery'"),
        ({"syslog": {"tcp": ["localhost"]}}, "syslog.tcp[0]: expected host:port, got 'localhost'"),
        ({"syslog": {"tcp": ["::1:514"]}}, "syslog.tcp[0]: IPv6 addresses need brackets"),
        ({"syslog": {"udp": ["1.2.3.4:70000"]}}, "syslog.udp[0]: port must be 0-65535"),
        ({"syslog": {"udp": "127.0.0.1:514"}}, "syslog.udp: expected a list"),
        ({"syslog": {"max_frame": 10}}, "syslog.max_frame: must be >= 480"),
        ({"syslog": {"max_frame": True}}, "syslog.max_frame: expected int"),
        ({"syslog": {"timezone": "Mars/Olympus"}}, "syslog.timezone: unknown time zone"),
        ({"syslog": {"max_connections_per_source": 0}},
         "syslog.max_connections_per_source: must be >= 1"),
        ({"syslog": {"frame_timeout_s": 0.5}}, "syslog.frame_timeout_s: must be >= 1"),
        ({"storage": {"synchronous": "off"}}, "storage.synchronous: must be one of full, normal"),
        ({"storage": "x"}, "storage: expected a table"),
        ({"web": {"listen": "[::1:80"}}, "web.listen: unbalanced brackets"),
        ({"log_level": "loud"}, "log_level: must be one of"),
    ],
)
def test_errors_name_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        config.from_dict(table)
    assert message in str(info.value)


def test_hostport_forms() -> None:
    assert parse_hostport("0.0.0.0:514") == ("0.0.0.0", 514)
    assert parse_hostport("[::]:514") == ("::", 514)
    assert parse_hostport("localhost:0") == ("localhost", 0)


@pytest.mark.parametrize("name", ["insyt.toml", "insyt.dev.toml"])
def test_shipped_configs_are_valid(name: str) -> None:
    result = insyt("check-config", "-c", str(REPO / "conf" / name))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(": ok")


def test_cli_bad_config_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[syslog]\ntcp = ["nowhere"]\n')
    for command in ("check-config", "run"):
        result = insyt(command, "-c", str(bad))
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1
        assert "syslog.tcp[0]: expected host:port, got 'nowhere'" in result.stderr


def test_cli_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[syslog\n")
    result = insyt("check-config", "-c", str(broken))
    assert result.returncode == 2 and "invalid TOML" in result.stderr
    result = insyt("check-config", "-c", str(tmp_path / "absent.toml"))
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_cli_usage_errors_exit_2_with_one_line() -> None:
    for args in ((), ("run",), ("frobnicate",)):
        result = insyt(*args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1, result.stderr


def test_cli_version() -> None:
    result = insyt("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"insyt {__version__}"


def test_config_imports_nothing_from_the_pipeline() -> None:
    """The pipeline imports the config, never the other way round: loading
    and checking a config pulls in no stage (a fresh interpreter, so other
    tests' imports don't hide one)."""
    code = ("import sys, insyt.config; "
            "print(sorted(m for m in sys.modules if m.startswith('insyt.') "
            "and m.count('.') and m.split('.')[1] in sys.argv[1:]))")
    stages = ["ingest", "store", "detect", "incidents", "alerts", "analyst", "web", "training"]
    out = subprocess.run([sys.executable, "-c", code, *stages], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
