/**
 * Everyone's cursors and pings on the board, in scene pixels but at a constant size on the
 * screen: a cursor is an arrow in its member's colour with their name, fading once it has not
 * moved for a while; a ping is a ring that grows and fades a few times, with the pinger's name.
 * Names are members' names from the table doc, shown as text, never as HTML.
 */
import type { Scene } from '@meshtable/schema';
import { useEffect, useState } from 'react';
import { useValue } from 'tldraw';
import type { ShownPing } from './BoardTools';
import type { DrawnCursor } from './drawnTypes';

/** What the layers read of the board's tools. */
export interface PresenceLayersHost {
  readonly view: { get(): { readonly scene: Scene | null } };
  readonly pings: { get(): readonly ShownPing[] };
  drawnCursors(): DrawnCursor[];
}

/** How long a still cursor stays fully shown, in ms; then it fades. */
export const CURSOR_IDLE_MS = 10_000;

/** The pings on the viewed scene. */
export function PingLayer({ host }: { host: PresenceLayersHost }) {
  const sceneId = useValue('mt ping scene', () => host.view.get().scene?.id ?? null, [host]);
  const pings = useValue('mt pings', () => host.pings.get(), [host]);
  const shown = pings.filter((ping) => ping.sceneId === sceneId);
  return (
    <>
      {shown.map((ping) => (
        <div
          key={ping.key}
          className={ping.pull ? 'mt-ping mt-ping--pull' : 'mt-ping'}
          data-testid="ping"
          data-name={ping.name}
          data-pull={ping.pull}
          style={{ left: ping.x, top: ping.y, color: ping.color }}
        >
          <div className="mt-ping__scale">
            <span className="mt-ping__ring" />
            <span className="mt-ping__ring mt-ping__ring--late" />
            <span className="mt-ping__dot" />
            <span className="mt-ping__name">
              {ping.pull ? `${ping.name}: look here` : ping.name}
            </span>
          </div>
        </div>
      ))}
    </>
  );
}

/** Everyone else's cursors on the viewed scene. */
export function CursorLayer({ host }: { host: PresenceLayersHost }) {
  const cursors = useValue('mt cursors', () => host.drawnCursors(), [host]);
  // Re-render now and then so that still cursors fade without anything else changing.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 2000);
    return () => clearInterval(timer);
  }, []);
  return (
    <>
      {cursors.map((cursor) => (
        <div
          key={cursor.key}
          className={
            now - cursor.movedAt > CURSOR_IDLE_MS ? 'mt-cursor mt-cursor--idle' : 'mt-cursor'
          }
          data-testid="cursor"
          data-name={cursor.name}
          style={{ transform: `translate(${cursor.x}px, ${cursor.y}px)`, color: cursor.color }}
        >
          <div className="mt-cursor__scale">
            <svg
              className="mt-cursor__arrow"
              viewBox="0 0 16 16"
              width="16"
              height="16"
              aria-hidden="true"
            >
              <path d="M1 1 L1 13 L4.5 9.5 L7 15 L9 14 L6.5 8.5 L11.5 8.5 Z" />
            </svg>
            <span className="mt-cursor__name">{cursor.name}</span>
          </div>
        </div>
      ))}
    </>
  );
}
