//! Everything a guest reads: templates per language from `core/data/replies/`
//! and the locale formatting of money, dates and times.

mod catalog;
mod format;
mod template;

pub use catalog::{Catalog, CatalogError, Vars};
pub use format::{Formatter, currency_decimals};
pub use template::{Template, TemplateError};
