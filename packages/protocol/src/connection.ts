// A NATS connection that a process keeps for its whole life: the first connect is retried until it succeeds, later
// drops reconnect forever, and the latest problem is kept so readiness checks can say what is wrong.
import { connect, type Authenticator, type NatsConnection } from '@nats-io/transport-node';

export interface NatsOptions {
  servers: string;
  user?: string;
  pass?: string;
  /** Instead of user/pass: e.g. credsAuthenticator for a .creds file (operator/JWT mode). */
  authenticator?: Authenticator;
  name: string;
  onEvent?: (event: string, detail?: string) => void;
}

export interface NatsHandle {
  /** The live connection, or null while the first connect has not succeeded. */
  current(): NatsConnection | null;
  /** Resolves with the connection once connected. */
  ready: Promise<NatsConnection>;
  lastError(): string | null;
  close(): Promise<void>;
}

export function openNats(options: NatsOptions): NatsHandle {
  let connection: NatsConnection | null = null;
  let lastError: string | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const ready = new Promise<NatsConnection>((resolve) => {
    const attempt = async () => {
      if (closed) return;
      try {
        const nc = await connect({
          servers: options.servers.split(',').map((s) => s.trim()),
          name: options.name,
          ...(options.user ? { user: options.user, pass: options.pass ?? '' } : {}),
          ...(options.authenticator ? { authenticator: options.authenticator } : {}),
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
          timeout: 2_000,
        });
        connection = nc;
        lastError = null;
        options.onEvent?.('connected', nc.getServer());
        void watch(nc);
        resolve(nc);
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        options.onEvent?.('connect_failed', lastError);
        retry = setTimeout(() => void attempt(), 1_000);
      }
    };
    void attempt();
  });

  async function watch(nc: NatsConnection) {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') lastError = `disconnected from ${String(status.server)}`;
      if (status.type === 'reconnect') lastError = null;
      if (status.type === 'disconnect' || status.type === 'reconnect')
        options.onEvent?.(status.type, String(status.server));
    }
  }

  return {
    current: () => (connection && !connection.isClosed() ? connection : null),
    ready,
    lastError: () => lastError,
    async close() {
      closed = true;
      clearTimeout(retry);
      if (connection && !connection.isClosed()) await connection.drain().catch(() => connection?.close());
    },
  };
}
