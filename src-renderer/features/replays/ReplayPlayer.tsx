/**
 * The rrweb player of a replay: Sentry's frontend replays recordings with rrweb's `Replayer`, which
 * rebuilds the recorded DOM in an iframe it sandboxes (`allow-same-origin`, no `allow-scripts`: the
 * recorded page's scripts never run) and which, being `about:blank`, keeps the app's CSP — no script,
 * and no image, style sheet or font from another host, is loaded. Play/pause, a scrubber with the
 * current time, and the speed; `seekTo` (a breadcrumb or error clicked beside it) moves the player.
 * Loaded on its own (`React.lazy`): rrweb is only fetched when a replay is opened.
 */
import { Replayer } from '@sentry-internal/rrweb';
import '@sentry-internal/rrweb/dist/style.css';
import { useEffect, useRef, useState } from 'react';
import { formatPlayerTime } from './format.ts';

export const SPEEDS = [0.5, 1, 2, 4, 8] as const;

type ReplayerEvents = ConstructorParameters<typeof Replayer>[0];

export interface PlayerProps {
  events: unknown[];
  /** Absolute time (ms since the epoch) to move to, with a counter so that the same time seeks again. */
  seek: { at: number; count: number } | null;
  /** Called once the player has been built from `events`. */
  onOpen?: () => void;
}

function useReplayer(events: unknown[], host: React.RefObject<HTMLDivElement | null>) {
  const [replayer, setReplayer] = useState<Replayer | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const root = host.current;
    if (!root) return;
    let created: Replayer | null = null;
    try {
      created = new Replayer(events as ReplayerEvents, {
        root,
        mouseTail: false,
        showWarning: false,
        skipInactive: false,
        triggerFocus: false,
        UNSAFE_replayCanvas: false,
      });
      created.pause(0);
      setReplayer(created);
      setError(null);
    } catch (cause) {
      setError(`The recording cannot be played: ${(cause as Error).message}`);
    }
    return () => {
      created?.destroy();
      root.replaceChildren();
      setReplayer(null);
    };
  }, [events, host]);
  return { replayer, error };
}

/** Fits the recorded viewport into the frame's width. */
function useScale(replayer: Replayer | null, frame: React.RefObject<HTMLDivElement | null>) {
  const [scale, setScale] = useState(1);
  useEffect(() => {
    const box = frame.current;
    if (!replayer || !box) return;
    const fitToWidth = () => {
      const width = Number(replayer.iframe.width) || box.clientWidth;
      setScale(Math.min(1, box.clientWidth / width));
    };
    fitToWidth();
    const observer = new ResizeObserver(fitToWidth);
    observer.observe(box);
    replayer.on('resize', fitToWidth);
    return () => observer.disconnect();
  }, [replayer, frame]);
  return scale;
}

export default function ReplayPlayer({ events, seek, onOpen }: PlayerProps) {
  const host = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const { replayer, error } = useReplayer(events, host);
  useEffect(() => {
    if (replayer) onOpen?.();
  }, [replayer, onOpen]);
  const scale = useScale(replayer, frame);
  const [playing, setPlaying] = useState(false);
  // Read by a seek, which must not run again when play state changes.
  const playingNow = useRef(false);
  playingNow.current = playing;
  const [speed, setSpeed] = useState<number>(1);
  const [current, setCurrent] = useState(0);
  const meta = replayer?.getMetaData();
  const total = meta?.totalTime ?? 0;

  useEffect(() => {
    if (!replayer) return;
    const finished = () => setPlaying(false);
    replayer.on('finish', finished);
    let frameId = 0;
    const tick = () => {
      const time = Math.min(replayer.getCurrentTime(), replayer.getMetaData().totalTime);
      setCurrent(time);
      frameId = requestAnimationFrame(tick);
    };
    frameId = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frameId);
  }, [replayer]);

  useEffect(() => {
    if (!replayer || !seek) return;
    const { startTime, totalTime } = replayer.getMetaData();
    const offset = Math.max(0, Math.min(seek.at - startTime, totalTime));
    if (playingNow.current) replayer.play(offset);
    else replayer.pause(offset);
    setCurrent(offset);
  }, [replayer, seek]);

  const toggle = () => {
    if (!replayer) return;
    if (playing) replayer.pause();
    else replayer.play(current >= total ? 0 : current);
    setPlaying(!playing);
  };
  const scrub = (offset: number) => {
    if (!replayer) return;
    if (playing) replayer.play(offset);
    else replayer.pause(offset);
    setCurrent(offset);
  };
  const changeSpeed = (next: number) => {
    setSpeed(next);
    replayer?.setConfig({ speed: next });
  };

  return (
    <div className="replay-player" data-testid="replay-player">
      {error && (
        <p className="error-note" role="alert">
          {error}
        </p>
      )}
      <div className="replay-frame" ref={frame}>
        <div
          className="replay-host"
          ref={host}
          data-testid="replay-host"
          style={{ transform: `scale(${scale})`, transformOrigin: 'top left' }}
        />
      </div>
      <div className="replay-controls">
        <button type="button" onClick={toggle} disabled={!replayer} data-testid="replay-play">
          {playing ? 'Pause' : 'Play'}
        </button>
        <input
          type="range"
          aria-label="Replay time"
          min={0}
          max={total}
          step={10}
          value={current}
          disabled={!replayer}
          onChange={(event) => scrub(Number(event.target.value))}
        />
        <span className="replay-time" data-testid="replay-time">
          {formatPlayerTime(current)} / {formatPlayerTime(total)}
        </span>
        <label>
          Speed{' '}
          <select value={speed} onChange={(event) => changeSpeed(Number(event.target.value))}>
            {SPEEDS.map((value) => (
              <option key={value} value={value}>
                {value}×
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
