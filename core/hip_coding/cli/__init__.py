"""The `hip-coding` command line: parse arguments, call the library, print, choose the exit code.

Exit codes: 0 success; 1 the work ran and found failures (for `run`, the program's own code is
forwarded); 2 bad usage or input. Errors are one line on stderr; `--debug` shows the traceback.
Each command group lives in its own module and registers its subcommands here.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from hip_coding import __version__
from hip_coding.cli import bench, curate, dataset, evaluate, generate, programs, report
from hip_coding.errors import HipCodingError

COMMAND_GROUPS = (programs, dataset, generate, evaluate, bench, curate, report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hip-coding", description="Benchmark LLM-written HIP and CUDA kernels.")
    parser.add_argument("--version", action="version", version=f"hip-coding {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `hip-coding` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    program_args: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, program_args = argv[:cut], argv[cut + 1 :]
    args = build_parser().parse_args(argv)
    args.program_args = program_args
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        return int(args.handler(args))
    except HipCodingError as err:
        if args.debug:
            raise
        print(f"hip-coding: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("hip-coding: interrupted", file=sys.stderr)
        return 130
