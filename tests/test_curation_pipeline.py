"""The whole curation pipeline on the three fixture repositories, with real compiles and runs on the cpu backend.

Done-when of issue 6: >= 70% of the simple (pointer + scalar) fixture kernels become tasks that pass their own
reference evaluation, every archived task passes `dataset validate`, and a wrong kernel fails the generated tests.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from hip_coding.cli import main
from hip_coding.curation import review
from hip_coding.curation.funnel import read_jsonl
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.judge import evaluate_solution
from hip_coding.execution.status import Status
from hip_coding.tasks.release import load_records

FIXTURES = Path(__file__).parent / "curation_fixtures"
REPO_ROOT = Path(__file__).parent.parent
REPOS = ("hip_repo", "cuda_repo", "mixed_repo")

pytestmark = pytest.mark.slow


def _as_git_url(tmp: Path) -> str:
    """The mixed fixture as a git repository behind a file:// URL (cloning needs no network)."""
    source = tmp / "mixed_repo"
    shutil.copytree(FIXTURES / "mixed_repo", source)
    git = ["git", "-C", str(source), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(source)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "fixture"], check=True)
    return f"file://{source}"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("curation")
    outs = {}
    for repo in REPOS:
        source = _as_git_url(tmp) if repo == "mixed_repo" else str(FIXTURES / repo)
        outs[repo] = tmp / f"out_{repo}"
        assert main(["curate", "run", "--repo", source, "--out", str(outs[repo])]) == 0
    return outs


def test_most_simple_kernels_become_passing_tasks(runs: dict[str, Path]) -> None:
    simple_total, became = 0, 0
    for repo, out in runs.items():
        simple = set(json.loads((FIXTURES / "expected" / f"{repo}.json").read_text())["simple"])
        simple_total += len(simple)
        passed = {item["id"].split(":")[1] for item in read_jsonl(out / "testgen.jsonl") if item["status"] == "passed"}
        became += len(passed & simple)
        archived = {item["id"].split(":")[1] for item in read_jsonl(out / "archive.jsonl")}
        assert archived == passed
    assert became / simple_total >= 0.7, f"{became} of {simple_total} simple kernels became tasks"


@pytest.mark.parametrize("repo", REPOS)
def test_every_archived_task_passes_dataset_validate(runs: dict[str, Path], repo: str, capsys) -> None:
    dataset = runs[repo] / "dataset"
    assert main(["dataset", "validate", "--dir", str(dataset)]) == 0, capsys.readouterr().out
    records = load_records(dataset)
    assert records and {r.question.language for r in records} == {"hip", "cuda"}
    for record in records:
        source = record.meta.source
        assert isinstance(source, dict) and source["project"] == repo and source["source_date"]
        assert source["license"] in ("MIT", "Apache-2.0", "BSD-3-Clause")
        assert record.question.complete_prompt and record.question.instruct_prompt
    if repo == "mixed_repo":
        assert all(len(r.meta.source["commit"]) == 40 for r in records)  # type: ignore[index]


def test_flat_export_has_the_original_fields(runs: dict[str, Path]) -> None:
    flat = read_jsonl(runs["cuda_repo"] / "flat.jsonl")
    fields = {"task_id", "source_project", "original_file_path", "kernel_signature", "natural_language_prompt",
              "full_testable_code", "tags"}  # fmt: skip
    assert flat and all(set(item) == fields for item in flat)
    vec_add = next(item for item in flat if item["task_id"] == "hip/elementwise/cuda_repo_vec_add")
    assert vec_add["kernel_signature"] == "__global__ void vec_add(const float* a, const float* b, float* c, int n)"
    assert vec_add["original_file_path"] == "kernels/elementwise.cu" and "curated" in vec_add["tags"]


def test_the_cuda_twin_passes_and_a_wrong_kernel_fails(runs: dict[str, Path]) -> None:
    records = {r.task_id: r for r in load_records(runs["cuda_repo"] / "dataset")}
    cuda = records["cuda/reduction/cuda_repo_warp_reduce_kernel"]
    assert evaluate_solution(cuda, cuda.answer.reference_solution, "ref", EvalConfig()).status is Status.PASSED
    hip = records["hip/transpose/cuda_repo_transpose_tiled"]
    wrong = hip.answer.reference_solution.replace("tile[threadIdx.x][threadIdx.y]", "tile[threadIdx.y][threadIdx.x]")
    assert wrong != hip.answer.reference_solution
    assert evaluate_solution(hip, wrong, "wrong", EvalConfig()).status is Status.FAILED


def test_stages_resume_without_redoing_work(runs: dict[str, Path], capsys) -> None:
    out = runs["hip_repo"]
    before = (out / "testgen.jsonl").read_text()
    assert main(["curate", "testgen", "--out", str(out)]) == 0
    assert (out / "testgen.jsonl").read_text() == before
    printed = capsys.readouterr().out
    assert "testgen: in 8, out 8, dropped 0" in printed  # fill_kernel<float> too: its launch names the type
    assert sorted(p.name for p in (out / "stats").glob("*.png")) == [
        "categories.png",
        "features.png",
        "funnel.png",
        "lengths.png",
    ]


def test_review_decisions_shape_the_archive(runs: dict[str, Path], tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    shutil.copytree(runs["cuda_repo"], out)
    answers = io.StringIO("a\ne\nClamp every element of x to [lo, hi].\nr\nnot interesting\nq\n")
    review.run_review(out, "lead", answers, lambda text: None)
    assert main(["curate", "archive", "--out", str(out), "--require-review"]) == 0
    assert main(["dataset", "validate", "--dir", str(out / "dataset")]) == 0, capsys.readouterr().out
    records = {r.task_id: r for r in load_records(out / "dataset")}
    assert sorted(records) == [
        "cuda/elementwise/cuda_repo_clamp_kernel",
        "cuda/elementwise/cuda_repo_vec_add",
        "hip/elementwise/cuda_repo_clamp_kernel",
        "hip/elementwise/cuda_repo_vec_add",
    ]
    clamp = records["hip/elementwise/cuda_repo_clamp_kernel"]
    assert "Clamp every element of x to [lo, hi]." in clamp.question.instruct_prompt


def test_archive_into_a_dataset_puts_curated_tasks_in_its_release(
    runs: dict[str, Path], tmp_path: Path, capsys
) -> None:
    """Into a temporary copy of the project's dataset (never the real folder): `dataset build` takes them in."""
    dataset = tmp_path / "hip_coding"
    shutil.copytree(REPO_ROOT / "datasets" / "hip_coding" / "tasks", dataset / "tasks")
    before = {r.task_id for r in _build(dataset)}
    out = runs["cuda_repo"]
    assert main(["curate", "archive", "--out", str(out), "--into", str(dataset / "tasks")]) == 0
    added = {r.task_id: r for r in _build(dataset) if r.task_id not in before}
    archived = {item["task_id"] for item in read_jsonl(out / "archive.jsonl")}
    assert {t.split("/", 1)[1] for t in added} == archived and len(added) == 2 * len(archived)
    for record in added.values():
        assert record.meta.source["project"] == "cuda_repo" and record.meta.source["license"] == "Apache-2.0"
        assert record.meta.source["source_date"]
    assert main(["dataset", "validate", "--dir", str(dataset)]) == 0, capsys.readouterr().out


def _build(dataset: Path) -> list:
    assert main(["dataset", "build", "--dir", str(dataset)]) == 0
    return load_records(dataset)
