"""The export is right when node-llama-cpp, reading the GGUF, decodes exactly what the torch model does.

Weights are random but large enough that every step has a clear winner, so a transposed matrix, a wrong
rotary convention or a misnamed tensor shows up as different tokens.
"""
import tempfile
import unittest
from pathlib import Path

import torch

from secgraph_training.gguf_export import vocab_special_ids, write_lora_gguf, write_model_gguf
from secgraph_training.llama_cpp import vocab_path
from secgraph_training.model import LlamaConfig, LlamaModel, add_lora
from secgraph_training.node_check import compare, node_greedy, torch_greedy

PROMPTS = [[1, 450, 4996, 17354], [1, 29871, 29912, 376, 3488], [1, 319, 2158, 338, 263, 1243]]
STEPS = 10


def random_model(seed: int, **overrides) -> LlamaModel:
    torch.manual_seed(seed)
    model = LlamaModel(LlamaConfig(**{"dim": 64, "n_layers": 2, "n_heads": 4, "n_kv_heads": 2, "ffn_dim": 128, **overrides}))
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() == 2:
                p.normal_(0, 0.3)
    return model


class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="secgraph-export-test-")
        cls.dir = Path(cls.tmp.name)
        cls.eos = {vocab_special_ids(vocab_path())["eos"]}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_f32_model_and_lora_adapter_decode_like_torch(self):
        model = random_model(0)
        base_gguf = self.dir / "base.gguf"
        write_model_gguf(model, vocab_path(), base_gguf, "f32")
        base_torch = torch_greedy(model, PROMPTS, STEPS, self.eos)
        agreement = compare(base_torch, node_greedy(base_gguf, PROMPTS, STEPS))
        self.assertEqual(agreement["exact_matches"], len(PROMPTS), agreement)
        self.assertLess(agreement["max_confidence_gap"], 0.01)

        for p in add_lora(model, r=4, alpha=8.0):
            with torch.no_grad():
                p.normal_(0, 0.3)
        adapter = self.dir / "adapter.gguf"
        write_lora_gguf(model, adapter)
        with_lora_torch = torch_greedy(model, PROMPTS, STEPS, self.eos)
        with_lora_node = node_greedy(base_gguf, PROMPTS, STEPS, lora_path=adapter)
        agreement = compare(with_lora_torch, with_lora_node)
        self.assertEqual(agreement["exact_matches"], len(PROMPTS), agreement)
        # …and the adapter really changed what the model says.
        self.assertNotEqual([g.tokens for g in with_lora_node], [g.tokens for g in base_torch])

    def test_untied_output_decodes_like_torch(self):
        model = random_model(1, tie_embeddings=False, n_kv_heads=4)
        out = self.dir / "untied.gguf"
        write_model_gguf(model, vocab_path(), out, "f32")
        agreement = compare(torch_greedy(model, PROMPTS, STEPS, self.eos), node_greedy(out, PROMPTS, STEPS))
        self.assertEqual(agreement["exact_matches"], len(PROMPTS), agreement)

    def test_q8_0_keeps_the_first_choice_and_its_confidence(self):
        # 8-bit weights (and llama.cpp's 8-bit activations) can flip later near-ties of a random model;
        # the first token and its probability must still agree.
        model = random_model(3)
        out = self.dir / "q8.gguf"
        write_model_gguf(model, vocab_path(), out, "q8_0")
        expected = torch_greedy(model, PROMPTS, 1, self.eos)
        actual = node_greedy(out, PROMPTS, 1)
        self.assertEqual([g.tokens for g in actual], [g.tokens for g in expected])
        self.assertLess(compare(expected, actual)["max_confidence_gap"], 0.05)

    def test_lora_export_refuses_a_model_without_adapters(self):
        with self.assertRaisesRegex(ValueError, "no LoRA layers"):
            write_lora_gguf(random_model(2), self.dir / "none.gguf")
        self.assertFalse((self.dir / "none.gguf").exists())


if __name__ == "__main__":
    unittest.main()


class ImportTest(unittest.TestCase):
    def test_import_is_the_inverse_of_export(self):
        from secgraph_training.gguf_import import model_from_gguf  # noqa: PLC0415

        with tempfile.TemporaryDirectory(prefix="secgraph-import-test-") as tmp:
            for tied in (True, False):
                model = random_model(3, tie_embeddings=tied)
                path = Path(tmp) / f"m-{tied}.gguf"
                write_model_gguf(model, vocab_path(), path, "f32")
                back = model_from_gguf(path)
                self.assertEqual(back.cfg.to_dict(), {**model.cfg.to_dict(), "norm_eps": back.cfg.norm_eps})
                self.assertAlmostEqual(back.cfg.norm_eps, model.cfg.norm_eps, places=6)
                for (name, a), (_, b) in zip(model.state_dict().items(), back.state_dict().items()):
                    self.assertTrue(torch.equal(a, b), name)
