"""`train.py`: argument parsing, data preparation and the run record around the shared loop."""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .data import Example, load_examples, split_holdout
from .llama_cpp import REPO_ROOT
from .loop import LoopConfig, write_json

VALID_NAMES = ("valid.jsonl", "val.jsonl", "heldout.jsonl")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="train.py",
        description="Supervised fine-tuning of the secgraph planner: loss on the assistant's tool-call tokens only.")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--base", metavar="PATH_OR_ID",
                     help="Hugging Face model id or folder (LoRA/QLoRA with peft), or a best.pt from a "
                          "--from-scratch run (plain-torch LoRA)")
    src.add_argument("--from-scratch", action="store_true", help="train a small llama-architecture model from random init")
    p.add_argument("--data", type=Path, required=True,
                   help="folder with train.jsonl and optionally valid.jsonl (from `secgraph-mcp dataset`)")
    p.add_argument("--out", type=Path, required=True, help="run folder: config.json, metrics.json, best.pt or adapter/")
    lora = p.add_argument_group("LoRA (with --base)")
    lora.add_argument("--lora-r", type=int, default=16)
    lora.add_argument("--lora-alpha", type=float, default=32.0)
    lora.add_argument("--lora-dropout", type=float, default=0.05, help="Hugging Face path only")
    lora.add_argument("--qlora", action="store_true", help="load the base in 4-bit NF4 (needs bitsandbytes and a GPU)")
    arch = p.add_argument_group("model (with --from-scratch)")
    arch.add_argument("--vocab", default="llama-spm",
                      help="vocabulary: a bundled llama.cpp one by name (models/ggml-vocab-NAME.gguf) or a .gguf path")
    arch.add_argument("--train-vocab", type=int, default=0, metavar="N",
                      help="instead, learn an N-piece BPE vocabulary on train.jsonl (sentencepiece) into OUT/vocab.gguf")
    arch.add_argument("--vocab-symbols", type=Path, default=None, metavar="FILE",
                      help="with --train-vocab: names (one a line, e.g. DATA/symbols.txt) kept as whole pieces")
    arch.add_argument("--init-gguf", type=Path, default=None, metavar="MODEL.gguf",
                      help="start from this exported model's weights, vocabulary and shape (train it further)")
    arch.add_argument("--init-embeddings", type=Path, default=None, metavar="VECTORS.f32",
                      help="with --from-scratch: token-embedding rows from training/use-init.ts (USE-lite vectors of each "
                           "piece of this run's vocabulary), projected onto --dim by PCA and scaled to the init spread")
    arch.add_argument("--dim", type=int, default=256)
    arch.add_argument("--layers", type=int, default=4)
    arch.add_argument("--heads", type=int, default=4)
    arch.add_argument("--kv-heads", type=int, default=None, help="default: --heads (no grouped-query attention)")
    arch.add_argument("--ffn-dim", type=int, default=None, help="default: 8/3 · dim rounded up to 32")
    arch.add_argument("--max-seq-len", type=int, default=4096)
    arch.add_argument("--untied", action="store_true", help="separate output matrix instead of the tied embeddings")
    run = p.add_argument_group("optimisation")
    run.add_argument("--epochs", type=int, default=10, help="0 writes the initial weights (e.g. a random stand-in base)")
    run.add_argument("--lr", type=float, default=None, help="default: 1e-3 from scratch, 2e-4 for LoRA")
    run.add_argument("--warmup-steps", type=int, default=50)
    run.add_argument("--batch-tokens", type=int, default=4096, help="padded tokens per batch")
    run.add_argument("--patience", type=int, default=2, help="evaluations without improvement before stopping")
    run.add_argument("--eval-every-steps", type=int, default=0, help="also evaluate every N steps (0: per epoch only)")
    run.add_argument("--max-minutes", type=float, default=0.0, help="stop (and checkpoint) after this long; 0: no limit")
    run.add_argument("--valid-max", type=int, default=0,
                     help="evaluate on at most N held-out examples (a fixed random subset; 0: all)")
    run.add_argument("--holdout", type=float, default=0.1, help="held-out share when the data has no valid.jsonl")
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--threads", type=int, default=2, help="CPU threads for torch")
    run.add_argument("--resume", action="store_true", help="continue from --out/resume.pt")
    return p


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lr is None:
        args.lr = 1e-3 if args.from_scratch else 2e-4
    if args.kv_heads is None:
        args.kv_heads = args.heads
    if args.ffn_dim is None:
        args.ffn_dim = -(-(args.dim * 8 // 3) // 32) * 32
    if args.init_gguf and (not args.from_scratch or args.train_vocab):
        parser.error("--init-gguf applies to --from-scratch without --train-vocab (the model brings its vocabulary)")
    if args.init_gguf and not args.init_gguf.is_file():
        parser.error(f"--init-gguf {args.init_gguf} not found")
    if args.train_vocab and not args.from_scratch:
        parser.error("--train-vocab applies to --from-scratch only")
    if args.init_embeddings and (not args.from_scratch or args.init_gguf):
        parser.error("--init-embeddings applies to --from-scratch without --init-gguf")
    if args.init_embeddings and not args.init_embeddings.is_file():
        parser.error(f"--init-embeddings {args.init_embeddings} not found")
    if args.qlora and (args.from_scratch or is_plain_checkpoint(args.base)):
        parser.error("--qlora applies to a Hugging Face --base only")
    for name in ("lora_r", "dim", "layers", "heads", "kv_heads", "batch_tokens", "threads"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} must be positive")
    if not 0 < args.holdout < 1:
        parser.error("--holdout must be between 0 and 1")
    if not (args.data / "train.jsonl").is_file():
        parser.error(f"{args.data}/train.jsonl not found")
    return args


def is_plain_checkpoint(base: str | None) -> bool:
    return base is not None and base.endswith(".pt") and Path(base).is_file()


def loop_config(args: argparse.Namespace) -> LoopConfig:
    return LoopConfig(epochs=args.epochs, lr=args.lr, warmup_steps=args.warmup_steps, batch_tokens=args.batch_tokens,
                      patience=args.patience, eval_every_steps=args.eval_every_steps, max_minutes=args.max_minutes,
                      seed=args.seed)


def read_rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise SystemExit(f"{path}:{n}: invalid JSON ({err.msg})") from None
    return rows


def data_files(data: Path) -> tuple[Path, Path | None]:
    valid = next((data / n for n in VALID_NAMES if (data / n).is_file()), None)
    return data / "train.jsonl", valid


def tokenize_with_node(src: Path, dst: Path, vocab_gguf: Path) -> Path:
    """Adds node-llama-cpp's token ids (training/tokenize.ts) unless the file already carries them."""
    with src.open(encoding="utf-8") as f:
        first = json.loads(next(line for line in f if line.strip()))
    if "prompt_ids" in first:
        return src
    dst.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["npx", "--no-install", "tsx", str(REPO_ROOT / "training" / "tokenize.ts"),
                           "--in", str(src.resolve()), "--out", str(dst.resolve()), "--vocab", str(vocab_gguf.resolve())],
                          cwd=REPO_ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        detail = [line for line in proc.stderr.splitlines() if line.strip() and not line.startswith("npm warn")]
        raise SystemExit(f"tokenizing {src} failed: {detail[-1] if detail else f'exit {proc.returncode}'}")
    return dst


def git_commit() -> str:
    proc = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else "unknown"


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    # OpenBLAS keeps its own thread pool; on a busy machine two pools of spinning threads halve throughput.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
    import torch  # noqa: PLC0415 — argument errors above should not wait for torch to import

    from . import loop  # noqa: PLC0415

    torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    log_file = (args.out / "train.log").open("a", encoding="utf-8")

    def log(message: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {message}"
        print(line, file=sys.stderr, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    train_path, valid_path = data_files(args.data)
    model_info: dict[str, Any]
    if args.from_scratch or is_plain_checkpoint(args.base):
        from .gguf_export import vocab_special_ids  # noqa: PLC0415
        from .llama_cpp import vocab_path  # noqa: PLC0415
        from .model import LlamaConfig  # noqa: PLC0415
        from .plain import PlainLossModel  # noqa: PLC0415

        if args.from_scratch:
            if args.train_vocab and not (args.resume and (args.out / "vocab.gguf").is_file()):
                from .vocab import train_vocab  # noqa: PLC0415

                symbols = (args.vocab_symbols.read_text(encoding="utf-8").split() if args.vocab_symbols else None)
                train_vocab([train_path], args.train_vocab, args.out / "vocab.gguf", symbols=symbols)
            if args.train_vocab:
                args.vocab = str((args.out / "vocab.gguf").resolve())
            if args.init_gguf:
                args.vocab = str(args.init_gguf.resolve())
            vocab_gguf = vocab_path(args.vocab)
            cfg = LlamaConfig(vocab_size=vocab_special_ids(vocab_gguf)["vocab_size"], dim=args.dim,
                              n_layers=args.layers, n_heads=args.heads, n_kv_heads=args.kv_heads, ffn_dim=args.ffn_dim,
                              max_seq_len=args.max_seq_len, tie_embeddings=not args.untied)
            if args.init_gguf:
                from .gguf_import import model_from_gguf  # noqa: PLC0415

                model = PlainLossModel(model_from_gguf(args.init_gguf))
                cfg = model.model.cfg
            else:
                model = PlainLossModel.from_scratch(cfg, args.seed)
            model_info = {"kind": "from-scratch", "vocab": args.vocab, "config": cfg.to_dict(),
                          **({"init_gguf": str(args.init_gguf)} if args.init_gguf else {})}
            if args.init_embeddings:
                from .embed_init import init_token_embeddings  # noqa: PLC0415

                model_info["init_embeddings"] = init_token_embeddings(model.model, args.init_embeddings)
                log(f"token embeddings: {model_info['init_embeddings']}")
        else:
            model = PlainLossModel.lora_on(Path(args.base), args.lora_r, args.lora_alpha, args.seed)
            base_info = json.loads((Path(args.base).parent / "config.json").read_text()).get("model", {})
            vocab_gguf = vocab_path(base_info.get("vocab", args.vocab))
            model_info = {"kind": "plain-lora", "base": args.base, "vocab": base_info.get("vocab", args.vocab),
                          "lora_r": args.lora_r, "lora_alpha": args.lora_alpha, "config": model.model.cfg.to_dict()}
        vocab_size = model.model.cfg.vocab_size
        train = load_examples(tokenize_with_node(train_path, args.out / "ids" / "train.jsonl", vocab_gguf), vocab_size)
        valid = (load_examples(tokenize_with_node(valid_path, args.out / "ids" / "valid.jsonl", vocab_gguf), vocab_size)
                 if valid_path else None)
        model_info["parameters"] = sum(p.numel() for p in model.model.parameters())
        model_info["trainable_parameters"] = sum(p.numel() for p in model.trainable_parameters())
    else:
        from .hf import HFLossModel  # noqa: PLC0415

        model = HFLossModel(args.base, args.lora_r, args.lora_alpha, args.lora_dropout, args.qlora)
        train = model.tokenize(read_rows(train_path))
        valid = model.tokenize(read_rows(valid_path)) if valid_path else None
        model_info = {"kind": "hf-qlora" if args.qlora else "hf-lora", "base": args.base, "lora_r": args.lora_r,
                      "lora_alpha": args.lora_alpha, "lora_dropout": args.lora_dropout,
                      "trainable_parameters": sum(p.numel() for p in model.trainable_parameters())}
    if valid is None:
        train, valid = split_holdout(train, args.holdout, args.seed)
    if args.valid_max and len(valid) > args.valid_max:
        valid = random.Random(args.seed).sample(valid, args.valid_max)

    write_json(args.out / "config.json", {
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "model": model_info,
        "loop": asdict(loop_config(args)),
        "data": {"train": data_stats(train), "valid": data_stats(valid), "source": str(args.data)},
        "environment": {"python": platform.python_version(), "torch": torch.__version__, "threads": args.threads,
                        "commit": git_commit()},
    })
    log(f"{model_info['kind']}: {model_info.get('parameters', '?')} parameters "
        f"({model_info['trainable_parameters']} trainable); {len(train)} train / {len(valid)} held-out examples")
    state = loop.run(model, train, valid, loop_config(args), args.out, log, resume=args.resume)
    metrics = json.loads((args.out / "metrics.json").read_text()) if (args.out / "metrics.json").is_file() else {}
    metrics |= {"stopped": state.stopped, "steps": state.step, "epochs_completed": state.epoch,
                "elapsed_s": round(state.elapsed_s, 1)}
    write_json(args.out / "metrics.json", metrics)
    return 0


def data_stats(examples: list[Example]) -> dict[str, Any]:
    prompt = [len(e.prompt_ids) for e in examples]
    completion = [len(e.completion_ids) for e in examples]
    return {"examples": len(examples), "prompt_tokens_mean": round(sum(prompt) / len(prompt), 1),
            "prompt_tokens_max": max(prompt), "completion_tokens_mean": round(sum(completion) / len(completion), 1),
            "completion_tokens_max": max(completion)}
