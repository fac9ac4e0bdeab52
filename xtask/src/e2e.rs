//! `cargo xtask e2e`: the end-to-end layer alone, for working on one flow;
//! extra arguments go to Playwright.

use crate::playwright;
use crate::tally::Tally;

/// `cargo xtask e2e [playwright args]`.
pub fn run(playwright_args: &[String]) -> Result<(), String> {
    let mut tally = Tally::default();
    tally.add(playwright::LAYER, playwright::run_suite(playwright_args)?);
    if tally.finish() {
        Ok(())
    } else {
        // The closing line is printed and must stay last: no message.
        Err(String::new())
    }
}
