// Boot of the Excel writer's worker thread (exports/xlsx-writer.ts `xlsxStream`). The server runs TypeScript from
// source; a worker does not inherit the parent's loader (tsx for the CLI, Vite for the tests), so it loads tsx itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./xlsx-worker.ts', import.meta.url);
