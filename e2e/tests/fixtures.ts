// Every test of the suite runs with this `test`: it fails a test in which
// any page of its browser context reported a Content-Security-Policy or
// Trusted Types violation (issue 30, item 7: the CSP requires Trusted Types
// for scripts, and no page, dialog or flow may trip it).
import { test as base, expect } from "@playwright/test";

export * from "@playwright/test";

export const test = base.extend<{ violations: string[] }>({
  violations: [
    async ({ context }, use) => {
      const seen: string[] = [];
      await context.exposeBinding("__jobdeckViolation", (_source, text: string) => {
        seen.push(text);
      });
      await context.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (e) => {
          const report = (window as unknown as { __jobdeckViolation?: (t: string) => void }).__jobdeckViolation;
          report?.(`${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`);
        });
      });
      const watch = (page: import("@playwright/test").Page) => {
        page.on("console", (message) => {
          if (/Content.Security.Policy|Trusted ?Type|TrustedHTML|TrustedScript/i.test(message.text())) {
            seen.push(`console: ${message.text()}`);
          }
        });
        page.on("pageerror", (error) => {
          if (/Trusted ?Type|TrustedHTML|TrustedScript/i.test(error.message)) seen.push(`page error: ${error.message}`);
        });
      };
      context.pages().forEach(watch);
      context.on("page", watch);
      await use(seen);
      expect(seen, "CSP and Trusted Types violations").toEqual([]);
    },
    { auto: true },
  ],
});
