// Typed fixture factories for tests and the demo. The objects satisfy the generated `Package`
// type, so a spec change that adds a required field breaks this file at compile time.
import type { components } from "../../generated/user-packages.js";
import type { AllowUndefined, Package, PackageType } from "../core/types.js";

type SimpleUser = components["schemas"]["simple-user"];
type MinimalRepository = NonNullable<components["schemas"]["nullable-minimal-repository"]>;

const API = "https://api.github.com";
const WEB = "https://github.com";
const EPOCH = Date.UTC(2024, 0, 1);

/** The login of the account that owns the fixtures by default. */
export const DEFAULT_LOGIN = "mona-fixture";

/** An organization account, as GitHub shows one as a package's owner. */
export function makeOrganization(login: string, id = 9919): SimpleUser {
  return { ...makeUser(login, id), node_id: `O_fixture${id}`, type: "Organization" };
}

/** A fixed account used as the owner of fixture packages. */
export function makeUser(login = DEFAULT_LOGIN, id = 583231): SimpleUser {
  const url = `${API}/users/${login}`;
  return {
    login,
    id,
    node_id: `U_fixture${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${WEB}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: "User",
    site_admin: false,
    user_view_type: "public",
  };
}

/** A minimal repository owned by `owner`, with every required field filled in. */
export function makeRepository(name: string, owner: SimpleUser = makeUser(), id = 1): MinimalRepository {
  const full = `${owner.login}/${name}`;
  const url = `${API}/repos/${full}`;
  const t = (path: string) => `${url}/${path}`;
  return {
    id,
    node_id: `R_fixture${id}`,
    name,
    full_name: full,
    owner,
    private: false,
    html_url: `${WEB}/${full}`,
    description: `Fixture repository ${name}`,
    fork: false,
    url,
    archive_url: t("{archive_format}{/ref}"),
    assignees_url: t("assignees{/user}"),
    blobs_url: t("git/blobs{/sha}"),
    branches_url: t("branches{/branch}"),
    collaborators_url: t("collaborators{/collaborator}"),
    comments_url: t("comments{/number}"),
    commits_url: t("commits{/sha}"),
    compare_url: t("compare/{base}...{head}"),
    contents_url: t("contents/{+path}"),
    contributors_url: t("contributors"),
    deployments_url: t("deployments"),
    downloads_url: t("downloads"),
    events_url: t("events"),
    forks_url: t("forks"),
    git_commits_url: t("git/commits{/sha}"),
    git_refs_url: t("git/refs{/sha}"),
    git_tags_url: t("git/tags{/sha}"),
    hooks_url: t("hooks"),
    issue_comment_url: t("issues/comments{/number}"),
    issue_events_url: t("issues/events{/number}"),
    issues_url: t("issues{/number}"),
    keys_url: t("keys{/key_id}"),
    labels_url: t("labels{/name}"),
    languages_url: t("languages"),
    merges_url: t("merges"),
    milestones_url: t("milestones{/number}"),
    notifications_url: t("notifications{?since,all,participating}"),
    pulls_url: t("pulls{/number}"),
    releases_url: t("releases{/id}"),
    stargazers_url: t("stargazers"),
    statuses_url: t("statuses/{sha}"),
    subscribers_url: t("subscribers"),
    subscription_url: t("subscription"),
    tags_url: t("tags"),
    teams_url: t("teams"),
    trees_url: t("git/trees{/sha}"),
    visibility: "public",
    default_branch: "main",
  };
}

/** Extra fields for a fixture, or a function of the package's index (0-based) returning them. */
export type PackageOverrides = AllowUndefined<Partial<Package>> | ((index: number) => AllowUndefined<Partial<Package>>);

/**
 * One package with every required field. `index` (0-based) makes id, name and dates distinct.
 *
 * @example
 * const pkg = makePackage(0, { package_type: "npm", name: "left-pad" });
 */
export function makePackage(index = 0, given: AllowUndefined<Partial<Package>> = {}): Package {
  // A field given as undefined keeps its default.
  const overrides = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<Package>;
  const id = index + 1;
  const packageType: PackageType = overrides.package_type ?? "container";
  const name = overrides.name ?? `package-${String(id).padStart(5, "0")}`;
  // An organization's packages live under /orgs/, a user's under /users/.
  const owner = overrides.owner ?? makeUser();
  const space = owner.type === "Organization" ? "orgs" : "users";
  const created = new Date(EPOCH + index * 3_600_000).toISOString();
  const encoded = encodeURIComponent(name);
  return {
    id,
    name,
    package_type: packageType,
    owner,
    version_count: (index % 7) + 1,
    visibility: index % 3 === 2 ? "private" : "public",
    url: `${API}/${space}/${owner.login}/packages/${packageType}/${encoded}`,
    html_url: `${WEB}/${space}/${owner.login}/packages/${packageType}/package/${encoded}`,
    created_at: created,
    updated_at: created,
    // Half the packages are linked to a repository, so consumers meet both shapes.
    repository: index % 4 < 2 ? makeRepository(`repo-${id}`, owner, 10_000 + id) : null,
    ...overrides,
  };
}

/**
 * `count` packages with ids 1..count.
 *
 * @example
 * makePackages(250, { package_type: "npm" });
 * makePackages(12, (i) => ({ package_type: i % 2 ? "npm" : "container" }));
 */
export function makePackages(count: number, overrides: PackageOverrides = {}): Package[] {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`makePackages: count must be a whole number of at least 0, got ${String(count)}`);
  }
  const out: Package[] = [];
  for (let i = 0; i < count; i++) {
    out.push(makePackage(i, typeof overrides === "function" ? overrides(i) : overrides));
  }
  return out;
}
