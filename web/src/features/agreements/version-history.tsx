/** The versions of an agreement, and a field-by-field comparison of any two. */
import { useState } from 'react';
import { agreementsApi } from '../../api/agreements-api.ts';
import type { AgreementDetail, AgreementVersion, Change } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge, StateBadge } from '../../components/badge.tsx';
import { Field } from '../../components/field.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatDate, formatInstant } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';

export function VersionHistory({ agreement, selected }: { agreement: AgreementDetail; selected: AgreementVersion }) {
  const versions = agreement.versions;
  const index = versions.findIndex((version) => version.id === selected.id);
  const [from, setFrom] = useState(versions[Math.max(0, index - 1)]?.id ?? selected.id);
  const [to, setTo] = useState(selected.id);
  const diff = useResource(() => agreementsApi.diff(agreement.id, from, to), [agreement.id, from, to]);
  return (
    <div className="stack">
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <TableScroll label="Versions">
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Effective from</th>
                <th scope="col">Activated</th>
                <th scope="col">Ended</th>
                <th scope="col">Content hash</th>
              </tr>
            </thead>
            <tbody>
              {[...versions].reverse().map((version) => (
                <tr key={version.id}>
                  <td>{version.number}</td>
                  <td>
                    <StateBadge state={version.status} />
                  </td>
                  <td>
                    {version.effectiveFrom ? formatDate(version.effectiveFrom, version.timezone) : 'when put in force'}
                  </td>
                  <td>{version.activatedAt ? formatInstant(version.activatedAt) : '—'}</td>
                  <td>{version.endedAt ? formatInstant(version.endedAt) : '—'}</td>
                  <td className="hash" title={version.contentHash}>
                    {version.contentHash.slice(0, 16)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section aria-labelledby="diff-heading">
        <h2 id="diff-heading">Differences</h2>
        {versions.length < 2 ? (
          <p className="empty">There is only one version: nothing to compare yet.</p>
        ) : (
          <>
            <div className="filters">
              <Field label="From version">
                <select value={from} onChange={(event) => setFrom(event.target.value)}>
                  {versions.map((version) => (
                    <option key={version.id} value={version.id}>
                      Version {version.number} ({version.status.replaceAll('_', ' ')})
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="To version">
                <select value={to} onChange={(event) => setTo(event.target.value)}>
                  {versions.map((version) => (
                    <option key={version.id} value={version.id}>
                      Version {version.number} ({version.status.replaceAll('_', ' ')})
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <AsyncView
              resource={diff}
              what="the differences"
              isEmpty={(result) => result.changes.length === 0}
              empty="The two versions have the same content."
            >
              {(result) => <ChangeTable changes={result.changes} />}
            </AsyncView>
          </>
        )}
      </section>
    </div>
  );
}

const kindTones = { added: 'green', removed: 'red', changed: 'amber' } as const;

function ChangeTable({ changes }: { changes: readonly Change[] }) {
  return (
    <TableScroll label="Changed fields">
      <table>
        <caption className="visually-hidden">Changed fields</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Change</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={`${change.path}-${change.kind}`}>
              <td className="mono">{change.path}</td>
              <td>
                <Badge tone={kindTones[change.kind]}>{change.kind}</Badge>
              </td>
              <td className={change.before === undefined ? '' : 'diff-before'}>
                <ValueText value={change.before} text={change.beforeText} />
              </td>
              <td className={change.after === undefined ? '' : 'diff-after'}>
                <ValueText value={change.after} text={change.afterText} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The value as the server words it for people (durations in hours and minutes), else as it is stored. */
function ValueText({ value, text }: { value: unknown; text: string | undefined }) {
  if (value === undefined) return <span className="muted">—</span>;
  const shown = text ?? (typeof value === 'string' ? value : JSON.stringify(value));
  return <code style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{shown}</code>;
}
