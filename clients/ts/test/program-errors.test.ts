// The error table must be the IDL's (regenerate with `npm run sync-errors`).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  LEVER_PROGRAM_ERRORS,
  PROGRAM_ERROR_OF_MATH_ERROR,
  leverErrorFromCode,
  leverErrorFromName,
} from "../src/index.js";
import { readJson } from "./helpers.js";

interface Idl {
  address: string;
  errors: Array<{ code: number; name: string; msg?: string }>;
}

const idl = readJson<Idl>("idl/lever.json");

test("the error table is the IDL's", () => {
  assert.deepEqual(
    LEVER_PROGRAM_ERRORS.map((e) => ({ code: e.code, name: e.name, msg: e.msg })),
    idl.errors.map((e) => ({ code: e.code, name: e.name, msg: e.msg ?? "" })),
    "src/program-errors.ts is stale: run `npm run sync-errors`",
  );
});

test("codes and names map both ways", () => {
  for (const e of idl.errors) {
    assert.equal(leverErrorFromCode(e.code)?.name, e.name);
    assert.equal(leverErrorFromName(e.name)?.code, e.code);
  }
  assert.equal(leverErrorFromCode(42), undefined);
  assert.equal(leverErrorFromName("NoSuchError"), undefined);
});

test("each math error names a program error that exists", () => {
  for (const name of Object.values(PROGRAM_ERROR_OF_MATH_ERROR)) {
    assert.ok(leverErrorFromName(name), `${name} is not in the IDL`);
  }
});
