"""The fixed rules that derive both prompt styles from a task's doc parts."""

from __future__ import annotations

from hip_coding.tasks.prompts import LAUNCH_CONTRACT, complete_prompt, instruct_prompt
from hip_coding.tasks.schema import DocStruct, Param

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


def test_complete_prompt_layout():
    text = complete_prompt(DOC, SIGNATURE, "hip")
    assert text.startswith("#include <hip/hip_runtime.h>\n\n/**\n * Compute y = a * x + y element-wise.\n")
    assert text.endswith(" */\nvoid saxpy(int n, hipStream_t stream);\n")
    for part in ("Single precision.", " *   n       number of elements", "Shapes: x and y hold n floats.",
                 "  - x and y do not overlap", "Example: n = 1 -> y = [3]", "n is a power of two."):  # fmt: skip
        assert part in text, part
    assert text.index("Parameters:") < text.index("Shapes:") < text.index("Preconditions:") < text.index("Launch:")


def test_complete_prompt_for_cuda_uses_the_cuda_include():
    assert complete_prompt(DOC, SIGNATURE, "cuda").startswith("#include <cuda_runtime.h>\n")


def test_instruct_prompt_is_summary_shapes_contract_and_signature():
    text = instruct_prompt(DOC, SIGNATURE, "cuda", "saxpy")
    first, contract, blank, *code = text.splitlines()
    assert first == "Write CUDA code for `saxpy`: Compute y = a * x + y element-wise. x and y hold n floats."
    assert contract == f"{LAUNCH_CONTRACT} n is a power of two."
    assert blank == ""
    assert code == ["```cpp", "void saxpy(int n, hipStream_t stream);", "```"]
    assert "Single precision" not in text and "Example" not in text


def test_prompts_without_optional_parts():
    bare = DocStruct(summary="Do it.", params=(Param(name="stream", desc="s"),))
    text = complete_prompt(bare, SIGNATURE, "hip")
    assert "Shapes:" not in text and "Preconditions:" not in text and "Example:" not in text
    assert instruct_prompt(bare, SIGNATURE, "hip", "saxpy").startswith("Write HIP code for `saxpy`: Do it.\n")
