//! [`FlashMessage`] and [`FlashLevel`]: what a flash message is, as the session keeps it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How a flash message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlashLevel {
    /// Neutral news.
    Info,
    /// Something worked.
    Success,
    /// Something to look at.
    Warning,
    /// Something failed.
    Error,
}

impl FlashLevel {
    /// `info`, `success`, `warning`, `error`: a CSS class, say.
    pub fn as_str(self) -> &'static str {
        match self {
            FlashLevel::Info => "info",
            FlashLevel::Success => "success",
            FlashLevel::Warning => "warning",
            FlashLevel::Error => "error",
        }
    }
}

impl fmt::Display for FlashLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One flash message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashMessage {
    /// How it should look.
    #[serde(rename = "l")]
    pub level: FlashLevel,
    /// What it says (text, not markup: escape it when you insert it).
    #[serde(rename = "t")]
    pub text: String,
}
