// Imported first by main.ts: the OpenTelemetry instrumentations must patch fetch (undici: the presigned transfers)
// before it is used. Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { loadEnvOrExit } from '@mad/env';
import { startTracing, telemetryEnvSchema } from '@mad/telemetry';

const env = loadEnvOrExit(telemetryEnvSchema, 'dock-agent');

export const tracing = startTracing({
  serviceName: env.OTEL_SERVICE_NAME ?? 'mad-agent',
  endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
  sampleRatio: env.OTEL_TRACES_SAMPLE_RATIO,
});
