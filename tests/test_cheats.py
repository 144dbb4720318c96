"""The cheat half of the fair-play corpus: solutions that must never pass, judged by the real `evaluate()`.

Each file in tests/fair_play/cheats/ names its task and trick on its first line (`// <task id>: <trick>`)
and, when a rule or the runtime stops it with a message, the text that message holds on the second
(`// expect: <text>`). The corpus runs once with the static check switched off, so every cheat meets
the runtime, the harness and the sandbox alone, in every mode its task declares; the static check's
own verdict on each file is checked separately (a refusal names its rule). docs/security.md,
"Runtime guards", says what stops which cheat.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from hip_coding.evaluation import judge
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.evaluate import evaluate
from hip_coding.evaluation.results import SampleResult
from hip_coding.evaluation.static_check import check_solution

ROOT = Path(__file__).resolve().parent.parent
CHEATS = Path(__file__).resolve().parent / "fair_play" / "cheats"
RELEASE = ROOT / "datasets" / "hip_coding" / "test_data" / "data.jsonl"
RUN_SECONDS = 30.0

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="evaluation drops to sandbox uids")


@dataclass(frozen=True)
class Cheat:
    name: str
    task: str
    trick: str
    expect: str  # text the messages must hold; "" when the cheat simply computes a wrong answer
    source: str


def _load(path: Path) -> Cheat:
    text = path.read_text(encoding="utf-8")
    first, second = (text.splitlines() + ["", ""])[:2]
    assert first.startswith("// ") and ": " in first, f"{path.name}: first line must be `// <task id>: <trick>`"
    task, trick = first[3:].split(": ", 1)
    expect = second[len("// expect: ") :] if second.startswith("// expect: ") else ""
    return Cheat(path.stem, task, trick, expect, text)


CORPUS = [_load(p) for p in sorted(CHEATS.iterdir()) if p.suffix in (".hip", ".cu")]


def test_the_corpus_is_large_and_speaks_both_languages():
    assert len(CORPUS) >= 30
    assert {c.task.split("/")[0] for c in CORPUS} == {"hip", "cuda"}
    for cheat in CORPUS:
        assert (cheat.task.startswith("cuda/")) == CHEATS.joinpath(cheat.name + ".cu").is_file(), cheat.name


@pytest.mark.parametrize("name", [c.name for c in CORPUS])
def test_a_static_refusal_names_its_rule(name):
    cheat = next(c for c in CORPUS if c.name == name)
    for violation in check_solution(cheat.source):
        assert violation.rule and violation.line > 0, violation


@pytest.fixture(scope="module")
def judged(tmp_path_factory) -> dict[str, SampleResult]:
    folder = tmp_path_factory.mktemp("cheats")
    tasks = {c.task for c in CORPUS}
    dataset = folder / "data.jsonl"
    lines = [ln for ln in RELEASE.read_text().splitlines() if json.loads(ln)["task_id"] in tasks]
    dataset.write_text("\n".join(lines) + "\n")
    samples = folder / "samples.jsonl"
    samples.write_text("".join(json.dumps({"task_id": c.task, "sample_id": c.name, "solution": c.source}) + "\n"
                               for c in CORPUS))  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(judge, "check_sample", lambda source, entry_point: (source, []))  # the runtime alone
        config = EvalConfig(timeout_seconds=RUN_SECONDS)  # a fixed run limit: the default is long under load
        done = evaluate(dataset, samples, folder / "results.jsonl", config, workers=2, use_cache=False,
                        progress=False)  # fmt: skip
    return {r.sample_id: r for r in done.results}


@pytest.mark.slow
@needs_root
@pytest.mark.parametrize("name", [c.name for c in CORPUS])
def test_the_cheat_does_not_pass(judged, name):
    cheat = next(c for c in CORPUS if c.name == name)
    result = judged[name]
    assert result.status.value != "passed", f"{name} ({cheat.trick}) passed"
    if cheat.expect:
        assert cheat.expect in result.messages, result.messages
