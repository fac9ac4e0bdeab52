// The Leptos floor's requests, sent before its wasm starts, as Jobdeck's
// src/prefetch.js does: the same two GETs as the baseline, at once. The wasm
// takes the jobs answer's text from window.__floorJobs.
"use strict";
// The release's CSP (added by deploy/post-build.mjs, as for Jobdeck) requires
// Trusted Types: the same one default policy as Jobdeck's src/prefetch.js,
// which passes tachys' static view markup and refuses HTML that could run
// script. Without it the floor's first view throws and no table comes.
if (window.trustedTypes && window.trustedTypes.createPolicy) {
  window.trustedTypes.createPolicy("default", {
    createHTML: (html) => {
      if (/<\s*\/?\s*(script|iframe|object|embed|base|meta|link|style|form)\b|\son[a-z]+\s*=|javascript:|srcdoc/i.test(html)) {
        throw new TypeError("Refused HTML that could run script.");
      }
      return html;
    },
  });
}
(() => {
  const STACK = "5999b763474b0eafa5fafb64bff0ba80";
  const token = localStorage.getItem("jobdeck.token");
  const api = (localStorage.getItem("jobdeck.api_url") || "/api/3").replace(/\/+$/, "");
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  const get = (path) => fetch(`${api}${path}`, { headers }).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))));
  window.__floorStacks = get("/stacks?page=1");
  window.__floorJobs = get(`/stacks/${STACK}/jobs?page=1`);
})();
