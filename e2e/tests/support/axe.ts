import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { settle } from './screenshot.js';

/**
 * Run axe-core (WCAG 2.1 A/AA rules) over the page and fail on any critical or serious violation (contrast,
 * keyboard access, links told apart by colour alone…), naming the rule and the elements. Moderate and minor
 * findings are attached to the test report for review.
 */
export async function expectNoSeriousViolations(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await settle(page);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
  await testInfo.attach(`axe-${name}.json`, {
    body: JSON.stringify(summary, null, 2),
    contentType: 'application/json',
  });
  const serious = summary.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(serious, `critical or serious accessibility violations on ${name}`).toEqual([]);
}
