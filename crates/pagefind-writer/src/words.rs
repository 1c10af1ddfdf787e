//! Words: how a piece of page text becomes the forms the index holds. A reader's query is folded
//! by Pagefind's browser code, so these rules are Pagefind's: lower case, accents folded (the
//! accented form is kept beside the folded one, to rank exact matches first), the language's
//! Snowball stemmer (the same `pagefind_stem` the browser uses), and the parts of compounds
//! (`K-12`, `camelCase`, `a.b.c`) as words of their own.

use std::cell::RefCell;
use std::collections::HashSet;

use convert_case::{Case, Casing};

use hashbrown::HashMap;
use pagefind_stem::Algorithm;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;

/// Characters kept inside words besides letters and digits: Unicode's connector punctuation.
pub const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// Katakana suffixes are indexed up to this many characters.
const MAX_KATAKANA_SUFFIX: usize = 16;
/// The tail after a dot (`sysconfig.is_python_build`) is indexed up to this many characters.
const MAX_DOTTED_TAIL: usize = 64;

/// One form of a word to put in the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexWord {
    /// The folded, stemmed form that queries are matched against.
    pub stem: String,
    /// A part of a compound word rather than the whole of it.
    pub part: bool,
    /// The form before its accents were folded, when folding changed it.
    pub accented: Option<String>,
}

/// How many stems a memo holds before it starts again.
const REMEMBERED_STEMS: usize = 100_000;

/// The stems of words seen lately, in one language: a page repeats its words, and a site its
/// pages' words. A memo serves one page at a time; the writer keeps a few and lends them to the
/// threads reading pages.
#[derive(Default)]
pub struct StemMemo {
    /// The language the stems are of.
    language: String,
    /// The stems, by folded word.
    stems: HashMap<String, String>,
}

/// A language's Snowball stemmer, which remembers the stems it found in a [`StemMemo`].
pub struct Stemmer<'a> {
    snowball: pagefind_stem::Stemmer,
    memo: RefCell<&'a mut StemMemo>,
}

impl Stemmer<'_> {
    /// The stem of a folded word.
    fn stem(&self, word: &str) -> String {
        let mut memo = self.memo.borrow_mut();
        if let Some(stem) = memo.stems.get(word) {
            return stem.clone();
        }
        let stem = self.snowball.stem(word).into_owned();
        memo.stems.insert(word.to_string(), stem.clone());
        stem
    }
}

/// The stemmer for a language code (`en`, `es-mx`), if there is one for the language, keeping
/// its stems in `memo`.
pub fn stemmer<'a>(language: &str, memo: &'a mut StemMemo) -> Option<Stemmer<'a>> {
    let algorithm = match language.split('-').next().unwrap_or_default() {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    if memo.language != language || memo.stems.len() >= REMEMBERED_STEMS {
        memo.stems.clear();
        memo.language = language.to_string();
    }
    Some(Stemmer {
        snowball: pagefind_stem::Stemmer::create(algorithm),
        memo: RefCell::new(memo),
    })
}

/// The forms to index for one whitespace-separated piece of a page's text: the word, its
/// compound parts, and the compound tails after its dots.
pub fn text_words(raw: &str, stemmer: Option<&Stemmer<'_>>) -> Vec<IndexWord> {
    if let Some(word) = plain_word(raw) {
        return vec![stem(&word.to_ascii_lowercase(), stemmer, false)];
    }
    let mut words = field_words(raw, stemmer);
    let tails = dotted_tails(raw, stemmer, &words);
    words.extend(tails);
    words
}

/// The forms to index for one piece of a metadata field (a title, a summary): the word and its
/// compound parts.
pub fn field_words(raw: &str, stemmer: Option<&Stemmer<'_>>) -> Vec<IndexWord> {
    let mut words = Vec::new();
    let folded = fold_case(raw);
    if !folded.is_empty() {
        words.push(stem(&folded, stemmer, false));
    }
    for suffix in katakana_suffixes(raw) {
        let accentless = strip_accents(suffix);
        words.push(IndexWord {
            stem: accentless.clone().unwrap_or_else(|| suffix.to_string()),
            accented: accentless.map(|_| suffix.to_string()),
            part: true,
        });
    }
    if !is_maybe_compound(raw) {
        return words;
    }
    let parts = compound_parts(raw);
    if !folded.is_empty() && (parts.contains(char::is_whitespace) || !folded.starts_with(&parts)) {
        let long_parts = parts.split_whitespace().filter(|part| part.len() > 1);
        words.extend(long_parts.map(|part| stem(part, stemmer, true)));
    }
    words.extend(emoji(raw).into_iter().map(|emoji| IndexWord {
        stem: emoji.to_string(),
        part: false,
        accented: None,
    }));
    words
}

/// The word of a piece that is one plain word: ASCII letters (upper case only first) or
/// digits, with punctuation only around it (`"Coaching,"`). Such a piece has no compound parts,
/// dotted tails or emoji, which saves looking for them in most of a page's text.
fn plain_word(raw: &str) -> Option<&str> {
    if raw.len() > MAX_DOTTED_TAIL || !raw.is_ascii() {
        return None;
    }
    let word = raw.trim_matches(|c: char| c.is_ascii_punctuation() && c != '_');
    let mut chars = word.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let letters = first.is_ascii_alphabetic() && rest.bytes().all(|b| b.is_ascii_lowercase());
    let digits = word.bytes().all(|b| b.is_ascii_digit());
    (letters || digits).then_some(word)
}

/// Whether a piece may be made of several words: it holds a character that is not a letter or
/// digit, or an upper-case letter after its first.
fn is_maybe_compound(raw: &str) -> bool {
    raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(char::is_uppercase)
}

/// The compound tails after each dot of a piece (`is_python_build` in
/// `sysconfig.is_python_build`) that are not indexed already.
fn dotted_tails(
    raw: &str,
    stemmer: Option<&Stemmer<'_>>,
    existing: &[IndexWord],
) -> Vec<IndexWord> {
    let mut tails = Vec::new();
    if !raw.contains('.') {
        return tails;
    }
    let seen: HashSet<&str> = existing.iter().map(|word| word.stem.as_str()).collect();
    let mut seen_tails = HashSet::new();
    for (dot, _) in raw.match_indices('.') {
        let rest = &raw[dot + 1..];
        let tail = match rest.char_indices().nth(MAX_DOTTED_TAIL) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        // A tail that is one plain word is indexed already, as the last compound part.
        if !is_maybe_compound(tail) {
            continue;
        }
        let folded = fold_case(tail);
        if folded.chars().count() < 2 {
            continue;
        }
        let word = stem(&folded, stemmer, true);
        if !seen.contains(word.stem.as_str()) && seen_tails.insert(word.stem.clone()) {
            tails.push(word);
        }
    }
    tails
}

/// The letters, digits and connector symbols of a piece, in lower case.
fn fold_case(raw: &str) -> String {
    let mut folded = String::with_capacity(raw.len());
    for mut c in raw.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            c.make_ascii_lowercase();
            if c.is_uppercase() {
                folded.extend(c.to_lowercase());
            } else {
                folded.push(c);
            }
        }
    }
    folded
}

/// A folded word, its accents folded too and stemmed.
fn stem(folded: &str, stemmer: Option<&Stemmer<'_>>, part: bool) -> IndexWord {
    let accentless = strip_accents(folded);
    let base = accentless.as_deref().unwrap_or(folded);
    IndexWord {
        stem: match stemmer {
            Some(stemmer) => stemmer.stem(base),
            None => base.to_string(),
        },
        accented: accentless.map(|_| folded.to_string()),
        part,
    }
}

/// The word without its combining accents, if it had any (`café` gives `cafe`). The kana voicing
/// marks tell words apart, so they stay.
fn strip_accents(word: &str) -> Option<String> {
    if word.is_ascii() || !decomposes(word) {
        return None;
    }
    let is_kana_mark = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !is_combining_mark(c) || is_kana_mark(c))
        .collect();
    // Kana with voicing marks are composed again, so that バンド and ハンド stay apart; the rest
    // stays decomposed, so that a half-typed Hangul syllable is a prefix of the word.
    let stripped = if stripped.chars().any(is_kana_mark) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (stripped != word).then_some(stripped)
}

/// Whether any character of the word is a combining mark or has a canonical decomposition.
fn decomposes(word: &str) -> bool {
    word.chars().any(|c| {
        let mut changes = is_combining_mark(c);
        decompose_canonical(c, |part| changes = changes || part != c);
        changes
    })
}

/// The words inside a compound, space-separated and in lower case: ASCII punctuation splits,
/// and so do changes of case and between letters and digits.
fn compound_parts(raw: &str) -> String {
    raw.replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The emoji in a piece, each indexed as a word of its own.
fn emoji(raw: &str) -> Vec<&str> {
    // Every emoji holds a character outside ASCII; most pieces have none.
    if raw.is_ascii() {
        return Vec::new();
    }
    raw.graphemes(true)
        .filter(|grapheme| emojis::get(grapheme).is_some())
        .collect()
}

/// Whether a character is katakana (or its long-vowel mark, or a half-width form).
fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Every suffix of a katakana word of three or more characters, so that a query for a part of
/// it finds it by prefix.
fn katakana_suffixes(word: &str) -> Vec<&str> {
    if word.chars().count() < 3 || !word.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut suffixes = Vec::new();
    for (start, _) in word.char_indices().skip(1) {
        let rest = &word[start..];
        let suffix = match rest.char_indices().nth(MAX_KATAKANA_SUFFIX) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && seen.insert(suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(raw: &str, language: &str) -> Vec<(String, bool, Option<String>)> {
        let mut memo = StemMemo::default();
        text_words(raw, stemmer(language, &mut memo).as_ref())
            .into_iter()
            .map(|word| (word.stem, word.part, word.accented))
            .collect()
    }

    #[test]
    fn a_plain_word_is_lowered_and_stemmed() {
        assert_eq!(stems("Coaching,", "en"), [("coach".into(), false, None)]);
        assert_eq!(stems("Coaching", "xx"), [("coaching".into(), false, None)]);
    }

    #[test]
    fn accents_are_folded_and_the_accented_form_is_kept() {
        assert_eq!(
            stems("César", "es"),
            [("ces".into(), false, Some("césar".into()))]
        );
    }

    #[test]
    fn compounds_are_indexed_whole_and_in_parts() {
        let words = stems("K-12", "en");
        assert_eq!(words[0], ("k12".into(), false, None));
        assert!(words.contains(&("12".into(), true, None)), "{words:?}");
        let words = stems("GitHub", "en");
        assert!(words.contains(&("git".into(), true, None)), "{words:?}");
        assert!(words.contains(&("hub".into(), true, None)), "{words:?}");
    }

    #[test]
    fn dotted_names_keep_their_compound_tail() {
        let words = stems("sysconfig.is_python_build", "en");
        assert!(
            words.iter().any(|(stem, ..)| stem == "is_python_build"),
            "{words:?}"
        );
    }

    #[test]
    fn plain_words_give_what_the_general_rules_give() {
        let mut memo = StemMemo::default();
        let english = stemmer("en", &mut memo);
        for raw in [
            "Coaching,",
            "(Word",
            "word.",
            "...word...",
            ".net,",
            "2024",
            "(2024)",
            "teachers'",
            "\"Quoted\"",
            "a",
            "I",
            "end.",
            "x.y",
            "K12",
            "GitHub",
            "WORD",
            "_word",
            "word_",
        ] {
            let mut general = field_words(raw, english.as_ref());
            let tails = dotted_tails(raw, english.as_ref(), &general);
            general.extend(tails);
            assert_eq!(text_words(raw, english.as_ref()), general, "{raw}");
        }
    }

    #[test]
    fn emoji_are_words() {
        let words = stems("great🎉", "en");
        assert!(words.contains(&("🎉".into(), false, None)), "{words:?}");
    }
}
