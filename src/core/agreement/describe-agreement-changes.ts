/**
 * The version diff as a person reads it: beside each value as the normalised model has it (what programs compare),
 * its text as the agreement means it, with business durations in hours and minutes (`27 business h`, not
 * `97200000`) and metrics by name (decision 0027). A target's fields are read with that target's metric and
 * calendar: `objective` is a duration only for mean resolution time, and OTIF windows are business time only when
 * the target names a calendar.
 */
import { type DurationKind, formatDuration } from '../time/index.ts';
import type { Agreement, Target } from './agreement-schema.ts';
import type { AgreementChange } from './diff-agreements.ts';
import { metricName } from './metric-names.ts';

/** A change with the text a person reads for each side it has. */
export interface DescribedAgreementChange extends AgreementChange {
  readonly beforeText?: string;
  readonly afterText?: string;
}

/** Adds `beforeText` and `afterText` to the changes from version `before` to version `after`. */
export function describeAgreementChanges(
  before: Agreement,
  after: Agreement,
  changes: readonly AgreementChange[],
): DescribedAgreementChange[] {
  return changes.map((change) => ({
    ...change,
    ...(change.before === undefined ? {} : { beforeText: describeValueAt(before, change.path, change.before) }),
    ...(change.after === undefined ? {} : { afterText: describeValueAt(after, change.path, change.after) }),
  }));
}

const targetPath = /^spec\.targets\[([^\]]+)\](?:\.(.*))?$/;

/** The value found at a diff path of the agreement, as text. */
export function describeValueAt(agreement: Agreement, path: string, value: unknown): string {
  const match = targetPath.exec(path);
  const target = match ? agreement.spec.targets.find((candidate) => candidate.id === match[1]) : undefined;
  return render(value, target === undefined ? undefined : { target, field: match?.[2] ?? '' });
}

interface TargetField {
  readonly target: Target;
  /** The field's dotted path inside the target: `within`, `onTime.early`, or '' for the target itself. */
  readonly field: string;
}

function render(value: unknown, at: TargetField | undefined): string {
  if (typeof value === 'number' && at) {
    const kind = durationKind(at.target, at.field);
    if (kind) return formatDuration(value, kind);
  }
  if (typeof value === 'string') return at?.field === 'metric' ? metricName(value) : value;
  if (Array.isArray(value)) return `[${value.map((item) => render(item, undefined)).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, entry]) => `${key}: ${render(entry, at && { target: at.target, field: join(at.field, key) })}`,
    );
    return `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/** Whether a target's field holds a duration, and of which time. */
function durationKind(target: Target, field: string): DurationKind | undefined {
  switch (target.metric) {
    case 'first_response':
    case 'next_response':
    case 'resolution':
      return field === 'within' ? 'business' : undefined;
    case 'periodic_update':
      return field === 'every' ? 'business' : undefined;
    case 'mean_resolution_time':
      return field === 'objective' ? 'business' : undefined;
    case 'otif':
      if (field !== 'onTime.early' && field !== 'onTime.late') return undefined;
      return target.calendar === undefined ? 'elapsed' : 'business';
    default:
      return undefined;
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
