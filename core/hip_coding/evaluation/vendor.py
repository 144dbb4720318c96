"""Vendor compilers (nvcc, hipcc): which backend and language each checks, and their compile-only verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from hip_coding.evaluation.build import compile_text
from hip_coding.execution.backends import get_backend
from hip_coding.tasks.schema import Record


@dataclass(frozen=True)
class VendorCompiler:
    name: str
    backend: str
    language: str


#: The vendor compilers a `--compile-check` may name, once (also what `dataset check --vendor` uses).
VENDOR_COMPILERS = {
    "nvcc": VendorCompiler("nvcc", "cuda", "cuda"),
    "hipcc": VendorCompiler("hipcc", "rocm", "hip"),
}


def vendor_compiler_for(language: str) -> VendorCompiler:
    """The vendor compiler that speaks `language`."""
    return next(c for c in VENDOR_COMPILERS.values() if c.language == language)


def compile_checks(record: Record, solution: str, compilers: tuple[str, ...]) -> dict[str, str]:
    """Vendor compilers' verdicts on the solution (compile only), for the ones that speak its language."""
    verdicts = {}
    for name in compilers:
        compiler = VENDOR_COMPILERS[name]
        if compiler.language != record.answer.language:
            continue
        ok, why = get_backend(compiler.backend).availability()
        if not ok:
            verdicts[name] = f"unavailable: {why}"
            continue
        verdicts[name] = compile_text(compiler.backend, solution, compiler.language).status.value
    return verdicts
