"""--init-embeddings: USE-lite rows projected onto the model width (training/secgraph_training/embed_init.py)."""
import json
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from secgraph_training.embed_init import INIT_STD, init_token_embeddings, project
from secgraph_training.model import LlamaConfig, LlamaModel


def write_vectors(folder: Path, vectors: np.ndarray) -> Path:
    path = folder / "v.f32"
    vectors.astype("<f4").tofile(path)
    (folder / "v.f32.json").write_text(json.dumps({"rows": vectors.shape[0], "dims": vectors.shape[1]}))
    return path


class EmbedInitTest(unittest.TestCase):
    def test_projection_keeps_neighbours_and_the_init_spread(self):
        rng = np.random.default_rng(0)
        vectors = rng.normal(size=(40, 16))
        vectors[5] = 0  # a piece with no words: left to the random init
        vectors[7] = vectors[6] + 0.01 * rng.normal(size=16)  # two near-synonyms
        rows, mask = project(vectors, 8)
        self.assertEqual(rows.shape, (39, 8))
        self.assertFalse(mask[5])
        self.assertAlmostEqual(float(rows.std()), INIT_STD, places=4)
        picked = np.flatnonzero(mask)
        a, b = rows[list(picked).index(6)], rows[list(picked).index(7)]
        dists = np.linalg.norm(rows - a, axis=1)
        self.assertEqual(int(np.argsort(dists)[1]), list(picked).index(7), "the near-synonym stays the nearest row")
        self.assertLess(float(np.linalg.norm(a - b)), float(np.median(dists)))

    def test_rows_land_on_their_token_ids_and_zero_rows_keep_the_random_init(self):
        torch.manual_seed(0)
        model = LlamaModel(LlamaConfig(vocab_size=12, dim=8, n_layers=1, n_heads=2, n_kv_heads=2, ffn_dim=32))
        before = model.tok_embeddings.weight.detach().clone()
        vectors = np.random.default_rng(1).normal(size=(12, 16))
        vectors[[0, 3]] = 0
        with tempfile.TemporaryDirectory() as tmp:
            info = init_token_embeddings(model, write_vectors(Path(tmp), vectors))
        after = model.tok_embeddings.weight.detach()
        self.assertEqual((info["rows_initialised"], info["rows"]), (10, 12))
        self.assertTrue(torch.equal(after[0], before[0]) and torch.equal(after[3], before[3]))
        self.assertFalse(torch.equal(after[1], before[1]))
        self.assertIs(model.output_weight(), model.tok_embeddings.weight)  # tied: the output starts from them too

    def test_a_vocabulary_of_another_size_is_refused(self):
        model = LlamaModel(LlamaConfig(vocab_size=12, dim=8, n_layers=1, n_heads=2, n_kv_heads=2, ffn_dim=32))
        with tempfile.TemporaryDirectory() as tmp, self.assertRaises(SystemExit) as err:
            init_token_embeddings(model, write_vectors(Path(tmp), np.ones((10, 16))))
        self.assertIn("run training/use-init.ts", str(err.exception))


if __name__ == "__main__":
    unittest.main()
