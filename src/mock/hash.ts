// The ETag of a page: a digest of its bytes, computed the same way in Node and in browsers (no
// node:crypto, and synchronous, unlike crypto.subtle). It only has to change when the page does.

/** FNV-1a over the bytes, 32 bits, from `basis`. */
function fnv1a(bytes: Uint8Array, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A weak ETag for the bytes: two 32-bit digests from different bases and the length. */
export function etagOf(bytes: Uint8Array): string {
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  return `W/"${hex(fnv1a(bytes, 0x811c9dc5))}${hex(fnv1a(bytes, 0x01000193 ^ bytes.length))}-${bytes.length.toString(36)}"`;
}
