/** The command line of bench/load (see run.ts for what each option means). */
function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

/** `--smoke`: a small size for developing the harness (5,000 households, 20 users, 60 s). */
const SMOKE = process.argv.includes('--smoke');
const num = (name: string, full: number, smoke: number) => Number(arg(name, String(SMOKE ? smoke : full)));

export const HOUSEHOLDS = num('households', 300_000, 5_000);
/** households the demo generator writes; the rest are whole copies (../api/replicate.ts) */
export const GENERATE = num('generate', 75_000, 5_000);
if (!(GENERATE > 0 && HOUSEHOLDS % GENERATE === 0)) {
  throw new Error(`--generate must divide --households: ${GENERATE}, ${HOUSEHOLDS}`);
}
/** seconds of the measured window */
export const DURATION = num('duration', 180, 60);
export const CADRES = num('cadres', 300, 16);
export const TOWNSHIPS = num('townships', 20, 3);
export const COUNTY_OFFICERS = num('county-officers', 10, 1);
/** think time between two actions of one user, uniform in [min, max] seconds */
const [thinkMin, thinkMax] = arg('think', '2-8').split('-').map(Number);
export const THINK = { min: thinkMin ?? 2, max: thinkMax ?? thinkMin ?? 8 };
/**
 * 榆树市 (220182): a farming county of about 400 villages and, in life, about as many households as the issue's
 * 300,000, so one cadre per village. (The demo county 临江市 has 70 villages: 4,300 households each at 300,000,
 * and four-digit household numbers run out when copying.)
 */
export const COUNTY = arg('county', '220182');
export const SEED = Number(arg('seed', '42'));
export const REPORT = arg('report', SMOKE ? 'load-smoke.md' : 'load.md');
export const SEED_ONLY = process.argv.includes('--seed-only');
/** `--no-calibrate`: skip the per-action CPU measurement after the window */
export const CALIBRATE = !process.argv.includes('--no-calibrate');
export const ADMIN_URL = process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const KEPT_DB = process.env.DIXIAN_BENCH_LOAD_DB;
export const DB_NAME = KEPT_DB ?? `dixian_bench_load_${process.pid}`;
