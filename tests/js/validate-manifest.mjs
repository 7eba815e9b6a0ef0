// Validates a Teams app manifest offline against the v1.29 JSON schema (draft-04) kept in schemas/.
// Usage: node validate-manifest.mjs manifest.json [more.json ...]   (or one manifest on stdin)
// Prints one line per problem and exits 1 if there is any.
import { readFileSync } from "node:fs";
import Ajv from "ajv-draft-04";

const schema = JSON.parse(readFileSync(new URL("./schemas/teams-manifest-v1.29.schema.json", import.meta.url), "utf8"));
// strict: false because the published schema trips Ajv's schema-style lints (e.g. additionalProperties without type);
// it changes nothing about how manifests are validated.
const ajv = new Ajv({ allErrors: true, strict: false });
// The schema's only format; Node's URL parser is the judge (no extra package for one format).
ajv.addFormat("uri", (text) => URL.canParse(text));
const check = ajv.compile(schema);

const inputs = process.argv.length > 2
  ? process.argv.slice(2).map((file) => ({ name: file, text: () => readFileSync(file, "utf8") }))
  : [{ name: "stdin", text: () => readFileSync(0, "utf8") }];
let failed = 0;
for (const input of inputs) {
  let manifest;
  try {
    manifest = JSON.parse(input.text());
  } catch (error) {
    console.log(`${input.name}: ${error.message}`);
    failed++;
    continue;
  }
  if (check(manifest)) continue;
  for (const e of check.errors) {
    console.log(`${input.name}: ${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
    failed++;
  }
}
if (failed === 0) console.log(`ok: ${inputs.length} manifest(s) valid`);
process.exit(failed === 0 ? 0 : 1);
