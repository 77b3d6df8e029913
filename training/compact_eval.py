#!/usr/bin/env python3
"""Scores a plain-torch checkpoint on compact-format evaluation rows (greedy decoding, no grammar):

  npx tsx training/compact-data.ts --eval-cases evals/cases/corpus/dev.jsonl --out RUN/eval/cdev.rows.jsonl
  npx tsx training/tokenize.ts --in RUN/eval/cdev.rows.jsonl --out RUN/eval/cdev.ids.jsonl --vocab RUN/vocab.gguf
  python3 training/compact_eval.py --checkpoint RUN/best.pt --vocab RUN/vocab.gguf \\
      --rows RUN/eval/cdev.rows.jsonl --ids RUN/eval/cdev.ids.jsonl --out RUN/eval/cdev.json

Reports routing top-1 (the first word of the output is the expected operation, or `decline`) and exact
compact match (the whole completion), over the cases whose expectation the request checker reads. This
is model-alone without the catalog grammar; the planner's own numbers come from `secgraph-mcp eval`.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from secgraph_training.llama_cpp import import_gguf  # noqa: E402
from secgraph_training.plain import load_checkpoint  # noqa: E402


def pieces(vocab_gguf: Path) -> list[str]:
    gguf = import_gguf()
    reader = gguf.GGUFReader(str(vocab_gguf))
    field = reader.fields["tokenizer.ggml.tokens"]
    return [bytes(field.parts[i]).decode("utf-8", "replace") for i in field.data]


def detokenize(ids: list[int], table: list[str]) -> str:
    """Pieces → text: "▁" is a space, byte-fallback pieces ("<0x0A>") are their byte."""
    out = bytearray()
    for i in ids:
        piece = table[i]
        if len(piece) == 6 and piece.startswith("<0x") and piece.endswith(">"):
            out.append(int(piece[3:5], 16))
        else:
            out += piece.replace("\u2581", " ").encode("utf-8")
    return out.decode("utf-8", "replace").strip()


def wilson(k: int, n: int, z: float = 1.96) -> list[float]:
    if n == 0:
        return [0.0, 0.0]
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return [round(c - h, 4), round(c + h, 4)]


def main() -> int:
    p = argparse.ArgumentParser(prog="compact_eval.py")
    p.add_argument("--checkpoint", type=Path, required=True)
    p.add_argument("--vocab", type=Path, required=True)
    p.add_argument("--rows", type=Path, required=True)
    p.add_argument("--ids", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-tokens", type=int, default=48, help="generated tokens per case at most (completions average 12)")
    args = p.parse_args()
    import torch  # noqa: PLC0415

    torch.set_num_threads(args.threads)
    loaded = load_checkpoint(args.checkpoint)
    model = loaded[0] if isinstance(loaded, tuple) else loaded
    model.eval()
    table = pieces(args.vocab)
    rows = [json.loads(line) for line in args.rows.open(encoding="utf-8") if line.strip()]
    ids = {r["id"]: r for r in (json.loads(line) for line in args.ids.open(encoding="utf-8") if line.strip())}
    routed = exact = scored = 0
    outputs = []
    with torch.no_grad():
        for row in rows:
            if row["operation"] is None:
                continue
            tok = ids[row["id"]]
            eos = tok["completion_ids"][-1]
            out = model.greedy(tok["prompt_ids"], args.max_tokens, {eos})
            # Whitespace-blind, as decodePlan reads slots: a user-defined piece can follow its own "▁".
            text = " ".join(detokenize([t for t in out if t != eos], table).split())
            want = row["completion"].split("\n", 1)[1].strip()
            scored += 1
            routed += int(text.split(" ", 1)[0] == row["operation"])
            exact += int(text == want)
            outputs.append({"id": row["id"], "output": text})
    result = {"cases": len(rows), "scored": scored, "routing_top1": round(routed / max(scored, 1), 4),
              "routing_ci95": wilson(routed, scored), "exact_compact": round(exact / max(scored, 1), 4),
              "exact_ci95": wilson(exact, scored), "checkpoint": str(args.checkpoint)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".outputs.jsonl").write_text("".join(json.dumps(o) + "\n" for o in outputs), encoding="utf-8")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
