// Validates Adaptive Cards offline with the official `adaptivecards` parser, as Teams would read them (schema 1.5).
// Usage: node validate-cards.mjs card.json [more.json ...]   (or one card / an array of cards on stdin)
// Prints one line per problem and exits 1 if there is any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// The package's lib/ folder is extension-less ESM that Node cannot load; its UMD bundle works.
const AC = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js");
const TARGET = AC.Versions.v1_5;

// Keys the parser reads itself instead of through an object's property schema.
const STRUCTURAL = new Set(["body", "actions", "items", "columns", "facts", "choices", "fallback", "card", "targetElements", "inlines"]);
// Untyped objects whose kind follows from the key of the array holding them.
const UNTYPED = {
  columns: { name: "Column", make: () => new AC.Column() },
  facts: { name: "Fact", make: () => new AC.Fact() },
  choices: { name: "Choice", make: () => new AC.Choice() },
};

function schemaOf(json, kind) {
  const instance = kind ? kind.make()
    : json.type === "AdaptiveCard" ? new AC.AdaptiveCard()
    : AC.GlobalRegistry.elements.createInstance(json.type, TARGET) ?? AC.GlobalRegistry.actions.createInstance(json.type, TARGET);
  if (!instance) return undefined; // an unknown type: the parser reports it
  const schema = instance.getSchema();
  const names = new Set(STRUCTURAL);
  for (let i = 0; i < schema.getCount(); i++) names.add(schema.getItemAt(i).name);
  return names;
}

// The parser silently ignores properties it does not know (a typo such as "altTxt"); report them.
function unknownProperties(json, path, kind, problems) {
  if (Array.isArray(json)) {
    json.forEach((item, i) => unknownProperties(item, `${path}[${i}]`, kind, problems));
    return;
  }
  if (json === null || typeof json !== "object") return;
  const known = (kind || typeof json.type === "string") ? schemaOf(json, kind) : undefined;
  for (const [key, value] of Object.entries(json)) {
    if (known && !known.has(key)) problems.push(`${path}: unknown property "${key}" on ${json.type ?? kind.name}`);
    if (key !== "data") unknownProperties(value, `${path}.${key}`, Object.hasOwn(UNTYPED, key) ? UNTYPED[key] : undefined, problems); // Action.Submit data is free-form
  }
}

function validate(json) {
  const problems = [];
  if (json?.type !== "AdaptiveCard") return ["not an AdaptiveCard (type must be \"AdaptiveCard\")"];
  if (json.version !== "1.5") problems.push(`version is ${JSON.stringify(json.version)}, expected "1.5" (what Teams renders)`);
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(TARGET);
  card.parse(json, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...card.validateProperties().validationEvents);
  for (const e of events) {
    if (e.event !== AC.ValidationEvent.Hint) problems.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  unknownProperties(json, "$", undefined, problems);
  return problems;
}

const inputs = process.argv.length > 2
  ? process.argv.slice(2).map((file) => ({ name: file, text: () => readFileSync(file, "utf8") }))
  : [{ name: "stdin", text: () => readFileSync(0, "utf8") }];
let failed = 0;
for (const input of inputs) {
  let cards;
  try {
    const parsed = JSON.parse(input.text());
    cards = Array.isArray(parsed) ? parsed : [parsed];
  } catch (error) {
    console.log(`${input.name}: ${error.message}`);
    failed++;
    continue;
  }
  cards.forEach((card, i) => {
    const label = cards.length > 1 ? `${input.name}[${i}]` : input.name;
    for (const problem of validate(card)) {
      console.log(`${label}: ${problem}`);
      failed++;
    }
  });
}
if (failed === 0) console.log(`ok: ${inputs.length} input(s) valid`);
process.exit(failed === 0 ? 0 : 1);
