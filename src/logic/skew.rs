//! The device's clock against the API's (issue 30, item 3): every answer's
//! `Date` header says the API's time to the second; the difference from the
//! device's clock when the answer arrived is one sample. Past a minute, the
//! app adds the difference to the device's clock everywhere it shows times
//! against now (next runs, hints, the timeline, what a pause skips), and
//! says so once.

use crate::logic::calendar::days_from_civil;
use crate::logic::relative::span_words;
use crate::logic::time::EpochMillis;

/// A difference larger than this (a minute) is corrected.
pub const APPLY_ABOVE_MS: f64 = 60_000.0;

/// A correction in use stays until the difference falls under this, so
/// that a clock about a minute off does not switch back and forth.
pub const DROP_BELOW_MS: f64 = 45_000.0;

/// A correction in use is moved only when the difference has moved by more
/// than this: each move redraws every time on screen.
const MOVE_ABOVE_MS: f64 = 2_000.0;

/// Samples kept: the median of the last few stands firm against one odd
/// answer (a proxy's cached page, a request that sat in a queue).
const SAMPLES: usize = 5;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Reads an HTTP date, e.g. `Sun, 06 Dec 2026 00:46:03 GMT` (RFC 9110's
/// IMF-fixdate, the form servers send); `None` for anything else, the two
/// obsolete forms included.
pub fn parse_http_date(text: &str) -> Option<EpochMillis> {
    let rest = text.trim();
    let (weekday, rest) = rest.split_once(", ")?;
    if weekday.len() != 3 || !rest.ends_with(" GMT") {
        return None;
    }
    let mut parts = rest.trim_end_matches(" GMT").split(' ');
    let day: u32 = digits(parts.next()?, 2)?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
    let year: i64 = i64::from(digits(parts.next()?, 4)?);
    let mut clock = parts.next()?.split(':');
    let hour = i64::from(digits(clock.next()?, 2)?);
    let minute = i64::from(digits(clock.next()?, 2)?);
    let second = i64::from(digits(clock.next()?, 2)?);
    if parts.next().is_some() || clock.next().is_some() {
        return None;
    }
    let month_days = crate::logic::calendar::days_in_month(year, month);
    if !(1..=month_days).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400 + hour * 3_600 + minute * 60 + second) * 1000) as f64)
}

fn digits(text: &str, width: usize) -> Option<u32> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// What the app knows of the device's clock against the API's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Skew {
    /// The last few differences (API minus device, in ms), oldest first.
    samples: Vec<f64>,
    /// The correction in use: what to add to the device's clock.
    applied: Option<f64>,
}

impl Skew {
    /// Notes one answer: the API's `Date` (whole seconds) and the device's
    /// clock when the answer arrived. Returns whether the correction changed.
    pub fn note(&mut self, api_date: EpochMillis, device_now: EpochMillis) -> bool {
        if !api_date.is_finite() || !device_now.is_finite() {
            return false;
        }
        // `Date` drops the milliseconds: the API's time was within the
        // second after it, so the middle of that second is the best guess.
        self.samples.push(api_date + 500.0 - device_now);
        if self.samples.len() > SAMPLES {
            self.samples.remove(0);
        }
        let difference = self.median();
        let next = match self.applied {
            None if difference.abs() > APPLY_ABOVE_MS => Some(difference),
            None => None,
            Some(_) if difference.abs() < DROP_BELOW_MS => None,
            Some(old) if (difference - old).abs() > MOVE_ABOVE_MS => Some(difference),
            Some(old) => Some(old),
        };
        let changed = next != self.applied;
        self.applied = next;
        changed
    }

    /// What to add to the device's clock to read the API's: 0 while they
    /// agree within a minute.
    pub fn offset(&self) -> f64 {
        self.applied.unwrap_or(0.0)
    }

    /// Whether the API's clock is in use.
    pub fn is_applied(&self) -> bool {
        self.applied.is_some()
    }

    /// The sentence said once the API's clock is in use (see
    /// [`offset_words`]); `None` while it is not.
    pub fn words(&self) -> Option<String> {
        offset_words(self.applied?)
    }

    fn median(&self) -> f64 {
        let mut sorted = self.samples.clone();
        sorted.sort_by(f64::total_cmp);
        match sorted.len() {
            0 => 0.0,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
        }
    }
}

/// "This device's clock is 7 min behind; times use the API's clock" for an
/// offset (what is added to the device's clock, ms) of about 7 minutes;
/// `None` for 0, no correction.
pub fn offset_words(offset: f64) -> Option<String> {
    if offset == 0.0 || !offset.is_finite() {
        return None;
    }
    // Whole minutes, rounded: 6 min 58 s off reads "7 min".
    let minutes = (offset.abs() / 60_000.0).round() * 60_000.0;
    let way = if offset > 0.0 { "behind" } else { "ahead" };
    Some(format!(
        "This device's clock is {} {way}; times use the API's clock",
        span_words(minutes as i64)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-06T00:46:03Z.
    const AT: f64 = 1_796_517_963_000.0;

    #[test]
    fn reads_imf_fixdates() {
        assert_eq!(parse_http_date("Sun, 06 Dec 2026 00:46:03 GMT"), Some(AT));
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(
            parse_http_date(" Sat, 29 Feb 2028 23:59:59 GMT "),
            Some(1_835_481_599_000.0)
        );
    }

    #[test]
    fn refuses_what_is_not_one() {
        for bad in [
            "",
            "yesterday",
            "Sunday, 06-Dec-26 00:46:03 GMT",
            "Sun Dec  6 00:46:03 2026",
            "Sun, 06 Dec 2026 00:46:03 UTC",
            "Sun, 6 Dec 2026 00:46:03 GMT",
            "Sun, 06 Dez 2026 00:46:03 GMT",
            "Sun, 31 Feb 2026 00:46:03 GMT",
            "Sun, 06 Dec 2026 24:00:00 GMT",
            "Sun, 06 Dec 2026 00:46 GMT",
            "Sun, 06 Dec 2026 00:46:03:01 GMT",
            "Sun, 06 Dec 2026 00:46:03 extra GMT",
            "Sun, 06 Dec +202 00:46:03 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_device_within_a_minute_is_left_alone() {
        let mut skew = Skew::default();
        for lag in [0.0, 30_000.0, -59_000.0, 59_400.0] {
            assert!(!skew.note(AT, AT - lag));
        }
        assert_eq!(skew.offset(), 0.0);
        assert_eq!(skew.words(), None);
    }

    #[test]
    fn a_device_seven_minutes_behind_reads_the_apis_clock() {
        let mut skew = Skew::default();
        assert!(skew.note(AT, AT - 420_000.0));
        assert_eq!(skew.offset(), 420_500.0);
        assert_eq!(
            skew.words().as_deref(),
            Some("This device's clock is 7 min behind; times use the API's clock")
        );
        // The same difference again changes nothing (no redraw).
        assert!(!skew.note(AT + 1_000.0, AT - 419_000.0));
    }

    #[test]
    fn a_device_ahead_says_so() {
        let mut skew = Skew::default();
        skew.note(AT, AT + 2.0 * 3_600_000.0 + 5.0 * 60_000.0);
        assert!(skew.is_applied());
        assert_eq!(
            skew.words().as_deref(),
            Some("This device's clock is 2 h 5 min ahead; times use the API's clock")
        );
        let mut days = Skew::default();
        days.note(AT, AT + 3.0 * 86_400_000.0);
        assert!(days.words().unwrap().contains("3 days ahead"));
    }

    #[test]
    fn one_odd_answer_does_not_move_it() {
        let mut skew = Skew::default();
        for _ in 0..3 {
            skew.note(AT, AT);
        }
        // A cached answer an hour old: one sample against three.
        assert!(!skew.note(AT - 3_600_000.0, AT));
        assert_eq!(skew.offset(), 0.0);
    }

    #[test]
    fn a_correction_stays_near_the_edge_and_goes_once_the_clock_is_set() {
        let mut skew = Skew::default();
        skew.note(AT, AT - 61_000.0);
        assert!(skew.is_applied());
        // Fifty seconds: under a minute, but not enough to drop it.
        for _ in 0..5 {
            skew.note(AT, AT - 50_000.0);
        }
        assert!(skew.is_applied());
        assert_eq!(skew.offset(), 50_500.0);
        // The device's clock set right: back to the device's.
        for _ in 0..2 {
            skew.note(AT, AT);
        }
        assert!(skew.is_applied(), "the median still holds the old samples");
        skew.note(AT, AT);
        assert!(!skew.is_applied());
        assert_eq!(skew.offset(), 0.0);
    }

    #[test]
    fn nonsense_instants_are_ignored() {
        let mut skew = Skew::default();
        assert!(!skew.note(f64::NAN, AT));
        assert!(!skew.note(AT, f64::INFINITY));
        assert_eq!(skew, Skew::default());
    }
}
