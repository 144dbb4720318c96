"""Small lexical helpers shared by the source rewriter and the unsupported-construct detector.

`blank` hides comments and string/char literals behind spaces *of the same length*, so a scanner can look for `<<<`,
braces or identifiers in the blanked text and apply its edits, offset for offset, to the original text.
`cuda_parser` gives a cached tree-sitter parser for the CUDA grammar (a superset of C++ that knows `<<<...>>>`).
"""

from __future__ import annotations

import bisect
import functools
import re

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
