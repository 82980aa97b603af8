//! Action-sequence fuzzing with accounting invariants: seeded random sequences of
//! trader, LP, price and keeper actions against the program. After every step the
//! vault equals the sum of the market's buckets, and the tokens held by all wallets
//! plus the vault never change (no operation creates or destroys tokens).

use lever_client::{ix, MarketParams, Side};
use lever_harness::{Keypair, MarketFixture, MarketSetup, Signer};
use lever_math::RiskParams;
use lever_tests::*;

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SEEDS: u64 = 20;
const STEPS: usize = 40;

async fn total_tokens(f: &mut MarketFixture, wallets: &[Keypair]) -> u64 {
    let mut total = f.vault_balance().await;
    for wallet in wallets {
        total += f.collateral_balance(&wallet.pubkey()).await;
    }
    total
}

#[tokio::test]
async fn random_sequences_conserve_tokens() {
    let mut outcomes = std::collections::BTreeMap::<String, u32>::new();
    for seed in 1..=SEEDS {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let params = MarketParams {
            open_fee_bps: 5,
            close_fee_bps: 5,
            borrow_rate_bps_per_hour: 5,
            ..RiskParams::default().into()
        };
        let (mut f, lp) = funded_market(MarketSetup {
            params,
            ..MarketSetup::default()
        })
        .await;
        let keeper = f.wallet(0).await;
        let mut traders = Vec::new();
        for _ in 0..3 {
            traders.push(f.wallet(10_000 * ONE_USD).await);
        }
        let mut wallets: Vec<Keypair> = traders.iter().map(|t| t.insecure_clone()).collect();
        wallets.push(lp.insecure_clone());
        wallets.push(keeper.insecure_clone());
        let initial = total_tokens(&mut f, &wallets).await;
        let mut price = PRICE_150;
        let mut ema = PRICE_150;
        let mut log = Vec::new();

        for step in 0..STEPS {
            let trader = &traders[rng.below(3) as usize];
            let id = rng.below(2);
            let (label, result) = match rng.below(11) {
                0 | 1 => {
                    let side = if rng.below(2) == 0 {
                        Side::Long
                    } else {
                        Side::Short
                    };
                    let size = (1 + rng.below(20)) * ONE_BASE / 2;
                    let leverage = 4 + rng.below(7);
                    let collateral = size / 1_000 * 150 / leverage + ONE_USD;
                    (
                        "open",
                        open(&mut f, trader, id, side, collateral, size)
                            .await
                            .map(|_| ()),
                    )
                }
                2 | 3 => {
                    // A move of up to +-12 %; the EMA follows three quarters of the way.
                    let bps = rng.below(2_401) as i64 - 1_200;
                    price = (price + price * bps / 10_000).max(1_000_000_000);
                    ema = (ema + 3 * price) / 4;
                    f.set_price(price, price as u64 / 5_000, ema);
                    ("price", Ok(()))
                }
                4 => {
                    f.advance_time(rng.below(7_200) as i64);
                    f.set_price(price, price as u64 / 5_000, ema);
                    ("time", Ok(()))
                }
                5 => {
                    let amount = rng.below(50) * ONE_USD + 1;
                    let instruction = if rng.below(2) == 0 {
                        ix::deposit_collateral(&f.keys, trader.pubkey(), id, amount)
                    } else {
                        ix::withdraw_collateral(&f.keys, trader.pubkey(), id, amount)
                    };
                    (
                        "collateral",
                        f.send(&[instruction], &[trader]).await.map(|_| ()),
                    )
                }
                6 => {
                    let size = (1 + rng.below(10)) * ONE_BASE / 4;
                    let instruction = ix::reduce_position(&f.keys, trader.pubkey(), id, size);
                    (
                        "reduce",
                        f.send(&[instruction], &[trader]).await.map(|_| ()),
                    )
                }
                7 => {
                    let instruction = ix::close_position(&f.keys, trader.pubkey(), id);
                    ("close", f.send(&[instruction], &[trader]).await.map(|_| ()))
                }
                8 | 9 => {
                    // A keeper sweep: try every open position, as a bot would.
                    let mut last = Ok(());
                    for owner in &traders {
                        for id in 0..2 {
                            if f.position(&owner.pubkey(), id).await.is_some() {
                                let result = liquidate(&mut f, &keeper, &owner.pubkey(), id)
                                    .await
                                    .map(|_| ());
                                let outcome = match &result {
                                    Ok(()) => "liquidate: ok".to_string(),
                                    Err(e) => format!("liquidate: {}", e.name()),
                                };
                                *outcomes.entry(outcome).or_default() += 1;
                                last = result;
                            }
                        }
                    }
                    ("sweep", last)
                }
                _ => {
                    let instruction = if rng.below(2) == 0 {
                        ix::lp_withdraw(&f.keys, lp.pubkey(), rng.below(5_000) * ONE_USD + 1)
                    } else {
                        ix::lp_deposit(&f.keys, lp.pubkey(), rng.below(5_000) * ONE_USD + 1)
                    };
                    ("lp", f.send(&[instruction], &[&lp]).await.map(|_| ()))
                }
            };
            let outcome = match &result {
                Ok(()) => format!("{label}: ok"),
                Err(e) => format!("{label}: {}", e.name()),
            };
            *outcomes.entry(outcome.clone()).or_default() += 1;
            log.push(outcome);
            assert!(
                f.vault_invariant_holds().await,
                "seed {seed} step {step}: invariant broken after {log:?}"
            );
            assert_eq!(
                total_tokens(&mut f, &wallets).await,
                initial,
                "seed {seed} step {step}: tokens changed after {log:?}"
            );
        }
    }
    // The sequences must exercise the interesting paths, not only refusals.
    println!("{outcomes:#?}");
    for needed in [
        "open: ok",
        "liquidate: ok",
        "close: ok",
        "reduce: ok",
        "collateral: ok",
        "lp: ok",
        "liquidate: PositionHealthy",
    ] {
        assert!(
            outcomes.contains_key(needed),
            "no '{needed}' in {outcomes:#?}"
        );
    }
}
