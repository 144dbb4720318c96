"""How samples are judged: one configuration type, validated in its constructor (CLI and Ianvs alike)."""

from __future__ import annotations

from dataclasses import dataclass

from hip_coding.errors import InputError
from hip_coding.evaluation.vendor import VENDOR_COMPILERS
from hip_coding.execution.backends import BACKENDS
from hip_coding.execution.options import Mode
from hip_coding.tasks.schema import Record


def csv_names(text: str) -> tuple[str, ...]:
    """ "a, b,,c" -> ("a", "b", "c"): how the CLI and the testenv spell lists."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class EvalConfig:
    """How samples are judged. Every field but `result_cache` is part of the result cache key.

    A bad value (an unknown backend, mode or vendor compiler, a scale or repeat count out of range) is an
    `InputError` here, whoever builds the configuration.
    """

    backend: str = "cpu"
    modes: tuple[Mode, ...] | None = None  # None: the modes each task declares
    compile_check: tuple[str, ...] = ()
    timeout_scale: float = 1.0
    repeat: int = 1  # run each binary this many times; differing verdicts are reported as flaky
    timeout_seconds: float | None = None  # a fixed run limit instead of the reference-derived one
    result_cache: bool = True  # read and fill the verdict cache (docs/evaluation.md)

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise InputError(f"backend: unknown {self.backend!r} (choose from {', '.join(sorted(BACKENDS))})")
        if self.modes is not None:
            try:
                object.__setattr__(self, "modes", tuple(Mode(m) for m in self.modes))
            except ValueError as err:
                raise InputError(f"mode: {err} (choose from {', '.join(m.value for m in Mode)})") from None
            if not self.modes:
                raise InputError("mode: at least one checking mode")
        unknown = [c for c in self.compile_check if c not in VENDOR_COMPILERS]
        if unknown:
            known = ", ".join(VENDOR_COMPILERS)
            raise InputError(f"compile check: unknown compiler {unknown[0]!r} (choose from {known})")
        if not self.timeout_scale > 0:
            raise InputError("timeout scale: must be positive")
        if self.repeat < 1:
            raise InputError("repeat: must be at least 1")
        if self.timeout_seconds is not None and not self.timeout_seconds > 0:
            raise InputError("timeout seconds: must be positive")

    @classmethod
    def from_options(
        cls, *, backend: str = "cpu", mode: str | None = None, compile_check: str = "", timeout_scale: float = 1.0
    ) -> EvalConfig:
        """The configuration from the spellings the CLI and the testenv use (a mode name, a comma list)."""
        modes = (mode,) if mode else None
        return cls(backend, modes, csv_names(compile_check), timeout_scale)  # type: ignore[arg-type]

    def modes_for(self, record: Record) -> tuple[Mode, ...]:
        if self.backend != "cpu":
            return (Mode.NORMAL,)  # a GPU's schedule needs no checking modes
        if self.modes is not None:
            return self.modes
        return tuple(Mode(m) for m in record.answer.modes.split(","))
