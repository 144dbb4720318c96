"""The execution core of the cpu backend's C++ runtime (fibers, scheduler, launch, warp ops,
barriers, cooperative groups, the three modes).

Each C++ program in tests/runtime/ checks its own results and prints PASS; this file compiles it
with the driver's plain g++ command line (the only contract the runtime has) and runs it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cpurt_build import BASE, BOTH32, BOTH64, CUDA32, CUDA64, HIP64, PERTURB, RACE, SANITIZE, make_builder

PROGRAMS = Path(__file__).resolve().parent / "runtime"

pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ not installed")


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """Compile tests/runtime/<name>.cpp with extra flags (cached per session); return the binary."""
    return make_builder(PROGRAMS, tmp_path_factory.mktemp("runtime_bin"))


def run(exe: Path, *args: str, timeout: float = 60, env: dict[str, str] | None = None):
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout, env=env)


def assert_pass(r: subprocess.CompletedProcess) -> None:
    assert r.returncode == 0 and "PASS" in r.stdout, f"rc={r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"


@pytest.mark.parametrize("lang", [CUDA32, CUDA64], ids=["cuda32", "cuda64"])
def test_tree_reduction_256x256(build, lang):
    assert_pass(run(build("reduce_tree", *lang)))


def test_basics_indices_param_copies_printf_stack(build):
    r = run(build("basics", *CUDA32))
    assert_pass(r)
    assert "hello from thread 1 of block 1" in r.stdout


@pytest.mark.parametrize("lang", [CUDA32, CUDA64, HIP64], ids=["cuda32", "cuda64", "hip64"])
def test_warp_ops_divergent_shuffle_ballot(build, lang):
    assert_pass(run(build("warp_ops", *lang)))


def test_dynamic_shared_memory(build):
    assert_pass(run(build("dyn_smem", *CUDA32)))


def test_invalid_configuration_is_reported_and_not_run(build):
    assert_pass(run(build("invalid_config", *BOTH32)))


@pytest.mark.parametrize("case", ["divergent", "warp"])
def test_deadlock_is_reported_not_hung(build, case):
    r = run(build("deadlock", *CUDA32), case, timeout=30)
    assert r.returncode != 0
    # Every block deadlocks; which one is reported first depends on which worker thread gets there first.
    assert re.search(r"cpurt: deadlock in block \(\d+,0,0\)", r.stderr), r.stderr
    assert "before the launch" in r.stdout  # the program's own output is flushed first
    if case == "divergent":
        assert "different barriers" in r.stderr and "deadlock.cpp:14" in r.stderr
    else:
        assert "__shfl_sync" in r.stderr


@pytest.mark.parametrize("lang", [BOTH32, BOTH64], ids=["both32", "both64"])
def test_cooperative_launch_grid_sync(build, lang):
    assert_pass(run(build("cooperative", *lang)))


def test_grid_sync_outside_cooperative_launch_is_unsupported(build):
    r = run(build("cooperative", *BOTH32), "outside")
    assert r.returncode == 86
    assert "cpurt: unsupported: grid.sync()" in r.stderr


@pytest.mark.parametrize("lang", [CUDA32, HIP64], ids=["cuda32", "hip64"])
def test_tiled_partition_and_reduce(build, lang):
    assert_pass(run(build("tiles", *lang)))


def test_launch_api_spellings(build):
    assert_pass(run(build("launch_api", *BOTH32)))
    r = run(build("launch_api", *BOTH32), "untyped")
    assert r.returncode == 86 and "cpurt: unsupported: cudaLaunchKernel" in r.stderr


def test_warp_size_is_compile_time(build, tmp_path):
    src = tmp_path / "ws.cpp"
    src.write_text("static_assert(warpSize == CPURT_WARP_SIZE);\nint main() { return warpSize; }\n")
    for flags, want in ((CUDA32, 32), (HIP64, 64), (["-DCPURT_LANG_CUDA=1"], 32)):
        exe = tmp_path / "ws"
        subprocess.run([*BASE, *flags, "-x", "c++", str(src), "-o", str(exe)], check=True, timeout=120)
        assert subprocess.run([str(exe)]).returncode == want


# ---- modes -----------------------------------------------------------------------------------------
def test_perturb_mode_exposes_missing_barrier(build):
    normal = run(build("perturb", *CUDA32))
    assert_pass(normal)
    assert "missing=ok" in normal.stdout  # a fixed thread order hides the bug...
    perturbed = build("perturb", *CUDA32, *PERTURB)
    for seed in ("1", "2", "12345"):
        r = run(perturbed, env={"CPURT_SEED": seed})
        assert_pass(r)
        assert "missing=bad" in r.stdout, f"seed {seed}"  # ...a seeded order shows it


def test_perturb_mode_keeps_correct_kernels_correct(build):
    exe = build("warp_ops", *CUDA32, *PERTURB)
    for seed in ("1", "99"):
        assert_pass(run(exe, env={"CPURT_SEED": seed}))
    assert_pass(run(build("reduce_tree", *CUDA32, *PERTURB)))


@pytest.mark.slow
def test_race_mode_correct_kernels_run_clean(build):
    assert_pass(run(build("race", *CUDA32, *RACE), "correct", timeout=120))


@pytest.mark.slow
@pytest.mark.parametrize(("case", "where"), [("racy", "count(int*, bool)"), ("serial", "serial(int*)")])
def test_race_mode_reports_plain_increment(build, case, where):
    """`serial`: the threads run one after another, yet the runtime's lock, which they all take, orders nothing."""
    r = run(build("race", *CUDA32, *RACE), case, timeout=120)
    assert r.returncode == 66, r.stderr[-2000:]
    assert "ThreadSanitizer: data race" in r.stderr and where in r.stderr


@pytest.mark.slow
def test_race_mode_orders_blocks_only_by_atomics_fences_and_launches(build):
    """Blocks run one after another, yet a plain += of every block on one output is a race, as on a GPU."""
    exe = build("race_blocks", *CUDA32, *RACE)
    assert_pass(run(exe, "correct", timeout=120))
    for racy, where in (("flush_plain", "block_sums"), ("nofence", "chained_prefix"), ("plain_ticket", "plain_ticket")):
        r = run(exe, racy, timeout=120)
        assert r.returncode == 66, f"{racy}: rc={r.returncode}\n{r.stderr[-2000:]}"
        assert "ThreadSanitizer: data race" in r.stderr and where in r.stderr, racy


@pytest.mark.slow
def test_race_mode_deadlock_is_reported(build):
    r = run(build("race", *CUDA32, *RACE), "deadlock", timeout=120)
    assert r.returncode != 0 and "cpurt: deadlock in block" in r.stderr


@pytest.mark.slow
def test_sanitize_mode_reports_out_of_bounds_write(build):
    exe = build("oob", *CUDA32, *SANITIZE)
    assert_pass(run(exe, "ok"))
    r = run(exe)
    assert r.returncode != 0
    assert "AddressSanitizer: heap-buffer-overflow" in r.stderr and "write_all" in r.stderr


@pytest.mark.slow
def test_sanitize_mode_runs_barriers_and_warps_cleanly(build):
    assert_pass(run(build("warp_ops", *CUDA32, *SANITIZE)))
    assert_pass(run(build("cooperative", *BOTH32, *SANITIZE)))


def test_fiber_stack_overflow_is_explained(build):
    r = run(build("stack_overflow", *CUDA32))
    assert r.returncode != 0
    assert "cpurt: stack overflow in a GPU thread" in r.stderr


def test_ucontext_fallback_for_other_architectures(build):
    # The portable fiber switch (used where our x86-64 switch does not exist), forced here.
    assert_pass(run(build("warp_ops", *CUDA32, "-DCPURT_FIBER_UCONTEXT=1")))
