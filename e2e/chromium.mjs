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
  ],
};
