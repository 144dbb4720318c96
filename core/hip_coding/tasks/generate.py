"""A generated, contamination-free family: level-2 fused chains drawn by a seeded generator.

A chain applies steps from a small grammar (`STEPS`) to every element, e.g. scale, then add a second
input, then GELU; it may end in a row-wise step (`TERMINALS`: softmax, log-sum-exp, max, mean or RMS
norm over each row of a rows x cols matrix: one block per row, block reductions), and its data may be
stored as float, half (`__half`) or bfloat16 (raw 16-bit patterns), computing in float (`STORAGES`).
Each step, terminal and storage carries its device code, its golden code (double, in the harness) and
its tolerance contribution, so every drawn task comes with a reference, a harness with tests of all
five kinds, the prompt's doc parts and wrong solutions, in the normal task folder format, sound by
construction and checked like hand-written tasks (`hip-coding dataset check`). A fresh seed draws a
split no model can have memorised (docs/tasks.md).
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from hip_coding.tasks.mutate import mutants_of

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
    operand: str = ""  # "r": the second input r[i]; "w": the per-column vector w[j] (matrix chains only)
    operand_range: tuple[float, float] = (-1.0, 1.0)  # the values the harness draws for that operand
    #: What the step does to the sign: "nonneg" (its result is never negative), "keeps" (a result that is
    #: never negative for a v that is never negative) or "any". `never_negative` proves a chain's sign from it.
    sign: str = "keeps"


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
             ((-1.0, 1.0),), sign="any"),
        Step("relu", "v = max(v, 0)", "v = fmaxf(v, 0.0f);", "d = d > 0.0 ? d : 0.0;",
             lambda v, a, b, r: max(v, 0.0), 0.0, 0.0, sign="nonneg"),
        Step("clamp", "v = min(max(v, {a}), {b})", "v = fminf(fmaxf(v, {a}f), {b}f);",
             "d = std::min(std::max(d, {a}), {b});", lambda v, a, b, r: min(max(v, a), b), 0.0, 0.0,
             ((-2.0, -0.5), (0.5, 2.0))),
        Step("square", "v = v * v", "v = v * v;", "d = d * d;", lambda v, a, b, r: v * v, 1e-6, 1e-6,
             sign="nonneg"),
        Step("sigmoid", "v = 1 / (1 + exp(-v))", "v = 1.0f / (1.0f + expf(-v));", "d = 1.0 / (1.0 + std::exp(-d));",
             lambda v, a, b, r: _sigmoid(v), 1e-6, 1e-7, sign="nonneg"),
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
        Step("abs", "v = |v|", "v = fabsf(v);", "d = std::fabs(d);", lambda v, a, b, r: abs(v), 0.0, 0.0,
             sign="nonneg"),
        Step("residual", "v = v + r[i]", "v = v + r[i];", "d = d + r[i];", lambda v, a, b, r: v + r, 2e-7, 1e-6,
             operand="r", sign="any"),
        # Broadcast operands: one value per column of a row-major matrix (a bias or scale vector), `c` = column.
        Step("col_scale", "v = v * w[j]", "v = v * w[c];", "d = d * w[c];", lambda v, a, b, w: v * w, 2e-7, 0.0,
             operand="w", operand_range=(0.5, 1.5)),
        Step("col_bias", "v = v + w[j]", "v = v + w[c];", "d = d + w[c];", lambda v, a, b, w: v + w, 2e-7, 1e-6,
             operand="w", operand_range=(-1.0, 1.0), sign="any"),
    )
}  # fmt: skip
#: At most once in a chain: their growth or their second input would make the numbers unwieldy.
ONCE = {"square", "residual", "gelu", "sigmoid", "tanh", "silu", "abs", "col_scale", "col_bias"}


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


#: Unit roundoff of float; the reductions' error bounds are stated in it.
_U = 2.0**-24


@dataclass(frozen=True)
class Storage:
    """How the inputs and outputs are stored; arithmetic is always float."""

    name: str  # the tag `dataset stats` counts (schema.precision_of)
    ctype: str
    load: str  # device expression widening `{}` to float
    store: str  # device expression narrowing the float `{}`
    rtol: float  # the rounding of a result to this format, relative
    atol: float  # and absolute (half's subnormals)
    tags: tuple[str, ...]
    include: str = ""  # the reference's and the harness's extra header
    device_helpers: str = ""
    host_helpers: str = ""
    text: str = ""  # what the prompt says about the format


_BF16_DEVICE = """// bfloat16 is the upper half of a float: widening is a shift, narrowing rounds to nearest even.
__device__ float bf16_to_float(unsigned short b) { return __uint_as_float((unsigned)b << 16); }
__device__ unsigned short float_to_bf16(float f) {
  const unsigned u = __float_as_uint(f);
  return (unsigned short)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

"""
_BF16_HOST = """static float from_bf16(unsigned short b) {
  const uint32_t u = (uint32_t)b << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

static std::vector<unsigned short> narrow(const std::vector<float>& v) {  // round to nearest even
  std::vector<unsigned short> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    uint32_t u;
    std::memcpy(&u, &v[i], sizeof u);
    out[i] = (unsigned short)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
  }
  return out;
}

static std::vector<float> widen(const std::vector<unsigned short>& v) {
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = from_bf16(v[i]);
  return out;
}

"""
_HALF_HOST = """static std::vector<__half> narrow(const std::vector<float>& v) {
  std::vector<__half> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __float2half(v[i]);
  return out;
}

static std::vector<float> widen(const std::vector<__half>& v) {
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __half2float(v[i]);
  return out;
}

"""
_FLOAT_HOST = """static std::vector<float> narrow(const std::vector<float>& v) { return v; }
static std::vector<float> widen(const std::vector<float>& v) { return v; }

"""

STORAGES: dict[str, Storage] = {
    storage.name: storage
    for storage in (
        Storage("float32", "float", "{}", "{}", 0.0, 0.0, ("float32",), host_helpers=_FLOAT_HOST),
        Storage(
            "float16", "__half", "__half2float({})", "__float2half({})", 2.0**-11, 2.0**-25,
            ("half", "float16", "fp32-compute"), "#include <hip/hip_fp16.h>\n", host_helpers=_HALF_HOST,
            text=(
                "Inputs and outputs are IEEE half-precision values (`__half`, hip/hip_fp16.h); compute in float: "
                "widen every input with __half2float and round every result once to half with __float2half "
                "(round to nearest). The tolerance includes that final rounding (2^-11 relative, 2^-25 absolute "
                "for subnormal results); the reference result is computed from the half inputs as stored."
            ),
        ),
        Storage(
            "bfloat16", "unsigned short", "bf16_to_float({})", "float_to_bf16({})", 2.0**-8, 0.0,
            ("bfloat16", "bf16", "fp32-compute"), device_helpers=_BF16_DEVICE, host_helpers=_BF16_HOST,
            text=(
                "Every bfloat16 value is passed as its raw 16-bit pattern in an unsigned short: the value is the "
                "float whose upper 16 bits are that pattern and whose lower 16 bits are zero. Compute in float and "
                "round every result once to bfloat16: round to nearest, ties to even, on the upper 16 bits (not "
                "truncation). The tolerance includes that final rounding (2^-8 relative); the reference result "
                "is computed from the bfloat16 inputs as stored."
            ),
        ),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Terminal:
    """A reducing last step: one block per row reduces the chained values `v` of its row (axis "row"), or
    one thread per column those of its column (axis "col")."""

    name: str
    text: str  # how the prompt states it
    per_element: bool  # writes rows x cols values (else one per row)
    body: str  # device code of the kernel after `base` is set; `{load}` = chain(x, .., i), `{store}` narrows
    golden: str  # double code on std::vector<double> v (the row) writing want
    python: Callable[[list[float]], list[float]]
    reduce_loop: str  # the loop whose tail `block_multiple` drops
    store_line: str  # the line that writes the output
    axis: str = "row"  # "row": one block per row; "col": one thread per column, walking down it
    stable: bool = False  # exponentiates: the special test has rows whose naive exp overflows


def _softmax(v: list[float]) -> list[float]:
    m = max(v)
    e = [math.exp(x - m) for x in v]
    return [x / sum(e) for x in e]


def _lse(v: list[float]) -> list[float]:
    m = max(v)
    return [m + math.log(sum(math.exp(x - m) for x in v))]


def _rms(v: list[float]) -> list[float]:
    inv = 1.0 / math.sqrt(sum(x * x for x in v) / len(v) + RMS_EPS)
    return [x * inv for x in v]


RMS_EPS = 1e-5
_MAX_LOOP = "  for (int c = threadIdx.x; c < cols; c += kBlock) m = fmaxf(m, {load});\n"
_EXP_LOOP = "  for (int c = threadIdx.x; c < cols; c += kBlock) s += expf({load} - m);\n"
#: Column-wise terminals: one thread per column, consecutive threads reading consecutive addresses of a row.
_COLUMN_HEAD = "  const int c = blockIdx.x * blockDim.x + threadIdx.x;\n  if (c >= cols) return;\n"
_COL_SUM_LOOP = "  for (int row = 0; row < rows; ++row) s += {load};\n"
_COL_MAX_LOOP = "  for (int row = 0; row < rows; ++row) m = fmaxf(m, {load});\n"
TERMINALS: dict[str, Terminal] = {
    terminal.name: terminal
    for terminal in (
        Terminal(
            "softmax",
            "write the softmax of every row of v: y[i][j] = exp(v[i][j] - m_i) / sum over j' of exp(v[i][j'] - m_i) "
            "with m_i the maximum of row i of v",
            True,
            "  float m = -INFINITY;\n" + _MAX_LOOP + "  m = block_max(m, partial);\n  float s = 0.0f;\n" + _EXP_LOOP
            + "  s = block_sum(s, partial);\n"
            "  for (int c = threadIdx.x; c < cols; c += kBlock) y[base + c] = {store_exp};\n",
            "    double m = -INFINITY, s = 0.0;\n    for (double d : v) m = std::max(m, d);\n"
            "    for (double d : v) s += std::exp(d - m);\n"
            "    for (int c = 0; c < cols; ++c) want[(size_t)row * cols + c] = std::exp(v[c] - m) / s;\n",
            _softmax, _EXP_LOOP, "  for (int c = threadIdx.x; c < cols; c += kBlock) y[base + c] = {store_exp};\n",
            stable=True,
        ),
        Terminal(
            "log_sum_exp",
            "write the log-sum-exp of every row of v: y[i] = log(sum over j of exp(v[i][j])), computed stably "
            "(subtract the row maximum before exponentiating)",
            False,
            "  float m = -INFINITY;\n" + _MAX_LOOP + "  m = block_max(m, partial);\n  float s = 0.0f;\n" + _EXP_LOOP
            + "  s = block_sum(s, partial);\n  if (threadIdx.x == 0) y[blockIdx.x] = {store_lse};\n",
            "    double m = -INFINITY, s = 0.0;\n    for (double d : v) m = std::max(m, d);\n"
            "    for (double d : v) s += std::exp(d - m);\n    want[row] = m + std::log(s);\n",
            _lse, _EXP_LOOP, "  if (threadIdx.x == 0) y[blockIdx.x] = {store_lse};\n", stable=True,
        ),
        Terminal(
            "row_max",
            "write the maximum of every row of v: y[i] = max over j of v[i][j]",
            False,
            "  float m = -INFINITY;\n" + _MAX_LOOP + "  m = block_max(m, partial);\n"
            "  if (threadIdx.x == 0) y[blockIdx.x] = {store_m};\n",
            "    double m = -INFINITY;\n    for (double d : v) m = std::max(m, d);\n    want[row] = m;\n",
            lambda v: [max(v)], _MAX_LOOP, "  if (threadIdx.x == 0) y[blockIdx.x] = {store_m};\n",
        ),
        Terminal(
            "row_mean",
            "write the mean of every row of v: y[i] = (1 / cols) * sum over j of v[i][j]",
            False,
            "  float s = 0.0f;\n  for (int c = threadIdx.x; c < cols; c += kBlock) s += {load};\n"
            "  s = block_sum(s, partial);\n  if (threadIdx.x == 0) y[blockIdx.x] = {store_mean};\n",
            "    double s = 0.0;\n    for (double d : v) s += d;\n    want[row] = s / cols;\n",
            lambda v: [sum(v) / len(v)], "  for (int c = threadIdx.x; c < cols; c += kBlock) s += {load};\n",
            "  if (threadIdx.x == 0) y[blockIdx.x] = {store_mean};\n",
        ),
        Terminal(
            "rms_norm",
            "RMS-normalise every row of v: y[i][j] = v[i][j] / sqrt((1 / cols) * sum over j' of v[i][j']^2 + 1e-5)",
            True,
            "  float q = 0.0f;\n  for (int c = threadIdx.x; c < cols; c += kBlock) {{\n"
            "    const float v = {load};\n    q += v * v;\n  }}\n"
            "  const float inv = rsqrtf(block_sum(q, partial) / cols + 1e-5f);\n"
            "  for (int c = threadIdx.x; c < cols; c += kBlock) y[base + c] = {store_rms};\n",
            "    double q = 0.0;\n    for (double d : v) q += d * d;\n"
            "    const double inv = 1.0 / std::sqrt(q / cols + 1e-5);\n"
            "    for (int c = 0; c < cols; ++c) want[(size_t)row * cols + c] = v[c] * inv;\n",
            _rms, "  for (int c = threadIdx.x; c < cols; c += kBlock) {{\n",
            "  for (int c = threadIdx.x; c < cols; c += kBlock) y[base + c] = {store_rms};\n",
        ),
        Terminal(
            "col_mean",
            "write the mean of every column of v: y[j] = (1 / rows) * sum over i of v[i][j]",
            False,
            _COLUMN_HEAD + "  float s = 0.0f;\n" + _COL_SUM_LOOP + "  y[c] = {store_colmean};\n",
            "    double s = 0.0;\n    for (double d : v) s += d;\n    want[c] = s / rows;\n",
            lambda v: [sum(v) / len(v)], _COL_SUM_LOOP, "  y[c] = {store_colmean};\n", axis="col",
        ),
        Terminal(
            "col_max",
            "write the maximum of every column of v: y[j] = max over i of v[i][j]",
            False,
            _COLUMN_HEAD + "  float m = -INFINITY;\n" + _COL_MAX_LOOP + "  y[c] = {store_m};\n",
            "    double m = -INFINITY;\n    for (double d : v) m = std::max(m, d);\n    want[c] = m;\n",
            lambda v: [max(v)], _COL_MAX_LOOP, "  y[c] = {store_m};\n", axis="col",
        ),
    )
}  # fmt: skip

#: Tests of the row-wise chains (rows, cols): none a prompt size, cols not a power of two but the boundaries.
ROW_TESTS = (
    {"name": "normal", "kind": "normal", "rows": 300, "cols": 777},
    {"name": "one_element", "kind": "boundary", "rows": 1, "cols": 1},
    {"name": "one_warp_rows", "kind": "boundary", "rows": 3, "cols": 64},
    {"name": "one_block_rows", "kind": "boundary", "rows": 4, "cols": 256},
    {"name": "special_values", "kind": "special", "rows": 40, "cols": 1000},
    {"name": "ragged", "kind": "ragged", "rows": 1001, "cols": 515},
    {"name": "large", "kind": "large", "rows": 400, "cols": 4099},
)
#: Tests of the column-wise chains: the row-wise sizes transposed (the sum runs down a column).
COL_TESTS = tuple({**test, "rows": test["cols"], "cols": test["rows"]} for test in ROW_TESTS)
#: The longest row (column) the tolerance of a row-wise (column-wise) chain is derived for: a float sum
#: over that many terms.
MAX_COLS = 4099
assert max(test["cols"] for test in ROW_TESTS) == MAX_COLS == max(test["rows"] for test in COL_TESTS)  # type: ignore
#: Inputs of the matrix special test: |x| <= 4, so the chained values stay in a range the tolerance covers
#: (but for the overflow rows of softmax and log-sum-exp, `extreme_inputs`).
ROW_SPECIALS = (0.0, -0.0, 1e-30, -1e-30, 4.0, -4.0, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0)
ROW_INPUT_BOUND = 4.0
#: The chained values of the overflow rows: expf overflows above 88.7 and underflows to 0 below -103.9, so a
#: softmax or log-sum-exp that does not subtract the row maximum (or takes a wrong one) gives inf or NaN there.
HOT, COLD = (92.0, 110.0), (-116.0, -106.0)


@dataclass(frozen=True)
class Chain:
    """A drawn task: the steps, the optional reducing terminal and the storage format."""

    steps: tuple[Drawn, ...]
    storage: Storage
    terminal: Terminal | None = None

    @property
    def residual(self) -> bool:
        return any(d.step.operand == "r" for d in self.steps)

    @property
    def broadcast(self) -> Step | None:
        """The step reading the per-column vector w, if any."""
        return next((d.step for d in self.steps if d.step.operand == "w"), None)

    @property
    def columns(self) -> bool:
        return self.terminal is not None and self.terminal.axis == "col"


def _round_up(value: float) -> float:
    """Two significant digits, never below `value`."""
    if value <= 0:
        return 0.0
    scale = 10.0 ** (math.floor(math.log10(value)) - 1)
    return float(f"{math.ceil(value / scale - 1e-9) * scale:.2g}")


def _chain_error(steps: tuple[Drawn, ...]) -> tuple[float, float]:
    """Every step's contribution, doubled once by a square (it doubles relative error), times a margin of 4."""
    rtol = sum(d.step.rtol for d in steps) + 1e-6
    atol = sum(d.step.atol for d in steps) + 1e-6
    if any(d.step.name == "square" for d in steps):
        rtol, atol = 2 * rtol, 2 * atol
    return 4 * rtol, 4 * atol


def _apply(steps: tuple[Drawn, ...], x: float, r: float, w: float = 1.0) -> float:
    v = x
    for d in steps:
        v = d.step.python(v, d.a, d.b, w if d.step.operand == "w" else r)
    return v


def _operands(steps: tuple[Drawn, ...]) -> list[tuple[float, float]]:
    """(r, w) pairs at the ends and the middle of the operands' ranges."""
    ws = next((d.step.operand_range for d in steps if d.step.operand == "w"), (1.0, 1.0))
    return [(r, w) for r in (-1.0, 0.0, 1.0) for w in (ws[0], (ws[0] + ws[1]) / 2, ws[1])]


@functools.cache
def _bound(steps: tuple[Drawn, ...], extra: tuple[float, ...] = ()) -> float:
    """The largest |v| a chain ends with over inputs |x| <= ROW_INPUT_BOUND and the `extra` inputs (the
    overflow rows'), the operands over their ranges (with a margin).

    The chain's error is relative to its result (`_chain_error`), so this bounds its absolute error."""
    most = 0.0
    xs = [-ROW_INPUT_BOUND + 2 * ROW_INPUT_BOUND * k / 2000 for k in range(2001)] + list(extra)
    operands = _operands(steps)
    for x in xs:
        most = max(most, *(abs(_apply(steps, x, r, w)) for r, w in operands))
    return 1.1 * most + 1.0


#: Candidate inputs of the overflow rows, exact in every storage format (bfloat16 keeps 8 significant bits):
#: the multiples of 1/4 below 64 in magnitude, and for a chain that only reaches COLD from far away (a leaky
#: ReLU's small slope), the multiples of 8 below 2048.
NEAR_INPUTS = tuple(k / 4 for k in range(-255, 256))
FAR_INPUTS = tuple(8.0 * k for k in range(-255, 256))


@functools.cache
def extreme_inputs(steps: tuple[Drawn, ...]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Inputs x whose chained values lie in HOT (and in COLD) for every operand value: up to 8 of each,
    spread over NEAR_INPUTS, else over FAR_INPUTS for COLD."""
    operands = _operands(steps)

    def within(lo: float, hi: float, candidates: tuple[float, ...]) -> list[float]:
        return [x for x in candidates if all(lo <= _apply(steps, x, r, w) <= hi for r, w in operands)]

    return _spread(within(*HOT, NEAR_INPUTS)), _spread(within(*COLD, NEAR_INPUTS) or within(*COLD, FAR_INPUTS))


#: expf(v) is a normal float for v above -87.3: over chained values never below this, a softmax or a
#: log-sum-exp that subtracts 0 instead of a negative row maximum loses nothing.
EXP_NORMAL_FLOOR = -80.0
#: Inputs `lowest_value` samples: every NEAR_INPUTS value and +-2^(k/8) up to 2^64, far past where a chain
#: that is not bounded below crosses EXP_NORMAL_FLOOR (the flattest, a leaky ReLU's 0.01 slope under four
#: scales of 0.5, does so near -1.3e5).
_WIDE_INPUTS = NEAR_INPUTS + tuple(sign * 2.0 ** (k / 8) for sign in (-1.0, 1.0) for k in range(8 * 64 + 1))


@functools.cache
def lowest_value(steps: tuple[Drawn, ...]) -> float:
    """The least chained value over `_WIDE_INPUTS` and the operands' grid (`_dense_operands`).

    Every step is monotone or has one turning point near 0, so the samples find a chain's floor to well within
    the distance between any bounded chain's floor (a few units below 0) and EXP_NORMAL_FLOOR; a chain that is
    not bounded below falls far below EXP_NORMAL_FLOOR at the far samples."""
    operands = _dense_operands(steps)
    return min(_apply(steps, x, r, w) for x in _WIDE_INPUTS for r, w in operands)


def never_negative(steps: tuple[Drawn, ...]) -> bool:
    """Whether the chain's result is >= 0 for every input, proven from the steps' signs (`Step.sign`)."""
    proven = False
    for d in steps:
        proven = d.step.sign == "nonneg" or (proven and d.step.sign == "keeps")
    return proven


@functools.cache
def negative_inputs(steps: tuple[Drawn, ...]) -> tuple[float, ...]:
    """Inputs |x| <= ROW_INPUT_BOUND whose chained values are below -1/16 for every operand value: up to 8,
    multiples of 1/4 (exact in every storage format), spread over the candidates; () when there are none."""
    operands = _dense_operands(steps)
    xs = [x for x in _ordinary_inputs() if all(_apply(steps, x, r, w) < -1 / 16 for r, w in operands)]
    return _spread(xs)


def _dense_operands(steps: tuple[Drawn, ...]) -> list[tuple[float, float]]:
    """(r, w) pairs on a grid over the operands' whole ranges (9 x 5 points)."""
    ws = next((d.step.operand_range for d in steps if d.step.operand == "w"), (1.0, 1.0))
    return [(r / 4, ws[0] + (ws[1] - ws[0]) * k / 4) for r in range(-4, 5) for k in range(5)]


def _ordinary_inputs() -> list[float]:
    """The multiples of 1/4 with |x| <= ROW_INPUT_BOUND: exact in every storage format, inside `_bound`'s range."""
    limit = int(4 * ROW_INPUT_BOUND)
    return [k / 4 for k in range(-limit, limit + 1)]


def _spread(xs: list[float]) -> tuple[float, ...]:
    return tuple(sorted({xs[k * len(xs) // 8] for k in range(8)})) if xs else ()


#: expf(d) overflows for d above 88.72: a spike this far above the rest of its row overflows unless the
#: row maximum subtracted is the spike's.
OVERFLOW_GAP = 89.0


@functools.cache
def spike_inputs(steps: tuple[Drawn, ...]) -> tuple[float, tuple[float, ...]]:
    """(the hot input whose chained value is the largest for every operand value, ordinary inputs whose chained
    values stay OVERFLOW_GAP below it for every operand value: up to 8, () when there are none)."""
    operands = _dense_operands(steps)
    hot = extreme_inputs(steps)[0]
    spike = max(hot, key=lambda x: min(_apply(steps, x, r, w) for r, w in operands))
    floor = min(_apply(steps, spike, r, w) for r, w in operands) - OVERFLOW_GAP
    return spike, _spread([x for x in _ordinary_inputs() if all(_apply(steps, x, r, w) <= floor for r, w in operands)])


def tolerance(chain: Chain) -> tuple[float, float]:
    """(atol, rtol) of a drawn chain: its steps, its row-wise terminal over rows of up to MAX_COLS, its storage."""
    rtol_c, atol_c = _chain_error(chain.steps)
    if chain.terminal is None:
        rtol, atol = rtol_c, atol_c
    else:
        bound = _bound(chain.steps, sum(extreme_inputs(chain.steps), ()) if chain.terminal.stable else ())
        delta = rtol_c * bound + atol_c  # the absolute error of any chained value
        summed = MAX_COLS * _U  # a float sum of MAX_COLS terms, in any order, relative to the sum of |terms|
        name = chain.terminal.name
        if name == "softmax":
            rtol, atol = 2 * delta + summed + 8 * _U, 1e-9
        elif name == "log_sum_exp":
            rtol, atol = 4 * _U, 2 * delta + summed + 8 * _U
        elif name in ("row_max", "col_max"):
            rtol, atol = rtol_c, atol_c + 2 * rtol_c * delta
        elif name in ("row_mean", "col_mean"):
            rtol, atol = 4 * _U, delta + summed * bound
        else:  # rms_norm: the atol part of the chain's error is amplified by at most 1 / sqrt(eps)
            sq = math.sqrt(RMS_EPS)
            rel_q = 2 * rtol_c + 2 * rtol_c**2 + atol_c / sq + 2 * atol_c**2 / RMS_EPS + summed
            rtol, atol = rtol_c + rel_q / 2 + 4 * _U, atol_c / sq
        rtol, atol = 1.5 * rtol, 1.5 * atol
    storage = chain.storage
    return _round_up(atol + storage.atol), _round_up(rtol + 1.02 * storage.rtol)


def draw_chain(rng: random.Random, max_length: int = 5, matrix: bool = False) -> list[Drawn]:
    """2 to `max_length` steps; at least one affine step (scale or bias) so a dropped step always shows.
    Only a matrix chain may read a per-column vector, and at most once."""
    length = rng.randint(2, max_length)
    chain: list[Drawn] = []
    names = sorted(name for name, step in STEPS.items() if matrix or step.operand != "w")
    while len(chain) < length:
        step = STEPS[rng.choice(names)]
        if step.name in ONCE and any(d.step.name == step.name for d in chain):
            continue
        if step.operand == "w" and any(d.step.operand == "w" for d in chain):
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


def _row_result(chain: Chain, steps: tuple[Drawn, ...]) -> list[float]:
    """The task on a sample row (column): the per-column operand varies along a row, not down a column."""
    assert chain.terminal is not None
    lo, hi = chain.broadcast.operand_range if chain.broadcast else (1.0, 1.0)
    ws = [lo + (hi - lo) * (0.37 if chain.columns else k / 36) for k in range(37)]
    row = [_apply(steps, -3.0 + 6.0 * k / 36, 0.5 - k / 36, ws[k]) for k in range(37)]
    return chain.terminal.python(row)


def skipped_step(chain: Chain) -> int:
    """The 1-based step whose omission `skips_a_step` tests: an affine one when it shows in the result.

    A row-wise terminal can hide a step (softmax ignores a trailing bias, RMS norm a trailing scale), so the
    step is chosen by evaluating the task without it on a sample row."""
    order = sorted(range(len(chain.steps)), key=lambda k: chain.steps[k].step.name not in ("scale", "bias"))
    if chain.terminal is None:
        return order[0] + 1
    want = _row_result(chain, chain.steps)
    atol, rtol = tolerance(chain)
    for k in order:
        got = _row_result(chain, chain.steps[:k] + chain.steps[k + 1 :])
        if any(abs(g - w) > 100 * (atol + rtol * abs(w)) for g, w in zip(got, want, strict=True)):
            return k + 1
    return 0


def drops_show(chain: Chain) -> bool:
    """Whether a row max that loses three quarters of each row (a reduction that drops lanes) misses the
    true max by more than twice the tolerance in several of 100 sample rows like the normal test's.

    A chain that saturates (tanh, a clamp, a sigmoid of large values) gives many elements the same max,
    and then such a bug would pass; those chains are drawn again for the row max."""
    sample = random.Random("hip-coding generated drops")
    atol, rtol = tolerance(chain)
    lo, hi = chain.broadcast.operand_range if chain.broadcast else (1.0, 1.0)
    shows = 0
    for _ in range(100):
        row = [
            _apply(chain.steps, sample.uniform(-3.0, 3.0), sample.uniform(-1.0, 1.0), sample.uniform(lo, hi))
            for _ in range(777)
        ]
        want = max(row)
        shows += max(row[::4]) < want - 2 * (atol + rtol * abs(want))
    return shows >= 5


def draw(rng: random.Random) -> Chain:
    """A chain, its storage (float half the time) and, half the time, a reducing terminal step.

    A matrix chain is drawn again when every step hides in the terminal, when it saturates before a max
    (`drops_show`), or when it cannot reach the overflow range of a softmax or log-sum-exp (whose special
    test must tell a stable one from a naive one)."""
    storage = STORAGES[rng.choice(("float32", "float32", "float16", "bfloat16"))]
    if rng.random() < 0.5:
        return Chain(tuple(draw_chain(rng)), storage)
    terminal = TERMINALS[rng.choice(sorted(TERMINALS))]
    while True:
        chain = Chain(tuple(draw_chain(rng, max_length=4, matrix=True)), storage, terminal)
        if not skipped_step(chain):
            continue
        if terminal.name in ("row_max", "col_max") and not drops_show(chain):
            continue
        if terminal.stable and not extreme_inputs(chain.steps)[0]:
            continue
        return chain


def _example(chain: Chain) -> str:
    after = "" if chain.storage.name == "float32" else f" (before the rounding to {chain.storage.name})"
    if chain.terminal is None:
        vs = [_apply(chain.steps, x, 0.5) for x in (0.0, 1.0, -2.0)]
        inputs = "x = [0, 1, -2]" + (", r = [0.5, 0.5, 0.5]" if chain.residual else "")
        return f"{inputs} -> y = [{', '.join(f'{y:.6g}' for y in vs)}]{after}"
    w = chain.broadcast
    ws = ((0.75, 1.25, 1.0) if w.name == "col_scale" else (0.5, -0.25, 0.25)) if w else (1.0, 1.0, 1.0)
    matrix = [[0.0, 1.0, -2.0]] if not chain.columns else [[0.0, 0.5], [1.0, 1.5], [-2.0, -1.0]]
    cols = len(matrix[0])
    chained = [[_apply(chain.steps, x, 0.5, ws[j]) for j, x in enumerate(row)] for row in matrix]
    if chain.columns:
        ys = [chain.terminal.python([row[j] for row in chained])[0] for j in range(cols)]
    else:
        ys = chain.terminal.python(chained[0])

    def text(values: list[float]) -> str:
        return "[" + ", ".join(f"{v:g}" for v in values) + "]"

    inputs = f"rows = {len(matrix)}, cols = {cols}, x = [{', '.join(text(row) for row in matrix)}]"
    if chain.residual:
        inputs += f", r = [{', '.join(text([0.5] * cols) for _ in matrix)}]"
    if w:
        inputs += f", w = {text(list(ws[:cols]))}"
    shown = ", ".join(f"{y:.6g}" for y in ys)
    return f"{inputs} -> y = [{'[' + shown + ']' if chain.terminal.per_element else shown}]{after}"


def task_files(seed: int, index: int) -> tuple[str, dict[str, str]]:
    """The task id and the files of the `index`-th task of the split drawn with `seed`."""
    chain = draw(random.Random(f"hip-coding generated {seed} {index}"))
    storage, terminal = chain.storage, chain.terminal
    names = [d.step.name for d in chain.steps] + ([terminal.name] if terminal else [])
    suffix = {"float32": "", "float16": "_f16", "bfloat16": "_bf16"}[storage.name]
    slug = f"s{seed}_{index:03d}_" + "_".join(names) + suffix
    task_id = f"{CATEGORY}/{slug}"
    entry = f"fused_chain_{index}"
    t = storage.ctype
    rows = terminal is not None
    sizes = "int rows, int cols" if rows else "int n"
    inputs = (
        f"const {t}* x, "
        + (f"const {t}* r, " if chain.residual else "")
        + (f"const {t}* w, " if chain.broadcast else "")
    )
    signature = f"void {entry}({sizes}, {inputs}{t}* y, hipStream_t stream)"
    steps_text = "; ".join(f"({k}) {d.fill(d.step.text)}" for k, d in enumerate(chain.steps, start=1))
    atol, rtol = tolerance(chain)
    what = {"float32": "floats", "float16": "halves (__half)", "bfloat16": "bfloat16 patterns (unsigned short)"}
    held = what[storage.name]
    if rows:
        assert terminal is not None
        columns = chain.columns
        out = {True: f"rows*cols {held}", False: f"cols {held}" if columns else f"rows {held}"}[terminal.per_element]
        params = [
            {"name": "rows", "desc": "number of rows, rows >= 1"},
            {"name": "cols", "desc": "length of every row, cols >= 1"},
            {"name": "x", "desc": f"device pointer to rows*cols {held}, row-major; read only"},
            *(
                [{"name": "r", "desc": f"device pointer to rows*cols {held}, row-major (the second input); read only"}]
                if chain.residual
                else []
            ),
            *(
                [
                    {
                        "name": "w",
                        "desc": f"device pointer to cols {held}, one per column (broadcast down every "
                        "column); read only",
                    }
                ]
                if chain.broadcast
                else []
            ),
            {"name": "y", "desc": f"device pointer to {out}; every entry is written"},
        ]
        summary = (
            f"x is a rows x cols row-major matrix. For every element start from v = x[i][j] (row i, column j) and "
            f"apply these steps in order: {steps_text.replace('r[i]', 'r[i][j]')}; then {terminal.text}; "
            f"within atol {atol:g} + rtol {rtol:g} * |exact| of the result evaluated in double."
        )
        held_by = "x and r hold" if chain.residual else "x holds"
        shapes = (
            f"{held_by} rows*cols contiguous values (row i at offset i*cols); "
            + ("w holds cols values (entry j belongs to column j); " if chain.broadcast else "")
            + (
                "y holds rows*cols, laid out like x."
                if terminal.per_element
                else "y holds cols values, one per column."
                if columns
                else "y holds rows values, one per row."
            )
        )
        if columns:
            hint = (
                "Performance hint (not judged): one kernel, one thread per column walking down it (consecutive "
                "threads read consecutive addresses of a row), instead of one kernel per step; correctness is what "
                "is judged."
            )
        else:
            hint = (
                "Performance hint (not judged): one kernel, one block per row, reducing in registers and shared "
                "memory, instead of one kernel per step; correctness is what is judged."
            )
        line = "columns" if columns else "rows"
        why = (
            f"The tolerance allows for single-precision arithmetic against the exact result: the steps' rounding "
            f"and a float sum over {line} of up to {MAX_COLS} elements in any order."
        )
        if terminal.stable:
            hot = max(
                abs(_apply(chain.steps, x, r, w))
                for x in sum(extreme_inputs(chain.steps), ())
                for r, w in _operands(chain.steps)
            )
            why += (
                f" Some rows of the tests have chained values up to about {math.ceil(hot)} in magnitude, where expf "
                "overflows (above 88.7) or underflows to 0 (below -103.9): exponentiate v - m_i only, never v "
                "itself; the tolerance covers the rounding of such values."
            )
    else:
        params = [
            {"name": "n", "desc": "number of elements, n >= 1"},
            {"name": "x", "desc": f"device pointer to n {held}; read only"},
            *(
                [{"name": "r", "desc": f"device pointer to n {held} (the second input); read only"}]
                if chain.residual
                else []
            ),
            {"name": "y", "desc": f"device pointer to n {held}; written with the result"},
        ]
        summary = (
            f"For every i < n, start from v = x[i], apply these steps in order: {steps_text}; then write "
            f"y[i] = v, within atol {atol:g} + rtol {rtol:g} * |exact| of the chain evaluated in double."
        )
        shapes = "x, y" + (", r" if chain.residual else "") + f" hold n contiguous {held}."
        hint = (
            "Performance hint (not judged): one kernel that keeps v in a register is fastest; correctness is what "
            "is judged."
        )
        why = "The tolerance allows for the rounding of single-precision arithmetic against the exact chain."
    details = " ".join(
        part
        for part in ("Every step reads the running value v of the step before it.", why, storage.text, hint)
        if part
    )
    spec = {
        "id": task_id,
        "title": "Fused chain: " + ", ".join(names) + ("" if not suffix else f" ({storage.name} storage)"),
        "category": CATEGORY,
        "tags": [
            "generated", "fused",
            ("column-reduction" if chain.columns else "row-reduction") if rows else "elementwise",
            *(["broadcast"] if chain.broadcast else []), *storage.tags,
        ],
        "difficulty": 2,
        "level": 2,
        "entry_point": entry,
        "signature": signature,
        "doc": {
            "summary": summary,
            "details": details,
            "params": [*params, {"name": "stream", "desc": "the stream to launch on"}],
            "shapes": shapes,
            "preconditions": [
                "the buffers do not overlap",
                "y arrives uninitialised",
                ("rows and cols may be any positive sizes, including sizes that are not a multiple of the block size"
                 if rows else "n may be any positive size, including sizes that are not a multiple of the block size"),
            ],
            "example": _example(chain),
        },
        "tolerance": {"atol": atol, "rtol": rtol},
        "modes": modes(chain),
        "tests": list((COL_TESTS if chain.columns else ROW_TESTS) if rows else TESTS),
        "negatives": (_col_negatives(chain) if chain.columns else _row_negatives(chain)) if rows else _negatives(chain),
        "source": "original",
    }  # fmt: skip
    reference = (
        (_col_reference(chain, entry) if chain.columns else _row_reference(chain, entry))
        if rows
        else _reference(chain, entry)
    )
    equivalents = _equivalent_mutants(chain, reference)
    if equivalents:
        spec["equivalent_mutants"] = equivalents
    files = {
        "task.yaml": yaml.safe_dump(spec, sort_keys=False, width=120, allow_unicode=True),
        "reference.hip": reference,
        "harness.hip": _harness(chain, entry, signature),
    }
    return task_id, files


#: Mutants of the drawn references that no input can tell apart: (operator, its edit, a text of the line
#: it falls on, the reason). Each task declares those of its reference with their lines (docs/tasks.md).
_EQUIVALENT = (
    ("off_by_one_bound", "> -> >=", "leaky_relu", "leaky ReLU at v == 0: both branches give 0 (v and a * v), "
     "and -0.0 gives -0.0 either way"),
    ("wrong_init", "1 -> 0", "total = fmaxf(total, partial[w])", "the block max starting its fold at slot 0 "
     "takes slot 0 twice, which a maximum ignores"),
    ("wrong_init", "-INFINITY -> 0.0f", "float m = -INFINITY;", "every chained value is >= 0 (a step that makes "
     "it so, then only steps that keep it so), so a maximum started at 0 is the same maximum"),
    ("wrong_init", "-INFINITY -> 0.0f", "float m = -INFINITY;", "every chained value is above -80 (a step bounds "
     "it below, the later ones keep it bounded), where expf(v) is a normal float: a row maximum started at 0 "
     "only moves the stabiliser of a row that is all negative, and the result stays the same within the "
     "tolerance"),
)  # fmt: skip


def modes(chain: Chain) -> list[str]:
    """The modes a drawn task is judged in: a softmax or log-sum-exp adds `sanitize`. Its row maximum is a
    mere stabiliser, so a pass that reads one element past its row (the next row's first, or past the end
    of x) changes no result the tests can see unless that element overflows; sanitize's sealed guard zones
    fail the read past the end itself."""
    return ["normal", "sanitize"] if chain.terminal is not None and chain.terminal.stable else ["normal"]


def _equivalent_mutants(chain: Chain, reference: str) -> list[dict[str, str]]:
    """`_EQUIVALENT`'s mutants of this reference, the maximum started at 0 only for a chain that is never
    negative (`never_negative`), as `equivalent_mutants` entries."""
    lines = reference.splitlines()
    found = []
    for mutant in mutants_of(reference):
        edit = f"{mutant.before.strip()} -> {mutant.after.strip()}"
        for operator, claimed, where, why in _EQUIVALENT:
            if (mutant.operator, edit) != (operator, claimed) or where not in lines[mutant.line - 1]:
                continue
            if claimed.startswith("-INFINITY") and not _started_at_zero_is_same(chain, why):
                continue
            found.append({"mutant": f"{mutant.name}: {edit}", "why": why})
            break
    return found


def _started_at_zero_is_same(chain: Chain, why: str) -> bool:
    """Whether `_EQUIVALENT`'s claim `why` on a maximum started at 0 holds for this chain: never negative (any
    terminal), or, for a softmax or log-sum-exp, never below EXP_NORMAL_FLOOR."""
    if never_negative(chain.steps):
        return why.startswith("every chained value is >= 0")
    stable = chain.terminal is not None and chain.terminal.stable
    return stable and lowest_value(chain.steps) > EXP_NORMAL_FLOOR and why.startswith("every chained value is above")


def _device_step(drawn: Drawn, storage: Storage) -> str:
    code = drawn.fill(drawn.step.device)
    return code.replace("r[i]", storage.load.format("r[i]")).replace("w[c]", storage.load.format("w[c]"))


def _step_line(k: int, drawn: Drawn, storage: Storage, indent: str = "    ") -> str:
    return f"{indent}{_device_step(drawn, storage)}  // step {k}: {drawn.step.name}\n"


def _negatives(chain: Chain) -> list[dict[str, object]]:
    skipped = skipped_step(chain)
    storage = chain.storage
    store_v, load_x = storage.store.format("v"), storage.load.format("x[i]")
    last = _step_line(len(chain.steps), chain.steps[-1], storage)
    return [
        {"name": "half_output", "edits": [["if (i < n)", "if (i < n / 2)"]]},
        {"name": "all_zeros", "edits": [[f"y[i] = {store_v};", f"y[i] = {storage.store.format('0.0f')};"]]},
        {"name": "block_multiple", "edits": [["(n + kBlock - 1) / kBlock", "n / kBlock"]]},
        {"name": "past_end", "edits": [["if (i < n)", "if (i <= n)"]]},
        {
            "name": "skips_a_step",
            "why": "fused chain: one step of the chain left out",
            "edits": [[_step_line(skipped, chain.steps[skipped - 1], storage), ""]],
        },
        {
            "name": "input_not_chained",
            "why": "fused chain: the last step applied to x[i] instead of the running value",
            "edits": [[f"    y[i] = {store_v};", f"    v = {load_x};\n{last}    y[i] = {store_v};"]],
        },
    ]


def _reference(chain: Chain, entry: str) -> str:
    storage, t = chain.storage, chain.storage.ctype
    extra_param = f", const {t}* __restrict__ r" if chain.residual else ""
    r_param = f"const {t}* r, " if chain.residual else ""
    steps = "".join(_step_line(k, d, storage) for k, d in enumerate(chain.steps, start=1))
    return (
        f"{storage.include}#include <hip/hip_runtime.h>\n\n"
        "constexpr int kBlock = 256;\n\n"
        f"{storage.device_helpers}"
        f"__global__ void {entry}_kernel(int n, const {t}* __restrict__ x{extra_param}, {t}* __restrict__ y) {{\n"
        "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
        "  if (i < n) {\n"
        f"    float v = {storage.load.format('x[i]')};\n"
        f"{steps}"
        f"    y[i] = {storage.store.format('v')};\n"
        "  }\n"
        "}\n\n"
        f"void {entry}(int n, const {t}* x, {r_param}{t}* y, hipStream_t stream) {{\n"
        "  int blocks = (n + kBlock - 1) / kBlock;\n"
        f"  hipLaunchKernelGGL({entry}_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, "
        f"{'r, ' if chain.residual else ''}y);\n"
        "}\n"
    )


_BLOCK_REDUCE = """// Block-wide {what} by warp shuffles and one shared slot per warp; every thread gets the result.
__device__ float block_{what}(float v, float* partial) {{
  for (int offset = warpSize / 2; offset > 0; offset /= 2) v = {combine_shfl};
  const int lane = threadIdx.x % warpSize, warp = threadIdx.x / warpSize;
  if (lane == 0) partial[warp] = v;
  __syncthreads();  // partials parked
  float total = partial[0];
  for (int w = 1; w < kBlock / warpSize; ++w) total = {combine_total};
  return total;
}}

"""


def _operand_args(chain: Chain) -> str:
    return ("r, " if chain.residual else "") + ("w, " if chain.broadcast else "")


def _row_body(chain: Chain, template: str) -> str:
    storage = chain.storage
    index = "(size_t)row * cols + c" if chain.columns else "base + c"
    load = f"chain(x, {_operand_args(chain)}{index}{', c' if chain.broadcast else ''})"
    return template.format(
        load=load,
        store_exp=storage.store.format(f"expf({load} - m) / s"),
        store_lse=storage.store.format("m + logf(s)"),
        store_m=storage.store.format("m"),
        store_mean=storage.store.format("s / cols"),
        store_colmean=storage.store.format("s / rows"),
        store_rms=storage.store.format(f"{load} * inv"),
    )


def _chain_function(chain: Chain) -> str:
    storage, t = chain.storage, chain.storage.ctype
    r_decl = f", const {t}* __restrict__ r" if chain.residual else ""
    w_decl = f", const {t}* __restrict__ w" if chain.broadcast else ""
    steps = "".join(_step_line(k, d, storage, indent="  ") for k, d in enumerate(chain.steps, start=1))
    return (
        "// The element-wise steps, recomputed from the input by every pass (cheaper than storing v).\n"
        f"__device__ float chain(const {t}* __restrict__ x{r_decl}{w_decl}, size_t i"
        f"{', int c' if chain.broadcast else ''}) {{\n"
        f"  float v = {storage.load.format('x[i]')};\n"
        f"{steps}"
        "  return v;\n"
        "}\n\n"
    )


def _col_reference(chain: Chain, entry: str) -> str:
    storage, t, terminal = chain.storage, chain.storage.ctype, chain.terminal
    assert terminal is not None
    decls = (f", const {t}* __restrict__ r" if chain.residual else "") + (
        f", const {t}* __restrict__ w" if chain.broadcast else ""
    )
    params = (f"const {t}* r, " if chain.residual else "") + (f"const {t}* w, " if chain.broadcast else "")
    return (
        f"{storage.include}#include <hip/hip_runtime.h>\n\n"
        "#include <cstddef>\n\n"
        "constexpr int kBlock = 256;\n\n"
        f"{storage.device_helpers}"
        f"{_chain_function(chain)}"
        f"// One thread per column: {terminal.name} of the chained values down its column.\n"
        f"__global__ void {entry}_kernel(int rows, int cols, const {t}* __restrict__ x{decls}, "
        f"{t}* __restrict__ y) {{\n"
        f"{_row_body(chain, terminal.body)}"
        "}\n\n"
        f"void {entry}(int rows, int cols, const {t}* x, {params}{t}* y, hipStream_t stream) {{\n"
        f"  hipLaunchKernelGGL({entry}_kernel, dim3((cols + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, rows, "
        f"cols, x, {_operand_args(chain)}y);\n"
        "}\n"
    )


def _col_negatives(chain: Chain) -> list[dict[str, object]]:
    terminal, storage = chain.terminal, chain.storage
    assert terminal is not None
    skipped = skipped_step(chain)
    store_line = _row_body(chain, terminal.store_line)
    reduce_loop = _row_body(chain, terminal.reduce_loop)
    grid = "dim3((cols + kBlock - 1) / kBlock)"
    negatives: list[dict[str, object]] = [
        {"name": "half_output", "edits": [[grid, "dim3((cols + 2 * kBlock - 1) / (2 * kBlock))"]]},
        {"name": "all_zeros", "edits": [[store_line, f"  y[c] = {storage.store.format('0.0f')};\n"]]},
        {"name": "block_multiple", "edits": [[grid, "dim3(cols / kBlock)"]]},
        {"name": "past_end", "edits": [["if (c >= cols) return;", "if (c > cols) return;"]]},
        {
            "name": "skips_a_step",
            "why": "fused chain: one element-wise step left out before the column-wise step",
            "edits": [[_step_line(skipped, chain.steps[skipped - 1], storage, indent="  "), ""]],
        },
        {
            "name": "wrong_axis",
            "why": "column reduction: walks the transposed layout (x[c][row]) instead of down the column",
            "edits": [[reduce_loop, reduce_loop.replace("(size_t)row * cols + c", "(size_t)c * rows + row")]],
        },
        {
            "name": "last_row_dropped",
            "why": "column reduction: the loop stops one row short",
            "edits": [[reduce_loop, reduce_loop.replace("row < rows;", "row < rows - 1;")]],
        },
    ]  # fmt: skip
    if terminal.name == "col_mean":
        negatives.append({
            "name": "mean_over_cols",
            "why": "column mean: divided by the number of columns instead of the number of rows",
            "edits": [[store_line, store_line.replace("s / rows", "s / cols")]],
        })  # fmt: skip
    return negatives + _broadcast_negative(chain)


def _broadcast_negative(chain: Chain) -> list[dict[str, object]]:
    """A per-column vector read with a scalar index: every column gets column 0's entry."""
    if not chain.broadcast:
        return []
    load = chain.storage.load.format("w[c]")
    return [{
        "name": "broadcast_first_entry",
        "why": "broadcast operand: w[0] applied to every column instead of w[j]",
        "edits": [[load, chain.storage.load.format("w[0]")]],
    }]  # fmt: skip


def _row_reference(chain: Chain, entry: str) -> str:
    storage, t, terminal = chain.storage, chain.storage.ctype, chain.terminal
    assert terminal is not None
    decls = (f", const {t}* __restrict__ r" if chain.residual else "") + (
        f", const {t}* __restrict__ w" if chain.broadcast else ""
    )
    params = (f"const {t}* r, " if chain.residual else "") + (f"const {t}* w, " if chain.broadcast else "")
    reductions = ""
    body = _row_body(chain, terminal.body)
    shared = "  __shared__ float partial[kMaxWarps];\n"
    if "block_max" in terminal.body:
        reductions += _BLOCK_REDUCE.format(
            what="max", combine_shfl="fmaxf(v, __shfl_xor(v, offset))", combine_total="fmaxf(total, partial[w])"
        )
    if "block_sum" in terminal.body:
        reductions += _BLOCK_REDUCE.format(
            what="sum", combine_shfl="v + __shfl_xor(v, offset)", combine_total="total + partial[w]"
        )
    if "block_max" in terminal.body and "block_sum" in terminal.body:
        # Slots of their own for the sum: reusing the max's would need a barrier after reading them, a race
        # that neither the fibers nor the perturbed orders of the cpu backend can show.
        shared = "  __shared__ float partial[kMaxWarps], partial_sum[kMaxWarps];\n"
        body = body.replace("block_sum(s, partial)", "block_sum(s, partial_sum)")
    return (
        f"{storage.include}#include <hip/hip_runtime.h>\n\n"
        "#include <cstddef>\n\n"
        "constexpr int kBlock = 256;\n"
        "constexpr int kMaxWarps = kBlock / 32;  // enough slots for any warp size >= 32\n\n"
        f"{storage.device_helpers}"
        f"{_chain_function(chain)}"
        f"{reductions}"
        f"// One block per row: {terminal.name} of the chained values.\n"
        f"__global__ void {entry}_kernel(int cols, const {t}* __restrict__ x{decls}, {t}* __restrict__ y) {{\n"
        f"{shared}"
        "  const size_t base = (size_t)blockIdx.x * cols;\n"
        f"{body}"
        "}\n\n"
        f"void {entry}(int rows, int cols, const {t}* x, {params}{t}* y, hipStream_t stream) {{\n"
        f"  hipLaunchKernelGGL({entry}_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, x, "
        f"{_operand_args(chain)}y);\n"
        "}\n"
    )


def _row_negatives(chain: Chain) -> list[dict[str, object]]:
    terminal, storage = chain.terminal, chain.storage
    assert terminal is not None
    skipped = skipped_step(chain)
    store_line = _row_body(chain, terminal.store_line)
    reduce_loop = _row_body(chain, terminal.reduce_loop)
    load = _row_body(chain, "{load}")
    zero = storage.store.format("0.0f")
    if terminal.per_element:
        zeroed = store_line.split("] = ")[0] + f"] = {zero};\n"
        past = store_line.replace("c < cols;", "c <= cols;")
    else:
        zeroed = f"  if (threadIdx.x == 0) y[blockIdx.x] = {zero};\n"
        past = store_line.replace(
            "if (threadIdx.x == 0) y[blockIdx.x]", "if (threadIdx.x <= 1) y[blockIdx.x + threadIdx.x]"
        )
    if terminal.per_element:  # shifting the block's whole row would just permute the rows: shift the writes
        shifted_row: dict[str, object] = {
            "name": "off_by_one_row",
            "why": "row indexing: every block writes its row's result into the next row (the last into the first)",
            "edits": [
                [store_line, store_line.replace("y[base + c]", "y[(size_t)((blockIdx.x + 1) % gridDim.x) * cols + c]")]
            ],
        }
    else:
        shifted_row = {
            "name": "off_by_one_row",
            "why": "row indexing: every block reduces the next row (the last one the first)",
            "edits": [["(size_t)blockIdx.x * cols;", "(size_t)((blockIdx.x + 1) % gridDim.x) * cols;"]],
        }
    tail_dropped = reduce_loop.replace("c < cols;", "c < cols / kBlock * kBlock;")
    wrong_axis = reduce_loop.replace(load, load.replace("base + c", "(size_t)c * gridDim.x + blockIdx.x"))
    negatives: list[dict[str, object]] = [
        {"name": "half_output", "edits": [["dim3(rows), dim3(kBlock)", "dim3((rows + 1) / 2), dim3(kBlock)"]]},
        {"name": "all_zeros", "edits": [[store_line, zeroed]]},
        {"name": "block_multiple", "edits": [[reduce_loop, tail_dropped]]},
        {"name": "past_end", "edits": [[store_line, past]]},
        {
            "name": "skips_a_step",
            "why": "fused chain: one element-wise step left out before the row-wise step",
            "edits": [[_step_line(skipped, chain.steps[skipped - 1], storage, indent="  "), ""]],
        },
        {
            "name": "single_warp",
            "why": "block reduction: only the first warp's partial is kept, the other warps' lanes are dropped",
            "edits": [["for (int w = 1; w < kBlock / warpSize; ++w)", "for (int w = 1; w < 1; ++w)"]],
        },
        shifted_row,
        *_broadcast_negative(chain),
    ]  # fmt: skip
    if terminal.name != "rms_norm":  # the RMS of a column is, in distribution, that of a row: such a bug passes
        negatives.insert(5, {
            "name": "wrong_axis",
            "why": "row reduction: reduces down a column (x[c][r]) instead of along the row",
            "edits": [[reduce_loop, wrong_axis]],
        })  # fmt: skip
    return negatives


def _literals(values: tuple[float, ...]) -> str:
    return ", ".join(f"{value!r}f" for value in values)


def _overflow_rows(chain: Chain) -> str:
    """Harness code of the special test of softmax and log-sum-exp: rows of huge, of very negative chained
    values and rows with one huge spike (at column 0 every other time, where a row's reduction that reads one
    element too far picks it up; else at columns row * 101 % cols, which in the special test's rows of 1000
    fall to every quarter of a 256-thread block's stride). The spike rows' other values lie more than
    OVERFLOW_GAP below the spike (`spike_inputs`; when the chain has such values), so a reduction that loses
    one warp's partial misses the spike in some row and overflows: with ordinary values the gap can be too
    small to overflow, and the row maximum, a mere stabiliser, would pass taken wrongly."""
    hot, cold = extreme_inputs(chain.steps)
    code = (
        "    // Rows whose chained values overflow (underflow) expf unless the row maximum is subtracted first.\n"
        f"    const float hot[] = {{{_literals(hot)}}};\n"
        "    for (int row = 1; row < rows; row += 4)\n"
        f"      for (int c = 0; c < cols; ++c) x[(size_t)row * cols + c] = hot[(c + row) % {len(hot)}];\n"
    )
    if cold:
        code += (
            f"    const float cold[] = {{{_literals(cold)}}};\n"
            "    for (int row = 2; row < rows; row += 4)\n"
            f"      for (int c = 0; c < cols; ++c) x[(size_t)row * cols + c] = cold[(c + row) % {len(cold)}];\n"
        )
    else:  # ordinary values next to huge ones: a row maximum taken wrongly overflows
        code += (
            "    for (int row = 2; row < rows; row += 4)\n"
            f"      for (int c = 1; c < cols; c += 2) x[(size_t)row * cols + c] = hot[(c + row) % {len(hot)}];\n"
        )
    spike, cool = spike_inputs(chain.steps)
    if not cool:
        return code + (
            "    for (int row = 3; row < rows; row += 4)\n"
            f"      x[(size_t)row * cols + (row % 8 == 3 ? 0 : (size_t)row * 101 % cols)] = hot[row % {len(hot)}];\n"
        )
    return code + (
        f"    // Rows of values more than {OVERFLOW_GAP:g} below one spike: a maximum that misses it overflows.\n"
        f"    const float cool[] = {{{_literals(cool)}}};\n"
        "    for (int row = 3; row < rows; row += 4) {\n"
        f"      for (int c = 0; c < cols; ++c) x[(size_t)row * cols + c] = cool[(c + row) % {len(cool)}];\n"
        f"      x[(size_t)row * cols + (row % 8 == 3 ? 0 : (size_t)row * 101 % cols)] = {spike!r}f;\n"
        "    }\n"
    )


def _negative_lines(chain: Chain) -> str:
    """Harness code of the special test of a row (column) max: every fourth row (column) holds chained values
    that are all negative, where a maximum started at 0 instead of -inf shows."""
    values = negative_inputs(chain.steps)
    if chain.columns:
        loops = "    for (int c = 2; c < cols; c += 4)  // negative columns\n      for (int row = 0; row < rows; ++row)"
    else:
        loops = "    for (int row = 2; row < rows; row += 4)  // negative rows\n      for (int c = 0; c < cols; ++c)"
    return (
        f"    const float negative[] = {{{_literals(values)}}};\n"
        f"{loops} x[(size_t)row * cols + c] = negative[(c + row) % {len(values)}];\n"
    )


def _harness(chain: Chain, entry: str, signature: str) -> str:
    storage, terminal, residual, broadcast = chain.storage, chain.terminal, chain.residual, chain.broadcast
    golden = "".join(f"      {d.fill(d.step.golden)}\n" for d in chain.steps)
    rows = terminal is not None
    specials = ROW_SPECIALS if rows else SPECIALS
    size = "(size_t)rows * cols" if rows else "(size_t)n"
    bound = "3.0f"
    head = (
        '  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));\n'
        if rows
        else '  const int n = static_cast<int>(t.param("n"));\n'
    )
    special_rows = ""
    if rows and chain.columns:
        special_rows = (
            "    for (int c = 0; c < cols; c += 4)  // constant columns\n"
            "      for (int row = 0; row < rows; ++row) x[(size_t)row * cols + c] = 0.0f;\n"
        )
    elif rows:
        special_rows = (
            "    for (int row = 0; row < rows; row += 4)  // constant rows\n"
            "      for (int c = 0; c < cols; ++c) x[(size_t)row * cols + c] = 0.0f;\n"
        )
    if terminal is not None and terminal.stable:
        special_rows += _overflow_rows(chain)
    if terminal is not None and terminal.name in ("row_max", "col_max") and negative_inputs(chain.steps):
        special_rows += _negative_lines(chain)
    if rows:
        assert terminal is not None
        out_size = size if terminal.per_element else "(size_t)cols" if chain.columns else "(size_t)rows"
        if chain.columns:
            reduce = (
                "  for (int c = 0; c < cols; ++c) {\n"
                "    std::vector<double> v(rows);  // column c\n"
                "    for (int row = 0; row < rows; ++row) v[row] = vm[(size_t)row * cols + c];\n"
                f"{terminal.golden}"
                "  }\n"
            )
        else:
            reduce = (
                "  for (int row = 0; row < rows; ++row) {\n"
                "    const auto first = vm.begin() + (size_t)row * cols;\n"
                "    const std::vector<double> v(first, first + cols);  // row `row`\n"
                f"{terminal.golden}"
                "  }\n"
            )
        compute = (
            f"  std::vector<double> vm({size});  // the chained values, in double\n"
            "  for (int row = 0; row < rows; ++row) {\n"
            "    for (int c = 0; c < cols; ++c) {\n"
            "      const size_t i = (size_t)row * cols + c;\n"
            "      double d = x[i];\n"
            f"{golden}"
            "      vm[i] = d;\n"
            "    }\n"
            "  }\n"
            f"  std::vector<double> want({out_size});\n"
            f"{reduce}"
        )
        call_sizes = "rows, cols"
    else:
        out_size = size
        compute = (
            "  std::vector<double> want(n);\n"
            "  for (int i = 0; i < n; ++i) {\n"
            "      double d = x[i];\n"
            f"{golden}"
            "      want[i] = d;\n"
            "  }\n"
        )
        call_sizes = "n"
    w_draw = ""
    if broadcast:
        lo, hi = broadcast.operand_range
        w_draw = f"  std::vector<float> w = t.uniform(cols, {lo!r}f, {hi!r}f);\n"
    args = ("dr.get(), " if residual else "") + ("dw.get(), " if broadcast else "")
    return (
        f"{storage.include}"
        '#include "hipcoding_harness.h"\n\n'
        f"{signature};\n\n"
        f"{storage.host_helpers}"
        "static void run(hc::Test& t) {\n"
        f"{head}"
        f"  std::vector<float> x = t.uniform({size}, -{bound}, {bound});\n"
        + (f"  std::vector<float> r = t.uniform({size}, -1.0f, 1.0f);\n" if residual else "")
        + w_draw
        + '  if (t.is("special")) {\n'
        f"    const float specials[] = {{{_literals(specials)}}};\n"
        f"    for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 3 == 0) ? specials[(i / 3) % {len(specials)}] : x[i];\n"
        f"{special_rows}"
        "  }\n"
        "  // The inputs as stored; the expected result is computed from exactly those.\n"
        "  const auto xs = narrow(x);\n"
        "  x = widen(xs);\n"
        + ("  const auto rs = narrow(r);\n  r = widen(rs);\n" if residual else "")
        + ("  const auto ws = narrow(w);\n  w = widen(ws);\n" if broadcast else "")
        + compute
        + '  auto dx = t.input(xs, "x");\n'
        + ('  auto dr = t.input(rs, "r");\n' if residual else "")
        + ('  auto dw = t.input(ws, "w");\n' if broadcast else "")
        + f'  auto dy = t.output<{storage.ctype}>({out_size}, "y");\n'
        f"  {entry}({call_sizes}, dx.get(), {args}dy.get(), t.stream());\n"
        "  t.finish_call();\n"
        '  t.expect_close("y", widen(dy.download()), want);\n'
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
