import type { RegistryEntry } from '../entry.js';
import { eventTape, type EventTapeProperty, type EventTapeVariant } from './eventTape.js';

const PROPERTY: Record<EventTapeProperty, string> = {
  'final-is-last': 'final is last (exactly one final, and nothing after it)',
  'tape-matches-row': "the final's status equals the row's terminal status",
  'no-strand': 'every submitted task ends terminal',
};

function row(variant: EventTapeVariant, property: EventTapeProperty, expect: 'fails' | 'passes', runs: number, restart = false): RegistryEntry {
  return {
    scenario: eventTape({ variant, property, restart }),
    case: 'B',
    variant: restart ? `${variant}+restart` : variant,
    property: restart ? `${PROPERTY[property]}, after a modelled server restart` : PROPERTY[property],
    expect,
    options: { runs },
  };
}

/** Case B — event-tape: a cancelled runner's late write lands after `final` (PR #258). */
export const entries: RegistryEntry[] = [
  row('before', 'final-is-last', 'fails', 500),
  row('before', 'tape-matches-row', 'passes', 20_000),
  row('before', 'no-strand', 'fails', 500),
  row('before', 'no-strand', 'passes', 5_000, true),
  row('after', 'final-is-last', 'passes', 20_000),
  row('after', 'tape-matches-row', 'passes', 20_000),
  row('after', 'no-strand', 'fails', 500),
  row('after', 'no-strand', 'passes', 5_000, true),
];
