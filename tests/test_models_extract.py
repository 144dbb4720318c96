"""Code extraction from realistic replies, prompts, the model settings (the key never leaks), the
resumable samples file, the reference backend and `hip-coding generate`'s reading of algorithm YAMLs."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from model_fixtures import SAXPY, release_records

from hip_coding.cli import main
from hip_coding.errors import InputError
from hip_coding.models import ModelConfig, SamplesFile, build_prompt, extract_code, generate_samples
from hip_coding.models.algorithm import model_config
from hip_coding.models.extract import extract_continuation

KERNEL = """__global__ void add_kernel(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}"""
HOST = """void add(const float* a, const float* b, float* c, int n, hipStream_t stream) {
  hipLaunchKernelGGL(add_kernel, dim3((n + 255) / 256), dim3(256), 0, stream, a, b, c, n);
}"""
FULL = f"#include <hip/hip_runtime.h>\n\n{KERNEL}\n\n{HOST}"
MAIN = "int main() {\n  add(nullptr, nullptr, nullptr, 0, 0);\n  return 0;\n}"


@pytest.mark.parametrize(
    ("reply", "want"),
    [
        pytest.param(f"```cpp\n{FULL}\n```", FULL, id="one-tagged-block"),
        pytest.param(f"Here you go:\n\n```\n{FULL}\n```\n\nThis launches one thread per element.", FULL, id="untagged"),
        pytest.param(f"```hip\n{FULL}\n```", FULL, id="hip-tag"),
        pytest.param(f"```CUDA\n{FULL}\n```", FULL, id="upper-case-tag"),
        pytest.param(f"~~~c++\n{FULL}\n~~~", FULL, id="tilde-fence"),
        pytest.param(f"  ```cpp\n{FULL}\n  ```", FULL, id="indented-fence"),
        pytest.param(
            f"First the kernel:\n```cpp\n{KERNEL}\n```\nThen the host function:\n```cpp\n{HOST}\n```\nDone.",
            f"{KERNEL}\n\n{HOST}",
            id="kernel-and-host-in-two-blocks",
        ),
        pytest.param(
            f"```cpp\n{FULL}\n```\nTo test it:\n```cpp\n{MAIN}\n```\nCompile with:\n```bash\nhipcc add.hip\n```",
            FULL,
            id="solution-then-main-and-bash",
        ),
        pytest.param(
            f"Draft:\n```cpp\n{HOST}\n```\nFinal version:\n```cpp\n{FULL}\n```",
            FULL,
            id="draft-then-final-takes-last-definition",
        ),
        pytest.param(
            f"```cpp\n#include <hip/hip_runtime.h>\n{KERNEL}\n\n{HOST[:60]}",
            f"#include <hip/hip_runtime.h>\n{KERNEL}\n\n{HOST[:60]}",
            id="truncated-unterminated-fence",
        ),
        pytest.param(FULL, FULL, id="bare-code"),
        pytest.param(f"Sure! Here is the code.\n{FULL}\nHope this helps!", FULL, id="bare-code-with-prose"),
        pytest.param("I'm sorry, I cannot help with that request.", "", id="no-code"),
        pytest.param("", "", id="empty"),
        pytest.param("```bash\nhipcc -o add add.hip\n```", "", id="only-a-shell-block"),
        pytest.param('```json\n{"a": 1}\n```', "", id="only-json"),
    ],
)
def test_extract_code(reply: str, want: str) -> None:
    assert extract_code(reply, "add") == want


def test_extract_picks_helpers_the_entry_block_uses_but_not_unrelated_blocks() -> None:
    helper = "__device__ float twice(float v) { return 2.0f * v; }"
    unrelated = "__device__ float unused_helper(float v) { return v; }"
    host = HOST.replace("a[i]", "twice(a[i])")
    host_block = f"{KERNEL.replace('a[i] + b[i]', 'twice(a[i]) + b[i]')}\n\n{host}"
    reply = f"```cpp\n{unrelated}\n```\n```cpp\n{helper}\n```\n```cpp\n{host_block}\n```"
    assert extract_code(reply, "add") == f"{helper}\n\n{host_block}"


def test_declaration_alone_is_not_a_definition() -> None:
    reply = (
        f"```cpp\n{FULL}\n```\n```cpp\nvoid add(const float* a, const float* b, float* c, int n, hipStream_t s);\n```"
    )
    assert extract_code(reply, "add") == FULL


def test_a_definition_in_a_comment_or_string_does_not_count() -> None:
    usage = '// usage: void add(const float* a, ...) { ... }\nconst char* doc = "add(a) { }";\n'
    reply = f"```cpp\n{FULL}\n```\n```cpp\n{usage}/* __device__ float twice(float v) {{ */\n```"
    assert extract_code(reply, "add") == FULL


def test_no_block_defines_the_entry_point_takes_the_largest() -> None:
    assert extract_code(f"```cpp\nint x;\n```\n```cpp\n{KERNEL}\n```", "add") == KERNEL


@pytest.mark.parametrize(
    ("reply", "want"),
    [
        pytest.param(f"\n{KERNEL}\n\n{HOST}\n", f"PREFIX;\n{KERNEL}\n\n{HOST}", id="plain-continuation"),
        pytest.param(f"\n{KERNEL}\n```\nExplanation...", f"PREFIX;\n{KERNEL}", id="stops-at-closing-fence"),
        pytest.param(f"\n```cpp\n{FULL}\n```", FULL, id="restarted-in-a-new-block"),
        pytest.param("   \n", "", id="nothing"),
    ],
)
def test_extract_continuation(reply: str, want: str) -> None:
    assert extract_continuation(reply, "PREFIX;", "add") == want


def test_every_reference_solution_survives_a_fenced_round_trip() -> None:
    for record in release_records():
        solution = record["answer"]["reference_solution"]
        assert extract_code(f"Here:\n```cpp\n{solution}```\n", record["question"]["entry_point"]) == solution.strip(
            "\n"
        ), record["task_id"]


# ---- prompts ----


def _question(task_id: str = SAXPY) -> dict:
    return release_records([task_id])[0]["question"]


def test_instruct_prompt_has_system_instruction_and_a_text_rendering_ending_in_a_fence() -> None:
    config = ModelConfig(backend="reference", system_prompt="You are a GPU expert.")
    prompt = build_prompt(_question(), config)
    assert prompt.messages[0] == ("system", "You are a GPU expert.")
    role, content = prompt.messages[-1]
    assert role == "user" and _question()["instruct_prompt"].strip() in content
    assert "no main" in content.lower() or "do not write a main" in content.lower()
    assert "`saxpy`" in content
    assert prompt.text.endswith("```cpp\n") and prompt.code_prefix == ""


def test_complete_prompt_text_continues_the_declaration() -> None:
    prompt = build_prompt(_question(), ModelConfig(backend="reference", prompt_style="complete"))
    assert prompt.text.endswith(_question()["complete_prompt"])
    assert prompt.code_prefix == _question()["complete_prompt"]
    assert _question()["complete_prompt"].strip() in prompt.messages[-1][1]


def test_few_shot_uses_train_records_and_skips_the_same_problem_in_another_language() -> None:
    records = release_records()
    train = [r for r in records if r["task_id"] in {f"cuda/{SAXPY[4:]}", "hip/compaction/gather_f32"}]
    config = ModelConfig(backend="reference", few_shot=2)
    prompt = build_prompt(_question(), config, train)
    assert [role for role, _ in prompt.messages] == ["user", "assistant", "user"]  # cuda saxpy was skipped
    assert "gather_kernel" in prompt.messages[1][1] and prompt.messages[1][1].startswith("```cpp")
    assert "gather_kernel" in prompt.text


# ---- settings ----


def test_config_errors_name_the_field() -> None:
    with pytest.raises(InputError, match=r"temperature: .*greater than or equal to 0"):
        ModelConfig.from_settings({"backend": "hf", "model": "m", "temperature": -1})
    with pytest.raises(InputError, match=r"tempreature: unknown setting"):
        ModelConfig.from_settings({"backend": "hf", "model": "m", "tempreature": 0.2})
    with pytest.raises(InputError, match="needs `model`"):
        ModelConfig.from_settings({"backend": "hf"})
    with pytest.raises(InputError, match="base_url"):
        ModelConfig.from_settings({"backend": "openai", "model": "m"})


def test_the_key_value_never_appears_in_reprs_dumps_or_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-test-5f2c9a1b7e3d"
    monkeypatch.setenv("HIPC_SECRET_KEY", secret)
    config = ModelConfig(backend="openai", model="m", base_url="http://127.0.0.1:9/v1", api_key_env="HIPC_SECRET_KEY")
    assert secret not in repr(config) + str(config) + config.model_dump_json() + json.dumps(config.sampling_params())
    with pytest.raises(InputError) as caught:  # the key pasted where its variable's name belongs
        ModelConfig.from_settings({"backend": "openai", "model": "m", "base_url": "http://x/v1", "api_key_env": secret})
    assert secret not in str(caught.value) and "NAME of an environment variable" in str(caught.value)


# ---- samples file, resume, reference backend ----


def test_reference_backend_and_resume_after_a_torn_write(tmp_path: Path) -> None:
    questions = [r["question"] for r in release_records()[:6]]
    out = tmp_path / "samples.jsonl"
    config = ModelConfig(backend="reference", n_samples=2)
    first = generate_samples(questions[:3], config, out=out, progress=False)
    assert [s["sample_id"] for s in first] == ["0", "1"] * 3
    assert all(s["error"] is None and "__global__" in s["solution"] for s in first)
    lines = out.read_bytes().splitlines(keepends=True)
    assert len(lines) == 6
    out.write_bytes(b"".join(lines[:5]) + lines[5][:40])  # a crash in the middle of the last line
    again = generate_samples(questions, config, out=out, progress=False)
    assert len(again) == 12
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["task_id"], r["sample_id"]) for r in rows] == [(s["task_id"], s["sample_id"]) for s in again]
    assert out.read_bytes().startswith(b"".join(lines[:5]))  # finished samples are kept as they were


def test_resume_refuses_a_file_from_another_run(tmp_path: Path) -> None:
    out = tmp_path / "samples.jsonl"
    question = [release_records()[0]["question"]]
    generate_samples(question, ModelConfig(backend="reference"), out=out, progress=False)
    with pytest.raises(InputError, match="another run"):
        generate_samples(question, ModelConfig(backend="reference", temperature=0.5), out=out, progress=False)


def test_resume_redoes_a_task_whose_prompt_changed(tmp_path: Path) -> None:
    out = tmp_path / "samples.jsonl"
    questions = [r["question"] for r in release_records()[:2]]
    config = ModelConfig(backend="reference")
    generate_samples(questions, config, out=out, progress=False)
    marked = [{**json.loads(line), "raw": "first run"} for line in out.read_text().splitlines()]
    out.write_text("".join(json.dumps(r) + "\n" for r in marked))
    edited = [questions[0], {**questions[1], "instruct_prompt": questions[1]["instruct_prompt"] + "\nEdited."}]
    again = generate_samples(edited, config, out=out, progress=False)
    assert [s["raw"] == "first run" for s in again] == [True, False]
    assert again[1]["prompt_sha"] != marked[1]["prompt_sha"]


def test_samples_file_names_a_corrupt_line(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"task_id": "a", "sample_id": "0"}\nnot json\n')
    with pytest.raises(InputError, match=r"s.jsonl:2"):
        SamplesFile(path).load()


def test_questions_missing_a_field_are_an_input_error() -> None:
    with pytest.raises(InputError, match=r"question 0 \(x\): missing field 'language'"):
        generate_samples([{"task_id": "x"}], ModelConfig(backend="reference"), progress=False)


# ---- `hip-coding generate` ----


def _algorithm(tmp_path: Path, module: str, hyperparameters: str) -> Path:
    path = tmp_path / "algorithm.yaml"
    body = textwrap.indent(textwrap.dedent(hyperparameters).strip(), " " * 8)
    path.write_text(
        "algorithm:\n  paradigm_type: singletasklearning\n  modules:\n    - type: basemodel\n"
        f"      name: {module}\n      url: ./x.py\n      hyperparameters:\n{body}\n"
    )
    return path


def test_generate_needs_exactly_one_case(tmp_path: Path) -> None:
    path = _algorithm(tmp_path, "hip_coding_hf", "- model: {values: [m]}\n- temperature: {values: [0.2, 0.8]}")
    with pytest.raises(InputError, match=r"2 hyperparameter combinations \(temperature \[0.2, 0.8\]\).*single value"):
        model_config(path, Path("datasets/hip_coding"))


def test_backend_comes_from_the_module_name_or_the_hyperparameter(tmp_path: Path) -> None:
    path = _algorithm(tmp_path, "hip_coding_self_repair", "- label: {values: [x]}\n- model: {values: [m]}")
    config, label = model_config(path, Path("d"), "complete")
    assert (config.backend, config.inner_backend, config.prompt_style, label) == ("self-repair", "hf", "complete", "x")
    path = _algorithm(tmp_path, "my_model", "- backend: {values: [reference]}")
    assert model_config(path, Path("d"))[0].model == "d"
    path = _algorithm(tmp_path, "my_model", "- model: {values: [m]}")
    with pytest.raises(InputError, match="cannot tell the backend"):
        model_config(path, Path("d"))
    path = _algorithm(tmp_path, "hip_coding_hf", "- model: {values: [m]}\n- temprature: {values: [0]}")
    with pytest.raises(InputError, match=r"algorithm.yaml: module 'hip_coding_hf': temprature: unknown setting"):
        model_config(path, Path("d"))


def test_generate_cli_with_the_reference_algorithm_resumes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "samples.jsonl"
    args = ["generate", "--algorithm", "testalgorithms/reference/reference_algorithm.yaml", "--out", str(out)]
    assert main([*args, "--limit", "2"]) == 0
    assert main([*args, "--limit", "3"]) == 0
    printed = capsys.readouterr().out
    assert "3 samples for 3 tasks: 3 with code, 0 errors" in printed
    assert len(out.read_text().splitlines()) == 3
