//! URL slugs: lowercase ASCII words joined by hyphens, accents folded.

/// Makes a URL segment of `text`: `Matemáticas` -> `matematicas`, `North Texas` -> `north-texas`.
/// Returns an empty string when `text` has no letters or digits.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn folds_accents_and_spaces() {
        assert_eq!(slugify("Matemáticas"), "matematicas");
        assert_eq!(slugify("North Texas"), "north-texas");
        assert_eq!(slugify("  K–12 / STEM!  "), "k-12-stem");
        assert_eq!(slugify("César"), "cesar");
        assert_eq!(slugify("???"), "");
    }
}
