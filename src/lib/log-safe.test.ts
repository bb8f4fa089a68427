import { describe, expect, it } from 'vitest';
import { logSafeUrl } from './log-safe.js';

describe('logSafeUrl', () => {
  it('hides secret query values and keeps the rest', () => {
    expect(logSafeUrl('/auth/reset?token=abc.def')).toBe('/auth/reset?token=[redacted]');
    expect(logSafeUrl('/cb?code=1&state=2&site=news')).toBe('/cb?code=[redacted]&state=[redacted]&site=news');
    expect(logSafeUrl('/api/v1/stories/s1/comments?sort=newest&limit=20')).toBe('/api/v1/stories/s1/comments?sort=newest&limit=20');
    expect(logSafeUrl('/x?%74oken=abc')).toBe('/x?%74oken=[redacted]');
    expect(logSafeUrl('/plain')).toBe('/plain');
  });
});
