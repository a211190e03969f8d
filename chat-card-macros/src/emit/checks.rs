//! The runtime checks the expansion writes where the compiler cannot decide: integer
//! ranges, floats, character limits, list lengths, a card's size and a section's
//! uncollapsible count.

use chat_card_core::schema::{
    FloatRule, MAX_CARD_BYTES, MAX_THREAD_KEY_CHARS, MAX_WIDGETS_PER_CARD, TextKind,
};
use proc_macro2::{Ident, Literal, Span};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::ranges::{Count, IntRange, Uncollapsible};
use super::{Emitter, HOLE_ESTIMATE};
use crate::ir::{DynKind, LKind, LMember, ListInfo, is_open};

impl Emitter {
    /// The runtime check of a section whose uncollapsible count or widget count is only
    /// known at runtime (with both literal, the compiler checked it).
    pub(super) fn uncollapsible_check(&mut self, members: &[LMember]) -> Option<Uncollapsible> {
        if self.static_mode {
            return None;
        }
        let count = members
            .iter()
            .find(|m| m.key == "uncollapsibleWidgetsCount")?;
        let widgets = members.iter().find(|m| m.key == "widgets")?;
        let n = self.statics.len() + self.out.len();
        let count = match &count.value.kind {
            LKind::Num { text, .. } => Count::Known(text.parse().ok()?),
            LKind::Dyn {
                kind: DynKind::Int(_),
                ..
            } => Count::Bound(format_ident!(
                "__chat_card_count_{}",
                n,
                span = Span::mixed_site()
            )),
            _ => return None,
        };
        let (widgets, place) = match &widgets.value.kind {
            LKind::Array { items, check } if is_open(items) => (
                Count::Bound(format_ident!(
                    "__chat_card_len_{}",
                    n,
                    span = Span::mixed_site()
                )),
                check.place.clone(),
            ),
            LKind::Array { items, check } => {
                (Count::Known(items.len() as i128), check.place.clone())
            }
            _ => return None,
        };
        if matches!((&count, &widgets), (Count::Known(_), Count::Known(_))) {
            return None;
        }
        Some(Uncollapsible {
            count,
            widgets,
            place,
        })
    }

    pub(super) fn uncollapsible_close(&mut self, check: Uncollapsible) {
        let count = match check.count {
            Count::Known(n) => quote! { #n },
            Count::Bound(name) => quote! { #name },
        };
        let widgets = match check.widgets {
            Count::Known(n) => {
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                quote! { #n }
            }
            Count::Bound(name) => quote! { #name },
        };
        let place = Literal::string(&check.place);
        let w = &self.w;
        self.stmt(quote! {
            ::chat_card::__private::Writer::uncollapsible(&mut #w, #count, #widgets, #place);
        });
    }

    /// A runtime integer, checked against its field's range when built.
    pub(super) fn int(&mut self, expr: &syn::Expr, range: IntRange, place: &str) {
        let span = expr.span();
        let name = format_ident!(
            "__CHAT_CARD_INT_{}",
            self.statics.len(),
            span = Span::mixed_site()
        );
        let (min, max, accepts) = (range.min, range.max, Literal::string(&range.accepts));
        let one_of = range.one_of;
        let place = Literal::string(place);
        self.statics.push(quote! {
            static #name: ::chat_card::__private::IntCheck = ::chat_card::__private::IntCheck {
                place: #place, min: #min, max: #max, one_of: &[#(#one_of),*], accepts: #accepts,
            };
        });
        let w = self.w.clone();
        let value = quote_spanned! {span=> ::chat_card::value::IntValue::to_i128(&(#expr)) };
        let call = quote! { ::chat_card::__private::Writer::int(&mut #w, #value, &#name) };
        self.estimate += HOLE_ESTIMATE;
        let stmt = match self.bind_int.take() {
            Some(bound) => quote! { let #bound = #call; },
            None => quote! { #call; },
        };
        self.stmt(stmt);
    }

    pub(super) fn float_check(&mut self, rule: FloatRule, place: &str) -> Ident {
        let name = format_ident!(
            "__CHAT_CARD_FLOAT_{}",
            self.statics.len(),
            span = Span::mixed_site()
        );
        let (min, max, positive, accepts) = match rule {
            FloatRule::Any => (
                quote! { ::core::primitive::f64::MIN },
                quote! { ::core::primitive::f64::MAX },
                false,
                "any finite number",
            ),
            FloatRule::UnitInterval => (quote! { 0.0 }, quote! { 1.0 }, false, "0 to 1"),
            FloatRule::Positive => (
                quote! { ::core::primitive::f64::MIN },
                quote! { ::core::primitive::f64::MAX },
                true,
                "a number greater than 0",
            ),
        };
        let place = Literal::string(place);
        self.statics.push(quote! {
            static #name: ::chat_card::__private::FloatCheck = ::chat_card::__private::FloatCheck {
                place: #place, min: #min, max: #max, positive: #positive, accepts: #accepts,
            };
        });
        name
    }

    /// Starts a runtime length check for text kinds with a character limit.
    pub(super) fn limit_open(&mut self, kind: TextKind) -> Option<(usize, &'static str)> {
        let limit = match kind {
            TextKind::ThreadKey => Some((MAX_THREAD_KEY_CHARS, "thread key")),
            _ => None,
        };
        if limit.is_some() {
            let w = &self.w;
            self.stmt(quote! { ::chat_card::__private::Writer::limit_open(&mut #w); });
        }
        limit
    }

    pub(super) fn limit_close(&mut self, limit: Option<(usize, &'static str)>) {
        if let Some((max, field)) = limit {
            let w = &self.w;
            self.stmt(
                quote! { ::chat_card::__private::Writer::limit_close(&mut #w, #max, #field); },
            );
        }
    }

    pub(super) fn list_check(&mut self, info: &ListInfo) -> Ident {
        let name = format_ident!(
            "__CHAT_CARD_LIST_{}",
            self.statics.len(),
            span = Span::mixed_site()
        );
        let place = Literal::string(&info.place);
        let what = Literal::string(&info.what);
        let why = Literal::string(&info.why);
        let min = info.min;
        let max = info.max.unwrap_or(usize::MAX);
        let max = if max == usize::MAX {
            quote! { ::core::primitive::usize::MAX }
        } else {
            quote! { #max }
        };
        let widgets = info.widgets;
        self.statics.push(quote! {
            static #name: ::chat_card::__private::ListCheck = ::chat_card::__private::ListCheck {
                place: #place, what: #what, min: #min, max: #max, why: #why, widgets: #widgets,
            };
        });
        name
    }

    pub(super) fn card_check(&mut self, card: &str) -> Ident {
        let name = format_ident!(
            "__CHAT_CARD_CARD_{}",
            self.statics.len(),
            span = Span::mixed_site()
        );
        let card = Literal::string(card);
        self.statics.push(quote! {
            static #name: ::chat_card::__private::CardCheck = ::chat_card::__private::CardCheck {
                name: #card, max_widgets: #MAX_WIDGETS_PER_CARD, max_bytes: #MAX_CARD_BYTES,
            };
        });
        name
    }
}
