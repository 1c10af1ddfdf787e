//! `highlight.css`: the colours of highlighted code, a light theme, and a dark one for readers
//! who prefer dark, each in its own media query. Both come from syntect's bundled themes, with every text colour darkened or
//! lightened until it reads against the theme's background at WCAG AA (4.5:1).

use std::sync::{Arc, LazyLock};

use syntect::highlighting::{Color, Theme, ThemeSet};

use crate::markdown::HIGHLIGHT_CLASS_STYLE;

/// The contrast every colour of code keeps against its background (WCAG 1.4.3, level AA).
const LEAST_CONTRAST: f64 = 4.5;

/// `highlight.css`, made once.
pub static HIGHLIGHT_CSS: LazyLock<Arc<Vec<u8>>> =
    LazyLock::new(|| Arc::new(highlight_css().into_bytes()));

/// CSS for highlighted code: a light theme, and a dark one for readers who prefer dark.
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
    format!(
        "/* Code highlighting. Each theme applies alone, so that no colour of one shows on the\n   background of the other. */\n@media not all and (prefers-color-scheme: dark) {{\n{light}\n}}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
    )
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

/// The contrast ratio of two colours, as WCAG defines it (1 to 21).
fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The relative luminance of a colour in sRGB, as WCAG defines it (0 black to 1 white).
fn luminance(colour: Color) -> f64 {
    let linear = |channel: u8| {
        let c = f64::from(channel) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)
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
    fn contrast_is_measured_as_wcag_does() {
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 1e-9);
        // A grey WCAG's examples put just under 4.5:1 on white.
        assert!((contrast(hex(0x777777), Color::WHITE) - 4.48).abs() < 0.01);
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
