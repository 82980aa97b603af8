//! Events from transaction logs (`Program data: <base64>` lines that `emit!` writes).

use anchor_lang::{AnchorDeserialize, Discriminator};
use base64::Engine;
use lever::events::{BatchPositionLiquidated, LiquidationBatch, PositionLiquidated};

/// Every event of type `E` in `logs`, in order.
pub fn decode_all<E: AnchorDeserialize + Discriminator>(logs: &[String]) -> Vec<E> {
    event_payloads(logs)
        .filter_map(|bytes| decode(&bytes))
        .collect()
}

/// Every liquidation record in `logs`, in order: `liquidate`'s `PositionLiquidated`
/// events, and a `liquidate_batch`'s liquidations, each joined from the batch's
/// `LiquidationBatch` header and its `BatchPositionLiquidated` item (the header comes
/// first; its items follow it in the same invocation of the program, so a header does
/// not carry over to the next invocation). As in the TypeScript client, only events
/// the lever program wrote while it was the running program count.
pub fn liquidations(logs: &[String]) -> Vec<PositionLiquidated> {
    let program = lever::ID.to_string();
    let mut records = Vec::new();
    let mut batch: Option<LiquidationBatch> = None;
    let mut running: Vec<&str> = Vec::new();
    for line in logs {
        if let Some(invoked) = invoked_program(line) {
            if invoked == program {
                batch = None;
            }
            running.push(invoked);
            continue;
        }
        if exited(line) {
            running.pop();
            continue;
        }
        if running.last() != Some(&program.as_str()) {
            continue;
        }
        let Some(bytes) = payload(line) else {
            continue;
        };
        if let Some(record) = decode::<PositionLiquidated>(&bytes) {
            records.push(record);
        } else if let Some(header) = decode::<LiquidationBatch>(&bytes) {
            batch = Some(header);
        } else if let Some(item) = decode::<BatchPositionLiquidated>(&bytes) {
            // An item without a header before it cannot be from the program.
            if let Some(header) = &batch {
                records.push(PositionLiquidated::from_batch(header, &item));
            }
        }
    }
    records
}

fn event_payloads(logs: &[String]) -> impl Iterator<Item = Vec<u8>> + '_ {
    logs.iter().filter_map(|line| payload(line))
}

/// The bytes of a `Program data: <base64>` line.
fn payload(line: &str) -> Option<Vec<u8>> {
    let encoded = line.strip_prefix("Program data: ")?;
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
}

/// The program a `Program <id> invoke [n]` line starts.
fn invoked_program(line: &str) -> Option<&str> {
    let (program, depth) = line.strip_prefix("Program ")?.split_once(" invoke [")?;
    depth.ends_with(']').then_some(program)
}

/// Whether `line` ends the running program (`Program <id> success` or `failed: ...`).
fn exited(line: &str) -> bool {
    line.strip_prefix("Program ")
        .and_then(|rest| rest.split_once(' '))
        .is_some_and(|(_, outcome)| outcome == "success" || outcome.starts_with("failed: "))
}

fn decode<E: AnchorDeserialize + Discriminator>(bytes: &[u8]) -> Option<E> {
    E::try_from_slice(bytes.strip_prefix(E::DISCRIMINATOR)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::prelude::Pubkey;
    use anchor_lang::Event;
    use lever::state::Side;

    fn record(seed: u8) -> PositionLiquidated {
        PositionLiquidated {
            market: Pubkey::new_from_array([seed; 32]),
            position: Pubkey::new_from_array([seed + 1; 32]),
            owner: Pubkey::new_from_array([seed + 2; 32]),
            keeper: Pubkey::new_from_array([seed + 3; 32]),
            side: Side::Long,
            partial: true,
            closed_size: u64::from(seed) * 10,
            remaining_size: 5,
            mark_price: u128::from(seed) * 1_000,
            oracle_price: i64::from(seed) * 100,
            oracle_conf: 1,
            oracle_ema_price: 2,
            oracle_expo: -8,
            oracle_publish_time: 3,
            oracle_feed_id: [seed; 32],
            equity_before: -i128::from(seed),
            equity_after: 4,
            penalty: 6,
            keeper_reward: 3,
            insurance_fee: 3,
            bad_debt: 0,
            bad_debt_from_insurance: 0,
            bad_debt_socialized: 0,
            owner_payout: 0,
            bankrupt_keeper_fee: 0,
        }
    }

    fn data(event: &impl Event) -> String {
        format!(
            "Program data: {}",
            base64::engine::general_purpose::STANDARD.encode(event.data())
        )
    }

    #[test]
    fn batch_records_join_within_one_invocation_of_the_program() {
        let (a, c) = (record(10), record(50));
        let invoke = format!("Program {} invoke [1]", lever::ID);
        let success = format!("Program {} success", lever::ID);
        let other = "Tokenkeg".to_string();
        let logs = vec![
            invoke.clone(),
            data(&a.batch_item()), // before any header: not a record
            success.clone(),
            invoke.clone(),
            data(&a.batch_header()),
            format!("Program {other} invoke [2]"),
            data(&c), // another program's log: ignored
            format!("Program {other} success"),
            data(&a.batch_item()),
            success.clone(),
            invoke.clone(),
            data(&c.batch_item()), // a's header does not carry over
            data(&c),              // a liquidate's own record
            success,
            data(&c), // outside any invocation: ignored
        ];
        let records = liquidations(&logs);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].data(), a.data());
        assert_eq!(records[1].data(), c.data());
    }
}
