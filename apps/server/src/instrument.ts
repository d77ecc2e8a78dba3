// Imported first by main.ts and worker.ts: the OpenTelemetry instrumentations must patch pg, http and the AWS SDK
// before any module imports them (ES modules evaluate in import order). Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { loadEnvOrExit } from '@mad/env';
import { startTracing, telemetryEnvSchema } from '@mad/telemetry';

const role = /worker\.js$/.test(process.argv[1] ?? '') ? 'worker' : 'server';
const env = loadEnvOrExit(telemetryEnvSchema, role);

export const tracing = startTracing({
  serviceName: env.OTEL_SERVICE_NAME ?? `mad-${role}`,
  endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
  sampleRatio: env.OTEL_TRACES_SAMPLE_RATIO,
});
