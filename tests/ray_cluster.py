"""A real Ray cluster on loopback for the tests: a head and a second node, each a `ray start --block` process.

Every node gets `--node-ip-address=127.0.0.2`: Ray rewrites 127.0.0.1 (and `localhost`) into the machine's
first routable address, so the loopback address it keeps is another one of 127.0.0.0/8. All traffic stays on
this machine. The cluster is stopped through the process ids of what it started: the `ray start` processes and
every process whose command line names this cluster's own temporary directory (raylets, the GCS, workers).

Ray gives a raylet 30 s to register with the GCS (a constant in Ray's Python), which a loaded machine can
miss: the nodes run at normal priority even under a niced test run, and a cluster that does not come up is
stopped and started again, on a new port and temporary directory.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import ray

LOOPBACK = "127.0.0.2"
#: Starting a node takes ~10 s on a loaded two-core machine (minutes when overloaded); never wait for ever.
START_SECONDS = 180
#: Tries to bring the cluster up (Ray's own raylet start-up timeout can fail under load).
START_TRIES = 3


def _normal_priority() -> None:
    """Ray's control processes (and `ray status`) must answer within Ray's timeouts: undo the tests' `nice`."""
    with contextlib.suppress(OSError):  # lowering the niceness needs root; otherwise keep it
        os.setpriority(os.PRIO_PROCESS, 0, 0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


class LocalCluster:
    """`with LocalCluster(nodes=2) as cluster:` -> `cluster.address` for `ray.init` / `--ray-address`."""

    def __init__(
        self,
        nodes: int = 2,
        cpus_per_node: int = 1,
        pythonpath: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        """`env`: extra environment of every node (e.g. its own HIP_CODING_CACHE_DIR)."""
        self.nodes = nodes
        self.cpus_per_node = cpus_per_node
        self.env = {
            **os.environ,
            "RAY_USAGE_STATS_ENABLED": "0",
            # The raylet's side of the registration wait can be stretched (the Python side's 30 s cannot).
            "RAY_raylet_start_wait_time_s": "120",
            # A head turns token authentication on by itself once ~/.ray/auth_token exists (any local
            # `ray.init()` writes one); then `ray status` and a driver given the address are refused. A
            # cluster on loopback for the tests goes without.
            "RAY_AUTH_MODE": "disabled",
            **(env or {}),
        }
        if pythonpath is not None:
            self.env["PYTHONPATH"] = f"{pythonpath}{os.pathsep}{self.env.get('PYTHONPATH', '')}".rstrip(os.pathsep)
        self.processes: list[subprocess.Popen] = []
        self._new_place()

    def _new_place(self) -> None:
        self.port = _free_port()
        self.address = f"{LOOPBACK}:{self.port}"
        # Unix socket paths are limited to 107 bytes: a short folder of our own.
        self.temp_dir = Path(tempfile.mkdtemp(prefix="hcray-", dir="/tmp"))

    def _ray(self, *args: str) -> subprocess.Popen:
        argv = [str(Path(sys.executable).with_name("ray")), "start", *args, "--block"]
        argv += [f"--node-ip-address={LOOPBACK}", f"--num-cpus={self.cpus_per_node}", "--object-store-memory=80000000"]
        log = open(self.temp_dir / f"node{len(self.processes)}.log", "wb")  # noqa: SIM115 - lives with the node
        process = subprocess.Popen(
            argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_normal_priority,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def start(self) -> LocalCluster:
        failures = []
        for attempt in range(START_TRIES):
            if attempt:
                self.processes = []
                self._new_place()
            try:
                return self._start_once()
            except Exception as err:  # nothing of a failed try may outlive it
                self.stop()
                failures.append(f"try {attempt + 1}: {type(err).__name__}: {err}")
            except BaseException:  # interrupted: stop what was started, then give up
                self.stop()
                raise
        raise RuntimeError("\n".join(failures))

    def _start_once(self) -> LocalCluster:
        self._ray("--head", f"--port={self.port}", "--include-dashboard=false", f"--temp-dir={self.temp_dir}")
        self._wait_for_nodes(1)
        for _ in range(self.nodes - 1):
            self._ray(f"--address={self.address}")
        self._wait_for_nodes(self.nodes)
        return self

    def _wait_for_nodes(self, count: int) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.alive_nodes() >= count:
                return
            if any(p.poll() is not None for p in self.processes):
                break
            time.sleep(1.0)
        self.stop()
        logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in sorted(self.temp_dir.glob("node*.log")))
        raise RuntimeError(f"the local Ray cluster did not reach {count} nodes:\n{logs}")

    def alive_nodes(self) -> int:
        """Nodes `ray status` lists as active (it asks the GCS; the state API would need the dashboard)."""
        try:
            done = subprocess.run(
                [str(Path(sys.executable).with_name("ray")), "status", f"--address={self.address}"],
                env=self.env, capture_output=True, text=True, timeout=120, preexec_fn=_normal_priority,
            )  # fmt: skip
        except subprocess.TimeoutExpired:  # an overloaded machine: not up yet, as far as we know
            return 0
        active = done.stdout.split("Active:", 1)[-1].split("Pending:", 1)[0] if done.returncode == 0 else ""
        return len(re.findall(r"^\s*\d+ node_", active, flags=re.MULTILINE))

    def own_processes(self) -> list[psutil.Process]:
        """Every live process this cluster started: the `ray start` processes, their descendants (workers
        rename themselves `ray::...`), and anything naming this cluster's temporary directory."""
        found: dict[int, psutil.Process] = {}
        for started in self.processes:
            try:
                root = psutil.Process(started.pid)
                found.update({p.pid: p for p in [root, *root.children(recursive=True)]})
            except psutil.Error:
                pass
        for process in psutil.process_iter(["pid", "cmdline"]):
            if str(self.temp_dir) in " ".join(process.info["cmdline"] or []):
                found[process.pid] = process
                with contextlib.suppress(psutil.Error):
                    found.update({p.pid: p for p in process.children(recursive=True)})
        return list(found.values())

    def worker_pids(self, title: str) -> list[int]:
        """Worker processes currently running a task whose process title contains `title`."""
        pids = []
        for process in psutil.process_iter(["pid", "cmdline"]):
            cmdline = " ".join(process.info["cmdline"] or [])
            if cmdline.startswith("ray::") and title in cmdline:
                pids.append(process.pid)
        return pids

    def stop(self) -> None:
        # A driver still connected when its raylet dies exits its whole process at `ray.shutdown()` ("the local
        # Raylet is dead"): the test process is that driver, so it disconnects before the nodes go.
        if ray.is_initialized():
            ray.shutdown()
        everything = self.own_processes()
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for process in everything + self.own_processes():
            with contextlib.suppress(psutil.Error):
                process.kill()

    def __enter__(self) -> LocalCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
