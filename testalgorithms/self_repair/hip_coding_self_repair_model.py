"""Ianvs basemodel `hip_coding_self_repair`:
wraps another backend and feeds compiler errors back for a few rounds (never the hidden tests).

A thin edge over hip_coding.ianvs.basemodel; the file name and alias are unique because Ianvs caches
plugin modules by bare file name and shares one alias namespace between basemodels and metrics.
"""

from hip_coding.ianvs.basemodel import HipCodingBaseModel
from hip_coding.ianvs.class_factory import ClassFactory, ClassType

__all__ = ["HipCodingSelfRepairModel"]


@ClassFactory.register(ClassType.GENERAL, alias="hip_coding_self_repair")
class HipCodingSelfRepairModel(HipCodingBaseModel):
    backend = "self-repair"
