/** Renders a resource: a spinner while it loads, the error with a retry, an empty message, or the content. */
import type { ReactNode } from 'react';
import { Empty, ErrorNotice, Loading } from './feedback.tsx';
import type { Resource } from './use-resource.ts';

export function AsyncView<T>({
  resource,
  what,
  isEmpty,
  empty,
  children,
}: {
  resource: Resource<T>;
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (resource.status === 'error') return <ErrorNotice error={resource.error} onRetry={resource.reload} what={what} />;
  if (resource.data === undefined) return <Loading label={`Loading ${what}…`} />;
  const data = resource.data;
  return (
    <>
      {resource.status === 'loading' && <Loading label={`Refreshing ${what}…`} />}
      {isEmpty?.(data) ? <Empty>{empty ?? `No ${what} yet.`}</Empty> : children(data)}
    </>
  );
}
