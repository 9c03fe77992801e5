// Moving a photo between groups by dragging it, with a mouse or a finger. Pointer events rather than HTML drag and
// drop, which phones do not offer: a mouse drags once it has moved a few pixels (a plain click still opens the
// photo's menu); a finger drags after a short press (a swipe still scrolls the page). While dragging, a copy of the
// photo follows the pointer, the group under it is highlighted, the page scrolls near its edges, Escape cancels.
// Drop targets carry data-drop-cluster (a group id, or "new" for a new group).
import { createContext, type PointerEvent as ReactPointerEvent, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { ApiImage } from '../../components/api-image.tsx';

export interface DraggedPhoto {
  photoId: string;
  from: string;
  thumb: string;
  name: string;
}

interface DragApi {
  /** The photo being dragged, or null. */
  dragged: DraggedPhoto | null;
  /** The drop target under the pointer (a group id or "new"), or null. */
  over: string | null;
  begin(e: ReactPointerEvent, photo: DraggedPhoto): void;
  /** True once after a drag ended on the photo: its click must not open the menu. */
  consumeClick(): boolean;
}

const Ctx = createContext<DragApi | null>(null);

const MOUSE_SLOP = 6;
const TOUCH_SLOP = 10;
const LONG_PRESS_MS = 350;
const EDGE = 64;

function targetAt(x: number, y: number): string | null {
  const el = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-drop-cluster]');
  return el?.dataset.dropCluster ?? null;
}

export function PhotoDragProvider({ onDrop, children }: { onDrop(photoId: string, from: string, to: string): void; children: ReactNode }) {
  const [dragged, setDragged] = useState<DraggedPhoto | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const ghost = useRef<HTMLDivElement | null>(null);
  const pos = useRef({ x: 0, y: 0 });
  const swallowClick = useRef(false);
  const stop = useRef<(() => void) | null>(null);
  const drop = useRef(onDrop);
  drop.current = onDrop;

  useEffect(() => () => stop.current?.(), []);

  const begin = useCallback((e: ReactPointerEvent, photo: DraggedPhoto) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    stop.current?.();
    swallowClick.current = false;
    const touch = e.pointerType === 'touch';
    const { pointerId } = e;
    const start = { x: e.clientX, y: e.clientY };
    let active = false;
    let overNow: string | null = null;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const place = (x: number, y: number) => {
      pos.current = { x, y };
      if (ghost.current) ghost.current.style.transform = `translate(${x - 28}px, ${y - 28}px)`;
      const t = targetAt(x, y);
      if (t !== overNow) {
        overNow = t;
        setOver(t);
      }
    };
    // Near the top or bottom edge the page scrolls, so a group further down (one column on a phone) can be reached.
    const scroll = () => {
      const { y } = pos.current;
      const dy = y < EDGE ? -Math.ceil((EDGE - y) / 4) : y > innerHeight - EDGE ? Math.ceil((y - innerHeight + EDGE) / 4) : 0;
      if (dy) {
        scrollBy(0, dy);
        place(pos.current.x, pos.current.y);
      }
      frame = requestAnimationFrame(scroll);
    };
    const activate = (x: number, y: number) => {
      active = true;
      setDragged(photo);
      requestAnimationFrame(() => place(x, y));
      frame = requestAnimationFrame(scroll);
      if (touch) navigator.vibrate?.(15);
    };
    const move = (ev: PointerEvent) => {
      if (ev.pointerId !== pointerId) return;
      if (!active) {
        const dist = Math.hypot(ev.clientX - start.x, ev.clientY - start.y);
        if (touch) {
          if (dist > TOUCH_SLOP) cleanup(); // a swipe: the page scrolls as usual
          return;
        }
        if (dist <= MOUSE_SLOP) return;
        activate(ev.clientX, ev.clientY);
      }
      ev.preventDefault();
      place(ev.clientX, ev.clientY);
    };
    const up = (ev: PointerEvent) => {
      if (ev.pointerId !== pointerId) return;
      if (active) {
        swallowClick.current = true;
        const to = targetAt(ev.clientX, ev.clientY);
        if (to && to !== photo.from) drop.current(photo.photoId, photo.from, to);
      }
      cleanup();
    };
    const cancel = (ev: PointerEvent) => {
      if (ev.pointerId === pointerId) cleanup();
    };
    const key = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape' && active) {
        ev.preventDefault();
        swallowClick.current = true;
        cleanup();
      }
    };
    // Once a finger drag has begun, its moves must not scroll the page (touch-action cannot change mid-gesture).
    const noScroll = (ev: TouchEvent) => {
      if (active) ev.preventDefault();
    };
    const noMenu = (ev: Event) => {
      if (touch) ev.preventDefault();
    };
    function cleanup() {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
      removeEventListener('pointermove', move);
      removeEventListener('pointerup', up);
      removeEventListener('pointercancel', cancel);
      removeEventListener('keydown', key, true);
      removeEventListener('touchmove', noScroll);
      removeEventListener('contextmenu', noMenu, true);
      active = false;
      stop.current = null;
      setDragged(null);
      setOver(null);
    }
    addEventListener('pointermove', move);
    addEventListener('pointerup', up);
    addEventListener('pointercancel', cancel);
    addEventListener('keydown', key, true);
    addEventListener('touchmove', noScroll, { passive: false });
    addEventListener('contextmenu', noMenu, true);
    if (touch) timer = setTimeout(() => activate(start.x, start.y), LONG_PRESS_MS);
    stop.current = cleanup;
  }, []);

  const consumeClick = useCallback(() => {
    const s = swallowClick.current;
    swallowClick.current = false;
    return s;
  }, []);

  const value = useMemo(() => ({ dragged, over, begin, consumeClick }), [dragged, over, begin, consumeClick]);
  return (
    <Ctx.Provider value={value}>
      {children}
      {dragged &&
        createPortal(
          <div ref={ghost} aria-hidden="true" data-testid="drag-ghost" className="pointer-events-none fixed left-0 top-0 z-50 size-14 overflow-hidden rounded-md shadow-xl ring-2 ring-primary" style={{ transform: `translate(${pos.current.x - 28}px, ${pos.current.y - 28}px)` }}>
            <ApiImage src={dragged.thumb} alt="" className="size-full" draggable={false} />
          </div>,
          document.body,
        )}
    </Ctx.Provider>
  );
}

export function usePhotoDrag(): DragApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('usePhotoDrag outside PhotoDragProvider');
  return v;
}
