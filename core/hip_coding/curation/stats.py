"""Stage 7, stats: counts and plots of a curation run (categories, kernel lengths, features, the funnel).

Reads what the stages left in the output folder and writes, under `DIR/stats/`, `stats.json`, four PNG files
(matplotlib with the Agg backend: no display needed) and `report.md`, the dataset report that shows them with the
numbers.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from hip_coding.curation import STAGES
from hip_coding.curation.funnel import load_funnels, read_jsonl

TOP_REASONS = 10
FEATURES = ("shared_memory", "atomics", "warp_ops", "barriers", "template_params", "device_calls", "via_macro")


def collect(out_dir: Path) -> dict[str, Any]:
    """The numbers behind the report."""
    kernels = read_jsonl(out_dir / "extract.jsonl")
    archived = read_jsonl(out_dir / "archive.jsonl")
    candidates = read_jsonl(out_dir / "testgen.jsonl")
    methods = Counter(str(p.get("method", "rule")) for p in read_jsonl(out_dir / "wrap.jsonl"))
    verdicts = Counter(str(c.get("cross_check") or "not run").split(":")[0] for c in candidates)
    tasks = archived or candidates
    categories = Counter(str(t["task_id"]).split("/")[0] for t in tasks)
    lengths = [int(k["end_line"]) - int(k["start_line"]) + 1 for k in kernels]
    features = {name: sum(1 for k in kernels if k.get(name)) for name in FEATURES}
    languages = Counter(str(k["language"]) for k in kernels)
    return {
        "project": str(kernels[0]["project"]) if kernels else out_dir.name,
        "kernels": len(kernels),
        "tasks": len(tasks),
        "categories": dict(sorted(categories.items())),
        "languages": dict(sorted(languages.items())),
        "lengths": {
            "min": min(lengths, default=0),
            "max": max(lengths, default=0),
            "mean": round(sum(lengths) / len(lengths), 1) if lengths else 0.0,
        },
        "length_values": lengths,
        "features": features,
        "wrapped_by": dict(sorted(methods.items())),
        "cross_check": dict(sorted(verdicts.items())),
        "funnel": [f.to_dict() for f in load_funnels(out_dir)],
        "reasons": top_reasons(out_dir),
    }


def top_reasons(out_dir: Path, limit: int = TOP_REASONS) -> list[dict[str, Any]]:
    """The most common drop reasons over all stages, each with its count and one example (what to fix first)."""
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], dict[str, Any]] = {}
    for stage in STAGES:
        for item in read_jsonl(out_dir / f"{stage}.dropped.jsonl"):
            if item.get("kept_apart"):
                continue
            key = (stage, str(item["reason"]))
            counts[key] += 1
            examples.setdefault(key, item)
    return [
        {"stage": stage, "reason": reason, "count": count, "example": str(examples[(stage, reason)]["id"]),
         "detail": " ".join(str(examples[(stage, reason)].get("detail", "")).split())[:200]}
        for (stage, reason), count in counts.most_common(limit)
    ]  # fmt: skip


def plot(numbers: dict[str, Any], folder: Path) -> list[Path]:
    """Four PNG files: categories, lengths, features, funnel."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def save(fig: Any, name: str) -> None:
        path = folder / name
        fig.tight_layout()
        fig.savefig(path, dpi=90)
        plt.close(fig)
        written.append(path)

    fig, ax = plt.subplots(figsize=(6, 3.5))
    cats = numbers["categories"]
    ax.bar(list(cats) or ["(none)"], list(cats.values()) or [0], color="#4c72b0")
    ax.set_title("tasks by category")
    ax.tick_params(axis="x", rotation=30)
    save(fig, "categories.png")

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist(numbers["length_values"] or [0], bins=20, color="#55a868")
    ax.set_title("kernel length (lines)")
    save(fig, "lengths.png")

    fig, ax = plt.subplots(figsize=(6, 3.5))
    feats = numbers["features"]
    ax.barh(list(feats), list(feats.values()), color="#c44e52")
    ax.set_title("kernels using each feature")
    save(fig, "features.png")

    fig, ax = plt.subplots(figsize=(6, 3.5))
    stages = [f["stage"] for f in numbers["funnel"]] or ["(none)"]
    outs = [f["out"] for f in numbers["funnel"]] or [0]
    ins = [f["in"] for f in numbers["funnel"]] or [0]
    ax.bar(stages, ins, color="#cccccc", label="in")
    ax.bar(stages, outs, color="#8172b2", label="out")
    ax.set_title("curation funnel")
    ax.legend()
    save(fig, "funnel.png")
    return written


def run_stats(out_dir: Path) -> tuple[dict[str, Any], list[Path]]:
    numbers = collect(out_dir)
    pngs = plot(numbers, out_dir / "stats")
    shown = {k: v for k, v in numbers.items() if k != "length_values"}
    (out_dir / "stats" / "stats.json").write_text(json.dumps(shown, indent=2) + "\n", encoding="utf-8")
    (out_dir / "stats" / "report.md").write_text(markdown(shown, pngs), encoding="utf-8")
    return shown, pngs


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"


def markdown(numbers: dict[str, Any], pngs: list[Path]) -> str:
    """The dataset report: the numbers, the funnel with its drop reasons, and the plots (next to it)."""
    lengths = numbers["lengths"]
    rows = [
        ("kernels extracted", str(numbers["kernels"])),
        ("tasks", str(numbers["tasks"])),
        ("categories", _counts(numbers["categories"])),
        ("languages", _counts(numbers["languages"])),
        ("kernel lines", f"min {lengths['min']}, mean {lengths['mean']}, max {lengths['max']}"),
        ("features", _counts(numbers["features"])),
        ("wrapped by", _counts(numbers["wrapped_by"])),
        ("cross-check", _counts(numbers["cross_check"])),
    ]
    text = ["# Curated dataset", "", "| what | value |", "|---|---|"]
    text += [f"| {what} | {value} |" for what, value in rows]
    text += ["", "## Funnel", "", "| stage | in | out | dropped |", "|---|---|---|---|"]
    text += [f"| {f['stage']} | {f['in']} | {f['out']} | {_counts(f['dropped'])} |" for f in numbers["funnel"]]
    text += ["", "## What was lost, most common first", "", "| stage | reason | count | example | detail |",
             "|---|---|---|---|---|"]  # fmt: skip
    text += [f"| {r['stage']} | {r['reason']} | {r['count']} | `{r['example']}` | {r['detail'].replace('|', '/')} |"
             for r in numbers.get("reasons", [])]  # fmt: skip
    text += ["", "## Plots", ""]
    text += [f"![{png.stem}]({png.name})" for png in pngs]
    return "\n".join(text) + "\n"


def report_lines(numbers: dict[str, Any]) -> list[str]:
    lines = [f"kernels extracted: {numbers['kernels']}   tasks: {numbers['tasks']}"]
    lines.append("categories: " + ", ".join(f"{k} {v}" for k, v in numbers["categories"].items()))
    lines.append("languages: " + ", ".join(f"{k} {v}" for k, v in numbers["languages"].items()))
    lengths = numbers["lengths"]
    lines.append(f"kernel lines: min {lengths['min']}, mean {lengths['mean']}, max {lengths['max']}")
    lines.append("features: " + ", ".join(f"{k} {v}" for k, v in numbers["features"].items()))
    lines.append(f"wrapped by: {_counts(numbers['wrapped_by'])}   cross-check: {_counts(numbers['cross_check'])}")
    lines.append(f"funnel of {numbers.get('project', '?')}:")
    for funnel in numbers["funnel"]:
        dropped = ", ".join(f"{k} {v}" for k, v in funnel["dropped"].items())
        lines.append(f"  {funnel['stage']:8} in {funnel['in']:4} out {funnel['out']:4}  {dropped}")
    if numbers.get("reasons"):
        lines.append(f"the {len(numbers['reasons'])} most common drop reasons, with an example each:")
    for reason in numbers.get("reasons", []):
        lines.append(f"  {reason['count']:4}  {reason['stage']}/{reason['reason']}  e.g. {reason['example']}")
        if reason["detail"]:
            lines.append(f"        {reason['detail']}")
    return lines


def yield_lines(numbers_by_repo: list[dict[str, Any]]) -> list[str]:
    """Several runs side by side: per repository, kernels -> after filter -> wrapped -> tasks, and the categories."""
    lines = ["repository            kernels  filtered  wrapped  tasks  categories"]
    for numbers in numbers_by_repo:
        outs = {f["stage"]: f["out"] for f in numbers["funnel"]}
        lines.append(
            f"{numbers.get('project', '?'):20}  {numbers['kernels']:7}  {outs.get('filter', 0):8}  "
            f"{outs.get('wrap', 0):7}  {numbers['tasks']:5}  {_counts(numbers['categories'])}"
        )
    return lines
