// `npm run check`: packs fal-rx from this repository, installs it, builds the app (SSR and a
// prerendered route), serves it against the emulator and checks it in headless Chromium.
// Exits 0 when every check passes. Needs Debian's chromium-headless-shell (CHROMIUM to override).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPO = resolve(EXAMPLE, "../..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium-headless-shell";
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const step = (what) => console.log(`\n== ${what}`);
/** Runs a command to its end; its output (stdout and stderr), or an error with it. */
const run = (command, args, cwd) => {
  const done = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const output = `${done.stdout}${done.stderr}`;
  if (done.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${done.status}:\n${output}`);
  return output;
};
const checks = [];
const check = (what, ok, detail = "") => {
  checks.push({ what, ok });
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${ok || !detail ? "" : `\n     ${detail}`}`);
};

step("pack fal-rx from the repository and install it");
run(npm, ["run", "build"], REPO);
rmSync(join(EXAMPLE, ".fal-rx"), { recursive: true, force: true });
mkdirSync(join(EXAMPLE, ".fal-rx"));
run(npm, ["pack", "--ignore-scripts", "--pack-destination", join(EXAMPLE, ".fal-rx")], REPO);
const [tarball] = readdirSync(join(EXAMPLE, ".fal-rx"));
renameSync(join(EXAMPLE, ".fal-rx", tarball), join(EXAMPLE, ".fal-rx", "fal-rx.tgz"));
run(npm, ["install", "--no-audit", "--no-fund"], EXAMPLE);
// The same file name for every pack: install it again, so this pack is the one installed.
run(npm, ["install", "--no-audit", "--no-fund", "--no-save", "./.fal-rx/fal-rx.tgz"], EXAMPLE);

step("ng build (SSR, with a prerendered route)");
const build = run(process.execPath, [join(EXAMPLE, "node_modules/@angular/cli/bin/ng.js"), "build"], EXAMPLE);
const gallery = readFileSync(join(EXAMPLE, "dist/fal-rx-example/browser/gallery/index.html"), "utf8");
check("the build says it skipped the prerendered page's fal call", /fal-rx: a falResource stayed idle while prerendering/.test(build), build.slice(-2000));
check("the prerendered page shows the call idle, and no error", gallery.includes('<p class="status">idle</p>') && !/failed with|Unauthorized/.test(gallery));

step("serve it against the emulator");
const { EMULATOR_KEY, startExampleEmulator } = await import("./emulator.mjs");
const emulator = await startExampleEmulator(0);
const port = await freePort();
const server = spawn(process.execPath, ["dist/fal-rx-example/server/server.mjs"], {
  cwd: EXAMPLE,
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, PORT: String(port), FAL_KEY: EMULATOR_KEY, FAL_EMULATOR_URL: emulator.url },
});
const app = `http://localhost:${port}`;
const { chromium } = await import("playwright-core");
let browser;
try {
  await until(async () => (await fetch(app).catch(() => undefined))?.ok === true, "the SSR server to listen");
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium-headless-shell, or set CHROMIUM`);
  browser = await chromium.launch({ executablePath: CHROMIUM });
  await checkApp(browser, app, emulator.url);
} catch (error) {
  check("the check ran to its end", false, error.stack ?? String(error));
} finally {
  await browser?.close();
  server.kill("SIGTERM");
  await emulator.close();
}

const failed = checks.filter((c) => !c.ok);
console.log(`\n${checks.length - failed.length}/${checks.length} checks passed`);
process.exit(failed.length === 0 ? 0 : 1);

async function checkApp(browser, app, emulatorUrl) {
  const control = (path, init) => fetch(`${emulatorUrl}/_emulator/${path}`, { ...init, headers: { authorization: `Key ${EMULATOR_KEY}` } });
  const jobs = async () => (await control("jobs")).json();
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // Every text change from the moment the server's HTML is parsed: hydration must change none.
  await page.addInitScript(() => {
    window.__changes = [];
    new MutationObserver((records) => {
      for (const record of records) {
        const now = record.target.textContent;
        if (record.type === "characterData" && record.oldValue !== now) window.__changes.push(`${record.oldValue} -> ${now}`);
      }
    }).observe(document, { subtree: true, characterData: true, characterDataOldValue: true });
  });

  step("a server-rendered page view: one job, hydrated without a second");
  for (const view of [1, 2]) {
    await control("reset", { method: "POST" });
    // networkidle: the app has booted and hydrated, and any call it made has been answered.
    const response = await page.goto(app, { waitUntil: "networkidle" });
    const html = await response.text();
    check(`view ${view}: the server's HTML has the image and the logs`, html.includes('class="phase">done<') && html.includes("data:image/svg+xml") && html.includes("sampling"));
    check(`view ${view}: the HTML carries the result, not the key`, html.includes("fal-rx subscribe$ fal-ai") && !html.includes(EMULATOR_KEY));
    const sameJobs = await jobs();
    check(`view ${view}: exactly one fal job for the page view`, sameJobs.length === 1, JSON.stringify(sameJobs.map((j) => j.input)));
    const changes = await page.evaluate(() => window.__changes);
    check(`view ${view}: hydration changed no text (no queued -> running -> done again)`, changes.length === 0, changes.join(", "));
  }

  step("a new prompt replaces the running job (switchMap), cancelling it at fal");
  await control("reset", { method: "POST" });
  const prompt = page.getByLabel("Prompt");
  await prompt.fill("a slow lighthouse");
  await prompt.press("Enter");
  await until(async () => (await jobs()).some((job) => job.input.prompt === "a slow lighthouse" && job.status === "IN_PROGRESS"), "the slow job to run");
  await prompt.fill("a red fox");
  await prompt.press("Enter");
  await page.waitForSelector('img[alt="a red fox"]');
  const afterSwitch = await jobs();
  check("the replaced job was cancelled at fal", afterSwitch.find((job) => job.input.prompt === "a slow lighthouse")?.cancelled === true);
  check("the new prompt's job completed and its image shows", afterSwitch.find((job) => job.input.prompt === "a red fox")?.status === "COMPLETED");

  step("a stream: partials appear one by one");
  await page.evaluate(() => {
    window.__answers = [];
    const answer = document.querySelector(".answer");
    new MutationObserver(() => window.__answers.push(answer.textContent)).observe(answer, { subtree: true, characterData: true, childList: true });
  });
  await page.getByRole("button", { name: "Ask" }).click();
  await page.waitForFunction(() => document.querySelector(".answer")?.textContent === "Observables are lazy: nothing happens until you subscribe.");
  const answers = [...new Set(await page.evaluate(() => window.__answers))].filter(Boolean);
  check("several partials were shown before the answer", answers.length >= 4 && answers.every((text, i) => i === 0 || text.startsWith(answers[i - 1])), answers.join(" | "));

  step("an upload, with its progress");
  await control("reset", { method: "POST" });
  await page.getByLabel("File").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.alloc(256 * 1024, "fal-rx ") });
  await page.waitForSelector("a.file-url");
  const progress = await page.evaluate(() => {
    const bar = document.querySelector("progress");
    return { value: bar.value, max: bar.max, phase: document.querySelector(".upload-phase").textContent };
  });
  const uploaded = (await (await control("requests")).json()).filter((request) => request.route === "upload");
  check("the progress bar is full and the file's URL shows", progress.value === progress.max && progress.max === 256 * 1024 && progress.phase === "done", JSON.stringify(progress));
  check("the file's bytes reached storage", uploaded.some((request) => request.bodyBytes === 256 * 1024), JSON.stringify(uploaded.map((r) => [r.method, r.url, r.bodyBytes])));

  step("the prerendered page: its call is made in the browser");
  await control("reset", { method: "POST" });
  const static_ = await (await page.goto(`${app}/gallery`)).text();
  await page.waitForSelector('img[alt="a red fox"]');
  check("the static page shows the resource idle; the browser then loads it", static_.includes('<p class="status">idle</p>') && (await page.textContent(".status")) === "resolved");
  check("one job, made by the browser", (await jobs()).length === 1);

  check("no error in the page", errors.length === 0, errors.join("\n"));
}

async function until(predicate, what, withinMs = 30_000) {
  const deadline = Date.now() + withinMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
