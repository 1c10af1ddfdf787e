//! What a picture says besides its pixels. A phone writes EXIF into every photo, often with the
//! GPS position where it was taken (a teacher's home or classroom); convene publishes no raster
//! picture with it. An original is cleaned without being encoded again where its format
//! allows (JPEG segments, PNG chunks, WebP chunks are left out); a JPEG whose EXIF turns it is
//! turned in its pixels first, since the turn goes with the EXIF.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader};

/// `bytes` decoded, turned as its EXIF orientation says.
pub fn decode_upright(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| error.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|error| error.to_string())?;
    let orientation = decoder.orientation().map_err(|error| error.to_string())?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|error| error.to_string())?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// The picture `bytes` (a JPEG, PNG or WebP, told by its first bytes) without its metadata,
/// or `None` when it has none to leave out. A JPEG that EXIF turns is turned and encoded again.
pub fn without_metadata(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        if exif_of(bytes).is_some_and(turned) {
            let picture = decode_upright(bytes)?;
            let mut out = Vec::new();
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
            picture
                .to_rgb8()
                .write_with_encoder(encoder)
                .map_err(|error| error.to_string())?;
            return Ok(Some(out));
        }
        return Ok(jpeg_without_metadata(bytes));
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return Ok(png_without_metadata(bytes));
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(webp_without_metadata(bytes));
    }
    Ok(None)
}

/// Whether the picture `bytes` carries a GPS position in its EXIF.
pub fn has_gps_position(bytes: &[u8]) -> bool {
    exif_of(bytes).is_some_and(|exif| ifd0_tag(exif, GPS_INFO_TAG).is_some())
}

/// The EXIF tag of the GPS information.
const GPS_INFO_TAG: u16 = 0x8825;

/// The EXIF tag of the orientation.
const ORIENTATION_TAG: u16 = 0x0112;

/// The first bytes of every PNG file.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Whether the EXIF block `exif` turns or mirrors the picture (orientation other than 1).
fn turned(exif: &[u8]) -> bool {
    ifd0_tag(exif, ORIENTATION_TAG).is_some_and(|value| value != 1)
}

/// The EXIF block (a TIFF structure) of the picture `bytes`, in whichever format it is.
fn exif_of(bytes: &[u8]) -> Option<&[u8]> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return jpeg_segments(bytes).find_map(|(marker, data)| {
            (marker == 0xE1)
                .then(|| data.strip_prefix(b"Exif\0\0"))
                .flatten()
        });
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return png_chunks(bytes).find_map(|(kind, data)| (kind == *b"eXIf").then_some(data));
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" {
        return riff_chunks(bytes).find_map(|(kind, data)| {
            (kind == *b"EXIF").then(|| data.strip_prefix(b"Exif\0\0").unwrap_or(data))
        });
    }
    None
}

/// The value of `tag` in the first directory of the TIFF structure `exif` (the first 16 bits of
/// the value field: enough for the orientation, and non-empty for an offset such as GPS's).
fn ifd0_tag(exif: &[u8], tag: u16) -> Option<u32> {
    let little = match exif.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = exif.get(at..at + 2)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = exif.get(at..at + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count).find_map(|index| {
        let entry = ifd + 2 + index * 12;
        (u16_at(entry)? == tag).then(|| {
            let kind = u16_at(entry + 2)?;
            // A SHORT value sits in the first two bytes of the field; anything else is read whole.
            if kind == 3 {
                u16_at(entry + 8).map(u32::from)
            } else {
                u32_at(entry + 8)
            }
        })?
    })
}

/// The segments of a JPEG before its image data: (marker, data after the length).
fn jpeg_segments(bytes: &[u8]) -> impl Iterator<Item = (u8, &[u8])> {
    let mut at = 2;
    std::iter::from_fn(move || {
        if bytes.get(at)? != &0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        // The image data starts after the start-of-scan segment.
        if marker == 0xDA || marker == 0xD9 {
            return None;
        }
        let length = usize::from(u16::from_be_bytes(
            bytes.get(at + 2..at + 4)?.try_into().ok()?,
        ));
        let data = bytes.get(at + 4..at + 2 + length)?;
        at += 2 + length;
        Some((marker, data))
    })
}

/// A JPEG without its APP1 (EXIF, XMP), APP13 (IPTC) and comment segments; `None` when it has
/// none of them.
fn jpeg_without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    let mut dropped = false;
    for (marker, data) in jpeg_segments(bytes) {
        let length = data.len() + 4;
        if matches!(marker, 0xE1 | 0xED | 0xFE) {
            dropped = true;
        } else {
            out.extend_from_slice(&bytes[at..at + length]);
        }
        at += length;
    }
    out.extend_from_slice(&bytes[at..]);
    dropped.then_some(out)
}

/// The chunks of a PNG: (type, data).
fn png_chunks(bytes: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    let mut at = PNG_SIGNATURE.len();
    std::iter::from_fn(move || {
        let length =
            usize::try_from(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?)).ok()?;
        let kind: [u8; 4] = bytes.get(at + 4..at + 8)?.try_into().ok()?;
        // The chunk's data, and its CRC after it: a chunk cut short ends the list.
        bytes.get(at + 8..at + 12 + length)?;
        let data = &bytes[at + 8..at + 8 + length];
        at += 12 + length;
        Some((kind, data))
    })
}

/// A PNG without its EXIF, text and time chunks; `None` when it has none of them.
fn png_without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut at = PNG_SIGNATURE.len();
    let mut dropped = false;
    for (kind, data) in png_chunks(bytes) {
        let length = 12 + data.len();
        if matches!(&kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            dropped = true;
        } else {
            out.extend_from_slice(&bytes[at..at + length]);
        }
        at += length;
    }
    dropped.then_some(out)
}

/// The chunks of a RIFF file (a WebP): (type, data).
fn riff_chunks(bytes: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    let mut at = 12;
    std::iter::from_fn(move || {
        let kind: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
        let length = usize::try_from(u32::from_le_bytes(
            bytes.get(at + 4..at + 8)?.try_into().ok()?,
        ))
        .ok()?;
        let data = bytes.get(at + 8..at + 8 + length)?;
        at += 8 + length + length % 2;
        Some((kind, data))
    })
}

/// A WebP without its EXIF and XMP chunks (and its header's flags for them); `None` when it has
/// neither.
fn webp_without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::with_capacity(bytes.len());
    let mut dropped = false;
    for (kind, data) in riff_chunks(bytes) {
        if matches!(&kind, b"EXIF" | b"XMP ") {
            dropped = true;
            continue;
        }
        body.extend_from_slice(&kind);
        body.extend_from_slice(&(data.len() as u32).to_le_bytes());
        if &kind == b"VP8X" && !data.is_empty() {
            // Flags: bit 3 says there is EXIF, bit 2 XMP.
            body.push(data[0] & !0b0000_1100);
            body.extend_from_slice(&data[1..]);
        } else {
            body.extend_from_slice(data);
        }
        if data.len() % 2 == 1 {
            body.push(0);
        }
    }
    if !dropped {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TIFF block (little-endian) whose first directory holds `entries` (tag, type, value).
    fn tiff(entries: &[(u16, u16, u32)]) -> Vec<u8> {
        let mut out = b"II*\0".to_vec();
        out.extend(8u32.to_le_bytes());
        out.extend((entries.len() as u16).to_le_bytes());
        for (tag, kind, value) in entries {
            out.extend(tag.to_le_bytes());
            out.extend(kind.to_le_bytes());
            out.extend(1u32.to_le_bytes());
            out.extend(value.to_le_bytes());
        }
        out.extend(0u32.to_le_bytes());
        out
    }

    /// A JPEG's first segments with `exif` in an APP1 segment, then a start of scan.
    fn jpeg_with(exif: &[u8]) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        let data = [b"Exif\0\0".as_slice(), exif].concat();
        out.extend(((data.len() + 2) as u16).to_be_bytes());
        out.extend(&data);
        out.extend([0xFF, 0xDB, 0x00, 0x03, 0x01]);
        out.extend([0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF, 0xD9]);
        out
    }

    #[test]
    fn a_gps_position_is_found_and_left_out() {
        let with_gps = jpeg_with(&tiff(&[(ORIENTATION_TAG, 3, 1), (GPS_INFO_TAG, 4, 26)]));
        assert!(has_gps_position(&with_gps));
        let clean = jpeg_without_metadata(&with_gps).unwrap();
        assert!(!has_gps_position(&clean));
        assert_eq!(
            clean,
            [
                0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x03, 0x01, 0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF,
                0xD9
            ]
        );
        assert!(!has_gps_position(&jpeg_with(&tiff(&[(
            ORIENTATION_TAG,
            3,
            1
        )]))));
    }

    #[test]
    fn an_orientation_is_read_from_either_byte_order() {
        assert!(turned(&tiff(&[(ORIENTATION_TAG, 3, 6)])));
        assert!(!turned(&tiff(&[(ORIENTATION_TAG, 3, 1)])));
        let mut big = b"MM\0*".to_vec();
        big.extend(8u32.to_be_bytes());
        big.extend(1u16.to_be_bytes());
        big.extend(ORIENTATION_TAG.to_be_bytes());
        big.extend(3u16.to_be_bytes());
        big.extend(1u32.to_be_bytes());
        big.extend([0, 8, 0, 0]);
        assert!(turned(&big));
    }

    #[test]
    fn broken_metadata_is_no_panic() {
        for bytes in [
            &b"\xFF\xD8\xFF\xE1\xFF\xFF"[..],
            b"\x89PNG\r\n\x1a\n\0\0\0\xFFeXIf",
            b"RIFF\0\0\0\0WEBPEXIF\xFF\xFF\xFF\xFF",
        ] {
            let _ = has_gps_position(bytes);
            let _ = without_metadata(bytes);
        }
        assert_eq!(ifd0_tag(b"II*\0\xFF\xFF\xFF\xFF", GPS_INFO_TAG), None);
    }
}
