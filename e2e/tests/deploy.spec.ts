// The production nginx configuration (deploy/nginx) in front of the release
// build: headers, caching, compression, deep links, the API proxy, and a whole
// flow under the Content-Security-Policy without a single violation.
import { expect, test, type APIRequestContext } from "./fixtures";
import {
  activity,
  control,
  jobsTable,
  latestEntry,
  pager,
  PRODUCTION,
  row,
  signIn,
  TOKEN,
  stackPicker,
} from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

/** The hashed file names index.html refers to. */
async function assets(request: APIRequestContext) {
  const html = await (await request.get("/")).text();
  const wasm = html.match(/\/jobdeck-[0-9a-f]{8,16}_bg\.wasm/)?.[0];
  const js = html.match(/\/jobdeck-[0-9a-f]{8,16}\.js/)?.[0];
  expect(wasm, "index.html names the wasm").toBeTruthy();
  expect(js, "index.html names the app's js").toBeTruthy();
  return { wasm: wasm!, js: js! };
}

test("index.html carries the security headers and is never cached", async ({ request }) => {
  const response = await request.get("/");
  expect(response.status()).toBe(200);
  const h = response.headers();
  expect(h["content-type"]).toMatch(/^text\/html/);
  const csp = h["content-security-policy"];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).toContain("require-trusted-types-for 'script'");
  expect(csp).toContain("trusted-types default");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("no-referrer");
  expect(h["cache-control"]).toContain("no-cache");
  expect(h["cache-control"]).not.toContain("immutable");
  // No inline script: the loader is a file of its own.
  const html = await response.text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/);
});

test("the wasm and its glue are preloaded ahead of every script", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const { wasm, js } = await assets(request);
  const firstScript = html.indexOf("<script");
  const preload = html.search(new RegExp(`<link rel="preload" href="${wasm}"[^>]* as="fetch"`));
  const modulepreload = html.search(new RegExp(`<link rel="modulepreload" href="${js}"`));
  expect(firstScript).toBeGreaterThan(0);
  // Behind the parser-blocking prefetch script, the wasm's download would
  // wait for it to arrive and run.
  expect(preload, "the wasm's preload").toBeGreaterThan(0);
  expect(preload).toBeLessThan(firstScript);
  expect(modulepreload, "the glue's modulepreload").toBeGreaterThan(0);
  expect(modulepreload).toBeLessThan(firstScript);
});

test("the hashed wasm is cached for a year and sent precompressed", async ({ request }) => {
  const { wasm, js } = await assets(request);
  const plain = await request.get(wasm, { headers: { "Accept-Encoding": "identity" } });
  expect(plain.status()).toBe(200);
  expect(plain.headers()["content-type"]).toBe("application/wasm");
  expect(plain.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  expect(plain.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(plain.headers()["x-content-type-options"]).toBe("nosniff");
  const body = await plain.body();
  expect([...body.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"

  for (const encoding of ["br", "gzip"]) {
    const compressed = await request.get(wasm, { headers: { "Accept-Encoding": encoding } });
    expect(compressed.status()).toBe(200);
    expect(compressed.headers()["content-encoding"], encoding).toBe(encoding);
    expect(compressed.headers()["content-type"]).toBe("application/wasm");
    expect(compressed.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(Number(compressed.headers()["content-length"])).toBeLessThan(body.length);
  }

  const script = await request.get(js, { headers: { "Accept-Encoding": "br" } });
  expect(script.headers()["content-type"]).toMatch(/javascript/);
  expect(script.headers()["content-encoding"]).toBe("br");
  expect(script.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
});

test("deep links fall back to index.html", async ({ request }) => {
  const index = await (await request.get("/")).text();
  for (const path of ["/stacks/x/jobs", `/stacks/${PRODUCTION}/jobs?page=2`]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/html/);
    expect(response.headers()["cache-control"]).toContain("no-cache");
    expect(response.headers()["content-security-policy"]).toContain("connect-src 'self'");
    expect(await response.text()).toBe(index);
  }
});

test("the API is proxied on the same origin with its auth and quota headers", async ({
  request,
}) => {
  const signed = await request.get("/api/3/stacks", {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(signed.status()).toBe(200);
  expect(signed.headers()["content-type"]).toMatch(/application\/json/);
  expect(signed.headers()["x-ratelimit-limit"]).toBe("3600");
  expect(Number(signed.headers()["x-ratelimit-remaining"])).toBe(3599);
  const body = await signed.json();
  expect(body.response.map((s: { name: string }) => s.name)).toContain("Acme Production");

  const again = await request.get("/api/3/stacks.json", {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(again.headers()["x-ratelimit-remaining"]).toBe("3598");

  const anonymous = await request.get("/api/3/stacks");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["x-ratelimit-limit"]).toBe("3600");
  expect((await anonymous.json()).error).toBe("unauthenticated");
});

test("Trusted Types are enforced: no string that could run script reaches the DOM", async ({ page, violations }) => {
  await page.goto("/");
  await expect(page.getByLabel("API token")).toBeVisible();
  const outcomes = await page.evaluate(() => {
    const attempt = (f: () => void) => {
      try {
        f();
        return "allowed";
      } catch (e) {
        return (e as Error).name;
      }
    };
    return [
      attempt(() => document.body.insertAdjacentHTML("beforeend", '<img src="x" onerror="alert(1)">')),
      attempt(() => document.body.insertAdjacentHTML("beforeend", "<script>alert(1)</script>")),
      attempt(() => {
        document.createElement("script").src = "/evil.js";
      }),
      attempt(() => document.body.insertAdjacentHTML("beforeend", "<b>plain markup</b>")),
    ];
  });
  expect(outcomes).toEqual(["TypeError", "TypeError", "TypeError", "allowed"]);
  // What this test tripped on purpose was reported (the reports arrive on
  // their own time); it is not a failure of the suite.
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  await page.close();
  const tripped = /trusted-types-sink|requires 'Trusted(HTML|ScriptURL|Script)' assignment/;
  expect(violations.every((v) => tripped.test(v)), violations.join("\n")).toBe(true);
  violations.splice(0);
});

test("a whole flow through nginx raises no CSP violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const cspViolations = async () =>
    [...violations, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];

  await page.goto("/");
  await signIn(page);
  await stackPicker(page).selectOption({ label: "Acme Production (production)" });
  await expect(jobsTable(page)).toBeVisible();
  await pager(page).getByRole("link", { name: "Next" }).click();
  await expect(pager(page)).toContainText("Page 2 of 3");
  expect(await cspViolations()).toEqual([]);

  // A reload on the deep link comes back to page 2 (nginx serves index.html).
  await page.reload();
  await expect(pager(page)).toContainText("Page 2 of 3");
  await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/jobs\\?page=2$`));
  await expect(jobsTable(page).getByRole("row")).toHaveCount(31);

  // Run a job to Succeeded, with arguments, through the dialog.
  const job = row(page, "job-032");
  await job.getByRole("button", { name: "Run with arguments…" }).click();
  await page.getByRole("dialog").getByLabel("Arguments").fill("deploy check");
  await page.getByRole("dialog").getByRole("button", { name: "Run" }).click();
  await expect(latestEntry(page)).toContainText("job-032");
  await expect(latestEntry(page)).toContainText("Succeeded");
  await expect(activity(page)).toContainText("ran with arguments: deploy check");

  await page.getByRole("button", { name: "Pause all", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByLabel("API token")).toBeVisible();
  expect(await cspViolations()).toEqual([]);
});
