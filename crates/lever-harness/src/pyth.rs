//! Pyth price accounts of both formats, written straight into the runtime the way the
//! Pyth programs would leave them.

use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountSerialize;
use pyth_sdk_solana::state::{AccountType, PriceStatus, SolanaPriceAccount, MAGIC, VERSION_2};
use pyth_solana_receiver_sdk::price_update::{PriceFeedMessage, PriceUpdateV2, VerificationLevel};
use solana_account::Account;

use crate::runtime::Runtime;

/// One price publication in Pyth's (mantissa, expo) form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceSpec {
    pub price: i64,
    pub conf: u64,
    pub ema_price: i64,
    pub expo: i32,
    pub publish_time: i64,
}

/// How much of a pull update was verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullVerification {
    Full,
    Partial { signatures: u8 },
}

/// The legacy Pyth program on mainnet-beta (owner of legacy price accounts).
pub fn legacy_pyth_program() -> Pubkey {
    lever::constants::LEGACY_PYTH_PROGRAM_IDS[0]
}

const RENT_EXEMPT_LAMPORTS: u64 = 10_000_000_000;

/// Serialized `PriceUpdateV2` as the receiver program stores it.
pub fn pull_account_data(
    feed_id: [u8; 32],
    spec: PriceSpec,
    verification: PullVerification,
    posted_slot: u64,
) -> Vec<u8> {
    let update = PriceUpdateV2 {
        write_authority: Pubkey::new_unique(),
        verification_level: match verification {
            PullVerification::Full => VerificationLevel::Full,
            PullVerification::Partial { signatures } => VerificationLevel::Partial {
                num_signatures: signatures,
            },
        },
        price_message: PriceFeedMessage {
            feed_id,
            price: spec.price,
            conf: spec.conf,
            exponent: spec.expo,
            publish_time: spec.publish_time,
            prev_publish_time: spec.publish_time.saturating_sub(1),
            ema_price: spec.ema_price,
            ema_conf: spec.conf,
        },
        posted_slot,
    };
    let mut data = Vec::with_capacity(PriceUpdateV2::LEN);
    update
        .try_serialize(&mut data)
        .unwrap_or_else(|e| panic!("serialize PriceUpdateV2: {e}"));
    data
}

/// Bytes of a legacy price account (v2, type Price) with the given aggregate.
pub fn legacy_account_data(spec: PriceSpec, status: PriceStatus) -> Vec<u8> {
    let mut account: SolanaPriceAccount = bytemuck::Zeroable::zeroed();
    account.magic = MAGIC;
    account.ver = VERSION_2;
    account.atype = AccountType::Price as u32;
    account.size = u32::try_from(std::mem::size_of::<SolanaPriceAccount>()).unwrap_or(u32::MAX);
    account.expo = spec.expo;
    account.num = 1;
    account.num_qt = 1;
    account.ema_price.val = spec.ema_price;
    account.ema_conf.val = i64::try_from(spec.conf).unwrap_or(i64::MAX);
    account.timestamp = spec.publish_time;
    account.agg.price = spec.price;
    account.agg.conf = spec.conf;
    account.agg.status = status;
    bytemuck::bytes_of(&account).to_vec()
}

impl Runtime {
    /// Writes a pull `PriceUpdateV2` at `address` (owner: the receiver program).
    pub fn set_pull_price(
        &mut self,
        address: Pubkey,
        feed_id: [u8; 32],
        spec: PriceSpec,
        verification: PullVerification,
    ) {
        let data = pull_account_data(feed_id, spec, verification, 1);
        self.set_account(address, owned_account(data, pyth_solana_receiver_sdk::ID));
    }

    /// Writes a `PriceUpdateV2` at `address` as a Pyth push-oracle (sponsored) feed
    /// account: same data, owned by the push oracle program.
    pub fn set_push_price(&mut self, address: Pubkey, feed_id: [u8; 32], spec: PriceSpec) {
        let data = pull_account_data(feed_id, spec, PullVerification::Full, 1);
        self.set_account(
            address,
            owned_account(data, lever::constants::PYTH_PUSH_ORACLE_ID),
        );
    }

    /// Writes a legacy price account at `address` (owner: the legacy Pyth program).
    pub fn set_legacy_price(&mut self, address: Pubkey, spec: PriceSpec, status: PriceStatus) {
        let data = legacy_account_data(spec, status);
        self.set_account(address, owned_account(data, legacy_pyth_program()));
    }
}

/// An account holding `data`, owned by `owner`.
pub fn owned_account(data: Vec<u8>, owner: Pubkey) -> Account {
    Account {
        lamports: RENT_EXEMPT_LAMPORTS,
        data,
        owner,
        executable: false,
        rent_epoch: 0,
    }
}
