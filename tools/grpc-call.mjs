#!/usr/bin/env node
// Calls any unary method of the suite over gRPC with a JSON request, using @grpc/grpc-js and the
// contracts in proto/ (no generated code, no server reflection needed). For newcomers and demos:
//
//   node tools/grpc-call.mjs 127.0.0.1:7100 \
//     collab.organisations.v1.OrganisationService/ListOrganisations '{"pageSize": 5}' --token "$TOKEN"
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const tokenAt = args.indexOf('--token');
const token = tokenAt >= 0 ? args.splice(tokenAt, 2)[1] : process.env.COLLAB_TOKEN;
const [target, fullMethod, json = '{}'] = args;
if (!target || !fullMethod || !fullMethod.includes('/')) {
  console.error('usage: grpc-call.mjs HOST:PORT package.Service/Method [JSON] [--token JWT]');
  process.exit(2);
}

function protoFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return protoFiles(path);
    return name.endsWith('.proto') ? [relative(join(root, 'proto'), path)] : [];
  });
}

const definition = protoLoader.loadSync(protoFiles(join(root, 'proto', 'collab')), {
  includeDirs: [join(root, 'proto'), '/usr/include'],
  keepCase: false, enums: String, longs: String, defaults: false,
});
const [serviceName, method] = fullMethod.split('/');
const Service = serviceName.split('.').reduce((node, part) => node && node[part],
  grpc.loadPackageDefinition(definition));
if (!Service || !Service.service || !Service.service[method]) {
  console.error(`unknown method ${fullMethod}`);
  process.exit(2);
}
const client = new Service(target, grpc.credentials.createInsecure());
const metadata = new grpc.Metadata();
if (token) metadata.set('authorization', `Bearer ${token}`);
client[method](JSON.parse(json), metadata, { deadline: new Date(Date.now() + 10000) },
  (err, response) => {
    if (err) {
      console.error(`${grpc.status[err.code]}: ${err.details}`);
      process.exit(1);
    }
    console.log(JSON.stringify(response, null, 2));
    client.close();
  });
