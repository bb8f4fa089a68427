import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../lib/paths.js';
import { parsePage } from './parse.js';
import type { ParsedComment } from './parse.js';

// The first start loads demo/*.txt through this parser, so a broken demo file would break start-up.
const demoDir = join(packageRoot(), 'demo');
const files = readdirSync(demoDir).filter((name) => name.endsWith('.txt'));

/** Comment count and nesting depth, walked without recursion like the parser itself. */
function measureTree(roots: ParsedComment[]): { count: number; depth: number } {
  let count = 0;
  let depth = 0;
  const pending = roots.map((comment) => ({ comment, level: 1 }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    count++;
    depth = Math.max(depth, next.level);
    for (const reply of next.comment.replies) pending.push({ comment: reply, level: next.level + 1 });
  }
  return { count, depth };
}

describe('demo content', () => {
  it('has demo pages', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s parses into an article with a lively thread', (name) => {
    const parsed = parsePage(readFileSync(join(demoDir, name), 'utf8'));
    expect(parsed.title).not.toBe('');
    expect(parsed.caption).not.toBeNull();
    expect(parsed.credit).toMatch(/\/Agora Demo$/);
    expect(parsed.body.split('\n\n').length).toBeGreaterThanOrEqual(4);
    const tree = measureTree(parsed.comments);
    expect(tree.count).toBeGreaterThanOrEqual(8);
    expect(tree.depth).toBeGreaterThanOrEqual(3);
  });
});
