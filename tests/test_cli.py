"""The `hip-coding` command as a user meets it: clear one-line errors, exit codes, hostile programs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from perf_samples import CHUNKED_SAXPY, SAXPY

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hip_coding" / "kernels" / "saxpy.hip"


def hip_coding(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "core"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "hip_coding", *args], capture_output=True, text=True, env=full_env, timeout=timeout
    )


def assert_clean_error(done: subprocess.CompletedProcess, code: int, fragment: str) -> None:
    assert done.returncode == code, done.stderr
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr


def program(tmp_path: Path, body: str, name: str = "prog.cu") -> Path:
    path = tmp_path / name
    path.write_text("#include <cuda_runtime.h>\n#include <cstdio>\n#include <cstdlib>\n#include <unistd.h>\n" + body)
    return path


def test_doctor_lists_every_backend():
    done = hip_coding("doctor")
    assert done.returncode == 0, done.stderr
    for backend in ("cpu", "cuda", "rocm"):
        assert f"  {backend}" in done.stdout


def test_run_example_on_cpu():
    done = hip_coding("run", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert "PASS" in done.stdout


def test_missing_file_is_one_clear_line(tmp_path):
    done = hip_coding("run", str(tmp_path / "nope.cu"))
    assert_clean_error(done, 2, "nope.cu: no such file")
    assert len(done.stderr.strip().splitlines()) == 1


def test_unknown_backend_is_a_usage_error():
    done = hip_coding("run", "--backend", "tpu", str(EXAMPLE))
    assert_clean_error(done, 2, "invalid choice: 'tpu'")


def test_non_utf8_source_is_rejected_clearly(tmp_path):
    path = tmp_path / "latin1.cu"
    path.write_bytes(b"// caf\xe9\nint main() { return 0; }\n")
    assert_clean_error(hip_coding("compile", str(path), "-o", str(tmp_path / "x")), 2, "not UTF-8")


def test_compile_error_is_reported_with_the_users_line(tmp_path):
    path = program(tmp_path, "int main() {\n  int x = undefined_name;\n  return x;\n}\n")
    done = hip_coding("compile", str(path), "-o", str(tmp_path / "x"))
    assert done.returncode == 1
    assert f"{path}:6:" in done.stderr  # line 6 of the user's file, not of a rewritten copy
    assert "hip-coding: compile_error:" in done.stderr


def test_compiler_crash_is_a_compile_error(tmp_path):
    crash = tmp_path / "crashing-g++"
    crash.write_text("#!/bin/sh\nkill -SEGV $$\n")
    crash.chmod(0o755)
    path = program(tmp_path, "int main() { return 0; }\n")
    done = hip_coding("compile", str(path), "-o", str(tmp_path / "x"), env={"HIP_CODING_CXX": str(crash)})
    assert_clean_error(done, 1, "hip-coding: compile_error")


def test_endless_program_times_out(tmp_path):
    path = program(tmp_path, "int main() { volatile int x = 0; while (true) { x = x + 1; } }\n")
    done = hip_coding("run", "--timeout", "2", str(path))
    assert_clean_error(done, 1, "hip-coding: timeout")


def test_fork_bomb_is_stopped(tmp_path):
    path = program(tmp_path, "int main() { while (true) fork(); }\n")
    done = hip_coding("run", "--timeout", "3", "--json", str(path))
    assert json.loads(done.stdout)["status"] in ("timeout", "runtime_error")


def test_100_gb_allocation_fails_cleanly(tmp_path):
    path = program(
        tmp_path,
        "int main() {\n  float* p = nullptr;\n  cudaError_t e = cudaMalloc(&p, 100ull << 30);\n"
        '  std::printf("%s\\n", cudaGetErrorName(e));\n  return e == cudaSuccess ? 0 : 3;\n}\n',
    )
    done = hip_coding("run", "--json", str(path))
    result = json.loads(done.stdout)
    assert result["status"] == "runtime_error" and result["exit_code"] == 3
    assert "cudaErrorMemoryAllocation" in result["stdout"]


@pytest.mark.vendor
@pytest.mark.skipif(not (os.path.exists("/usr/bin/hipcc")), reason="hipcc not installed")
def test_rocm_run_without_gpu_reports_no_device(tmp_path):
    done = hip_coding("run", "--backend", "rocm", "--json", str(EXAMPLE))
    assert json.loads(done.stdout)["status"] == "no_device"


@pytest.mark.slow
def test_evaluate_perf_estimates_the_reference_even_and_a_chunked_kernel_slower(tmp_path):
    from hip_coding.tasks.release import default_dataset_dir, load_records

    reference = next(r for r in load_records(default_dataset_dir()) if r.task_id == SAXPY).answer.reference_solution
    samples = tmp_path / "samples.jsonl"
    rows = [{"task_id": SAXPY, "sample_id": "ref", "solution": reference + "\n// a copy\n"},
            {"task_id": SAXPY, "sample_id": "slow", "solution": CHUNKED_SAXPY}]  # fmt: skip
    samples.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "results.jsonl"
    done = hip_coding(
        "evaluate", "--samples", str(samples), "--out", str(out), "--perf", "--perf-device", "a100-sxm", timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = {r["sample_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert {k: r["status"] for k, r in results.items()} == {"ref": "passed", "slow": "passed"}
    for result in results.values():
        perf = result["perf"]
        assert (perf["backend"], perf["kind"], perf["device"], perf["suspicious"]) == (
            "cpu",
            "estimated",
            "a100-sxm",
            False,
        )
        assert perf["speedup"] == pytest.approx(perf["ref_ms"] / perf["ms"], rel=1e-3)
    ref, slow = results["ref"]["perf"], results["slow"]["perf"]
    assert ref["speedup"] == pytest.approx(1.0, abs=0.02)  # the same kernel as the reference, a comment apart
    assert slow["speedup"] < 0.5, slow  # 8x the sectors of the reference
    assert slow["profile"]["sectors_per_request"] > 4 * ref["profile"]["sectors_per_request"]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["fast_0"] == 1.0 and summary["fast_1"] == 0.0 and summary["fast_2"] == 0.0
    assert summary["speedup_geomean"] == pytest.approx((ref["speedup"] * slow["speedup"]) ** 0.5, rel=1e-3)
    assert summary["perf"]["kinds"] == ["estimated"] and summary["perf"]["devices"] == ["a100-sxm"]


def test_evaluate_perf_with_an_unknown_device_fails_before_evaluating(tmp_path):
    samples = tmp_path / "samples.jsonl"
    samples.write_text(json.dumps({"task_id": SAXPY, "solution": "int x;"}) + "\n")
    done = hip_coding("evaluate", "--samples", str(samples), "--out", str(tmp_path / "r.jsonl"), "--perf",
                      "--perf-device", "H100")  # fmt: skip
    assert_clean_error(done, 2, "unknown perf device 'H100'")
    assert not (tmp_path / "r.jsonl").exists()
