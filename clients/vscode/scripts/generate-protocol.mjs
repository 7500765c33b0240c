// Writes src/protocol/generated.ts from src/Protocol/protocol.json, the JSON Schema that the C# records generate
// (tests/Daemon.Tests/Contract). With --check it writes nothing and fails when the checked-in file is not what the
// schema gives, so a protocol change regenerated on the C# side only fails CI. docs/protocol.md has the one command
// that regenerates both.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = path.resolve(root, '..', '..', 'src', 'Protocol', 'protocol.json');
const outputPath = path.join(root, 'src', 'protocol', 'generated.ts');
const style = { singleQuote: true, printWidth: 120 };

const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
// A property's description beside its $ref would make the compiler see a new type (JobState1); under allOf it stays JobState.
const refsUnderAllOf = (node) => {
  if (Array.isArray(node)) {
    node.forEach(refsUnderAllOf);
  } else if (node && typeof node === 'object') {
    Object.values(node).forEach(refsUnderAllOf);
    if (node.$ref && Object.keys(node).length > 1) {
      node.allOf = [{ $ref: node.$ref }];
      delete node.$ref;
    }
  }
};
refsUnderAllOf(schema.$defs);
const defs = schema.$defs;
const refName = (node) => node.$ref.replace('#/$defs/', '');
const isConstantSet = (def) => Array.isArray(def.oneOf) && def.oneOf.every((c) => 'const' in c);
const doc = (text, indent = '') => (text ? `${indent}/** ${text.replaceAll('*/', '*\\/')} */\n` : '');
const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);

function constants(name, def) {
  const literal = (v) => (typeof v === 'string' ? `'${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'` : String(v));
  const members = def.oneOf.map((c) => `${doc(c.description, '  ')}  ${c.title}: ${literal(c.const)},\n`);
  // ErrorCodes → ErrorCode: the object holds the values, the type is one of them.
  const single = name.replace(/s$/, '');
  return `${doc(def.description)}export const ${name} = {\n${members.join('')}} as const;\n\nexport type ${single} = (typeof ${name})[keyof typeof ${name}];\n`;
}

function names(name, list) {
  const typeName = name.replace(/s$/, '');
  return `export const ${name} = [\n${list.map((n) => `  '${n}',\n`).join('')}] as const;\n\nexport type ${typeName} = (typeof ${name})[number];\n`;
}

function methodTypes() {
  const entries = Object.entries(schema.methodTypes).map(([name, m]) => {
    const params = m.params ? refName(m.params) : 'void';
    const result = m.result.$ref ? refName(m.result) : 'Record<string, never>';
    return `${doc(m.description, '  ')}  ${key(name)}: { params: ${params}; result: ${result} };\n`;
  });
  return `/** What each method takes and answers (\`void\`: no params; \`Record<string, never>\`: \`{}\`). */\nexport interface MethodTypes {\n${entries.join('')}}\n`;
}

function notificationTypes() {
  const entries = Object.entries(schema.notificationTypes).map(([name, n]) => `${doc(n.description, '  ')}  ${key(name)}: ${refName(n.params)};\n`);
  return `/** The params of each notification. */\nexport interface NotificationTypes {\n${entries.join('')}}\n`;
}

async function records() {
  const out = [];
  for (const [name, def] of Object.entries(defs)) {
    if (isConstantSet(def)) {
      out.push(constants(name, def));
    } else {
      // Each type compiled alone, the others referenced by name: every type is declared once, in $defs order.
      out.push(await compile({ ...def, $defs: defs }, name, { bannerComment: '', declareExternallyReferenced: false, additionalProperties: false, style }));
    }
  }
  return out.map((s) => s.trimEnd() + '\n');
}

async function generate() {
  const parts = [
    `// Generated from src/Protocol/protocol.json by scripts/generate-protocol.mjs: do not edit.\n` +
      `// Regenerate (from the repository root): ${schema.$comment.replace(/^.*Regenerate: /, '')}\n`,
    `${doc(schema.title + ': ' + schema.description)}export const ProtocolVersion = ${schema.protocolVersion};\n`,
    names('MethodNames', schema.methods),
    names('NotificationNames', schema.notifications),
    methodTypes(),
    notificationTypes(),
    ...(await records()),
  ];
  return parts.join('\n');
}

// Each exported declaration's text by name, so a difference can name the types that differ.
function declarations(text) {
  const found = new Map();
  let name = '(header)';
  for (const line of text.split('\n')) {
    name = /^export (?:interface|type|const) (\w+)/.exec(line)?.[1] ?? name;
    found.set(name, (found.get(name) ?? '') + line + '\n');
  }
  return found;
}

function difference(expected, actual) {
  const changed = [...expected.keys()].filter((n) => actual.has(n) && actual.get(n) !== expected.get(n));
  const missing = [...expected.keys()].filter((n) => !actual.has(n));
  const extra = [...actual.keys()].filter((n) => !expected.has(n));
  const parts = [
    changed.length ? `changed ${changed.join(', ')}` : '',
    missing.length ? `missing ${missing.join(', ')}` : '',
    extra.length ? `not in the schema ${extra.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'whitespace only';
}

const generated = await generate();
const relative = path.relative(root, outputPath);
if (process.argv.includes('--check')) {
  const current = fs.existsSync(outputPath) ? fs.readFileSync(outputPath, 'utf8').replaceAll('\r\n', '\n') : '';
  if (current !== generated) {
    console.error(
      `${relative} is not what src/Protocol/protocol.json gives: ${difference(declarations(generated), declarations(current))}.\n` +
        `Regenerate it with \`npm run generate:protocol\` (after a C# change, from the repository root: ${schema.$comment.replace(/^.*Regenerate: /, '')}).`,
    );
    process.exit(1);
  }
  console.log(`${relative} matches src/Protocol/protocol.json`);
} else {
  fs.writeFileSync(outputPath, generated);
  console.log(`wrote ${relative}`);
}
