//! Byte-level input for the TMX reader: encoding detection (BOM, XML declaration), streaming
//! transcoding to UTF-8, and line counting so errors can name a line.

use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::io::{self, BufRead, BufReader, Read};

/// Wraps `raw` so that it yields UTF-8, whatever the file's encoding: a UTF-8 BOM is dropped,
/// UTF-16 (LE or BE, with BOM or recognisable by its `<?` start) and any encoding named in the
/// XML declaration that `encoding_rs` knows are transcoded on the fly, a buffer at a time.
pub fn utf8_input<R: Read + 'static>(raw: R) -> io::Result<Box<dyn BufRead>> {
    let mut raw = BufReader::with_capacity(64 * 1024, raw);
    let head = raw.fill_buf()?.to_vec();
    let (encoding, bom) = sniff(&head);
    raw.consume(bom);
    if encoding == UTF_8 {
        return Ok(Box::new(raw));
    }
    let transcoder = Transcoder {
        inner: raw,
        decoder: encoding.new_decoder_without_bom_handling(),
        done: false,
    };
    Ok(Box::new(BufReader::with_capacity(64 * 1024, transcoder)))
}

/// The encoding of a file starting with `head`, and the length of its BOM.
fn sniff(head: &[u8]) -> (&'static Encoding, usize) {
    match head {
        [0xEF, 0xBB, 0xBF, ..] => (UTF_8, 3),
        [0xFF, 0xFE, ..] => (UTF_16LE, 2),
        [0xFE, 0xFF, ..] => (UTF_16BE, 2),
        [b'<', 0, b'?', 0, ..] => (UTF_16LE, 0),
        [0, b'<', 0, b'?', ..] => (UTF_16BE, 0),
        _ => (declared_encoding(head).unwrap_or(UTF_8), 0),
    }
}

/// The `encoding="..."` of an XML declaration at the start of `head`, if `encoding_rs` knows it.
/// UTF-16 declared without a BOM is impossible in an ASCII-readable declaration, so it is ignored.
fn declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.iter().position(|&b| b == b'>')?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")? + "encoding".len();
    let rest = decl[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = rest[1..].split(quote).next()?;
    let enc = Encoding::for_label(label.as_bytes())?;
    (enc != UTF_16LE && enc != UTF_16BE).then_some(enc)
}

/// A `Read` that decodes `inner` with `decoder` and yields UTF-8.
struct Transcoder<R> {
    inner: BufReader<R>,
    decoder: Decoder,
    done: bool,
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // `decode_to_utf8` needs room for at least one whole char.
        if out.len() < 4 {
            let mut tmp = [0u8; 4];
            let n = self.read(&mut tmp)?;
            // Only reached with tiny buffers; hand back what fits (callers use BufReader).
            let n = n.min(out.len());
            out[..n].copy_from_slice(&tmp[..n]);
            return Ok(n);
        }
        loop {
            if self.done {
                return Ok(0);
            }
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            let (_, read, written, _) = self.decoder.decode_to_utf8(input, out, last);
            self.inner.consume(read);
            if last {
                self.done = true;
            }
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

/// A `BufRead` that counts the line breaks in everything consumed, so the position of the XML
/// parser (which consumes exactly what it has parsed) is known as a line number.
pub struct CountingReader<R> {
    inner: R,
    newlines: u64,
}

impl<R: BufRead> CountingReader<R> {
    /// Starts counting at line 1.
    pub fn new(inner: R) -> Self {
        CountingReader { inner, newlines: 0 }
    }

    /// The 1-based line of the next byte to be consumed.
    pub fn line(&self) -> u64 {
        self.newlines + 1
    }
}

impl<R: BufRead> Read for CountingReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let buf = self.inner.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for CountingReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let upto = amt.min(buf.len());
            self.newlines += buf[..upto].iter().filter(|&&b| b == b'\n').count() as u64;
        }
        self.inner.consume(amt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: Vec<u8>) -> String {
        let mut s = String::new();
        utf8_input(io::Cursor::new(bytes))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode_all(b"\xEF\xBB\xBF<a/>".to_vec()), "<a/>");
    }

    #[test]
    fn utf16le_with_bom_becomes_utf8() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<a>é Việt</a>".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(decode_all(bytes), "<a>é Việt</a>");
    }

    #[test]
    fn utf16be_without_bom_is_recognised() {
        let bytes: Vec<u8> = "<?xml version=\"1.0\"?><a/>"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode_all(bytes), "<?xml version=\"1.0\"?><a/>");
    }

    #[test]
    fn declared_latin1_is_transcoded() {
        let bytes = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xE9</a>".to_vec();
        assert!(decode_all(bytes).ends_with("<a>café</a>"));
    }

    #[test]
    fn lines_follow_consumption() {
        let mut lc = CountingReader::new(io::Cursor::new(b"a\nb\nc".to_vec()));
        assert_eq!(lc.line(), 1);
        lc.consume(2);
        assert_eq!(lc.line(), 2);
        lc.consume(3);
        assert_eq!(lc.line(), 3);
    }
}
