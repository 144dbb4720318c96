"""Find the compilers and devices of this machine, with versions (for `doctor` and for cache keys)."""

from __future__ import annotations

import functools
import glob
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

#: hipcc picks the NVIDIA platform when nvcc is on PATH; we always target AMD with it.
HIP_ENV = {"HIP_PLATFORM": "amd"}


@dataclass(frozen=True)
class Tool:
    """A compiler found on this machine."""

    name: str
    path: str
    version: str

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


def _first_match(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    return match.group(1) if match else "unknown"


def _version_output(argv: list[str], env: dict[str, str] | None = None) -> str:
    merged = {**os.environ, **(env or {})}
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=merged)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout + done.stderr


@functools.cache
def gxx() -> Tool | None:
    """The host C++ compiler the `cpu` backend uses (g++ with C++20)."""
    path = os.environ.get("HIP_CODING_CXX") or shutil.which("g++")
    if not path:
        return None
    out = _version_output([path, "-dumpfullversion"])
    return Tool("g++", path, out.strip() or "unknown")


@functools.cache
def nvcc() -> Tool | None:
    path = shutil.which("nvcc") or ("/usr/local/cuda/bin/nvcc" if os.path.exists("/usr/local/cuda/bin/nvcc") else None)
    if not path:
        return None
    out = _version_output([path, "--version"])
    return Tool("nvcc", path, _first_match(r"release [\d.]+, (V[\d.]+)", out))


@functools.cache
def hipcc() -> Tool | None:
    path = shutil.which("hipcc")
    if not path:
        return None
    out = _version_output([path, "--version"], env=HIP_ENV)
    return Tool("hipcc", path, _first_match(r"HIP version: (\S+)", out))


def nvidia_device_present() -> bool:
    """An NVIDIA GPU node is visible (a driver is loaded); the runtime may still refuse it."""
    return bool(glob.glob("/dev/nvidia[0-9]*"))


def amd_device_present() -> bool:
    """The ROCm kernel driver exposes at least one GPU node."""
    return os.path.exists("/dev/kfd") and bool(glob.glob("/sys/class/kfd/kfd/topology/nodes/*"))
