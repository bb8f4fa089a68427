import { AppError } from '../../errors.js';
import { resolvePolicy, type ModerationPolicy } from '../../moderation/pipeline/policy.js';
import { normalizeOrigin, type Site, type SiteService } from '../sites/site.service.js';
import type { SiteSettings } from '../sites/site.settings.js';
import { authorize } from '../users/policy.js';
import type { Actor } from '../users/user.model.js';
import type { AuditService } from './audit.service.js';

/** What the workspace edits of a site: its moderation policy and the settings around commenting. */
export interface WorkspaceSettings {
  name: string;
  origins: string[];
  editWindowSeconds: number;
  commenters: SiteSettings['commenters'];
  moderation: ModerationPolicy;
}

export type DeepPartialPolicy = Partial<Omit<ModerationPolicy, 'toxicity' | 'links'>> & {
  toxicity?: Partial<ModerationPolicy['toxicity']>;
  links?: Partial<ModerationPolicy['links']>;
};

export interface SettingsPatch {
  origins?: string[];
  editWindowSeconds?: number;
  commenters?: SiteSettings['commenters'];
  moderation?: DeepPartialPolicy;
}

const storedPolicy = (site: Site): ModerationPolicy => resolvePolicy((site.settings as { moderation?: Partial<ModerationPolicy> }).moderation);

export function presentSettings(site: Site): WorkspaceSettings {
  return {
    name: site.name,
    origins: site.origins,
    editWindowSeconds: site.settings.editWindowSeconds,
    commenters: site.settings.commenters,
    moderation: storedPolicy(site),
  };
}

const cleanList = (list: string[], what: string, max = 1000): string[] => {
  const out = [...new Set(list.map((w) => w.trim()).filter(Boolean))];
  if (out.length > max) throw new AppError('VALIDATION', `${what}: at most ${max} entries`);
  return out;
};

/** Checks a merged policy as a whole: the problems are listed together. */
function validatePolicy(p: ModerationPolicy): ModerationPolicy {
  const problems: string[] = [];
  const t = p.toxicity;
  if (t.hold > t.reject) problems.push('toxicity.hold must not be above toxicity.reject');
  if (t.identityHold > t.identityReject) problems.push('toxicity.identityHold must not be above toxicity.identityReject');
  if (problems.length) throw new AppError('VALIDATION', problems.join('; '), { problems });
  return {
    ...p,
    bannedWords: cleanList(p.bannedWords, 'bannedWords'),
    suspectWords: cleanList(p.suspectWords, 'suspectWords'),
    premoderatedStories: cleanList(p.premoderatedStories, 'premoderatedStories'),
    links: { ...p.links, allowedDomains: cleanList(p.links.allowedDomains, 'links.allowedDomains'), blockedDomains: cleanList(p.links.blockedDomains, 'links.blockedDomains') },
  };
}

/** Differences between two plain JSON values, by dotted path, for the audit entry. */
function diff(before: unknown, after: unknown, path = '', out: Record<string, { from: unknown; to: unknown }> = {}) {
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) diff(before[k], after[k], path ? `${path}.${k}` : k, out);
  } else if (JSON.stringify(before) !== JSON.stringify(after)) {
    out[path] = { from: before, to: after };
  }
  return out;
}

/** Reads and changes a site's settings through SiteService, auditing every change. */
export class SettingsService {
  constructor(private readonly deps: { sites: SiteService; audit: AuditService }) {}

  async get(actor: Actor, siteId: string): Promise<WorkspaceSettings> {
    const site = await this.deps.sites.get(siteId);
    authorize(actor, { action: 'comment.moderate', siteId });
    return presentSettings(site);
  }

  async update(actor: Actor, siteId: string, patch: SettingsPatch): Promise<WorkspaceSettings> {
    const site = await this.deps.sites.get(siteId);
    authorize(actor, { action: 'site.configure', siteId });
    const before = presentSettings(site);
    const current = before.moderation;
    const moderation = patch.moderation
      ? validatePolicy({
          ...current,
          ...patch.moderation,
          toxicity: { ...current.toxicity, ...patch.moderation.toxicity },
          links: { ...current.links, ...patch.moderation.links },
        })
      : undefined;
    const origins = patch.origins ? [...new Set(patch.origins.map(normalizeOrigin))] : undefined;
    // `moderation` is read by the pipeline from the settings JSON (resolvePolicy fills what is missing).
    const settings: Partial<SiteSettings> & { moderation?: ModerationPolicy } = {
      ...(patch.editWindowSeconds !== undefined ? { editWindowSeconds: patch.editWindowSeconds } : {}),
      ...(patch.commenters ? { commenters: patch.commenters } : {}),
      ...(moderation ? { moderation } : {}),
    };
    const updated = await this.deps.sites.update(siteId, { ...(origins ? { origins } : {}), settings });
    const after = presentSettings(updated);
    const changed = diff(before, after);
    if (Object.keys(changed).length > 0) {
      await this.deps.audit.record({ actor: actor.kind === 'user' ? actor.user.id : 'anonymous', siteId, action: 'settings', details: { changed } });
    }
    return after;
  }
}
