"""A small domain vocabulary: sentencepiece BPE trained on the dataset's text, written as a llama.cpp
vocabulary-only GGUF (tokenizer.ggml.model = "llama", the SPM tokenizer).

Why: llama-spm's 32 000 tokens spend most of a small model's compute on the output projection, and
split tool names, field names and JSON into many pieces. A few thousand pieces learnt on the planner's
own prompts give shorter sequences and a cheaper vocabulary projection. Token ids are still produced by
node-llama-cpp itself (training/tokenize.ts reads this GGUF), so training and runtime tokenize alike.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .llama_cpp import import_gguf

# Ids fixed as in llama's own SPM vocabulary, so BOS/EOS handling is the same as with llama-spm.
UNK_ID, BOS_ID, EOS_ID = 0, 1, 2


def training_text(jsonl_files: list[Path]) -> list[str]:
    """Every line of every prompt and completion (sentencepiece trains on lines)."""
    lines: list[str] = []
    for path in jsonl_files:
        with path.open(encoding="utf-8") as f:
            for raw in f:
                if raw.strip():
                    row = json.loads(raw)
                    for key in ("prompt", "completion"):
                        lines += [line for line in str(row.get(key, "")).split("\n") if line]
    return lines


# Chat-template tags: whole pieces, typed CONTROL so only the template's special-token text produces them.
CONTROL_SYMBOLS = ("<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>")


def whole_symbols(symbols: list[str]) -> list[str]:
    """Catalog names that can be kept whole without splitting ordinary words: llama.cpp matches a
    user-defined piece anywhere in the text, so plain words ("new", "low") are left to BPE and only
    names with "_", a capital or a placeholder's "<" are kept (operation and camelCase field names,
    enum values, placeholders)."""
    return sorted({s for s in symbols if s and not any(c.isspace() for c in s) and
                   any(c == "_" or c == "<" or c.isupper() for c in s)})


def train_vocab(jsonl_files: list[Path], vocab_size: int, out: Path, name: str = "secgraph-bpe",
                symbols: list[str] | None = None) -> dict[str, int]:
    try:
        import sentencepiece as spm  # noqa: PLC0415 — only vocabulary training needs it (Debian: python3-sentencepiece)
    except ImportError:
        raise SystemExit("training a vocabulary needs sentencepiece (apt-get install python3-sentencepiece), "
                         "or use a bundled one: --vocab llama-spm") from None
    gguf = import_gguf()
    with tempfile.TemporaryDirectory(prefix="secgraph-vocab-") as tmp:
        corpus = Path(tmp) / "corpus.txt"
        corpus.write_text("\n".join(training_text(jsonl_files)) + "\n", encoding="utf-8")
        spm.SentencePieceTrainer.train(
            input=str(corpus), model_prefix=str(Path(tmp) / "sp"), model_type="bpe", vocab_size=vocab_size,
            # llama.cpp's SPM tokenizer neither normalises nor collapses spaces: train on the raw text.
            normalization_rule_name="identity", remove_extra_whitespaces=False, add_dummy_prefix=True,
            byte_fallback=True, character_coverage=1.0, split_digits=True, allow_whitespace_only_pieces=True,
            unk_id=UNK_ID, bos_id=BOS_ID, eos_id=EOS_ID, pad_id=-1, max_sentence_length=16384,
            num_threads=1, minloglevel=2, hard_vocab_limit=False,
            user_defined_symbols=list(CONTROL_SYMBOLS) + whole_symbols(symbols or []) if symbols is not None else [])
        processor = spm.SentencePieceProcessor(model_file=str(Path(tmp) / "sp.model"))
        tokens, scores, types = [], [], []
        token_type = gguf.TokenType
        user_defined = set(whole_symbols(symbols or [])) if symbols is not None else set()
        for i in range(processor.vocab_size()):
            tokens.append(processor.IdToPiece(i).encode("utf-8"))
            scores.append(processor.GetScore(i))
            if processor.IsUnknown(i):
                types.append(token_type.UNKNOWN)
            elif processor.IsControl(i):
                types.append(token_type.CONTROL)
            elif processor.IsByte(i):
                types.append(token_type.BYTE)
            elif symbols is not None and processor.IdToPiece(i) in CONTROL_SYMBOLS:
                types.append(token_type.CONTROL)
            elif processor.IdToPiece(i) in user_defined:
                types.append(token_type.USER_DEFINED)
            else:
                types.append(token_type.NORMAL)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_name(f".{out.name}.tmp")
    writer = gguf.GGUFWriter(str(tmp_out), "llama")
    writer.add_name(name)
    writer.add_tokenizer_model("llama")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(BOS_ID)
    writer.add_eos_token_id(EOS_ID)
    writer.add_unk_token_id(UNK_ID)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    tmp_out.replace(out)
    return {"vocab_size": len(tokens)}
