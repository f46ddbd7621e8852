// Browser checks of the storyline web UI: opens every page in headless
// Chromium, asserts visible content, keyboard access and that the hostile
// article runs no script, and saves screenshots to docs/screenshots/.
//
// Usage: start a server on a database that contains the hostile fixture
// (see README in this folder), then
//   BASE_URL=http://127.0.0.1:8088 node e2e.mjs
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8088";
const SHOTS = process.env.SCREENSHOTS ?? join(dirname(fileURLToPath(import.meta.url)), "../../../docs/screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
mkdirSync(SHOTS, { recursive: true });

let failed = 0;
let passed = 0;
function check(ok, what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.error(`FAIL: ${what}`);
  }
}

async function api(path) {
  const r = await fetch(BASE + path);
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}

const stories = (await api("/api/stories?limit=500")).items;
const bigStory = stories.reduce((a, b) => (b.articles.length > a.articles.length ? b : a));
const speaker = (await api("/api/entities?q=Makiranta")).items[0];
const articles = (await api("/api/articles?duplicates=true&limit=500")).items;
const hostile = articles.find((a) => a.external_id === "hostile-1");
const quoted = (await api(`/api/statements?limit=1&story=${bigStory.id}`)).items[0];

const pages = [
  { name: "home", path: "/", expect: "Latest statements" },
  { name: "story", path: `/stories/${bigStory.id}`, expect: "Timeline of statements", svg: true },
  { name: "entity", path: `/entities/${speaker.id}`, expect: "Positions over time" },
  { name: "article", path: `/articles/${quoted.article_id}`, expect: "Statements in this article" },
  { name: "outlets", path: "/outlets", expect: "Outlets compared" },
  { name: "search", path: "/search?q=dam", expect: "Statements" },
  { name: "stories", path: "/stories", expect: "Stories" },
  { name: "entities", path: "/entities", expect: "People, organisations and places" },
  { name: "not-found", path: "/articles/ffffffffffffffff", expect: "Not Found", status: 404 },
];
if (hostile) {
  pages.push({ name: "hostile-article", path: `/articles/${hostile.id}`, expect: "Mallory", hostile: true });
  pages.push({ name: "hostile-search", path: "/search?q=alert", expect: "alert", hostile: true });
} else {
  console.error("note: no hostile-1 article in this database; the script-execution check is skipped");
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
// Anything that leaves this server (a smuggled CSS import, an image) is a failure.
const offsite = [];
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith(BASE)) return route.continue();
  offsite.push(url);
  return route.abort();
});

for (const p of pages) {
  const page = await context.newPage();
  let dialogs = 0;
  const consoleErrors = [];
  page.on("dialog", (d) => {
    dialogs++;
    d.dismiss();
  });
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  const res = await page.goto(BASE + p.path, { waitUntil: "load" });
  check(res.status() === (p.status ?? 200), `${p.name}: status ${res.status()}`);
  const h1 = (await page.locator("h1").first().innerText()).trim();
  check(h1.length > 0, `${p.name}: has a visible h1`);
  check(await page.getByText(p.expect, { exact: false }).first().isVisible(), `${p.name}: shows "${p.expect}"`);
  const css = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  check(/system-ui|sans/.test(css), `${p.name}: stylesheet applied (font ${css})`);
  if (p.svg) check(await page.locator("svg.timeline circle").count() > 0, `${p.name}: timeline has dots`);
  // Keyboard: the first Tab reaches the skip link, Enter moves to the content.
  await page.keyboard.press("Tab");
  check((await page.evaluate(() => document.activeElement?.textContent)) === "Skip to content", `${p.name}: skip link first`);
  await page.keyboard.press("Enter");
  check((await page.evaluate(() => document.activeElement?.id)) === "main", `${p.name}: skip link focuses main`);
  const unsafe = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll("*")) {
      for (const a of el.attributes) {
        if (a.name.startsWith("on") || a.name === "style") bad.push(`${el.tagName} ${a.name}`);
        if ((a.name === "href" || a.name === "src") && /^\s*(javascript|data):/i.test(a.value)) bad.push(`${el.tagName} ${a.value}`);
      }
    }
    return { scripts: document.scripts.length, iframes: document.querySelectorAll("iframe,object,embed").length, bad };
  });
  check(unsafe.scripts === 0 && unsafe.iframes === 0, `${p.name}: no script/iframe elements (${JSON.stringify(unsafe)})`);
  check(unsafe.bad.length === 0, `${p.name}: no handler/style/javascript attributes (${unsafe.bad.join(", ")})`);
  check(dialogs === 0, `${p.name}: ${dialogs} script executions`);
  if (p.hostile) {
    check(await page.getByText("<script>", { exact: false }).first().isVisible(), `${p.name}: hostile markup shown as text`);
    const hidden = await page.evaluate(() => getComputedStyle(document.body).display);
    check(hidden !== "none", `${p.name}: injected CSS did not apply`);
  }
  await page.screenshot({ path: join(SHOTS, `${p.name}.png`), fullPage: p.name !== "home" && p.name !== "entity" });
  await page.close();
}

// Facets are plain links: following one narrows the results without script.
{
  const page = await context.newPage();
  await page.goto(BASE + "/search?q=dam");
  const facet = page.locator("aside ul.facets li a").nth(1);
  const label = (await facet.innerText()).trim();
  await facet.click();
  await page.waitForLoadState("load");
  check(page.url().includes("outlet="), `search facet "${label}" sets the outlet filter`);
  check((await page.locator("aside a[aria-current=true]").allInnerTexts()).includes(label), "chosen facet is marked current");
  await page.close();
}

check(offsite.length === 0, `requests left the server: ${offsite.join(", ")}`);
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
