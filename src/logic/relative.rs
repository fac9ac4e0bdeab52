//! Short relative hints beside an instant ("in 2 h 10 min", "5 min ago"),
//! in whole units with integer maths so they read the same everywhere.

use crate::logic::time::EpochMillis;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// How far `then_ms` is from `now_ms`: "in 5 min", "in 2 h 10 min",
/// "in 3 days 4 h", "in less than a minute", or the same followed by "ago"
/// for the past. Parts are truncated, never rounded up: a run 59 s away is
/// "in less than a minute".
pub fn relative_hint(now_ms: EpochMillis, then_ms: EpochMillis) -> String {
    // `as` saturates, and NaN becomes 0: a bad instant reads as "now".
    let diff = (then_ms - now_ms) as i64;
    let amount = span_words(diff.unsigned_abs() as i64);
    if diff < 0 {
        format!("{amount} ago")
    } else {
        format!("in {amount}")
    }
}

/// A length of time in the hints' words, its parts truncated: "less than a
/// minute", "5 min", "2 h 10 min", "3 days 4 h".
pub fn span_words(span_ms: i64) -> String {
    let span = span_ms.saturating_abs();
    if span < MINUTE {
        "less than a minute".to_string()
    } else if span < HOUR {
        format!("{} min", span / MINUTE)
    } else if span < DAY {
        with_remainder(span / HOUR, "h", span % HOUR / MINUTE, "min")
    } else {
        let days = span / DAY;
        let unit = if days == 1 { "day" } else { "days" };
        with_remainder(days, unit, span % DAY / HOUR, "h")
    }
}

/// "2 h 10 min", or "2 h" when the smaller unit is 0.
fn with_remainder(big: i64, big_unit: &str, small: i64, small_unit: &str) -> String {
    if small == 0 {
        format!("{big} {big_unit}")
    } else {
        format!("{big} {big_unit} {small} {small_unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_700_000_000_000.0;

    fn hint(offset_ms: i64) -> String {
        relative_hint(NOW, NOW + offset_ms as f64)
    }

    #[test]
    fn under_a_minute_is_said_so() {
        assert_eq!(hint(0), "in less than a minute");
        assert_eq!(hint(59_999), "in less than a minute");
        assert_eq!(hint(-59_999), "less than a minute ago");
    }

    #[test]
    fn minutes_alone_under_an_hour() {
        assert_eq!(hint(MINUTE), "in 1 min");
        assert_eq!(hint(5 * MINUTE + 59_000), "in 5 min");
        assert_eq!(hint(59 * MINUTE + 59_999), "in 59 min");
        assert_eq!(hint(-5 * MINUTE), "5 min ago");
    }

    #[test]
    fn hours_and_minutes_under_a_day() {
        assert_eq!(hint(HOUR), "in 1 h");
        assert_eq!(hint(2 * HOUR + 10 * MINUTE), "in 2 h 10 min");
        assert_eq!(hint(2 * HOUR + 10 * MINUTE + 59_000), "in 2 h 10 min");
        assert_eq!(hint(-(2 * HOUR + 10 * MINUTE)), "2 h 10 min ago");
        assert_eq!(hint(DAY - 1), "in 23 h 59 min");
    }

    #[test]
    fn days_and_hours_beyond() {
        assert_eq!(hint(DAY), "in 1 day");
        assert_eq!(hint(DAY + 2 * HOUR), "in 1 day 2 h");
        assert_eq!(hint(3 * DAY + 4 * HOUR + 59 * MINUTE), "in 3 days 4 h");
        assert_eq!(hint(-(400 * DAY)), "400 days ago");
    }

    #[test]
    fn nonsense_instants_do_not_panic() {
        assert_eq!(relative_hint(NOW, f64::NAN), "in less than a minute");
        assert!(relative_hint(0.0, f64::INFINITY).starts_with("in "));
    }
}
