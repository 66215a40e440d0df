//! Rule selection: `--select` and `--ignore`, ruff style.
//!
//! A selector is `ALL`, a rule name (`duplicate-mid`), a full code
//! (`SDP3010`) or a code prefix (`SDP3`, `SDP30`). Where a rule matches both
//! a `--select` and an `--ignore` selector, the more specific one wins
//! (ruff's `RuleSelector::specificity`); on a tie, `--ignore` wins. An
//! unknown selector is an error, never silently ignored.

use crate::registry::{OFF_BY_DEFAULT, RULES, RuleId};

/// One `--select`/`--ignore` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Every rule.
    All,
    /// Rules whose code starts with the prefix (`SDP3`).
    Prefix(String),
    /// One rule.
    Rule(RuleId),
}

/// A selector that names nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown rule selector `{0}`: expected ALL, a rule name (`missing-connection`), a code (`SDP2001`) or a code prefix (`SDP2`); `sdpcheck rules` lists them"
)]
pub struct UnknownSelector(pub String);

impl std::str::FromStr for Selector {
    type Err = UnknownSelector;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("ALL") {
            return Ok(Selector::All);
        }
        if let Ok(rule) = s.parse::<RuleId>() {
            return Ok(Selector::Rule(rule));
        }
        let upper = s.to_ascii_uppercase();
        if upper.starts_with("SDP") && RULES.iter().any(|m| m.code.starts_with(&upper)) {
            return Ok(Selector::Prefix(upper));
        }
        Err(UnknownSelector(s.to_owned()))
    }
}

impl Selector {
    /// How specific the selector is: more specific selectors win.
    fn specificity(&self) -> usize {
        match self {
            Selector::All => 0,
            Selector::Prefix(p) => p.len(),
            Selector::Rule(_) => usize::MAX,
        }
    }

    fn matches(&self, rule: RuleId) -> bool {
        match self {
            Selector::All => true,
            Selector::Prefix(p) => rule.meta().code.starts_with(p.as_str()),
            Selector::Rule(r) => *r == rule,
        }
    }
}

/// Which rules run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    enabled: Vec<bool>,
}

impl Default for Selection {
    /// Every rule.
    fn default() -> Self {
        Selection { enabled: RULES.iter().map(|m| !OFF_BY_DEFAULT.contains(&m.id)).collect() }
    }
}

impl Selection {
    /// `select` (empty means all) minus `ignore`, by specificity.
    pub fn new(select: &[Selector], ignore: &[Selector]) -> Self {
        let enabled = RULES
            .iter()
            .map(|m| {
                let best = |list: &[Selector]| {
                    list.iter().filter(|s| s.matches(m.id)).map(Selector::specificity).max()
                };
                // A rule off by default runs only when a selector names it.
                if OFF_BY_DEFAULT.contains(&m.id) && !select.contains(&Selector::Rule(m.id)) {
                    return false;
                }
                let selected = if select.is_empty() { Some(0) } else { best(select) };
                match (selected, best(ignore)) {
                    (None, _) => false,
                    (Some(_), None) => true,
                    (Some(s), Some(i)) => s > i,
                }
            })
            .collect();
        Selection { enabled }
    }

    /// True if `rule` runs.
    pub fn is_enabled(&self, rule: RuleId) -> bool {
        self.enabled.get(rule as usize).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(s: &str) -> Selector {
        s.parse().unwrap()
    }

    #[test]
    fn selectors_parse() {
        assert_eq!(sel("ALL"), Selector::All);
        assert_eq!(sel("SDP2001"), Selector::Rule(RuleId::MissingConnection));
        assert_eq!(sel("missing-connection"), Selector::Rule(RuleId::MissingConnection));
        assert_eq!(sel("sdp0"), Selector::Prefix("SDP0".into()));
        assert!("SDP9".parse::<Selector>().is_err());
        assert!("nonsense".parse::<Selector>().is_err());
    }

    #[test]
    fn more_specific_wins() {
        let s = Selection::new(&[], &[sel("SDP0")]);
        assert!(!s.is_enabled(RuleId::InvalidLine));
        assert!(s.is_enabled(RuleId::MissingConnection));
        let s = Selection::new(&[sel("SDP0001")], &[sel("SDP0")]);
        assert!(s.is_enabled(RuleId::InvalidLine));
        assert!(!s.is_enabled(RuleId::UnknownLineType));
        let s = Selection::new(&[sel("SDP2")], &[]);
        assert!(!s.is_enabled(RuleId::InvalidLine));
        assert!(s.is_enabled(RuleId::MissingConnection));
    }
}
