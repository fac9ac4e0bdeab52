// Jobdeck's first script, small and classic, run as soon as the page is
// parsed. Three jobs:
//
// 0. Trusted Types. The release CSP requires them for the DOM's script and
//    HTML sinks (require-trusted-types-for 'script'; deploy/nginx). The one
//    such sink Jobdeck reaches is the framework's template for a static
//    piece of a view (tachys' InertElement: markup compiled from the app's
//    own view! source, never data, which always goes in as text). The
//    default policy lets that markup through and refuses any that could run
//    script; nothing else may make a policy (trusted-types default).
if (window.trustedTypes && window.trustedTypes.createPolicy) {
  window.trustedTypes.createPolicy("default", {
    createHTML: (html) => {
      if (/<\s*\/?\s*(script|iframe|object|embed|base|meta|link|style|form)\b|\son[a-z]+\s*=|javascript:|srcdoc/i.test(html)) {
        throw new TypeError("Jobdeck refused HTML that could run script.");
      }
      return html;
    },
  });
}
//
// 1. "Jobdeck stopped". A panic in the wasm ends in a trap (the release build
//    aborts at once and runs no Rust hook; see xtask/src/release.rs), which
//    reaches JavaScript as a WebAssembly.RuntimeError, and the wasm cannot be
//    called again. Instead of a frozen page, the person gets a short message
//    and a way to reload; the token is kept. Listening from here also catches
//    a trap during the wasm's start.
(() => {
  "use strict";
  if (typeof WebAssembly !== "object") return;
  let stopped = false;
  const stop = (error) => {
    if (stopped || !(error instanceof WebAssembly.RuntimeError) || !document.body) return;
    stopped = true;
    const main = document.createElement("main");
    main.className = "sign-in";
    main.setAttribute("role", "alert");
    const heading = document.createElement("h1");
    heading.textContent = "Jobdeck stopped";
    const text = document.createElement("p");
    text.textContent = "Something went wrong inside Jobdeck, and it cannot go on. Your token is kept. ";
    const link = document.createElement("a");
    link.setAttribute("href", "");
    link.textContent = "Reload the page";
    // A real reload: src/router.rs leaves links with a target to the browser,
    // instead of moving in place inside a wasm that has stopped.
    link.setAttribute("target", "_self");
    text.append(link);
    main.append(heading, text);
    document.body.replaceChildren(main);
  };
  window.addEventListener("error", (event) => stop(event.error));
  window.addEventListener("unhandledrejection", (event) => stop(event.reason));
})();

// 1b. The code of pages and dialogs loaded on demand (the split release
// build; deploy/post-build.mjs writes which chunk files each split point
// needs into index.html as #jobdeck-chunks). A deep link to such a page asks
// for its chunks now, with the main wasm, instead of once the app has
// started. And `__jobdeckPrefetchParts(names)`, which the app calls once the
// first table is on screen, prefetches the parts it links to when the
// browser is idle, at low priority, and not at all on a connection that
// asks to save data or is slow or cellular.
(() => {
  "use strict";
  let chunks = null;
  try {
    chunks = JSON.parse(document.getElementById("jobdeck-chunks")?.textContent || "null");
  } catch {
    return;
  }
  if (!chunks || typeof chunks !== "object") return;
  const asked = new Set();
  const ask = (names, rel) => {
    for (const name of names) {
      for (const file of chunks[name] || []) {
        if (asked.has(file)) continue;
        asked.add(file);
        const link = document.createElement("link");
        link.rel = rel;
        link.href = `/${file}`;
        // As the link module fetches it (mode cors, same-origin credentials),
        // so that its fetch takes this answer.
        if (rel === "preload") {
          link.as = "fetch";
          link.crossOrigin = "anonymous";
        }
        document.head.append(link);
      }
    }
  };
  // The split point each route's page is (src/pages/mod.rs, page_for).
  const path = window.location.pathname;
  const routes = [
    [/^\/stacks\/[^/]+\/history\/?$/, "history"],
    [/^\/stacks\/[^/]+\/jobs\/[^/]+\/?$/, "job"],
    [/^\/stacks\/[^/]+\/upcoming\/?$/, "upcoming"],
  ];
  for (const [pattern, name] of routes) if (pattern.test(path)) ask([name], "preload");
  const connection = navigator.connection || {};
  const frugal =
    connection.saveData === true ||
    connection.type === "cellular" ||
    /(^|-)2g$/.test(connection.effectiveType || "");
  window.__jobdeckPrefetchParts = (names) => {
    if (frugal || !Array.isArray(names)) return;
    const idle = window.requestIdleCallback || ((f) => setTimeout(f, 200));
    idle(() => ask(names, "prefetch"), { timeout: 5000 });
  };
})();

// 2. The first API requests, sent by this small classic script as soon as
// the page is parsed: in parallel with the wasm's download, compile and start,
// instead of after them. The app takes these answers over (api/transport.rs,
// `take_prefetched`) rather than asking again, so each still costs one request.
// Only what the app is sure to ask first is sent: the stack list's first page,
// and on a jobs page that page of its jobs. Without a stored token, with an
// API on another origin, or on any other route, nothing is sent here and the
// app asks for itself.
(() => {
  "use strict";
  const TIMEOUT_MS = 30000;
  // Reaching a storage can throw too (storage disabled, some private modes).
  const stored = (storage) => {
    try {
      const s = storage();
      return { token: s.getItem("jobdeck.token"), api: s.getItem("jobdeck.api_url") };
    } catch {
      return { token: null, api: null };
    }
  };
  let { token, api } = stored(() => window.localStorage);
  if (!token) ({ token, api } = stored(() => window.sessionStorage));
  token = token ? token.trim() : "";
  if (!token) return;
  api = (api || "").trim().replace(/\/+$/, "") || "/api/3";
  // Same origin only: any other URL waits for the app's own checks.
  if (!/^\/(?![/\\])/.test(api)) return;

  const urls = [`${api}/stacks?page=1`];
  // A uid of dots is no stack (the app says so): nothing is sent for it.
  const jobs = window.location.pathname.match(/^\/stacks\/(?!\.{1,2}\/)([A-Za-z0-9._~-]+)\/jobs\/?$/);
  if (jobs) {
    const params = new URLSearchParams(window.location.search);
    const finding = ["q", "status", "state", "sort"].some((key) => params.get(key));
    const asked = (params.get("page") || "").trim();
    // The app reads a page the same way: a plain number from 1, else page 1;
    // a search or filter starts from page 1.
    const page = !finding && /^[0-9]{1,6}$/.test(asked) && Number(asked) >= 1 ? Number(asked) : 1;
    urls.push(`${api}/stacks/${jobs[1]}/jobs?page=${page}`);
  }

  const answers = {};
  for (const url of urls) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    answers[url] = fetch(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      signal: controller.signal,
    })
      .then(async (response) => ({
        // The device's clock when the headers came, set against `date` by
        // the app (the device's clock may be off: issue 30).
        at: Date.now(),
        date: response.headers.get("date"),
        status: response.status,
        body: await response.text(),
        limit: response.headers.get("x-ratelimit-limit"),
        remaining: response.headers.get("x-ratelimit-remaining"),
        retryAfter: response.headers.get("retry-after"),
        reset: response.headers.get("x-ratelimit-reset"),
      }))
      .catch(() => null)
      .finally(() => clearTimeout(timer));
  }
  window.__jobdeckPrefetch = answers;
})();

// 3. Intl, warmed up while the network works. The first
// `Intl.DateTimeFormat` of a page costs 13-23 ms on the 2-core machine
// (ICU loads its data; the next one costs 0.3 ms), about four times that on
// a phone, and the app needs one for its first times (src/intl.rs). Built
// here when the browser is idle, as while a phone downloads the wasm, the
// app's own costs nothing more; where the browser is never idle before the
// app starts (loopback), this does nothing and the app pays as before.
// Measured with `node bench/profile.mjs` (its SHOW_DTF=1 lists every
// DateTimeFormat built and what it cost).
(() => {
  "use strict";
  if (typeof Intl !== "object" || !window.requestIdleCallback) return;
  window.requestIdleCallback(() => {
    try {
      // The options of the app's first one (src/intl.rs, IntlZone::new).
      const numeric = { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" };
      new Intl.DateTimeFormat("en-US", { hourCycle: "h23", ...numeric }).formatToParts(0);
    } catch {
      // The app asks again and says what it cannot know.
    }
  });
})();
