"""Backends by name: `cpu` (our runtime, the default), `cuda` (nvcc) and `rocm` (hipcc for AMD)."""

from __future__ import annotations

from hip_coding.errors import InputError
from hip_coding.execution.backends.base import Backend
from hip_coding.execution.backends.cpu import CpuBackend
from hip_coding.execution.backends.vendor import CudaBackend, RocmBackend

BACKENDS: dict[str, Backend] = {backend.name: backend for backend in (CpuBackend(), CudaBackend(), RocmBackend())}


def get_backend(name: str) -> Backend:
    """The backend called `name`, or an InputError listing the known ones."""
    try:
        return BACKENDS[name]
    except KeyError:
        raise InputError(f"unknown backend {name!r}: choose one of {', '.join(BACKENDS)}") from None


__all__ = ["BACKENDS", "Backend", "get_backend"]
