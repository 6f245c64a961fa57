/**
 * What counts as a response to a target, in words for the clock panel (docs/semantics.md#what-counts-as-a-response).
 * Only said when the agreement chose something other than the default, public replies.
 */
import type { AgreementTarget } from '../../api/types.ts';

export function respondedByText(target: AgreementTarget | undefined): string | null {
  const entries = target?.respondedBy;
  if (!entries || entries.length === 0) return null;
  const words = entries.map((entry) =>
    typeof entry === 'object'
      ? `a change to ${entry.status}`
      : entry === 'public_reply'
        ? 'a public reply'
        : entry === 'call'
          ? 'a logged call'
          : entry,
  );
  const list = words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
  return `answered by ${list}`;
}
