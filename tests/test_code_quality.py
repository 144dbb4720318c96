"""Lint, format and type checks run with the tests, so CI enforces them (STYLE.md: tooling in CI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON_TREES = ["core", "tests", "benchmarks", "setup.py"]


def run_tool(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *argv], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "argv",
    [
        ("ruff", "check", *PYTHON_TREES),
        ("ruff", "format", "--check", *PYTHON_TREES),
        ("mypy", "core/hip_coding"),
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_is_clean(argv):
    done = run_tool(*argv)
    assert done.returncode == 0, f"{' '.join(argv)} found problems:\n{done.stdout}\n{done.stderr}"
