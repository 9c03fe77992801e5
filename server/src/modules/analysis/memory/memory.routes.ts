import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SellerMemoryService } from './seller-memory.service.ts';

// The seller's memory in settings: what it holds, and the reset.
const MemorySummarySchema = z.object({
  photos: z.number().int().describe('Remembered photos'),
  items: z.number().int().describe('Confirmed items they come from'),
  categories: z.array(z.object({ category: z.string(), photos: z.number().int() })).describe('Remembered photos per confirmed category, most first'),
  trust: z.number().min(0).max(1).describe("How far the analyser follows the memory (1: fully). It drops when the seller's confirmations show the memory wrong where the generic classifier was right"),
  record: z.object({
    memory_won: z.number().describe("Where the memory and the generic classifier disagreed on a photo before it was confirmed: the memory's wins, each weighted by its say then"),
    generic_won: z.number().describe("The generic classifier's wins, weighted the same way"),
  }),
});

export function memoryRoutes(app: FastifyInstance, memory: SellerMemoryService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/analysis/memory', {
    schema: {
      tags: ['ingest'],
      summary: "What the offline analyser remembers of the seller's confirmed items",
      description: 'Each item the seller saves with a category, colour or brand, publishes or sells is remembered photo by photo; the offline analyser then names photos like them the way the seller did.',
      response: { 200: MemorySummarySchema },
    },
  }, () => memory.summary());

  r.delete('/analysis/memory', {
    schema: {
      tags: ['ingest'],
      summary: "Forget the seller's confirmed items",
      description: 'The offline analyser goes back to the generic classifier alone; items confirmed afterwards are remembered again.',
      response: { 200: z.object({ forgotten: z.number().int().describe('Remembered photos removed') }) },
    },
  }, async () => ({ forgotten: await memory.forgetAll() }));
}
