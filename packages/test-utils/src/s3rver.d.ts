declare module 's3rver' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs: (string | Buffer)[] }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    /** Creates the configured buckets (run() does it before listening). */
    configureBuckets(): Promise<void>;
    /** The Koa request handler, to serve s3rver from one's own http server. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    close(): Promise<void>;
    /** The listening server while it runs (set by run()). */
    httpServer?: Server;
  }
}
