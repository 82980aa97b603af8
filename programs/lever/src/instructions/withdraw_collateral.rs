use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_ADDRESS};
use crate::error::{LeverError, OrLever};
use crate::events::CollateralWithdrawn;
use crate::oracle::{refresh, PriceUse};
use crate::state::{debit, Config, Market, Position};
use crate::token::{pay_from_vault, MarketSigner};
use crate::validation::{now, require_collateral_account, require_positive};

/// Takes collateral out of a position; refused unless E >= imr N afterwards at the risk
/// price, with accrued borrow fees counted and unrealized profit not counted: profit
/// becomes collateral only when realized by a reduce or close (under their exit-price
/// and hold rules), so a withdrawal cannot take a profit those rules would refuse.
#[derive(Accounts)]
#[instruction(market_index: u16, position_id: u64)]
pub struct WithdrawCollateral<'info> {
    pub owner: Signer<'info>,
    #[account(address = CONFIG_ADDRESS @ LeverError::InvalidConfig)]
    pub config: Account<'info, Config>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::MARKET_SEED, &market_index.to_le_bytes()], bump = market.load()?.bump))]
    #[account(
        mut,
        constraint = market.load()?.index == market_index @ LeverError::MarketIndexMismatch,
        has_one = vault @ LeverError::InvalidVault
    )]
    pub market: AccountLoader<'info, Market>,
    /// CHECK: the market's vault (`has_one`): the token account `create_market` made,
    /// owned by the market PDA; its balance is read in place.
    #[account(mut)]
    pub vault: UncheckedAccount<'info>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::POSITION_SEED, market.key().as_ref(), owner.key().as_ref(), &position_id.to_le_bytes()], bump = position.load()?.bump))]
    #[account(
        mut,
        constraint = position.load()?.position_id == position_id @ LeverError::PositionIdMismatch,
        constraint = position.load()?.market == market.key() @ LeverError::MarketMismatch,
        has_one = owner @ LeverError::PositionOwnerMismatch
    )]
    pub position: AccountLoader<'info, Position>,
    #[account(mut, dup)]
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
            &self.market.load()?.collateral_mint,
            &self.owner.key(),
        )
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(ctx: Context<'_, Self>, amount: u64) -> Result<()> {
        let now = now()?;
        let accounts = ctx.accounts;
        let (surplus, signer, collateral) = {
            let mut market = accounts.market.load_mut()?;
            let mut position = accounts.position.load_mut()?;
            let surplus = vault_surplus(&market, &accounts.vault)?;
            let price = refresh(&mut market, &accounts.oracle, now, PriceUse::Trade)?;
            let side = position.side()?;
            debit(
                &mut position.collateral,
                amount,
                LeverError::InsufficientCollateral,
            )?;
            let after = position.snapshot(market.borrow_index.get())?;
            let meets = after
                .meets_initial_margin_without_profit(
                    price.risk_price(&market, side)?,
                    market.params.imr_bps,
                )
                .or_lever()?;
            require!(meets, LeverError::InitialMarginNotMet);
            position.updated_at = now;
            market.remove_collateral(side, amount)?;
            (surplus, MarketSigner::of(&market), position.collateral)
        };

        pay_from_vault(
            &accounts.token_program,
            &accounts.market.to_account_info(),
            &signer,
            &accounts.vault,
            &accounts.owner_collateral,
            amount,
        )?;
        check_vault_invariant(&*accounts.market.load()?, &accounts.vault, surplus)?;
        crate::events::publish(&CollateralWithdrawn {
            market: accounts.market.key(),
            position: accounts.position.key(),
            amount,
            collateral,
        })?;
        Ok(())
    }
}
