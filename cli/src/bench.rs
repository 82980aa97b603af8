//! `lever bench cu`: compute units of every instruction of the SBF build, measured in
//! the same solana-program-test runtime as the tests with `target/deploy/lever.so`
//! loaded into its SBPF VM, real SPL Token and Pyth accounts of both formats. Each
//! figure is the whole transaction's CU (the program, its token CPIs and the
//! runtime's per-instruction overhead). `liquidate` is measured partial, full and
//! with bad debt. Then every checked-in scenario is played on the SBF build and
//! natively, and the two results must be identical (the lane's linker patch is the
//! reason to check).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use lever::instructions::OpenPositionArgs;
use lever_client::{ix, MarketParams, OracleSource, Side};
use lever_harness::{Engine, Keypair, MarketFixture, MarketSetup, Signer, TxOutcome};
use lever_math::RiskParams;

use crate::scenario;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const USD: u64 = 1_000_000;
const SOL: u64 = 1_000_000_000;

/// One measured instruction.
struct Row {
    name: &'static str,
    compute_units: u64,
    transaction_size: usize,
    accounts: usize,
}

struct Recorder<'a> {
    fixture: &'a mut MarketFixture,
    rows: Vec<Row>,
}

impl Recorder<'_> {
    async fn measure(
        &mut self,
        name: &'static str,
        instruction: Instruction,
        signers: &[&Keypair],
    ) -> BenchResult<TxOutcome> {
        let accounts = instruction.accounts.len();
        let outcome = self
            .fixture
            .send(&[instruction], signers)
            .await
            .map_err(|e| format!("{name} was refused: {e}"))?;
        // LEVER_BENCH_LOGS=1: each measured transaction's log on stderr (with a
        // `cu-trace` build of the program, its compute-unit checkpoints).
        if std::env::var_os("LEVER_BENCH_LOGS").is_some() {
            eprintln!("--- {name}: {} CU", outcome.compute_units);
            for line in &outcome.logs {
                eprintln!("    {line}");
            }
        }
        self.rows.push(Row {
            name,
            compute_units: outcome.compute_units,
            transaction_size: outcome.transaction_size,
            accounts,
        });
        Ok(outcome)
    }

    fn price(&mut self, dollars: i64) {
        let mantissa = dollars * 100_000_000;
        self.fixture.advance_time(30);
        self.fixture.set_price(mantissa, 0, mantissa);
    }

    async fn open(
        &mut self,
        name: &'static str,
        owner: &Keypair,
        id: u64,
        collateral: u64,
        size: u64,
    ) -> BenchResult<()> {
        let args = OpenPositionArgs {
            position_id: id,
            side: Side::Long,
            collateral,
            size,
        };
        let instruction = ix::open_position(&self.fixture.keys, owner.pubkey(), args);
        self.measure(name, instruction, &[owner]).await.map(|_| ())
    }

    async fn liquidate(
        &mut self,
        name: &'static str,
        keeper: &Keypair,
        owner: &Pubkey,
        id: u64,
    ) -> BenchResult<lever_client::health::PositionLiquidated> {
        let instruction = ix::liquidate(&self.fixture.keys, keeper.pubkey(), *owner, id);
        let outcome = self.measure(name, instruction, &[keeper]).await?;
        Ok(lever_client::health::decode_liquidation(
            &outcome.return_data,
        )?)
    }
}

/// A trader with 1 000 USD whose position 1 has the canonical bump 255, so that
/// `open_position`'s PDA search succeeds at its first try and its figure is the same on
/// every run. (Each further try costs 1 500 CU: an owner needs a second try with
/// probability 1/2, a third with 1/4, ...; the budget is set on the first-try figure.)
/// Keypairs come from a fixed sequence of seeds, the `n`-th match is returned.
async fn trader(fixture: &mut MarketFixture, n: u8) -> Keypair {
    let wallet = (0..=u8::MAX)
        .map(|seed| Keypair::new_from_array([seed; 32]))
        .filter(|wallet| {
            let (_, bump) = Pubkey::find_program_address(
                &[
                    lever::constants::POSITION_SEED,
                    fixture.keys.market.as_ref(),
                    wallet.pubkey().as_ref(),
                    &1u64.to_le_bytes(),
                ],
                &lever::ID,
            );
            bump == u8::MAX
        })
        .nth(usize::from(n))
        .unwrap_or_else(Keypair::new);
    fixture.wallet_from(wallet, 1_000 * USD).await
}

fn setup(oracle_source: OracleSource) -> MarketSetup {
    // Fees on, so their code paths are part of the figures.
    let params = MarketParams {
        open_fee_bps: 10,
        close_fee_bps: 10,
        borrow_rate_bps_per_hour: 5,
        ..RiskParams::default().into()
    };
    MarketSetup {
        params,
        oracle_source,
        conf: 0,
        ..MarketSetup::default()
    }
}

/// Runs every instruction once (liquidate three ways) on the SBF build.
async fn measure_instructions(
    engine: &Engine,
) -> BenchResult<(Vec<Row>, BTreeMap<&'static str, usize>)> {
    let mut fixture = MarketFixture::try_new_on(setup(OracleSource::PythPull), engine).await?;
    let mut rows: Vec<Row> = fixture
        .setup_log
        .iter()
        .map(|(name, outcome)| Row {
            name,
            compute_units: outcome.compute_units,
            transaction_size: outcome.transaction_size,
            accounts: 0,
        })
        .collect();
    rows[0].accounts = ix::initialize_config(Pubkey::default()).accounts.len();
    rows[1].accounts = ix::create_market(Pubkey::default(), &fixture.keys, fixture.create_args())
        .accounts
        .len();

    let admin = fixture.admin.insecure_clone();
    let lp = fixture.wallet(200_000 * USD).await;
    let keeper = fixture.wallet(0).await;
    let alice = trader(&mut fixture, 1).await;
    let bob = trader(&mut fixture, 2).await;
    let dave = trader(&mut fixture, 3).await;
    let successor = fixture.runtime.new_wallet(1_000_000_000).await;
    let keys = fixture.keys;
    let params = fixture.setup.params;

    let mut r = Recorder {
        fixture: &mut fixture,
        rows: Vec::new(),
    };
    r.measure(
        "propose_admin",
        ix::propose_admin(admin.pubkey(), successor.pubkey()),
        &[&admin],
    )
    .await?;
    r.measure(
        "accept_admin",
        ix::accept_admin(successor.pubkey()),
        &[&successor],
    )
    .await?;
    r.measure(
        "set_pause_flags",
        ix::set_pause_flags(successor.pubkey(), 0),
        &[&successor],
    )
    .await?;
    r.measure(
        "update_market_params",
        ix::update_market_params(successor.pubkey(), &keys, params),
        &[&successor],
    )
    .await?;
    r.measure(
        "lp_deposit",
        ix::lp_deposit(&keys, lp.pubkey(), 100_000 * USD),
        &[&lp],
    )
    .await?;
    r.open("open_position", &alice, 1, 200 * USD, 10 * SOL)
        .await?;
    r.measure(
        "deposit_collateral",
        ix::deposit_collateral(&keys, alice.pubkey(), 1, 10 * USD),
        &[&alice],
    )
    .await?;
    r.measure(
        "withdraw_collateral",
        ix::withdraw_collateral(&keys, alice.pubkey(), 1, 10 * USD),
        &[&alice],
    )
    .await?;
    r.price(155);
    r.measure(
        "reduce_position",
        ix::reduce_position(&keys, alice.pubkey(), 1, 2 * SOL),
        &[&alice],
    )
    .await?;
    r.measure(
        "close_position",
        ix::close_position(&keys, alice.pubkey(), 1),
        &[&alice],
    )
    .await?;

    // Liquidations: partial at 137, the remainder in full at 130, bad debt at 125.
    r.price(150);
    r.open("open_position", &bob, 1, 153 * USD, 10 * SOL)
        .await?;
    r.open("open_position", &dave, 1, 153 * USD, 10 * SOL)
        .await?;
    r.price(137);
    let health = r
        .fixture
        .runtime
        .simulate(&[ix::position_health(&keys, bob.pubkey(), 1)])
        .await?;
    if std::env::var_os("LEVER_BENCH_LOGS").is_some() {
        eprintln!("--- position_health: {} CU", health.compute_units);
        for line in &health.logs {
            eprintln!("    {line}");
        }
    }
    r.rows.push(Row {
        name: "position_health",
        compute_units: health.compute_units,
        transaction_size: health.transaction_size,
        accounts: 3,
    });
    let partial = r
        .liquidate("liquidate (partial)", &keeper, &bob.pubkey(), 1)
        .await?;
    r.price(130);
    let full = r
        .liquidate("liquidate (full)", &keeper, &bob.pubkey(), 1)
        .await?;
    r.price(125);
    let bad_debt = r
        .liquidate("liquidate (bad debt)", &keeper, &dave.pubkey(), 1)
        .await?;
    if !partial.partial || full.partial || full.bad_debt > 0 || bad_debt.bad_debt == 0 {
        return Err(format!(
            "the liquidation cases were not as intended: {partial:?} {full:?} {bad_debt:?}"
        )
        .into());
    }
    r.measure(
        "lp_withdraw",
        ix::lp_withdraw(&keys, lp.pubkey(), 1_000 * USD),
        &[&lp],
    )
    .await?;
    r.measure(
        "recapitalize_pool",
        ix::recapitalize_pool(&keys, lp.pubkey(), 1_000 * USD),
        &[&lp],
    )
    .await?;
    r.fixture.donate(&lp, USD).await?;
    r.measure(
        "sweep_surplus",
        ix::sweep_surplus(&keys, keeper.pubkey()),
        &[&keeper],
    )
    .await?;
    let treasury = lever_client::pda::associated_token(&successor.pubkey(), &keys.collateral_mint);
    r.fixture.fund(&successor.pubkey(), 0).await;
    let fees = r.fixture.market().await.fees_collected;
    r.measure(
        "withdraw_fees",
        ix::withdraw_fees(&keys, successor.pubkey(), treasury, fees),
        &[&successor],
    )
    .await?;
    let mut rows_all = std::mem::take(&mut r.rows);
    rows.append(&mut rows_all);

    let mut sizes = BTreeMap::new();
    for (name, address) in [
        ("Config", lever_client::pda::config()),
        ("Market", keys.market),
        ("Vault (token account)", keys.vault),
        ("LP mint", keys.lp_mint),
    ] {
        let length = fixture
            .runtime
            .account(address)
            .await
            .map(|a| a.data.len())
            .unwrap_or(0);
        sizes.insert(name, length);
    }
    let open_position = fixture.position_address(&dave.pubkey(), 1);
    let position_len = match fixture.runtime.account(open_position).await {
        Some(account) => account.data.len(),
        None => lever::state::Position::SIZE,
    };
    sizes.insert("Position", position_len);

    // The legacy oracle path.
    let mut legacy = MarketFixture::try_new_on(setup(OracleSource::PythLegacy), engine).await?;
    let lp = legacy.wallet(100_000 * USD).await;
    let erin = trader(&mut legacy, 4).await;
    let keeper = legacy.wallet(0).await;
    let keys = legacy.keys;
    legacy
        .send(&[ix::lp_deposit(&keys, lp.pubkey(), 100_000 * USD)], &[&lp])
        .await?;
    let mut r = Recorder {
        fixture: &mut legacy,
        rows: Vec::new(),
    };
    r.open(
        "open_position (legacy oracle)",
        &erin,
        1,
        153 * USD,
        10 * SOL,
    )
    .await?;
    r.price(137);
    let record = r
        .liquidate(
            "liquidate (partial, legacy oracle)",
            &keeper,
            &erin.pubkey(),
            1,
        )
        .await?;
    if !record.partial {
        return Err(format!("the legacy liquidation was not partial: {record:?}").into());
    }
    rows.append(&mut r.rows);
    rows.append(&mut measure_batches(engine).await?);
    Ok((rows, sizes))
}

/// `liquidate_batch` of 1 and of 24 (the most) partial liquidations (the keeper's CU
/// limit for n positions is the line through the two), then the first one's remainder
/// in full, whose payout is claimed.
async fn measure_batches(engine: &Engine) -> BenchResult<Vec<Row>> {
    let mut fixture = MarketFixture::try_new_on(setup(OracleSource::PythPull), engine).await?;
    let lp = fixture.wallet(100_000 * USD).await;
    let keeper = fixture.wallet(0).await;
    let keys = fixture.keys;
    fixture
        .send(&[ix::lp_deposit(&keys, lp.pubkey(), 100_000 * USD)], &[&lp])
        .await?;
    let mut owners = Vec::new();
    const MOST: usize = lever::instructions::MAX_BATCH_POSITIONS;
    for _ in 0..=MOST {
        owners.push(fixture.wallet(1_000 * USD).await);
    }
    let mut r = Recorder {
        fixture: &mut fixture,
        rows: Vec::new(),
    };
    for owner in &owners {
        r.open("open_position (batch setup)", owner, 1, 153 * USD, 10 * SOL)
            .await?;
    }
    r.rows.clear();
    r.price(137);
    let ids: Vec<(Pubkey, u64)> = owners.iter().map(|o| (o.pubkey(), 1)).collect();
    let single = ix::liquidate_batch(&keys, keeper.pubkey(), &ids[..1]);
    let outcome = r
        .measure("liquidate_batch (1 partial)", single, &[&keeper])
        .await?;
    expect_partial(&outcome, 1)?;
    let most = ix::liquidate_batch(&keys, keeper.pubkey(), &ids[1..=MOST]);
    let outcome = r
        .measure(lever_ops::rpc::MOST_BATCH_BUDGET, most, &[&keeper])
        .await?;
    expect_partial(&outcome, MOST)?;
    // What the first partial left, in full at 130 (the `liquidate (full)` case).
    r.price(130);
    let full = ix::liquidate_batch(&keys, keeper.pubkey(), &ids[..1]);
    let outcome = r
        .measure("liquidate_batch (1 full)", full, &[&keeper])
        .await?;
    let records = lever_client::events::liquidations(&outcome.logs);
    if records.len() != 1 || records[0].partial {
        return Err(format!("the full batch liquidation was not as intended: {records:?}").into());
    }
    let owner = ids[0].0;
    r.measure("claim_payout", ix::claim_payout(&keys, owner, 1), &[])
        .await?;
    Ok(std::mem::take(&mut r.rows))
}

fn expect_partial(outcome: &TxOutcome, positions: usize) -> BenchResult<()> {
    let result = lever_client::health::decode_batch(&outcome.return_data)?;
    let records = lever_client::events::liquidations(&outcome.logs);
    if result.statuses != vec![0; positions]
        || records.len() != positions
        || records.iter().any(|record| !record.partial)
    {
        return Err(
            format!("the batch was not {positions} partial liquidations: {result:?}").into(),
        );
    }
    Ok(())
}

/// Plays every checked-in scenario natively and on the SBF build.
async fn cross_check(out: &mut impl Write, so: &Path) -> BenchResult<bool> {
    let dir = Path::new("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.to_string_lossy().ends_with(".expected.json")
        })
        .collect();
    files.sort();
    let mut all_match = true;
    writeln!(
        out,
        "\nCross-check: each scenario on the SBF build against the native program"
    )?;
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        let native = scenario::run(&text, &Engine::Native)
            .await
            .map_err(|e| e.to_string())?;
        let sbf = scenario::run(&text, &Engine::Sbf(so.to_path_buf()))
            .await
            .map_err(|e| e.to_string())?;
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if native == sbf {
            writeln!(
                out,
                "  {name:<42} identical ({} bytes of result)",
                native.len()
            )?;
        } else {
            all_match = false;
            let first = native
                .lines()
                .zip(sbf.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            writeln!(out, "  {name:<42} DIFFERENT at result line {}", first + 1)?;
            writeln!(
                out,
                "      native: {}",
                native.lines().nth(first).unwrap_or("")
            )?;
            writeln!(
                out,
                "      sbf:    {}",
                sbf.lines().nth(first).unwrap_or("")
            )?;
        }
    }
    writeln!(
        out,
        "  {} scenarios, {}",
        files.len(),
        if all_match {
            "all identical"
        } else {
            "SOME DIFFER"
        }
    )?;
    Ok(all_match)
}

pub async fn run(
    out: &mut impl Write,
    so: &Path,
    budget_path: &Path,
    write: Option<&Path>,
    native: bool,
) -> BenchResult<bool> {
    if !native && !so.exists() {
        return Err(format!(
            "{} not found: build it with `anchor build` (Solana's platform-tools) or sbf/lane.sh build (see sbf/README.md)",
            so.display()
        )
        .into());
    }
    let budget: BTreeMap<String, u64> =
        serde_json::from_str(&std::fs::read_to_string(budget_path)?)?;
    let engine = if native {
        Engine::Native
    } else {
        Engine::Sbf(so.to_path_buf())
    };
    let (rows, sizes) = measure_instructions(&engine).await?;

    let mut table = String::new();
    table.push_str("| instruction | CU | budget | tx bytes | accounts |\n| --- | ---: | ---: | ---: | ---: |\n");
    let mut within_budget = true;
    let mut seen = std::collections::BTreeSet::new();
    for row in &rows {
        if !seen.insert(row.name) {
            continue;
        }
        let ceiling = budget.get(row.name).copied();
        let mark = match ceiling {
            Some(c) if row.compute_units <= c => String::new(),
            Some(_) => {
                within_budget = false;
                " OVER BUDGET".to_string()
            }
            None => {
                within_budget = false;
                " NO BUDGET".to_string()
            }
        };
        table.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |{mark}\n",
            row.name,
            row.compute_units,
            ceiling.map_or("-".to_string(), |c| c.to_string()),
            row.transaction_size,
            row.accounts
        ));
    }
    let mut accounts = String::from("| account | bytes |\n| --- | ---: |\n");
    for (name, size) in &sizes {
        accounts.push_str(&format!("| {name} | {size} |\n"));
    }
    if native {
        writeln!(out, "NATIVE RUN: these figures count only the SPL Token program's CU, not lever's; they check the bench's flows.\n")?;
    } else {
        writeln!(
            out,
            "Compute units on {} (whole transaction, one instruction each):\n",
            so.display()
        )?;
    }
    write!(out, "{table}")?;
    writeln!(out, "\nAccount sizes:\n")?;
    write!(out, "{accounts}")?;
    if let Some(path) = write {
        std::fs::write(path, format!("{table}\n{accounts}"))?;
    }
    let identical = if native {
        true
    } else {
        cross_check(out, so).await?
    };
    let ok = within_budget && identical;
    let verdict = match (native, ok) {
        (true, true) => "bench: flows ran on the native program, every instruction has a ceiling (no SBF figures)",
        (false, true) => "bench: every instruction within budget; SBF and native agree",
        (_, false) => "bench: FAILED (see above)",
    };
    writeln!(out, "\n{verdict}")?;
    Ok(ok)
}
