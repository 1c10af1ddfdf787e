//! `highlight.css`: the colours of highlighted code, a light theme, and a dark one for readers
//! who prefer dark or choose it with the header's switch. Both come from syntect's bundled
//! themes, with every text colour darkened or lightened until it reads against the theme's
//! background at WCAG AA (4.5:1).

use std::sync::{Arc, LazyLock};

use syntect::highlighting::{Color, Theme, ThemeSet};

use crate::colour::{contrast, luminance};
use crate::markdown::HIGHLIGHT_CLASS_STYLE;

/// The contrast every colour of code keeps against its background (WCAG 1.4.3, level AA).
const LEAST_CONTRAST: f64 = 4.5;

/// `highlight.css`, made once.
pub static HIGHLIGHT_CSS: LazyLock<Arc<Vec<u8>>> =
    LazyLock::new(|| Arc::new(highlight_css().into_bytes()));

/// CSS for highlighted code: a light theme, and a dark one for readers who prefer dark or
/// choose it.
fn highlight_css() -> String {
    let mut themes = ThemeSet::load_defaults();
    let mut css = |name: &str| {
        themes
            .themes
            .remove(name)
            .map(readable)
            .and_then(|theme| {
                syntect::html::css_for_theme_with_class_style(&theme, HIGHLIGHT_CLASS_STYLE).ok()
            })
            .unwrap_or_default()
    };
    let light = css("InspiredGitHub");
    let dark = css("base16-ocean.dark");
    // As the theme's palette (style.css): the reader's system chooses, until the switch in the
    // header sets `data-theme` on <html>.
    let chosen_light = within(&light, r#":root[data-theme="light"]"#);
    let system_light = within(&light, r#":root:not([data-theme="dark"])"#);
    let chosen_dark = within(&dark, r#":root[data-theme="dark"]"#);
    let system_dark = within(&dark, r#":root:not([data-theme="light"])"#);
    format!(
        "/* Code highlighting. Each theme applies alone, so that no colour of one shows on the\n   background of the other: the reader's system chooses, until the switch in the header\n   does (data-theme on <html>). */\n@media not all and (prefers-color-scheme: dark) {{\n{system_light}\n}}\n{chosen_light}\n@media (prefers-color-scheme: dark) {{\n{system_dark}\n}}\n{chosen_dark}\n"
    )
}

/// The rules of `css`, as syntect writes them (each selector list on a line of its own that
/// ends in `{`), applied only inside `scope`: every selector is put after it.
fn within(css: &str, scope: &str) -> String {
    css.lines()
        .map(|line| match line.strip_suffix('{') {
            Some(selectors) if !line.starts_with('@') => {
                let scoped: Vec<String> = selectors
                    .split(',')
                    .map(|selector| format!("{scope} {}", selector.trim()))
                    .collect();
                format!("{} {{\n", scoped.join(", "))
            }
            _ => format!("{line}\n"),
        })
        .collect()
}

/// `theme` with every text colour moved, as little as needed, to read against its background
/// (the scope's own, where it has one).
fn readable(mut theme: Theme) -> Theme {
    let background = theme.settings.background.unwrap_or(Color::WHITE);
    if let Some(colour) = theme.settings.foreground.as_mut() {
        *colour = legible(*colour, background);
    }
    for item in &mut theme.scopes {
        let behind = item.style.background.unwrap_or(background);
        if let Some(colour) = item.style.foreground.as_mut() {
            *colour = legible(*colour, behind);
        }
    }
    theme
}

/// `colour` (blended onto `background` if it is translucent), mixed step by step towards black
/// or white, whichever is further from the background, until it contrasts enough.
fn legible(colour: Color, background: Color) -> Color {
    let solid = mix(background, colour, f64::from(colour.a) / 255.0);
    let towards = if luminance(background) > 0.18 {
        Color::BLACK
    } else {
        Color::WHITE
    };
    (0..=20)
        .map(|step| mix(solid, towards, f64::from(step) / 20.0))
        .find(|candidate| contrast(*candidate, background) >= LEAST_CONTRAST)
        .unwrap_or(towards)
}

/// `from` moved the share `amount` (0 to 1) of the way to `to`, opaque.
fn mix(from: Color, to: Color, amount: f64) -> Color {
    let channel =
        |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
    Color {
        r: channel(from.r, to.r),
        g: channel(from.g, to.g),
        b: channel(from.b, to.b),
        a: 255,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(rgb: u32) -> Color {
        Color {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
            a: 255,
        }
    }

    #[test]
    fn each_theme_applies_where_the_system_or_the_switch_chooses_it() {
        let css = highlight_css();
        let rules = |scope: &str| {
            css.lines()
                .filter(|line| line.starts_with(scope) && line.ends_with('{'))
                .count()
        };
        let light = rules(r#":root[data-theme="light"] .hl-"#);
        let dark = rules(r#":root[data-theme="dark"] .hl-"#);
        assert!(light > 10 && dark > 10, "{light} and {dark} rules");
        assert_eq!(rules(r#":root:not([data-theme="dark"]) .hl-"#), light);
        assert_eq!(rules(r#":root:not([data-theme="light"]) .hl-"#), dark);
        assert_eq!(
            within(".hl-a, .hl-b .hl-c {\n color: red;\n}", ":root"),
            ":root .hl-a, :root .hl-b .hl-c {\n color: red;\n}\n"
        );
    }

    #[test]
    fn pale_colours_are_darkened_on_light_and_lightened_on_dark() {
        let white = Color::WHITE;
        let comment = legible(hex(0x969896), white);
        assert!(contrast(comment, white) >= LEAST_CONTRAST);
        assert!(luminance(comment) < luminance(hex(0x969896)));
        let ocean = hex(0x2b303b);
        let dim = legible(hex(0x65737e), ocean);
        assert!(contrast(dim, ocean) >= LEAST_CONTRAST);
        assert!(luminance(dim) > luminance(hex(0x65737e)));
        // A colour that already reads is left alone.
        assert_eq!(legible(hex(0x333333), white), hex(0x333333));
    }

    #[test]
    fn every_colour_of_both_themes_reads() {
        let themes = ThemeSet::load_defaults();
        for name in ["InspiredGitHub", "base16-ocean.dark"] {
            let theme = readable(themes.themes[name].clone());
            let background = theme.settings.background.unwrap();
            assert!(contrast(theme.settings.foreground.unwrap(), background) >= LEAST_CONTRAST);
            for item in &theme.scopes {
                if let Some(colour) = item.style.foreground {
                    let behind = item.style.background.unwrap_or(background);
                    assert!(
                        contrast(colour, behind) >= LEAST_CONTRAST,
                        "{name}: {item:?}"
                    );
                }
            }
        }
    }
}
