"""The LLM-assisted curation steps, through the model backends (`hip_coding.models`).

One `CurationModel` (an Ianvs algorithm YAML with one basemodel case, as for `hip-coding generate`) serves three
optional steps, each of which the pipeline also does without a model:
- **wrap** the kernels the rules refuse (curation.model_wrap; without a model they are dropped with the reason);
- **draft the description** behind the prompts (without a model: `archive.describe`'s fixed rules). A draft is
  only a proposal: it reaches a release once a reviewer accepts or edits it at `curate review`;
- **cross-check** the oracle against an independent serial CPU reference the model writes. The reference is
  judged like any candidate solution: one thread of a one-block launch runs it (on the cpu backend, that is the
  CPU), sandboxed, by the evaluator, on the harness's own tests; so a disagreement shows the same detail a
  failing solution would, and no rule for solutions is bent. It is flagged at review, never decided alone.

Replies are greedy single samples (temperature from the YAML); calls are serialized, so testgen's worker threads
can share one loaded model.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from hip_coding.curation.extract import Kernel
from hip_coding.curation.model_wrap import plan_from_reply, wrap_messages
from hip_coding.curation.wrap import WrapPlan, cuda_to_hip
from hip_coding.errors import InputError
from hip_coding.models.base import Backend, Prompt, create_backend
from hip_coding.models.config import ModelConfig
from hip_coding.models.extract import extract_code

DESCRIPTION_CHARS = 1200
DESCRIBE = """\
Here is a GPU kernel from {project} ({path}) and the host function `{entry}` that launches it:
```cpp
{program}```
Describe in two to four sentences what `{entry}` computes, precisely enough that a programmer could write it again \
from your words alone: the result for each element, the edge cases, and which parameters are read or written. \
Answer with the description only, as plain text."""
CPU_REFERENCE = """\
Here is a GPU kernel from {project} ({path}) and the host function `{entry}` that launches it:
```cpp
{program}```
Write a plain serial C++ reference (loops, no threads, no GPU built-ins) with exactly this signature:
```cpp
{signature};
```
It gets the same buffers ({lengths}) and must leave in them exactly what `{entry}` leaves. Mark any helper \
function `__host__ __device__` too. Return the code in one ```cpp block."""
#: The cross-check's verdicts, as stored on a candidate and shown at review.
AGREES, DISAGREES, NOT_CHECKED = "agrees", "disagrees", "not checked"


class CurationModel:
    """A loaded model backend and the three curation requests made to it."""

    def __init__(self, config: ModelConfig, label: str) -> None:
        if config.backend == "reference":
            raise InputError("curation needs a model that writes code: the `reference` backend only replays tasks")
        if config.backend == "self-repair":  # wrap has its own feedback loop; descriptions are not code
            config = config.inner()
        self.config = config
        self.label = label
        self._backend: Backend | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_algorithm(cls, path: Path) -> CurationModel:
        from hip_coding.models.algorithm import model_config

        config, label = model_config(path, path.parent)
        return cls(config, label)

    def ask(self, messages: Sequence[tuple[str, str]], what: str) -> str:
        """One reply to a conversation; "" (logged by the backend) when the model gave none."""
        text = "\n\n".join(f"### {role.capitalize()}\n{content}" for role, content in messages) + "\n\n### Assistant\n"
        prompt = Prompt(what, "hip", "", "instruct", tuple(messages), text)
        with self._lock:
            if self._backend is None:
                self._backend = create_backend(self.config)
            completion = self._backend.generate([prompt], 1)[0][0]
        return "" if completion.error else completion.text

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()

    # ---- wrap ----

    def wrap(self, kernel: Kernel, tries: list[tuple[str, str]]) -> tuple[str, WrapPlan | str]:
        """A `wrap.ModelWrapper`: the reply and its plan, or what is wrong with it."""
        reply = self.ask(wrap_messages(kernel, tries), f"wrap:{kernel.id}")
        if not reply.strip():
            return reply, "the reply was empty"
        return reply, plan_from_reply(kernel, reply, self.label)

    # ---- description ----

    def describe(self, kernel: Kernel, plan: WrapPlan) -> str:
        """A drafted one-paragraph summary of what the entry function computes ("" when the model gave none)."""
        reply = self.ask(describe_messages(kernel, plan), f"describe:{kernel.id}")
        text = re.sub(r"```\w*", "", reply)
        text = " ".join(text.split()).strip(" \"'")
        return text[:DESCRIPTION_CHARS]

    # ---- cross-check ----

    def cpu_reference(self, kernel: Kernel, plan: WrapPlan) -> str:
        """The model's serial CPU function `<entry>_cpu` ("" when its reply holds no code)."""
        reply = self.ask(cpu_reference_messages(kernel, plan), f"cpu_reference:{kernel.id}")
        return cuda_to_hip(extract_code(reply, f"{plan.entry_point}_cpu"))

    def cross_check(self, plan: WrapPlan, record: Any, evaluate: Callable[[Any, str], tuple[bool, str, str]]) -> str:
        """A `testgen.CrossCheck`: "agrees", "disagrees: ..." or "not checked: ..."."""
        code = self.cpu_reference(Kernel.from_dict(plan.kernel), plan)
        if not code:
            return f"{NOT_CHECKED}: the model wrote no CPU reference"
        ok, status, messages = evaluate(record, cpu_solution(plan, code))
        if ok:
            return AGREES
        first = next((line for line in messages.splitlines() if line.strip()), "")
        if status in ("compile_error", "link_error"):
            return f"{NOT_CHECKED}: the CPU reference does not compile: {first}"[:500]
        return f"{DISAGREES}: the CPU reference {status}: {first}"[:500]


def describe_messages(kernel: Kernel, plan: WrapPlan) -> list[tuple[str, str]]:
    request = DESCRIBE.format(project=kernel.project, path=kernel.path, entry=plan.entry_point,
                              program=plan.reference)  # fmt: skip
    return [("user", request)]


def cpu_reference_messages(kernel: Kernel, plan: WrapPlan) -> list[tuple[str, str]]:
    lengths = ", ".join(f"`{b.name}`: {plan.length_of(b)} elements" for b in plan.buffers)
    request = CPU_REFERENCE.format(
        project=kernel.project, path=kernel.path, entry=plan.entry_point, program=plan.reference,
        signature=cpu_signature(plan), lengths=lengths,
    )  # fmt: skip
    return [("user", request)]


def _params(plan: WrapPlan) -> list[str]:
    """The entry's parameter declarations without the stream."""
    params = plan.signature[plan.signature.index("(") + 1 : plan.signature.rindex(")")]
    return [p.strip() for p in params.split(",") if not p.strip().startswith("hipStream_t")]


def cpu_signature(plan: WrapPlan) -> str:
    """`__host__ __device__ void <entry>_cpu(...)`: the entry's parameters without the stream."""
    return f"__host__ __device__ void {plan.entry_point}_cpu({', '.join(_params(plan))})"


def cpu_solution(plan: WrapPlan, code: str) -> str:
    """A candidate solution in which one GPU thread runs the serial reference over the whole problem.

    Judged by the task's own harness, it passes exactly when the serial reference agrees with the original kernel.
    """
    params, args = ", ".join(_params(plan)), ", ".join(plan.args)
    return (
        f"#include <hip/hip_runtime.h>\n\n{code.strip()}\n\n"
        f"__global__ void hc_serial_reference({params}) {{\n  {plan.entry_point}_cpu({args});\n}}\n\n"
        f"{plan.signature} {{\n"
        f"  hipLaunchKernelGGL(hc_serial_reference, dim3(1), dim3(1), 0, stream, {args});\n}}\n"
    )
