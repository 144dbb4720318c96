"""`hip-coding doctor`: what this machine can do, and how to get what it cannot."""

from __future__ import annotations

import os
import shutil

from hip_coding.execution import runtime_cache
from hip_coding.execution.backends import BACKENDS

_HOW_TO_GET = {
    "cpu": "apt-get install g++ (C++20)",
    "cuda": "install the CUDA toolkit (nvcc) and put it on PATH",
    "rocm": "apt-get install --no-install-recommends hipcc libamdhip64-dev rocm-device-libs",
}


def cpu_ready() -> bool:
    """The default backend works: g++ is here and the runtime headers ship with the package."""
    ok, _ = BACKENDS["cpu"].availability()
    return ok and (runtime_cache.RUNTIME_SOURCE / runtime_cache.UMBRELLA).is_file()


def _sandbox_line() -> str:
    if os.geteuid() == 0 and shutil.which("unshare") and shutil.which("setpriv"):
        return "root: PID/mount/network namespaces, a dedicated uid per sample, rlimits"
    if shutil.which("unshare"):
        return "not root: user namespaces if the kernel allows them, rlimits, process groups"
    return "rlimits and process groups only (install util-linux for namespaces)"


def report() -> str:
    """A few lines for a person: one per backend, then the sandbox and the cache."""
    lines = ["hip-coding doctor", ""]
    for name, backend in BACKENDS.items():
        ok, what = backend.availability()
        mark = "ok     " if ok else "missing"
        hint = "" if ok else f"  -> {_HOW_TO_GET[name]}"
        lines.append(f"  {name:5} {mark} {what}{hint}")
    lines += ["", f"  sandbox  {_sandbox_line()}", f"  cache    {runtime_cache.cache_root()}"]
    return "\n".join(lines)
