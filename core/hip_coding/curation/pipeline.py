"""The curation pipeline: the automatic stages in order, with the model (if any) passed in explicitly.

Each stage also runs alone (the `run_*` function of its module); this module is what `curate run` and the
model-using stages share: loading a model once (`load_model`) and handing its hooks to wrap and testgen. Review
is the human's step and is not part of `run_pipeline` (docs/curation.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hip_coding.curation import archive, extract, filter, stats, testgen, wrap
from hip_coding.curation.assist import CurationModel
from hip_coding.curation.funnel import Funnel
from hip_coding.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TestgenOptions:
    """How testgen checks candidates."""

    workers: int = 2
    negatives: bool = False
    cross_check: bool = False  # needs a model


def load_model(algorithm: Path | None, cross_check: bool = False) -> CurationModel | None:
    """The model of an algorithm YAML (None without one); `cross_check` without a model is an InputError."""
    if cross_check and algorithm is None:
        raise InputError("--cross-check needs a model: give --algorithm")
    if algorithm is None:
        return None
    model = CurationModel.from_algorithm(algorithm)
    log.info("model-assisted steps with %s (%s)", model.label, model.config.backend)
    return model


def wrap_stage(out_dir: Path, model: CurationModel | None) -> Funnel:
    """`curate wrap`: the rules, and the model for what they refuse."""
    return wrap.run_wrap(out_dir, model=model.wrap if model else None)


def testgen_stage(out_dir: Path, model: CurationModel | None, options: TestgenOptions) -> Funnel:
    """`curate testgen`: harness and tests per wrapped kernel; with a model, drafts and the optional cross-check."""
    if options.cross_check and model is None:
        raise InputError("--cross-check needs a model: give --algorithm")
    return testgen.run_testgen(
        out_dir,
        workers=options.workers,
        negatives=options.negatives,
        cross_check=model.cross_check if model and options.cross_check else None,
        describer=model.describe if model else None,
        drafted_by=model.label if model else "",
    )


def run_pipeline(
    repo: str,
    out_dir: Path,
    model: CurationModel | None = None,
    options: TestgenOptions = TestgenOptions(),
    require_review: bool = False,
    report: Callable[[Funnel], None] = lambda funnel: None,
) -> tuple[dict[str, Any], list[Path]]:
    """extract -> filter -> wrap -> testgen -> archive -> stats; `report` sees each stage's funnel as it ends."""
    report(extract.run_extract(repo, out_dir))
    report(filter.run_filter(out_dir))
    report(wrap_stage(out_dir, model))
    report(testgen_stage(out_dir, model, options))
    report(archive.run_archive(out_dir, require_review=require_review))
    return stats.run_stats(out_dir)  # the numbers and the plots
