import { Type } from 'typebox';

export const Story = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  identifier: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  image: Type.Object({
    url: Type.Union([Type.String(), Type.Null()]),
    caption: Type.Union([Type.String(), Type.Null()]),
    credit: Type.Union([Type.String(), Type.Null()]),
  }),
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  closed: Type.Boolean(),
  commentCount: Type.Integer(),
});

export const StoryList = Type.Object({ stories: Type.Array(Story), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const ResolveStoryBody = Type.Object(
  {
    url: Type.Optional(Type.String({ maxLength: 2048 })),
    identifier: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    title: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
