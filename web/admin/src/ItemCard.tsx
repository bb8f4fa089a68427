import type { Item } from './types.js';

const pct = (n: number) => `${Math.round(n * 100)}%`;

export function Scores({ scores }: { scores: Item['scores'] }) {
  if (!scores) return <span class="muted">no scores</span>;
  const keys = ['TOXICITY', 'SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'THREAT'].filter((k) => k in scores);
  return (
    <dl class="scores">
      {keys.map((k) => {
        const v = scores[k] ?? 0;
        return (
          <div key={k} class={v >= 0.6 ? 'score high' : 'score'}>
            <dt>{k.toLowerCase().replace('_', ' ')}</dt>
            <dd>
              <svg width="60" height="6" aria-hidden="true">
                <rect width="60" height="6" class="track" />
                <rect width={Math.round(60 * Math.min(1, v))} height="6" class="bar" />
              </svg>{' '}
              {pct(v)}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

export function ItemCard(props: { item: Item; focused: boolean; selected: boolean; onFocus: () => void; onAuthor: () => void }) {
  const { item } = props;
  return (
    <article
      class={`item${props.focused ? ' focused' : ''}${props.selected ? ' selected' : ''}`}
      data-comment-id={item.id}
      data-status={item.status}
      aria-current={props.focused ? 'true' : undefined}
      onClick={props.onFocus}
    >
      <header>
        <span class="check" aria-label={props.selected ? 'selected' : 'not selected'}>{props.selected ? '☑' : '☐'}</span>
        <button type="button" class="author link" onClick={props.onAuthor}>
          {item.author.name}
        </button>
        {item.author.userId ? <span class="tag">account</span> : <span class="tag muted">guest</span>}
        <span class="story">on “{item.story.title}”</span>
        <time dateTime={item.createdAt}>{new Date(item.createdAt).toLocaleString()}</time>
        <span class={`status status-${item.status}`}>{item.status}</span>
        {item.featured && <span class="tag feat">featured</span>}
        {item.pinned && <span class="tag pin">pinned</span>}
      </header>
      {item.parent && (
        <blockquote class="parent">
          <span class="muted">in reply to {item.parent.authorName}:</span>
          <div dangerouslySetInnerHTML={{ __html: item.parent.html }} />
        </blockquote>
      )}
      <div class="body" dangerouslySetInnerHTML={{ __html: item.html }} />
      <footer>
        <Scores scores={item.scores} />
        {item.reasons.length > 0 && (
          <ul class="reasons">
            {item.reasons.map((r, i) => (
              <li key={i}>
                <b>{r.phase}</b>: {r.reason}
              </li>
            ))}
          </ul>
        )}
        {item.reports.length > 0 && (
          <ul class="reports">
            {item.reports.map((r, i) => (
              <li key={i}>
                reported as <b>{r.reason}</b>
                {r.note ? `: “${r.note}”` : ''}
              </li>
            ))}
          </ul>
        )}
      </footer>
    </article>
  );
}
