//! Preview cards: for every event, a 1200×630 PNG beside its page (`events/SLUG/card.png`) that
//! link previews in group chats, Facebook or Mastodon show when the page has no picture of its
//! own. A card says the event's title, when it is (as lists write it), where it is or the word
//! for online, and the hub's name, in the site's language and the default theme's colours.
//!
//! A card is written as SVG and rasterised by `resvg`, with Noto Sans from the `notosans` crate
//! and never a font of the machine, so that an event gives the same bytes on every machine.
//! Its text is laid out here: a long title wraps onto at most three lines, then ends in `…`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, LazyLock};

use rayon::prelude::*;
use resvg::{tiny_skia, usvg};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use crate::diagnostic::Diagnostic;
use crate::escape::escape_xml;
use crate::events::EventStatus;
use crate::outputs::cache::{self, Fingerprint};
use crate::outputs::{Made, Output, Render, Sink};
use crate::site::{Page, Site};

/// A card's width in pixels: the size Facebook, LinkedIn and Mastodon show large.
pub const WIDTH: u32 = 1200;

/// A card's height in pixels (1.91 times less than its width, as those sites crop).
pub const HEIGHT: u32 = 630;

/// The name of an event's card, in the folder of its page.
const FILE_NAME: &str = "card.png";

/// The colours of the default theme's light palette (`style.css`) a card is drawn in, by the
/// custom property they come from.
mod colour {
    /// `--bg`: the paper behind everything.
    pub const PAPER: &str = "#fbf8f3";
    /// `--text`: the title.
    pub const TEXT: &str = "#1f2a30";
    /// `--muted`: the place.
    pub const MUTED: &str = "#56616a";
    /// `--primary`: the time, and the band with the hub's name.
    pub const PRIMARY: &str = "#0b5563";
    /// `--on-primary`: the hub's name on the band.
    pub const ON_PRIMARY: &str = "#ffffff";
    /// `--accent`: the stripe along the top.
    pub const ACCENT: &str = "#c2662d";
    /// `--danger`: the word for cancelled.
    pub const DANGER: &str = "#a3261e";
}

/// The space left and right of the text.
const MARGIN: f32 = 80.0;

/// How wide a line of text may be.
const LINE_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;

/// The height of the band along the bottom that holds the hub's name.
const BAND: f32 = 112.0;

/// The sizes a title is tried at, largest first: the first at which it fits in
/// [`TITLE_LINES`] lines is taken, else the last, cut.
const TITLE_SIZES: [f32; 2] = [64.0, 54.0];

/// The most lines a title takes.
const TITLE_LINES: usize = 3;

/// The distance between the baselines of the place's lines, and from the time's to the
/// place's.
const PLACE_LEADING: f32 = 50.0;

/// The family name of the cards' font.
const FAMILY: &str = "Noto Sans";

/// The cards' font, loaded once: the faces `resvg` draws with, and their bytes for measuring.
struct Fonts {
    database: Arc<usvg::fontdb::Database>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let mut database = usvg::fontdb::Database::new();
    for face in [notosans::REGULAR_TTF, notosans::BOLD_TTF] {
        database.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face)));
    }
    database.set_sans_serif_family(FAMILY);
    Fonts {
        database: Arc::new(database),
    }
});

/// A weight of the cards' font, for measuring text.
#[derive(Clone, Copy)]
enum Weight {
    Regular,
    Bold,
}

impl Weight {
    /// The face's bytes.
    fn face(self) -> &'static [u8] {
        match self {
            Weight::Regular => notosans::REGULAR_TTF,
            Weight::Bold => notosans::BOLD_TTF,
        }
    }

    /// The SVG `font-weight` of the face.
    fn svg(self) -> &'static str {
        match self {
            Weight::Regular => "400",
            Weight::Bold => "700",
        }
    }
}

/// How wide `text` is drawn in `weight` at `size` pixels: the sum of its glyphs' advances
/// (kerning only ever narrows a line, so a line measured to fit does fit).
fn width(text: &str, weight: Weight, size: f32) -> f32 {
    let Ok(font) = skrifa::FontRef::new(weight.face()) else {
        return 0.0;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            let glyph = charmap.map(c).unwrap_or_default();
            metrics.advance_width(glyph).unwrap_or(0.0)
        })
        .sum()
}

/// The words of `text` in lines at most [`LINE_WIDTH`] wide; a word wider than a line is cut
/// where it reaches the edge.
fn wrap(text: &str, weight: Weight, size: f32) -> Vec<String> {
    let fits = |line: &str| width(line, weight, size) <= LINE_WIDTH;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if !fits(&line) && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` as it fits on one line: whole, or cut at the edge with `…` after it.
fn one_line(text: &str, weight: Weight, size: f32) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if width(&text, weight, size) <= LINE_WIDTH {
        return text;
    }
    let mut cut = text;
    loop {
        cut.pop();
        let kept = cut.trim_end_matches([' ', ',', ';', ':', '.', '·', '-', '–']);
        let candidate = format!("{kept}…");
        if kept.is_empty() || width(&candidate, weight, size) <= LINE_WIDTH {
            return candidate;
        }
    }
}

/// `text` in at most `most` lines (at least one), the last ending in `…` when it is cut.
fn at_most(text: &str, most: usize, weight: Weight, size: f32) -> Vec<String> {
    let mut lines = wrap(text, weight, size);
    if lines.len() > most {
        let rest = lines.split_off(most.max(1) - 1).join(" ");
        lines.push(one_line(&rest, weight, size));
    }
    lines
}

/// The title's size and lines: at the largest size it fits in [`TITLE_LINES`] lines, else at
/// the smallest, its last line ending in `…`.
fn title_lines(title: &str) -> (f32, Vec<String>) {
    for size in TITLE_SIZES {
        let lines = wrap(title, Weight::Bold, size);
        if lines.len() <= TITLE_LINES {
            return (size, lines);
        }
    }
    let size = TITLE_SIZES[TITLE_SIZES.len() - 1];
    (size, at_most(title, TITLE_LINES, Weight::Bold, size))
}

/// What an event's card says, in the language of the site it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCard<'a> {
    title: &'a str,
    /// The time as cards and lists write it (`Sat 5 Dec 2026, 8:30–10:00 AM CST`).
    when: &'a str,
    /// The place, or the word for online.
    place: Option<&'a str>,
    /// The hub's name in the site's language.
    hub: &'a str,
    /// The word for cancelled, when the event is.
    cancelled: Option<&'a str>,
}

impl<'a> EventCard<'a> {
    /// The card of `page` in `site`, if the page is an event.
    pub fn of(page: &'a Page, site: &'a Site) -> Option<EventCard<'a>> {
        let event = page.event.as_ref()?;
        let words = &site.lang.words;
        let online = event.online.as_ref().map(|_| words.text("online"));
        Some(EventCard {
            title: &page.title,
            when: &event.when,
            place: event.location.as_deref().or(online),
            hub: &site.lang.title,
            cancelled: (event.status == EventStatus::Cancelled)
                .then(|| words.text("badge_cancelled")),
        })
    }

    /// Where the card of `page` is published: beside the page.
    pub fn path(page: &Page) -> String {
        format!("{}{FILE_NAME}", page.path)
    }

    /// What the card shows, as sentences: its description for those who cannot see it
    /// (`og:image:alt`).
    pub fn alt_text(&self) -> String {
        let parts = [
            self.cancelled,
            Some(self.title),
            Some(self.when),
            self.place,
            Some(self.hub),
        ];
        let mut text = String::new();
        for part in parts.into_iter().flatten().map(str::trim) {
            if part.is_empty() {
                continue;
            }
            if !text.is_empty() {
                if !text.ends_with(['.', '?', '!', '…']) {
                    text.push('.');
                }
                text.push(' ');
            }
            text.push_str(part);
        }
        text
    }

    /// The card as SVG, its text laid out in lines.
    pub fn svg(&self) -> String {
        let (width, height) = (WIDTH, HEIGHT);
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"{FAMILY}\">\n\
             <rect width=\"{width}\" height=\"{height}\" fill=\"{paper}\"/>\n\
             <rect width=\"{width}\" height=\"14\" fill=\"{accent}\"/>\n\
             <rect y=\"{band_top}\" width=\"{width}\" height=\"{BAND}\" fill=\"{primary}\"/>\n",
            paper = colour::PAPER,
            accent = colour::ACCENT,
            primary = colour::PRIMARY,
            band_top = height as f32 - BAND,
        );
        let mut text = |y: f32, size: f32, weight: Weight, fill: &str, line: &str| {
            svg.push_str(&format!(
                "<text x=\"{MARGIN}\" y=\"{y}\" font-size=\"{size}\" font-weight=\"{}\" fill=\"{fill}\">{}</text>\n",
                weight.svg(),
                escape_xml(line)
            ));
        };
        // `y` is the baseline of the line written last.
        let mut y = 48.0;
        if let Some(word) = self.cancelled {
            y += 44.0;
            text(
                y,
                32.0,
                Weight::Bold,
                colour::DANGER,
                &one_line(word, Weight::Bold, 32.0),
            );
            y += 12.0;
        }
        let (size, lines) = title_lines(self.title);
        for line in &lines {
            y += (size * 1.2).round();
            text(y, size, Weight::Bold, colour::TEXT, line);
        }
        y += 80.0;
        text(
            y,
            38.0,
            Weight::Regular,
            colour::PRIMARY,
            &one_line(self.when, Weight::Regular, 38.0),
        );
        if let Some(place) = self.place {
            // A second line where it stays clear of the band.
            let room = if y + 2.0 * PLACE_LEADING <= height as f32 - BAND - 40.0 {
                2
            } else {
                1
            };
            for line in at_most(place, room, Weight::Regular, 34.0) {
                y += PLACE_LEADING;
                text(y, 34.0, Weight::Regular, colour::MUTED, &line);
            }
        }
        let hub = one_line(self.hub, Weight::Bold, 36.0);
        text(
            height as f32 - BAND / 2.0 + 13.0,
            36.0,
            Weight::Bold,
            colour::ON_PRIMARY,
            &hub,
        );
        svg.push_str("</svg>\n");
        svg
    }
}

/// `svg` as a PNG of [`WIDTH`] × [`HEIGHT`] pixels, or why it could not be drawn.
fn rasterise(svg: &str) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        fontdb: FONTS.database.clone(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|error| error.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("a card has no pixels")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    let (palette, pixels) = indexed(pixmap.data());
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette.concat());
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(png)
}

/// The most colours a PNG palette holds.
const PALETTE_SIZE: usize = 256;

/// The opaque RGBA pixels `rgba` as a palette of at most [`PALETTE_SIZE`] colours and an
/// index into it per pixel, which a PNG stores in a third of the bytes. A card is flat colours
/// and the edges of its letters, about a hundred colours in all, so the palette is usually
/// every colour, in the order they first appear. Past [`PALETTE_SIZE`] colours, it is the most
/// frequent ones (ties by colour, so that a card always gives the same palette), and a rarer
/// colour is drawn in the nearest of them, which the eye cannot tell apart.
fn indexed(rgba: &[u8]) -> (Vec<[u8; 3]>, Vec<u8>) {
    let mut seen: Vec<(u32, usize)> = Vec::new();
    let mut id_of: ColourMap<usize> = ColourMap::default();
    // Each pixel's colour by the order it first appeared in, while there are few enough.
    let mut indices = Vec::with_capacity(rgba.len() / 4);
    for (colour, run) in runs(rgba) {
        let id = *id_of.entry(colour).or_insert_with(|| {
            seen.push((colour, 0));
            seen.len() - 1
        });
        seen[id].1 += run;
        if let Ok(index) = u8::try_from(id) {
            indices.extend(std::iter::repeat_n(index, run));
        }
    }
    let channels = |colour: u32| {
        let [red, green, blue, _] = colour.to_le_bytes();
        [red, green, blue]
    };
    if seen.len() <= PALETTE_SIZE {
        return (seen.iter().map(|(c, _)| channels(*c)).collect(), indices);
    }
    let mut by_use: Vec<usize> = (0..seen.len()).collect();
    by_use.sort_unstable_by(|a, b| {
        seen[*b]
            .1
            .cmp(&seen[*a].1)
            .then(seen[*a].0.cmp(&seen[*b].0))
    });
    let palette: Vec<u32> = by_use[..PALETTE_SIZE]
        .iter()
        .map(|id| seen[*id].0)
        .collect();
    let distance = |a: u32, b: u32| -> u32 {
        let (a, b) = (channels(a), channels(b));
        (0..3).map(|i| u32::from(a[i].abs_diff(b[i])).pow(2)).sum()
    };
    let mut index_of_id = vec![0u8; seen.len()];
    for (place, id) in by_use.iter().enumerate() {
        let nearest = if place < PALETTE_SIZE {
            place
        } else {
            (0..PALETTE_SIZE)
                .min_by_key(|i| distance(seen[*id].0, palette[*i]))
                .unwrap_or(0)
        };
        index_of_id[*id] = nearest as u8;
    }
    indices.clear();
    for (colour, run) in runs(rgba) {
        let index = id_of.get(&colour).map_or(0, |id| index_of_id[*id]);
        indices.extend(std::iter::repeat_n(index, run));
    }
    (palette.into_iter().map(channels).collect(), indices)
}

/// The runs of one colour in the RGBA pixels `rgba`, in order: each colour (its four bytes as
/// one number) and how many pixels in a row have it.
fn runs(rgba: &[u8]) -> impl Iterator<Item = (u32, usize)> + '_ {
    let mut rest = rgba;
    std::iter::from_fn(move || {
        let first: [u8; 4] = rest.get(..4)?.try_into().ok()?;
        let run = rest
            .chunks_exact(4)
            .take_while(|pixel| **pixel == first)
            .count();
        rest = &rest[run * 4..];
        Some((u32::from_le_bytes(first), run))
    })
}

/// A map keyed by colour (its four bytes as one number).
type ColourMap<V> = HashMap<u32, V, BuildHasherDefault<ColourHasher>>;

/// Hashes a colour with one multiplication: a card has a few thousand colours, for which the
/// standard hasher would cost more than the rest of making the palette.
#[derive(Default)]
struct ColourHasher(u64);

impl Hasher for ColourHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, colour: u32) {
        self.0 = u64::from(colour).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// Writes the card of every event of the site in `scope` into `sink`, in parallel; returns
/// the problems met. With a `cache`, a card whose text is unchanged since the event's page
/// last changed is taken from it.
pub fn render(render: &Render, sink: &dyn Sink) -> Vec<Diagnostic> {
    let &Render {
        site, cache, scope, ..
    } = render;
    site.pages
        .par_iter()
        .filter_map(|page| {
            let card = EventCard::of(page, site)?;
            let path = EventCard::path(page);
            if !scope.wants(&path) {
                return None;
            }
            let svg = card.svg();
            let made_from = || {
                let mut made_from = Fingerprint::default();
                made_from.add(&svg).add_versions([page.version]);
                made_from
            };
            let made = cache::file(cache, &path, made_from, || {
                rasterise(&svg).map(|png| Made::Whole(Arc::new(png)))
            });
            match made {
                Ok(made) => sink.put(Output::made(path, made)).err(),
                Err(why) => Some(Diagnostic::file_error(
                    &page.file,
                    format!("convene could not draw this event's preview card ({path}): {why}"),
                )),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card<'a>(title: &'a str, place: Option<&'a str>) -> EventCard<'a> {
        EventCard {
            title,
            when: "Sat 5 Dec 2026, 8:30–10:00 AM CST",
            place,
            hub: "North Texas Learning Network",
            cancelled: None,
        }
    }

    #[test]
    fn a_long_title_wraps_onto_three_lines_at_most() {
        let (size, lines) = title_lines("Coffee");
        assert_eq!(
            (size, lines.as_slice()),
            (64.0, &["Coffee".to_string()][..])
        );
        let long = "Building a professional learning network that lasts: ".repeat(6);
        let (size, lines) = title_lines(&long);
        assert_eq!(size, 54.0);
        assert_eq!(lines.len(), TITLE_LINES);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(width(line, Weight::Bold, size) <= LINE_WIDTH, "{line}");
        }
        let word = "Supercalifragilistic".repeat(5);
        let lines = wrap(&word, Weight::Bold, 64.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn the_svg_escapes_the_text() {
        let svg = card("Math & <Science>", Some("Room \"B\"")).svg();
        assert!(svg.contains("Math &amp; &lt;Science&gt;"), "{svg}");
        assert!(rasterise(&svg).is_ok());
    }

    #[test]
    fn a_card_in_the_spanish_site_uses_spanish_words() {
        let hub = "title: {en: Coaches Network, es: Red de Coaches}\nbase_url: https://example.org/\nlanguages: [en, es]\ntimezone: America/Chicago\n";
        let event = "---\ntitle: Charla de matemáticas\nstart: 2026-12-05T09:00:00\nduration: 1h\nonline: https://meet.example.org/charla\n---\n";
        let sites = crate::site::tests::assemble_hub(hub, &[("content/events/charla.md", event)])
            .expect("the hub assembles");
        let svg = |site: &Site| {
            let page = &site.pages[0];
            EventCard::of(page, site)
                .expect("an event has a card")
                .svg()
        };
        let (english, spanish) = (svg(&sites[0]), svg(&sites[1]));
        for words in [
            "Charla de matemáticas",
            "sáb 5 dic 2026",
            "En línea",
            "Red de Coaches",
        ] {
            assert!(spanish.contains(words), "{words}: {spanish}");
        }
        for words in ["Sat 5 Dec 2026", "Online", "Coaches Network"] {
            assert!(english.contains(words), "{words}: {english}");
        }
    }

    #[test]
    fn more_colours_than_a_palette_holds_are_drawn_in_the_nearest() {
        // 300 greys and reds, each once, then black for the rest of a row.
        let mut rgba: Vec<u8> = (0..300u32)
            .flat_map(|i| [(i % 256) as u8, if i < 256 { 0 } else { 200 }, 0, 255])
            .collect();
        rgba.extend([0, 0, 0, 255].repeat(100));
        let (palette, indices) = indexed(&rgba);
        assert_eq!(palette.len(), PALETTE_SIZE);
        assert_eq!(indices.len(), 400);
        assert_eq!(palette[usize::from(indices[399])], [0, 0, 0]);
        for (pixel, index) in rgba.chunks_exact(4).zip(&indices) {
            let drawn = palette[usize::from(*index)];
            let off: u32 = (0..3)
                .map(|i| u32::from(pixel[i].abs_diff(drawn[i])).pow(2))
                .sum();
            assert!(off <= 2 * 200 * 200, "{pixel:?} drawn as {drawn:?}");
        }
        assert_eq!(
            indexed(&rgba),
            (palette, indices),
            "the same pixels, the same palette"
        );
        let (few, _) = indexed(&[1, 2, 3, 255, 1, 2, 3, 255, 4, 5, 6, 255]);
        assert_eq!(few, [[1, 2, 3], [4, 5, 6]]);
    }

    #[test]
    fn the_alt_text_says_what_the_card_shows() {
        let text = card("Why coach?", Some("Online")).alt_text();
        assert_eq!(
            text,
            "Why coach? Sat 5 Dec 2026, 8:30–10:00 AM CST. Online. North Texas Learning Network"
        );
    }
}
