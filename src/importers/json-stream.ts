import { Readable } from 'node:stream';
import Parser from 'stream-json/Parser.js';
import Pick from 'stream-json/filters/Pick.js';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import { textChunks, type ImportInput } from './input.js';

/**
 * The elements of one array in a JSON document, one at a time (`path` like "comments"; '' for a root array).
 * Memory holds one element.
 */
export async function* jsonArrayItems(input: ImportInput, path: string, onBytes?: (n: number) => void): AsyncGenerator<unknown> {
  let stream: NodeJS.ReadableStream = Readable.from(textChunks(input, onBytes)).pipe(new Parser());
  if (path) stream = stream.pipe(new Pick({ filter: path }));
  for await (const item of stream.pipe(new StreamArray()) as AsyncIterable<{ key: number; value: unknown }>) yield item.value;
}
