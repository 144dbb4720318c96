"""Prompts: a task's complete or instruct prompt, an optional system prompt and few-shot examples, and
one short fixed instruction saying what to return (kernels plus the host entry function, no main).

Few-shot examples come from the train file (question + reference solution), never from the test set;
a train task that is the same problem as the one asked (the same task in the other language) is skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from hip_coding.models.base import Prompt
from hip_coding.models.config import ModelConfig
from hip_coding.tasks.prompts import LANGUAGE_NAMES

log = logging.getLogger(__name__)

INSTRUCTION = (
    "Return the complete {lang} source file in one ```cpp fenced block: every __global__ kernel and "
    "__device__ helper it needs, plus the host function `{entry}` with exactly the declared signature. "
    "Do not write a main function, tests or explanations."
)
COMPLETE_INSTRUCTION = (
    "// Complete this {lang} file: write the __global__ kernel(s), then define `{entry}` with the declared "
    "signature. No main function.\n"
)


def _problem(task_id: str) -> str:
    """The problem without its language: `hip/elementwise/add` and `cuda/elementwise/add` are one problem."""
    return task_id.split("/", 1)[1] if "/" in task_id else task_id


def pick_examples(question: Mapping[str, Any], train_records: Sequence[Mapping[str, Any]], count: int) -> list:
    """Up to `count` (question, solution) pairs from the train records, same language first."""
    if count <= 0:
        return []
    usable = []
    for record in train_records:
        q, a = record.get("question"), record.get("answer")
        if not isinstance(q, Mapping) or not isinstance(a, Mapping) or not a.get("reference_solution"):
            continue
        if _problem(str(q.get("task_id", ""))) == _problem(str(question["task_id"])):
            continue
        usable.append((q, str(a["reference_solution"])))
    usable.sort(key=lambda pair: pair[0].get("language") != question["language"])  # stable: file order kept
    if len(usable) < count:
        log.warning("few_shot=%d but only %d usable train examples", count, len(usable))
    return usable[:count]


def _fenced(code: str) -> str:
    return f"```cpp\n{code.strip()}\n```"


def _user_turn(question: Mapping[str, Any], style: str) -> str:
    lang = LANGUAGE_NAMES.get(question["language"], question["language"])
    instruction = INSTRUCTION.format(lang=lang, entry=question["entry_point"])
    if style == "complete":
        return f"Complete this {lang} file.\n\n{_fenced(question['complete_prompt'])}\n\n{instruction}"
    return f"{question['instruct_prompt'].rstrip()}\n\n{instruction}"


def build_prompt(
    question: Mapping[str, Any], config: ModelConfig, train_records: Sequence[Mapping[str, Any]] = ()
) -> Prompt:
    """Both renderings (chat messages and plain text) of one task's request."""
    style = config.prompt_style
    examples = pick_examples(question, train_records, config.few_shot)
    lang = LANGUAGE_NAMES.get(question["language"], question["language"])
    entry = question["entry_point"]

    messages: list[tuple[str, str]] = []
    if config.system_prompt:
        messages.append(("system", config.system_prompt))
    for example, solution in examples:
        messages.append(("user", _user_turn(example, style)))
        messages.append(("assistant", _fenced(solution)))
    messages.append(("user", _user_turn(question, style)))

    if style == "complete":
        parts = [f"// {line}" for line in config.system_prompt.splitlines()] if config.system_prompt else []
        for _, solution in examples:
            parts.append(f"// Example solution of another task:\n{solution.strip()}\n")
        parts.append(COMPLETE_INSTRUCTION.format(lang=lang, entry=entry) + question["complete_prompt"])
        text = "\n".join(parts)
        code_prefix = question["complete_prompt"]
    else:
        parts = [config.system_prompt.strip() + "\n"] if config.system_prompt else []
        for example, solution in examples:
            parts.append(f"### Task\n{_user_turn(example, style)}\n\n### Solution\n{_fenced(solution)}\n")
        parts.append(f"### Task\n{_user_turn(question, style)}\n\n### Solution\n```cpp\n")
        text = "\n".join(parts)
        code_prefix = ""
    return Prompt(
        task_id=str(question["task_id"]),
        language=str(question["language"]),
        entry_point=str(entry),
        style=style,
        messages=tuple(messages),
        text=text,
        code_prefix=code_prefix,
    )
