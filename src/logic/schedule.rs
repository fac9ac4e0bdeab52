//! A job's schedule as the time views read it: on demand, not a schedule, or
//! a cron. The views' own `Plan` keeps the parser's reason; this is what
//! logic needs, free of the app's types.

use crate::logic::cron::Cron;

/// What a job's `cron` field says about when it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// `cron: null`: runs only when someone starts it.
    OnDemand,
    /// An expression the parser refused.
    Invalid,
    /// A schedule (one that may never match, such as `0 0 31 2 *`).
    Cron(Cron),
}

impl Schedule {
    /// Reads a job's `cron` field.
    pub fn of(cron: Option<&str>) -> Schedule {
        match cron.map(Cron::parse) {
            None => Schedule::OnDemand,
            Some(Ok(cron)) => Schedule::Cron(cron),
            Some(Err(_)) => Schedule::Invalid,
        }
    }

    /// The cron, when it is one.
    pub fn cron(&self) -> Option<&Cron> {
        match self {
            Schedule::Cron(cron) => Some(cron),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_kinds() {
        assert_eq!(Schedule::of(None), Schedule::OnDemand);
        assert_eq!(Schedule::of(Some("61 25 * * *")), Schedule::Invalid);
        let daily = Schedule::of(Some("0 3 * * *"));
        assert_eq!(daily.cron(), Cron::parse("0 3 * * *").ok().as_ref());
        assert_eq!(Schedule::OnDemand.cron(), None);
    }
}
