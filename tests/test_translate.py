"""The HIP -> CUDA translator's rules, one test each (the CUDA variants of every task depend on them)."""

from __future__ import annotations

import pytest

from hip_coding.errors import InputError
from hip_coding.tasks.translate import hip_to_cuda


@pytest.mark.parametrize(
    "hip,cuda",
    [
        ("hipLaunchKernelGGL(k, dim3(g), dim3(b), 0, stream, n, x);", "k<<<dim3(g), dim3(b), 0, stream>>>(n, x);"),
        ("hipLaunchKernelGGL(HIP_KERNEL_NAME(k<float, 4>), g, b, s, st);", "k<float, 4><<<g, b, s, st>>>();"),
        ("hipLaunchKernelGGL(k, f(a, b), 256, 0, 0, g(x, y), z);", "k<<<f(a, b), 256, 0, 0>>>(g(x, y), z);"),
        ("hipMemcpyToSymbol(HIP_SYMBOL(table), src, 16);", "cudaMemcpyToSymbol(table, src, 16);"),
        ("HIP_DYNAMIC_SHARED(float, smem)", "extern __shared__ float smem[]"),
        ("#include <hip/hip_runtime.h>", "#include <cuda_runtime.h>"),
        ("#include <hip/hip_fp16.h>", "#include <cuda_fp16.h>"),
        ("#include <hip/hip_cooperative_groups.h>", "#include <cooperative_groups.h>"),
        ("v += __shfl_down(v, 16);", "v += __shfl_down_sync(0xffffffffu, v, 16);"),
        ("x = __shfl_xor (v, 1, 32);", "x = __shfl_xor_sync(0xffffffffu, v, 1, 32);"),
        ("unsigned long long m = __ballot(p);", "unsigned long long m = __ballot_sync(0xffffffffu, p);"),
        ("if (__any(p) && __all(q))", "if (__any_sync(0xffffffffu, p) && __all_sync(0xffffffffu, q))"),
        ("v = __shfl_down_sync(0xffffffffu, v, 1);", "v = __shfl_down_sync(0xffffffffu, v, 1);"),
        (
            "hipError_t e = hipMalloc(&p, n); if (e != hipSuccess)",
            "cudaError_t e = cudaMalloc(&p, n); if (e != cudaSuccess)",
        ),
        ("void f(hipStream_t stream);", "void f(cudaStream_t stream);"),
        ("hipDeviceProp_t p; hipHostMalloc(&h, n);", "cudaDeviceProp p; cudaMallocHost(&h, n);"),
        ("hipErrorOutOfMemory", "cudaErrorMemoryAllocation"),
        ("int hipster = 1; // hipcc", "int hipster = 1; // hipcc"),
    ],
)
def test_rule(hip, cuda):
    assert hip_to_cuda(hip) == cuda


def test_launch_inside_comment_is_not_rewritten_but_code_after_it_is():
    source = "// hipLaunchKernelGGL(a, b)\nhipLaunchKernelGGL(k, 1, 2, 0, s);"
    comment, code = hip_to_cuda(source).splitlines()
    assert "<<<" not in comment  # names in comments are renamed, but nothing is parsed there
    assert code == "k<<<1, 2, 0, s>>>();"


@pytest.mark.parametrize("library", ["hipcub::BlockReduce<float, 256> r;", "rocprim::reduce(...);"])
def test_libraries_without_a_cuda_twin_are_refused(library):
    with pytest.raises(InputError, match="no CUDA translation"):
        hip_to_cuda(library)


def test_translation_is_deterministic():
    source = "hipLaunchKernelGGL(k, 1, 2, 0, s, __shfl(v, 0));"
    assert hip_to_cuda(source) == hip_to_cuda(source)
