"""Verdicts decided outside the candidate's process: got data from the candidate run, want data from a
trusted golden run, compared here with numpy.

The harness runs in the same process as the candidate's code, so anything it decides there can be
forged by code that finds the nonce in memory. It therefore only reports data (per named check: the
element type, the count and the raw bytes); the golden run of the reference solution reports the same
checks together with the harness's own CPU reference (`want`). The rules are the harness library's
(docs/contract.md): `expect_close` passes when `|got - want| <= atol + rtol * |want|` element-wise and
NaN/inf in `want` are matched exactly; `expect_equal` is exact equality after converting `want` to the
got type. The first failure of a test decides its detail, in the order the harness met it; max_abs_err
is accumulated the way the harness library always did (every check, up to and including the first bad
element of each).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Element types a check may carry (numpy names as the harness spells them: kind letter + bytes).
DTYPES = {code: np.dtype(f"<{code}") for code in ("f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8")}
DTYPES["b1"] = np.dtype(np.bool_)
RULES = ("close", "equal")
#: max_abs_err values the JSON results can carry (inf would not be valid JSON).
ERR_CEILING = 1e308


class DataError(ValueError):
    """A check's data cannot be read (bad type name, bad base64, wrong byte count)."""


@dataclass(frozen=True)
class Check:
    """One named comparison of a test: what a run produced (and, from the golden run, what it wants)."""

    name: str
    rule: str
    got: np.ndarray
    want: np.ndarray | None = None

    @classmethod
    def from_payload(cls, data: Any, *, golden: bool) -> Check:
        """A check as the harness printed it; raises DataError for anything malformed."""
        if not isinstance(data, dict):
            raise DataError("a check is not an object")
        name, rule = data.get("name"), data.get("rule")
        if not isinstance(name, str) or rule not in RULES:
            raise DataError("a check without a name or with an unknown rule")
        got = decode(data.get("type"), data.get("count"), data.get("data"))
        want = decode(data.get("want_type"), data.get("want_count"), data.get("want")) if golden else None
        return cls(name, str(rule), got, want)


def type_code(dtype: np.dtype) -> str:
    """The harness's name of a numpy element type (the inverse of DTYPES)."""
    return next(code for code, known in DTYPES.items() if known == dtype)


def decode(code: object, count: object, text: object) -> np.ndarray:
    """The array a harness encoded as type name, element count and base64 bytes."""
    if not isinstance(code, str) or code not in DTYPES:
        raise DataError(f"unknown element type {code!r}")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0 or not isinstance(text, str):
        raise DataError("bad element count or data")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as err:
        raise DataError(f"data is not base64 ({err})") from None
    return from_bytes(code, count, raw)


def from_bytes(code: str, count: int, raw: bytes) -> np.ndarray:
    """The array of `count` elements of type `code` held in `raw`."""
    if code not in DTYPES:
        raise DataError(f"unknown element type {code!r}")
    dtype = DTYPES[code]
    if len(raw) != count * dtype.itemsize:
        raise DataError(f"{len(raw)} bytes of data for {count} elements of {code}")
    return np.frombuffer(raw, dtype=dtype)


@dataclass(frozen=True)
class Outcome:
    """One check compared: the first failure (empty when it passed) and its share of max_abs_err."""

    detail: str
    max_abs_err: float


def _g9(value: float) -> str:
    return f"{value:.9g}"


def _mismatch(name: str, index: int, got: float, want: float) -> str:
    return f"{name}[{index}] = {_g9(got)}, expected {_g9(want)}"


def compare_check(got: Check, golden: Check, atol: float, rtol: float) -> Outcome:
    """Judge one candidate check against the golden one, with the harness library's exact rules."""
    assert golden.want is not None
    if got.name != golden.name or got.rule != golden.rule:
        return Outcome(f"{golden.name}: the run reported check {got.name!r} here instead", 0.0)
    if got.got.dtype != golden.got.dtype:
        return Outcome(
            f"{golden.name}: type mismatch ({type_code(got.got.dtype)}, expected {type_code(golden.got.dtype)})", 0.0
        )
    if got.got.size != golden.want.size:
        return Outcome(f"{golden.name}: size mismatch", 0.0)
    if got.rule == "close":
        return _close(golden.name, got.got, golden.want, atol, rtol)
    return _equal(golden.name, got.got, golden.want)


def _close(name: str, got_raw: np.ndarray, want_raw: np.ndarray, atol: float, rtol: float) -> Outcome:
    g = got_raw.astype(np.float64)
    w = want_raw.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        special = ~np.isfinite(w)
        err = np.abs(g - w)
        err[np.isnan(err)] = np.inf
        bad = ~(err <= atol + rtol * np.abs(w))
        bad[special] = np.where(np.isnan(w[special]), ~np.isnan(g[special]), g[special] != w[special])
    err[special] = 0.0  # special values take no part in max_abs_err
    failing = np.flatnonzero(bad)
    if failing.size == 0:
        return Outcome("", float(err.max(initial=0.0)))
    first = int(failing[0])
    return Outcome(_mismatch(name, first, float(g[first]), float(w[first])), float(err[: first + 1].max(initial=0.0)))


def _equal(name: str, got: np.ndarray, want_raw: np.ndarray) -> Outcome:
    with np.errstate(invalid="ignore", over="ignore"):
        want = want_raw.astype(got.dtype)  # the C++ rule: got[i] == static_cast<T>(want[i])
        failing = np.flatnonzero(~(got == want))
    if failing.size == 0:
        return Outcome("", 0.0)
    first = int(failing[0])
    g, w = float(got[first]), float(want_raw[first])
    err = abs(g - w)
    return Outcome(_mismatch(name, first, g, w), err if err == err else 0.0)


def constant_reference(checks: list[Check]) -> bool:
    """Whether some check expects one value everywhere (at least two elements): a weak test's sign."""
    for check in checks:
        want = check.want
        if want is not None and want.size >= 2 and bool(np.all(want == want[0])):
            return True
    return False


def judge_test(payload: dict[str, Any], golden: list[Check], atol: float, rtol: float) -> tuple[bool, float, str]:
    """(ok, max_abs_err, detail) of one test's candidate line against the golden checks of that test."""
    failure = payload.get("failure")
    failure = failure if isinstance(failure, str) else "malformed failure field"
    failure_at = payload.get("failure_at")
    failure_at = failure_at if isinstance(failure_at, int) and not isinstance(failure_at, bool) else 0
    raw_checks = payload.get("checks")
    if not isinstance(raw_checks, list):
        return False, 0.0, "the result line carries no checks"
    first = ""
    max_err = 0.0
    for index in range(max(len(raw_checks), len(golden))):
        if not first and failure and failure_at <= index:
            first = failure
        if index >= len(golden):
            name = raw_checks[index].get("name") if isinstance(raw_checks[index], dict) else None
            first = first or f"unexpected check {name!r} (the golden run has {len(golden)})"
            continue
        if index >= len(raw_checks):
            first = first or f"{golden[index].name}: no data reported"
            continue
        try:
            got = Check.from_payload(raw_checks[index], golden=False)
        except DataError as err:
            first = first or f"{golden[index].name}: {err}"
            continue
        outcome = compare_check(got, golden[index], atol, rtol)
        max_err = max(max_err, outcome.max_abs_err)
        first = first or outcome.detail
    if not first and failure:
        first = failure
    return not first, min(max_err, ERR_CEILING), first
