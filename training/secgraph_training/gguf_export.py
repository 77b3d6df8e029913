"""Writes a plain-torch llama model (and a LoRA adapter for it) as GGUF files llama.cpp loads directly."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import torch
from torch import nn

from .llama_cpp import import_gguf
from .model import LlamaModel, LoRALinear

DTYPES = ("f32", "f16", "q8_0")

_PROJECTIONS = {
    "attn.wq": "attn_q",
    "attn.wk": "attn_k",
    "attn.wv": "attn_v",
    "attn.wo": "attn_output",
    "ffn.w_gate": "ffn_gate",
    "ffn.w_up": "ffn_up",
    "ffn.w_down": "ffn_down",
}


def _module(root: nn.Module, dotted: str) -> nn.Module:
    for part in dotted.split("."):
        root = getattr(root, part)
    return root


def gguf_tensors(model: LlamaModel) -> Iterator[tuple[str, torch.Tensor]]:
    """(llama.cpp tensor name, torch weight) for every weight, with LoRA wrappers seen through to the base."""
    yield "token_embd.weight", model.tok_embeddings.weight
    for i, layer in enumerate(model.layers):
        yield f"blk.{i}.attn_norm.weight", layer.attn_norm.weight
        yield f"blk.{i}.ffn_norm.weight", layer.ffn_norm.weight
        for torch_name, gguf_name in _PROJECTIONS.items():
            yield f"blk.{i}.{gguf_name}.weight", _module(layer, torch_name).weight
    yield "output_norm.weight", model.norm.weight
    if model.output is not None:
        yield "output.weight", model.output.weight


def lora_tensors(model: LlamaModel) -> Iterator[tuple[str, torch.Tensor, torch.Tensor]]:
    """(base tensor name, lora_a [r, in], lora_b [out, r]) for every wrapped projection."""
    for i, layer in enumerate(model.layers):
        for torch_name, gguf_name in _PROJECTIONS.items():
            module = _module(layer, torch_name)
            if isinstance(module, LoRALinear):
                yield f"blk.{i}.{gguf_name}.weight", module.lora_a, module.lora_b


def _encode(gguf: Any, name: str, weight: torch.Tensor, dtype: str) -> tuple[np.ndarray, Any]:
    """Numpy data and GGML type for one tensor; 1-D tensors (norms) stay f32 as llama.cpp expects."""
    data = weight.detach().float().cpu().numpy()
    qtype = gguf.GGMLQuantizationType
    if data.ndim == 1 or dtype == "f32":
        return data.astype(np.float32), qtype.F32
    if dtype == "f16":
        return data.astype(np.float16), qtype.F16
    if data.shape[-1] % 32:
        raise ValueError(f"{name}: q8_0 needs rows that are a multiple of 32, got {data.shape[-1]}")
    return gguf.quants.quantize(data, qtype.Q8_0), qtype.Q8_0


def _copy_tokenizer(gguf: Any, writer: Any, vocab_gguf: Path) -> int:
    """Copies every tokenizer.* key from a vocabulary GGUF; returns the vocabulary size."""
    reader = gguf.GGUFReader(str(vocab_gguf))
    size = 0
    for field in reader.fields.values():
        if not field.name.startswith("tokenizer."):
            continue
        main_type = field.types[0]
        sub_type = field.types[-1] if main_type == gguf.GGUFValueType.ARRAY else None
        value = field.contents()
        writer.add_key_value(field.name, value, main_type, sub_type=sub_type)
        if field.name == "tokenizer.ggml.tokens":
            size = len(value)
    if not size:
        raise ValueError(f"{vocab_gguf} has no tokenizer.ggml.tokens")
    return size


def _write_atomically(path: Path, fill: Any) -> None:
    """Writes through a temp file in the same folder, renamed into place only once complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        fill(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the bundled model is a shipped file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_model_gguf(model: LlamaModel, vocab_gguf: Path, out: Path, dtype: str = "f16",
                     name: str = "secgraph-planner", description: str = "") -> None:
    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
    gguf = import_gguf()
    cfg = model.cfg

    def fill(tmp: str) -> None:
        writer = gguf.GGUFWriter(tmp, "llama")
        writer.add_type(gguf.GGUFType.MODEL)
        writer.add_name(name)
        if description:
            writer.add_description(description)
        writer.add_context_length(cfg.max_seq_len)
        writer.add_embedding_length(cfg.dim)
        writer.add_block_count(cfg.n_layers)
        writer.add_feed_forward_length(cfg.ffn_dim)
        writer.add_head_count(cfg.n_heads)
        writer.add_head_count_kv(cfg.n_kv_heads)
        writer.add_rope_dimension_count(cfg.head_dim)
        writer.add_rope_freq_base(cfg.rope_theta)
        writer.add_layer_norm_rms_eps(cfg.norm_eps)
        file_type = {"f32": gguf.LlamaFileType.ALL_F32, "f16": gguf.LlamaFileType.MOSTLY_F16,
                     "q8_0": gguf.LlamaFileType.MOSTLY_Q8_0}[dtype]
        writer.add_file_type(file_type)
        vocab_size = _copy_tokenizer(gguf, writer, vocab_gguf)
        if vocab_size != cfg.vocab_size:
            raise ValueError(f"model has {cfg.vocab_size} token embeddings but {vocab_gguf.name} has {vocab_size} tokens")
        writer.add_vocab_size(vocab_size)
        for tensor_name, weight in gguf_tensors(model):
            data, qtype = _encode(gguf, tensor_name, weight, dtype)
            writer.add_tensor(tensor_name, data, raw_dtype=qtype)
        _finish(writer)

    _write_atomically(out, fill)


def write_lora_gguf(model: LlamaModel, out: Path, name: str = "secgraph-planner-lora") -> None:
    """A llama.cpp LoRA adapter: general.type=adapter, adapter.type=lora, adapter.lora.alpha, <w>.lora_a/.lora_b.

    llama.cpp scales the update by alpha / r (r read from the tensors), the same as LoRALinear.
    """
    gguf = import_gguf()
    pairs = list(lora_tensors(model))
    if not pairs:
        raise ValueError("the model has no LoRA layers to export")
    alphas = {m.alpha for m in model.modules() if isinstance(m, LoRALinear)}
    if len(alphas) != 1:
        raise ValueError(f"one LoRA alpha per adapter file, found {sorted(alphas)}")

    def fill(tmp: str) -> None:
        writer = gguf.GGUFWriter(tmp, "llama")
        writer.add_type(gguf.GGUFType.ADAPTER)
        writer.add_name(name)
        writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
        writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(alphas.pop()))
        for base_name, lora_a, lora_b in pairs:
            # f32 keeps the adapter exact; adapters are small next to the base.
            writer.add_tensor(f"{base_name}.lora_a", lora_a.detach().float().numpy(), raw_dtype=gguf.GGMLQuantizationType.F32)
            writer.add_tensor(f"{base_name}.lora_b", lora_b.detach().float().numpy(), raw_dtype=gguf.GGMLQuantizationType.F32)
        _finish(writer)

    _write_atomically(out, fill)


def _finish(writer: Any) -> None:
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def vocab_special_ids(vocab_gguf: Path) -> dict[str, int]:
    """bos/eos ids (and the token count) from a vocabulary GGUF."""
    gguf = import_gguf()
    reader = gguf.GGUFReader(str(vocab_gguf))
    ids: dict[str, int] = {}
    for key in ("bos", "eos"):
        field = reader.get_field(f"tokenizer.ggml.{key}_token_id")
        if field is not None:
            ids[key] = int(field.contents())
    tokens = reader.get_field("tokenizer.ggml.tokens")
    ids["vocab_size"] = len(tokens.data) if tokens is not None else 0
    return ids
