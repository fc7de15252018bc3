//! Every route of the router, with a body it accepts and who may call it; shared by the
//! authorisation matrix (tests/api/auth.rs) and the JSON fuzzer (tests/fuzz.rs).

use crate::helpers::{send, TestApp};
use serde_json::{json, Value};

/// A call of one route of the route table (`kube_ledger::http::routes::table`) with a body it
/// accepts. Who may make it is the table's to say; tests/api/auth.rs holds the answers to it.
pub struct Route {
    pub method: &'static str,
    /// Ids as placeholders: `{kube}` (the treasurer's KUBE), `{panti}` (its panti), `{member}`
    /// (the member who signs in), `{client}`, `{cohort}`, `{staff}`, `{loan}`, `{member_loan}`,
    /// `{product}`, `{sale}`.
    pub path: &'static str,
    pub body: &'static str,
}

/// The callers of the matrix: admin, the KUBE's treasurer,
/// the head and the supervisor of its panti, another entity's treasurer, the member.
pub const CALLERS: [&str; 6] = ["admin", "treasurer", "head", "supervisor", "other_treasurer", "member"];

const fn route(method: &'static str, path: &'static str, body: &'static str) -> Route {
    Route { method, path, body }
}

/// Sign-out comes last: it ends the session the other rows call with.
pub const ROUTES: &[Route] = &[
    route("GET", "/healthz", ""),
    route("POST", "/api/v1/login", r#"{"username":"admin","password":"rahasia-uji-1"}"#),
    route("GET", "/api/v1/me", ""),
    route("GET", "/scripts/sale-form.js", ""),
    route("POST", "/api/v1/entities", r#"{"kind":"kube","name":"KUBE Baru"}"#),
    route("GET", "/api/v1/entities", ""),
    route("POST", "/api/v1/users", r#"{"username":"bendahara.baru","role":"treasurer","entity_id":"{kube}","password":"rahasia-baru-1"}"#),
    // The login the row above creates, so no caller of the matrix loses its session.
    route("POST", "/api/v1/users/bendahara.baru/password", r#"{"password":"rahasia-baru-9"}"#),
    route("POST", "/api/v1/users/bendahara.baru/disabled", r#"{"disabled":true}"#),
    route("GET", "/admin/entities", ""),
    route("POST", "/admin/entities", "kind=kube&name=KUBE+Baru&parent_id={panti}"),
    route("GET", "/admin/users", ""),
    route("POST", "/admin/users", "username=kepala.baru&role=head&entity_id={panti}&password=rahasia-baru-2"),
    route("GET", "/admin/users/bendahara.baru", ""),
    route("POST", "/admin/users/bendahara.baru/password", "password=rahasia-baru-8"),
    route("POST", "/admin/users/bendahara.baru/disabled", "disabled=false"),
    route("GET", "/api/v1/entities/{kube}", ""),
    route("GET", "/api/v1/entities/{kube}/accounts", ""),
    route("POST", "/api/v1/entities/{kube}/accounts", r#"{"code":"5211","name":"Beban Bahan Bakar","parent":"5000"}"#),
    route("POST", "/api/v1/entities/{kube}/accounts/rename", r#"{"code":"5203","name":"Beban Transportasi dan BBM"}"#),
    route("POST", "/api/v1/entities/{kube}/accounts/deactivate", r#"{"code":"5210"}"#),
    route("GET", "/entities/{kube}/accounts", ""),
    route("POST", "/entities/{kube}/accounts", "code=5212&name=Beban+Pajak&parent=5000"),
    route("GET", "/entities/{kube}/accounts/5203", ""),
    route("POST", "/entities/{kube}/accounts/rename", "code=5203&name=Beban+BBM"),
    route("POST", "/entities/{kube}/accounts/deactivate", "code=5210"),
    route("POST", "/api/v1/entities/{kube}/entries", r#"{"date":"2026-07-01","memo":"Jual tahu","lines":[{"account":"1101","debit":"15000"},{"account":"4101","credit":"15000"}]}"#),
    route("GET", "/api/v1/entities/{kube}/entries", ""),
    route("POST", "/api/v1/entities/{kube}/entries/batch", r#"{"entries":[{"date":"2026-07-01","memo":"Jual tahu","lines":[{"account":"1101","debit":"1"},{"account":"4101","credit":"1"}]}]}"#),
    route("GET", "/api/v1/entities/{kube}/entries/1", ""),
    route("POST", "/api/v1/entities/{kube}/entries/1/reverse", r#"{"date":"2026-07-02"}"#),
    route("GET", "/api/v1/entities/{kube}/trial-balance?as_of=2026-12-31", ""),
    route("POST", "/api/v1/entities/{kube}/entries/import", "entry,date,memo,account,debit,credit\n1,2026-07-01,Jual tahu,1101,\"1.500.000,50\",\n1,2026-07-01,Jual tahu,4101,,1500000.50\n"),
    route("POST", "/api/v1/entities/{kube}/members", r#"{"number":"TAHU-050","name":"Ani","kind":"klien","joined_on":"2026-01-05"}"#),
    route("GET", "/api/v1/entities/{kube}/members", ""),
    route("POST", "/api/v1/entities/{kube}/members/import", "number,name,kind,joined_on\nTAHU-060,Ani,klien,2026-01-05\n"),
    route("POST", "/api/v1/entities/{kube}/bylaws/savings", r#"{"effective_from":"2026-01-01","pokok":"50000","wajib":"10000"}"#),
    route("GET", "/api/v1/entities/{kube}/bylaws/savings", ""),
    route("POST", "/api/v1/entities/{kube}/identity", r#"{"region":"33.74","address":"Jl. Mawar 1"}"#),
    route("GET", "/api/v1/entities/{kube}/identity", ""),
    route("POST", "/api/v1/entities/{kube}/savings", r#"{"date":"2026-02-01","direction":"deposit","kind":"wajib","member_id":{member}}"#),
    route("GET", "/api/v1/entities/{kube}/arrears?as_of=2026-06-30", ""),
    route("POST", "/api/v1/entities/{kube}/grants", r#"{"amount":"5000000","date":"2026-07-01","programme":"Stimulan","source":"dinas_sosial"}"#),
    route("GET", "/api/v1/entities/{kube}/grants", ""),
    route("POST", "/api/v1/entities/{kube}/loans", r#"{"date":"2026-07-02","lender":"BRI Unit Wedi","principal":"1500000","rate_percent":"6","term_months":12,"via":"bank"}"#),
    route("GET", "/api/v1/entities/{kube}/loans", ""),
    route("GET", "/api/v1/entities/{kube}/loans/{loan}/schedule", ""),
    route("POST", "/api/v1/entities/{kube}/loans/{loan}/repayments", r#"{"date":"2026-08-02","interest":"7500","principal":"125000","via":"bank"}"#),
    route("GET", "/api/v1/entities/{kube}/capital", ""),
    route("GET", "/api/v1/members/{member}", ""),
    route("POST", "/api/v1/members/{member}/login", r#"{"password":"rahasia-uji-2"}"#),
    route("GET", "/api/v1/members/{member}/balance", ""),
    route("GET", "/api/v1/members/{member}/statement", ""),
    route("POST", "/api/v1/members/{member}/shu-payouts", r#"{"choice":"tunai","date":"2026-02-01"}"#),
    route("POST", "/api/v1/entities/{kube}/bylaws/shu", r#"{"effective_from":"2025-01-01","shares":[{"kind":"reserve","name":"Cadangan","percent":"40"},{"kind":"jasa_modal","name":"Jasa modal","percent":"30"},{"kind":"jasa_usaha","name":"Jasa usaha","percent":"30"}]}"#),
    route("GET", "/api/v1/entities/{kube}/bylaws/shu", ""),
    route("GET", "/api/v1/entities/{kube}/periods/2025/preview", ""),
    route("GET", "/api/v1/entities/{kube}/periods", ""),
    route("POST", "/api/v1/entities/{kube}/periods/2025/close", ""),
    route("POST", "/api/v1/entities/{kube}/periods/2025/reopen", r#"{"reason":"Biaya listrik Desember terlewat"}"#),
    route("POST", "/api/v1/entities/{kube}/periods/2025/shu-decision", r#"{"rat_date":"2026-03-14","minutes":"BA-RAT/2026/01"}"#),
    route("GET", "/api/v1/entities/{kube}/periods/2025/shu-slips/{member}", ""),
    route("POST", "/api/v1/entities/{kube}/bylaws/loans", r#"{"effective_from":"2026-02-01","method":"flat","monthly_rate_percent":"1.5","max_term_months":12,"savings_multiple":3}"#),
    route("GET", "/api/v1/entities/{kube}/bylaws/loans", ""),
    route("POST", "/api/v1/entities/{kube}/member-loans", r#"{"member_id":{member},"date":"2026-07-03","principal":"100000","term_months":6}"#),
    route("GET", "/api/v1/entities/{kube}/member-loans?as_of=2026-08-01", ""),
    route("GET", "/api/v1/entities/{kube}/member-loans/{member_loan}", ""),
    route("POST", "/api/v1/entities/{kube}/member-loans/{member_loan}/approve", r#"{"date":"2026-07-04"}"#),
    route("POST", "/api/v1/entities/{kube}/member-loans/{member_loan}/disburse", r#"{"date":"2026-07-05"}"#),
    route("POST", "/api/v1/entities/{kube}/member-loans/{member_loan}/repayments", r#"{"date":"2026-08-05","amount":"10000"}"#),
    route("POST", "/api/v1/entities/{kube}/loan-allowance", r#"{"month":"2026-08"}"#),
    route("GET", "/api/v1/members/{member}/loans", ""),
    route("GET", "/api/v1/entities/{kube}/fixed-assets", ""),
    route("POST", "/api/v1/entities/{kube}/fixed-assets", r#"{"entry_seq":"1","name":"Mesin giling","useful_life_months":36}"#),
    route("POST", "/api/v1/entities/{kube}/depreciation", r#"{"month":"2026-07"}"#),
    route("POST", "/api/v1/entities/{kube}/fixed-assets/dispose", r#"{"entry_seq":"1","date":"2026-08-01","proceeds":"100000"}"#),
    route("GET", "/api/v1/entities/{kube}/statements/neraca", ""),
    route("GET", "/api/v1/entities/{panti}/overview", ""),
    route("GET", "/api/v1/entities/{kube}/grants/report", ""),
    route("PUT", "/api/v1/entities/{panti}/plans/2026", r#"{"activities":[]}"#),
    route("GET", "/api/v1/entities/{panti}/plans/2026", ""),
    route("GET", "/api/v1/entities/{panti}/plans/2026/versions", ""),
    route("PUT", "/api/v1/entities/{panti}/reports/settings", r#"{"start_month":"2026-01"}"#),
    route("GET", "/api/v1/entities/{panti}/reports/settings", ""),
    route("GET", "/api/v1/entities/{panti}/reports/due", ""),
    route("POST", "/api/v1/entities/{panti}/stage", r#"{"date":"2026-08-10","reason":"Uji hak akses","stage":"awal"}"#),
    route("GET", "/api/v1/entities/{panti}/stage", ""),
    route("POST", "/api/v1/entities/{panti}/assessments?period=2026-TW1", r#"{"assessed_on":"2026-03-30","assessor":{"name":"Drs. Sutrisno","position":"Kepala Panti"},"conduct":{"clients":{"behaviour":"Disiplin hadir"},"families":{"role":"Membantu pemasaran"},"staff":{"attitude":"Terbuka","role":"Mendampingi kelompok"}},"environment":{"bathrooms_and_kitchen":{"notes":"Dinilai saat kunjungan","score":1},"community_local_events":{"notes":"Dinilai saat kunjungan","score":2},"community_national_events":{"notes":"Dinilai saat kunjungan","score":4},"community_religious_events":{"notes":"Dinilai saat kunjungan","score":4},"gardens_and_rooms":{"notes":"Dinilai saat kunjungan","score":3},"room_cleanliness":{"notes":"Dinilai saat kunjungan","score":4},"room_harmony":{"notes":"Dinilai saat kunjungan","score":3},"yard_and_garden":{"notes":"Dinilai saat kunjungan","score":2}},"evaluators":[{"name":"Pak Joko","position":"Ketua Program","role":"ketua_program_non_koperasi"}],"groups":[{"cooperation":"Kompak","field":"perikanan_peternakan","group":"Kelompok Lele","kube_id":{kube},"problems":"Air kolam keruh","results":"Panen 200 kg","solutions":"Ganti air tiap minggu","way_of_working":"Piket bergilir"}],"monitors":[{"name":"Drs. Sutrisno","position":"Kepala Panti","role":"kepala_panti"},{"name":"Bu Rina","position":"Pekerja Sosial Ahli","role":"pejabat_fungsional"}]}"#),
    route("GET", "/api/v1/entities/{panti}/assessments", ""),
    route("POST", "/api/v1/entities/{kube}/products", r#"{"code":"TEMPE","default_price":"3000","kind":"barang_jadi","name":"Tempe","unit":"bungkus"}"#),
    route("GET", "/api/v1/entities/{kube}/products", ""),
    route("GET", "/entities/{kube}/products", ""),
    route("POST", "/entities/{kube}/products/change", "product={product}&default_price=4000"),
    route("GET", "/entities/{kube}/products/new", ""),
    route("POST", "/entities/{kube}/products/new", "code=TEMPE&name=Tempe&unit=bungkus&default_price=3000&kind=barang_jadi"),
    route("PATCH", "/api/v1/entities/{kube}/products/{product}", r#"{"default_price":"4000"}"#),
    route("POST", "/api/v1/entities/{kube}/purchases", r#"{"date":"2026-07-02","lines":[{"product_id":{product},"quantity":"10","unit_cost":"1000"}],"supplier":"UD"}"#),
    route("POST", "/api/v1/entities/{kube}/production", r#"{"date":"2026-07-03","inputs":[],"outputs":[{"product_id":{product},"quantity":"1"}]}"#),
    route("POST", "/api/v1/entities/{kube}/sales", r#"{"date":"2026-07-05","customer":"Warung Bu Sri","payment":"credit","lines":[{"product_id":{product},"quantity":"1"}]}"#),
    route("GET", "/api/v1/entities/{kube}/sales/summary", ""),
    route("POST", "/api/v1/entities/{kube}/sales/import", "sale,date,customer,member,product,quantity,unit_price,discount,payment\n1,2026-07-05,Pasar Legi,,TAHU,1,\"3.500\",,tunai\n"),
    route("POST", "/api/v1/entities/{kube}/purchases/import", "purchase,date,supplier,product,description,quantity,unit_cost,payment\n1,2026-07-02,UD Sumber Rejeki,TAHU,,5,\"1.000\",kredit\n"),
    route("GET", "/api/v1/entities/{kube}/sales/{sale}", ""),
    route("GET", "/api/v1/entities/{kube}/receivables", ""),
    route("POST", "/api/v1/entities/{kube}/receivables/collections", r#"{"amount":"100","customer":"Warung Bu Sri","date":"2026-09-01"}"#),
    route("GET", "/api/v1/entities/{kube}/payables", ""),
    route("POST", "/api/v1/entities/{kube}/payables/payments", r#"{"amount":"100","date":"2026-07-20","supplier":"UD Sumber Rejeki"}"#),
    route("GET", "/api/v1/entities/{kube}/cash-book", ""),
    route("POST", "/api/v1/entities/{kube}/cash-counts", r#"{"counted":"4920000","date":"2026-07-05"}"#),
    route("GET", "/api/v1/skills", ""),
    route("POST", "/api/v1/entities/{panti}/skills", r#"{"code":"anyaman-bambu","group":"work","name_id":"Anyaman bambu"}"#),
    route("GET", "/api/v1/entities/{panti}/skills", ""),
    route("POST", "/api/v1/entities/{panti}/clients", r#"{"admitted_on":"2026-01-02","birth_date":"1990-05-01","case_type":"gelandangan","cohort_number":3,"name":"Klien K-9","number":"K-9","origin":"Kota Surakarta","religion":"Islam","sex":"perempuan"}"#),
    route("GET", "/api/v1/entities/{panti}/clients", ""),
    route("POST", "/api/v1/entities/{panti}/clients/import", "number,cohort_number,name,sex,birth_date,religion,origin,admitted_on,case_type\nK-20,1,Ani,P,1991-01-01,Islam,Klaten,2026-01-02,pengemis\n"),
    route("POST", "/api/v1/entities/{panti}/cohorts", r#"{"capacity":10,"hours":240,"instructors":[{"affiliation":"BLK Surakarta","name":"Bu Sri Lestari"}],"number":2,"planned_end":"2026-03-31","planned_start":"2026-01-05","skill":"las"}"#),
    route("GET", "/api/v1/entities/{panti}/cohorts", ""),
    route("GET", "/api/v1/entities/{panti}/packages", ""),
    route("POST", "/api/v1/entities/{panti}/staff", r#"{"joined_on":"2020-03-01","name":"Agus","position":"Pekerja sosial"}"#),
    route("GET", "/api/v1/entities/{panti}/staff", ""),
    route("GET", "/api/v1/entities/{panti}/staff/indicator", ""),
    route("PUT", "/api/v1/entities/{panti}/staff/{staff}", r#"{"joined_on":"2020-03-01","name":"Agus","position":"Pekerja sosial","social_worker_certified_on":"2026-02-10"}"#),
    route("GET", "/api/v1/entities/{panti}/training/statistics", ""),
    route("GET", "/api/v1/clients/{client}", ""),
    route("POST", "/api/v1/cohorts/{cohort}/enrolments", r#"{"client_id":{client},"date":"2026-01-05"}"#),
    route("GET", "/api/v1/cohorts/{cohort}/enrolments", ""),
    route("GET", "/api/v1/cohorts/{cohort}", ""),
    route("POST", "/api/v1/cohorts/{cohort}/sessions", r#"{"date":"2026-01-12","present":[{client}],"topic":"Pola dasar"}"#),
    route("GET", "/api/v1/cohorts/{cohort}/sessions", ""),
    route("POST", "/api/v1/cohorts/{cohort}/enrolments/{client}/assessment", r#"{"date":"2026-03-30","result":"kompeten","score":85}"#),
    route("POST", "/api/v1/cohorts/{cohort}/enrolments/{client}/completion", r#"{"date":"2026-03-31","outcome":"lulus"}"#),
    route("POST", "/api/v1/clients/{client}/placement", r#"{"date":"2026-04-20","kind":"usaha_mandiri"}"#),
    route("GET", "/api/v1/clients/{client}/placement", ""),
    route("POST", "/api/v1/clients/{client}/follow-ups", r#"{"business":"berjalan","date":"2026-06-10","income_estimate":"1200000"}"#),
    route("GET", "/api/v1/clients/{client}/follow-ups", ""),
    route("POST", "/api/v1/clients/{client}/package", r#"{"date":"2026-05-01","items":[{"name":"Mesin jahit","quantity":1,"value":"1500000"}]}"#),
    route("GET", "/api/v1/clients/{client}/package", ""),
    route("POST", "/api/v1/clients/{client}/package/payment", r#"{"date":"2026-05-02"}"#),
    route("GET", "/api/v1/audit", ""),
    route("GET", "/api/v1/backup", ""),
    route("GET", "/", ""),
    route("GET", "/login", ""),
    route("POST", "/login", "username=admin&password=salah-sekali"),
    route("GET", "/lang/en", ""),
    route("GET", "/entities/{kube}", ""),
    route("GET", "/entities/{kube}/sales/new", ""),
    route("POST", "/entities/{kube}/sales/new", "date=2026-07-05&payment=cash&product_id={product}&quantity=1"),
    route("GET", "/entities/{kube}/sales/{sale}/receipt", ""),
    route("GET", "/entities/{panti}/reports/settings", ""),
    route("GET", "/entities/{kube}/entries", ""),
    route("GET", "/entities/{kube}/entries/1", ""),
    route("POST", "/entities/{kube}/entries/1/reverse", "reason=Salah+catat"),
    route("GET", "/entities/{kube}/import", ""),
    route("POST", "/entities/{kube}/import", "--x\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmembers\r\n--x--\r\n"),
    route("POST", "/api/v1/entities/{kube}/expenses", r#"{"account":"5208","amount":"1000","date":"2026-07-06","description":"Listrik Juli","paid_from":"1101"}"#),
    route("POST", "/api/v1/entities/{kube}/expenses/import", "account,amount,date,description,paid_from\n5208,1000,2026-07-06,Listrik Juli,1101\n"),
    route("GET", "/entities/{kube}/expenses/new", ""),
    route("POST", "/entities/{kube}/expenses/new", "account=5208&amount=1000&date=2026-07-06&description=Listrik&paid_from=1101"),
    route("GET", "/entities/{kube}/bylaws", ""),
    route("GET", "/entities/{kube}/identity", ""),
    route("POST", "/entities/{kube}/identity", "region=33.74&address=Jl.+Mawar"),
    route("GET", "/members/{member}/exit", ""),
    route("POST", "/members/{member}/exit", "date=2026-03-01"),
    route("POST", "/entities/{kube}/bylaws/savings", "effective_from=2027-01-01&pokok=50000&wajib=10000"),
    route("POST", "/entities/{kube}/bylaws/shu", "shu_from=2027-01-01&reserve=40&jasa_modal=30&jasa_usaha=30"),
    route("GET", "/entities/{kube}/savings/new", ""),
    route("POST", "/entities/{kube}/savings/new", "date=2026-02-01&direction=deposit&kind=sukarela&member_id={member}&amount=1000"),
    route("GET", "/entities/{kube}/purchases/new", ""),
    route("POST", "/entities/{kube}/purchases/new", "date=2026-07-02&supplier=UD&product_id={product}&quantity=1&unit_cost=1000"),
    route("GET", "/entities/{kube}/cash-book", ""),
    route("POST", "/entities/{kube}/cash-counts", "date=2026-07-05&counted=1000"),
    route("GET", "/entities/{kube}/production/new", ""),
    route("POST", "/entities/{kube}/production/new", "date=2026-07-06&input_1={product}&input_qty_1=1&output_1={product}&output_qty_1=1"),
    route("GET", "/entities/{kube}/receivables", ""),
    route("POST", "/entities/{kube}/receivables", "party=Warung+Bu+Sri&amount=100&date=2026-09-01"),
    route("GET", "/entities/{kube}/payables", ""),
    route("POST", "/entities/{kube}/payables", "party=UD&amount=100&date=2026-07-20"),
    route("GET", "/entities/{kube}/saved/1", ""),
    route("GET", "/entities/{kube}/members", ""),
    route("GET", "/entities/{kube}/members/new", ""),
    route("POST", "/entities/{kube}/members/new", "number=TAHU-070&name=Ani&kind=klien&joined_on=2026-01-05"),
    route("GET", "/entities/{panti}/overview", ""),
    route("GET", "/entities/{kube}/periods", ""),
    route("GET", "/entities/{kube}/periods/2025", ""),
    route("GET", "/entities/{kube}/periods/2025/close", ""),
    route("POST", "/entities/{kube}/periods/2025/close", "confirm=on"),
    route("POST", "/entities/{kube}/periods/2025/rat", "rat_date=2026-03-14&minutes=BA-RAT%2F2026%2F01"),
    route("GET", "/entities/{kube}/member-loans", ""),
    route("POST", "/entities/{kube}/member-loans", "member_id={member}&principal=100000&term_months=6&date=2026-07-03"),
    route("POST", "/entities/{kube}/bylaws/loans", "effective_from=2026-03-01&method=flat&monthly_rate_percent=1&max_term_months=12&savings_multiple=3"),
    route("GET", "/entities/{kube}/member-loans/{member_loan}", ""),
    route("POST", "/entities/{kube}/member-loans/{member_loan}/approve", "date=2026-07-04"),
    route("POST", "/entities/{kube}/member-loans/{member_loan}/disburse", "date=2026-07-05&via=kas"),
    route("POST", "/entities/{kube}/member-loans/{member_loan}/repayments", "date=2026-08-05&amount=10000&via=kas"),
    route("GET", "/members/{member}/loans", ""),
    route("GET", "/entities/{kube}/fixed-assets", ""),
    route("POST", "/entities/{kube}/fixed-assets", "entry_seq=1&name=Mesin&useful_life_months=36"),
    route("POST", "/entities/{kube}/depreciation", "month=2026-07"),
    route("GET", "/area", ""),
    route("GET", "/entities/{panti}/cohorts", ""),
    route("GET", "/entities/{panti}/placements", ""),
    route("GET", "/entities/{panti}/clients", ""),
    route("GET", "/entities/{panti}/clients/new", ""),
    route("POST", "/entities/{panti}/clients/new", "number=K-9&cohort_number=3&name=Klien+K-9&sex=perempuan&birth_date=1990-05-01&religion=Islam&origin=Kota+Surakarta&admitted_on=2026-01-02&case_type=gelandangan"),
    route("GET", "/clients/{client}", ""),
    route("GET", "/entities/{panti}/cohorts/new", ""),
    route("POST", "/entities/{panti}/cohorts/new", "skill=las&number=5&instructor_name=Bu+Sri&instructor_affiliation=BLK&planned_start=2026-01-05&planned_end=2026-03-31&hours=240&capacity=10"),
    route("GET", "/cohorts/{cohort}", ""),
    route("GET", "/cohorts/{cohort}/session", ""),
    route("GET", "/entities/{panti}/staff", ""),
    route("POST", "/entities/{panti}/staff", "name=Agus&position=Pekerja+sosial&joined_on=2020-03-01&social_worker_certified_on=2021-06-01"),
    route("POST", "/cohorts/{cohort}/session", "date=2026-01-12&topic=Pola+dasar&present_{client}=on"),
    route("GET", "/api/v1/entities/{panti}/reports/submitted", ""),
    route("PUT", "/api/v1/entities/{panti}/reports/2026-TW1/evaluation", r#"{"overall":"Berjalan baik"}"#),
    route("POST", "/api/v1/entities/{panti}/reports/2026-TW1/submit", r#"{"revision":1}"#),
    route("GET", "/api/v1/entities/{panti}/reports/2026-TW1/revisions/1", ""),
    route("GET", "/api/v1/entities/{panti}/reports/2026-TW1/revisions/1/bundle", ""),
    route("GET", "/api/v1/entities/{panti}/hub", ""),
    route("POST", "/api/v1/entities/{panti}/hub", r#"{"address":"http://127.0.0.1:9","code":"ABC"}"#),
    route("GET", "/api/v1/recap", ""),
    route("GET", "/entities/{panti}/reports", ""),
    route("GET", "/entities/{panti}/assessments", ""),
    route("GET", "/entities/{panti}/assessments/new", ""),
    route("POST", "/entities/{panti}/assessments/new", "period=2026-TW1"),
    route("GET", "/entities/{panti}/plans/2026", ""),
    route("POST", "/entities/{panti}/plans/2026", "name=Pelatihan+las"),
    route("POST", "/entities/{panti}/reports/settings", "start_month=2026-01"),
    route("POST", "/entities/{panti}/reports/settings/stage", "date=2026-08-10&stage=awal&reason=Uji"),
    route("GET", "/entities/{panti}/reports/submitted", ""),
    route("GET", "/entities/{panti}/reports/2026-TW1/preview", ""),
    route("POST", "/entities/{panti}/reports/2026-TW1/evaluation", "overall=Baik"),
    route("POST", "/entities/{panti}/reports/2026-TW1/submit", "signer=Drs.+Sutrisno"),
    route("GET", "/entities/{panti}/reports/2026-TW1/revisions/1", ""),
    route("GET", "/entities/{panti}/reports/2026-TW1/revisions/1/bundle", ""),
    route("GET", "/entities/{panti}/hub", ""),
    route("POST", "/entities/{panti}/hub", "address=http%3A%2F%2F127.0.0.1%3A9&code=ABC"),
    route("GET", "/recap", ""),
    route("GET", "/members/{member}", ""),
    route("GET", "/members/{member}/statement", ""),
    route("GET", "/members/{member}/arrears", ""),
    route("PATCH", "/api/v1/members/{member}", r#"{"phone":"081234567890"}"#),
    route("POST", "/api/v1/members/{member}/exit", r#"{"date":"2026-12-01"}"#),
    route("POST", "/logout", ""),
    route("POST", "/api/v1/logout", ""),
];

/// The ids the route table's placeholders stand for, made by the admin, with tofu in stock
/// (product `TAHU`) and an entry 1 in the KUBE's journal.
pub async fn fixtures(app: &TestApp) -> Vec<(&'static str, String)> {
    let admin = Some(app.admin.as_str());
    let post = |path: String, body: Value| async move {
        let (status, answer) = send(&app.router, "POST", &path, admin, Some(body)).await;
        assert!(status.is_success(), "{path}: {answer}");
        answer
    };
    let kube = |path: &str| format!("/api/v1/entities/{}/{path}", app.kube);
    let panti = |path: &str| format!("/api/v1/entities/{}/{path}", app.panti);
    post(
        kube("grants"),
        json!({"source": "dinas_sosial", "programme": "Stimulan", "date": "2026-07-01", "amount": "5000000"}),
    )
    .await;
    let soy = post(
        kube("products"),
        json!({"code": "KDL", "name": "Kedelai", "unit": "kg", "default_price": "11000", "kind": "bahan_baku"}),
    )
    .await["id"]
        .clone();
    let tofu = post(
        kube("products"),
        json!({"code": "TAHU", "name": "Tahu", "unit": "bungkus", "default_price": "3500", "kind": "barang_jadi"}),
    )
    .await["id"]
        .clone();
    post(kube("purchases"), json!({"date": "2026-07-02", "supplier": "UD", "lines": [{"product_id": soy, "quantity": "100", "unit_cost": "10000"}]})).await;
    post(kube("production"), json!({"date": "2026-07-03", "inputs": [{"product_id": soy, "quantity": "100"}], "outputs": [{"product_id": tofu, "quantity": "100000"}]})).await;
    let product = tofu.as_u64().expect("a product id");
    let sale =
        post(kube("sales"), json!({"date": "2026-07-05", "lines": [{"product_id": product, "quantity": "1"}]})).await;
    let loan = post(kube("loans"), json!({"date": "2026-07-02", "lender": "BRI", "principal": "1500000", "rate_percent": "6", "term_months": 12, "via": "bank"})).await;
    post(kube("bylaws/loans"), json!({"effective_from": "2026-01-01", "method": "flat", "monthly_rate_percent": "1.5", "max_term_months": 12, "savings_multiple": 3})).await;
    post(kube("savings"), json!({"member_id": app.member_id, "kind": "sukarela", "direction": "deposit", "date": "2026-07-01", "amount": "500000"})).await;
    let member_loan = post(
        kube("member-loans"),
        json!({"member_id": app.member_id, "date": "2026-07-02", "principal": "100000", "term_months": 6}),
    )
    .await;
    let client = post(panti("clients"), json!({"admitted_on": "2026-01-02", "birth_date": "1990-05-01", "case_type": "gelandangan", "cohort_number": 3, "name": "Klien K-1", "number": "K-1", "origin": "Kota Surakarta", "religion": "Islam", "sex": "perempuan"})).await;
    let cohort = post(panti("cohorts"), json!({"capacity": 10, "hours": 240, "instructors": [{"affiliation": "BLK", "name": "Bu Sri"}], "number": 1, "planned_end": "2026-03-31", "planned_start": "2026-01-05", "skill": "las"})).await;
    let staff =
        post(panti("staff"), json!({"joined_on": "2020-03-01", "name": "Agus", "position": "Pekerja sosial"})).await;
    let id = |answer: &Value| answer["id"].as_u64().or(answer["seq"].as_u64()).expect("an id").to_string();
    vec![
        ("{kube}", app.kube.to_string()),
        ("{panti}", app.panti.to_string()),
        ("{member}", app.member_id.to_string()),
        ("{product}", product.to_string()),
        ("{sale}", id(&sale)),
        ("{loan}", id(&loan)),
        ("{member_loan}", id(&member_loan)),
        ("{client}", id(&client)),
        ("{cohort}", id(&cohort)),
        ("{staff}", id(&staff)),
    ]
}
