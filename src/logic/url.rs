//! Path segments and query strings, percent-encoded both ways. Hand-written:
//! the few lines here cost less in the wasm than a URL crate.

/// Percent-encodes one path segment, so an odd uid cannot change the path.
pub fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` (and, in a query, `+` as a space); invalid escapes stay as
/// they are, and bytes that are not UTF-8 become U+FFFD.
pub fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of `key` in a query string (with or without its leading `?`).
pub fn query_value(query: &str, key: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(k, _)| decode(k, true) == key)
        .map(|(_, v)| decode(v, true))
}

/// Reads `?page=N` from a query string value: absent, empty, zero, negative or
/// not a number all mean page 1, so a mangled link still opens something.
pub fn page_from_query(value: Option<&str>) -> u32 {
    value
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|&p| p >= 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(
            encode_segment("5999b763474b0eafa5fafb64bff0ba80"),
            "5999b763474b0eafa5fafb64bff0ba80"
        );
        assert_eq!(encode_segment("../x y/é"), "..%2Fx%20y%2F%C3%A9");
    }

    #[test]
    fn decoding_undoes_encoding_and_survives_junk() {
        for text in ["../x y/é", "a+b", "100%", "%zz", "🧹"] {
            assert_eq!(decode(&encode_segment(text), false), text);
        }
        assert_eq!(decode("a+b%20c", true), "a b c");
        assert_eq!(decode("100%", false), "100%");
        assert_eq!(decode("%4", false), "%4");
        assert_eq!(decode("%zz", false), "%zz");
        assert_eq!(decode("%FF", false), "\u{FFFD}");
    }

    #[test]
    fn query_values() {
        assert_eq!(query_value("?page=2&q=a+b", "page").as_deref(), Some("2"));
        assert_eq!(query_value("page=2&q=a+b", "q").as_deref(), Some("a b"));
        assert_eq!(query_value("flag&x=1", "flag").as_deref(), Some(""));
        assert_eq!(query_value("", "page"), None);
    }

    #[test]
    fn page_query_falls_back_to_one() {
        assert_eq!(page_from_query(Some("3")), 3);
        for bad in [
            None,
            Some(""),
            Some("0"),
            Some("-2"),
            Some("two"),
            Some("1.5"),
        ] {
            assert_eq!(page_from_query(bad), 1, "{bad:?}");
        }
    }
}
