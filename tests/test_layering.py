"""The package layering of docs/architecture.md, checked on every module's syntax tree.

Every import counts: at module level, inside functions, under `if TYPE_CHECKING:`, through `importlib.import_module`
or `__import__` with a literal name, and the lazy "hip_coding.x.y:attribute" targets of `hip_coding.registry`. Rules:

- the execution engine (`hip_coding.execution`) imports nothing above it: only itself and the top-level helper
  modules (`errors`, `registry`, `jsonl`), which in turn import only each other;
- the task format (`hip_coding.tasks`) imports neither `hip_coding.evaluation` nor `hip_coding.cli`;
- no library module (anything outside `hip_coding.cli` and `__main__`) imports `hip_coding.cli`;
- no module imports the plugin files (`testenv/`, `testalgorithms/`), by package or by bare module name after a
  `sys.path` change, and no module changes `sys.path` except the job runner's loader of a job's own plugin files.
"""

from __future__ import annotations

import ast
import functools
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "core"
PACKAGE = CORE / "hip_coding"
PLUGINS = Path(__file__).resolve().parent.parent

#: Top-level modules below every package: any layer, the execution engine included, may import them.
HELPERS = frozenset({"hip_coding", "hip_coding.errors", "hip_coding.registry", "hip_coding.jsonl"})
#: The one place that may put a directory on sys.path: it imports the plugin file a job names, as Ianvs does.
SYS_PATH_ALLOWED = frozenset({("ianvs/runner.py", "load_module")})
#: Known breaks waiting for their fix (none today).
#: Reported as warnings while they last; an entry that no longer breaks a rule fails the test, so it gets removed.
PENDING: frozenset[str] = frozenset()

_TARGET = re.compile(r"^(hip_coding(?:\.\w+)+):\w+$")
_SYS_PATH_EDITS = frozenset({"insert", "append", "extend", "remove", "pop", "clear"})


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    rule: str
    imported: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.imported}"


def _plugin_modules() -> frozenset[str]:
    """Module names of the plugin files (each is imported by bare name from its own directory)."""
    files = [*PLUGINS.glob("testenv/*.py"), *PLUGINS.glob("testalgorithms/*/*.py")]
    return frozenset({"testenv", "testalgorithms", *(f.stem for f in files)})


@functools.cache
def _known_modules() -> frozenset[str]:
    return frozenset(_module_name(p.relative_to(PACKAGE).as_posix()) for p in PACKAGE.rglob("*.py"))


def _module_name(relative: str) -> str:
    parts = ["hip_coding", *Path(relative).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, dotted module name) of everything `tree` imports, including the `from X import name` submodules."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:  # `from hip_coding import cli` imports the module hip_coding.cli
                submodule = f"{base}.{alias.name}"
                yield node.lineno, submodule if submodule in _known_modules() else base
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = ast.unparse(node.func)
            if called in ("importlib.import_module", "import_module", "__import__") and isinstance(
                node.args[0].value, str
            ):
                yield node.lineno, node.args[0].value
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and (m := _TARGET.match(node.value)):
            yield node.lineno, m.group(1)


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _functions(node: ast.AST, name: str = "<module>") -> Iterator[tuple[ast.AST, str]]:
    """Every node below `node` with the name of the function it is in."""
    for child in ast.iter_child_nodes(node):
        inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else name
        yield child, inner
        yield from _functions(child, inner)


def _sys_path_edits(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, enclosing function) of each change to sys.path: a mutating method call, an assignment, addsitedir."""
    for node, function in _functions(tree):
        if isinstance(node, ast.Call):
            called = ast.unparse(node.func)
            edit = called.rpartition(".")[::2] in {("sys.path", e) for e in _SYS_PATH_EDITS}
            if edit or called in ("site.addsitedir", "addsitedir"):
                yield node.lineno, function
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(ast.unparse(t).startswith("sys.path") for t in targets):
                yield node.lineno, function


def check_module(source: str, relative: str, plugins: frozenset[str] = frozenset()) -> list[Violation]:
    """The layering violations of one module, `relative` being its path under core/hip_coding."""
    tree = ast.parse(source, filename=relative)
    module = _module_name(relative)
    is_package = relative.endswith("__init__.py")
    library = not (_within(module, "hip_coding.cli") or module == "hip_coding.__main__")
    found: list[Violation] = []
    for line, name in sorted(set(_imports(tree, module, is_package))):
        rule = ""
        top = name.split(".")[0]
        if top in plugins or top in ("testenv", "testalgorithms"):
            rule = "no module imports the plugin files (testenv/, testalgorithms/)"
        elif not _within(name, "hip_coding") or name in HELPERS and module in HELPERS:
            continue
        elif module in HELPERS:
            rule = "a top-level helper module imports only the other helpers"
        elif _within(module, "hip_coding.execution") and not (_within(name, "hip_coding.execution") or name in HELPERS):
            rule = "the execution engine imports nothing above it"
        elif _within(module, "hip_coding.tasks") and (
            _within(name, "hip_coding.evaluation") or _within(name, "hip_coding.cli")
        ):
            rule = "the task format imports neither evaluation nor the CLI"
        elif library and _within(name, "hip_coding.cli"):
            rule = "library code never imports the CLI"
        if rule:
            found.append(Violation(relative, line, rule, name))
    for line, function in _sys_path_edits(tree):
        if (relative, function) not in SYS_PATH_ALLOWED:
            found.append(Violation(relative, line, "no module changes sys.path (a way to import plugin files)", ""))
    return found


def _tree_violations() -> dict[str, list[Violation]]:
    plugins = _plugin_modules()
    by_file: dict[str, list[Violation]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        found = check_module(path.read_text(encoding="utf-8"), relative, plugins)
        if found:
            by_file[relative] = found
    return by_file


def test_every_module_keeps_the_layering() -> None:
    by_file = _tree_violations()
    for relative in sorted(PENDING & by_file.keys()):
        warnings.warn("pending layering fix: " + "; ".join(map(str, by_file[relative])), stacklevel=1)
    assert not PENDING - {p for p in PENDING if not (PACKAGE / p).exists()} - by_file.keys(), (
        f"{sorted(PENDING - by_file.keys())} no longer break a layering rule: remove them from PENDING"
    )
    broken = [str(v) for relative, found in by_file.items() if relative not in PENDING for v in found]
    assert not broken, "layering broken (docs/architecture.md):\n" + "\n".join(broken)


def test_the_tree_has_modules_of_every_layer() -> None:
    """A check that reads nothing passes everything: make sure it sees the layers it rules on."""
    names = _known_modules()
    for package in ("hip_coding.execution", "hip_coding.tasks", "hip_coding.cli", "hip_coding.models"):
        assert sum(_within(n, package) for n in names) >= 3, package
    assert "hip_coding_metrics" in _plugin_modules() and "hip_coding_hf_model" in _plugin_modules()


BAD_MODULES = [
    ("execution/sandbox.py", "def f():\n    from hip_coding.evaluation import pipeline\n", 2, "execution engine"),
    ("execution/backends/cpu.py", "from ...models import base\n", 1, "execution engine"),
    ("execution/x.py", "import importlib\nimportlib.import_module('hip_coding.report.page')\n", 2, "execution"),
    ("execution/x.py", "R = {'a': 'hip_coding.models.hf:HFBackend'}\n", 1, "execution engine"),
    ("tasks/build.py", "from hip_coding import evaluation\n", 1, "task format"),
    ("tasks/build.py", "import hip_coding.cli.main\n", 1, "task format"),
    ("models/hf.py", "def f():\n    if True:\n        from hip_coding.cli.generate import x\n", 3, "the CLI"),
    ("ianvs/metrics.py", "from testenv import hip_coding_metrics\n", 1, "plugin files"),
    ("report/page.py", "import hip_coding_hf_model\n", 1, "plugin files"),
    ("report/page.py", "import sys\ndef f(d):\n    sys.path.insert(0, d)\n", 3, "sys.path"),
    ("registry.py", "from hip_coding.execution import sandbox\n", 1, "helper"),
]


@pytest.mark.parametrize(("relative", "text", "line", "rule"), BAD_MODULES)
def test_a_bad_import_is_named_with_file_line_and_rule(relative: str, text: str, line: int, rule: str) -> None:
    found = check_module(text, relative, frozenset({"hip_coding_hf_model"}))
    assert [(v.path, v.line) for v in found] == [(relative, line)], found
    assert rule in found[0].rule


def test_allowed_imports_pass() -> None:
    good = (
        "from hip_coding.errors import InputError\nfrom hip_coding.registry import Registry\n"
        "from hip_coding.execution.cparse import blank\nfrom . import options\nimport os, sys\n"
        "def f():\n    import hip_coding.execution.sandbox\n    return sys.path[0]\n"
    )
    assert check_module(good, "execution/backends/x.py") == []
    assert check_module("from hip_coding.evaluation import x\n", "models/self_repair.py") == []
    assert check_module("from hip_coding.cli import main\n", "__main__.py") == []
    assert check_module("from hip_coding.tasks import schema\n", "cli/dataset.py") == []
