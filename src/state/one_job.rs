//! One job on its own, for the job page: it starts from the copy a page of
//! the stack's jobs holds (no request), else asks the API once; a refresh
//! that fails keeps the job on screen ([`KeptValue`]).

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiClient;
use crate::logic::model::Job;
use crate::state::kept::KeptValue;
use crate::state::stack_jobs::StackJobs;

/// The job of a job page, owned by the page.
pub type OneJob = KeptValue<Job>;

/// The job, from a page held if there is one, else asked for now.
pub fn one_job(stack: Arc<str>, job_uid: Arc<str>) -> OneJob {
    let held = use_context::<StackJobs>().and_then(|list| list.find(&stack, &job_uid.to_string()));
    let api = expect_context::<ApiClient>();
    let one = KeptValue::new(move || {
        let (stack, job_uid) = (stack.clone(), job_uid.clone());
        Box::pin(async move { api.job(&stack, &job_uid).await })
    });
    match held {
        Some(job) => one.holding(job),
        None => {
            one.refresh();
            one
        }
    }
}
