import { describe, expect, it } from 'vitest';
import { ligandCounter, sseFrames } from './stream.js';

const streamOf = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

describe('sseFrames', () => {
  it('reads ids, events and data split anywhere across chunks, skipping comments and retry', async () => {
    const frames = [];
    for await (const frame of sseFrames(
      streamOf('retry: 2000\n\nid: 7\nda', 'ta: {"kind":"job.created"}\n\n: heartbeat\n\n', 'event: end\ndata: {}\n\n'),
    ))
      frames.push(frame);
    expect(frames).toEqual([
      { id: '7', data: '{"kind":"job.created"}' },
      { event: 'end', data: '{}' },
    ]);
  });
});

describe('ligandCounter', () => {
  it('counts CSV records after the header, a quoted newline inside a cell included', () => {
    const counter = ligandCounter('csv');
    for (const chunk of ['ordinal,name\n1,"two\nlines"\n', '2,eth', 'anol\n'])
      counter.push(new TextEncoder().encode(chunk));
    expect(counter.count()).toBe(2);
    const header = ligandCounter('csv');
    header.push(new TextEncoder().encode('ordinal,name\n'));
    expect(header.count()).toBe(0);
  });

  it('counts the distinct ligand_id data items of an SD file (poses of one ligand once)', () => {
    const counter = ligandCounter('sdf');
    const record = (id: string) => `title\n  M  END\n> <ligand_id>\n${id}\n\n> <pose_rank>\n1\n\n$$$$\n`;
    const text = record('a') + record('a') + record('b');
    for (let i = 0; i < text.length; i += 7) counter.push(new TextEncoder().encode(text.slice(i, i + 7)));
    expect(counter.count()).toBe(2);
  });
});
