import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { type LiveEvent, subscribeLive } from './live-events.ts';

interface Live {
  connected: boolean;
  /** Listen to every live event; returns the unsubscribe function. */
  listen(fn: (e: LiveEvent) => void): () => void;
}

const Ctx = createContext<Live>({ connected: false, listen: () => () => {} });

/** One SSE connection for the whole app; stock queries refresh when the server says an item changed. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  const listeners = useRef(new Set<(e: LiveEvent) => void>());
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null;
    return subscribeLive(
      (e) => {
        for (const l of listeners.current) l(e);
        if (/^(item\.|draft\.|price\.|duplicate\.)/.test(e.type) && !pending) {
          // Batch bursts (a bulk run creates dozens of drafts) into one refresh.
          pending = setTimeout(() => {
            pending = null;
            void qc.invalidateQueries({ queryKey: ['listings'] });
            void qc.invalidateQueries({ queryKey: ['stats'] });
          }, 400);
        }
      },
      setConnected,
    );
  }, [qc]);
  const value = useRef<Live>({ connected, listen: () => () => {} });
  value.current = {
    connected,
    listen: (fn) => {
      listeners.current.add(fn);
      return () => void listeners.current.delete(fn);
    },
  };
  return <Ctx.Provider value={value.current}>{children}</Ctx.Provider>;
}

export const useLive = () => useContext(Ctx);

/** Calls fn for each live event of the given types while the component is mounted. */
export function useLiveEvents(types: string[] | null, fn: (e: LiveEvent) => void) {
  const { listen } = useLive();
  const ref = useRef(fn);
  ref.current = fn;
  const key = types?.join(',') ?? '*';
  useEffect(() => listen((e) => {
    if (key === '*' || key.split(',').includes(e.type)) ref.current(e);
  }), [listen, key]);
}
