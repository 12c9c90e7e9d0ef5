// agenda.js — the day's tasks by time (#/agenda?day=YYYY-MM-DD): callbacks
// marked, and the emails, LinkedIn messages, notes and letters with their text.
import { load, qs } from './api.js';
import { h, fmtTime, put } from './dom.js';

function shift(day, n) {
	const d = new Date(day + 'T12:00:00Z');
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

function hhmm(iso, zone) {
	return fmtTime(iso, zone).slice(-5);
}

export function render(main, route) {
	const want = route.query.get('day') || '';
	const dayIn = h('input', { type: 'date', id: 'agenda-day', value: want });
	const list = h('ol', { id: 'agenda', class: 'agenda' });
	const info = h('div', { id: 'agenda-info', class: 'muted', 'aria-live': 'polite' }, 'Loading…');
	const go = (d) => { location.hash = '#/agenda' + qs({ day: d }); };
	const prev = h('button', { type: 'button', id: 'agenda-prev' }, '← Previous day');
	const next = h('button', { type: 'button', id: 'agenda-next' }, 'Next day →');
	const form = h('form', { class: 'toolbar', id: 'agenda-form' },
		h('label', { for: 'agenda-day' }, 'Day'), dayIn, h('button', { type: 'submit' }, 'Show'), prev, next,
		h('button', { type: 'button', onclick: () => go('') }, 'Today'));
	form.addEventListener('submit', (e) => { e.preventDefault(); go(dayIn.value); });
	put(main, h('h1', {}, 'Agenda'), form, info, list);

	load('/api/v1/agenda' + qs({ day: want }), info).then((a) => {
		if (!a) return;
		const day = a.day || want;
		dayIn.value = day;
		prev.addEventListener('click', () => go(shift(day, -1)));
		next.addEventListener('click', () => go(shift(day, 1)));
		const tasks = (a.tasks || []).slice().sort((x, y) => String(x.due_from).localeCompare(String(y.due_from)) || y.priority - x.priority);
		const calls = tasks.filter((t) => t.channel === 'call').length;
		const cbs = tasks.filter((t) => t.callback).length;
		info.textContent = `${fmtTime(day + 'T12:00:00Z', 'UTC', true)}: ${tasks.length} task${tasks.length === 1 ? '' : 's'}` +
			` (${calls} call${calls === 1 ? '' : 's'}, ${cbs} callback${cbs === 1 ? '' : 's'}), times in ${a.zone || 'UTC'}.`;
		if (!tasks.length) list.append(h('li', { class: 'muted empty' }, 'Nothing planned for this day.'));
		for (const t of tasks) {
			const cls = ['task', 'ch-' + t.channel, t.callback ? 'callback' : '', t.status !== 'open' ? 'closed' : ''].join(' ');
			list.append(h('li', { class: cls, 'data-task': t.task, 'data-channel': t.channel, 'data-callback': t.callback ? 'true' : null },
				h('div', { class: 'when' },
					h('time', { datetime: t.due_from }, hhmm(t.due_from, a.zone)),
					h('span', { class: 'badge ch' }, t.channel),
					t.callback && h('span', { class: 'badge cb' }, 'CALLBACK'),
					t.status !== 'open' && h('span', { class: 'badge' }, t.status)),
				h('div', { class: 'what' },
					h('a', { href: '#/leads/' + t.lead }, t.name || 'lead ' + t.lead),
					t.template && h('span', { class: 'tpl' }, ' · template ', h('code', {}, t.template)),
					h('p', { class: 'muted small' }, t.why || ''),
					t.text && t.channel !== 'call' && h('details', { open: true },
						h('summary', {}, 'Prefilled text'), h('pre', { class: 'text' }, t.text)))));
		}
	});
}
