/** Loading, empty, error and notice states, so every screen says what is happening instead of showing nothing. */
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { Button } from './button.tsx';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Notice({
  tone = 'info',
  title,
  children,
  role,
}: {
  tone?: 'info' | 'success' | 'warning' | 'error';
  title?: string;
  children?: ReactNode;
  role?: 'alert' | 'status';
}) {
  return (
    <div className="notice" data-tone={tone} role={role}>
      {title && <strong>{title}</strong>}
      {children && (typeof children === 'string' ? <p>{children}</p> : children)}
    </div>
  );
}

/** What went wrong, in the server's words, with its stable code and a way to try again. */
export function ErrorNotice({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what?: string }) {
  if (error instanceof ApiError && error.isMissingRoute) {
    return (
      <Notice tone="warning" title={`${what ?? 'This information'} is not available on this server yet`} role="status">
        <p>
          The server does not offer this endpoint yet ({error.message}). This part of the screen works once the server
          is updated.
        </p>
      </Notice>
    );
  }
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Notice tone="error" title="Not found" role="alert">
        <p>It does not exist, or you may not see it.</p>
      </Notice>
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : null;
  return (
    <Notice tone="error" title={what ? `Could not load ${what}` : 'Something went wrong'} role="alert">
      <p>
        {message}
        {code && <span className="muted small"> ({code})</span>}
      </p>
      {onRetry && (
        <p>
          <Button variant="secondary" onClick={onRetry}>
            Try again
          </Button>
        </p>
      )}
    </Notice>
  );
}

/** The message of a failed change, shown where the change was made. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : null;
  return (
    <div className="notice" data-tone="error" role="alert">
      <strong>{message}</strong>
      {code && <span className="small"> ({code})</span>}
    </div>
  );
}
