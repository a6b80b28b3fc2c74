// The main journeys in a real browser, once per database engine: an investigating officer logs
// in, registers a case, adds a victim, advances the stage, records a hearing, finds the case on
// the monitoring page, and the case list shows the victim's code and never the name (another
// district's officer cannot open the case); a protection officer refers a victim with consent;
// an immigration officer screens a traveller against the Red Book; an officer finds an accused
// under another spelling, merges the two records of one person and undoes the merge.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launch, login, isoDate, shots } from './lib.mjs';

const VICTIM = 'Shazia Esyntheticbibi';

// A date typed in the three boxes of a date input (day, month, year).
async function typeDate(page, form, name, iso) {
  const [y, m, d] = iso.split('-');
  await page.fill(`${form} input[name="${name}-day"]`, String(Number(d)));
  await page.fill(`${form} input[name="${name}-month"]`, String(Number(m)));
  await page.fill(`${form} input[name="${name}-year"]`, y);
}

async function searchCases(page, base, text) {
  await page.goto(`${base}/cases`);
  await page.fill('form[role=search] input[name=q]', text);
  await Promise.all([page.waitForNavigation(), page.click('form[role=search] button[type=submit]')]);
}


for (const engine of ['sqlite', 'postgres']) {
  describe(`main journey on ${engine}`, () => {
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

    test('an officer registers a case, adds a victim, advances it and finds it on the monitoring page', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await login(page, server.base, 'io.lahore');

      // Register a trafficking case guided by its legal elements.
      await page.click('text=Register a case');
      await page.check('input[name=kind][value=trafficking]');
      await page.check('input[name=acts][value=recruiting]');
      await page.check('input[name=means][value=debt_bondage]');
      await page.check('input[name=purposes][value=bonded_labour]');
      await page.check('input[name=offences][value=PTPA-3]');
      await page.check('input[name=offences][value=BLSA-11]');
      await page.check('input[name=scope][value=internal]');
      await page.selectOption('select[name=district]', 'LHR');
      await page.fill('textarea[name=summary]', 'E2E: family held at a brick kiln for an advance');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Register the case")')]);
      assert.match(page.url(), /\/cases\/\d+\?done=registered/);
      const reference = (await page.textContent('h1')).match(/LHR-\d{4}-\d{4}/)[0];

      // Add a child victim: she is listed by code.
      await page.click('summary:has-text("Add a person")');
      await page.selectOption('select[name=role]', 'victim');
      await page.fill('input[name=name]', VICTIM);
      await page.fill('input[name=father_name]', 'Synthetic Father');
      await page.selectOption('select[name=sex]', 'female');
      await page.fill('input[name=age]', '16');
      await page.fill('input[name=cnic]', '3520299988877');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Add the person")')]);
      const code = (await page.textContent('.victim-code')).trim();
      assert.match(code, /^V-\d{4}-LHR-\d{4}-1$/);
      assert.ok(!(await page.content()).includes(VICTIM), 'the case page shows the code, not the name');

      // Advance the stage: FIR registered needs the FIR number and date.
      await page.selectOption('#transition-form select[name=to]', 'fir_registered');
      await page.fill('#transition-form input[name=fir_number]', '321/2026');
      await typeDate(page, '#transition-form', 'fir_date', isoDate(0));
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Change stage")')]);
      assert.equal((await page.textContent('#stage')).trim(), 'FIR registered');

      // A hearing next week makes the case show on the monitoring page.
      await typeDate(page, '#hearing-form', 'hearing_date', isoDate(7));
      await page.fill('input[name=court]', 'Sessions Court Lahore');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Record hearing")')]);

      await page.goto(`${server.base}/monitoring`);
      assert.ok((await page.textContent('#upcoming')).includes(reference), 'the case is among upcoming hearings');
      await page.screenshot({ path: join(shots, `monitoring-${engine}.png`), fullPage: true });

      // The case list shows the victim's code and never the name. The search is posted: the
      // address of the results does not hold it.
      await searchCases(page, server.base, reference);
      assert.ok(!page.url().includes(reference), page.url());
      const row = await page.textContent('#case-list tbody');
      assert.ok(row.includes(reference) && row.includes(code), row);
      assert.ok(!(await page.content()).includes(VICTIM), 'the list never shows the victim name');
      await page.screenshot({ path: join(shots, `cases-${engine}.png`), fullPage: true });

      // Showing the identity is a deliberate, audited act.
      await searchCases(page, server.base, reference);
      await Promise.all([page.waitForNavigation(), page.click(`a:has-text("${reference}")`)]);
      const caseUrl = page.url().split('?')[0];
      await Promise.all([page.waitForNavigation(), page.click('text=Show identity')]);
      assert.ok((await page.content()).includes(VICTIM));
      assert.ok((await page.textContent('.flash.warn')).includes('audit trail'));
      await context.close();

      // Another district's officer cannot open it.
      const other = await browser.newContext();
      const p2 = await other.newPage();
      await login(p2, server.base, 'io.gujranwala');
      const r = await p2.goto(caseUrl);
      assert.equal(r.status(), 404);
      await other.close();

      // The auditor sees the identity view in the trail.
      const aud = await browser.newContext();
      const p3 = await aud.newPage();
      await login(p3, server.base, 'auditor');
      await p3.goto(`${server.base}/audit?action=view_identity`);
      const trail = await p3.textContent('#audit-list');
      assert.ok(trail.includes('io.lahore') && trail.includes(code), trail);
      await aud.close();
    });

    test('an officer identifies a victim, records consent and refers to a shelter, which accepts and serves', async () => {
      const NAME = 'Kausar Esyntheticbibi';
      const officer = await browser.newContext();
      const page = await officer.newPage();
      await login(page, server.base, 'welfare.lahore');
      await page.goto(`${server.base}/protection`);
      const count = async (p, id) => Number((await p.textContent(`#${id}`)).replace(/[^0-9]/g, ''));
      const before = { identified: await count(page, 'identified'), referred: await count(page, 'referred'), served: await count(page, 'served') };

      // Identify with the screening checklist.
      await page.click('text=Identify a victim');
      await page.check('input[name=indicators][value=debt_bondage]');
      await page.check('input[name=indicators][value=withholds_documents]');
      await page.selectOption('select[name=result]', 'presumed');
      await page.selectOption('select[name=district]', 'LHR');
      await page.fill('textarea[name=circumstances]', 'E2E: found by a labour inspector at a brick kiln');
      await page.fill('input[name=name]', NAME);
      await page.selectOption('select[name=sex]', 'female');
      await page.fill('input[name=age]', '26');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Record the identification")')]);
      assert.match(page.url(), /\/victims\/\d+\?done=identified/);
      const code = (await page.textContent('#victim-code')).trim();
      assert.match(code, /^P-\d{4}-LHR-\d{4}$/);
      const victimUrl = page.url().split('?')[0];

      // Without consent the referral is refused: the error summary says what to do and leads to
      // the consent form, where the purpose the referral needs is already chosen.
      await page.selectOption('#refer-form select[name=provider_id]', { label: (await page.locator('#refer-form select[name=provider_id] option', { hasText: 'Darul Aman Lahore' }).first().textContent()).trim() });
      await page.check('#refer-form input[name=services][value=shelter]');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send the referral")')]);
      assert.ok((await page.textContent('.error-summary')).includes('not consented'), 'refused without consent');
      await page.click('.error-summary a[href="#f-consent"]');
      assert.ok((await page.textContent('#consent-needed')).includes('first record their consent'));
      assert.equal(await page.inputValue('#consent-form select[name=purpose]'), 'refer_services');

      // Record consent with the form as it stands, then refer.
      await page.selectOption('#consent-form select[name=method]', 'written');
      await Promise.all([page.waitForNavigation(), page.click('#consent-form button[type=submit]')]);
      assert.ok((await page.textContent('.flash.ok')).includes('Consent recorded'));
      await page.selectOption('#refer-form select[name=provider_id]', { label: (await page.locator('#refer-form select[name=provider_id] option', { hasText: 'Darul Aman Lahore' }).first().textContent()).trim() });
      await page.check('#refer-form input[name=services][value=shelter]');
      await page.check('#refer-form input[name=services][value=psychosocial]');
      await page.fill('#refer-form textarea[name=needs]', 'Safe place tonight; counselling');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send the referral")')]);
      assert.ok((await page.textContent('.flash.ok')).includes('Referral sent'));
      await page.goto(`${server.base}/protection`);
      assert.equal(await count(page, 'identified'), before.identified + 1);
      assert.equal(await count(page, 'referred'), before.referred + 1);

      // The shelter sees the victim's code and needs, never the name, and no case file.
      const shelterCtx = await browser.newContext();
      const sp = await shelterCtx.newPage();
      await login(sp, server.base, 'shelter.lahore');
      await sp.goto(`${server.base}/referrals?status=sent`);
      assert.ok((await sp.textContent('#referral-list')).includes(code));
      assert.ok(!(await sp.content()).includes(NAME));
      await Promise.all([sp.waitForNavigation(), sp.click(`a:has-text("${code}")`)]);
      assert.ok((await sp.content()).includes('Safe place tonight; counselling'));
      assert.ok(!(await sp.content()).includes(NAME));
      await Promise.all([sp.waitForNavigation(), sp.click('#accept')]);
      assert.equal((await sp.textContent('#referral-status')).trim(), 'Accepted');
      await sp.selectOption('#service-form select[name=service]', 'psychosocial');
      await sp.fill('#service-form input[name=note]', 'first counselling session');
      await Promise.all([sp.waitForNavigation(), sp.click('#service-form button[type=submit]')]);
      assert.ok((await sp.textContent('.flash.ok')).includes('Service recorded'));
      assert.equal((await sp.textContent('#referral-status')).trim(), 'Services being delivered');
      await sp.screenshot({ path: join(shots, `referral-${engine}.png`), fullPage: true });
      const r = await sp.goto(victimUrl);
      assert.equal(r.status(), 403, 'a provider cannot open the protection record');
      await shelterCtx.close();

      // The dashboard's counts move.
      await page.goto(`${server.base}/protection`);
      assert.equal(await count(page, 'served'), before.served + 1);
      await page.screenshot({ path: join(shots, `protection-${engine}.png`), fullPage: true });
      await officer.close();
    });

    test('an officer finds an accused under another spelling, merges the two records and undoes it', async () => {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await login(page, server.base, 'io.lahore');
      // Two Lahore cases, the same accused written two ways.
      const uids = [];
      for (const name of ['Muhammad Rafiq Esynthetic', 'Mohd Rafiq Esynthetic']) {
        await page.goto(`${server.base}/cases/new`);
        await page.check('input[name=kind][value=trafficking]');
        await page.check('input[name=acts][value=recruiting]');
        await page.check('input[name=means][value=debt_bondage]');
        await page.check('input[name=purposes][value=bonded_labour]');
        await page.check('input[name=offences][value=PTPA-3]');
        await page.check('input[name=scope][value=internal]');
        await page.selectOption('select[name=district]', 'LHR');
        await page.fill('textarea[name=summary]', 'E2E: an agent took an advance for a kiln');
        await Promise.all([page.waitForNavigation(), page.click('button:has-text("Register the case")')]);
        await page.click('summary:has-text("Add a person")');
        await page.selectOption('select[name=role]', 'accused');
        await page.fill('input[name=name]', name);
        await page.fill('input[name=father_name]', 'Ghulam Esynthetic');
        await page.selectOption('select[name=sex]', 'male');
        await page.fill('input[name=age]', '44');
        await page.selectOption('select[name=accused_status]', 'at_large');
        await Promise.all([page.waitForNavigation(), page.click('button:has-text("Add the person")')]);
        const link = page.locator('#persons a', { hasText: name }).first();
        uids.push((await link.getAttribute('href')).split('/').pop());
      }
      // The second entry was flagged as possibly the first person.
      assert.ok((await page.textContent('#possible-duplicates')).includes('Muhammad Rafiq Esynthetic'));

      // Search under a third spelling; open the record; merge the other into it.
      await page.goto(`${server.base}/persons`);
      await page.fill('input[name=name]', 'Mohammad Rafiq');
      await page.fill('input[name=father_name]', 'Ghulam Esynthetic');
      await Promise.all([page.waitForNavigation(), page.click('form[role=search] button[type=submit]')]);
      assert.ok(!page.url().includes('Rafiq'), 'names never travel in the address');
      await Promise.all([page.waitForNavigation(), page.click('#person-hits a:has-text("Muhammad Rafiq Esynthetic")')]);
      assert.ok(page.url().endsWith(`/persons/${uids[0]}`));
      const row = page.locator('#duplicates tr', { hasText: 'Mohd Rafiq Esynthetic' });
      await row.locator('[name=reason]').fill('Same father and village in both FIRs');
      await Promise.all([page.waitForNavigation(), row.locator('button:has-text("Merge")').click()]);
      // Both records are shown before the merge is made.
      assert.ok((await page.textContent('#merge-confirm')).includes('Mohd Rafiq Esynthetic'));
      await Promise.all([page.waitForNavigation(), page.click('#merge-yes')]);
      assert.ok((await page.textContent('.flash.ok')).includes('merged'));
      assert.equal(await page.locator('#cases tbody tr').count(), 2, 'both cases on one record');
      await page.screenshot({ path: join(shots, `person-merged-${engine}.png`), fullPage: true });

      // Undo it: each record has its own case again.
      await page.locator('#merges input[name=reason]').fill('Different CNICs on the challan');
      await Promise.all([page.waitForNavigation(), page.click('#merges button:has-text("Undo the merge")')]);
      assert.ok((await page.textContent('.flash.ok')).includes('undone'));
      assert.equal(await page.locator('#cases tbody tr').count(), 1);
      assert.ok((await page.textContent('#merges')).includes('Undone'));
      await ctx.close();

      // Both steps are in the audit trail.
      const aud = await browser.newContext();
      const p3 = await aud.newPage();
      await login(p3, server.base, 'auditor');
      await p3.goto(`${server.base}/audit?action=merge`);
      assert.ok((await p3.textContent('#audit-list')).includes(uids[1]));
      await p3.goto(`${server.base}/audit?action=unmerge`);
      assert.ok((await p3.textContent('#audit-list')).includes(uids[1]));
      await aud.close();
    });

    test('an immigration officer screens a traveller against the Red Book and decides the alert', async () => {
      // A Red Book entry from the demo, through the API.
      const login = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'national', password: 'hifazat-demo' }) });
      const { token } = await login.json();
      const book = await (await fetch(`${server.base}/api/v1/watchlist?list=red_book&per_page=500`, { headers: { authorization: `Bearer ${token}` } })).json();
      assert.equal(book.total, 156, 'the demo Red Book has 156 persons');
      const list = book.items;
      assert.equal(list.length, 156);
      const wanted = list.find((e) => e.cnic && e.father_name);
      // The traveller: names in another order, CNIC typed without dashes.
      const parts = wanted.full_name.split(' ');
      const traveller = [...parts.slice(1), parts[0]].join(' ');

      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${server.base}/login`);
      await page.fill('input[name=username]', 'immigration.lahore');
      await page.fill('input[name=password]', 'hifazat-demo');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      assert.match(page.url(), /\/screening$/);
      await page.fill('#screen-one input[name=full_name]', traveller);
      await page.fill('#screen-one input[name=father_name]', wanted.father_name);
      await page.fill('#screen-one input[name=cnic]', wanted.cnic.replaceAll('-', ''));
      await page.fill('#screen-one input[name=exit_point]', 'PK-303 to Doha');
      await Promise.all([page.waitForNavigation(), page.click('#screen-one button[type=submit]')]);
      const raised = await page.textContent('#alerts-raised');
      assert.ok(raised.includes(wanted.full_name), raised);
      await page.screenshot({ path: join(shots, `screening-${engine}.png`), fullPage: true });

      await page.goto(`${server.base}/alerts`);
      const row = page.locator('#alert-list tr', { hasText: traveller }).first();
      await row.locator('input[name=note]').fill('CNIC and father\'s name checked against NADRA record');
      await Promise.all([page.waitForNavigation(), row.locator('button[value=true_match]').click()]);
      await page.goto(`${server.base}/alerts?status=true_match`);
      assert.ok((await page.textContent('#alert-list')).includes(traveller));
      await ctx.close();
    });

    test('an administrator disables an account, which signs out at once, then enables it; an officer changes a password', async () => {
      // io.quetta is signed in.
      const officer = await browser.newContext();
      const op = await officer.newPage();
      await login(op, server.base, 'io.quetta');
      await op.goto(`${server.base}/cases`);
      assert.ok(op.url().endsWith('/cases'));

      const admin = await browser.newContext();
      const page = await admin.newPage();
      await login(page, server.base, 'admin');
      await page.goto(`${server.base}/admin/users`);
      await Promise.all([page.waitForNavigation(), page.click('a:has-text("io.quetta")')]);
      await Promise.all([page.waitForNavigation(), page.click('a:has-text("Sign-in and access")')]);
      assert.ok((await page.textContent('main')).includes('Browser'), 'the open session is listed');
      // A reason is required; the error summary links to the field.
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Disable the account")')]);
      assert.ok((await page.textContent('.error-summary')).includes('Enter why the account is disabled'));
      await page.fill('input[name=reason]', 'Transferred to Karachi; new account to follow');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Disable the account")')]);
      assert.ok((await page.textContent('.flash.ok')).includes('sessions and API tokens have ended'));
      await page.screenshot({ path: join(shots, `account-access-${engine}.png`), fullPage: true });

      // The officer's next click lands on the sign-in page, and signing in is refused.
      await op.goto(`${server.base}/cases`);
      assert.match(op.url(), /\/login/);
      await op.fill('input[name=username]', 'io.quetta');
      await op.fill('input[name=password]', 'hifazat-demo');
      await Promise.all([op.waitForNavigation(), op.click('button[type=submit]')]);
      assert.ok((await op.textContent('main')).includes('disabled'));

      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Enable the account again")')]);
      assert.ok((await page.textContent('.flash.ok')).includes('enabled again'));
      await admin.close();

      // Back in, the officer changes the password and sees the session list.
      await login(op, server.base, 'io.quetta');
      await op.goto(`${server.base}/account/password`);
      await op.fill('input[name=current_password]', 'hifazat-demo');
      await op.fill('input[name=new_password]', 'monsoon ledger brass 88');
      await op.fill('input[name=confirm_password]', 'monsoon ledger brass 88');
      await Promise.all([op.waitForNavigation(), op.click('button:has-text("Change the password")')]);
      assert.ok((await op.textContent('.flash.ok')).includes('Your password has been changed'));
      assert.ok((await op.textContent('main')).includes('(this one)'));
      await officer.close();
    });
  });
}
