"""End to end on a synthetic mini dataset: train a few steps from scratch (with a learnt vocabulary),
export to GGUF, decode it with node-llama-cpp and plan one request with it; then a LoRA adapter trained
on a randomly initialised stand-in base, exported as a GGUF adapter, loaded through
createContext({lora}) and used by the model planner.

This is the CI smoke test of the pipeline (`npm run test:training`); the numbers it trains to are not
meaningful, only that every stage runs and the runtimes agree."""
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from tests import mini_dataset

TRAINING = Path(__file__).resolve().parents[1]


def run(script: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, str(TRAINING / script), *args], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise AssertionError(f"{script} {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}\n{proc.stdout[-2000:]}")
    return proc.stdout


class SmokeTest(unittest.TestCase):
    def test_train_export_load_plan_then_lora(self):
        with tempfile.TemporaryDirectory(prefix="secgraph-smoke-") as tmp:
            root = Path(tmp)
            data = mini_dataset.write(root / "data")
            base = root / "base"
            tiny = ["--dim", "64", "--layers", "2", "--heads", "2", "--threads", "1", "--batch-tokens", "2048"]
            run("train.py", "--from-scratch", "--data", str(data), "--out", str(base), "--train-vocab", "300",
                "--epochs", "4", "--lr", "3e-3", "--warmup-steps", "2", *tiny)
            metrics = json.loads((base / "metrics.json").read_text())
            config = json.loads((base / "config.json").read_text())
            self.assertEqual(metrics["epochs_completed"], 4)
            self.assertEqual(len(metrics["history"]), 4)
            first, last = metrics["history"][0]["valid_loss"], metrics["history"][-1]["valid_loss"]
            self.assertLess(last, first, "held-out loss should fall over a few epochs of a memorisable set")
            self.assertEqual(config["model"]["config"]["vocab_size"], 300)

            model = root / "model.gguf"
            report = json.loads(run("export.py", "--checkpoint", str(base / "best.pt"), "--out", str(model),
                                    "--dtype", "f32", "--check"))
            self.assertTrue(report["check"]["ok"], report)
            self.assertEqual(report["check"]["exact_matches"], report["check"]["prompts"])
            plan = report["check"]["plan"]
            self.assertTrue(plan["ok"], plan)
            self.assertIn(plan["record"]["decision"], ("call", "decline"))
            self.assertEqual(plan["record"]["planner"], "model:model.gguf")

            # LoRA on a stand-in base: random initialisation (--epochs 0), llama architecture, same vocabulary.
            standin = root / "standin"
            run("train.py", "--from-scratch", "--epochs", "0", "--data", str(data), "--out", str(standin),
                "--vocab", str(base / "vocab.gguf"), *tiny)
            standin_gguf = root / "standin.gguf"
            run("export.py", "--checkpoint", str(standin / "best.pt"), "--out", str(standin_gguf), "--dtype", "f32")
            lora_data = mini_dataset.write(root / "data-v2", variant="_v2")
            lora_run = root / "lora"
            run("train.py", "--base", str(standin / "best.pt"), "--data", str(lora_data), "--out", str(lora_run),
                "--lora-r", "8", "--lora-alpha", "16", "--epochs", "6", "--patience", "6", "--lr", "1e-2",
                "--warmup-steps", "2", "--threads", "1", "--batch-tokens", "2048")
            lora_metrics = json.loads((lora_run / "metrics.json").read_text())
            self.assertLess(lora_metrics["history"][-1]["valid_loss"], lora_metrics["history"][0]["valid_loss"])
            adapter = root / "adapter.gguf"
            report = json.loads(run("export.py", "--checkpoint", str(lora_run / "best.pt"), "--out", str(adapter),
                                    "--base-gguf", str(standin_gguf), "--check"))
            self.assertEqual(report["kind"], "lora-adapter")
            self.assertTrue(report["check"]["ok"], report)  # node-llama-cpp + adapter decodes as torch + LoRA
            self.assertGreater(report["check"]["first_token_shift_by_adapter"], 1e-3, report)
            self.assertEqual(report["check"]["plan"]["record"]["planner"], "model:standin.gguf+adapter.gguf")

if __name__ == "__main__":
    unittest.main()
