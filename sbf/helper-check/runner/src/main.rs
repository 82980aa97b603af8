//! `lever-sbf-helper-check PROGRAM.so`: runs the helper-check program (built by
//! `sbf/lane.sh` with the same toolchain and patches as lever.so) in solana-sbpf on
//! edge cases and random vectors of every operation in `ops.rs`, and compares each
//! result with the operation computed natively. A patched helper that miscompiles
//! (wrong ABI, wrong frame layout) shows up here as a mismatch: exit 1.
#![allow(clippy::cast_possible_truncation)]

use std::process::ExitCode;
use std::sync::Arc;

use solana_sbpf::aligned_memory::AlignedMemory;
use solana_sbpf::ebpf;
use solana_sbpf::elf::Executable;
use solana_sbpf::memory_region::{MemoryMapping, MemoryRegion};
use solana_sbpf::program::BuiltinProgram;
use solana_sbpf::verifier::RequisiteVerifier;
use solana_sbpf::vm::{Config, ContextObject, EbpfVm};

include!("../../ops.rs");

/// Random vectors per operation, on top of the edge cases.
const RANDOM_VECTORS: usize = 3_000;

struct Meter {
    remaining: u64,
}

impl ContextObject for Meter {
    fn consume(&mut self, amount: u64) {
        self.remaining = self.remaining.saturating_sub(amount);
    }
    fn get_remaining(&self) -> u64 {
        self.remaining
    }
}

/// xorshift64: deterministic vectors.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn wide(&mut self) -> u128 {
        (u128::from(self.next()) << 64) | u128::from(self.next())
    }
}

const EDGES: [u128; 14] = [
    0,
    1,
    2,
    3,
    u64::MAX as u128,
    u64::MAX as u128 + 1,
    u128::MAX,
    u128::MAX - 1,
    i128::MAX as u128,
    i128::MIN as u128,
    (-1i128) as u128,
    (-2i128) as u128,
    1u128 << 127,
    0xFFFF_FFFF,
];

/// An f64 bit pattern: mostly normal numbers of moderate exponent, some zeros,
/// infinities, the smallest normal and a subnormal.
fn float_bits(x: u128) -> u128 {
    let bits = x as u64;
    match x % 10 {
        0 => 0,
        1 => u128::from(f64::INFINITY.to_bits()),
        2 => 1u128 << 52,
        3 => 1,
        _ => u128::from((bits & 0x800F_FFFF_FFFF_FFFF) | (((bits >> 52) % 400 + 823) << 52)),
    }
}

fn vectors(code: u64, rng: &mut Rng) -> Vec<(u128, u128)> {
    let mut vectors: Vec<(u128, u128)> = EDGES
        .iter()
        .flat_map(|&a| EDGES.iter().map(move |&b| (a, b)))
        .collect();
    for _ in 0..RANDOM_VECTORS {
        // Operand shapes: both 64-bit, tiny divisor, mixed widths, full width.
        let (mut a, mut b) = (rng.wide(), rng.wide());
        match rng.next() % 6 {
            0 => (a, b) = (a >> 64, b >> 64),
            1 => b >>= 84,
            2 => (a, b) = (a >> 30, b >> 100),
            3 => b >>= 1,
            4 => (a, b) = (a >> 64, b >> 96),
            _ => {}
        }
        if code == 8 {
            (a, b) = (a >> 64, b >> 64);
        }
        if code >= 9 {
            (a, b) = (float_bits(a), float_bits(b));
        }
        vectors.push((a, b));
    }
    vectors
}

/// Runs the program over `vectors` of operation `code`; returns the four result words
/// of each vector.
fn run_on_sbf(
    executable: &Executable<Meter>,
    loader: &Arc<BuiltinProgram<Meter>>,
    code: u64,
    vectors: &[(u128, u128)],
) -> Result<Vec<[u64; 4]>, String> {
    let mut input = vec![0u8; 16 + RECORD * vectors.len()];
    input[0..8].copy_from_slice(&code.to_le_bytes());
    input[8..16].copy_from_slice(&(vectors.len() as u64).to_le_bytes());
    for (i, (a, b)) in vectors.iter().enumerate() {
        let at = 16 + i * RECORD;
        input[at..at + 16].copy_from_slice(&a.to_le_bytes());
        input[at + 16..at + 32].copy_from_slice(&b.to_le_bytes());
    }
    let config = executable.get_config();
    let version = executable.get_sbpf_version();
    let mut meter = Meter {
        remaining: u64::MAX / 2,
    };
    let mut stack = AlignedMemory::<{ ebpf::HOST_ALIGN }>::zero_filled(config.stack_size());
    let stack_len = stack.len();
    let mut heap = AlignedMemory::<{ ebpf::HOST_ALIGN }>::with_capacity(0);
    let regions = vec![
        executable.get_ro_region(),
        // agave runs v0 programs with stack frame gaps: so does the check.
        MemoryRegion::new_writable_gapped(
            stack.as_slice_mut(),
            ebpf::MM_STACK_START,
            config.stack_frame_size as u64,
        ),
        MemoryRegion::new_writable(heap.as_slice_mut(), ebpf::MM_HEAP_START),
        MemoryRegion::new_writable(&mut input, ebpf::MM_INPUT_START),
    ];
    let mapping = MemoryMapping::new(regions, config, version).map_err(|e| format!("{e:?}"))?;
    let mut vm = EbpfVm::new(loader.clone(), version, &mut meter, mapping, stack_len);
    vm.registers[1] = ebpf::MM_INPUT_START;
    let (_, result) = vm.execute_program(executable, true);
    drop(vm);
    if let solana_sbpf::error::ProgramResult::Err(error) = result {
        return Err(format!("op {code}: the program failed: {error:?}"));
    }
    Ok((0..vectors.len())
        .map(|i| {
            let at = 16 + i * RECORD + 32;
            let mut words = [0u64; 4];
            for (k, word) in words.iter_mut().enumerate() {
                let bytes = &input[at + 8 * k..at + 8 * k + 8];
                *word = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
            }
            words
        })
        .collect())
}

/// Equal, or (f64 arithmetic) both NaN: NaN payloads may differ between soft and hard
/// float and carry no meaning.
fn same(code: u64, sbf: &[u64; 4], native: &[u64; 4]) -> bool {
    (0..4).all(|k| {
        sbf[k] == native[k]
            || (code == 9 && f64::from_bits(sbf[k]).is_nan() && f64::from_bits(native[k]).is_nan())
    })
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: lever-sbf-helper-check PROGRAM.so");
        return ExitCode::from(2);
    };
    let elf = match std::fs::read(&path) {
        Ok(elf) => elf,
        Err(e) => {
            eprintln!("helper check: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let config = Config {
        enable_stack_frame_gaps: true,
        ..Config::default()
    };
    let loader = Arc::new(BuiltinProgram::<Meter>::new_loader(config));
    let executable = match Executable::<Meter>::load(&elf, loader.clone()) {
        Ok(executable) => executable,
        Err(e) => {
            eprintln!("helper check: {path} does not load: {e:?}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = executable.verify::<RequisiteVerifier>() {
        eprintln!("helper check: {path} does not verify: {e:?}");
        return ExitCode::FAILURE;
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut mismatches = 0usize;
    let mut checked = 0usize;
    for code in 0..=LAST_OP {
        let vectors = vectors(code, &mut rng);
        let results = match run_on_sbf(&executable, &loader, code, &vectors) {
            Ok(results) => results,
            Err(e) => {
                eprintln!("helper check: {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut wrong = 0;
        for ((a, b), sbf) in vectors.iter().zip(&results) {
            let mut native = [0u64; 4];
            op(code, *a, *b, &mut native);
            if !same(code, sbf, &native) {
                if wrong < 4 {
                    println!("  op {code} a={a:#x} b={b:#x}: sbf {sbf:x?} native {native:x?}");
                }
                wrong += 1;
            }
        }
        println!("op {code:2}: {} vectors, {wrong} mismatches", vectors.len());
        mismatches += wrong;
        checked += vectors.len();
    }
    if mismatches > 0 {
        println!("helper check: {mismatches} of {checked} results differ from native: FAILED");
        return ExitCode::FAILURE;
    }
    println!("helper check: {checked} results of 11 operations equal native");
    ExitCode::SUCCESS
}
