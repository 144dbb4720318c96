"""The `self-repair` backend: wraps any other backend, compiles each answer, and feeds the compiler's
errors back for up to `rounds` more tries before answering.

It sees only what a developer without the tests would see: the prompt and the compiler's output. The
solution is compiled alone, as an object file, by the cpu backend's compiler (no harness, no hidden
tests, nothing run). Each sample records the rounds it used and the first error line of each round.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from hip_coding.errors import ToolchainError
from hip_coding.evaluation.build import compile_text
from hip_coding.execution.backends import get_backend
from hip_coding.models.base import Backend, Completion, Prompt, backend_class
from hip_coding.models.config import ModelConfig
from hip_coding.models.generate import solution_of
from hip_coding.models.prompting import INSTRUCTION
from hip_coding.tasks.prompts import LANGUAGE_NAMES

log = logging.getLogger(__name__)

FEEDBACK_CHARS = 3000  # enough for the first errors; a full template backtrace would swamp a small model


def compile_errors(code: str, language: str) -> str | None:
    """The compiler's complaints about `code` compiled alone (None when it compiles)."""
    backend = get_backend("cpu")
    ok, why = backend.availability()
    if not ok:
        raise ToolchainError(f"self-repair needs the cpu backend's compiler: {why}")
    result = compile_text("cpu", code, language)
    if result.ok:
        return None
    return (result.stderr or result.detail).strip()[:FEEDBACK_CHARS] or result.detail or "the code does not compile"


def repair_prompt(prompt: Prompt, reply: Completion, code: str, errors: str) -> Prompt:
    """The conversation so far plus the compiler's output and a request for the whole fixed file."""
    lang = LANGUAGE_NAMES.get(prompt.language, prompt.language)
    ask = f"The compiler rejected this code:\n```text\n{errors}\n```\nFix it. " + INSTRUCTION.format(
        lang=lang, entry=prompt.entry_point
    )
    said = reply.text if reply.chat else f"```cpp\n{code}\n```"
    messages = (*prompt.messages, ("assistant", said), ("user", ask))
    head = f"{prompt.text}{reply.text}"
    if not prompt.code_prefix:
        head += "\n```"  # close the fence the plain-text prompt opened
    text = f"{head}\n\n### Compiler output\n```text\n{errors}\n```\n\n### Fixed solution\n```cpp\n"
    return Prompt(prompt.task_id, prompt.language, prompt.entry_point, "instruct", messages, text, "")


class SelfRepairBackend(Backend):
    name = "self-repair"

    def __init__(self, config: ModelConfig) -> None:
        super().__init__(config)
        self.inner = backend_class(config.inner_backend)(config.inner())

    @property
    def chunk_size(self) -> int:
        return self.inner.chunk_size

    def close(self) -> None:
        self.inner.close()

    def generate(self, prompts: Sequence[Prompt], n: int) -> list[list[Completion]]:
        replies = self.inner.generate(prompts, n)
        # state per sample: (current prompt, latest reply, rounds used, first error line per round, totals)
        current = {(p, i): prompts[p] for p in range(len(prompts)) for i in range(n)}
        latest = {(p, i): replies[p][i] for p in range(len(prompts)) for i in range(n)}
        log_lines: dict[tuple[int, int], list[str]] = {key: [] for key in latest}
        totals = {key: [c.prompt_tokens, c.completion_tokens, c.seconds] for key, c in latest.items()}
        rounds = dict.fromkeys(latest, 0)
        for _ in range(self.config.rounds):
            retry: list[tuple[tuple[int, int], Prompt]] = []
            for key, reply in latest.items():
                if reply.error is not None:
                    continue  # no reply to repair (the server failed): keep the error
                prompt = current[key]
                code, why = solution_of(prompt, reply)
                errors = why if not code else compile_errors(code, prompt.language)
                if errors is None:
                    continue
                lines = errors.splitlines() or [""]
                log_lines[key].append(next((ln for ln in lines if "error" in ln), lines[0])[:200])
                retry.append((key, repair_prompt(prompt, reply, code, errors)))
            if not retry:
                break
            fixed = self.inner.generate([p for _, p in retry], 1)
            for (key, prompt), (reply,) in zip(retry, fixed, strict=True):
                current[key], latest[key] = prompt, reply
                rounds[key] += 1
                totals[key][0] += reply.prompt_tokens
                totals[key][1] += reply.completion_tokens
                totals[key][2] += reply.seconds
        for key, reply in latest.items():
            if rounds[key] and not reply.chat:
                # A repair prompt in plain text ends with an opening fence: give the reply its fence back, so
                # it reads as a chat reply and is not glued to the original prompt's code prefix.
                latest[key] = Completion(f"```cpp\n{reply.text}", chat=True, error=reply.error)
        return [
            [
                Completion(
                    latest[(p, i)].text,
                    int(totals[(p, i)][0]),
                    int(totals[(p, i)][1]),
                    float(totals[(p, i)][2]),
                    chat=latest[(p, i)].chat,
                    error=latest[(p, i)].error,
                    extra={"repair_rounds": rounds[(p, i)], "repair_errors": log_lines[(p, i)]},
                )
                for i in range(n)
            ]
            for p in range(len(prompts))
        ]
