// dom.js — build elements with the DOM API only. Data goes in as text nodes
// or attributes, never as HTML: lead data is hostile input.

const SVGNS = 'http://www.w3.org/2000/svg';

function fill(el, attrs, kids) {
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v == null || v === false) continue;
		if (k === 'class') el.setAttribute('class', v);
		else if (k === 'text') el.textContent = v;
		else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
		else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
		else el.setAttribute(k === 'htmlFor' ? 'for' : k, v === true ? '' : String(v));
	}
	add(el, kids);
	return el;
}

function add(el, kids) {
	for (const c of kids) {
		if (c == null || c === false) continue;
		if (Array.isArray(c)) add(el, c);
		else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
}

export const h = (tag, attrs, ...kids) => fill(document.createElement(tag), attrs, kids);
export const s = (tag, attrs, ...kids) => fill(document.createElementNS(SVGNS, tag), attrs, kids);

export function clear(el) {
	while (el.firstChild) el.firstChild.remove();
	return el;
}

// Replace el's children; arrays are flattened, null/false skipped.
export function put(el, ...kids) {
	add(clear(el), kids);
	return el;
}

// Only http(s) links from data; anything else (javascript:, data:) is dropped.
export function safeUrl(u) {
	if (!u) return null;
	let t = String(u).trim();
	if (!/^[a-z][a-z0-9+.-]*:/i.test(t)) t = 'https://' + t;
	try {
		const url = new URL(t);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
	} catch {
		return null;
	}
}

export function extLink(u, label) {
	const href = safeUrl(u);
	if (!href) return h('span', {}, u || '');
	return h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label || u);
}

export function leadName(l) {
	return l.full_name || [l.first_name, l.last_name].filter(Boolean).join(' ') || 'lead ' + l.id;
}

// "Tue 2026-11-24 10:00" in zone (falls back to the browser's zone, then UTC).
export function fmtTime(iso, zone, dateOnly) {
	if (!iso) return '';
	const d = typeof iso === 'number' ? new Date(iso * 1000) : new Date(iso);
	if (isNaN(d)) return String(iso);
	const o = { weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit',
		hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
	if (dateOnly) { delete o.hour; delete o.minute; }
	let p;
	try {
		p = new Intl.DateTimeFormat('en-US', { ...o, timeZone: zone || undefined }).formatToParts(d);
	} catch {
		p = new Intl.DateTimeFormat('en-US', { ...o, timeZone: 'UTC' }).formatToParts(d);
	}
	const g = (t) => (p.find((x) => x.type === t) || {}).value || '';
	const day = `${g('weekday')} ${g('year')}-${g('month')}-${g('day')}`;
	return dateOnly ? day : `${day} ${g('hour')}:${g('minute')}`;
}

// One <dt>/<dd> pair of a <dl class=facts>.
export const fact = (k, id, ...v) => [h('dt', {}, k), h('dd', { id }, v)];

export const num = (n) => (n == null ? '—' : Number(n).toLocaleString('en-US'));
export const pct = (f) => (f == null ? '—' : (Math.round(f * 1000) / 10) + '%');

// A labelled field: <div class=field><label for=id>…</label>CONTROL<span class=err></span></div>
export function field(label, control) {
	return h('div', { class: 'field', 'data-field': control.id }, h('label', { for: control.id }, label), control,
		h('span', { class: 'err', id: 'err-' + control.id, role: 'alert' }));
}
