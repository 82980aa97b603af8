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

    pub fn initialize_config(ctx: Context<InitializeConfig>) -> Result<()> {
        InitializeConfig::handle(ctx)
    }

    pub fn propose_admin(ctx: Context<ProposeAdmin>, new_admin: Pubkey) -> Result<()> {
        ProposeAdmin::handle(ctx, new_admin)
    }

    pub fn accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
        AcceptAdmin::handle(ctx)
    }

    pub fn set_pause_flags(ctx: Context<SetPauseFlags>, flags: u16) -> Result<()> {
        SetPauseFlags::handle(ctx, flags)
    }

    pub fn create_market(ctx: Context<CreateMarket>, args: CreateMarketArgs) -> Result<()> {
        CreateMarket::handle(ctx, args)
    }

    pub fn update_market_params(
        ctx: Context<UpdateMarketParams>,
        params: MarketParams,
    ) -> Result<()> {
        UpdateMarketParams::handle(ctx, params)
    }

    pub fn lp_deposit(ctx: Context<LpDeposit>, amount: u64) -> Result<()> {
        LpDeposit::handle(ctx, amount)
    }

    pub fn lp_withdraw(ctx: Context<LpWithdraw>, shares: u64) -> Result<()> {
        LpWithdraw::handle(ctx, shares)
    }

    pub fn open_position(ctx: Context<OpenPosition>, args: OpenPositionArgs) -> Result<()> {
        OpenPosition::handle(ctx, args)
    }

    pub fn deposit_collateral(ctx: Context<DepositCollateral>, amount: u64) -> Result<()> {
        DepositCollateral::handle(ctx, amount)
    }

    pub fn withdraw_collateral(ctx: Context<WithdrawCollateral>, amount: u64) -> Result<()> {
        WithdrawCollateral::handle(ctx, amount)
    }

    pub fn reduce_position(ctx: Context<ReducePosition>, size: u64) -> Result<()> {
        ReducePosition::handle(ctx, size)
    }

    pub fn close_position(ctx: Context<ClosePosition>) -> Result<()> {
        ClosePosition::handle(ctx)
    }

    pub fn liquidate(ctx: Context<Liquidate>) -> Result<events::PositionLiquidated> {
        Liquidate::handle(ctx)
    }

    pub fn position_health(ctx: Context<PositionHealthView>) -> Result<PositionHealth> {
        PositionHealthView::handle(ctx)
    }

    pub fn sweep_surplus(ctx: Context<SweepSurplus>) -> Result<()> {
        SweepSurplus::handle(ctx)
    }

    pub fn withdraw_fees(ctx: Context<WithdrawFees>, amount: u64) -> Result<()> {
        WithdrawFees::handle(ctx, amount)
    }

    pub fn recapitalize_pool(ctx: Context<RecapitalizePool>, amount: u64) -> Result<()> {
        RecapitalizePool::handle(ctx, amount)
    }
}
