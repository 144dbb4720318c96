"""The leaderboard's figures, drawn with matplotlib (Agg, no display) and embedded as base64 PNG.

Figures are built as `matplotlib.figure.Figure` objects, never through pyplot, so no global figure state
or GUI backend is involved and the report can be made from any thread or a headless machine. Sizes grow
with the number of models and categories, so one model and twenty both stay readable.
"""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

from hip_coding.perf.result import fast_p
from hip_coding.report.leaderboard import FAILURE_KINDS, STAGE_METRICS, Leaderboard

STATUS_COLORS = {
    "passed": "#2ca02c",
    "failed": "#d62728",
    "compile_error": "#ff7f0e",
    "runtime_error": "#9467bd",
    "timeout": "#8c564b",
    "rejected": "#e377c2",
    "unsupported": "#7f7f7f",
    "no_device": "#bcbd22",
}
STAGE_COLORS = ("#9ecae1", "#4292c6", "#08519c")
DPI = 100


@dataclass(frozen=True)
class Plot:
    """One figure: a title, the text that says what it shows (caption and alt text), and the PNG."""

    key: str
    title: str
    caption: str
    png: bytes

    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


def _value(number: float | None) -> str:
    return "n/a" if number is None else f"{number:.3f}"


def funnel_plot(board: Leaderboard) -> Plot:
    """build@1 -> run@1 -> pass@1 for each model, as groups of three bars."""
    models = board.models
    fig = Figure(figsize=(max(6.0, 1.3 * len(models) + 2.5), 4.2))
    ax = fig.add_subplot()
    x = np.arange(len(models))
    width = 0.26
    for index, (stage, color) in enumerate(zip(STAGE_METRICS, STAGE_COLORS, strict=True)):
        values = [m.metric(stage) or 0.0 for m in models]
        bars = ax.bar(x + (index - 1) * width, values, width, label=stage, color=color)
        ax.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=7, padding=1)
    many = len(models) > 4
    labels = [m.label if many else textwrap.fill(m.label, 16) for m in models]
    ax.set_xticks(x, labels, rotation=25 if many else 0, ha="right" if many else "center")
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("share of tasks (estimate at k=1)")
    ax.set_title("Compile -> run -> pass funnel per model")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    caption = (
        "Funnel per model: build@1 (compiled), run@1 (ran to completion), pass@1 (all tests passed). "
        + "; ".join(f"{m.label}: " + ", ".join(f"{s} {_value(m.metric(s))}" for s in STAGE_METRICS) for m in models)
    )
    return Plot("funnel", "Compile -> run -> pass funnel", caption + ".", _png(fig))


def category_plot(board: Leaderboard) -> Plot:
    """pass@1 for each (model, category) as a heat map with the values written in the cells."""
    models, categories = board.models, list(board.categories)
    grid = np.full((len(models), len(categories)), np.nan)
    for row, model in enumerate(models):
        for col, category in enumerate(categories):
            value = model.breakdown("category").get(category, {}).get("pass@1")
            if value is not None:
                grid[row, col] = value
    fig = Figure(figsize=(max(6.0, 0.75 * len(categories) + 3.0), max(2.4, 0.5 * len(models) + 1.9)))
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(grid), cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto")
    ax.set_xticks(range(len(categories)), categories, rotation=40, ha="right")
    ax.set_yticks(range(len(models)), [m.label for m in models])
    for row in range(len(models)):
        for col in range(len(categories)):
            value = grid[row, col]
            if np.isnan(value):
                ax.text(col, row, "-", ha="center", va="center", fontsize=7, color="black")
            else:  # dark text on the light (high) end of viridis, light text on the dark end
                color = "black" if value > 0.6 else "white"
                ax.text(col, row, f"{value:.2f}", ha="center", va="center", fontsize=7, color=color)
    fig.colorbar(image, ax=ax, label="pass@1")
    ax.set_title("pass@1 by category and model")
    caption = (
        f"Heat map of pass@1 for {len(models)} model(s) (rows) across {len(categories)} task categories (columns), "
        "from 0 (dark) to 1 (yellow); a dash marks a category the model has no results for."
    )
    return Plot("categories", "pass@1 by category and model", caption, _png(fig))


def failure_plot(board: Leaderboard) -> Plot:
    """Every sample's status per model, as one stacked horizontal bar per model."""
    models = board.models
    kinds = ["passed", *(k for k in FAILURE_KINDS if any(m.status_counts().get(k, 0) for m in models))]
    fig = Figure(figsize=(7.5, max(2.2, 0.45 * len(models) + 1.6)))
    ax = fig.add_subplot()
    y = np.arange(len(models))
    left = np.zeros(len(models))
    for kind in kinds:
        counts = np.array([m.status_counts().get(kind, 0) for m in models], dtype=float)
        ax.barh(y, counts, left=left, color=STATUS_COLORS.get(kind, "#333333"), label=kind)
        left += counts
    ax.set_yticks(y, [m.label for m in models])
    ax.invert_yaxis()  # the best-ranked model on top, as in the table
    ax.set_xlabel("samples")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Sample statuses per model (failure kinds)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    failures = "; ".join(
        f"{m.label}: "
        + (", ".join(f"{k} {m.status_counts()[k]}" for k in FAILURE_KINDS if m.status_counts().get(k)) or "none")
        for m in models
    )
    caption = f"Stacked bars of sample statuses per model, passed first, then each failure kind. Failures: {failures}."
    return Plot("failures", "Failure kinds per model", caption, _png(fig))


def pass_at_k_plot(board: Leaderboard) -> Plot:
    """pass@k against k for each model with more than one sample per task."""
    models = [m for m in board.models if m.samples_per_task[1] > 1]
    fig = Figure(figsize=(6.5, 4.0))
    ax = fig.add_subplot()
    for model in models:
        ks = sorted(model.curve)
        ax.plot(ks, [model.curve[k] for k in ks], marker="o", label=model.label)
    highest = max(max(m.curve) for m in models)
    ax.set_xticks(range(1, highest + 1) if highest <= 20 else np.linspace(1, highest, 10, dtype=int))
    ax.set_xlabel("k (samples drawn per task)")
    ax.set_ylabel("pass@k")
    ax.set_ylim(-0.02, 1.05)
    ax.grid(alpha=0.3)
    ax.set_title("pass@k curves")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    caption = "pass@k against k for the models with several samples per task: " + "; ".join(
        f"{m.label}: " + ", ".join(f"pass@{k} {m.curve[k]:.3f}" for k in _named_points(m.curve)) for m in models
    )
    return Plot("pass_at_k", "pass@k curves", caption + ".", _png(fig))


def _named_points(curve: dict[int, float]) -> list[int]:
    """The k values a caption names: all of a short curve, else 1, 2, 5, 10, 20, 50, ... and the last."""
    ks = sorted(curve)
    if len(ks) <= 6:
        return ks
    round_numbers = {m * 10**e for e in range(6) for m in (1, 2, 5)}
    return [k for k in ks if k in round_numbers or k == ks[-1]]


def _timing(board: Leaderboard) -> str:
    """The kinds of the speed figures on the board, e.g. "estimated (h100-sxm)": every plot of them says so."""
    return " + ".join(sorted({t.perf.label for m in board.models for t in m.timed}))


def speedup_plot(board: Leaderboard) -> Plot:
    """Each timed model's speedups over the reference, one dot per passed sample, on a log axis."""
    models = [m for m in board.models if m.has_perf]
    timing = _timing(board)
    fig = Figure(figsize=(7.5, max(2.4, 0.55 * len(models) + 1.8)))
    ax = fig.add_subplot()
    rng = np.random.default_rng(0)  # a fixed jitter: the same data draws the same picture
    for row, model in enumerate(models):
        speedups = np.array([t.perf.speedup for t in model.timed])
        ax.scatter(speedups, row + rng.uniform(-0.18, 0.18, len(speedups)), s=18, alpha=0.8, color="#4292c6",
                   edgecolors="none", label="one passed sample" if row == 0 else None, zorder=3)  # fmt: skip
        geomean = model.metric("speedup_geomean")
        if geomean:
            ax.plot([geomean, geomean], [row - 0.32, row + 0.32], color="#d62728", linewidth=2, alpha=0.8,
                    label="geometric mean" if row == 0 else None, zorder=2)  # fmt: skip
    ax.axvline(1.0, color="#333333", linestyle="--", linewidth=1, label="as fast as the reference")
    ax.set_xscale("log")
    low = min(t.perf.speedup for m in models for t in m.timed if t.perf.speedup > 0)
    high = max(t.perf.speedup for m in models for t in m.timed)
    left, right = min(low, 0.5) / 1.5, max(high, 2.0) * 1.5
    ax.set_xlim(left, right)
    ticks = [t for e in range(-4, 5) for t in (10.0**e, 2 * 10.0**e, 5 * 10.0**e) if left <= t <= right]
    ax.xaxis.set_major_locator(FixedLocator(ticks))  # 0.2, 0.5, 1, 2, 5: readable, never 2x10^-1
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}x"))
    ax.set_yticks(range(len(models)), [m.label for m in models])
    ax.set_ylim(len(models) - 0.5, -0.5)  # the best-ranked model on top, as in the table
    ax.set_xlabel(f"speedup over the reference, {timing} (log scale; right is faster)")
    ax.set_title(f"Speedup per passed sample, {timing}")
    ax.grid(axis="x", alpha=0.3, which="both")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    caption = f"Speedups ({timing}) of every timed passed sample per model, reference time / sample time: " + "; ".join(
        f"{m.label}: {len(m.timed)} sample(s), geomean {_value(m.metric('speedup_geomean'))}, "
        f"min {min(t.perf.speedup for t in m.timed):.3f}, max {max(t.perf.speedup for t in m.timed):.3f}"
        for m in models
    )
    return Plot("speedups", f"Speedup distribution, {timing}", caption + ".", _png(fig))


FAST_P_GRID = np.round(np.arange(0.0, 4.0001, 0.05), 2)


def fast_p_plot(board: Leaderboard) -> Plot:
    """fast_p against the threshold p for each timed model (KernelBench's fast_p curve)."""
    models = [m for m in board.models if m.has_perf]
    timing = _timing(board)
    fig = Figure(figsize=(6.5, 4.0))
    ax = fig.add_subplot()
    for model in models:
        ax.step(FAST_P_GRID, [fast_p(list(model.speedups), float(p)) for p in FAST_P_GRID], where="post",
                label=model.label)  # fmt: skip
    ax.axvline(1.0, color="#333333", linestyle="--", linewidth=1)
    ax.set_xlim(0, float(FAST_P_GRID[-1]))
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel(f"p: speedup threshold, {timing}")
    ax.set_ylabel("fast_p: share correct and speedup > p")
    ax.set_title(f"fast_p curves, {timing}")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    caption = (
        f"fast_p ({timing}) against p from 0 to 4: the share of all samples that passed and whose speedup over the "
        "reference exceeds p (fast_0 is the pass rate of the timed samples). "
        + "; ".join(
            f"{m.label}: " + ", ".join(f"fast_{p:g} {fast_p(list(m.speedups), p):.3f}" for p in (0.0, 1.0, 2.0))
            for m in models
        )
    )
    return Plot("fast_p", f"fast_p curves, {timing}", caption + ".", _png(fig))


def all_plots(board: Leaderboard) -> list[Plot]:
    """The report's figures; the pass@k curves only when some model has more than one sample per task, the
    speedup distribution and the fast_p curves only when some run was timed (`evaluate --perf`)."""
    plots = [funnel_plot(board), category_plot(board), failure_plot(board)]
    if board.has_multiple_samples:
        plots.append(pass_at_k_plot(board))
    if board.has_perf:
        plots += [speedup_plot(board), fast_p_plot(board)]
    return plots
