import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from './support/index.js';

test('the start page comes up and serves the demo county from the server', async ({ page, request }) => {
  const health = await (await request.get('/api/health')).json();
  expect(health).toEqual({ status: 'ok', db: 'pglite' });
  // the demo households, as a county officer sees them (the health check counts nothing: issue 12 §9)
  expect(
    (await request.post('/api/auth/login', { data: { username: 'xian', password: DEMO_PASSWORD } })).status(),
  ).toBe(200);
  const households = await (await request.get('/api/households?pageSize=1')).json();
  expect(households.total).toBeGreaterThan(0);
  await page.goto('/');
  await expect(page.getByText('底线')).toBeVisible();
});
