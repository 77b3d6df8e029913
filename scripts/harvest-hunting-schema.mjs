#!/usr/bin/env node
/**
 * Regenerates spec/hunting-schema.json: the Defender XDR advanced-hunting tables with their columns
 * and types, read from the `defender-xdr/advanced-hunting-*-table.md` pages of MicrosoftDocs/defender-docs.
 *
 *   node scripts/harvest-hunting-schema.mjs --source DIR [--out spec/hunting-schema.json]
 *
 * DIR is a git checkout (work tree or bare git dir: files are read at HEAD and the commit is HEAD's),
 * or a plain folder with the same layout plus `source-commits.json` ({"commits": {path: commit}}) when
 * the files were copied from elsewhere. Only facts are kept: table names, column names and types, and
 * per table the source path, commit and sha256 of the file read. The output is sorted and has no
 * timestamp, so the same input gives the same bytes; it is written to a temporary file and renamed.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const DOCS_DIR = "defender-xdr";
const TABLE_FILE = /^advanced-hunting-[a-z0-9]+-table\.md$/i;

/** Documented data types → the Kusto scalar type the checker declares. */
const KUSTO_TYPE = {
  string: "string", bool: "bool", boolean: "bool", "nullable bool": "bool",
  int: "int", integer: "int", long: "long", real: "real", double: "real", decimal: "decimal",
  datetime: "datetime", timespan: "timespan", guid: "guid",
  dynamic: "dynamic", object: "dynamic", array: "dynamic",
  // "enum" columns hold names of the enumeration's members.
  enum: "string",
};

function fail(message) {
  process.stderr.write(`harvest-hunting-schema: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { out: "spec/hunting-schema.json" };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === "--source" || flag === "--out") && value !== undefined) {
      args[flag.slice(2)] = value;
      i++;
    } else fail(`unknown or incomplete argument '${flag}'; usage: --source DIR [--out FILE]`);
  }
  if (!args.source) fail("--source DIR is required (a defender-docs checkout or a folder with the same layout)");
  return args;
}

function git(dir, ...args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "buffer", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 << 20 });
}

/** A reader over the source: file names under defender-xdr/, their bytes, and each file's commit. */
function openSource(dir) {
  if (!existsSync(dir)) fail(`source ${dir} does not exist`);
  let head = null;
  try {
    head = git(dir, "rev-parse", "HEAD").toString().trim();
  } catch {
    head = null;
  }
  if (head) {
    const names = git(dir, "ls-tree", "--name-only", `HEAD:${DOCS_DIR}`).toString().split("\n").filter(Boolean);
    return { kind: "git", names, read: (name) => git(dir, "show", `HEAD:${DOCS_DIR}/${name}`), commitOf: () => head };
  }
  const manifestPath = join(dir, "source-commits.json");
  if (!existsSync(manifestPath)) fail(`${dir} is not a git checkout and has no source-commits.json naming each file's commit`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const folder = join(dir, DOCS_DIR);
  if (!existsSync(folder)) fail(`${dir} has no ${DOCS_DIR}/ folder`);
  return {
    kind: "copy",
    note: typeof manifest.note === "string" ? manifest.note : undefined,
    names: readdirSync(folder),
    read: (name) => readFileSync(join(folder, name)),
    commitOf: (path) => manifest.commits?.[path] ?? fail(`source-commits.json has no commit for ${path}`),
  };
}

/** Cells of one markdown table row, without the outer pipes. */
function cells(line) {
  return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/;

/** {name, columns} from one table page, or null when the page has no column table. */
export function parseTablePage(text) {
  const lines = text.split(/\r?\n/);
  const heading = lines.find((l) => /^#\s+\S/.test(l));
  const name = heading?.replace(/^#\s+/, "").match(IDENT)?.[0];
  const start = lines.findIndex((l) => /^\s*\|/.test(l) && /column name/i.test(l) && /data type/i.test(l));
  if (!name || start < 0) return null;
  const columns = [];
  for (const line of lines.slice(start + 2)) {
    if (!/^\s*\|/.test(line)) break;
    const [nameCell = "", typeCell = ""] = cells(line);
    const column = nameCell.replace(/`/g, "").match(IDENT)?.[0];
    const docType = typeCell.replace(/`/g, "").trim().toLowerCase().replace(/\s+/g, " ");
    if (!column || !docType) continue;
    const type = KUSTO_TYPE[docType];
    if (columns.some((c) => c.name === column)) throw new Error(`column ${name}.${column} is listed twice`);
    if (!type) throw new Error(`column ${name}.${column} has an undocumented type '${docType}'`);
    columns.push({ name: column, type, docType });
  }
  return columns.length > 0 ? { name, columns } : null;
}

function main() {
  const { source, out } = parseArgs(process.argv.slice(2));
  const src = openSource(resolve(source));
  const tables = {};
  const skipped = [];
  for (const file of src.names.filter((n) => TABLE_FILE.test(n)).sort()) {
    const path = `${DOCS_DIR}/${file}`;
    const bytes = src.read(file);
    let page;
    try {
      page = parseTablePage(bytes.toString("utf8"));
    } catch (e) {
      fail(`${path}: ${e.message}`);
    }
    if (!page) {
      skipped.push(path);
      continue;
    }
    if (tables[page.name]) fail(`${path} describes ${page.name}, already read from ${tables[page.name].source.path}`);
    const docTypes = page.columns.filter((c) => c.docType !== c.type);
    tables[page.name] = {
      columns: Object.fromEntries(page.columns.map((c) => [c.name, c.type])),
      ...(docTypes.length > 0 ? { docTypes: Object.fromEntries(docTypes.map((c) => [c.name, c.docType])) } : {}),
      source: { path, commit: src.commitOf(path), sha256: createHash("sha256").update(bytes).digest("hex") },
    };
  }
  if (Object.keys(tables).length === 0) fail(`no table pages under ${DOCS_DIR}/ in ${source}`);
  const sorted = Object.fromEntries(Object.keys(tables).sort().map((k) => [k, tables[k]]));
  const doc = {
    description: "Defender XDR advanced-hunting tables: column name → Kusto type in document order (docTypes keeps the documented spelling where it differs). Regenerate with scripts/harvest-hunting-schema.mjs.",
    upstream: {
      repository: "https://github.com/MicrosoftDocs/defender-docs",
      files: `${DOCS_DIR}/advanced-hunting-*-table.md`,
      input: src.kind === "git" ? "git checkout (sha256 of each file at the commit)" : `copied files (sha256 of the copy read)${src.note ? `: ${src.note}` : ""}`,
    },
    ...(skipped.length > 0 ? { skipped } : {}),
    tables: sorted,
  };
  const target = resolve(out);
  const tmp = join(dirname(target), `.${Date.now()}-${process.pid}.hunting-schema.tmp`);
  writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(tmp, target);
  process.stderr.write(`harvest-hunting-schema: ${Object.keys(sorted).length} tables → ${out}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
