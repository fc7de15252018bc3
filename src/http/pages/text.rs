//! The pages' language: asked for in the query or remembered in a cookie. The words
//! themselves are in the message catalogue (`crate::messages`, `locales/*/pages.ftl`).

use axum::http::HeaderMap;

pub use crate::messages::Lang;

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

impl Lang {
    /// The language chosen on the pages; Indonesian when none was.
    pub fn of(headers: &HeaderMap, query: Option<&str>) -> Lang {
        chosen(headers, query).unwrap_or(Lang::Id)
    }
}

/// The language the user chose: `?lang=` first, then the `lang` cookie.
pub fn chosen(headers: &HeaderMap, query: Option<&str>) -> Option<Lang> {
    let asked = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| pair.strip_prefix("lang="))
        .or_else(|| super::super::extract::cookie(headers, LANG_COOKIE));
    asked.and_then(Lang::parse)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::assembly::RecapStatus;
    use crate::domain::report::assessment::{EvaluatorRole, MonitorRole, Score};
    use crate::domain::report::cadence::{ReportStatus, Stage};
    use crate::domain::report::plan::{FundingSource, NeedKind};
    use crate::domain::report::Field;
    use crate::domain::training::aftercare::PlacementKind;
    use crate::domain::training::client::{ClientStatus, Sex};
    use crate::domain::training::cohort::{Competency, Outcome};
    use std::collections::BTreeMap;
    use std::path::Path;

    /// What the pages' code and templates ask for, by the file that first does: `texts`
    /// are written without arguments (`text("id")`, a template's `t.id` or `t["id"]`),
    /// `messages` with them (`message(lang, "id", …)`, and every `"e_…"` refusal, whichever
    /// way it is written); `prefixes` start the ids built at run time
    /// (`format!("env_{item}")`, `label(lang, "field", …)`, `t["import_" ~ k]`).
    #[derive(Default)]
    struct Asked {
        texts: BTreeMap<String, String>,
        messages: BTreeMap<String, String>,
        prefixes: BTreeMap<String, String>,
    }

    impl Asked {
        fn rust(&mut self, file: &str, source: &str) {
            // Tests (this one too) name ids that are not the pages'.
            let source = source.split("#[cfg(test)]").next().unwrap_or_default();
            for (at, _) in source.match_indices("text(\"") {
                add(&mut self.texts, file, literal(&source[at + 5..]));
            }
            for (at, _) in source.match_indices("text(&format!(\"") {
                add(&mut self.prefixes, file, literal(&source[at + 14..]).split('{').next().unwrap_or_default());
            }
            for call in ["message(", "label(", "options("] {
                for (at, _) in source.match_indices(call) {
                    // The functions, not a method of the same name (`error.message()`).
                    if source[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.') {
                        continue;
                    }
                    let args = &source[at + call.len()..];
                    let second = args.split_once(',').map(|(_, rest)| rest.trim_start()).unwrap_or_default();
                    match call {
                        "message(" if second.starts_with('"') => add(&mut self.messages, file, literal(second)),
                        "label(" | "options(" if second.starts_with('"') => {
                            add(&mut self.prefixes, file, &format!("{}_", literal(second)))
                        }
                        _ => {}
                    }
                }
            }
            for (at, _) in source.match_indices("\"e_") {
                add(&mut self.messages, file, literal(&source[at..]));
            }
        }

        fn template(&mut self, file: &str, source: &str) {
            for (at, _) in source.match_indices("t.") {
                let before = source[..at].chars().next_back().unwrap_or(' ');
                if !(before.is_alphanumeric() || before == '_' || before == '.') {
                    let name: String =
                        source[at + 2..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    add(&mut self.texts, file, &name);
                }
            }
            for (at, _) in source.match_indices("t[\"") {
                let key = literal(&source[at + 2..]);
                match source[at + 2 + key.len() + 2..].trim_start().starts_with('~') {
                    true => add(&mut self.prefixes, file, key),
                    false => add(&mut self.texts, file, key),
                }
            }
        }
    }

    /// `name` as asked for by `file`; an empty one is a generic helper's own (`label`'s
    /// `format!("{prefix}_{}")`), not a text.
    fn add(asked: &mut BTreeMap<String, String>, file: &str, name: &str) {
        if !name.is_empty() {
            asked.entry(name.to_string()).or_insert_with(|| file.to_string());
        }
    }

    /// The string literal `text` starts with (at its opening quote), without the quotes.
    fn literal(text: &str) -> &str {
        let inner = text.strip_prefix('"').unwrap_or(text);
        inner.find('"').map_or(inner, |end| &inner[..end])
    }

    fn sources(dir: &Path, ext: &str, found: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, ext, found);
            } else if path.extension().is_some_and(|e| e == ext) {
                found.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }

    /// The serde names of an enum's variants, as its "unknown variant" refusal lists them.
    fn serde_names<T: serde::de::DeserializeOwned>() -> Vec<String> {
        let refusal = serde_json::from_value::<T>(serde_json::json!("?")).err().unwrap().to_string();
        let expected = refusal.split_once("expected").unwrap().1;
        expected.split('`').skip(1).step_by(2).map(str::to_string).collect()
    }

    /// The names of a page's list of `(name, …)` items.
    fn first<T>(pairs: &[(&str, T)]) -> Vec<String> {
        pairs.iter().map(|(name, _)| name.to_string()).collect()
    }

    /// Every value of each family of ids the pages build from a prefix. The enums come
    /// from the domain (the match of the two that only serialize fails to compile when one
    /// gains a value), the form items from the pages' own lists; `saved_` and `err_` are the
    /// fixed values their handlers accept.
    fn families() -> BTreeMap<&'static str, Vec<String>> {
        let statuses = |s: ReportStatus| match s {
            ReportStatus::Berjalan | ReportStatus::JatuhTempo | ReportStatus::Terlambat | ReportStatus::Diserahkan => {
                super::super::reports::name_of(s)
            }
        };
        let recaps = |s: RecapStatus| match s {
            RecapStatus::TepatWaktu | RecapStatus::Terlambat | RecapStatus::TidakAda | RecapStatus::BelumJatuhTempo => {
                super::super::reports::name_of(s)
            }
        };
        let fixed = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        BTreeMap::from([
            ("field_", serde_names::<Field>()),
            ("stage_", serde_names::<Stage>()),
            ("funding_", serde_names::<FundingSource>()),
            ("need_", serde_names::<NeedKind>()),
            ("role_", [serde_names::<MonitorRole>(), serde_names::<EvaluatorRole>()].concat()),
            ("placement_", serde_names::<PlacementKind>()),
            ("score_", (0..=u8::MAX).filter(|n| Score::try_from(*n).is_ok()).map(|n| n.to_string()).collect()),
            (
                "status_",
                [ReportStatus::Berjalan, ReportStatus::JatuhTempo, ReportStatus::Terlambat, ReportStatus::Diserahkan]
                    .map(statuses)
                    .into(),
            ),
            (
                "recap_",
                [RecapStatus::TepatWaktu, RecapStatus::Terlambat, RecapStatus::TidakAda, RecapStatus::BelumJatuhTempo]
                    .map(recaps)
                    .into(),
            ),
            ("env_", first(&super::super::reports::ENVIRONMENT)),
            ("conduct_", first(&super::super::reports::CONDUCT)),
            ("saved_", fixed(&["settings", "stage"])),
            ("admin_role_", serde_names::<crate::domain::user::Role>()),
            ("admin_saved_", fixed(super::super::admin::SAVED)),
            ("admin_kind_", serde_names::<crate::domain::entity::EntityKind>()),
            ("tr_sex_", serde_names::<Sex>()),
            ("tr_status_", serde_names::<ClientStatus>()),
            ("tr_result_", serde_names::<Competency>()),
            ("tr_outcome_", serde_names::<Outcome>()),
            ("tr_step_", first(&super::super::training::STEPS)),
            ("tr_saved_", [fixed(&["planned"]), first(&super::super::training::STEPS)].concat()),
            ("err_", fixed(&["forbidden", "not_found", "csrf_refused"])),
            ("http-", fixed(crate::http::answers::STATUS_WORDS)),
            ("import_", first(&super::super::upload::KINDS)),
            ("entry-kind-", crate::domain::tag::EntryKind::ALL.iter().map(|k| k.code().to_string()).collect()),
        ])
    }

    #[test]
    fn every_page_text_asked_for_is_in_both_languages_and_every_one_is_asked_for() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut asked = Asked::default();
        let (mut rust, mut templates) = (Vec::new(), Vec::new());
        sources(&root.join("src/http"), "rs", &mut rust);
        sources(&root.join("templates"), "html", &mut templates);
        rust.iter().for_each(|(file, source)| asked.rust(file, source));
        templates.iter().for_each(|(file, source)| asked.template(file, source));
        assert!(asked.texts.len() > 250 && asked.prefixes.len() > 10, "the scan finds the pages' texts");

        let families = families();
        let unlisted: Vec<_> = asked.prefixes.iter().filter(|(p, _)| !families.contains_key(p.as_str())).collect();
        assert!(unlisted.is_empty(), "ids built from a prefix the test does not know: {unlisted:?}");
        let built = families.iter().flat_map(|(prefix, values)| values.iter().map(move |v| format!("{prefix}{v}")));
        let texts: Vec<(String, &str)> = (asked.texts.iter().map(|(id, file)| (id.clone(), file.as_str())))
            .chain(built.map(|id| (id, "a family of ids")))
            .collect();
        for lang in Lang::ALL {
            let missing: Vec<_> = texts.iter().filter(|(id, _)| !lang.texts().contains_key(id)).collect();
            assert!(missing.is_empty(), "no {} text without arguments for {missing:?}", lang.code());
            let missing: Vec<_> =
                asked.messages.iter().filter(|(id, _)| crate::messages::variables(lang, id).is_none()).collect();
            assert!(missing.is_empty(), "no {} message for {missing:?}", lang.code());
        }

        // And no page text is left that nothing asks for: each is asked for as above, is
        // of a family, or is named in one of the pages' lists (`("neraca", "st_neraca")`).
        let named = |id: &str| rust.iter().any(|(_, source)| source.contains(&format!("\"{id}\"")));
        let pages = fluent_syntax::parser::parse(include_str!("../../../locales/id/pages.ftl")).unwrap();
        let unused: Vec<&str> = (pages.body.iter())
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name),
                _ => None,
            })
            .filter(|id| !texts.iter().any(|(asked, _)| asked == id) && !asked.messages.contains_key(*id) && !named(id))
            .collect();
        assert!(unused.is_empty(), "page texts nothing asks for: {unused:?}");
    }

    #[test]
    fn the_query_wins_over_the_cookie_and_indonesian_is_the_default() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::of(&headers, None), Lang::Id);
        headers.insert(axum::http::header::COOKIE, "a=b; lang=en".parse().unwrap());
        assert_eq!(Lang::of(&headers, None), Lang::En);
        assert_eq!(Lang::of(&headers, Some("x=1&lang=id")), Lang::Id);
        assert_eq!(Lang::of(&HeaderMap::new(), Some("lang=xx")), Lang::Id);
    }
}
