"""Named, lazily imported entries: the one registry style for execution backends and model backends.

An entry is registered as "package.module:attribute" and imported the first time it is looked up, so naming a backend
never pays for importing another (`hf` never imports `openai`, `cpu` never imports a vendor backend's helpers). A name
is registered once: registering it again is an error, never a silent replacement. An unknown name is an `InputError`
that lists the known ones, because it almost always comes from a user's option or YAML file.

The module is a top-level helper (like `errors`), so every layer, the execution engine included, may import it
(docs/architecture.md).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from hip_coding.errors import InputError

T = TypeVar("T")


def _unchanged(obj: Any) -> Any:
    return obj


class Registry(Mapping[str, T], Generic[T]):
    """A read-only mapping name -> entry whose entries are imported (and built by `make`) on first use.

    `kind` names what is registered, for messages ("unknown backend 'x': choose one of cpu, cuda, rocm").
    `make` turns the imported attribute into the entry (e.g. instantiates a class, or checks its type); it runs once
    per name. Mapping access (`reg[name]`, `name in reg`, iteration in registration order) follows the `Mapping`
    protocol (KeyError on an unknown name); `load(name)` is the user-facing lookup with an `InputError`.
    """

    def __init__(
        self, kind: str, entries: Mapping[str, str] | None = None, make: Callable[[Any], T] = _unchanged
    ) -> None:
        self.kind = kind
        self._targets: dict[str, str] = {}
        self._loaded: dict[str, T] = {}
        self._make = make
        self._lock = threading.Lock()
        for name, target in (entries or {}).items():
            self.register(name, target)

    def register(self, name: str, target: str) -> None:
        """Add `name` -> "package.module:attribute". Raises InputError if `name` is taken or `target` malformed."""
        module, _, attribute = target.partition(":")
        if not module or not attribute:
            raise InputError(f"{self.kind} {name!r}: target {target!r} is not 'package.module:attribute'")
        if name in self._targets:
            raise InputError(f"{self.kind} {name!r} is already registered (as {self._targets[name]})")
        self._targets[name] = target

    def names(self) -> tuple[str, ...]:
        """The registered names, in registration order."""
        return tuple(self._targets)

    def target(self, name: str) -> str:
        """The "module:attribute" registered under `name` (KeyError if none)."""
        return self._targets[name]

    def load(self, name: str) -> T:
        """The entry called `name`, imported on first use; an InputError listing the known names if there is none."""
        if name not in self._targets:
            raise InputError(f"unknown {self.kind} {name!r}: choose one of {', '.join(self._targets)}")
        return self[name]

    def __getitem__(self, name: str) -> T:
        if name in self._loaded:
            return self._loaded[name]
        module, _, attribute = self._targets[name].partition(":")
        with self._lock:
            if name not in self._loaded:
                self._loaded[name] = self._make(getattr(importlib.import_module(module), attribute))
        return self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self._targets

    def __iter__(self) -> Iterator[str]:
        return iter(self._targets)

    def __len__(self) -> int:
        return len(self._targets)
