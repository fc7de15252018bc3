//! `GET /api/v1/backup`: a consistent snapshot, streamed; for admins, and for the
//! `backup` command on this machine with the secret `serve` wrote into the database folder.

use super::error::AppError;
use super::extract::CurrentUser;
use super::AppState;
use crate::domain::user::Role;
use crate::service::backup::ServeFile;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use std::io::Read;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The header that carries the secret of the serve file.
pub const SECRET_HEADER: &str = "x-kube-ledger-secret";
const CHUNK_BYTES: usize = 64 * 1024;

pub(crate) async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: Result<CurrentUser, AppError>,
) -> Result<Response, AppError> {
    let secret = headers.get(SECRET_HEADER).and_then(|value| value.to_str().ok());
    let local = secret
        .is_some_and(|given| ServeFile::read(state.ledger.db_path()).is_ok_and(|serve_file| serve_file.admits(given)));
    if !local && user?.0.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let (file, length) = state.ledger.snapshot().await?;
    let name = chrono::Local::now().format("kube-ledger-%Y%m%d-%H%M%S.kubebak");
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        Body::new(FileBody::stream(file, length)),
    )
        .into_response())
}

/// A file read on a blocking thread and sent in chunks; its exact length becomes
/// the `Content-Length`.
struct FileBody {
    chunks: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
    remaining: u64,
}

impl FileBody {
    fn stream(mut file: std::fs::File, length: u64) -> FileBody {
        let (sender, chunks) = tokio::sync::mpsc::channel(4);
        tokio::task::spawn_blocking(move || loop {
            let mut buffer = vec![0u8; CHUNK_BYTES];
            let chunk = match file.read(&mut buffer) {
                Ok(0) => return,
                Ok(read) => {
                    buffer.truncate(read);
                    Ok(Bytes::from(buffer))
                }
                Err(error) => Err(error),
            };
            let failed = chunk.is_err();
            if sender.blocking_send(chunk).is_err() || failed {
                return;
            }
        });
        FileBody { chunks, remaining: length }
    }
}

impl http_body::Body for FileBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        self.chunks.poll_recv(cx).map(|chunk| {
            chunk.map(|bytes| {
                bytes.map(|bytes| {
                    self.remaining = self.remaining.saturating_sub(bytes.len() as u64);
                    Frame::data(bytes)
                })
            })
        })
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}
