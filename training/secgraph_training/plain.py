"""The plain-torch path: a from-scratch llama model, or a LoRA adapter on a plain-torch base checkpoint."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import torch

from .data import Batch
from .model import LlamaConfig, LlamaModel, LoRALinear, add_lora

BEST_FILE = "best.pt"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class PlainLossModel:
    """Wraps LlamaModel for the loop. With `lora` set, only the adapter trains and only it is saved,
    together with the path and sha256 of the base checkpoint it belongs to."""

    def __init__(self, model: LlamaModel, lora: dict[str, Any] | None = None, base_checkpoint: Path | None = None) -> None:
        self.model = model
        self.lora = lora
        self.base_checkpoint = base_checkpoint
        self._trainable = add_lora(model, lora["r"], lora["alpha"]) if lora else list(model.parameters())

    @classmethod
    def from_scratch(cls, cfg: LlamaConfig, seed: int) -> "PlainLossModel":
        torch.manual_seed(seed)
        return cls(LlamaModel(cfg))

    @classmethod
    def lora_on(cls, base_checkpoint: Path, r: int, alpha: float, seed: int) -> "PlainLossModel":
        base = load_checkpoint(base_checkpoint)
        if isinstance(base, tuple):
            raise SystemExit(f"{base_checkpoint} is itself a LoRA checkpoint; give the base model's best.pt")
        torch.manual_seed(seed)
        return cls(base, {"r": r, "alpha": alpha}, base_checkpoint)

    def completion_logits(self, batch: Batch) -> torch.Tensor:
        hidden = self.model.hidden_states(batch.inputs)
        # Project to the vocabulary only where a completion token is predicted: most of the sequence is
        # prompt, and the [positions, vocab] product is the most expensive matrix in a small model.
        selected = hidden.reshape(-1, hidden.shape[-1]).index_select(0, batch.positions)
        return self.model.logits(selected)

    def trainable_parameters(self) -> list[torch.nn.Parameter]:
        return self._trainable

    def train(self, mode: bool = True) -> "PlainLossModel":
        self.model.train(mode)
        return self

    def _weights(self) -> dict[str, torch.Tensor]:
        if not self.lora:
            return self.model.state_dict()
        return {k: v for k, v in self.model.state_dict().items() if k.endswith(".lora_a") or k.endswith(".lora_b")}

    def resume_state(self) -> dict[str, Any]:
        return {"weights": self._weights()}

    def load_resume_state(self, state: dict[str, Any]) -> None:
        self.model.load_state_dict(state["weights"], strict=not self.lora)

    def save_best(self, out_dir: Path) -> None:
        payload: dict[str, Any] = {"format": "secgraph-plain-llama/1", "config": self.model.cfg.to_dict(), "weights": self._weights()}
        if self.lora and self.base_checkpoint:
            payload["lora"] = {**self.lora, "base_checkpoint": str(self.base_checkpoint),
                               "base_sha256": sha256_file(self.base_checkpoint)}
        tmp = out_dir / f".{BEST_FILE}.tmp"
        torch.save(payload, tmp)
        tmp.replace(out_dir / BEST_FILE)


def load_checkpoint(path: Path) -> LlamaModel | tuple[LlamaModel, dict[str, Any]]:
    """A plain model, or (model with its LoRA applied, lora info) for an adapter checkpoint."""
    try:
        payload = torch.load(path, map_location="cpu")
    except (OSError, RuntimeError) as err:
        raise SystemExit(f"cannot read checkpoint {path}: {err}") from None
    if not isinstance(payload, dict) or payload.get("format") != "secgraph-plain-llama/1":
        raise SystemExit(f"{path} is not a checkpoint written by training/train.py")
    lora = payload.get("lora")
    if lora is None:
        model = LlamaModel(LlamaConfig(**payload["config"]))
        model.load_state_dict(payload["weights"])
        model.eval()
        return model
    base_path = Path(lora["base_checkpoint"])
    if not base_path.is_file() or sha256_file(base_path) != lora["base_sha256"]:
        raise SystemExit(f"{path}: its base checkpoint {base_path} is missing or has changed")
    base = load_checkpoint(base_path)
    assert not isinstance(base, tuple)
    add_lora(base, lora["r"], lora["alpha"])
    base.load_state_dict(payload["weights"], strict=False)
    base.eval()
    return base, lora


def has_lora(model: LlamaModel) -> bool:
    return any(isinstance(m, LoRALinear) for m in model.modules())
