// Validates rendered Kubernetes manifests offline (run by .ci/k8s-validate.sh; exit code 1 on any problem).
//   node validate.mjs manifests <rendered.yaml>...   schema + unknown fields + our deployment policy
//   node validate.mjs workflow <workflow.yaml>...      GitHub Actions workflow parses, has the expected shape, pins actions by SHA
//   node validate.mjs self-test <rendered.yaml>        broken copies of a good manifest must be rejected
//
// Schemas: the Kubernetes OpenAPI schemas compiled into kubernetes-models (and prometheus-operator's for
// ServiceMonitor and PrometheusRule). Those schemas allow unknown fields, which the API server rejects (strict field validation), so
// every object is validated through a Proxy that records which keys the schema validator looks at: a key it never
// reads is a field the schema does not define, i.e. a typo.
import { readFileSync } from "node:fs";
import { parseAllDocuments, parse } from "yaml";

const SCHEMAS = {
  "v1/ConfigMap": "kubernetes-models/_schemas/IoK8sApiCoreV1ConfigMap",
  "v1/Service": "kubernetes-models/_schemas/IoK8sApiCoreV1Service",
  "v1/ServiceAccount": "kubernetes-models/_schemas/IoK8sApiCoreV1ServiceAccount",
  "apps/v1/Deployment": "kubernetes-models/_schemas/IoK8sApiAppsV1Deployment",
  "autoscaling/v2/HorizontalPodAutoscaler": "kubernetes-models/_schemas/IoK8sApiAutoscalingV2HorizontalPodAutoscaler",
  "policy/v1/PodDisruptionBudget": "kubernetes-models/_schemas/IoK8sApiPolicyV1PodDisruptionBudget",
  "networking.k8s.io/v1/NetworkPolicy": "kubernetes-models/_schemas/IoK8sApiNetworkingV1NetworkPolicy",
  "monitoring.coreos.com/v1/ServiceMonitor":
    "@kubernetes-models/prometheus-operator/_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1ServiceMonitor",
  "monitoring.coreos.com/v1/PrometheusRule":
    "@kubernetes-models/prometheus-operator/_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1PrometheusRule",
};

const problems = [];
const fail = (where, message) => problems.push(`${where}: ${message}`);

function readObjects(file) {
  const objects = [];
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) fail(file, `YAML: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value) objects.push(value);
  }
  return objects;
}

const id = (o) => `${o?.kind}/${o?.metadata?.name}`;

/** A deep copy whose every object records the keys read from it; `all` receives every key that exists. */
function track(value, path, seen, all) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v, i) => track(v, `${path}/${i}`, seen, all));
  const copy = {};
  for (const key of Object.keys(value)) {
    copy[key] = track(value[key], `${path}/${key}`, seen, all);
    all.add(`${path}/${key}`);
  }
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === "string") seen.add(`${path}/${key}`);
      return Reflect.get(target, key, receiver);
    },
  });
}

async function schemaErrors(o) {
  const key = `${o.apiVersion}/${o.kind}`;
  if (!SCHEMAS[key]) return [`no schema for ${key}; add it to SCHEMAS in .ci/k8s-validate/validate.mjs`];
  const { validate } = await import(new URL(`./node_modules/${SCHEMAS[key]}.js`, import.meta.url));
  const seen = new Set();
  const all = new Set();
  const errors = [];
  if (!validate(track(o, "", seen, all), {})) {
    for (const e of validate.errors) errors.push(`${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  }
  for (const path of all) {
    let parent = path.slice(0, path.lastIndexOf("/"));
    while (/\/\d+$/.test(parent)) parent = parent.slice(0, parent.lastIndexOf("/")); // arrays are not proxied
    // Report the outermost unknown key only (its children were never looked at either).
    if (!seen.has(path) && (parent === "" || seen.has(parent))) errors.push(`${path} is not a field of ${key}`);
  }
  return errors;
}

/** What we promise about the pods beyond the schema: hardened, sized, probed, pinned, and either one replica or a fleet. */
function policy(objects, file) {
  const kinds = new Set(objects.map((o) => o.kind));
  for (const k of ["Deployment", "Service", "ConfigMap", "NetworkPolicy"]) {
    if (!kinds.has(k)) fail(file, `no ${k} rendered`);
  }
  if (kinds.has("Secret")) fail(file, "a Secret is rendered: secret data is never committed; reference it instead");
  for (const d of objects.filter((o) => o.kind === "Deployment")) {
    const where = `${file} ${id(d)}`;
    const pod = d.spec?.template?.spec ?? {};
    replicasPolicy(objects, d, where);
    if (pod.securityContext?.runAsNonRoot !== true) fail(where, "pod securityContext.runAsNonRoot must be true");
    if (pod.securityContext?.seccompProfile?.type !== "RuntimeDefault") fail(where, "pod seccompProfile must be RuntimeDefault");
    if (!pod.topologySpreadConstraints?.length) fail(where, "no topologySpreadConstraints");
    for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
      const cw = `${where} container ${c.name}`;
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true) fail(cw, "readOnlyRootFilesystem must be true");
      if (sc.allowPrivilegeEscalation !== false) fail(cw, "allowPrivilegeEscalation must be false");
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail(cw, "capabilities must drop ALL");
      if (sc.privileged === true) fail(cw, "must not be privileged");
      for (const r of ["requests", "limits"]) {
        for (const res of ["cpu", "memory"]) if (!c.resources?.[r]?.[res]) fail(cw, `resources.${r}.${res} missing`);
      }
      const ports = new Set((c.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
      for (const p of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        if (!c[p]?.httpGet) fail(cw, `${p} missing`);
        else if (!ports.has(c[p].httpGet.port)) fail(cw, `${p} targets port ${c[p].httpGet.port}, which the container does not declare`);
      }
      if (!/(@sha256:[0-9a-f]{64}|:[A-Za-z0-9_][A-Za-z0-9_.-]*)$/.test(c.image ?? "") || /:latest$/.test(c.image)) {
        fail(cw, `image ${c.image} must be pinned to a tag other than latest, or a digest`);
      }
    }
  }
  const podPorts = new Set(objects.filter((o) => o.kind === "Deployment")
    .flatMap((d) => d.spec?.template?.spec?.containers ?? []).flatMap((c) => c.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
  for (const svc of objects.filter((o) => o.kind === "Service")) {
    for (const p of svc.spec?.ports ?? []) {
      if (!podPorts.has(p.targetPort ?? p.port)) fail(`${file} ${id(svc)}`, `targetPort ${p.targetPort} is not a container port`);
    }
  }
  for (const h of objects.filter((o) => o.kind === "HorizontalPodAutoscaler")) {
    const target = h.spec?.scaleTargetRef;
    if (!objects.some((o) => o.kind === target?.kind && o.metadata?.name === target?.name)) {
      fail(`${file} ${id(h)}`, `scales ${target?.kind}/${target?.name}, which is not rendered`);
    }
  }
  for (const n of objects.filter((o) => o.kind === "NetworkPolicy")) {
    const types = n.spec?.policyTypes ?? [];
    if (!types.includes("Ingress") || !types.includes("Egress")) fail(`${file} ${id(n)}`, "must restrict Ingress and Egress");
  }
}

/**
 * One replica on the per-pod memory store, or a fleet on the shared store (Redis): more than one replica on memory
 * multiplies every rate limit by the replica count and loses Idempotency-Key replays between pods. A fleet keeps an
 * HPA with a floor of 2 and a PDB; no PDB may block node drains at the fewest replicas the Deployment runs.
 */
function replicasPolicy(objects, d, where) {
  const hpas = objects.filter((o) => o.kind === "HorizontalPodAutoscaler"
    && o.spec?.scaleTargetRef?.kind === "Deployment" && o.spec?.scaleTargetRef?.name === d.metadata?.name);
  const replicas = d.spec?.replicas ?? 1; // the API server's default
  const most = Math.max(replicas, ...hpas.map((h) => h.spec?.maxReplicas ?? 0));
  const fewest = hpas.length ? Math.min(...hpas.map((h) => h.spec?.minReplicas ?? 1)) : replicas;
  const store = podSetting(objects, d, "GATEWAY_STATE_STORE") ?? DEFAULT_STATE_STORE;
  if (most > 1 && store.toLowerCase() !== "redis") {
    fail(where, `runs up to ${most} replicas on the ${store} store: every rate limit would be per pod and ` +
      "Idempotency-Key records unshared; set GATEWAY_STATE_STORE=redis (overlays/prod) or run one replica");
  }
  if (store.toLowerCase() === "redis") {
    const share = Number(podSetting(objects, d, "GATEWAY_STATE_REDIS_FALLBACK_REPLICAS") ?? 1);
    if (share !== most) fail(where, `GATEWAY_STATE_REDIS_FALLBACK_REPLICAS is ${share}, not the ${most} replicas it may run`);
  }
  if (most > 1) {
    if (!hpas.length) fail(where, "more than one replica needs a HorizontalPodAutoscaler");
    if (fewest < 2) fail(where, `a fleet keeps at least 2 replicas, not ${fewest}`);
    if (!pdbsFor(objects, d).length) fail(where, "more than one replica needs a PodDisruptionBudget");
  }
  for (const pdb of pdbsFor(objects, d)) {
    if (disruptionsAllowed(pdb.spec ?? {}, fewest) < 1) {
      fail(where, `${id(pdb)} allows no eviction at ${fewest} replica(s), so it would block every node drain`);
    }
  }
}

/** The gateway's default, gateway.state.store=memory (StateConfig; KubernetesManifestsTest reads it from the code). */
const DEFAULT_STATE_STORE = "memory";

/** A setting of the gateway container: a literal env value, a ConfigMap key it references, or its envFrom ConfigMaps. */
function podSetting(objects, d, name) {
  const configMap = (n) => objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === n)?.data ?? {};
  const containers = d.spec?.template?.spec?.containers ?? [];
  const c = containers.find((x) => x.name === "gateway") ?? containers[0] ?? {};
  const env = (c.env ?? []).find((e) => e.name === name);
  if (env?.value !== undefined) return String(env.value);
  const ref = env?.valueFrom?.configMapKeyRef;
  if (ref) return configMap(ref.name)[ref.key];
  if (env) return "unknown (not a literal or a ConfigMap key)"; // a Secret or a field reference: cannot be checked
  let value;
  for (const from of c.envFrom ?? []) {
    const data = from.configMapRef ? configMap(from.configMapRef.name) : {};
    if (data[`${from.prefix ?? ""}${name}`] === undefined) continue;
    value = data[`${from.prefix ?? ""}${name}`]; // later sources win, as in the kubelet
  }
  return value;
}

function pdbsFor(objects, d) {
  const labels = d.spec?.template?.metadata?.labels ?? {};
  return objects.filter((o) => o.kind === "PodDisruptionBudget" && Object.entries(o.spec?.selector?.matchLabels ?? {})
    .every(([k, v]) => labels[k] === v));
}

/** How many of `pods` a PodDisruptionBudget lets a drain evict (percentages rounded up, as the disruption controller does). */
function disruptionsAllowed(spec, pods) {
  const count = (v) => typeof v === "string" && v.endsWith("%") ? Math.ceil((Number(v.slice(0, -1)) * pods) / 100) : Number(v);
  if (spec.maxUnavailable !== undefined) return count(spec.maxUnavailable);
  if (spec.minAvailable !== undefined) return pods - count(spec.minAvailable);
  return pods;
}

async function manifests(files) {
  for (const file of files) {
    const objects = readObjects(file);
    if (!objects.length) fail(file, "rendered nothing");
    for (const o of objects) for (const e of await schemaErrors(o)) fail(`${file} ${id(o)}`, e);
    policy(objects, file);
    console.log(`${file}: ${objects.length} objects checked (${objects.map(id).join(", ")})`);
  }
}

function workflow(files) {
  for (const file of files) {
    let w;
    try {
      w = parse(readFileSync(file, "utf8"));
    } catch (e) {
      fail(file, `YAML: ${e.message}`);
      continue;
    }
    if (!w?.on) fail(file, "no `on:` trigger");
    if (!w?.concurrency?.group) fail(file, "no concurrency group");
    const jobs = Object.entries(w?.jobs ?? {});
    if (!jobs.length) fail(file, "no jobs");
    for (const [name, job] of jobs) {
      if (!job["runs-on"]) fail(file, `job ${name} has no runs-on`);
      for (const need of [job.needs ?? []].flat()) if (!w.jobs[need]) fail(file, `job ${name} needs unknown job ${need}`);
      for (const [i, step] of (job.steps ?? []).entries()) {
        if (!step.uses === !step.run) fail(file, `job ${name} step ${i + 1} needs exactly one of uses/run`);
        // A tag can be moved to other code; a commit cannot. The version the SHA was taken from goes in a comment.
        if (step.uses && !/@[0-9a-f]{40}$/.test(step.uses)) fail(file, `job ${name} step ${i + 1}: pin ${step.uses} to a commit SHA`);
      }
      if (!job.steps?.length) fail(file, `job ${name} has no steps`);
    }
    console.log(`${file}: ${jobs.length} jobs checked`);
  }
}

/** Proves the checks bite: each mutation of a good Deployment must be reported. */
async function selfTest(file) {
  const good = readObjects(file).find((o) => o.kind === "Deployment");
  const base = await schemaErrors(good);
  if (base.length) fail(file, `self-test needs a valid Deployment: ${base[0]}`);
  const mutations = {
    "misspelt field": (d) => (d.spec.template.spec.containers[0].imagePullPolcy = "Always"),
    "wrong type": (d) => (d.spec.template.spec.containers[0].ports[0].containerPort = "eighty"),
    "missing required field": (d) => delete d.spec.selector,
    "bad enum": (d) => (d.spec.template.spec.containers[0].imagePullPolicy = "Sometimes"),
  };
  for (const [name, mutate] of Object.entries(mutations)) {
    const broken = structuredClone(good);
    mutate(broken);
    if (!(await schemaErrors(broken)).length) fail("self-test", `a Deployment with a ${name} passed validation`);
  }
  const before = problems.length;
  const insecure = structuredClone(good);
  delete insecure.spec.template.spec.containers[0].securityContext;
  policy([insecure], "self-test");
  if (problems.length === before) fail("self-test", "a container without securityContext passed the policy");
  else problems.splice(before);
  const replicaCases = replicaSelfTest(readObjects(file));
  if (!problems.length) {
    console.log(`self-test: ${Object.keys(mutations).length + 1} broken Deployments rejected, ${replicaCases} replica layouts judged`);
  }
}

/** The replica policy on variants of a rendered overlay: one replica on memory passes, a fleet on memory never does. */
function replicaSelfTest(rendered) {
  const single = () => {
    const objects = structuredClone(rendered.filter((o) => !["HorizontalPodAutoscaler", "PodDisruptionBudget"].includes(o.kind)));
    const d = objects.find((o) => o.kind === "Deployment");
    d.spec.replicas = 1;
    for (const cm of objects.filter((o) => o.kind === "ConfigMap")) {
      for (const k of Object.keys(cm.data ?? {})) if (k.startsWith("GATEWAY_STATE_")) delete cm.data[k];
    }
    const labels = d.spec.template.metadata.labels;
    const hpa = (min, max) => ({ kind: "HorizontalPodAutoscaler", metadata: { name: "h" },
      spec: { scaleTargetRef: { kind: "Deployment", name: d.metadata.name }, minReplicas: min, maxReplicas: max } });
    const pdb = (spec) => ({ kind: "PodDisruptionBudget", metadata: { name: "p" }, spec: { ...spec, selector: { matchLabels: labels } } });
    const redis = (share) => objects.filter((o) => o.kind === "ConfigMap").forEach((cm) => Object.assign(cm.data ??= {},
      { GATEWAY_STATE_STORE: "redis", GATEWAY_STATE_REDIS_FALLBACK_REPLICAS: String(share) }));
    return { objects, d, hpa, pdb, redis };
  };
  const cases = {
    "one replica on memory": [(x) => x, null],
    "a fleet on redis": [(x) => { x.redis(6); x.d.spec.replicas = 2; x.objects.push(x.hpa(2, 6), x.pdb({ minAvailable: 1 })); }, null],
    "3 replicas on memory": [(x) => { x.d.spec.replicas = 3; }, /on the memory store/],
    "an HPA to 4 on memory": [(x) => { x.objects.push(x.hpa(2, 4), x.pdb({ minAvailable: 1 })); }, /up to 4 replicas on the memory store/],
    "a store the manifests cannot see": [(x) => {
      x.d.spec.replicas = 2; x.objects.push(x.hpa(2, 2), x.pdb({ minAvailable: 1 }));
      x.d.spec.template.spec.containers[0].env = [{ name: "GATEWAY_STATE_STORE", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }];
    }, /on the unknown/],
    "a fallback share below maxReplicas": [(x) => { x.redis(6); x.d.spec.replicas = 2; x.objects.push(x.hpa(2, 10), x.pdb({ minAvailable: 1 })); }, /FALLBACK_REPLICAS is 6/],
    "minAvailable 1 on one replica": [(x) => { x.objects.push(x.pdb({ minAvailable: 1 })); }, /block every node drain/],
    "maxUnavailable 0% on a fleet": [(x) => { x.redis(6); x.d.spec.replicas = 2; x.objects.push(x.hpa(2, 6), x.pdb({ maxUnavailable: "0%" })); }, /block every node drain/],
  };
  for (const [name, [mutate, expected]] of Object.entries(cases)) {
    const x = single();
    mutate(x);
    const before = problems.length;
    replicasPolicy(x.objects, x.d, "self-test");
    const found = problems.splice(before);
    if (!expected && found.length) fail("self-test", `${name} was refused: ${found[0]}`);
    if (expected && !found.some((p) => expected.test(p))) fail("self-test", `${name} passed the replica policy (${found.join("; ") || "no problem"})`);
  }
  return Object.keys(cases).length;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "manifests") await manifests(args);
else if (mode === "workflow") workflow(args);
else if (mode === "self-test") await selfTest(args[0]);
else fail("usage", "validate.mjs manifests|workflow|self-test FILE...");
if (problems.length) {
  for (const p of problems) console.error(`INVALID ${p}`);
  process.exit(1);
}
