/**
 * The edges of harvesting that read: spec/ (pins and profile) and the upstream documents from a
 * folder or by URL, each checked against its sha256 pin before it is parsed.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { HarvestError, isNode, type OpenApiDoc } from "./openapi.js";
import { CapabilitiesFile, Profile, SourcesFile, type SourcePin } from "./spec.js";

export const SOURCES_FILE = "sources.json";
export const PROFILE_FILE = "profile.yaml";
export const CAPABILITIES_FILE = "capabilities.yaml";

function firstLine(text: string): string {
  return text.split("\n")[0]?.trim() ?? "";
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (code ?? firstLine(String(e)));
    throw new HarvestError(`${path}: cannot read (${reason})`);
  }
}

function zodProblem(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join(".") || "(root)"}: ${issue?.message ?? "invalid"}`;
}

/** spec/capabilities.yaml parsed, with the sha256 of its text (recorded in tools/index.json). */
export interface LoadedCapabilities {
  file: string;
  sha256: string;
  data: CapabilitiesFile;
}

export interface Spec {
  sources: SourcesFile;
  profile: Profile;
  /** Absent when the spec folder has no capabilities.yaml (every operation then counts as undocumented). */
  capabilities?: LoadedCapabilities;
}

async function loadCapabilities(specDir: string): Promise<LoadedCapabilities | undefined> {
  const path = join(specDir, CAPABILITIES_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new HarvestError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? firstLine(String(e))})`);
  }
  let yaml: unknown;
  try {
    yaml = parseYaml(text);
  } catch (e) {
    throw new HarvestError(`${path}: not valid YAML (${firstLine((e as Error).message)})`);
  }
  const parsed = CapabilitiesFile.safeParse(yaml);
  if (!parsed.success) throw new HarvestError(`${path}: ${zodProblem(parsed.error)}`);
  return { file: CAPABILITIES_FILE, sha256: sha256(text), data: parsed.data };
}

export async function loadSpec(specDir: string): Promise<Spec> {
  const sourcesPath = join(specDir, SOURCES_FILE);
  const profilePath = join(specDir, PROFILE_FILE);
  let sourcesJson: unknown;
  try {
    sourcesJson = JSON.parse(await readText(sourcesPath));
  } catch (e) {
    if (e instanceof HarvestError) throw e;
    throw new HarvestError(`${sourcesPath}: not valid JSON (${firstLine((e as Error).message)})`);
  }
  const sources = SourcesFile.safeParse(sourcesJson);
  if (!sources.success) throw new HarvestError(`${sourcesPath}: ${zodProblem(sources.error)}`);
  let profileYaml: unknown;
  try {
    profileYaml = parseYaml(await readText(profilePath));
  } catch (e) {
    if (e instanceof HarvestError) throw e;
    throw new HarvestError(`${profilePath}: not valid YAML (${firstLine((e as Error).message)})`);
  }
  const profile = Profile.safeParse(profileYaml);
  if (!profile.success) throw new HarvestError(`${profilePath}: ${zodProblem(profile.error)}`);
  const capabilities = await loadCapabilities(specDir);
  return { sources: sources.data, profile: profile.data, ...(capabilities ? { capabilities } : {}) };
}

export function sha256(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** A document is a few MB: a minute is generous, and a stalled download must not hang the CLI. */
const FETCH_TIMEOUT_MS = 60_000;

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** Reads one pinned document as text from a folder or below a base URL. */
async function fetchSourceText(source: string, pin: SourcePin, fetchImpl: Fetch): Promise<{ where: string; text: string }> {
  if (!isUrl(source)) {
    const where = join(source, pin.file);
    return { where, text: await readText(where) };
  }
  const where = `${source.replace(/\/+$/, "")}/${pin.upstreamPath}`;
  let response: Awaited<ReturnType<Fetch>>;
  try {
    response = await fetchImpl(where);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new HarvestError(`${where}: cannot fetch (${cause?.code ?? cause?.message ?? firstLine((e as Error).message)})`);
  }
  if (!response.ok) throw new HarvestError(`${where}: cannot fetch (HTTP ${response.status})`);
  return { where, text: await response.text() };
}

/** Parses a pinned document after checking its sha256; every failure is one line naming the file. */
export function parseSource(where: string, text: string, pin: SourcePin): OpenApiDoc {
  const actual = sha256(text);
  if (actual !== pin.sha256) {
    throw new HarvestError(`${where}: sha256 ${actual} does not match the pin ${pin.sha256} in spec/${SOURCES_FILE}`);
  }
  let root: unknown;
  try {
    root = parseYaml(text);
  } catch (e) {
    throw new HarvestError(`${where}: not valid YAML (${firstLine((e as Error).message)})`);
  }
  if (!isNode(root) || !isNode(root.paths) || !isNode(root.components)) {
    throw new HarvestError(`${where}: not an OpenAPI document (no paths or components)`);
  }
  return { id: pin.id, version: pin.version, root };
}

export async function loadSources(
  source: string,
  sources: SourcesFile,
  fetchImpl: Fetch = (url) => fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }),
): Promise<Map<string, OpenApiDoc>> {
  const docs = new Map<string, OpenApiDoc>();
  for (const pin of sources.sources) {
    const { where, text } = await fetchSourceText(source, pin, fetchImpl);
    docs.set(pin.id, parseSource(where, text, pin));
  }
  return docs;
}

/** spec/ shipped with the package (works from src/ under tsx and from dist/). */
export function defaultSpecDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "spec");
}
