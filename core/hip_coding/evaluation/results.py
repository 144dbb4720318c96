"""The verdict on one sample, as the results file and the verdict cache store it (docs/evaluation.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hip_coding.evaluation import protocol
from hip_coding.execution.status import Status


@dataclass(frozen=True)
class SampleResult:
    """The verdict on one sample: status, per-test verdicts, trimmed messages."""

    task_id: str
    sample_id: str
    status: Status
    tests: tuple[protocol.TestVerdict, ...] = ()
    messages: str = ""
    mode: str = ""  # the checking mode that decided a failure
    compile_checks: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    #: `evaluate.judged_digest` of the task and solution judged: a rerun judges a changed sample again.
    judged: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "task_id": self.task_id,
            "sample_id": self.sample_id,
            "status": self.status.value,
            "tests": [t.to_dict() for t in self.tests],
            "messages": self.messages,
            "mode": self.mode,
            "compile_checks": self.compile_checks,
            "seconds": round(self.seconds, 3),
            "judged": self.judged,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SampleResult:
        """The inverse of `to_dict` (for results read back from a file or the cache)."""
        tests = tuple(
            protocol.TestVerdict(
                name=str(t["name"]),
                kind=str(t["kind"]),
                ok=bool(t["ok"]),
                max_abs_err=t.get("max_abs_err"),
                ms=t.get("ms"),
                detail=str(t.get("detail", "")),
            )
            for t in data.get("tests", [])
        )
        return cls(
            task_id=str(data["task_id"]),
            sample_id=str(data["sample_id"]),
            status=Status(data["status"]),
            tests=tests,
            messages=str(data.get("messages", "")),
            mode=str(data.get("mode", "")),
            compile_checks=dict(data.get("compile_checks", {})),
            seconds=float(data.get("seconds", 0.0)),
            judged=str(data.get("judged", "")),
        )
