"""Compiling texts for the evaluator: sources in a folder the sandbox may read, the cached harness objects.

The compilers run sandboxed as another user, so every temporary folder and source is made readable;
compiles of samples never need root's rights.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hip_coding.errors import ToolchainError
from hip_coding.execution import sandbox
from hip_coding.execution.backends import get_backend
from hip_coding.execution.options import COMPILE_LIMITS, BuildOptions, Mode
from hip_coding.execution.runtime_cache import cache_root, file_lock
from hip_coding.execution.status import ExecResult
from hip_coding.tasks.schema import Record

#: Bump when a change in evaluation can change a verdict: it is part of every cache key.
EVALUATOR_VERSION = "5"  # 5: a data race found by the race mode is `failed` (docs/evaluation.md)
SUFFIX = {"hip": ".hip", "cuda": ".cu"}
MESSAGE_LIMIT = 4000


def digest(*parts: str) -> str:
    """A content address of `parts` (the cache keys of harness objects, golden data and verdicts)."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def trim(text: str) -> str:
    """A message as results keep it: head and tail within MESSAGE_LIMIT characters (the sandbox's trimming)."""
    return sandbox.trim(text, MESSAGE_LIMIT)


@contextmanager
def readable_tmp(prefix: str) -> Iterator[Path]:
    """A temporary folder the sandbox uid may read."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        os.chmod(tmp, 0o755)
        yield Path(tmp)


def write_source(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)
    return path


def compile_options(
    backend_name: str, language: str, mode: Mode = Mode.NORMAL, instrument: bool = True
) -> BuildOptions:
    """The build options of every compile the evaluator does (limits read at call time).

    `instrument=False` builds a harness for the profile mode: only the solution's kernels are profiled.
    """
    return BuildOptions(
        backend=backend_name, mode=mode, language=language, limits=COMPILE_LIMITS, instrument=instrument
    )


def compile_text(
    backend_name: str,
    text: str,
    language: str,
    mode: Mode = Mode.NORMAL,
    target: Path | None = None,
    stem: str = "solution",
    instrument: bool = True,
) -> ExecResult:
    """Compile `text` alone to an object file (at `target`, else thrown away) in a readable temporary folder.

    The compiler's messages name the source by its bare file name (`<stem>.hip`/`.cu`), so they read
    the same from run to run.
    """
    with readable_tmp("hip-coding-compile-") as tmp:
        source = write_source(tmp, f"{stem}{SUFFIX.get(language, '.hip')}", text)
        options = compile_options(backend_name, language, mode, instrument)
        built = get_backend(backend_name).compile([source], target or tmp / "out.o", options, object_only=True)
    stderr = built.stderr.replace(f"{tmp}/", "").replace(str(tmp), ".")
    return dataclasses.replace(built, stderr=stderr)


def harness_object(record: Record, backend_name: str, mode: Mode) -> Path:
    """The compiled harness of `record` for this backend and mode, built once and cached by content.

    Never instrumented: in the profile mode only the solution's kernels are counted (docs/perf.md).
    """
    language = record.answer.language
    toolchain = get_backend(backend_name).toolchain_id(compile_options(backend_name, language, mode, False))
    key = digest("harness", EVALUATOR_VERSION, toolchain, language, record.answer.harness)
    target = cache_root() / "objects" / f"{key}.o"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(target.with_suffix(".lock")):
        if target.is_file():
            return target
        built = compile_text(
            backend_name, record.answer.harness, language, mode, target.with_suffix(".tmp"), "harness", False
        )
        if not built.ok:
            raise ToolchainError(
                f"the harness of {record.task_id} does not compile on {backend_name} ({mode}): {built.detail}\n"
                + trim(built.stderr)
            )
        target.with_suffix(".tmp").rename(target)
        target.chmod(0o644)
    return target
