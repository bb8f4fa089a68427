import { compileWordList, type WordList } from '../../words/word-list.js';
import type { ModerationPolicy } from '../policy.js';
import type { ModerationDecision, ModerationInput } from '../types.js';

/** The author's recent activity on the site, loaded once before the phases run. */
export interface AuthorHistory {
  /** Bodies the author posted in the duplicate window, newest first. */
  recentBodies: string[];
  /** How many comments the author posted in the last ten minutes. */
  last10Minutes: number;
  /** How many of the author's comments a moderator or the pipeline approved. */
  approvedCount: number;
}

export interface PhaseContext extends ModerationInput {
  policy: ModerationPolicy;
  scores?: Record<string, number>;
  history?: AuthorHistory;
}

export type Verdict = Omit<ModerationDecision, 'scores'>;

/** One step of the pipeline: ends the run with a verdict, or passes (undefined). */
export interface Phase {
  name: string;
  run(ctx: PhaseContext): Verdict | undefined;
}

const verdict = (status: Verdict['status'], phase: string, reason: string): Verdict => ({ status, reasons: [{ phase, reason }] });

export const premoderation: Phase = {
  name: 'premoderation',
  run: ({ policy, story, site }) => {
    if (policy.premoderation === 'all' || site.settings.premoderation === 'all') {
      return verdict('pending', 'premoderation', 'this site reviews every comment before publishing');
    }
    if (policy.premoderation === 'stories' && (policy.premoderatedStories.includes(story.id) || policy.premoderatedStories.includes(story.identifier))) {
      return verdict('pending', 'premoderation', 'this story reviews every comment before publishing');
    }
    return undefined;
  },
};

export const authorStanding: Phase = {
  name: 'author',
  run: ({ author }) => (author?.premoderated ? verdict('pending', 'author', 'the author is pre-moderated') : undefined),
};

export const rate: Phase = {
  name: 'rate',
  run: ({ policy, history }) =>
    policy.maxCommentsPer10Minutes > 0 && history && history.last10Minutes >= policy.maxCommentsPer10Minutes
      ? verdict('pending', 'rate', `${history.last10Minutes} comments in ten minutes (limit ${policy.maxCommentsPer10Minutes})`)
      : undefined,
};

const squash = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

export const duplicate: Phase = {
  name: 'duplicate',
  run: ({ policy, history, body, isEdit }) => {
    if (isEdit || policy.duplicateWindowSeconds <= 0 || !history) return undefined;
    const mine = squash(body);
    return history.recentBodies.some((b) => squash(b) === mine)
      ? verdict('rejected', 'duplicate', 'the same text was posted moments ago')
      : undefined;
  },
};

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>()"']+|\bwww\.[^\s<>()"']+/gi;

function domainOf(link: string): string | null {
  try {
    return new URL(link.startsWith('www.') ? `http://${link}` : link).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

const underDomain = (host: string, domains: string[]) =>
  domains.some((d) => {
    const dom = d.toLowerCase().replace(/^\*?\.?/, '').replace(/^www\./, '');
    return host === dom || host.endsWith(`.${dom}`);
  });

export const links: Phase = {
  name: 'links',
  run: ({ policy, body }) => {
    const found = body.match(URL_IN_TEXT) ?? [];
    if (found.length === 0) return undefined;
    const hosts = found.map(domainOf).filter((h): h is string => h !== null);
    const blocked = hosts.find((h) => underDomain(h, policy.links.blockedDomains));
    if (blocked) return verdict('rejected', 'links', `links to a blocked domain (${blocked})`);
    if (found.length > policy.links.max) return verdict('pending', 'links', `${found.length} links (more than ${policy.links.max})`);
    if (policy.links.allowedDomains.length) {
      const other = hosts.find((h) => !underDomain(h, policy.links.allowedDomains));
      if (other) return verdict('pending', 'links', `links to ${other}, not an allowed domain`);
    }
    return undefined;
  },
};

/** Word lists compiled once per distinct list, not per comment. */
const compiled = new Map<string, WordList>();
function wordList(entries: string[]): WordList {
  const key = entries.join('\n');
  let list = compiled.get(key);
  if (!list) {
    if (compiled.size > 200) compiled.clear();
    list = compileWordList(entries);
    compiled.set(key, list);
  }
  return list;
}

export const bannedWords: Phase = {
  name: 'banned-words',
  run: ({ policy, body }) => {
    const hit = wordList(policy.bannedWords).first(body);
    return hit ? verdict('rejected', 'banned-words', `contains a banned word ("${hit.term}")`) : undefined;
  },
};

export const suspectWords: Phase = {
  name: 'suspect-words',
  run: ({ policy, body }) => {
    const hit = wordList(policy.suspectWords).first(body);
    return hit ? verdict('pending', 'suspect-words', `contains a suspect phrase ("${hit.term}")`) : undefined;
  },
};

export const toxicity: Phase = {
  name: 'toxicity',
  run: ({ policy, scores }) => {
    if (!scores) return undefined;
    const t = policy.toxicity;
    const tox = scores.TOXICITY ?? 0;
    const ident = scores.IDENTITY_ATTACK ?? 0;
    if (tox >= t.reject) return verdict('rejected', 'toxicity', `toxicity ${tox.toFixed(2)} ≥ ${t.reject}`);
    if (ident >= t.identityReject) return verdict('rejected', 'toxicity', `identity attack ${ident.toFixed(2)} ≥ ${t.identityReject}`);
    if (tox >= t.hold) return verdict('pending', 'toxicity', `toxicity ${tox.toFixed(2)} ≥ ${t.hold}`);
    if (ident >= t.identityHold) return verdict('pending', 'toxicity', `identity attack ${ident.toFixed(2)} ≥ ${t.identityHold}`);
    return undefined;
  },
};

export const newUser: Phase = {
  name: 'new-user',
  run: ({ policy, history, isEdit }) =>
    !isEdit && policy.newUserHoldCount > 0 && history && history.approvedCount < policy.newUserHoldCount
      ? verdict('pending', 'new-user', `new author: the first ${policy.newUserHoldCount} comments are reviewed`)
      : undefined,
};

/** Every phase runs (see runPipeline); this order is the order a moderator reads the reasons in. */
export const PHASES: readonly Phase[] = [duplicate, bannedWords, links, toxicity, authorStanding, rate, suspectWords, newUser, premoderation];
