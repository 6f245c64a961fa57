/** Lists are paged, sorted and filtered the same way everywhere. */
export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export const defaultPage: PageRequest = { limit: 50, offset: 0 };
