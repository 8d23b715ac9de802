//! What a path segment keeps unescaped when Rook writes one (a link, a redirect's `Location`).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// RFC 3986's `pchar`s: the unreserved characters, the sub-delimiters, `:` and `@`. Everything
/// else, `/ ? # %` and non-ASCII included, is escaped.
pub(crate) const PCHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');
