//! `Publish`: validate the accounts, create the feed's account on first use, write the
//! price in the format of the program this runs as.

use anchor_lang::prelude::{AccountInfo, Clock, Pubkey, Rent, SolanaSysvar};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::solana_program::program::invoke_signed;
use anchor_lang::solana_program::{system_instruction, system_program};
use anchor_lang::AccountSerialize;
use pyth_sdk_solana::state::{AccountType, PriceStatus, PriceType, SolanaPriceAccount};
use pyth_solana_receiver_sdk::price_update::{PriceFeedMessage, PriceUpdateV2, VerificationLevel};

use crate::error::PublisherError;
use crate::instruction::{is_legacy, price_account_seeds, Publish};

/// `PriceUpdateV2` bytes: discriminator (8), write_authority (32), verification level
/// (1 for `Full`), then the message: feed id (32), price (8), conf (8), exponent (4),
/// publish_time (8) ...
const PULL_AUTHORITY: core::ops::Range<usize> = 8..40;
const PULL_PUBLISH_TIME: core::ops::Range<usize> = 93..101;

/// Legacy layout offsets, from pyth-sdk-solana's `#[repr(C)]` struct.
const LEGACY_PRODUCT: usize = core::mem::offset_of!(SolanaPriceAccount, prod);
const LEGACY_TIMESTAMP: usize = core::mem::offset_of!(SolanaPriceAccount, timestamp);
const LEGACY_LEN: usize = core::mem::size_of::<SolanaPriceAccount>();

pub fn process_instruction(
    program_id: &Pubkey,
    accounts: &[AccountInfo],
    data: &[u8],
) -> ProgramResult {
    let publish = Publish::from_bytes(data)?;
    let [authority, price, system, ..] = accounts else {
        return Err(PublisherError::MissingAccounts.into());
    };
    if !authority.is_signer {
        return Err(PublisherError::AuthorityNotSigner.into());
    }
    if *system.key != system_program::ID {
        return Err(PublisherError::WrongSystemProgram.into());
    }
    let seeds = price_account_seeds(program_id, &publish.feed_id);
    let (expected, bump) = Pubkey::find_program_address(&seeds, program_id);
    if *price.key != expected {
        return Err(PublisherError::WrongPriceAccount.into());
    }
    let clock = Clock::get()?;
    let publish_time = if publish.publish_time == 0 {
        clock.unix_timestamp
    } else {
        publish.publish_time
    };
    let legacy = is_legacy(program_id);

    let previous_time = if *price.owner == system_program::ID && price.data_is_empty() {
        let space = if legacy {
            LEGACY_LEN
        } else {
            PriceUpdateV2::LEN
        };
        let [first, second] = seeds;
        invoke_signed(
            &system_instruction::create_account(
                authority.key,
                price.key,
                Rent::get()?.minimum_balance(space),
                u64::try_from(space).map_err(|_| PublisherError::CorruptPriceAccount)?,
                program_id,
            ),
            &[authority.clone(), price.clone(), system.clone()],
            &[&[first, second, &[bump]]],
        )?;
        publish_time.saturating_sub(1)
    } else {
        if price.owner != program_id {
            return Err(PublisherError::PriceAccountNotOwned.into());
        }
        let data = price.try_borrow_data()?;
        let (authority_range, time_range) = if legacy {
            (
                LEGACY_PRODUCT..LEGACY_PRODUCT.saturating_add(32),
                LEGACY_TIMESTAMP..LEGACY_TIMESTAMP.saturating_add(8),
            )
        } else {
            (PULL_AUTHORITY, PULL_PUBLISH_TIME)
        };
        let stored_authority = data
            .get(authority_range)
            .ok_or(PublisherError::CorruptPriceAccount)?;
        if stored_authority != authority.key.as_ref() {
            return Err(PublisherError::WrongAuthority.into());
        }
        let stored_time = data
            .get(time_range)
            .and_then(|bytes| <[u8; 8]>::try_from(bytes).ok())
            .map(i64::from_le_bytes)
            .ok_or(PublisherError::CorruptPriceAccount)?;
        if publish_time < stored_time {
            return Err(PublisherError::OlderThanStored.into());
        }
        stored_time
    };

    let mut data = price.try_borrow_mut_data()?;
    if legacy {
        write_legacy(
            &mut data,
            authority.key,
            &publish,
            publish_time,
            previous_time,
            clock.slot,
        )
    } else {
        write_pull(
            &mut data,
            authority.key,
            &publish,
            publish_time,
            previous_time,
            clock.slot,
        )
    }
}

/// A fully verified `PriceUpdateV2`, as the receiver stores it.
fn write_pull(
    data: &mut [u8],
    authority: &Pubkey,
    publish: &Publish,
    publish_time: i64,
    prev_publish_time: i64,
    slot: u64,
) -> ProgramResult {
    let update = PriceUpdateV2 {
        write_authority: *authority,
        verification_level: VerificationLevel::Full,
        price_message: PriceFeedMessage {
            feed_id: publish.feed_id,
            price: publish.price,
            conf: publish.conf,
            exponent: publish.expo,
            publish_time,
            prev_publish_time,
            ema_price: publish.ema_price,
            ema_conf: publish.ema_conf,
        },
        posted_slot: slot,
    };
    let mut writer: &mut [u8] = data;
    update
        .try_serialize(&mut writer)
        .map_err(|_| PublisherError::CorruptPriceAccount.into())
}

/// A legacy price account (v2, type Price, status Trading), written field by field at
/// pyth-sdk-solana's `#[repr(C)]` offsets (the struct is 3 KB; the SBF stack frame is 4).
/// The product-account field, which lever never reads, holds the feed's authority.
fn write_legacy(
    data: &mut [u8],
    authority: &Pubkey,
    publish: &Publish,
    publish_time: i64,
    prev_publish_time: i64,
    slot: u64,
) -> ProgramResult {
    use core::mem::offset_of;
    type Account = SolanaPriceAccount;
    let size = u32::try_from(LEGACY_LEN).map_err(|_| PublisherError::CorruptPriceAccount)?;
    let ema_conf =
        i64::try_from(publish.ema_conf).map_err(|_| PublisherError::InvalidInstruction)?;
    let fields: [(usize, &[u8]); 19] = [
        (
            offset_of!(Account, magic),
            &pyth_sdk_solana::state::MAGIC.to_le_bytes(),
        ),
        (
            offset_of!(Account, ver),
            &pyth_sdk_solana::state::VERSION_2.to_le_bytes(),
        ),
        (
            offset_of!(Account, atype),
            &(AccountType::Price as u32).to_le_bytes(),
        ),
        (offset_of!(Account, size), &size.to_le_bytes()),
        (
            offset_of!(Account, ptype),
            &(PriceType::Price as u32).to_le_bytes(),
        ),
        (offset_of!(Account, expo), &publish.expo.to_le_bytes()),
        (offset_of!(Account, num), &1u32.to_le_bytes()),
        (offset_of!(Account, num_qt), &1u32.to_le_bytes()),
        (offset_of!(Account, last_slot), &slot.to_le_bytes()),
        (offset_of!(Account, valid_slot), &slot.to_le_bytes()),
        (
            offset_of!(Account, ema_price.val),
            &publish.ema_price.to_le_bytes(),
        ),
        (offset_of!(Account, ema_conf.val), &ema_conf.to_le_bytes()),
        (LEGACY_TIMESTAMP, &publish_time.to_le_bytes()),
        (LEGACY_PRODUCT, authority.as_ref()),
        (
            offset_of!(Account, prev_timestamp),
            &prev_publish_time.to_le_bytes(),
        ),
        (offset_of!(Account, agg.price), &publish.price.to_le_bytes()),
        (offset_of!(Account, agg.conf), &publish.conf.to_le_bytes()),
        (
            offset_of!(Account, agg.status),
            &(PriceStatus::Trading as u32).to_le_bytes(),
        ),
        (offset_of!(Account, agg.pub_slot), &slot.to_le_bytes()),
    ];
    for (offset, bytes) in fields {
        data.get_mut(offset..offset.saturating_add(bytes.len()))
            .ok_or(PublisherError::CorruptPriceAccount)?
            .copy_from_slice(bytes);
    }
    Ok(())
}
