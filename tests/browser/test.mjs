#!/usr/bin/env node
// Browser and accessibility tests of a built Trappa site (see README.md).
//
//   node test.mjs SITE_FOLDER
//
// Serves SITE_FOLDER with nginx on 127.0.0.1 (a throwaway nginx.conf in a
// temporary folder) and, in Debian's headless Chromium driven by
// playwright-core, checks every .html file:
//   nojs       with JavaScript disabled: HTTP 200, all subresources load, one
//              <h1> with text, one <main>, <html lang>, <title>, every
//              internal link (a[href^="/"]) resolves to a file in the site
//              and every same-page link (a[href^="#"]) to an element on it
//   axe1280    @axe-core/playwright with the tags wcag2a wcag2aa wcag21a
//              wcag21aa wcag22aa EN-301-549 at a 1280 px wide viewport: no violations
//   htmlcs1280 HTML_CodeSniffer WCAG2AA (pa11y's engine): no errors
//   reflow320  at a 320 px wide viewport the page does not scroll sideways
//   axe320     the same axe run at 320 px
//   htmlcs320  the same HTML_CodeSniffer run at 320 px
// and once per run: the skip link shows with a visible focus indicator after
// one Tab on the start page; the keyboard test (Tab through the start page
// and a dialogue page at 1280 and 320 px: every visible link and summary is
// reached, each focused element shows a focus indicator); the focus
// indicator's contrast on three backgrounds (>= 3:1); full-page
// screenshots of every kind of page at 1280 and 390 px into
// tests/browser/out/; the
// start page with prefers-reduced-motion; at 390 x 844 (firstscreen) every
// dialogue page's summary inside the first screen and the start page's
// overdue strip within two; a missing nested URL gets 404.html
// with status 404 from nginx; /sok/ filters as you type, keeps the query in
// the address and works without JavaScript (checkSearch).
// Each page x check is one test. The last line is "test.mjs: N passed, M failed";
// the exit code is non-zero when anything failed.

import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WORKERS = Math.max(1, Number(process.env.BROWSER_WORKERS) || 3);
const OUT_DIR = path.resolve(process.env.BROWSER_OUT || path.join(HERE, 'out'));
const MIME_TYPES = process.env.NGINX_MIME_TYPES || '/etc/nginx/mime.types';
const NAV_TIMEOUT = 20_000;
const AXE_TIMEOUT = 60_000;
const RUN_TIMEOUT = Number(process.env.BROWSER_RUN_TIMEOUT_MS) || 8 * 60_000;
const WIDE = 1280;
const NARROW = 320;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'EN-301-549'];
// Screenshots for review: every kind of page at these widths.
const SHOT_WIDTHS = [WIDE, 390];
// HTML_CodeSniffer, the engine of pa11y's htmlcs runner, injected into
// each page (pa11y itself would download a Chrome of its own).
const HTMLCS_JS = fs.readFileSync(require.resolve('html_codesniffer/build/HTMLCS.js'), 'utf8');
const MAX_TABS = 500;
// The dialogue page for the keyboard test and the screenshots; when the
// site has no such page, the first dialogue page found stands in for it.
const DIALOGUE = process.env.BROWSER_DIALOGUE || '/dialoger/nytt-resecentrum/';

// The axe-core that @axe-core/playwright injects, which must be the one
// package.json pins.
const axePlaywrightDir = path.dirname(path.dirname(require.resolve('@axe-core/playwright')));
const axePlaywrightVersion = JSON.parse(fs.readFileSync(path.join(axePlaywrightDir, 'package.json'), 'utf8')).version;
const axeVersion = require(require.resolve('axe-core/package.json', { paths: [axePlaywrightDir] })).version;
const axePinned = JSON.parse(fs.readFileSync(path.join(HERE, 'package.json'), 'utf8')).devDependencies['axe-core'];
if (axeVersion !== axePinned) {
	console.error(`test.mjs: @axe-core/playwright uses axe-core ${axeVersion}, package.json pins ${axePinned}: run npm ci in ${HERE}`);
	console.log('test.mjs: 0 passed, 1 failed');
	process.exit(1);
}

const siteArg = process.argv[2];
if (!siteArg || process.argv.length > 3) {
	console.error('usage: node test.mjs SITE_FOLDER');
	process.exit(2);
}
const site = path.resolve(siteArg);
if (!fs.existsSync(path.join(site, 'index.html'))) {
	console.error(`test.mjs: ${site} has no index.html: is it a built site?`);
	process.exit(2);
}

const watchdog = setTimeout(() => {
	console.error(`test.mjs: gave up after ${RUN_TIMEOUT / 1000} s`);
	console.log('test.mjs: 0 passed, 1 failed');
	process.exit(1);
}, RUN_TIMEOUT);
watchdog.unref();

// ---------------------------------------------------------------- the site

async function htmlFiles(dir, rel = '') {
	const out = [];
	const entries = await fsp.readdir(path.join(dir, rel), { withFileTypes: true });
	for (const e of entries) {
		if (e.name.startsWith('.')) continue;
		const r = rel ? `${rel}/${e.name}` : e.name;
		if (e.isDirectory()) out.push(...await htmlFiles(dir, r));
		else if (e.isFile() && e.name.endsWith('.html')) out.push(r);
	}
	return out;
}

// The URL path a file is published at: folders' index.html as the folder.
function urlPathOf(rel) {
	if (rel === 'index.html') return '/';
	if (rel.endsWith('/index.html')) return '/' + rel.slice(0, -'index.html'.length);
	return '/' + rel;
}

// The file in the site a root-relative URL path names, or null: a folder
// needs its index.html. Never leaves the site folder.
function fileFor(urlPath) {
	let p;
	try {
		p = decodeURIComponent(urlPath);
	} catch {
		return null;
	}
	if (!p.startsWith('/') || p.includes('\0')) return null;
	const full = path.join(site, path.normalize(p));
	if (full !== site && !full.startsWith(site + path.sep)) return null;
	let st;
	try {
		st = fs.statSync(full);
	} catch {
		return null;
	}
	if (st.isFile()) return p.endsWith('/') ? null : full;
	if (st.isDirectory()) {
		const index = path.join(full, 'index.html');
		return fs.existsSync(index) ? index : null;
	}
	return null;
}

// -------------------------------------------------------------- the server
//
// nginx, as the site will be hosted: a minimal nginx.conf in a temporary
// folder (pid file, logs and temporary files all in there), listening on a
// free port on 127.0.0.1, started in the foreground (daemon off) as our
// child and stopped when this process ends, however it ends.

function findNginx() {
	if (process.env.NGINX) return process.env.NGINX;
	const dirs = [...(process.env.PATH || '').split(':').filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/sbin'];
	for (const d of dirs) {
		const p = path.join(d, 'nginx');
		try {
			fs.accessSync(p, fs.constants.X_OK);
			return p;
		} catch { /* next */ }
	}
	return null;
}

// A port nobody listens on now. nginx may still lose it to someone else
// before it binds: startNginx then tries another.
function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

// nginx strings: inside double quotes, with $ (variables), " and \ refused.
function nginxString(s, what) {
	if (/["\\$\x00-\x1f]/.test(s)) throw new Error(`${what} ${JSON.stringify(s)} has a character nginx.conf cannot take`);
	return `"${s}"`;
}

function nginxConf(dir, port) {
	const d = name => nginxString(path.join(dir, name), 'the temporary folder');
	return `# Written by tests/browser/test.mjs for one run and removed after it.
daemon off;
master_process on;
worker_processes 1;
${process.getuid && process.getuid() === 0 ? '# Run as root: workers as root too, so they can read a site in a private temporary folder.\nuser root;\n' : ''}pid ${d('nginx.pid')};
error_log ${d('error.log')} warn;

events {
	worker_connections 256;
}

http {
	include ${nginxString(MIME_TYPES, 'NGINX_MIME_TYPES')};
	default_type application/octet-stream;
	access_log ${d('access.log')};
	client_body_temp_path ${d('client_body')};
	proxy_temp_path ${d('proxy')};
	fastcgi_temp_path ${d('fastcgi')};
	uwsgi_temp_path ${d('uwsgi')};
	scgi_temp_path ${d('scgi')};

	server {
		listen 127.0.0.1:${port};
		server_name localhost;
		root ${nginxString(site, 'the site folder')};
		index index.html;
		error_page 404 /404.html;
		# Every load comes from the server, never from Chromium's cache.
		add_header Cache-Control "no-store" always;

		location / {
			try_files $uri $uri/ =404;
		}
	}
}
`;
}

function answers(origin) {
	return new Promise(resolve => {
		const req = http.get(origin + '/', res => {
			res.resume();
			resolve(true);
		});
		req.setTimeout(1000, () => req.destroy());
		req.on('error', () => resolve(false));
	});
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

let nginx = null; // { child, dir, exited }

function stopNginxNow() {
	// Synchronous, for 'exit' and signal handlers: SIGTERM makes the master
	// stop its workers and remove its pid file.
	if (nginx && !nginx.exited) {
		try { nginx.child.kill('SIGTERM'); } catch { /* gone */ }
	}
}

async function stopNginx() {
	if (!nginx) return;
	const n = nginx;
	if (!n.exited) {
		const gone = new Promise(r => n.child.once('exit', r));
		n.child.kill('SIGTERM');
		if (await Promise.race([gone.then(() => true), sleep(5000).then(() => false)]) === false) {
			n.child.kill('SIGKILL');
			await gone;
		}
	}
	await fsp.rm(n.dir, { recursive: true, force: true });
	nginx = null;
}

process.on('exit', stopNginxNow);
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
	process.on(sig, () => {
		console.error(`test.mjs: ${sig}, stopping nginx`);
		stopNginxNow();
		process.exit(code);
	});
}

async function startNginx() {
	const bin = findNginx();
	if (!bin) throw new Error('nginx is missing (Debian: apt-get install nginx)');
	if (!fs.existsSync(MIME_TYPES)) throw new Error(`${MIME_TYPES} is missing (Debian: apt-get install nginx)`);
	let lastError = '';
	for (let tries = 0; tries < 5; tries++) {
		const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'trappa-nginx.'));
		const port = await freePort();
		const origin = `http://127.0.0.1:${port}`;
		const conf = path.join(dir, 'nginx.conf');
		await fsp.writeFile(conf, nginxConf(dir, port));
		const child = spawn(bin, ['-c', conf, '-p', dir + '/', '-e', path.join(dir, 'error.log')],
			{ stdio: ['ignore', 'pipe', 'pipe'] });
		const n = { child, dir, exited: false, output: '' };
		nginx = n;
		child.stdout.on('data', b => { n.output += b; });
		child.stderr.on('data', b => { n.output += b; });
		child.on('exit', (code, signal) => {
			n.exited = true;
			n.output += `\n${bin} exited with ${signal || code}`;
		});
		child.on('error', e => { n.exited = true; n.output += String(e.message); });
		const deadline = Date.now() + 10_000;
		let up = false;
		while (!n.exited && Date.now() < deadline) {
			if (await answers(origin)) { up = true; break; }
			await sleep(50);
		}
		if (up && !n.exited) return { origin, bin, dir };
		let log = '';
		try { log = await fsp.readFile(path.join(dir, 'error.log'), 'utf8'); } catch { /* none */ }
		lastError = (n.output + log).trim() || (n.exited ? 'nginx exited' : 'nginx did not answer within 10 s');
		await stopNginx();
		if (!/Address already in use/.test(lastError)) break;
	}
	throw new Error(`nginx did not start:\n${lastError}`);
}

const server = await startNginx().catch(err => {
	console.error(`test.mjs: ${err.message}`);
	console.log('test.mjs: 0 passed, 1 failed');
	process.exit(1);
});
const origin = server.origin;

// ------------------------------------------------------------- the tally

const results = []; // { page, check, ok, details: [], ms }
const notes = []; // printed after the list of pages

// Keeps the browser on this machine: anything not from our server is
// refused and reported against the page that asked for it.
async function confine(context, offsite) {
	await context.route(url => !url.href.startsWith(origin + '/'), route => {
		offsite.push(route.request().url());
		return route.abort('blockedbyclient');
	});
}

// Collects a page's failed subresource loads into an array it returns.
function watchLoads(page) {
	const bad = [];
	page.on('response', r => {
		if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) return;
		if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
	});
	page.on('requestfailed', r => {
		if ((r.failure()?.errorText || '').startsWith('net::ERR_BLOCKED_BY_CLIENT')) return;
		bad.push(`failed ${r.url()} (${r.failure()?.errorText || 'unknown'})`);
	});
	return bad;
}

// A worker's page: page.trouble holds what went wrong loading the page
// under test (failed subresources, requests off the site); each check
// empties it before it loads its page.
async function instrument(page) {
	page.trouble = [];
	await page.route(url => !url.href.startsWith(origin + '/'), route => {
		page.trouble.push(`page requested something off the site: ${route.request().url()}`);
		return route.abort('blockedbyclient');
	});
	page.on('response', r => {
		if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) return;
		if (r.status() >= 400) page.trouble.push(`subresource did not load: ${r.status()} ${r.url()}`);
	});
	page.on('requestfailed', r => {
		if ((r.failure()?.errorText || '').startsWith('net::ERR_BLOCKED_BY_CLIENT')) return; // reported by the route
		page.trouble.push(`subresource did not load: ${r.url()} (${r.failure()?.errorText || 'unknown'})`);
	});
	page.setDefaultTimeout(NAV_TIMEOUT);
	return page;
}

const linkCache = new Map(); // target path -> resolves?
function linkResolves(href) {
	const u = new URL(href, origin);
	const key = u.pathname;
	if (!linkCache.has(key)) linkCache.set(key, fileFor(key) !== null);
	return linkCache.get(key);
}

// ------------------------------------------------------------ the checks

async function checkNoJs(page, rel, url) {
	const problems = [];
	page.trouble = [];
	const resp = await page.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
	const status = resp ? resp.status() : 0;
	if (rel !== '404.html' && status !== 200) problems.push(`HTTP status ${status}, expected 200`);

	const facts = await page.evaluate(() => {
		const text = el => (el.textContent || '').replace(/\s+/g, ' ').trim();
		const h1s = [...document.querySelectorAll('h1')];
		return {
			lang: document.documentElement.getAttribute('lang'),
			title: document.title.trim(),
			titleCount: document.querySelectorAll('head > title').length,
			h1s: h1s.map(text),
			mains: document.querySelectorAll('main').length,
			links: [...document.querySelectorAll('a[href^="/"]')].map(a => a.getAttribute('href')),
			fragments: [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href')),
			ids: [...document.querySelectorAll('[id]')].map(e => e.id),
			names: [...document.querySelectorAll('a[name]')].map(e => e.getAttribute('name')),
			bodyText: text(document.body).length,
		};
	});
	if (!facts.lang || !facts.lang.trim()) problems.push('<html> has no lang attribute');
	if (facts.titleCount !== 1 || !facts.title) problems.push(`expected one non-empty <title>, found ${facts.titleCount}${facts.titleCount ? ' (empty)' : ''}`);
	if (facts.h1s.length !== 1) problems.push(`expected exactly one <h1>, found ${facts.h1s.length}${facts.h1s.length ? ': ' + facts.h1s.map(t => JSON.stringify(t)).join(', ') : ''}`);
	else if (!facts.h1s[0]) problems.push('the <h1> has no text');
	if (facts.mains !== 1) problems.push(`expected exactly one <main>, found ${facts.mains}`);
	if (facts.bodyText === 0) problems.push('the page shows no text without JavaScript');

	const seen = new Set();
	for (const href of facts.links) {
		if (href.startsWith('//')) continue; // another host, not ours
		if (seen.has(href)) continue;
		seen.add(href);
		if (!linkResolves(href)) problems.push(`internal link ${href} does not resolve to a file in the site`);
	}
	const ids = new Set([...facts.ids, ...facts.names]);
	for (const href of new Set(facts.fragments)) {
		if (href === '#' || href === '#top') continue;
		let id = href.slice(1);
		try { id = decodeURIComponent(id); } catch { /* keep as is */ }
		if (!ids.has(id)) problems.push(`same-page link ${href} has no element with that id`);
	}
	problems.push(...page.trouble);
	return problems;
}

function describeAxe(v) {
	const tags = v.tags.filter(t => /^(wcag\d{3,}|EN-9\.)/.test(t)).join(' ');
	const lines = [`axe ${v.id} (${v.impact}${tags ? ', ' + tags : ''}): ${v.help}`, `    ${v.helpUrl}`];
	for (const n of v.nodes.slice(0, 10)) {
		lines.push(`    at ${n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', ')}`);
		lines.push(`       ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
		if (n.failureSummary) {
			for (const s of n.failureSummary.split('\n')) if (s.trim()) lines.push(`       ${s.trim()}`);
		}
	}
	if (v.nodes.length > 10) lines.push(`    ... and ${v.nodes.length - 10} more elements`);
	return lines.join('\n');
}

async function withTimeout(promise, ms, what) {
	let timer;
	try {
		return await Promise.race([
			promise,
			new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); }),
		]);
	} finally {
		clearTimeout(timer);
	}
}

// With loaded, axe reads the page as the check before left it (reflow320
// only reads it), and what went wrong loading it is that check's to report.
async function checkAxe(page, rel, url, loaded = false) {
	const problems = [];
	page.trouble = [];
	if (!loaded || page.url() !== origin + url) {
		const resp = await page.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
		if (rel !== '404.html' && (!resp || resp.status() !== 200)) problems.push(`HTTP status ${resp ? resp.status() : 0}`);
	}
	// Legacy mode runs axe.run() in the page itself rather than
	// axe.runPartial() there and axe.finishRun() in an extra blank page:
	// twice as fast, the same results; it only skips cross-origin frames,
	// and the site has no frames. Only violations are sent back in full.
	const axe = new AxeBuilder({ page })
		.options({ resultTypes: ['violations'] })
		.withTags(AXE_TAGS)
		.setLegacyMode(true);
	const res = await withTimeout(axe.analyze(), AXE_TIMEOUT, 'axe');
	for (const v of res.violations) problems.push(describeAxe(v));
	problems.push(...page.trouble);
	return problems;
}

// HTML_CodeSniffer's WCAG2AA standard on the page as it is loaded: every
// message of type ERROR (1) is a failure, as pa11y reports them.
async function checkHtmlcs(page, rel, url) {
	if (page.url() !== origin + url) await page.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
	await page.addScriptTag({ content: HTMLCS_JS });
	const errors = await withTimeout(page.evaluate(() => new Promise((resolve, reject) => {
		window.HTMLCS.process('WCAG2AA', document, () => {
			const describe = el => {
				if (!el || !el.tagName) return String(el && el.nodeName || 'document');
				return el.outerHTML.replace(/\s+/g, ' ').slice(0, 160);
			};
			resolve(window.HTMLCS.getMessages().filter(m => m.type === 1)
				.map(m => `htmlcs ${m.code}: ${m.msg}\n    at ${describe(m.element)}`));
		}, err => reject(new Error(String(err))), 'en');
	})), AXE_TIMEOUT, 'HTML_CodeSniffer');
	return errors;
}

// Loads the page in a NARROW px wide viewport, for axe320 to read after.
async function checkReflow(page, rel, url) {
	page.trouble = [];
	const resp = await page.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
	const m = await page.evaluate(() => {
		const de = document.documentElement;
		const vw = de.clientWidth;
		const wide = [];
		for (const el of document.body.querySelectorAll('*')) {
			const r = el.getBoundingClientRect();
			if (r.width === 0 && r.height === 0) continue;
			if (r.right > vw + 0.5) {
				// Report the outermost overflowing elements only.
				let p = el.parentElement, inner = false;
				while (p && p !== document.body) {
					const pr = p.getBoundingClientRect();
					if (pr.right > vw + 0.5) { inner = true; break; }
					p = p.parentElement;
				}
				if (!inner) {
					const tag = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
						(el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
					wide.push(`${tag} spans ${Math.round(r.left)}..${Math.round(r.right)} px: ${(el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60)}`);
				}
			}
		}
		return { scrollWidth: de.scrollWidth, clientWidth: vw, innerWidth: window.innerWidth, wide: wide.slice(0, 8) };
	});
	const problems = [];
	if (rel !== '404.html' && (!resp || resp.status() !== 200)) problems.push(`HTTP status ${resp ? resp.status() : 0}`);
	if (m.innerWidth !== NARROW) problems.push(`the viewport is ${m.innerWidth} px wide, not ${NARROW}`);
	if (m.scrollWidth > NARROW || m.scrollWidth > m.clientWidth) {
		problems.push(`scrolls sideways at ${NARROW} px: scrollWidth ${m.scrollWidth} > ${Math.min(NARROW, m.clientWidth)}`);
		for (const w of m.wide) problems.push(`  too wide: ${w}`);
	}
	problems.push(...page.trouble);
	return problems;
}

function record(page, check, problems, ms) {
	results.push({ page, check, ok: problems.length === 0, details: problems, ms });
}

async function attempt(page, check, fn) {
	const t0 = Date.now();
	try {
		const problems = await fn();
		record(page, check, problems, Date.now() - t0);
	} catch (err) {
		record(page, check, [`error: ${String(err && err.message || err).split('\n')[0]}`], Date.now() - t0);
	}
}

// --------------------------------------------------------------- one-offs

// A context that may load nothing but our server; its offsite requests
// are reported by the check through the returned array.
async function confinedContext(browser, options) {
	const context = await browser.newContext(options);
	const offsite = [];
	await confine(context, offsite);
	return { context, offsite };
}

async function checkSkipLink(browser) {
	const problems = [];
	const { context, offsite } = await confinedContext(browser, { viewport: { width: WIDE, height: 720 } });
	try {
		const page = await context.newPage();
		await page.goto(origin + '/', { waitUntil: 'load', timeout: NAV_TIMEOUT });
		const link = page.locator('a.skip-link');
		if (await link.count() === 0) return ['the start page has no a.skip-link'];
		await page.keyboard.press('Tab');
		const f = await page.evaluate(() => {
			const el = document.activeElement;
			const cs = getComputedStyle(el);
			const r = el.getBoundingClientRect();
			return {
				isSkip: el.matches('a.skip-link'),
				what: el.outerHTML.slice(0, 120),
				href: el.getAttribute('href'),
				box: { x: r.x, y: r.y, w: r.width, h: r.height },
				vw: window.innerWidth, vh: window.innerHeight,
				outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
				outlineColor: cs.outlineColor, boxShadow: cs.boxShadow,
				visibility: cs.visibility, opacity: cs.opacity,
			};
		});
		if (!f.isSkip) {
			problems.push(`the first Tab focuses ${f.what}, not a.skip-link`);
			return problems;
		}
		const b = f.box;
		if (b.w < 1 || b.h < 1) problems.push(`the focused skip link has no size (${b.w}x${b.h})`);
		if (b.x < 0 || b.y < 0 || b.x + b.w > f.vw || b.y + b.h > f.vh) {
			problems.push(`the focused skip link is not inside the viewport: box ${JSON.stringify(b)} in ${f.vw}x${f.vh}`);
		}
		if (f.visibility !== 'visible' || Number(f.opacity) === 0) problems.push(`the focused skip link is invisible (visibility ${f.visibility}, opacity ${f.opacity})`);
		const outline = f.outlineStyle !== 'none' && f.outlineWidth > 0 && !/rgba\(.*,\s*0\)$/.test(f.outlineColor);
		const shadow = f.boxShadow && f.boxShadow !== 'none';
		if (!outline && !shadow) problems.push(`the focused skip link has no visible focus indicator (outline ${f.outlineStyle} ${f.outlineWidth}px, box-shadow ${f.boxShadow})`);
		// Following it moves focus into the main content.
		await page.keyboard.press('Enter');
		const target = (f.href || '').startsWith('#') ? f.href.slice(1) : null;
		const after = await page.evaluate(() => ({ id: document.activeElement && document.activeElement.id, hash: location.hash }));
		if (target && after.hash !== '#' + target) problems.push(`Enter on the skip link did not go to #${target} (at ${after.hash || 'no fragment'})`);
		if (target && after.id !== target) problems.push(`after the skip link, focus is on #${after.id || '(none)'}, not #${target}`);
	} finally {
		await context.close();
	}
	for (const o of offsite) problems.push(`page requested something off the site: ${o}`);
	return problems;
}

// In the page, before the first Tab: the links and summaries that are
// rendered (a box of non-zero size, not display:none, not
// visibility:hidden), and how every focusable element looks unfocused.
function keyboardSetup() {
	const FOCUSABLE = 'a[href], area[href], summary, button, input, select, textarea, iframe, [tabindex], [contenteditable]';
	const rendered = el => {
		if (!el.checkVisibility({ visibilityProperty: true })) return false;
		const r = el.getBoundingClientRect();
		return r.width > 0 && r.height > 0;
	};
	const look = el => {
		const cs = getComputedStyle(el);
		return {
			outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
			boxShadow: cs.boxShadow,
		};
	};
	const describe = el => {
		const tag = el.tagName.toLowerCase();
		const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
		const href = el.getAttribute('href');
		const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 50);
		return `<${tag}${el.id ? '#' + el.id : ''}${cls}${href !== null ? ` href="${href}"` : ''}> "${text}"`;
	};
	const before = new Map();
	for (const el of document.querySelectorAll(FOCUSABLE)) before.set(el, look(el));
	const all = [...document.querySelectorAll('a[href], summary')];
	window.__kbd = {
		rendered, look, describe, before, seen: [],
		targets: all.filter(rendered),
		hidden: all.length - all.filter(rendered).length,
	};
	return { targets: window.__kbd.targets.length, hidden: window.__kbd.hidden };
}

// In the page, after a Tab: what has focus now, and how it looks.
function keyboardStep() {
	const k = window.__kbd;
	const el = document.activeElement;
	if (!el || el === document.body || el === document.documentElement) return { body: true };
	const idx = k.seen.indexOf(el);
	if (idx >= 0) return { repeat: idx, what: k.describe(el) };
	k.seen.push(el);
	const cs = getComputedStyle(el);
	const r = el.getBoundingClientRect();
	const ow = parseFloat(cs.outlineWidth) || 0;
	const transparent = c => /^rgba\(.*,\s*0\)$/.test(c) || c === 'transparent';
	const outline = cs.outlineStyle !== 'none' && ow > 0 && !transparent(cs.outlineColor);
	const shadow = cs.boxShadow && cs.boxShadow !== 'none';
	const now = k.look(el);
	const was = k.before.get(el);
	const problems = [];
	if (!outline && !shadow) {
		problems.push(`no visible focus indicator (outline ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}, box-shadow ${cs.boxShadow})`);
	} else if (was && was.outline === now.outline && was.boxShadow === now.boxShadow) {
		problems.push(`the focus indicator is not a change: outline ${now.outline} and box-shadow ${now.boxShadow} are the same unfocused`);
	}
	if (r.width < 1 || r.height < 1) problems.push(`has no size when focused (${r.width}x${r.height})`);
	else if (r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) {
		problems.push(`is outside the viewport when focused (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)} in ${innerWidth}x${innerHeight})`);
	}
	if (cs.visibility !== 'visible' || Number(cs.opacity) === 0) problems.push(`is invisible when focused (visibility ${cs.visibility}, opacity ${cs.opacity})`);
	return { what: k.describe(el), problems };
}

function keyboardMissed() {
	const k = window.__kbd;
	return k.targets.filter(t => !k.seen.includes(t)).map(k.describe);
}

async function checkKeyboard(browser, url, width) {
	const problems = [];
	const { context, offsite } = await confinedContext(browser, { viewport: { width, height: 720 } });
	let log = '';
	try {
		const page = await context.newPage();
		const resp = await page.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
		if (!resp || resp.status() !== 200) problems.push(`HTTP status ${resp ? resp.status() : 0}`);
		const setup = await page.evaluate(keyboardSetup);
		const order = [];
		let cycled = false, outside = 0;
		for (let i = 0; i < MAX_TABS && !cycled; i++) {
			await page.keyboard.press('Tab');
			const s = await page.evaluate(keyboardStep);
			if (s.body) {
				// Focus left the page after its last element; the next Tab
				// starts over. Twice in a row: nothing on the page takes focus.
				if (++outside > 1) break;
				continue;
			}
			outside = 0;
			if (s.repeat !== undefined) {
				cycled = true;
				if (s.repeat !== 0) problems.push(`focus came back to element ${s.repeat + 1}, ${s.what}, not to the first: a keyboard trap?`);
				break;
			}
			order.push(s.what);
			for (const p of s.problems) problems.push(`Tab ${order.length}: ${s.what} ${p}`);
		}
		if (!cycled) problems.push(order.length ? `focus did not come back to the first element within ${MAX_TABS} presses of Tab` : 'Tab focuses nothing on the page');
		for (const m of await page.evaluate(keyboardMissed)) problems.push(`never focused by Tab: ${m}`);
		log = `${order.length} elements in the Tab order, ${setup.targets} visible links and summaries${setup.hidden ? ` (${setup.hidden} not rendered, not expected)` : ''}`;
	} finally {
		await context.close();
	}
	for (const o of offsite) problems.push(`page requested something off the site: ${o}`);
	if (problems.length) problems.push(log);
	else notes.push(`keyboard ${url} at ${width} px: ${log}, all reached, each with a focus indicator`);
	return problems;
}

// A file's path from the current folder when that is shorter.
function shortPath(file) {
	const rel = path.relative(process.cwd(), file);
	return rel && !rel.startsWith('..') ? rel : file;
}

// The width and height of a PNG, from its IHDR chunk.
function pngSize(buf) {
	if (buf.length < 24 || buf.toString('latin1', 1, 4) !== 'PNG') return null;
	return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

async function checkScreenshots(browser, url, name) {
	const problems = [];
	await fsp.mkdir(OUT_DIR, { recursive: true });
	for (const width of SHOT_WIDTHS) {
		const { context, offsite } = await confinedContext(browser, { viewport: { width, height: 800 } });
		try {
			const page = await context.newPage();
			const bad = watchLoads(page);
			const resp = await page.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
			if (url !== '/404.html' && (!resp || resp.status() !== 200)) problems.push(`${width} px: HTTP status ${resp ? resp.status() : 0}`);
			await page.evaluate(() => document.fonts.ready.then(() => undefined));
			const file = path.join(OUT_DIR, `${name}-${width}.png`);
			const png = await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
			const size = pngSize(png);
			if (!size) problems.push(`${width} px: ${file} is not a PNG`);
			else if (size.width !== width) problems.push(`${width} px: the full-page screenshot is ${size.width} px wide: the page scrolls sideways`);
			else notes.push(`screenshot ${shortPath(file)}: ${url} at ${size.width}x${size.height} px`);
			for (const b of bad) problems.push(`${width} px: subresource did not load: ${b}`);
		} finally {
			await context.close();
		}
		for (const o of offsite) problems.push(`${width} px: page requested something off the site: ${o}`);
	}
	return problems;
}

// A resident on a 390 x 844 phone: every dialogue page's summary (status,
// step, and the action or the state of feedback, with the promised date when
// late) lies inside the first screen, and on the start page the strip of
// dialogues waiting for feedback starts within two screens. Each kind of
// summary must occur at least once, so the check cannot pass on a site
// that lacks one. A screenshot of the first screen of each kind goes to
// tests/browser/out/first-<kind>-390.png. Late feedback without
// feedback_delay is an error since issue 16 and never published, so
// late-with-delay is the only late kind a site can have.
const PHONE = { width: 390, height: 844 };
const SUMMARY_KINDS = ['planned', 'take-part', 'information', 'outcome', 'late-with-delay', 'paused', 'cancelled'];

async function checkFirstScreen(browser, dialogueUrls) {
	const problems = [];
	const seen = new Set();
	await fsp.mkdir(OUT_DIR, { recursive: true });
	const { context, offsite } = await confinedContext(browser, { viewport: PHONE, javaScriptEnabled: false });
	try {
		const page = await context.newPage();
		for (const url of dialogueUrls) {
			await page.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
			const m = await page.evaluate(() => {
				const s = document.querySelector('section.summary');
				if (!s) return null;
				const bottom = sel => { const e = s.querySelector(sel); return e ? e.getBoundingClientRect().bottom : null; };
				const status = (s.className.match(/summary-(\S+)/) || [])[1];
				const warning = s.querySelector('.summary-warning');
				let kind = { planerad: 'planned', pausad: 'paused', installd: 'cancelled' }[status] || null;
				if (status === 'pagaende') kind = s.querySelector('a.button') ? 'take-part' : 'information';
				if (status === 'avslutad') kind = warning ? (/^(Orsak|Reason):/m.test(warning.innerText) ? 'late-with-delay' : 'late-without-delay') : s.querySelector('h3') ? 'outcome' : 'pending';
				return {
					kind,
					summary: s.getBoundingClientRect().bottom,
					status: bottom('.status-tag'),
					step: bottom('.summary-step'),
					action: bottom('a.button'),
					promised: warning ? bottom('.summary-warning time') : null,
					daysLate: warning ? /\d+ (dagar sen|days late)/.test(warning.innerText) : null,
				};
			});
			if (!m) { problems.push(`${url}: no section.summary`); continue; }
			seen.add(m.kind);
			const limit = PHONE.height;
			if (m.status === null) problems.push(`${url}: the summary has no status tag`);
			if (m.step === null) problems.push(`${url}: the summary has no step`);
			if (m.kind === 'take-part' && m.action === null) problems.push(`${url}: no action to take part`);
			if (m.kind && m.kind.startsWith('late-') && (m.promised === null || !m.daysLate)) problems.push(`${url}: late feedback without the promised date or the days late`);
			for (const [what, y] of Object.entries({ summary: m.summary, status: m.status, step: m.step, action: m.action, promised: m.promised })) {
				if (y !== null && y > limit) problems.push(`${url} (${m.kind}): the ${what} ends at ${Math.round(y)} px, below the first screen (${limit} px)`);
			}
			if (SUMMARY_KINDS.includes(m.kind) && !fs.existsSync(path.join(OUT_DIR, `first-${m.kind}-390.png`)))
				await page.screenshot({ path: path.join(OUT_DIR, `first-${m.kind}-390.png`) });
		}
		for (const k of SUMMARY_KINDS) if (!seen.has(k)) problems.push(`no dialogue page with a summary of the kind ${k}`);
		await page.goto(origin + '/', { waitUntil: 'load', timeout: NAV_TIMEOUT });
		const strip = await page.evaluate(() => {
			const e = document.querySelector('.overdue-strip');
			return e ? e.getBoundingClientRect().top + window.scrollY : null;
		});
		if (strip === null) problems.push('the start page has no .overdue-strip');
		else if (strip > 2 * PHONE.height) problems.push(`the start page's overdue strip starts at ${Math.round(strip)} px, more than two screens (${2 * PHONE.height} px) down`);
		else notes.push(`first screen: the start page's overdue strip starts at ${Math.round(strip)} px at 390x844`);
		await page.screenshot({ path: path.join(OUT_DIR, 'first-start-390.png'), fullPage: true });
	} finally {
		await context.close();
	}
	for (const o of offsite) problems.push(`page requested something off the site: ${o}`);
	return problems;
}

// In the page: the focus indicator of the focused element against the
// background behind it. The indicator's colours are the outline's, the
// box-shadow's and, when focus changed it, the background's; one of them
// must reach 3:1 (WCAG 2.2 1.4.11 and 2.4.13's contrast) with the first
// opaque background among the element's ancestors.
function focusContrast(before) {
	const el = document.activeElement;
	const parse = c => {
		const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c || '');
		return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
	};
	const lum = c => {
		const ch = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
		return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
	};
	const ratio = (x, y) => { const a = lum(x), b = lum(y); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
	const hex = c => '#' + [c.r, c.g, c.b].map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
	let bg = null;
	for (let p = el.parentElement; p && !bg; p = p.parentElement) {
		const c = parse(getComputedStyle(p).backgroundColor);
		if (c && c.a === 1) bg = c;
	}
	bg = bg || { r: 255, g: 255, b: 255, a: 1 };
	const cs = getComputedStyle(el);
	const colours = [];
	if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) colours.push(parse(cs.outlineColor));
	for (const m of (cs.boxShadow || '').matchAll(/rgba?\([^)]*\)/g)) colours.push(parse(m[0]));
	if (cs.backgroundColor !== before) colours.push(parse(cs.backgroundColor));
	const seen = colours.filter(c => c && c.a === 1);
	const best = seen.reduce((m, c) => Math.max(m, ratio(c, bg)), 0);
	return {
		visible: el.matches(':focus-visible'),
		what: el.outerHTML.slice(0, 100),
		background: hex(bg),
		colours: seen.map(hex),
		best: Math.round(best * 100) / 100,
	};
}

// The focus indicator on three backgrounds: a link in the header
// (--accent), in the main text on the page background (white: the start
// page's feed links, below the tinted strips) and in the footer (--soft).
async function checkFocusContrast(browser) {
	const problems = [];
	const { context, offsite } = await confinedContext(browser, { viewport: { width: WIDE, height: 720 } });
	try {
		const page = await context.newPage();
		await page.goto(origin + '/', { waitUntil: 'load', timeout: NAV_TIMEOUT });
		// A key press first, so that focus() afterwards counts as keyboard focus.
		await page.keyboard.press('Tab');
		const backgrounds = new Set();
		for (const sel of ['.site-header a', 'main .feed-links a', '.site-footer a']) {
			const el = page.locator(sel).first();
			if (await el.count() === 0) { problems.push(`the start page has no ${sel}`); continue; }
			const before = await el.evaluate(e => getComputedStyle(e).backgroundColor);
			await el.focus();
			const f = await page.evaluate(focusContrast, before);
			backgrounds.add(f.background);
			if (!f.visible) problems.push(`${sel}: focused, but not :focus-visible: ${f.what}`);
			if (f.best < 3) problems.push(`${sel}: focus indicator ${f.colours.join(' ') || '(none)'} is ${f.best}:1 on ${f.background}, under 3:1`);
			else notes.push(`focus contrast ${sel}: ${f.best}:1 (${f.colours.join(' ')} on ${f.background})`);
		}
		if (backgrounds.size !== 3) problems.push(`expected three different backgrounds, found ${[...backgrounds].join(' ')}`);
	} finally {
		await context.close();
	}
	for (const o of offsite) problems.push(`page requested something off the site: ${o}`);
	return problems;
}

async function checkReducedMotion(browser) {
	const problems = [];
	const { context, offsite } = await confinedContext(browser, { reducedMotion: 'reduce' });
	try {
		const page = await context.newPage();
		const errors = [];
		page.on('pageerror', e => errors.push(e.message));
		const bad = watchLoads(page);
		const resp = await page.goto(origin + '/', { waitUntil: 'load', timeout: NAV_TIMEOUT });
		if (!resp || resp.status() !== 200) problems.push(`HTTP status ${resp ? resp.status() : 0}`);
		const m = await page.evaluate(() => ({
			reduce: matchMedia('(prefers-reduced-motion: reduce)').matches,
			h1: (() => { const h = document.querySelector('h1'); if (!h) return null; const r = h.getBoundingClientRect(); const cs = getComputedStyle(h); return { w: r.width, h: r.height, vis: cs.visibility, op: cs.opacity }; })(),
		}));
		if (!m.reduce) problems.push('prefers-reduced-motion: reduce was not in effect');
		if (!m.h1 || m.h1.w < 1 || m.h1.h < 1 || m.h1.vis !== 'visible' || Number(m.h1.op) === 0) problems.push(`the <h1> is not visible with reduced motion: ${JSON.stringify(m.h1)}`);
		for (const e of errors) problems.push(`script error: ${e}`);
		for (const b of bad) problems.push(`subresource did not load: ${b}`);
	} finally {
		await context.close();
	}
	for (const o of offsite) problems.push(`page requested something off the site: ${o}`);
	return problems;
}

async function checkNotFound(browser) {
	const problems = [];
	const notFound = path.join(site, '404.html');
	if (!fs.existsSync(notFound)) return ['the site has no 404.html'];
	const { context, offsite } = await confinedContext(browser, { javaScriptEnabled: false });
	try {
		const page = await context.newPage();
		const bad = watchLoads(page);
		const url = '/dialoger/finns-inte/alls/';
		const resp = await page.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
		if (!resp || resp.status() !== 404) problems.push(`HTTP status ${resp ? resp.status() : 0} for a missing URL, expected 404`);
		if (resp && (await resp.body()).compare(await fsp.readFile(notFound)) !== 0) problems.push(`the body sent for ${url} is not 404.html`);
		const h1 = await page.locator('h1').count();
		if (h1 !== 1) problems.push(`the 404 page at ${url} has ${h1} <h1>`);
		const styled = await page.evaluate(() => [...document.styleSheets].length);
		if (styled === 0) problems.push(`the 404 page at ${url} has no stylesheet`);
		for (const b of bad) problems.push(`subresource did not load at ${url}: ${b} (use root-relative URLs in 404.html)`);
	} finally {
		await context.close();
	}
	for (const o of offsite) problems.push(`page requested something off the site: ${o}`);
	return problems;
}

// /sok/: with JavaScript, typing a word that only one dialogue's body has
// (part of a compound: "regionbuss" of "regionbussar") leaves only that
// dialogue in the list, the address keeps the query, a reload shows the
// same, the count is announced in the live region, and a facet filters;
// without JavaScript the page lists every dialogue and links the facets.
const SEARCH_WORD = process.env.BROWSER_SEARCH_WORD || 'regionbuss';
const SEARCH_SLUG = process.env.BROWSER_SEARCH_SLUG || 'nytt-resecentrum';

async function checkSearch(browser) {
	const problems = [];
	const index = JSON.parse(await fsp.readFile(path.join(site, 'sok', 'index.json'), 'utf8'));
	const total = index.dialogues.length;
	const visible = page => page.evaluate(() =>
		[...document.querySelectorAll('#sok-lista li[data-slug]')].filter(li => !li.hidden && li.getClientRects().length).map(li => li.dataset.slug));
	{
		const { context, offsite } = await confinedContext(browser, { viewport: { width: WIDE, height: 720 } });
		try {
			const page = await context.newPage();
			const errors = [];
			page.on('pageerror', e => errors.push(e.message));
			await page.goto(origin + '/sok/', { waitUntil: 'load', timeout: NAV_TIMEOUT });
			await page.waitForSelector('.search-facets:not([hidden])', { timeout: NAV_TIMEOUT });
			if ((await visible(page)).length !== total) problems.push(`with JavaScript and no query, ${(await visible(page)).length} of ${total} dialogues are shown`);
			await page.fill('#sok-ord', SEARCH_WORD);
			const want = JSON.stringify([SEARCH_SLUG]);
			const shown = async () => JSON.stringify(await visible(page));
			await page.waitForFunction(w => JSON.stringify([...document.querySelectorAll('#sok-lista li[data-slug]')].filter(li => !li.hidden).map(li => li.dataset.slug)) === w, want, { timeout: 5000 })
				.catch(async () => problems.push(`after typing "${SEARCH_WORD}" the list shows ${await shown()}, expected ${want}`));
			await page.waitForFunction(() => /^1 \S/.test(document.getElementById('sok-antal').textContent), null, { timeout: 5000 })
				.catch(async () => problems.push(`the live region says "${await page.textContent('#sok-antal')}", expected "1 träff"`));
			const live = await page.evaluate(() => { const s = document.getElementById('sok-antal'); return s.getAttribute('role') === 'status' && s.getAttribute('aria-live') === 'polite'; });
			if (!live) problems.push('#sok-antal is not a polite live region (role="status", aria-live="polite")');
			const q = new URL(page.url()).searchParams.get('q');
			if (q !== SEARCH_WORD) problems.push(`the address has q=${q}, expected ${SEARCH_WORD}`);
			await page.reload({ waitUntil: 'load', timeout: NAV_TIMEOUT });
			await page.waitForSelector('.search-facets:not([hidden])', { timeout: NAV_TIMEOUT });
			await page.waitForFunction(w => JSON.stringify([...document.querySelectorAll('#sok-lista li[data-slug]')].filter(li => !li.hidden).map(li => li.dataset.slug)) === w, want, { timeout: 5000 })
				.catch(async () => problems.push(`after a reload the list shows ${await shown()}, expected ${want}`));
			if (await page.inputValue('#sok-ord') !== SEARCH_WORD) problems.push(`after a reload the search field holds "${await page.inputValue('#sok-ord')}"`);
			// A facet: the status of the dialogue found, with no word.
			const statusFacet = index.facets.findIndex(f => f.key === 'status');
			const found = index.dialogues[[...index.dialogues.keys()].find(i => index.dialogues[i][0].includes(SEARCH_WORD))];
			const status = found ? index.facets[statusFacet].values[found[1 + statusFacet]][0] : null;
			const withStatus = index.dialogues.filter(d => d[1 + statusFacet] === found?.[1 + statusFacet]).length;
			await page.fill('#sok-ord', '');
			await page.selectOption('#sok-status', status);
			await page.waitForFunction(n => [...document.querySelectorAll('#sok-lista li[data-slug]')].filter(li => !li.hidden).length === n, withStatus, { timeout: 5000 })
				.catch(async () => problems.push(`status ${status}: ${(await visible(page)).length} dialogues shown, expected ${withStatus}`));
			if (new URL(page.url()).searchParams.get('status') !== status) problems.push(`the address does not keep status=${status}: ${page.url()}`);
			for (const e of errors) problems.push(`script error: ${e}`);
		} finally {
			await context.close();
		}
		for (const o of offsite) problems.push(`page requested something off the site: ${o}`);
	}
	{
		const { context, offsite } = await confinedContext(browser, { javaScriptEnabled: false, viewport: { width: WIDE, height: 720 } });
		try {
			const page = await context.newPage();
			await page.goto(origin + `/sok/?q=${encodeURIComponent(SEARCH_WORD)}`, { waitUntil: 'load', timeout: NAV_TIMEOUT });
			const n = (await visible(page)).length;
			if (n !== total) problems.push(`without JavaScript /sok/ shows ${n} of ${total} dialogues`);
			for (const href of ['/status/pagaende/', '/niva/dialog/', '/omrade/', '/tema/', '/namnd/', '/malgrupp/', '/ar/']) {
				if (await page.locator(`.filters a[href="${href}"]`).count() !== 1) problems.push(`without JavaScript /sok/ has no filter link to ${href}`);
			}
			if (await page.locator('form.search-form input[name="q"]').count() !== 1) problems.push('/sok/ has no search form with a q field');
			const list = await context.newPage();
			await list.goto(origin + '/dialoger/', { waitUntil: 'load', timeout: NAV_TIMEOUT });
			for (const href of ['/status/pagaende/', '/omrade/', '/sok/']) {
				if (await list.locator(`.filters a[href="${href}"]`).count() !== 1) problems.push(`/dialoger/ has no filter link to ${href}`);
			}
		} finally {
			await context.close();
		}
		for (const o of offsite) problems.push(`page requested something off the site: ${o}`);
	}
	return problems;
}

// ------------------------------------------------------------------- run

const started = Date.now();
const files = (await htmlFiles(site)).sort();
const urls = new Set(files.map(urlPathOf));
// The dialogue page for the keyboard test and the screenshots.
const dialogue = urls.has(DIALOGUE) ? DIALOGUE
	: [...urls].sort().find(u => /^\/dialoger\/[^/]+\/$/.test(u) && u !== '/dialoger/sida/') || null;
const dialogueName = dialogue ? 'dialogue-' + dialogue.split('/').filter(Boolean).pop() : null;

// One page of every kind the site has, named for the screenshots: the
// first URL (in sorted order) that fits each pattern.
function pageKinds() {
	const kinds = [
		['start', /^\/$/], ['dialogue', null], ['dialogue-en', /^\/en\/dialoger\/[^/]+\/$/],
		['dialogue-long', /^\/dialoger\/langa-rader\/$/],
		['list', /^\/dialoger\/$/], ['list-page-2', /^\/dialoger\/sida\/2\/$/],
		['status', /^\/status\/[^/]+\/$/], ['level', /^\/niva\/[^/]+\/$/],
		['facets', /^\/namnd\/$/], ['committee', /^\/namnd\/[^/]+\/$/],
		['area', /^\/omrade\/[^/]+\/$/], ['year', /^\/ar\/[^/]+\/$/],
		['ladder', /^\/delaktighetstrappan\/$/], ['statistics', /^\/statistik\/$/],
		['accessibility', /^\/tillganglighet\/$/], ['open-data', /^\/oppna-data\/$/],
		['planning', /^\/planering\/$/],
		['kind', /^\/typ\/[^/]+\/$/], ['urval', /^\/urval\/$/],
		['page', /^\/(?!dialoger|status|niva|namnd|omrade|tema|malgrupp|metod|ar|typ|urval|en|delaktighetstrappan|statistik|tillganglighet|oppna-data|planering)[^/]+\/$/],
		['not-found', /^\/404\.html$/],
	];
	const sorted = [...urls].sort();
	const out = [];
	for (const [name, re] of kinds) {
		const url = re ? sorted.find(u => re.test(u)) : dialogue;
		if (url) out.push([name, url]);
	}
	return out;
}

let browser;
let exitCode = 0;
try {
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	console.log(`test.mjs: ${files.length} pages from ${site} served by nginx at ${origin}, Chromium ${browser.version()}, axe-core ${axeVersion} through @axe-core/playwright ${axePlaywrightVersion}, ${WORKERS} workers`);

	const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: WIDE, height: 720 } });
	const wide = await browser.newContext({ viewport: { width: WIDE, height: 720 } });
	const narrow = await browser.newContext({ viewport: { width: NARROW, height: 640 } });

	const queue = files.slice();
	async function worker() {
		const p1 = await instrument(await noJs.newPage());
		const p2 = await instrument(await wide.newPage());
		const p3 = await instrument(await narrow.newPage());
		for (let rel; (rel = queue.shift()) !== undefined;) {
			const url = urlPathOf(rel);
			await attempt(url, 'nojs', () => checkNoJs(p1, rel, url));
			await attempt(url, 'axe1280', () => checkAxe(p2, rel, url));
			await attempt(url, 'htmlcs1280', () => checkHtmlcs(p2, rel, url));
			let loaded = false;
			await attempt(url, 'reflow320', async () => {
				const problems = await checkReflow(p3, rel, url);
				loaded = true;
				return problems;
			});
			await attempt(url, 'axe320', () => checkAxe(p3, rel, url, loaded));
			await attempt(url, 'htmlcs320', () => checkHtmlcs(p3, rel, url));
		}
		await p1.close();
		await p2.close();
		await p3.close();
	}
	// The one-offs, each in a context of its own, alongside the pages.
	async function oneOffs() {
		// Screenshots of an earlier run, which may have shot another dialogue.
		for (const f of await fsp.readdir(OUT_DIR).catch(() => [])) {
			if (/^[a-z0-9-]+-\d+\.png$/.test(f)) await fsp.rm(path.join(OUT_DIR, f), { force: true });
		}
		await attempt('/', 'skiplink', () => checkSkipLink(browser));
		for (const [url, name] of [['/', 'start'], [dialogue, dialogueName]]) {
			for (const width of [WIDE, NARROW]) {
				await attempt(url || '(a dialogue page)', `keyboard${width}`, () => {
					if (!url) throw new Error(`the site has neither ${DIALOGUE} nor another dialogue page`);
					return checkKeyboard(browser, url, width);
				});
			}
		}
		for (const [name, url] of pageKinds()) {
			await attempt(url, 'screenshots', () => checkScreenshots(browser, url, name));
		}
		for (const f of await fsp.readdir(OUT_DIR).catch(() => [])) {
			if (/^first-.+-390\.png$/.test(f)) await fsp.rm(path.join(OUT_DIR, f), { force: true });
		}
		const dialogueUrls = [...urls].sort().filter(u => /^\/(en\/)?dialoger\/[^/]+\/$/.test(u) && u !== '/dialoger/sida/');
		await attempt('/ and dialogue pages', 'firstscreen', () => checkFirstScreen(browser, dialogueUrls));
		await attempt('/', 'reducedmotion', () => checkReducedMotion(browser));
		await attempt('/', 'focuscontrast', () => checkFocusContrast(browser));
		await attempt('/404.html', 'notfound', () => checkNotFound(browser));
		await attempt('/sok/', 'search', () => checkSearch(browser));
	}
	await Promise.all([
		...Array.from({ length: Math.min(WORKERS, files.length) }, worker),
		oneOffs(),
	]);
	await noJs.close();
	await wide.close();
	await narrow.close();
} catch (err) {
	console.error(`test.mjs: ${err && err.stack || err}`);
	results.push({ page: '(harness)', check: 'run', ok: false, details: [String(err && err.message || err)] });
} finally {
	if (browser) await browser.close().catch(() => {});
	await stopNginx().catch(err => console.error(`test.mjs: stopping nginx: ${err.message}`));
}

// ----------------------------------------------------------------- report

const order = ['nojs', 'axe1280', 'htmlcs1280', 'reflow320', 'axe320', 'htmlcs320', 'focuscontrast', 'skiplink', 'keyboard1280', 'keyboard320', 'screenshots', 'firstscreen', 'reducedmotion', 'notfound', 'search', 'run'];
const byPage = new Map();
for (const r of results) {
	if (!byPage.has(r.page)) byPage.set(r.page, []);
	byPage.get(r.page).push(r);
}
const pages = [...byPage.keys()].sort();
for (const p of pages) {
	const rs = byPage.get(p).sort((a, b) => order.indexOf(a.check) - order.indexOf(b.check));
	const ok = rs.every(r => r.ok);
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${p}  ${rs.map(r => `${r.check}${r.ok ? '' : ' FAILED'}`).join(', ')}`);
}
for (const n of notes.sort()) console.log(`test.mjs: ${n}`);
const failures = results.filter(r => !r.ok).sort((a, b) =>
	a.page < b.page ? -1 : a.page > b.page ? 1 : order.indexOf(a.check) - order.indexOf(b.check));
if (failures.length) {
	console.log('');
	console.log('Failures:');
	for (const r of failures) {
		console.log(`\n--- ${r.page} [${r.check}]`);
		for (const d of r.details) console.log(`  ${d.replace(/\n/g, '\n  ')}`);
	}
	console.log('');
	exitCode = 1;
}
if (process.env.BROWSER_TIMING) {
	const per = new Map();
	for (const r of results) per.set(r.check, (per.get(r.check) || 0) + (r.ms || 0));
	console.log(`test.mjs: time per kind of check: ${[...per].map(([c, ms]) => `${c} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
	for (const r of results.slice().sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`test.mjs: slow: ${r.page} ${r.check} ${(r.ms / 1000).toFixed(1)} s`);
}
const passed = results.length - failures.length;
console.log(`test.mjs: ${((Date.now() - started) / 1000).toFixed(1)} s, ${new Set(results.map(r => r.check)).size} kinds of check, ${pages.length} pages`);
console.log(`test.mjs: ${passed} passed, ${failures.length} failed`);
process.exitCode = exitCode;
