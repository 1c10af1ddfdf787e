//! Colours as WCAG measures them: relative luminance and the contrast ratio of two colours,
//! which the theme's colours keep at 4.5:1 or more (WCAG 1.4.3, level AA).

use syntect::highlighting::Color;

/// The contrast ratio of two colours, as WCAG defines it (1 to 21).
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The relative luminance of a colour in sRGB, as WCAG defines it (0 black to 1 white).
pub fn luminance(colour: Color) -> f64 {
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

    #[test]
    fn contrast_is_measured_as_wcag_does() {
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 1e-9);
        // A grey WCAG's examples put just under 4.5:1 on white.
        let grey = Color {
            r: 0x77,
            g: 0x77,
            b: 0x77,
            a: 255,
        };
        assert!((contrast(grey, Color::WHITE) - 4.48).abs() < 0.01);
    }
}
