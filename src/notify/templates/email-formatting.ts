/**
 * Formatting shared by the e-mail templates: instants in the recipient's own zone (always named, so a reader in
 * another zone is never misled), percents, and HTML escaping. Durations and metric names are written by the rules
 * every other text follows (core/time/duration-text.ts, core/agreement/metric-names.ts; decision 0027).
 */
import { canonicalTimeZone } from '../../core/time/time-zone.ts';

/** What every template needs to know about its reader and where Covenant is reachable. */
export interface EmailRenderOptions {
  /** IANA zone the recipient reads times in, e.g. `Europe/Warsaw`; an unknown zone falls back to UTC (named as such). */
  readonly recipientTimeZone: string;
  /** Covenant's public address, e.g. `https://sla.provider.example`; links are built from it. */
  readonly baseUrl: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const formatters = new Map<string, Intl.DateTimeFormat>();
const resolvedZones = new Map<string, string>();

/** The zone actually used for a recipient: the canonical name of a valid IANA zone, otherwise `UTC`. */
export function resolveRecipientZone(timeZone: string): string {
  let zone = resolvedZones.get(timeZone);
  if (zone === undefined) {
    zone = canonicalTimeZone(timeZone) ?? 'UTC';
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      zone = 'UTC';
    }
    resolvedZones.set(timeZone, zone);
  }
  return zone;
}

/** `Mon 23 Nov 2026, 17:00 (Europe/Warsaw)`: fixed English month names, so the output does not depend on ICU data. */
export function formatInstant(epochMs: number, timeZone: string): string {
  const zone = resolveRecipientZone(timeZone);
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  const parts = new Map(formatter.formatToParts(epochMs).map((part) => [part.type, part.value]));
  const month = MONTHS[Number(parts.get('month')) - 1] ?? parts.get('month');
  const hour = (parts.get('hour') ?? '0').padStart(2, '0');
  return `${parts.get('weekday')} ${parts.get('day')} ${month} ${parts.get('year')}, ${hour}:${parts.get('minute')} (${zone})`;
}

/** `75 %`, `87.5 %`. */
export function formatPercent(percent: number): string {
  const rounded = Math.round(percent * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} %`;
}

/** One line, bounded: for subjects and headings built from user-supplied text (no header folding surprises). */
export function singleLine(text: string, maxLength = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}
