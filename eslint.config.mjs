import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "training/**", "evals/reports/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Plain Node scripts (no TypeScript): Node's globals.
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", URL: "readonly", console: "readonly" } },
  },
  {
    // Data flows one way (request → plan → validate → compile → confirm → audit → execute): the lower
    // layers never import the call pipeline or a door (server/, commands/, cli.ts).
    files: ["src/graph/**/*.ts", "src/catalog/**/*.ts", "src/planner/**/*.ts", "src/harvest/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["**/pipeline/**", "**/server/**", "**/commands/**", "**/cli.js"], message: "graph/, catalog/, planner/ and harvest/ sit below the call pipeline and the doors: pass what you need in, do not import upwards." }],
      }],
    },
  },
  {
    // The pipeline asks a person, a terminal or a client only through injected interfaces.
    files: ["src/pipeline/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["**/server/**", "**/commands/**", "**/cli.js"], message: "src/pipeline/ must not import a door (server/, commands/, cli.ts): inject what it needs." }],
      }],
    },
  },
  {
    // stdout belongs to the MCP protocol and to JSON command output: log through src/log.ts.
    files: ["src/**/*.ts"],
    rules: { "no-console": "error" },
  },
);
