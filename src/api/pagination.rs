//! The `pagination` object of the API's list envelope.

use serde::Deserialize;

/// `{previous, next, current, per_page, count, pages}` as the API sends it.
/// Each number is read on its own: one that is missing, negative or not a
/// number falls back alone, so a bad figure cannot take the table away.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Pagination {
    /// The page before this one, if any.
    #[serde(default, deserialize_with = "page_number")]
    pub previous: Option<u32>,
    /// The page after this one, if any.
    #[serde(default, deserialize_with = "page_number")]
    pub next: Option<u32>,
    /// This page, 1-based.
    #[serde(default = "first_page", deserialize_with = "at_least_one")]
    pub current: u32,
    /// Items per page (30 on the real API).
    #[serde(default, deserialize_with = "count")]
    pub per_page: u32,
    /// Items on all pages together.
    #[serde(default, deserialize_with = "count")]
    pub count: u32,
    /// How many pages there are.
    #[serde(default = "first_page", deserialize_with = "at_least_one")]
    pub pages: u32,
}

fn first_page() -> u32 {
    1
}

fn number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(serde_json::Value::deserialize(d)?
        .as_u64()
        .and_then(|n| u32::try_from(n).ok()))
}

fn page_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(number(d)?.filter(|&n| n >= 1))
}

fn at_least_one<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(page_number(d)?.unwrap_or(1))
}

fn count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(number(d)?.unwrap_or(0))
}

impl Pagination {
    /// What a list without a `pagination` object means: everything on one page.
    pub fn single(count: usize) -> Pagination {
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        Pagination {
            previous: None,
            next: None,
            current: 1,
            per_page: count,
            count,
            pages: 1,
        }
    }

    /// "Page 2 of 3"; an empty list still reads "Page 1 of 1".
    pub fn label(&self) -> String {
        format!("Page {} of {}", self.current.max(1), self.pages.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_object() {
        let p: Pagination = serde_json::from_str(
            r#"{"previous":null,"next":2,"current":1,"per_page":30,"count":75,"pages":3}"#,
        )
        .unwrap();
        assert_eq!(p.next, Some(2));
        assert_eq!(p.previous, None);
        assert_eq!(p.label(), "Page 1 of 3");
    }

    #[test]
    fn missing_fields_default_sensibly() {
        let p: Pagination = serde_json::from_str("{}").unwrap();
        assert_eq!(p.label(), "Page 1 of 1");
        assert_eq!(p.next, None);
    }

    #[test]
    fn empty_list_reads_page_one_of_one() {
        let p: Pagination = serde_json::from_str(
            r#"{"previous":null,"next":null,"current":1,"per_page":30,"count":0,"pages":0}"#,
        )
        .unwrap();
        assert_eq!(p.label(), "Page 1 of 1");
        assert_eq!(Pagination::single(0).label(), "Page 1 of 1");
    }

    #[test]
    fn bad_numbers_fall_back_one_by_one() {
        let p: Pagination = serde_json::from_str(
            r#"{"previous":-1,"next":"x","current":2,"per_page":30,"count":1e99,"pages":0}"#,
        )
        .unwrap();
        assert_eq!(
            p,
            Pagination {
                previous: None,
                next: None,
                current: 2,
                per_page: 30,
                count: 0,
                pages: 1
            }
        );
    }
}
