//! The few colours a status can have; each always comes with a word.

/// What a status looks like.
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
