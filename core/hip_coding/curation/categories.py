"""What a curated kernel computes, from the facts of its body: the task's category.

The categories are the hand-written dataset's (docs/curation.md, "Categories"). Each rule looks for the shape a
kind of kernel cannot do without: a compare-and-swap with an XOR partner (sort), a doubling offset read behind a
barrier (scan), an atomic increment at an index read from the data (histogram), an atomic that hands out output
slots (compaction), a loop between two row pointers (spmv), a sum of products of two buffers walked by the same
loop variable (matmul) or of data and a window of weights (convolution), a tile read with the axes swapped
(transpose), exponentials normalised by their sum (softmax), a square root of a sum of squares (norm), a
combination into fewer outputs (reduction), several fixed-offset reads of one input (stencil), warp operations
(warp_level); everything else is `elementwise`. The kernel's name decides only when the body shows no shape.
Tests pin the rules on labelled kernels (tests/curation_fixtures/categories/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hip_coding.curation.kernel import Kernel
from hip_coding.execution.cparse import blank

CATEGORIES = ("sort", "scan", "histogram", "compaction", "spmv", "matmul", "convolution", "transpose", "softmax",
              "norm", "reduction", "stencil", "warp_level", "elementwise")  # fmt: skip

#: How a task's prompt introduces its kind of kernel.
WORDING = {
    "sort": "A sorting step: elements are compared and exchanged",
    "scan": "A prefix sum (scan): each output combines all the inputs before it",
    "histogram": "A histogram: values are counted into bins",
    "compaction": "A stream compaction: the selected elements are packed into the output",
    "spmv": "A sparse matrix-vector product over compressed rows",
    "matmul": "A matrix product: each output is a sum of products along a shared dimension",
    "convolution": "A convolution: each output is a weighted sum over a window of the input",
    "transpose": "A transpose: rows of the input become columns of the output",
    "softmax": "A softmax: exponentials normalised by their sum",
    "norm": "A normalisation by a root of a sum of squares",
    "reduction": "A reduction: many inputs are combined into fewer outputs",
    "stencil": "A stencil: each output reads a fixed neighbourhood of the input",
    "warp_level": "A warp-level computation: threads of a warp exchange values",
    "elementwise": "An elementwise map: each output depends on the inputs at its own index",
}

_NAME_HINTS = (
    ("sort", r"sort|bitonic|radix|odd_?even"),
    ("scan", r"scan|prefix|cumsum|cumulative"),
    ("histogram", r"hist"),
    ("compaction", r"compact|stream_?filter|select_if|partition"),
    ("spmv", r"spmv|csr|ell_?mv"),
    ("matmul", r"mat_?mul|gemm|gemv|matrix_?mul|mat_?vec|mm_"),
    ("convolution", r"conv|fir_|filter"),
    ("transpose", r"transpose"),
    ("softmax", r"softmax"),
    ("norm", r"norm"),
    ("reduction", r"reduce|reduction|sum|dot|max_?val|min_?val|argmax|argmin"),
    ("stencil", r"stencil|laplace|jacobi|heat|blur|diffus|smooth"),
)


@dataclass(frozen=True)
class Category:
    """A kernel's category and the fact that decided it (shown in the stats, useful when a rule misfires)."""

    name: str
    why: str


def _body(kernel: Kernel) -> str:
    source = blank(kernel.source)
    start = source.find("{")
    return " ".join(source[start:].split()) if start >= 0 else ""


def _inputs(kernel: Kernel) -> set[str]:
    return {p.name for p in kernel.params if p.pointer and p.role == "input"}


def _outputs(kernel: Kernel) -> set[str]:
    return {p.name for p in kernel.params if p.pointer and p.role != "input"}


def _loop_vars(body: str) -> set[str]:
    return set(re.findall(r"for \( ?(?:int|unsigned|long|size_t|auto|unsigned int) (\w+) ?=", body))


def _subscripts(body: str, name: str) -> list[str]:
    """The index expressions of `name[...]` (one level of nested brackets)."""
    return re.findall(rf"\b{re.escape(name)} ?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]", body)


def _is_sort(body: str) -> str:
    if re.search(r"\w+ ?= ?\w+ ?\^ ?\w+", body) and re.search(r"if \(.*[<>].*\)", body):
        return "a compare-and-swap with an XOR partner"
    if re.search(r"\b(\w+) ?= ?(\w+\[[^\]]+\]) ?; ?\2 ?= ?(\w+\[[^\]]+\]) ?; ?\3 ?= ?\1", body):
        return "a swap of two elements"
    return ""


def _is_scan(body: str, kernel: Kernel) -> str:
    doubling = re.search(r"(\w+) ?(?:\*= ?2|<<= ?1)", body)
    if doubling and kernel.barriers and re.search(rf"\[[^\]]*- ?{doubling.group(1)}\b[^\]]*\]", body):
        return f"reads at a doubling offset `{doubling.group(1)}` behind a barrier"
    running = re.search(r"\{ ?(\w+) ?\+= ?[^;{}]+; ?\w+ ?\[[^\]]*\] ?= ?\1 ?; ?\}", body)
    if running and _loop_vars(body):
        return f"a running sum `{running.group(1)}` written at every step"
    return ""


def _atomic_targets(body: str) -> list[str]:
    return re.findall(r"\batomic\w+ ?\( ?&? ?((?:[^,()]|\([^()]*\))+)", body)


def _is_histogram(body: str, kernel: Kernel) -> str:
    data = _inputs(kernel)
    for target in _atomic_targets(body):
        index = re.search(r"\[(.+)\]", target)
        if index is None:
            continue
        inner = index.group(1)
        read_from_data = any(re.search(rf"\b{re.escape(d)} ?\[", inner) for d in data)
        local = re.fullmatch(r"\w+", inner.strip())
        computed = local is not None and re.search(
            rf"\b{re.escape(inner.strip())} ?= ?[^;]*\b({'|'.join(map(re.escape, data)) or '$^'}) ?\[", body
        )
        if read_from_data or computed:
            return f"an atomic increment at an index read from the data (`{target.strip()}`)"
    return ""


def _is_compaction(body: str) -> str:
    if re.search(r"\[ ?atomic\w+ ?\(", body):
        return "an atomic hands out output slots"
    slot = re.search(r"(\w+) ?= ?atomic\w+ ?\(", body)
    if slot and re.search(rf"\w+ ?\[ ?{slot.group(1)} ?\] ?=", body):
        return "an atomic hands out output slots"
    return ""


def _is_spmv(body: str) -> str:
    if re.search(r"for \( ?int (\w+) ?= ?(\w+) ?\[ ?(\w+) ?\] ?; ?\1 ?< ?\2 ?\[ ?\3 ?\+ ?1 ?\]", body):
        return "a loop between two row pointers"
    return ""


def _products(body: str) -> list[tuple[str, str, str, str]]:
    """`acc += a[i1] * b[i2]` accumulations (also `a[i][k] * b[k][j]`): (a, i1, b, i2), squares left out."""
    pattern = r"\+= ?(\w+)((?: ?\[(?:[^\[\]]|\[[^\[\]]*\])*\])+) ?\* ?(\w+)((?: ?\[(?:[^\[\]]|\[[^\[\]]*\])*\])+)"
    found = re.findall(pattern, body)
    return [(a, _expand(i1, body), b, _expand(i2, body)) for a, i1, b, i2 in found if (a, i1) != (b, i2)]


def _expand(index: str, body: str) -> str:
    """An index with the locals defined once (`int j = i + k;`) replaced by their definitions."""
    for _ in range(3):
        for name in set(re.findall(r"\b[a-z_]\w*\b", index)):
            definitions = re.findall(rf"(?<!for \()(?<!for \( )\b(?:int|unsigned|long|size_t|auto|const int) {name} ?="
                                     r" ?([^;]+);", body)  # fmt: skip
            if len(definitions) == 1:
                index = re.sub(rf"\b{name}\b", f"({definitions[0]})", index)
    return index


def _slides(index: str, var: str) -> bool:
    """Whether `var` is added to a term that is not itself a product (`i + k`, not `row * n + k`)."""
    term = r"(?:\)|(?<![*] )(?<![*])\b(?!\d)\w+(?:\.\w)?)"
    return bool(re.search(rf"{term} ?[-+] ?\b{var}\b|\b{var}\b ?[-+] ?\b(?!\d)\w+\b(?! ?\*)", index))


def _is_matmul_or_convolution(body: str, kernel: Kernel) -> Category | None:
    loops = _loop_vars(body)
    for left, i1, right, i2 in _products(body):
        uses = [v for v in sorted(loops) if re.search(rf"\b{v}\b", i1) and re.search(rf"\b{v}\b", i2)]
        if not uses:
            continue
        var = uses[0]
        if _slides(i1, var) or _slides(i2, var):
            return Category("convolution", f"data at a sliding offset `{var}` times weights")
        return Category("matmul", f"a sum of products of `{left}` and `{right}` over `{var}`")
    return None


def _is_transpose(body: str, kernel: Kernel) -> str:
    if re.search(r"\w+ ?\[ ?threadIdx\.x ?\] ?\[ ?threadIdx\.y ?\]", body) and re.search(
        r"\w+ ?\[ ?threadIdx\.y ?\] ?\[ ?threadIdx\.x ?\]", body
    ):
        return "a shared tile read with its axes swapped"
    for out in _outputs(kernel):
        for write in _subscripts(body, out):
            w = re.fullmatch(r" ?(\w+) ?\* ?(\w+) ?\+ ?(\w+) ?", write)
            if w is None:
                continue
            for data in _inputs(kernel):
                for read in _subscripts(body, data):
                    r = re.fullmatch(r" ?(\w+) ?\* ?(\w+) ?\+ ?(\w+) ?", read)
                    if r and (r.group(1), r.group(3)) == (w.group(3), w.group(1)) and r.group(2) != w.group(2):
                        return f"writes `{out}[{write.strip()}]` from `{data}[{read.strip()}]`, axes swapped"
    return ""


def _is_softmax(body: str) -> str:
    if re.search(r"\b(expf|exp|__expf)\b", body) and re.search(r"\b(fmaxf|max|fmax)\b", body) and "/" in body:
        return "exponentials shifted by a maximum and divided by their sum"
    return ""


def _is_norm(body: str) -> str:
    square = re.search(r"\+= ?(\w+(?: ?\[[^\]]*\])?) ?\* ?\1(?!\w)", body)
    if square and re.search(r"\b(sqrtf|sqrt|rsqrtf|rsqrt)\b", body):
        return "a square root of a sum of squares"
    return ""


def _is_reduction(body: str, kernel: Kernel) -> str:
    for target in _atomic_targets(body):
        index = re.search(r"\[(.+)\]", target)
        if index is None or re.fullmatch(r" ?(0|blockIdx\.x|blockIdx\.y|\w+ ?/ ?\w+) ?", index.group(1)):
            return f"combines into `{target.strip()}` with an atomic"
    halving = re.search(r"(\w+) ?(?:>>= ?1|/= ?2)", body)
    if halving and kernel.barriers:
        return f"a tree in shared memory, halving `{halving.group(1)}`"
    if re.search(r"__shfl_(down|xor)\w* ?\(", body) and re.search(r"\+= ?__shfl", body):
        return "adds across a warp with shuffles"
    if re.search(r"\w+ ?\[ ?blockIdx\.x ?\] ?=", body) and re.search(r"threadIdx\.x ?== ?0", body):
        return "one result per block, written by its first thread"
    loops = _loop_vars(body)
    for out in _outputs(kernel):
        if re.search(rf"\b{out} ?\[[^\]]*\] ?\+=", body) and loops:
            return f"accumulates into `{out}` in a loop"
    return ""


def _sums_a_row(body: str) -> str:
    loops = _loop_vars(body)
    accumulate = re.search(r"(\w+) ?\+= ?\w+ ?\[[^\]]*\b(" + "|".join(loops or {"$^"}) + r")\b", body)
    return f"sums a row into `{accumulate.group(1)}`" if accumulate and loops else ""


def _is_stencil(body: str, kernel: Kernel) -> str:
    for data in _inputs(kernel) | set(re.findall(r"__shared__ \w+ (\w+)", body)):
        indices = {re.sub(r"\s", "", s) for s in _subscripts(body, data)}
        offsets = {s for s in indices if re.search(r"[-+](\d+|\w+)", s)}
        if len(offsets) >= 2 or (offsets and len(indices) >= 2):
            return f"reads `{data}` at {len(indices)} neighbouring offsets"
        loops = _loop_vars(body)
        windowed = [s for s in _subscripts(body, data) if any(_slides(_expand(s, body), v) for v in loops)]
        if windowed and len(loops) >= 1:
            return f"reads `{data}` over a window `{windowed[0].strip()}`"
    return ""


def classify(kernel: Kernel) -> Category:
    """The category of a kernel (see the module docstring for the order of the rules)."""
    body = _body(kernel)
    shape_rules = (
        ("sort", lambda: _is_sort(body)),
        ("scan", lambda: _is_scan(body, kernel)),
        ("histogram", lambda: _is_histogram(body, kernel)),
        ("compaction", lambda: _is_compaction(body)),
        ("spmv", lambda: _is_spmv(body)),
    )
    for name, rule in shape_rules:
        why = rule()
        if why:
            return Category(name, why)
    product = _is_matmul_or_convolution(body, kernel)
    if product is not None:
        return product
    for name, rule in (
        ("transpose", lambda: _is_transpose(body, kernel)),
        ("softmax", lambda: _is_softmax(body)),
        ("norm", lambda: _is_norm(body)),
        ("reduction", lambda: _is_reduction(body, kernel)),
        ("stencil", lambda: _is_stencil(body, kernel)),
        ("reduction", lambda: _sums_a_row(body)),
    ):
        why = rule()
        if why:
            return Category(name, why)
    if kernel.warp_ops:
        return Category("warp_level", f"warp operations ({', '.join(kernel.warp_ops)})")
    lowered = kernel.name.lower()
    for name, pattern in _NAME_HINTS:
        if re.search(pattern, lowered):
            return Category(name, f"the name `{kernel.name}`")
    return Category("elementwise", "each thread works on its own elements")
