// A client no one here wrote: @grpc/grpc-js + @grpc/proto-loader call the gateway with a
// bearer token (issue 3, Tests). Run by tests/node/run.sh, which starts the stack and sets:
//   COLLAB_GATEWAY_GRPC   host:port of the gateway's gRPC port
//   COLLAB_TOKEN_ADMIN, COLLAB_TOKEN_CASE_WORKER   dev-issuer tokens
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = process.env.COLLAB_GATEWAY_GRPC;
assert.ok(target, 'COLLAB_GATEWAY_GRPC is not set: run tests/node/run.sh');

const definition = protoLoader.loadSync('collab/organisations/v1/organisations.proto', {
  includeDirs: [join(root, 'proto'), '/usr/include'],
  keepCase: false,
  enums: String,
  longs: String,
  defaults: false,
});
const { OrganisationService } = grpc.loadPackageDefinition(definition).collab.organisations.v1;
const client = new OrganisationService(target, grpc.credentials.createInsecure());

function call(method, request, token) {
  const metadata = new grpc.Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  const deadline = new Date(Date.now() + 5000);
  return new Promise((resolve, reject) => {
    client[method](request, metadata, { deadline }, (err, response) => (err ? reject(err) : resolve(response)));
  });
}

// A valid organisationsnummer: legal form 5, third digit >= 2, Luhn check digit.
function organisationNumber() {
  const digits = [5, Math.floor(Math.random() * 10), 2 + Math.floor(Math.random() * 8)];
  while (digits.length < 9) digits.push(Math.floor(Math.random() * 10));
  const sum = digits.reduce((acc, d, i) => {
    const p = d * (i % 2 === 0 ? 2 : 1);
    return acc + Math.floor(p / 10) + (p % 10);
  }, 0);
  digits.push((10 - (sum % 10)) % 10);
  const s = digits.join('');
  return `${s.slice(0, 6)}-${s.slice(6)}`;
}

test('an admin creates an organisation and a case worker lists it', async () => {
  const displayName = `Node Test AB ${randomUUID().slice(0, 8)}`;
  const created = await call(
    'CreateOrganisation',
    {
      organisation: {
        displayName,
        kind: 'ORGANISATION_KIND_EMPLOYER',
        organisationNumber: organisationNumber(),
        sector: 'SECTOR_PRIVATE',
        countyCode: '17',
      },
      requestId: randomUUID(),
    },
    process.env.COLLAB_TOKEN_ADMIN,
  );
  assert.match(created.name, /^organisations\//);

  const listed = await call('ListOrganisations', { pageSize: 500 }, process.env.COLLAB_TOKEN_CASE_WORKER);
  const names = listed.organisations.map((o) => o.displayName);
  assert.ok(names.includes(displayName), `${displayName} not in ${names}`);
});

test('no token is UNAUTHENTICATED', async () => {
  await assert.rejects(call('ListOrganisations', {}, undefined), (err) => {
    assert.equal(err.code, grpc.status.UNAUTHENTICATED);
    return true;
  });
});

test('a role the policy does not allow is PERMISSION_DENIED', async () => {
  await assert.rejects(
    call('CreateOrganisation', { organisation: { displayName: 'x' } }, process.env.COLLAB_TOKEN_CASE_WORKER),
    (err) => {
      assert.equal(err.code, grpc.status.PERMISSION_DENIED);
      return true;
    },
  );
});

test.after(() => client.close());
