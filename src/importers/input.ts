import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/** A file to import, read as a stream; reports bytes read so the CLI can draw progress. */
export interface ImportInput {
  stream: Readable;
  /** Size in bytes when known (a file), for the progress bar's total. */
  size: number | null;
}

export async function fileInput(path: string): Promise<ImportInput> {
  const { size } = await stat(path);
  return { stream: createReadStream(path, { highWaterMark: 256 * 1024 }), size };
}

/** Text chunks of the input (UTF-8, BOM dropped), with the running byte count. */
export async function* textChunks(input: ImportInput, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let first = true;
  for await (const raw of input.stream) {
    const buf: Buffer = typeof raw === 'string' ? Buffer.from(raw) : (raw as Buffer);
    bytes += buf.length;
    let text = decoder.write(buf);
    if (first && text.length > 0) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    onBytes?.(bytes);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Lines of the input, for line-delimited formats. */
export async function* lines(input: ImportInput, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of textChunks(input, onBytes)) {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop() ?? '';
    for (const line of parts) yield line;
  }
  if (carry) yield carry;
}
