import type { Db } from '../db/database.js';

export interface FeedComment {
  id: string;
  story_id: string;
  html: string;
  created_at: number;
  author_name: string;
  story_title: string;
}

export class FeedRepository {
  constructor(private readonly db: Db) {}

  /** The newest approved comments of a story or a site, newest first: one indexed query. */
  latest(scope: { storyId: string } | { siteId: string }, limit: number): Promise<FeedComment[]> {
    let q = this.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .innerJoin('stories', 'stories.id', 'comments.story_id')
      .select(['comments.id', 'comments.story_id', 'comments.html', 'comments.created_at', 'authors.name as author_name', 'stories.title as story_title'])
      .where('comments.status', '=', 'approved');
    q = 'storyId' in scope ? q.where('comments.story_id', '=', scope.storyId) : q.where('comments.site_id', '=', scope.siteId);
    return q.orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(limit).execute();
  }
}
