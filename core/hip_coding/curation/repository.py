"""Extraction's first job: the repository itself (a folder or a clone), its source files and its provenance.

Provenance (project, commit, license, `source_date`) travels with every kernel into the task's `source`, for
time-split decontamination and license checks (docs/curation.md).
"""

from __future__ import annotations

import datetime
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hip_coding.errors import InputError

SOURCE_SUFFIXES = (".cu", ".cuh", ".hip", ".cpp", ".hpp", ".h", ".cc", ".cxx", ".hxx")
HEADER_SUFFIXES = (".cuh", ".hpp", ".h", ".hxx")
MAX_FILE_BYTES = 2_000_000  # generated or vendored monsters are not benchmark material
_SPDX = re.compile(r"SPDX-License-Identifier:\s*([\w.+-]+(?:\s+(?:OR|AND|WITH)\s+[\w.+-]+)*)")
_LICENSES = (  # (SPDX id, phrases that identify the text), most specific first
    ("Apache-2.0", ("apache license", "version 2.0")),
    ("GPL-3.0", ("gnu general public license", "version 3")),
    ("GPL-2.0", ("gnu general public license", "version 2")),
    ("LGPL-3.0", ("gnu lesser general public license",)),
    ("MPL-2.0", ("mozilla public license",)),
    ("BSD-3-Clause", ("redistribution and use", "neither the name")),
    ("BSD-2-Clause", ("redistribution and use",)),
    ("MIT", ("permission is hereby granted, free of charge",)),
    ("Unlicense", ("this is free and unencumbered software",)),
)


@dataclass(frozen=True)
class Provenance:
    """Where a repository came from."""

    project: str
    root: Path
    commit: str
    license: str
    source_date: str
    url: str = ""


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def is_url(repo: str) -> bool:
    return "://" in repo or repo.startswith("git@")


def fetch_repository(repo: str, out_dir: Path) -> Path:
    """A local folder for `repo`: the folder itself, or a clone of a git URL under `out_dir/repo`."""
    if not is_url(repo):
        root = Path(repo)
        if not root.is_dir():
            raise InputError(f"{repo}: no such directory (give a folder or a git URL)")
        return root.resolve()
    target = out_dir / "repo"
    if (target / ".git").is_dir():
        return target  # resumed: cloned by an earlier run
    out_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", repo, str(target)], capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise InputError(f"{repo}: git clone failed: {done.stderr.strip()[:500]}")
    return target


def detect_license(root: Path) -> str:
    """The SPDX id of the repository's LICENSE/COPYING file, or "" when there is none or it is not recognised."""
    for path in sorted(root.iterdir()):
        if path.is_file() and re.match(r"(?i)^(license|licence|copying)", path.name):
            text = path.read_text(encoding="utf-8", errors="replace")
            spdx = _SPDX.search(text)
            if spdx:
                return spdx.group(1)
            lowered = " ".join(text.lower().split())
            for spdx_id, phrases in _LICENSES:
                if all(phrase in lowered for phrase in phrases):
                    return spdx_id
            return "unknown"
    return ""


def provenance(root: Path, url: str = "") -> Provenance:
    """Project name, commit, license and the date of the newest commit (or newest file when not a git repo)."""
    name = re.sub(r"\.git$", "", url.rstrip("/").rsplit("/", 1)[-1]) if url else root.name
    commit = _git(root, "rev-parse", "HEAD") if (root / ".git").exists() else ""
    date = _git(root, "log", "-1", "--format=%cs") if commit else ""
    if not date:
        newest = max((p.stat().st_mtime for p in source_files(root)), default=0.0)
        date = datetime.date.fromtimestamp(newest).isoformat() if newest else ""
    return Provenance(name, root, commit, detect_license(root), date, url)


def source_files(root: Path, exclude: Path | None = None) -> list[Path]:
    """The C/C++/CUDA/HIP files of a repository, sorted, without .git, oversized files and `exclude` (our output)."""
    files = []
    skip = exclude.resolve() if exclude is not None else None
    for path in sorted(root.rglob("*")):
        if ".git" in path.relative_to(root).parts or path.suffix.lower() not in SOURCE_SUFFIXES:
            continue
        if skip is not None and path.resolve().is_relative_to(skip):
            continue
        if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
            files.append(path)
    return files


def file_license(path: Path) -> str:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return ""
    match = _SPDX.search(head)
    return match.group(1) if match else ""
