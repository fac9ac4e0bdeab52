//! `/stacks/{uid}/jobs?page=N`: one page of a stack's jobs, with bulk actions.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::pagination::Pagination;
use crate::api::{ApiClient, ApiError, JobsPage as Page};
use crate::components::alerts::ErrorAlert;
use crate::components::bulk_bar::BulkBar;
use crate::components::export_menu::ExportMenu;
use crate::components::find_bar::{FindBar, FindingState};
use crate::components::found_jobs::FoundJobs;
use crate::components::job_dialogs::{JobDialogs, JobDialogsView};
use crate::components::jobs_table::JobsTable;
use crate::components::loading::Loading;
use crate::components::pager::Pager;
use crate::components::run_link::open_run_link;
use crate::components::selection_bar::SelectionBar;
use crate::logic::finding::Finding;
use crate::logic::model::Job;
use crate::router::use_route;
use crate::routes::{jobs_href, AppRoute};
use crate::state::scoped::{scoped_memo, suspend_on};
use crate::state::screen::ScreenData;
use crate::state::selection::Selection;
use crate::state::stack_jobs::StackJobs;
use crate::state::stacks::Stacks;

/// The jobs page of one stack: the API's pages as they are, or, while a
/// search, filter or sort is set, the matches among all of its pages.
#[component]
pub fn JobsPage(stack_uid: String) -> impl IntoView {
    let stack: Arc<str> = stack_uid.into();
    let route = use_route();
    let page = Memo::new(move |_| route.with(AppRoute::page));
    let finding = FindingState::provide(stack.clone());
    let active = Memo::new(move |_| finding.finding.with(Finding::is_active));
    let pending = RwSignal::new(false);
    JobDialogs::provide();
    // One per stack: this page is built anew for each.
    Selection::provide();
    open_run_link(stack.clone());
    let stacks = Stacks::get();
    let name = {
        let stack = stack.clone();
        Signal::derive(move || stacks.name_of(&stack))
    };
    view! {
        <div class="page-head">
            <h1>{name}</h1>
            <a href={AppRoute::History { stack: stack.to_string(), page: 1 }.href()}>"History"</a>
            <a href={AppRoute::Upcoming { stack: stack.to_string() }.href()}>"Upcoming"</a>
            {move || pending.get().then(|| view! {
                <span class="loading-pill" role="status">"Loading…"</span>
            })}
        </div>
        <FindBar state=finding export=view! { <ExportMenu /> }.into_any() />
        <SelectionBar stack_uid=stack.clone() stack_name=name />
        {
            let stack = stack.clone();
            move || match active.get() {
                true => view! { <FoundJobs stack_uid=stack.clone() /> }.into_any(),
                false => {
                    let jobs = JobsLoad::new(stack.clone(), page);
                    view! {
                        <Loading fallback="Loading jobs…" set_pending=pending.write_only()
                            loaded=jobs.view(stack.clone()) />
                    }
                    .into_any()
                }
            }
        }
        <JobDialogsView stack_uid=stack stack_name=name />
    }
    .into_any()
}

/// The page's jobs: the resource, the page last shown, and the reload that
/// the rest of the app can ask for.
#[derive(Clone, Copy)]
struct JobsLoad {
    jobs: LocalResource<Result<Page, ApiError>>,
    /// The last page shown, so that a load the API refuses while throttled
    /// leaves the jobs on screen instead of taking them away.
    last_shown: StoredValue<Option<Page>>,
    /// Every page seen this session: views over all jobs and the job page
    /// start from it.
    all_jobs: StackJobs,
    /// The rows of the table on screen: a reload of the same page only
    /// changes these, so the table stays and only the rows that changed are
    /// drawn again. Each table has its own (a new page's rows never go
    /// through the table it replaces).
    rows: StoredValue<Option<RwSignal<Vec<Job>>>>,
    /// A page a quiet reload fetched that needs the whole view redrawn: the
    /// resource takes it instead of asking again.
    fetched: StoredValue<Option<Page>>,
    /// Why the last quiet reload failed, while the rows it meant to refresh
    /// stay on screen (cleared by the next page that arrives).
    stale: RwSignal<Option<ApiError>>,
    screen: ScreenData,
}

impl JobsLoad {
    fn new(stack: Arc<str>, page: Memo<u32>) -> JobsLoad {
        let api = expect_context::<ApiClient>();
        let fetched = StoredValue::new(None::<Page>);
        let jobs = {
            let stack = stack.clone();
            LocalResource::new(move || {
                let (stack, page) = (stack.clone(), page.get());
                let ready = fetched.try_update_value(Option::take).flatten();
                async move {
                    match ready {
                        Some(ready) => Ok(ready),
                        None => api.jobs(&stack, page).await,
                    }
                }
            })
        };
        let load = JobsLoad {
            jobs,
            last_shown: StoredValue::new(None),
            all_jobs: expect_context::<StackJobs>(),
            rows: StoredValue::new(None),
            fetched,
            stale: RwSignal::new(None),
            screen: expect_context::<ScreenData>(),
        };
        load.screen
            .register(move || load.reload_quietly(api, stack.clone(), page));
        load
    }

    /// Asks for the page on screen again without leaving it: the same page
    /// in the same shape only updates the rows; a failure leaves the rows on
    /// screen and says they could not be refreshed; anything else (the page
    /// count changed, no table on screen) goes through the resource.
    fn reload_quietly(self, api: ApiClient, stack: Arc<str>, page: Memo<u32>) {
        let asked = page.get_untracked();
        leptos::task::spawn_local(async move {
            let answer = api.jobs(&stack, asked).await;
            if page.try_get_untracked() != Some(asked) {
                return;
            }
            let rows = self.rows.try_get_value().flatten();
            match (answer, rows) {
                (Ok(loaded), Some(rows)) if self.same_shape(&loaded) => {
                    self.all_jobs.offer(&stack, asked, &loaded);
                    if rows.try_with_untracked(|rows| *rows != loaded.jobs) == Some(true) {
                        rows.try_set(loaded.jobs.clone());
                    }
                    self.last_shown.set_value(Some(loaded));
                    self.stale.try_set(None);
                    self.screen.loaded();
                }
                (Ok(loaded), _) => {
                    self.fetched.set_value(Some(loaded));
                    self.jobs.refetch();
                }
                // The throttle's end reloads the screen.
                (Err(ApiError::Throttled(_)), _) => {}
                // The rows stay; the note says they are not fresh.
                (Err(error), Some(_)) => {
                    self.stale.try_set(Some(error));
                }
                (Err(_), None) => self.jobs.refetch(),
            }
        });
    }

    /// Whether a page can replace the one on screen row by row.
    fn same_shape(&self, loaded: &Page) -> bool {
        self.last_shown.with_value(|last| {
            last.as_ref().is_some_and(|last| {
                last.pagination == loaded.pagination
                    && last.unreadable == loaded.unreadable
                    && !loaded.jobs.is_empty()
            })
        })
    }

    fn view(self, stack: Arc<str>) -> Callback<(), Suspend<AnyView>> {
        let retry = Callback::new(move |()| self.jobs.refetch());
        Callback::new(move |()| {
            let stack = stack.clone();
            Suspend::new(async move {
                match suspend_on(self.jobs).await {
                    Ok(loaded) => {
                        self.last_shown.set_value(Some(loaded.clone()));
                        self.all_jobs
                            .offer(&stack, loaded.pagination.current, &loaded);
                        self.stale.set(None);
                        self.screen.loaded();
                        self.content(stack, loaded, None)
                    }
                    Err(error @ ApiError::Throttled(_)) => match self.last_shown.get_value() {
                        Some(last) => {
                            let note = format!(
                                "Showing the jobs as last loaded (page {}); they load again by \
                                 themselves when the API's quota window resets.",
                                last.pagination.current
                            );
                            self.content(stack, last, Some(note))
                        }
                        None => view! { <ErrorAlert error /> }.into_any(),
                    },
                    Err(error) => {
                        // No table on screen for a quiet reload to refresh.
                        self.rows.set_value(None);
                        view! { <ErrorAlert error retry /> }.into_any()
                    }
                }
            })
        })
    }
}

impl JobsLoad {
    /// A loaded page: bulk buttons, table and pager, or why there is no table.
    fn content(self, stack: Arc<str>, loaded: Page, note: Option<String>) -> AnyView {
        let Page {
            jobs,
            unreadable,
            pagination,
        } = loaded;
        if jobs.is_empty() && unreadable == 0 {
            self.rows.set_value(None);
            return no_jobs(&stack, &pagination);
        }
        jobs_content(stack, jobs, unreadable, pagination, note, self)
    }
}

/// Why a loaded page has no table: the stack has no jobs, or the page is past
/// the end.
fn no_jobs(stack: &str, pagination: &Pagination) -> AnyView {
    if pagination.current <= 1 {
        return view! { <p class="empty">"This stack has no jobs."</p> }.into_any();
    }
    let last = pagination.pages.max(1);
    view! {
        <p role="alert" class="alert">
            {format!("There is no page {} of this stack's jobs: they end at page {last}. ", pagination.current)}
            <a href=jobs_href(stack, last)>{format!("Go to page {last}")}</a>
        </p>
    }
    .into_any()
}

/// Bulk buttons, the table and the pager of a page with jobs.
fn jobs_content(
    stack: Arc<str>,
    jobs: Vec<Job>,
    unreadable: usize,
    pagination: Pagination,
    note: Option<String>,
    load: JobsLoad,
) -> AnyView {
    let count = pagination.count.max(jobs.len() as u32);
    let table_rows = RwSignal::new(jobs);
    load.rows.set_value(Some(table_rows));
    let screen = load.screen;
    // Scoped: `stale` outlives this page's table (`state::scoped`).
    let stale = scoped_memo(move || load.stale.get());
    let stale = move || {
        stale.get().map(|error| {
            let retry = Callback::new(move |()| {
                screen.refresh_now();
            });
            view! {
                <p role="alert" class="alert">
                    {format!("Could not refresh the jobs, so they are shown as last loaded. {}", error.message())}
                    " "
                    <button type="button" on:click=move |_| retry.run(())>"Try again"</button>
                </p>
            }
        })
    };
    let dialogs = expect_context::<JobDialogs>();
    let href = {
        let stack = stack.clone();
        // Pager links always name their page, as they always have.
        Callback::new(move |n: u32| format!("{}?page={n}", jobs_href(&stack, 1)))
    };
    view! {
        {note.map(|note| view! { <p class="note">{note}</p> })}
        {stale}
        <BulkBar stack_uid=stack.clone() count />
        {(unreadable > 0).then(|| view! {
            <p role="alert" class="alert">
                {format!("{unreadable} job(s) on this page could not be read (no uid) and are not shown.")}
            </p>
        })}
        <JobsTable stack_uid=stack jobs=table_rows on_run_with_args=Callback::new(move |job| dialogs.ask_run(job)) />
        <Pager pagination href />
    }
    .into_any()
}
