/**
 * Shared helpers for the text filters: which entity fields can be filtered, and how a value is
 * read from the words around a phrase (a quoted string, else a run of Capitalised words).
 */
import type { Entity } from "../../../catalog/types.js";
import type { Slots } from "../../slots/index.js";

export const isFilterable = (entity: Entity, field: string) => entity.fields[field]?.filterable === true && entity.fields[field]?.collection !== true;

/** The first of `candidates` the entity can filter on. */
export function pick(entity: Entity, ...candidates: string[]): string | undefined {
  return candidates.find((c) => isFilterable(entity, c));
}

/** A phrase from a vocabulary table: the value it stands for and the words that say it. */
export interface Phrase<T = string> {
  value: T;
  words: RegExp;
}

/** The value of the first phrase whose words occur in `text`. */
export function firstPhrase<T>(text: string, table: readonly Phrase<T>[]): T | undefined {
  return table.find((p) => p.words.test(text))?.value;
}

const QUOTED_AT_START = /^\s*["'“`]([^"'”`]{1,200})["'”`]/;
/** Capitalised words, digits and name punctuation: "Graph Explorer", "Terraform-Prod-SP", "Break Glass 01". */
const NAME_AT_START = /^\s*((?:[A-Z0-9][\w.&-]*)(?:\s+(?:[A-Z0-9][\w.&-]*|of|for|and|de|la))*)/;

/** The quoted text right after `index`, else the Capitalised name there. */
export function nameAt(text: string, index: number): string | undefined {
  const rest = text.slice(index);
  const quoted = QUOTED_AT_START.exec(rest);
  if (quoted) return quoted[1]!.trim();
  const name = NAME_AT_START.exec(rest)?.[1]?.replace(/\s+(?:of|for|and|de|la)$/, "");
  return name && name.length >= 2 ? name : undefined;
}

/** "Saint", not "St": the spelling Graph's location fields carry. */
export const expandPlaceName = (place: string) => place.replace(/^St\.?\s+/, "Saint ");

/** The value fields of an indicator store, by name: url, domainName, networkIPv4/IPv6, …HashValue. */
export const INDICATOR_VALUE_FIELD = /^(?:url|domainName|network(?:IPv4|IPv6)|\w*HashValue)$/i;

/**
 * A value of the kind an indicator field's name says it holds (url, domainName, networkIPv4/IPv6,
 * …HashValue), from the request's indicators; undefined for any other field.
 */
export function indicatorFieldValue(field: string, slots: Slots): string | undefined {
  if (!INDICATOR_VALUE_FIELD.test(field)) return undefined;
  const ind = slots.indicators;
  if (/^url$/i.test(field)) return ind.urls[0];
  if (/^domainName$/i.test(field)) {
    // A URL's own host is part of the URL, not a second indicator.
    return ind.domains.find((d) => !ind.urls.some((u) => u.toLowerCase().includes(d.toLowerCase())));
  }
  if (/^network(?:IPv4|IPv6)$/i.test(field)) return ind.ips.find((ip) => ip.includes(":") === /6$/.test(field));
  if (/HashValue$/i.test(field)) return ind.hashes[0]?.value;
  return undefined;
}
