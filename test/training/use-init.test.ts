/** training/use-init.ts: the words each vocabulary piece is embedded as (USE-lite token-embedding init). */
import { describe, expect, it } from "vitest";
import { pieceWords } from "../../training/use-init.js";

describe("pieceWords", () => {
  it.each([
    ["\u2581alerts", "alerts"],
    ["alerts_list", "alerts list"],
    ["createdDateTime", "created date time"],
    ["\u2581userPrincipalName", "user principal name"],
    ["riskyServicePrincipals_list", "risky service principals list"],
    ["<UPN1>", "upn"],
    ["<TIME2>", "time"],
    ["ing", "ing"],
  ])("%j → %j", (piece, words) => expect(pieceWords(piece)).toBe(words));

  it.each(["<s>", "</s>", "<unk>", "<0x0A>", "<|im_start|>", "\u2581", "=", "("])("%j has no words: left to the random init", (piece) =>
    expect(pieceWords(piece)).toBeUndefined(),
  );
});
