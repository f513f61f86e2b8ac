//! The catalog of reply templates and word lists for every language, embedded
//! from `core/data/replies/{es,en,pt}/*.toml` and checked when loaded: each key
//! exists in every language with the same placeholders.

use super::template::{Template, TemplateError};
use crate::domain::Language;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

/// The files of each language folder. A test checks this list against the folders.
macro_rules! reply_files {
    ($lang:literal) => {
        [
            (
                "calendar",
                include_str!(concat!("../../../data/replies/", $lang, "/calendar.toml")),
            ),
            (
                "dialogue",
                include_str!(concat!("../../../data/replies/", $lang, "/dialogue.toml")),
            ),
            (
                "hours",
                include_str!(concat!("../../../data/replies/", $lang, "/hours.toml")),
            ),
        ]
    };
}

#[cfg(test)]
const FILE_NAMES: [&str; 3] = ["calendar", "dialogue", "hours"];

/// Sections holding formats rather than messages: a language may leave out a
/// value another uses ("15/03" has no month name, "March 15" no month number).
/// Everywhere else the same placeholders are required, so no translation can
/// silently drop the price or the date.
const FORMAT_SECTIONS: [&str; 1] = ["calendar"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("replies/{lang}/{file}.toml: {reason}")]
    File {
        lang: Language,
        file: String,
        reason: String,
    },
    #[error("reply {key:?} exists in {present} but not in {missing}")]
    MissingKey {
        key: String,
        present: Language,
        missing: Language,
    },
    #[error("reply {key:?} uses {a_vars:?} in {a} but {b_vars:?} in {b}")]
    PlaceholderMismatch {
        key: String,
        a: Language,
        a_vars: Vec<String>,
        b: Language,
        b_vars: Vec<String>,
    },
    #[error("no reply {key:?} in {lang}")]
    UnknownKey { key: String, lang: Language },
    #[error("reply {key:?} in {lang}: {source}")]
    Render {
        key: String,
        lang: Language,
        source: TemplateError,
    },
}

#[derive(Debug, Clone)]
enum Entry {
    One(Template),
    List(Vec<String>),
}

/// Named values for a template's placeholders.
#[derive(Debug, Clone, Default)]
pub struct Vars(Vec<(&'static str, String)>);

impl Vars {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.0.push((name, value.into()));
        self
    }

    fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }
}

#[derive(Debug)]
pub struct Catalog {
    entries: HashMap<Language, BTreeMap<String, Entry>>,
}

impl Catalog {
    /// The catalog shipped in the binary, loaded once. A broken catalog is a
    /// build defect caught by the tests, so the error is kept for them to see.
    pub fn builtin() -> Result<&'static Catalog, &'static CatalogError> {
        static CATALOG: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();
        CATALOG
            .get_or_init(|| {
                Catalog::from_files(&[
                    (Language::Es, &reply_files!("es")),
                    (Language::En, &reply_files!("en")),
                    (Language::Pt, &reply_files!("pt")),
                ])
            })
            .as_ref()
    }

    pub fn from_files(langs: &[(Language, &[(&str, &str)])]) -> Result<Self, CatalogError> {
        let mut entries = HashMap::new();
        for (lang, files) in langs {
            let mut map = BTreeMap::new();
            for (file, text) in files.iter() {
                load_file(*lang, file, text, &mut map)?;
            }
            entries.insert(*lang, map);
        }
        let catalog = Self { entries };
        catalog.check_consistent()?;
        Ok(catalog)
    }

    fn check_consistent(&self) -> Result<(), CatalogError> {
        let Some((&first, reference)) = self.entries.iter().min_by_key(|(l, _)| **l) else {
            return Ok(());
        };
        for (&lang, map) in &self.entries {
            for (a, a_map, b, b_map) in
                [(first, reference, lang, map), (lang, map, first, reference)]
            {
                if let Some(key) = a_map.keys().find(|k| !b_map.contains_key(*k)) {
                    return Err(CatalogError::MissingKey {
                        key: key.clone(),
                        present: a,
                        missing: b,
                    });
                }
            }
            for (key, entry) in map {
                if FORMAT_SECTIONS
                    .iter()
                    .any(|s| key.starts_with(&format!("{s}.")))
                {
                    continue;
                }
                if let (Entry::One(t), Some(Entry::One(r))) = (entry, reference.get(key)) {
                    let vars = |t: &Template| {
                        t.placeholders()
                            .iter()
                            .map(|s| s.to_string())
                            .collect::<BTreeSet<_>>()
                    };
                    if vars(t) != vars(r) {
                        return Err(CatalogError::PlaceholderMismatch {
                            key: key.clone(),
                            a: first,
                            a_vars: vars(r).into_iter().collect(),
                            b: lang,
                            b_vars: vars(t).into_iter().collect(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    pub fn render(&self, lang: Language, key: &str, vars: &Vars) -> Result<String, CatalogError> {
        match self.entries.get(&lang).and_then(|m| m.get(key)) {
            Some(Entry::One(t)) => {
                t.render(|n| vars.get(n))
                    .map_err(|source| CatalogError::Render {
                        key: key.into(),
                        lang,
                        source,
                    })
            }
            _ => Err(CatalogError::UnknownKey {
                key: key.into(),
                lang,
            }),
        }
    }

    pub fn list(&self, lang: Language, key: &str) -> Result<&[String], CatalogError> {
        match self.entries.get(&lang).and_then(|m| m.get(key)) {
            Some(Entry::List(items)) => Ok(items),
            _ => Err(CatalogError::UnknownKey {
                key: key.into(),
                lang,
            }),
        }
    }
}

fn load_file(
    lang: Language,
    file: &str,
    text: &str,
    out: &mut BTreeMap<String, Entry>,
) -> Result<(), CatalogError> {
    let err = |reason: String| CatalogError::File {
        lang,
        file: file.into(),
        reason,
    };
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| err(e.to_string()))?;
    for (section, values) in table {
        let toml::Value::Table(values) = values else {
            return Err(err(format!("top-level {section:?} must be a [section]")));
        };
        for (name, value) in values {
            let key = format!("{section}.{name}");
            let entry = match value {
                toml::Value::String(s) => {
                    Entry::One(Template::parse(&s).map_err(|e| err(format!("{key}: {e}")))?)
                }
                toml::Value::Array(items) => Entry::List(
                    items
                        .into_iter()
                        .map(|i| match i {
                            toml::Value::String(s) => Ok(s),
                            other => Err(err(format!(
                                "{key}: list items must be text, found {other}"
                            ))),
                        })
                        .collect::<Result<_, _>>()?,
                ),
                other => {
                    return Err(err(format!(
                        "{key}: must be text or a list of text, found {other}"
                    )));
                }
            };
            if out.insert(key.clone(), entry).is_some() {
                return Err(err(format!("{key} is defined twice")));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_loads_and_is_consistent_across_languages() {
        let c = Catalog::builtin().expect("shipped catalog is valid");
        let v = Vars::new().set("at_time", "a las 9:00");
        assert_eq!(
            c.render(Language::Es, "hours.opening_today", &v),
            Ok("hoy a las 9:00".into())
        );
        assert_eq!(
            c.list(Language::Pt, "calendar.weekdays")
                .map(<[String]>::len),
            Ok(7)
        );
    }

    #[test]
    fn the_file_list_matches_the_language_folders() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/replies");
        for lang in Language::ALL {
            let mut found: Vec<String> = std::fs::read_dir(root.join(lang.code()))
                .expect("language folder")
                .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(String::from))
                .collect();
            found.sort();
            let mut listed: Vec<String> = FILE_NAMES.iter().map(|s| s.to_string()).collect();
            listed.sort();
            assert_eq!(
                found, listed,
                "replies/{lang}: add new files to reply_files! and FILE_NAMES"
            );
        }
    }

    #[test]
    fn a_key_missing_in_one_language_or_with_other_placeholders_is_refused() {
        let es: &[(&str, &str)] = &[("a", "[s]\nk = \"hola {name}\"\nj = \"x\"")];
        let en: &[(&str, &str)] = &[("a", "[s]\nk = \"hi {name}\"")];
        let err =
            Catalog::from_files(&[(Language::Es, es), (Language::En, en)]).expect_err("missing");
        assert!(err.to_string().contains("\"s.j\""), "{err}");

        let en: &[(&str, &str)] = &[("a", "[s]\nk = \"hi {guest}\"\nj = \"x\"")];
        let err =
            Catalog::from_files(&[(Language::Es, es), (Language::En, en)]).expect_err("mismatch");
        assert!(
            matches!(err, CatalogError::PlaceholderMismatch { .. }),
            "{err}"
        );
    }

    #[test]
    fn rendering_with_a_missing_value_or_unknown_key_is_an_error() {
        let c = Catalog::builtin().expect("valid");
        assert!(matches!(
            c.render(Language::En, "hours.opening_today", &Vars::new()),
            Err(CatalogError::Render { .. })
        ));
        assert!(matches!(
            c.render(Language::En, "nope.nope", &Vars::new()),
            Err(CatalogError::UnknownKey { .. })
        ));
    }
}
