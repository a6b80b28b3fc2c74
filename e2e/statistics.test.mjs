// The statistics page in a real browser, once per database engine: at phone and desktop
// width, in English and Urdu, with axe-core (no serious or critical violation) and no sideways
// scrolling; an analyst gets the latest ended year, charts and a map drawn without script,
// and no exact count from 1 to 4 in any table or in the CSV; a coordinator picks another
// period and is told plainly when the dates are wrong.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, newContext, login, checkA11y, checkFits, shot, ENGINES, PHONE, DESKTOP } from './lib.mjs';

// Urdu pages write numbers in Urdu digits.
const western = (s) => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))).replace(/[,٬]/g, '');

for (const engine of ENGINES) {
  describe(`statistics on ${engine}`, () => {
    let server;
    let browser;
    before(async () => {
      server = await startServer(engine);
      browser = await launch();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test('the page fits a phone and a desktop, in English and Urdu, and passes axe', async () => {
      for (const user of ['analyst', 'national']) {
        for (const lang of ['en', 'ur']) {
          for (const [view, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
            const ctx = await newContext(browser, server.base, { viewport, lang });
            const page = await ctx.newPage();
            await login(page, server.base, user);
            const r = await page.goto(`${server.base}/statistics`);
            assert.equal(r.status(), 200, `${user} ${lang} ${view}`);
            await checkA11y(page, `${user} statistics ${lang} ${view}`);
            await checkFits(page, `${user} statistics ${lang} ${view}`);
            if (engine === 'sqlite' && user === 'analyst') await shot(page, `statistics-${lang}-${view}`);
            await ctx.close();
          }
        }
      }
    });

    test('an analyst sees the last ended year, charts, a map, and nothing exact below five', async () => {
      const ctx = await newContext(browser, server.base, { viewport: DESKTOP });
      const page = await ctx.newPage();
      await login(page, server.base, 'analyst');
      await page.click('nav a[href="/statistics"]');
      const lastYear = String(new Date().getFullYear() - 1);
      assert.equal(await page.inputValue('#f-year'), lastYear);
      assert.ok((await page.textContent('h1')).includes(lastYear));
      // No custom period for analysts.
      assert.equal(await page.locator('#f-from').count(), 0);
      // Charts and the map are drawn on the server.
      assert.ok((await page.locator('svg.chart rect').count()) > 10, 'bars drawn');
      assert.ok((await page.locator('svg.map path').count()) > 100, 'districts drawn');
      // Every shown count is 0, 5 or more, "<5" or "x".
      const cells = await page.locator('.stats-table td.num').allTextContents();
      assert.ok(cells.length > 100, `${cells.length} cells`);
      for (const c of cells) {
        const t = western(c.trim());
        if (t === '<5' || t === 'x' || t === '—' || t.includes('.')) continue;
        const n = Number(t);
        assert.ok(n === 0 || n >= 5, `a table shows ${c}`);
      }
      // The CSV says the same.
      const href = await page.getAttribute('a[href^="/statistics.csv"]', 'href');
      const csv = await (await page.request.get(`${server.base}${href}`)).text();
      for (const line of csv.split('\n').slice(1).filter(Boolean)) {
        const value = line.split(',').at(-1);
        if (/^\d+$/.test(value)) assert.ok(Number(value) === 0 || Number(value) >= 5, line);
      }
      // The current year is refused with an explanation.
      await page.goto(`${server.base}/statistics?year=${new Date().getFullYear()}`);
      assert.ok(await page.locator('.error-summary').isVisible());
      await ctx.close();
    });

    test('a coordinator chooses a period and is told plainly when the dates are wrong', async () => {
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'national');
      await page.goto(`${server.base}/statistics`);
      await page.fill('#f-from', '2025-06-30');
      await page.fill('#f-to', '2025-01-01');
      await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
      const summary = await page.textContent('.error-summary');
      assert.match(summary, /last day on or after the first day/);
      assert.equal(await page.getAttribute('#f-to', 'aria-invalid'), 'true');
      await page.fill('#f-from', '2025-01-01');
      await page.fill('#f-to', '2025-06-30');
      await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
      assert.equal(await page.locator('.error-summary').count(), 0);
      assert.match(await page.textContent('h1'), /1 Jan 2025 – 30 Jun 2025/);
      assert.ok((await page.locator('.stats-table').count()) >= 10);
      await ctx.close();
    });

    test('reports: the GLOTIP tables, the plan matrix kept by the coordinator, the national report', async () => {
      for (const lang of ['en', 'ur']) {
        const ctx = await newContext(browser, server.base, { viewport: PHONE, lang });
        const page = await ctx.newPage();
        await login(page, server.base, 'national');
        await page.goto(`${server.base}/statistics`);
        await page.selectOption('#f-report', 'glotip');
        await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
        assert.equal(await page.locator('#table-glotip-victims').count(), 1);
        assert.equal(await page.locator('#table-tip-sex-age').count(), 0, 'only the report’s tables');
        await checkA11y(page, `glotip report ${lang}`);
        await checkFits(page, `glotip report ${lang}`);
        await page.goto(`${server.base}/statistics?report=national`);
        assert.equal(await page.locator('#summary dd').count(), 14);
        assert.ok((await page.locator('#table-plan tbody tr').count()) >= 7, 'the demo plan’s indicators');
        await checkA11y(page, `national report ${lang}`);
        await checkFits(page, `national report ${lang}`);
        if (engine === 'sqlite') await shot(page, `national-report-${lang}-phone`);
        await ctx.close();
      }

      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'national');
      await page.goto(`${server.base}/statistics?report=plan`);
      await Promise.all([page.waitForNavigation(), page.click('#plan-add')]);
      await checkA11y(page, 'plan indicator form');
      await checkFits(page, 'plan indicator form');
      await page.fill('#f-code', '');
      await Promise.all([page.waitForNavigation(), page.click('#plan-form button[type=submit]')]);
      const summary = await page.textContent('.error-summary');
      assert.match(summary, /Enter the indicator’s number in the plan|Enter the indicator's number in the plan/);
      assert.match(summary, /Choose what the value is computed from/);
      assert.equal(await page.getAttribute('#f-agency', 'aria-invalid'), 'true');
      await page.fill('#f-code', '9.1');
      await page.fill('#f-indicator_en', 'Smuggled migrants recorded (browser test)');
      await page.selectOption('#f-measure', 'smuggled-migrants');
      await page.fill('#f-baseline', '10');
      await page.fill('#f-baseline_year', '2021');
      await page.fill('#f-agency', 'FIA');
      await Promise.all([page.waitForNavigation(), page.click('#plan-form button[type=submit]')]);
      assert.match(await page.textContent('#done'), /Indicator saved/);
      const row = page.locator('#table-plan tbody tr', { hasText: 'browser test' });
      assert.equal(await row.count(), 1);
      const value = (await row.locator('td.num').nth(2).textContent()).trim();
      assert.ok(/^(\d[\d,]*|<5|x)$/.test(value.split(' ')[0]), `value ${value}`);
      await ctx.close();

      // An analyst reads the matrix but has no way to change it.
      const actx = await newContext(browser, server.base, { viewport: DESKTOP });
      const apage = await actx.newPage();
      await login(apage, server.base, 'analyst');
      await apage.goto(`${server.base}/statistics?report=plan`);
      assert.equal(await apage.locator('#table-plan tbody tr', { hasText: 'browser test' }).count(), 1);
      assert.equal(await apage.locator('#plan-add').count(), 0);
      const r = await apage.goto(`${server.base}/statistics/plan/new`);
      assert.equal(r.status(), 403);
      await actx.close();
    });

    test('published figures: the coordinator imports a GLOTIP file and compares, in both languages', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'glotip-'));
      const file = join(dir, 'data_glotip.csv');
      const year = new Date().getFullYear() - 1;
      writeFileSync(file, [
        'Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source',
        `PAK,Pakistan,Asia,Southern Asia,Detected trafficking victims,Total,Total,Total,Total,${year},Counts,"1,234",NSO`,
        `AFG,Afghanistan,Asia,Southern Asia,Detected trafficking victims,Total,Total,Total,Total,${year},Counts,<5,NSO`,
        `IND,India,Asia,Southern Asia,Detected trafficking victims,Total,Total,Total,Total,${year},Counts,lots,NSO`,
      ].join('\n'));
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'national');
      await page.goto(`${server.base}/statistics`);
      await Promise.all([page.waitForNavigation(), page.click('#published-link')]);
      await page.setInputFiles('#f-file', file);
      await Promise.all([page.waitForNavigation(), page.click('#import-form button[type=submit]')]);
      assert.match(await page.textContent('#done'), /2 rows kept, 1 refused/);
      assert.equal(await page.locator('#table-refused tbody tr').count(), 1);
      assert.equal(await page.locator('#table-compare tr.ours').count(), 1, 'our own line first');
      await checkA11y(page, 'published figures');
      await checkFits(page, 'published figures');
      await ctx.close();
      const uctx = await newContext(browser, server.base, { viewport: PHONE, lang: 'ur' });
      const upage = await uctx.newPage();
      await login(upage, server.base, 'analyst');
      await upage.goto(`${server.base}/statistics/published`);
      assert.equal(await upage.locator('#import-form').count(), 0);
      assert.equal(await upage.locator('#table-compare tbody tr').count(), 3);
      await checkA11y(upage, 'published figures ur');
      await checkFits(upage, 'published figures ur');
      if (engine === 'sqlite') await shot(upage, 'published-ur-phone');
      await uctx.close();
    });
  });
}
