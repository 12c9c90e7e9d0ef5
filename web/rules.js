// rules.js — the cadences (the persistence rules, as their source text) and
// the templates, readable (#/rules). Editing stays in the CLI: cadence load.
import { load } from './api.js';
import { h, put } from './dom.js';

export function render(main) {
	const cad = h('div', { id: 'cadences' }, h('p', { class: 'muted' }, 'Loading…'));
	const tpl = h('div', { id: 'templates' }, h('p', { class: 'muted' }, 'Loading…'));
	put(main, h('h1', {}, 'Rules'),
		h('p', { class: 'muted' }, 'Each cadence line reads: on OUTCOME [if CONDITION] do ACTIONS; the first rule that matches decides. ',
			'Change them with ', h('code', {}, 'hawser cadence show > team.cadence'), ', edit, then ', h('code', {}, 'hawser cadence load team.cadence'), '.'),
		h('h2', {}, 'Cadences'), cad, h('h2', {}, 'Templates'), tpl);

	load('/api/v1/cadences', cad).then((r) => {
		if (!r) return;
		const list = r.cadences || [];
		put(cad, list.length ? list.map((c) => h('section', { class: 'rule', 'data-cadence': c.name },
			h('h3', {}, c.name, c.default ? h('span', { class: 'badge' }, 'default') : ''),
			h('pre', { class: 'source' }, c.source || ''))) : h('p', { class: 'muted' }, 'No cadences.'));
	});

	load('/api/v1/templates', tpl).then((r) => {
		if (!r) return;
		const list = r.templates || [];
		put(tpl, list.length ? list.map((t) => h('section', { class: 'rule', 'data-template': t.name },
			h('h3', {}, t.name, ' ', h('span', { class: 'badge ch' }, t.channel || '')),
			t.subject && h('p', {}, h('strong', {}, 'Subject: '), t.subject),
			h('pre', { class: 'text' }, t.body || ''))) : h('p', { class: 'muted' }, 'No templates.'));
	});
}
