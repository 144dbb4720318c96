"""Backends by name: `cpu` (our runtime, the default), `cuda` (nvcc) and `rocm` (hipcc for AMD).

Each is imported and instantiated the first time it is named (`hip_coding.registry`).
"""

from __future__ import annotations

from typing import Any

from hip_coding.execution.backends.base import Backend
from hip_coding.registry import Registry


def _instance(cls: Any) -> Backend:
    backend = cls()
    if not isinstance(backend, Backend):
        raise TypeError(f"{cls!r} is not a hip_coding.execution.backends.base.Backend")
    return backend


BACKENDS: Registry[Backend] = Registry(
    "backend",
    {
        "cpu": "hip_coding.execution.backends.cpu:CpuBackend",
        "cuda": "hip_coding.execution.backends.vendor:CudaBackend",
        "rocm": "hip_coding.execution.backends.vendor:RocmBackend",
    },
    make=_instance,
)


def get_backend(name: str) -> Backend:
    """The backend called `name`, or an InputError listing the known ones."""
    return BACKENDS.load(name)


__all__ = ["BACKENDS", "Backend", "get_backend"]
