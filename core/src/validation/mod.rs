//! Validation (§3): rule tables as data, and a report that collects every violation.
//!
//! Each resource has its own module with a `RULES` table; each row is a [`Rule`] with a stable
//! code, the field paths it concerns, its limit, its message and, for numeric rules, the
//! numbers themselves. Checks run before any IO, on the merged state (current + patch) where
//! the caller gives the current state; without it (a blind patch) the report lists the rules
//! it could not check. The simulator runs the same code.

use serde::Serialize;

use crate::error::{Error, Violation};

pub mod charge;
pub mod dhw;
pub mod heat_curve;
pub mod heating_circuit;
pub mod system;
pub mod time_program;

/// One validation rule: a row of a resource's rule table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// Stable code, e.g. `DHW_START_BELOW_STOP`.
    pub code: &'static str,
    /// Field paths the rule concerns (`*` stands for each mode or day).
    pub fields: &'static [&'static str],
    /// The limit, in words.
    pub limit: &'static str,
    /// What the rule asks, for people.
    pub message: &'static str,
    /// Lowest allowed value, for range rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Highest allowed value, for range rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Grid the value must sit on, for step rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
    /// Where the rule comes from: `seed`, `docs` or `assumed`.
    pub provenance: &'static str,
}

impl Rule {
    /// A rule without numbers.
    pub const fn new(
        code: &'static str,
        fields: &'static [&'static str],
        limit: &'static str,
        message: &'static str,
        provenance: &'static str,
    ) -> Rule {
        Rule {
            code,
            fields,
            limit,
            message,
            min: None,
            max: None,
            step: None,
            provenance,
        }
    }

    /// A range rule `min..=max`.
    pub const fn range(
        code: &'static str,
        fields: &'static [&'static str],
        limit: &'static str,
        min: f64,
        max: f64,
        message: &'static str,
    ) -> Rule {
        Rule {
            code,
            fields,
            limit,
            message,
            min: Some(min),
            max: Some(max),
            step: None,
            provenance: "assumed",
        }
    }

    /// A grid rule: the value must be a multiple of `step`.
    pub const fn step(
        code: &'static str,
        fields: &'static [&'static str],
        limit: &'static str,
        step: f64,
        message: &'static str,
    ) -> Rule {
        Rule {
            code,
            fields,
            limit,
            message,
            min: None,
            max: None,
            step: Some(step),
            provenance: "assumed",
        }
    }
}

/// Every rule of every resource, for documentation and bindings.
pub fn all_rules() -> Vec<&'static Rule> {
    [
        dhw::RULES,
        heating_circuit::RULES,
        heat_curve::RULES,
        time_program::RULES,
        system::RULES,
        charge::RULES,
        GENERAL_RULES,
    ]
    .iter()
    .flat_map(|table| table.iter())
    .collect()
}

/// A patch that changes nothing.
pub const PATCH_EMPTY: Rule = Rule::new(
    "PATCH_EMPTY",
    &[""],
    "at least one field",
    "the patch sets no field",
    "assumed",
);
/// A value outside the enum the API documents for this field.
pub const ENUM_UNKNOWN: Rule = Rule::new(
    "ENUM_UNKNOWN",
    &["*"],
    "one of the documented values",
    "the value is not one the API accepts",
    "assumed",
);

/// Rules shared by every resource.
pub static GENERAL_RULES: &[Rule] = &[PATCH_EMPTY, ENUM_UNKNOWN];

/// The outcome of validating one request: every violation, and the rules it could not check.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Every broken rule.
    pub violations: Vec<Violation>,
    /// Codes of rules that could not be checked for lack of state (a blind patch).
    pub unchecked_rules: Vec<String>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Report {
        Report::default()
    }

    /// Whether no rule was broken.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }

    /// Records a broken rule on concrete fields, with a detail saying what was found.
    pub fn violate(&mut self, rule: &Rule, fields: &[&str], detail: &str) {
        let message = if detail.is_empty() {
            rule.message.to_owned()
        } else {
            format!("{detail}: {}", rule.message)
        };
        self.violations.push(Violation::new(
            rule.code,
            fields.iter().map(|f| (*f).to_owned()).collect(),
            Some(rule.limit.to_owned()),
            message,
        ));
    }

    /// Records that `rule` could not be checked (once).
    pub fn unchecked(&mut self, rule: &Rule) {
        if !self.unchecked_rules.iter().any(|c| c == rule.code) {
            self.unchecked_rules.push(rule.code.to_owned());
        }
    }

    /// Checks `value` of `field` against a range rule.
    pub fn range(&mut self, rule: &Rule, field: &str, value: f64) {
        let below = rule.min.is_some_and(|min| value < min - EPSILON);
        let above = rule.max.is_some_and(|max| value > max + EPSILON);
        if !value.is_finite() || below || above {
            self.violate(rule, &[field], &format!("{field} is {}", show(value)));
        }
    }

    /// Checks that `value` of `field` sits on the grid of a step rule.
    pub fn step(&mut self, rule: &Rule, field: &str, value: f64) {
        if let Some(step) = rule.step
            && value.is_finite()
            && !on_grid(value, step)
        {
            self.violate(rule, &[field], &format!("{field} is {}", show(value)));
        }
    }

    /// Checks that an open enum value is one the API documents.
    pub fn known(&mut self, field: &str, known: bool, text: &str) {
        if !known {
            self.violate(&ENUM_UNKNOWN, &[field], &format!("{field} is {text:?}"));
        }
    }

    /// Appends another report.
    pub fn merge(&mut self, other: Report) {
        self.violations.extend(other.violations);
        for code in other.unchecked_rules {
            if !self.unchecked_rules.contains(&code) {
                self.unchecked_rules.push(code);
            }
        }
    }

    /// `Ok` when valid, else the validation error listing every violation.
    pub fn into_result(self) -> Result<(), Error> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(self.violations, self.unchecked_rules))
        }
    }
}

/// Tolerance for comparing temperatures given as decimal text.
const EPSILON: f64 = 1e-9;

/// Whether `value` is a multiple of `step` (within rounding of decimal input).
pub fn on_grid(value: f64, step: f64) -> bool {
    if step <= 0.0 {
        return true;
    }
    let ratio = value / step;
    (ratio - ratio.round()).abs() < 1e-6
}

/// Formats a number for messages without noise (`45`, `45.5`).
pub fn show(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}
