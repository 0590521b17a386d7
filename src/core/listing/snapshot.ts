// A snapshot on request (`verify`): once a type's pages were read, each is asked again with
// `If-None-Match` and the ETag it came with. GitHub answers 304, free of rate limit, for a page
// that did not change; a page that did means the type is read again. When every page comes back
// unchanged, the pages read are the listing as GitHub held it: a consistent snapshot.
import { GitHubApiError } from "../errors.js";
import type { PageLinks, PagePlan } from "./page-plan.js";
import type { FetchedPage } from "./page-runner.js";

/** How many times a type is read at most before it is handed over as changing. */
export const VERIFY_ROUNDS = 3;

/** A page as it was read (`null`: a page expected empty, the one after a full final page). */
interface ReadPage {
  page: number;
  first: FetchedPage | null;
}

/** How to ask for a page again. */
interface Recheck {
  fetch(page: number, headers?: Record<string, string>): Promise<FetchedPage>;
  links: (page: Pick<FetchedPage, "link" | "response">) => PageLinks;
  concurrency: number;
}

/**
 * The pages read and the one after them: a full final page may have been followed by packages
 * added since, which no answer about the pages read would show.
 */
export function withPageAfter(plan: PagePlan, read: ReadPage[]): ReadPage[] {
  const last = read[read.length - 1];
  const full = last?.first && last.first.packages.length >= plan.perPage && last.page < plan.windowPages;
  return full ? [...read, { page: last.page + 1, first: null }] : read;
}

const sameLinks = (a: PageLinks, b: PageLinks) => a.last === b.last && a.next === b.next;

/**
 * Whether `again`, the answer to asking for a page once more, shows it as it was first read:
 * a 304 (from the client's cache), the same ETag, or without ETags the same packages; and the
 * same steering links. A page expected empty must still be empty. Pure.
 */
function sameAsRead(read: ReadPage, again: FetchedPage, links: Recheck["links"]): boolean {
  const { first } = read;
  if (!first) return again.packages.length === 0;
  const etag = first.response.headers.get("etag");
  if (again.response.status === 304) return again.link === null || again.link === first.link || sameLinks(links(first), links(again));
  const body = etag === null ? JSON.stringify(again.packages) === JSON.stringify(first.packages) : again.response.headers.get("etag") === etag;
  return body && sameLinks(links(first), links(again));
}

/** Asks for one page again, conditionally when it came with an ETag; true when it is unchanged. */
async function unchangedPage(recheck: Recheck, read: ReadPage): Promise<boolean> {
  const etag = read.first?.response.headers.get("etag");
  try {
    return sameAsRead(read, await recheck.fetch(read.page, etag ? { "If-None-Match": etag } : undefined), recheck.links);
  } catch (err) {
    // Without a client cache, a 304 is an answer without packages: the page is as it was.
    if (!(err instanceof GitHubApiError && err.status === 304 && etag && read.first)) throw err;
    const link = err.headers.link ?? null;
    const { first } = read;
    return link === null || link === first.link || sameLinks(recheck.links(first), recheck.links({ link, response: first.response }));
  }
}

/**
 * Whether every page of `read` is unchanged now, asking at most `concurrency` at a time and
 * starting no more once one has changed. A failure is thrown once every request has settled.
 */
export async function unchangedNow(recheck: Recheck, read: ReadPage[]): Promise<boolean> {
  let next = 0;
  let same = true;
  let failure: { reason: unknown } | undefined;
  const worker = async () => {
    while (same && !failure && next < read.length) {
      const page = read[next++];
      try {
        if (page && !(await unchangedPage(recheck, page))) same = false;
      } catch (reason) {
        failure ??= { reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(recheck.concurrency, read.length) }, worker));
  if (failure) throw failure.reason;
  return same;
}
