"""The evaluation settings of an Ianvs job: backend, workers, timeouts and k, read from the testenv.

Ianvs hands metric functions only `(y_true, y_pred)` and never forwards custom testenv keys to them
(docs/ianvs.md §2, §5), so the metrics find the testenv themselves: the file named by
$HIP_CODING_TESTENV, else the `testenv:` of the job given to `ianvs -f` / `hip-coding bench -f`, else
testenv/testenv.yaml in the current directory. Settings live under the testenv's `hip_coding:` key.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hip_coding.errors import InputError
from hip_coding.evaluation.config import EvalConfig
from hip_coding.ianvs.algorithm import load_yaml_mapping
from hip_coding.perf.annotate import PerfConfig
from hip_coding.perf.devices import DEFAULT_DEVICE

TESTENV_ENV = "HIP_CODING_TESTENV"
DEFAULT_TESTENV = Path("testenv") / "testenv.yaml"


class EvalSettings(BaseModel):
    """The `hip_coding:` block of a testenv yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: str = Field(default="cpu", description="cpu, cuda or rocm")
    workers: int = Field(default=2, ge=1)
    timeout_scale: float = Field(default=1.0, gt=0)
    k: int = Field(default=5, ge=1, description="the k of the pass_at_k metric")
    mode: str | None = Field(default=None, description="force one checking mode instead of each task's own")
    compile_check: str = Field(default="", description="comma-separated vendor compilers, e.g. nvcc,hipcc")
    executor: Literal["local", "ray"] = Field(default="local", description="local threads or a Ray cluster")
    ray_address: str | None = Field(default=None, description="the Ray cluster (default: RAY_ADDRESS, else local)")
    perf: bool = Field(default=False, description="time passed samples, as `evaluate --perf` (docs/perf.md)")
    perf_device: str = Field(default=DEFAULT_DEVICE, description="device model of the estimated kind (devices.yaml)")

    def eval_config(self) -> EvalConfig:
        """The evaluation configuration these settings describe (an InputError names a bad value)."""
        return EvalConfig.from_options(
            backend=self.backend, mode=self.mode, compile_check=self.compile_check, timeout_scale=self.timeout_scale
        )

    def perf_config(self) -> PerfConfig | None:
        """How passed samples are timed (`evaluate --perf --perf-device`), None when `perf` is off."""
        return PerfConfig(self.backend, self.perf_device) if self.perf else None


def _job_file_from_argv(argv: list[str]) -> Path | None:
    for flag in ("-f", "--benchmarking_config_file"):
        if flag in argv[:-1]:
            return Path(argv[argv.index(flag) + 1])
    return None


def testenv_path(argv: list[str] | None = None) -> Path:
    """Where this process's testenv yaml is (see the module docstring for the order)."""
    if os.environ.get(TESTENV_ENV):
        return Path(os.environ[TESTENV_ENV])
    job = _job_file_from_argv(list(sys.argv if argv is None else argv))
    if job is not None and job.is_file():
        body = load_yaml_mapping(job, "benchmarking job").get("benchmarkingjob") or {}
        if isinstance(body, dict) and isinstance(body.get("testenv"), str):
            return Path(body["testenv"])
    return DEFAULT_TESTENV


def load_settings(path: Path) -> EvalSettings:
    """The `hip_coding:` block of a testenv file (defaults when the file has none), checked as an EvalConfig."""
    data = load_yaml_mapping(path, "testenv file")
    block = (data.get("testenv") or {}).get("hip_coding") or {}
    try:
        settings = EvalSettings.model_validate(block)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors())
        raise InputError(f"{path}: testenv.hip_coding: {problems}") from None
    try:
        settings.eval_config()
        settings.perf_config()
    except InputError as err:
        raise InputError(f"{path}: testenv.hip_coding: {err}") from None
    return settings
