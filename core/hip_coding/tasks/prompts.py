"""The two prompt styles, derived from a task's `doc` parts by fixed rules (never by a model).

*complete*: the language's runtime include, a doc comment (summary, details, parameters, shapes,
preconditions, launch contract, example), then the entry function's declaration.
*instruct*: one or two plain sentences (the summary, then the shapes when stated) followed by the launch
contract sentence and the declaration in a fenced block.
"""

from __future__ import annotations

import textwrap

from hip_coding.tasks.schema import DocStruct

LANGUAGE_NAMES = {"hip": "HIP", "cuda": "CUDA"}
RUNTIME_INCLUDES = {"hip": "#include <hip/hip_runtime.h>", "cuda": "#include <cuda_runtime.h>"}

#: The launch contract every task shares; a task's own `launch` text is appended to it.
LAUNCH_CONTRACT = (
    "Write the __global__ kernel(s) and this host function. It receives device pointers, chooses its own "
    "grid and block sizes, launches its kernel(s) on `stream`, and returns without synchronizing."
)


def _comment_block(lines: list[str]) -> str:
    body = "\n".join(f" * {line}".rstrip() for line in lines)
    return f"/**\n{body}\n */"


def _wrapped(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width=100, initial_indent=indent, subsequent_indent=indent) or [""]


def complete_prompt(doc: DocStruct, signature: str, language: str) -> str:
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
    return f"{RUNTIME_INCLUDES[language]}\n\n{_comment_block(lines)}\n{signature};\n"


def instruct_prompt(doc: DocStruct, signature: str, language: str, entry_point: str) -> str:
    """Short natural language plus the signature, for chat models."""
    sentences = f"Write {LANGUAGE_NAMES[language]} code for `{entry_point}`: {doc.summary}"
    if doc.shapes:
        sentences += f" {doc.shapes}"
    contract = f"{LAUNCH_CONTRACT} {doc.launch}".strip()
    return f"{sentences}\n{contract}\n\n```cpp\n{signature};\n```\n"
