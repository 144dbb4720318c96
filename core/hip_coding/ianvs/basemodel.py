"""The Ianvs basemodel behind every testalgorithms/ file: generate kernels for the test questions.

Ianvs creates one instance per test case with the algorithm's hyperparameters as keyword arguments and
calls preprocess -> train -> save -> load -> predict (docs/ianvs.md §5). `train` keeps the
train file's records as few-shot examples; `predict` generates `n_samples` solutions per question and
returns, per question, `{"task_id", "question", "samples": [...]}` for the metrics. A failed generation
never raises: it is an empty sample with its error, and a model that cannot even load still yields one
empty sample per task, so the job completes and ranks it last. A job rerun after a crash continues the samples
of the earlier run of the same case (same label, backend, model and hyperparameters), and the verdict cache
makes their evaluation nearly free: a dead node costs only the unfinished work.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any, ClassVar

from hip_coding.ianvs.case_files import ERROR_FILE, SAMPLES_FILE, continue_earlier_run, output_dir, update_run
from hip_coding.models import ModelConfig, generate_samples

log = logging.getLogger(__name__)


class HipCodingBaseModel:
    """Subclasses set `backend` and register themselves under a unique ClassFactory alias."""

    backend: ClassVar[str] = ""

    def __init__(self, **hyperparameters: Any) -> None:
        settings = dict(hyperparameters)
        self.label = str(settings.pop("label", "") or "")
        settings.setdefault("backend", self.backend)
        # A misconfigured algorithm stops the job at once, with the field named, before any work is done.
        self.config = ModelConfig.from_settings(settings, where=f"basemodel {type(self).__name__} hyperparameters")
        self.label = self.label or f"{self.config.backend}:{self.config.model or 'default'}"
        self.hyperparameters = hyperparameters
        self.train_records: list[dict[str, Any]] = []

    def preprocess(self, *args: Any, **kwargs: Any) -> None:
        """Required by Ianvs; returns None (a non-None result makes Ianvs call it twice)."""
        return None

    def train(self, train_data: Any = None, *args: Any, **kwargs: Any) -> None:
        """No training: keep the train file's (question, answer) pairs as few-shot examples."""
        if train_data is None:
            return
        self.train_records = [
            {"question": dict(q), "answer": dict(a)}
            for q, a in zip(getattr(train_data, "x", ()), getattr(train_data, "y", ()), strict=False)
            if isinstance(q, dict) and isinstance(a, dict)
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        return None

    def load(self, *args: Any, **kwargs: Any) -> None:
        return None

    def evaluate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {}

    def predict(self, data: Any, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        questions = [dict(q) for q in data]
        out = output_dir()
        identity = {
            "label": self.label,
            "backend": self.config.backend,
            "model": self.config.model,
            "hyperparameters": json.loads(json.dumps(self.hyperparameters, default=str)),
        }
        source = continue_earlier_run(out, identity)
        if source is not None:
            log.warning("hip-coding: %s continues the samples of an earlier run of this case in %s", self.label, source)
        update_run(out, **identity)
        try:
            samples = generate_samples(questions, self.config, train_records=self.train_records, out=out / SAMPLES_FILE)
        except Exception as err:  # the model could not run at all: every task gets one empty sample
            log.error("hip-coding: %s could not generate: %s", self.label, err)
            (out / ERROR_FILE).write_text(f"generation failed: {type(err).__name__}: {err}\n", encoding="utf-8")
            samples = [
                {"task_id": q["task_id"], "sample_id": "0", "solution": "", "error": str(err)} for q in questions
            ]
        by_task: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for sample in samples:
            by_task[sample["task_id"]].append(sample)
        return [{"task_id": q["task_id"], "question": q, "samples": by_task.get(q["task_id"], [])} for q in questions]
