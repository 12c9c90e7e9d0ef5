// app.js — hawser's web screens: sign-in, the nav bar and a hash router.
// Each screen module exports render(main, route) and may return a cleanup
// function (timers, key handlers) that runs before the next screen.
import { api, post, setSession, session } from './api.js';
import { h, clear } from './dom.js';
import * as call from './call.js';
import * as agenda from './agenda.js';
import * as leads from './leads.js';
import * as imports from './import.js';
import * as numbers from './numbers.js';
import * as rules from './rules.js';

const screens = { call, agenda, leads, import: imports, numbers, rules };
const $ = (id) => document.getElementById(id);
let cleanup = null;
let signedIn = false;

// "#/leads/12?q=x" → {name: 'leads', parts: ['12'], query: URLSearchParams}
function parseHash() {
	const raw = location.hash.replace(/^#\/?/, '');
	const [path, q] = raw.split('?');
	const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
	return { name: parts.shift() || 'call', parts, query: new URLSearchParams(q || '') };
}

function route() {
	if (!signedIn) return;
	if (cleanup) { try { cleanup(); } catch { /* a screen's cleanup must not stop the next */ } }
	cleanup = null;
	const r = parseHash();
	const mod = Object.hasOwn(screens, r.name) && screens[r.name];
	const main = clear($('main'));
	for (const a of document.querySelectorAll('#nav a')) {
		if (a.dataset.route === r.name) a.setAttribute('aria-current', 'page');
		else a.removeAttribute('aria-current');
	}
	if (!mod) {
		main.append(h('h1', {}, 'Not found'), h('p', {}, 'No screen here. '), h('a', { href: '#/call' }, 'Go calling'));
		return;
	}
	document.title = document.querySelector(`#nav a[data-route=${r.name}]`).textContent + ' · hawser';
	try {
		cleanup = mod.render(main, r) || null;
	} catch (e) {
		main.append(h('p', { class: 'err', role: 'alert' }, String(e)));
	}
}

function showApp(me) {
	setSession(me);
	signedIn = true;
	$('login').hidden = true;
	$('top').hidden = false;
	$('main').hidden = false;
	const u = session.user || {};
	$('whoami').textContent = (u.name || u.login || '') + (u.role ? ' (' + u.role + ')' : '');
	const canImport = u.role === 'manager' || u.role === 'admin';
	document.querySelector('#nav a[data-route=import]').hidden = !canImport;
	if (!location.hash || location.hash === '#' || location.hash === '#/') history.replaceState(null, '', '#/call');
	route();
}

function showLogin(msg) {
	signedIn = false;
	if (cleanup) { try { cleanup(); } catch { /* ignore */ } cleanup = null; }
	$('top').hidden = true;
	clear($('main')).hidden = true;
	const f = $('login');
	f.hidden = false;
	$('login-error').textContent = msg || '';
	$('login-pass').value = '';
	$('login-submit').disabled = false;
	(($('login-user').value && $('login-pass')) || $('login-user')).focus();
}

async function onLogin(ev) {
	ev.preventDefault();
	const btn = $('login-submit');
	btn.disabled = true;
	$('login-error').textContent = '';
	try {
		const me = await api('POST', '/api/v1/login',
			{ login: $('login-user').value.trim(), password: $('login-pass').value }, { quiet401: true });
		showApp(me);
	} catch (e) {
		btn.disabled = false;
		$('login-error').textContent = e.status === 401 ? 'Wrong login or password.' : e.message;
		$('login-pass').select();
	}
}

async function onLogout() {
	try { await post('/api/v1/logout'); } catch { /* signed out either way */ }
	setSession(null);
	showLogin('Signed out.');
}

async function start() {
	$('login').addEventListener('submit', onLogin);
	$('logout').addEventListener('click', onLogout);
	// the skip link must not change the hash (the router owns it)
	document.querySelector('.skip').addEventListener('click', (e) => { e.preventDefault(); $('main').focus(); });
	window.addEventListener('hashchange', route);
	window.addEventListener('hawser:unauthorized', () => showLogin('Please sign in again.'));
	try {
		showApp(await api('GET', '/api/v1/me', undefined, { quiet401: true }));
	} catch (e) {
		showLogin(e.status === 401 ? '' : e.message);
	}
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
