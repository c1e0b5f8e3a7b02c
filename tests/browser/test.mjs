#!/usr/bin/env node
// Browser and accessibility tests of a built Trappa site.
//
//   node test.mjs SITE_FOLDER
//
// Serves SITE_FOLDER on 127.0.0.1 and, in Debian's headless Chromium driven
// by playwright-core, checks every .html file:
//   nojs    with JavaScript disabled: HTTP 200, all subresources load, one
//           <h1> with text, one <main>, <html lang>, <title>, every internal
//           link (a[href^="/"]) resolves to a file in the site and every
//           same-page link (a[href^="#"]) to an element on the page
//   axe     axe-core, WCAG 2.0/2.1 A and AA rules: no violations
//   reflow  at a 320 px wide viewport the page does not scroll sideways
// and once per run: the skip link shows with a visible focus indicator after
// one Tab on the start page, the start page works with prefers-reduced-motion,
// and a missing nested URL gets the 404 page with status 404.
// Each page x check is one test. The last line is "test.mjs: N passed, M failed";
// the exit code is non-zero when anything failed.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_PATH = require.resolve('axe-core/axe.min.js');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WORKERS = Math.max(1, Number(process.env.BROWSER_WORKERS) || 3);
const NAV_TIMEOUT = 20_000;
const AXE_TIMEOUT = 60_000;
const RUN_TIMEOUT = Number(process.env.BROWSER_RUN_TIMEOUT_MS) || 8 * 60_000;
const NARROW = 320;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

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

// ------------------------------------------------------------- the server

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.pdf': 'application/pdf',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.avif': 'image/avif',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.woff': 'font/woff',
	'.txt': 'text/plain; charset=utf-8',
	'.xml': 'application/xml',
};

function send(res, status, file, head) {
	const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
	fs.readFile(file, (err, body) => {
		if (err) {
			res.writeHead(500, { 'Content-Type': 'text/plain' });
			res.end('500\n');
			return;
		}
		res.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
		res.end(head ? undefined : body);
	});
}

const server = http.createServer((req, res) => {
	const head = req.method === 'HEAD';
	if (req.method !== 'GET' && !head) {
		res.writeHead(405, { Allow: 'GET, HEAD' });
		res.end();
		return;
	}
	const urlPath = new URL(req.url, 'http://127.0.0.1').pathname;
	const file = fileFor(urlPath);
	if (file && !urlPath.endsWith('/') && path.basename(file) === 'index.html' &&
		!urlPath.endsWith('/index.html')) {
		// A folder without its slash: send the browser to the folder URL,
		// as common static hosts do, so relative URLs resolve the same way.
		res.writeHead(301, { Location: urlPath + '/' });
		res.end();
		return;
	}
	if (file) {
		send(res, 200, file, head);
		return;
	}
	const notFound = path.join(site, '404.html');
	if (fs.existsSync(notFound)) {
		send(res, 404, notFound, head);
	} else {
		res.writeHead(404, { 'Content-Type': 'text/plain' });
		res.end('404\n');
	}
});

await new Promise((resolve, reject) => {
	server.once('error', reject);
	server.listen(0, '127.0.0.1', resolve);
});
const origin = `http://127.0.0.1:${server.address().port}`;

// ------------------------------------------------------------- the tally

const results = []; // { page, check, ok, details: [] }
function record(page, check, problems) {
	results.push({ page, check, ok: problems.length === 0, details: problems });
}

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
	const lines = [`axe ${v.id} (${v.impact}): ${v.help}`, `    ${v.helpUrl}`];
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

async function checkAxe(page, rel, url) {
	const problems = [];
	page.trouble = [];
	const resp = await page.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
	if (rel !== '404.html' && (!resp || resp.status() !== 200)) problems.push(`HTTP status ${resp ? resp.status() : 0}`);
	await page.addScriptTag({ path: AXE_PATH });
	const res = await withTimeout(page.evaluate(tags => window.axe.run(document, {
		runOnly: { type: 'tag', values: tags },
		resultTypes: ['violations'],
	}), AXE_TAGS), AXE_TIMEOUT, 'axe.run');
	for (const v of res.violations) problems.push(describeAxe(v));
	problems.push(...page.trouble);
	return problems;
}

async function checkReflow(page) {
	// Runs on the page checkAxe just loaded (axe only reads the page).
	await page.setViewportSize({ width: NARROW, height: 640 });
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
		return { scrollWidth: de.scrollWidth, clientWidth: vw, wide: wide.slice(0, 8) };
	});
	await page.setViewportSize({ width: 1280, height: 720 });
	const problems = [];
	if (m.scrollWidth > NARROW || m.scrollWidth > m.clientWidth) {
		problems.push(`scrolls sideways at ${NARROW} px: scrollWidth ${m.scrollWidth} > ${Math.min(NARROW, m.clientWidth)}`);
		for (const w of m.wide) problems.push(`  too wide: ${w}`);
	}
	return problems;
}

async function attempt(rel, check, fn) {
	try {
		record(urlPathOf(rel), check, await fn());
	} catch (err) {
		record(urlPathOf(rel), check, [`error: ${String(err && err.message || err).split('\n')[0]}`]);
	}
}

// --------------------------------------------------------------- one-offs

async function checkSkipLink(browser) {
	const problems = [];
	const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
	const offsite = [];
	await confine(context, offsite);
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

async function checkReducedMotion(browser) {
	const problems = [];
	const context = await browser.newContext({ reducedMotion: 'reduce' });
	const offsite = [];
	await confine(context, offsite);
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
	if (!fs.existsSync(path.join(site, '404.html'))) return ['the site has no 404.html'];
	const context = await browser.newContext({ javaScriptEnabled: false });
	const offsite = [];
	await confine(context, offsite);
	try {
		const page = await context.newPage();
		const bad = watchLoads(page);
		const url = '/dialoger/finns-inte/alls/';
		const resp = await page.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
		if (!resp || resp.status() !== 404) problems.push(`HTTP status ${resp ? resp.status() : 0} for a missing URL, expected 404`);
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

// ------------------------------------------------------------------- run

const started = Date.now();
const files = (await htmlFiles(site)).sort();
let browser;
let exitCode = 0;
try {
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	console.log(`test.mjs: ${files.length} pages from ${site}, Chromium ${browser.version()}, axe-core ${require('axe-core/package.json').version}, ${WORKERS} workers`);

	const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 720 } });
	const js = await browser.newContext({ viewport: { width: 1280, height: 720 } });

	const queue = files.slice();
	async function worker() {
		const p1 = await instrument(await noJs.newPage());
		const p2 = await instrument(await js.newPage());
		for (let rel; (rel = queue.shift()) !== undefined;) {
			const url = urlPathOf(rel);
			await attempt(rel, 'nojs', () => checkNoJs(p1, rel, url));
			let loaded = false;
			await attempt(rel, 'axe', async () => {
				const probs = await checkAxe(p2, rel, url);
				loaded = true;
				return probs;
			});
			await attempt(rel, 'reflow320', async () => {
				if (!loaded) await p2.goto(origin + url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
				return checkReflow(p2);
			});
		}
		await p1.close();
		await p2.close();
	}
	await Promise.all(Array.from({ length: Math.min(WORKERS, files.length) }, worker));
	await noJs.close();
	await js.close();

	await attempt('index.html', 'skiplink', () => checkSkipLink(browser));
	await attempt('index.html', 'reducedmotion', () => checkReducedMotion(browser));
	await attempt('404.html', 'notfound', () => checkNotFound(browser));
} catch (err) {
	console.error(`test.mjs: ${err && err.stack || err}`);
	results.push({ page: '(harness)', check: 'run', ok: false, details: [String(err && err.message || err)] });
} finally {
	if (browser) await browser.close().catch(() => {});
	server.close();
}

// ----------------------------------------------------------------- report

const order = ['nojs', 'axe', 'reflow320', 'skiplink', 'reducedmotion', 'notfound', 'run'];
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
const failures = results.filter(r => !r.ok);
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
const passed = results.length - failures.length;
console.log(`test.mjs: ${((Date.now() - started) / 1000).toFixed(1)} s, ${Object.keys(Object.fromEntries(results.map(r => [r.check, 1]))).length} kinds of check, ${pages.length} pages`);
console.log(`test.mjs: ${passed} passed, ${failures.length} failed`);
process.exitCode = exitCode;
