"""The `openai` backend: any OpenAI-compatible server (vLLM, Ollama, llama.cpp, transformers serve, a hosted
API) through the official `openai` client, on the chat or the completions endpoint.

This module owns concurrency (a thread per in-flight request), retries with exponential backoff on
429/408/409/5xx, timeouts and dropped connections (honouring Retry-After), and the per-request timeout.
Everything that goes wrong with one request ends as that sample's one-line error, so a run against a
dead or flaky server still completes. The key is read from the environment variable named by
`api_key_env` when the client is built, and scrubbed from every message we produce.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from hip_coding.errors import InputError
from hip_coding.models.base import Backend, Completion, Prompt, failed
from hip_coding.models.config import ModelConfig

log = logging.getLogger(__name__)

RETRY_STATUSES = {408, 409, 429}
MAX_WAIT_SECONDS = 60.0
BASE_WAIT_SECONDS = 0.5
NO_KEY = "not-needed"  # local servers accept any key, but the client insists on one


def _retry_after(err: Any) -> float | None:
    """The server's Retry-After (seconds, or retry-after-ms), when it sent one."""
    response = getattr(err, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            continue  # an HTTP date: fall back to our own backoff
    return None


class OpenAIBackend(Backend):
    name = "openai"

    def __init__(self, config: ModelConfig) -> None:
        super().__init__(config)
        try:
            import openai
        except ImportError as err:
            raise InputError(f"the openai backend needs the `openai` package: pip install openai ({err})") from err
        self._openai = openai
        self._key = os.environ.get(config.api_key_env, "") if config.api_key_env else ""
        if config.api_key_env and not self._key:
            log.warning("environment variable %s is empty or unset; sending no API key", config.api_key_env)
        # Our own retry loop (max_retries=0) so that each failure is counted, logged and turned into a result.
        self.client = openai.OpenAI(
            base_url=config.base_url, api_key=self._key or NO_KEY, max_retries=0, timeout=config.timeout
        )

    @property
    def chunk_size(self) -> int:
        return self.config.concurrency

    def close(self) -> None:
        self.client.close()

    def clean(self, message: str) -> str:
        """One line, bounded, with the key (if any) replaced: messages end up in files and logs."""
        line = " ".join(str(message).split())[:300]
        return line.replace(self._key, "***") if self._key else line

    def generate(self, prompts: Sequence[Prompt], n: int) -> list[list[Completion]]:
        jobs = [(p, i) for p in prompts for i in range(n)]
        with ThreadPoolExecutor(max_workers=min(self.config.concurrency, len(jobs)) or 1) as pool:
            done = list(pool.map(lambda job: self.request(*job), jobs))
        return [done[k * n : (k + 1) * n] for k in range(len(prompts))]

    def request(self, prompt: Prompt, index: int) -> Completion:
        """One reply, retried on transient failures; never raises."""
        openai = self._openai
        chat = self.config.endpoint == "chat"
        start = time.monotonic()
        attempts = self.config.retries + 1
        last = ""
        for attempt in range(attempts):
            try:
                return self._call(prompt, index, chat, start)
            except openai.APIStatusError as err:
                status = err.status_code
                last = f"HTTP {status}: {self.clean(getattr(err, 'message', '') or str(err))}"
                if status not in RETRY_STATUSES and status < 500:
                    return failed(last, time.monotonic() - start, chat)
                wait = _retry_after(err)
            except openai.APITimeoutError:
                last, wait = f"timed out after {self.config.timeout:g} s", None
            except openai.APIConnectionError as err:
                cause = err.__cause__ or err
                last, wait = f"cannot reach {self.config.base_url}: {self.clean(str(cause))}", None
            except Exception as err:  # noqa: BLE001 - a malformed reply is this sample's failure
                why = self.clean(f"{type(err).__name__}: {err}")
                return failed(f"malformed reply: {why}", time.monotonic() - start, chat)
            if attempt + 1 < attempts:
                backoff = BASE_WAIT_SECONDS * 2**attempt * (1 + random.random() / 4)
                delay = min(MAX_WAIT_SECONDS, wait if wait is not None else backoff)
                log.info("%s sample %d: %s; retry %d/%d in %.1f s", prompt.task_id, index, last, attempt + 1,
                         attempts - 1, delay)  # fmt: skip
                time.sleep(delay)
        tries = f" (after {attempts} attempts)" if attempts > 1 else ""
        return failed(f"{last}{tries}", time.monotonic() - start, chat)

    def _call(self, prompt: Prompt, index: int, chat: bool, start: float) -> Completion:
        config = self.config
        common: dict[str, Any] = {
            "model": config.model,
            "temperature": config.temperature,
            "top_p": config.top_p,
            "max_tokens": config.max_tokens,
            "seed": config.seed + index,
        }
        if chat:
            messages: Any = [{"role": role, "content": content} for role, content in prompt.messages]
            response = self.client.chat.completions.create(messages=messages, **common)
            text = response.choices[0].message.content if response.choices else None
        else:
            response = self.client.completions.create(prompt=prompt.text, stop=["```"], **common)
            text = response.choices[0].text if response.choices else None
        seconds = time.monotonic() - start
        if not response.choices:
            return failed("malformed reply: no choices", seconds, chat)
        usage = getattr(response, "usage", None)
        return Completion(
            text or "",
            int(getattr(usage, "prompt_tokens", 0) or 0),
            int(getattr(usage, "completion_tokens", 0) or 0),
            seconds,
            chat=chat,
        )
