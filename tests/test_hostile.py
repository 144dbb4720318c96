"""Hostile samples: real saxpy solutions that attack the evaluator, judged by the real `evaluate()`.

Each attack in tests/hostile/ gets an exact status with every layer on and, when the static check
stops it, a second exact status with the static check switched off (the sandbox and the harness
alone). Both batches run in one `evaluate()` call each, beside a correct control sample that must
still pass; afterwards the tests look for what must not have happened: a secret in the results, a
file outside the sandbox, a connection to the test's port, a process left behind. Known holes would be
strict xfails (docs/security.md lists them).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from hip_coding.evaluation import build, judge
from hip_coding.evaluation.build import harness_object
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.evaluate import evaluate
from hip_coding.evaluation.judge import evaluate_solution
from hip_coding.evaluation.results import SampleResult
from hip_coding.evaluation.static_check import check_solution
from hip_coding.execution import sandbox
from hip_coding.execution.options import Mode
from hip_coding.execution.sandbox import Limits, sandbox_root
from hip_coding.tasks.release import load_records

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
RELEASE = ROOT / "datasets" / "hip_coding" / "test_data" / "data.jsonl"
HIP_TASK, CUDA_TASK = "hip/elementwise/saxpy", "cuda/elementwise/saxpy"
SECRET_ENV = "HIPCODING_HOSTILE_SECRET"
#: Wall-clock limit of one run (the evaluator's own default derives it from the reference's time).
RUN_SECONDS = 15.0

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="the containment proven here (uid drop, namespaces) needs root"
)


#: The runtime guards' messages (docs/security.md, "Runtime guards").
HOST_FAULT = "host code read device memory"
COPIED_BACK = "copied device memory to the host"

#: A write outside the sandbox's directory: read-only root, or a private empty /tmp (the repository may live there).
READ_ONLY = "Read-only file system|No such file or directory"


@dataclass(frozen=True)
class Attack:
    """One hostile sample and what it must get."""

    name: str  # file in tests/hostile/ (.hip for the HIP task, .cu for the CUDA twin)
    status: str  # with every layer on
    bypassed: str | None = None  # with the static check off; None when the static check does not stop it
    evidence: str = ""  # text the messages must hold: the attack ran, or why it was stopped ("a|b": either)
    bypassed_evidence: str = ""

    @property
    def task(self) -> str:
        return CUDA_TASK if self.name.startswith("cuda_") else HIP_TASK

    @property
    def path(self) -> Path:
        return HOSTILE / (self.name + (".cu" if self.task == CUDA_TASK else ".hip"))


ATTACKS = [
    Attack("fork_bomb", "rejected", "timeout", "`fork`"),
    Attack("fork_bomb_unlisted", "timeout"),
    Attack("endless_kernel", "timeout", evidence="time limit"),
    Attack("cuda_endless_kernel", "timeout", evidence="time limit"),
    Attack("sleep_host", "timeout", evidence="wall-clock"),
    Attack("stdin_read", "failed", evidence="stdin gave 0 bytes"),
    Attack("stdin_read_banned", "rejected", "failed", "`fgets`", "stdin gave 0 lines"),
    Attack("alloc_100gb", "runtime_error", evidence="bad_alloc"),
    Attack("output_1gb", "runtime_error", evidence="output size limit exceeded"),
    Attack("escape_write", "rejected", "failed", "`fopen`", READ_ONLY),
    Attack("escape_mkstemp", "failed", evidence=READ_ONLY),
    Attack("env_secret", "rejected", "failed", "`getenv`", "SECRET=(none)"),
    Attack("env_walk", "failed", evidence="ENV PATH="),
    Attack("network", "rejected", "failed", "`socket`", "connect: Network is unreachable"),
    Attack("kill_parent", "rejected", "runtime_error", "`kill`", "SIGKILL"),
    Attack("sigqueue_parent", "failed", evidence="sigqueue(1, SIGKILL) = -1"),
    Attack("close_stdout", "failed", evidence="expected"),
    Attack("close_all_fds", "rejected", "failed", "`close`"),
    Attack("fake_line_guessed", "failed", evidence="expected"),
    Attack("fake_line_cmdline", "rejected", "failed", "`fopen`", "nonce guess ''"),
    Attack("fake_line_invocation_name", "failed", evidence="nonce guess ''"),
    Attack("cuda_fake_line_exit", "failed", evidence="no result line"),
    Attack("exit_early", "failed"),  # `exit` is allowed (error checks call it); leaving early fails the sample
    Attack("exit_early_pointer", "failed"),
    Attack("write_readonly_input", "failed", evidence="modified the read-only input x"),
    Attack("partial_output", "failed", evidence="expected"),
    Attack("input_as_output", "failed", evidence="expected"),
    Attack("host_thread_after_return", "failed", evidence="expected"),
    Attack("detached_stream", "timeout"),
    Attack("static_constructor", "rejected", "failed", "load-time code", "several result lines"),
    Attack("static_constructor_object", "failed", evidence="several result lines"),
    Attack("asm_syscall", "rejected", "unsupported", "inline assembly", "cannot run on the CPU"),
    Attack("include_host_file", "rejected", "compile_error", "forbidden include"),
    Attack("include_host_file_macro", "rejected", "compile_error", "forbidden include"),
    Attack("line_directive_leak", "rejected", "compile_error", "`#line`"),
    Attack("giant_stack_array", "runtime_error", evidence="stack overflow"),
    Attack("raise_limits", "runtime_error", evidence="output size limit exceeded"),
    Attack("signal_handlers", "timeout", evidence="wall-clock"),
    Attack("escape_world_writable", "failed"),
    Attack("heap_nonce_theft", "failed", evidence="carries no checks"),
    Attack("host_computes_on_device_memory", "runtime_error", evidence=HOST_FAULT),
    Attack("host_reads_managed", "runtime_error", evidence=HOST_FAULT),
    Attack("host_copies_back_numeric", "failed", evidence=COPIED_BACK),
    Attack("host_copies_back_default", "failed", evidence=COPIED_BACK),
    Attack("cuda_host_copies_back", "failed", evidence=COPIED_BACK),
]
BY_NAME = {a.name: a for a in ATTACKS}
#: Attacks that currently succeed; each would have a strict xfail below that names the hole.
KNOWN_HOLES: set[str] = set()


@dataclass
class Arena:
    """What the attacks aim at, and the means to see whether they hit."""

    secret: str
    escape_dir: Path  # world-writable, under /tmp
    open_dir: Path  # world-writable, outside every private mount
    secret_file: Path  # root-only, outside /tmp
    file_secret: str
    port: int
    connections: list[bytes]
    uids: set[int]  # sandbox uids our runs used
    dataset: Path
    placeholders: dict[str, str]

    def source(self, attack: Attack) -> str:
        text = attack.path.read_text(encoding="utf-8")
        for key, value in self.placeholders.items():
            text = text.replace(f"@{key}@", value)
        assert "@" not in text.replace("@@", ""), f"{attack.name}: unfilled placeholder"
        return text

    def escaped_files(self) -> list[Path]:
        found = [*self.escape_dir.iterdir(), *self.open_dir.iterdir()]
        found += [p for p in Path.cwd().glob(f"escaped-*{os.getpid()}*")]
        found += [p for p in Path("/var/tmp").glob(f"escaped-*{os.getpid()}*")]
        return found


def _listen() -> tuple[socket.socket, list[bytes]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    connections: list[bytes] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return  # closed at teardown
            connections.append(conn.recv(64) or b"(connected)")
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    return server, connections


@pytest.fixture(scope="module")
def arena(tmp_path_factory) -> Iterator[Arena]:
    dataset = tmp_path_factory.mktemp("dataset") / "data.jsonl"
    lines = [ln for ln in RELEASE.read_text().splitlines() if json.loads(ln)["task_id"] in (HIP_TASK, CUDA_TASK)]
    dataset.write_text("\n".join(lines) + "\n")
    escape_dir = tmp_path_factory.mktemp("escape")
    escape_dir.chmod(0o777)
    outside = sandbox_root().parent
    open_dir = outside / f"hostile-open-{os.getpid()}"
    open_dir.mkdir(mode=0o777, exist_ok=True)
    open_dir.chmod(0o777)
    file_secret = "FILESECRET" + secrets.token_hex(8)
    secret_file = outside / f"hostile-secret-{os.getpid()}"
    secret_file.write_text(file_secret + " is not for samples\n")
    secret_file.chmod(0o600)
    secret = "ENVSECRET" + secrets.token_hex(8)
    os.environ[SECRET_ENV] = secret
    server, connections = _listen()
    placeholders = {
        "ESCAPE_DIR": str(escape_dir),
        "OPEN_DIR": str(open_dir),
        "CWD": str(Path.cwd()),
        "PID": str(os.getpid()),
        "PGID": str(os.getpgid(0)),
        "SECRET_ENV": SECRET_ENV,
        "SECRET_FILE": str(secret_file),
        "PORT": str(server.getsockname()[1]),
    }
    try:
        yield Arena(secret, escape_dir, open_dir, secret_file, file_secret, server.getsockname()[1], connections,
                    set(), dataset, placeholders)  # fmt: skip
    finally:
        server.close()
        os.environ.pop(SECRET_ENV, None)
        secret_file.unlink(missing_ok=True)
        for leftover in [*open_dir.iterdir(), *Path.cwd().glob(f"escaped-*{os.getpid()}*")]:
            leftover.unlink()
        open_dir.rmdir()


def _reference(arena: Arena, task: str) -> str:
    return next(r for r in load_records(arena.dataset) if r.task_id == task).answer.reference_solution


def _evaluate_batch(arena: Arena, attacks: list[Attack], out: Path, *, static_check: bool) -> dict[str, SampleResult]:
    """All `attacks` plus a correct control sample, in one parallel `evaluate()` call."""
    rows = [{"task_id": a.task, "sample_id": a.name, "solution": arena.source(a)} for a in attacks]
    rows.append({"task_id": HIP_TASK, "sample_id": "control", "solution": _reference(arena, HIP_TASK)})
    samples = out.with_suffix(".samples.jsonl")
    samples.write_text("".join(json.dumps(r) + "\n" for r in rows))
    claim = sandbox._claimed_uid

    @contextmanager
    def recorded_claim() -> Iterator[int]:
        with claim() as uid:
            arena.uids.add(uid)
            yield uid

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sandbox, "_claimed_uid", recorded_claim)
        if not static_check:
            patch.setattr(judge, "check_sample", lambda source, entry_point: (source, []))
        start = time.monotonic()
        # A fixed run limit: the default (ten times the reference's time) is long on a loaded machine.
        config = EvalConfig(timeout_seconds=RUN_SECONDS)
        done = evaluate(arena.dataset, samples, out, config, workers=2, use_cache=False, progress=False)
    results = {r.sample_id: r for r in done.results}
    assert len(results) == len(rows), "every sample gets exactly one verdict"
    assert results["control"].status.value == "passed", results["control"].messages
    # Nothing hung: one timeout each at most, run two at a time, plus compiles.
    assert time.monotonic() - start < len(rows) * (RUN_SECONDS + 60)
    return results


@pytest.fixture(scope="module")
def checked(arena, tmp_path_factory) -> dict[str, SampleResult]:
    return _evaluate_batch(arena, ATTACKS, tmp_path_factory.mktemp("checked") / "results.jsonl", static_check=True)


@pytest.fixture(scope="module")
def bypassed(arena, tmp_path_factory) -> dict[str, SampleResult]:
    stopped = [a for a in ATTACKS if a.bypassed is not None]
    return _evaluate_batch(arena, stopped, tmp_path_factory.mktemp("bypassed") / "results.jsonl", static_check=False)


def _all_text(results: dict[str, SampleResult]) -> str:
    return "\n".join(json.dumps(r.to_dict()) for r in results.values())


def _shows(evidence: str, messages: str) -> bool:
    return any(part in messages for part in evidence.split("|"))


def _orphans(uids: set[int]) -> list[str]:
    """Processes of our sandbox uids whose sandbox is gone (its working directory was removed).

    The machine is shared: other evaluations use the same uid range, but their directories exist.
    """
    found = []
    for proc in psutil.process_iter(["uids", "name"]):
        try:
            if proc.info["uids"] and proc.info["uids"].real in uids and not os.path.isdir(proc.cwd()):
                found.append(f"{proc.pid} {proc.info['name']} in {proc.cwd()}")
        except psutil.Error:
            continue  # ended while we looked
    return found


@pytest.mark.slow
@needs_root
@pytest.mark.parametrize("name", [a.name for a in ATTACKS if a.name not in KNOWN_HOLES])
def test_attack_gets_its_status(checked, name):
    attack, result = BY_NAME[name], checked[name]
    assert result.status.value == attack.status, result.messages
    assert _shows(attack.evidence, result.messages), result.messages


@pytest.mark.slow
@needs_root
@pytest.mark.parametrize("name", [a.name for a in ATTACKS if a.bypassed is not None])
def test_attack_is_contained_without_the_static_check(bypassed, name):
    attack, result = BY_NAME[name], bypassed[name]
    assert result.status.value == attack.bypassed, result.messages
    assert _shows(attack.bypassed_evidence, result.messages), result.messages


@pytest.mark.slow
@needs_root
def test_no_attack_passes_and_nothing_leaks(arena, checked, bypassed):
    for batch in (checked, bypassed):
        passed = {sid for sid, r in batch.items() if r.status.value == "passed"}
        assert passed - KNOWN_HOLES == {"control"}
        text = _all_text(batch)
        assert arena.secret not in text, "an environment variable of the evaluator reached a result"
        assert len(text) < 400_000, "results stay small whatever the samples print"
    assert arena.file_secret not in _all_text(checked), "a root-only file reached a result"
    assert arena.connections == [], f"a sample reached the test's loopback port: {arena.connections}"
    escaped = [p for p in arena.escaped_files() if p.parent != arena.open_dir]
    assert escaped == [], f"files written outside the sandbox: {escaped}"
    time.sleep(0.5)
    assert arena.uids, "the runs dropped to sandbox uids"
    assert _orphans(arena.uids) == [], "processes outlived their sandbox"
    assert subprocess.run(["true"]).returncode == 0, "the machine can still start processes"


@pytest.mark.slow
@needs_root
def test_a_stolen_nonce_no_longer_buys_a_pass(checked):
    # heap_nonce_theft finds the harness's copy of the nonce on the heap, prints the old protocol's
    # passing lines with it and spoils the copy so the harness's own lines no longer count. The lines
    # carry data, not verdicts, and the verdict is decided outside the process against the golden run:
    # lines without data fail.
    result = checked["heap_nonce_theft"]
    assert result.status.value == "failed", result.messages
    assert all(not t.ok and "carries no checks" in t.detail for t in result.tests), result.messages


@pytest.mark.slow
@needs_root
def test_host_code_cannot_compute_on_device_pointers(checked):
    # As on a GPU: device memory is out of the host's reach while the solution runs, managed memory too.
    for name in ("host_computes_on_device_memory", "host_reads_managed"):
        assert checked[name].status.value == "runtime_error", checked[name].messages
        assert HOST_FAULT in checked[name].messages


@pytest.mark.slow
@needs_root
def test_no_file_appears_in_a_world_writable_folder(arena, checked):
    assert checked["escape_world_writable"].status.value == "failed"
    assert list(arena.open_dir.iterdir()) == []


@pytest.mark.slow
@needs_root
def test_compiler_cannot_read_root_only_files(arena, bypassed):
    # With the static check off, `#include "<root-only file>"` is compiled by a root compiler and its
    # error message quotes the file.
    for name in ("include_host_file", "include_host_file_macro", "line_directive_leak"):
        assert arena.file_secret not in bypassed[name].messages


@pytest.mark.slow
@needs_root
def test_compile_time_bomb_hits_the_compile_limit(arena, monkeypatch):
    record = next(r for r in load_records(arena.dataset) if r.task_id == HIP_TASK)
    harness_object(record, "cpu", Mode.NORMAL)  # built (or found) under the normal limits first
    monkeypatch.setattr(build, "COMPILE_LIMITS", Limits(wall_seconds=20, cpu_seconds=20))
    start = time.monotonic()
    config = EvalConfig(timeout_seconds=RUN_SECONDS)
    result = evaluate_solution(record, arena.source(BY_NAME_COMPILE_BOMB), "bomb", config)
    assert result.status.value == "compile_error", result.messages
    assert "compile time limit exceeded" in result.messages
    assert time.monotonic() - start < 120


BY_NAME_COMPILE_BOMB = Attack("compile_time_bomb", "compile_error")


@pytest.mark.parametrize(
    "snippet",
    [
        '#define HOST_FILE "/etc/passwd"\n#include HOST_FILE\n',  # the file named through a macro
        "#define HOST_FILE </etc/passwd>\n#include HOST_FILE\n",
        '%:include "/etc/passwd"\n',  # the digraph spelling of #
        '#line 1 "/etc/passwd"\nint x = ;\n',  # a diagnostic quotes line 1 of the named file
        '# 1 "/etc/passwd"\nint x = ;\n',  # the same as a GNU line marker
        "#define CAT(a, b) a%:%:b\n",  # `##` spelled with digraphs builds banned names
    ],
)
def test_static_check_stops_the_other_spellings_of_include_and_pasting(snippet):
    assert check_solution("#include <hip/hip_runtime.h>\n" + snippet + "void f() {}\n"), snippet
