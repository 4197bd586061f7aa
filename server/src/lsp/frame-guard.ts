// Guards the bytes the server reads over stdio before the JSON-RPC reader sees them. The reader
// trusts each frame's Content-Length and waits for that many bytes: a frame announcing 2^40 bytes
// would stall the connection forever (and grow its buffer without end). This stream passes the
// bytes through unchanged, reading only the headers, and calls `refuse` once a frame announces more
// than the limit or a header grows without end, so the server can say why and exit; the client
// then restarts it.
import { Transform, type TransformCallback } from 'node:stream';

/** No real message comes near this: a 5 MB template is about 10 MB of JSON-escaped text. */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;
/** Headers are two short lines; this much without the blank line that ends them is no header. */
const MAX_HEADER_BYTES = 64 * 1024;

export class FrameGuard extends Transform {
  /** The current frame's header as read so far, while inside a header. */
  private header = '';
  /** Body bytes of the current frame still to come. */
  private body = 0;
  private refused = false;

  constructor(
    private readonly refuse: (reason: string) => void,
    private readonly maxFrame = MAX_FRAME_BYTES,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.refused) return callback();
    let at = 0;
    while (at < chunk.length) {
      if (this.body > 0) {
        const take = Math.min(this.body, chunk.length - at);
        this.body -= take;
        at += take;
        continue;
      }
      // Only as much as a header may hold is decoded, so many small frames in one chunk stay linear.
      const before = this.header.length;
      this.header += chunk.toString('latin1', at, Math.min(chunk.length, at + MAX_HEADER_BYTES + 4));
      const end = this.header.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.header.length > MAX_HEADER_BYTES) return this.stop(`a message header is longer than ${MAX_HEADER_BYTES} bytes`, callback);
        at = chunk.length;
        break;
      }
      at += end + 4 - before;
      const length = /^content-length:[ \t]*(\d+)[ \t]*$/im.exec(this.header.slice(0, end))?.[1];
      this.header = '';
      // A header without a length is the JSON-RPC reader's error to report, not ours.
      if (length === undefined) continue;
      const bytes = Number(length);
      if (bytes > this.maxFrame) return this.stop(`a message announces ${length} bytes, more than the ${this.maxFrame / 1024 / 1024} MB a message may have`, callback);
      this.body = bytes;
    }
    callback(null, chunk);
  }

  private stop(reason: string, callback: TransformCallback): void {
    this.refused = true;
    callback();
    this.refuse(reason);
  }
}
