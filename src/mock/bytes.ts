// Whether a body is bytes, from any realm. A Uint8Array of another realm (TextEncoder's under
// vitest's jsdom, an iframe's, a Buffer) fails `instanceof Uint8Array`, and would go out as JSON
// (`{"0":91,...}`): the typed arrays' own intrinsic toStringTag getter reads the internal slot
// every typed array has, whatever its realm, and answers undefined for anything else.

// %TypedArray%.prototype: the prototype of every typed array's prototype.
const TYPED_ARRAY = Object.getPrototypeOf(Uint8Array.prototype) as object;

/** Whether `value` is a Uint8Array (a Buffer too) of any realm; a look-alike object is not. */
export function isBytes(value: unknown): value is Uint8Array {
  return Reflect.get(TYPED_ARRAY, Symbol.toStringTag, value) === "Uint8Array";
}
