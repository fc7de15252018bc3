//! The one rule for the short texts people type (names, memos, descriptions): trimmed,
//! 1 to N characters, no control characters and no invisible format characters.
//!
//! Format characters are refused as control characters are: bidi overrides and isolates
//! (U+202A–U+202E, U+2066–U+2069) make a name or memo read differently from what is stored
//! (U+202E then `gnp.exe` shows as `exe.png`), and zero-width ones (U+200B–U+200F, U+2060, U+FEFF)
//! make two names that look the same differ.

use serde::{Deserialize, Serialize};

/// The usual bound on a name or a short description, in characters.
pub const SHORT_TEXT_CHARS_MAX: usize = 200;

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("wajib diisi")]
    Empty,
    #[error("paling banyak {0} karakter")]
    TooLong(usize),
    #[error("memuat karakter kontrol atau karakter format tak terlihat (pembalik arah teks, lebar-nol)")]
    Invisible,
}

/// Whether `c` is a control character or one of the invisible format characters above.
pub fn is_control_or_format(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `text` trimmed, if it holds 1 to `max_chars` characters and none of them is a control or
/// format character.
pub fn clean_text(text: &str, max_chars: usize) -> Result<&str, TextError> {
    let text = text.trim();
    if text.is_empty() {
        Err(TextError::Empty)
    } else if text.chars().count() > max_chars {
        Err(TextError::TooLong(max_chars))
    } else if text.chars().any(is_control_or_format) {
        Err(TextError::Invisible)
    } else {
        Ok(text)
    }
}

/// A name or short text: 1–200 characters, trimmed, no control or format characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShortText(String);

impl ShortText {
    pub fn parse(text: &str) -> Result<ShortText, TextError> {
        clean_text(text, SHORT_TEXT_CHARS_MAX).map(|text| ShortText(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl TryFrom<String> for ShortText {
    type Error = TextError;

    fn try_from(text: String) -> Result<ShortText, TextError> {
        ShortText::parse(&text)
    }
}

impl From<ShortText> for String {
    fn from(text: ShortText) -> String {
        text.0
    }
}

/// User text as it may go into a log line: control and format characters and the
/// backslash are written as escapes (`\n`, `\u{1b}`, `\\`), so a username with a newline
/// or terminal escapes cannot forge a log line or move the operator's cursor.
pub struct LogSafe<'a>(pub &'a str);

impl std::fmt::Display for LogSafe<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        for c in self.0.chars() {
            match c {
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                c if is_control_or_format(c) => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_zero_width_and_control_characters_are_refused() {
        for bad in [
            "Ani\u{202E}gnp",
            "A\u{202A}",
            "\u{2066}x\u{2069}",
            "a\u{200B}b",
            "a\u{200F}",
            "x\u{2060}",
            "\u{FEFF}x",
            "a\nb",
            "a\u{1b}[2J",
        ] {
            assert_eq!(ShortText::parse(bad), Err(TextError::Invisible), "{bad:?}");
        }
        assert_eq!(ShortText::parse("  "), Err(TextError::Empty));
        assert_eq!(ShortText::parse(&"a".repeat(201)), Err(TextError::TooLong(200)));
        assert_eq!(ShortText::parse(&"é".repeat(200)).unwrap().as_str().chars().count(), 200);
        assert_eq!(ShortText::parse("  Bu Sri Lestari ").unwrap().as_str(), "Bu Sri Lestari");
        assert_eq!(clean_text("Ibu Ani — bendahara", 500), Ok("Ibu Ani — bendahara"));
    }

    #[test]
    fn log_text_cannot_start_a_line_or_reach_the_terminal() {
        let forged = "root\n2026-12-03T00:00:00Z  INFO audit actor=admin\u{1b}[2J\u{202E}\\n\tx\r";
        let logged = LogSafe(forged).to_string();
        assert_eq!(logged, "root\\n2026-12-03T00:00:00Z  INFO audit actor=admin\\u{1b}[2J\\u{202e}\\\\n\\tx\\r");
        assert!(!logged.chars().any(is_control_or_format));
        assert_eq!(LogSafe("Bu Sri — kas").to_string(), "Bu Sri — kas");
    }
}
