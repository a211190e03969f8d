//! Lowered card -> tokens.
//!
//! A card without runtime values becomes one string literal. Otherwise the static JSON
//! between runtime values is merged into pre-escaped literals, and each runtime value is
//! one call on `::chat_card::__private::Writer`; lists with control flow open and close
//! at runtime so their length can be checked. Every path in the output is absolute, and
//! the names the expansion introduces are hygienic (`Span::mixed_site`). The runtime
//! checks are in [`checks`], what they compare against in [`ranges`].

use chat_card_core::escape::{json_into, json_string_into};
use chat_card_core::schema::{MAX_CARD_BYTES, MAX_MESSAGE_BYTES, TextKind};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::diag::with_help;
mod checks;
mod ranges;

use crate::ir::{DynKind, Item, LKind, LMember, LNode, LinkPart, Part, is_open};
use ranges::{Count, Uncollapsible, int_range, int64_range};

/// Bytes reserved per runtime value when sizing the buffer.
const HOLE_ESTIMATE: usize = 24;
/// How many iterations of a loop the buffer is sized for.
const LOOP_ESTIMATE: usize = 4;

/// The expansion of a lowered message: `Result<JsonMessage, BuildError>`.
pub fn emit(root: &LNode) -> Result<TokenStream, Vec<syn::Error>> {
    let mut e = Emitter::new(is_static(root));
    e.value(root);
    if e.static_mode {
        let json = std::mem::take(&mut e.pending);
        let mut errors = Vec::new();
        for (name, len) in &e.card_sizes {
            if *len > MAX_CARD_BYTES {
                errors.push(syn::Error::new(
                    Span::call_site(),
                    with_help(
                        format!(
                            "{name} is {len} bytes of JSON, more than the {MAX_CARD_BYTES} bytes Chat accepts for one card"
                        ),
                        "shorten its text or split it into several cards",
                    ),
                ));
            }
        }
        if json.len() > MAX_MESSAGE_BYTES {
            errors.push(syn::Error::new(
                Span::call_site(),
                with_help(
                    format!(
                        "the message is {} bytes of JSON, more than the {MAX_MESSAGE_BYTES} bytes Chat accepts",
                        json.len()
                    ),
                    "split the content over several messages",
                ),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let lit = Literal::string(&json);
        return Ok(quote! {
            ::core::result::Result::<::chat_card::JsonMessage, ::chat_card::BuildError>::Ok(
                ::chat_card::JsonMessage::__from_static(#lit)
            )
        });
    }
    e.flush();
    let w = &e.w;
    let statics = &e.statics;
    let stmts = &e.out;
    let capacity = e.estimate;
    Ok(quote! {
        {
            #(#statics)*
            let mut #w = ::chat_card::__private::Writer::with_capacity(#capacity);
            #(#stmts)*
            ::chat_card::__private::Writer::finish(#w, #MAX_MESSAGE_BYTES)
        }
    })
}

/// The expansion used when there are errors: the errors, and a value of the right type
/// so no second error follows.
pub fn placeholder() -> TokenStream {
    quote! {
        ::core::result::Result::<::chat_card::JsonMessage, ::chat_card::BuildError>::Ok(
            ::chat_card::JsonMessage::__from_static("{}")
        )
    }
}

fn is_static(node: &LNode) -> bool {
    match &node.kind {
        LKind::Template { .. } | LKind::Dyn { .. } => false,
        LKind::Object { members, .. } => members.iter().all(|m| is_static(&m.value)),
        LKind::Array { items, .. } => {
            !is_open(items)
                && items.iter().all(|i| match i {
                    Item::Node(n) => is_static(n),
                    _ => false,
                })
        }
        _ => true,
    }
}

struct Emitter {
    static_mode: bool,
    w: Ident,
    pending: String,
    out: Vec<TokenStream>,
    statics: Vec<TokenStream>,
    estimate: usize,
    card_sizes: Vec<(String, usize)>,
    /// A name to bind the next runtime integer to (a section's uncollapsible count).
    bind_int: Option<Ident>,
    /// A name to bind the length of the next open list to (a section's widgets).
    bind_len: Option<Ident>,
}

impl Emitter {
    fn new(static_mode: bool) -> Self {
        Emitter {
            static_mode,
            w: Ident::new("__chat_card_writer", Span::mixed_site()),
            pending: String::new(),
            out: Vec::new(),
            statics: Vec::new(),
            estimate: 0,
            card_sizes: Vec::new(),
            bind_int: None,
            bind_len: None,
        }
    }

    fn lit(&mut self, s: &str) {
        self.pending.push_str(s);
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.estimate += self.pending.len();
            let lit = Literal::string(&self.pending);
            let w = &self.w;
            self.out
                .push(quote! { ::chat_card::__private::Writer::push(&mut #w, #lit); });
            self.pending.clear();
        }
    }

    fn stmt(&mut self, tokens: TokenStream) {
        self.flush();
        self.out.push(tokens);
    }

    /// Emits into a fresh statement list (a loop or branch body) and returns it, with the
    /// estimated bytes one run of it writes.
    fn nested(&mut self, f: impl FnOnce(&mut Self)) -> (TokenStream, usize) {
        self.flush();
        let outer = std::mem::take(&mut self.out);
        let before = self.estimate;
        f(self);
        self.flush();
        let inner = std::mem::replace(&mut self.out, outer);
        let added = self.estimate - before;
        self.estimate = before + added * LOOP_ESTIMATE;
        (quote! { #(#inner)* }, added)
    }

    /// One writer call for a runtime value; the call carries the value's span so type
    /// errors point at the value, not at the whole macro.
    fn call(&mut self, method: &str, arg: TokenStream, span: Span) {
        let w = &self.w;
        let is_text = matches!(method, "text" | "html" | "chat" | "url_part" | "chat_label");
        let method = Ident::new(method, span);
        self.estimate += HOLE_ESTIMATE;
        if is_text {
            // Text holes go through `Hole`: strings are escaped straight into the buffer,
            // other `Display` values through the formatting machinery (autoref picks the
            // first that applies).
            self.stmt(quote_spanned! {span=> {
                #[allow(unused_imports)]
                use ::chat_card::__private::{HoleIdentifier as _, HoleStr as _};
                #[allow(unused_imports)]
                use ::chat_card::value::TextHole as _;
                (&::chat_card::__private::Hole(#arg)).#method(&mut #w);
            } });
        } else {
            self.stmt(
                quote_spanned! {span=> ::chat_card::__private::Writer::#method(&mut #w, #arg); },
            );
        }
    }

    fn value(&mut self, node: &LNode) {
        match &node.kind {
            LKind::Null => self.lit("null"),
            LKind::Bool(b) => self.lit(if *b { "true" } else { "false" }),
            LKind::Num { text, quoted } => {
                if *quoted {
                    self.lit("\"");
                    self.lit(text);
                    self.lit("\"");
                } else {
                    self.lit(text);
                }
            }
            LKind::Str(s) => {
                let mut out = String::with_capacity(s.len() + 2);
                json_string_into(&mut out, s);
                self.lit(&out);
            }
            LKind::Template { parts, text } => {
                self.lit("\"");
                let limited = self.limit_open(*text);
                for part in parts {
                    match part {
                        Part::Text(t) => {
                            let mut out = String::with_capacity(t.len());
                            json_into(&mut out, t);
                            self.lit(&out);
                        }
                        Part::Hole {
                            expr,
                            spec,
                            span,
                            link,
                        } => {
                            let arg = match spec {
                                None => quote_spanned! {expr.span()=> &(#expr) },
                                Some(spec) => {
                                    let fmt = Literal::string(&format!("{{:{spec}}}"));
                                    let mut fmt_tokens =
                                        TokenStream::from(proc_macro2::TokenTree::Literal(fmt));
                                    fmt_tokens = fmt_tokens
                                        .into_iter()
                                        .map(|mut t| {
                                            t.set_span(*span);
                                            t
                                        })
                                        .collect();
                                    quote_spanned! {*span=> &::core::format_args!(#fmt_tokens, #expr) }
                                }
                            };
                            let method = match link {
                                LinkPart::Outside => text_method(*text),
                                LinkPart::Target => "url_part",
                                LinkPart::Label => "chat_label",
                            };
                            self.call(method, arg, *span);
                        }
                    }
                }
                self.limit_close(limited);
                self.lit("\"");
            }
            LKind::Dyn { expr, kind, place } => {
                let span = expr.span();
                match kind {
                    DynKind::Text(text) => {
                        self.lit("\"");
                        let limited = self.limit_open(*text);
                        self.call(text_method(*text), quote_spanned! {span=> &(#expr) }, span);
                        self.limit_close(limited);
                        self.lit("\"");
                    }
                    DynKind::Url => {
                        self.lit("\"");
                        let arg = quote_spanned! {span=> ::chat_card::value::UrlValue::url_str(&(#expr)) };
                        self.call("url", arg, span);
                        self.lit("\"");
                    }
                    DynKind::Trusted => {
                        self.lit("\"");
                        let arg = quote_spanned! {span=> ::chat_card::value::TrustedValue::markup_str(&(#expr)) };
                        self.call("trusted", arg, span);
                        self.lit("\"");
                    }
                    DynKind::Bool => {
                        let arg = quote_spanned! {span=> ::chat_card::value::BoolValue::to_bool(&(#expr)) };
                        self.call("bool", arg, span);
                    }
                    DynKind::Int(rule) => self.int(expr, int_range(*rule), place),
                    DynKind::Int64 => {
                        self.lit("\"");
                        self.int(expr, int64_range(), place);
                        self.lit("\"");
                    }
                    DynKind::Float(rule) => {
                        let check = self.float_check(*rule, place);
                        let arg = quote_spanned! {span=>
                            ::chat_card::value::FloatValue::to_f64(&(#expr)), &#check
                        };
                        self.call("float", arg, span);
                    }
                }
            }
            LKind::Object { members, card } => {
                if card.is_some() && !self.static_mode {
                    let w = &self.w;
                    self.stmt(quote! { ::chat_card::__private::Writer::card_open(&mut #w); });
                }
                let start = self.pending.len();
                let uncollapsible = self.uncollapsible_check(members);
                self.lit("{");
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        self.lit(",");
                    }
                    let mut key = String::new();
                    json_string_into(&mut key, &m.key);
                    self.lit(&key);
                    self.lit(":");
                    self.member_value(m, uncollapsible.as_ref());
                }
                self.lit("}");
                if let Some(check) = uncollapsible {
                    self.uncollapsible_close(check);
                }
                if let Some(name) = card {
                    if self.static_mode {
                        let len = self.pending.len() - start;
                        self.card_sizes.push((name.clone(), len));
                    } else {
                        let check = self.card_check(name);
                        let w = &self.w;
                        self.stmt(quote! { ::chat_card::__private::Writer::card_close(&mut #w, &#check); });
                    }
                }
            }
            LKind::Array { items, check } => {
                if is_open(items) {
                    let bind = self.bind_len.take();
                    let check = self.list_check(check);
                    let w = self.w.clone();
                    self.stmt(quote! { ::chat_card::__private::Writer::list_open(&mut #w); });
                    self.items(items);
                    let close =
                        quote! { ::chat_card::__private::Writer::list_close(&mut #w, &#check) };
                    self.stmt(match bind {
                        Some(name) => quote! { let #name = #close; },
                        None => quote! { #close; },
                    });
                } else {
                    self.lit("[");
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            self.lit(",");
                        }
                        if let Item::Node(n) = item {
                            self.value(n);
                        }
                    }
                    self.lit("]");
                    if check.widgets && !self.static_mode && !items.is_empty() {
                        let count = items.len();
                        let w = &self.w;
                        self.stmt(
                            quote! { ::chat_card::__private::Writer::widgets(&mut #w, #count); },
                        );
                    }
                }
            }
        }
    }

    /// One member's value, with what the runtime checks of its object need around it.
    fn member_value(&mut self, m: &LMember, uncollapsible: Option<&Uncollapsible>) {
        if self.static_mode {
            return self.value(&m.value);
        }
        if let Some(check) = uncollapsible {
            match (m.key.as_str(), &check.count, &check.widgets) {
                ("uncollapsibleWidgetsCount", Count::Bound(name), _) => {
                    self.bind_int = Some(name.clone());
                }
                ("widgets", _, Count::Bound(name)) => self.bind_len = Some(name.clone()),
                _ => {}
            }
        }
        let w = self.w.clone();
        match m.key.as_str() {
            "cardId" => {
                self.stmt(quote! { ::chat_card::__private::Writer::id_open(&mut #w); });
                self.value(&m.value);
                self.stmt(quote! { ::chat_card::__private::Writer::id_close(&mut #w); });
            }
            "cardsV2" => {
                self.value(&m.value);
                self.stmt(quote! { ::chat_card::__private::Writer::cards_done(&mut #w); });
            }
            _ => self.value(&m.value),
        }
        self.bind_int = None;
        self.bind_len = None;
    }

    /// Items of an open list: each starts with `item()` (which writes the comma).
    fn items(&mut self, items: &[Item]) {
        for item in items {
            let w = self.w.clone();
            match item {
                Item::Node(n) => {
                    self.stmt(quote! { ::chat_card::__private::Writer::item(&mut #w); });
                    self.value(n);
                }
                Item::For { pat, expr, body } => {
                    let (inner, per_item) = self.nested(|e| e.items(body));
                    // Size the buffer for the iterator's lower bound before the loop, so
                    // a long loop grows it once instead of doubling repeatedly.
                    let iter = Ident::new("__chat_card_iter", Span::mixed_site());
                    self.stmt(quote! {
                        let #iter = ::core::iter::IntoIterator::into_iter(#expr);
                        ::chat_card::__private::Writer::reserve_items(
                            &mut #w,
                            ::core::iter::Iterator::size_hint(&#iter).0,
                            #per_item,
                        );
                        for #pat in #iter { #inner }
                    });
                }
                Item::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    let (then, _) = self.nested(|e| e.items(then));
                    let otherwise = otherwise.as_ref().map(|o| {
                        let (o, _) = self.nested(|e| e.items(o));
                        quote! { else { #o } }
                    });
                    self.stmt(quote! { if #cond { #then } #otherwise });
                }
                Item::Match { expr, arms } => {
                    let arms: Vec<TokenStream> = arms
                        .iter()
                        .map(|(pat, guard, body)| {
                            let (body, _) = self.nested(|e| e.items(body));
                            let guard = guard.as_ref().map(|g| quote! { if #g });
                            quote! { #pat #guard => { #body } }
                        })
                        .collect();
                    self.stmt(quote! { match #expr { #(#arms)* } });
                }
            }
        }
    }
}

fn text_method(kind: TextKind) -> &'static str {
    match kind {
        TextKind::CardHtml => "html",
        TextKind::ChatMarkup => "chat",
        TextKind::Url => "url_part",
        TextKind::Plain | TextKind::Identifier | TextKind::ThreadKey | TextKind::ResourceName => {
            "text"
        }
    }
}

/// A compiler warning at `span`: a use of a deprecated constant whose note is the
/// message. Rust words it "use of deprecated constant `PATH::chat_card`: MESSAGE"; the
/// constant is named `chat_card` so that prefix says where the warning comes from and
/// nothing else, and each warning has its own block so several can share the name.
pub fn warning(span: Span, message: &str) -> TokenStream {
    let name = Ident::new("chat_card", span);
    quote_spanned! {span=> {
        #[deprecated(note = #message)]
        #[allow(non_upper_case_globals)]
        const #name: () = ();
        #[allow(clippy::let_unit_value)]
        let _ = #name;
    }}
}
