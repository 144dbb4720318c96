"""The `ray` executor on a real Ray cluster on loopback: a head and a second node (tests/ray_cluster.py).

Statuses through Ray equal a local run's, under one progress bar that shows the nodes alive; a worker
killed mid-sample still leaves exactly one result per sample; a sample that kills every worker ends as
`runtime_error` with the reason; a killed driver resumes with the rest only; a node whose runtime differs
from the driver's is refused before any sample goes there.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hip_coding.errors import InputError, ToolchainError
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.evaluate import evaluate
from hip_coding.evaluation.executors import LocalExecutor
from hip_coding.tasks.release import load_records

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'ray>=2.40')")

from ray_cluster import LocalCluster  # noqa: E402 - after the skip

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "datasets" / "hip_coding" / "test_data" / "data.jsonl"
TASKS = ("hip/elementwise/saxpy", "cuda/elementwise/saxpy")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(nodes=2, cpus_per_node=1, pythonpath=ROOT / "core") as running:
        yield running


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dataset") / "data.jsonl"
    lines = [line for line in RELEASE.read_text().splitlines() if json.loads(line)["task_id"] in TASKS]
    path.write_text("\n".join(lines) + "\n")
    return path


def samples_of(dataset: Path) -> list[dict[str, str]]:
    """References, wrong answers, a compile error and a rule broken, for both languages."""
    rows = []
    for record in load_records(dataset):
        ref = record.answer.reference_solution
        task = record.task_id
        rows += [
            {"task_id": task, "sample_id": "reference", "solution": ref},
            {"task_id": task, "sample_id": "half", "solution": ref.replace("if (i < n)", "if (i < n / 2)")},
            {"task_id": task, "sample_id": "syntax", "solution": ref.replace("int i =", "int i = = ")},
            {"task_id": task, "sample_id": "main", "solution": ref + "\nint main() { return 0; }\n"},
        ]
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def statuses(results_path: Path) -> dict[tuple[str, str], str]:
    lines = [json.loads(line) for line in results_path.read_text().splitlines()]
    keys = [(r["task_id"], r["sample_id"]) for r in lines]
    assert len(keys) == len(set(keys)), f"duplicated results: {sorted(keys)}"
    return {(r["task_id"], r["sample_id"]): r["status"] for r in lines}


class Terminal(io.StringIO):
    """Stands for the user's terminal: the progress bar draws itself only on a TTY."""

    def isatty(self) -> bool:
        return True


def test_ray_gives_the_statuses_of_a_local_run(cluster, dataset, tmp_path, monkeypatch):
    samples = write(tmp_path / "samples.jsonl", samples_of(dataset))
    config = EvalConfig()
    local = evaluate(dataset, samples, tmp_path / "local.jsonl", config, use_cache=False, progress=False)
    from hip_coding.evaluation.ray_executor import RayExecutor

    executor = RayExecutor(cluster.address)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    try:
        assert len(executor.reports) == 2  # both nodes were checked before any sample went there
        remote = evaluate(
            dataset, samples, tmp_path / "ray.jsonl", config, use_cache=False, progress=True, executor=executor
        )
    finally:
        executor.close()
        monkeypatch.undo()
    # One bar for the whole run: done / total, samples per minute and the nodes alive.
    final = terminal.getvalue().split("\r")[-1]
    assert re.search(rf"\b{len(remote.results)}/{len(remote.results)} .*samples/min, nodes 2\b", final), final
    assert [r.status for r in remote.results] == [r.status for r in local.results]
    assert statuses(tmp_path / "ray.jsonl") == statuses(tmp_path / "local.jsonl")
    assert {s for s in statuses(tmp_path / "ray.jsonl").values()} == {"passed", "failed", "compile_error", "rejected"}
    assert remote.summary.to_dict() == local.summary.to_dict()


def _kill_workers(cluster: LocalCluster, stop: threading.Event, killed: list[int], every: bool) -> None:
    """SIGKILL Ray worker processes while they judge a sample: the first one seen, or every one."""
    while not stop.is_set():
        for pid in cluster.worker_pids("judge_job"):
            try:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            except ProcessLookupError:
                pass
            if not every:
                return
        time.sleep(0.05)


def _evaluate_while_killing(cluster, dataset, samples, out, every: bool, max_retries: int = 2):
    from hip_coding.evaluation.ray_executor import RayExecutor

    executor = RayExecutor(cluster.address, max_retries=max_retries)
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_workers, args=(cluster, stop, killed, every), daemon=True)
    killer.start()
    try:
        done = evaluate(dataset, samples, out, EvalConfig(), use_cache=False, progress=False, executor=executor)
    finally:
        stop.set()
        killer.join(timeout=10)
        executor.close()
    return done, killed


def test_a_worker_killed_mid_sample_is_retried_and_nothing_is_duplicated(cluster, dataset, tmp_path):
    rows = [r for r in samples_of(dataset) if r["sample_id"] in ("half", "syntax")]
    samples = write(tmp_path / "samples.jsonl", rows)
    done, killed = _evaluate_while_killing(cluster, dataset, samples, tmp_path / "ray.jsonl", every=False)
    assert len(killed) == 1, "the test must have killed a worker while it judged a sample"
    got = statuses(tmp_path / "ray.jsonl")
    assert len(got) == len(rows)
    assert {k[1]: v for k, v in got.items()} == {"half": "failed", "syntax": "compile_error"}
    assert len(done.results) == len(rows)


def test_a_sample_that_keeps_killing_workers_ends_as_runtime_error(cluster, dataset, tmp_path):
    rows = [r for r in samples_of(dataset) if r["sample_id"] == "half"][:1]
    samples = write(tmp_path / "samples.jsonl", rows)
    done, killed = _evaluate_while_killing(cluster, dataset, samples, tmp_path / "ray.jsonl", every=True, max_retries=1)
    assert len(killed) >= 2  # the first try and its one retry
    (result,) = done.results
    assert result.status.value == "runtime_error"
    assert "given up after 2 tries" in result.messages


def test_a_killed_driver_resumes_with_the_rest_only(cluster, dataset, tmp_path):
    rows = samples_of(dataset)
    samples = write(tmp_path / "samples.jsonl", rows)
    out = tmp_path / "ray.jsonl"
    argv = [
        sys.executable, "-m", "hip_coding", "evaluate", "--dataset", str(dataset), "--samples", str(samples),
        "--out", str(out), "--executor", "ray", "--ray-address", cluster.address, "--no-cache",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "core")}
    driver = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and driver.poll() is None:
        if out.exists() and out.read_text().count("\n") >= 2:
            break
        time.sleep(0.2)
    assert driver.poll() is None, "the driver finished before it could be killed"
    os.killpg(driver.pid, signal.SIGKILL)
    driver.wait()
    first = out.read_text().count("\n")
    assert 2 <= first < len(rows)
    again = subprocess.run([*argv[:3], "--debug", *argv[3:]], env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"{first} of {len(rows)} samples already judged" in again.stderr
    got = statuses(out)
    assert len(got) == len(rows)
    assert got[("hip/elementwise/saxpy", "reference")] == "passed"


def test_a_node_with_another_runtime_is_refused(tmp_path):
    """A node whose runtime headers differ would judge differently: refused before any sample goes there."""
    other = tmp_path / "core"
    shutil.copytree(ROOT / "core", other, ignore=shutil.ignore_patterns("__pycache__"))
    header = other / "hip_coding" / "execution" / "runtime" / "include" / "cpurt" / "cpurt.h"
    header.write_text(header.read_text() + "\n// another version of the runtime\n")
    from hip_coding.evaluation.ray_executor import RayExecutor

    if ray.is_initialized():
        ray.shutdown()
    refused = pytest.raises(ToolchainError, match=r"(?s)refusing the Ray cluster.*runtime \w+.*but the driver has")
    with LocalCluster(nodes=1, cpus_per_node=1, pythonpath=other) as odd, refused:
        RayExecutor(odd.address)


def test_local_executor_reports_its_workers():
    executor = LocalExecutor(3)
    try:
        assert executor.status() == "local x3"
    finally:
        executor.close()


def test_a_cluster_that_wants_a_token_is_named_with_the_remedy(monkeypatch):
    """A head started where ~/.ray/auth_token exists turns token authentication on by itself: a driver without
    the token gets a message that says what to set, not Ray's RPC error alone."""
    from hip_coding.evaluation.ray_executor import RayExecutor

    if not hasattr(ray.exceptions, "AuthenticationError"):
        pytest.skip("this Ray has no token authentication")
    if ray.is_initialized():
        ray.shutdown()
    for name in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH"):
        monkeypatch.delenv(name, raising=False)
    token = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": "a0" * 16}
    refused = pytest.raises(InputError, match=r"wants its authentication token: set RAY_AUTH_MODE=token")
    with LocalCluster(nodes=1, cpus_per_node=1, pythonpath=ROOT / "core", env=token) as locked, refused:
        RayExecutor(locked.address)
