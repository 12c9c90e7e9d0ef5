// tests/browser/outreach.mjs — the follow-up story in a real browser: a
// brush-off logged in the web screen leads to the note in the next day's PDF
// and a callback three business days later whose card shows the note. Run by
// tests/e2e/browser.sh in three phases, each on its own server run (the
// server's --now is the day of the phase) over one database:
//
//   node tests/browser/outreach.mjs day1|day2|day3 URL ARTIFACT_DIR STATE_JSON
//
// day1 (Tue 2026-11-24 10:00 New York): sign in as rex/password1 (a rep with
//   an email and a purpose, the mail settings set); log a brush-off for two
//   leads by their key; the agenda shows the first lead's bad-time note with
//   its text filled in; the second's is marked done by keyboard (d); a
//   LinkedIn message (Copy, profile link) and held tasks on a stubbed agenda;
//   a new calendar link. Writes what the next phases need to STATE_JSON.
// day2 (the next day): "Print today's notes" downloads the PDF: pdfinfo and
//   pdftotext check it; the note is done; printing again finds nothing.
// day3 (the follow-up call's due time, read by browser.sh from the agenda):
//   the calling screen until the first lead's card, which refers to the note,
//   and whose opener mentions it.
// Prints "ok - browser: outreach …" / "not ok - browser: outreach …" per
// step; exits 1 if any failed, 2 if it could not go on.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const [phase, url, artDir, statePath] = process.argv.slice(2);
if (!['day1', 'day2', 'day3'].includes(phase) || !url || !artDir || !statePath) {
	console.log('not ok - browser: outreach: usage: outreach.mjs day1|day2|day3 URL ARTIFACT_DIR STATE_JSON');
	process.exit(2);
}
const TIMEOUT = Number(process.env.BROWSER_TIMEOUT_MS || 20000);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const LOGIN = process.env.OUTREACH_LOGIN || 'rex', PASSWORD = process.env.OUTREACH_PASSWORD || 'password1';
mkdirSync(artDir, { recursive: true });
const S = phase === 'day1' ? {} : JSON.parse(readFileSync(statePath, 'utf8'));

let failed = 0;
const out = (ok, name, detail) => {
	console.log(`${ok ? 'ok' : 'not ok'} - browser: outreach ${phase}: ${name}`);
	if (!ok) { failed++; if (detail) console.log('  ' + String(detail).split('\n').slice(0, 14).join('\n  ')); }
};
class Fail extends Error {}
const must = (cond, msg) => { if (!cond) throw new Fail(msg); };
const norm = (s) => String(s || '').replace(/\s+/g, ' ').trim();

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
const origin = new URL(url).origin;
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'en-US' });
await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin }).catch(() => {});
const page = await ctx.newPage();
page.setDefaultTimeout(TIMEOUT);

const consoleErrors = [], expected4xx = [], cspReports = [], pageErrors = [], serverErrors = [], offers = [], posts = [];
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
page.on('request', (r) => { if (r.method() === 'POST') posts.push(new URL(r.url()).pathname); });
page.on('response', (r) => {
	if (r.status() >= 500) serverErrors.push(`${r.request().method()} ${r.url()} → ${r.status()}`);
	if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/next') && r.status() === 200)
		r.json().then((j) => offers.push(j), () => {});
});
await ctx.addInitScript(() => {
	window.__csp = [];
	document.addEventListener('securitypolicyviolation', (e) =>
		window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || 0})`));
});

let shot = 0;
const screenshot = async (name) => {
	shot++;
	try { await page.screenshot({ path: join(artDir, `outreach-${phase}-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true }); } catch { /* artifacts only */ }
};

// ---- helpers -----------------------------------------------------------------
const visible = (sel) => page.locator(sel).first().isVisible().catch(() => false);
const text = (sel) => page.locator(sel).first().textContent({ timeout: TIMEOUT }).then((t) => (t || '').trim());
const api = (path) => page.evaluate(async (p) => { const r = await fetch(p); return { status: r.status, body: await r.json().catch(() => null) }; }, path);
const marker = () => page.evaluate(() => window.__hawserMarker || null);
const samePage = async () => must(await marker() === 'same-page' && loads === S.loads, `a page load happened (loads ${loads}, was ${S.loads})`);
async function currentLead() {
	await page.waitForSelector('#card:not([hidden]) #card-name');
	return page.evaluate(() => {
		const a = document.querySelector('#card a[href^="#/leads/"]');
		return { id: a ? Number(a.getAttribute('href').slice(8)) : null, name: document.getElementById('card-name').textContent.trim() };
	});
}
async function keyNav(route) {
	await page.focus(`#nav a[data-route=${route}]`);
	await page.keyboard.press('Enter');
	await page.waitForFunction((r) => location.hash.startsWith('#/' + r), route);
}
// the agenda, loaded: #agenda-info no longer says Loading…
async function agendaLoaded() {
	await page.waitForSelector('#agenda li');
	await page.waitForFunction(() => !/Loading/.test((document.getElementById('agenda-info') || {}).textContent || 'Loading'));
}
async function signIn() {
	await page.goto(url);
	await page.waitForSelector('#login:not([hidden])');
	await page.focus('#login-user');
	await page.keyboard.type(LOGIN);
	await page.keyboard.press('Tab');
	await page.keyboard.type(PASSWORD);
	await page.keyboard.press('Enter');
	await page.waitForSelector('#top:not([hidden])');
	const who = await text('#whoami');
	must(/\(rep\)$/.test(who), `#whoami is "${who}", want the rep`);
	await page.evaluate(() => { window.__hawserMarker = 'same-page'; });
	S.loads = loads;
	S.outcomes = (await api('/api/v1/outcomes')).body.outcomes;
	S.key = Object.fromEntries(S.outcomes.map((o) => [o.name, o.key]));
}
// log OUTCOME (one key) for the lead on the card; returns {lead, offer, logged}
async function logOneKey(outcome) {
	const before = await currentLead();
	const offer = offers.filter((o) => o.lead && o.lead.id === before.id).pop();
	const [res] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/leads\/\d+\/touches$/.test(r.url())),
		page.keyboard.press(S.key[outcome]),
	]);
	must(res.status() === 200 || res.status() === 201, `POST touches → ${res.status()}`);
	const logged = await res.json();
	await page.waitForFunction((id) => {
		const c = document.getElementById('card'), e = document.getElementById('empty');
		const a = c && c.querySelector('a[href^="#/leads/"]');
		return (c && !c.hidden && a && a.getAttribute('href') !== '#/leads/' + id) || (e && !e.hidden);
	}, before.id);
	return { lead: before, offer, logged };
}

// ---- the steps ------------------------------------------------------------------
const steps = [];
const step = (name, fn, critical) => steps.push({ name, fn, critical });
step(`sign in as ${LOGIN}`, signIn, true);

if (phase === 'day1') {
	const brushOff = async (who) => {
		await page.waitForSelector('#card:not([hidden]) #card-name');
		must(S.key.brush_off, 'no brush_off outcome in GET /api/v1/outcomes');
		must(await page.locator('button[data-outcome=brush_off][data-one-key=true]').count() === 1, 'brush_off is not a one-key outcome');
		const { lead, offer, logged } = await logOneKey('brush_off');
		must(offer && offer.lead, `no POST /next offer seen for lead ${lead.id}`);
		const tasks = logged.tasks || [];
		const note = tasks.find((t) => t.channel === 'note');
		const call = tasks.find((t) => t.channel === 'call');
		must(note && call, `the brush-off planned ${JSON.stringify(tasks)}`);
		must(call.refers_to_task === note.id, `the follow-up call does not refer to the note: ${JSON.stringify(call)}`);
		S[who] = { id: lead.id, name: lead.name, first: offer.lead.first_name || '', note: note.id, noteTemplate: note.template || '',
			call: call.id, due: call.due_from };
		must(S[who].first, `lead ${lead.id} has no first name`);
		await samePage();
	};
	step('lead A: brush-off on its one key, the next card', () => brushOff('A'), true);
	step('lead B: brush-off on its one key, the next card', () => brushOff('B'), true);

	step("agenda: lead A's bad-time note shows its text filled in (first name, no {{), and a Done button", async () => {
		await keyNav('agenda');
		await agendaLoaded();
		const li = `#agenda li[data-task="${S.A.note}"]`;
		await page.waitForSelector(li);
		must(await page.locator(li).getAttribute('data-channel') === 'note', 'not a note task');
		const pv = norm(await text(`${li} .preview`));
		must(await visible(`${li} .preview`), 'the preview is not visible');
		must(pv.includes(S.A.first), `the preview "${pv}" lacks the first name "${S.A.first}"`);
		const whole = await page.locator(`${li} pre.text`).textContent();
		must(whole.includes(S.A.first) && !whole.includes('{{') && !pv.includes('{{'), `the text still has merge fields or lacks the name:\n${whole}`);
		const subj = norm(await text(`${li} .subject`));
		must(subj.length > 'Subject:'.length && !subj.includes('{{'), `subject "${subj}"`);
		if (await page.locator(`${li} .held-why`).count()) must(false, `held: ${await text(`${li} .held-why`)}`);
		must(await page.locator(`${li} button[data-done="${S.A.note}"]`).count() === 1, 'no Done button');
		// the whole text on Enter on the summary
		await page.focus(`${li} summary`);
		await page.keyboard.press('Enter');
		must(await visible(`${li} pre.text`), 'the whole text does not open');
		const t = await api(`/api/v1/tasks/${S.A.note}`);
		must(t.status === 200 && t.body && t.body.text && norm(t.body.text.body) === norm(whole),
			`GET /api/v1/tasks/${S.A.note} → ${t.status} ${JSON.stringify(t.body).slice(0, 300)}`);
		S.A.noteBody = t.body.text.body;
		S.A.noteSubject = t.body.text.subject;
		await screenshot('agenda-note');
		await samePage();
	});

	step("agenda: lead B's note marked done by keyboard (j to it, d): the list refreshes without a page load", async () => {
		const li = `#agenda li[data-task="${S.B.note}"]`;
		await page.waitForSelector(li);
		await page.focus('#nav a[data-route=agenda]');
		let n = 0;
		while (await page.evaluate((id) => (document.activeElement || {}).dataset?.task !== String(id), S.B.note)) {
			must(++n <= 60, 'j never reached the task');
			await page.keyboard.press('j');
		}
		const [res] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/v1/tasks/${S.B.note}/done`)),
			page.keyboard.press('d'),
		]);
		must(res.status() === 200, `POST /api/v1/tasks/${S.B.note}/done → ${res.status()}`);
		const j = await res.json();
		must(j && j.task != null && j.touch != null, `the answer ${JSON.stringify(j)}`);
		await page.waitForSelector(`${li}[data-status=done]`);
		must(!(await page.locator(`${li} button[data-done]`).count()), 'Done is still offered');
		must(await page.evaluate((id) => (document.activeElement || {}).dataset?.task === String(id), S.B.note), 'focus left the task');
		must(await page.locator(`#agenda li[data-task="${S.A.note}"][data-status=open]`).count() === 1, "lead A's note is not open any more");
		const t = await api(`/api/v1/tasks/${S.B.note}`);
		must(t.body && t.body.status === 'done', `GET /api/v1/tasks/${S.B.note}: ${JSON.stringify(t.body).slice(0, 200)}`);
		await screenshot('agenda-done');
		await samePage();
	});

	step('agenda (stubbed): a LinkedIn message with Copy and the profile link (new tab, noopener); held tasks show why', async () => {
		const day = '2026-11-24';
		const hostile = `Hi ${S.A.first}, <img src=x onerror=alert(1)> saw your post — may I connect?`;
		const stub = [
			{ task: 990001, lead: S.A.id, name: S.A.name, channel: 'linkedin', due_from: `${day}T16:00:00Z`, status: 'open', priority: 100,
				why: 'linkedin', template: 'linkedin-connect', text: hostile, subject: null, linkedin: 'https://www.linkedin.com/in/example-profile', held: null },
			{ task: 990002, lead: S.A.id, name: S.A.name, channel: 'email', due_from: `${day}T16:05:00Z`, status: 'open', priority: 100,
				why: 'email', template: 'no-answer-email', text: 'Hello there', subject: 'Trying to reach you', linkedin: null,
				held: 'the postal address is not set (hawser mail config --address)' },
			{ task: 990003, lead: S.A.id, name: S.A.name, channel: 'letter', due_from: `${day}T16:10:00Z`, status: 'open', priority: 100,
				why: 'letter', template: 'some-letter', text: null, subject: null, linkedin: null, held: null, cannot_render: 'lead.street has no value' },
		];
		await page.route('**/api/v1/agenda*', async (route) => {
			const res = await route.fetch();
			const j = await res.json();
			if (res.status() === 200) j.tasks = [...(j.tasks || []), ...stub];
			await route.fulfill({ response: res, json: j });
		});
		try {
			await page.evaluate((d) => { location.hash = '#/agenda?day=' + d; }, day);
			await page.waitForSelector('#agenda li[data-task="990001"]');
			const li = '#agenda li[data-task="990001"]';
			must(await page.locator(`${li} pre.text`).textContent() === hostile, 'the LinkedIn message is not shown as text');
			must(!(await page.locator(`${li} img`).count()), 'the message was parsed as HTML');
			must(await visible(`${li} pre.text`), 'the LinkedIn message is not visible');
			const a = page.locator(`${li} a.profile`);
			must(await a.getAttribute('href') === 'https://www.linkedin.com/in/example-profile', `profile href ${await a.getAttribute('href')}`);
			must(await a.getAttribute('target') === '_blank', `target ${await a.getAttribute('target')}`);
			must(/\bnoopener\b/.test(await a.getAttribute('rel') || ''), `rel ${await a.getAttribute('rel')}`);
			must(await page.locator(`${li} button[data-done="990001"]`).count() === 1, 'no Done on the LinkedIn task');
			// Copy: to the clipboard, or (where the browser will not) the text selected
			await page.focus(`${li} button[data-copy="990001"]`);
			await page.keyboard.press('Enter');
			await page.waitForFunction((sel) => /Copied|Selected/.test(document.querySelector(sel + ' .actions').textContent), li);
			const said = await text(`${li} .actions`);
			if (/Copied/.test(said)) {
				const clip = await page.evaluate(() => navigator.clipboard.readText());
				must(clip === hostile, `the clipboard has "${clip}"`);
			} else {
				const sel = await page.evaluate(() => String(window.getSelection()));
				must(sel === hostile, `selected "${sel}"`);
			}
			// held: the reason is visible, and a badge says so
			const held = '#agenda li[data-task="990002"]';
			must(await visible(`${held} .held-why`), 'the hold reason is not visible');
			must((await text(`${held} .held-why`)).includes('postal address is not set'), `hold "${await text(`${held} .held-why`)}"`);
			must(await page.locator(`${held}[data-held=true] .badge.hold`).count() === 1, 'no HELD badge');
			must(!(await page.locator(`${held} button[data-done]`).count()), 'Done offered on an email');
			must((await text(`${held} .subject`)).includes('Trying to reach you'), 'the email subject is missing');
			const cr = '#agenda li[data-task="990003"]';
			must((await text(`${cr} .held-why`)).includes('lead.street has no value'), 'cannot_render is not shown');
			must(await page.locator(`${cr} button[data-done="990003"]`).count() === 1, 'no Done on the letter');
			await screenshot('agenda-linkedin-held');
		} finally {
			await page.unroute('**/api/v1/agenda*');
		}
		await samePage();
	});

	step('calendar link: the warning first, then a URL to copy; a second one makes the first stop working', async () => {
		await page.focus('#calendar-link');
		await page.keyboard.press('Enter');
		await page.waitForSelector('#calendar-panel:not([hidden])');
		must(/old link stops working/.test(await text('#calendar-warning')), `warning "${await text('#calendar-warning')}"`);
		must(await page.evaluate(() => document.activeElement.id) === 'calendar-new', 'focus is not on #calendar-new');
		must(!posts.includes('/api/v1/me/calendar'), 'a link was made before it was asked for');
		const make = async () => {
			const [res] = await Promise.all([
				page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/me/calendar')),
				page.keyboard.press('Enter'),
			]);
			must(res.status() === 201, `POST /api/v1/me/calendar → ${res.status()}`);
			await page.waitForFunction(() => (document.getElementById('calendar-url') || {}).value);
			const u = await page.inputValue('#calendar-url');
			must(/^https?:\/\//.test(u), `#calendar-url "${u}"`);
			must(await page.evaluate(() => document.activeElement.id) === 'calendar-url', 'focus is not on the URL');
			must(/before has stopped working/.test(await text('#calendar-warning')), `warning "${await text('#calendar-warning')}"`);
			return u;
		};
		const u1 = await make();
		await screenshot('calendar');
		await page.focus('#calendar-new');
		const u2 = await make();
		must(u1 !== u2, 'the same link twice');
		// the links name the public URL (mail config --public-url, else a default):
		// ask this server for the same path
		const here = (u) => { const x = new URL(u); return origin + x.pathname + x.search; };
		const r2 = await fetch(here(u2)), b2 = await r2.text();
		must(r2.status === 200 && b2.includes('BEGIN:VCALENDAR'), `the new link (${here(u2)}): ${r2.status} ${b2.slice(0, 200)}`);
		const r1 = await fetch(here(u1));
		must(r1.status >= 400 && r1.status < 500, `the old link (${here(u1)}) still answers ${r1.status}`);
		await page.keyboard.press('Escape');
		await page.waitForSelector('#calendar-panel', { state: 'hidden' });
		await samePage();
	});
}

if (phase === 'day2') {
	step("agenda: \"Print today's notes\" (keyboard) downloads the PDF, no page load", async () => {
		await keyNav('agenda');
		await agendaLoaded();
		must(await text('#agenda-print') === "Print today's notes", `#agenda-print "${await text('#agenda-print')}"`);
		await page.focus('#agenda-print');
		const [dl, res] = await Promise.all([
			page.waitForEvent('download'),
			page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/notes/print')),
			page.keyboard.press('Enter'),
		]);
		must(res.status() === 200, `POST /api/v1/notes/print → ${res.status()}`);
		must(/application\/pdf/.test(res.headers()['content-type'] || ''), `Content-Type ${res.headers()['content-type']}`);
		const printed = Number(res.headers()['x-hawser-printed']);
		must(printed >= 1, `X-Hawser-Printed ${res.headers()['x-hawser-printed']}`);
		S.pdf = join(artDir, 'outreach-notes.pdf');
		await dl.saveAs(S.pdf);
		must(/\.pdf$/i.test(dl.suggestedFilename()), `the download is named "${dl.suggestedFilename()}"`);
		await page.waitForFunction(() => /Downloaded/.test((document.getElementById('agenda-print-msg') || {}).textContent || ''));
		await screenshot('printed');
		await samePage();
	});

	step("the PDF: pdfinfo ≥ 1 page; pdftotext has lead A's name and the note's words, not lead B's (done by hand)", async () => {
		must(S.pdf && existsSync(S.pdf), 'no PDF saved');
		const info = execFileSync('pdfinfo', [S.pdf], { encoding: 'utf8' });
		const pages = Number((/^Pages:\s+(\d+)/m.exec(info) || [])[1]);
		must(pages >= 1, `pdfinfo: ${info}`);
		const txt = norm(execFileSync('pdftotext', ['-enc', 'UTF-8', S.pdf, '-'], { encoding: 'utf8' }));
		must(txt.includes(S.A.name), `no "${S.A.name}" in the PDF:\n${txt.slice(0, 600)}`);
		// the note's words: the first ten of the paragraph after the greeting
		const paras = String(S.A.noteBody || '').split(/\n\s*\n/).map(norm).filter(Boolean);
		const phrase = (paras[1] || paras[0] || '').split(' ').slice(0, 10).join(' ');
		must(phrase.length > 20 && txt.includes(phrase), `no "${phrase}" in the PDF:\n${txt.slice(0, 600)}`);
		must(txt.includes(S.A.first), `no first name "${S.A.first}"`);
		must(!txt.includes(S.B.name), `lead B's note (done by hand) was printed:\n${txt.slice(0, 600)}`);
		must(!txt.includes('{{'), 'merge fields left in the PDF');
	});

	step("lead A's note is done: the brush-off day's agenda (← Previous day) shows it done, without Done", async () => {
		const t = await api(`/api/v1/tasks/${S.A.note}`);
		must(t.body && t.body.status === 'done', `GET /api/v1/tasks/${S.A.note}: ${JSON.stringify(t.body).slice(0, 200)}`);
		await page.focus('#agenda-prev');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => /day=2026-11-24/.test(location.hash));
		await agendaLoaded();
		const li = `#agenda li[data-task="${S.A.note}"]`;
		must(await page.locator(li).count() === 1, `the note ${S.A.note} is not on the agenda of 2026-11-24`);
		must(await page.locator(li).getAttribute('data-status') === 'done', `status ${await page.locator(li).getAttribute('data-status')}`);
		must(!(await page.locator(`${li} button[data-done]`).count()), 'Done still offered');
		await screenshot('agenda-after-print');
		await samePage();
	});

	step('printing again: nothing to print, said inline (a 404), no download', async () => {
		await page.evaluate(() => { location.hash = '#/agenda'; });
		await page.waitForFunction(() => location.hash === '#/agenda');
		await agendaLoaded();
		let downloaded = false;
		const onDl = () => { downloaded = true; };
		page.on('download', onDl);
		await page.focus('#agenda-print');
		const [res] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/notes/print')),
			page.keyboard.press('Enter'),
		]);
		must(res.status() === 404, `POST /api/v1/notes/print → ${res.status()}`);
		await page.waitForFunction(() => /Nothing to print/.test((document.getElementById('agenda-print-msg') || {}).textContent || ''));
		must(await visible('#agenda-print-msg'), 'the message is not visible');
		await page.waitForTimeout(300);
		page.off('download', onDl);
		must(!downloaded, 'a download happened');
		await screenshot('nothing-to-print');
		await samePage();
	});
}

if (phase === 'day3') {
	step("calling: no answer on other leads until lead A's card comes", async () => {
		for (let i = 0; ; i++) {
			const l = await currentLead();
			if (l.id === S.A.id) break;
			must(i < 15, `lead A (${S.A.id}) never came; the card shows ${l.id}`);
			await logOneKey('no_answer');
		}
		await samePage();
	}, true);

	step("lead A's card refers to the printed note, and the opener mentions it (first name, the call's day, no {{)", async () => {
		const o = offers.filter((x) => x.lead && x.lead.id === S.A.id).pop();
		must(o && o.refers_to && o.refers_to.task === S.A.note, `refers_to ${JSON.stringify(o && o.refers_to)}, want task ${S.A.note}`);
		must(o.refers_to.status === 'done', `the note's status ${o.refers_to.status}`);
		const r = await text('#card-refers');
		must(/^Refer to the note/.test(r) && r.includes(S.A.noteTemplate) && /\bsent\b/.test(r), `#card-refers "${r}"`);
		must(!/not marked sent|cancelled/.test(r), `#card-refers "${r}"`);
		const op = await text('#card-opener');
		must(o.opener && o.opener.body && !o.opener.body.includes('{{'), `opener ${JSON.stringify(o.opener)}`);
		must(op === o.opener.body.trim(), `#card-opener "${op}" is not the opener as sent`);
		must(op.includes(S.A.first) && /\bnote\b/i.test(op) && !op.includes('{{'), `#card-opener "${op}"`);
		// the day of the brush-off call, not the day the note was printed
		must(op.includes('Tuesday, November 24'), `#card-opener "${op}" does not name the call's day`);
		await screenshot('callback-card');
	});
}

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
if (phase === 'day1' && S.A && S.B) {
	const keep = { A: S.A, B: S.B };
	writeFileSync(statePath, JSON.stringify(keep, null, 1));
}
let csp = [];
try { csp = await page.evaluate(() => window.__csp || []); } catch { /* page gone */ }
out(!consoleErrors.length, 'no console errors other than expected 4xx fetches', consoleErrors.join('\n'));
out(!cspReports.length && !csp.length, 'no CSP violations', [...cspReports, ...csp].join('\n'));
out(!pageErrors.length, 'no uncaught page errors', pageErrors.join('\n'));
out(!serverErrors.length, 'no 5xx responses', serverErrors.join('\n'));
if (expected4xx.length) console.log(`# expected 4xx fetches: ${expected4xx.join('; ')}`);
await browser.close();
process.exit(abort ? 2 : failed ? 1 : 0);
