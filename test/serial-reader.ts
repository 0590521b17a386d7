// What a reader taking one page after the other asks for: the model the listing's requests are
// held to, whatever its concurrency and however fast its consumer.

/**
 * The pages such a reader asks for, for a type of `count` packages (after the filter) with
 * `left` still wanted: while it wants more, each page the Link headers name (up to the window of
 * `window` results), and after a single full page, which comes without any Link, the page after it.
 */
export function serialPages(count: number, perPage: number, left: number, window = 10_000): number {
  if (left <= 0) return 0;
  const planned = count === 0 ? 1 : Math.min(Math.ceil(count / perPage), Math.floor(window / perPage)) + (count === perPage ? 1 : 0);
  return Math.min(planned, Math.max(1, Math.ceil(left / perPage)));
}

/** Each page asked for, once, as `type:page`, whatever the retries; from full URLs or paths. */
export const pagesAsked = (urls: readonly string[]): string[] => [
  ...new Set(urls.map((u) => new URL(u, "http://x").searchParams).map((q) => `${q.get("package_type") ?? ""}:${q.get("page") ?? ""}`)),
];
