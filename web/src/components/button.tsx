/** Buttons: one look per intent; `busy` disables the button and says why (long operations show progress). */
import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';

export function Button({
  variant = 'primary',
  busy = false,
  children,
  type = 'button',
  disabled,
  ...rest
}: { variant?: ButtonVariant; busy?: boolean; children: ReactNode } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      {...rest}
      type={type}
      className={`button ${rest.className ?? ''}`.trim()}
      data-variant={variant}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
