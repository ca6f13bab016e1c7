// Stands in for sdk.twilio.com's sound files (incoming, outgoing, dtmf…): the
// SDK plays them before it emits `incoming` (it waits up to 2 s for the
// ringtone to start), so with no sounds at all every incoming call would come
// late. Every sound is a short quiet 440 Hz WAV, over HTTPS (the SDK's URL).
import { createServer } from 'node:https';

function toneWav(seconds = 1, rate = 8000) {
  const samples = Math.round(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(2000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export async function startSoundsServer(certificate) {
  const wav = toneWav();
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    if (!/^\/js\/client\/sounds\//.test(req.url ?? '')) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length, 'access-control-allow-origin': '*' });
    res.end(wav);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
