//! What a profile without a picture shows in its place: the initials of its name on one of the
//! theme's tones, chosen by the name, so that the same name has the same tone in every build.

/// How many tones the default theme has for initials (`--tone-0` to `--tone-5` in style.css).
pub const TONES: usize = 6;

/// Up to two capital letters of `name`: the first letter of its first word and of its last
/// (`Mai Nguyen` is `MN`, `DFW CoffeeEDU` is `DC`, `Ibáñez` is `I`). Words without letters
/// are skipped.
pub fn initials(name: &str) -> String {
    let firsts: Vec<char> = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphabetic()))
        .collect();
    let chosen = match firsts.as_slice() {
        [] => Vec::new(),
        [only] => vec![*only],
        [first, .., last] => vec![*first, *last],
    };
    crate::paths::composed(
        &chosen
            .into_iter()
            .flat_map(char::to_uppercase)
            .collect::<String>(),
    )
}

/// The tone (below [`TONES`]) of `name`'s initials: its FNV-1a hash, which no build or platform
/// changes, folded onto the palette.
pub fn tone(name: &str) -> usize {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash % TONES as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colour::contrast;
    use syntect::highlighting::Color;

    /// The default theme's styles, where the tones and the initials' colour are defined.
    const STYLE: &str = include_str!("../../themes/default/static/style.css");

    /// The light and the dark colour of the custom property `name` in style.css, written
    /// `--name: color-mix(in srgb, #LIGHT var(--light), #DARK);`.
    fn light_and_dark(name: &str) -> (Color, Color) {
        let line = STYLE
            .lines()
            .find(|line| line.trim_start().starts_with(&format!("{name}:")))
            .unwrap_or_else(|| panic!("style.css defines {name}"));
        let colours: Vec<Color> = line
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .filter_map(|word| word.strip_prefix('#'))
            .map(|hex| {
                let rgb = u32::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("{line}"));
                Color {
                    r: (rgb >> 16) as u8,
                    g: (rgb >> 8) as u8,
                    b: rgb as u8,
                    a: 255,
                }
            })
            .collect();
        assert!(
            colours.len() == 2 && line.contains("var(--light)"),
            "{name} is written with its light and its dark colour: {line}"
        );
        (colours[0], colours[1])
    }

    #[test]
    fn initials_are_the_first_and_last_words_first_letters() {
        assert_eq!(initials("Mai Nguyen"), "MN");
        assert_eq!(initials("Kathryn  de la Laster"), "KL");
        assert_eq!(initials("DFW CoffeeEDU"), "DC");
        assert_eq!(initials("ibáñez"), "I");
        assert_eq!(initials("Óscar (Ozzy) Núñez"), "ÓN");
        assert_eq!(initials("Saturday Coffee #NTX"), "SN");
        assert_eq!(initials("2026 · Math Circle"), "MC");
        assert_eq!(initials("¿?"), "");
    }

    #[test]
    fn a_name_always_has_the_same_tone_and_the_tones_are_all_used() {
        assert_eq!(tone("Mai Nguyen"), tone("Mai Nguyen"));
        let names = [
            "Ann", "Bob", "Carmen", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivo", "Jo",
        ];
        let mut used: Vec<usize> = names.iter().map(|name| tone(name)).collect();
        used.sort_unstable();
        used.dedup();
        assert!(used.len() >= 4, "ten names spread over the tones: {used:?}");
        assert!(used.iter().all(|tone| *tone < TONES));
    }

    #[test]
    fn every_tone_keeps_aa_contrast_with_the_initials_in_light_and_dark_mode() {
        let (text_light, text_dark) = light_and_dark("--initials-text");
        for tone in 0..TONES {
            let (light, dark) = light_and_dark(&format!("--tone-{tone}"));
            for (mode, ratio) in [
                ("light", contrast(text_light, light)),
                ("dark", contrast(text_dark, dark)),
            ] {
                assert!(
                    ratio >= 4.5,
                    "--tone-{tone} in {mode} mode: {ratio:.2}:1 with the initials"
                );
            }
        }
        assert!(
            !STYLE.contains(&format!("--tone-{TONES}:")),
            "style.css has exactly {TONES} tones"
        );
    }
}
