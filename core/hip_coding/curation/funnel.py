"""What every curation stage shares: its JSONL files, resuming, and the funnel it reports.

A stage writes `DIR/<stage>.jsonl` (the items that came out), `DIR/<stage>.dropped.jsonl` (one line per dropped
item: `{"id", "reason", "detail"}`) and `DIR/<stage>.funnel.json` (counts). Resuming means: an item whose id is
already in either JSONL file is not processed again, so an interrupted stage continues where it stopped.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hip_coding import jsonl
from hip_coding.errors import InputError


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every object of a JSONL file; a bad line is an InputError naming the file and line."""
    if not path.is_file():
        return []
    return [item for _, item in jsonl.read_repairing(path)]


def write_jsonl(path: Path, items: Iterable[dict[str, Any]]) -> None:
    """Replace `path` with these objects, one per line (atomically)."""
    jsonl.write_lines(path, items, sort_keys=True)


def append_jsonl(path: Path, item: dict[str, Any]) -> None:
    """Add one object, fsync'ed: a crash loses at most the item in progress (a torn line, cut on reading)."""
    jsonl.append_line(path, item, sort_keys=True)


def stage_input(out_dir: Path, previous: str) -> list[dict[str, Any]]:
    """The items the previous stage produced; an InputError says which stage to run first."""
    path = out_dir / f"{previous}.jsonl"
    if not path.is_file():
        raise InputError(f"{path}: missing (run `hip-coding curate {previous}` first)")
    return read_jsonl(path)


@dataclass
class Funnel:
    """How many items a stage took in, let out, and dropped, by reason."""

    stage: str
    items_in: int = 0
    items_out: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    kept_apart: Counter[str] = field(default_factory=Counter)  # neither out nor dropped (e.g. templates)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "in": self.items_in,
            "out": self.items_out,
            "dropped": dict(sorted(self.dropped.items())),
            "kept_apart": dict(sorted(self.kept_apart.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Funnel:
        return cls(
            stage=str(data["stage"]),
            items_in=int(data["in"]),
            items_out=int(data["out"]),
            dropped=Counter({str(k): int(v) for k, v in data.get("dropped", {}).items()}),
            kept_apart=Counter({str(k): int(v) for k, v in data.get("kept_apart", {}).items()}),
        )

    def lines(self) -> list[str]:
        """The funnel as the CLI prints it."""
        out = [f"{self.stage}: in {self.items_in}, out {self.items_out}, dropped {sum(self.dropped.values())}"]
        out += [f"  dropped  {reason}: {count}" for reason, count in sorted(self.dropped.items())]
        out += [f"  kept apart  {reason}: {count}" for reason, count in sorted(self.kept_apart.items())]
        return out

    def save(self, out_dir: Path) -> None:
        (out_dir / f"{self.stage}.funnel.json").write_text(json.dumps(self.to_dict(), indent=2) + "\n")


def load_funnels(out_dir: Path) -> list[Funnel]:
    """The funnels saved in `out_dir`, in stage order."""
    from hip_coding.curation import STAGES

    funnels = []
    for stage in STAGES:
        path = out_dir / f"{stage}.funnel.json"
        if path.is_file():
            funnels.append(Funnel.from_dict(json.loads(path.read_text(encoding="utf-8"))))
    return funnels


class Progress:
    """A resumable stage's bookkeeping: which ids are done, and the funnel over old and new items."""

    def __init__(self, out_dir: Path, stage: str, fresh: bool = False) -> None:
        self.out_dir = out_dir
        self.stage = stage
        self.out_path = out_dir / f"{stage}.jsonl"
        self.drop_path = out_dir / f"{stage}.dropped.jsonl"
        out_dir.mkdir(parents=True, exist_ok=True)
        if fresh:
            for path in (self.out_path, self.drop_path):
                path.unlink(missing_ok=True)
        self.funnel = Funnel(stage)
        self.done: set[str] = set()
        for item in read_jsonl(self.out_path):
            self.done.add(str(item["id"]))
            self.funnel.items_out += 1
        for item in read_jsonl(self.drop_path):
            self.done.add(str(item["id"]))
            self._count_drop(str(item["reason"]), bool(item.get("kept_apart")))
        self.funnel.items_in = len(self.done)

    def _count_drop(self, reason: str, kept_apart: bool) -> None:
        (self.funnel.kept_apart if kept_apart else self.funnel.dropped)[reason] += 1

    def todo(self, items: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """The items not yet processed."""
        for item in items:
            if str(item["id"]) not in self.done:
                yield item

    def emit(self, item: dict[str, Any]) -> None:
        append_jsonl(self.out_path, item)
        self.done.add(str(item["id"]))
        self.funnel.items_in += 1
        self.funnel.items_out += 1

    def drop(self, item_id: str, reason: str, detail: str = "", kept_apart: bool = False) -> None:
        entry: dict[str, Any] = {"id": item_id, "reason": reason, "detail": detail[:4000]}
        if kept_apart:
            entry["kept_apart"] = True
        append_jsonl(self.drop_path, entry)
        self.done.add(item_id)
        self.funnel.items_in += 1
        self._count_drop(reason, kept_apart)

    def finish(self) -> Funnel:
        self.funnel.save(self.out_dir)
        return self.funnel
