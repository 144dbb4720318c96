"""The `ray` executor: judge samples on a Ray cluster, one task (one CPU) per sample.

Only the work moves: each sample becomes a Ray task that calls the same `judge_job` a local worker
calls, on whichever node Ray picks, through that node's own sandbox, toolchains and content-addressed
caches (golden data and harness objects are built once per node, then reused by every sample there).
Results stream back to the driver, which alone writes the durable results file (docs/scale-out.md).

Faults: Ray re-runs a task whose worker process or node died, up to `max_retries` times; a sample that
keeps killing workers (or hangs past `hang_seconds`, which the sandbox's own timeouts make rare) ends as
`runtime_error` with the reason, so every sample gets exactly one result.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from hip_coding.errors import InputError, ToolchainError
from hip_coding.evaluation.executors import Job, judge_job
from hip_coding.evaluation.results import SampleResult
from hip_coding.execution.status import Status

log = logging.getLogger(__name__)

#: A worker killed mid-sample is retried this often before the sample is given up as `runtime_error`.
MAX_RETRIES = 2
#: Tasks in flight per CPU of the cluster: enough to keep every core busy while results stream back.
IN_FLIGHT_PER_CPU = 2
#: How long the progress bar's node count may be old.
STATUS_SECONDS = 2.0


@dataclass(frozen=True)
class NodeReport:
    """What a node can do, checked before any sample goes there."""

    node_id: str
    address: str
    fingerprint: str  # runtime headers + evaluator version: verdicts are only comparable when equal
    available: bool
    why: str


def node_report(backend: str) -> NodeReport:
    """This node's fingerprint and whether `backend` works here (runs on every node at start)."""
    import ray

    from hip_coding.evaluation.build import EVALUATOR_VERSION
    from hip_coding.execution.backends import get_backend
    from hip_coding.execution.runtime_cache import runtime_hash

    ok, why = get_backend(backend).availability()
    context = ray.get_runtime_context()
    return NodeReport(
        node_id=context.get_node_id(),
        address=ray.util.get_node_ip_address(),
        fingerprint=f"runtime {runtime_hash()}, evaluator {EVALUATOR_VERSION}",
        available=ok,
        why=why,
    )


def _wants_token(err: BaseException | None) -> bool:
    """Whether the cluster refused this driver for want of its token (newer Ray), anywhere in the causes."""
    from ray import exceptions

    refused: Any = getattr(exceptions, "AuthenticationError", ())
    while err is not None:
        if isinstance(err, refused) or "InvalidAuthToken" in str(err):
            return True
        err = err.__cause__ or err.__context__
    return False


def _connect(address: str | None) -> None:
    import ray

    if ray.is_initialized():
        return
    address = address or os.environ.get("RAY_ADDRESS") or None
    try:
        ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
    except Exception as err:
        if _wants_token(err):
            raise InputError(
                f"the Ray cluster at {address} wants its authentication token: set RAY_AUTH_MODE=token and give "
                f"the cluster's token in ~/.ray/auth_token or RAY_AUTH_TOKEN (docs/scale-out.md): {err}"
            ) from err
        if isinstance(err, ConnectionError):
            raise InputError(f"cannot reach the Ray cluster at {address}: {err}") from err
        raise


def alive_nodes() -> int:
    import ray

    return sum(1 for node in ray.nodes() if node.get("Alive"))


def check_nodes(backend: str, timeout: float = 120.0) -> list[NodeReport]:
    """Every alive node's report; refuse the cluster if a node cannot judge like the driver would."""
    import ray
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    from hip_coding.evaluation.ray_executor import node_report as probe

    remote_probe = ray.remote(num_cpus=0)(probe)
    nodes = [n for n in ray.nodes() if n.get("Alive")]
    refs = [
        remote_probe.options(scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False)).remote(
            backend
        )
        for n in nodes
    ]
    reports: list[NodeReport] = ray.get(refs, timeout=timeout)
    mine = node_report_local(backend)
    problems = []
    for report in reports:
        if not report.available:
            problems.append(f"node {report.address} ({report.node_id[:8]}): backend {backend} unusable: {report.why}")
        elif report.fingerprint != mine:
            problems.append(
                f"node {report.address} ({report.node_id[:8]}): {report.fingerprint}, but the driver has {mine}; "
                "install the same hip-coding there (scripts/setup.sh)"
            )
    if problems:
        raise ToolchainError("refusing the Ray cluster before any sample went there:\n  " + "\n  ".join(problems))
    return reports


def node_report_local(backend: str) -> str:
    from hip_coding.evaluation.build import EVALUATOR_VERSION
    from hip_coding.execution.runtime_cache import runtime_hash

    return f"runtime {runtime_hash()}, evaluator {EVALUATOR_VERSION}"


def _given_up(job: Job, why: str) -> SampleResult:
    return SampleResult(job.record.task_id, job.sample_id, Status.RUNTIME_ERROR, messages=why)


class RayExecutor:
    """Judges jobs as Ray tasks; yields results in completion order, exactly one per job."""

    def __init__(
        self,
        address: str | None = None,
        *,
        backend: str = "cpu",
        max_retries: int = MAX_RETRIES,
        hang_seconds: float = 3600.0,
    ) -> None:
        import ray

        _connect(address)
        try:
            self.reports = check_nodes(backend)
        except BaseException:  # a refused cluster keeps no driver of ours
            ray.shutdown()
            raise
        self.max_retries = max_retries
        self.hang_seconds = hang_seconds
        self._remote = ray.remote(num_cpus=1, max_retries=max_retries, retry_exceptions=False)(judge_job)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.in_flight = max(1, IN_FLIGHT_PER_CPU * cpus)
        self._status = (-math.inf, "")
        log.info("ray: %d nodes, %d CPUs", len(self.reports), cpus)

    def status(self) -> str:
        """`nodes N`, asked of the cluster at most every few seconds (the bar asks after every result)."""
        now = time.monotonic()
        if now - self._status[0] > STATUS_SECONDS:
            self._status = (now, f"nodes {alive_nodes()}")
        return self._status[1]

    def map(self, jobs: Sequence[Job]) -> Iterator[SampleResult]:
        import ray

        pending: dict[Any, tuple[Job, float]] = {}
        queue = list(reversed(jobs))
        while queue or pending:
            while queue and len(pending) < self.in_flight:
                job = queue.pop()
                pending[self._remote.remote(job)] = (job, time.monotonic())
            ready, rest = ray.wait(list(pending), num_returns=1, timeout=5.0)
            if ready and rest:  # every other result already back, in one more pass over the pending list
                ready += ray.wait(rest, num_returns=len(rest), timeout=0)[0]
            for ref in ready:
                job, _started = pending.pop(ref)
                yield self._collect(ref, job)
            for ref, (job, started) in list(pending.items()):
                if time.monotonic() - started > self.hang_seconds:
                    ray.cancel(ref, force=True)
                    del pending[ref]
                    yield _given_up(job, f"ray: the sample ran longer than {self.hang_seconds:.0f} s and was cancelled")

    def _collect(self, ref: Any, job: Job) -> SampleResult:
        import ray
        from ray.exceptions import RayError

        try:
            result: SampleResult = ray.get(ref)
            return result
        except RayError as err:  # the worker or its node died on every try, or the task raised
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            log.warning("%s/%s: %s", job.record.task_id, job.sample_id, reason)
            return _given_up(
                job, f"ray: the sample was given up after {self.max_retries + 1} tries: {type(err).__name__}: {reason}"
            )

    def close(self) -> None:
        """Leave the cluster running (it is the user's); only this driver disconnects."""
        import ray

        if ray.is_initialized():
            ray.shutdown()
