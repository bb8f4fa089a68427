import type {
  ApiErrorBody,
  CommentView,
  EmbedResponse,
  PostedComment,
  ReactionState,
  ReportReason,
  ThreadPage,
  ThreadSort,
} from '../../shared/api.js';
import { voterToken } from './storage.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The server no longer accepts the bearer token: revoked, unknown or expired. */
const STALE_TOKEN = new Set(['INVALID_TOKEN', 'TOKEN_EXPIRED']);

interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  voter?: boolean;
  /** Send this token instead of the current one, and never retry (sign-out). */
  token?: string;
}

/** Agora's JSON API as the widget uses it. Errors carry the server's own words (error.message). */
export class Api {
  constructor(
    private readonly base: string,
    private readonly site: string,
    private readonly token: () => string | null,
    private readonly networkMessage: string,
    /** Called when the server refuses the token; the request is then sent once more as a guest. */
    private readonly onStaleToken: () => void = () => {},
  ) {}

  private async call<T>(method: string, path: string, opts: CallOptions = {}): Promise<T> {
    const token = opts.token ?? this.token();
    try {
      return await this.send<T>(method, path, opts, token);
    } catch (err) {
      if (!(token && opts.token === undefined && err instanceof ApiError && err.status === 401 && STALE_TOKEN.has(err.code))) throw err;
      this.onStaleToken();
      return this.send<T>(method, path, opts, null);
    }
  }

  private async send<T>(method: string, path: string, opts: CallOptions, token: string | null): Promise<T> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.voter) headers['x-agora-voter'] = voterToken(true)!;
    let res: Response;
    try {
      res = await fetch(this.base + '/api/v1' + path, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
    } catch {
      throw new ApiError(0, 'NETWORK', this.networkMessage);
    }
    const json = (await res.json().catch(() => null)) as (T & Partial<ApiErrorBody>) | null;
    if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? 'HTTP', json?.error?.message ?? `HTTP ${res.status}`);
    return json as T;
  }

  /** Revokes the session server-side, so a copy of the token left anywhere stops working too. */
  signOut(token: string): Promise<unknown> {
    return this.call('POST', '/auth/signout', { token });
  }

  embed(ref: { url?: string; identifier?: string; title?: string }, sort: ThreadSort, limit: number): Promise<EmbedResponse> {
    return this.call('POST', `/sites/${encodeURIComponent(this.site)}/embed`, { body: { ...ref, sort, limit, replies: 3, depth: 3 } });
  }

  thread(storyId: string, sort: ThreadSort, limit: number, cursor?: string): Promise<ThreadPage> {
    const q = new URLSearchParams({ sort, limit: String(limit), replies: '3', depth: '3', ...(cursor ? { cursor } : {}) });
    return this.call('GET', `/stories/${storyId}/comments?${q}`);
  }

  replies(commentId: string, cursor?: string): Promise<ThreadPage> {
    const q = new URLSearchParams({ limit: '50', replies: '3', depth: '2', ...(cursor ? { cursor } : {}) });
    return this.call('GET', `/comments/${commentId}/replies?${q}`);
  }

  withAncestors(commentId: string): Promise<{ comment: CommentView; ancestors: CommentView[] }> {
    return this.call('GET', `/comments/${commentId}`);
  }

  post(storyId: string, body: { body: string; parentId?: string; author: { name: string; email?: string }; warning?: 'acknowledged' }): Promise<PostedComment> {
    return this.call('POST', `/stories/${storyId}/comments`, { body });
  }

  edit(id: string, body: string, editKey: string): Promise<{ comment: CommentView }> {
    return this.call('PATCH', `/comments/${id}`, { body: { body }, headers: { 'x-edit-key': editKey } });
  }

  remove(id: string, editKey: string): Promise<{ comment: CommentView }> {
    return this.call('DELETE', `/comments/${id}`, { headers: { 'x-edit-key': editKey } });
  }

  preview(body: string): Promise<{ html: string }> {
    return this.call('POST', '/preview', { body: { body } });
  }

  react(id: string, on: boolean): Promise<ReactionState> {
    return this.call(on ? 'PUT' : 'DELETE', `/comments/${id}/reaction`, { voter: true });
  }

  myReactions(storyId: string): Promise<{ commentIds: string[] }> {
    return this.call('GET', `/stories/${storyId}/reactions/mine`, { voter: true });
  }

  report(id: string, reason: ReportReason, note: string): Promise<unknown> {
    return this.call('POST', `/comments/${id}/reports`, { body: { reason, ...(note ? { note } : {}) }, voter: true });
  }

  eventsUrl(storyId: string, lastEventId: string | null): string {
    return `${this.base}/api/v1/stories/${storyId}/events${lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : ''}`;
  }
}
