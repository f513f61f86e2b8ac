//! One template: literal text with `{name}` placeholders (`{{` and `}}` for braces).

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Text(String),
    Var(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unclosed placeholder in {0:?}")]
    Unclosed(String),
    #[error("stray '}}' in {0:?} (write '}}}}' for a literal brace)")]
    StrayClose(String),
    #[error("placeholder name {name:?} in {text:?} must be letters, digits or '_'")]
    BadName { name: String, text: String },
    #[error("no value for {{{0}}}")]
    Missing(String),
}

impl Template {
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let mut segments = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '}' => return Err(TemplateError::StrayClose(text.into())),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(ch) => name.push(ch),
                            None => return Err(TemplateError::Unclosed(text.into())),
                        }
                    }
                    if name.is_empty() || !name.chars().all(|ch| ch.is_alphanumeric() || ch == '_')
                    {
                        return Err(TemplateError::BadName {
                            name,
                            text: text.into(),
                        });
                    }
                    if !lit.is_empty() {
                        segments.push(Segment::Text(std::mem::take(&mut lit)));
                    }
                    segments.push(Segment::Var(name));
                }
                other => lit.push(other),
            }
        }
        if !lit.is_empty() {
            segments.push(Segment::Text(lit));
        }
        Ok(Self { segments })
    }

    /// Placeholder names, in order of first use.
    pub fn placeholders(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in &self.segments {
            if let Segment::Var(n) = s {
                if !out.contains(&n.as_str()) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// Every placeholder must have a value: a reply with a hole is never sent.
    pub fn render(&self, value: impl Fn(&str) -> Option<String>) -> Result<String, TemplateError> {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Text(t) => out.push_str(t),
                Segment::Var(n) => {
                    out.push_str(&value(n).ok_or_else(|| TemplateError::Missing(n.clone()))?)
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_placeholders_and_escaped_braces() {
        let t = Template::parse("Hola {name}, {{ok}} {name}").expect("parses");
        assert_eq!(t.placeholders(), vec!["name"]);
        let out = t.render(|n| (n == "name").then(|| "Ana".to_string()));
        assert_eq!(out, Ok("Hola Ana, {ok} Ana".into()));
    }

    #[test]
    fn malformed_templates_and_missing_values_are_errors() {
        assert!(matches!(
            Template::parse("a {b"),
            Err(TemplateError::Unclosed(_))
        ));
        assert!(matches!(
            Template::parse("a } b"),
            Err(TemplateError::StrayClose(_))
        ));
        assert!(matches!(
            Template::parse("a {b c}"),
            Err(TemplateError::BadName { .. })
        ));
        let t = Template::parse("{x}").expect("parses");
        assert_eq!(t.render(|_| None), Err(TemplateError::Missing("x".into())));
    }
}
