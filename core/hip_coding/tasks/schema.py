"""The two shapes a task takes: `task.yaml` as authored, and the release record as shipped.

Authoring (one folder per task, `datasets/hip_coding/tasks/<category>/<slug>/`): `task.yaml` (this
`TaskSpec`), `reference.hip` (the reference solution) and `harness.hip` (the hidden harness). The
release record (docs/contract.md) is what models and the evaluator read; Ianvs keeps only its
`question` (-> x) and `answer` (-> y), so nothing the model must not see goes in `question`, and no
top-level lists go in either (Ianvs would turn them into numpy arrays).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

TEST_KINDS = ("normal", "boundary", "special", "ragged", "large")
MODES = ("normal", "sanitize", "perturb", "race")
#: The wrong solutions every task must show failing (issue 3), plus one specific to its category.
REQUIRED_NEGATIVES = ("half_output", "all_zeros", "block_multiple", "past_end")

_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
#: Tags that mark a task's data as 16-bit floating point (`precision_of`), by the precision they name.
PRECISION_TAGS = {"half": "float16", "float16": "float16", "bfloat16": "bfloat16", "bf16": "bfloat16"}


def precision_of(tags: tuple[str, ...] | list[str]) -> str:
    """`float16` or `bfloat16` when a tag says the data is stored so (docs/tasks.md), else `float32/other`."""
    for tag in tags:
        if tag in PRECISION_TAGS:
            return PRECISION_TAGS[tag]
    return "float32/other"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Param(_Strict):
    name: str
    desc: str


class DocStruct(_Strict):
    """The parts of the doc comment. Both prompt styles are derived from these by fixed rules."""

    summary: str = Field(description="one sentence: what the entry function computes")
    details: str = Field(default="", description="the exact semantics, formulas, edge-case behaviour")
    params: tuple[Param, ...]
    shapes: str = Field(default="", description="sizes and layouts of the buffers")
    preconditions: tuple[str, ...] = ()
    launch: str = Field(default="", description="launch constraints beyond the default text")
    example: str = ""


class TestSpec(_Strict):
    """One hidden test: a name, a kind, integer size parameters. The seed derives from task id + name."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: str
    kind: Literal["normal", "boundary", "special", "ragged", "large"]

    @property
    def params(self) -> dict[str, int]:
        extra = self.model_extra or {}
        return {key: int(value) for key, value in extra.items()}

    @model_validator(mode="after")
    def _integer_params(self) -> TestSpec:
        for key, value in (self.model_extra or {}).items():
            if not _IDENT.match(key) or not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"test parameter {key!r} must be a lower-case name with an integer value")
        return self


class Tolerance(_Strict):
    atol: float = Field(ge=0)
    rtol: float = Field(ge=0)


class Negative(_Strict):
    """A wrong solution made from the reference by exact text edits; the evaluator must fail it."""

    name: str
    edits: tuple[tuple[str, str], ...] = Field(min_length=1)
    mode: Literal["normal", "sanitize", "perturb", "race"] | None = None
    why: str = ""


class EquivalentMutant(_Strict):
    """A mutant of the reference that no input the prompt allows can tell apart (docs/tasks.md, mutation scores).

    `mutant` is the name `dataset mutate` prints, "<operator>@<line>: <before> -> <after>"; it names a line, so a
    declaration goes stale (and the mutant counts as a survivor again) as soon as the reference moves.
    """

    mutant: str
    why: str = Field(min_length=10, description="why no allowed input can kill it")


class TaskSpec(_Strict):
    """`task.yaml`."""

    id: str = Field(description="<category>/<slug>, equal to the folder path")
    title: str
    category: str
    tags: tuple[str, ...] = ()
    difficulty: int = Field(ge=1, le=3)
    level: int = Field(
        default=1, ge=1, le=3, description="1 single operation, 2 fused chain, 3 multi-kernel algorithm or workload"
    )
    entry_point: str
    signature: str = Field(description="the HIP declaration of the entry function, without the semicolon")
    doc: DocStruct
    tolerance: Tolerance
    modes: tuple[Literal["normal", "sanitize", "perturb", "race"], ...] = ("normal",)
    tests: tuple[TestSpec, ...]
    negatives: tuple[Negative, ...]
    equivalent_mutants: tuple[EquivalentMutant, ...] = ()
    source: Literal["original"] | dict[str, str] = "original"

    @field_validator("signature")
    @classmethod
    def _signature_shape(cls, value: str) -> str:
        if value.rstrip().endswith(";") or "hipStream_t stream" not in value:
            raise ValueError("must be a declaration without ';' whose last parameter is 'hipStream_t stream'")
        return value.strip()

    @model_validator(mode="after")
    def _consistent(self) -> TaskSpec:
        if self.id.split("/")[0] != self.category:
            raise ValueError(f"id {self.id!r} must start with its category {self.category!r}")
        if not re.search(rf"\b{re.escape(self.entry_point)}\s*\(", self.signature):
            raise ValueError(f"signature does not declare the entry point {self.entry_point!r}")
        kinds = {test.kind for test in self.tests}
        missing = [kind for kind in TEST_KINDS if kind not in kinds]
        if missing:
            raise ValueError(f"tests lack the kinds {missing} (need one of each of {list(TEST_KINDS)})")
        names = [test.name for test in self.tests]
        if len(set(names)) != len(names):
            raise ValueError("test names must be unique")
        negative_names = {negative.name for negative in self.negatives}
        absent = [name for name in REQUIRED_NEGATIVES if name not in negative_names]
        if absent:
            raise ValueError(f"negatives lack {absent}")
        if len(negative_names - set(REQUIRED_NEGATIVES)) < 1:
            raise ValueError("negatives need at least one specific to the category")
        if "normal" not in self.modes:
            raise ValueError("modes must include 'normal'")
        return self


class Question(_Strict):
    """What the model sees."""

    task_id: str
    language: Literal["hip", "cuda"]
    complete_prompt: str
    instruct_prompt: str
    entry_point: str
    signature: str


class Answer(_Strict):
    """What the evaluator needs; hidden from the model."""

    task_id: str
    language: Literal["hip", "cuda"]
    harness: str
    reference_solution: str
    tests: dict[str, dict[str, object]]  # name -> {"kind", "seed", params...}; a dict, never a list (Ianvs)
    tolerance: dict[str, float]
    modes: str  # comma-separated checking modes the cpu verdict needs, e.g. "normal,perturb"


class Meta(_Strict):
    category: str
    tags: str  # comma-separated (no lists: see the module docstring)
    difficulty: int
    level: int = 1  # 1 single operation, 2 fused chain, 3 multi-kernel algorithm or workload
    title: str
    source: dict[str, str] | str
    doc_struct: dict[str, object]


class Record(_Strict):
    """One line of a release file."""

    task_id: str
    question: Question
    answer: Answer
    meta: Meta
