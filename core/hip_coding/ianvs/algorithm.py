"""Ianvs algorithm YAMLs: parse them and expand hyperparameters into test cases exactly as Ianvs does.

Ianvs (core/testcasecontroller/algorithm) reads `algorithm: {paradigm_type, initial_model_url, modules}`;
each module's `hyperparameters` is a list of single-key maps `- name: {values: [...]}`. The test cases are
the Cartesian product of the value lists, the first-listed hyperparameter varying slowest; the special
`other_hyperparameters` lists YAML files whose top-level keys become base values that explicit
hyperparameters override. Paths resolve against the current directory, as in Ianvs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hip_coding.errors import InputError

OTHER_HYPERPARAMETERS = "other_hyperparameters"


@dataclass(frozen=True)
class Module:
    """One `modules:` entry: its type (e.g. basemodel), ClassFactory alias, file and hyperparameter lists."""

    type: str
    name: str
    url: str
    hyperparameters: tuple[tuple[str, tuple[Any, ...]], ...] = ()

    def cases(self) -> list[dict[str, Any]]:
        """Every hyperparameter combination, in Ianvs's order (first-listed varies slowest)."""
        names = [name for name, _ in self.hyperparameters]
        combos = itertools.product(*(values for _, values in self.hyperparameters))
        cases = []
        for combo in combos:
            explicit = dict(zip(names, combo, strict=True))
            base: dict[str, Any] = {}
            other = explicit.pop(OTHER_HYPERPARAMETERS, None)
            for extra in other if isinstance(other, list) else ([other] if other else []):
                base.update(load_yaml_mapping(Path(str(extra)), "other_hyperparameters file"))
            base.update(explicit)
            cases.append(base)
        return cases


@dataclass(frozen=True)
class Algorithm:
    """One algorithm YAML: its name (from the job), paradigm, initial model URL and modules by type."""

    name: str
    path: Path
    paradigm_type: str
    initial_model_url: str = ""
    modules: dict[str, Module] = field(default_factory=dict)

    def cases(self) -> Iterator[dict[str, dict[str, Any]]]:
        """Test cases: for each module type, that module's hyperparameters (product across modules)."""
        types = list(self.modules)
        for combo in itertools.product(*(self.modules[t].cases() for t in types)):
            yield dict(zip(types, combo, strict=True))


def load_yaml_mapping(path: Path, what: str) -> dict[str, Any]:
    """A YAML file whose top level is a mapping; InputError naming the file (and line) otherwise."""
    if not path.is_file():
        raise InputError(f"{what} {path} not found (paths resolve against the current directory, {Path.cwd()})")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        raise InputError(f"{path}{where}: YAML syntax error: {problem}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping at the top level, got {type(data).__name__}")
    return data


def _values(path: Path, module: str, item: Any) -> tuple[str, tuple[Any, ...]]:
    where = f"{path}: module {module!r}: hyperparameters"
    if not isinstance(item, dict) or not item:
        raise InputError(f"{where}: each entry must be a map like `- temperature: {{values: [0.0]}}`, got {item!r}")
    name, spec = list(item.items())[-1]  # Ianvs reads only the last key of each map (popitem)
    if not isinstance(spec, dict) or "values" not in spec:
        raise InputError(f"{where}: {name}: expected `{{values: [...]}}`, got {spec!r}")
    values = spec["values"]
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple)):
        # Ianvs would iterate a string character by character; that is never what the author meant.
        raise InputError(f"{where}: {name}: values must be a list, got {values!r}")
    if not values:
        raise InputError(f"{where}: {name}: values is empty, so the job would have no test case")
    return str(name), tuple(values)


def load_algorithm(path: Path, name: str | None = None) -> Algorithm:
    """Parse an Ianvs algorithm YAML, checking what Ianvs would only fail on later."""
    data = load_yaml_mapping(path, "algorithm file")
    body = data.get("algorithm")
    if not isinstance(body, dict):
        raise InputError(f"{path}: expected a top-level `algorithm:` mapping")
    paradigm = body.get("paradigm_type")
    if not isinstance(paradigm, str) or not paradigm:
        raise InputError(f"{path}: algorithm.paradigm_type is required (e.g. singletasklearning)")
    initial = body.get("initial_model_url", "")
    if not isinstance(initial, str):
        raise InputError(f"{path}: algorithm.initial_model_url must be a string (Ianvs crashes on null)")
    raw_modules = body.get("modules")
    if not isinstance(raw_modules, list) or not raw_modules:
        raise InputError(f"{path}: algorithm.modules must be a non-empty list")
    modules: dict[str, Module] = {}
    for index, raw in enumerate(raw_modules):
        if not isinstance(raw, dict):
            raise InputError(f"{path}: algorithm.modules[{index}]: expected a mapping, got {raw!r}")
        missing = [key for key in ("type", "name", "url") if not isinstance(raw.get(key), str) or not raw.get(key)]
        if missing:
            raise InputError(f"{path}: algorithm.modules[{index}]: missing or empty {', '.join(missing)}")
        hps = raw.get("hyperparameters") or []
        if not isinstance(hps, list):
            raise InputError(f"{path}: module {raw['name']!r}: hyperparameters must be a list")
        module = Module(raw["type"], raw["name"], raw["url"], tuple(_values(path, raw["name"], hp) for hp in hps))
        modules[module.type] = module  # Ianvs keeps one module per type; the last one wins
    return Algorithm(name or path.stem, path, paradigm, initial, modules)
