"""Install the cpu runtime's headers where sandboxed compilers can read them, with a precompiled header.

The headers ship inside the Python package, which may live where a sandbox uid cannot read (a
checkout under /root). So each version of them is copied, keyed by content hash, into a cache
directory that every user can read; the precompiled header (PCH) for each flag set sits beside it.
Parsing the runtime costs about a second per compile; the PCH makes that a few milliseconds.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import logging
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from hip_coding.errors import ToolchainError
from hip_coding.execution.sandbox import PRIVATE_IN_SANDBOX

log = logging.getLogger(__name__)

RUNTIME_SOURCE = Path(__file__).parent / "runtime" / "include"
UMBRELLA = "cpurt/cpurt.h"


def cache_root() -> Path:
    """Where hip-coding keeps derived files (runtime copies, PCHs, results cache)."""
    configured = os.environ.get("HIP_CODING_CACHE_DIR")
    if configured:
        root = Path(configured).resolve()
        hidden = [d for d in PRIVATE_IN_SANDBOX if root == Path(d) or Path(d) in root.parents]
        if hidden:
            raise ToolchainError(
                f"HIP_CODING_CACHE_DIR={configured}: sandboxed compilers see a private, empty {hidden[0]}; "
                "choose a folder outside it"
            )
    elif os.geteuid() == 0:
        root = Path("/var/cache/hip-coding")
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hip-coding"
    root.mkdir(parents=True, exist_ok=True)
    return root


@functools.cache
def runtime_hash() -> str:
    """Content hash of the runtime headers: part of every cpu cache key."""
    digest = hashlib.sha256()
    for path in sorted(RUNTIME_SOURCE.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(RUNTIME_SOURCE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _world_readable_tree(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


@functools.cache
def installed_runtime() -> Path:
    """The cache copy of the runtime's include directory (made once per header version)."""
    if not (RUNTIME_SOURCE / UMBRELLA).is_file():
        raise ToolchainError(f"the cpu runtime headers are missing from the package ({RUNTIME_SOURCE})")
    target = cache_root() / "runtime" / runtime_hash()
    include = target / "include"
    if include.is_dir():
        return include
    target.mkdir(parents=True, exist_ok=True)
    with file_lock(target / ".lock"):
        if not include.is_dir():
            staging = target / "include.tmp"
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(RUNTIME_SOURCE, staging)
            _world_readable_tree(staging)
            staging.rename(include)
    _world_readable_tree(target.parent.parent)  # runtime/ and the cache root itself
    return include


class file_lock:
    """An exclusive file lock: concurrent evaluator workers build each PCH once."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        self.handle = open(self.path, "w")  # noqa: SIM115
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def precompiled_prelude(compiler: str, flags: Sequence[str]) -> Path | None:
    """A header to `-include` whose PCH was built with exactly `flags`; None when the PCH cannot be built.

    g++ uses `<name>.gch` next to an `-include`d header when the flags match, and silently parses the
    header itself otherwise, so a missing or stale PCH only costs time, never correctness.
    """
    include = installed_runtime()
    key = hashlib.sha256("\0".join([compiler, *flags]).encode()).hexdigest()[:16]
    pch_dir = include.parent / "pch" / key
    header = pch_dir / "prelude.h"
    gch = pch_dir / "prelude.h.gch"
    failed = pch_dir / "FAILED"
    if gch.is_file():
        return header
    if failed.is_file():
        return None  # tried once already: do not pay for a failing PCH build on every compile
    pch_dir.mkdir(parents=True, exist_ok=True)
    with file_lock(pch_dir / ".lock"):
        if not gch.is_file():
            header.write_text(f"#include <{UMBRELLA}>\n")
            argv = [compiler, *flags, f"-I{include}", "-x", "c++-header", str(header), "-o", str(gch) + ".tmp"]
            done = subprocess.run(argv, capture_output=True, text=True, timeout=300)
            if done.returncode != 0:
                failed.write_text(done.stderr[-4000:])
                log.warning("could not precompile the cpu runtime (compiles will be slower): %s", done.stderr[-500:])
                return None
            os.replace(str(gch) + ".tmp", gch)
            _world_readable_tree(pch_dir)
    return header
