// The telemetry variables of every process (the server's, the worker's and the agent's schemas extend this one).
import { z } from 'zod';

export const telemetryEnvSchema = z.object({
  /** OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); unset: tracing is off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^\s/]+/, 'must be an http(s) URL such as http://otel-collector:4318 (OTLP/HTTP)')
    .optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(100).optional(),
  /** Fraction of new traces sampled, 0 to 1 (children follow their parent). */
  OTEL_TRACES_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
  /** How often a supervisor (npm start) restarted this process before this run; exported as mad_process_restarts. */
  MAD_SUPERVISOR_RESTARTS: z.coerce.number().int().min(0).default(0),
});
export type TelemetryEnv = z.infer<typeof telemetryEnvSchema>;
