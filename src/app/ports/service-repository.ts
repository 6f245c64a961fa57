/** Storage port of the workspace's services (what agreements cover and service owners answer for). */
import type { Page, PageRequest } from './pagination.ts';

export interface ServiceRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly slug: string;
  readonly name: string;
  readonly ownerUserId: string | null;
  readonly createdAt: number;
}

export interface ServiceListFilter {
  readonly search?: string | undefined;
  readonly ownerUserId?: string | undefined;
  readonly sort?: 'slug' | '-slug' | 'name' | '-name' | 'created' | '-created' | undefined;
}

export interface ServiceRepository {
  /** Null when the workspace already has a service with the slug. */
  create(input: {
    workspaceId: string;
    slug: string;
    name: string;
    ownerUserId: string | null;
  }): Promise<ServiceRecord | null>;
  get(workspaceId: string, id: string): Promise<ServiceRecord | null>;
  findBySlug(workspaceId: string, slug: string): Promise<ServiceRecord | null>;
  list(workspaceId: string, page: PageRequest, filter: ServiceListFilter): Promise<Page<ServiceRecord>>;
  update(
    workspaceId: string,
    id: string,
    changes: Partial<{ name: string; ownerUserId: string | null }>,
  ): Promise<ServiceRecord | null>;
  delete(workspaceId: string, id: string): Promise<void>;
}
