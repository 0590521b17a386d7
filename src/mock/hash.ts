// The ETag of a page: a digest of its bytes, computed the same way in Node and in browsers (no
// node:crypto, and synchronous, unlike crypto.subtle). It only has to change when the page does;
// it reads four bytes a step, as pages run to hundreds of kilobytes.

/** Two 32-bit multiplicative digests (FNV-style, by little-endian words, then the tail bytes). */
function digest(bytes: Uint8Array): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole = bytes.length - (bytes.length % 4);
  for (let i = 0; i < whole; i += 4) {
    const w = view.getUint32(i, true);
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ w, 0x5bd1e995) ^ (b >>> 15);
  }
  for (let i = whole; i < bytes.length; i++) {
    const w = bytes[i] ?? 0;
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ w, 0x5bd1e995) ^ (b >>> 15);
  }
  return [a >>> 0, b >>> 0];
}

/** A weak ETag for the bytes: two 32-bit digests and the length. */
export function etagOf(bytes: Uint8Array): string {
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  const [a, b] = digest(bytes);
  return `W/"${hex(a)}${hex(b)}-${bytes.length.toString(36)}"`;
}
