use crate::domain::capital::CapitalError;
use crate::domain::entity::EntityError;
use crate::domain::entry::EntryErrors;
use crate::domain::member::MemberError;
use crate::domain::user::UserError;
use crate::store::StoreError;

/// Every way a use case can fail; the HTTP layer maps each to one status.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0} tidak ditemukan")]
    NotFound(String),
    #[error("{0}")]
    Entity(#[from] EntityError),
    #[error("{0}")]
    Entry(#[from] EntryErrors),
    #[error("jurnal ke-{index} dalam kiriman: {errors}")]
    BatchEntry { index: usize, errors: EntryErrors },
    #[error("kiriman paling banyak {max} jurnal (ada {count})")]
    BatchTooLarge { count: usize, max: usize },
    #[error("Idempotency-Key ini sudah dipakai untuk isi permintaan yang lain")]
    IdempotencyConflict,
    #[error("jurnal #{seq} sudah dibalik oleh jurnal #{by}")]
    AlreadyReversed { seq: u64, by: u64 },
    #[error("nama pengguna {0} sudah ada")]
    UserExists(String),
    #[error("{0}")]
    User(#[from] UserError),
    #[error("nama pengguna atau kata sandi salah")]
    BadCredentials,
    #[error("terlalu banyak percobaan masuk yang gagal; coba lagi {retry_after_seconds} detik lagi")]
    TooManyAttempts { retry_after_seconds: i64 },
    #[error("{0}")]
    Member(#[from] MemberError),
    #[error("{0}")]
    Capital(#[from] CapitalError),
    #[error("{0}")]
    Product(#[from] crate::domain::product::ProductError),
    #[error("{0}")]
    Sales(#[from] crate::domain::sales::SalesError),
    #[error("{0}")]
    Trade(#[from] crate::domain::trade::TradeError),
    #[error("{0}")]
    Shu(#[from] crate::domain::shu::ShuError),
    #[error("{0}")]
    Close(#[from] crate::domain::close::CloseError),
    #[error("{0}")]
    Report(#[from] crate::domain::report::ReportError),
    #[error("{0}")]
    Training(#[from] crate::domain::training::TrainingError),
    #[error("{0}")]
    NotAllowed(String),
    /// Bad rows of an import, each `FILE:LINE: reason`.
    #[error("{}", .0.join("\n"))]
    Rows(Vec<String>),
    #[error("{0}")]
    Storage(#[from] StoreError),
    /// The caller may not do this to this entity.
    #[error("Anda tidak berhak atas data ini")]
    Forbidden,
    /// Refused by a command's rules: codes with typed arguments, each at its field.
    #[error("{}", .0.first().code())]
    Refused(crate::domain::problem::Problems),
    /// Rows of a file that a command refused, each with its line; nothing was stored.
    #[error("{} baris bermasalah; tidak ada yang disimpan", .0.len())]
    BadRows(Vec<(u64, ServiceError)>),
    #[error("berkas tidak berisi satu baris data pun")]
    NoRows,
    #[error("penulis basis data berhenti; mulai ulang layanan")]
    WriterStopped,
}
