//! Tokens -> AST. Every node keeps the spans of its tokens so errors can point at them.
//!
//! A body is a sequence of entries, commas (or semicolons) between them optional:
//!
//! ```text
//! body   := (entry [","|";"])*
//! entry  := key ":" value                        a field
//!         | keyword [positional] ["{" body "}"]   a child object or list item
//!         | "for" PAT "in" EXPR "{" body "}"
//!         | "if" EXPR "{" body "}" ["else" ("if" … | "{" body "}")]
//!         | "match" EXPR "{" (PAT ["if" EXPR] "=>" "{" body "}" [","])* "}"
//! positional := literal | "(" EXPR ")" | "trusted" "(" EXPR ")"
//! value  := "{" body "}" | EXPR      (literals, idents, [lists] and trusted(…) are classified)
//! ```

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Expr, Ident, Lit, LitStr, Pat, Token, braced, token};

/// A sequence of entries: the whole macro input, or the inside of `{ … }`.
pub struct Body {
    /// The entries in order.
    pub entries: Vec<Entry>,
    /// The span of the braces (or of the whole input).
    pub span: Span,
}

/// One entry of a body.
pub enum Entry {
    /// `key: value`.
    Field(Field),
    /// `keyword [positional] [{ body }]`.
    Block(Block),
    /// `for PAT in EXPR { body }`.
    For(ForEntry),
    /// `if COND { body } else …`.
    If(IfEntry),
    /// `match EXPR { arms }`.
    Match(MatchEntry),
}

/// `key: value`.
pub struct Field {
    /// The key (raw identifiers unrawed).
    pub key: Ident,
    /// The value.
    pub value: ValueAst,
}

/// `keyword [positional] [{ body }]`.
pub struct Block {
    /// The keyword.
    pub keyword: Ident,
    /// The value written right after the keyword (`button "Open"`).
    pub positional: Option<ValueAst>,
    /// The body, when braces follow.
    pub body: Option<Body>,
}

/// `for PAT in EXPR { body }`.
pub struct ForEntry {
    /// The `for` token.
    pub span: Span,
    /// The pattern.
    pub pat: Pat,
    /// The iterated expression.
    pub expr: Expr,
    /// The body.
    pub body: Body,
}

/// `if COND { body } [else …]`.
pub struct IfEntry {
    /// The `if` token.
    pub span: Span,
    /// The condition (may be a `let` chain).
    pub cond: Expr,
    /// The body when true.
    pub then: Body,
    /// The else branch.
    pub otherwise: Option<Else>,
}

/// An `else` branch.
pub enum Else {
    /// `else if …`.
    If(Box<IfEntry>),
    /// `else { body }`.
    Body(Body),
}

/// `match EXPR { arms }`.
pub struct MatchEntry {
    /// The `match` token.
    pub span: Span,
    /// The scrutinee.
    pub expr: Expr,
    /// The arms.
    pub arms: Vec<Arm>,
}

/// `PAT [if guard] => { body }`.
pub struct Arm {
    /// The pattern.
    pub pat: Pat,
    /// The guard.
    pub guard: Option<Expr>,
    /// The body.
    pub body: Body,
}

/// A value, classified by its form.
pub enum ValueAst {
    /// A string literal (may hold `{holes}`).
    Str(LitStr),
    /// `true` or `false`.
    Bool(bool, Span),
    /// A number literal, possibly negated; `text` is valid JSON number syntax.
    Num {
        /// The JSON text.
        text: String,
        /// The literal (and sign).
        span: Span,
    },
    /// A bare identifier: an enum value (`CIRCLE`) or a variable.
    Ident(Ident),
    /// `{ body }`.
    Object(Body),
    /// `[a, b, …]`.
    List(Vec<ValueAst>, Span),
    /// `trusted(expr)`.
    Trusted(Expr, Span),
    /// Any other expression: a whole value known at runtime.
    Expr(Expr),
}

impl ValueAst {
    /// The span to point at.
    pub fn span(&self) -> Span {
        match self {
            ValueAst::Str(s) => s.span(),
            ValueAst::Bool(_, span) | ValueAst::Num { span, .. } | ValueAst::List(_, span) => *span,
            ValueAst::Trusted(_, span) => *span,
            ValueAst::Ident(i) => i.span(),
            ValueAst::Object(b) => b.span,
            ValueAst::Expr(e) => e.span(),
        }
    }
}

impl Parse for Body {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let span = input.span();
        let mut entries = Vec::new();
        while !input.is_empty() {
            entries.push(input.parse()?);
            while input.peek(Token![,]) || input.peek(Token![;]) {
                if input.peek(Token![,]) {
                    input.parse::<Token![,]>()?;
                } else {
                    input.parse::<Token![;]>()?;
                }
            }
        }
        Ok(Body { entries, span })
    }
}

fn braced_body(input: ParseStream, what: &str) -> syn::Result<Body> {
    if !input.peek(token::Brace) {
        return Err(input.error(format!("expected `{{ … }}` after {what}")));
    }
    let content;
    let brace = braced!(content in input);
    let mut body: Body = content.parse()?;
    body.span = brace.span.join();
    Ok(body)
}

fn is_control(input: ParseStream, word: &str) -> bool {
    let fork = input.fork();
    match Ident::parse_any(&fork) {
        Ok(ident) => ident == word && (!fork.peek(Token![:]) || fork.peek(Token![::])),
        Err(_) => false,
    }
}

impl Parse for Entry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if is_control(input, "for") {
            return Ok(Entry::For(parse_for(input)?));
        }
        if is_control(input, "if") {
            return Ok(Entry::If(parse_if(input)?));
        }
        if is_control(input, "match") {
            return Ok(Entry::Match(parse_match(input)?));
        }
        if is_control(input, "else") {
            return Err(
                input.error("`else` without an `if` before it; write `if COND { … } else { … }`")
            );
        }
        let lookahead = input.lookahead1();
        if !(lookahead.peek(Ident::peek_any)) {
            return Err(input.error(
                "expected a field (`key: value`), a widget or block (`keyword { … }`), \
                 or `for` / `if` / `match`",
            ));
        }
        let ident = Ident::parse_any(input)?.unraw();
        if input.peek(Token![:]) && !input.peek(Token![::]) {
            input.parse::<Token![:]>()?;
            if input.is_empty() || input.peek(Token![,]) || input.peek(Token![;]) {
                return Err(syn::Error::new(
                    ident.span(),
                    format!("`{ident}:` has no value; write `{ident}: value` or remove it"),
                ));
            }
            let value = parse_value(input)?;
            return Ok(Entry::Field(Field { key: ident, value }));
        }
        if input.peek(Token![=]) && !input.peek(Token![==]) && !input.peek(Token![=>]) {
            return Err(input.error(format!(
                "fields are written `{ident}: value`, with a colon, not `=`"
            )));
        }
        if input.peek(Token![::]) || input.peek(Token![.]) || input.peek(token::Bracket) {
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "`{ident}` starts an expression, but an entry is expected here; \
                     a value goes after a field key: `key: {ident}…`"
                ),
            ));
        }
        let positional = parse_positional(input)?;
        let body = if input.peek(token::Brace) {
            Some(braced_body(input, &format!("`{ident}`"))?)
        } else {
            None
        };
        Ok(Entry::Block(Block {
            keyword: ident,
            positional,
            body,
        }))
    }
}

fn parse_positional(input: ParseStream) -> syn::Result<Option<ValueAst>> {
    if input.peek(Lit) {
        let lit: Lit = input.parse()?;
        return classify(Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit,
        }))
        .map(Some);
    }
    if input.peek(Token![-]) && input.peek2(Lit) {
        let expr = Expr::parse_without_eager_brace(input)?;
        return classify(expr).map(Some);
    }
    if input.peek(token::Paren) {
        let content;
        let paren = syn::parenthesized!(content in input);
        let inner: Expr = content.parse()?;
        if !content.is_empty() {
            return Err(content.error("expected `)` after the expression"));
        }
        return Ok(Some(ValueAst::Expr(Expr::Paren(syn::ExprParen {
            attrs: Vec::new(),
            paren_token: paren,
            expr: Box::new(inner),
        }))));
    }
    let fork = input.fork();
    if let Ok(ident) = fork.parse::<Ident>()
        && ident == "trusted"
        && fork.peek(token::Paren)
    {
        let expr = Expr::parse_without_eager_brace(input)?;
        return classify(expr).map(Some);
    }
    Ok(None)
}

/// Parses a value after `key:`.
pub fn parse_value(input: ParseStream) -> syn::Result<ValueAst> {
    if input.peek(token::Brace) {
        return Ok(ValueAst::Object(braced_body(input, "`{`")?));
    }
    let expr = Expr::parse_without_eager_brace(input)?;
    classify(expr)
}

fn classify(expr: Expr) -> syn::Result<ValueAst> {
    match expr {
        Expr::Group(group) => classify(*group.expr),
        Expr::Lit(lit) => classify_lit(lit.lit, false, None),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(minus),
            expr,
            ..
        }) if matches!(&*expr, Expr::Lit(l) if matches!(l.lit, Lit::Int(_) | Lit::Float(_))) => {
            match *expr {
                Expr::Lit(l) => classify_lit(l.lit, true, Some(minus.span)),
                other => Ok(ValueAst::Expr(other)),
            }
        }
        Expr::Path(path)
            if path.qself.is_none() && path.attrs.is_empty() && path.path.get_ident().is_some() =>
        {
            match path.path.get_ident() {
                Some(ident) => Ok(ValueAst::Ident(ident.clone())),
                None => Ok(ValueAst::Expr(Expr::Path(path))),
            }
        }
        Expr::Array(array) => {
            let span = array.bracket_token.span.join();
            let items = array
                .elems
                .into_iter()
                .map(classify)
                .collect::<syn::Result<Vec<_>>>()?;
            Ok(ValueAst::List(items, span))
        }
        Expr::Call(call)
            if matches!(&*call.func, Expr::Path(p) if p.path.is_ident("trusted"))
                && call.args.len() == 1 =>
        {
            let span = call.span();
            match call.args.into_iter().next() {
                Some(arg) => Ok(ValueAst::Trusted(arg, span)),
                None => Err(syn::Error::new(span, "`trusted(…)` takes one value")),
            }
        }
        other => Ok(ValueAst::Expr(other)),
    }
}

fn classify_lit(lit: Lit, negative: bool, minus: Option<Span>) -> syn::Result<ValueAst> {
    let span = match minus {
        Some(m) => m.join(lit.span()).unwrap_or(lit.span()),
        None => lit.span(),
    };
    let sign = if negative { "-" } else { "" };
    match lit {
        Lit::Str(s) if !negative => Ok(ValueAst::Str(s)),
        Lit::Bool(b) if !negative => Ok(ValueAst::Bool(b.value, span)),
        Lit::Int(i) => {
            if !i.suffix().is_empty() {
                return Err(syn::Error::new(
                    i.span(),
                    format!(
                        "numbers in `card!` take no type suffix; write `{}`",
                        i.base10_digits()
                    ),
                ));
            }
            Ok(ValueAst::Num {
                text: format!("{sign}{}", i.base10_digits()),
                span,
            })
        }
        Lit::Float(f) => {
            if !f.suffix().is_empty() {
                return Err(syn::Error::new(
                    f.span(),
                    format!(
                        "numbers in `card!` take no type suffix; write `{}`",
                        f.base10_digits()
                    ),
                ));
            }
            let value: f64 = f
                .base10_digits()
                .parse()
                .map_err(|_| syn::Error::new(f.span(), "not a number"))?;
            if !value.is_finite() {
                return Err(syn::Error::new(
                    f.span(),
                    "this number is too large for JSON",
                ));
            }
            Ok(ValueAst::Num {
                text: format!("{sign}{value:?}"),
                span,
            })
        }
        other => Err(syn::Error::new(
            other.span(),
            "this kind of literal is not a card value; use a string \"…\", a number, `true` or `false`",
        )),
    }
}

fn parse_for(input: ParseStream) -> syn::Result<ForEntry> {
    let token: Token![for] = input.parse()?;
    let pat = Pat::parse_multi_with_leading_vert(input)?;
    if !input.peek(Token![in]) {
        return Err(input.error("expected `in`: write `for item in items { … }`"));
    }
    input.parse::<Token![in]>()?;
    let expr = Expr::parse_without_eager_brace(input)?;
    let body = braced_body(input, "the `for` expression")?;
    Ok(ForEntry {
        span: token.span,
        pat,
        expr,
        body,
    })
}

fn parse_if(input: ParseStream) -> syn::Result<IfEntry> {
    let token: Token![if] = input.parse()?;
    let cond = Expr::parse_without_eager_brace(input)?;
    let then = braced_body(input, "the `if` condition")?;
    let otherwise = if input.peek(Token![else]) {
        input.parse::<Token![else]>()?;
        if input.peek(Token![if]) {
            Some(Else::If(Box::new(parse_if(input)?)))
        } else {
            Some(Else::Body(braced_body(input, "`else`")?))
        }
    } else {
        None
    };
    Ok(IfEntry {
        span: token.span,
        cond,
        then,
        otherwise,
    })
}

fn parse_match(input: ParseStream) -> syn::Result<MatchEntry> {
    let token: Token![match] = input.parse()?;
    let expr = Expr::parse_without_eager_brace(input)?;
    if !input.peek(token::Brace) {
        return Err(input.error("expected `{` with the arms of the `match`"));
    }
    let content;
    braced!(content in input);
    let mut arms = Vec::new();
    while !content.is_empty() {
        let pat = Pat::parse_multi_with_leading_vert(&content)?;
        let guard = if content.peek(Token![if]) {
            content.parse::<Token![if]>()?;
            Some(content.parse::<Expr>()?)
        } else {
            None
        };
        if !content.peek(Token![=>]) {
            return Err(content.error("expected `=>` after the pattern: `PATTERN => { … }`"));
        }
        content.parse::<Token![=>]>()?;
        let body = braced_body(&content, "`=>` (each arm's entries go in braces)")?;
        if content.peek(Token![,]) {
            content.parse::<Token![,]>()?;
        }
        arms.push(Arm { pat, guard, body });
    }
    Ok(MatchEntry {
        span: token.span,
        expr,
        arms,
    })
}
