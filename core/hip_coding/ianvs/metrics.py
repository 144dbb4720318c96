"""Ianvs metric functions: build@1, run@1, pass@1, pass@k, fast_1 and speedup_geomean of one test case.

Ianvs calls each metric as `func(y_true, y_pred)`, in list order, with the *same* y_pred object
(docs/ianvs.md §5). The first call evaluates every sample and caches the summary keyed by
that object; the others reuse it. A metric never raises: one exception would abort the whole job with no
rank files, so an evaluation that cannot run scores 0.0 and leaves `error.txt` beside the results.
Per-sample results (`results.jsonl`), the summary with its breakdowns (`summary.json`) and the run
description (`run.json`, started by the basemodel) go to $RESULT_SAVED_URL, where `hip-coding report`
finds them. With `perf: true` in the testenv's `hip_coding:` block the passed samples are timed after the
evaluation, exactly as `hip-coding evaluate --perf` does (docs/perf.md), and the perf metrics come from that.
"""

from __future__ import annotations

import dataclasses
import logging
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hip_coding.evaluation.evaluate import evaluate_samples
from hip_coding.evaluation.executors import make_executor
from hip_coding.evaluation.metrics import Summary
from hip_coding.evaluation.samples import Sample
from hip_coding.ianvs.case_files import ERROR_FILE, RESULTS_FILE, SUMMARY_FILE, output_dir, update_run, write_json
from hip_coding.ianvs.settings import EvalSettings, load_settings, testenv_path
from hip_coding.perf.annotate import annotate_lines
from hip_coding.tasks.release import default_dataset_dir, load_records
from hip_coding.tasks.schema import Answer, Meta, Question, Record

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CaseOutcome:
    """How evaluating one test case went: its summary and the testenv's k, or why it could not run."""

    summary: Summary | None
    k: int = 1
    error: str | None = None


_last: tuple[object, CaseOutcome] | None = None  # (y_pred, outcome) of the latest test case


def _meta_lookup() -> dict[str, Meta]:
    try:
        return {r.task_id: r.meta for r in load_records(default_dataset_dir())}
    except Exception as err:  # the breakdowns are a bonus; the verdicts do not need them
        log.warning("no task metadata for the breakdowns: %s", err)
        return {}


def _fallback_meta(task_id: str) -> Meta:
    parts = task_id.split("/")
    category = parts[1] if len(parts) > 2 else "?"
    return Meta(category=category, tags="", difficulty=0, title=task_id, source="unknown", doc_struct={})


def records_and_samples(y_true: Iterable[Any], y_pred: Sequence[Any]) -> tuple[list[Record], list[Sample]]:
    """Records rebuilt from Ianvs's answers (y_true) and the questions the basemodel echoed in y_pred.

    A task the model produced nothing for still gets one empty sample, so it counts as a failure
    instead of silently leaving the average.
    """
    predictions = {p["task_id"]: p for p in y_pred}
    metas = _meta_lookup()
    records: list[Record] = []
    samples: list[Sample] = []
    for raw in y_true:
        answer = Answer.model_validate(dict(raw))
        prediction = predictions.get(answer.task_id, {})
        question = prediction.get("question") or {
            "task_id": answer.task_id,
            "language": answer.language,
            "complete_prompt": "",
            "instruct_prompt": "",
            "entry_point": "",
            "signature": "",
        }
        meta = metas.get(answer.task_id) or _fallback_meta(answer.task_id)
        records.append(
            Record(task_id=answer.task_id, question=Question.model_validate(question), answer=answer, meta=meta)
        )
        produced = prediction.get("samples") or [{"sample_id": "0", "solution": ""}]
        for index, sample in enumerate(produced):
            sample_id = str(sample.get("sample_id", index))
            samples.append(Sample(answer.task_id, sample_id, str(sample.get("solution") or ""), index + 1))
    return records, samples


def evaluate_case(y_true: Iterable[Any], y_pred: Sequence[Any], settings: EvalSettings, out: Path) -> Summary:
    """Evaluate one test case's predictions; write results, summary and run files under `out`."""
    records, samples = records_and_samples(y_true, y_pred)
    ks = tuple(sorted({1, settings.k}))
    config = settings.eval_config()
    executor = make_executor(
        settings.executor, workers=settings.workers, ray_address=settings.ray_address, backend=config.backend
    )
    try:
        evaluation = evaluate_samples(records, samples, out / RESULTS_FILE, config, ks=ks, executor=executor)
    finally:
        executor.close()
    done = evaluation.summary
    perf_config = settings.perf_config()
    if perf_config is not None:
        perf = annotate_lines({r.task_id: r for r in records}, samples, out / RESULTS_FILE, perf_config)
        done = dataclasses.replace(done, perf=perf)
    summary = done.to_dict()
    write_json(out / SUMMARY_FILE, summary)
    update_run(out, summary=summary, settings=settings.model_dump())
    return done


def case_outcome(y_true: Any, y_pred: Any) -> CaseOutcome:
    """This test case's outcome, evaluated on the first call and reused by the other metrics."""
    global _last
    if _last is not None and _last[0] is y_pred:
        return _last[1]
    out = output_dir()
    try:
        settings = load_settings(testenv_path())
        outcome = CaseOutcome(evaluate_case(y_true, y_pred, settings, out), settings.k)
    except Exception as err:  # never abort the job (see the module docstring)
        log.error("hip-coding: evaluating this test case failed: %s (details in %s)", err, out / ERROR_FILE)
        (out / ERROR_FILE).write_text(traceback.format_exc(), encoding="utf-8")
        outcome = CaseOutcome(None, error=str(err))
    _last = (y_pred, outcome)
    return outcome


def metric(name: str, y_true: Any, y_pred: Any) -> float | None:
    """One scalar of the summary, e.g. "pass@1"; 0.0 when the evaluation failed, None when undefined."""
    outcome = case_outcome(y_true, y_pred)
    if outcome.summary is None:
        return 0.0
    if name == "pass@k":
        name = f"pass@{outcome.k}"
    value = outcome.summary.metric(name)
    if value is None:
        log.info("hip-coding: %s is undefined here (fewer samples per task than k): an empty cell", name)
        return None
    return float(value)


def group_metric(key: str, group: str, name: str, y_true: Any, y_pred: Any) -> float | None:
    """One scalar of one breakdown of the summary, e.g. pass@1 of the level-2 tasks (key "level", group "2").

    0.0 when the evaluation failed (as `metric`), None (an empty cell) when the test case has no task of
    that group: the quick job's subset of one level must not rank as a zero.
    """
    outcome = case_outcome(y_true, y_pred)
    if outcome.summary is None:
        return 0.0
    value = outcome.summary.breakdowns.get(key, {}).get(group, {}).get(name)
    return None if value is None else float(value)


def perf_metric(name: str, y_true: Any, y_pred: Any) -> float | None:
    """One perf scalar of the summary ("fast_1", "speedup_geomean"); 0.0 when the evaluation failed.

    None (an empty cell) when the testenv does not turn `perf` on: an untimed run has no speed to rank by.
    """
    outcome = case_outcome(y_true, y_pred)
    if outcome.summary is None:
        return 0.0
    if outcome.summary.perf is None:
        log.info("hip-coding: %s needs `perf: true` in the testenv's hip_coding block: an empty cell", name)
        return None
    value = outcome.summary.perf.get(name)
    return float(value) if isinstance(value, int | float) else None
