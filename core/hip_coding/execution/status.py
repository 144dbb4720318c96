"""Verdicts shared by every execution step: one status taxonomy, one result type."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(str, enum.Enum):
    """Exactly one of these describes each compile, run or evaluated sample (docs/contract.md, "Statuses")."""

    PASSED = "passed"
    FAILED = "failed"
    COMPILE_ERROR = "compile_error"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    REJECTED = "rejected"
    UNSUPPORTED = "unsupported"
    NO_DEVICE = "no_device"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class ExecResult:
    """The outcome of one sandboxed step (a compile or a run).

    `status` is PASSED when the step did its job (the compiler produced a binary, the program
    exited 0); callers that judge answers (the evaluator) refine it from the program's output.
    `stdout`/`stderr` are trimmed to a bounded size so thousands of results stay small.
    """

    status: Status
    exit_code: int | None
    stdout: str
    stderr: str
    wall_seconds: float
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status is Status.PASSED

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status.value,
            "exit_code": self.exit_code,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "wall_seconds": round(self.wall_seconds, 4),
            "detail": self.detail,
        }
