"""Batching puts the loss exactly on the completion tokens, predicted from the position before each."""
import unittest

import torch

from secgraph_training.data import Example, batches, make_batch, split_holdout


class BatchTest(unittest.TestCase):
    def test_targets_are_the_completion_tokens_at_the_preceding_positions(self):
        a = Example("a", [1, 10, 11, 12], [20, 21, 2])
        b = Example("b", [1, 13], [22, 2])
        batch = make_batch([a, b])
        width = batch.inputs.shape[1]
        self.assertEqual(width, a.length - 1)
        self.assertEqual(batch.targets.tolist(), [20, 21, 2, 22, 2])
        flat = batch.inputs.reshape(-1)
        # Each target's position holds the token right before it in the full sequence.
        expected_previous = [12, 20, 21, 13, 22]
        self.assertEqual(flat[batch.positions].tolist(), expected_previous)
        self.assertEqual(batch.example_index.tolist(), [0, 0, 0, 1, 1])
        self.assertEqual(batch.lengths.tolist(), [6, 3])

    def test_batches_respect_the_token_budget_and_keep_every_example(self):
        examples = [Example(str(i), [1] * (5 + i), [7, 2]) for i in range(20)]
        groups = batches(examples, max_tokens=60, shuffle=True, seed=3)
        self.assertEqual(sum(g.size for g in groups), 20)
        for g in groups:
            self.assertTrue(g.inputs.numel() <= 60 or g.size == 1)

    def test_holdout_split_is_deterministic_and_disjoint(self):
        examples = [Example(str(i), [1, i + 3], [2]) for i in range(50)]
        train1, held1 = split_holdout(examples, 0.2, seed=5)
        train2, held2 = split_holdout(examples, 0.2, seed=5)
        self.assertEqual([e.id for e in held1], [e.id for e in held2])
        self.assertEqual(len(held1), 10)
        self.assertFalse({e.id for e in train1} & {e.id for e in held1})


class LossMaskTest(unittest.TestCase):
    def test_loss_is_cross_entropy_over_the_completion_tokens_only(self):
        import torch.nn.functional as F

        from secgraph_training.loop import completion_loss
        from secgraph_training.model import LlamaConfig
        from secgraph_training.plain import PlainLossModel

        model = PlainLossModel.from_scratch(LlamaConfig(vocab_size=64, dim=32, n_layers=1, n_heads=2, n_kv_heads=2, ffn_dim=64), 0)
        a = Example("a", [1, 40, 41, 42], [50, 51, 2])
        b = Example("b", [1, 43], [52, 2])
        loss = completion_loss(model, make_batch([a, b]))
        # Reference: full-vocabulary logits at every position of each sequence on its own, scored only
        # where the next token is a completion token.
        terms = []
        for ex in (a, b):
            seq = ex.prompt_ids + ex.completion_ids
            logits = model.model.forward(torch.tensor([seq[:-1]]))[0]
            first = len(ex.prompt_ids) - 1
            terms.append(F.cross_entropy(logits[first:], torch.tensor(ex.completion_ids), reduction="none"))
        expected = torch.cat(terms).mean()
        self.assertAlmostEqual(float(loss), float(expected), places=5)


if __name__ == "__main__":
    unittest.main()
