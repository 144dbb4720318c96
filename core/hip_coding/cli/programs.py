"""`hip-coding compile`, `run` and `doctor`: whole CUDA/HIP programs on any backend."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path

from hip_coding.execution import doctor
from hip_coding.execution.backends import BACKENDS, get_backend
from hip_coding.execution.options import COMPILE_LIMITS, LANGUAGES, RUN_LIMITS, BuildOptions, Mode, RunOptions
from hip_coding.execution.sandbox import MiB
from hip_coding.execution.status import ExecResult, Status

#: `hip-coding run` is a user's tool: keep (nearly) all of the program's output.
_CLI_KEPT_OUTPUT = 16 * MiB


def _add_build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="CUDA/HIP/C++ source files")
    parser.add_argument("--backend", default="cpu", choices=sorted(BACKENDS), help="where to compile and run")
    parser.add_argument("--mode", default="normal", choices=[m.value for m in Mode], help="cpu checking mode")
    parser.add_argument("--lang", choices=LANGUAGES, help="API spelling (default: from suffixes and includes)")
    parser.add_argument(
        "--arch",
        help="target: sm_XX for cuda (default sm_90), gfxNNN for rocm (gfx90a), aarch64 for cpu (run under qemu-user)",
    )
    parser.add_argument("--warp-size", type=int, choices=(32, 64), help="cpu: warpSize (default 32 CUDA, 64 HIP)")
    parser.add_argument("-I", dest="include_dirs", action="append", type=Path, default=[], metavar="DIR")
    parser.add_argument("-D", dest="defines", action="append", default=[], metavar="NAME[=VALUE]")
    parser.add_argument("--json", action="store_true", help="print one JSON object with the result")


def _build_options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        backend=args.backend,
        mode=Mode(args.mode),
        language=args.lang,
        include_dirs=tuple(args.include_dirs),
        defines=tuple(args.defines),
        arch=args.arch,
        warp_size=args.warp_size,
        limits=COMPILE_LIMITS,
    )


def _print_result(result: ExecResult, stage: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps({**result.to_dict(), "stage": stage}))
        return
    if result.status is not Status.PASSED:
        if stage == "compile" and result.stderr:
            sys.stderr.write(result.stderr if result.stderr.endswith("\n") else result.stderr + "\n")
        print(f"hip-coding: {result.status}: {result.detail}", file=sys.stderr)


def _cmd_compile(args: argparse.Namespace) -> int:
    options = _build_options(args)
    result = get_backend(options.backend).compile(args.sources, args.output, options)
    _print_result(result, "compile", args.json)
    return 0 if result.ok else 1


def _cmd_run(args: argparse.Namespace) -> int:
    program_args = args.program_args
    options = _build_options(args)
    backend = get_backend(options.backend)
    with tempfile.TemporaryDirectory(prefix="hip-coding-run-") as tmp:
        binary = Path(tmp) / "program"
        built = backend.compile(args.sources, binary, options)
        if not built.ok:
            _print_result(built, "compile", args.json)
            return 1
        limits = RUN_LIMITS.scaled(args.timeout / RUN_LIMITS.wall_seconds)
        limits = dataclasses.replace(limits, kept_output_bytes=_CLI_KEPT_OUTPUT)
        run = RunOptions(mode=options.mode, args=tuple(program_args), seed=args.seed, limits=limits)
        result = backend.run(binary, run)
    if args.json:
        _print_result(result, "run", True)
        return 0 if result.ok else 1
    sys.stdout.write(result.stdout)
    sys.stdout.flush()
    sys.stderr.write(result.stderr)
    if result.status in (Status.PASSED, Status.RUNTIME_ERROR) and result.exit_code is not None:
        if result.status is Status.RUNTIME_ERROR and result.detail:
            print(f"hip-coding: runtime_error: {result.detail}", file=sys.stderr)
        return result.exit_code
    _print_result(result, "run", False)
    return 1


def _cmd_doctor(args: argparse.Namespace) -> int:
    print(doctor.report())
    return 0 if doctor.cpu_ready() else 1


def register(commands: argparse._SubParsersAction) -> None:
    """Add `compile`, `run` and `doctor` to the top-level parser."""
    compile_cmd = commands.add_parser("compile", help="compile a CUDA/HIP program (like nvcc/hipcc)")
    _add_build_arguments(compile_cmd)
    compile_cmd.add_argument("-o", dest="output", type=Path, required=True, help="the executable to write")
    compile_cmd.set_defaults(handler=_cmd_compile)

    run_cmd = commands.add_parser("run", help="compile and run a program; arguments after -- go to it")
    _add_build_arguments(run_cmd)
    run_cmd.add_argument("--timeout", type=float, default=RUN_LIMITS.wall_seconds, help="seconds (wall clock)")
    run_cmd.add_argument("--seed", type=int, default=1, help="perturb mode: the thread-order seed")
    run_cmd.set_defaults(handler=_cmd_run)

    doctor_cmd = commands.add_parser("doctor", help="which backends work here, toolchain versions, what is missing")
    doctor_cmd.set_defaults(handler=_cmd_doctor)
