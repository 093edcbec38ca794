import type { Actor } from '@dixian/core';
import type { Config } from '../config/env.js';
import { datedStore } from '../db/dated-store.js';
import type { Store } from '../db/store.js';
import type { PasswordHasher } from '../auth/password.js';

/** What every service needs besides the request: the store, the configuration, the hasher and the clock. */
export interface ServiceDeps {
  store: Store;
  config: Config;
  hasher: PasswordHasher;
  /** the clock; tests pass their own to step over idle timeouts and lockouts without waiting */
  now: () => Date;
}

/**
 * One request's "who is asking": built once per request by the HTTP auth plugin (or by the CLI for the
 * system actor) and passed to every service function as its first argument. Services take no Fastify types.
 */
export interface ServiceContext extends ServiceDeps {
  actor: Actor;
  requestId: string | null;
  ip?: string | null;
}

/** What the feed services need: the store, who is acting, and the clock (receipt time starts the 15 days). */
export interface FeedServiceContext {
  store: Store;
  actor: Actor;
  now: () => Date;
  /** the request an import is audited under (HTTP); null for the CLI */
  requestId?: string | null;
  /** mask ID numbers whatever the role (HTTP answers: a clear read needs the audited unmask) */
  maskPersonalData?: boolean;
}

/** The actor the CLI and the seeders act as: the whole country, every role-level right. Never logs in. */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  id: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  role: 'county_admin',
  scopeCode: '',
});

export function systemContext(deps: ServiceDeps, requestId: string | null = null): ServiceContext {
  return { ...deps, store: datedStore(deps.store, deps.now), actor: SYSTEM_ACTOR, requestId };
}

/** The signed-in user's id for a `created_by`-style column; null for the system actor, which has no account. */
export function staffId(ctx: ServiceContext): string | null {
  return ctx.actor.id === SYSTEM_ACTOR.id ? null : ctx.actor.id;
}
