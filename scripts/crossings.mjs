#!/usr/bin/env node
// node scripts/crossings.mjs: lists the names one part of src/core exports to another (see
// scripts/lib/crossings.mjs for what counts), with the parts that import each, and the totals.
import { crossings } from "./lib/crossings.mjs";

const found = crossings("src");
for (const c of found) console.log(`${c.type ? "type " : "value"} ${c.file}#${c.name} <- ${c.importers.join(", ")}`);
const types = found.filter((c) => c.type).length;
console.log(`${found.length} names cross between the parts of src/core (${found.length - types} values, ${types} types)`);
