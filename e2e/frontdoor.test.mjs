// The front door (issue 11) in a real browser, once per database engine: the public portal's
// pages in Urdu and English at phone and desktop width (axe-core, no sideways scrolling, no
// script, well under 100 KB), and the journey the issue asks for: an anonymous report in Urdu
// on a phone-sized screen → the Lahore supervisor triages it into an inquiry in Lahore through
// the prefilled case form → Lahore's officer sees the inquiry among the district's cases; the
// reporter follows the report up with the reference and the secret; the staff pages of the
// queue, an item and the dashboard pass the same checks.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newContext, login, checkA11y, checkFits, shot, ENGINES, PHONE, DESKTOP } from './lib.mjs';

async function visit(page, base, path, label, name) {
  const r = await page.goto(`${base}${path}`);
  assert.ok(r.status() < 400, `${label}: ${path} answered ${r.status()}`);
  await checkA11y(page, label);
  await checkFits(page, label);
  if (name) await shot(page, name);
  return r;
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// The question's two numbers, in Latin or Urdu digits.
function answer(question) {
  const latin = question.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));
  const [a, b] = latin.match(/\d+/g).map(Number);
  return String(a + b);
}

for (const engine of ENGINES) {
  describe(`front door on ${engine}`, () => {
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

    test('the public portal works without a script on a phone and a desktop, in both languages', async () => {
      for (const lang of ['ur', 'en']) {
        for (const [view, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
          const ctx = await newContext(browser, server.base, { viewport, lang });
          const page = await ctx.newPage();
          let bytes = 0;
          page.on('response', async (r) => {
            try { bytes += (await r.body()).length; } catch { /* redirects have no body */ }
          });
          for (const path of ['/public', '/public/report', '/public/follow-up']) {
            bytes = 0;
            await visit(page, server.base, path, `${path} ${lang} ${view}`, engine === 'sqlite' ? `frontdoor${path.replaceAll('/', '-')}-${lang}-${view}` : null);
            assert.equal(await page.locator('script').count(), 0, `${path}: no script`);
            assert.ok(bytes < 100 * 1024, `${path} ${lang} ${view}: ${bytes} bytes`);
            assert.equal(await page.getAttribute('html', 'lang'), lang);
          }
          await ctx.close();
        }
      }
    });

    test('an anonymous report in Urdu on a phone becomes an inquiry in Lahore that its officer sees', async () => {
      // The reporter, on a phone, in Urdu: an empty report first, led back by the summary.
      const pub = await newContext(browser, server.base, { viewport: PHONE, lang: 'ur' });
      const p = await pub.newPage();
      await p.goto(`${server.base}/public`);
      await submit(p, '#start-report');
      await submit(p, '#report-form button[type=submit]');
      assert.ok(await p.locator('.error-summary a[href="#f-what_happened"]').isVisible());
      await p.fill('#f-what_happened', 'مصنوعی اطلاع: ہماری گلی کے ایک گھر میں ایک کم عمر لڑکی کام کرتی ہے، اسے باہر جانے نہیں دیا جاتا اور مارا جاتا ہے۔');
      await p.selectOption('#f-district', 'LHR');
      await p.check('input[name=indicators][value=restricted_movement]');
      await p.check('#f-woman_officer');
      await p.fill('#f-answer', answer(await p.locator('label[for=f-answer]').innerText()));
      await submit(p, '#report-form button[type=submit]');
      await checkA11y(p, 'receipt ur phone');
      await checkFits(p, 'receipt ur phone');
      if (engine === 'sqlite') await shot(p, 'frontdoor-receipt-ur-phone');
      const reference = (await p.locator('#reference').innerText()).trim();
      const secret = (await p.locator('#secret').innerText()).trim();
      assert.match(reference, /^R-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

      // The Lahore supervisor finds it in the queue and opens an inquiry from it.
      const sup = await newContext(browser, server.base, { viewport: DESKTOP });
      const s = await sup.newPage();
      await login(s, server.base, 'supervisor.punjab');
      await visit(s, server.base, '/intake?district=LHR&source=public', 'queue', engine === 'sqlite' ? 'frontdoor-queue-en-desktop' : null);
      await submit(s, `a:has-text("${reference}")`);
      await checkA11y(s, 'item');
      await checkFits(s, 'item');
      assert.ok((await s.locator('#narrative').innerText()).includes('مصنوعی اطلاع'));
      if (engine === 'sqlite') await shot(s, 'frontdoor-item-en-desktop');
      await s.selectOption('#inquiry-classification', 'possible_tip');
      await submit(s, '#inquiry-form button[type=submit]');
      assert.ok(await s.locator('#from-report').isVisible(), 'the case form says it opens an inquiry');
      assert.equal(await s.inputValue('#f-district'), 'LHR');
      await s.check('input[name=acts][value=recruiting]');
      await s.check('input[name=means][value=deception]');
      await s.check('input[name=purposes][value=forced_labour]');
      await s.fill('textarea[name=summary]', 'Inquiry from a public report: a girl kept in a house and beaten (synthetic).');
      await submit(s, 'button[type=submit]:has-text("Register the case")');
      const done = await s.locator('#done').innerText();
      assert.match(done, /Inquiry LHR-\d{4}-\d+ opened from the report/);
      const caseRef = done.match(/LHR-\d{4}-\d+/)[0];
      assert.ok((await s.locator('main').innerText()).includes('Inquiry'), 'the case is at the inquiry stage');

      // Lahore's officer sees the inquiry among the district's cases.
      const io = await newContext(browser, server.base, { viewport: PHONE });
      const o = await io.newPage();
      await login(o, server.base, 'io.lahore');
      await o.goto(`${server.base}/cases?stage=inquiry`);
      assert.ok(await o.locator(`a:has-text("${caseRef}")`).isVisible(), `${caseRef} in Lahore's inquiries`);
      // The demo's call in immediate danger waits on the duty officer's My work.
      await visit(o, server.base, '/work', 'work with alerts');
      assert.ok(await o.locator('#intake-alerts').isVisible());

      // The reporter follows it up: looked at and passed on; nothing else is shown.
      await p.goto(`${server.base}/public/follow-up`);
      await p.fill('#f-reference', reference.toLowerCase());
      await p.fill('#f-secret', secret);
      await submit(p, 'button[type=submit]');
      await checkA11y(p, 'follow-up ur phone');
      const status = await p.locator('#report-status').innerText();
      assert.ok(status.includes(reference));
      assert.ok(!status.includes(caseRef), 'the reporter never sees the case');
      await p.fill('#f-text', 'مصنوعی: کل رات اسے دوسرے گھر لے جایا گیا۔');
      await submit(p, 'button[type=submit]');
      assert.ok(await p.locator('#done').isVisible());

      // The dashboard counts what came in.
      await visit(s, server.base, '/intake/dashboard', 'dashboard', engine === 'sqlite' ? 'frontdoor-dashboard-en-desktop' : null);
      for (const c of [pub, sup, io]) await c.close();
    });

    test('a licence look-up on a phone shows the status, and nothing else', async () => {
      // A licence from the register, as the emigration authority sees it.
      const staff = await newContext(browser, server.base, { viewport: DESKTOP });
      const e = await staff.newPage();
      await login(e, server.base, 'emigration.islamabad');
      await e.goto(`${server.base}/agents?kind=promoter`);
      const licence = (await e.locator('td span.code').first().innerText()).trim();
      assert.match(licence, /^OEP \d+\//);
      await staff.close();
      for (const lang of ['ur', 'en']) {
        const ctx = await newContext(browser, server.base, { viewport: PHONE, lang });
        const page = await ctx.newPage();
        await visit(page, server.base, '/public', `portal ${lang}`);
        assert.ok(await page.locator('main a[href="/public/agents"]').isVisible(), 'the portal links the look-up');
        await visit(page, server.base, '/public/agents', `look-up form ${lang}`);
        await page.fill('#f-q', licence.toLowerCase().replace(' ', ''));
        await submit(page, 'form[role=search] button[type=submit]');
        await checkA11y(page, `look-up ${lang}`);
        await checkFits(page, `look-up ${lang}`);
        const answer = await page.locator('#answer').innerText();
        assert.ok(answer.includes(licence), `${lang}: the licence is answered`);
        assert.equal(await page.locator('.licence-answer strong').count(), 1, 'with its status');
        assert.ok(!/LHR-\d{4}-/.test(answer), 'never a case');
        if (engine === 'sqlite') await shot(page, `frontdoor-licence-${lang}-phone`);
        await page.fill('#f-q', 'Synthetic Fake Travels 12');
        await submit(page, 'form[role=search] button[type=submit]');
        assert.ok(await page.locator('#not-licensed').isVisible(), `${lang}: not licensed`);
        await ctx.close();
      }
    });

    test('a helpline call in Urdu on a phone: the operator records it and the queue pages fit', async () => {
      const ctx = await newContext(browser, server.base, { viewport: PHONE, lang: 'ur' });
      const page = await ctx.newPage();
      await login(page, server.base, 'helpline');
      await visit(page, server.base, '/intake/new', 'helpline form ur phone', engine === 'sqlite' ? 'frontdoor-helpline-ur-phone' : null);
      await page.selectOption('#f-language', 'punjabi');
      await page.selectOption('#f-caller_kind', 'family');
      await page.check('input[name=urgency][value=urgent]');
      await page.selectOption('#f-district', 'GRW');
      await page.fill('#f-situation', 'Synthetic: her son went abroad through an agent in Gujranwala and has not called for a month.');
      await submit(page, '#helpline-form button[type=submit]');
      assert.ok(await page.locator('#done').isVisible());
      await checkA11y(page, 'item ur phone');
      await checkFits(page, 'item ur phone');
      await visit(page, server.base, '/intake', 'operator queue ur phone');
      await ctx.close();
    });
  });
}
