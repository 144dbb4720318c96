"""How many elements each buffer of a wrapped kernel needs, read off the kernel's own index expressions.

A harness that sizes a buffer from a guess corrupts its own heap when the kernel indexes further (a 2-D kernel
reading whole tiles, a strided or pitched access). Instead, every access `p[e]`, `*(p + e)` and `q[e]` through a
local `q = p + o` is translated into C++ that computes an interval bound of `e` inside the harness, where the sizes
and the launch the wrapper chose are known: `threadIdx.x` lies in `[0, blockDim.x - 1]`, `blockIdx.x` in
`[0, gridDim.x - 1]`, a scalar parameter is its value, a loop variable lies between its start and its bound, and
a local is the hull of everything assigned to it (flow-insensitive, guards ignored). The bound over-estimates,
which is safe: elements the kernel leaves alone compare equal. Anything the translation does not understand
(a pointer handed to a function, a local changed by `+=` outside its loop header, a float index) makes the
buffer's extent *unsure*; testgen then runs the original kernel under the `sanitize` mode on a trial size and
grows the buffers or drops the kernel (docs/curation.md, "Buffer extents").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tree_sitter

from hip_coding.curation.facts import ATOMIC
from hip_coding.curation.kernel import Kernel
from hip_coding.curation.syntax import walk
from hip_coding.execution.cparse import node_text, parse

#: The interval helpers the translated bounds use; pasted into every harness that has a static extent.
INTERVAL_CPP = """\
struct hc_iv { long long lo, hi; };
static hc_iv hc_pt(long long v) { return {v, v}; }
static hc_iv hc_add(hc_iv a, hc_iv b) { return {a.lo + b.lo, a.hi + b.hi}; }
static hc_iv hc_sub(hc_iv a, hc_iv b) { return {a.lo - b.hi, a.hi - b.lo}; }
static hc_iv hc_neg(hc_iv a) { return {-a.hi, -a.lo}; }
static hc_iv hc_hull(hc_iv a, hc_iv b) { return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)}; }
static hc_iv hc_mul(hc_iv a, hc_iv b) {
  const long long p[] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
  return {*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
}
static hc_iv hc_div(hc_iv a, hc_iv b) {
  if (b.lo <= 0 && b.hi >= 0) return hc_hull(a, hc_neg(a));  // |a / b| <= |a| for any nonzero integer b
  const long long p[] = {a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi};
  return {*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
}
static hc_iv hc_rem(hc_iv a, hc_iv b) {
  const long long m = std::max(std::llabs(b.lo), std::llabs(b.hi)) - 1;
  if (a.lo >= 0) return {0, std::min(a.hi, std::max(m, 0LL))};
  return {-m, m};
}
static hc_iv hc_shl(hc_iv a, hc_iv b) { return hc_mul(a, {1LL << std::max(b.lo, 0LL), 1LL << std::min(b.hi, 40LL)}); }
static hc_iv hc_shr(hc_iv a, hc_iv b) { return hc_div(a, {1LL << std::max(b.lo, 0LL), 1LL << std::min(b.hi, 40LL)}); }
static hc_iv hc_and(hc_iv a, hc_iv b) {
  if (a.lo >= 0 && b.lo >= 0) return {0, std::min(a.hi, b.hi)};
  return hc_hull(hc_hull(a, b), {0, 0});
}
static hc_iv hc_min(hc_iv a, hc_iv b) { return {std::min(a.lo, b.lo), std::min(a.hi, b.hi)}; }
static hc_iv hc_max(hc_iv a, hc_iv b) { return {std::max(a.lo, b.lo), std::max(a.hi, b.hi)}; }
// A loop variable from `start` while below `bound` (inclusive: `<=`): every value it takes in the body.
// The condition holds before every pass, the first too, so the bound caps the variable inside the body.
static hc_iv hc_upto(hc_iv start, hc_iv bound, long long inclusive) {
  return {start.lo, bound.hi - 1 + inclusive};
}
static hc_iv hc_downto(hc_iv start, hc_iv bound, long long inclusive) {
  return {bound.lo + 1 - inclusive, start.hi};
}
// Elements a buffer needs for all of its accesses; -1 when one may index below 0.
static long long hc_need(std::initializer_list<hc_iv> accesses) {
  long long need = 0;
  for (const hc_iv& a : accesses) {
    if (a.lo < 0) return -1;
    need = std::max(need, a.hi + 1);
  }
  return need;
}
// The same, for accesses whose lower bound ignores the kernel's guards (checked under the sanitizer instead).
static long long hc_need_above(std::initializer_list<hc_iv> accesses) {
  long long need = 0;
  for (const hc_iv& a : accesses) need = std::max(need, a.hi + 1);
  return need;
}
"""

_BINARY = {"+": "hc_add", "-": "hc_sub", "*": "hc_mul", "/": "hc_div", "%": "hc_rem", "<<": "hc_shl", ">>": "hc_shr",
           "&": "hc_and"}  # fmt: skip
_BOOLEAN = ("<", ">", "<=", ">=", "==", "!=", "&&", "||")
_MINMAX = {"min": "hc_min", "max": "hc_max", "umin": "hc_min", "umax": "hc_max", "__mul24": "hc_mul",
           "__umul24": "hc_mul", "imin": "hc_min", "imax": "hc_max"}  # fmt: skip
_BUILTIN_DIMS = {"threadIdx", "blockIdx", "blockDim", "gridDim"}
_INT_LITERAL = re.compile(r"^-?(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$")


class Unsure(Exception):
    """The index expression holds something the bound translation does not understand."""


@dataclass(frozen=True)
class Extent:
    """A buffer's element count: a C++ expression (long long) of the harness's names, or why it is unknown."""

    buffer: str
    count: str = ""
    unsure: str = ""


@dataclass(frozen=True)
class _Access:
    buffer: str
    index: tree_sitter.Node | None  # None: `*p`, element 0
    offset: tree_sitter.Node | None = None  # through a local pointer `q = p + offset`


class _Bounds:
    """Translates integer expressions of one kernel body into C++ `hc_iv` expressions."""

    def __init__(self, body: tree_sitter.Node, kernel: Kernel, names: dict[str, str], int_buffers: set[str]) -> None:
        self.kernel = kernel
        self.names = names  # kernel scalar / macro / constant name -> C++ value in the harness
        self.int_buffers = int_buffers  # integer input buffers: the harness fills them with [0, extent)
        self.values: dict[str, list[tree_sitter.Node]] = {}  # local -> every value assigned with `=`
        self.loops: dict[str, str] = {}  # loop variable -> C++ interval of the values it takes
        self.loop_nodes: dict[str, tuple[tree_sitter.Node, tree_sitter.Node, str]] = {}
        self.broken: dict[str, str] = {}  # local -> why its values are not known
        self.active: set[str] = set()
        self._collect(body)

    def _collect(self, body: tree_sitter.Node) -> None:
        loop_updates: set[int] = set()
        for node in walk(body):
            if node.type == "for_statement":
                self._loop(node, loop_updates)
        for node in walk(body):
            if node.type == "init_declarator":
                name_node, value = node.child_by_field_name("declarator"), node.child_by_field_name("value")
                if name_node is not None and name_node.type == "identifier" and value is not None:
                    self.values.setdefault(node_text(name_node), []).append(value)
            elif node.type == "assignment_expression" and node.id not in loop_updates:
                left, operator = node.child_by_field_name("left"), node.child_by_field_name("operator")
                right = node.child_by_field_name("right")
                if left is None or left.type != "identifier" or right is None:
                    continue
                name = node_text(left)
                if operator is not None and node_text(operator) == "=":
                    self.values.setdefault(name, []).append(right)
                else:
                    self.broken[name] = f"`{node_text(node)}` changes it"
            elif node.type == "update_expression" and node.id not in loop_updates:
                target = node.named_children[0] if node.named_children else None
                if target is not None and target.type == "identifier":
                    self.broken[node_text(target)] = f"`{node_text(node)}` changes it"

    def _loop(self, node: tree_sitter.Node, loop_updates: set[int]) -> None:
        """`for (T k = start; k < bound; k += step)` (or `>`, `--`): k's range; the update is the loop's own."""
        init = node.child_by_field_name("initializer")
        condition = node.child_by_field_name("condition")
        update = node.child_by_field_name("update")
        if init is None or condition is None or update is None or condition.type != "binary_expression":
            return
        declarators = [c for c in init.named_children if c.type == "init_declarator"]
        if len(declarators) != 1:
            return
        name_node, start = declarators[0].child_by_field_name("declarator"), declarators[0].child_by_field_name("value")
        left, right = condition.child_by_field_name("left"), condition.child_by_field_name("right")
        operator = condition.child_by_field_name("operator")
        if name_node is None or start is None or left is None or right is None or operator is None:
            return
        name, relation = node_text(name_node), node_text(operator)
        if node_text(left) != name or relation not in ("<", "<=", ">", ">=", "!="):
            return
        step = node_text(update).replace(" ", "")
        upward = step in (f"{name}++", f"++{name}") or step.startswith(f"{name}+=")
        downward = step in (f"{name}--", f"--{name}") or step.startswith(f"{name}-=")
        if upward == downward or (relation == "!=" and not step.endswith(("++", "+=1"))):
            return
        if upward and relation in (">", ">="):
            return
        if downward and relation in ("<", "<=", "!="):
            return
        inclusive = "1" if relation in ("<=", ">=") else "0"
        self.loop_nodes[name] = (start, right, f"{'hc_upto' if upward else 'hc_downto'}, {inclusive}")
        loop_updates.add(update.id)
        for child in walk(update):
            loop_updates.add(child.id)

    def local(self, name: str) -> str:
        if name in self.broken:
            raise Unsure(f"`{name}`: {self.broken[name]}")
        if name in self.active:
            raise Unsure(f"`{name}` is computed from itself")
        self.active.add(name)
        try:
            if name in self.loop_nodes:
                start, bound, how = self.loop_nodes[name]
                helper, inclusive = how.split(", ")
                hull = f"{helper}({self.iv(start)}, {self.iv(bound)}, {inclusive})"
                extra = self.values.get(name, [])[1:]  # the initializer is the loop's start
                for value in extra:
                    hull = f"hc_hull({hull}, {self.iv(value)})"
                return hull
            values = self.values.get(name)
            if not values:
                raise Unsure(f"`{name}` has no value the rules can see")
            result = self.iv(values[0])
            for value in values[1:]:
                result = f"hc_hull({result}, {self.iv(value)})"
            return result
        finally:
            self.active.discard(name)

    def iv(self, node: tree_sitter.Node) -> str:
        """A C++ `hc_iv` expression bounding `node`'s value; raises Unsure."""
        kind = node.type
        text = node_text(node)
        if kind == "number_literal":
            if not _INT_LITERAL.match(text):
                raise Unsure(f"`{text}` is not an integer")
            return f"hc_pt({text.rstrip('uUlL')}LL)"
        if kind == "identifier":
            if text in self.names:
                return f"hc_pt(static_cast<long long>({self.names[text]}))"
            if text in self.values or text in self.loop_nodes or text in self.broken:
                return self.local(text)
            raise Unsure(f"`{text}` is not a size, a local or a constant")
        if kind == "field_expression":
            argument, field = node.child_by_field_name("argument"), node.child_by_field_name("field")
            if argument is None or field is None or node_text(argument) not in _BUILTIN_DIMS:
                raise Unsure(f"`{text}`")
            axis = node_text(field)
            if axis not in ("x", "y", "z"):
                raise Unsure(f"`{text}`")
            return {"threadIdx": f"hc_iv{{0, hc_b{axis} - 1}}", "blockIdx": f"hc_iv{{0, hc_g{axis} - 1}}",
                    "blockDim": f"hc_pt(hc_b{axis})", "gridDim": f"hc_pt(hc_g{axis})"}[node_text(argument)]  # fmt: skip
        if kind == "parenthesized_expression":
            return self.iv(node.named_children[-1])
        if kind == "cast_expression":
            value = node.child_by_field_name("value")
            if value is None:
                raise Unsure(f"`{text}`")
            return self.iv(value)
        if kind == "binary_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            operator = node.child_by_field_name("operator")
            op = node_text(operator) if operator is not None else ""
            if op in _BOOLEAN:
                return "hc_iv{0, 1}"
            if left is None or right is None or op not in _BINARY:
                raise Unsure(f"`{text}`")
            return f"{_BINARY[op]}({self.iv(left)}, {self.iv(right)})"
        if kind == "unary_expression":
            operator = node.child_by_field_name("operator")
            argument = node.child_by_field_name("argument")
            if operator is None or argument is None:
                raise Unsure(f"`{text}`")
            op = node_text(operator)
            if op == "-":
                return f"hc_neg({self.iv(argument)})"
            if op == "+":
                return self.iv(argument)
            if op == "!":
                return "hc_iv{0, 1}"
            raise Unsure(f"`{text}`")
        if kind == "conditional_expression":
            consequence = node.child_by_field_name("consequence")
            alternative = node.child_by_field_name("alternative")
            if consequence is None or alternative is None:
                raise Unsure(f"`{text}`")
            return f"hc_hull({self.iv(consequence)}, {self.iv(alternative)})"
        if kind == "call_expression":
            function = node.child_by_field_name("function")
            arguments = node.child_by_field_name("arguments")
            args = arguments.named_children if arguments is not None else []
            name = node_text(function.named_children[0] if function is not None and function.type ==
                             "template_function" else function) if function is not None else ""  # fmt: skip
            if name in ("static_cast", "int", "long", "size_t", "unsigned") and len(args) == 1:
                return self.iv(args[0])
            if name in _MINMAX and len(args) == 2:
                return f"{_MINMAX[name]}({self.iv(args[0])}, {self.iv(args[1])})"
            raise Unsure(f"`{text}` calls a function")
        if kind == "subscript_expression":
            argument = node.child_by_field_name("argument")
            if argument is not None and node_text(argument) in self.int_buffers:
                return "hc_iv{0, hc_extent > 0 ? hc_extent - 1 : 0}"
            raise Unsure(f"`{text}` reads an index from memory")
        if kind == "sizeof_expression":
            return f"hc_pt(static_cast<long long>({text}))"
        raise Unsure(f"`{text}`")


def _index_of(subscript: tree_sitter.Node) -> tree_sitter.Node | None:
    indices = subscript.child_by_field_name("indices")
    if indices is not None:
        named = indices.named_children
        return named[0] if len(named) == 1 else None
    named = subscript.named_children
    return named[1] if len(named) == 2 else None


def _accesses(body: tree_sitter.Node, pointers: set[str]) -> tuple[list[_Access], dict[str, str]]:
    """Every element access of a pointer parameter, and for each parameter used otherwise, how."""
    aliases: dict[str, tuple[str, tuple[tree_sitter.Node, ...]]] = {}  # local pointer -> (param, offsets)
    for node in walk(body):
        if node.type != "init_declarator":
            continue
        declarator, value = node.child_by_field_name("declarator"), node.child_by_field_name("value")
        if declarator is None or value is None or declarator.type != "pointer_declarator":
            continue
        inner = declarator.child_by_field_name("declarator")
        if inner is None or inner.type != "identifier":
            continue
        base, offset = _pointer_plus(value, pointers)
        if base:
            aliases[node_text(inner)] = (base, offset)
    accesses: list[_Access] = []
    other: dict[str, str] = {}
    handled: set[int] = set()
    names = pointers | set(aliases)

    def add(name: str, index: tree_sitter.Node | None) -> None:
        if name in aliases:
            base, offsets = aliases[name]
            for offset in offsets or (None,):
                accesses.append(_Access(base, index, offset))
        else:
            accesses.append(_Access(name, index))

    for node in walk(body):
        if node.type == "subscript_expression":
            argument = node.child_by_field_name("argument")
            if argument is not None and argument.type == "identifier" and node_text(argument) in names:
                index = _index_of(node)
                if index is None:
                    continue
                add(node_text(argument), index)
                handled.add(argument.id)
        elif node.type == "pointer_expression" and node_text(node).startswith("*"):
            argument = node.child_by_field_name("argument")
            if argument is None:
                continue
            while argument.type == "parenthesized_expression" and argument.named_children:
                argument = argument.named_children[-1]
            if argument.type == "identifier" and node_text(argument) in names:
                add(node_text(argument), None)
                handled.add(argument.id)
            else:
                base, offsets = _pointer_plus(argument, names)
                if base and len(offsets) == 1:
                    add(base, offsets[0])
                    handled.update(n.id for n in argument.named_children if n.type == "identifier")
        elif node.type == "call_expression" and ATOMIC.match(_callee(node)):
            arguments = node.child_by_field_name("arguments")
            target = arguments.named_children[0] if arguments is not None and arguments.named_children else None
            if target is None:
                continue
            if target.type == "identifier" and node_text(target) in names:
                add(node_text(target), None)
                handled.add(target.id)
                continue
            base, offsets = _pointer_plus(target, names)
            if base and len(offsets) == 1:
                add(base, offsets[0])
                handled.update(n.id for n in walk(target) if n.type == "identifier" and node_text(n) == base)
        elif node.type == "init_declarator":
            declarator = node.child_by_field_name("declarator")
            inner = declarator.child_by_field_name("declarator") if declarator is not None else None
            value = node.child_by_field_name("value")
            if inner is not None and node_text(inner) in aliases and value is not None:
                handled.update(n.id for n in walk(value) if n.type == "identifier" and node_text(n) in pointers)
    for node in walk(body):
        if node.type == "identifier" and node.id not in handled and node_text(node) in names:
            name = node_text(node)
            base = aliases[name][0] if name in aliases else name
            parent = node.parent
            if parent is not None and parent.type in ("init_declarator", "pointer_declarator"):
                continue  # the alias's own declaration
            other.setdefault(base, f"`{node_text(parent) if parent is not None else name}` uses it as a pointer")
    return accesses, other


def _callee(call: tree_sitter.Node) -> str:
    function = call.child_by_field_name("function")
    return node_text(function) if function is not None else ""


def _pointer_plus(value: tree_sitter.Node, pointers: set[str]) -> tuple[str, tuple[tree_sitter.Node, ...]]:
    """(param, offsets) for `p + e`, `e + p`, `&p[e]` or `p`; ("", ()) otherwise."""
    while value.type in ("parenthesized_expression", "cast_expression") and value.named_children:
        value = value.named_children[-1]
    if value.type == "identifier" and node_text(value) in pointers:
        return node_text(value), ()
    if value.type == "binary_expression":
        operator = value.child_by_field_name("operator")
        left, right = value.child_by_field_name("left"), value.child_by_field_name("right")
        if operator is not None and node_text(operator) == "+" and left is not None and right is not None:
            if left.type == "identifier" and node_text(left) in pointers:
                return node_text(left), (right,)
            if right.type == "identifier" and node_text(right) in pointers:
                return node_text(right), (left,)
    if value.type == "pointer_expression" and node_text(value).startswith("&"):
        argument = value.child_by_field_name("argument")
        if argument is not None and argument.type == "subscript_expression":
            base = argument.child_by_field_name("argument")
            index = _index_of(argument)
            if base is not None and index is not None and node_text(base) in pointers:
                return node_text(base), (index,)
    return "", ()


_NONNEGATIVE_RANGES = re.compile(r"hc_iv\{0, hc_[bg][xyz] - 1\}|hc_iv\{0, hc_extent > 0 \? hc_extent - 1 : 0\}")


def _may_go_negative(bound: str) -> bool:
    """Whether a translated bound subtracts or negates anywhere (the thread and block ranges aside)."""
    rest = _NONNEGATIVE_RANGES.sub("", bound)
    return "-" in rest or "hc_sub(" in rest or "hc_neg(" in rest or "hc_downto(" in rest


def _body(kernel: Kernel) -> tree_sitter.Node | None:
    tree = parse(kernel.source)
    for node in walk(tree.root_node):
        if node.type == "function_definition":
            return node.child_by_field_name("body")
    return None


def infer_extents(kernel: Kernel, names: dict[str, str], int_buffers: set[str]) -> dict[str, Extent]:
    """Each pointer parameter's element count as C++ (see the module docstring), or why it is unsure.

    `names` maps the kernel's scalar parameters, macros and constants to the C++ the harness spells them with;
    `int_buffers` are the integer input buffers (their values lie in [0, hc_extent)).
    """
    pointers = {p.name for p in kernel.params if p.pointer}
    body = _body(kernel)
    if body is None:
        return {name: Extent(name, unsure="the kernel does not parse alone") for name in pointers}
    bounds = _Bounds(body, kernel, names, int_buffers)
    accesses, other = _accesses(body, pointers)
    counts: dict[str, list[str]] = {name: [] for name in pointers}
    unsure: dict[str, str] = dict(other)
    for access in accesses:
        if access.buffer in unsure:
            continue
        try:
            index = bounds.iv(access.index) if access.index is not None else "hc_pt(0)"
            if access.offset is not None:
                index = f"hc_add({bounds.iv(access.offset)}, {index})"
        except Unsure as why:
            unsure[access.buffer] = str(why)
            continue
        counts[access.buffer].append(index)
    result = {}
    for name in sorted(pointers):
        if name in unsure:
            result[name] = Extent(name, unsure=unsure[name])
        elif any(_may_go_negative(c) for c in counts[name]):
            # Guards are not read, so `in[i - 1]` may look like it reaches below 0: the bound gives the size and
            # the sanitizer confirms the kernel stays inside.
            joined = ", ".join(counts[name])
            result[name] = Extent(name, count=f"hc_need_above({{{joined}}})", unsure="an index may fall below 0")
        elif not counts[name]:
            result[name] = Extent(name, count="1")  # never indexed (e.g. only its address is taken)
        else:
            result[name] = Extent(name, count="hc_need({" + ", ".join(counts[name]) + "})")
    return result
