/** Paging for long lists: "21–40 of 300" with previous and next. */
import { Button } from './button.tsx';

export function Pagination({
  page: { total, limit, offset },
  onChange,
  label = 'items',
}: {
  /** The `page` of a list response. */
  page: { total: number; limit: number; offset: number };
  onChange: (offset: number) => void;
  label?: string;
}) {
  if (total <= limit && offset === 0) return <p className="muted small">{`${total} ${label}`}</p>;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pagination" aria-label={`Pages of ${label}`}>
      <span>
        {first}–{last} of {total} {label}
      </span>
      <span className="row">
        <Button variant="secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
          Previous
        </Button>
        <Button variant="secondary" disabled={last >= total} onClick={() => onChange(offset + limit)}>
          Next
        </Button>
      </span>
    </nav>
  );
}
