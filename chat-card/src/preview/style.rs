//! The page's stylesheet: Google Chat's look in Material 3 colours, light and dark.
//!
//! The theme is a class on `<html>`: `theme-light`, `theme-dark`, or `theme-auto`
//! (follows `prefers-color-scheme`).

/// Colour variables of the light theme.
const LIGHT: &str = "--bg:#f0f4f9;--surface:#ffffff;--text:#1f1f1f;--text2:#444746;\
--outline:#747775;--outline2:#c4c7c5;--divider:#e1e3e1;--primary:#0b57d0;--on-primary:#ffffff;\
--tonal:#d3e3fd;--on-tonal:#041e49;--hover:#e9eef6;--code:#f1f3f4;--placeholder:#e8eaed;\
--mention:#d3e3fd;--error:#b3261e;";

/// Colour variables of the dark theme.
const DARK: &str = "--bg:#131314;--surface:#1e1f20;--text:#e3e3e3;--text2:#c4c7c5;\
--outline:#8e918f;--outline2:#444746;--divider:#444746;--primary:#a8c7fa;--on-primary:#062e6f;\
--tonal:#004a77;--on-tonal:#c2e7ff;--hover:#333537;--code:#2d2f31;--placeholder:#333537;\
--mention:#004a77;--error:#f2b8b5;";

/// Layout and components, written against the colour variables.
const BODY: &str = r#"
*{box-sizing:border-box}
html{background:var(--bg);color:var(--text);font:14px/20px "Google Sans Text","Google Sans",Roboto,"Segoe UI",Arial,"DejaVu Sans",sans-serif}
body{margin:0;padding:16px}
a{color:var(--primary)}
code{font-family:"Roboto Mono",Menlo,Consolas,"DejaVu Sans Mono",monospace;background:var(--code);border-radius:4px;padding:0 3px;font-size:13px}
pre{margin:4px 0;padding:8px;background:var(--code);border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere}
pre code{padding:0;background:none}
ul,ol{margin:4px 0;padding-left:24px}
blockquote{margin:4px 0;padding-left:10px;border-left:3px solid var(--outline2);color:var(--text2)}
.icon{width:20px;height:20px;fill:currentColor;flex:none;vertical-align:middle}
.message{display:flex;gap:12px;max-width:640px;padding:8px 0}
.avatar{width:32px;height:32px;border-radius:50%;background:var(--tonal);color:var(--on-tonal);display:flex;align-items:center;justify-content:center;flex:none}
.avatar svg{width:20px;height:20px;fill:currentColor}
.msg-main{flex:1;min-width:0}
.msg-head{display:flex;align-items:center;gap:6px;margin-bottom:2px}
.sender{font-weight:500}
.app-badge{font-size:11px;line-height:16px;padding:0 6px;border-radius:4px;background:var(--placeholder);color:var(--text2)}
.time{font-size:12px;color:var(--text2)}
.msg-text{white-space:pre-wrap;overflow-wrap:anywhere;margin-bottom:6px}
.msg-text ul,.msg-text ol,.msg-text blockquote{white-space:normal}
.mention{background:var(--mention);color:var(--on-tonal);border-radius:4px;padding:0 2px;font-weight:500}
.notice{font-size:12px;color:var(--text2);margin:6px 0}
.card{background:var(--surface);border:1px solid var(--outline2);border-radius:12px;margin:8px 0;max-width:560px;overflow:hidden}
.card-header{display:flex;align-items:center;gap:16px;padding:16px 16px 12px}
.header-text{min-width:0}
.title{font-size:16px;line-height:24px;font-weight:500;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.subtitle{font-size:14px;color:var(--text2);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.section{padding:8px 16px 12px}
.card-header+.section{padding-top:4px}
.section+.section{border-top:1px solid var(--divider)}
.no-dividers .section+.section{border-top:none}
.fixed-footer{justify-content:flex-end;padding:12px 16px;border-top:1px solid var(--divider)}
.section-header{font-size:14px;font-weight:500;color:var(--text2);padding:4px 0 8px}
.widget{padding:6px 0}
.align-center{text-align:center}.align-end{text-align:end}
.align-center .button-list,.align-center .chip-list{justify-content:center}
.align-end .button-list,.align-end .chip-list{justify-content:flex-end}
.text{white-space:pre-line;overflow-wrap:anywhere}
.clamp{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}
.toggle{display:none}
.toggle:checked+.clamp{display:block}
.show-more,.collapse-control label{cursor:pointer;color:var(--primary);font-weight:500}
.less{display:none}
.toggle:checked~.show-more .more,.toggle:checked~.collapse-control .more{display:none}
.toggle:checked~.show-more .less,.toggle:checked~.collapse-control .less{display:inline}
.collapsed{display:none}
.toggle:checked+.collapsed{display:block}
.collapse-control{padding-top:4px}
.img-box{position:relative;display:inline-block;overflow:hidden;vertical-align:middle}
.img-box>img{position:absolute;inset:0;width:100%;height:100%;object-fit:cover;border:0}
img[data-alt]::after{content:attr(data-alt);position:absolute;inset:0;display:flex;align-items:center;justify-content:center;text-align:center;background:var(--placeholder);color:var(--text2);font-size:12px;line-height:14px;padding:2px;overflow:hidden}
.img-alt{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;text-align:center;font-size:12px;line-height:14px;color:var(--text2);background:var(--placeholder);padding:2px;overflow:hidden}
.avatar-img{width:40px;height:40px;border-radius:8px;flex:none}
.avatar-img .img-alt,.avatar-img img::after{font-size:9px;line-height:10px}
.circle{border-radius:50%}
img.widget-image{display:block;position:relative;width:100%;height:auto;min-height:48px;border-radius:8px}
.widget-image.missing{display:block;width:100%;height:120px;border-radius:8px}
.image-link{display:block}
.icon-img{width:20px;height:20px;border-radius:4px}
.icon-img .img-alt,.icon-img img::after{font-size:0}
.decorated{display:flex;align-items:center;gap:16px;min-height:40px}
.start-icon{color:var(--text2);display:flex}
.start-icon .icon,.start-icon .icon-img{width:24px;height:24px}
.start-icon.va-top{align-self:flex-start;padding-top:2px}
.start-icon.va-bottom{align-self:flex-end}
.dt-body{flex:1;min-width:0;color:inherit;text-decoration:none;display:block}
.label{font-size:12px;line-height:16px;color:var(--text2)}
.top-label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.dt-text{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.dt-text.wrap{white-space:pre-line;overflow-wrap:anywhere}
.dt-control{flex:none;display:flex;align-items:center}
.end-icon{color:var(--text2)}
.button-list{display:flex;flex-wrap:wrap;gap:8px}
.btn{display:inline-flex;align-items:center;justify-content:center;gap:8px;height:36px;padding:0 16px;border-radius:18px;font-weight:500;font-size:14px;text-decoration:none;cursor:pointer;white-space:nowrap;border:1px solid transparent;color:var(--primary);background:none;list-style:none}
.btn::-webkit-details-marker{display:none}
.btn .icon{width:18px;height:18px}
.btn.outlined{border-color:var(--outline)}
.btn.filled{background:var(--primary);color:var(--on-primary)}
.btn.tonal{background:var(--tonal);color:var(--on-tonal)}
.btn.borderless{padding:0 12px}
.btn.icon-only{padding:0;width:36px}
.btn.disabled{color:var(--text);opacity:.38;cursor:default;background:none;border-color:var(--outline2)}
.btn.filled.disabled,.btn.tonal.disabled{background:var(--divider);border-color:transparent}
.overflow{display:inline-block;position:relative}
.menu{position:absolute;z-index:2;min-width:180px;padding:8px 0;margin-top:4px;background:var(--surface);border-radius:8px;box-shadow:0 2px 6px 2px rgba(0,0,0,.15),0 1px 2px rgba(0,0,0,.3)}
.menu-item{display:flex;align-items:center;gap:12px;padding:8px 16px;color:var(--text);text-decoration:none}
.menu-item.disabled{opacity:.38}
.switch{position:relative;display:inline-block;width:52px;height:32px;flex:none}
.switch input{opacity:0;width:0;height:0;position:absolute}
.track{position:absolute;inset:0;border-radius:16px;border:2px solid var(--outline);background:var(--placeholder)}
.thumb{position:absolute;top:6px;left:6px;width:16px;height:16px;border-radius:50%;background:var(--outline)}
.switch input:checked+.track{background:var(--primary);border-color:var(--primary)}
.switch input:checked+.track .thumb{left:24px;top:2px;width:24px;height:24px;background:var(--on-primary)}
.checkbox,.choice input{accent-color:var(--primary);width:18px;height:18px;margin:0}
.chip-list{display:flex;flex-wrap:wrap;gap:8px}
.chip-list.scroll{flex-wrap:nowrap;overflow-x:auto}
.chip{display:inline-flex;align-items:center;gap:8px;height:32px;padding:0 16px;border:1px solid var(--outline2);border-radius:8px;color:var(--text2);font-weight:500;text-decoration:none;white-space:nowrap;flex:none}
.chip .icon{width:18px;height:18px;color:var(--primary)}
.chip.disabled{opacity:.38}
.widget hr{border:0;border-top:1px solid var(--divider);margin:4px 0}
.grid-title{font-weight:500;padding-bottom:8px}
.grid{display:grid;gap:12px}
.grid-item-link{color:inherit;text-decoration:none;display:block}
.grid-item{display:flex;flex-direction:column;gap:6px;border-radius:8px;min-width:0}
.grid-item.text-above{flex-direction:column-reverse}
.grid-image-frame{display:block;width:100%;overflow:hidden;border-radius:8px}
.grid-image{display:block;width:100%;height:100%}
.grid-text{display:flex;flex-direction:column;min-width:0;padding:0 6px 4px}
.grid-item.text-above .grid-text{padding:4px 6px 0}
.grid-item-title{font-weight:500;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.grid-item-subtitle{font-size:12px;color:var(--text2);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.columns{display:flex;gap:16px;flex-wrap:wrap}
.column{display:flex;flex-direction:column;min-width:0}
.column.fill-available{flex:1 1 0}
.column.fill-minimum{flex:0 1 auto;max-width:30%}
.column.va-center{justify-content:center}.column.va-bottom{justify-content:flex-end}
.column .widget{padding:4px 0}
@media (max-width:480px){.columns{flex-direction:column}.column.fill-minimum{max-width:none}}
.carousel{display:flex;gap:12px;overflow-x:auto;padding-bottom:4px}
.carousel-card{flex:0 0 220px;display:flex;flex-direction:column;justify-content:space-between;border:1px solid var(--outline2);border-radius:12px;padding:8px 12px}
.cc-footer{border-top:1px solid var(--divider);margin-top:4px}
.field{display:flex;flex-direction:column;gap:4px}
.field-label{font-size:12px;color:var(--text2);font-weight:500}
.input{font:inherit;color:var(--text);background:transparent;border:1px solid var(--outline);border-radius:4px;padding:8px 12px;min-height:40px;width:100%;opacity:.8}
textarea.input{resize:none}
.multiselect{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.placeholder{color:var(--text2)}
.hint{font-size:12px;color:var(--text2)}
.suggestions{display:flex;flex-wrap:wrap;gap:6px}
.suggestion{font-size:12px;border:1px dashed var(--outline2);border-radius:8px;padding:0 8px;color:var(--text2)}
.choices{display:flex;flex-direction:column;gap:6px}
.choice{display:flex;align-items:center;gap:10px}
.choice .switch{transform:scale(.8);margin:-3px -5px}
.link-removed{text-decoration:line-through;cursor:not-allowed}
.page-head{display:flex;align-items:baseline;gap:12px;margin-bottom:12px}
.page-head h1{font-size:18px;margin:0;font-weight:500}
.page-head span{color:var(--text2);font-size:12px}
.space{margin-bottom:24px}
.space h2{font-size:15px;margin:0 0 8px;font-weight:500}
.thread{background:var(--surface);border:1px solid var(--outline2);border-radius:16px;padding:8px 16px;margin-bottom:12px;max-width:680px}
.thread-head{font-size:12px;color:var(--text2)}
.thread .card{background:var(--bg)}
.error-box{border:1px solid var(--error);color:var(--error);border-radius:8px;padding:8px 12px;white-space:pre-wrap;overflow-wrap:anywhere}
.empty{color:var(--text2)}
"#;

/// The whole stylesheet.
pub(crate) fn stylesheet() -> String {
    let mut css = String::with_capacity(LIGHT.len() * 2 + BODY.len() + 160);
    css.push_str(":root,.theme-light{");
    css.push_str(LIGHT);
    css.push_str("}.theme-dark{");
    css.push_str(DARK);
    css.push_str("color-scheme:dark}@media (prefers-color-scheme:dark){.theme-auto{");
    css.push_str(DARK);
    css.push_str("color-scheme:dark}}");
    css.push_str(BODY);
    css
}
