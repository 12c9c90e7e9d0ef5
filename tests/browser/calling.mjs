// tests/browser/calling.mjs — the calling day in a real browser: sign in,
// work five leads by keyboard only, see the agenda and the numbers change,
// import a CSV and fetch its reject report. Drives Debian's chromium with
// playwright-core (which never downloads a browser). Run by
// tests/e2e/browser.sh, which starts the server on a fresh demo database:
//
//   node tests/browser/calling.mjs URL ARTIFACT_DIR CSV BAD_MARK
//
// URL is the server's base URL, signed in as mia/password1 (a manager);
// screenshots go to ARTIFACT_DIR; CSV is a lead list with one bad row whose
// text contains BAD_MARK. Prints "ok - browser: NAME" / "not ok - browser:
// NAME" per step (tests/run.sh counts them); exits 1 if any failed.
// BROWSER_TIMEOUT_MS (default 20000) is the wait per action: ASan is slow.
// BROWSER_CALLER_ID is mia's verified caller ID, which every offer carries.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [url, artDir, csvPath, badMark] = process.argv.slice(2);
if (!url || !artDir || !csvPath || !badMark) {
	console.log('not ok - browser: usage: calling.mjs URL ARTIFACT_DIR CSV BAD_MARK');
	process.exit(2);
}
const TIMEOUT = Number(process.env.BROWSER_TIMEOUT_MS || 20000);
// the caller ID browser.sh verified for mia (user add --caller-id): every offer carries it
const CALLER_ID = process.env.BROWSER_CALLER_ID || '';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(artDir, { recursive: true });

let failed = 0;
const out = (ok, name, detail) => {
	console.log(`${ok ? 'ok' : 'not ok'} - browser: ${name}`);
	if (!ok) { failed++; if (detail) console.log('  ' + String(detail).split('\n').slice(0, 12).join('\n  ')); }
};
class Fail extends Error {}
const must = (cond, msg) => { if (!cond) throw new Fail(msg); };

// ---- the browser, and what it reports ---------------------------------------
let browser;
try {
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		timeout: TIMEOUT * 2,
	});
} catch (e) {
	out(false, `chromium starts (${CHROMIUM})`, e && e.message);
	process.exit(2);
}
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'en-US' });
const page = await ctx.newPage();
page.setDefaultTimeout(TIMEOUT);

const consoleErrors = [], expected4xx = [], cspReports = [], pageErrors = [], serverErrors = [], touches = [], offers = [];
let loads = 0;
const FAILED_4XX = /^Failed to load resource: the server responded with a status of 4\d\d/;
page.on('console', (m) => {
	const t = m.text();
	if (/Content[- ]Security[- ]Policy/i.test(t)) cspReports.push(`${m.type()}: ${t}`);
	if (m.type() !== 'error') return;
	if (FAILED_4XX.test(t)) expected4xx.push(`${t} (${(m.location() || {}).url || '?'})`);
	else consoleErrors.push(t);
});
page.on('pageerror', (e) => pageErrors.push(String(e && e.stack || e)));
page.on('load', () => loads++);
page.on('response', (r) => {
	if (r.status() >= 500) serverErrors.push(`${r.request().method()} ${r.url()} → ${r.status()}`);
	if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/next') && r.status() === 200)
		r.json().then((j) => offers.push(j), () => {});
});
page.on('request', (r) => {
	if (r.method() === 'POST' && /\/api\/v1\/leads\/\d+\/touches$/.test(r.url())) {
		let body = null;
		try { body = JSON.parse(r.postData() || 'null'); } catch { body = r.postData(); }
		touches.push({ lead: Number(r.url().match(/leads\/(\d+)\//)[1]), body });
	}
});
// CSP violations also reach the page as events; keep them where we can read them
await ctx.addInitScript(() => {
	window.__csp = [];
	document.addEventListener('securitypolicyviolation', (e) =>
		window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || 0})`));
});

let shot = 0;
const screenshot = async (name) => {
	shot++;
	try { await page.screenshot({ path: join(artDir, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true }); } catch { /* artifacts only */ }
};

// ---- helpers -----------------------------------------------------------------
const visible = (sel) => page.locator(sel).first().isVisible().catch(() => false);
const text = (sel) => page.locator(sel).first().textContent({ timeout: TIMEOUT }).then((t) => (t || '').trim());
// the lead on the card: {id, name}; waits until a card is up
async function currentLead() {
	await page.waitForSelector('#card:not([hidden]) #card-name');
	return page.evaluate(() => {
		const a = document.querySelector('#card a[href^="#/leads/"]');
		return { id: a ? Number(a.getAttribute('href').slice(8)) : null, name: document.getElementById('card-name').textContent.trim() };
	});
}
const marker = () => page.evaluate(() => window.__hawserMarker || null);
async function keyNav(route) {
	// keyboard only: focus the nav link, press Enter (a hash change, no page load)
	await page.focus(`#nav a[data-route=${route}]`);
	await page.keyboard.press('Enter');
	await page.waitForFunction((r) => location.hash.startsWith('#/' + r), route);
}
const api = (path) => page.evaluate(async (p) => { const r = await fetch(p); return r.json(); }, path);

// ---- the steps ------------------------------------------------------------------
const S = { leads: [], before: {} };
const steps = [];
const step = (name, fn, critical) => steps.push({ name, fn, critical });

step('sign in with #login-user / #login-pass', async () => {
	await page.goto(url);
	await page.waitForSelector('#login:not([hidden])');
	await screenshot('login');
	await page.focus('#login-user');
	await page.keyboard.type('mia');
	await page.keyboard.press('Tab');
	await page.keyboard.type('password1');
	await page.keyboard.press('Enter');
	await page.waitForSelector('#top:not([hidden])');
	must((await text('#whoami')).includes('mia'), `#whoami is "${await text('#whoami')}"`);
	must(await page.evaluate(() => location.hash === '#/call'), 'not on #/call after sign-in');
	await page.evaluate(() => { window.__hawserMarker = 'same-page'; });
	S.loads = loads;
}, true);

step('calling screen: a lead card and one button per outcome, with its key', async () => {
	const l = await currentLead();
	must(l.id && l.name, `no lead on the card: ${JSON.stringify(l)}`);
	S.outcomes = (await api('/api/v1/outcomes')).outcomes;
	for (const o of S.outcomes) {
		const b = page.locator(`button[data-outcome=${o.name}]`);
		must(await b.count() === 1, `no button[data-outcome=${o.name}]`);
		const k = await b.locator('kbd').textContent();
		must(k === o.key, `${o.name}: the button shows key "${k}", the server says "${o.key}"`);
	}
	S.key = Object.fromEntries(S.outcomes.map((o) => [o.name, o.key]));
	for (const n of ['no_answer', 'busy', 'voicemail', 'brush_off'])
		must(!S.outcomes.find((o) => o.name === n).needs.length, `${n} needs input: ${JSON.stringify(S.outcomes.find((o) => o.name === n).needs)}`);
	must(S.outcomes.find((o) => o.name === 'callback').needs.includes('time'), 'callback does not need a time');
	S.before.agenda = (await api('/api/v1/agenda')).tasks.length;
	S.before.stats = await api('/api/v1/stats');
	await screenshot('call');
}, true);

step('first call: no refers_to, so no opener from the server and the plain "Hi …" on the card', async () => {
	const l = await currentLead();
	const o = offers[offers.length - 1];
	must(o && o.lead && o.lead.id === l.id, `the card shows lead ${l.id}, the last /next said ${o && o.lead && o.lead.id}`);
	must(!o.refers_to, `refers_to on a first call: ${JSON.stringify(o.refers_to)}`);
	must(!o.opener, `POST /api/v1/next: an opener without refers_to: ${JSON.stringify(o.opener)}`);
	must(!(await page.locator('#card-refers').count()), '#card-refers shown without refers_to');
	const op = await text('#card-opener');
	must(op.startsWith('Hi ') && op.includes('this is mia'), `#card-opener "${op}"`);
});

step('first call: the offer carries the verified caller ID and #card-caller-id shows it', async () => {
	const o = offers[offers.length - 1];
	must(o && /^\+1[2-9]\d{9}$/.test(o.caller_id || ''), `POST /api/v1/next: caller_id ${JSON.stringify(o && o.caller_id)}`);
	must(!CALLER_ID || o.caller_id === CALLER_ID, `POST /api/v1/next: caller_id ${o.caller_id}, mia's is ${CALLER_ID}`);
	const c = await text('#card-caller-id');
	must(c.includes(o.caller_id), `#card-caller-id "${c}", want ${o.caller_id}`);
});

step('outcomes that need nothing are marked one-key (data-one-key), the others not', async () => {
	const wrong = [];
	for (const o of S.outcomes) {
		const one = await page.locator(`button[data-outcome=${o.name}]`).getAttribute('data-one-key') === 'true';
		if (one !== !o.needs.length) wrong.push(`${o.name} (needs ${JSON.stringify(o.needs)}, data-one-key ${one})`);
	}
	must(!wrong.length, wrong.join('; '));
});

step('Shift+key opens the note form for a one-key outcome; Escape cancels, nothing logged', async () => {
	const l = await currentLead();
	const n = touches.length;
	await page.keyboard.press('Shift+' + S.key.voicemail.toUpperCase());
	await page.waitForSelector('#log-form:not([hidden])');
	must((await text('#log-title')).startsWith('Voicemail'), `form title "${await text('#log-title')}"`);
	must(await visible('#in-note'), '#in-note not shown');
	must(!(await visible('#in-time')), '#in-time shown for voicemail');
	await screenshot('call-shift-form');
	await page.keyboard.press('Escape');
	await page.waitForSelector('#log-form', { state: 'hidden' });
	await page.waitForTimeout(200);
	must(touches.length === n, `a touch was posted: ${JSON.stringify(touches.slice(n))}`);
	const l2 = await currentLead();
	must(l2.id === l.id, `the lead changed from ${l.id} to ${l2.id}`);
});

// one lead: press the key (and for a time: type it, Enter); the next card comes
async function work(outcome, time) {
	const before = await currentLead();
	const n = touches.length;
	await page.keyboard.press(S.key[outcome]);
	if (time) {
		await page.waitForSelector('#log-form:not([hidden])');
		must(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'in-time', 'focus is not on #in-time');
		await page.keyboard.type(time);
		await screenshot('call-callback-form');
		await page.keyboard.press('Enter');
	} else {
		must(!(await visible('#log-form')), `${outcome}: the form opened for a one-key outcome`);
	}
	await page.waitForFunction((id) => {
		const c = document.getElementById('card'), a = c && c.querySelector('a[href^="#/leads/"]');
		return c && !c.hidden && a && a.getAttribute('href') !== '#/leads/' + id;
	}, before.id);
	const after = await currentLead();
	const posted = touches.slice(n);
	must(posted.length === 1, `${posted.length} touches posted: ${JSON.stringify(posted)}`);
	must(posted[0].lead === before.id, `logged lead ${posted[0].lead}, the card showed ${before.id}`);
	const want = time ? { outcome, at: time } : { outcome };
	must(JSON.stringify(posted[0].body) === JSON.stringify(want), `posted ${JSON.stringify(posted[0].body)}, want ${JSON.stringify(want)}`);
	must(after.name !== before.name, `#card-name stayed "${after.name}" (lead ${before.id} → ${after.id})`);
	must(await marker() === 'same-page' && loads === S.loads, `a page load happened (loads ${loads}, was ${S.loads})`);
	must(!(await visible('#log-form')), 'the form is still open');
	S.leads.push({ outcome, ...before });
}
step('lead 1: no answer on one key, the next card without a page load', () => work('no_answer'));
step('lead 2: busy on one key, the next card without a page load', () => work('busy'));
step('lead 3: voicemail on one key, the next card without a page load', () => work('voicemail'));
step('lead 4: callback: key, type 16:30 into #in-time, Enter; the next card', () => work('callback', '16:30'));
step('lead 5: brush-off on one key, the next card without a page load', () => work('brush_off'));

step('calling screen: #goal counts the five dials, #planned shows the last log', async () => {
	const want = (S.before.stats.dials_today || 0) + 5;
	await page.waitForFunction((w) => (document.getElementById('goal-text') || {}).textContent?.startsWith(w + ' /'), want, { timeout: 5000 })
		.catch(() => {});
	const g = await text('#goal-text');
	must(g.startsWith(`${want} /`), `#goal-text "${g}", want ${want} dials`);
	const p = await text('#planned');
	must(p.includes('Brush-off') && p.includes(S.leads[4].name), `#planned "${p}"`);
	await screenshot('call-after-five');
});

step('agenda (by keyboard): #agenda grows by the callback, the email and the note', async () => {
	await keyNav('agenda');
	await page.waitForSelector('#agenda li');
	const rows = await page.$$eval('#agenda li[data-task]', (ls) => ls.map((li) => ({
		channel: li.dataset.channel, callback: li.dataset.callback === 'true',
		lead: Number((li.querySelector('a[href^="#/leads/"]') || { getAttribute: () => '#/leads/0' }).getAttribute('href').slice(8)) })));
	const all = await page.locator('#agenda li').count();
	must(rows.length > S.before.agenda, `#agenda has ${rows.length} tasks (${all} li), before ${S.before.agenda}`);
	const has = (lead, f, what) => must(rows.some((r) => r.lead === lead && f(r)), `no ${what} for lead ${lead}: ${JSON.stringify(rows.filter((r) => r.lead === lead))}`);
	has(S.leads[3].id, (r) => r.callback && r.channel === 'call', 'callback');
	has(S.leads[2].id, (r) => r.channel === 'email', 'email (voicemail follow-up)');
	has(S.leads[4].id, (r) => r.channel === 'note', 'note (brush-off)');
	await screenshot('agenda');
	must(await marker() === 'same-page', 'a page load happened');
});

step('numbers (by keyboard): #chart-funnel and #goal show the five dials', async () => {
	await keyNav('numbers');
	await page.waitForSelector('#chart-funnel');
	const want = (S.before.stats.dials_today || 0) + 5;
	const g = await text('#goal-text');
	must(g.startsWith(`${want} /`), `#goal-text "${g}", want ${want}`);
	const d = await page.locator('#chart-funnel desc').textContent();
	const dials = (S.before.stats.dials || 0) + 5;
	must(d.includes(`Dials: ${dials};`), `funnel "${d}", want Dials: ${dials}`);
	await screenshot('numbers');
});

step('import (by keyboard): #import-file, #import-start; #import-progress; #import-status done', async () => {
	await keyNav('import');
	await page.waitForSelector('#import-file');
	await page.setInputFiles('#import-file', csvPath);
	await page.focus('#import-start');
	const seen = new Set();
	await page.keyboard.press('Enter');
	const t0 = Date.now();
	for (;;) {
		const st = await page.evaluate(() => {
			const b = document.getElementById('import-progress'), s = document.getElementById('import-status');
			return { bar: b && !b.hidden, value: b && b.value, max: b && b.max, status: s ? s.textContent : '' };
		});
		if (st.bar) seen.add('bar');
		if (/running/.test(st.status)) seen.add('running');
		S.importStatus = st;
		if (/\bdone\b/.test(st.status)) break;
		must(!/failed|error/i.test(st.status), `#import-status "${st.status}"`);
		must(Date.now() - t0 < TIMEOUT * 2, `not done after ${TIMEOUT * 2} ms: "${st.status}"`);
		await page.waitForTimeout(50);
	}
	must(seen.has('bar'), '#import-progress never shown');
	must(S.importStatus.value === S.importStatus.max, `#import-progress ends at ${S.importStatus.value} of ${S.importStatus.max}`);
	await page.waitForSelector('#import-rejects');
	await screenshot('import-done');
});

step('import: counts shown, one row rejected, #import-rejects offers the report', async () => {
	const rows = readFileSync(csvPath, 'utf8').trim().split('\n').length - 1;
	must(await text('#import-rows') === String(rows), `#import-rows "${await text('#import-rows')}", want ${rows}`);
	must(await text('#import-rejected') === '1', `#import-rejected "${await text('#import-rejected')}"`);
	const a = page.locator('#import-rejects');
	must(/\/api\/v1\/imports\/\d+\/rejects$/.test(await a.getAttribute('href')), `href ${await a.getAttribute('href')}`);
	must(await page.locator('#imports tr[data-import]').count() >= 1, 'the past imports table is empty');
});

step('import: the reject report download has the bad row', async () => {
	await page.focus('#import-rejects');
	const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
	const path = join(artDir, dl.suggestedFilename() || 'rejects.csv');
	await dl.saveAs(path);
	const body = readFileSync(path, 'utf8');
	const lines = body.trim().split('\n');
	must(lines.length === 2, `${lines.length} lines in the report:\n${body.slice(0, 800)}`);
	must(lines[1].includes(badMark), `the bad row is not in the report:\n${body.slice(0, 800)}`);
	must(/^error,First Name,/i.test(lines[0]), `header "${lines[0]}"`);
	must(await marker() === 'same-page' && loads === S.loads, 'the download navigated the page');
});

step('call card: refers_to without done_at and no opener, then with both (stubbed /next)', async () => {
	let stub = null;
	await page.route('**/api/v1/next', async (route) => {
		const res = await route.fetch();
		const j = await res.json();
		if (res.status() === 200) { delete j.opener; delete j.refers_to; Object.assign(j, stub); }
		await route.fulfill({ response: res, json: j });
	});
	const tpl = { task: 1, channel: 'note', template: 'bad-time-note', due_from: '2026-11-24T13:00:00Z', status: 'done' };
	try {
		stub = { refers_to: { ...tpl } };
		await keyNav('call');
		await page.waitForSelector('#card:not([hidden]) #card-refers');
		let r = await text('#card-refers'), op = await text('#card-opener');
		must(/^Refer to the note 'bad-time-note' planned for \w{3} 2026-11-24 \(marked sent\)$/.test(r), `no done_at: #card-refers "${r}"`);
		must(op.startsWith('Hi '), `no opener: #card-opener "${op}"`);
		stub = { refers_to: { ...tpl, done_at: '2026-11-24T14:00:00Z' }, opener: { name: 'callback-opener', body: 'Hello <b>again</b>, {{lead.first_name}}' } };
		await keyNav('agenda');
		await page.waitForSelector('#agenda li');
		await keyNav('call');
		await page.waitForSelector('#card:not([hidden]) #card-refers');
		r = await text('#card-refers'); op = await text('#card-opener');
		must(/^Refer to the note 'bad-time-note' sent \w{3} 2026-11-24$/.test(r), `done_at: #card-refers "${r}"`);
		must(op === 'Hello <b>again</b>, {{lead.first_name}}', `opener: #card-opener "${op}" (must be the body as text)`);
		await screenshot('call-refers');
	} finally {
		await page.unroute('**/api/v1/next');
	}
});

// ---- run ----------------------------------------------------------------------
let abort = null;
for (const s of steps) {
	if (abort) { out(false, s.name, `not run: "${abort}" failed`); continue; }
	try {
		await s.fn();
		out(true, s.name);
	} catch (e) {
		out(false, s.name, e instanceof Fail ? e.message : (e && e.stack) || e);
		await screenshot('FAILED');
		if (s.critical) abort = s.name;
	}
}
let csp = [];
try { csp = await page.evaluate(() => window.__csp || []); } catch { /* page gone */ }
out(!consoleErrors.length, 'no console errors other than expected 4xx fetches', consoleErrors.join('\n'));
out(!cspReports.length && !csp.length, 'no CSP violations', [...cspReports, ...csp].join('\n'));
out(!pageErrors.length, 'no uncaught page errors', pageErrors.join('\n'));
out(!serverErrors.length, 'no 5xx responses', serverErrors.join('\n'));
if (expected4xx.length) console.log(`# expected 4xx fetches: ${expected4xx.join('; ')}`);
await browser.close();
process.exit(failed ? 1 : 0);
