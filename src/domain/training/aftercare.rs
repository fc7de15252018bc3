//! After a cohort: placement (penyaluran), the assistance package handed over at
//! termination (paket bantuan UEP) and follow-up visits (bimbingan lanjut).

use super::client::Client;
use super::cohort::Enrolment;
use super::{not_before, parse_text, ClientId, TrainingError, FOLLOW_UPS_MAX, PACKAGE_ITEMS_MAX};
use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, EntryErrors, Line, MemberId, Memo};
use crate::domain::member::{code, ensure_funds, MemberError, CASH};
use crate::domain::money::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Expense account of assistance packages (Beban Paket Bantuan UEP) in the panti chart.
pub const PACKAGE_EXPENSE: &str = "5103";

/// Where a client went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlacementKind {
    /// Employed by an employer (bekerja).
    #[serde(rename = "bekerja")]
    Employed,
    /// Runs a business of their own (usaha mandiri).
    #[serde(rename = "usaha_mandiri")]
    SelfEmployed,
    /// Joined a KUBE, as one of its members (bergabung dengan KUBE).
    #[serde(rename = "bergabung_kube")]
    JoinedKube,
    /// Returned to their family (kembali ke keluarga).
    #[serde(rename = "kembali_ke_keluarga")]
    ReturnedToFamily,
    /// Referred to another institution (dirujuk).
    #[serde(rename = "dirujuk")]
    Referred,
}

impl PlacementKind {
    pub fn parse(text: &str) -> Result<PlacementKind, TrainingError> {
        match text.trim() {
            "bekerja" | "employed" => Ok(PlacementKind::Employed),
            "usaha_mandiri" | "self_employed" => Ok(PlacementKind::SelfEmployed),
            "bergabung_kube" | "joined_kube" => Ok(PlacementKind::JoinedKube),
            "kembali_ke_keluarga" | "returned_to_family" => Ok(PlacementKind::ReturnedToFamily),
            "dirujuk" | "referred" => Ok(PlacementKind::Referred),
            other => Err(TrainingError::UnknownPlacement(other.to_string())),
        }
    }
}

/// Whether the business a client runs is still going (usaha berjalan / berhenti).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Business {
    #[serde(rename = "berjalan")]
    Running,
    #[serde(rename = "berhenti")]
    Stopped,
}

impl Business {
    pub fn parse(text: &str) -> Result<Business, TrainingError> {
        match text.trim() {
            "berjalan" | "running" => Ok(Business::Running),
            "berhenti" | "stopped" => Ok(Business::Stopped),
            other => Err(TrainingError::UnknownBusiness(other.to_string())),
        }
    }
}

/// One follow-up visit (kunjungan bimbingan lanjut).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub date: NaiveDate,
    /// The client's business, if they run one (an employed client may not).
    pub business: Option<Business>,
    /// Monthly income as the client estimates it.
    pub income_estimate: Money,
    pub needs: Option<String>,
    pub notes: Option<String>,
}

impl FollowUp {
    pub fn new(
        date: NaiveDate,
        business: Option<Business>,
        income_estimate: Money,
        needs: Option<String>,
        notes: Option<String>,
    ) -> Result<FollowUp, TrainingError> {
        if income_estimate.is_negative() {
            return Err(TrainingError::NegativeIncome);
        }
        Ok(FollowUp { date, business, income_estimate, needs, notes })
    }
}

/// A placement as asked for, before the client's record is consulted.
#[derive(Debug, Clone)]
pub struct PlacementRequest {
    pub kind: PlacementKind,
    pub date: NaiveDate,
    /// The employer (bekerja) or where the client is referred (dirujuk); optional otherwise.
    pub destination: Option<String>,
    /// The KUBE member record the client became (bergabung_kube only).
    pub member_id: Option<MemberId>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub client_id: ClientId,
    pub kind: PlacementKind,
    pub date: NaiveDate,
    pub destination: Option<String>,
    pub member_id: Option<MemberId>,
    pub note: Option<String>,
    /// Follow-up visits, in date order: they exist only once a client is placed.
    pub follow_ups: Vec<FollowUp>,
}

/// Places a client once, on or after the day they first passed a cohort.
pub fn place(
    client: &Client,
    enrolments: &[Enrolment],
    existing: Option<&Placement>,
    request: PlacementRequest,
) -> Result<Placement, TrainingError> {
    let number = || client.number().to_string();
    if existing.is_some() {
        return Err(TrainingError::AlreadyPlaced(number()));
    }
    let passed_on =
        enrolments.iter().filter(|e| e.passed()).filter_map(|e| e.completion.as_ref()).map(|c| c.date).min();
    let passed_on = passed_on.ok_or_else(|| TrainingError::NotCompleted(number()))?;
    not_before(request.date, passed_on, "tanggal lulus")?;
    let detail = |field| TrainingError::PlacementDetail { kind: kind_name(request.kind), field };
    match (request.kind, &request.destination, request.member_id) {
        (PlacementKind::Employed, None, _) => return Err(detail("destination (tempat kerja)")),
        (PlacementKind::Referred, None, _) => return Err(detail("destination (lembaga rujukan)")),
        (PlacementKind::JoinedKube, _, None) => return Err(detail("member_id (anggota KUBE)")),
        (kind, _, Some(_)) if kind != PlacementKind::JoinedKube => {
            return Err(TrainingError::PlacementDetail { kind: "selain bergabung_kube", field: "member_id kosong" })
        }
        _ => {}
    }
    let PlacementRequest { kind, date, destination, member_id, note } = request;
    Ok(Placement { client_id: client.id, kind, date, destination, member_id, note, follow_ups: Vec::new() })
}

fn kind_name(kind: PlacementKind) -> &'static str {
    match kind {
        PlacementKind::Employed => "bekerja",
        PlacementKind::SelfEmployed => "usaha_mandiri",
        PlacementKind::JoinedKube => "bergabung_kube",
        PlacementKind::ReturnedToFamily => "kembali_ke_keluarga",
        PlacementKind::Referred => "dirujuk",
    }
}

/// Adds a follow-up visit to a placed client's record, on or after the placement.
pub fn follow_up(client: &Client, placement: Option<&Placement>, visit: FollowUp) -> Result<Placement, TrainingError> {
    let placement =
        placement.ok_or_else(|| TrainingError::NotPlaced(client.number().to_string(), "bimbingan lanjut"))?;
    not_before(visit.date, placement.date, "tanggal penyaluran")?;
    if placement.follow_ups.len() >= FOLLOW_UPS_MAX {
        return Err(TrainingError::TooManyFollowUps);
    }
    let mut placed = placement.clone();
    // Keep date order; a visit dated like an earlier one goes after it.
    let at = placed.follow_ups.partition_point(|v| v.date <= visit.date);
    placed.follow_ups.insert(at, visit);
    Ok(placed)
}

impl Placement {
    /// The business as of the latest visit, if any visit recorded one.
    pub fn latest_business(&self) -> Option<Business> {
        self.follow_ups.last().and_then(|v| v.business)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageItem {
    pub name: String,
    pub quantity: u32,
    /// Value of the whole line (all units).
    pub value: Money,
}

impl PackageItem {
    pub fn new(name: &str, quantity: u32, value: Money) -> Result<PackageItem, TrainingError> {
        if quantity == 0 || value.is_zero() || value.is_negative() {
            return Err(TrainingError::InvalidPackage);
        }
        Ok(PackageItem { name: parse_text(name, "nama barang paket")?, quantity, value })
    }
}

/// The entry that paid a package, linking the client's record to the books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackagePayment {
    pub seq: u64,
    pub date: NaiveDate,
    pub recorded_by: String,
}

/// The productive-business assistance package (paket bantuan UEP) handed over at termination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub client_id: ClientId,
    pub date: NaiveDate,
    pub items: Vec<PackageItem>,
    pub total: Money,
    pub payment: Option<PackagePayment>,
}

/// The package of a placed client, once: termination follows placement.
pub fn package(
    client: &Client,
    placement: Option<&Placement>,
    existing: Option<&Package>,
    date: NaiveDate,
    items: Vec<PackageItem>,
) -> Result<Package, TrainingError> {
    let number = || client.number().to_string();
    let placement = placement.ok_or_else(|| TrainingError::NotPlaced(number(), "paket bantuan"))?;
    if existing.is_some() {
        return Err(TrainingError::PackageExists(number()));
    }
    not_before(date, placement.date, "tanggal penyaluran")?;
    if !(1..=PACKAGE_ITEMS_MAX).contains(&items.len()) {
        return Err(TrainingError::InvalidPackage);
    }
    let total: Decimal = items.iter().map(|i| i.value.decimal()).sum();
    let total = Money::from_decimal(total).map_err(|_| TrainingError::InvalidPackage)?;
    Ok(Package { client_id: client.id, date, items, total, payment: None })
}

impl Package {
    pub fn ensure_unpaid(&self, client: &Client) -> Result<(), TrainingError> {
        match &self.payment {
            Some(paid) => Err(TrainingError::PackageAlreadyPaid { number: client.number().to_string(), seq: paid.seq }),
            None => Ok(()),
        }
    }
}

/// Paying a package from the panti's cash: debit 5103 Beban Paket Bantuan UEP, credit
/// 1101 Kas; refused when the till holds less than the package is worth.
pub fn package_entry(
    books: &Books,
    client: &Client,
    package: &Package,
    date: NaiveDate,
    memo: Option<Memo>,
) -> Result<BalancedEntry, MemberError> {
    ensure_funds(books, &code(CASH), package.total.decimal())?;
    let memo = match memo {
        Some(memo) => memo,
        None => {
            Memo::parse(&format!("Paket bantuan UEP klien {}", client.number())).map_err(|e| EntryErrors(vec![e]))?
        }
    };
    let lines = vec![Line::debit(code(PACKAGE_EXPENSE), package.total), Line::credit(code(CASH), package.total)];
    Ok(BalancedEntry::new(date, memo, lines)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::training::client::Sex;
    use crate::domain::training::cohort::tests::{client, cohort, date};
    use crate::domain::training::cohort::{enrol, Assessment, Competency, Completion, Outcome};

    fn request(kind: PlacementKind, on: &str) -> PlacementRequest {
        PlacementRequest { kind, date: date(on), destination: None, member_id: None, note: None }
    }

    fn finished(outcome: Outcome) -> Vec<Enrolment> {
        let someone = client(1, Sex::Perempuan);
        let enrolment = enrol(&cohort(1, "menjahit", "2026-01-05", 5), &[], &someone, date("2026-01-05")).unwrap();
        let competent = Assessment::new(date("2026-03-30"), Competency::Kompeten, 80).unwrap();
        let reason = (outcome == Outcome::Keluar).then_some("Pindah kota");
        let completion = Completion::new(outcome, date("2026-03-31"), reason).unwrap();
        vec![enrolment.assess(&someone, competent).unwrap().complete(&someone, completion).unwrap()]
    }

    #[test]
    fn no_placement_before_passing() {
        let someone = client(1, Sex::Perempuan);
        let self_employed = || request(PlacementKind::SelfEmployed, "2026-04-10");
        assert!(matches!(place(&someone, &[], None, self_employed()), Err(TrainingError::NotCompleted(_))));
        let failed = finished(Outcome::TidakLulus);
        assert!(matches!(place(&someone, &failed, None, self_employed()), Err(TrainingError::NotCompleted(_))));
        let passed = finished(Outcome::Lulus);
        let early = request(PlacementKind::SelfEmployed, "2026-03-01");
        assert!(matches!(place(&someone, &passed, None, early), Err(TrainingError::TooEarly { .. })));
        let placed = place(&someone, &passed, None, self_employed()).unwrap();
        assert!(matches!(
            place(&someone, &passed, Some(&placed), self_employed()),
            Err(TrainingError::AlreadyPlaced(_))
        ));
    }

    #[test]
    fn each_kind_of_placement_carries_its_detail() {
        let someone = client(1, Sex::Perempuan);
        let passed = finished(Outcome::Lulus);
        let employed = request(PlacementKind::Employed, "2026-04-10");
        assert!(matches!(place(&someone, &passed, None, employed.clone()), Err(TrainingError::PlacementDetail { .. })));
        let with_employer = PlacementRequest { destination: Some("Konveksi Maju".into()), ..employed };
        assert!(place(&someone, &passed, None, with_employer).is_ok());
        let kube = request(PlacementKind::JoinedKube, "2026-04-10");
        assert!(matches!(place(&someone, &passed, None, kube.clone()), Err(TrainingError::PlacementDetail { .. })));
        assert_eq!(
            place(&someone, &passed, None, PlacementRequest { member_id: Some(7), ..kube }).unwrap().member_id,
            Some(7)
        );
        let family = PlacementRequest { member_id: Some(7), ..request(PlacementKind::ReturnedToFamily, "2026-04-10") };
        assert!(matches!(place(&someone, &passed, None, family), Err(TrainingError::PlacementDetail { .. })));
    }

    #[test]
    fn no_follow_up_before_placement_and_visits_stay_in_date_order() {
        let someone = client(1, Sex::Perempuan);
        let visit = |on: &str, business| {
            FollowUp::new(date(on), business, Money::parse("750000").unwrap(), None, None).unwrap()
        };
        let refused = follow_up(&someone, None, visit("2026-05-01", Some(Business::Running)));
        assert!(matches!(refused, Err(TrainingError::NotPlaced(..))));
        let placed =
            place(&someone, &finished(Outcome::Lulus), None, request(PlacementKind::SelfEmployed, "2026-04-10"))
                .unwrap();
        let early = follow_up(&someone, Some(&placed), visit("2026-04-01", None));
        assert!(matches!(early, Err(TrainingError::TooEarly { .. })));
        let once = follow_up(&someone, Some(&placed), visit("2026-07-01", Some(Business::Stopped))).unwrap();
        let twice = follow_up(&someone, Some(&once), visit("2026-05-01", Some(Business::Running))).unwrap();
        assert_eq!(twice.follow_ups[0].date, date("2026-05-01"));
        assert_eq!(twice.latest_business(), Some(Business::Stopped));
        assert!(FollowUp::new(date("2026-05-01"), None, Money::parse("-1").unwrap(), None, None).is_err());
    }

    #[test]
    fn a_package_follows_placement_and_is_paid_from_cash_only_if_cash_suffices() {
        use crate::domain::books::Stamp;
        let someone = client(1, Sex::Perempuan);
        let items = || {
            vec![
                PackageItem::new("Mesin jahit", 1, Money::parse("1500000").unwrap()).unwrap(),
                PackageItem::new("Kain katun (meter)", 20, Money::parse("400000").unwrap()).unwrap(),
            ]
        };
        assert!(matches!(
            package(&someone, None, None, date("2026-05-01"), items()),
            Err(TrainingError::NotPlaced(..))
        ));
        let placed =
            place(&someone, &finished(Outcome::Lulus), None, request(PlacementKind::SelfEmployed, "2026-04-10"))
                .unwrap();
        let given = package(&someone, Some(&placed), None, date("2026-05-01"), items()).unwrap();
        assert_eq!(given.total, Money::parse("1900000").unwrap());
        assert!(matches!(
            package(&someone, Some(&placed), Some(&given), date("2026-05-01"), items()),
            Err(TrainingError::PackageExists(_))
        ));
        assert_eq!(
            package(&someone, Some(&placed), None, date("2026-05-01"), vec![]),
            Err(TrainingError::InvalidPackage)
        );
        let mut books = Books::new(1, crate::domain::account::Chart::from_csv(crate::data::COA_PANTI).unwrap());
        let short = package_entry(&books, &someone, &given, date("2026-05-02"), None);
        assert!(matches!(short, Err(MemberError::CashShort { .. })));
        let funding = BalancedEntry::new(
            date("2026-05-01"),
            Memo::parse("Dana APBD").unwrap(),
            vec![
                Line::debit(code(CASH), Money::parse("2000000").unwrap()),
                Line::credit(code("4101"), Money::parse("2000000").unwrap()),
            ],
        )
        .unwrap();
        let stamp = Stamp { recorded_by: "t".into(), recorded_at: "t".into(), reverses: None };
        books.post(funding, stamp, &crate::domain::registers::Register::default()).unwrap();
        let entry = package_entry(&books, &someone, &given, date("2026-05-02"), None).unwrap();
        assert_eq!(entry.memo().as_str(), "Paket bantuan UEP klien K-001");
        assert_eq!(entry.lines()[0].account, code(PACKAGE_EXPENSE));
        assert_eq!(entry.total(), Decimal::from(1_900_000));
    }
}
