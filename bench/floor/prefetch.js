// The Leptos floor's requests, sent before its wasm starts, as Jobdeck's
// src/prefetch.js does: the same two GETs as the baseline, at once. The wasm
// takes the jobs answer's text from window.__floorJobs.
"use strict";
(() => {
  const STACK = "5999b763474b0eafa5fafb64bff0ba80";
  const token = localStorage.getItem("jobdeck.token");
  const api = (localStorage.getItem("jobdeck.api_url") || "/api/3").replace(/\/+$/, "");
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  const get = (path) => fetch(`${api}${path}`, { headers }).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))));
  window.__floorStacks = get("/stacks?page=1");
  window.__floorJobs = get(`/stacks/${STACK}/jobs?page=1`);
})();
