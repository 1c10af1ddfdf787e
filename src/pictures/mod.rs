//! Pictures as a phone on a school network can afford them and as members can share them
//! safely. An avatar or a picture in a page's text that is larger than the theme shows it is
//! also published at the widths it is shown at (WebP, with one JPEG or PNG for browsers without
//! WebP), which the page offers with `srcset`; every raster picture convene publishes, variant
//! or original, carries no metadata (EXIF with its GPS position, XMP, IPTC), its orientation
//! applied to the pixels first ([`metadata`]). Variants are kept in `.convene/pictures/` by the
//! content of their source, so a second build encodes none.

pub mod metadata;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use image::DynamicImage;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::outputs::Output;

/// How the theme shows a picture, which decides the widths it is published at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Use {
    /// A profile's picture: a square, 32, 56 or 120 CSS pixels wide.
    Avatar,
    /// A picture in a page's text, as wide as the text column at most.
    Text,
}

/// The widths of an avatar's variants: 1, 2 and 3 times the sizes the theme shows avatars at
/// (56 in cards, 120 on the profile; 32 in lists of people takes the 56).
const AVATAR_WIDTHS: [u32; 6] = [56, 112, 120, 168, 240, 360];

/// The widths of a text picture's variants: a phone, a phone at twice its pixels, a desktop.
const TEXT_WIDTHS: [u32; 3] = [480, 960, 1440];

/// The widest variant offered as the fallback for browsers without WebP.
const FALLBACK_MAX: [u32; 2] = [240, 960];

/// The characters of a file name written as `%XX` in an address: those that end or split it.
const NAME_IN_ADDRESS: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b',')
    .add(b'"')
    .add(b'#')
    .add(b'?')
    .add(b'%')
    .add(b'<')
    .add(b'>');

/// What a variant is encoded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Lossy WebP, what every current browser shows.
    WebP,
    /// JPEG, the fallback of a photograph.
    Jpeg,
    /// PNG, the fallback of a PNG or WebP (which may be transparent).
    Png,
}

impl Format {
    /// The file name extension.
    fn extension(self) -> &'static str {
        match self {
            Format::WebP => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }
}

/// One file made from a picture of the hub.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Variant {
    /// The picture it is made from, relative to the hub folder.
    pub source: PathBuf,
    /// Where it is published, inside the output folder.
    pub path: String,
    /// Its width in pixels (and its height too, for a square avatar).
    pub width: u32,
    /// How the theme shows it: an avatar's variants are square.
    pub use_as: Use,
    /// What it is encoded as.
    pub format: Format,
}

/// What a page offers for one picture: the address of its fallback, the WebP variants for
/// `srcset`, and the files to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// The fallback's address (JPEG or PNG), for `src`.
    pub src: String,
    /// The WebP variants as `srcset` lists them: `photo-480.webp 480w, photo-960.webp 960w`.
    pub srcset: String,
    /// The fallback's width and height in pixels.
    pub size: (u32, u32),
    /// The files to publish.
    pub variants: Vec<Variant>,
}

/// What the page offers for the picture `source` (relative to the hub folder), of `size`
/// pixels, published in the output folder under `folder` (`profiles/ana/`) whose address is
/// `address` (`/hub/profiles/ana/`), shown as `use_as`. `None` when the picture is no larger than
/// the theme shows it: the original is then offered as it is.
pub fn offer(
    source: &Path,
    folder: &str,
    address: &str,
    size: (u32, u32),
    use_as: Use,
) -> Option<Offer> {
    let side = match use_as {
        Use::Avatar => size.0.min(size.1),
        Use::Text => size.0,
    };
    let (widths, fallback_max): (&[u32], u32) = match use_as {
        Use::Avatar => (&AVATAR_WIDTHS, FALLBACK_MAX[0]),
        Use::Text => (&TEXT_WIDTHS, FALLBACK_MAX[1]),
    };
    let widths: Vec<u32> = widths.iter().copied().filter(|w| *w < side).collect();
    let fallback_width = *widths.iter().rev().find(|w| **w <= fallback_max)?;
    let stem = source.file_stem()?.to_string_lossy();
    let fallback_format = match source
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
    {
        Some(e) if e == "jpg" || e == "jpeg" => Format::Jpeg,
        _ => Format::Png,
    };
    let name = |width: u32, format: Format| match use_as {
        Use::Avatar => format!("{stem}-square-{width}.{}", format.extension()),
        Use::Text => format!("{stem}-{width}.{}", format.extension()),
    };
    let variant = |width: u32, format: Format| Variant {
        source: source.to_path_buf(),
        path: format!("{folder}{}", name(width, format)),
        width,
        use_as,
        format,
    };
    let mut variants: Vec<Variant> = widths.iter().map(|w| variant(*w, Format::WebP)).collect();
    variants.push(variant(fallback_width, fallback_format));
    // In an address, a name's spaces and commas would end it (`srcset` lists are split on them).
    let link = |width: u32, format: Format| {
        let name = name(width, format);
        format!("{address}{}", utf8_percent_encode(&name, NAME_IN_ADDRESS))
    };
    let srcset = widths
        .iter()
        .map(|w| format!("{} {w}w", link(*w, Format::WebP)))
        .collect::<Vec<_>>()
        .join(", ");
    let fallback_height = match use_as {
        Use::Avatar => fallback_width,
        Use::Text => scaled_height(size, fallback_width),
    };
    Some(Offer {
        src: link(fallback_width, fallback_format),
        srcset,
        size: (fallback_width, fallback_height),
        variants,
    })
}

/// The height of a picture of `size` made `width` wide, rounded, at least 1.
fn scaled_height(size: (u32, u32), width: u32) -> u32 {
    let height =
        (u64::from(size.1) * u64::from(width) + u64::from(size.0) / 2) / u64::from(size.0.max(1));
    u32::try_from(height).unwrap_or(u32::MAX).max(1)
}

/// Where variants made before are kept: `.convene/pictures/` in the hub folder.
fn cache_folder(root: &Path) -> PathBuf {
    root.join(".convene").join("pictures")
}

/// Makes the files of `variants` (each once), from the pictures of the hub in `root`: from
/// `.convene/pictures/` when made before from a file with the same content, else decoded (each
/// source once), resized and encoded, in parallel. A picture that cannot be read or decoded is
/// a problem at its file.
pub fn make(root: &Path, variants: Vec<Variant>) -> (Vec<Output>, Vec<Diagnostic>) {
    let mut by_source: BTreeMap<PathBuf, Vec<Variant>> = BTreeMap::new();
    for variant in variants {
        let list = by_source.entry(variant.source.clone()).or_default();
        if !list.contains(&variant) {
            list.push(variant);
        }
    }
    let cache = cache_folder(root);
    let made: Vec<Result<Vec<Output>, Diagnostic>> = by_source
        .into_par_iter()
        .map(|(source, variants)| make_from(root, &cache, &source, &variants))
        .collect();
    let mut outputs = Vec::new();
    let mut problems = Vec::new();
    for result in made {
        match result {
            Ok(mut files) => outputs.append(&mut files),
            Err(problem) => problems.push(problem),
        }
    }
    (outputs, problems)
}

/// The files of `variants`, all made from `source`.
fn make_from(
    root: &Path,
    cache: &Path,
    source: &Path,
    variants: &[Variant],
) -> Result<Vec<Output>, Diagnostic> {
    let bytes = std::fs::read(root.join(source))
        .map_err(|error| crate::diagnostic::cannot_read(source, &error))?;
    let key = content_key(&bytes);
    let cached = |variant: &Variant| {
        cache.join(format!(
            "{key:016x}-{}{}.{}",
            if variant.use_as == Use::Avatar {
                "square-"
            } else {
                ""
            },
            variant.width,
            variant.format.extension()
        ))
    };
    let (made, missing): (Vec<&Variant>, Vec<&Variant>) = variants
        .iter()
        .partition(|variant| cached(variant).is_file());
    let mut outputs: Vec<Output> = made
        .into_iter()
        .filter_map(|variant| {
            let bytes = std::fs::read(cached(variant)).ok()?;
            Some(Output::bytes(variant.path.clone(), bytes))
        })
        .collect();
    if missing.is_empty() {
        return Ok(outputs);
    }
    let picture = metadata::decode_upright(&bytes).map_err(|message| {
        Diagnostic::file_error(
            source,
            format!("convene cannot read this picture: {message}"),
        )
        .with_help("save it again as a JPEG, PNG or WebP file")
    })?;
    // Resized once to the widest variant of each use, and each variant from that: a phone's
    // photo is read at full size only once.
    let widest = |use_as: Use| {
        let width = missing
            .iter()
            .filter(|v| v.use_as == use_as)
            .map(|v| v.width)
            .max()?;
        Some(resize(&picture, width, use_as))
    };
    let (avatar, text) = (widest(Use::Avatar), widest(Use::Text));
    let encoded: Vec<Output> = missing
        .par_iter()
        .map(|variant| {
            let base = match variant.use_as {
                Use::Avatar => avatar.as_ref(),
                Use::Text => text.as_ref(),
            }
            .expect("made above for every use of a missing variant");
            let made = encode(&resize(base, variant.width, variant.use_as), variant.format);
            keep(&cached(variant), &made);
            Output::bytes(variant.path.clone(), made)
        })
        .collect();
    outputs.extend(encoded);
    Ok(outputs)
}

/// `picture` at `width`: cut to a centred square for an avatar (a picture already that size is
/// taken as it is).
fn resize(picture: &DynamicImage, width: u32, use_as: Use) -> DynamicImage {
    let filter = image::imageops::FilterType::CatmullRom;
    match use_as {
        Use::Avatar if (picture.width(), picture.height()) == (width, width) => picture.clone(),
        Use::Avatar => picture.resize_to_fill(width, width, filter),
        Use::Text if picture.width() == width => picture.clone(),
        Use::Text => {
            let height = scaled_height((picture.width(), picture.height()), width);
            picture.resize_exact(width, height, filter)
        }
    }
}

/// `picture` encoded as `format` (no metadata is written).
fn encode(picture: &DynamicImage, format: Format) -> Vec<u8> {
    match format {
        Format::WebP => {
            let rgba = picture.to_rgba8();
            webp::Encoder::from_rgba(rgba.as_raw(), rgba.width(), rgba.height())
                .encode(WEBP_QUALITY)
                .to_vec()
        }
        Format::Jpeg => {
            let mut out = Vec::new();
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            picture
                .to_rgb8()
                .write_with_encoder(encoder)
                .expect("writing to memory cannot fail");
            out
        }
        Format::Png => {
            let mut out = Vec::new();
            let encoder = image::codecs::png::PngEncoder::new(&mut out);
            picture
                .to_rgba8()
                .write_with_encoder(encoder)
                .expect("writing to memory cannot fail");
            out
        }
    }
}

/// WebP quality (0–100): small files that still look right on a phone.
const WEBP_QUALITY: f32 = 75.0;

/// JPEG quality of the fallbacks.
const JPEG_QUALITY: u8 = 80;

/// A 64-bit fingerprint of a file's content (FNV-1a, and the length), naming its variants in
/// the cache: the same everywhere and from one version of convene to the next.
pub(crate) fn content_key(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^ (bytes.len() as u64).rotate_left(32)
}

/// Keeps `bytes` in the cache file `file` (under `.convene/`), whole or not at all: written
/// under a name of its own first, then renamed, so that another build reading the cache at the
/// same moment never reads half a file. A cache that cannot be written only costs the next
/// build the same work.
pub(crate) fn keep(file: &Path, bytes: &[u8]) {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let (Some(folder), Some(name)) = (file.parent(), file.file_name()) else {
        return;
    };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let partial = folder.join(format!(
        ".{}.{}-{write}.part",
        name.to_string_lossy(),
        std::process::id()
    ));
    if std::fs::write(&partial, bytes).is_err() || std::fs::rename(&partial, file).is_err() {
        let _ = std::fs::remove_file(&partial);
    }
}

/// True for a file name of a raster picture convene reads: JPEG, PNG or WebP.
pub fn is_raster(file: &Path) -> bool {
    file.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| matches!(e.as_str(), "jpg" | "jpeg" | "png" | "webp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_avatar_is_offered_at_the_sizes_the_theme_shows() {
        let offer = offer(
            Path::new("content/profiles/ana/photo.jpg"),
            "profiles/ana/",
            "/hub/profiles/ana/",
            (4032, 3024),
            Use::Avatar,
        )
        .unwrap();
        assert_eq!(offer.src, "/hub/profiles/ana/photo-square-240.jpg");
        assert_eq!(offer.size, (240, 240));
        assert!(
            offer
                .srcset
                .starts_with("/hub/profiles/ana/photo-square-56.webp 56w, ")
        );
        assert!(offer.srcset.ends_with("photo-square-360.webp 360w"));
        assert_eq!(offer.variants.len(), 7);
    }

    #[test]
    fn a_small_picture_is_offered_as_it_is() {
        let small = |size, use_as| {
            offer(
                Path::new("content/p/x/a.png"),
                "p/x/",
                "/p/x/",
                size,
                use_as,
            )
        };
        assert!(small((48, 48), Use::Avatar).is_none());
        assert!(small((480, 300), Use::Text).is_none());
        let text = small((800, 600), Use::Text).unwrap();
        assert_eq!(text.src, "/p/x/a-480.png");
        assert_eq!(text.size, (480, 360));
        assert_eq!(text.srcset, "/p/x/a-480.webp 480w");
    }

    #[test]
    fn the_cache_key_depends_on_every_byte() {
        assert_ne!(content_key(b"abc"), content_key(b"abd"));
        assert_ne!(content_key(b""), content_key(b"\0"));
        assert_eq!(content_key(b"same"), content_key(b"same"));
    }
}
