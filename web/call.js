// call.js — the calling screen (#/call), keyboard-first: one lead card, one
// key per outcome, and the next lead comes at once. An outcome that needs
// nothing more (GET /outcomes: `needs` empty) is logged by its key alone; one
// that needs a time, a reason, a name or a next step opens the small form
// (Enter logs, Escape cancels). Shift+key opens the form for any outcome, to
// add a note or an objection first.
import { get, post, showError, clearErrors, session } from './api.js';
import { h, clear, extLink, leadName, fmtTime, field, fact, num, put } from './dom.js';

let meta = null; // GET /api/v1/outcomes, once per page load

const isField = (t) => t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
const oneKey = (o) => !(o.needs || []).length;
const ALIAS = { at: 'in-time', time: 'in-time', reason: 'in-reason', name: 'in-name', next: 'in-next', note: 'in-note', objection: 'in-objection' };

export function render(main) {
	const st = { alive: true, offer: null, sel: null, busy: false, goal: 0, dials: 0, streak: null, timer: 0 };

	const goalFill = h('div', { class: 'fill' });
	const goalBar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': 'Dials today', 'aria-valuemin': 0 }, goalFill);
	const goalText = h('span', { id: 'goal-text' });
	const goal = h('div', { id: 'goal', class: 'goal' }, goalBar, goalText);
	const planned = h('section', { id: 'planned', class: 'planned', 'aria-live': 'polite', hidden: true });
	const card = h('article', { id: 'card', class: 'card', 'aria-labelledby': 'card-name', tabindex: -1, hidden: true });
	const emptyMsg = h('p', { id: 'empty-msg' });
	const retry = h('button', { type: 'button', id: 'retry', onclick: () => next() }, 'Try again (r)');
	const empty = h('section', { id: 'empty', class: 'card empty', hidden: true, 'aria-live': 'polite' }, emptyMsg, retry);
	const status = h('p', { id: 'call-status', class: 'muted', 'aria-live': 'polite' }, 'Finding the next lead…');
	const outcomes = h('div', { id: 'outcomes', class: 'outcomes', role: 'group', 'aria-label': 'What happened? Press the outcome key', 'aria-describedby': 'outcomes-hint' });
	const outcomesHint = h('p', { id: 'outcomes-hint', class: 'muted small' },
		'One key logs an outcome that needs nothing more; the others ask for what they need. Shift+key adds a note first.');
	const callErr = h('p', { id: 'call-error', class: 'err', role: 'alert' });

	// the log form: every input once, shown per outcome
	const inTime = h('input', { id: 'in-time', name: 'at', autocomplete: 'off', placeholder: 'HH:MM or YYYY-MM-DD HH:MM' });
	const inReason = h('select', { id: 'in-reason', name: 'reason' });
	const inName = h('input', { id: 'in-name', name: 'name', autocomplete: 'off' });
	const inNext = h('input', { id: 'in-next', name: 'next', autocomplete: 'off' });
	const inObj = h('select', { id: 'in-objection', name: 'objection' });
	const inNote = h('input', { id: 'in-note', name: 'note', autocomplete: 'off' });
	const timeLabel = h('span', {}, 'Time');
	const timeHint = h('small', { class: 'hint', id: 'hint-in-time' });
	const fTime = field(timeLabel, inTime);
	fTime.insertBefore(timeHint, fTime.lastChild);
	inTime.setAttribute('aria-describedby', 'hint-in-time');
	const fReason = field('Reason (digit keys)', inReason);
	const fName = field("Gatekeeper's name", inName);
	const fNext = field('Next step agreed', inNext);
	const fObj = field('Objection heard (optional)', inObj);
	const fNote = field('Note (optional)', inNote);
	const logTitle = h('h3', { id: 'log-title' });
	const logErr = h('p', { id: 'log-error', class: 'err', role: 'alert' });
	const submitBtn = h('button', { type: 'submit', id: 'log-submit' }, 'Log it (Enter)');
	const form = h('form', { id: 'log-form', class: 'log-form', hidden: true, 'aria-labelledby': 'log-title', novalidate: true },
		logTitle, fTime, fReason, fName, fNext, fObj, fNote, logErr,
		h('div', { class: 'actions' }, submitBtn,
			h('button', { type: 'button', id: 'log-cancel', onclick: () => closeForm() }, 'Cancel (Esc)')));
	form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });

	put(main, h('h1', { class: 'sr-only' }, 'Calling'), goal,
		h('div', { class: 'call-grid' }, h('div', {}, status, empty, card), h('div', { class: 'call-side' }, outcomes, outcomesHint, callErr, form, planned)));

	function setGoal(g) {
		if (g && g.daily_goal != null) st.goal = g.daily_goal;
		if (g && g.dials_today != null) st.dials = g.dials_today;
		if (g && g.streak_days != null) st.streak = g.streak_days;
		const max = st.goal || 0;
		goalBar.setAttribute('aria-valuemax', max);
		goalBar.setAttribute('aria-valuenow', st.dials);
		goalFill.style.width = (max ? Math.min(100, (100 * st.dials) / max) : 0) + '%';
		goal.classList.toggle('met', max > 0 && st.dials >= max);
		goalText.textContent = `${num(st.dials)} / ${num(max)} dials today` +
			(max > 0 && st.dials >= max ? ' · goal met' : '') +
			(st.streak != null ? ` · streak ${st.streak} day${st.streak === 1 ? '' : 's'}` : '');
	}
	setGoal({ daily_goal: (session.user || {}).daily_goal });

	function outcomeButtons() {
		clear(outcomes);
		for (const o of meta.outcomes) {
			const cls = o.conversation ? 'pos' : o.negative ? 'neg' : '';
			const k = String(o.key);
			outcomes.append(h('button', { type: 'button', class: cls, 'data-outcome': o.name, 'data-one-key': oneKey(o) ? 'true' : null,
				'aria-keyshortcuts': `${k} Shift+${k.toUpperCase()}`, 'aria-pressed': 'false',
				title: oneKey(o) ? `${o.label}: logged at once (Shift: add a note first)` : `${o.label}: asks for ${o.needs.join(', ')}`,
				onclick: (e) => select(o, e.shiftKey) }, h('kbd', {}, k), ' ', o.label));
		}
		put(inReason, h('option', { value: '' }, 'choose…'),
			meta.reasons.map((r, i) => h('option', { value: r }, `${i + 1} ${r.replace(/_/g, ' ')}`)));
		put(inObj, h('option', { value: '' }, 'none'),
			meta.objections.map((r, i) => h('option', { value: r }, `${i + 1} ${r.replace(/_/g, ' ')}`)));
	}

	function showOffer(offer) {
		st.offer = offer;
		const l = offer.lead || {};
		const zone = (l.time_zones || [])[0];
		status.hidden = true;
		empty.hidden = true;
		if (offer.goal) setGoal(offer.goal);
		const role = [l.title, l.company && (l.title ? 'at ' : '') + l.company].filter(Boolean).join(' ');
		const dial = String(offer.dial || '').replace(/[^+0-9*#,;]/g, '');
		const hist = [offer.last_touch, ...(offer.history || [])].filter(Boolean);
		// refers_to (only when this call follows up a note): done_at only once it was sent
		const ref = offer.refers_to;
		let refText = null;
		if (ref) {
			const what = `${ref.channel || 'note'}${ref.template ? ` '${ref.template}'` : ''}`;
			const planned = ref.due_from ? ` planned for ${fmtTime(ref.due_from, zone, true)}` : '';
			if (ref.status === 'done') {
				refText = ref.done_at ? `Refer to the ${what} sent ${fmtTime(ref.done_at, zone, true)}`
					: `Refer to the ${what}${planned} (marked sent)`;
			} else if (ref.status === 'cancelled') {
				refText = `The ${what}${planned} was cancelled: do not mention it`;
			} else {
				refText = `Refer to the ${what}${planned} (not marked sent: check it went out before you mention it)`;
			}
		}
		// opener: only sent when the call refers to an earlier note
		const me = session.user || {};
		const opener = offer.opener && offer.opener.body
			? offer.opener.body
			: `Hi ${l.first_name || leadName(l)}, this is ${me.name || me.login || 'me'}. I'm calling because …`;
		const n = offer.attempts || 0;
		put(card,
			h('header', {},
				h('h2', { id: 'card-name' }, leadName(l)),
				offer.icp != null && h('span', { id: 'card-icp', class: 'badge', title: 'ICP fit (0-100)' }, 'ICP ' + offer.icp),
				h('p', { id: 'card-role' }, role || '—')),
			h('p', { id: 'card-dial', class: 'dial' },
				h('a', { href: 'tel:' + dial }, offer.dial || ''),
				h('span', { id: 'card-local', class: 'local' }, ' · ', offer.local_time || ''),
				offer.caller_id && h('span', { id: 'card-caller-id', class: 'muted small', title: 'the caller ID your calls present, verified by an admin' },
					' · from ', offer.caller_id)),
			h('dl', { class: 'facts' },
				fact('Attempt', 'card-attempt', n + 1, n ? '' : ' (first call)'),
				fact('Why now', 'card-why-now', offer.why_now),
				offer.task && fact('Task', 'card-task', offer.task.why, ` (${offer.task.rule})`),
				l.linkedin && fact('LinkedIn', 'card-linkedin', extLink(l.linkedin)),
				l.email && fact('Email', 'card-email', l.email),
				(l.city || l.country) && fact('Where', 'card-where', [l.city, l.state, l.country].filter(Boolean).join(', '))),
			refText && h('p', { id: 'card-refers', class: 'refer' }, refText),
			h('blockquote', { id: 'card-opener', class: 'opener' }, opener),
			h('section', { id: 'card-notes', class: 'notes', 'aria-label': 'Research notes' },
				h('h3', {}, 'Research'), l.notes ? h('p', { class: 'pre' }, l.notes) : h('p', { class: 'muted' }, 'No research notes yet.')),
			hist.length > 0 && h('section', { 'aria-label': 'History' }, h('h3', {}, 'History'),
				h('ol', { id: 'card-history', class: 'history' }, hist.map((t) => h('li', {},
					h('time', { datetime: t.at }, fmtTime(t.at, zone)), ' ', h('strong', {}, t.channel), ' ',
					(t.outcome || '').replace(/_/g, ' '), t.notes ? ': ' + t.notes : '')))),
			h('p', { class: 'muted small' }, h('a', { href: '#/leads/' + l.id }, 'Open the lead'),
				offer.task && offer.task.leased_until ? ` · held for you until ${fmtTime(offer.task.leased_until)}` : ''));
		card.hidden = false;
		outcomes.hidden = false;
		outcomesHint.hidden = false;
		callErr.textContent = '';
		for (const b of outcomes.querySelectorAll('button')) b.disabled = false;
		for (const i of [inTime, inName, inNext, inNote]) i.value = '';
		inReason.value = inObj.value = '';
		timeHint.textContent = `HH:MM or YYYY-MM-DD HH:MM in the lead's local time${zone ? ' (' + zone + ')' : ''}`;
		closeForm();
		card.focus({ preventScroll: true });
	}

	function showEmpty(msg) {
		st.offer = null;
		card.hidden = true;
		form.hidden = true;
		outcomes.hidden = true;
		outcomesHint.hidden = true;
		status.hidden = true;
		emptyMsg.textContent = msg;
		empty.hidden = false;
		clearTimeout(st.timer);
		st.timer = setTimeout(() => st.alive && !st.offer && next(), 60000);
	}

	async function next() {
		clearTimeout(st.timer);
		status.hidden = false;
		status.textContent = 'Finding the next lead…';
		empty.hidden = true;
		try {
			const offer = await post('/api/v1/next');
			if (st.alive) showOffer(offer);
		} catch (e) {
			if (!st.alive || e.status === 401) return;
			showEmpty(e.message);
		}
	}

	// withForm: Shift+key or Shift+click — the form even for a one-key outcome
	function select(o, withForm) {
		if (!st.offer || st.busy) return;
		callErr.textContent = '';
		if (oneKey(o) && !withForm) {
			closeForm();
			log(o, { outcome: o.name }, callErr);
			return;
		}
		st.sel = o;
		for (const b of outcomes.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.outcome === o.name));
		const needs = o.needs || [], req = o.required || [];
		clearErrors(form);
		logErr.textContent = '';
		logTitle.textContent = `${o.label} — Enter logs it, Escape cancels`;
		timeLabel.textContent = (o.time_label ? o.time_label[0].toUpperCase() + o.time_label.slice(1) : 'Time') + (req.includes('time') ? '' : ' (optional)');
		const show = { time: fTime, reason: fReason, name: fName, next: fNext };
		for (const [k, f] of Object.entries(show)) {
			f.hidden = !needs.includes(k);
			f.querySelector('input,select').setAttribute('aria-required', String(req.includes(k)));
		}
		// a prospect who pushed back or talked may have voiced an objection
		fObj.hidden = !(o.reached && !o.terminal && (o.negative || o.conversation) && o.name !== 'wrong_number');
		form.hidden = false;
		const first = [fTime, fReason, fName, fNext, fObj].find((f) => !f.hidden);
		(first ? first.querySelector('input,select') : inNote).focus();
	}

	function closeForm() {
		st.sel = null;
		form.hidden = true;
		for (const b of outcomes.querySelectorAll('button')) b.setAttribute('aria-pressed', 'false');
	}

	async function submit() {
		const o = st.sel;
		if (!o || !st.offer || st.busy) return;
		clearErrors(form);
		logErr.textContent = '';
		const body = { outcome: o.name };
		const val = { time: inTime.value.trim(), reason: inReason.value, name: inName.value.trim(), next: inNext.value.trim() };
		for (const k of o.needs || []) {
			if (val[k]) body[k === 'time' ? 'at' : k] = val[k];
			else if ((o.required || []).includes(k)) {
				showError({ field: k, message: k === 'time' ? 'When? HH:MM or YYYY-MM-DD HH:MM' : 'Required' }, logErr, '', ALIAS);
				return;
			}
		}
		if (!fObj.hidden && inObj.value) body.objection = inObj.value;
		if (inNote.value.trim()) body.note = inNote.value.trim();
		await log(o, body, logErr);
	}

	// POST the touch, show what was planned, fetch the next lead. The offer is
	// dropped at once so that a key pressed twice cannot log the lead twice.
	async function log(o, body, errEl) {
		const offer = st.offer;
		if (!offer || st.busy) return;
		st.busy = true;
		submitBtn.disabled = true;
		for (const b of outcomes.querySelectorAll('button')) b.disabled = true;
		let logged;
		try {
			logged = await post(`/api/v1/leads/${encodeURIComponent(offer.lead.id)}/touches`, body);
		} catch (e) {
			if (e.status !== 401 && st.alive) {
				if (errEl === logErr) showError(e, logErr, '', ALIAS);
				else errEl.textContent = `${o.label} not logged: ${e.message}`;
			}
			return;
		} finally {
			st.busy = false;
			submitBtn.disabled = false;
			for (const b of outcomes.querySelectorAll('button')) b.disabled = false;
		}
		if (!st.alive) return;
		st.offer = null;
		if (document.activeElement) document.activeElement.blur();
		showPlanned(offer, o, logged || {});
		st.dials++;
		setGoal(null);
		closeForm();
		card.hidden = true;
		outcomes.hidden = true;
		outcomesHint.hidden = true;
		next();
	}

	function showPlanned(offer, o, logged) {
		const zone = (offer.lead.time_zones || [])[0];
		const tasks = logged.tasks || [];
		put(planned,
			h('p', {}, h('strong', {}, o.label), ` logged for ${leadName(offer.lead)}`,
				logged.status ? `; the lead is now ${String(logged.status).replace(/_/g, ' ')}.` : '.'),
			logged.warning && h('p', { id: 'planned-warning', class: 'err', role: 'alert' },
				'Do-not-call: ', logged.warning, '. The call is recorded and the audit log notes it.'),
			tasks.length ? h('ul', { id: 'planned-tasks' }, tasks.map((t) => h('li', {},
				h('strong', {}, t.channel), t.template ? ` '${t.template}'` : '', ' — ', t.why || fmtTime(t.due_from, zone))))
				: h('p', { class: 'muted' }, 'Nothing more planned for this lead.'),
			(logged.cancelled > 0 || logged.suppressed > 0) && h('p', { class: 'muted' },
				`${logged.cancelled || 0} open task(s) cancelled, ${logged.suppressed || 0} number(s) suppressed.`),
			logged.rule_text && h('p', { class: 'muted small' }, 'Rule: ', h('code', {}, logged.rule_text)));
		planned.hidden = false;
	}

	function onKey(e) {
		if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
		const t = e.target;
		if (e.key === 'Escape') {
			if (!form.hidden) { e.preventDefault(); closeForm(); card.focus({ preventScroll: true }); }
			return;
		}
		if (isField(t)) {
			if (t.tagName !== 'SELECT' || form.hidden) return;
			// a select does not submit on Enter by itself; digits pick the option
			if (e.key === 'Enter') { e.preventDefault(); submit(); }
			else if (/^[0-9]$/.test(e.key) && t.options[+e.key]) { e.preventDefault(); t.selectedIndex = +e.key; }
			return;
		}
		if (e.key === 'Enter') {
			if (!form.hidden && t.tagName !== 'BUTTON' && t.tagName !== 'A') { e.preventDefault(); submit(); }
			return;
		}
		if (/^[1-9]$/.test(e.key) && !form.hidden && !fReason.hidden) {
			if (inReason.options[+e.key]) { inReason.selectedIndex = +e.key; e.preventDefault(); }
			return;
		}
		if (e.key === 'r' && !empty.hidden) { e.preventDefault(); next(); return; }
		if (!meta || !st.offer || e.key.length !== 1 || e.repeat) return;
		const o = meta.outcomes.find((x) => String(x.key).toLowerCase() === e.key.toLowerCase());
		if (o) { e.preventDefault(); select(o, e.shiftKey); }
	}
	document.addEventListener('keydown', onKey);

	(async () => {
		get('/api/v1/stats').then((s) => st.alive && setGoal(s), () => {});
		try {
			if (!meta) {
				const m = await get('/api/v1/outcomes');
				const names = (a) => (a || []).map((r) => (typeof r === 'string' ? r : r.name)).filter((r) => r !== 'none');
				meta = { outcomes: m.outcomes || [], reasons: names(m.reasons), objections: names(m.objections) };
			}
		} catch (e) {
			if (e.status !== 401 && st.alive) { status.textContent = e.message; status.classList.add('err'); }
			return;
		}
		if (!st.alive) return;
		outcomeButtons();
		next();
	})();

	return () => { st.alive = false; clearTimeout(st.timer); document.removeEventListener('keydown', onKey); };
}
