"""train.py's argument handling and the Hugging Face path's configuration, without transformers installed."""
import contextlib
import io
import tempfile
import unittest
from pathlib import Path

from secgraph_training.cli_train import is_plain_checkpoint, loop_config, parse_args


class TrainArgsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.data = Path(self.tmp.name)
        (self.data / "train.jsonl").write_text('{"prompt": "p", "completion": "c"}\n')

    def tearDown(self):
        self.tmp.cleanup()

    def parse_error(self, argv):
        with contextlib.redirect_stderr(io.StringIO()) as err, self.assertRaises(SystemExit) as exit_:
            parse_args(argv)
        self.assertEqual(exit_.exception.code, 2)
        return err.getvalue()

    def test_qlora_run_on_a_hugging_face_base(self):
        args = parse_args(["--base", "NousResearch/Hermes-3-Llama-3.1-8B", "--data", str(self.data), "--out", "o",
                           "--lora-r", "32", "--lora-alpha", "64", "--qlora", "--epochs", "3"])
        self.assertFalse(is_plain_checkpoint(args.base))
        self.assertEqual((args.lora_r, args.lora_alpha, args.qlora), (32, 64.0, True))
        self.assertEqual(args.lr, 2e-4)  # LoRA default
        cfg = loop_config(args)
        self.assertEqual((cfg.epochs, cfg.lr, cfg.patience), (3, 2e-4, 2))

    def test_init_embeddings_needs_a_from_scratch_model_and_the_file(self):
        self.assertIn("not found", self.parse_error(["--from-scratch", "--data", str(self.data), "--out", "o",
                                                     "--init-embeddings", str(self.data / "missing.f32")]))
        (self.data / "v.f32").write_bytes(b"")
        self.assertIn("--init-embeddings applies to --from-scratch",
                      self.parse_error(["--base", "x/y", "--data", str(self.data), "--out", "o",
                                        "--init-embeddings", str(self.data / "v.f32")]))

    def test_from_scratch_defaults(self):
        args = parse_args(["--from-scratch", "--data", str(self.data), "--out", "o", "--dim", "200"])
        self.assertEqual(args.lr, 1e-3)
        self.assertEqual(args.kv_heads, args.heads)
        self.assertEqual(args.ffn_dim % 32, 0)
        self.assertGreaterEqual(args.ffn_dim, 200 * 8 // 3)

    def test_bad_combinations_are_one_line_usage_errors(self):
        self.assertIn("--qlora applies to a Hugging Face --base only",
                      self.parse_error(["--from-scratch", "--qlora", "--data", str(self.data), "--out", "o"]))
        self.assertIn("not allowed with argument",
                      self.parse_error(["--from-scratch", "--base", "x", "--data", str(self.data), "--out", "o"]))
        self.assertIn("train.jsonl not found",
                      self.parse_error(["--from-scratch", "--data", str(self.data / "missing"), "--out", "o"]))
        self.assertIn("--train-vocab applies to --from-scratch only",
                      self.parse_error(["--base", "x", "--train-vocab", "100", "--data", str(self.data), "--out", "o"]))

    def test_hugging_face_path_names_the_missing_package(self):
        try:
            import transformers  # noqa: F401
        except ImportError:
            from secgraph_training.hf import HFLossModel

            with self.assertRaisesRegex(SystemExit, "needs the Python package 'transformers'"):
                HFLossModel("some/model", 16, 32.0, 0.05, qlora=False)
        else:
            self.skipTest("transformers is installed here")


class HFTokenizeTest(unittest.TestCase):
    def test_tool_call_open_moves_to_the_prompt_and_eos_ends_the_completion(self):
        from secgraph_training.hf import TOOL_CALL_OPEN, HFLossModel

        class CharTokenizer:  # stands in for a Hugging Face tokenizer: one id per character, BOS = 1
            eos_token_id = 2

            def __call__(self, text, add_special_tokens):
                return {"input_ids": ([1] if add_special_tokens else []) + [ord(c) for c in text]}

        model = object.__new__(HFLossModel)  # no transformers here: only the tokenizer is needed
        model.tokenizer = CharTokenizer()
        [example] = model.tokenize([{"id": "x", "prompt": "P", "completion": TOOL_CALL_OPEN + '{"a": 1}'}])
        self.assertEqual(example.prompt_ids, [1, ord("P")] + [ord(c) for c in TOOL_CALL_OPEN])
        self.assertEqual(example.completion_ids, [ord(c) for c in '{"a": 1}'] + [2])


if __name__ == "__main__":
    unittest.main()
