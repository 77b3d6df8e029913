#!/usr/bin/env node
/**
 * Records foreign-platform optional packages in package-lock.json.
 *
 * Why: the npm registry reachable here lacks some platform binaries (e.g. node-llama-cpp's Windows and
 * macOS builds, rollup's non-linux-x64 builds). npm then leaves them out of the lock, and `npm ci`
 * refuses a lock that misses an optional dependency ("Missing: … from lock file"). Writing each one
 * with its version, os/cpu/libc and `optional: true` is what npm itself writes on a full registry;
 * on this platform npm skips them without fetching. Run after `npm install`: `npm run lock:platforms`.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";

const OS = [["win", "win32"], ["mac", "darwin"], ["darwin", "darwin"], ["android", "android"], ["freebsd", "freebsd"], ["openbsd", "openbsd"], ["openharmony", "openharmony"], ["linux", "linux"]];
const CPU = [["arm64", "arm64"], ["x64", "x64"], ["ia32", "ia32"], ["riscv64", "riscv64"], ["loong64", "loong64"], ["ppc64", "ppc64"], ["s390x", "s390x"], ["arm", "arm"]];

/** "@rollup/rollup-linux-arm64-musl" → {os: linux, cpu: arm64, libc: musl}; undefined if not a platform package. */
function platformOf(name) {
  const base = name.split("/").pop();
  const os = OS.find(([k]) => base.split("-").some((part) => part.startsWith(k)))?.[1];
  const cpu = CPU.find(([k]) => base.split("-").some((part) => part === k || part.startsWith(k)))?.[1];
  if (!os || !cpu) return undefined;
  const libc = os === "linux" ? (base.includes("musl") ? ["musl"] : ["glibc"]) : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const added = [];
for (const [location, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const platform = platformOf(name);
    if (lock.packages[key] || !platform || !/^\d+\.\d+\.\d+$/.test(version)) continue;
    lock.packages[key] = { version, ...platform, ...(pkg.dev ? { dev: true } : {}), optional: true };
    added.push(`${name}@${version} (for ${location || "the root"})`);
  }
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
lock.packages = sorted;
const tmp = `${path.pathname}.tmp`;
writeFileSync(tmp, `${JSON.stringify(lock, null, 2)}\n`);
renameSync(tmp, path);
process.stderr.write(added.length ? `recorded ${added.length} platform packages:\n  ${added.join("\n  ")}\n` : "lock already records every platform package\n");
