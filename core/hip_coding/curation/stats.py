"""Stage 7, stats: counts and plots of a curation run (categories, kernel lengths, features, the funnel).

Reads what the stages left in the output folder and writes `stats.json` and four PNG files (matplotlib with the
Agg backend: no display needed) under `DIR/stats/`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from hip_coding.curation.funnel import load_funnels, read_jsonl

FEATURES = ("shared_memory", "atomics", "warp_ops", "barriers", "template_params", "device_calls", "via_macro")


def collect(out_dir: Path) -> dict[str, Any]:
    """The numbers behind the report."""
    kernels = read_jsonl(out_dir / "extract.jsonl")
    archived = read_jsonl(out_dir / "archive.jsonl")
    candidates = read_jsonl(out_dir / "testgen.jsonl")
    tasks = archived or candidates
    categories = Counter(str(t["task_id"]).split("/")[0] for t in tasks)
    lengths = [int(k["end_line"]) - int(k["start_line"]) + 1 for k in kernels]
    features = {name: sum(1 for k in kernels if k.get(name)) for name in FEATURES}
    languages = Counter(str(k["language"]) for k in kernels)
    return {
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
        "funnel": [f.to_dict() for f in load_funnels(out_dir)],
    }


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
    return shown, pngs


def report_lines(numbers: dict[str, Any]) -> list[str]:
    lines = [f"kernels extracted: {numbers['kernels']}   tasks: {numbers['tasks']}"]
    lines.append("categories: " + ", ".join(f"{k} {v}" for k, v in numbers["categories"].items()))
    lines.append("languages: " + ", ".join(f"{k} {v}" for k, v in numbers["languages"].items()))
    lengths = numbers["lengths"]
    lines.append(f"kernel lines: min {lengths['min']}, mean {lengths['mean']}, max {lengths['max']}")
    lines.append("features: " + ", ".join(f"{k} {v}" for k, v in numbers["features"].items()))
    for funnel in numbers["funnel"]:
        dropped = ", ".join(f"{k} {v}" for k, v in funnel["dropped"].items())
        lines.append(f"  {funnel['stage']:8} in {funnel['in']:4} out {funnel['out']:4}  {dropped}")
    return lines
