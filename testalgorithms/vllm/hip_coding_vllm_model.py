"""Ianvs basemodel `hip_coding_vllm`:
vLLM's offline engine, for GPU machines (pip install 'ianvs-hip-coding[vllm]').

A thin edge over hip_coding.ianvs.basemodel; the file name and alias are unique because Ianvs caches
plugin modules by bare file name and shares one alias namespace between basemodels and metrics.
"""

from hip_coding.ianvs.basemodel import HipCodingBaseModel
from hip_coding.ianvs.class_factory import ClassFactory, ClassType

__all__ = ["HipCodingVLLMModel"]


@ClassFactory.register(ClassType.GENERAL, alias="hip_coding_vllm")
class HipCodingVLLMModel(HipCodingBaseModel):
    backend = "vllm"
