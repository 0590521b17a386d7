// How the core's parts lean on each other: the names one part of src/core exports to another.
// A part is a folder of src/core (door, request, policies, listing) or one of the files beside
// them (client, errors, types). A name counts once, however many parts import it; imports inside
// a part, and imports by the entry files, the CLI, the mock or the tests, are not counted.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * @typedef {{ part: string; file: string; name: string; type: boolean; importers: string[] }} Crossing
 */

/**
 * The part of the core that `file` (absolute) belongs to.
 * @param {string} core
 * @param {string} file
 */
function partOf(core, file) {
  const [first = ""] = path.relative(core, file).split(path.sep);
  return first.replace(/\.ts$/, "");
}

/**
 * The relative imports of one file: each named import with its target file and whether it is a type.
 * @param {string} file
 */
function importsOf(file) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  /** @type {{ target: string; name: string; type: boolean }[]} */
  const found = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith(".")) continue;
    const target = path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts"));
    const { namedBindings: bindings, phaseModifier } = statement.importClause;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const typeOnly = phaseModifier === ts.SyntaxKind.TypeKeyword;
    for (const element of bindings.elements) {
      found.push({ target, name: (element.propertyName ?? element.name).text, type: typeOnly || element.isTypeOnly });
    }
  }
  return found;
}

/**
 * Every name that crosses from one part of the core to another, sorted by part and name.
 * @param {string} srcDir the package's src/ folder
 * @returns {Crossing[]}
 */
export function crossings(srcDir) {
  const core = path.resolve(srcDir, "core");
  const files = readdirSync(core, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).map((f) => path.join(core, f));
  /** @type {Map<string, Crossing>} */
  const names = new Map();
  for (const file of files) {
    for (const { target, name, type } of importsOf(file)) {
      if (!target.startsWith(core + path.sep) || partOf(core, target) === partOf(core, file)) continue;
      const key = `${path.relative(core, target)}#${name}`;
      const crossing = names.get(key) ?? { part: partOf(core, target), file: path.relative(core, target), name, type, importers: [] };
      crossing.type &&= type; // a name imported as a value anywhere is a value
      if (!crossing.importers.includes(partOf(core, file))) crossing.importers.push(partOf(core, file));
      names.set(key, crossing);
    }
  }
  return [...names.values()].sort((a, b) => a.part.localeCompare(b.part) || a.name.localeCompare(b.name));
}
