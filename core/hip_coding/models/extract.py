"""Code extraction from real replies: fenced blocks (with or without a language tag, several, or an
unterminated last one), bare code with prose around it, and continuations of a code prompt.

Rules, in order: keep only code blocks (a `bash` or `text` block is not the solution); take the block
that defines the entry point plus the earlier or later blocks that define kernels, device functions or
types it uses but does not define itself; if no block defines it, the largest code block; with no fences,
the reply from its first code-looking line to its last. Nothing is repaired: a truncated reply stays
truncated and fails to compile, which is the model's result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hip_coding.execution.cparse import blank

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*$", re.MULTILINE)
_CODE_LANGS = {"", "c", "c++", "cpp", "cxx", "cc", "h", "hpp", "cuda", "cu", "hip", "cuh", "objective-c"}
_CODE_LINE = re.compile(
    r"^\s*(#\s*(include|define|pragma|if|ifdef|ifndef|endif|else|undef)\b|//|/\*|\*|__global__|__device__|__host__|"
    r"__shared__|__launch_bounds__|template\s*<|static\b|constexpr\b|const\b|struct\b|class\b|namespace\b|using\b|"
    r"typedef\b|extern\b|inline\b|__forceinline__|void\b|int\b|float\b|double\b|unsigned\b|size_t\b|auto\b|bool\b|"
    r"char\b|long\b|short\b|half\b|__half\b|uint\d+_t\b|int\d+_t\b|dim3\b|hip\w*\(|cuda\w*\(|[{}])"
)
_MAIN = re.compile(r"\bint\s+main\s*\(")
_DEFINED = (
    re.compile(r"(?:__global__|__device__)[^;{}()]*?\b(\w+)\s*\("),
    re.compile(r"\b(?:struct|class|union|enum(?:\s+class)?)\s+(\w+)\s*[:{]"),
    re.compile(r"\bconstexpr\s+[\w:<>\s]+?\b(\w+)\s*[=({\[]"),
    re.compile(r"^\s*#\s*define\s+(\w+)", re.MULTILINE),
    re.compile(r"\b(?:static\s+)?(?:const\s+)?(?:int|float|double|unsigned|size_t)\s+(\w+)\s*=", re.MULTILINE),
)


@dataclass(frozen=True)
class Block:
    lang: str
    code: str
    closed: bool


def fenced_blocks(reply: str) -> list[Block]:
    """The fenced blocks of a reply in order; an unterminated last block runs to the end (truncation)."""
    blocks = []
    fences = list(_FENCE.finditer(reply))
    index = 0
    while index < len(fences):
        opening = fences[index]
        fence_char = opening.group(1)[0]
        body_start = opening.end() + 1
        closing = next(
            (
                i
                for i in range(index + 1, len(fences))
                if fences[i].group(1)[0] == fence_char and not fences[i].group(2) and fences[i].start() >= body_start
            ),
            None,
        )
        if closing is None:
            blocks.append(Block(opening.group(2).lower(), reply[body_start:], closed=False))
            break
        blocks.append(Block(opening.group(2).lower(), reply[body_start : fences[closing].start()], closed=True))
        index = closing + 1
    return blocks


def defines_entry(code: str, entry_point: str) -> bool:
    """Whether `code` defines (not just declares, nor mentions in a comment or string) the function `entry_point`."""
    pattern = rf"\b{re.escape(entry_point)}\s*\([^;{{}}]*\)\s*(?:noexcept\s*)?\{{"
    return re.search(pattern, blank(code)) is not None


def defined_names(code: str) -> set[str]:
    """Kernels, device functions, types, constants and macros that `code` defines (comments and strings ignored)."""
    code = blank(code)
    return {match.group(1) for pattern in _DEFINED for match in pattern.finditer(code)}


def _uses(code: str, names: set[str]) -> bool:
    code = blank(code)
    return any(re.search(rf"\b{re.escape(name)}\b", code) for name in names)


def _select(blocks: list[Block], entry_point: str) -> str:
    code_blocks = [b for b in blocks if b.lang in _CODE_LANGS and b.code.strip()]
    if not code_blocks:
        return ""
    main_block = next((b for b in reversed(code_blocks) if defines_entry(b.code, entry_point)), None)
    if main_block is None:
        return max(code_blocks, key=lambda b: len(b.code)).code.strip("\n")
    chosen = [main_block]
    have = defined_names(main_block.code)
    for block in code_blocks:
        if block is main_block or _MAIN.search(block.code) or defines_entry(block.code, entry_point):
            continue
        offers = defined_names(block.code) - have
        if offers and _uses(main_block.code, offers):
            chosen.append(block)
            have |= offers
    ordered = [b for b in code_blocks if any(b is c for c in chosen)]
    return "\n\n".join(b.code.strip("\n") for b in ordered)


def _strip_prose(text: str) -> str:
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if _CODE_LINE.match(line)), None)
    if first is None:
        return ""
    last = len(lines) - 1
    while last > first and not re.search(r"[;{}]\s*(//.*)?$|^\s*#|\*/\s*$", lines[last]):
        last -= 1
    return "\n".join(lines[first : last + 1]).strip("\n")


def extract_code(reply: str, entry_point: str) -> str:
    """The solution in a chat reply; "" when the reply holds no code."""
    blocks = fenced_blocks(reply)
    if blocks:
        return _select(blocks, entry_point)
    return _strip_prose(reply)


def extract_continuation(reply: str, code_prefix: str, entry_point: str) -> str:
    """The solution when `reply` continues a prompt that ends in code: the prefix plus the reply up to
    the point where it leaves the code (a closing fence, or a second copy in a new fenced block)."""
    cut = _FENCE.search(reply)
    body = reply[: cut.start()] if cut else reply
    if not body.strip():  # nothing continued; maybe the model closed the prompt's fence and started over
        return extract_code(reply[cut.start() :], entry_point) if cut else ""
    return (code_prefix + body).strip("\n")
