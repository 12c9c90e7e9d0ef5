// agenda.js — the day's tasks by time (#/agenda?day=YYYY-MM-DD&user=ID):
// callbacks marked, and the emails, LinkedIn messages, notes and letters with
// their text filled in for the lead (or why it is held). A LinkedIn message
// is copied and sent by hand, a note or letter written by hand: "Done"
// records it (POST /tasks/ID/done). "Print today's notes" downloads the day's
// note cards and letters as one PDF (POST /notes/print), which marks them
// done. "Calendar link" makes a new secret calendar feed URL
// (POST /me/calendar). Keys: j/k (or ↓/↑) move between tasks, c copies a
// LinkedIn message, d marks the task done.
import { load, post, qs } from './api.js';
import { h, fmtTime, put, extLink } from './dom.js';

let today = ''; // the server's today, learned from an agenda asked for without ?day=

const BY_HAND = new Set(['linkedin', 'note', 'letter']);
const isField = (t) => t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable);

function shift(day, n) {
	const d = new Date(day + 'T12:00:00Z');
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

function hhmm(iso, zone) {
	return fmtTime(iso, zone).slice(-5);
}

const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;

// the task's text as {subject, body, linkedin}: the agenda sends text (the
// body), subject and linkedin side by side; GET /tasks/ID nests them
function textOf(t) {
	if (t.text && typeof t.text === 'object') return { subject: t.text.subject || '', body: t.text.body || '', linkedin: t.text.linkedin || t.linkedin || null };
	return { subject: t.subject || '', body: t.text == null ? '' : String(t.text), linkedin: t.linkedin || null };
}

function preview(s, n = 160) {
	const one = s.replace(/\s+/g, ' ').trim();
	return one.length > n ? one.slice(0, n - 1).trimEnd() + '…' : one;
}

// "attachment; filename="notes-2026-11-25.pdf"" → notes-2026-11-25.pdf
function fileName(cd) {
	const m = /filename\*=UTF-8''([^;]+)/i.exec(cd || '') || /filename="?([^";]+)"?/i.exec(cd || '');
	if (!m) return '';
	let n = m[1];
	try { n = decodeURIComponent(n); } catch { /* as sent */ }
	return n.replace(/[/\\]/g, '_').trim();
}

// Copy el's text to the clipboard; where the browser will not, select it so
// that Ctrl+C does. The outcome goes into msg.
async function copy(el, msg) {
	const text = el.tagName === 'INPUT' ? el.value : el.textContent;
	try {
		if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
		await navigator.clipboard.writeText(text);
		msg.textContent = 'Copied.';
	} catch {
		if (el.tagName === 'INPUT') {
			el.focus();
			el.select();
		} else {
			const r = document.createRange();
			r.selectNodeContents(el);
			const sel = window.getSelection();
			sel.removeAllRanges();
			sel.addRange(r);
		}
		msg.textContent = 'Selected: press Ctrl+C to copy.';
	}
}

export function render(main, route) {
	const want = route.query.get('day') || '';
	const user = route.query.get('user') || '';
	const st = { alive: true, day: want, zone: 'UTC', busy: false };

	const dayIn = h('input', { type: 'date', id: 'agenda-day', value: want });
	const list = h('ol', { id: 'agenda', class: 'agenda', 'aria-label': 'Tasks', 'aria-describedby': 'agenda-keys' });
	const info = h('div', { id: 'agenda-info', class: 'muted', 'aria-live': 'polite' }, 'Loading…');
	const msg = h('p', { id: 'agenda-msg', class: 'muted', role: 'status', 'aria-live': 'polite' });
	const go = (d) => { location.hash = '#/agenda' + qs({ day: d, user }); };
	const prev = h('button', { type: 'button', id: 'agenda-prev', onclick: () => st.day && go(shift(st.day, -1)) }, '← Previous day');
	const next = h('button', { type: 'button', id: 'agenda-next', onclick: () => st.day && go(shift(st.day, 1)) }, 'Next day →');
	const form = h('form', { class: 'toolbar', id: 'agenda-form' },
		h('label', { for: 'agenda-day' }, 'Day'), dayIn, h('button', { type: 'submit' }, 'Show'), prev, next,
		h('button', { type: 'button', onclick: () => go('') }, 'Today'));
	form.addEventListener('submit', (e) => { e.preventDefault(); go(dayIn.value); });

	// printing: the note cards and letters due by the day shown
	const printBtn = h('button', { type: 'button', id: 'agenda-print', 'aria-describedby': 'agenda-print-msg', onclick: () => print() },
		"Print today's notes");
	const printMsg = h('p', { id: 'agenda-print-msg', class: 'muted', role: 'status', 'aria-live': 'polite' });

	// the calendar link: a new one replaces the old, so ask first
	const calBtn = h('button', { type: 'button', id: 'calendar-link', 'aria-expanded': 'false', 'aria-controls': 'calendar-panel',
		onclick: () => calendar(calPanel.hidden) }, 'Calendar link…');
	const calWarn = h('p', { id: 'calendar-warning', class: 'warn' },
		'A new link replaces your old one: the old link stops working, and calendars subscribed to it stop updating.');
	const calNew = h('button', { type: 'button', id: 'calendar-new', onclick: () => newCalendar() }, 'Make a new link');
	const calCancel = h('button', { type: 'button', id: 'calendar-cancel', onclick: () => calendar(false) }, 'Close');
	const calUrl = h('input', { id: 'calendar-url', readonly: true, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'calendar-warning' });
	const calCopyMsg = h('span', { id: 'calendar-copy-msg', class: 'muted small', 'aria-live': 'polite' });
	const calCopy = h('button', { type: 'button', id: 'calendar-copy', onclick: () => copy(calUrl, calCopyMsg) }, 'Copy');
	const calOut = h('div', { id: 'calendar-out', hidden: true },
		h('div', { class: 'field' }, h('label', { for: 'calendar-url' }, 'Your calendar link (subscribe to it; keep it secret)'),
			h('div', { class: 'copy-row' }, calUrl, calCopy, calCopyMsg)));
	const calErr = h('p', { id: 'calendar-error', class: 'err', role: 'alert' });
	const calPanel = h('section', { id: 'calendar-panel', class: 'calendar', hidden: true, 'aria-label': 'Calendar link' },
		calWarn, h('div', { class: 'actions' }, calNew, calCancel), calErr, calOut);
	calPanel.addEventListener('keydown', (e) => {
		if (e.key === 'Escape') { e.preventDefault(); calendar(false); calBtn.focus(); }
	});

	const keys = h('p', { id: 'agenda-keys', class: 'muted small' },
		h('kbd', {}, 'j'), '/', h('kbd', {}, 'k'), ' move between tasks, ', h('kbd', {}, 'c'), ' copies a LinkedIn message, ',
		h('kbd', {}, 'd'), ' marks a LinkedIn message, note or letter done.');

	put(main, h('h1', {}, 'Agenda'), form,
		h('div', { class: 'toolbar', id: 'agenda-actions' }, printBtn, calBtn),
		printMsg, calPanel, info, msg, keys, list);

	function calendar(open) {
		calPanel.hidden = !open;
		calBtn.setAttribute('aria-expanded', String(open));
		if (open) {
			calErr.textContent = '';
			calNew.focus();
		}
	}

	async function newCalendar() {
		calNew.disabled = true;
		calErr.textContent = '';
		try {
			const r = await post('/api/v1/me/calendar');
			if (!st.alive) return;
			calUrl.value = (r && r.url) || '';
			calCopyMsg.textContent = '';
			calOut.hidden = false;
			calWarn.textContent = 'This is your new calendar link. Any link you had before has stopped working: subscribe again with this one.';
			calNew.textContent = 'Make another new link';
			calUrl.focus();
			calUrl.select();
		} catch (e) {
			if (e.status !== 401 && st.alive) calErr.textContent = `No new calendar link: ${e.message}`;
		} finally {
			calNew.disabled = false;
		}
	}

	async function print() {
		if (st.busy || !st.day) return;
		st.busy = true;
		printBtn.disabled = true;
		printMsg.className = 'muted';
		printMsg.textContent = 'Printing…';
		const body = { day: st.day };
		if (user) body.user = Number(user);
		let r;
		try {
			r = await post('/api/v1/notes/print', body, { blob: true, accept: 'application/pdf' });
		} catch (e) {
			if (!st.alive || e.status === 401) return;
			if (e.status === 404 && (!e.field || e.field === 'day')) {
				printMsg.className = 'empty';
				const held = /(\d+) held/.exec(e.message || '');
				printMsg.textContent = `Nothing to print: no note card or letter is due by ${fmtTime(st.day + 'T12:00:00Z', 'UTC', true)}` +
					(held ? ` (${held[1]} held: the reason is on each task).` : '.');
			} else {
				printMsg.className = 'err';
				printMsg.textContent = `Not printed: ${e.message}`;
			}
			return;
		} finally {
			st.busy = false;
			printBtn.disabled = false;
		}
		if (!st.alive) return;
		const name = fileName(r.headers.get('Content-Disposition')) || `notes-${st.day}.pdf`;
		const url = URL.createObjectURL(r.blob);
		const a = h('a', { href: url, download: name, hidden: true });
		document.body.append(a);
		a.click();
		a.remove();
		setTimeout(() => URL.revokeObjectURL(url), 60000);
		const n = r.headers.get('X-Hawser-Printed'), held = Number(r.headers.get('X-Hawser-Held') || 0);
		const pages = r.headers.get('X-Hawser-Pages');
		printMsg.className = 'ok';
		printMsg.textContent = `Downloaded ${name}` + (pages ? ` (${plural(Number(pages), 'page')})` : '') +
			(n != null ? `: ${plural(Number(n), 'note card or letter')}, marked done` : '') +
			(held ? `; ${held} held, not printed (the reason is on the task).` : '.');
		refresh();
	}

	async function done(t, btn, errEl) {
		if (btn.disabled) return;
		btn.disabled = true;
		errEl.textContent = '';
		try {
			await post(`/api/v1/tasks/${encodeURIComponent(t.task)}/done`, {});
		} catch (e) {
			if (!st.alive || e.status === 401) return;
			btn.disabled = false;
			if (e.status === 404) {
				msg.textContent = `Task ${t.task} is already closed.`;
				refresh(t.task);
			} else {
				errEl.textContent = `Not marked done: ${e.message}`;
			}
			return;
		}
		if (!st.alive) return;
		msg.textContent = `${t.channel === 'linkedin' ? 'LinkedIn message' : t.channel} for ${t.name || 'lead ' + t.lead} marked done.`;
		refresh(t.task);
	}

	function item(t) {
		const open = t.status === 'open';
		const tx = textOf(t);
		const held = t.held || t.cannot_render;
		const errEl = h('p', { class: 'err', role: 'alert' });
		const copyMsg = h('span', { class: 'muted small', 'aria-live': 'polite' });
		const textId = `task-text-${t.task}`;
		let textEl = null, block = null;
		if (t.channel !== 'call' && tx.body) {
			textEl = h('pre', { class: 'text', id: textId }, tx.body);
			if (t.channel === 'linkedin') {
				block = h('div', { class: 'message' }, textEl);
			} else {
				// email, note, letter: the subject, a preview, the whole text on demand
				block = h('details', { class: 'text' },
					h('summary', {}, h('span', { class: 'preview' }, preview(tx.body)), h('span', { class: 'whole' }, 'The whole text')),
					textEl);
			}
		}
		const doneBtn = open && BY_HAND.has(t.channel) && h('button', { type: 'button', class: 'done', 'data-done': t.task,
			'aria-keyshortcuts': 'd', onclick: () => done(t, doneBtn, errEl) }, 'Done');
		const copyBtn = textEl && t.channel === 'linkedin' && h('button', { type: 'button', class: 'copy', 'data-copy': t.task,
			'aria-controls': textId, 'aria-keyshortcuts': 'c', onclick: () => copy(textEl, copyMsg) }, 'Copy');
		const profile = t.channel === 'linkedin' && tx.linkedin && extLink(tx.linkedin, 'Open the LinkedIn profile');
		if (profile && profile.tagName === 'A') profile.classList.add('profile');
		const cls = ['task', 'ch-' + t.channel, t.callback ? 'callback' : '', !open ? 'closed' : '', held && open ? 'held' : ''].join(' ');
		const li = h('li', { class: cls, tabindex: -1, 'data-task': t.task, 'data-channel': t.channel, 'data-status': t.status,
			'data-callback': t.callback ? 'true' : null, 'data-held': held ? 'true' : null },
			h('div', { class: 'when' },
				h('time', { datetime: t.due_from }, hhmm(t.due_from, st.zone)),
				h('span', { class: 'badge ch' }, t.channel),
				t.callback && h('span', { class: 'badge cb' }, 'CALLBACK'),
				!open && h('span', { class: 'badge st' }, t.status),
				held && open && h('span', { class: 'badge hold' }, 'HELD')),
			h('div', { class: 'what' },
				h('a', { href: '#/leads/' + t.lead }, t.name || 'lead ' + t.lead),
				t.template && h('span', { class: 'tpl' }, ' · template ', h('code', {}, t.template)),
				h('p', { class: 'muted small' }, t.why || ''),
				t.held && h('p', { class: 'held-why' }, h('strong', {}, 'Held: '), t.held),
				t.cannot_render && h('p', { class: 'held-why' }, h('strong', {}, 'Cannot be filled in: '), t.cannot_render),
				tx.subject && t.channel !== 'call' && h('p', { class: 'subject' }, h('span', { class: 'muted' }, 'Subject: '), tx.subject),
				block,
				(copyBtn || profile || doneBtn) && h('div', { class: 'actions' }, copyBtn, copyMsg, profile, doneBtn),
				errEl));
		li._task = t;
		li._copy = copyBtn ? () => copy(textEl, copyMsg) : null;
		li._done = doneBtn ? () => done(t, doneBtn, errEl) : null;
		return li;
	}

	// (re)load the day; focus returns to the task it was on (or the one now in its place)
	async function refresh(focusTask) {
		const items = [...list.querySelectorAll('li[data-task]')];
		const cur = document.activeElement && document.activeElement.closest && document.activeElement.closest('#agenda li[data-task]');
		const focusId = focusTask != null ? String(focusTask) : cur ? cur.dataset.task : null;
		const at = focusId != null ? items.findIndex((li) => li.dataset.task === focusId) : -1;
		const a = await load('/api/v1/agenda' + qs({ day: st.day, user }), info);
		if (!a || !st.alive) return;
		if (!st.day) today = a.day;
		st.day = a.day || st.day;
		st.zone = a.zone || 'UTC';
		dayIn.value = st.day;
		printBtn.textContent = st.day === today ? "Print today's notes" : `Print the notes due by ${fmtTime(st.day + 'T12:00:00Z', 'UTC', true)}`;
		const tasks = (a.tasks || []).slice().sort((x, y) => String(x.due_from).localeCompare(String(y.due_from)) || y.priority - x.priority);
		const calls = tasks.filter((t) => t.channel === 'call').length;
		const cbs = tasks.filter((t) => t.callback).length;
		const held = tasks.filter((t) => t.status === 'open' && (t.held || t.cannot_render)).length;
		info.textContent = `${fmtTime(st.day + 'T12:00:00Z', 'UTC', true)}: ${plural(tasks.length, 'task')}` +
			` (${plural(calls, 'call')}, ${plural(cbs, 'callback')}${held ? `, ${held} held` : ''}), times in ${st.zone}.`;
		put(list, tasks.length ? tasks.map(item) : h('li', { class: 'muted empty' }, 'Nothing planned for this day.'));
		if (focusId != null) {
			const lis = [...list.querySelectorAll('li[data-task]')];
			const li = lis.find((x) => x.dataset.task === focusId) || lis[Math.min(Math.max(at, 0), lis.length - 1)];
			if (li) li.focus({ preventScroll: false });
		}
	}

	function onKey(e) {
		if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || e.repeat || isField(e.target)) return;
		if (!calPanel.hidden && calPanel.contains(e.target)) return;
		const lis = [...list.querySelectorAll('li[data-task]')];
		if (!lis.length) return;
		const cur = e.target.closest && e.target.closest('#agenda li[data-task]');
		const i = cur ? lis.indexOf(cur) : -1;
		if (e.key === 'j' || (e.key === 'ArrowDown' && cur)) {
			e.preventDefault();
			lis[Math.min(i + 1, lis.length - 1)].focus();
		} else if (e.key === 'k' || (e.key === 'ArrowUp' && cur)) {
			e.preventDefault();
			lis[i < 0 ? 0 : Math.max(i - 1, 0)].focus();
		} else if (e.key === 'c' && cur && cur._copy) {
			e.preventDefault();
			cur._copy();
		} else if (e.key === 'd' && cur && cur._done) {
			e.preventDefault();
			cur._done();
		}
	}
	document.addEventListener('keydown', onKey);

	refresh();
	return () => { st.alive = false; document.removeEventListener('keydown', onKey); };
}
