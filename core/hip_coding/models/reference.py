"""The `reference` backend: answers each task with its reference solution (the dataset's self-check).

It needs the hidden answers, which questions never carry, so it reads them from a release: `model` names
a release file or dataset directory, and is empty for the bundled dataset.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hip_coding.models.base import Backend, Completion, Prompt, failed
from hip_coding.models.config import ModelConfig
from hip_coding.tasks.release import default_dataset_dir, load_records


class ReferenceBackend(Backend):
    name = "reference"

    def __init__(self, config: ModelConfig) -> None:
        super().__init__(config)
        dataset = Path(config.model) if config.model else default_dataset_dir()
        self.solutions = {r.task_id: r.answer.reference_solution for r in load_records(dataset)}

    @property
    def chunk_size(self) -> int:
        return 64

    def generate(self, prompts: Sequence[Prompt], n: int) -> list[list[Completion]]:
        replies = []
        for prompt in prompts:
            solution = self.solutions.get(prompt.task_id)
            if solution is None:
                replies.append([failed(f"no reference solution for {prompt.task_id} in the release")] * n)
            else:
                replies.append([Completion(f"```cpp\n{solution}```\n", chat=True)] * n)
        return replies
