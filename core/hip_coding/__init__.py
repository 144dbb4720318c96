"""hip-coding: benchmark and data-curation toolkit for LLM-written HIP and CUDA kernels."""

__version__ = "0.1.0"
