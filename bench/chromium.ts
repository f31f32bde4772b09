/**
 * Debian's Chromium, as the browser test (test/graph/page.browser.spec.ts) and the bench drive it through
 * playwright-core: never a downloaded browser, and nothing that reaches the network on its own.
 */
export const CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
