// The protection area in a real browser, once per database engine: every page at phone and
// desktop width, in English and Urdu, with axe-core (no serious or critical violation) and no
// sideways scrolling; and the behaviours of issue 14: lists page with their true total and
// keep their filters, the error summary leads to the field, a referral refused for lack of
// consent leads to the consent form with the right purpose, final steps are confirmed first,
// dates are typed as day, month and year, and each action says what happened and what next.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newContext, login, checkA11y, checkFits, shot, ENGINES, PHONE, DESKTOP } from './lib.mjs';

const NAME = 'Nargis Psyntheticbibi';
const widths = [];

async function visit(page, base, path, label, { screenshot = null, lang, view } = {}) {
  const r = await page.goto(`${base}${path}`);
  assert.ok(r.status() < 400, `${label}: ${path} answered ${r.status()}`);
  await checkA11y(page, label);
  await checkFits(page, label);
  if (view === 'phone') {
    widths.push(`${label}: ${await page.evaluate(() => document.documentElement.scrollWidth)}px`);
  }
  if (screenshot) await shot(page, `protection-${screenshot}-${lang}-${view}`);
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

for (const engine of ENGINES) {
  describe(`protection pages on ${engine}`, () => {
    let server;
    let browser;
    const ids = {};
    before(async () => {
      server = await startServer(engine);
      browser = await launch();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
      if (widths.length) console.log(`page widths at ${PHONE.width} px:\n${widths.join('\n')}`);
      widths.length = 0;
    });

    test('an officer identifies a victim with typed dates, is led to consent, refers twice; the shelter answers', async () => {
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'welfare.lahore');
      assert.match(page.url(), /\/protection$/, 'a protection officer starts on the dashboard');

      // An empty form: the error summary links to each field, and the link moves to it.
      await page.goto(`${server.base}/victims/new`);
      await submit(page, 'button[type=submit]:has-text("Record the identification")');
      const summary = page.locator('.error-summary');
      assert.ok(await summary.isVisible());
      assert.ok((await summary.textContent()).includes("Choose the victim's sex"));
      await page.click('.error-summary a[href="#f-sex"]');
      assert.equal(await page.evaluate(() => location.hash), '#f-sex');
      assert.equal(await page.getAttribute('#f-sex', 'aria-invalid'), 'true');

      // Identify with the checklist, a date typed as three boxes and the country picked by name.
      await page.check('input[name=indicators][value=debt_bondage]');
      await page.check('input[name=indicators][value=isolation]');
      await page.fill('input[name="identified_on-day"]', '2');
      await page.fill('input[name="identified_on-month"]', '1');
      await page.fill('input[name="identified_on-year"]', '2026');
      await page.fill('textarea[name=circumstances]', 'E2E: found at a brick kiln by a labour inspector');
      await page.fill('input[name=name]', NAME);
      await page.selectOption('select[name=sex]', 'female');
      await page.fill('input[name=age]', '27');
      await page.fill('input[name=nationality]', 'Afghanistan');
      await submit(page, 'button[type=submit]:has-text("Record the identification")');
      assert.match(page.url(), /\/victims\/\d+\?done=identified/);
      assert.ok((await page.textContent('#done')).includes('Next, record their consent'));
      assert.ok((await page.textContent('.lead')).includes('2 Jan 2026'));
      ids.victim = page.url().match(/\/victims\/(\d+)/)[1];
      ids.code = (await page.textContent('#victim-code')).trim();

      // Refused without consent: the summary leads to the consent form, purpose already chosen.
      const provider = async () => page.selectOption('#refer-form select[name=provider_id]', { label: (await page.locator('#refer-form select[name=provider_id] option', { hasText: 'Darul Aman Lahore' }).first().textContent()).trim() });
      await provider();
      await page.check('#refer-form input[name=services][value=shelter]');
      await submit(page, '#refer-form button[type=submit]');
      await page.click('.error-summary a[href="#f-consent"]');
      assert.equal(await page.inputValue('#f-purpose'), 'refer_services');
      await page.selectOption('#f-method', 'thumbprint');
      await submit(page, '#consent-form button[type=submit]');
      assert.ok((await page.textContent('#done')).includes('Consent recorded'));

      // Two referrals: one the shelter will accept, one it will decline.
      for (const services of [['shelter', 'psychosocial'], ['psychosocial']]) {
        await provider();
        for (const s of services) await page.check(`#refer-form input[name=services][value=${s}]`);
        await page.fill('#refer-form textarea[name=needs]', 'E2E: a safe place; counselling');
        await submit(page, '#refer-form button[type=submit]');
        assert.ok((await page.textContent('#done')).includes('Referral sent to Darul Aman Lahore'));
      }
      const links = await page.locator('#referrals table a[href^="/referrals/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      [ids.accepted, ids.declined] = links.map((h) => h.split('/')[2]);
      ids.consent = (await page.locator('a[href*="/consents/"]').first().getAttribute('href')).split('/')[4];
      await ctx.close();

      // The shelter: its queue is its home; it accepts one, admits, records a service; declines the other.
      const sctx = await newContext(browser, server.base, { viewport: PHONE });
      const sp = await sctx.newPage();
      await login(sp, server.base, 'shelter.lahore');
      assert.match(sp.url(), /\/referrals$/, 'a provider starts on its referral queue');
      await sp.goto(`${server.base}/referrals/${ids.accepted}`);
      await submit(sp, '#accept');
      assert.ok((await sp.textContent('#done')).includes('admit the victim to the shelter'));
      await sp.fill('#f-victim_wishes', 'Wants to stay until her family is traced');
      await submit(sp, '#admit-form button[type=submit]');
      await sp.fill('#service-form input[name="delivered_on-day"]', '40');
      await sp.fill('#service-form input[name="delivered_on-month"]', '1');
      await sp.fill('#service-form input[name="delivered_on-year"]', '2026');
      await submit(sp, '#service-form button[type=submit]');
      assert.ok((await sp.textContent('.error-summary')).includes('Enter a real date'));
      await sp.fill('#service-form input[name="delivered_on-day"]', '');
      await sp.fill('#service-form input[name="delivered_on-month"]', '');
      await sp.fill('#service-form input[name="delivered_on-year"]', '');
      await submit(sp, '#service-form button[type=submit]');
      assert.ok((await sp.textContent('#done')).includes('Service recorded'));
      ids.stay = (await sp.locator('#discharge').getAttribute('href')).split('/')[4];
      // Declining asks for the reason first, then says what happens next.
      await sp.goto(`${server.base}/referrals/${ids.declined}`);
      await submit(sp, '#decline');
      assert.ok((await sp.textContent('h1')).includes(`Decline the referral of ${ids.code}?`));
      await submit(sp, '#confirm-button');
      assert.ok((await sp.textContent('.error-summary')).includes('Enter why the referral is declined'));
      await sp.fill('#f-reason', 'No psychologist until next month');
      await submit(sp, '#confirm-button');
      assert.ok((await sp.textContent('#done')).includes('Referral declined'));
      assert.equal((await sp.textContent('#referral-status')).trim(), 'Declined');
      await sctx.close();
    });

    test('lists page with their true total and keep their filters', async () => {
      const ctx = await newContext(browser, server.base, { viewport: DESKTOP });
      const page = await ctx.newPage();
      await login(page, server.base, 'national');
      await page.goto(`${server.base}/victims`);
      // Every code has a dash: the filter matches every victim, more than one page of them.
      await page.fill('#f-q', '-');
      await submit(page, 'form[role=search] button[type=submit]');
      const total = Number((await page.textContent('#victims-total')).replace(/[^0-9]/g, ''));
      assert.ok(total > 50, `the demo has more than 50 victims nationally (${total})`);
      assert.ok((await page.textContent('.pager')).includes(`of ${total.toLocaleString('en')}`));
      assert.equal(await page.locator('#victim-list tbody tr').count(), 50);
      await submit(page, '.pager a[rel=next]');
      assert.match(page.url(), /q=-&page=2/);
      assert.ok((await page.textContent('.pager')).includes('Showing 51–'));
      assert.equal(await page.locator('#victim-list tbody tr').count(), Math.min(total, 100) - 50);
      assert.equal(await page.inputValue('#f-q'), '-', 'the filter is still shown as set');
      // A page past the end shows the last page, not an empty one.
      await page.goto(`${server.base}/victims?children=true&page=9`);
      assert.ok((await page.locator('#victim-list tbody tr').count()) > 0);
      // The directory keeps district, service and group.
      await page.goto(`${server.base}/providers?service=shelter&group=women`);
      assert.equal(await page.inputValue('#f-service'), 'shelter');
      assert.equal(await page.inputValue('#f-group'), 'women');
      assert.match(await page.textContent('#providers-total'), /^\d+ providers?$/);
      await ctx.close();
    });

    for (const lang of ['en', 'ur']) {
      for (const [view, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
        test(`every protection page in ${lang} on a ${view}: accessible, fits the window`, async () => {
          const ctx = await newContext(browser, server.base, { viewport, lang });
          const page = await ctx.newPage();
          await login(page, server.base, 'welfare.lahore');
          const o = { lang, view };
          const l = (name) => `${engine} ${lang} ${view} ${name}`;
          await visit(page, server.base, '/protection', l('dashboard'), { ...o, screenshot: 'dashboard' });
          await visit(page, server.base, '/victims', l('victims'), { ...o, screenshot: 'victims' });
          await visit(page, server.base, '/victims?q=P-&page=2', l('victims page 2'), o);
          await visit(page, server.base, '/victims/new', l('identify'), { ...o, screenshot: 'identify' });
          await visit(page, server.base, `/victims/${ids.victim}`, l('victim'), { ...o, screenshot: 'victim' });
          await visit(page, server.base, `/victims/${ids.victim}/consents/${ids.consent}/withdraw`, l('withdraw consent'), { ...o, screenshot: 'confirm' });
          await visit(page, server.base, '/referrals', l('referrals'), { ...o, screenshot: 'referrals' });
          await visit(page, server.base, '/referrals?overdue=true', l('overdue referrals'), o);
          await visit(page, server.base, `/referrals/${ids.accepted}`, l('referral'), { ...o, screenshot: 'referral' });
          await visit(page, server.base, `/referrals/${ids.accepted}/close`, l('close referral'), o);
          await visit(page, server.base, '/providers', l('providers'), { ...o, screenshot: 'providers' });
          // A form sent back with messages is accessible too.
          await page.goto(`${server.base}/victims/new`);
          await submit(page, 'form.case-form button[type=submit]');
          await checkA11y(page, l('identify with errors'));
          await checkFits(page, l('identify with errors'));
          if (lang === 'ur') {
            assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
            assert.ok((await page.textContent('h1')).includes('متاثرہ فرد کی شناخت کریں'));
          }
          await ctx.close();

          const sctx = await newContext(browser, server.base, { viewport, lang });
          const sp = await sctx.newPage();
          await login(sp, server.base, 'shelter.lahore');
          await visit(sp, server.base, '/referrals', l('queue'), { ...o, screenshot: 'queue' });
          await visit(sp, server.base, `/referrals/${ids.accepted}`, l('referral, provider side'), { ...o, screenshot: 'referral-provider' });
          await visit(sp, server.base, `/referrals/${ids.declined}/decline`, l('decline'), o);
          await visit(sp, server.base, `/referrals/${ids.accepted}/stays/${ids.stay}/discharge`, l('discharge'), { ...o, screenshot: 'discharge' });
          assert.ok(!(await sp.content()).includes(NAME), 'providers never see the name');
          await sctx.close();
        });
      }
    }

    test('final steps are confirmed, then say what happened', async () => {
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const sp = await ctx.newPage();
      await login(sp, server.base, 'shelter.lahore');
      await sp.goto(`${server.base}/referrals/${ids.accepted}`);
      await submit(sp, '#discharge');
      assert.ok((await sp.textContent('h1')).includes(`End the shelter stay of ${ids.code}?`));
      await sp.selectOption('#f-to', 'family');
      await submit(sp, '#confirm-button');
      assert.ok((await sp.textContent('#done')).includes('Follow-ups are scheduled at 3, 6 and 12 months'));
      await submit(sp, '#close');
      assert.ok((await sp.textContent('.confirm')).includes('This cannot be undone'));
      await submit(sp, '#confirm-button');
      assert.ok((await sp.textContent('#done')).includes('Referral closed'));
      await ctx.close();

      const octx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await octx.newPage();
      await login(page, server.base, 'welfare.lahore');
      await page.goto(`${server.base}/victims/${ids.victim}`);
      assert.equal(await page.locator('#follow-ups tbody tr').count(), 3, 'follow-ups at 3, 6 and 12 months');
      await page.click(`a[href="/victims/${ids.victim}/consents/${ids.consent}/withdraw"]`);
      assert.ok((await page.textContent('h1')).includes(`Withdraw the consent of ${ids.code}?`));
      await page.click('a.button.secondary:has-text("Cancel")');
      assert.match(page.url(), new RegExp(`/victims/${ids.victim}`));
      await page.goto(`${server.base}/victims/${ids.victim}/consents/${ids.consent}/withdraw`);
      await submit(page, '#confirm-button');
      assert.ok((await page.textContent('#done')).includes('Consent withdrawn'));
      await octx.close();
    });
  });
}
