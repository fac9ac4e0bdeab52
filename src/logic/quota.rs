//! The hourly API quota as the last response reported it.

/// What `X-RateLimit-Limit` and `X-RateLimit-Remaining` said last.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quota {
    /// Requests allowed per window; `None` until a response carried it.
    pub limit: Option<u32>,
    /// Requests left in this window; `None` until a response carried it.
    pub remaining: Option<u32>,
}

/// How worried the person should be about the quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotaLevel {
    /// Nothing known yet.
    Unknown,
    /// Plenty left.
    Fine,
    /// Under 10 % left.
    Low,
    /// Nothing left.
    Exhausted,
}

impl Quota {
    /// Reads the two headers; a header that is absent or not a number leaves
    /// the previous value alone, so one odd response does not blank the meter.
    pub fn updated(self, limit: Option<&str>, remaining: Option<&str>) -> Quota {
        let parse = |v: Option<&str>| v.and_then(|v| v.trim().parse::<u32>().ok());
        Quota {
            limit: parse(limit).or(self.limit),
            remaining: parse(remaining).or(self.remaining),
        }
    }

    /// The meter's text: `"3597 / 3600"`, or `"unknown"` before any response.
    pub fn text(self) -> String {
        match (self.remaining, self.limit) {
            (Some(remaining), Some(limit)) => format!("{remaining} / {limit}"),
            _ => "unknown".to_string(),
        }
    }

    /// The share left as a whole percentage, 0 to 100 (integer maths keeps
    /// float formatting out of the wasm).
    pub fn percent_left(self) -> Option<u32> {
        match (self.remaining, self.limit) {
            (Some(remaining), Some(limit)) if limit > 0 => {
                Some((u64::from(remaining.min(limit)) * 100 / u64::from(limit)) as u32)
            }
            _ => None,
        }
    }

    /// Low means under 10 % left.
    pub fn level(self) -> QuotaLevel {
        match (self.remaining, self.limit) {
            (Some(0), _) => QuotaLevel::Exhausted,
            (Some(remaining), Some(limit)) if limit > 0 => {
                if u64::from(remaining) * 10 < u64::from(limit) {
                    QuotaLevel::Low
                } else {
                    QuotaLevel::Fine
                }
            }
            _ => QuotaLevel::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_until_headers_arrive() {
        let q = Quota::default();
        assert_eq!(q.text(), "unknown");
        assert_eq!(q.level(), QuotaLevel::Unknown);
    }

    #[test]
    fn text_is_remaining_over_limit() {
        let q = Quota::default().updated(Some("3600"), Some("3597"));
        assert_eq!(q.text(), "3597 / 3600");
        assert_eq!(q.level(), QuotaLevel::Fine);
    }

    #[test]
    fn low_below_ten_percent() {
        let q = Quota::default();
        assert_eq!(q.updated(Some("100"), Some("10")).level(), QuotaLevel::Fine);
        assert_eq!(q.updated(Some("100"), Some("9")).level(), QuotaLevel::Low);
        assert_eq!(
            q.updated(Some("100"), Some("0")).level(),
            QuotaLevel::Exhausted
        );
    }

    #[test]
    fn percent_left_rounds_down_and_caps() {
        let q = Quota::default();
        assert_eq!(
            q.updated(Some("3600"), Some("3597")).percent_left(),
            Some(99)
        );
        assert_eq!(
            q.updated(Some("3600"), Some("3600")).percent_left(),
            Some(100)
        );
        assert_eq!(q.updated(Some("10"), Some("99")).percent_left(), Some(100));
        assert_eq!(q.percent_left(), None);
    }

    #[test]
    fn odd_headers_keep_the_last_good_values() {
        let q = Quota::default().updated(Some("3600"), Some("12"));
        assert_eq!(q.updated(None, Some("lots")), q);
        assert_eq!(q.updated(Some("-1"), Some("11")).text(), "11 / 3600");
    }

    #[test]
    fn zero_limit_has_no_fraction() {
        let q = Quota::default().updated(Some("0"), Some("0"));
        assert_eq!(q.percent_left(), None);
        assert_eq!(q.level(), QuotaLevel::Exhausted);
    }
}
