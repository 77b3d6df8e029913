/** Harvest end to end: spec + source documents → catalog files in memory (no writing here). */
import { buildCatalogFiles } from "./catalog.js";
import { loadSources, loadSpec } from "./load.js";

export interface HarvestOptions {
  /** Folder holding the pinned documents, or the upstream base URL. */
  source: string;
  specDir: string;
}

export async function harvestCatalog(options: HarvestOptions): Promise<Map<string, string>> {
  const spec = await loadSpec(options.specDir);
  const docs = await loadSources(options.source, spec.sources);
  return buildCatalogFiles({ ...spec, docs });
}
