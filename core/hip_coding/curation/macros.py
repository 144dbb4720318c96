"""Extraction's second job: macros that produce a kernel's signature, expanded in place before parsing.

`#define KERNEL(name) __global__ void name(float* x, int n)` or `#define GLOBAL static __global__` hide a kernel
from the grammar; the expansion keeps every line where it was, so reported line numbers stay true.
"""

from __future__ import annotations

import re

from hip_coding.execution.cparse import blank

_DEFINE = re.compile(
    r"^[ \t]*#[ \t]*define[ \t]+(\w+)(\([^)]*\))?[ \t]*((?:[^\n\\]|\\.)*(?:\\\n(?:[^\n\\]|\\.)*)*)", re.M
)


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
