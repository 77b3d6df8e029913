"""SYNTHETIC test fixture — not the real dataset. A tiny, learnable set of chat-format examples in the
shape `secgraph-mcp dataset` writes (`id`, `prompt`, `completion`), so pipeline tests run in seconds
without the catalog. `variant` changes the tool names, giving a second task for the LoRA test."""
from __future__ import annotations

import json
import random
from pathlib import Path

SEVERITIES = ["low", "medium", "high"]
SUBJECTS = {
    "alerts": ("list_alerts", ["show {sev} alerts", "list {sev} severity alerts", "{sev} alerts please"]),
    "incidents": ("list_incidents", ["show {sev} incidents", "list {sev} severity incidents", "{sev} incidents please"]),
}


def render(request: str, name: str, severity: str) -> dict[str, str]:
    prompt = ("<|im_start|>system\nCall one function.<|im_end|>\n<|im_start|>user\nNow: 2026-11-21T12:00:00Z\n"
              f"{request}<|im_end|>\n<|im_start|>assistant\n")
    completion = (f'<tool_call>\n{{"name": "{name}", "arguments": {{"severity": "{severity}"}}}}\n'
                  "</tool_call><|im_end|>")
    return {"prompt": prompt, "completion": completion}


def examples(variant: str = "") -> list[dict[str, str]]:
    rows = []
    for subject, (name, templates) in SUBJECTS.items():
        for sev in SEVERITIES:
            for i, template in enumerate(templates):
                rows.append({"id": f"{subject}-{sev}-{i}", **render(template.format(sev=sev), name + variant, sev)})
    return rows


def write(out_dir: Path, variant: str = "", seed: int = 0) -> Path:
    """train.jsonl (every example, so a tiny model can memorise it) and valid.jsonl (a sample of them)."""
    rows = examples(variant)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    valid = random.Random(seed).sample(rows, 4)
    (out_dir / "valid.jsonl").write_text("".join(json.dumps(r) + "\n" for r in valid))
    return out_dir
