import { Grid } from 'antd';

/**
 * Phone layout below antd's `md` breakpoint (768 px): the menu becomes a drawer, tables become cards, forms a
 * single column. The first render (before antd measures) counts as desktop only when the window is wide.
 */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  if (screens.md === undefined) return typeof window !== 'undefined' && window.innerWidth < 768;
  return !screens.md;
}
