#!/usr/bin/env node
// `node scripts/twilio-oai-subset.mjs <twilio-oai checkout or its git dir>`
//
// Writes test/fixtures/twilio-oai-subset.json: the response schemas of every
// REST operation the emulator serves, cut from Twilio's published OpenAPI
// description (github twilio/twilio-oai, spec/json/twilio_verify_v2.json and
// twilio_api_v2010.json) with every component they reference, and the commit
// they came from. test/node/emulator.rest-schema.test.mjs validates the
// emulator's answers against it. Re-run after a twilio-oai update.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const OPERATIONS = [
  ['twilio_api_v2010.json', 'GET', '/2010-04-01/Accounts/{Sid}.json', '200'],
  ['twilio_api_v2010.json', 'POST', '/2010-04-01/Accounts/{Sid}.json', '200'],
  ['twilio_api_v2010.json', 'GET', '/2010-04-01/Accounts/{AccountSid}/Conferences.json', '200'],
  ['twilio_api_v2010.json', 'GET', '/2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json', '200'],
  ['twilio_api_v2010.json', 'POST', '/2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json', '200'],
  ['twilio_api_v2010.json', 'GET', '/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json', '200'],
  ['twilio_api_v2010.json', 'POST', '/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json', '201'],
  ['twilio_api_v2010.json', 'GET', '/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json', '200'],
  ['twilio_api_v2010.json', 'POST', '/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json', '200'],
  ['twilio_api_v2010.json', 'DELETE', '/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json', '204'],
  ['twilio_api_v2010.json', 'GET', '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', '200'],
  ['twilio_api_v2010.json', 'POST', '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', '200'],
  ['twilio_api_v2010.json', 'POST', '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/UserDefinedMessages.json', '201'],
  ['twilio_verify_v2.json', 'GET', '/v2/Services/{Sid}', '200'],
  ['twilio_verify_v2.json', 'GET', '/v2/Services/{ServiceSid}/Entities', '200'],
  ['twilio_verify_v2.json', 'POST', '/v2/Services/{ServiceSid}/Entities', '201'],
  ['twilio_verify_v2.json', 'GET', '/v2/Services/{ServiceSid}/Entities/{Identity}', '200'],
  ['twilio_verify_v2.json', 'DELETE', '/v2/Services/{ServiceSid}/Entities/{Identity}', '204'],
  ['twilio_verify_v2.json', 'GET', '/v2/Services/{ServiceSid}/Entities/{Identity}/Factors', '200'],
  ['twilio_verify_v2.json', 'POST', '/v2/Services/{ServiceSid}/Entities/{Identity}/Factors', '201'],
  ['twilio_verify_v2.json', 'GET', '/v2/Services/{ServiceSid}/Entities/{Identity}/Factors/{Sid}', '200'],
  ['twilio_verify_v2.json', 'POST', '/v2/Services/{ServiceSid}/Entities/{Identity}/Factors/{Sid}', '200'],
  ['twilio_verify_v2.json', 'DELETE', '/v2/Services/{ServiceSid}/Entities/{Identity}/Factors/{Sid}', '204'],
  ['twilio_verify_v2.json', 'GET', '/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges', '200'],
  ['twilio_verify_v2.json', 'POST', '/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges', '201'],
  ['twilio_verify_v2.json', 'GET', '/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{Sid}', '200'],
  ['twilio_verify_v2.json', 'POST', '/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{Sid}', '200'],
];

function source(dir) {
  const root = resolve(dir);
  const worktree = existsSync(join(root, 'spec', 'json'));
  const git = worktree ? ['-C', root] : ['--git-dir', root];
  const commit = execFileSync('git', [...git, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const read = (file) =>
    JSON.parse(
      worktree
        ? readFileSync(join(root, 'spec', 'json', file), 'utf8')
        : execFileSync('git', [...git, 'show', `${commit}:spec/json/${file}`], { encoding: 'utf8', maxBuffer: 256 << 20 }),
    );
  return { commit, read };
}

function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/twilio-oai-subset.mjs <twilio-oai checkout or git dir>');
    process.exit(2);
  }
  const { commit, read } = source(dir);
  const specs = new Map();
  const schemas = {};
  const operations = {};
  const collect = (spec, node) => {
    if (!node || typeof node !== 'object') return;
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/components/schemas/', '');
      if (!(name in schemas)) {
        schemas[name] = spec.components.schemas[name];
        if (!schemas[name]) throw new Error(`unresolved ${node.$ref}`);
        collect(spec, schemas[name]);
      }
    }
    for (const v of Object.values(node)) collect(spec, v);
  };
  for (const [file, method, path, status] of OPERATIONS) {
    if (!specs.has(file)) specs.set(file, read(file));
    const spec = specs.get(file);
    const op = spec.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`${file}: no ${method} ${path}`);
    const response = op.responses[status];
    if (!response) throw new Error(`${file}: ${method} ${path} has no ${status} response`);
    const schema = response.content?.['application/json']?.schema ?? null;
    collect(spec, schema);
    operations[`${method} ${path}`] = { spec: file, operationId: op.operationId, status: Number(status), schema };
  }
  const out = {
    $comment: 'Generated by scripts/twilio-oai-subset.mjs from github.com/twilio/twilio-oai; do not edit by hand.',
    source: {
      repository: 'twilio/twilio-oai',
      commit,
      files: [...specs.keys()],
      versions: Object.fromEntries([...specs].map(([f, s]) => [f, s.info.version])),
    },
    operations,
    components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))) },
  };
  const file = join(import.meta.dirname, '..', 'test', 'fixtures', 'twilio-oai-subset.json');
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`wrote ${file}: ${Object.keys(operations).length} operations, ${Object.keys(schemas).length} schemas, twilio-oai ${commit}`);
}

main();
