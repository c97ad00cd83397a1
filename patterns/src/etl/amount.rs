//! Parsing an amount: the grammar of the [module docs](super), with a typed
//! reason for every text it refuses.

use std::fmt;

/// Why an amount is not valid (see the [module docs](super) for the
/// grammar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing but whitespace.
    Empty,
    /// A leading `+` (`"+3"`): only `-` is a sign.
    PlusSign,
    /// No digit before the point (`".5"`, `"-"`).
    NoWholeDigits,
    /// A point with no digit after it (`"5."`).
    NoDecimals,
    /// More than two decimal places (`"1.234"`).
    TooManyDecimals,
    /// A character that has no place in an amount: digit grouping
    /// (`"1,234.50"`), an exponent (`"1e3"`), a second point or sign, a
    /// letter...
    Unexpected(char),
    /// Beyond `i64` cents.
    Overflow,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => f.write_str("empty"),
            AmountError::PlusSign => f.write_str("a '+' sign (only '-' is accepted)"),
            AmountError::NoWholeDigits => f.write_str("no digit before the decimal point"),
            AmountError::NoDecimals => f.write_str("no digit after the decimal point"),
            AmountError::TooManyDecimals => f.write_str("more than two decimal places"),
            AmountError::Unexpected(c) => write!(f, "unexpected character {c:?}"),
            AmountError::Overflow => f.write_str("out of range"),
        }
    }
}

impl std::error::Error for AmountError {}

/// `"12.34"` → 1234 cents, `"-5"` → -500: a decimal amount with at most two
/// decimal places, an optional leading `-` (a refund), surrounding
/// whitespace ignored. Anything else is an [`AmountError`].
pub fn parse_cents(amount: &str) -> Result<i64, AmountError> {
    let text = amount.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('+') {
        return Err(AmountError::PlusSign);
    }
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, decimals) = match unsigned.split_once('.') {
        Some((whole, decimals)) => (whole, Some(decimals)),
        None => (unsigned, None),
    };
    if let Some(c) = whole
        .chars()
        .chain(decimals.unwrap_or("").chars())
        .find(|c| !c.is_ascii_digit())
    {
        return Err(AmountError::Unexpected(c));
    }
    if whole.is_empty() {
        return Err(AmountError::NoWholeDigits);
    }
    let decimals = match decimals {
        None => "",
        Some("") => return Err(AmountError::NoDecimals),
        Some(d) if d.len() > 2 => return Err(AmountError::TooManyDecimals),
        Some(d) => d,
    };
    // The magnitude in cents; a u64 holds both i64::MAX and |i64::MIN|.
    let cents = whole
        .bytes()
        .chain(decimals.bytes())
        .chain(std::iter::repeat_n(b'0', 2 - decimals.len()))
        .try_fold(0u64, |n, digit| {
            n.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
        })
        .ok_or(AmountError::Overflow)?;
    if negative {
        0i64.checked_sub_unsigned(cents)
    } else {
        i64::try_from(cents).ok()
    }
    .ok_or(AmountError::Overflow)
}
