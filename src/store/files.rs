//! Files the program writes beside the database or as backups: only the owner may read
//! them, and a new one is created exclusively, never through a symlink.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

/// Files: read and written by their owner only.
pub const FILE_MODE: u32 = 0o600;
/// Folders: entered by their owner only.
pub const DIR_MODE: u32 = 0o700;

/// Creates `path` for writing, mode 0600. An existing file or a symlink at `path` is an
/// error (`AlreadyExists`), so nothing is ever written through a name someone else placed.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).create_new(true).custom_flags(libc::O_NOFOLLOW).mode(FILE_MODE).open(path)
}

/// Creates the folder `path` (and missing parents), mode 0700.
pub fn create_private_dir(path: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new().recursive(true).mode(DIR_MODE).create(path)
}

/// Takes group and other permissions off `path` (a database folder made before, or by
/// hand); a folder that cannot be changed (a read-only disk) is left as it is and opened.
pub fn close_to_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(metadata) = std::fs::metadata(path) else { return };
    let mode = metadata.permissions().mode();
    if mode & 0o077 != 0 {
        if let Err(error) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o077)) {
            tracing::warn!(path = %path.display(), %error, "could not close the database folder to others");
        }
    }
}

/// Writes `bytes` as a new file at `path`, whole or not at all: into an exclusive temporary
/// name beside it, synced, then linked to `path`, which fails if `path` exists already.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.new", hex::encode(rand::random::<[u8; 8]>())));
    let temporary = path.with_file_name(name);
    let written = create_private(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&temporary, path));
    let _ = std::fs::remove_file(&temporary);
    linked?;
    File::open(path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")))?.sync_all()
}
