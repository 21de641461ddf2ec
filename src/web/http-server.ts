/**
 * The HTTP server's connection timeouts. Node closes a keep-alive connection after 5 s idle
 * by default; a reverse proxy (nginx keeps upstream connections 60 s) or any client that
 * pools connections may send its next request on a connection at the moment the app closes
 * it, and that request fails (nginx: 502; a client: ECONNRESET; the bench's 10-minute soaks
 * saw one such error each). Idle connections are kept longer than the proxy's, so that the
 * proxy closes them, never the app under a request. headersTimeout must exceed it (Node).
 */
import type { Server } from 'node:http';

export function applyConnectionTimeouts(server: Server, keepAliveMs: number): Server {
  server.keepAliveTimeout = keepAliveMs;
  server.headersTimeout = keepAliveMs + 1_000;
  return server;
}
