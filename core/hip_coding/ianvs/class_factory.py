"""sedna's ClassFactory when sedna is installed, else a compatible fallback with the same behaviour.

Plugin files (testenv metrics, testalgorithms basemodels) import `ClassFactory, ClassType` from here, so
they register into Ianvs's registry under the real Ianvs and into ours under `hip-coding bench`.
Behaviour kept from sedna (docs/ianvs.md §4): the key is the alias if given, else the
object's `__name__`; classes and functions both register; a duplicate alias silently replaces the
earlier one (last wins); an unknown name raises ValueError with sedna's wording.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class _FallbackClassType:
    """The type names sedna defines; Ianvs looks basemodels and metrics up under GENERAL."""

    GENERAL = "general"
    HEM = "hard_example_mining"
    STP = "task_definition"
    CALLBACK = "callback"


class _FallbackClassFactory:
    """A registry of plugin classes and functions keyed by type name, then alias."""

    __registry__: dict[str, dict[str, Any]] = {}

    @classmethod
    def register(cls, type_name: str = _FallbackClassType.GENERAL, alias: str | None = None) -> Callable[[Any], Any]:
        def decorator(target: Any) -> Any:
            cls.register_cls(target, type_name, alias)
            return target

        return decorator

    @classmethod
    def register_cls(cls, target: Any, type_name: str = _FallbackClassType.GENERAL, alias: str | None = None) -> Any:
        cls.__registry__.setdefault(type_name, {})[alias or target.__name__] = target
        return target

    @classmethod
    def is_exists(cls, type_name: str, cls_name: str | None = None) -> bool:
        if cls_name is None:
            return type_name in cls.__registry__
        return cls_name in cls.__registry__.get(type_name, {})

    @classmethod
    def get_cls(cls, type_name: str, t_cls_name: str | None = None) -> Any:
        if t_cls_name is None or not cls.is_exists(type_name, t_cls_name):
            raise ValueError(f"can't find class type {type_name} class name {t_cls_name} in class registry")
        return cls.__registry__[type_name][t_cls_name]


try:  # the real registry, when Ianvs's sedna is installed (never the unrelated PyPI project `sedna`)
    from sedna.common.class_factory import ClassFactory, ClassType  # type: ignore[import-not-found]

    USING_SEDNA = True
except ImportError:
    ClassFactory = _FallbackClassFactory  # type: ignore[misc,assignment]
    ClassType = _FallbackClassType  # type: ignore[misc,assignment]
    USING_SEDNA = False

__all__ = ["USING_SEDNA", "ClassFactory", "ClassType"]
