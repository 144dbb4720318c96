"""Load authored tasks, turn each into a HIP and a CUDA release record, and write the release files.

Release layout (`datasets/hip_coding/`): `test_data/data.jsonl` (every record), `test_data/quick.jsonl`
(the subset the default job runs), `train_data/data.jsonl` (few-shot examples; Ianvs requires a train
file), `manifest.json` (version, counts, sha256 of each release file). Records are written in a fixed
order with sorted keys, so the same tasks always give byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from hip_coding import __version__
from hip_coding.errors import InputError
from hip_coding.tasks import prompts
from hip_coding.tasks.schema import Answer, DocStruct, Meta, Question, Record, TaskSpec
from hip_coding.tasks.translate import hip_prose_to_cuda, hip_to_cuda

HARNESS_LIB = Path(__file__).parent / "harness_lib" / "hipcoding_harness.h"
HARNESS_INCLUDE = '#include "hipcoding_harness.h"'
TASK_FILES = ("task.yaml", "reference.hip", "harness.hip")
RELEASE_FILES = ("test_data/data.jsonl", "test_data/quick.jsonl", "train_data/data.jsonl")
#: Tasks of the quick subset (the default benchmarking job): the first task of each category at each level, by id.
QUICK_PER_CATEGORY_LEVEL = 1


@dataclass(frozen=True)
class AuthoredTask:
    """A task folder, parsed and checked."""

    spec: TaskSpec
    folder: Path
    reference: str
    harness: str


def _field_path(loc: tuple[object, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def load_task(folder: Path) -> AuthoredTask:
    """Read one task folder; any problem is an InputError naming the file and the field."""
    for name in TASK_FILES:
        if not (folder / name).is_file():
            raise InputError(f"{folder / name}: missing (a task folder needs {', '.join(TASK_FILES)})")
    spec_path = folder / "task.yaml"
    try:
        raw = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise InputError(f"{spec_path}{where}: YAML syntax error: {getattr(err, 'problem', err)}") from err
    try:
        spec = TaskSpec.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(f"{_field_path(e['loc'])}: {e['msg']}" for e in err.errors())
        raise InputError(f"{spec_path}: {problems}") from err
    expected_id = "/".join(folder.parts[-2:])
    if spec.id != expected_id:
        raise InputError(f"{spec_path}: id: {spec.id!r} must equal the folder path {expected_id!r}")
    reference = (folder / "reference.hip").read_text(encoding="utf-8")
    harness = (folder / "harness.hip").read_text(encoding="utf-8")
    if HARNESS_INCLUDE not in harness:
        raise InputError(f"{folder / 'harness.hip'}: must {HARNESS_INCLUDE}")
    for negative in spec.negatives:
        for old, _new in negative.edits:
            if old not in reference:
                raise InputError(f"{spec_path}: negatives.{negative.name}: text not in reference.hip: {old!r}")
    return AuthoredTask(spec, folder, reference, harness)


def load_tasks(tasks_dir: Path) -> list[AuthoredTask]:
    """Every task under `tasks_dir/<category>/<slug>/`, sorted by id."""
    if not tasks_dir.is_dir():
        raise InputError(f"{tasks_dir}: no such task directory")
    folders = sorted(p.parent for p in tasks_dir.glob("*/*/task.yaml"))
    folders += sorted(p for p in tasks_dir.glob("*/*") if p.is_dir() and not (p / "task.yaml").exists())
    return sorted((load_task(folder) for folder in folders), key=lambda task: task.spec.id)


def task_problems(tasks_dir: Path) -> list[str]:
    """Every task folder's problem, one line each (an empty list when all load)."""
    if not tasks_dir.is_dir():
        return [f"{tasks_dir}: no such task directory"]
    problems = []
    folders = sorted(p for p in tasks_dir.glob("*/*") if p.is_dir())
    for folder in folders:
        try:
            load_task(folder)
        except InputError as err:
            problems.append(str(err))
    return problems


def seed_for_test(task_id: str, test_name: str) -> int:
    """A stable seed per test: inputs are deterministic and differ between tests."""
    return int.from_bytes(hashlib.sha256(f"{task_id}/{test_name}".encode()).digest()[:4], "big")


def inline_harness(harness: str) -> str:
    """The harness with the shared library pasted in, so a record is self-contained."""
    library = HARNESS_LIB.read_text(encoding="utf-8").replace("#pragma once\n", "")
    return harness.replace(HARNESS_INCLUDE, f"// ---- hipcoding_harness.h ----\n{library}// ---- end ----", 1)


def make_negative(reference: str, edits: tuple[tuple[str, str], ...]) -> str:
    """Apply a negative's edits (each must match) to the reference solution."""
    for old, new in edits:
        if old not in reference:
            raise InputError(f"negative edit does not apply: {old!r}")
        reference = reference.replace(old, new)
    return reference


def _translated(value: object, convert: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, list):
        return [_translated(item, convert) for item in value]
    if isinstance(value, dict):
        return {key: _translated(item, convert) for key, item in value.items()}
    return value


def cuda_doc(doc: DocStruct) -> DocStruct:
    """The doc parts with their API and header names in CUDA spelling (authored text is HIP)."""
    return DocStruct.model_validate(_translated(doc.model_dump(mode="json"), hip_prose_to_cuda))


def records_for(task: AuthoredTask) -> list[Record]:
    """The HIP record and its translated CUDA twin."""
    spec = task.spec
    tests: dict[str, dict[str, object]] = {
        test.name: {"kind": test.kind, "seed": seed_for_test(spec.id, test.name), **test.params} for test in spec.tests
    }
    records = []
    for language in ("hip", "cuda"):
        convert = (lambda text: text) if language == "hip" else hip_to_cuda
        doc = spec.doc if language == "hip" else cuda_doc(spec.doc)
        task_id = f"{language}/{spec.id}"
        signature = convert(spec.signature)
        question = Question(
            task_id=task_id,
            language=language,
            complete_prompt=prompts.complete_prompt(doc, signature, language, spec.tolerance, spec.modes),
            instruct_prompt=prompts.instruct_prompt(
                doc, signature, language, spec.entry_point, spec.tolerance, spec.modes
            ),
            entry_point=spec.entry_point,
            signature=signature,
        )
        answer = Answer(
            task_id=task_id,
            language=language,
            harness=convert(inline_harness(task.harness)),
            reference_solution=convert(task.reference),
            tests=tests,
            tolerance={"atol": spec.tolerance.atol, "rtol": spec.tolerance.rtol},
            modes=",".join(spec.modes),
        )
        meta = Meta(
            category=spec.category,
            tags=",".join(spec.tags),
            difficulty=spec.difficulty,
            level=spec.level,
            title=spec.title,
            source=spec.source,
            doc_struct=doc.model_dump(mode="json"),
        )
        records.append(Record(task_id=task_id, question=question, answer=answer, meta=meta))
    return records


def _jsonl(records: list[Record]) -> str:
    return "".join(json.dumps(r.model_dump(mode="json"), sort_keys=True, ensure_ascii=False) + "\n" for r in records)


def quick_subset(records: list[Record]) -> list[Record]:
    """The first HIP task of each (category, level): small enough for the default job, yet every category
    shows at every level it has, so the quick job's per-level columns are never empty where the full one's
    are not."""
    seen: Counter[tuple[str, int]] = Counter()
    chosen = []
    for record in records:
        group = (record.meta.category, record.meta.level)
        if record.question.language == "hip" and seen[group] < QUICK_PER_CATEGORY_LEVEL:
            seen[group] += 1
            chosen.append(record)
    return chosen


def release_texts(tasks: list[AuthoredTask]) -> dict[str, str]:
    """The content of every release file, keyed by its path relative to the dataset directory."""
    records = [record for task in tasks for record in records_for(task)]
    texts = {
        "test_data/data.jsonl": _jsonl(records),
        "test_data/quick.jsonl": _jsonl(quick_subset(records)),
        "train_data/data.jsonl": "",
    }
    manifest = {
        "name": "hip_coding",
        "version": __version__,
        "tasks": len(tasks),
        "records": len(records),
        "by_language": dict(sorted(Counter(r.question.language for r in records).items())),
        "by_category": dict(sorted(Counter(r.meta.category for r in records).items())),
        "by_level": {str(k): v for k, v in sorted(Counter(r.meta.level for r in records).items())},
        "files": {name: hashlib.sha256(text.encode()).hexdigest() for name, text in texts.items()},
    }
    texts["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    return texts


def build_release(dataset_dir: Path) -> dict[str, str]:
    """Write the release files of `dataset_dir` from its `tasks/` folder; returns what was written."""
    texts = release_texts(load_tasks(dataset_dir / "tasks"))
    for name, text in texts.items():
        path = dataset_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return texts


def stale_release_files(dataset_dir: Path) -> list[str]:
    """Release files that differ from what `build_release` would write now."""
    texts = release_texts(load_tasks(dataset_dir / "tasks"))
    stale = []
    for name, text in texts.items():
        path = dataset_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
