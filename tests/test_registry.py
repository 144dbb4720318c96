"""The one registry style (hip_coding.registry): lazy entries, no silent replacement, a clear unknown-name error."""

from __future__ import annotations

import sys

import pytest

from hip_coding.errors import InputError
from hip_coding.execution.backends import BACKENDS, get_backend
from hip_coding.models.base import backend_class, backend_names, register_backend
from hip_coding.registry import Registry


def test_entries_are_imported_on_first_use_only() -> None:
    sys.modules.pop("colorsys", None)
    registry: Registry[object] = Registry("thing", {"hls": "colorsys:rgb_to_hls"})
    assert "colorsys" not in sys.modules and "hls" in registry and list(registry) == ["hls"]
    assert registry.load("hls")(1.0, 1.0, 1.0) == (0.0, 1.0, 0.0)
    assert "colorsys" in sys.modules


def test_a_name_is_registered_once() -> None:
    registry: Registry[object] = Registry("thing", {"a": "math:pi"})
    with pytest.raises(InputError, match=r"thing 'a' is already registered \(as math:pi\)"):
        registry.register("a", "math:e")
    assert registry.load("a") == pytest.approx(3.14159, abs=1e-5)
    with pytest.raises(InputError, match="not 'package.module:attribute'"):
        registry.register("b", "math.pi")
    with pytest.raises(InputError, match="model backend 'hf' is already registered"):
        register_backend("hf", "somewhere:Else")


def test_unknown_names_list_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"unknown backend 'gpu': choose one of cpu, cuda, rocm"):
        get_backend("gpu")
    with pytest.raises(InputError, match=r"unknown model backend 'gpt': choose one of reference, hf, vllm, openai"):
        backend_class("gpt")
    with pytest.raises(KeyError):
        BACKENDS["gpu"]  # the Mapping protocol, for `in` and `.get`


def test_backends_are_built_once_and_the_models_checked() -> None:
    assert get_backend("cpu") is BACKENDS["cpu"] and get_backend("cpu").name == "cpu"
    assert sorted(BACKENDS) == ["cpu", "cuda", "rocm"]
    assert backend_class("reference").__name__ == "ReferenceBackend"
    assert "self-repair" in backend_names()
    registry: Registry[object] = Registry("model backend", {"bad": "math:pi"}, make=lambda obj: obj.no_such_attribute)
    with pytest.raises(AttributeError):
        registry.load("bad")
