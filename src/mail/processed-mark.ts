/**
 * How the watcher marks a message it took in, and therefore which messages are still pending. The preferred mark is
 * the keyword `$Covenant` (plus \Seen): nobody sets it by hand, so "pending" is exactly "not yet taken in". A server
 * that allows no keywords in the folder (PERMANENTFLAGS without `\*`), or refuses this one, gets \Flagged, or \Seen
 * as the last resort; both are flags people set too, which the status notice says (docs/mail.md#mailboxes-and-imap).
 */
import type { SearchObject } from 'imapflow';
import type { ProcessedAction } from '../app/ports/mail-intake.ts';

export const COVENANT_KEYWORD = '$Covenant';

export type ProcessedMark =
  | { readonly kind: 'keyword' }
  | { readonly kind: 'flagged' }
  | { readonly kind: 'seen' }
  /**
   * `claim`: the folder takes keywords, so a message is claimed with $Covenant before the move (and a claimed one is
   * no longer pending), which keeps two watchers from moving the same message.
   */
  | { readonly kind: 'move'; readonly folder: string; readonly claim: boolean };

export interface ChosenMark {
  readonly mark: ProcessedMark;
  /** Set when the mark is a fallback the owner should know about. */
  readonly notice?: string;
}

/**
 * The mark to use in an opened folder, or null when the folder takes no flag at all (read-only). `permanentFlags`
 * is the folder's PERMANENTFLAGS; a server that sends none lets every flag be stored (RFC 3501, 7.1).
 */
export function chooseMark(
  processed: ProcessedAction,
  permanentFlags: ReadonlySet<string> | undefined,
  keywordRefused: boolean,
): ChosenMark | null {
  const allows = (flag: string) =>
    permanentFlags === undefined || permanentFlags.has(flag) || permanentFlags.has('\\*');
  if (processed.action === 'move') {
    return { mark: { kind: 'move', folder: processed.folder, claim: !keywordRefused && allows(COVENANT_KEYWORD) } };
  }
  if (!keywordRefused && allows(COVENANT_KEYWORD)) return { mark: { kind: 'keyword' } };
  const why = keywordRefused
    ? `The server refused the keyword ${COVENANT_KEYWORD} in this folder`
    : `The server allows no keywords in this folder`;
  if (allows('\\Flagged')) {
    return {
      mark: { kind: 'flagged' },
      notice:
        `${why}: processed messages are marked \\Flagged (and \\Seen) instead, so a message someone flags before ` +
        'Covenant reads it is not taken in.',
    };
  }
  if (allows('\\Seen')) {
    return {
      mark: { kind: 'seen' },
      notice:
        `${why}: processed messages are marked \\Seen instead, so a message someone reads in another mail program ` +
        'before Covenant does is not taken in.',
    };
  }
  return null;
}

/** The IMAP search for the messages not yet taken in. */
export function pendingQuery(mark: ProcessedMark): SearchObject {
  switch (mark.kind) {
    case 'keyword':
      return { unKeyword: COVENANT_KEYWORD };
    case 'flagged':
      return { flagged: false };
    case 'seen':
      return { seen: false };
    case 'move':
      return mark.claim ? { unKeyword: COVENANT_KEYWORD } : { all: true };
  }
}

/** Whether a message already carries the mark: another watcher of the same mailbox took it in meanwhile. */
export function carriesMark(mark: ProcessedMark, flags: ReadonlySet<string>): boolean {
  switch (mark.kind) {
    case 'keyword':
      return flags.has(COVENANT_KEYWORD);
    case 'flagged':
      return flags.has('\\Flagged');
    case 'seen':
      return flags.has('\\Seen');
    case 'move':
      return mark.claim && flags.has(COVENANT_KEYWORD);
  }
}

/** The flags the mark adds (not for move). */
export function flagsOfMark(mark: Exclude<ProcessedMark, { kind: 'move' }>): string[] {
  switch (mark.kind) {
    case 'keyword':
      return [COVENANT_KEYWORD, '\\Seen'];
    case 'flagged':
      return ['\\Flagged', '\\Seen'];
    case 'seen':
      return ['\\Seen'];
  }
}
