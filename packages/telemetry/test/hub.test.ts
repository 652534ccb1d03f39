// WebSocket fan-out: a slow client (send buffer over the limit) has messages dropped and is then
// disconnected, counted, while the other clients receive everything. No timing involved: the "slowness"
// is the socket's bufferedAmount.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { WebSocket } from 'ws';
import { MemoryBus } from '../src/bus/memory.ts';
import { TelemetryHub } from '../src/http/hub.ts';

class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  terminated = false;
  send(data: string): void {
    this.sent.push(data);
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close');
  }
  close(): void {
    this.terminate();
  }
}

test('cliente lento: descartes e desconexão contados, os outros recebem tudo', async () => {
  const bus = new MemoryBus('hub:');
  const hub = new TelemetryHub(bus, 1000);
  await hub.start();
  const fast = new FakeSocket();
  const slow = new FakeSocket();
  for (const s of [fast, slow]) {
    hub.addTelemetryClient(s as unknown as WebSocket);
    hub.subscribe(s as unknown as WebSocket, { transformadores: ['T1'] });
  }
  slow.bufferedAmount = 2000; // over the limit: drop
  const message = (i: number) =>
    JSON.stringify({ tipo: 'telemetria', cod_transformador: 'T1', ctmt: null, lon: null, lat: null, i });
  await bus.publish('telemetria', [message(1), message(2)]);
  await new Promise((r) => setImmediate(r));
  assert.equal(fast.sent.length, 2);
  assert.equal(slow.sent.length, 0);
  assert.equal(hub.counters.descartadas, 2);
  assert.equal(slow.terminated, false);
  slow.bufferedAmount = 5000; // over 4× the limit: disconnected
  await bus.publish('telemetria', [message(3)]);
  await new Promise((r) => setImmediate(r));
  assert.equal(slow.terminated, true);
  assert.equal(hub.counters.desconectados_lentos, 1);
  assert.equal(fast.sent.length, 3);
  assert.equal(hub.counters.clientes_telemetria, 1);
  await hub.stop();
});
