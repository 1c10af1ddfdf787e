//! Pages: what the search index takes from one HTML page. The page is read (`reader`), its text
//! split into words (`words`), and each word's places on the page packed as the index stores
//! them: grouped by weight (a heading's words weigh more), with the places of the word in the
//! page's metadata beside them.

use std::borrow::Cow;
use std::collections::BTreeMap;

use hashbrown::HashMap;

use serde::Serialize;

use super::index;
use super::reader::{ANCHOR, AUTO_WEIGHT, END_WEIGHT, Reading, WEIGHT, tidy};
use super::words::{self, StemMemo};

/// The weight of an ordinary word, as the index stores it (weights are 24ths).
const PLAIN_WEIGHT: u8 = 24;
/// The highest weight `data-pagefind-weight` may give.
const MAX_WEIGHT: f32 = 10.0;
/// The weight a word's packed places start from; places of other weights follow a marker.
const START_WEIGHT: u8 = 25;

/// One page, read for the index by [`Writer::read_page`](crate::Writer::read_page): its words
/// and their places, and what a result shows of it.
#[derive(Debug)]
pub struct Page {
    /// The page's language (`lang` of its `html` element, lower case), or `unknown`.
    pub(crate) language: String,
    /// The number of words in the page's text.
    pub(crate) word_count: usize,
    /// Filter values by filter name.
    pub(crate) filters: BTreeMap<String, Vec<String>>,
    /// Metadata (`title`, `image`, the theme's own) by name.
    pub(crate) meta: BTreeMap<String, String>,
    /// What the browser shows of the page (its [`Fragment`]), packed when the page is read, on
    /// the thread that read it: the index only names it.
    pub(crate) fragment: PackedFragment,
    /// The page's words and their places.
    pub(crate) words: PageWords,
    /// The page's sort keys and their values.
    pub(crate) sort: BTreeMap<String, String>,
}

/// The part of the index the browser fetches to show one result, as JSON.
#[derive(Serialize)]
struct Fragment<'a> {
    /// The page's address.
    url: &'a str,
    /// The indexed text, its words separated by single spaces.
    content: &'a str,
    /// The number of words in `content`.
    word_count: usize,
    /// Filter values by filter name.
    filters: &'a BTreeMap<String, Vec<String>>,
    /// Metadata by name.
    meta: &'a BTreeMap<String, String>,
    /// The elements with an `id` in the text, for results inside a page.
    anchors: &'a [Anchor],
}

/// A page's fragment as the index publishes it.
#[derive(Debug)]
pub struct PackedFragment {
    /// The hash of the fragment's JSON, which names its file.
    pub hash: String,
    /// The JSON, compressed.
    pub packed: Vec<u8>,
}

/// An element with an `id` inside the indexed text.
#[derive(Debug, Serialize)]
pub struct Anchor {
    /// Its tag name (`h2`).
    pub element: String,
    /// Its `id`.
    pub id: String,
    /// Its text.
    pub text: String,
    /// The title `data-pagefind-title` gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The number of the word it stands before.
    pub location: u32,
}

/// The words of one page and their places, packed in a few allocations: the text of every word
/// and accented form in one string, every place in one list.
#[derive(Debug, Default)]
pub struct PageWords {
    text: String,
    places: Vec<i32>,
    words: Vec<WordEntry>,
    forms: Vec<FormEntry>,
}

/// A word of the page: its places without accents, and its accented forms (in `forms`).
#[derive(Debug)]
struct WordEntry {
    word: Span,
    plain: Option<PlaceSpans>,
    forms: Span,
}

/// An accented form of a word, and its places.
#[derive(Debug)]
struct FormEntry {
    form: Span,
    places: PlaceSpans,
}

/// A range in one of the lists of [`PageWords`].
#[derive(Debug, Clone, Copy)]
struct Span(u32, u32);

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        self.0 as usize..self.1 as usize
    }
}

/// Where a word's places in the text and in the metadata are.
#[derive(Debug, Clone, Copy)]
struct PlaceSpans {
    text: Span,
    fields: Span,
}

/// A word's places on one page, packed: in the text, runs of places led by a weight change (a
/// negative number, the weight's), each place after the first of a run as the distance from
/// the one before; in the metadata, runs led by the field's number as a negative number.
#[derive(Debug, Clone, Copy)]
pub struct Places<'a> {
    /// The places in the page's text.
    pub text: &'a [i32],
    /// The places in the page's metadata, fields numbered by the page's own field names.
    pub fields: &'a [i32],
}

impl PageWords {
    /// The number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Word `i`.
    pub fn word(&self, i: usize) -> &str {
        &self.text[self.words[i].word.range()]
    }

    /// The places of word `i` without accents, if it has any.
    pub fn plain(&self, i: usize) -> Option<Places<'_>> {
        self.words[i].plain.map(|spans| self.places(spans))
    }

    /// The accented forms of word `i`, and their places.
    pub fn forms(&self, i: usize) -> impl Iterator<Item = (&str, Places<'_>)> {
        self.forms[self.words[i].forms.range()]
            .iter()
            .map(|form| (&self.text[form.form.range()], self.places(form.places)))
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.places.shrink_to_fit();
        self.words.shrink_to_fit();
        self.forms.shrink_to_fit();
    }

    fn places(&self, spans: PlaceSpans) -> Places<'_> {
        Places {
            text: &self.places[spans.text.range()],
            fields: &self.places[spans.fields.range()],
        }
    }

    fn push_text(&mut self, text: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        Span(start, self.text.len() as u32)
    }

    fn push_places(&mut self, text: &[Spot], fields: &[FieldSpot]) -> PlaceSpans {
        let start = self.places.len() as u32;
        pack_places(text, &mut self.places);
        let middle = self.places.len() as u32;
        pack_field_places(fields, &mut self.places);
        PlaceSpans {
            text: Span(start, middle),
            fields: Span(middle, self.places.len() as u32),
        }
    }

    /// Adds a word with its places in the text and in the metadata.
    fn add(&mut self, word: &str, text: &[Spot], fields: &[FieldSpot]) {
        let (plain_text, text_forms) = split_accented(text, |spot| &spot.accented);
        let (plain_fields, mut field_forms) = split_accented(fields, |spot| &spot.accented);
        let word = self.push_text(word);
        let plain = (!plain_text.is_empty() || !plain_fields.is_empty())
            .then(|| self.push_places(&plain_text, &plain_fields));
        let first_form = self.forms.len() as u32;
        // The forms in the text first, then those only in the metadata, each in name order.
        let mut forms: Vec<(&str, Vec<Spot>, Vec<FieldSpot>)> = text_forms
            .into_iter()
            .map(|(form, spots)| {
                let fields = field_forms.remove(form).unwrap_or_default();
                (form, spots, fields)
            })
            .collect();
        forms.extend(field_forms.into_iter().map(|(f, s)| (f, Vec::new(), s)));
        for (form, text, fields) in forms {
            let form = self.push_text(form);
            let places = self.push_places(&text, &fields);
            self.forms.push(FormEntry { form, places });
        }
        let forms = Span(first_form, self.forms.len() as u32);
        self.words.push(WordEntry { word, plain, forms });
    }
}

/// Where a word of the text stands.
#[derive(Debug, Clone)]
struct Spot {
    position: u32,
    /// Its weight, in 24ths.
    weight: u8,
    /// The form before its accents were folded, when folding changed it.
    accented: Option<String>,
}

/// Where a word of the metadata stands.
#[derive(Debug, Clone)]
struct FieldSpot {
    /// The field, numbered in the order of the page's field names.
    field: u16,
    position: u32,
    accented: Option<String>,
}

impl Page {
    /// Reads the page at `url`, remembering stems in `memo`; `None` when it has no
    /// `data-pagefind-body` or no words in it.
    pub(crate) fn read(url: String, html: &str, memo: &mut StemMemo) -> Option<Page> {
        let reading = Reading::of(html);
        if !reading.has_body {
            return None;
        }
        Page::from_reading(url, reading, memo)
    }

    /// Splits what was read into words, with their places, weights and anchors; `None` when
    /// the text has no words (words of the metadata alone do not make a result).
    fn from_reading(url: String, reading: Reading, memo: &mut StemMemo) -> Option<Page> {
        let stemmer = words::stemmer(&reading.language, memo);
        let mut content = String::with_capacity(reading.digest.len());
        let mut spots: HashMap<String, Vec<Spot>> = HashMap::new();
        let mut anchors = Vec::new();
        let mut weights = vec![PLAIN_WEIGHT];
        let mut position: usize = 0;
        let mut last_position = 0;
        for piece in reading.digest.split_whitespace() {
            if piece.starts_with('_') {
                if let Some(rest) = piece.strip_prefix(ANCHOR) {
                    anchors.extend(anchor(rest, &reading, position));
                    continue;
                }
                if let Some(weight) = marked_weight(piece, &weights) {
                    weights.push(weight);
                    continue;
                }
                if piece.starts_with(END_WEIGHT) {
                    weights.pop();
                    continue;
                }
            }
            let piece = if !piece.is_ascii() && piece.contains('\u{200B}') {
                Cow::Owned(piece.replace('\u{200B}', ""))
            } else {
                Cow::Borrowed(piece)
            };
            if piece.is_empty() {
                continue;
            }
            content.push_str(&piece);
            content.push(' ');
            let weight = weights.last().copied().unwrap_or(1);
            let forms = words::text_words(&piece, stemmer.as_ref());
            let parts = forms.iter().filter(|form| form.part).count();
            let part_weight = if parts > 0 && weight > 0 {
                (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
            } else {
                0
            };
            for form in forms {
                let spot = Spot {
                    position: position as u32,
                    weight: if form.part { part_weight } else { weight },
                    accented: form.accented,
                };
                spots.entry(form.stem).or_default().push(spot);
            }
            last_position = position;
            position += 1;
        }
        if spots.is_empty() {
            return None;
        }
        if content.ends_with(' ') {
            content.pop();
        }
        let mut field_spots = field_spots(&reading.meta, stemmer.as_ref());
        let mut words = PageWords::default();
        for (word, text) in &spots {
            let fields = field_spots.remove(word).unwrap_or_default();
            words.add(word, text, &fields);
        }
        for (word, fields) in &field_spots {
            words.add(word, &[], fields);
        }
        // Every page's words wait for the index to be built: without their spare room.
        words.shrink_to_fit();
        let word_count = last_position + 1;
        let json = serde_json::to_vec(&Fragment {
            url: &url,
            content: &content,
            word_count,
            filters: &reading.filters,
            meta: &reading.meta,
            anchors: &anchors,
        });
        let (hash, packed) = index::hashed(&json.expect("a fragment is JSON"));
        Some(Page {
            language: reading.language,
            word_count,
            filters: reading.filters,
            meta: reading.meta,
            fragment: PackedFragment { hash, packed },
            words,
            sort: reading.sort,
        })
    }
}

/// The anchor a marker (`h2:3:id`, after its prefix) stands for: its element, then its number
/// and id as the key of its text and title.
fn anchor(marker: &str, reading: &Reading, position: usize) -> Option<Anchor> {
    let (element, key) = marker.split_once(':')?;
    let (_, id) = key.split_once(':')?;
    let text = reading.anchor_text.get(key).map(|t| tidy(t));
    Some(Anchor {
        element: element.to_string(),
        id: id.to_string(),
        text: text.unwrap_or_default(),
        title: reading.anchor_titles.get(key).cloned(),
        location: position as u32,
    })
}

/// The weight a weight marker starts, in 24ths. A heading's own weight counts only outside an
/// explicitly weighted part, which it inherits instead.
fn marked_weight(piece: &str, weights: &[u8]) -> Option<u8> {
    let in_24ths = |weight: f32| weight.clamp(0.0, MAX_WEIGHT) * f32::from(PLAIN_WEIGHT);
    if let Some(weight) = piece.strip_prefix(WEIGHT) {
        let weight = weight.parse::<f32>().unwrap_or(1.0);
        return Some(if weight <= 0.0 {
            0
        } else {
            in_24ths(weight).max(1.0) as u8
        });
    }
    let weight = piece.strip_prefix(AUTO_WEIGHT)?;
    Some(if weights.len() == 1 {
        in_24ths(weight.parse::<f32>().unwrap_or(1.0)) as u8
    } else {
        weights.last().copied().unwrap_or_default()
    })
}

/// Where each word of the metadata stands, the fields numbered in name order.
fn field_spots(
    meta: &BTreeMap<String, String>,
    stemmer: Option<&words::Stemmer<'_>>,
) -> HashMap<String, Vec<FieldSpot>> {
    let mut found: HashMap<String, Vec<FieldSpot>> = HashMap::new();
    for (field, value) in meta.values().enumerate() {
        for (position, piece) in value.split_whitespace().enumerate() {
            for form in words::field_words(piece, stemmer) {
                found.entry(form.stem).or_default().push(FieldSpot {
                    field: field as u16,
                    position: position as u32,
                    accented: form.accented,
                });
            }
        }
    }
    found
}

/// The spots of a word without accents, and those with, by accented form. Most words have no
/// accented form: their spots are lent as they are.
fn split_accented<T: Clone>(
    spots: &[T],
    accented: impl Fn(&T) -> &Option<String>,
) -> (Cow<'_, [T]>, BTreeMap<&str, Vec<T>>) {
    if spots.iter().all(|spot| accented(spot).is_none()) {
        return (Cow::Borrowed(spots), BTreeMap::new());
    }
    let mut plain = Vec::new();
    let mut forms: BTreeMap<&str, Vec<T>> = BTreeMap::new();
    for spot in spots {
        match accented(spot) {
            None => plain.push(spot.clone()),
            Some(form) => forms.entry(form.as_str()).or_default().push(spot.clone()),
        }
    }
    (Cow::Owned(plain), forms)
}

/// Packs a word's places in the text onto `out`: grouped by weight (the plain weight first),
/// each group led by its weight as a negative number and its first place, then the distance to
/// each next place.
fn pack_places(spots: &[Spot], out: &mut Vec<i32>) {
    let mut sorted: Vec<(u8, u32, u8)> = spots
        .iter()
        .map(|spot| {
            let order = if spot.weight == START_WEIGHT {
                0
            } else {
                spot.weight
            };
            (order, spot.position, spot.weight)
        })
        .collect();
    sorted.sort_unstable();
    let mut weight = START_WEIGHT;
    let mut last = 0;
    for (_, position, spot_weight) in sorted {
        if spot_weight != weight {
            out.push(-i32::from(spot_weight) - 1);
            out.push(position as i32);
            weight = spot_weight;
        } else {
            out.push((position - last) as i32);
        }
        last = position;
    }
}

/// Packs a word's places in the metadata onto `out`: each field led by its number as a negative
/// number, then the distance to each place from the one before (from 0 for the first).
fn pack_field_places(spots: &[FieldSpot], out: &mut Vec<i32>) {
    let mut sorted: Vec<(u16, u32)> = spots.iter().map(|s| (s.field, s.position)).collect();
    sorted.sort_unstable();
    let mut field = None;
    let mut last = 0;
    for (spot_field, position) in sorted {
        if field != Some(spot_field) {
            out.push(-i32::from(spot_field) - 1);
            field = Some(spot_field);
            last = 0;
        }
        out.push((position - last) as i32);
        last = position;
    }
}
