//! The response envelope and its pagination: `{"response": ..., "count": N, "pagination": {...}}`.

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::Json;
use serde::Serialize;

use crate::error::ApiError;

/// Items per page: fixed by the API, no override is documented.
pub const PER_PAGE: u64 = 30;

/// The envelope around every 2xx body; `count` and `pagination` only on lists.
#[derive(Debug, Serialize)]
pub struct Envelope<T> {
    /// The object or the page of objects.
    pub response: T,
    /// Total number of items in the list (all pages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Where this page sits in the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

/// `pagination` of a list answer. `previous`/`next` are page numbers or `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pagination {
    /// The page before this one, or `null` on page 1.
    pub previous: Option<u64>,
    /// The page after this one, or `null` on the last page and past it.
    pub next: Option<u64>,
    /// The page asked for.
    pub current: u64,
    /// Always [`PER_PAGE`].
    pub per_page: u64,
    /// Total number of items in the list, as the top-level `count`.
    pub count: u64,
    /// Number of pages; at least 1, because page 1 of an empty list exists (and is empty).
    pub pages: u64,
}

impl Pagination {
    /// Pagination of page `current` (1-based) of a list of `total` items.
    ///
    /// Past the end, `previous` points at the last page so a client can find its way back.
    /// Any page up to `u64::MAX` is just past the end: nothing here may overflow.
    pub fn new(current: u64, total: u64) -> Self {
        let pages = total.div_ceil(PER_PAGE).max(1);
        Self {
            previous: (current > 1).then(|| (current - 1).min(pages)),
            // Lazily: `current + 1` is only computed when `current` is below `pages`.
            next: (current < pages).then(|| current + 1),
            current,
            per_page: PER_PAGE,
            count: total,
            pages,
        }
    }
}

/// A single object in the envelope.
pub fn single<T: Serialize>(response: T) -> Json<Envelope<T>> {
    Json(Envelope {
        response,
        count: None,
        pagination: None,
    })
}

/// One page of a list in the envelope; `total` counts the whole list.
pub fn list<T: Serialize>(items: Vec<T>, page: Page, total: usize) -> Json<Envelope<Vec<T>>> {
    let total = u64::try_from(total).unwrap_or(u64::MAX);
    Json(Envelope {
        response: items,
        count: Some(total),
        pagination: Some(Pagination::new(page.0, total)),
    })
}

/// The `?page=N` query parameter: 1 when absent, a 400 `bad_request` unless a positive integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page(pub u64);

impl Page {
    /// Parses the raw query string of a request.
    pub fn from_query(query: Option<&str>) -> Result<Self, ApiError> {
        let params: HashMap<String, String> = query
            .map(|query| {
                form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        match params.get("page") {
            None => Ok(Self(1)),
            Some(raw) => match raw.trim().parse::<u64>() {
                Ok(page) if page >= 1 => Ok(Self(page)),
                _ => Err(ApiError::bad_request(format!(
                    "page must be a positive integer, got {raw:?}"
                ))),
            },
        }
    }

    /// The items of this page out of a whole list.
    pub fn slice<T>(self, all: &[T]) -> &[T] {
        let start = self.offset().min(all.len());
        let end = start.saturating_add(PER_PAGE as usize).min(all.len());
        &all[start..end]
    }

    /// How many items come before this page.
    pub fn offset(self) -> usize {
        usize::try_from((self.0 - 1).saturating_mul(PER_PAGE)).unwrap_or(usize::MAX)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Self::from_query(parts.uri.query())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paginates_75_items_in_three_pages() {
        let first = Pagination::new(1, 75);
        assert_eq!(
            (first.previous, first.next, first.pages),
            (None, Some(2), 3)
        );
        let last = Pagination::new(3, 75);
        assert_eq!((last.previous, last.next), (Some(2), None));
        let past = Pagination::new(9, 75);
        assert_eq!((past.previous, past.next, past.current), (Some(3), None, 9));
    }

    #[test]
    fn the_largest_page_is_just_past_the_end() {
        let page = Page::from_query(Some("page=18446744073709551615"));
        assert_eq!(page, Ok(Page(u64::MAX)));
        let huge = Pagination::new(u64::MAX, 75);
        assert_eq!(
            (huge.previous, huge.next, huge.current, huge.pages),
            (Some(3), None, u64::MAX, 3)
        );
        // One more than u64 holds is not a page number at all.
        assert!(Page::from_query(Some("page=18446744073709551616")).is_err());
    }

    #[test]
    fn an_empty_list_has_one_empty_page() {
        let empty = Pagination::new(1, 0);
        assert_eq!((empty.previous, empty.next, empty.pages), (None, None, 1));
    }

    #[test]
    fn page_must_be_a_positive_integer() {
        assert_eq!(Page::from_query(None), Ok(Page(1)));
        assert_eq!(Page::from_query(Some("page=2&x=1")), Ok(Page(2)));
        for bad in ["page=0", "page=-1", "page=abc", "page=", "page=1.5"] {
            assert!(Page::from_query(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn slices_pages_and_stays_in_bounds() {
        let items: Vec<u32> = (0..75).collect();
        assert_eq!(Page(3).slice(&items), &items[60..75]);
        assert!(Page(4).slice(&items).is_empty());
        assert!(Page(u64::MAX).slice(&items).is_empty());
    }
}
