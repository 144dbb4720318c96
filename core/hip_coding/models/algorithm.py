"""An Ianvs algorithm YAML read as a model configuration (what `hip-coding generate` and curation's model use).

The YAML's `basemodel` module must have exactly one hyperparameter combination. Its backend is the `backend`
hyperparameter, else the module-name convention `hip_coding_<backend>` (with `_` for `-`), which is how the shipped
testalgorithms name their modules (docs/models.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hip_coding.errors import InputError
from hip_coding.ianvs.algorithm import Module, load_algorithm
from hip_coding.models.base import backend_names
from hip_coding.models.config import ModelConfig

MODULE_PREFIX = "hip_coding_"


def backend_of(module: Module, settings: dict[str, Any]) -> str:
    """The `backend` hyperparameter, else the alias convention hip_coding_<backend> (_ for -)."""
    if settings.get("backend"):
        return str(settings["backend"])
    if module.name.startswith(MODULE_PREFIX):
        name = module.name[len(MODULE_PREFIX) :].replace("_", "-")
        if name in backend_names():
            return name
    raise InputError(
        f"module {module.name!r}: cannot tell the backend; add a `backend` hyperparameter or name the module "
        f"{' or '.join(MODULE_PREFIX + b.replace('-', '_') for b in backend_names())}"
    )


def model_config(algorithm_path: Path, dataset: Path, style: str | None = None) -> tuple[ModelConfig, str]:
    """The one test case of an algorithm YAML's basemodel as a ModelConfig, and its label.

    `dataset` is where the `reference` backend reads its answers when the YAML names no model; `style` overrides the
    prompt style.
    """
    algorithm = load_algorithm(algorithm_path)
    module = algorithm.modules.get("basemodel")
    if module is None:
        raise InputError(f"{algorithm_path}: no `type: basemodel` module")
    cases = module.cases()
    if len(cases) != 1:
        several = [f"{name} {list(values)}" for name, values in module.hyperparameters if len(values) > 1]
        raise InputError(
            f"{algorithm_path}: {len(cases)} hyperparameter combinations ({'; '.join(several)}); "
            "`hip-coding generate` runs one: give each hyperparameter a single value"
        )
    settings = dict(cases[0])
    label = str(settings.pop("label", "") or "")
    settings["backend"] = backend_of(module, settings)
    if style:
        settings["prompt_style"] = style
    if settings["backend"] == "reference" and not settings.get("model"):
        settings["model"] = str(dataset)  # the reference answers come from the dataset being generated for
    config = ModelConfig.from_settings(settings, where=f"{algorithm_path}: module {module.name!r}")
    return config, label or f"{config.backend}:{config.model or 'default'}"
