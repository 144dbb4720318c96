"""The fixed rules that derive both prompt styles from a task: one stated contract in each (docs/prompts.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hip_coding.tasks.build import load_tasks, records_for
from hip_coding.tasks.prompts import (
    LAUNCH_CONTRACT,
    MEMORY_RULE,
    MODE_RULES,
    checking_text,
    complete_prompt,
    instruct_prompt,
    rules_text,
    tolerance_text,
)
from hip_coding.tasks.schema import DocStruct, Param, Tolerance
from hip_coding.tasks.translate import hip_prose_to_cuda

ROOT = Path(__file__).resolve().parent.parent
TASKS = load_tasks(ROOT / "datasets" / "hip_coding" / "tasks")
DOC = DocStruct(
    summary="Compute y = a * x + y element-wise.",
    details="Single precision.",
    params=(Param(name="n", desc="number of elements"), Param(name="stream", desc="the stream")),
    shapes="x and y hold n floats.",
    preconditions=("x and y do not overlap",),
    launch="n is a power of two.",
    example="n = 1 -> y = [3]",
)
SIGNATURE = "void saxpy(int n, hipStream_t stream)"
CLOSE = Tolerance(atol=1e-5, rtol=2e-6)
EXACT = Tolerance(atol=0, rtol=0)


def test_complete_prompt_layout():
    text = complete_prompt(DOC, SIGNATURE, "hip", CLOSE)
    assert text.startswith("#include <hip/hip_runtime.h>\n\n/**\n * Compute y = a * x + y element-wise.\n")
    assert text.endswith(" */\nvoid saxpy(int n, hipStream_t stream);\n")
    for part in ("Single precision.", " *   n       number of elements", "Shapes: x and y hold n floats.",
                 "  - x and y do not overlap", "Example: n = 1 -> y = [3]", "n is a power of two.",
                 "atol = 1e-5 and rtol = 2e-6", "hipCUB", "rocPRIM"):  # fmt: skip
        assert part in text, part
    order = ("Parameters:", "Shapes:", "Preconditions:", "Launch:", "Example:", "Checking:", "Rules:")
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)


def test_complete_prompt_for_cuda_uses_the_cuda_include():
    assert complete_prompt(DOC, SIGNATURE, "cuda", CLOSE).startswith("#include <cuda_runtime.h>\n")


def test_instruct_prompt_states_the_whole_contract():
    text = instruct_prompt(DOC, SIGNATURE, "cuda", "saxpy", EXACT)
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Write CUDA code for `saxpy`: Compute y = a * x + y element-wise. x and y hold n floats."
    assert paragraphs[1] == "Single precision."
    assert paragraphs[2] == "Parameters:\n- `n`: number of elements\n- `stream`: the stream"
    assert paragraphs[3] == "Preconditions:\n- x and y do not overlap"
    assert paragraphs[4] == "Example: n = 1 -> y = [3]"
    assert paragraphs[5] == f"Launch: {LAUNCH_CONTRACT} n is a power of two."
    assert paragraphs[6] == f"Checking: Every output element must equal the reference result exactly. {MEMORY_RULE}"
    assert paragraphs[7] == f"Rules: {rules_text('cuda')}"
    assert paragraphs[8] == "```cpp\nvoid saxpy(int n, hipStream_t stream);\n```\n"


def test_tolerance_in_plain_words():
    assert tolerance_text(EXACT) == "Every output element must equal the reference result exactly."
    text = tolerance_text(Tolerance(atol=1e-4, rtol=1.2e-7))
    assert "|got - r| <= atol + rtol * |r| with atol = 0.0001 and rtol = 1.2e-7" in text


def test_checking_paragraph_states_what_each_declared_mode_adds():
    """A sample failed by the race detector, a sanitizer or shuffled orders was told so (docs/prompts.md)."""
    plain = checking_text(CLOSE)
    assert plain == f"{tolerance_text(CLOSE)} {MEMORY_RULE}" and "guard zones" in plain
    every = checking_text(CLOSE, ("normal", "perturb", "sanitize", "race"))
    for words in ("shuffled orders", "AddressSanitizer", "signed integer overflow", "data-race detector", "atomic"):
        assert words in every and words not in plain, words
    assert checking_text(CLOSE, ("normal", "race")) == f"{plain} {MODE_RULES['race']}"


def test_rules_paragraph_names_every_stated_rule_in_the_language_s_spelling():
    for language, libraries in (("hip", ("hipCUB", "rocPRIM", "Thrust")), ("cuda", ("CUB", "Thrust"))):
        text = rules_text(language)
        stated = ("exactly the declared signature", "standard C or C++ header", "`main`", "no device-to-host copies",
                  "managed memory", "network access", "inline assembly", "`exit` or `abort`", "garbage")  # fmt: skip
        for part in (*libraries, *stated):
            assert part in text, (language, part)
    assert "hip" not in rules_text("cuda").lower()


def test_prompts_without_optional_parts():
    bare = DocStruct(summary="Do it.", params=(Param(name="stream", desc="s"),))
    text = complete_prompt(bare, SIGNATURE, "hip", EXACT)
    assert "Shapes:" not in text and "Preconditions:" not in text and "Example:" not in text
    instruct = instruct_prompt(bare, SIGNATURE, "hip", "saxpy", EXACT)
    assert instruct.startswith("Write HIP code for `saxpy`: Do it.\n\nParameters:\n- `stream`: s\n\nLaunch:")


def test_prose_translation_uses_cuda_spellings():
    text = "Temporary memory with hipMallocAsync/hipFreeAsync; hipDeviceProp_t; see hip/hip_fp16.h; HIP-free words."
    assert hip_prose_to_cuda(text) == (
        "Temporary memory with cudaMallocAsync/cudaFreeAsync; cudaDeviceProp; see cuda_fp16.h; HIP-free words."
    )


_OTHER_API = {"cuda": re.compile(r"\bhip[A-Z_]\w*|\bHIP_[A-Z]\w*|hip/hip_"), "hip": re.compile(r"\bcuda[A-Z_]\w*")}


def test_no_record_names_the_other_language_s_api():
    for task in TASKS:
        for record in records_for(task):
            language = record.question.language
            for part in (record.question, record.answer, record.meta):
                text = json.dumps(part.model_dump(mode="json"))
                found = _OTHER_API[language].findall(text)
                assert not found, f"{record.task_id} {type(part).__name__}: {sorted(set(found))}"


@pytest.mark.parametrize("task", TASKS, ids=[task.spec.id for task in TASKS])
def test_instruct_prompt_states_the_task_s_preconditions_and_tolerance(task):
    for record in records_for(task):
        text = record.question.instruct_prompt
        translate = hip_prose_to_cuda if record.question.language == "cuda" else str
        for precondition in task.spec.doc.preconditions:
            assert f"- {translate(precondition)}\n" in text, precondition
        if task.spec.doc.details:
            assert translate(task.spec.doc.details) in text
        assert f"Checking: {checking_text(task.spec.tolerance, task.spec.modes)}" in text
        assert f"Rules: {rules_text(record.question.language)}" in text
        assert record.question.signature + ";" in text
