//! Sales (penjualan), purchases (pembelian) and production (produksi): pure builders of
//! the entries they post, with cost of goods at moving-average cost.

use super::account::{AccountCode, AccountType};
use super::books::{Books, Stock, StockLevel};
use super::entry::{BalancedEntry, EntryErrors, Line, MemberId, Memo, Quantity};
use super::member::{code, ensure_funds, MemberError, CASH};
use super::money::{display_idr, Money};
use super::problem::{AccountRole, Problem};
use super::product::{Product, ProductKind};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Trade receivables (piutang usaha).
pub const RECEIVABLES: &str = "1103";
/// Trade payables (utang usaha).
pub const PAYABLES: &str = "2101";
/// Sales of goods (penjualan).
pub const SALES: &str = "4101";
/// Service income (pendapatan jasa).
pub const SERVICE_INCOME: &str = "4102";
/// Sales returns and discounts (retur dan potongan penjualan), a contra-revenue account.
pub const SALES_DISCOUNTS: &str = "4103";
/// Cost of goods sold (harga pokok penjualan).
pub const COST_OF_GOODS_SOLD: &str = "5101";
/// Equipment (peralatan): tools bought at or above the threshold.
pub const EQUIPMENT: &str = "1201";
/// General expenses (beban administrasi dan umum): small tools and sundries.
pub const GENERAL_EXPENSES: &str = "5208";
/// A tool costing this much or more is an asset rather than an expense.
pub const EQUIPMENT_THRESHOLD_IDR: i64 = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SalesError {
    #[error("stok {product} tinggal {on_hand} {unit}; tidak cukup untuk {requested} {unit}")]
    InsufficientStock { product: String, unit: String, on_hand: String, requested: String },
    #[error("produk {0} tidak punya nilai persediaan; catat pembelian atau produksinya dulu")]
    NoStockValue(String),
    #[error("potongan {discount} melebihi jumlah penjualan {gross}")]
    DiscountTooLarge { discount: String, gross: String },
    #[error("penjualan harus punya minimal satu baris dengan jumlah lebih dari nol")]
    Empty,
    #[error("{0} adalah jasa; jasa tidak dibeli untuk persediaan atau diproduksi")]
    ServiceNotStocked(String),
    #[error("baris pembelian tanpa produk harus punya keterangan")]
    DescriptionRequired,
    #[error("produksi harus punya bahan dan hasil")]
    EmptyProduction,
    #[error("penjualan kredit perlu nama pelanggan, agar piutangnya bisa ditagih")]
    CustomerRequired,
    #[error("{0}")]
    Funds(#[from] MemberError),
    #[error("{0}")]
    Entry(#[from] EntryErrors),
    /// A rule with its words in the catalogue.
    #[error("{}", .0.code())]
    Refused(Problem),
}

fn money(value: Decimal) -> Money {
    Money::from_decimal(value).expect("a rounded sum of bounded amounts fits an amount")
}

/// Quantity times a price, to the cent, half away from zero.
pub fn extend(quantity: Quantity, unit_price: Money) -> Decimal {
    (quantity.decimal() * unit_price.decimal()).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Takes units out of stock at moving-average cost, as a credit line on the inventory account.
fn take_out(stock: &mut Stock, product: &Product, quantity: Quantity) -> Result<(Line, Decimal), SalesError> {
    let account = product.stock_account().ok_or_else(|| SalesError::ServiceNotStocked(product.name.clone()))?;
    let key = (account.clone(), product.id);
    let level = stock.get(&key).copied().unwrap_or_default();
    if level.quantity < quantity.decimal() {
        return Err(SalesError::InsufficientStock {
            product: format!("{} ({})", product.name, product.code),
            unit: product.unit.clone(),
            on_hand: level.quantity.normalize().to_string(),
            requested: quantity.decimal().normalize().to_string(),
        });
    }
    let cost = level.cost_of(quantity.decimal());
    if cost <= Decimal::ZERO {
        return Err(SalesError::NoStockValue(product.name.clone()));
    }
    stock.insert(key, StockLevel { quantity: level.quantity - quantity.decimal(), value: level.value - cost });
    Ok((Line::credit(account, money(cost)).with_stock(product.id, quantity), cost))
}

/// One line of a sale.
#[derive(Debug, Clone)]
pub struct SaleLine {
    pub product: Product,
    pub quantity: Quantity,
    pub unit_price: Money,
}

#[derive(Debug, Clone)]
pub struct Sale {
    pub date: NaiveDate,
    pub customer: Option<String>,
    /// A member buying from the KUBE: counts toward their SHU share for business done.
    pub member_id: Option<MemberId>,
    pub lines: Vec<SaleLine>,
    pub discount: Money,
    pub on_credit: bool,
    pub memo: Option<Memo>,
}

/// What a sale was, kept beside its entry for receipts, receivables and summaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRecord {
    pub customer: Option<String>,
    pub member_id: Option<MemberId>,
    pub on_credit: bool,
    pub lines: Vec<SoldLine>,
    pub discount: Money,
    /// What the buyer pays: gross less discount.
    pub net: Money,
    pub cost: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoldLine {
    pub product_id: u64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub quantity: Quantity,
    pub unit_price: Money,
    pub amount: Money,
}

/// The entry of a sale: cash or receivable against revenue (goods and services apart),
/// the discount on its contra account, and stocked goods out at moving-average cost.
pub fn sale_entry(books: &Books, sale: &Sale) -> Result<(BalancedEntry, SaleRecord), SalesError> {
    if sale.on_credit && sale.customer.is_none() {
        return Err(SalesError::CustomerRequired);
    }
    let mut stock = books.stock.clone();
    let (mut goods, mut services, mut cost_total) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut stock_lines = Vec::new();
    let mut sold = Vec::new();
    for line in &sale.lines {
        let amount = extend(line.quantity, line.unit_price);
        match line.product.kind {
            ProductKind::Jasa => services += amount,
            _ => {
                goods += amount;
                let (out, cost) = take_out(&mut stock, &line.product, line.quantity)?;
                stock_lines.push(out);
                cost_total += cost;
            }
        }
        sold.push(SoldLine {
            product_id: line.product.id,
            code: line.product.code.clone(),
            name: line.product.name.clone(),
            unit: line.product.unit.clone(),
            quantity: line.quantity,
            unit_price: line.unit_price,
            amount: money(amount),
        });
    }
    let gross = goods + services;
    if gross <= Decimal::ZERO {
        return Err(SalesError::Empty);
    }
    let discount = sale.discount.decimal();
    if discount > gross || discount < Decimal::ZERO {
        return Err(SalesError::DiscountTooLarge { discount: display_idr(discount), gross: display_idr(gross) });
    }
    let net = gross - discount;
    let mut lines = Vec::new();
    if net > Decimal::ZERO {
        lines.push(Line::debit(code(if sale.on_credit { RECEIVABLES } else { CASH }), money(net)));
    }
    if discount > Decimal::ZERO {
        lines.push(Line::debit(code(SALES_DISCOUNTS), money(discount)));
    }
    for (account, amount) in [(SALES, goods), (SERVICE_INCOME, services)] {
        if amount > Decimal::ZERO {
            lines.push(Line::credit(code(account), money(amount)));
        }
    }
    if cost_total > Decimal::ZERO {
        lines.push(Line::debit(code(COST_OF_GOODS_SOLD), money(cost_total)));
        lines.extend(stock_lines);
    }
    let buyer = sale.customer.clone().unwrap_or_else(|| "umum".into());
    let how = if sale.on_credit { "kredit" } else { "tunai" };
    let memo = Memo::given_or(sale.memo.clone(), &format!("Penjualan {how} kepada {buyer}"))?;
    let entry = BalancedEntry::new(sale.date, memo, lines)?;
    let record = SaleRecord {
        customer: sale.customer.clone(),
        member_id: sale.member_id,
        on_credit: sale.on_credit,
        lines: sold,
        discount: sale.discount,
        net: money(net),
        cost: money(cost_total),
    };
    Ok((entry, record))
}

/// One line of a purchase: a product into stock, or something else (a tool, a sundry).
#[derive(Debug, Clone)]
pub struct PurchaseLine {
    pub product: Option<Product>,
    pub description: Option<String>,
    pub quantity: Quantity,
    pub unit_cost: Money,
    /// The expense account the line is, when it says so (fuel, overhead), instead of a
    /// product or the equipment rule.
    pub expense_account: Option<AccountCode>,
}

#[derive(Debug, Clone)]
pub struct Purchase {
    pub date: NaiveDate,
    pub supplier: String,
    /// A member selling to the KUBE: counts toward their jasa usaha.
    pub member_id: Option<MemberId>,
    pub lines: Vec<PurchaseLine>,
    pub on_credit: bool,
    pub memo: Option<Memo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseRecord {
    pub supplier: String,
    pub on_credit: bool,
    pub total: Money,
    pub member_id: Option<MemberId>,
}

/// The entry of a purchase: stocked goods into inventory at cost, a line that names its
/// expense account to it, a tool whose unit cost is at or above the threshold to
/// equipment, the rest to general expenses; against cash or payables.
pub fn purchase_entry(books: &Books, purchase: &Purchase) -> Result<(BalancedEntry, PurchaseRecord), SalesError> {
    let mut lines = Vec::new();
    let mut total = Decimal::ZERO;
    for line in &purchase.lines {
        let amount = extend(line.quantity, line.unit_cost);
        if amount <= Decimal::ZERO {
            return Err(SalesError::Refused(Problem::EmptyPurchase));
        }
        total += amount;
        let debit = match (&line.product, &line.expense_account) {
            (Some(_), Some(account)) => {
                let detail = format!("baris dengan produk tidak bisa sekaligus akun beban {account}");
                return Err(SalesError::Refused(Problem::Malformed { detail }));
            }
            (None, Some(account)) => {
                let expense = books.chart.get(account).is_some_and(|a| a.account_type == AccountType::Beban);
                if !expense || !books.chart.is_postable(account) {
                    let expected = AccountRole::Expense;
                    return Err(SalesError::Refused(Problem::WrongAccount { account: account.to_string(), expected }));
                }
                Line::debit(account.clone(), money(amount))
            }
            (Some(product), None) => {
                let account =
                    product.stock_account().ok_or_else(|| SalesError::ServiceNotStocked(product.name.clone()))?;
                Line::debit(account, money(amount)).with_stock(product.id, line.quantity)
            }
            (None, None) if line.description.as_deref().map_or(true, |d| d.trim().is_empty()) => {
                return Err(SalesError::DescriptionRequired)
            }
            // One item costing the threshold or more is equipment; many cheap ones are not.
            (None, None) if line.unit_cost.decimal() >= Decimal::from(EQUIPMENT_THRESHOLD_IDR) => {
                Line::debit(code(EQUIPMENT), money(amount))
            }
            (None, None) => Line::debit(code(GENERAL_EXPENSES), money(amount)),
        };
        lines.push(debit);
    }
    if lines.is_empty() {
        return Err(SalesError::Refused(Problem::EmptyPurchase));
    }
    let credit_account = if purchase.on_credit { code(PAYABLES) } else { code(CASH) };
    if !purchase.on_credit {
        ensure_funds(books, &credit_account, total)?;
    }
    lines.push(Line::credit(credit_account, money(total)));
    let how = if purchase.on_credit { "kredit" } else { "tunai" };
    let memo = Memo::given_or(purchase.memo.clone(), &format!("Pembelian {how} dari {}", purchase.supplier))?;
    let record = PurchaseRecord {
        supplier: purchase.supplier.clone(),
        on_credit: purchase.on_credit,
        total: money(total),
        member_id: purchase.member_id,
    };
    Ok((BalancedEntry::new(purchase.date, memo, lines)?, record))
}

#[derive(Debug, Clone)]
pub struct Production {
    pub date: NaiveDate,
    pub inputs: Vec<(Product, Quantity)>,
    pub outputs: Vec<(Product, Quantity)>,
    /// Paid in cash during the batch (firewood, wages of the day…).
    pub direct_cost: Money,
    pub memo: Option<Memo>,
}

/// The entry of a production batch: inputs out at moving-average cost, direct costs from
/// cash, and the outputs in at what they cost, shared by quantity (the last output takes
/// what rounding leaves, so nothing is lost or made up).
pub fn production_entry(books: &Books, batch: &Production) -> Result<BalancedEntry, SalesError> {
    if batch.inputs.is_empty() || batch.outputs.is_empty() {
        return Err(SalesError::EmptyProduction);
    }
    let mut stock = books.stock.clone();
    let mut lines = Vec::new();
    let mut total = Decimal::ZERO;
    for (product, quantity) in &batch.inputs {
        let (out, cost) = take_out(&mut stock, product, *quantity)?;
        lines.push(out);
        total += cost;
    }
    if !batch.direct_cost.is_zero() {
        ensure_funds(books, &code(CASH), batch.direct_cost.decimal())?;
        lines.push(Line::credit(code(CASH), batch.direct_cost));
        total += batch.direct_cost.decimal();
    }
    let units: Decimal = batch.outputs.iter().map(|(_, q)| q.decimal()).sum();
    let mut left = total;
    for (index, (product, quantity)) in batch.outputs.iter().enumerate() {
        let account: AccountCode =
            product.stock_account().ok_or_else(|| SalesError::ServiceNotStocked(product.name.clone()))?;
        let share = if index + 1 == batch.outputs.len() {
            left
        } else {
            (total * quantity.decimal() / units).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        };
        left -= share;
        lines.push(Line::debit(account, money(share)).with_stock(product.id, *quantity));
    }
    let made: Vec<String> =
        batch.outputs.iter().map(|(p, q)| format!("{} {} {}", q.decimal().normalize(), p.unit, p.name)).collect();
    let memo = Memo::given_or(batch.memo.clone(), &format!("Produksi: {}", made.join(", ")))?;
    Ok(BalancedEntry::new(batch.date, memo, lines)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Chart;
    use crate::domain::books::Stamp;

    fn product(id: u64, code: &str, unit: &str, kind: ProductKind) -> Product {
        Product {
            id,
            entity_id: 2,
            code: code.into(),
            name: code.to_lowercase(),
            unit: unit.into(),
            default_price: Money::ZERO,
            kind,
        }
    }

    fn kedelai() -> Product {
        product(1, "KDL", "kg", ProductKind::BahanBaku)
    }

    fn tahu() -> Product {
        product(2, "TAHU", "bungkus", ProductKind::BarangJadi)
    }

    fn q(text: &str) -> Quantity {
        Quantity::parse(text).unwrap()
    }

    fn rp(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    fn date() -> NaiveDate {
        "2026-07-01".parse().unwrap()
    }

    fn post(books: &mut Books, entry: BalancedEntry) {
        let register = crate::domain::registers::Register::default().with_product(&kedelai()).with_product(&tahu());
        books
            .post(entry, Stamp { recorded_by: "t".into(), recorded_at: "t".into(), reverses: None }, &register)
            .unwrap();
    }

    /// Books with Rp5.000.000 in cash from a grant.
    fn books() -> Books {
        let mut books = Books::new(2, Chart::from_csv(crate::data::COA_KUBE).unwrap());
        let grant = BalancedEntry::new(
            date(),
            Memo::parse("Hibah").unwrap(),
            vec![Line::debit(code(CASH), rp("5000000")), Line::credit(code("3103"), rp("5000000"))],
        )
        .unwrap();
        post(&mut books, grant);
        books
    }

    fn buy(books: &mut Books, product: Product, quantity: &str, unit_cost: &str) {
        let purchase = Purchase {
            date: date(),
            supplier: "UD Sumber Rejeki".into(),
            member_id: None,
            lines: vec![PurchaseLine {
                product: Some(product),
                description: None,
                quantity: q(quantity),
                unit_cost: rp(unit_cost),
                expense_account: None,
            }],
            on_credit: false,
            memo: None,
        };
        let (entry, _) = purchase_entry(books, &purchase).unwrap();
        post(books, entry);
    }

    fn produce(books: &mut Books, kg: &str, direct: &str, bungkus: &str) {
        let batch = Production {
            date: date(),
            inputs: vec![(kedelai(), q(kg))],
            outputs: vec![(tahu(), q(bungkus))],
            direct_cost: rp(direct),
            memo: None,
        };
        let entry = production_entry(books, &batch).unwrap();
        post(books, entry);
    }

    fn sell(books: &mut Books, bungkus: &str, price: &str) -> SaleRecord {
        let sale = Sale {
            date: date(),
            customer: Some("Pasar Legi".into()),
            member_id: None,
            lines: vec![SaleLine { product: tahu(), quantity: q(bungkus), unit_price: rp(price) }],
            discount: Money::ZERO,
            on_credit: false,
            memo: None,
        };
        let (entry, record) = sale_entry(books, &sale).unwrap();
        post(books, entry);
        record
    }

    fn level(books: &Books, product: &Product) -> (Decimal, Decimal) {
        let level = books.stock[&(product.stock_account().unwrap(), product.id)];
        (level.quantity, level.value)
    }

    /// Worked moving-average example, computed by hand:
    /// 1. buy 100 kg kedelai @ 10.000 = 1.000.000            → 100 kg, 1.000.000
    /// 2. buy  50 kg @ 11.500 = 575.000                      → 150 kg, 1.575.000 (10.500/kg)
    /// 3. produce: 60 kg (60 × 10.500 = 630.000) + 70.000 firewood → 350 bungkus tahu, 700.000 (2.000 each)
    ///                                                       kedelai left: 90 kg, 945.000
    /// 4. sell 100 bungkus @ 3.500: cost 100 × 2.000 = 200.000 → tahu 250, 500.000
    /// 5. produce: 30 kg (315.000) → 150 bungkus             → tahu 400, 815.000 (2.037,5 each)
    /// 6. sell 120: cost 815.000 × 120 / 400 = 244.500       → tahu 280, 570.500
    /// 7. sell 280 (all): cost is all that is left, 570.500  → tahu 0, 0
    /// Cost of goods sold: 200.000 + 244.500 + 570.500 = 1.015.000 = 700.000 + 315.000 produced.
    #[test]
    fn moving_average_worked_example() {
        let mut books = books();
        buy(&mut books, kedelai(), "100", "10000");
        buy(&mut books, kedelai(), "50", "11500");
        assert_eq!(level(&books, &kedelai()), (Decimal::from(150), Decimal::from(1_575_000)));
        produce(&mut books, "60", "70000", "350");
        assert_eq!(level(&books, &kedelai()), (Decimal::from(90), Decimal::from(945_000)));
        assert_eq!(level(&books, &tahu()), (Decimal::from(350), Decimal::from(700_000)));
        assert_eq!(sell(&mut books, "100", "3500").cost, rp("200000"));
        produce(&mut books, "30", "0", "150");
        assert_eq!(level(&books, &tahu()), (Decimal::from(400), Decimal::from(815_000)));
        assert_eq!(sell(&mut books, "120", "3500").cost, rp("244500"));
        assert_eq!(sell(&mut books, "280", "3500").cost, rp("570500"));
        assert_eq!(level(&books, &tahu()), (Decimal::ZERO, Decimal::ZERO));
        let cogs = books.balances[&code(COST_OF_GOODS_SOLD)].net();
        assert_eq!(cogs, Decimal::from(1_015_000));
        // Stock value equals the inventory accounts.
        assert_eq!(books.balances[&code("1105")].net(), Decimal::from(630_000));
        assert_eq!(books.balances[&code("1106")].net(), Decimal::ZERO);
    }

    #[test]
    fn selling_more_than_is_on_hand_says_how_much_is_left() {
        let mut books = books();
        buy(&mut books, kedelai(), "100", "10000");
        produce(&mut books, "10", "0", "50");
        let sale = Sale {
            date: date(),
            customer: None,
            member_id: None,
            lines: vec![SaleLine { product: tahu(), quantity: q("51"), unit_price: rp("3500") }],
            discount: Money::ZERO,
            on_credit: false,
            memo: None,
        };
        let error = sale_entry(&books, &sale).unwrap_err();
        assert_eq!(error.to_string(), "stok tahu (TAHU) tinggal 50 bungkus; tidak cukup untuk 51 bungkus");
    }

    #[test]
    fn a_credit_sale_with_a_discount_and_a_service_line() {
        let mut books = books();
        buy(&mut books, kedelai(), "10", "10000");
        produce(&mut books, "10", "0", "40");
        let jasa = product(3, "ANTAR", "kali", ProductKind::Jasa);
        let sale = Sale {
            date: date(),
            customer: Some("Warung Bu Sri".into()),
            member_id: Some(4),
            lines: vec![
                SaleLine { product: tahu(), quantity: q("10"), unit_price: rp("3500") },
                SaleLine { product: jasa, quantity: q("1"), unit_price: rp("5000") },
            ],
            discount: rp("2000"),
            on_credit: true,
            memo: None,
        };
        let (entry, record) = sale_entry(&books, &sale).unwrap();
        let amount_of =
            |account: &str| entry.lines().iter().find(|l| l.account.as_str() == account).map(|l| l.amount.canonical());
        assert_eq!(amount_of(RECEIVABLES).as_deref(), Some("38000.00"));
        assert_eq!(amount_of(SALES_DISCOUNTS).as_deref(), Some("2000.00"));
        assert_eq!(amount_of(SALES).as_deref(), Some("35000.00"));
        assert_eq!(amount_of(SERVICE_INCOME).as_deref(), Some("5000.00"));
        assert_eq!(amount_of(COST_OF_GOODS_SOLD).as_deref(), Some("25000.00"));
        assert_eq!(record.net, rp("38000"));
    }

    #[test]
    fn tools_at_or_above_the_threshold_become_equipment() {
        let books = books();
        let tool = |quantity: &str, cost: &str, expense: Option<&str>| Purchase {
            date: date(),
            supplier: "Toko Besi".into(),
            member_id: None,
            lines: vec![PurchaseLine {
                product: None,
                description: Some("Cetakan tahu".into()),
                quantity: q(quantity),
                unit_cost: rp(cost),
                expense_account: expense.map(code),
            }],
            on_credit: true,
            memo: None,
        };
        let (big, _) = purchase_entry(&books, &tool("1", "1000000", None)).unwrap();
        assert_eq!(big.lines()[0].account.as_str(), EQUIPMENT);
        let (small, _) = purchase_entry(&books, &tool("1", "999999.99", None)).unwrap();
        assert_eq!(small.lines()[0].account.as_str(), GENERAL_EXPENSES);
        assert_eq!(small.lines()[1].account.as_str(), PAYABLES);
        // 24 bundles of firewood at 100.000: 2.400.000 in all, but no single item is equipment.
        let (firewood, _) = purchase_entry(&books, &tool("24", "100000", None)).unwrap();
        assert_eq!(firewood.lines()[0].account.as_str(), GENERAL_EXPENSES);
        assert_eq!(firewood.total(), Decimal::from(2_400_000));
    }

    #[test]
    fn a_purchase_line_can_name_its_expense_account() {
        let books = books();
        let line = |account: &str| Purchase {
            date: date(),
            supplier: "SPBU".into(),
            member_id: None,
            lines: vec![PurchaseLine {
                product: None,
                description: None,
                quantity: q("1"),
                unit_cost: rp("1500000"),
                expense_account: Some(code(account)),
            }],
            on_credit: true,
            memo: None,
        };
        let (fuel, _) = purchase_entry(&books, &line("5203")).unwrap();
        assert_eq!(fuel.lines()[0].account.as_str(), "5203", "an expense, though above the threshold");
        for wrong in ["1101", "5000", "9999"] {
            let refused = purchase_entry(&books, &line(wrong)).unwrap_err();
            assert_eq!(
                refused,
                SalesError::Refused(Problem::WrongAccount { account: wrong.into(), expected: AccountRole::Expense })
            );
        }
    }
}
