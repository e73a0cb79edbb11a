/**
 * The table's ambient audio, in its own section of the board's dock: every member hears the
 * track the GM plays, where the GM's table is in it, and may mute it on their own device. The
 * GM picks a track among the library's audio files, plays, pauses, stops, loops and sets the
 * volume, from any GM device; those go to the table doc (ambientAudio.ts `playForTable`: from a
 * device that does not run the table, through the one that does, the panel saying so until it
 * answers), and every player follows the record.
 */
import type { AudioState } from '@meshtable/schema';
import { useId, useState } from 'react';
import { AUDIO_TYPES } from '../assets';
import { useLibrary } from '../assets/useLibrary';
import { useInitiallyOpen } from '../board/campaignBoard/useInitiallyOpen';
import type { CampaignSession } from '../campaign/CampaignSession';
import { SentEditStatus } from '../campaign/SentEditStatus';
import { useCampaignSessionState } from '../campaign/useCampaignSession';
import { useSentEdits } from '../campaign/useSentEdits';
import { ambientSteps, playForTable } from './ambientAudio';
import { useLocalMute } from './localMute';
import { type AmbientPlayer, useAmbientPlayer } from './useAmbientPlayer';
import './audio.css';

/** The Audio panel: see the file's comment. */
export function AudioPanel({ session }: { readonly session: CampaignSession }) {
  const open = useInitiallyOpen();
  const role = useCampaignSessionState(session).role;
  const [muted, setMuted] = useLocalMute();
  const player = useAmbientPlayer(session.table, session.assetRelay.url, muted);
  const state = player.read.ok ? player.read.state : null;
  const muteId = useId();
  return (
    <details
      className="mt-panel mt-audio-panel"
      open={open || player.blocked}
      data-testid="audio-panel"
    >
      <summary>
        Audio
        <span className="mt-panel-summary-note" data-testid="audio-summary">
          {' '}
          · {describe(state)}
        </span>
      </summary>
      {/* Never shown: the panel is its controls. The player sets its source and data-track. */}
      {/* biome-ignore lint/a11y/useMediaCaption: ambience and music, with no words to caption */}
      <audio ref={player.element} preload="auto" data-testid="ambient-audio" data-track="" />
      {player.blocked && (
        <div className="mt-audio-blocked" role="alert">
          <p>Your browser waits for a click before it plays the table’s sound.</p>
          <button
            type="button"
            className="mt-button mt-primary"
            data-testid="enable-sound"
            onClick={player.enable}
          >
            Enable sound
          </button>
        </div>
      )}
      <p data-testid="audio-now" data-playing={state?.playing ?? false}>
        {nowText(state)}
      </p>
      <label className="mt-check" htmlFor={muteId}>
        <input
          id={muteId}
          type="checkbox"
          checked={muted}
          data-testid="audio-mute"
          onChange={(event) => setMuted(event.target.checked)}
        />
        Mute on this device
      </label>
      {!player.read.ok && (
        <p className="mt-error" role="alert">
          {player.read.problem}
        </p>
      )}
      {player.problem !== null && (
        <p className="mt-error" role="alert" data-testid="audio-problem">
          {player.problem}
        </p>
      )}
      {role === 'gm' && state !== null && (
        <AudioControls session={session} state={state} player={player} />
      )}
    </details>
  );
}

function describe(state: AudioState | null): string {
  if (state === null || state.track === null) return 'silent';
  return state.playing ? `playing ${state.name ?? 'a track'}` : 'paused';
}

function nowText(state: AudioState | null): string {
  if (state === null || state.track === null) return 'Nothing is playing.';
  const name = state.name ?? 'A track';
  if (!state.playing) return `Paused: ${name}.`;
  return `Now playing: ${name}${state.loop ? ' (looping)' : ''}.`;
}

/** The GM's controls. */
function AudioControls({
  session,
  state,
  player,
}: {
  readonly session: CampaignSession;
  readonly state: AudioState;
  readonly player: AmbientPlayer;
}) {
  const tracks = useLibrary(session).filter((asset) => AUDIO_TYPES.includes(asset.type));
  const [problem, setProblem] = useState<string | null>(null);
  const sent = useSentEdits();
  const ids = { track: useId(), volume: useId(), loop: useId() };
  const write = (next: AudioState) => {
    try {
      sent.edits.track('change the audio', playForTable(session, next));
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const now = () => Date.now();
  const choose = (sha256: string) => {
    const track = tracks.find((asset) => asset.sha256 === sha256);
    if (track !== undefined) write(ambientSteps.choose(state, track.sha256, track.name, now()));
  };
  return (
    <fieldset className="mt-audio-controls" data-testid="audio-controls">
      <legend>Play for the table</legend>
      {tracks.length === 0 ? (
        <p className="mt-hint">Add an mp3, ogg or wav file to the library to play it here.</p>
      ) : (
        <label className="mt-field" htmlFor={ids.track}>
          <span>Track</span>
          <select
            id={ids.track}
            data-testid="audio-track"
            value={state.track ?? ''}
            onChange={(event) => choose(event.target.value)}
          >
            <option value="" disabled>
              Choose a track…
            </option>
            {tracks.map((track) => (
              <option key={track.sha256} value={track.sha256}>
                {track.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="mt-panel-actions">
        <button
          type="button"
          className="mt-button"
          data-testid="audio-play"
          disabled={state.track === null}
          onClick={() =>
            write(
              state.playing
                ? ambientSteps.pause(state, now(), player.duration())
                : ambientSteps.play(state, now(), player.duration()),
            )
          }
        >
          {state.playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className="mt-button"
          data-testid="audio-stop"
          disabled={state.track === null}
          onClick={() => write(ambientSteps.stop(state, now()))}
        >
          Stop
        </button>
      </div>
      <label className="mt-check" htmlFor={ids.loop}>
        <input
          id={ids.loop}
          type="checkbox"
          checked={state.loop}
          data-testid="audio-loop"
          onChange={(event) =>
            write(ambientSteps.setLoop(state, event.target.checked, now(), player.duration()))
          }
        />
        Loop
      </label>
      <label className="mt-field" htmlFor={ids.volume}>
        <span>Volume for everyone: {Math.round(state.volume * 100)} %</span>
        <input
          id={ids.volume}
          type="range"
          min={0}
          max={100}
          step={5}
          value={Math.round(state.volume * 100)}
          data-testid="audio-volume"
          onChange={(event) =>
            write(ambientSteps.setVolume(state, Number(event.target.value) / 100))
          }
        />
      </label>
      {problem !== null && (
        <p className="mt-error" role="alert">
          {problem}
        </p>
      )}
      <SentEditStatus edits={sent.edits} state={sent.state} testId="audio" />
    </fieldset>
  );
}
