"""`hip-coding generate`: run one model (an Ianvs algorithm YAML with one test case) on a dataset's
questions and write a resumable samples file for `hip-coding evaluate`."""

from __future__ import annotations

import argparse
from pathlib import Path

from hip_coding.errors import InputError
from hip_coding.models import generate_samples
from hip_coding.models.algorithm import model_config
from hip_coding.tasks.release import default_dataset_dir, load_records


def _train_file(dataset: Path, train: Path | None) -> Path | None:
    if train is not None:
        return train
    candidate = dataset / "train_data" / "data.jsonl" if dataset.is_dir() else None
    return candidate if candidate and candidate.is_file() and candidate.stat().st_size else None


def _cmd_generate(args: argparse.Namespace) -> int:
    dataset = args.dataset or default_dataset_dir()
    if args.limit is not None and args.limit < 1:
        raise InputError("--limit: must be >= 1")
    config, label = model_config(args.algorithm, dataset, args.style)
    questions = [r.question.model_dump() for r in load_records(dataset)]
    train_path = _train_file(dataset, args.train)
    train = (
        [{"question": r.question.model_dump(), "answer": r.answer.model_dump()} for r in load_records(train_path)]
        if train_path
        else []
    )
    if config.few_shot and not train:
        print(f"hip-coding: warning: few_shot={config.few_shot} but no train file (use --train)")
    print(f"generating with {label} ({config.backend}, {config.prompt_style}) -> {args.out}")
    samples = generate_samples(questions, config, train_records=train, out=args.out, limit=args.limit)
    errors = [s for s in samples if s.get("error")]
    tokens = sum(int(s.get("completion_tokens") or 0) for s in samples)
    seconds = sum(float(s.get("seconds") or 0.0) for s in samples)
    tasks = len({s["task_id"] for s in samples})
    print(
        f"{len(samples)} samples for {tasks} tasks: {len(samples) - len(errors)} with code, {len(errors)} errors; "
        f"{tokens} completion tokens in {seconds:.1f} s of generation -> {args.out}"
    )
    for sample in errors[:3]:
        print(f"  {sample['task_id']}/{sample['sample_id']}: {sample['error']}")
    return 1 if samples and len(errors) == len(samples) else 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add `generate`."""
    cmd = commands.add_parser("generate", help="generate samples with a model (an Ianvs algorithm YAML)")
    cmd.add_argument("--dataset", type=Path, help="release JSONL file or dataset directory (default: the bundled one)")
    cmd.add_argument("--algorithm", type=Path, required=True, help="Ianvs algorithm YAML with one basemodel case")
    cmd.add_argument("--out", type=Path, required=True, help="samples JSONL (appended; a rerun resumes)")
    cmd.add_argument("--limit", type=int, help="only the first N tasks")
    cmd.add_argument("--style", choices=["complete", "instruct"], help="override the prompt style")
    cmd.add_argument("--train", type=Path, help="release JSONL of few-shot examples (default: the dataset's train)")
    cmd.set_defaults(handler=_cmd_generate)
