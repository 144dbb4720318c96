"""Curation benchmark: extraction throughput against a plain regex scan, and the funnel on the fixtures.

1. A large generated corpus (the fixture files, plus synthetic kernels with the tricky cases: launch bounds,
   static/inline, forward declarations, kernels in strings and comments, templates), written to a temporary folder.
   `extract_repository` (tree-sitter, with the project index and dependency closures) and a plain regex scan
   (`__global__ ... name(` on the raw text) read the same files; both report MB/s and kernels/s, and how many
   "kernels" each found against the known count (the regex counts strings, comments and declarations too).
2. The funnel of `curate run` on each fixture repository (all automatic stages, real compiles on the cpu backend),
   and the yield: kernels -> tasks, by category; how many tasks needed a sanitizer trial for their buffer sizes;
   how many reference runs reported heap corruption (must be 0); with --negatives, wrong solutions caught.

    .venv/bin/python benchmarks/curation.py [--files 400] [--no-funnel] [--repos hard_repo] [--negatives]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "core"))

from hip_coding.curation import archive, extract, filter, stats, testgen, wrap  # noqa: E402
from hip_coding.curation.funnel import load_funnels, read_jsonl  # noqa: E402

FIXTURES = ROOT / "tests" / "curation_fixtures"
REGEX = re.compile(r"__global__[^;{(]*?\b(\w+)\s*\(")

SYNTHETIC = """#include <hip/hip_runtime.h>
#define BLOCK_{i} 256
__device__ inline float helper_{i}(float v) {{ return v * {i}.0f + 1.0f; }}
struct Pair_{i} {{ float a; float b; }};
// __global__ void commented_{i}(float* x) {{ }}
const char* kSource_{i} = "__global__ void in_string_{i}(float* x) {{ x[0] = 1; }}";
__global__ void forward_{i}(float* x, int n);
__launch_bounds__(256) static __global__ void bounded_{i}(const float* __restrict__ x, float* y, int n) {{
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {{
    y[i] = helper_{i}(x[i]);
  }}
}}
template <typename T>
__global__ void templated_{i}(T* out, T value, int n) {{
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = value;
}}
inline __global__ void reduce_{i}(const float* x, float* total, int n) {{
  __shared__ float partial[BLOCK_{i}];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  partial[threadIdx.x] = i < n ? x[i] : 0.0f;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s /= 2) {{
    if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
    __syncthreads();
  }}
  if (threadIdx.x == 0) atomicAdd(total, partial[0]);
}}
__global__ void pairs_{i}(const Pair_{i}* p, float* out, int n) {{
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {{
    out[i] = p[i].a * p[i].b;
  }}
}}
"""
KERNELS_PER_SYNTHETIC = 4  # bounded, templated, reduce, pairs (not: commented, in_string, forward)


def make_corpus(folder: Path, files: int) -> int:
    """Write the corpus; returns the number of real kernel definitions in it."""
    known = 0
    for repo in ("hip_repo", "cuda_repo", "mixed_repo"):
        shutil.copytree(FIXTURES / repo, folder / repo)
        known += len(extract.extract_repository(FIXTURES / repo).kernels)
    for i in range(files):
        suffix = (".cu", ".hip", ".cuh", ".cpp")[i % 4]
        path = folder / "synthetic" / f"d{i % 20}" / f"k{i}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SYNTHETIC.format(i=i), encoding="utf-8")
        known += KERNELS_PER_SYNTHETIC
    return known


def regex_scan(root: Path) -> tuple[int, int]:
    """(bytes read, kernels the regex reports) over the same files extract reads."""
    total, found = 0, 0
    for path in extract.source_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        total += len(text.encode())
        found += len(REGEX.findall(text))
    return total, found


def throughput(files: int) -> None:
    with tempfile.TemporaryDirectory(prefix="curation-bench-") as tmp:
        root = Path(tmp)
        known = make_corpus(root, files)
        start = time.perf_counter()
        result = extract.extract_repository(root)
        tree_seconds = time.perf_counter() - start
        start = time.perf_counter()
        scanned, regex_found = regex_scan(root)
        regex_seconds = time.perf_counter() - start
    megabytes = result.bytes / 1e6
    print(f"corpus: {result.files} files, {megabytes:.2f} MB, {known} real kernel definitions")
    print(f"{'method':22} {'seconds':>8} {'MB/s':>8} {'kernels/s':>10} {'found':>6} {'correct':>8}")
    for name, seconds, found in (
        ("extract (tree-sitter)", tree_seconds, len(result.kernels)),
        ("plain regex scan", regex_seconds, regex_found),
    ):
        print(
            f"{name:22} {seconds:8.3f} {megabytes / seconds:8.2f} {found / seconds:10.0f} {found:6d} "
            f"{'yes' if found == known else 'no':>8}"
        )


REPOS = ("hip_repo", "cuda_repo", "mixed_repo", "hard_repo")
HEAP_CORRUPTION = re.compile(r"double free|corrupted size|malloc\(\)|free\(\): invalid")


def funnel(repos: tuple[str, ...], negatives: bool) -> None:
    """Each fixture repository through every automatic stage; then the yield: kernels -> tasks, by category."""
    rows = []
    for repo in repos:
        with tempfile.TemporaryDirectory(prefix="curation-funnel-") as tmp:
            out = Path(tmp)
            start = time.perf_counter()
            extract.run_extract(str(FIXTURES / repo), out)
            filter.run_filter(out)
            wrap.run_wrap(out)
            testgen.run_testgen(out, workers=2, negatives=negatives)
            archive.run_archive(out)
            seconds = time.perf_counter() - start
            print(f"\n{repo} ({seconds:.0f} s)")
            for stage in load_funnels(out):
                dropped = ", ".join(f"{k} {v}" for k, v in {**stage.dropped, **stage.kept_apart}.items())
                print(f"  {stage.stage:8} in {stage.items_in:3} out {stage.items_out:3}  {dropped}")
            numbers = stats.collect(out)
            candidates = read_jsonl(out / "testgen.jsonl")
            messages = [str(c.get("messages", "")) for c in candidates]
            messages += [str(d.get("detail", "")) for d in read_jsonl(out / "testgen.dropped.jsonl")]
            caught = [s for c in candidates for s in c["negatives"].values()]
            rows.append((repo, numbers, sum(1 for c in candidates if c["extent"] != "static"),
                         sum(1 for m in messages if HEAP_CORRUPTION.search(m)),
                         f"{sum(1 for s in caught if s != 'passed')}/{len(caught)}" if negatives else "-"))  # fmt: skip
    print(
        f"\n{'repository':12} {'kernels':>7} {'tasks':>5} {'yield':>6} {'trial':>5} {'heap':>4} {'negatives':>9}  categories"
    )
    for repo, numbers, trial, heap, caught in rows:
        share = numbers["tasks"] / numbers["kernels"] if numbers["kernels"] else 0.0
        categories = ", ".join(f"{k} {v}" for k, v in numbers["categories"].items())
        print(
            f"{repo:12} {numbers['kernels']:7} {numbers['tasks']:5} {share:6.0%} {trial:5} {heap:4} {caught:>9}  {categories}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=400, help="synthetic files in the corpus")
    parser.add_argument("--no-funnel", action="store_true", help="skip the fixture funnel (it compiles and runs)")
    parser.add_argument("--repos", nargs="+", default=list(REPOS), help="fixture repositories for the funnel")
    parser.add_argument("--negatives", action="store_true", help="also run every task's wrong solutions")
    args = parser.parse_args()
    throughput(args.files)
    if not args.no_funnel:
        funnel(tuple(args.repos), args.negatives)


if __name__ == "__main__":
    main()
