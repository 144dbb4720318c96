"""Stage 4, testgen: a hidden harness and the five test kinds per wrapped kernel, proven on the cpu backend.

The original kernel is the oracle. The generated harness holds a private copy of the wrapped program in
`namespace hc_oracle`: each test fills seeded inputs, runs the oracle on its own device copies *before* the
solution runs (so nothing the solution does can reach it), then runs the solution's entry function on the
harness's checked buffers and hands both results to `t.expect_close`/`t.expect_equal`. The harness uses only the
public API of hipcoding_harness.h, so the evaluator's verdict rules (golden runs, tolerance) apply unchanged.

Every written buffer is passed as `t.inout` with seeded random content: elements the kernel leaves alone then keep
the same value in both runs, and a solution that writes nothing (or zeros) still fails. Each buffer holds the
bound its index expressions give (curation.extents, computed in the harness), at least MIN_BUFFER elements; a
buffer the rules cannot bound is grown under the `sanitize` mode until the original kernel stays inside, or the
kernel is dropped (`out_of_bounds`), so no harness writes past its own allocation. Integer inputs are drawn from
[0, extent) so that they are valid indices when a kernel uses them as such.

A task is kept only if its reference passes its own tests (HIP record, cpu backend). Optional: an LLM-written
serial CPU reference can be cross-checked through a `CrossCheck` hook; disagreements are flagged for review.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from hip_coding.curation.archive import category_of, describe, slug_of, tags_of
from hip_coding.curation.extents import INTERVAL_CPP, Extent, infer_extents
from hip_coding.curation.extract import Kernel
from hip_coding.curation.funnel import Funnel, Progress, stage_input
from hip_coding.curation.wrap import BLOCK_2D, BLOCK_3D, INTEGER_TYPES, WrapPlan
from hip_coding.errors import HipCodingError
from hip_coding.tasks.build import load_task, make_negative, records_for

log = logging.getLogger(__name__)

MIN_BUFFER = 64
SIZES_1D = (  # (test name, kind, extent)
    ("normal", "normal", 10000),
    ("one_element", "boundary", 1),
    ("one_warp", "boundary", 32),
    ("one_block", "boundary", 256),
    ("special_values", "special", 4096),
    ("ragged", "ragged", 100003),
    ("large", "large", 262144),
)
SIZES_2D = (  # (test name, kind, width, height)
    ("normal", "normal", 96, 80),
    ("one_element", "boundary", 1, 1),
    ("one_row", "boundary", 32, 1),
    ("one_block", "boundary", 16, 16),
    ("special_values", "special", 64, 64),
    ("ragged", "ragged", 131, 77),
    ("large", "large", 512, 384),
)
SIZES_3D = (  # (test name, kind, width, height, depth)
    ("normal", "normal", 24, 20, 12),
    ("one_element", "boundary", 1, 1, 1),
    ("one_row", "boundary", 32, 1, 1),
    ("one_block", "boundary", 8, 8, 4),
    ("special_values", "special", 16, 16, 16),
    ("ragged", "ragged", 19, 13, 7),
    ("large", "large", 64, 64, 48),
)
PITCH_PAD = 3  # a 2-D kernel's row pitch is the width plus this, so a solution that ignores the pitch fails
MISC_INT = 7  # integer scalars that are not sizes (bins, strides, ...)
MAX_ELEMENTS = 1 << 26  # a bound above this many elements is not a sane test buffer
#: Slack factors tried, in order, for buffers whose extent the index expressions do not give.
TRIAL_SLACK = (1, 4, 16)
#: The cpu-backend check of a wrapped task: (record, solution) -> (passed, status, messages).
Evaluate = Callable[[Any, str], tuple[bool, str, str]]
#: Optional: (plan, its HIP record, evaluate) -> "agrees", "disagrees: ..." or "not checked: ..." for an
#: independent CPU reference (assist.CurationModel.cross_check).
CrossCheck = Callable[[WrapPlan, Any, Evaluate], str]
#: Optional: (kernel, plan) -> a drafted summary for the prompts ("" for none), confirmed at review.
Describer = Callable[[Kernel, WrapPlan], str]


@dataclass(frozen=True)
class TestgenResult:
    """A candidate task: its files, and how its reference (and optional negatives) fared on the cpu backend."""

    id: str
    task_id: str  # <category>/<slug>
    files: dict[str, str]  # task.yaml, reference.hip, harness.hip
    status: str
    messages: str
    negatives: dict[str, str]  # name -> status of the wrong solution ("failed" etc. means caught)
    cross_check: str = ""
    drafted_summary: str = ""  # a model's draft; used once a reviewer accepts it
    drafted_by: str = ""
    wrapped_by: str = ""  # the model that wrote the host entry function ("" = the rules)
    model_tries: int = 0
    extent: str = ""  # "static" (index expressions) or "trial xN (why)" (grown under the sanitizer)


def _fill(buffer_type: str, count: str, name: str) -> str:
    """C++ that fills `std::vector<type> name` of `count` elements with seeded data suited to the test kind."""
    if buffer_type in INTEGER_TYPES:
        draw = f"t.uniform_int({count}, 0, static_cast<int>(hc_extent > 0 ? hc_extent - 1 : 0))"
        if buffer_type == "int":
            return f"  std::vector<int> {name} = {draw};\n"
        return (
            f"  std::vector<{buffer_type}> {name};\n"
            f"  for (int hc_v : {draw}) {name}.push_back(static_cast<{buffer_type}>(hc_v));\n"
        )
    draw = "t.uniform" if buffer_type == "float" else "t.uniform_double"
    return (
        f"  std::vector<{buffer_type}> {name} = {draw}({count}, -1.0, 1.0);\n"
        f'  if (t.is("special")) hc_specials({name});\n'
    )


def _sizes(plan: WrapPlan, slack: int = 1) -> list[str]:
    """C++ that declares the extent, the sizes, the launch and each buffer's element count `hc_count_<name>`.

    A buffer's count is the bound its index expressions give (extents.py) when that is known; else the extent
    (or the model's length) times `slack`, which testgen grows until the sanitizer finds no overrun."""
    floor = f"static_cast<long long>({MIN_BUFFER})"
    if plan.method == "model":  # sizes are test parameters; each buffer has its own length expression
        body = [f'  const {s.type} {s.name} = static_cast<{s.type}>(t.param("{test_key(s.name)}"));\n'
                for s in plan.scalars if s.kind == "size"]  # fmt: skip
        body.append(f"  const long long hc_extent = static_cast<long long>({plan.size_x});\n")
        for buffer in plan.buffers:
            length = f"static_cast<long long>({plan.length_of(buffer)}) * {slack}"
            body.append(f"  const size_t hc_count_{buffer.name} = static_cast<size_t>(std::max({length}, {floor}));\n")
        return body
    x, y, z = test_key(plan.size_x), test_key(plan.size_y or plan.size_x), test_key(plan.size_z or plan.size_x)
    if plan.dims == 1:
        body = [f'  const long long hc_extent = t.param("{x}");\n']
    elif plan.dims == 2:
        body = [f'  const long long hc_x = t.param("{x}"), hc_y = t.param("{y}");\n',
                "  const long long hc_extent = hc_x * hc_y;\n"]  # fmt: skip
    else:
        body = [f'  const long long hc_x = t.param("{x}"), hc_y = t.param("{y}"), hc_z = t.param("{z}");\n',
                "  const long long hc_extent = hc_x * hc_y * hc_z;\n"]  # fmt: skip
    axis = {plan.size_z: "hc_z", plan.size_y: "hc_y", plan.size_x: "hc_x"}
    for scalar in plan.scalars:
        if scalar.kind == "size":
            which = "hc_extent" if plan.dims == 1 else axis[scalar.name]
            body.append(f"  const {scalar.type} {scalar.name} = static_cast<{scalar.type}>({which});\n")
    body += _misc_scalars(plan)
    body.append(_geometry(plan))
    extents = plan_extents(plan)
    for buffer in plan.buffers:
        extent = extents[buffer.name]
        if extent.count:
            need = f"hc_need_{buffer.name}"
            body.append(f"  const long long {need} = {extent.count};\n")
            body.append(
                f'  if ({need} < 0 || {need} > {MAX_ELEMENTS}LL) t.fail("harness error: extent of {buffer.name}");\n'
            )
            grown = f"{need} * {slack}" if extent.unsure else need
            body.append(f"  const size_t hc_count_{buffer.name} = static_cast<size_t>(std::max({grown}, {floor}));\n")
        else:
            guess = f"hc_extent * {slack}"
            body.append(f"  const size_t hc_count_{buffer.name} = static_cast<size_t>(std::max({guess}, {floor}));\n")
    return body


def _misc_scalars(plan: WrapPlan) -> list[str]:
    """The scalars that are not sizes: integers (bins, strides...) and floating-point factors."""
    body = []
    for scalar in plan.scalars:
        if scalar.kind == "pitch" and plan.dims >= 2:
            body.append(f"  const {scalar.type} {scalar.name} = static_cast<{scalar.type}>(hc_x + {PITCH_PAD});\n")
        elif scalar.kind == "struct":
            body.append(f"  {scalar.type} {scalar.name}{{}};\n  hc_oracle::{scalar.type} hc_o_{scalar.name}{{}};\n")
            for field, number in scalar.fields:
                value = (str(MISC_INT) if number in INTEGER_TYPES
                         else '(t.is("special") ? -1.0f : 1.0f) * t.uniform(1, 0.5f, 2.0f)[0]')  # fmt: skip
                body.append(f"  {scalar.name}.{field} = hc_o_{scalar.name}.{field} = static_cast<{number}>({value});\n")
        elif scalar.kind in ("int", "pitch"):
            body.append(f"  const {scalar.type} {scalar.name} = static_cast<{scalar.type}>({MISC_INT});\n")
        elif scalar.kind != "size":
            body.append(
                f"  const {scalar.type} {scalar.name} = static_cast<{scalar.type}>("
                f'(t.is("special") ? -1.0f : 1.0f) * t.uniform(1, 0.5f, 2.0f)[0]);\n'
            )
    return body


def _geometry(plan: WrapPlan) -> str:
    """The launch the wrapper chose, as the block and grid sizes the extent bounds use (`hc_bx`, `hc_gx`...)."""
    if plan.dims == 1:
        return (
            f"  const long long hc_bx = {plan.block}, hc_by = 1, hc_bz = 1;\n"
            "  const long long hc_gx = (hc_extent + hc_bx - 1) / hc_bx, hc_gy = 1, hc_gz = 1;\n"
        )
    bx, by, bz = (BLOCK_2D, BLOCK_2D, 1) if plan.dims == 2 else BLOCK_3D
    gz = "(hc_z + hc_bz - 1) / hc_bz" if plan.dims == 3 else "1"
    return (
        f"  const long long hc_bx = {bx}, hc_by = {by}, hc_bz = {bz};\n"
        f"  const long long hc_gx = (hc_x + hc_bx - 1) / hc_bx, hc_gy = (hc_y + hc_by - 1) / hc_by, hc_gz = {gz};\n"
    )


def plan_extents(plan: WrapPlan) -> dict[str, Extent]:
    """Each buffer's extent from the kernel's index expressions (model plans: unsure, their lengths are a claim)."""
    if plan.method == "model":
        return {b.name: Extent(b.name, unsure="the model's length") for b in plan.buffers}
    kernel = Kernel.from_dict(plan.kernel)
    names = {s.name: s.name for s in plan.scalars if s.kind != "struct"}
    if plan.template_args:
        template_names = [re.split(r"[\s=]", p.split("=")[0].strip())[-1] for p in kernel.template_params]
        values = [v.strip() for v in plan.template_args[1:-1].split(",")]
        names.update({n: v for n, v in zip(template_names, values, strict=False) if re.fullmatch(r"[\w\s*+()-]+", v)})
    for dep in kernel.deps:
        if dep.kind == "macro" and not re.search(r"#\s*define\s+\w+\(", dep.text):
            names[dep.name] = dep.name
        elif dep.kind == "constant":
            names[dep.name] = "::".join(["hc_oracle", *([dep.namespace] if dep.namespace else []), dep.name])
    int_buffers = {b.name for b in plan.buffers if b.role == "input" and b.type in INTEGER_TYPES}
    extents = infer_extents(kernel, names, int_buffers)
    for table in (b for b in plan.buffers if b.symbol):  # a host-filled table is exactly its variable
        count = f"static_cast<long long>(sizeof(hc_oracle::{table.symbol}) / sizeof({table.type}))"
        extents[table.name] = Extent(table.name, count=f"hc_need({{hc_iv{{0, {count} - 1}}}})")
    return extents


def generate_harness(plan: WrapPlan, slack: int = 1) -> str:
    """The hidden harness of a wrapped kernel (HIP; the CUDA twin is derived at build)."""
    program = plan.reference.replace("#include <hip/hip_runtime.h>\n", "", 1)
    body = _sizes(plan, slack)
    if plan.method == "model":
        body += _misc_scalars(plan)
    for buffer in plan.buffers:
        body.append(_fill(buffer.type, f"hc_count_{buffer.name}", f"hc_in_{buffer.name}"))
    # The oracle first, on its own copies: the solution has not run yet and cannot touch them.
    body.append("  // The original kernel, on its own device copies of the same data, is the reference:\n")
    body.append("  // the harness's own device work, outside the solution's window (docs/security.md).\n")
    body.append("  t.leave_window();\n")
    for buffer in plan.buffers:
        body.append(f"  {buffer.type}* hc_o_{buffer.name} = hc_device(t, hc_in_{buffer.name});\n")
    own_copies = {b.name for b in plan.buffers} | {s.name for s in plan.scalars if s.kind == "struct"}
    oracle_args = [f"hc_o_{a}" if a in own_copies else a for a in plan.args]
    body.append(f"  hc_oracle::{plan.entry_point}({', '.join(oracle_args)}, t.stream());\n")
    body.append('  if (hipStreamSynchronize(t.stream()) != hipSuccess) t.fail("harness error: the oracle failed");\n')
    written = [b for b in plan.buffers if b.role != "input"]
    for buffer in plan.buffers:
        if buffer.role != "input":
            body.append(
                f"  std::vector<{buffer.type}> hc_want_{buffer.name} = hc_host(hc_o_{buffer.name}, "
                f"hc_count_{buffer.name});\n"
            )
        else:
            body.append(f"  hipFree(hc_o_{buffer.name});\n")
    body.append("  t.enter_window();\n")
    body.append("  // The solution, on the harness's checked buffers.\n")
    for buffer in plan.buffers:
        call = "input" if buffer.role == "input" else "inout"
        body.append(f'  auto hc_d_{buffer.name} = t.{call}(hc_in_{buffer.name}, "{buffer.name}");\n')
    solution_args = [f"hc_d_{a}.get()" if a in {b.name for b in plan.buffers} else a for a in plan.args]
    body.append(f"  {plan.entry_point}({', '.join(solution_args)}, t.stream());\n")
    body.append("  t.finish_call();\n")
    for buffer in written:
        check = "expect_equal" if buffer.type in INTEGER_TYPES else "expect_close"
        body.append(f'  t.{check}("{buffer.name}", hc_d_{buffer.name}.download(), hc_want_{buffer.name});\n')
    return (
        '#include "hipcoding_harness.h"\n\n#include <algorithm>\n#include <cstdlib>\n#include <initializer_list>\n\n'
        "// A private copy of the original program: the oracle every test compares with.\n"
        f"namespace hc_oracle {{\n{program.strip()}\n}}  // namespace hc_oracle\n\n"
        f"{_global_types(plan)}{plan.signature};\n\n"
        "template <class T>\n"
        "static T* hc_device(hc::Test& t, const std::vector<T>& host) {\n"
        "  T* device = nullptr;\n"
        "  if (hipMalloc(&device, host.size() * sizeof(T)) != hipSuccess ||\n"
        "      hipMemcpy(device, host.data(), host.size() * sizeof(T), hipMemcpyHostToDevice) != hipSuccess)\n"
        '    t.fail("harness error: oracle buffer");\n'
        "  return device;\n"
        "}\n\n"
        "template <class T>\n"
        "static std::vector<T> hc_host(T* device, size_t count) {\n"
        "  std::vector<T> host(count);\n"
        "  hipMemcpy(host.data(), device, count * sizeof(T), hipMemcpyDeviceToHost);\n"
        "  hipFree(device);\n"
        "  return host;\n"
        "}\n\n"
        "// Zeros, signed zeros, large and tiny magnitudes, in a fixed pattern over the random values.\n"
        "template <class T>\n"
        "static void hc_specials(std::vector<T>& v) {\n"
        "  const T values[] = {T(0), -T(0), T(1.0e30), T(-1.0e-30), T(-3.5), T(1.0e-3), T(65504)};\n"
        "  for (size_t i = 0; i < v.size(); i += 3) v[i] = values[(i / 3) % 7];\n"
        "}\n\n"
        "// Interval bounds of the kernel's index expressions: how many elements each buffer needs.\n"
        f"{INTERVAL_CPP}\n"
        "static void run(hc::Test& t) {\n" + "".join(body) + "}\n\n"
        "int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }\n"
    )


def _global_types(plan: WrapPlan) -> str:
    """The structs passed by value, also outside `hc_oracle`: the solution's entry function is declared with them."""
    kernel = Kernel.from_dict(plan.kernel)
    types = {s.type for s in plan.scalars if s.kind == "struct"}
    texts = [d.text.rstrip().rstrip(";") + ";\n\n" for d in kernel.deps if d.kind == "type" and d.name in types]
    return "".join(texts)


def test_key(name: str) -> str:
    """A size parameter's name as a test parameter (task.yaml wants lower snake case): numElements -> num_elements."""
    key = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    return key if re.fullmatch(r"[a-z][a-z0-9_]*", key) else f"p_{re.sub(r'[^a-z0-9_]', '_', key)}"


def _tests(plan: WrapPlan) -> list[dict[str, Any]]:
    if plan.tests:
        return [{test_key(k) if k not in ("name", "kind") else k: v for k, v in t.items()} for t in plan.tests]
    x, y, z = test_key(plan.size_x), test_key(plan.size_y or plan.size_x), test_key(plan.size_z or plan.size_x)
    if plan.dims == 1:
        return [{"name": name, "kind": kind, x: n} for name, kind, n in SIZES_1D]
    if plan.dims == 2:  # a square problem (one size for both axes) takes the widths
        return [{"name": name, "kind": kind, y: ny, x: nx} for name, kind, nx, ny in SIZES_2D]
    return [{"name": name, "kind": kind, z: nz, y: ny, x: nx} for name, kind, nx, ny, nz in SIZES_3D]


def _negatives(plan: WrapPlan) -> list[dict[str, Any]]:
    """Wrong programs made by editing the host entry function (the kernel is the project's, not ours)."""
    if plan.method == "model":
        return _negatives_after_launch(plan)
    size = {1: plan.size_x, 2: plan.size_y, 3: plan.size_z}[plan.dims]
    first_written = next(b.name for b in plan.buffers if b.role != "input")

    launched = [p.name for p in Kernel.from_dict(plan.kernel).params]  # the launch's arguments (tables aside)

    def with_size(new: str) -> str:
        args = [new if a == size else a for a in launched]
        return plan.launch.replace(", ".join(launched) + ");", ", ".join(args) + ");")

    zero = f"{plan.launch}\n  (void)hipMemsetAsync({first_written}, 0, sizeof(*{first_written}) * {size}, stream);"
    return [
        {"name": "half_output", "edits": [[plan.launch, with_size(f"{size} / 2")]]},
        {"name": "all_zeros", "edits": [[plan.launch, zero]]},
        {"name": "block_multiple", "edits": [[plan.extent_expr, re.sub(r" \+ \d+ - 1\)", ")", plan.extent_expr)]]},
        {"name": "past_end", "edits": [[plan.launch, with_size(f"{size} + 1")]]},
        {
            "name": "no_launch",
            "why": "the entry function must launch the kernel",
            "edits": [[plan.launch, "(void)stream;"]],
        },
    ]


def _negatives_after_launch(plan: WrapPlan) -> list[dict[str, Any]]:
    """The same wrong outputs for a model-written entry function, whose sizes and grid we do not parse: the launch
    stays, and a memset after it spoils the second half, everything, the ragged tail past the last full block of
    DEFAULT_BLOCK elements, or the element just past the end of the first written buffer."""
    buffer = next(b for b in plan.buffers if b.role != "input")
    name, length = buffer.name, f"static_cast<size_t>({plan.length_of(buffer)})"

    def zero(start: str, count: str) -> list[list[str]]:
        spoil = f"(void)hipMemsetAsync({name} + {start}, 0, sizeof(*{name}) * ({count}), stream);"
        return [[plan.launch, f"{plan.launch}\n  {spoil}"]]

    full = f"{length} / {plan.block} * {plan.block}"
    return [
        {"name": "half_output", "edits": zero(f"{length} / 2", f"{length} - {length} / 2")},
        {"name": "all_zeros", "edits": zero("0", length)},
        {"name": "block_multiple", "edits": zero(full, f"{length} - {full}")},
        {"name": "past_end", "edits": zero(length, "1")},
        {"name": "no_launch", "why": "the entry function must launch the kernel", "edits": [[plan.launch, "(void)0;"]]},
    ]


def task_files(plan: WrapPlan, slug: str, slack: int = 1) -> tuple[str, dict[str, str]]:
    """(task id, {file name: text}) of the task folder for a wrapped kernel."""
    kernel = Kernel.from_dict(plan.kernel)
    category = category_of(kernel)
    task_id = f"{category}/{slug}"
    atomics_or_float = kernel.atomics or kernel.warp_ops
    spec = {
        "id": task_id,
        "title": f"{kernel.name} from {kernel.project}",
        "category": category,
        "tags": list(tags_of(kernel, plan)),
        "difficulty": 1 if kernel.lines <= 15 and not kernel.shared_memory else (2 if kernel.lines <= 60 else 3),
        "entry_point": plan.entry_point,
        "signature": plan.signature,
        "doc": describe(kernel, plan),
        "tolerance": {"atol": 1e-3 if atomics_or_float else 1e-5, "rtol": 1e-4 if atomics_or_float else 1e-5},
        "modes": ["normal"],
        "tests": _tests(plan),
        "negatives": _negatives(plan),
        "source": {
            "project": kernel.project,
            "path": kernel.path,
            "commit": kernel.commit,
            "license": kernel.license,
            "source_date": kernel.source_date,
            "kernel": kernel.name,
            "lines": f"{kernel.start_line}-{kernel.end_line}",
        },
    }
    text = yaml.safe_dump(spec, sort_keys=False, width=100, allow_unicode=True)
    return task_id, {"task.yaml": text, "reference.hip": plan.reference, "harness.hip": generate_harness(plan, slack)}


def write_task(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def cpu_evaluate(record: Any, solution: str, mode: str | None = None) -> tuple[bool, str, str]:
    """Judge `solution` against `record` on the cpu backend (the evaluator's own judge), in the task's modes or one."""
    from hip_coding.evaluation.config import EvalConfig
    from hip_coding.evaluation.judge import evaluate_solution
    from hip_coding.execution.status import Status

    config = EvalConfig(modes=(mode,) if mode else None)  # type: ignore[arg-type]
    result = evaluate_solution(record, solution, f"curation-{mode}" if mode else "curation", config)
    return result.status is Status.PASSED, result.status.value, result.messages


def cpu_sanitize(record: Any, solution: str) -> tuple[bool, str, str]:
    """Judge `solution` in the `sanitize` mode (AddressSanitizer): an overrun is a verdict, not a corrupt heap."""
    return cpu_evaluate(record, solution, "sanitize")


_OVERRUN = re.compile(r"heap-buffer-overflow|out of bounds|out-of-bounds|SEGV|stack-buffer-overflow|wild pointer|"
                      r"heap-use-after-free|outside the buffer|stray write", re.I)  # fmt: skip


def _write_and_load(folder: Path, files: dict[str, str]) -> Any:
    if folder.exists():
        shutil.rmtree(folder)
    write_task(folder, files)
    return load_task(folder)


def _trial_slack(plan: WrapPlan, slug: str, folder: Path, sanitize: Evaluate) -> tuple[int | None, str, str]:
    """The smallest TRIAL_SLACK under which the original kernel passes its tests under the sanitizer.

    Only buffers whose extent the index expressions do not give are grown; each try runs the reference (the
    original kernel, twice: as oracle and as solution) under the `sanitize` mode. Returns (slack, "", "") or
    (None, status, messages): an overrun at every size is `out_of_bounds`; any other failure under the sanitizer
    is reported as it is, and the kernel never runs unsanitized."""
    messages = ""
    for slack in TRIAL_SLACK:
        _, files = task_files(plan, slug, slack)
        try:
            record = records_for(_write_and_load(folder, files))[0]
            ok, status, messages = sanitize(record, record.answer.reference_solution)
        except HipCodingError as err:
            return None, "harness_error", str(err)[:4000]
        if ok:
            return slack, "", ""
        if not _OVERRUN.search(messages):
            return None, status, f"[sanitize, buffers x{slack}] {messages}"
        log.info("%s: overrun with buffers x%d; growing", plan.id, slack)
    detail = f"overruns buffers of up to x{TRIAL_SLACK[-1]} the extent: {messages}"
    return None, "out_of_bounds", detail


def check_candidate(
    plan: WrapPlan,
    slug: str,
    work_dir: Path,
    evaluate: Evaluate = cpu_evaluate,
    negatives: bool = False,
    cross_check: CrossCheck | None = None,
    describer: Describer | None = None,
    drafted_by: str = "",
    sanitize: Evaluate = cpu_sanitize,
) -> TestgenResult:
    """Write the task folder under `work_dir`, load it like any authored task, run its reference (and negatives).

    When some buffer's extent is unsure, the reference first runs under `sanitize` with growing buffers; a
    kernel that overruns every size tried is dropped (`out_of_bounds`) before any unsanitized run."""
    task_id, files = task_files(plan, slug)
    folder = work_dir / task_id
    unsure = {name: e.unsure for name, e in plan_extents(plan).items() if e.unsure}
    extent = "static"
    if unsure:
        slack, failure, detail = _trial_slack(plan, slug, folder, sanitize)
        why = "; ".join(f"{name}: {reason}" for name, reason in sorted(unsure.items()))
        if slack is None:
            return TestgenResult(plan.id, task_id, files, failure, f"({why}) {detail}", {})
        extent = f"trial x{slack} ({why})"
        task_id, files = task_files(plan, slug, slack)
    try:
        task = _write_and_load(folder, files)
        record = records_for(task)[0]  # HIP
    except HipCodingError as err:
        return TestgenResult(plan.id, task_id, files, "invalid", str(err), {})
    try:
        ok, status, messages = evaluate(record, record.answer.reference_solution)
    except HipCodingError as err:  # e.g. the harness does not compile: the candidate's fault, not the run's
        ok, status, messages = False, "harness_error", str(err)[:4000]
    caught: dict[str, str] = {}
    if ok and negatives:
        for negative in task.spec.negatives:
            wrong = make_negative(record.answer.reference_solution, negative.edits)
            try:
                caught[negative.name] = evaluate(record, wrong)[1]
            except HipCodingError as err:
                caught[negative.name] = f"error: {err}"[:200]
    if not ok:
        return TestgenResult(plan.id, task_id, files, status, messages, caught, extent=extent)
    flagged = cross_check(plan, record, evaluate) if cross_check else ""
    draft = describer(Kernel.from_dict(plan.kernel), plan) if describer else ""
    return TestgenResult(
        plan.id, task_id, files, "passed", messages, caught, flagged, draft, drafted_by if draft else "",
        plan.model, plan.model_tries, extent,
    )  # fmt: skip


def unique_slugs(plans: list[WrapPlan]) -> dict[str, str]:
    """A slug per plan id, unique within the run (`_2`, `_3`... on collisions), stable in input order."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for plan in plans:
        base = slug_of(Kernel.from_dict(plan.kernel))
        slug, number = base, 1
        while slug in used:
            number += 1
            slug = f"{base}_{number}"
        used.add(slug)
        slugs[plan.id] = slug
    return slugs


def run_testgen(
    out_dir: Path,
    workers: int = 2,
    negatives: bool = False,
    evaluate: Evaluate = cpu_evaluate,
    cross_check: CrossCheck | None = None,
    describer: Describer | None = None,
    drafted_by: str = "",
) -> Funnel:
    """`wrap.jsonl` -> `testgen.jsonl`: candidates whose reference passed; the rest dropped with the status.

    With a `describer`, each candidate also gets a drafted summary; with a `cross_check`, a verdict of an
    independent CPU reference (both shown at review)."""
    plans = [WrapPlan.from_dict(item) for item in stage_input(out_dir, "wrap")]
    slugs = unique_slugs(plans)
    progress = Progress(out_dir, "testgen")
    todo = [p for p in plans if p.id not in progress.done]
    work_dir = out_dir / "candidates"
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        jobs = [
            pool.submit(
                check_candidate, p, slugs[p.id], work_dir, evaluate, negatives, cross_check, describer, drafted_by
            )
            for p in todo
        ]
        for job in tqdm(jobs, desc="testgen", unit="task", disable=None):
            result = job.result()
            if result.status == "passed":
                progress.emit(result.__dict__)
            else:
                reason = "reference_" + re.sub(r"\W+", "_", result.status)
                progress.drop(result.id, reason, result.messages)
    return progress.finish()
