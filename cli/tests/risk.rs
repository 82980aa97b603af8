//! `lever risk synth|map|cascade` through the built binary, as a user runs them: the
//! contract's outputs, determinism, charts, `--compare`, and every class of bad input
//! (exit 2, a message saying where and what, nothing on stdout). The cross-check with
//! the real program is in `risk/crosscheck.rs`.

#[path = "risk/crosscheck.rs"]
mod crosscheck;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn lever(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_lever"))
        .args(args)
        .output()
        .expect("run lever");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A fresh directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lever-risk-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn example_book() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/risk/book.json")
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write");
    path.to_string_lossy().into_owned()
}

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("stdout is JSON")
}

#[test]
fn synth_is_reproducible_and_its_book_maps() {
    let dir = scratch("synth");
    let first = lever(&["risk", "synth", "--positions", "300", "--seed", "5"]);
    let again = lever(&["risk", "synth", "--positions", "300", "--seed", "5"]);
    let other = lever(&["risk", "synth", "--positions", "300", "--seed", "6"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(first.stdout, again.stdout);
    assert_ne!(first.stdout, other.stdout);
    // Nothing but the result: no progress without a terminal.
    assert!(first.stderr.is_empty(), "{}", first.stderr);
    let book: Value = serde_json::from_str(&first.stdout).expect("book JSON");
    assert_eq!(book["positions"].as_array().map(Vec::len), Some(300));
    let path = write(&dir, "book.json", &first.stdout);
    let map = json(&lever(&["risk", "map", &path]));
    assert_eq!(map["positions"].as_array().map(Vec::len), Some(300));
    // synth opens nothing a keeper would already take.
    assert_eq!(map["liquidatable_now"]["count"], 0);
    // A market file shapes the book: 2x at most.
    let market = write(&dir, "market.json", r#"{"imr_bps": 5000, "mmr_bps": 2500}"#);
    let narrow = json(&lever(&[
        "risk",
        "synth",
        "--positions",
        "200",
        "--seed",
        "1",
        "--market",
        &market,
    ]));
    assert_eq!(narrow["market"]["imr_bps"], 5000);
    let narrow_path = write(
        &dir,
        "narrow.json",
        &serde_json::to_string(&narrow).expect("JSON"),
    );
    let narrow_map = json(&lever(&["risk", "map", &narrow_path]));
    let leverages: Vec<u64> = narrow_map["leverage"]
        .as_array()
        .expect("leverage")
        .iter()
        .map(|b| b["leverage"].as_u64().expect("leverage"))
        .collect();
    assert!(leverages.iter().all(|x| *x <= 2), "{leverages:?}");
}

#[test]
fn map_reports_the_contract_fields_and_draws_its_charts() {
    let dir = scratch("map");
    let book = example_book();
    let out = dir.join("charts");
    let args = [
        "risk",
        "map",
        book.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
    ];
    let run = lever(&args);
    let map = json(&run);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(lever(&args).stdout, run.stdout, "same input, same bytes");
    assert!(map["mark_price"].as_u64().expect("mark") > 0);
    let buckets = map["buckets"].as_array().expect("buckets");
    assert!(!buckets.is_empty());
    for field in [
        "price_low",
        "price_high",
        "long_notional",
        "short_notional",
        "long_count",
        "short_count",
    ] {
        assert!(buckets[0].get(field).is_some(), "bucket field {field}");
    }
    // Longs liquidate below the mark, shorts above.
    let mark = map["mark_price"].as_u64().expect("mark");
    for bucket in buckets {
        let (low, high) = (
            bucket["price_low"].as_u64().expect("low"),
            bucket["price_high"].as_u64().expect("high"),
        );
        if bucket["long_count"].as_u64() > Some(0) {
            assert!(low < mark, "long bucket above the mark: {bucket}");
        }
        if bucket["short_count"].as_u64() > Some(0) {
            assert!(high > mark, "short bucket below the mark: {bucket}");
        }
    }
    assert!(
        map["liquidatable_now"].get("count").is_some()
            && map["liquidatable_now"].get("notional").is_some()
    );
    for chart in ["map.svg", "leverage.svg"] {
        let svg = std::fs::read_to_string(out.join(chart)).expect(chart);
        assert!(svg.starts_with("<svg") && svg.contains("</svg>"), "{chart}");
    }
    // Wider buckets: fewer of them, the same positions.
    let wide = json(&lever(&[
        "risk",
        "map",
        book.to_str().expect("path"),
        "--bucket-bps",
        "200",
    ]));
    assert!(wide["buckets"].as_array().expect("buckets").len() < buckets.len());
    assert_eq!(wide["positions"], map["positions"]);
}

#[test]
fn compare_adds_the_second_market_without_moving_the_first() {
    let dir = scratch("compare");
    let book = example_book();
    let book = book.to_str().expect("path");
    let stricter = write(&dir, "mmr7.json", r#"{"mmr_bps": 700}"#);
    let out = dir.join("charts");
    let out = out.to_str().expect("path");
    let plain = json(&lever(&["risk", "map", book]));
    let compared = json(&lever(&[
        "risk",
        "map",
        book,
        "--compare",
        &stricter,
        "--out",
        out,
    ]));
    assert_eq!(compared["positions"], plain["positions"]);
    assert_eq!(compared["compare"]["market"]["mmr_bps"], 700);
    // A higher maintenance margin moves every long's liquidation price up.
    let base = plain["positions"].as_array().expect("positions");
    let other = compared["compare"]["result"]["positions"]
        .as_array()
        .expect("positions");
    let book_json: Value =
        serde_json::from_str(&std::fs::read_to_string(book).expect("book")).expect("JSON");
    for ((b, o), p) in base
        .iter()
        .zip(other)
        .zip(book_json["positions"].as_array().expect("positions"))
    {
        if p["side"] == "long" && b["liquidation_price"].as_u64() > Some(0) {
            assert!(
                o["liquidation_price"].as_u64() > b["liquidation_price"].as_u64(),
                "{p}"
            );
        }
    }
    assert!(Path::new(out).join("map-compare.svg").exists());
    let args = [
        "risk",
        "cascade",
        book,
        "--shock-bps",
        "-800",
        "--depth",
        "2000000000000",
        "--compare",
        &stricter,
        "--out",
        out,
    ];
    let cascade = json(&lever(&args));
    assert!(
        cascade["summary"]["liquidations"].as_u64()
            <= cascade["compare"]["result"]["summary"]["liquidations"].as_u64()
    );
    assert!(
        Path::new(out).join("cascade-compare.svg").exists()
            && Path::new(out).join("cascade.svg").exists()
    );
}

#[test]
fn cascade_rounds_follow_the_contract() {
    let book = example_book();
    let book = book.to_str().expect("path");
    let args = [
        "risk",
        "cascade",
        book,
        "--shock-bps",
        "-800",
        "--depth",
        "2000000000000",
        "--max-rounds",
        "60",
    ];
    let run = lever(&args);
    let result = json(&run);
    assert_eq!(lever(&args).stdout, run.stdout, "same input, same bytes");
    let rounds = result["rounds"].as_array().expect("rounds");
    let summary = &result["summary"];
    assert_eq!(summary["rounds"].as_u64(), Some(rounds.len() as u64));
    assert!(rounds.len() <= 60 && rounds.len() > 1);
    for field in [
        "round",
        "spot",
        "ema",
        "mark",
        "liquidations",
        "partial",
        "full",
        "closed_notional",
        "net_flow",
        "penalty",
        "keeper_rewards",
        "bad_debt",
        "bad_debt_socialized",
        "insurance",
        "pool",
    ] {
        assert!(rounds[0].get(field).is_some(), "round field {field}");
    }
    for field in [
        "rounds",
        "final_spot",
        "drawdown_bps",
        "liquidations",
        "positions_closed",
        "closed_notional",
        "bad_debt",
        "bad_debt_socialized",
        "insurance_end",
        "pool_end",
        "peak_round",
    ] {
        assert!(summary.get(field).is_some(), "summary field {field}");
    }
    // Round 0 is the 8 % shock on $150: spot 138.
    assert_eq!(rounds[0]["spot"], 138_000_000_000u64);
    // The last round played either liquidated nothing or was the 60th.
    let last = rounds.last().expect("a round");
    assert!(last["liquidations"] == 0 || rounds.len() == 60);
    let total: u64 = rounds
        .iter()
        .map(|r| r["liquidations"].as_u64().expect("count"))
        .sum();
    assert_eq!(summary["liquidations"].as_u64(), Some(total));
}

/// Runs `args` and checks it is refused as bad input.
fn refused(name: &str, args: &[&str], expected: &[&str]) {
    let run = lever(args);
    assert_eq!(
        run.code, 2,
        "{name}: exit 2 expected, got {}; stderr: {}",
        run.code, run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "{name}: nothing on stdout, got {}",
        run.stdout
    );
    assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    for part in expected {
        assert!(
            run.stderr.contains(part),
            "{name}: stderr should mention {part:?}: {}",
            run.stderr
        );
    }
}

const GOOD_BOOK: &str = r#"{
  "market": {"imr_bps": 1000, "mmr_bps": 500},
  "price": {"price": 15000000000, "conf": 0, "ema": 15000000000, "expo": -8},
  "pool": 1000000000000,
  "insurance": 0,
  "positions": [
    {"id": "p1", "side": "long", "size": 10000000000, "entry_price": 150000000000, "collateral": 200000000, "accrued_fees": 0},
    {"id": "p2", "side": "short", "size": 5000000000, "entry_price": 150000000000, "collateral": 100000000}
  ]
}"#;

#[test]
fn malformed_books_exit_2_with_a_message_that_says_where_and_what() {
    let dir = scratch("malformed");
    let good = write(&dir, "good.json", GOOD_BOOK);
    assert_eq!(lever(&["risk", "map", &good]).code, 0);
    let cases: &[(&str, String, &[&str])] = &[
        (
            "truncated",
            GOOD_BOOK[..120].to_string(),
            &["not a valid book", "line"],
        ),
        ("not_an_object", "[1, 2]".to_string(), &["invalid type"]),
        (
            "missing_pool",
            GOOD_BOOK.replace("\"pool\": 1000000000000,", ""),
            &["missing field `pool`"],
        ),
        (
            "unknown_field",
            GOOD_BOOK.replace("\"insurance\": 0,", "\"insurance\": 0, \"extra\": 1,"),
            &["unknown field `extra`"],
        ),
        (
            "unknown_market_field",
            GOOD_BOOK.replace("\"imr_bps\"", "\"imr\""),
            &["market", "unknown field `imr`"],
        ),
        (
            "market_out_of_bounds",
            GOOD_BOOK.replace("\"mmr_bps\": 500", "\"mmr_bps\": 1000"),
            &["market", "MaintenanceMarginOutOfRange"],
        ),
        (
            "bad_side",
            GOOD_BOOK.replace("\"side\": \"short\"", "\"side\": \"up\""),
            &["positions[1].side", "up"],
        ),
        (
            "negative_size",
            GOOD_BOOK.replace("\"size\": 5000000000", "\"size\": -5"),
            &["positions[1].size", "-5"],
        ),
        (
            "fractional_collateral",
            GOOD_BOOK.replace("\"collateral\": 100000000", "\"collateral\": 1.5"),
            &["positions[1].collateral"],
        ),
        (
            "zero_collateral",
            GOOD_BOOK.replace("\"collateral\": 100000000", "\"collateral\": 0"),
            &["positions[1] (id \"p2\")", "collateral must be positive"],
        ),
        (
            "zero_entry",
            GOOD_BOOK.replace(
                "\"entry_price\": 150000000000, \"collateral\": 100000000",
                "\"entry_price\": 0, \"collateral\": 100000000",
            ),
            &["positions[1]", "entry_price must be positive"],
        ),
        (
            "duplicate_id",
            GOOD_BOOK.replace("\"p2\"", "\"p1\""),
            &["positions[1] (id \"p1\")", "already used by positions[0]"],
        ),
        (
            "empty_id",
            GOOD_BOOK.replace("\"p2\"", "\"\""),
            &["positions[1].id", "empty"],
        ),
        (
            "missing_position_field",
            GOOD_BOOK.replace("\"collateral\": 100000000", "\"colateral\": 100000000"),
            &["positions[1]", "colateral"],
        ),
        (
            "nonpositive_price",
            GOOD_BOOK.replace("\"price\": 15000000000,", "\"price\": -1,"),
            &["price.price", "positive"],
        ),
        (
            "price_out_of_range",
            GOOD_BOOK.replace("\"expo\": -8", "\"expo\": 30"),
            &["price:", "outside the supported range"],
        ),
        (
            "nonpositive_ema",
            GOOD_BOOK.replace("\"ema\": 15000000000", "\"ema\": 0"),
            &["price.ema", "positive"],
        ),
    ];
    for (name, content, expected) in cases {
        let path = write(&dir, &format!("{name}.json"), content);
        refused(name, &["risk", "map", &path], expected);
        refused(
            name,
            &[
                "risk",
                "cascade",
                &path,
                "--shock-bps",
                "-800",
                "--depth",
                "1000000",
            ],
            expected,
        );
    }
    refused(
        "missing_file",
        &["risk", "map", "/nonexistent/book.json"],
        &["/nonexistent/book.json", "cannot read"],
    );
}

#[test]
fn bad_arguments_exit_2_with_a_message_that_names_the_flag() {
    let dir = scratch("arguments");
    let good = write(&dir, "good.json", GOOD_BOOK);
    let bad_market = write(&dir, "bad-market.json", r#"{"mmr": 700}"#);
    let broken_market = write(&dir, "broken-market.json", r#"{"mmr_bps": 700"#);
    let other_decimals = write(&dir, "decimals.json", r#"{"base_decimals": 8}"#);
    let a_file = write(&dir, "file", "x");
    let cascade = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = ["risk", "cascade", good.as_str()]
            .iter()
            .map(|s| s.to_string())
            .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let cases: Vec<(&str, Vec<String>, &[&str])> = vec![
        (
            "shock_wipes_out_price",
            cascade(&["--shock-bps", "-10000", "--depth", "1"]),
            &["--shock-bps", "-10000"],
        ),
        (
            "zero_depth",
            cascade(&["--shock-bps", "-800", "--depth", "0"]),
            &["--depth", "positive"],
        ),
        (
            "alpha_above_100_percent",
            cascade(&[
                "--shock-bps",
                "-800",
                "--depth",
                "1",
                "--ema-alpha-bps",
                "10001",
            ]),
            &["--ema-alpha-bps"],
        ),
        (
            "missing_depth",
            cascade(&["--shock-bps", "-800"]),
            &["--depth"],
        ),
        (
            "non_numeric_shock",
            cascade(&["--shock-bps", "eight", "--depth", "1"]),
            &["--shock-bps", "eight"],
        ),
        (
            "compare_unknown_field",
            cascade(&[
                "--shock-bps",
                "-800",
                "--depth",
                "1",
                "--compare",
                &bad_market,
            ]),
            &["--compare", "unknown field `mmr`"],
        ),
        (
            "compare_not_json",
            cascade(&[
                "--shock-bps",
                "-800",
                "--depth",
                "1",
                "--compare",
                &broken_market,
            ]),
            &["--compare", "not valid JSON"],
        ),
        (
            "compare_other_decimals",
            cascade(&[
                "--shock-bps",
                "-800",
                "--depth",
                "1",
                "--compare",
                &other_decimals,
            ]),
            &["--compare", "decimals"],
        ),
        (
            "compare_missing",
            cascade(&[
                "--shock-bps",
                "-800",
                "--depth",
                "1",
                "--compare",
                "/nonexistent/m.json",
            ]),
            &["--compare", "cannot read"],
        ),
        (
            "out_is_a_file",
            cascade(&["--shock-bps", "-800", "--depth", "1", "--out", &a_file]),
            &["--out", "cannot create"],
        ),
        (
            "zero_bucket",
            vec![
                "risk".into(),
                "map".into(),
                good.clone(),
                "--bucket-bps".into(),
                "0".into(),
            ],
            &["--bucket-bps"],
        ),
        (
            "synth_bad_market",
            vec![
                "risk".into(),
                "synth".into(),
                "--positions".into(),
                "3".into(),
                "--seed".into(),
                "1".into(),
                "--market".into(),
                bad_market.clone(),
            ],
            &["--market", "unknown field `mmr`"],
        ),
        (
            "synth_negative_count",
            vec![
                "risk".into(),
                "synth".into(),
                "--positions".into(),
                "-3".into(),
                "--seed".into(),
                "1".into(),
            ],
            &["--positions"],
        ),
        (
            "synth_missing_seed",
            vec![
                "risk".into(),
                "synth".into(),
                "--positions".into(),
                "3".into(),
            ],
            &["--seed"],
        ),
        (
            "synth_nonpositive_price",
            vec![
                "risk".into(),
                "synth".into(),
                "--positions".into(),
                "3".into(),
                "--seed".into(),
                "1".into(),
                "--price".into(),
                "0".into(),
            ],
            &["--price", "positive"],
        ),
    ];
    for (name, args, expected) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(name, &args, expected);
    }
}
