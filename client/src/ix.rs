//! Instruction builders, one per instruction of the program.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::token::ID as TOKEN_PROGRAM_ID;
use lever::accounts;
use lever::instruction as data;
use lever::instructions::{CreateMarketArgs, OpenPositionArgs};
use lever::state::MarketParams;

use crate::{build, pda, AccountMeta, MarketKeys};

const SYSTEM_PROGRAM_ID: Pubkey = anchor_lang::solana_program::system_program::ID;

/// `initialize_config`; `admin` must be the program's upgrade authority.
pub fn initialize_config(admin: Pubkey) -> Instruction {
    build(
        accounts::InitializeConfig {
            admin,
            config: pda::config(),
            program_data: pda::program_data(),
            system_program: SYSTEM_PROGRAM_ID,
        },
        data::InitializeConfig {},
    )
}

pub fn propose_admin(admin: Pubkey, new_admin: Pubkey) -> Instruction {
    build(
        accounts::ProposeAdmin {
            admin,
            config: pda::config(),
        },
        data::ProposeAdmin { new_admin },
    )
}

pub fn accept_admin(new_admin: Pubkey) -> Instruction {
    build(
        accounts::AcceptAdmin {
            new_admin,
            config: pda::config(),
        },
        data::AcceptAdmin {},
    )
}

pub fn set_pause_flags(admin: Pubkey, flags: u16) -> Instruction {
    build(
        accounts::SetPauseFlags {
            admin,
            config: pda::config(),
        },
        data::SetPauseFlags { flags },
    )
}

pub fn create_market_accounts(admin: Pubkey, keys: &MarketKeys) -> accounts::CreateMarket {
    accounts::CreateMarket {
        admin,
        config: pda::config(),
        market: keys.market,
        collateral_mint: keys.collateral_mint,
        vault: keys.vault,
        lp_mint: keys.lp_mint,
        oracle: keys.oracle,
        token_program: TOKEN_PROGRAM_ID,
        system_program: SYSTEM_PROGRAM_ID,
    }
}

pub fn create_market(admin: Pubkey, keys: &MarketKeys, args: CreateMarketArgs) -> Instruction {
    build(
        create_market_accounts(admin, keys),
        data::CreateMarket {
            market_index: keys.index,
            args,
        },
    )
}

pub fn update_market_params(admin: Pubkey, keys: &MarketKeys, params: MarketParams) -> Instruction {
    build(
        accounts::UpdateMarketParams {
            admin,
            config: pda::config(),
            market: keys.market,
        },
        data::UpdateMarketParams {
            market_index: keys.index,
            params,
        },
    )
}

pub fn lp_deposit_accounts(keys: &MarketKeys, depositor: Pubkey) -> accounts::LpDeposit {
    accounts::LpDeposit {
        depositor,
        config: pda::config(),
        market: keys.market,
        vault: keys.vault,
        lp_mint: keys.lp_mint,
        depositor_collateral: pda::associated_token(&depositor, &keys.collateral_mint),
        depositor_shares: pda::associated_token(&depositor, &keys.lp_mint),
        oracle: keys.oracle,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn lp_deposit(keys: &MarketKeys, depositor: Pubkey, amount: u64) -> Instruction {
    build(
        lp_deposit_accounts(keys, depositor),
        data::LpDeposit {
            market_index: keys.index,
            amount,
        },
    )
}

pub fn lp_withdraw_accounts(keys: &MarketKeys, withdrawer: Pubkey) -> accounts::LpWithdraw {
    accounts::LpWithdraw {
        withdrawer,
        config: pda::config(),
        market: keys.market,
        vault: keys.vault,
        lp_mint: keys.lp_mint,
        withdrawer_collateral: pda::associated_token(&withdrawer, &keys.collateral_mint),
        withdrawer_shares: pda::associated_token(&withdrawer, &keys.lp_mint),
        oracle: keys.oracle,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn lp_withdraw(keys: &MarketKeys, withdrawer: Pubkey, shares: u64) -> Instruction {
    build(
        lp_withdraw_accounts(keys, withdrawer),
        data::LpWithdraw {
            market_index: keys.index,
            shares,
        },
    )
}

pub fn open_position_accounts(
    keys: &MarketKeys,
    owner: Pubkey,
    position_id: u64,
) -> accounts::OpenPosition {
    accounts::OpenPosition {
        owner,
        config: pda::config(),
        market: keys.market,
        vault: keys.vault,
        position: pda::position(&keys.market, &owner, position_id),
        owner_collateral: pda::associated_token(&owner, &keys.collateral_mint),
        oracle: keys.oracle,
        token_program: TOKEN_PROGRAM_ID,
        system_program: SYSTEM_PROGRAM_ID,
    }
}

pub fn open_position(keys: &MarketKeys, owner: Pubkey, args: OpenPositionArgs) -> Instruction {
    build(
        open_position_accounts(keys, owner, args.position_id),
        open_position_data(keys, args),
    )
}

/// `open_position`'s arguments (flat in the instruction: the position id is a seed).
pub fn open_position_data(keys: &MarketKeys, args: OpenPositionArgs) -> data::OpenPosition {
    data::OpenPosition {
        market_index: keys.index,
        position_id: args.position_id,
        side: args.side,
        collateral: args.collateral,
        size: args.size,
    }
}

pub fn deposit_collateral_accounts(
    keys: &MarketKeys,
    owner: Pubkey,
    position_id: u64,
) -> accounts::DepositCollateral {
    accounts::DepositCollateral {
        owner,
        config: pda::config(),
        market: keys.market,
        vault: keys.vault,
        position: pda::position(&keys.market, &owner, position_id),
        owner_collateral: pda::associated_token(&owner, &keys.collateral_mint),
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn deposit_collateral(
    keys: &MarketKeys,
    owner: Pubkey,
    position_id: u64,
    amount: u64,
) -> Instruction {
    build(
        deposit_collateral_accounts(keys, owner, position_id),
        data::DepositCollateral {
            market_index: keys.index,
            position_id,
            amount,
        },
    )
}

pub fn withdraw_collateral_accounts(
    keys: &MarketKeys,
    owner: Pubkey,
    position_id: u64,
) -> accounts::WithdrawCollateral {
    accounts::WithdrawCollateral {
        owner,
        config: pda::config(),
        market: keys.market,
        vault: keys.vault,
        position: pda::position(&keys.market, &owner, position_id),
        owner_collateral: pda::associated_token(&owner, &keys.collateral_mint),
        oracle: keys.oracle,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn withdraw_collateral(
    keys: &MarketKeys,
    owner: Pubkey,
    position_id: u64,
    amount: u64,
) -> Instruction {
    build(
        withdraw_collateral_accounts(keys, owner, position_id),
        data::WithdrawCollateral {
            market_index: keys.index,
            position_id,
            amount,
        },
    )
}

pub fn reduce_position_accounts(
    keys: &MarketKeys,
    owner: Pubkey,
    position_id: u64,
) -> accounts::ReducePosition {
    accounts::ReducePosition {
        owner,
        config: pda::config(),
        market: keys.market,
        position: pda::position(&keys.market, &owner, position_id),
        vault: keys.vault,
        oracle: keys.oracle,
    }
}

pub fn reduce_position(
    keys: &MarketKeys,
    owner: Pubkey,
    position_id: u64,
    size: u64,
) -> Instruction {
    build(
        reduce_position_accounts(keys, owner, position_id),
        data::ReducePosition {
            market_index: keys.index,
            position_id,
            size,
        },
    )
}

pub fn close_position_accounts(
    keys: &MarketKeys,
    owner: Pubkey,
    position_id: u64,
) -> accounts::ClosePosition {
    accounts::ClosePosition {
        owner,
        config: pda::config(),
        market: keys.market,
        vault: keys.vault,
        position: pda::position(&keys.market, &owner, position_id),
        owner_collateral: pda::associated_token(&owner, &keys.collateral_mint),
        oracle: keys.oracle,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn close_position(keys: &MarketKeys, owner: Pubkey, position_id: u64) -> Instruction {
    build(
        close_position_accounts(keys, owner, position_id),
        data::ClosePosition {
            market_index: keys.index,
            position_id,
        },
    )
}

pub fn liquidate_accounts(
    keys: &MarketKeys,
    keeper: Pubkey,
    owner: Pubkey,
    position_id: u64,
) -> accounts::Liquidate {
    accounts::Liquidate {
        keeper,
        config: pda::config(),
        market: keys.market,
        vault: keys.vault,
        position: pda::position(&keys.market, &owner, position_id),
        owner,
        keeper_collateral: pda::associated_token(&keeper, &keys.collateral_mint),
        owner_collateral: pda::associated_token(&owner, &keys.collateral_mint),
        oracle: keys.oracle,
        token_program: TOKEN_PROGRAM_ID,
    }
}

/// `liquidate` of `owner`'s position `position_id`, the reward paid to the keeper's
/// associated token account.
pub fn liquidate(
    keys: &MarketKeys,
    keeper: Pubkey,
    owner: Pubkey,
    position_id: u64,
) -> Instruction {
    build(
        liquidate_accounts(keys, keeper, owner, position_id),
        liquidate_data(keys, position_id),
    )
}

/// `liquidate`'s arguments: the market index and the position id (the seeds).
pub fn liquidate_data(keys: &MarketKeys, position_id: u64) -> data::Liquidate {
    data::Liquidate {
        market_index: keys.index,
        position_id,
    }
}

/// `liquidate_batch` of `positions` (owner, position id) of one market, the rewards
/// paid to the keeper's associated token account. Each position is one writable
/// remaining account; a full liquidation's payout is claimed with [`claim_payout`].
pub fn liquidate_batch(
    keys: &MarketKeys,
    keeper: Pubkey,
    positions: &[(Pubkey, u64)],
) -> Instruction {
    let mut instruction = build(
        accounts::LiquidateBatch {
            keeper,
            config: pda::config(),
            market: keys.market,
            vault: keys.vault,
            keeper_collateral: pda::associated_token(&keeper, &keys.collateral_mint),
            oracle: keys.oracle,
            token_program: TOKEN_PROGRAM_ID,
        },
        data::LiquidateBatch {
            market_index: keys.index,
        },
    );
    instruction
        .accounts
        .extend(positions.iter().map(|(owner, position_id)| {
            AccountMeta::new(pda::position(&keys.market, owner, *position_id), false)
        }));
    instruction
}

pub fn claim_payout_accounts(
    keys: &MarketKeys,
    owner: Pubkey,
    position_id: u64,
) -> accounts::ClaimPayout {
    accounts::ClaimPayout {
        config: pda::config(),
        market: keys.market,
        vault: keys.vault,
        position: pda::position(&keys.market, &owner, position_id),
        owner,
        owner_collateral: pda::associated_token(&owner, &keys.collateral_mint),
        token_program: TOKEN_PROGRAM_ID,
    }
}

/// `claim_payout` of what a batch's full liquidation of `owner`'s position
/// `position_id` owes, to the owner's associated token account (anyone may send it).
pub fn claim_payout(keys: &MarketKeys, owner: Pubkey, position_id: u64) -> Instruction {
    build(
        claim_payout_accounts(keys, owner, position_id),
        data::ClaimPayout {
            market_index: keys.index,
            position_id,
        },
    )
}

/// `position_health` (read-only; simulate it and decode with `health::decode_return`).
pub fn position_health(keys: &MarketKeys, owner: Pubkey, position_id: u64) -> Instruction {
    build(
        accounts::PositionHealthView {
            market: keys.market,
            position: pda::position(&keys.market, &owner, position_id),
            oracle: keys.oracle,
        },
        data::PositionHealth {
            market_index: keys.index,
            owner,
            position_id,
        },
    )
}

/// `sweep_surplus`: credits the vault's surplus over the buckets to the insurance fund.
pub fn sweep_surplus(keys: &MarketKeys, caller: Pubkey) -> Instruction {
    build(
        accounts::SweepSurplus {
            caller,
            market: keys.market,
            vault: keys.vault,
        },
        data::SweepSurplus {
            market_index: keys.index,
        },
    )
}

pub fn withdraw_fees_accounts(
    keys: &MarketKeys,
    admin: Pubkey,
    destination: Pubkey,
) -> accounts::WithdrawFees {
    accounts::WithdrawFees {
        admin,
        config: pda::config(),
        market: keys.market,
        vault: keys.vault,
        destination,
        token_program: TOKEN_PROGRAM_ID,
    }
}

/// `withdraw_fees` of `amount` to the token account `destination`.
pub fn withdraw_fees(
    keys: &MarketKeys,
    admin: Pubkey,
    destination: Pubkey,
    amount: u64,
) -> Instruction {
    build(
        withdraw_fees_accounts(keys, admin, destination),
        data::WithdrawFees {
            market_index: keys.index,
            amount,
        },
    )
}

/// `recapitalize_pool` of `amount` from the funder's associated token account.
pub fn recapitalize_pool(keys: &MarketKeys, funder: Pubkey, amount: u64) -> Instruction {
    build(
        accounts::RecapitalizePool {
            funder,
            config: pda::config(),
            market: keys.market,
            vault: keys.vault,
            funder_collateral: pda::associated_token(&funder, &keys.collateral_mint),
            token_program: TOKEN_PROGRAM_ID,
        },
        data::RecapitalizePool {
            market_index: keys.index,
            amount,
        },
    )
}
