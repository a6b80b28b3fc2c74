// Screening, the alert queue, watchlists, the Red Book and the person index in a real browser,
// once per database engine: every page at phone and desktop size, in English and Urdu, checked
// with axe-core and for sideways scrolling; and the behaviours of these pages: paging with true
// totals that keeps its filters, error summaries that lead to their field, a confirmation after
// each action and before final ones, and a decision that leads to the next pending alert.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newContext, login, checkA11y, checkFits, shot, ENGINES, PHONE, DESKTOP, PASSWORD } from './lib.mjs';

async function api(base, username) {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const { token } = await r.json();
  const call = async (method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b) };
}

const CASE = {
  kind: 'trafficking',
  elements: { acts: ['recruiting'], means: ['deception'], purposes: ['forced_labour'] },
  offences: ['PTPA-3'],
  exploitation: ['bonded_labour'],
  scope: 'internal',
  district: 'LHR',
  summary: 'E2E: an agent took an advance for a kiln',
};

/** Visits `path` at phone and desktop size in both languages: accessible, fits the window. */
async function everyWay(browser, base, user, path, name, check) {
  for (const lang of ['en', 'ur']) {
    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      const ctx = await newContext(browser, base, { viewport, lang });
      const page = await ctx.newPage();
      await login(page, base, user);
      const res = await page.goto(`${base}${path}`);
      assert.ok(res.status() < 400, `${path}: ${res.status()}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.equal(await page.getAttribute('html', 'dir'), lang === 'ur' ? 'rtl' : 'ltr');
      const label = `${name} (${lang}, ${size})`;
      await checkA11y(page, label);
      await checkFits(page, label);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      console.log(`width ${label}: ${width}px in a ${viewport.width}px window`);
      if (check) await check(page, lang);
      await shot(page, `screening-${name}-${lang}-${size}`);
      await ctx.close();
    }
  }
}

for (const engine of ENGINES) {
  describe(`screening on ${engine}`, () => {
    let server;
    let browser;
    let entryId;
    let keepUid;
    let dupUid;
    before(async () => {
      server = await startServer(engine);
      browser = await launch();
      // Two records of one accused, written two ways, in two Lahore cases.
      const io = await api(server.base, 'io.lahore');
      const uids = [];
      for (const name of ['Muhammad Rafiq Fsynthetic', 'Mohd Rafiq Fsynthetic']) {
        const c = await io.post('/cases', CASE);
        assert.equal(c.status, 201, JSON.stringify(c.body));
        const p = await io.post(`/cases/${c.body.id}/persons`, { role: 'accused', name, father_name: 'Ghulam Fsynthetic', sex: 'male', age: 44, accused_status: 'at_large' });
        assert.equal(p.status, 201, JSON.stringify(p.body));
        uids.push(p.body.person_uid);
      }
      [keepUid, dupUid] = uids;
      const nat = await api(server.base, 'national');
      const list = (await nat.get('/watchlist?list=red_book&per_page=500')).body.items;
      entryId = list[list.length - 1].id;
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test('an immigration officer starts on screening, screens a traveller, and decides alerts one after another', async () => {
      const nat = await api(server.base, 'national');
      const book = (await nat.get('/watchlist?list=red_book&per_page=500')).body.items;
      const wanted = book.filter((e) => e.cnic && e.father_name).slice(0, 3);
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'immigration.lahore');
      assert.match(page.url(), /\/screening$/);
      const before = Number((await page.textContent('#pending-alerts .n')).replace(/\D/g, ''));

      // A mistake in the form: the error summary leads to the field, what was typed is kept.
      await page.fill('#f-full_name', 'Mohd Asif Esynthetic');
      await page.fill('#f-cnic', '123');
      await page.fill('input[name="date_of_birth-day"]', '4');
      await page.fill('input[name="date_of_birth-year"]', '1980');
      await Promise.all([page.waitForNavigation(), page.click('#screen-one button[type=submit]')]);
      const summary = page.locator('.error-summary');
      assert.ok(await summary.isVisible());
      await checkA11y(page, 'screening with errors');
      await summary.locator('a[href="#f-cnic"]').click();
      assert.equal(await page.getAttribute('#f-cnic', 'aria-invalid'), 'true');
      assert.ok(await summary.locator('a[href="#f-date_of_birth"]').count(), 'a day without a month is refused');
      assert.equal(await page.inputValue('#f-full_name'), 'Mohd Asif Esynthetic');

      // Three wanted persons pass the counter under other spellings: alerts for each.
      let raisedCount = 0;
      for (const w of wanted) {
        const parts = w.full_name.split(' ');
        await page.goto(`${server.base}/screening`);
        await page.fill('#f-full_name', [...parts.slice(1), parts[0]].join(' '));
        await page.fill('#f-father_name', w.father_name);
        await page.fill('#f-cnic', w.cnic.replaceAll('-', ''));
        await page.fill('#f-nationality', 'Pakistan');
        await page.fill('#f-exit_point', 'PK-303 to Doha');
        await Promise.all([page.waitForNavigation(), page.click('#screen-one button[type=submit]')]);
        const raised = await page.textContent('#alerts-raised');
        assert.ok(raised.includes(w.full_name), raised);
        assert.ok(raised.includes('Strong match'), raised);
        raisedCount += await page.locator('#alerts-raised ul.raised > li').count();
      }
      await page.click('#alerts-raised details.why summary');
      assert.ok((await page.textContent('#alerts-raised .why-list')).includes('CNIC: the same number'));
      await checkA11y(page, 'screening with alerts');
      await checkFits(page, 'screening with alerts');
      await shot(page, 'screening-result-en-phone');
      await page.goto(`${server.base}/screening`);
      assert.equal(Number((await page.textContent('#pending-alerts .n')).replace(/\D/g, '')), before + raisedCount);

      // The queue: the newest first; deciding it moves to the next, with what was recorded.
      await page.click('#pending-alerts');
      const rows = page.locator('#alert-list tbody tr');
      const first = await rows.nth(0).getAttribute('id');
      const second = await rows.nth(1).getAttribute('id');
      await rows.nth(0).locator('input[name=note]').fill("CNIC and father's name checked against the NADRA record");
      await Promise.all([page.waitForNavigation(), rows.nth(0).locator('button[value=true_match]').click()]);
      assert.ok(page.url().endsWith(`#${second}`), page.url());
      const done = await page.textContent('#decided');
      assert.ok(done.includes('Recorded: True match'), done);
      assert.ok(done.includes('NADRA'), done);
      assert.equal(await page.locator(`#${first}`).count(), 0, 'the decided alert left the pending queue');
      await checkA11y(page, 'alert queue after a decision');
      await checkFits(page, 'alert queue after a decision');
      await shot(page, 'screening-alerts-decided-en-phone');
      await Promise.all([page.waitForNavigation(), page.locator(`#${second} button[value=false_alarm]`).click()]);
      assert.ok((await page.textContent('#decided')).includes('False alarm'));
      // Decided alerts are shown apart: a true match and a false alarm look different.
      await page.goto(`${server.base}/alerts?status=all`);
      const tm = page.locator('#alert-list tr.true_match .decision').first();
      const fa = page.locator('#alert-list tr.false_alarm .decision').first();
      const bg = (l) => l.evaluate((e) => getComputedStyle(e).backgroundColor);
      assert.notEqual(await bg(tm), await bg(fa));
      await ctx.close();
    });

    test('the alert queue and the screening page, on a phone and a desktop, in English and Urdu', async () => {
      await everyWay(browser, server.base, 'immigration.lahore', '/screening', 'screening');
      await everyWay(browser, server.base, 'immigration.lahore', '/alerts?status=all', 'alerts', async (page, lang) => {
        if (lang === 'ur') assert.ok((await page.textContent('h1')).includes('الرٹس'));
      });
    });

    test('watchlists page with true totals, keep their filters, and removing an entry asks first', async () => {
      await everyWay(browser, server.base, 'national', '/watchlist?list=red_book', 'watchlist', async (page, lang) => {
        if (lang !== 'en') return;
        assert.ok((await page.textContent('#entry-count')).includes('156 active entries'));
        assert.ok((await page.textContent('.pager .showing')).includes('of 156'));
        const next = await page.getAttribute('.pager a[rel=next]', 'href');
        assert.ok(next.includes('list=red_book') && next.includes('page=2'), next);
      });
      await everyWay(browser, server.base, 'national', '/watchlist/new', 'watchlist-new');
      await everyWay(browser, server.base, 'national', `/watchlist/${entryId}/remove`, 'watchlist-remove');
      await everyWay(browser, server.base, 'national', '/redbook', 'redbook', async (page) => {
        assert.equal(await page.locator('#redbook > li').count(), 156);
      });

      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'national');
      // Page 2 of the Red Book keeps the list.
      await page.goto(`${server.base}/watchlist?list=red_book&page=2`);
      assert.equal(await page.inputValue('#f-list'), 'red_book');
      assert.ok((await page.textContent('.pager .showing')).includes('26–50 of 156'));
      // Adding an entry: messages first, then a confirmation.
      await page.click('#add-entry-link');
      await page.fill('#f-full_name', '');
      await page.fill('input[name="date_of_birth-day"]', '12');
      await Promise.all([page.waitForNavigation(), page.click('#add-entry button[type=submit]')]);
      await page.locator('.error-summary a[href="#f-full_name"]').click();
      assert.equal(await page.getAttribute('#f-full_name', 'aria-invalid'), 'true');
      assert.ok(await page.locator('.error-summary a[href="#f-date_of_birth"]').count());
      await checkA11y(page, 'watchlist entry with errors');
      await page.fill('#f-full_name', 'Sher Khan Fsynthetic');
      await page.fill('#f-father_name', 'Gul Khan Fsynthetic');
      await page.fill('input[name="date_of_birth-day"]', '');
      await page.fill('input[name="date_of_birth-month"]', '');
      await page.fill('input[name="date_of_birth-year"]', '1979');
      await page.fill('#f-nationality', 'Afghanistan');
      await page.fill('#f-reference', 'RB-12-900');
      await Promise.all([page.waitForNavigation(), page.click('#add-entry button[type=submit]')]);
      assert.ok((await page.textContent('#done')).includes('Sher Khan Fsynthetic was added to the Red Book'));
      assert.ok((await page.textContent('#entry-count')).includes('157 active entries'));
      // Removing asks first.
      await page.goto(`${server.base}/watchlist?list=red_book&page=7`);
      const remove = page.locator('#watchlist tr', { hasText: 'Sher Khan Fsynthetic' }).locator('a.remove');
      await Promise.all([page.waitForNavigation(), remove.click()]);
      assert.ok((await page.textContent('h1')).includes('Remove this entry from screening?'));
      await Promise.all([page.waitForNavigation(), page.click('#remove-confirm button.danger')]);
      assert.ok((await page.textContent('#done')).includes('was removed from the Red Book'));
      await ctx.close();
    });

    test('person search puts the record searched for first; merging shows both records before it is done', async () => {
      await everyWay(browser, server.base, 'io.lahore', '/persons', 'persons');
      await everyWay(browser, server.base, 'io.lahore', `/persons/${keepUid}`, 'person', async (page, lang) => {
        if (lang === 'en') assert.ok((await page.textContent('#duplicates')).includes('Mohd Rafiq Fsynthetic'));
      });
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'io.lahore');
      await page.goto(`${server.base}/persons`);
      await page.fill('#f-name', 'Muhammad Rafiq Fsynthetic');
      await page.fill('#f-father_name', 'Ghulam Fsynthetic');
      await Promise.all([page.waitForNavigation(), page.click('form[role=search] button[type=submit]')]);
      const firstHit = page.locator('#person-hits tbody tr').first();
      assert.equal((await firstHit.locator('a').first().getAttribute('href')).split('/').pop(), keepUid);
      assert.ok((await firstHit.textContent()).includes('Exactly as searched'));
      await checkA11y(page, 'person search results');
      await checkFits(page, 'person search results');
      await shot(page, 'screening-persons-results-en-phone');

      // Merge without a reason: the summary leads to it. With one: both records, then the merge.
      await page.goto(`${server.base}/persons/${keepUid}`);
      const row = page.locator('#duplicates tr', { hasText: 'Mohd Rafiq Fsynthetic' });
      await Promise.all([page.waitForNavigation(), row.locator('button:has-text("Merge")').click()]);
      await page.locator('.error-summary a[href="#f-reason"]').click();
      assert.equal(await page.getAttribute('#f-reason', 'aria-invalid'), 'true');
      await page.fill('#f-reason', 'Same father and village in both FIRs');
      await Promise.all([page.waitForNavigation(), page.locator('#duplicates tr', { hasText: 'Mohd Rafiq Fsynthetic' }).locator('button').click()]);
      assert.ok((await page.textContent('#merge-confirm')).includes(dupUid));
      await checkA11y(page, 'merge confirmation');
      await checkFits(page, 'merge confirmation');
      await shot(page, 'screening-person-merge-en-phone');
      await Promise.all([page.waitForNavigation(), page.click('#merge-yes')]);
      assert.ok((await page.textContent('#done')).includes('The two records were merged.'));
      await page.locator('#merges input[name=reason]').fill('Different CNICs on the challan');
      await Promise.all([page.waitForNavigation(), page.click('#merges button:has-text("Undo the merge")')]);
      assert.ok((await page.textContent('#done')).includes('undone'));
      await ctx.close();
    });

    test('a Red Book edition is issued as a PDF and the offices that received it are recorded', async () => {
      for (const lang of ['en', 'ur']) {
        const ctx = await newContext(browser, server.base, { viewport: PHONE, lang });
        const page = await ctx.newPage();
        await login(page, server.base, 'national');
        await page.goto(`${server.base}/watchlist?list=red_book`);
        await Promise.all([page.waitForNavigation(), page.click('#editions-link')]);
        await checkA11y(page, `editions ${lang}`);
        await checkFits(page, `editions ${lang}`);
        await Promise.all([page.waitForNavigation(), page.click('#issue-form button[type=submit]')]);
        assert.equal(await page.locator('#done').count(), 1);
        await checkA11y(page, `edition ${lang}`);
        await checkFits(page, `edition ${lang}`);
        const href = await page.getAttribute('#download', 'href');
        const pdf = await page.request.get(`${server.base}${href}`);
        assert.equal(pdf.status(), 200);
        assert.equal(pdf.headers()['x-hifazat-reproduced'], 'exact');
        assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-');
        await page.selectOption('#f-agency', { index: 1 });
        await Promise.all([page.waitForNavigation(), page.click('#recipient-form button[type=submit]')]);
        assert.equal(await page.locator('#table-recipients tbody tr').count(), 1);
        if (engine === 'sqlite' && lang === 'en') await shot(page, 'red-book-edition-phone');
        // The quarterly Gazette, from the same page family.
        await page.goto(`${server.base}/watchlist`);
        await Promise.all([page.waitForNavigation(), page.click('#gazette-link')]);
        await checkA11y(page, `gazette ${lang}`);
        await checkFits(page, `gazette ${lang}`);
        await Promise.all([page.waitForNavigation(), page.click('#issue-form button[type=submit]')]);
        assert.equal(await page.locator('#done').count(), 1);
        const gz = await page.request.get(`${server.base}${await page.getAttribute('#download', 'href')}`);
        assert.equal(gz.headers()['x-hifazat-reproduced'], 'exact');
        await ctx.close();
      }
    });
  });
}
