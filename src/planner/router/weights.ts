/** Router weights: written by `npx tsx src/planner/router/train.ts --seed 1 --epochs 400 --l2 0.001` — do not edit by hand. */
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
    "missing_id",
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
    "count_question_single"
  ],
  "weights": [
    0.3654,
    4.4662,
    0.2298,
    3.9214,
    2.6264,
    2.9255,
    0.0305,
    0.3654,
    0.7882,
    1.4257,
    0.2159,
    -0.1387,
    0.3836,
    -0.6753,
    -2.9897,
    1.6535,
    -0.3089,
    -2.2761,
    -4.0119,
    -0.1663,
    -0.0142,
    -0.5517,
    0.2992,
    3.0399,
    0.781,
    0.364,
    0,
    0
  ],
  "none": [
    "none_bias",
    "none_cos_max",
    "none_bm25_raw_max"
  ],
  "noneWeights": [
    2.1923,
    1.1188,
    -0.3583
  ],
  "provenance": {
    "command": "npx tsx src/planner/router/train.ts --seed 1 --epochs 400 --l2 0.001",
    "trainingRequests": {
      "generator:train": 2460
    },
    "rowsUsed": 2400,
    "rowsSkipped": 60,
    "finalLoss": 0.4199,
    "trainTop1": 0.87,
    "generatorValidTop1": 0.8876
  }
};
