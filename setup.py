"""Packaging of hip-coding: distribution `ianvs-hip-coding`, import package `hip_coding` (sources in core/).

Ianvs installs a top-level package named `core`, so ours lives under core/hip_coding/ and is imported
as `hip_coding`; `core` itself is never a package of ours.
"""

from pathlib import Path

from setuptools import find_packages, setup

setup(
    name="ianvs-hip-coding",
    version="0.1.0",
    description="Benchmark and data-curation toolkit for LLM-written HIP and CUDA GPU kernels (KubeEdge-Ianvs plugin)",
    long_description=Path("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.10",
    package_dir={"": "core"},
    packages=find_packages("core"),
    package_data={"hip_coding": ["execution/runtime/include/**/*", "execution/vendor/*.h"]},
    include_package_data=True,
    install_requires=[
        "numpy>=1.22",
        "pydantic>=2",
        "pyyaml>=6",
        "tqdm>=4.60",
        "tree-sitter>=0.22",
        "tree-sitter-cuda>=0.21",
    ],
    extras_require={
        "test": ["pytest>=7", "ruff>=0.5", "mypy>=1.10", "psutil>=5.9"],
    },
    entry_points={"console_scripts": ["hip-coding=hip_coding.cli:main"]},
)
