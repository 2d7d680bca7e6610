{{/* The chart's name, at most 63 characters (a DNS label). */}}
{{- define "agentmemory.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the prefix of every object it creates. */}}
{{- define "agentmemory.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "agentmemory.selectorLabels" -}}
app.kubernetes.io/name: {{ include "agentmemory.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "agentmemory.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "agentmemory.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "agentmemory.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "agentmemory.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Orleans cluster id: silos of one release form one cluster. */}}
{{- define "agentmemory.clusterId" -}}
{{- default (include "agentmemory.fullname" .) .Values.orleans.clusterId }}
{{- end }}

{{/* The Secret and key that hold the connection string; fails, naming the values, when neither is given. */}}
{{- define "agentmemory.connectionSecretName" -}}
{{- if .Values.postgresql.existingSecret }}
{{- .Values.postgresql.existingSecret }}
{{- else if .Values.postgresql.connectionString }}
{{- printf "%s-postgresql" (include "agentmemory.fullname" .) }}
{{- else }}
{{- fail "postgresql.existingSecret or postgresql.connectionString is required: the service keeps every memory, its cluster membership and its reminders in PostgreSQL" }}
{{- end }}
{{- end }}

{{- define "agentmemory.connectionSecretKey" -}}
{{- if .Values.postgresql.existingSecret }}
{{- .Values.postgresql.existingSecretKey }}
{{- else }}
{{- "connectionString" }}
{{- end }}
{{- end }}
