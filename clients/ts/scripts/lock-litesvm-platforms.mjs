// The npm registry this project installs from carries only litesvm's linux-x64-gnu
// binary package, so `npm install` leaves litesvm's other platform packages out of
// package-lock.json, and `npm ci` then refuses the lock ("Missing: litesvm-darwin-arm64
// from lock file"). This records them as the optional, platform-bound entries npm
// writes elsewhere (no integrity: they were never fetched here); on this platform npm
// skips them. Run it after any `npm install` that rewrites the lock.
import { readFileSync, writeFileSync } from "node:fs";

const url = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(url, "utf8"));
const litesvm = lock.packages["node_modules/litesvm"];
const platforms = {
  "litesvm-darwin-arm64": { cpu: ["arm64"], os: ["darwin"] },
  "litesvm-darwin-x64": { cpu: ["x64"], os: ["darwin"] },
  "litesvm-linux-arm64-gnu": { cpu: ["arm64"], libc: ["glibc"], os: ["linux"] },
  "litesvm-linux-arm64-musl": { cpu: ["arm64"], libc: ["musl"], os: ["linux"] },
  "litesvm-linux-x64-gnu": { cpu: ["x64"], libc: ["glibc"], os: ["linux"] },
  "litesvm-linux-x64-musl": { cpu: ["x64"], libc: ["musl"], os: ["linux"] },
};
let added = 0;
for (const [name, version] of Object.entries(litesvm.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const platform = platforms[name];
  if (!platform) throw new Error(`unknown litesvm platform package ${name}`);
  lock.packages[key] = {
    version,
    ...platform,
    dev: true,
    license: "MIT",
    optional: true,
    engines: { node: ">= 20" },
  };
  added += 1;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(url, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} litesvm platform entries added`);
