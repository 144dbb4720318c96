"""Run one untrusted command (a compiler on candidate code, or the program it built) in a sandbox.

Candidate code is hostile until proven otherwise. Every compile and run goes through `run_sandboxed`:

* a fresh working directory that nothing else uses;
* as root (our machines and CI): new PID, mount and network namespaces (`unshare`), so the command sees
  no network, cannot see or signal the evaluator, sees every file system read-only except its working
  directory and private empty `/tmp`-like directories, and dies with every process it started when its
  namespace's first process is killed; then it drops to a dedicated unprivileged uid (`setpriv`), so it
  cannot read what other users cannot and the process limit counts only its own processes;
* without root: a user namespace when the kernel allows it, otherwise only a process group;
* resource limits (`prlimit`): CPU seconds, address space, file size (which also caps the output),
  process count, no core dumps;
* a wall-clock timeout that kills the whole namespace or group;
* death with the evaluator: the sandbox's first process gets SIGKILL when the thread that started it dies
  (`setpriv --pdeathsig`), so a killed evaluator leaves no candidate program running (in a namespace that
  kills everything inside; without one, the command's own children may outlive it);
* a scrubbed environment: only what the caller passes plus a minimal PATH/HOME/LANG.

What this does not give: protection against kernel exploits, and (without root) isolation of the
filesystem. docs/ describes the threat model.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
import os
import random
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from hip_coding.errors import ToolchainError

log = logging.getLogger(__name__)

GiB = 1024**3
MiB = 1024**2

#: First uid of the range handed to sandboxed commands when we run as root. Far above any real user.
SANDBOX_UID_BASE = 1_500_000
SANDBOX_UID_COUNT = 4096

#: Directories any user may write to; each gets a private empty tmpfs inside the sandbox.
PRIVATE_IN_SANDBOX = ("/tmp", "/var/tmp", "/run/lock", "/dev/shm", "/dev/mqueue")

_SAFE_PATH = "/usr/local/cuda/bin:/usr/local/bin:/usr/bin:/bin"


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed command. `None` means "no limit of this kind"."""

    wall_seconds: float = 60.0
    cpu_seconds: int | None = 60
    address_space_bytes: int | None = 8 * GiB
    file_bytes: int | None = 64 * MiB
    processes: int = 256
    kept_output_bytes: int = 64 * 1024

    def scaled(self, factor: float) -> Limits:
        """The same limits with both time limits multiplied by `factor`."""
        cpu = None if self.cpu_seconds is None else max(1, int(self.cpu_seconds * factor))
        return Limits(
            wall_seconds=self.wall_seconds * factor,
            cpu_seconds=cpu,
            address_space_bytes=self.address_space_bytes,
            file_bytes=self.file_bytes,
            processes=self.processes,
            kept_output_bytes=self.kept_output_bytes,
        )


@dataclass(frozen=True)
class SandboxOutcome:
    """What happened to a sandboxed command: how it ended and what it printed (trimmed)."""

    exit_code: int | None
    timed_out: bool
    stdout: str
    stderr: str
    wall_seconds: float
    #: "cpu_time", "file_size" or "" — which resource limit killed the command, when one did.
    limit_hit: str = ""
    #: Signal number when the command died from a signal (decoded from the shell's 128+N).
    signal_number: int | None = None
    isolation: tuple[str, ...] = field(default_factory=tuple)


def trim(text: str, limit: int) -> str:
    """Keep the head and the tail of `text` within about `limit` characters: errors live at both ends."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n... [{len(text) - 2 * half} characters trimmed] ...\n{text[-half:]}"


def _read_trimmed(path: Path, limit: int) -> str:
    size = path.stat().st_size
    with path.open("rb") as handle:
        if size <= limit:
            data = handle.read()
            return data.decode("utf-8", errors="replace")
        half = limit // 2
        head = handle.read(half)
        handle.seek(size - half)
        tail = handle.read()
    skipped = size - 2 * half
    return (
        head.decode("utf-8", errors="replace")
        + f"\n... [{skipped} bytes trimmed] ...\n"
        + tail.decode("utf-8", errors="replace")
    )


@functools.cache
def _is_root() -> bool:
    return os.geteuid() == 0


@functools.cache
def _tool(name: str) -> str | None:
    return shutil.which(name, path=_SAFE_PATH + ":/usr/sbin:/sbin")


@functools.cache
def _userns_available() -> bool:
    """Whether an unprivileged user may create user+mount+net namespaces here."""
    unshare = _tool("unshare")
    if unshare is None:
        return False
    probe = [unshare, "--user", "--map-root-user", "--net", "--mount", "true"]
    return subprocess.run(probe, capture_output=True, timeout=10).returncode == 0


def sandbox_root() -> Path:
    """The parent of every sandbox working directory.

    As root it must be outside every world-writable directory (those are replaced by private tmpfs
    mounts inside the sandbox) and traversable by the sandbox uid.
    """
    configured = os.environ.get("HIP_CODING_SANDBOX_DIR")
    if configured:
        root = Path(configured)
    elif _is_root():
        root = Path("/var/lib/hip-coding/sandbox")
    else:
        root = Path(tempfile.gettempdir()) / f"hip-coding-{os.getuid()}"
    root.mkdir(parents=True, exist_ok=True)
    if _is_root():
        root.chmod(0o755)
        for parent in root.parents:
            if parent.stat().st_mode & 0o001 == 0:
                raise ToolchainError(f"sandbox directory {root}: {parent} is not traversable by other users")
    return root


@contextmanager
def _claimed_uid() -> Iterator[int]:
    """Claim a sandbox uid that no other live sandbox uses (a lock file per uid, held during the run)."""
    lock_dir = sandbox_root() / ".uids"
    lock_dir.mkdir(exist_ok=True)
    offsets = list(range(SANDBOX_UID_COUNT))
    random.shuffle(offsets)
    for offset in offsets:
        uid = SANDBOX_UID_BASE + offset
        handle = open(lock_dir / str(uid), "w")  # noqa: SIM115 - held for the whole run
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield uid
        finally:
            handle.close()
        return
    raise ToolchainError("no free sandbox uid: too many sandboxes at once")


@contextmanager
def workdir(prefix: str = "run-") -> Iterator[Path]:
    """A fresh directory for one compile or run, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=sandbox_root()))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _prlimit_args(limits: Limits) -> list[str]:
    args = [f"--nproc={limits.processes}", "--core=0"]
    if limits.cpu_seconds is not None:
        # Soft limit first (SIGXCPU names the cause), the hard one a second later.
        args.append(f"--cpu={limits.cpu_seconds}:{limits.cpu_seconds + 1}")
    if limits.address_space_bytes is not None:
        args.append(f"--as={limits.address_space_bytes}")
    if limits.file_bytes is not None:
        args.append(f"--fsize={limits.file_bytes}")
    return args


def hidden_in_sandbox(path: Path) -> bool:
    """Whether `path` lies under a directory the sandbox replaces by a private tmpfs (e.g. /tmp)."""
    return any(path == Path(d) or Path(d) in path.parents for d in PRIVATE_IN_SANDBOX)


def _mount_script(shared: Sequence[Path] = ()) -> str:
    """Shell run as the namespace's first process: a read-only view of every file system except the
    working directory, private tmpfs mounts over the world-writable directories, then the command as a
    child.

    `shared` directories that the private tmpfs mounts would hide (a user's `-I /tmp/dir`) are bound
    aside first and back, read-only, on top of the tmpfs: the compiler sees them, nothing can write them.
    The shell stays PID 1 (the command is not exec'ed) because PID 1 ignores signals it has no
    handler for, which would turn a program's own abort() into a different death.
    """
    readonly = 'mount --bind "$PWD" "$PWD" && cd "$PWD" && mount -o remount,bind,ro / 2>/dev/null'
    hidden = [d for d in dict.fromkeys(shared) if hidden_in_sandbox(d) and d.is_dir()]
    aside = "".join(
        f"; mkdir .shared{i} && mount --bind {shlex.quote(str(d))} .shared{i}" for i, d in enumerate(hidden)
    )
    mounts = "; ".join(
        f"[ -d {d} ] && mount -t tmpfs -o size=64m,mode=1777 tmpfs {d} 2>/dev/null" for d in PRIVATE_IN_SANDBOX
    )
    back = "".join(
        f"; mkdir -p {shlex.quote(str(d))} && mount --bind .shared{i} {shlex.quote(str(d))}"
        f" && mount -o remount,bind,ro {shlex.quote(str(d))}; umount .shared{i}; rmdir .shared{i}"
        for i, d in enumerate(hidden)
    )
    return f'{readonly}{aside}; {mounts}{back}; "$@"; exit $?'


def _wrap(
    argv: Sequence[str], limits: Limits, uid: int | None, shared: Sequence[Path] = ()
) -> tuple[list[str], tuple[str, ...]]:
    """The full command line that applies isolation and limits around `argv`."""
    prlimit = _tool("prlimit")
    if prlimit is None:
        raise ToolchainError("prlimit (util-linux) is required for the sandbox: apt-get install util-linux")
    inner = [prlimit, *_prlimit_args(limits), "--"]
    isolation = ["rlimits", "process-group"]
    unshare = _tool("unshare")
    if _is_root() and unshare:
        if uid is not None and _tool("setpriv"):
            inner += [_tool("setpriv") or "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
            isolation.append(f"uid-{uid}")
        ns = [
            unshare,
            "--pid",
            "--fork",
            "--kill-child",
            "--mount",
            "--net",
            "--mount-proc",
            "--propagation",
            "private",
        ]
        isolation += ["pid-namespace", "net-namespace", "private-tmp"]
        return [*ns, "--", "/bin/sh", "-c", _mount_script(shared), "sh", *inner, *argv], tuple(isolation)
    if unshare and _userns_available():
        ns = [unshare, "--user", "--map-root-user", "--pid", "--fork", "--kill-child", "--mount", "--net"]
        ns += ["--mount-proc", "--propagation", "private"]
        isolation += ["user-namespace", "pid-namespace", "net-namespace", "private-tmp"]
        return [*ns, "--", "/bin/sh", "-c", _mount_script(shared), "sh", *inner, *argv], tuple(isolation)
    return [*inner, *argv], tuple(isolation)


def scrubbed_env(extra: Mapping[str, str] | None, home: Path) -> dict[str, str]:
    """The whole environment of a sandboxed command: nothing of the evaluator's leaks in."""
    env = {"PATH": _SAFE_PATH, "HOME": str(home), "TMPDIR": str(home), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.update(extra or {})
    return env


def _decode_exit(returncode: int, wrapped: bool) -> tuple[int, int | None]:
    """(exit code, signal). Through the shell a signal death shows as 128+N; directly as -N."""
    if returncode < 0:
        return 128 - returncode, -returncode
    if wrapped and returncode > 128 and returncode - 128 < signal.NSIG:
        return returncode, returncode - 128
    return returncode, None


def run_sandboxed(
    argv: Sequence[str],
    *,
    cwd: Path,
    limits: Limits,
    env: Mapping[str, str] | None = None,
    stdin_data: bytes | None = None,
    drop_privileges: bool = True,
    shared_dirs: Sequence[Path] = (),
) -> SandboxOutcome:
    """Run `argv` in `cwd` under the sandbox and return how it ended. Never raises for the command's faults.

    `drop_privileges=False` keeps the caller's uid (still in fresh namespaces when root): for compiling a
    user's own program whose headers other users cannot read. `shared_dirs` (include folders) stay
    visible, read-only, even under the private /tmp.
    """
    with _uid_for_run(drop_privileges) as uid:
        if uid is not None:
            os.chown(cwd, uid, uid)
            for entry in cwd.rglob("*"):
                os.chown(entry, uid, uid, follow_symlinks=False)
            cwd.chmod(0o700)
        command, isolation = _wrap(argv, limits, uid, shared_dirs)
        return _execute(command, isolation, cwd=cwd, limits=limits, env=scrubbed_env(env, cwd), stdin_data=stdin_data)


@contextmanager
def _uid_for_run(wanted: bool) -> Iterator[int | None]:
    if wanted and _is_root() and os.environ.get("HIP_CODING_SANDBOX_UID", "1") != "0":
        with _claimed_uid() as uid:
            yield uid
    else:
        yield None


def _dies_with_parent(command: list[str]) -> list[str]:
    """`command` under `setpriv --pdeathsig KILL`: SIGKILL reaches it when the starting thread dies.

    The evaluator kills the group on timeout, but a SIGKILLed evaluator (a crashed worker, a Ray node going
    down, Ctrl-C twice) runs no cleanup: without this its sandboxes ran on as orphans, for hours.
    """
    setpriv = _tool("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--", *command] if setpriv else command


def _execute(
    command: list[str],
    isolation: tuple[str, ...],
    *,
    cwd: Path,
    limits: Limits,
    env: dict[str, str],
    stdin_data: bytes | None,
) -> SandboxOutcome:
    # Output goes to files beside (not inside) the working directory: the command cannot replace them,
    # and RLIMIT_FSIZE caps how much it can write.
    out_dir = Path(tempfile.mkdtemp(prefix="io-", dir=cwd.parent))
    stdout_path, stderr_path = out_dir / "stdout", out_dir / "stderr"
    start = time.monotonic()
    timed_out = False
    try:
        with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
            process = subprocess.Popen(
                _dies_with_parent(command),
                cwd=cwd,
                env=env,
                stdin=subprocess.PIPE if stdin_data is not None else subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
            try:
                if stdin_data is not None:
                    _feed_stdin(process, stdin_data)
                process.wait(timeout=limits.wall_seconds)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                _kill_group(process)
        wall = time.monotonic() - start
        exit_code, signum = _decode_exit(process.returncode, wrapped="pid-namespace" in isolation)
        limit_hit = ""
        if signum == signal.SIGXCPU:
            limit_hit = "cpu_time"
        elif signum == signal.SIGXFSZ:
            limit_hit = "file_size"
        return SandboxOutcome(
            exit_code=None if timed_out else exit_code,
            timed_out=timed_out,
            stdout=_read_trimmed(stdout_path, limits.kept_output_bytes),
            stderr=_read_trimmed(stderr_path, limits.kept_output_bytes),
            wall_seconds=wall,
            limit_hit=limit_hit,
            signal_number=None if timed_out else signum,
            isolation=isolation,
        )
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def _feed_stdin(process: subprocess.Popen[bytes], data: bytes) -> None:
    assert process.stdin is not None
    try:
        process.stdin.write(data)
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the command and everything it started (the namespace dies with its first process)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def readable_by_others(path: Path) -> bool:
    """Whether a sandbox uid can read `path` (every parent traversable, the file itself readable)."""
    path = path.resolve()
    try:
        if path.stat().st_mode & 0o004 == 0:
            return False
        return all(parent.stat().st_mode & 0o001 for parent in path.parents)
    except OSError:
        return False
