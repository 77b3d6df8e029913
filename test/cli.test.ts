import { describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import type { CliIO } from "../src/commands/io.js";

export function captureIO(env: NodeJS.ProcessEnv = {}): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env,
    cwd: process.cwd(),
    stdin: process.stdin,
    stdinIsTTY: false,
    stderrIsTTY: false,
  };
}

describe("cli dispatch", () => {
  it("lists commands on --help", async () => {
    const io = captureIO();
    expect(await main(["--help"], io)).toBe(0);
    expect(io.out.join("")).toMatch(/harvest/);
  });
  it("rejects an unknown command with exit 2 and one line", async () => {
    const io = captureIO();
    expect(await main(["frobnicate"], io)).toBe(2);
    expect(io.err.join("")).toMatch(/unknown command "frobnicate"/);
    expect(io.err.join("").trim().split("\n")).toHaveLength(1);
  });
});
