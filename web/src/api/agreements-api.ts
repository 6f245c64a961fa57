/** Agreements, their versions (documents, lint, approvals) and the diff between versions. */
import { api, getWithEtag, type Query } from './client.ts';
import type { Agreement, AgreementDetail, AgreementVersion, Change, Page, VersionSummary } from './types.ts';

const base = '/api/v1/agreements';

export const agreementsApi = {
  list: (query: Query) => api.get<Page<Agreement>>(base, query),
  get: (id: string) => api.get<AgreementDetail>(`${base}/${id}`),
  create: (document: string) =>
    api.post<{ agreement: AgreementDetail; version: AgreementVersion }>(base, { format: 'yaml', document }),
  amend: (id: string, document: string) =>
    api.post<AgreementVersion>(`${base}/${id}/versions`, { format: 'yaml', document }),
  version: (id: string, versionId: string) => getWithEtag<AgreementVersion>(`${base}/${id}/versions/${versionId}`),
  /** Replaces a draft's document; If-Match makes a concurrent edit fail (412) instead of being overwritten. */
  saveDraft: (id: string, versionId: string, document: string, etag: string | null) =>
    api.put<AgreementVersion>(
      `${base}/${id}/versions/${versionId}`,
      { format: 'yaml', document },
      etag ? { 'if-match': etag } : {},
    ),
  diff: (id: string, from: string, to: string) =>
    api.get<{ from: VersionSummary; to: VersionSummary; changes: Change[] }>(`${base}/${id}/diff`, { from, to }),
  submit: (id: string, versionId: string) => api.post<AgreementVersion>(`${base}/${id}/versions/${versionId}/submit`),
  approve: (id: string, versionId: string, party: 'provider' | 'customer', contentHash: string) =>
    api.post<AgreementVersion>(`${base}/${id}/versions/${versionId}/approvals/${party}`, { contentHash }),
  reject: (id: string, versionId: string, party: 'provider' | 'customer', reason: string) =>
    api.post<AgreementVersion>(`${base}/${id}/versions/${versionId}/rejections/${party}`, { reason }),
  activate: (id: string, versionId: string) =>
    api.post<AgreementVersion>(`${base}/${id}/versions/${versionId}/activate`),
  terminate: (id: string, versionId: string, reason: string) =>
    api.post<AgreementVersion>(`${base}/${id}/versions/${versionId}/terminate`, { reason }),
  expire: (id: string, versionId: string) => api.post<AgreementVersion>(`${base}/${id}/versions/${versionId}/expire`),
};
