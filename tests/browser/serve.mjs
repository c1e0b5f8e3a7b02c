#!/usr/bin/env node
// `trappa serve` in Debian's headless Chromium (playwright-core).
//
//   node serve.mjs TRAPPA WORK_FOLDER
//
// WORK_FOLDER is a git repository with content/ committed (tests/serve.sh
// makes it). Starts `trappa serve --port 0` there and checks, each one test:
//   edit        a saved edit shows in the open page within 2 s, with no reload
//               by the test (the injected script does it), and no CSP report
//   error       a broken save shows the error page with file:line:col, the
//               offending line and the fix
//   fixed       fixing the file brings the page back by itself
//   draft       a draft shows with the banner "Utkast – visas inte på
//               webbplatsen" in the preview, and `trappa build` of the same
//               commit has no page, link or data for it
//   traversal   /../../etc/passwd (sent as it is, also %2e%2e) is 404
//   host        a request naming another host (DNS rebinding) is refused
//   flat        file descriptors and memory stay flat over 200 rebuilds, each
//               followed by requests for a page, a file and a missing address
//   stop        SIGTERM ends it with status 0 and removes its temporary folder
// The last line is "serve: N passed, M failed"; the exit code is non-zero
// when anything failed.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TODAY = '2026-11-22';
const REBUILDS = Number(process.env.SERVE_REBUILDS) || 200;
const EDIT_LIMIT_MS = 2000;
const RSS_SLACK_KB = 1024; // 200 rebuilds leaking 5 KiB each would show

const [trappa, work] = process.argv.slice(2);
if (!trappa || !work) {
	console.error('usage: node serve.mjs TRAPPA WORK_FOLDER');
	process.exit(2);
}
const tmp = path.join(work, 'tmp');
fs.mkdirSync(tmp, { recursive: true });

let passed = 0, failed = 0;
function result(name, ok, detail = '') {
	if (ok) passed++; else failed++;
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? '  ' + detail : ''}`);
}
const sleep = ms => new Promise(r => setTimeout(r, ms));

// Whatever goes wrong, the server is stopped and the tally printed.
let server = null;
function abort(why) {
	if (server && server.exitCode === null) server.kill('SIGTERM');
	console.log(`FAIL ${why}`);
	console.log(`serve: ${passed} passed, ${failed + 1} failed`);
	process.exit(1);
}
const watchdog = setTimeout(() => abort('watchdog: the test took over 3 minutes'), 3 * 60_000);
process.on('uncaughtException', e => abort(`exception: ${e.stack || e}`));
process.on('unhandledRejection', e => abort(`exception: ${e && e.stack || e}`));

// ---- the server ----------------------------------------------------------------

server = spawn(trappa, ['serve', '--port', '0', '--today', TODAY], {
	cwd: work,
	env: { ...process.env, TRAPPA_LANG: 'sv', TMPDIR: tmp },
	stdio: ['ignore', 'pipe', 'pipe'],
});
let stderr = '';
server.stderr.on('data', d => { stderr += d; });
const exited = new Promise(r => server.on('exit', (code, signal) => r({ code, signal })));
const origin = await new Promise((resolve, reject) => {
	let out = '';
	server.stdout.on('data', d => {
		out += d;
		const m = out.match(/(http:\/\/127\.0\.0\.1:\d+)\//);
		if (m) resolve(m[1]);
	});
	exited.then(e => reject(new Error(`trappa serve exited (${e.code}): ${stderr}`)));
});
console.log(`serve: trappa serve at ${origin}, pid ${server.pid}`);

const dialogueFile = path.join(work, 'content/dialoger/ny-simhall.md');
const original = fs.readFileSync(dialogueFile, 'utf8');
const titleOf = text => text.match(/^title: *"?([^"\n]*)"?$/m)[1];

// A raw request: the path exactly as given, no normalisation.
function get(rawPath, headers = {}) {
	const u = new URL(origin);
	return new Promise((resolve, reject) => {
		// agent: false: a connection per request, closed after it. Node's
		// default agent keeps idle sockets alive, and the server's descriptor
		// count ('flat' below) would then depend on how many were pooled.
		const req = http.request({ host: u.hostname, port: u.port, path: rawPath, headers, agent: false }, res => {
			let body = '';
			res.on('data', d => { body += d; });
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end();
	});
}

// ---- the browser ---------------------------------------------------------------

const browser = await chromium.launch({
	executablePath: CHROMIUM,
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
	const page = await browser.newPage();
	const cspReports = [];
	page.on('console', m => { if (/Content Security Policy|Refused to/i.test(m.text())) cspReports.push(m.text()); });
	let loads = 0;
	page.on('load', () => { loads++; });
	const h1 = () => page.locator('h1').first().textContent({ timeout: 5000 }).catch(() => '');

	// edit
	await page.goto(origin + '/dialoger/ny-simhall/');
	const before = (await h1()).trim();
	const edited = `Ny simhall, ändrad ${Date.now()}`;
	const loadsBefore = loads;
	fs.writeFileSync(dialogueFile, original.replace(/^title: .*$/m, `title: "${edited}"`));
	let t0 = Date.now();
	let ok = await page.waitForFunction(t => document.querySelector('h1')?.textContent.includes(t),
		edited, { timeout: EDIT_LIMIT_MS, polling: 50 }).then(() => true, () => false);
	let took = Date.now() - t0;
	result('edit', ok && took <= EDIT_LIMIT_MS && loads > loadsBefore && before === titleOf(original) && cspReports.length === 0,
		`"${before}" became "${(await h1()).trim()}" in ${took} ms by itself; CSP reports: ${cspReports.length ? cspReports.join(' | ') : 'none'}`);

	// error
	const lines = original.split('\n');
	const levelLine = lines.findIndex(l => /^level: /.test(l)) + 1;
	fs.writeFileSync(dialogueFile, original.replace(/^level: .*$/m, 'level: konsultaton'));
	const where = `content/dialoger/ny-simhall.md:${levelLine}:8`;
	ok = await page.waitForFunction(w => document.body?.innerText.includes(w), where, { timeout: EDIT_LIMIT_MS, polling: 50 })
		.then(() => true, () => false);
	const errorText = ok ? await page.locator('body').innerText() : '';
	result('error', ok && /Innehållet har fel/.test(errorText) && errorText.includes(`${levelLine} | level: konsultaton`) &&
		/menade du "konsultation"\?/.test(errorText) && cspReports.length === 0,
		ok ? `shows ${where}, the line and the fix` : `no ${where} on the page: ${(await page.locator('body').innerText().catch(() => '')).slice(0, 300)}`);

	// fixed
	fs.writeFileSync(dialogueFile, original);
	t0 = Date.now();
	ok = await page.waitForFunction(t => document.querySelector('h1')?.textContent.includes(t),
		titleOf(original), { timeout: EDIT_LIMIT_MS, polling: 50 }).then(() => true, () => false);
	took = Date.now() - t0;
	result('fixed', ok && !(await page.locator('body').innerText()).includes('Innehållet har fel'),
		`the page came back in ${took} ms`);

	// draft: committed, so `trappa build` reads the same commit
	const draftText = original.replace(/^title: .*$/m, 'title: "Hemlig plan"').replace(/^---\n/, '---\ndraft: true\n');
	fs.writeFileSync(path.join(work, 'content/dialoger/hemlig-plan.md'), draftText);
	execFileSync('git', ['-C', work, 'add', 'content'], { stdio: 'ignore' });
	execFileSync('git', ['-C', work, '-c', 'user.name=Test', '-c', 'user.email=t@example.se', 'commit', '-qm', 'Utkast'],
		{ stdio: 'ignore' });
	// Opened once built: a page opened before would reload itself midway.
	for (let i = 0; i < 40 && (await get('/dialoger/hemlig-plan/')).status !== 200; i++) await sleep(50);
	const draftPage = await browser.newPage();
	let draftShown = false, bannerVisible = false, bannerText = '';
	const res = await draftPage.goto(origin + '/dialoger/hemlig-plan/');
	draftShown = res.status() === 200 && (await draftPage.locator('h1').first().textContent()).includes('Hemlig plan');
	if (draftShown) {
		const banner = draftPage.locator('.trappa-draft');
		bannerVisible = await banner.isVisible();
		bannerText = bannerVisible ? (await banner.textContent()).trim() : '';
	}
	const data = await get('/data/dialoger.json');
	await draftPage.close();
	const out = path.join(tmp, 'public');
	execFileSync(trappa, ['build', '--today', TODAY, '--out', out, '--quiet'], { cwd: work, stdio: 'ignore' });
	const built = fs.existsSync(path.join(out, 'dialoger/ny-simhall/index.html'));
	const absent = !fs.existsSync(path.join(out, 'dialoger/hemlig-plan'));
	let leaks = '';
	try {
		leaks = execFileSync('grep', ['-rl', 'hemlig-plan\\|Hemlig plan', out], { encoding: 'utf8' }).trim();
	} catch { leaks = ''; } // grep exits 1 when nothing matches
	result('draft', draftShown && bannerVisible && bannerText === 'Utkast – visas inte på webbplatsen' &&
		data.body.includes('Hemlig plan') && built && absent && leaks === '',
		`preview: ${draftShown ? 'shown' : 'missing'}, banner "${bannerText}", ` +
		`${data.body.includes('Hemlig plan') ? 'in' : 'NOT in'} /data/dialoger.json; trappa build: ` +
		`${built ? 'built' : 'NOT BUILT'}, draft ${leaks ? 'found in ' + leaks : 'absent'}`);

	// traversal
	const raw = [];
	for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/dialoger/..%2f..%2f..%2fetc/passwd', '/.trappa-site']) {
		const r = await get(p);
		raw.push(`${p} ${r.status}${r.body.includes('root:') ? ' with /etc/passwd' : ''}`);
	}
	let curlStatus = '';
	try {
		curlStatus = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--path-as-is',
			origin + '/../../etc/passwd'], { encoding: 'utf8' });
	} catch (e) { curlStatus = `curl failed: ${e.message}`; }
	ok = raw.every(r => r.endsWith(' 404')) && curlStatus === '404';
	result('traversal', ok, `${raw.join(', ')}; curl --path-as-is: ${curlStatus}`);

	// host
	const foreign = await get('/', { Host: `evil.example:${new URL(origin).port}` });
	const own = await get('/', { Host: `localhost:${new URL(origin).port}` });
	result('host', foreign.status === 403 && own.status === 200, `Host evil.example: ${foreign.status}, localhost: ${own.status}`);
	await page.close();
} finally {
	await browser.close();
}

// ---- 200 rebuilds ----------------------------------------------------------------

// The fewest open descriptors over half a second: a connection still closing
// is not a leak; a leak of one per rebuild shows as hundreds.
async function fdCount() {
	let least = Infinity;
	for (let i = 0; i < 10; i++) {
		least = Math.min(least, fs.readdirSync(`/proc/${server.pid}/fd`).length);
		await sleep(50);
	}
	return least;
}
function rssKb() { return Number(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]); }

// One client listening, as an open page would: each build is one event.
let generation = null, events = 0;
const stream = await new Promise((resolve, reject) => {
	const u = new URL(origin);
	const req = http.get({ host: u.hostname, port: u.port, path: '/__trappa/events' }, res => {
		res.setEncoding('utf8');
		let pending = '';
		res.on('data', d => {
			pending += d;
			let m;
			while ((m = pending.match(/data: ([^\n]*)\n\n/))) {
				generation = m[1];
				events++;
				pending = pending.slice(m.index + m[0].length);
			}
		});
		resolve(req);
	});
	req.on('error', reject);
});
async function rebuildOnce(i) {
	const seen = events;
	fs.writeFileSync(dialogueFile, original + `\nRad ${i}.\n`);
	for (let t = 0; t < 200 && events === seen; t++) await sleep(10);
	// And what a page asks for: a page, a file, a missing address.
	const answers = await Promise.all(['/dialoger/ny-simhall/', '/feed.xml', '/finns-inte/'].map(p => get(p)));
	return events > seen && answers.map(a => a.status).join() === '200,200,404';
}
let rebuilt = true;
for (let i = 0; i < 20; i++) rebuilt = (await rebuildOnce(i)) && rebuilt; // warm up
await sleep(200);
const fd0 = await fdCount(), rss0 = rssKb(), t0 = Date.now();
for (let i = 0; i < REBUILDS; i++) rebuilt = (await rebuildOnce(1000 + i)) && rebuilt;
await sleep(200);
const fd1 = await fdCount(), rss1 = rssKb();
result('flat', rebuilt && fd1 <= fd0 && rss1 - rss0 <= RSS_SLACK_KB,
	`${REBUILDS} rebuilds in ${Date.now() - t0} ms${rebuilt ? '' : ' (some did not happen)'}: ` +
	`fds ${fd0} -> ${fd1}, VmRSS ${rss0} -> ${rss1} kB`);
stream.destroy();
fs.writeFileSync(dialogueFile, original);

// ---- stop ----------------------------------------------------------------------

server.kill('SIGTERM');
const end = await Promise.race([exited, sleep(5000).then(() => null)]);
const left = fs.readdirSync(tmp).filter(n => n.startsWith('trappa-serve.'));
result('stop', end && end.code === 0 && left.length === 0,
	end ? `exit ${end.code}${end.signal ? ' signal ' + end.signal : ''}; temporary folders left: ${left.length}` : 'did not stop in 5 s');
if (!end) server.kill('SIGKILL');
if (failed) console.log(`serve: its messages:\n${stderr.split('\n').slice(-15).join('\n')}`);

clearTimeout(watchdog);
console.log(`serve: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
