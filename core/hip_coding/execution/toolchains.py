"""Find the compilers and devices of this machine, with versions (for `doctor` and for cache keys)."""

from __future__ import annotations

import functools
import glob
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from hip_coding.errors import ToolchainError

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


#: Targets the `cpu` backend can build for besides this machine's own (`--arch aarch64`): Debian's cross
#: compiler, and qemu-user to run the result on another architecture (docs/cpu-backend.md).
CROSS_TARGETS = {"aarch64": ("aarch64-linux-gnu-g++", "qemu-aarch64", "/usr/aarch64-linux-gnu", 183)}
CROSS_PACKAGES = "apt-get install g++-aarch64-linux-gnu qemu-user"


def preprocessed(flags: list[str], text: str, what: str) -> str:
    """`text` preprocessed by this machine's g++ (-E -P) with `flags`, without blank lines or indentation: what
    the code means, for content hashes that ignore layout (the soundness certificate's, docs/tasks.md)."""
    tool = gxx()
    if tool is None:
        raise ToolchainError("g++ not found (apt-get install g++)")
    done = subprocess.run(
        [tool.path, *flags, "-E", "-P", "-x", "c++", "-"], input=text, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ToolchainError(f"preprocessing {what} failed:\n{done.stderr[-2000:]}")
    lines = (line.strip() for line in done.stdout.splitlines())
    return "\n".join(line for line in lines if line)


@functools.cache
def cross_gxx(target: str) -> Tool | None:
    """The g++ that builds `cpu` programs for `target` (e.g. aarch64), or None when it is not installed."""
    path = shutil.which(CROSS_TARGETS[target][0])
    if not path:
        return None
    out = _version_output([path, "-dumpfullversion"])
    return Tool(f"g++-{target}", path, out.strip() or "unknown")


def emulator_for(binary_header: bytes) -> list[str]:
    """The argv prefix that runs a program of this ELF header here: [] for this machine's own programs,
    qemu-user for a cross-built one (an `InputError`-free empty list when the header is not ELF)."""
    if binary_header[:4] != b"\x7fELF" or len(binary_header) < 20:
        return []
    machine = int.from_bytes(binary_header[18:20], "little")
    for target, (_, qemu, sysroot, elf_machine) in CROSS_TARGETS.items():
        if machine == elf_machine and os.uname().machine != target:
            path = shutil.which(qemu)
            return [path, "-L", sysroot] if path else [qemu]
    return []


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
