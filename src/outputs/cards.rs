//! Preview cards: for every event, a 1200×630 PNG beside its page (`events/SLUG/card.png`) that
//! link previews in group chats, Facebook or Mastodon show when the page has no picture of its
//! own. A card says the event's title, when it is (as lists write it), where it is or the word
//! for online, and the hub's name, in the site's language and the default theme's colours.
//!
//! A card is laid out here as lines of text (a long title wraps onto at most three lines, then
//! ends in `…`) and drawn here too, in Noto Sans from the `notosans` crate and never a font of the
//! machine, so that an event gives the same bytes on every machine. It is drawn straight into a
//! palette image: flat areas of the theme's colours and letters whose edges take one of
//! [`LEVELS`] blends of their colour with the ground. Each letter's shape is filled once per
//! size (by `tiny-skia`) and then only copied, so a card takes about a millisecond.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use crate::diagnostic::Diagnostic;
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
    pub const PAPER: [u8; 3] = [0xfb, 0xf8, 0xf3];
    /// `--text`: the title.
    pub const TEXT: [u8; 3] = [0x1f, 0x2a, 0x30];
    /// `--muted`: the place.
    pub const MUTED: [u8; 3] = [0x56, 0x61, 0x6a];
    /// `--primary`: the time, and the band with the hub's name.
    pub const PRIMARY: [u8; 3] = [0x0b, 0x55, 0x63];
    /// `--on-primary`: the hub's name on the band.
    pub const ON_PRIMARY: [u8; 3] = [0xff, 0xff, 0xff];
    /// `--accent`: the stripe along the top.
    pub const ACCENT: [u8; 3] = [0xc2, 0x66, 0x2d];
    /// `--danger`: the word for cancelled.
    pub const DANGER: [u8; 3] = [0xa3, 0x26, 0x1e];
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

/// A weight of the cards' font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

    /// The card's text laid out in lines, each with its baseline, size, weight and ink.
    pub fn lines(&self) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut text = |y: f32, size: f32, weight: Weight, ink: Ink, text: String| {
            lines.push(Line {
                y,
                size,
                weight,
                ink,
                text,
            });
        };
        // `y` is the baseline of the line written last.
        let mut y = 48.0;
        if let Some(word) = self.cancelled {
            y += 44.0;
            text(
                y,
                32.0,
                Weight::Bold,
                Ink::Cancelled,
                one_line(word, Weight::Bold, 32.0),
            );
            y += 12.0;
        }
        let (size, title) = title_lines(self.title);
        for line in title {
            y += (size * 1.2).round();
            text(y, size, Weight::Bold, Ink::Title, line);
        }
        y += 80.0;
        text(
            y,
            38.0,
            Weight::Regular,
            Ink::Time,
            one_line(self.when, Weight::Regular, 38.0),
        );
        if let Some(place) = self.place {
            // A second line where it stays clear of the band.
            let room = if y + 2.0 * PLACE_LEADING <= HEIGHT as f32 - BAND - 40.0 {
                2
            } else {
                1
            };
            for line in at_most(place, room, Weight::Regular, 34.0) {
                y += PLACE_LEADING;
                text(y, 34.0, Weight::Regular, Ink::Place, line);
            }
        }
        text(
            HEIGHT as f32 - BAND / 2.0 + 13.0,
            36.0,
            Weight::Bold,
            Ink::Hub,
            one_line(self.hub, Weight::Bold, 36.0),
        );
        lines
    }
}

/// One line of a card's text, from the left margin.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Its baseline, in pixels from the top.
    y: f32,
    /// The font's size in pixels.
    size: f32,
    weight: Weight,
    ink: Ink,
    text: String,
}

/// What a line of text says on the card, which gives its colour and the ground it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ink {
    Title,
    Time,
    Place,
    Cancelled,
    Hub,
}

impl Ink {
    /// Every ink, in the order of their blends in the palette.
    const ALL: [Ink; 5] = [Ink::Title, Ink::Time, Ink::Place, Ink::Cancelled, Ink::Hub];

    /// The letters' colour and the ground's.
    fn colours(self) -> ([u8; 3], [u8; 3]) {
        match self {
            Ink::Title => (colour::TEXT, colour::PAPER),
            Ink::Time => (colour::PRIMARY, colour::PAPER),
            Ink::Place => (colour::MUTED, colour::PAPER),
            Ink::Cancelled => (colour::DANGER, colour::PAPER),
            Ink::Hub => (colour::ON_PRIMARY, colour::PRIMARY),
        }
    }

    /// The palette index of this ink at `level` (1 to [`LEVELS`]) over its ground.
    fn index(self, level: usize) -> u8 {
        let place = Ink::ALL.iter().position(|ink| *ink == self).unwrap_or(0);
        (FIRST_BLEND + place * LEVELS + level - 1) as u8
    }
}

/// What names a card's drawing in the cache besides what it says: a new version of convene may
/// draw the same words otherwise.
const DRAWN_BY: &str = concat!("convene ", env!("CARGO_PKG_VERSION"), ", cards 2");

/// The card of `lines` as a PNG: from `.convene/cards/` in the hub at `root` when a build drew
/// the same card before (an event's card changes only with its words), else drawn and kept
/// there. A cache that cannot be read or written only costs the drawing.
fn drawn(root: &Path, lines: &[Line]) -> Result<Vec<u8>, String> {
    let key = crate::pictures::content_key(format!("{DRAWN_BY}\n{lines:?}").as_bytes());
    let file = root
        .join(".convene")
        .join("cards")
        .join(format!("{key:016x}.png"));
    if let Ok(png) = std::fs::read(&file) {
        return Ok(png);
    }
    let png = png_of(&draw(lines))?;
    crate::pictures::keep(&file, &png);
    Ok(png)
}

/// How many blends of a letter's colour with its ground the edges of letters are drawn in.
const LEVELS: usize = 32;

/// The palette indices of the flat areas: the paper, the stripe along the top, the band.
const PAPER: u8 = 0;
const STRIPE: u8 = 1;
const BAND_GROUND: u8 = 2;

/// The palette index of the first blend of the first ink.
const FIRST_BLEND: usize = 3;

/// The height of the stripe along the top.
const STRIPE_HEIGHT: usize = 14;

/// The positions between two pixels a letter is drawn at (its shape is filled once for each).
const PHASES: f32 = 4.0;

/// The card's palette as PNG writes it: the flat colours, then for each ink its [`LEVELS`]
/// blends with its ground, from the faintest to the letters' own colour.
fn palette() -> Vec<u8> {
    let mut palette = [colour::PAPER, colour::ACCENT, colour::PRIMARY].concat();
    for ink in Ink::ALL {
        let (letters, ground) = ink.colours();
        for level in 1..=LEVELS {
            for (letter, under) in letters.iter().zip(ground) {
                let share = level as f32 / LEVELS as f32;
                let blend = f32::from(under) + (f32::from(*letter) - f32::from(under)) * share;
                palette.push(blend.round() as u8);
            }
        }
    }
    palette
}

/// The shape of one letter at one size: how much of each pixel it covers (0 to 255), and where
/// its top left pixel is from the pen's place on the baseline.
struct Shape {
    left: i32,
    top: i32,
    width: usize,
    coverage: Vec<u8>,
}

/// A letter of a face at a size (its bits) and a position between two pixels.
type ShapeKey = (Weight, u32, u32, u8);

thread_local! {
    /// The shapes this thread has filled, each once (a card repeats letters, and every card
    /// repeats the same few sizes).
    static SHAPES: std::cell::RefCell<HashMap<ShapeKey, Option<Arc<Shape>>>> =
        std::cell::RefCell::new(HashMap::new());
}

/// Turns a glyph's outline into a path `tiny-skia` fills.
struct PathPen(tiny_skia::PathBuilder);

impl skrifa::outline::OutlinePen for PathPen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// The shape of `glyph` of `weight` at `size` pixels, drawn `phase` quarters of a pixel right of
/// a pixel's edge; `None` for a glyph with no outline (a space).
fn shape(weight: Weight, glyph: skrifa::GlyphId, size: f32, phase: u8) -> Option<Arc<Shape>> {
    let key = (weight, glyph.to_u32(), size.to_bits(), phase);
    if let Some(known) = SHAPES.with(|shapes| shapes.borrow().get(&key).cloned()) {
        return known;
    }
    let fill = || {
        let font = skrifa::FontRef::new(weight.face()).ok()?;
        let outline = font.outline_glyphs().get(glyph)?;
        let mut pen = PathPen(tiny_skia::PathBuilder::new());
        outline.draw(Size::new(size), &mut pen).ok()?;
        let path = pen.0.finish()?;
        let bounds = path.bounds();
        let shift = f32::from(phase) / PHASES;
        // Font outlines go up from the baseline; pixels go down.
        let left = (bounds.left() + shift).floor() as i32 - 1;
        let top = (-bounds.bottom()).floor() as i32 - 1;
        let width = ((bounds.right() + shift).ceil() as i32 + 1 - left) as u32;
        let height = ((-bounds.top()).ceil() as i32 + 1 - top) as u32;
        let mut mask = tiny_skia::Mask::new(width, height)?;
        let place =
            tiny_skia::Transform::from_row(1.0, 0.0, 0.0, -1.0, shift - left as f32, -top as f32);
        mask.fill_path(&path, tiny_skia::FillRule::Winding, true, place);
        Some(Arc::new(Shape {
            left,
            top,
            width: width as usize,
            coverage: mask.data().to_vec(),
        }))
    };
    let made = fill();
    SHAPES.with(|shapes| shapes.borrow_mut().insert(key, made.clone()));
    made
}

/// The card of `lines` as palette indices, a row of [`WIDTH`] after another.
fn draw(lines: &[Line]) -> Vec<u8> {
    let (width, height) = (WIDTH as usize, HEIGHT as usize);
    let mut canvas = vec![PAPER; width * height];
    canvas[..width * STRIPE_HEIGHT].fill(STRIPE);
    canvas[(height - BAND as usize) * width..].fill(BAND_GROUND);
    for line in lines {
        let Ok(font) = skrifa::FontRef::new(line.weight.face()) else {
            continue;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(line.size), LocationRef::default());
        let baseline = line.y.round() as i32;
        let mut x = MARGIN;
        for c in line.text.chars() {
            let glyph = charmap.map(c).unwrap_or_default();
            let advance = metrics.advance_width(glyph).unwrap_or(0.0);
            // A character the font does not have is left blank.
            let drawn = (glyph != skrifa::GlyphId::NOTDEF).then_some(glyph);
            let quarters = (x * PHASES).round() as i32;
            let (pixel, phase) = (
                quarters.div_euclid(PHASES as i32),
                quarters.rem_euclid(PHASES as i32),
            );
            if let Some(shape) = drawn.and_then(|g| shape(line.weight, g, line.size, phase as u8)) {
                stamp(&mut canvas, &shape, pixel, baseline, line.ink);
            }
            x += advance;
        }
    }
    canvas
}

/// Draws `shape` in `ink` with its pen's place at (`x`, `baseline`): each pixel it covers takes
/// the blend of its coverage, or keeps a stronger blend of the same ink a letter beside it left.
fn stamp(canvas: &mut [u8], shape: &Shape, x: i32, baseline: i32, ink: Ink) {
    let (width, height) = (WIDTH as i32, HEIGHT as i32);
    let first = ink.index(1);
    for (row, covered) in shape.coverage.chunks_exact(shape.width).enumerate() {
        let y = baseline + shape.top + row as i32;
        if !(0..height).contains(&y) {
            continue;
        }
        for (column, coverage) in covered.iter().enumerate() {
            let level = (usize::from(*coverage) * LEVELS + 127) / 255;
            let x = x + shape.left + column as i32;
            if level == 0 || !(0..width).contains(&x) {
                continue;
            }
            let pixel = &mut canvas[(y * width + x) as usize];
            let index = ink.index(level);
            if !(first..=ink.index(LEVELS)).contains(pixel) || *pixel < index {
                *pixel = index;
            }
        }
    }
}

/// The palette indices `canvas` of a card as a PNG, or why it could not be written.
fn png_of(canvas: &[u8]) -> Result<Vec<u8>, String> {
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette());
    // fdeflate's fast compressor, each row filtered in the way that packs it best. (Tried on
    // the 2,443 cards of the benchmark hub: writing them with only the "Up" filter saved 4% of
    // the build's CPU time but made cards a quarter larger; with no filter they were 3.5 to 6
    // times larger.)
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(canvas).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(png)
}

/// Writes the card of every event of the site in `scope` into `sink`, in parallel; returns
/// the problems met. With a `cache`, a card whose text is unchanged since the event's page
/// last changed is taken from it.
pub fn render(render: &Render, sink: &dyn Sink) -> Vec<Diagnostic> {
    let &Render {
        site,
        cache,
        scope,
        root,
        ..
    } = render;
    site.pages
        .par_iter()
        .filter_map(|page| {
            // A card is made from its page, so it is in scope only with the page.
            if page.event.is_none() || !scope.wants_page(&page.path) {
                return None;
            }
            let path = EventCard::path(page);
            if !scope.wants(&path) {
                return None;
            }
            let card = EventCard::of(page, site)?;
            let lines = card.lines();
            let made_from = || {
                let mut made_from = Fingerprint::default();
                made_from
                    .add(format!("{lines:?}"))
                    .add_versions([page.version]);
                made_from
            };
            let made = cache::file(cache, &path, made_from, || {
                drawn(root, &lines).map(|png| Made::Whole(Arc::new(png)))
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
    fn a_card_draws_its_text_as_written_in_each_ink() {
        let mut event = card("Math & <Science>", Some("Room \"B\""));
        event.cancelled = Some("CANCELLED");
        let lines = event.lines();
        let texts: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "CANCELLED",
                "Math & <Science>",
                "Sat 5 Dec 2026, 8:30–10:00 AM CST",
                "Room \"B\"",
                "North Texas Learning Network"
            ]
        );
        let canvas = draw(&lines);
        assert_eq!(canvas.len(), (WIDTH * HEIGHT) as usize);
        for ink in Ink::ALL {
            let solid = canvas.iter().filter(|i| **i == ink.index(LEVELS)).count();
            let edges = canvas
                .iter()
                .filter(|i| (ink.index(1)..ink.index(LEVELS)).contains(*i))
                .count();
            assert!(
                solid > 200 && edges > 200,
                "{ink:?}: {solid} solid, {edges} edges"
            );
        }
        // The band's text is on the band, the rest above it.
        let band_top = (HEIGHT as usize - BAND as usize) * WIDTH as usize;
        assert!(canvas[band_top..].contains(&Ink::Hub.index(LEVELS)));
        assert!(!canvas[..band_top].contains(&Ink::Hub.index(LEVELS)));
        let png = png_of(&canvas).expect("the card is written");
        assert!(png.len() < 80_000, "{} bytes", png.len());
        assert_eq!(
            png_of(&draw(&lines)).unwrap(),
            png,
            "the same card, the same bytes"
        );
    }

    #[test]
    fn the_palette_blends_each_ink_from_its_ground_to_its_colour() {
        let palette = palette();
        assert_eq!(palette.len(), 3 * (FIRST_BLEND + Ink::ALL.len() * LEVELS));
        assert!(palette.len() <= 3 * 256);
        for ink in Ink::ALL {
            let (letters, _) = ink.colours();
            let last = usize::from(ink.index(LEVELS)) * 3;
            assert_eq!(palette[last..last + 3], letters, "{ink:?}");
        }
    }

    #[test]
    fn a_card_in_the_spanish_site_uses_spanish_words() {
        let hub = "title: {en: Coaches Network, es: Red de Coaches}\nbase_url: https://example.org/\nlanguages: [en, es]\ntimezone: America/Chicago\n";
        let event = "---\ntitle: Charla de matemáticas\nstart: 2026-12-05T09:00:00\nduration: 1h\nonline: https://meet.example.org/charla\n---\n";
        let sites = crate::site::tests::assemble_hub(hub, &[("content/events/charla.md", event)])
            .expect("the hub assembles");
        let svg = |site: &Site| {
            let page = &site.pages[0];
            let card = EventCard::of(page, site).expect("an event has a card");
            let texts: Vec<String> = card.lines().into_iter().map(|line| line.text).collect();
            texts.join("\n")
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
    fn the_alt_text_says_what_the_card_shows() {
        let text = card("Why coach?", Some("Online")).alt_text();
        assert_eq!(
            text,
            "Why coach? Sat 5 Dec 2026, 8:30–10:00 AM CST. Online. North Texas Learning Network"
        );
    }
}
