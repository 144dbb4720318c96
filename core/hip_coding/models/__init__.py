"""Model backends and generation: one interface, one module per backend, a registry by name.

`generate_samples(questions, ModelConfig(...))` turns release questions into samples that
`hip-coding evaluate` reads. Backends: reference, hf (transformers), vllm, openai (any
OpenAI-compatible server) and self-repair (wraps another backend, feeds compiler errors back).
"""

from hip_coding.models.base import Backend, Completion, Prompt, backend_names, create_backend, register_backend
from hip_coding.models.config import ModelConfig
from hip_coding.models.extract import extract_code
from hip_coding.models.generate import SamplesFile, generate_samples
from hip_coding.models.prompting import build_prompt

__all__ = [
    "Backend",
    "Completion",
    "ModelConfig",
    "Prompt",
    "SamplesFile",
    "backend_names",
    "build_prompt",
    "create_backend",
    "extract_code",
    "generate_samples",
    "register_backend",
]
