"""Tiny real models built at test time (no download): a byte-level BPE tokenizer with a chat template and
a random 2-layer Llama, optionally over-fitted until greedy decoding reproduces one reply exactly.

Used by tests/test_models*.py and benchmarks/generation.py. Building takes about a second after
`import transformers`; over-fitting one (prompt, reply) pair takes a few seconds on 2 cores.
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / "datasets" / "hip_coding" / "test_data" / "data.jsonl"
CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]


def release_records(task_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Raw release records of the bundled dataset (all, or the given ids in that order)."""
    records = [json.loads(line) for line in RELEASE.read_text(encoding="utf-8").splitlines() if line.strip()]
    if task_ids is None:
        return records
    by_id = {r["task_id"]: r for r in records}
    return [by_id[t] for t in task_ids]


def single_thread() -> None:
    """One torch thread: on shared CI cores, two spinning threads run tiny models 3x slower than one."""
    import torch

    torch.set_num_threads(1)


def build_tokenizer(vocab_size: int = 1024) -> Any:
    """A byte-level BPE trained on the dataset's prompts and solutions, with eos/pad and a chat template."""
    from tokenizers import ByteLevelBPETokenizer
    from transformers import PreTrainedTokenizerFast

    texts = []
    for record in release_records():
        texts += [record["question"]["instruct_prompt"], record["question"]["complete_prompt"]]
        texts.append(record["answer"]["reference_solution"])
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(texts, vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIAL, show_progress=False)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe._tokenizer,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        clean_up_tokenization_spaces=False,
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


def build_model(tokenizer: Any, seed: int = 0, hidden: int = 64, heads: int = 4) -> Any:
    """A random 2-layer Llama sized for tests (about 0.2M parameters at the default size)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    single_thread()
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden,
        intermediate_size=2 * hidden,
        num_hidden_layers=2,
        num_attention_heads=heads,
        num_key_value_heads=heads,
        max_position_embeddings=4096,
        bos_token_id=None,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=False,
    )
    return LlamaForCausalLM(config)


def overfit(model: Any, tokenizer: Any, pairs: Sequence[tuple[str, str]], max_steps: int = 800) -> int:
    """Train on (prompt, reply) pairs until greedy decoding reproduces every reply exactly; the steps used.

    The check is teacher-forced: when the most likely next token is right at every position of a reply,
    greedy decoding from its prompt produces exactly that reply (one forward pass instead of a generate).
    """
    import torch

    batches = []
    for prompt, reply in pairs:
        prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        reply_ids = tokenizer(reply, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
        labels = torch.tensor([[-100] * len(prompt_ids) + reply_ids])
        batches.append((torch.tensor([prompt_ids + reply_ids]), labels, len(prompt_ids), reply_ids))
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    for step in range(1, max_steps + 1):
        for ids, labels, _, _ in batches:
            model(input_ids=ids, labels=labels).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if step % 25 == 0:
            with torch.no_grad():
                learned = all(
                    model(input_ids=ids).logits[0, start - 1 : -1].argmax(-1).tolist() == want
                    for ids, _, start, want in batches
                )
            if learned:
                model.eval()
                return step
    raise AssertionError(f"the tiny model did not learn its replies in {max_steps} steps")


def save(model: Any, tokenizer: Any, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def tiny_model(directory: Path, seed: int = 0, hidden: int = 64, heads: int = 4) -> Path:
    """A random tiny Llama + tokenizer saved in `directory`."""
    tokenizer = build_tokenizer()
    return save(build_model(tokenizer, seed, hidden, heads), tokenizer, directory)


def chat_text(tokenizer: Any, messages: Sequence[tuple[str, str]]) -> str:
    chat = [{"role": role, "content": content} for role, content in messages]
    return str(tokenizer.apply_chat_template(chat, add_generation_prompt=True, tokenize=False))


def overfit_model(
    directory: Path, lessons: Sequence[tuple[Sequence[tuple[str, str]], str]], hidden: int = 64, heads: int = 4
) -> Path:
    """A tiny Llama that answers each chat (a list of (role, content) turns) with its reply, greedily."""
    tokenizer = build_tokenizer()
    model = build_model(tokenizer, hidden=hidden, heads=heads)
    overfit(model, tokenizer, [(chat_text(tokenizer, messages), reply) for messages, reply in lessons])
    return save(model, tokenizer, directory)


# ---- models shared by every test module of one pytest process (built once, removed at exit) ----

SAXPY = "hip/elementwise/saxpy"  # the shortest reference solution: the "correct kernel" lesson
LEAKY = "hip/elementwise/leaky_relu"  # the self-repair lesson: a broken answer, then its fix
INSTRUCT = {"prompt_style": "instruct", "max_tokens": 400}
# vLLM's CPU attention takes head sizes 32, 64, 80, ... (the default tiny model's is 16): 128 / 2 = 64.
VLLM_SHAPE = {"hidden": 128, "heads": 2}


@dataclass(frozen=True)
class Trained:
    """A tiny model over-fitted to: answer SAXPY correctly; answer LEAKY with `broken`; and, shown the
    compiler's errors about `broken` exactly as self-repair shows them, answer with the reference."""

    path: Path
    saxpy: dict[str, Any]
    leaky: dict[str, Any]
    broken: str


def scratch_dir(name: str) -> Path:
    root = Path(tempfile.mkdtemp(prefix=f"hip-coding-{name}-"))
    atexit.register(shutil.rmtree, root, True)
    return root


def fenced(code: str) -> str:
    return f"```cpp\n{code}```"


@functools.cache
def random_model_dir(hidden: int = 64, heads: int = 4) -> Path:
    """A random tiny Llama with a chat template (it writes gibberish, fast)."""
    return tiny_model(scratch_dir("tiny") / "model", hidden=hidden, heads=heads)


@functools.cache
def trained_model(hidden: int = 64, heads: int = 4) -> Trained:
    from hip_coding.models import ModelConfig
    from hip_coding.models.base import Completion
    from hip_coding.models.prompting import build_prompt
    from hip_coding.models.self_repair import compile_errors, repair_prompt

    saxpy, leaky = release_records([SAXPY, LEAKY])
    config = ModelConfig(backend="hf", model="unused", **INSTRUCT)
    broken = leaky["answer"]["reference_solution"].replace("threadIdx.x;", "threadIdx.x", 1)
    assert broken != leaky["answer"]["reference_solution"]
    errors = compile_errors(broken, "hip")
    assert errors, "the broken lesson must not compile"
    first = build_prompt(leaky["question"], config)
    repair = repair_prompt(first, Completion(fenced(broken)), broken, errors)
    lessons = [
        (build_prompt(saxpy["question"], config).messages, fenced(saxpy["answer"]["reference_solution"])),
        (first.messages, fenced(broken)),
        (repair.messages, fenced(leaky["answer"]["reference_solution"])),
    ]
    path = overfit_model(scratch_dir("trained") / "model", lessons, hidden, heads)
    return Trained(path, saxpy, leaky, broken)
