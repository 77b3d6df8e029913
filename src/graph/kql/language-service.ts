/**
 * Loads Microsoft's Kusto language service (@kusto/language-service-next) on first use and builds the
 * advanced-hunting database symbol from spec/hunting-schema.json. The package is a Bridge.NET
 * CommonJS bundle that defines globals: `Bridge` must exist before `Kusto.Language.Bridge.js` runs.
 */
import { createRequire } from "node:module";
import { functionBody, HUNTING_FUNCTIONS } from "./functions.js";
import type { HuntingSchema } from "./schema.js";

/** The small part of the language service this checker uses (the package's own types are 90k lines). */
export interface KustoDiagnostic {
  Severity: string;
  Code: string;
  Message: string;
  Start: number;
  Length: number;
}
interface BridgeList<T> {
  Count: number;
  getItem(index: number): T;
}
export interface KustoToken {
  Kind: number;
  Text: string;
  TextStart: number;
  GetNextToken(): KustoToken | null;
}
export interface KustoCode {
  Kind: string;
  Syntax: { GetFirstToken(): KustoToken | null };
  GetDiagnostics(): BridgeList<KustoDiagnostic>;
  GetSyntaxDiagnostics(): BridgeList<KustoDiagnostic>;
}
interface KustoLanguage {
  KustoCode: { ParseAndAnalyze(text: string, globals: unknown): KustoCode };
  GlobalState: { Default: { WithDatabase(db: unknown): unknown } };
  Syntax: { SyntaxKind: Record<string, number> };
  Symbols: {
    ScalarTypes: Record<string, unknown>;
    ColumnSymbol: new (name: string, type: unknown) => unknown;
    TableSymbol: { $ctor4: new (name: string, columns: unknown[]) => unknown };
    FunctionSymbol: { $ctor16: new (name: string, parameters: string, body: string, description: string) => unknown };
    DatabaseSymbol: { ctor: new (name: string, tables: unknown[]) => unknown };
  };
}

/** Our schema's type names → the language service's scalar type objects. */
const SCALAR: Record<string, string> = {
  string: "String", bool: "Bool", int: "Int", long: "Long", real: "Real", decimal: "Decimal",
  datetime: "DateTime", timespan: "TimeSpan", guid: "Guid", dynamic: "Dynamic",
};

export interface LoadedService {
  analyze(text: string): KustoCode;
  /** SyntaxKind number → name ("DotToken", "EvaluateKeyword", …). */
  kindName(kind: number): string;
  loadMs: number;
}

let loaded: LoadedService | undefined;

export function languageServiceLoaded(): boolean {
  return loaded !== undefined;
}

export function loadLanguageService(schema: HuntingSchema): LoadedService {
  if (loaded) return loaded;
  const started = performance.now();
  const require = createRequire(import.meta.url);
  const g = globalThis as { Bridge?: unknown; Kusto?: { Language?: KustoLanguage } };
  if (!g.Kusto?.Language) {
    g.Bridge ??= require("@kusto/language-service-next/bridge.js");
    require("@kusto/language-service-next/Kusto.Language.Bridge.js");
  }
  const K = g.Kusto?.Language;
  if (!K) throw new Error("the Kusto language service did not load (global Kusto.Language missing)");
  const S = K.Symbols;
  const tables = Object.entries(schema.tables).map(([name, table]) =>
    new S.TableSymbol.$ctor4(name, Object.entries(table.columns).map(([column, type]) => {
      const scalar = S.ScalarTypes[SCALAR[type] ?? "Dynamic"];
      return new S.ColumnSymbol(column, scalar);
    })),
  );
  const functions = HUNTING_FUNCTIONS.map((fn) => new S.FunctionSymbol.$ctor16(fn.name, fn.parameters, functionBody(fn), fn.source.path));
  const globals = K.GlobalState.Default.WithDatabase(new S.DatabaseSymbol.ctor("AdvancedHunting", [...tables, ...functions]));
  const names = new Map(Object.entries(K.Syntax.SyntaxKind).map(([name, value]) => [value, name]));
  loaded = {
    analyze: (text) => K.KustoCode.ParseAndAnalyze(text, globals),
    kindName: (kind) => names.get(kind) ?? String(kind),
    loadMs: performance.now() - started,
  };
  return loaded;
}
