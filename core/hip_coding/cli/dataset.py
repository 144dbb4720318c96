"""`hip-coding dataset build|validate|stats|check`: the authored tasks and their release files."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from tqdm import tqdm

from hip_coding.errors import HipCodingError, InputError, ToolchainError
from hip_coding.evaluation import mutation, selfcheck
from hip_coding.evaluation.build import EVALUATOR_VERSION
from hip_coding.execution import toolchains
from hip_coding.tasks import build, certificate, generate
from hip_coding.tasks.release import default_dataset_dir, load_records
from hip_coding.tasks.schema import precision_of


def _dataset_dir(args: argparse.Namespace) -> Path:
    return args.dir or default_dataset_dir()


def _cmd_build(args: argparse.Namespace) -> int:
    written = build.build_release(_dataset_dir(args))
    manifest = written["manifest.json"]
    print(f"wrote {', '.join(sorted(written))} under {_dataset_dir(args)}")
    print(manifest.strip())
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    """Report every problem (task folders, release records, staleness), not just the first."""
    root = _dataset_dir(args)
    problems = build.task_problems(root / "tasks")
    try:
        records = load_records(root)
    except HipCodingError as err:
        problems.append(str(err))
        records = []
    if not problems:
        problems += [
            f"{root / name}: stale, run `hip-coding dataset build`" for name in build.stale_release_files(root)
        ]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print(f"ok: {len(records)} records, release files up to date")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    records = load_records(args.dataset or _dataset_dir(args))
    print(f"records: {len(records)}")
    for title, key in (
        ("language", lambda r: r.question.language),
        ("category", lambda r: r.meta.category),
        ("difficulty", lambda r: str(r.meta.difficulty)),
        ("level (1 single op, 2 fused chain, 3 multi-kernel algorithm)", lambda r: str(r.meta.level)),
        ("modes", lambda r: r.answer.modes),
        ("precision (16-bit storage, from the tags)", lambda r: precision_of(r.meta.tags.split(","))),
    ):
        counts = Counter(key(r) for r in records)
        print(f"\nby {title}:")
        for value, count in sorted(counts.items()):
            print(f"  {value:28} {count}")
    _print_kill_rates(args.dataset or _dataset_dir(args), {r.question.task_id.split("/", 1)[1] for r in records})
    tests = Counter(spec["kind"] for r in records for spec in r.answer.tests.values())
    print("\ntests by kind:")
    for kind, count in sorted(tests.items()):
        print(f"  {kind:28} {count}")
    return 0


#: The issue's floor for any one task's kill rate; `dataset stats` lists the tasks below it (docs/tasks.md).
KILL_RATE_FLOOR = 0.8


def _print_kill_rates(dataset: Path, task_ids: set[str]) -> None:
    """The current mutation kill rates `dataset mutate` recorded for the release's tasks, lowest first.

    A score made before its task's folder or the evaluator of its modes last changed is stale: listed apart,
    never counted."""
    folder = dataset if dataset.is_dir() else dataset.parent.parent
    recorded = {k: v for k, v in mutation.read_report(folder / "mutation.json").items() if k in task_ids}
    if not recorded:
        return
    folders = {k: folder / "tasks" / k for k in recorded if (folder / "tasks" / k / "task.yaml").is_file()}
    runtimes = mutation.current_runtimes([build.load_task(path) for path in folders.values()])
    entries, stale = mutation.split_stale(recorded, folders, runtimes)
    rates = {task_id: entry.get("kill_rate") for task_id, entry in entries.items()}
    known = [float(rate) for rate in rates.values() if isinstance(rate, int | float)]
    killed, changing = mutation.overall_of_report(entries)
    print(f"\nmutation kill rate ({folder / 'mutation.json'}): {len(entries)} of {len(task_ids)} tasks scored", end="")
    if changing:
        print(f"; overall {killed / changing:.1%} ({killed} of {changing} behaviour-changing mutants killed)", end="")
    if known:
        below = sum(rate < KILL_RATE_FLOOR for rate in known)
        print(f"; lowest {min(known):.1%}; {below} below {KILL_RATE_FLOOR:.0%}", end="")
    print()
    for task_id, rate in sorted(rates.items(), key=lambda item: (item[1] is None, item[1] or 0.0)):
        print(f"  {task_id:40} {f'{rate:.1%}' if isinstance(rate, int | float) else '-'}")
    if stale:
        why = "the task folder or the evaluator of its modes changed since it was scored; run `dataset mutate` on them"
        print(f"stale, not counted ({why}): {len(stale)}")
        for task_id in stale:
            print(f"  {task_id}")
    unscored = sorted(task_ids - set(recorded))
    if unscored:
        print(f"not scored yet (run `dataset mutate` on them): {len(unscored)}")
        for task_id in unscored:
            print(f"  {task_id}")


def _cmd_check(args: argparse.Namespace) -> int:
    root = _dataset_dir(args)
    if args.all and args.tasks:
        raise InputError("give task folders or --all, not both")
    folders = args.tasks or sorted(p.parent for p in (root / "tasks").glob("*/*/task.yaml"))
    tasks = [build.load_task(Path(folder)) for folder in folders]
    options: dict[str, Any] = {"vendor": args.vendor, "negatives": not args.no_negatives}
    cert = None
    if args.uncertified and not args.certificate:
        raise InputError("--uncertified needs --certificate FILE (the certificate that says what is proven)")
    if args.certificate:
        cert = _open_certificate(args.certificate)
        current = certificate.current_globals(EVALUATOR_VERSION)
        if args.uncertified:
            state = certificate.states(cert, tasks, current)
            tasks = [task for task in tasks if state[task.spec.id] != "certified"]
            print(f"{len(tasks)} of {len(state)} tasks not certified by {args.certificate}: proving them")
        # The certified proof is the full one, whatever else was asked for.
        options = {"vendor": True, "negatives": True, "vendor_harness": True, "repeat_languages": ("hip", "cuda")}
    start = time.monotonic()
    results = []
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        jobs = {pool.submit(selfcheck.check_task, t, **options): t for t in tasks}
        for job in tqdm(as_completed(jobs), total=len(jobs), desc="tasks", unit="task", disable=None):
            checks = job.result()
            results += checks
            if cert is not None:
                # Written after every task: an interrupted run keeps what it proved.
                cert = certificate.with_entry(cert, jobs[job], checks, current)
                certificate.save(cert, args.certificate)
    bad = [c for c in results if not c.ok]
    for check in results if args.verbose else bad:
        mark = "ok  " if check.ok else "FAIL"
        print(f"{mark} {check.task_id:40} {check.what:28} {check.status}")
        if not check.ok and check.detail:
            print("     " + check.detail.strip().replace("\n", "\n     ")[:1500])
    print(f"{len(results) - len(bad)} passed, {len(bad)} failed ({len(tasks)} tasks, {time.monotonic() - start:.0f} s)")
    if cert is not None:
        print(f"certificate: {args.certificate} ({len(cert.tasks)} tasks)")
    return 1 if bad else 0


def _open_certificate(path: Path) -> certificate.Certificate:
    """The certificate to add entries to: the existing one (its entries know what they were proven under), or a
    new one when there is none or it cannot be read."""
    if toolchains.nvcc() is None or toolchains.hipcc() is None:
        raise ToolchainError("a certificate records nvcc and hipcc compiles: both must be installed")
    if path.is_file():
        try:
            return certificate.load(path)
        except InputError as err:
            print(f"starting a new certificate: {err}")
    return certificate.empty()


def _task_folder(root: Path, name: str) -> Path:
    """A task folder given as a path or as a task id (<category>/<slug>)."""
    path = Path(name)
    return path if (path / "task.yaml").is_file() else root / "tasks" / name


def _cmd_mutate(args: argparse.Namespace) -> int:
    root = _dataset_dir(args)
    folders = [_task_folder(root, n) for n in args.tasks] or sorted(
        p.parent for p in (root / "tasks").glob("*/*/task.yaml")
    )
    tasks = [build.load_task(folder) for folder in folders]
    limit = args.max_mutants or None
    out = args.out or root / "mutation.json"
    # Each task's score is merged into the report as soon as it is complete: an interrupted run keeps them.
    scores = mutation.mutate_tasks(
        tasks,
        max_mutants=limit,
        workers=args.workers,
        on_score=lambda found: mutation.write_report(out, [found], limit),
    )
    print(f"{'task':40} {'mutants':>7} {'compiled':>8} {'equiv':>5} {'killed':>6} {'survived':>8} {'kill rate':>9}")
    for found in scores:
        rate = "-" if found.kill_rate is None else f"{found.kill_rate:.1%}"
        equivalent = found.equivalent + found.declared_equivalent
        print(
            f"{found.task_id:40} {found.mutants:7} {found.compiled:8} {equivalent:5} {found.killed:6} "
            f"{len(found.survivors):8} {rate:>9}"
        )
        for survivor in found.survivors:
            print(f"    survived {survivor}")
    total = mutation.overall(scores)
    print(f"overall kill rate: {'-' if total is None else f'{total:.1%}'} of behaviour-changing compiled mutants")
    print(f"wrote {out}")
    return 0


def _cmd_generate(args: argparse.Namespace) -> int:
    folders = generate.generate(args.seed, args.count, args.out)
    for folder in folders:
        print(folder)
    print(
        f"wrote {len(folders)} task folders; prove them with "
        f"`hip-coding dataset check {args.out}/{generate.CATEGORY}/*`"
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add `dataset` and its subcommands."""
    dataset_cmd = commands.add_parser("dataset", help="build, validate and inspect the benchmark tasks")
    sub = dataset_cmd.add_subparsers(dest="dataset_command", required=True, metavar="SUBCOMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dir", type=Path, help="dataset directory (default: datasets/hip_coding)")

    sub.add_parser("build", parents=[common], help="write the release files from the task folders").set_defaults(
        handler=_cmd_build
    )
    sub.add_parser("validate", parents=[common], help="check task folders and release files").set_defaults(
        handler=_cmd_validate
    )
    stats = sub.add_parser("stats", parents=[common], help="counts by language, category, difficulty, level")
    stats.add_argument("--dataset", type=Path, help="a release JSONL file or dataset directory")
    stats.set_defaults(handler=_cmd_stats)

    check = sub.add_parser("check", parents=[common], help="prove tasks sound: references pass, negatives fail")
    check.add_argument("tasks", nargs="*", type=Path, help="task folders (default: all)")
    check.add_argument("--all", action="store_true", help="every task (the default when no folder is given)")
    check.add_argument(
        "--certificate",
        type=Path,
        metavar="FILE",
        help="run the full proof (implies --vendor) and record it in FILE, e.g. datasets/hip_coding/certificate.json",
    )
    check.add_argument(
        "--uncertified",
        action="store_true",
        help="with --certificate: only the tasks it does not prove (new, changed, or stale after a runtime edit)",
    )
    check.add_argument("--vendor", action="store_true", help="also compile harness and reference with nvcc/hipcc")
    check.add_argument("--no-negatives", action="store_true", help="skip the wrong solutions")
    check.add_argument("--workers", type=int, default=2)
    check.add_argument("-v", "--verbose", action="store_true", help="list passing checks too")
    check.set_defaults(handler=_cmd_check)

    mutate = sub.add_parser("mutate", parents=[common], help="score each task's tests on mutants of its reference")
    mutate.add_argument("tasks", nargs="*", help="task folders or ids <category>/<slug> (default: all)")
    mutate.add_argument("--max-mutants", type=int, default=30, help="per task, spread over the operators (0: all)")
    mutate.add_argument("--workers", type=int, default=2, help="worker processes")
    mutate.add_argument("--out", type=Path, help="the report to merge into (default: <dir>/mutation.json)")
    mutate.set_defaults(handler=_cmd_mutate)

    gen = sub.add_parser("generate", help="draw a fresh split of generated fused-chain tasks (level 2)")
    gen.add_argument("--seed", type=int, required=True, help="the split's seed: the same seed, the same tasks")
    gen.add_argument("--count", type=int, default=20, help="number of tasks")
    gen.add_argument("--out", type=Path, required=True, help="a tasks directory; folders go to OUT/generated/<slug>")
    gen.set_defaults(handler=_cmd_generate)
