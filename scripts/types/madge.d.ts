// madge ships no types; this is the part of its API that scripts/check-cycles.mjs uses.
declare module "madge" {
  interface MadgeResult {
    circular(): string[][];
    warnings(): { skipped: string[] };
    obj(): Record<string, string[]>;
  }
  export default function madge(paths: string[], config: { fileExtensions?: string[]; tsConfig?: string }): Promise<MadgeResult>;
}
