import { Drawer } from 'antd';
import type { ReactNode } from 'react';
import { useIsPhone } from '../lib/responsive';

/** A form in a drawer: beside the page on a desk, the whole screen on a phone; rebuilt each time it opens. */
export function SheetDrawer(p: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  width?: number;
  children: ReactNode;
}) {
  const phone = useIsPhone();
  return (
    <Drawer open={p.open} onClose={p.onClose} width={phone ? '100%' : (p.width ?? 600)} title={p.title} destroyOnHidden>
      {p.children}
    </Drawer>
  );
}
