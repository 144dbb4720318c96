"""A job rerun after a crash continues each case's samples from the earlier run of the same case (Ianvs
gives every run a fresh case directory), and never the samples of a case with other settings (docs/ianvs.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from model_fixtures import release_records

from hip_coding.ianvs.basemodel import HipCodingBaseModel


class Reference(HipCodingBaseModel):
    backend = "reference"


def run_case(root: Path, case: str, monkeypatch: pytest.MonkeyPatch, questions: list, **hps) -> Path:
    """predict() in the case directory Ianvs would give run `case` of algorithm `ref` in job `job`."""
    out = root / "ws" / "job" / "ref" / case / "output" / "inference"
    monkeypatch.setenv("RESULT_SAVED_URL", f"{out}/")
    Reference(label="ref", **hps).predict(questions)
    return out / "samples.jsonl"


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_rerun_continues_the_earlier_run_of_the_same_case_only(tmp_path, monkeypatch, caplog):
    questions = [r["question"] for r in release_records()[:3]]
    first = run_case(tmp_path, "a", monkeypatch, questions, n_samples=1)
    done = rows(first)
    assert len(done) == 3
    done[0]["raw"] = "kept from the first run"
    first.write_text("".join(json.dumps(r) + "\n" for r in done[:2]))  # the node died after two samples

    second = run_case(tmp_path, "b", monkeypatch, questions, n_samples=1)
    again = rows(second)
    assert [r["task_id"] for r in again] == [q["task_id"] for q in questions]
    assert again[0]["raw"] == "kept from the first run" and again[2]["raw"] != "kept from the first run"
    assert "continues the samples of an earlier run" in caplog.text

    other = run_case(tmp_path, "c", monkeypatch, questions, n_samples=2)  # other settings: a run of its own
    assert len(rows(other)) == 6
    assert all(r["raw"] != "kept from the first run" for r in rows(other))


def test_outside_an_ianvs_case_directory_nothing_is_continued(tmp_path, monkeypatch):
    questions = [r["question"] for r in release_records()[:1]]
    out = tmp_path / "plain"
    monkeypatch.setenv("RESULT_SAVED_URL", f"{out}/")
    Reference(label="ref").predict(questions)
    sibling = tmp_path / "other"
    monkeypatch.setenv("RESULT_SAVED_URL", f"{sibling}/")
    Reference(label="ref").predict(questions)
    assert rows(sibling / "samples.jsonl")[0]["task_id"] == questions[0]["task_id"]
