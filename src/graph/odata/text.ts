/** Checks on raw text shared by the filter parser and the compiler. */

/**
 * The first C0 control character or DEL in `text` as "U+XXXX", or null. Tab, line feed and
 * carriage return are allowed: KQL queries and comments contain them legitimately.
 */
export function findControlCharacter(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) {
      return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    }
  }
  return null;
}

// With the u flag a surrogate class matches only unpaired halves: text no encoder can represent.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
