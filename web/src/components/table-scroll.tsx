/**
 * The box around a table that may scroll sideways on a narrow screen. It is a named, focusable region so keyboard
 * users can reach and scroll it (WCAG 2.1.1; axe rule scrollable-region-focusable).
 */
import type { ReactNode } from 'react';

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
