import { expect, test } from '@playwright/test';

test('the start page comes up and reports the demo county from the server', async ({ page, request }) => {
  const health = await (await request.get('/api/health')).json();
  expect(health).toMatchObject({ status: 'ok', db: 'pglite' });
  expect(health.households).toBeGreaterThan(0);
  await page.goto('/');
  await expect(page.getByText('底线')).toBeVisible();
});
