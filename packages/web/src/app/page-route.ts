import type { Action } from '@dixian/core';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { MessageKey } from '../i18n/messages';

/** A line of the page table (routes.tsx): the page, the ability its role needs, its menu entry. */
export interface PageRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** the role must have this ability (any of them, for a list) */
  ability: Action | Action[];
  nav?: { label: MessageKey; icon: ReactNode };
  /** a page outside the menu: its name in the breadcrumbs (首页 / 农户档案 / 户详情) */
  crumb?: MessageKey;
}

/** A page module's named export, loaded lazily, so a phone only fetches the pages it opens. */
export const named = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));
