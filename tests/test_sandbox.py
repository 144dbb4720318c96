"""The sandbox contains what a hostile command does: network, files, processes, time, output, environment."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from hip_coding.execution.sandbox import Limits, run_sandboxed, trim, workdir

IS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="full isolation (namespaces, uid drop) needs root")


def sandboxed_shell(script: str, **limit_overrides: object):
    limits = Limits(**{"wall_seconds": 10.0, **limit_overrides})  # type: ignore[arg-type]
    with workdir() as cwd:
        return run_sandboxed(["/bin/bash", "-c", script], cwd=cwd, limits=limits)


def test_exit_code_and_output_are_reported():
    outcome = sandboxed_shell("echo out; echo err >&2; exit 7")
    assert outcome.exit_code == 7
    assert outcome.stdout == "out\n"
    assert outcome.stderr == "err\n"
    assert not outcome.timed_out


def test_environment_is_scrubbed(monkeypatch):
    monkeypatch.setenv("HIP_CODING_TEST_SECRET", "hunter2")
    outcome = sandboxed_shell("env")
    assert "hunter2" not in outcome.stdout
    assert "PATH=" in outcome.stdout


def test_wall_timeout_kills_background_children():
    marker = f"hipcoding-sleeper-{os.getpid()}"
    start = time.monotonic()
    outcome = sandboxed_shell(f"(exec -a {marker} sleep 300) & sleep 300", wall_seconds=1.0)
    assert outcome.timed_out
    assert time.monotonic() - start < 10
    time.sleep(0.2)
    survivors = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout
    assert survivors == "", f"processes outlived the sandbox: {survivors}"


@needs_root
def test_a_killed_evaluator_leaves_no_sandbox_running(tmp_path):
    """SIGKILL of the evaluating process (no cleanup runs) still ends the namespace and all inside it."""
    marker = f"hipcoding-orphan-{os.getpid()}"
    script = tmp_path / "evaluator.py"
    script.write_text(
        "from hip_coding.execution.sandbox import Limits, run_sandboxed, workdir\n"
        "with workdir() as cwd:\n"
        f"    run_sandboxed(['/bin/bash', '-c', '(exec -a {marker} sleep 300) & sleep 300'], cwd=cwd,\n"
        "                  limits=Limits(wall_seconds=120.0))\n"
    )
    evaluator = subprocess.Popen(
        [sys.executable, str(script)], env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    )
    deadline = time.monotonic() + 30
    while not subprocess.run(["pgrep", "-f", marker], capture_output=True).stdout and time.monotonic() < deadline:
        time.sleep(0.1)
    assert subprocess.run(["pgrep", "-f", marker], capture_output=True).stdout, "the sandboxed sleeper never started"
    evaluator.kill()
    evaluator.wait()
    deadline = time.monotonic() + 5
    while (survivors := subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.1)
    assert survivors == "", f"sandboxed processes outlived the killed evaluator: {survivors}"


def test_cpu_time_limit():
    outcome = sandboxed_shell("while :; do :; done", cpu_seconds=1, wall_seconds=20.0)
    assert outcome.limit_hit == "cpu_time"


def test_output_is_capped_by_the_file_size_limit():
    outcome = sandboxed_shell("yes 0123456789 | head -c 50000000", file_bytes=1_000_000)
    assert outcome.limit_hit == "file_size" or outcome.exit_code != 0
    assert len(outcome.stdout) < 200_000


def test_trim_keeps_head_and_tail():
    text = "A" * 1000 + "B" * 1000
    short = trim(text, 100)
    assert short.startswith("A" * 50) and short.endswith("B" * 50) and "trimmed" in short


@needs_root
def test_no_network_even_to_loopback():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(3)
    port = server.getsockname()[1]
    accepted: list[bool] = []

    def accept() -> None:
        try:
            server.accept()
            accepted.append(True)
        except OSError:
            pass

    waiter = threading.Thread(target=accept)
    waiter.start()
    outcome = sandboxed_shell(f"echo hello > /dev/tcp/127.0.0.1/{port} && echo CONNECTED")
    waiter.join()
    server.close()
    assert "CONNECTED" not in outcome.stdout
    assert accepted == []


@needs_root
def test_cannot_write_outside_its_directory(tmp_path):
    target = Path("/var/lib/hip-coding") / f"escape-{os.getpid()}"
    outcome = sandboxed_shell(f"touch {target}; touch /tmp/escape-{os.getpid()}; touch ./inside && echo INSIDE")
    assert "INSIDE" in outcome.stdout
    assert not target.exists()
    assert not Path(f"/tmp/escape-{os.getpid()}").exists(), "/tmp must be private to the sandbox"


@needs_root
def test_cannot_see_or_signal_the_evaluator():
    outcome = sandboxed_shell(f"kill -9 {os.getpid()} 2>&1; kill -9 -1 2>&1; ps -e -o pid= | wc -l")
    assert outcome.exit_code is not None
    # Still alive (this line runs), and the sandbox saw only its own few processes.
    assert int(outcome.stdout.strip().splitlines()[-1]) < 10


@needs_root
def test_fork_bomb_is_contained():
    start = time.monotonic()
    outcome = sandboxed_shell("b() { b | b & }; b", wall_seconds=3.0, processes=64)
    assert time.monotonic() - start < 15
    assert outcome.timed_out or outcome.exit_code is not None
    assert subprocess.run(["true"]).returncode == 0  # the machine can still start processes


def test_huge_allocation_fails_inside_the_sandbox(tmp_path):
    source = tmp_path / "alloc.c"
    source.write_text(
        "#include <stdio.h>\n#include <stdlib.h>\n"
        'int main(void){ void* p = malloc(100ULL<<30); printf(p ? "GOT\\n" : "NULL\\n"); return 0; }\n'
    )
    binary = tmp_path / "alloc"
    subprocess.run(["gcc", str(source), "-o", str(binary)], check=True)
    with workdir() as cwd:
        (cwd / "alloc").write_bytes(binary.read_bytes())
        (cwd / "alloc").chmod(0o755)
        outcome = run_sandboxed(["./alloc"], cwd=cwd, limits=Limits(wall_seconds=10))
    assert outcome.stdout == "NULL\n"


@needs_root
def test_include_folders_under_tmp_stay_visible_and_read_only(tmp_path):
    # The sandbox's private /tmp would hide `-I /tmp/...` folders; they are bound back read-only.
    shared = Path(tempfile.mkdtemp(prefix="hip-coding-shared-", dir="/tmp"))
    try:
        shared.chmod(0o755)
        (shared / "answer.h").write_text("42\n")
        (shared / "answer.h").chmod(0o644)
        script = f"cat {shared}/answer.h; echo x > {shared}/new.txt || echo refused"
        with workdir() as cwd:
            out = run_sandboxed(["/bin/sh", "-c", script], cwd=cwd, limits=Limits(wall_seconds=20),
                                shared_dirs=[shared])  # fmt: skip
            hidden = run_sandboxed(["/bin/sh", "-c", f"cat {shared}/answer.h"], cwd=cwd, limits=Limits(wall_seconds=20))
        assert out.stdout.splitlines() == ["42", "refused"], out.stdout + out.stderr
        assert "Read-only file system" in out.stderr
        assert not (shared / "new.txt").exists()
        assert hidden.exit_code != 0, "without sharing, the private /tmp hides the folder"
    finally:
        shutil.rmtree(shared)
