// HTTP servers on 127.0.0.1 for the Node tests: each on a free port, all
// closed (connections included) by one call so the test process can exit.
import http from 'node:http';

export function loopbackServers() {
  const servers = [];
  return {
    /** Starts a server for `handler`; resolves with its base URL. */
    async listen(handler) {
      const s = http.createServer(handler);
      await new Promise((r) => s.listen(0, '127.0.0.1', r));
      servers.push(s);
      return `http://127.0.0.1:${s.address().port}`;
    },
    async closeAll() {
      for (const s of servers.splice(0)) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}
