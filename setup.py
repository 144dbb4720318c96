"""Packaging of hip-coding: distribution `ianvs-hip-coding`, import package `hip_coding` (sources in core/).

Ianvs installs a top-level package named `core`, so ours lives under core/hip_coding/ and is imported
as `hip_coding`; `core` itself is never a package of ours.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

setup(
    name="ianvs-hip-coding",
    version="0.1.0",
    description="Benchmark and data-curation toolkit for LLM-written HIP and CUDA GPU kernels (KubeEdge-Ianvs plugin)",
    long_description=Path("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.10",
    package_dir={"": "core"},
    packages=find_namespace_packages("core", include=["hip_coding*"]),
    package_data={"hip_coding": ["execution/runtime/include/**/*", "execution/vendor/*.h"]},
    include_package_data=True,
    install_requires=[
        "numpy>=1.22",
        "pydantic>=2",
        "pyyaml>=6",
        "tqdm>=4.60",
        "tree-sitter>=0.22",
        "tree-sitter-cuda>=0.21",
        "matplotlib>=3.7",
        "openai>=1.40",
        "pandas>=2",  # rank tables, computed as Ianvs computes them
        "prettytable>=2",
    ],
    extras_require={
        # Local Hugging Face models (the `hf` backend and the embedded SmolLM2 default).
        "hf": ["torch>=2.1", "transformers>=4.46", "tokenizers>=0.20", "accelerate>=0.30", "gguf>=0.10"],
        # The `ray` executor: evaluation spread over a Ray cluster (docs/scale-out.md).
        "ray": ["ray>=2.40"],
        # vLLM's offline engine, for GPU users (not installed by scripts/setup.sh).
        "vllm": ["vllm>=0.6"],
        "test": [
            "pytest>=7",
            "ruff>=0.5",
            "mypy>=1.10",
            "psutil>=5.9",
            "transformers[serving]>=4.46",  # `transformers serve`: the real OpenAI-compatible server of the tests
        ],
    },
    entry_points={"console_scripts": ["hip-coding=hip_coding.cli:main"]},
)
