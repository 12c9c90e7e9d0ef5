// import.js — upload a CSV lead list (#/import), follow its progress, fetch
// the reject report; and the list of past imports.
import { get, post, qs, session } from './api.js';
import { h, clear, fmtTime, num, put } from './dom.js';

const rejectsHref = (id) => '/api/v1/imports/' + encodeURIComponent(id) + '/rejects';

export function render(main) {
	let alive = true, timer = 0;
	const role = (session.user || {}).role;
	const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,.txt,text/csv', required: true });
	const region = h('input', { id: 'import-region', size: 4, maxlength: 2, placeholder: 'US', autocomplete: 'off' });
	const go = h('button', { type: 'submit', id: 'import-start' }, 'Import');
	const err = h('p', { id: 'import-error', class: 'err', role: 'alert' });
	const bar = h('progress', { id: 'import-progress', max: 1, value: 0, 'aria-label': 'Import progress', hidden: true });
	const status = h('p', { id: 'import-status', role: 'status', 'aria-live': 'polite' });
	const counts = h('dl', { id: 'import-counts', class: 'facts counts', hidden: true });
	const after = h('p', { id: 'import-after' });
	const past = h('tbody');
	const form = h('form', { id: 'import-form', class: 'card' },
		h('div', { class: 'field' }, h('label', { for: 'import-file' }, 'CSV file of leads'), file),
		h('div', { class: 'field' }, h('label', { for: 'import-region' }, 'Default country for phone numbers without +code (optional, ISO code)'), region),
		err, go, bar, status, counts, after);
	form.addEventListener('submit', (e) => { e.preventDefault(); start(); });
	put(main, h('h1', {}, 'Import leads'),
		role && role !== 'manager' && role !== 'admin' && h('p', { class: 'muted' }, 'Imports need a manager or admin account.'),
		form,
		h('h2', {}, 'Past imports'),
		h('table', { id: 'imports', class: 'list' },
			h('thead', {}, h('tr', {}, ['ID', 'File', 'Status', 'Rows', 'Imported', 'Merged', 'Rejected', 'Started', 'Rejects']
				.map((c) => h('th', { scope: 'col' }, c)))), past));

	function showCounts(imp) {
		put(counts, ['rows', 'imported', 'merged', 'rejected', 'suppressed'].filter((k) => imp[k] != null)
			.map((k) => [h('dt', {}, k), h('dd', { id: 'import-' + k }, num(imp[k]))]));
		counts.hidden = false;
	}

	async function start() {
		const f = file.files && file.files[0];
		err.textContent = '';
		if (!f) { err.textContent = 'Choose a CSV file first.'; file.focus(); return; }
		go.disabled = true;
		clear(after);
		bar.hidden = false;
		bar.max = f.size || 1;
		bar.value = 0;
		status.textContent = `Uploading ${f.name} (${num(f.size)} bytes)…`;
		try {
			const r = await post('/api/v1/imports' + qs({ name: f.name, region: region.value.trim().toUpperCase() }), undefined,
				{ raw: f, type: 'text/csv' });
			if (alive) poll(r.id);
		} catch (e) {
			go.disabled = false;
			bar.hidden = true;
			status.textContent = '';
			if (e.status !== 401) err.textContent = e.message;
		}
	}

	async function poll(id) {
		let imp;
		try {
			imp = await get('/api/v1/imports/' + encodeURIComponent(id));
		} catch (e) {
			if (!alive || e.status === 401) return;
			err.textContent = e.message;
			timer = setTimeout(() => poll(id), 1000);
			return;
		}
		if (!alive) return;
		const total = imp.bytes || 0, done = imp.bytes_done || 0;
		const running = imp.status === 'running';
		bar.max = total || 1;
		bar.value = running ? Math.min(done, total || 1) : bar.max;
		const p = total ? Math.floor((100 * done) / total) : 0;
		status.textContent = running
			? `Import ${imp.id} ${imp.status}: ${p}% (${num(done)} of ${num(total)} bytes)`
			: `Import ${imp.id} ${imp.status}${imp.error ? ': ' + (imp.error.message || imp.error) : ''}: ${num(imp.rows)} rows read.`;
		showCounts(imp);
		if (running) { timer = setTimeout(() => poll(id), 300); return; }
		go.disabled = false;
		put(after, h('a', { id: 'import-rejects', href: rejectsHref(imp.id), download: `import-${imp.id}-rejects.csv` },
			`Download the reject report (${num(imp.rejected || 0)} row${imp.rejected === 1 ? '' : 's'})`),
		' · ', h('a', { href: '#/leads' }, 'See the leads'));
		loadPast();
	}

	async function loadPast() {
		let r;
		try {
			r = await get('/api/v1/imports');
		} catch (e) {
			if (alive && e.status !== 401) put(past, h('tr', {}, h('td', { colspan: 9, class: 'muted' }, e.message)));
			return;
		}
		if (!alive) return;
		const list = (r.imports || []).slice().sort((a, b) => b.id - a.id);
		put(past, list.length ? list.map((i) => h('tr', { 'data-import': i.id },
			h('td', { class: 'num' }, String(i.id)), h('td', {}, i.file || ''), h('td', {}, i.status || ''),
			['rows', 'imported', 'merged', 'rejected'].map((k) => h('td', { class: 'num' }, num(i[k]))),
			h('td', {}, i.started_at ? fmtTime(i.started_at) : ''),
			h('td', {}, i.rejected ? h('a', { href: rejectsHref(i.id), download: `import-${i.id}-rejects.csv` }, 'CSV') : '')))
			: h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'No imports yet.')));
	}
	loadPast();
	return () => { alive = false; clearTimeout(timer); };
}
