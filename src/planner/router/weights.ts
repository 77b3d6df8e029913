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
    0.1204,
    4.2714,
    0.4461,
    3.2677,
    2.4619,
    3.0256,
    0.2472,
    0.1204,
    0.4573,
    1.4256,
    0.1525,
    -0.1447,
    0.9733,
    -0.5191,
    0.8269,
    0.5494,
    -1.8363,
    -3.521,
    -0.0416,
    1.4267,
    0.5493,
    0.2319,
    2.4883,
    4.2556,
    1.1962,
    -0.184,
    0.099,
    1.1877
  ],
  "none": [
    "none_bias",
    "none_cos_max",
    "none_bm25_raw_max"
  ],
  "noneWeights": [
    4.5058,
    1.7863,
    -0.4928
  ],
  "provenance": {
    "command": "npx tsx src/planner/router/train.ts --seed 1 --epochs 400 --l2 0.001 --generated DIR (secgraph-mcp dataset --seed 1 --out DIR)",
    "trainingRequests": {
      "generator:train": 2460,
      "train-a.jsonl": 505,
      "train-b.jsonl": 568
    },
    "rowsUsed": 3034,
    "rowsSkipped": 499,
    "finalLoss": 0.4296,
    "trainTop1": 0.8777,
    "generatorValidTop1": 0.8933
  }
};
