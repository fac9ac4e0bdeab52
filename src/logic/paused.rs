//! Paused for long: a paused job whose last change is more than a day old
//! says how long, and counts among what needs attention. A forgotten pause
//! is how scheduled work silently stops. The API has no "paused at": the
//! job's `updated_at` (its last change of any kind) is the best it gives,
//! and the words say so where they are shown.

use crate::logic::time::EpochMillis;

const DAY_MS: f64 = 24.0 * 3_600_000.0;

/// Past this, a pause is long.
pub const LONG_PAUSE_MS: f64 = DAY_MS;

/// How long a job has been paused, counted from its last change, once that
/// is more than a day: `None` for a job not paused, paused for a day or
/// less, or with no readable `updated_at`.
pub fn paused_for_ms(
    paused: bool,
    updated_at: Option<EpochMillis>,
    now: EpochMillis,
) -> Option<f64> {
    let since = now - updated_at?;
    (paused && since > LONG_PAUSE_MS).then_some(since)
}

/// "Paused for 1 day", "Paused for 3 days", "Paused for 4 months",
/// "Paused for 2 years": whole units, never rounded up.
pub fn paused_for_words(since_ms: f64) -> String {
    let days = (since_ms / DAY_MS).floor() as u64;
    let (n, unit) = match days {
        0..=59 => (days.max(1), "day"),
        60..=729 => (days / 30, "month"),
        _ => (days / 365, "year"),
    };
    let plural = if n == 1 { "" } else { "s" };
    format!("Paused for {n} {unit}{plural}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_772_884_800_000.0; // 2026-03-07 12:00 UTC
    const HOUR: f64 = 3_600_000.0;

    fn words(paused: bool, hours_ago: f64) -> Option<String> {
        paused_for_ms(paused, Some(NOW - hours_ago * HOUR), NOW).map(paused_for_words)
    }

    #[test]
    fn only_a_pause_older_than_a_day_is_long() {
        assert_eq!(words(true, 5.0), None);
        assert_eq!(
            words(true, 24.0),
            None,
            "exactly a day is not more than a day"
        );
        assert_eq!(words(true, 26.0).as_deref(), Some("Paused for 1 day"));
        assert_eq!(words(false, 900.0), None, "an active job");
        assert_eq!(paused_for_ms(true, None, NOW), None, "no date, no claim");
        // A date in the future (a clock that is off) is not a long pause.
        assert_eq!(words(true, -48.0), None);
    }

    #[test]
    fn the_words_use_whole_units() {
        assert_eq!(words(true, 73.0).as_deref(), Some("Paused for 3 days"));
        assert_eq!(
            words(true, 9.0 * 24.0).as_deref(),
            Some("Paused for 9 days")
        );
        assert_eq!(
            words(true, 59.9 * 24.0).as_deref(),
            Some("Paused for 59 days")
        );
        assert_eq!(
            words(true, 61.0 * 24.0).as_deref(),
            Some("Paused for 2 months")
        );
        assert_eq!(
            words(true, 729.0 * 24.0).as_deref(),
            Some("Paused for 24 months")
        );
        assert_eq!(
            words(true, 865.0 * 24.0).as_deref(),
            Some("Paused for 2 years")
        );
        assert_eq!(
            words(true, 400.0 * 24.0 * 3.0).as_deref(),
            Some("Paused for 3 years")
        );
    }
}
