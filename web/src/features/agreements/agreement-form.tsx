/**
 * The form view of an agreement document: the fields a manager edits most, each showing the lint findings and
 * validation issues at its path. Values are read from the YAML document and written back into it, so the YAML view
 * always shows the same agreement (decision 0015).
 */
import type { InputHTMLAttributes, ReactElement } from 'react';
import type { Document } from 'yaml';
import type { Customer, LintFinding } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';
import { Field } from '../../components/field.tsx';
import { concerns, valueAt } from './agreement-document.ts';
import { FindingList } from './finding-list.tsx';
import { TargetsTable } from './targets-table.tsx';

export type Change = (path: string, value: unknown) => void;

interface FieldSpec {
  readonly path: string;
  readonly label: string;
  readonly kind?: 'text' | 'number' | 'date' | 'list' | 'renewal' | 'customer';
  readonly hint?: string;
}

const sections: { title: string; fields: FieldSpec[] }[] = [
  {
    title: 'Parties and term',
    fields: [
      { path: 'metadata.id', label: 'Agreement id', hint: 'Lower-case words and hyphens; it names the agreement.' },
      { path: 'metadata.title', label: 'Title' },
      { path: 'metadata.customer', label: 'Customer', kind: 'customer' },
      { path: 'metadata.provider', label: 'Provider' },
      { path: 'spec.term.start', label: 'Term starts', kind: 'date' },
      { path: 'spec.term.end', label: 'Term ends', kind: 'date' },
      { path: 'spec.term.renewal', label: 'Renewal', kind: 'renewal' },
      { path: 'spec.term.noticeDays', label: 'Notice (days)', kind: 'number' },
      { path: 'spec.review.every', label: 'Review every', hint: 'ISO-8601 period, e.g. P3M for quarterly.' },
    ],
  },
  {
    title: 'Service credits',
    fields: [
      { path: 'spec.credits.monthlyFee.amount', label: 'Monthly fee', kind: 'number' },
      { path: 'spec.credits.monthlyFee.currency', label: 'Currency', hint: 'e.g. EUR' },
      { path: 'spec.credits.monthlyCap', label: 'Monthly cap', hint: 'Share of the fee, e.g. 10%' },
      { path: 'spec.credits.rollingTwelveMonthCap', label: 'Rolling twelve-month cap', hint: 'e.g. 10%' },
    ],
  },
  {
    title: 'Signatories',
    fields: [
      {
        path: 'spec.signatories.provider',
        label: 'Provider signatories',
        kind: 'list',
        hint: 'E-mail addresses, separated by commas.',
      },
      {
        path: 'spec.signatories.customer',
        label: 'Customer signatories',
        kind: 'list',
        hint: 'E-mail addresses, separated by commas.',
      },
    ],
  },
];

export function AgreementForm({
  document,
  findings,
  customers,
  readOnly,
  onChange,
  onAppendTarget,
  onRemoveTarget,
}: {
  document: Document;
  findings: readonly LintFinding[];
  customers: readonly Customer[];
  readOnly: boolean;
  onChange: Change;
  onAppendTarget: () => void;
  onRemoveTarget: (index: number) => void;
}) {
  const fieldPaths = sections.flatMap((section) => section.fields.map((field) => field.path));
  const placed = (finding: LintFinding) =>
    fieldPaths.some((path) => concerns(finding.path, path)) || /^spec\.targets\.\d+/.test(finding.path);
  const elsewhere = findings.filter((finding) => !placed(finding));
  return (
    <div className="stack">
      {elsewhere.length > 0 && (
        <section aria-label="Findings outside the form">
          <h3>Other findings</h3>
          <p className="small muted">These concern parts of the document the form does not show; see the YAML view.</p>
          <FindingList findings={elsewhere} />
        </section>
      )}
      {sections.map((section) => (
        <fieldset key={section.title} disabled={readOnly}>
          <legend>{section.title}</legend>
          <div className="form-grid">
            {section.fields.map((field) => (
              <FormField
                key={field.path}
                spec={field}
                value={valueAt(document, field.path)}
                findings={findings.filter((finding) => concerns(finding.path, field.path))}
                customers={customers}
                onChange={onChange}
              />
            ))}
          </div>
        </fieldset>
      ))}
      {/* Not a disabled fieldset: its table must stay focusable (scrollable) when read-only. */}
      <fieldset>
        <legend>Targets</legend>
        <TargetsTable
          document={document}
          findings={findings}
          readOnly={readOnly}
          onChange={onChange}
          onRemove={onRemoveTarget}
        />
        {!readOnly && (
          <p>
            <Button variant="secondary" onClick={onAppendTarget}>
              Add a target
            </Button>
          </p>
        )}
      </fieldset>
    </div>
  );
}

function FormField({
  spec,
  value,
  findings,
  customers,
  onChange,
}: {
  spec: FieldSpec;
  value: unknown;
  findings: readonly LintFinding[];
  customers: readonly Customer[];
  onChange: Change;
}) {
  const error = findings.map((finding) => `${finding.message} — ${finding.suggestion}`).join(' ') || undefined;
  const text = value === undefined || value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value);
  const write = (raw: string) => {
    if (spec.kind === 'number') onChange(spec.path, raw === '' ? undefined : Number(raw));
    else if (spec.kind === 'list')
      onChange(
        spec.path,
        raw
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      );
    else onChange(spec.path, raw === '' ? undefined : raw);
  };
  let control: ReactElement<Record<string, unknown>>;
  if (spec.kind === 'customer') {
    control = (
      <select value={text} onChange={(event) => write(event.target.value)}>
        <option value="">Choose…</option>
        {customers.map((customer) => (
          <option key={customer.id} value={customer.slug}>
            {customer.name} ({customer.slug})
          </option>
        ))}
        {text && !customers.some((customer) => customer.slug === text) && <option value={text}>{text}</option>}
      </select>
    );
  } else if (spec.kind === 'renewal') {
    control = (
      <select value={text} onChange={(event) => write(event.target.value)}>
        <option value="">(not stated)</option>
        <option value="auto">automatic</option>
        <option value="manual">manual</option>
        <option value="none">none</option>
      </select>
    );
  } else {
    control = <ListAwareInput kind={spec.kind} value={text} onCommit={write} name={spec.path} />;
  }
  return (
    <Field label={spec.label} hint={spec.hint} error={error}>
      {control}
    </Field>
  );
}

/** Text inputs write on every keystroke, except lists, which write when the field is left (so commas can be typed). */
function ListAwareInput({
  kind,
  value,
  onCommit,
  name,
  ...rest
}: {
  kind: FieldSpec['kind'];
  value: string;
  onCommit: (raw: string) => void;
  name: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const type = kind === 'number' ? 'number' : kind === 'date' ? 'date' : 'text';
  if (kind === 'list') {
    return (
      <input
        {...rest}
        name={name}
        defaultValue={value}
        key={value}
        onBlur={(event) => event.target.value !== value && onCommit(event.target.value)}
      />
    );
  }
  return <input {...rest} name={name} type={type} value={value} onChange={(event) => onCommit(event.target.value)} />;
}
