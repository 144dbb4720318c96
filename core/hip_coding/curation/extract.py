"""Stage 1, extract: every `__global__` definition of a repository, with the facts later stages need.

The CUDA tree-sitter grammar (a superset of C++ that knows `__global__`, `__shared__`, `__launch_bounds__` and
`<<<...>>>`) gives the definitions; a kernel is a `function_definition` whose own specifiers include `__global__`.
The tricky cases of real code, and what happens to them:
- `__launch_bounds__(...)`, `static`, `inline`, `extern "C"` around the kernel: parsed, recorded.
- forward declarations (`__global__ void k(float*);`): not definitions, dropped as `forward_declaration`.
- `__global__` inside a string literal or a comment: not a kernel; counted under `in_string_or_comment`.
- macros that produce the signature (`#define KERNEL(name) __global__ void name(float* x, int n)` or
  `#define GLOBAL static __global__`): expanded in place (line numbers kept) before parsing; `via_macro` says so.
- a file that does not parse cleanly: kernels whose subtree has no parse error are extracted; every other
  `__global__` is reported with its line as `parse_error`.
The repository is indexed once for the kernel's dependency closure: device functions, types, constants and macros
defined in any of its files, same file first, then the project's headers.
"""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tree_sitter

from hip_coding.curation.funnel import Funnel, write_jsonl
from hip_coding.errors import InputError
from hip_coding.execution.cparse import LineIndex, blank, node_text, parse

log = logging.getLogger(__name__)

SOURCE_SUFFIXES = (".cu", ".cuh", ".hip", ".cpp", ".hpp", ".h", ".cc", ".cxx", ".hxx")
HEADER_SUFFIXES = (".cuh", ".hpp", ".h", ".hxx")
MAX_FILE_BYTES = 2_000_000  # generated or vendored monsters are not benchmark material

_GLOBAL = re.compile(r"\b__global__\b")
_WARP = re.compile(r"^__(shfl\w*|ballot\w*|any\w*|all\w*|activemask|syncwarp|reduce_\w+_sync|match_\w+)$")
_BARRIER = re.compile(r"^(__syncthreads\w*|__syncwarp|__threadfence\w*|__barrier\w*)$")
_ATOMIC = re.compile(r"^(atomic\w+|__hip_atomic\w*|unsafeAtomic\w+)$")
_DEFINE = re.compile(
    r"^[ \t]*#[ \t]*define[ \t]+(\w+)(\([^)]*\))?[ \t]*((?:[^\n\\]|\\.)*(?:\\\n(?:[^\n\\]|\\.)*)*)", re.M
)
_HIP_HINT = re.compile(r"\bhip[A-Z]\w*|hip/hip_runtime|hipLaunchKernelGGL")
_CUDA_HINT = re.compile(r"\bcuda[A-Z]\w*|cuda_runtime|<<<")
_SPDX = re.compile(r"SPDX-License-Identifier:\s*([\w.+-]+(?:\s+(?:OR|AND|WITH)\s+[\w.+-]+)*)")
_LICENSES = (  # (SPDX id, phrases that identify the text), most specific first
    ("Apache-2.0", ("apache license", "version 2.0")),
    ("GPL-3.0", ("gnu general public license", "version 3")),
    ("GPL-2.0", ("gnu general public license", "version 2")),
    ("LGPL-3.0", ("gnu lesser general public license",)),
    ("MPL-2.0", ("mozilla public license",)),
    ("BSD-3-Clause", ("redistribution and use", "neither the name")),
    ("BSD-2-Clause", ("redistribution and use",)),
    ("MIT", ("permission is hereby granted, free of charge",)),
    ("Unlicense", ("this is free and unencumbered software",)),
)


#: Names a kernel may use without a definition in the project: the CUDA/HIP built-ins and the C/C++ library.
def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


BUILTIN_NAMES = _names(
    """
    threadIdx blockIdx blockDim gridDim warpSize x y z w size_t int8_t int16_t int32_t int64_t uint8_t
    uint16_t uint32_t uint64_t uint unsigned signed bool true false nullptr NULL float2 float3 float4 double2
    int2 int3 int4 uint2 uint3 uint4 char2 char4 uchar2 uchar4 short2 dim3 half half2 __half __half2
    nv_bfloat16 __nv_bfloat16 hip_bfloat16 sizeof min max abs fabs fabsf sqrt sqrtf rsqrt rsqrtf exp expf
    exp2f expm1f log logf log2f log10f log1pf pow powf sin sinf cos cosf tan tanf tanh tanhf asinf acosf atanf
    atan2f sinhf coshf erf erff erfc erfcf floor floorf ceil ceilf round roundf rint rintf trunc truncf fmin
    fminf fmax fmaxf fma fmaf fmod fmodf copysignf signbit isnan isinf isfinite INFINITY NAN FLT_MAX FLT_MIN
    DBL_MAX INT_MAX INT_MIN UINT_MAX make_float2 make_float3 make_float4 make_int2 make_int4 printf assert std
    numeric_limits static_cast reinterpret_cast const_cast __ldg __restrict__ __float2half __half2float
    __fdividef __expf __logf __sinf __cosf __powf __saturatef __popc __popcll __clz __ffs __brev __mul24
    __umul24 __int_as_float __float_as_int __float_as_uint __uint_as_float clock clock64 __threadfence
    __threadfence_block
    """
)
_BUILTIN_PREFIX = re.compile(r"^(__|atomic|cuda|hip|cub|std$)")


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
        for key in ("device_calls", "calls", "referenced", "index_dims", "unresolved"):
            fields[key] = tuple(data[key])
        return cls(**fields)


@dataclass(frozen=True)
class Problem:
    """Something in a file that looked like a kernel and was not extracted."""

    path: str
    line: int
    reason: str  # "forward_declaration", "in_string_or_comment", "parse_error"
    detail: str = ""


@dataclass
class FileScan:
    """One file's kernels (before the project index resolves their dependencies) and problems."""

    path: str
    kernels: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    definitions: list[Dep] = field(default_factory=list)


@dataclass(frozen=True)
class Provenance:
    """Where a repository came from."""

    project: str
    root: Path
    commit: str
    license: str
    source_date: str
    url: str = ""


# ---------------------------------------------------------------------------------------------------------------
# The repository


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def is_url(repo: str) -> bool:
    return "://" in repo or repo.startswith("git@")


def fetch_repository(repo: str, out_dir: Path) -> Path:
    """A local folder for `repo`: the folder itself, or a clone of a git URL under `out_dir/repo`."""
    if not is_url(repo):
        root = Path(repo)
        if not root.is_dir():
            raise InputError(f"{repo}: no such directory (give a folder or a git URL)")
        return root.resolve()
    target = out_dir / "repo"
    if (target / ".git").is_dir():
        return target  # resumed: cloned by an earlier run
    out_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", repo, str(target)], capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise InputError(f"{repo}: git clone failed: {done.stderr.strip()[:500]}")
    return target


def detect_license(root: Path) -> str:
    """The SPDX id of the repository's LICENSE/COPYING file, or "" when there is none or it is not recognised."""
    for path in sorted(root.iterdir()):
        if path.is_file() and re.match(r"(?i)^(license|licence|copying)", path.name):
            text = path.read_text(encoding="utf-8", errors="replace")
            spdx = _SPDX.search(text)
            if spdx:
                return spdx.group(1)
            lowered = " ".join(text.lower().split())
            for spdx_id, phrases in _LICENSES:
                if all(phrase in lowered for phrase in phrases):
                    return spdx_id
            return "unknown"
    return ""


def provenance(root: Path, url: str = "") -> Provenance:
    """Project name, commit, license and the date of the newest commit (or newest file when not a git repo)."""
    name = re.sub(r"\.git$", "", url.rstrip("/").rsplit("/", 1)[-1]) if url else root.name
    commit = _git(root, "rev-parse", "HEAD") if (root / ".git").exists() else ""
    date = _git(root, "log", "-1", "--format=%cs") if commit else ""
    if not date:
        import datetime

        newest = max((p.stat().st_mtime for p in source_files(root)), default=0.0)
        date = datetime.date.fromtimestamp(newest).isoformat() if newest else ""
    return Provenance(name, root, commit, detect_license(root), date, url)


def source_files(root: Path, exclude: Path | None = None) -> list[Path]:
    """The C/C++/CUDA/HIP files of a repository, sorted, without .git, oversized files and `exclude` (our output)."""
    files = []
    skip = exclude.resolve() if exclude is not None else None
    for path in sorted(root.rglob("*")):
        if ".git" in path.relative_to(root).parts or path.suffix.lower() not in SOURCE_SUFFIXES:
            continue
        if skip is not None and path.resolve().is_relative_to(skip):
            continue
        if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
            files.append(path)
    return files


# ---------------------------------------------------------------------------------------------------------------
# One file


def expand_signature_macros(text: str) -> tuple[str, dict[int, str]]:
    """Expand macros whose body holds `__global__` or `__launch_bounds__` where they are used.

    Returns the new text (same line count: each expansion is padded with the newlines it swallowed) and
    {line: macro name} for the lines where an expansion happened.
    """
    macros: dict[str, tuple[list[str] | None, str]] = {}
    define_lines: set[int] = set()
    for match in _DEFINE.finditer(text):
        body = " ".join(re.sub(r"\\\n", " ", match.group(3)).split())
        if "__global__" in body or "__launch_bounds__" in body:
            params = [p.strip() for p in match.group(2)[1:-1].split(",")] if match.group(2) else None
            macros[match.group(1)] = (params, body)
            first = text.count("\n", 0, match.start())
            define_lines.update(range(first, first + match.group(0).count("\n") + 1))
    if not macros:
        return text, {}
    blanked = blank(text)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, macros)) + r")\b")
    pieces, used, cursor = [], {}, 0
    for match in pattern.finditer(blanked):
        if match.start() < cursor:
            continue
        line = blanked.count("\n", 0, match.start())
        if line in define_lines:
            continue
        params, body = macros[match.group(1)]
        end = match.end()
        if params is not None:
            open_paren = re.compile(r"\s*\(").match(blanked, end)
            if open_paren is None:
                continue
            depth, index, args, start = 0, open_paren.end() - 1, [], open_paren.end()
            while index < len(blanked):
                char = blanked[index]
                if char == "(":
                    depth += 1
                elif char == ")":
                    depth -= 1
                    if depth == 0:
                        args.append(text[start:index].strip())
                        break
                elif char == "," and depth == 1:
                    args.append(text[start:index].strip())
                    start = index + 1
                index += 1
            end = index + 1
            for name, value in zip(params, args, strict=False):
                body = re.sub(rf"\b{re.escape(name)}\b", value.replace("\\", r"\\"), body)
        swallowed = text.count("\n", match.start(), end)
        pieces += [text[cursor : match.start()], body + "\n" * swallowed]
        used[line + 1] = match.group(1)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), used


def _children_of_type(node: tree_sitter.Node, *types: str) -> list[tree_sitter.Node]:
    return [child for child in node.children if child.type in types]


def _walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


_OPAQUE = frozenset(
    {
        "compound_statement",
        "field_declaration_list",
        "parameter_list",
        "string_literal",
        "raw_string_literal",
        "initializer_list",
        "argument_list",
        "enumerator_list",
    }
)


def _walk_declarations(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """Like `_walk`, without entering bodies, parameter lists or literals: kernels are never defined in there."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current.type not in _OPAQUE:
            stack.extend(reversed(current.children))


def _is_kernel(node: tree_sitter.Node) -> bool:
    return any(child.type == "__global__" for child in node.children)


def _declarator_name(node: tree_sitter.Node | None) -> str:
    """The identifier a (possibly nested) declarator declares."""
    while node is not None:
        if node.type in ("identifier", "field_identifier", "type_identifier", "operator_name"):
            return node_text(node)
        if node.type in ("qualified_identifier", "template_function"):
            name = node.child_by_field_name("name")
            return node_text(name) if name is not None else node_text(node)
        inner = node.child_by_field_name("declarator")
        if inner is None:
            named = [c for c in node.named_children if c.type not in ("type_qualifier", "parameter_list")]
            inner = named[0] if named else None
        node = inner
    return ""


def _param(node: tree_sitter.Node) -> KParam:
    type_node = node.child_by_field_name("type")
    base = node_text(type_node) if type_node is not None else ""
    const = any(node_text(q) == "const" for q in _children_of_type(node, "type_qualifier"))
    pointer, restrict, declarator = 0, False, node.child_by_field_name("declarator")
    cursor = declarator
    while cursor is not None and cursor.type in (
        "pointer_declarator",
        "abstract_pointer_declarator",
        "array_declarator",
        "reference_declarator",
    ):
        if cursor.type != "reference_declarator":
            pointer += 1
        restrict = restrict or any("restrict" in node_text(q) for q in _children_of_type(cursor, "type_qualifier"))
        cursor = cursor.child_by_field_name("declarator") or next(
            (c for c in cursor.named_children if c.type not in ("type_qualifier",)), None
        )
    name = _declarator_name(declarator) if declarator is not None else ""
    return KParam(name=name, type=base, text=" ".join(node_text(node).split()), const=const, pointer=pointer,
                  restrict=restrict)  # fmt: skip


def _subscript_base(node: tree_sitter.Node) -> str:
    """The identifier at the root of `p[i]`, `p[i].x`, `*p`, `*(p + i)`, `(p + i)[0]`."""
    while node is not None:
        if node.type == "identifier":
            return node_text(node)
        if node.type in ("subscript_expression", "field_expression"):
            node = node.child_by_field_name("argument") or node.named_children[0]
        elif node.type == "pointer_expression":
            node = node.child_by_field_name("argument") or node.named_children[-1]
        elif node.type in ("parenthesized_expression", "binary_expression"):
            node = node.named_children[0]
        else:
            return ""
    return ""


def _param_roles(nodes: list[tree_sitter.Node], params: list[KParam]) -> list[KParam]:
    """Pointer roles from the body: written -> "output" (only ever assigned with `=`) or "inout"; else "input".

    Anything the rules cannot see through (a pointer passed to a call other than an atomic, or copied into a
    local) counts as written, so a hidden write never turns a buffer into a checked-unchanged input.
    """
    pointers = {p.name for p in params if p.pointer}
    assigned: set[str] = set()
    other: set[str] = set()  # written in a way that may also read, or escaped
    plain_assign_lhs: set[int] = set()
    for node in nodes:
        if node.type == "assignment_expression":
            left = node.child_by_field_name("left")
            base = _subscript_base(left) if left is not None else ""
            if base in pointers:
                operator = node.child_by_field_name("operator")
                if operator is not None and node_text(operator) == "=":
                    assigned.add(base)
                    if left is not None:
                        plain_assign_lhs.update(n.id for n in _walk(left) if n.type == "identifier")
                else:
                    other.add(base)
        elif node.type == "update_expression":
            base = _subscript_base(node.named_children[0])
            if base in pointers:
                other.add(base)
        elif node.type == "call_expression":
            args = node.child_by_field_name("arguments")
            for arg in args.named_children if args is not None else []:
                base = _subscript_base(arg.named_children[-1] if arg.type == "pointer_expression" else arg)
                if arg.type == "identifier" and node_text(arg) in pointers:
                    base = node_text(arg)
                if base in pointers and (arg.type != "subscript_expression"):
                    other.add(base)  # &p[i], p, p + i handed to a function: may be written
        elif node.type == "init_declarator":
            value = node.child_by_field_name("value")
            declarator = node.child_by_field_name("declarator")
            if value is not None and declarator is not None and declarator.type == "pointer_declarator":
                for ident in _walk(value):
                    if ident.type == "identifier" and node_text(ident) in pointers:
                        other.add(node_text(ident))
    read_elsewhere = {
        node_text(n)
        for n in nodes
        if n.type == "identifier" and n.id not in plain_assign_lhs and node_text(n) in assigned
    }
    roles = []
    for p in params:
        if not p.pointer:
            role = "scalar"
        elif p.const or (p.name not in assigned and p.name not in other):
            role = "input"
        elif p.name in other or p.name in read_elsewhere:
            role = "inout"
        else:
            role = "output"
        roles.append(KParam(p.name, p.type, p.text, p.const, p.pointer, p.restrict, role))
    return roles


def _body_facts(nodes: list[tree_sitter.Node]) -> dict[str, Any]:
    calls, shared, dynamic, dims, identifiers, local_names = [], False, False, set(), set(), set()
    for node in nodes:
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None:
                calls.append(_declarator_name(function) or node_text(function))
        elif node.type == "declaration":
            qualifiers = {
                node_text(q) for q in node.children if q.type in ("type_qualifier", "storage_class_specifier")
            }
            if "__shared__" in qualifiers:
                shared = True
                dynamic = dynamic or "extern" in qualifiers
            for child in node.children_by_field_name("declarator"):
                local_names.add(_declarator_name(child))
        elif node.type == "field_expression":
            argument, field_node = node.child_by_field_name("argument"), node.child_by_field_name("field")
            if argument is not None and field_node is not None and node_text(argument) in (
                "threadIdx", "blockIdx", "blockDim", "gridDim"
            ):  # fmt: skip
                dims.add(node_text(field_node))
        elif node.type in ("identifier", "type_identifier"):
            parent = node.parent
            if parent is not None and parent.type == "field_expression" and parent.child_by_field_name("field") == node:
                continue
            identifiers.add(node_text(node))
        elif node.type in ("for_range_loop", "parameter_declaration", "condition_clause"):
            declarator = node.child_by_field_name("declarator")
            if declarator is not None:
                local_names.add(_declarator_name(declarator))
    unique_calls = sorted(set(calls))
    return {
        "calls": tuple(unique_calls),
        "shared_memory": shared,
        "dynamic_shared": dynamic,
        "atomics": tuple(c for c in unique_calls if _ATOMIC.match(c)),
        "warp_ops": tuple(c for c in unique_calls if _WARP.match(c)),
        "barriers": tuple(c for c in unique_calls if _BARRIER.match(c)),
        "index_dims": tuple(sorted(d for d in dims if d in ("x", "y", "z"))),
        "identifiers": identifiers | set(unique_calls),
        "locals": local_names,
    }


def _file_language(path: Path, text: str) -> str:
    hip, cuda = bool(_HIP_HINT.search(text)), bool(_CUDA_HINT.search(text))
    if hip and not cuda or path.suffix == ".hip":
        return "hip"
    if cuda and not hip or path.suffix in (".cu", ".cuh"):
        return "cuda"
    return "either"


def _definitions(root_node: tree_sitter.Node, rel: str, lines: LineIndex) -> list[Dep]:
    """Top-level definitions (also inside namespaces, `extern "C"` and `#if` blocks) a kernel may need."""
    found: list[Dep] = []

    namespace: list[str] = []

    def add(name: str, kind: str, node: tree_sitter.Node) -> None:
        if name and not node.has_error:
            found.append(Dep(name, kind, rel, lines.line(node.start_byte), node_text(node), "::".join(namespace)))

    def visit(container: tree_sitter.Node) -> None:
        for node in container.named_children:
            kind = node.type
            target = node.named_children[-1] if kind == "template_declaration" and node.named_children else node
            if (
                kind in ("namespace_definition", "linkage_specification", "declaration_list")
                or kind.startswith("preproc_if")
                or kind in ("preproc_else", "preproc_elif")
            ):
                body = node.child_by_field_name("body")
                name_node = node.child_by_field_name("name") if kind == "namespace_definition" else None
                namespace.extend([node_text(name_node)] if name_node is not None else [])
                visit(body if body is not None and kind != "preproc_ifdef" else node)
                del namespace[len(namespace) - (1 if name_node is not None else 0) :]
                continue
            if kind in ("preproc_def", "preproc_function_def"):
                name_node = node.child_by_field_name("name")
                value = node.child_by_field_name("value")
                if name_node is not None and value is not None:  # include guards have no value
                    add(node_text(name_node), "macro", node)
            elif target.type == "function_definition":
                specifiers = {node_text(c) for c in target.children if not c.is_named or c.type.startswith("__")}
                specifiers |= {node_text(c) for c in target.children if c.type == "storage_class_specifier"}
                if "__global__" in specifiers:
                    continue
                if "__device__" in specifiers or "constexpr" in node_text(target).split("(")[0]:
                    add(_declarator_name(target.child_by_field_name("declarator")), "device_function", node)
            elif target.type in ("struct_specifier", "class_specifier", "union_specifier", "enum_specifier"):
                name_node = target.child_by_field_name("name")
                if name_node is not None:
                    add(node_text(name_node), "type", node)
            elif target.type in ("type_definition", "alias_declaration"):
                name_node = target.child_by_field_name("name")
                declarators = target.children_by_field_name("declarator") or ([name_node] if name_node else [])
                for declarator in declarators:
                    add(_declarator_name(declarator), "type", node)
            elif target.type == "declaration":
                words = {
                    node_text(c) for c in target.children if c.type in ("type_qualifier", "storage_class_specifier")
                }
                type_node = target.child_by_field_name("type")
                if type_node is not None and type_node.type in ("struct_specifier", "enum_specifier"):
                    name_node = type_node.child_by_field_name("name")
                    if name_node is not None and type_node.child_by_field_name("body") is not None:
                        add(node_text(name_node), "type", node)
                if _is_kernel(target) or "extern" in words:
                    continue
                kind_name = (
                    "constant" if words & {"const", "constexpr"} and not words & {"__constant__", "__device__"} else ""
                )
                if words & {"__constant__", "__device__", "__managed__"}:
                    kind_name = "global_variable"
                if kind_name:
                    for declarator in target.children_by_field_name("declarator"):
                        add(_declarator_name(declarator), kind_name, node)

    visit(root_node)
    return found


def scan_file(path: Path, root: Path) -> FileScan:
    """Kernels, problems and definitions of one file."""
    rel = path.relative_to(root).as_posix()
    raw = path.read_text(encoding="utf-8", errors="replace")
    scan = FileScan(rel)
    text, via_macro = expand_signature_macros(raw)
    blanked = blank(text)
    lines = LineIndex(text)
    for match in _GLOBAL.finditer(text):
        if blanked[match.start() : match.end()] != "__global__":
            scan.problems.append(Problem(rel, lines.line(match.start()), "in_string_or_comment"))
    if not _GLOBAL.search(blanked):
        tree = parse(text) if "#define" in text or "struct" in text or "__device__" in text else None
        if tree is not None:
            scan.definitions = _definitions(tree.root_node, rel, lines)
        return scan
    tree = parse(text)
    scan.definitions = _definitions(tree.root_node, rel, lines)
    language = _file_language(path, raw)
    covered: list[tuple[int, int]] = []
    for node in _walk_declarations(tree.root_node):
        if node.type in ("preproc_def", "preproc_function_def"):
            covered.append((node.start_byte, node.end_byte))
        elif node.type == "declaration" and _is_kernel(node):
            covered.append((node.start_byte, node.end_byte))
            name = _declarator_name(node.child_by_field_name("declarator"))
            scan.problems.append(Problem(rel, lines.line(node.start_byte), "forward_declaration", name))
        elif node.type == "function_definition" and _is_kernel(node):
            if node.has_error:
                continue  # its __global__ stays uncovered and is reported below as a parse error
            covered.append((node.start_byte, node.end_byte))
            scan.kernels.append(_kernel_fields(node, text, rel, lines, language, via_macro))
    for match in _GLOBAL.finditer(blanked):
        if not any(start <= match.start() < end for start, end in covered):
            line = lines.line(match.start())
            snippet = " ".join(text[match.start() : match.start() + 120].split())
            scan.problems.append(Problem(rel, line, "parse_error", snippet))
    return scan


def _kernel_fields(
    node: tree_sitter.Node, text: str, rel: str, lines: LineIndex, language: str, via_macro: dict[int, str]
) -> dict[str, Any]:
    outer = node
    template_params: list[str] = []
    if node.parent is not None and node.parent.type == "template_declaration":
        outer = node.parent
        plist = outer.child_by_field_name("parameters")
        template_params = [" ".join(node_text(c).split()) for c in plist.named_children] if plist else []
    specifiers = [node_text(c) for c in node.children if c.type in ("storage_class_specifier", "type_qualifier")]
    specifiers += [node_text(c) for c in node.children if not c.is_named and c.type.startswith("__") and
                   c.type != "__global__"]  # fmt: skip
    if outer.parent is not None and outer.parent.type == "linkage_specification":
        specifiers.append('extern "C"')
    namespaces: list[str] = []
    ancestor = outer.parent
    while ancestor is not None:
        if ancestor.type == "namespace_definition":
            name_node = ancestor.child_by_field_name("name")
            namespaces.insert(0, node_text(name_node) if name_node is not None else "")
        ancestor = ancestor.parent
    bounds = [node_text(c) for lb in _children_of_type(node, "launch_bounds") for c in lb.named_children]
    declarator = node.child_by_field_name("declarator")
    body = node.child_by_field_name("body")
    assert declarator is not None and body is not None
    plist = declarator.child_by_field_name("parameters")
    params = [_param(p) for p in (plist.named_children if plist is not None else []) if p.type.endswith("declaration")]
    params = [p for p in params if not (p.type == "void" and not p.pointer)]
    nodes = list(_walk(body))
    facts = _body_facts(nodes)
    start_line, end_line = lines.line(outer.start_byte), lines.line(max(outer.end_byte - 1, 0))
    name = _declarator_name(declarator)
    return {
        "path": rel,
        "name": name,
        "start_line": start_line,
        "end_line": end_line,
        "signature": " ".join(text[outer.start_byte : body.start_byte].split()),
        "params": tuple(_param_roles(nodes, params)),
        "template_params": tuple(template_params),
        "launch_bounds": tuple(bounds),
        "specifiers": tuple(specifiers),
        "via_macro": next((m for line, m in via_macro.items() if start_line <= line <= end_line), ""),
        "source": text[outer.start_byte : outer.end_byte],
        "language": language,
        "namespace": "::".join(namespaces),
        "facts": facts,
    }


# ---------------------------------------------------------------------------------------------------------------
# The project index and the closure


class ProjectIndex:
    """Every definition of the project by name; lookups prefer the kernel's own file, then headers."""

    def __init__(self, definitions: list[Dep]) -> None:
        self.by_name: dict[str, list[Dep]] = {}
        for dep in definitions:
            self.by_name.setdefault(dep.name, []).append(dep)

    def find(self, name: str, path: str) -> Dep | None:
        options = self.by_name.get(name)
        if not options:
            return None
        same = [d for d in options if d.path == path]
        headers = [d for d in options if d.path.endswith(HEADER_SUFFIXES)]
        return (same or headers or options)[0]


_IDENT = re.compile(r"\b[A-Za-z_]\w*\b")
_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\(")


def closure(names: set[str], path: str, index: ProjectIndex, own: set[str]) -> tuple[list[Dep], set[str]]:
    """The definitions `names` need, transitively, dependencies before dependents; and the names not found."""
    ordered: list[Dep] = []
    seen: set[tuple[str, int]] = set()
    missing: set[str] = set()

    def visit(name: str, from_path: str, depth: int) -> None:
        if name in own or name in BUILTIN_NAMES or _BUILTIN_PREFIX.match(name):
            return
        dep = index.find(name, from_path)
        if dep is None:
            missing.add(name)
            return
        key = (dep.path, dep.line)
        if key in seen or depth > 50:
            return
        seen.add(key)
        inner = set(_IDENT.findall(blank(dep.text))) - {dep.name}
        for other in sorted(inner):
            if index.find(other, dep.path) is not None:
                visit(other, dep.path, depth + 1)
        ordered.append(dep)

    for name in sorted(names):
        visit(name, path, 0)
    return ordered, missing


def _finish(fields: dict[str, Any], index: ProjectIndex, prov: Provenance) -> Kernel:
    facts = fields.pop("facts")
    params: tuple[KParam, ...] = fields["params"]
    template_names = {re.split(r"[\s=]", t.replace("typename", "").replace("class", "").strip())[-1]
                      for t in fields["template_params"] if t}  # fmt: skip
    template_names |= {t.split()[-1].split("=")[0] for t in fields["template_params"] if t}
    own = {p.name for p in params} | facts["locals"] | template_names | {fields["name"]}
    names: set[str] = set(facts["identifiers"]) - own
    signature_names = set(_IDENT.findall(blank(fields["signature"])))
    names |= {n for n in signature_names if index.find(n, fields["path"]) is not None} - own
    deps, missing = closure(names, fields["path"], index, own)
    missing -= {kw for kw in missing if kw in ("if", "for", "while", "return", "auto", "this")}
    direct = {d.name for d in deps}
    # Atomics, warp operations and barriers inside the device functions it calls are facts of the kernel too.
    inner_calls = {c for d in deps if d.kind == "device_function" for c in _CALL.findall(blank(d.text))}
    for key, pattern in (("atomics", _ATOMIC), ("warp_ops", _WARP), ("barriers", _BARRIER)):
        facts[key] = tuple(sorted(set(facts[key]) | {c for c in inner_calls if pattern.match(c)}))
    return Kernel(
        id=f"{prov.project}/{fields['path']}:{fields['name']}:{fields['start_line']}",
        project=prov.project,
        device_calls=tuple(c for c in facts["calls"] if c in direct),
        calls=facts["calls"],
        referenced=tuple(sorted(n for n in names if n in direct and n not in facts["calls"])),
        deps=tuple(deps),
        unresolved=tuple(sorted(missing)),
        shared_memory=facts["shared_memory"],
        dynamic_shared=facts["dynamic_shared"],
        atomics=facts["atomics"],
        warp_ops=facts["warp_ops"],
        barriers=facts["barriers"],
        index_dims=facts["index_dims"],
        commit=prov.commit,
        license=_file_license(prov.root / fields["path"]) or prov.license,
        source_date=prov.source_date,
        **fields,
    )


def _file_license(path: Path) -> str:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return ""
    match = _SPDX.search(head)
    return match.group(1) if match else ""


@dataclass(frozen=True)
class Extraction:
    """The kernels of a repository and every `__global__` that did not become one."""

    provenance: Provenance
    kernels: list[Kernel]
    problems: list[Problem]
    files: int
    bytes: int

    def funnel(self) -> Funnel:
        funnel = Funnel("extract", items_out=len(self.kernels))
        for problem in self.problems:
            funnel.dropped[problem.reason] += 1
        funnel.items_in = funnel.items_out + sum(funnel.dropped.values())
        return funnel


def extract_repository(root: Path, url: str = "", exclude: Path | None = None) -> Extraction:
    """Scan every source file of `root`; resolve each kernel's dependencies against the whole project."""
    prov = provenance(root, url)
    scans = []
    total = 0
    for path in source_files(root, exclude):
        total += path.stat().st_size
        try:
            scans.append(scan_file(path, root))
        except (OSError, ValueError) as err:  # unreadable file: report it, keep going
            scans.append(FileScan(path.relative_to(root).as_posix(), problems=[
                Problem(path.relative_to(root).as_posix(), 0, "parse_error", str(err))]))  # fmt: skip
    index = ProjectIndex([d for scan in scans for d in scan.definitions])
    kernels = [_finish(fields, index, prov) for scan in scans for fields in scan.kernels]
    problems = [p for scan in scans for p in scan.problems]
    for problem in problems:
        if problem.reason == "parse_error":
            log.info("%s:%d: __global__ not extracted (does not parse cleanly): %s", problem.path, problem.line,
                     problem.detail)  # fmt: skip
    return Extraction(prov, kernels, problems, len(scans), total)


def run_extract(repo: str, out_dir: Path) -> Funnel:
    """The `extract` stage: `out_dir/extract.jsonl` (one kernel per line) and `extract.problems.jsonl`."""
    root = fetch_repository(repo, out_dir)
    # Our own output (candidate programs!) must not be scanned when it sits inside the repository.
    inside = root.resolve().is_relative_to(out_dir.resolve())  # a clone lives in OUT/repo: nothing to exclude
    result = extract_repository(root, repo if is_url(repo) else "", exclude=None if inside else out_dir)
    write_jsonl(out_dir / "extract.jsonl", (k.to_dict() for k in result.kernels))
    write_jsonl(out_dir / "extract.dropped.jsonl", (
        {"id": f"{p.path}:{p.line}", **asdict(p)} for p in result.problems))  # fmt: skip
    funnel = result.funnel()
    funnel.save(out_dir)
    return funnel
