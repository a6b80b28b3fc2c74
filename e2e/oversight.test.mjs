// An officer's and a prosecutor's start page, the monitoring page and the audit trail in a real
// browser, once per database engine: each page at phone and desktop width, in English and
// Urdu, with axe-core (no serious or critical violation) and no sideways scrolling; and the
// behaviours of issue 14: each role starts on a page of its own, tiles count what their list
// shows, the chart is drawn, the audit trail's own filter works with its fields empty, pages
// with a true total and keeps its filters.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newContext, login, checkA11y, checkFits, shot, ENGINES, PHONE, DESKTOP } from './lib.mjs';

const COURT_STAGES = ['Challan submitted', 'Under trial', 'Decided: convicted', 'Decided: acquitted', 'Decided: compounded'];

async function visit(page, base, path, label, screenshot) {
  const r = await page.goto(`${base}${path}`);
  assert.ok(r.status() < 400, `${label}: ${path} answered ${r.status()}`);
  await checkA11y(page, label);
  await checkFits(page, label);
  if (screenshot) await shot(page, screenshot);
}

const number = async (page, selector) => Number((await page.textContent(selector)).replace(/[^0-9]/g, ''));

for (const engine of ENGINES) {
  describe(`oversight pages on ${engine}`, () => {
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

    test('every page fits a phone and a desktop, in English and Urdu, and passes axe', async () => {
      for (const [user, paths] of [
        ['io.lahore', ['/work', '/work?show=quiet', '/monitoring']],
        ['prosecutor.lahore', ['/work']],
        ['analyst', ['/monitoring']],
        ['auditor', ['/audit']],
      ]) {
        for (const lang of ['en', 'ur']) {
          for (const [view, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
            const ctx = await newContext(browser, server.base, { viewport, lang });
            const page = await ctx.newPage();
            await login(page, server.base, user);
            for (const path of paths) {
              const slug = user === 'prosecutor.lahore' ? 'work-prosecutor' : path.slice(1).replace(/[?=]/g, '-');
              const wanted = engine === 'sqlite' && !path.includes('?') && user !== 'analyst';
              await visit(page, server.base, path, `${user} ${path} ${lang} ${view}`, wanted ? `oversight-${slug}-${lang}-${view}` : null);
              assert.equal(await page.getAttribute('html', 'lang'), lang);
              assert.equal(await page.getAttribute('html', 'dir'), lang === 'ur' ? 'rtl' : 'ltr');
            }
            await ctx.close();
          }
        }
      }
    });

    test("an investigating officer starts on their own work, whose tiles count what their lists show", async () => {
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'io.lahore');
      assert.match(page.url(), /\/work$/, 'an officer starts on My work');
      assert.equal(await page.getAttribute('nav a[href="/work"]', 'aria-current'), 'page');
      for (const [tile, show] of [['#open-count', 'open'], ['#quiet-count', 'quiet'], ['#no-fir-count', 'no_fir']]) {
        await page.goto(`${server.base}/work`);
        const n = await number(page, tile);
        await Promise.all([page.waitForNavigation(), page.click(`${tile}`)]);
        assert.ok(page.url().endsWith(`show=${show}`), page.url());
        const total = (await page.textContent('#work-list-total')).trim();
        assert.equal(Number(total.replace(/[^0-9]/g, '')), n, `${show}: the tile says ${n}, the list ${total}`);
        assert.equal(await page.getAttribute(`a.tile[href="/work?show=${show}"]`, 'aria-current'), 'true');
      }
      const open = await number(page, '#open-count');
      assert.ok(open > 0, 'the demo officer has open cases');
      // Hearings: the tile counts all of them; the section lists the first ten.
      const hearings = await number(page, '#hearings-count');
      const rows = await page.locator('#hearings tbody tr').count();
      assert.equal(rows, Math.min(hearings, 10));
      await ctx.close();
    });

    test('a prosecutor starts on the cases before the court and can open no other', async () => {
      const ctx = await newContext(browser, server.base);
      const page = await ctx.newPage();
      await login(page, server.base, 'io.lahore');
      // A case of Lahore still under investigation, as its officer sees it.
      await page.goto(`${server.base}/cases?stage=under_investigation`);
      const early = await page.getAttribute('main table a[href^="/cases/"]', 'href');
      assert.ok(early, 'Lahore has a case under investigation');
      await ctx.close();

      const pctx = await newContext(browser, server.base);
      const p = await pctx.newPage();
      await login(p, server.base, 'prosecutor.lahore');
      assert.match(p.url(), /\/work$/, 'a prosecutor starts on their cases, not an empty page');
      const n = await number(p, '#open-count');
      assert.ok(n > 0, 'Lahore has cases before the court');
      const stages = await p.locator('#work-list tbody td:nth-child(3)').allTextContents();
      assert.ok(stages.length > 0);
      for (const s of stages) assert.ok(COURT_STAGES.includes(s.trim()), `a prosecutor sees a case at "${s}"`);
      assert.equal(await p.locator('nav a[href="/cases/new"]').count(), 0, 'a prosecutor registers no case');
      assert.equal(await p.locator('nav a[href="/persons"]').count(), 0, 'a prosecutor does not search persons');
      // A case before the court opens; one still under investigation does not exist for them.
      const first = await p.getAttribute('#work-list tbody tr td a', 'href');
      assert.equal((await p.goto(`${server.base}${first}`)).status(), 200);
      assert.equal((await p.goto(`${server.base}${early}`)).status(), 404);
      assert.equal((await p.goto(`${server.base}/persons`)).status(), 403);
      await pctx.close();
    });

    test('monitoring counts hearings in full and draws the monthly chart with its numbers', async () => {
      const ctx = await newContext(browser, server.base);
      const page = await ctx.newPage();
      await login(page, server.base, 'supervisor.punjab');
      assert.match(page.url(), /\/monitoring$/);
      const hearings = await number(page, '#hearings-count');
      const listed = await page.locator('#upcoming tbody tr:not(:has(.empty))').count();
      assert.equal(listed, Math.min(hearings, 100), 'the list shows the first hundred of the count');
      assert.equal(await page.locator('svg.chart rect.bar-tip').count(), 12);
      assert.equal(await page.locator('#by-month-table tbody tr').count(), 12);
      // The chart's numbers add up to the cases reported in the last year (both kinds count twice).
      const tip = await page.locator('#by-month-table tbody td:nth-child(2)').allTextContents();
      assert.ok(tip.some((t) => Number(t) > 0), 'some trafficking cases were reported this year');
      await ctx.close();

      const a = await newContext(browser, server.base);
      const ap = await a.newPage();
      await login(ap, server.base, 'analyst');
      assert.match(ap.url(), /\/monitoring$/);
      assert.equal(await ap.locator('#stalled').count(), 0, 'an analyst sees no case list');
      assert.equal(await ap.locator('#upcoming').count(), 0);
      assert.equal(await ap.locator('svg.chart').count(), 1, 'an analyst sees the chart');
      // One release of the whole jurisdiction: no filters to make others to subtract.
      assert.equal(await ap.locator('form.filters').count(), 0, 'no filters for an analyst');
      assert.ok(await ap.locator('#one-release').isVisible());
      await a.close();
    });

    test("the audit trail's own filter works with empty fields, pages with a true total and keeps its filters", async () => {
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'auditor');
      assert.match(page.url(), /\/audit$/);
      // The filter as the page offers it: every field empty.
      const [r] = await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
      assert.equal(r.status(), 200, 'the Filter button with empty fields is not refused');
      const total = await number(page, '#audit-total');
      assert.ok(total > 50, `the demo writes more than one page of audit (${total})`);
      assert.match(await page.textContent('.pager .showing'), new RegExp(`of ${total.toLocaleString('en')}`));
      const first = await page.textContent('#audit-list tbody tr td');
      await Promise.all([page.waitForNavigation(), page.click('.pager a[rel=next]')]);
      const second = await page.textContent('#audit-list tbody tr td');
      assert.notEqual(first, second, 'page 2 shows other rows');
      assert.ok(Number(second.replace(/\D/g, '')) < Number(first.replace(/\D/g, '')), 'newest first across pages');

      // Filters are kept across pages.
      await page.goto(`${server.base}/audit`);
      await page.selectOption('#f-action', 'view');
      await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
      const views = await number(page, '#audit-total');
      assert.ok(views > 0 && views < total);
      if (await page.locator('.pager a[rel=next]').count()) {
        await Promise.all([page.waitForNavigation(), page.click('.pager a[rel=next]')]);
        assert.match(page.url(), /action=view/);
        assert.equal(await page.inputValue('#f-action'), 'view');
      }
      // A case reference from the list filters to that case; its rows link to the same filter.
      const link = page.locator('#audit-list tbody td a[href^="/audit?case="]').first();
      if (await link.count()) {
        const reference = (await link.textContent()).trim();
        await Promise.all([page.waitForNavigation(), link.click()]);
        assert.equal(await page.inputValue('#f-case'), reference);
        const refs = await page.locator('#audit-list tbody td a[href^="/audit?case="]').allTextContents();
        assert.ok(refs.length > 0 && refs.every((x) => x.trim() === reference));
      }
      // Times read as Pakistan time, not raw UTC.
      assert.doesNotMatch(await page.textContent('#audit-list tbody'), /\d{4}-\d\d-\d\dT/);
      await ctx.close();
    });
  });
}
