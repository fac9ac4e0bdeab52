//! One module per route.

pub mod home;
pub mod jobs;
pub mod sign_in;
