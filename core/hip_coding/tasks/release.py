"""Read release records (`--dataset` takes a release JSONL file or a dataset directory)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from hip_coding import jsonl
from hip_coding.errors import InputError
from hip_coding.tasks.schema import Record

DEFAULT_RELEASE = Path("test_data") / "data.jsonl"


def default_dataset_dir() -> Path:
    """`datasets/hip_coding` under the current directory, else the one beside the installed sources."""
    here = Path("datasets") / "hip_coding"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[3] / "datasets" / "hip_coding"


def release_file(dataset: Path) -> Path:
    """The JSONL file behind a `--dataset` argument."""
    if dataset.is_dir():
        dataset = dataset / DEFAULT_RELEASE
    if not dataset.is_file():
        raise InputError(f"{dataset}: no such release file (run `hip-coding dataset build`?)")
    return dataset


def _problems(err: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(record)'}: {e['msg']}" for e in err.errors())


def load_records(dataset: Path) -> list[Record]:
    """Every record of a release, validated; errors name the file, the line and the field."""
    path = release_file(dataset)
    records, seen = [], set()
    for number, data in jsonl.read_numbered(path, blank_lines="error"):
        try:
            record = Record.model_validate(data)
        except ValidationError as err:
            raise InputError(f"{path}:{number}: {_problems(err)}") from err
        if record.task_id in seen:
            raise InputError(f"{path}:{number}: task_id: duplicate {record.task_id!r}")
        seen.add(record.task_id)
        records.append(record)
    return records
