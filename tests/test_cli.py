"""The command line where the build-time code is absent, as in the Debian package.

The package leaves ``insyt.training`` out (tests/package/test_package.py checks
the installed tree); here a fresh interpreter is made to lack it the way
Python itself reports a missing module, so the message is checked on every
run, not only where the .deb is built.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

WITHOUT_TRAINING = ("import sys; sys.modules['insyt.training'] = None; "
                    "from insyt.cli import main; sys.exit(main(sys.argv[1:]))")


@pytest.mark.parametrize("argv", [["synth"], ["train", "--help"], ["model", "build-analyst"],
                                  ["eval", "corpus.jsonl"]])
def test_build_time_commands_say_they_need_a_checkout(argv: list[str]) -> None:
    done = subprocess.run([sys.executable, "-c", WITHOUT_TRAINING, *argv],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert f"insyt: {argv[0]} is a build-time tool" in done.stderr
    assert "checkout of the insyt repository" in done.stderr


def test_run_time_commands_work_without_it() -> None:
    done = subprocess.run([sys.executable, "-c", WITHOUT_TRAINING, "classify", "--help"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
