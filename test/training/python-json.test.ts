/**
 * The training pipeline renders completions with Python's json.dumps; the planner renders them in
 * TypeScript. They must agree byte for byte, or the model is trained on one text and parsed on another.
 * Needs Python 3 (standard library only); runs with the training tests (`npm run test:training`).
 */
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pythonStyleJson } from "../../src/planner/prompt.js";

describe("pythonStyleJson", () => {
  it("writes exactly what Python's json.dumps(ensure_ascii=False) writes (training renders targets in Python)", () => {
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: "small" },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("any"), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie("any"), { maxKeys: 4 }),
      ),
    })).any;
    const samples = fc.sample(value, { numRuns: 300, seed: 42 });
    const python = execFileSync(
      process.env.SECGRAPH_PYTHON ?? "/usr/bin/python3",
      ["-c", "import json,sys\nfor line in sys.stdin: print(json.dumps(json.loads(line), ensure_ascii=False))"],
      { input: samples.map((s) => JSON.stringify(s)).join("\n") + "\n", encoding: "utf8" },
    );
    expect(python.trimEnd().split("\n")).toEqual(samples.map((s) => pythonStyleJson(s)));
  });
});
