"""Shared fixtures: the library is imported from core/ even without an installed package; the task checks
start in the background once the session knows which tests it runs (tests/task_checks.py)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "core") not in sys.path:
    sys.path.insert(0, str(ROOT / "core"))


def pytest_collection_finish(session) -> None:  # noqa: ANN001 - pytest's hook signature
    wanted = {
        item.callspec.params["task_id"]
        for item in session.items
        if getattr(item, "callspec", None) is not None and "task_id" in item.callspec.params
    }
    if wanted and not session.config.option.collectonly:
        import task_checks

        task_checks.start(wanted)


def pytest_sessionfinish(session, exitstatus) -> None:  # noqa: ANN001 - pytest's hook signature
    if "task_checks" in sys.modules:
        sys.modules["task_checks"].stop()


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest's hook signature
    if "task_checks" in sys.modules:
        terminalreporter.write_line(sys.modules["task_checks"].summary())
