/**
 * Freshness of src/generated/: the checked-in Codama client must be exactly what
 * `npm run generate` (scripts/generate.mjs, pinned generator versions) produces from
 * idl/lever.json now. After the IDL changes: `npm run generate` and commit the result.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const SCRIPT = new URL("../../scripts/generate.mjs", import.meta.url);
const CHECKED_IN = fileURLToPath(new URL("../../src/generated/", import.meta.url));

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return out;
}

test("src/generated is what the generator writes from idl/lever.json (run `npm run generate`)", async () => {
  const { generate } = (await import(SCRIPT.href)) as { generate: (dir: string) => Promise<unknown> };
  const dir = mkdtempSync(join(tmpdir(), "lever-codama-"));
  try {
    await generate(dir);
    const fresh = files(dir);
    const current = files(CHECKED_IN);
    assert.ok(fresh.size > 10, "the generator wrote a client");
    assert.deepEqual([...current.keys()].sort(), [...fresh.keys()].sort(), "file list differs: run `npm run generate`");
    for (const [name, text] of fresh) {
      assert.ok(current.get(name) === text, `src/generated/${name} is stale: run \`npm run generate\``);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the freshness check notices a changed IDL", async () => {
  const { generate } = (await import(SCRIPT.href)) as {
    generate: (dir: string, idl: URL) => Promise<unknown>;
  };
  const idl = JSON.parse(readFileSync(new URL("../../../../idl/lever.json", import.meta.url), "utf8"));
  idl.errors[0].msg = "An error message the checked-in client does not have";
  const dir = mkdtempSync(join(tmpdir(), "lever-codama-"));
  try {
    const path = join(dir, "idl.json");
    (await import("node:fs")).writeFileSync(path, JSON.stringify(idl));
    await generate(join(dir, "out"), new URL(`file://${path}`));
    const fresh = files(join(dir, "out"));
    const current = files(CHECKED_IN);
    const differing = [...fresh].filter(([name, text]) => current.get(name) !== text).map(([n]) => n);
    assert.ok(differing.length > 0, "a changed IDL must change the generated client");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
