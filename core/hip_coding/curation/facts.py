"""Extraction's third job: the facts of one kernel's syntax tree (parameters and their roles, body features)."""

from __future__ import annotations

import re
from pathlib import Path

import tree_sitter

from hip_coding.curation.kernel import BodyFacts, KParam
from hip_coding.curation.syntax import children_of_type, declarator_name, subscript_base, walk
from hip_coding.execution.cparse import node_text

WARP = re.compile(r"^__(shfl\w*|ballot\w*|any\w*|all\w*|activemask|syncwarp|reduce_\w+_sync|match_\w+)$")
BARRIER = re.compile(r"^(__syncthreads\w*|__syncwarp|__threadfence\w*|__barrier\w*)$")
ATOMIC = re.compile(r"^(atomic\w+|__hip_atomic\w*|unsafeAtomic\w+)$")
HIP_HINT = re.compile(r"\bhip[A-Z]\w*|hip/hip_runtime|hipLaunchKernelGGL")
CUDA_HINT = re.compile(r"\bcuda[A-Z]\w*|cuda_runtime|<<<")


def param(node: tree_sitter.Node) -> KParam:
    type_node = node.child_by_field_name("type")
    base = node_text(type_node) if type_node is not None else ""
    const = any(node_text(q) == "const" for q in children_of_type(node, "type_qualifier"))
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
        restrict = restrict or any("restrict" in node_text(q) for q in children_of_type(cursor, "type_qualifier"))
        cursor = cursor.child_by_field_name("declarator") or next(
            (c for c in cursor.named_children if c.type not in ("type_qualifier",)), None
        )
    name = declarator_name(declarator) if declarator is not None else ""
    return KParam(name=name, type=base, text=" ".join(node_text(node).split()), const=const, pointer=pointer,
                  restrict=restrict)  # fmt: skip


def param_roles(nodes: list[tree_sitter.Node], params: list[KParam]) -> list[KParam]:
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
            base = subscript_base(left) if left is not None else ""
            if base in pointers:
                operator = node.child_by_field_name("operator")
                if operator is not None and node_text(operator) == "=":
                    assigned.add(base)
                    if left is not None:
                        plain_assign_lhs.update(n.id for n in walk(left) if n.type == "identifier")
                else:
                    other.add(base)
        elif node.type == "update_expression":
            base = subscript_base(node.named_children[0])
            if base in pointers:
                other.add(base)
        elif node.type == "call_expression":
            args = node.child_by_field_name("arguments")
            for arg in args.named_children if args is not None else []:
                base = subscript_base(arg.named_children[-1] if arg.type == "pointer_expression" else arg)
                if arg.type == "identifier" and node_text(arg) in pointers:
                    base = node_text(arg)
                if base in pointers and (arg.type != "subscript_expression"):
                    other.add(base)  # &p[i], p, p + i handed to a function: may be written
        elif node.type == "init_declarator":
            value = node.child_by_field_name("value")
            declarator = node.child_by_field_name("declarator")
            if value is not None and declarator is not None and declarator.type == "pointer_declarator":
                for ident in walk(value):
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


def body_facts(nodes: list[tree_sitter.Node]) -> BodyFacts:
    """Calls, shared memory, atomics, warp operations, barriers, index dimensions and names of a kernel's body."""
    calls: list[str] = []
    shared, dynamic = False, False
    dims: set[str] = set()
    identifiers: set[str] = set()
    local_names: set[str] = set()
    for node in nodes:
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None:
                calls.append(declarator_name(function) or node_text(function))
        elif node.type == "declaration":
            qualifiers = {
                node_text(q) for q in node.children if q.type in ("type_qualifier", "storage_class_specifier")
            }
            if "__shared__" in qualifiers:
                shared = True
                dynamic = dynamic or "extern" in qualifiers
            for child in node.children_by_field_name("declarator"):
                local_names.add(declarator_name(child))
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
                local_names.add(declarator_name(declarator))
    unique_calls = sorted(set(calls))
    return BodyFacts(
        calls=tuple(unique_calls),
        shared_memory=shared,
        dynamic_shared=dynamic,
        atomics=tuple(c for c in unique_calls if ATOMIC.match(c)),
        warp_ops=tuple(c for c in unique_calls if WARP.match(c)),
        barriers=tuple(c for c in unique_calls if BARRIER.match(c)),
        index_dims=tuple(sorted(d for d in dims if d in ("x", "y", "z"))),
        identifiers=frozenset(identifiers | set(unique_calls)),
        locals=frozenset(local_names),
    )


def file_language(path: Path, text: str) -> str:
    hip, cuda = bool(HIP_HINT.search(text)), bool(CUDA_HINT.search(text))
    if hip and not cuda or path.suffix == ".hip":
        return "hip"
    if cuda and not hip or path.suffix in (".cu", ".cuh"):
        return "cuda"
    return "either"
