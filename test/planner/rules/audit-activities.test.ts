/**
 * Entra's own activity names (spec/audit-activities.json): written out in any case they name the
 * activity; in a request about records their verb is a name, not a command to decline.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { writtenActivity } from "../../../src/planner/rules/filters/audit-activities.js";
import { unsafeReason } from "../../../src/planner/rules/decline.js";

describe("spec/audit-activities.json", () => {
  it("names its source by repository, path and commit, and holds the Core Directory activities", () => {
    const file = JSON.parse(readFileSync(new URL("../../../spec/audit-activities.json", import.meta.url), "utf8"));
    expect(file.source).toMatchObject({ repository: "MicrosoftDocs/entra-docs", path: expect.stringMatching(/reference-audit-activities\.md$/), commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const core = (file.services["Core Directory"] as { activity: string }[]).map((r) => r.activity);
    for (const name of ["Add user", "Update user", "Delete user", "Add member to group", "Remove member from role"]) expect(core).toContain(name);
  });
});

describe("writtenActivity", () => {
  it.each([
    ["show Update user audits initiated by helpdesk-t2@contoso.com", "Update user"],
    ["AUDIT LOG ADD USER LAST 24 HOURS", "Add user"],
    ["Remove member from role, last 7 days, sorted oldest first", "Remove member from role"],
    ["audit: Set domain authentication, past 60 days", "Set domain authentication"],
    // The longest name wins, and any dash reads as the page's.
    ["audits with activity Update application – Certificates and secrets management", "Update application - Certificates and secrets management"],
  ])("%s → %s", (text, name) => {
    expect(writtenActivity(text)?.name).toBe(name);
  });

  it.each(["who added users to the finance group", "list the updated alerts", "export", "high severity alerts today"])("no activity name in: %s", (text) => {
    expect(writtenActivity(text)).toBeUndefined();
  });
});

describe("decline policy with activity names", () => {
  it.each([
    "Remove member from role, last 7 days, sorted oldest first",
    "I need to see which user accounts were deleted on 28 November — audit log, activity Delete user",
    "Enable Strong Authentication / Disable Strong Authentication — show me disable ones since Sunday",
  ])("a record query that writes an activity passes: %s", (text) => {
    expect(unsafeReason(text)).toBeUndefined();
  });

  it.each(["remove member from role Global Administrator for bob@contoso.com", "delete user bob@contoso.com"])("the same words as a command are still refused: %s", (text) => {
    expect(unsafeReason(text)).toBeDefined();
  });
});
