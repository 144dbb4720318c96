"""Ianvs basemodel `hip_coding_hf`:
a local Hugging Face transformers model (a directory or a GGUF file), on the CPU or a GPU.

A thin edge over hip_coding.ianvs.basemodel; the file name and alias are unique because Ianvs caches
plugin modules by bare file name and shares one alias namespace between basemodels and metrics.
"""

from hip_coding.ianvs.basemodel import HipCodingBaseModel
from hip_coding.ianvs.class_factory import ClassFactory, ClassType

__all__ = ["HipCodingHFModel"]


@ClassFactory.register(ClassType.GENERAL, alias="hip_coding_hf")
class HipCodingHFModel(HipCodingBaseModel):
    backend = "hf"
