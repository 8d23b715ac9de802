//! Forms on pages (docs/sessions.md): [`Form<T>`], a body that a page route answers itself when it
//! does not fit (**422** with the form shown again, the user's values in it and a message per
//! field), and [`FormErrors`], those values and messages.

mod errors;
mod form;

pub use errors::FormErrors;
pub use form::Form;
