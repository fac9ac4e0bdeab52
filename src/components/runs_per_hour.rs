//! Runs per hour (issue 29, item 3): one row per local day of the window,
//! the hours 00-23 of the chosen zone as columns, each cell the number of
//! runs that start in that hour, shaded by how many (the number is the
//! text, the shade only repeats it).

use leptos::prelude::*;

use crate::logic::runs_per_hour::{DayRow, HourCell, RunsPerHour};

/// The table named "Runs per hour".
#[component]
pub fn RunsPerHourTable(
    /// The counts, again each minute.
    table: Memo<RunsPerHour>,
) -> impl IntoView {
    let hours = (0..24)
        .map(|h| view! { <th scope="col" class="num">{format!("{h:02}")}</th> })
        .collect_view();
    let rows = move || {
        let table = table.get();
        let max = table.max;
        table
            .rows
            .into_iter()
            .map(|row| day_row(row, max))
            .collect_view()
    };
    view! {
        <h2 class="time-section">"Runs per hour"</h2>
        <p class="hint">"Runs starting in each hour of the chosen time zone; – marks an hour the clocks skip, an empty cell an hour outside the window."</p>
        <div class="table-box heat-box" tabindex="0" role="group" aria-label="Runs per hour, scrollable">
            <table class="heat" aria-label="Runs per hour">
                <thead><tr><th scope="col">"Day"</th>{hours}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// How dark a cell is: 0 for none, 1 to 4 by its share of the busiest hour.
fn level(runs: u64, max: u64) -> u64 {
    match (runs, max) {
        (0, _) | (_, 0) => 0,
        (runs, max) => (runs * 4).div_ceil(max).clamp(1, 4),
    }
}

fn day_row(row: DayRow, max: u64) -> impl IntoView {
    let cells = row
        .cells
        .iter()
        .map(|cell| match *cell {
            HourCell::Runs(runs) => {
                let class = format!("num heat-{}", level(runs, max));
                view! { <td class=class>{runs}</td> }.into_any()
            }
            HourCell::Missing => view! {
                <td class="num skipped" title="The clocks skip this hour on this day">"–"</td>
            }
            .into_any(),
            HourCell::Outside => {
                view! { <td class="outside" title="Outside the window"></td> }.into_any()
            }
        })
        .collect_view();
    let title = format!("{} ({} hours)", row.day.iso(), row.day.hours());
    view! {
        <tr>
            <th scope="row" class="nowrap" title=title>{row.day.short_label()}</th>
            {cells}
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::level;

    #[test]
    fn shades_share_the_busiest_hour_in_quarters() {
        assert_eq!(level(0, 10), 0);
        assert_eq!(level(1, 10), 1);
        assert_eq!(level(3, 10), 2);
        assert_eq!(level(5, 10), 2);
        assert_eq!(level(6, 10), 3);
        assert_eq!(level(10, 10), 4);
        assert_eq!(level(1, 1), 4);
        assert_eq!(level(4, 0), 0, "nothing runs: no shade");
    }
}
