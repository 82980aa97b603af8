//! The risk tools' benchmark, built light (this crate alone, no Solana stack):
//!
//!   cargo run --release -p lever-risk --example bench -- [--positions 10000,100000,1000000]
//!   cargo run --release -p lever-risk --example bench -- --book BOOK.json
//!   cargo run --release -p lever-risk --example bench -- --write-book N FILE
//!
//! The first form prints the table of `lever_risk::bench` for each size (synthetic books
//! generated in memory). The second times what `lever risk map` and `lever risk
//! cascade` do with a book file, end to end: parse, map, map JSON written to /dev/null,
//! cascade with the bench's shock, cascade JSON written; run it under
//! `/usr/bin/time -v` for the peak memory. The third writes the bench's synthetic book
//! of N positions (seed 42), as `lever risk synth` would, for the second.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use lever_risk::bench::{bench_cascade_params, markdown, run};
use lever_risk::{cascade, map, output, Book, Quiet, DEFAULT_BUCKET_BPS};

fn sizes(args: &[String]) -> Vec<usize> {
    args.iter()
        .position(|a| a == "--positions")
        .and_then(|i| args.get(i + 1))
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000])
}

fn end_to_end(path: &str) -> Result<(), String> {
    let started = Instant::now();
    let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let book = Book::parse_reader(BufReader::with_capacity(1 << 20, file)).map_err(|e| e.0)?;
    let parse = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let liquidation_map = map(&book, DEFAULT_BUCKET_BPS, &mut |_| {}).map_err(|e| e.0)?;
    let map_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut sink = BufWriter::new(File::create("/dev/null").map_err(|e| e.to_string())?);
    output::write_map(&mut sink, &book, &liquidation_map, None).map_err(|e| e.to_string())?;
    sink.flush().map_err(|e| e.to_string())?;
    let map_write = started.elapsed().as_secs_f64();
    drop(liquidation_map);
    let params = bench_cascade_params(&book);
    let started = Instant::now();
    let result = cascade::run(&book, &params, &mut Quiet).map_err(|e| e.0)?;
    let cascade_secs = started.elapsed().as_secs_f64();
    output::write_cascade(&mut sink, &result, None).map_err(|e| e.to_string())?;
    println!(
        "{} positions: parse {parse:.2} s, map {map_secs:.2} s, map JSON {map_write:.2} s, cascade {cascade_secs:.2} s ({} rounds, {} liquidations, drawdown {:.1} %)",
        book.len(),
        result.summary.rounds,
        result.summary.liquidations,
        result.summary.drawdown_bps as f64 / 100.0
    );
    Ok(())
}

fn write_book(n: &str, path: &str) -> Result<(), String> {
    let n: usize = n.parse().map_err(|e| format!("{n}: {e}"))?;
    let book = lever_risk::bench::bench_book(n, 42).map_err(|e| e.0)?;
    let mut file = BufWriter::new(File::create(path).map_err(|e| format!("{path}: {e}"))?);
    output::write_book(&mut file, &book).map_err(|e| e.to_string())?;
    file.flush().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--write-book") {
        let (Some(n), Some(path)) = (args.get(i + 1), args.get(i + 2)) else {
            eprintln!("--write-book needs N and FILE");
            return ExitCode::from(2);
        };
        return match write_book(n, path) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("bench: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if let Some(i) = args.iter().position(|a| a == "--book") {
        let Some(path) = args.get(i + 1) else {
            eprintln!("--book needs a file");
            return ExitCode::from(2);
        };
        return match end_to_end(path) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("bench: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let mut rows = Vec::new();
    for n in sizes(&args) {
        match run(n, 42, &mut Quiet) {
            Ok(row) => {
                eprintln!("{n} positions done");
                rows.push(row);
            }
            Err(e) => {
                eprintln!("bench: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    print!("{}", markdown(&rows));
    ExitCode::SUCCESS
}
