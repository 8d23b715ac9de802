//! The rules a template must follow beyond rstml's syntax, one function per rule, each
//! reporting at the offending tokens in HTML's terms.

use rstml::node::{KeyedAttributeValue, NodeAttribute, NodeElement, NodeName};
use rstml_control_flow::escape::EscapeCode;

use super::elements;
use super::errors::Errors;

type Element = NodeElement<EscapeCode>;

/// The rules for an element. (A void element's end tag is reported while parsing: rstml
/// closes void elements at their start tag.)
pub(super) fn element(element: &Element, errors: &Errors) {
    attributes_are_keyed(element, errors);
    values_where_required(element, errors);
    no_attribute_twice(element, errors);
}

/// The rules for a component (`<Card title={t}/>`).
pub(super) fn component(element: &Element, errors: &Errors) {
    attributes_are_keyed(element, errors);
    component_fields_are_names(element, errors);
    no_attribute_twice(element, errors);
}

/// Attributes are written `name`, `name="text"` or `name={expr}`: not `{spread}`, not
/// `name(args)`.
fn attributes_are_keyed(element: &Element, errors: &Errors) {
    for attribute in element.attributes() {
        match attribute {
            NodeAttribute::Block(block) => errors
                .at(block, "html!: an attribute is written `name=\"text\"` or `name={expr}`, not as a `{ }` block"),
            NodeAttribute::Attribute(keyed) => {
                if let KeyedAttributeValue::Binding(binding) = &keyed.possible_value {
                    errors.at(
                        binding,
                        format!("html!: write the attribute's value after `=`: `{}={{value}}`", keyed.key),
                    );
                }
            }
        }
    }
}

/// `href`, `src`, `class`, `id`… mean nothing bare: `<a href>` is a mistake.
fn values_where_required(element: &Element, errors: &Errors) {
    for attribute in element.attributes() {
        let NodeAttribute::Attribute(keyed) = attribute else { continue };
        let key = keyed.key.to_string();
        if matches!(keyed.possible_value, KeyedAttributeValue::None) && elements::needs_value(&key) {
            errors.at(
                &keyed.key,
                format!("html!: the attribute `{key}` needs a value: `{key}=\"...\"` or `{key}={{expr}}`"),
            );
        }
    }
}

/// An attribute given twice would leave the browser to pick one.
fn no_attribute_twice(element: &Element, errors: &Errors) {
    let mut seen: Vec<String> = Vec::new();
    for attribute in element.attributes() {
        let NodeAttribute::Attribute(keyed) = attribute else { continue };
        let key = keyed.key.to_string();
        if seen.iter().any(|earlier| earlier.eq_ignore_ascii_case(&key)) {
            errors.at(&keyed.key, format!("html!: the attribute `{key}` is given twice"));
        }
        seen.push(key);
    }
}

/// A component's attributes are the fields of its type, so each is a Rust name.
fn component_fields_are_names(element: &Element, errors: &Errors) {
    for attribute in element.attributes() {
        let NodeAttribute::Attribute(keyed) = attribute else { continue };
        let is_name = matches!(&keyed.key, NodeName::Path(path) if path.path.get_ident().is_some());
        if !is_name {
            errors.at(
                &keyed.key,
                format!("html!: `{}` is not a field name of the component `{}`", keyed.key, element.name()),
            );
        }
    }
}
