//! The lists of each stack, through the one loader ([`PagedList`]): its
//! jobs (the jobs page, the views over all of them, bulk tasks and the job
//! page start from them) and its actions (History).

use crate::api::ApiClient;
use crate::logic::model::{Action, Job};
use crate::state::paged::PagedList;
use crate::state::quota::QuotaState;

/// Every stack's pages of jobs seen this session. `Copy`, in context.
pub type StackJobs = PagedList<Job>;

/// Every stack's pages of actions seen this session. `Copy`, in context.
pub type StackActions = PagedList<Action>;

/// The jobs loader: `GET /stacks/{uid}/jobs?page=N`.
pub fn stack_jobs(api: ApiClient, quota: QuotaState) -> StackJobs {
    PagedList::new(api, quota, |api, stack, n| {
        Box::pin(async move { api.jobs(&stack, n).await })
    })
}

/// The actions loader: `GET /stacks/{uid}/actions?page=N`.
pub fn stack_actions(api: ApiClient, quota: QuotaState) -> StackActions {
    PagedList::new(api, quota, |api, stack, n| {
        Box::pin(async move { api.actions(&stack, n).await })
    })
}
