"""KubeEdge-Ianvs glue: the ClassFactory fallback, algorithm YAMLs, the basemodel base class, the metrics
and the built-in runner that follows Ianvs's singletasklearning contract when Ianvs is not installed.

The contract is docs/ianvs.md; each module names the part it follows.
"""
