"""Stage 5, review: a human looks at each candidate and accepts, edits or rejects it, in the terminal.

For each candidate of `testgen.jsonl` not yet decided, the reviewer sees the original kernel (file, lines), the
generated program, the tests, the result of the reference run and, when a model assisted, its drafted summary
(accepting confirms it) and the verdict of its independent CPU reference, then answers:
`a` accept, `e` edit (type a new one-line summary for the prompts; empty keeps the shown one), `r` reject
(with a note), `s` skip (decide later), `q` quit. Every decision is appended at once to `review.jsonl` with who
(`--reviewer`, else $USER) and when (UTC), so a review can stop at any point and resume where it stopped. It
reads plain lines from its input, so a script (or a test) can drive it by piping answers to stdin.
"""

from __future__ import annotations

import datetime
import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import yaml

from hip_coding.curation.funnel import Funnel, Progress, read_jsonl, stage_input

CHOICES = {"a": "accept", "e": "edit", "r": "reject", "s": "skip", "q": "quit"}
MAX_SHOWN_LINES = 80


def reviewer_name(given: str | None) -> str:
    if given:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _clip(text: str) -> str:
    lines = text.rstrip().splitlines()
    if len(lines) <= MAX_SHOWN_LINES:
        return "\n".join(lines)
    return "\n".join(lines[:MAX_SHOWN_LINES] + [f"... ({len(lines) - MAX_SHOWN_LINES} more lines)"])


def render(candidate: dict[str, Any]) -> str:
    """What the reviewer sees for one candidate."""
    spec = yaml.safe_load(candidate["files"]["task.yaml"])
    source = spec.get("source", {})
    tests = ", ".join(f"{t['name']}({t['kind']})" for t in spec["tests"])
    negatives = candidate.get("negatives") or {}
    caught = ", ".join(f"{name}: {status}" for name, status in sorted(negatives.items())) or "not run"
    parts = [
        "=" * 100,
        f"candidate {candidate['id']}  ->  task {candidate['task_id']}",
        f"source: {source.get('project')}/{source.get('path')} lines {source.get('lines')}"
        f"  license {source.get('license') or '?'}  commit {str(source.get('commit') or '-')[:12]}",
        f"summary: {candidate.get('drafted_summary') or spec['doc']['summary']}",
        "-" * 40 + " program (reference solution) " + "-" * 30,
        *_model_note(candidate),
        _clip(candidate["files"]["reference.hip"]),
        "-" * 40 + " tests " + "-" * 53,
        tests,
        f"reference on cpu: {candidate['status']}   negatives: {caught}",
    ]
    if candidate.get("drafted_summary"):
        parts[3] += f"\n  (drafted by {candidate.get('drafted_by') or 'a model'}: accept or edit confirms it; "
        parts[3] += f"the rules' summary: {spec['doc']['summary']})"
    verdict = str(candidate.get("cross_check") or "")
    if verdict:
        shout = verdict.startswith("disagrees")
        parts.append(f"{'CROSS-CHECK' if shout else 'cross-check'} (a model's serial CPU reference): {verdict}")
    return "\n".join(parts)


def _model_note(candidate: dict[str, Any]) -> list[str]:
    """A warning line when a model wrote the host entry function (the oracle launches the kernel its way)."""
    if not candidate.get("wrapped_by"):
        return []
    return [f"NOTE: the host entry function was written by {candidate['wrapped_by']} "
            f"({candidate.get('model_tries')} tries); "
            "the oracle launches the kernel the same way: check the launch covers the whole problem"]  # fmt: skip


def run_review(
    out_dir: Path,
    reviewer: str | None = None,
    stdin: TextIO | None = None,
    write: Callable[[str], None] = print,
) -> Funnel:
    """Ask about each undecided candidate; stops at `q` or at the end of the input."""
    import sys

    source = stdin or sys.stdin
    who = reviewer_name(reviewer)
    progress = Progress(out_dir, "review")
    for candidate in progress.todo(stage_input(out_dir, "testgen")):
        write(render(candidate))
        answer = _ask(source, write, "[a]ccept [e]dit [r]eject [s]kip [q]uit > ", set(CHOICES))
        if answer in ("q", ""):
            break
        if answer == "s":
            continue
        decision: dict[str, Any] = {
            "id": candidate["id"],
            "task_id": candidate["task_id"],
            "decision": CHOICES[answer],
            "reviewer": who,
            "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        }
        if answer == "e":
            decision["summary"] = _ask(source, write, "new summary (one line, empty keeps it) > ", None)
        if answer == "r":
            decision["note"] = _ask(source, write, "why (one line) > ", None)
        progress.emit(decision)
    # Counted from the file, so a resumed review reports every decision so far.
    decisions = read_jsonl(progress.out_path)
    funnel = Funnel("review", items_in=len(decisions))
    funnel.items_out = sum(1 for d in decisions if d["decision"] != "reject")
    funnel.dropped["rejected"] = len(decisions) - funnel.items_out
    funnel.save(out_dir)
    return funnel


def _ask(source: TextIO, write: Callable[[str], None], prompt: str, allowed: set[str] | None) -> str:
    """One answer line; an empty string at the end of the input."""
    while True:
        write(prompt)
        line = source.readline()
        if not line:
            return ""
        answer = line.strip()
        if allowed is None:
            return answer
        if answer[:1].lower() in allowed:
            return answer[:1].lower()
        write(f"please answer one of {', '.join(sorted(allowed))}")
