"""The settings of one generation run, validated at the edge (an algorithm YAML, the CLI, a test).

Every backend reads the same flat `ModelConfig`, so an Ianvs algorithm file lists them as plain
hyperparameters. The API key is never a field: `api_key_env` holds the *name* of the environment variable
and the value is read only at request time, so it cannot leak into reprs, logs, samples or errors.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hip_coding.errors import InputError

BACKEND_NAMES = ("reference", "hf", "vllm", "openai", "self-repair")


class ModelConfig(BaseModel):
    """How to obtain `n_samples` replies per task from one model."""

    # hide_input_in_errors: a key pasted into api_key_env by mistake must not be echoed back.
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    backend: Literal["reference", "hf", "vllm", "openai", "self-repair"] = "hf"
    model: str = Field(
        default="",
        description="hf/vllm: a local directory (or `package:<name>`, an installed package's folder); "
        "openai: the served model name; reference: a release file or dataset directory (default: bundled)",
    )
    prompt_style: Literal["complete", "instruct"] = "instruct"
    temperature: float = Field(default=0.0, ge=0.0, le=5.0)
    top_p: float = Field(default=1.0, gt=0.0, le=1.0)
    max_tokens: int = Field(default=1024, ge=1, le=1_000_000)
    n_samples: int = Field(default=1, ge=1, le=1000)
    seed: int = Field(default=0, ge=0)
    system_prompt: str = ""
    few_shot: int = Field(default=0, ge=0, le=16, description="number of train examples shown before the task")
    batch_size: int = Field(default=1, ge=1, le=4096)
    device: Literal["auto", "cpu", "cuda"] = "auto"
    threads: int = Field(
        default=0, ge=0, le=1024, description="hf on the CPU: torch threads for this process (0: torch's default)"
    )
    gguf_file: str = Field(default="", description="hf: a GGUF file name inside `model`, dequantized on load")
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = Field(
        default="auto", description="vllm: the weights' dtype (auto: vLLM's choice; it runs float32 models in bfloat16)"
    )
    enforce_eager: bool = Field(
        default=False, description="vllm: no torch.compile or CUDA graphs (starts much faster, decodes slower)"
    )
    base_url: str = ""
    api_key_env: str = Field(default="", description="the NAME of the environment variable holding the key")
    endpoint: Literal["chat", "completions"] = "chat"
    concurrency: int = Field(default=4, ge=1, le=256)
    retries: int = Field(default=3, ge=0, le=20)
    timeout: float = Field(default=120.0, gt=0.0, description="seconds per request (openai)")
    rounds: int = Field(default=2, ge=0, le=10, description="self-repair: compile-and-fix rounds after the first try")
    inner_backend: Literal["reference", "hf", "vllm", "openai"] = Field(
        default="hf", description="self-repair: the backend that writes and repairs the code"
    )

    @model_validator(mode="after")
    def _consistent(self) -> ModelConfig:
        if self.api_key_env and not self.api_key_env.replace("_", "").isalnum():
            raise ValueError(
                "api_key_env must be the NAME of an environment variable (letters, digits, _), not the key itself"
            )
        needs_model = self.backend in ("hf", "vllm", "openai") or (
            self.backend == "self-repair" and self.inner_backend != "reference"
        )
        if needs_model and not self.model:
            raise ValueError(f"backend {self.backend!r} needs `model`")
        uses_openai = self.backend == "openai" or (self.backend == "self-repair" and self.inner_backend == "openai")
        if uses_openai and not self.base_url:
            raise ValueError("the openai backend needs `base_url` (e.g. http://127.0.0.1:8000/v1)")
        return self

    @classmethod
    def from_settings(cls, settings: dict[str, Any], where: str = "model settings") -> ModelConfig:
        """Validate `settings`; an InputError names every bad field (never echoing an api key's value)."""
        try:
            return cls.model_validate(settings)
        except ValidationError as err:
            problems = []
            for error in err.errors():
                field = ".".join(str(part) for part in error["loc"]) or "(settings)"
                message = error["msg"]
                if error["type"] == "extra_forbidden":
                    message = f"unknown setting (known: {', '.join(sorted(cls.model_fields))})"
                problems.append(f"{field}: {message}")
            raise InputError(f"{where}: " + "; ".join(problems)) from None

    def sampling_params(self) -> dict[str, Any]:
        """The parameters that decide what the model writes, recorded with every sample."""
        return {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "max_tokens": self.max_tokens,
            "n_samples": self.n_samples,
            "prompt_style": self.prompt_style,
            "few_shot": self.few_shot,
            "system_prompt": self.system_prompt,
        }

    def inner(self) -> ModelConfig:
        """The wrapped backend's settings (self-repair)."""
        return self.model_copy(update={"backend": self.inner_backend})
