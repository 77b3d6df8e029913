"""Tokenized examples → length-bucketed batches with the loss restricted to the completion tokens."""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import torch


@dataclass(frozen=True)
class Example:
    id: str
    prompt_ids: list[int]
    completion_ids: list[int]

    @property
    def length(self) -> int:
        return len(self.prompt_ids) + len(self.completion_ids)


def load_examples(path: Path, vocab_size: int | None = None) -> list[Example]:
    """Reads `{"id", "prompt_ids", "completion_ids"}` lines; a malformed line stops with its line number."""
    examples: list[Example] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                ex = Example(str(raw.get("id", f"line-{n}")), [int(t) for t in raw["prompt_ids"]],
                             [int(t) for t in raw["completion_ids"]])
            except (ValueError, KeyError, TypeError) as err:
                raise SystemExit(f"{path}:{n}: not a tokenized example ({err.__class__.__name__}: {err})") from None
            if not ex.prompt_ids or not ex.completion_ids:
                raise SystemExit(f"{path}:{n}: prompt_ids and completion_ids must both be non-empty")
            if vocab_size is not None and max(ex.prompt_ids + ex.completion_ids) >= vocab_size:
                raise SystemExit(f"{path}:{n}: token id outside the {vocab_size}-token vocabulary")
            examples.append(ex)
    if not examples:
        raise SystemExit(f"{path}: no examples")
    return examples


@dataclass
class Batch:
    """inputs [B, T] (right-padded); `positions` index the flattened [B*T] hidden states that predict a
    completion token, `targets` are those tokens. Right padding is safe under a causal mask: real
    tokens never attend to the padding that follows them."""

    inputs: torch.Tensor
    positions: torch.Tensor
    targets: torch.Tensor
    example_index: torch.Tensor  # for each target, which example of the batch it belongs to
    lengths: torch.Tensor  # unpadded length of each row of `inputs`
    size: int


def make_batch(examples: list[Example], pad_id: int = 0) -> Batch:
    width = max(ex.length for ex in examples) - 1
    inputs = torch.full((len(examples), width), pad_id, dtype=torch.long)
    positions, targets, owner = [], [], []
    for row, ex in enumerate(examples):
        seq = ex.prompt_ids + ex.completion_ids
        inputs[row, : len(seq) - 1] = torch.tensor(seq[:-1])
        first = len(ex.prompt_ids) - 1  # the last prompt position predicts the first completion token
        for offset, token in enumerate(ex.completion_ids):
            positions.append(row * width + first + offset)
            targets.append(token)
            owner.append(row)
    lengths = torch.tensor([ex.length - 1 for ex in examples])
    return Batch(inputs, torch.tensor(positions), torch.tensor(targets), torch.tensor(owner), lengths, len(examples))


def batches(examples: list[Example], max_tokens: int, shuffle: bool, seed: int) -> list[Batch]:
    """Groups examples of similar length so padding stays small; each batch holds ≤ max_tokens padded tokens
    (a single longer example still forms its own batch)."""
    order = sorted(range(len(examples)), key=lambda i: examples[i].length)
    groups: list[list[Example]] = []
    current: list[Example] = []
    for i in order:
        ex = examples[i]
        if current and (len(current) + 1) * ex.length > max_tokens:
            groups.append(current)
            current = []
        current.append(ex)
    if current:
        groups.append(current)
    if shuffle:
        random.Random(seed).shuffle(groups)
    return [make_batch(g) for g in groups]


def split_holdout(examples: list[Example], fraction: float, seed: int) -> tuple[list[Example], list[Example]]:
    """Deterministic train/held-out split for datasets that ship without a validation file."""
    shuffled = examples[:]
    random.Random(seed).shuffle(shuffled)
    n_holdout = max(1, round(len(shuffled) * fraction))
    return shuffled[n_holdout:], shuffled[:n_holdout]
