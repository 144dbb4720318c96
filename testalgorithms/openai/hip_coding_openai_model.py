"""Ianvs basemodel `hip_coding_openai`:
any OpenAI-compatible server: vLLM, Ollama, llama.cpp, transformers serve or a hosted API.

A thin edge over hip_coding.ianvs.basemodel; the file name and alias are unique because Ianvs caches
plugin modules by bare file name and shares one alias namespace between basemodels and metrics.
"""

from hip_coding.ianvs.basemodel import HipCodingBaseModel
from hip_coding.ianvs.class_factory import ClassFactory, ClassType

__all__ = ["HipCodingOpenAIModel"]


@ClassFactory.register(ClassType.GENERAL, alias="hip_coding_openai")
class HipCodingOpenAIModel(HipCodingBaseModel):
    backend = "openai"
