/**
 * A token's DOM. The token layer (TokenCanvasLayer.tsx) draws every token; a token's own DOM is
 * either its shell, out of the page's layout (tokens.css), that says what the token is to the
 * page's readers and the e2e tests, or, while it has something a canvas cannot show (drawnInDom:
 * a refusal with its button, the viewer's pending move), the whole token, drawn by the browser.
 */
import { HTMLContainer, stopEventPropagation, useEditor, useValue } from 'tldraw';
import { barFill, MAX_TOKEN_BARS } from './tokenBars';
import { isTokenDetailed, MAX_CONDITION_MARKERS, tokenMetrics } from './tokenMetrics';
import { initials, type TokenShape, type TokenShapeProps } from './tokenShape';
import './tokens.css';

/** The data attributes both DOMs carry: what the token is, for tests and the page's readers. */
function tokenAttributes(props: TokenShapeProps) {
  return {
    'data-testid': 'token',
    'data-token-id': props.tokenId,
    'data-pending': props.pending,
    'data-hidden': props.hidden,
    'data-movable': props.movable,
    'data-rejected': props.rejection !== '',
    'data-turn': props.turn,
  };
}

/**
 * The shell of a token the token layer draws: no layout, no zoom to follow (so a zoom that
 * brings the labels back re-renders none of 2,000 shells), only what the token is: its name,
 * its image and whether the viewer may move it.
 */
export function TokenShell({ shape }: { shape: TokenShape }) {
  const { w, name, image, movable } = shape.props;
  return (
    <HTMLContainer
      className="mt-token"
      {...tokenAttributes(shape.props)}
      data-in-dom={false}
      style={{ width: w, height: w }}
    >
      {image !== '' && <img className="mt-token-image" src={image} alt="" draggable={false} />}
      {!movable && (
        <span className="mt-token-lock" title="You cannot move this token" aria-hidden>
          <LockIcon />
        </span>
      )}
      <span className="mt-token-name">{name}</span>
    </HTMLContainer>
  );
}

/** A token drawn by its own DOM (see drawnInDom): all its parts, and its refusal's button. */
export function TokenView({
  shape,
  onDismiss,
}: {
  shape: TokenShape;
  onDismiss: (tokenId: string) => void;
}) {
  const {
    w,
    name,
    image,
    bars,
    conditions,
    ownerColor,
    movable,
    hidden,
    pending,
    rejection,
    turn,
  } = shape.props;
  const editor = useEditor();
  // A boolean, so tokens draw again only when the zoom crosses the threshold, not on every step.
  const detailed = useValue('token detail', () => isTokenDetailed(w, editor.getZoomLevel()), [
    editor,
    w,
  ]);
  // Page units: these scale with the zoom, like the token.
  const { ring, label, bar: barHeight } = tokenMetrics(w);
  const shown = conditions.slice(0, MAX_CONDITION_MARKERS);
  const more = conditions.length - shown.length;
  return (
    <HTMLContainer
      className="mt-token"
      {...tokenAttributes(shape.props)}
      data-detailed={detailed}
      data-in-dom={true}
      style={{ width: w, height: w, fontSize: label }}
    >
      {/* Whose turn it is (combat): a glowing ring around the disc, under everything else. */}
      {turn && <div className="mt-token-turn" style={{ inset: -ring * 1.5, borderWidth: ring }} />}
      <div
        className="mt-token-disc"
        title={detailed ? undefined : name}
        style={{
          borderWidth: ring,
          borderColor: ownerColor || undefined,
          borderStyle: pending ? 'dashed' : 'solid',
        }}
      >
        {image === '' ? (
          <span className="mt-token-initials" style={{ fontSize: w * 0.36 }}>
            {initials(name)}
          </span>
        ) : (
          <img className="mt-token-image" src={image} alt="" draggable={false} />
        )}
      </div>
      {detailed && bars.length > 0 && (
        <div className="mt-token-bars">
          {bars.slice(0, MAX_TOKEN_BARS).map((bar, index) => (
            <div
              // Bars have no identity beyond their place.
              // biome-ignore lint/suspicious/noArrayIndexKey: a bar's place is its identity
              key={index}
              className="mt-token-bar"
              style={{ height: barHeight }}
              title={`${bar.value} / ${bar.max}`}
            >
              <div
                className="mt-token-bar-fill"
                style={{ width: `${barFill(bar) * 100}%`, background: bar.color }}
              />
            </div>
          ))}
        </div>
      )}
      {detailed && shown.length > 0 && (
        <ul className="mt-token-conditions" aria-label="conditions">
          {shown.map((condition) => (
            <li key={condition} title={condition}>
              {[...condition].slice(0, 2).join('')}
            </li>
          ))}
          {more > 0 && <li title={conditions.slice(shown.length).join(', ')}>+{more}</li>}
        </ul>
      )}
      {detailed && hidden && (
        <span className="mt-token-badge mt-token-hidden" title="Hidden from the players">
          hidden
        </span>
      )}
      {detailed && !movable && (
        <span className="mt-token-lock" title="You cannot move this token" aria-hidden>
          <LockIcon />
        </span>
      )}
      {(detailed || pending) && (
        <div className="mt-token-label" title={name}>
          <span className="mt-token-name">{name}</span>
        </div>
      )}
      {/* Its own pill over the disc: the label is cut to the token's width, and this must show. */}
      {pending && <span className="mt-token-pending">moving…</span>}
      {rejection !== '' && (
        <div className="mt-token-rejection" role="alert">
          <span>{rejection}</span>
          <button
            type="button"
            aria-label="Dismiss"
            onPointerDown={stopEventPropagation}
            onClick={() => onDismiss(shape.props.tokenId)}
          >
            ×
          </button>
        </div>
      )}
    </HTMLContainer>
  );
}

function LockIcon() {
  return (
    <svg width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true">
      <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </svg>
  );
}
