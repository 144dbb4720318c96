"""Extraction's fourth job: one file's kernels, the `__global__`s that are not kernels, and its definitions.

The CUDA tree-sitter grammar gives the definitions; a kernel is a `function_definition` whose own specifiers
include `__global__`. What happens to the tricky cases of real code is listed in docs/curation.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import tree_sitter

from hip_coding.curation.facts import body_facts, file_language, param, param_roles
from hip_coding.curation.kernel import Dep, KernelSyntax, Problem
from hip_coding.curation.macros import expand_signature_macros
from hip_coding.curation.syntax import children_of_type, declarator_name, is_kernel, walk, walk_declarations
from hip_coding.execution.cparse import LineIndex, blank, node_text, parse

_GLOBAL = re.compile(r"\b__global__\b")


@dataclass
class FileScan:
    """One file's kernels (before the project index resolves their dependencies) and problems."""

    path: str
    kernels: list[KernelSyntax] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    definitions: list[Dep] = field(default_factory=list)
    launches: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # name -> (template args, block)


# `k<<<grid, block...>>>`, `k<float, 128><<<grid, block...>>>`; `hipLaunchKernelGGL(k, grid, block, ...)`,
# `hipLaunchKernelGGL(HIP_KERNEL_NAME(k<float>), grid, block, ...)`.
_TARGS = r"(?:<(?P<args>[^<>;{}()]*(?:<[^<>;{}]*>[^<>;{}()]*)*)>)?"
_CHEVRON = re.compile(
    r"\b(?P<name>[A-Za-z_]\w*)\s*" + _TARGS + r"\s*<<<\s*(?P<grid>[^,;]+?)\s*,\s*(?P<block>[^,;]+?)\s*(?:,|>>>)"
)
_GGL = re.compile(r"hipLaunchKernelGGL\s*\(\s*(?:HIP_KERNEL_NAME\s*\(\s*)?(?P<name>[A-Za-z_]\w*)\s*" + _TARGS +
                  r"\s*\)?\s*,\s*(?P<grid>[^,;]+?)\s*,\s*(?P<block>[^,;]+?)\s*,")  # fmt: skip


def launches_in(blanked: str) -> dict[str, list[tuple[str, str]]]:
    """The launches a file makes: kernel name -> (template arguments or "", block expression), in order, unique."""
    found: dict[str, list[tuple[str, str]]] = {}
    if "<<<" not in blanked and "LaunchKernel" not in blanked:
        return found
    for pattern in (_CHEVRON, _GGL):
        for match in pattern.finditer(blanked):
            launch = (" ".join((match.group("args") or "").split()), " ".join(match.group("block").split()))
            if launch not in found.setdefault(match.group("name"), []):
                found[match.group("name")].append(launch)
    return found


def definitions(root_node: tree_sitter.Node, rel: str, lines: LineIndex) -> list[Dep]:
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
                    add(declarator_name(target.child_by_field_name("declarator")), "device_function", node)
            elif target.type in ("struct_specifier", "class_specifier", "union_specifier", "enum_specifier"):
                name_node = target.child_by_field_name("name")
                if name_node is not None:
                    add(node_text(name_node), "type", node)
            elif target.type in ("type_definition", "alias_declaration"):
                name_node = target.child_by_field_name("name")
                declarators = target.children_by_field_name("declarator") or ([name_node] if name_node else [])
                for declarator in declarators:
                    add(declarator_name(declarator), "type", node)
            elif target.type == "declaration":
                words = {
                    node_text(c)
                    for c in target.children
                    if c.type in ("type_qualifier", "storage_class_specifier") or c.type.startswith("__")
                }
                type_node = target.child_by_field_name("type")
                if type_node is not None and type_node.type in ("struct_specifier", "enum_specifier"):
                    name_node = type_node.child_by_field_name("name")
                    if name_node is not None and type_node.child_by_field_name("body") is not None:
                        add(node_text(name_node), "type", node)
                if is_kernel(target) or "extern" in words:
                    continue
                kind_name = (
                    "constant" if words & {"const", "constexpr"} and not words & {"__constant__", "__device__"} else ""
                )
                if words & {"__constant__", "__device__", "__managed__"}:
                    kind_name = "global_variable"
                if kind_name:
                    for declarator in target.children_by_field_name("declarator"):
                        add(declarator_name(declarator), kind_name, node)

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
        scan.launches = launches_in(blanked)
        tree = parse(text) if "#define" in text or "struct" in text or "__device__" in text else None
        if tree is not None:
            scan.definitions = definitions(tree.root_node, rel, lines)
        return scan
    tree = parse(text)
    scan.definitions = definitions(tree.root_node, rel, lines)
    scan.launches = launches_in(blanked)
    language = file_language(path, raw)
    covered: list[tuple[int, int]] = []
    for node in walk_declarations(tree.root_node):
        if node.type in ("preproc_def", "preproc_function_def"):
            covered.append((node.start_byte, node.end_byte))
        elif node.type == "declaration" and is_kernel(node):
            covered.append((node.start_byte, node.end_byte))
            name = declarator_name(node.child_by_field_name("declarator"))
            scan.problems.append(Problem(rel, lines.line(node.start_byte), "forward_declaration", name))
        elif node.type == "function_definition" and is_kernel(node):
            if node.has_error:
                continue  # its __global__ stays uncovered and is reported below as a parse error
            covered.append((node.start_byte, node.end_byte))
            scan.kernels.append(kernel_syntax(node, text, rel, lines, language, via_macro))
    for match in _GLOBAL.finditer(blanked):
        if not any(start <= match.start() < end for start, end in covered):
            line = lines.line(match.start())
            snippet = " ".join(text[match.start() : match.start() + 120].split())
            scan.problems.append(Problem(rel, line, "parse_error", snippet))
    return scan


def kernel_syntax(
    node: tree_sitter.Node, text: str, rel: str, lines: LineIndex, language: str, via_macro: dict[int, str]
) -> KernelSyntax:
    """The facts of one kernel definition that its file alone shows."""
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
    bounds = [node_text(c) for lb in children_of_type(node, "launch_bounds") for c in lb.named_children]
    declarator = node.child_by_field_name("declarator")
    body = node.child_by_field_name("body")
    assert declarator is not None and body is not None
    plist = declarator.child_by_field_name("parameters")
    params = [param(p) for p in (plist.named_children if plist is not None else []) if p.type.endswith("declaration")]
    params = [p for p in params if not (p.type == "void" and not p.pointer)]
    nodes = list(walk(body))
    start_line, end_line = lines.line(outer.start_byte), lines.line(max(outer.end_byte - 1, 0))
    name = declarator_name(declarator)
    return KernelSyntax(
        path=rel,
        name=name,
        start_line=start_line,
        end_line=end_line,
        signature=" ".join(text[outer.start_byte : body.start_byte].split()),
        params=tuple(param_roles(nodes, params)),
        template_params=tuple(template_params),
        launch_bounds=tuple(bounds),
        specifiers=tuple(specifiers),
        via_macro=next((m for line, m in via_macro.items() if start_line <= line <= end_line), ""),
        source=text[outer.start_byte : outer.end_byte],
        language=language,
        namespace="::".join(namespaces),
        facts=body_facts(nodes),
    )
