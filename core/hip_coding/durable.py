"""Durable files: whole-line JSONL appends with fsync and cutting a torn tail (samples, results), and
whole-file replacement that a crash or a parallel writer never leaves half done (caches, case files).

One `os.write` per line with O_APPEND is never interleaved between threads and is at worst torn by a
crash; the readers cut such a tail off so the interrupted item is redone.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
_APPEND_LOCK = threading.Lock()


def append_json_line(path: Path, item: Any) -> None:
    """Append `item` as one JSON line and fsync it."""
    line = (json.dumps(item, ensure_ascii=False) + "\n").encode("utf-8")
    with _APPEND_LOCK:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)


def cut_torn_tail(path: Path, good: int, total: int) -> None:
    """Truncate `path` to its first `good` bytes when a crash left `total - good` bytes of a partial line."""
    if good != total:
        log.warning("%s: dropping %d bytes of an interrupted write", path, total - good)
        with path.open("r+b") as handle:
            handle.truncate(good)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace `path` with `content` in one step: readers see the old file or the new one, never a part.

    The temporary name is unique per process and thread, so parallel writers of the same path never share it.
    """
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    if isinstance(content, bytes):
        tmp.write_bytes(content)
    else:
        tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)
