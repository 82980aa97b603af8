use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::{pause, CONFIG_SEED, MARKET_SEED, POSITION_SEED};
use crate::error::{LeverError, OrLever};
use crate::events::CollateralWithdrawn;
use crate::oracle::read_price;
use crate::state::{debit, Config, Market, Position};
use crate::token::pay_from_vault;
use crate::validation::{now, require_collateral_account, require_positive};

/// Takes collateral out of a position; refused unless E >= imr N afterwards at the risk
/// price, with accrued borrow fees counted.
#[derive(Accounts)]
pub struct WithdrawCollateral<'info> {
    pub owner: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, Config>,
    #[account(
        mut,
        seeds = [MARKET_SEED, &market.index.to_le_bytes()],
        bump = market.bump,
        has_one = vault @ LeverError::InvalidVault,
        has_one = collateral_mint @ LeverError::InvalidCollateralMint
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        seeds = [POSITION_SEED, market.key().as_ref(), owner.key().as_ref(), &position.position_id.to_le_bytes()],
        bump = position.bump,
        has_one = market @ LeverError::MarketMismatch,
        has_one = owner @ LeverError::PositionOwnerMismatch
    )]
    pub position: Box<Account<'info, Position>>,
    #[account(mut)]
    pub vault: Box<Account<'info, TokenAccount>>,
    pub collateral_mint: Box<Account<'info, Mint>>,
    #[account(mut)]
    pub owner_collateral: Box<Account<'info, TokenAccount>>,
    /// CHECK: validated by `oracle::read_price` against the market's binding.
    pub oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

impl<'info> WithdrawCollateral<'info> {
    fn validate(&self, amount: u64) -> Result<()> {
        self.config.require_not_paused(pause::WITHDRAW_COLLATERAL)?;
        require_positive(amount)?;
        require_collateral_account(
            &self.owner_collateral,
            &self.market.collateral_mint,
            &self.owner.key(),
        )
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(ctx: Context<'_, Self>, amount: u64) -> Result<()> {
        let now = now()?;
        let accounts = ctx.accounts;
        let market = &mut accounts.market;
        market.accrue_borrow_fees(now)?;
        let price = read_price(market, &accounts.oracle, now)?;
        let position = &mut accounts.position;

        debit(
            &mut position.collateral,
            amount,
            LeverError::InsufficientCollateral,
        )?;
        let after = position.snapshot(market.borrow_index)?;
        let meets = after
            .meets_initial_margin(
                price.risk_price(market, position.side)?,
                market.params.imr_bps,
            )
            .or_lever()?;
        require!(meets, LeverError::InitialMarginNotMet);
        position.updated_at = now;
        debit(
            &mut market.collateral_total,
            amount,
            LeverError::MathOverflow,
        )?;

        pay_from_vault(
            &accounts.token_program,
            &accounts.vault,
            &accounts.owner_collateral,
            &accounts.collateral_mint,
            &accounts.market,
            amount,
        )?;
        accounts.vault.reload()?;
        accounts
            .market
            .check_vault_invariant(accounts.vault.amount)?;
        crate::events::publish(CollateralWithdrawn {
            market: accounts.market.key(),
            position: accounts.position.key(),
            amount,
            collateral: accounts.position.collateral,
        });
        Ok(())
    }
}
