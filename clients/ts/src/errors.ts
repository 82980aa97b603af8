/**
 * The program's error codes and names: decode a failed transaction's custom error, or
 * name the program error a math refusal corresponds to.
 */
import { LEVER_PROGRAM_ERRORS } from "./program-errors.js";

export { LEVER_PROGRAM_ERRORS };

/** A `LeverError` variant name. */
export type LeverErrorName = (typeof LEVER_PROGRAM_ERRORS)[number]["name"];

/** One program error as the IDL lists it. */
export interface LeverProgramError {
  code: number;
  name: LeverErrorName;
  msg: string;
}

const BY_CODE = new Map<number, LeverProgramError>(
  LEVER_PROGRAM_ERRORS.map((e) => [e.code, e as LeverProgramError]),
);
const BY_NAME = new Map<string, LeverProgramError>(
  LEVER_PROGRAM_ERRORS.map((e) => [e.name, e as LeverProgramError]),
);

/** The program error with custom error code `code` (6000 and up), or `undefined`. */
export function leverErrorFromCode(code: number): LeverProgramError | undefined {
  return BY_CODE.get(code);
}

/** The program error named `name`, or `undefined`. */
export function leverErrorFromName(name: string): LeverProgramError | undefined {
  return BY_NAME.get(name);
}
