"""`hip-coding curate run|extract|filter|wrap|testgen|review|archive|stats`: repositories -> validated tasks."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hip_coding.curation import archive, extract, filter, pipeline, review, stats
from hip_coding.curation.assist import CurationModel
from hip_coding.curation.funnel import Funnel


def _show(funnel: Funnel) -> None:
    for line in funnel.lines():
        print(line)


def _model(args: argparse.Namespace) -> CurationModel | None:
    """The model of `--algorithm` (None without one): loaded once per command, closed by the caller."""
    model = pipeline.load_model(args.algorithm, getattr(args, "cross_check", False))
    if model is not None:
        print(f"model-assisted steps with {model.label} ({model.config.backend})")
    return model


def _testgen_options(args: argparse.Namespace) -> pipeline.TestgenOptions:
    return pipeline.TestgenOptions(workers=args.workers, negatives=args.negatives, cross_check=args.cross_check)


def _cmd_extract(args: argparse.Namespace) -> int:
    _show(extract.run_extract(args.repo, args.out))
    print(f"wrote {args.out / 'extract.jsonl'}")
    return 0


def _cmd_filter(args: argparse.Namespace) -> int:
    _show(filter.run_filter(args.out))
    return 0


def _cmd_wrap(args: argparse.Namespace) -> int:
    model = _model(args)
    try:
        _show(pipeline.wrap_stage(args.out, model))
    finally:
        if model is not None:
            model.close()
    return 0


def _cmd_testgen(args: argparse.Namespace) -> int:
    model = _model(args)
    try:
        _show(pipeline.testgen_stage(args.out, model, _testgen_options(args)))
    finally:
        if model is not None:
            model.close()
    return 0


def _cmd_review(args: argparse.Namespace) -> int:
    _show(review.run_review(args.out, reviewer=args.reviewer))
    return 0


def _cmd_archive(args: argparse.Namespace) -> int:
    _show(archive.run_archive(args.out, require_review=args.require_review))
    print(f"dataset: {args.out / 'dataset'} (check it with `hip-coding dataset validate --dir {args.out / 'dataset'}`)")
    if args.into is not None:
        copied = archive.archive_into(args.out, args.into)
        print(f"copied {len(copied)} task(s) into {args.into}; run `hip-coding dataset build --dir "
              f"{args.into.parent}` to put them in its release")  # fmt: skip
    return 0


def _print_stats(numbers: dict[str, Any], pngs: list[Path]) -> None:
    for line in stats.report_lines(numbers):
        print(line)
    print("plots: " + ", ".join(str(p) for p in pngs))


def _cmd_stats(args: argparse.Namespace) -> int:
    outs = args.out if isinstance(args.out, list) else [args.out]
    runs = []
    for out in outs:
        numbers, pngs = stats.run_stats(out)
        _print_stats(numbers, pngs)
        runs.append(numbers)
    if len(runs) > 1:
        for line in stats.yield_lines(runs):
            print(line)
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    """Every automatic stage in order (review is the human's: run `curate review`, then `curate archive`)."""
    model = _model(args)  # bad options fail before any work
    try:
        numbers, pngs = pipeline.run_pipeline(
            args.repo, args.out, model, _testgen_options(args), require_review=args.require_review, report=_show
        )
    finally:
        if model is not None:
            model.close()
    print(f"dataset: {args.out / 'dataset'} (check it with `hip-coding dataset validate --dir {args.out / 'dataset'}`)")
    _print_stats(numbers, pngs)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    curate = commands.add_parser("curate", help="turn a repository's kernels into benchmark tasks")
    stages = curate.add_subparsers(dest="stage", required=True, metavar="STAGE")

    def stage(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str, repo: bool = False, many: bool = False
    ) -> argparse.ArgumentParser:
        parser = stages.add_parser(name, help=help_text)
        if repo:
            parser.add_argument("--repo", required=True, help="a local folder or a git URL (cloned into OUT/repo)")
        parser.add_argument(
            "--out", type=Path, required=True, nargs="+" if many else None,
            help="the output folder (stages read and write here)" + ("; several: one line per run" if many else ""),
        )  # fmt: skip
        parser.set_defaults(handler=handler)
        return parser

    def model_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--algorithm",
            type=Path,
            help="an Ianvs algorithm YAML with one basemodel case (as for `generate`): wraps the kernels the rules "
            "refuse and drafts descriptions",
        )

    def testgen_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--workers", type=int, default=2, help="candidates checked in parallel")
        parser.add_argument("--negatives", action="store_true", help="also run each task's wrong solutions")
        parser.add_argument(
            "--cross-check",
            action="store_true",
            help="the model writes a serial CPU reference; disagreements go to review",
        )
        model_option(parser)

    run = stage("run", _cmd_run, "all automatic stages: extract, filter, wrap, testgen, archive, stats", repo=True)
    testgen_options(run)
    run.add_argument("--require-review", action="store_true", help=argparse.SUPPRESS)
    stage("extract", _cmd_extract, "every __global__ kernel and its facts -> OUT/extract.jsonl", repo=True)
    stage("filter", _cmd_filter, "length, templates, dependency level, duplicates -> OUT/filter.jsonl")
    model_option(stage("wrap", _cmd_wrap, "a standalone program per kernel -> OUT/wrap.jsonl"))
    testgen_options(stage("testgen", _cmd_testgen, "harness + five test kinds, checked on cpu -> OUT/testgen.jsonl"))
    review_parser = stage("review", _cmd_review, "accept, edit or reject candidates in the terminal")
    review_parser.add_argument("--reviewer", help="who decides (default: $USER)")
    archive_parser = stage("archive", _cmd_archive, "release records + flat export -> OUT/dataset, OUT/flat.jsonl")
    archive_parser.add_argument("--require-review", action="store_true", help="archive only accepted candidates")
    archive_parser.add_argument(
        "--into", type=Path, help="also copy the tasks into a dataset's task folders, e.g. datasets/hip_coding/tasks"
    )
    stage("stats", _cmd_stats, "counts, drop reasons and PNG plots -> OUT/stats/", many=True)
