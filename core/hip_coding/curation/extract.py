"""Stage 1, extract: every `__global__` definition of a repository, with the facts later stages need.

The stage is five jobs, one module each: `repository` (the folder or clone, its files, provenance), `macros`
(signature macros expanded in place), `scan` (one file's kernels, non-kernels and definitions, with `facts`
reading parameter roles and body features off the syntax tree), and `closure` (the project index and each
kernel's dependency closure, which turn a `KernelSyntax` into a `Kernel`). This module runs them over a
repository and writes the stage's files. docs/curation.md lists how the tricky cases of real code are treated.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from hip_coding.curation.closure import BUILTIN_NAMES, ProjectIndex, closure, resolve
from hip_coding.curation.funnel import Funnel, write_jsonl
from hip_coding.curation.kernel import Dep, Kernel, KParam, Problem
from hip_coding.curation.macros import expand_signature_macros
from hip_coding.curation.repository import Provenance, fetch_repository, is_url, provenance, source_files
from hip_coding.curation.scan import FileScan, scan_file

__all__ = [
    "BUILTIN_NAMES",
    "Dep",
    "Extraction",
    "KParam",
    "Kernel",
    "Problem",
    "closure",
    "expand_signature_macros",
    "extract_repository",
    "run_extract",
    "scan_file",
    "source_files",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extraction:
    """The kernels of a repository and every `__global__` that did not become one."""

    provenance: Provenance
    kernels: list[Kernel]
    problems: list[Problem]
    files: int
    bytes: int

    def funnel(self) -> Funnel:
        funnel = Funnel("extract", items_out=len(self.kernels))
        for problem in self.problems:
            funnel.dropped[problem.reason] += 1
        funnel.items_in = funnel.items_out + sum(funnel.dropped.values())
        return funnel


def with_launches(kernel: Kernel, launches: list[tuple[str, str]]) -> Kernel:
    """The kernel with the launches its repository makes: template arguments (templates) and block sizes."""
    if kernel.template_params:
        launches = [launch for launch in launches if launch[0]]
        return replace(
            kernel, instantiations=tuple(a for a, _ in launches), launch_blocks=tuple(b for _, b in launches)
        )
    return replace(kernel, launch_blocks=tuple(b for a, b in launches if not a))


def extract_repository(root: Path, url: str = "", exclude: Path | None = None) -> Extraction:
    """Scan every source file of `root`; resolve each kernel's dependencies against the whole project."""
    prov = provenance(root, url)
    scans = []
    total = 0
    for path in source_files(root, exclude):
        total += path.stat().st_size
        try:
            scans.append(scan_file(path, root))
        except (OSError, ValueError) as err:  # unreadable file: report it, keep going
            scans.append(FileScan(path.relative_to(root).as_posix(), problems=[
                Problem(path.relative_to(root).as_posix(), 0, "parse_error", str(err))]))  # fmt: skip
    index = ProjectIndex([d for scan in scans for d in scan.definitions])
    launches: dict[str, list[tuple[str, str]]] = {}
    for scan in scans:
        for name, found in scan.launches.items():
            launches.setdefault(name, []).extend(launch for launch in found if launch not in launches.get(name, []))
    kernels = [with_launches(resolve(syntax, index, prov), launches.get(syntax.name, [])) for scan in scans
               for syntax in scan.kernels]  # fmt: skip
    problems = [p for scan in scans for p in scan.problems]
    for problem in problems:
        if problem.reason == "parse_error":
            log.info("%s:%d: __global__ not extracted (does not parse cleanly): %s", problem.path, problem.line,
                     problem.detail)  # fmt: skip
    return Extraction(prov, kernels, problems, len(scans), total)


def run_extract(repo: str, out_dir: Path) -> Funnel:
    """The `extract` stage: `out_dir/extract.jsonl` (one kernel per line) and `extract.problems.jsonl`."""
    root = fetch_repository(repo, out_dir)
    # Our own output (candidate programs!) must not be scanned when it sits inside the repository.
    inside = root.resolve().is_relative_to(out_dir.resolve())  # a clone lives in OUT/repo: nothing to exclude
    result = extract_repository(root, repo if is_url(repo) else "", exclude=None if inside else out_dir)
    write_jsonl(out_dir / "extract.jsonl", (k.to_dict() for k in result.kernels))
    write_jsonl(out_dir / "extract.dropped.jsonl", (
        {"id": f"{p.path}:{p.line}", **asdict(p)} for p in result.problems))  # fmt: skip
    funnel = result.funnel()
    funnel.save(out_dir)
    return funnel
