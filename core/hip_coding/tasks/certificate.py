"""The soundness certificate: a committed record of a full proof of every task, keyed by content hashes.

Proving a task sound (its reference passes HIP and CUDA three times in every declared mode, every
negative fails, nvcc and hipcc compile harness and reference) costs minutes of CPU per task, too much to
redo for every task in every CI run once there are hundreds. `hip-coding dataset check --all --certificate
FILE` writes the outcome of every check here, with the hash of each task folder and the hashes of
everything else that can change its verdicts (`relevant_globals`: the evaluator, compilers, translator and
the runtime as each of the task's declared checking modes sees it). CI then proves again only the tasks
whose entry is missing or stale, plus a fixed stratified sample of the certified ones (`sample`), so a
forged or rotted certificate is still caught (docs/tasks.md). An edit of race mode's runtime code makes only
the tasks that declare race mode stale.

The checks themselves are not run here (this package does not import the evaluator): the caller passes
the evaluator version and the checks' outcomes.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from hip_coding.errors import InputError
from hip_coding.execution import toolchains
from hip_coding.execution.backends.cpu import mode_fingerprint
from hip_coding.execution.options import Mode
from hip_coding.jsonl import write_atomically
from hip_coding.tasks.build import HARNESS_LIB, AuthoredTask
from hip_coding.tasks.schema import precision_of

FORMAT: Literal[2] = 2
#: How the certified proof ran; an entry made any other way does not certify.
PROOF = {"repeat_languages": ["hip", "cuda"], "vendor": True, "vendor_harness": True, "negatives": True}
_PACKAGE = Path(__file__).resolve().parent.parent
#: Python sources that decide what a task's programs are: the HIP->CUDA translator and the cpu backend's
#: source rewriter and its unsupported-construct check (the runtime is hashed per mode, `mode_fingerprint`).
_SOURCES = ("tasks/translate.py", "execution/rewriter.py", "execution/unsupported.py")

State = Literal["certified", "new", "changed", "stale"]


class CheckLike(Protocol):
    """What a certificate records of one check (selfcheck's `Check`)."""

    @property
    def task_id(self) -> str: ...
    @property
    def what(self) -> str: ...
    @property
    def ok(self) -> bool: ...
    @property
    def status(self) -> str: ...


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckEntry(_Strict):
    record: str  # "hip/<task id>" or "cuda/<task id>"
    what: str  # "reference", "negative:<name>", "vendor:<compiler>"
    ok: bool
    status: str


class TaskEntry(_Strict):
    folder: str  # sha256 of the task folder's files (`folder_hash`)
    env: str  # the key in `Certificate.envs` of the global hashes this proof ran under
    checks: tuple[CheckEntry, ...]


class Certificate(_Strict):
    format: Literal[2]
    proof: dict[str, object]
    envs: dict[str, dict[str, str]]  # key -> the `relevant_globals` of the entries naming that key
    tasks: dict[str, TaskEntry]


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_hash(folder: Path) -> str:
    """Content hash of every file under a task folder (names and bytes), so any edit makes it stale."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def current_globals(evaluator_version: str) -> dict[str, str]:
    """Everything outside the task folders that can change a verdict, as short strings to compare.

    `cpu:<mode>` is the runtime followed by the harness library as that checking mode compiles them
    (`mode_fingerprint`); `harness_lib` is the library as nvcc and hipcc see it (`vendor_view_hash`). A compiler that
    is missing shows as "-": a certificate written with nvcc and hipcc is then stale on that machine, and its
    tasks are proven again (without the vendor compiles, which that machine cannot do).
    """
    tools = {"g++": toolchains.gxx(), "nvcc": toolchains.nvcc(), "hipcc": toolchains.hipcc()}
    library = HARNESS_LIB.read_text(encoding="utf-8").replace("#pragma once\n", "")
    found = {
        "evaluator": evaluator_version,
        **{_mode_key(mode): mode_fingerprint(mode, library) for mode in _CHECKING_MODES},
        "harness_lib": vendor_view_hash(library),
        **{name: _sha256_file(_PACKAGE / name)[:16] for name in _SOURCES},
        **{name: tool.version if tool else "-" for name, tool in tools.items()},
    }
    return dict(sorted(found.items()))


@functools.cache
def vendor_view_hash(library: str) -> str:
    """A hash of the harness library as nvcc and hipcc compile it: preprocessed (its includes left out) for HIP
    on AMD and for CUDA, with none of the cpu runtime's macros defined, so an edit inside a `#if` only the cpu
    backend takes (`defined(CPURT_WARP_SIZE)`, `CPURT_ASAN`) leaves it unchanged; the cpu modes' hashes see it."""
    text = "".join(line for line in library.splitlines(keepends=True) if not line.lstrip().startswith("#include"))
    digest = hashlib.sha256()
    for platform in ("-D__HIP_PLATFORM_AMD__", "-D__CUDACC__"):
        digest.update(toolchains.preprocessed(["-std=c++20", platform], text, "the harness library").encode())
    return digest.hexdigest()[:16]


_CHECKING_MODES = (Mode.NORMAL, Mode.PERTURB, Mode.SANITIZE, Mode.RACE)


def _mode_key(mode: str) -> str:
    return f"cpu:{mode}"


def relevant_globals(modes: Iterable[str], globals_: dict[str, str]) -> dict[str, str]:
    """The global hashes a task's verdicts depend on: all but the runtime of the modes it does not declare."""
    ignored = {_mode_key(mode) for mode in _CHECKING_MODES} - {_mode_key(m) for m in (Mode.NORMAL, *modes)}
    return {name: value for name, value in globals_.items() if name not in ignored}


def _env_key(env: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(env, sort_keys=True).encode()).hexdigest()[:12]


def entry_for(task: AuthoredTask, checks: Iterable[CheckLike], env: str = "") -> TaskEntry:
    """The certificate entry of one task from the outcome of its checks, proven under the globals `env` names."""
    recorded = tuple(CheckEntry(record=c.task_id, what=c.what, ok=c.ok, status=c.status) for c in checks)
    return TaskEntry(folder=folder_hash(task.folder), env=env, checks=recorded)


def required_claims(task: AuthoredTask) -> set[tuple[str, str]]:
    """The (record, check) pairs a full proof of this task consists of."""
    spec = task.spec
    claims = {(f"{language}/{spec.id}", "reference") for language in ("hip", "cuda")}
    claims |= {(f"hip/{spec.id}", "vendor:hipcc"), (f"cuda/{spec.id}", "vendor:nvcc")}
    claims |= {(f"hip/{spec.id}", f"negative:{negative.name}") for negative in spec.negatives}
    return claims


def entry_problems(task: AuthoredTask, entry: TaskEntry) -> list[str]:
    """Why this entry does not certify its task: a recorded failure, or a claim the proof lacks."""
    problems = [
        f"{task.spec.id}: {c.record} {c.what} recorded as {c.status} (failed)" for c in entry.checks if not c.ok
    ]
    recorded = {(c.record, c.what) for c in entry.checks}
    problems += [f"{task.spec.id}: {r} {w} not recorded" for r, w in sorted(required_claims(task) - recorded)]
    return problems


def load(path: Path) -> Certificate:
    """Read and validate a certificate; a missing or malformed one is an InputError naming the problem."""
    if not path.is_file():
        raise InputError(f"{path}: no certificate; run `hip-coding dataset check --all --certificate {path}`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("format") != FORMAT:
            raise InputError(
                f"{path}: certificate format {data.get('format')!r}, this version reads {FORMAT}; "
                f"run `hip-coding dataset check --all --certificate {path}` to write it anew"
            )
        certificate = Certificate.model_validate(data)
    except (ValueError, ValidationError) as err:
        raise InputError(f"{path}: malformed certificate: {err}") from err
    if certificate.proof != PROOF:
        raise InputError(f"{path}: proof settings {certificate.proof} are not the full proof {PROOF}")
    return certificate


def empty() -> Certificate:
    return Certificate(format=FORMAT, proof=dict(PROOF), envs={}, tasks={})


def with_entry(
    certificate: Certificate, task: AuthoredTask, checks: Iterable[CheckLike], globals_: dict[str, str]
) -> Certificate:
    """A copy with one task's entry added or replaced: its checks, proven under `globals_` (this machine's)."""
    env = relevant_globals(task.spec.modes, globals_)
    key = _env_key(env)
    tasks = {**certificate.tasks, task.spec.id: entry_for(task, checks, key)}
    envs = {**certificate.envs, key: env}
    used = {entry.env for entry in tasks.values()}
    return certificate.model_copy(
        update={"tasks": dict(sorted(tasks.items())), "envs": {k: v for k, v in sorted(envs.items()) if k in used}}
    )


def dumps(certificate: Certificate) -> str:
    """The file text: sorted keys, one line per check, so a regenerated certificate diffs line by line."""
    data = certificate.model_dump(mode="json")
    head = {key: value for key, value in data.items() if key != "tasks"}
    lines = [json.dumps(head, indent=1, sort_keys=True)[:-2] + ',\n "tasks": {']
    for number, (task_id, entry) in enumerate(sorted(data["tasks"].items())):
        checks = ",\n".join(f"    {json.dumps(check, sort_keys=True)}" for check in entry["checks"])
        comma = "," if number < len(data["tasks"]) - 1 else ""
        head_fields = f'"folder": "{entry["folder"]}", "env": "{entry["env"]}"'
        lines.append(f'  {json.dumps(task_id)}: {{{head_fields}, "checks": [\n{checks}\n  ]}}{comma}')
    lines.append(" }\n}\n")
    return "\n".join(lines)


def save(certificate: Certificate, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, dumps(certificate))


def states(certificate: Certificate, tasks: list[AuthoredTask], globals_: dict[str, str]) -> dict[str, State]:
    """Per task: certified (entry current), new (no entry), changed (folder differs), stale (a global it depends
    on differs)."""
    found: dict[str, State] = {}
    for task in tasks:
        entry = certificate.tasks.get(task.spec.id)
        if entry is None:
            found[task.spec.id] = "new"
        elif entry.folder != folder_hash(task.folder):
            found[task.spec.id] = "changed"
        elif certificate.envs.get(entry.env) != relevant_globals(task.spec.modes, globals_):
            found[task.spec.id] = "stale"
        else:
            found[task.spec.id] = "certified"
    return found


def stale_globals(certificate: Certificate, globals_: dict[str, str]) -> list[str]:
    """The names of the global hashes some entry was proven under that differ from this machine's (for messages)."""
    names: set[str] = set()
    for env in certificate.envs.values():
        modes = [name.removeprefix("cpu:") for name in env if name.startswith("cpu:")]
        current = relevant_globals(modes, globals_)
        names |= {name for name in set(env) | set(current) if env.get(name) != current.get(name)}
    return sorted(names)


def sample(tasks: list[AuthoredTask]) -> set[str]:
    """A fixed stratified sample: one task per category (of its lowest level), then one per level and per
    precision still missing.

    Each pick is the stratum's task whose id hashes lowest. Fixed, so CI's cost is predictable and a failure
    reproduces; stratified, so each category, level and precision keeps being proven and a certificate that
    lies about a whole kind of task is caught; one per category, at its cheapest level, so CI's cost grows
    with the number of categories, not with the number of tasks or of multi-kernel ones.
    """

    def lowest(group: Iterable[AuthoredTask]) -> str:
        return min((t.spec.id for t in group), key=lambda i: hashlib.sha256(i.encode()).hexdigest())

    first_level: dict[str, int] = {}
    for task in tasks:
        first_level[task.spec.category] = min(task.spec.level, first_level.get(task.spec.category, task.spec.level))
    chosen = {lowest(t for t in tasks if (t.spec.category, t.spec.level) == (c, n)) for c, n in first_level.items()}
    strata: list[Callable[[AuthoredTask], object]] = [lambda t: t.spec.level, lambda t: precision_of(t.spec.tags)]
    for stratum in strata:
        covered = {stratum(t) for t in tasks if t.spec.id in chosen}
        for value in sorted({stratum(t) for t in tasks} - covered, key=str):
            chosen.add(lowest(t for t in tasks if stratum(t) == value))
    return chosen
