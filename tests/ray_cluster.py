"""A real Ray cluster on loopback for the tests: a head and a second node, each a `ray start --block` process.

Every node gets `--node-ip-address=127.0.0.2`: Ray rewrites 127.0.0.1 (and `localhost`) into the machine's
first routable address, so the loopback address it keeps is another one of 127.0.0.0/8. All traffic stays on
this machine. The cluster is stopped through the process ids of what it started: the `ray start` processes and
every process whose command line names this cluster's own temporary directory (raylets, the GCS, workers).
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

LOOPBACK = "127.0.0.2"
#: Starting a node takes ~10 s on a loaded two-core machine; never wait for ever.
START_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


class LocalCluster:
    """`with LocalCluster(nodes=2) as cluster:` -> `cluster.address` for `ray.init` / `--ray-address`."""

    def __init__(self, nodes: int = 2, cpus_per_node: int = 1, pythonpath: Path | None = None) -> None:
        self.nodes = nodes
        self.cpus_per_node = cpus_per_node
        self.port = _free_port()
        self.address = f"{LOOPBACK}:{self.port}"
        # Unix socket paths are limited to 107 bytes: a short folder of our own.
        self.temp_dir = Path(tempfile.mkdtemp(prefix="hcray-", dir="/tmp"))
        self.env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
        if pythonpath is not None:
            self.env["PYTHONPATH"] = f"{pythonpath}{os.pathsep}{self.env.get('PYTHONPATH', '')}".rstrip(os.pathsep)
        self.processes: list[subprocess.Popen] = []

    def _ray(self, *args: str) -> subprocess.Popen:
        argv = [str(Path(sys.executable).with_name("ray")), "start", *args, "--block"]
        argv += [f"--node-ip-address={LOOPBACK}", f"--num-cpus={self.cpus_per_node}", "--object-store-memory=80000000"]
        log = open(self.temp_dir / f"node{len(self.processes)}.log", "wb")  # noqa: SIM115 - lives with the node
        process = subprocess.Popen(argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def start(self) -> LocalCluster:
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
        done = subprocess.run(
            [str(Path(sys.executable).with_name("ray")), "status", f"--address={self.address}"],
            env=self.env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
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
