import {
  AppError,
  can,
  chinaDate,
  narrowScope,
  scopeOf,
  type AccessTarget,
  type Action,
  type Actor,
  type LocalizedText,
  type Scope,
} from '@dixian/core';
import { notFound } from './access.js';
import type { ServiceContext } from './context.js';

/**
 * The area gateway: the one way a service reaches records on behalf of an actor (like medplum's per-login
 * Repository or immich's requireAccess). Built once per request from the actor, it holds the actor's scope
 * (nothing else in services may compute one), checks the role before anything is read, loads and lists with the
 * scope applied, checks `can` on the record found, and answers a record outside the area exactly like a missing
 * one. Every refusal it raises is an `AccessRefused`, which the HTTP layer audits after the request's own
 * transaction has rolled back; successes are audited by the service that writes or unmasks, in its transaction.
 */
export class Area {
  /** the actor's whole area: repositories filter every read and write by it */
  readonly scope: Scope;

  constructor(readonly actor: Actor) {
    this.scope = scopeOf(actor);
  }

  /** Whether the role may do `action` (at `target`); for showing what a user may do next, never for guarding. */
  may(action: Action, target?: AccessTarget): boolean {
    return can(this.actor, action, target);
  }

  /** 403 unless the role may do `action` at all: that says nothing about any record. */
  allow(action: Action): void {
    if (!can(this.actor, action)) throw forbidden(action);
  }

  /**
   * A list's scope: the role check, then the actor's area narrowed to a requested region. A region above the
   * area gives the whole area; one outside it gives null (an empty list, never an error saying it exists).
   */
  list(action: Action, region?: string | null): Scope | null {
    this.allow(action);
    const prefix = narrowScope(this.scope.regionPrefix, region);
    return prefix === null ? null : { ...this.scope, regionPrefix: prefix };
  }

  /**
   * One record in the area: the role check, the load with the scope applied, then `can` with the record's region
   * (and department). Missing and outside answer the same not-found.
   */
  async load<T extends { regionCode: string }>(
    action: Action,
    what: LocalizedText,
    id: string,
    fetch: (scope: Scope) => Promise<T | null | undefined>,
  ): Promise<T>;
  async load<T>(
    action: Action,
    what: LocalizedText,
    id: string,
    fetch: (scope: Scope) => Promise<T | null | undefined>,
    target: (row: T) => AccessTarget,
  ): Promise<T>;
  async load<T>(
    action: Action,
    what: LocalizedText,
    id: string,
    fetch: (scope: Scope) => Promise<T | null | undefined>,
    target: (row: T) => AccessTarget = (row) => ({ regionCode: (row as { regionCode: string }).regionCode }),
  ): Promise<T> {
    this.allow(action);
    const row = await fetch(this.scope);
    this.require(action, row ? target(row) : undefined, what, id);
    return row!;
  }

  /**
   * The target, or not-found unless the actor may do `action` at it (absent: the record was not found in the
   * area).
   */
  require<T extends AccessTarget>(
    action: Action,
    target: T | null | undefined,
    what: LocalizedText,
    id: string | null,
  ): T {
    if (!target || !can(this.actor, action, target)) throw outside(action, what, id);
    return target;
  }

  /**
   * A place named by the request rather than by a stored record (the village a household is registered in, the
   * region of a new ledger item): 403 saying it lies outside the area, since the caller named it.
   */
  place(action: Action, target: AccessTarget, message?: LocalizedText): void {
    this.allow(action);
    if (!can(this.actor, action, target)) {
      throw new AccessRefused(
        'forbidden',
        message ?? { zh: '所选区划不在您的管辖范围内', en: 'the region chosen is outside your area' },
        { action, reason: 'outside', targetId: target.regionCode },
      );
    }
  }
}

/** What the audit records of a refusal: the action tried, on what, and why. */
export interface Refusal {
  action: Action;
  reason: 'role' | 'outside' | 'not_found';
  targetType?: string;
  targetId?: string | null;
}

/** A refusal raised by the gateway: answered like any AppError, and audited by the HTTP layer. */
export class AccessRefused extends AppError {
  constructor(
    code: 'forbidden' | 'not_found',
    message: LocalizedText,
    readonly refusal: Refusal,
  ) {
    super(code, message);
  }
}

function forbidden(action: Action): AccessRefused {
  return new AccessRefused(
    'forbidden',
    // the action's code stays in the audit record: an officer is told in words
    { zh: '当前角色无权执行此操作', en: 'your role may not do this' },
    { action, reason: 'role' },
  );
}

function outside(action: Action, what: LocalizedText, id: string | null): AccessRefused {
  return new AccessRefused('not_found', notFound(what).text, {
    action,
    reason: 'not_found',
    targetType: what.en,
    targetId: id,
  });
}

const AREAS = new WeakMap<Actor, Area>();

/** The request's area, built once per actor object (one per request) and reused by every service it calls. */
export function areaOf(ctx: { actor: Actor }): Area {
  let area = AREAS.get(ctx.actor);
  if (!area) {
    area = new Area(ctx.actor);
    AREAS.set(ctx.actor, area);
  }
  return area;
}

/** The day a report or deadline list is judged on: the requested one, or today in China. */
export function reportDay(ctx: ServiceContext, asOf: string | undefined | null): string {
  return asOf ?? chinaDate(ctx.now());
}
