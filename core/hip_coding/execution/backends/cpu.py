"""The `cpu` backend: CUDA/HIP programs rewritten for g++ and linked with our header-only runtime."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from hip_coding.errors import InputError, ToolchainError
from hip_coding.execution import rewriter, runtime_cache, toolchains
from hip_coding.execution.backends.base import Backend
from hip_coding.execution.options import BuildOptions, Mode, RunOptions
from hip_coding.execution.status import ExecResult, Status
from hip_coding.execution.unsupported import find_unsupported

_MODE_FLAGS = {
    Mode.NORMAL: (),
    Mode.SANITIZE: ("-DCPURT_MODE_SANITIZE=1", "-fsanitize=address,undefined", "-fno-omit-frame-pointer"),
    Mode.PERTURB: ("-DCPURT_MODE_PERTURB=1",),
    Mode.RACE: ("-DCPURT_MODE_RACE=1", "-fsanitize=thread", "--param=tsan-distinguish-volatile=1"),
    Mode.PROFILE: ("-DCPURT_MODE_PROFILE=1",),
}

#: Profile mode (docs/perf.md): GCC's ThreadSanitizer instrumentation calls back into cpurt/profile.h on every
#: load, store and atomic, and coverage's trace-pc on every basic block; the program is linked without libtsan
#: (-nodefaultlibs), so the callbacks are ours.
_PROFILE_INSTRUMENT = (
    "-fsanitize=thread", "--param=tsan-instrument-func-entry-exit=0", "-fsanitize-coverage=trace-pc", "-fno-tree-sra",
)  # fmt: skip
_PROFILE_LINK = ("-Wl,--no-as-needed", "-nodefaultlibs", "-lstdc++", "-lm", "-lc", "-lgcc_s", "-lgcc")
#: `cudaLaunchCooperativeKernel((void*)kernel, ...)`: the runtime needs the kernel's parameter types to unpack
#: `void** args`, and the cast is the only thing that hides them, so it is dropped (same call on a GPU).
_KERNEL_POINTER_CAST = re.compile(
    r"\b((?:cuda|hip)Launch(?:Cooperative)?Kernel)\s*\(\s*"
    r"(?:\(\s*(?:const\s+)?void\s*\*\s*\)|reinterpret_cast\s*<\s*(?:const\s+)?void\s*\*\s*>)"
)

#: Sanitizers reserve terabytes of address space, so their memory bound is their own RSS limit instead.
_SANITIZER_OPTIONS = "allocator_may_return_null=1:hard_rss_limit_mb=8192:detect_leaks=0"


class CpuBackend(Backend):
    name = "cpu"

    def availability(self) -> tuple[bool, str]:
        tool = toolchains.gxx()
        if tool is None:
            return False, "g++ not found (apt-get install g++)"
        return True, f"{tool.label} + hip-coding cpu runtime {runtime_cache.runtime_hash()}"

    def compiler(self, options: BuildOptions) -> toolchains.Tool:
        """g++ for this machine, or the cross compiler of `--arch` (aarch64: run under qemu-user)."""
        if not options.arch:
            tool = toolchains.gxx()
        elif options.arch in toolchains.CROSS_TARGETS:
            tool = toolchains.cross_gxx(options.arch)
            if tool is None:
                raise ToolchainError(f"cpu --arch {options.arch}: no cross compiler ({toolchains.CROSS_PACKAGES})")
        else:
            known = ", ".join(toolchains.CROSS_TARGETS)
            raise InputError(f"cpu --arch: unknown target {options.arch!r} (this machine's own, or {known})")
        if tool is None:
            raise ToolchainError("g++ not found (apt-get install g++)")
        return tool

    def toolchain_id(self, options: BuildOptions) -> str:
        tool = self.compiler(options) if options.arch else toolchains.gxx()
        instrumented = ":instrumented" if options.mode is Mode.PROFILE and options.instrument else ""
        target = f":{options.arch}" if options.arch else ""
        version = tool.version if tool else "-"
        return f"cpu:{version}{target}:{runtime_cache.runtime_hash()}:{options.mode}{instrumented}"

    def static_verdict(self, texts: list[str], options: BuildOptions) -> ExecResult | None:
        findings = [finding for text in texts for finding in find_unsupported(text)]
        if not findings:
            return None
        first = findings[0]
        detail = f"line {first.line}: {first.kind}: {first.reason}"
        return ExecResult(Status.UNSUPPORTED, None, "", detail, 0.0, detail=detail)

    def translate_source(self, text: str, path: Path) -> str:
        return rewriter.rewrite(_KERNEL_POINTER_CAST.sub(r"\1(", text), filename=str(path))

    def base_flags(self, language: str, options: BuildOptions) -> list[str]:
        """Flags that must match the precompiled header exactly."""
        warp = options.warp_size or (64 if language == "hip" else 32)
        lang_macro = "-DCPURT_LANG_HIP=1" if language == "hip" else "-DCPURT_LANG_CUDA=1"
        instrument = _PROFILE_INSTRUMENT if options.mode is Mode.PROFILE and options.instrument else ()
        return [
            "-std=c++20", "-O1", "-pthread", "-Wno-unknown-pragmas", "-Wno-attributes",
            f"-DCPURT_WARP_SIZE={warp}", lang_macro, *_MODE_FLAGS[options.mode], *instrument,
        ]  # fmt: skip

    def compile_command(self, sources: Sequence[Path], output: str, options: BuildOptions) -> list[str]:
        tool = self.compiler(options)
        flags = self.base_flags(options.language or "cuda", options)
        include = runtime_cache.installed_runtime()
        prelude = None if os.environ.get("HIP_CODING_NO_PCH") else runtime_cache.precompiled_prelude(tool.path, flags)
        force_include = str(prelude) if prelude else runtime_cache.UMBRELLA
        argv = [tool.path, *flags, f"-I{include}", "-include", force_include]
        argv += [f"-I{d}" for d in options.include_dirs] + [f"-D{d}" for d in options.defines]
        argv += [*options.extra_flags, "-x", "c++", *map(str, sources), "-x", "none", "-o", output]
        if options.mode is Mode.PROFILE and options.instrument:
            argv += _PROFILE_LINK
        return argv

    def run_env(self, options: RunOptions) -> dict[str, str]:
        env = {"CPURT_SEED": str(options.seed)}
        if options.mode is Mode.SANITIZE:
            env["ASAN_OPTIONS"] = _SANITIZER_OPTIONS + ":abort_on_error=0"
            env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
        if options.mode is Mode.RACE:
            # report_atomic_races=0: a plain read racing an atomic (the CAS-loop idiom) is how GPU code is
            # written; a plain write racing a plain write (the missing atomic) is still reported.
            env["TSAN_OPTIONS"] = (
                _SANITIZER_OPTIONS + ":halt_on_error=1:exitcode=66:report_signal_unsafe=0:report_atomic_races=0"
            )
        return env

    def run(self, binary: Path, options: RunOptions) -> ExecResult:
        if options.mode in (Mode.SANITIZE, Mode.RACE):
            # Sanitizer runtimes map huge shadow regions: an address-space limit would stop them at start.
            limits = options.limits
            options = dataclasses.replace(
                options,
                limits=dataclasses.replace(
                    limits,
                    wall_seconds=limits.wall_seconds * 3,
                    cpu_seconds=(limits.cpu_seconds or 60) * 3,
                    address_space_bytes=None,
                    processes=max(limits.processes, 2048),
                ),
            )
        return super().run(binary, options)


@functools.cache
def mode_fingerprint(mode: Mode, appended: str = "") -> str:
    """A hash of what the runtime, followed by `appended` code, becomes in one checking mode (HIP and CUDA).

    It hashes the preprocessed text with that mode's flags, not the header files, so an edit inside
    another mode's `#if`, a comment or a moved line leaves it unchanged: the soundness certificate uses it
    to re-prove only the tasks whose declared modes an edit of the runtime can change (docs/tasks.md).
    """
    digest = hashlib.sha256()
    for language in ("hip", "cuda"):
        flags = CpuBackend().base_flags(language, BuildOptions(backend="cpu", mode=mode, language=language))
        source = f'#include "{runtime_cache.UMBRELLA}"\n{appended}'
        include = f"-I{runtime_cache.RUNTIME_SOURCE}"
        text = toolchains.preprocessed([*flags, include], source, f"the cpu runtime ({mode})")
        digest.update(" ".join(flags).encode() + b"\0" + text.encode())
    return digest.hexdigest()[:16]
