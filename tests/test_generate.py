"""`hip-coding dataset generate`: seeded splits of level-2 fused chains in the normal task format.

The folders must load like hand-written tasks (schema, negatives that apply), two seeds must give two
different splits, one seed always the same one; and a drawn task must be sound: its reference passes and
its wrong solutions fail, through the same checks `dataset check` runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hip_coding.cli import main
from hip_coding.evaluation.selfcheck import check_task
from hip_coding.tasks import generate
from hip_coding.tasks.build import load_tasks, records_for
from hip_coding.tasks.mutate import mutants_of
from hip_coding.tasks.schema import precision_of

ROOT = Path(__file__).resolve().parent.parent
#: The draw the release ships (docs/tasks.md).
SHIPPED_SEED, SHIPPED_COUNT = 2026, 90


def _split(tmp_path, seed: int, count: int = 6):
    out = tmp_path / f"seed{seed}"
    assert main(["dataset", "generate", "--seed", str(seed), "--count", str(count), "--out", str(out)]) == 0
    return load_tasks(out)


def test_two_seeds_give_two_different_loadable_splits(tmp_path):
    first, second, again = _split(tmp_path, 1), _split(tmp_path, 2), _split(tmp_path / "again", 1)
    assert len(first) == len(second) == 6
    assert {t.reference for t in first}.isdisjoint({t.reference for t in second})
    assert [(t.spec.id, t.reference, t.harness) for t in first] == [(t.spec.id, t.reference, t.harness) for t in again]
    for task in first + second:
        assert task.spec.level == 2 and task.spec.category == generate.CATEGORY
        specific = (
            {"single_warp", "off_by_one_row"} if "row-reduction" in task.spec.tags
            else {"wrong_axis", "last_row_dropped"} if "column-reduction" in task.spec.tags
            else {"input_not_chained"}
        )  # fmt: skip
        assert {"skips_a_step", *specific} <= {n.name for n in task.spec.negatives}
        assert len(task.spec.negatives) >= 6
        hip, cuda = records_for(task)
        assert "cudaStream_t" in cuda.question.signature  # the CUDA twin comes from the translator
        assert f"atol {task.spec.tolerance.atol:g}" in hip.question.instruct_prompt


def test_chains_follow_the_grammar():
    for index in range(40):
        _task_id, files = generate.task_files(5, index)
        steps = [
            line.split("// step ")[1].split(": ")[1]
            for line in files["reference.hip"].splitlines()
            if "// step" in line
        ]
        assert 2 <= len(steps) <= 6
        assert any(s in ("scale", "bias") for s in steps), "a dropped affine step must always change the result"
        for once in generate.ONCE:
            assert steps.count(once) <= 1


def test_row_wise_steps_and_16_bit_storage_are_drawn_and_stated():
    """Both variants occur; the prompt states the storage format and a tolerance that includes its rounding."""
    chains = [generate.draw(generate.random.Random(f"hip-coding generated 3 {index}")) for index in range(40)]
    assert {c.terminal.name for c in chains if c.terminal} == set(generate.TERMINALS)
    assert {c.storage.name for c in chains} == set(generate.STORAGES)
    for index in range(40):
        task_id, files = generate.task_files(3, index)
        spec = yaml.safe_load(files["task.yaml"])
        storage = chains[index].storage
        assert precision_of(spec["tags"]) == (storage.name if storage.name != "float32" else "float32/other")
        assert spec["tolerance"]["rtol"] >= storage.rtol, "the tolerance must cover rounding the result"
        if storage.name != "float32":
            assert {"float16": "2^-11", "bfloat16": "2^-8"}[storage.name] in spec["doc"]["details"]
            assert storage.ctype in spec["signature"]
        if chains[index].columns:  # one thread per column; the sum runs down a column of up to 4099 rows
            assert "int rows, int cols" in spec["signature"] and "block_" not in files["reference.hip"]
            assert {t["cols"] for t in spec["tests"]} & {64, 256} == set()
            assert {t["rows"] for t in spec["tests"]} & {64, 256} and max(t["rows"] for t in spec["tests"]) == 4099
            assert "y holds cols values" in spec["doc"]["shapes"]
        elif chains[index].terminal is not None:
            assert "int rows, int cols" in spec["signature"] and "block_" in files["reference.hip"]
            assert {t["cols"] for t in spec["tests"]} & {1, 64, 256} and max(t["cols"] for t in spec["tests"]) == 4099
            # Shifting a whole row (reads and writes) of softmax or RMS norm only permutes the rows: not a bug.
            shifted = next(n for n in spec["negatives"] if n["name"] == "off_by_one_row")["edits"][0]
            assert ("y[" in shifted[0]) == chains[index].terminal.per_element
            # Two reductions: the sum has slots of its own, no barrier the cpu backend could not check.
            two = "block_max" in files["reference.hip"] and "block_sum" in files["reference.hip"]
            assert two == ("partial_sum[kMaxWarps]" in files["reference.hip"])
            assert files["reference.hip"].count("__syncthreads();") == 1 + two


def test_broadcast_operands_only_in_matrix_chains_and_stated():
    """A per-column vector w (bias or scale) is drawn only before a reducing terminal, at most once, and the
    prompt, the signature, the harness and a negative all know it."""
    seen = set()
    for index in range(60):
        chain = generate.draw(generate.random.Random(f"hip-coding generated 4 {index}"))
        operands = [d.step for d in chain.steps if d.step.operand == "w"]
        assert len(operands) <= 1 and (not operands or chain.terminal is not None)
        if not operands:
            continue
        seen.add((operands[0].name, chain.terminal.axis))
        _task_id, files = generate.task_files(4, index)
        spec = yaml.safe_load(files["task.yaml"])
        assert "* w, " in spec["signature"] and "broadcast" in spec["tags"]
        assert "w[j]" in spec["doc"]["summary"] and "w = [" in spec["doc"]["example"]
        assert "t.uniform(cols, " in files["harness.hip"] and "w[c]" in files["reference.hip"]
        assert "broadcast_first_entry" in {n["name"] for n in spec["negatives"]}
    assert {name for name, _axis in seen} == {"col_scale", "col_bias"} and {a for _n, a in seen} == {"row", "col"}


def test_softmax_and_log_sum_exp_test_values_that_overflow_a_naive_exp():
    """Their special test has rows whose chained values overflow expf (a softmax without the max subtraction
    gives inf/inf there) and the derived tolerance covers those values."""
    import numpy as np

    for index in range(80):
        chain = generate.draw(generate.random.Random(f"hip-coding generated 6 {index}"))
        if chain.terminal is None or not chain.terminal.stable:
            continue
        hot, cold = generate.extreme_inputs(chain.steps)
        assert hot, "drawn again when the chain cannot overflow exp"
        for x in hot:
            for r, w in generate._operands(chain.steps):
                v = generate._apply(chain.steps, x, r, w)
                with np.errstate(over="ignore"):
                    assert np.isinf(np.exp(np.float32(v))) and v < generate._bound(chain.steps, hot + cold)
                assert float(np.float32(x)) == float(np.float16(x)) == x  # exact in every storage format
        _task_id, files = generate.task_files(6, index)
        assert "const float hot[] = {" in files["harness.hip"] and "expf overflows" in files["task.yaml"]


def test_tolerance_grows_with_the_row_wise_step_and_the_storage():
    steps = (generate.Drawn(generate.STEPS["scale"], 1.5), generate.Drawn(generate.STEPS["tanh"]))
    float32, half, bf16 = (generate.STORAGES[name] for name in ("float32", "float16", "bfloat16"))
    atol, rtol = generate.tolerance(generate.Chain(steps, float32))
    assert generate.tolerance(generate.Chain(steps, half))[1] > rtol + 2**-11
    assert generate.tolerance(generate.Chain(steps, bf16))[1] > rtol + 2**-8
    softmax = generate.tolerance(generate.Chain(steps, float32, generate.TERMINALS["softmax"]))
    assert softmax[1] > generate.MAX_COLS * 2**-24, "a float sum over the longest row"
    assert generate._round_up(1.01e-5) == 1.1e-5 and generate._round_up(3e-7) == 3e-7


def test_the_skipped_step_shows_through_the_row_wise_step():
    """Softmax ignores a trailing bias: `skips_a_step` must drop a step whose loss changes the result."""
    steps = (generate.Drawn(generate.STEPS["tanh"]), generate.Drawn(generate.STEPS["bias"], 0.5))
    chain = generate.Chain(steps, generate.STORAGES["float32"], generate.TERMINALS["softmax"])
    assert generate.skipped_step(chain) == 1
    assert generate.skipped_step(generate.Chain(steps[1:], chain.storage, chain.terminal)) == 0


def _chain(*names: str) -> tuple[generate.Drawn, ...]:
    return tuple(generate.Drawn(generate.STEPS[name], 1.5 if name == "scale" else 0.5) for name in names)


def test_the_sign_of_a_chain_is_proven_from_its_steps():
    assert generate.never_negative(_chain("bias", "relu", "scale", "tanh"))
    assert generate.never_negative(_chain("residual", "square", "leaky_relu", "clamp"))
    assert not generate.never_negative(_chain("relu", "bias"))
    assert not generate.never_negative(_chain("scale", "tanh"))
    # A chain that can be negative everywhere on a row gets inputs whose chained values are all below zero.
    negative = generate.negative_inputs(_chain("scale", "residual"))
    assert negative and all(
        generate._apply(_chain("scale", "residual"), x, r / 4) < 0 for x in negative for r in range(-4, 5)
    )
    assert generate.negative_inputs(_chain("bias", "abs", "scale")) == ()


def test_a_chain_bounded_below_is_told_from_one_that_is_not():
    """A maximum started at 0 is declared equivalent before a softmax or log-sum-exp only over chains whose
    values never fall below EXP_NORMAL_FLOOR (where expf(v) underflows no row)."""
    assert -0.3 < generate.lowest_value(_chain("gelu", "scale", "residual", "silu")) < -0.27
    assert generate.lowest_value(_chain("square", "residual", "bias")) == -1.0 + 0.5
    assert generate.lowest_value(_chain("leaky_relu", "scale")) < -1e17
    assert generate.lowest_value(_chain("bias", "tanh", "scale")) == pytest.approx(-1.5)


def test_a_chain_that_reaches_the_underflow_only_from_far_gets_exact_far_inputs():
    """Leaky ReLU's small slope needs inputs near -800 to chain below -106: COLD rows use them, exactly
    representable in every storage format, and the task kills a maximum started at 0."""
    import numpy as np

    steps = (generate.Drawn(generate.STEPS["leaky_relu"], 0.09), generate.Drawn(generate.STEPS["scale"], 1.5))
    hot, cold = generate.extreme_inputs(steps)
    assert hot and cold and all(x in generate.FAR_INPUTS and x < -700 for x in cold)
    for x in cold:
        assert float(np.float16(x)) == x and int(np.float32(x).view(np.uint32)) & 0xFFFF == 0  # bfloat16: upper half
        assert all(generate.COLD[0] <= generate._apply(steps, x, r, w) <= generate.COLD[1] for r, w in [(0, 1)])
    _task_id, files = generate.task_files(SHIPPED_SEED, 23)  # leaky_relu, scale, col_bias, log-sum-exp
    assert "const float cold[] = {-848.0f" in files["harness.hip"]
    assert "-INFINITY -> 0.0f" not in files["task.yaml"] and "- sanitize" in files["task.yaml"]


def test_spike_rows_put_the_spike_far_enough_above_the_rest_to_overflow():
    """A softmax or log-sum-exp whose row maximum misses the spike must overflow: the other values of a spike
    row lie more than OVERFLOW_GAP (expf's overflow, 88.72) below it for every operand value."""
    steps = _chain("square", "residual", "bias")
    spike, cool = generate.spike_inputs(steps)
    assert cool and spike in generate.extreme_inputs(steps)[0]
    operands = [(r / 4, 1.0) for r in range(-4, 5)]
    lowest_spike = min(generate._apply(steps, spike, r, w) for r, w in operands)
    highest_rest = max(generate._apply(steps, x, r, w) for x in cool for r, w in operands)
    assert lowest_spike - highest_rest >= generate.OVERFLOW_GAP > 88.72
    _task_id, files = generate.task_files(SHIPPED_SEED, 10)  # square, residual, bias, log-sum-exp (bfloat16)
    assert "const float cool[]" in files["harness.hip"] and f"= {spike!r}f;" in files["harness.hip"]


def test_generated_tasks_declare_only_their_provable_equivalent_mutants():
    """docs/tasks.md: leaky ReLU's `>` as `>=`, the block max folded from slot 0, and a maximum started at 0
    over a chain that is never negative; each named by the mutant `dataset mutate` makes (line included)."""
    seen: dict[str, int] = {}
    for index in range(SHIPPED_COUNT):
        _task_id, files = generate.task_files(SHIPPED_SEED, index)
        spec = yaml.safe_load(files["task.yaml"])
        names = {f"{m.name}: {m.before.strip()} -> {m.after.strip()}" for m in mutants_of(files["reference.hip"])}
        chain = generate.draw(generate.random.Random(f"hip-coding generated {SHIPPED_SEED} {index}"))
        for claim in spec.get("equivalent_mutants", []):
            assert claim["mutant"] in names
            line = files["reference.hip"].splitlines()[int(claim["mutant"].split("@")[1].split(":")[0]) - 1]
            kind = claim["mutant"].split(": ", 1)[1]
            seen[kind] = seen.get(kind, 0) + 1
            if kind == "-INFINITY -> 0.0f":
                assert "float m = -INFINITY;" in line
                stable = chain.terminal is not None and chain.terminal.stable
                bounded = stable and generate.lowest_value(chain.steps) > generate.EXP_NORMAL_FLOOR
                assert generate.never_negative(chain.steps) or bounded
            elif kind == "> -> >=":
                assert "leaky_relu" in line
            else:
                assert kind == "1 -> 0" and "fmaxf(total, partial[w])" in line
        if chain.terminal is not None and chain.terminal.name in ("row_max", "col_max"):
            negative_rows = "negative[" in files["harness.hip"]
            assert negative_rows == bool(generate.negative_inputs(chain.steps))
    assert set(seen) == {"> -> >=", "1 -> 0", "-INFINITY -> 0.0f"}, seen


@pytest.mark.slow
@pytest.mark.parametrize(
    ("seed", "index", "shape"),
    [
        (8, 5, "a residual and a per-column bias before a log-sum-exp with overflow rows (float)"),
        (7, 7, "a per-column scale before a column mean (bfloat16)"),
    ],
)
def test_a_generated_task_is_sound(tmp_path, seed, index, shape):
    """Reference passes, every negative fails, through the checks `dataset check` runs: one task per new
    shape (its second inputs, its storage, its tolerance rule, its reduction)."""
    task_id, files = generate.task_files(seed, index)
    folder = tmp_path / task_id
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (task,) = load_tasks(tmp_path)
    chain = generate.draw(generate.random.Random(f"hip-coding generated {seed} {index}"))
    assert chain.broadcast is not None and chain.terminal is not None, shape
    checks = check_task(task, repeat_languages=())
    failed = [c for c in checks if not c.ok]
    assert not failed, "\n".join(f"{c.task_id} {c.what}: {c.status} {c.detail[:500]}" for c in failed)
    assert len([c for c in checks if c.what.startswith("negative:")]) == len(task.spec.negatives)


def test_the_shipped_draw_regenerates_byte_identically(tmp_path):
    """docs/tasks.md: the release's generated tasks are `dataset generate --seed 2026 --count 90`."""
    shipped = ROOT / "datasets" / "hip_coding" / "tasks" / generate.CATEGORY
    generate.generate(SHIPPED_SEED, SHIPPED_COUNT, tmp_path)
    drawn = tmp_path / generate.CATEGORY
    assert sorted(p.name for p in shipped.iterdir()) == sorted(p.name for p in drawn.iterdir())
    for folder in drawn.iterdir():
        for file in folder.iterdir():
            assert (shipped / folder.name / file.name).read_bytes() == file.read_bytes(), f"{folder.name}/{file.name}"
    chains = [
        generate.draw(generate.random.Random(f"hip-coding generated {SHIPPED_SEED} {i}")) for i in range(SHIPPED_COUNT)
    ]
    assert sum(c.storage.name != "float32" for c in chains) >= 24
    assert sum(c.terminal is not None for c in chains) >= 24
    assert sum(c.columns for c in chains) >= 4 and sum(c.broadcast is not None for c in chains) >= 8
