//! Layering: defaults in code → `conserje.toml` → the managed settings file
//! (`<data dir>/settings.toml`, what staff changed in the dashboard) →
//! `CONSERJE__SECTION__KEY` environment variables → command-line flags. Then
//! semantic validation.

use super::error::{ConfigError, hint_for};
use super::settings::{LogFormat, Settings};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub const ENV_PREFIX: &str = "CONSERJE__";

/// Values given on the command line; they win over every other source.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub data_dir: Option<PathBuf>,
    pub log_format: Option<LogFormat>,
    pub log_level: Option<String>,
    /// Demo mode: without a configured data directory, use the user's own
    /// demo folder rather than the system one.
    pub demo: bool,
}

/// Settings plus what the operator should hear about once logging is up.
#[derive(Debug)]
pub struct Loaded {
    pub settings: Settings,
    pub file: Option<PathBuf>,
    /// The managed settings file, when one was read.
    pub managed: Option<PathBuf>,
    pub warnings: Vec<String>,
}

/// The file used when none is named: `./conserje.toml`, then the system-wide one.
pub fn default_config_file() -> Option<PathBuf> {
    let system = if cfg!(target_os = "windows") {
        super::settings::default_data_dir().join("conserje.toml")
    } else {
        PathBuf::from("/etc/conserje/conserje.toml")
    };
    [PathBuf::from("conserje.toml"), system]
        .into_iter()
        .find(|p| p.is_file())
}

pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Loaded, ConfigError> {
    let file = match file {
        Some(path) => {
            // A named file that is missing is a mistake, not a reason to run on defaults.
            std::fs::metadata(path).map_err(|e| ConfigError::FileUnreadable {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
            Some(path.to_path_buf())
        }
        None => default_config_file(),
    };

    let known = known_keys();
    let mut warnings = Vec::new();
    for (name, _) in std::env::vars() {
        if let Some(rest) = name.strip_prefix(ENV_PREFIX) {
            let key = rest.to_lowercase().replace("__", ".");
            if !known.contains(&key) {
                warnings.push(format!(
                    "ignoring environment variable {name}: there is no setting {key} \
                     (`conserje config default` lists them)"
                ));
            }
        }
    }

    if let Some(path) = &file {
        if let Err(e) = std::fs::read_to_string(path) {
            return Err(ConfigError::FileUnreadable {
                path: path.clone(),
                reason: e.to_string(),
            });
        }
    }
    // The managed file lives in the data directory, which any layer may set:
    // find it with every layer but that file, then layer it in.
    let without = layered(file.as_deref(), None, overrides, &known);
    let mut data_dir: PathBuf = without
        .extract_inner("storage.data_dir")
        .map_err(|e| explain(&without, e))?;
    if data_dir.as_os_str().is_empty() && overrides.demo {
        data_dir = super::settings::demo_data_dir();
    }
    let managed_dir = data_dir.clone();
    if data_dir.as_os_str().is_empty() {
        data_dir = super::settings::default_data_dir();
    }
    let managed = Some(super::managed::path(&data_dir)).filter(|p| p.is_file());
    let figment = match &managed {
        Some(path) => layered(file.as_deref(), Some(path), overrides, &known),
        None => without,
    };

    let mut settings: Settings = figment.extract().map_err(|e| explain(&figment, e))?;
    settings.storage.data_dir = managed_dir;
    super::validate::validate(&settings)?;
    Ok(Loaded {
        settings,
        file,
        managed,
        warnings,
    })
}

fn layered(
    file: Option<&Path>,
    managed: Option<&Path>,
    overrides: &Overrides,
    known: &BTreeSet<String>,
) -> Figment {
    let mut figment = Figment::from(Serialized::defaults(Settings::default()));
    if let Some(path) = file {
        figment = figment.merge(Toml::file_exact(path));
    }
    if let Some(path) = managed {
        figment = figment.merge(Toml::file_exact(path));
    }
    let known = known.clone();
    let env = Env::prefixed(ENV_PREFIX)
        .split("__")
        .filter(move |k| known.contains(&k.as_str().to_lowercase()));
    figment = figment.merge(env);
    if let Some(dir) = &overrides.data_dir {
        figment = figment.merge(Serialized::default("storage.data_dir", dir));
    }
    if let Some(format) = overrides.log_format {
        figment = figment.merge(Serialized::default("log.format", format));
    }
    if let Some(level) = &overrides.log_level {
        figment = figment.merge(Serialized::default("log.level", level));
    }
    figment
}

/// Every dotted key the settings tree has, taken from the defaults so it never
/// drifts from the struct.
pub fn known_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let value = serde_json::to_value(Settings::default()).unwrap_or_default();
    collect_keys(&value, String::new(), &mut keys);
    keys
}

fn collect_keys(value: &serde_json::Value, prefix: String, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                collect_keys(v, key, out);
            }
        }
        _ => {
            out.insert(prefix);
        }
    }
}

/// Turn figment's error into one that names the key, the value, where it came
/// from and how to fix it.
fn explain(figment: &Figment, err: figment::Error) -> ConfigError {
    use figment::error::Kind;
    let dotted = err.path.join(".");
    let origin = match err.metadata.as_ref() {
        // figment names env sources generically; name the exact variable instead.
        Some(md) if md.name.contains("environment") => format!(
            "from environment variable {ENV_PREFIX}{}",
            dotted.to_uppercase().replace('.', "__")
        ),
        Some(md) => match &md.source {
            Some(source) => format!("from {source}"),
            None => format!("from {}", md.name),
        },
        None => "from the configuration".into(),
    };

    if let Kind::UnknownField(field, _) = &err.kind {
        let mut path = err.path.clone();
        path.push(field.clone());
        return ConfigError::UnknownKey {
            key: path.join("."),
            origin,
        };
    }

    let key = dotted;
    let value = figment
        .find_value(&key)
        .map(|v| display_value(&v))
        .unwrap_or_else(|_| "(missing)".into());
    ConfigError::Invalid {
        hint: hint_for(&key).to_string(),
        key,
        value,
        origin,
        problem: err.kind.to_string(),
    }
}

fn display_value(v: &figment::value::Value) -> String {
    match v {
        figment::value::Value::String(_, s) => format!("{s:?}"),
        other => serde_json::to_string(other).unwrap_or_else(|_| format!("{other:?}")),
    }
}
