// A small kustomize renderer for the deploy tests: no kubectl or kustomize binary exists here.
// It implements only the kustomization fields deploy/k8s uses (resources, namespace, labels,
// patches as JSON 6902 ops, images) with kustomize's semantics for them, and throws on any other
// field, so a manifest that starts relying on something this does not model fails loudly instead
// of rendering wrong.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
};

type JsonPatchOp = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown };
type Kustomization = {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  patches?: { target: { kind?: string; name?: string }; patch?: string; path?: string }[];
  images?: { name: string; newName?: string; newTag?: string }[];
};

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'patches', 'images']);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'ClusterIssuer',
]);
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export function renderKustomization(dir: string): K8sObject[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  for (const key of Object.keys(k)) {
    if (!SUPPORTED.has(key)) throw new Error(`${dir}: kustomization field "${key}" is not modelled`);
  }
  let objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const path = join(dir, entry);
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path) : readManifests(path)));
  }
  for (const p of k.patches ?? []) {
    const ops = parse(p.patch ?? readFileSync(join(dir, p.path ?? ''), 'utf8')) as unknown;
    if (!Array.isArray(ops)) throw new Error(`${dir}: only JSON 6902 patches are modelled`);
    const targets = objects.filter(
      (o) =>
        (!p.target.kind || o.kind === p.target.kind) && (!p.target.name || o.metadata.name === p.target.name),
    );
    if (targets.length === 0)
      throw new Error(`${dir}: patch target ${JSON.stringify(p.target)} matches nothing`);
    objects = objects.map((o) => (targets.includes(o) ? applyJsonPatch(o, ops as JsonPatchOp[]) : o));
  }
  if (k.namespace) {
    const ns = k.namespace;
    objects = objects.map((o) =>
      CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: ns } },
    );
  }
  for (const l of k.labels ?? []) {
    if (l.includeSelectors) throw new Error(`${dir}: labels with includeSelectors are not modelled`);
    objects = objects.map((o) => addLabels(o, l.pairs, l.includeTemplates === true));
  }
  for (const image of k.images ?? []) objects = objects.map((o) => setImage(o, image));
  return objects;
}

function readManifests(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`${path}: ${d.errors[0]?.message}`);
      return d.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

function pointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function applyJsonPatch<T>(doc: T, ops: JsonPatchOp[]): T {
  const out = structuredClone(doc) as unknown;
  for (const op of ops) {
    const keys = pointer(op.path);
    const last = keys.pop();
    if (last === undefined) throw new Error(`patch path "${op.path}" addresses the document root`);
    let parent = out as Record<string, unknown>;
    for (const key of keys) {
      const next = parent[key];
      if (typeof next !== 'object' || next === null)
        throw new Error(`patch path "${op.path}" does not exist`);
      parent = next as Record<string, unknown>;
    }
    const exists = Array.isArray(parent) ? Number(last) < parent.length : last in parent;
    if (op.op !== 'add' && !exists) throw new Error(`patch ${op.op} "${op.path}": no such value`);
    if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (op.op === 'add' && Array.isArray(parent)) {
      parent.splice(last === '-' ? parent.length : Number(last), 0, op.value);
    } else {
      parent[last] = op.value;
    }
  }
  return out as T;
}

type PodTemplate = { metadata?: { labels?: Record<string, string> }; spec?: unknown };
type WithTemplate = { template?: PodTemplate; jobTemplate?: { spec?: { template?: PodTemplate } } };

function podTemplate(o: K8sObject): PodTemplate | undefined {
  const spec = o.spec as WithTemplate | undefined;
  if (POD_TEMPLATE_KINDS.has(o.kind)) return spec?.template;
  if (o.kind === 'CronJob') return spec?.jobTemplate?.spec?.template;
  return undefined;
}

function addLabels(o: K8sObject, pairs: Record<string, string>, templates: boolean): K8sObject {
  const next = structuredClone(o);
  next.metadata.labels = { ...next.metadata.labels, ...pairs };
  const template = templates ? podTemplate(next) : undefined;
  if (template)
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...pairs } };
  return next;
}

function setImage(o: K8sObject, image: { name: string; newName?: string; newTag?: string }): K8sObject {
  const next = structuredClone(o);
  const spec = podTemplate(next)?.spec as {
    containers?: { image?: string }[];
    initContainers?: { image?: string }[];
  };
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    const ref = c.image ?? '';
    const colon = ref.lastIndexOf(':');
    const hasTag = colon > ref.lastIndexOf('/');
    const name = hasTag ? ref.slice(0, colon) : ref;
    const tag = hasTag ? ref.slice(colon + 1) : 'latest';
    if (name !== image.name) continue;
    c.image = `${image.newName ?? name}:${image.newTag ?? tag}`;
  }
  return next;
}
