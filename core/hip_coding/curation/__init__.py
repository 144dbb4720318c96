"""Curation: from a real repository to validated benchmark tasks (docs/curation.md).

One module per stage, each reading the previous stage's JSONL in the output folder and writing its own:
`extract` (kernels and their facts) -> `filter` (length, templates, dependency level, duplicates) -> `wrap`
(a standalone program per kernel) -> `testgen` (harness + five test kinds, the original kernel as the oracle,
checked on the cpu backend) -> `review` (a human accepts, edits or rejects) -> `archive` (an authoring-layout
dataset, its release, the flat export) -> `stats`. `funnel` holds what every stage shares: JSONL files,
resuming, and the count of what went in, came out and why the rest dropped.
"""

STAGES = ("extract", "filter", "wrap", "testgen", "review", "archive")
