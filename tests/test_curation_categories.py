"""The category rules (curation/categories.py), pinned on labelled kernels written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hip_coding.curation.categories import CATEGORIES, classify
from hip_coding.curation.extract import extract_repository

FIXTURE = Path(__file__).parent / "curation_fixtures" / "categories"


def labelled() -> dict[str, str]:
    text = (FIXTURE / "labelled.cu").read_text()
    pairs = re.findall(r"// label: (\w+)\n__global__ void (\w+)", text)
    return {name: label for label, name in pairs}


LABELS = labelled()


@pytest.fixture(scope="module")
def kernels() -> dict:
    return {k.name: k for k in extract_repository(FIXTURE).kernels}


def test_the_labelled_set_is_large_and_covers_the_categories() -> None:
    assert len(LABELS) >= 40
    assert set(LABELS.values()) == set(CATEGORIES)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_each_labelled_kernel_gets_its_category(kernels: dict, name: str) -> None:
    category = classify(kernels[name])
    assert category.name == LABELS[name], f"{name}: {category.name} ({category.why}), labelled {LABELS[name]}"
    assert category.why
