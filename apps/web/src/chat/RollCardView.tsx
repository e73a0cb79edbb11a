/**
 * A roll card in the chat: the GM's answer to a post's intent (packages/campaign readRollCard),
 * with every die, the total, what the game system made of it, and whether it is verified. All
 * of it is text: the card draws what the receipt says, never markup from it.
 */
import {
  fromYValue,
  type RollCard,
  type RollCardDie,
  type RollCardSources,
  type RollCardTrust,
  readRollCard,
} from '@meshtable/campaign';
import type { DiceCommitment, GmKeys } from '@meshtable/schema';
import { intentLogName, TABLE_MAPS } from '@meshtable/schema';
import { useMemo } from 'react';
import type * as Y from 'yjs';

/** Props of {@link RollCardView}. */
export interface RollCardViewProps {
  readonly table: Y.Doc;
  /** The post's author: their log holds the intent. */
  readonly author: string;
  readonly intentId: string;
  /** What the card is for, as the author wrote it (a label, a command line); plain text. */
  readonly caption: string;
  readonly commitment: DiceCommitment | undefined;
  readonly gmKeys: Readonly<GmKeys> | null;
  readonly moduleRolls: boolean | undefined;
  /** Changes with the table doc, so the card is read again. */
  readonly version: number;
}

/** One roll card; see the file's comment. */
export function RollCardView(props: RollCardViewProps) {
  const { table, author, intentId, commitment, gmKeys, moduleRolls, version } = props;
  const { card, notation } = useMemo(() => {
    void version;
    // Only the entries with this id: the one the receipt answers is among them.
    const intents = table
      .getArray<unknown>(intentLogName(author))
      .toArray()
      .filter((entry) => (entry as { id?: unknown } | null)?.id === intentId);
    const receipt = fromYValue(table.getMap<unknown>(TABLE_MAPS.receipts).get(intentId));
    const sources = {
      receipt,
      intents,
      commitment,
      gmKeys,
      ...(moduleRolls === undefined ? {} : { moduleRolls }),
    };
    return { card: cachedCard(sources), notation: requestedNotation(intents, intentId) };
  }, [table, author, intentId, commitment, gmKeys, moduleRolls, version]);

  return (
    <section
      className={`mt-roll-card mt-roll-card-${card.status}`}
      data-testid="roll-card"
      data-status={card.status}
      data-trust={'trust' in card ? card.trust.level : 'none'}
      aria-label={`Roll: ${props.caption || notation || 'dice'}`}
    >
      {props.caption !== '' && <p className="mt-roll-caption">{props.caption}</p>}
      <CardBody card={card} notation={notation} />
    </section>
  );
}

function CardBody({
  card,
  notation,
}: {
  readonly card: RollCard;
  readonly notation: string | null;
}) {
  switch (card.status) {
    case 'pending':
      return (
        <p className="mt-hint" data-testid="roll-pending">
          {notation === null ? 'Waiting for the GM…' : `${notation}: waiting for the GM…`}
        </p>
      );
    case 'invalid':
      return (
        <p className="mt-error" data-testid="roll-invalid">
          This answer cannot be read: {card.reason}
        </p>
      );
    case 'rejected':
      return (
        <>
          <p className="mt-error" data-testid="roll-rejected">
            Refused: {card.reason}
          </p>
          <TrustMark trust={card.trust} />
        </>
      );
    case 'applied':
      return (
        <>
          {card.message !== null && (
            <p className="mt-roll-message" data-testid="roll-message">
              {card.message}
            </p>
          )}
          {card.terms.map((term, termIndex) => (
            <div
              // Terms have no id; their order in a roll never changes.
              // biome-ignore lint/suspicious/noArrayIndexKey: a roll's terms are fixed
              key={termIndex}
              className="mt-roll-term"
              data-testid="roll-term"
            >
              <span className="mt-roll-notation">
                {term.notation}
                {term.label === null ? '' : ` [${term.label}]`}
              </span>
              <ul className="mt-dice" aria-label={`Dice of ${term.notation}`}>
                {term.dice.map((die, dieIndex) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a roll's dice are fixed
                  <DieView key={dieIndex} die={die} />
                ))}
              </ul>
            </div>
          ))}
          {(card.total !== null || card.text !== null) && (
            <p className="mt-roll-total">
              {card.notation !== null && <span className="mt-roll-notation">{card.notation} </span>}
              {card.total !== null && (
                <>
                  total <strong data-testid="roll-total">{card.total}</strong>
                </>
              )}
            </p>
          )}
          {card.facts.length > 0 && (
            <dl className="mt-roll-facts" data-testid="roll-facts">
              {card.facts.map((fact) => (
                <div key={fact.name}>
                  <dt>{fact.name}</dt>
                  <dd>{fact.value}</dd>
                </div>
              ))}
            </dl>
          )}
          <TrustMark trust={card.trust} />
        </>
      );
  }
}

/** A die: its face, and in words what happened to it (the look alone is not enough). */
function DieView({ die }: { readonly die: RollCardDie }) {
  const states = [
    die.kept ? null : 'dropped',
    die.exploded ? 'exploded' : null,
    die.success ? 'success' : null,
    die.failure ? 'failure' : null,
    die.critical === null ? null : `critical ${die.critical}`,
    die.rerolls.length > 0 ? `rerolled from ${die.rerolls.join(', ')}` : null,
  ].filter((state): state is string => state !== null);
  const sides = die.sides === 'F' ? 'dF' : `d${die.sides}`;
  const classes = ['mt-die', die.kept ? 'mt-die-kept' : 'mt-die-dropped'];
  if (die.exploded) classes.push('mt-die-exploded');
  if (die.critical !== null) classes.push(`mt-die-critical-${die.critical}`);
  return (
    <li
      className={classes.join(' ')}
      data-testid="die"
      data-kept={die.kept}
      data-exploded={die.exploded}
      data-sides={die.sides}
      aria-label={`${sides}: ${die.value}${states.length > 0 ? `, ${states.join(', ')}` : ''}`}
      title={`${sides}${states.length > 0 ? `: ${states.join(', ')}` : ''}`}
    >
      {die.value}
      {die.exploded && <span aria-hidden="true">!</span>}
    </li>
  );
}

function TrustMark({ trust }: { readonly trust: RollCardTrust }) {
  switch (trust.level) {
    case 'verified':
      return (
        <p className="mt-roll-trust mt-roll-verified" data-testid="roll-verified">
          ✓ verified: signed by the GM, dice recomputed from the revealed seed
        </p>
      );
    case 'signed':
      return (
        <p className="mt-roll-trust mt-roll-signed" data-testid="roll-signed">
          ✓ signed by the GM (no dice to check)
        </p>
      );
    case 'unverified':
      return (
        <p className="mt-roll-trust mt-roll-unverified" data-testid="roll-unverified">
          ⚠ not verified: {trust.reason}
        </p>
      );
  }
}

/** Cards already read, by everything they were read from: checking one verifies signatures. */
const CARD_CACHE = new Map<string, RollCard>();
/** Cards kept at most; the oldest go first. */
const MAX_CACHED_CARDS = 1000;

/**
 * {@link readRollCard}, from the cache when nothing it reads has changed: the panel reads its
 * cards again whenever the logs or receipts change, and an evening has hundreds of cards.
 */
function cachedCard(sources: RollCardSources): RollCard {
  const key = JSON.stringify([
    sources.receipt ?? null,
    sources.intents,
    sources.commitment ?? null,
    sources.gmKeys,
    sources.moduleRolls ?? null,
  ]);
  let card = CARD_CACHE.get(key);
  if (card === undefined) {
    card = readRollCard(sources);
    if (CARD_CACHE.size >= MAX_CACHED_CARDS) {
      CARD_CACHE.delete(CARD_CACHE.keys().next().value as string);
    }
    CARD_CACHE.set(key, card);
  }
  return card;
}

/** The notation of the intent a card is for, to show while it waits. */
function requestedNotation(intents: readonly unknown[], intentId: string): string | null {
  for (const entry of intents) {
    const intent = entry as { id?: unknown; payload?: { notation?: unknown } } | null;
    if (intent?.id === intentId && typeof intent.payload?.notation === 'string') {
      return intent.payload.notation;
    }
  }
  return null;
}
