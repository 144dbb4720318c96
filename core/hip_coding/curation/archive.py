"""Stage 6, archive: accepted candidates become an authoring-layout dataset, its release, and the flat export.

`DIR/dataset/tasks/<category>/<slug>/` gets each task's folder; `tasks.build.build_release` then writes
`DIR/dataset/test_data/data.jsonl` etc. exactly as for the hand-written dataset, so `hip-coding dataset validate
--dir DIR/dataset` checks the result like any release. Provenance (project, path, commit, license, and
`source_date` for time-split decontamination) is the task's `source`. `DIR/flat.jsonl` holds the flat record of
the original design (task_id, source_project, original_file_path, kernel_signature, natural_language_prompt,
full_testable_code, tags) for tools that expect it.

The description behind the prompts is written by fixed rules from the signature and the facts extract found
(`describe`). A summary drafted by a model at testgen (curation.assist) replaces the rule-based one only once a
reviewer has accepted it; a reviewer's own summary (`edit`) replaces both. Unreviewed model text never reaches a
release.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from hip_coding.curation.categories import WORDING, classify
from hip_coding.curation.extract import Kernel
from hip_coding.curation.funnel import Funnel, Progress, read_jsonl, stage_input, write_jsonl
from hip_coding.errors import InputError
from hip_coding.tasks.build import build_release, load_task, records_for

if TYPE_CHECKING:
    from hip_coding.curation.wrap import WrapPlan


def category_of(kernel: Kernel) -> str:
    """The task's category, from the kernel's facts (curation.categories)."""
    return classify(kernel).name


def slug_of(kernel: Kernel) -> str:
    """`<project>_<kernel>` in lower snake case."""
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", f"{kernel.project}_{kernel.name}")
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def tags_of(kernel: Kernel, plan: WrapPlan) -> tuple[str, ...]:
    types = sorted({b.type for b in plan.buffers})
    tags = ["curated", *(t.replace(" ", "_") for t in types)]
    tags += [tag for flag, tag in (
        (kernel.shared_memory, "shared-memory"),
        (bool(kernel.atomics), "atomics"),
        (bool(kernel.warp_ops), "warp"),
        (bool(kernel.barriers), "barrier"),
        (bool(kernel.device_calls), "device-functions"),
        (plan.dims == 2, "2d"),
        (plan.dims == 3, "3d"),
        (any(b.symbol for b in plan.buffers), "constant-table"),
        (bool(plan.template_args), "template"),
    ) if flag]  # fmt: skip
    return tuple(tags)


def _noun(count: str, element: str) -> str:
    return f"{count} values of type {element}"


def describe(kernel: Kernel, plan: WrapPlan) -> dict[str, Any]:
    """The doc parts of a curated task, by fixed rules from the signature and the facts (no model)."""
    if plan.method == "model":
        sizes = [s.name for s in plan.scalars if s.kind == "size"]
        shapes = "; ".join(f"`{b.name}` holds at least {plan.length_of(b)} elements" for b in plan.buffers) + "."
        preconditions = [f"{name} >= 1" for name in sizes] + ["no buffers overlap"]
    else:
        extent = plan.length_of(plan.buffers[0])
        shapes = f"the data buffers hold at least {extent} elements; the work covers indices [0, {extent})"
        if any(s.kind == "pitch" for s in plan.scalars):
            shapes += f" (rows are {next(s.name for s in plan.scalars if s.kind == 'pitch')} elements apart)"
        tables = [f"`{b.name}` holds the {b.length} values of `{b.symbol}`" for b in plan.buffers if b.symbol]
        shapes = "; ".join([shapes, *tables]) + "."
        preconditions = [f"{extent} >= 1", "no buffers overlap"]
    reads = [b.name for b in plan.buffers if b.role in ("input", "inout")]
    writes = [b.name for b in plan.buffers if b.role != "input"]
    category = classify(kernel)
    kind = WORDING[category.name].split(":")[0]
    summary = (
        f"Reimplement the `{kernel.name}` kernel of {kernel.project} ({kernel.path}), {kind[0].lower()}{kind[1:]}: "
        f"from {', '.join(reads) or 'the scalars'} compute {', '.join(writes)}."
    )
    facts = []
    if kernel.shared_memory:
        facts.append("the original stages data in shared memory")
    if kernel.atomics:
        facts.append(f"it combines results with {', '.join(kernel.atomics)}")
    if kernel.warp_ops:
        facts.append(f"it uses warp operations ({', '.join(kernel.warp_ops)})")
    if kernel.device_calls:
        facts.append(f"it calls the device functions {', '.join(kernel.device_calls)}")
    details = f"{WORDING[category.name]} (the original {category.why}). Original signature: `{kernel.signature}`."
    if facts:
        details += " Facts about the original: " + "; ".join(facts) + "."
    params = []
    for name in plan.args:
        buffer = next((b for b in plan.buffers if b.name == name), None)
        scalar = next((s for s in plan.scalars if s.name == name), None)
        if buffer is not None and buffer.symbol:
            desc = (f"device pointer to the {buffer.type} values of the original's `{buffer.symbol}` table (a "
                    f"__constant__/__device__ variable its host fills); read only")  # fmt: skip
            params.append({"name": name, "desc": desc})
        elif buffer is not None:
            use = {"input": "read only", "output": "written", "inout": "read and written"}[buffer.role]
            params.append({"name": name, "desc": f"device pointer to {buffer.type} values; {use}"})
        elif scalar is not None and scalar.kind == "struct":
            fields = ", ".join(f"{field} ({number})" for field, number in scalar.fields)
            params.append({"name": name, "desc": f"struct {scalar.type} by value, with the fields {fields}"})
        elif scalar is not None:
            what = {"size": "a size (number of elements along its dimension)", "int": "an integer parameter",
                    "pitch": "the row pitch in elements (at least the width)", "float": "a scalar parameter",
                    "bool": "a flag"}[scalar.kind]  # fmt: skip
            params.append({"name": name, "desc": f"{scalar.type}: {what}"})
    params.append({"name": "stream", "desc": "the stream to launch on"})
    return {
        "summary": summary,
        "details": details,
        "params": params,
        "shapes": shapes,
        "preconditions": preconditions,
        "launch": _struct_contract(plan),
        "example": "",
    }


def _struct_contract(plan: WrapPlan) -> str:
    """The structs the entry function takes by value, spelled out: a solution must declare them the same way."""
    structs = [s for s in plan.scalars if s.kind == "struct"]
    if not structs:
        return ""
    spelled = [f"`struct {s.type} {{ " + " ".join(f"{number} {field};" for field, number in s.fields) + " };`"
               for s in structs]  # fmt: skip
    return f"Declare {' and '.join(spelled)} before the function, exactly so: the caller passes it by value."


def _flat(record: Any, kernel: Kernel) -> dict[str, Any]:
    return {
        "task_id": record.task_id,
        "source_project": kernel.project,
        "original_file_path": kernel.path,
        "kernel_signature": kernel.signature,
        "natural_language_prompt": record.question.instruct_prompt,
        "full_testable_code": record.answer.reference_solution + "\n// ---- harness ----\n" + record.answer.harness,
        "tags": record.meta.tags,
    }


def _decisions(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The latest review decision per candidate id (review.jsonl may be absent: nothing reviewed yet)."""
    return {str(d["id"]): d for d in read_jsonl(out_dir / "review.jsonl")}


def confirmed_summary(candidate: dict[str, Any], decision: dict[str, Any] | None) -> str:
    """The summary a reviewer stood behind: their own, else the model's draft they accepted ("" = the rules')."""
    if not decision or decision.get("decision") not in ("accept", "edit"):
        return ""
    return str(decision.get("summary") or candidate.get("drafted_summary") or "")


def run_archive(out_dir: Path, require_review: bool = False) -> Funnel:
    """`testgen.jsonl` (+ review decisions) -> `DIR/dataset` (tasks + release), `archive.jsonl`, `flat.jsonl`."""
    candidates = stage_input(out_dir, "testgen")
    decisions = _decisions(out_dir)
    progress = Progress(out_dir, "archive", fresh=True)
    dataset = out_dir / "dataset"
    tasks_dir = dataset / "tasks"
    if tasks_dir.is_dir():
        shutil.rmtree(tasks_dir)  # archive is redone whole: a task rejected since the last run must go
    wrapped = {str(item["id"]): Kernel.from_dict(item["kernel"]) for item in read_jsonl(out_dir / "wrap.jsonl")}
    kernels: dict[str, Kernel] = {}
    for item in candidates:
        decision = decisions.get(str(item["id"]))
        verdict = decision["decision"] if decision else ""
        if verdict == "reject":
            progress.drop(str(item["id"]), "rejected_at_review", str(decision.get("note", "") if decision else ""))
            continue
        if not verdict and require_review:
            progress.drop(str(item["id"]), "not_reviewed")
            continue
        files = dict(item["files"])
        summary = confirmed_summary(item, decision)
        if summary:
            spec = yaml.safe_load(files["task.yaml"])
            spec["doc"]["summary"] = summary
            files["task.yaml"] = yaml.safe_dump(spec, sort_keys=False, width=100, allow_unicode=True)
        folder = tasks_dir / item["task_id"]
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        kernels[item["task_id"]] = wrapped[str(item["id"])]
        progress.emit({"id": item["id"], "task_id": item["task_id"], "reviewed": verdict or "no"})
    tasks_dir.mkdir(parents=True, exist_ok=True)
    build_release(dataset)
    flat = []
    for folder in sorted(p.parent for p in tasks_dir.glob("*/*/task.yaml")):
        task = load_task(folder)
        for record in records_for(task):
            flat.append(_flat(record, kernels[task.spec.id]))
    write_jsonl(out_dir / "flat.jsonl", flat)
    return progress.finish()


def _origin(folder: Path) -> tuple[str, str, str] | None:
    """(project, path, kernel) of a curated task folder; None for a task written here (`source: original`)."""
    spec = yaml.safe_load((folder / "task.yaml").read_text(encoding="utf-8"))
    source = spec.get("source") if isinstance(spec, dict) else None
    if not isinstance(source, dict):
        return None
    return str(source.get("project", "")), str(source.get("path", "")), str(source.get("kernel", ""))


def archive_into(out_dir: Path, tasks_dir: Path) -> list[str]:
    """Copy the archived tasks of `out_dir` into a dataset's task folders (`tasks_dir/<category>/<slug>/`).

    `hip-coding dataset build` then puts them in that dataset's release with their provenance, license and
    `source_date`. A folder that already holds a task written here, or a task curated from another kernel, is
    never overwritten: the whole copy is refused first (InputError). The same kernel curated again is replaced.
    Returns the task ids copied."""
    archived = out_dir / "dataset" / "tasks"
    folders = sorted(p.parent for p in archived.glob("*/*/task.yaml"))
    if not tasks_dir.is_dir():
        raise InputError(f"{tasks_dir}: no such task folder (give a dataset's tasks/ directory)")
    conflicts = []
    for folder in folders:
        target = tasks_dir / folder.relative_to(archived)
        if (target / "task.yaml").is_file() and _origin(target) != _origin(folder):
            conflicts.append(f"{target}: holds another task ({_origin(target) or 'written here'})")
    if conflicts:
        raise InputError("not copied, these folders are taken:\n" + "\n".join(conflicts))
    copied = []
    for folder in folders:
        target = tasks_dir / folder.relative_to(archived)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(folder, target)
        copied.append(folder.relative_to(archived).as_posix())
    return copied
