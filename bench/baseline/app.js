// The benchmark's baseline: a careful hand-written page showing the same table
// as Jobdeck's jobs page. Reads the token Jobdeck stores and sends both of the
// page's requests at once, in parallel, with the same Authorization header:
// GET stacks (for the stack's name in the heading, as Jobdeck's heading and
// picker need) and GET jobs (the table). The table is drawn as soon as the jobs
// arrive, without waiting for the stacks; it has the same seven columns Jobdeck
// had when the baseline was written.
"use strict";
(function () {
  const STACK = "5999b763474b0eafa5fafb64bff0ba80";
  const token = localStorage.getItem("jobdeck.token");
  const api = (localStorage.getItem("jobdeck.api_url") || "/api/3").replace(/\/+$/, "");
  const page = new URLSearchParams(location.search).get("page") || "1";
  const status = document.getElementById("status");

  const KINDS = { DockerHostTaskJob: "Host task", DockerServiceTaskJob: "Service task", RakeJob: "Rake" };
  const STATUSES = ["Updated", "Running", "Succeeded", "Failed"];
  const text = (v) => (typeof v === "string" ? v : JSON.stringify(v));

  function command(job) {
    const p = job.params && typeof job.params === "object" ? job.params : {};
    if (job.type === "DockerHostTaskJob" && "command" in p) return text(p.command);
    if (job.type === "DockerServiceTaskJob" && "task" in p)
      return "service_name" in p ? `${text(p.task)} (service ${text(p.service_name)})` : text(p.task);
    if (job.type === "RakeJob" && "task" in p) return `rake ${text(p.task)}`;
    return Object.keys(p).sort().map((k) => `${k}: ${text(p[k])}`).join(", ");
  }

  function updated(value) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC$/.exec(value || "");
    const date = m ? new Date(`${m[1]}T${m[2]}Z`) : new Date(value);
    return isNaN(date) ? "" : date.toLocaleString();
  }

  function cell(tag, content, label) {
    const el = document.createElement(tag);
    if (label) el.dataset.label = label;
    if (content !== undefined) el.textContent = content;
    return el;
  }

  function row(job) {
    const tr = document.createElement("tr");
    const name = cell("th", job.name || "(unnamed job)", "Name");
    name.scope = "row";
    if (job.paused) name.append(" ", cell("span", "Paused"));
    const n = Number(job.status);
    tr.append(
      name,
      cell("td", KINDS[job.type] || job.type || "Unknown", "Type"),
      cell("td", job.cron || "On demand", "Schedule"),
      cell("td", STATUSES[n] || (Number.isInteger(n) ? `Unknown (${n})` : "Unknown"), "Status"),
      cell("td", command(job), "Command"),
      cell("td", updated(job.updated_at), "Updated"),
    );
    const actions = cell("td", undefined, "Actions");
    for (const label of ["Run now", "Run with arguments…", job.paused ? "Unpause" : "Pause"]) {
      const button = cell("button", label);
      button.type = "button";
      actions.append(button);
    }
    tr.append(actions);
    return tr;
  }

  const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  const get = (path) =>
    fetch(`${api}${path}`, { headers }).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))));
  // Both requests leave now, before either answer is awaited.
  const stacks = get("/stacks?page=1");
  const jobs = get(`/stacks/${STACK}/jobs?page=${encodeURIComponent(page)}`);

  const heading = document.getElementById("heading");
  stacks
    .then((body) => {
      const stack = (body.response || []).find((s) => s && s.uid === STACK);
      heading.textContent = stack && stack.name ? `${stack.name}: jobs` : "Jobs";
    })
    .catch(() => {
      heading.textContent = "Jobs";
    });

  jobs
    .then((body) => {
      const table = document.createElement("table");
      table.setAttribute("aria-label", "Jobs");
      const head = table.createTHead().insertRow();
      for (const h of ["Name", "Type", "Schedule", "Status", "Command", "Updated", "Actions"]) {
        const th = cell("th", h);
        th.scope = "col";
        head.append(th);
      }
      const tbody = table.createTBody();
      for (const job of body.response.filter((j) => j && j.uid)) tbody.append(row(job));
      status.replaceWith(table);
    })
    .catch((e) => {
      status.textContent = `Could not load the jobs: ${e.message}`;
    });
})();
