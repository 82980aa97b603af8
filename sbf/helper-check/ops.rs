// The operations whose compiler helpers the lane must get right, one code each. Shared
// (`include!`) by the SBF program and the native runner, so both compute the same
// thing; the runner compares the SBF results with its own.
//
// 0-4: u128/i128 multiply, divide, remainder (__multi3, __udivti3, __umodti3,
// __divti3, __modti3); 5-7: checked multiplies of u64, u128, i128 (overflow detection
// goes through the 128-bit helpers); 8-10: f64 arithmetic, comparisons, conversions
// (soft-float on BPF: Anchor's rent math uses them).
// The operators themselves are what is under test (`/` and `%` call the helpers), so
// clippy's preference for `checked_div` does not apply.
#[allow(clippy::manual_checked_ops)]
#[inline(never)]
fn op(code: u64, a: u128, b: u128, out: &mut [u64; 4]) {
    let split = |r: u128, out: &mut [u64; 4]| {
        out[0] = r as u64;
        out[1] = (r >> 64) as u64;
    };
    let (x, y) = (a as i128, b as i128);
    let signed_ok = y != 0 && !(x == i128::MIN && y == -1);
    match code {
        0 => split(a.wrapping_mul(b), out),
        1 => split(if b == 0 { 0 } else { a / b }, out),
        2 => split(if b == 0 { 0 } else { a % b }, out),
        3 => split(if signed_ok { (x / y) as u128 } else { 0 }, out),
        4 => split(if signed_ok { (x % y) as u128 } else { 0 }, out),
        5 => match (a as u64).checked_mul(b as u64) {
            Some(v) => {
                out[0] = v;
                out[2] = 1;
            }
            None => out[2] = 2,
        },
        6 => match a.checked_mul(b) {
            Some(v) => {
                split(v, out);
                out[2] = 1;
            }
            None => out[2] = 2,
        },
        7 => match x.checked_mul(y) {
            Some(v) => {
                split(v as u128, out);
                out[2] = 1;
            }
            None => out[2] = 2,
        },
        8 => {
            let (x, y) = (a as u64 as f64, b as u64 as f64);
            out[0] = (x * 2.0 / 3.0) as u64;
            out[1] = ((x + y) / (y + 1.0)) as u64;
            out[2] = (y - x * 0.5) as u64;
        }
        9 => {
            let (x, y) = (f64::from_bits(a as u64), f64::from_bits(b as u64));
            out[0] = (x + y).to_bits();
            out[1] = (x - y).to_bits();
            out[2] = (x * y).to_bits();
            out[3] = (x / y).to_bits();
        }
        10 => {
            let (x, y) = (f64::from_bits(a as u64), f64::from_bits(b as u64));
            out[0] = (x >= y) as u64;
            out[1] = (x > y) as u64;
            out[2] = (-x).to_bits();
            out[3] = x as u64;
        }
        _ => {}
    }
}

/// The last operation code (the runner loops up to it).
#[allow(dead_code)]
const LAST_OP: u64 = 10;
/// Bytes per vector in the input: a (16), b (16), the four result words (32).
const RECORD: usize = 64;
