// How every browser of the project starts: Debian's Chromium (Playwright's
// own download is not reachable here), headless, as root, and quiet on a
// closed network (without these flags it keeps calling Google's hosts).
export const CHROMIUM = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    // Chromium 156 otherwise opens its omnibox popups' WebUI (two
    // chrome://omnibox-popup.top-chrome pages in a renderer of their own) for
    // every new browser context, that is for every test and every cold load
    // of the benchmark: about 0.35 s of CPU competing with the page on a
    // 2-core machine. A person's browser does it once per window.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
  ],
};
