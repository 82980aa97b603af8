//! lever: leveraged long and short positions over per-market collateral vaults, priced
//! by Pyth, with permissionless liquidation. The money rules are in the README's
//! protocol section; the formulas live in `lever-math`. This file only forwards.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Anchor's generated code trips these; they do not apply to our handlers.
#![allow(unexpected_cfgs, deprecated)]

use anchor_lang::prelude::*;

pub mod constants;
pub mod cu;
pub mod error;
pub mod events;
pub mod instructions;
pub mod liquidation;
pub mod native;
// Offline SBF lane only (sbf/lane.sh builds for upstream LLVM's `bpf` arch; Solana's
// platform-tools build for `sbf` and bring their own): memcpy & co., i128 and f64
// helpers, which upstream BPF lacks ("A call to built-in function ... is not supported").
#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;
pub mod oracle;
pub mod settle;
pub mod state;
pub mod token;
pub mod validation;

use instructions::*;
use state::MarketParams;

declare_id!("LevFuB3rLHfTRuwgDMs7f63qCmNk8vKPc7ewL5vUmKp");

#[program]
pub mod lever {
    use super::*;

    /// Creates the config; the signer must be the program's upgrade authority and
    /// becomes the admin.
    pub fn initialize_config(ctx: Context<InitializeConfig>) -> Result<()> {
        InitializeConfig::handle(ctx)
    }

    /// Step 1 of the admin hand-over (`Pubkey::default()` cancels a pending one).
    pub fn propose_admin(ctx: Context<ProposeAdmin>, new_admin: Pubkey) -> Result<()> {
        ProposeAdmin::handle(ctx, new_admin)
    }

    /// Step 2: the proposed admin accepts.
    pub fn accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
        AcceptAdmin::handle(ctx)
    }

    /// Pauses operations (the bits of `constants::pause`); refuses unknown bits.
    pub fn set_pause_flags(ctx: Context<SetPauseFlags>, flags: u16) -> Result<()> {
        SetPauseFlags::handle(ctx, flags)
    }

    /// `market_index` must equal the config's market count; it is the market's seed.
    pub fn create_market(
        ctx: Context<CreateMarket>,
        market_index: u16,
        args: CreateMarketArgs,
    ) -> Result<()> {
        CreateMarket::handle(ctx, market_index, args)
    }

    /// `market_index` is the market's PDA seed (checked by the accounts' constraints).
    pub fn update_market_params(
        ctx: Context<UpdateMarketParams>,
        market_index: u16,
        params: MarketParams,
    ) -> Result<()> {
        let _ = market_index;
        UpdateMarketParams::handle(ctx, params)
    }

    /// `market_index` is the market's PDA seed (checked by the accounts' constraints).
    pub fn lp_deposit(ctx: Context<LpDeposit>, market_index: u16, amount: u64) -> Result<()> {
        let _ = market_index;
        LpDeposit::handle(ctx, amount)
    }

    /// `market_index` is the market's PDA seed (checked by the accounts' constraints).
    pub fn lp_withdraw(ctx: Context<LpWithdraw>, market_index: u16, shares: u64) -> Result<()> {
        let _ = market_index;
        LpWithdraw::handle(ctx, shares)
    }

    /// Flat arguments, so that tools resolve the position's seeds from `position_id`.
    pub fn open_position(
        ctx: Context<OpenPosition>,
        market_index: u16,
        position_id: u64,
        side: state::Side,
        collateral: u64,
        size: u64,
    ) -> Result<()> {
        let _ = market_index;
        OpenPosition::handle(
            ctx,
            OpenPositionArgs {
                position_id,
                side,
                collateral,
                size,
            },
        )
    }

    /// `market_index` and `position_id` are the PDA seeds of the market and the position
    /// (checked by the accounts' constraints).
    pub fn deposit_collateral(
        ctx: Context<DepositCollateral>,
        market_index: u16,
        position_id: u64,
        amount: u64,
    ) -> Result<()> {
        let _ = (market_index, position_id);
        DepositCollateral::handle(ctx, amount)
    }

    /// `market_index` and `position_id` are the PDA seeds of the market and the position
    /// (checked by the accounts' constraints).
    pub fn withdraw_collateral(
        ctx: Context<WithdrawCollateral>,
        market_index: u16,
        position_id: u64,
        amount: u64,
    ) -> Result<()> {
        let _ = (market_index, position_id);
        WithdrawCollateral::handle(ctx, amount)
    }

    /// `market_index` and `position_id` are the PDA seeds of the market and the position
    /// (checked by the accounts' constraints).
    pub fn reduce_position(
        ctx: Context<ReducePosition>,
        market_index: u16,
        position_id: u64,
        size: u64,
    ) -> Result<()> {
        let _ = (market_index, position_id);
        ReducePosition::handle(ctx, size)
    }

    /// `market_index` and `position_id` are the PDA seeds of the market and the position
    /// (checked by the accounts' constraints).
    pub fn close_position(
        ctx: Context<ClosePosition>,
        market_index: u16,
        position_id: u64,
    ) -> Result<()> {
        let _ = (market_index, position_id);
        ClosePosition::handle(ctx)
    }

    /// `market_index` and `position_id` are the PDA seeds of the market and the position
    /// (checked by the accounts' constraints).
    pub fn liquidate(
        ctx: Context<Liquidate>,
        market_index: u16,
        position_id: u64,
    ) -> Result<events::PositionLiquidated> {
        let _ = (market_index, position_id);
        Liquidate::handle(ctx)
    }

    /// `market_index` is the market's PDA seed; the positions are the remaining
    /// accounts, one each (writable).
    pub fn liquidate_batch<'info>(
        ctx: Context<'info, LiquidateBatch<'info>>,
        market_index: u16,
    ) -> Result<BatchLiquidation> {
        let _ = market_index;
        LiquidateBatch::handle(ctx)
    }

    /// `market_index` and `position_id` are the PDA seeds of the market and the
    /// liquidated position whose payout is claimed.
    pub fn claim_payout(
        ctx: Context<ClaimPayout>,
        market_index: u16,
        position_id: u64,
    ) -> Result<()> {
        let _ = (market_index, position_id);
        ClaimPayout::handle(ctx)
    }

    /// `market_index`, `owner` and `position_id` are the PDA seeds of the market and the
    /// position (checked by the accounts' constraints).
    pub fn position_health(
        ctx: Context<PositionHealthView>,
        market_index: u16,
        owner: Pubkey,
        position_id: u64,
    ) -> Result<PositionHealth> {
        let _ = (market_index, owner, position_id);
        PositionHealthView::handle(ctx)
    }

    /// `market_index` is the market's PDA seed (checked by the accounts' constraints).
    pub fn sweep_surplus(ctx: Context<SweepSurplus>, market_index: u16) -> Result<()> {
        let _ = market_index;
        SweepSurplus::handle(ctx)
    }

    /// `market_index` is the market's PDA seed (checked by the accounts' constraints).
    pub fn withdraw_fees(ctx: Context<WithdrawFees>, market_index: u16, amount: u64) -> Result<()> {
        let _ = market_index;
        WithdrawFees::handle(ctx, amount)
    }

    /// `market_index` is the market's PDA seed (checked by the accounts' constraints).
    pub fn recapitalize_pool(
        ctx: Context<RecapitalizePool>,
        market_index: u16,
        amount: u64,
    ) -> Result<()> {
        let _ = market_index;
        RecapitalizePool::handle(ctx, amount)
    }
}
