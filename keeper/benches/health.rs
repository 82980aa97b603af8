//! Health evaluations per second on one core: N positions (default 1,000,000) in
//! memory, each run through the program's `compute_health` at one validated price,
//! which is what the keeper does per pass once it has validated the market's price.
//! `cargo bench -p lever-keeper --bench health [-- N]`; the figure goes in the README
//! (a benchmark, never a test assertion).

use std::time::Instant;

use lever::oracle::ValidatedPrice;
use lever::state::{Market, OracleSource, Position, Side, StoredU128};
use lever_math::{OracleQuote, RiskParams};

const NOW: i64 = 1_767_225_600;

/// A deterministic spread of positions: sizes 0.1 to 100 SOL, entries $140 to $160,
/// leverage 2x to 20x, both sides (a small xorshift, so runs compare).
fn positions(count: usize) -> Vec<Position> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|i| {
            let mut position: Position = bytemuck::Zeroable::zeroed();
            let size = 100_000_000 + next() % 100_000_000_000; // base atoms (9 decimals)
            let entry_usd = 140 + next() % 21;
            let leverage = 2 + next() % 19;
            // $1 per SOL is 1e9 internal (1e12 x 1e6 collateral atoms / 1e9 base atoms).
            let entry = u128::from(entry_usd) * 1_000_000_000;
            let notional = u128::from(size) * entry / 1_000_000_000_000;
            position.size = size;
            position.collateral =
                u64::try_from(notional / u128::from(leverage)).unwrap_or(u64::MAX);
            position.entry_price = StoredU128::new(entry);
            position.borrow_index_snapshot = StoredU128::new(0);
            position.side = if i % 2 == 0 { Side::Long } else { Side::Short }.to_stored();
            position.opened_at = NOW - 3_600;
            position.entry_publish_time = NOW - 3_600;
            position.updated_at = NOW - 3_600;
            position
        })
        .collect()
}

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(1_000_000);
    let mut market: Market = bytemuck::Zeroable::zeroed();
    market.params = RiskParams::default().into();
    market.collateral_decimals = 6;
    market.base_decimals = 9;
    market.oracle_source = OracleSource::PythPull.to_stored();
    market.borrow_index = StoredU128::new(0);
    market.borrow_index_updated_at = NOW;
    let price = ValidatedPrice {
        quote: OracleQuote {
            price: 15_000_000_000,
            conf: 1_000_000,
            ema_price: 15_000_000_000,
            expo: -8,
            publish_time: NOW,
        },
        feed_id: [0; 32],
    };
    let book = positions(count);
    let started = Instant::now();
    let mut liquidatable = 0usize;
    let mut refused = 0usize;
    for position in &book {
        match lever::instructions::compute_health(&market, position, &price, NOW) {
            Ok(health) => liquidatable += usize::from(health.liquidatable),
            Err(_) => refused += 1,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{count} positions in {seconds:.3} s: {:.0} health evaluations/s on one core ({liquidatable} liquidatable at $150, {refused} refused)",
        count as f64 / seconds
    );
}
