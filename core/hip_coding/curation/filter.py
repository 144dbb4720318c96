"""Stage 2, filter: keep kernels worth a task, set templates apart, grade dependencies, remove duplicates.

- length: 5 to 300 lines (shorter is a one-liner with nothing to test, longer is not one task);
- templates are written to `filter.templates.jsonl` (counted as kept apart): they need an instantiation the
  rule-based wrapper cannot choose;
- dependency level: `self` (nothing outside the kernel), `file` (definitions of its own file), `project`
  (definitions from other files of the project), `external` (names the project does not define: a library);
- duplicates: the code is normalised (comments and whitespace gone, HIP spellings mapped to CUDA ones) and
  compared exactly (same tokens) and nearly (names numbered in order of appearance, then Jaccard similarity of
  token 4-grams >= NEAR_DUPLICATE); the first kernel in path order is kept, so CUDA/HIP twins collapse to one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hip_coding.curation.extract import BUILTIN_NAMES, Kernel
from hip_coding.curation.funnel import Funnel, Progress, stage_input, write_jsonl
from hip_coding.execution.cparse import blank

MIN_LINES, MAX_LINES = 5, 300
NEAR_DUPLICATE = 0.85
_TOKEN = re.compile(r"[A-Za-z_]\w*|\d[\w.]*|\S")


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_KEYWORDS = _names(
    """
    if else for while do return break continue const int float double unsigned char short long void auto bool
    struct static inline template typename __global__ __device__ __shared__ __syncthreads __restrict__
    __launch_bounds__ extern sizeof
    """
)


def dependency_level(kernel: Kernel) -> str:
    if kernel.unresolved:
        return "external"
    if not kernel.deps:
        return "self"
    return "file" if all(dep.path == kernel.path for dep in kernel.deps) else "project"


def normalized_tokens(source: str, rename: bool = False) -> list[str]:
    """Tokens of the code with comments gone and HIP names spelled as CUDA; with `rename`, names are numbered."""
    text = re.sub(r"\bhip([A-Z]\w*)", r"cuda\1", blank(source))
    names: dict[str, str] = {}
    tokens = []
    for token in _TOKEN.findall(text):
        word = token[0].isalpha() or token[0] == "_"
        if rename and word and token not in _KEYWORDS and token not in BUILTIN_NAMES:
            token = names.setdefault(token, f"v{len(names)}")
        tokens.append(token)
    return tokens


def _shingles(tokens: list[str], size: int = 4) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + size]) for i in range(max(len(tokens) - size + 1, 1))}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def run_filter(out_dir: Path) -> Funnel:
    """`extract.jsonl` -> `filter.jsonl` (+ `filter.templates.jsonl`); redone whole, since duplicates are global."""
    kernels = sorted(
        (Kernel.from_dict(item) for item in stage_input(out_dir, "extract")), key=lambda k: (k.path, k.start_line)
    )
    progress = Progress(out_dir, "filter", fresh=True)
    templates: list[dict[str, Any]] = []
    kept: list[tuple[str, set[tuple[str, ...]], str]] = []  # (normalized text, shingles, id)
    for kernel in kernels:
        if kernel.lines < MIN_LINES or kernel.lines > MAX_LINES:
            progress.drop(kernel.id, "too_short" if kernel.lines < MIN_LINES else "too_long", f"{kernel.lines} lines")
            continue
        text = " ".join(normalized_tokens(kernel.source))
        shingles = _shingles(normalized_tokens(kernel.source, rename=True))
        twin = next((other for other in kept if other[0] == text), None)
        if twin is not None:
            progress.drop(kernel.id, "exact_duplicate", f"of {twin[2]}")
            continue
        near = next((other for other in kept if jaccard(shingles, other[1]) >= NEAR_DUPLICATE), None)
        if near is not None:
            progress.drop(kernel.id, "near_duplicate", f"of {near[2]} (similarity {jaccard(shingles, near[1]):.2f})")
            continue
        kept.append((text, shingles, kernel.id))
        item = {**kernel.to_dict(), "dependency_level": dependency_level(kernel)}
        if kernel.template_params:
            templates.append(item)
            progress.drop(kernel.id, "template", "template kernel: kept apart", kept_apart=True)
            continue
        progress.emit(item)
    write_jsonl(out_dir / "filter.templates.jsonl", templates)
    return progress.finish()
