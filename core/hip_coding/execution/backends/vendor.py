"""The `cuda` (nvcc) and `rocm` (hipcc for AMD) backends: the vendors' compilers, and their GPUs when present.

Without a GPU these backends still give a compile verdict; a run then reports `no_device`, never a
kernel verdict, because a program that found no device computed nothing worth judging.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from hip_coding.execution import toolchains
from hip_coding.execution.backends.base import Backend, result_of_run
from hip_coding.execution.options import BuildOptions
from hip_coding.execution.sandbox import SandboxOutcome
from hip_coding.execution.status import ExecResult, Status

ROCM_COMPAT_HEADER = Path(__file__).parent.parent / "vendor" / "rocm_compat.h"

#: What the CUDA and HIP runtimes print or return when there is no usable GPU (codes 35, 100, 101).
_NO_DEVICE = re.compile(
    r"cudaErrorInsufficientDriver|driver version is insufficient|no CUDA-capable device|cudaErrorNoDevice"
    r"|hipErrorNoDevice|hipErrorInvalidDevice|no ROCm-capable device|invalid device ordinal"
    r"|CUDA driver is a stub library|error (?:code )?(?:35|100|101)\b|hipcoding harness: no device",
    re.IGNORECASE,
)

#: The copy functions the harness library wraps (`hipcoding_harness.h`, end of file): linked with
#: `--wrap`, a solution's device-to-host copy goes through the harness's window check first
#: (docs/security.md, "Runtime guards"). Only when linking with a harness object, which defines them.
_WRAPPED = ("Memcpy", "MemcpyAsync", "Memcpy2D", "Memcpy2DAsync", "MemcpyFromSymbol", "MemcpyFromSymbolAsync",
            "MallocManaged")  # fmt: skip
_WRAPPED_HIP_ONLY = ("hipMemcpyDtoH", "hipMemcpyDtoHAsync", "hipMemcpyWithStream")


def wrap_flags(api: str) -> list[str]:
    """Linker flags that route the solution's copies through the harness's wrappers (`api`: cuda or hip)."""
    names = [api + name for name in _WRAPPED] + (list(_WRAPPED_HIP_ONLY) if api == "hip" else [])
    joined = "--wrap=" + ",--wrap=".join(names)
    return ["-Xlinker", joined] if api == "cuda" else [f"-Wl,{joined}"]  # nvcc splits -Xlinker at commas


#: Targets the Debian ROCm 5.2 toolchain rejects, and the closest one it accepts.
_ROCM_ARCH_FALLBACK = {"gfx942": "gfx940"}


class _VendorBackend(Backend):
    tool_name: str
    api: str

    def compile(
        self,
        sources: Sequence[Path],
        output: Path,
        options: BuildOptions,
        *,
        objects: Sequence[Path] = (),
        object_only: bool = False,
    ) -> ExecResult:
        if objects and not object_only:  # linking with a harness: its wrappers guard the solution's copies
            options = replace(options, extra_flags=(*options.extra_flags, *wrap_flags(self.api)))
        return super().compile(sources, output, options, objects=objects, object_only=object_only)

    def _tool(self) -> toolchains.Tool | None:
        raise NotImplementedError

    def _device_present(self) -> bool:
        raise NotImplementedError

    def availability(self) -> tuple[bool, str]:
        tool = self._tool()
        if tool is None:
            return False, f"{self.tool_name} not found"
        device = "GPU present" if self._device_present() else "no GPU: compile only, runs report no_device"
        return True, f"{tool.label}; {device}"

    def toolchain_id(self, options: BuildOptions) -> str:
        tool = self._tool()
        return f"{self.name}:{tool.version if tool else '-'}:{self.arch(options)}"

    def arch(self, options: BuildOptions) -> str:
        raise NotImplementedError

    def classify_run(self, outcome: SandboxOutcome) -> ExecResult:
        said_no_device = _NO_DEVICE.search(outcome.stdout + "\n" + outcome.stderr)
        if said_no_device or not self._device_present():
            detail = said_no_device.group(0) if said_no_device else f"no {self.tool_name} device on this machine"
            return ExecResult(
                Status.NO_DEVICE, outcome.exit_code, outcome.stdout, outcome.stderr, outcome.wall_seconds,
                detail=detail,
            )  # fmt: skip
        return result_of_run(outcome)


class CudaBackend(_VendorBackend):
    name = "cuda"
    tool_name = "nvcc"
    api = "cuda"
    source_suffix = ".cu"
    default_arch = "sm_90"

    def _tool(self) -> toolchains.Tool | None:
        return toolchains.nvcc()

    def _device_present(self) -> bool:
        return toolchains.nvidia_device_present()

    def arch(self, options: BuildOptions) -> str:
        return options.arch or self.default_arch

    def compile_command(self, sources: Sequence[Path], output: str, options: BuildOptions) -> list[str]:
        tool = self._tool()
        assert tool is not None
        argv = [tool.path, "-std=c++17", "-O2", f"-arch={self.arch(options)}"]
        argv += [f"-I{d}" for d in options.include_dirs] + [f"-D{d}" for d in options.defines]
        return [*argv, *options.extra_flags, *map(str, sources), "-o", output]


class RocmBackend(_VendorBackend):
    name = "rocm"
    tool_name = "hipcc"
    api = "hip"
    source_suffix = ".hip"
    default_arch = "gfx90a"

    def _tool(self) -> toolchains.Tool | None:
        return toolchains.hipcc()

    def _device_present(self) -> bool:
        return toolchains.amd_device_present()

    def arch(self, options: BuildOptions) -> str:
        wanted = options.arch or self.default_arch
        return _ROCM_ARCH_FALLBACK.get(wanted, wanted)

    def compile_env(self) -> dict[str, str]:
        return dict(toolchains.HIP_ENV)

    def prepare_sources(
        self, sources: Sequence[Path], texts: list[str], options: BuildOptions, build_dir: Path
    ) -> list[Path]:
        # ROCm 5.2 lacks the `_sync` warp functions; the compat header (copied beside the sources, where
        # the sandbox uid can read it) adds them and does nothing on ROCm >= 6.2.
        if ROCM_COMPAT_HEADER.is_file():
            shutil.copyfile(ROCM_COMPAT_HEADER, build_dir / ROCM_COMPAT_HEADER.name)
        return super().prepare_sources(sources, texts, options, build_dir)

    def compile_command(self, sources: Sequence[Path], output: str, options: BuildOptions) -> list[str]:
        tool = self._tool()
        assert tool is not None
        argv = [tool.path, "-std=c++17", "-O2", f"--offload-arch={self.arch(options)}"]
        if (Path(sources[0]).parent / ROCM_COMPAT_HEADER.name).is_file():
            argv += ["-include", ROCM_COMPAT_HEADER.name]
        argv += [f"-I{d}" for d in options.include_dirs] + [f"-D{d}" for d in options.defines]
        return [*argv, *options.extra_flags, "-x", "hip", *map(str, sources), "-x", "none", "-o", output]
