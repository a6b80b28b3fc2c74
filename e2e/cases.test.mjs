// The cases area in a real browser, once per database engine: every case page at phone and
// desktop width, in English and Urdu, with axe-core (no serious or critical violation) and no
// sideways scrolling; and the behaviours of issue 14: the list pages with its true total and
// keeps its filters, the registration form's error summary leads to the field, dates are typed
// as day, month and year, a final step is confirmed first, and each action says what happened.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newContext, login, checkA11y, checkFits, shot, isoDate, ENGINES, PHONE, DESKTOP } from './lib.mjs';

const widths = [];

async function visit(page, base, path, label, { screenshot = null, lang, view } = {}) {
  const r = await page.goto(`${base}${path}`);
  assert.ok(r.status() < 400, `${label}: ${path} answered ${r.status()}`);
  await checkA11y(page, label);
  await checkFits(page, label);
  if (view === 'phone') {
    widths.push(`${label}: ${await page.evaluate(() => document.documentElement.scrollWidth)}px`);
  }
  if (screenshot) await shot(page, `cases-${screenshot}-${lang}-${view}`);
}

// Types a date `days` from today into the day, month and year boxes NAME of the form at `scope`.
async function fillDate(page, scope, name, days) {
  const [y, m, d] = isoDate(days).split('-');
  await page.fill(`${scope} input[name="${name}-day"]`, String(Number(d)));
  await page.fill(`${scope} input[name="${name}-month"]`, String(Number(m)));
  await page.fill(`${scope} input[name="${name}-year"]`, y);
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

for (const engine of ENGINES) {
  describe(`case pages on ${engine}`, () => {
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

    test('an officer registers a case from an empty form led by the error summary, then acts on it', async () => {
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'io.lahore');

      // An empty form: the summary links to each field, and the link moves to it.
      await page.goto(`${server.base}/cases/new`);
      await page.selectOption('#f-district', '');
      await submit(page, 'button[type=submit]:has-text("Register the case")');
      const summary = page.locator('.error-summary');
      assert.ok(await summary.isVisible());
      assert.ok((await summary.textContent()).includes('Choose the kind of case'));
      await page.click('.error-summary a[href="#f-district"]');
      assert.equal(await page.evaluate(() => location.hash), '#f-district');
      assert.equal(await page.getAttribute('#f-district', 'aria-invalid'), 'true');
      await page.click('.error-summary a[href="#f-kind"]');
      assert.equal(await page.evaluate(() => location.hash), '#f-kind');

      // Smuggling, with the complaint date typed in three boxes and destinations picked by name.
      await page.check('input[name=kind][value=smuggling]');
      await page.check('input[name=illegal_entry]');
      await page.check('input[name=financial_benefit]');
      await page.check('input[name=scope][value=cross_border]');
      await page.selectOption('#f-district', 'LHR');
      await page.fill('input[name="reported_on-day"]', '2');
      await page.fill('input[name="reported_on-month"]', '1');
      await page.fill('input[name="reported_on-year"]', '2026');
      const boxes = page.locator('input[name=destination_countries]');
      await boxes.nth(0).fill('Iran');
      await boxes.nth(1).fill('Türkiye');
      await page.fill('#f-summary', 'E2E: an agent promised work in Europe and took the fare');
      await submit(page, 'button[type=submit]:has-text("Register the case")');
      assert.match(page.url(), /\/cases\/\d+\?done=registered/);
      ids.case = page.url().match(/\/cases\/(\d+)/)[1];
      assert.ok((await page.textContent('#done')).includes('Next, add the victims'));
      const lead = await page.textContent('section[aria-labelledby=registration]');
      assert.ok(lead.includes('2 Jan 2026') && lead.includes('Iran'), lead);

      // Add a victim: listed by code; the confirmation says what next.
      await page.click('summary:has-text("Add a person")');
      await page.selectOption('#f-role', 'victim');
      await page.fill('#f-name', 'Samina Esyntheticbibi');
      await page.selectOption('#f-sex', 'female');
      await page.fill('#f-age', '19');
      await page.fill('#f-nationality', 'Pakistan');
      await submit(page, 'button:has-text("Add the person")');
      assert.ok((await page.textContent('#done')).includes('Person added'));
      assert.match((await page.textContent('.victim-code')).trim(), /^V-\d{4}-LHR-\d{4}-1$/);
      // And an accused, whose status can change later.
      await page.click('summary:has-text("Add a person")');
      await page.selectOption('#f-role', 'accused');
      await page.fill('#f-name', 'Tariq Esynthetic');
      await page.selectOption('#f-sex', 'male');
      await page.selectOption('#f-accused_status', 'at_large');
      await submit(page, 'button:has-text("Add the person")');

      // FIR registered with its date typed; a missing number is asked for first.
      await page.selectOption('#f-to', 'fir_registered');
      await submit(page, 'button:has-text("Change stage")');
      assert.ok((await page.textContent('.error-summary')).includes('Enter the FIR number'));
      await page.click('.error-summary a[href="#f-fir_number"]');
      assert.equal(await page.evaluate(() => location.hash), '#f-fir_number');
      await page.fill('#f-fir_number', '88/2026');
      await page.fill('#transition-form input[name="fir_date-day"]', '5');
      await page.fill('#transition-form input[name="fir_date-month"]', '1');
      await page.fill('#transition-form input[name="fir_date-year"]', '2026');
      await submit(page, 'button:has-text("Change stage")');
      assert.ok((await page.textContent('#done')).includes('Stage changed to FIR registered'));
      assert.equal((await page.textContent('#stage')).trim(), 'FIR registered');

      // A hearing.
      await page.fill('#hearing-form input[name="hearing_date-day"]', '15');
      await page.fill('#hearing-form input[name="hearing_date-month"]', '1');
      await page.fill('#hearing-form input[name="hearing_date-year"]', '2027');
      await page.fill('#f-court', 'Sessions Court Lahore');
      await submit(page, 'button:has-text("Record hearing")');
      assert.ok((await page.textContent('#done')).includes('Hearing recorded'));
      assert.ok((await page.textContent('#hearings')).includes('15 Jan 2027'));

      // The accused is arrested.
      await page.click('#persons summary:has-text("Change status")');
      const form = page.locator('form.status-form').first();
      await form.locator('select[name=status]').selectOption('arrested');
      await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
      assert.ok((await page.textContent('#done')).includes('Accused status recorded'));
      assert.ok((await page.textContent('#persons')).includes('Arrested'));

      // A second case, left open, for the confirmation pages below.
      await page.goto(`${server.base}/cases/new`);
      await page.check('input[name=kind][value=undetermined]');
      await submit(page, 'button[type=submit]:has-text("Register the case")');
      assert.match(page.url(), /\/cases\/\d+\?done=registered/);
      ids.open = page.url().match(/\/cases\/(\d+)/)[1];
      await ctx.close();
    });

    test('the case list pages with its true total and keeps its filters', async () => {
      const ctx = await newContext(browser, server.base, { viewport: DESKTOP });
      const page = await ctx.newPage();
      await login(page, server.base, 'national');
      await page.goto(`${server.base}/cases`);
      await page.selectOption('#f-open', 'true');
      await submit(page, 'form[role=search] button[type=submit]');
      const total = Number((await page.textContent('#cases-total')).replace(/[^0-9]/g, ''));
      assert.ok(total > 50, `the demo has more than 50 open cases nationally (${total})`);
      assert.ok((await page.textContent('.pager')).includes(`of ${total.toLocaleString('en')}`));
      assert.equal(await page.locator('#case-list tbody tr').count(), 50);
      const first = await page.locator('#case-list tbody tr td:first-child a').allTextContents();
      await submit(page, '.pager a[rel=next]');
      assert.match(page.url(), /open=true&page=2/);
      assert.ok((await page.textContent('.pager')).includes('Showing 51–'));
      const second = await page.locator('#case-list tbody tr td:first-child a').allTextContents();
      assert.ok(second.length > 0 && second.every((r) => !first.includes(r)), 'page 2 shows other cases');
      assert.equal(await page.inputValue('#f-open'), 'true', 'the filter is still shown as set');
      assert.match(await page.getAttribute('a:has-text("Export as CSV")', 'href'), /open=true/);
      await ctx.close();
    });

    test('closing a case is confirmed first, then says what happened', async () => {
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'io.lahore');
      await page.goto(`${server.base}/cases/${ids.case}`);
      await page.selectOption('#f-to', 'closed_transferred');
      await page.fill('#f-remark', 'E2E: transferred to FIA Karachi');
      await submit(page, 'button:has-text("Change stage")');
      assert.ok((await page.textContent('h1')).includes('Close case LHR-'));
      await page.click('a.button.secondary:has-text("Cancel")');
      assert.equal((await page.textContent('#stage')).trim(), 'FIR registered', 'nothing changed on cancel');
      await page.selectOption('#f-to', 'closed_transferred');
      await page.fill('#f-remark', 'E2E: transferred to FIA Karachi');
      await submit(page, 'button:has-text("Change stage")');
      await submit(page, '#confirm-button');
      assert.ok((await page.textContent('#done')).includes('The case is now Closed: transferred'));
      await ctx.close();
    });

    test('a smuggling case that turns out to be trafficking is reclassified, transferred to an FIA circle, and taken by the prosecutor through hearings to a conviction with compensation and an appeal', async () => {
      const ctx = await newContext(browser, server.base, { viewport: PHONE });
      const page = await ctx.newPage();
      await login(page, server.base, 'io.lahore');
      await page.goto(`${server.base}/cases?kind=smuggling&open=true`);
      await submit(page, '#case-list a.code');
      const caseUrl = page.url();
      await submit(page, '#amend-case');
      assert.ok(await page.isChecked('input[name=kind][value=smuggling]'), 'the form shows the case as it stands');
      // Trafficking without its elements or a reason: the summary says what is missing.
      await page.check('input[name=kind][value=trafficking]');
      await submit(page, 'form.case-form button[type=submit]');
      const summary = await page.textContent('.error-summary');
      assert.ok(summary.includes('Enter why the case is amended'), summary);
      assert.ok(summary.includes('trafficking case needs at least one act'), summary);
      await checkA11y(page, `${engine} amend with errors`);
      await checkFits(page, `${engine} amend with errors`);
      await page.check('input[name=acts][value=recruiting]');
      await page.check('input[name=means][value=deception]');
      await page.check('input[name=purposes][value=forced_labour]');
      await page.fill('#f-reason', 'E2E: the men were sold to a kiln owner on arrival');
      await submit(page, 'form.case-form button[type=submit]');
      assert.equal(page.url().split('?')[0], caseUrl.split('?')[0]);
      assert.ok((await page.textContent('#done')).includes('the case is now Trafficking in persons'));
      const history = await page.textContent('#amendment-list');
      assert.ok(history.includes('Kind: Smuggling of migrants (PSMA 2018) → Trafficking in persons (PTPA 2018)'), history);
      assert.ok(history.includes('E2E: the men were sold to a kiln owner on arrival'), history);
      await shot(page, 'cases-amended-en-phone');

      // Then sent to the FIA circle in Karachi, which the Sindh supervisor accepts.
      await page.click('#transfer-details summary');
      await submit(page, '#transfer-form button[type=submit]');
      assert.ok((await page.textContent('.error-summary')).includes('Enter why the case is transferred'));
      await page.click('.error-summary a[href="#f-transfer_reason"]');
      assert.equal(await page.evaluate(() => location.hash), '#f-transfer_reason');
      await page.selectOption('#f-to_district', 'KHS');
      await page.selectOption('#f-to_agency_id', { label: 'AHTC Karachi — Karachi South' });
      await page.fill('#f-transfer_reason', 'E2E: the agent and the boat are in Karachi');
      await submit(page, '#transfer-form button[type=submit]');
      assert.ok((await page.textContent('#done')).includes('The transfer is asked for'));
      await checkA11y(page, `${engine} transfer asked for`);
      const sup = await (await newContext(browser, server.base, { viewport: PHONE })).newPage();
      await login(sup, server.base, 'supervisor.sindh');
      await sup.goto(`${server.base}/work`);
      await submit(sup, '#transfers-incoming a');
      assert.ok((await sup.textContent('#read-only')).includes('offered to your district'));
      await checkA11y(sup, `${engine} transfer offered`);
      await checkFits(sup, `${engine} transfer offered`);
      await submit(sup, '#accept-transfer');
      assert.ok((await sup.textContent('#done')).includes('The case is accepted'));
      assert.ok((await sup.textContent('#transfer-list')).includes('AHTC Karachi'));
      await page.reload();
      assert.ok((await page.textContent('#read-only')).includes('transferred out of your jurisdiction'));
      assert.equal(await page.locator('#transition-form').count(), 0, 'Lahore reads it, no longer changes it');
      await ctx.close();

      // Karachi takes it to court: the boatman and a migrant on record, FIR, investigation,
      // challan.
      const caseId = caseUrl.match(/\/cases\/(\d+)/)[1];
      await sup.goto(`${server.base}/cases/${caseId}`);
      for (const [role, name, sex] of [['accused', 'E2E Synthetic Boatman', 'male'], ['victim', 'E2E Synthetic Migrant', 'male']]) {
        await sup.click('summary:has-text("Add a person")');
        await sup.selectOption('#f-role', role);
        await sup.fill('#f-name', name);
        await sup.selectOption('#f-sex', sex);
        await sup.fill('#f-age', '31');
        if (role === 'accused') await sup.selectOption('#f-accused_status', 'arrested');
        else await sup.fill('#f-nationality', 'Pakistan');
        await submit(sup, 'button:has-text("Add the person")');
      }
      for (const to of ['fir_registered', 'under_investigation', 'challan_submitted']) {
        const options = await sup.locator('#f-to option').evaluateAll((os) => os.map((o) => o.value));
        if (!options.includes(to)) continue;
        await sup.selectOption('#f-to', to);
        await sup.fill('#f-remark', `E2E: ${to}`);
        if (to === 'fir_registered' && (await sup.locator('#f-fir_number').count())) {
          await sup.fill('#f-fir_number', '31/2026');
          await fillDate(sup, '#transition-form', 'fir_date', -40);
        }
        await submit(sup, 'button:has-text("Change stage")');
      }
      assert.equal((await sup.textContent('#stage')).trim(), 'Challan submitted');
      await sup.context().close();

      // The prosecutor of Karachi South: accepting without a court is refused, with the court
      // the case goes under trial.
      const pros = await (await newContext(browser, server.base, { viewport: PHONE })).newPage();
      await login(pros, server.base, 'prosecutor.karachi');
      await pros.goto(`${server.base}/cases/${caseId}`);
      await submit(pros, '#trial-link');
      await pros.check('#scrutiny-form input[name=decision][value=accepted]');
      await submit(pros, '#scrutiny-form button[type=submit]');
      assert.ok((await pros.textContent('.error-summary')).includes('Enter the court the challan is sent to'));
      await pros.click('.error-summary a[href="#f-scrutiny_court"]');
      assert.equal(await pros.evaluate(() => location.hash), '#f-scrutiny_court');
      await pros.fill('#f-scrutiny_court', 'Anti-Human Trafficking Court Karachi South');
      await pros.fill('#scrutiny-form input[name=scrutiny_judge]', 'E2E Synthetic Judge');
      await submit(pros, '#scrutiny-form button[type=submit]');
      assert.ok((await pros.textContent('#done')).includes('The challan was accepted and the case is now: Under trial.'));
      await checkA11y(pros, `${engine} challan accepted`);
      await checkFits(pros, `${engine} challan accepted`);

      // A hearing ten days ago, adjourned at the defence's request to five days ago, when the
      // judgment was announced.
      await pros.click('details:has(#hearing-form) summary');
      await fillDate(pros, '#hearing-form', 'hearing_date', -10);
      await pros.fill('#hearing-form input[name=hearing_court]', 'Anti-Human Trafficking Court Karachi South');
      await submit(pros, '#hearing-form button[type=submit]');
      assert.ok((await pros.textContent('#done')).includes('The hearing was recorded.'));
      await pros.click('details:has(form.outcome-form) summary');
      await pros.locator('form.outcome-form select[name=outcome]').first().selectOption('adjourned');
      await submit(pros, 'form.outcome-form button[type=submit]');
      const why = await pros.textContent('.error-summary');
      assert.ok(why.includes('Choose why the hearing was adjourned') && why.includes('Choose at whose request'), why);
      await checkA11y(pros, `${engine} hearing outcome with errors`);
      await pros.selectOption('#f-adjournment_reason', 'defence_counsel_absent');
      await pros.selectOption('#f-adjourned_by', 'defence');
      await fillDate(pros, 'form.outcome-form', 'next_hearing_date', -5);
      await submit(pros, 'form.outcome-form button[type=submit]');
      assert.ok((await pros.textContent('#done')).includes('The outcome was recorded.'));
      assert.ok((await pros.textContent('#hearing-list')).includes('Defence counsel absent'));
      await pros.click('details:has(form.outcome-form) summary');
      await pros.locator('form.outcome-form select[name=outcome]').first().selectOption('judgment');
      await submit(pros, 'form.outcome-form button[type=submit]');
      assert.ok((await pros.textContent('#hearing-list')).includes('Judgment announced'));

      // The verdicts: the boatman convicted, seven years and a fine; any other accused
      // acquitted. Once all are judged the case is decided.
      const accused = await pros.locator('#verdict-form select[name=accused] option').evaluateAll(
        (os) => os.filter((o) => o.value).map((o) => [o.value, o.textContent.trim()]));
      assert.ok(accused.some(([, n]) => n === 'E2E Synthetic Boatman'), JSON.stringify(accused));
      for (const [value, name] of accused) {
        if (!(await pros.locator('#verdict-form').isVisible())) await pros.click('details:has(#verdict-form) summary');
        await pros.selectOption('#verdict-form select[name=accused]', value);
        await pros.selectOption('#verdict-form select[name=offence_code]', { index: 1 });
        const convicted = name === 'E2E Synthetic Boatman';
        await pros.check(`#verdict-form input[name=verdict][value=${convicted ? 'convicted' : 'acquitted'}]`);
        if (convicted) {
          await pros.fill('#verdict-form input[name=years]', '7');
          await pros.fill('#verdict-form input[name=fine_pkr]', '500000');
        }
        await fillDate(pros, '#verdict-form', 'judgment_date', -5);
        await submit(pros, '#verdict-form button[type=submit]');
        assert.ok((await pros.textContent('#done')).includes('The verdict was recorded.'), await pros.textContent('main'));
      }
      assert.equal((await pros.textContent('#stage')).trim(), 'Decided: convicted');
      assert.ok((await pros.textContent('#verdict-table')).includes('7 years'));

      // Compensation to the victim, then the convict's appeal to the High Court.
      await pros.click('details:has(#compensation-form) summary');
      await pros.selectOption('#compensation-form select[name=victim]', { index: 1 });
      await pros.selectOption('#compensation-form select[name=law]', 'ptpa_2018');
      await pros.fill('#compensation-form input[name=amount_pkr]', '300000');
      await fillDate(pros, '#compensation-form', 'ordered_on', -5);
      await submit(pros, '#compensation-form button[type=submit]');
      assert.ok((await pros.textContent('#done')).includes('The compensation was recorded.'));
      assert.ok((await pros.textContent('#compensation-list')).includes('Not paid'));
      await pros.click('details:has(#appeal-form) summary');
      await pros.selectOption('#appeal-form select[name=filed_by]', 'convict');
      await pros.selectOption('#appeal-form select[name=appeal_accused]', { label: 'E2E Synthetic Boatman' });
      await pros.fill('#appeal-form input[name=appeal_court]', 'Sindh High Court');
      await fillDate(pros, '#appeal-form', 'filed_on', 0);
      await submit(pros, '#appeal-form button[type=submit]');
      assert.ok((await pros.textContent('#done')).includes('The appeal was recorded.'));
      const appeals = await pros.textContent('#appeal-list');
      assert.ok(appeals.includes('Sindh High Court') && appeals.includes('Pending'), appeals);
      await checkA11y(pros, `${engine} trial page`);
      await checkFits(pros, `${engine} trial page`);
      await shot(pros, 'cases-trial-en-phone');
      await pros.context().close();
    });

    for (const lang of ['en', 'ur']) {
      for (const [view, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
        test(`every case page in ${lang} on a ${view}: accessible, fits the window`, async () => {
          const ctx = await newContext(browser, server.base, { viewport, lang });
          const page = await ctx.newPage();
          await login(page, server.base, 'io.lahore');
          const o = { lang, view };
          const l = (name) => `${engine} ${lang} ${view} ${name}`;
          await visit(page, server.base, '/cases', l('cases'), { ...o, screenshot: 'list' });
          await visit(page, server.base, '/cases?open=true&page=2', l('cases page 2'), o);
          await visit(page, server.base, '/cases/new', l('register'), { ...o, screenshot: 'new' });
          await visit(page, server.base, `/cases/${ids.case}`, l('case'), { ...o, screenshot: 'case' });
          await visit(page, server.base, `/cases/${ids.case}/amend`, l('amend'), { ...o, screenshot: 'amend' });
          // A busy demo case under trial: persons, events, hearings.
          await page.goto(`${server.base}/cases?stage=under_trial`);
          const href = await page.locator('#case-list a.code').first().getAttribute('href');
          await visit(page, server.base, href, l('demo case'), { ...o, screenshot: 'case-demo' });
          const victim = page.locator('#persons a.button[href^="/cases/"][href*="/victims/"]').first();
          assert.ok(await victim.count(), 'the demo case has a victim whose identity can be shown');
          await visit(page, server.base, await victim.getAttribute('href'), l('identity'), { ...o, screenshot: 'identity' });
          // Its trial (court, hearings and their outcomes, verdicts) and its victims and witnesses.
          await visit(page, server.base, `${href}/trial`, l('trial'), { ...o, screenshot: 'trial' });
          await visit(page, server.base, `${href}/witnesses`, l('witnesses'), { ...o, screenshot: 'witnesses' });
          // The confirmation before a final step (not confirmed here).
          await page.goto(`${server.base}/cases/${ids.open}`);
          await page.selectOption('#f-to', 'closed_transferred');
          await page.fill('#f-remark', 'E2E: transferred');
          await submit(page, '#transition-form button[type=submit]');
          assert.ok(await page.locator('#confirm-button').isVisible());
          await checkA11y(page, l('confirm closing'));
          await checkFits(page, l('confirm closing'));
          await shot(page, `cases-confirm-${lang}-${view}`);
          // The registration form sent back with messages.
          await page.goto(`${server.base}/cases/new`);
          await submit(page, 'form.case-form button[type=submit]');
          await checkA11y(page, l('register with errors'));
          await checkFits(page, l('register with errors'));
          await shot(page, `cases-new-errors-${lang}-${view}`);
          if (lang === 'ur') {
            assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
            assert.ok((await page.textContent('h1')).includes('مقدمہ درج کریں'));
            assert.ok((await page.textContent('.error-summary')).includes('مقدمے کی قسم منتخب کریں'));
          }
          await ctx.close();
        });
      }
    }
  });
}
