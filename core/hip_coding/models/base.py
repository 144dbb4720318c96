"""The one interface every backend implements, and the registry of backends by name.

Shaped like lm-evaluation-harness: a backend takes prompts and returns `n` raw replies per prompt with
token counts and timing; prompting and code extraction live elsewhere, so a new backend is one module
with one `generate` method, registered under its name.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hip_coding.errors import InputError
from hip_coding.models.config import ModelConfig
from hip_coding.registry import Registry


@dataclass(frozen=True)
class Prompt:
    """One task's prompt in both renderings; the backend picks the one it can use.

    `messages` are chat turns (role, content) for chat templates and chat endpoints; `text` is the
    same request as plain text for raw completion. A reply to `text` continues it, so `code_prefix` (the
    code the text already ends with, e.g. the complete-style declaration) is put back in front of it.
    """

    task_id: str
    language: str
    entry_point: str
    style: str
    messages: tuple[tuple[str, str], ...]
    text: str
    code_prefix: str = ""


@dataclass(frozen=True)
class Completion:
    """One raw reply. `error` is a one-line reason when there is no usable reply (never raised)."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    chat: bool = True  # True: a reply to `messages`; False: a continuation of `text`
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # backend-specific facts, e.g. repair rounds


def failed(message: str, seconds: float = 0.0, chat: bool = True) -> Completion:
    return Completion("", seconds=seconds, chat=chat, error=message)


class Backend(abc.ABC):
    """Turns prompts into replies. Constructed once per run; may hold a loaded model."""

    name: str = ""

    def __init__(self, config: ModelConfig) -> None:
        self.config = config

    @abc.abstractmethod
    def generate(self, prompts: Sequence[Prompt], n: int) -> list[list[Completion]]:
        """`n` replies for each prompt, in order. Per-prompt failures are Completions with `error` set."""

    @property
    def chunk_size(self) -> int:
        """How many prompts to hand over at once (a batch, or enough to keep all connections busy)."""
        return self.config.batch_size

    def close(self) -> None:  # noqa: B027 - optional hook, most backends hold nothing to release
        """Release what the backend holds (threads, servers); the loaded model cache stays."""


def _backend_class(obj: Any) -> type[Backend]:
    if not (isinstance(obj, type) and issubclass(obj, Backend)):
        raise InputError(f"{obj!r} is not a hip_coding.models.base.Backend")
    return obj


# Imported on first use (hip_coding.registry), so `hf` never pays for `openai` and vice versa.
_REGISTRY: Registry[type[Backend]] = Registry(
    "model backend",
    {
        "reference": "hip_coding.models.reference:ReferenceBackend",
        "hf": "hip_coding.models.hf:HFBackend",
        "vllm": "hip_coding.models.vllm_engine:VLLMBackend",
        "openai": "hip_coding.models.openai_api:OpenAIBackend",
        "self-repair": "hip_coding.models.self_repair:SelfRepairBackend",
    },
    make=_backend_class,
)


def register_backend(name: str, target: str) -> None:
    """Add a backend: `target` is "package.module:ClassName" of a `Backend` subclass. A taken name is an InputError."""
    _REGISTRY.register(name, target)


def backend_names() -> tuple[str, ...]:
    return _REGISTRY.names()


def backend_class(name: str) -> Callable[[ModelConfig], Backend]:
    """The class registered under `name` (an InputError listing the known names if there is none)."""
    return _REGISTRY.load(name)


def create_backend(config: ModelConfig) -> Backend:
    """A ready backend for `config` (loading a model can take a while)."""
    return backend_class(config.backend)(config)
