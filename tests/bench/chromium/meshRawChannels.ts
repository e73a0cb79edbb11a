/**
 * The physical floor of the mesh benchmark, in the page: one RTCPeerConnection per other page,
 * each with one ordered, reliable data channel, signalled by the bench driver (offer and answer
 * carried by hand, with every ICE candidate in them), and no ICE servers: the loopback host
 * candidates only, as the app's peers get. Nothing of Meshtable's or Yjs's is on this path.
 */

/** Called with each message a channel delivers, and when it arrived (the shared clock). */
export type RawListener = (from: number, message: string, at: number) => void;

/** Milliseconds on a clock every context of this machine shares. */
export const sharedNow = (): number => performance.timeOrigin + performance.now();

/** The raw data channels of one page to each of the others. */
export class RawChannels {
  readonly #links = new Map<number, { pc: RTCPeerConnection; channel: RTCDataChannel }>();
  readonly #listener: RawListener;

  constructor(listener: RawListener) {
    this.#listener = listener;
  }

  /** Starts the link to `remote` and returns its offer, once every local candidate is in it. */
  async offer(remote: number): Promise<string> {
    const pc = this.#link(remote);
    await pc.setLocalDescription(await pc.createOffer());
    return await gathered(pc);
  }

  /** Takes `remote`'s offer and returns the answer, once every local candidate is in it. */
  async answer(remote: number, offer: string): Promise<string> {
    const pc = this.#link(remote);
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await pc.setLocalDescription(await pc.createAnswer());
    return await gathered(pc);
  }

  /** Takes `remote`'s answer to this page's offer. */
  async accept(remote: number, answer: string): Promise<void> {
    const link = this.#links.get(remote);
    if (link === undefined) throw new Error(`no offer was made to peer ${remote}`);
    await link.pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  /** Resolves once every channel is open; fails after `deadlineMs` naming the peers still closed. */
  async open(deadlineMs: number): Promise<void> {
    const waits = [...this.#links.values()].map(({ channel }) =>
      channel.readyState === 'open'
        ? Promise.resolve()
        : new Promise<void>((resolve) => channel.addEventListener('open', () => resolve())),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const closed = [...this.#links].filter(([, l]) => l.channel.readyState !== 'open');
        reject(new Error(`raw channels to peers ${closed.map(([r]) => r).join(', ')} not open`));
      }, deadlineMs);
    });
    try {
      await Promise.race([Promise.all(waits), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `message` to `remote`. */
  send(remote: number, message: string): void {
    const link = this.#links.get(remote);
    if (link === undefined || link.channel.readyState !== 'open') {
      throw new Error(`no open channel to peer ${remote}`);
    }
    link.channel.send(message);
  }

  /** Sends `message` to every other page, one channel after another. */
  broadcast(message: string): void {
    for (const remote of this.#links.keys()) this.send(remote, message);
  }

  /** Closes every link. */
  close(): void {
    for (const { pc } of this.#links.values()) pc.close();
    this.#links.clear();
  }

  #link(remote: number): RTCPeerConnection {
    if (this.#links.has(remote)) throw new Error(`a link to peer ${remote} exists already`);
    const pc = new RTCPeerConnection({ iceServers: [] });
    // Negotiated on both sides with one id: each side has its channel object at once.
    const channel = pc.createDataChannel('floor', { ordered: true, negotiated: true, id: 0 });
    channel.addEventListener('message', (event: MessageEvent<string>) =>
      this.#listener(remote, event.data, sharedNow()),
    );
    this.#links.set(remote, { pc, channel });
    return pc;
  }
}

/** The local description once ICE gathering is complete (no trickle: one message each way). */
async function gathered(pc: RTCPeerConnection): Promise<string> {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const check = () => {
        if (pc.iceGatheringState !== 'complete') return;
        pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      };
      pc.addEventListener('icegatheringstatechange', check);
    });
  }
  const sdp = pc.localDescription?.sdp;
  if (sdp === undefined) throw new Error('no local description');
  return sdp;
}
