// Boot of the feed parser's worker thread (feeds/parse.ts `runParse`). The server runs TypeScript from source;
// a worker does not inherit the parent's loader (tsx for the CLI, Vite for the tests), so it loads tsx itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./parse-worker.ts', import.meta.url);
