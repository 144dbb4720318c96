"""Rank files of a benchmarking job, built as Ianvs's storymanager builds them.

docs/ianvs.md §6: `<workspace>/<job>/rank/all_rank.csv` has the columns `rank, algorithm,
<metrics>, paradigm, <module types>, <type-hyperparameter>..., time, url`, accumulates across runs of the
same job (the old file is read back and concatenated), and is sorted by `sort_by`; `selected_rank.csv`
keeps the selected columns and drops rows identical on all of them but time and url. Hyperparameter
cells hold `str(value)`. Our metric columns follow the testenv's order (Ianvs's come from a set, so
readers must go by column name either way).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from prettytable import from_csv

from hip_coding.ianvs.algorithm import Algorithm

ALL_RANK = "all_rank.csv"
SELECTED_RANK = "selected_rank.csv"


@dataclass(frozen=True)
class RankedCase:
    """A finished test case: its algorithm, hyperparameters per module type, metric values, time and url."""

    algorithm: Algorithm
    hyperparameters: dict[str, dict[str, Any]]
    metrics: dict[str, Any]
    time: str
    url: str

    def row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"algorithm": self.algorithm.name, "paradigm": self.algorithm.paradigm_type}
        row.update(self.metrics)
        row.update({kind: module.name for kind, module in self.algorithm.modules.items()})
        for kind, values in self.hyperparameters.items():
            row.update({f"{kind}-{name}": str(value) for name, value in values.items()})
        row.update(time=self.time, url=self.url)
        return row


def _union(lists: list[list[str]]) -> list[str]:
    seen: list[str] = []
    for names in lists:
        seen += [name for name in names if name not in seen]
    return seen


class Rank:
    """The `rank:` block of a job: sort_by, selected_dataitem, save_mode, visualization."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.sort_by: list[dict[str, str]] = list(config.get("sort_by") or [])
        self.visualization: dict[str, str] = dict(
            config.get("visualization") or {"mode": "selected_only", "method": "print_table"}
        )
        self.selected: dict[str, list[str]] = {
            "paradigms": ["all"],
            "modules": ["all"],
            "hyperparameters": ["all"],
            "metrics": ["all"],
            **(config.get("selected_dataitem") or {}),
        }
        self.save_mode: str = str(config.get("save_mode") or "selected_and_all")
        self.all_rank_file: Path | None = None
        self.selected_rank_file: Path | None = None

    def _sorted(self, frame: pd.DataFrame, metric_names: list[str]) -> pd.DataFrame:
        keys = [(next(iter(item)), next(iter(item.values()))) for item in self.sort_by if item]
        keys = [(name, order) for name, order in keys if name in metric_names]
        if not keys:
            return frame
        return frame.sort_values(by=[k for k, _ in keys], ascending=[order == "ascend" for _, order in keys])

    def save(self, cases: list[RankedCase], output_dir: str) -> None:
        metric_names = _union([list(c.metrics) for c in cases])
        module_types = _union([list(c.algorithm.modules) for c in cases])
        hp_names = _union([[f"{k}-{n}" for k, v in c.hyperparameters.items() for n in v] for c in cases])
        header = ["algorithm", *metric_names, "paradigm", *module_types, *hp_names, "time", "url"]
        rank_dir = Path(output_dir) / "rank"
        rank_dir.mkdir(parents=True, exist_ok=True)
        self.all_rank_file, self.selected_rank_file = rank_dir / ALL_RANK, rank_dir / SELECTED_RANK

        frame = pd.DataFrame([c.row() for c in cases], columns=header)
        if self.all_rank_file.is_file():  # all_rank accumulates across runs of the same job
            frame = pd.concat([pd.read_csv(self.all_rank_file, index_col=0), frame])
        frame = self._sorted(frame, metric_names)

        if self.save_mode in ("selected_and_all", "selected_and_all_and_picture"):
            everything = copy.deepcopy(frame)
            everything.index = range(1, len(everything) + 1)
            everything.to_csv(self.all_rank_file, index_label="rank", encoding="utf-8")

        def pick(key: str, default: list[str]) -> list[str]:
            chosen = self.selected.get(key) or ["all"]
            return default if chosen == ["all"] else list(chosen)

        selected_header = [
            "algorithm",
            *pick("metrics", metric_names),
            "paradigm",
            *pick("modules", module_types),
            *pick("hyperparameters", hp_names),
            "time",
            "url",
        ]
        selected = pd.DataFrame(copy.deepcopy(frame), columns=selected_header).drop_duplicates(selected_header[:-2])
        paradigms = self.selected.get("paradigms") or ["all"]
        if paradigms != ["all"]:
            selected = selected.loc[selected["paradigm"].isin(paradigms)]
        selected.index = range(1, len(selected) + 1)
        selected.to_csv(self.selected_rank_file, index_label="rank", encoding="utf-8")

    def table(self) -> str:
        """The selected rank as Ianvs prints it (prettytable of selected_rank.csv), or "" when not configured."""
        if self.selected_rank_file is None or self.visualization.get("mode") != "selected_only":
            return ""
        if self.visualization.get("method") != "print_table":
            return ""
        with self.selected_rank_file.open(encoding="utf-8") as handle:
            return str(from_csv(handle, delimiter=","))
