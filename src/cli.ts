#!/usr/bin/env node
/**
 * Entry point: argument dispatch to one function per command. The only module that touches
 * process.* (streams, env, exit codes) and the place where unexpected errors become one line.
 */
import type { CliIO, Command } from "./commands/io.js";
import { EXIT_FAIL, EXIT_USAGE, UsageError } from "./commands/io.js";

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: "MCP server (default: stdio, dry-run, read-only)", load: async () => (await import("./commands/serve.js")).default },
  harvest: { summary: "OpenAPI → catalog under tools/ (--check to verify)", load: async () => (await import("./commands/harvest.js")).default },
  operations: { summary: "list the catalog's operations (--json)", load: async () => (await import("./commands/operations.js")).default },
  toolsets: { summary: "toolset names with operation counts", load: async () => (await import("./commands/toolsets.js")).default },
  call: { summary: "one tool call from the shell (dry-run unless --live)", load: async () => (await import("./commands/call.js")).default },
  check: { summary: "audit a proposed raw Graph request (single or --batch); never sends", load: async () => (await import("./commands/check.js")).default },
  plan: { summary: "free text → validated call (single or --batch)", load: async () => (await import("./commands/plan.js")).default },
  eval: { summary: "score a planner on evaluation cases", load: async () => (await import("./commands/eval.js")).default },
  dataset: { summary: "generate training/eval data from the catalog", load: async () => (await import("./commands/dataset.js")).default },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(11)} ${c.summary}`);
  return `usage: secgraph-mcp [command] [options]\n\ncommands:\n${rows.join("\n")}\n\nWith no command, runs \`serve\`. \`secgraph-mcp COMMAND --help\` for a command's options.\n`;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--help" || first === "-h" || first === "help") {
    io.stdout(usage());
    return 0;
  }
  if (first === "--version") {
    io.stdout("0.1.0\n");
    return 0;
  }
  const name = first === undefined || first.startsWith("-") ? "serve" : first;
  const args = name === first ? rest : argv;
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr(`secgraph-mcp: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(", ")}.\n`);
    return EXIT_USAGE;
  }
  const run = await cmd.load();
  try {
    return await run(args, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`secgraph-mcp ${name}: ${e.message}\n`);
    return EXIT_USAGE;
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === (await import("node:url")).pathToFileURL((await import("node:fs")).realpathSync(process.argv[1])).href;
if (isEntry) {
  const io: CliIO = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    onShutdown: (handler) => {
      process.once("SIGTERM", handler).once("SIGINT", handler);
      return () => void process.off("SIGTERM", handler).off("SIGINT", handler);
    },
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      // One line, no stack: set SECGRAPH_DEBUG=1 for the stack.
      const msg = err instanceof Error ? err.message : String(err);
      process.stderr.write(`secgraph-mcp: ${msg}\n`);
      if (process.env.SECGRAPH_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      process.exitCode = EXIT_FAIL;
    },
  );
}
