//! The colour a status is drawn in: a view matter, so it lives with the
//! views, not with the data. Each colour always comes with a word (LOOK.md).

use crate::logic::history::Outcome;
use crate::logic::model::JobStatus;
use crate::state::activity::Progress;

/// The few colours a status can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Nothing to worry about, nothing done (e.g. "Updated").
    Neutral,
    /// Under way.
    Running,
    /// It worked.
    Success,
    /// It did not work.
    Failure,
    /// Not known.
    Unknown,
}

impl Tone {
    /// The CSS class that carries the colour, e.g. `tone-success`.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Neutral => "tone-neutral",
            Tone::Running => "tone-running",
            Tone::Success => "tone-success",
            Tone::Failure => "tone-failure",
            Tone::Unknown => "tone-unknown",
        }
    }
}

/// The colour of a job's last result.
pub fn of_status(status: JobStatus) -> Tone {
    match status {
        JobStatus::Updated => Tone::Neutral,
        JobStatus::Running => Tone::Running,
        JobStatus::Succeeded => Tone::Success,
        JobStatus::Failed => Tone::Failure,
        JobStatus::Unknown(_) => Tone::Unknown,
    }
}

/// The colour of an action's result in History and Runs.
pub fn of_outcome(outcome: &Outcome) -> Tone {
    match outcome {
        Outcome::Running => Tone::Running,
        Outcome::Succeeded => Tone::Success,
        Outcome::Failed(_) => Tone::Failure,
        Outcome::Unknown(_) => Tone::Unknown,
    }
}

/// The colour of an Activity entry's state.
pub fn of_progress(progress: &Progress) -> Tone {
    match progress {
        Progress::Running(_) => Tone::Running,
        Progress::Succeeded(_) => Tone::Success,
        Progress::Failed(_) => Tone::Failure,
        Progress::Unknown(_) | Progress::NotSent(_) => Tone::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_its_colour() {
        assert_eq!(of_status(JobStatus::Failed), Tone::Failure);
        assert_eq!(of_status(JobStatus::Unknown(Some(7))), Tone::Unknown);
        assert_eq!(
            of_outcome(&Outcome::Failed("Job is busy".into())),
            Tone::Failure
        );
        assert_eq!(of_outcome(&Outcome::Running), Tone::Running);
        assert_eq!(of_progress(&Progress::Succeeded(None)), Tone::Success);
    }
}
