// The README's tour: the main pages at a phone's width (390 px) and a desktop's (1366 px), in
// English and Urdu, as each role sees them on the demo data. Writes docs/tour/*.jpg.
//
//   cargo build -p hifazat && cd e2e && npm run tour
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, newContext, login, root, PHONE, DESKTOP } from './lib.mjs';

const out = join(root, 'docs', 'tour');
mkdirSync(out, { recursive: true });

// name, user, path (a function of the page when the address is found on the page itself)
const PAGES = [
  ['work', 'io.lahore', '/work'],
  ['cases', 'io.lahore', '/cases'],
  ['case', 'io.lahore', async (page, base) => {
    await page.goto(`${base}/work`);
    return page.getAttribute('#work-list tbody a[href^="/cases/"]', 'href');
  }],
  ['monitoring', 'supervisor.punjab', '/monitoring'],
  ['protection', 'welfare.lahore', '/protection'],
  ['victims', 'welfare.lahore', '/victims'],
  ['referrals', 'shelter.lahore', '/referrals'],
  ['screening', 'immigration.lahore', '/screening'],
  ['alerts', 'immigration.lahore', '/alerts'],
  ['redbook', 'national', '/watchlist'],
  ['audit', 'auditor', '/audit'],
  ['accounts', 'admin', '/admin/users'],
];

const server = await startServer('sqlite');
const browser = await launch();
try {
  for (const lang of ['en', 'ur']) {
    for (const [view, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      let who = null;
      let ctx = null;
      let page = null;
      for (const [name, user, path] of PAGES) {
        if (user !== who) {
          await ctx?.close();
          ctx = await newContext(browser, server.base, { viewport, lang });
          page = await ctx.newPage();
          await login(page, server.base, user);
          who = user;
        }
        const target = typeof path === 'function' ? await path(page, server.base) : path;
        await page.goto(`${server.base}${target}`);
        const file = join(out, `${name}-${lang}-${view}.jpg`);
        await page.screenshot({ path: file, type: 'jpeg', quality: 70 });
        console.log(file);
      }
      await ctx?.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
