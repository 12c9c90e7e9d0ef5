// leads.js — the lead list (#/leads?q=&status=&after=) and one lead
// (#/leads/ID): its why line, timeline of touches, open tasks, and an edit
// form that PATCHes only the fields that changed.
import { get, load, patch, qs, showError, clearErrors } from './api.js';
import { h, extLink, leadName, fmtTime, field, fact, put } from './dom.js';

const STATUSES = ['new', 'working', 'meeting', 'nurture', 'disqualified', 'do_not_contact'];
const EDIT = ['first_name', 'last_name', 'title', 'company', 'email', 'linkedin', 'website',
	'city', 'state', 'country', 'industry', 'employees', 'notes'];
const label = (k) => (k === 'linkedin' ? 'LinkedIn' : k.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()));

export function render(main, route) {
	return route.parts[0] ? detail(main, route.parts[0]) : list(main, route.query);
}

function list(main, query) {
	const q = query.get('q') || '', status = query.get('status') || '', after = query.get('after') || '';
	const back = (query.get('back') || '').split(',').filter(Boolean); // the pages before, for Previous
	const qIn = h('input', { id: 'leads-q', type: 'search', value: q, placeholder: 'name, company, email, phone…' });
	const stIn = h('select', { id: 'leads-status' }, h('option', { value: '' }, 'any status'),
		STATUSES.map((s) => h('option', { value: s, selected: s === status }, s.replace(/_/g, ' '))));
	const form = h('form', { class: 'toolbar', id: 'leads-form', role: 'search' },
		h('label', { for: 'leads-q' }, 'Search'), qIn, h('label', { for: 'leads-status' }, 'Status'), stIn,
		h('button', { type: 'submit' }, 'Search'));
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		location.hash = '#/leads' + qs({ q: qIn.value.trim(), status: stIn.value });
	});
	stIn.addEventListener('change', () => form.requestSubmit());
	const tbody = h('tbody');
	const table = h('table', { id: 'leads', class: 'list' },
		h('caption', { class: 'sr-only' }, 'Leads'),
		h('thead', {}, h('tr', {}, ['ID', 'Name', 'Title', 'Company', 'Status', 'ICP', 'Where'].map((c) => h('th', { scope: 'col' }, c)))),
		tbody);
	const info = h('div', { class: 'muted', 'aria-live': 'polite' }, 'Loading…');
	const prev = h('button', { type: 'button', id: 'leads-prev', disabled: !after }, '← Previous');
	const next = h('button', { type: 'button', id: 'leads-next', disabled: true }, 'Next →');
	prev.addEventListener('click', () => {
		const b = back.slice(0, -1);
		location.hash = '#/leads' + qs({ q, status, after: back[back.length - 1] === '0' ? '' : back[back.length - 1], back: b.join(',') });
	});
	put(main, h('h1', {}, 'Leads'), form, info, table, h('div', { class: 'pager' }, prev, next));
	if (!q && !status && !after) qIn.focus();

	load('/api/v1/leads' + qs({ q, status, after, limit: 50 }), info).then((r) => {
		if (!r) return;
		const rows = r.leads || [];
		info.textContent = rows.length ? `${rows.length} lead${rows.length === 1 ? '' : 's'}${r.next_after != null ? ', more on the next page' : ''}.` : 'No leads match.';
		for (const l of rows) {
			const href = '#/leads/' + l.id;
			const tr = h('tr', { 'data-lead': l.id },
				h('td', { class: 'num' }, String(l.id)),
				h('td', {}, h('a', { href }, leadName(l))),
				h('td', {}, l.title || ''), h('td', {}, l.company || ''),
				h('td', {}, h('span', { class: 'badge st-' + l.status }, (l.status || '').replace(/_/g, ' '))),
				h('td', { class: 'num' }, l.icp_score == null ? '' : String(l.icp_score)),
				h('td', {}, [l.city, l.country].filter(Boolean).join(', ')));
			tr.addEventListener('click', (e) => { if (e.target.tagName !== 'A') location.hash = href; });
			tbody.append(tr);
		}
		if (r.next_after != null) {
			next.disabled = false;
			next.addEventListener('click', () => {
				location.hash = '#/leads' + qs({ q, status, after: r.next_after, back: [...back, after || '0'].join(',') });
			});
		}
	});
}

function detail(main, id) {
	const head = h('h1', { id: 'lead-name' }, 'Lead ' + id);
	const why = h('p', { id: 'lead-why', class: 'why', 'aria-live': 'polite' });
	const body = h('div', { class: 'lead' }, h('p', { class: 'muted' }, 'Loading…'));
	put(main, h('p', {}, h('a', { href: '#/leads' }, '← Leads')), head, why, body);
	const path = '/api/v1/leads/' + encodeURIComponent(id);

	get(path + '/why').then((w) => {
		if (!w || !why.isConnected) return;
		why.classList.add(w.callable ? 'ok' : 'no');
		why.append(h('strong', {}, w.callable ? 'Callable now: ' : 'Not callable now: '), w.why || w.code || '',
			w.next ? ` (next possible: ${fmtTime(w.next)})` : '');
	}, () => {});

	load(path, body).then((lead) => lead && show(lead));

	function show(lead) {
		const zone = (lead.time_zones || [])[0];
		head.textContent = leadName(lead);
		const facts = [['Title', lead.title], ['Company', lead.company], ['Status', (lead.status || '').replace(/_/g, ' ')],
			['ICP fit', lead.icp_score], ['Email', lead.email], ['LinkedIn', lead.linkedin && extLink(lead.linkedin)],
			['Website', lead.website && extLink(lead.website)], ['Industry', lead.industry], ['Employees', lead.employees],
			['Address', [lead.street, lead.city, lead.state, lead.postal_code, lead.country].filter(Boolean).join(', ')],
			['Time zone', (lead.time_zones || []).join(', ') + (lead.tz_source ? ` (from ${lead.tz_source})` : '')],
			['Jurisdiction', lead.jurisdiction], ['Do not call', lead.do_not_call ? 'yes' : null]];
		for (const [k, v] of Object.entries(lead.custom || {})) facts.push([k, typeof v === 'string' ? v : JSON.stringify(v)]);
		const touches = (lead.touches || []).slice().sort((a, b) => String(b.at).localeCompare(String(a.at)));
		const tasks = lead.tasks || [];
		put(body,
			h('dl', { id: 'lead-facts', class: 'facts' }, facts.filter(([, v]) => v != null && v !== '')
				.map(([k, v]) => fact(k, null, v))),
			lead.notes && h('section', {}, h('h2', {}, 'Research notes'), h('p', { class: 'pre', id: 'lead-notes' }, lead.notes)),
			h('section', {}, h('h2', {}, 'Phones'), h('ul', { id: 'lead-phones' }, (lead.phones || []).map((p) => h('li', {},
				h('a', { href: 'tel:' + String(p.e164 || '').replace(/[^+0-9]/g, '') }, p.e164 || p.raw || ''),
				p.ext ? ' ext. ' + p.ext : '', ` · ${p.kind || ''} ${p.type || ''}`,
				!p.valid ? ' · invalid' : '', p.suppressed ? ' · do not call' : '', p.dead ? ' · dead' : '')))),
			h('section', {}, h('h2', {}, 'Open tasks'), tasks.length ? h('ul', { id: 'lead-tasks' }, tasks.map((t) => h('li', {},
				h('time', { datetime: t.due_from }, fmtTime(t.due_from, zone)), ' ', h('strong', {}, t.channel),
				t.callback ? ' (callback)' : '', t.template ? ` '${t.template}'` : '', ' — ', t.why || '')))
				: h('p', { class: 'muted' }, 'None.')),
			h('section', {}, h('h2', {}, 'Timeline'), touches.length ? h('ol', { id: 'lead-touches', class: 'history' }, touches.map((t) => h('li', {},
				h('time', { datetime: t.at }, fmtTime(t.at, zone)), ' ', h('strong', {}, t.channel), ' ',
				(t.outcome || '').replace(/_/g, ' '), t.user ? ` by ${t.user}` : '', t.notes ? ': ' + t.notes : '')))
				: h('p', { class: 'muted' }, 'No touches yet.')),
			editForm(lead, (l) => show({ ...l, touches: lead.touches, tasks: lead.tasks })));
	}

	function editForm(lead, done) {
		const msg = h('p', { id: 'edit-msg', role: 'status' });
		const inputs = {};
		const fields = EDIT.map((k) => {
			const el = k === 'notes' ? h('textarea', { id: 'edit-' + k, rows: 4 }) : h('input', { id: 'edit-' + k, autocomplete: 'off' });
			el.value = lead[k] == null ? '' : String(lead[k]);
			inputs[k] = el;
			return field(label(k), el);
		});
		const save = h('button', { type: 'submit', id: 'edit-save' }, 'Save changes');
		const form = h('form', { id: 'lead-edit', class: 'edit', 'aria-labelledby': 'edit-heading' },
			h('h2', { id: 'edit-heading' }, 'Edit contact fields'), h('div', { class: 'grid' }, fields), msg, save);
		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			clearErrors(form);
			msg.textContent = '';
			const change = {};
			for (const k of EDIT) {
				const v = inputs[k].value.trim(), old = lead[k] == null ? '' : String(lead[k]).trim();
				if (v !== old) change[k] = v === '' ? null : v;
			}
			if (!Object.keys(change).length) { msg.textContent = 'Nothing changed.'; return; }
			save.disabled = true;
			try {
				const l = await patch(path, change);
				if (!form.isConnected) return;
				done(l);
				const m = document.getElementById('edit-msg');
				if (m) m.textContent = 'Saved.';
			} catch (err) {
				if (err.status !== 401) showError(err, msg, 'edit-');
			} finally {
				save.disabled = false;
			}
		});
		return form;
	}
}
