/**
 * Errors of the pure math, one class per `lever_math::MathError` variant
 * (crates/lever-math/src/error.rs). The program maps each variant to its own error
 * code (`impl From<MathError> for LeverError`, programs/lever/src/error.rs); that name is
 * on `programErrorName`.
 */

/** The `lever_math::MathError` variant names. */
export type MathErrorKind = "Overflow" | "DivisionByZero" | "PriceOutOfRange";

/** The program error (`LeverError` variant, as in the IDL) each math error becomes. */
export const PROGRAM_ERROR_OF_MATH_ERROR = {
  Overflow: "MathOverflow",
  DivisionByZero: "DivisionByZero",
  PriceOutOfRange: "OraclePriceOutOfRange",
} as const satisfies Record<MathErrorKind, string>;

const MESSAGES: Record<MathErrorKind, string> = {
  Overflow: "arithmetic overflow",
  DivisionByZero: "division by zero",
  PriceOutOfRange: "price outside the supported range",
};

/** A computation lever-math would refuse. Catch this to handle all three kinds. */
export class LeverMathError extends Error {
  /** The `lever_math::MathError` variant. */
  readonly kind: MathErrorKind;
  /** The program's error name for the same refusal. */
  readonly programErrorName: (typeof PROGRAM_ERROR_OF_MATH_ERROR)[MathErrorKind];

  constructor(kind: MathErrorKind) {
    super(MESSAGES[kind]);
    this.name = "LeverMathError";
    this.kind = kind;
    this.programErrorName = PROGRAM_ERROR_OF_MATH_ERROR[kind];
  }
}

/** `MathError::Overflow`: an intermediate or result does not fit its integer type. */
export class MathOverflowError extends LeverMathError {
  constructor() {
    super("Overflow");
    this.name = "MathOverflowError";
  }
}

/** `MathError::DivisionByZero`. */
export class DivisionByZeroError extends LeverMathError {
  constructor() {
    super("DivisionByZero");
    this.name = "DivisionByZeroError";
  }
}

/** `MathError::PriceOutOfRange`: a converted price is zero or above `u64::MAX`. */
export class PriceOutOfRangeError extends LeverMathError {
  constructor() {
    super("PriceOutOfRange");
    this.name = "PriceOutOfRangeError";
  }
}
