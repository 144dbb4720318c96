"""Ianvs basemodel `hip_coding_reference`:
returns each task's reference solution: the dataset's self-check, which must score pass@1 = 1.0.

A thin edge over hip_coding.ianvs.basemodel; the file name and alias are unique because Ianvs caches
plugin modules by bare file name and shares one alias namespace between basemodels and metrics.
"""

from hip_coding.ianvs.basemodel import HipCodingBaseModel
from hip_coding.ianvs.class_factory import ClassFactory, ClassType

__all__ = ["HipCodingReferenceModel"]


@ClassFactory.register(ClassType.GENERAL, alias="hip_coding_reference")
class HipCodingReferenceModel(HipCodingBaseModel):
    backend = "reference"
