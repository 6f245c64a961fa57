/**
 * The targets of an agreement as rows: metric, priorities, duration, calendar, goal and pause statuses, each cell
 * showing the findings at its path. Availability, OTIF and KPI targets show their id and metric; the YAML view edits
 * their other fields.
 */
import { useId } from 'react';
import type { Document } from 'yaml';
import type { LintFinding } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';
import { metricName } from '../../components/metric-names.ts';
import { TableScroll } from '../../components/table-scroll.tsx';
import { concerns, valueAt } from './agreement-document.ts';
import type { Change } from './agreement-form.tsx';

const ticketMetrics = ['first_response', 'next_response', 'resolution', 'periodic_update'];
const metrics = [...ticketMetrics, 'availability', 'otif', 'mean_resolution_time', 'kpi'];

interface Column {
  readonly key: string;
  readonly label: string;
  readonly list?: boolean;
}

export function TargetsTable({
  document,
  findings,
  readOnly,
  onChange,
  onRemove,
}: {
  document: Document;
  findings: readonly LintFinding[];
  readOnly: boolean;
  onChange: Change;
  onRemove: (index: number) => void;
}) {
  const targets = (valueAt(document, 'spec.targets') as Record<string, unknown>[] | undefined) ?? [];
  const calendars = Object.keys((valueAt(document, 'spec.calendars') as Record<string, unknown> | undefined) ?? {});
  if (targets.length === 0) return <p className="empty">No targets yet.</p>;
  return (
    <TableScroll label="Targets">
      <table>
        <caption className="visually-hidden">Targets</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Metric</th>
            <th scope="col">Priorities</th>
            <th scope="col">Within / every</th>
            <th scope="col">Calendar</th>
            <th scope="col">Goal</th>
            <th scope="col">Pauses on</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {targets.map((target, index) => {
            const base = `spec.targets.${index}`;
            const rowName = String(target.id ?? `target ${index + 1}`);
            const durationKey = target.metric === 'periodic_update' ? 'every' : 'within';
            const isTicketTarget = ticketMetrics.includes(String(target.metric));
            const cellFindings = (key: string) =>
              findings.filter((finding) => concerns(finding.path, `${base}.${key}`));
            const columns: Column[] = [
              { key: 'priorities', label: 'priorities', list: true },
              { key: durationKey, label: durationKey },
            ];
            const rowFindings = findings.filter(
              (finding) =>
                concerns(finding.path, base) &&
                !['id', 'metric', 'priorities', durationKey, 'calendar', 'goal', 'pauseOn'].some((key) =>
                  concerns(finding.path, `${base}.${key}`),
                ),
            );
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row is a position in the document (paths are by index)
              <tr key={`${index}-${rowName}`}>
                <td>
                  <CellInput
                    disabled={readOnly}
                    label={`Id of target ${index + 1}`}
                    value={target.id}
                    findings={cellFindings('id')}
                    onChange={(value) => onChange(`${base}.id`, value)}
                  />
                  {rowFindings.map((finding) => (
                    <div key={finding.path + finding.rule} className="field-error">
                      {finding.message}
                    </div>
                  ))}
                </td>
                <td>
                  <select
                    disabled={readOnly}
                    aria-label={`Metric of ${rowName}`}
                    value={String(target.metric ?? '')}
                    onChange={(event) => onChange(`${base}.metric`, event.target.value)}
                  >
                    {metrics.map((metric) => (
                      <option key={metric} value={metric}>
                        {metricName(metric)}
                      </option>
                    ))}
                  </select>
                  <CellErrors findings={cellFindings('metric')} />
                </td>
                {columns.map((column) => (
                  <td key={column.key}>
                    {isTicketTarget || column.key === 'priorities' ? (
                      <CellInput
                        disabled={readOnly}
                        label={`${column.label} of ${rowName}`}
                        value={target[column.key]}
                        list={column.list}
                        findings={cellFindings(column.key)}
                        onChange={(value) => onChange(`${base}.${column.key}`, value)}
                      />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                ))}
                <td>
                  <select
                    disabled={readOnly}
                    aria-label={`Calendar of ${rowName}`}
                    value={String(target.calendar ?? '')}
                    onChange={(event) => onChange(`${base}.calendar`, event.target.value || undefined)}
                  >
                    <option value="">(none)</option>
                    {calendars.map((calendar) => (
                      <option key={calendar} value={calendar}>
                        {calendar}
                      </option>
                    ))}
                  </select>
                  <CellErrors findings={cellFindings('calendar')} />
                </td>
                <td>
                  <CellInput
                    disabled={readOnly}
                    label={`Goal of ${rowName}`}
                    value={target.goal ?? target.objective}
                    findings={cellFindings(
                      target.goal === undefined && target.objective !== undefined ? 'objective' : 'goal',
                    )}
                    onChange={(value) =>
                      onChange(
                        `${base}.${target.goal === undefined && target.objective !== undefined ? 'objective' : 'goal'}`,
                        value,
                      )
                    }
                  />
                </td>
                <td>
                  {isTicketTarget ? (
                    <CellInput
                      disabled={readOnly}
                      label={`Pause statuses of ${rowName}`}
                      value={target.pauseOn}
                      list
                      findings={cellFindings('pauseOn')}
                      onChange={(value) => onChange(`${base}.pauseOn`, value)}
                    />
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  {!readOnly && (
                    <Button variant="link" onClick={() => onRemove(index)} aria-label={`Remove target ${rowName}`}>
                      Remove
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function CellErrors({ findings, id }: { findings: readonly LintFinding[]; id?: string }) {
  if (findings.length === 0) return null;
  return (
    <div id={id}>
      {findings.map((finding) => (
        <div key={finding.path + finding.rule} className="field-error">
          {finding.message}
        </div>
      ))}
    </div>
  );
}

function CellInput({
  label,
  value,
  list,
  findings,
  disabled,
  onChange,
}: {
  disabled: boolean;
  label: string;
  value: unknown;
  list?: boolean | undefined;
  findings: readonly LintFinding[];
  onChange: (value: unknown) => void;
}) {
  const errorId = useId();
  const text = value === undefined || value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value);
  const commit = (raw: string) =>
    onChange(
      list
        ? raw
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
        : raw.trim() === ''
          ? undefined
          : raw,
    );
  return (
    <>
      <input
        aria-label={label}
        disabled={disabled}
        aria-invalid={findings.length > 0 || undefined}
        aria-describedby={findings.length > 0 ? errorId : undefined}
        defaultValue={text}
        key={text}
        size={list ? 14 : 10}
        onBlur={(event) => event.target.value !== text && commit(event.target.value)}
      />
      <CellErrors findings={findings} id={errorId} />
    </>
  );
}
