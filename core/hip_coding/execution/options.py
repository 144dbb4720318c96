"""What a build asks for: backend, language, checking mode, flags and limits."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from hip_coding.errors import InputError
from hip_coding.execution.sandbox import GiB, Limits, MiB


class Mode(str, enum.Enum):
    """Checking modes of the `cpu` backend (docs/cpu-backend.md, "Checking modes"). GPU backends only know NORMAL."""

    NORMAL = "normal"
    SANITIZE = "sanitize"  # AddressSanitizer + UBSan: out-of-bounds and undefined behaviour
    PERTURB = "perturb"  # seeded thread orders between barriers: missing barriers
    RACE = "race"  # one OS thread per GPU thread under ThreadSanitizer: data races
    PROFILE = "profile"  # memory-access profile of the kernels for estimated performance (docs/perf.md)

    def __str__(self) -> str:
        return self.value


LANGUAGES = ("cuda", "hip")

#: Compilers are trusted programs working on untrusted input: generous time, bounded everything.
COMPILE_LIMITS = Limits(wall_seconds=120, cpu_seconds=120, address_space_bytes=8 * GiB, file_bytes=512 * MiB)
RUN_LIMITS = Limits(wall_seconds=60, cpu_seconds=120, address_space_bytes=8 * GiB, file_bytes=16 * MiB)


@dataclass(frozen=True)
class BuildOptions:
    """Everything that decides how a program is compiled (and so part of any cache key)."""

    backend: str = "cpu"
    mode: Mode = Mode.NORMAL
    language: str | None = None  # None: from the file names and includes
    include_dirs: tuple[Path, ...] = ()
    defines: tuple[str, ...] = ()
    arch: str | None = None  # sm_XX for cuda, gfxNNN for rocm
    warp_size: int | None = None  # cpu only; default 32 for CUDA, 64 for HIP
    extra_flags: tuple[str, ...] = ()
    limits: Limits = COMPILE_LIMITS
    # Profile mode: instrument this compile's loads and stores (the solution), or only share the
    # runtime's profile configuration (the harness, whose host code is never profiled).
    instrument: bool = True


@dataclass(frozen=True)
class RunOptions:
    """How a built program is run."""

    mode: Mode = Mode.NORMAL
    args: tuple[str, ...] = ()
    stdin_data: bytes | None = None
    seed: int = 1  # perturb mode's thread-order seed
    env: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    limits: Limits = RUN_LIMITS


_SUFFIX_LANGUAGE = {".cu": "cuda", ".cuh": "cuda", ".hip": "hip"}


def detect_language(sources: list[Path], texts: list[str]) -> str:
    """CUDA or HIP, from the file suffixes, then from the includes (a `.cpp` may be either)."""
    by_suffix = {_SUFFIX_LANGUAGE[p.suffix] for p in sources if p.suffix in _SUFFIX_LANGUAGE}
    if len(by_suffix) > 1:
        raise InputError("sources mix CUDA (.cu) and HIP (.hip) files: pass --lang to choose one")
    if by_suffix:
        return by_suffix.pop()
    if any("hip/hip_runtime" in text or "hipLaunchKernelGGL" in text for text in texts):
        return "hip"
    return "cuda"
