//! The message catalogue: every word a user reads, in Bahasa Indonesia (the default) and
//! English, from the Fluent files under `locales/`, embedded at compile time.
//!
//! A message is asked for by its id with named arguments ([`message`]); a missing id or a
//! missing argument never panics: the id (or the text with `{$name}` left in) is shown and a
//! warning logged. The unit tests below are what keep every id in both languages.

use crate::domain::problem::{Arg, Problem};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// A typed argument of a message: a text or a number (`"Bu Sari".into()`, `3.into()`).
/// Amounts of money are passed already written (`rupiah(amount).into()`), so that every
/// page writes them one way.
pub use fluent_bundle::FluentValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The language of an `Accept-Language` header: the one of ours it ranks highest
    /// (`q`, then order), Indonesian when it names neither. `in` is Indonesian's old code,
    /// still sent by some older phones.
    pub fn from_accept_language(header: &str) -> Lang {
        let ranked = header.split(',').filter_map(|item| {
            let mut parts = item.split(';');
            let primary = parts.next()?.trim().split(['-', '_']).next()?.to_ascii_lowercase();
            let lang = match primary.as_str() {
                "in" => Lang::Id,
                code => Lang::parse(code)?,
            };
            let quality = match parts.find_map(|p| p.trim().strip_prefix("q=")) {
                Some(q) => q.trim().parse::<f32>().ok()?,
                None => 1.0,
            };
            (quality > 0.0).then_some((lang, quality))
        });
        let best = ranked.fold(None, |best: Option<(Lang, f32)>, (lang, quality)| match best {
            Some((_, best_quality)) if best_quality >= quality => best,
            _ => Some((lang, quality)),
        });
        best.map_or(Lang::Id, |(lang, _)| lang)
    }

    /// The message `id` without arguments.
    pub fn text(self, id: &str) -> String {
        message(self, id, &[])
    }

    /// Every message that needs no argument, for a template's `t` (`t.key`, `t["key"]`).
    pub fn texts(self) -> &'static BTreeMap<String, String> {
        &catalogue(self).texts
    }
}

/// The message `id` in `lang`, its variables taken from `args` by name.
pub fn message(lang: Lang, id: &str, args: &[(&str, FluentValue)]) -> String {
    let bundle = &catalogue(lang).bundle;
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        tracing::warn!(lang = lang.code(), id, "no such message in the catalogue");
        return id.to_string();
    };
    let args: FluentArgs = args.iter().map(|(name, value)| (*name, value.clone())).collect();
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned();
    if !errors.is_empty() {
        tracing::warn!(lang = lang.code(), id, ?errors, "message formatted with errors");
    }
    text
}

/// The message `id` in Bahasa Indonesia, then on the next line in English: for what an
/// operator reads on the command line, where no language was chosen.
pub fn both_languages(id: &str, args: &[(&str, FluentValue)]) -> String {
    format!("{}\n{}", message(Lang::Id, id, args), message(Lang::En, id, args))
}

/// The words of one problem in `lang`, from the catalogue (`error-<code>`).
pub fn problem_text(lang: Lang, problem: &Problem) -> String {
    let args: Vec<(&str, FluentValue)> = problem
        .args()
        .into_iter()
        .map(|(name, arg)| {
            let value: FluentValue = match arg {
                Arg::Text(text) => text.into(),
                Arg::Money(amount) => crate::domain::money::rupiah(amount).into(),
                Arg::Count(count) => count.into(),
                Arg::Date(date) => date.format("%d-%m-%Y").to_string().into(),
            };
            (name, value)
        })
        .collect();
    message(lang, &format!("error-{}", problem.code()), &args)
}

/// What a refusal says in `lang`: a command's problems from the catalogue, joined;
/// refusals not yet coded keep their Indonesian text.
pub fn refusal_text(lang: Lang, error: &crate::service::ServiceError) -> String {
    use crate::domain::sales::SalesError;
    use crate::service::ServiceError;
    match error {
        ServiceError::Refused(problems) => {
            problems.iter().map(|(_, problem)| problem_text(lang, problem)).collect::<Vec<_>>().join("; ")
        }
        ServiceError::Entry(errors) => entry_errors_text(lang, errors),
        ServiceError::Sales(SalesError::Refused(problem)) => problem_text(lang, problem),
        ServiceError::BatchEntry { index, errors } => {
            let errors = entry_errors_text(lang, errors);
            message(lang, "batch-entry", &[("index", (*index).into()), ("errors", errors.into())])
        }
        other => other.to_string(),
    }
}

/// The words of every problem with an entry, joined: rules of the books from the
/// catalogue, the entry's shape in the words it carries.
pub fn entry_errors_text(lang: Lang, errors: &crate::domain::entry::EntryErrors) -> String {
    let each = errors.0.iter().map(|error| entry_error_text(lang, error));
    each.collect::<Vec<_>>().join("; ")
}

/// The words of one problem with an entry.
pub fn entry_error_text(lang: Lang, error: &crate::domain::entry::EntryError) -> String {
    match error {
        crate::domain::entry::EntryError::Refused(problem) => problem_text(lang, problem),
        other => other.to_string(),
    }
}

/// The names of the variables message `id` uses in `lang`; `None` when there is no such
/// message. For the tests that check a caller passes what a message needs.
pub fn variables(lang: Lang, id: &str) -> Option<&'static BTreeSet<String>> {
    catalogue(lang).variables.get(id)
}

/// What went wrong loading the `.ftl` files of `lang` (a syntax error, an id twice), as
/// logged at start; the catalogue's tests demand none.
pub fn problems(lang: Lang) -> &'static [String] {
    &catalogue(lang).problems
}

/// One area's file in both languages: `locales/id/NAME.ftl` and `locales/en/NAME.ftl`.
struct Area {
    name: &'static str,
    id: &'static str,
    en: &'static str,
}

macro_rules! area {
    ($name:literal) => {
        Area {
            name: $name,
            id: include_str!(concat!("../locales/id/", $name, ".ftl")),
            en: include_str!(concat!("../locales/en/", $name, ".ftl")),
        }
    };
}

/// Every `.ftl` file, by area. A new area (say `errors`) is one line here and one file in
/// each of `locales/id/` and `locales/en/`.
const AREAS: &[Area] = &[
    area!("pages"),
    area!("errors"),
    area!("expenses"),
    area!("storage"),
    area!("pages_tasks"),
    area!("hardening"),
    area!("books"),
    area!("http"),
    area!("bundle"),
    area!("members"),
    area!("close"),
    area!("sakep"),
    area!("assets"),
    area!("signin"),
    area!("trade"),
    area!("journal"),
    area!("loans"),
    area!("hub"),
    area!("reports"),
    area!("admin"),
    area!("training_pages"),
];

/// One language's messages, loaded once.
struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    /// Message id → the names of the variables its value uses.
    variables: BTreeMap<String, BTreeSet<String>>,
    texts: BTreeMap<String, String>,
    problems: Vec<String>,
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    static CATALOGUES: LazyLock<[Catalogue; 2]> = LazyLock::new(|| Lang::ALL.map(load));
    &CATALOGUES[lang as usize]
}

fn load(lang: Lang) -> Catalogue {
    let tag = lang.code().parse().expect("id and en are language tags");
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Pages and JSON carry the text as it is; no U+2068/U+2069 around arguments.
    bundle.set_use_isolating(false);
    let (mut variables, mut problems) = (BTreeMap::new(), Vec::new());
    for area in AREAS {
        let (path, source) = match lang {
            Lang::Id => (format!("locales/id/{}.ftl", area.name), area.id),
            Lang::En => (format!("locales/en/{}.ftl", area.name), area.en),
        };
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(resource, errors)| {
            problems.extend(errors.iter().map(|e| format!("{path}: {e:?}")));
            resource
        });
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let used = variables.entry(m.id.name.to_string()).or_insert_with(BTreeSet::new);
                m.value.iter().for_each(|pattern| pattern_variables(pattern, used));
            }
        }
        if let Err(errors) = bundle.add_resource(resource) {
            problems.extend(errors.iter().map(|e| format!("{path}: {e}")));
        }
    }
    for problem in &problems {
        tracing::warn!(lang = lang.code(), problem, "message catalogue");
    }
    let texts = variables
        .iter()
        .filter(|(_, used)| used.is_empty())
        .map(|(id, _)| (id.clone(), message_of(&bundle, id)))
        .collect();
    Catalogue { bundle, variables, texts, problems }
}

/// A message without arguments, as loading needs it before the catalogue exists.
fn message_of(bundle: &FluentBundle<FluentResource>, id: &str) -> String {
    let pattern = bundle.get_message(id).and_then(|m| m.value());
    pattern.map_or_else(String::new, |p| bundle.format_pattern(p, None, &mut Vec::new()).into_owned())
}

fn pattern_variables(pattern: &ast::Pattern<&str>, used: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, used);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, used: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, used);
            variants.iter().for_each(|v| pattern_variables(&v.value, used));
        }
        ast::Expression::Inline(inline) => inline_variables(inline, used),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, used: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            used.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            let named = arguments.named.iter().map(|n| &n.value);
            arguments.positional.iter().chain(named).for_each(|a| inline_variables(a, used));
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, used),
        // A term's arguments are its own; literals and message references use none.
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_loads_without_a_syntax_error_or_an_id_twice() {
        for lang in Lang::ALL {
            assert_eq!(problems(lang), &[] as &[String], "{}", lang.code());
        }
        assert!(catalogue(Lang::Id).variables.len() > 300, "the page words are loaded");
    }

    #[test]
    fn both_languages_have_the_same_ids_using_the_same_variables() {
        let (id, en) = (&catalogue(Lang::Id).variables, &catalogue(Lang::En).variables);
        let missing = |from: &BTreeMap<String, _>, to: &BTreeMap<String, _>| -> Vec<String> {
            from.keys().filter(|key| !to.contains_key(*key)).cloned().collect()
        };
        assert_eq!(missing(id, en), Vec::<String>::new(), "ids without English");
        assert_eq!(missing(en, id), Vec::<String>::new(), "ids without Bahasa Indonesia");
        for (key, used) in id {
            assert_eq!(used, &en[key], "{key}: the two languages use other variables");
        }
        assert_eq!(id["e_stock"], BTreeSet::from(["on_hand", "product", "unit"].map(String::from)));
    }

    #[test]
    fn every_message_formats_without_error_given_its_variables() {
        for lang in Lang::ALL {
            let catalogue = catalogue(lang);
            for (id, used) in &catalogue.variables {
                let pattern = catalogue.bundle.get_message(id).and_then(|m| m.value());
                let pattern = pattern.unwrap_or_else(|| panic!("{id} has no text in {}", lang.code()));
                let args: FluentArgs = used.iter().map(|name| (name.as_str(), FluentValue::from("x"))).collect();
                let mut errors = Vec::new();
                let text = catalogue.bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{id} in {}: {errors:?}", lang.code());
                assert!(!text.trim().is_empty(), "{id} is empty in {}", lang.code());
            }
        }
    }

    #[test]
    fn arguments_fill_a_message_without_isolation_marks() {
        let args = [("product", "Tempe (TMP)".into()), ("on_hand", "2".into()), ("unit", "kg".into())];
        assert_eq!(message(Lang::En, "e_stock", &args), "Not enough in stock: Tempe (TMP) — 2 kg");
        assert_eq!(message(Lang::Id, "e_stock", &args), "Stok tidak cukup: Tempe (TMP) — 2 kg");
    }

    #[test]
    fn a_missing_id_or_argument_shows_rather_than_panics() {
        assert_eq!(message(Lang::En, "no_such_message", &[]), "no_such_message");
        assert_eq!(Lang::Id.text("no_such_message"), "no_such_message");
        assert_eq!(message(Lang::En, "e_stock", &[]), "Not enough in stock: {$product} — {$on_hand} {$unit}");
    }

    #[test]
    fn a_template_gets_every_message_that_needs_no_argument() {
        let (id, en) = (Lang::Id.texts(), Lang::En.texts());
        assert_eq!((id["home"].as_str(), en["home"].as_str()), ("Beranda", "Home"));
        assert_eq!(id.len(), en.len());
        assert!(!id.contains_key("e_stock"), "a message with variables cannot be written without them");
        let with_variables = catalogue(Lang::Id).variables.values().filter(|used| !used.is_empty()).count();
        assert_eq!(id.len() + with_variables, catalogue(Lang::Id).variables.len());
    }

    #[test]
    fn accept_language_picks_english_only_when_it_is_preferred() {
        let cases = [
            ("", Lang::Id),
            ("en", Lang::En),
            ("en-US,en;q=0.9", Lang::En),
            ("id-ID,id;q=0.9,en;q=0.8", Lang::Id),
            ("en;q=0.5, id;q=0.8", Lang::Id),
            ("fr-FR, en;q=0.5", Lang::En),
            ("de, fr", Lang::Id),
            ("*", Lang::Id),
            ("in-ID, en;q=0.9", Lang::Id),
            ("EN-gb", Lang::En),
            ("en;q=0", Lang::Id),
            ("en;q=bad, id;q=0.1", Lang::Id),
            ("en, id", Lang::En),
        ];
        for (header, lang) in cases {
            assert_eq!(Lang::from_accept_language(header), lang, "{header:?}");
        }
    }

    #[test]
    fn a_language_reads_back_from_its_code() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::parse("in"), None);
    }
}
