/**
 * The seed article's comments: those a moderator would act on must outrank the harmless ones. This only checks the
 * model; nothing is trained or tuned on this page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../../lib/paths.js';
import { loadScorer } from './scorer.js';

const page = join(sharedDir(), 'seed', 'page.txt');

/** Comments on the page are "• Author" lines followed by indented paragraphs, up to the next bullet. */
function parseComments(text: string): Array<{ author: string; body: string }> {
  const out: Array<{ author: string; body: string }> = [];
  for (const line of text.split('\n')) {
    const bullet = /^\s*•\s+(.+?)\s*$/.exec(line);
    if (bullet?.[1]) out.push({ author: bullet[1], body: '' });
    else if (out.length > 0) {
      const last = out[out.length - 1];
      if (last) last.body += line.trim() + '\n';
    }
  }
  return out.map((c) => ({ ...c, body: c.body.trim() }));
}

describe.skipIf(!existsSync(page))('seed page', () => {
  const comments = parseComments(readFileSync(page, 'utf8'));
  const by = (author: string, which: 'first' | 'last' = 'first'): string => {
    const all = comments.filter((c) => c.author === author);
    const c = which === 'first' ? all[0] : all[all.length - 1];
    if (!c) throw new Error(`no comment by ${author}`);
    return c.body;
  };

  it('parses the comments', () => {
    expect(comments.length).toBe(12);
    expect(by('verner')).toContain('terminate israel');
    expect(by('Xoli Xoli', 'last')).toContain('fuck them up');
  });

  it('scores the abusive comments above the harmless ones', () => {
    const scorer = loadScorer();
    const toxicity = (t: string): number => scorer.score(t).TOXICITY;
    const abusive = [by('verner'), by('hvaiallverden'), by('Xoli Xoli', 'last')].map(toxicity);
    const harmless = [by('Vitex'), by('Ivanus59'), by('John'), by('Mehmet Aslanak')].map(toxicity);
    expect(Math.min(...abusive)).toBeGreaterThan(Math.max(...harmless));
  });
});
