"""The measured protocol (harness timing section + perf.measured) runs whole on `cpu`, labelled measured-cpu,
and the harness that carries it compiles with nvcc and hipcc (docs/perf.md)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from hip_coding.perf import measure
from hip_coding.perf.measured import parse_trials
from hip_coding.tasks.build import load_task, records_for
from hip_coding.tasks.schema import Record

SAXPY = Path(__file__).resolve().parents[1] / "datasets" / "hip_coding" / "tasks" / "elementwise" / "saxpy"


def _record(language: str) -> Record:
    record = next(r for r in records_for(load_task(SAXPY)) if r.answer.language == language)
    tests = {name: dict(spec) for name, spec in record.answer.tests.items()}
    tests["large"]["n"] = 200_000  # small enough for CI; the protocol is what is checked
    answer = record.answer.model_copy(update={"tests": tests})
    return record.model_copy(update={"answer": answer})


def test_the_protocol_runs_on_cpu_as_measured_cpu() -> None:
    record = _record("hip")
    perf = measure(record, record.answer.reference_solution, "cpu", trials=3, warmup=1)
    record_dict = perf.to_dict()
    assert record_dict["kind"] == "measured-cpu" and record_dict["backend"] == "cpu"
    assert perf.ms > 0 and perf.ref_ms > 0 and perf.spread >= 0
    assert record_dict["suspicious"] is (perf.speedup > 10)


def test_trials_are_read_from_this_runs_nonce_only() -> None:
    stdout = (
        'HIPCODING other {"perf_test": "large", "ms": [0.001]}\n'
        'HIPCODING mine {"test": "large", "ok": true}\n'
        'HIPCODING mine {"perf_test": "large", "trials": 3, "ms": [1.5, 1.25, 2.0]}\n'
    )
    assert parse_trials(stdout, "mine") == [1.5, 1.25, 2.0]
    assert parse_trials(stdout, "absent") == []


@pytest.mark.parametrize(("language", "compiler", "flags"), [("cuda", "nvcc", []), ("hip", "hipcc", [])])
def test_the_timing_harness_compiles_with_the_vendor_compiler(
    tmp_path: Path, language: str, compiler: str, flags: list[str]
) -> None:
    tool = shutil.which(compiler)
    if tool is None:
        pytest.skip(f"{compiler} is not installed")
    record = _record(language)
    source = tmp_path / ("harness.cu" if language == "cuda" else "harness.hip")
    source.write_text(record.answer.harness, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin:/usr/local/bin:/usr/local/cuda/bin:/opt/rocm/bin", "HIP_PLATFORM": "amd"}
    done = subprocess.run(
        [tool, "-std=c++17", *flags, "-c", str(source), "-o", str(tmp_path / "harness.o")],
        capture_output=True, text=True, timeout=600, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "hc_perf_trials" in record.answer.harness
