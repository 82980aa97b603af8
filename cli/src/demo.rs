//! `lever demo`: one market on an in-process Solana runtime. An LP funds the pool,
//! five traders open longs and shorts at different leverage, the price falls in steps
//! (with one gap the EMA band softens), and after each step a keeper liquidates every
//! position the program reports as liquidatable. Each step prints the positions'
//! health as the program computes it (`position_health`), what was liquidated, and the
//! market's buckets with the vault invariant.

use std::io::Write;

use anchor_lang::prelude::Pubkey;
use lever::instructions::OpenPositionArgs;
use lever_client::health::{PositionHealth, PositionLiquidated};
use lever_client::{ix, Side};
use lever_harness::{Keypair, MarketFixture, MarketSetup, Signer};
use lever_math::RiskParams;

type DemoResult = Result<(), Box<dyn std::error::Error>>;

const USD: u64 = 1_000_000;
const SOL: u64 = 1_000_000_000;
const POOL: u64 = 100_000 * USD;

/// (name, side, size in SOL hundredths, collateral in cents)
const TRADERS: [(&str, Side, u64, u64); 5] = [
    ("alice", Side::Long, 1_000, 15_200),
    ("bob", Side::Long, 1_000, 21_500),
    ("carol", Side::Long, 500, 18_750),
    ("dave", Side::Short, 800, 13_500),
    ("erin", Side::Short, 600, 30_000),
];

/// Spot and EMA per step, in dollars. The EMA trails spot; the 118 step is a gap the
/// 5 % EMA band clamps for a step.
const PATH: [(u64, u64); 9] = [
    (147, 149),
    (144, 146),
    (141, 143),
    (138, 140),
    (135, 137),
    (131, 134),
    (127, 130),
    (118, 126),
    (112, 118),
];

struct Trader {
    name: &'static str,
    wallet: Keypair,
    side: Side,
}

fn dollars(value: u64) -> i64 {
    i64::try_from(value * 100_000_000).unwrap_or(i64::MAX)
}

/// Collateral atoms as dollars with cents.
fn usd(atoms: i128) -> String {
    let sign = if atoms < 0 { "-" } else { "" };
    let abs = atoms.unsigned_abs();
    let whole = abs / u128::from(USD);
    let cents = (abs % u128::from(USD)) / 10_000;
    let mut grouped = String::new();
    for (i, c) in whole.to_string().chars().rev().enumerate() {
        if i > 0 && i % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let grouped: String = grouped.chars().rev().collect();
    format!("{sign}{grouped}.{cents:02}")
}

/// Base atoms as SOL with 4 decimals.
fn sol(atoms: u64) -> String {
    format!("{}.{:04}", atoms / SOL, (atoms % SOL) / 100_000)
}

/// Internal price (atoms per base atom, 1e12) as dollars per SOL.
fn price(raw: u128) -> String {
    // dollars = raw * 1e9 / 1e12 / 1e6 = raw / 1e9
    format!(
        "{}.{:02}",
        raw / 1_000_000_000,
        (raw % 1_000_000_000) / 10_000_000
    )
}

/// Basis points as a signed percentage with two decimals.
fn percent(bps: i64) -> String {
    let sign = if bps < 0 { "-" } else { "" };
    let abs = bps.unsigned_abs();
    format!("{sign}{}.{:02}%", abs / 100, abs % 100)
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Long => "long",
        Side::Short => "short",
    }
}

pub async fn run(out: &mut impl Write) -> DemoResult {
    let params = RiskParams::default();
    let setup = MarketSetup {
        params: params.into(),
        ..MarketSetup::default()
    };
    let mut f = MarketFixture::new(setup).await;
    f.set_price(dollars(150), 0, dollars(150));

    writeln!(
        out,
        "lever demo: SOL/USD market on an in-process Solana runtime"
    )?;
    writeln!(
        out,
        "  (the lever program run natively, the real SPL Token program, a Pyth pull price feed)"
    )?;
    writeln!(
        out,
        "  imr {}% (max {}x), mmr {}%, penalty {}% (keeper {}%), target mmr+{}%, EMA band {}%",
        params.imr_bps / 100,
        10_000 / params.imr_bps,
        params.mmr_bps / 100,
        params.liquidation_penalty_bps / 100,
        params.keeper_share_bps / 100,
        params.liquidation_buffer_bps / 100,
        params.ema_band_bps / 100
    )?;

    let lp = f.wallet(POOL).await;
    f.send(&[ix::lp_deposit(&f.keys, lp.pubkey(), POOL)], &[&lp])
        .await?;
    writeln!(
        out,
        "\nLP deposits {} USDC into the pool.",
        usd(i128::from(POOL))
    )?;

    let keeper = f.wallet(0).await;
    let mut traders = Vec::new();
    writeln!(out, "\nPositions opened at $150.00:")?;
    for (name, side, hundredths, cents) in TRADERS {
        let wallet = f.wallet(1_000 * USD).await;
        let size = hundredths * SOL / 100;
        let collateral = cents * USD / 100;
        let args = OpenPositionArgs {
            position_id: 0,
            side,
            collateral,
            size,
        };
        f.send(
            &[ix::open_position(&f.keys, wallet.pubkey(), args)],
            &[&wallet],
        )
        .await?;
        let leverage_tenths = size / 1_000 * 150 * 10 / collateral;
        writeln!(
            out,
            "  {name:<6} {:<5} {:>8} SOL  collateral {:>8}  leverage {}.{}x",
            side_name(side),
            sol(size),
            usd(i128::from(collateral)),
            leverage_tenths / 10,
            leverage_tenths % 10
        )?;
        traders.push(Trader { name, wallet, side });
    }

    for (step, (spot, ema)) in PATH.iter().enumerate() {
        f.advance_time(30);
        f.set_price(dollars(*spot), 0, dollars(*ema));
        writeln!(
            out,
            "\n== step {}: spot ${spot}.00, EMA ${ema}.00 ==",
            step + 1
        )?;
        print_health(out, &mut f, &traders).await?;
        let liquidations = keeper_pass(&mut f, &keeper, &traders).await?;
        if liquidations.is_empty() {
            writeln!(out, "  keeper: nothing to liquidate")?;
        }
        for (name, record) in &liquidations {
            print_liquidation(out, name, record)?;
        }
        print_market(out, &mut f, &keeper).await?;
    }
    writeln!(out, "\nDone: every liquidation above was executed by the program; the vault matched the buckets after each step.")?;
    Ok(())
}

async fn health_of(f: &mut MarketFixture, owner: &Pubkey) -> Option<PositionHealth> {
    f.position(owner, 0).await?;
    let outcome = f
        .runtime
        .simulate(&[ix::position_health(&f.keys, *owner, 0)])
        .await
        .ok()?;
    lever_client::health::decode_return(&outcome.return_data).ok()
}

async fn print_health(
    out: &mut impl Write,
    f: &mut MarketFixture,
    traders: &[Trader],
) -> DemoResult {
    writeln!(
        out,
        "  {:<6} {:<5} {:>9} {:>10} {:>10} {:>9} {:>7} {:>9} {:>8}  status",
        "owner", "side", "size SOL", "collateral", "equity", "maint.", "ratio", "liq. px", "mark"
    )?;
    for trader in traders {
        let owner = trader.wallet.pubkey();
        let Some(position) = f.position(&owner, 0).await else {
            writeln!(
                out,
                "  {:<6} {:<5} closed",
                trader.name,
                side_name(trader.side)
            )?;
            continue;
        };
        let Some(health) = health_of(f, &owner).await else {
            writeln!(out, "  {:<6} health unavailable", trader.name)?;
            continue;
        };
        let ratio = percent(health.margin_ratio_bps);
        let status = if health.liquidatable {
            if health.liquidation_is_partial {
                "LIQUIDATABLE (partial)"
            } else {
                "LIQUIDATABLE (full)"
            }
        } else {
            "ok"
        };
        writeln!(
            out,
            "  {:<6} {:<5} {:>9} {:>10} {:>10} {:>9} {:>7} {:>9} {:>8}  {status}",
            trader.name,
            side_name(trader.side),
            sol(position.size),
            usd(i128::from(position.collateral)),
            usd(health.equity),
            usd(i128::try_from(health.maintenance_requirement).unwrap_or(i128::MAX)),
            ratio,
            if health.liquidation_price == 0 {
                "-".to_string()
            } else {
                price(health.liquidation_price)
            },
            price(health.mark_price),
        )?;
    }
    Ok(())
}

/// Liquidates every position the program reports as liquidatable.
async fn keeper_pass(
    f: &mut MarketFixture,
    keeper: &Keypair,
    traders: &[Trader],
) -> Result<Vec<(&'static str, PositionLiquidated)>, Box<dyn std::error::Error>> {
    let mut done = Vec::new();
    for trader in traders {
        let owner = trader.wallet.pubkey();
        let Some(health) = health_of(f, &owner).await else {
            continue;
        };
        if !health.liquidatable {
            continue;
        }
        let outcome = f
            .send(
                &[ix::liquidate(&f.keys, keeper.pubkey(), owner, 0)],
                &[keeper],
            )
            .await?;
        done.push((
            trader.name,
            lever_client::health::decode_liquidation(&outcome.return_data)?,
        ));
    }
    Ok(done)
}

fn print_liquidation(out: &mut impl Write, name: &str, r: &PositionLiquidated) -> DemoResult {
    let kind = if r.partial { "partial" } else { "full" };
    write!(
        out,
        "  keeper liquidated {name} ({kind}): closed {} SOL at mark ${}, equity {} -> {}, penalty {} = keeper {} + insurance {}",
        sol(r.closed_size),
        price(r.mark_price),
        usd(r.equity_before),
        usd(r.equity_after),
        usd(i128::from(r.penalty)),
        usd(i128::from(r.keeper_reward)),
        usd(i128::from(r.insurance_fee)),
    )?;
    if r.owner_payout > 0 {
        write!(out, ", owner paid {}", usd(i128::from(r.owner_payout)))?;
    }
    if r.bad_debt > 0 {
        write!(
            out,
            ", BAD DEBT {} (insurance {}, socialized {})",
            usd(i128::from(r.bad_debt)),
            usd(i128::from(r.bad_debt_from_insurance)),
            usd(i128::from(r.bad_debt_socialized))
        )?;
    }
    writeln!(out)?;
    Ok(())
}

async fn print_market(out: &mut impl Write, f: &mut MarketFixture, keeper: &Keypair) -> DemoResult {
    let market = f.market().await;
    let vault = f.vault_balance().await;
    let keeper_balance = f.collateral_balance(&keeper.pubkey()).await;
    let invariant = if f.vault_invariant_holds().await {
        "= buckets"
    } else {
        "!= buckets (BROKEN)"
    };
    writeln!(
        out,
        "  pool {} | insurance {} | trader collateral {} | fees {} | keeper earned {} | vault {} {invariant}",
        usd(i128::from(market.pool_liquidity)),
        usd(i128::from(market.insurance_fund)),
        usd(i128::from(market.collateral_total)),
        usd(i128::from(market.fees_collected)),
        usd(i128::from(keeper_balance)),
        usd(i128::from(vault)),
    )?;
    if market.bad_debt_insured_total > 0 || market.bad_debt_socialized_total > 0 {
        writeln!(
            out,
            "  bad debt so far: {} paid by insurance, {} socialized to the pool",
            usd(i128::from(market.bad_debt_insured_total)),
            usd(i128::from(market.bad_debt_socialized_total))
        )?;
    }
    Ok(())
}
