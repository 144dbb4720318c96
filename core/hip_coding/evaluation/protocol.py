"""The harness result protocol: how a run's output becomes per-test verdicts.

The evaluator gives each run a fresh random nonce. Only lines `HIPCODING <nonce> {json}` count; the
solution's own prints never do. A sample passes only when the process exited 0, every expected test has
exactly one line with the right nonce, and every one of them is `ok`.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass


def new_nonce() -> str:
    return secrets.token_hex(16)


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


def parse_verdicts(stdout: str, nonce: str, tests: dict[str, dict[str, object]]) -> list[TestVerdict]:
    """Per expected test, its verdict; a missing, repeated or malformed line is a failed test."""
    prefix = f"HIPCODING {nonce} "
    seen: dict[str, list[dict[str, object]]] = {}
    for line in stdout.splitlines():
        if not line.startswith(prefix):
            continue
        try:
            payload = json.loads(line[len(prefix) :])
        except json.JSONDecodeError:
            continue
        if isinstance(payload, dict) and isinstance(payload.get("test"), str):
            seen.setdefault(payload["test"], []).append(payload)
    verdicts = []
    for name, spec in tests.items():
        kind = str(spec["kind"])
        lines = seen.get(name, [])
        if len(lines) != 1:
            why = "no result line (the program ended early?)" if not lines else "several result lines"
            verdicts.append(TestVerdict(name, kind, False, detail=why))
            continue
        payload = lines[0]
        err = payload.get("max_abs_err")
        ms = payload.get("ms")
        verdicts.append(
            TestVerdict(
                name=name,
                kind=kind,
                ok=payload.get("ok") is True,
                max_abs_err=float(err) if isinstance(err, (int, float)) else None,
                ms=float(ms) if isinstance(ms, (int, float)) else None,
                detail=str(payload.get("detail", ""))[:500],
                constant_reference=payload.get("constant_reference") is True,
            )
        )
    return verdicts
