//! User-editable alias rules: force names into one entity (`merge`), or keep
//! a name out of surname-based merging (`split`). Parsed from TOML by the
//! CLI; the corpus pass only sees the rules.
//!
//! ```toml
//! [[merge]]
//! canonical = "Volodymyr Zelensky"
//! kind = "person"
//! names = ["Vladimir Zelensky", "Zelenskyy", "Wolodymyr Selenskyj"]
//!
//! [[split]]
//! names = ["Biden"]   # a bare "Biden" is not attached to any full name
//! ```

use serde::Deserialize;
use std::collections::HashMap;
use storyline_model::EntityKind;

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AliasRules {
    #[serde(default)]
    pub merge: Vec<MergeRule>,
    #[serde(default)]
    pub split: Vec<SplitRule>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MergeRule {
    /// The name the merged entity is shown under.
    pub canonical: String,
    /// `person`, `org` or `place`; defaults to the kind the names were tagged with.
    pub kind: Option<String>,
    /// Every other spelling that must join it.
    pub names: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SplitRule {
    /// Names that must stay their own entity, merged with nothing by rule.
    pub names: Vec<String>,
}

/// What a rule says about one name.
pub(crate) enum Forced<'a> {
    Merge { key: String, canonical: &'a str, kind: Option<EntityKind> },
    Split { key: String },
}

/// Rules compiled for lookup by normalised name.
#[derive(Default)]
pub(crate) struct Compiled<'a> {
    by_name: HashMap<String, (usize, bool)>,
    rules: Option<&'a AliasRules>,
}

fn norm(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl AliasRules {
    /// Checks kinds and that no name is claimed by two rules.
    pub fn validate(&self) -> Result<(), String> {
        let mut seen: HashMap<String, String> = HashMap::new();
        for (i, m) in self.merge.iter().enumerate() {
            if let Some(k) = &m.kind {
                EntityKind::parse(k)
                    .ok_or_else(|| format!("merge rule {}: kind `{k}` is not person, org or place", i + 1))?;
            }
            for n in m.names.iter().chain([&m.canonical]) {
                if let Some(other) = seen.insert(norm(n), format!("merge rule {}", i + 1))
                    && other != format!("merge rule {}", i + 1)
                {
                    return Err(format!("`{n}` appears in {other} and merge rule {}", i + 1));
                }
            }
        }
        for (i, s) in self.split.iter().enumerate() {
            for n in &s.names {
                if let Some(other) = seen.insert(norm(n), format!("split rule {}", i + 1)) {
                    return Err(format!("`{n}` appears in {other} and split rule {}", i + 1));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn compile(&self) -> Compiled<'_> {
        let mut by_name = HashMap::new();
        for (i, m) in self.merge.iter().enumerate() {
            for n in m.names.iter().chain([&m.canonical]) {
                by_name.insert(norm(n), (i, true));
            }
        }
        for (i, s) in self.split.iter().enumerate() {
            for n in &s.names {
                by_name.insert(norm(n), (i, false));
            }
        }
        Compiled { by_name, rules: Some(self) }
    }
}

impl<'a> Compiled<'a> {
    pub(crate) fn lookup(&self, name: &str) -> Option<Forced<'a>> {
        let rules = self.rules?;
        let n = norm(name);
        let &(i, merge) = self.by_name.get(&n)?;
        Some(if merge {
            let rule = &rules.merge[i];
            Forced::Merge {
                key: format!("alias:{}", norm(&rule.canonical)),
                canonical: &rule.canonical,
                kind: rule.kind.as_deref().and_then(EntityKind::parse),
            }
        } else {
            Forced::Split { key: format!("split:{n}") }
        })
    }
}
