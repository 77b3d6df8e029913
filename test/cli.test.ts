import { describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { captureIO } from "./support/io.js";

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
