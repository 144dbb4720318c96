"""A generated, contamination-free family: level-2 fused chains drawn by a seeded generator.

A chain applies steps from a small grammar (`STEPS`) to every element of a float vector, e.g. scale,
then add a second input, then GELU. Each step carries its device code (float), its golden code (double,
in the harness) and its tolerance contribution, so every drawn task comes with a reference, a harness
with tests of all five kinds, the prompt's doc parts and wrong solutions, in the normal task folder
format, sound by construction and checked like hand-written tasks (`hip-coding dataset check`).
A fresh seed draws a split no model can have memorised (docs/tasks.md).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

CATEGORY = "generated"
#: Element counts of the tests: none equal to a size in the prompt, none a power of two but the boundaries.
TESTS = (
    {"name": "normal", "kind": "normal", "n": 99991},
    {"name": "one_element", "kind": "boundary", "n": 1},
    {"name": "one_warp", "kind": "boundary", "n": 64},
    {"name": "one_block", "kind": "boundary", "n": 256},
    {"name": "special_values", "kind": "special", "n": 4099},
    {"name": "ragged", "kind": "ragged", "n": 1000003},
    {"name": "large", "kind": "large", "n": 2000003},
)
#: Inputs of the special test: signed zeros, tiny and large magnitudes, values at clamp bounds.
SPECIALS = (0.0, -0.0, 1e-30, -1e-30, 30.0, -30.0, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0)


@dataclass(frozen=True)
class Step:
    """One operation of the grammar. `{a}`/`{b}` in the snippets are the drawn constants (as float literals)."""

    name: str
    text: str  # how the prompt states it, on the running value v
    device: str  # float code updating `v` (and reading `r[i]` for the residual)
    golden: str  # double code updating `d` (and reading `r[i]`)
    python: Callable[[float, float, float, float], float]  # (v, a, b, r) -> value, for the prompt's example
    rtol: float  # relative error this step may add (float vs double), as a share of the result
    atol: float  # absolute error it may add near zero
    constants: tuple[tuple[float, float], ...] = ()  # ranges of a, b


def _gelu(v: float) -> float:
    return 0.5 * v * (1.0 + math.tanh(math.sqrt(2.0 / math.pi) * (v + 0.044715 * v**3)))


def _sigmoid(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v)) if v > -700 else 0.0


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("scale", "v = v * {a}", "v = v * {a}f;", "d = d * {a};", lambda v, a, b, r: v * a, 2e-7, 0.0,
             ((0.5, 2.0),)),
        Step("bias", "v = v + {a}", "v = v + {a}f;", "d = d + {a};", lambda v, a, b, r: v + a, 2e-7, 1e-6,
             ((-1.0, 1.0),)),
        Step("relu", "v = max(v, 0)", "v = fmaxf(v, 0.0f);", "d = d > 0.0 ? d : 0.0;",
             lambda v, a, b, r: max(v, 0.0), 0.0, 0.0),
        Step("clamp", "v = min(max(v, {a}), {b})", "v = fminf(fmaxf(v, {a}f), {b}f);",
             "d = std::min(std::max(d, {a}), {b});", lambda v, a, b, r: min(max(v, a), b), 0.0, 0.0,
             ((-2.0, -0.5), (0.5, 2.0))),
        Step("square", "v = v * v", "v = v * v;", "d = d * d;", lambda v, a, b, r: v * v, 1e-6, 1e-6),
        Step("sigmoid", "v = 1 / (1 + exp(-v))", "v = 1.0f / (1.0f + expf(-v));", "d = 1.0 / (1.0 + std::exp(-d));",
             lambda v, a, b, r: _sigmoid(v), 1e-6, 1e-7),
        Step("tanh", "v = tanh(v)", "v = tanhf(v);", "d = std::tanh(d);", lambda v, a, b, r: math.tanh(v), 1e-6,
             1e-7),
        Step("gelu", "v = 0.5 * v * (1 + tanh(sqrt(2/pi) * (v + 0.044715 * v^3)))  (GELU, tanh form)",
             "v = v / (1.0f + expf(-1.5957691216057308f * (v + 0.044715f * v * v * v)));",
             "d = 0.5 * d * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (d + 0.044715 * d * d * d)));",
             lambda v, a, b, r: _gelu(v), 1e-5, 1e-6),
        Step("leaky_relu", "v = v > 0 ? v : {a} * v", "v = v > 0.0f ? v : {a}f * v;", "d = d > 0.0 ? d : {a} * d;",
             lambda v, a, b, r: v if v > 0 else a * v, 2e-7, 0.0, ((0.01, 0.3),)),
        Step("silu", "v = v / (1 + exp(-v))", "v = v / (1.0f + expf(-v));", "d = d / (1.0 + std::exp(-d));",
             lambda v, a, b, r: v * _sigmoid(v), 1e-6, 1e-7),
        Step("abs", "v = |v|", "v = fabsf(v);", "d = std::fabs(d);", lambda v, a, b, r: abs(v), 0.0, 0.0),
        Step("residual", "v = v + r[i]", "v = v + r[i];", "d = d + r[i];", lambda v, a, b, r: v + r, 2e-7, 1e-6),
    )
}  # fmt: skip
#: At most once in a chain: their growth or their second input would make the numbers unwieldy.
ONCE = {"square", "residual", "gelu", "sigmoid", "tanh", "silu", "abs"}


@dataclass(frozen=True)
class Drawn:
    """One step of a drawn chain with its constants."""

    step: Step
    a: float = 0.0
    b: float = 0.0

    def fill(self, template: str) -> str:
        return template.format(a=_literal(self.a), b=_literal(self.b))


def _literal(value: float) -> str:
    return f"{value:.4g}" if "." in f"{value:.4g}" or "e" in f"{value:.4g}" else f"{value:.4g}.0"


def draw_chain(rng: random.Random) -> list[Drawn]:
    """2 to 5 steps; at least one affine step (scale or bias) so a dropped step always shows."""
    length = rng.randint(2, 5)
    chain: list[Drawn] = []
    while len(chain) < length:
        step = STEPS[rng.choice(sorted(STEPS))]
        if step.name in ONCE and any(d.step.name == step.name for d in chain):
            continue
        if chain and chain[-1].step.name == step.name:
            continue
        values = [round(rng.uniform(lo, hi), 2) for lo, hi in step.constants] + [0.0, 0.0]
        if step.name == "scale" and abs(values[0] - 1.0) < 0.1:
            values[0] = 1.5
        if step.name == "bias" and abs(values[0]) < 0.1:
            values[0] = 0.25
        chain.append(Drawn(step, values[0], values[1]))
    if not any(d.step.name in ("scale", "bias") for d in chain):
        chain.insert(rng.randint(0, len(chain)), Drawn(STEPS["scale"], 1.5))
    return chain


def _tolerance(chain: list[Drawn]) -> tuple[float, float]:
    """Every step's contribution, doubled once by a square (it doubles relative error), plus a margin."""
    rtol = sum(d.step.rtol for d in chain) + 1e-6
    atol = sum(d.step.atol for d in chain) + 1e-6
    if any(d.step.name == "square" for d in chain):
        rtol, atol = 2 * rtol, 2 * atol
    return float(f"{4 * rtol:.1g}"), float(f"{4 * atol:.1g}")


def _example(chain: list[Drawn], residual: bool) -> str:
    xs, rs = (0.0, 1.0, -2.0), (0.5, 0.5, 0.5)
    ys = []
    for x, r in zip(xs, rs, strict=True):
        v = x
        for d in chain:
            v = d.step.python(v, d.a, d.b, r)
        ys.append(f"{v:.6g}")
    inputs = "x = [0, 1, -2]" + (", r = [0.5, 0.5, 0.5]" if residual else "")
    return f"{inputs} -> y = [{', '.join(ys)}]"


def task_files(seed: int, index: int) -> tuple[str, dict[str, str]]:
    """The task id and the files of the `index`-th task of the split drawn with `seed`."""
    rng = random.Random(f"hip-coding generated {seed} {index}")
    chain = draw_chain(rng)
    residual = any(d.step.name == "residual" for d in chain)
    slug = f"s{seed}_{index:03d}_" + "_".join(d.step.name for d in chain)
    task_id = f"{CATEGORY}/{slug}"
    entry = f"fused_chain_{index}"
    inputs = "const float* x, const float* r, " if residual else "const float* x, "
    signature = f"void {entry}(int n, {inputs}float* y, hipStream_t stream)"
    steps_text = "; ".join(f"({k}) {d.fill(d.step.text)}" for k, d in enumerate(chain, start=1))
    rtol, atol = _tolerance(chain)
    params = [
        {"name": "n", "desc": "number of elements, n >= 1"},
        {"name": "x", "desc": "device pointer to n floats; read only"},
        *([{"name": "r", "desc": "device pointer to n floats (the second input); read only"}] if residual else []),
        {"name": "y", "desc": "device pointer to n floats; written with the result"},
        {"name": "stream", "desc": "the stream to launch on"},
    ]
    spec = {
        "id": task_id,
        "title": "Fused chain: " + ", ".join(d.step.name for d in chain),
        "category": CATEGORY,
        "tags": ["generated", "fused", "elementwise", "float32"],
        "difficulty": 2,
        "level": 2,
        "entry_point": entry,
        "signature": signature,
        "doc": {
            "summary": (
                f"For every i < n, start from v = x[i], apply these steps in order: {steps_text}; then write "
                f"y[i] = v, within atol {atol:g} + rtol {rtol:g} * |exact| of the chain evaluated in double."
            ),
            "details": (
                "Every step reads the running value v of the step before it; the tolerance allows for the rounding "
                "of single-precision arithmetic against the exact chain. Performance hint "
                "(not judged): one kernel that keeps v in a register is fastest; correctness is what is judged."
            ),
            "params": params,
            "shapes": "x, y" + (", r" if residual else "") + " hold n contiguous floats.",
            "preconditions": [
                "the buffers do not overlap",
                "n may be any positive size, including sizes that are not a multiple of the block size",
            ],
            "example": _example(chain, residual),
        },
        "tolerance": {"atol": atol, "rtol": rtol},
        "modes": ["normal"],
        "tests": list(TESTS),
        "negatives": _negatives(chain),
        "source": "original",
    }
    files = {
        "task.yaml": yaml.safe_dump(spec, sort_keys=False, width=120, allow_unicode=True),
        "reference.hip": _reference(chain, entry, residual),
        "harness.hip": _harness(chain, entry, residual),
    }
    return task_id, files


def _step_line(k: int, drawn: Drawn) -> str:
    return f"    {drawn.fill(drawn.step.device)}  // step {k}: {drawn.step.name}\n"


def _negatives(chain: list[Drawn]) -> list[dict[str, object]]:
    affine = next(k for k, d in enumerate(chain, start=1) if d.step.name in ("scale", "bias"))
    return [
        {"name": "half_output", "edits": [["if (i < n)", "if (i < n / 2)"]]},
        {"name": "all_zeros", "edits": [["y[i] = v;", "y[i] = 0.0f;"]]},
        {"name": "block_multiple", "edits": [["(n + kBlock - 1) / kBlock", "n / kBlock"]]},
        {"name": "past_end", "edits": [["if (i < n)", "if (i <= n)"]]},
        {
            "name": "skips_a_step",
            "why": "fused chain: one step of the chain left out",
            "edits": [[_step_line(affine, chain[affine - 1]), ""]],
        },
        {
            "name": "input_not_chained",
            "why": "fused chain: the last step applied to x[i] instead of the running value",
            "edits": [["    y[i] = v;", "    v = x[i];\n" + _step_line(len(chain), chain[-1]) + "    y[i] = v;"]],
        },
    ]


def _reference(chain: list[Drawn], entry: str, residual: bool) -> str:
    extra_param = ", const float* __restrict__ r" if residual else ""
    r_param = "const float* r, " if residual else ""
    steps = "".join(_step_line(k, d) for k, d in enumerate(chain, start=1))
    return (
        "#include <hip/hip_runtime.h>\n\n"
        "constexpr int kBlock = 256;\n\n"
        f"__global__ void {entry}_kernel(int n, const float* __restrict__ x{extra_param}, float* __restrict__ y) {{\n"
        "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
        "  if (i < n) {\n"
        "    float v = x[i];\n"
        f"{steps}"
        "    y[i] = v;\n"
        "  }\n"
        "}\n\n"
        f"void {entry}(int n, const float* x, {r_param}float* y, hipStream_t stream) {{\n"
        "  int blocks = (n + kBlock - 1) / kBlock;\n"
        f"  hipLaunchKernelGGL({entry}_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, "
        f"{'r, ' if residual else ''}y);\n"
        "}\n"
    )


def _harness(chain: list[Drawn], entry: str, residual: bool) -> str:
    golden = "".join(f"    {d.fill(d.step.golden)}\n" for d in chain)
    specials = ", ".join(f"{value!r}f" for value in SPECIALS)
    r_decl = "const float* r, " if residual else ""
    return (
        '#include "hipcoding_harness.h"\n\n'
        f"void {entry}(int n, const float* x, {r_decl}float* y, hipStream_t stream);\n\n"
        "static void run(hc::Test& t) {\n"
        '  const int n = static_cast<int>(t.param("n"));\n'
        "  std::vector<float> x = t.uniform(n, -3.0f, 3.0f);\n"
        + ("  std::vector<float> r = t.uniform(n, -1.0f, 1.0f);\n" if residual else "")
        + '  if (t.is("special")) {\n'
        f"    const float specials[] = {{{specials}}};\n"
        f"    for (int i = 0; i < n; ++i) x[i] = (i % 3 == 0) ? specials[(i / 3) % {len(SPECIALS)}] : x[i];\n"
        "  }\n"
        "  std::vector<double> want(n);\n"
        "  for (int i = 0; i < n; ++i) {\n"
        "    double d = x[i];\n"
        f"{golden}"
        "    want[i] = d;\n"
        "  }\n"
        '  auto dx = t.input(x, "x");\n'
        + ('  auto dr = t.input(r, "r");\n' if residual else "")
        + '  auto dy = t.output<float>(n, "y");\n'
        f"  {entry}(n, dx.get(), {'dr.get(), ' if residual else ''}dy.get(), t.stream());\n"
        "  t.finish_call();\n"
        '  t.expect_close("y", dy.download(), want);\n'
        "}\n\n"
        "int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }\n"
    )


def generate(seed: int, count: int, out: Path) -> list[Path]:
    """Write `count` task folders drawn with `seed` under `out/generated/`; returns them."""
    folders = []
    for index in range(count):
        task_id, files = task_files(seed, index)
        folder = out / task_id
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders
