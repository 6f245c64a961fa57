/** Downloads of the report: PDF, the targets as CSV, and the breaches as CSV; each shows progress and failure. */
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { reportsApi } from '../../api/reports-api.ts';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';

const exports = [
  { id: 'pdf', label: 'Export PDF', query: { format: 'pdf' }, file: 'pdf' },
  { id: 'csv', label: 'Export CSV', query: { format: 'csv' }, file: 'csv' },
  { id: 'breaches', label: 'Breaches CSV', query: { format: 'csv', part: 'breaches' }, file: 'breaches.csv' },
] as const;

export function ExportButtons({ agreementId, slug, period }: { agreementId: string; slug: string; period: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (entry: (typeof exports)[number]) => {
    setBusy(entry.id);
    setError(null);
    setDone(null);
    try {
      await reportsApi.exportReport(agreementId, { period, ...entry.query }, `${slug}-${period}.${entry.file}`);
      setDone(`${entry.label}: downloaded.`);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.isMissingRoute
          ? new ApiError(404, failure.code, 'exports are not available on this server yet (no report endpoint)')
          : failure,
      );
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="stack">
      <div className="row">
        {exports.map((entry) => (
          <Button
            key={entry.id}
            variant="secondary"
            busy={busy === entry.id}
            disabled={busy !== null}
            onClick={() => void run(entry)}
          >
            {busy === entry.id ? `${entry.label}: preparing…` : entry.label}
          </Button>
        ))}
      </div>
      <div aria-live="polite">
        {done && <Notice tone="success">{done}</Notice>}
        <FormError error={error} />
      </div>
    </div>
  );
}
