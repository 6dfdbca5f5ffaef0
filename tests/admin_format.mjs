// Runs admin/src/frontmatter.js (the admin's front matter format) in Node for tests/test_admin_format.py:
// reads {"cases": [...]} on stdin, writes one result per case on stdout (JSON).
import { readFileSync } from "node:fs";

const admin = new URL("../admin/", import.meta.url);
const YAML = await import(new URL("node_modules/yaml/browser/dist/index.js", admin));
const { makeFrontMatterFormat, slugify } = await import(new URL("src/frontmatter.js", admin));
const format = makeFrontMatterFormat(YAML);

function run(item) {
  try {
    if (item.op === "roundtrip") return format.toFile(format.fromFile(item.text), item.sortedKeys ?? []);
    if (item.op === "change") {
      const data = { ...format.fromFile(item.text), ...item.changes };
      for (const key of item.remove ?? []) delete data[key];
      return format.toFile(data, item.sortedKeys ?? []);
    }
    if (item.op === "new") return format.toFile(item.data, item.sortedKeys ?? []);
    if (item.op === "read") {
      const { __original, ...data } = format.fromFile(item.text);
      return data;
    }
    if (item.op === "slugify") return slugify(item.text);
    return { error: `unknown op ${item.op}` };
  } catch (error) {
    return { error: String(error.message ?? error) };
  }
}

const { cases } = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(run)));
