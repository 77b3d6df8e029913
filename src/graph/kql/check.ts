/**
 * Checks an advanced-hunting query before anything is sent: bounded input first (size in UTF-8
 * bytes, control characters, bracket depth), then Microsoft's Kusto parser and binder against the
 * pinned schema, then the refusals the parser does not make (management commands, externaldata,
 * anything that reaches outside the hunting database).
 */
import { closestNames } from "../odata/suggest.js";
import { HUNTING_FUNCTIONS } from "./functions.js";
import { loadLanguageService, type KustoCode, type KustoDiagnostic, type LoadedService } from "./language-service.js";
import { loadHuntingSchema, type HuntingSchema } from "./schema.js";

/**
 * Limits checked before parsing. The catalog caps the query at 10 000 characters; in UTF-8 that is
 * up to 40 000 bytes, and parse time grows with size (a 50 kB query takes about a second here), so
 * bytes get their own cap. Nesting is what makes the parser slow (3 000 nested parentheses took 5 s):
 * real hunts stay far below 32 levels.
 */
export const MAX_QUERY_BYTES = 20_000;
export const MAX_NESTING = 32;

/**
 * `evaluate` plugins that only compute over the rows they are given. Everything else is refused:
 * http_request, sql_request, cosmosdb_sql_request, mysql/postgresql requests, ai_* and
 * azure_digital_twins_query_request reach outside the cluster; python and r run code.
 */
export const ALLOWED_PLUGINS = [
  "activity_counts_metrics", "activity_engagement", "activity_metrics", "active_users_count", "autocluster",
  "bag_unpack", "basket", "dcount_intersect", "diffpatterns", "diffpatterns_text", "funnel_sequence",
  "funnel_sequence_completion", "ipv4_lookup", "ipv6_lookup", "narrow", "new_activity_metrics", "pivot",
  "preview", "rolling_percentile", "schema_merge", "sequence_detect", "session_count", "sliding_window_counts",
] as const;

/**
 * Functions that name another cluster, database, workspace or external store (Kusto's own, and the
 * cross-service ones of Log Analytics: adx(), arg(), workspace(), app(), resource()). Advanced hunting
 * is one database, so none of them has a use here other than reaching out of it.
 */
const OUTSIDE_FUNCTIONS = new Set([
  "cluster", "database", "external_table", "materialized_view", "stored_query_result", "adx", "arg", "workspace", "app", "resource",
]);

export type KqlRefusal =
  | "too-large" | "control-character" | "too-deep" | "command" | "externaldata" | "outside-cluster" | "plugin"
  | "syntax" | "unknown-table" | "unknown-name" | "semantic";

export type KqlVerdict = { ok: true } | { ok: false; kind: KqlRefusal; message: string };

const COMMAND_REFUSAL = "management commands (text starting with '.', such as .drop, .set, .alter or .show) cannot run in advanced hunting; send a query";

/** C0 controls other than tab, line feed and carriage return, and DEL. */
function firstControl(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return i;
  }
  return -1;
}

function refuse(kind: KqlRefusal, message: string): KqlVerdict {
  return { ok: false, kind, message };
}

/** Deepest ( [ { nesting, counted over every character (strings included: an upper bound). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const ch of text) {
    if (ch === "(" || ch === "[" || ch === "{") deepest = Math.max(deepest, ++depth);
    else if ((ch === ")" || ch === "]" || ch === "}") && depth > 0) depth--;
  }
  return deepest;
}

/** "line 2, column 5" for a character offset. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

function describeChar(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

export class KqlChecker {
  private service: LoadedService | undefined;
  private readonly tableNames: string[];
  private readonly columnsByTable: Map<string, string[]>;
  private readonly allColumns: string[];

  constructor(readonly schema: HuntingSchema = loadHuntingSchema()) {
    this.tableNames = Object.keys(schema.tables).sort();
    // Functions count as tables here: a hunt that invokes FileProfile() may misspell a column it adds.
    this.columnsByTable = new Map([
      ...Object.entries(schema.tables).map(([name, t]) => [name.toLowerCase(), Object.keys(t.columns)] as const),
      ...HUNTING_FUNCTIONS.map((fn) => [fn.name.toLowerCase(), Object.keys(fn.columns)] as const),
    ]);
    this.allColumns = [...new Set([...this.columnsByTable.values()].flat())].sort();
  }

  /** Loads the language service and runs one analysis (the first one is slow); returns the load time in ms. */
  warm(): number {
    const service = this.load();
    service.analyze(`${this.tableNames[0] ?? "print 1"} | take 1`);
    return service.loadMs;
  }

  private load(): LoadedService {
    this.service ??= loadLanguageService(this.schema);
    return this.service;
  }

  check(query: string): KqlVerdict {
    const bytes = Buffer.byteLength(query, "utf8");
    if (bytes > MAX_QUERY_BYTES) return refuse("too-large", `the query is ${bytes} bytes in UTF-8; the limit is ${MAX_QUERY_BYTES} bytes`);
    const control = firstControl(query);
    if (control >= 0) return refuse("control-character", `the query contains the control character ${describeChar(query[control]!)} at ${position(query, control)}; remove it`);
    if (query.trim() === "") return refuse("syntax", "the query is empty");
    // A management command is refused before parsing: the parser loads its command grammar lazily (seconds).
    if (/^(?:\s|\/\/[^\n]*\n)*\./.test(query)) return refuse("command", COMMAND_REFUSAL);
    const depth = nestingDepth(query);
    if (depth > MAX_NESTING) return refuse("too-deep", `the query nests brackets ${depth} levels deep; the limit is ${MAX_NESTING}`);

    const code = this.load().analyze(query);
    return this.refuseReachingOut(query, code) ?? this.refuseDiagnostics(query, code) ?? { ok: true };
  }

  /** Management commands, externaldata, outside functions and plugins, found by token (comments and strings never match). */
  private refuseReachingOut(query: string, code: KustoCode): KqlVerdict | undefined {
    const kindName = this.load().kindName;
    if (code.Kind === "Command") return refuse("command", COMMAND_REFUSAL);
    let previous: string | undefined;
    for (let token = code.Syntax.GetFirstToken(); token; token = token.GetNextToken()) {
      const kind = kindName(token.Kind);
      const next = token.GetNextToken();
      const at = position(query, token.TextStart);
      if (kind === "DotToken" && (previous === undefined || previous === "SemicolonToken")) {
        return refuse("command", `${COMMAND_REFUSAL} (a command starts at ${at})`);
      }
      if (kind === "ExternalDataKeyword" || kind === "ExternalDataWithUnderscoreKeyword" || token.Text === "external_data") {
        return refuse("externaldata", `${token.Text} (at ${at}) reads data from outside advanced hunting and is not allowed`);
      }
      if (OUTSIDE_FUNCTIONS.has(token.Text) && next && kindName(next.Kind) === "OpenParenToken") {
        return refuse("outside-cluster", `${token.Text}() (at ${at}) reaches outside the advanced-hunting database and is not allowed; name the table directly`);
      }
      if (kind === "EvaluateKeyword") {
        // Hints (evaluate hint.distribution=… plugin()) sit between the keyword and the plugin name.
        let plugin = next;
        while (plugin && plugin.GetNextToken() && kindName(plugin.GetNextToken()!.Kind) !== "OpenParenToken") plugin = plugin.GetNextToken();
        const name = plugin?.Text ?? "";
        if (!(ALLOWED_PLUGINS as readonly string[]).includes(name)) {
          return refuse("plugin", `the plugin '${name}' (evaluate at ${at}) is not allowed: it reaches outside the cluster or runs code; allowed plugins: ${ALLOWED_PLUGINS.join(", ")}`);
        }
      }
      previous = kind;
    }
    return undefined;
  }

  /** The first error the language service reports, with a close match for an unknown name. */
  private refuseDiagnostics(query: string, code: KustoCode): KqlVerdict | undefined {
    const first = (list: { Count: number; getItem(i: number): KustoDiagnostic }): KustoDiagnostic | undefined => {
      for (let i = 0; i < list.Count; i++) if (list.getItem(i).Severity === "Error") return list.getItem(i);
      return undefined;
    };
    const syntax = first(code.GetSyntaxDiagnostics());
    if (syntax) return refuse("syntax", `syntax error at ${position(query, syntax.Start)}: ${syntax.Message}`);
    const error = first(code.GetDiagnostics());
    if (!error) return undefined;
    const name = query.substr(error.Start, error.Length);
    const at = `at ${position(query, error.Start)}`;
    const message = error.Message.replace(/\.$/, "");
    if (error.Code === "KS204") return refuse("unknown-table", `${message} (${at})${this.hint(name, this.tableNames)}`);
    if (error.Code === "KS142") return refuse("unknown-name", `${message} (${at})${this.hint(name, this.columnsNear(query))}`);
    if (error.Code === "KS207" || error.Code === "KS208") return refuse("outside-cluster", `${message} (${at})`);
    return refuse("semantic", `${message} (${at})`);
  }

  /** Columns of the tables and functions the query names, or every column when it names none. */
  private columnsNear(query: string): string[] {
    const named = [...new Set(query.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])].flatMap((word) => this.columnsByTable.get(word.toLowerCase()) ?? []);
    return named.length > 0 ? [...new Set(named)] : this.allColumns;
  }

  private hint(name: string, candidates: string[]): string {
    const close = closestNames(name, candidates, 2);
    return close.length > 0 ? `; did you mean ${close.join(" or ")}?` : "";
  }
}

let shared: KqlChecker | undefined;

/** One checker per process: the language service and schema load once. */
export function kqlChecker(): KqlChecker {
  shared ??= new KqlChecker();
  return shared;
}
