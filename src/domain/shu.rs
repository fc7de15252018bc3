//! The year's net result (SHU, sisa hasil usaha) and its allocation by the bylaws:
//! exact to the rupiah, with every rounding named and every remainder placed by rule.

use super::entry::MemberId;
use super::money::{display_idr, serialize_canonical};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShuError {
    #[error("persentase pembagian SHU harus berjumlah tepat 100, bukan {0}")]
    NotHundred(String),
    #[error("persentase {name:?} tidak sah: 0 sampai 100, paling banyak 2 desimal")]
    InvalidPercent { name: String },
    #[error("nama bagian SHU {0:?} dipakai lebih dari sekali")]
    DuplicateName(String),
    #[error("bagian {0} hanya boleh ada satu")]
    DuplicateKind(&'static str),
    #[error("AD/ART harus menyebut cadangan: bagian SHU yang ditanam kembali sebagai modal")]
    NoReserve,
    #[error(
        "nama bagian SHU wajib diisi, paling banyak 100 karakter, tanpa karakter kontrol atau format tak terlihat"
    )]
    InvalidName,
}

/// What a share of the SHU is for, which decides where it is booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareKind {
    /// Reserve (cadangan): stays in equity; this is the reinvestment.
    Reserve,
    /// Return on capital (jasa modal), split by members' savings.
    JasaModal,
    /// Return on business done (jasa usaha), split by members' purchases and sales.
    JasaUsaha,
    /// Any other fund the bylaws name (dana pengurus, pendidikan, sosial…), to an account.
    Fund { account: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub name: String,
    pub percent: Decimal,
    pub kind: ShareKind,
}

/// What a member's capital is measured by for jasa modal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapitalBasis {
    /// Pokok + wajib at the end of the year.
    YearEnd,
    /// The average of pokok + wajib at the end of each month of the year, so that a
    /// deposit made in December does not weigh like one made in January.
    MonthlyAverage,
}

/// The SHU allocation of the bylaws (AD/ART), in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShuPolicy {
    pub effective_from: NaiveDate,
    pub shares: Vec<Share>,
    pub capital_basis: CapitalBasis,
}

impl ShuPolicy {
    /// Checks a policy: percentages in 0–100 with at most two decimals summing to exactly
    /// 100, names unique, one reserve, at most one jasa modal and one jasa usaha.
    pub fn new(
        effective_from: NaiveDate,
        shares: Vec<Share>,
        capital_basis: CapitalBasis,
    ) -> Result<ShuPolicy, ShuError> {
        const SHARE_NAME_CHARS_MAX: usize = 100;
        let mut names = std::collections::HashSet::new();
        for share in &shares {
            let name = super::text::clean_text(&share.name, SHARE_NAME_CHARS_MAX).map_err(|_| ShuError::InvalidName)?;
            if !names.insert(name.to_lowercase()) {
                return Err(ShuError::DuplicateName(name.to_string()));
            }
            let percent = share.percent.normalize();
            if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED || percent.scale() > 2 {
                return Err(ShuError::InvalidPercent { name: name.to_string() });
            }
        }
        for (kind, label) in [
            (ShareKind::Reserve, "cadangan"),
            (ShareKind::JasaModal, "jasa modal"),
            (ShareKind::JasaUsaha, "jasa usaha"),
        ] {
            if shares.iter().filter(|s| s.kind == kind).count() > 1 {
                return Err(ShuError::DuplicateKind(label));
            }
        }
        if !shares.iter().any(|s| s.kind == ShareKind::Reserve) {
            return Err(ShuError::NoReserve);
        }
        let sum: Decimal = shares.iter().map(|s| s.percent).sum();
        if sum != Decimal::ONE_HUNDRED {
            return Err(ShuError::NotHundred(sum.normalize().to_string()));
        }
        Ok(ShuPolicy { effective_from, shares, capital_basis })
    }
}

/// One share of the SHU, in whole rupiah.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    pub share: Share,
    #[serde(serialize_with = "serialize_canonical")]
    pub amount: Decimal,
}

/// Splits a positive SHU into the policy's shares. Each share is the SHU times its
/// percent rounded toward zero to whole rupiah (`RoundingStrategy::ToZero`); what those
/// roundings leave, and the SHU's cents, go to the reserve, so the pools add up to the
/// SHU exactly. A loss (or nil) year allocates nothing: the loss stays in SHU Belum
/// Dibagi, carried forward to be covered by later years' SHU.
pub fn allocate(shu: Decimal, policy: &ShuPolicy) -> Vec<Pool> {
    if shu <= Decimal::ZERO {
        return Vec::new();
    }
    let mut pools: Vec<Pool> = policy
        .shares
        .iter()
        .map(|share| {
            let amount =
                (shu * share.percent / Decimal::ONE_HUNDRED).round_dp_with_strategy(0, RoundingStrategy::ToZero);
            Pool { share: share.clone(), amount }
        })
        .collect();
    let left = shu - pools.iter().map(|p| p.amount).sum::<Decimal>();
    let reserve =
        pools.iter_mut().find(|p| p.share.kind == ShareKind::Reserve).expect("a checked policy has a reserve");
    reserve.amount += left;
    pools
}

/// A member's basis for a pool and what it earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberShare {
    pub member_id: MemberId,
    pub number: String,
    #[serde(serialize_with = "serialize_canonical")]
    pub basis: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub amount: Decimal,
}

/// Splits a whole-rupiah pool among members in proportion to their bases, by the
/// largest-remainder rule: each member first gets their exact share rounded toward zero
/// to whole rupiah; the rupiah left over go one each to the members with the largest
/// fractions, ties to the lower member number. The shares add up to the pool exactly.
/// With no basis at all nothing is split, and the caller keeps the pool (in reserve).
pub fn split(pool: Decimal, members: &[(MemberId, String, Decimal)]) -> Vec<MemberShare> {
    let total: Decimal = members.iter().map(|(_, _, basis)| *basis).filter(|b| *b > Decimal::ZERO).sum();
    if pool <= Decimal::ZERO || total.is_zero() {
        return Vec::new();
    }
    let mut shares: Vec<(MemberShare, Decimal)> = members
        .iter()
        .map(|(member_id, number, basis)| {
            let basis = (*basis).max(Decimal::ZERO);
            let exact = pool * basis / total;
            let amount = exact.round_dp_with_strategy(0, RoundingStrategy::ToZero);
            (MemberShare { member_id: *member_id, number: number.clone(), basis, amount }, exact - amount)
        })
        .collect();
    let mut left = pool - shares.iter().map(|(s, _)| s.amount).sum::<Decimal>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|a, b| shares[*b].1.cmp(&shares[*a].1).then_with(|| shares[*a].0.number.cmp(&shares[*b].0.number)));
    for index in order {
        if left <= Decimal::ZERO {
            break;
        }
        if shares[index].0.basis > Decimal::ZERO {
            shares[index].0.amount += Decimal::ONE;
            left -= Decimal::ONE;
        }
    }
    assert!(left.is_zero(), "the largest-remainder rule places every rupiah ({})", display_idr(left));
    shares.into_iter().map(|(share, _)| share).filter(|s| s.basis > Decimal::ZERO).collect()
}

/// One member's part of the SHU, and what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSlip {
    pub member_id: u64,
    pub number: String,
    pub name: String,
    #[serde(serialize_with = "serialize_canonical")]
    pub jasa_modal_basis: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub jasa_modal: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub jasa_usaha_basis: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub jasa_usaha: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub total: Decimal,
}

/// The whole allocation of a year, before anything is posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShuPreview {
    pub year: i32,
    pub policy: ShuPolicy,
    #[serde(serialize_with = "serialize_canonical")]
    pub revenue: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub expenses: Decimal,
    /// Revenue less expenses; a loss allocates nothing.
    #[serde(serialize_with = "serialize_canonical")]
    pub shu: Decimal,
    pub pools: Vec<Pool>,
    /// A member pool with no basis at all (no savings, no purchases) goes to the reserve.
    #[serde(serialize_with = "serialize_canonical")]
    pub unallocated_to_reserve: Decimal,
    pub members: Vec<MemberSlip>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(name: &str, percent: &str, kind: ShareKind) -> Share {
        Share { name: name.into(), percent: percent.parse().unwrap(), kind }
    }

    fn fund(name: &str, percent: &str, account: &str) -> Share {
        share(name, percent, ShareKind::Fund { account: account.into() })
    }

    /// Bylaws 40/20/25/5/5/5: cadangan, jasa modal, jasa usaha, dana pengurus,
    /// dana pendidikan, dana sosial.
    fn bylaws() -> ShuPolicy {
        let shares = vec![
            share("Cadangan", "40", ShareKind::Reserve),
            share("Jasa modal", "20", ShareKind::JasaModal),
            share("Jasa usaha", "25", ShareKind::JasaUsaha),
            fund("Dana pengurus", "5", "2104"),
            fund("Dana pendidikan", "5", "2106"),
            fund("Dana sosial", "5", "2107"),
        ];
        ShuPolicy::new("2026-01-01".parse().unwrap(), shares, CapitalBasis::YearEnd).unwrap()
    }

    #[test]
    fn percentages_must_sum_to_exactly_one_hundred() {
        let shares =
            vec![share("Cadangan", "40", ShareKind::Reserve), share("Jasa modal", "59.99", ShareKind::JasaModal)];
        let refused = ShuPolicy::new("2026-01-01".parse().unwrap(), shares, CapitalBasis::YearEnd).unwrap_err();
        assert_eq!(refused, ShuError::NotHundred("99.99".into()));
        assert_eq!(refused.to_string(), "persentase pembagian SHU harus berjumlah tepat 100, bukan 99.99");
        let no_reserve = vec![share("Jasa modal", "100", ShareKind::JasaModal)];
        assert_eq!(
            ShuPolicy::new("2026-01-01".parse().unwrap(), no_reserve, CapitalBasis::YearEnd),
            Err(ShuError::NoReserve)
        );
    }

    /// SHU Rp12.345.678,90: 40% = 4.938.271,56 → 4.938.271; 20% = 2.469.135,78 → 2.469.135;
    /// 25% = 3.086.419,725 → 3.086.419; each 5% = 617.283,945 → 617.283.
    /// Rounded parts: 4.938.271 + 2.469.135 + 3.086.419 + 3 × 617.283 = 12.345.674;
    /// the 4,90 left go to the reserve: 4.938.275,90.
    #[test]
    fn pools_add_up_to_the_shu_with_the_remainder_in_reserve() {
        let pools = allocate("12345678.90".parse().unwrap(), &bylaws());
        let amounts: Vec<String> = pools.iter().map(|p| p.amount.to_string()).collect();
        assert_eq!(amounts, ["4938275.90", "2469135", "3086419", "617283", "617283", "617283"]);
        assert_eq!(pools.iter().map(|p| p.amount).sum::<Decimal>(), "12345678.90".parse::<Decimal>().unwrap());
        assert!(allocate("-500000".parse().unwrap(), &bylaws()).is_empty(), "a loss allocates nothing");
    }

    /// A pool of 100 among bases 1, 1, 1: exact shares 33,33…; each gets 33 and the one
    /// rupiah left goes to the lowest member number, the fractions being equal.
    #[test]
    fn leftover_rupiah_go_by_largest_remainder_then_member_number() {
        let members = [
            (3, "A-03".to_string(), Decimal::ONE),
            (1, "A-01".to_string(), Decimal::ONE),
            (2, "A-02".to_string(), Decimal::ONE),
        ];
        let shares = split(Decimal::from(100), &members);
        let by_number: Vec<(&str, String)> = shares.iter().map(|s| (s.number.as_str(), s.amount.to_string())).collect();
        assert_eq!(by_number, [("A-03", "33".to_string()), ("A-01", "34".to_string()), ("A-02", "33".to_string())]);
        // Bases 2 and 1 of a pool of 10: 6,67 and 3,33 → 6 and 3, the rupiah to the larger fraction.
        let shares = split(Decimal::from(10), &[(1, "B".into(), Decimal::TWO), (2, "A".into(), Decimal::ONE)]);
        assert_eq!(shares.iter().map(|s| s.amount).collect::<Vec<_>>(), [Decimal::from(7), Decimal::from(3)]);
        assert!(split(Decimal::from(10), &[(1, "A".into(), Decimal::ZERO)]).is_empty());
    }
}
