import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/eval/progress.js";

const ESC = String.fromCharCode(27);

describe("createProgress", () => {
  it("prints a plain line every tenth of the way when stderr is not a terminal", () => {
    const lines: string[] = [];
    const progress = createProgress("eval rules", 25, (t) => lines.push(t), false);
    for (let done = 1; done <= 25; done++) progress.update(done, 25);
    progress.stop();
    expect(lines).toEqual(["eval rules: 3/25 cases\n", "eval rules: 6/25 cases\n", "eval rules: 9/25 cases\n", "eval rules: 12/25 cases\n", "eval rules: 15/25 cases\n", "eval rules: 18/25 cases\n", "eval rules: 21/25 cases\n", "eval rules: 24/25 cases\n", "eval rules: 25/25 cases\n"]);
    expect(lines.join("")).not.toContain(ESC);
  });

  it("draws a bar with terminal control sequences on a terminal", () => {
    const out: string[] = [];
    const progress = createProgress("eval rules", 4, (t) => out.push(t), true);
    for (let done = 1; done <= 4; done++) progress.update(done, 4);
    progress.stop();
    const text = out.join("");
    expect(text).toContain(`${ESC}[`);
    expect(text).toMatch(/eval rules \[.*\] 4\/4 cases/);
  });
});
