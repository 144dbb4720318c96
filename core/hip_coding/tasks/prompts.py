"""The two prompt styles, derived from a task's `doc` parts by fixed rules (never by a model).

Both styles state one contract (docs/prompts.md): what the entry function computes, its parameters,
shapes, preconditions, the launch contract, how the output is checked (the tolerance in plain words, the guard
zones, and what each checking mode the task declares adds: shuffled thread orders, sanitizers, a race detector) and
the fixed rules the evaluator enforces (docs/security.md). A model that follows the prompt and computes
the right answer passes; nothing the harness checks is left unsaid.

*complete*: the language's runtime include, a doc comment holding the contract, then the entry
function's declaration to continue.
*instruct*: the same contract as short markdown paragraphs, then the declaration in a fenced block.
"""

from __future__ import annotations

import textwrap

from hip_coding.tasks.schema import DocStruct, Tolerance

LANGUAGE_NAMES = {"hip": "HIP", "cuda": "CUDA"}
RUNTIME_INCLUDES = {"hip": "#include <hip/hip_runtime.h>", "cuda": "#include <cuda_runtime.h>"}

#: The launch contract every task shares; a task's own `launch` text is appended to it.
LAUNCH_CONTRACT = (
    "Write the __global__ kernel(s) and this host function. It receives device pointers, chooses its own "
    "grid and block sizes, launches its kernel(s) on `stream`, and returns without synchronizing."
)

#: The libraries a solution may not use, named in each language's own spelling.
EXCLUDED_LIBRARIES = {
    "hip": "hipCUB, rocPRIM, Thrust or any other ROCm library (rocBLAS, hipBLAS, hipRAND...)",
    "cuda": "CUB, Thrust or any other CUDA library (cuBLAS, cuRAND, cuSPARSE...)",
}

#: The fixed rules paragraph; each sentence is one rule the static check or the harness enforces.
RULES = (
    "Define the host function with exactly the declared signature. "
    "Write your own kernels: do not use {libraries}. Any standard C or C++ header may be included. "
    "Do not define `main`. Keep the data on the device: no device-to-host copies and no managed memory. "
    "No file, process, environment or network access, and no inline assembly. "
    "Error checks may print and call `exit` or `abort`. "
    "Output buffers arrive holding garbage, not zeros (one that is also an input holds that input): never rely "
    "on an output's initial contents."
)


#: What the checker verifies beyond the values in every mode (the harness's guard zones and input comparison).
MEMORY_RULE = (
    "Write only the outputs, within their extents, and leave every input unchanged: the checker surrounds each "
    "buffer with guard zones and compares the inputs after the call."
)

#: What each checking mode a task declares adds to its verdict (docs/cpu-backend.md, "Checking modes").
MODE_RULES = {
    "perturb": "The checker also runs the threads of a block in shuffled orders between barriers: the result must "
    "not depend on the order in which threads run.",
    "sanitize": "The checker also runs the code under AddressSanitizer and UndefinedBehaviorSanitizer: an access "
    "outside an allocation (a read or write before the start or past the end of an input, an output or a shared "
    "array) or undefined behaviour such as signed integer overflow fails, even when the result is right.",
    "race": "The checker also runs every thread as its own OS thread under a data-race detector: two threads "
    "touching the same location, at least one of them writing, fail even when the result is right, unless "
    "something orders them: a barrier (threads of one block), atomics, __threadfence() before setting and "
    "after reading a flag (threads of different blocks), or separate kernel launches.",
}


def _number(value: float) -> str:
    return f"{value:g}".replace("e-0", "e-")  # 1e-5, not 1e-05


def tolerance_text(tolerance: Tolerance) -> str:
    """How the harness compares the output, in plain words (docs/prompts.md)."""
    if tolerance.atol == 0 and tolerance.rtol == 0:
        return "Every output element must equal the reference result exactly."
    return (
        "Floating-point outputs are compared element-wise with the reference result r: "
        f"|got - r| <= atol + rtol * |r| with atol = {_number(tolerance.atol)} and rtol = {_number(tolerance.rtol)}; "
        "where r is NaN or infinite, got must be the same value. Integer outputs must match exactly."
    )


def checking_text(tolerance: Tolerance, modes: tuple[str, ...] = ("normal",)) -> str:
    """The Checking paragraph: the tolerance, the memory rule and what each declared checking mode adds."""
    return " ".join([tolerance_text(tolerance), MEMORY_RULE, *(MODE_RULES[m] for m in modes if m in MODE_RULES)])


def rules_text(language: str) -> str:
    return RULES.format(libraries=EXCLUDED_LIBRARIES[language])


def _comment_block(lines: list[str]) -> str:
    body = "\n".join(f" * {line}".rstrip() for line in lines)
    return f"/**\n{body}\n */"


def _wrapped(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width=100, initial_indent=indent, subsequent_indent=indent) or [""]


def complete_prompt(
    doc: DocStruct, signature: str, language: str, tolerance: Tolerance, modes: tuple[str, ...] = ("normal",)
) -> str:
    """Signature plus a detailed doc comment, for completion-style models."""
    lines = _wrapped(doc.summary)
    if doc.details:
        lines += ["", *_wrapped(doc.details)]
    lines += ["", "Parameters:"]
    width = max(len(param.name) for param in doc.params)
    for param in doc.params:
        lines += _wrapped(f"{param.name.ljust(width)}  {param.desc}", indent="  ")
    if doc.shapes:
        lines += ["", *_wrapped(f"Shapes: {doc.shapes}")]
    if doc.preconditions:
        lines += ["", "Preconditions:"] + [ln for pre in doc.preconditions for ln in _wrapped(f"- {pre}", "  ")]
    launch = f"{LAUNCH_CONTRACT} {doc.launch}".strip()
    lines += ["", *_wrapped(f"Launch: {launch}")]
    if doc.example:
        lines += ["", *_wrapped(f"Example: {doc.example}")]
    lines += ["", *_wrapped(f"Checking: {checking_text(tolerance, modes)}")]
    lines += ["", *_wrapped(f"Rules: {rules_text(language)}")]
    return f"{RUNTIME_INCLUDES[language]}\n\n{_comment_block(lines)}\n{signature};\n"


def instruct_prompt(
    doc: DocStruct,
    signature: str,
    language: str,
    entry_point: str,
    tolerance: Tolerance,
    modes: tuple[str, ...] = ("normal",),
) -> str:
    """The same contract as short markdown paragraphs plus the signature, for chat models."""
    opening = f"Write {LANGUAGE_NAMES[language]} code for `{entry_point}`: {doc.summary}"
    if doc.shapes:
        opening += f" {doc.shapes}"
    paragraphs = [opening]
    if doc.details:
        paragraphs.append(doc.details)
    paragraphs.append("Parameters:\n" + "\n".join(f"- `{param.name}`: {param.desc}" for param in doc.params))
    if doc.preconditions:
        paragraphs.append("Preconditions:\n" + "\n".join(f"- {pre}" for pre in doc.preconditions))
    if doc.example:
        paragraphs.append(f"Example: {doc.example}")
    paragraphs.append(f"Launch: {LAUNCH_CONTRACT} {doc.launch}".strip())
    paragraphs.append(f"Checking: {checking_text(tolerance, modes)}")
    paragraphs.append(f"Rules: {rules_text(language)}")
    paragraphs.append(f"```cpp\n{signature};\n```")
    return "\n\n".join(paragraphs) + "\n"
