"""The harness result protocol: how a run's output becomes per-test verdicts.

The evaluator gives each run a fresh random nonce. Only lines `HIPCODING <nonce> {json}` count; the
solution's own prints never do. The lines carry data, not verdicts: the got data of each check, which
compare.py judges against the want data of a golden run of the reference solution. A sample passes only
when the process exited 0, every expected test has exactly one line with the right nonce, and every
one of them matches the golden data.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hip_coding.evaluation import compare

#: The detail of a test the golden run gave no data for (the reference crashed or timed out there).
NO_GOLDEN = "no golden data for this test: the reference solution's run did not produce it"


def new_nonce() -> str:
    return secrets.token_hex(16)


def golden_nonce(nonce: str) -> str:
    """The nonce argument that makes the harness also record its expected values (the trusted run)."""
    return f"golden:{nonce}"


@dataclass(frozen=True)
class TestVerdict:
    """One test's line, or the absence of one."""

    name: str
    kind: str
    ok: bool
    max_abs_err: float | None = None
    ms: float | None = None
    detail: str = ""
    constant_reference: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "ok": self.ok,
            "max_abs_err": self.max_abs_err,
            "ms": self.ms,
            "detail": self.detail,
        }


def harness_arguments(nonce: str, tolerance: dict[str, float], tests: dict[str, dict[str, object]]) -> list[str]:
    """The harness command line: nonce, atol, rtol, then `name:kind:seed[:key=value,...]` per test."""
    args = [nonce, repr(float(tolerance["atol"])), repr(float(tolerance["rtol"]))]
    for name, spec in tests.items():
        params = ",".join(f"{key}={value}" for key, value in spec.items() if key not in ("kind", "seed"))
        args.append(f"{name}:{spec['kind']}:{spec['seed']}" + (f":{params}" if params else ""))
    return args


def result_lines(stdout: str, nonce: str) -> dict[str, list[dict[str, Any]]]:
    """The JSON payloads of this run's protocol lines, by test name (lines with another nonce are chatter)."""
    prefix = f"HIPCODING {nonce} "
    seen: dict[str, list[dict[str, Any]]] = {}
    for line in stdout.splitlines():
        if not line.startswith(prefix):
            continue
        try:
            payload = json.loads(line[len(prefix) :])
        except json.JSONDecodeError:
            continue
        if isinstance(payload, dict) and isinstance(payload.get("test"), str):
            seen.setdefault(payload["test"], []).append(payload)
    return seen


def _single(lines: list[dict[str, Any]]) -> str:
    """Why a test's lines cannot be judged ("" when there is exactly one)."""
    if len(lines) == 1:
        return ""
    return "no result line (the program ended early?)" if not lines else "several result lines"


def _ms(payload: dict[str, Any]) -> float | None:
    ms = payload.get("ms")
    return float(ms) if isinstance(ms, (int, float)) and not isinstance(ms, bool) else None


def parse_verdicts(
    stdout: str,
    nonce: str,
    tests: dict[str, dict[str, object]],
    golden: Mapping[str, list[compare.Check]],
    tolerance: Mapping[str, float],
) -> list[TestVerdict]:
    """Per expected test, its verdict: the run's got data against the golden want data.

    A missing, repeated or malformed line, or a test the golden run has no data for, is a failed test.
    """
    seen = result_lines(stdout, nonce)
    atol, rtol = float(tolerance["atol"]), float(tolerance["rtol"])
    verdicts = []
    for name, spec in tests.items():
        kind = str(spec["kind"])
        lines = seen.get(name, [])
        why = _single(lines)
        if why:
            verdicts.append(TestVerdict(name, kind, False, detail=why))
            continue
        if name not in golden:
            verdicts.append(TestVerdict(name, kind, False, ms=_ms(lines[0]), detail=NO_GOLDEN))
            continue
        ok, err, detail = compare.judge_test(lines[0], golden[name], atol, rtol)
        verdicts.append(
            TestVerdict(
                name=name,
                kind=kind,
                ok=ok,
                max_abs_err=float(f"{err:.6g}"),
                ms=_ms(lines[0]),
                detail=detail[:500],
                constant_reference=compare.constant_reference(golden[name]),
            )
        )
    return verdicts


def parse_golden(
    stdout: str, nonce: str, tests: dict[str, dict[str, object]], tolerance: Mapping[str, float]
) -> tuple[dict[str, list[compare.Check]], list[TestVerdict]]:
    """From a golden run's output: the want data of every test it reported, and the reference's verdicts.

    The reference is judged by the very rules candidates are judged by: its got data against the want
    data of the same run.
    """
    seen = result_lines(stdout, nonce)
    wants: dict[str, list[compare.Check]] = {}
    for name in tests:
        lines = seen.get(name, [])
        raw = lines[0].get("checks") if len(lines) == 1 else None
        if not isinstance(raw, list):
            continue
        try:
            wants[name] = [compare.Check.from_payload(item, golden=True) for item in raw]
        except compare.DataError:
            continue
    return wants, parse_verdicts(stdout, nonce, tests, wants, tolerance)
