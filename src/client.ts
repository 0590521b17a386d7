// The client: a thin layer over openapi-fetch that checks parameters first and turns every
// response, however malformed, into the typed result union.
import createClient from "openapi-fetch";
import type { paths } from "../generated/user-packages.js";
import { GitHubApiError, InvalidParametersError, NetworkError } from "./errors.js";
import {
  collect,
  packagesOf,
  paginate,
  type ListAllUserPackagesParams,
  type ListAllUserPackagesResult,
  type PackagePage,
  type PaginationOptions,
} from "./pagination.js";
import { checkParams } from "./params.js";
import type {
  ClientOptions,
  ListUserPackagesError,
  ListUserPackagesParams,
  ListUserPackagesResult,
  Package,
  RequestOptions,
} from "./types.js";
import { VERSION } from "./version.js";

/** The API root used when `baseUrl` is not given. */
export const DEFAULT_BASE_URL = "https://api.github.com";
/** The REST API version sent in `X-GitHub-Api-Version` unless `apiVersion` says otherwise. */
export const DEFAULT_API_VERSION = "2022-11-28";

const ENDPOINT = "/user/packages";

/** What {@link createPackagesClient} returns. */
export interface PackagesClient {
  /**
   * Fetches one page of the packages in the authenticated user's namespace.
   * Resolves to `{ data, response }` or `{ error, response }`; rejects only for invalid
   * parameters ({@link InvalidParametersError}), a network failure ({@link NetworkError}) or an
   * abort (the signal's reason).
   */
  listUserPackages(params: ListUserPackagesParams, init?: RequestOptions): Promise<ListUserPackagesResult>;
  /**
   * Every page of the listing, in order, with up to `concurrency` pages requested ahead. Stops at
   * GitHub's 10,000-result window (`truncated` on the pages says so). Rejects with a typed error
   * ({@link GitHubApiError}, {@link NetworkError}, ...) naming the page that failed.
   */
  iterateUserPackagePages(params: ListAllUserPackagesParams, opts?: PaginationOptions): AsyncIterableIterator<PackagePage>;
  /** Every package of the listing, one by one, in page order. */
  iterateUserPackages(params: ListAllUserPackagesParams, opts?: PaginationOptions): AsyncIterableIterator<Package>;
  /** Collects the whole listing: `{ packages, truncated, pages }`. */
  listAllUserPackages(params: ListAllUserPackagesParams, opts?: PaginationOptions): Promise<ListAllUserPackagesResult>;
}

/**
 * Creates a client bound to one token and API root.
 *
 * @example
 * const client = createPackagesClient({ token: process.env.GITHUB_TOKEN });
 * const { data, error } = await client.listUserPackages({ package_type: "container" });
 */
export function createPackagesClient(options: ClientOptions = {}): PackagesClient {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const baseFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const client = createClient<paths>({
    baseUrl,
    headers: defaultHeaders(options),
    Request: PlainRequest as unknown as typeof Request,
    fetch: (request: Request) => {
      const plain = request as unknown as PlainRequest;
      return baseFetch(plain.url, plain.init);
    },
  });

  const apiOrigin = new URL(baseUrl).origin;

  async function listUserPackages(params: ListUserPackagesParams, init: RequestOptions = {}): Promise<ListUserPackagesResult> {
    const query = checkParams(params);
    let result;
    try {
      result = await client.GET(ENDPOINT, {
        params: { query },
        // Read the body as text and parse it here: openapi-fetch would throw a SyntaxError on a
        // non-JSON 2xx body, and we want to keep the raw text of malformed bodies.
        parseAs: "text",
        signal: init.signal,
        headers: init.headers,
      });
    } catch (err) {
      if (init.signal?.aborted) throw init.signal.reason;
      throw new NetworkError("GET", requestUrl(baseUrl, query), err, query.page);
    }
    return toResult(result.response, result.response.ok ? result.data : result.error);
  }

  // One page for a listing: packages, or a typed error naming the page.
  async function fetchPage(query: ListUserPackagesParams, init: RequestOptions) {
    const result = await listUserPackages(query, init);
    if (result.error) {
      throw new GitHubApiError({
        status: result.response.status,
        apiMessage: result.error.message,
        documentationUrl: result.error.documentation_url,
        requestId: result.error.requestId,
        headers: headersOf(result.response),
        rawBody: result.error.rawBody,
        method: "GET",
        url: requestUrl(baseUrl, query),
        page: query.page,
      });
    }
    return { packages: result.data, response: result.response };
  }

  const pages = (params: ListAllUserPackagesParams, opts?: PaginationOptions) =>
    paginate(fetchPage, apiOrigin, params, opts);

  return {
    listUserPackages,
    iterateUserPackagePages: pages,
    iterateUserPackages: (params, opts) => packagesOf(pages(params, opts)),
    listAllUserPackages: (params, opts) => collect(pages(params, opts)),
  };
}

/**
 * openapi-fetch builds a `Request` and then calls `fetch(request)`, which builds a second one
 * inside the runtime. Handing it this plain record instead, and calling `fetch(url, init)`, saves
 * one construction per call (a measurable share of a small request's CPU). The injected `fetch`
 * therefore receives `(url, init)`.
 */
class PlainRequest {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {}
  get method(): string {
    return this.init.method ?? "GET";
  }
  get headers(): HeadersInit | undefined {
    return this.init.headers;
  }
}

function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/**
 * Fetches one page without keeping a client around: the same as
 * `createPackagesClient(options).listUserPackages(params, options)`.
 *
 * @example
 * const { data, error } = await listUserPackages({ package_type: "npm" }, { token });
 */
export function listUserPackages(
  params: ListUserPackagesParams,
  options: ClientOptions & RequestOptions = {},
): Promise<ListUserPackagesResult> {
  let client: PackagesClient;
  try {
    client = createPackagesClient(options);
  } catch (err) {
    return Promise.reject(err);
  }
  return client.listUserPackages(params, { signal: options.signal });
}

/**
 * Every page of the listing, without keeping a client around.
 *
 * @example
 * for await (const page of iterateUserPackagePages({ package_type: "npm" }, { token })) {
 *   console.log(page.page, page.packages.length);
 * }
 */
export function iterateUserPackagePages(
  params: ListAllUserPackagesParams,
  options: ClientOptions & PaginationOptions = {},
): AsyncIterableIterator<PackagePage> {
  return createPackagesClient(options).iterateUserPackagePages(params, options);
}

/**
 * Every package of the listing, one by one.
 *
 * @example
 * for await (const pkg of iterateUserPackages({ package_type: "container" }, { token })) {
 *   if (pkg.name === "web") break; // stops the requests still in flight
 * }
 */
export function iterateUserPackages(
  params: ListAllUserPackagesParams,
  options: ClientOptions & PaginationOptions = {},
): AsyncIterableIterator<Package> {
  return createPackagesClient(options).iterateUserPackages(params, options);
}

/**
 * The whole listing at once.
 *
 * @example
 * const { packages, truncated } = await listAllUserPackages({ package_type: "npm" }, { token });
 */
export function listAllUserPackages(
  params: ListAllUserPackagesParams,
  options: ClientOptions & PaginationOptions = {},
): Promise<ListAllUserPackagesResult> {
  try {
    return createPackagesClient(options).listAllUserPackages(params, options);
  } catch (err) {
    return Promise.reject(err);
  }
}

function checkBaseUrl(baseUrl: string | undefined): string {
  const value = baseUrl ?? DEFAULT_BASE_URL;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash) {
    throw new InvalidParametersError([
      {
        parameter: "baseUrl",
        value,
        rule: "it must be an absolute http(s) URL without query or fragment, such as https://ghe.example.com/api/v3",
      },
    ]);
  }
  // openapi-fetch drops one trailing slash; drop them all so "…/api/v3//" joins cleanly too.
  return value.replace(/\/+$/, "");
}

function defaultHeaders(options: ClientOptions): Record<string, string> {
  const ownAgent = `gh-user-packages/${VERSION}`;
  const headers: Record<string, string> = {
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": options.apiVersion ?? DEFAULT_API_VERSION,
    "User-Agent": options.userAgent ? `${options.userAgent} ${ownAgent}` : ownAgent,
    ...options.headers,
  };
  if (options.token !== undefined) {
    // Checked here because fetch would otherwise throw a TypeError quoting the header value.
    if (typeof options.token !== "string" || !/^[\x21-\x7e]+$/.test(options.token)) {
      throw new InvalidParametersError([
        {
          parameter: "token",
          value: "(hidden)",
          rule: "it must be a non-empty string of printable characters without spaces",
        },
      ]);
    }
    headers.Authorization = `Bearer ${options.token}`;
  }
  return headers;
}

function requestUrl(baseUrl: string, query: ListUserPackagesParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) search.set(key, String(value));
  return `${baseUrl}${ENDPOINT}?${search}`;
}

/** Turns a response and its (text or parsed) body into the result union. Never throws. */
function toResult(response: Response, body: unknown): ListUserPackagesResult {
  if (response.ok) {
    const text = typeof body === "string" ? body : "";
    if (text === "") {
      return { error: errorFrom(response, "", undefined, "a successful response with an empty body"), response };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { error: errorFrom(response, text, undefined, "a successful response whose body is not JSON"), response };
    }
    if (!Array.isArray(parsed)) {
      return {
        error: errorFrom(response, text, undefined, "a successful response whose body is not a JSON array of packages"),
        response,
      };
    }
    return { data: parsed as Package[], response };
  }
  // openapi-fetch hands error bodies over parsed when they are JSON, as text otherwise, and as
  // undefined (or "") when the body is empty.
  if (body !== null && typeof body === "object") {
    return { error: errorFrom(response, JSON.stringify(body), body, "an error response"), response };
  }
  const text = typeof body === "string" ? body : "";
  const what = text === "" ? "an error response with an empty body" : "an error response whose body is not JSON";
  return { error: errorFrom(response, text, undefined, what), response };
}

function errorFrom(response: Response, rawBody: string, parsed: object | undefined, what: string): ListUserPackagesError {
  const fields = (parsed ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof fields[key] === "string" ? (fields[key] as string) : undefined);
  const contentType = response.headers.get("content-type");
  const fallback =
    `GitHub answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""} with ${what}` +
    (contentType && !parsed && rawBody !== "" ? ` (content-type ${contentType})` : "");
  const error: ListUserPackagesError = {
    message: text("message") || fallback,
    httpStatus: response.status,
    requestId: response.headers.get("x-github-request-id"),
    rawBody,
  };
  const documentationUrl = text("documentation_url");
  if (documentationUrl !== undefined) error.documentation_url = documentationUrl;
  const url = text("url");
  if (url !== undefined) error.url = url;
  const status = text("status");
  if (status !== undefined) error.status = status;
  return error;
}
