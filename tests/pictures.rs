//! Pictures light on phones and safe for members: a phone's photo as an avatar is published at
//! the sizes the theme shows it, in WebP with a JPEG for older browsers, and no raster picture
//! the build publishes carries the GPS position (or any EXIF) of the file it came from.

mod common;

use std::io::Cursor;
use std::path::Path;

use common::{Hub, walk};

/// A TIFF block (little-endian) with an orientation and a GPS position, as a phone writes it.
fn exif_with_gps(orientation: u16) -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    // Two entries in the first directory: the orientation and the GPS directory's offset.
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(0x0112u16.to_le_bytes());
    tiff.extend(3u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(u32::from(orientation).to_le_bytes());
    tiff.extend(0x8825u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(38u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    // The GPS directory: latitude reference "N".
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(2u32.to_le_bytes());
    tiff.extend(b"N\0\0\0");
    tiff.extend(0u32.to_le_bytes());
    tiff
}

/// A JPEG of `width` × `height` with `exif` in its APP1 segment.
fn phone_photo(width: u32, height: u32, exif: &[u8]) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    });
    let mut jpeg = Vec::new();
    picture
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 85,
        ))
        .unwrap();
    let data = [b"Exif\0\0".as_slice(), exif].concat();
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(u16::try_from(data.len() + 2).unwrap().to_be_bytes());
    segment.extend(&data);
    [&jpeg[..2], &segment, &jpeg[2..]].concat()
}

/// A PNG of `width` × `height` with a text chunk naming where it was taken.
fn png_with_text(width: u32, height: u32) -> Vec<u8> {
    let picture =
        image::RgbaImage::from_fn(width, height, |x, _| image::Rgba([x as u8, 90, 200, 255]));
    let mut png = Vec::new();
    picture
        .write_with_encoder(image::codecs::png::PngEncoder::new(&mut png))
        .unwrap();
    // A tEXt chunk after the header.
    let body = b"tEXtLocation\0Denton";
    let mut chunk = u32::try_from(body.len() - 4)
        .unwrap()
        .to_be_bytes()
        .to_vec();
    chunk.extend(body);
    chunk.extend(crc32(body).to_be_bytes());
    let header_end = 8 + 25;
    [&png[..header_end], &chunk, &png[header_end..]].concat()
}

/// The CRC-32 a PNG chunk ends with, of its type and data.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Every published JPEG, PNG and WebP decodes and carries no EXIF, GPS or text chunk.
fn assert_clean(hub: &Hub) {
    let mut count = 0;
    for file in walk(&hub.root.join("public")) {
        // The fixture's own `avatar.png` is only the start of a PNG, enough to be measured.
        if !convene::pictures::is_raster(&file) || file.ends_with("bob/avatar.png") {
            continue;
        }
        count += 1;
        let bytes = std::fs::read(&file).unwrap();
        image::ImageReader::new(Cursor::new(&bytes))
            .with_guessed_format()
            .unwrap()
            .decode()
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            !convene::pictures::metadata::has_gps_position(&bytes),
            "{}",
            file.display()
        );
        assert_eq!(
            convene::pictures::metadata::without_metadata(&bytes).unwrap(),
            None,
            "{} still carries metadata",
            file.display()
        );
    }
    assert!(count >= 8, "only {count} pictures published");
}

#[test]
fn a_phone_photo_is_published_small_upright_and_without_its_position() {
    let hub = Hub::fixture("basic");
    // Taken turned (orientation 6: the camera was held upright), 4032 × 3024.
    hub.write(
        "content/profiles/bob/avatar.jpg",
        phone_photo(4032, 3024, &exif_with_gps(6)),
    );
    hub.write("content/profiles/bob/board.png", png_with_text(1600, 900));
    let page = std::fs::read_to_string(hub.root.join("content/profiles/bob/index.md")).unwrap();
    hub.write(
        "content/profiles/bob/index.md",
        page.replace("avatar: avatar.png", "avatar: avatar.jpg")
            + "\n![The board after our session](board.png)\n\n[Bob's photo at full size](avatar.jpg)\n",
    );
    let report = hub.build().unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    let profile = hub.output("profiles/bob/index.html");
    assert!(
        profile.contains("<source type=\"image/webp\" srcset=\"/hub/profiles/bob/avatar-square-56.webp 56w, /hub/profiles/bob/avatar-square-112.webp 112w, /hub/profiles/bob/avatar-square-120.webp 120w, /hub/profiles/bob/avatar-square-168.webp 168w, /hub/profiles/bob/avatar-square-240.webp 240w, /hub/profiles/bob/avatar-square-360.webp 360w\" sizes=\"120px\">"),
        "{profile}"
    );
    assert!(
        profile.contains("src=\"/hub/profiles/bob/avatar-square-240.jpg\""),
        "{profile}"
    );
    assert!(
        profile.contains("<picture><source type=\"image/webp\" srcset=\"/hub/profiles/bob/board-480.webp 480w, /hub/profiles/bob/board-960.webp 960w, /hub/profiles/bob/board-1440.webp 1440w\" sizes=\"(min-width: 48rem) 44rem, 100vw\"><img src=\"/hub/profiles/bob/board-960.png\" alt=\"The board after our session\" width=\"960\" height=\"540\" loading=\"lazy\" decoding=\"async\" /></picture>"),
        "{profile}"
    );
    for width in [56, 112, 120, 168, 240, 360] {
        let variant = hub
            .root
            .join(format!("public/profiles/bob/avatar-square-{width}.webp"));
        let bytes = std::fs::read(&variant).unwrap();
        assert!(bytes.len() <= 15_000, "{width}: {} bytes", bytes.len());
        let size = imagesize::blob_size(&bytes).unwrap();
        assert_eq!((size.width, size.height), (width as usize, width as usize));
    }
    // A picture offered resized is published at its own size only when the page links to it:
    // the board is not, the photo is, turned upright and without its EXIF.
    assert!(!hub.has_output("profiles/bob/board.png"));
    let original = std::fs::read(hub.root.join("public/profiles/bob/avatar.jpg")).unwrap();
    let size = imagesize::blob_size(&original).unwrap();
    assert_eq!((size.width, size.height), (3024, 4032));
    assert_clean(&hub);

    // `check` says the file in the hub still has the position.
    let problems = convene::check::check(&hub.options(), None);
    let gps = common::problem_for(&problems, "content/profiles/bob/avatar.jpg");
    assert!(gps.message.contains("GPS position"), "{gps:?}");

    // A second build takes every variant from the cache: none is encoded (written) again.
    let cache = hub.root.join(".convene/pictures");
    let stamps = |dir: &Path| -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
        walk(dir)
            .into_iter()
            .map(|file| {
                let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
                (file, modified)
            })
            .collect()
    };
    let before = stamps(&cache);
    assert_eq!(before.len(), 11, "{before:?}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    hub.build().unwrap();
    assert_eq!(stamps(&cache), before);
    assert_clean(&hub);
}
