/**
 * The content of agreement versions that can no longer change, by version id: a version put in force (active, then
 * superseded, expired or terminated) never returns to draft, and only a draft is edited, so what was read once holds
 * for the life of the process. Intake reads the version governing a ticket for every message (its default priority,
 * the status a customer's reply resumes, the acknowledgement's zone); the full row with its source text cost more
 * than the rest of a message (decision 0042). Drafts and versions under approval are read every time.
 */
import type { AgreementRepository, AgreementVersionRecord } from '../ports/agreement-repository.ts';

const DEFAULT_LIMIT = 1000;
const frozenStatuses: ReadonlySet<string> = new Set(['active', 'superseded', 'expired', 'terminated']);

export type FrozenVersionContent = Pick<
  AgreementVersionRecord,
  'id' | 'workspaceId' | 'status' | 'content' | 'timezone'
>;

export class FrozenVersionContents {
  readonly #versions = new Map<string, FrozenVersionContent>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** The version's content and zone (status as when first read: use it only for the content), or null. */
  async get(
    agreements: Pick<AgreementRepository, 'getVersion'>,
    workspaceId: string,
    versionId: string,
  ): Promise<FrozenVersionContent | null> {
    const key = `${workspaceId}/${versionId}`;
    const known = this.#versions.get(key);
    if (known) return known;
    const version = await agreements.getVersion(workspaceId, versionId);
    if (version === null) return null;
    const { id, status, content, timezone } = version;
    const kept = { id, workspaceId: version.workspaceId, status, content, timezone };
    if (frozenStatuses.has(status)) {
      if (this.#versions.size >= this.limit) this.#versions.clear();
      this.#versions.set(key, kept);
    }
    return kept;
  }
}
