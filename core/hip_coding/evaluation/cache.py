"""The verdict cache: a sample's result by content address (task, solution, toolchain, settings)."""

from __future__ import annotations

import json
from pathlib import Path

from hip_coding.evaluation.build import EVALUATOR_VERSION, digest
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.results import SampleResult
from hip_coding.execution.backends import get_backend
from hip_coding.execution.options import BuildOptions
from hip_coding.execution.runtime_cache import cache_root
from hip_coding.jsonl import write_atomically
from hip_coding.tasks.schema import Record


def result_cache_key(record: Record, solution: str, config: EvalConfig) -> str:
    """Content address of a verdict: the task's hidden parts, the solution, the toolchain, the settings."""
    backend = get_backend(config.backend)
    toolchains = [backend.toolchain_id(BuildOptions(backend=config.backend, mode=m)) for m in config.modes_for(record)]
    answer = json.dumps(record.answer.model_dump(mode="json"), sort_keys=True)
    settings: dict[str, object] = {
        "checks": sorted(config.compile_check),
        "scale": config.timeout_scale,
        "tools": toolchains,
        "repeat": config.repeat,
    }
    if config.timeout_seconds is not None:  # only when set: keys of the derived-timeout default stay as they were
        settings["timeout"] = config.timeout_seconds
    return digest("result", EVALUATOR_VERSION, answer, solution, json.dumps(settings, sort_keys=True))


class ResultCache:
    """Verdicts by content address, one small JSON file each (atomic writes, safe across processes)."""

    def __init__(self, root: Path | None = None, enabled: bool = True) -> None:
        self.root = root or cache_root() / "results"
        self.enabled = enabled

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> SampleResult | None:
        if not self.enabled:
            return None
        try:
            return SampleResult.from_dict(json.loads(self._path(key).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, result: SampleResult) -> None:
        if not self.enabled:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(result.to_dict()))
