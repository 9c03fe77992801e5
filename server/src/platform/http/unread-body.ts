import type { FastifyInstance } from 'fastify';

// An upload refused while it still streams (too large, too many files, an unsafe archive) is answered at once, but
// the rest of its body is still on the wire: the multipart parser has stopped reading it, so the connection would
// stay open, paused, and a later shutdown would wait for it (74 s was seen). Such an answer says `Connection: close`:
// Node closes the socket once the answer is written, the client reads the answer, and nothing is left waiting.
export function closeUnreadUploads(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.raw.complete === false && reply.statusCode >= 400) reply.header('connection', 'close');
    return payload;
  });
}
