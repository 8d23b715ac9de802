//! [`Render`]: how a value inserted with `{expr}` in `html!` writes itself.

use std::borrow::Cow;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;

use super::markup::Html;
use super::writer::Writer;
use crate::links::link::Link;

/// A value that can be inserted in `html!` with `{expr}`: between tags, as an attribute value,
/// or in a `<script>`/`<style>` body. Text goes through [`Writer::text`], which escapes it for
/// where it lands; only [`Html`] writes markup.
///
/// Implemented for strings, characters, numbers, `bool`, [`Html`], [`Link`]s, `Option<T>`
/// (`None` writes nothing), references and smart pointers, slices and `Vec`s (each element in
/// turn), and `format_args!(..)`. Wrap any other `Display` type in [`display`]. A component
/// of your own implements it, usually with `html!` inside.
pub trait Render {
    /// Writes the value.
    fn render(&self, writer: &mut Writer);

    /// Whether, as an attribute's value, the value leaves the attribute out: `None` and `false`.
    fn absent(&self) -> bool {
        false
    }
}

impl Render for str {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        writer.text(self);
    }
}

impl Render for String {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        writer.text(self);
    }
}

impl Render for Cow<'_, str> {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        writer.text(self);
    }
}

impl Render for char {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        writer.text(self.encode_utf8(&mut [0; 4]));
    }
}

/// `true` and `false` as text; as an attribute value, `false` leaves the attribute out
/// (`disabled={locked}`).
impl Render for bool {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        writer.text(if *self { "true" } else { "false" });
    }

    fn absent(&self) -> bool {
        !*self
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Render for $t {
            #[inline]
            fn render(&self, writer: &mut Writer) {
                // Digits and `-` need no escaping in any context.
                writer.markup(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}
integers!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);

macro_rules! floats {
    ($($t:ty),*) => {$(
        impl Render for $t {
            #[inline]
            fn render(&self, writer: &mut Writer) {
                writer.display(self);
            }
        }
    )*};
}
floats!(f32, f64);

impl Render for Html {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        writer.markup(self.as_str());
    }
}

/// A link's path and query: already percent-encoded, and escaped like any text.
impl<Of> Render for Link<Of> {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        writer.display(self);
    }
}

impl Render for fmt::Arguments<'_> {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        writer.display(self);
    }
}

impl<T: Render> Render for Option<T> {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        if let Some(value) = self {
            value.render(writer);
        }
    }

    fn absent(&self) -> bool {
        self.as_ref().is_none_or(Render::absent)
    }
}

impl<T: Render> Render for [T] {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        for value in self {
            value.render(writer);
        }
    }
}

impl<T: Render> Render for Vec<T> {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        self.as_slice().render(writer);
    }
}

macro_rules! pointers {
    ($($p:ident),*) => {$(
        impl<T: Render + ?Sized> Render for $p<T> {
            #[inline]
            fn render(&self, writer: &mut Writer) {
                (**self).render(writer);
            }

            fn absent(&self) -> bool {
                (**self).absent()
            }
        }
    )*};
}
pointers!(Box, Rc, Arc);

impl<T: Render + ?Sized> Render for &T {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        (**self).render(writer);
    }

    fn absent(&self) -> bool {
        (**self).absent()
    }
}

impl<T: Render + ?Sized> Render for &mut T {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        (**self).render(writer);
    }

    fn absent(&self) -> bool {
        (**self).absent()
    }
}

macro_rules! tuples {
    ($(($($name:ident),+)),*) => {$(
        /// Each value in turn: an attribute built from parts, `href={("/products/", id)}`.
        impl<$($name: Render),+> Render for ($($name,)+) {
            #[inline]
            fn render(&self, writer: &mut Writer) {
                #[allow(non_snake_case)]
                let ($($name,)+) = self;
                $($name.render(writer);)+
            }
        }
    )*};
}
tuples!((A, B), (A, B, C), (A, B, C, D), (A, B, C, D, E), (A, B, C, D, E, F));

/// A `Display` value, inserted as escaped text: `{display(&uuid)}`.
#[derive(Debug, Clone, Copy)]
pub struct Display<T>(pub T);

/// Inserts a `Display` value as escaped text: `{display(&uuid)}`.
pub fn display<T: fmt::Display>(value: T) -> Display<T> {
    Display(value)
}

impl<T: fmt::Display> Render for Display<T> {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        writer.display(&self.0);
    }
}

/// The content between a component's tags in `html!` (`<Layout>...</Layout>`), passed as its
/// `children` field: it renders into the component's writer, so a layout and its page share one
/// buffer.
pub struct Children<F>(pub F);

impl<F: Fn(&mut Writer)> Render for Children<F> {
    #[inline]
    fn render(&self, writer: &mut Writer) {
        (self.0)(writer);
    }
}

impl<F> fmt::Debug for Children<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Children(..)")
    }
}
