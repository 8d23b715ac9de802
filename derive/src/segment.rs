//! `#[derive(Segment)]`: `FromSegment` for a validated single-field newtype (docs/routing.md#types-of-values), and
//! `ToSegment` through its field, for links (docs/links-openapi.md).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Error, Expr, Fields, LitStr, Path};

#[derive(Default)]
struct Checks {
    regex: Option<LitStr>,
    range: Option<Expr>,
    validate: Option<Path>,
}

const ONE_FIELD: &str = "#[derive(Segment)] needs exactly one field, such as `struct Id(u32);`";

pub(crate) fn derive(input: DeriveInput) -> syn::Result<TokenStream> {
    let name = &input.ident;
    let Data::Struct(data) = &input.data else {
        return Err(Error::new(name.span(), "#[derive(Segment)] is for a newtype struct such as `struct Id(u32);`"));
    };
    let (field, construct, access) = match &data.fields {
        Fields::Unnamed(f) if f.unnamed.len() == 1 => (&f.unnamed[0], quote!(Self(value)), quote!(self.0)),
        Fields::Named(f) if f.named.len() == 1 => {
            let ident = &f.named[0].ident;
            (&f.named[0], quote!(Self { #ident: value }), quote!(self.#ident))
        }
        Fields::Unit => return Err(Error::new(name.span(), ONE_FIELD)),
        _ => return Err(Error::new(data.fields.span(), ONE_FIELD)),
    };
    let mut checks = Checks::default();
    let mut errors: Option<Error> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("segment")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("regex") {
                let lit: LitStr = meta.value()?.parse()?;
                if let Err(e) = regex::Regex::new(&lit.value()) {
                    return Err(Error::new(lit.span(), format!("invalid regex: {e}")));
                }
                checks.regex = Some(lit);
            } else if meta.path.is_ident("range") {
                checks.range = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("validate") {
                checks.validate = Some(meta.value()?.parse()?);
            } else {
                return Err(meta
                    .error("unknown check: expected `regex = \"...\"`, `range = a..=b` or `validate = path::to_fn`"));
            }
            Ok(())
        });
        if let Err(e) = parsed {
            match &mut errors {
                Some(all) => all.combine(e),
                None => errors = Some(e),
            }
        }
    }
    if let Some(e) = errors {
        return Err(e);
    }
    let inner = &field.ty;
    let type_name = name.to_string();
    let schema_checks = schema_checks(&checks);
    let regex = checks.regex.map(|lit| {
        let anchored = format!("^(?:{})$", lit.value());
        let msg = format!("does not match the pattern of {type_name}");
        quote! {
            static RE: ::rook::__private::LazyLock<::rook::__private::Regex> =
                ::rook::__private::LazyLock::new(|| ::rook::__private::Regex::new(#anchored).unwrap());
            if !RE.is_match(s) {
                return ::core::result::Result::Err(::rook::__private::SegmentError::new(#msg));
            }
        }
    });
    // The checks are spanned on the attribute's value, so that a range or function that does
    // not fit the field is reported there, once, rather than on `#[derive(Segment)]`.
    let range = checks.range.map(|range| {
        let msg = format!("out of range for {type_name} ({})", quote!(#range).to_string().replace(' ', ""));
        let within = quote_spanned! {range.span()=>
            fn __rook_within<T: ::core::cmp::PartialOrd>(range: impl ::core::ops::RangeBounds<T>, value: &T) -> bool {
                range.contains(value)
            }
            if !__rook_within::<#inner>(#range, &value)
        };
        quote! {
            #within {
                return ::core::result::Result::Err(::rook::__private::SegmentError::new(#msg));
            }
        }
    });
    let validate = checks.validate.map(|f| {
        let msg = format!("not a valid {type_name}");
        let call = quote_spanned!(f.span()=> #f(&value));
        quote! {
            if !#call {
                return ::core::result::Result::Err(::rook::__private::SegmentError::new(#msg));
            }
        }
    });
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_g ::rook::__private::FromSegment for #name #ty_g #where_g {
            fn from_segment(s: &str) -> ::core::result::Result<Self, ::rook::__private::SegmentError> {
                #regex
                let value = <#inner as ::rook::__private::FromSegment>::from_segment(s)?;
                #range
                #validate
                ::core::result::Result::Ok(#construct)
            }
        }

        impl #impl_g ::rook::__private::SegmentSchema for #name #ty_g #where_g {
            #[allow(clippy::needless_borrow)]
            fn segment_schema() -> ::rook::__private::JsonValue {
                use ::rook::__private::{SegmentFallback as _, ViaSegmentSchema as _};
                #[allow(unused_mut)]
                let mut schema = (&&::rook::__private::Probe::<#inner>::new()).segment_schema();
                #schema_checks
                schema
            }
        }

        impl #impl_g ::rook::__private::ToSegment for #name #ty_g #where_g {
            fn to_segment(&self) -> ::std::string::String {
                <#inner as ::rook::__private::ToSegment>::to_segment(&#access)
            }
        }
    })
}

/// The checks of a `#[derive(Segment)]` in its schema: the regex as `pattern`, the range as
/// bounds, a validation function in the description.
fn schema_checks(checks: &Checks) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(lit) = &checks.regex {
        out.extend(quote!(::rook::__private::with_pattern(&mut schema, #lit);));
    }
    if let Some(range) = &checks.range {
        // The range's own type, not the field's: a range that does not fit the field is
        // reported once, by the check above.
        out.extend(quote!(::rook::__private::with_range(&mut schema, #range);));
    }
    if let Some(f) = &checks.validate {
        let text = quote!(#f).to_string().replace(' ', "");
        out.extend(quote!(::rook::__private::with_validation(&mut schema, #text);));
    }
    out
}
