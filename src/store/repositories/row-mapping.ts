/** Conversions at the store boundary: the database speaks Date, the application epoch milliseconds. */
export function millis(value: Date): number;
export function millis(value: Date | null): number | null;
export function millis(value: Date | null): number | null {
  return value === null ? null : value.getTime();
}

export function dateOf(value: number): Date;
export function dateOf(value: number | null): Date | null;
export function dateOf(value: number | null): Date | null {
  return value === null ? null : new Date(value);
}

/** Escapes LIKE wildcards in user search text. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
