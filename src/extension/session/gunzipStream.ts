/** Un-gzips with the platform's DecompressionStream (browsers, Node ≥ 18): the browser build's gunzip, which node:zlib is not. */

interface ByteReader { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> }
interface ByteStream { pipeThrough(transform: unknown): { getReader(): ByteReader } }
declare const ReadableStream: new (source: { start(controller: { enqueue(chunk: Uint8Array): void; close(): void }): void }) => ByteStream;
declare const DecompressionStream: new (format: 'gzip') => unknown;

/** Thrown when the output would pass `maxOutputBytes` (the reading stops there). */
export class GunzipTooLargeError extends Error {}

/** The un-gzipped bytes; rejects with GunzipTooLargeError past `maxOutputBytes`, with the stream's error on corrupt input. */
export async function gunzipStream(bytes: Uint8Array, maxOutputBytes = Infinity): Promise<Uint8Array> {
  const input = new ReadableStream({ start(controller) { controller.enqueue(bytes); controller.close(); } });
  const reader = input.pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    total += value.byteLength;
    if (total > maxOutputBytes) {
      await reader.cancel().catch(() => undefined);
      throw new GunzipTooLargeError(`un-gzips to more than ${maxOutputBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) { out.set(chunk, offset); offset += chunk.byteLength; }
  return out;
}
