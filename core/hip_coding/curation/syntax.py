"""Small tree-sitter helpers extraction's scanners share: walks, declarator names, the buffer behind a subscript."""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter

from hip_coding.execution.cparse import node_text, walk  # noqa: F401 - walk is re-exported for the scanners


def children_of_type(node: tree_sitter.Node, *types: str) -> list[tree_sitter.Node]:
    return [child for child in node.children if child.type in types]


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


def walk_declarations(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """Like `walk`, without entering bodies, parameter lists or literals: kernels are never defined in there."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current.type not in _OPAQUE:
            stack.extend(reversed(current.children))


def is_kernel(node: tree_sitter.Node) -> bool:
    return any(child.type == "__global__" for child in node.children)


def declarator_name(node: tree_sitter.Node | None) -> str:
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


def subscript_base(node: tree_sitter.Node) -> str:
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
