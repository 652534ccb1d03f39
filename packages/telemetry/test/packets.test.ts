// MQTT wire helpers against the MQTT 5.0 specification (§1.5.5, variable byte integer: the boundaries of
// its table) and the PUBACK layout (§3.4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodePubacks, encodeVarint, readVarint, subscriptionTopic } from '../src/mqtt/packets.ts';

const SPEC_BOUNDARIES: Array<[number, number[]]> = [
  [0, [0x00]],
  [127, [0x7f]],
  [128, [0x80, 0x01]],
  [16_383, [0xff, 0x7f]],
  [16_384, [0x80, 0x80, 0x01]],
  [2_097_151, [0xff, 0xff, 0x7f]],
  [2_097_152, [0x80, 0x80, 0x80, 0x01]],
  [268_435_455, [0xff, 0xff, 0xff, 0x7f]],
];

test('inteiro de tamanho variável: limites da tabela da especificação, ida e volta', () => {
  for (const [value, bytes] of SPEC_BOUNDARIES) {
    assert.deepEqual(encodeVarint(value), bytes, `codificação de ${value}`);
    const buf = Buffer.from([0xaa, ...bytes, 0xbb]);
    assert.deepEqual(readVarint(buf, 1), { value, next: 1 + bytes.length }, `leitura de ${value}`);
  }
});

test('PUBACKs em lote: 4 bytes cada, tipo 4, tamanho 2, id em big-endian', () => {
  assert.deepEqual(
    [...encodePubacks([1, 0x1234, 65_535])],
    [0x40, 0x02, 0x00, 0x01, 0x40, 0x02, 0x12, 0x34, 0x40, 0x02, 0xff, 0xff],
  );
  assert.equal(encodePubacks([]).length, 0);
});

test('tópico de assinatura: simples ou compartilhado', () => {
  assert.equal(subscriptionTopic('telemetria', null), 'telemetria/+');
  assert.equal(subscriptionTopic('telemetria', 'ingestores'), '$share/ingestores/telemetria/+');
});
