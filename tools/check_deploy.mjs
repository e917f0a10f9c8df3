// Offline checks of the deployment files; called by tools/check_deploy.sh with a directory of
// rendered overlays (<name>.yaml from `kubectl kustomize`). Prints every problem, exits 1 if any.
//   1. schema: each rendered object against the Kubernetes OpenAPI schemas (kubernetes-models);
//      CloudNativePG Clusters, which it lacks, by a few structural rules
//   2. hardening: non-root, read-only root fs, no privilege escalation, capabilities dropped,
//      requests + limits, gRPC readiness probes, tagged images
//   3. wiring: ConfigMap/Secret references, Service selectors and ports, dns:/// targets onto
//      headless Services, HPA/PDB targets, database hosts onto Clusters, network policies
//      allowing exactly the calls the dns:/// targets make
//   4. docker: Dockerfile stages, compose targets/secrets/depends_on, binaries built, build
//      packages in step with deploy/local/install-deps.sh, runtime packages cover a local build
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";

const [renderedDir] = process.argv.slice(2);
const root = new URL("..", import.meta.url).pathname;
const problems = [];
let checks = 0;
const check = (ok, msg) => { checks++; if (!ok) problems.push(msg); };

// Secrets and ConfigMaps an overlay expects to exist in the cluster rather than render itself.
const EXTERNAL = {
  base: ["collab-internal-key", "collab-db-role", "collab-db-admin", "collab-jwks"],
  prod: ["collab-internal-key", "collab-db-role", "collab-db-admin", "collab-jwks"],
  dev: [],
};
const BASE_PACKAGES = new Set(["libc6", "libgcc-s1", "libstdc++6"]); // in debian:12-slim already

// ---------- 1-3: rendered Kubernetes objects ----------
async function modelFor(apiVersion, kind) {
  // Modules are laid out as <group>/<version>/<Kind>; the core group is just "v1".
  try { return (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind]; } catch { return null; }
}

function checkCnpgCluster(o, where) {
  const s = o.spec ?? {};
  check(Number.isInteger(s.instances) && s.instances >= 1, `${where}: spec.instances must be an integer >= 1`);
  check(typeof s.storage?.size === "string", `${where}: spec.storage.size missing`);
  check(typeof s.imageName === "string" && /:\d+/.test(s.imageName), `${where}: spec.imageName needs a major version tag`);
  check(s.bootstrap?.initdb?.database && s.bootstrap?.initdb?.owner, `${where}: bootstrap.initdb database/owner missing`);
  const known = new Set(["instances", "imageName", "enableSuperuserAccess", "bootstrap", "managed", "storage", "resources", "postgresql", "backup", "monitoring", "affinity"]);
  for (const k of Object.keys(s)) check(known.has(k), `${where}: unexpected spec.${k} (typo?)`);
}

const labelsMatch = (sel, labels) => Object.entries(sel ?? {}).every(([k, v]) => labels?.[k] === v);

async function checkOverlay(name, docs) {
  const objs = docs.filter(Boolean);
  const by = (kind) => objs.filter((o) => o.kind === kind);
  const named = (kind, n) => objs.find((o) => o.kind === kind && o.metadata?.name === n);
  const external = EXTERNAL[name] ?? [];
  const ns = by("Namespace")[0]?.metadata?.name;

  // kustomize wraps long base64 Secret data over lines; the API server's decoder skips newlines.
  for (const o of by("Secret")) for (const k of Object.keys(o.data ?? {})) o.data[k] = o.data[k].replace(/\s/g, "");
  for (const o of objs) {
    const where = `${name}: ${o.kind}/${o.metadata?.name}`;
    if (o.apiVersion === "postgresql.cnpg.io/v1" && o.kind === "Cluster") checkCnpgCluster(o, where);
    else {
      const Model = await modelFor(o.apiVersion, o.kind);
      check(Model, `${where}: no schema for ${o.apiVersion} ${o.kind}`);
      if (Model) { try { new Model(o).validate(); checks++; } catch (e) { problems.push(`${where}: ${e.message}`); } }
    }
    if (ns && o.kind !== "Namespace") check(o.metadata?.namespace === ns, `${where}: not in namespace ${ns}`);
  }

  // Pods of Deployments and Jobs: hardening and references.
  const workloads = [...by("Deployment"), ...by("Job")];
  const pods = workloads.map((w) => ({ w, name: w.metadata.name, labels: w.spec.template.metadata?.labels ?? {}, spec: w.spec.template.spec }));
  const ref = (kind, n, key, where) => {
    const o = named(kind, n);
    if (!o) return check(external.includes(n), `${where}: ${kind} ${n} is neither rendered nor an expected external object`);
    if (key !== undefined) check(key in (o.data ?? {}) || key in (o.stringData ?? {}), `${where}: ${kind} ${n} has no key ${key}`);
  };
  const edges = new Set(); // "client->service" from dns:/// targets
  for (const { w, name: pn, spec } of pods) {
    const where = `${name}: ${w.kind}/${pn}`;
    const psc = spec.securityContext ?? {};
    check(psc.runAsNonRoot === true && psc.runAsUser > 0, `${where}: pod must run as a non-root uid`);
    check(psc.seccompProfile?.type === "RuntimeDefault", `${where}: seccompProfile RuntimeDefault missing`);
    check(spec.automountServiceAccountToken === false, `${where}: automountServiceAccountToken must be false`);
    if (w.kind === "Deployment") check(w.spec.replicas === undefined || !by("HorizontalPodAutoscaler").length, `${where}: replicas set while an HPA owns the count`);
    for (const v of spec.volumes ?? []) {
      if (v.secret) ref("Secret", v.secret.secretName, undefined, where);
      if (v.configMap) ref("ConfigMap", v.configMap.name, undefined, where);
    }
    for (const c of spec.containers ?? []) {
      const cw = `${where} container ${c.name}`;
      const sc = c.securityContext ?? {};
      check(sc.allowPrivilegeEscalation === false, `${cw}: allowPrivilegeEscalation must be false`);
      check(sc.readOnlyRootFilesystem === true, `${cw}: readOnlyRootFilesystem must be true`);
      check(sc.capabilities?.drop?.includes("ALL") && !sc.capabilities?.add, `${cw}: must drop ALL capabilities and add none`);
      for (const k of ["requests", "limits"]) for (const r of ["cpu", "memory"]) check(c.resources?.[k]?.[r], `${cw}: resources.${k}.${r} missing`);
      check(/:[^/]+$/.test(c.image) && !c.image.endsWith(":latest"), `${cw}: image ${c.image} needs a fixed tag`);
      const ports = new Map((c.ports ?? []).map((p) => [p.name, p.containerPort]));
      const portNums = new Set(ports.values());
      if (w.kind === "Deployment") {
        check(c.readinessProbe?.grpc && portNums.has(c.readinessProbe.grpc.port), `${cw}: needs a grpc readinessProbe on a container port`);
        check(c.livenessProbe, `${cw}: livenessProbe missing`);
      }
      for (const e of c.env ?? []) {
        if (e.valueFrom?.configMapKeyRef) ref("ConfigMap", e.valueFrom.configMapKeyRef.name, e.valueFrom.configMapKeyRef.key, cw);
        if (e.valueFrom?.secretKeyRef) ref("Secret", e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key, cw);
        if (e.name === "COLLAB_LISTEN") check(portNums.has(Number(e.value.split(":").pop())), `${cw}: COLLAB_LISTEN port is not a containerPort`);
        const m = /^dns:\/\/\/([^:]+):(\d+)$/.exec(e.value ?? "");
        if (!m) continue;
        const svc = named("Service", m[1]);
        check(svc && svc.spec.clusterIP === "None", `${cw}: ${e.name} must target a headless Service (${m[1]})`);
        check(svc?.spec.ports.some((p) => p.port === Number(m[2])), `${cw}: Service ${m[1]} has no port ${m[2]}`);
        edges.add(`${pn}->${m[1]}`);
      }
      for (const f of c.envFrom ?? []) {
        if (f.configMapRef) ref("ConfigMap", f.configMapRef.name, undefined, cw);
        if (f.secretRef) ref("Secret", f.secretRef.name, undefined, cw);
      }
      // The binary must be one the Dockerfile builds.
      const bin = (c.command ?? []).find((a) => a.startsWith("/usr/local/bin/"));
      if (bin) check(dockerTargets.has(bin.slice("/usr/local/bin/".length)), `${cw}: ${bin} is not among the Dockerfile's TARGETS`);
    }
  }
  const podsFor = (sel) => pods.filter((p) => labelsMatch(sel, p.labels));

  for (const s of by("Service")) {
    const where = `${name}: Service/${s.metadata.name}`;
    const sel = podsFor(s.spec.selector);
    check(sel.length > 0, `${where}: selector matches no pod template`);
    for (const p of s.spec.ports) {
      const ok = sel.some(({ spec }) => spec.containers.some((c) => (c.ports ?? []).some((cp) => cp.name === p.targetPort || cp.containerPort === p.targetPort)));
      check(ok, `${where}: targetPort ${p.targetPort} is no container port`);
    }
    if (sel.some((p) => p.labels["app.kubernetes.io/component"] === "backend")) check(s.spec.clusterIP === "None", `${where}: backend Services must be headless (client-side round robin)`);
  }
  for (const h of by("HorizontalPodAutoscaler")) {
    const d = named(h.spec.scaleTargetRef.kind, h.spec.scaleTargetRef.name);
    check(d, `${name}: HPA ${h.metadata.name} targets a missing ${h.spec.scaleTargetRef.name}`);
    check(d?.spec.template.spec.containers.every((c) => c.resources?.requests?.cpu), `${name}: HPA ${h.metadata.name}: target lacks cpu requests`);
  }
  for (const p of by("PodDisruptionBudget")) check(podsFor(p.spec.selector.matchLabels).length, `${name}: PDB ${p.metadata.name} selects no pod`);

  // Each database host names a rendered CloudNativePG Cluster (<cluster>-rw), when there are any.
  const clusters = by("Cluster");
  const dbConf = objs.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("collab-database"));
  if (clusters.length && dbConf) {
    for (const [svc, conninfo] of Object.entries(dbConf.data)) {
      const host = /host=(\S+)/.exec(conninfo)?.[1] ?? "";
      check(clusters.some((c) => host === `${c.metadata.name}-rw`), `${name}: database of ${svc} (${host}) is no Cluster's -rw Service`);
    }
    for (const c of clusters) {
      // kustomize does not rewrite names inside this CRD: a generated Secret needs a fixed name.
      for (const r of c.spec.managed?.roles ?? []) ref("Secret", r.passwordSecret?.name, "password", `${name}: Cluster/${c.metadata.name}`);
      const secret = c.spec.bootstrap.initdb.secret?.name;
      ref("Secret", secret, "username", `${name}: Cluster/${c.metadata.name}`);
      const s = named("Secret", secret);
      if (s) check(s.type === "kubernetes.io/basic-auth", `${name}: Secret ${secret} must be kubernetes.io/basic-auth for CloudNativePG`);
    }
  }

  // Network policies: the calls they allow must be exactly the calls dns:/// targets make.
  const policies = by("NetworkPolicy");
  if (policies.length) {
    const allowed = new Set();
    for (const np of policies) {
      const targets = podsFor(np.spec.podSelector.matchLabels);
      check(targets.length, `${name}: NetworkPolicy ${np.metadata.name} selects no pod`);
      for (const rule of np.spec.ingress ?? []) {
        if (!rule.from) continue; // open to all: the gateway
        for (const f of rule.from) {
          const clients = podsFor(f.podSelector?.matchLabels);
          check(clients.length, `${name}: NetworkPolicy ${np.metadata.name} allows a selector matching no pod`);
          for (const c of clients) for (const t of targets) allowed.add(`${c.name}->${t.name}`);
        }
      }
    }
    const open = policies.filter((np) => (np.spec.ingress ?? []).some((r) => !r.from)).flatMap((np) => podsFor(np.spec.podSelector.matchLabels).map((p) => p.name));
    check(open.join() === "collab-gateway", `${name}: only the gateway may be open to all sources (open: ${open.join() || "none"})`);
    for (const e of edges) check(allowed.has(e), `${name}: call ${e} is blocked by the network policies`);
    for (const a of allowed) check(edges.has(a), `${name}: network policies allow ${a}, which no dns:/// target uses`);
  }
  return objs.length;
}

// ---------- 4: Dockerfile and compose ----------
const dockerfile = readFileSync(join(root, "deploy/docker/Dockerfile"), "utf8").replace(/\\\n/g, " ");
const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({ image: m[1], name: m[2] }));
const stageNames = new Set(stages.map((s) => s.name));
const dockerTargets = new Set((/^ARG TARGETS="([^"]+)"/m.exec(dockerfile)?.[1] ?? "").split(/\s+/).filter(Boolean));
const aptIn = (stage) => {
  const body = dockerfile.split(/^FROM\s/m).find((b) => new RegExp(`AS ${stage}\\b`).test(b.split("\n")[0])) ?? "";
  return new Set((/apt-get install (.*?)(&&|$)/m.exec(body)?.[1] ?? "").split(/\s+/).filter((w) => w && !w.startsWith("-")));
};
function checkDocker() {
  check(stages.some((s) => s.name === "build" && s.image === "debian:12"), "Dockerfile: build stage must be FROM debian:12 AS build");
  check(stages.some((s) => s.name === "runtime" && s.image === "debian:12-slim"), "Dockerfile: runtime stage must be FROM debian:12-slim AS runtime");
  for (const m of dockerfile.matchAll(/COPY --from=(\S+)/g)) check(stageNames.has(m[1]), `Dockerfile: COPY --from=${m[1]} names no stage`);
  const user = /^USER\s+(\d+)/m.exec(dockerfile.split(/^FROM\s+debian:12-slim/m)[1] ?? "");
  check(user && Number(user[1]) > 0, "Dockerfile: runtime stage needs a numeric non-root USER");
  check(dockerTargets.has("collab-migrate") && dockerTargets.has("collab-gateway"), "Dockerfile: TARGETS must build collab-migrate and collab-gateway");
  // Planned binaries may lag behind the Dockerfile: a note, not a failure.
  const cmake = ["services", "tools"].flatMap((d) => readdirSync(join(root, d), { recursive: true })
    .filter((f) => f.endsWith("CMakeLists.txt")).map((f) => readFileSync(join(root, d, f), "utf8"))).join("\n");
  const missing = [...dockerTargets].filter((t) => ![`add_executable(${t} `, `collab_add_server(${t} `].some((s) => cmake.includes(s)));
  if (missing.length) console.log(`note: Dockerfile TARGETS not yet in CMake (image builds fail until they are): ${missing.join(" ")}`);

  // The build stage installs every build package that `make deps` installs.
  const deps = readFileSync(join(root, "deploy/local/install-deps.sh"), "utf8");
  const wanted = (/PACKAGES=\(([^)]*)\)/.exec(deps)?.[1] ?? "").split(/\s+/).filter(Boolean);
  const notBuild = new Set(["postgresql", "postgresql-client", "nodejs", "npm", "curl", "openssl"]);
  const build = aptIn("build");
  for (const p of wanted) if (!notBuild.has(p)) check(build.has(p), `Dockerfile: build stage lacks ${p} (listed in deploy/local/install-deps.sh)`);

  // Runtime packages cover the shared libraries a local build links (skipped without one).
  const binDir = join(root, "build/bin");
  const bins = existsSync(binDir) ? readdirSync(binDir).filter((f) => f.startsWith("collab")).map((f) => join(binDir, f)) : [];
  if (bins.length) {
    // spawnSync: a binary being rebuilt right now may be unreadable; the others still count.
    const needed = new Set([...(spawnSync("readelf", ["-d", ...bins], { encoding: "utf8" }).stdout ?? "").matchAll(/\(NEEDED\).*\[(.+)\]/g)].map((m) => m[1]));
    const cache = new Map();
    for (const m of execFileSync("ldconfig", ["-p"], { encoding: "utf8" }).matchAll(/^\s*(\S+) \([^)]*\) => (\S+)$/gm)) if (!cache.has(m[1])) cache.set(m[1], m[2]);
    const paths = [...needed].map((l) => cache.get(l)).filter(Boolean);
    // One dpkg -S for all (it is slow per call); with usrmerge a file is registered under either
    // its /lib or its /usr/lib path, so ask for both and ignore the misses' exit status.
    const candidates = paths.flatMap((f) => [f, realpathSync(f)]);
    const r = spawnSync("dpkg", ["-S", ...candidates], { encoding: "utf8" });
    const owners = r.stdout;
    const found = new Set(owners.split("\n").map((l) => l.split(": ")[1]));
    for (const f of paths) check(found.has(f) || found.has(realpathSync(f)), `no Debian package owns ${f} (linked by build/bin)`);
    const runtime = aptIn("runtime");
    for (const pkg of new Set(owners.split("\n").filter(Boolean).map((l) => l.split(":")[0])))
      check(BASE_PACKAGES.has(pkg) || runtime.has(pkg), `Dockerfile: runtime stage lacks ${pkg} (linked by build/bin)`);
    check(paths.length === needed.size, `build/bin links libraries ldconfig does not know: ${[...needed].filter((l) => !cache.has(l))}`);
  }

  const compose = parse(readFileSync(join(root, "deploy/docker/compose.yaml"), "utf8"), { merge: true });
  const services = compose.services ?? {};
  const listen = {};
  for (const [n, s] of Object.entries(services)) if (s.environment?.COLLAB_LISTEN) listen[n] = s.environment.COLLAB_LISTEN.split(":").pop();
  for (const [n, s] of Object.entries(services)) {
    const where = `compose ${n}`;
    if (s.build) {
      check(existsSync(join(root, "deploy/docker", s.build.context, s.build.dockerfile)), `${where}: build.dockerfile does not exist`);
      check(stageNames.has(s.build.target), `${where}: build.target ${s.build.target} is no Dockerfile stage`);
    }
    for (const d of Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {})) check(services[d], `${where}: depends_on unknown ${d}`);
    for (const sec of s.secrets ?? []) check(compose.secrets?.[sec.source ?? sec], `${where}: secret ${sec} is not declared`);
    for (const m of JSON.stringify(s).matchAll(/\/run\/secrets\/(\w+)/g)) check((s.secrets ?? []).includes(m[1]), `${where}: uses /run/secrets/${m[1]} without the secret`);
    if (s.image?.startsWith("collab:")) {
      check(s.build?.target, `${where}: collab image without a build`);
      check(s.read_only === true && s.cap_drop?.includes("ALL") && /^[1-9]\d*:/.test(s.user ?? ""), `${where}: not hardened (read_only, cap_drop ALL, non-root user)`);
      check(dockerTargets.has(s.command?.[0]), `${where}: command ${s.command?.[0]} is not among the Dockerfile's TARGETS`);
    }
    for (const [k, v] of Object.entries(s.environment ?? {})) {
      const m = /^dns:\/\/\/([^:]+):(\d+)$/.exec(String(v));
      if (m) check(services[m[1]] && listen[m[1]] === m[2], `${where}: ${k} targets ${m[1]}:${m[2]}, which no service listens on`);
    }
  }
  check(Object.entries(services).filter(([, s]) => s.ports).map(([n]) => n).join() === "gateway", "compose: only the gateway may publish ports");
}

checkDocker();
let objects = 0;
const overlays = readdirSync(renderedDir).filter((f) => f.endsWith(".yaml")).sort();
for (const f of overlays) {
  const docs = parseAllDocuments(readFileSync(join(renderedDir, f), "utf8")).map((d) => d.toJS());
  objects += await checkOverlay(f.replace(/\.yaml$/, ""), docs);
}
for (const p of problems) console.log(`FAIL ${p}`);
console.log(`checked ${objects} objects in ${overlays.length} renderings (${overlays.map((f) => f.replace(".yaml", "")).join(" ")}) and deploy/docker`);
console.log(`check_deploy: ${checks - problems.length} passed, ${problems.length} failed`);
process.exit(problems.length ? 1 : 0);
