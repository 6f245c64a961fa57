/**
 * Priorities of issue trackers that have none (GitHub, GitLab): teams use labels, by one of two conventions
 * (docs/connectors.md#priority-labels): a `priority` prefix (`priority: high`, `priority/high`, `priority::high`,
 * `Priority - P2`) or a P-number (`P1`, `p0`, `P2 - medium`). The label is reported as written: what `priority:
 * high` means under an agreement is the connector mapping's business, not the payload's.
 */
import { arrayAt, isRecord, type JsonRecord } from './payload-fields.ts';

const priorityLabelPatterns = [/^priority\s*(?:[:/=_-]+\s*|\s)\S/i, /^p\d+(?:$|[^\p{L}\p{N}])/iu];

export function isPriorityLabel(name: string): boolean {
  const trimmed = name.trim();
  return priorityLabelPatterns.some((pattern) => pattern.test(trimmed));
}

/**
 * The ticket's priority from its labels: the first priority label in the vendor's order, or null. An issue with two
 * priority labels is a mistake we do not try to resolve; the first is what the vendor lists first.
 */
export function priorityFromLabels(names: readonly string[]): string | null {
  return names.find(isPriorityLabel) ?? null;
}

/**
 * The names of the labels at `key`: GitHub's `[{name}]`, GitLab's `[{title}]`, or plain strings (Jira's labels,
 * GitLab's older `changes.labels`).
 */
export function labelNamesAt(source: JsonRecord | undefined, key: string): string[] {
  const names: string[] = [];
  for (const label of arrayAt(source, key) ?? []) {
    if (typeof label === 'string') names.push(label);
    else if (isRecord(label)) {
      const name = label.name ?? label.title;
      if (typeof name === 'string') names.push(name);
    }
  }
  return names;
}
