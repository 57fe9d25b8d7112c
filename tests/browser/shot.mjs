// shot.mjs - screenshots of pages as a signed-in user, for looking at them by eye:
//   node tests/browser/shot.mjs BASE EMAIL OUTDIR PATH...
// (a developer's tool beside ui.mjs; the test suite does not run it)
import { chromium } from 'playwright-core';

const [base, email, out, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu'],
});
try {
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	await page.goto(`${base}/login`);
	await page.fill('input[name=email]', email);
	await page.fill('input[name=password]', process.env.PASSWORD || 'tandem-demo');
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	for (const p of paths) {
		const resp = await page.goto(base + p);
		const file = `${out}/${p.replace(/[^a-z0-9]+/gi, '_')}.png`;
		await page.screenshot({ path: file, fullPage: true });
		console.log(resp.status(), p, '->', file);
	}
} finally {
	await browser.close();
}
