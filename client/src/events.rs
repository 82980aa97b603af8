//! Events from transaction logs (`Program data: <base64>` lines that `emit!` writes).

use anchor_lang::{AnchorDeserialize, Discriminator};
use base64::Engine;
use lever::events::PositionLiquidated;

/// Every event of type `E` in `logs`, in order.
pub fn decode_all<E: AnchorDeserialize + Discriminator>(logs: &[String]) -> Vec<E> {
    logs.iter()
        .filter_map(|line| line.strip_prefix("Program data: "))
        .filter_map(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
        })
        .filter_map(|bytes| {
            let body = bytes.strip_prefix(E::DISCRIMINATOR)?;
            E::try_from_slice(body).ok()
        })
        .collect()
}

/// The `PositionLiquidated` events in `logs`.
pub fn liquidations(logs: &[String]) -> Vec<PositionLiquidated> {
    decode_all(logs)
}
