"""Generate samples for release questions: prompts -> backend -> extracted code -> one durable line each.

The output is exactly the samples format `hip-coding evaluate` reads (`task_id`, `sample_id`,
`solution`) plus the facts a leaderboard needs to be reproducible: raw reply, model, backend, sampling
parameters, seed, batch size, time and token counts. A failed generation is a sample with an empty
solution and `error` set; the run always completes. With `out`, each sample is appended, flushed and
fsync'ed as soon as it exists, and a rerun skips the tasks already finished (a torn last line from a
crash is cut off and redone), like the evaluator's results file.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from hip_coding import jsonl
from hip_coding.errors import HipCodingError, InputError
from hip_coding.models.base import Backend, Completion, Prompt, create_backend, failed
from hip_coding.models.config import ModelConfig
from hip_coding.models.extract import extract_code, extract_continuation
from hip_coding.models.prompting import build_prompt

log = logging.getLogger(__name__)

QUESTION_FIELDS = ("task_id", "language", "complete_prompt", "instruct_prompt", "entry_point", "signature")
#: Fields that must match for a resumed file to continue the same run.
_RUN_FIELDS = ("model", "backend", "params", "seed")


class SamplesFile:
    """A JSONL samples file: read back for resumption, appended one durable line at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Samples already written; a torn last line (a crash mid-write) is cut off so it is redone."""
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for number, sample in jsonl.read_repairing(self.path):
            if "task_id" not in sample or "sample_id" not in sample:
                raise InputError(f"{self.path}:{number}: not a samples line (no task_id or sample_id); use a new --out")
            found[(str(sample["task_id"]), str(sample["sample_id"]))] = sample
        return found

    def append(self, sample: Mapping[str, Any]) -> None:
        jsonl.append_line(self.path, dict(sample))


def check_questions(questions: Iterable[Any]) -> list[dict[str, Any]]:
    """The questions as dicts; an InputError names the first one lacking a field."""
    checked = []
    for index, question in enumerate(questions):
        if not isinstance(question, Mapping):
            raise InputError(f"question {index}: expected a mapping, got {type(question).__name__}")
        missing = [f for f in QUESTION_FIELDS if not isinstance(question.get(f), str)]
        if missing:
            raise InputError(f"question {index} ({question.get('task_id', '?')}): missing field {missing[0]!r}")
        checked.append(dict(question))
    return checked


def solution_of(prompt: Prompt, completion: Completion) -> tuple[str, str | None]:
    """(extracted code, error): the code is "" and the error says why when there is none."""
    if completion.error is not None:
        return "", completion.error
    if completion.chat:
        solution = extract_code(completion.text, prompt.entry_point)
    else:
        solution = extract_continuation(completion.text, prompt.code_prefix, prompt.entry_point)
    if not solution.strip():
        return "", "empty reply" if not completion.text.strip() else "no code found in the reply"
    return solution, None


def make_sample(prompt: Prompt, index: int, completion: Completion, config: ModelConfig) -> dict[str, Any]:
    """One samples line from one reply (extraction happens here, so every backend extracts alike)."""
    solution, error = solution_of(prompt, completion)
    sample: dict[str, Any] = {
        "task_id": prompt.task_id,
        "sample_id": str(index),
        "solution": solution,
        "raw": completion.text,
        "error": error,
        "model": config.model,
        "backend": config.backend,
        "params": config.sampling_params(),
        "seed": config.seed,
        "batch_size": config.batch_size,
        "seconds": round(completion.seconds, 4),
        "prompt_tokens": completion.prompt_tokens,
        "completion_tokens": completion.completion_tokens,
        "language": prompt.language,
        "prompt_style": prompt.style,
        "prompt_sha": prompt_digest(prompt),
    }
    sample.update(completion.extra)
    return sample


def prompt_digest(prompt: Prompt) -> str:
    """A short content address of what the model was asked, so a resumed run redoes a task whose prompt changed."""
    body = json.dumps([prompt.messages, prompt.text], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _is_current(sample: Mapping[str, Any] | None, digest: str) -> bool:
    """A sample written before prompts were digested counts as current: its file passed `_check_same_run`."""
    return sample is not None and sample.get("prompt_sha", digest) == digest


def _check_same_run(done: Mapping[tuple[str, str], Mapping[str, Any]], config: ModelConfig, path: Path) -> None:
    probe = {"model": config.model, "backend": config.backend, "params": config.sampling_params(), "seed": config.seed}
    for sample in done.values():
        for name in _RUN_FIELDS:
            if name in sample and sample[name] != probe[name]:
                raise InputError(
                    f"{path}: holds samples of another run ({name} {sample[name]!r}, now {probe[name]!r}); "
                    "use a new --out or delete the file"
                )


def _generate_chunk(backend: Backend, prompts: Sequence[Prompt], n: int) -> list[list[Completion]]:
    """The backend's replies; anything unexpected becomes an error on each of the chunk's samples."""
    try:
        replies = backend.generate(prompts, n)
    except HipCodingError:
        raise  # a setup problem (missing package, bad path): stop, every later chunk would fail alike
    except Exception as err:  # noqa: BLE001 - a per-item failure must never end the run
        log.warning("generation failed for %d task(s): %s", len(prompts), err)
        message = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}".rstrip(": ")
        return [[failed(message)] * n for _ in prompts]
    if len(replies) != len(prompts) or any(len(r) != n for r in replies):
        return [[failed(f"backend {backend.name} returned the wrong number of replies")] * n for _ in prompts]
    return replies


def generate_samples(
    questions: Iterable[Mapping[str, Any]],
    config: ModelConfig,
    *,
    train_records: Sequence[Mapping[str, Any]] = (),
    out: Path | None = None,
    limit: int | None = None,
    progress: bool = True,
    backend: Backend | None = None,
) -> list[dict[str, Any]]:
    """`config.n_samples` samples per question, in question order; resumes from `out` when given.

    `train_records` are `{"question", "answer"}` mappings (release records) for few-shot examples.
    `backend` lets a caller reuse an already loaded backend across calls.
    """
    todo_questions = check_questions(questions)
    if limit is not None:
        todo_questions = todo_questions[: max(0, limit)]
    n = config.n_samples
    samples_file = SamplesFile(out) if out is not None else None
    done = samples_file.load() if samples_file else {}
    if samples_file and done:
        _check_same_run(done, config, samples_file.path)
    prompts = {q["task_id"]: build_prompt(q, config, train_records) for q in todo_questions}
    digests = {task_id: prompt_digest(prompt) for task_id, prompt in prompts.items()}
    pending = [
        q for q in todo_questions
        if not all(_is_current(done.get((q["task_id"], str(i))), digests[q["task_id"]]) for i in range(n))
    ]  # fmt: skip
    stale = sum(1 for q in pending if any((q["task_id"], str(i)) in done for i in range(n)))
    if stale:
        log.warning("%d task(s) of %s were asked another prompt then; they are generated again", stale, out)
    if done and pending != todo_questions:
        log.info("resuming: %d of %d tasks already generated", len(todo_questions) - len(pending), len(todo_questions))
    if pending:
        own = backend is None
        active = backend or create_backend(config)
        try:
            bar = tqdm(total=len(todo_questions), initial=len(todo_questions) - len(pending), unit="task",
                       disable=not progress or None)  # fmt: skip
            step = max(1, active.chunk_size)
            for start in range(0, len(pending), step):
                chunk = pending[start : start + step]
                chunk_prompts = [prompts[q["task_id"]] for q in chunk]
                for prompt, replies in zip(chunk_prompts, _generate_chunk(active, chunk_prompts, n), strict=True):
                    for index, completion in enumerate(replies):
                        key = (prompt.task_id, str(index))
                        if _is_current(done.get(key), digests[prompt.task_id]):
                            continue
                        sample = make_sample(prompt, index, completion, config)
                        if samples_file:
                            samples_file.append(sample)
                        done[key] = sample
                bar.update(len(chunk))
            bar.close()
        finally:
            if own:
                active.close()
    return [done[(q["task_id"], str(i))] for q in todo_questions for i in range(n)]
