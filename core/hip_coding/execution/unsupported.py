"""Find code the cpu backend cannot judge, so that it is reported as `unsupported`, never as a wrong answer.

Plain token scans run on a blanked copy of the source (comments and literals hidden), so a word in a comment or a
string never counts. Questions about structure ("is this launch inside a device function?", "is this volatile
pointer used in a warp-synchronous reduction?") are answered with the tree-sitter-cuda syntax tree.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import tree_sitter

from hip_coding.execution.cparse import (
    LineIndex,
    Unbalanced,
    blank,
    cuda_language,
    match_bracket,
    node_text,
    parse,
    walk,
)


@dataclass(frozen=True)
class Finding:
    """One construct the cpu backend cannot run faithfully."""

    kind: str
    line: int
    snippet: str
    reason: str


INLINE_ASM = "inline_asm"
GPU_INTRINSIC = "gpu_intrinsic"
TEXTURE = "texture"
DYNAMIC_PARALLELISM = "dynamic_parallelism"
TENSOR_CORE = "tensor_core"
WARP_SYNCHRONOUS = "warp_synchronous"

# (kind, pattern on the blanked source, reason)
_TOKEN_RULES: list[tuple[str, re.Pattern[str], str]] = [
    (
        INLINE_ASM,
        re.compile(r"\b(?:asm|__asm__|__asm)\b\s*(?:(?:volatile|__volatile__|goto|inline)\b\s*)*\("),
        "inline assembly (PTX or GCN) cannot run on the CPU",
    ),
    (
        TENSOR_CORE,
        re.compile(
            r"\bnvcuda\s*::\s*wmma\b|\bwmma\s*::|\brocwmma\b|\b__builtin_amdgcn_(?:mfma|smfmac|wmma)\w*"
            r"|\b(?:mma_sync|load_matrix_sync|store_matrix_sync|fill_fragment)\s*\(|\b__[hib]mma\w*"
        ),
        "tensor-core (WMMA/MFMA) intrinsics are not emulated on the CPU",
    ),
    (
        GPU_INTRINSIC,
        re.compile(r"\b__builtin_amdgcn_(?!mfma|smfmac|wmma)\w+|\b__nvvm_\w+|\b__builtin_ptx_\w+"),
        "a PTX/GCN compiler intrinsic has no CPU implementation",
    ),
    (
        TEXTURE,
        re.compile(
            r"\b(?:texture|surface)\s*<|\b(?:tex1Dfetch|tex[123]D\w*|texCubemap\w*|surf[123]D\w*|surfCubemap\w*)"
            r"\s*[<(]|\b(?:cuda|hip)(?:TextureObject_t|SurfaceObject_t)\b"
            r"|\b(?:cuda|hip)(?:Bind|Unbind|Create|Destroy)(?:Texture|Surface)\w*"
        ),
        "textures and surfaces are not emulated on the CPU",
    ),
]
# Tensor-core PTX hides in the strings of asm statements, which the blanked scan cannot see.
_TENSOR_PTX = re.compile(r"\b(?:w?gmma|mma)\.(?:sync|mma_async)\b|\bldmatrix\.sync\b")

_DEVICE_SPECIFIERS = frozenset({"__global__", "__device__"})
_SYNC_CALLS = frozenset({"__syncwarp", "__syncthreads", "__syncthreads_count", "__syncthreads_and", "__syncthreads_or"})
_LOOPS = frozenset({"for_statement", "while_statement", "do_statement", "for_range_loop"})


def _snippet(source: str, lines: LineIndex, line: int) -> str:
    end = lines.starts[line] if line < len(lines.starts) else len(source)
    text = " ".join(source[lines.start(line) : end].split())
    return text if len(text) <= 120 else text[:117] + "..."


def find_unsupported(source: str) -> list[Finding]:
    """Constructs in `source` that the cpu backend cannot judge, sorted by line (one per kind and line)."""
    blanked = blank(source)
    lines = LineIndex(source)
    hits: dict[tuple[str, int], str] = {}
    for kind, pattern, reason in _TOKEN_RULES:
        for m in pattern.finditer(blanked):
            hits.setdefault((kind, lines.line(m.start())), reason)
    for m in _TOKEN_RULES[0][1].finditer(blanked):  # inside each asm statement, look for tensor-core PTX
        for ptx in _TENSOR_PTX.finditer(source, m.end(), _closing_paren(blanked, m.end() - 1)):
            hits.setdefault((TENSOR_CORE, lines.line(ptx.start())), "tensor-core PTX (mma) cannot run on the CPU")
    if "<<<" in blanked or "volatile" in blanked or "DeviceSynchronize" in blanked:
        for kind, row, reason in _tree_findings(parse(source).root_node):
            hits.setdefault((kind, row + 1), reason)
    found = [Finding(kind, line, _snippet(source, lines, line), reason) for (kind, line), reason in hits.items()]
    return sorted(found, key=lambda f: (f.line, f.kind))


def _closing_paren(text: str, open_at: int) -> int:
    try:
        return match_bracket(text, open_at)
    except Unbalanced:
        return len(text)


def _is_device_function(node: tree_sitter.Node) -> bool:
    return node.type == "function_definition" and any(c.type in _DEVICE_SPECIFIERS for c in node.children)


def _enclosing_function(node: tree_sitter.Node) -> tree_sitter.Node | None:
    parent = node.parent
    while parent is not None and parent.type != "function_definition":
        parent = parent.parent
    return parent


def _called_name(call: tree_sitter.Node) -> str:
    function = call.child_by_field_name("function")
    if function is None:
        return ""
    if function.type == "field_expression":  # tile.sync()
        field = function.child_by_field_name("field")
        return node_text(field) if field is not None else ""
    return node_text(function).rsplit("::", 1)[-1]


@functools.cache
def _structure_query() -> tree_sitter.Query:
    """Launches, device-synchronize calls and device functions; queries run in C, a Python walk of 1 MB does not."""
    return tree_sitter.Query(
        cuda_language(),
        """
        (call_expression (kernel_call_syntax)) @launch
        (call_expression function: [(identifier) (qualified_identifier)] @name
          (#match? @name "(cuda|hip)DeviceSynchronize$")) @devsync
        (function_definition "__global__") @device
        (function_definition "__device__") @device
        """,
    )


def _tree_findings(root: tree_sitter.Node) -> Iterator[tuple[str, int, str]]:
    captures = tree_sitter.QueryCursor(_structure_query()).captures(root)
    for what, calls in (("a kernel launch", "launch"), ("DeviceSynchronize", "devsync")):
        for call in captures.get(calls, []):
            function = _enclosing_function(call)
            if function is not None and _is_device_function(function):
                yield DYNAMIC_PARALLELISM, call.start_point.row, f"{what} in device code (dynamic parallelism)"
    for function in captures.get("device", []):  # host code has no warps
        row = _warp_synchronous_row(function) if b"volatile" in (function.text or b"") else None
        if row is not None:
            reason = "warp-synchronous reduction through a volatile pointer without __syncwarp between steps"
            yield WARP_SYNCHRONOUS, row, reason


def _declared_name(node: tree_sitter.Node | None) -> str:
    """The identifier inside a declarator such as `* v`, `v[64]`, `* v = s`."""
    while node is not None and node.type != "identifier":
        node = node.child_by_field_name("declarator")
    return node_text(node) if node is not None else ""


def _volatile_names(function: tree_sitter.Node) -> set[str]:
    """Names declared volatile in the function (only pointers and arrays can later be subscripted)."""
    names: set[str] = set()
    for node in walk(function):
        if node.type not in ("parameter_declaration", "declaration"):
            continue
        if any(c.type == "type_qualifier" and node_text(c) == "volatile" for c in node.children):
            names.update(_declared_name(d) for d in node.children_by_field_name("declarator"))
    return names


def _subscripted(node: tree_sitter.Node) -> str:
    base = node.child_by_field_name("argument") if node.type == "subscript_expression" else None
    return node_text(base) if base is not None and base.type == "identifier" else ""


def _is_stride_step(assignment: tree_sitter.Node, names: set[str]) -> bool:
    """`v[i] += v[i + s]`, `v[i] = v[i] + v[i + s]`, `v[i] = max(v[i], v[i + s])` with v volatile."""
    left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
    if left is None or right is None or _subscripted(left) not in names:
        return False
    for node in walk(right):
        if _subscripted(node) == _subscripted(left):
            index = node.named_children[-1] if node.named_children else None
            text = node_text(index) if index is not None else ""
            if re.search(r"\+", text) and text.strip("[] ") != node_text(left.named_children[-1]).strip("[] "):
                return True
    return False


def _warp_synchronous_row(function: tree_sitter.Node) -> int | None:
    """Row of the first step of a volatile warp reduction with no warp/block barrier between its steps."""
    body = function.child_by_field_name("body")
    names = _volatile_names(function)
    if body is None or not names:
        return None
    steps, syncs = [], []
    for node in walk(body):
        if node.type == "assignment_expression" and _is_stride_step(node, names):
            steps.append(node)
        elif node.type == "call_expression" and _called_name(node) in (_SYNC_CALLS | {"sync"}):
            syncs.append(node.start_byte)
    for a, b in itertools.pairwise(steps):
        if not any(a.end_byte <= s < b.start_byte for s in syncs):
            return a.start_point.row
    for step in steps:
        loop = step.parent
        while loop is not None and loop != body and loop.type not in _LOOPS:
            loop = loop.parent
        if loop is None or loop.type not in _LOOPS:
            continue
        if not any(loop.start_byte <= s < loop.end_byte for s in syncs):
            return step.start_point.row
    return None
