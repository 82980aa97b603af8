/**
 * Freshness of idl/lever.ts (the camelCase IDL type, what `anchor idl type` writes):
 * it must be exactly what scripts/idl-type.mjs makes of idl/lever.json now.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const SCRIPT = new URL("../../scripts/idl-type.mjs", import.meta.url);

test("idl/lever.ts is the camelCase type of idl/lever.json (run `npm run idl-type`)", async () => {
  const { idlType, IDL_TYPE } = (await import(SCRIPT.href)) as { idlType: () => string; IDL_TYPE: URL };
  const expected = idlType();
  assert.match(expected, /"name": "liquidate"/);
  assert.match(expected, /"positionId"/, "argument names are camelCase");
  assert.equal(readFileSync(IDL_TYPE, "utf8"), expected);
});
