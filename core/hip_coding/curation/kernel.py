"""The facts extraction records about a kernel: plain frozen dataclasses, one line of `extract.jsonl` per `Kernel`.

Every later stage (filter, wrap, testgen, archive) reads a `Kernel` back with `Kernel.from_dict`; see
docs/curation.md for what each fact means.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class KParam:
    """One kernel parameter."""

    name: str
    type: str  # the base type without qualifiers or `*`, e.g. "float", "T", "MyStruct"
    text: str  # the declaration as written
    const: bool  # the pointee (or the scalar) is const
    pointer: int  # levels of `*` (an array parameter counts as one)
    restrict: bool = False
    role: str = ""  # pointers: "input", "output" (only assigned), "inout"; scalars: "scalar"


@dataclass(frozen=True)
class Dep:
    """A definition the kernel needs from its project."""

    name: str
    kind: str  # "macro", "type", "constant", "device_function", "global_variable"
    path: str
    line: int
    text: str
    namespace: str = ""  # "a::b" when defined inside namespaces


@dataclass(frozen=True)
class Kernel:
    """One `__global__` definition and its facts; one line of `extract.jsonl`."""

    id: str  # "<project>/<path>:<name>:<line>", stable across runs
    project: str
    path: str  # relative to the repository root
    name: str
    start_line: int
    end_line: int
    signature: str
    params: tuple[KParam, ...]
    template_params: tuple[str, ...]
    launch_bounds: tuple[str, ...]
    specifiers: tuple[str, ...]  # static, inline, extern "C", __forceinline__...
    via_macro: str
    source: str  # the definition (template header included), as compiled (signature macros expanded)
    language: str  # "hip", "cuda" or "either" (from the file's API spelling)
    shared_memory: bool
    dynamic_shared: bool
    atomics: tuple[str, ...]
    warp_ops: tuple[str, ...]
    barriers: tuple[str, ...]
    device_calls: tuple[str, ...]  # project functions it calls
    calls: tuple[str, ...]  # every called name
    referenced: tuple[str, ...]  # names of project types, constants and macros it uses
    index_dims: tuple[str, ...]  # which of x, y, z the thread/block indices use
    deps: tuple[Dep, ...]  # the dependency closure, in definition order
    unresolved: tuple[str, ...]  # names neither local, built in, nor defined in the project
    namespace: str = ""
    commit: str = ""
    license: str = ""
    source_date: str = ""
    instantiations: tuple[str, ...] = ()  # a template kernel's argument lists at its launches in the project
    launch_blocks: tuple[str, ...] = ()  # the block sizes of those launches (templates: one per instantiation)

    @property
    def lines(self) -> int:
        return self.end_line - self.start_line + 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Kernel:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["params"] = tuple(KParam(**p) for p in data["params"])
        fields["deps"] = tuple(Dep(**d) for d in data["deps"])
        for key in ("template_params", "launch_bounds", "specifiers", "atomics", "warp_ops", "barriers"):
            fields[key] = tuple(data[key])
        for key in (
            "device_calls",
            "calls",
            "referenced",
            "index_dims",
            "unresolved",
            "instantiations",
            "launch_blocks",
        ):
            fields[key] = tuple(data.get(key, ()))
        return cls(**fields)


@dataclass(frozen=True)
class Problem:
    """Something in a file that looked like a kernel and was not extracted."""

    path: str
    line: int
    reason: str  # "forward_declaration", "in_string_or_comment", "parse_error"
    detail: str = ""


@dataclass(frozen=True)
class BodyFacts:
    """What a kernel's body shows, before the project index resolves the names it uses."""

    calls: tuple[str, ...]  # every called name, sorted
    shared_memory: bool
    dynamic_shared: bool
    atomics: tuple[str, ...]
    warp_ops: tuple[str, ...]
    barriers: tuple[str, ...]
    index_dims: tuple[str, ...]  # which of x, y, z the thread/block indices use
    identifiers: frozenset[str]  # every name it mentions (calls included)
    locals: frozenset[str]  # names it declares


@dataclass(frozen=True)
class KernelSyntax:
    """One `__global__` definition as its file shows it (scan.py); `closure.resolve` makes it a `Kernel`."""

    path: str
    name: str
    start_line: int
    end_line: int
    signature: str
    params: tuple[KParam, ...]
    template_params: tuple[str, ...]
    launch_bounds: tuple[str, ...]
    specifiers: tuple[str, ...]
    via_macro: str
    source: str
    language: str
    namespace: str
    facts: BodyFacts
