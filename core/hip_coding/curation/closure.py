"""Extraction's fifth job: the project index and each kernel's dependency closure, which make a `Kernel`.

A kernel's names are looked up in its own file first, then in the project's headers, then anywhere in the
project; what is found (device functions, types, constants, macros, `__constant__` variables) is its closure,
in definition order; what is not found and is not a built-in is `unresolved`.
"""

from __future__ import annotations

import re

from hip_coding.curation.facts import ATOMIC, BARRIER, WARP
from hip_coding.curation.kernel import Dep, Kernel, KernelSyntax, KParam
from hip_coding.curation.repository import HEADER_SUFFIXES, Provenance, file_license
from hip_coding.execution.cparse import blank


#: Names a kernel may use without a definition in the project: the CUDA/HIP built-ins and the C/C++ library.
def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


BUILTIN_NAMES = _names(
    """
    threadIdx blockIdx blockDim gridDim warpSize x y z w size_t int8_t int16_t int32_t int64_t uint8_t
    uint16_t uint32_t uint64_t uint unsigned signed bool true false nullptr NULL float2 float3 float4 double2
    int2 int3 int4 uint2 uint3 uint4 char2 char4 uchar2 uchar4 short2 dim3 half half2 __half __half2
    nv_bfloat16 __nv_bfloat16 hip_bfloat16 sizeof min max abs fabs fabsf sqrt sqrtf rsqrt rsqrtf exp expf
    exp2f expm1f log logf log2f log10f log1pf pow powf sin sinf cos cosf tan tanf tanh tanhf asinf acosf atanf
    atan2f sinhf coshf erf erff erfc erfcf floor floorf ceil ceilf round roundf rint rintf trunc truncf fmin
    fminf fmax fmaxf fma fmaf fmod fmodf copysignf signbit isnan isinf isfinite INFINITY NAN FLT_MAX FLT_MIN
    DBL_MAX INT_MAX INT_MIN UINT_MAX make_float2 make_float3 make_float4 make_int2 make_int4 printf assert std
    numeric_limits static_cast reinterpret_cast const_cast __ldg __restrict__ __float2half __half2float
    __fdividef __expf __logf __sinf __cosf __powf __saturatef __popc __popcll __clz __ffs __brev __mul24
    __umul24 __int_as_float __float_as_int __float_as_uint __uint_as_float clock clock64 __threadfence
    __threadfence_block cg cooperative_groups this_thread_block thread_block tiled_partition thread_block_tile
    thread_group grid_group this_grid coalesced_threads coalesced_group sync thread_rank num_threads
    """
)
_BUILTIN_PREFIX = re.compile(r"^(__|atomic|cuda|hip|cub|std$)")


class ProjectIndex:
    """Every definition of the project by name; lookups prefer the kernel's own file, then headers."""

    def __init__(self, definitions: list[Dep]) -> None:
        self.by_name: dict[str, list[Dep]] = {}
        for dep in definitions:
            self.by_name.setdefault(dep.name, []).append(dep)

    def find(self, name: str, path: str) -> Dep | None:
        options = self.by_name.get(name)
        if not options:
            return None
        same = [d for d in options if d.path == path]
        headers = [d for d in options if d.path.endswith(HEADER_SUFFIXES)]
        return (same or headers or options)[0]


_IDENT = re.compile(r"\b[A-Za-z_]\w*\b")
_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\(")


def closure(names: set[str], path: str, index: ProjectIndex, own: set[str]) -> tuple[list[Dep], set[str]]:
    """The definitions `names` need, transitively, dependencies before dependents; and the names not found."""
    ordered: list[Dep] = []
    seen: set[tuple[str, int]] = set()
    missing: set[str] = set()

    def visit(name: str, from_path: str, depth: int) -> None:
        name = name.split("<", 1)[0]  # `tiled_partition<32>`
        if name in own or name in BUILTIN_NAMES or _BUILTIN_PREFIX.match(name):
            return
        dep = index.find(name, from_path)
        if dep is None:
            missing.add(name)
            return
        key = (dep.path, dep.line)
        if key in seen or depth > 50:
            return
        seen.add(key)
        inner = set(_IDENT.findall(blank(dep.text))) - {dep.name}
        for other in sorted(inner):
            if index.find(other, dep.path) is not None:
                visit(other, dep.path, depth + 1)
        ordered.append(dep)

    for name in sorted(names):
        visit(name, path, 0)
    return ordered, missing


def resolve(syntax: KernelSyntax, index: ProjectIndex, prov: Provenance) -> Kernel:
    """The kernel with its dependency closure, unresolved names and provenance."""
    facts = syntax.facts
    params: tuple[KParam, ...] = syntax.params
    template_names = {re.split(r"[\s=]", t.replace("typename", "").replace("class", "").strip())[-1]
                      for t in syntax.template_params if t}  # fmt: skip
    template_names |= {t.split()[-1].split("=")[0] for t in syntax.template_params if t}
    own = {p.name for p in params} | facts.locals | template_names | {syntax.name}
    names: set[str] = set(facts.identifiers) - own
    signature_names = set(_IDENT.findall(blank(syntax.signature)))
    names |= {n for n in signature_names if index.find(n, syntax.path) is not None} - own
    deps, missing = closure(names, syntax.path, index, own)
    missing -= {kw for kw in missing if kw in ("if", "for", "while", "return", "auto", "this")}
    direct = {d.name for d in deps}
    # Atomics, warp operations and barriers inside the device functions it calls are facts of the kernel too.
    inner_calls = {c for d in deps if d.kind == "device_function" for c in _CALL.findall(blank(d.text))}

    def with_inner(own_calls: tuple[str, ...], pattern: re.Pattern[str]) -> tuple[str, ...]:
        return tuple(sorted(set(own_calls) | {c for c in inner_calls if pattern.match(c)}))

    return Kernel(
        id=f"{prov.project}/{syntax.path}:{syntax.name}:{syntax.start_line}",
        project=prov.project,
        path=syntax.path,
        name=syntax.name,
        start_line=syntax.start_line,
        end_line=syntax.end_line,
        signature=syntax.signature,
        params=syntax.params,
        template_params=syntax.template_params,
        launch_bounds=syntax.launch_bounds,
        specifiers=syntax.specifiers,
        via_macro=syntax.via_macro,
        source=syntax.source,
        language=syntax.language,
        shared_memory=facts.shared_memory,
        dynamic_shared=facts.dynamic_shared,
        atomics=with_inner(facts.atomics, ATOMIC),
        warp_ops=with_inner(facts.warp_ops, WARP),
        barriers=with_inner(facts.barriers, BARRIER),
        device_calls=tuple(c for c in facts.calls if c in direct),
        calls=facts.calls,
        referenced=tuple(sorted(n for n in names if n in direct and n not in facts.calls)),
        index_dims=facts.index_dims,
        deps=tuple(deps),
        unresolved=tuple(sorted(missing)),
        namespace=syntax.namespace,
        commit=prov.commit,
        license=file_license(prov.root / syntax.path) or prov.license,
        source_date=prov.source_date,
    )
