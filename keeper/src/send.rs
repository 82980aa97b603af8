//! What the keeper sends: the liquidations (one `liquidate`, or a `liquidate_batch`),
//! each simulated first; its own collateral account, once; the owners' payout claims.
//! The liquidations take the chain by shared reference, so several batches of one
//! market can be in flight at once (`--max-in-flight`).

use std::collections::HashMap;

use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::get_associated_token_address;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anchor_spl::token::spl_token;
use lever_client::Instruction;
use lever_ops::book::MarketState;
use lever_ops::chain::Chain;
use lever_ops::rpc::RpcChain;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::decide::{batch_outcome, classify, Candidate, Outcome};
use crate::pass::{Accounts, Options, Stats};

/// Sends `claim_payout` for every payout the market's batch liquidations left, to
/// each owner's associated token account (the owner's money; the keeper pays the fee).
pub async fn claim_payouts(
    chain: &mut RpcChain,
    keeper: &Keypair,
    state: &MarketState,
    stats: &mut Stats,
) {
    let payouts = match chain.payouts(&state.address).await {
        Ok(payouts) => payouts,
        Err(e) => {
            tracing::warn!(market = state.market.index, error = %e, "payouts unreadable");
            stats.fail("read_payouts".into());
            return;
        }
    };
    let keys = market_keys(state);
    for (address, data) in payouts {
        let Ok(payout) = lever_client::decode::liquidation_payout(&data) else {
            stats.fail("decode_payout".into());
            continue;
        };
        let claim = lever_client::ix::claim_payout(&keys, payout.owner, payout.position_id);
        let started = std::time::Instant::now();
        let sent = chain.send(&[claim], &[keeper]).await;
        stats.time("claim", started.elapsed());
        let outcome = match sent {
            Ok(()) => {
                stats.payouts_claimed += 1;
                "claimed".to_string()
            }
            // Claimed by someone else meanwhile: nothing to count.
            Err(e) => match classify(&e) {
                Outcome::LostRace(name) => format!("lost_race {name}"),
                other => {
                    let name = match other {
                        Outcome::Failed(name) => name,
                        other => format!("{other:?}"),
                    };
                    stats.fail(format!("claim_payout: {name}"));
                    format!("failed {name}")
                }
            },
        };
        tracing::info!(
            market = state.market.index,
            payout = %address,
            owner = %payout.owner,
            amount = payout.amount,
            outcome,
            "payout claim"
        );
    }
}

fn market_keys(state: &MarketState) -> lever_client::MarketKeys {
    lever_client::MarketKeys::derive(
        state.market.index,
        state.market.collateral_mint,
        state.oracle,
    )
}

/// The keeper's collateral account, created once if missing (read once per mint:
/// found, or created, it is known to exist). It is created in a transaction of its
/// own: its instruction takes about 106 transaction bytes (three more account keys),
/// which a full batch has no room for. A dry run sends nothing: it gets the creation
/// back, to simulate with the liquidation, in smaller batches
/// ([`positions_per_transaction`]).
pub async fn keeper_account(
    chain: &mut RpcChain,
    keeper: &Keypair,
    mint: &Pubkey,
    accounts: &mut Accounts,
    dry_run: bool,
) -> Result<Vec<Instruction>, Outcome> {
    let collateral = get_associated_token_address(&keeper.pubkey(), mint);
    if accounts.known.contains(&collateral) {
        return Ok(Vec::new());
    }
    if chain
        .account_data(&collateral)
        .await
        .map_err(|e| classify(&e))?
        .is_some()
    {
        accounts.known.insert(collateral);
        return Ok(Vec::new());
    }
    let create = vec![create_associated_token_account_idempotent(
        &keeper.pubkey(),
        &keeper.pubkey(),
        mint,
        &spl_token::ID,
    )];
    if dry_run {
        return Ok(create);
    }
    chain
        .send(&create, &[keeper])
        .await
        .map_err(|e| classify(&e))?;
    accounts.known.insert(collateral);
    Ok(Vec::new())
}

/// The positions of one transaction: `--batch-size`, less the four positions' worth of
/// bytes (4 x 33) that `setup` (a dry run's account creation) takes in the transaction.
pub fn positions_per_transaction(batch_size: usize, setup: &[Instruction]) -> usize {
    const ROOM_FOR_SETUP: usize = lever::instructions::MAX_BATCH_POSITIONS - 4;
    if setup.is_empty() {
        batch_size.max(1)
    } else {
        batch_size.clamp(1, ROOM_FOR_SETUP)
    }
}

/// One transaction's candidates: a `liquidate_batch`, or with `--batch-size 1` one
/// `liquidate`. One outcome per candidate, in order.
pub async fn liquidate(
    chain: &RpcChain,
    keeper: &Keypair,
    state: &MarketState,
    chunk: &[Candidate],
    options: &Options,
    setup: &[Instruction],
) -> Vec<Outcome> {
    if options.batch_size > 1 {
        return liquidate_batch(chain, keeper, state, chunk, options, setup).await;
    }
    let mut outcomes = Vec::with_capacity(chunk.len());
    for candidate in chunk {
        outcomes.push(liquidate_one(chain, keeper, state, candidate, options, setup).await);
    }
    outcomes
}

/// One `liquidate`: simulated (its return data says the reward), skipped below the
/// minimum, then sent and confirmed.
async fn liquidate_one(
    chain: &RpcChain,
    keeper: &Keypair,
    state: &MarketState,
    candidate: &Candidate,
    options: &Options,
    setup: &[Instruction],
) -> Outcome {
    let keys = market_keys(state);
    let mut instructions = setup.to_vec();
    instructions.push(lever_client::ix::liquidate(
        &keys,
        keeper.pubkey(),
        candidate.owner,
        candidate.position_id,
    ));
    let simulated = match chain.simulate(&instructions, &[keeper]).await {
        Ok(simulated) => simulated,
        Err(e) => return classify(&e),
    };
    let reward = match lever_client::health::decode_liquidation(&simulated.return_data) {
        Ok(record) => record
            .keeper_reward
            .saturating_add(record.bankrupt_keeper_fee),
        Err(e) => return Outcome::Failed(format!("return data: {e}")),
    };
    let decimals = state.market.collateral_decimals;
    let worth = options
        .min_reward
        .worth(&[reward], simulated.fee_lamports, decimals);
    if worth != [true] {
        return Outcome::Unprofitable { reward };
    }
    if options.dry_run {
        return Outcome::WouldLiquidate { reward };
    }
    match chain.send_confirmed(&instructions, &[keeper]).await {
        Ok(_) => Outcome::Liquidated { reward },
        Err(e) => classify(&e),
    }
}

/// `chunk` in one `liquidate_batch`: simulated first, whose per-position statuses and
/// rewards decide what is sent (lost races and unprofitable positions are left out),
/// then sent once, and each position counted by what landed (the confirmed
/// transaction's return data). One outcome per candidate, in order.
async fn liquidate_batch(
    chain: &RpcChain,
    keeper: &Keypair,
    state: &MarketState,
    chunk: &[Candidate],
    options: &Options,
    setup: &[Instruction],
) -> Vec<Outcome> {
    let everyone = |outcome: Outcome| vec![outcome; chunk.len()];
    let keys = market_keys(state);
    let batch = |positions: &[(Pubkey, u64)]| {
        let mut instructions = setup.to_vec();
        instructions.push(lever_client::ix::liquidate_batch(
            &keys,
            keeper.pubkey(),
            positions,
        ));
        instructions
    };
    let positions: Vec<(Pubkey, u64)> = chunk.iter().map(|c| (c.owner, c.position_id)).collect();
    let simulated = match chain.simulate(&batch(&positions), &[keeper]).await {
        Ok(simulated) => simulated,
        Err(e) => return everyone(classify(&e)),
    };
    let simulated_batch = match lever_client::health::decode_batch(&simulated.return_data) {
        Ok(batch) if batch.statuses.len() == chunk.len() => batch,
        Ok(_) => return everyone(Outcome::Failed("return data: wrong length".into())),
        Err(e) => return everyone(Outcome::Failed(format!("return data: {e}"))),
    };
    // Each liquidation's reward, from its event in the simulation's log.
    let rewards: HashMap<Pubkey, u64> = lever_client::events::liquidations(&simulated.logs)
        .iter()
        .map(|record| {
            let paid = record
                .keeper_reward
                .saturating_add(record.bankrupt_keeper_fee);
            (record.position, paid)
        })
        .collect();
    let reward_of = |i: usize| rewards.get(&chunk[i].address).copied().unwrap_or(0);
    // Whether each position is worth sending: by itself, or by what the transaction's
    // positions pay together against its fee. A skipped one pays nothing (and its
    // verdict is its refusal, whatever `worth` says).
    let paid: Vec<u64> = simulated_batch
        .statuses
        .iter()
        .enumerate()
        .map(|(i, status)| if *status == 0 { reward_of(i) } else { 0 })
        .collect();
    let worth = options.min_reward.worth(
        &paid,
        simulated.fee_lamports,
        state.market.collateral_decimals,
    );
    let mut outcomes: Vec<Outcome> = simulated_batch
        .statuses
        .iter()
        .enumerate()
        .map(|(i, status)| batch_outcome(u32::from(*status), reward_of(i), worth[i]))
        .collect();
    let chosen: Vec<usize> = (0..chunk.len())
        .filter(|i| matches!(outcomes[*i], Outcome::Liquidated { .. }))
        .collect();
    if chosen.is_empty() {
        return outcomes;
    }
    if options.dry_run {
        for i in &chosen {
            if let Outcome::Liquidated { reward } = outcomes[*i] {
                outcomes[*i] = Outcome::WouldLiquidate { reward };
            }
        }
        return outcomes;
    }
    let sent: Vec<(Pubkey, u64)> = chosen.iter().map(|i| positions[*i]).collect();
    match chain.send_returning(&batch(&sent), &[keeper]).await {
        Ok(return_data) => {
            // What landed, position by position: another keeper may have taken some
            // between the simulation and the send (the batch skips them). Rewards are
            // the simulated ones (the landed total differs by seconds of borrow fees).
            match lever_client::health::decode_batch(&return_data) {
                Ok(landed) if landed.statuses.len() == chosen.len() => {
                    for (i, status) in chosen.iter().zip(&landed.statuses) {
                        outcomes[*i] = batch_outcome(u32::from(*status), reward_of(*i), true);
                    }
                }
                _ => {
                    for i in &chosen {
                        outcomes[*i] = Outcome::Failed("landed return data unreadable".into());
                    }
                }
            }
        }
        Err(e) => {
            let failed = classify(&e);
            for i in &chosen {
                outcomes[*i] = failed.clone();
            }
        }
    }
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dry_runs_account_creation_takes_four_positions_room() {
        let create = create_associated_token_account_idempotent(
            &Pubkey::new_unique(),
            &Pubkey::new_unique(),
            &Pubkey::new_unique(),
            &spl_token::ID,
        );
        assert_eq!(positions_per_transaction(24, &[]), 24);
        assert_eq!(
            positions_per_transaction(24, std::slice::from_ref(&create)),
            20
        );
        assert_eq!(positions_per_transaction(5, &[create]), 5);
        assert_eq!(positions_per_transaction(0, &[]), 1);
    }
}
