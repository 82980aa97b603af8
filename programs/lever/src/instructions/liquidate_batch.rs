use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_ADDRESS};
use crate::error::LeverError;
use crate::events::LiquidationBatch;
use crate::liquidation::{self, Liquidated, RecordKeys};
use crate::oracle::{refresh, PriceUse, ValidatedPrice};
use crate::state::{credit, Config, LiquidationPayout, Market, Position};
use crate::token::{pay_from_vault, MarketSigner};
use crate::validation::{now, require_collateral_account};

/// Most positions in one batch: what one legacy transaction carries when the keeper
/// pays its own fees and sets a compute-unit limit and price. Each position is one
/// remaining account (the position, writable): 33 transaction bytes, so 24 make a
/// transaction of 1,222 bytes of the 1,232 a packet holds (33 account keys of the 64
/// locks). The log has room to spare: the batch logs its shared fields once
/// (`LiquidationBatch`) and 286 bytes per position (`BatchPositionLiquidated`): 7,946
/// of the 10,000 bytes a validator keeps (`tests/tests/batch.rs` measures both on the
/// SBF build).
pub const MAX_BATCH_POSITIONS: usize = 24;

/// `liquidate_batch`'s return data: kept small because the runtime logs it; each
/// liquidation's details are in its events (see [`MAX_BATCH_POSITIONS`]).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct BatchLiquidation {
    /// What the keeper was paid in all (penalty shares and bankrupt-position fees).
    pub keeper_paid: u64,
    /// Per position, in the order passed: 0 when liquidated; otherwise the error code
    /// `liquidate` would have refused it with (`PositionHealthy`, `PositionNotOpen`,
    /// `DuplicatePosition`, ...), and the position was left untouched.
    pub statuses: Vec<u16>,
}

/// The status of a position skipped because of `error` (a program or an Anchor error).
fn refusal_status(error: Error) -> u16 {
    let code = match error {
        Error::AnchorError(error) => error.error_code_number,
        // A check that failed in the runtime's terms (a borrow): Anchor's generic
        // "account did not deserialize".
        Error::ProgramError(_) => {
            u32::from(anchor_lang::error::ErrorCode::AccountDidNotDeserialize)
        }
    };
    u16::try_from(code).unwrap_or(u16::MAX)
}

fn skipped(error: LeverError) -> Result<(u16, u64)> {
    Ok((refusal_status(error!(error)), 0))
}

/// Liquidates several positions of one market in one transaction, each by exactly the
/// rules of `liquidate` (one price read for all, at the same liquidation mark). Each
/// position is one remaining account: the position, writable.
///
/// What differs is only where a full liquidation's payout goes: `liquidate` pays it to
/// a token account of the owner and returns the rent to the owner's wallet, which
/// would take two more accounts per position. Here the position's account becomes a
/// `LiquidationPayout` holding the amount (in the market's `pending_payouts` bucket),
/// and `claim_payout` pays it and the rent to the owner later. A bankrupt position's
/// account is closed to the keeper, as in `liquidate`.
///
/// A position that `liquidate` would refuse for a reason of its own (healthy, already
/// closed or liquidated, of another market, the keeper's own, passed twice, not
/// writable) is skipped and left untouched, with that refusal's code as its status, so
/// that one lost race does not fail the others. What concerns the whole batch is
/// refused as `liquidate` refuses it: paused, the oracle, the market, the keeper's
/// token account, and a malformed list (`InvalidBatch`).
///
/// The keeper's rewards are paid in one transfer at the end. The batch logs a
/// `LiquidationBatch` event (market, keeper, price) first and a
/// `BatchPositionLiquidated` per liquidation after it: joined, each is the
/// `PositionLiquidated` record `liquidate` would log. The per-position results are the
/// return data.
#[derive(Accounts)]
#[instruction(market_index: u16)]
pub struct LiquidateBatch<'info> {
    /// Receives the rent of bankrupt positions' accounts.
    #[account(mut)]
    pub keeper: Signer<'info>,
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
    #[account(mut, dup)]
    pub keeper_collateral: Box<Account<'info, TokenAccount>>,
    /// CHECK: validated by `oracle::read_price` against the market's binding.
    pub oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

impl<'info> LiquidateBatch<'info> {
    fn validate(&self) -> Result<()> {
        self.config.require_not_paused(pause::LIQUIDATE)?;
        let mint = self.market.load()?.collateral_mint;
        require_collateral_account(&self.keeper_collateral, &mint, &self.keeper.key())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<'info, Self>) -> Result<BatchLiquidation> {
        let positions = ctx.remaining_accounts;
        require!(
            !positions.is_empty() && positions.len() <= MAX_BATCH_POSITIONS,
            LeverError::InvalidBatch
        );
        let batch = Batch::start(ctx.accounts, now()?)?;
        crate::events::publish(&batch.header())?;
        let mut result = BatchLiquidation {
            keeper_paid: 0,
            statuses: Vec::with_capacity(positions.len()),
        };
        for (index, position) in positions.iter().enumerate() {
            let earlier = positions.get(..index).unwrap_or_default();
            let (status, keeper_paid) = if earlier.iter().any(|other| other.key == position.key) {
                skipped(LeverError::DuplicatePosition)?
            } else {
                batch.liquidate(position)?
            };
            result.keeper_paid = result
                .keeper_paid
                .checked_add(keeper_paid)
                .ok_or_else(|| error!(LeverError::MathOverflow))?;
            result.statuses.push(status);
        }
        batch.finish(result.keeper_paid)?;
        crate::native::set_return_data(&result)?;
        Ok(result)
    }
}

/// The batch's shared state: the price read once, the vault's surplus before.
struct Batch<'a, 'info> {
    accounts: &'a LiquidateBatch<'info>,
    price: ValidatedPrice,
    surplus: u64,
    signer: MarketSigner,
    now: i64,
}

impl<'a, 'info> Batch<'a, 'info> {
    fn start(accounts: &'a LiquidateBatch<'info>, now: i64) -> Result<Self> {
        let mut market = accounts.market.load_mut()?;
        let surplus = vault_surplus(&market, &accounts.vault)?;
        let price = refresh(&mut market, &accounts.oracle, now, PriceUse::Liquidation)?;
        Ok(Batch {
            accounts,
            price,
            surplus,
            signer: MarketSigner::of(&market),
            now,
        })
    }

    /// What every liquidation of the batch shares, logged once before them.
    fn header(&self) -> LiquidationBatch {
        let quote = &self.price.quote;
        LiquidationBatch {
            market: self.accounts.market.key(),
            keeper: self.accounts.keeper.key(),
            oracle_price: quote.price,
            oracle_conf: quote.conf,
            oracle_ema_price: quote.ema_price,
            oracle_expo: quote.expo,
            oracle_publish_time: quote.publish_time,
            oracle_feed_id: self.price.feed_id,
        }
    }

    /// One position: its checks (a refusal skips it), then `liquidate`'s rules. Its
    /// status and what it pays the keeper.
    fn liquidate(&self, info: &'info AccountInfo<'info>) -> Result<(u16, u64)> {
        let position = match self.open_position(info) {
            Ok(position) => position,
            Err(error) => return Ok((refusal_status(error), 0)),
        };
        let (liquidated, position_id) = {
            let mut market = self.accounts.market.load_mut()?;
            let mut position = position.load_mut()?;
            let Some(planned) = liquidation::plan(&market, &position, &self.price)? else {
                return skipped(LeverError::PositionHealthy);
            };
            let keys = RecordKeys {
                market: self.accounts.market.key(),
                position: info.key(),
                keeper: self.accounts.keeper.key(),
            };
            let liquidated = liquidation::apply(
                &mut market,
                &mut position,
                &planned,
                &self.price,
                keys,
                self.now,
            )?;
            if !liquidated.bankrupt && !liquidated.record.partial {
                credit(&mut market.pending_payouts, liquidated.record.owner_payout)?;
            }
            (liquidated, position.position_id)
        };
        if liquidated.bankrupt {
            position.close(self.accounts.keeper.to_account_info())?;
        } else if !liquidated.record.partial {
            self.leave_payout(info, &liquidated, position_id)?;
        }
        crate::events::publish(&liquidated.record.batch_item())?;
        Ok((0, liquidated.keeper_total()?))
    }

    /// `liquidate`'s account checks for one position: a live, writable position of
    /// this market that is not the keeper's own.
    fn open_position(
        &self,
        info: &'info AccountInfo<'info>,
    ) -> Result<AccountLoader<'info, Position>> {
        let data = info.try_borrow_data()?;
        let closed = info.owner != &crate::ID
            || data.is_empty()
            || data.starts_with(LiquidationPayout::DISCRIMINATOR);
        drop(data);
        require!(!closed, LeverError::PositionNotOpen);
        let position = AccountLoader::<Position>::try_from(info)?;
        require!(
            info.is_writable,
            anchor_lang::error::ErrorCode::ConstraintMut
        );
        {
            let position = position.load()?;
            require_keys_eq!(
                position.market,
                self.accounts.market.key(),
                LeverError::MarketMismatch
            );
            require_keys_neq!(
                self.accounts.keeper.key(),
                position.owner,
                LeverError::SelfLiquidation
            );
        }
        Ok(position)
    }

    /// Rewrites a fully liquidated position's account as the `LiquidationPayout` its
    /// owner claims (the amount is already in `pending_payouts`).
    fn leave_payout(
        &self,
        info: &'info AccountInfo<'info>,
        liquidated: &Liquidated,
        position_id: u64,
    ) -> Result<()> {
        {
            let mut data = info.try_borrow_mut_data()?;
            data.fill(0);
            data.get_mut(..LiquidationPayout::DISCRIMINATOR.len())
                .ok_or_else(|| error!(anchor_lang::error::ErrorCode::AccountDidNotDeserialize))?
                .copy_from_slice(LiquidationPayout::DISCRIMINATOR);
        }
        let payout = AccountLoader::<LiquidationPayout>::try_from(info)?;
        let mut payout = payout.load_mut()?;
        payout.market = liquidated.record.market;
        payout.owner = liquidated.record.owner;
        payout.position_id = position_id;
        payout.amount = liquidated.record.owner_payout;
        payout.liquidated_at = self.now;
        Ok(())
    }

    /// The keeper's rewards in one transfer, then the vault invariant.
    fn finish(&self, keeper_total: u64) -> Result<()> {
        pay_from_vault(
            &self.accounts.token_program,
            &self.accounts.market.to_account_info(),
            &self.signer,
            &self.accounts.vault,
            &self.accounts.keeper_collateral,
            keeper_total,
        )?;
        check_vault_invariant(
            &*self.accounts.market.load()?,
            &self.accounts.vault,
            self.surplus,
        )
    }
}
