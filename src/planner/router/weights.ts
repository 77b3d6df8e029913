/** Router weights: written by `npx tsx src/planner/router/train.ts --seed 1 --epochs 400 --l2 0.001 --generated DIR (secgraph-mcp dataset --seed 1 --out DIR)` — do not edit by hand. */
import type { RouterWeights } from "./scorer.js";

export const ROUTER_WEIGHTS: RouterWeights = {
  "features": [
    "bias_write",
    "bm25",
    "bm25_best",
    "cos_title",
    "cos_example",
    "cos_gap",
    "cos_best",
    "write_requested",
    "named_by_verb",
    "named_by_action_word",
    "comment_verb_match",
    "comment_verb_mismatch",
    "update_verb",
    "read_only_but_write_asked",
    "ids_present",
    "id_type_matches",
    "list_but_object_id",
    "unmentioned_qualifier",
    "deprecated",
    "entity_affinity",
    "hunt_without_words",
    "hunt_with_kql",
    "hunt_nothing_to_hunt",
    "hunt_words",
    "hunt_indicator",
    "count_question_list",
    "count_question_single",
    "hunt_tool_terms"
  ],
  "weights": [
    0.1878,
    4.3361,
    0.377,
    3.3217,
    2.4624,
    3.0075,
    0.2545,
    0.1878,
    0.4685,
    1.3197,
    0.1419,
    -0.1628,
    0.7636,
    -0.783,
    0.9161,
    0.467,
    -1.9254,
    -3.4861,
    -0.0231,
    1.4623,
    0.5763,
    0.2126,
    2.5927,
    4.1666,
    1.1371,
    -0.0174,
    0.1357,
    1.2813
  ],
  "none": [
    "none_bias",
    "none_cos_max",
    "none_bm25_raw_max"
  ],
  "noneWeights": [
    3.9622,
    1.7403,
    -0.4335
  ],
  "provenance": {
    "command": "npx tsx src/planner/router/train.ts --seed 1 --epochs 400 --l2 0.001 --generated DIR (secgraph-mcp dataset --seed 1 --out DIR)",
    "trainingRequests": {
      "generator:train": 2460,
      "train-a.jsonl": 421,
      "train-b.jsonl": 405
    },
    "rowsUsed": 2813,
    "rowsSkipped": 473,
    "finalLoss": 0.4172,
    "trainTop1": 0.8798,
    "generatorValidTop1": 0.8933
  }
};
