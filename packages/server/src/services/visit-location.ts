import { addDays, chinaDayStart } from '@dixian/core';
import type { VisitLocation } from '@dixian/core/api';
import { validationFailed } from './errors.js';

/**
 * How far a phone's clock may run ahead of the server's: village phones set by hand or by a weak network are often
 * minutes off, and a record refused for it would stay stuck in the phone's queue. More than this is a wrong
 * clock, not a fix or a photo of the future.
 */
export const DEVICE_CLOCK_SKEW_MS = 2 * 3_600_000;
/** A fix older than this before the visit day is not where the visit happened. */
const OLDEST_FIX_DAYS = 7;

/**
 * The place a visit was recorded, checked as a form would be (issue 18 §4): the schema has checked the ranges;
 * here the time of the fix must be near the visit, and (0, 0) is a device with no fix, not a place in China.
 */
export function checkLocation(loc: VisitLocation | undefined, visitedOn: string, now: Date): VisitLocation | null {
  if (!loc) return null;
  const at = Date.parse(loc.capturedAt);
  if (Number.isNaN(at)) {
    throw validationFailed([{ path: 'location.capturedAt', message: '应为 ISO 时间 / must be an ISO instant' }]);
  }
  const issues = [];
  if (at > now.getTime() + DEVICE_CLOCK_SKEW_MS) {
    issues.push({ path: 'location.capturedAt', message: '定位时间晚于当前时间 / the fix is dated in the future' });
  }
  const earliest = chinaDayStart(addDays(visitedOn, -OLDEST_FIX_DAYS)).getTime();
  if (at < earliest) {
    issues.push({
      path: 'location.capturedAt',
      message: `定位时间早于走访日 ${OLDEST_FIX_DAYS} 天以上 / the fix is more than ${OLDEST_FIX_DAYS} days before the visit`,
    });
  }
  if (loc.latitude === 0 && loc.longitude === 0) {
    issues.push({ path: 'location', message: '无效定位(0, 0) / no fix (0, 0)' });
  }
  if (issues.length) throw validationFailed(issues, { zh: '走访定位有误', en: 'invalid visit location' });
  return loc;
}
