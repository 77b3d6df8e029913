"""The supervised fine-tuning loop shared by the plain-torch and the Hugging Face paths.

Loss is cross-entropy on the completion (tool-call) tokens only; the held-out set is evaluated after
every epoch (and optionally every N steps); training stops early after `patience` evaluations without
improvement, or when the time budget runs out. A resumable checkpoint is written every few minutes.
"""
from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

import torch
import torch.nn.functional as F

from .data import Batch, Example, batches


class LossModel(Protocol):
    """What the loop needs from a model: logits at the target positions, and checkpoint hooks."""

    def completion_logits(self, batch: Batch) -> torch.Tensor: ...
    def trainable_parameters(self) -> list[torch.nn.Parameter]: ...
    def train(self, mode: bool = True) -> Any: ...
    def resume_state(self) -> dict[str, Any]: ...
    def load_resume_state(self, state: dict[str, Any]) -> None: ...
    def save_best(self, out_dir: Path) -> None: ...


@dataclass
class LoopConfig:
    epochs: int = 10
    lr: float = 1e-3
    min_lr_ratio: float = 0.1
    warmup_steps: int = 50
    weight_decay: float = 0.01
    grad_clip: float = 1.0
    batch_tokens: int = 4096
    patience: int = 2
    min_delta: float = 1e-3
    eval_every_steps: int = 0
    max_minutes: float = 0.0
    checkpoint_minutes: float = 5.0
    seed: int = 0


@dataclass
class EvalResult:
    loss: float
    token_accuracy: float
    exact_match: float  # share of examples whose every completion token is the argmax (teacher-forced)
    examples: int


@dataclass
class LoopState:
    epoch: int = 0
    batch_in_epoch: int = 0
    step: int = 0
    elapsed_s: float = 0.0
    best_loss: float = math.inf
    evals_without_improvement: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    stopped: str = ""


def completion_loss(model: LossModel, batch: Batch) -> torch.Tensor:
    logits = model.completion_logits(batch).float()
    return F.cross_entropy(logits, batch.targets.to(logits.device))


@torch.no_grad()
def evaluate(model: LossModel, examples: list[Example], batch_tokens: int) -> EvalResult:
    model.train(False)
    total_loss, total_tokens, correct_tokens, exact = 0.0, 0, 0, 0
    for batch in batches(examples, batch_tokens, shuffle=False, seed=0):
        logits = model.completion_logits(batch).float().cpu()
        total_loss += float(F.cross_entropy(logits, batch.targets, reduction="sum"))
        hits = logits.argmax(-1) == batch.targets
        correct_tokens += int(hits.sum())
        total_tokens += len(batch.targets)
        misses_per_example = torch.zeros(batch.size, dtype=torch.long).index_add_(0, batch.example_index, (~hits).long())
        exact += int((misses_per_example == 0).sum())
    model.train(True)
    return EvalResult(total_loss / total_tokens, correct_tokens / total_tokens, exact / len(examples), len(examples))


def _lr_at(step: int, total: int, cfg: LoopConfig) -> float:
    """Linear warm-up, then cosine decay to min_lr_ratio · lr."""
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    progress = min(1.0, (step - cfg.warmup_steps) / max(1, total - cfg.warmup_steps))
    return cfg.lr * (cfg.min_lr_ratio + (1 - cfg.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


def write_json(path: Path, value: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def run(model: LossModel, train: list[Example], valid: list[Example], cfg: LoopConfig, out_dir: Path,
        log: Callable[[str], None], resume: bool = False) -> LoopState:
    out_dir.mkdir(parents=True, exist_ok=True)
    params = model.trainable_parameters()
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr, betas=(0.9, 0.95))
    state = LoopState()
    resume_path = out_dir / "resume.pt"
    if resume and resume_path.is_file():
        saved = torch.load(resume_path)
        model.load_resume_state(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        state = LoopState(**saved["loop"])
        if state.stopped != "early stopping":
            state.stopped = ""  # a new time budget, or more epochs, start with this run
        log(f"resumed at epoch {state.epoch + 1}, batch {state.batch_in_epoch}, step {state.step}")

    steps_per_epoch = len(batches(train, cfg.batch_tokens, shuffle=False, seed=0))
    total_steps = steps_per_epoch * cfg.epochs
    started = time.monotonic() - state.elapsed_s
    last_checkpoint = time.monotonic()

    def save_resume() -> None:
        state.elapsed_s = time.monotonic() - started
        tmp = resume_path.with_name(".resume.pt.tmp")
        torch.save({"model": model.resume_state(), "optimizer": optimizer.state_dict(), "loop": asdict(state)}, tmp)
        os.replace(tmp, resume_path)

    def evaluate_and_track(label: str) -> bool:
        """Evaluates, records, keeps the best; returns True when early stopping should end training."""
        result = evaluate(model, valid, cfg.batch_tokens)
        state.elapsed_s = time.monotonic() - started
        record = {"at": label, "epoch": state.epoch + 1, "step": state.step, "elapsed_s": round(state.elapsed_s, 1),
                  **{f"valid_{k}": v for k, v in asdict(result).items()}}
        state.history.append(record)
        improved = result.loss < state.best_loss - cfg.min_delta
        if improved:
            state.best_loss = result.loss
            state.evals_without_improvement = 0
            model.save_best(out_dir)
        else:
            state.evals_without_improvement += 1
        log(f"{label}: valid loss {result.loss:.4f}, token acc {result.token_accuracy:.3f}, "
            f"exact {result.exact_match:.3f}{' (best)' if improved else ''}")
        write_json(out_dir / "metrics.json", {"history": state.history, "best_valid_loss": state.best_loss})
        return state.evals_without_improvement >= cfg.patience

    if cfg.epochs == 0:
        model.save_best(out_dir)
        state.stopped = "no epochs requested: the initial weights were written"
    model.train(True)
    while state.epoch < cfg.epochs and not state.stopped:
        epoch_batches = batches(train, cfg.batch_tokens, shuffle=True, seed=cfg.seed + state.epoch)
        running, count = 0.0, 0
        while state.batch_in_epoch < len(epoch_batches):
            batch = epoch_batches[state.batch_in_epoch]
            for group in optimizer.param_groups:
                group["lr"] = _lr_at(state.step, total_steps, cfg)
            loss = completion_loss(model, batch)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, cfg.grad_clip)
            optimizer.step()
            state.step += 1
            state.batch_in_epoch += 1
            running, count = running + float(loss), count + 1
            if state.step % 20 == 0:
                log(f"epoch {state.epoch + 1} step {state.step}/{total_steps}: train loss {running / count:.4f}")
                running, count = 0.0, 0
            if cfg.eval_every_steps and state.step % cfg.eval_every_steps == 0 and evaluate_and_track(f"step {state.step}"):
                state.stopped = "early stopping"
                break
            if cfg.max_minutes and time.monotonic() - started > cfg.max_minutes * 60:
                state.stopped = f"time budget of {cfg.max_minutes:g} minutes"
                break
            if time.monotonic() - last_checkpoint > cfg.checkpoint_minutes * 60:
                save_resume()
                last_checkpoint = time.monotonic()
        if state.batch_in_epoch >= len(epoch_batches):
            if evaluate_and_track(f"epoch {state.epoch + 1}") and not state.stopped:
                state.stopped = "early stopping"
            state.epoch += 1
            state.batch_in_epoch = 0
        elif state.stopped.startswith("time budget"):
            evaluate_and_track(f"epoch {state.epoch + 1} (partial)")
        save_resume()
    if not state.stopped:
        state.stopped = "all epochs done"
    save_resume()
    log(f"stopped: {state.stopped}" + (f"; best valid loss {state.best_loss:.4f}" if state.history else ""))
    return state
