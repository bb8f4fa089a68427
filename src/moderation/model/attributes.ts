/** Perspective's attribute names, in the order weights are stored. */
export const ATTRIBUTES = [
  'TOXICITY',
  'SEVERE_TOXICITY',
  'IDENTITY_ATTACK',
  'INSULT',
  'PROFANITY',
  'THREAT',
] as const;

export type Attribute = (typeof ATTRIBUTES)[number];

export function isAttribute(name: string): name is Attribute {
  return (ATTRIBUTES as readonly string[]).includes(name);
}
