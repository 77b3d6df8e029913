"""`export.py`: trained weights → GGUF files node-llama-cpp loads, then a check that it really does.

Plain-torch runs (from train.py --from-scratch, or its plain LoRA) are written directly with gguf-py.
Hugging Face runs go through llama.cpp's own converters from the node-llama-cpp bundle:
convert_hf_to_gguf.py for a (merged) model, convert_lora_to_gguf.py for a PEFT adapter.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .llama_cpp import REPO_ROOT, llama_cpp_dir

CHECK_PROMPTS = 4
CHECK_MAX_TOKENS = 48
# Exact greedy agreement is required at f32; f16/q8_0 rounding may flip a near-tie on a rare prompt.
MIN_AGREEMENT = {"f32": 1.0, "f16": 0.75, "q8_0": 0.75}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="export.py", description="Export a trained planner model or adapter to GGUF.")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", type=Path, help="best.pt from train.py (a model, or a plain-torch LoRA adapter)")
    src.add_argument("--hf-model", type=Path, help="a Hugging Face model folder (e.g. a merged fine-tune)")
    src.add_argument("--hf-adapter", type=Path, help="a PEFT adapter folder (train.py --base … writes OUT/adapter)")
    p.add_argument("--out", type=Path, required=True, help="the .gguf file to write")
    p.add_argument("--dtype", choices=("f32", "f16", "q8_0"), default="f16")
    p.add_argument("--hf-base", help="with --hf-adapter: the base model folder or id the adapter was trained on")
    p.add_argument("--merge", action="store_true", help="with --hf-adapter: merge into the base and export one model")
    p.add_argument("--base-gguf", type=Path, help="with a LoRA checkpoint: the exported base model, for --check")
    p.add_argument("--vocab", help="vocabulary GGUF name for a plain model (default: the one it was trained with)")
    p.add_argument("--check", action="store_true",
                   help="load the result in node-llama-cpp, compare its greedy output with torch, and plan one request")
    p.add_argument("--check-data", type=Path, help="tokenized examples whose prompts the check uses "
                                                   "(default: the run's ids/valid.jsonl)")
    p.add_argument("--check-request", default="show high severity alerts from the last 24 hours",
                   help="the request `secgraph-mcp plan` is asked to plan with the exported model")
    return p


def main(argv: list[str]) -> int:
    p = build_parser()
    args = p.parse_args(argv)
    if args.out.suffix != ".gguf":
        p.error("--out must name a .gguf file")
    if args.hf_adapter and not args.hf_base:
        p.error("--hf-adapter needs --hf-base")
    if args.checkpoint:
        report = export_plain(args)
    else:
        report = export_hf(args)
    print(json.dumps(report, indent=2))
    return 0 if report.get("check", {}).get("ok", True) else 1


def export_plain(args: argparse.Namespace) -> dict[str, Any]:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import torch  # noqa: PLC0415

    from .gguf_export import vocab_special_ids, write_lora_gguf, write_model_gguf  # noqa: PLC0415
    from .llama_cpp import vocab_path  # noqa: PLC0415
    from .node_check import compare, node_greedy, torch_greedy  # noqa: PLC0415
    from .plain import load_checkpoint  # noqa: PLC0415

    torch.set_num_threads(1)
    loaded = load_checkpoint(args.checkpoint)
    run_dir = args.checkpoint.parent
    run_config = json.loads((run_dir / "config.json").read_text()) if (run_dir / "config.json").is_file() else {}
    vocab_name = args.vocab or run_config.get("model", {}).get("vocab", "llama-spm")
    vocab_gguf = vocab_path(vocab_name)
    if isinstance(loaded, tuple):
        model, lora = loaded
        write_lora_gguf(model, args.out)
        report: dict[str, Any] = {"out": str(args.out), "kind": "lora-adapter", "lora_r": lora["r"], "lora_alpha": lora["alpha"]}
        gguf_model, gguf_lora = args.base_gguf, args.out
        if args.check and args.base_gguf is None:
            raise SystemExit("--check of a LoRA adapter needs --base-gguf (the exported base model)")
    else:
        model = loaded
        write_model_gguf(model, vocab_gguf, args.out, args.dtype)
        report = {"out": str(args.out), "kind": "model", "dtype": args.dtype}
        gguf_model, gguf_lora = args.out, None
    report["bytes"] = args.out.stat().st_size
    if not args.check:
        return report
    special = vocab_special_ids(vocab_gguf)
    prompts = check_prompts(args.check_data or run_dir / "ids" / "valid.jsonl", special["bos"])
    expected = torch_greedy(model, prompts, CHECK_MAX_TOKENS, {special["eos"]})
    actual = node_greedy(gguf_model, prompts, CHECK_MAX_TOKENS, gguf_lora)
    agreement = compare(expected, actual)
    dtype = "f32" if gguf_lora else args.dtype
    ok = agreement["exact_matches"] >= MIN_AGREEMENT[dtype] * agreement["prompts"]
    report["check"] = {"ok": ok, **agreement}
    if gguf_lora is not None:
        without = node_greedy(gguf_model, prompts, CHECK_MAX_TOKENS)
        report["check"]["outputs_changed_by_adapter"] = sum(a.tokens != w.tokens for a, w in zip(actual, without))
        # A briefly trained adapter may not flip a greedy choice yet; it must still move the probabilities.
        report["check"]["first_token_shift_by_adapter"] = max(
            abs(a.confidence[0] - w.confidence[0]) if a.tokens[:1] == w.tokens[:1] else 1.0
            for a, w in zip(actual, without) if a.tokens and w.tokens)
    report["check"]["plan"] = plan_one(args.check_request, gguf_model, gguf_lora)
    return report


def check_prompts(ids_file: Path, bos: int) -> list[list[int]]:
    """Held-out prompts when available; otherwise fixed token sequences (enough to catch a wrong layout)."""
    if ids_file.is_file():
        from .data import load_examples  # noqa: PLC0415

        return [ex.prompt_ids for ex in load_examples(ids_file)[:CHECK_PROMPTS]]
    return [[bos, 450, 4996, 17354, 1701], [bos, 1510, 1880, 2071], [bos, 29871, 29912, 376], [bos, 3692, 338]]


def plan_one(request: str, model: Path, lora: Path | None) -> dict[str, Any]:
    """Asks `secgraph-mcp plan` for one request with the exported model (the model planner's real path)."""
    cmd = ["npx", "--no-install", "tsx", str(REPO_ROOT / "src" / "cli.ts"), "plan", request,
           "--planner", "model", "--model", str(model.resolve()), "--now", "2026-11-21T12:00:00Z"]
    if lora is not None:
        cmd += ["--lora", str(lora.resolve())]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        return {"ok": False, "error": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]}
    try:
        return {"ok": True, "record": json.loads(proc.stdout.strip().splitlines()[-1])}
    except (json.JSONDecodeError, IndexError):
        return {"ok": False, "error": "plan printed no JSON record"}


def export_hf(args: argparse.Namespace) -> dict[str, Any]:
    """Hugging Face folders → GGUF with llama.cpp's converters (needs transformers, safetensors, peft for --merge)."""
    llama_cpp = llama_cpp_dir()
    outtype = args.dtype
    if args.hf_adapter and not args.merge:
        # A local folder needs only the base's config files; a hub id makes the converter fetch them.
        base_flag = "--base" if Path(args.hf_base).is_dir() else "--base-model-id"
        cmd = [sys.executable, str(llama_cpp / "convert_lora_to_gguf.py"), base_flag, str(args.hf_base),
               "--outfile", str(args.out), "--outtype", outtype, str(args.hf_adapter)]
        run_converter(cmd)
        report: dict[str, Any] = {"out": str(args.out), "kind": "lora-adapter", "converter": "convert_lora_to_gguf.py"}
        model_for_check, lora_for_check = None, args.out
    else:
        source = args.hf_model
        with tempfile.TemporaryDirectory(prefix="secgraph-merge-") as merged:
            if args.hf_adapter:
                source = merge_adapter(args.hf_base, args.hf_adapter, Path(merged))
            cmd = [sys.executable, str(llama_cpp / "convert_hf_to_gguf.py"), str(source),
                   "--outfile", str(args.out), "--outtype", outtype]
            run_converter(cmd)
        report = {"out": str(args.out), "kind": "model", "dtype": outtype, "converter": "convert_hf_to_gguf.py"}
        model_for_check, lora_for_check = args.out, None
    report["bytes"] = args.out.stat().st_size
    if args.check:
        if model_for_check is None:
            raise SystemExit("--check of a Hugging Face adapter needs the base as GGUF: export it with --hf-model first "
                             "and check with the planner: secgraph-mcp plan --model BASE.gguf --lora ADAPTER.gguf")
        report["check"] = {"plan": plan_one(args.check_request, model_for_check, lora_for_check)}
        report["check"]["ok"] = report["check"]["plan"]["ok"]
    return report


def merge_adapter(base: str, adapter: Path, out: Path) -> Path:
    try:
        import peft  # noqa: PLC0415
        import torch  # noqa: PLC0415
        import transformers  # noqa: PLC0415
    except ImportError as err:
        raise SystemExit(f"--merge needs transformers and peft ({err})") from None
    model = transformers.AutoModelForCausalLM.from_pretrained(base, torch_dtype=torch.bfloat16)
    merged = peft.PeftModel.from_pretrained(model, str(adapter)).merge_and_unload()
    merged.save_pretrained(out, safe_serialization=True)
    transformers.AutoTokenizer.from_pretrained(str(adapter)).save_pretrained(out)
    return out


def run_converter(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        raise SystemExit(f"{Path(cmd[1]).name} failed: {tail}")
