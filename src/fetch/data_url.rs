//! `data:` URLs: the data: URL processor and forgiving-base64 decoding.
//! <https://fetch.spec.whatwg.org/#data-urls>

use crate::mime::MimeType;

/// A processed `data:` URL. <https://fetch.spec.whatwg.org/#data-url-struct>
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataUrl {
    /// The MIME type (`text/plain;charset=US-ASCII` when none parses).
    pub mime_type: MimeType,
    /// The decoded body.
    pub body: Vec<u8>,
}

/// Why a `data:` URL gives a network error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataUrlError {
    /// There is no `,` between the MIME type and the body.
    NoComma,
    /// The body is marked `;base64` but is not forgiving-base64.
    InvalidBase64,
}

/// The data: URL processor. <https://fetch.spec.whatwg.org/#data-url-processor>
pub fn process_data_url(url: &url::Url) -> Result<DataUrl, DataUrlError> {
    // The URL serializer with "exclude fragment".
    let serialized = url.as_str();
    let serialized = match url.fragment() {
        Some(f) => &serialized[..serialized.len() - f.len() - 1],
        None => serialized,
    };
    let input = serialized.strip_prefix("data:").unwrap_or(serialized);
    let (mime, encoded_body) = input.split_once(',').ok_or(DataUrlError::NoComma)?;
    // "Strip leading and trailing ASCII whitespace" (only spaces can remain).
    let mut mime = mime
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .to_owned();
    let mut body = percent_decode(encoded_body.as_bytes());
    if let Some(stripped) = strip_base64_suffix(&mime) {
        let text: String = body.iter().map(|&b| b as char).collect();
        body = forgiving_base64_decode(&text).ok_or(DataUrlError::InvalidBase64)?;
        mime = stripped.to_owned();
    }
    if mime.starts_with(';') {
        mime.insert_str(0, "text/plain");
    }
    let mime_type = MimeType::parse(&mime)
        .or_else(|| MimeType::parse("text/plain;charset=US-ASCII"))
        .ok_or(DataUrlError::NoComma)?;
    Ok(DataUrl { mime_type, body })
}

/// `;`, zero or more spaces, then `base64` (any case) at the end: the MIME
/// type with that suffix removed.
fn strip_base64_suffix(mime: &str) -> Option<&str> {
    let bytes = mime.as_bytes();
    let n = bytes.len();
    if n < 6 || !bytes[n - 6..].eq_ignore_ascii_case(b"base64") {
        return None;
    }
    let rest = mime[..n - 6].trim_end_matches(' ');
    rest.strip_suffix(';')
}

/// Percent-decodes bytes; a `%` not followed by two hex digits stays.
/// <https://url.spec.whatwg.org/#percent-decode>
fn percent_decode(input: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if b == b'%'
            && let (Some(h), Some(l)) = (
                input.get(i + 1).and_then(|&c| hex(c)),
                input.get(i + 2).and_then(|&c| hex(c)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    out
}

/// Forgiving-base64 decode. <https://infra.spec.whatwg.org/#forgiving-base64-decode>
pub fn forgiving_base64_decode(input: &str) -> Option<Vec<u8>> {
    let mut data: Vec<u8> = input
        .bytes()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' '))
        .collect();
    if data.len().is_multiple_of(4) {
        if data.ends_with(b"==") {
            data.truncate(data.len() - 2);
        } else if data.ends_with(b"=") {
            data.truncate(data.len() - 1);
        }
    }
    if data.len() % 4 == 1 {
        return None;
    }
    let value = |b: u8| -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in &data {
        buffer = (buffer << 6) | value(b)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(u: &str) -> Result<(String, Vec<u8>), DataUrlError> {
        let url = url::Url::parse(u).expect("test URL");
        process_data_url(&url).map(|d| (d.mime_type.serialize(), d.body))
    }

    #[test]
    fn data_url_processor_table() {
        let ok: &[(&str, &str, &[u8])] = &[
            ("data:,x", "text/plain;charset=US-ASCII", b"x"),
            ("data:TEXT/HTML,x", "text/html", b"x"),
            ("data:foo,x", "text/plain;charset=US-ASCII", b"x"),
            ("data:;charset=utf-8,x", "text/plain;charset=utf-8", b"x"),
            ("data:text/plain;base64,aGk=", "text/plain", b"hi"),
            ("data:text/plain;BASE64,aGk", "text/plain", b"hi"),
            ("data:text/plain; base64,aGk=", "text/plain", b"hi"),
            ("data:,%41%zz", "text/plain;charset=US-ASCII", b"A%zz"),
            ("data:,x#frag", "text/plain;charset=US-ASCII", b"x"),
        ];
        for (u, mime, body) in ok {
            assert_eq!(run(u), Ok(((*mime).to_owned(), body.to_vec())), "{u}");
        }
        assert_eq!(run("data:text/plain"), Err(DataUrlError::NoComma));
        assert_eq!(run("data:;base64,%%%"), Err(DataUrlError::InvalidBase64));
        assert_eq!(run("data:;base64,a"), Err(DataUrlError::InvalidBase64));
    }
}
