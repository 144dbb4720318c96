"""Curation stages that need no compiler: extract, filter, wrap plans, review, stats, the CLI wiring."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from hip_coding.cli import main
from hip_coding.curation import extract, filter, model_wrap, review, stats, testgen, wrap
from hip_coding.curation.extract import Kernel
from hip_coding.curation.funnel import Progress, read_jsonl, write_jsonl
from hip_coding.errors import InputError
from hip_coding.tasks.build import load_task

FIXTURES = Path(__file__).parent / "curation_fixtures"
REPOS = ("hip_repo", "cuda_repo", "mixed_repo")


def expected(repo: str) -> dict:
    return json.loads((FIXTURES / "expected" / f"{repo}.json").read_text())


def summary(kernel: Kernel) -> dict:
    return {
        "path": kernel.path,
        "name": kernel.name,
        "lines": [kernel.start_line, kernel.end_line],
        "template": bool(kernel.template_params),
        "launch_bounds": list(kernel.launch_bounds),
        "specifiers": list(kernel.specifiers),
        "via_macro": kernel.via_macro,
        "namespace": kernel.namespace,
        "deps": sorted(d.name for d in kernel.deps),
    }


@pytest.fixture(scope="module")
def extractions() -> dict[str, extract.Extraction]:
    return {repo: extract.extract_repository(FIXTURES / repo) for repo in REPOS}


@pytest.mark.parametrize("repo", REPOS)
def test_extract_finds_exactly_the_expected_kernels(repo: str, extractions: dict) -> None:
    found = sorted((summary(k) for k in extractions[repo].kernels), key=lambda k: (k["path"], k["lines"]))
    want = expected(repo)
    assert found == want["kernels"]
    problems = sorted([p.path, p.line, p.reason] for p in extractions[repo].problems)
    assert problems == want["not_kernels"]
    assert extractions[repo].provenance.license == want["license"]


def kernel(extractions: dict, repo: str, name: str) -> Kernel:
    return next(k for k in extractions[repo].kernels if k.name == name)


def test_extract_parameters_roles_and_body_facts(extractions: dict) -> None:
    relu = kernel(extractions, "hip_repo", "relu_kernel")
    assert [(p.name, p.type, p.const, p.pointer, p.restrict, p.role) for p in relu.params] == [
        ("in", "float", True, 1, True, "input"),
        ("out", "float", False, 1, True, "output"),
        ("n", "int", False, 0, False, "scalar"),
    ]
    saxpy = kernel(extractions, "hip_repo", "saxpy_kernel")
    assert [p.role for p in saxpy.params] == ["scalar", "scalar", "input", "inout"]  # y = a*x + y reads y
    block_sum = kernel(extractions, "hip_repo", "block_sum_kernel")
    assert block_sum.shared_memory and block_sum.atomics == ("atomicAdd",) and block_sum.barriers == ("__syncthreads",)
    assert block_sum.params[1].role == "inout"  # handed to atomicAdd
    warp = kernel(extractions, "cuda_repo", "warp_reduce_kernel")
    assert warp.device_calls == ("warp_sum",) and "WARP_SIZE" in warp.referenced
    assert [d.path for d in warp.deps] == [
        "include/common.cuh",
        "include/common.cuh",
    ]  # kernel in .cu, helpers in header
    transpose = kernel(extractions, "cuda_repo", "transpose_tiled")
    assert transpose.index_dims == ("x", "y") and transpose.launch_bounds == ("TILE * TILE",)
    tiled = kernel(extractions, "cuda_repo", "tiled_copy")
    assert tiled.template_params == ("int BLOCK",) and tiled.unresolved == ()
    leaky = kernel(extractions, "mixed_repo", "leaky_relu_kernel")
    assert {(d.name, d.namespace, d.kind) for d in leaky.deps} == {
        ("kAlpha", "ops", "constant"),
        ("leaky", "ops", "device_function"),
    }
    poly = kernel(extractions, "cuda_repo", "poly_kernel")
    assert [(d.name, d.kind) for d in poly.deps] == [("kPoly", "global_variable")]


def test_signature_macros_expand_without_moving_lines() -> None:
    text = "#define K(name) __global__ \\\n  void name(float* x, int n)\nK(\n  first) { x[0] = n; }\nint after;\n"
    expanded, used = extract.expand_signature_macros(text)
    assert expanded.count("\n") == text.count("\n")
    assert "__global__ void first(float* x, int n)" in expanded
    assert used == {3: "K"}


def test_kernels_in_strings_and_comments_count_as_zero(tmp_path: Path) -> None:
    (tmp_path / "a.cu").write_text(
        'const char* s = "__global__ void k(float* x) { x[0] = 1; }";\n'
        "// __global__ void c(float* x) { }\n"
        'const char* r = R"(__global__ void r(float* x) { })";\n'
    )
    result = extract.extract_repository(tmp_path)
    assert result.kernels == []
    assert [p.reason for p in result.problems] == ["in_string_or_comment"] * 3


def test_a_broken_file_keeps_its_sound_kernels(tmp_path: Path) -> None:
    (tmp_path / "b.hip").write_text(
        "__global__ void ok1(float* x, int n) { x[0] = n; }\n"
        "__global__ void bad(float* x, int n) { x[0] = (n + ; }\n"
        "__global__ void ok2(float* x, int n) { x[1] = n; }\n"
    )
    result = extract.extract_repository(tmp_path)
    assert [k.name for k in result.kernels] == ["ok1", "ok2"]
    assert [(p.line, p.reason) for p in result.problems] == [(2, "parse_error")]


def test_git_url_is_cloned_with_its_commit_and_date(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(FIXTURES / "mixed_repo", source)
    git = ["git", "-C", str(source), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(source)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "fixture", "--date", "2021-03-04T05:06:07"], check=True, env={
        "GIT_COMMITTER_DATE": "2021-03-04T05:06:07", "PATH": "/usr/bin:/bin"})  # fmt: skip
    commit = subprocess.run(["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    out = tmp_path / "out"
    assert main(["curate", "extract", "--repo", f"file://{source}", "--out", str(out)]) == 0
    kernels = [Kernel.from_dict(item) for item in read_jsonl(out / "extract.jsonl")]
    assert len(kernels) == len(expected("mixed_repo")["kernels"])
    assert {k.commit for k in kernels} == {commit.strip()}
    assert {k.source_date for k in kernels} == {"2021-03-04"}
    assert {k.project for k in kernels} == {"src"}
    funnel = json.loads((out / "extract.funnel.json").read_text())
    assert funnel["out"] == len(kernels) and funnel["dropped"]["forward_declaration"] == 1


def test_a_missing_repository_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such directory"):
        extract.run_extract(str(tmp_path / "nope"), tmp_path / "out")


def run_until_filter(repo: str, out: Path) -> list[dict]:
    extract.run_extract(str(FIXTURES / repo), out)
    filter.run_filter(out)
    return read_jsonl(out / "filter.jsonl")


def test_filter_drops_twins_and_near_duplicates_and_sets_templates_apart(tmp_path: Path) -> None:
    kept = run_until_filter("mixed_repo", tmp_path)
    names = [k["name"] for k in kept]
    assert names.count("leaky_relu_kernel") == 1  # the CUDA/HIP twins
    assert "copy_floats" in names and "copy_kernel" not in names  # renamed copy: a near duplicate
    dropped = {d["id"].split(":")[1]: d["reason"] for d in read_jsonl(tmp_path / "filter.dropped.jsonl")}
    assert dropped == {"leaky_relu_kernel": "exact_duplicate", "copy_kernel": "near_duplicate",
                       "unrolled_scale": "template"}  # fmt: skip
    assert [t["name"] for t in read_jsonl(tmp_path / "filter.templates.jsonl")] == ["unrolled_scale"]
    levels = {k["name"]: k["dependency_level"] for k in kept}
    assert levels["leaky_relu_kernel"] == "project" and levels["axpby_kernel"] == "self"
    funnel = json.loads((tmp_path / "filter.funnel.json").read_text())
    assert funnel == {"stage": "filter", "in": 9, "out": 6, "dropped": {"exact_duplicate": 1, "near_duplicate": 1},
                      "kept_apart": {"template": 1}}  # fmt: skip


def test_filter_length_limits(tmp_path: Path) -> None:
    run_until_filter("hip_repo", tmp_path)
    dropped = {d["id"].split(":")[1]: d["reason"] for d in read_jsonl(tmp_path / "filter.dropped.jsonl")}
    assert dropped["square_kernel"] == "too_short"  # 4 lines


def test_near_duplicate_measure() -> None:
    a = filter.normalized_tokens("__global__ void f(float* a, int n) { a[n] = 1; }", rename=True)
    b = filter.normalized_tokens("__global__ void g(float* b, int m) { b[m] = 1; }", rename=True)
    c = filter.normalized_tokens("__global__ void g(float* b, int m) { b[m] = b[m] * 2 + 7; }", rename=True)
    assert a == b and a != c
    hip = filter.normalized_tokens("hipStream_t s; // hip")
    assert hip == filter.normalized_tokens("cudaStream_t s;")


def test_wrap_plans_and_refusals(tmp_path: Path) -> None:
    run_until_filter("cuda_repo", tmp_path)
    wrap.run_wrap(tmp_path)
    plans = {p["kernel"]["name"]: wrap.WrapPlan.from_dict(p) for p in read_jsonl(tmp_path / "wrap.jsonl")}
    dropped = {d["id"].split(":")[1]: d["reason"] for d in read_jsonl(tmp_path / "wrap.dropped.jsonl")}
    # The host-filled __constant__ table of poly_kernel becomes an input the entry copies to the symbol; the template
    # is instantiated where its repository launches it; a struct holding a pointer still needs a model.
    assert dropped == {"params_kernel": "needs_model"}
    poly = plans["poly_kernel"]
    assert [(b.name, b.symbol, b.length) for b in poly.buffers if b.symbol] == [
        ("kPoly_table", "kPoly", "sizeof(kPoly) / sizeof(float)")
    ]
    assert "hipMemcpyToSymbolAsync(HIP_SYMBOL(kPoly), kPoly_table, sizeof(kPoly)" in poly.reference
    assert poly.signature.endswith("int n, const float* kPoly_table, hipStream_t stream)")
    tiled = plans["tiled_copy"]
    assert tiled.template_args == "<128>" and tiled.block == 128
    assert "tiled_copy<128><<<dim3(hc_blocks), dim3(128), 0, stream>>>(in, out, n);" in tiled.launch
    vec_add = plans["vec_add"]
    assert vec_add.signature == "void run_vec_add(const float* a, const float* b, float* c, int n, hipStream_t stream)"
    assert [(b.name, b.role) for b in vec_add.buffers] == [("a", "input"), ("b", "input"), ("c", "output")]
    assert vec_add.dims == 1 and vec_add.size_x == "n" and vec_add.block == 256
    transpose = plans["transpose_tiled"]
    assert transpose.dims == 2 and (transpose.size_x, transpose.size_y) == ("width", "height")
    assert "dim3(16, 16)" in transpose.launch and "#define TILE 16" in transpose.reference
    histogram = plans["histogram_kernel"]
    assert [(s.name, s.kind) for s in histogram.scalars] == [("n", "size"), ("nbins", "int")]
    clamp = plans["clamp_kernel"]
    # The closure: the struct (with the semicolon its node lacks) before the function that uses it, in HIP.
    assert clamp.reference.index("struct Range") < clamp.reference.index("clamp_to(float v")
    assert "};" in clamp.reference and "cuda" not in clamp.reference.replace("cuda_repo", "")


def test_the_model_path_feeds_every_problem_back(tmp_path: Path, extractions: dict) -> None:
    params_kernel = kernel(extractions, "cuda_repo", "params_kernel")
    with pytest.raises(wrap.Refused):
        wrap.plan_rule_based(params_kernel)
    base = wrap.plan_rule_based(kernel(extractions, "cuda_repo", "vec_add"))
    seen: list[list[tuple[str, str]]] = []
    replies = iter([("no code", "no ```cpp block"), ("broken", wrap.WrapPlan(**{**base.to_dict(), "reference": "x"}))])

    def model(k: Kernel, tries: list[tuple[str, str]]) -> tuple[str, wrap.WrapPlan | str]:
        seen.append(list(tries))
        return next(replies, ("good", base))

    def check(plan: wrap.WrapPlan) -> str:
        return "error: expected ';'" if plan.reference == "x" else ""

    plan, failed = wrap.plan_with_model(params_kernel, model, check)
    assert plan is not None and plan.model_tries == 3 and failed == seen[-1]
    assert seen == [
        [],
        [("no code", "no ```cpp block")],
        [("no code", "no ```cpp block"), ("broken", "error: expected ';'")],
    ]
    always_wrong = wrap.plan_with_model(params_kernel, lambda k, t: ("?", "no ```json block"), check)
    assert always_wrong == (None, [("?", "no ```json block")] * wrap.MODEL_ROUNDS)


_ENTRY = "void params(float* data, int n, hipStream_t stream) {\n  Params p{data, n};\n  %s\n}\n"
_LAUNCH = "hipLaunchKernelGGL(params_kernel, dim3((n + 255) / 256), dim3(256), 0, stream, p);"
_GOOD_JSON = '{"params": [{"name": "data", "role": "inout", "length": "n"}, {"name": "n", "role": "size"}]}'


def _reply(code: str = _ENTRY % _LAUNCH, interface: str = _GOOD_JSON) -> str:
    return f"```cpp\n{code}```\n```json\n{interface}\n```\n"


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("I cannot do that.", "no ```cpp block defining `params`"),
        (_reply(interface="{params: []}"), "not valid JSON"),
        (_reply(_ENTRY.replace(", hipStream_t stream", "") % _LAUNCH), "last parameter of `params` must be"),
        (_reply(interface=_GOOD_JSON.replace('"data"', '"d"')), "must be the parameters of `params`"),
        (_reply(interface=_GOOD_JSON.replace('"inout"', '"sideways"')), "params.0.role"),
        (_reply(_ENTRY.replace("float* data", "const float* data") % _LAUNCH), "is const but its role is inout"),
        (_reply(interface=_GOOD_JSON.replace('"length": "n"', '"length": "m * 2"')), "may use only the size"),
        (_reply(interface=_GOOD_JSON.replace('"length": "n"', '"length": "n * n"')), "`data` would hold 100000000"),
        (_reply(interface=_GOOD_JSON.replace('"inout"', '"input"')), "no pointer is written"),
        (_reply(_ENTRY % "(void)p;"), "exactly once (found 0 launches)"),
        (
            _reply(_ENTRY % (_LAUNCH + ' system("curl x | sh");')),
            "breaks the rules for solutions: line 3: forbidden call: `system`",
        ),
        (_reply(_ENTRY.replace("float* data", "Params* data") % _LAUNCH), "pointers to numbers and number scalars"),
    ],
)
def test_model_replies_are_checked_before_anything_compiles(extractions: dict, reply: str, problem: str) -> None:
    params_kernel = kernel(extractions, "cuda_repo", "params_kernel")
    outcome = model_wrap.plan_from_reply(params_kernel, reply, "m")
    assert isinstance(outcome, str) and problem in outcome, outcome


def test_a_good_reply_becomes_a_plan_with_default_tests(extractions: dict) -> None:
    plan = model_wrap.plan_from_reply(kernel(extractions, "cuda_repo", "params_kernel"), _reply(), "m")
    assert isinstance(plan, wrap.WrapPlan) and plan.method == "model" and plan.launch == _LAUNCH
    assert [b.length for b in plan.buffers] == ["n"] and [t["n"] for t in plan.tests][:2] == [10000, 1]
    three = _GOOD_JSON.replace('"length": "n"', '"length": "n * 2"')
    sized = model_wrap.plan_from_reply(kernel(extractions, "cuda_repo", "params_kernel"), _reply(interface=three), "m")
    assert isinstance(sized, wrap.WrapPlan) and sized.length_of(sized.buffers[0]) == "n * 2"


def test_camel_case_sizes_become_valid_test_parameters(tmp_path: Path) -> None:
    (tmp_path / "v.cu").write_text(
        "__global__ void vectorAdd(const float* A, const float* B, float* C, int numElements) {\n"
        "  int i = blockDim.x * blockIdx.x + threadIdx.x;\n"
        "  if (i < numElements) {\n    C[i] = A[i] + B[i];\n  }\n}\n"
    )
    (kernel_found,) = extract.extract_repository(tmp_path).kernels
    plan = wrap.plan_rule_based(kernel_found)
    task_id, files = testgen.task_files(plan, "vector_add")
    testgen.write_task(tmp_path / "tasks" / task_id, files)
    task = load_task(tmp_path / "tasks" / task_id)  # the schema wants lower snake case test parameters
    assert task.spec.tests[0].model_extra == {"num_elements": 10000}
    assert 't.param("num_elements")' in files["harness.hip"] and "numElements" in files["reference.hip"]
    assert testgen.test_key("n") == "n" and testgen.test_key("_n2") == "p__n2"


def test_progress_resumes_and_counts(tmp_path: Path) -> None:
    progress = Progress(tmp_path, "wrap")
    progress.emit({"id": "a"})
    progress.drop("b", "needs_model")
    progress.finish()
    again = Progress(tmp_path, "wrap")
    assert [i["id"] for i in again.todo([{"id": "a"}, {"id": "b"}, {"id": "c"}])] == ["c"]
    assert again.funnel.items_in == 2 and again.funnel.items_out == 1 and again.funnel.dropped == {"needs_model": 1}


def fake_candidates(out: Path, count: int) -> None:
    spec = (
        "id: elementwise/t{i}\ntitle: t\ncategory: elementwise\ndifficulty: 1\n"
        "doc: {{summary: drafted, params: []}}\ntests: [{{name: normal, kind: normal, n: 4}}]\n"
        "source: {{project: p, path: a.cu, lines: 1-9}}\n"
    )
    items = [
        {"id": f"k{i}", "task_id": f"elementwise/t{i}", "status": "passed", "messages": "", "negatives": {},
         "files": {"task.yaml": spec.format(i=i), "reference.hip": f"// program {i}\n", "harness.hip": ""}}
        for i in range(count)
    ]  # fmt: skip
    write_jsonl(out / "testgen.jsonl", items)


def test_review_records_decisions_and_resumes(tmp_path: Path) -> None:
    fake_candidates(tmp_path, 4)
    shown: list[str] = []
    funnel = review.run_review(tmp_path, "ana", io.StringIO("a\nx\ne\nA better summary.\ns\nq\n"), shown.append)
    decisions = read_jsonl(tmp_path / "review.jsonl")
    assert [(d["id"], d["decision"], d["reviewer"]) for d in decisions] == [("k0", "accept", "ana"),
                                                                            ("k1", "edit", "ana")]  # fmt: skip
    assert decisions[1]["summary"] == "A better summary." and decisions[0]["when"].endswith("+00:00")
    assert any("// program 0" in text for text in shown) and any("please answer" in text for text in shown)
    assert funnel.items_in == 2 and funnel.items_out == 2
    # Resumed: k0 and k1 are decided; k2 (skipped) and k3 are asked; input ends after one answer.
    funnel = review.run_review(tmp_path, "bo", io.StringIO("r\nwrong semantics\n"), shown.append)
    decisions = read_jsonl(tmp_path / "review.jsonl")
    assert [(d["id"], d["decision"], d["reviewer"]) for d in decisions][2:] == [("k2", "reject", "bo")]
    assert decisions[2]["note"] == "wrong semantics"
    assert funnel.dropped["rejected"] == 1 and funnel.items_out == 2


def test_stats_writes_pngs_and_counts(tmp_path: Path) -> None:
    run_until_filter("hip_repo", tmp_path)
    numbers, pngs = stats.run_stats(tmp_path)
    assert numbers["kernels"] == 9 and numbers["features"]["template_params"] == 1
    assert [f["stage"] for f in numbers["funnel"]] == ["extract", "filter"]
    assert sorted(p.name for p in pngs) == ["categories.png", "features.png", "funnel.png", "lengths.png"]
    for png in pngs:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 2000
    report = (tmp_path / "stats" / "report.md").read_text()
    assert "| kernels extracted | 9 |" in report and "| filter | 9 | 7 | too_short 1 |" in report, report
    assert "| extract | 13 | 9 | forward_declaration 1, in_string_or_comment 2, parse_error 1 |" in report
    assert all(f"![{png.stem}]({png.name})" in report for png in pngs)
    # The most common drop reasons, each with an example a contributor can open.
    reasons = {(r["stage"], r["reason"]): r for r in numbers["reasons"]}
    assert reasons[("extract", "in_string_or_comment")]["count"] == 2
    assert reasons[("filter", "too_short")]["example"].startswith("hip_repo/")
    assert [r["count"] for r in numbers["reasons"]] == sorted((r["count"] for r in numbers["reasons"]), reverse=True)
    assert "| extract | in_string_or_comment | 2 |" in report


def test_cli_stage_order_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["curate", "wrap", "--out", str(tmp_path)]) == 2
    assert "run `hip-coding curate filter` first" in capsys.readouterr().err


def test_output_inside_the_repository_is_not_scanned(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "hip_repo", repo)
    (repo / "out").mkdir()
    (repo / "out" / "candidate.hip").write_text("__global__ void ours(float* x, int n) { x[0] = n; }\n")
    extract.run_extract(str(repo), repo / "out")
    names = [item["name"] for item in read_jsonl(repo / "out" / "extract.jsonl")]
    assert len(names) == len(expected("hip_repo")["kernels"]) and "ours" not in names


def test_self_repair_models_curate_through_their_inner_backend() -> None:
    from hip_coding.curation.assist import CurationModel
    from hip_coding.models import ModelConfig

    config = ModelConfig(backend="self-repair", inner_backend="hf", model="some/dir")
    model = CurationModel(config, "label")  # loads nothing until asked
    assert model.config.backend == "hf" and model.config.model == "some/dir"


def _task_folder(folder: Path, source: object) -> None:
    folder.mkdir(parents=True)
    (folder / "task.yaml").write_text(json.dumps({"id": "x", "source": source}))
    (folder / "reference.hip").write_text("// ours\n")


def test_archive_into_never_overwrites_another_task(tmp_path: Path) -> None:
    from hip_coding.curation.archive import archive_into

    curated = {"project": "p", "path": "a.cu", "kernel": "k", "license": "MIT", "source_date": "2026-01-01"}
    _task_folder(tmp_path / "out" / "dataset" / "tasks" / "stencil" / "p_k", curated)
    tasks = tmp_path / "tasks"
    _task_folder(tasks / "stencil" / "p_k", "original")
    with pytest.raises(InputError, match="taken"):
        archive_into(tmp_path / "out", tasks)
    assert (tasks / "stencil" / "p_k" / "reference.hip").read_text() == "// ours\n"
    shutil.rmtree(tasks / "stencil" / "p_k")
    _task_folder(tasks / "stencil" / "p_k", curated)  # the same kernel curated before: replaced
    (tasks / "stencil" / "p_k" / "stale.txt").write_text("old")
    assert archive_into(tmp_path / "out", tasks) == ["stencil/p_k"]
    assert not (tasks / "stencil" / "p_k" / "stale.txt").exists()
