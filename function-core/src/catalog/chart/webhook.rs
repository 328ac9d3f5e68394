//! The chart's optional webhook (`webhook.enabled`, off by default): `kubestash-fn webhook`
//! as a Deployment with its ServiceAccount (watching Functions and Addons), a Service, a
//! `ValidatingWebhookConfiguration` scoped to `addons.kubestash.com`, and its certificate:
//! cert-manager's (a self-signed Issuer, a Certificate, the CA injected by `inject-ca-from`)
//! when cert-manager is installed and `webhook.certManager` allows it, else a CA and a serving
//! pair made by Helm at install time (`genCA`, `genSignedCert`), kept across upgrades. The
//! release's own Functions and Addons are left out by an `objectSelector` (they were linted
//! when the chart was written; installed with the webhook they would otherwise wait for it).

use serde_json::json;

use super::Node;

/// The values key of the webhook (reserved: no app may be called so).
pub(crate) const KEY: &str = "webhook";
/// The file of its objects.
pub(crate) const TEMPLATE: &str = "templates/kubestash-fn-webhook.yaml";

fn leaf(comment: &str, yaml: &str, schema: serde_json::Value) -> Node {
    Node::Leaf {
        comment: comment.to_owned(),
        yaml: yaml.to_owned(),
        schema,
    }
}

/// The `webhook` values.
pub(crate) fn values() -> Node {
    let mut node = Node::map(
        "The validating admission webhook (`kubestash-fn webhook`): the lint run by the API \
         server on every Function and Addon created, updated or deleted.",
    );
    node.push(
        "enabled",
        leaf(
            "If true, installs the webhook (Deployment, Service, ValidatingWebhookConfiguration, certificate).",
            "false",
            json!({"type": "boolean"}),
        ),
    );
    let mut image = Node::map("The image of `kubestash-fn`.");
    image.push(
        "repository",
        leaf(
            "Repository of the image.",
            "ghcr.io/kubestash-fn/kubestash-fn",
            json!({"type": "string", "minLength": 1}),
        ),
    );
    image.push(
        "tag",
        leaf(
            "Tag of the image (empty: the chart's appVersion, else its version).",
            "\"\"",
            json!({"type": "string"}),
        ),
    );
    image.push(
        "pullPolicy",
        leaf(
            "Pull policy of the image.",
            "IfNotPresent",
            json!({"type": "string", "enum": ["Always", "IfNotPresent", "Never"]}),
        ),
    );
    node.push("image", image);
    node.push(
        "replicas",
        leaf(
            "Replicas of the webhook's Deployment.",
            "1",
            json!({"type": "integer", "minimum": 1}),
        ),
    );
    node.push(
        "failurePolicy",
        leaf(
            "What the API server does when it cannot reach the webhook or gets no answer in time: \
             Fail (refuse the request) or Ignore (let it through). Pair Ignore with failOpen.",
            "Fail",
            json!({"type": "string", "enum": ["Fail", "Ignore"]}),
        ),
    );
    node.push(
        "failOpen",
        leaf(
            "What the webhook answers when its own review cannot finish (timeout, cache not synced): \
             true allows with a warning (--fail-open), false denies.",
            "false",
            json!({"type": "boolean"}),
        ),
    );
    node.push(
        "timeoutSeconds",
        leaf(
            "The API server's timeout for one call (1 to 10); the webhook stops its review half a second before.",
            "10",
            json!({"type": "integer", "minimum": 1, "maximum": 10}),
        ),
    );
    node.push(
        "certManager",
        leaf(
            "If true and cert-manager is installed (cert-manager.io/v1), the serving certificate is \
             cert-manager's and its CA is injected; otherwise Helm makes a self-signed pair at install.",
            "true",
            json!({"type": "boolean"}),
        ),
    );
    node.push(
        "resources",
        leaf(
            "Resources of the webhook's container.",
            "{\"limits\": {\"memory\": \"128Mi\"}, \"requests\": {\"cpu\": \"50m\", \"memory\": \"32Mi\"}}",
            json!({"type": "object"}),
        ),
    );
    node
}

/// The template of the webhook's objects, under `{{- if .Values.webhook.enabled }}`.
pub(crate) fn template(name: &str, header: &str) -> String {
    TEMPLATE_TEXT
        .replace("@HEADER@", header)
        .replace("@NAME@", name)
}

const TEMPLATE_TEXT: &str = r#"{{/* @HEADER@ */}}
{{- if .Values.webhook.enabled }}
{{- $fullname := printf "%s-webhook" (include "@NAME@.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- $service := printf "%s.%s.svc" $fullname .Release.Namespace }}
{{- $certManager := and .Values.webhook.certManager (.Capabilities.APIVersions.Has "cert-manager.io/v1") }}
{{- $caBundle := "" }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $fullname }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "@NAME@.labels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "@NAME@.labels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
rules:
- apiGroups: ["addons.kubestash.com"]
  resources: ["functions", "addons"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "@NAME@.labels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ $fullname }}
subjects:
- kind: ServiceAccount
  name: {{ $fullname }}
  namespace: {{ .Release.Namespace }}
---
{{- if $certManager }}
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: {{ $fullname }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "@NAME@.labels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
spec:
  selfSigned: {}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: {{ $fullname }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "@NAME@.labels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
spec:
  secretName: {{ $fullname }}-tls
  dnsNames:
  - {{ $fullname }}
  - {{ printf "%s.%s" $fullname .Release.Namespace }}
  - {{ $service }}
  issuerRef:
    kind: Issuer
    name: {{ $fullname }}
---
{{- else }}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (printf "%s-tls" $fullname) }}
{{- $crt := "" }}
{{- $key := "" }}
{{- if and $existing $existing.data (index $existing.data "ca.crt") }}
{{- $crt = index $existing.data "tls.crt" }}
{{- $key = index $existing.data "tls.key" }}
{{- $caBundle = index $existing.data "ca.crt" }}
{{- else }}
{{- $ca := genCA (printf "%s-ca" $fullname) 3650 }}
{{- $cert := genSignedCert $service nil (list $fullname (printf "%s.%s" $fullname .Release.Namespace) $service) 3650 $ca }}
{{- $crt = $cert.Cert | b64enc }}
{{- $key = $cert.Key | b64enc }}
{{- $caBundle = $ca.Cert | b64enc }}
{{- end }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ $fullname }}-tls
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "@NAME@.labels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
type: kubernetes.io/tls
data:
  tls.crt: {{ $crt }}
  tls.key: {{ $key }}
  ca.crt: {{ $caBundle }}
---
{{- end }}
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "@NAME@.labels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
spec:
  selector:
    {{- include "@NAME@.selectorLabels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
  ports:
  - name: https
    port: 443
    targetPort: https
    protocol: TCP
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "@NAME@.labels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
spec:
  replicas: {{ .Values.webhook.replicas }}
  selector:
    matchLabels:
      {{- include "@NAME@.selectorLabels" . | nindent 6 }}
      app.kubernetes.io/component: webhook
  template:
    metadata:
      labels:
        {{- include "@NAME@.selectorLabels" . | nindent 8 }}
        app.kubernetes.io/component: webhook
    spec:
      serviceAccountName: {{ $fullname }}
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        seccompProfile:
          type: RuntimeDefault
      containers:
      - name: webhook
        image: {{ printf "%s:%s" .Values.webhook.image.repository (.Values.webhook.image.tag | default .Chart.AppVersion | default .Chart.Version) | quote }}
        imagePullPolicy: {{ .Values.webhook.image.pullPolicy }}
        args:
        - webhook
        - --addr=0.0.0.0:8443
        - --tls-cert=/tls/tls.crt
        - --tls-key=/tls/tls.key
        - {{ printf "--timeout=%d" (sub (mul (int .Values.webhook.timeoutSeconds) 1000) 500) | quote }}
        - --shutdown-grace=20
        {{- if .Values.webhook.failOpen }}
        - --fail-open
        {{- end }}
        ports:
        - name: https
          containerPort: 8443
          protocol: TCP
        readinessProbe:
          httpGet:
            path: /readyz
            port: https
            scheme: HTTPS
          periodSeconds: 5
        livenessProbe:
          httpGet:
            path: /healthz
            port: https
            scheme: HTTPS
          periodSeconds: 10
        resources:
          {{- toYaml .Values.webhook.resources | nindent 10 }}
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop: ["ALL"]
        volumeMounts:
        - name: tls
          mountPath: /tls
          readOnly: true
      volumes:
      - name: tls
        secret:
          secretName: {{ $fullname }}-tls
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "@NAME@.labels" . | nindent 4 }}
    app.kubernetes.io/component: webhook
  {{- if $certManager }}
  annotations:
    cert-manager.io/inject-ca-from: {{ printf "%s/%s" .Release.Namespace $fullname }}
  {{- end }}
webhooks:
- name: lint.addons.kubestash.com
  admissionReviewVersions: ["v1"]
  sideEffects: None
  failurePolicy: {{ .Values.webhook.failurePolicy }}
  timeoutSeconds: {{ .Values.webhook.timeoutSeconds }}
  matchPolicy: Equivalent
  # This release's own Functions and Addons were linted when the chart was written, and are
  # created (and deleted) with the webhook itself: not sent to it.
  objectSelector:
    matchExpressions:
    - key: app.kubernetes.io/instance
      operator: NotIn
      values: [{{ .Release.Name | quote }}]
  rules:
  - apiGroups: ["addons.kubestash.com"]
    apiVersions: ["*"]
    operations: ["CREATE", "UPDATE"]
    resources: ["functions", "addons"]
    scope: "Cluster"
  - apiGroups: ["addons.kubestash.com"]
    apiVersions: ["*"]
    operations: ["DELETE"]
    resources: ["functions"]
    scope: "Cluster"
  clientConfig:
    service:
      name: {{ $fullname }}
      namespace: {{ .Release.Namespace }}
      path: /validate
      port: 443
    {{- if not $certManager }}
    caBundle: {{ $caBundle }}
    {{- end }}
{{- end }}
"#;
