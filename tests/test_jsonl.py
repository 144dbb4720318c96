"""hip_coding.jsonl: strict reads name the file and line, torn tails are cut, appends and rewrites are whole."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from hip_coding import jsonl
from hip_coding.errors import InputError


def test_strict_read_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text('{"a": 1}\n\n{"a": 2}\n')
    assert jsonl.read_strict(path) == [{"a": 1}, {"a": 2}]
    assert jsonl.read_numbered(path) == [(1, {"a": 1}), (3, {"a": 2})]
    with pytest.raises(InputError, match=r"data\.jsonl:2: blank line"):
        jsonl.read_strict(path, blank_lines="error")
    path.write_text('{"a": 1}\n[1, 2]\n')
    with pytest.raises(InputError, match=r"data\.jsonl:2: expected a JSON object, got list"):
        jsonl.read_strict(path)
    assert jsonl.read_strict(path, objects=False) == [{"a": 1}, [1, 2]]
    path.write_bytes(b'{"a": 1}\n{"a": \xff}\n')
    with pytest.raises(InputError, match=r"data\.jsonl: not UTF-8"):
        jsonl.read_strict(path)
    with pytest.raises(InputError, match=r"missing\.jsonl: cannot read"):
        jsonl.read_strict(tmp_path / "missing.jsonl")


def test_repairing_read_cuts_a_torn_tail_and_refuses_a_corrupt_middle(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    assert jsonl.read_repairing(path) == []
    path.write_text('{"a": 1}\n{"a": 2}\n{"a": ')
    assert jsonl.read_repairing(path) == [(1, {"a": 1}), (2, {"a": 2})]
    assert path.read_text() == '{"a": 1}\n{"a": 2}\n'  # the torn line is gone from the file too
    jsonl.append_line(path, {"a": 3})
    assert [item["a"] for _, item in jsonl.read_repairing(path)] == [1, 2, 3]
    path.write_text('{"a": 1}\nnot json\n{"a": 3}\n')
    with pytest.raises(InputError, match=r"results\.jsonl:2: invalid JSON"):
        jsonl.read_repairing(path)
    assert path.read_text().count("\n") == 3  # nothing dropped silently


def test_parallel_appends_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    text = "x" * 20000  # far more than one pipe buffer: each line must still be whole

    def write(worker: int) -> None:
        for index in range(20):
            jsonl.append_line(path, {"worker": worker, "index": index, "text": text})

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = jsonl.read_strict(path)
    assert sorted((line["worker"], line["index"]) for line in lines) == [(w, i) for w in range(4) for i in range(20)]


def test_whole_file_writes(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "stage.jsonl"
    jsonl.write_lines(path, [{"b": 1, "a": 2}], sort_keys=True)
    assert path.read_text() == json.dumps({"a": 2, "b": 1}) + "\n"
    jsonl.write_atomically(path, b"raw")
    assert path.read_bytes() == b"raw"
    assert [p.name for p in path.parent.iterdir()] == ["stage.jsonl"]  # no temporary file left behind
