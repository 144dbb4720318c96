"""A deterministic HIP -> CUDA source translator (tasks are authored in HIP; CUDA variants are derived).

Rules, applied in this order (the tests pin each one):
1. `hipLaunchKernelGGL(k, grid, block, smem, stream, args...)` -> `k<<<grid, block, smem, stream>>>(args...)`
   (`HIP_KERNEL_NAME(k<T>)` unwraps to `k<T>`).
2. `HIP_SYMBOL(x)` -> `x`; `HIP_DYNAMIC_SHARED(T, name)` -> `extern __shared__ T name[]`.
3. HIP headers -> their CUDA counterparts.
4. HIP's full-warp vote and shuffle forms -> the CUDA `_sync` forms with a full mask
   (`__shfl_down(v, d)` -> `__shfl_down_sync(0xffffffffu, v, d)`, likewise `__shfl`, `__shfl_up`,
   `__shfl_xor`, `__ballot`, `__any`, `__all`).
5. Identifiers `hipXxx` -> `cudaXxx`, with the few names that differ mapped explicitly.
Prose (a task's doc text) gets rules 3 and 5 only (`hip_prose_to_cuda`): a CUDA question names no HIP API.
Libraries with no CUDA twin of the same API (hipcub, rocprim, hipblas...) are refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hip_coding.errors import InputError
from hip_coding.execution.cparse import Unbalanced, blank, match_bracket, split_top_level

_HEADERS = {
    "hip/hip_runtime.h": "cuda_runtime.h",
    "hip/hip_runtime_api.h": "cuda_runtime_api.h",
    "hip/hip_fp16.h": "cuda_fp16.h",
    "hip/hip_bf16.h": "cuda_bf16.h",
    "hip/hip_bfloat16.h": "cuda_bf16.h",
    "hip/hip_cooperative_groups.h": "cooperative_groups.h",
    "hip/hip_vector_types.h": "vector_types.h",
}

#: HIP names whose CUDA twin is not simply `cuda` + the rest.
_RENAMED = {
    "hipDeviceProp_t": "cudaDeviceProp",
    "hipHostMalloc": "cudaMallocHost",
    "hipHostFree": "cudaFreeHost",
    "hipErrorOutOfMemory": "cudaErrorMemoryAllocation",
    "hipMemoryTypeDevice": "cudaMemoryTypeDevice",
    "hipDeviceAttributeMaxThreadsPerBlock": "cudaDevAttrMaxThreadsPerBlock",
    "hipDeviceAttributeMultiprocessorCount": "cudaDevAttrMultiProcessorCount",
    "hipDeviceAttributeWarpSize": "cudaDevAttrWarpSize",
}

_UNTRANSLATABLE = re.compile(r"\b(hipcub|rocprim|hipblas\w*|rocblas\w*|hiprand\w*|rocrand\w*|hipfft\w*)\b")
_WARP_FORMS = re.compile(r"\b__(shfl|shfl_up|shfl_down|shfl_xor|ballot|any|all)\s*\(")
_HIP_IDENT = re.compile(r"\bhip([A-Z]\w*)\b")
_INCLUDE = re.compile(r'#(\s*)include(\s*)([<"])([^>"]+)([>"])')


def _balanced_args(text: str, blanked: str, open_paren: int) -> tuple[list[str], int]:
    """Split the argument list starting at `open_paren` on depth-0 commas; return (args, index after ')')."""
    try:
        close = match_bracket(blanked, open_paren)
        items = split_top_level(blanked, open_paren + 1, close)
    except Unbalanced:
        raise InputError("unbalanced parentheses in a hipLaunchKernelGGL call") from None
    return [text[start:end] for start, end in items] or [""], close + 1


def _rewrite_calls(source: str, name: str, rewrite: Callable[[list[str]], str]) -> str:
    """Replace every call `name(...)` outside comments and strings by `rewrite(args)`."""
    pattern = re.compile(rf"\b{name}\s*\(")
    while True:
        blanked = blank(source)
        match = pattern.search(blanked)
        if match is None:
            return source
        args, end = _balanced_args(source, blanked, match.end() - 1)
        source = source[: match.start()] + rewrite([a.strip() for a in args]) + source[end:]


def _launch(args: list[str]) -> str:
    if len(args) < 5:
        raise InputError("hipLaunchKernelGGL needs at least kernel, grid, block, shared memory and stream")
    kernel, grid, block, smem, stream, *rest = args
    kernel = re.sub(r"^HIP_KERNEL_NAME\s*\((.*)\)$", r"\1", kernel, flags=re.S).strip()
    return f"{kernel}<<<{grid}, {block}, {smem}, {stream}>>>({', '.join(rest)})"


def _identifier(match: re.Match[str]) -> str:
    name = match.group(0)
    return _RENAMED.get(name, "cuda" + match.group(1))


def hip_to_cuda(source: str) -> str:
    """Translate a HIP program (or a fragment, e.g. a signature) to CUDA. Raises InputError when it cannot."""
    bad = _UNTRANSLATABLE.search(blank(source))
    if bad:
        raise InputError(f"no CUDA translation for the HIP library {bad.group(1)!r}")
    source = _rewrite_calls(source, "hipLaunchKernelGGL", _launch)
    source = _rewrite_calls(source, "HIP_SYMBOL", lambda args: args[0])
    source = _rewrite_calls(source, "HIP_DYNAMIC_SHARED", lambda args: f"extern __shared__ {args[0]} {args[1]}[]")
    source = _INCLUDE.sub(lambda m: m.group(0).replace(m.group(4), _HEADERS.get(m.group(4), m.group(4))), source)
    source = _WARP_FORMS.sub(lambda m: f"__{m.group(1)}_sync(0xffffffffu, ", source)
    return _HIP_IDENT.sub(_identifier, source)


def hip_prose_to_cuda(text: str) -> str:
    """Translate the API names and header names in prose (a task's doc text) to their CUDA spellings."""
    text = re.sub(r"\bhip/\w+\.h\b", lambda m: _HEADERS.get(m.group(0), m.group(0)), text)
    return _HIP_IDENT.sub(_identifier, text)
