// numbers.js — the numbers (#/numbers?since=YYYY-MM-DD) as inline SVG
// charts: funnel, persistence curve, connect rate by local hour, objections,
// and the streak. A no is a data point.
import { load, qs } from './api.js';
import { h, s, num, pct, put } from './dom.js';

const W = 640;

function chart(id, title, height, desc) {
	return s('svg', { id, class: 'chart', viewBox: `0 0 ${W} ${height}`, width: W, height, role: 'img', 'aria-labelledby': id + '-t ' + id + '-d' },
		s('title', { id: id + '-t' }, title), s('desc', { id: id + '-d' }, desc));
}

// Horizontal bars: rows of {label, value, text}.
function hbars(id, title, rows, empty) {
	const rowH = 30, labelW = 170, barW = W - labelW - 120;
	const svg = chart(id, title, Math.max(1, rows.length) * rowH + 10,
		rows.map((r) => `${r.label}: ${r.text || r.value}`).join('; ') || empty);
	const max = Math.max(1, ...rows.map((r) => r.value));
	rows.forEach((r, i) => {
		const y = 5 + i * rowH, w = Math.max(r.value > 0 ? 2 : 0, (barW * r.value) / max);
		svg.append(s('g', { class: 'row' },
			s('text', { x: labelW - 8, y: y + 19, 'text-anchor': 'end', class: 'label' }, r.label),
			s('rect', { x: labelW, y: y + 4, width: w, height: rowH - 8, rx: 3, class: 'bar' + (r.cls ? ' ' + r.cls : '') },
				s('title', {}, `${r.label}: ${r.text || r.value}`)),
			s('text', { x: labelW + w + 6, y: y + 19, class: 'value' }, r.text || num(r.value))));
	});
	if (!rows.length) svg.append(s('text', { x: 10, y: 24, class: 'label muted' }, empty));
	return svg;
}

function curve(stats) {
	const a = stats.first_reached_on_attempt || [];
	const H = 180, base = H - 28, colW = (W - 40) / Math.max(1, a.length), max = Math.max(1, ...a);
	const total = a.reduce((x, y) => x + y, 0);
	const later = a.slice(2).reduce((x, y) => x + y, 0);
	const svg = chart('chart-curve', 'Leads first reached on attempt 1 to 10+', H,
		a.map((n, i) => `attempt ${i + 1}${i === a.length - 1 ? '+' : ''}: ${n}`).join('; '));
	a.forEach((n, i) => {
		const x = 30 + i * colW, hh = ((base - 20) * n) / max, lab = String(i + 1) + (i === a.length - 1 ? '+' : '');
		svg.append(s('g', {},
			s('rect', { x: x + 6, y: base - hh, width: colW - 12, height: hh, rx: 3, class: 'bar' + (i >= 2 ? ' later' : '') },
				s('title', {}, `reached on attempt ${lab}: ${n}`)),
			s('text', { x: x + colW / 2, y: base - hh - 5, 'text-anchor': 'middle', class: 'value' }, num(n)),
			s('text', { x: x + colW / 2, y: base + 18, 'text-anchor': 'middle', class: 'label' }, lab)));
	});
	svg.append(s('line', { x1: 30, x2: W - 10, y1: base, y2: base, class: 'axis' }));
	const note = total ? `${pct(later / total)} of the prospects you reached answered on the third attempt or later.` : 'No one reached yet: the curve fills in as you call.';
	return [svg, h('p', { class: 'muted', id: 'curve-note' }, note)];
}

function hours(stats) {
	const hrs = stats.by_local_hour || [];
	const cell = (W - 20) / 24, H = 72;
	const rate = (x) => (x.dials ? x.connects / x.dials : 0);
	const max = Math.max(0.0001, ...hrs.map(rate));
	const svg = chart('chart-hours', "Connect rate by the lead's local hour", H,
		hrs.filter((x) => x.dials).map((x) => `${x.hour}:00 ${x.connects}/${x.dials} connected`).join('; ') || 'no dials yet');
	for (const x of hrs) {
		const X = 10 + x.hour * cell;
		svg.append(s('g', {},
			s('rect', { x: X + 1, y: 8, width: cell - 2, height: cell + 10, rx: 3, class: x.dials ? 'heat' : 'heat none',
				'fill-opacity': x.dials ? (0.15 + (0.85 * rate(x)) / max).toFixed(2) : null, 'data-hour': x.hour },
			s('title', {}, `${String(x.hour).padStart(2, '0')}:00–${String(x.hour).padStart(2, '0')}:59 local: ${x.dials} dials, ${x.connects} connects` +
				(x.dials ? ` (${pct(rate(x))})` : ''))),
			s('text', { x: X + cell / 2, y: cell + 36, 'text-anchor': 'middle', class: 'label small' }, String(x.hour))));
	}
	const best = hrs.filter((x) => x.dials >= 3).sort((a, b) => rate(b) - rate(a))[0];
	return [svg, h('p', { class: 'muted', id: 'hours-note' }, best
		? `Best hour so far (of hours with 3 dials or more): ${best.hour}:00 in the lead's day, ${pct(rate(best))} connected (${best.connects} of ${best.dials}). Darker is better; grey is not tried.`
		: 'Darker cells connect more often; grey hours have no dials yet.')];
}

export function render(main, route) {
	const since = route.query.get('since') || '';
	const sinceIn = h('input', { type: 'date', id: 'stats-since', value: since });
	const form = h('form', { class: 'toolbar' }, h('label', { for: 'stats-since' }, 'Since'), sinceIn,
		h('button', { type: 'submit' }, 'Show'), h('a', { href: '#/numbers' }, 'All time'));
	form.addEventListener('submit', (e) => { e.preventDefault(); location.hash = '#/numbers' + qs({ since: sinceIn.value }); });
	const body = h('div', { class: 'numbers' }, h('p', { class: 'muted' }, 'Loading…'));
	put(main, h('h1', {}, 'Numbers'), form, body);

	load('/api/v1/stats' + qs({ since }), body).then((st) => {
		if (!st) return;
		const goal = st.daily_goal || 0, today = st.dials_today || 0;
		const fill = h('div', { class: 'fill' });
		fill.style.width = (goal ? Math.min(100, (100 * today) / goal) : 0) + '%';
		const dpm = st.meetings > 0 && st.dials_per_meeting > 0 ? st.dials_per_meeting : null;
		const rsy = st.rejections_since_yes || 0;
		const cheer = rsy === 0 ? 'No rejections since your last yes.'
			: `${num(rsy)} no${rsy === 1 ? '' : "'s"} since the last yes.` + (dpm ? ` You book about one meeting every ${num(Math.round(dpm))} dials: each no is a step toward the next yes.` : ' Every no is a data point, not a verdict.');
		const objs = Object.entries(st.objections || {}).sort((a, b) => b[1] - a[1]);
		put(body,
			h('section', { class: 'cheer', 'aria-label': 'Today' },
				h('div', { id: 'goal', class: 'goal' + (goal && today >= goal ? ' met' : '') },
					h('div', { class: 'bar', role: 'progressbar', 'aria-label': 'Dials today', 'aria-valuemin': 0, 'aria-valuemax': goal, 'aria-valuenow': today }, fill),
					h('span', { id: 'goal-text' }, `${num(today)} / ${num(goal)} dials today`)),
				h('p', { class: 'big', id: 'streak' }, st.streak_days > 0 ? `${num(st.streak_days)}-day streak of calling blocks done`
					: 'No streak yet: reach the daily goal to start one.'),
				h('p', { id: 'rejections' }, cheer)),
			h('section', {}, h('h2', {}, 'Funnel'),
				hbars('chart-funnel', 'Funnel: dials, connects, conversations, meetings', [
					{ label: 'Dials', value: st.dials || 0 },
					{ label: 'Connects', value: st.connects || 0, text: `${num(st.connects)} (${pct(st.connect_rate)})` },
					{ label: 'Conversations', value: st.conversations || 0, text: `${num(st.conversations)} (${pct(st.conversation_rate)})` },
					{ label: 'Meetings', value: st.meetings || 0, text: `${num(st.meetings)} (${pct(st.meeting_rate)})`, cls: 'good' }], 'no dials yet'),
				h('p', { id: 'dials-per-meeting', class: 'big' }, dpm ? `${num(Math.round(dpm * 10) / 10)} dials per meeting` : 'Dials per meeting: no meeting yet')),
			h('section', {}, h('h2', {}, 'Persistence: on which attempt prospects were first reached'), curve(st)),
			h('section', {}, h('h2', {}, "Connect rate by the lead's local hour"), hours(st)),
			h('section', {}, h('h2', {}, 'Objections heard'),
				hbars('chart-objections', 'Objections heard, most frequent first',
					objs.map(([k, v]) => ({ label: k.replace(/_/g, ' '), value: v, cls: 'obj' })), 'no objections logged yet')));
	});
}
