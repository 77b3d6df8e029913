"""Runs an exported GGUF through node-llama-cpp (training/gguf_check.ts) and compares it with torch."""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import torch

from .llama_cpp import REPO_ROOT
from .model import LlamaModel

CHECK_SCRIPT = REPO_ROOT / "training" / "gguf_check.ts"


@dataclass
class Greedy:
    tokens: list[int]
    confidence: list[float]


def node_greedy(model_path: Path, prompts: list[list[int]], max_tokens: int,
                lora_path: Path | None = None, lora_scale: float = 1.0) -> list[Greedy]:
    # The script runs from the repository root: hand it absolute paths.
    request = {"model": str(model_path.resolve()), "prompts": prompts, "maxTokens": max_tokens}
    if lora_path is not None:
        request |= {"lora": str(lora_path.resolve()), "loraScale": lora_scale}
    proc = subprocess.run(["npx", "--no-install", "tsx", str(CHECK_SCRIPT)], input=json.dumps(request),
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)
    if proc.returncode != 0:
        errors = [line for line in proc.stderr.splitlines() if "Error" in line or "error" in line]
        raise RuntimeError(f"node-llama-cpp check failed: {errors[0].strip() if errors else f'exit {proc.returncode}'}")
    return [Greedy(o["tokens"], o["confidence"]) for o in json.loads(proc.stdout)["outputs"]]


@torch.no_grad()
def torch_greedy(model: LlamaModel, prompts: list[list[int]], max_tokens: int, stop_ids: set[int]) -> list[Greedy]:
    results = []
    for prompt in prompts:
        ids = list(prompt)
        tokens, confidence = [], []
        for _ in range(max_tokens):
            probs = torch.softmax(model.forward(torch.tensor([ids]))[0, -1].float(), dim=-1)
            nxt = int(torch.argmax(probs))
            if nxt in stop_ids:
                break  # node-llama-cpp's generator ends at end-of-generation without yielding it
            tokens.append(nxt)
            confidence.append(float(probs[nxt]))
            ids.append(nxt)
        results.append(Greedy(tokens, confidence))
    return results


def compare(torch_out: list[Greedy], node_out: list[Greedy]) -> dict:
    """Agreement between the two decoders: exact token match per prompt and the largest confidence gap
    over the shared prefix (a wrong layout shows as diverging tokens long before a gap this metric hides)."""
    matches, gap = 0, 0.0
    for t, n in zip(torch_out, node_out):
        matches += t.tokens == n.tokens
        shared = 0
        while shared < min(len(t.tokens), len(n.tokens)) and t.tokens[shared] == n.tokens[shared]:
            shared += 1
        for i in range(shared):
            gap = max(gap, abs(t.confidence[i] - n.confidence[i]))
    return {"prompts": len(torch_out), "exact_matches": matches, "max_confidence_gap": gap}
