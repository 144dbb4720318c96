"""The legitimate half of the fair-play corpus: correct solutions written the way real models write them
(stray includes, quoted vendor headers, error-check macros that exit or abort, printf debugging,
synchronous malloc/free, cooperative groups, templates, grid-stride loops, several kernels) must pass.

Each file of tests/fair_play/legit/ names its task on its first line (`// task: <task id>`). Every one
passes on `cpu` in every mode its task declares (one `evaluate` run over the whole corpus, so the
samples share the two workers) and, where the vendor compiler of its language is installed, compiles
with it (nvcc for CUDA, hipcc for HIP). The cheats live in tests/fair_play/cheats/ with their own test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.evaluate import evaluate
from hip_coding.evaluation.results import SampleResult
from hip_coding.evaluation.static_check import check_sample
from hip_coding.evaluation.vendor import compile_checks
from hip_coding.tasks.release import load_records
from hip_coding.tasks.schema import Record

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "datasets" / "hip_coding"
LEGIT = sorted((ROOT / "tests" / "fair_play" / "legit").iterdir())
LANGUAGE_OF_SUFFIX = {".cu": "cuda", ".hip": "hip"}
COMPILER_OF_LANGUAGE = {"cuda": "nvcc", "hip": "hipcc"}
RECORDS = {record.task_id: record for record in load_records(DATASET)}


def task_of(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("// task: "), f"{path.name}: the first line must be `// task: <task id>`"
    return first.removeprefix("// task: ").strip()


def record_of(path: Path) -> Record:
    return RECORDS[task_of(path)]


def test_the_corpus_is_big_and_well_formed():
    assert len(LEGIT) >= 30
    languages = set()
    for path in LEGIT:
        task_id = task_of(path)
        assert task_id in RECORDS, f"{path.name}: no task {task_id}"
        language = LANGUAGE_OF_SUFFIX[path.suffix]
        assert RECORDS[task_id].question.language == language, f"{path.name}: {path.suffix} file for {task_id}"
        languages.add(language)
    assert languages == {"hip", "cuda"}
    assert len({task_of(path) for path in LEGIT}) >= 25, "spread over many tasks"


@pytest.mark.parametrize("path", LEGIT, ids=[path.name for path in LEGIT])
def test_the_static_check_leaves_it_alone(path):
    text = path.read_text(encoding="utf-8")
    assert check_sample(text, record_of(path).question.entry_point) == (text, [])


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[str, SampleResult]:
    folder = tmp_path_factory.mktemp("fair-play")
    rows = [{"task_id": task_of(p), "sample_id": p.name, "solution": p.read_text(encoding="utf-8")} for p in LEGIT]
    samples = folder / "samples.jsonl"
    samples.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    done = evaluate(DATASET, samples, folder / "results.jsonl", EvalConfig(), workers=2, progress=False)
    return {result.sample_id: result for result in done.results}


@pytest.mark.slow
@pytest.mark.parametrize("path", LEGIT, ids=[path.name for path in LEGIT])
def test_it_passes_on_cpu_in_every_declared_mode(verdicts, path):
    result = verdicts[path.name]
    assert result.status.value == "passed", f"{path.name}: {result.status.value}\n{result.messages}"
    assert len(result.tests) == len(record_of(path).answer.tests)


@pytest.mark.slow
@pytest.mark.vendor
@pytest.mark.parametrize("path", LEGIT, ids=[path.name for path in LEGIT])
def test_it_compiles_with_the_vendor_compiler_of_its_language(path):
    record = record_of(path)
    compiler = COMPILER_OF_LANGUAGE[record.question.language]
    verdict = compile_checks(record, path.read_text(encoding="utf-8"), (compiler,))[compiler]
    if verdict.startswith("unavailable"):
        pytest.skip(f"{compiler} {verdict}")
    assert verdict == "passed", f"{path.name}: {compiler} says {verdict}"
