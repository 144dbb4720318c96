"""JSONL files, read and written one way everywhere: samples, results, releases, curation stages, Ianvs data.

- `read_strict`: every value of a file that must be whole (a release, a samples file, a results file
  given to the report); the first bad line is an `InputError` naming the file and the line.
- `read_repairing`: a file this program appends to (results, generated samples) read back to resume; a
  torn last line (no newline: a crash mid-write) is cut off the file so that item is redone.
- `append_line`: one JSON line per `os.write` with O_APPEND, then fsync; never interleaved between
  threads and at worst torn by a crash.
- `write_lines` / `write_atomically`: whole-file replacement a crash or a parallel writer never leaves
  half done (caches, case files, curation stages).

The policy on a corrupt line *in the middle* of a file is the same for every reader: it is an
`InputError` naming the file and the line. Appends only ever tear the last line, so a bad complete line
means the file was edited or is not what the caller thinks it is; nothing is dropped or redone silently.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hip_coding.errors import InputError

log = logging.getLogger(__name__)
_APPEND_LOCK = threading.Lock()


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err}") from err


def _parse(path: Path, number: int, line: str, objects: bool) -> Any:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{number}: invalid JSON: {err.msg} (column {err.colno})") from err
    if objects and not isinstance(value, dict):
        raise InputError(f"{path}:{number}: expected a JSON object, got {type(value).__name__}")
    return value


def read_numbered(path: Path, *, blank_lines: str = "skip", objects: bool = True) -> list[tuple[int, Any]]:
    """(line number, value) of every line of `path`; `blank_lines` is "skip" or "error"."""
    found = []
    for number, line in enumerate(_text(path).splitlines(), start=1):
        if not line.strip():
            if blank_lines == "error":
                raise InputError(f"{path}:{number}: blank line (Ianvs cannot read blank lines)")
            continue
        found.append((number, _parse(path, number, line, objects)))
    return found


def read_strict(path: Path, *, blank_lines: str = "skip", objects: bool = True) -> list[Any]:
    """Every value of `path` (JSON objects unless `objects=False`); the first bad line is an InputError."""
    return [value for _, value in read_numbered(path, blank_lines=blank_lines, objects=objects)]


def read_repairing(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) of a file this program appends to; a torn last line is cut off the file.

    A missing file has no lines. A corrupt complete line is an InputError (see the module docstring).
    """
    if not path.exists():
        return []
    data = path.read_bytes()
    good = data.rfind(b"\n") + 1
    if good != len(data):
        log.warning("%s: dropping %d bytes of an interrupted write", path, len(data) - good)
        with path.open("r+b") as handle:
            handle.truncate(good)
    try:
        text = data[:good].decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from err
    return [
        (number, _parse(path, number, line, objects=True))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def append_line(path: Path, item: Any, *, sort_keys: bool = False) -> None:
    """Append `item` as one JSON line and fsync it."""
    line = (json.dumps(item, ensure_ascii=False, sort_keys=sort_keys) + "\n").encode("utf-8")
    with _APPEND_LOCK:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)


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


def write_lines(path: Path, items: Iterable[Any], *, sort_keys: bool = False) -> None:
    """Replace `path` with these values, one JSON line each, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, "".join(json.dumps(item, sort_keys=sort_keys) + "\n" for item in items))
