"""Golden data: what a trusted run of the reference recorded, stored once per (task, backend, mode) by content.

The store keeps each golden record as a small JSON file under the cache root, its want arrays as blobs
named by their SHA-256 (modes and the HIP/CUDA twins share them), the reference's program beside it, and
the last few records parsed in memory. Computing one is locked across processes, so parallel workers
never run the same reference twice. Only a golden run that ended normally is stored; one that crashed or
timed out is returned as is (its tests have no want data, so every candidate fails them) and tried again
next time.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hip_coding.evaluation import compare, protocol
from hip_coding.execution.runtime_cache import cache_root, file_lock
from hip_coding.execution.status import ExecResult, Status
from hip_coding.jsonl import write_atomically

#: Golden data of the last few (task, mode)s stays parsed in memory (a task's samples usually come together).
GOLDEN_MEMORY_ENTRIES = 4


@dataclass(frozen=True)
class Golden:
    """What the trusted run of the reference solution recorded for one (task, backend, mode)."""

    wants: dict[str, list[compare.Check]]  # per test, its checks with the harness's expected data
    reference: ExecResult  # how the reference's own run went (its got data judged like a candidate's)
    verdicts: tuple[protocol.TestVerdict, ...]
    seconds: float  # compile + run: what the timeouts derive from
    binary: Path | None = None  # the reference's program, reused when the same text is evaluated again

    @property
    def storable(self) -> bool:
        return self.reference.exit_code == 0 and bool(self.wants)

    def to_json(self, blobs: Path) -> str:
        """The stored form; want arrays go to `blobs` by content."""
        return json.dumps(
            {
                "wants": {name: [_store_check(c, blobs) for c in checks] for name, checks in self.wants.items()},
                "reference": self.reference.to_dict(),
                "verdicts": [{**v.to_dict(), "constant_reference": v.constant_reference} for v in self.verdicts],
                "seconds": self.seconds,
            }
        )

    @classmethod
    def from_json(cls, text: str, blobs: Path, binary: Path | None) -> Golden:
        data = json.loads(text)
        wants = {name: [_load_check(c, blobs) for c in checks] for name, checks in data["wants"].items()}
        ref = data["reference"]
        reference = ExecResult(
            Status(ref["status"]), ref["exit_code"], "", ref["stderr"], ref["wall_seconds"], ref["detail"]
        )
        verdicts = tuple(
            protocol.TestVerdict(
                str(v["name"]), str(v["kind"]), bool(v["ok"]), v["max_abs_err"], v["ms"], str(v["detail"]),
                bool(v["constant_reference"]),
            )
            for v in data["verdicts"]
        )  # fmt: skip
        return cls(wants, reference, verdicts, float(data["seconds"]), binary)


def _blob(blobs: Path, digest: str) -> Path:
    return blobs / digest[:2] / f"{digest}.bin"


def _store_check(check: compare.Check, blobs: Path) -> dict[str, object]:
    assert check.want is not None
    raw = check.want.tobytes()
    digest = hashlib.sha256(raw).hexdigest()
    path = _blob(blobs, digest)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, raw)
    return {
        "name": check.name,
        "rule": check.rule,
        "type": compare.type_code(check.got.dtype),
        "want_type": compare.type_code(check.want.dtype),
        "want_count": int(check.want.size),
        "want_sha256": digest,
    }


def _load_check(data: dict[str, Any], blobs: Path) -> compare.Check:
    digest = str(data["want_sha256"])
    raw = _blob(blobs, digest).read_bytes()
    if hashlib.sha256(raw).hexdigest() != digest:
        raise compare.DataError(f"golden data {digest} is damaged")
    want = compare.from_bytes(str(data["want_type"]), int(data["want_count"]), raw)
    got = compare.decode(data["type"], 0, "")
    return compare.Check(str(data["name"]), str(data["rule"]), got, want)


class GoldenStore:
    """Golden records by content address: memory, then disk, then `compute` (locked across processes)."""

    def __init__(self) -> None:
        self._memory: OrderedDict[str, Golden] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, compute: Callable[[Path], Golden]) -> Golden:
        """The golden record under `key`; `compute(binary_path)` makes it when none is stored."""
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        folder = cache_root() / "golden"
        target, blobs = folder / f"{key}.json", folder / "blobs"
        binary = target.with_suffix(".bin")
        golden = _load(target, blobs, binary)
        if golden is None:
            folder.mkdir(parents=True, exist_ok=True)
            with file_lock(target.with_suffix(".lock")):
                golden = _load(target, blobs, binary)
                if golden is None:
                    golden = compute(binary)
                    if golden.storable:
                        write_atomically(target, golden.to_json(blobs))
        with self._lock:
            self._memory[key] = golden
            while len(self._memory) > GOLDEN_MEMORY_ENTRIES:
                self._memory.popitem(last=False)
        return golden


def _load(target: Path, blobs: Path, binary: Path) -> Golden | None:
    try:
        return Golden.from_json(target.read_text(encoding="utf-8"), blobs, binary if binary.is_file() else None)
    except (OSError, ValueError, KeyError, TypeError, compare.DataError):
        return None


#: This process's store (each worker process or node has its own, over its own cache root).
GOLDEN_STORE = GoldenStore()
