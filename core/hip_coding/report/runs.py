"""Find and read the runs a report compares: results files, run directories, Ianvs workspaces.

A *run* is one model's evaluation: a `results.jsonl` (one `hip-coding evaluate` result per line), and,
beside it, optionally `run.json` (label, model, backend, hyperparameters, summary) and `samples.jsonl`
(the generated samples with their timings). Ianvs puts these under
`<workspace>/<job>/<algorithm>/<uuid>/output/inference/`, and its ranking under
`<workspace>/<job>/rank/all_rank.csv`, whose metric columns come in a random order
(docs/ianvs.md §6), so that file is read by column name only.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hip_coding import jsonl
from hip_coding.errors import InputError
from hip_coding.evaluation.results import SampleResult
from hip_coding.ianvs.case_files import RESULTS_FILE, RUN_FILE, SAMPLES_FILE  # the run files Ianvs cases hold

log = logging.getLogger(__name__)

RANK_FILE = "all_rank.csv"
#: all_rank.csv columns that are neither metrics nor hyperparameters. Module-type columns (e.g. `basemodel`)
#: are Ianvs's module types or any column that prefixes hyperparameter columns `<module type>-<name>`.
RANK_FIXED_COLUMNS = ("rank", "algorithm", "paradigm", "time", "url")
IANVS_MODULE_TYPES = frozenset(
    {
        "basemodel",
        "edgemodel",
        "cloudmodel",
        "hard_example_mining",
        "task_definition",
        "task_allocation",
        "task_remodeling",
        "inference_integrate",
        "task_update_decision",
        "unseen_task_allocation",
        "unseen_sample_recognition",
        "unseen_sample_re_recognition",
        "aggregation",
    }
)


@dataclass(frozen=True)
class GenerationStats:
    """What samples.jsonl tells about generating: how many samples, their mean time and length."""

    samples: int
    mean_seconds: float | None
    mean_completion_tokens: float | None


@dataclass(frozen=True)
class Run:
    """One model's evaluated samples and what is known about how they were made."""

    label: str
    results_file: Path
    results: tuple[SampleResult, ...]
    info: dict[str, Any] = field(default_factory=dict)  # run.json, {} when absent
    generation: GenerationStats | None = None
    perfs: tuple[dict[str, Any] | None, ...] = ()  # each result's `perf` (evaluate --perf), None when untimed

    @property
    def model(self) -> str:
        return str(self.info.get("model") or "")

    @property
    def backend(self) -> str:
        return str(self.info.get("backend") or "")

    @property
    def hyperparameters(self) -> dict[str, Any]:
        found = self.info.get("hyperparameters")
        return dict(found) if isinstance(found, dict) else {}


@dataclass(frozen=True)
class RankTable:
    """The rows of one Ianvs all_rank.csv, with its columns sorted into metrics and hyperparameters."""

    path: Path
    metrics: tuple[str, ...]
    hyperparameters: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    modules: tuple[str, ...] = ()  # module-type columns, e.g. `basemodel`


def read_results(path: Path) -> tuple[SampleResult, ...]:
    """Every result line of `path`; a malformed line is an error naming the file, the line and the field."""
    return _read_lines(path)[0]


def _read_lines(path: Path) -> tuple[tuple[SampleResult, ...], tuple[dict[str, Any] | None, ...]]:
    """The results of `path` and, beside each, its `perf` dict (None when the sample was not timed)."""
    results: list[SampleResult] = []
    perfs: list[dict[str, Any] | None] = []
    for number, data in jsonl.read_numbered(path):
        missing = [key for key in ("task_id", "sample_id", "status") if key not in data]
        if missing:
            raise InputError(f"{path}:{number}: {missing[0]}: missing (is this an evaluate results file?)")
        try:
            results.append(SampleResult.from_dict(data))
        except ValueError as err:
            raise InputError(f"{path}:{number}: status: {err}") from err
        except (KeyError, TypeError) as err:
            raise InputError(f"{path}:{number}: malformed result: {err}") from err
        perf = data.get("perf")
        if perf is not None and not (isinstance(perf, dict) and {"kind", "device", "ms", "ref_ms"} <= set(perf)):
            raise InputError(f"{path}:{number}: perf: expected an `evaluate --perf` record")
        perfs.append(perf)
    if not results:
        raise InputError(f"{path}: no results (an empty results file; did the evaluation run?)")
    return tuple(results), tuple(perfs)


def _read_run_info(directory: Path) -> dict[str, Any]:
    path = directory / RUN_FILE
    if not path.is_file():
        return {}
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: not a readable JSON file: {err}") from err
    if not isinstance(info, dict):
        raise InputError(f"{path}: expected a JSON object")
    return info


def _read_generation(directory: Path) -> GenerationStats | None:
    """Timing facts from samples.jsonl; a bonus, so a damaged file is a warning, not an error."""
    path = directory / SAMPLES_FILE
    if not path.is_file():
        return None
    seconds: list[float] = []
    tokens: list[float] = []
    count = 0
    try:
        lines = jsonl.read_strict(path)
    except InputError as err:  # unreadable, not UTF-8, or a line that is not a JSON object
        log.warning("%s; generation statistics skipped for this run", err)
        return None
    for sample in lines:
        count += 1
        if isinstance(sample.get("seconds"), int | float):
            seconds.append(float(sample["seconds"]))
        if isinstance(sample.get("completion_tokens"), int | float):
            tokens.append(float(sample["completion_tokens"]))
    return GenerationStats(
        samples=count,
        mean_seconds=sum(seconds) / len(seconds) if seconds else None,
        mean_completion_tokens=sum(tokens) / len(tokens) if tokens else None,
    )


def ianvs_case(results_file: Path) -> tuple[str, str] | None:
    """(algorithm, test-case uuid) when the file sits where Ianvs writes a case's output."""
    parts = results_file.parent.parts
    if len(parts) >= 4 and parts[-2:] == ("output", "inference"):
        return parts[-4], parts[-3]
    return None


def _base_label(results_file: Path, info: dict[str, Any]) -> str:
    if info.get("label"):
        return str(info["label"])
    case = ianvs_case(results_file)
    if case is not None:
        return case[0]
    if results_file.name == RESULTS_FILE:
        return results_file.parent.resolve().name
    return results_file.stem


def load_run(results_file: Path) -> Run:
    """One run from its results file (run.json and samples.jsonl beside a results.jsonl are read too)."""
    directory = results_file.parent
    beside = results_file.name == RESULTS_FILE
    info = _read_run_info(directory) if beside else {}
    results, perfs = _read_lines(results_file)
    return Run(
        label=_base_label(results_file, info),
        results_file=results_file,
        results=results,
        info=info,
        generation=_read_generation(directory) if beside else None,
        perfs=perfs,
    )


def _distinct_labels(runs: list[Run]) -> list[Run]:
    """Runs sharing a label (one algorithm, several hyperparameter sets) get what tells them apart."""
    counts = Counter(run.label for run in runs)
    named: list[Run] = []
    for run in runs:
        if counts[run.label] == 1:
            named.append(run)
            continue
        peers = [r for r in runs if r.label == run.label]
        keys = sorted({k for r in peers for k in r.hyperparameters})
        differing = [k for k in keys if len({repr(r.hyperparameters.get(k)) for r in peers}) > 1]
        if differing:
            suffix = ", ".join(f"{k}={run.hyperparameters.get(k)}" for k in differing)
        else:
            case = ianvs_case(run.results_file)
            suffix = case[1][:8] if case else str(run.results_file.parent)
        named.append(dataclasses.replace(run, label=f"{run.label} ({suffix})"))
    final = Counter(run.label for run in named)
    if max(final.values()) > 1:  # still ambiguous (e.g. identical hyperparameters): number them
        seen: Counter[str] = Counter()
        renamed = []
        for run in named:
            seen[run.label] += 1
            label = run.label if final[run.label] == 1 else f"{run.label} #{seen[run.label]}"
            renamed.append(dataclasses.replace(run, label=label))
        named = renamed
    return named


def case_id(url: str) -> str:
    """The test-case uuid at the end of an all_rank.csv `url` (`<workspace>/<job>/<algorithm>/<uuid>`)."""
    return url.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _with_rank_hyperparameters(run: Run, rank_tables: list[RankTable]) -> Run:
    """An Ianvs case without hyperparameters in run.json takes them from its all_rank.csv row."""
    case = ianvs_case(run.results_file)
    if case is None or run.hyperparameters:
        return run
    for table in rank_tables:
        for row in table.rows:
            if case_id(row.get("url") or "") == case[1]:
                found = {column.split("-", 1)[1]: row.get(column) for column in table.hyperparameters}
                return dataclasses.replace(run, info={**run.info, "hyperparameters": found})
    return run


def find_runs(path: Path, rank_tables: list[RankTable] | None = None) -> list[Run]:
    """The runs under `path`: a results file, a run directory, or any tree of run directories.

    Runs that share a label get what tells them apart (their differing hyperparameters, taken from
    all_rank.csv for Ianvs cases whose run.json has none), so every row of a report is distinct.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if path.is_file():
        files = [path]
    elif (path / RESULTS_FILE).is_file():
        files = [path / RESULTS_FILE]
    else:
        files = sorted(p for p in path.rglob(RESULTS_FILE) if p.is_file())
        if not files:
            raise InputError(f"{path}: no {RESULTS_FILE} found (expected evaluate results, a run directory or a tree)")
    files = _ranked_cases_only(files, rank_tables or [])
    runs = [_with_rank_hyperparameters(load_run(f), rank_tables or []) for f in files]
    return _distinct_labels(runs)


def _ranked_cases_only(files: list[Path], rank_tables: list[RankTable]) -> list[Path]:
    """Drop the test cases of a ranked job that its rank rows do not name: a crashed run, or one that a rerun
    continued (docs/ianvs.md), is no result of the job. Cases of a job without a rank file (one still running)
    and plain runs are kept."""
    ranked: dict[Path, set[str]] = {}
    for table in rank_tables:
        case_ids = {case_id(row.get("url") or "") for row in table.rows}
        ranked.setdefault(table.path.parent.parent.resolve(), set()).update(case_ids)
    kept: list[Path] = []
    dropped: list[Path] = []
    for file in files:
        case = ianvs_case(file)
        names = ranked.get(file.parent.parents[3].resolve()) if case else None
        (dropped if case and names is not None and case[1] not in names else kept).append(file)
    if dropped:
        log.info("report: %d test case run(s) that no rank file names are left out: %s", len(dropped),
                 ", ".join(str(f.parent.parent.parent) for f in dropped))  # fmt: skip
    return kept


def find_rank_tables(path: Path) -> list[RankTable]:
    """Every Ianvs `rank/all_rank.csv` under `path` (none for a results file or a single run)."""
    if not path.is_dir():
        return []
    return [read_rank_csv(p) for p in sorted(path.rglob(RANK_FILE)) if p.is_file() and p.parent.name == "rank"]


def read_rank_csv(path: Path) -> RankTable:
    """all_rank.csv by column name: metrics are the columns that are no module, hyperparameter or fixed one."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = list(reader.fieldnames or [])
            rows = tuple(dict(row) for row in reader)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"{path}: not a readable CSV file: {err}") from err
    missing = [c for c in ("rank", "algorithm") if c not in columns]
    if missing:
        raise InputError(f"{path}: column {missing[0]!r} missing (not an Ianvs all_rank.csv?)")
    modules = {c for c in columns if c in IANVS_MODULE_TYPES or any(o.startswith(c + "-") for o in columns)}
    hyperparameters = tuple(c for c in columns if "-" in c and c.split("-", 1)[0] in modules)
    metrics = tuple(c for c in columns if c not in RANK_FIXED_COLUMNS and c not in modules and c not in hyperparameters)
    module_columns = tuple(c for c in columns if c in modules)
    return RankTable(path=path, metrics=metrics, hyperparameters=hyperparameters, rows=rows, modules=module_columns)
