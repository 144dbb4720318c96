"""The LLM-assisted wrap: a model writes the host entry function of a kernel the rules cannot wrap.

The model sees the kernel and its dependency closure and returns two fenced blocks: the entry function (```cpp,
launching the kernel on `stream`) and a description of the entry's parameters (```json: each buffer's role and
length as an expression of the size parameters; optional test sizes). Everything else stays ours: the program is
our closure + the kernel + the model's function; the harness, the tests and the negatives are generated from the
checked description exactly as for rule-wrapped kernels. The model's code obeys the static rules for solutions
(it becomes part of the task's reference solution) and is compiled and run only in the sandbox.

Note what the oracle is then: the original kernel *as the model's function launches it*. A launch that covers too
little would be copied by the oracle, so model-wrapped tasks rely more on the cross-check and on review (both
show that the entry function is the model's). Whatever is wrong with a reply (no function, a
description that does not match the signature, a compiler error) is said back to the model, up to
`wrap.MODEL_ROUNDS` tries (see `wrap.plan_with_model`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from hip_coding.curation.extract import Kernel
from hip_coding.curation.wrap import (
    DEFAULT_BLOCK,
    INTEGER_TYPES,
    BufferArg,
    Scalar,
    WrapPlan,
    cuda_to_hip,
    element_type,
    entry_name,
    program_head,
)
from hip_coding.evaluation.static_check import check_solution
from hip_coding.models.extract import extract_code, fenced_blocks

#: Default test sizes by the number of size parameters (name, kind, values in the parameters' order).
DEFAULT_SIZES: dict[int, tuple[tuple[str, str, tuple[int, ...]], ...]] = {
    1: (("normal", "normal", (10000,)), ("one_element", "boundary", (1,)), ("one_warp", "boundary", (32,)),
        ("one_block", "boundary", (256,)), ("special_values", "special", (4096,)), ("ragged", "ragged", (100003,)),
        ("large", "large", (262144,))),
    2: (("normal", "normal", (96, 80)), ("one_element", "boundary", (1, 1)), ("one_row", "boundary", (32, 1)),
        ("one_block", "boundary", (16, 16)), ("special_values", "special", (64, 64)), ("ragged", "ragged", (131, 77)),
        ("large", "large", (512, 384))),
    3: (("normal", "normal", (24, 20, 16)), ("one_element", "boundary", (1, 1, 1)),
        ("one_warp", "boundary", (32, 1, 1)), ("one_block", "boundary", (8, 8, 4)),
        ("special_values", "special", (16, 16, 16)), ("ragged", "ragged", (37, 29, 13)),
        ("large", "large", (96, 80, 64))),
}  # fmt: skip
TEST_KINDS = ("normal", "boundary", "special", "ragged", "large")
MAX_ELEMENTS = 1 << 24  # per buffer and test: 64 MiB of floats
_LENGTH = re.compile(r"[\w\s()+*/%-]+")
_LAUNCH = re.compile(r"hipLaunchKernelGGL\s*\([^;]*\)\s*;|[\w:]+\s*(?:<[^;<>]*>)?\s*<<<[^;]*>>>\s*\([^;]*\)\s*;")

REQUEST = """\
Wrap this GPU kernel from {project} ({path}) into a standalone HIP program for a test suite.

The program already contains the kernel and the definitions it uses; do not repeat them:
```cpp
{program}```

1. In one ```cpp block, write the host function `void {entry}(..., hipStream_t stream)` that launches \
`{kernel}` once on `stream` over the whole problem. Its parameters are device pointers to numbers (float, double, \
int, ...) and number scalars, then `hipStream_t stream` last. Build struct arguments inside the function; pick one \
instantiation for a template; pass the dynamic shared memory size in the launch. No allocation, no synchronization, \
no main.
2. In one ```json block, describe the parameters before `stream`, in order:
{{"params": [{{"name": "...", "role": "input|output|inout|size|scalar", "length": "..."}}]}}
`role`: pointers are input (only read), output (only written) or inout (read and written); integer sizes are \
size; other numbers are scalar. `length` (pointers only): how many elements the launch touches, an expression of \
the size parameters such as "n" or "rows * cols".
"""
RETRY = "That did not work:\n```text\n{problem}\n```\nAnswer again with both blocks, fixed."


class ParamSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    role: Literal["input", "output", "inout", "size", "scalar"]
    length: str = ""


class Interface(BaseModel):
    """The ```json block of a reply."""

    model_config = ConfigDict(extra="forbid")

    params: list[ParamSpec]
    tests: list[dict[str, Any]] = []


def wrap_messages(kernel: Kernel, tries: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The conversation for one kernel: the request, then each earlier reply and what was wrong with it."""
    request = REQUEST.format(
        project=kernel.project, path=kernel.path, program=program_head(kernel), entry=entry_name(kernel),
        kernel=kernel.name,
    )  # fmt: skip
    messages = [("user", request)]
    for reply, problem in tries:
        messages += [("assistant", reply), ("user", RETRY.format(problem=problem))]
    return messages


def _declared_params(code: str, entry: str) -> list[tuple[str, str]] | str:
    """(type, name) of each parameter of `entry`'s definition in `code`, or what is wrong."""
    match = re.search(rf"\bvoid\s+{re.escape(entry)}\s*\(([^)]*)\)\s*\{{", code)
    if match is None:
        return f"the ```cpp block does not define `void {entry}(...)`"
    params = []
    for text in (p.strip() for p in match.group(1).split(",")):
        words = re.match(r"(.*?)(\w+)\s*$", text, re.DOTALL)
        if not words or not words.group(1).strip():
            return f"`{entry}`: cannot read the parameter `{text}` (write `type name`)"
        params.append((" ".join(words.group(1).split()), words.group(2)))
    if not params or params[-1] != ("hipStream_t", "stream"):
        return f"the last parameter of `{entry}` must be `hipStream_t stream`"
    return params[:-1]


def _default_tests(sizes: list[str]) -> list[dict[str, Any]]:
    table = DEFAULT_SIZES.get(len(sizes))
    if table is None:
        return []
    return [{"name": name, "kind": kind, **dict(zip(sizes, values, strict=True))} for name, kind, values in table]


def _count(expr: str, sizes: dict[str, int]) -> int:
    """The value of a length expression for one test's sizes (only size names, integers and + - * / %)."""
    names = set(re.findall(r"[A-Za-z_]\w*", expr))
    if not _LENGTH.fullmatch(expr) or names - set(sizes):
        raise ValueError(f"length `{expr}` may use only the size parameters {sorted(sizes)}, integers and + - * / %")
    return int(eval(expr.replace("/", "//"), {"__builtins__": {}}, dict(sizes)))  # noqa: S307 - checked above


def _check_tests(tests: list[dict[str, Any]], sizes: list[str], buffers: list[BufferArg]) -> str:
    if not tests:
        return f"give `tests`: {len(sizes)} size parameters have no default test sizes"
    kinds = {str(t.get("kind")) for t in tests}
    if missing := [k for k in TEST_KINDS if k not in kinds]:
        return f"`tests` lack the kinds {missing}"
    for test in tests:
        values = {k: v for k, v in test.items() if k not in ("name", "kind")}
        if set(values) != set(sizes) or not all(isinstance(v, int) and v >= 1 for v in values.values()):
            return f"test {test.get('name')!r}: give every size parameter {sizes} a positive integer"
        for buffer in buffers:
            try:
                count = _count(buffer.length, values)
            except (ValueError, SyntaxError, ZeroDivisionError) as err:
                return f"buffer `{buffer.name}`: {err}"
            if not 1 <= count <= MAX_ELEMENTS:
                return f"test {test.get('name')!r}: buffer `{buffer.name}` would hold {count} elements"
    return ""


def _interface(reply: str) -> Interface | str:
    blocks = [b for b in fenced_blocks(reply) if b.lang == "json" or b.code.lstrip().startswith("{")]
    if not blocks:
        return "no ```json block describing the parameters"
    try:
        return Interface.model_validate(json.loads(blocks[-1].code))
    except json.JSONDecodeError as err:
        return f"the ```json block is not valid JSON: {err.msg} (line {err.lineno})"
    except ValidationError as err:
        first = err.errors()[0]
        return f"the ```json block: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}"


def plan_from_reply(kernel: Kernel, reply: str, model: str) -> WrapPlan | str:
    """The WrapPlan a reply describes, or what is wrong with the reply (said back to the model)."""
    entry = entry_name(kernel)
    code = extract_code(reply, entry)
    if not code:
        return f"no ```cpp block defining `{entry}`"
    code = cuda_to_hip(code)
    if violations := check_solution(code):  # the same rules as for any solution: it becomes one
        return "the code breaks the rules for solutions: " + "; ".join(str(v) for v in violations[:3])
    declared = _declared_params(code, entry)
    if isinstance(declared, str):
        return declared
    interface = _interface(reply)
    if isinstance(interface, str):
        return interface
    if [p.name for p in interface.params] != [name for _, name in declared]:
        return (
            f"the ```json params {[p.name for p in interface.params]} must be the parameters of `{entry}` before "
            f"`stream`, in order: {[name for _, name in declared]}"
        )
    buffers: list[BufferArg] = []
    scalars: list[Scalar] = []
    for (type_text, name), spec in zip(declared, interface.params, strict=True):
        element, pointer, const = (
            element_type(type_text),
            type_text.count("*"),
            "const" in type_text.replace("*", " ").split(),
        )
        if element is None or pointer > 1:
            return f"parameter `{type_text} {name}`: use pointers to numbers and number scalars only"
        if pointer:
            if spec.role not in ("input", "output", "inout") or not spec.length.strip():
                return f"pointer `{name}`: role must be input, output or inout, with a `length`"
            if const and spec.role != "input":
                return f"pointer `{name}` is const but its role is {spec.role}"
            buffers.append(BufferArg(name, element, spec.role, const, " ".join(spec.length.split())))
        elif spec.role == "size":
            if element not in INTEGER_TYPES:
                return f"size `{name}` must have an integer type"
            scalars.append(Scalar(name, element, "size"))
        elif spec.role == "scalar":
            scalars.append(Scalar(name, element, "int" if element in INTEGER_TYPES else "float"))
        else:
            return f"scalar `{name}`: role must be size or scalar"
    if not any(b.role != "input" for b in buffers):
        return "no pointer is written (output or inout): there is nothing to check"
    sizes = [s.name for s in scalars if s.kind == "size"]
    if not sizes:
        return "no size parameter: say which integer parameters are sizes (role size)"
    tests = interface.tests or _default_tests(sizes)
    if problem := _check_tests(tests, sizes, buffers):
        return problem
    launches = [m.group(0) for m in _LAUNCH.finditer(code)]
    if len(launches) != 1:
        return f"`{entry}` must launch the kernel exactly once (found {len(launches)} launches)"
    signature = f"void {entry}({', '.join(f'{t} {n}' for t, n in declared)}, hipStream_t stream)"
    reference = program_head(kernel) + f"// The host entry function, written by {model}.\n{code.strip()}\n"
    if reference.count(launches[0]) != 1:
        return "the launch statement must appear once in the program"
    return WrapPlan(
        id=kernel.id, method="model", entry_point=entry, signature=signature, reference=reference,
        args=tuple(name for _, name in declared), buffers=tuple(buffers), scalars=tuple(scalars), dims=0,
        size_x=sizes[0], size_y="", block=DEFAULT_BLOCK, launch=launches[0], extent_expr="",
        kernel=kernel.to_dict(), tests=tuple(tests), model=model,
    )  # fmt: skip
