// api.js — the one way to call /api/v1: the session cookie rides along
// (same-origin), the CSRF token goes on every POST/PATCH/DELETE, errors come
// back as ApiError {status, code, message, field}, and a 401 anywhere asks
// the app to show the login form again.

import { h, put } from './dom.js';

let csrf = null;
export const session = { user: null };

export function setSession(me) {
	csrf = me ? me.csrf : null;
	session.user = me ? me.user : null;
}

export class ApiError extends Error {
	constructor(status, e) {
		super((e && e.message) || 'HTTP ' + status);
		this.status = status;
		this.code = (e && e.code) || 'http_' + status;
		this.field = (e && e.field) || null;
	}
}

// opts: {raw: Blob|string, type: 'text/csv', quiet401: true, blob: true, accept: 'application/pdf'}
// With blob: a success comes back as {blob, type, headers} (a PDF, say);
// errors are still the JSON ApiError.
export async function api(method, path, body, opts = {}) {
	const headers = { Accept: opts.accept || 'application/json' };
	let payload;
	if (opts.raw !== undefined) {
		payload = opts.raw;
		headers['Content-Type'] = opts.type || 'application/octet-stream';
	} else if (body !== undefined) {
		payload = JSON.stringify(body);
		headers['Content-Type'] = 'application/json';
	}
	if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
	let res;
	try {
		res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
	} catch (e) {
		throw new ApiError(0, { code: 'network', message: 'The server cannot be reached (' + e.message + ')' });
	}
	if (res.ok && opts.blob) {
		try {
			return { blob: await res.blob(), type: res.headers.get('Content-Type') || '', headers: res.headers };
		} catch (e) {
			throw new ApiError(0, { code: 'network', message: 'The download broke off (' + e.message + ')' });
		}
	}
	let data = null;
	if (res.status !== 204 && (res.headers.get('Content-Type') || '').includes('json')) {
		try { data = await res.json(); } catch { data = null; }
	}
	if (res.ok) return data;
	const err = new ApiError(res.status, data && data.error);
	if (res.status === 401 && !opts.quiet401) {
		setSession(null);
		window.dispatchEvent(new CustomEvent('hawser:unauthorized'));
	}
	throw err;
}

export const get = (path) => api('GET', path);

// GET for a screen: on failure (but 401: the login form is up) the message
// goes into el. null then, or when el has left the page meanwhile.
export async function load(path, el) {
	try {
		const r = await get(path);
		return el.isConnected ? r : null;
	} catch (e) {
		if (e.status !== 401 && el.isConnected) put(el, h('div', { class: 'err', role: 'alert' }, e.message));
		return null;
	}
}
export const post = (path, body, opts) => api('POST', path, body, opts);
export const patch = (path, body) => api('PATCH', path, body);

export function qs(params) {
	const u = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) if (v != null && v !== '') u.set(k, v);
	const t = u.toString();
	return t ? '?' + t : '';
}

// Put an API error next to the field it names (elements #err-PREFIXfield),
// else in the fallback element. Returns true if it found the field.
export function showError(err, fallback, prefix = '', alias = {}) {
	const name = err.field && (alias[err.field] || err.field);
	const el = name && document.getElementById('err-' + prefix + name);
	const msg = err.message || String(err);
	if (el) {
		el.textContent = msg;
		const input = document.getElementById(prefix + name);
		if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
		return true;
	}
	if (fallback) fallback.textContent = msg;
	return false;
}

export function clearErrors(root) {
	for (const e of root.querySelectorAll('.err')) e.textContent = '';
	for (const e of root.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
}
