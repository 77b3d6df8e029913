/**
 * Requests the planner refuses before it looks for an operation: attempts to weaken defences,
 * steal secrets or steer the planner, and destructive changes the catalog should not be asked for.
 * Out-of-scope requests (no operation fits) are declined by the selector, not here.
 */

const RULES: { pattern: RegExp; reason: string }[] = [
  {
    pattern: /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier|system)\s+(?:instructions?|rules?|prompts?)|\bsystem prompt\b|\bjailbreak\b|\bdeveloper mode\b/i,
    reason: "the request tries to change the planner's instructions",
  },
  {
    pattern: /\b(?:disable|turn off|switch off|stop|kill|uninstall|remove|bypass|evade|tamper with|pause|suspend)\b[^.]{0,60}\b(?:defender|antivirus|av|edr|sensors?|logging|audit(?:ing| logs?)?|mfa|multi-?factor|conditional access|protection|monitoring|alerting|detections?|firewall|security policies|tamper protection)\b/i,
    reason: "the request would weaken security controls; that is not something this server does",
  },
  {
    pattern: /\b(?:dump|steal|exfiltrate|harvest|extract|reveal|export|give me|show me|tell me|send me|print)\b[^.]{0,40}\b(?:passwords?(?!\s+spray)|credentials?|ntds(?:\.dit)?|lsass|sam database|password hashes|ntlm hashes|secrets?|client secrets?|private keys?|access tokens?|refresh tokens?|session cookies)\b/i,
    reason: "the request asks for secrets or credentials",
  },
  {
    pattern: /\b(?:delete|erase|wipe|purge|destroy|drop|clear|remove)\b[^.]{0,40}\b(?:all|every|everything|the whole|entire|logs?|audit|history|alerts?|incidents?|evidence|users?|accounts?|mailbox(?:es)?|devices?|tenant)\b/i,
    reason: "the request asks to delete security data or accounts; this server does not delete them",
  },
  {
    pattern: /\b(?:create|add|make|grant|give)\b[^.]{0,30}\b(?:global admin(?:istrator)?|admin(?:istrator)? (?:role|rights|account|access)|owner role|backdoor|persistence)\b/i,
    reason: "the request asks to grant privileges; that is out of scope and unsafe",
  },
  {
    pattern: /\b(?:(?:dismiss|resolve|close|confirm)\s+(?:all|every|each)\b)/i,
    reason: "bulk changes to every alert, incident or user need explicit ids; name the objects to change",
  },
];

/**
 * Requests that start by asking for an action no catalog operation performs (response actions,
 * messaging, account administration, shell commands). Comments, notes and threat indicators are
 * things the catalog can create, so those verbs are allowed with them.
 */
const UNSUPPORTED_ACTION =
  /^\s*(?:(?:please|pls|kindly|can you|could you|would you|go ahead and|now)[\s,]+)*(isolate|quarantine|contain|block|unblock|restart|reboot|shut ?down|scan|e-?mail|send|notify|message|call|text|write|compose|draft|create|make|export|import|reset|disable|enable|turn (?:off|on)|delete|remove|wipe|purge|install|uninstall|deploy|buy|order|book|schedule|translate|kill|stop|collect|upload|lock|unlock|revoke|grant|give(?= (?!me\b|us\b))|run (?:rm|del|format|shutdown|cmd|powershell|bash|sh)\b|execute (?:rm|del|format|cmd|powershell)\b)(?![\w-])/i;
const CATALOG_CREATABLE = /\b(?:comments?|notes?|(?:threat |ti )?indicators?|iocs?)\b/i;

/** Why the request must be declined on safety grounds, or undefined when it may proceed. */
export function unsafeReason(text: string): string | undefined {
  const rule = RULES.find((r) => r.pattern.test(text));
  if (rule) return rule.reason;
  const action = UNSUPPORTED_ACTION.exec(text);
  if (action && !CATALOG_CREATABLE.test(text)) {
    return `"${action[1]!.toLowerCase()}" is not something this server can do; it reads Defender and Entra security data and updates alerts, incidents and risky users`;
  }
  return undefined;
}
