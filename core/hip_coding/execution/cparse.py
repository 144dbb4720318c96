"""The one C/C++ lexing helper: blanking, bracket matching and the tree-sitter tree walk.

Used by the source rewriter, the HIP->CUDA translator, the unsupported-construct detector and (the API is meant for
it) curation's kernel extraction:

- `blank(text)` / `blank_spans(text)` hide comments and string/char literals behind spaces *of the same length*, so
  a scanner can look for `<<<`, braces or identifiers in the blanked text and apply its edits, offset for offset, to
  the original text;
- `match_bracket(blanked, at)` finds the closer of the `(`, `[`, `{` or `<<<` at `at` (raising `Unbalanced`), and
  `opening_bracket(blanked, at)` the opener of a closer, scanning backwards (-1 if none);
  `split_top_level(blanked, start, end)` cuts a bracketed list into its depth-0 comma-separated items;
- `parse(text)` gives the tree-sitter-cuda tree (a C++ grammar that knows `<<<...>>>`), `walk(node)` visits a
  subtree in source order, `node_text(node)` its text, and `char_offset` turns a node's UTF-8 byte offset into a
  string offset.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

import tree_sitter
import tree_sitter_cuda

# One alternation, tried left to right at each position: block and line comments, raw strings, ordinary strings and
# char literals, and numbers with a digit separator (so that the ' in 1'000'000 is not taken for a char literal).
# A line comment continues over a backslash-newline: line splicing (phase 2) happens before comments are removed.
# The leading lookahead only skips positions where nothing can start; it makes the scan about four times faster.
_LEXEME = re.compile(
    r"""
    (?=[/"'\d.RuUL])
    (?:
      (?P<block>/\*[\s\S]*?(?:\*/|\Z))
    | (?P<line>//(?:[^\n\\]|\\[\s\S])*)
    | (?P<raw>(?<![\w])(?:u8|[uUL])?R"(?P<delim>[^ ()\\\t\n"]{0,16})\([\s\S]*?(?:\)(?P=delim)"|\Z))
    | (?P<str>"(?:[^"\\\n]|\\[\s\S])*"?)
    | (?P<chr>'(?:[^'\\\n]|\\[\s\S])*'?)
    | (?P<num>(?<![\w.])\.?\d[\w.]*'(?:[eEpP][+-]|'(?=\w)|[\w.])*)
    )
    """,
    re.VERBOSE,
)
# Inside a hidden span, newlines stay (line numbers) and so does a backslash before a newline (it may splice a macro).
_HIDDEN_CHAR = re.compile(r"[^\n\r\\]|\\(?![\r\n])")


def blank_spans(source: str) -> tuple[str, list[tuple[int, int]]]:
    """Return (blanked text, sorted (start, end) spans of the comments and literals that were hidden)."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    last = 0
    for m in _LEXEME.finditer(source):
        kind = m.lastgroup if m.lastgroup != "delim" else "raw"
        if kind == "num":
            continue
        start, end = m.span()
        text = m.group()
        pieces.append(source[last:start])
        hidden = _HIDDEN_CHAR.sub(" ", text)
        if kind in ("str", "chr", "raw"):
            # Keep the quotes: a literal must still look like a (non-empty) operand, e.g. when counting arguments.
            quote = '"' if kind != "chr" else "'"
            first = text.index(quote)
            hidden = hidden[:first] + quote + hidden[first + 1 :]
            if len(text) - first > 1 and text.endswith(quote):
                hidden = hidden[:-1] + quote
        pieces.append(hidden)
        spans.append((start, end))
        last = end
    pieces.append(source[last:])
    return "".join(pieces), spans


def blank(source: str) -> str:
    """Return `source` with comments and the contents of string/char literals replaced by spaces (same length).

    Newlines are kept, and so are the quotes of literals.
    """
    return blank_spans(source)[0]


_CLOSERS = {"(": ")", "[": "]", "{": "}", "<<<": ">>>"}
_BRACKETS = re.compile(r"<<<|>>>|[()\[\]{}]")


class Unbalanced(ValueError):
    """Brackets that do not pair up; `offset` is where the problem shows."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def match_bracket(blanked: str, open_at: int, end: int | None = None) -> int:
    """Offset of the bracket closing the `(`, `[`, `{` or `<<<` at `open_at` in blanked text (see `blank`).

    Brackets nest and must pair up in kind; `<<<`/`>>>` count as one bracket each (a kernel launch's configuration).
    Raises Unbalanced at a mismatched closer, or at `open_at` when the text (up to `end`) ends first.
    """
    stack: list[tuple[str, int]] = []
    for m in _BRACKETS.finditer(blanked, open_at, len(blanked) if end is None else end):
        token = m.group()
        if token in _CLOSERS:
            stack.append((token, m.start()))
            continue
        if not stack:
            break
        opener, _ = stack.pop()
        if _CLOSERS[opener] != token:
            raise Unbalanced(m.start(), f"`{token}` does not match the `{opener}` before it")
        if not stack:
            return m.start()
    if not stack:
        raise Unbalanced(open_at, f"no opening bracket at offset {open_at}")
    raise Unbalanced(open_at, f"`{stack[0][0]}` without its `{_CLOSERS[stack[0][0]]}`")


def opening_bracket(blanked: str, close_at: int) -> int:
    """Offset of the `(`, `[` or `{` that the `)`, `]` or `}` at `close_at` closes, or -1 if the brackets before it
    do not pair up (scanning backwards, e.g. from the end of a callee expression)."""
    stack = [blanked[close_at]]
    k = close_at - 1
    while k >= 0 and stack:
        c = blanked[k]
        if c in ")]}":
            stack.append(c)
        elif c in "([{" and _CLOSERS[c] != stack.pop():
            return -1
        k -= 1
    return k + 1 if not stack else -1


def split_top_level(blanked: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) spans of the comma-separated items of blanked[start:end], split at bracket depth 0.

    E.g. the arguments between a call's parentheses; an empty or all-blank range has no items.
    """
    if not blanked[start:end].strip():
        return []
    spans: list[tuple[int, int]] = []
    item = i = start
    while i < end:
        c = blanked[i]
        if c in "([{" or blanked.startswith("<<<", i):
            i = match_bracket(blanked, i, end) + 1
            continue
        if c in ")]}":
            raise Unbalanced(i, f"`{c}` without its opening bracket")
        if c == ",":
            spans.append((item, i))
            item = i + 1
        i += 1
    spans.append((item, end))
    return spans


class LineIndex:
    """Maps string offsets to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def start(self, line: int) -> int:
        return self.starts[line - 1]


@functools.cache
def cuda_language() -> tree_sitter.Language:
    """The tree-sitter-cuda grammar, loaded once per process."""
    return tree_sitter.Language(tree_sitter_cuda.language())


@functools.cache
def cuda_parser() -> tree_sitter.Parser:
    """A tree-sitter parser for CUDA (tree-sitter-cuda), built once per process."""
    return tree_sitter.Parser(cuda_language())


def parse(source: str) -> tree_sitter.Tree:
    """Parse `source` with tree-sitter-cuda. Node byte offsets are UTF-8 offsets; use `start_point.row` for lines."""
    return cuda_parser().parse(source.encode("utf-8"))


def node_text(node: tree_sitter.Node) -> str:
    return (node.text or b"").decode("utf-8", errors="replace")


def walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """`node` and every node below it, in source order (depth first), without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def char_offset(source: str, byte_offset: int) -> int:
    """The string offset of a UTF-8 byte offset of `source` (tree-sitter counts bytes)."""
    if source.isascii():
        return byte_offset
    return len(source.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))
