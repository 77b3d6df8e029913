#!/usr/bin/env python3
"""Write a tiny llama-architecture GGUF with random weights and a real vocabulary.

The model is useless as a language model; it exists so tests and benchmarks can run the whole
load -> grammar -> generate path of node-llama-cpp on a CPU in milliseconds, without downloading
anything. The vocabulary (every ``tokenizer.*`` key) is copied from one of the vocab-only GGUFs that
ship with llama.cpp (``models/ggml-vocab-*.gguf``), so text tokenizes and detokenizes like a real model.

Run with the gguf-py package from the llama.cpp source bundle on the path, e.g.::

    PYTHONPATH=.cache/llama.cpp/gguf-py /usr/bin/python3 test/support/make_tiny_gguf.py \\
        --vocab .cache/llama.cpp/models/ggml-vocab-llama-spm.gguf --out .cache/models/tiny.gguf

Only numpy and gguf-py are needed. The file is written to a temporary name and renamed, so an
interrupted run never leaves a half-written model behind.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

try:
    from gguf import GGUFReader, GGUFValueType, GGUFWriter
except ImportError:  # pragma: no cover - depends on the caller's PYTHONPATH
    sys.exit("make_tiny_gguf: gguf-py not importable; set PYTHONPATH to <llama.cpp>/gguf-py")



def write_atomically(writer, tmp, out):
    """Writes the GGUF to `tmp`, then renames it over `out`: never a half-written model file."""
    try:
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)

def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vocab", required=True, help="vocab-only GGUF to copy tokenizer.* keys from")
    p.add_argument("--out", required=True, help="output .gguf path")
    p.add_argument("--layers", type=int, default=2, help="transformer blocks (default 2)")
    p.add_argument("--dim", type=int, default=64, help="embedding width (default 64)")
    p.add_argument("--heads", type=int, default=4, help="attention heads (default 4)")
    p.add_argument("--kv-heads", type=int, default=None, help="key/value heads (default: --heads)")
    p.add_argument("--ffn", type=int, default=None, help="feed-forward width (default: 2 * --dim)")
    p.add_argument("--context", type=int, default=4096, help="trained context length to declare (default 4096)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0): same seed, same file")
    p.add_argument("--dtype", choices=["f32", "f16"], default="f32", help="weight type (default f32)")
    p.add_argument("--vocab-size", type=int, default=None,
                   help="keep only the first N tokens (plus all one-character pieces) of a SentencePiece "
                        "(llama-spm) vocabulary; byte fallback still spells any text, and grammar-constrained "
                        "sampling gets proportionally faster")
    p.add_argument("--name", default="secgraph-tiny-random", help="general.name")
    p.add_argument("--lora-out", default=None,
                   help="also write a random LoRA adapter GGUF for this model (attn_q and attn_v of every block)")
    p.add_argument("--lora-rank", type=int, default=4, help="LoRA rank (default 4)")
    return p.parse_args()


def copy_tokenizer(reader: GGUFReader, writer: GGUFWriter, keep: int | None) -> int:
    """Copies every tokenizer.* key (the per-token arrays cut to `keep`); returns the vocabulary size."""
    if keep is not None:
        model = reader.fields["tokenizer.ggml.model"].contents()
        if model != "llama":
            sys.exit(f"make_tiny_gguf: --vocab-size needs a SentencePiece vocab (tokenizer.ggml.model 'llama'), not {model!r}")
        if keep < 259:
            sys.exit("make_tiny_gguf: --vocab-size must keep the 3 control and 256 byte tokens (>= 259)")
    per_token = {"tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type"}
    kept: list[int] | None = None
    if keep is not None:
        # The first `keep` ids (control, bytes, then pieces by merge priority) plus every one-character
        # piece, so that e.g. the SentencePiece space "▁" stays a token and text detokenizes exactly.
        tokens = reader.fields["tokenizer.ggml.tokens"].contents()
        kept = [i for i, t in enumerate(tokens) if i < keep or len(t) == 1]
    vocab_size = 0
    for key, field in reader.fields.items():
        if not key.startswith("tokenizer."):
            continue
        main_type = field.types[0]
        if main_type == GGUFValueType.ARRAY:
            values = field.contents()
            if kept is not None and key in per_token:
                values = [values[i] for i in kept]
            writer.add_key_value(key, values, GGUFValueType.ARRAY, sub_type=field.types[-1])
            if key == "tokenizer.ggml.tokens":
                vocab_size = len(values)
        else:
            writer.add_key_value(key, field.contents(), main_type)
    if vocab_size == 0:
        sys.exit("make_tiny_gguf: the vocab file has no tokenizer.ggml.tokens")
    return vocab_size


def write_lora(args: argparse.Namespace, kv_heads: int, head_dim: int, rng: np.random.Generator) -> None:
    """A random adapter in llama.cpp's LoRA GGUF layout: <tensor>.lora_a (rank x in), <tensor>.lora_b (out x rank)."""
    tmp = f"{args.lora_out}.tmp-{os.getpid()}"
    writer = GGUFWriter(tmp, "llama")
    writer.add_type("adapter")
    writer.add_string("adapter.type", "lora")
    writer.add_float32("adapter.lora.alpha", float(args.lora_rank))
    targets = {"attn_q": args.dim, "attn_v": kv_heads * head_dim}
    for i in range(args.layers):
        for name, out_dim in targets.items():
            # Large enough to change what a random model samples, so tests can see the adapter act.
            writer.add_tensor(f"blk.{i}.{name}.weight.lora_a", (rng.standard_normal((args.lora_rank, args.dim)) * 0.5).astype(np.float32))
            writer.add_tensor(f"blk.{i}.{name}.weight.lora_b", (rng.standard_normal((out_dim, args.lora_rank)) * 0.5).astype(np.float32))
    write_atomically(writer, tmp, args.lora_out)


def main() -> None:
    args = parse_args()
    kv_heads = args.kv_heads or args.heads
    ffn = args.ffn or 2 * args.dim
    if args.dim % args.heads != 0 or args.heads % kv_heads != 0:
        sys.exit("make_tiny_gguf: --dim must divide by --heads, and --heads by --kv-heads")
    head_dim = args.dim // args.heads
    dtype = np.float16 if args.dtype == "f16" else np.float32
    rng = np.random.default_rng(args.seed)

    reader = GGUFReader(args.vocab)
    tmp = f"{args.out}.tmp-{os.getpid()}"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    writer = GGUFWriter(tmp, "llama")
    writer.add_name(args.name)
    vocab_size = copy_tokenizer(reader, writer, args.vocab_size)
    writer.add_context_length(args.context)
    writer.add_embedding_length(args.dim)
    writer.add_block_count(args.layers)
    writer.add_feed_forward_length(ffn)
    writer.add_head_count(args.heads)
    writer.add_head_count_kv(kv_heads)
    writer.add_rope_dimension_count(head_dim)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_vocab_size(vocab_size)
    writer.add_file_type(1 if args.dtype == "f16" else 0)

    def weight(*shape: int) -> np.ndarray:
        # numpy shapes are (rows, cols) = (out, in); GGUF stores them reversed, as llama.cpp expects.
        return (rng.standard_normal(shape) * 0.02).astype(dtype)

    def norm() -> np.ndarray:
        return np.ones(args.dim, dtype=np.float32)  # norms stay f32, as in converted models

    writer.add_tensor("token_embd.weight", weight(vocab_size, args.dim))
    for i in range(args.layers):
        writer.add_tensor(f"blk.{i}.attn_norm.weight", norm())
        writer.add_tensor(f"blk.{i}.attn_q.weight", weight(args.dim, args.dim))
        writer.add_tensor(f"blk.{i}.attn_k.weight", weight(kv_heads * head_dim, args.dim))
        writer.add_tensor(f"blk.{i}.attn_v.weight", weight(kv_heads * head_dim, args.dim))
        writer.add_tensor(f"blk.{i}.attn_output.weight", weight(args.dim, args.dim))
        writer.add_tensor(f"blk.{i}.ffn_norm.weight", norm())
        writer.add_tensor(f"blk.{i}.ffn_gate.weight", weight(ffn, args.dim))
        writer.add_tensor(f"blk.{i}.ffn_up.weight", weight(ffn, args.dim))
        writer.add_tensor(f"blk.{i}.ffn_down.weight", weight(args.dim, ffn))
    writer.add_tensor("output_norm.weight", norm())
    writer.add_tensor("output.weight", weight(vocab_size, args.dim))

    write_atomically(writer, tmp, args.out)
    print(f"make_tiny_gguf: wrote {args.out} ({args.layers} layers, d={args.dim}, vocab={vocab_size})", file=sys.stderr)
    if args.lora_out:
        write_lora(args, kv_heads, head_dim, rng)
        print(f"make_tiny_gguf: wrote {args.lora_out} (rank {args.lora_rank})", file=sys.stderr)


if __name__ == "__main__":
    main()
