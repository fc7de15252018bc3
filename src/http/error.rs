//! One error type for every route; each variant maps to one status and code.

use crate::service::ServiceError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("masuk dulu: token tidak ada, salah atau kedaluwarsa")]
    Unauthorized,
    #[error("Anda tidak berhak atas data ini")]
    Forbidden,
    #[error("formulir ditolak: token keamanannya (CSRF) tidak ada atau salah. Muat ulang halaman, lalu kirim lagi")]
    CsrfRefused,
    #[error("{0} tidak ditemukan")]
    NotFound(String),
    #[error("isi permintaan bukan JSON yang sah: {0}")]
    InvalidJson(String),
    #[error("isi permintaan tidak sesuai: {0}")]
    InvalidBody(String),
    #[error("{0}")]
    InvalidAmount(String),
    #[error("{0}")]
    InvalidDate(String),
    #[error("isi permintaan terlalu besar")]
    BodyTooLarge,
    #[error("isi permintaan harus JSON, dengan Content-Type: application/json")]
    NotJson,
    #[error("{message}")]
    Invalid { code: &'static str, message: String },
    #[error("{} baris bermasalah; tidak ada yang disimpan", .0.len())]
    Rows(Vec<String>),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl AppError {
    fn status_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::CsrfRefused => (StatusCode::FORBIDDEN, "csrf_refused"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::InvalidJson(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            AppError::InvalidBody(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"),
            AppError::InvalidAmount(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_amount"),
            AppError::InvalidDate(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_date"),
            AppError::BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            AppError::NotJson => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            AppError::Invalid { code, .. } => (StatusCode::UNPROCESSABLE_ENTITY, code),
            AppError::Rows(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_rows"),
            AppError::Service(error) => match error {
                ServiceError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
                ServiceError::Entity(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_entity"),
                ServiceError::Entry(errors) | ServiceError::BatchEntry { errors, .. } => {
                    (StatusCode::UNPROCESSABLE_ENTITY, errors.0[0].code())
                }
                ServiceError::BatchTooLarge { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "batch_too_large"),
                ServiceError::IdempotencyConflict => (StatusCode::CONFLICT, "idempotency_conflict"),
                ServiceError::AlreadyReversed { .. } => (StatusCode::CONFLICT, "already_reversed"),
                ServiceError::UserExists(_) => (StatusCode::CONFLICT, "user_exists"),
                ServiceError::User(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_user"),
                ServiceError::BadCredentials => (StatusCode::UNAUTHORIZED, "bad_credentials"),
                ServiceError::TooManyAttempts { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
                ServiceError::Member(error) => error.status_code(),
                ServiceError::Capital(error) => error.status_code(),
                ServiceError::Report(error) => error.status_code(),
                ServiceError::Training(error) => error.status_code(),
                ServiceError::NotAllowed(_) => (StatusCode::UNPROCESSABLE_ENTITY, "not_allowed"),
                ServiceError::Close(error) => error.status_code(),
                ServiceError::Shu(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_shu_policy"),
                ServiceError::Rows(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_rows"),
                ServiceError::Product(crate::domain::product::ProductError::DuplicateCode(_)) => {
                    (StatusCode::CONFLICT, "duplicate_product_code")
                }
                ServiceError::Product(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_product"),
                ServiceError::Sales(error) => error.status_code(),
                ServiceError::Trade(crate::domain::trade::TradeError::OverSettlement { .. }) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "over_settlement")
                }
                ServiceError::Trade(crate::domain::trade::TradeError::Funds(error)) => error.status_code(),
                ServiceError::Trade(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_settlement"),
                ServiceError::Storage(error) => storage_status(error),
                ServiceError::WriterStopped => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
                ServiceError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
                ServiceError::Refused(problems) => (StatusCode::UNPROCESSABLE_ENTITY, problems.first().code()),
                ServiceError::BadRows(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_rows"),
                ServiceError::NoRows => (StatusCode::UNPROCESSABLE_ENTITY, "no_rows"),
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_code();
        let refusal = match &self {
            AppError::Service(ServiceError::Storage(error)) => error.refusal_text(super::request_lang()),
            _ => None,
        };
        let message = if let Some(text) = refusal {
            text
        } else if status.is_server_error() {
            tracing::error!(error = %crate::domain::text::LogSafe(&self.to_string()), "request failed");
            "terjadi gangguan pada server; tidak ada yang tersimpan. Coba lagi sebentar lagi.".to_string()
        } else if let AppError::Service(error) = &self {
            super::door::refusal_text(super::request_lang(), error)
        } else {
            self.to_string()
        };
        let mut error = json!({ "code": code, "message": message });
        if let AppError::Service(ServiceError::Refused(problems)) = &self {
            let lang = super::request_lang();
            let each = |(field, problem): &(Option<&str>, crate::domain::problem::Problem)| json!({ "field": field, "code": problem.code(), "message": crate::messages::problem_text(lang, problem) });
            error["problems"] = json!(problems.iter().map(each).collect::<Vec<_>>());
        }
        if let AppError::Service(ServiceError::Entry(errors) | ServiceError::BatchEntry { errors, .. }) = &self {
            let lang = super::request_lang();
            let each = |e: &crate::domain::entry::EntryError| json!({"code": e.code(), "message": crate::messages::entry_error_text(lang, e)});
            error["problems"] = json!(errors.0.iter().map(each).collect::<Vec<_>>());
        }
        if let AppError::Rows(rows) = &self {
            error["rows"] = json!(rows);
        }
        if let AppError::Service(ServiceError::BatchEntry { index, .. }) = &self {
            error["entry_index"] = json!(index);
        }
        (status, Json(json!({ "error": error }))).into_response()
    }
}

/// A write the disk refused or left unknown, as the client is told it; any other
/// failure of the store is a fault of the server.
fn storage_status(error: &crate::store::StoreError) -> (StatusCode, &'static str) {
    use crate::store::StoreError;
    match error {
        // Not a refusal: the client must resend with its key to learn the outcome.
        StoreError::OutcomeUnknown(_) => (StatusCode::SERVICE_UNAVAILABLE, "outcome_unknown"),
        StoreError::SpaceLow { .. } => (StatusCode::INSUFFICIENT_STORAGE, "storage_low"),
        other => match crate::store::DiskFault::refusal(other) {
            Some(fault) => fault_status(fault),
            None => (StatusCode::INTERNAL_SERVER_ERROR, "storage_error"),
        },
    }
}

/// A full disk is 507 Insufficient Storage; a read-only or failed one 503, until reopened.
pub(super) fn fault_status(fault: crate::store::DiskFault) -> (StatusCode, &'static str) {
    match fault {
        crate::store::DiskFault::Full => (StatusCode::INSUFFICIENT_STORAGE, "storage_unavailable"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable"),
    }
}

impl crate::domain::member::MemberError {
    fn status_code(&self) -> (StatusCode, &'static str) {
        use crate::domain::member::MemberError::*;
        match self {
            DuplicateNumber(_) => (StatusCode::CONFLICT, "duplicate_member_number"),
            PrincipalAlreadyPaid(..) => (StatusCode::UNPROCESSABLE_ENTITY, "pokok_already_paid"),
            Overdraft { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_savings"),
            CashShort { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_cash"),
            Exited(..) => (StatusCode::UNPROCESSABLE_ENTITY, "member_exited"),
            NoTerms(_) => (StatusCode::UNPROCESSABLE_ENTITY, "no_savings_terms"),
            LockedUntilExit => (StatusCode::UNPROCESSABLE_ENTITY, "savings_locked"),
            Entry(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.0[0].code()),
            _ => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_member"),
        }
    }
}

impl crate::domain::close::CloseError {
    fn status_code(&self) -> (StatusCode, &'static str) {
        use crate::domain::close::CloseError::*;
        match self {
            AlreadyClosed(_) => (StatusCode::CONFLICT, "period_closed"),
            NotClosed(_) => (StatusCode::CONFLICT, "period_not_closed"),
            LaterPeriodLocked(_) => (StatusCode::CONFLICT, "later_period_locked"),
            BooksChanged => (StatusCode::CONFLICT, "books_changed"),
            NotEnded(_) => (StatusCode::UNPROCESSABLE_ENTITY, "period_not_ended"),
            EarlierYearOpen(_) => (StatusCode::UNPROCESSABLE_ENTITY, "earlier_period_open"),
            ReasonRequired => (StatusCode::UNPROCESSABLE_ENTITY, "reason_required"),
            Entry(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.0[0].code()),
        }
    }
}

impl crate::domain::sales::SalesError {
    fn status_code(&self) -> (StatusCode, &'static str) {
        use crate::domain::sales::SalesError::*;
        match self {
            InsufficientStock { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_stock"),
            Refused(problem) => (StatusCode::UNPROCESSABLE_ENTITY, problem.code()),
            Funds(error) => error.status_code(),
            Entry(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.0[0].code()),
            _ => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_sale"),
        }
    }
}

impl crate::domain::capital::CapitalError {
    fn status_code(&self) -> (StatusCode, &'static str) {
        use crate::domain::capital::CapitalError::*;
        match self {
            OverRepayment { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "over_repayment"),
            Funds(error) => error.status_code(),
            Entry(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.0[0].code()),
            _ => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_capital"),
        }
    }
}

impl From<crate::service::import::ImportError> for AppError {
    fn from(error: crate::service::import::ImportError) -> AppError {
        match error {
            crate::service::import::ImportError::Rows(rows) => AppError::Rows(rows),
            crate::service::import::ImportError::Service(error) => AppError::Service(error),
        }
    }
}

impl crate::domain::training::TrainingError {
    fn status_code(&self) -> (StatusCode, &'static str) {
        use crate::domain::training::TrainingError::*;
        let conflict = |code| (StatusCode::CONFLICT, code);
        let refused = |code| (StatusCode::UNPROCESSABLE_ENTITY, code);
        match self {
            DuplicateClientNumber(_) => conflict("duplicate_client_number"),
            DuplicateSkill(_) => conflict("duplicate_skill"),
            DuplicateCohort { .. } => conflict("duplicate_cohort"),
            AlreadyEnrolled(_) => conflict("already_enrolled"),
            AlreadyCompleted(_) => conflict("already_completed"),
            AlreadyPlaced(_) => conflict("already_placed"),
            PackageExists(_) => conflict("package_exists"),
            PackageAlreadyPaid { .. } => conflict("package_already_paid"),
            CohortFull(_) => refused("cohort_full"),
            ClientNotActive { .. } => refused("client_not_active"),
            NotEnrolled(_) => refused("not_enrolled"),
            NotCompetent(_) => refused("not_competent"),
            NotCompleted(_) => refused("not_completed"),
            NotPlaced(..) => refused("not_placed"),
            ReasonRequired => refused("reason_required"),
            NoPackage(_) => refused("no_package"),
            NotPanti(_) => refused("not_panti"),
            UnknownKubeMember(_) => refused("unknown_kube_member"),
            InvalidClient(_) => refused("invalid_client"),
            _ => refused("invalid_training"),
        }
    }
}

impl crate::domain::report::ReportError {
    fn status_code(&self) -> (StatusCode, &'static str) {
        use crate::domain::report::ReportError::*;
        match self {
            NotPanti(_) => (StatusCode::UNPROCESSABLE_ENTITY, "not_panti"),
            NoPlan(_) | NoPlanVersion { .. } => (StatusCode::NOT_FOUND, "no_plan"),
            PlanChanged { .. } => (StatusCode::CONFLICT, "plan_changed"),
            NoSettings => (StatusCode::UNPROCESSABLE_ENTITY, "no_report_settings"),
            StageUnchanged(_) => (StatusCode::CONFLICT, "stage_unchanged"),
            StageTooEarly { .. } | StartAfterStageChange(_) => (StatusCode::UNPROCESSABLE_ENTITY, "stage_date"),
            InvalidPeriod(_) | NotAReportPeriod(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_period"),
            PeriodNotEnded { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "period_not_ended"),
            NotSubmitted(_) | NoRevision { .. } => (StatusCode::NOT_FOUND, "not_submitted"),
            ReasonRequired(_) => (StatusCode::UNPROCESSABLE_ENTITY, "reason_required"),
            RevisionTaken { .. } => (StatusCode::CONFLICT, "revision_taken"),
            _ => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_report"),
        }
    }
}
