#!/usr/bin/env node
// The server ships as TypeScript source run through tsx, so `npx dixian` works right after `npm ci`
// with no separate compile step that could go stale.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
