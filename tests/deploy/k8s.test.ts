// Kubernetes manifests: every region overlay is rendered with the small kustomize renderer in
// ./kustomize.ts, every object is validated against the Kubernetes OpenAPI schemas shipped by
// kubernetes-models (types, required fields, formats; that library does not reject unknown
// fields, so the figures below are asserted on the exact paths Kubernetes reads). The
// VerticalPodAutoscaler is a CRD with no model there: its shape is checked with a zod schema
// written from the VPA v1 API. cert-manager appears only as an Ingress annotation (no
// cert-manager object is shipped), asserted directly.
import { join } from 'node:path';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { CronJob } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyJsonPatch, type K8sObject, renderKustomization } from './kustomize.ts';

const k8s = join(import.meta.dirname, '..', '..', 'deploy', 'k8s');
const REGIONS = ['us-east', 'eu-west', 'ap-southeast'] as const;

type Validatable = { validate(): void };
const MODELS: Record<string, new (data: never) => Validatable> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/CronJob': CronJob,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const quantity = z.union([z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/), z.number()]);
const VerticalPodAutoscaler = z
  .object({
    apiVersion: z.literal('autoscaling.k8s.io/v1'),
    kind: z.literal('VerticalPodAutoscaler'),
    metadata: z.object({
      name: z.string(),
      namespace: z.string().optional(),
      labels: z.record(z.string(), z.string()).optional(),
    }),
    spec: z
      .object({
        targetRef: z.object({ apiVersion: z.string(), kind: z.string(), name: z.string() }).strict(),
        updatePolicy: z
          .object({ updateMode: z.enum(['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'Auto']) })
          .strict(),
        resourcePolicy: z
          .object({
            containerPolicies: z.array(
              z
                .object({
                  containerName: z.string(),
                  mode: z.enum(['Auto', 'Off']).optional(),
                  minAllowed: z.object({ cpu: quantity, memory: quantity }).strict(),
                  maxAllowed: z.object({ cpu: quantity, memory: quantity }).strict(),
                  controlledResources: z.array(z.enum(['cpu', 'memory'])).optional(),
                  controlledValues: z.enum(['RequestsAndLimits', 'RequestsOnly']).optional(),
                })
                .strict(),
            ),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

function validateObject(o: K8sObject): void {
  if (o.kind === 'VerticalPodAutoscaler') {
    VerticalPodAutoscaler.parse(o);
    return;
  }
  const Model = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!Model) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
  new Model(o as never).validate();
}

const rendered = Object.fromEntries(REGIONS.map((r) => [r, renderKustomization(join(k8s, 'overlays', r))]));

// biome-ignore lint/suspicious/noExplicitAny: rendered YAML is untyped; each test reads known paths.
type Loose = any;
function find(region: string, kind: string, name: string): Loose {
  const o = rendered[region]?.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${region}: no ${kind}/${name}`);
  return o;
}

describe('kustomize renderer', () => {
  it('applies JSON 6902 replace/add/remove and refuses a path that does not exist', () => {
    const doc = { a: { b: [1, 2] }, c: 1 };
    expect(
      applyJsonPatch(doc, [
        { op: 'replace', path: '/a/b/0', value: 9 },
        { op: 'add', path: '/a/b/-', value: 3 },
        { op: 'remove', path: '/c' },
      ]),
    ).toEqual({ a: { b: [9, 2, 3] } });
    expect(doc).toEqual({ a: { b: [1, 2] }, c: 1 });
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/x/y', value: 1 }])).toThrow(/does not exist/);
  });
});

describe.each(REGIONS)('overlay %s', (region) => {
  const objects = rendered[region] as K8sObject[];
  const ns = `smartdb-${region}`;

  it('validates every object against its Kubernetes schema', () => {
    expect(objects.length).toBeGreaterThan(15);
    for (const o of objects) expect(() => validateObject(o), `${o.kind}/${o.metadata.name}`).not.toThrow();
  });

  it('puts everything in its own namespace, labelled with the region, names unique', () => {
    expect(find(region, 'Namespace', ns)).toBeDefined();
    for (const o of objects) {
      if (o.kind !== 'Namespace') expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe(ns);
      expect(o.metadata.labels?.['smartdb.example.com/region']).toBe(region);
    }
    const ids = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('configures the region name and its public host', () => {
    expect(find(region, 'ConfigMap', 'smartdb-config').data.REGION).toBe(region);
    const ingress = find(region, 'Ingress', 'smartdb-region');
    expect(ingress.spec.rules[0].host).toBe(`${region}.smartdb.example.com`);
    expect(ingress.spec.tls[0].hosts).toEqual([`${region}.smartdb.example.com`]);
  });

  it('runs the region Deployment as the design specifies', () => {
    const d = find(region, 'Deployment', 'smartdb-region');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
    const pod = d.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1001, fsGroup: 1001 });
    const c = pod.containers[0];
    expect(c.image).toBe('registry.example.com/smartdb:0.1.0');
    expect(c.resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' },
      limits: { cpu: '2', memory: '4Gi' },
    });
    const port = c.ports[0];
    expect(port).toEqual({ name: 'http', containerPort: 8081 });
    expect(c.livenessProbe).toEqual({
      httpGet: { path: '/health', port: 'http' },
      initialDelaySeconds: 60,
      periodSeconds: 30,
      timeoutSeconds: 10,
      failureThreshold: 3,
    });
    expect(c.readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 'http' },
      initialDelaySeconds: 30,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
    });
    expect(c.startupProbe).toEqual({
      httpGet: { path: '/health', port: 'http' },
      periodSeconds: 10,
      failureThreshold: 30,
    });
    expect(d.spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '8081',
      'prometheus.io/path': '/metrics',
    });
    const anti = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0];
    expect(anti.podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(anti.podAffinityTerm.labelSelector.matchLabels).toEqual(d.spec.selector.matchLabels);
    for (const key of ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready']) {
      expect(pod.tolerations).toContainEqual({
        key,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 30,
      });
    }
    expect(d.spec.template.metadata.labels).toMatchObject(d.spec.selector.matchLabels);
  });

  it('takes settings from the ConfigMap and every secret from the Secret, none inline', () => {
    const c = find(region, 'Deployment', 'smartdb-region').spec.template.spec.containers[0];
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'smartdb-config' } }]);
    const fromSecret = c.env.filter((e: Loose) => e.valueFrom?.secretKeyRef?.name === 'smartdb-secrets');
    expect(fromSecret.map((e: Loose) => e.name)).toEqual(
      expect.arrayContaining(['SMARTDB_ADMIN_KEY', 'DATABASE_URL', 'REDIS_URL', 'ELASTICSEARCH_URL']),
    );
    for (const o of objects) {
      expect(o.kind, 'no Secret object is committed').not.toBe('Secret');
      const text = JSON.stringify(o);
      expect(text, `${o.kind}/${o.metadata.name}`).not.toMatch(
        /"name":"[A-Z_]*(PASSWORD|TOKEN|KEY)[A-Z_]*","value"/,
      );
      expect(text).not.toMatch(/[a-z]+:\/\/[^/"]*:[^/"@]+@/);
    }
  });

  it('exposes the Deployment through a Service and an Ingress with cert-manager TLS', () => {
    const d = find(region, 'Deployment', 'smartdb-region');
    const svc = find(region, 'Service', 'smartdb-region');
    expect(svc.spec.selector).toEqual(d.spec.selector.matchLabels);
    const ingress = find(region, 'Ingress', 'smartdb-region');
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBeTruthy();
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls[0].secretName).toBeTruthy();
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
      name: svc.metadata.name,
      port: { name: 'http' },
    });
  });

  it('autoscales horizontally 3-50 on CPU, memory, queries per second and ingestion queue', () => {
    const hpa = find(region, 'HorizontalPodAutoscaler', 'smartdb-region');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'smartdb-region',
    });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([3, 50]);
    expect(hpa.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
      {
        type: 'Resource',
        resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } },
      },
      {
        type: 'Pods',
        pods: {
          metric: { name: 'queries_per_second' },
          target: { type: 'AverageValue', averageValue: '100' },
        },
      },
      {
        type: 'External',
        external: {
          metric: { name: 'ingestion_queue_length' },
          target: { type: 'AverageValue', averageValue: '50' },
        },
      },
    ]);
    expect(hpa.spec.behavior.scaleUp).toEqual({
      stabilizationWindowSeconds: 60,
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: 50, periodSeconds: 60 },
        { type: 'Pods', value: 2, periodSeconds: 60 },
      ],
    });
    expect(hpa.spec.behavior.scaleDown).toEqual({
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Min',
      policies: [
        { type: 'Percent', value: 10, periodSeconds: 60 },
        { type: 'Pods', value: 1, periodSeconds: 60 },
      ],
    });
  });

  it('autoscales vertically in Auto mode within 100m-4 CPU and 128Mi-8Gi, requests and limits', () => {
    const vpa = find(region, 'VerticalPodAutoscaler', 'smartdb-region');
    expect(vpa.spec.updatePolicy.updateMode).toBe('Auto');
    expect(vpa.spec.targetRef.name).toBe('smartdb-region');
    const policy = vpa.spec.resourcePolicy.containerPolicies[0];
    expect(policy).toMatchObject({
      containerName: 'region',
      minAllowed: { cpu: '100m', memory: '128Mi' },
      maxAllowed: { cpu: '4', memory: '8Gi' },
      controlledValues: 'RequestsAndLimits',
    });
    const bad = structuredClone(vpa);
    bad.spec.updatePolicy.updateMode = 'Sometimes';
    expect(() => validateObject(bad)).toThrow();
  });

  it('keeps at least two region pods through voluntary disruptions', () => {
    const pdb = find(region, 'PodDisruptionBudget', 'smartdb-region');
    expect(pdb.spec.minAvailable).toBe(2);
    expect(pdb.spec.selector.matchLabels).toEqual(
      find(region, 'Deployment', 'smartdb-region').spec.selector.matchLabels,
    );
  });

  it('runs PostgreSQL 15 (primary + standby, 50Gi), Redis 7 (20Gi) and Elasticsearch 8 (100Gi) as StatefulSets', () => {
    const storage = (name: string) =>
      find(region, 'StatefulSet', name).spec.volumeClaimTemplates.find(
        (t: Loose) => t.metadata.name === 'data',
      ).spec.resources.requests.storage;
    expect(storage('postgres')).toBe('50Gi');
    expect(storage('postgres-standby')).toBe('50Gi');
    expect(storage('redis')).toBe('20Gi');
    expect(storage('elasticsearch')).toBe('100Gi');
    const image = (name: string) => find(region, 'StatefulSet', name).spec.template.spec.containers[0].image;
    expect(image('postgres')).toMatch(/^postgres:15/);
    expect(image('redis')).toMatch(/^redis:7/);
    expect(image('elasticsearch')).toMatch(/elasticsearch:8\./);
    for (const name of ['postgres', 'postgres-standby', 'redis', 'elasticsearch']) {
      const sts = find(region, 'StatefulSet', name);
      expect(find(region, 'Service', sts.spec.serviceName).spec.clusterIP).toBe('None');
    }
    const clone = find(region, 'StatefulSet', 'postgres-standby').spec.template.spec.initContainers[0];
    expect(clone.command.join(' ')).toMatch(/pg_basebackup -h postgres .* -R /);
  });

  it('runs an hourly `smartdb backup` CronJob', () => {
    const job = find(region, 'CronJob', 'smartdb-backup');
    expect(job.spec.schedule).toBe('0 * * * *');
    const c = job.spec.jobTemplate.spec.template.spec.containers[0];
    expect(c.image).toBe('registry.example.com/smartdb:0.1.0');
    expect(c.args.join(' ')).toMatch(/node dist\/smartdb\.mjs backup --out /);
  });

  describe('network policies', () => {
    const policies = () => objects.filter((o) => o.kind === 'NetworkPolicy') as Loose[];
    const podLabels = (o: Loose): Record<string, string> | undefined =>
      o.kind === 'CronJob'
        ? o.spec.jobTemplate.spec.template.metadata?.labels
        : o.spec?.template?.metadata?.labels;
    const podsMatching = (selector: Record<string, string>) =>
      objects
        .filter((o) => ['Deployment', 'StatefulSet', 'CronJob'].includes(o.kind))
        .filter((o) => Object.entries(selector).every(([k, v]) => podLabels(o)?.[k] === v))
        .map((o) => o.metadata.name);

    it('lets the backup job reach only DNS and the primary database', () => {
      const p = policies().find((x) => x.metadata.name === 'smartdb-backup');
      expect(podsMatching(p.spec.podSelector.matchLabels)).toEqual(['smartdb-backup']);
      const reached = p.spec.egress
        .filter((e: Loose) => e.ports[0].port !== 53)
        .map((e: Loose) => podsMatching(e.to[0].podSelector.matchLabels));
      expect(reached).toEqual([['postgres']]);
    });

    it('denies everything by default', () => {
      const deny = policies().find((p) => p.metadata.name === 'default-deny');
      expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    });

    it('lets region pods reach only DNS, their PostgreSQL, Redis and Elasticsearch', () => {
      const p = policies().find((x) => x.metadata.name === 'smartdb-region');
      expect(podsMatching(p.spec.podSelector.matchLabels)).toEqual(['smartdb-region']);
      const egress = p.spec.egress as Loose[];
      const dns = egress.find((e) => e.ports.some((port: Loose) => port.port === 53));
      expect(dns.to[0].namespaceSelector.matchLabels).toEqual({
        'kubernetes.io/metadata.name': 'kube-system',
      });
      const reached = egress
        .filter((e) => e !== dns)
        .map((e) => ({ pods: podsMatching(e.to[0].podSelector.matchLabels), port: e.ports[0].port }));
      expect(reached).toEqual([
        { pods: ['postgres', 'postgres-standby'], port: 5432 },
        { pods: ['redis'], port: 6379 },
        { pods: ['elasticsearch'], port: 9200 },
      ]);
      for (const e of egress) for (const to of e.to) expect(to.ipBlock).toBeUndefined();
    });

    it('admits region traffic only from the ingress controller and Prometheus', () => {
      const p = policies().find((x) => x.metadata.name === 'smartdb-region');
      const from = p.spec.ingress.flatMap((i: Loose) => i.from);
      expect(from.map((f: Loose) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name'])).toEqual([
        'ingress-nginx',
        'monitoring',
      ]);
      expect(p.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8081 }]);
    });

    it('admits each store only from its clients', () => {
      for (const store of ['postgres', 'redis', 'elasticsearch']) {
        const p = policies().find((x) => x.metadata.name === store);
        const clients = p.spec.ingress
          .flatMap((i: Loose) => i.from)
          .flatMap((f: Loose) => podsMatching(f.podSelector.matchLabels));
        expect(clients).toContain('smartdb-region');
        const allowed =
          store === 'postgres'
            ? ['smartdb-region', 'smartdb-backup', 'postgres', 'postgres-standby']
            : ['smartdb-region'];
        expect(clients.filter((c: string) => !allowed.includes(c))).toEqual([]);
        expect(p.spec.ingress.flatMap((i: Loose) => i.from).some((f: Loose) => f.namespaceSelector)).toBe(
          false,
        );
      }
    });
  });
});
