/**
 * A token's disc (its image or initials in a ring of the owner's colour, with its shadow), drawn
 * once per look and screen size into a small canvas, then stamped onto the token layer: a frame
 * of 2,000 tokens is then 2,000 image copies, not 2,000 circles, clips and texts.
 */
import { initials } from './tokenShape';

/** Room around a disc for its shadow, screen px. */
const SPRITE_PAD_PX = 5;

/** The room around a sprite's disc, screen px (whole device pixels). */
export function spritePad(dpr: number): number {
  return Math.ceil(SPRITE_PAD_PX * dpr) / dpr;
}

/** What makes two discs look the same. */
export interface DiscLook {
  readonly name: string;
  /** The image's URL, or '' for initials. */
  readonly image: string;
  /** The ring's colour ('' for the default). */
  readonly ringColor: string;
  /** The ring's width, screen px. */
  readonly ring: number;
  /** Dashed ring: the viewer's own move waits for the GM. */
  readonly dashed: boolean;
  /** The disc's diameter, screen px. */
  readonly side: number;
}

const DEFAULT_RING = '#2b2b2b';
const DISC_FILL = '#6b7280';
const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
/** Sprites not stamped for this many frames are dropped (a zoom leaves every size behind). */
const SPRITE_MAX_AGE_FRAMES = 30;

interface Sprite {
  readonly canvas: HTMLCanvasElement;
  /** Drawn before its image loaded: made again once it has. */
  readonly provisional: boolean;
  used: number;
}

/**
 * The sprites of one token layer, and the images they are made from.
 * @param onImageLoad called when an image has loaded, so the layer draws again
 */
export class TokenSprites {
  readonly #sprites = new Map<string, Sprite>();
  readonly #images = new Map<string, HTMLImageElement>();
  readonly #onImageLoad: () => void;
  #frame = 0;

  constructor(onImageLoad: () => void) {
    this.#onImageLoad = onImageLoad;
  }

  /** Starts a frame; sprites unused for a while are let go. */
  beginFrame(): void {
    this.#frame++;
    if (this.#frame % SPRITE_MAX_AGE_FRAMES !== 0) return;
    for (const [key, sprite] of this.#sprites) {
      if (this.#frame - sprite.used > SPRITE_MAX_AGE_FRAMES) this.#sprites.delete(key);
    }
  }

  /** The sprite of a disc at `dpr` device pixels per screen px, padded by {@link spritePad}. */
  disc(look: DiscLook, dpr: number): HTMLCanvasElement {
    const side = Math.max(1, Math.round(look.side * dpr));
    const key = `${look.image}|${look.image === '' ? initials(look.name) : ''}|${look.ringColor}|${look.dashed}|${side}|${Math.round(look.ring * dpr)}`;
    const image = look.image === '' ? null : this.#image(look.image);
    const ready = image === null || (image.complete && image.naturalWidth > 0);
    const cached = this.#sprites.get(key);
    if (cached !== undefined && !(cached.provisional && ready)) {
      cached.used = this.#frame;
      return cached.canvas;
    }
    const canvas = drawDisc(look, side, dpr, ready ? image : null);
    this.#sprites.set(key, { canvas, provisional: !ready, used: this.#frame });
    return canvas;
  }

  /** Lets every sprite and image go (the layer unmounts). */
  clear(): void {
    this.#sprites.clear();
    for (const image of this.#images.values()) image.onload = null;
    this.#images.clear();
  }

  #image(url: string): HTMLImageElement {
    const known = this.#images.get(url);
    if (known !== undefined) return known;
    const image = new Image();
    image.decoding = 'async';
    image.onload = () => this.#onImageLoad();
    image.src = url;
    this.#images.set(url, image);
    return image;
  }
}

function drawDisc(
  look: DiscLook,
  side: number,
  dpr: number,
  image: HTMLImageElement | null,
): HTMLCanvasElement {
  const pad = Math.ceil(SPRITE_PAD_PX * dpr);
  const canvas = document.createElement('canvas');
  canvas.width = side + 2 * pad;
  canvas.height = side + 2 * pad;
  const context = canvas.getContext('2d');
  if (context === null) return canvas;
  const r = side / 2;
  const centre = pad + r;
  const ring = Math.min(r, Math.max(1, look.ring * dpr));
  // The disc and its shadow (as the DOM token's box-shadow: 0 1px 4px).
  context.save();
  context.shadowColor = 'rgb(0 0 0 / 0.35)';
  context.shadowBlur = 4 * dpr;
  context.shadowOffsetY = dpr;
  context.beginPath();
  context.arc(centre, centre, r, 0, 2 * Math.PI);
  context.fillStyle = DISC_FILL;
  context.fill();
  context.restore();
  if (image !== null) {
    context.save();
    context.beginPath();
    context.arc(centre, centre, r - ring / 2, 0, 2 * Math.PI);
    context.clip();
    drawCover(context, image, pad, pad, side);
    context.restore();
  } else {
    const text = initials(look.name);
    context.font = `700 ${Math.max(1, side * 0.36)}px ${FONT_STACK}`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillStyle = '#fff';
    context.shadowColor = 'rgb(0 0 0 / 0.5)';
    context.shadowBlur = 2 * dpr;
    context.shadowOffsetY = dpr;
    context.fillText(text, centre, centre + side * 0.02);
    context.shadowColor = 'transparent';
  }
  context.beginPath();
  context.arc(centre, centre, r - ring / 2, 0, 2 * Math.PI);
  context.lineWidth = ring;
  context.strokeStyle = look.ringColor || DEFAULT_RING;
  if (look.dashed) context.setLineDash([ring * 2, ring * 1.5]);
  context.stroke();
  return canvas;
}

/** Draws `image` over a `side`-square at (x, y), cropped to cover it (CSS `object-fit: cover`). */
function drawCover(
  context: CanvasRenderingContext2D,
  image: HTMLImageElement,
  x: number,
  y: number,
  side: number,
): void {
  const { naturalWidth: w, naturalHeight: h } = image;
  const crop = Math.min(w, h);
  context.drawImage(image, (w - crop) / 2, (h - crop) / 2, crop, crop, x, y, side, side);
}
