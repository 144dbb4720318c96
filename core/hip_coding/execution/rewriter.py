"""Rewrite CUDA/HIP source so that g++ can compile it against the cpu runtime (cpurt).

g++ parses neither `kernel<<<grid, block, smem, stream>>>(args)` nor `extern __shared__ T name[];`, so:

- a launch becomes `CPURT_LAUNCH((kernel), (grid), (block), (smem|0), (stream|0), args)`;
- `extern __shared__ T name[];` becomes `CPURT_DYN_SMEM(T, name);` inside a function body, and
  `#define name (::cpurt::dynamic_smem<T>())` at namespace scope.

Every line of user code stays on its line number, so g++'s messages point at the user's lines: the scanner works on a
blanked copy of the text (comments and literals hidden, same offsets) and only replaces the launch punctuation, never
a newline. Malformed launches raise `InputError("file:line: message")`; the driver reports it as a compile error.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

import tree_sitter

from hip_coding.errors import InputError
from hip_coding.execution.cparse import (
    LineIndex,
    Unbalanced,
    blank_spans,
    char_offset,
    match_bracket,
    node_text,
    opening_bracket,
    parse,
    split_top_level,
    walk,
)


@dataclass(frozen=True)
class Launch:
    """One `callee<<<config>>>(args)` found in a source; `line` is the 1-based line of the callee."""

    line: int
    callee: str
    config: tuple[str, ...]
    arg_count: int


@dataclass(frozen=True)
class _Site:
    """Offsets of one launch: callee start/end, `<<<`, depth-0 config commas, `>>>`, and the argument parentheses."""

    callee_start: int
    callee_end: int
    open_at: int
    commas: tuple[int, ...]
    close_at: int
    lparen: int
    rparen: int
    arg_count: int
    braced: tuple[tuple[int, int], ...] = ()  # braced-initialiser arguments (and the lists nested in them)
    dims: tuple[int, ...] = ()  # `{` of a grid or block dimension written as a braced list


class _Malformed(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


_OPENER = {")": "(", "]": "[", "}": "{"}
_PUNCT = re.compile(r"[()\[\]{},;<>]")
# Words that can precede a launch but are never part of its callee.
_KEYWORDS = frozenset(
    {"return", "else", "do", "case", "default", "goto", "throw", "co_await", "co_return", "co_yield", "new", "delete",
     "sizeof", "typeid", "if", "while", "for", "switch", "and", "or", "not"}
)  # fmt: skip


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _ws_back(t: str, i: int) -> int:
    """Index of the last non-blank character before offset i (skipping backslash-newline splices), or -1."""
    j = i - 1
    while j >= 0:
        c = t[j]
        if c in " \t\r\n\f\v" or (c == "\\" and j + 1 < len(t) and t[j + 1] in "\r\n"):
            j -= 1
        else:
            break
    return j


def _ws_forward(t: str, i: int) -> int:
    n = len(t)
    while i < n and (t[i] in " \t\r\n\f\v" or (t[i] == "\\" and i + 1 < n and t[i + 1] in "\r\n")):
        i += 1
    return i


def _word_back(t: str, j: int) -> int:
    """Start of the identifier-like word that ends at index j."""
    while j >= 0 and _is_word(t[j]):
        j -= 1
    return j + 1


def _angle_back(t: str, j: int) -> int:
    """t[j] is the `>` closing template arguments: index of the matching `<`, or -1."""
    depth = 0
    k = j
    while k >= 0:
        c = t[k]
        if c in ")]":
            k = opening_bracket(t, k)
            if k < 0:
                return -1
        elif c == ">":
            depth += 1
        elif c == "<":
            depth -= 1
            if depth == 0:
                return k
        elif c in ";{}":
            return -1
        k -= 1
    return -1


def _component_back(t: str, j: int) -> int:
    """Start of the postfix-expression component ending at t[j] (`name`, `name<...>`, `(expr)`, `f(x)`, `a[i]`)."""
    while j >= 0:
        c = t[j]
        if c == ">":
            k = _angle_back(t, j)
            j = _ws_back(t, k) if k >= 0 else -1
            if j < 0 or not _is_word(t[j]):
                return -1
            continue
        if c in ")]":
            k = opening_bracket(t, j)
            if k < 0:
                return -1
            p = _ws_back(t, k)
            if p >= 0 and (t[p] == "]" or (c == "]" and t[p] == ")") or t[p] == ">"):
                j = p
                continue
            if p >= 0 and _is_word(t[p]) and t[_word_back(t, p) : p + 1] not in _KEYWORDS:
                j = p
                continue
            return k
        if _is_word(c):
            start = _word_back(t, j)
            return -1 if t[start].isdigit() else start
        return -1
    return -1


def _callee_start(t: str, open_at: int) -> int:
    """Start of the callee expression that ends just before `<<<` at open_at, or -1 if there is none."""
    j = _ws_back(t, open_at)
    start = -1
    while j >= 0:
        comp = _component_back(t, j)
        if comp < 0:
            break
        start = comp
        k = _ws_back(t, start)
        if k >= 7 and t[k - 7 : k + 1] == "template" and not (k >= 8 and _is_word(t[k - 8])):
            k = _ws_back(t, k - 7)  # `ns::template k<T>`
            if not (t[k - 1 : k + 1] == "::" or t[k] == "." or t[k - 1 : k + 1] == "->"):
                break
        if t[k - 1 : k + 1] == "::" and k >= 1:
            start = k - 1
            j = _ws_back(t, k - 1)
            if j >= 0 and (_is_word(t[j]) or t[j] == ">"):
                continue
            break
        if k >= 0 and (t[k] == "." or t[k - 1 : k + 1] == "->"):
            start = k if t[k] == "." else k - 1
            j = _ws_back(t, start)
            continue
        break
    return start


def _template_end(t: str, lt: int, limit: int) -> int:
    """If the `<` at lt opens template arguments (a guess, as in any scanner), return the offset after the `>`.

    It does when it follows a name, its `>` is balanced before `;`/`&&`/`||`, and `(`, `{` or `::` follows.
    """
    p = _ws_back(t, lt)
    if p < 0 or not _is_word(t[p]) or t[_word_back(t, p)].isdigit():
        return -1
    depth = 1
    stack: list[str] = []
    i = lt + 1
    while i < limit:
        c = t[i]
        if c in "([{":
            stack.append(c)
        elif c in ")]}":
            if not stack or stack.pop() != _OPENER[c]:
                return -1
        elif not stack:
            if c == ";" or t.startswith("&&", i) or t.startswith("||", i):
                return -1
            if c == "<":
                depth += 1
            elif c == ">":
                depth -= 1
                if depth == 0:
                    k = _ws_forward(t, i + 1)
                    ok = k < len(t) and (t[k] in "({" or t.startswith("::", k))
                    return i + 1 if ok else -1
        i += 1
    return -1


def _depth0_commas(t: str, start: int, end: int, config: bool = False) -> tuple[list[int], int]:
    """Offsets of the commas at bracket depth 0 in t[start:end], skipping template argument lists, and `end`.

    With `config`, t[start:] is a launch configuration: the scan stops at its `>>>`, whose offset is returned
    instead of `end`; a bracket that does not pair up, or no `>>>` before `;` or another `<<<`, raises _Malformed.
    """
    commas: list[int] = []
    stack: list[str] = []
    i = start
    while (m := _PUNCT.search(t, i, end)) is not None:
        i, c = m.start(), m.group()
        if c in "([{":
            stack.append(c)
        elif c in ")]}":
            if stack and stack[-1] == _OPENER[c]:
                stack.pop()
            elif config:
                raise _Malformed(start - 3, f"unbalanced `{c}` in the kernel launch configuration")
            elif stack:
                stack.pop()
        elif not stack:
            if config and t.startswith(">>>", i):
                return commas, i
            if config and (c == ";" or t.startswith("<<<", i)):
                break
            if c == ",":
                commas.append(i)
            elif c == "<":
                after = _template_end(t, i, end)
                if after > 0:
                    i = after
                    continue
        i += 1
    if config:
        raise _Malformed(start - 3, "kernel launch `<<<` without a matching `>>>`")
    return commas, end


def _scan_site(t: str, open_at: int) -> _Site:
    start = _callee_start(t, open_at)
    if start < 0:
        raise _Malformed(open_at, "kernel launch `<<<` without a kernel name before it")
    commas, close_at = _depth0_commas(t, open_at + 3, len(t), config=True)
    bounds = [open_at + 2, *commas, close_at]
    if not 2 <= len(bounds) - 1 <= 4:
        raise _Malformed(open_at, f"a kernel launch takes 2 to 4 configuration values, not {len(bounds) - 1}")
    if any(not t[a + 1 : b].strip(" \t\r\n\\") for a, b in itertools.pairwise(bounds)):
        raise _Malformed(open_at, "empty value in the kernel launch configuration")
    lparen = _ws_forward(t, close_at + 3)
    if lparen >= len(t) or t[lparen] != "(":
        raise _Malformed(close_at, "expected `(` with the kernel arguments after `>>>`")
    try:
        rparen = match_bracket(t, lparen)
    except Unbalanced as e:
        unterminated = e.offset == lparen
        message = "unbalanced parentheses in the kernel launch arguments" if unterminated else e.message
        raise _Malformed(e.offset, message) from None
    inner = t[lparen + 1 : rparen]
    arg_commas, _ = _depth0_commas(t, lparen + 1, rparen)
    arg_count = len(arg_commas) + 1 if inner.strip(" \t\r\n\\") else 0
    args = list(itertools.pairwise([lparen, *arg_commas, rparen])) if arg_count else []
    braced = tuple(pair for a, b in args for pair in _braced_lists(t, a + 1, b))
    dims = tuple(_ws_forward(t, a + 1) for a, _ in list(itertools.pairwise(bounds))[:2])
    dims = tuple(p for p in dims if t[p] == "{")
    return _Site(
        start, _ws_back(t, open_at) + 1, open_at, tuple(commas), close_at, lparen, rparen, arg_count, braced, dims
    )


def _braced_lists(t: str, start: int, end: int) -> list[tuple[int, int]]:
    """(`{`, `}`) offsets of the item t[start:end] if it is a braced initialiser list, and of the lists nested in it.

    A braced list has no type for g++ to deduce when it passes through the runtime's launch function, so each
    becomes `::cpurt::braced(...)`, which converts to whatever parameter type the kernel declares.
    """
    first = _ws_forward(t, start)
    if first >= end or t[first] != "{":
        return []
    close = match_bracket(t, first, end)
    if t[close + 1 : end].strip(" \t\r\n\\"):
        return []  # `{...} + x` or the like: not a lone initialiser list
    nested = [pair for a, b in split_top_level(t, first + 1, close) for pair in _braced_lists(t, a, b)]
    return [(first, close), *nested]


def _is_operator(t: str, open_at: int) -> bool:
    """`operator<<<T>` (a specialisation of operator<<) is not a launch."""
    j = _ws_back(t, open_at)
    return j >= 7 and t[j - 7 : j + 1] == "operator" and not (j >= 8 and _is_word(t[j - 8]))


def _sites(t: str, filename: str, lines: LineIndex) -> list[_Site]:
    sites: list[_Site] = []
    pos = 0
    while True:
        open_at = t.find("<<<", pos)
        if open_at < 0:
            return sites
        if _is_operator(t, open_at):
            pos = open_at + 3
            continue
        try:
            site = _scan_site(t, open_at)
        except _Malformed as e:
            raise InputError(f"{filename}:{lines.line(e.offset)}: {e.message}") from None
        sites.append(site)
        pos = site.rparen + 1


def find_launches(source: str, filename: str = "<source>") -> list[Launch]:
    """All kernel launches in `source`, in order. Raises InputError on a malformed launch."""
    t, _ = blank_spans(source)
    lines = LineIndex(source)
    out = []
    for s in _sites(t, filename, lines):
        bounds = [s.open_at + 2, *s.commas, s.close_at]
        config = tuple(source[a + 1 : b].strip() for a, b in itertools.pairwise(bounds))
        callee = source[s.callee_start : s.callee_end].strip()
        out.append(Launch(lines.line(s.callee_start), callee, config, s.arg_count))
    return out


def _hspace_back(t: str, i: int) -> int:
    while i > 0 and t[i - 1] in " \t":
        i -= 1
    return i


def _hspace_forward(t: str, i: int) -> int:
    while i < len(t) and t[i] in " \t":
        i += 1
    return i


def _launch_edits(t: str, s: _Site) -> list[tuple[int, int, str]]:
    """Edits turning one launch into CPURT_LAUNCH(...); the user's own text (and its newlines) stays in place."""
    edits = [(s.callee_start, s.callee_start, "CPURT_LAUNCH((")]
    edits.append((_hspace_back(t, s.open_at), _hspace_forward(t, s.open_at + 3), "), ("))
    for c in s.commas:
        edits.append((_hspace_back(t, c), _hspace_forward(t, c + 1), "), ("))
    missing = ", (0)" * (3 - len(s.commas))
    edits.append((_hspace_back(t, s.close_at), s.close_at + 3, ")" + missing + (", " if s.arg_count else "")))
    edits.append((_hspace_back(t, s.lparen), _hspace_forward(t, s.lparen + 1), ""))
    edits.extend((p, p, "::dim3") for p in s.dims)  # `<<<{16, 16}, ...>>>`: the dims are dim3s
    for open_at, close_at in s.braced:
        edits.extend([(open_at, open_at + 1, "::cpurt::braced("), (close_at, close_at + 1, ")")])
    return edits


# ---- extern __shared__ -------------------------------------------------------------------------------------------

_EXTERN = re.compile(r"\bextern\b")
_SHARED = re.compile(r"\b__shared__\b")
_ATTRIBUTE = re.compile(r"\b(?:__align__|alignas|__attribute__|__declspec)\s*\(")
_DYN_DECL = re.compile(r"\s*(?P<type>\S.*?)\s*\b(?P<name>[A-Za-z_]\w*)\s*\[\s*\]\s*", re.DOTALL)
_SPLICE = re.compile(r"\\\r?\n")
_FUNC_HEADER_END = re.compile(
    r"[)\]]\s*(?:(?:\b(?:const|volatile|noexcept|override|final|mutable|try)\b|&&?)\s*)*(?:->[^;{}()]*)?\s*\Z"
)


def _function_scopes(t: str) -> tuple[list[int], list[bool]]:
    """Offsets where 'inside a function body' may change, and the state from each offset on (for bisect).

    A `{` opens a function body when its header ends like a parameter list (`... )`, `) const`, `) -> T`, `[]`);
    namespace, `extern "C"`, class and initializer braces do not. Inside a function every brace counts as inside.
    """
    positions, states = [0], [False]
    stack: list[bool] = []
    header_start = 0
    for m in re.finditer(r"[{};]", t):
        c, p = m.group(), m.start()
        if c == "{":
            inside = stack[-1] if stack else False
            if not inside:
                inside = _FUNC_HEADER_END.search(t, header_start, p) is not None
            stack.append(inside)
        elif c == "}" and stack:
            stack.pop()
        header_start = p + 1
        positions.append(p + 1)
        states.append(stack[-1] if stack else False)
    return positions, states


def _strip_attributes(text: str) -> str:
    while m := _ATTRIBUTE.search(text):
        try:
            close = match_bracket(text, m.end() - 1)
        except Unbalanced:
            close = len(text) - 1
        text = text[: m.start()] + " " + text[close + 1 :]
    return text


def _line_breaks(text: str) -> str:
    """The line breaks of `text`, each with its backslash if it spliced a macro line, so a replacement keeps them."""
    return "".join(re.findall(r"\\?\r?\n", text))


def _in_directive(src: str, lines: LineIndex, t: str, offset: int) -> bool:
    line = lines.line(offset)
    while line > 1 and src[lines.start(line - 1) : lines.start(line)].rstrip("\r\n").endswith("\\"):
        line -= 1
    return t[lines.start(line) : offset].lstrip().startswith("#")


def _line_text(t: str, lines: LineIndex, line: int) -> str:
    end = lines.starts[line] if line < len(lines.starts) else len(t)
    return t[lines.start(line) : end]


def _smem_edits(src: str, t: str, spans: list[tuple[int, int]], lines: LineIndex) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    scopes: tuple[list[int], list[bool]] | None = None
    used_lines: set[int] = set()
    for m in _EXTERN.finditer(t):
        semi = t.find(";", m.end())
        if semi < 0:
            break
        stmt = t[m.end() : semi]
        if "{" in stmt or "}" in stmt or not _SHARED.search(stmt):
            continue
        decl = _DYN_DECL.fullmatch(_strip_attributes(_SHARED.sub(" ", _SPLICE.sub(" ", stmt))))
        if decl is None:
            continue  # `extern __shared__ float s[256];` and the like are g++-compatible enough once __shared__ is.
        ctype, name = " ".join(decl["type"].split()), decl["name"]
        start, end = m.start(), semi + 1
        if scopes is None:
            scopes = _function_scopes(t)
        in_function = scopes[1][bisect.bisect_right(scopes[0], start) - 1]
        if in_function or _in_directive(src, lines, t, start):
            edits.append((start, end, f"CPURT_DYN_SMEM({ctype}, {name});" + _line_breaks(src[start:end])))
            continue
        define = f"#define {name} (::cpurt::dynamic_smem<{ctype}>())"
        first, last = lines.line(start), lines.line(end)
        before = t[lines.start(first) : start]
        after = _line_text(t, lines, last)[end - lines.start(last) :]
        if not before.strip() and not after.strip():
            edits.append((start, end, define + _line_breaks(src[start:end])))
            continue
        # The declaration shares its line with other code; a directive needs a line of its own. Use the nearest
        # earlier empty line (outside comments and macro continuations); failing that, add lines and a #line.
        hole = _free_line_before(src, spans, lines, first, used_lines)
        gap = re.sub(r"[^\r\n]", " ", src[start:end])
        if hole:
            used_lines.add(hole)
            hole_start = lines.start(hole)
            hole_end = hole_start + len(_line_text(src, lines, hole).rstrip("\r\n"))
            edits.append((hole_start, hole_end, define))
            edits.append((start, end, gap))
        else:
            edits.append((start, end, f"{_line_breaks(src[start:end])}\n{define}\n#line {last}\n"))
    return edits


def _free_line_before(src: str, spans: list[tuple[int, int]], lines: LineIndex, line: int, used: set[int]) -> int:
    for cand in range(line - 1, 0, -1):
        if cand in used or _line_text(src, lines, cand).strip():
            continue
        if cand > 1 and _line_text(src, lines, cand - 1).rstrip("\r\n").endswith("\\"):
            continue
        pos = lines.start(cand)
        k = bisect.bisect_right(spans, (pos, len(src) + 1)) - 1
        if k >= 0 and spans[k][0] <= pos < spans[k][1]:
            continue  # inside a block comment or a raw string
        return cand
    return 0


_STATIC_SHARED = re.compile(r"\bstatic(\s+)(?=__shared__\b)")
# `cudaLaunchKernel((void*)k, ...)`: the cast hides the kernel's parameter types, which the runtime needs.
_LAUNCH_CAST = re.compile(
    r"\b(?:cuda|hip)Launch(?:Cooperative)?Kernel\s*\(\s*"
    r"(\(\s*(?:const\s+)?void\s*\*\s*\)|reinterpret_cast\s*<\s*(?:const\s+)?void\s*\*\s*>)"
)


def _static_shared_edits(t: str) -> list[tuple[int, int, str]]:
    """`static __shared__ T x` -> `__shared__ T x`: the runtime's `__shared__` already says static."""
    return [(m.start(), m.end(), "") for m in _STATIC_SHARED.finditer(t)]


def _launch_cast_edits(t: str) -> list[tuple[int, int, str]]:
    """Drop a `(void*)` or `reinterpret_cast<void*>` on the kernel argument of a launch API call."""
    return [(m.start(1), m.end(1), "") for m in _LAUNCH_CAST.finditer(t)]


# ---- host variables named gridDim / blockDim ---------------------------------------------------------------------

_BUILTIN_DIMS = frozenset({"gridDim", "blockDim"})
# A declaration of one of them looks like `dim3 gridDim(...)`, `dim3 blockDim = ...`, `, dim3 gridDim)`.
_DIM_DECLARATION = re.compile(r"[\w>&*]\s*\b(?:gridDim|blockDim)\s*[(\[{=;,)]")
_HOST_DIM_PREFIX = "cpurt_host_"
# A member of that name: `cfg.gridDim = dim3(4)`, `p->blockDim`, `{.gridDim = ...}`, `struct S { dim3 gridDim; }`.
_DIM_MEMBER = re.compile(r"(?:\.|->)\s*(?:gridDim|blockDim)\b")
#: Members named gridDim/blockDim are renamed with this prefix everywhere (cudaLaunchConfig_t's fields carry it).
MEMBER_DIM_PREFIX = "cpurt_member_"


def _declares(node: tree_sitter.Node) -> bool:
    parent = node.parent
    return parent is not None and parent.child_by_field_name("declarator") == node


def _host_dim_edits(source: str, t: str) -> list[tuple[int, int, str]]:
    """Rename `gridDim`/`blockDim` members, and the names in host functions that declare variables of those names.

    In CUDA they are device built-ins a host function may shadow (`dim3 gridDim(n); k<<<gridDim, blockDim>>>()`);
    in the runtime they are macros for the current block's values, which would expand inside the declaration.
    A member of either name (`cudaLaunchConfig_t`'s `cfg.gridDim`, a user struct's field) gets MEMBER_DIM_PREFIX.
    """
    if not _DIM_DECLARATION.search(t) and not _DIM_MEMBER.search(t):
        return []
    edits: list[tuple[int, int, str]] = []
    root = parse(source).root_node
    for node in walk(root):  # members (field_identifier nodes) are never the built-ins
        if node.type == "field_identifier" and node_text(node) in _BUILTIN_DIMS:
            start = char_offset(source, node.start_byte)
            edits.append((start, start, MEMBER_DIM_PREFIX))
    for function in walk(root):
        if function.type != "function_definition" or any(
            c.type in ("__global__", "__device__") for c in function.children
        ):
            continue
        names = [n for n in walk(function) if n.type == "identifier" and node_text(n) in _BUILTIN_DIMS]
        shadowed = {node_text(n) for n in names if _declares(n)}
        for n in names:
            if node_text(n) in shadowed:
                start = char_offset(source, n.start_byte)
                edits.append((start, start, _HOST_DIM_PREFIX))
    return edits


def rewrite(source: str, filename: str = "<source>") -> str:
    """Return `source` rewritten for g++ and the cpu runtime, with every line of user code on its original line.

    Raises InputError (`filename:line: message`) on a malformed kernel launch.
    """
    t, spans = blank_spans(source)
    lines = LineIndex(source)
    edits: list[tuple[int, int, str]] = []
    for site in _sites(t, filename, lines):
        edits.extend(_launch_edits(t, site))
    if "__shared__" in t:
        edits.extend(_smem_edits(source, t, spans, lines))
        edits.extend(_static_shared_edits(t))
    if "Kernel" in t:
        edits.extend(_launch_cast_edits(t))
    if "Dim" in t:
        edits.extend(_host_dim_edits(source, t))
    edits.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = []
    pos = 0
    for start, end, text in edits:
        out.append(source[pos:start])
        out.append(text)
        pos = end
    out.append(source[pos:])
    return "".join(out)
