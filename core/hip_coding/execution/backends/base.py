"""The interface every backend implements, and the shared reading of a compile or a run."""

from __future__ import annotations

import abc
import re
import shutil
import signal
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from hip_coding.errors import InputError
from hip_coding.execution import toolchains
from hip_coding.execution.options import BuildOptions, RunOptions, detect_language
from hip_coding.execution.sandbox import SandboxOutcome, readable_by_others, run_sandboxed, workdir
from hip_coding.execution.status import ExecResult, Status

#: Exit code by which the cpu runtime says "this program uses something I cannot run".
UNSUPPORTED_EXIT_CODE = 86

_RUNTIME_DIAGNOSES = (
    ("AddressSanitizer", r"AddressSanitizer: ([\w-]+)"),
    ("ThreadSanitizer", r"ThreadSanitizer: ([\w ]+?)(?: \(|\n|$)"),
    ("runtime error:", r"runtime error: ([^\n]+)"),  # UBSan
    ("cpurt: deadlock", r"(cpurt: deadlock[^\n]*)"),
    ("cpurt:", r"(cpurt: [^\n]+)"),
)


def diagnose(stderr: str) -> str:
    """One line saying why a run failed, taken from sanitizer or runtime reports."""
    for marker, pattern in _RUNTIME_DIAGNOSES:
        if marker in stderr:
            match = re.search(pattern, stderr)
            if match:
                return match.group(1).strip()
    return ""


def _verdict(status: Status, outcome: SandboxOutcome, detail: str = "") -> ExecResult:
    return ExecResult(status, outcome.exit_code, outcome.stdout, outcome.stderr, outcome.wall_seconds, detail)


def result_of_run(outcome: SandboxOutcome) -> ExecResult:
    """Map how a program ended onto the status taxonomy (vendor-specific cases are handled by callers)."""
    if outcome.timed_out:
        return _verdict(Status.TIMEOUT, outcome, "wall-clock time limit exceeded")
    if outcome.limit_hit == "cpu_time":
        return _verdict(Status.TIMEOUT, outcome, "CPU time limit exceeded")
    if outcome.limit_hit == "file_size":
        return _verdict(Status.RUNTIME_ERROR, outcome, "output size limit exceeded")
    if outcome.exit_code == UNSUPPORTED_EXIT_CODE and "cpurt: unsupported" in outcome.stderr:
        said = re.search(r"cpurt: unsupported: ([^\n]*)", outcome.stderr)
        return _verdict(Status.UNSUPPORTED, outcome, said.group(1) if said else "")
    if outcome.exit_code == 0:
        return _verdict(Status.PASSED, outcome)
    detail = diagnose(outcome.stderr)
    if not detail and outcome.signal_number:
        detail = f"killed by {signal.Signals(outcome.signal_number).name}"
    return _verdict(Status.RUNTIME_ERROR, outcome, detail or f"exit code {outcome.exit_code}")


def result_of_compile(outcome: SandboxOutcome, output: Path) -> ExecResult:
    """A compile succeeded when the compiler exited 0 and left a binary."""
    if outcome.timed_out or outcome.limit_hit == "cpu_time":
        return _verdict(Status.COMPILE_ERROR, outcome, "compile time limit exceeded")
    if outcome.exit_code != 0 or not output.exists():
        first_error = next((ln for ln in outcome.stderr.splitlines() if "error" in ln), "")
        if not first_error and outcome.signal_number:
            first_error = f"compiler killed by {signal.Signals(outcome.signal_number).name}"
        return _verdict(Status.COMPILE_ERROR, outcome, first_error.strip()[:300] or f"exit code {outcome.exit_code}")
    return _verdict(Status.PASSED, outcome)


def check_sources(sources: Sequence[Path]) -> list[str]:
    """Read every source as text; a missing, unreadable or non-UTF-8 file is the user's error."""
    if not sources:
        raise InputError("no source files given")
    texts = []
    for path in sources:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from err
    return texts


class Backend(abc.ABC):
    """Compiles whole programs and runs them. One instance per backend; stateless."""

    name: str
    #: Suffix of the copies handed to the compiler (it decides how nvcc treats a file).
    source_suffix = ".cpp"

    @abc.abstractmethod
    def availability(self) -> tuple[bool, str]:
        """(can compile here, one line about the toolchain or what is missing)."""

    @abc.abstractmethod
    def toolchain_id(self, options: BuildOptions) -> str:
        """A string that changes whenever the same source could compile differently (cache keys)."""

    @abc.abstractmethod
    def compile_command(self, sources: Sequence[Path], output: str, options: BuildOptions) -> list[str]:
        """The compiler command line, run inside the build directory."""

    def prepare_sources(
        self, sources: Sequence[Path], texts: list[str], options: BuildOptions, build_dir: Path
    ) -> list[Path]:
        """Copy the sources into the build directory, through `translate_source` (`#line` keeps names)."""
        copies = []
        for index, (path, text) in enumerate(zip(sources, texts, strict=True)):
            copy = build_dir / f"{index}_{path.stem}{self.source_suffix}"
            copy.write_text(f'#line 1 "{path}"\n{self.translate_source(text, path)}', encoding="utf-8")
            copies.append(copy)
        return copies

    def translate_source(self, text: str, path: Path) -> str:
        """What the compiler sees of one source (the cpu backend rewrites launches here)."""
        return text

    def static_verdict(self, texts: list[str], options: BuildOptions) -> ExecResult | None:
        """A verdict reached before compiling (e.g. code the backend cannot judge), or None."""
        return None

    def compile(
        self,
        sources: Sequence[Path],
        output: Path,
        options: BuildOptions,
        *,
        objects: Sequence[Path] = (),
        object_only: bool = False,
    ) -> ExecResult:
        """Compile `sources` (and link `objects`) into the executable `output`, sandboxed.

        With `object_only`, compile one source into the object file `output` instead (`-c`).
        """
        texts = check_sources(sources)
        if options.language is None:
            options = replace(options, language=detect_language(list(sources), texts))
        # The compiler runs inside the build directory: relative include paths must not change meaning.
        options = replace(options, include_dirs=tuple(d.resolve() for d in options.include_dirs))
        early = self.static_verdict(texts, options)
        if early is not None:
            return early
        with workdir("build-") as build_dir:
            try:
                copies = self.prepare_sources(sources, texts, options, build_dir)
            except InputError as err:  # e.g. a launch the rewriter cannot parse: the code's fault
                return ExecResult(Status.COMPILE_ERROR, None, "", str(err), 0.0, detail=str(err))
            linked = []
            for index, obj in enumerate(objects):
                linked.append(build_dir / f"linked{index}.o")
                shutil.copyfile(obj, linked[-1])
            product = "object.o" if object_only else "program.out"
            argv = self.compile_command(copies, product, options)
            if object_only:
                argv.append("-c")
            argv += [str(p) for p in linked]
            # Quoted includes of the original files still resolve from the sources' own folders.
            argv += [f"-I{p.parent.resolve()}" for p in sources]
            readable = all(readable_by_others(p) for p in [*sources, *options.include_dirs])
            outcome = run_sandboxed(
                argv, cwd=build_dir, limits=options.limits, env=self.compile_env(), drop_privileges=readable,
                shared_dirs=[*options.include_dirs, *(p.parent.resolve() for p in sources)],
            )  # fmt: skip
            built = build_dir / product
            result = result_of_compile(outcome, built)
            if result.ok:
                output.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(built, output)
                output.chmod(0o755)
            return result

    def compile_env(self) -> dict[str, str]:
        return {}

    def run(self, binary: Path, options: RunOptions) -> ExecResult:
        """Run a program built by this backend, sandboxed, and classify how it ended."""
        if not binary.is_file():
            raise InputError(f"{binary}: no such program")
        with workdir("run-") as run_dir:
            copy = run_dir / "program"
            shutil.copyfile(binary, copy)
            copy.chmod(0o755)
            env = {**self.run_env(options), **dict(options.env)}
            with copy.open("rb") as header:
                emulator = toolchains.emulator_for(header.read(64))  # a cross-built program runs under qemu-user
            outcome = run_sandboxed(
                [*emulator, "./program", *options.args],
                cwd=run_dir,
                limits=options.limits,
                env=env,
                stdin_data=options.stdin_data,
            )
        return self.classify_run(outcome)

    def run_env(self, options: RunOptions) -> dict[str, str]:
        return {}

    def classify_run(self, outcome: SandboxOutcome) -> ExecResult:
        return result_of_run(outcome)
