"""The estimated path: profile a solution on the cpu runtime, then model its time on a named GPU.

The solution is built in the `profile` mode (GCC instrumentation calling cpurt/profile.h), linked with the
task's harness, and run on the task's timing test only (`perf` if the task has one, else `large`). The same
is done once per task for the reference solution (cached by content). docs/perf.md says what the numbers mean.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import tempfile
from pathlib import Path

from hip_coding.errors import ToolchainError
from hip_coding.evaluation import protocol
from hip_coding.evaluation.build import digest, harness_object, readable_tmp, write_source
from hip_coding.execution.backends import get_backend
from hip_coding.execution.options import COMPILE_LIMITS, RUN_LIMITS, BuildOptions, Mode, RunOptions
from hip_coding.execution.runtime_cache import cache_root
from hip_coding.execution.sandbox import MiB
from hip_coding.perf.devices import DEFAULT_DEVICE, Device, get_device
from hip_coding.perf.model import estimate_launch, estimate_seconds
from hip_coding.perf.profile import LaunchProfile, parse_profile, totals
from hip_coding.perf.result import Perf
from hip_coding.tasks.schema import Record

log = logging.getLogger(__name__)

SUFFIX = {"hip": ".hip", "cuda": ".cu"}
#: Profiled runs are slower than normal ones (instrumentation), and their stderr carries the profile.
PROFILE_RUN_LIMITS = dataclasses.replace(RUN_LIMITS.scaled(3.0), file_bytes=512 * MiB, kept_output_bytes=8 * MiB)
#: Bump to invalidate cached reference profiles when the counting changes.
PROFILE_VERSION = "2"


class ProfileError(ToolchainError):
    """A solution that passed could not be profiled (it should not happen; the sample keeps its verdict)."""


def timing_test(record: Record) -> tuple[str, dict[str, object]]:
    """The test whose size is timed: a dedicated `perf` test, else the `large` one, else the last."""
    tests = record.answer.tests
    for wanted in ("perf", "large"):
        for name, spec in tests.items():
            if name == wanted or spec.get("kind") == wanted:
                return name, spec
    name = list(tests)[-1]
    return name, tests[name]


def _harness_object(record: Record) -> Path:
    """The task's harness built for the profile mode (uninstrumented), shared with the evaluator's cache."""
    try:
        return harness_object(record, "cpu", Mode.PROFILE)
    except ToolchainError as err:
        raise ProfileError(str(err)) from None


def profile_solution(record: Record, solution: str) -> tuple[LaunchProfile, ...]:
    """Build `solution` with the task's harness in profile mode and run the timing test: its launches."""
    backend = get_backend("cpu")
    language = record.answer.language
    options = BuildOptions(mode=Mode.PROFILE, language=language, limits=COMPILE_LIMITS)
    harness = _harness_object(record)
    name, spec = timing_test(record)
    with readable_tmp("hip-coding-perf-") as tmp:
        source = write_source(tmp, f"solution{SUFFIX[language]}", solution)
        binary = tmp / "solution.out"
        built = backend.compile([source], binary, options, objects=[harness])
        if not built.ok:
            raise ProfileError(f"{record.task_id}: does not compile in profile mode: {built.detail}")
        nonce = protocol.new_nonce()
        args = protocol.harness_arguments(nonce, record.answer.tolerance, {name: spec})
        ran = backend.run(
            binary,
            RunOptions(
                mode=Mode.PROFILE, args=tuple(args), env=(("CPURT_PROFILE_NONCE", nonce),),
                limits=PROFILE_RUN_LIMITS,
            ),
        )  # fmt: skip
    if not ran.ok:
        raise ProfileError(f"{record.task_id}: the profiled run failed: {ran.detail or ran.status}")
    launches = parse_profile(ran.stderr, nonce)
    if not launches:
        raise ProfileError(f"{record.task_id}: the profiled run launched no kernel")
    return launches


def profile_program(
    sources: list[Path], *, args: tuple[str, ...] = (), language: str | None = None
) -> tuple[LaunchProfile, ...]:
    """Profile a whole program (its own `main`): every kernel launch it makes, in order.

    For programs written to study the model (tests, benchmarks); a task's solution goes through `estimate`.
    """
    backend = get_backend("cpu")
    with tempfile.TemporaryDirectory(prefix="hip-coding-perf-") as tmp:
        Path(tmp).chmod(0o755)
        binary = Path(tmp) / "program.out"
        built = backend.compile(sources, binary, BuildOptions(mode=Mode.PROFILE, language=language))
        if not built.ok:
            raise ProfileError(f"does not compile in profile mode: {built.detail}\n{built.stderr[-2000:]}")
        nonce = protocol.new_nonce()
        run = RunOptions(mode=Mode.PROFILE, args=args, env=(("CPURT_PROFILE_NONCE", nonce),), limits=PROFILE_RUN_LIMITS)
        ran = backend.run(binary, run)
    if not ran.ok:
        raise ProfileError(f"the profiled run failed: {ran.detail or ran.status}\n{ran.stderr[-2000:]}")
    return parse_profile(ran.stderr, nonce)


def _cached_profile(record: Record, solution: str) -> tuple[LaunchProfile, ...]:
    """Profiles are device-independent and deterministic: cached by content (the reference's once per task)."""
    backend = get_backend("cpu")
    toolchain = backend.toolchain_id(BuildOptions(mode=Mode.PROFILE, language=record.answer.language))
    key = digest(PROFILE_VERSION, toolchain, record.answer.harness, json.dumps(timing_test(record)), solution)
    path = cache_root() / "perf" / f"profile-{key}.json"
    if path.is_file():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return tuple(LaunchProfile(**{**p, "grid": tuple(p["grid"]), "block": tuple(p["block"])}) for p in raw)
        except (ValueError, TypeError, KeyError):
            log.warning("ignoring a damaged cached profile %s", path)
    launches = profile_solution(record, solution)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{id(launches)}.tmp")
    tmp.write_text(json.dumps([dataclasses.asdict(p) for p in launches]), encoding="utf-8")
    tmp.replace(path)
    return launches


def _bound(launches: tuple[LaunchProfile, ...], device: Device) -> str:
    """The roofline term that decides the most estimated time over the launches."""
    by_term: dict[str, float] = {}
    for p in launches:
        e = estimate_launch(p, device)
        by_term[e.bound] = by_term.get(e.bound, 0.0) + e.seconds
    return max(by_term, key=lambda k: by_term[k]) if by_term else ""


def estimate(record: Record, solution: str, device: str | Device = DEFAULT_DEVICE) -> Perf:
    """The estimated `perf` of a solution that passed: its and the reference's modelled time on `device`.

    Raises ProfileError when either cannot be profiled (the caller keeps the sample's verdict and omits perf).
    """
    dev = device if isinstance(device, Device) else get_device(device)
    candidate = _cached_profile(record, solution)
    reference = _cached_profile(record, record.answer.reference_solution)
    return Perf(
        backend="cpu",
        kind="estimated",
        device=dev.key,
        ms=estimate_seconds(candidate, dev) * 1e3,
        ref_ms=estimate_seconds(reference, dev) * 1e3,
        profile=totals(candidate),
        bound=_bound(candidate, dev),
    )
