// What `mad` reads as it streams: Server-Sent Events frames (GET /api/v1/jobs/{id}/events with Accept:
// text/event-stream) and the ligands of a download counted chunk by chunk (never the whole file in memory).

export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

/** The frames of an event stream as they arrive; comments (`: heartbeat`) and `retry:` lines skipped. */
export async function* sseFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const frame: SseFrame = { data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line === '' || line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') frame.id = text;
          else if (field === 'event') frame.event = text;
          else if (field === 'data') data.push(text);
        }
        if (data.length === 0 && !frame.event) continue;
        frame.data = data.join('\n');
        yield frame;
      }
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}

export type DownloadFormat = 'csv' | 'sdf' | 'zip';

/**
 * Counts the ligands in a download as its chunks pass: a CSV's records after the header (quoted cells may hold
 * newlines), an SD file's distinct `ligand_id` data items. A zip is not read (its count comes from the server).
 */
export function ligandCounter(format: DownloadFormat) {
  const decoder = new TextDecoder();
  let records = 0;
  let quoted = false;
  let sawCell = false;
  const ids = new Set<string>();
  let pending = '';
  let nextIsId = false;
  return {
    push(chunk: Uint8Array) {
      if (format === 'zip') return;
      const text = decoder.decode(chunk, { stream: true });
      if (format === 'csv') {
        for (const char of text) {
          if (char === '"') quoted = !quoted;
          else if (char === '\n' && !quoted) {
            records += 1;
            sawCell = false;
            continue;
          }
          sawCell = true;
        }
        return;
      }
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (nextIsId) ids.add(line.trim());
        nextIsId = /^>\s*<ligand_id>/.test(line);
      }
    },
    /** The ligands counted so far (call after the last chunk); null for a zip. */
    count(): number | null {
      if (format === 'zip') return null;
      if (format === 'csv') return Math.max(0, records + (sawCell ? 1 : 0) - 1);
      if (nextIsId && pending) ids.add(pending.trim());
      return ids.size;
    },
  };
}
