//! The index of one language, in the format Pagefind's browser code reads: a metadata file
//! (`pagefind.HASH.pf_meta`: the pages, the ranges of words in each index chunk, the filters
//! and sort orders), word chunks (`index/HASH.pf_index`: every word with the pages and places
//! it has), one filter file per filter (`filter/`) and one fragment per page (`fragment/`: what
//! a result shows). Files are CBOR, fragments JSON; each is named by a hash of its content, so a
//! browser may cache it for good.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use flate2::{Compress, Compression, Crc, FlushCompress};
use hashbrown::HashMap;
use rayon::prelude::*;
use sha1::{Digest, Sha1};

use super::page::{Page, Places};

/// What every index file starts with, once unpacked: the browser checks for it to tell whether
/// the server already unpacked the file.
pub(crate) const UNPACKED_SIGNATURE: &[u8] = b"pagefind_dcd";
/// A chunk of the word index closes once its words hold this many places.
const CHUNK_SIZE: usize = 20_000;

/// The files of one language's index, compressed, by path inside `pagefind/`.
pub struct LanguageIndex {
    /// The hash that names the metadata file, which `pagefind-entry.json` points to.
    pub meta_hash: String,
    /// The number of pages indexed.
    pub page_count: usize,
    /// The files: path and content.
    pub files: Vec<(String, Vec<u8>)>,
}

/// A word of the index: the pages it is on, each as (page number, the word's number there).
type Word<'a> = (&'a str, Vec<(u32, u32)>);

/// The places of a word (or of one accented form) on each page that has it.
type PagePlaces<'a> = Vec<(usize, Places<'a>)>;

/// Builds the index of `pages`, all in `language`, numbered in the order given.
pub fn build(language: &str, pages: &[&Page], version: &str) -> LanguageIndex {
    let mut files = Vec::new();
    let meta_pages = fragment_files(language, pages, &mut files);
    let filters = filter_files(language, pages, &mut files);
    let field_names: Vec<&String> = pages
        .iter()
        .flat_map(|page| page.meta.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // Each page numbers its metadata fields by its own names; the index, by the names of all.
    let field_numbers: Vec<Vec<i32>> = pages
        .iter()
        .map(|page| {
            let number = |name| {
                let found = field_names.binary_search(&name);
                found.expect("every page's field is among all fields") as i32
            };
            page.meta.keys().map(number).collect()
        })
        .collect();
    let mut words: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    for (number, page) in pages.iter().enumerate() {
        for i in 0..page.words.len() {
            let entry = words.entry(page.words.word(i)).or_default();
            entry.push((number as u32, i as u32));
        }
    }
    let mut sorted: Vec<Word> = words.into_iter().collect();
    sorted.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let chunks = cut_chunks(&sorted, pages);
    let chunk_files = chunks
        .par_iter()
        .map(|chunk| hashed_in(language, &encode_chunk(chunk, pages, &field_numbers)))
        .collect();
    let chunk_names = name_files(language, chunk_files, &mut files, "index", "pf_index");
    let chunks: Vec<_> = chunk_ranges(&chunks).into_iter().zip(chunk_names).collect();

    let mut meta = Cbor::default();
    meta.array(6).text(version).array(meta_pages.len());
    for (hash, word_count) in &meta_pages {
        meta.array(3).text(hash).uint(*word_count as u64).text("");
    }
    meta.array(chunks.len());
    for ((from, to), hash) in &chunks {
        meta.array(3).text(from).text(to).text(hash);
    }
    meta.array(filters.len());
    for (filter, hash) in &filters {
        meta.array(2).text(filter).text(hash);
    }
    let sorts = sort_orders(pages);
    meta.array(sorts.len());
    for (sort, numbers) in &sorts {
        meta.array(2).text(sort).array(numbers.len());
        for number in numbers {
            meta.uint(*number as u64);
        }
    }
    meta.array(field_names.len());
    for name in &field_names {
        meta.text(name);
    }
    let hash = hex_hash(&meta.0);
    let meta_hash = format!("{language}_{}", &hash[..hash.len().min(language.len() + 8)]);
    files.push((format!("pagefind.{meta_hash}.pf_meta"), compress(&meta.0)));
    LanguageIndex {
        meta_hash,
        page_count: meta_pages.len(),
        files,
    }
}

/// Adds each page's fragment to `files`; returns each page's fragment name and word count.
fn fragment_files(
    language: &str,
    pages: &[&Page],
    files: &mut Vec<(String, Vec<u8>)>,
) -> Vec<(String, usize)> {
    let mut taken = BTreeSet::new();
    let mut meta_pages = Vec::new();
    for page in pages {
        let hash = format!("{language}_{}", page.fragment.hash);
        // A short name, one character longer while it is taken (as Pagefind names fragments).
        let mut length = language.len() + 8;
        while taken.contains(&hash[..length]) && length < hash.len() {
            length += 1;
        }
        let short = hash[..length].to_string();
        taken.insert(short.clone());
        let packed = page.fragment.packed.clone();
        files.push((format!("fragment/{short}.pf_fragment"), packed));
        meta_pages.push((short, page.word_count));
    }
    meta_pages
}

/// Adds one file per filter to `files`, each value with the numbers of the pages that have it;
/// returns each filter's name and file name.
fn filter_files<'a>(
    language: &str,
    pages: &'a [&'a Page],
    files: &mut Vec<(String, Vec<u8>)>,
) -> Vec<(&'a str, String)> {
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (number, page) in pages.iter().enumerate() {
        for (filter, values) in &page.filters {
            for value in values {
                let filter = filters.entry(filter).or_default();
                filter.entry(value).or_default().push(number);
            }
        }
    }
    let mut names = Vec::new();
    let mut contents = Vec::new();
    for (filter, values) in filters {
        let mut cbor = Cbor::default();
        cbor.array(2).text(filter).array(values.len());
        for (value, numbers) in values {
            cbor.array(2).text(value).array(numbers.len());
            for number in numbers {
                cbor.uint(number as u64);
            }
        }
        names.push(filter);
        contents.push(cbor.0);
    }
    let hashed_files = contents
        .par_iter()
        .map(|file| hashed_in(language, file))
        .collect();
    let file_names = name_files(language, hashed_files, files, "filter", "pf_filter");
    names.into_iter().zip(file_names).collect()
}

/// Each sort key, and the page numbers in its order: by number when every value is one,
/// otherwise by text.
fn sort_orders(pages: &[&Page]) -> Vec<(String, Vec<usize>)> {
    let keys: BTreeSet<&String> = pages.iter().flat_map(|page| page.sort.keys()).collect();
    keys.into_iter()
        .map(|key| {
            let mut values: Vec<(&str, usize)> = pages
                .iter()
                .enumerate()
                .filter_map(|(number, page)| page.sort.get(key).map(|v| (v.as_str(), number)))
                .collect();
            let as_number = |value: &str| {
                let bytes = value.as_bytes();
                lexical_core::parse::<i32>(bytes)
                    .map(|n| n as f32)
                    .or_else(|_| lexical_core::parse::<f32>(bytes))
                    .ok()
            };
            if values.iter().all(|(value, _)| as_number(value).is_some()) {
                values.sort_by(|a, b| {
                    let (a, b) = (as_number(a.0), as_number(b.0));
                    a.unwrap_or_default().total_cmp(&b.unwrap_or_default())
                });
            } else {
                values.sort_by_key(|(value, _)| *value);
            }
            (key.clone(), values.into_iter().map(|(_, n)| n).collect())
        })
        .collect()
}

/// The places of a word on each page, without accents, and those of each accented form, the
/// forms in the order the pages first have them.
fn places<'a>(
    word: &Word,
    pages: &'a [&'a Page],
) -> (PagePlaces<'a>, Vec<(&'a str, PagePlaces<'a>)>) {
    let mut plain = Vec::new();
    let mut accented: Vec<(&str, PagePlaces)> = Vec::new();
    for &(number, i) in &word.1 {
        let (number, i) = (number as usize, i as usize);
        let words = &pages[number].words;
        plain.extend(words.plain(i).map(|places| (number, places)));
        for (form, places) in words.forms(i) {
            match accented.iter_mut().find(|(known, _)| *known == form) {
                Some((_, pages)) => pages.push((number, places)),
                None => accented.push((form, vec![(number, places)])),
            }
        }
    }
    (plain, accented)
}

/// How many places a word holds, for cutting the index into chunks: one for each page it is on
/// (and each accented form's page) besides its places there, and one for each accented form.
fn size(word: &Word, pages: &[&Page]) -> usize {
    let mut size = 0;
    let mut forms: Vec<&str> = Vec::new();
    for &(number, i) in &word.1 {
        let words = &pages[number as usize].words;
        let count = |places: Places| places.text.len() + places.fields.len() + 1;
        size += words.plain(i as usize).map_or(0, count);
        for (form, places) in words.forms(i as usize) {
            size += count(places);
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    size + forms.len()
}

/// Cuts the sorted words into chunks of about [`CHUNK_SIZE`] places.
fn cut_chunks<'w, 'a>(words: &'w [Word<'a>], pages: &[&Page]) -> Vec<&'w [Word<'a>]> {
    let sizes: Vec<usize> = words.par_iter().map(|word| size(word, pages)).collect();
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut total = 0;
    for (i, size) in sizes.into_iter().enumerate() {
        total += size;
        if total >= CHUNK_SIZE {
            chunks.push(&words[start..=i]);
            start = i + 1;
            total = 0;
        }
    }
    if start < words.len() {
        chunks.push(&words[start..]);
    }
    chunks
}

/// The range of words of each chunk, as the shortest prefixes that tell neighbours apart.
fn chunk_ranges(chunks: &[&[Word]]) -> Vec<(String, String)> {
    let mut ranges: Vec<(String, String)> = chunks
        .iter()
        .map(|chunk| {
            let first = chunk.first().map(|w| w.0).unwrap_or_default();
            let last = chunk.last().map(|w| w.0).unwrap_or_default();
            (first.to_string(), last.to_string())
        })
        .collect();
    for i in 1..ranges.len() {
        let (to, from) = (&ranges[i - 1].1, &ranges[i].0);
        let common = from
            .chars()
            .zip(to.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let to_prefix: String = to.chars().take(common + 1).collect();
        let from_prefix: String = from.chars().take(common + 1).collect();
        // A shorter end must not sort before the chunk's own start.
        if to_prefix >= ranges[i - 1].0 {
            ranges[i - 1].1 = to_prefix;
        }
        ranges[i].0 = from_prefix;
    }
    ranges
}

/// One chunk of the word index, each word's pages numbered from the page before.
fn encode_chunk(chunk: &[Word], pages: &[&Page], field_numbers: &[Vec<i32>]) -> Vec<u8> {
    let mut cbor = Cbor::default();
    cbor.array(1).array(chunk.len());
    for word in chunk {
        let (plain, accented) = places(word, pages);
        cbor.array(3).text(word.0);
        cbor.pages(&plain, field_numbers);
        cbor.array(accented.len());
        for (form, pages) in &accented {
            cbor.array(2).text(form);
            cbor.pages(pages, field_numbers);
        }
    }
    cbor.0
}

/// A file's hash and its compressed content.
pub(crate) fn hashed(content: &[u8]) -> (String, Vec<u8>) {
    (hex_hash(content), compress(content))
}

/// A file's hash with the language in front, and its compressed content.
fn hashed_in(language: &str, content: &[u8]) -> (String, Vec<u8>) {
    let (hash, packed) = hashed(content);
    (format!("{language}_{hash}"), packed)
}

/// Names files by their hashes, two characters longer while a name is taken (as Pagefind names
/// word chunks and filters), and adds them to `files` under `folder`; returns the names.
fn name_files(
    language: &str,
    hashed: Vec<(String, Vec<u8>)>,
    files: &mut Vec<(String, Vec<u8>)>,
    folder: &str,
    extension: &str,
) -> Vec<String> {
    let mut taken = BTreeSet::new();
    let mut names = Vec::new();
    for (hash, content) in hashed {
        let mut length = language.len() + 8;
        while taken.contains(&hash[..length]) && length < hash.len() {
            length = (length + 2).min(hash.len());
        }
        let name = hash[..length].to_string();
        taken.insert(name.clone());
        files.push((format!("{folder}/{name}.{extension}"), content));
        names.push(name);
    }
    names
}

/// The gzip header flate2's encoder writes at the default level: deflate, no name, no time,
/// an unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// How much deflated output each step of [`compress`] takes, as flate2's gzip encoder does, so
/// that the files are the ones that encoder wrote, byte for byte.
const STEP_OUTPUT: usize = 32 * 1024;

thread_local! {
    /// Each thread's deflate state, reset for every file, and the room for one step's output:
    /// a new state for each of a hub's thousands of small files took a few hundred kilobytes
    /// each time, which the allocator did not give back while the pages read were kept.
    static DEFLATE: RefCell<(Compress, Vec<u8>)> = RefCell::new((
        Compress::new(Compression::default(), false),
        Vec::with_capacity(STEP_OUTPUT),
    ));
}

/// Gzip, at the default level, of the signature and `content`.
fn compress(content: &[u8]) -> Vec<u8> {
    let mut gzip = Vec::with_capacity(content.len() / 2 + 64);
    gzip.extend_from_slice(&GZIP_HEADER);
    DEFLATE.with_borrow_mut(|(deflate, step)| {
        deflate.reset();
        for input in [UNPACKED_SIGNATURE, content] {
            let mut rest = input;
            while !rest.is_empty() {
                let before = deflate.total_in();
                deflate_step(deflate, rest, FlushCompress::None, step, &mut gzip);
                rest = &rest[(deflate.total_in() - before) as usize..];
            }
        }
        loop {
            let before = deflate.total_out();
            deflate_step(deflate, &[], FlushCompress::Finish, step, &mut gzip);
            if deflate.total_out() == before {
                break;
            }
        }
    });
    let mut crc = Crc::new();
    crc.update(UNPACKED_SIGNATURE);
    crc.update(content);
    gzip.extend(crc.sum().to_le_bytes());
    gzip.extend(crc.amount().to_le_bytes());
    gzip
}

/// One step of deflating `input` onto `out`, through `step`'s room.
fn deflate_step(
    deflate: &mut Compress,
    input: &[u8],
    flush: FlushCompress,
    step: &mut Vec<u8>,
    out: &mut Vec<u8>,
) {
    step.clear();
    let done = deflate.compress_vec(input, step, flush);
    done.expect("deflating in memory does not fail");
    out.extend_from_slice(step);
}

/// The SHA-1 of `bytes` as Pagefind writes it: each byte in hexadecimal, without leading zeros.
fn hex_hash(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut hex = String::with_capacity(40);
    for byte in Sha1::digest(bytes) {
        let _ = write!(hex, "{byte:x}");
    }
    hex
}

/// A CBOR writer for the little the index needs: unsigned and negative integers, text and
/// arrays of known length, each head in its shortest form.
#[derive(Default)]
struct Cbor(Vec<u8>);

impl Cbor {
    fn head(&mut self, major: u8, value: u64) -> &mut Self {
        let major = major << 5;
        match value {
            0..=23 => self.0.push(major | value as u8),
            24..=0xff => self.0.extend([major | 24, value as u8]),
            0x100..=0xffff => {
                self.0.push(major | 25);
                self.0.extend((value as u16).to_be_bytes());
            }
            0x1_0000..=0xffff_ffff => {
                self.0.push(major | 26);
                self.0.extend((value as u32).to_be_bytes());
            }
            _ => {
                self.0.push(major | 27);
                self.0.extend(value.to_be_bytes());
            }
        }
        self
    }

    fn uint(&mut self, value: u64) -> &mut Self {
        self.head(0, value)
    }

    fn int(&mut self, value: i32) -> &mut Self {
        match u64::try_from(value) {
            Ok(value) => self.head(0, value),
            Err(_) => self.head(1, (-1 - i64::from(value)) as u64),
        }
    }

    fn text(&mut self, text: &str) -> &mut Self {
        self.head(3, text.len() as u64);
        self.0.extend(text.as_bytes());
        self
    }

    fn array(&mut self, length: usize) -> &mut Self {
        self.head(4, length as u64)
    }

    /// A word's pages, each `[page number from the one before, places, field places]`, the
    /// fields numbered by the names of all pages (`field_numbers`, per page).
    fn pages(&mut self, pages: &[(usize, Places)], field_numbers: &[Vec<i32>]) {
        self.array(pages.len());
        let mut last = 0;
        for (number, places) in pages {
            self.array(3).uint((number - last) as u64);
            last = *number;
            self.array(places.text.len());
            for place in places.text {
                self.int(*place);
            }
            self.array(places.fields.len());
            for &place in places.fields {
                // A negative number starts a field: -1 for the page's first, and so on.
                let place = match usize::try_from(-place - 1) {
                    Ok(field) => -field_numbers[*number][field] - 1,
                    Err(_) => place,
                };
                self.int(place);
            }
        }
    }
}
