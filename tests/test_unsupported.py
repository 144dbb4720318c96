"""The detector of constructs the cpu backend cannot judge: each kind has a positive and a negative example."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hip_coding.execution.unsupported import Finding, find_unsupported

ORDINARY = sorted((Path(__file__).parent / "fixtures" / "rewriter" / "ordinary").glob("*"))
KERNELS = Path(__file__).parent / "kernels"


def kinds(source: str) -> list[tuple[str, int]]:
    return [(f.kind, f.line) for f in find_unsupported(source)]


WARP_SYNC_UNROLLED = """
__device__ void warpReduce(volatile float* sdata, unsigned tid) {
  sdata[tid] += sdata[tid + 32];
  sdata[tid] += sdata[tid + 16];
  sdata[tid] += sdata[tid + 8];
}
"""
WARP_SYNC_IN_KERNEL = """
__global__ void reduce(float* out) {
  __shared__ float s[128];
  s[threadIdx.x] = 1;
  __syncthreads();
  if (threadIdx.x < 32) {
    volatile float* vsmem = s;
    vsmem[threadIdx.x] = vsmem[threadIdx.x] + vsmem[threadIdx.x + 32];
    vsmem[threadIdx.x] = fmaxf(vsmem[threadIdx.x], vsmem[threadIdx.x + 16]);
  }
}
"""
WARP_SYNC_TEMPLATE_CHAINED = """
template <class T, unsigned int blockSize>
__global__ void reduce(T* in, T* out) {
  T* sdata = shared_memory<T>();
  T sum = 0;
  if (threadIdx.x < 32) {
    volatile T* smem = sdata;
    if (blockSize >= 64) { smem[threadIdx.x] = sum = sum + smem[threadIdx.x + 32]; }
    if (blockSize >= 32) { smem[threadIdx.x] = sum = sum + smem[threadIdx.x + 16]; }
  }
}
"""
WARP_SYNC_LOOP = """
__global__ void reduce(float* out) {
  volatile __shared__ float s[64];
  for (int o = 32; o > 0; o >>= 1) s[threadIdx.x] += s[threadIdx.x + o];
}
"""

WARP_SYNC_LOOP_SYNCED = """
__global__ void reduce(float* out) {
  volatile __shared__ float s[64];
  for (int o = 32; o > 0; o >>= 1) {
    s[threadIdx.x] += s[threadIdx.x + o];
    __syncwarp();
  }
}
"""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('__global__ void k(int* x) { int l; asm volatile("mov.u32 %0, %%laneid;" : "=r"(l)); }', ("inline_asm", 1)),
        ('__device__ int f() {\n  int v;\n  asm("mov.u32 %0, %%clock;" : "=r"(v));\n  return v; }', ("inline_asm", 3)),
        ('__device__ void f() { __asm__ __volatile__("s_nop 0"); }', ("inline_asm", 1)),
        ("__device__ int f(int v) { return __builtin_amdgcn_readfirstlane(v); }", ("gpu_intrinsic", 1)),
        ("__device__ int f() { return __nvvm_read_ptx_sreg_laneid(); }", ("gpu_intrinsic", 1)),
        ("texture<float, 1, cudaReadModeElementType> tex;", ("texture", 1)),
        ("__global__ void k(float* o, int i) { o[i] = tex1Dfetch<float>(obj, i); }", ("texture", 1)),
        ("__global__ void k(cudaTextureObject_t t, float* o) { o[0] = tex2D<float>(t, 0.5f, 0.5f); }", ("texture", 1)),
        ("__global__ void k(hipTextureObject_t t) {}", ("texture", 1)),
        ("__global__ void k(cudaSurfaceObject_t s) { surf2Dwrite(1.0f, s, 0, 0); }", ("texture", 1)),
        ("void h() { cudaBindTexture(0, tex, p, n); }", ("texture", 1)),
        (
            "__global__ void child(int* x) {}\n__global__ void parent(int* x) {\n  child<<<1, 32>>>(x);\n}",
            ("dynamic_parallelism", 3),
        ),
        ("__device__ void f() {\n  cudaDeviceSynchronize();\n}", ("dynamic_parallelism", 2)),
        ("#include <mma.h>\nusing namespace nvcuda;\n__global__ void k() { wmma::fragment<> a; }", ("tensor_core", 3)),
        ("__global__ void k() { nvcuda::wmma::fill_fragment(c, 0.0f); }", ("tensor_core", 1)),
        ("__global__ void k() { d = __builtin_amdgcn_mfma_f32_32x32x8f16(a, b, c, 0, 0, 0); }", ("tensor_core", 1)),
        ("__global__ void k() { rocwmma::fragment<> f; }", ("tensor_core", 1)),
        (WARP_SYNC_UNROLLED, ("warp_synchronous", 3)),
        (WARP_SYNC_IN_KERNEL, ("warp_synchronous", 8)),
        (WARP_SYNC_LOOP, ("warp_synchronous", 4)),
        (WARP_SYNC_TEMPLATE_CHAINED, ("warp_synchronous", 8)),
    ],
)
def test_positive(source, expected):
    found = kinds(source)
    assert expected in found, found


def test_tensor_core_ptx_in_asm_is_named():
    source = '__global__ void k() {\n  asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0}, ...");\n}'
    assert kinds(source) == [("inline_asm", 2), ("tensor_core", 2)]


@pytest.mark.parametrize(
    "source",
    [
        '// asm volatile("mov.u32 %0, %%laneid;");\nint x;',
        'const char* s = "asm(\\"nop\\") __builtin_amdgcn_x __nvvm_y tex2D(t) texture<float> wmma::x <<<1,1>>>";',
        '/* __asm__("x"); cudaDeviceSynchronize(); nvcuda::wmma::fragment */',
        "int asm_count = 0; int texture_size = 4; float surface = 1; int wmma_tiles = 2;",
        "__device__ int f(int v) { return __shfl_down_sync(0xffffffffu, v, 1) + __builtin_popcount(v); }",
        "__global__ void k(float* t) { float tex = t[0]; t[1] = tex; }",
        "__global__ void child(int* x) {}\nvoid host(int* x) {\n  child<<<1, 32>>>(x);\n  cudaDeviceSynchronize();\n}",
        "__host__ void sync() { cudaDeviceSynchronize(); }",
        '__global__ void k(int* x) { atomicAdd(x, 1); printf("%d\\n", threadIdx.x); }',
        WARP_SYNC_UNROLLED.replace("32];", "32]; __syncwarp();").replace("16];", "16]; __syncwarp();"),
        WARP_SYNC_LOOP.replace(
            "1) s[threadIdx.x] += s[threadIdx.x + o];", "1) { s[threadIdx.x] += s[o]; __syncwarp(); }"
        ),
        WARP_SYNC_UNROLLED.replace("__device__ ", ""),  # host code
        WARP_SYNC_UNROLLED.replace("volatile ", ""),  # not the legacy volatile idiom (and racy on a GPU too)
        "__global__ void k(volatile int* flag) { while (flag[0] == 0) {} flag[1] = flag[0] + 1; }",
        "__global__ void k(float* s) { s[threadIdx.x] += s[threadIdx.x + 32]; s[threadIdx.x] += s[threadIdx.x + 16]; }",
    ],
    ids=lambda s: s[:40],
)
def test_negative(source):
    assert find_unsupported(source) == []


@pytest.mark.parametrize("path", ORDINARY, ids=lambda p: p.name)
def test_ordinary_code_is_supported(path):
    assert find_unsupported(path.read_text()) == []


def suite_entries() -> list[tuple[Path, str]]:
    if not (KERNELS / "suite.yaml").exists():
        return []
    entries = yaml.safe_load((KERNELS / "suite.yaml").read_text()) or []
    return [
        (KERNELS / e["file"], (e.get("expect") or {}).get("status")) for e in entries if (KERNELS / e["file"]).exists()
    ]


@pytest.mark.parametrize(("path", "status"), suite_entries(), ids=lambda x: getattr(x, "name", str(x)))
def test_kernel_suite_findings_only_where_unsupported_is_expected(path, status):
    """Programs of the execution suite: a static finding must mean the suite expects `unsupported`."""
    found = find_unsupported(path.read_text())
    if status != "unsupported":
        assert found == [], found


def test_finding_record():
    (finding,) = find_unsupported('int a;\n  asm volatile("trap;");  \n')
    assert finding == Finding("inline_asm", 2, 'asm volatile("trap;");', finding.reason)
    assert "assembly" in finding.reason
