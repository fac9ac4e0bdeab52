//! Reusable pieces of the console, one per file.

pub mod action_button;
pub mod activity_log;
pub mod alerts;
pub mod bulk_bar;
pub mod confirm_dialog;
pub mod export_menu;
pub mod find_bar;
pub mod found_jobs;
pub mod header;
pub mod history_table;
pub mod job_detail;
pub mod job_dialogs;
pub mod jobs_table;
pub mod live_toggle;
pub mod modal;
pub mod on_demand;
pub mod pager;
pub mod quota_meter;
pub mod restore;
pub mod runs_table;
pub mod schedule;
pub mod selection_bar;
pub mod shortcuts;
pub mod stack_picker;
pub mod tone;
