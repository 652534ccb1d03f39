// Publishes one burst of readings over MQTT as fast as the connection takes them; resolves when the
// broker has them (QoS 1: PUBACKs; QoS 0: written to the socket).
import type { MqttClient } from 'mqtt';
import type { SimReading } from './model.ts';

export async function publishBurst(
  client: MqttClient,
  prefix: string,
  readings: readonly SimReading[],
  qos: 0 | 1,
  onProgress?: (done: number) => void,
): Promise<number> {
  let done = 0;
  let failed = 0;
  await new Promise<void>((resolve) => {
    if (readings.length === 0) return resolve();
    const finish = (err?: Error) => {
      if (err) failed++;
      done++;
      if (onProgress && done % 50_000 === 0) onProgress(done);
      if (done === readings.length) resolve();
    };
    for (const r of readings)
      client.publish(`${prefix}/${r.cod}`, JSON.stringify(r.payload), { qos }, finish);
  });
  return failed;
}
