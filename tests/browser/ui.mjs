// tests/browser/ui.mjs - Tandem in a real browser: Playwright (playwright-core)
// driving Debian's /usr/bin/chromium. Normally started by tests/browser/run.sh:
//
//   node tests/browser/ui.mjs http://127.0.0.1:PORT OUTDIR
//
// Expects a stack with the demo data (nginx/stack.sh, SEED=1). Each test runs
// in a fresh browser context (no cookies), with bounded timeouts, and fails on
// any console error, uncaught page error, CSP violation or failed sub-resource.
// Every test leaves a full-page screenshot OUTDIR/<name>.png (also on failure).
// The last line printed is "browser: N passed, M failed"; exit 1 on failures.
//
// Environment: CHROMIUM (default /usr/bin/chromium), ONLY (a substring: run
// only the tests whose name contains it), HEADED=1 (debugging with a display).

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'node:net';
import { deflateSync } from 'node:zlib';

const BASE = (process.argv[2] || '').replace(/\/+$/, '');
const OUTDIR = process.argv[3] || 'var/screenshots';
if (!/^https?:\/\/[^/]+$/.test(BASE)) {
    console.error('usage: node ui.mjs http://127.0.0.1:PORT [OUTDIR]');
    process.exit(2);
}
mkdirSync(OUTDIR, { recursive: true });

const PASSWORD = 'tandem-demo';
const PM = 'pm@demo.test';
const CLIENT = 'client@acme.test';
const NAV_TIMEOUT = 15_000;     // page.goto, waitForURL, navigations
const ACTION_TIMEOUT = 10_000;  // clicks, fills, waits for elements
const TEST_TIMEOUT = 60_000;    // one whole test
const DESKTOP = { width: 1280, height: 800 };

// ---------------------------------------------------------------- helpers

class AssertionError extends Error {}

function assert(cond, msg) {
    if (!cond) throw new AssertionError(msg);
}

function eq(actual, expected, what) {
    assert(actual === expected,
        `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const path = (page) => new URL(page.url()).pathname;
const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

// The visible text of a locator, whitespace collapsed.
async function text(loc) {
    return norm(await loc.innerText());
}

async function visible(loc, what) {
    try {
        await loc.first().waitFor({ state: 'visible', timeout: ACTION_TIMEOUT });
    } catch {
        throw new AssertionError(`${what} is not visible`);
    }
}

// Sign in through the login form. slow: type key by key (as a person would).
async function signIn(page, email, { slow = false } = {}) {
    await page.goto(`${BASE}/login`);
    const form = page.locator('form[action="/login"]');
    await visible(form, 'the sign-in form');
    const emailBox = form.getByLabel('E-mail');
    const passBox = form.getByLabel('Password');
    if (slow) {
        await emailBox.click();
        await emailBox.pressSequentially(email);
        await passBox.click();
        await passBox.pressSequentially(PASSWORD);
    } else {
        await emailBox.fill(email);
        await passBox.fill(PASSWORD);
    }
    await navigate(page, () => passBox.press('Enter'));
    if (path(page) === '/login') {
        const why = await page.locator('[role="alert"], .flash').allInnerTexts().catch(() => []);
        throw new AssertionError(`signing in as ${email} failed: still on /login (${norm(why.join(' ')) || 'no message'})`);
    }
}

// An extra full-page screenshot in the middle of a test: OUTDIR/<test>-<what>.png
async function snap(page, testName, what) {
    await page.screenshot({ path: join(OUTDIR, `${testName}-${what}.png`), fullPage: true });
}

// Click something that submits or follows a link; resolve with the response
// of the navigation it causes.
async function navigate(page, action) {
    const [resp] = await Promise.all([page.waitForNavigation(), action()]);
    return resp;
}

// ---------------------------------------------------------------- tests

const tests = [];
const test = (name, fn, opts = {}) => tests.push({ name, fn, opts });

test('01-login-page', async ({ page }) => {
    const resp = await page.goto(`${BASE}/login`);
    eq(resp.status(), 200, 'GET /login status');
    await visible(page.getByRole('heading', { name: 'Sign in' }), 'the "Sign in" heading');
    const form = page.locator('form[action="/login"]');
    await visible(form, 'the sign-in form');
    eq(await form.getAttribute('method'), 'post', 'sign-in form method');

    const email = form.getByLabel('E-mail');
    const pass = form.getByLabel('Password');
    await visible(email, 'the e-mail field');
    await visible(pass, 'the password field');
    eq(await email.getAttribute('type'), 'email', 'e-mail field type');
    eq(await pass.getAttribute('type'), 'password', 'password field type');
    eq(await email.getAttribute('name'), 'email', 'e-mail field name');
    eq(await pass.getAttribute('name'), 'password', 'password field name');
    assert(await email.evaluate((el) => el === document.activeElement),
        'the e-mail field should have the focus (autofocus)');

    const submit = form.getByRole('button', { name: 'Sign in' });
    await visible(submit, 'the "Sign in" button');
    eq(await submit.getAttribute('type'), 'submit', 'sign-in button type');
    // signed out: no navigation of the signed-in application
    eq(await page.getByRole('navigation', { name: 'Main' }).count(), 0, 'main navigation on the login page');
});

test('02-pm-sign-in-dashboard', async ({ page }) => {
    await signIn(page, PM, { slow: true });
    eq(path(page), '/', 'URL after signing in as the PM');
    await visible(page.getByRole('heading', { level: 1, name: 'Dashboard' }), 'the "Dashboard" heading');
    await visible(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }),
        'the Dashboard link of the main navigation');

    // the four stage cards, each a link to the projects of that stage
    const cards = page.locator('main a[href^="/projects?stage="]');
    eq(await cards.count(), 4, 'number of stage cards');
    const want = ['Initiation', 'Planning', 'Execution', 'Closure'];
    let sum = 0;
    for (let i = 0; i < 4; i++) {
        const card = cards.nth(i);
        await visible(card, `stage card ${i + 1}`);
        const t = await text(card);
        assert(t.includes(want[i]), `stage card ${i + 1} should say "${want[i]}", says "${t}"`);
        const m = t.match(/\d[\d,]*/);
        assert(m, `stage card "${t}" shows no number`);
        const n = Number(m[0].replace(/,/g, ''));
        eq(await card.getAttribute('href'), `/projects?stage=${want[i].toLowerCase()}`, `stage card ${want[i]} link`);
        sum += n;
    }
    assert(sum >= 8, `the stage cards sum to ${sum}, expected at least 8 (demo data)`);

    // "Needs attention": a table with links to projects
    const attention = page.locator('section', { has: page.getByRole('heading', { name: 'Needs attention' }) });
    await visible(attention, 'the "Needs attention" section');
    const table = attention.getByRole('table');
    await visible(table, 'the "Needs attention" table');
    const links = table.locator('tbody a[href^="/projects/"]');
    assert(await links.count() >= 1, 'the "Needs attention" table has no project link');
    await visible(links.first(), 'the first project link in "Needs attention"');
    assert((await text(links.first())).length > 0, 'the first "Needs attention" link has no text');
});

test('03-projects-filter-and-open', async ({ page }) => {
    await signIn(page, PM);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await navigate(page, () => nav.getByRole('link', { name: 'Projects' }).click());
    eq(path(page), '/projects', 'URL after clicking Projects');
    await visible(page.getByRole('heading', { level: 1, name: 'Projects' }), 'the "Projects" heading');

    const filter = page.getByRole('search', { name: 'Filter projects' });
    await visible(filter, 'the project filter form');
    await filter.getByLabel('Stage').selectOption('execution');
    await navigate(page, () => filter.getByRole('button', { name: 'Filter' }).click());
    const url = new URL(page.url());
    eq(url.pathname, '/projects', 'URL path after filtering');
    eq(url.searchParams.get('stage'), 'execution', 'stage in the URL after filtering');
    eq(await page.getByRole('search', { name: 'Filter projects' }).getByLabel('Stage').inputValue(),
        'execution', 'the Stage filter keeps its value');

    const rows = page.locator('main table tbody tr');
    const n = await rows.count();
    assert(n >= 1, 'no project rows for stage "execution" (demo data has four)');
    for (let i = 0; i < n; i++) {
        const t = await text(rows.nth(i));
        assert(/\bExecution\b/.test(t), `row ${i + 1} does not show Execution: "${t}"`);
        for (const other of ['Initiation', 'Planning', 'Closure']) {
            assert(!t.includes(other), `row ${i + 1} shows ${other}: "${t}"`);
        }
    }

    await snap(page, '03-projects-filter-and-open', 'list');

    const link = rows.first().locator('a[href^="/projects/"]').first();
    const name = await text(link);
    const href = await link.getAttribute('href');
    const resp = await navigate(page, () => link.click());
    eq(resp.status(), 200, `GET ${href} status`);
    eq(path(page), href, 'URL after opening the project');
    const h1 = await text(page.getByRole('heading', { level: 1 }));
    assert(h1.startsWith(name), `project page heading "${h1}" should start with "${name}"`);

    const stageForm = page.locator(`form[action="${href}/stage"]`);
    await visible(stageForm, 'the stage form');
    eq(await stageForm.getByLabel('Stage').inputValue(), 'execution', 'the stage form\'s current stage');
    await visible(stageForm.getByRole('button', { name: 'Change stage' }), 'the "Change stage" button');
    const healthForm = page.locator(`form[action="${href}/health"]`);
    await visible(healthForm, 'the health form');
    const health = await healthForm.getByLabel('Health').inputValue();
    assert(['green', 'amber', 'red'].includes(health), `the health form's value is "${health}"`);
    await visible(healthForm.getByRole('button', { name: 'Update health' }), 'the "Update health" button');
    for (const f of [stageForm, healthForm]) {
        eq(await f.getAttribute('method'), 'post', 'stage/health form method');
        assert((await f.locator('input[type="hidden"][name="csrf"]').getAttribute('value') || '').length > 0,
            'a stage/health form has no CSRF token');
    }
});

test('04-client-name-escaped', async ({ page }) => {
    const name = `Test <b>bold</b> & "quotes" ${Date.now().toString(36)}`;
    await signIn(page, PM);
    await navigate(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click());
    eq(path(page), '/clients', 'URL after clicking Clients');
    await navigate(page, () => page.getByRole('link', { name: 'New client' }).click());
    eq(path(page), '/clients/new', 'URL of the new-client form');

    const form = page.locator('form[action="/clients"]');
    await visible(form, 'the new-client form');
    await form.getByLabel('Name').fill(name);
    const resp = await navigate(page, () => form.getByRole('button', { name: 'Create client' }).click());
    eq(resp.status(), 200, 'status of the page after creating the client');
    assert(/^\/clients\/\d+$/.test(path(page)), `after creating the client the URL is ${page.url()}, expected /clients/ID`);

    const h1 = page.getByRole('heading', { level: 1 });
    eq(await h1.textContent().then(norm), norm(name), 'the client page heading (literal text)');
    assert((await h1.innerHTML()).includes('&lt;b&gt;bold&lt;/b&gt; &amp; "quotes"'),
        `the heading's HTML is not escaped: ${await h1.innerHTML()}`);
    eq(await page.locator('b').filter({ hasText: 'bold' }).count(), 0, '<b> elements created from the name');
    // the name is shown as text wherever it appears (title, breadcrumb, flash...)
    const title = await page.title();
    assert(!/<b>/.test(title) || title.includes('<b>bold</b>'), `odd page title: ${title}`);

    await visible(page.getByRole('status').filter({ hasText: /created/i }), 'a "created" message');
    await snap(page, '04-client-name-escaped', 'created');
    const clientPath = path(page);

    // listed literally on the clients list, and the link leads back to it
    await navigate(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click());
    const row = page.getByRole('link', { name, exact: true });
    await visible(row, 'the new client in the clients list');
    eq(await page.locator('b').filter({ hasText: 'bold' }).count(), 0, '<b> elements on the clients list');
    await snap(page, '04-client-name-escaped', 'list');
    await navigate(page, () => row.click());
    eq(path(page), clientPath, 'URL of the client from the list');
    eq(await page.getByRole('heading', { level: 1 }).textContent().then(norm), norm(name), 'the client page heading, again');
});

test('05-project-form-date-error', async ({ page }) => {
    const name = `Date check ${Date.now().toString(36)}`;
    await signIn(page, PM);
    await navigate(page, () => page.getByRole('link', { name: 'New project' }).click());
    eq(path(page), '/projects/new', 'URL of the new-project form');

    const form = page.locator('form[action="/projects"]');
    await visible(form, 'the new-project form');
    const client = form.getByLabel('Client');
    const firstClient = await client.locator('option:not([value=""])').first().getAttribute('value');
    await client.selectOption(firstClient);
    await form.getByLabel('Project name').fill(name);
    await form.getByLabel('Start date').fill('2027-03-10');
    await form.getByLabel('Due date').fill('2027-03-01');
    page.allowStatus('/projects', 422);
    const resp = await navigate(page, () => form.getByRole('button', { name: 'Create project' }).click());
    eq(resp.status(), 422, 'status of the new-project form with due < start');
    eq(path(page), '/projects', 'URL after the rejected form (POST /projects, re-rendered)');

    const form2 = page.locator('form[action="/projects"]');
    await visible(form2, 'the re-rendered project form');
    eq(await form2.getByLabel('Project name').inputValue(), name, 'the typed project name');
    eq(await form2.getByLabel('Client').inputValue(), firstClient, 'the chosen client');
    eq(await form2.getByLabel('Start date').inputValue(), '2027-03-10', 'the start date');
    eq(await form2.getByLabel('Due date').inputValue(), '2027-03-01', 'the due date');

    const due = form2.getByLabel('Due date');
    eq(await due.getAttribute('aria-invalid'), 'true', 'aria-invalid of the due date');
    const describedBy = (await due.getAttribute('aria-describedby')) || '';
    assert(describedBy, 'the due date field has no aria-describedby (no linked error message)');
    const msg = page.locator(`[id="${describedBy.split(/\s+/)[0]}"]`);
    await visible(msg, 'the due date error message');
    const msgText = await text(msg);
    assert(msgText.length > 0, 'the due date error message is empty');
    assert(/due|start|after|before/i.test(msgText), `the due date error does not talk about dates: "${msgText}"`);
    // "next to": in the same field as the due date input, right below it
    assert(await msg.evaluate((m, id) => {
        const input = document.getElementById(id);
        return !!input && input.parentElement.contains(m);
    }, await due.getAttribute('id')), 'the error message is not in the due date field');
    const ib = await due.boundingBox();
    const mb = await msg.boundingBox();
    assert(ib && mb && mb.y >= ib.y + ib.height - 2 && mb.y - (ib.y + ib.height) < 60 &&
        Math.abs(mb.x - ib.x) < 40, `the error message is not right below the due date input (${JSON.stringify({ ib, mb })})`);
    // the name field itself is fine
    assert((await form2.getByLabel('Project name').getAttribute('aria-invalid')) !== 'true', 'the name is marked invalid');
    await visible(form2.locator('[role="alert"]'), 'the form error summary');
});

test('06-client-portal-isolation', async ({ page, browser, newContext }) => {
    // what the PM sees for Acme (client 1)
    const pmCtx = await newContext();
    const pmPage = await pmCtx.newPage();
    await signIn(pmPage, PM);
    const r = await pmPage.goto(`${BASE}/projects?client_id=1`);
    eq(r.status(), 200, 'GET /projects?client_id=1 status');
    const pmNames = (await pmPage.locator('main table tbody a[href^="/projects/"]').allInnerTexts()).map(norm).sort();
    assert(pmNames.length >= 1, 'the PM sees no Acme projects');
    await pmCtx.close();

    await signIn(page, CLIENT);
    eq(path(page), '/portal', 'URL after the client contact signs in');
    const nav = page.getByRole('navigation', { name: 'Main' });
    eq(await nav.getByRole('link', { name: 'Projects' }).count(), 0, 'staff "Projects" link in the client\'s navigation');
    const links = page.locator('main a[href^="/portal/projects/"]');
    const names = (await links.allInnerTexts()).map(norm).sort();
    eq(JSON.stringify(names), JSON.stringify(pmNames), 'portal project names vs the PM\'s Acme projects');
    const body = await page.locator('main').innerText();
    for (const globex of ['ERP integration', 'Q3 campaign landing pages', 'Globex']) {
        assert(!body.includes(globex), `the Acme portal shows "${globex}"`);
    }
    await page.screenshot({ path: join(OUTDIR, '06-client-portal-isolation-portal.png'), fullPage: true });

    // another client's project: not found, and nothing of it shown
    page.allowStatus('/portal/projects/4', 404);
    const resp = await page.goto(`${BASE}/portal/projects/4`);
    eq(resp.status(), 404, 'GET /portal/projects/4 (a Globex project) status');
    const h1 = await text(page.getByRole('heading', { level: 1 }));
    assert(/not found/i.test(h1), `the 404 page heading is "${h1}"`);
    const t = await page.locator('main').innerText();
    assert(!t.includes('ERP integration') && !t.includes('GLX-ERP'), 'the 404 page leaks the Globex project');
    await visible(page.getByRole('link', { name: /portal/i }), 'a way back to the portal on the 404 page');
});

test('07-narrow-dashboard-no-hscroll', async ({ page }) => {
    await signIn(page, PM);
    eq(path(page), '/', 'URL after signing in');
    await visible(page.getByRole('heading', { level: 1, name: 'Dashboard' }), 'the "Dashboard" heading');
    const m = await page.evaluate(() => ({
        sw: document.scrollingElement.scrollWidth,
        cw: document.scrollingElement.clientWidth,
        iw: window.innerWidth,
    }));
    eq(m.iw, 390, 'window.innerWidth');
    if (m.sw > 391) {
        // name the culprits for the report
        const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > 391)
            .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`));
        throw new AssertionError(`horizontal scroll at 390 px: scrollWidth ${m.sw} (elements past the edge: ${wide.join(', ')})`);
    }
    // the stage cards and the attention list are still there
    eq(await page.locator('main a[href^="/projects?stage="]').count(), 4, 'stage cards at 390 px');
    await visible(page.getByRole('heading', { name: 'Needs attention' }), '"Needs attention" at 390 px');
}, { viewport: { width: 390, height: 844 } });

test('08-logout', async ({ page }) => {
    await signIn(page, PM);
    eq(path(page), '/', 'URL after signing in');
    const out = page.getByRole('button', { name: 'Sign out' });
    await visible(out, 'the "Sign out" button');
    await navigate(page, () => out.click());
    eq(path(page), '/login', 'URL after signing out');
    const status = page.getByRole('status');
    await visible(status.filter({ hasText: /signed out/i }), 'a "signed out" message');
    await visible(page.locator('form[action="/login"]'), 'the sign-in form after signing out');
    // the session is really gone: with this context's cookies, / redirects to the login
    const r = await page.request.get(`${BASE}/`, { maxRedirects: 0 });
    assert([302, 303].includes(r.status()), `GET / after signing out answered ${r.status()}, expected a redirect`);
    assert(new URL(r.headers()['location'] || '', BASE).pathname === '/login',
        `GET / after signing out redirects to ${r.headers()['location']}, expected /login`);
});

test('09-gantt-chart', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await signIn(page, PM);
    const resp = await page.goto(`${BASE}/projects/1/gantt`);
    eq(resp.status(), 200, 'GET /projects/1/gantt status');
    const svg = page.locator('svg.gantt');
    await visible(svg, 'the Gantt chart');
    const box = await svg.boundingBox();
    assert(box && box.width > 800 && box.height > 300, `the chart is too small: ${JSON.stringify(box)}`);
    const labels = (await page.locator('svg.gantt .g-labels text').allTextContents()).map(norm);
    assert(labels.includes('Visual design') && labels.includes('Team retrospective'), `task labels: ${labels.join(' | ')}`);
    eq(await page.locator('svg.gantt .g-today').count(), 1, 'today lines');
    assert(await page.locator('svg.gantt .g-ms').count() >= 4, 'milestone diamonds');
    const w = await page.evaluate(() => {
        const t = [...document.querySelectorAll('svg.gantt .g-labels text')];
        return Math.max(...t.map((e) => e.getBBox().x + e.getBBox().width));
    });
    assert(w < 240 - 22, `a task label runs into the timeline (${w}px)`);
    await visible(page.getByRole('button', { name: 'Shift the dependants' }), 'the offer to shift dependants');
});

test('10-portal-gantt-client-visible-only', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await signIn(page, CLIENT);
    await page.goto(`${BASE}/portal/projects/1`);
    await navigate(page, () => page.getByRole('link', { name: /schedule/i }).click());
    eq(path(page), '/portal/projects/1/gantt', 'URL of the portal chart');
    await visible(page.locator('svg.gantt'), 'the portal Gantt chart');
    const body = await page.locator('main').textContent();   // SVG text included
    for (const internal of ['Store locator API workaround', 'Load testing and margin check', 'Team retrospective',
        'Content audit', 'Headless CMS setup']) {
        assert(!body.includes(internal), `the portal chart shows the internal task "${internal}"`);
    }
    assert(body.includes('Product page migration'), 'a client-visible task is missing');
    eq(await page.getByRole('button', { name: 'Shift the dependants' }).count(), 0, 'shift offers in the portal');
});

test('11-admin-webhook-secret-once', async ({ page }) => {
    await signIn(page, 'admin@demo.test');
    await navigate(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click());
    eq(path(page), '/settings/webhooks', 'URL after clicking Settings');
    const form = page.locator('form[action="/settings/webhooks"]');
    await visible(form, 'the new-endpoint form');
    await form.getByLabel('Name').fill(`Browser hook ${Date.now().toString(36)}`);
    await form.getByLabel('URL').fill('https://example.com/tandem-hook');
    await form.getByRole('checkbox', { name: 'client.created' }).check();
    await navigate(page, () => form.getByRole('button', { name: 'Add endpoint' }).click());
    assert(/^\/settings\/webhooks\/\d+$/.test(path(page)), `after adding the endpoint the URL is ${page.url()}`);
    const secret = await text(page.locator('code.secret'));
    assert(/^whsec_[A-Za-z0-9+/=]{32}$/.test(secret), `the secret shown is "${secret}"`);
    await snap(page, '11-admin-webhook-secret-once', 'secret');
    await navigate(page, () => page.reload());
    eq(await page.locator('code.secret').count(), 0, 'secrets shown on the second visit');
    // off again, so nothing tries to reach example.com
    await navigate(page, () => page.getByRole('button', { name: 'Disable' }).click());
    await visible(page.getByRole('button', { name: 'Enable' }), 'the "Enable" button after disabling');
});

test('20-timesheet-keyboard', async ({ page }) => {
    // A week no one else uses; the grid is filled with the keyboard only.
    await signIn(page, 'member@demo.test');
    const resp = await page.goto(`${BASE}/time?week=2034-W10`);
    eq(resp.status(), 200, 'GET /time status');
    await visible(page.getByRole('heading', { level: 1, name: 'Timesheet' }), 'the "Timesheet" heading');
    // Tab from the top of the page to the "Add a row" select
    let name = '';
    for (let i = 0; i < 60 && name !== 'new_row'; i++) {
        await page.keyboard.press('Tab');
        name = await page.evaluate(() => document.activeElement && document.activeElement.name);
    }
    eq(name, 'new_row', 'Tab reaches the "Add a row" select');
    await page.keyboard.press('ArrowDown');   // the first project
    const chosen = await page.evaluate(() => document.activeElement.value);
    assert(chosen !== '', 'ArrowDown chooses a project');
    for (const v of ['1.5', '1,5', '1:30', '90m', '2']) {
        await page.keyboard.press('Tab');
        await page.keyboard.type(v);
    }
    eq(await page.evaluate(() => document.activeElement.name), 'new-4', 'Tab moves along the row');
    // the optional script keeps the totals current while typing
    eq(await text(page.locator('td.week-total')), '8:00', 'week total while typing (static/time.js)');
    await snap(page, '20-timesheet-keyboard', 'typed');
    await navigate(page, () => page.keyboard.press('Enter'));
    eq(path(page), '/time', 'Enter saves and comes back to the timesheet');
    await visible(page.locator('.flash', { hasText: 'Time saved.' }), 'the "Time saved." message');
    eq(await text(page.locator('td.week-total')), '8:00', 'week total');
    const days = await page.locator('td.day-total').allInnerTexts();
    eq(days.map(norm).join('|'), '1:30|1:30|1:30|1:30|2:00|0:00|0:00', 'day totals');
    eq(await text(page.locator('td.row-total').first()), '8:00', 'row total');
    eq(await page.locator('input[name^="m-"]').first().inputValue(), '1:30', 'the saved cell shows h:mm');
    // a bad cell comes back (422) with the typed values, and the totals add up what is shown
    page.allowStatus('/time/grid', 422);
    const cells = page.locator('input[name^="m-"]');
    await cells.nth(0).fill('2');
    await cells.nth(1).fill('lots');
    const bad = await navigate(page, () => cells.nth(1).press('Enter'));
    eq(bad.status(), 422, 'a bad cell');
    eq(await page.locator('input[name^="m-"]').nth(0).inputValue(), '2', 'the typed value comes back');
    eq(await text(page.locator('td.row-total').first()), '7:00', 'the row total adds the values shown (bad cell left out)');
    eq(await text(page.locator('td.week-total')), '7:00', 'the week total too');
    await snap(page, '20-timesheet-keyboard', '422');
});

// The newest e-mail in MAIL_DIR (the SMTP sink's NNNN.eml files, set by run.sh)
// to `to` whose text holds `needle`; polls until it arrives. Returns the
// decoded text (quoted-printable undone).
async function mailTo(to, needle, timeoutMs = 20_000) {
    const dir = process.env.MAIL_DIR;
    assert(dir, 'MAIL_DIR is not set (tests/browser/run.sh starts the SMTP sink)');
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
        let names = [];
        try { names = readdirSync(dir).filter((n) => n.endsWith('.eml')).sort().reverse(); } catch { /* not yet */ }
        for (const n of names) {
            const raw = readFileSync(join(dir, n), 'latin1');
            const text = Buffer.from(raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g,
                (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
            if (new RegExp(`^To: .*<${to.replace(/[.@]/g, '\\$&')}>`, 'm').test(text) && text.includes(needle)) return text;
        }
        await new Promise((r) => setTimeout(r, 200));
    }
    throw new AssertionError(`no e-mail to ${to} containing ${needle} arrived in the SMTP sink`);
}

// A small PNG mock-up (a header bar and a line), drawn in the accent blue.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAPAAAACMCAIAAADN17N/AAABPElEQVR42u3coQ0AIAxFwW7EaGzMDAgUqhaBJIjmkpugefY3Wh9QRjgBggZBg6BB0AgaBA2CBkGDoBE0CBoEDYIGQSNoEDQIGgQNgkbQIGgQNAgaBI2gQdAgaBA0HEHPtaEMQSNoEDQIGgSNoEHQIGgQNAgaQYOgQdAgaBA0ggZBg6BB0CBoBA2CBkGDoEHQCBoEDYIGQYOgEfSdh8Q8J2gELWgELWgEDYJG0IJG0IJG0IJG0CBoBC1oBC1oBC1oBA2CRtCCRtCCRtBQJ2gwkgVBg6ARNAgaBA2CBkEjaBA0CBoEDYJG0CBoEDQIGgSNoEHQIGgQNAgaQYOgQdAgaBA0ggZBg6BB0AgaBA2CBkGDoBE0CBoEDYIGQSNoEDQIGgQNgkbQIGgQNAgaBI2gQdAgaBA0CBpBg6DhrwTH7hNqLAUd8QAAAABJRU5ErkJggg==', 'base64');

test('12-approval-walkthrough', async ({ page, newContext }) => {
    const title = `Homepage mock-up ${Date.now()}`;
    // 1. the PM uploads a client-visible document
    await signIn(page, PM);
    await page.goto(`${BASE}/projects/1/documents`);
    const up = page.locator('form[action="/projects/1/documents"]');
    await up.getByLabel('Title').fill(title);
    await up.locator('input[type="file"]').setInputFiles({ name: 'homepage.png', mimeType: 'image/png', buffer: PNG });
    await up.getByLabel('Shared with the client').check();
    await navigate(page, () => up.getByRole('button', { name: 'Upload' }).click());
    assert(/^\/documents\/\d+$/.test(path(page)), `after upload: ${path(page)}`);
    const docUrl = page.url();
    await snap(page, '12-approval-walkthrough', '1-uploaded');

    // 2. asks Jordan Reyes (approve) for an approval
    const ask = page.locator('form[action$="/approvals"]');
    await ask.getByLabel(/Jordan Reyes/).check();
    const due = new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10);
    await ask.getByLabel('Due date').fill(due);
    await ask.getByLabel('Message').fill('Please approve the homepage mock-up.');
    await navigate(page, () => ask.getByRole('button', { name: 'Send for approval' }).click());
    await visible(page.locator('tr.approval-row.state-pending'), 'the pending approval');
    await snap(page, '12-approval-walkthrough', '2-requested');

    // 3. the e-mail arrives in the SMTP sink with the tokenised link
    const mail = await mailTo(CLIENT, title);
    const m = mail.match(/https?:\/\/[^\s"<>]+\/a\/[0-9a-f]{64}/);
    assert(m, 'no /a/ link in the e-mail');
    const link = `${BASE}${new URL(m[0]).pathname}`;

    // 4. the client opens it (no sign-in), sees the preview, approves with their name
    const cctx = await newContext();
    const cpage = await cctx.newPage();
    const resp = await cpage.goto(link);
    eq(resp.status(), 200, 'GET /a/{token}');
    await visible(cpage.locator('img.approval-preview'), 'the image preview');
    assert(!(await cpage.locator('body').innerText()).includes('Tandem'), 'the approval page shows "Tandem"');
    await snap(cpage, '12-approval-walkthrough', '3-client-opens');
    await cpage.locator('select[name="decision"]').selectOption('approve');
    await cpage.locator('input[name="signed_name"]').fill('Jordan Reyes');
    await navigate(cpage, () => cpage.getByRole('button', { name: 'Record my decision' }).click());
    await visible(cpage.locator('#decision'), 'the recorded decision');
    eq(await text(cpage.locator('#dec-h')), 'Approved', 'decision heading');
    await snap(cpage, '12-approval-walkthrough', '4-client-approved');

    // 5. the PM sees the decision with its audit record; the version is locked
    await page.goto(docUrl);
    const row = page.locator('tr.approval-row.state-approved');
    await visible(row, 'the approved approval');
    const audit = await text(row.locator('td.audit'));
    assert(audit.includes('Jordan Reyes') && audit.includes('127.0.0.1'), `audit record: ${audit}`);
    assert(/[0-9a-f]{64}/.test(audit), 'the audit record shows the version SHA-256');
    await visible(page.getByText('Approved · locked'), 'the locked version');
    await snap(page, '12-approval-walkthrough', '5-pm-sees-audit');
});

test('13-portal-change-approval', async ({ page, newContext }) => {
    // the demo's pending request: Jordan is asked to approve the loyalty teaser page
    await signIn(page, CLIENT);
    await page.goto(`${BASE}/portal/projects/1`);
    const waiting = page.locator('ul.waiting-approvals li', { hasText: 'Loyalty programme teaser page' });
    await visible(waiting, 'the waiting change request approval');
    await snap(page, '13-portal-change-approval', '1-waiting');
    // click 1: open it
    await navigate(page, () => waiting.getByRole('link', { name: 'Review and decide' }).click());
    assert(/^\/portal\/approvals\/\d+$/.test(path(page)), `the approval page: ${path(page)}`);
    const impact = await text(page.locator('dl.change-impact'));
    assert(impact.includes('3 days later') && impact.includes('16:00') && impact.includes('€1,500.00'),
        `the impact shown: ${impact}`);
    await snap(page, '13-portal-change-approval', '2-opened');
    // click 2: sign and approve
    const form = page.locator('form.portal-decision');
    await form.getByLabel('Type your full name to sign').fill('Jordan Reyes');
    await navigate(page, () => form.getByRole('button', { name: 'Approve' }).click());
    await visible(page.locator('#decision'), 'the recorded decision');
    eq(await text(page.locator('#dec-h')), 'Approved', 'decision heading');
    await snap(page, '13-portal-change-approval', '3-approved');
    // back on the project page nothing waits any more, and the change is approved
    await page.goto(`${BASE}/portal/projects/1`);
    eq(await page.locator('ul.waiting-approvals li', { hasText: 'Loyalty programme teaser page' }).count(), 0,
        'the decided approval still waiting');
    // the PM sees the change approved, with the audit record under it
    const ppage = await (await newContext()).newPage();
    await signIn(ppage, PM);
    await ppage.goto(`${BASE}/projects/1/changes`);
    const card = ppage.locator('section.change-card', { hasText: 'Loyalty programme teaser page' });
    await visible(card.locator('.tag-approved'), 'the approved change request');
    const audit = await text(card.locator('tr.approval-row.state-approved td.audit'));
    assert(audit.includes('Jordan Reyes') && /[0-9a-f]{64}/.test(audit), `audit record: ${audit}`);
    await snap(ppage, '13-portal-change-approval', '4-pm-sees-audit');
});

test('16-portal-home-waiting-and-decline', async ({ page, newContext }) => {
    // the demo's single sign-on change (project 3) has no request: any Acme approver decides it
    await signIn(page, CLIENT);
    const card = page.locator('li.project-card', { hasText: 'Customer portal MVP' });
    eq(await text(card.locator('.project-card-waiting')), '1 waiting on you', 'the card\'s count');
    await visible(page.locator('.portal-waiting-note'), 'the line saying what waits');
    await snap(page, '16-portal-home-waiting-and-decline', '1-home');
    // click 1: the card opens the project, where the change waits with its impact and a form
    await navigate(page, () => card.getByRole('link', { name: 'Customer portal MVP' }).click());
    const change = page.locator('article.change-proposal', { hasText: 'Single sign-on with Microsoft 365' });
    await visible(change, 'the proposed change');
    const impact = await text(change.locator('.meta-line'));
    assert(impact.includes('4 days') && impact.includes('32:00') && impact.includes('€2,880.00'), `the impact shown: ${impact}`);
    await snap(page, '16-portal-home-waiting-and-decline', '2-project');
    // click 2: decline it with a reason
    await change.getByLabel(/Note/).fill('Not before the pilot: we keep separate passwords for now.');
    await navigate(page, () => change.getByRole('button', { name: 'Decline' }).click());
    await visible(page.locator('.flash', { hasText: 'Decision recorded.' }), 'the "Decision recorded." message');
    eq(await page.locator('article.change-proposal', { hasText: 'Single sign-on' }).count(), 0, 'the decided change still waiting');
    await snap(page, '16-portal-home-waiting-and-decline', '3-declined');
    // the home page no longer counts it
    await page.goto(`${BASE}/portal`);
    eq(await page.locator('li.project-card', { hasText: 'Customer portal MVP' }).locator('.project-card-waiting').count(), 0,
        'the count on the card after deciding');
    // the PM sees the change rejected, with Jordan's reason
    const ppage = await (await newContext()).newPage();
    await signIn(ppage, PM);
    await ppage.goto(`${BASE}/projects/3/changes`);
    const pcard = ppage.locator('section.change-card', { hasText: 'Single sign-on with Microsoft 365' });
    await visible(pcard.locator('.tag-rejected'), 'the rejected change request');
    const decided = await text(pcard);
    assert(decided.includes('Jordan Reyes') && decided.includes('Not before the pilot'), `the decision shown: ${decided}`);
    await snap(ppage, '16-portal-home-waiting-and-decline', '4-pm-sees-it');
});

test('14-message-thread', async ({ page, newContext }) => {
    const subject = `Footer links ${Date.now()}`;
    // 1. the PM starts a client-visible conversation with an attachment
    await signIn(page, PM);
    await page.goto(`${BASE}/projects/1/messages`);
    await visible(page.getByRole('heading', { level: 1, name: 'Messages' }), 'the "Messages" heading');
    const start = page.locator('form[action="/projects/1/messages"]');
    await start.getByLabel('Subject').fill(subject);
    await start.getByLabel('Message').fill('Which pages belong in the footer?');
    await start.locator('input[type="file"]').setInputFiles({ name: 'footer.png', mimeType: 'image/png', buffer: PNG });
    await navigate(page, () => start.getByRole('button', { name: 'Start conversation' }).click());
    assert(/^\/messages\/threads\/\d+$/.test(path(page)), `after starting: ${path(page)}`);
    await visible(page.locator('.flash', { hasText: 'Conversation started.' }), 'the "Conversation started." message');
    eq(await text(page.getByRole('heading', { level: 1 })), subject, 'thread heading');
    await visible(page.getByRole('link', { name: 'footer.png' }), 'the attachment link');
    const threadPath = path(page);
    await snap(page, '14-message-thread', '1-pm-started');

    // 2. Jordan is told by a notification since issue 12 (its e-mail goes into his digest,
    //    tests/http/test_issue12_producers.py checks it), not by an e-mail of its own
    // 3. Jordan finds it from the portal project page and replies
    const cctx = await newContext();
    const cpage = await cctx.newPage();
    await signIn(cpage, CLIENT);
    await cpage.goto(`${BASE}/portal/projects/1`);
    await visible(cpage.locator('.portal-latest-thread').getByRole('link', { name: subject }), 'the latest thread on the portal');
    await navigate(cpage, () => cpage.getByRole('link', { name: /^Messages/ }).click());
    const item = cpage.locator('.thread-item', { hasText: subject });
    await visible(item, 'the new thread in the contact\'s list');
    eq(await cpage.locator('.thread-item .badge', { hasText: 'Internal' }).count(), 0, 'internal badges for a contact');
    await navigate(cpage, () => item.getByRole('link', { name: subject }).click());
    eq(path(cpage), threadPath, 'thread opened from the list');
    const reply = cpage.locator(`form[action="${threadPath}"]`);
    await reply.getByLabel('Message').fill('Imprint, privacy, careers and the store finder.');
    await navigate(cpage, () => reply.getByRole('button', { name: 'Send reply' }).click());
    await visible(cpage.locator('.flash', { hasText: 'Message sent.' }), 'the "Message sent." message');
    const last = cpage.locator('.message-list > li').last();
    assert((await last.getAttribute('class')).includes('from-client'), 'the reply is not marked as the client\'s');
    assert((await text(last)).includes('store finder'), 'the reply is not the last message');
    await snap(cpage, '14-message-thread', '2-client-replied');
    await cctx.close();
});

test('15-status-report-walkthrough', async ({ page, newContext }) => {
    const summary = `Beta is on track ${Date.now()}; launch stays on its date.`;
    // 1. the PM opens the project's "Status reports" tab: the form is prefilled
    await signIn(page, PM);
    await page.goto(`${BASE}/projects/1`);
    await navigate(page, () => page.getByRole('navigation', { name: 'Project planning' })
        .getByRole('link', { name: 'Status reports' }).click());
    eq(path(page), '/projects/1/status-reports', 'the tab leads to the list');
    const form = page.locator('form[action="/projects/1/status-reports"]');
    eq(await form.getByLabel('Health').inputValue(), 'amber', "the form starts at the project's health");
    assert((await form.getByLabel(/^Summary/).inputValue()).startsWith('Since our last report'),
        'the summary is prefilled with the facts');
    await form.getByLabel(/^Summary/).fill(summary);
    await form.getByLabel('Next steps').fill('- Beta with your testers\n- Accessibility audit');
    await snap(page, '15-status-report-walkthrough', '1-new-report');
    await navigate(page, () => form.getByRole('button', { name: 'Save draft' }).click());
    assert(/^\/status-reports\/\d+$/.test(path(page)), `after saving: ${path(page)}`);
    const reportPath = path(page);
    await visible(page.getByText('Draft: the client cannot see it.'), 'the draft notice');
    await snap(page, '15-status-report-walkthrough', '2-draft');

    // 2. publishes after ticking "I have read it"
    const pub = page.locator('form[action$="/publish"]');
    await pub.getByLabel('I have read the report and it can go to the client').check();
    await navigate(page, () => pub.getByRole('button', { name: 'Publish report' }).click());
    eq(path(page), reportPath, 'back on the report');
    await visible(page.locator('.flash', { hasText: 'Status report published' }), 'the "published" message');
    eq(await page.locator('form[action$="/publish"]').count(), 0, 'no publish form once published');
    await snap(page, '15-status-report-walkthrough', '3-published');

    // 3. the contact is told by a notification (issue 12: its e-mail goes into the digest;
    //    tests/http/test_issue12_producers.py checks it), and reads the report from the portal
    const cctx = await newContext();
    const cpage = await cctx.newPage();
    await signIn(cpage, CLIENT);
    await cpage.goto(`${BASE}/portal/projects/1`);
    const latest = cpage.locator('section.report-latest');
    await visible(latest.getByText(summary), 'the summary in the portal');
    await snap(cpage, '15-status-report-walkthrough', '4-portal');
    await navigate(cpage, () => latest.getByRole('link', { name: 'Read the full report' }).click());
    eq(path(cpage), reportPath, 'the portal links to the report');
    await visible(cpage.getByRole('heading', { name: 'Next steps' }), 'the "Next steps" section');
    eq(await cpage.locator('form').filter({ has: cpage.locator('textarea') }).count(), 0, 'no edit form for the client');
    await snap(cpage, '15-status-report-walkthrough', '5-client-reads');
});

test('50-figures-progress-currency-member', async ({ page, newContext }) => {
    const PHONE = { width: 390, height: 844 };
    // 1. Globex's contact: the ERP integration's progress is the work done, and says so
    const cctx = await newContext();
    const cpage = await cctx.newPage();
    await signIn(cpage, 'client@globex.test');
    await cpage.goto(`${BASE}/portal/projects/4`);
    const label = norm(await text(cpage.locator('.progress-label').first()));
    assert(/^\d+ % of estimated work done \(2 of 6 tasks\)$/.test(label), `portal progress: ${label}`);
    assert(!label.startsWith('87'), 'not the calendar figure');
    await snap(cpage, '50-figures-progress-currency-member', '1-portal-1280');
    await cpage.setViewportSize(PHONE);
    await snap(cpage, '50-figures-progress-currency-member', '1-portal-390');
    // 2. the PM: the GBP project's budget says whose time has no rate in GBP
    await signIn(page, PM);
    await page.goto(`${BASE}/projects/8/budget`);
    await visible(page.locator('.unpriced-warning', { hasText: 'No rate in GBP' }), 'the "No rate in GBP" warning');
    await snap(page, '50-figures-progress-currency-member', '2-budget-1280');
    await page.setViewportSize(PHONE);
    await snap(page, '50-figures-progress-currency-member', '2-budget-390');
    await page.setViewportSize(DESKTOP);
    await page.goto(`${BASE}/`);
    const erp = page.locator('table.t-attention tr', { hasText: 'ERP integration' });
    eq(norm(await text(erp.locator('.dash-progress .progress-label').first())), label,
        'the dashboard shows the portal\'s figure');
    await snap(page, '50-figures-progress-currency-member', '4-dashboard-1280');
    await page.setViewportSize(PHONE);
    await snap(page, '50-figures-progress-currency-member', '4-dashboard-390');
    // 3. a team member: hours, no money
    const mctx = await newContext();
    const mpage = await mctx.newPage();
    await signIn(mpage, 'member@demo.test');
    await mpage.goto(`${BASE}/projects/1/budget`);
    await visible(mpage.getByText('Hours spent (submitted and approved time)'), 'the labelled hours');
    const body = await mpage.locator('main').innerText();
    assert(!body.includes('€') && !body.includes('NaN'), 'no money on a member\'s budget page');
    await snap(mpage, '50-figures-progress-currency-member', '3-member-budget-1280');
    await mpage.setViewportSize(PHONE);
    await snap(mpage, '50-figures-progress-currency-member', '3-member-budget-390');
});

// Issue 10 item 5: a timer on a week that gets submitted is not stuck. Stop is
// refused (its time cannot go into a locked week), Discard is offered and asks
// first, and a new timer on the locked week is refused with a clear message.
test('60-timer-locked-week-discard', async ({ page, newContext }) => {
    const T = '60-timer-locked-week-discard';
    const NARROW = { width: 390, height: 844 };
    // a fresh person, so that no demo account's week ends up submitted; an admin
    // may log time on any project, so no team needs changing
    const email = `timer-${Date.now()}@demo.test`;
    await signIn(page, 'admin@demo.test');
    await page.goto(`${BASE}/settings/users`);
    const uf = page.locator('form[action="/settings/users"]');
    await uf.getByLabel('Name').fill('Tess Timer');
    await uf.getByLabel('E-mail').fill(email);
    await uf.getByLabel('Role').selectOption('admin');
    await uf.getByLabel('Initial password').fill(PASSWORD);
    await navigate(page, () => uf.getByRole('button', { name: 'Add user' }).click());
    const p = await (await newContext()).newPage();
    await signIn(p, email);

    // 1. a timer is started while the week is open
    await p.goto(`${BASE}/time`);
    const start = p.locator('form[action="/time/timer/start"]');
    await start.getByLabel('Project').selectOption({ index: 1 });
    await navigate(p, () => start.getByRole('button', { name: 'Start timer' }).click());
    const started = Date.now();
    await visible(p.locator('.flash', { hasText: 'Timer started.' }), 'the "Timer started." message');
    await visible(p.locator('.timer-running'), 'the running timer in the header');
    await visible(p.locator('form[action="/time/timer/discard"]').getByRole('button', { name: 'Discard timer' }),
        'the "Discard timer" button beside "Stop timer"');

    // 2. an hour is logged on this week and the week submitted
    const entry = p.locator('form[action="/time/entries"]');
    await entry.getByLabel('Project').selectOption({ index: 1 });
    await entry.getByLabel('Hours').fill('1');
    await navigate(p, () => entry.getByRole('button', { name: 'Add entry' }).click());
    await visible(p.locator('.flash', { hasText: 'Time saved.' }), 'the "Time saved." message');
    await navigate(p, () => p.getByRole('button', { name: 'Submit week for approval' }).click());
    eq(await text(p.locator('.page-sub .tag')), 'submitted', 'the week is submitted');
    await snap(p, T, '1-submitted-timer-running');
    await p.setViewportSize(NARROW);
    await snap(p, T, '1-submitted-timer-running-390');
    await p.setViewportSize(DESKTOP);

    // 3. Stop is refused (a timer under half a minute records nothing, so wait past it)
    await p.waitForTimeout(Math.max(0, 32_000 - (Date.now() - started)));
    p.allowStatus('/time/timer/stop', 422);
    const stop = await navigate(p, () => p.getByRole('button', { name: 'Stop timer' }).click());
    eq(stop.status(), 422, 'Stop on a submitted week');
    await visible(p.getByText(/Discard it \(nothing is recorded\)/), 'the reason and the way out');
    const discard = p.locator('form[action="/time/timer/discard"]');
    assert((await discard.getAttribute('data-confirm') || '').includes('cannot be undone'),
        'Discard asks to confirm');
    await snap(p, T, '2-stop-refused');
    await p.setViewportSize(NARROW);
    await visible(discard.getByRole('button', { name: 'Discard timer' }), 'Discard at 390 px');
    await snap(p, T, '2-stop-refused-390');
    await p.setViewportSize(DESKTOP);

    // 4. Discard: the browser asks (accepted here), the timer is gone, nothing recorded
    let asked = '';
    p.once('dialog', (d) => { asked = d.message(); });
    await navigate(p, () => discard.getByRole('button', { name: 'Discard timer' }).click());
    assert(asked.includes('cannot be undone'), `the confirmation asked: "${asked}"`);
    eq(path(p), '/time', 'back on the timesheet');
    await visible(p.locator('.flash', { hasText: 'Timer discarded; nothing was recorded.' }), 'the "discarded" message');
    eq(await p.locator('.timer-running').count(), 0, 'no timer in the header');
    eq(await text(p.locator('td.week-total')), '1:00', 'only the logged hour in the week');

    // 5. a new timer on the submitted week is refused, and says why
    const again = p.locator('form[action="/time/timer/start"]');
    await again.getByLabel('Project').selectOption({ index: 1 });
    p.allowStatus('/time/timer/start', 422);
    const refused = await navigate(p, () => again.getByRole('button', { name: 'Start timer' }).click());
    eq(refused.status(), 422, 'Start on a submitted week');
    await visible(p.getByText('This week is submitted for approval and locked: a timer cannot run on it.', { exact: false }),
        'why the timer cannot start');
    eq(await p.locator('.timer-running').count(), 0, 'still no timer');
    await snap(p, T, '3-start-refused');
    await p.setViewportSize(NARROW);
    await snap(p, T, '3-start-refused-390');
}, { timeout: 120_000 });


// Issue 10 items 9, 10, 13, 19: a de-scope with negative impacts that shifts the plan,
// the budget floor's 422, the plan page's order and the stage note's visibility.
test('70-change-descope-shift', async ({ page }) => {
    const T = '70-change-descope-shift';
    const today = new Date().toISOString().slice(0, 10);
    await signIn(page, PM);
    await page.goto(`${BASE}/projects/4/changes`);
    const form = page.locator('form[action="/projects/4/changes"]');
    // the floor first: a reduction larger than the budget comes back with the values and a message
    await form.getByLabel('Title').fill('Drop the legacy stock report');
    await form.getByLabel('Hours').fill('-99999');
    page.allowStatus('/projects/4/changes', 422);
    const bad = await navigate(page, () => form.getByRole('button', { name: 'Save draft' }).click());
    eq(bad.status(), 422, 'status of a change below the budget floor');
    const err = await text(page.locator('#change-impact_hours-error'));
    assert(err.includes('below zero'), `the message under Hours: ${err}`);
    eq(await form.getByLabel('Hours').inputValue(), '-99999', 'the hours kept');
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, T, '1-floor-422-390');
    await page.setViewportSize(DESKTOP);
    // a de-scope: fewer hours, a credit, one week later, shifting the plan from today
    await form.getByLabel('Days').fill('7');
    await form.getByLabel('Hours').fill('-8');
    await form.getByLabel('Amount').fill('-1200.00');
    await form.getByLabel('Shift the plan from').fill(today);
    await navigate(page, () => form.getByRole('button', { name: 'Save draft' }).click());
    const card = page.locator('section.change-card', { hasText: 'Drop the legacy stock report' });
    eq(await text(card.locator('.impact-hours')), '−8:00 h', 'hours shown');
    eq(await text(card.locator('.impact-amount')), '−$1,200.00', 'money shown (a USD project)');
    await visible(card.locator('.change-shift'), 'the planned shift');
    await snap(page, T, '2-draft');
    await navigate(page, () => card.getByRole('button', { name: 'Propose to the client' }).click());
    await navigate(page, () => card.getByRole('button', { name: 'Record approval' }).click());
    await visible(card.locator('.tag-approved'), 'the approved change');
    const moved = await text(card.locator('.change-shift'));
    assert(/^Moved \d+ milestone\(s\) and \d+ task\(s\)/.test(moved), `what moved: ${moved}`);
    await snap(page, T, '3-approved');
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, T, '4-approved-390');
    await page.setViewportSize(DESKTOP);
    await navigate(page, () => card.getByRole('link', { name: 'Gantt' }).click());
    await snap(page, T, '5-gantt');
    // the plan page: team, milestones, then tasks
    await page.goto(`${BASE}/projects/4/tasks`);
    const order = await page.locator('.col-side h2').allInnerTexts();
    eq(norm(order.join('|')), 'Team|New milestone|New task', 'the side column order');
    await snap(page, T, '6-plan');
    // the stage form says who sees the note; unticked by default
    await page.goto(`${BASE}/projects/4`);
    const box = page.getByLabel('Show the note to the client');
    eq(await box.isChecked(), false, 'the note checkbox by default');
    await visible(page.getByText('Unticked, the note stays with the team.'), 'the hint');
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, T, '7-stage-form-390');
});

test('75-forgot-password-and-contact-cut-off', async ({ page, newContext }) => {
    // 1. "Forgot password?" on the sign-in page; the same answer for any address
    await page.goto(`${BASE}/login`);
    await navigate(page, () => page.getByRole('link', { name: 'Forgot password?' }).click());
    eq(path(page), '/password/forgot', 'the forgot-password page');
    const form = page.locator('form[action="/password/forgot"]');
    await form.getByLabel('E-mail').fill('sara@demo.test');
    await navigate(page, () => form.getByRole('button', { name: 'Send the link' }).click());
    const flash = await text(page.locator('.flash'));
    assert(flash.includes('If an account exists'), `the answer: ${flash}`);
    await snap(page, '75-forgot-password-and-contact-cut-off', '1-sent');

    // 2. the link from the e-mail opens "Choose a new password"; a short one is refused
    const mail = await mailTo('sara@demo.test', '/reset/');
    const m = mail.match(/https?:\/\/[^\s"<>]+\/reset\/[0-9a-f]{64}/);
    assert(m, 'no /reset/ link in the e-mail');
    const rctx = await newContext({ viewport: { width: 390, height: 844 } });
    const rpage = await rctx.newPage();
    eq((await rpage.goto(`${BASE}${new URL(m[0]).pathname}`)).status(), 200, 'GET /reset/{token}');
    await visible(rpage.getByRole('heading', { name: 'Choose a new password' }), 'the reset heading');
    await rpage.locator('input[name="password"]').fill('short');
    await rpage.locator('input[name="password2"]').fill('short');
    rpage.allowStatus(new URL(m[0]).pathname, 422);
    await navigate(rpage, () => rpage.getByRole('button', { name: 'Set password' }).click());
    await visible(rpage.getByText('at least 10 characters', { exact: false }), 'the password rule');
    await snap(rpage, '75-forgot-password-and-contact-cut-off', '2-reset-422-390');

    // 3. the PM adds a contact to Acme, lowers their access, then deactivates them (asked first)
    const name = `Departed Dave ${Date.now()}`;
    await signIn(page, PM);
    await page.goto(`${BASE}/clients/1`);
    const add = page.locator('form[action="/clients/1/contacts"]');
    await add.getByLabel('Name').fill(name);
    await add.getByLabel('E-mail').fill(`dave${Date.now()}@acme.test`);
    await add.getByLabel('Portal access').selectOption('approve');
    await navigate(page, () => add.getByRole('button', { name: 'Add contact' }).click());
    const row = page.locator('tr').filter({ hasText: name });
    await visible(row, 'the new contact');
    await row.getByLabel(/Portal access of/).selectOption('view');
    await navigate(page, () => row.getByRole('button', { name: 'Change' }).click());
    eq(await page.locator('tr').filter({ hasText: name }).getByLabel(/Portal access of/).inputValue(), 'view', 'the new access');
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); });
    await navigate(page, () => page.locator('tr').filter({ hasText: name }).getByRole('button', { name: 'Deactivate' }).click());
    assert(asked.includes('signed out'), `the confirmation: ${asked}`);
    const gone = page.locator('tr').filter({ hasText: name });
    await visible(gone.getByText('Deactivated'), 'the deactivated badge');
    await visible(gone.getByRole('button', { name: 'Reactivate' }), 'the Reactivate button');
    await snap(page, '75-forgot-password-and-contact-cut-off', '3-deactivated-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await visible(gone.getByRole('button', { name: 'Reactivate' }), 'the Reactivate button at 390 px');
    await visible(page.locator('tr').filter({ hasText: 'Jordan Reyes' }).getByRole('button', { name: 'Deactivate' }), 'a Deactivate button at 390 px');
    await snap(page, '75-forgot-password-and-contact-cut-off', '4-deactivated-390');
});

// ---------------------------------------------------------------- issue 10: client side, accessibility

// axe-core (npm), injected through the DevTools protocol (page.evaluate), which the page's CSP
// does not govern: the page itself still runs without inline script.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };

// The serious and critical axe violations of the page, one line each ('' when none).
async function axeSerious(page, what) {
    if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(AXE_SOURCE);
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${what}: ${v.id} (${v.impact}) x${v.nodes.length}: ` +
            v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
}

// '' when the page does not scroll sideways at its width, else what sticks out.
async function overflow(page, what) {
    const m = await page.evaluate(() => ({ sw: document.scrollingElement.scrollWidth, iw: window.innerWidth }));
    if (m.sw <= m.iw + 1) return '';
    // the culprits: elements past the edge that no scrolling box of their own holds
    const wide = await page.evaluate((iw) => {
        const clipped = (el) => {
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                if (getComputedStyle(p).overflowX !== 'visible') return true;
            }
            return false;
        };
        return [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > iw + 1 && !clipped(el))
            .slice(0, 6).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
    }, m.iw);
    return `${what}: ${m.sw} px wide at ${m.iw} px (${wide.join(', ')})`;
}

// The CSRF token of a signed-in context (for setting things up over HTTP, as the forms do).
async function csrfOf(ctx, home = '/') {
    const xml = await (await ctx.request.get(`${BASE}${home}?format=xml`)).text();
    const m = xml.match(/csrf="([0-9a-f]+)"/);
    assert(m, `no CSRF token in ${home}?format=xml`);
    return m[1];
}

async function postForm(ctx, url, form) {
    const r = await ctx.request.post(`${BASE}${url}`, { form: { csrf: await csrfOf(ctx), ...form }, maxRedirects: 0 });
    assert(r.status() === 303, `POST ${url} answered ${r.status()}: ${(await r.text()).slice(0, 300)}`);
    return r.headers().location;
}

// A solid PNG of w x h pixels (a photo-sized mock-up: wider than a phone).
function bigPng(w, h) {
    const crcTable = Array.from({ length: 256 }, (_, n) => {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        return c >>> 0;
    });
    const crc = (buf) => {
        let c = 0xffffffff;
        for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
        return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type, data) => {
        const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
        const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
        const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
        return Buffer.concat([len, td, c]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
    ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
    const row = Buffer.alloc(1 + 3 * w);
    for (let x = 0; x < w; x++) { row[1 + 3 * x] = 0x2f; row[2 + 3 * x] = 0x6f; row[3 + 3 * x] = 0xde; }
    const raw = Buffer.concat(Array.from({ length: h }, () => row));
    return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// The path and query of the first link in mail that matches re, on this stack.
function linkIn(mail, re) {
    const m = mail.match(re);
    assert(m, `no link matching ${re} in the e-mail`);
    const u = new URL(m[0]);
    return `${BASE}${u.pathname}${u.search}`;
}

test('90-survey-one-click', async ({ page, newContext }) => {
    // the PM closes a fresh Acme project: its contacts are e-mailed the survey
    await signIn(page, PM);
    const pctx = page.context();
    const name = `Survey walkthrough ${Date.now()}`;
    const loc = await postForm(pctx, '/projects', {
        client_id: '1', name, pm_id: '2', start_date: '2026-01-05', due_date: '2026-02-27',
        budget_hours: '10', budget_amount: '1000.00', currency: 'EUR',
    });
    const pid = loc.split('/').pop();
    await postForm(pctx, `/projects/${pid}/stage`, { stage: 'closure', note: 'Delivered.' });
    const mail = await mailTo(CLIENT, name);
    assert(/One click on your score/.test(mail), 'the e-mail offers one click per score');
    for (const n of [1, 2, 3, 4, 5]) {
        assert(new RegExp(`/s/[0-9a-f]{64}\\?score=${n}\\b`).test(mail), `no link for score ${n} in the e-mail`);
    }
    const link4 = linkIn(mail, /https?:\/\/[^\s"<>]+\/s\/[0-9a-f]{64}\?score=4/);

    // the contact clicks "4" in the e-mail: the page shows 4 chosen and one confirm button
    const cctx = await newContext();
    const cpage = await cctx.newPage();
    let resp = await cpage.goto(link4);
    eq(resp.status(), 200, 'GET the score link');
    assert(await cpage.locator('input[type="radio"][name="score"][value="4"]').isChecked(), 'score 4 is chosen');
    eq(await cpage.locator('input[type="radio"][name="score"]:checked').count(), 1, 'chosen scores');
    eq(await cpage.locator('select').count(), 0, 'selects on the survey page');
    const confirm = cpage.getByRole('button', { name: 'Confirm my score: 4' });
    await visible(confirm, 'the "Confirm my score: 4" button');
    eq(await cpage.locator('main button[type="submit"]').count(), 1, 'submit buttons on the survey page');
    const problems = [...await axeSerious(cpage, 'survey 1280')];
    await snap(cpage, '90-survey-one-click', '1-chosen-1280');
    await cpage.setViewportSize(PHONE);
    problems.push(...await axeSerious(cpage, 'survey 390'));
    const o = await overflow(cpage, 'survey 390');
    if (o) problems.push(o);
    await snap(cpage, '90-survey-one-click', '2-chosen-390');
    assert(problems.length === 0, problems.join('\n       '));
    // the radios work with the keyboard: move to 5 and back to 4
    await cpage.locator('input[name="score"][value="4"]').focus();
    await cpage.keyboard.press('ArrowRight');
    assert(await cpage.locator('input[name="score"][value="5"]').isChecked(), 'ArrowRight chooses 5');
    await cpage.keyboard.press('ArrowLeft');
    assert(await cpage.locator('input[name="score"][value="4"]').isChecked(), 'ArrowLeft chooses 4 again');
    await cpage.setViewportSize(DESKTOP);

    // one click confirms: the thank-you page answers 200
    resp = await navigate(cpage, () => cpage.getByRole('button', { name: /Confirm my score/ }).click());
    eq(resp.status(), 200, 'the page after confirming');
    await visible(cpage.getByRole('heading', { level: 1, name: 'Thank you' }), 'the "Thank you" heading');
    assert((await text(cpage.locator('main'))).includes('4 out of 5'), 'the thank-you page shows the score');
    await snap(cpage, '90-survey-one-click', '3-thanks-1280');
    await cpage.setViewportSize(PHONE);
    await snap(cpage, '90-survey-one-click', '4-thanks-390');
    // another click in the e-mail (score 2) shows the thank-you page again, nothing changes
    const link2 = linkIn(mail, /https?:\/\/[^\s"<>]+\/s\/[0-9a-f]{64}\?score=2/);
    resp = await cpage.goto(link2);
    eq(resp.status(), 200, 'GET another score link after answering');
    await visible(cpage.getByRole('heading', { level: 1, name: 'Thank you' }), 'the "Thank you" heading again');
    assert((await text(cpage.locator('main'))).includes('4 out of 5'), 'the first answer is kept');
});

// axe on the pages of issue 10 item 28, at 1280 and 390 px: no serious or critical violation,
// and no sideways scrolling on a phone.
test('90-axe-pages', async ({ page, newContext }) => {
    await signIn(page, PM);
    const pctx = page.context();
    const stamp = Date.now();
    // a document approval with a photo-sized image, and a change request approval, for Jordan
    const up = await pctx.request.post(`${BASE}/projects/1/documents`, {
        multipart: {
            csrf: await csrfOf(pctx), title: `Hero photo ${stamp}`, note: 'v1', client_visible: '1',
            file: { name: 'hero.png', mimeType: 'image/png', buffer: bigPng(1600, 900) },
        },
        maxRedirects: 0,
    });
    eq(up.status(), 303, 'uploading the photo');
    const did = up.headers().location.split('/').pop();
    const due = new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10);
    await postForm(pctx, `/documents/${did}/approvals`, { contact_id: '7', due_date: due, message: 'Is this the hero?' });
    const docMail = await mailTo(CLIENT, `Hero photo ${stamp}`);
    const docLink = linkIn(docMail, /https?:\/\/[^\s"<>]+\/a\/[0-9a-f]{64}/);
    const ctitle = `Extra landing page ${stamp}`;
    await postForm(pctx, '/projects/1/changes', {
        title: ctitle, description: 'A landing page for the spring campaign.', impact_days: '3',
        impact_hours: '12', impact_amount: '900.00',
    });
    const changes = await (await pctx.request.get(`${BASE}/projects/1/changes?format=xml`)).text();
    const cm = changes.match(new RegExp(`<change id="(\\d+)"[^>]*title="${ctitle}"`)) ||
        changes.match(new RegExp(`<change [^>]*id="(\\d+)"[^>]*title="${ctitle}"`));
    assert(cm, 'the new change request in /projects/1/changes?format=xml');
    await postForm(pctx, `/changes/${cm[1]}/status`, { status: 'proposed' });
    await postForm(pctx, `/changes/${cm[1]}/approvals`, { contact_id: '7', due_date: due, message: 'Please decide.' });
    const chMail = await mailTo(CLIENT, ctitle);
    const chLink = linkIn(chMail, /https?:\/\/[^\s"<>]+\/a\/[0-9a-f]{64}/);

    const cctx = await newContext();
    const cpage = await cctx.newPage();
    await signIn(cpage, CLIENT);
    const anonPage = await (await newContext()).newPage();
    // a team member's timesheet with entries: this week's (editable) and last week's (submitted
    // or approved: the "Entries" table has nothing focusable, its scroll area must be)
    const mpage = await (await newContext()).newPage();
    await signIn(mpage, 'member@demo.test');
    const wx = await (await mpage.context().request.get(`${BASE}/time?format=xml`)).text();
    const prev = (wx.match(/<week [^>]*prev="([0-9W-]+)"/) || [])[1];
    assert(prev, 'no previous week in /time?format=xml');
    const pages = [
        ['portal-home', cpage, `${BASE}/portal`],
        ['portal-project', cpage, `${BASE}/portal/projects/1`],
        ['document-approval', anonPage, docLink],
        ['change-approval', anonPage, chLink],
        ['timesheet', page, `${BASE}/time`],
        ['timesheet-member', mpage, `${BASE}/time`],
        ['timesheet-last-week', mpage, `${BASE}/time?week=${prev}`],
        ['dashboard', page, `${BASE}/`],
    ];
    const problems = [];
    for (const [what, p, url] of pages) {
        for (const vp of [DESKTOP, PHONE]) {
            await p.setViewportSize(vp);
            const resp = await p.goto(url);
            eq(resp.status(), 200, `GET ${what}`);
            await p.waitForLoadState('load');
            problems.push(...await axeSerious(p, `${what} ${vp.width}`));
            if (vp === PHONE) {
                const o = await overflow(p, `${what} 390`);
                if (o) problems.push(o);
            }
            await snap(p, '90-axe-pages', `${what}-${vp.width}`);
        }
    }
    // the "Entries" table of last week scrolls on a phone and is reached with Tab
    await mpage.setViewportSize(PHONE);
    await mpage.goto(`${BASE}/time?week=${prev}`);
    const region = mpage.getByRole('region', { name: 'Entries this week' });
    await visible(region, 'the "Entries this week" region');
    eq(await region.getAttribute('tabindex'), '0', 'the Entries scroll area\'s tabindex');
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
        await mpage.keyboard.press('Tab');
        reached = await region.evaluate((el) => el === document.activeElement);
    }
    assert(reached, 'Tab does not reach the "Entries this week" scroll area');
    await mpage.keyboard.press('ArrowRight');
    await snap(mpage, '90-axe-pages', 'entries-focused-390');
    // the accent applies without script: the brand's colour comes from /brand/accent.css
    const accent = await cpage.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
    assert(/^#[0-9a-f]{6}$/i.test(accent), `--accent is "${accent}"`);
    assert(problems.length === 0, problems.join('\n       '));
});

test('80-reload-after-422', async ({ page }) => {
    // Issue 10 item 7: a bad grid (422), then a reload from the address bar
    // (a GET of /time/grid) lands on the timesheet, signed in.
    page.allowStatus('/time/grid', 422);
    page.allowStatus('/no/such/page', 404);
    await signIn(page, 'member@demo.test');
    const resp = await page.goto(`${BASE}/time?week=2034-W22`);
    eq(resp.status(), 200, 'GET /time status');
    const grid = page.locator('form[action="/time/grid"]');
    await grid.locator('select[name="new_row"]').selectOption({ index: 1 });
    await grid.locator('input[name="new-0"]').fill('lots');
    const bad = await navigate(page, () => grid.locator('input[name="new-0"]').press('Enter'));
    eq(bad.status(), 422, 'the bad grid is a 422');
    eq(path(page), '/time/grid', 'the 422 page is at the POST address');
    await snap(page, '80-reload-after-422', '1-422');
    const again = await page.goto(page.url());   // Enter in the address bar
    eq(again.status(), 200, 'the reload lands on a page');
    eq(path(page), '/time', 'the reload lands on the timesheet');
    await visible(page.getByRole('heading', { level: 1, name: 'Timesheet' }), 'the "Timesheet" heading');
    await visible(page.getByRole('navigation', { name: 'Main' }), 'the main navigation (signed in)');
    await visible(page.locator('.user-name'), "the user's name");
    eq(await page.getByRole('link', { name: 'Sign in' }).count(), 0, 'no "Sign in" link');
    await snap(page, '80-reload-after-422', '2-reloaded-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await visible(page.locator('form[action="/logout"] button'), 'sign out at 390 px (the name is hidden there)');
    await snap(page, '80-reload-after-422', '3-reloaded-390');
    // an error page keeps the signed-in frame too
    const nf = await page.goto(`${BASE}/no/such/page`);
    eq(nf.status(), 404, 'unknown address');
    await visible(page.locator('form[action="/logout"] button'), 'sign out on the 404 page');
    await visible(page.getByRole('navigation', { name: 'Main' }), 'the main navigation on the 404 page');
    eq(await page.getByRole('link', { name: 'Sign in' }).count(), 0, 'no "Sign in" on the 404 page');
    await snap(page, '80-reload-after-422', '4-404-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await visible(page.locator('.user-name'), "the user's name on the 404 page");
    await snap(page, '80-reload-after-422', '5-404-1280');
});

// Issue 12: notifications written as a change would write them, through the domain driver
// tests/domain/d_notify (built here when missing) on the stack's database (run.sh exports VAR).
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
function notifyDriver(...args) {
    const bin = join(ROOT, 'build/san/tests/domain/d_notify');
    if (!existsSync(bin)) execFileSync('make', ['-s', 'build/san/tests/domain/d_notify'], { cwd: ROOT, stdio: 'ignore' });
    assert(process.env.VAR, 'VAR is not set (tests/browser/run.sh exports it)');
    const out = execFileSync(bin, args.map(String), {
        env: { ...process.env, TANDEM_CONF: join(process.env.VAR, 'tandem.conf') }, encoding: 'utf8',
    });
    assert(/^rc=0$/m.test(out), `d_notify ${args.join(' ')}: ${out}`);
    return out;
}

// The bell of the header: its accessible name and the badge's text ('' without one).
async function bell(page) {
    const link = page.locator('header.site-header a.bell');
    await visible(link, 'the bell');
    const badge = link.locator('.bell-count');
    return { link, name: await link.getAttribute('aria-label'), count: (await badge.count()) ? await text(badge) : '' };
}

test('17-notifications-bell-and-page', async ({ page, newContext }) => {
    // Tom (a team member no other test signs in as) is told of 30 tasks, then of one on Website relaunch
    notifyDriver('many', 5, 0, 30);
    notifyDriver('--actor', 2, 'notify', 'task_assigned', 5, 0, 1, '/projects/1', 'Priya assigned you “Homepage copy” on Website relaunch', '-');
    await signIn(page, 'tom@demo.test');
    let b = await bell(page);
    eq(b.name, 'Notifications, 31 unread', 'the bell\'s name at 1280 px');
    eq(b.count, '31', 'the badge at 1280 px');
    const box = await b.link.boundingBox();
    assert(box && box.width >= 32 && box.height >= 32, `the bell is ${JSON.stringify(box)}: big enough to tap`);
    await snap(page, '17-notifications-bell-and-page', '1-dashboard-1280');
    // a phone: the bell stays in the header, the page does not scroll sideways
    await page.setViewportSize(PHONE);
    b = await bell(page);
    eq(b.count, '31', 'the badge at 390 px');
    const pbox = await b.link.boundingBox();
    assert(pbox && pbox.x >= 0 && pbox.x + pbox.width <= 390, `the bell at 390 px: ${JSON.stringify(pbox)}`);
    const o = await overflow(page, 'dashboard 390');
    assert(!o, o);
    await snap(page, '17-notifications-bell-and-page', '2-dashboard-390');
    await page.setViewportSize(DESKTOP);

    // the bell opens the page: newest first, the unread marked, 25 of them and "Older"
    await navigate(page, () => page.locator('header a.bell').click());
    eq(path(page), '/notifications', 'the bell\'s page');
    await visible(page.getByRole('heading', { level: 1, name: 'Notifications' }), 'the "Notifications" heading');
    const items = page.locator('ol.notif-list > li');
    eq(await items.count(), 25, 'notifications on the first page');
    eq(await page.locator('ol.notif-list > li.is-unread').count(), 25, 'unread ones marked');
    assert((await text(items.first())).includes('Homepage copy'), 'the newest first');
    await visible(page.getByRole('link', { name: 'Older ›' }), 'the "Older" link');
    const problems = [...await axeSerious(page, 'notifications 1280')];
    await snap(page, '17-notifications-bell-and-page', '3-page-1280');
    await page.setViewportSize(PHONE);
    problems.push(...await axeSerious(page, 'notifications 390'));
    const o2 = await overflow(page, 'notifications 390');
    if (o2) problems.push(o2);
    await snap(page, '17-notifications-bell-and-page', '4-page-390');
    await page.setViewportSize(DESKTOP);

    // opening one lands on what it is about, and it is read
    await navigate(page, () => items.first().getByRole('link').click());
    eq(path(page), '/projects/1', 'where the notification leads');
    b = await bell(page);
    eq(b.count, '30', 'the badge after opening one');

    // the rest, all at once
    await page.goto(`${BASE}/notifications`);
    await navigate(page, () => page.getByRole('button', { name: 'Mark all read' }).click());
    await visible(page.locator('.flash', { hasText: 'All notifications marked read.' }), 'the "marked read" message');
    eq(await page.locator('ol.notif-list > li.is-unread').count(), 0, 'unread ones after "Mark all read"');
    b = await bell(page);
    eq(b.name, 'Notifications', 'the bell\'s name with nothing unread');
    eq(b.count, '', 'the badge with nothing unread');
    eq(await page.getByRole('button', { name: 'Mark all read' }).count(), 0, '"Mark all read" with nothing unread');
    await snap(page, '17-notifications-bell-and-page', '5-all-read');

    // the preferences: one kind off, the time zone
    await navigate(page, () => page.getByRole('link', { name: 'Preferences' }).click());
    eq(path(page), '/me/notifications', 'the preferences page');
    await page.getByLabel('A task was assigned to me').selectOption('off');
    await page.getByLabel('Your time zone').selectOption('Europe/Berlin');
    problems.push(...await axeSerious(page, 'preferences 1280'));
    await navigate(page, () => page.getByRole('button', { name: 'Save preferences' }).click());
    await visible(page.locator('.flash', { hasText: 'Saved.' }), 'the "Saved." message');
    eq(await page.getByLabel('A task was assigned to me').inputValue(), 'off', 'the kind saved');
    eq(await page.getByLabel('Your time zone').inputValue(), 'Europe/Berlin', 'the zone saved');
    await page.setViewportSize(PHONE);
    const o3 = await overflow(page, 'preferences 390');
    if (o3) problems.push(o3);
    await snap(page, '17-notifications-bell-and-page', '6-preferences-390');
    await page.setViewportSize(DESKTOP);

    // a contact's bell leads to the portal's page, their own only
    notifyDriver('--actor', 2, 'notify', 'message', 9, 2, 0, '/portal', 'Priya wrote in “ERP integration”: the cut-over date', '-');
    const cpage = await (await newContext()).newPage();
    await signIn(cpage, 'client@globex.test');
    b = await bell(cpage);
    assert(/^Notifications, \d+ unread$/.test(b.name) && Number(b.count) >= 1, `the contact's bell: ${b.name} / ${b.count}`);
    await navigate(cpage, () => cpage.locator('header a.bell').click());
    eq(path(cpage), '/portal/notifications', 'the contact\'s notifications page');
    assert((await text(cpage.locator('ol.notif-list > li').first())).includes('the cut-over date'), 'the contact\'s notification');
    eq(await cpage.locator('ol.notif-list', { hasText: 'Homepage copy' }).count(), 0, 'another person\'s notification shown');
    problems.push(...await axeSerious(cpage, 'portal notifications 1280'));
    await snap(cpage, '17-notifications-bell-and-page', '7-portal-1280');
    await cpage.setViewportSize(PHONE);
    await cpage.goto(`${BASE}/portal/notifications/settings`);
    problems.push(...await axeSerious(cpage, 'portal preferences 390'));
    const o4 = await overflow(cpage, 'portal preferences 390');
    if (o4) problems.push(o4);
    await snap(cpage, '17-notifications-bell-and-page', '8-portal-preferences-390');
    assert(problems.length === 0, problems.join('\n       '));
});

test('18-contact-asks-changes-pm-bell', async ({ page, newContext }) => {
    // issue 12's walkthrough: a contact asks for changes in the portal, the PM's bell shows 1,
    // the PM opens it and lands on the decision
    const title = `Pricing page draft ${Date.now()}`;
    await signIn(page, PM);
    await page.goto(`${BASE}/projects/1/documents`);
    const up = page.locator('form[action="/projects/1/documents"]');
    await up.getByLabel('Title').fill(title);
    await up.locator('input[type="file"]').setInputFiles({ name: 'pricing.png', mimeType: 'image/png', buffer: PNG });
    await up.getByLabel('Shared with the client').check();
    await navigate(page, () => up.getByRole('button', { name: 'Upload' }).click());
    assert(/^\/documents\/\d+$/.test(path(page)), `after upload: ${path(page)}`);
    const docPath = path(page);
    const ask = page.locator('form[action$="/approvals"]');
    await ask.getByLabel(/Jordan Reyes/).check();
    await ask.getByLabel('Due date').fill(new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10));
    await ask.getByLabel('Message').fill('Please review the pricing page.');
    await navigate(page, () => ask.getByRole('button', { name: 'Send for approval' }).click());
    await visible(page.locator('tr.approval-row.state-pending'), 'the pending approval');
    // the PM starts with nothing unread
    await page.goto(`${BASE}/notifications`);
    if (await page.getByRole('button', { name: /Mark all read/ }).count())
        await navigate(page, () => page.getByRole('button', { name: /Mark all read/ }).click());
    eq((await bell(page)).count, '', 'the PM\'s badge before');

    // the contact asks for changes from the portal, with a comment
    const cpage = await (await newContext()).newPage();
    await signIn(cpage, CLIENT);
    await cpage.goto(`${BASE}/portal/projects/1`);
    const waiting = cpage.locator('ul.waiting-approvals li', { hasText: title });
    await visible(waiting, 'the waiting approval in the portal');
    await navigate(cpage, () => waiting.getByRole('link', { name: 'Review and decide' }).click());
    const form = cpage.locator('form.portal-decision');
    await form.getByLabel('Type your full name to sign').fill('Jordan Reyes');
    await form.getByLabel('Comment').fill('Please show prices with VAT.');
    await navigate(cpage, () => form.getByRole('button', { name: 'Request changes' }).click());
    await visible(cpage.locator('#decision'), 'the recorded decision');
    await snap(cpage, '18-contact-asks-changes-pm-bell', '1-contact-asked-changes');

    // the PM's bell shows 1, at desktop and phone width
    await page.goto(`${BASE}/`);
    let b = await bell(page);
    eq(b.count, '1', 'the PM\'s badge after the decision');
    eq(b.name, 'Notifications, 1 unread', 'the bell\'s name');
    await snap(page, '18-contact-asks-changes-pm-bell', '2-pm-bell-1280');
    await page.setViewportSize(PHONE);
    eq((await bell(page)).count, '1', 'the badge at 390 px');
    await snap(page, '18-contact-asks-changes-pm-bell', '3-pm-bell-390');
    await page.setViewportSize(DESKTOP);

    // the bell opens the list; the newest is the decision, with the comment
    await navigate(page, () => page.locator('header a.bell').click());
    eq(path(page), '/notifications', 'the bell\'s page');
    const item = page.locator('ol.notif-list > li.is-unread').first();
    const said = await text(item);
    assert(said.includes(title) && said.includes('VAT'), `the notification: ${said}`);
    await snap(page, '18-contact-asks-changes-pm-bell', '4-pm-notifications');
    // opening it lands on the document, where the decision is, and the bell is back to none
    await navigate(page, () => item.locator('a').first().click());
    eq(path(page), docPath, 'where the notification leads');
    const row = page.locator('tr.approval-row', { hasText: 'Jordan Reyes' });
    await visible(row, 'the decided approval');
    assert((await text(row)).includes('VAT'), 'the decision\'s comment on the document page');
    eq((await bell(page)).count, '', 'the badge once read');
    await snap(page, '18-contact-asks-changes-pm-bell', '5-pm-lands-on-decision');
});

// Issue 13: a PM makes the "kick-off tasks" preset a rule of their projects, moves a project to
// planning, and sees the tasks it made, the activity line signed by the rule and its run log.
test('19-automation-kickoff-preset', async ({ page }) => {
    await signIn(page, PM);
    await navigate(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automations' }).click());
    eq(path(page), '/settings/automations', 'URL of the automations page');
    await visible(page.getByRole('heading', { level: 1, name: 'Automations' }), 'the "Automations" heading');
    await snap(page, '19-automation-kickoff-preset', 'list');
    await navigate(page, () => page.getByRole('link', { name: /Kick-off tasks when a project enters planning/ }).click());
    eq(path(page), '/settings/automations/new', 'URL of the preset form');
    const form = page.locator('form[action="/settings/automations"]');
    eq(await form.locator('input[name="name"]').inputValue(), 'Kick-off tasks', 'the preset\'s name');
    await form.locator('input[name="enabled"][type="checkbox"]').check();
    await snap(page, '19-automation-kickoff-preset', 'form');
    const saved = await navigate(page, () => form.getByRole('button', { name: 'Save rule' }).click());
    eq(saved.status(), 200, 'the rule\'s page after saving');
    assert(/^\/settings\/automations\/\d+$/.test(path(page)), `URL after saving: ${path(page)}`);
    const rulePath = path(page);

    // The project: Intranet migration (planning), which no other walkthrough moves.
    await page.goto(`${BASE}/projects/7`);
    const stageForm = page.locator('form[action="/projects/7/stage"]');
    await stageForm.getByLabel('Stage').selectOption('initiation');
    await navigate(page, () => stageForm.getByRole('button', { name: 'Change stage' }).click());
    await page.locator('form[action="/projects/7/stage"]').getByLabel('Stage').selectOption('planning');
    await navigate(page, () => page.locator('form[action="/projects/7/stage"]').getByRole('button', { name: 'Change stage' }).click());

    // The outbox worker runs the rule within moments: reload until its activity line is there.
    const line = page.locator('.timeline li', { hasText: 'Automation: Kick-off tasks' });
    for (let i = 0; i < 50 && (await line.count()) === 0; i++) {
        await page.waitForTimeout(200);
        await page.reload();
    }
    assert(await line.count() >= 3, `activity lines signed by the rule: ${await line.count()}`);
    await visible(page.getByText('Kick-off meeting with Initech').first(), 'the kick-off task on the project page');
    await snap(page, '19-automation-kickoff-preset', 'project');

    // The rule's run log: the move to initiation skipped (stage is not planning), the move to
    // planning done with the tasks it created.
    await page.goto(`${BASE}${rulePath}`);
    const body = norm(await page.locator('main').innerText());
    assert(/created task #\d+/.test(body), 'the run log names the tasks it created');
    assert(/skipped/i.test(body), 'the run log shows the skipped run (the move to initiation)');
    await snap(page, '19-automation-kickoff-preset', 'log');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 390, `the run log is wider than a phone (${wide}px)`);
    await snap(page, '19-automation-kickoff-preset', 'log-phone');
});

// ---------------------------------------------------------------- issue 16: templates

// The next Saturday after today (ISO): a start date that is not a working day.
function nextSaturday() {
    const d = new Date();
    d.setUTCDate(d.getUTCDate() + 14 + ((6 - d.getUTCDay() + 7) % 7));
    return d.toISOString().slice(0, 10);
}

test('19-project-from-template-gantt', async ({ page }) => {
    // issue 16's walkthrough: a PM starts a project from the demo's "Website build" template,
    // chooses the start date and who fills each role, and sees the Gantt on working days
    const problems = [];
    const name = `Northwind web shop ${Date.now()}`;
    const saturday = nextSaturday();
    await signIn(page, PM);
    await page.goto(`${BASE}/projects`);
    await navigate(page, () => page.getByRole('link', { name: 'From a template' }).click());
    eq(path(page), '/templates', 'the templates list');
    const row = page.locator('tr', { hasText: 'Website build' });
    await visible(row, 'the demo template "Website build"');
    await snap(page, '19-project-from-template-gantt', '1-templates-1280');
    await navigate(page, () => row.getByRole('link', { name: /New project/ }).click());
    assert(/^\/templates\/\d+\/use$/.test(path(page)), `the new-project form: ${path(page)}`);
    const form = page.locator('form[action$="/use"]');
    await form.getByLabel('Client').selectOption({ label: 'Northwind Traders' });
    await form.getByLabel('Project name').fill(name);
    await form.getByLabel('Start date').fill(saturday);
    eq(await form.getByLabel('Project manager', { exact: true }).inputValue(), '2', 'the PM preselected (the PM herself)');
    await form.getByLabel(/^Project manager \(/).selectOption({ label: 'Priya Shah' });
    await form.getByLabel(/^Designer \(/).selectOption({ label: 'Sara Lindqvist' });
    await form.getByLabel(/^Developer \(/).selectOption({ label: 'Marco Bianchi' });
    // the content editor is forgotten: the browser asks for it first (the select is required) ...
    const editor = form.getByLabel(/^Content editor \(/);
    await form.getByRole('button', { name: 'Create project' }).click();
    eq(await editor.evaluate((el) => el.validity.valueMissing), true, 'the browser\'s own check of the empty role');
    assert(/^\/templates\/\d+\/use$/.test(path(page)), `still on the form: ${path(page)}`);
    await snap(page, '19-project-from-template-gantt', '2-browser-asks-1280');
    // ... and without that check the server answers 422 with the form back, saying so, the rest kept
    await form.evaluate((f) => { f.noValidate = true; });
    page.allowStatus(path(page), 422);
    await navigate(page, () => form.getByRole('button', { name: 'Create project' }).click());
    const err = page.locator('.field-error', { hasText: 'Choose who fills the role “Content editor”.' });
    await visible(err, 'the message on the role nobody fills');
    eq(await page.getByLabel('Project name').inputValue(), name, 'the name kept');
    eq(await page.getByLabel(/^Designer \(/).inputValue(), '6', 'the designer kept');
    problems.push(...await axeSerious(page, 'new project from a template 1280'));
    await snap(page, '19-project-from-template-gantt', '3-role-missing-1280');
    await page.getByLabel(/^Content editor \(/).selectOption({ label: 'Tom Okafor' });
    await navigate(page, () => page.getByRole('button', { name: 'Create project' }).click());
    assert(/^\/projects\/\d+$/.test(path(page)), `after creating: ${path(page)}`);
    const pid = path(page).split('/').pop();
    await visible(page.locator('.flash', { hasText: 'Project created from the template' }), 'the "created from the template" message');

    // its plan: every task and milestone on a working day, the project from the Monday after
    const xml = await (await page.context().request.get(`${BASE}/projects/${pid}/tasks?format=xml`)).text();
    const days = [...xml.matchAll(/(?:start|due)-date="(\d{4}-\d\d-\d\d)"/g)].map((m) => m[1]);
    assert(days.length >= 24, `task dates in the plan: ${days.length}`);
    const weekend = days.filter((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    eq(weekend.join(','), '', 'dates on a weekend');
    const monday = new Date(`${saturday}T00:00:00Z`);
    monday.setUTCDate(monday.getUTCDate() + 2);
    assert(xml.includes(`start-date="${monday.toISOString().slice(0, 10)}"`), 'the first task starts on the Monday after the Saturday chosen');
    assert(xml.includes('Kick-off workshop with Northwind Traders'), 'the client\'s name filled into the template\'s text');

    // the Gantt, from the project's tabs
    await navigate(page, () => page.locator('nav.plan-tabs').getByRole('link', { name: 'Gantt' }).click());
    eq(path(page), `/projects/${pid}/gantt`, 'the Gantt');
    await visible(page.locator('svg', { hasText: 'Template build' }), 'the template\'s tasks in the chart');
    problems.push(...await axeSerious(page, 'gantt 1280'));
    await snap(page, '19-project-from-template-gantt', '4-gantt-1280');
    await page.setViewportSize(PHONE);
    const o = await overflow(page, 'gantt 390');
    if (o) problems.push(o);
    await snap(page, '19-project-from-template-gantt', '5-gantt-390');
    await page.goto(`${BASE}/templates/1/use`);
    const o2 = await overflow(page, 'new project from a template 390');
    if (o2) problems.push(o2);
    await snap(page, '19-project-from-template-gantt', '6-form-390');
    await page.setViewportSize(DESKTOP);
    assert(problems.length === 0, problems.join('\n       '));
});

test('19-workload-and-client-delays', async ({ page, newContext }) => {
    // issue 16 (workload, client delays): the PM reads the forward workload (Sara over-booked in
    // the demo), filters it by project, marks a task as waiting on the client from its page, sees
    // the days lost on the project page and the delays page; the client sees what the team waits
    // for in the portal; the PM clears it again. Both widths, axe, no sideways scroll of the page.
    const problems = [];
    await signIn(page, PM);
    await page.goto(`${BASE}/workload`);
    await visible(page.getByRole('heading', { level: 1, name: 'Workload' }), 'the "Workload" heading');
    const table = page.locator('table.t-workload');
    await visible(table, 'the workload table');
    eq(await table.locator('thead th').count(), 13, 'columns: the person and 12 weeks');
    const sara = table.locator('tbody tr', { hasText: 'Sara Lindqvist' });
    await visible(sara, "Sara's row");
    const over = sara.locator('td.wl-over');
    assert(await over.count() >= 1, 'Sara is over-booked in some week');
    assert(/^\d+:\d\d \/ 32:00 over$/i.test(norm(await text(over.first()))), `an over-booked cell: ${await text(over.first())}`);
    problems.push(...await axeSerious(page, 'workload 1280'));
    await snap(page, '19-workload-and-client-delays', '1-workload-1280');
    await page.setViewportSize(PHONE);
    const o1 = await overflow(page, 'workload 390');
    if (o1) problems.push(o1);
    problems.push(...await axeSerious(page, 'workload 390'));
    await snap(page, '19-workload-and-client-delays', '2-workload-390');
    await page.setViewportSize(DESKTOP);
    // filtered by the mobile app: its team, Sara with it
    await page.getByLabel('Project').selectOption({ label: 'Mobile ordering app' });
    await navigate(page, () => page.getByRole('button', { name: 'Filter' }).click());
    eq(new URL(page.url()).searchParams.get('project_id'), '8', 'the project filter');
    await visible(table.locator('tbody tr', { hasText: 'Sara Lindqvist' }), 'Sara on the filtered page');
    eq(await table.locator('tbody tr', { hasText: 'Tom Okafor' }).count(), 0, 'Tom (not on the app) shown');

    // a task waits on the client: marked from its page, with the assignee's load beside the choice
    await page.goto(`${BASE}/tasks/10`);
    const hint = norm(await text(page.locator('#task-assignee_id option:checked')));
    assert(/ — \d+:\d\d of \d+:\d\d/.test(hint), `the assignee's load: ${hint}`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Waiting on the client' }) });
    await card.getByLabel('Waiting for').fill('Sample pages for the audit');
    await navigate(page, () => card.getByRole('button', { name: 'Mark as waiting on the client' }).click());
    eq(path(page), '/tasks/10', 'back on the task');
    assert((await text(card)).includes('Sample pages for the audit'), 'the task says what it waits for');
    await snap(page, '19-workload-and-client-delays', '3-task-waiting');
    await page.goto(`${BASE}/projects/1`);
    const pcard = page.locator('section', { has: page.getByRole('heading', { name: 'Waiting on the client' }) });
    assert(/\d+ working days? lost waiting on client input\./.test(norm(await text(pcard.locator('.wait-days')))),
        'the project page\'s days lost');
    assert((await text(pcard)).includes('Sample pages for the audit'), 'the project page lists the wait');
    await navigate(page, () => pcard.getByRole('link', { name: /Client delays/ }).click());
    eq(path(page), '/projects/1/delays', 'the delays page');
    problems.push(...await axeSerious(page, 'delays 1280'));
    await snap(page, '19-workload-and-client-delays', '4-delays-1280');
    await page.setViewportSize(PHONE);
    const o2 = await overflow(page, 'delays 390');
    if (o2) problems.push(o2);
    await snap(page, '19-workload-and-client-delays', '5-delays-390');
    await page.setViewportSize(DESKTOP);

    // the client sees what the team waits for, on the client-visible task
    const cpage = await (await newContext()).newPage();
    await signIn(cpage, CLIENT);
    await cpage.goto(`${BASE}/portal/projects/1`);
    const waits = cpage.locator('section', { has: cpage.getByRole('heading', { name: 'What the team needs from you' }) });
    await visible(waits, 'the portal\'s waiting card');
    assert((await text(waits)).includes('Sample pages for the audit'), 'the portal lists the wait');
    assert(!(await text(waits)).includes('Store locator API'), 'an internal task\'s wait in the portal');
    problems.push(...await axeSerious(cpage, 'portal waits'));
    await snap(cpage, '19-workload-and-client-delays', '6-portal');

    // cleared again from the delays page
    const row = page.locator('ul.wait-list li', { hasText: 'Sample pages for the audit' });
    await navigate(page, () => row.getByRole('button', { name: 'No longer waiting' }).click());
    eq(await page.locator('ul.wait-list li', { hasText: 'Sample pages for the audit' }).count(), 0, 'the wait once cleared');
    assert(problems.length === 0, problems.join('\n       '));
});

// ---------------------------------------------------------------- issue 16: deliverable QA and closure

// A fresh Acme project of Priya's, set up over HTTP as the forms do: its id.
async function acmeProject(ctx, name) {
    const loc = await postForm(ctx, '/projects', {
        client_id: '1', name, pm_id: '2', start_date: '2026-03-02', due_date: '2026-06-30',
        budget_hours: '80', budget_amount: '9000.00', currency: 'EUR',
    });
    return loc.split('/').pop();
}

// Issue 16: a PM closes a project through the checklist (closing anyway with a reason) and
// writes the debrief with a lesson, which the next project for the client shows.
test('30-closure-checklist-and-debrief', async ({ page }) => {
    const T = '30-closure-checklist-and-debrief';
    const problems = [];
    await signIn(page, PM);
    const ctx = page.context();
    const stamp = Date.now();
    const pid = await acmeProject(ctx, `Spring campaign ${stamp}`);
    await postForm(ctx, `/projects/${pid}/tasks`, { title: 'Hand over the source files', start_date: '2026-06-22', due_date: '2026-06-26' });
    await postForm(ctx, `/projects/${pid}/risks`, { title: 'Print vendor insolvent', probability: '4', impact: '4' });

    // the project page leads to the checklist
    await page.goto(`${BASE}/projects/${pid}`);
    await navigate(page, () => page.getByRole('link', { name: 'Close the project…' }).click());
    eq(path(page), `/projects/${pid}/closure`, 'the checklist page');
    const open = page.locator('li.closure-item.is-open');
    eq(await open.count(), 2, 'open items');
    const tasks = page.locator('li.item-tasks');
    assert((await text(tasks)).includes('Open tasks') && (await text(tasks.locator('.closure-count'))) === '1', 'the open task counted');
    eq(await tasks.getByRole('link').getAttribute('href'), `/projects/${pid}/tasks`, 'the tasks item links the tasks');
    problems.push(...await axeSerious(page, 'closure 1280'));
    await snap(page, T, '1-checklist-1280');

    // the browser asks for the reason before sending the form
    eq(await page.locator('form.closure-form').getByLabel('Why close with items open?').getAttribute('required'), 'required', 'the reason required');

    // the project page's own stage form, to closure without a reason: 422, the checklist
    // with the reason asked for
    await page.goto(`${BASE}/projects/${pid}`);
    page.allowStatus(`/projects/${pid}/stage`, 422);
    const sf = page.locator(`form[action="/projects/${pid}/stage"]`);
    await sf.getByLabel('Stage').selectOption('closure');
    await sf.getByLabel('Note', { exact: true }).fill('Campaign delivered.');
    const bad = await navigate(page, () => sf.getByRole('button', { name: 'Change stage' }).click());
    eq(bad.status(), 422, 'closing with items open and no reason');
    await visible(page.getByRole('heading', { level: 1, name: 'Closure checklist' }), 'the checklist again');
    await visible(page.locator('.field-error', { hasText: 'Items are still open' }), 'the reason\'s message');
    eq(await page.locator('form.closure-form').getByLabel('Note', { exact: true }).inputValue(), 'Campaign delivered.', 'the note kept');
    await snap(page, T, '2-reason-needed');

    // with a reason it closes
    const reason = 'The client keeps the print risk; the hand-over task moves to their team.';
    await page.locator('form.closure-form').getByLabel('Why close with items open?').fill(reason);
    await navigate(page, () => page.locator('form.closure-form').getByRole('button', { name: 'Close anyway' }).click());
    eq(path(page), `/projects/${pid}`, 'back on the project');
    await visible(page.locator('.flash', { hasText: 'Stage changed.' }), 'the "Stage changed." message');
    await visible(page.locator('.timeline-note', { hasText: reason }), 'the reason in the activity');

    // the debrief: the figures, what went well and not, a lesson with tags
    await navigate(page, () => page.getByRole('link', { name: 'Debrief', exact: true }).click());
    eq(path(page), `/projects/${pid}/debrief`, 'the debrief page');
    await visible(page.locator('section.closed-anyway', { hasText: reason }), 'the reason on the debrief');
    assert((await text(page.locator('table.t-debrief-figures'))).includes('working days late'), 'the end date against the plan');
    const df = page.locator('form.debrief-form');
    await df.getByLabel('What went well').fill('Fast decisions from Jordan on every call.');
    await df.getByLabel('What did not go well').fill('The print vendor was single-sourced.');
    await navigate(page, () => df.getByRole('button', { name: 'Save the debrief' }).click());
    await visible(page.locator('.flash', { hasText: 'Debrief saved.' }), 'the "Debrief saved." message');
    const lesson = `Line up a second print vendor before the campaign starts (${stamp}).`;
    const lf = page.locator('form.lesson-new');
    await lf.getByLabel('Lesson').fill(lesson);
    await lf.getByLabel('Tags').fill('Vendors, print');
    await navigate(page, () => lf.getByRole('button', { name: 'Add lesson' }).click());
    const li = page.locator('li.lesson', { hasText: lesson });
    await visible(li, 'the new lesson');
    eq((await li.locator('a.lesson-tag').allInnerTexts()).map(norm).join(','), 'vendors,print', 'its tags');
    problems.push(...await axeSerious(page, 'debrief 1280'));
    await snap(page, T, '3-debrief-1280');
    await page.setViewportSize(PHONE);
    const o1 = await overflow(page, 'debrief 390');
    if (o1) problems.push(o1);
    problems.push(...await axeSerious(page, 'debrief 390'));
    await snap(page, T, '4-debrief-390');
    await page.goto(`${BASE}/projects/${pid}/closure`);
    const o2 = await overflow(page, 'closure 390');
    if (o2) problems.push(o2);
    await snap(page, T, '5-checklist-390');
    await page.setViewportSize(DESKTOP);

    // the tag leads to the lessons page; a new project for Acme shows the lesson
    await page.goto(`${BASE}/projects/${pid}/debrief`);
    await navigate(page, () => page.locator('li.lesson', { hasText: lesson }).getByRole('link', { name: 'vendors' }).click());
    eq(path(page), '/lessons', 'the lessons page');
    await visible(page.locator('li.lesson', { hasText: lesson }), 'the lesson under its tag');
    await snap(page, T, '6-lessons');
    await page.goto(`${BASE}/projects/new?client_id=1`);
    await visible(page.locator('aside.lessons-box li.lesson', { hasText: lesson }), 'the lesson on the new-project form');
    await snap(page, T, '7-new-project-lessons');
    assert(problems.length === 0, problems.join('\n'));
});

// Issue 16: a reviewer sends a version back, passes the next one, and the client approves it
// seeing the criteria agreed (never the internal ones).
test('31-review-then-client-approval', async ({ page, newContext }) => {
    const T = '31-review-then-client-approval';
    const problems = [];
    const stamp = Date.now();
    const title = `Campaign poster ${stamp}`;
    // the PM uploads a shared document and sets its criteria
    await signIn(page, PM);
    await page.goto(`${BASE}/projects/1/documents`);
    const up = page.locator('form[action="/projects/1/documents"]');
    await up.getByLabel('Title').fill(title);
    await up.locator('input[type="file"]').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: PNG });
    await up.getByLabel('Shared with the client').check();
    await navigate(page, () => up.getByRole('button', { name: 'Upload' }).click());
    const docUrl = page.url();
    const crit = page.locator('#criteria');
    // no criteria yet: the form to add one is open
    const add = crit.locator('form.criterion-form').last();
    await add.getByLabel('Criterion').fill('Logo at least 40 mm wide');
    await navigate(page, () => add.getByRole('button', { name: 'Add criterion' }).click());
    await page.locator('#criteria summary').click();
    const add2 = page.locator('#criteria form.criterion-form').last();
    await add2.getByLabel('Criterion').fill('Colours checked on the proofing printer');
    await add2.getByLabel('Shown to the client').uncheck();
    await navigate(page, () => add2.getByRole('button', { name: 'Add criterion' }).click());
    eq(await page.locator('#criteria li.criterion').count(), 2, 'the criteria');
    await visible(page.locator('#reviews .badge', { hasText: 'In review' }), 'the version in review');
    eq(await page.locator('form[action$="/approvals"]').count(), 0, 'the approval form before the review');
    await snap(page, T, '1-pm-in-review');

    // Marco reviews it: one criterion fails, he sends it back with a note
    const mpage = await (await newContext()).newPage();
    await signIn(mpage, 'member@demo.test');
    await mpage.goto(docUrl);
    const rf = mpage.locator('form.review-form');
    await rf.getByLabel('Logo at least 40 mm wide').check();
    await rf.getByLabel('Note for the uploader').fill('Colours are off on the proof: the blue prints purple.');
    await navigate(mpage, () => rf.getByRole('button', { name: 'Send back' }).click());
    await visible(mpage.locator('.flash', { hasText: 'Version sent back' }), 'the "sent back" message');
    await snap(mpage, T, '2-reviewer-sent-back');

    // the PM sees the note and uploads v2
    await page.goto(docUrl);
    await visible(page.locator('blockquote.review-note', { hasText: 'prints purple' }), 'the reviewer\'s note');
    const nv = page.locator('form[action$="/versions"]');
    await nv.locator('input[type="file"]').setInputFiles({ name: 'poster-v2.png', mimeType: 'image/png', buffer: bigPng(64, 48) });
    await nv.getByLabel('What changed').fill('Colour profile fixed.');
    await navigate(page, () => nv.getByRole('button', { name: 'Upload version' }).click());
    await visible(page.locator('#reviews .badge', { hasText: 'In review' }), 'v2 in review');

    // Marco passes v2
    await mpage.goto(docUrl);
    const rf2 = mpage.locator('form.review-form');
    await rf2.getByLabel('Logo at least 40 mm wide').check();
    await rf2.getByLabel('Colours checked on the proofing printer').check();
    await navigate(mpage, () => rf2.getByRole('button', { name: 'Pass the review' }).click());
    await visible(mpage.locator('#reviews .badge', { hasText: 'Passed review' }), 'v2 passed');
    problems.push(...await axeSerious(mpage, 'document 1280'));
    await snap(mpage, T, '3-reviewer-passed');

    // the PM sends it to Jordan
    await page.goto(docUrl);
    const ask = page.locator('form[action$="/approvals"]');
    await ask.getByLabel(/Jordan Reyes/).check();
    await ask.getByLabel('Due date').fill(new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10));
    await navigate(page, () => ask.getByRole('button', { name: 'Send for approval' }).click());
    await visible(page.locator('tr.approval-row.state-pending'), 'the pending approval');
    await snap(page, T, '4-pm-asked');
    await page.setViewportSize(PHONE);
    const o1 = await overflow(page, 'document 390');
    if (o1) problems.push(o1);
    problems.push(...await axeSerious(page, 'document 390'));
    await snap(page, T, '5-document-390');

    // Jordan opens the link, sees the agreed criterion (not the internal one) and approves
    const link = linkIn(await mailTo(CLIENT, title), /https?:\/\/[^\s"<>]+\/a\/[0-9a-f]{64}/);
    const cpage = await (await newContext()).newPage();
    eq((await cpage.goto(link)).status(), 200, 'GET /a/{token}');
    const agreed = cpage.locator('section.criteria-client');
    await visible(agreed, 'the criteria on the approval page');
    const said = await text(agreed);
    assert(said.includes('Logo at least 40 mm wide') && !said.includes('proofing printer'), `the criteria shown: ${said}`);
    assert(!(await cpage.locator('body').innerText()).includes('proofing printer'), 'an internal criterion on the client\'s page');
    problems.push(...await axeSerious(cpage, 'approval 1280'));
    await snap(cpage, T, '6-client-sees-criteria-1280');
    await cpage.setViewportSize(PHONE);
    const o2 = await overflow(cpage, 'approval 390');
    if (o2) problems.push(o2);
    await snap(cpage, T, '7-client-sees-criteria-390');
    await cpage.setViewportSize(DESKTOP);
    await cpage.locator('select[name="decision"]').selectOption('approve');
    await cpage.locator('input[name="signed_name"]').fill('Jordan Reyes');
    await navigate(cpage, () => cpage.getByRole('button', { name: 'Record my decision' }).click());
    eq(await text(cpage.locator('#dec-h')), 'Approved', 'decision heading');
    await snap(cpage, T, '8-client-approved');

    // the demo's "Beta live" milestone: its criteria for staff, the agreed ones in the portal
    await page.setViewportSize(DESKTOP);
    await page.goto(`${BASE}/milestones/3`);
    eq(await page.locator('#criteria li.criterion').count(), 4, 'the milestone\'s criteria');
    problems.push(...await axeSerious(page, 'milestone 1280'));
    await snap(page, T, '9-milestone-criteria');
    const jpage = await (await newContext({ viewport: PHONE })).newPage();
    await signIn(jpage, CLIENT);
    await jpage.goto(`${BASE}/portal/projects/1`);
    const mc = jpage.locator('ul.milestone-criteria');
    await visible(mc, 'the milestone\'s criteria in the portal');
    eq(await mc.locator('li').count(), 3, 'client-visible criteria in the portal');
    assert(!(await jpage.locator('body').innerText()).includes('on-call channel'), 'an internal criterion in the portal');
    const o3 = await overflow(jpage, 'portal 390');
    if (o3) problems.push(o3);
    await snap(jpage, T, '10-portal-milestone-390');
    await jpage.locator('section.card', { has: mc }).screenshot({ path: join(OUTDIR, `${T}-11-portal-milestone-card-390.png`) });
    assert(problems.length === 0, problems.join('\n'));
});

// Issue 14: an e-mail nobody's thread or project took waits in the PM's inbox; the PM files it on
// a project. The mail is taken as the IMAP reader's rows are, through tests/domain/d_inbound with
// a parsed message (built here when missing).
function inboundDriver(...args) {
    const bin = join(ROOT, 'build/san/tests/domain/d_inbound');
    if (!existsSync(bin)) execFileSync('make', ['-s', 'build/san/tests/domain/d_inbound'], { cwd: ROOT, stdio: 'ignore' });
    assert(process.env.VAR, 'VAR is not set (tests/browser/run.sh exports it)');
    const out = execFileSync(bin, args.map(String), {
        env: { ...process.env, TANDEM_CONF: join(process.env.VAR, 'tandem.conf') }, encoding: 'utf8',
    });
    assert(/^rc=0$/m.test(out), `d_inbound ${args.join(' ')}: ${out}`);
    return out;
}

test('32-inbox-file-an-email', async ({ page }) => {
    const T = '32-inbox-file-an-email';
    const problems = [];
    const subject = `Photos for the homepage ${Date.now()}`;
    const out = inboundDriver('take', JSON.stringify({
        from: ['Sam Supplier', 'sam@supplier.test'], to: ['inbox@agency.test'], subject,
        text: 'Hi,\n\nthe photos from Tuesday are attached. <b>Not bold</b>.\n\nSam',
        atts: [{ filename: 'team-photo.png', content_type: 'image/png', data: 'PNG' }],
    }));
    const id = /^id=(\d+)$/m.exec(out)[1];
    await signIn(page, PM);
    // the envelope beside the bell counts what waits
    const link = page.locator('header a.inbox-link');
    await visible(link, 'the inbox link');
    assert(/^Inbox, \d+ waiting$/.test(await link.getAttribute('aria-label')), `the inbox link: ${await link.getAttribute('aria-label')}`);
    await navigate(page, () => link.click());
    eq(path(page), '/inbox', 'the inbox link leads to');
    await visible(page.getByRole('heading', { level: 1, name: 'Inbox' }), 'the "Inbox" heading');
    const rowLink = page.getByRole('link', { name: subject, exact: true });
    await visible(rowLink, 'the waiting mail');
    problems.push(...await axeSerious(page, 'inbox 1280'));
    await snap(page, T, '1-inbox-1280');
    await page.setViewportSize(PHONE);
    const o1 = await overflow(page, 'inbox 390');
    if (o1) problems.push(o1);
    await snap(page, T, '2-inbox-390');
    await page.setViewportSize(DESKTOP);

    // the mail: its text as text, its attachment, the file and discard forms
    await navigate(page, () => rowLink.click());
    eq(path(page), `/inbox/${id}`, 'the mail\'s page');
    assert((await text(page.locator('.mail-text'))).includes('<b>Not bold</b>'), 'the text shown as text');
    await visible(page.getByRole('link', { name: 'team-photo.png' }), 'the attachment');
    problems.push(...await axeSerious(page, 'mail 1280'));
    await snap(page, T, '3-mail-1280');
    await page.setViewportSize(PHONE);
    const o2 = await overflow(page, 'mail 390');
    if (o2) problems.push(o2);
    await snap(page, T, '4-mail-390');
    await page.setViewportSize(DESKTOP);

    // filed on Website relaunch: the mail says so, the project's activity links to it
    const form = page.locator(`form[action="/inbox/${id}/file"]`);
    await form.getByLabel('Project').selectOption('1');
    await navigate(page, () => form.getByRole('button', { name: 'File e-mail' }).click());
    eq(path(page), `/inbox/${id}`, 'after filing');
    await visible(page.locator('.flash', { hasText: 'E-mail filed on the project.' }), 'the "filed" message');
    await visible(page.locator('.badge', { hasText: 'Filed by e-mail' }), 'the filed badge');
    eq(await page.locator(`form[action="/inbox/${id}/file"]`).count(), 0, 'the file form after filing');
    await page.goto(`${BASE}/activity?project_id=1`);
    const line = page.locator(`ol.timeline a[href="/inbox/${id}"]`);
    await visible(line, 'the activity line linking the e-mail');
    assert((await text(page.locator('ol.timeline > li', { has: page.locator(`a[href="/inbox/${id}"]`) }))).includes('wrote by e-mail about'), 'the activity line says "by e-mail"');
    await snap(page, T, '5-activity-1280');
    await page.goto(`${BASE}/inbox`);
    eq(await page.getByRole('link', { name: subject, exact: true }).count(), 0, 'the filed mail left the inbox');
    assert(problems.length === 0, problems.join('\n       '));
});

// Issue 14: a contact answers a thread's notification e-mail from their mail program and the PM
// reads the answer in the thread. The mail goes the real way: the notice from the SMTP sink, the
// reply APPENDed to the stack's Dovecot (run.sh starts it: IMAP=1), read by the outbox worker.

// APPEND one message (a string, CRLF lines) to INBOX of the stack's Dovecot over plain IMAP.
async function imapAppend(message) {
    assert(process.env.VAR, 'VAR is not set (tests/browser/run.sh exports it)');
    const conf = readFileSync(join(process.env.VAR, 'dovecot', 'dovecot.conf'), 'utf8');
    const port = Number((/^\s*port = ([1-9][0-9]*)$/m.exec(conf) || [])[1]);
    assert(port, 'no IMAP port in the stack\'s dovecot.conf (IMAP=1 in tests/browser/run.sh?)');
    const user = process.env.IMAP_USER || 'tandem', pass = process.env.IMAP_PASSWORD || 'tandem-imap';
    const bytes = Buffer.from(message, 'utf8');
    const sock = createConnection({ host: '127.0.0.1', port });
    let buf = '';
    const waiters = [];
    const check = () => {
        for (let i = 0; i < waiters.length; i++) {
            const m = waiters[i].re.exec(buf);
            if (m) { buf = buf.slice(m.index + m[0].length); waiters.splice(i, 1)[0].resolve(m[0]); i--; }
        }
    };
    sock.on('data', (d) => { buf += d.toString('latin1'); check(); });
    const closed = new Promise((r) => sock.on('close', r));
    const expect = (re, what) => new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new AssertionError(`IMAP: no ${what} within 10 s (got ${JSON.stringify(buf)})`)), 10_000);
        waiters.push({ re, resolve: (v) => { clearTimeout(t); resolve(v); } });
        check();
    });
    sock.on('error', (e) => { buf += `\n[socket error ${e.message}]`; });
    try {
        await expect(/^\* OK.*\r\n/m, 'greeting');
        sock.write(`a1 LOGIN ${user} ${pass}\r\n`);
        assert(/^a1 OK/.test(await expect(/^a1 (OK|NO|BAD).*\r\n/m, 'LOGIN answer')), 'IMAP LOGIN refused');
        sock.write(`a2 APPEND INBOX {${bytes.length}}\r\n`);
        await expect(/^\+.*\r\n/m, 'continuation for the literal');
        sock.write(Buffer.concat([bytes, Buffer.from('\r\n')]));
        const ok = await expect(/^a2 (OK|NO|BAD).*\r\n/m, 'APPEND answer');
        assert(/^a2 OK/.test(ok), `IMAP APPEND: ${ok.trim()}`);
        sock.write('a3 LOGOUT\r\n');
        await expect(/^a3 OK.*\r\n/m, 'LOGOUT answer');
    } finally {
        sock.end();
        await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
        sock.destroy();
    }
}

test('33-email-reply-lands-in-thread', async ({ page, newContext }) => {
    const T = '33-email-reply-lands-in-thread';
    const problems = [];
    const stamp = Date.now();
    const subject = `Launch checklist ${stamp}`;
    // 0. Jordan (the Acme contact) wants every message e-mailed at once
    const cctx = await newContext();
    const cpage = await cctx.newPage();
    await signIn(cpage, CLIENT);
    await cpage.goto(`${BASE}/portal/notifications/settings`);
    const prefs = cpage.locator('form', { has: cpage.getByRole('button', { name: 'Save preferences' }) });
    await visible(prefs, 'the contact\'s preferences form');
    await prefs.getByLabel('Your e-mails').selectOption('now');
    for (const sel of await prefs.locator('select').all()) {   // a kind about messages: at once too
        const id = await sel.getAttribute('id');
        const label = id ? norm(await prefs.locator(`label[for="${id}"]`).allInnerTexts().then((t) => t.join(' '))) : '';
        if (/messag|conversation|thread/i.test(label)) await sel.selectOption('now');
    }
    await navigate(cpage, () => prefs.getByRole('button', { name: 'Save preferences' }).click());
    await cctx.close();

    // 1. Priya starts a client-visible conversation on Website relaunch, then adds a message
    await signIn(page, PM);
    await page.goto(`${BASE}/projects/1/messages`);
    const start = page.locator('form[action="/projects/1/messages"]');
    await start.getByLabel('Subject').fill(subject);
    await start.getByLabel('Message').fill('Here is the launch checklist for next week.');
    await navigate(page, () => start.getByRole('button', { name: 'Start conversation' }).click());
    assert(/^\/messages\/threads\/\d+$/.test(path(page)), `after starting: ${path(page)}`);
    const threadPath = path(page);
    const ask = `Could you confirm the DNS switch on Thursday at 9:00? (${stamp})`;
    const form = page.locator(`form[action="${threadPath}"]`);
    await form.getByLabel('Message').fill(ask);
    await navigate(page, () => form.getByRole('button', { name: 'Send reply' }).click());
    await visible(page.locator('.flash', { hasText: 'Message sent.' }), 'the "Message sent." message');

    // 2. Jordan's notice arrives in the SMTP sink with a reply address of this thread and person
    const mail = await mailTo(CLIENT, String(stamp));
    const replyTo = (/^Reply-To: (?:.*<)?([^\s<>"]+\+r[0-9a-f]{32}@[^\s<>"]+?)>?\s*$/mi.exec(mail) || [])[1];
    assert(replyTo, `no Reply-To with a +r<token>@ address in the notice:\n${mail.slice(0, 1500)}`);
    const msgId = (/^Message-ID: *(<[^>\s]+>)/mi.exec(mail) || [])[1];
    assert(msgId, 'no Message-ID in the notice');
    assert(msgId.startsWith(`<r${/\+r([0-9a-f]{32})@/.exec(replyTo)[1]}.`), `the Message-ID ${msgId} does not carry the token of ${replyTo}`);

    // 3. Jordan answers from Gmail: a new line on top, the quoted notice below
    const answer = `Yes, Thursday at 9:00 works for us, Ben will be on call. (${stamp})`;
    const quoted = 'This line is quoted history and must not show';
    const reply = [
        'From: Jordan Reyes <client@acme.test>',
        `To: ${replyTo}`,
        `Subject: Re: ${subject}`,
        `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
        `Message-ID: <CAF${stamp}.reply@mail.gmail.com>`,
        `In-Reply-To: ${msgId}`,
        `References: ${msgId}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset="UTF-8"',
        '',
        answer,
        '',
        `On Tue, Dec 8, 2026 at 9:14 AM Tandem <${process.env.MAIL_FROM || 'projects@agency.test'}> wrote:`,
        '',
        `> Priya replied in \u201c${subject}\u201d`,
        `> ${quoted}`,
        '> ',
        '',
    ].join('\r\n');
    await imapAppend(reply);

    // 4. the worker reads the mailbox; the answer shows in the thread for Priya, "by e-mail",
    //    without the quoted lines
    const posted = page.locator('.message-list > li', { hasText: answer });
    const end = Date.now() + 20_000;
    while (Date.now() < end && await posted.count() === 0) {
        await new Promise((r) => setTimeout(r, 1000));
        await page.goto(`${BASE}${threadPath}`);
    }
    assert(await posted.count() === 1, `the e-mailed answer did not show in ${threadPath} within 20 s`);
    const li = posted.first();
    assert((await li.getAttribute('class')).includes('from-client'), 'the answer is not marked as the client\'s');
    eq(await text(li.locator('.message-via')), 'by e-mail', 'the answer\'s mark');
    const body = await text(li);
    assert(!body.includes(quoted) && !/wrote:/.test(body), `the quoted history shows: ${body}`);
    eq(await page.getByText(quoted).count(), 0, 'the quoted history on the page');
    // Priya's two messages were written in the app: no mark (a problem, so the screenshots still come)
    const appMarked = await page.locator('.message-list > li', { hasText: 'Priya Shah' }).locator('.message-via').count();
    if (appMarked) problems.push(`${appMarked} of Priya's messages written in the app are marked "by e-mail"`);
    eq(await page.locator('.message-list > li').count(), 3, 'messages in the thread');
    await li.scrollIntoViewIfNeeded();
    problems.push(...await axeSerious(page, 'thread 1280'));
    await snap(page, T, '1-thread-1280');
    await page.setViewportSize(PHONE);
    const o = await overflow(page, 'thread 390');
    if (o) problems.push(o);
    await snap(page, T, '2-thread-390');
    await page.setViewportSize(DESKTOP);
    assert(problems.length === 0, problems.join('\n       '));
});

// ---------------------------------------------------------------- runner

let browser;
let stopping = false;   // a signal came: report nothing more, just go
let passed = 0;
let failed = 0;
const failures = [];

function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise,
        new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
        }),
    ]).finally(() => clearTimeout(timer));
}

// A context whose pages report console errors, page errors, CSP violations
// and failed sub-resources into problems[]. Dialogs (data-confirm) are accepted.
async function makeContext(problems, opts = {}) {
    const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB', timezoneId: 'UTC', ...opts });
    ctx.setDefaultNavigationTimeout(NAV_TIMEOUT);
    ctx.setDefaultTimeout(ACTION_TIMEOUT);
    await ctx.exposeBinding('__tandemCsp', ({ page }, v) => {
        problems.push(`CSP violation on ${page.url()}: ${v.directive} blocked ${v.blocked || '(inline)'}` +
            (v.sample ? ` "${v.sample}"` : '') + (v.source ? ` at ${v.source}:${v.line}` : ''));
    });
    await ctx.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
            window.__tandemCsp({
                directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI,
                sample: e.sample, source: e.sourceFile, line: e.lineNumber,
            });
        });
    });
    const allowed = []; // [path, status] the test expects for a document
    ctx.on('page', (page) => attach(page, problems, allowed));
    ctx.__allowed = allowed;
    return ctx;
}

function attach(page, problems, allowed) {
    page.allowStatus = (p, status) => allowed.push([p, status]);
    const isAllowed = (url, status) => {
        try {
            const u = new URL(url);
            return allowed.some(([p, s]) => u.pathname === p && (status === undefined || s === status));
        } catch { return false; }
    };
    const docStatus = new Map(); // document URL -> status
    page.on('response', (resp) => {
        const req = resp.request();
        const st = resp.status();
        if (req.resourceType() === 'document' && req.frame() === page.mainFrame()) {
            docStatus.set(resp.url(), st);
            return; // the test asserts document statuses itself
        }
        if (st >= 400) problems.push(`${req.resourceType()} ${resp.url()} answered ${st}`);
    });
    page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const loc = msg.location();
        const t = msg.text();
        // Chromium logs an error for a document with an error status; a status
        // the test declared with page.allowStatus(path, status) is not a problem.
        const failedLoad = t.match(/^Failed to load resource: the server responded with a status of (\d+)/);
        if (failedLoad) {
            const st = Number(failedLoad[1]);
            const url = loc.url || '';
            if (docStatus.get(url) === st && isAllowed(url, st)) return;
        }
        problems.push(`console error on ${page.url()}: ${t}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    });
    page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
    page.on('dialog', (d) => d.accept().catch(() => {}));
    page.on('crash', () => problems.push(`page crashed on ${page.url()}`));
}

async function runTest(t) {
    const problems = [];
    const contexts = [];
    const newContext = async (opts = {}) => {
        const c = await makeContext(problems, opts);
        contexts.push(c);
        return c;
    };
    const started = Date.now();
    const shot = join(OUTDIR, `${t.name}.png`);
    rmSync(shot, { force: true });   // no stale picture from an earlier run
    let shotSaved = false;
    let page;
    let error;
    try {
        const { timeout: testTimeout = TEST_TIMEOUT, ...ctxOpts } = t.opts;   // a test may need longer
        const ctx = await newContext(ctxOpts);
        page = await ctx.newPage();
        await withTimeout(t.fn({ page, browser, newContext }), testTimeout, t.name);
        await page.waitForLoadState('load').catch(() => {});
    } catch (e) {
        error = e;
    }
    if (page && !page.isClosed()) {
        await page.screenshot({ path: shot, fullPage: true, timeout: ACTION_TIMEOUT })
            .then(() => { shotSaved = true; })
            .catch((e) => problems.push(`screenshot failed: ${e.message.split('\n')[0]}`));
    }
    for (const c of contexts) await c.close().catch(() => {});
    if (stopping) return;
    const ms = Date.now() - started;
    const reasons = [];
    if (error) {
        const where = page && !page.isClosed() ? ` [at ${page.url()}]` : '';
        reasons.push((error instanceof AssertionError ? error.message : (error.stack || String(error)).split('\n').slice(0, 4).join('\n    ')) + where);
    }
    reasons.push(...[...new Set(problems)]);
    if (reasons.length === 0) {
        passed++;
        console.log(`ok   ${t.name} (${(ms / 1000).toFixed(1)} s)`);
    } else {
        failed++;
        failures.push(t.name);
        console.log(`FAIL ${t.name} (${(ms / 1000).toFixed(1)} s)`);
        for (const r of reasons) console.log(`     - ${r}`);
        if (shotSaved) console.log(`     screenshot: ${shot}`);
    }
}

// Stopped from outside (run.sh's trap, Ctrl-C): close the browser, say so, go.
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, async () => {
        if (stopping) return;
        stopping = true;
        console.log(`interrupted (${sig})`);
        if (browser) await browser.close().catch(() => {});
        console.log(`browser: ${passed} passed, ${failed + 1} failed`);
        process.exit(code);
    });
}

try {
    browser = await chromium.launch({
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        headless: process.env.HEADED !== '1',
        timeout: 30_000,
        args: [
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ].filter((a) => process.env.HEADED !== '1' || a !== '--headless'),
    });
    console.log(`chromium ${browser.version()} against ${BASE}, screenshots in ${OUTDIR}`);
    const only = process.env.ONLY || '';
    for (const t of tests) {
        if (stopping) break;
        if (only && !t.name.includes(only)) continue;
        await runTest(t);
    }
} catch (e) {
    failed++;
    console.log(`FAIL browser setup: ${e.stack || e}`);
} finally {
    if (browser && !stopping) await browser.close().catch(() => {});
}
if (stopping) await new Promise(() => {});   // the signal handler exits
if (passed + failed === 0) {
    failed = 1;
    console.log(`FAIL no test ran${process.env.ONLY ? ` (ONLY=${process.env.ONLY} matches none)` : ''}`);
}
if (failures.length) console.log(`failed: ${failures.join(', ')}`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
