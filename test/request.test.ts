// One call's steps seen through an injected fetch: which answers are kept in the cache, and which
// redirects are refused because following them would send the token elsewhere.
import { describe, expect, it } from "vitest";
import { createPackagesClient, listUserPackages, UnsafeLinkError, type CacheEntry, type CacheStore } from "../src/index.js";
import { makePackages } from "../src/testing.js";

const BODY = JSON.stringify(makePackages(2, { package_type: "npm" }));
const npm = { package_type: "npm" } as const;

/** A store that records what it is asked to keep. */
function recordingStore() {
  const kept: [string, CacheEntry][] = [];
  const store: CacheStore = { get: () => undefined, set: (key, entry) => void kept.push([key, entry]) };
  return { kept, store };
}

describe("what the cache keeps", () => {
  it.each<[string, number, Record<string, string>, string, number]>([
    ["a 200 with an ETag", 200, { etag: '"v1"', link: '<https://api.github.com/user/packages?page=2>; rel="next"' }, BODY, 1],
    ["a 200 without an ETag", 200, {}, BODY, 0],
    ["a 404 with an ETag", 404, { etag: '"v1"' }, '{"message":"Not Found"}', 0],
    ["a 200 with an ETag whose body is no list of packages", 200, { etag: '"v1"' }, "{}", 0],
  ])("%s: %i entries", async (_, status, headers, body, entries) => {
    const { kept, store } = recordingStore();
    const fetch = async () => new Response(body, { status, headers: { "content-type": "application/json", ...headers } });
    await createPackagesClient({ fetch, cache: store, retry: false }).listUserPackages(npm);
    expect(kept).toHaveLength(entries);
    if (entries) expect(kept[0]?.[1]).toEqual({ etag: '"v1"', body: BODY, link: headers.link });
  });

  it("keeps nothing, and asks nothing, without a store", async () => {
    const fetch = async (request: Request) => {
      expect(request.headers.get("if-none-match")).toBeNull();
      return new Response(BODY, { headers: { etag: '"v1"' } });
    };
    const client = createPackagesClient({ fetch });
    for (let i = 0; i < 2; i++) expect((await client.listUserPackages(npm)).cached).toBe(false);
  });
});

describe("redirects", () => {
  const answering = (status: number, location: string) => async () => new Response(status === 299 ? BODY : null, { status, headers: { location } });

  it.each([300, 301, 302, 307, 308, 399])("a %i to another origin is refused, naming the status and the origin", async (status) => {
    const err = await listUserPackages(npm, { fetch: answering(status, "https://evil.example/steal"), retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafeLinkError);
    expect((err as UnsafeLinkError).message).toBe(
      `Refusing to follow a redirect (${status}) to https://evil.example: it is not the API's origin https://api.github.com, and the token is only sent there.`,
    );
    expect((err as UnsafeLinkError).link).toBe("https://evil.example/steal");
  });

  it.each<[string, number, string]>([
    ["a redirect within the API's origin", 302, "/elsewhere"],
    ["a Location that is not a URL", 302, "http://["],
    ["a 299 with a Location", 299, "https://evil.example/"],
    ["a 400 with a Location", 400, "https://evil.example/"],
  ])("%s is an answer like any other, not a refusal", async (_, status, location) => {
    const result = await listUserPackages(npm, { fetch: answering(status, location), retry: false });
    expect(result.response.status).toBe(status);
    if (status === 299) expect(result.data).toHaveLength(2);
    else expect(result.error?.status).toBe(status);
  });
});
