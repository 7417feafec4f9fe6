// Builds the views' front end: each entry of workbench/static/ with the modules it imports, as one
// ES module in workbench/static/dist/ that anywidget loads (the package needs no npm at run time).
// Each bundle opens with the SHA-256 of the sources, which tests/test_bundle.py recomputes, so a
// bundle that no longer matches its sources fails the tests. Run it with `make static`; an
// optional argument writes the bundles to another folder (the test rebuilds into a temporary one).
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { build, version } from "esbuild";

const STATIC = "workbench/static";
const ENTRIES = ["grid.js", "views.js"];
const outdir = process.argv[2] || join(STATIC, "dist");

// SHA-256 over every source module in name order: its name, a newline, its bytes, a newline.
const hash = createHash("sha256");
for (const name of readdirSync(STATIC).filter((n) => n.endsWith(".js")).sort()) {
  hash.update(`${name}\n`);
  hash.update(readFileSync(join(STATIC, name)));
  hash.update("\n");
}

await build({
  entryPoints: ENTRIES.map((name) => join(STATIC, name)),
  outdir,
  bundle: true,
  format: "esm",
  charset: "utf8",
  logLevel: "warning",
  banner: {
    js: `// Built by esbuild ${version} from ${STATIC}/*.js with \`make static\`; do not edit.\n// sources sha256: ${hash.digest("hex")}`,
  },
});
