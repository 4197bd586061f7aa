// Turns a file's bytes into text without losing any: only a file that is valid UTF-8 (a BOM kept
// as U+FEFF, so it is written back) may be rewritten by --fix. Other text is still linted where
// it can be read, from a copy, and the reason it is left alone travels with it.
import { isAscii } from 'node:buffer';

export interface DecodedText {
  readonly text: string;
  /** Why --fix must not write this text back; undefined when writing it keeps every byte. */
  readonly readOnly?: string;
}

export type Decoded = DecodedText | { readonly binary: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf16(bytes: Uint8Array, endian: 'le' | 'be'): Decoded {
  try {
    const text = new TextDecoder(`utf-16${endian}`, { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text, readOnly: `it is UTF-16 (${endian === 'le' ? 'little' : 'big'}-endian, with a byte-order mark), and --fix writes only UTF-8` };
  } catch {
    return { binary: `it starts with a UTF-16 byte-order mark but is not valid UTF-16` };
  }
}

export function decodeInput(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 'le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 'be');
  // Text never holds NUL; UTF-16 without a byte-order mark holds one in every other byte.
  if (bytes.includes(0)) return { binary: 'it holds NUL bytes: a binary file, or UTF-16 without a byte-order mark' };
  // ASCII (most zones and templates) is UTF-8 that needs no decoding: its bytes are its characters.
  if (isAscii(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return {
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
      readOnly: 'it is not valid UTF-8, and writing it back would replace the bytes that are not',
    };
  }
}

export function isBinary(decoded: Decoded): decoded is { readonly binary: string } {
  return 'binary' in decoded;
}
