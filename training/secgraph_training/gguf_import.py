"""A plain-torch model from a GGUF that `gguf_export.write_model_gguf` wrote: the inverse mapping, so a
committed model can be trained further (`train.py --from-scratch --init-gguf MODEL.gguf`) without its
torch checkpoint. Configuration comes from the GGUF's llama.* metadata; f16 weights widen to f32."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from .gguf_export import gguf_tensors
from .llama_cpp import import_gguf
from .model import LlamaConfig, LlamaModel


def _scalar(reader, key: str, default=None):
    field = reader.get_field(key)
    if field is None:
        if default is None:
            raise SystemExit(f"GGUF has no {key}: not a llama model written by export.py")
        return default
    return field.contents()


def config_from_gguf(reader) -> LlamaConfig:
    names = {t.name for t in reader.tensors}
    return LlamaConfig(
        vocab_size=len(reader.get_field("tokenizer.ggml.tokens").data),
        dim=int(_scalar(reader, "llama.embedding_length")),
        n_layers=int(_scalar(reader, "llama.block_count")),
        n_heads=int(_scalar(reader, "llama.attention.head_count")),
        n_kv_heads=int(_scalar(reader, "llama.attention.head_count_kv")),
        ffn_dim=int(_scalar(reader, "llama.feed_forward_length")),
        max_seq_len=int(_scalar(reader, "llama.context_length")),
        rope_theta=float(_scalar(reader, "llama.rope.freq_base", 10000.0)),
        norm_eps=float(_scalar(reader, "llama.attention.layer_norm_rms_epsilon")),
        tie_embeddings="output.weight" not in names,
    )


def model_from_gguf(path: Path) -> LlamaModel:
    gguf = import_gguf()
    reader = gguf.GGUFReader(str(path))
    if _scalar(reader, "general.architecture") != "llama":
        raise SystemExit(f"{path} is not a llama-architecture GGUF")
    model = LlamaModel(config_from_gguf(reader))
    tensors = {t.name: t for t in reader.tensors}
    with torch.no_grad():
        for name, weight in gguf_tensors(model):
            if name not in tensors:
                raise SystemExit(f"{path} has no tensor {name}")
            data = np.asarray(tensors[name].data, dtype=np.float32).reshape(tuple(weight.shape))
            weight.copy_(torch.from_numpy(data.copy()))
    return model
