/**
 * Value pools for slots (people, hosts, indicators, ids). Named pools are split once per seed into
 * train and held-out parts: test examples only use held-out names, so a model cannot pass the test
 * split by memorising values. Random values (GUIDs, IPs, hashes) are fresh per example anyway.
 */
import type { Rng } from "./random.js";

export type ValueSplit = "train" | "test";

const NAMED: Record<string, readonly string[]> = {
  firstName: ["adele", "alex", "bianca", "carlos", "dana", "elif", "farah", "gustav", "hiro", "ines", "jonas", "kemal", "lena", "mateo", "nadia", "oskar", "priya", "quinn", "rosa", "sven", "tariq", "ulla", "viktor", "wen", "yusuf", "zoe", "megan", "lidia", "johanna", "isaiah"],
  lastName: ["vance", "wilber", "diaz", "okafor", "brandt", "lindqvist", "tanaka", "moreau", "kowalski", "haddad", "novak", "reyes", "schmidt", "ahmed", "costa", "fischer", "ivanova", "jensen", "kaur", "larsen", "nakamura", "olsen", "petrov", "quispe", "rossi", "silva", "torres", "ueda", "weber", "young"],
  tenantDomain: ["contoso.com", "fabrikam.com", "woodgrove.net", "northwind.io", "tailspin.org", "adatum.com", "litware.co", "proseware.com", "wingtiptoys.com", "fourthcoffee.com"],
  badDomain: ["login-micros0ft-verify.com", "secure-update-cdn.net", "invoice-docs-share.info", "office365-auth.support", "paypa1-billing.org", "cdn-js-assets.xyz", "drop-files-now.top", "vpn-gateway-check.biz", "akamai-edge-sync.click", "teams-meeting-join.live", "onedrive-shared.zip", "azure-sso-portal.site", "mailbox-quota-alert.co", "github-pages-auth.dev", "dhl-parcel-track.info", "wsus-patch-mirror.net", "okta-reset-verify.com", "zoom-update-client.org", "sharepoint-docs.link", "docusign-review.email"],
  processName: ["mimikatz.exe", "powershell.exe", "rundll32.exe", "psexec.exe", "certutil.exe", "regsvr32.exe", "mshta.exe", "wmic.exe", "bitsadmin.exe", "procdump.exe", "cobaltstrike.exe", "rclone.exe", "anydesk.exe", "ngrok.exe", "nltest.exe", "vssadmin.exe", "schtasks.exe", "cscript.exe", "wscript.exe", "adfind.exe", "sharphound.exe", "lazagne.exe", "plink.exe", "bloodhound.exe"],
  deviceName: ["wks-0231", "srv-dc01", "laptop-hr-17", "fin-pc-042", "sql-prod-03", "web-iis-02", "dev-build-11", "kiosk-lobby-1", "exec-mbp-07", "vdi-pool-88", "srv-file-02", "jumpbox-01", "ops-ws-19", "lab-win11-5", "edge-gw-04", "mkt-lt-23"],
  appName: ["Azure Portal", "Microsoft Teams", "Office 365 Exchange Online", "SharePoint Online", "Azure CLI", "Microsoft Graph Explorer", "Visual Studio Code", "OneDrive", "Power BI", "Salesforce", "ServiceNow", "Zoom"],
  commentText: ["escalated to tier 2", "user confirmed the sign-in was theirs", "benign admin activity, closing", "device isolated pending forensics", "matches known pentest window", "password reset done, monitoring", "linked to phishing campaign from this morning", "false positive from the backup agent", "waiting on the user's manager", "IOC added to the block list"],
  secureControl: ["AdminMFAV2", "BlockLegacyAuthentication", "MFARegistrationV2", "SelfServicePasswordReset", "OneAdmin", "PWAgePolicyNew", "IntegratedApps", "RoleOverlap", "SigninRiskPolicy", "UserRiskPolicy"],
  kqlTerm: ["mimikatz", "sekurlsa", "Invoke-Mimikatz", "DownloadString", "-enc", "bypass", "AdFind", "ntdsutil", "lsass", "net user /add", "vssadmin delete shadows", "wevtutil cl"],
};

/** Split of every named pool: first 75 % (after a seeded shuffle) for train/valid, the rest held out. */
export class ValuePools {
  private readonly parts = new Map<string, { train: string[]; test: string[] }>();

  constructor(rng: Rng) {
    for (const [name, values] of Object.entries(NAMED)) {
      const shuffled = rng.fork(`pool:${name}`).shuffle(values);
      const cut = Math.max(1, Math.floor(shuffled.length * 0.75));
      this.parts.set(name, { train: shuffled.slice(0, cut), test: shuffled.slice(cut) });
    }
  }

  pick(rng: Rng, pool: keyof typeof NAMED, split: ValueSplit): string {
    const part = this.parts.get(pool);
    if (!part) throw new Error(`unknown value pool ${pool}`);
    return rng.pick(split === "test" && part.test.length > 0 ? part.test : part.train);
  }

  /** Every held-out value of every pool (for the leakage test). */
  allHeldOut(): string[] {
    return [...this.parts.values()].flatMap((p) => p.test);
  }
}

export function upn(rng: Rng, pools: ValuePools, split: ValueSplit): string {
  const first = pools.pick(rng, "firstName", split);
  const last = pools.pick(rng, "lastName", split);
  const domain = pools.pick(rng, "tenantDomain", split);
  return rng.chance(0.5) ? `${first}.${last}@${domain}` : `${first[0]}${last}@${domain}`;
}

/** A public-looking IPv4 (never a private or loopback range). */
export function ipv4(rng: Rng): string {
  const first = rng.pick([20, 23, 31, 45, 51, 62, 77, 85, 91, 103, 104, 134, 141, 152, 185, 193, 198, 203, 212]);
  return `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function ipv6(rng: Rng): string {
  return `2001:db8:${rng.hex(4)}:${rng.hex(4)}::${rng.hex(3)}`;
}

export function defenderAlertId(rng: Rng): string {
  return `da${String(rng.int(100000000, 999999999))}${String(rng.int(100000000, 999999999))}_${rng.int(100000000, 2147483647)}`;
}

export function incidentId(rng: Rng): string {
  return String(rng.int(120, 98000));
}

export function cveId(rng: Rng): string {
  return `CVE-${rng.int(2019, 2026)}-${rng.int(1000, 49999)}`;
}

export function sha256(rng: Rng): string {
  return rng.hex(64);
}
