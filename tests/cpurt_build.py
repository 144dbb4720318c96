"""The driver's plain g++ command line for the runtime's own C++ test programs, and a build cache.

tests/runtime/ (execution core) and tests/runtime_unit/ (device library, host API) both compile
self-checking programs with exactly the flags the cpu backend uses; this is the one place for them.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = ROOT / "core/hip_coding/execution/runtime/include"

BASE = [
    "g++", "-std=c++20", "-O1", "-pthread", "-Wno-unknown-pragmas", "-Wno-attributes",
    f"-I{INCLUDE}", "-include", "cpurt/cpurt.h",
]  # fmt: skip
CUDA32 = ("-DCPURT_WARP_SIZE=32", "-DCPURT_LANG_CUDA=1")
CUDA64 = ("-DCPURT_WARP_SIZE=64", "-DCPURT_LANG_CUDA=1")
HIP64 = ("-DCPURT_WARP_SIZE=64", "-DCPURT_LANG_HIP=1")
#: No language: both API spellings stay visible. For the runtime's own programs that exercise both spellings
#: at once; a program of one language sees only its own (tests/test_runtime_api.py, docs/cpu-backend.md).
BOTH32 = ("-DCPURT_WARP_SIZE=32",)
BOTH64 = ("-DCPURT_WARP_SIZE=64",)
SANITIZE = ("-DCPURT_MODE_SANITIZE=1", "-fsanitize=address,undefined", "-fno-omit-frame-pointer")
PERTURB = ("-DCPURT_MODE_PERTURB=1",)
RACE = ("-DCPURT_MODE_RACE=1", "-fsanitize=thread", "--param=tsan-distinguish-volatile=1")


def make_builder(programs: Path, out_dir: Path) -> Callable[..., Path]:
    """`build(name, *flags)` compiles programs/<name>.cpp once per flag set and returns the binary."""
    cache: dict[tuple[str, ...], Path] = {}

    def build(name: str, *flags: str) -> Path:
        key = (name, *flags)
        if key not in cache:
            exe = out_dir / f"{name}_{len(cache)}"
            cmd = [*BASE, *flags, "-x", "c++", str(programs / f"{name}.cpp"), "-o", str(exe)]
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, f"compile failed: {' '.join(cmd)}\n{done.stderr[-4000:]}"
            cache[key] = exe
        return cache[key]

    return build
