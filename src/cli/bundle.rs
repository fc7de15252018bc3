//! `kube-ledger bundle verify FILE`: checks a signed report bundle offline, without a
//! database, and prints what it proves (issue 17).

use crate::domain::report::bundle::{key_fingerprint, BundleContents, BundleError};
use crate::messages::both_languages;
use fluent_bundle::FluentValue;
use std::path::Path;
use std::process::ExitCode;

/// Prints the bundle's origin, report, submitter, hashes and chain heads when it is
/// good; the reason on stderr and a failure when it is not.
pub fn verify(file: &Path) -> ExitCode {
    let shown = file.display().to_string();
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            return refuse("bundle-unreadable", &[("file", shown.into()), ("detail", error.to_string().into())])
        }
    };
    let contents = match BundleContents::open(&text) {
        Ok(contents) => contents,
        Err(error) => {
            let file = ("file", FluentValue::from(shown));
            return match error {
                BundleError::NotABundle(detail) => refuse("bundle-not_a_bundle", &[file, ("detail", detail.into())]),
                BundleError::UnknownFormat(format) => {
                    refuse("bundle-unknown_format", &[file, ("format", format.into())])
                }
                BundleError::BadSignature => refuse("bundle-bad_signature", &[file]),
                BundleError::ContentAltered => refuse("bundle-content_altered", &[file]),
            };
        }
    };
    let fingerprint = contents.public_key().map(|key| key_fingerprint(&key)).unwrap_or_default();
    let header = &contents.header;
    let say = |id: &str, args: &[(&str, FluentValue)]| println!("{}", both_languages(id, args));
    say("bundle-valid", &[("fingerprint", fingerprint.into())]);
    say(
        "bundle-origin",
        &[("name", contents.origin.name.clone().into()), ("entity", contents.origin.entity_id.into())],
    );
    say("bundle-report", &[("period", header.period.to_string().into()), ("revision", header.revision.into())]);
    if let Some(reason) = &header.reason {
        say("bundle-reason", &[("reason", reason.clone().into())]);
    }
    say(
        "bundle-submitted",
        &[
            ("by", header.submitted_by.clone().into()),
            ("on", header.submitted_on.to_string().into()),
            ("at", header.submitted_at.clone().into()),
        ],
    );
    say(
        "bundle-hashes",
        &[("html", contents.html_sha256.clone().into()), ("data", contents.data_sha256.clone().into())],
    );
    for head in &contents.chain_heads {
        say(
            "bundle-chain",
            &[
                ("name", head.name.clone().into()),
                ("entity", head.entity_id.into()),
                ("entries", head.entries.into()),
                ("hash", head.last_hash.clone().into()),
            ],
        );
    }
    if contents.chain_heads.is_empty() {
        say("bundle-no-chain", &[]);
    }
    say("bundle-pin", &[]);
    ExitCode::SUCCESS
}

fn refuse(id: &str, args: &[(&str, FluentValue)]) -> ExitCode {
    eprintln!("{}", both_languages(id, args));
    ExitCode::FAILURE
}
