/**
 * The documented advanced-hunting functions, declared to the language service so a hunt that uses
 * them is not refused as naming an unknown function. Facts only (names, parameters, the columns each
 * returns or adds), from the function pages of MicrosoftDocs/defender-docs at the commits below.
 */
export interface HuntingFunction {
  name: string;
  /** Kusto parameter list; a leading `T:(*)` means the function is used with `invoke` on piped rows. */
  parameters: string;
  /** Columns the function returns (or, with `T`, adds to the piped rows), with their Kusto types. */
  columns: Record<string, string>;
  source: { path: string; commit: string };
}

export const HUNTING_FUNCTIONS: readonly HuntingFunction[] = [
  {
    name: "FileProfile",
    parameters: '(T:(*), x:string="SHA1", y:int=100)',
    columns: {
      SHA1: "string", SHA256: "string", MD5: "string", FileSize: "int", GlobalPrevalence: "int", GlobalFirstSeen: "datetime",
      GlobalLastSeen: "datetime", Signer: "string", Issuer: "string", SignerHash: "string", IsCertificateValid: "bool",
      IsRootSignerMicrosoft: "bool", SignatureState: "string", IsExecutable: "bool", ThreatName: "string", Publisher: "string",
      SoftwareName: "string", ProfileAvailability: "string",
    },
    source: { path: "defender-xdr/advanced-hunting-fileprofile-function.md", commit: "f1c23eae89a4f779655892c6c17fa9306571ceb9" },
  },
  {
    name: "AssignedIPAddresses",
    parameters: "(x:string, y:datetime=datetime(null))",
    columns: { Timestamp: "datetime", IPAddress: "string", IPType: "string", NetworkAdapterType: "int", ConnectedNetworks: "int" },
    source: { path: "defender-xdr/advanced-hunting-assignedipaddresses-function.md", commit: "006b8a9fc08a5ddf851f292a593b271d24ee06f8" },
  },
  {
    name: "DeviceFromIP",
    parameters: '(T:(*), x:string="IP", y:datetime=datetime(null))',
    columns: { IP: "string", DeviceId: "string" },
    source: { path: "defender-xdr/advanced-hunting-devicefromip-function.md", commit: "006b8a9fc08a5ddf851f292a593b271d24ee06f8" },
  },
];

/**
 * The declaration body: FileProfile adds its columns to the piped rows; the others return a table
 * of their documented columns.
 */
export function functionBody(fn: HuntingFunction): string {
  const columns = Object.entries(fn.columns);
  // string has no null literal in KQL: "" stands for it; every other scalar type has type(null).
  if (fn.name === "FileProfile") return `{ T | extend ${columns.map(([c, t]) => `${c}=${t === "string" ? '""' : `${t}(null)`}`).join(", ")} }`;
  return `{ datatable(${columns.map(([c, t]) => `${c}:${t}`).join(", ")})[] }`;
}
