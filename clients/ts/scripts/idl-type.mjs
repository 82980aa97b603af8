// Writes idl/lever.ts: the IDL as a TypeScript type in camelCase, what `anchor idl type`
// writes (Anchor TS's own `convertIdlToCamelCase`), for `new Program<Lever>(idl)`.
// Run `npm run idl-type` after the IDL changes; test/idl-type.test.ts fails while the
// checked-in file differs from this output.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { convertIdlToCamelCase } = require("@coral-xyz/anchor/dist/cjs/idl.js");

export const IDL_JSON = new URL("../../../idl/lever.json", import.meta.url);
export const IDL_TYPE = new URL("../../../idl/lever.ts", import.meta.url);

/** The text of idl/lever.ts for the IDL at `jsonUrl`. */
export function idlType(jsonUrl = IDL_JSON) {
  const idl = convertIdlToCamelCase(JSON.parse(readFileSync(jsonUrl, "utf8")));
  return [
    "/**",
    " * Program IDL in camelCase format in order to be used in JS/TS.",
    " *",
    " * Note that this is only a type helper and is not the actual IDL. The original",
    " * IDL can be found at `idl/lever.json`. Written by `npm run idl-type` in clients/ts.",
    " */",
    `export type Lever = ${JSON.stringify(idl, null, 2)};`,
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(IDL_TYPE, idlType());
  console.log(`wrote ${fileURLToPath(IDL_TYPE)}`);
}
