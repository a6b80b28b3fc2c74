// Account, sign-in and administration pages on a phone and a laptop, in English and Urdu:
// every page fits its window and has no serious accessibility violation; the language switch
// is remembered; an administrator's agency list pages with a true total.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, PHONE, DESKTOP, startServer, launch, newContext, login, checkA11y, checkFits, shot } from './lib.mjs';

const PAGES = ['/account', '/account/password', '/admin/users', '/admin/agencies', '/admin/directory/import'];

for (const engine of ENGINES) {
  describe(`account and administration pages on ${engine}`, () => {
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

    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      for (const lang of ['en', 'ur']) {
        test(`${size}, ${lang}: the pages fit and pass axe`, async () => {
          const context = await newContext(browser, server.base, { viewport, lang });
          const page = await context.newPage();
          await page.goto(`${server.base}/login`);
          assert.equal(await page.getAttribute('html', 'lang'), lang);
          assert.equal(await page.getAttribute('html', 'dir'), lang === 'ur' ? 'rtl' : 'ltr');
          await checkA11y(page, `login ${size} ${lang}`);
          await checkFits(page, `login ${size} ${lang}`);
          if (engine === 'sqlite') await shot(page, `account-login-${lang}-${size}`);
          await login(page, server.base, 'admin');
          const agencyHref = await (async () => {
            await page.goto(`${server.base}/admin/agencies`);
            return page.locator('#agencies a').first().getAttribute('href');
          })();
          const userHref = await (async () => {
            await page.goto(`${server.base}/admin/users`);
            return page.locator('#users a').first().getAttribute('href');
          })();
          for (const path of [...PAGES, agencyHref, userHref, `${userHref}/security`]) {
            await page.goto(`${server.base}${path}`);
            assert.equal(await page.getAttribute('html', 'lang'), lang, path);
            await checkA11y(page, `${path} ${size} ${lang}`);
            await checkFits(page, `${path} ${size} ${lang}`);
          }
          if (engine === 'sqlite') {
            await page.goto(`${server.base}/admin/agencies`);
            await shot(page, `account-agencies-${lang}-${size}`);
            await page.goto(`${server.base}${userHref}/security`);
            await shot(page, `account-security-${lang}-${size}`);
          }
          await context.close();
        });
      }
    }

    test('the language switch is remembered, and the agency list pages with its true total', async () => {
      const context = await newContext(browser, server.base, { viewport: PHONE, lang: 'en' });
      const page = await context.newPage();
      await login(page, server.base, 'admin');
      await page.goto(`${server.base}/admin/agencies`);
      // The phone menu opens without JavaScript.
      await page.click('label.menu-button');
      assert.ok(await page.isVisible('#main-nav a[href="/admin/agencies"]'));
      assert.equal(await page.getAttribute('#main-nav a[href="/admin/agencies"]', 'aria-current'), 'page');
      await Promise.all([page.waitForNavigation(), page.click('.who a[hreflang=ur]')]);
      assert.ok(page.url().endsWith('/admin/agencies'));
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      assert.ok((await page.textContent('h1')).includes('ادارے'));
      await page.goto(`${server.base}/account`);
      assert.equal(await page.getAttribute('html', 'lang'), 'ur', 'remembered on the next page');
      // Paging: "showing 1–50 of N" and page 2 shows the next ones.
      await page.goto(`${server.base}/language?to=en&back=/admin/agencies`);
      const showing = await page.textContent('.pager .showing');
      const total = Number(showing.match(/of ([\d,]+)/)[1].replace(/,/g, ''));
      assert.ok(total > 50, showing);
      const first = await page.locator('#agencies tbody tr').first().textContent();
      await Promise.all([page.waitForNavigation(), page.click('.pager a[rel=next]')]);
      assert.match(await page.textContent('.pager .showing'), /Showing 51–100 of/);
      assert.notEqual(await page.locator('#agencies tbody tr').first().textContent(), first);
      await context.close();
    });
  });
}
