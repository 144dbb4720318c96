"""Mutation operators: small, typical kernel bugs made from a reference solution, to measure its task's tests.

Each operator finds the places in a reference where one typical mistake can be made (a dropped barrier, an
off-by-one bound, a wrong index term, swapped min/max, a lost atomic, a wrong initial value, a halved grid,
swapped operands, a dropped bounds check) and makes one mutant per place. A task's tests should fail every
mutant that changes behaviour; `hip-coding dataset mutate` judges the mutants (hip_coding.evaluation.mutation)
and reports the share killed (docs/tasks.md). Text edits, not a parser: a mutant that does not compile is
counted apart, never held against the task.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    """One mutation of a reference: which operator, where (1-based line), the edit, and the mutated source."""

    operator: str
    line: int
    before: str
    after: str
    source: str

    @property
    def name(self) -> str:
        return f"{self.operator}@{self.line}"


@dataclass(frozen=True)
class Operator:
    """A mistake, as a pattern and a rewrite of each match (None skips that match)."""

    name: str
    pattern: re.Pattern[str]
    rewrite: Callable[[re.Match[str]], str | None]
    why: str


def _swap(table: dict[str, str]) -> Callable[[re.Match[str]], str | None]:
    return lambda match: table.get(match.group(0))


def _lost_atomic(match: re.Match[str]) -> str:
    name, target, value = match.group(1), match.group(2).strip(), match.group(3).strip()
    if name == "atomicAdd":
        return f"*({target}) += ({value});"
    if name == "atomicSub":
        return f"*({target}) -= ({value});"
    pick = "max" if name == "atomicMax" else "min"
    return f"*({target}) = {pick}(*({target}), ({value}));"


def _index(delta: str) -> Callable[[re.Match[str]], str | None]:
    def rewrite(match: re.Match[str]) -> str | None:
        inner = match.group(1)
        text = match.string
        line = text[text.rfind("\n", 0, match.start()) + 1 : text.find("\n", match.end())]
        if inner.strip().isdigit() or "__shared__" in line:  # a constant element, or a declared size
            return None
        return f"[{inner} {delta}]"

    return rewrite


def _drop_guard(match: re.Match[str]) -> str:
    # `if (out of range) return;` dropped never returns; `if (in range) work` dropped always works.
    return "if (false) return;" if match.group(2) else "if (true)"


def _halve_grid(match: re.Match[str]) -> str:
    if match.group(1) is not None:  # kernel<<<grid, block>>>
        return f"<<<({match.group(1).strip()}) / 2,"
    x, *rest = match.group(3).split(",")  # hipLaunchKernelGGL(kernel, dim3(x, ...), ...): halve x
    return f"{match.group(2)}dim3(({x.strip()}) / 2{''.join(',' + r for r in rest)})"


_COMPARISON = r"\s(?:<|<=|>|>=)\s"
_OPERAND = r"[A-Za-z_][\w\.]*(?:\[[^\[\]\n]+\])?"  # a name, a member or one subscript
OPERATORS: tuple[Operator, ...] = (
    Operator("drop_barrier", re.compile(r"__syncthreads\(\);"), lambda m: "", "a barrier left out"),
    Operator(
        "off_by_one_bound",
        re.compile(r"(?<=[\w\)\]]) (<=|<|>=|>) (?=[\w\(\-])"),
        lambda m: {"<": " <= ", "<=": " < ", ">": " >= ", ">=": " > "}[m.group(1)],
        "< and <=, > and >= confused",
    ),
    Operator("index_plus_one", re.compile(r"(?<=\w)\[([^\[\]\n]+)\]"), _index("+ 1"), "an index one too high"),
    Operator("index_minus_one", re.compile(r"(?<=\w)\[([^\[\]\n]+)\]"), _index("- 1"), "an index one too low"),
    Operator(
        "swap_min_max",
        re.compile(r"\b(?:fminf|fmaxf|fmin|fmax|min|max)(?=\s*\()"),
        _swap({"fminf": "fmaxf", "fmaxf": "fminf", "fmin": "fmax", "fmax": "fmin", "min": "max", "max": "min"}),
        "min where max was meant and back",
    ),
    Operator(
        "lost_atomic",
        re.compile(r"\b(atomicAdd|atomicSub|atomicMax|atomicMin)\(([^,;]+),([^;]+)\);"),
        _lost_atomic,
        "a read-modify-write that is not atomic",
    ),
    Operator(
        "wrong_init",
        re.compile(r"(?<== )(?:0\.0f|1\.0f|0|1|-INFINITY|INFINITY|-FLT_MAX|FLT_MAX)(?=;)"),
        _swap({"0.0f": "1.0f", "1.0f": "0.0f", "0": "1", "1": "0", "-INFINITY": "0.0f", "INFINITY": "0.0f",
               "-FLT_MAX": "0.0f", "FLT_MAX": "0.0f"}),  # fmt: skip
        "an accumulator or running extreme started at the wrong value",
    ),
    Operator(
        "halve_grid",
        re.compile(r"<<<([^,<>]+),|(hipLaunchKernelGGL\(\s*\w+\s*,\s*)dim3\(((?:[^()]|\([^()]*\))+)\)"),
        _halve_grid,
        "half the blocks launched",
    ),
    Operator(
        "swap_operands",
        re.compile(rf"(?<![\w\.\]\)])({_OPERAND}) ([-/]) ({_OPERAND})(?![\w\[\(])"),
        lambda m: f"{m.group(3)} {m.group(2)} {m.group(1)}",
        "a - b or a / b written the wrong way round",
    ),
    Operator(
        "drop_bounds_check",
        re.compile(rf"if \(([^()\n]*{_COMPARISON}[^()\n]*)\)(\s*return;)?"),
        _drop_guard,
        "a bounds check left out",
    ),
)  # fmt: skip


def _code_spans(source: str) -> list[tuple[int, int]]:
    """Where mutations may go: everything but comments, string literals and preprocessor lines."""
    skip = re.compile(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|^\s*#[^\n]*", re.S | re.M)
    spans, start = [], 0
    for match in skip.finditer(source):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(source)))
    return spans


def mutants_of(source: str) -> Iterator[Mutant]:
    """Every mutant of `source`, operator by operator, in source order."""
    spans = _code_spans(source)
    for operator in OPERATORS:
        for start, end in spans:
            for match in operator.pattern.finditer(source, start, end):
                after = operator.rewrite(match)
                if after is None or after == match.group(0):
                    continue
                mutated = source[: match.start()] + after + source[match.end() :]
                line = source.count("\n", 0, match.start()) + 1
                yield Mutant(operator.name, line, match.group(0), after, mutated)


def select(mutants: list[Mutant], limit: int | None) -> list[Mutant]:
    """At most `limit` mutants, taken round-robin over the operators so every kind of mistake is tried."""
    if limit is None or len(mutants) <= limit:
        return mutants
    by_operator: dict[str, list[Mutant]] = {}
    for mutant in mutants:
        by_operator.setdefault(mutant.operator, []).append(mutant)
    chosen: list[Mutant] = []
    queues = list(by_operator.values())
    while len(chosen) < limit:
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    return chosen
