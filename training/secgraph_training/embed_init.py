"""Token-embedding initialisation from pretrained sentence vectors (USE-lite, 512 dimensions).

`training/use-init.ts` writes one float32 row per token id (zeros for pieces with no words). Here the
non-zero rows are centred, projected onto the model's width by PCA (the top `dim` right singular
vectors), and scaled so their spread equals the random init's (std 0.02); zero rows keep the random
init. With tied embeddings the output projection starts from the same rows.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import torch

from .model import LlamaModel

INIT_STD = 0.02


def read_vectors(path: Path) -> np.ndarray:
    meta_path = path.with_name(path.name + ".json")
    if not meta_path.is_file():
        raise SystemExit(f"{meta_path} not found (training/use-init.ts writes it beside the vectors)")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    rows, dims = int(meta["rows"]), int(meta["dims"])
    data = np.fromfile(path, dtype="<f4")
    if data.size != rows * dims:
        raise SystemExit(f"{path}: {data.size} floats, expected {rows} × {dims} from {meta_path.name}")
    return data.reshape(rows, dims)


def project(vectors: np.ndarray, dim: int, std: float = INIT_STD) -> tuple[np.ndarray, np.ndarray]:
    """PCA of the non-zero rows onto `dim` components, scaled to `std`; returns (rows, mask)."""
    mask = np.abs(vectors).sum(axis=1) > 0
    picked = vectors[mask].astype(np.float64)
    if picked.shape[0] < 2:
        raise SystemExit("fewer than two pieces have vectors; nothing to project")
    centred = picked - picked.mean(axis=0, keepdims=True)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    k = min(dim, vt.shape[0])
    reduced = centred @ vt[:k].T
    out = np.zeros((picked.shape[0], dim))
    out[:, :k] = reduced
    out *= std / max(out[:, :k].std(), 1e-12)
    return out.astype(np.float32), mask


def init_token_embeddings(model: LlamaModel, path: Path) -> dict:
    vectors = read_vectors(path)
    weight = model.tok_embeddings.weight
    if vectors.shape[0] != weight.shape[0]:
        raise SystemExit(f"{path} has {vectors.shape[0]} rows but the vocabulary has {weight.shape[0]} tokens: "
                         "run training/use-init.ts on this run's vocab.gguf")
    rows, mask = project(vectors, weight.shape[1])
    with torch.no_grad():
        weight[torch.from_numpy(np.flatnonzero(mask))] = torch.from_numpy(rows)
    return {"file": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "rows_initialised": int(mask.sum()), "rows": int(weight.shape[0])}
